"""The site on a phone: nothing wider than the screen, no word cut in two, charts whose legend
leaves their labels legible, and axe-core clean at 360 px."""

from __future__ import annotations

import pytest

from .conftest import EVERY_PAGE_TYPE, ON_TWO_LINES, Browsing, SiteServer
from .test_accessibility import _violations

PHONE = {"width": 390, "height": 844}

# A word: Debian's Chromium has no hyphenation dictionaries, so here any word on two lines was
# cut mid-word (a phone's browser would hyphenate it instead); a break after a hyphen
# ("Google-|Bewertungen") is a fair one.
WORD = r"[^\s\-\u00ad]{2,}"
NARROW_TEXT = ".tile, .map-channel, .map-phase, .lane-label, .lane-step, h1, h2, .kpi-name"


def test_no_page_is_wider_than_a_phone(web: Browsing) -> None:
    wide = []
    for path in EVERY_PAGE_TYPE:
        watch = web.open(path, viewport=PHONE)
        watch.wait_for_charts()
        # closed tables count too: a reader opens them
        watch.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        width = watch.page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            wide.append(f"{path}: {width} px")
        overflowing = watch.page.evaluate(
            """() => Array.from(document.querySelectorAll('.tile, .map-channel, .kpi-card'))
                 .filter(el => el.scrollWidth > el.clientWidth + 1)
                 .map(el => el.textContent.trim().slice(0, 40))"""
        )
        wide += [f"{path}: text overflows its box: {text}" for text in overflowing]
        watch.assert_clean()
        web.close_pages()
    assert not wide, "\n".join(wide)


@pytest.mark.parametrize("path", ["index.html", "report.html", "touchpoints/lieferavis.html"])
def test_no_word_is_cut_on_a_phone(web: Browsing, path: str) -> None:
    watch = web.open(path, viewport=PHONE)
    assert watch.page.evaluate("document.documentElement.lang") in ("de", "en")
    hyphens = watch.page.evaluate("getComputedStyle(document.querySelector('.tile, h1')).hyphens")
    assert hyphens == "auto"  # browsers with a dictionary hyphenate (phones do)
    cut = watch.page.evaluate(ON_TWO_LINES, [NARROW_TEXT, WORD])
    assert not cut, f"{path}: words cut mid-word at 390 px: {sorted(set(cut))}"


# A figure's n ("n = 630") and its interval ("95-%-KI −35 bis −22") drawn on more than one line:
# each is read as one thing, and "n =" alone at a line's end reads as no figure at all.
FIGURE_PARTS = r"n = [\d.,]+(?: \/ [\d.,]+)?|(?:95-%-KI|95% CI) [^;)]+"
# the sentences that write a figure with its interval and n (partials/figure.html)
FIGURE_TEXT = (
    ".overall-verdict, .touchpoint-verdict, .finding, .pain-points, .kpi-latest, .journey-facts,"
    " .lead, .insight, ul.versus"
)


@pytest.mark.parametrize("language", ["de", "en"])
@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "report.html",
        "journeys/erstkauf.html",
        "touchpoints/kundenservice-hotline.html",
    ],
)
def test_no_figure_s_n_or_interval_breaks_on_a_phone(
    web: Browsing, english_server: SiteServer, language: str, path: str
) -> None:
    server = web.server if language == "de" else english_server
    watch = web.open_url(server.url(path), viewport=PHONE)
    watch.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    split = watch.page.evaluate(ON_TWO_LINES, [FIGURE_TEXT, FIGURE_PARTS])
    assert not split, f"{language} {path}: on two lines at 390 px: {split}"


# A percentage drawn on more than one line: the number on one, its sign on the next
PERCENTAGE = r"[0-9]\s+%"


def test_no_percentage_breaks_from_its_sign_on_a_phone(web: Browsing) -> None:
    """A German percentage is written "62 %": its space let a KPI table's cell at 390 px
    read "[62 | % bis 67 | %]". DIN 5008 keeps a number and its sign on one line."""
    broken = []
    for path in ("index.html", "touchpoints/lieferavis.html", "kpis.html"):
        watch = web.open(path, viewport=PHONE)
        watch.wait_for_charts()
        assert watch.page.evaluate("document.documentElement.lang") == "de"
        # closed tables count too: a reader opens them
        watch.page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        split = watch.page.evaluate(ON_TWO_LINES, ["body > *", PERCENTAGE])
        broken += [f"{path}: {text}" for text in split]
        watch.assert_clean()
        web.close_pages()
    assert not broken, "number and % on two lines at 390 px:\n" + "\n".join(broken)


def test_the_emotion_legend_leaves_the_step_labels_free(web: Browsing) -> None:
    watch = web.open("journeys/erstkauf.html", viewport=PHONE)
    watch.wait_for_charts()
    overlaps = watch.page.evaluate(
        """() => {
          const chart = document.querySelector('.chart[data-figure]');
          const legend = chart.querySelector('g.legend').getBoundingClientRect();
          const ticks = Array.from(chart.querySelectorAll('g.xtick text'));
          return ticks.filter(t => {
            const r = t.getBoundingClientRect();
            return r.left < legend.right && legend.left < r.right &&
                   r.top < legend.bottom && legend.top < r.bottom;
          }).map(t => t.textContent);
        }"""
    )
    assert not overlaps, f"the legend covers the step labels {overlaps}"
    # on a phone the steps are numbered on the axis; the table below names them
    labels = watch.page.locator(".chart g.xtick text").all_text_contents()
    assert labels[:3] == ["1", "2", "3"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_serious_violations_at_360_px(
    web: Browsing, site_server: SiteServer, scheme: str
) -> None:
    found = [
        v for path in EVERY_PAGE_TYPE for v in _violations(web, site_server.url(path), scheme, 360)
    ]
    assert not found, "\n".join(found)


# The primary KPI's card on a touchpoint page: its name, figure, interval and n as written.
CARDS = """() => Array.from(document.querySelectorAll('.kpi-cards .kpi-card')).map(card => ({
  name: card.querySelector('.kpi-name').textContent.trim(),
  value: card.querySelector('.kpi-value').textContent.trim(),
  interval: (card.querySelector('.kpi-interval') || {textContent: ''}).textContent.trim(),
  n: card.querySelector('.kpi-n').textContent.trim(),
}))"""


@pytest.mark.parametrize("language", ["de", "en"])
def test_a_touchpoint_page_tells_its_verdict_in_the_first_screen(
    web: Browsing, english_server: SiteServer, language: str
) -> None:
    """On a phone a touchpoint page opened with its facts and its description: the first KPI
    card stood 970 to 2,236 px down, below the first screen on 25 of the 26 pages. Now a
    sentence under the title gives the NPS as its card does (figure, interval, n) and where
    it stands against its target, within the first 844 px."""
    server = web.server if language == "de" else english_server
    pages = sorted(path.stem for path in (server.out_dir / "touchpoints").glob("*.html"))
    assert len(pages) >= 20
    watch = web.open_url(server.url(f"touchpoints/{pages[0]}.html"), viewport=PHONE)
    page = watch.page
    told = 0
    for stem in pages:
        page.goto(server.url(f"touchpoints/{stem}.html"))
        cards = [c for c in page.evaluate(CARDS) if c["name"] == "NPS" and c["value"] != "–"]
        verdict = page.locator(".touchpoint-verdict")
        if not cards:
            assert verdict.count() == 0, stem
            continue
        [card] = cards
        assert verdict.count() == 1, f"{stem}: no verdict under the title"
        assert verdict.bounding_box()["y"] + verdict.bounding_box()["height"] <= PHONE["height"]
        text = verdict.inner_text()
        assert text.startswith("NPS "), stem
        assert verdict.locator("strong").inner_text() == card["value"], stem
        assert verdict.locator(".ci").inner_text() == card["interval"], stem
        assert card["n"].startswith(verdict.locator(".sample-size").inner_text()), stem
        told += 1
    assert told >= 20
    watch.assert_clean()
