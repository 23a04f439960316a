"""touchsite.yml: the scales, rules and business settings a user can get wrong."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from touchsite.__main__ import cli
from touchsite.errors import UserError
from touchsite.load.sources import strptime_format
from touchsite.pipeline import check


def _problems(project: Path) -> list[str]:
    with pytest.raises(UserError) as caught:
        check(project)
    return [str(problem) for problem in caught.value.problems]


def _edit(project: Path, old: str, new: str) -> None:
    path = project / "touchsite.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_ces_answers_need_a_stated_scale(mini: Path):
    _edit(mini, "  ces_scale: {min: 1, max: 7, higher_is_better: true}\n", "")
    [problem] = _problems(mini)
    assert problem.startswith("touchsite.yml:17: error: the data holds CES answers")  # kpis:
    assert "ces_scale" in problem


def test_a_lower_is_better_ces_turns_targets_around(mini: Path):
    # hotline CES answers are 2 and 6, mean 4; with 1-7 "lower is better", 4 beats a target of 5
    _edit(mini, "higher_is_better: true", "higher_is_better: false")
    hotline = check(mini).touchpoint("hotline").kpis["ces"]
    assert (hotline.value, hotline.target, hotline.status) == (4.0, 5, "meets")
    assert hotline.gap == pytest.approx(-1.0)


@pytest.mark.parametrize("scale", ["{min: -3, max: 3,", "{min: 1, max: 200,"])
def test_a_ces_scale_below_0_or_above_100_is_a_message(mini: Path, scale: str):
    # -1 marks an unanswered question, and answers are kept in one byte: a -3..3 scale would
    # lose its negative answers, one up to 200 would wrap around
    _edit(mini, "{min: 1, max: 7,", scale)
    problems = _problems(mini)
    low, high = scale[6:-1].split(", max: ")
    assert any(
        f"kpis.ces_scale: answers from 0 to 100 are read, not {low} to {high}" in p
        and "a scale of -3 to 3 as 1 to 7" in p
        for p in problems
    ), problems


def test_ces_answers_outside_the_stated_scale_are_reported(mini: Path):
    _edit(mini, "{min: 1, max: 7,", "{min: 1, max: 5,")
    findings = check(mini).feedback.quality
    assert [(f.message, [v.value for v in f.values]) for f in findings] == [
        ("ces score outside 1..5", ["6"])
    ]


def test_analysis_settings_are_checked(mini: Path):
    _edit(mini, "data:\n", "analysis:\n  period: week\n  min_n_shown: 40\ndata:\n")
    problems = _problems(mini)
    assert any("'period' must be one of month, quarter, not 'week'" in p for p in problems)
    assert any("min_n_confident is below min_n_shown" in p for p in problems)


def test_quarters_group_the_months(mini: Path):
    _edit(mini, "data:\n", "analysis:\n  period: quarter\ndata:\n")
    report = check(mini)
    assert report.periods == ("2026-Q1",)
    assert report.touchpoint("hotline").trend["nps"][0][1].n == 40


def test_business_metrics_must_be_declared(mini: Path):
    (mini / "data" / "business.csv").write_text(
        "touchpoint,period,metric,value\nhotline,2026-01,cost_per_contact,7.5\n"
    )
    _edit(
        mini,
        "data:\n",
        "business:\n  path: data/business.csv\n  metrics:\n"
        "    cost: {title: Cost, colour: red}\ndata:\n",
    )
    problems = _problems(mini)
    assert any("unknown key 'colour' in metric 'cost'" in p for p in problems)
    assert any("business.csv:2:3: error: unknown metric 'cost_per_contact'" in p for p in problems)


def test_a_list_or_mapping_where_text_belongs_is_named_as_such(mini):
    config = mini / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    entry = "  - path: data/feedback.csv\n"
    text = text.replace(entry, entry + "    respondent: [1]\n")
    config.write_text(text.replace("title: Mini journey", "title: {a: 1}"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(mini)])
    assert "'title' must be text, not a mapping" in result.output
    assert "'respondent' must be text, not a list" in result.output
    assert "Yaml" not in result.output


def test_a_day_among_date_columns_is_named_with_its_line(mini: Path):
    """date: lists columns, the first filled one dating a row; a day dates every answer
    alone, and among columns it is a mistake, not a column of that name."""
    _edit(
        mini,
        "  - path: data/feedback.csv\n",
        "  - path: data/feedback.csv\n    date: [date, 2026-05-01]\n",
    )
    [problem] = _problems(mini)
    assert problem == (
        "touchsite.yml:26: error: data[1]: date lists columns, the first filled one dating a "
        "row; '2026-05-01' is a day\n    hint: a day that dates every answer is given alone "
        '(date: 2024-05-01); else list the columns, e.g. date: ["Submit Date (UTC)", '
        '"Start Date (UTC)"]'
    )


@pytest.mark.parametrize(
    ("written", "meant", "read"),
    [
        ("DD.MM.YYYY", "%d.%m.%Y", "31.12.2026"),
        ("TT.MM.JJJJ hh:mm", "%d.%m.%Y %H:%M", "31.12.2026 14:05"),
        ("d.m.yy", "%d.%m.%y", "31.12.26"),
        ("MM/DD/YYYY hh:mm:ss", "%m/%d/%Y %H:%M:%S", "12/31/2026 14:05:09"),
        ("M/D/YYYY h:mm AM/PM", "%m/%d/%Y %I:%M %p", "12/31/2026 2:05 PM"),
        ("yyyy-mm-dd", "%Y-%m-%d", "2026-12-31"),
        ("iso", "", ""),
        ("Datum", "", ""),
    ],
)
def test_a_date_format_written_as_excel_writes_it_is_given_in_python_s_codes(
    written: str, meant: str, read: str
):
    """The hint for a date_format without a % field names the format meant, where the
    letters are Excel's (English or German): it reads the date so written."""
    assert strptime_format(written) == meant
    if meant:
        assert dt.datetime.strptime(read, meant).date() == dt.date(2026, 12, 31)


def test_theme_synonyms_are_read_and_every_bad_entry_is_named_with_its_line(mini: Path):
    """A synonym that can never be a theme's word, one listed under two words, a name
    without words: each a message with its line, all at once."""
    good = "themes:\n  synonyms:\n    staff: [employees, Personnel]\n    delivery: shipping\n"
    _edit(mini, "data:\n", good + "data:\n")
    assert check(mini).project.config.synonyms == (
        ("employees", "staff"),
        ("Personnel", "staff"),
        ("shipping", "delivery"),
    )
    _edit(
        mini, "    delivery: shipping\n", "    delivery: [shipping, the, employee]\n    refund:\n"
    )
    lines = (mini / "touchsite.yml").read_text(encoding="utf-8").splitlines()
    delivery = lines.index("    delivery: [shipping, the, employee]") + 1
    problems = _problems(mini)
    assert len(problems) == 3, problems
    at = f"touchsite.yml:{delivery}: error: themes.synonyms: "
    (the,) = [p for p in problems if p.startswith(at + "'the'")]
    assert "never a theme's word" in the
    # "employee" is "employees" to the themes, listed under "staff"
    (employee,) = [p for p in problems if p.startswith(at + "'employee'")]
    assert "under 'staff' and 'delivery'" in employee
    (refund,) = [p for p in problems if p.startswith(f"touchsite.yml:{delivery + 1}: error: ")]
    assert "'refund' needs a list of words" in refund


def test_a_theme_synonym_of_its_names_own_word_is_named_with_its_line(mini: Path):
    """ "Lieferung: [Lieferungen]" changes nothing (every form of a word is counted as its
    word already), and was taken silently: a consultant thought it did something. Now it is
    a problem with its line and what to write instead, as other bad entries are; a word of
    its own under the same name is still read."""
    entry = "    delivery: [deliveries, shipping, Shipping]\n"
    _edit(mini, "data:\n", "themes:\n  synonyms:\n" + entry + "    staff: [staff]\ndata:\n")
    lines = (mini / "touchsite.yml").read_text(encoding="utf-8").splitlines()
    delivery = lines.index(entry.rstrip("\n")) + 1
    problems = _problems(mini)
    assert len(problems) == 3, problems
    at = f"touchsite.yml:{delivery}: error: themes.synonyms: "
    (deliveries,) = [p for p in problems if p.startswith(at + "'deliveries'")]
    assert "one word with 'delivery'" in deliveries and "changes nothing" in deliveries
    (shipping,) = [p for p in problems if p.startswith(at + "'Shipping'")]
    assert "one word with 'shipping'" in shipping
    (staff,) = [p for p in problems if p.startswith(f"touchsite.yml:{delivery + 1}: ")]
    assert "'staff' is one word with 'staff'" in staff
    _edit(mini, entry, "    delivery: [shipping]\n")
    _edit(mini, "    staff: [staff]\n", "")
    assert check(mini).project.config.synonyms == (("shipping", "delivery"),)
