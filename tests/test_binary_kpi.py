"""The binary KPI: a yes/no question shown as the share of yes with its Wilson interval,
declared in touchsite.yml, read from the words exports write, and named by its label."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tests.conftest import mini_with_answers
from touchsite.analyze.kpis import estimate
from touchsite.build import build
from touchsite.errors import UserError
from touchsite.kpi import BinaryQuestion, kpi_definitions
from touchsite.load.mapping.columns import normal

BINARY_ENTRY = """
  binary:
    label: Resolved at first contact
    yes_values: [Gelöst]
    no_values: ["Nicht gelöst"]
"""

# answer words a consultant may declare: letters (any script) and spaces, not a number
WORDS = st.text(st.characters(categories=["L"]), min_size=1, max_size=12).filter(
    lambda w: normal(w) != ""
)

# what a wide export writes for a yes/no question: words in two languages, 0/1, true/false
YES = ["Yes", "ja", "1", "TRUE", "Gelöst", "yes "]
NO = ["No", "Nein", "0", "false", "nicht gelöst"]


def _hand_wilson(successes: int, n: int) -> tuple[float, float]:
    """Wilson (1927): (p + z²/2n ± z √(p(1-p)/n + z²/4n²)) / (1 + z²/n), z = 1.959964."""
    z = 1.959964
    p = successes / n
    centre = p + z * z / (2 * n)
    spread = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return (centre - spread) / (1 + z * z / n), (centre + spread) / (1 + z * z / n)


def _project(mini: Path, yes: int, no: int, declare: bool = True) -> None:
    config = (mini / "touchsite.yml").read_text("utf-8")
    if declare:
        config = config.replace("kpis:\n", "kpis:\n" + BINARY_ENTRY.lstrip("\n"), 1)
    config = config.replace(
        "data:\n  - path: data/feedback.csv\n",
        "data:\n  - path: data/feedback.csv\n"
        "  - path: data/resolved.csv\n"
        "    respondent: Ticket\n"
        "    date: Closed\n"
        "    touchpoints:\n"
        '      hotline: {binary: "Was your issue resolved on the first call?"}\n',
    )
    (mini / "touchsite.yml").write_text(config, "utf-8")
    rows = ["Ticket,Closed,Was your issue resolved on the first call?"]
    answers = [YES[i % len(YES)] for i in range(yes)] + [NO[i % len(NO)] for i in range(no)]
    for number, answer in enumerate(answers):
        rows.append(f"T{number},2026-0{1 + number % 3}-15,{answer}")
    (mini / "data" / "resolved.csv").write_text("\n".join(rows) + "\n", "utf-8")


def test_a_yes_no_column_is_a_share_of_yes_with_its_wilson_interval(mini: Path):
    _project(mini, yes=41, no=19)
    result = build(mini, write=True, strict=True)
    hotline = next(r for r in result.report.touchpoints if r.touchpoint.id == "hotline")
    figure = hotline.kpis["binary"]
    low, high = _hand_wilson(41, 60)
    assert figure.n == 60
    assert figure.value == pytest.approx(100 * 41 / 60)
    assert figure.low == pytest.approx(100 * low, abs=1e-4)
    assert figure.high == pytest.approx(100 * high, abs=1e-4)
    page = (mini / "site" / "touchpoints" / "hotline.html").read_text("utf-8")
    assert "Resolved at first contact" in page
    assert "68%" in page  # 41 / 60 = 68.3 %
    kpis_page = (mini / "site" / "kpis.html").read_text("utf-8")
    assert "Resolved at first contact by touchpoint" in kpis_page


def test_undeclared_yes_no_answers_of_one_column_are_named_by_it(mini: Path):
    """A data entry maps one column as binary and touchsite.yml declares no kpis.binary, as
    `data inspect` proposes a review site's "Weiterempfehlung" (Ja/Nein). Pasted, the build
    stopped until the consultant wrote the declaration by hand. The KPI is named by its
    column now, and counts the usual yes and no words (Gelöst, not declared, is neither)."""
    _project(mini, yes=24, no=20, declare=False)
    result = build(mini, write=True, strict=False)
    figure = result.report.touchpoint("hotline").kpis["binary"]
    answers = [YES[i % len(YES)] for i in range(24)] + [NO[i % len(NO)] for i in range(20)]
    words = [answer.strip().lower() for answer in answers]
    yes = sum(word in ("yes", "ja", "1", "true") for word in words)
    no = sum(word in ("no", "nein", "0", "false") for word in words)  # "gelöst": undeclared
    assert (figure.n, figure.value) == (yes + no, pytest.approx(100 * yes / (yes + no)))
    page = (mini / "site" / "touchpoints" / "hotline.html").read_text("utf-8")
    assert "Was your issue resolved on the first call?" in page


def test_undeclared_yes_no_answers_no_column_names_are_a_problem_naming_the_key(tmp_path):
    """A long table's `binary` column names no question: the declaration is still asked for."""
    header = ["response_id", "touchpoint", "date", "binary"]
    rows = [[f"R{i}", "hotline", "2026-01-15", ["ja", "nein"][i % 2]] for i in range(6)]
    root = mini_with_answers(tmp_path / "project", header, rows)
    with pytest.raises(UserError) as raised:
        build(root, write=False)
    assert "kpis: binary:" in str(raised.value)


def test_a_project_without_the_binary_kpi_shows_no_column_for_it(mini: Path):
    build(mini)
    assert "Resolved" not in (mini / "site" / "kpis.html").read_text("utf-8")


def test_the_definition_counts_yes_as_good_and_tests_like_a_share():
    kpi = kpi_definitions(None, BinaryQuestion("Would recommend"))["binary"]
    figure = estimate(kpi, {1: 30, 0: 10})
    low, high = _hand_wilson(30, 40)
    assert (figure.value, figure.low, figure.high) == pytest.approx(
        (75.0, 100 * low, 100 * high), abs=1e-4
    )
    assert kpi.label == "Would recommend" and kpi.band(0) == "bad" and kpi.band(1) == "good"


def test_the_overall_question_asked_yes_no_is_the_headline_and_the_drivers_outcome(mini: Path):
    config = (mini / "touchsite.yml").read_text("utf-8")
    config = config.replace("kpis:\n", "kpis:\n  binary: {label: Would recommend}\n", 1)
    config = config.replace(
        "data:\n  - path: data/feedback.csv\n",
        "analysis:\n  drivers: {outcome: binary, deletion: listwise}\n"
        "data:\n  - path: data/feedback.csv\n  - path: data/overall.csv\n",
    )
    (mini / "touchsite.yml").write_text(config, "utf-8")
    rows = ["response_id,touchpoint,date,binary"]
    rows += [f"O{i},overall,2026-02-{1 + i % 28:02d},{int(i % 4 != 0)}" for i in range(40)]
    (mini / "data" / "overall.csv").write_text("\n".join(rows) + "\n", "utf-8")
    report = build(mini).report
    low, high = _hand_wilson(30, 40)
    headline = report.relationship
    assert (headline.kpi, headline.n, headline.value) == ("binary", 40, 75.0)
    assert (headline.low, headline.high) == pytest.approx((100 * low, 100 * high), abs=1e-4)
    index = (mini / "site" / "index.html").read_text("utf-8")
    assert "Overall Would recommend (relationship)" in index
    methods = (mini / "site" / "methods.html").read_text("utf-8")
    assert "(here: Would recommend)" in methods and "listwise deletion" in methods


@given(
    yes=st.lists(WORDS, min_size=1, max_size=3, unique_by=normal),
    no=st.lists(WORDS, min_size=1, max_size=3, unique_by=normal),
    case=st.sampled_from([str.upper, str.lower, str.title]),
)
def test_any_words_declared_as_yes_or_no_read_as_1_or_0(yes, no, case):
    from touchsite.load.mapping.resolve import _answer_labels
    from touchsite.load.mapping.scores import ScoreRule

    assume(not {normal(w) for w in yes} & {normal(w) for w in no})
    # a change of case that changes the letter itself ("ı".upper() is "I") is another word
    assume(all(normal(case(w)) == normal(w) for w in (*yes, *no)))
    question = BinaryQuestion("Solved", tuple(yes), tuple(no))
    kpi = kpi_definitions(None, question)["binary"]
    rule = ScoreRule(0, _answer_labels({"binary": dict(kpi.answer_labels)}, "binary"), set(), 0)
    assert all(rule.read(case(word)) == "1" for word in yes)
    assert all(rule.read(" " + case(word) + " ") == "0" for word in no)
    # the usual words still work beside them, unless declared otherwise
    if "ja" not in {normal(w) for w in no}:
        assert rule.read("JA") == "1"
