"""The comments' work in this process or in a worker process: the same result either way."""

from __future__ import annotations

import gc
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import textwrap
import threading
import time
from functools import partial
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import make_config
from touchsite.errors import UserError
from touchsite.load import comment_work, feedback, reducer
from touchsite.load.comment_work import CommentWork
from touchsite.load.feedback import load_feedback
from touchsite.load.privacy import Redactor
from touchsite.load.term_counts import CountedTerms, TermCounter
from touchsite.models import KPIS
from touchsite.project import load_project


def _running() -> bool:  # the worker, as take_last asks after it
    return True


ROOT = Path(__file__).resolve().parents[1]  # the example project
TEXTS = [
    "Der Rückruf kam nie, bitte unter 0171 7654321 melden.",
    "Lieferung pünktlich, Montage sauber. Kein Rückruf nötig!",
    "Schreiben Sie an max.mustermann@example.org oder Hauptstraße 5, 12345 Berlin",
    "IBAN DE89 3704 0044 0532 0130 00 – Erstattung fehlt immer noch",
    "Beratung im Showroom war kompetent, aber die Wartezeit lang",
    "Never called back. Delivery was late.",
    "Montage sauber",
]


def _chunks(count: int = 4, size: int = 60):
    """Chunks of TermCounter.add's columns, made up alike each time."""
    random = np.random.default_rng(7)
    for _ in range(count):
        picked = random.integers(0, len(TEXTS), size)
        yield (
            pa.array([TEXTS[i] for i in picked]),
            random.integers(0, 3, size),
            random.integers(650, 653, size),  # months since 1970
            random.integers(-1, len(KPIS), size),
            random.integers(0, 11, size),
        )


def _run(beside_from: int, monkeypatch, counter=TermCounter, wait: bool = True):
    """The work of _chunks() and a sample, shared with a worker from the chunk that makes
    `beside_from` comments on; `wait`: after each chunk until the worker is idle, so it
    counts all chunks after that one. Returns the number of chunks counted here, the
    sample redacted, what was redacted and the term counts."""
    monkeypatch.setattr(comment_work, "BESIDE_FROM", beside_from)
    work = CommentWork(partial(counter, make_config(language="de")))
    for chunk in _chunks():
        work.add(*chunk)
        while wait and work.worker is not None and not work.worker.idle():
            time.sleep(0.01)
    here = len(work.counter.forms)  # one part a chunk
    redact = Redactor("de")
    work.finish(["a", "b", "c"], pa.array(TEXTS * 2, pa.large_string()), redact)
    redacted, terms = work.outcome(redact)
    assert work.worker is None
    return here, redacted, dict(redact.counts), terms


def _worker_from_the_first_comment(monkeypatch) -> None:
    """A worker however few comments were read, and however few are left to come."""
    monkeypatch.setattr(comment_work, "BESIDE_FROM", 1)
    monkeypatch.setattr(comment_work, "LEFT_FOR_WORKER", 0)


@pytest.fixture(params=["fork", "spawn"])
def started_by(request, monkeypatch) -> str:
    """The worker forked (a build's command) or spawned (a preview, beside its threads)."""
    monkeypatch.setattr(comment_work, "forks_safely", lambda: request.param == "fork")
    return request.param


# all there (the first waits for the worker's start, each later one for the next chunk or
# the finish); the first here (no worker yet), three there; as the timing falls
@pytest.mark.parametrize(
    ("beside_from", "wait", "counted_here"), [(1, True, 0), (100, True, 1), (1, False, None)]
)
def test_a_worker_gives_what_this_process_gives(
    beside_from, wait, counted_here, started_by, monkeypatch
):
    here = _run(10**9, monkeypatch)
    there = _run(beside_from, monkeypatch, wait=wait)
    assert here[0] == 4
    assert there[0] == counted_here or not wait
    assert here[1] == there[1]
    assert "0171" not in " ".join(there[1])
    assert there[1][2] == "Schreiben Sie an [E-Mail entfernt] oder [Adresse entfernt]"
    assert here[2] == there[2] == {"address": 2, "email": 2, "iban": 2, "phone": 2}
    pd.testing.assert_frame_equal(here[3].counts, there[3].counts)
    assert here[3].forms == there[3].forms
    assert len(here[3].counts) > 20


@pytest.mark.parametrize("moments_beside", [0, 10**9], ids=["worker-first", "moments-beside"])
def test_the_example_loads_alike_in_one_process_and_two(moments_beside, started_by, monkeypatch):
    """Whether the moments are summed before the worker's reply is awaited or after."""

    def feedback():
        project, problems = load_project(ROOT)
        known = {tp.id for tp in project.touchpoints}
        return load_feedback(ROOT, project.config, known, problems)

    here = feedback()
    _worker_from_the_first_comment(monkeypatch)
    monkeypatch.setattr(reducer, "MOMENTS_BESIDE_COMMENTS", moments_beside)
    started = _record_workers(monkeypatch)
    there = feedback()
    assert [method for _, method in started] == [started_by]
    assert here.comments == there.comments
    assert sum(map(len, here.comments.values())) > 100
    assert here.redactions == there.redactions
    pd.testing.assert_frame_equal(here.terms.counts, there.terms.counts)
    assert here.terms.forms == there.terms.forms
    for part in ("groups", "pairs", "patterns"):
        pd.testing.assert_frame_equal(
            getattr(here.respondents, part), getattr(there.respondents, part)
        )
    assert len(here.respondents.groups) > 20


def test_each_piece_of_the_sample_is_taken_once_by_one_process_or_the_other():
    """Pieces taken from both ends, by this process and another one, at the same time."""
    context = multiprocessing.get_context("spawn")
    pieces = comment_work._Pieces(context)
    pieces.start(pieces.size * 400 + 1)  # 401 pieces, the last short
    queue = context.Queue()
    other = context.Process(target=_take_first, args=(pieces, queue))
    other.start()
    mine = []
    while (taken := pieces.take_last(_running)) is not None:
        mine.append(taken)
    theirs = queue.get(timeout=60)
    other.join(60)
    numbers = [first + n for first, count in mine + theirs for n in range(count)]
    assert sorted(numbers) == list(range(401))
    assert mine == sorted(mine, reverse=True) and theirs == sorted(theirs)
    assert pieces.take_first() is None and pieces.take_last(_running) is None


def _take_first(pieces, queue) -> None:
    taken = []
    while (each := pieces.take_first()) is not None:
        taken.append(each)
    queue.put(taken)


@given(st.integers(1, 500), st.lists(st.booleans(), max_size=40))
def test_each_take_is_half_of_the_pieces_left_and_the_last_one_a_single_piece(
    pieces_left, from_the_end
):
    """Half of what is left, rounded up, whichever end it is taken from: the first take
    of 2n pieces is n, the pieces taken adjoin, and the last one is one piece."""
    pieces = comment_work._Pieces(multiprocessing.get_context("spawn"))
    pieces.start(pieces.size * pieces_left)
    first, end, takes = 0, pieces_left, []
    for last in from_the_end + [False] * 12:  # log2(500) takes at most are left after them
        taken = pieces.take_last(_running) if last else pieces.take_first()
        if taken is None:
            break
        count = (end - first + 1) // 2
        assert taken == ((end - count, count) if last else (first, count))
        if last:
            end -= count
        else:
            first += count
        takes.append(taken)
    assert first == end and takes[-1][1] == 1
    assert pieces.take_first() is None


def test_the_pieces_cut_the_texts_where_the_worker_cuts_them(monkeypatch):
    """The piece size is this process's, whatever the worker's module says."""
    monkeypatch.setattr(comment_work, "PIECE", 3)
    pieces = comment_work._Pieces(multiprocessing.get_context("spawn"))
    monkeypatch.setattr(comment_work, "PIECE", 1000)
    texts = pa.array([str(number) for number in range(8)], pa.large_string())
    pieces.start(len(texts))
    assert [pieces.of(texts, (n, 1)).to_pylist() for n in range(3)] == [
        ["0", "1", "2"],
        ["3", "4", "5"],
        ["6", "7"],
    ]
    assert pieces.of(texts, (1, 2)).to_pylist() == ["3", "4", "5", "6", "7"]
    assert pieces.places((1, 2)) == slice(3, 9)
    taken = [pieces.take_first(), pieces.take_last(_running), pieces.take_last(_running)]
    assert taken == [(0, 2), (2, 1), None]


def one_by_one(texts: list[str]) -> list[str]:
    """The texts as a redactor redacts each alone: the path the pieces' redaction is not."""
    redact = Redactor("de")
    return [redact(text) for text in texts]


@pytest.mark.parametrize("piece", [1, 5, 10**6])
def test_the_sample_redacted_in_pieces_by_both_processes_is_the_sample_redacted(piece, monkeypatch):
    monkeypatch.setattr(comment_work, "PIECE", piece)
    here = _run(10**9, monkeypatch)
    there = _run(1, monkeypatch)
    assert there[1] == here[1] == one_by_one(TEXTS * 2)
    assert there[2] == here[2] == {"address": 2, "email": 2, "iban": 2, "phone": 2}


@given(st.lists(st.sampled_from(TEXTS) | st.text(max_size=40), max_size=20), st.integers(0, 3))
def test_the_changed_texts_put_in_place_of_theirs_are_the_texts_redacted(texts, skip):
    """The worker sends back only what its redaction changed, by place in the piece (a
    piece is a slice of the sample: its places count from the slice's start)."""
    alone = Redactor("de")
    redacted = [alone(text) for text in texts]
    together = Redactor("de")
    array = pa.array(["x"] * skip + texts, pa.large_string()).slice(skip)
    changed = together.changed(array)
    patched = list(texts)
    for place, text in changed.items():
        patched[place] = text
    assert patched == redacted
    assert together.counts == alone.counts
    assert all(texts[place] != text for place, text in changed.items())
    assert len(changed) == sum(a != b for a, b in zip(texts, redacted, strict=True))


class _FakeWorker:
    """A worker that is starting, then busy, then idle, as the test says."""

    def __init__(self, make_counter) -> None:
        self.said_ready = self.ready = False
        self.sent: list[tuple] = []

    def idle(self) -> bool:
        return self.ready

    def send(self, message, wait: bool = True) -> None:
        self.sent.append(message)
        self.ready = False


def test_a_chunk_the_pipe_cannot_hold_is_sent_while_the_build_reads_on(monkeypatch):
    # a chunk larger than the pipe holds is written by a thread: the build reads its next
    # chunk while the worker reads this one (here it is stopped, and reads nothing yet)
    _worker_from_the_first_comment(monkeypatch)
    monkeypatch.setattr(comment_work, "forks_safely", lambda: True)
    config = make_config(language="de")
    work = CommentWork(partial(TermCounter, config))
    small, *_ = _chunks(count=1, size=5)
    work.add(*small)
    assert work.worker.started()
    text = " ".join(TEXTS) + " Wartezeit" * 2_000  # 20 KB: 400 of them, 8 MB
    large = (pa.array([text] * 400), *(np.resize(column, 400) for column in small[1:]))
    os.kill(work.worker.process.pid, signal.SIGSTOP)
    adding = threading.Thread(target=work.add, args=large, daemon=True)
    try:
        adding.start()
        adding.join(30)  # (never, if the build waited for the worker to read the chunk)
        sent = not adding.is_alive()
    finally:
        os.kill(work.worker.process.pid, signal.SIGCONT)
    adding.join()
    assert sent
    redact = Redactor("de")
    work.finish(["a", "b", "c"], pa.array(TEXTS, pa.large_string()), redact)
    _, terms = work.outcome(redact)
    alone = TermCounter(config)
    for chunk in (small, large):
        alone.add(*chunk)
    expected = alone.result(["a", "b", "c"])
    pd.testing.assert_frame_equal(terms.counts, expected.counts)
    assert terms.forms == expected.forms


def test_chunks_wait_for_the_worker_up_to_a_bound_and_go_to_it_all_when_it_is_idle(monkeypatch):
    monkeypatch.setattr(comment_work, "_Worker", _FakeWorker)
    _worker_from_the_first_comment(monkeypatch)
    monkeypatch.setattr(comment_work, "WAIT_FOR_WORKER", 150)
    work = CommentWork(partial(TermCounter, make_config(language="de")))
    chunks = list(_chunks(count=7))  # 60 comments each
    for chunk in chunks[:4]:  # while it starts: 60, 120 wait; at 180 the oldest is counted
        work.add(*chunk)
    assert len(work.counter.forms) == 2
    assert [c[0] for c in work.waiting] == [chunks[2][0], chunks[3][0]]
    work.worker.said_ready = True  # started, and busy
    work.add(*chunks[4])
    assert len(work.counter.forms) == 3
    assert [c[0] for c in work.waiting] == [chunks[3][0], chunks[4][0]]
    work.worker.ready = True  # idle: it takes all that wait
    work.add(*chunks[5])
    [(kind, sent)] = work.worker.sent
    assert kind == "add" and [c[0] for c in sent] == [c[0] for c in chunks[3:6]]
    assert not work.waiting
    work.add(*chunks[6])  # busy again
    assert [c[0] for c in work.waiting] == [chunks[6][0]]
    assert len(work.counter.forms) == 3


def test_a_worker_starts_mid_file_only_where_enough_comments_are_to_come(monkeypatch):
    monkeypatch.setattr(comment_work, "_Worker", _FakeWorker)
    monkeypatch.setattr(comment_work, "BESIDE_FROM", 100)
    monkeypatch.setattr(comment_work, "LEFT_FOR_WORKER", 500)
    work = CommentWork(partial(TermCounter, make_config(language="de")))
    chunks = _chunks(count=4)  # 60 comments each
    work.add(*next(chunks), to_come=10_000)  # too few read yet
    work.add(*next(chunks), to_come=499)  # read enough, but too few to come
    assert work.worker is None and len(work.counter.forms) == 2
    work.add(*next(chunks), to_come=500)
    assert work.worker is not None
    work = CommentWork(partial(TermCounter, make_config(language="de")))
    for chunk in _chunks(count=2):
        work.add(*chunk)  # how many come is not known: as many as may
    assert work.worker is not None


def test_a_file_read_in_one_chunk_is_counted_here_however_many_comments_it_has(monkeypatch):
    """Once its only chunk is read nothing is left for a worker to take over: the example's
    comments are counted here even where a worker starts from the first comment read."""
    monkeypatch.setattr(comment_work, "BESIDE_FROM", 1)
    monkeypatch.setattr(comment_work, "_Worker", _NoWorker)
    assert sum(map(len, _example_feedback().comments.values())) > 100


def test_the_worker_starts_before_the_first_chunk_once_the_files_with_comments_are_large(
    monkeypatch,
):
    monkeypatch.setattr(comment_work, "_Worker", _FakeWorker)
    monkeypatch.setattr(comment_work, "START_EARLY_FROM", 1000)
    work = CommentWork(partial(TermCounter, make_config(language="de")))
    work.expect(600)
    assert work.worker is None
    work.expect(400)  # the files' bytes together
    assert work.worker is not None and work.comments == 0
    chunk = next(_chunks())
    work.add(*chunk)  # it starts: the chunk waits for it
    assert [c[0] for c in work.waiting] == [chunk[0]] and not work.counter.forms
    for counter, beside in ((None, True), (partial(TermCounter, make_config()), False)):
        work = CommentWork(counter)  # no terms counted; a worker that could not start
        work.beside = beside
        work.expect(10**9)
        assert work.worker is None


def _example_feedback():
    project, problems = load_project(ROOT)
    known = {tp.id for tp in project.touchpoints}
    return load_feedback(ROOT, project.config, known, problems)


def test_the_example_loads_alike_with_a_worker_started_before_its_first_chunk(monkeypatch):
    here = _example_feedback()
    monkeypatch.setattr(comment_work, "START_EARLY_FROM", 1)
    first_add = []
    add = CommentWork.add

    def recorded(self, *columns, **options):
        if not first_add:
            first_add.append(self.worker is not None)
        add(self, *columns, **options)

    monkeypatch.setattr(CommentWork, "add", recorded)
    there = _example_feedback()
    assert first_add == [True]
    assert here.comments == there.comments
    assert here.redactions == there.redactions
    pd.testing.assert_frame_equal(here.terms.counts, there.terms.counts)
    assert here.terms.forms == there.terms.forms


class _NoWorker:
    def __init__(self, make_counter) -> None:
        raise AssertionError("a worker started")


def test_the_example_is_loaded_in_this_process_alone(monkeypatch):
    """Its data file is far below START_EARLY_FROM, its comments below BESIDE_FROM."""
    monkeypatch.setattr(comment_work, "_Worker", _NoWorker)
    assert sum(map(len, _example_feedback().comments.values())) > 100


class RefusingCounter(TermCounter):
    """Raises what a user's mistake raises, in whichever process counts."""

    def add(self, *columns) -> None:
        raise UserError("the comment cannot be read", "write it again", "data.csv", 3)


def test_a_users_mistake_in_the_worker_is_the_same_clean_message(monkeypatch):
    for beside_from in (10**9, 1):  # here; there
        with pytest.raises(UserError) as raised:
            _run(beside_from, monkeypatch, RefusingCounter)
        [problem] = raised.value.problems
        assert (problem.path, problem.line, problem.message, problem.hint) == (
            "data.csv",
            3,
            "the comment cannot be read",
            "write it again",
        )


def test_a_bug_in_the_worker_is_raised_here_with_its_traceback(monkeypatch):
    _worker_from_the_first_comment(monkeypatch)
    work = CommentWork(partial(TermCounter, make_config()))
    chunks = _chunks()
    work.add(*next(chunks))  # starts the worker
    while not work.worker.idle():
        time.sleep(0.01)
    texts, touchpoint, month, kpi, score = next(chunks)
    # columns of unequal length: numpy cannot pack a comment's cell of them
    work.add(texts, touchpoint[:3], month, kpi, score)
    redact = Redactor("de")
    work.finish(["a"], pa.array([], pa.large_string()), redact)
    with pytest.raises(ValueError, match="broadcast") as raised:
        work.outcome(redact)
    assert "term_counts.py" in str(raised.value.__cause__)


def _counter_with_a_slow_exit(config) -> TermCounter:
    """A counter whose process would take 30 s to end through the interpreter's exit."""
    import atexit

    atexit.register(time.sleep, 30)
    return TermCounter(config)


def test_the_worker_leaves_as_soon_as_it_has_replied(monkeypatch):
    """The build does not wait for the worker's teardown (its exit handlers, its objects
    freed one by one): the worker leaves at once, with exit code 0."""
    _worker_from_the_first_comment(monkeypatch)
    work = CommentWork(partial(_counter_with_a_slow_exit, make_config(language="de")))
    for chunk in _chunks():
        work.add(*chunk)
    process = work.worker.process
    redact = Redactor("de")
    started = time.monotonic()
    work.finish(["a", "b", "c"], pa.array(TEXTS * 2, pa.large_string()), redact)
    redacted, _terms = work.outcome(redact)
    assert time.monotonic() - started < 20
    assert process.exitcode == 0
    assert redacted == one_by_one(TEXTS * 2)


def test_the_build_makes_its_term_table_while_the_worker_leaves(monkeypatch):
    """Once it has replied, the worker's end (the kernel taking its memory back: 25-50 ms on
    the benchmark) is not waited for before the build's own last work: the term counts'
    table is made meanwhile, and the end is awaited after it."""
    _worker_from_the_first_comment(monkeypatch)
    real_exit = os._exit

    def slow_exit(code: int) -> None:  # the worker's, after its reply
        time.sleep(3)
        real_exit(code)

    monkeypatch.setattr(comment_work, "os", SimpleNamespace(getpid=os.getpid, _exit=slow_exit))
    work = CommentWork(partial(TermCounter, make_config(language="de")))
    for chunk in _chunks():
        work.add(*chunk)
    process = work.worker.process
    alive_at_table = []
    table = CountedTerms.term_counts

    def term_counts(self):
        alive_at_table.append(process.is_alive())
        return table(self)

    monkeypatch.setattr(CountedTerms, "term_counts", term_counts)
    redact = Redactor("de")
    work.finish(["a", "b", "c"], pa.array(TEXTS * 2, pa.large_string()), redact)
    redacted, terms = work.outcome(redact)
    assert alive_at_table == [True]
    assert process.exitcode == 0  # awaited before the outcome returned
    assert redacted == one_by_one(TEXTS * 2)
    assert terms is not None and len(terms.counts) > 20


class _MarkingCounter(TermCounter):
    """Leaves a file at `made` once it has made the table of its counts."""

    def __init__(self, config, made: Path) -> None:
        super().__init__(config)
        self.made = made

    def counted(self, touchpoints):
        counted = super().counted(touchpoints)
        self.made.write_text("made")
        return counted


def test_the_worker_makes_the_term_table_before_the_sample_is_ranked_and_sent(
    tmp_path, monkeypatch
):
    """Once no chunk comes, the worker makes the table while the build ranks the sample's
    comments (it waited for the sample before); the outcome is the one made here alone."""
    here = _run(10**9, monkeypatch)
    _worker_from_the_first_comment(monkeypatch)
    made = tmp_path / "made"
    work = CommentWork(partial(_MarkingCounter, make_config(language="de"), made))
    for chunk in _chunks():
        work.add(*chunk)
    work.count_last(["a", "b", "c"])
    started = time.monotonic()
    while not made.exists() and time.monotonic() - started < 60:
        time.sleep(0.01)
    assert made.exists()  # no sample sent yet
    redact = Redactor("de")
    work.finish(["a", "b", "c"], pa.array(TEXTS * 2, pa.large_string()), redact)
    redacted, terms = work.outcome(redact)
    assert work.worker is None
    assert redacted == here[1]
    assert dict(redact.counts) == here[2]
    pd.testing.assert_frame_equal(terms.counts, here[3].counts)
    assert terms.forms == here[3].forms


def test_a_chunk_after_the_last_counts_is_refused_not_lost(monkeypatch):
    """Once the worker was sent the last counts, a chunk added would count nowhere: the
    build's mistake is said, not a theme's count silently short."""
    _worker_from_the_first_comment(monkeypatch)
    work = CommentWork(partial(TermCounter, make_config(language="de")))
    chunks = list(_chunks())
    for chunk in chunks:
        work.add(*chunk)
    work.count_last(["a", "b", "c"])
    assert work.counted_beside
    with pytest.raises(RuntimeError, match="after count_last"):
        work.add(*chunks[0])
    work.close()


class SlowCounter(TermCounter):
    """Counts each chunk five seconds long: a worker busy with one."""

    def add(self, *columns) -> None:
        time.sleep(5)
        super().add(*columns)


def test_the_finish_sent_while_the_worker_is_busy_does_not_hold_this_process(monkeypatch):
    """The finish (texts far larger than a pipe holds) is written by a thread while the
    worker counts its last chunk; this process goes on, and the outcome is the same."""
    _worker_from_the_first_comment(monkeypatch)
    work = CommentWork(partial(SlowCounter, make_config(language="de")))
    chunks = _chunks()
    work.add(*next(chunks))
    while not work.worker.idle():
        time.sleep(0.01)
    work.add(*next(chunks))  # the worker is busy with it for five seconds
    texts = TEXTS * 20_000  # about 8 MB
    redact = Redactor("de")
    started = time.monotonic()
    work.finish(["a", "b", "c"], pa.array(texts, pa.large_string()), redact)
    assert time.monotonic() - started < 2.5  # half the wait for the worker, on a busy machine
    redacted, terms = work.outcome(redact)
    assert redacted == one_by_one(texts)
    assert terms is not None and len(terms.counts)


def test_a_worker_left_without_finishing_ends(monkeypatch):
    _worker_from_the_first_comment(monkeypatch)
    work = CommentWork(partial(TermCounter, make_config()))
    work.add(*next(_chunks()))
    process = work.worker.process
    del work
    gc.collect()
    process.join(30)
    assert process.exitcode == 0


def _record_workers(monkeypatch) -> list[tuple[int, str]]:
    """The process ids of the workers started from now on, each with how it was started
    (only these: a worker kept here would keep its pipe open)."""
    started = []

    class Recorded(comment_work._Worker):
        def __init__(self, make_counter) -> None:
            super().__init__(make_counter)
            started.append((self.process.pid, self.process._start_method))

    monkeypatch.setattr(comment_work, "_Worker", Recorded)
    return started


def _raise(error: BaseException):
    def raising(*args, **kwargs):
        raise error

    return raising


def _mini_feedback(root: Path):
    project, problems = load_project(root)
    return load_feedback(root, project.config, {tp.id for tp in project.touchpoints}, problems)


def _unanswered(root: Path) -> None:
    """Every row of the mini project's data for a touchpoint it does not have: no answers."""
    data = root / "data" / "feedback.csv"
    header, *rows = data.read_text(encoding="utf-8").splitlines()
    rows = [row.replace(",search,", ",nowhere,").replace(",hotline,", ",nowhere,") for row in rows]
    data.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")


def _open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.parametrize(
    "failure",
    [RuntimeError("a bug"), KeyboardInterrupt(), None],
    ids=["bug", "ctrl-c", "no-answers"],
)
def test_a_build_failing_before_its_first_chunk_ends_the_worker_started_early(
    failure, mini, monkeypatch
):
    """The worker starts before the first chunk is read (here at any size); the reading then
    fails (a bug, Ctrl-C), or ends with no answer to finish (each row for an unknown
    touchpoint, reported): the worker is ended and forgotten when the build ends, not
    left importing, then waiting, until this process ends."""
    monkeypatch.setattr(comment_work, "START_EARLY_FROM", 1)
    started = _record_workers(monkeypatch)
    if failure is None:
        _unanswered(mini)
        assert _mini_feedback(mini).rows == 0
    else:
        monkeypatch.setattr(feedback, "check_rows", _raise(failure))
        with pytest.raises(type(failure)):
            _mini_feedback(mini)
    [(worker, _)] = started
    assert not _alive(worker)
    assert not comment_work._STARTING


class SlowTableCounter(TermCounter):
    """Makes its table thirty seconds long: a worker still at the last part."""

    def result(self, touchpoints):
        time.sleep(30)
        return super().result(touchpoints)


@pytest.mark.parametrize("failure", [MemoryError(), KeyboardInterrupt()], ids=["error", "ctrl-c"])
def test_a_build_failing_between_the_finish_and_the_outcome_ends_the_worker(
    failure, mini, monkeypatch
):
    """The worker has the last part (its table takes thirty seconds); the build fails while
    it makes its own part (the answers' count table): the worker is stopped, not left to
    finish work nobody reads."""
    _worker_from_the_first_comment(monkeypatch)
    monkeypatch.setattr(reducer, "TermCounter", SlowTableCounter)
    monkeypatch.setattr(reducer.Reducer, "_count_table", _raise(failure))
    finish = CommentWork.finish
    finished = []

    def recorded(self, *args):
        finish(self, *args)
        finished.append(self.worker is not None and self.worker.writing is not None)

    monkeypatch.setattr(CommentWork, "finish", recorded)
    started = _record_workers(monkeypatch)
    began = time.monotonic()
    with pytest.raises(type(failure)):
        _mini_feedback(mini)
    assert finished == [True]  # the last part was sent to the worker
    [(worker, _)] = started
    assert not _alive(worker)
    assert not comment_work._STARTING
    assert time.monotonic() - began < 20  # not the worker's thirty seconds


def test_repeated_failing_builds_leave_no_process_pipe_or_entry_behind(
    mini, started_by, monkeypatch
):
    """A preview's failing rebuilds, one after the other in one process: as many open
    files after five as after one, and no worker left."""
    monkeypatch.setattr(comment_work, "START_EARLY_FROM", 1)
    started = _record_workers(monkeypatch)
    failures = [RuntimeError("a bug"), KeyboardInterrupt()]

    def build(number: int) -> None:
        monkeypatch.setattr(feedback, "check_rows", _raise(failures[number % 2]))
        with pytest.raises(type(failures[number % 2])):
            _mini_feedback(mini)

    build(0)  # the first starts what stays (the semaphores' tracker, shared memory's heap)
    files = _open_fds()
    for number in range(1, 6):
        build(number)
    pids = [pid for pid, _ in started]
    assert len(pids) == 6
    assert not [pid for pid in pids if _alive(pid)]
    assert not [child for child in multiprocessing.active_children() if child.pid in pids]
    assert not comment_work._STARTING
    assert _open_fds() == files


def test_a_worker_that_cannot_be_started_leaves_no_entry_or_pipe(monkeypatch):
    """Its counter's maker cannot be sent to a spawned process (a bug): the error is raised,
    and nothing of the worker is kept."""
    _worker_from_the_first_comment(monkeypatch)
    monkeypatch.setattr(comment_work, "forks_safely", lambda: False)
    config = make_config()
    files = None
    for _ in range(2):  # the first starts what stays (the semaphores' tracker, the heap)
        work = CommentWork(lambda: TermCounter(config))  # a local function: not picklable
        with pytest.raises(AttributeError, match="pickle"):
            work.add(*next(_chunks()))
        assert work.worker is None
        assert not comment_work._STARTING
        files = files or _open_fds()
    assert _open_fds() == files


def test_ctrl_c_leaves_no_worker_behind():
    script = textwrap.dedent(
        """
        import sys, time
        import pyarrow as pa, numpy as np
        from tests.conftest import make_config
        from touchsite.load import comment_work
        from touchsite.load.term_counts import CountedTerms, TermCounter
        from functools import partial

        if __name__ == "__main__":
            # Ctrl-C as a terminal delivers it, whatever this test inherited (a shell's
            # background job starts with SIGINT ignored, and so would this process)
            import signal
            signal.signal(signal.SIGINT, signal.default_int_handler)
            comment_work.BESIDE_FROM = 1
            work = comment_work.CommentWork(partial(TermCounter, make_config()))
            ones = np.ones(1, dtype=np.int64)
            work.add(pa.array(["Montage sauber"]), ones, ones, ones, ones)
            print(work.worker.process.pid, flush=True)
            time.sleep(60)
        """
    )
    build = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    worker = int(build.stdout.readline())
    build.send_signal(signal.SIGINT)
    build.wait(30)
    assert "KeyboardInterrupt" in build.stderr.read()
    deadline = time.monotonic() + 10
    while _alive(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(worker)


def test_a_forked_worker_ends_with_a_build_killed_outright():
    """Killed (SIGKILL: out of memory, a CI job's limit), the build runs nothing more: its
    forked worker, which holds a copy of every pipe's end, does not wait on for ever."""
    script = textwrap.dedent(
        """
        import time
        import pyarrow as pa, numpy as np
        from tests.conftest import make_config
        from touchsite.load import comment_work
        from touchsite.load.term_counts import CountedTerms, TermCounter
        from functools import partial

        if __name__ == "__main__":
            comment_work.BESIDE_FROM = 1
            work = comment_work.CommentWork(partial(TermCounter, make_config()))
            ones = np.ones(1, dtype=np.int64)
            work.add(pa.array(["Montage sauber"]), ones, ones, ones, ones)
            process = work.worker.process
            print(process.pid, process._start_method, flush=True)
            time.sleep(60)
        """
    )
    build = subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    worker, method = build.stdout.readline().split()
    assert method == "fork"  # a program alone on its thread forks
    build.kill()
    build.wait(30)
    deadline = time.monotonic() + 10
    while _alive(int(worker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(int(worker))


def test_a_worker_is_spawned_where_another_thread_runs(monkeypatch):
    """A preview builds beside its server's threads: a process forked while one of them
    holds a lock could hang on it, so the worker is spawned there. (A program alone on its
    thread forks it: test_a_forked_worker_ends_with_a_build_killed_outright.)"""
    _worker_from_the_first_comment(monkeypatch)
    started = _record_workers(monkeypatch)
    stop = threading.Event()
    beside = threading.Thread(target=stop.wait)
    beside.start()
    try:
        work = CommentWork(partial(TermCounter, make_config()))
        work.add(*next(_chunks()))
        work.close()
    finally:
        stop.set()
        beside.join()
    assert [method for _, method in started] == ["spawn"]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_a_program_read_from_standard_input_counts_in_one_process():
    """A spawned worker re-imports the program's main module, which `python -` does not
    have: it ends before it starts, and this process does all the work, with the same
    result."""
    script = textwrap.dedent(
        """
        from pathlib import Path
        from touchsite.load import comment_work
        from touchsite.load.feedback import load_feedback
        from touchsite.project import load_project

        comment_work.BESIDE_FROM, comment_work.LEFT_FOR_WORKER = 1, 0
        comment_work.forks_safely = lambda: False  # as beside a preview's threads
        project, problems = load_project(Path("."))
        known = {tp.id for tp in project.touchpoints}
        feedback = load_feedback(Path("."), project.config, known, problems)
        print(sum(map(len, feedback.comments.values())), int(feedback.terms.counts["n"].sum()))
        """
    )
    ran = subprocess.run(
        [sys.executable, "-"],
        input=script,
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr
    project, problems = load_project(ROOT)
    here = load_feedback(ROOT, project.config, {tp.id for tp in project.touchpoints}, problems)
    expected = f"{sum(map(len, here.comments.values()))} {int(here.terms.counts['n'].sum())}"
    assert ran.stdout.split("\n")[-2] == expected


def test_a_worker_killed_while_it_holds_the_pieces_lock_does_not_hang_this_process():
    """Killed inside the lock (its window is tiny, but an out-of-memory kill may land there),
    the worker never lets the lock go: this process stops taking pieces once the worker is
    gone, and the worker's missing reply says what happened."""
    context = multiprocessing.get_context("fork")
    pieces = comment_work._Pieces(context)
    pieces.start(100)
    holder = context.Process(target=lambda: (pieces.bounds.get_lock().acquire(), os._exit(0)))
    holder.start()
    holder.join()
    started = time.monotonic()
    assert pieces.take_last(holder.is_alive) is None
    assert time.monotonic() - started < 5
    free = comment_work._Pieces(context)
    free.start(3 * free.size)
    assert [free.take_last(lambda: True) for _ in range(3)] == [(1, 2), (0, 1), None]


def test_the_workers_reading_needs_no_pandas():
    """The worker leaves pandas unimported (pyarrow asks for it on its first array): counting
    terms, summing them and redacting work without it, and give what they give here."""
    script = textwrap.dedent(
        """
        import pickle, sys
        from touchsite.load.comment_work import _WithoutPandas
        sys.meta_path.insert(0, _WithoutPandas())
        from tests.conftest import make_config
        from touchsite.load.privacy import Redactor
        from touchsite.load.term_counts import CountedTerms, TermCounter
        import pyarrow as pa
        counter = TermCounter(make_config(language="de"))
        chunks, texts = pickle.loads(sys.stdin.buffer.read())
        for chunk in chunks:
            counter.add(*chunk)
        changed = Redactor("de").changed(pa.array(texts, pa.large_string()))
        try:
            import pandas  # noqa: F401
        except ImportError:
            pass
        assert "pandas" not in sys.modules
        sys.stdout.buffer.write(pickle.dumps((counter.counted(["a", "b", "c"]), changed)))
        """
    )
    chunks = list(_chunks())
    ran = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps((chunks, TEXTS)),
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr.decode()
    counted, changed = pickle.loads(ran.stdout)
    here = TermCounter(make_config(language="de"))
    for chunk in chunks:
        here.add(*chunk)
    expected = here.result(["a", "b", "c"])
    pd.testing.assert_frame_equal(counted.term_counts().counts, expected.counts)
    assert counted.term_counts().forms == expected.forms
    assert changed == Redactor("de").changed(pa.array(TEXTS, pa.large_string()))
    assert changed  # there was something to redact


def test_the_workers_counter_is_made_without_babel():
    """The worker is given the redaction's labels with its counter's maker: making the
    counter neither imports Babel nor parses the catalogue, and the labels are the
    language's."""
    config = make_config(language="de")
    with reducer.Reducer(["a"], config) as reduced:
        maker = reduced.comment_work.make_counter
    script = textwrap.dedent(
        """
        import pickle, sys
        import touchsite.load.comment_work  # as the spawned worker does, before the maker
        counter = pickle.loads(sys.stdin.buffer.read())()
        assert "babel" not in sys.modules, "Babel imported"
        sys.stdout.buffer.write(pickle.dumps(counter.redact.labels))
        """
    )
    ran = subprocess.run(
        [sys.executable, "-c", script],
        input=pickle.dumps(maker),
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )
    assert ran.returncode == 0, ran.stderr.decode()
    labels = pickle.loads(ran.stdout)
    assert labels == Redactor("de").labels
    assert labels["email"] != "[email removed]"  # translated


class _CallCounter(TermCounter):
    calls = 0

    def add(self, *columns) -> None:
        _CallCounter.calls += 1
        super().add(*columns)


def test_the_chunks_sent_at_once_are_counted_in_one_call_and_alike(monkeypatch):
    # each call costs alike however few comments it has: the chunks of one message are
    # joined, those of files read as string and as large_string too
    monkeypatch.setattr(_CallCounter, "calls", 0)
    nps = KPIS.index("nps")
    chunks = [
        (pa.array(["Slow delay.", "Mail jane.doe@example.org now"]), *_cells([0, 1], 600, nps, 2)),
        (pa.array(["Slow delay!"], pa.large_string()), *_cells([1], 601, nps, 10)),
    ]
    counter = _CallCounter(make_config(language="en"))
    counted = comment_work._count_beside(counter, None, chunks, ["a", "b"])
    assert _CallCounter.calls == 1
    rows = counted.term_counts().counts.astype(str).itertuples(index=False, name=None)
    assert {row[:4]: int(row[4]) for row in rows} == {
        ("a", "2020-01", "negative", ""): 1,
        ("b", "2020-01", "negative", ""): 1,
        ("b", "2020-02", "positive", ""): 1,
        # "slow", "delay", "slow delay": in two comments; "mail", "now": in one (the address
        # redacted first: its words are no terms)
        ("a", "2020-01", "negative", "slow"): 1,
        ("a", "2020-01", "negative", "delay"): 1,
        ("a", "2020-01", "negative", "slow delay"): 1,
        ("b", "2020-02", "positive", "slow"): 1,
        ("b", "2020-02", "positive", "delay"): 1,
        ("b", "2020-02", "positive", "slow delay"): 1,
    }


def _cells(touchpoints: list[int], month: int, kpi: int, score: int) -> tuple[np.ndarray, ...]:
    """TermCounter.add's columns but the texts: comments at `touchpoints` in `month`
    (months since 1970), each with `score` of KPI number `kpi`."""
    n = len(touchpoints)
    return (
        np.array(touchpoints),
        np.full(n, month),
        np.full(n, kpi, dtype=np.int8),
        np.full(n, score, dtype=np.int16),
    )


class _Conversation:
    """The build's end of the worker's pipe, in this process: it sends `messages` in turn,
    then ends (the worker returns, as when a build ends without its outcome)."""

    def __init__(self, messages: list[tuple], heap: list[bool]) -> None:
        self.messages, self.heap, self.heard = list(messages), heap, []

    def send(self, reply) -> None:
        self.heard.append((reply[0], list(self.heap)))

    def recv(self):
        if not self.messages:
            raise EOFError
        return self.messages.pop(0)


def test_the_worker_holds_the_memory_it_frees_while_it_counts_only(monkeypatch):
    heap: list[bool] = []
    monkeypatch.setattr(comment_work, "hold_freed_heap", heap.append)
    chunk = next(_chunks(1))
    talk = _Conversation([("add", [chunk]), ("count", (None, [], ["a", "b", "c"]))], heap)
    maker = partial(TermCounter, make_config(language="de"))
    with monkeypatch.context() as patch:
        patch.setattr(signal, "signal", lambda *args: None)
        comment_work._serve(talk, maker, comment_work._Pieces(multiprocessing.get_context()))
    # held before the first chunk, let go once the table is made (before the sample)
    assert talk.heard == [("ready", [True]), ("ready", [True]), ("ready", [True, False])]
