"""A live preview's rebuilds: after an edit that leaves the analysis's inputs as they were,
the last analysis with the new documents put in place, rendered again.

The analysis reads only part of what a content file holds (`SHOWN_ONLY` lists the rest):
never a Markdown body, which reaches the site only through render's `markdown` filter and
the check of the figures written in it, and not the front-matter fields that are only shown
(a title, an owner, a due date...). So when an edit leaves the analysis's inputs as they
were (and touchsite.yml, data and templates too), the last analysis still holds, with the new
documents put in the place of the old ones. After an edit of bodies alone, only the pages
whose rendering showed an edited body are rendered again; after an edit of shown front
matter, every page (a title shows on the map, in journeys, in lists, in every page's
navigation). Any other edit is a full build, through the preview's cache. With
`compare_with`, the revision compared with is read once while it names the same commit (an
edit of the working tree leaves it as it was), and compared with the edited project again:
the changes page is rendered too. Either way the result is the site a full build makes, and
only files whose bytes changed are written: the browser keeps what it has cached.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import typing
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from touchsite import git
from touchsite.analyze.figures import figure_problems
from touchsite.analyze.report import Report
from touchsite.analyze.revisions import WORKING_TREE, Comparison, Snapshot, compare, snapshot
from touchsite.build import BuildResult, render_checked
from touchsite.cache import Cache
from touchsite.compare import read_revision
from touchsite.errors import UserError
from touchsite.models import (
    DOCUMENTS,
    Journey,
    Opportunity,
    Page,
    Project,
    Recommendation,
    Touchpoint,
)
from touchsite.pipeline import check
from touchsite.project import load_project
from touchsite.render.site import Site
from touchsite.write.site import update_site

# The preview analyses and renders in its own process: it runs beside the server's and the
# search index's threads, and a process forked while another thread holds a lock can hang on
# that lock.
ONE_PROCESS = 1

# Per kind of document, the fields besides its body that no stage before rendering reads:
# validation reads them, but runs on every edit. A field not listed here is an input of the
# analysis (a new field too, until it is found to be only shown: the safe side), so an edit
# of it runs the analysis again. A touchpoint's title is copied into the key drivers, which
# `_with_documents` renews. No free page is read at all.
SHOWN_ONLY = {
    "touchpoints": (
        "title",
        "type",
        "category",
        "influence",
        "direction",
        "c2c",
        "owner",
        "personas",
        "value",
    ),
    "recommendations": ("title", "owner", "due", "kpi", "experiment"),
    "journeys": ("title",),
    "opportunities": ("title", "owner", "status", "priority", "impact", "effort"),
}


DOCUMENT_TYPES = (Touchpoint, Recommendation, Journey, Opportunity, Page)
ANALYSED = [kind for kind in DOCUMENTS if kind != "pages"]  # the kinds the analysis reads


@dataclass(frozen=True)
class Rebuilt:
    result: BuildResult
    rendered: int  # pages rendered; all of them for a full build
    written: list[str]  # files written or removed
    analysed: bool  # whether the analysis ran again


class Rebuilder:
    """The last good build of a project, kept to rebuild it into `out_dir` after each edit."""

    def __init__(self, root: Path, out_dir: Path) -> None:
        self.root = root.resolve()
        self.out_dir = out_dir
        self.cache = Cache()
        self.last: BuildResult | None = None
        self.pages_read: dict[bytes, object] = {}  # the last build's pages, read for links
        # The analysis inputs of the last good build, while only content texts were edited
        # since (None: the next edit builds in full)
        self._key: tuple | None = None
        # `compare_with`'s revision as last checked: its commit and Snapshot (an edit of the
        # working tree leaves it as it was; a new commit may move the revision)
        self._before: tuple[str, Snapshot] | None = None

    def rebuild(self, changed: Iterable[Path] | None = None) -> Rebuilt:
        """Rebuild after an edit of the `changed` files (None: unknown, build everything).

        Raises UserError on bad input, leaving the last good site in place."""
        paths = None if changed is None else [Path(path) for path in changed]
        last = self.last
        text = bool(paths) and self._text(paths)
        if not text:
            # Data, settings or templates edited: until a full build succeeds, the last
            # analysis may not hold (they may be broken since), so every edit builds in full.
            self._key = None
        partial = None
        if last is not None and text and self._key is not None:
            partial = self._without_analysis(last)
        if partial is not None:
            result, rendered = partial
        else:
            report = check(self.root, self.cache, ONE_PROCESS)
            site = Site(report, self._comparison(report))
            result = render_checked(
                site, self.root, pages_read=self.pages_read, workers=ONE_PROCESS
            )
            rendered = len(result.shown)
            self._key = analysis_inputs(result.report.project)
        written = update_site(result.files, last.files if last else {}, self.out_dir)
        self.last = result
        return Rebuilt(result, rendered, written, partial is None)

    def _text(self, paths: list[Path]) -> bool:
        """Whether every changed file is content Markdown (whose front matter may be edited)."""
        content = self.root / "content"
        return all(path.suffix == ".md" and path.is_relative_to(content) for path in paths)

    def _without_analysis(self, last: BuildResult) -> tuple[BuildResult, int] | None:
        """The build after an edit that leaves the analysis's inputs as they were, and the
        number of pages it rendered; None if the analysis must run again."""
        project, problems = load_project(self.root)
        # A build reports the problems of the data as well (rows of a touchpoint whose id
        # was edited away...): the full build's message, in full.
        if problems or analysis_inputs(project) != self._key:
            return None
        before = last.report.project
        old, new = _documents(before), _documents(project)
        files = {path for path in old.keys() | new.keys() if old.get(path) != new.get(path)}
        if _without_bodies(project) == _without_bodies(before):
            # Bodies are rendered from the project's (the reports may hold older documents):
            # only the pages that showed an edited body change.
            report = dataclasses.replace(last.report, project=project)
            pages = frozenset(page for page, shown in last.shown.items() if shown & files)
        else:  # front matter shown: every page, as a title shows on most of them
            report = _with_documents(last.report, project)
            pages = None
        # The other texts' figures were all found in the same analysis by the last build.
        texts = _only(project, files)
        if wrong := list(figure_problems(dataclasses.replace(report, project=texts))):
            raise UserError.of(wrong)
        comparison = self._comparison(report)
        site = Site(report, comparison, pages)
        if comparison is not None and pages is not None:
            site.pages = pages | {site.urls.changes()}  # it shows the texts' differences too
        result = render_checked(
            site,
            self.root,
            previous=None if pages is None else last,
            pages_read=self.pages_read,
            workers=ONE_PROCESS,
        )
        return result, len(result.shown if site.pages is None else site.pages)

    def _comparison(self, report: Report) -> Comparison | None:
        """The project against `compare_with`, as a build compares it; the revision is read
        and checked again only when it names another commit."""
        revision = report.project.config.compare_with
        if not revision:
            return None
        commit = None
        if not revision.startswith("-"):
            commit = git.text_or_none(
                self.root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}"
            )
        if commit is None or self._before is None or self._before[0] != commit:
            self._before = None
            # an unknown one: its message
            before = read_revision(self.root, revision, ONE_PROCESS)
            if commit is not None:
                self._before = (commit, before)
        else:
            before = self._before[1]
        return compare(before, snapshot(report, WORKING_TREE))


def analysis_inputs(project: Project) -> tuple:
    """What the analysis reads of the project: all it loaded but the bodies and the fields
    that are only shown (`SHOWN_ONLY`), and no free page."""
    return _projected(project, lambda kind: ("body", *SHOWN_ONLY.get(kind, ())), ANALYSED)


def _without_bodies(project: Project) -> tuple:
    return _projected(project, lambda kind: ("body",), DOCUMENTS)


def _projected(
    project: Project, left_out: Callable[[str], tuple[str, ...]], kinds: Iterable[str]
) -> tuple:
    """The project's settings and the named kinds of documents, each without the fields
    `left_out` names for its kind (as values that compare; cheaper than copies)."""
    return (
        *(getattr(project, name) for name in _kept(Project, DOCUMENTS)),  # root, settings
        *(
            tuple(
                tuple(getattr(doc, name) for name in _kept(type(doc), left_out(kind)))
                for doc in getattr(project, kind)
            )
            for kind in kinds
        ),
    )


@functools.cache
def _kept(kind: type, left_out: Iterable[str]) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(kind) if f.compare and f.name not in left_out)


def _documents(project: Project) -> dict[str, Any]:
    return {document.source.path: document for document in project.documents()}


def _only(project: Project, files: set[str]) -> Project:
    """The project with only the documents read from `files`."""
    return dataclasses.replace(
        project,
        **{
            kind: [d for d in getattr(project, kind) if d.source.path in files]
            for kind in DOCUMENTS
        },
    )


def _with_documents(report: Report, project: Project) -> Report:
    """The report with `project`'s documents in the place of those it was analysed from,
    wherever it holds them (touchpoint reports, journeys, steps, findings...), each found by
    the file it was read from; and the key drivers' titles, copied from the touchpoints."""
    renewed = _Renewal(_documents(project)).of(report)
    renewed = dataclasses.replace(renewed, project=project)
    if renewed.drivers is not None:
        titles = {tp.id: tp.title for tp in project.touchpoints}
        drivers = tuple(
            dataclasses.replace(d, title=titles[d.touchpoint]) for d in renewed.drivers.drivers
        )
        renewed = dataclasses.replace(
            renewed, drivers=dataclasses.replace(renewed.drivers, drivers=drivers)
        )
    return renewed


class _Renewal:
    """Copies of the analysis's results with each document replaced by the one read from
    the same file now; a value that holds none is kept as it is, and a value held in several
    places (a touchpoint's report in its phase, its journeys' steps, the findings) is copied
    once."""

    def __init__(self, documents: dict[str, Any]) -> None:
        self.documents = documents
        self.done: dict[int, object] = {}

    def of(self, value: Any) -> Any:
        kind = type(value)
        if kind in DOCUMENT_TYPES:
            return self.documents[value.source.path]
        key = id(value)
        if key in self.done:
            return self.done[key]
        renewed = value
        if kind is list or kind is tuple:
            items = [self.of(item) for item in value]
            if any(a is not b for a, b in zip(items, value, strict=True)):
                renewed = kind(items)
        elif kind is dict:
            items = {name: self.of(item) for name, item in value.items()}
            if any(items[name] is not item for name, item in value.items()):
                renewed = items
        elif _analysed(kind):
            changed = {}
            for name in _holding_documents(kind):
                item = getattr(value, name)
                new = self.of(item)
                if new is not item:
                    changed[name] = new
            if changed:
                renewed = dataclasses.replace(value, **changed)
        self.done[key] = renewed
        return renewed


def _analysed(kind: type) -> bool:
    """Whether `kind` is one of the analysis's results (the data's models hold no document)."""
    return dataclasses.is_dataclass(kind) and kind.__module__.startswith("touchsite.analyze.")


@functools.cache
def _holding_documents(kind: type) -> tuple[str, ...]:
    """The fields of one of the analysis's results that may hold a document, by their types:
    a report's figures (numbers, counts, estimates, comments) are not looked through."""
    try:
        hints = typing.get_type_hints(kind)
    except NameError:  # a type named only for type checkers: look into every field
        hints = {}
    return tuple(
        field.name
        for field in dataclasses.fields(kind)
        if _may_hold_documents(hints.get(field.name, object), {kind})
    )


def _may_hold_documents(hint: Any, seen: set[type]) -> bool:
    if hint in DOCUMENT_TYPES:
        return True
    if typing.get_origin(hint) is not None:  # tuple[...], dict[...], X | None...
        return any(_may_hold_documents(arg, seen) for arg in typing.get_args(hint))
    if hint in (str, int, float, bool, type(None), Ellipsis, dt.date):
        return False
    if dataclasses.is_dataclass(hint):
        if not _analysed(hint):
            return False
        if hint in seen:  # a report that holds reports of its kind (journeys of journeys)
            return True
        return any(
            _may_hold_documents(value, seen | {hint})
            for value in typing.get_type_hints(hint).values()
        )
    return True  # a plain tuple, Any...: it may
