"""The live preview survives every bad input of the corpus and recovers when it is fixed."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
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


def _files(project: Path) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}


def _lay(project: Path, pristine: dict[Path, bytes], overlay: Path | None) -> None:
    """Make the project the pristine one with `overlay`'s files laid over it, in one go."""
    wanted = dict(pristine)
    if overlay is not None:
        for path in overlay.rglob("*"):
            if path.is_file() and path.name != "expect.txt":
                wanted[project / path.relative_to(overlay)] = path.read_bytes()
    for path in _files(project):
        if path not in wanted:
            path.unlink()
    for path, content in wanted.items():
        if not path.is_file() or path.read_bytes() != content:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)


def _next_build(url: str, generation: int, failed: bool) -> dict:
    """The state after the next builds, until one has (or has not) failed."""
    for _ in range(5):  # an edit may reach the watcher in more than one batch
        state = _state(url, generation)
        assert state["generation"] > generation, "no build followed the edit"
        if bool(state["error"]) == failed:
            return state
        generation = state["generation"]
    raise AssertionError(f"no {'failed' if failed else 'good'} build: {state['error']}")


def test_serve_survives_every_corpus_case(server):
    project, url, process = server
    pristine = _files(project)
    generation = _state(url, -1)["generation"]
    for case in CASES:
        _lay(project, pristine, CORPUS / case)
        generation = _next_build(url, generation, failed=True)["generation"]
        assert process.poll() is None, f"the preview ended at {case}"
    _lay(project, pristine, None)
    _next_build(url, generation, failed=False)
    with urllib.request.urlopen(url + "index.html", timeout=10) as response:
        assert response.status == 200


def test_assets_named_by_their_content_are_cached_across_rebuilds(server):
    import re

    _project, url, _process = server
    _state(url, 0)
    with urllib.request.urlopen(url, timeout=30) as page:
        assert page.headers["Cache-Control"] == "no-store"
        html = page.read().decode("utf-8")
    assets = sorted(set(re.findall(r'(?:src|href)="(assets/[^"]+)"', html)))
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    for asset in assets:
        with urllib.request.urlopen(url + asset, timeout=30) as answer:
            assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_the_preview_has_a_search_index(server):
    """Pagefind runs beside the builds, once edits pause (the edit here must not hold it
    back for good)."""
    import time

    project, url, _process = server
    generation = _state(url, 0)["generation"]
    search = project / "content" / "touchpoints" / "search.md"
    search.write_text(search.read_text(encoding="utf-8") + "\nZebrastreifen.\n", "utf-8")
    _next_build(url, generation, failed=False)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "pagefind/pagefind-entry.json", timeout=10) as r:
                entry = json.load(r)
            break
        except OSError:
            time.sleep(0.5)
    else:
        raise AssertionError("no search index")
    assert entry["languages"]


def _serve(project: Path, port: int, temp: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "touchsite", "serve", str(project), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(temp)},
    )


@pytest.mark.parametrize("ending", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_the_preview_removes_its_copy_of_the_site_however_it_ends(tmp_path: Path, ending):
    temp, project = tmp_path / "tmp", tmp_path / "mini"
    temp.mkdir()
    shutil.copytree(MINI, project)
    process = _serve(project, 0, temp)
    try:
        line = process.stdout.readline() if process.stdout else ""
        assert "http://127.0.0.1:" in line, line
        assert [path.name for path in temp.rglob("hotline.html")] == ["hotline.html"]
        process.send_signal(ending)
        process.wait(timeout=20)
    finally:
        process.kill()
    assert list(temp.iterdir()) == []


def test_a_taken_port_leaves_no_temporary_folder(tmp_path: Path):
    temp = tmp_path / "tmp"
    temp.mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = _serve(MINI, taken.getsockname()[1], temp)
        assert process.wait(timeout=20) == 1
    assert list(temp.iterdir()) == []


class _Ended(Exception):
    pass


def test_an_edit_made_during_the_first_build_starts_the_next(tmp_path: Path):
    """The project was watched only once the first build was done: a file saved while it
    ran (seconds on a large project) was not built until the next edit. Then it was
    watched from a thread that had not always begun watching when the build began: a file
    saved at once was lost."""
    project = tmp_path / "mini"
    shutil.copytree(MINI, project)
    edited = project / "content" / "touchpoints" / "search.md"

    def edit() -> None:
        edited.write_text(edited.read_text(encoding="utf-8") + "\nNeu.\n", "utf-8")

    builds: list = []
    ended = _preview_ends(project, tmp_path / "site", edit, builds, last=2)
    assert [type(end) for end in ended] == [_Ended], "no build followed the edit"
    assert list(builds[1]) == [edited.resolve()]


def test_an_end_during_the_first_build_ends_the_preview(tmp_path: Path):
    """SIGTERM, SIGHUP and Ctrl+C raise in the preview's thread, the first build's too: the
    server had not begun serving, and its shutdown waited for that forever (a second
    SIGTERM is ignored), so the preview hung and left its copy of the site behind."""

    def end() -> None:
        raise SystemExit(128 + signal.SIGTERM)  # as the command line makes of SIGTERM

    ended = _preview_ends(MINI, tmp_path / "site", end)
    assert [getattr(end, "code", None) for end in ended] == [128 + signal.SIGTERM], ended


# What the file watcher raises where it cannot watch (watchfiles' Rust backend: an OSError
# naming the error of the `notify` crate, a PermissionError or FileNotFoundError for a
# folder, its internal error where the watching thread failed later).
WATCH_LIMIT = (
    'OS file watch limit reached. about ["{p}/data/archiv/2019"] (Error {{ kind:'
    ' MaxFilesWatch, paths: ["{p}/data/archiv/2019"] }})'
)
WATCH_FAILURES = {
    "limit at start": (OSError, WATCH_LIMIT, ["fs.inotify.max_user_watches", "sysctl"]),
    "limit while watching": (
        "internal",
        "error in underlying watcher: " + WATCH_LIMIT.split(" (Error")[0],
        ["fs.inotify.max_user_watches", "WATCHFILES_FORCE_POLLING=1"],
    ),
    "no inotify instance left": (
        "internal",
        "Error creating recommended watcher: Too many open files (os error 24)",
        ["fs.inotify.max_user_instances", "WATCHFILES_FORCE_POLLING=1"],
    ),
    "unreadable folder": (
        PermissionError,
        'Permission denied (os error 13) about ["{p}/data/privat"]',
        ["{p}/data/privat", "permission"],
    ),
    "project gone": (FileNotFoundError, 'No path was found. about ["{p}"]', ["{p}"]),
    "a file name not in UTF-8": (
        "internal",
        'Unable to decode path "{p}/data/Umfrage_M\\xE4rz.csv" to string',
        ["{p}/data/Umfrage_M\\xE4rz.csv: error:", "UTF-8", "rename"],
    ),
}


@pytest.mark.parametrize("failure", WATCH_FAILURES)
def test_a_watcher_that_fails_ends_the_preview_with_a_message(tmp_path: Path, monkeypatch, failure):
    """The watcher's error ended the preview with a traceback: a user whose system's limit of
    watched folders is reached learns what happened and what would fix it, and where the
    watcher cannot start, before the first build (it was said after it)."""
    import tempfile

    import watchfiles
    from click.testing import CliRunner

    from touchsite.__main__ import cli
    from touchsite.commands import preview

    project, temp = tmp_path / "mini", tmp_path / "tmp"
    shutil.copytree(MINI, project)
    temp.mkdir()
    kind, message, expected = WATCH_FAILURES[failure]
    message = message.format(p=project.resolve())
    if kind == "internal":
        kind = watchfiles._rust_notify.WatchfilesRustInternalError

    def watch(*paths, **options):
        yield from ()  # a generator, as watchfiles' own: it fails once iterated
        raise kind(message)

    monkeypatch.setattr(watchfiles, "watch", watch)
    builds: list = []
    monkeypatch.setattr(preview.Preview, "rebuild", lambda self, changed=None: builds.append(1))
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    result = CliRunner().invoke(cli, ["serve", str(project), "--port", "0"])
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    for words in expected:
        assert words.format(p=project.resolve()) in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert list(temp.iterdir()) == []  # the preview's copy of the site is removed
    assert builds == []  # it ends before the first build (minutes on a large project)


def _preview_ends(
    project: Path, out_dir: Path, during_first_build, builds: list | None = None, last: int = 0
) -> list[BaseException]:
    """How the preview of `project` ended after `during_first_build()` ran; the builds (the
    paths each was asked for) in `builds`, the `last` one ending the preview (0: none)."""
    import threading

    from touchsite.commands.preview import _serve

    builds = [] if builds is None else builds

    class Preview:
        def __init__(self) -> None:
            self.project, self.out_dir = project.resolve(), out_dir

        def rebuild(self, changed=None) -> None:
            builds.append(changed)
            if len(builds) == 1:  # at once: the watcher is up before the first build
                during_first_build()
            if len(builds) == last:
                raise _Ended

    ended: list[BaseException] = []

    def run() -> None:
        try:
            _serve(Preview(), 0, lambda url: None)
        except BaseException as end:  # noqa: BLE001 - what the test looks at
            ended.append(end)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=10)
    return ended


def test_a_project_folder_removed_while_served_ends_the_preview(tmp_path: Path):
    """Once the project's folder is gone, its watcher sees nothing: not even the folder put
    back. The preview went on serving a site no edit could change."""
    from touchsite.errors import UserError

    project = tmp_path / "mini"
    shutil.copytree(MINI, project)
    ended = _preview_ends(project, tmp_path / "site", lambda: shutil.rmtree(project))
    assert ended, "the preview went on without its project"
    assert isinstance(ended[0], UserError), ended[0]
    assert str(project.resolve()) in str(ended[0]) and "removed" in str(ended[0])


def test_an_edit_through_a_link_to_a_folder_outside_the_project_rebuilds(tmp_path: Path):
    """A consultant links a shared folder of exports into the project: the watcher reports
    an edit in it by the link's path, which resolved outside the project and raised
    ValueError in the watching thread, ending the preview with a traceback."""
    project, shared = tmp_path / "mini", tmp_path / "geteilt"
    shutil.copytree(MINI, project)
    shared.mkdir()
    (shared / "antworten.csv").write_text("touchpoint;nps\n", "utf-8")
    (project / "data" / "geteilt").symlink_to(shared, target_is_directory=True)
    edited = project / "data" / "geteilt" / "antworten.csv"

    def edit() -> None:
        edited.write_text("touchpoint;nps\nhotline;9\n", "utf-8")

    builds: list = []
    ended = _preview_ends(project, tmp_path / "site", edit, builds, last=2)
    assert [type(end) for end in ended] == [_Ended], ended
    assert list(builds[1]) == [project.resolve() / "data" / "geteilt" / "antworten.csv"]


def test_the_watch_filter_takes_paths_as_reported_and_ignores_those_outside(tmp_path: Path):
    from touchsite.commands.preview import watched

    project, shared = tmp_path / "mini", tmp_path / "geteilt"
    (project / "data").mkdir(parents=True)
    shared.mkdir()
    (project / "data" / "geteilt").symlink_to(shared, target_is_directory=True)
    accept = watched(project, tmp_path / "out" / "site")
    assert accept(None, str(project / "data" / "geteilt" / "antworten.csv"))
    assert accept(None, str(project / "content" / "index.md"))
    assert not accept(None, str(shared / "antworten.csv"))  # outside: not the project's
    assert not accept(None, str(tmp_path / "anderswo.md"))
    assert not accept(None, str(project / "data" / "geteilt" / ".~lock.antworten.csv#"))
    assert not accept(None, str(project / "site" / "index.html"))
    assert not accept(None, str(tmp_path / "out" / "site" / "index.html"))


def test_a_file_name_not_in_utf8_saved_while_served_ends_the_preview_with_a_message(
    tmp_path: Path,
):
    """The watcher cannot name such a file (a German Windows zip unpacked as it is): its
    internal error ended the preview with a traceback."""
    from touchsite.errors import UserError

    project = tmp_path / "mini"
    shutil.copytree(MINI, project)

    def unpack() -> None:
        with open(bytes(project / "data") + b"/Umfrage_M\xe4rz.csv", "wb") as file:
            file.write(b"touchpoint;nps\n")

    ended = _preview_ends(project, tmp_path / "site", unpack)
    assert ended and isinstance(ended[0], UserError), ended
    assert "Umfrage_M" in str(ended[0]) and "UTF-8" in str(ended[0])


def test_a_folder_linked_in_from_outside_is_reported_and_the_preview_goes_on(tmp_path: Path):
    """A consultant links a shared folder of exports into data/: an edit through the link
    ended the preview with a traceback (ValueError from the watch filter). Now it rebuilds,
    and the build names the link (nothing from outside the project is read or published);
    removing the link makes the site good again."""
    project, shared = tmp_path / "mini", tmp_path / "geteilt"
    shutil.copytree(MINI, project)
    shared.mkdir()
    (shared / "antworten.csv").write_text("touchpoint,date,nps\nhotline,2026-01-10,9\n", "utf-8")
    link = project / "data" / "geteilt"
    link.symlink_to(shared, target_is_directory=True)
    process = _serve(project, 0, tmp_path)
    try:
        line = process.stdout.readline() if process.stdout else ""
        url = line.split(" at ")[1].split()[0]
        state = _state(url, -1)
        assert "data/geteilt: error: is a link to a file outside the project" in state["error"]
        (link / "antworten.csv").write_text("touchpoint,date,nps\nhotline,2026-01-10,3\n", "utf-8")
        state = _next_build(url, state["generation"], failed=True)
        assert process.poll() is None, "the preview ended at an edit through the link"
        link.unlink()
        _next_build(url, state["generation"], failed=False)
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=10)
