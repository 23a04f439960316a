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


def escape(root: Path, relative: str) -> str | None:
    """Why the path `relative`, written in the project at `root`, may not be read; else None."""
    if PurePosixPath(relative).is_absolute() or PureWindowsPath(relative).is_absolute():
        return f"'{relative}' is an absolute path"
    if not (root / relative).resolve().is_relative_to(root.resolve()):
        return f"'{relative}' leads outside the project"
    return None


def links_leaving(root: Path) -> Iterator[Path]:
    """Every link under the read folders whose target lies outside the project, sorted."""
    inside = root.resolve()
    for name in READ_FOLDERS:
        folder = root / name
        if not folder.is_dir() or not folder.resolve().is_relative_to(inside):
            if folder.is_symlink():
                yield folder
            continue
        for parent, folders, files in os.walk(folder):
            folders.sort()
            for entry in sorted(folders + files):
                path = Path(parent, entry)
                if path.is_symlink() and not path.resolve().is_relative_to(inside):
                    yield path
