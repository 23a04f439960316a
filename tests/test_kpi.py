"""The KPI definitions: scales, answer bands, comment bands, ranges and direction."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import make_config
from touchsite.analyze.kpis import estimate
from touchsite.kpi import (
    KPIS,
    SCALE_RUN,
    SCALE_SHARE,
    USUAL_TOPS,
    Scale,
    ScaleChange,
    kpi_definitions,
    scale_change,
    scale_change_in,
)

AGREE = Scale(1, 7)  # "the company made it easy", 7 = fully agree
EFFORT = Scale(1, 5, higher_is_better=False)  # "how much effort", 1 = very little


def bands(kpi) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {"bad": [], "neutral": [], "good": []}
    for score in kpi.scores:
        found[kpi.band(score)].append(score)
    return found


def polarities(kpi) -> dict[str, list[int]]:
    found: dict[str, list[int]] = {"negative": [], "neutral": [], "positive": []}
    for score in kpi.scores:
        found[kpi.polarity(score)].append(score)
    return found


def test_nps_detractors_passives_promoters():
    nps = kpi_definitions()["nps"]
    assert list(nps.scores) == list(range(11))
    assert bands(nps) == {"bad": [0, 1, 2, 3, 4, 5, 6], "neutral": [7, 8], "good": [9, 10]}
    assert polarities(nps) == {
        "negative": [0, 1, 2, 3, 4, 5, 6],
        "neutral": [7, 8],
        "positive": [9, 10],
    }
    assert nps.value_range == (-100.0, 100.0) and nps.range_width == 200.0


def test_csat_top_two_box():
    csat = kpi_definitions()["csat"]
    assert list(csat.scores) == [1, 2, 3, 4, 5]
    assert bands(csat) == {"bad": [1, 2], "neutral": [3], "good": [4, 5]}
    assert polarities(csat) == {"negative": [1, 2], "neutral": [3], "positive": [4, 5]}
    assert csat.value_range == (0.0, 100.0)


def test_ces_follows_its_configured_scale():
    agree = kpi_definitions(AGREE)["ces"]
    assert list(agree.scores) == [1, 2, 3, 4, 5, 6, 7] and agree.higher_is_better
    assert bands(agree) == {"bad": [1, 2, 3], "neutral": [4], "good": [5, 6, 7]}
    # comments count as critical or praising only in the outer thirds of the scale
    assert polarities(agree) == {"negative": [1, 2], "neutral": [3, 4, 5], "positive": [6, 7]}
    assert agree.range_width == 6.0

    effort = kpi_definitions(EFFORT)["ces"]
    assert list(effort.scores) == [1, 2, 3, 4, 5] and not effort.higher_is_better
    assert bands(effort) == {"bad": [4, 5], "neutral": [3], "good": [1, 2]}
    assert polarities(effort) == {"negative": [4, 5], "neutral": [3], "positive": [1, 2]}
    assert effort.value_range == (1.0, 5.0)
    assert effort.shortfall(2.5, 2.0) == 0.5  # 2.5 means more effort than the target 2


def test_an_unstated_ces_scale_is_laid_out_on_1_to_7_but_never_judged():
    ces = kpi_definitions(None)["ces"]
    assert ces.scale is None
    assert list(ces.scores) == [1, 2, 3, 4, 5, 6, 7]
    assert all(ces.polarity(score) == "neutral" for score in ces.scores)


def test_definitions_are_resolved_once_per_scale_in_kpi_order():
    assert tuple(kpi_definitions(EFFORT)) == KPIS
    assert kpi_definitions(EFFORT) is kpi_definitions(Scale(1, 5, False))
    assert make_config(ces_scale=EFFORT).kpis["ces"].scale == EFFORT
    with pytest.raises(TypeError):
        kpi_definitions()["nps"] = kpi_definitions()["csat"]  # type: ignore[index]


def test_the_estimate_follows_the_definition():
    counts = {1: 3, 2: 5, 3: 2, 4: 6, 5: 4}  # 20 answers
    kpis = kpi_definitions(EFFORT)
    assert estimate(kpis["csat"], counts).value == pytest.approx(50.0)  # 10 of 20 in 4-5
    ces = estimate(kpis["ces"], counts)
    assert ces.value == pytest.approx(63 / 20)  # (3 + 10 + 6 + 24 + 20) / 20
    assert not ces.higher_is_better
    nps = estimate(kpi_definitions()["nps"], {10: 6, 9: 4, 8: 5, 2: 5})
    assert nps.value == pytest.approx(25.0)  # (10 - 5) / 20


def _changes_by_hand(groups: list[dict[float, int]]):
    """The documented rule, answer by answer: for each usual top the answers straddle, the
    first group with an answer above it (a widening) and the one after the last (a
    narrowing) split the groups; a change where at least SCALE_RUN answers lie on the
    narrow side and at least SCALE_SHARE of the wide side's are above the top."""
    answers = [(at, score, n) for at, group in enumerate(groups) for score, n in group.items() if n]
    if not answers:
        return None
    scores = [score for _, score, _ in answers]
    for top in USUAL_TOPS:
        if not min(scores) <= top < max(scores):
            continue
        above = [at for at, score, _ in answers if score > top]
        for widens, edge in ((True, min(above)), (False, max(above) + 1)):
            narrow = sum(n for at, _, n in answers if (at < edge) == widens)
            wide_side = [(score, n) for at, score, n in answers if (at < edge) != widens]
            wide = sum(n for _, n in wide_side)
            wider = sum(n for score, n in wide_side if score > top)
            if narrow >= SCALE_RUN and wide and wider >= SCALE_SHARE * wide:
                return (top, edge, widens)
    return None


GROUPS = st.lists(
    st.dictionaries(
        st.sampled_from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 4.5]), st.integers(0, 40), max_size=3
    ),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(GROUPS, st.booleans())
def test_a_scale_change_is_found_in_arrays_as_in_groups(groups, one_per_row):
    """`data inspect` gave scale_change a mapping per row of a column (16 s of its 47 for
    20,000 respondents x 100 touchpoints); now the rows come as arrays (scale_change_in),
    and the groups' form reads through it. Both find the change the rule finds by hand: at
    a row's answers (one each), and at periods' counts."""
    if one_per_row:  # as a file's rows: one answer each
        groups = [{score: 1} for group in groups for score in group]
    expected = _changes_by_hand(groups)
    found = scale_change(groups)
    assert ((found.top, found.at, found.widens) if found else None) == expected
    places = [at for at, group in enumerate(groups) for _ in group]
    scores = [score for group in groups for score in group]
    counts = [n for group in groups for n in group.values()]
    arrays = scale_change_in(np.array(places, np.int64), np.array(scores, float), np.array(counts))
    assert arrays == found


def test_a_long_run_on_five_points_then_ten_is_a_widening_at_its_first_answer_above_five():
    rows = [{score: 1} for score in [1, 2, 3, 4, 5] * 12] + [{score: 1} for score in range(11)] * 3
    change = scale_change_in(
        np.arange(len(rows)), np.array([next(iter(r)) for r in rows], float), np.ones(93)
    )
    assert change == ScaleChange(5, 60 + 6, True)  # 60 rows of 1-5, then 0..5, then 6
