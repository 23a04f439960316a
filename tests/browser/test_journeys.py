"""Journeys in a real browser: lanes, the service blueprint, as-is/to-be and the exports."""

from __future__ import annotations

import re
import urllib.request
from pathlib import Path

import pytest
import yaml

from .conftest import ON_TWO_LINES, REPO_ROOT, Browsing, PageWatch, SiteServer

JOURNEY = "erstkauf"
TO_BE = "erstkauf-ziel"
CONTENT = REPO_ROOT / "content"


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1])


def open_journey(web: Browsing, journey: str = JOURNEY, **kwargs) -> PageWatch:
    watch = web.open(f"journeys/{journey}.html", **kwargs)
    watch.page.wait_for_selector(".lane-map")
    return watch


def test_lanes_and_steps_follow_the_journey_file(web: Browsing, shots_dir: Path) -> None:
    meta = front_matter(CONTENT / "journeys" / f"{JOURNEY}.md")
    watch = open_journey(web, viewport={"width": 1440, "height": 900})
    page = watch.page
    view = page.locator(f'.state-view[data-state="{JOURNEY}"] .lane-map')
    steps = view.locator("thead .lane-step")
    assert steps.count() == len(meta["steps"])
    for index, step in enumerate(meta["steps"]):
        header = steps.nth(index)
        assert header.get_attribute("id") == f"{JOURNEY}-step-{step['id']}"
        assert header.inner_text().startswith(step["title"])
    rows = view.locator("tbody tr")
    kinds = rows.evaluate_all("rows => rows.map(r => r.className)")
    lanes = [kind.removeprefix("lane lane-") for kind in kinds if kind.startswith("lane ")]
    assert lanes == meta["lanes"]
    # the line of visibility sits between the frontstage and the backstage lane
    visibility = kinds.index("blueprint-line line-visibility")
    assert kinds[visibility - 1] == "lane lane-frontstage"
    assert kinds[visibility + 1] == "lane lane-backstage"
    assert view.locator(".lane-emotion svg.emotion-cell").count() == len(meta["steps"])
    assert watch.wait_for_charts() == 1
    page.screenshot(path=str(shots_dir / "journey-1440x900.png"), full_page=True)
    watch.assert_clean()


def test_state_switch_shows_one_state_at_a_time(web: Browsing) -> None:
    watch = open_journey(web)
    page = watch.page
    as_is = page.locator(f'.state-view[data-state="{JOURNEY}"]')
    to_be = page.locator(f'.state-view[data-state="{TO_BE}"]')
    assert as_is.is_visible() and not to_be.is_visible()
    button = page.locator(f'.state-switch button[data-state="{TO_BE}"]')
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    assert to_be.is_visible() and not as_is.is_visible()
    assert button.get_attribute("aria-pressed") == "true"
    # the target state marks what changes
    changed = to_be.locator(".lane-step .badge.change-new, .lane-step .badge.change-changed")
    assert changed.count() >= 2
    # print shows both states, a phase per landscape page with every step on paper
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert not as_is.is_visible() and not to_be.is_visible()
    for state, view in ((JOURNEY, as_is), (TO_BE, to_be)):
        printed = page.locator(f'.print-phase[data-state="{state}"]')
        assert printed.count() == view.locator(".lane-phase").count()
        assert printed.locator(".lane-step").count() == view.locator(".lane-step").count()
        assert printed.first.evaluate("e => getComputedStyle(e).breakBefore") == "page"
        assert printed.first.evaluate("e => getComputedStyle(e).page") == "landscape"
    watch.assert_clean()


def test_kpi_switch_recolours_the_lane_tiles(web: Browsing) -> None:
    watch = open_journey(web)
    page = watch.page
    lanes = page.locator(f'.state-view[data-state="{JOURNEY}"] .lane-map')
    assert lanes.get_attribute("data-kpi") == "nps"
    tile = lanes.locator("a.tile").first
    assert tile.locator(".kpi-nps").is_visible()
    page.select_option("#kpi-select", "csat")
    assert lanes.get_attribute("data-kpi") == "csat"
    assert tile.locator(".kpi-csat").is_visible() and not tile.locator(".kpi-nps").is_visible()
    watch.assert_clean()


def test_insight_quotes_contain_their_words(web: Browsing) -> None:
    """Every comment shown as evidence holds one of its insight's quote words."""
    meta = front_matter(CONTENT / "journeys" / f"{JOURNEY}.md")
    watch = open_journey(web)
    page = watch.page
    view = page.locator(f'.state-view[data-state="{JOURNEY}"]')
    checked = 0
    for step in meta["steps"]:
        for insight in step.get("pain_points", []) + step.get("needs", []):
            if not isinstance(insight, dict) or not insight.get("quotes"):
                continue
            box = view.locator(".insight", has_text=insight["text"]).first
            box.locator("summary").click()
            words = [
                re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, q.split())), re.IGNORECASE)
                for q in insight["quotes"]
            ]
            for text in box.locator(".comments blockquote").all_inner_texts():
                assert any(w.search(text) for w in words), (insight["text"], text)
                checked += 1
    assert checked >= 10, "too few quotes shown to mean anything"
    watch.assert_clean()


def test_downloads_hold_every_step(site_server: SiteServer) -> None:
    meta = front_matter(CONTENT / "journeys" / f"{JOURNEY}.md")
    with urllib.request.urlopen(site_server.url(f"journeys/{JOURNEY}.mmd")) as response:
        mermaid = response.read().decode("utf-8")
    with urllib.request.urlopen(site_server.url(f"journeys/{JOURNEY}.csv")) as response:
        table = response.read().decode("utf-8")
    assert mermaid.startswith("journey\n")
    for step in meta["steps"]:
        assert re.search(rf"^\s+{re.escape(step['title'])}: [1-5]: ", mermaid, re.M), step
        assert f",{step['id']}," in table
    assert len(table.strip().splitlines()) == len(meta["steps"]) + 1


def test_overview_lists_journeys_and_blind_spots(web: Browsing) -> None:
    journeys = sorted(p.stem for p in (CONTENT / "journeys").glob("*.md"))
    config = yaml.safe_load((REPO_ROOT / "touchsite.yml").read_text(encoding="utf-8"))
    placed = {
        (meta["phase"], meta["channel"])
        for meta in map(front_matter, (CONTENT / "touchpoints").glob("*.md"))
    }
    empty = [
        (phase["id"], channel["id"])
        for phase in config["phases"]
        for channel in config["channels"]
        if (phase["id"], channel["id"]) not in placed
    ]
    watch = web.open("index.html")
    page = watch.page
    links = page.locator("#journeys-heading ~ * a[href^='journeys/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    assert sorted({link.removeprefix("journeys/").removesuffix(".html") for link in links}) == (
        journeys
    )
    assert page.locator("#journey-map .map-cell .blind-spot").count() == len(empty) > 0
    watch.assert_clean()


def test_the_blueprint_fits_1440_folds_lanes_clamps_texts_and_filters_by_phase(
    web: Browsing, shots_dir: Path
) -> None:
    meta = front_matter(CONTENT / "journeys" / f"{JOURNEY}.md")
    watch = open_journey(web, viewport={"width": 1440, "height": 900})
    page = watch.page
    view = page.locator(f'.state-view[data-state="{JOURNEY}"] .lane-map')
    steps = view.locator("thead .lane-step")
    assert steps.count() == len(meta["steps"]) >= 11
    # the page never scrolls sideways: the map does, where its words need more room than the
    # screen has (German's, in a browser without hyphenation; see the test below)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    # long texts are clamped, "more" shows the rest
    more = view.locator("button.more-toggle").first
    assert more.get_attribute("aria-expanded") == "false"
    text = more.evaluate_handle("b => b.previousElementSibling")
    assert text.evaluate("t => t.scrollHeight > t.clientHeight + 1")
    more.click()
    assert more.get_attribute("aria-expanded") == "true"
    assert text.evaluate("t => t.scrollHeight <= t.clientHeight + 1")
    # a lane folds away and comes back
    toggle = view.locator("tr.lane-actions .lane-toggle")
    cell_text = view.locator("tr.lane-actions td .lane-text").first
    assert cell_text.is_visible()
    toggle.click()
    assert toggle.get_attribute("aria-expanded") == "false" and not cell_text.is_visible()
    toggle.click()
    assert cell_text.is_visible()
    # one phase at a time: only its steps, in wider columns
    phase = "lieferung-montage"
    # its first step's column among all the steps, before the filter widens it
    narrow = view.locator(f'thead .lane-step[data-phase="{phase}"]').first.bounding_box()["width"]
    page.select_option("#phase-filter", phase)
    shown = [s["title"] for s in meta["steps"] if s["phase"] == phase]
    visible = view.locator("thead .lane-step:visible")
    assert visible.count() == len(shown)
    assert [t.split("\n")[0].strip() for t in visible.all_inner_texts()] == shown
    assert visible.first.bounding_box()["width"] > 1.5 * narrow
    page.screenshot(path=str(shots_dir / "journey-phase-1440x900.png"))
    page.select_option("#phase-filter", "")
    assert view.locator("thead .lane-step:visible").count() == len(meta["steps"])
    watch.assert_clean()


# A word of the matched elements (ON_TWO_LINES): a hyphen, dash or slash inside a word is a
# break of its own.
WORD = r"[^\s\u00a0\-–/]+"


@pytest.mark.parametrize("width", [1440, 1280])
def test_the_evidence_badges_of_the_blueprint_keep_their_words_whole(
    web: Browsing, width: int
) -> None:
    """In the blueprint's narrow step columns the evidence badge's dots and its first word had
    no break between them ("●●●starke" was one word to the line breaker), so the word was cut:
    "●●● stark|e Belege", "mittler|e". Now the dots may stand on a line of their own."""
    watch = open_journey(web, viewport={"width": width, "height": 900})
    badges = f'.state-view[data-state="{JOURNEY}"] .lane-map .evidence-badge'
    assert watch.page.locator(badges).count() >= 11
    assert watch.page.evaluate(ON_TWO_LINES, [badges, WORD]) == []
    watch.assert_clean()


# What a reader reads a step by: its heading, its tiles' titles, its channels' names.
STEP_NAMES = ".state-view:not([hidden]) .lane-map :is(.lane-step, .tile-title, .lane-channels td)"


@pytest.mark.parametrize("width, height", [(1440, 900), (1280, 720), (390, 844)])
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_blueprint_keeps_the_words_of_its_steps_whole(
    web: Browsing, english_server: SiteServer, shots_dir: Path, language: str, width, height
) -> None:
    """In the blueprint's step columns (a table of fixed layout, its cells breaking words
    anywhere) the tiles' titles were cut mid-word at 1280 and 1440 px: "Showroo|m",
    "Catalogu|e", "Auftragsbestätigun|g", and so were step headings ("appointme|nt") and
    channels ("Einrichtungshau|s"). Now a column is never narrower than those words: a browser
    with hyphenation breaks them at a hyphen, Debian's Chromium (without) keeps them whole and
    scrolls the map. An English map of 11 steps still fits 1440 px; the page never scrolls."""
    server = web.server if language == "de" else english_server
    watch = web.open_url(server.url(f"journeys/{JOURNEY}.html"), {"width": width, "height": height})
    page = watch.page
    page.wait_for_selector(".lane-map")
    assert page.locator(STEP_NAMES).count() > 30
    assert page.evaluate(ON_TWO_LINES, [STEP_NAMES, WORD]) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    if language == "en" and width == 1440:
        rights = page.locator(".state-view:not([hidden]) .lane-map thead .lane-step").evaluate_all(
            "cells => cells.map(c => c.getBoundingClientRect().right)"
        )
        assert len(rights) >= 11 and max(rights) <= width
    page.locator(".state-view:not([hidden]) tr.lane-touchpoints").scroll_into_view_if_needed()
    page.screenshot(path=str(shots_dir / f"journey-words-{language}-{width}.png"))
    watch.assert_clean()


# What a reader reads along a lane: its name and the texts of its steps.
LANE_TEXTS = ".state-view:not([hidden]) .lane-map :is(.lane td, .lane-label)"


@pytest.mark.parametrize("width", [1440, 1280, 390])
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_blueprint_keeps_the_words_of_its_lanes_whole(
    web: Browsing, english_server: SiteServer, language: str, width: int
) -> None:
    """The lanes' texts broke words anywhere: at 1280 px the German map cut 22 words
    ("Buchungsbestätigu|ng", "Finanzierungsunt|erlagen", the lane "Kundenaktivität|en") and the
    English 15 ("Appointme|nts"), without a hyphen (Debian's Chromium has no hyphenation
    dictionary). Now their columns are never narrower than their longest word, as the steps'.
    On a phone the lanes' names were still cut ("Opportunitie|s", "Kundenaktivitä|ten",
    "Unterstützungsprozes|se"): their sticky column now widens to its longest name too."""
    server = web.server if language == "de" else english_server
    watch = web.open_url(server.url(f"journeys/{JOURNEY}.html"), {"width": width, "height": 900})
    page = watch.page
    page.wait_for_selector(".lane-map")
    assert page.locator(LANE_TEXTS).count() > 50
    assert page.evaluate(ON_TWO_LINES, [LANE_TEXTS, WORD]) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    watch.assert_clean()


@pytest.mark.parametrize("width", [1440, 1280, 390])
def test_the_blueprint_keeps_each_figures_n_and_interval_on_one_line(
    web: Browsing, width: int
) -> None:
    """The emotion lane wrote "erw. +1,5 · gem. +1,0 · n = 818" and broke it after "n" or
    "=" ("· n|= 1.883") in its narrow cells, and so could the measured pain points' "NPS 0
    (n = 176)". Now both keep their n whole, as partials/figure.html does."""
    from .test_phone import FIGURE_PARTS

    watch = open_journey(web, viewport={"width": width, "height": 900})
    figures = ".state-view:not([hidden]) .lane-map :is(.emotion-text, .measured-pain)"
    assert watch.page.locator(figures).count() > 11
    assert watch.page.evaluate(ON_TWO_LINES, [figures, FIGURE_PARTS]) == []
    watch.assert_clean()


# Each measured figure of the visible map's pain lane: its touchpoint's page, KPI (the word
# before it), the figure, its title and the n after it.
MEASURED = """root => Array.from(root.querySelectorAll('.measured-pain')).flatMap(p => {
  const href = p.querySelector('a').getAttribute('href');
  return Array.from(p.querySelectorAll('.sample-size')).map(n => {
    const figure = n.previousElementSibling;
    if (!figure || !figure.matches('.pain-figure')) return {href, n: n.textContent, title: null};
    const before = figure.previousSibling.textContent.trim().split(' ');
    return {href, kpi: before[before.length - 1], figure: figure.textContent,
            title: figure.getAttribute('title'), n: n.textContent};
  });
})"""

# Every touchpoint's interval on the KPI page, by its page and the KPI's column heading.
KPI_PAGE_INTERVALS = """() => {
  const found = {};
  for (const table of document.querySelectorAll('table.kpi-table')) {
    const heads = Array.from(table.querySelectorAll('thead th')).map(th => th.textContent);
    for (const row of table.querySelectorAll('tbody tr')) {
      const link = row.querySelector('th a');
      if (!link) continue;
      Array.from(row.children).forEach((cell, i) => {
        const interval = cell.querySelector('.interval');
        if (interval) found[link.getAttribute('href') + ' ' + heads[i]] = interval.textContent;
      });
    }
  }
  return found;
}"""


@pytest.mark.parametrize("language", ["de", "en"])
def test_the_measured_pain_points_carry_their_interval_and_n(
    web: Browsing, english_server: SiteServer, language: str
) -> None:
    """The pain lane's measured figures ("NPS 0 (n = 176)") had their n but no interval.
    Now each figure carries its 95 % interval in its title, in the page's language, the one
    the KPI page writes for that touchpoint, its n beside it; the map still fits 1,440 px."""
    server = web.server if language == "de" else english_server
    ci, to = ("95-%-KI", "bis") if language == "de" else ("95% CI", "to")
    watch = web.open_url(server.url(f"journeys/{JOURNEY}.html"), {"width": 1440, "height": 900})
    page = watch.page
    page.wait_for_selector(".lane-map")
    found = page.locator(".state-view:not([hidden]) .lane-map").evaluate(MEASURED)
    assert len(found) >= 10
    assert page.evaluate("document.documentElement.scrollWidth") <= 1440
    page.goto(server.url("kpis.html"))
    intervals = page.evaluate(KPI_PAGE_INTERVALS)
    for f in found:
        where = f"{f['href']} {f.get('kpi')} {f.get('figure')}"
        assert re.fullmatch(r"n = [\d.,]+", f["n"]), where
        assert f["title"] is not None, f"{where}: no interval"
        assert f["title"].startswith(f"{ci} "), where
        low, high = f["title"].removeprefix(f"{ci} ").split(f" {to} ")
        kpi_page = intervals[f"{f['href'].removeprefix('../')} {f['kpi']}"]
        assert f"[{low} {to} {high}]" == kpi_page, where
    watch.assert_clean()


def test_a_pain_points_interval_shows_on_a_tap_and_on_paper(web: Browsing) -> None:
    """A title shows on hover alone: on a phone, with the keyboard and printed, the pain lane's
    figures had no interval. Tapped (focused), a figure shows its title as the summary's live
    figures do; the printed blueprint, a phase a page, writes each interval out."""
    watch = open_journey(web, viewport={"width": 390, "height": 844})
    page = watch.page
    figures = page.locator(".state-view:not([hidden]) .lane-map .pain-figure")
    assert figures.count() >= 10
    figure = figures.first
    title = figure.get_attribute("title")
    assert title.startswith("95-%-KI ")
    figure.scroll_into_view_if_needed()
    figure.click()
    assert figure.evaluate("f => f === document.activeElement")
    assert figure.evaluate("f => getComputedStyle(f, '::after').content") == f'"{title}"'
    page.emulate_media(media="print")
    printed = page.locator(".print-phase .measured-pain")
    assert printed.count() >= 10
    for text in printed.all_inner_texts():
        for shown in re.findall(r"(?:NPS|CSAT|CES) [^()]+ \(([^)]*)\)", text):
            assert re.fullmatch(r"95-%-KI \S+(\s%)?\sbis\s\S+(\s%)?;\sn\s=\s[\d.]+", shown), text
    watch.assert_clean()
