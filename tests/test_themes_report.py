"""The themes report's reading of a comment's score: critical, neutral or positive."""

from __future__ import annotations

import datetime as dt

from tests.conftest import make_config
from touchsite.analyze.themes_report import Sides, _sides, polarity
from touchsite.models import Comment, Scale

AGREE = Scale(1, 7)  # "made it easy", 7 = fully agree
EFFORT = Scale(1, 5, higher_is_better=False)  # "how much effort", 5 = very much


def _of(kpi: str | None, score: float | None, ces: Scale = AGREE) -> str:
    comment = Comment("tp", dt.date(2026, 1, 1), "", score, kpi, "text")
    return polarity(comment, make_config(ces_scale=ces))


def test_each_kpi_keeps_its_own_groups():
    # NPS: detractors 0-6, passives 7-8, promoters 9-10
    assert [_of("nps", s) for s in (0, 6, 7, 8, 9, 10)] == [
        "negative",
        "negative",
        "neutral",
        "neutral",
        "positive",
        "positive",
    ]
    # CSAT: 1-2 dissatisfied, 3 neutral, 4-5 the top two boxes
    assert [_of("csat", s) for s in (1, 2, 3, 4, 5)] == [
        "negative",
        "negative",
        "neutral",
        "positive",
        "positive",
    ]
    # CES in thirds of its scale, turned so that higher is better
    assert [_of("ces", s) for s in (2, 3, 4, 5, 6)] == [
        "negative",
        "neutral",
        "neutral",
        "neutral",
        "positive",
    ]
    assert [_of("ces", s, EFFORT) for s in (1, 3, 5)] == ["positive", "neutral", "negative"]
    assert _of(None, None) == "neutral"


def test_the_sides_of_many_comments_are_each_ones_polarity():
    """Scores on their scale are looked up, the rest (off the scale, no score, no KPI)
    read one by one: both give what `polarity` says."""
    config = make_config(ces_scale=EFFORT)
    answers = [("nps", 10), ("nps", 3), ("csat", 3), ("ces", 5), ("ces", 4.5), (None, None)]
    answers += [("nps", None), ("csat", 4), ("nps", 11)]
    comments = [Comment("tp", dt.date(2026, 1, 1), "", s, k, "text") for k, s in answers]
    expected = [polarity(c, config) for c in comments]
    assert _sides(comments, Sides(config)) == expected
    assert _sides(comments[:3], Sides(config)) == expected[:3]  # all on their scale
    assert "negative" in expected and "positive" in expected
