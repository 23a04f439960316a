"""How content bodies are written: the Markdown dialect, and links from one content file to
another, written to its .md source as in MkDocs. The load stage checks those links; the
render stage turns them into links to pages. An image or a file linked by its path in the
project (`![Plan](../../assets/plan.png)`) is published with the site."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from touchsite.models.figures import figures_plugin

# A link to a file on its author's computer (C:\..., file:///...): the load stage's check of
# the Markdown and the render stage's check of the built site say it alike.
ON_A_COMPUTER = "a path on someone's computer, which the site's readers cannot open"
COPY_INTO_ASSETS = (
    "copy the file into the project's assets/ folder and link it by a relative path, "
    "e.g. ../../assets/manual.pdf from a touchpoint"
)

# A number and its percent sign as German writes them, with a plain space ("65 %"), which a
# phone's narrow column broke between "65" and "%": kept on one line by the no-break space
# the site writes its own percentages with (render.i18n.percent_sign)
SPACED_PERCENT = re.compile(r"(?<=[0-9]) (?=%)")
NO_BREAK_SPACE = "\u00a0"


def kept_with_number(text: str) -> str:
    """The text with each percent sign kept on the line of the number before it."""
    return SPACED_PERCENT.sub(NO_BREAK_SPACE, text) if " %" in text else text


def _percent_kept(state: StateCore) -> None:
    for block in state.tokens:
        for token in block.children or ():
            if token.type == "text":
                token.content = kept_with_number(token.content)


def _percent_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("percent_kept", _percent_kept)  # after text_join: "65 \%" too


MARKDOWN = (
    MarkdownIt("commonmark", {"html": False, "typographer": True})
    .enable(["table", "strikethrough", "replacements", "smartquotes"])
    .use(deflist_plugin)
    .use(footnote_plugin)
    .use(figures_plugin)
    .use(_percent_plugin)
)


@lru_cache(maxsize=1 << 12)
def parsed(text: str) -> tuple[Token, ...]:
    """A Markdown text's tokens, kept: the load stage reads every body for its links, and the
    render stage the same body again for its page. Shared, so read them, never change them."""
    return tuple(MARKDOWN.parse(text))


def linked_file(href: str) -> tuple[str, str] | None:
    """(path, fragment) of a link to another content file, written to its .md source as in
    MkDocs; None for any other link (a web address, a page of the built site...)."""
    target, _, fragment = href.partition("#")
    if not target.endswith(".md") or ":" in target or target.startswith("/"):
        return None
    return target, fragment


def could_link_a_file(text: str) -> bool:
    """Whether a link in `text` may lead to another content file: its address ends in `.md`.
    An address is the text written, with its backslash escapes and entities (`&#46;`)
    decoded and the characters URLs do not allow percent-encoded; so unless `.md` or an `&`
    is written, none does."""
    return ".md" in text or "&" in text


# The folders whose files a body may show or link, published with the site: the build reads
# them anyway, and no link under them leads out of the project (see touchsite.load.paths).
# The data/ folder is not among them: its exports hold customers' answers as they came.
PUBLISHED_FOLDERS = ("assets/", "content/")


def project_path(source: str, href: str) -> str | None:
    """The path in the project (from its root, '/'-separated) of the file a link written in
    the content file `source` leads to; None for a web address, an absolute path, a fragment
    alone, or a path that leaves the project."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(parts.path)))
    return None if path == ".." or path.startswith("../") else path


def publishable(path: str) -> bool:
    """Whether a project file linked from a body is published with the site: a file under a
    published folder, not a content file (those are pages) nor a hidden one (`.env`)."""
    return (
        path.startswith(PUBLISHED_FOLDERS)
        and not path.endswith(".md")
        and not any(part.startswith(".") for part in path.split("/"))
    )


def followed(root: Path, path: str) -> str | None:
    """The path in the project (as `project_path`'s) of the file that the project's file
    `path` is, symbolic links followed: a link under assets/ to an export in data/ is that
    export. None for a file outside the project or a link that leads in a circle."""
    try:
        found, resolved = (root / path).resolve(), root.resolve()
    except (RuntimeError, OSError):  # RuntimeError: Python 3.11's word for a symlink loop
        return None
    return found.relative_to(resolved).as_posix() if found.is_relative_to(resolved) else None


def holds_data(path: str, data_files: frozenset[str]) -> bool:
    """Whether the project's file `path` holds survey data: it is under data/, or is (or is
    in) one of `data_files`, the paths touchsite.yml reads data from, in any folder."""
    return path.startswith("data/") or any(
        path == data or path.startswith(f"{data}/") for data in data_files
    )


# What may spell a name's characters otherwise in an address: an entity (`&#46;`,
# `&period;`), a percent-encoded character (`%2E`), a backslash escape
_SPELLED_OTHERWISE = re.compile(r"&#?[0-9A-Za-z]+;|%[0-9A-Fa-f]{2}|\\")


def could_show(text: str, names: set[str]) -> bool:
    """Whether a link or an image in `text` may lead to a file named one of `names`: the text
    holds the name, or spells some character otherwise (an entity, a percent-encoded one, a
    backslash escape). A text with "75 %" or "Hotline & Chat" alone is not parsed for it."""
    return any(name in text for name in names) or _SPELLED_OTHERWISE.search(text) is not None


def shown_files(source: str, tokens: tuple[Token, ...]) -> Iterator[tuple[Token, str, str]]:
    """Each link (`link_open`) or image of parsed tokens that leads to a file in the project
    that is published, with the attribute that names it and the file's path."""
    for block in tokens:
        for token in block.children or ():
            attribute = {"link_open": "href", "image": "src"}.get(token.type)
            if attribute is None:
                continue
            path = project_path(source, str(token.attrs.get(attribute, "")))
            if path is not None and publishable(path):
                yield token, attribute, path
