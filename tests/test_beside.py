"""The themes found in a forked process: the same report as found here, a failure there raised
here as here, and no process left behind, whatever ends the analysis."""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from types import MappingProxyType

import pytest

from tests.conftest import REPO, forks
from tests.test_compare import commit, history
from touchsite import beside
from touchsite.analyze import report, themes_report
from touchsite.beside import computed_beside, offered_beside
from touchsite.build import build
from touchsite.errors import Problem, UserError
from touchsite.pipeline import check
from touchsite.rebuild import Rebuilder

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="the platform cannot fork"
)


def _forks(monkeypatch) -> list[str]:
    """Every analysis forks from here on; the list names the forks."""
    monkeypatch.setattr(report, "THEMES_BESIDE_FROM", 0)
    return forks(monkeypatch)


def test_forked_themes_are_the_themes_found_here(monkeypatch):
    here = check(REPO, workers=1)
    forked = _forks(monkeypatch)
    there = check(REPO)
    assert forked == ["comment themes"]
    themes = {r.touchpoint.id: r.themes for r in here.touchpoints}
    assert any(themes.values())  # the example's comments have themes to compare
    assert {r.touchpoint.id: r.themes for r in there.touchpoints} == themes
    assert not multiprocessing.active_children()


def test_a_small_project_is_analysed_in_one_process(monkeypatch):
    forked = _forks(monkeypatch)
    monkeypatch.setattr(report, "THEMES_BESIDE_FROM", 10**9)
    check(REPO)
    assert forked == []


def test_the_preview_never_forks_beside_its_threads(monkeypatch, mini, tmp_path):
    """Neither its analysis nor that of the revision it compares with; a build of the same
    project forks for both."""
    project = history(mini, mini)
    config = project / "touchsite.yml"
    config.write_text(config.read_text(encoding="utf-8") + "compare_with: HEAD~1\n", "utf-8")
    commit(project, "compare with the first workshop")
    forked = _forks(monkeypatch)
    assert Rebuilder(project, tmp_path / "preview").rebuild().analysed
    assert forked == []
    build(project, tmp_path / "site")
    assert forked == ["comment themes", "comment themes"]


def _failing(error: BaseException):
    def theme_sets(*args):
        raise error

    return theme_sets


@pytest.mark.parametrize(
    "error",
    [ValueError("no themes today"), UserError.of([Problem("data/x.csv", 3, None, "a wrong row")])],
)
def test_a_failure_in_the_forked_process_is_raised_as_here(monkeypatch, error):
    monkeypatch.setattr(themes_report, "theme_sets", _failing(error))
    with pytest.raises(type(error)) as here:
        check(REPO, workers=1)
    _forks(monkeypatch)
    with pytest.raises(type(error)) as there:
        check(REPO)
    assert str(there.value) == str(here.value)
    if isinstance(error, UserError):
        assert there.value.problems == here.value.problems
    else:  # where it failed: the forked process's traceback, under the error
        assert "theme_sets" in str(there.value.__cause__)
    assert not multiprocessing.active_children()


class TwoArguments(Exception):
    """Pickled by its args alone, it cannot be made again from them."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(f"{message} on line {line}")


@pytest.mark.parametrize("unreadable", ["local class", "other arguments"])
def test_an_error_that_cannot_be_pickled_is_raised_by_its_message(unreadable):
    """An error pickle cannot find by its name, or cannot make again from its args."""

    class Here(Exception):  # a class pickle cannot find by its name
        pass

    def compute():
        if unreadable == "local class":
            raise Here("lost on the way")
        raise TwoArguments("lost on the way", 3)

    with (
        computed_beside(compute, fork=True, name="stand-in") as result,
        pytest.raises(RuntimeError) as raised,
    ):
        result()
    assert "lost on the way" in str(raised.value)
    assert "compute" in str(raised.value.__cause__)
    assert not multiprocessing.active_children()


def test_a_process_that_dies_is_reported_with_its_exit_code():
    with (
        computed_beside(lambda: os._exit(3), fork=True, name="stand-in") as result,
        pytest.raises(RuntimeError, match="exit code 3"),
    ):
        result()
    assert not multiprocessing.active_children()


@pytest.mark.parametrize("interrupt", [KeyboardInterrupt, ValueError])
def test_the_process_is_ended_when_the_analysis_is(interrupt):
    """Ctrl-C (or an error) in this process while the other still computes: it is ended at
    once, not waited for."""
    started = time.perf_counter()
    with (
        pytest.raises(interrupt),
        computed_beside(lambda: time.sleep(60), fork=True, name="stand-in"),
    ):
        (child,) = multiprocessing.active_children()
        raise interrupt()
    assert time.perf_counter() - started < 10
    assert not child.is_alive()
    assert not multiprocessing.active_children()


def test_without_a_fork_the_part_is_computed_here():
    with computed_beside(os.getpid, fork=False, name="stand-in") as result:
        assert result() == os.getpid()
    with computed_beside(os.getpid, fork=True, name="stand-in") as result:
        assert result() != os.getpid()


def test_a_fork_the_system_refuses_is_computed_here(monkeypatch):
    """No process to be had (a limit on processes or on memory): the work is done here."""

    def refused():
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", refused)
    with computed_beside(os.getpid, fork=True, name="stand-in") as result:
        assert result() == os.getpid()
    assert not multiprocessing.active_children()


def test_a_result_that_cannot_be_sent_is_raised_as_its_error():
    with (
        computed_beside(lambda: MappingProxyType({}), fork=True, name="stand-in") as result,
        pytest.raises(TypeError, match="pickle"),
    ):
        result()
    assert not multiprocessing.active_children()


def test_the_result_is_taken_without_waiting_for_the_process_to_end():
    """A large process takes a while to free its memory once it has sent its result: the
    analysis goes on meanwhile, and leaving the block waits for the rest."""

    def compute():
        # the process ends two seconds after its result is sent (a thread it waits for)
        threading.Thread(target=time.sleep, args=(2.0,)).start()
        return 42

    with computed_beside(compute, fork=True, name="stand-in") as result:
        assert result() == 42
        (child,) = multiprocessing.active_children()
        assert child.is_alive()  # still ending
    assert not child.is_alive() and child.exitcode == 0
    assert not multiprocessing.active_children()


def test_an_offered_result_is_taken_when_it_is_there():
    with offered_beside(os.getpid, fork=True, name="stand-in") as offered:
        deadline = time.perf_counter() + 10
        while multiprocessing.active_children() and time.perf_counter() < deadline:
            time.sleep(0.01)  # it ends once it has sent its result
        pid = offered()
    assert pid is not None and pid != os.getpid()
    assert not multiprocessing.active_children()


def test_an_offered_result_is_never_waited_for():
    """Not there yet: the caller does the work itself, and the process is ended."""
    with offered_beside(lambda: time.sleep(30), fork=True, name="stand-in") as offered:
        started = time.perf_counter()
        assert offered() is None
        assert time.perf_counter() - started < 1
        (child,) = multiprocessing.active_children()
    assert not child.is_alive()
    assert not multiprocessing.active_children()


def test_an_offered_part_runs_at_a_lower_priority():
    with offered_beside(lambda: os.nice(0), fork=True, name="stand-in") as offered:
        child = multiprocessing.active_children()[0]
        child.join(10)
        assert offered() == min(os.nice(0) + beside.NICENESS, 19)  # 19: the lowest


@pytest.mark.parametrize("how", ["raises", "exits", "killed"])
def test_an_offered_part_that_failed_offers_nothing(how):
    """A process that raised, ended or was killed (memory short) made the build fail with
    its error; what it offers is optional: the build does the work itself."""

    def compute() -> int:
        if how == "raises":
            raise MemoryError
        if how == "exits":
            os._exit(3)
        os.kill(os.getpid(), signal.SIGKILL)
        return 1

    with offered_beside(compute, fork=True, name="stand-in") as offered:
        multiprocessing.active_children()[0].join(10)
        assert offered() is None


def test_without_a_fork_nothing_is_offered():
    with offered_beside(os.getpid, fork=False, name="stand-in") as offered:
        assert offered() is None
    assert not multiprocessing.active_children()
