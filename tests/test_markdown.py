"""Markdown bodies rendered for the page they appear on, with links to content files resolved."""

from __future__ import annotations

from pathlib import Path

from touchsite.build import build


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
