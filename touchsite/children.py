"""The processes a run starts end with it, however it ends.

A build killed outright (SIGKILL: the kernel's out-of-memory killer, a CI job's time limit)
runs no exit handler, so what it started would live on: Pagefind indexing; the forked
processes reading the project or computing the themes (touchsite.beside); and the render's
forked workers, blocked for good on sending pages nobody reads, each holding its copy of the
build's memory. On Linux the kernel ends them with it (PR_SET_PDEATHSIG); elsewhere nothing
is asked.
"""

from __future__ import annotations

import os
import signal
import sys

from touchsite.native import libc_function

PR_SET_PDEATHSIG = 1
# Looked up once, here: a child calls it between its fork and exec, where little is safe.
_PRCTL = libc_function("prctl") if sys.platform.startswith("linux") else None


def end_with_parent(parent: int | None = None) -> None:
    """In a child process: be killed when the thread that started it ends (Linux). `parent`:
    the starting process's id, for a child that runs Python after its fork; if that process
    has ended already, before this call, the child ends at once."""
    if _PRCTL is None:
        return
    _PRCTL(PR_SET_PDEATHSIG, signal.SIGKILL)
    if parent is not None and os.getppid() != parent:
        os._exit(1)
