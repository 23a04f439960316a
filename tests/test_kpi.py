"""The KPI definitions: scales, answer bands, comment bands, ranges and direction."""

from __future__ import annotations

import pytest

from tests.conftest import make_config
from touchsite.analyze.kpis import estimate
from touchsite.kpi import KPIS, Scale, kpi_definitions

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
