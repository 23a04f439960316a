"""KPI estimates against values worked out by hand (arithmetic written out in comments)."""

from __future__ import annotations

import pytest

from tests.conftest import make_config
from touchsite.analyze.kpis import csat, estimate, nps
from touchsite.kpi import Scale

CES = make_config(ces_scale=Scale(1, 7)).kpis["ces"]  # 1-7 agreement, higher is better


def test_nps_value_and_adjusted_wald_interval():
    # answers 9,10,10,9,8,7,6,3,10,9,8,5: 6 promoters, 3 detractors, n = 12 -> NPS = 25
    # adjusted: n' = 15, p+ = 6.75/15 = .45, p- = 3.75/15 = .25, centre .20,
    # var = (.45 + .25 - .04) / 15 = .044, half = 1.959964 * sqrt(.044) = .411126
    counts = {3: 1, 5: 1, 6: 1, 7: 1, 8: 2, 9: 3, 10: 3}
    est = nps(counts)
    assert est.n == 12
    assert est.value == pytest.approx(25.0)
    assert est.low == pytest.approx(-21.1126, abs=1e-3)
    assert est.high == pytest.approx(61.1126, abs=1e-3)
    assert est.low_n  # fewer than 30 answers


def test_nps_negative_with_target():
    # 10 x 10, 10 x 8, 20 x 4: 10 promoters, 20 detractors, n = 40 -> -25
    # n' = 43, p+ = 10.75/43 = .25, p- = 20.75/43 = .482558, centre -.232558,
    # var = (.732558 - .054083) / 43 = .015778, half = .246196
    est = nps({10: 10, 8: 10, 4: 20}, target=20)
    assert est.value == pytest.approx(-25.0)
    assert (est.low, est.high) == pytest.approx((-47.8754, 1.3638), abs=1e-3)
    assert est.status == "misses"
    assert est.gap == pytest.approx(45.0)


def test_nps_all_promoters_interval_is_clipped_at_100():
    # 50 promoters: n' = 53, p+ = 50.75/53, p- = .75/53 -> upper bound 102.03 clipped to 100
    est = nps({10: 50})
    assert est.value == pytest.approx(100.0)
    assert est.low == pytest.approx(86.6443, abs=1e-3)
    assert est.high == 100.0
    assert est.status == "no-target"


def test_nps_no_answers_and_one_answer():
    empty = nps({})
    assert (empty.n, empty.value, empty.low, empty.high) == (0, None, None, None)
    assert empty.status == "no-data"
    single = nps({10: 1})
    # one answer is far below the minimum of 10 to show a score: only n is shown
    assert (single.n, single.value) == (1, None)
    assert single.status == "withheld"


def test_nps_passives_only_is_zero():
    est = nps({7: 20, 8: 20})
    assert est.value == 0.0
    # p+ = p- = .75/43: centre 0, var = (1.5/43) / 43, half = 1.959964 * sqrt(.000811) = .0559
    assert est.low == pytest.approx(-5.585, abs=1e-2)
    assert est.high == pytest.approx(5.585, abs=1e-2)


def test_csat_top_two_box_and_wilson_interval():
    # 5,4,4,3,5,2,4,5,1,4,3,5: 8 of 12 are 4 or 5 -> 66.67 %; Wilson 95 %: 39.06 .. 86.19
    counts = {1: 1, 2: 1, 3: 2, 4: 4, 5: 4}
    est = csat(counts, target=60)
    assert est.value == pytest.approx(200 / 3)
    assert (est.low, est.high) == pytest.approx((39.0622, 86.1880), abs=1e-3)
    assert est.status == "low-n"


def test_csat_wilson_textbook_zero_successes():
    # Wilson upper bound for 0 of 10 is z^2 / (n + z^2) = 3.8415 / 13.8415 = 27.75 %
    est = csat({1: 5, 2: 3, 3: 2})
    assert est.value == 0.0
    assert est.low == pytest.approx(0.0, abs=1e-9)
    assert est.high == pytest.approx(27.7533, abs=1e-3)


def test_ces_mean_t_interval():
    # 20 x 2 and 20 x 6: mean 4, s^2 = 40 * 4 / 39 = 4.102564, se = .320256,
    # t(.975, 39) = 2.022691 -> half width .647784
    est = estimate(CES, {2: 20, 6: 20}, target=5)
    assert est.value == pytest.approx(4.0)
    assert (est.low, est.high) == pytest.approx((3.352216, 4.647784), abs=1e-5)
    assert est.status == "misses"


def test_mean_of_identical_answers_has_zero_width():
    est = estimate(CES, {6: 12})
    assert (est.value, est.low, est.high) == pytest.approx((6.0, 6.0, 6.0))


def test_mean_single_answer_has_no_interval():
    est = estimate(CES, {5: 1})
    assert est.n == 1 and est.value is None and est.low is None
