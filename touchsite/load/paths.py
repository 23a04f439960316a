"""Which files a project may publish: its own, never one reached through '..', '/' or a link.

Client repositories are edited by many people and built by CI runners, so a path in
touchsite.yml or a link committed under content/ could otherwise copy any file of the
machine (an SSH key, /etc/passwd) into the published site.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath, PureWindowsPath

# The folders whose files the build reads besides the ones touchsite.yml names.
READ_FOLDERS = ("content", "templates", "data", "assets")
HINT = "name a file inside the project folder (copy it there), relative to touchsite.yml"


def target(path: Path) -> Path | None:
    """Where `path` leads, links followed; None for links that lead in a circle."""
    try:
        return path.resolve()
    except (RuntimeError, OSError):  # RuntimeError: Python 3.11's word for a symlink loop
        return None


def inside(root: Path, path: Path) -> bool:
    """Whether `path` leads to a place inside the project at `root` (not around in a circle)."""
    found = target(path)
    if found is None:
        return False
    # A resolved path names no link, '.' or '..': one under `root` as written shows `root` is
    # resolved already (asked for every Markdown file, where resolving took half the time).
    return found.is_relative_to(root) or found.is_relative_to(root.resolve())


def escape(root: Path, relative: str) -> str | None:
    """Why the path `relative`, written in the project at `root`, may not be read; else None."""
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute():
        return f"'{relative}' is an absolute path"
    if target(root / relative) is None:
        return f"'{relative}' is a link that leads in a circle"
    if not inside(root, root / relative):
        return f"'{relative}' leads outside the project"
    for link in _links_out(root, root / relative):  # a folder an engine reads whole
        return f"'{relative}' holds {link.relative_to(root).as_posix()}, which {_wrong(link)}"
    return None


def bad_links(root: Path) -> Iterator[tuple[Path, str]]:
    """Every link under the read folders that leads outside the project or in a circle, sorted,
    with what is wrong with it."""
    for name in READ_FOLDERS:
        folder = root / name
        if folder.is_symlink() and not inside(root, folder):
            yield folder, _wrong(folder)
            continue
        for path in _links_out(root, folder):
            yield path, _wrong(path)


def _links_out(root: Path, folder: Path) -> Iterator[Path]:
    """The links under `folder` that lead outside the project or in a circle, sorted."""
    if not folder.is_dir():
        return
    for parent, folders, files in os.walk(folder):
        folders.sort()
        for entry in sorted(folders + files):
            path = Path(parent, entry)
            if path.is_symlink() and not inside(root, path):
                yield path


def _wrong(link: Path) -> str:
    if target(link) is None:
        return "is a link that leads in a circle"
    return "is a link to a file outside the project"
