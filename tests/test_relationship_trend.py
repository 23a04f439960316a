"""The overall question's figure per period: a client's three survey waves moved the relationship
NPS +3 -> +10 -> +19, and the overview showed the pooled figure and the latest complete period
alone. Now its card has the trend chart the touchpoints' pages draw (touchsite.render.charts.kpis),
from the period tables the card's latest period reads. Every expected figure is worked out here
from the rows written: NPS as promoters minus detractors, its interval by the adjusted Wald
method (tests.test_latest.own_interval)."""

from __future__ import annotations

import json
import re
import shutil
from html import unescape
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.test_latest import feedback_csv, nps, own_interval
from touchsite.build import build
from touchsite.pipeline import check

# (touchpoint, first day, last day, {score: how many}); the third wave's quarter is covered
# to mid-August only: a partial period
WAVES = [
    ("overall", "2026-01-01", "2026-03-31", {9: 90, 8: 129, 3: 81}),  # +3, n = 300
    ("overall", "2026-04-01", "2026-06-30", {10: 100, 7: 130, 5: 70}),  # +10, n = 300
    ("overall", "2026-07-01", "2026-08-15", {9: 110, 8: 137, 0: 53}),  # +19, n = 300
]
TOUCHPOINTS = [
    ("search", "2026-01-01", "2026-03-31", {10: 40, 7: 30, 2: 30}),
    ("search", "2026-04-01", "2026-06-30", {10: 45, 7: 30, 2: 25}),
    ("hotline", "2026-07-01", "2026-08-15", {10: 30, 7: 40, 2: 30}),
]
QUARTERS = ["2026-Q1", "2026-Q2", "2026-Q3"]


def wave_scores(rows, quarter: int) -> list[int]:
    return [
        score
        for touchpoint, first, _last, counts in rows
        if touchpoint == "overall" and (int(first[5:7]) - 1) // 3 + 1 == quarter
        for score, n in counts.items()
        for _ in range(n)
    ]


def write_project(root: Path, rows, language: str = "en") -> Path:
    shutil.copytree(MINI, root)
    config = root / "touchsite.yml"
    text = config.read_text(encoding="utf-8").replace("language: en", f"language: {language}")
    config.write_text(text + "analysis:\n  period: quarter\n", encoding="utf-8")
    (root / "data" / "feedback.csv").write_text(feedback_csv(rows), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_project(tmp_path_factory.mktemp("waves") / "mini", WAVES + TOUCHPOINTS)


def figure(html: str, chart: str) -> dict:
    found = re.search(rf'<script type="application/json" id="{chart}-data">(.*?)</script>', html)
    assert found, f"no {chart} on the page"
    return json.loads(found.group(1))


def table_rows(html: str, chart: str) -> list[list[str]]:
    block = html[html.index(f'id="{chart}"') :]
    block = block[: block.index("</figure>")]
    return [
        [unescape(cell) for cell in re.findall(r"<td>(.*?)</td>", row)]
        for row in re.findall(r"<tr>(.*?)</tr>", block[block.index("<tbody>") :])
    ]


def test_the_waves_are_the_clients_case():
    assert [round(nps(wave_scores(WAVES, q))) for q in (1, 2, 3)] == [3, 10, 19]


def test_the_overall_question_has_its_figure_per_period(project):
    report = check(project)
    trend = report.relationship_trend["nps"]
    assert [period for period, _est in trend] == QUARTERS
    for (_period, estimate), quarter in zip(trend, (1, 2, 3), strict=True):
        given = wave_scores(WAVES, quarter)
        assert estimate.n == len(given) == 300
        assert estimate.value == pytest.approx(nps(given))
        assert (estimate.low, estimate.high) == pytest.approx(own_interval(given))
    # the card's latest complete period is that period's figure, not a second one
    latest = report.latest_relationship["nps"]
    assert latest.period == "2026-Q2"
    assert latest.estimate == dict(trend)["2026-Q2"]


@pytest.mark.parametrize(
    ("language", "partial", "caption"),
    [
        ("en", "Q3 26, partial", "NPS overall question (relationship) per period"),
        ("de", "Q3 26, unvollständig", "NPS Gesamtfrage (Beziehung) je Zeitraum"),
    ],
)
def test_the_overview_draws_the_trend_under_the_headline_cards(
    tmp_path, language, partial, caption
):
    root = write_project(tmp_path / "mini", WAVES + TOUCHPOINTS, language)
    build(root, tmp_path / "site")
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    start = html.index('id="headline"')
    headline = html[start : html.index("</section>", start)]
    assert 'id="chart-index-trend-nps"' in headline
    assert caption in headline
    # the note that the map's filter recomputed the cards stands under them, not under the
    # chart, which no filter changes (the overall question is asked at no touchpoint)
    assert headline.index('id="headline-filtered"') < headline.index("chart-index-trend-nps")
    drawn = figure(html, "chart-index-trend-nps")
    line = drawn["data"][1]
    assert line["x"] == ["Q1 26", "Q2 26", partial]
    assert line["y"] == [3.0, 10.0, 19.0]
    assert line["customdata"] == [300, 300, 300]
    # the partial period marked as on the touchpoints' trend charts: an open marker
    assert line["marker"]["symbol"] == ["circle", "circle", "circle-open"]
    rows = table_rows(html, "chart-index-trend-nps")
    assert [(row[0], row[3]) for row in rows] == [
        ("Q1 26", "300"),
        ("Q2 26", "300"),
        (partial, "300"),
    ]
    lows_highs = [own_interval(wave_scores(WAVES, q)) for q in (1, 2, 3)]
    separator = " to " if language == "en" else " bis "
    assert [row[2] for row in rows] == [
        f"{low:+.0f}{separator}{high:+.0f}".replace("-", "−") for low, high in lows_highs
    ]
    # the same input, the same bytes
    build(root, tmp_path / "again")
    assert (tmp_path / "again" / "index.html").read_bytes() == html.encode("utf-8")


def test_no_chart_where_the_overall_question_has_one_period(tmp_path):
    root = write_project(tmp_path / "mini", WAVES[:1] + TOUCHPOINTS)
    build(root, tmp_path / "site")
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "chart-index-trend" not in html
    assert "Overall NPS (relationship)" in html  # its card stays
