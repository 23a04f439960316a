"""The project's files that the bodies show or link (an image, a manual), read to be published
under names that change with their content; and, for one that cannot be read, what is wrong
and what would fix it, which the link check says at the Markdown line that links it."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from touchsite.render.urls import asset_path

# Opened without waiting: a named pipe opened to read waits for a writer, for good if none
# comes; opened so, it is found to be no file at once.
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class Unreadable(Exception):
    """A linked file that cannot be published: `why` follows the file's path in a message
    ("assets/plan.png, which ..."), `hint` says what would fix it."""

    def __init__(self, why: str, hint: str) -> None:
        super().__init__(why)
        self.why, self.hint = why, hint


# The last copy of each file a body links, by its place and its state on disk (changed when,
# how long): a preview builds again after every edit of a text, and a film or a manual a
# text links may be large, too large to read and hash again each time.
_COPIES: dict[Path, tuple[tuple[int, int, int], str, bytes]] = {}


def linked_copy(path: Path) -> tuple[str, bytes]:
    """The published name and the content of the file at `path` (see `asset_path`); Unreadable
    if it is no file that can be read, or is gone."""
    try:
        with _opened(path) as file:
            state = os.fstat(file.fileno())
            if not stat.S_ISREG(state.st_mode):
                raise _not_a_file(state.st_mode)
            key = (state.st_mtime_ns, state.st_size, state.st_ino)
            kept = _COPIES.get(path)
            if kept is None or kept[0] != key:
                content = file.read()
                kept = _COPIES[path] = (key, asset_path(path.name, content), content)
    except (OSError, Unreadable) as error:
        _COPIES.pop(path, None)
        if isinstance(error, Unreadable):
            raise
        if isinstance(error, FileNotFoundError) and not os.path.islink(path):
            # it was there when the folders were read, a moment before
            raise Unreadable(
                "which was gone when the build read it",
                "build again once the file is in place",
            ) from None
        raise _unreadable(path, error) from None
    return kept[1], kept[2]


def cannot_read(path: Path) -> Unreadable | None:
    """What keeps the file at `path` from being read, as `linked_copy` says it; None for a
    file that can be read, and for none at all (nothing at `path`)."""
    try:
        with _opened(path) as file:
            mode = os.fstat(file.fileno()).st_mode
    except (FileNotFoundError, NotADirectoryError) as error:  # nothing there: a path past a file
        return _unreadable(path, error) if os.path.islink(path) else None
    except OSError as error:
        return _unreadable(path, error)
    return None if stat.S_ISREG(mode) else _not_a_file(mode)


def _opened(path: Path):
    return os.fdopen(os.open(path, _OPEN_FLAGS), "rb")


def _unreadable(path: Path, error: OSError) -> Unreadable:
    if isinstance(error, FileNotFoundError) and os.path.islink(path):
        return Unreadable(
            f"a symbolic link to {os.readlink(path)}, which does not exist",
            "point the link at a file in the project, or put the file itself in its place",
        )
    if isinstance(error, IsADirectoryError) or (
        isinstance(error, PermissionError) and os.path.isdir(path)  # Windows: a folder is denied
    ):
        return _not_a_file(stat.S_IFDIR)
    if isinstance(error, PermissionError):
        return Unreadable(
            "which cannot be read: permission denied",
            "let the user who builds the site read it (e.g. chmod a+r on the file and a+x on "
            "its folders), or copy it into the project anew",
        )
    return Unreadable(
        f"which cannot be read: {error.strerror or error}",
        "copy the file into the project anew",
    )


_KINDS = {
    stat.S_IFIFO: "a named pipe",
    stat.S_IFCHR: "a device",
    stat.S_IFBLK: "a device",
    stat.S_IFSOCK: "a socket",
}


def _not_a_file(mode: int) -> Unreadable:
    if stat.S_ISDIR(mode):
        return Unreadable(
            "which is a folder, not a file",
            "link a file in it, or a zip archive of the folder",
        )
    return Unreadable(
        f"which is {_KINDS.get(stat.S_IFMT(mode), 'no file')}, not a file",
        "link a regular file: save what it holds in a file under assets/",
    )
