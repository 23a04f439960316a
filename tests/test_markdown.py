"""Markdown bodies rendered for the page they appear on, with links to content files resolved."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

from touchsite.build import build
from touchsite.models.markdown import MARKDOWN, could_link_a_file, linked_file


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_link_goes_to_the_page_of_the_documents_id_not_its_file_name(mini: Path):
    (mini / "content/pages/old-name.md").write_text(
        "---\nid: method\ntitle: Method\n---\nHow we asked.\n", encoding="utf-8"
    )
    _append(mini / "content/pages/summary.md", "\nSee [the method](old-name.md#asked).\n")
    result = build(mini, write=False)
    summary = result.files["pages/summary.html"].decode()
    assert '<a href="../pages/method.html#asked">the method</a>' in summary
    assert "pages/method.html" in result.files
    assert not [w for w in result.warnings if "old-name" in w.message]


def test_only_links_to_content_files_change(mini: Path):
    _append(
        mini / "content/touchpoints/search.md",
        "\n[web](https://example.org/a.md) · [hotline](hotline.md) · `../touchpoints/hotline.md`\n",
    )
    page = build(mini, write=False).files["touchpoints/search.html"].decode()
    assert '<a href="https://example.org/a.md">web</a>' in page
    assert '<a href="../touchpoints/hotline.html">hotline</a>' in page
    assert "<code>../touchpoints/hotline.md</code>" in page


def test_a_recommendation_links_from_every_page_it_appears_on(mini: Path):
    _append(
        mini / "content/recommendations/callback.md", "\nSee [search](../touchpoints/search.md).\n"
    )
    files = build(mini, write=False).files
    assert 'href="touchpoints/search.html"' in files["recommendations.html"].decode()
    assert 'href="../touchpoints/search.html"' in files["touchpoints/hotline.html"].decode()


# Texts with links written every way Markdown has, to addresses whose characters are written
# plainly, escaped or as entities, among what else a text holds
NOISE = (
    "[", "]", "(", ")", "<", ">", ":", ".", "m", "d", "#", "/", "\\", "&", ";", "x", " ", "\n",
    "\n\n", "`", "*", "!", "\t", '"', "|", "-", "^", "{", "}", "é", "> ", "- ", "    ", "[^1]",
    "\r\n",
)  # fmt: skip
ADDRESS_PARTS = (
    "a", ".md", ".", "m", "d", "M", "D", "&#46;", "&#x2E;", "&period;", "&#109;", "&#100;",
    "&amp;", "&#46;md", ".&#109;d", "&period;m&#100;", "\\.md", "\\m", "%2E", "#f", "/", "../",
    ":", "//", " ", "é", "<", ">",
)  # fmt: skip
noise = st.lists(st.sampled_from(NOISE), max_size=12).map("".join)
addresses = st.lists(st.sampled_from(ADDRESS_PARTS), max_size=6).map("".join)
links = st.one_of(
    st.builds("[t]({})".format, addresses),
    st.builds("[t](<{}>)".format, addresses),
    st.builds("[t]({} 'title')".format, addresses),
    st.builds("[t]\n\n[t]: {}".format, addresses),
    st.builds("[t][r]\n\n[r]:\n  {}".format, addresses),
    st.builds("<{}>".format, addresses),
    st.builds("![i]({})".format, addresses),
)
markdown_texts = st.lists(st.one_of(noise, links), max_size=4).map("".join)


@settings(max_examples=500)
@given(markdown_texts)
@example("[a](b&#46;md)")
@example("[a](b\\.md)")
@example("[a]\n\n[a]: b.md")
def test_a_text_that_could_link_no_file_links_none(text: str):
    # every link markdown-it reads, parsed anew here (not through the shared cache)
    hrefs = [
        str(token.attrs.get("href", ""))
        for block in MARKDOWN.parse(text)
        for token in block.children or ()
        if token.type == "link_open"
    ]
    if any(linked_file(href) is not None for href in hrefs):
        assert could_link_a_file(text)
