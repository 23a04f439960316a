"""Full-text search that runs in the browser: a Pagefind index of the site.

Pagefind (its PyPI package ships the binary) reads the pages' `data-pagefind-body` parts and
writes a static index under `pagefind/`; the search page loads it from the same folder, so
no request leaves the site. It picks the stemmer from each page's `lang` (German or English).

Pagefind reads a copy of each searched page cut down to its head and those parts: it parses
every element of a page, the charts' data tables and comments it ignores included, and the
index it makes of the copies is the same, byte for byte (a test compares them).

A build writes the copies as the pages are rendered and starts Pagefind as soon as they all
are (`search_prepared`), so that it runs while the links are checked and the files written;
the preview indexes its written site (`index_search`) after each reload.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from touchsite.children import end_with_parent
from touchsite.errors import UserError
from touchsite.render.urls import PATHS, SEARCH_INDEX
from touchsite.write.site import scratch_folder

# The pages whose templates mark what is searched (`data-pagefind-body`): Pagefind reads only
# these. The map, the KPI overview and the printable report have no such part, yet Pagefind
# would parse all of them to find that out (0.25 s of its CPU at 1,000 touchpoints). A test
# checks that every page with a part to search is indexed.
SEARCHED_PAGES = (
    PATHS.touchpoint("*"),
    PATHS.journey("*"),
    PATHS.page("*"),
    PATHS.methods(),
    PATHS.opportunities(),
    PATHS.recommendations(),
)


def index_search(site: Path, background: bool = False) -> None:
    """Index the written `site`. `background`: at a lower CPU priority, so that the work in
    front (a preview's next rebuild) is not slowed down."""
    pages = (
        (page.relative_to(site).as_posix(), page.read_bytes())
        for pattern in SEARCHED_PAGES
        for page in site.glob(pattern)
    )
    with tempfile.TemporaryDirectory(prefix="touchsite-search-") as folder:
        indexing = Indexing(pages, Path(folder), site / SEARCH_INDEX, background)
        try:
            indexing.wait()
        finally:
            indexing.stop()


@contextmanager
def search_prepared(out_dir: Path) -> Iterator[Search]:
    """A build's search, in a temporary folder beside `out_dir` (one `recover` removes once
    its build is gone): its copies are written as the pages are rendered (`Search.copy`),
    then Pagefind is started on them (`Search.start`). On any way out Pagefind is ended and
    the folder removed; a build killed outright takes Pagefind with it (`end_with_parent`)."""
    made = [folder for folder in out_dir.resolve().parents if not folder.exists()]
    search = Search(scratch_folder(out_dir))
    try:
        yield search
    finally:
        search.stop()
        shutil.rmtree(search.folder, ignore_errors=True)
        for folder in made:  # the deepest first; those a written site is in stay
            with contextlib.suppress(OSError):
                folder.rmdir()


class Search:
    """The copies Pagefind reads of a build's searched pages, then Pagefind on them."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.copies = folder / "pages"
        self.copies.mkdir()
        self.indexing: Indexing | None = None

    def copy(self, path: str, html: bytes) -> None:
        """Write the copy Pagefind reads of the page at `path`, if it searches that page.
        Called as each page is rendered, in whichever process renders it: the touchpoint
        pages' copies are cut and written by the render's worker processes too, and Pagefind
        starts as the render ends. Cut and written after the render, by the build process
        alone, they held Pagefind's start back by 0.2-0.5 s at 1,000 touchpoints; from the
        render's start to the build's end now takes 0.92 of the time (median of 14
        interleaved pairs, 0.76 to 1.16)."""
        # a worker left by a build killed outright writes nothing once `recover` took its folder
        if is_searched(path) and self.copies.is_dir():
            _write_copy(self.copies, path, html)

    def start(self, files: dict[str, bytes]) -> Callable[[Path], None]:
        """Start Pagefind on the searched pages among `files` (a site's, by path), writing the
        copies not written yet; return the `finish` that `write_site` runs on the written
        site: it waits for Pagefind and moves the index in. Pagefind then runs beside the rest
        of a build's end (the link check, the writing)."""
        pages = (
            (path, content)
            for path, content in files.items()
            if is_searched(path) and not (self.copies / path).is_file()
        )
        self.indexing = Indexing(pages, self.folder, self.folder / "index")
        return self.finish

    def finish(self, site: Path) -> None:
        assert self.indexing is not None
        self.indexing.wait()
        (self.folder / "index").rename(site / SEARCH_INDEX)

    def stop(self) -> None:
        if self.indexing is not None:
            self.indexing.stop()


def is_searched(path: str) -> bool:
    """Whether the site's file at `path` is one Pagefind reads, as `Path.glob` and Pagefind's
    `--glob` match SEARCHED_PAGES: a `*` stands for any part of one name."""
    parts = path.split("/")
    return any(
        len(parts) == len(pattern) and all(map(fnmatch.fnmatchcase, parts, pattern))
        for pattern in _SEARCHED_PARTS
    )


_SEARCHED_PARTS = [pattern.split("/") for pattern in SEARCHED_PAGES]


class Indexing:
    """Pagefind started on `pages` (the searched pages' paths and bytes), each cut down to
    what it reads of it and written under `folder`, which also holds its log; it writes the
    index into `output`. Wait for it, or stop it."""

    def __init__(
        self,
        pages: Iterable[tuple[str, bytes]],
        folder: Path,
        output: Path,
        background: bool = False,
    ) -> None:
        binary = _pagefind()
        copies = folder / "pages"
        for relative, html in pages:
            _write_copy(copies, relative, html)
        copies.mkdir(exist_ok=True)  # no page to search: Pagefind's own message says so
        command = [str(binary), "--site", str(copies), "--silent"]
        command += ["--output-path", str(output.resolve())]
        command += ["--glob", "{" + ",".join(SEARCHED_PAGES) + "}"]  # any of them, Wax's syntax
        # its messages into a file, not a pipe: nobody reads a pipe while it runs
        self.log = folder / "pagefind.log"
        with self.log.open("wb") as log:
            try:
                self.process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=log,
                    stderr=log,
                    preexec_fn=end_in_background if background else end_with_parent,
                )
            except OSError as error:
                raise _search_error(str(error)) from None

    def wait(self) -> None:
        """Wait for Pagefind to end; a UserError if it failed."""
        if self.process.wait() != 0:
            message = self.log.read_text(encoding="utf-8", errors="replace")
            raise _search_error(message.strip()[-500:])

    def stop(self) -> None:
        """End Pagefind if it still runs, and reap it."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()


def _write_copy(copies: Path, relative: str, html: bytes) -> None:
    """The page `html` at `relative` cut down to what Pagefind reads of it, under `copies`."""
    copy = copies / relative
    copy.parent.mkdir(parents=True, exist_ok=True)
    searched = searched_parts(html.decode("utf-8", "replace"))
    copy.write_bytes(html if searched is None else searched.encode("utf-8"))


# An element marked to be searched; a page's comments, scripts and styles (raw text,
# whatever tags it holds)
BODY_MARK = "data-pagefind-body"
_BODY = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*?\sdata-pagefind-body\b[^>]*>")
_RAW_TEXT = r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>"
_SCRIPTS = re.compile(_RAW_TEXT, re.S | re.I)
# What Pagefind reads outside the searched parts too: metadata, filters, sort keys, weights
_READ_ANYWHERE = re.compile(r"data-pagefind-(?!body|ignore)")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


def searched_parts(html: str) -> str | None:
    """`html` cut down to what Pagefind indexes of it: its head without scripts and styles,
    and the elements marked `data-pagefind-body`. None where the page must be read whole:
    it marks no part, marks something else Pagefind reads, or its markup is not understood
    (an element left open)."""
    body_at = html.find("<body")
    if body_at < 0:
        return None
    parts: list[tuple[int, int]] = []
    at = html.find(BODY_MARK, body_at)
    while at >= 0:
        # the opening tag the mark is written in (a mark in a text is no element's)
        match = _BODY.match(html, html.rfind("<", body_at, at))
        if match and match.end() > at and not (parts and match.start() < parts[-1][1]):
            end = _element_end(html, match.group(1).lower(), match.end())
            if end is None:
                return None
            parts.append((match.start(), end))
        at = html.find(BODY_MARK, at + len(BODY_MARK))
    if not parts:
        return None
    bounds = [0, *(at for part in parts for at in part), len(html)]
    outside = [html[a:b] for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    if any(
        _READ_ANYWHERE.search(text) and _READ_ANYWHERE.search(_SCRIPTS.sub("", text))
        for text in outside
    ):
        return None
    head = _SCRIPTS.sub("", html[:body_at])
    return head + "<body>\n" + "\n".join(html[a:b] for a, b in parts) + "\n</body>\n</html>\n"


def _element_end(html: str, tag: str, start: int) -> int | None:
    """Where the element whose opening tag ends at `start` closes, past its closing tag."""
    if tag in VOID:
        return None
    tags = re.compile(rf"{_RAW_TEXT}|<(/?){tag}(?=[\s>/])[^>]*>", re.S | re.I)
    depth = 1
    for match in tags.finditer(html, start):
        if match.group(1) is None:
            continue  # raw text, whatever it holds
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return None


def _pagefind() -> Path:
    """The Pagefind binary, found as `python -m pagefind` finds it; run directly, as that would
    start a second Python only to exec it (0.1 s of CPU, 0.2-0.4 s of a build's wall time)."""
    try:
        from pagefind.service import get_executable  # imports asyncio: only when indexing
    except ImportError:
        raise _search_error("the Python package 'pagefind' is not installed") from None
    binary = get_executable()
    if binary is None:
        raise _search_error("the Pagefind binary was not found")
    return binary


def end_in_background() -> None:
    end_with_parent()
    os.nice(10)


def _search_error(detail: str) -> UserError:
    return UserError(
        f"the search index could not be built: {detail or 'pagefind failed'}",
        "install touchsite with its dependencies (pip install touchsite), which bring Pagefind",
        "site/" + SEARCH_INDEX.rstrip("/"),
    )
