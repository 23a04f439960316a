"""Business figures per touchpoint and month: series, targets, and errors with file, line and
column."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchsite.errors import Problems
from touchsite.load.business import load_business
from touchsite.load.config import load_config
from touchsite.models import Config

TOUCHPOINTS = {"search", "hotline", "quiet"}
BUSINESS_YML = """\
business:
  path: data/business.csv
  metrics:
    conversion: {title: Conversion rate, unit: "%", target: 3}
    cost: {title: Cost per contact, unit: "€", target: 5, higher_is_better: false}
    clv: {title: Customer lifetime value, unit: "€"}
"""


def setup(project: Path, csv_text: str | None) -> tuple[Config, Problems]:
    config_path = project / "touchsite.yml"
    config_path.write_text(config_path.read_text(encoding="utf-8") + BUSINESS_YML, encoding="utf-8")
    if csv_text is not None:
        (project / "data" / "business.csv").write_text(csv_text, encoding="utf-8")
    problems = Problems(project)
    config = load_config(project, problems)
    assert list(problems) == []
    return config, problems


def load(project: Path, csv_text: str | None):
    config, problems = setup(project, csv_text)
    result = load_business(project, config, TOUCHPOINTS, problems)
    return result, [str(problem) for problem in problems]


def test_series_sorted_by_period_with_latest_and_status(mini: Path):
    result, problems = load(
        mini,
        "touchpoint,period,metric,value\n"
        "search,2026-03,conversion,3.5\n"
        "search,2026-01,conversion,2.5\n"
        'search,2026-02,conversion,"2,9"\n'  # a decimal comma
        "hotline,2026-02,cost,4.0\n"
        "hotline,2026-01,cost,6.5\n"
        "search,2025-12,cost,5.5\n"
        "\n"
        "search,2026-01,clv,1200\n",
    )
    assert problems == []
    assert sorted(result) == ["hotline", "search"]  # quiet has no figures
    clv, conversion, cost = sorted(result["search"], key=lambda s: s.metric.id)
    assert conversion.points == (("2026-01", 2.5), ("2026-02", 2.9), ("2026-03", 3.5))
    assert conversion.latest == ("2026-03", 3.5)
    assert (conversion.metric.title, conversion.metric.unit) == ("Conversion rate", "%")
    assert conversion.status == "meets"  # 3.5 >= 3
    assert cost.status == "misses"  # 5.5 > 5, lower is better
    assert clv.status == "no-target"
    (hotline_cost,) = result["hotline"]
    assert hotline_cost.points == (("2026-01", 6.5), ("2026-02", 4.0))
    assert hotline_cost.latest == ("2026-02", 4.0)
    assert hotline_cost.status == "meets"  # the latest month counts: 4 <= 5


@pytest.mark.parametrize(
    ("conversion", "cost", "expected"),
    [
        ("3", "5", ("meets", "meets")),  # exactly on target meets in both directions
        ("2.99", "5.01", ("misses", "misses")),
        ("10", "0", ("meets", "meets")),
        ("-1", "-1", ("misses", "meets")),
    ],
)
def test_status_respects_direction(mini: Path, conversion, cost, expected):
    result, problems = load(
        mini,
        "touchpoint,period,metric,value\n"
        f"search,2026-01,conversion,{conversion}\n"
        f"search,2026-01,cost,{cost}\n",
    )
    assert problems == []
    by_id = {series.metric.id: series for series in result["search"]}
    assert (by_id["conversion"].status, by_id["cost"].status) == expected


def test_errors_name_file_line_and_column(mini: Path):
    result, problems = load(
        mini,
        "touchpoint,period,metric,value\n"  # line 1
        "search,2026-01,conversion,3.1\n"  # 2: fine
        "kiosk,2026-01,conversion,3.1\n"  # 3: unknown touchpoint
        "search,2026-13,conversion,3.1\n"  # 4: no month 13
        "search,26-01,conversion,3.1\n"  # 5: not YYYY-MM
        "search,2026-02,nps,40\n"  # 6: undeclared metric
        "search,2026-03,conversion,abc\n"  # 7: not a number
        "search,2026-04,conversion\n",  # 8: three fields
    )
    assert problems == [
        "data/business.csv:3:1: error: unknown touchpoint id 'kiosk'\n"
        "    hint: use the id of a file in content/touchpoints/",
        "data/business.csv:4:2: error: unreadable period '2026-13'\n    hint: write YYYY-MM",
        "data/business.csv:5:2: error: unreadable period '26-01'\n    hint: write YYYY-MM",
        "data/business.csv:6:3: error: unknown metric 'nps'\n"
        "    hint: declare it under business: metrics: in touchsite.yml",
        "data/business.csv:7:4: error: 'abc' is not a number\n"
        "    hint: write a number, e.g. 2.4; leave out the row of a month without one",
        "data/business.csv:8: error: row has 3 fields, expected 4",
    ]
    # the good row is still read
    assert [series.points for series in result["search"]] == [(("2026-01", 3.1),)]


def test_wrong_header(mini: Path):
    result, problems = load(mini, "tp,month,metric,value\nsearch,2026-01,conversion,3\n")
    assert result == {}
    assert problems == [
        "data/business.csv:1: error: the header must be touchpoint,period,metric,value\n"
        "    hint: one row per touchpoint, month and metric"
    ]


def test_header_only_gives_no_series(mini: Path):
    result, problems = load(mini, "Touchpoint, Period ,metric,VALUE\n")
    assert (result, problems) == ({}, [])


def test_missing_file_names_touchsite_yml_and_its_line(mini: Path):
    text = (mini / "touchsite.yml").read_text(encoding="utf-8")
    business_line = len(text.splitlines()) + 1  # BUSINESS_YML is appended: "business:" first
    result, problems = load(mini, None)
    assert result == {}
    assert problems == [
        f"touchsite.yml:{business_line}: error: business file 'data/business.csv' not found\n"
        "    hint: check the path; it is relative to the project folder"
    ]


def test_no_business_section_reads_nothing(mini: Path):
    problems = Problems(mini)
    config = load_config(mini, problems)
    assert load_business(mini, config, TOUCHPOINTS, problems) == {}
    assert list(problems) == []


@pytest.mark.parametrize("value", ["nan", "NaN", "inf"])
def test_nan_and_infinity_are_not_numbers(mini: Path, value):
    _, problems = load(mini, f"touchpoint,period,metric,value\nsearch,2026-01,conversion,{value}\n")
    assert problems[0].startswith(f"data/business.csv:2:4: error: '{value}' is not a number\n")


def test_a_second_value_for_the_same_month_is_reported(mini: Path):
    _, problems = load(
        mini,
        "touchpoint,period,metric,value\nsearch,2026-01,conversion,1.5\nsearch,2026-01,conversion,1.7\n",
    )
    assert problems == [
        "data/business.csv:3:2: error: a second conversion for search in 2026-01\n"
        "    hint: one value per touchpoint, month and metric"
    ]


@pytest.mark.parametrize(
    ("language", "latest", "target"),
    [("en", "3.50% (Mar 26)", "3.00% · "), ("de", "3,50\u00a0% (Mär 26)", "3,00\u00a0% · ")],
)
def test_a_percentage_figure_is_written_as_its_language_writes_percent(
    mini: Path, tmp_path: Path, language: str, latest: str, target: str
):
    """The English site wrote a conversion rate as "3.50 %", with the German space before the
    sign, beside KPIs written "77%". Now a figure in % takes the language's percent sign."""
    from touchsite.build import build

    setup(mini, "touchpoint,period,metric,value\nsearch,2026-03,conversion,3.5\n")
    config = mini / "touchsite.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("language: en", f"language: {language}"),
        encoding="utf-8",
    )
    site = tmp_path / "site"
    build(mini, site)
    page = (site / "touchpoints" / "search.html").read_text(encoding="utf-8")
    row = page[page.index('<th scope="row">Conversion rate</th>') :].split("</tr>")[0]
    assert f">{latest}</td>" in row
    assert f"<td>{target}" in row
