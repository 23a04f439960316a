"""The overview as a stakeholder meets it: the verdict on the first screen, a map that grades,
filters that recompute the headline figures, and one keyboard stop for the whole map.

Expected figures are worked out here from data/feedback.csv and the content's front matter,
never taken from the analysis the site is built from.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import pytest
import yaml
from scipy import stats

from tests.conftest import mini_with_answers
from touchsite.build import build

from .conftest import REPO_ROOT, Browsing, serving

CONTENT = REPO_ROOT / "content"
FEEDBACK_CSV = REPO_ROOT / "data" / "feedback.csv"
OPEN = {"idea", "planned", "in-progress"}
PRIORITY = {"high": 0, "medium": 1, "low": 2}
VIEWPORTS = [(1440, 900), (390, 844)]
Z95 = 1.959963984540054


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---", 2)[1]) or {}


@cache
def touchpoints() -> dict[str, dict]:
    found = {}
    for path in sorted((CONTENT / "touchpoints").glob("*.md")):
        meta = front_matter(path)
        found[str(meta.get("id") or path.stem)] = meta
    return found


@cache
def open_recommendations() -> list[dict]:
    """Open recommendations, best first: priority, then impact (high first), effort (low first)."""
    found = [front_matter(p) | {"id": p.stem} for p in (CONTENT / "recommendations").glob("*.md")]
    return sorted(
        (r for r in found if r["status"] in OPEN),
        key=lambda r: (
            PRIORITY[r["priority"]],
            -(r.get("impact") or 0),
            r.get("effort") or 0,
            r["id"],
        ),
    )


@cache
def answers() -> list[dict[str, str]]:
    """The answers about touchpoints (not the relationship NPS, touchpoint 'overall')."""
    with FEEDBACK_CSV.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.DictReader(handle) if row["touchpoint"] in touchpoints()]


def quarter(date: str) -> str:
    day = dt.date.fromisoformat(date)
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def scores(rows: list[dict[str, str]], kpi: str) -> list[int]:
    return [int(row[kpi]) for row in rows if row[kpi].strip()]


def nps(rows: list[dict[str, str]]) -> tuple[float, int]:
    given = scores(rows, "nps")
    promoters = sum(1 for s in given if s >= 9)
    detractors = sum(1 for s in given if s <= 6)
    return 100 * (promoters - detractors) / len(given), len(given)


def csat(rows: list[dict[str, str]]) -> tuple[float, float, float, int]:
    """Top-2-box share in percent with its Wilson interval."""
    given = scores(rows, "csat")
    n = len(given)
    p = sum(1 for s in given if s >= 4) / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n**2)) / denominator
    return 100 * p, 100 * (centre - half), 100 * (centre + half), n


def german(value: float, decimals: int = 0) -> str:
    """A number as the German site writes it: half up, '.' grouping, ',' decimals, '−'."""
    rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
    text = f"{abs(rounded):,.{decimals}f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    return ("−" if rounded < 0 else "") + text


def points(value: float, decimals: int = 0) -> str:
    text = german(value, decimals)
    return text if text.startswith(("−", "0")) else "+" + text


def nps_card_value(value: float) -> str:
    """An NPS as a headline card writes it: one more decimal (up to two) where the whole
    number would read as the target it misses or meets ("+19,7" against +20, never "+20")."""
    target = yaml.safe_load((REPO_ROOT / "touchsite.yml").read_text(encoding="utf-8"))["kpis"][
        "targets"
    ]["nps"]
    decimals = 0
    while decimals < 2 and value != target and points(value, decimals) == points(target, decimals):
        decimals += 1
    return points(value, decimals)


def in_first_screen(page, locator, height: int) -> bool:
    box = locator.bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_first_screen_names_the_worst_touchpoint_and_what_answers_it(
    web: Browsing, width: int, height: int
) -> None:
    watch = web.open("index.html", viewport={"width": width, "height": height})
    page = watch.page
    rows = answers()
    by_touchpoint = {tp: [r for r in rows if r["touchpoint"] == tp] for tp in touchpoints()}
    measured = {
        tp: nps(found) for tp, found in by_touchpoint.items() if len(scores(found, "nps")) >= 30
    }
    # the example's story: its weakest touchpoint by NPS is also the one that most needs action
    worst = min(measured, key=lambda tp: measured[tp][0])
    value, n = measured[worst]

    first = page.locator(".verdict .finding").first
    assert first.get_attribute("data-touchpoint") == worst
    name = first.locator(".finding-name")
    assert name.inner_text() == touchpoints()[worst]["title"]
    figure = first.locator(".finding-figure")
    assert figure.inner_text() == points(value), f"NPS of {worst} is {value:.2f}"
    assert f"n = {german(n)}" in first.inner_text()
    for locator in (name, figure):
        assert in_first_screen(page, locator, height), f"{locator} below the first screen"

    answering = [r for r in open_recommendations() if worst in r["touchpoints"]]
    assert answering, f"no open recommendation addresses {worst}"
    top_overall = open_recommendations()[0]
    for rec in (answering[0], top_overall):
        link = page.locator(".verdict a.finding-answer", has_text=rec["title"]).first
        assert in_first_screen(page, link, height), f"{rec['title']!r} not on the first screen"
    watch.assert_clean()


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
def test_first_screen_says_how_the_customers_feel_with_figure_interval_and_n(
    web: Browsing, width: int, height: int
) -> None:
    """Before what needs action, one sentence says how the customers feel overall: the
    overall question's NPS, its interval and n, and where it stands against the target.
    Before, the first screen named pain points only; the overall figure sat in a card below."""
    watch = web.open("index.html", viewport={"width": width, "height": height})
    page = watch.page
    with FEEDBACK_CSV.open(encoding="utf-8", newline="") as handle:
        given = [int(r["nps"]) for r in csv.DictReader(handle) if r["touchpoint"] == "overall"]
    n = len(given)
    promoters = sum(1 for s in given if s >= 9) / n
    detractors = sum(1 for s in given if s <= 6) / n
    value = promoters - detractors
    half = Z95 * math.sqrt((promoters + detractors - value**2) / n)
    target = yaml.safe_load((REPO_ROOT / "touchsite.yml").read_text(encoding="utf-8"))["kpis"][
        "targets"
    ]["nps"]
    assert 100 * (value - half) > target, "the example's overall NPS is above its target"

    verdict = page.locator(".overall-verdict")
    text = verdict.inner_text()
    assert verdict.locator(".overall-verdict-figure").inner_text() == points(100 * value)
    assert f"95-%-KI {points(100 * (value - half))} bis {points(100 * (value + half))}" in text
    assert f"n = {german(n)})" in text
    assert f"über Ziel {points(target)}" in text
    assert in_first_screen(page, verdict, height), "the overall verdict is below the first screen"
    # it comes first: the pain points follow it
    below = page.locator(".verdict .finding").first.bounding_box()
    assert verdict.bounding_box()["y"] < below["y"]
    watch.assert_clean()


def headline(page, kpi: str) -> dict[str, str]:
    card = page.locator(f'[data-headline="{kpi}"]')
    return {
        part: card.locator(f".kpi-{part}").inner_text()
        for part in ("value", "interval", "n")
        if card.locator(f".kpi-{part}").count()
    }


def test_filters_recompute_the_headline_figures(web: Browsing) -> None:
    watch = web.open("index.html", viewport={"width": 1440, "height": 900})
    page = watch.page
    unfiltered = headline(page, "nps")
    rows = answers()
    meta = touchpoints()

    page.select_option("#type-select", "personal")
    personal = [r for r in rows if meta[r["touchpoint"]]["type"] == "personal"]
    value, n = nps(personal)
    assert headline(page, "nps")["value"] == nps_card_value(value)
    assert headline(page, "nps")["n"] == f"n = {german(n)}"
    assert page.locator("#headline-filtered").is_visible()
    # the filter hid tiles too, and only the others
    shown = page.eval_on_selector_all(
        "#journey-map .tile", "ts => ts.filter(t => !t.hidden).map(t => t.dataset.touchpoint)"
    )
    assert sorted(shown) == sorted(tp for tp, m in meta.items() if m["type"] == "personal")
    # beside the map too, where the filters are
    beside = page.locator("#map-figures")
    assert beside.is_visible()
    assert f"{len(shown)} von {len(meta)} Touchpoints" in beside.inner_text()
    assert f"NPS {nps_card_value(value)} (95-%-KI " in beside.inner_text()
    assert f"n = {german(n)})" in beside.inner_text()

    # persona and period together, and the CSAT card's interval (Wilson, worked out above)
    page.select_option("#type-select", "")
    page.select_option("#persona-select", "junge-familie")
    page.select_option("#period-select", "2026-Q1")
    chosen = [
        r
        for r in rows
        if "junge-familie" in meta[r["touchpoint"]].get("personas", [])
        and quarter(r["date"]) == "2026-Q1"
    ]
    value, n = nps(chosen)
    assert headline(page, "nps")["value"] == nps_card_value(value)
    assert headline(page, "nps")["n"] == f"n = {german(n)}"
    share, low, high, n = csat(chosen)
    card = headline(page, "csat")
    assert card["value"] == f"{german(share)}\u00a0%"
    assert card["interval"] == f"95-%-KI {german(low)}\u00a0% bis {german(high)}\u00a0%"
    assert card["n"] == f"n = {german(n)}"

    page.select_option("#persona-select", "")
    page.select_option("#period-select", "")
    assert headline(page, "nps") == unfiltered
    assert not page.locator("#headline-filtered").is_visible()
    assert not page.locator("#map-figures").is_visible()
    watch.assert_clean()


def test_period_and_category_recompute_the_mean_with_its_t_interval(web: Browsing) -> None:
    watch = web.open("index.html")
    page = watch.page
    meta = touchpoints()
    page.select_option("#period-select", "2026-Q3")
    page.select_option("#category-select", "person")
    chosen = [
        r
        for r in answers()
        if quarter(r["date"]) == "2026-Q3" and meta[r["touchpoint"]]["category"] == "person"
    ]
    given = scores(chosen, "ces")
    n = len(given)
    mean = sum(given) / n
    variance = sum((s - mean) ** 2 for s in given) / (n - 1)
    half = float(stats.t.ppf(0.975, n - 1)) * math.sqrt(variance / n)
    card = headline(page, "ces")
    # the figure at its interval's precision: one decimal, or more where the ends need it
    decimals = len(card["value"].partition(",")[2])
    assert decimals >= 1
    assert card["value"] == german(mean, decimals)
    assert card["interval"] == (
        f"95-%-KI {german(mean - half, decimals)} bis {german(mean + half, decimals)}"
    )
    assert card["n"] == f"n = {german(n)}"
    watch.assert_clean()


def focused(page) -> str | None:
    return page.evaluate(
        "document.activeElement.closest('#journey-map .tile')?.dataset.touchpoint ?? null"
    )


def tab_stops(page) -> list[str]:
    return page.eval_on_selector_all(
        "#journey-map .tile",
        "ts => ts.filter(t => t.tabIndex === 0).map(t => t.dataset.touchpoint)",
    )


def box(page, tp: str) -> dict:
    return page.locator(f'#journey-map .tile[data-touchpoint="{tp}"]').bounding_box()


def test_the_map_is_one_tab_stop_crossed_by_arrow_keys(web: Browsing) -> None:
    watch = web.open("index.html", viewport={"width": 1440, "height": 900})
    page = watch.page
    tiles = page.eval_on_selector_all(
        "#journey-map .tile", "ts => ts.map(t => t.dataset.touchpoint)"
    )
    assert tab_stops(page) == [tiles[0]], "exactly one tile, the first, is in the tab order"

    page.locator(".legend a").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if focused(page):
            break
    start = focused(page)
    assert start == tiles[0]
    page.keyboard.press("Tab")
    assert focused(page) is None, "Tab from a tile must leave the map, not visit every tile"
    page.keyboard.press("Shift+Tab")
    assert focused(page) == start

    page.keyboard.press("ArrowRight")
    right = focused(page)
    a, b = box(page, start), box(page, right)
    assert b["x"] > a["x"] and abs(b["y"] - a["y"]) < a["height"], "→ goes to the next column"
    assert tab_stops(page) == [right], "the tab stop follows the focus"

    page.keyboard.press("ArrowDown")
    down = focused(page)
    c = box(page, down)
    assert c["y"] > b["y"] and abs(c["x"] - b["x"]) < 1, "↓ stays in the column"
    page.keyboard.press("ArrowUp")
    assert focused(page) == right
    page.keyboard.press("ArrowLeft")
    assert focused(page) == start
    page.keyboard.press("End")
    assert focused(page) == tiles[-1]
    page.keyboard.press("Home")
    assert focused(page) == tiles[0]

    # a filter that hides the tab stop hands it to a tile still shown
    meta = touchpoints()
    other = next(t for t in ("personal", "digital", "analog") if meta[tiles[0]]["type"] != t)
    page.select_option("#type-select", other)
    stops = tab_stops(page)
    assert len(stops) == 1 and meta[stops[0]]["type"] == other
    watch.assert_clean()


def test_skip_link_passes_the_map(web: Browsing) -> None:
    watch = web.open("index.html")
    page = watch.page
    skip = page.locator("a.map-skip")
    skip.focus()
    assert skip.is_visible(), "the skip link shows when focused"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "after-map"
    page.keyboard.press("Tab")
    assert focused(page) is None
    watch.assert_clean()


def test_tiles_wear_their_grade_as_the_legend_shows_it(web: Browsing) -> None:
    watch = web.open("index.html")
    page = watch.page
    colours = page.evaluate(
        """() => {
            const bg = el => getComputedStyle(el).backgroundColor;
            const tiles = {}, legend = {};
            document.querySelectorAll('#journey-map .tile').forEach(t => {
                (tiles[t.dataset.grade] ??= new Set()).add(bg(t));
            });
            document.querySelectorAll('.legend .swatch').forEach(s => {
                const grade = [...s.classList].find(c => c.startsWith('grade-'));
                if (grade) legend[grade.slice(6)] = bg(s);
            });
            return {tiles: Object.fromEntries(Object.entries(tiles).map(([k, v]) => [k, [...v]])),
                    legend};
        }"""
    )
    graded = ("clearly-below", "below", "on-target", "above", "clearly-above")
    assert len({colours["legend"][g] for g in graded}) == 5, "five grades, five colours"
    assert len([g for g in graded if g in colours["tiles"]]) >= 4, "the example uses the scale"
    for grade, found in colours["tiles"].items():
        if grade in colours["legend"]:
            assert found == [colours["legend"][grade]], f"{grade} tiles differ from the legend"
    watch.assert_clean()


def test_map_and_filters_work_without_the_chart_library(web: Browsing) -> None:
    context = web.browser.new_context(viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.route("**/plotly*.js", lambda route: route.abort())
        page.goto(web.server.url("index.html"), wait_until="load")
        assert page.evaluate("typeof Plotly") == "undefined"
        before = page.locator('[data-headline="nps"] .kpi-value').inner_text()
        page.select_option("#type-select", "personal")
        assert page.locator('[data-headline="nps"] .kpi-value').inner_text() != before
        page.select_option("#kpi-select", "csat")
        assert page.locator("#journey-map .tile").first.get_attribute("data-grade") == (
            page.locator("#journey-map .tile").first.get_attribute("data-csat")
        )
        assert not errors
    finally:
        context.close()


@pytest.mark.parametrize(("width", "height"), VIEWPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_overview_screenshots(web: Browsing, shots_dir: Path, width, height, scheme) -> None:
    context = web.browser.new_context(
        viewport={"width": width, "height": height}, color_scheme=scheme
    )
    try:
        page = context.new_page()
        page.goto(web.server.url("index.html"), wait_until="load")
        page.screenshot(path=str(shots_dir / f"overview-{width}x{height}-{scheme}.png"))
        page.select_option("#type-select", "personal")
        page.evaluate("document.getElementById('map-heading').scrollIntoView()")
        page.screenshot(path=str(shots_dir / f"overview-map-{width}x{height}-{scheme}.png"))
    finally:
        context.close()


def latest_lines(csv_path: Path) -> tuple[str, list[tuple[str, float, int]]]:
    """The latest quarter the rows of `csv_path` cover whole, and each headline card's figure
    in it: (KPI, value, n), the overall question's NPS first, then NPS, CSAT and CES across
    the touchpoints."""
    with csv_path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    days = sorted(dt.date.fromisoformat(r["date"][:10]) for r in rows)

    def whole(q: str) -> bool:
        year, part = int(q[:4]), int(q[-1])
        start = dt.date(year, 3 * part - 2, 1)
        end = dt.date(year + (part == 4), (3 * part) % 12 + 1, 1) - dt.timedelta(days=1)
        return days[0] <= start and end <= days[-1]

    latest = max(q for q in {quarter(r["date"][:10]) for r in rows} if whole(q))
    overall = [r for r in rows if r["touchpoint"] == "overall" and quarter(r["date"]) == latest]
    journey = [r for r in rows if r["touchpoint"] != "overall" and quarter(r["date"]) == latest]
    ces = scores(journey, "ces")
    share, _low, _high, csat_n = csat(journey)
    return latest, [
        ("nps", *nps(overall)),
        ("nps", *nps(journey)),
        ("csat", share, csat_n),
        ("ces", sum(ces) / len(ces), len(ces)),
    ]


def shown(kpi: str, value: float, target: float, language: str) -> str:
    """A figure as the site writes it: NPS signed, CSAT in percent, CES with a decimal; one
    decimal more where it rounds to its target but misses it."""
    decimals = 1 if kpi == "ces" else 0
    if german(value, decimals) == german(target, decimals) and value < target:
        decimals += 1
    text = german(value, decimals)
    if language == "en":
        text = text.replace(".", "\0").replace(",", ".").replace("\0", ",")
    if kpi == "nps" and not text.startswith(("−", "0")):
        text = "+" + text
    return text + {"csat": "\u00a0%" if language == "de" else "%"}.get(kpi, "")


@pytest.mark.parametrize("language", ["de", "en"])
def test_each_headline_card_says_its_latest_complete_quarter(
    web: Browsing, english_server, language: str
) -> None:
    """Under each headline figure over all periods: the latest complete quarter's figure, its
    n and its change against the quarter before (the example's stay within the noise)."""
    project = REPO_ROOT if language == "de" else REPO_ROOT / "examples" / "en"
    url = web.server.url("index.html") if language == "de" else english_server.url("index.html")
    watch = web.open_url(url, {"width": 1440, "height": 900})
    targets = yaml.safe_load((project / "touchsite.yml").read_text("utf-8"))["kpis"]["targets"]
    latest, expected = latest_lines(project / "data" / "feedback.csv")
    year, part = latest.split("-")
    assert part != "Q1"  # the quarter before lies in the same year
    label, before = f"{part} {year[2:]}", f"Q{int(part[1]) - 1} {year[2:]}"
    lines = watch.page.locator("#headline-cards .kpi-latest").all_inner_texts()
    assert len(lines) == len(expected) == 4
    for line, (kpi, value, n) in zip(lines, expected, strict=True):
        figure = re.escape(shown(kpi, value, targets[kpi], language))
        # each figure with its interval, and the respondents where it pools several answers
        if language == "de":
            said = (
                rf"Letzter vollständiger Zeitraum, {label}: {figure} \(95-%-KI \S+(\u00a0%)? bis "
                rf"\S+(\u00a0%)?; n = {re.escape(german(n))}( · von \S+ Befragten)?\); "
                rf"gegenüber {before}: keine signifikante Veränderung"
            )
        else:
            said = (
                rf"Latest complete period, {label}: {figure} \(95% CI \S+ to \S+; "
                rf"n = {n:,}( · from \S+ respondents)?\); against {before}: no significant change"
            )
        assert re.fullmatch(said, line), line
    watch.assert_clean()


def test_filtered_figures_show_the_decimal_that_tells_them_apart(
    web: Browsing, tmp_path: Path
) -> None:
    """The map's filters recompute the headline cards in the browser, which wrote a share of
    60.9 % from 100,000 answers as "95% CI 61% to 61%" (as if it were exact) and a CSAT of
    59.6 % against its target of 60 % as "60%" beside "Target 60% · missed". Now, as the
    built page does, one more decimal tells the ends, and the figure from its target, apart,
    and the figure is written at its interval's precision ("60.9%", not "61%")."""
    # the product search (the one touchpoint of persona "family"): January, 60.9 % satisfied
    rows = [[f"J{i}", "search", "2026-01-15", "", 5 if i < 60_900 else 2] for i in range(100_000)]
    # and April, 59.6 %: below the target of 60 %
    rows += [[f"A{i}", "search", "2026-04-15", "", 4 if i < 596 else 1] for i in range(1_000)]
    rows += [[f"H{i}", "hotline", "2026-01-20", 5, 3] for i in range(50)]
    header = ["response_id", "touchpoint", "date", "nps", "csat"]
    root = mini_with_answers(tmp_path / "project", header, rows)
    site = tmp_path / "site"
    build(root, site)
    with serving(site) as server:
        watch = web.open_url(server.url("index.html"), {"width": 1440, "height": 900})
        page = watch.page
        page.select_option("#persona-select", "family")
        page.select_option("#period-select", "2026-01")
        card = headline(page, "csat")
        assert card["value"] == "60.9%"
        assert card["interval"] == "95% CI 60.6% to 61.2%"
        assert card["n"] == "n = 100,000"
        page.select_option("#period-select", "2026-04")
        card = headline(page, "csat")
        assert card["value"] == "59.6%"
        assert "Target 60% · missed" in page.locator('[data-headline="csat"]').inner_text()
        watch.assert_clean()


def test_a_filtered_figure_never_reads_as_an_end_of_its_interval(
    web: Browsing, tmp_path: Path
) -> None:
    """A share of 40.2 % from 40,000 answers, 95 % CI 39.72 % to 40.68 %: the filtered card
    wrote "40%" beside "95% CI 40% to 41%", a figure that read as its interval's lowest
    value. Now, as the built page does, a decimal more tells the figure from either end."""
    n, satisfied = 40_000, 16_080  # 40.2 %
    rows = [[f"J{i}", "search", "2026-01-15", "", 5 if i < satisfied else 2] for i in range(n)]
    rows += [[f"A{i}", "search", "2026-04-15", "", 4] for i in range(50)]  # a second period
    rows += [[f"H{i}", "hotline", "2026-01-20", 5, 3] for i in range(50)]
    header = ["response_id", "touchpoint", "date", "nps", "csat"]
    root = mini_with_answers(tmp_path / "project", header, rows)
    site = tmp_path / "site"
    build(root, site)
    # the Wilson interval, worked out here
    p, z = satisfied / n, 1.959963984540054
    mid = (p + z * z / (2 * n)) / (1 + z * z / n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    low, high = 100 * (mid - spread), 100 * (mid + spread)
    assert (round(low), round(100 * p)) == (40, 40)  # alike at the usual precision
    with serving(site) as server:
        watch = web.open_url(server.url("index.html"), {"width": 1440, "height": 900})
        page = watch.page
        page.select_option("#persona-select", "family")
        page.select_option("#period-select", "2026-01")
        card = headline(page, "csat")
        assert card["value"] == "40.2%"
        assert card["interval"] == f"95% CI {low:.1f}% to {high:.1f}%" == "95% CI 39.7% to 40.7%"
        watch.assert_clean()
