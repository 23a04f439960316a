"""Every case of the bad-input corpus gets a located message, exit 1 and no traceback.

A case is a folder under tests/fixtures/bad/: its files are laid over a copy of the mini
project, and its expect.txt holds a phrase the report must contain. The output folder is
left as it was.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import MINI, tree
from touchsite.__main__ import cli

CORPUS = Path(__file__).parent / "fixtures" / "bad"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())
LOCATED = re.compile(r"^[\w./-]+:\d+(:\d+)?: error: ", re.MULTILINE)


def test_the_corpus_is_not_empty():
    assert len(CASES) >= 15


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported(case: str, tmp_path: Path):
    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    overlay = CORPUS / case
    for path in overlay.rglob("*"):
        if path.is_file() and path.name != "expect.txt":
            target = project / path.relative_to(overlay)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.html").write_text("the last good site")
    before = tree(out)

    result = CliRunner().invoke(cli, ["build", str(project), "-o", str(out)])

    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    expected = (overlay / "expect.txt").read_text(encoding="utf-8").strip()
    assert expected in result.output
    assert LOCATED.search(result.output), result.output
    assert tree(out) == before
