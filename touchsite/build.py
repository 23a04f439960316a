"""The build as a list of stages: check (load, validate, analyze: `touchsite.pipeline`),
compare with an older revision if asked, render, write.

Gather everything first, in memory, then write; a problem in any stage stops the build
before the previous site is touched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack, nullcontext
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import jinja2

from touchsite.analyze.report import Report
from touchsite.analyze.revisions import Comparison
from touchsite.beside import forks_safely, offered_beside
from touchsite.cache import Cache
from touchsite.collector import held_off
from touchsite.compare import changes_since
from touchsite.errors import Problem, UserError, raise_if_strict
from touchsite.load.quality import as_problems
from touchsite.models import Project
from touchsite.pipeline import check
from touchsite.project import Loaded
from touchsite.render.linkcheck import check_links
from touchsite.render.markdown import Ahead, rendered_ahead
from touchsite.render.site import Site, render_pages
from touchsite.render.template_problems import template_problem, undecodable_template
from touchsite.write.search import search_prepared
from touchsite.write.site import recover, replaceable, unwritten, write_site


@dataclass
class BuildResult:
    report: Report
    files: dict[str, bytes]
    warnings: list[Problem] = field(default_factory=list)
    comparison: Comparison | None = None
    # page -> the content files whose Markdown bodies it shows
    shown: dict[str, frozenset[str]] = field(default_factory=dict)
    # the copies of the project's files that the bodies show or link (see Site._files_shown)
    published: frozenset[str] = frozenset()


def build(
    root: Path,
    out_dir: Path | None = None,
    *,
    strict: bool = False,
    write: bool = True,
    cache: Cache | None = None,
    compare_with: str | None = None,
    search: bool = True,
    loaded: Callable[[], Loaded] | None = None,
    then_exits: bool = False,
) -> BuildResult:
    """Check, render and (unless `write` is false) write the site.

    Links that do not resolve and data rows left out are warnings; `strict` (or `strict: true`
    in touchsite.yml) makes them errors, so nothing is written.
    With `compare_with` (or the key in touchsite.yml), a git revision, it gets a changes page.
    `search=False` leaves the search index to the caller (the preview builds it after the
    reload, so an edit shows sooner). `loaded`: the project read ahead (see `check`).
    `then_exits`: the process ends after this build (a command's), so nothing counts what the
    build keeps for a later collection (see `held_off`).
    """
    target = out_dir if out_dir is not None else root.resolve() / "site"
    refused: list[Problem] = []
    if write:
        recover(target)  # what a killed build left, even when this one fails
        try:
            replaceable(target)
        except UserError as error:  # said with the project's problems, all at once
            refused = error.problems
    with ExitStack() as beside:
        ahead = _BodiesAhead(beside)
        try:
            report = check(root, cache, loaded=loaded, project_read=ahead.start)
        except UserError as error:
            if not refused:
                raise
            raise UserError.of([*refused, *error.problems]) from None
        if refused:
            raise UserError.of(refused)
        comparison = changes_since(report, compare_with)
        bodies = ahead.taken()
    # the report stays to the end: no collection walks it again (see `held_off`)
    with held_off(counted=not then_exits):
        site = Site(report, comparison, ahead=bodies)
        # Pagefind reads the searched pages while the touchpoint pages are rendered, the links
        # checked and the files written
        with search_prepared(target) if write and search else nullcontext() as searching:
            started = searching.start if searching is not None else None
            rendered = render(site, root, started=started)
            result = links_checked(site, rendered, root, strict)
            if write:
                finish, folder = (searching.finish, searching.folder) if searching else (None, None)
                try:
                    write_site(result.files, target, finish=finish, finish_in=folder)
                except OSError as error:
                    raise unwritten(error, target) from None
    return result


# From this many touchpoints on, the bodies' HTML is made beside the data stage (as the
# touchpoint pages are rendered by workers from 100 on: below, a fork costs what it saves)
BODIES_AHEAD_FROM = 100


class _BodiesAhead:
    """The Markdown bodies' HTML made beside the data stage and the analysis, in a forked
    process at a low priority (`offered_beside`), which mostly takes the time the data
    stage's two processes leave a core idle; the render takes what is made by its start,
    and parses the rest itself."""

    def __init__(self, stack: ExitStack) -> None:
        self.stack = stack
        self.made: Callable[[], Ahead | None] = lambda: None

    def start(self, project: Project) -> None:
        fork = len(project.touchpoints) >= BODIES_AHEAD_FROM and forks_safely()
        self.made = self.stack.enter_context(
            offered_beside(partial(rendered_ahead, project), fork, "Markdown bodies")
        )

    def taken(self) -> Ahead:
        return self.made() or {}


def render_checked(
    site: Site,
    root: Path,
    strict: bool = False,
    previous: BuildResult | None = None,
    pages_read: dict[bytes, object] | None = None,
    workers: int | None = None,
) -> BuildResult:
    """Render `site`, then check the whole site's links; raise UserError if that fails.

    A site that renders some pages only (a preview's, after an edit) is laid over the
    `previous` build, whose other pages stay as they are. `pages_read`: see `check_links`;
    `workers`: see `render_pages`.
    """
    return links_checked(site, render(site, root, workers), root, strict, previous, pages_read)


def render(
    site: Site,
    root: Path,
    workers: int | None = None,
    started: Callable[[Iterator[tuple[str, bytes]]], object] | None = None,
) -> dict[str, bytes]:
    """The files of `site` (see `render_pages`); a template's mistake is a UserError."""
    try:
        return render_pages(site, workers, started)
    except jinja2.TemplateError as error:
        problem = template_problem(error, root)
        if problem is None:
            raise
        raise UserError.of([problem]) from None
    except UnicodeDecodeError:
        problem = undecodable_template(root)
        if problem is None:
            raise
        raise UserError.of([problem]) from None


def links_checked(
    site: Site,
    rendered: dict[str, bytes],
    root: Path,
    strict: bool = False,
    previous: BuildResult | None = None,
    pages_read: dict[bytes, object] | None = None,
) -> BuildResult:
    """The build of `site`, its `rendered` files laid over the `previous` build's, once the
    whole site's links are checked; a UserError if that fails (see `render_checked`)."""
    files, shown = rendered, site.shown
    if previous is not None:
        # a file an edited body no longer links is gone, as from a full build
        gone = previous.published
        kept = {path: data for path, data in previous.files.items() if path not in gone}
        files = dict(sorted({**kept, **rendered}.items()))
        shown = {**previous.shown, **site.shown}
    report = site.report
    read = {} if pages_read is None else pages_read
    read.update(site.links_read)
    warnings = as_problems(report.feedback.quality) + check_links(
        files,
        root.resolve(),
        pages_read=read,
        data_files=site.data_files,
        unread=site.unread,
        published=site.copied_from,
    )
    if errors := [problem for problem in warnings if problem.level == "error"]:
        raise UserError.of(errors)
    raise_if_strict(warnings, strict or report.project.config.strict)
    return BuildResult(report, files, warnings, site.comparison, shown, site.published)
