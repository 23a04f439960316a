"""The files the texts link, read to be published: one that cannot be read is a warning at
the Markdown line that links it, as a missing one is, never a crash or a build that waits."""

from __future__ import annotations

import os
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from touchsite.build import build
from touchsite.errors import UserError
from touchsite.render.site import Site

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
SEARCH = "content/touchpoints/search.md"  # its body ends at line 10


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


@contextmanager
def _within(seconds: int) -> Iterator[None]:
    """A build that waits for good (a named pipe opened to read waits for a writer) fails."""

    def waited(_signal, _frame):
        raise TimeoutError(f"still waiting after {seconds} s")

    before = signal.signal(signal.SIGALRM, waited)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, before)


def _read_anyway() -> bool:
    """Whether this process reads a file its mode forbids it to (root's, as in a container)."""
    handle, name = tempfile.mkstemp()
    os.close(handle)
    probe = Path(name)
    probe.chmod(0)
    try:
        probe.read_bytes()
        return True
    except PermissionError:
        return False
    finally:
        probe.unlink()


needs_permissions = pytest.mark.skipif(
    _read_anyway(), reason="this process reads what a file's mode forbids (root)"
)


def _where(problems) -> dict[tuple[str, int | None, int | None], str]:
    return {(p.path, p.line, p.column): f"{p.message} | {p.hint}" for p in problems}


def test_a_pipe_a_folder_and_a_link_to_nothing_are_warnings_at_their_lines(mini: Path):
    """A named pipe made the build wait for good; a symbolic link to a file that is not there
    ended it with a traceback; a folder named like a file was 'a file the project does not
    have'."""
    assets = mini / "assets"
    assets.mkdir()
    os.mkfifo(assets / "interview.mp4")
    (assets / "plan-v2.png").symlink_to("plan-v3.png")  # renamed, the link left behind
    (assets / "handbuch.pdf").mkdir()
    (assets / "plan.png").write_bytes(PNG)
    _append(
        mini / SEARCH,
        "\n[Interview](../../assets/interview.mp4)\n\n![Plan](../../assets/plan-v2.png)\n\n"
        "[Handbuch](../../assets/handbuch.pdf) ![Alt](../../assets/plan.png)\n",
    )
    with _within(20):
        result = build(mini, write=False)
    found = _where(result.warnings)
    assert found == {
        (SEARCH, 11, 13): "'../../assets/interview.mp4' leads to assets/interview.mp4, which is "
        "a named pipe, not a file | link a regular file: save what it holds in a file under "
        "assets/",
        (SEARCH, 13, 9): "'../../assets/plan-v2.png' leads to assets/plan-v2.png, a symbolic "
        "link to plan-v3.png, which does not exist | point the link at a file in the project, "
        "or put the file itself in its place",
        (SEARCH, 15, 12): "'../../assets/handbuch.pdf' leads to assets/handbuch.pdf, which is a "
        "folder, not a file | link a file in it, or a zip archive of the folder",
    }
    assert all(p.level == "warning" for p in result.warnings)
    assert len(result.published) == 1  # the plan that can be read, beside them
    with _within(20), pytest.raises(UserError) as raised:
        build(mini, write=False, strict=True)
    assert set(_where(raised.value.problems)) == set(found)


@needs_permissions
def test_a_file_or_a_folder_that_cannot_be_read_is_a_warning_at_its_line(mini: Path):
    """Copied from a share with its permissions, or another user's: a traceback
    (PermissionError) from the copy, or from the link check for a file in a folder that
    cannot be read."""
    (mini / "assets/intern").mkdir(parents=True)
    (mini / "assets/plan.png").write_bytes(PNG)
    (mini / "assets/intern/ablauf.png").write_bytes(PNG)
    _append(mini / SEARCH, "\n![Plan](../../assets/plan.png) ![](../../assets/intern/ablauf.png)\n")
    (mini / "assets/plan.png").chmod(0)
    (mini / "assets/intern").chmod(0)
    try:
        result = build(mini, write=False)
    finally:
        (mini / "assets/intern").chmod(0o755)
    message = "which cannot be read: permission denied | let the user who builds the site read it"
    assert {
        where: text[: text.index(" (e.g.")] for where, text in _where(result.warnings).items()
    } == {
        (SEARCH, 11, 9): f"'../../assets/plan.png' leads to assets/plan.png, {message}",
        (SEARCH, 11, 36): f"'../../assets/intern/ablauf.png' leads to assets/intern/ablauf.png, "
        f"{message}",
    }
    assert not result.published


def test_a_file_gone_between_the_look_and_the_copy_is_a_warning(mini: Path, monkeypatch):
    """Deleted (or being saved again) while the build ran: a traceback (FileNotFoundError)."""
    (mini / "assets").mkdir()
    (mini / "assets/plan.png").write_bytes(PNG)
    _append(mini / SEARCH, "\n![Plan](../../assets/plan.png)\n")
    looked = Site._files_shown

    def then_gone(site: Site, root: Path) -> set[str]:
        shown = looked(site, root)
        (root / "assets/plan.png").unlink()
        return shown

    monkeypatch.setattr(Site, "_files_shown", then_gone)
    result = build(mini, write=False)
    assert _where(result.warnings) == {
        (SEARCH, 11, 9): "'../../assets/plan.png' leads to assets/plan.png, which was gone when "
        "the build read it | build again once the file is in place"
    }
    assert not result.published


LINKED = Path(__file__).parent / "fixtures" / "linked"


def test_a_linked_page_or_drawing_that_loads_from_another_host_fails_the_build(mini: Path):
    """A plotly chart saved with its library from plotly's host and a draw.io drawing with a
    web font were published as they were: the built site sent its readers to both hosts."""
    build(mini)
    before = {path: path.read_bytes() for path in (mini / "site").rglob("*") if path.is_file()}
    (mini / "assets").mkdir()
    (mini / "assets/nps-verlauf.html").write_bytes((LINKED / "plotly-cdn.html").read_bytes())
    (mini / "assets/ablauf.svg").write_bytes((LINKED / "drawio-fonts.svg").read_bytes())
    (mini / "assets/kanaele.html").write_bytes((LINKED / "plotly-inline.html").read_bytes())
    _append(
        mini / SEARCH,
        "\n[Verlauf](../../assets/nps-verlauf.html) ![Ablauf](../../assets/ablauf.svg)\n"
        "[Kanäle](../../assets/kanaele.html)\n",
    )
    with pytest.raises(UserError) as raised:
        build(mini)
    assert [(p.path, p.line, p.column, p.level) for p in raised.value.problems] == [
        ("assets/ablauf.svg", 4, 344, "error"),
        ("assets/ablauf.svg", 4, 1285, "error"),
        ("assets/nps-verlauf.html", 9, 38, "error"),
    ]
    after = {path: path.read_bytes() for path in (mini / "site").rglob("*") if path.is_file()}
    assert after == before
    (mini / "assets/nps-verlauf.html").write_bytes((LINKED / "plotly-inline.html").read_bytes())
    (mini / "assets/ablauf.svg").write_bytes((LINKED / "interactive.svg").read_bytes())
    result = build(mini)  # the chart with its library written in; a drawing with a script
    assert [(w.path, w.line, w.message.split(":")[0]) for w in result.warnings] == [
        ("assets/ablauf.svg", 2, "the drawing runs a script (onload)"),
        ("assets/ablauf.svg", 3, "the drawing runs a script (<script>)"),
    ]
    assert len(result.published) == 3


def test_a_path_through_a_file_is_a_file_the_project_does_not_have(mini: Path):
    """A link whose path goes on past a file ("plan.png/detail.png", a folder's name typed
    as the image's) was 'which cannot be read: Not a directory', with the hint to copy the
    file into the project anew: there is no such file to copy."""
    (mini / "assets").mkdir()
    (mini / "assets/plan.png").write_bytes(PNG)
    _append(mini / SEARCH, "\n![Detail](../../assets/plan.png/detail.png)\n")
    assert _where(build(mini, write=False).warnings) == {
        (SEARCH, 11, 11): "'../../assets/plan.png/detail.png' leads to "
        "assets/plan.png/detail.png, which the project does not have | check the file's name "
        "and folder: a path goes from the Markdown file"
    }
