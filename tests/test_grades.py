"""A figure's grade against its target, allowing for its interval (KpiEstimate.grade).

Each case worked out by hand: the interval's half-width h = (high - low) / 2; 'on target'
means the value lies within h / 2 of the target; 'clearly' means the whole interval is on one
side of it.
"""

from __future__ import annotations

import pytest

from touchsite.analyze.kpis import nps
from touchsite.models import KpiEstimate


def estimate(value, low, high, target, higher_is_better=True, low_n=False) -> KpiEstimate:
    return KpiEstimate("nps", 100, value, low, high, target, low_n, higher_is_better)


@pytest.mark.parametrize(
    ("value", "low", "high", "target", "grade"),
    [
        # the whole interval -35..-22 lies below the target +20
        (-29, -35, -22, 20, "clearly-below"),
        # interval 2..22 reaches +20; h = 10, value 8 is 12 below, more than 5
        (8, 2, 22, 20, "below"),
        # interval 8..28, h = 10; value 18 is 2 below the target, within 5
        (18, 8, 28, 20, "on-target"),
        # exactly half the half-width away still counts as on target: 15 vs 20, h = 10
        (15, 5, 25, 20, "on-target"),
        # 26 vs 20 with interval 16..36: h = 10, 6 above > 5
        (26, 16, 36, 20, "above"),
        # the whole interval 21..30 lies above the target
        (25, 21, 30, 20, "clearly-above"),
        # an interval ending exactly at the target is not clearly below: 10..20, h = 5, 15
        # is 5 below -> exactly h, more than h / 2 = 2.5
        (15, 10, 20, 20, "below"),
    ],
)
def test_grade_higher_is_better(value, low, high, target, grade):
    assert estimate(value, low, high, target).grade == grade


@pytest.mark.parametrize(
    ("value", "low", "high", "target", "grade"),
    [
        # a CES where lower is better (1-5 effort): 3.0 (2.8..3.2) is far worse than 2.5
        (3.0, 2.8, 3.2, 2.5, "clearly-below"),
        # 2.2 (2.1..2.3) beats the target 2.5 with the whole interval
        (2.2, 2.1, 2.3, 2.5, "clearly-above"),
        # 2.6 (2.2..3.0): h = 0.4, 0.1 worse than the target, within 0.2
        (2.6, 2.2, 3.0, 2.5, "on-target"),
        # 2.2 (1.9..2.6): h = 0.35, 0.3 better, beyond 0.175, interval reaches 2.5
        (2.2, 1.9, 2.6, 2.5, "above"),
    ],
)
def test_grade_lower_is_better(value, low, high, target, grade):
    assert estimate(value, low, high, target, higher_is_better=False).grade == grade


def test_grade_falls_back_to_why_there_is_none():
    assert estimate(10, 0, 20, None).grade == "no-target"
    assert estimate(10, 0, 20, 20, low_n=True).grade == "low-n"
    assert KpiEstimate("nps", 0, None, None, None, 20).grade == "no-data"
    assert KpiEstimate("nps", 3, None, None, None, 20, True).grade == "withheld"


def test_grade_of_a_computed_nps():
    # 10 x 10, 10 x 8, 20 x 4: NPS -25 with the adjusted Wald interval -47.9..+1.4
    # (worked out in test_kpis)
    est = nps({10: 10, 8: 10, 4: 20}, target=20)
    assert est.grade == "clearly-below"  # +1.4 < +20
    # against a target of -20: h = 24.6, the value is 5 below, within 12.3
    assert nps({10: 10, 8: 10, 4: 20}, target=-20).grade == "on-target"
