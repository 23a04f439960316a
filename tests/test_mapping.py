"""Mapping answers to numbers: labels, leading numbers, "not used" answers and scales."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchsite.errors import Problems
from touchsite.load.config import load_config
from touchsite.load.mapping import normal
from touchsite.load.mapping.scores import ScoreRule
from touchsite.pipeline import check


@pytest.mark.parametrize(
    "answer, number",
    [
        ("10 - Äußerst wahrscheinlich", "10"),
        ("2 – eher nicht", "2"),
        ("5 = sehr zufrieden", "5"),
        ("1 (gar nicht)", "1"),
        ("7 Stimme voll zu", "7"),
        ("4,0", "4"),
        ("4.5", "4.5"),  # a number, and the checks will say it is not a whole one
        ("  SEHR   zufrieden ", "5"),  # labels match whatever their case and spacing
        ("Weiß nicht", ""),
        ("0", ""),  # a 0-5 question: 0 means "not used"
        ("3-4", "3-4"),  # no number: left for the checks to report
        ("12.03.2026", "12.03.2026"),
        ("", ""),
    ],
)
def test_answers_read_as_numbers(answer: str, number: str):
    labels, not_used = {normal("Sehr zufrieden"): "5"}, {normal("Weiß nicht")}
    rule = ScoreRule(0, labels, not_used, low=1, not_used_below=0)
    assert rule.read(answer) == number


def _config(mini: Path, entry: str):
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("  - path: data/feedback.csv\n", entry), encoding="utf-8")
    problems = Problems(mini)
    return load_config(mini, problems), [str(p) for p in problems]


def test_a_zero_to_five_question_counts_zero_as_not_used(mini: Path):
    (mini / "data" / "wide.csv").write_text(
        "id,date,Hotline (0 = nicht genutzt),Suche\n"
        "a,2026-03-01,0,4\nb,2026-03-02,5,Sehr gut\nc,2026-03-03,3,Keine Angabe\n",
        encoding="utf-8",
    )
    config, problems = _config(
        mini,
        "  - path: data/wide.csv\n    respondent: id\n    date: date\n    touchpoints:\n"
        "      hotline: {csat: {column: 'Hotline (0 = nicht genutzt)', scale: 0-5}}\n"
        "      search:\n        csat: {column: Suche, labels: {Sehr gut: 5},"
        " not_used: [Keine Angabe]}\n",
    )
    assert problems == []
    [source] = config.data
    assert source.touchpoints[0].scores[0][1].scale == (0, 5)
    report = check(mini)
    assert report.touchpoint("hotline").kpis["csat"].n == 2
    assert report.touchpoint("search").kpis["csat"].n == 2
    assert report.feedback.quality == ()


def test_mapping_mistakes_are_reported_at_their_line(mini: Path):
    _, problems = _config(
        mini,
        "  - path: data/feedback.csv\n    separator: ';;'\n    encoding: klingon\n"
        "    format: spss\n    labels: {gut: viel}\n    touchpoints:\n"
        "      hotline: {csat: {column: x, scale: 1-7}, colour: red}\n      search: Q1\n",
    )
    assert any(
        "touchsite.yml:26: error: data[1]: separator must be one character" in p for p in problems
    )
    assert any(
        "touchsite.yml:27: error: data[1]: unknown encoding 'klingon'" in p for p in problems
    )
    assert any("'format' must be one of long, wide, qualtrics" in p for p in problems)
    assert any("label 'gut' must map to a number, not 'viel'" in p for p in problems)
    assert any("unknown key 'colour' in data[1].touchpoints.hotline" in p for p in problems)
    assert any("data[1].touchpoints.search must name its columns by KPI" in p for p in problems)


def test_a_scale_that_would_need_rescaling_is_refused(mini: Path):
    (mini / "data" / "wide.csv").write_text("id,date,q\na,2026-03-01,6\n", encoding="utf-8")
    _config(
        mini,
        "  - path: data/wide.csv\n    respondent: id\n    date: date\n"
        "    touchpoints:\n      hotline: {csat: {column: q, scale: 1-7}}\n",
    )
    with pytest.raises(Exception) as caught:
        check(mini)
    assert "data/wide.csv: csat is asked 1-5, not 1-7" in str(caught.value)


def test_unknown_touchpoints_in_a_mapping_are_errors(mini: Path):
    (mini / "data" / "wide.csv").write_text("id,date,q\na,2026-03-01,4\n", encoding="utf-8")
    _config(
        mini,
        "  - path: data/wide.csv\n    respondent: id\n    date: date\n"
        "    touchpoints:\n      hotlne: {csat: q}\n",
    )
    with pytest.raises(Exception) as caught:
        check(mini)
    assert "touchsite.yml:29: error: data/wide.csv: unknown touchpoint 'hotlne'" in str(
        caught.value
    )
    assert "did you mean 'hotline'?" in str(caught.value)
