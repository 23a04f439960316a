"""Full-text search that runs in the browser: a Pagefind index of the written site.

Pagefind (its PyPI package ships the binary) reads the pages' `data-pagefind-body` parts and
writes a static index under `pagefind/`; the search page loads it from the same folder, so
no request leaves the site. It picks the stemmer from each page's `lang` (German or English).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import subprocess
import sys
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
    command = [str(_pagefind()), "--site", str(site), "--silent"]
    command += ["--output-subdir", SEARCH_INDEX.rstrip("/")]
    command += ["--glob", "{" + ",".join(SEARCHED_PAGES) + "}"]  # any of them, in Wax's syntax
    start = end_in_background if background else end_with_parent
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, check=False, preexec_fn=start
        )
    except OSError as error:
        raise _search_error(str(error)) from None
    if result.returncode != 0:
        raise _search_error((result.stderr or result.stdout).strip()[-500:])


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
