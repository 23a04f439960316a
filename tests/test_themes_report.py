"""The themes report's reading of a comment's score: critical, neutral or positive."""

from __future__ import annotations

import datetime as dt

from tests.conftest import make_config
from touchsite.analyze.themes_report import polarity
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
