"""The search index: Pagefind's binary run on a written site, what it holds of the example
site's pages, and a message (not a traceback) when it cannot run."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import REPO
from touchsite.build import BuildResult, build
from touchsite.errors import UserError
from touchsite.write.search import index_search

PAGE = """<!doctype html><html lang="de"><head><title>Hotline</title></head><body>
<main data-pagefind-body><h1>Hotline</h1><p>Der Rückruf kam nie.</p></main></body></html>"""


def test_the_index_is_written_beside_the_pages(tmp_path: Path):
    (tmp_path / "touchpoints").mkdir()
    (tmp_path / "touchpoints" / "hotline.html").write_text(PAGE, encoding="utf-8")
    index_search(tmp_path)
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["de"]["page_count"] == 1


def test_without_pagefind_the_build_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pagefind.service", None)  # as if not installed
    with pytest.raises(UserError, match="'pagefind' is not installed") as raised:
        index_search(tmp_path)
    assert "pip install touchsite" in raised.value.problems[0].hint


def test_a_binary_that_will_not_start_is_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing" / "pagefind"))
    with pytest.raises(UserError, match="could not be built"):
        index_search(tmp_path)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    site = tmp_path_factory.mktemp("site")
    return site, build(REPO, site)


def indexed_texts(site: Path) -> dict[str, str]:
    """Each indexed page's URL and the text Pagefind holds of it: its fragment files are
    gzipped JSON behind a signature."""
    texts = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        texts[record["url"].removeprefix("/")] = record["content"]
    return texts


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_every_page_with_a_search_body_is_indexed_and_no_other(example):
    site, _ = example
    with_body = {
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
    }
    assert {"methods.html", "journeys/erstkauf.html", "pages/methode.html"} <= with_body
    assert set(indexed_texts(site)) == with_body


def test_a_touchpoint_is_found_by_its_words_names_and_comment_themes(example):
    site, result = example
    source = REPO / "content" / "touchpoints" / "altmoebel-mitnahme.md"
    facts = front_matter(source)
    config = yaml.safe_load((REPO / "touchsite.yml").read_text(encoding="utf-8"))
    phase = next(p["title"] for p in config["phases"] if p["id"] == facts["phase"])
    channel = next(c["title"] for c in config["channels"] if c["id"] == facts["channel"])
    text = indexed_texts(site)["touchpoints/altmoebel-mitnahme.html"]
    assert facts["title"] == "Altmöbelmitnahme" and facts["title"] in text
    assert "Rundum-Service" in source.read_text(encoding="utf-8") and "Rundum-Service" in text
    assert facts["owner"] in text and phase in text and channel in text
    assert facts["lanes"]["backstage"] in text  # the service blueprint's lane
    themes = result.report.touchpoint("altmoebel-mitnahme").themes
    terms = [t.term for t in themes.negative + themes.positive]
    assert terms and all(term in text for term in terms)


def test_a_touchpoint_holds_the_recommendations_shown_on_it(example):
    site, _ = example
    recommendations = REPO / "content" / "recommendations"
    rec = front_matter(recommendations / "lieferzeit-verbindlich-kommunizieren.md")
    assert "auftragsbestaetigung" in rec["touchpoints"]
    texts = indexed_texts(site)
    assert rec["title"] in texts["touchpoints/auftragsbestaetigung.html"]
    assert rec["title"] in texts["recommendations.html"]


def test_figures_tables_and_comments_of_a_touchpoint_are_not_indexed(example):
    """A KPI table's labels and figures stand on every touchpoint page: found, they would list
    every touchpoint. The comments are not searched; a theme's counts and quotes neither."""
    site, result = example
    page = (site / "touchpoints" / "altmoebel-mitnahme.html").read_text(encoding="utf-8")
    text = indexed_texts(site)["touchpoints/altmoebel-mitnahme.html"]
    shown_not_indexed = [
        "Nach Segment",  # the segment table's heading, then its column label
        '<th scope="col">Segment</th>',
        "95-%-KI",  # a KPI card's interval
        "Kennzahlen",
        "positiven Kommentaren",  # a theme's counts
        "Journey Map",  # the breadcrumb's link, on every page
    ]
    for words in shown_not_indexed:
        assert words in page, words
        assert words.removeprefix('<th scope="col">').removesuffix("</th>") not in text, words
    comments = result.report.touchpoint("altmoebel-mitnahme").comments
    assert comments and all(c.text not in text for c in comments)
