"""Full-text search that runs in the browser: a Pagefind index of the written site.

Pagefind (its PyPI package ships the binary) reads the pages' `data-pagefind-body` parts and
writes a static index under `pagefind/`; the search page loads it from the same folder, so
no request leaves the site. It picks the stemmer from each page's `lang` (German or English).

Pagefind reads a copy of each searched page cut down to its head and those parts: it parses
every element of a page, the charts' data tables and comments it ignores included, and the
index it makes of the copies is the same, byte for byte (a test compares them).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from touchsite.errors import UserError
from touchsite.render.urls import PATHS, SEARCH_INDEX

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
    binary = _pagefind()
    with tempfile.TemporaryDirectory(prefix="touchsite-search-") as copies:
        for pattern in SEARCHED_PAGES:
            for page in site.glob(pattern):
                copy = Path(copies, page.relative_to(site))
                copy.parent.mkdir(parents=True, exist_ok=True)
                html = page.read_bytes()
                searched = searched_parts(html.decode("utf-8", "replace"))
                copy.write_bytes(html if searched is None else searched.encode("utf-8"))
        command = [str(binary), "--site", copies, "--silent"]
        command += ["--output-path", str((site / SEARCH_INDEX).resolve())]
        command += ["--glob", "{" + ",".join(SEARCHED_PAGES) + "}"]  # any of them, Wax's syntax
        start = end_in_background if background else end_with_parent
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, check=False, preexec_fn=start
            )
        except OSError as error:
            raise _search_error(str(error)) from None
    if result.returncode != 0:
        raise _search_error((result.stderr or result.stdout).strip()[-500:])


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


def end_with_parent() -> None:
    """In the child, before exec: be killed when the build is (Linux), so that a build killed
    while indexing leaves no Pagefind process behind."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def end_in_background() -> None:
    end_with_parent()
    os.nice(10)


PR_SET_PDEATHSIG = 1


def _search_error(detail: str) -> UserError:
    return UserError(
        f"the search index could not be built: {detail or 'pagefind failed'}",
        "install touchsite with its dependencies (pip install touchsite), which bring Pagefind",
        "site/" + SEARCH_INDEX.rstrip("/"),
    )
