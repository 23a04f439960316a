"""A part of a stage computed in a forked process while this one does the rest.

The build is mostly Python on one core; a part that needs only what is there before it
starts can run on the second core meanwhile:
- the analysis' comment themes need the term counts, the published comments and the config.
  The process is forked, so it starts with the loaded feedback instead of a pickled copy, and
  only its result comes back (at 1,000 touchpoints the themes are 340 KB);
- the project's Markdown and YAML need only the project's folder: they are read while the
  command imports the libraries of the data stage, the analysis and the render
  (touchsite.project);
- the Markdown bodies' HTML needs only the project: it is made at a low priority while the
  data stage runs, mostly in the time its two processes leave a core idle, and taken by the
  render only if it is there by then (`offered_beside`; touchsite.render.markdown).
Whether it ran here or there, the result is the same value.

A process forked while another thread holds a lock can hang on that lock: the preview, which
builds beside its server's threads, asks for none.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

from touchsite.children import end_with_parent
from touchsite.replies import failure, raise_failure, send

T = TypeVar("T")


def forks_safely() -> bool:
    """Whether a process forked now starts well: on Linux, with no Python thread here but
    this one (none could hold a lock the child needs). Native threads are not counted: the
    pools of Arrow (its CSV reader's, its compute) and DuckDB may run; Arrow's pools are
    made anew in a forked child, its memory allocator (jemalloc) takes its locks across a
    fork, and a child never uses DuckDB or the CSV reader. macOS forks, but its system
    libraries (which numpy may use) are not made to run after a fork, and nothing there
    ends a child with a build killed outright (touchsite.children)."""
    return sys.platform.startswith("linux") and threading.active_count() == 1


@contextmanager
def computed_beside(compute: Callable[[], T], fork: bool, name: str) -> Iterator[Callable[[], T]]:
    """Within the block, `compute()` runs in a forked process (where `fork` and the platform
    forks); the callable yielded waits for its result, or raises what `compute` raised.
    Without a fork the callable is `compute` itself. Leaving the block ends the process,
    finished or not (an error or Ctrl-C here leaves no process behind). `name`: the work's,
    in the process's name and in the message if it ends early ("comment themes")."""
    if not fork or "fork" not in multiprocessing.get_all_start_methods():
        yield compute
        return
    try:
        child = _Forked(compute, name)
    except OSError:  # no process to be had (a limit on processes, or on memory): here
        yield compute
        return
    try:
        yield child.result
    finally:
        child.end(wait=False)


@contextmanager
def offered_beside(
    compute: Callable[[], T], fork: bool, name: str
) -> Iterator[Callable[[], T | None]]:
    """Within the block, `compute()` runs in a forked process at a low priority (NICENESS;
    where `fork` and the platform forks): it mostly takes the time the build's own processes
    leave a core idle. The callable yielded gives its result if it is there by then, else
    None, and never waits (the caller then does the work itself, as without a fork); asked
    once. A process that failed or ended early (killed when memory ran short, say) gives None
    too: what it offered is optional, and the caller's own work meets any real error in it
    where the build reports it. Leaving the block ends the process, finished or not."""
    if not fork or "fork" not in multiprocessing.get_all_start_methods():
        yield lambda: None
        return
    try:
        child = _Forked(compute, name, niceness=NICENESS)
    except OSError:
        yield lambda: None
        return
    try:
        yield lambda: _offered(child)
    finally:
        child.end(wait=False)


def _offered(child: _Forked[T]) -> T | None:
    """`child`'s result if it is there (see offered_beside)."""
    if not child.connection.poll():
        return None
    try:
        return child.result()
    except Exception:
        return None


# os.nice's increment: a tenth of the share of a process at the default priority (the
# build's own), so it still ends while they work; at the lowest (19), a machine whose cores
# were busy with other work left it no time before the render (1,000 bodies: not made in 13 s)
NICENESS = 10


class _Forked(Generic[T]):
    """`compute()` in a forked process (at `niceness`, see os.nice); `result` (asked once)
    waits for it."""

    def __init__(self, compute: Callable[[], T], name: str, niceness: int = 0) -> None:
        self.name = name
        self.answered = False  # its result received: it ends by itself
        context = multiprocessing.get_context("fork")
        self.connection, theirs = context.Pipe(duplex=False)
        # daemonic: ended when this process ends, whatever ends it
        self.process = context.Process(
            target=_serve,
            args=(compute, self.connection, theirs, os.getpid(), niceness),
            name=f"touchsite {name}",
            daemon=True,
        )
        try:
            self.process.start()
        except BaseException:
            self.connection.close()
            raise
        finally:
            theirs.close()

    def result(self) -> T:
        try:
            kind, value = self.connection.recv()
        except EOFError:
            raise RuntimeError(
                f"the {self.name} process ended early (exit code {self.end()})"
            ) from None
        # Not waited for here: the process ends by itself once it has sent its result, and
        # freeing its memory took 0.05-0.1 s at 1,000 touchpoints, which this process now
        # spends on the rest of its work; leaving the block waits for whatever is left.
        self.answered = True
        raise_failure(kind, value)
        return value

    def end(self, wait: bool = True) -> int | None:
        """Ends the process (without `wait`: at once, if it is still computing; once it has
        sent its result, it is waited for); its exit code."""
        self.connection.close()
        self.process.join(5 if wait or self.answered else 0)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        return self.process.exitcode


def _serve(compute: Callable[[], T], ours, connection, parent: int, niceness: int = 0) -> None:
    """The forked process: compute, and send the result back, or the failure, to be raised
    there as it would have been here."""
    end_with_parent(parent)  # a build killed outright does not wait for this one
    if niceness:
        os.nice(niceness)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the build, which ends this
    ours.close()  # if the build ends first, the send below fails instead of waiting forever
    try:
        reply: tuple = ("done", compute())
    except Exception as error:
        reply = failure(error)
    try:
        send(connection, reply)
    except BrokenPipeError:  # the build ended without asking for the result
        return
    except Exception as error:  # a result that does not pickle: nothing was sent
        with contextlib.suppress(BrokenPipeError):
            send(connection, failure(error))
