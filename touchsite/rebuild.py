"""A live preview's rebuilds: after an edit of Markdown text alone, only the pages that show it.

Analysis never reads a Markdown body: a body reaches the site only through render's
`markdown` filter, and the check of the figures written in it. So when an edit leaves
everything but bodies as it was (front matter, touchsite.yml, data, templates), the last
analysis still holds, with the new documents put in its place, and only the pages whose
rendering showed an edited body are rendered again. Any other edit is a full build, through
the preview's cache. Either way the result is the site a full build makes, and only files
whose bytes changed are written: the browser keeps what it has cached.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from touchsite.analyze.figures import figure_problems
from touchsite.build import BuildResult, render_checked
from touchsite.cache import Cache
from touchsite.compare import changes_since
from touchsite.errors import UserError
from touchsite.models import DOCUMENTS, Project
from touchsite.pipeline import check, load_project
from touchsite.render.site import Site
from touchsite.write.site import update_site

# The preview renders in its own process: it runs beside the server's and the search index's
# threads, and a process forked while another thread holds a lock can hang on that lock.
ONE_PROCESS = 1


@dataclass(frozen=True)
class Rebuilt:
    result: BuildResult
    rendered: int  # pages rendered; all of them for a full build
    written: list[str]  # files written or removed


class Rebuilder:
    """The last good build of a project, kept to rebuild it into `out_dir` after each edit."""

    def __init__(self, root: Path, out_dir: Path) -> None:
        self.root = root.resolve()
        self.out_dir = out_dir
        self.cache = Cache()
        self.last: BuildResult | None = None
        self.pages_read: dict[bytes, object] = {}  # the last build's pages, read for links
        self._key: Project | None = None  # the last good project, bodies aside

    def rebuild(self, changed: Iterable[Path] | None = None) -> Rebuilt:
        """Rebuild after an edit of the `changed` files (None: unknown, build everything).

        Raises UserError on bad input, leaving the last good site in place."""
        paths = None if changed is None else [Path(path) for path in changed]
        last = self.last
        partial = None
        if last is not None and last.comparison is None and paths and self._text(paths):
            partial = self._bodies_only(last)
        if partial is not None:
            result, rendered = partial
        else:
            # Until a full build succeeds, the last analysis may not hold (data or settings
            # edited since may be broken): the next edit, whatever it is, builds in full too.
            self._key = None
            report = check(self.root, self.cache)
            site = Site(report, changes_since(report))
            result = render_checked(
                site, self.root, pages_read=self.pages_read, workers=ONE_PROCESS
            )
            rendered = len(result.shown)
            self._key = _without_bodies(result.report.project)
        written = update_site(result.files, last.files if last else {}, self.out_dir)
        self.last = result
        return Rebuilt(result, rendered, written)

    def _text(self, paths: list[Path]) -> bool:
        """Whether every changed file is content Markdown (whose front matter may be edited)."""
        content = self.root / "content"
        return all(path.suffix == ".md" and path.is_relative_to(content) for path in paths)

    def _bodies_only(self, last: BuildResult) -> tuple[BuildResult, int] | None:
        """The build after an edit of bodies alone and the number of pages it rendered, or
        None if more than bodies changed."""
        project, problems = load_project(self.root)
        problems.raise_if_any()
        if _without_bodies(project) != self._key:
            return None
        report = dataclasses.replace(last.report, project=project)
        edited = project.bodies().items() - last.report.project.bodies().items()
        files = {path for path, _body in edited}
        # The other texts' figures were all found in the same analysis by the last build.
        texts = _only(project, files)
        if wrong := list(figure_problems(dataclasses.replace(report, project=texts))):
            raise UserError.of(wrong)
        pages = frozenset(page for page, shown in last.shown.items() if shown & files)
        site = Site(report, None, pages)
        result = render_checked(
            site, self.root, previous=last, pages_read=self.pages_read, workers=ONE_PROCESS
        )
        return result, len(pages)


def _without_bodies(project: Project) -> Project:
    """Everything loaded from the project's files but the Markdown bodies."""
    return dataclasses.replace(
        project,
        **{
            kind: [dataclasses.replace(doc, body="") for doc in getattr(project, kind)]
            for kind in DOCUMENTS
        },
    )


def _only(project: Project, files: set[str]) -> Project:
    """The project with only the documents read from `files`."""
    return dataclasses.replace(
        project,
        **{
            kind: [d for d in getattr(project, kind) if d.source.path in files]
            for kind in DOCUMENTS
        },
    )
