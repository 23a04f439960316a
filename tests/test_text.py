"""The text of a file a person edits, and files that cannot be read."""

from __future__ import annotations

import errno
from pathlib import Path

from click.testing import CliRunner

from touchsite.__main__ import cli
from touchsite.errors import Problems
from touchsite.load.text import read_text


def _unreadable(monkeypatch, *names: str) -> None:
    """Files named so cannot be read, as without the permission to (root reads any file, so
    the permission itself cannot be taken away here)."""
    read_bytes = Path.read_bytes

    def refused(path: Path) -> bytes:
        if path.name in names:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return read_bytes(path)

    monkeypatch.setattr(Path, "read_bytes", refused)


def test_a_file_that_cannot_be_read_is_a_problem(tmp_path: Path, monkeypatch):
    text = tmp_path / "a.md"
    text.write_text("# A\n", encoding="utf-8")
    _unreadable(monkeypatch, "a.md")
    problems = Problems(tmp_path)
    assert read_text(text, problems) is None
    [problem] = list(problems)
    assert problem.message == "cannot be read: Permission denied"
    assert "chmod a+r" in problem.hint


def test_a_markdown_file_or_a_logo_that_cannot_be_read_ends_the_build_with_a_message(
    mini: Path, monkeypatch
):
    """Before, a touchpoint's file or the logo without the permission to read it ended the
    build with a traceback."""
    (mini / "assets").mkdir(exist_ok=True)
    (mini / "assets" / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    yml = mini / "touchsite.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8") + "branding:\n  logo: assets/logo.svg\n", encoding="utf-8"
    )
    _unreadable(monkeypatch, "search.md", "logo.svg")
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.exception.__class__ is SystemExit
    assert "content/touchpoints/search.md: error: cannot be read: Permission denied" in (
        result.output
    )
    assert "assets/logo.svg:1: error: cannot be read: Permission denied" in result.output
    assert not (mini / "site").exists()
