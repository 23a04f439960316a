"""The processes a build starts end with it, even when it is killed outright (SIGKILL).

Each case runs a build, or the part that starts the processes, in a child that stops once
they run; the test kills it and waits for each process it had started to end."""

from __future__ import annotations

import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import MINI, alive
from touchsite.children import end_with_parent

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the kernel ends them on Linux alone"
)

# The touchpoint pages rendered by two forked workers (whatever the CPUs), the first of
# them stopping in its run of pages
RENDER = """
import os, pathlib, sys, time
import touchsite.render.site as site_module
from touchsite.build import build

project, out, marker = map(pathlib.Path, sys.argv[1:])
site_module.PARALLEL_PAGES = 1
site_module.os.cpu_count = lambda: 2

def stuck(start, stop):
    (marker / str(os.getpid())).touch()
    time.sleep(600)

site_module._forked_run = stuck
build(project, out)
"""

# The analysis' forked process, stopping in its computation
BESIDE = """
import os, pathlib, sys, time
from touchsite.beside import computed_beside

marker = pathlib.Path(sys.argv[3])

def stuck():
    (marker / str(os.getpid())).touch()
    time.sleep(600)

with computed_beside(stuck, fork=True, name="stand-in") as result:
    result()
"""


@pytest.mark.parametrize("stage", ["render", "beside"])
def test_a_build_killed_outright_leaves_none_of_its_processes(tmp_path: Path, stage: str):
    marker = tmp_path / "running"
    marker.mkdir()
    script = textwrap.dedent({"render": RENDER, "beside": BESIDE}[stage])
    arguments = [str(MINI), str(tmp_path / "site"), str(marker)]
    build = subprocess.Popen([sys.executable, "-c", script, *arguments])
    deadline = time.monotonic() + 60
    while not any(marker.iterdir()):
        assert build.poll() is None, "the build ended before its processes ran"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    started = _children(build.pid)
    assert {int(path.name) for path in marker.iterdir()} <= started
    build.send_signal(signal.SIGKILL)
    build.wait()
    deadline = time.monotonic() + 10
    while (running := {pid for pid in started if alive(pid)}) and time.monotonic() < deadline:
        time.sleep(0.05)
    for pid in running:  # not to leave them to the next tests
        os.kill(pid, signal.SIGKILL)
    assert not running, f"{len(running)} of the {len(started)} processes it started still run"


def test_a_child_whose_parent_ended_before_it_asked_ends_at_once():
    context = multiprocessing.get_context("fork")
    ours = context.Process(target=end_with_parent, args=(os.getpid(),))
    gone = context.Process(target=end_with_parent, args=(os.getpid() + 1,))
    for child in (ours, gone):
        child.start()
        child.join(10)
    assert (ours.exitcode, gone.exitcode) == (0, 1)


def _children(pid: int) -> set[int]:
    tasks = Path(f"/proc/{pid}/task")
    return {
        int(child) for task in tasks.iterdir() for child in (task / "children").read_text().split()
    }
