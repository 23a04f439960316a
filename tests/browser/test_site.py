"""The built example site in a real browser: journey map, charts, navigation, untrusted text."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import yaml

from .conftest import REPO_ROOT, Browsing, PageWatch, SiteServer

TOUCHPOINT_DIR = REPO_ROOT / "content" / "touchpoints"
FEEDBACK_CSV = REPO_ROOT / "data" / "feedback.csv"
SCREENSHOT_TOUCHPOINT = "liefertermin-abstimmung"

# Independent of touchsite.load.privacy on purpose: the test must not trust the code it checks.
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
HTML_TAG = re.compile(r"<\s*(script|img|b|i|a|iframe|svg|style)\b", re.IGNORECASE)

# How a tile's background is chosen in style.css: each grade has its colour, a small sample
# and a withheld figure share one.
GRADES = ("clearly-below", "below", "on-target", "above", "clearly-above")
BACKGROUND_GROUP = {grade: grade for grade in GRADES} | {"low-n": "low-n", "withheld": "low-n"}


def touchpoint_ids() -> list[str]:
    """The id of every touchpoint file: its front matter's `id`, else the file name."""
    ids = []
    for path in sorted(TOUCHPOINT_DIR.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta = {}
        if text.startswith("---"):
            meta = yaml.safe_load(text.split("---", 2)[1]) or {}
        ids.append(str(meta.get("id") or path.stem))
    assert ids, f"no touchpoint files in {TOUCHPOINT_DIR}"
    return ids


def feedback_rows() -> list[dict[str, str]]:
    with FEEDBACK_CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def open_map(web: Browsing, **kwargs) -> PageWatch:
    watch = web.open("index.html", **kwargs)
    watch.page.wait_for_selector("#journey-map .tile")
    return watch


def test_overview_renders_map_and_chart(web: Browsing, shots_dir: Path) -> None:
    ids = touchpoint_ids()
    watch = open_map(web, viewport={"width": 1440, "height": 900})
    page = watch.page

    tiles = page.locator("#journey-map .tile")
    assert tiles.count() == len(ids), f"expected one tile per touchpoint file ({len(ids)})"
    for tp_id in ids:
        tile = page.locator(f'#journey-map a.tile[data-touchpoint="{tp_id}"]')
        assert tile.count() == 1, f"no tile for touchpoint {tp_id!r}"
        assert tile.get_attribute("href") == f"touchpoints/{tp_id}.html"
        assert tile.is_visible(), f"tile {tp_id!r} is not visible"

    chart = page.locator(".chart[data-figure]")
    assert chart.count() >= 1, "the overview has no emotion chart"
    assert watch.wait_for_charts() == chart.count()
    assert chart.first.get_attribute("data-rendered") == "true"
    assert chart.first.locator("svg.main-svg").count() >= 1, "the chart drew no SVG"

    page.screenshot(path=str(shots_dir / "index-1440x900.png"), full_page=True)
    watch.assert_clean()


def test_kpi_select_recolours_tiles(web: Browsing) -> None:
    watch = open_map(web)
    page = watch.page
    assert page.locator("#journey-map").get_attribute("data-kpi") == "nps"

    statuses = page.eval_on_selector_all(
        "#journey-map .tile",
        "tiles => tiles.map(t => [t.dataset.touchpoint, t.dataset.nps, t.dataset.csat])",
    )
    candidates = [
        tp_id
        for tp_id, nps, csat in statuses
        if BACKGROUND_GROUP.get(nps, "plain") != BACKGROUND_GROUP.get(csat, "plain")
    ]
    assert candidates, "no tile whose NPS and CSAT grades would be coloured differently"
    tile = page.locator(f'#journey-map a.tile[data-touchpoint="{candidates[0]}"]')

    def background() -> str:
        return tile.evaluate("el => getComputedStyle(el).backgroundColor")

    nps_background = background()
    assert tile.locator(".kpi-nps").is_visible()
    assert not tile.locator(".kpi-csat").is_visible()
    nps_text = tile.inner_text()

    page.select_option("#kpi-select", "csat")
    assert page.locator("#journey-map").get_attribute("data-kpi") == "csat"
    assert background() != nps_background, f"tile {candidates[0]!r} kept its colour"
    assert tile.locator(".kpi-csat").is_visible()
    assert not tile.locator(".kpi-nps").is_visible()
    assert tile.inner_text() != nps_text
    watch.assert_clean()


def test_persona_filter_hides_other_tiles(web: Browsing) -> None:
    watch = open_map(web)
    page = watch.page
    personas = [
        value
        for value in page.eval_on_selector_all(
            "#persona-select option", "options => options.map(o => o.value)"
        )
        if value
    ]
    assert personas, "the persona select offers no personas"

    hid_some = False
    for persona in personas:
        page.select_option("#persona-select", persona)
        tiles = page.eval_on_selector_all(
            "#journey-map .tile",
            """tiles => tiles.map(t => [t.dataset.touchpoint, t.dataset.personas,
                                        t.checkVisibility()])""",
        )
        for tp_id, listed, visible in tiles:
            expected = persona in listed.split()
            assert visible == expected, (
                f"persona {persona!r}: tile {tp_id!r} (personas {listed!r}) "
                f"{'hidden' if expected else 'shown'}"
            )
        assert any(visible for _, _, visible in tiles), f"persona {persona!r} shows no tile"
        hid_some = hid_some or not all(visible for _, _, visible in tiles)
    assert hid_some, "no persona hid any tile; the filter was not exercised"

    page.select_option("#persona-select", "")
    assert page.locator("#journey-map .tile:visible").count() == len(touchpoint_ids())
    watch.assert_clean()


def test_keyboard_opens_touchpoint_page(web: Browsing, shots_dir: Path) -> None:
    watch = open_map(web, viewport={"width": 1440, "height": 900})
    page = watch.page
    tile = page.locator(f'#journey-map a.tile[data-touchpoint="{SCREENSHOT_TOUCHPOINT}"]')
    tile.focus()
    assert tile.evaluate("el => el === document.activeElement"), "the tile cannot take focus"
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/touchpoints/{SCREENSHOT_TOUCHPOINT}.html")

    count = watch.wait_for_charts()
    assert count >= 1, "the touchpoint page has no charts"
    assert page.locator(".chart[data-figure] svg.main-svg").count() >= count
    assert page.locator("h1").inner_text().strip()

    page.screenshot(path=str(shots_dir / f"touchpoint-{SCREENSHOT_TOUCHPOINT}.png"), full_page=True)
    watch.assert_clean()


def test_other_pages_render(web: Browsing) -> None:
    for path in ("kpis.html", "recommendations.html"):
        watch = web.open(path)
        count = watch.wait_for_charts()
        assert count >= 1, f"{path} has no charts"
        assert watch.page.locator(".chart[data-figure] svg.main-svg").count() >= count
        watch.assert_clean()

    watch = web.open("404.html")
    assert watch.page.locator("h1").is_visible()
    back = watch.page.locator("main a[href$='index.html']")
    assert back.count() >= 1, "404.html has no link back to the overview"
    watch.assert_clean()


def test_untrusted_comments_stay_text(web: Browsing, site_server: SiteServer) -> None:
    hostile = [row for row in feedback_rows() if HTML_TAG.search(row["comment"])]
    assert any("<script>" in row["comment"] for row in hostile), (
        "data/feedback.csv has no <script> comment to test with"
    )
    built = {p.stem for p in (site_server.out_dir / "touchpoints").glob("*.html")}

    shown = []
    for tp_id in sorted({row["touchpoint"] for row in hostile}):
        assert tp_id in built, f"no page for touchpoint {tp_id!r}"
        watch = web.open(f"touchpoints/{tp_id}.html")
        page = watch.page
        # give any injected handler (onerror, onload) a chance to run
        page.wait_for_load_state("networkidle")
        for summary in page.locator("details.more-comments > summary").all():
            summary.click()  # older comments sit in a collapsed <details>
        comments = page.locator(".comments")
        assert comments.locator("script, img, iframe, svg, style, b, i").count() == 0, (
            f"{tp_id}: comment markup became HTML elements"
        )
        quotes = comments.locator("blockquote").all_inner_texts()
        for row in hostile:
            if row["touchpoint"] != tp_id:
                continue
            tag = HTML_TAG.search(row["comment"]).group(0)
            matching = [text for text in quotes if tag in text]
            if matching:
                shown.append((tp_id, row["comment"]))
                assert comments.locator("blockquote", has_text=tag).first.is_visible()
        assert page.evaluate("() => window.__xss") is None, f"{tp_id}: window.__xss was set"
        watch.assert_clean()  # includes: no alert/confirm/prompt dialog opened
    assert shown, "none of the hostile comments is among the comments the pages show"


def test_no_personal_data_in_built_html(site_server: SiteServer) -> None:
    emails, ibans = set(), set()
    for row in feedback_rows():
        emails.update(EMAIL.findall(row["comment"]))
        ibans.update(match.group(0) for match in IBAN.finditer(row["comment"]))
    assert emails, "data/feedback.csv has no e-mail address; the privacy check is vacuous"
    assert ibans, "data/feedback.csv has no IBAN; the privacy check is vacuous"
    needles = emails | ibans | {iban.replace(" ", "") for iban in ibans}

    pages = sorted(site_server.out_dir.rglob("*.html"))
    assert pages
    leaks = []
    for path in pages:
        text = path.read_text(encoding="utf-8")
        squashed = re.sub(r"\s+", "", text)
        for needle in needles:
            if needle in text or needle.replace(" ", "") in squashed:
                leaks.append(f"{path.relative_to(site_server.out_dir)}: {needle}")
    assert not leaks, "personal data in the built site:\n  " + "\n  ".join(leaks)
