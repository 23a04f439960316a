"""Every case of the bad-input corpus gets a located message, exit 1 and no traceback.

A case is a folder under tests/fixtures/bad/: its files are laid over a copy of the mini
project, and its expect.txt holds a phrase the report must contain; every report says what
would fix it. The output folder is left as it was. The cases under tests/fixtures/bad-strict/
are rows left out of the data: warnings by design, which `build --strict` must fail the same
way.
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
STRICT = Path(__file__).parent / "fixtures" / "bad-strict"
STRICT_CASES = sorted(p.name for p in STRICT.iterdir() if p.is_dir())
LOCATED = re.compile(r"^[\w./-]+:\d+(:\d+)?: error: ", re.MULTILINE)


def test_the_corpus_is_not_empty():
    assert len(CASES) >= 88
    assert all((CORPUS / case / "expect.txt").is_file() for case in CASES)
    assert all((STRICT / case / "expect.txt").is_file() for case in STRICT_CASES)


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported(case: str, tmp_path: Path):
    _assert_reported(CORPUS / case, tmp_path, [])


@pytest.mark.parametrize("case", STRICT_CASES)
def test_rows_left_out_fail_a_strict_build(case: str, tmp_path: Path):
    _assert_reported(STRICT / case, tmp_path, ["--strict"])


def _assert_reported(overlay: Path, tmp_path: Path, options: list[str]) -> None:
    project = tmp_path / "project"
    shutil.copytree(MINI, project)
    for path in overlay.rglob("*"):
        if path.is_file() and path.name != "expect.txt":
            target = project / path.relative_to(overlay)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
    out = tmp_path / "out"
    for name in (".nojekyll", "404.html", "assets/style.css", "index.html"):
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_text("the last good site")
    before = tree(out)

    result = CliRunner().invoke(cli, ["build", str(project), "-o", str(out), *options])

    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    expected = (overlay / "expect.txt").read_text(encoding="utf-8").strip()
    assert expected in result.output
    assert LOCATED.search(result.output), result.output
    assert "    hint: " in result.output, result.output  # what would fix it
    assert tree(out) == before
