"""The text of a file a person edits (touchsite.yml, a Markdown file): UTF-8, with or without
the byte-order mark Windows Notepad writes before it."""

from __future__ import annotations

import codecs
from pathlib import Path

from touchsite.errors import Problems

SAVE_AS_UTF8 = "save it as UTF-8 (in Notepad: 'Save as', Encoding 'UTF-8')"


def read_text(path: Path, problems: Problems) -> str | None:
    """The text of the file at `path` (see `decoded`); None, with the problem added, for a file
    that cannot be read (its permissions, a disk's error), which ended the build with a
    traceback."""
    data = readable(path, problems)
    return None if data is None else decoded(data, path, problems)


def readable(path: Path, problems: Problems, line: int | None = None) -> bytes | None:
    """The bytes of the file at `path`; None, with the problem added at `line`, where they
    cannot be read."""
    try:
        return path.read_bytes()
    except OSError as error:
        problems.add(
            path,
            line,
            f"cannot be read: {error.strerror or error}",
            "let the user who builds the site read it (e.g. chmod a+r on the file), or save it "
            "anew",
        )
        return None


def decoded(data: bytes, path: Path, problems: Problems) -> str | None:
    """`data` as text; None, with the problem added, for text that is not UTF-8."""
    if _is_utf16(data):
        problems.add(path, 1, "is UTF-16 text, not UTF-8", SAVE_AS_UTF8)
        return None
    mark = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        return data[mark:].decode("utf-8")
    except UnicodeDecodeError as error:
        line = error.object.count(b"\n", 0, error.start) + 1
        byte = mark + error.start + 1
        problems.add(path, line, f"is not UTF-8 text (byte {byte})", SAVE_AS_UTF8)
        return None


def _is_utf16(data: bytes) -> bool:
    """A byte-order mark of UTF-16, or (without one) a zero in every other byte of the start,
    which in UTF-16 is each ASCII letter's other half and in a text file nothing else."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return True
    start = data[:64]
    return len(start) >= 4 and any(not any(start[i::2]) and all(start[1 - i :: 2]) for i in (0, 1))
