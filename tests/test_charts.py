"""Chart figures as they reach a built page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from touchsite.build import build
from touchsite.models import KpiEstimate

RED, GREY, GREEN = "#a3341f", "#8a94a3", "#1b7f4b"  # bad, middling and good answers


def figure(page: Path, chart: str) -> dict:
    html = page.read_text(encoding="utf-8")
    found = re.search(rf'<script type="application/json" id="{chart}-data">(.*?)</script>', html)
    assert found, f"{chart} not on {page.name}"
    return json.loads(found.group(1))


def test_a_ces_on_1_to_5_lower_is_better_shows_its_own_scale_and_direction(
    mini: Path, tmp_path: Path
):
    config = mini / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    effort = "ces_scale: {min: 1, max: 5, higher_is_better: false}"
    config.write_text(
        text.replace("ces_scale: {min: 1, max: 7, higher_is_better: true}", effort).replace(
            "ces: 5", "ces: 2"
        ),
        encoding="utf-8",
    )
    # the hotline's CES answers: 20 x 2 and 20 x 6; on 1-5 the sixes become fives
    data = mini / "data" / "feedback.csv"
    rows = data.read_text(encoding="utf-8").splitlines()
    rows = [re.sub(r"^(H\d+,hotline,[^,]*,[^,]*,[^,]*),6,", r"\1,5,", row) for row in rows]
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")

    site = tmp_path / "site"
    build(mini, site)
    [bar] = figure(
        site / "touchpoints" / "hotline.html", "chart-touchpoint-hotline-distribution-ces"
    )["data"]

    # "how much effort": 1 and 2 are little effort (good), 3 the middle, 4 and 5 much (bad)
    assert bar["x"] == ["1", "2", "3", "4", "5"]
    assert bar["y"] == [0, 20, 0, 0, 20]
    assert bar["marker"]["color"] == [GREEN, GREEN, GREY, RED, RED]


def test_a_period_the_data_covers_in_part_says_so_on_the_trend_chart(mini: Path, tmp_path: Path):
    # the answers run from 1 January to 18 March 2026: January and February whole, March not
    site = tmp_path / "site"
    build(mini, site)
    trend = figure(site / "touchpoints" / "hotline.html", "chart-touchpoint-hotline-trend-nps")
    line = trend["data"][1]
    assert line["x"] == ["Jan 26", "Feb 26", "Mar 26, partial"]
    assert line["marker"]["symbol"] == ["circle", "circle", "circle-open"]


def test_the_impact_effort_matrix_names_its_fields_and_leaves_the_middle_untinted(
    mini: Path, tmp_path: Path
):
    site = tmp_path / "site"
    build(mini, site)
    matrix = figure(site / "recommendations.html", "chart-recommendations-matrix")
    names = {a["text"] for a in matrix["layout"]["annotations"]}
    assert names == {
        f"<b>{n}</b>" for n in ("Quick wins", "Major projects", "Fill-ins", "Thankless tasks")
    }
    fields = [s for s in matrix["layout"]["shapes"] if s["type"] == "rect"]
    assert len(fields) == 4
    # a 3 on either scale is neither low nor high: no field reaches x = 3 or y = 3
    for field in fields:
        assert not field["x0"] <= 3 <= field["x1"]
        assert not field["y0"] <= 3 <= field["y1"]
    # the callback recommendation (impact 4, effort 2) lies in the quick wins' field
    [marker] = matrix["data"]
    quick = next(
        f
        for f, a in zip(fields, matrix["layout"]["annotations"], strict=True)
        if "Quick" in a["text"]
    )
    assert quick["x0"] < marker["x"][0] < quick["x1"] and quick["y0"] < marker["y"][0] < quick["y1"]


def test_the_browser_recolours_exactly_the_colours_the_charts_use():
    """app.js swaps the charts' light-theme colours for the theme's CSS variables: the three
    places (figure.py, app.js, style.css) must name the same colours."""
    theme = Path(__file__).resolve().parents[1] / "templates" / "assets"
    app = (theme / "app.js").read_text(encoding="utf-8")
    css = (theme / "style.css").read_text(encoding="utf-8")
    light = css[: css.index("@media (prefers-color-scheme: dark)")]
    pairs = re.findall(r'^\s*"([^"]+)": "(--[a-z-]+)",?$', app, re.MULTILINE)
    assert dict(pairs) == {
        "#0b5cad": "--accent",
        "rgba(11, 92, 173, 0.18)": "--band",
        "#1b7f4b": "--meets",
        "#a3341f": "--misses",
    }
    from touchsite.render.charts import figure as colours

    assert {colours.ACCENT, colours.BAND, colours.GOOD, colours.BAD} == {c for c, _v in pairs}
    for colour, variable in pairs:
        assert f"{variable}: {colour};" in light


def test_every_chart_of_the_example_is_a_valid_plotly_figure(tmp_path: Path):
    # The pages carry plotly's figure JSON, drawn by the vendored plotly.js; plotly's own
    # figure schema (the Python package, validating every property) must accept each one.
    import plotly.graph_objects as go

    from tests.conftest import REPO

    build(REPO, tmp_path / "site")
    charts = 0
    for page in sorted((tmp_path / "site").rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        for found in re.finditer(
            r'<script type="application/json" id="(chart-[^"]+)-data">(.*?)</script>', html
        ):
            figure = json.loads(found.group(2))
            go.Figure(data=figure.get("data"), layout=figure.get("layout"))  # raises if invalid
            charts += 1
    assert charts > 50


# ------------------------------------------------------------------- key drivers


def _drivers(outcome: str, measured: list[tuple[str, str, float, float, float]]):
    """A DriverReport: (touchpoint, kpi, performance value, share, correlation) each."""
    from touchsite.analyze.drivers_report import Driver, DriverReport
    from touchsite.models import KpiEstimate

    drivers = tuple(
        Driver(tp, tp.title(), kpi, share, r, 100, KpiEstimate(kpi, 100, value, None, None))
        for tp, kpi, value, share, r in measured
    )
    return DriverReport(outcome, "pairwise", drivers, 0.5, 100, 0.1, False)


def test_driver_chart_names_the_real_kpis_and_has_quadrants_and_a_legend():
    from touchsite.kpi import BinaryQuestion, kpi_definitions
    from touchsite.render.charts.priorities import driver_chart
    from touchsite.render.i18n import Locale

    kpis = kpi_definitions(None, BinaryQuestion("Would recommend"))
    locale = Locale("en", {"binary": "Would recommend"})
    report = _drivers("binary", [("a", "csat", 80.0, 60.0, 0.5), ("b", "csat", 40.0, 40.0, -0.2)])
    chart = driver_chart(report, locale, kpis)
    layout = chart.figure["layout"]
    assert layout["xaxis"]["title"]["text"] == "Performance: CSAT of the touchpoint"
    assert "Would recommend" in layout["yaxis"]["title"]["text"]
    assert "NPS" not in json.dumps(chart.figure)
    assert chart.caption.startswith("Key drivers of the overall Would recommend")
    # quadrants split at the averages: performance (80 + 40) / 2, importance (60 + 40) / 2
    lines = {(shape["xref"], shape["x0"], shape["y0"]) for shape in layout["shapes"]}
    assert ("x", 60.0, 0) in lines and ("paper", 0, 50.0) in lines  # rounded to 2 digits
    quadrants = [a for a in layout["annotations"] if a["xref"] == "paper"]
    assert len(quadrants) == 4 and layout["showlegend"]
    assert [trace["name"] for trace in chart.figure["data"]] == [
        "goes with a higher Would recommend",
        "goes with a lower Would recommend",
    ]


def test_driver_chart_with_mixed_kpis_plots_the_position_in_each_range():
    from touchsite.kpi import Scale, kpi_definitions
    from touchsite.render.charts.priorities import driver_chart
    from touchsite.render.i18n import Locale

    kpis = kpi_definitions(Scale(1, 5, False))  # CES where lower is better
    report = _drivers(
        "nps",
        [("a", "nps", 20.0, 50.0, 0.4), ("b", "csat", 70.0, 30.0, 0.3), ("c", "ces", 2.0, 20, 0.1)],
    )
    chart = driver_chart(report, Locale("en"), kpis)
    x = chart.figure["data"][0]["x"]
    # NPS +20 on -100..100 is 60 %; CSAT 70 % is 70; CES 2 on 1..5, lower better: 1 - 1/4 = 75
    assert x == [60.0, 70.0, 75.0]
    assert "position" in chart.figure["layout"]["xaxis"]["title"]["text"]


def test_a_key_driver_is_named_in_full_and_within_the_chart():
    """A point's name was cut to 26 characters ("Liefertermin-Abstimmung pe…") and centred
    on its point, so on a phone the name of a point near the left edge ran past it. Now the
    name is whole, in lines; it stands to the right of a point in the left third, to the left
    of one in the right third; on a phone each point carries its number in the table."""
    import dataclasses

    from touchsite.kpi import kpi_definitions
    from touchsite.render.charts.priorities import driver_chart
    from touchsite.render.i18n import Locale

    report = _drivers(
        "nps",
        [
            ("liefertermin-abstimmung", "nps", -28.6, 25.3, 0.5),
            ("einrichtungsberatung", "nps", 57.2, 27.7, 0.5),
            ("bestellabschluss", "nps", 18.4, 6.3, 0.3),
        ],
    )
    long_title = "Liefertermin-Abstimmung per Telefon"
    named = (dataclasses.replace(report.drivers[0], title=long_title), *report.drivers[1:])
    report = dataclasses.replace(report, drivers=named)
    chart = driver_chart(report, Locale("de"), kpi_definitions(None))
    labels = [a for a in chart.figure["layout"]["annotations"] if a["xref"] == "x"]
    assert [a["text"].replace("<br>", " ").replace("- ", "-") for a in labels] == [
        long_title,
        "Einrichtungsberatung",
        "Bestellabschluss",
    ]
    assert "…" not in json.dumps(chart.figure, ensure_ascii=False)
    assert [a["xanchor"] for a in labels] == ["left", "right", "center"]
    narrow = [a for a in chart.figure["narrow"]["annotations"] if a["xref"] == "x"]
    assert [a["text"] for a in narrow] == ["1", "2", "3"]
    assert [row[:2] for row in chart.table.rows] == [
        ["1", long_title],
        ["2", "Einrichtungsberatung"],
        ["3", "Bestellabschluss"],
    ]


def test_a_yes_no_distribution_names_its_answers():
    from touchsite.kpi import BinaryQuestion, kpi_definitions
    from touchsite.render.charts.kpis import distribution_chart
    from touchsite.render.i18n import Locale

    kpi = kpi_definitions(None, BinaryQuestion("Solved"))["binary"]
    chart = distribution_chart("tp", kpi, {0: 10, 1: 30}, Locale("de", {"binary": "Gelöst"}))
    assert chart.figure["data"][0]["x"] == ["nein", "ja"]
    assert chart.figure["data"][0]["y"] == [10, 30]
    assert chart.caption.startswith("Gelöst")
    assert chart.table.rows[1] == ["ja", "30", "75\u00a0%"]


def test_each_value_is_rounded_and_none_stays_none():
    from touchsite.render.charts.figure import rounded_each

    # 1.005 is held as 1.00499...
    assert rounded_each([1.005, None, -2.3456, 7], 2) == [1.0, None, -2.35, 7]
    assert rounded_each([0.25, 12.34], 1) == [0.2, 12.3]
    assert rounded_each([]) == []


def test_a_chart_id_is_its_page_and_name_in_lowercase_letters_digits_and_dashes():
    from touchsite.render.charts.figure import chart_id

    assert chart_id("touchpoint-Café_1", "trend-nps") == "chart-touchpoint-caf-1-trend-nps"
    assert chart_id("--Kpis", "comparison--CES!") == "chart-kpis-comparison-ces"


def test_charts_sharing_a_layout_write_the_figure_json_encodes():
    from touchsite.models import KpiEstimate
    from touchsite.render.charts.figure import FIGURE_JSON, Chart
    from touchsite.render.charts.kpis import trend_chart
    from touchsite.render.i18n import Locale

    def trend(target):
        return [
            (period, KpiEstimate("nps", 40, value, value - 9, value + 9, target=target))
            for period, value in (("2026-01", 12.0), ("2026-02", -3.5))
        ]

    locale = Locale("en", {"nps": "NPS <&>"})  # a label the page's script must not end on
    # a target of 30 and one of 30.0: the same key in a cache, written differently
    charts = [
        trend_chart(page, "nps", trend(target), locale)
        for page in "ab"
        for target in (30, 30.0, None)
    ]
    for chart in charts:
        plain = Chart(chart.id, chart.caption, json.loads(json.dumps(chart.figure)))
        assert chart.figure_json == plain.figure_json
        assert json.loads(chart.figure_json) == json.loads(FIGURE_JSON.encode(chart.figure))
        assert "<" not in chart.figure_json and "&" not in chart.figure_json
    y0 = [chart.figure_json.partition('"y0":')[2][:4] for chart in charts[:2]]
    assert y0 == ['30,"', "30.0"]


def test_a_mean_is_drawn_where_it_is_not_where_its_rounded_text_is():
    """A CES trend's points and its bars were placed at the figure rounded to one decimal: on
    an axis zoomed to 4.95-5.25 a mean of 5.04 sat on the target line of 5.0, and the error bar
    of a bar drawn at 5.0 ended 0.04 short of the interval the table gives. Now the markers and
    bars sit at the figure; the hover reads it, its interval and its n, as the page writes them."""
    from types import SimpleNamespace

    from touchsite.render.charts.kpis import comparison_chart, trend_chart
    from touchsite.render.i18n import Locale

    locale = Locale("en")
    first = KpiEstimate("ces", 300, 5.04, 4.95, 5.13, target=5.0, respondents=300)
    second = KpiEstimate("ces", 1300, 5.176, 5.1, 5.252, target=5.0, respondents=1300)
    trend = trend_chart("kpis", "ces", [("2026-Q1", first), ("2026-Q2", second)], locale)
    band, line = trend.figure["data"][:2]
    assert line["y"] == [5.04, 5.18]
    assert band["y"] == [5.13, 5.25, 5.1, 4.95]
    # 5.04 against a target of 5.0 takes its decimal; n with the language's separators
    # 5.04 against a target of 5.0 takes its decimal, as its interval; 5.176 (5.1 to 5.252) none
    assert line["hovertext"] == [
        "5.04 (95% CI 4.95 to 5.13; n = 300)",
        "5.2 (95% CI 5.1 to 5.3; n = 1,300)",
    ]
    assert "%{hovertext}" in line["hovertemplate"] and "%{y}" not in line["hovertemplate"]

    reports = [
        SimpleNamespace(kpis={"ces": e}, touchpoint=SimpleNamespace(id=name, title=name))
        for name, e in (("hotline", first), ("shop", second))
    ]
    (bars,) = comparison_chart("ces", reports, locale).figure["data"]
    assert bars["x"] == [5.04, 5.18]
    ends = [
        (round(x - minus, 2), round(x + plus, 2))
        for x, minus, plus in zip(
            bars["x"], bars["error_x"]["arrayminus"], bars["error_x"]["array"], strict=True
        )
    ]
    assert ends == [(4.95, 5.13), (5.1, 5.25)]
    assert bars["hovertext"] == line["hovertext"]
    assert "%{hovertext}" in bars["hovertemplate"] and "%{x}" not in bars["hovertemplate"]


def test_two_changes_flagged_at_one_period_are_both_in_the_chart_table():
    """A period that both a step and the trend line flag (the checkout's Q4 26: +26 on Q3 and
    +45 over the year) listed only the last of them in the chart's table and hover; the step
    went missing. Now the period lists both."""
    from touchsite.analyze.basis import Difference
    from touchsite.analyze.trends import Change
    from touchsite.render.charts.kpis import trend_chart
    from touchsite.render.i18n import Locale

    locale = Locale("en")
    series = [
        ("2025-Q4", KpiEstimate("nps", 281, 0.0, -10, 10)),
        ("2026-Q3", KpiEstimate("nps", 298, 25.8, 17, 34)),
        ("2026-Q4", KpiEstimate("nps", 126, 52.4, 39, 63)),
    ]
    step = Change(
        "shop", "nps", "2026-Q3", "2026-Q4", Difference("nps", 26.5, 11, 40, 0.001, 298, 126), True
    )
    line = Change(
        "shop",
        "nps",
        "2025-Q4",
        "2026-Q4",
        Difference("nps", 45.0, 32, 57, 0.0001, 1367, 1367),
        True,
        kind="trend",
    )
    chart = trend_chart("touchpoint-shop", "nps", series, locale, changes=[step, line])
    last = chart.table.rows[-1]
    assert "Q3 26 → Q4 26: +27 (significant)" in last[-1]
    assert "Q4 25 → Q4 26: +45 (significant)" in last[-1]
    marks = chart.figure["data"][2]
    assert all("+27" in text and "+45" in text for text in marks["text"])


def test_the_emotion_curve_hover_writes_its_figures_as_the_page_does():
    """The measured experience's hover wrote n raw ("n=59750") and the figure in plotly's
    own form; the table beside it writes "−0,57" and "59.750". Now the hover does too, with
    the interval the chart draws as the point's bar (it had none)."""
    from touchsite.render.charts.emotion import _emotion_chart
    from touchsite.render.i18n import Locale

    points = [("Inspiration", 0.4, KpiEstimate("emotion", 59750, -0.571, -0.61, -0.54))]
    chart = _emotion_chart(points, Locale("de"), "chart-x", "caption", "Phase")
    measured = chart.figure["data"][1]
    assert measured["hovertext"] == ["−0,57 (95-%-KI −0,61 bis −0,54; n = 59.750)"]
    assert measured["hovertemplate"] == "%{x}: %{hovertext}<extra></extra>"
    assert chart.table.rows[0][2] == "−0,57" and chart.table.rows[0][4] == "59.750"


def test_a_trend_marks_the_periods_too_few_answered_to_trust():
    """A touchpoint answered 16 to 24 times a quarter drew its trend like any other, a jump
    from +25 to +59 on 17 answers among them; the site's rule that under 30 answers are a small
    sample, shown but not coloured, did not reach the chart. Now such a period's point is grey,
    and its hover and table row say "small sample"."""
    from touchsite.render.charts.figure import ACCENT, NEUTRAL
    from touchsite.render.charts.kpis import trend_chart
    from touchsite.render.i18n import Locale

    series = [
        ("2026-Q2", KpiEstimate("nps", 240, 25.0, 13, 36, respondents=240)),
        ("2026-Q3", KpiEstimate("nps", 17, 58.8, 21, 79, low_n=True, respondents=17)),
    ]
    chart = trend_chart("touchpoint-x", "nps", series, Locale("en"))
    line = chart.figure["data"][1]
    assert line["marker"]["color"] == [ACCENT, NEUTRAL]
    assert line["hovertext"] == [
        "+25 (95% CI +13 to +36; n = 240)",
        "+59 (95% CI +21 to +79; n = 17) · small sample",
    ]
    assert [row[3] for row in chart.table.rows] == ["240", "17 · small sample"]


def test_an_emotion_interval_ending_at_zero_draws_both_halves_of_its_bar():
    """The emotion curve's error bar took `high or value`: an interval ending at exactly 0.0
    (a phase measured at -0.4, from -0.8 to 0.0) read its end as the figure and drew no upper
    half. Now a 0.0 is an end, as the comparison bars already had it, through the same code."""
    from touchsite.render.charts.emotion import _emotion_chart
    from touchsite.render.i18n import Locale

    points = [
        ("Kauf", 0.0, KpiEstimate("emotion", 120, -0.4, -0.8, 0.0)),
        ("Service", 1.0, KpiEstimate("emotion", 90, 0.5, 0.0, 1.0)),
        ("Nachkauf", 1.0, KpiEstimate("emotion", 0, None, None, None)),
    ]
    chart = _emotion_chart(points, Locale("de"), "chart-x", "caption", "Phase")
    measured = chart.figure["data"][1]
    assert measured["y"] == [-0.4, 0.5, None]
    assert measured["error_y"]["array"] == [0.4, 0.5, None]
    assert measured["error_y"]["arrayminus"] == [0.4, 0.5, None]


def test_a_trend_with_a_small_sample_keys_its_grey_point_and_no_other_trend_does():
    """The grey point of a period under 30 answers was explained only by its hover and the
    table; the chart itself had no key. Now a chart that draws one says under its caption what
    it means, in the page's language, and a chart without one says nothing."""
    from touchsite.render.charts.kpis import trend_chart
    from touchsite.render.i18n import Locale

    confident = ("2026-Q2", KpiEstimate("nps", 240, 25.0, 13, 36))
    small = ("2026-Q3", KpiEstimate("nps", 17, 58.8, 21, 79, low_n=True))
    withheld = ("2026-Q4", KpiEstimate("nps", 4, None, None, None, low_n=True))

    english = trend_chart("touchpoint-x", "nps", [confident, small], Locale("en"))
    assert english.note == "Grey point: fewer than 30 answers in the period (small sample)."
    german = trend_chart("touchpoint-x", "nps", [confident, small], Locale("de"), confident_from=50)
    assert german.note == "Grauer Punkt: weniger als 50 Antworten im Zeitraum (kleine Stichprobe)."
    # a period without a figure draws no point, grey or not
    for series in ([confident, confident], [confident, withheld]):
        assert trend_chart("touchpoint-x", "nps", series, Locale("en")).note == ""


def test_a_chart_names_the_dashed_target_line_it_draws():
    """The overview's relationship chart, each touchpoint's trend and a business figure's chart
    draw their target as a dashed line, and no caption said what the line was. Now the caption
    names it with the target as the page writes it; a chart without a target names none."""
    from touchsite.models import Metric, MetricSeries
    from touchsite.render.charts.business import business_chart
    from touchsite.render.charts.kpis import trend_chart
    from touchsite.render.i18n import Locale

    quarters = [
        ("2026-Q2", KpiEstimate("nps", 240, 25.0, 13, 36, target=20.0)),
        ("2026-Q3", KpiEstimate("nps", 210, 18.0, 6, 30, target=20.0)),
    ]
    german = trend_chart("index", "nps", quarters, Locale("de"), "Gesamtfrage (Beziehung)")
    assert german.caption == (
        "NPS Gesamtfrage (Beziehung) je Zeitraum, mit 95-%-Konfidenzintervall; "
        "gestrichelte Linie: Ziel +20"
    )
    [line] = german.figure["layout"]["shapes"]
    assert (line["y0"], line["y1"], line["line"]["dash"]) == (20.0, 20.0, "dash")
    csat = [("2026-Q2", KpiEstimate("csat", 240, 71.0, 65, 76, target=75.0))]
    english = trend_chart("touchpoint-x", "csat", csat, Locale("en"))
    assert english.caption.endswith("; dashed line: target 75%")
    untargeted = [(p, KpiEstimate("nps", e.n, e.value, e.low, e.high)) for p, e in quarters]
    caption = trend_chart("touchpoint-x", "nps", untargeted, Locale("en")).caption
    assert "dashed" not in caption and not caption.endswith(";")

    rate = Metric("conversion", "Conversion rate", "%", target=3.0)
    chart = business_chart("touchpoint-x", MetricSeries(rate, (("2026-03", 3.5),)), Locale("de"))
    assert (
        chart.caption == "Conversion rate: gemessen je Monat; gestrichelte Linie: Ziel 3,00\u00a0%"
    )


@pytest.mark.parametrize(
    "language, said",
    [
        ("en", "+19 (95% CI +15 to +23; n = 1,960 · from 822 respondents)"),
        ("de", "+19 (95-%-KI +15 bis +23; n = 1.960 · von 822 Befragten)"),
    ],
)
def test_a_trend_hover_writes_a_figure_as_the_verdict_does(language, said):
    """A trend's hover wrote "+19 (n = 1,960)": no interval, and for a figure pooling several
    answers of one respondent not how many respondents gave them, where the card and the
    verdict above the chart write both."""
    from touchsite.render.charts.kpis import trend_chart
    from touchsite.render.i18n import Locale

    pooled = KpiEstimate("nps", 1960, 19.0, 15.0, 23.0, respondents=822)
    chart = trend_chart("index", "nps", [("2026-Q3", pooled)], Locale(language))
    assert chart.figure["data"][1]["hovertext"] == [said]


def test_a_comparison_chart_without_its_table_draws_the_same_bars():
    """On a large map the KPI page dropped each comparison chart's table after formatting
    its rows (3,000 at 1,000 touchpoints, three KPIs). Asked without it, the chart draws the
    same bars, with the same hover texts, and has no table."""
    from types import SimpleNamespace

    from touchsite.render.charts.kpis import comparison_chart
    from touchsite.render.i18n import Locale

    locale = Locale("de")
    estimates = {
        "hotline": KpiEstimate("nps", 120, -12.5, -25.0, 0.5, target=10.0, respondents=120),
        "shop": KpiEstimate("nps", 2400, 31.0, 27.2, 34.9, target=10.0, respondents=2400),
        "app": KpiEstimate("nps", 0, None, None, None, target=10.0),
    }
    reports = [
        SimpleNamespace(kpis={"nps": e}, touchpoint=SimpleNamespace(id=name, title=name.title()))
        for name, e in estimates.items()
    ]
    with_table = comparison_chart("nps", reports, locale)
    without = comparison_chart("nps", reports, locale, table=False)
    assert without.table is None
    assert [row[0] for row in with_table.table.rows] == ["Hotline", "Shop"]
    assert without.figure_json == with_table.figure_json
    assert (without.id, without.caption) == (with_table.id, with_table.caption)


def test_a_trend_writes_each_period_once_alike_in_its_table_and_hover():
    """The table and the hover of a trend write each period's figure and interval from one
    text (worked out once a period): a period without a figure, one with a figure but no
    interval and one with both, each as the card writes it."""
    from touchsite.render.charts.kpis import trend_chart
    from touchsite.render.i18n import Locale

    series = [
        ("2026-Q1", KpiEstimate("nps", 3, None, None, None, respondents=3)),
        ("2026-Q2", KpiEstimate("nps", 12, 40.0, None, None, respondents=12)),
        ("2026-Q3", KpiEstimate("nps", 240, 25.4, 12.6, 36.2, respondents=240)),
    ]
    chart = trend_chart("touchpoint-x", "nps", series, Locale("en"))
    assert chart.figure["data"][1]["hovertext"] == [
        "+40 (n = 12)",
        "+25 (95% CI +13 to +36; n = 240)",
    ]
    assert [row[:4] for row in chart.table.rows] == [
        ["Q1 26", "–", "–", "3"],
        ["Q2 26", "+40", "–", "12"],
        ["Q3 26", "+25", "+13 to +36", "240"],
    ]
