"""WCAG 2.1 AA in the browser: axe-core (from the npm registry) over every page type, German
and English, light and dark; and the search, used as a reader would."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import REPO_ROOT, Browsing, SiteServer

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = [
    "index.html",
    "touchpoints/liefertermin-abstimmung.html",
    "touchpoints/lieferavis.html",
    "kpis.html",
    "recommendations.html",
    "journeys/erstkauf.html",
    "journeys/reklamation.html",
    "opportunities.html",
    "methods.html",
    "search.html",
    "404.html",
]
RULES = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def _violations(web: Browsing, url: str, scheme: str, width: int = 1280) -> list[str]:
    if not AXE.is_file():
        pytest.fail(f"{AXE} is missing: run `npm install` (scripts/test.sh does)", pytrace=False)
    context = web.browser.new_context(color_scheme=scheme, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        page.goto(url, wait_until="load")
        page.wait_for_function(
            """() => Array.from(document.querySelectorAll('.chart[data-figure]'))
                    .every(el => el.dataset.rendered === 'true')"""
        )
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
        found = page.evaluate(
            """async (rules) => (await axe.run(document, {runOnly: rules})).violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => v.id + ' (' + v.impact + '): ' +
                     v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', '))""",
            RULES,
        )
        return [f"{scheme} {width} px {url}: {line}" for line in found]
    finally:
        context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_german_pages_have_no_serious_violations(web: Browsing, site_server: SiteServer, scheme):
    found = [v for path in PAGES for v in _violations(web, site_server.url(path), scheme)]
    assert not found, "\n".join(found)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_english_pages_have_no_serious_violations(
    web: Browsing, english_server: SiteServer, scheme
):
    found = [v for path in PAGES for v in _violations(web, english_server.url(path), scheme)]
    assert not found, "\n".join(found)


def test_search_finds_a_word_from_a_touchpoint_body(web: Browsing, site_server: SiteServer):
    body = (REPO_ROOT / "content/touchpoints/altmoebel-mitnahme.md").read_text(encoding="utf-8")
    assert "Rundum-Service" in body  # the words searched for stand in that touchpoint's text
    watch = web.open("search.html")
    page = watch.page
    page.locator(".pagefind-ui__search-input").fill("Rundum-Service")
    result = page.locator(".pagefind-ui__result-link", has_text="Altmöbel")
    result.first.wait_for()
    result.first.click()
    page.wait_for_url("**/touchpoints/altmoebel-mitnahme.html")
    assert "Altmöbel" in page.locator("h1").inner_text()
    watch.assert_clean()


def test_search_for_a_kpi_table_label_finds_no_touchpoint(web: Browsing, site_server: SiteServer):
    """Every touchpoint page's segment table is headed "Segment": searched, it would list every
    touchpoint. The methods page, which explains segments, is what it finds."""
    tables = (site_server.out_dir / "touchpoints" / "lieferavis.html").read_text(encoding="utf-8")
    assert '<th scope="col">Segment</th>' in tables
    watch = web.open("search.html")
    page = watch.page
    page.locator(".pagefind-ui__search-input").fill("Segment")
    message = page.locator(".pagefind-ui__message")
    # "<n> Ergebnis(se) für Segment"; while it searches, the message is "Suche nach Segment ..."
    message.filter(has_text=re.compile(r"^\d+ .*Segment")).wait_for()
    found = int(message.inner_text().split()[0])
    links = page.locator(".pagefind-ui__result-link")
    links.nth(min(found, 5) - 1).wait_for()  # the UI shows the first five, the rest on demand
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert any(href.endswith("methods.html") for href in hrefs), hrefs
    assert not [href for href in hrefs if "/touchpoints/" in href], (found, hrefs)
    watch.assert_clean()


def test_keyboard_focus_is_visible_on_map_tiles(web: Browsing, site_server: SiteServer):
    watch = web.open("index.html")
    page = watch.page
    page.locator(".legend a").focus()  # the last control before the map
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('tile')"):
            break
    else:
        pytest.fail("Tab never reached a map tile")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
