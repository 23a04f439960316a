"""Nothing from outside the project is read or published: not by '..', '/', nor a link."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from touchsite.build import build
from touchsite.errors import UserError
from touchsite.load.paths import escape
from touchsite.project import load_project


@pytest.mark.parametrize(
    ("relative", "allowed"),
    [
        ("assets/logo.svg", True),
        ("data/../data/feedback.csv", True),
        ("../secret.csv", False),
        ("data/../../secret.csv", False),
        ("/etc/passwd", False),
        ("C:\\Windows\\win.ini", False),
    ],
)
def test_escape(tmp_path: Path, relative: str, allowed: bool):
    (tmp_path / "project").mkdir()
    assert (escape(tmp_path / "project", relative) is None) is allowed


def _secret(tmp_path: Path) -> Path:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:not for the web\n")
    return secret


@pytest.mark.parametrize(
    "link",
    [
        "content/touchpoints/stolen.md",
        "templates/assets/extra.css",
        "templates/page.html",
        "data/extra.csv",
    ],
)
def test_a_link_leaving_the_project_is_a_problem(mini: Path, tmp_path: Path, link: str):
    target = mini / link
    target.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(_secret(tmp_path), target)
    with pytest.raises(UserError) as raised:
        build(mini, tmp_path / "out")
    assert f"{link}: error: is a link to a file outside the project" in str(raised.value)
    assert not (tmp_path / "out").exists()


def test_a_linked_folder_leaving_the_project_is_a_problem(mini: Path, tmp_path: Path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    os.symlink(outside, mini / "templates")
    _, problems = load_project(mini)
    assert [p.path for p in problems] == ["templates"]


def test_a_data_folder_holding_a_link_leaving_the_project_is_a_problem(mini: Path, tmp_path: Path):
    # an engine reads a Parquet folder whole, wherever in the project it lies
    (mini / "exports" / "2026").mkdir(parents=True)
    os.symlink(_secret(tmp_path), mini / "exports" / "2026" / "part-0.parquet")
    config = mini / "touchsite.yml"
    config.write_text(config.read_text().replace("path: data/feedback.csv", "path: exports"))
    _, problems = load_project(mini)
    assert [(p.path, p.message) for p in problems] == [
        (
            "touchsite.yml",
            "data: 'exports' holds exports/2026/part-0.parquet,"
            " which is a link to a file outside the project",
        )
    ]


def test_a_link_inside_the_project_is_fine(mini: Path, tmp_path: Path):
    (mini / "content" / "shared.md").write_text("---\ntitle: Shared\n---\nText.\n")
    os.symlink(mini / "content" / "shared.md", mini / "content" / "pages" / "also.md")
    build(mini, tmp_path / "out")
    assert (tmp_path / "out" / "pages" / "also.html").is_file()


def test_a_device_or_huge_markdown_file_is_not_read(mini: Path, tmp_path: Path):
    huge = mini / "content" / "touchpoints" / "huge.md"
    huge.write_text("---\ntitle: Huge\n---\n" + "x" * (3 * 2**20))
    os.mkfifo(mini / "content" / "touchpoints" / "pipe.md")
    with pytest.raises(UserError) as raised:
        build(mini, tmp_path / "out")
    text = str(raised.value)
    assert "huge.md: error: is 3.0 MiB; a Markdown file may be 2 MiB" in text
    assert "pipe.md: error: is not a regular file" in text


def test_a_file_behind_a_link_leaving_the_project_is_never_read(mini: Path, tmp_path: Path):
    os.symlink(_secret(tmp_path), mini / "content" / "touchpoints" / "stolen.md")
    _, problems = load_project(mini)
    # reading it would add "no front matter" on top of the link
    assert [(p.path, p.message) for p in problems if "stolen" in p.path] == [
        ("content/touchpoints/stolen.md", "is a link to a file outside the project")
    ]


def test_links_in_a_circle_are_a_problem_not_a_crash(mini: Path):
    touchpoints = mini / "content" / "touchpoints"
    os.symlink("b.md", touchpoints / "a.md")
    os.symlink("a.md", touchpoints / "b.md")
    (mini / "content" / "pages" / "summary.md").write_text(
        "---\ntitle: Summary\n---\nSee [a](../touchpoints/a.md).\n", encoding="utf-8"
    )
    config = mini / "touchsite.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "branding:\n  logo: content/touchpoints/a.md\n",
        encoding="utf-8",
    )
    _, problems = load_project(mini)
    found = {(p.path, p.message) for p in problems}
    assert ("content/touchpoints/a.md", "is a link that leads in a circle") in found
    assert ("content/touchpoints/b.md", "is a link that leads in a circle") in found
    assert (
        "touchsite.yml",
        "logo: 'content/touchpoints/a.md' is a link that leads in a circle",
    ) in found
    assert any(
        p.path == "content/pages/summary.md" and "not a content file" in p.message for p in problems
    )
