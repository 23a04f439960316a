"""The experience on the emotion curve's -3..+3 axis, against hand arithmetic (in comments)
and numpy/scipy on the expanded, rescaled answers."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats

from tests.conftest import make_config as base_config
from touchsite.analyze.experience import experience
from touchsite.models import Config, Rules, Scale

CES_EFFORT = Scale(1, 5, higher_is_better=False)  # "how much effort": 1 is best
CES_AGREE = Scale(1, 7, higher_is_better=True)  # "the company made it easy": 7 is best


def make_config(ces_scale: Scale | None = CES_EFFORT, rules: Rules | None = None) -> Config:
    return base_config(ces_scale=ces_scale, rules=rules or Rules())


def test_mixed_scales_by_hand_with_effort_where_lower_is_better():
    # NPS 0..10: 10 -> +3 (x5), 5 -> 0 (x3), 0 -> -3 (x2)
    # CSAT 1..5: 5 -> +3 (x2), 4 -> 6 x 3/4 - 3 = +1.5 (x2), 1 -> -3 (x1)
    # CES 1..5, lower is better: 1 -> +3 (x3), 4 -> 6 x (1 - 3/4) - 3 = -1.5 (x1)
    # n = 19, sum = 15 + 0 - 6 + 6 + 3 - 3 + 9 - 1.5 = 22.5, mean = 1.184211
    # sum of squares = 45 + 18 + 18 + 4.5 + 9 + 27 + 2.25 = 123.75
    # s^2 = (123.75 - 19 x 1.184211^2) / 18 = 97.105263 / 18 = 5.394737, se = .532854
    # t(.975, 18) = 2.100922 -> half width 1.119485: .064726 .. 2.303696
    tables = {"nps": {10: 5, 5: 3, 0: 2}, "csat": {5: 2, 4: 2, 1: 1}, "ces": {1: 3, 4: 1}}
    est = experience(tables, make_config(CES_EFFORT))
    assert est.kpi == "experience"
    assert est.n == 19
    assert est.value == pytest.approx(1.184211, abs=1e-6)
    assert (est.low, est.high) == pytest.approx((0.064726, 2.303696), abs=1e-5)
    assert est.low_n  # 19 < 30

    values = [3] * 5 + [0] * 3 + [-3] * 2 + [3] * 2 + [1.5] * 2 + [-3] + [3] * 3 + [-1.5]
    low, high = scipy_stats.t.interval(
        0.95, len(values) - 1, loc=np.mean(values), scale=scipy_stats.sem(values)
    )
    assert (est.value, est.low, est.high) == pytest.approx((np.mean(values), low, high))


def test_ces_direction_follows_the_configured_scale():
    # 7 -> +3 (x4), 4 -> 0 (x4), 1 -> -3 (x2) on 1..7 agreement: n = 10, mean 6/10 = .6,
    # s^2 = (54 - 10 x .36) / 9 = 5.6, se = sqrt(.56) = .748331, t(.975, 9) = 2.262157
    # -> half width 1.692839: -1.092839 .. 2.292839
    counts = {"ces": {7: 4, 4: 4, 1: 2}}
    agree = experience(counts, make_config(Scale(1, 7, True)))
    assert agree.value == pytest.approx(0.6)
    assert (agree.low, agree.high) == pytest.approx((-1.092839, 2.292839), abs=1e-5)
    # the same answers on a 1..7 effort scale (lower is better) mirror the experience
    effort = experience(counts, make_config(Scale(1, 7, False)))
    assert effort.value == pytest.approx(-0.6)
    assert (effort.low, effort.high) == pytest.approx((-2.292839, 1.092839), abs=1e-5)


def test_scale_ends_map_to_plus_and_minus_three():
    config = make_config(CES_EFFORT, Rules(min_n_shown=2, min_n_confident=2))
    best = {"nps": {10: 2}, "csat": {5: 2}, "ces": {1: 2}}
    worst = {"nps": {0: 2}, "csat": {1: 2}, "ces": {5: 2}}
    middle = {"nps": {5: 2}, "csat": {3: 2}, "ces": {3: 2}}
    for tables, expected in [(best, 3.0), (worst, -3.0), (middle, 0.0)]:
        est = experience(tables, config)
        assert (est.value, est.low, est.high) == pytest.approx((expected,) * 3)  # ties: width 0
        assert est.n == 6 and not est.low_n


def test_ces_is_left_out_without_a_stated_scale():
    tables = {"nps": {10: 10}, "ces": {1: 50}}
    est = experience(tables, make_config(ces_scale=None))
    assert est.n == 10 and est.value == pytest.approx(3.0)


def test_too_few_answers():
    config = make_config()
    empty = experience({}, config)
    assert (empty.n, empty.value, empty.low, empty.high) == (0, None, None, None)
    assert empty.low_n
    nine = experience({"nps": {10: 5, 0: 4}}, config)  # below min_n_shown = 10
    assert (nine.n, nine.value) == (9, None)
    ten = experience({"nps": {10: 6, 0: 4}}, config)
    assert ten.value == pytest.approx(0.6)  # (6 x 3 - 4 x 3) / 10
    # even when a single answer may be shown, one answer has no interval
    one = experience({"csat": {5: 1}}, make_config(rules=Rules(min_n_shown=1, min_n_confident=1)))
    assert (one.n, one.value) == (1, None)


def test_low_n_flag_follows_min_n_confident():
    config = make_config(rules=Rules(min_n_shown=10, min_n_confident=30))
    assert experience({"nps": {10: 15, 3: 14}}, config).low_n  # 29
    assert not experience({"nps": {10: 15, 3: 15}}, config).low_n  # 30
