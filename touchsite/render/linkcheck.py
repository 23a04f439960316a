"""Check that every internal link, asset and fragment of the built site resolves."""

from __future__ import annotations

import dataclasses
import os
import posixpath
import re
from collections.abc import Iterator, Mapping
from html import unescape
from pathlib import Path
from typing import TypeVar
from urllib.parse import unquote, urlsplit

from touchsite.errors import Problem
from touchsite.models.markdown import (
    COPY_INTO_ASSETS,
    ON_A_COMPUTER,
    PUBLISHED_FOLDERS,
    followed,
    holds_data,
    project_path,
    publishable,
)
from touchsite.render.linked import Unreadable, cannot_read
from touchsite.render.references import DRAWINGS, WEB_FILES, WebFile
from touchsite.render.urls import FOLDER_INDEX, NOT_FOUND, SEARCH_INDEX, is_hashed_asset

# Written after the pages are rendered (the search index), so not among the files checked.
GENERATED_AFTER_RENDERING = (SEARCH_INDEX,)
LINK_ATTRIBUTES = {"a": "href", "link": "href", "script": "src", "img": "src", "source": "src"}
# Attributes that make the browser load something at once (not a link the reader follows).
LOADING = {"link", "script", "img", "source"}
SELF_CONTAINED = "the site must be self-contained"
_MISSING = "which the site does not have"


# The pages are touchsite's own output (Markdown is rendered without raw HTML), so attributes
# are always double-quoted: a regular expression reads them ten times faster than HTMLParser,
# which matters to the live preview. <script> bodies hold JSON only, never tags.
TAG = re.compile(r"<(a|link|script|img|source)\b[^>]*?\s(?:href|src)=\"([^\"]*)\"")


class PageLinks:
    """A page's links (tag, target, offset in its text) and the ids of its elements."""

    __slots__ = ("ids", "links")

    def __init__(self, content: bytes | str) -> None:
        # a page read where it was rendered is given as its text, which it was encoded from
        html = content if type(content) is str else content.decode("utf-8")
        self.links = [(m.group(1), unescape(m.group(2)), m.start()) for m in TAG.finditer(html)]
        self.ids = set(map(unescape, element_ids(html)))


def element_ids(html: str) -> list[str]:
    """The values of the `id` attributes in `html`, as `re.findall(r'\\sid="([^"]*)"', html)`
    finds them, four times as fast: a pattern that starts with `\\s` is tried at each of a
    page's 30,000 characters, where `str.find` jumps from one `id="` to the next."""
    found = []
    find = html.find
    start = 0  # where the next match may begin
    while (at := find('id="', start)) != -1:
        end = find('"', at + 4)
        if end == -1:
            break
        if at > start and html[at - 1].isspace():
            found.append(html[at + 4 : end])
            start = end + 1
        else:
            start = at + 1
    return found


def _line(content: bytes, offset: int) -> int:
    return content.decode("utf-8").count("\n", 0, offset) + 1


def check_links(
    files: dict[str, bytes],
    root: Path,
    skip: tuple[str, ...] = (NOT_FOUND,),
    pages_read: dict[bytes, object] | None = None,
    data_files: frozenset[str] = frozenset(),
    unread: Mapping[str, Unreadable] | None = None,
    published: Mapping[str, str] | None = None,
) -> list[Problem]:
    """Broken internal links, missing assets, unknown #fragments (warnings), and assets from
    other hosts (errors); in the pages and in the HTML and SVG files the texts link.

    Problems name the content file (and line) the link was written in where it can be found,
    else the built page. `skip` holds pages whose links are absolute by design.
    `pages_read`, the pages read by the last check of the same site (a preview's), by their
    bytes, saves reading the unchanged ones again; it is left holding this site's.
    `data_files`: the paths touchsite.yml reads data from (see `holds_data`); `unread`: the
    files the bodies link that could not be read, by path, with why (see `Site.unread`);
    `published`: the copies of the files they link, by name, with the file each is of.
    """
    known = pages_read if pages_read is not None else {}
    pages = {
        name: _read(known, content, PageLinks)
        for name, content in files.items()
        if name.endswith(".html") and not is_hashed_asset(name)  # not a file a body links
    }
    web_files = {
        copy: _read(known, files[copy], WebFile)
        for copy in (published or {})
        if copy.endswith(WEB_FILES) and copy in files
    }
    if pages_read is not None:
        pages_read.clear()
        pages_read.update((files[name], page) for name, page in pages.items())
        pages_read.update((files[copy], web) for copy, web in web_files.items())
    problems = []
    # an address's verdict, by where it is written: the same address from the same folder
    # is the same link (24,000 links at 1,000 touchpoints, 2,300 different), except one
    # without a path (#id), which leads into its own page (`urlsplit` keeps what it split)
    verdicts: dict[tuple[str, bool, str], str] = {}
    for name, parsed in sorted(pages.items()):
        if name in skip:
            continue
        folder = posixpath.dirname(name)
        for tag, target, offset in parsed.links:
            key = (folder if urlsplit(target).path else name, tag in LOADING, target)
            message = verdicts.get(key)
            if message is None:
                message = verdicts[key] = _broken(name, key[1], target, files, pages)
            if message:
                line = _line(files[name], offset)
                problem = _locate(root, name, line, target, message, data_files, unread or {})
                problems.append(dataclasses.replace(problem, level=_level(message)))
    for copy, web in sorted(web_files.items()):
        problems += _web_file_problems(copy, (published or {})[copy], web, files, pages)
    # a text shown on several pages (a recommendation's on each of its touchpoints') is one
    # mistake, found at its Markdown line from each
    return list(dict.fromkeys(problems))


_Read = TypeVar("_Read")


def _read(known: dict[bytes, object], content: bytes, kind: type[_Read]) -> _Read:
    """The file read as `kind`, or as read by the last check (see `check_links`)."""
    read = known.get(content)
    return read if isinstance(read, kind) else kind(content)


def _level(message: str) -> str:
    """A page that loads from another host sends its readers' addresses there: never
    published, unlike a broken link, which only disappoints. A path on the author's computer
    works for no reader, and names the author."""
    return "error" if message.endswith((SELF_CONTAINED, ON_A_COMPUTER)) else "warning"


def _web_file_problems(
    copy: str, source: str, web: WebFile, files: dict[str, bytes], pages
) -> list[Problem]:
    """What is wrong in the published `copy` of the project's HTML or SVG file `source`, at
    its line and column there: the same as in a page, with what would fix such a file; and
    in a drawing, a script."""
    problems = []
    for reference in web.references:
        message = _broken(copy, reference.loads, reference.address, files, pages)
        if not message:
            continue
        if message.endswith(ON_A_COMPUTER):
            hint = _EMBED
        elif message.endswith(SELF_CONTAINED):
            hint = f"{_SELF_CONTAINED_FILE}, or link the original at its web address instead"
        else:
            hint = _SELF_CONTAINED_FILE
            if message.endswith(_MISSING):  # a file beside it: the copy is published alone
                message = (
                    f"'{reference.address}' is not published with {source}: the site "
                    "publishes a file a text links alone, under a name of its own"
                )
        where = (source, reference.line, reference.column)
        problems.append(Problem(*where, message, hint, _level(message)))
    if copy.endswith(DRAWINGS):
        problems += [
            Problem(
                source,
                script.line,
                script.column,
                f"the drawing runs a script ({script.what}): a drawing needs none, and what a "
                "script loads or sends cannot be checked",
                "save it without scripts (its <script> elements and on... attributes), as an "
                "editor's plain or optimized SVG",
                "warning",
            )
            for script in web.scripts
        ]
    return problems


_SELF_CONTAINED_FILE = (
    "save the file with what it loads inside it: scripts and styles written in, images and "
    "fonts embedded (plotly: write_html(..., include_plotlyjs=True); draw.io: Embed Images, "
    "Embed Fonts)"
)
_EMBED = "embed what it names in the file (an editor's 'embed image'), or leave it out"


# C:\x, C:/x (a URL of the scheme 'c:' to urlsplit), file:///C:/x, and \\server\share, which
# Markdown reads as \server\share (a backslash escapes a backslash)
_COMPUTER_PATH = re.compile(r"^(?:[a-z]:(?:/|\\)|file:|\\)", re.IGNORECASE)


def _broken(page: str, loads: bool, target: str, files: dict[str, bytes], pages) -> str:
    """What is wrong with an address in a page (or a file a text links), if anything;
    `loads`: whether the browser loads it as it shows the page (not a link followed)."""
    if _COMPUTER_PATH.match(unquote(target)):
        return f"'{unquote(target)}' is {ON_A_COMPUTER}"
    parts = urlsplit(target)
    if parts.scheme in ("data", "mailto", "tel", "javascript", "about", "blob"):
        return ""
    if parts.scheme or parts.netloc:
        if loads:
            return f"'{target}' loads from another host; {SELF_CONTAINED}"
        return ""
    if parts.path.startswith("/"):
        return f"'{target}' is an absolute path; it breaks under a sub-path and from disk"
    path = unquote(parts.path)
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    if resolved.endswith("/") or resolved in ("", "."):
        resolved = posixpath.join(resolved, FOLDER_INDEX).lstrip("./")
    if resolved.startswith(GENERATED_AFTER_RENDERING):
        return ""
    if resolved not in files:
        in_folder = posixpath.join(resolved, FOLDER_INDEX)
        if in_folder not in files:
            return f"link '{target}' points at '{resolved}', {_MISSING}"
        resolved = in_folder
    if parts.fragment and resolved in pages and unquote(parts.fragment) not in pages[resolved].ids:
        return f"link '{target}': '{resolved}' has no element with id '{parts.fragment}'"
    return ""


def _locate(
    root: Path,
    page: str,
    line: int,
    target: str,
    message: str,
    data_files: frozenset[str],
    unread: Mapping[str, Unreadable],
) -> Problem:
    """Find the content file that holds the link; fall back to the built page."""
    hint = COPY_INTO_ASSETS if message.endswith(ON_A_COMPUTER) else _HINT
    # as written: the Markdown renderer %-encodes what a URL may not hold (C:\ -> C:%5C)
    written = {target, unquote(target), "\\" + unquote(target)}
    for path, lines in _markdown_texts(root / "content"):
        for number, text in enumerate(lines, 1):
            for link in written:
                if f"]({link}" in text or f"<{link}>" in text:
                    relative = path.relative_to(root).as_posix()
                    column = text.find(link) + 1
                    if message.endswith(_MISSING):
                        why = _in_project(root, relative, target, data_files, unread)
                        message, hint = why or (message, hint)
                    return Problem(relative, number, column, message, hint, "warning")
    if "\\" in unquote(target) and (problem := _with_backslashes(root, unquote(target))):
        return problem
    return Problem(f"site/{page}", line, None, message, hint, "warning")


def _with_backslashes(root: Path, address: str) -> Problem | None:
    """The link to `address` written with its folders parted by backslashes, as Windows
    writes a path. Markdown reads a backslash before a '.' as an escape, so the address is
    not the text written ('..\\..\\a.png' -> '....\\a.png'): both are compared without them."""
    bare = address.replace("\\", "")
    if not bare:
        return None
    for path, lines in _markdown_texts(root / "content"):
        for number, text in enumerate(lines, 1):
            if "\\" not in text:
                continue
            kept = [index for index, character in enumerate(text) if character != "\\"]
            plain = "".join(text[index] for index in kept)
            found = [
                at + len(before) for before in ("](", "<") if (at := plain.find(before + bare)) >= 0
            ]
            if not found:
                continue
            start, end = kept[found[0]], kept[found[0] + len(bare) - 1] + 1
            return Problem(
                path.relative_to(root).as_posix(),
                number,
                start + 1,
                f"'{text[start:end]}' parts its folders by '\\', as Windows does: a web "
                f"address reads it otherwise ('{address}')",
                "write '/' between the folders, e.g. ../../assets/plan.png",
                "warning",
            )
    return None


def _in_project(
    root: Path,
    source: str,
    target: str,
    data_files: frozenset[str],
    unread: Mapping[str, Unreadable],
) -> tuple[str, str] | None:
    """What is wrong with a link written in the content file `source` to a file of the
    project that was not published, and what would fix it; None for a link to elsewhere."""
    path = project_path(source, target)
    if path is None or path.endswith(".md"):
        return None
    written = unquote(target)
    # what could not be read when it was copied; a file in a folder that cannot be read was
    # not even found, and a folder, a pipe or a link to nothing is none to copy
    why = unread.get(path)
    if why is None and not os.path.isfile(root / path):
        if not path.startswith(PUBLISHED_FOLDERS) or path.endswith(".html"):
            return None  # a link to a page of the built site, written as a path from its page
        why = cannot_read(root / path)
        if why is None:
            return (
                f"'{written}' leads to {path}, which the project does not have",
                "check the file's name and folder: a path goes from the Markdown file",
            )
    linked = followed(root, path) or path  # a symbolic link under assets/ leads elsewhere
    if holds_data(path, data_files) or holds_data(linked, data_files):
        if linked != path:
            where = f"leads to {linked}"
        elif path.startswith("data/"):
            where = f"is in data/ ({path})"
        else:
            where = f"is {path}, a data file touchsite.yml reads"
        return (
            f"'{written}' {where}, which the site never publishes: "
            "data files hold the answers as they came, with customers' personal data",
            'show its figures on the page instead, e.g. {{ nps("<touchpoint>") }}',
        )
    if publishable(path) and publishable(linked):
        why = why or cannot_read(root / path)
        if why is not None:
            return f"'{written}' leads to {path}, {why.why}", why.hint
        # a file system that ignores case (macOS)
        return (
            f"'{written}' differs from the file's name in upper or lower case",
            "write the name as the file has it: the published site tells them apart",
        )
    return (
        f"'{written}' is {path}, outside the folders whose files the site publishes "
        "(assets/ and content/), or a hidden file",
        COPY_INTO_ASSETS,
    )


def _markdown_texts(content: Path) -> Iterator[tuple[Path, list[str]]]:
    """The lines of each Markdown file under `content`; a folder named like one, a file that
    cannot be read or is not UTF-8 (an old one in a folder the build never reads) is not."""
    for path in sorted(content.rglob("*.md")) if content.is_dir() else ():
        try:
            text = path.read_bytes().decode("utf-8-sig") if path.is_file() else None
        except (OSError, UnicodeDecodeError):
            continue
        if text is not None:
            yield path, text.splitlines()


_HINT = (
    "link to other content by its .md file, e.g. ../touchpoints/<id>.md, and to an image or "
    "a file by its path from the Markdown file, kept under assets/, e.g. ../../assets/plan.png"
)
