"""The project's text files read ahead, in a forked process, while a command imports the rest
of the program: the same project and the same problems as read here, the same site, and a
mistake reported as it is without the fork."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
import time

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, forks, tree
from touchsite import project as project_module
from touchsite.__main__ import cli
from touchsite.commands import build as build_command
from touchsite.load import content
from touchsite.models.markdown import parsed
from touchsite.project import load_project, loaded_ahead

pytestmark = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="the platform cannot fork"
)


def _forks(monkeypatch, alone: bool | None = True) -> list[str]:
    """The names of the processes forked from here on; `alone`: whether the reading ahead
    finds this process without other threads (pytest's may have some; None: as it is)."""
    if alone is not None:
        monkeypatch.setattr(project_module, "_worth_a_fork", lambda: alone)
    # what an earlier reading here left, which a process forked now would find: it reads anew
    monkeypatch.setattr(content, "_LAST_READ", {})
    parsed.cache_clear()
    return forks(monkeypatch)


def _problems(loaded) -> list:
    project, problems = loaded
    return [str(problem) for problem in problems._items]


def test_a_project_read_ahead_is_the_project_read_here(monkeypatch):
    here = load_project(REPO)
    forked = _forks(monkeypatch)
    with loaded_ahead(REPO) as loaded:
        there = loaded()
    assert forked == ["project reading"]
    assert there[0] == here[0]
    assert len(there[0].touchpoints) > 20 and there[0].journeys  # the example has both
    assert _problems(there) == _problems(here)
    assert not multiprocessing.active_children()


def test_beside_other_threads_the_project_is_read_here(monkeypatch):
    """A process forked while another thread holds a lock can hang on it."""
    forked = _forks(monkeypatch, alone=None)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        with loaded_ahead(REPO) as loaded:
            assert loaded()[0] == load_project(REPO)[0]
        assert forked == []
    finally:
        stop.set()
        other.join()


def _run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.mark.parametrize("command", ["build", "check"])
def test_a_command_reads_its_project_beside_its_imports(monkeypatch, mini, tmp_path, command):
    """The same site (byte for byte) and the same words as a command reading it here; the
    reading has started before the rest of the program is imported."""

    def run(out: str):
        return _run(
            command, str(mini), *(["-o", str(tmp_path / out)] if command == "build" else [])
        )

    forked = _forks(monkeypatch, alone=False)
    here = run("here")
    assert forked == []
    forked = _forks(monkeypatch, alone=True)
    imported = build_command._build

    def imports():
        assert forked == ["project reading"]
        return imported()

    monkeypatch.setattr(build_command, "_build", imports)
    there = run("there")
    assert forked[0] == "project reading"
    assert here.exit_code == there.exit_code == 0
    if command == "build":
        assert tree(tmp_path / "there") == tree(tmp_path / "here")
    else:
        assert there.output == here.output
    assert not multiprocessing.active_children()


@pytest.mark.parametrize(
    "mistake",
    [
        ("touchsite.yml", "title: [unclosed\n"),  # no config: the reading ends the check
        ("content/touchpoints/hotline.md", "---\ntitle: Hotline\nphase: [\n---\nBody\n"),
    ],
    ids=["config", "front matter"],
)
def test_a_mistake_read_ahead_is_reported_as_read_here(monkeypatch, mini, mistake):
    name, text = mistake
    (mini / name).write_text(text, encoding="utf-8")
    _forks(monkeypatch, alone=False)
    here = _run("build", str(mini))
    forked = _forks(monkeypatch, alone=True)
    there = _run("build", str(mini))
    assert forked[:1] == ["project reading"]
    assert here.exit_code == there.exit_code == 1
    assert there.output == here.output
    assert name in there.output
    assert not (mini / "site").exists()
    assert not multiprocessing.active_children()


def test_a_reading_that_dies_is_reported_with_its_exit_code(monkeypatch, mini):
    forked = _forks(monkeypatch)
    monkeypatch.setattr(project_module, "load_project", lambda root: os._exit(5))
    with pytest.raises(RuntimeError, match="project reading process ended early .*5"):
        _run("build", str(mini))
    assert forked == ["project reading"]
    assert not (mini / "site").exists()
    assert not multiprocessing.active_children()


def test_the_reading_is_ended_when_the_command_fails_first(monkeypatch, mini):
    """A failure before the project is asked for (here: in the imports) leaves no process."""
    forked = _forks(monkeypatch)
    monkeypatch.setattr(project_module, "load_project", lambda root: time.sleep(60))

    def failing():
        raise RuntimeError("the imports failed")

    monkeypatch.setattr(build_command, "_build", failing)
    started = time.perf_counter()
    with pytest.raises(RuntimeError, match="the imports failed"):
        _run("build", str(mini))
    assert forked == ["project reading"]
    assert time.perf_counter() - started < 10  # ended, not waited for
    assert not multiprocessing.active_children()


def test_the_command_line_forks_for_the_reading_before_its_imports(mini):
    """As a user runs it: the reading forks (given a second core) from a process that has
    imported none of the later stages' libraries, nor started a thread."""
    script = f"""
import sys
from touchsite import beside
start = beside._Forked.__init__
def counted(self, compute, name):
    print("forked", name, *sorted({LIBRARIES!r} & set(sys.modules)), flush=True)
    start(self, compute, name)
beside._Forked.__init__ = counted
sys.argv = ["touchsite", "check", {str(mini)!r}]
from touchsite.__main__ import main
main()
"""
    ran = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300, cwd=REPO
    )
    assert ran.returncode == 0, ran.stderr
    lines = ran.stdout.splitlines()
    if len(os.sched_getaffinity(0)) > 1:
        assert lines[0] == "forked project reading"  # and no library named after it
    else:
        assert not any(line.startswith("forked project") for line in lines)
    assert any(line.startswith("OK:") for line in lines)


LIBRARIES = {"numpy", "pandas", "pyarrow", "scipy", "plotly", "jinja2", "babel"}
