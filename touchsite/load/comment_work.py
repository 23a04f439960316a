"""The comments' work of the data stage: their terms counted and the published sample
redacted, in this process alone or, once the comments are many (or the data files large),
shared with a second one.

Both are mostly Python (regular expressions, the stemmer) or hold the GIL between Arrow's
calls, so a thread would gain little; a process takes them off the reading's core. A chunk's
terms are counted by the worker when it is idle, else here, so neither waits for the other;
once the last chunk is read the worker takes this process's counts and makes their table,
while the sample's comments are ranked here, then its answers' count table and moments
made; then both redact the sample's pieces,
each taking the next one left as soon as it is free (_Pieces), so neither waits long for
the other whichever has more to do before. Term counts do not depend on which
process counted which chunk, so the result is the same whatever the timing. The worker is
forked where that is safe (touchsite.beside: a build's command), so it is ready at once,
with the libraries imported here; else it is spawned and imports them itself, about a
second on the other core: a preview builds beside its server's threads, and a process
forked while another thread holds a lock can hang on that lock.

However the build ends before the outcome is read (a user's mistake, a bug, Ctrl-C, or no
answers at all), `close` ends the worker: a preview's failed builds leave no process, pipe
or semaphore behind (the reducer's `with` block calls it).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections import Counter, deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from multiprocessing.reduction import ForkingPickler

import numpy as np
import pyarrow as pa

from touchsite.beside import forks_safely
from touchsite.children import end_with_parent
from touchsite.load.privacy import Redactor, put
from touchsite.load.term_counts import CountedTerms, TermCounter
from touchsite.models import TermCounts
from touchsite.native import hold_freed_heap
from touchsite.replies import failure, raise_failure, send

# The bounds below were measured with a spawned worker, which a preview still starts; a
# forked one is ready at once.
# Comments read before a worker process is started: below, its start (spawned: a second of
# imports on the other core) and the chunks sent to it would cost more than the work it can
# take over.
BESIDE_FROM = 20_000
# ... and the comments still expected in the file (estimated from its records left): the
# worker is ready half a second after its start, while this process reads two or three more
# chunks, so it takes over only what comes after. Started after a file's only chunk (30,000
# comments of the 100-touchpoint, 100,000-row benchmark) it took no work and cost the data
# stage 0.25-0.45 s of wall time and 0.6 s of CPU (3 interleaved runs).
LEFT_FOR_WORKER = 100_000
# Data files with comments this large hold far more than BESIDE_FROM comments (the
# benchmark's 66 MB hold one in 221 bytes): the worker is started before their first chunk
# is read, so that its start overlaps with the reading, not with chunks counted here while
# it starts (on the benchmark, two or three chunks became one, a fifth of a second each).
# Smaller files wait for BESIDE_FROM: a wide export may hold few comments per MB.
START_EARLY_FROM = 32 * 2**20  # bytes
# Comments whose chunks may wait for the worker while it starts or is busy (its imports take
# about a second, the first chunks' terms as long) rather than being counted here: memory
# for their texts, a few MB, against this process's time. The worker takes all that wait
# whenever it is idle; what waits at the end it counts before its table.
WAIT_FOR_WORKER = 100_000
# The sample's texts are taken for redaction in pieces of this many, half of those left at a
# time (_Pieces): the last takes are single pieces, so the process that ends last ends a
# piece (~8 ms) after the other, while most texts go in a few large takes, each one pass of
# Arrow's patterns. Taken one piece of 10,000 at a time, the benchmark's 202,051 texts took
# 21 passes and 0.76 s of CPU; half of what is left at a time, 7 passes and 0.65 s.
PIECE = 2_000
# The messages both ways (chunks, the counts, the sample, the reply) are pickled with
# protocol 5, which writes an Arrow or numpy buffer into the pickle as it lies; protocol 4
# (the default) first copies each into a bytes object. Measured on the benchmark's
# messages: a chunk pickled in 0.8 ms, not 3.5; the sample sent to finish in 4 ms, not 26.
# Loaded, a buffer is writable where it was (a read-only one stays so).
PROTOCOL = 5

Outcome = tuple[list[str], Counter[str], TermCounts | None]
# the worker's: the texts its takes of pieces changed, by the take (the first piece's
# number, how many) and place in it
Pieces = tuple[dict[tuple[int, int], dict[int, str]], Counter[str], CountedTerms | None]


class CommentWork:
    """Term counts of every comment added (none where `make_counter` is None), then the
    sample's redaction: `finish` starts that last part, `outcome` waits for it; `close`
    ends a worker still there, however the build ended."""

    def __init__(self, make_counter: Callable[[], TermCounter] | None) -> None:
        """`make_counter`: a picklable maker of an empty TermCounter (the worker makes one)."""
        self.make_counter = make_counter
        self.counter = make_counter() if make_counter is not None else None
        self.comments = 0
        self.expected = 0  # bytes of the data files with comments read so far or next
        self.worker: _Worker | None = None
        self.beside = True  # whether a worker may be started (False once one could not)
        self.done: Outcome | None = None
        self.waiting: deque[tuple] = deque()  # chunks kept for the worker
        self.texts: pa.Array | None = None  # the sample's texts, while the worker has them
        self.counted_beside = False  # whether the worker was sent the last counts

    def close(self) -> None:
        """End the worker if it is still there: the build ended before the outcome was read
        (a user's mistake, a bug, Ctrl-C), or without answers to finish. Its work is not
        wanted, so it is stopped, not awaited. After an outcome there is none: nothing to do."""
        worker, self.worker = self.worker, None
        if worker is not None:
            worker.stop()

    def expect(self, size: int) -> None:
        """A data file of `size` bytes with comments is read next: the worker is started now
        once the files' bytes reach START_EARLY_FROM."""
        self.expected += size
        waits = self.counter is not None and self.worker is None and self.beside
        if waits and self.expected >= START_EARLY_FROM:
            self.worker = _Worker(self.make_counter)

    def add(self, *columns, to_come: int | None = None) -> None:
        """Count the terms of a chunk's comments (TermCounter.add's arguments): in the
        worker, which takes the chunks waiting whenever it is idle; up to WAIT_FOR_WORKER
        comments wait for it, the oldest beyond are counted here. `to_come`: the comments
        expected after these (an estimate; None: not known, as many as may come)."""
        if self.counted_beside:  # the worker has made the table: a chunk now would be lost
            raise RuntimeError("a chunk's comments added after count_last")
        if self.counter is None:
            return
        self.comments += len(columns[0])
        worth = self.comments >= BESIDE_FROM and (to_come is None or to_come >= LEFT_FOR_WORKER)
        if self.worker is None and self.beside and worth:
            self.worker = _Worker(self.make_counter)
        self.waiting.append(columns)
        if self._worker_ready(wait=False):
            # written by a thread: a chunk (3 MB on the benchmark) fills the pipe many times
            # over, and this process waited for the worker to read each part of it (0.2 s of
            # the load stage in all, for 0.035 s of CPU) instead of reading the next chunk
            self.worker.send(("add", list(self.waiting)), wait=False)
            self.waiting.clear()
        kept = WAIT_FOR_WORKER if self.worker is not None else 0  # none, or it did not start
        while self.waiting and sum(len(chunk[0]) for chunk in self.waiting) > kept:
            self.counter.add(*self.waiting.popleft())

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

    def count_last(self, touchpoints: list[str]) -> None:
        """No chunk comes any more: a worker is sent the chunks still waiting and this
        process's counts, and makes the term counts' table at once, while this process
        ranks the sample's comments (on the benchmark the worker waited for them, idle,
        before it made the table). Alone, this process does it all in `finish`."""
        if self.counted_beside or self.worker is None:
            return
        if self.worker.said_ready or self._worker_ready(True):
            waiting, self.waiting = list(self.waiting), deque()
            self.worker.send(("count", (self.counter, waiting, touchpoints)), wait=False)
            self.counter, self.counted_beside = None, True

    def finish(self, touchpoints: list[str], texts: pa.Array, redact: Redactor) -> None:
        """Start the last part: the term counts' table (if `count_last` has not), and
        `texts` redacted by `redact`. A worker makes the table, then redacts pieces of the
        texts from the first on; `outcome` redacts them here from the last on, once this
        process has done its own last part (the answers' counts and moments), until no
        piece is left."""
        self.count_last(touchpoints)
        if self.counted_beside:
            self.texts = texts
            self.worker.pieces.start(len(texts))
            self.worker.send(("finish", (texts, redact)), wait=False)
        else:
            while self.waiting:
                self.counter.add(*self.waiting.popleft())
            self.done = _finish(None, self.counter, touchpoints, texts, redact)
        self.counter = None

    def outcome(self, redact: Redactor) -> tuple[list[str], TermCounts | None]:
        """The sample's texts redacted and the term counts; `redact` counts what was taken
        out, as if it had redacted them here."""
        if self.worker is not None:
            worker, pieces = self.worker, self.worker.pieces
            mine = {}
            while (taken := pieces.take_last(worker.process.is_alive)) is not None:
                mine[taken] = redact.changed(pieces.of(self.texts, taken))
            # while the worker redacts its last piece and sends its reply
            redacted = self.texts.to_pylist()
            self.texts = None
            for taken, changed in mine.items():
                put(redacted, pieces.places(taken).start, changed)
            theirs, counts, counted = worker.reply()
            # while the worker leaves (on the benchmark, 25-50 ms that were waited for)
            terms = counted.term_counts() if counted is not None else None
            counts.update(redact.counts)
            for taken, changed in theirs.items():
                put(redacted, pieces.places(taken).start, changed)
            worker.end()
            self.worker = None
            self.done = redacted, counts, terms
        redacted, counts, terms = self.done
        self.done = None
        redact.counts = counts
        return redacted, terms


def _finish(counter, counted, touchpoints, texts, redact) -> Outcome:
    """The last part in this process alone: `counted` (its counts), the table made, and
    the sample redacted."""
    terms = _terms(counter, counted, touchpoints)
    return redact.redact_all(texts), redact.counts, terms.term_counts() if terms else None


def _count_beside(counter, counted, waiting, touchpoints) -> CountedTerms | None:
    """The worker's counts once no chunk comes: the chunks `waiting` counted, the table
    made."""
    if waiting:
        counter.add(*_joined(waiting))
    return _terms(counter, counted, touchpoints)


def _joined(chunks: list[tuple]) -> tuple:
    """The columns of `chunks` (TermCounter.add's) as one chunk's: each call of `add` costs
    about 10 ms whatever its size (Arrow compiles its patterns again, the redaction's and
    the tokeniser's), and term counts do not depend on how the comments are cut into
    chunks. The chunks the build sends at once are few (it keeps WAIT_FOR_WORKER comments
    at most): on the benchmark, the worker's eight chunks counted two at a time took 1.10 s
    of CPU, one at a time 1.19 (medians of 3 runs, 3 times)."""
    if len(chunks) == 1:
        return chunks[0]
    texts = [chunk[0] for chunk in chunks]
    texts = [t.combine_chunks() if isinstance(t, pa.ChunkedArray) else t for t in texts]
    if len({text.type for text in texts}) > 1:  # files read as string and as large_string
        texts = [text.cast(pa.large_string()) for text in texts]
    columns = zip(*(chunk[1:] for chunk in chunks), strict=True)
    return (pa.concat_arrays(texts), *(np.concatenate(column) for column in columns))


def _finish_beside(pieces, terms, texts, redact) -> Pieces:
    """The worker's last part: the pieces of the sample left redacted, from the first on
    (`pieces` hands them out); of each, the texts its redaction changed are sent back
    (the others, most comments, the build has already: the reply pickled all 200,000
    texts of the benchmark's sample), with `terms`, the table made before."""
    redacted = {}
    while (taken := pieces.take_first()) is not None:
        redacted[taken] = redact.changed(pieces.of(texts, taken))
    return redacted, redact.counts, terms


def _terms(counter, counted, touchpoints) -> CountedTerms | None:
    """`counted` (another counter's counts) joined to `counter`'s, and summed for their
    table (before the sample's texts are read: it lets go of the counts); the build makes
    the table, in pandas, which the worker does not import."""
    if counter is None:
        counter = counted
    elif counted is not None:
        counter.absorb(counted)
    return counter.counted(touchpoints) if counter else None


class _Pieces:
    """The sample's pieces not yet taken, shared by both processes: the first left and the
    one after the last left, changed under a lock, so each piece is taken once, by whichever
    process asks first. A process takes half of the pieces left at once (at least one): each
    take redacts its texts in one pass of Arrow's (each pass compiles its patterns again, a
    few milliseconds), and the two processes still end a piece apart at most. Whichever
    comes second finds as many pieces left as the other is redacting at most, so it ends
    with it."""

    def __init__(self, context) -> None:
        self.size = PIECE  # this process's, given to the worker with the rest
        self.bounds = context.Array("q", 2)  # [first left, after the last left]

    def start(self, texts: int) -> None:
        with self.bounds.get_lock():
            self.bounds[0], self.bounds[1] = 0, -(-texts // self.size)

    def of(self, texts: pa.Array, taken: tuple[int, int]) -> pa.Array:
        """The texts of the pieces `taken` (the first's number, how many)."""
        first, count = taken
        return texts.slice(first * self.size, count * self.size)

    def places(self, taken: tuple[int, int]) -> slice:
        """Where the pieces `taken` lie among the texts."""
        first, count = taken
        return slice(first * self.size, (first + count) * self.size)

    def take_first(self) -> tuple[int, int] | None:
        with self.bounds.get_lock():
            first, end = self.bounds[:]
            if first >= end:
                return None
            count = -(-(end - first) // 2)
            self.bounds[0] = first + count
            return first, count

    def take_last(self, alive: Callable[[], bool]) -> tuple[int, int] | None:
        """None also once the worker (`alive` says whether it runs) is gone: killed while it
        held the lock, it never lets it go; its end is then reported by its reply."""
        lock = self.bounds.get_lock()
        while not lock.acquire(timeout=0.5):
            if not alive():
                return None
        try:
            first, end = self.bounds[:]
            if first >= end:
                return None
            count = -(-(end - first) // 2)
            self.bounds[1] = end - count
            return end - count, count
        finally:
            lock.release()


# Each worker's pieces, with its process, from its start until it has started or ended: the
# new process reads its arguments after `start` returns, and their lock, once let go here (the
# worker dropped before it started, its CommentWork never closed), would be gone for it. A
# worker's end takes its entry out; an entry of a worker dropped without its end goes at the
# next worker's start, once its process has ended.
_STARTING: dict[_Pieces, BaseProcess] = {}


class _Worker:
    """A process counting chunks one at a time, each sent only once it said it is idle: no
    chunk waits in a queue, so memory stays bounded and this process never blocks."""

    def __init__(self, make_counter: Callable[[], TermCounter]) -> None:
        forked = forks_safely()
        context = multiprocessing.get_context("fork" if forked else "spawn")
        for pieces, process in list(_STARTING.items()):
            if process.exitcode is not None:
                del _STARTING[pieces]
        self.connection, theirs = context.Pipe()
        self.pieces = _Pieces(context)
        # daemonic: ended when this process ends, whatever ends it
        self.process = context.Process(
            target=_serve,
            args=(
                theirs,
                make_counter,
                self.pieces,
                (self.connection, os.getpid()) if forked else None,
            ),
            name="touchsite comments",
            daemon=True,
        )
        _STARTING[self.pieces] = self.process
        try:
            self.process.start()
        except BaseException:  # not started (its maker cannot be pickled, say): no worker
            del _STARTING[self.pieces]
            self.connection.close()
            raise
        finally:
            theirs.close()
        self.ready = False
        self.said_ready = False  # once: it has started
        self.writing: threading.Thread | None = None  # the thread sending a message
        self.unsent: OSError | None = None  # why it could not

    def idle(self) -> bool:
        """Whether the worker waits for a chunk (it says so after its start and each chunk)."""
        if not self.ready and self.connection.poll():
            self._receive()
            self.ready = self.said_ready = True
            _STARTING.pop(self.pieces, None)
        return self.ready

    def started(self) -> bool:
        """Wait until the worker has started (True), or raise _NotStarted."""
        while not self.idle():
            self.connection.poll(None)
        return True

    def send(self, message, wait: bool = True) -> None:
        """Send `message`. Without `wait`, it is pickled here and a thread writes it: a large
        message (a chunk; the finish, behind the worker's last chunks) fills the pipe and
        would hold this process until the worker has read it all (a third of a second on the
        benchmark for the finish, with nothing done here)."""
        self.ready = False
        payload = ForkingPickler.dumps(message, PROTOCOL)
        if not wait:  # after the message a thread may still be writing
            self.writing = threading.Thread(
                target=self._write, args=(payload, self.writing), daemon=True
            )
            self.writing.start()
            return
        try:
            self.connection.send_bytes(payload)
        except OSError:  # it ended: what it sent last says why
            self.reply()
            raise

    def _write(self, payload: bytes, after: threading.Thread | None) -> None:
        if after is not None:
            after.join()
        try:
            self.connection.send_bytes(payload)
        except OSError as error:
            self.unsent = error

    def _written(self) -> None:
        """Wait for the thread sending the last message (after the one before it): the
        worker reads it, or has ended."""
        if self.writing is not None:
            self.writing.join()
            self.writing = None

    def reply(self) -> Pieces:
        """The finished work, once the worker has done it; its end is left to `end`, so
        this process does what it can meanwhile."""
        self._written()
        if self.unsent is not None:  # it ended: what it sent last says why
            unsent, self.unsent = self.unsent, None
            self.reply()
            raise unsent
        while (value := self._receive()) is None:  # it said it was idle
            pass
        return value

    def _receive(self):
        try:
            kind, value = self.connection.recv()
        except EOFError:
            if not self.said_ready:
                raise _NotStarted(self.end()) from None
            raise RuntimeError(
                f"the comments' worker process ended early (exit code {self.end()})"
            ) from None
        if kind in ("user", "error"):
            self.end()
            raise_failure(kind, value)
        return value

    def stop(self) -> None:
        """End the process now, whatever it is doing, and let go of what it used."""
        self.process.terminate()
        self.end()

    def end(self) -> int | None:
        """Wait for the process's end (it leaves as soon as it has replied, or been stopped;
        one still there after seconds is killed), then let go of its pipe, of the thread
        writing to it (the pipe, closed at the other end, fails its write) and its pieces."""
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self._written()  # the connection is closed once no thread writes to it
        self.connection.close()
        _STARTING.pop(self.pieces, None)
        return self.process.exitcode


class _NotStarted(Exception):
    """The worker ended before it could take any work."""


def _serve(
    connection,
    make_counter: Callable[[], TermCounter],
    pieces: _Pieces,
    forked_from: tuple[Connection, int] | None = None,
) -> None:
    """The worker's loop: count chunks, saying after each that it is idle, until told to
    finish; a failure is sent back, to be raised there as it would have been here.
    `forked_from`: the build's end of the pipe, which a forked worker holds too, and the
    build's process id."""
    if forked_from is not None:
        ours, parent = forked_from
        end_with_parent(parent)  # a build killed outright does not wait for this one
        ours.close()  # else the build's end stays open here: its end would never be read
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the build, which ends this
    # Nothing here needs pandas (the build makes the term counts' table), but pyarrow imports
    # it on its first pa.array, to ask whether it was given a pandas object: a quarter of a
    # second of this process's CPU. Not found, pyarrow does without.
    if "pandas" not in sys.modules:
        sys.meta_path.insert(0, _WithoutPandas())
    # Each chunk's arrays are about the size of the one before: the memory one frees is kept
    # for the next, until the counting is done (then the sample's texts are redacted beside
    # the build's largest arrays: the heap's top given back again, 100 MB less held there).
    hold_freed_heap(True)
    counter = make_counter()
    terms = None
    reply: tuple = ("ready", None)
    while reply[0] == "ready":
        try:
            connection.send(reply)
            kind, args = connection.recv()
        # the build ended without asking for the result: its end closed (or, with a message
        # of ours unread, reset) the connection
        except (EOFError, ConnectionError):
            return
        try:
            if kind == "add":
                counter.add(*_joined(args))
            elif kind == "count":
                terms, counter = _count_beside(counter, *args), None
                hold_freed_heap(False)
            else:
                reply = ("done", _finish_beside(pieces, terms, *args))
        except Exception as error:
            reply = failure(error)
    send(connection, reply, PROTOCOL)
    # Sent: leave without the interpreter's teardown, which frees the counts and the
    # libraries object by object while the build waits for this process's end (a tenth to
    # a quarter of a second at the benchmark's 300,000 comments). Nothing else is left open.
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    finally:
        os._exit(0)


class _WithoutPandas:
    """A finder of modules that finds pandas missing (and leaves the others to the rest)."""

    def find_spec(self, name: str, path=None, target=None) -> None:
        if name.partition(".")[0] == "pandas":
            raise ModuleNotFoundError(f"the comments' worker does without {name}", name=name)
