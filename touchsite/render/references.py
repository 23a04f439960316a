"""The addresses in a web file made by another tool that a text links and the site publishes:
an HTML page (a chart exported from plotly, a survey's print view), an SVG drawing (draw.io,
Illustrator, Inkscape). Each address with what it is (loaded at once by the browser, or a link
the reader follows) and where it is written; and the scripts in a drawing.

The site's own pages are read by a regular expression (see touchsite.render.linkcheck): they
are touchsite's output, one way of writing. These files are written every way HTML and SVG
allow, so a parser reads them, and their CSS too (`url(...)`, `@import`)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# The files a browser opens as a page that loads what it refers to (by the copy's ending)
WEB_FILES = (".html", ".htm", ".xhtml", ".svg")
DRAWINGS = (".svg",)

# (element, attribute) whose address the browser loads as it shows the page; the attributes
# of SVG's elements are read both as SVG 2 writes them (href) and as SVG 1.1 (xlink:href)
_LOADED = {
    ("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"),
    ("script", "src"), ("script", "href"), ("script", "xlink:href"),
    ("link", "href"), ("link", "imagesrcset"), ("base", "href"),
    ("iframe", "src"), ("frame", "src"), ("embed", "src"), ("object", "data"),
    ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
    ("input", "src"), ("image", "href"), ("image", "xlink:href"), ("use", "href"),
    ("use", "xlink:href"), ("feimage", "href"), ("feimage", "xlink:href"),
}  # fmt: skip
_LINKED = {("a", "href"), ("a", "xlink:href"), ("area", "href")}
# what a <link> names without the browser fetching it
_NOT_FETCHED = {"alternate", "author", "bookmark", "canonical", "help", "license", "next", "prev"}
_SRCSET = {"srcset", "imagesrcset"}
# An address in CSS: url(...), plain or quoted, and @import "..."
_CSS_ADDRESS = re.compile(
    r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')""",
    re.IGNORECASE,
)
_REFRESH = re.compile(r"^\s*\d*\s*[;,]\s*url\s*=\s*['\"]?([^'\"]*)", re.IGNORECASE)
_PSEUDO_ATTRIBUTE = re.compile(r"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')""")


@dataclass(frozen=True)
class Reference:
    address: str
    loads: bool  # loaded at once as the file is shown, not a link the reader follows
    line: int
    column: int


@dataclass(frozen=True)
class Script:
    what: str  # '<script>', 'onload', 'javascript:'
    line: int
    column: int


class WebFile:
    """The addresses (`references`) and scripts of an HTML or SVG file's bytes."""

    __slots__ = ("references", "scripts")

    def __init__(self, content: bytes) -> None:
        reader = _Reader()
        try:
            reader.feed(_text(content))
            reader.close()
        except (AssertionError, AttributeError, ValueError):  # a file the parser gives up on
            pass  # what it read until then is kept
        self.references: list[Reference] = reader.references
        self.scripts: list[Script] = reader.scripts


def _text(content: bytes) -> str:
    """The file's text: UTF-8 as a rule, UTF-16 as Word and Excel save a page "as Unicode";
    what is no UTF-8 (an old page in Windows-1252) does not hide the addresses, all ASCII."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16", "replace")
    return content.decode("utf-8-sig", "replace")


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.references: list[Reference] = []
        self.scripts: list[Script] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        written = self.get_starttag_text() or ""
        line, column = self.getpos()
        values = {name: value or "" for name, value in attrs}
        if tag == "script":
            self.scripts.append(Script("<script>", line, column + 1))
        self._in_style = tag == "style"  # its text is CSS (see handle_data)
        for name, value in values.items():
            at = _place(written, name, line, column)
            if name.startswith("on"):
                self.scripts.append(Script(name, *at))
            if value.strip().lower().startswith("javascript:"):
                self.scripts.append(Script("javascript:", *at))
            if "url(" in value.lower():  # style="...", and SVG's fill="url(#a)" and the like
                self._css(value, *at)
            if (tag, name) in _LINKED:
                self._add(value, False, at)
            elif (tag, name) in _LOADED and _fetched(tag, values):
                for address in _candidates(value) if name in _SRCSET else [value]:
                    self._add(address, True, at)
            elif name == "background":  # an old page's <body>, <table> or <td>
                self._add(value, True, at)
            elif tag == "meta" and name == "content" and (address := _refresh(values)):
                self._add(address, True, at)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self._css(data, *self.getpos(), inline=True)

    def handle_pi(self, data: str) -> None:
        """`<?xml-stylesheet href="..."?>`, a stylesheet an SVG or XHTML file loads."""
        if data.startswith("xml-stylesheet") and (found := _PSEUDO_ATTRIBUTE.search(data)):
            line, column = self.getpos()
            self._add(found.group(1) or found.group(2) or "", True, (line, column + 1))

    def _css(self, css: str, line: int, column: int, inline: bool = False) -> None:
        for found in _CSS_ADDRESS.finditer(css):
            group = next(index for index, text in enumerate(found.groups(), 1) if text is not None)
            address = found.group(group)
            if inline:  # where in the style element's text
                before = css[: found.start(group)]
                lines = before.count("\n")
                at = (line + lines, (column if not lines else 0) + len(before) - before.rfind("\n"))
            else:
                at = (line, column)
            self._add(address, True, at)

    def _add(self, address: str, loads: bool, at: tuple[int, int]) -> None:
        address = address.strip()
        if address and not address.startswith("#"):  # a place in the file itself
            self.references.append(Reference(address, loads, *at))


def _fetched(tag: str, values: dict[str, str]) -> bool:
    """Whether the browser fetches what the element names: a <link rel="canonical"> or
    "alternate" only names another address."""
    if tag != "link":
        return True
    kinds = set(values.get("rel", "").lower().split())
    return not kinds or not kinds <= _NOT_FETCHED


def _refresh(values: dict[str, str]) -> str | None:
    """The address a <meta http-equiv="refresh" content="0; url=..."> opens at once."""
    if values.get("http-equiv", "").lower() != "refresh":
        return None
    found = _REFRESH.match(values.get("content", ""))
    return found.group(1) if found else None


def _candidates(srcset: str) -> list[str]:
    """The addresses of a srcset ('a.png 1x, b.png 2x'), as the HTML standard parses one: an
    address runs to white space (commas at its end part it from the next), its descriptors
    to a comma outside parentheses, so 'a.png 1x,https://cdn.example/b.png 2x' is two."""
    found, place, end = [], 0, len(srcset)
    while True:
        while place < end and (srcset[place].isspace() or srcset[place] == ","):
            place += 1
        if place == end:
            return found
        start = place
        while place < end and not srcset[place].isspace():
            place += 1
        address = srcset[start:place]
        found.append(address.rstrip(","))
        if address.endswith(","):
            continue
        depth = 0
        while place < end and (srcset[place] != "," or depth):
            depth += {"(": 1, ")": -1 if depth else 0}.get(srcset[place], 0)
            place += 1


def _place(written: str, name: str, line: int, column: int) -> tuple[int, int]:
    """(line, column) of the value of the attribute `name` in the start tag `written` that
    begins at `line` and the 0-based `column`: where a reader finds the address."""
    found = re.search(rf"(?<![\w:-]){re.escape(name)}\s*=\s*[\"']?", written, re.IGNORECASE)
    offset = found.end() if found else 0
    before = written[:offset]
    lines = before.count("\n")
    if not lines:
        return line, column + offset + 1
    return line + lines, offset - before.rfind("\n")
