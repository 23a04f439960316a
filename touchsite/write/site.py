"""Write stage: put the rendered files in place, all or nothing, even when killed.

The new site is written into a sibling folder `.site-new-<pid>-*` (the search index is made
in another), then exchanged with the old one in one atomic step (Linux's renameat2 with
RENAME_EXCHANGE). Where the file system cannot exchange, the old site is first renamed to
`.site-old-<pid>-*` and the new one put in its place; a build killed between those two
renames leaves no `site/`, and the next build (or `recover`) renames the old one back (a
second rename that fails renames it back at once).
Folders of builds that are no longer running are removed.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from touchsite.errors import UserError
from touchsite.native import libc_function

RENAME_EXCHANGE = 2
AT_FDCWD = -100


def write_site(
    files: dict[str, bytes],
    out_dir: Path,
    finish: Callable[[], dict[str, bytes]] | None = None,
    finish_in: str | None = None,
) -> None:
    """Write into a temporary sibling folder, then swap it in for `out_dir`.

    `finish` gives more files once these are written (the search index, made from the
    rendered pages while they were written); if it fails, the previous site stays untouched
    like on any other failure. `finish_in`: the folder of the site that all of `finish`'s
    files are in (see `_linked_ahead`).
    """
    out_dir = out_dir.resolve()
    recover(out_dir)
    staging = scratch_folder(out_dir)
    try:
        _write_all(files, staging, out_dir)
        if finish is not None:
            ahead = _linked_ahead(files, staging, out_dir, finish_in) if finish_in else {}
            more = finish()
            # a file linked from the old site is written through to it: none is written twice
            if twice := sorted(more.keys() & files.keys()):
                raise ValueError(f"files given twice: {', '.join(twice[:3])}")
            _write_more(more, ahead, staging, out_dir)
        staging.chmod(0o755)
        if not out_dir.exists():
            staging.rename(out_dir)
            return
        if exchange(staging, out_dir):
            retired = staging  # now the old site
        else:
            retired = Path(tempfile.mkdtemp(prefix=_prefix(out_dir, "old"), dir=out_dir.parent))
            retired.rmdir()
            out_dir.rename(retired)
            try:
                staging.rename(out_dir)
            except BaseException:
                # the old site back, or no site at all would be left until the next build
                with contextlib.suppress(OSError):
                    retired.rename(out_dir)
                raise
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    # The new site is in place: an old one that cannot be removed in whole (a folder of it
    # this user may not change, a file a server holds open on NFS) fails no build, which
    # would tell of a site not written; what is left, the next build's `recover` removes.
    shutil.rmtree(retired, ignore_errors=True)


def _write_all(files: dict[str, bytes], staging: Path, out_dir: Path) -> None:
    """Each folder is made, and the old site's looked at, once, not once for each of its
    files (a site has a few folders and thousands of files): a third of the write's CPU.
    The files' paths are joined as text: a `Path` made for each of them took a fifth more."""
    # the old site's folders: whether each is its own (`out_dir` is resolved)
    own: dict[str, bool] = {}
    new, old_site = os.fspath(staging), os.fspath(out_dir)
    for relative, content in files.items():
        folder = posixpath.dirname(relative)
        if folder not in own:
            (staging / folder).mkdir(parents=True, exist_ok=True)
            own[folder] = _own_folder(out_dir / folder)
        old = f"{old_site}/{relative}" if own[folder] else None
        _write_or_link(f"{new}/{relative}", content, old)


def _linked_ahead(
    files: dict[str, bytes], staging: Path, out_dir: Path, folder: str
) -> dict[str, bytes]:
    """The old site's files in its `folder` (not among `files`), each linked into `staging`,
    by path with its bytes: done while the finish makes the files of that folder, which are
    mostly the same as the last build's (a search index of unchanged pages), so that only
    the changed ones are left to write once it has them. At 1,000 touchpoints the build
    ended 0.22 s after the index came back while its 1,031 files were linked then, 0.08 s
    with them linked ahead (medians of 5, the same CPU): the rest of the site is written by
    then, and nothing else is left to do. A folder of the old site's that is a link to
    elsewhere is not entered (`_own_folder`)."""
    old_folder = out_dir / folder
    if not old_folder.is_dir() or not _own_folder(old_folder):
        return {}
    linked: dict[str, bytes] = {}
    for directory, _folders, names in os.walk(old_folder):  # links to folders not entered
        relative = Path(directory).relative_to(out_dir).as_posix()
        made = False
        for name in sorted(names):
            path = f"{relative}/{name}"
            old = os.path.join(directory, name)
            try:
                if path in files or not stat.S_ISREG(os.lstat(old).st_mode):
                    continue
                with open(old, "rb") as file:
                    content = file.read()
                if not made:
                    (staging / relative).mkdir(parents=True, exist_ok=True)
                    made = True
                os.link(old, staging / path)
            except OSError:  # gone meanwhile, or a file system without links: written later
                continue
            linked[path] = content
    return linked


def _write_more(
    more: dict[str, bytes], ahead: dict[str, bytes], staging: Path, out_dir: Path
) -> None:
    """Write `more` into `staging`, where the files linked `ahead` (`_linked_ahead`) are:
    those with the same bytes stay; one changed is removed first and written anew (never
    through the link, into the old site's file), one `more` lacks is removed, and so is a
    folder that only those removed filled."""
    stale = [path for path, content in ahead.items() if more.get(path) != content]
    for path in stale:
        (staging / path).unlink()
    _remove_emptied(staging, stale)  # before the writes: a file may stand where one was
    _write_all(
        {path: data for path, data in more.items() if ahead.get(path) != data}, staging, out_dir
    )


def _own_folder(old_folder: Path) -> bool:
    """Whether a folder of the old site (of the resolved `out_dir`) is its own, not a link
    of it to a folder elsewhere, whose files a link would take as they are."""
    return os.path.realpath(old_folder) == str(old_folder)


def _write_or_link(target: str, content: bytes, old: str | None) -> None:
    """Write `content` to `target`, or link the old site's file `old` there where it holds
    the same bytes (most files, from one build to the next). A link is a second name for the
    file, not a new file: the file system allocates none, and the old site's removal frees
    none. On ext4, a file created soon after many were removed took 0.6-0.8 ms here (3,000
    of 30 KB), a link 0.06 ms; and an unchanged page keeps its time of change. `old` is in
    a folder of the old site's own, or None."""
    if old is not None:
        try:
            found = os.lstat(old)
            # a file, not a link of the old site to a file elsewhere
            if stat.S_ISREG(found.st_mode) and found.st_size == len(content):
                handle = os.open(old, os.O_RDONLY)
                try:
                    same = os.read(handle, len(content) + 1) == content
                finally:
                    os.close(handle)
                if same:
                    os.link(old, target)
                    return
        except OSError:  # no old file, or a file system without links: written
            pass
    with open(target, "wb") as file:
        file.write(content)


# What every site touchsite writes has at its top, since its first version: a folder without
# all of them is someone else's (`-o docs` holding a project's own pages, `-o ~/Documents`)
SITE_FILES = (".nojekyll", "index.html", "404.html")
SITE_FOLDERS = ("assets",)
SHOWN = 3  # the names a refusal gives of what the folder holds


def replaceable(out_dir: Path) -> None:
    """Raise UserError unless `out_dir` may be replaced by a new site: it does not exist, is
    an empty folder, or holds a site touchsite wrote. A build swaps the old folder out and
    deletes it, so pointed at a folder of other files it would delete them all."""
    try:
        _writable(out_dir)
        if not out_dir.exists():  # a link to nothing included: written where it leads
            return
        if not out_dir.is_dir():
            raise UserError(
                "the output is a file, not a folder",
                "name a folder for the site with -o, e.g. -o site",
                out_dir,
            )
        held = sorted(entry.name for entry in out_dir.iterdir())
        if not held or (
            all((out_dir / name).is_file() for name in SITE_FILES)
            and all((out_dir / name).is_dir() for name in SITE_FOLDERS)
        ):
            return
    except OSError as error:  # a folder this user may not read
        raise UserError(
            f"the output folder cannot be read ({error.strerror})",
            "name a folder you may read and write with -o, e.g. -o site",
            out_dir,
        ) from None
    except RuntimeError:  # Path.resolve: a link that leads back to itself
        raise UserError(
            "the output is a symbolic link that leads back to itself",
            "name a folder with -o, e.g. -o site, or point the link at a folder",
            out_dir,
        ) from None
    # named, as a file manager hides some (.DS_Store, .git): the folder may look empty
    named = ", ".join(held[:SHOWN]) + (
        f" and {len(held) - SHOWN} more" if len(held) > SHOWN else ""
    )
    raise UserError(
        f"the output folder holds files that are not a site touchsite built ({named}); the "
        "build would replace the folder and delete them",
        "name a new or empty folder with -o (e.g. -o site), or move those files away first",
        out_dir,
    )


def _writable(out_dir: Path) -> None:
    """Raise UserError where the site cannot be put in place: the new site is written into a
    folder beside `out_dir` (made with the folders above it that do not exist yet) and the
    old one's files deleted, so the nearest folder that exists above it, and `out_dir` itself
    where it is a folder, must be writable. Told before the build, not after its minutes of
    work, with a traceback. An output that is a link is written where it leads (write_site
    resolves it): those folders are asked, not the link's."""
    target = out_dir.resolve()
    above = target.parent
    while not above.exists() and above != above.parent:
        above = above.parent
    for folder in (above, target):
        if folder.is_dir() and not os.access(folder, os.W_OK | os.X_OK):
            # EACCES for permissions; EPERM for a folder made immutable; EROFS on a file
            # system mounted read-only (as root, only the last two)
            raise UserError(
                f"the site cannot be written: the folder {folder.as_posix()} may not be "
                "changed (no permission to write, or a read-only file system)",
                "name a folder you may write with -o, e.g. -o site, or change its permissions",
                out_dir,
            )


def unwritten(error: OSError, out_dir: Path) -> UserError:
    """The error for a site that could not be written (a full disk, a folder made read-only
    meanwhile): the old site stays as it was."""
    where = f" ({error.filename})" if error.filename else ""
    return UserError(
        f"the site could not be written: {error.strerror or error}{where}; the previous site "
        "is unchanged",
        "free space on the disk or make the folder writable, then build again; or name "
        "another folder with -o",
        out_dir,
    )


def scratch_folder(out_dir: Path) -> Path:
    """A new temporary folder beside `out_dir`, which `recover` removes once the build that
    made it is no longer running."""
    out_dir = out_dir.resolve()
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=_prefix(out_dir, "new"), dir=out_dir.parent))


def update_site(files: dict[str, bytes], previous: dict[str, bytes], out_dir: Path) -> list[str]:
    """Bring `out_dir`, written from `previous`, to `files`: write only the files whose bytes
    changed, remove those gone and the folders they leave empty (never `out_dir` itself);
    return the paths written or removed.

    For a live preview's own folder, which nothing else writes: a browser then keeps what it
    has cached, and the site is never missing while it is served. Each file is replaced in
    one rename, so a page is never served half written.
    """
    changed = [path for path, content in files.items() if previous.get(path) != content]
    for relative in changed:
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        partial.write_bytes(files[relative])
        partial.replace(target)
    gone = [path for path in previous if path not in files]
    for relative in gone:
        (out_dir / relative).unlink(missing_ok=True)
    _remove_emptied(out_dir, gone)
    return sorted(changed + gone)


def _remove_emptied(root: Path, gone: list[str]) -> None:
    """Remove the folders of the files `gone` (paths in `root`) that they left empty, inside
    `root` only and never `root` itself; the deepest first, so a folder whose folders all
    went goes too."""
    emptied = {
        parent
        for path in gone
        for parent in PurePosixPath(path).parents
        if parent.parts and not parent.is_absolute() and ".." not in parent.parts
    }
    for folder in sorted(emptied, key=lambda folder: (-len(folder.parts), folder)):
        with contextlib.suppress(OSError):  # not empty (or gone): it stays
            (root / folder).rmdir()


def recover(out_dir: Path) -> None:
    """Undo what a killed build left: the old site back in place, its temporary folders gone.
    Where that cannot be done (a link that leads back to itself, a folder that may not be
    changed), what is left stays: `replaceable` tells the user why."""
    try:
        out_dir = out_dir.resolve()
    except RuntimeError:
        return
    if not out_dir.parent.is_dir():
        return
    leftovers = sorted(
        (path for path in out_dir.parent.glob(f".{out_dir.name}-*-*-*") if path.is_dir()),
        key=lambda path: path.stat().st_mtime,
    )
    for path in leftovers:
        kind, pid = _owner(out_dir, path)
        if kind is None or _running(pid):
            continue
        if kind == "old" and not out_dir.exists():
            with contextlib.suppress(OSError):
                path.rename(out_dir)
        else:
            shutil.rmtree(path, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one atomic step; False where the system cannot."""
    renameat2 = libc_function("renameat2")
    if renameat2 is None:
        return False
    result = renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE)
    return result == 0


def _prefix(out_dir: Path, kind: str) -> str:
    return f".{out_dir.name}-{kind}-{os.getpid()}-"


def _owner(out_dir: Path, path: Path) -> tuple[str | None, int]:
    kind, _, rest = path.name.removeprefix(f".{out_dir.name}-").partition("-")
    pid = rest.partition("-")[0]
    if kind not in ("new", "old") or not pid.isdigit():
        return None, 0
    return kind, int(pid)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
