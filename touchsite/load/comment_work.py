"""The comments' work of the data stage: their terms counted and the published sample
redacted, in this process alone or, once the comments are many, shared with a second one.

Both are mostly Python (regular expressions, the stemmer) or hold the GIL between Arrow's
calls, so a thread would gain little; a process takes them off the reading's core. A chunk's
terms are counted by the worker when it is idle, else here, so neither waits for the other;
at the end the worker takes this process's counts, makes their table and redacts the
sample, while the answers' count table is made here. Term counts do not depend on which
process counted which chunk, so the result is the same whatever the timing. The worker is
started by spawning, not forking: a preview builds beside its server's threads, and a
process forked while another thread holds a lock can hang on that lock.
"""

from __future__ import annotations

import multiprocessing
import signal
from collections import Counter
from collections.abc import Callable

import pyarrow as pa

from touchsite.load.privacy import Redactor
from touchsite.load.term_counts import TermCounter
from touchsite.models import TermCounts
from touchsite.replies import failure, raise_failure, send

# Comments read before a worker process is started: below, its start (a second of imports,
# on the other core) would cost more than the work it can take over.
BESIDE_FROM = 20_000

Outcome = tuple[list[str], Counter[str], TermCounts | None]


class CommentWork:
    """Term counts of every comment added (none where `make_counter` is None), then the
    sample's redaction: `finish` starts that last part, `outcome` waits for it."""

    def __init__(self, make_counter: Callable[[], TermCounter] | None) -> None:
        """`make_counter`: a picklable maker of an empty TermCounter (the worker makes one)."""
        self.make_counter = make_counter
        self.counter = make_counter() if make_counter is not None else None
        self.comments = 0
        self.worker: _Worker | None = None
        self.beside = True  # whether a worker may be started (False once one could not)
        self.done: Outcome | None = None
        self.here: pa.Array | None = None  # the sample's texts this process redacts

    def add(self, *columns) -> None:
        """Count the terms of a chunk's comments (TermCounter.add's arguments)."""
        if self.counter is None:
            return
        self.comments += len(columns[0])
        if self.worker is None and self.beside and self.comments >= BESIDE_FROM:
            self.worker = _Worker(self.make_counter)
        if self._worker_ready(wait=False):
            self.worker.send(("add", columns))
        else:
            self.counter.add(*columns)

    def _worker_ready(self, wait: bool) -> bool:
        """Whether the worker waits for work (`wait`: until it has started). One that ended
        before it started (it re-imports the program's main module, which a script read
        from standard input does not have) leaves all the work to this process."""
        if self.worker is None:
            return False
        try:
            return self.worker.idle() or (wait and self.worker.started())
        except _NotStarted:
            self.worker, self.beside = None, False
            return False

    def finish(self, touchpoints: list[str], texts: pa.Array, redact: Redactor) -> None:
        """Start the last part: the term counts' table, and `texts` redacted by `redact`.
        A worker redacts the first half of the texts; `outcome` redacts the second here,
        once this process has done its own last part (the answers' counts and moments)."""
        if self.worker is not None and (self.worker.said_ready or self._worker_ready(True)):
            half = len(texts) // 2
            self.here = texts.slice(half)
            self.worker.send(("finish", (self.counter, touchpoints, texts.slice(0, half), redact)))
        else:
            self.done = _finish(None, self.counter, touchpoints, texts, redact)
        self.counter = None

    def outcome(self, redact: Redactor) -> tuple[list[str], TermCounts | None]:
        """The sample's texts redacted and the term counts; `redact` counts what was taken
        out, as if it had redacted them here."""
        if self.worker is not None:
            mine = redact.redact_all(self.here.to_pylist()) if self.here is not None else []
            theirs, counts, terms = self.worker.reply()
            self.worker, self.here = None, None
            counts.update(redact.counts)
            self.done = theirs + mine, counts, terms
        redacted, counts, terms = self.done
        self.done = None
        redact.counts = counts
        return redacted, terms


def _finish(counter, counted, touchpoints, texts, redact) -> Outcome:
    """The last part, in whichever process: `counted` (another counter's counts) joined to
    `counter`'s, the table made, and the sample redacted."""
    if counter is None:
        counter = counted
    elif counted is not None:
        counter.absorb(counted)
    # the table first: it lets go of the counts before the sample's texts are read
    terms = counter.result(touchpoints) if counter else None
    return redact.redact_all(texts.to_pylist()), redact.counts, terms


class _Worker:
    """A process counting chunks one at a time, each sent only once it said it is idle: no
    chunk waits in a queue, so memory stays bounded and this process never blocks."""

    def __init__(self, make_counter: Callable[[], TermCounter]) -> None:
        context = multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        # daemonic: ended when this process ends, whatever ends it
        self.process = context.Process(
            target=_serve, args=(theirs, make_counter), name="touchsite comments", daemon=True
        )
        self.process.start()
        theirs.close()
        self.ready = False
        self.said_ready = False  # once: it has started

    def idle(self) -> bool:
        """Whether the worker waits for a chunk (it says so after its start and each chunk)."""
        if not self.ready and self.connection.poll():
            self._receive()
            self.ready = self.said_ready = True
        return self.ready

    def started(self) -> bool:
        """Wait until the worker has started (True), or raise _NotStarted."""
        while not self.idle():
            self.connection.poll(None)
        return True

    def send(self, message) -> None:
        self.ready = False
        try:
            self.connection.send(message)
        except OSError:  # it ended: what it sent last says why
            self.reply()
            raise

    def reply(self) -> Outcome:
        """The finished work, once the worker has done it."""
        while (value := self._receive()) is None:  # it said it was idle
            pass
        self._end()
        return value

    def _receive(self):
        try:
            kind, value = self.connection.recv()
        except EOFError:
            if not self.said_ready:
                raise _NotStarted(self._end()) from None
            raise RuntimeError(
                f"the comments' worker process ended early (exit code {self._end()})"
            ) from None
        if kind in ("user", "error"):
            self._end()
            raise_failure(kind, value)
        return value

    def _end(self) -> int | None:
        self.connection.close()
        self.process.join(5)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        return self.process.exitcode


class _NotStarted(Exception):
    """The worker ended before it could take any work."""


def _serve(connection, make_counter: Callable[[], TermCounter]) -> None:
    """The worker's loop: count chunks, saying after each that it is idle, until told to
    finish; a failure is sent back, to be raised there as it would have been here."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the build, which ends this
    counter = make_counter()
    reply: tuple = ("ready", None)
    while reply[0] == "ready":
        try:
            connection.send(reply)
            kind, args = connection.recv()
        except (EOFError, BrokenPipeError):  # the build ended without asking for the result
            return
        try:
            if kind == "add":
                counter.add(*args)
            else:
                reply = ("done", _finish(counter, *args))
        except Exception as error:
            reply = failure(error)
    send(connection, reply)
