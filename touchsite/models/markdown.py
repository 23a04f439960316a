"""How content bodies are written: the Markdown dialect, and links from one content file to
another, written to its .md source as in MkDocs. The load stage checks those links; the
render stage turns them into links to pages."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
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

MARKDOWN = (
    MarkdownIt("commonmark", {"html": False, "typographer": True})
    .enable(["table", "strikethrough", "replacements", "smartquotes"])
    .use(deflist_plugin)
    .use(footnote_plugin)
    .use(figures_plugin)
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
