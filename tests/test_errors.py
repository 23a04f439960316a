"""The one error type: where a problem is, what it is, and what would fix it."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchsite.errors import Problem, Problems, UserError


def test_a_problem_reads_path_line_column_message_and_hint():
    problem = Problem("content/a.md", 3, 8, "unknown phase 'later'", "phases: before, after")
    assert str(problem) == (
        "content/a.md:3:8: error: unknown phase 'later'\n    hint: phases: before, after"
    )
    assert str(Problem("touchsite.yml", None, 4, "no title")) == "touchsite.yml: error: no title"
    assert str(Problem("", None, None, "no browser")) == "error: no browser"


def test_a_user_error_holds_one_located_problem():
    error = UserError("the file is empty", "export it again", Path("data/a.csv"), 1)
    assert error.problems == [
        Problem("data/a.csv", 1, None, "the file is empty", "export it again")
    ]
    assert str(error) == "data/a.csv:1: error: the file is empty\n    hint: export it again"


def test_a_user_error_holds_several_problems_in_file_order():
    error = UserError.of([Problem("b.md", 1, None, "second"), Problem("a.md", 9, None, "first")])
    assert [p.message for p in error.problems] == ["first", "second"]


def test_problems_are_collected_and_raised_at_once(tmp_path: Path):
    problems = Problems(tmp_path)
    problems.add(tmp_path / "content" / "b.md", 2, "bad")
    try:
        raise UserError("invalid YAML", "", tmp_path / "touchsite.yml", 4, 2)
    except UserError as error:
        problems.extend(error)  # paths become relative to the project, like add()'s
    with pytest.raises(UserError) as caught:
        problems.raise_if_any()
    assert [str(p) for p in caught.value.problems] == [
        "content/b.md:2: error: bad",
        "touchsite.yml:4:2: error: invalid YAML",
    ]


def test_an_engines_message_names_files_relative_to_the_project(tmp_path: Path):
    root = tmp_path / "Kunde [2026]"
    (root / "data").mkdir(parents=True)
    (tmp_path / "link").symlink_to(root)
    problems = Problems(tmp_path / "link")  # the project opened through a link
    part = "data/Umfrage [2024]/segment=new/part-0.parquet"
    duckdb = f"No magic bytes found at end of file '{root}/{part}'"
    # Spark names a file by its URI: file:/ or file:///, the path %-encoded
    uri = "file:///" + str(root).lstrip("/").replace(" ", "%20").replace("[", "%5B")
    spark = f"[FAILED_READ_FILE] Encountered error while reading file {uri.replace(']', '%5D')}/"
    spark += "data/Umfrage%20%5B2024%5D/segment=new/part-0.parquet. SQLSTATE: KD001"
    other = "/elsewhere/data/x.parquet stays as it is"
    inside = f"/var{root}/data/x.parquet, a path that holds the root's, stays too"
    for message in (duckdb, spark, other, inside):
        problems.add(tmp_path / "link" / "touchsite.yml", 25, message)
    assert [p.message for p in problems] == [
        f"No magic bytes found at end of file '{part}'",
        f"[FAILED_READ_FILE] Encountered error while reading file {part}. SQLSTATE: KD001",
        other,
        inside,
    ]


def test_a_project_given_as_dot_leaves_relative_paths_in_messages(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    problems = Problems(Path("."))
    problems.add("touchsite.yml", 1, f"'../x.csv', './y.csv' and '{tmp_path}/data/z.parquet'")
    assert [p.message for p in problems] == ["'../x.csv', './y.csv' and 'data/z.parquet'"]
