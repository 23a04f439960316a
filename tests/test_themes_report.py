"""The themes report's reading of a comment's score: critical, neutral or positive."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import make_config
from touchsite.analyze.themes_report import Sides, _quotes_of, _sides, polarity
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


ANSWERS = st.one_of(
    st.tuples(st.sampled_from(["nps", "csat", "ces"]), st.integers(0, 11).map(float)),
    st.tuples(st.sampled_from(["nps", "csat", "ces", None]), st.none()),
)


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(ANSWERS, st.text(max_size=12)), max_size=25),
    st.sets(st.sampled_from(["negative", "neutral", "positive"])),
)
def test_the_quotes_read_are_those_of_the_wanted_sides_in_their_order(answers, wanted):
    """Only the sides with theme candidates are read: each comment of such a side once, in
    the comments' order, with its own side and text (however many of the others lie
    between)."""
    config = make_config(ces_scale=EFFORT)
    comments = [
        Comment("tp-1", dt.date(2026, 1, 1), "", score, kpi, text) for (kpi, score), text in answers
    ]
    expected = []
    for comment in comments:
        side = polarity(comment, config)
        if side in wanted:
            expected.append(("tp-1", side, comment.text))
    assert list(_quotes_of("tp-1", comments, Sides(config), wanted)) == expected
