"""The example's survey data is generated, not committed: it must come out the same every time."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.conftest import REPO
from touchsite.example_data import write_example_data


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_generating_twice_gives_identical_files(tmp_path: Path):
    first, second = tmp_path / "a", tmp_path / "b"
    for folder in (first, second):
        rows, respondents, figures = write_example_data(
            REPO, "de", folder / "feedback.csv", folder / "business.csv"
        )
    assert (rows, respondents, figures) == (11809, 3702, 96)
    for name in ("feedback.csv", "business.csv"):
        assert _digest(first / name) == _digest(second / name)
