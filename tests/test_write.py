"""The site is swapped in whole: a build killed at any moment leaves the old or the new site.

Each case runs a build's write stage in a child process that stops at one moment and waits;
the test kills it with SIGKILL, then `recover` (what the next build runs first) must leave a
complete site, no temporary folders and no child process of the killed build.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import alive, tree
from touchsite.errors import UserError
from touchsite.write.site import (
    SITE_FILES,
    exchange,
    recover,
    replaceable,
    update_site,
    write_site,
)

OLD = {"index.html": b"old", "touchpoints/a.html": b"old a"}
NEW = {"index.html": b"new", "touchpoints/a.html": b"new a", "touchpoints/b.html": b"new b"}

CHILD = """
import os, pathlib, shutil, subprocess, sys, time
import touchsite.write.site as write
from touchsite.children import end_with_parent

out, moment, marker = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
NEW = {new!r}

def pause(note=""):
    marker.write_text(note)
    time.sleep(600)

finish = None
if moment == "writing":
    original, count = write._write_or_link, [0]
    def write_or_link(target, content, old):
        count[0] += 1
        if count[0] == 2:
            pause()
        return original(target, content, old)
    write._write_or_link = write_or_link
elif moment == "indexing":
    def finish():
        child = subprocess.Popen(["sleep", "600"], preexec_fn=end_with_parent)
        pause(str(child.pid))
elif moment in ("before the swap", "first build"):
    finish = lambda: pause()
elif moment in ("between the renames", "removing the old site"):
    write.exchange = lambda a, b: False
    renames, rename = [0], pathlib.Path.rename
    def counting_rename(self, target):
        result = rename(self, target)
        renames[0] += 1
        if renames[0] == 1 and moment == "between the renames":
            pause()
        return result
    pathlib.Path.rename = counting_rename
    if moment == "removing the old site":
        write.shutil.rmtree = lambda path, *a, **k: pause()
elif moment == "after the exchange":
    write.shutil.rmtree = lambda path, *a, **k: pause()
write.write_site(NEW, out, finish=finish)
"""

MOMENTS = [
    "writing",
    "indexing",
    "before the swap",
    "first build",
    "between the renames",
    "removing the old site",
    "after the exchange",
]


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_build_killed_at_any_moment_leaves_a_whole_site(tmp_path: Path, moment: str):
    out = tmp_path / "site"
    if moment != "first build":
        write_site(OLD, out)
    marker = tmp_path / "reached"
    script = textwrap.dedent(CHILD).format(new=NEW)
    child = subprocess.Popen([sys.executable, "-c", script, str(out), moment, str(marker)])
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert child.poll() is None, f"the build ended before '{moment}'"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    note = marker.read_text()
    child.send_signal(signal.SIGKILL)
    child.wait()

    recover(out)

    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".site-"))
    assert left == []
    if moment == "first build":
        assert not out.exists()
    else:
        assert tree(out) in (OLD, NEW)
    if note:  # the indexer's pid: it ended with the build
        deadline = time.monotonic() + 10
        while alive(int(note)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not alive(int(note))


def test_a_running_builds_folders_are_left_alone(tmp_path: Path):
    out = tmp_path / "site"
    write_site(OLD, out)
    mine = tmp_path / f".site-new-{os.getpid()}-abc"
    mine.mkdir()
    recover(out)
    assert mine.is_dir() and tree(out) == OLD


def test_the_new_site_replaces_the_old(tmp_path: Path):
    out = tmp_path / "site"
    write_site(OLD, out)
    write_site(NEW, out)
    assert tree(out) == NEW
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_a_file_given_twice_is_refused_and_the_old_site_kept(tmp_path: Path):
    """A file the finish gives again (linked from the old site by then, so writing it would
    change the old site's file through the link) fails the write before anything changes."""
    out = tmp_path / "site"
    write_site(OLD, out)
    with pytest.raises(ValueError, match="files given twice: index.html"):
        write_site(OLD, out, finish=lambda: {"index.html": b"changed"})
    assert tree(out) == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


def test_an_unchanged_file_is_the_old_sites_file_a_changed_one_is_new(tmp_path: Path):
    """Files with the same bytes as the old site's are linked from it, not written again;
    an old site's link to a file elsewhere is not followed."""
    out, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    write_site(OLD, out)
    elsewhere.mkdir()
    (elsewhere / "c.html").write_bytes(b"new c")
    (out / "touchpoints" / "b.html").symlink_to(elsewhere / "c.html")
    (out / "more").symlink_to(elsewhere, target_is_directory=True)
    before = {path: (out / path).stat().st_ino for path in OLD}
    new = {**NEW, "index.html": b"old", "touchpoints/b.html": b"new c", "more/c.html": b"new c"}
    write_site(new, out)
    assert tree(out) == new
    assert (out / "index.html").stat().st_ino == before["index.html"]
    assert (out / "touchpoints" / "a.html").stat().st_ino != before["touchpoints/a.html"]
    for path in ("touchpoints/b.html", "more/c.html"):
        assert (out / path).stat().st_ino != (elsewhere / "c.html").stat().st_ino
        assert not (out / path).is_symlink() and not (out / path).parent.is_symlink()


def test_each_folder_is_looked_at_once_not_for_each_file(tmp_path: Path, monkeypatch):
    """A site has a few folders and thousands of files: what is asked of a folder (made in
    the new site? the old site's own, or a link to elsewhere?) is asked once."""
    out = tmp_path / "site"
    files = {"index.html": b"i", **{f"touchpoints/{n}.html": b"t" for n in range(20)}}
    write_site(files, out)
    asked = []
    realpath = os.path.realpath

    def counted(path, **options):
        asked.append(path)
        return realpath(path, **options)

    monkeypatch.setattr(os.path, "realpath", counted)
    write_site({**files, "touchpoints/new.html": b"n"}, out)
    assert [path for path in asked if str(path).endswith(".html")] == []  # folders only
    assert tree(out) == {**files, "touchpoints/new.html": b"n"}
    inode = (out / "touchpoints" / "3.html").stat().st_ino
    write_site(files, out)
    assert (out / "touchpoints" / "3.html").stat().st_ino == inode  # linked, not written


def folders(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_dir())


def test_an_update_removes_the_folders_its_last_file_left(tmp_path: Path):
    site = tmp_path / "site"
    before = {
        "index.html": b"home",
        "touchpoints/a.html": b"a",
        "touchpoints/b.html": b"b",
        "assets/img/x/logo.svg": b"<svg/>",
        "pages/kept.html": b"kept",
    }
    update_site(before, {}, site)
    (site / "pages" / "notes.txt").write_text("not the site's")  # someone else's file stays
    after = {"index.html": b"home", "touchpoints/a.html": b"a2"}
    changed = update_site(after, before, site)
    assert changed == [
        "assets/img/x/logo.svg",
        "pages/kept.html",
        "touchpoints/a.html",
        "touchpoints/b.html",
    ]
    assert folders(site) == ["pages", "touchpoints"]
    assert tree(site) == {
        "index.html": b"home",
        "pages/notes.txt": b"not the site's",
        "touchpoints/a.html": b"a2",
    }
    update_site({}, after, site)  # the site's root stays, empty
    assert site.is_dir() and folders(site) == ["pages"]


OLD_INDEX = {
    "index.html": b"old",
    "pagefind/entry.json": b"same",
    "pagefind/fragment/a.pf": b"old a",
    "pagefind/gone/x.pf": b"a folder the new index has a file for",
    "pagefind/emptied/y.pf": b"a folder the new index lacks",
}
NEW_INDEX = {
    "pagefind/entry.json": b"same",
    "pagefind/fragment/a.pf": b"new a",
    "pagefind/fragment/b.pf": b"new b",
    "pagefind/gone": b"a file where a folder was",
}


def test_the_index_linked_ahead_leaves_the_old_site_and_writes_what_changed(tmp_path: Path):
    """While the index is made, the old site's index files are linked into the new site: the
    old site stays as it was, a file the index changed is new (not written through the link
    into the old site's file), one it no longer has is gone, with a folder only it filled."""
    out, kept = tmp_path / "site", tmp_path / "kept"
    write_site(OLD_INDEX, out)
    kept.mkdir()
    for name, path in (("a", "pagefind/fragment/a.pf"), ("entry", "pagefind/entry.json")):
        os.link(out / path, kept / name)  # the old site's files, under a second name
    seen = {}

    def finish():
        seen["old site"] = tree(out)
        return NEW_INDEX

    write_site({"index.html": b"new"}, out, finish=finish, finish_in="pagefind/")
    assert seen["old site"] == OLD_INDEX
    assert tree(out) == {"index.html": b"new", **NEW_INDEX}
    assert folders(out) == ["pagefind", "pagefind/fragment"]
    assert (kept / "a").read_bytes() == b"old a"
    assert (out / "pagefind" / "entry.json").stat().st_ino == (kept / "entry").stat().st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept", "site"]


def test_a_failed_index_leaves_the_old_site_its_files_linked_ahead_gone(tmp_path: Path):
    out = tmp_path / "site"
    write_site(OLD_INDEX, out)

    def finish():
        raise RuntimeError("pagefind failed")

    with pytest.raises(RuntimeError, match="pagefind failed"):
        write_site({"index.html": b"new"}, out, finish=finish, finish_in="pagefind/")
    assert tree(out) == OLD_INDEX
    assert [p.name for p in tmp_path.iterdir()] == ["site"]


@pytest.mark.skipif(sys.platform != "linux", reason="renameat2 is Linux's")
def test_the_swap_runs_no_program(tmp_path: Path, monkeypatch):
    """The swap looked the C library up with `ctypes.util.find_library`, which runs
    `ldconfig -p`: a child process at the end of every build. It swaps without one."""

    def refused(*args, **kwargs):
        raise RuntimeError("a program was run")

    monkeypatch.setattr(subprocess, "Popen", refused)
    old, new = tmp_path / "old", tmp_path / "new"
    old.mkdir()
    new.mkdir()
    (old / "a.html").write_bytes(b"old")
    (new / "a.html").write_bytes(b"new")
    assert exchange(new, old)
    assert (old / "a.html").read_bytes() == b"new"
    assert (new / "a.html").read_bytes() == b"old"


def test_only_a_folder_touchsite_wrote_or_an_empty_one_is_replaced(tmp_path: Path):
    """A build swaps its output folder out and deletes it: `-o` at a folder of someone's own
    files deleted them all, without a word."""
    replaceable(tmp_path / "new")  # not there yet
    (tmp_path / "empty").mkdir()
    replaceable(tmp_path / "empty")
    site = tmp_path / "site"
    for name in (".nojekyll", "index.html", "404.html", "assets/style.css"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("")
    replaceable(site)
    (tmp_path / "to-site").symlink_to(site)
    replaceable(tmp_path / "to-site")
    (tmp_path / "to-nothing").symlink_to(tmp_path / "nothing")
    replaceable(tmp_path / "to-nothing")

    docs = tmp_path / "docs"  # a project's own pages: an index and a 404 page, no .nojekyll
    for name in ("index.html", "404.html", "assets/logo.png", "guide.md"):
        (docs / name).parent.mkdir(parents=True, exist_ok=True)
        (docs / name).write_text("mine")
    (tmp_path / "notes.txt").write_text("mine")
    for folder, said in ((docs, "not a site touchsite built"), (tmp_path / "notes.txt", "a file")):
        with pytest.raises(UserError) as raised:
            replaceable(folder)
        (problem,) = raised.value.problems
        assert problem.path == folder.as_posix()
        assert said in problem.message
        assert "-o" in problem.hint


def test_a_refused_folder_names_what_it_holds(tmp_path: Path):
    """A folder whose only files are hidden ones (a Mac's .DS_Store, a git checkout's .git)
    looks empty in a file manager: the refusal named none of them."""
    hidden = tmp_path / "docs"
    hidden.mkdir()
    (hidden / ".DS_Store").write_bytes(b"")
    with pytest.raises(UserError) as raised:
        replaceable(hidden)
    (problem,) = raised.value.problems
    assert "(.DS_Store)" in problem.message
    many = tmp_path / "many"
    many.mkdir()
    for name in ("a.md", "b.md", "c.md", "d.md", ".git"):
        (many / name).write_text("mine")
    with pytest.raises(UserError) as raised:
        replaceable(many)
    (problem,) = raised.value.problems
    assert "(.git, a.md, b.md and 2 more)" in problem.message
    assert sorted(path.name for path in many.iterdir()) == [".git", "a.md", "b.md", "c.md", "d.md"]


def test_an_output_folder_that_cannot_be_read_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch
):
    folder = tmp_path / "theirs"
    folder.mkdir()

    def refused(self):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "iterdir", refused)
    assert _refusal(folder) == "the output folder cannot be read (Permission denied)"


def _unwritable(monkeypatch, folder: Path):
    """access(2) answers that `folder` may not be written, as for a folder of another user's
    (or, as root, an immutable one or a read-only file system); returns the real access."""
    real_access = os.access

    def access(path, mode, **kwargs):
        if Path(path) == folder and mode & os.W_OK:
            return False
        return real_access(path, mode, **kwargs)

    monkeypatch.setattr(os, "access", access)
    return real_access


@pytest.mark.parametrize("denied", ["above", "itself"])
def test_an_output_folder_that_may_not_be_changed_is_refused_before_the_build(
    tmp_path: Path, monkeypatch, denied: str
):
    """A folder the user may not write (or, as root, one made immutable or on a read-only
    file system: the same answer from access(2)) ended a whole build with a PermissionError's
    traceback when the site was to be put in place. The folder the site's scratch folder goes
    in is the nearest one that exists above the output; an existing output folder's own files
    are deleted with the old site, so it must be writable too."""
    above = tmp_path / "shared"
    site = above / "site"
    site.mkdir(parents=True)
    for name in SITE_FILES:
        (site / name).write_text("x")
    (site / "assets").mkdir()
    locked = {"above": above, "itself": site}[denied]
    real_access = _unwritable(monkeypatch, locked)
    with pytest.raises(UserError) as raised:
        replaceable(site)
    (problem,) = raised.value.problems
    assert problem.path == site.as_posix()
    assert problem.message == (
        f"the site cannot be written: the folder {locked.as_posix()} may not be changed (no "
        "permission to write, or a read-only file system)"
    )
    assert "-o" in problem.hint
    # a new folder below the locked one: the folders to make cannot be made either
    if denied == "above":
        with pytest.raises(UserError) as raised:
            replaceable(above / "new/deeper/site")
        assert f"the folder {above.as_posix()} may not be changed" in str(raised.value)
    # a writable place is accepted
    monkeypatch.setattr(os, "access", real_access)
    replaceable(site)


@pytest.mark.parametrize("locked", ["beside the link", "where it leads"])
def test_an_output_that_is_a_link_is_asked_for_where_it_leads(
    tmp_path: Path, monkeypatch, locked: str
):
    """write_site puts the site where a link named as the output leads, its scratch folder
    beside that folder: a link in a folder the user may not change, to a site they may, was
    refused; one to a site in a folder they may not change passed and failed after the
    build."""
    shelf, place = tmp_path / "shelf", tmp_path / "place"
    shelf.mkdir()
    site = place / "site"
    site.mkdir(parents=True)
    for name in SITE_FILES:
        (site / name).write_text("x")
    (site / "assets").mkdir()
    link = shelf / "site"
    link.symlink_to(site, target_is_directory=True)
    denied = {"beside the link": shelf, "where it leads": place}[locked]
    _unwritable(monkeypatch, denied)
    if denied == shelf:
        replaceable(link)
        write_site(NEW, link)  # and it is written there
        assert (site / "touchpoints/b.html").read_bytes() == b"new b"
        return
    with pytest.raises(UserError) as raised:
        replaceable(link)
    assert f"the folder {place.as_posix()} may not be changed" in str(raised.value)


@pytest.mark.parametrize("exchanges", [True, False])
def test_an_old_site_that_cannot_be_removed_fails_no_write(
    tmp_path: Path, monkeypatch, exchanges: bool
):
    """The old site is removed after the new one is in place: where that failed (a folder of
    it the user may not change), the build ended with the error, which the CLI told as "the
    site could not be written; the previous site is unchanged" of a site that was replaced.
    What is left of the old site, the next build removes."""
    import shutil

    from touchsite.write import site as site_module

    out = tmp_path / "site"
    write_site(OLD, out)
    real_rmtree = shutil.rmtree
    kept = []

    def rmtree(path, ignore_errors=False, **kwargs):
        if Path(path).name.startswith(".site-") and (Path(path) / "index.html").exists():
            kept.append(Path(path))
            if not ignore_errors:
                raise PermissionError(13, "Permission denied", str(path))
            return None
        return real_rmtree(path, ignore_errors=ignore_errors, **kwargs)

    monkeypatch.setattr(shutil, "rmtree", rmtree)
    if not exchanges:
        monkeypatch.setattr(site_module, "exchange", lambda a, b: False)
    write_site(NEW, out)
    assert tree(out) == NEW
    (left,) = kept
    assert (left / "index.html").read_bytes() == b"old"  # the old site, left over
    monkeypatch.setattr(shutil, "rmtree", real_rmtree)
    monkeypatch.setattr(site_module, "_running", lambda pid: False)  # as for the next build
    write_site(NEW, out)
    assert [path.name for path in tmp_path.iterdir()] == ["site"]


def test_a_new_site_that_cannot_be_put_in_place_leaves_the_old_one(tmp_path: Path, monkeypatch):
    """Where the file system cannot exchange two folders, the old site is renamed aside
    and the new one put in its place: a failure of that second rename left no site at all
    (until the next build's recovery), while the message said the previous site was
    unchanged."""
    from touchsite.write import site as site_module

    out = tmp_path / "site"
    write_site(OLD, out)
    monkeypatch.setattr(site_module, "exchange", lambda a, b: False)
    real_rename = Path.rename

    def refused(self, target):
        if self.name.startswith(".site-new-"):
            raise OSError(28, "No space left on device", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", refused)
    with pytest.raises(OSError):
        write_site(NEW, out)
    assert tree(out) == OLD
    assert [path.name for path in tmp_path.iterdir()] == ["site"]


def test_an_output_that_is_a_link_to_itself_is_a_message_not_a_traceback(tmp_path: Path):
    """A symbolic link that leads back to itself, named as the output, ended the build with
    pathlib's RuntimeError ("Symlink loop") at the recovery of a killed build's folders."""
    loop = tmp_path / "site"
    loop.symlink_to(loop)
    recover(loop)  # nothing to recover there
    assert _refusal(loop) == "the output is a symbolic link that leads back to itself"


def test_an_old_site_that_cannot_be_put_back_is_left_for_the_user(tmp_path: Path, monkeypatch):
    """A killed build's old site is renamed back in place; in a folder that may not be
    changed, that rename raised a PermissionError's traceback before the build could say
    the folder may not be written."""
    old = tmp_path / ".site-old-99999999-abc"  # of a build no longer running
    old.mkdir()
    (old / "index.html").write_text("old")
    real_rename = Path.rename

    def refused(self, target):
        if self == old:
            raise PermissionError(13, "Permission denied", str(self))
        return real_rename(self, target)

    monkeypatch.setattr(Path, "rename", refused)
    recover(tmp_path / "site")
    assert (old / "index.html").read_text() == "old"
    assert not (tmp_path / "site").exists()
    monkeypatch.setattr(Path, "rename", real_rename)
    recover(tmp_path / "site")  # put back once it can be
    assert (tmp_path / "site/index.html").read_text() == "old"


def _refusal(out_dir: Path) -> str:
    """The message of the one problem `replaceable` raises for `out_dir`, said of it, with a
    hint that names -o."""
    with pytest.raises(UserError) as raised:
        replaceable(out_dir)
    (problem,) = raised.value.problems
    assert problem.path == out_dir.as_posix()
    assert "-o" in problem.hint
    return problem.message
