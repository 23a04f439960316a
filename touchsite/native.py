"""How the native libraries of a run's processes manage memory and threads, told to them
through the environment before they load.

The command line's entry (touchsite.__main__.main) sets these before any command imports
numpy or Arrow; the processes it starts (the comments' worker, the render's workers,
Pagefind) inherit them. A setting the user made already is kept.

Measured against the same builds without them, interleaved: at 1,000 touchpoints x 1M
answers, medians of 9.18 against 9.85 s (7 rounds) and 7.95 against 8.47 s (6 rounds, system
time 2.34 against 2.92 s); 10M Parquet rows through DuckDB, 34.1 against 36.5 s (2 each).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
from functools import cache
from pathlib import Path

ARROW_POOL = "ARROW_DEFAULT_MEMORY_POOL"


def settings() -> dict[str, str]:
    # After a call, OpenBLAS's threads spin waiting for more work, on the cores the build's
    # other processes need; the matrices here are a few drivers wide.
    found = {"OPENBLAS_NUM_THREADS": "1"}
    # Arrow's default pool (mimalloc) hands freed pages back within milliseconds, so the
    # next chunk's arrays fault them in again; jemalloc keeps them for reuse a while.
    if _arrow_has_jemalloc():
        found[ARROW_POOL] = "jemalloc"
    return found


def configure() -> None:
    for name, value in settings().items():
        os.environ.setdefault(name, value)


def _arrow_has_jemalloc() -> bool:
    """Whether the installed Arrow was built with jemalloc (its Linux wheels are), read from
    its build's header: importing it here would settle its pool before the setting."""
    spec = importlib.util.find_spec("pyarrow")
    if spec is None or not spec.submodule_search_locations:
        return False
    header = Path(spec.submodule_search_locations[0], "include", "arrow", "util", "config.h")
    try:
        return "#define ARROW_JEMALLOC\n" in header.read_text(encoding="utf-8")
    except OSError:
        return False


# glibc's malloc parameters (malloc.h), and the highest mmap threshold it takes on 64 bits
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
HEAP_UP_TO = 32 * 2**20
TRIM_BY_DEFAULT = 128 * 2**10  # glibc's M_TRIM_THRESHOLD


def hold_freed_heap(hold: bool) -> None:
    """Whether glibc's malloc keeps what this process frees for its next allocations (blocks
    up to HEAP_UP_TO from its heap, whose top is never given back) or gives the heap's top
    back once TRIM_BY_DEFAULT of it is free, glibc's default (blocks up to HEAP_UP_TO still
    come from the heap then: a threshold set stays set). By default it maps each block of
    more than a few MB on its own and unmaps it when freed, so the next chunk's arrays (numpy's:
    Arrow has its own pool) fault their pages in again: the comments' worker counted the
    benchmark's terms with 100,000 page faults and 0.45 s of system time, held 50,000 and
    0.25 s (3 runs each), at the same peak (300-330 MB). Nothing where the C library has no
    mallopt (macOS, Windows)."""
    mallopt = libc_function("mallopt")
    if mallopt is None:
        return
    mallopt(M_MMAP_THRESHOLD, HEAP_UP_TO)
    mallopt(M_TRIM_THRESHOLD, 2**30 if hold else TRIM_BY_DEFAULT)


def libc_function(name: str):
    """The C library's function `name`, or None where it has none (malloc_trim and mallopt
    are glibc's, renameat2 and prctl Linux's)."""
    libc = _libc()
    return None if libc is None else getattr(libc, name, None)


@cache
def _libc() -> ctypes.CDLL | None:
    """The C library's functions as this process has them loaded (the program's own
    symbols). `ctypes.util.find_library` looked its name up by running `ldconfig -p`: a child
    process each time (8-11 ms at the end of every build's swap, and at each import of the
    reducer and start of the comments' worker)."""
    try:
        return ctypes.CDLL(None, use_errno=True)
    except (OSError, TypeError):  # a system without a program's own symbols (Windows)
        return None
