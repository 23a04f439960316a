"""A map of 1,000 touchpoints: the overview stays small (its channels folded, the filters' data
in a script loaded on first use), and a touchpoint is found and opened from it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from touchsite.build import build

from .conftest import Browsing, SiteServer, serving
from .test_accessibility import _violations

TOUCHPOINTS = 1000
ANSWERS = 12  # per touchpoint: enough to show a score (10)
MAX_OVERVIEW_BYTES = 500_000
MAX_REPORT_BYTES = 900_000  # the printable report: a small tile each, and a table by touchpoint
# the KPI page: its table by touchpoint and the charts, whose hovers write each figure with
# its interval and n as the page does (785,167 bytes; 732,338 with the figure and n alone)
MAX_KPI_PAGE_BYTES = 800_000
PHASES = ["inspiration", "auswahl", "kauf", "lieferung"]
CHANNELS = ["website", "app", "filiale", "telefon", "email", "social", "print"]
PERSONAS = ["familie", "einsteiger"]
# Titles as long as a client's ("Rückruf nach Reklamation im Kundenservice"), so the bound
# holds for realistic text, not only for short ids.
SUBJECTS = ["Beratung zur Küchenplanung", "Rückruf nach Reklamation", "Lieferavis per SMS"]


def write_project(root: Path) -> None:
    """A generated client with many touchpoints and a few answers at each."""
    (root / "content" / "touchpoints").mkdir(parents=True)
    (root / "data").mkdir()
    items = lambda ids: "".join(f"  - id: {i}\n    title: {i.title()}\n" for i in ids)  # noqa: E731
    (root / "touchsite.yml").write_text(
        "title: Große Journey\nclient: Beispiel GmbH\nlanguage: de\n"
        f"phases:\n{items(PHASES)}channels:\n{items(CHANNELS)}personas:\n{items(PERSONAS)}"
        "kpis:\n  primary: nps\n  targets: {nps: 20, csat: 75}\n"
        "data:\n  - path: data/feedback.csv\n",
        encoding="utf-8",
    )
    rows = ["response_id,touchpoint,date,nps,csat,comment,segment"]
    for index in range(1, TOUCHPOINTS + 1):
        tp = f"tp-{index:04d}"
        phase, channel = PHASES[index % 4], CHANNELS[index % 7]
        (root / "content" / "touchpoints" / f"{tp}.md").write_text(
            f"---\ntitle: {SUBJECTS[index % 3]} {index} ({channel.title()})\nphase: {phase}\n"
            f"channel: {channel}\npersonas: [{PERSONAS[index % 2]}]\n---\nKontaktpunkt {index}.\n",
            encoding="utf-8",
        )
        for answer in range(ANSWERS):
            date = dt.date(2026, 1 + answer % 6, 1 + index % 28)
            nps, csat = (index * 7 + answer * 3) % 11, 1 + (index + answer) % 5
            segment = ("neukunde", "stammkunde")[answer % 2]
            rows.append(f"R{index}-{answer},{tp},{date},{nps},{csat},,{segment}")
    (root / "data" / "feedback.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("large") / "project"
    write_project(project)
    out = project.parent / "site"
    build(project, out, search=False)
    return out


@pytest.fixture(scope="module")
def large_server(large_site: Path) -> Iterator[SiteServer]:
    with serving(large_site) as server:
        yield server


def test_the_overview_of_a_thousand_touchpoints_stays_small(large_site: Path):
    index = (large_site / "index.html").read_bytes()
    assert len(index) <= MAX_OVERVIEW_BYTES, f"{len(index):,} bytes"
    assert index.count(b'class="tile tile-small"') == TOUCHPOINTS
    assert b'<details class="map-group">' in index
    # the lead counts them with a thousands separator, as every other figure
    assert b"1.000 Touchpoints in" in index
    # the filters' figures are not in the page but in a script of their own, linked relatively
    assert b'id="map-periods"' not in index
    source = re.search(rb'data-source="(assets/map-data\.[0-9a-f]+\.js)"', index)
    assert source is not None
    assert (large_site / source.group(1).decode()).is_file()


def test_the_overview_stays_small_when_half_the_touchpoints_dropped(tmp_path: Path):
    """Two whole quarters, every other touchpoint falling from NPS +42 to 0 (60 answers each):
    500 drops into the latest period, each a pain point; the verdict names three and the
    overview lists five, so the page keeps its budget."""
    write_project(tmp_path)
    config = tmp_path / "touchsite.yml"
    config.write_text(config.read_text("utf-8") + "analysis: {period: quarter}\n", "utf-8")
    rows = ["response_id,touchpoint,date,nps,csat,comment,segment"]
    for index in range(1, TOUCHPOINTS + 1):
        for part, start in enumerate((dt.date(2026, 1, 1), dt.date(2026, 4, 1))):
            dropped = index % 2 == 0 and part == 1
            given = [10] * 20 + [0] * 20 + [8] * 20 if dropped else [10] * 35 + [0] * 10 + [8] * 15
            for answer, nps in enumerate(given):
                # the first and the last day answered: both quarters are whole
                day = start + dt.timedelta(days=0 if answer == 0 else (answer * 3 + index) % 91)
                rows.append(f"R{index}-{part}-{answer},tp-{index:04d},{day},{nps},4,,neukunde")
    rows.append("R-last,tp-0001,2026-06-30,9,4,,neukunde")
    (tmp_path / "data" / "feedback.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = build(tmp_path, tmp_path / "site", search=False).report
    assert sum(bool(r.drops) for r in report.pain_points) == TOUCHPOINTS // 2
    index = (tmp_path / "site" / "index.html").read_bytes()
    assert len(index) <= MAX_OVERVIEW_BYTES, f"{len(index):,} bytes"
    assert index.count(b'class="finding ') == 3
    printed = (tmp_path / "site" / "report.html").read_bytes()
    assert len(printed) <= MAX_REPORT_BYTES, f"{len(printed):,} bytes"


def test_a_touchpoint_is_found_and_opened_from_the_map(
    web: Browsing, large_server: SiteServer, shots_dir: Path
):
    watch = web.open_url(large_server.url("index.html"))
    page = watch.page
    tile = page.locator('.tile[data-touchpoint="tp-0778"]')
    assert not tile.is_visible()  # its channel is folded
    page.screenshot(path=str(shots_dir / "overview-large-1280x900.png"))
    page.fill("#map-find", "Rückruf nach Reklamation 778")
    tile.wait_for(state="visible")
    assert page.locator("details.map-group[open]").count() == 1
    assert page.locator("details.map-group:not([hidden])").count() == 1
    # its channel's line counts by grade the one tile left, not the channel's all
    grades = page.locator("details.map-group[open] .grade-count:not([hidden]) .gc")
    assert grades.all_inner_texts() == ["1"]
    page.screenshot(path=str(shots_dir / "overview-large-found-1280x900.png"))
    tile.click()
    page.wait_for_url(re.compile(r"/touchpoints/tp-0778\.html$"))
    assert "Rückruf nach Reklamation 778" in page.locator("h1").inner_text()
    watch.assert_clean()


def test_a_folded_channel_opens_and_its_tiles_follow_the_controls(
    web: Browsing, large_server: SiteServer
):
    watch = web.open_url(large_server.url("index.html"))
    page = watch.page
    group = page.locator("details.map-group").first
    group.locator("summary").click()
    tiles = group.locator(".tile")
    assert tiles.first.is_visible()
    # The persona filter loads the map's data, then hides the other persona's tiles.
    page.select_option("#persona-select", "familie")
    page.wait_for_function("() => window.touchsiteMap !== undefined")
    page.wait_for_function(
        """() => Array.from(document.querySelectorAll('.tile'))
                .every(t => t.hidden === (t.dataset.personas !== 'familie'))"""
    )
    shown = page.locator(".tile:not([hidden])").count()
    assert shown == TOUCHPOINTS // 2
    assert "500 / 1.000" in page.locator("#map-status").inner_text()
    # the headline's line counts them as every other figure, with a thousands separator
    assert "500 von 1.000 Touchpoints" in page.locator("#map-figures").inner_text()
    # The KPI switch shows each tile's CSAT figure and grade.
    page.select_option("#kpi-select", "csat")
    first = tiles.first
    page.wait_for_function(
        "(tile) => tile.dataset.grade === tile.dataset.csat && /%/.test(tile.textContent)",
        arg=first.element_handle(),
    )
    watch.assert_clean()


def test_the_large_overview_has_no_serious_accessibility_violations(
    web: Browsing, large_server: SiteServer
):
    found = _violations(web, large_server.url("index.html"), "light")
    assert not found, "\n".join(found)


def test_the_large_map_fits_a_phone(web: Browsing, large_server: SiteServer):
    phone = {"width": 390, "height": 844}
    watch = web.open_url(large_server.url("index.html"), viewport=phone)
    watch.page.evaluate(
        "document.querySelectorAll('details.map-group').forEach(d => d.open = true)"
    )
    assert watch.page.evaluate("document.documentElement.scrollWidth") <= phone["width"]
    watch.assert_clean()


def test_a_phase_the_filters_empty_counts_what_they_leave(
    web: Browsing, large_server: SiteServer, shots_dir: Path
):
    watch = web.open_url(large_server.url("index.html"))
    page = watch.page
    totals = page.locator(".map-phase .group-total")
    assert totals.all_inner_texts() == ["(250)"] * 4
    # every touchpoint of the phases 1 and 3 (an even number) is a 'familie' one
    page.select_option("#persona-select", "einsteiger")
    page.wait_for_function("() => document.querySelectorAll('.tile:not([hidden])').length === 500")
    assert totals.all_inner_texts() == ["(0 / 250)", "(250)", "(0 / 250)", "(250)"]
    # the map's count as every other figure of the page: with the thousands separator
    assert page.locator("#map-status").inner_text().endswith(": 500 / 1.000")
    page.screenshot(path=str(shots_dir / "overview-large-phases-filtered-1280x900.png"))
    page.select_option("#persona-select", "")
    page.wait_for_function("() => document.querySelectorAll('.tile[hidden]').length === 0")
    assert totals.all_inner_texts() == ["(250)"] * 4
    assert page.locator("#map-status").inner_text().endswith(": 1.000 / 1.000")
    watch.assert_clean()


def test_the_report_and_the_kpi_page_repeat_no_table_of_a_thousand_rows(large_site: Path):
    """The printable report's map draws small tiles, as the overview does; the KPI page's
    charts by touchpoint point to its table by touchpoint instead of repeating it."""
    report = (large_site / "report.html").read_text(encoding="utf-8")
    assert report.count('class="tile tile-small"') == TOUCHPOINTS
    assert 'class="tile-tags"' not in report
    # every touchpoint's figures stay in the report's table by touchpoint
    assert report.count('<tr><th scope="row">') >= TOUCHPOINTS
    kpis = (large_site / "kpis.html").read_text(encoding="utf-8")
    comparisons = re.findall(r'<figure class="chart-block".*?</figure>', kpis, re.S)
    by_touchpoint = [f for f in comparisons if 'id="chart-kpis-comparison-' in f]
    assert len(by_touchpoint) == 2  # NPS and CSAT
    assert not any('class="chart-data"' in f for f in by_touchpoint)
    assert '<a href="#tp-heading">Nach Touchpoint</a>' in kpis
    assert kpis.count("tp-0778.html") == 1  # its row of the table by touchpoint, once
    # with a full tile each and every figure twice: 1,460,576 and 898,966 bytes
    assert len(report.encode()) <= MAX_REPORT_BYTES
    assert len(kpis.encode()) <= MAX_KPI_PAGE_BYTES


@pytest.mark.parametrize("path", ["report.html", "kpis.html"])
def test_the_report_and_the_kpi_page_of_a_thousand_touchpoints_draw(
    web: Browsing, large_server: SiteServer, shots_dir: Path, path: str
):
    watch = web.open_url(large_server.url(path))
    assert watch.wait_for_charts(timeout=60_000) >= 1
    watch.page.screenshot(path=str(shots_dir / f"large-{path[:-5]}-1280x900.png"))
    if path == "report.html":
        tile = watch.page.locator('.tile[data-touchpoint="tp-0778"]')
        assert tile.is_visible()
        assert "Rückruf nach Reklamation 778" in tile.inner_text()
    watch.assert_clean()
