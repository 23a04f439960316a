"""What Pagefind reads of a page: the searched pages, each cut down to its head and the
parts it marks to be searched (see touchsite.write.search, which sends them to Pagefind).

Here, beside the render, so that the processes that render the pages cut them down too.
"""

from __future__ import annotations

import fnmatch
import re

from touchsite.render.urls import PATHS

# The pages whose templates mark what is searched (`data-pagefind-body`): Pagefind reads only
# these. The map, the KPI overview and the printable report have no such part, yet Pagefind
# would parse all of them to find that out (0.25 s of its CPU at 1,000 touchpoints). A test
# checks that every page with a part to search is indexed.
SEARCHED_PAGES = (
    PATHS.touchpoint("*"),
    PATHS.journey("*"),
    PATHS.page("*"),
    PATHS.methods(),
    PATHS.opportunities(),
    PATHS.recommendations(),
)


def is_searched(path: str) -> bool:
    """Whether the site's file at `path` is one Pagefind reads, as `Path.glob` and Pagefind's
    `--glob` match SEARCHED_PAGES: a `*` stands for any part of one name."""
    parts = path.split("/")
    return any(
        len(parts) == len(pattern) and all(map(fnmatch.fnmatchcase, parts, pattern))
        for pattern in _SEARCHED_PARTS
    )


_SEARCHED_PARTS = [pattern.split("/") for pattern in SEARCHED_PAGES]


# An element marked to be searched; a page's comments, scripts and styles (raw text,
# whatever tags it holds)
BODY_MARK = "data-pagefind-body"
_BODY = re.compile(r"<([a-zA-Z][\w-]*)\b[^>]*?\sdata-pagefind-body\b[^>]*>")
_RAW_TEXT = r"<!--.*?-->|<script\b.*?</script\s*>|<style\b.*?</style\s*>"
_SCRIPTS = re.compile(_RAW_TEXT, re.S | re.I)
# What Pagefind reads outside the searched parts too: metadata, filters, sort keys, weights
_READ_ANYWHERE = re.compile(r"data-pagefind-(?!body|ignore)")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


def searched_parts(html: str) -> str | None:
    """`html` cut down to what Pagefind indexes of it: its head without scripts and styles,
    and the elements marked `data-pagefind-body`. None where the page must be read whole:
    it marks no part, marks something else Pagefind reads, or its markup is not understood
    (an element left open)."""
    body_at = html.find("<body")
    if body_at < 0:
        return None
    parts: list[tuple[int, int]] = []
    at = html.find(BODY_MARK, body_at)
    while at >= 0:
        # the opening tag the mark is written in (a mark in a text is no element's)
        match = _BODY.match(html, html.rfind("<", body_at, at))
        if match and match.end() > at and not (parts and match.start() < parts[-1][1]):
            end = _element_end(html, match.group(1).lower(), match.end())
            if end is None:
                return None
            parts.append((match.start(), end))
        at = html.find(BODY_MARK, at + len(BODY_MARK))
    if not parts:
        return None
    bounds = [0, *(at for part in parts for at in part), len(html)]
    outside = [html[a:b] for a, b in zip(bounds[::2], bounds[1::2], strict=True)]
    if any(
        _READ_ANYWHERE.search(text) and _READ_ANYWHERE.search(_SCRIPTS.sub("", text))
        for text in outside
    ):
        return None
    head = _SCRIPTS.sub("", html[:body_at])
    return head + "<body>\n" + "\n".join(html[a:b] for a, b in parts) + "\n</body>\n</html>\n"


def _element_end(html: str, tag: str, start: int) -> int | None:
    """Where the element whose opening tag ends at `start` closes, past its closing tag."""
    if tag in VOID:
        return None
    tags = re.compile(rf"{_RAW_TEXT}|<(/?){tag}(?=[\s>/])[^>]*>", re.S | re.I)
    depth = 1
    for match in tags.finditer(html, start):
        if match.group(1) is None:
            continue  # raw text, whatever it holds
        depth += -1 if match.group(1) else 1
        if depth == 0:
            return match.end()
    return None


def searched_text(html: str) -> str:
    """What Pagefind is sent of the page `html`: its searched parts, or the whole page."""
    cut = searched_parts(html)
    return html if cut is None else cut
