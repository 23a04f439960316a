"""Whatever a user writes, loading reports problems and never crashes (property-based).

Front matter, touchsite.yml and data rows are generated from YAML's and CSV's building
blocks, well-formed or not; loading must either succeed or collect located problems.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from tests.conftest import MINI
from touchsite.errors import UserError
from touchsite.pipeline import check
from touchsite.project import load_project

KEYS = [
    "id", "title", "phase", "channel", "type", "category", "influence", "direction", "c2c",
    "owner", "personas", "emotion", "value", "targets", "order", "lanes", "nps", "x", "? [a]",
]  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from(
        [
            "", "~", "null", "yes", "no", "maybe", "1", "-3", "+3", "3.5", "1e400", ".nan",
            ".inf", "-.inf", "0x1F", "0o17", "2024-02-30", "2024-01-01", "12:30", "'quoted'",
            '"dq', "[", "]", "{", "}", "&a x", "*a", "!!int x", "!!binary aGk=", "!!set {a}",
            "|", ">", "- a", "a: b", "%", "@", "`", "#", "9" * 400, "before", "web", "family",
        ]
    ),
    st.text(max_size=20),
)  # fmt: skip
LINE = st.tuples(st.sampled_from(KEYS), st.sampled_from([": ", ":", " : ", ":\n  - "]), SCALARS)


def _project() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="touchsite-property-"))
    shutil.copytree(MINI, folder / "p")
    return folder / "p"


def _loads_or_reports(root: Path) -> None:
    try:
        _, problems = load_project(root)
    except UserError as error:
        problems = error.problems
    for problem in problems:
        assert problem.path and problem.message


@example(text="---\n---\n")
@example(text="---\n? [a, b]\n: 1\n---\n")
@example(text="---\ntitle: x\ntitle: y\n---\n")
@given(
    st.one_of(
        st.lists(LINE, max_size=8).map(
            lambda lines: "---\n" + "".join(f"{k}{sep}{v}\n" for k, sep, v in lines) + "---\nB\n"
        ),
        st.text(max_size=200).map(lambda body: "---\n" + body + "\n---\n"),
        st.binary(max_size=100).map(lambda data: data.decode("latin-1")),
    )
)
def test_any_front_matter_loads_or_is_reported(text: str):
    root = _project()
    try:
        (root / "content" / "touchpoints" / "new.md").write_text(text, encoding="utf-8")
        _loads_or_reports(root)
    finally:
        shutil.rmtree(root.parent)


@given(st.lists(LINE, min_size=1, max_size=6), st.sampled_from(["append", "replace"]))
def test_any_config_loads_or_is_reported(lines, mode: str):
    root = _project()
    try:
        config = root / "touchsite.yml"
        extra = "".join(f"{k.replace('? [a]', 'kpis')}{sep}{v}\n" for k, sep, v in lines)
        base = config.read_text(encoding="utf-8")
        config.write_text(base + extra if mode == "append" else extra, encoding="utf-8")
        _loads_or_reports(root)
    finally:
        shutil.rmtree(root.parent)


CELL = st.one_of(
    st.sampled_from(["", "9", "10", "11", "-1", "4,5", "1e9", "NaN", "search", "2026-13-01"]),
    st.text(max_size=12),
)


@given(st.lists(st.lists(CELL, min_size=0, max_size=10), min_size=1, max_size=6))
def test_any_data_rows_are_read_or_reported(rows):
    root = _project()
    try:
        feedback = root / "data" / "feedback.csv"
        quoted = (",".join('"' + c.replace('"', '""') + '"' for c in row) for row in rows)
        with feedback.open("a", encoding="utf-8", newline="") as handle:
            handle.write("\n".join(quoted) + "\n")
        try:
            report = check(root)
        except UserError as error:
            assert all(problem.path and problem.message for problem in error.problems)
        else:
            assert report.feedback.rows >= 0
    finally:
        shutil.rmtree(root.parent)
