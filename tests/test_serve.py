"""The live preview survives every bad input of the corpus and recovers when it is fixed."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.test_corpus import CASES, CORPUS
from touchsite.commands.preview import WAIT_PATH


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[Path, str, subprocess.Popen]]:
    project = tmp_path / "mini"
    shutil.copytree(MINI, project)
    process = subprocess.Popen(
        [sys.executable, "-m", "touchsite", "serve", str(project), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=(tmp_path / "serve.log").open("w"),
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        assert "http://127.0.0.1:" in line, line
        yield project, line.split(" at ")[1].split()[0], process
    finally:
        process.terminate()
        process.wait(timeout=10)


def _state(url: str, since: int) -> dict:
    with urllib.request.urlopen(f"{url.rstrip('/')}{WAIT_PATH}?since={since}", timeout=30) as r:
        return json.load(r)


def test_serve_survives_every_corpus_case(server):
    project, url, process = server
    generation = _state(url, -1)["generation"]
    for case in CASES:
        overlay = CORPUS / case
        saved: dict[Path, bytes | None] = {}
        for path in sorted(overlay.rglob("*")):
            if path.is_file() and path.name != "expect.txt":
                target = project / path.relative_to(overlay)
                saved[target] = target.read_bytes() if target.exists() else None
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
        state = _state(url, generation)
        assert state["error"], f"{case}: the preview did not report the problem"
        generation = state["generation"]
        for target, content in saved.items():
            if content is None:
                target.unlink()
            else:
                target.write_bytes(content)
        state = _state(url, generation)
        while state["error"] and state["generation"] > generation:  # a partial restore's build
            generation = state["generation"]
            state = _state(url, generation)
        assert not state["error"], f"{case}: {state['error']}"
        generation = state["generation"]
        assert process.poll() is None, f"the preview ended at {case}"
    with urllib.request.urlopen(url + "index.html", timeout=10) as response:
        assert response.status == 200
