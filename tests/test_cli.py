"""The command line: build, check, init, and how a user's mistakes are reported."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, tree
from touchsite import __version__
from touchsite.__main__ import cli
from touchsite.errors import UserError


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("build", "check", "init"):
        assert command in result.output


def test_build_and_check(mini: Path):
    result = run("build", str(mini))
    assert result.exit_code == 0, result.output
    assert "3 touchpoints" in result.output
    assert (mini / "site" / "index.html").is_file()
    assert (mini / "site" / "touchpoints" / "hotline.html").is_file()
    result = run("check", str(mini))
    assert result.exit_code == 0 and result.output.startswith("OK:")


def _break(mini: Path, relative: str, old: str, new: str) -> None:
    path = mini / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BROKEN = {
    "front matter": (
        "content/touchpoints/search.md",
        "personas: [family]",
        "personas: [family",
        "content/touchpoints/search.md:6:8: error: invalid YAML: while parsing a flow sequence:",
    ),
    "unknown phase": (
        "content/touchpoints/hotline.md",
        "phase: after",
        "phase: afterwards",
        "content/touchpoints/hotline.md:3: error: unknown phase 'afterwards'",
    ),
    "bad data row": (
        "data/feedback.csv",
        "H005,hotline,2026-03-06,10,,2",
        "H005,hotline,2026-03-06,11,,2",
        "data/feedback.csv:19:4: error: nps score outside 0..10 '11'",
    ),
}


@pytest.mark.parametrize("case", BROKEN)
def test_a_mistake_names_file_and_line_and_keeps_the_last_site(mini: Path, case: str):
    assert run("build", str(mini)).exit_code == 0
    before = tree(mini / "site")
    relative, old, new, expected = BROKEN[case]
    _break(mini, relative, old, new)
    # --strict: a bad data row alone is left out with a warning (see tests/test_quality.py)
    result = CliRunner().invoke(cli, ["build", "--strict", str(mini)])
    assert result.exit_code == 1
    assert expected in result.output
    assert "Traceback" not in result.output
    assert "nothing was written" in result.output
    assert tree(mini / "site") == before
    assert sorted(p.name for p in mini.iterdir()) == sorted(
        ["content", "data", "site", "touchsite.yml"]
    )


def test_all_problems_are_reported_at_once(mini: Path):
    for relative, old, new, _expected in BROKEN.values():
        if relative.endswith(".csv"):
            continue
        _break(mini, relative, old, new)
    _break(mini, "content/recommendations/callback.md", "[hotline]", "[hotlin]")
    _break(mini, "touchsite.yml", "language: en", "language: en\ncolour: blue")
    result = CliRunner().invoke(cli, ["check", str(mini)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if ": error: " in line]
    assert len(lines) == 4, result.output
    assert "touchsite.yml:4: error: unknown key 'colour' in touchsite.yml" in result.output
    assert "missing touchpoint 'hotlin'" in result.output
    assert "did you mean 'hotline'?" in result.output


def test_strict_turns_broken_links_into_errors(mini: Path):
    page = mini / "content/pages/summary.md"
    page.write_text(page.read_text() + "See [the old report](report-2025.html).\n")
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0
    assert "content/pages/summary.md:6:22: warning: link 'report-2025.html'" in result.output
    strict = CliRunner().invoke(cli, ["build", "--strict", str(mini), "-o", str(mini / "out")])
    assert strict.exit_code == 1
    assert "content/pages/summary.md:6:22: error: link 'report-2025.html'" in strict.output
    assert not (mini / "out").exists()
    assert CliRunner().invoke(cli, ["check", "--strict", str(mini)]).exit_code == 1


def test_linked_files_that_cannot_be_read_are_warnings_not_a_traceback(mini: Path):
    """A link to nothing left behind under assets/, or a folder named like a file: each is a
    warning at its Markdown line, all at once; --strict fails and keeps the last site. The
    link to nothing ended the build with a FileNotFoundError's traceback."""
    assert run("build", str(mini)).exit_code == 0
    before = tree(mini / "site")
    (mini / "assets").mkdir()
    (mini / "assets/plan.png").symlink_to("plan-alt.png")
    (mini / "assets/handbuch.pdf").mkdir()
    page = mini / "content/pages/summary.md"
    page.write_text(
        page.read_text() + "![Plan](../../assets/plan.png)\n[Handbuch](../../assets/handbuch.pdf)\n"
    )
    strict = CliRunner().invoke(cli, ["build", "--strict", str(mini)])
    assert strict.exit_code == 1 and "Traceback" not in strict.output
    assert (
        "content/pages/summary.md:6:9: error: '../../assets/plan.png' leads to assets/plan.png, "
        "a symbolic link to plan-alt.png, which does not exist" in strict.output
    )
    assert (
        "content/pages/summary.md:7:12: error: '../../assets/handbuch.pdf' leads to "
        "assets/handbuch.pdf, which is a folder, not a file" in strict.output
    )
    assert "nothing was written" in strict.output and tree(mini / "site") == before
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0 and "Traceback" not in result.output
    assert "content/pages/summary.md:6:9: warning:" in result.output
    assert "2 warnings; --strict turns warnings into errors." in result.output


def test_a_bad_source_date_epoch_is_a_message_not_a_traceback(mini: Path):
    result = CliRunner().invoke(cli, ["build", str(mini)], env={"SOURCE_DATE_EPOCH": "abc"})
    assert result.exit_code == 1
    assert "SOURCE_DATE_EPOCH is 'abc', not a number of seconds" in result.output
    assert not (mini / "site").exists()


def test_every_command_reports_a_user_error_the_same_way(monkeypatch, tmp_path: Path):
    import touchsite.commands.build

    def mistake(project: Path, strict: bool = False) -> None:
        raise UserError("unknown phase 'later'", "phases: before, after", "a.md", 3, 8)

    monkeypatch.setattr(touchsite.commands.build, "run_check", mistake)
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.output == (
        "a.md:3:8: error: unknown phase 'later'\n"
        "    hint: phases: before, after\n"
        "1 problem found; nothing was written.\n"
    )


def test_a_mistake_outside_any_file_has_no_location(tmp_path: Path):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", str(tmp_path), "--port", str(port)])
    assert result.exit_code == 1
    # Reported before the build (of an empty folder here), with no file to name.
    lines = result.output.splitlines()
    assert lines[0].startswith(f"error: cannot listen on 127.0.0.1:{port}: ")
    assert lines[1:] == [
        "    hint: choose another port with --port",
        "1 problem found; nothing was written.",
    ]


def test_anything_else_is_a_bug_and_keeps_its_traceback(monkeypatch, tmp_path: Path):
    import touchsite.commands.build

    def bug(project: Path, strict: bool = False) -> None:
        raise KeyError("nps")

    monkeypatch.setattr(touchsite.commands.build, "run_check", bug)
    result = CliRunner().invoke(cli, ["check", str(tmp_path)])
    assert isinstance(result.exception, KeyError)
    assert "problem found" not in result.output


def _main(*args: str, before: str = "") -> subprocess.CompletedProcess:
    """`touchsite ARGS` the way the installed command runs it: through `main`, in a fresh
    process, with `before` run first in it."""
    code = f"import sys\n{before}\nsys.argv = ['touchsite', *{list(args)!r}]\n"
    code += "from touchsite.__main__ import main\nmain()\n"
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


def test_main_leaves_with_the_commands_status_and_its_output_flushed(mini: Path):
    built = _main("build", str(mini))
    assert built.returncode == 0, built.stderr
    assert "3 touchpoints" in built.stdout and (mini / "site" / "index.html").is_file()
    (mini / "touchsite.yml").write_text("phases: [\n", encoding="utf-8")
    failed = _main("build", str(mini))
    assert failed.returncode == 1 and "nothing was written" in failed.stderr
    unknown = _main("no-such-command")
    assert unknown.returncode == 2 and "No such command" in unknown.stderr


def test_main_runs_the_exit_handlers_before_it_leaves():
    handler = "import atexit\natexit.register(lambda: print('handler ran', flush=False))"
    result = _main("--version", before=handler)
    assert result.returncode == 0
    assert result.stdout.splitlines() == ["touchsite, version " + __version__, "handler ran"]


def test_main_sets_the_native_libraries_up_before_a_command_loads_them():
    names = ("OPENBLAS_NUM_THREADS", "ARROW_DEFAULT_MEMORY_POOL")
    unset = f"import os\nfor name in {names!r}: os.environ.pop(name, None)\n"
    shown = "import atexit\natexit.register(lambda: print(os.environ.get('OPENBLAS_NUM_THREADS')))"
    result = _main("--version", before=unset + shown)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "1"


def test_main_waits_for_a_thread_still_running():
    thread = (
        "import threading, time\n"
        "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done'))).start()"
    )
    result = _main("--version", before=thread)
    assert result.returncode == 0 and "thread done" in result.stdout


@pytest.mark.parametrize("again", [False, True], ids=["once", "again-while-unwinding"])
@pytest.mark.parametrize("ending", ["SIGTERM", "SIGHUP"])
def test_a_killed_build_leaves_no_temporary_folder(
    mini: Path, tmp_path: Path, ending: str, again: bool
):
    """Killed while it writes its pages (Pagefind running beside, the site half written in
    a folder beside the last one): it unwinds and removes what it made, also when the same
    signal comes again while it removes them."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    killed_while_writing = (
        "import os, pathlib, shutil, signal, tempfile\n"
        f"tempfile.tempdir = {str(temp)!r}\n"
        "import touchsite.write.site as site\n"
        "write = site._write_or_link\n"
        "def killed(target, content, old):\n"
        f"    os.kill(os.getpid(), signal.{ending})\n"
        "    return write(target, content, old)\n"
        "site._write_or_link = killed\n"
    )
    if again:
        killed_while_writing += (
            "remove = shutil.rmtree\n"
            "def killed_again(*args, **options):\n"
            f"    os.kill(os.getpid(), signal.{ending})\n"
            "    return remove(*args, **options)\n"
            "shutil.rmtree = killed_again\n"
        )
    result = _main("build", str(mini), before=killed_while_writing)
    assert result.returncode == 128 + getattr(signal, ending)
    assert sorted(path.name for path in tmp_path.iterdir()) == ["mini", "tmp"]
    assert list(temp.iterdir()) == [] and not (mini / "site").exists()
    assert list(mini.glob(".site-*")) == []  # the half-written site


def test_a_forked_worker_is_ended_by_sigterm_as_by_default(mini: Path):
    """The build ends its forked workers with SIGTERM: they do not unwind like the build."""
    fork_and_end = (
        "import os, signal, time\n"
        "import touchsite.commands.build as command\n"
        "def run_build(*args, **options):\n"
        "    child = os.fork()\n"
        "    if child == 0:\n"
        "        time.sleep(5)\n"
        "        os._exit(0)\n"
        "    time.sleep(0.2)\n"
        "    os.kill(child, signal.SIGTERM)\n"
        "    _, status = os.waitpid(child, 0)\n"
        "    print('ended by', os.WTERMSIG(status) if os.WIFSIGNALED(status) else None)\n"
        "command.run_build = run_build\n"
    )
    result = _main("build", str(mini), before=fork_and_end)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"ended by {signal.SIGTERM.value}"
    assert result.stderr == ""


def test_the_build_is_imported_with_the_collector_paused_then_on_again():
    code = (  # in a fresh process: here touchsite.build is imported already
        "import gc, sys, touchsite.commands.build as command\n"
        "before = 'touchsite.build' in sys.modules, gc.get_freeze_count()\n"
        "build = command._build()\n"
        "frozen = gc.get_freeze_count()\n"
        "again = command._build()\n"
        "same = gc.get_freeze_count() == frozen\n"
        "print(before, frozen > 0, gc.isenabled(), build is again, same)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(False, 0) True True True True"


def test_every_layout_has_its_title():
    """The layouts' names (touchsite.yml's `format:`, `data inspect --layout`) are those the
    formats title and detect: a layout added to one but not the other could not be asked for."""
    from touchsite.load.formats import LAYOUT_TITLES
    from touchsite.load.layout_names import LAYOUTS

    assert tuple(LAYOUT_TITLES) == LAYOUTS


def test_the_build_counts_personal_data_in_the_comments_it_publishes_and_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A German survey of 250,000 respondents held 1,667 comments with an e-mail address,
    phone number or IBAN; the build said "Personal data removed from comments: 98 email,
    49 iban, 98 phone.", as if the detection had missed the rest: it counted only the comments
    kept to publish (the newest of each touchpoint). Here, with 2 kept per touchpoint, three
    comments hold an address and only the newest is published."""
    from tests.conftest import mini_with_answers
    from touchsite.load import reducer

    monkeypatch.setattr(reducer, "COMMENTS_PER_TOUCHPOINT", 2)
    header = ["response_id", "touchpoint", "date", "nps", "csat", "ces", "comment", "segment"]
    rows = [
        [f"R{day}", "hotline", f"2026-03-{day:02d}", "", "4", "", text, "new"]
        for day, text in [
            (1, "Bitte an anna@example.org schreiben"),
            (2, "Bitte an bert@example.org schreiben"),
            (20, "Hotline freundlich"),
            (21, "Bitte an carla@example.org schreiben"),
        ]
    ]
    root = mini_with_answers(tmp_path / "project", header, rows)
    result = CliRunner().invoke(cli, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert "Personal data removed from the comments kept to publish: 1 email." in result.output


def test_a_build_into_a_folder_of_other_files_is_refused_and_leaves_them(mini: Path):
    """`-o` at a folder holding other files (a docs/ folder, a home folder) replaced it with
    the site and deleted every file in it."""
    docs = mini / "docs"
    (docs / "guide").mkdir(parents=True)
    (docs / "index.html").write_text("<h1>Our own handbook</h1>")
    (docs / "guide/setup.md").write_text("# Setup")
    before = tree(docs)
    result = run("build", str(mini), "-o", str(docs))
    assert result.exit_code == 1
    assert f"{docs.resolve().as_posix()}: error: the output folder holds files that are not" in (
        result.output
    )
    assert "name a new or empty folder with -o" in result.output
    assert "Traceback" not in result.output
    assert tree(docs) == before
    assert sorted(path.name for path in mini.iterdir() if path.name.startswith(".docs")) == []
    # a site it built is replaced by the next build, as before
    assert run("build", str(mini), "-o", str(mini / "out")).exit_code == 0
    assert run("build", str(mini), "-o", str(mini / "out")).exit_code == 0
    # with the project's own problems, all at once
    (mini / "content/touchpoints/hotline.md").write_text("---\ntitle: Hotline\n")
    both = run("build", str(mini), "-o", str(docs))
    assert both.exit_code == 1
    assert "the output folder holds files" in both.output
    assert "content/touchpoints/hotline.md" in both.output
    assert "2 problems found" in both.output
    assert tree(docs) == before


def test_a_site_that_cannot_be_written_is_a_message_and_leaves_the_old_site(
    mini: Path, monkeypatch
):
    """A disk that fills up while the site is written (no check ahead can tell) ended the
    build with an OSError's traceback; the old site must stay and the scratch folder go."""
    import errno

    from touchsite.write import site as site_module

    out = mini / "out"
    assert run("build", str(mini), "-o", str(out)).exit_code == 0
    before = tree(out)
    real = site_module._write_or_link

    def full(target: str, content: bytes, old: str | None) -> None:
        if target.endswith("/index.html"):
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real(target, content, old)

    monkeypatch.setattr(site_module, "_write_or_link", full)
    (mini / "content/touchpoints/hotline.md").write_text(
        (mini / "content/touchpoints/hotline.md").read_text() + "\nEin neuer Satz.\n"
    )
    result = run("build", str(mini), "-o", str(out))
    assert result.exit_code == 1
    assert f"{out.as_posix()}: error: the site could not be written: No space left on device (" in (
        result.output
    )
    assert "; the previous site is unchanged" in result.output
    assert "free space on the disk" in result.output
    assert "Traceback" not in result.output
    assert tree(out) == before
    assert [path.name for path in mini.iterdir() if path.name.startswith(".out-")] == []
