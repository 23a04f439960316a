"""Trend lines and flagged changes over time, against hand arithmetic (in comments) and
numpy's weighted polyfit as an independent reference."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats

from touchsite.analyze.batch import Answers
from touchsite.analyze.trends import find_changes, trend
from touchsite.kpi import kpi_definitions
from touchsite.models import KpiEstimate, Rules, Targets

DEFINITIONS = kpi_definitions()

Z = scipy_stats.norm.ppf(0.975)
RULES = Rules(min_n_confident=30, fdr=0.05, min_effect=Targets(nps=10.0, csat=5.0, ces=0.3))
Q1, Q2, Q3, Q4 = "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"


def point(value: float | None, se: float = 1.0, n: int = 100, kpi: str = "nps") -> KpiEstimate:
    """An estimate whose 95 % interval is value +- 1.96 se."""
    if value is None:
        return KpiEstimate(kpi, n, None, None, None, low_n=True)
    return KpiEstimate(kpi, n, value, value - Z * se, value + Z * se)


def polyfit_reference(xs, ys, ses):
    """Slope and its standard error by numpy: weights 1/se, covariance without rescaling
    (the variances are known, not estimated from the residuals)."""
    coefficients, covariance = np.polyfit(xs, ys, 1, w=1 / np.asarray(ses), cov="unscaled")
    return coefficients[0], float(np.sqrt(covariance[0, 0]))


# --- trend -------------------------------------------------------------------------------


def test_trend_by_hand_equal_weights():
    # values 0, 3, 9 at x = 0, 1, 2, se 1 each: ordinary least squares, x centred -1, 0, 1
    # slope = (-1 x 0 + 0 x 3 + 1 x 9) / 2 = 4.5; se = sqrt(1 / 2) = .707107
    # z = 6.363961, p = 2 (1 - Phi(6.363961)) = 1.96616e-10
    # change over the span of 2 periods: 9, interval 9 +- 1.959964 x .707107 x 2 = 9 +- 2.771808
    before, after, result = trend("nps", [(Q1, point(0)), (Q2, point(3)), (Q3, point(9))])
    assert (before, after) == (Q1, Q3)
    assert result.kpi == "nps"
    assert result.difference == pytest.approx(9.0)
    assert result.p_value == pytest.approx(1.96616e-10, rel=1e-4)
    assert (result.low, result.high) == pytest.approx((6.228192, 11.771808), abs=1e-5)
    assert (result.n_a, result.n_b) == (100, 300)  # smallest period, all periods


def test_trend_matches_weighted_polyfit():
    values = [12.0, 15.0, 14.0, 21.0, 19.0]
    ses = [2.0, 3.0, 1.5, 4.0, 2.5]
    ns = [120, 80, 200, 40, 90]
    months = [f"2026-0{i}" for i in range(1, 6)]
    series = [(m, point(v, se, n)) for m, v, se, n in zip(months, values, ses, ns, strict=True)]
    before, after, result = trend("nps", series)
    slope, se = polyfit_reference(range(5), values, ses)
    assert (before, after) == ("2026-01", "2026-05")
    assert result.difference == pytest.approx(slope * 4)
    assert result.p_value == pytest.approx(2 * scipy_stats.norm.sf(abs(slope / se)))
    assert (result.low, result.high) == pytest.approx(((slope - Z * se) * 4, (slope + Z * se) * 4))
    assert (result.n_a, result.n_b) == (40, sum(ns))


def test_trend_skips_periods_without_a_value_and_keeps_their_place():
    # January and March are withheld: the line runs through x = 1, 3, 4 (not 0, 1, 2)
    series = [
        ("2026-01", point(None, n=4)),
        ("2026-02", point(10.0, 2.0)),
        ("2026-03", point(None, n=3)),
        ("2026-04", point(16.0, 1.0)),
        ("2026-05", point(15.0, 3.0)),
    ]
    before, after, result = trend("nps", series)
    slope, se = polyfit_reference([1, 3, 4], [10.0, 16.0, 15.0], [2.0, 1.0, 3.0])
    assert (before, after) == ("2026-02", "2026-05")
    assert result.difference == pytest.approx(slope * 3)  # span x = 1 .. 4
    assert result.p_value == pytest.approx(2 * scipy_stats.norm.sf(abs(slope / se)))
    assert result.n_a == 100  # the withheld periods' n does not count


def test_trend_needs_three_usable_periods():
    assert trend("nps", []) is None
    assert trend("nps", [(Q1, point(1)), (Q2, point(2))]) is None
    assert trend("nps", [(Q1, point(1)), (Q2, point(None)), (Q3, point(2))]) is None
    # a value without an interval (n = 1) and a zero-width interval carry no weight
    no_interval = KpiEstimate("ces", 1, 5.0, None, None, low_n=True)
    zero_width = KpiEstimate("ces", 12, 6.0, 6.0, 6.0)
    assert trend("ces", [(Q1, point(1)), (Q2, no_interval), (Q3, point(2))]) is None
    assert trend("ces", [(Q1, point(1)), (Q2, zero_width), (Q3, point(2))]) is None
    assert trend("ces", [(Q1, point(1)), (Q2, zero_width), (Q3, point(2)), (Q4, point(3))])


def test_flat_trend():
    _, _, result = trend("nps", [(Q1, point(5, 2)), (Q2, point(5, 1)), (Q3, point(5, 3))])
    assert result.difference == pytest.approx(0.0, abs=1e-12)
    assert result.p_value == pytest.approx(1.0)


# --- find_changes ------------------------------------------------------------------------


def nps_answers(promoters: int, passives: int, detractors: int) -> dict[int, int]:
    return {10: promoters, 8: passives, 3: detractors}


def changes_by(changes, touchpoint, kind="step"):
    return [c for c in changes if c.touchpoint == touchpoint and c.kind == kind]


def test_a_real_jump_is_flagged_and_constant_noise_is_not():
    # jump: mostly 3 in Q1 (NPS 25 - 75 = -50), mostly 10 in Q2 (75 - 25 = 50): +100 points
    tables = {
        ("jump", Q1, "nps"): {3: 150, 10: 50},
        ("jump", Q2, "nps"): {10: 150, 3: 50},
        ("steady", Q1, "nps"): nps_answers(70, 60, 70),
        ("steady", Q2, "nps"): nps_answers(70, 60, 70),
    }
    changes = find_changes(tables, {}, ["jump", "steady"], [Q1, Q2], RULES, DEFINITIONS)
    # only NPS was asked, and two periods make no trend: one step per touchpoint
    assert len(changes) == 2
    (jump,) = changes_by(changes, "jump")
    assert (jump.kpi, jump.before, jump.after) == ("nps", Q1, Q2)
    # shown: the adjusted difference, the centre of its interval (add 3 answers, 0.75 to each
    # end): (50.75 - 150.75) / 203 -> (150.75 - 50.75) / 203, 200 / 203 = 98.52 points
    assert jump.difference.difference == pytest.approx(100 * 200 / 203)
    assert jump.significant and jump.rising
    (steady,) = changes_by(changes, "steady")
    assert steady.difference.difference == 0.0 and steady.difference.p_value == 1.0
    assert not steady.significant


def test_significant_change_below_the_minimum_effect_is_not_flagged():
    # 5000 answers per quarter: promoters 40 % -> 45 %, detractors 20 % both times, NPS 20 -> 25
    # var' about (.6 - .04) / 5003 and (.65 - .0625) / 5003, se = .015146, z = 3.30, p = .00097
    tables = {
        ("web", Q1, "nps"): nps_answers(2000, 2000, 1000),
        ("web", Q2, "nps"): nps_answers(2250, 1750, 1000),
    }
    (change,) = find_changes(tables, {}, ["web"], [Q1, Q2], RULES, DEFINITIONS)
    # adjusted: (2000.75 - 1000.75) / 5003 -> (2250.75 - 1000.75) / 5003: 250 / 5003 points
    assert change.difference.difference == pytest.approx(100 * 250 / 5003)
    assert change.difference.p_value < 0.001
    assert not change.significant
    lenient = Rules(min_effect=Targets(nps=4.0))
    assert find_changes(tables, {}, ["web"], [Q1, Q2], lenient, DEFINITIONS)[0].significant


def test_small_periods_are_not_flagged():
    # 20 answers each: all 3 then all 10 (-100 -> 100), p tiny, but 20 < 30
    tables = {("web", Q1, "nps"): {3: 20}, ("web", Q2, "nps"): {10: 20}}
    (change,) = find_changes(tables, {}, ["web"], [Q1, Q2], RULES, DEFINITIONS)
    assert change.difference.p_value < 1e-6
    assert not change.significant
    assert find_changes(tables, {}, ["web"], [Q1, Q2], Rules(min_n_confident=20), DEFINITIONS)[
        0
    ].significant


def test_steps_between_consecutive_periods_only_and_missing_periods():
    tables = {
        ("web", Q1, "csat"): {5: 40, 2: 40},
        ("web", Q2, "csat"): {5: 40, 2: 40},
        ("web", Q4, "csat"): {5: 60, 2: 20},  # no answers in Q3
    }
    changes = find_changes(tables, {}, ["web", "idle"], [Q1, Q2, Q3, Q4], RULES, DEFINITIONS)
    assert [(c.before, c.after, c.kpi) for c in changes] == [(Q1, Q2, "csat")]


def test_steps_read_from_answers_the_caller_has_already():
    # the jump of test_a_real_jump_is_flagged_and_constant_noise_is_not, its answers given
    # as the caller read them (a row per touchpoint and period), one table padded wider
    tables = {("jump", Q1, "nps"): {3: 150, 10: 50}, ("jump", Q2, "nps"): {10: 150, 3: 50}}
    read = {"nps": Answers.of([tables[("jump", Q1, "nps")], {10: 150, 3: 50, 5: 0}])}
    (jump,) = find_changes(tables, {}, ["jump"], [Q1, Q2], RULES, DEFINITIONS, answers=read)
    assert jump.difference.difference == pytest.approx(100 * 200 / 203)
    assert (jump.difference.n_a, jump.difference.n_b) == (200, 200)
    assert jump.significant


def test_trend_joins_the_family():
    # NPS 0, 10, 20, 30 with se 3: slope 10 per quarter, change 30 over three quarters;
    # no step counts were given, so the trend is the only test
    series = [(q, point(10.0 * i, 3.0, 200)) for i, q in enumerate([Q1, Q2, Q3, Q4])]
    small = [(q, point(10.0 * i, 3.0, 20)) for i, q in enumerate([Q1, Q2, Q3, Q4])]
    trends = {("rising", "nps"): series, ("thin", "nps"): small}
    changes = find_changes({}, trends, ["rising", "thin"], [Q1, Q2, Q3, Q4], RULES, DEFINITIONS)
    (rising,) = changes_by(changes, "rising", "trend")
    assert (rising.before, rising.after) == (Q1, Q4)
    assert rising.difference.difference == pytest.approx(30.0)
    assert rising.significant
    (thin,) = changes_by(changes, "thin", "trend")
    assert not thin.significant  # periods of 20 answers: below min_n_confident


def test_no_periods_no_changes():
    assert find_changes({}, {}, ["web"], [], RULES, DEFINITIONS) == []
    assert find_changes({}, {}, [], [Q1, Q2], RULES, DEFINITIONS) == []


# --- changes that come from the data -----------------------------------------------------


def test_a_jump_where_the_scale_switches_is_a_data_change_not_a_customer_change():
    # Q1: a 1-5 rating read as NPS (all detractors, -100); Q2: the survey asks 1-10
    tables = {
        ("switch", Q1, "nps"): {1: 20, 2: 20, 3: 40, 4: 60, 5: 60},
        ("switch", Q2, "nps"): {2: 20, 5: 30, 7: 40, 8: 50, 9: 30, 10: 30},
    }
    (change,) = find_changes(tables, {}, ["switch"], [Q1, Q2], RULES, DEFINITIONS)
    # by hand: Q2 has 60 promoters and 50 detractors of 200: +5; Q1 -100; +105 points, shown
    # adjusted (the interval's centre): (60.75 - 50.75) / 203 - (0.75 - 200.75) / 203 = 210 / 203
    assert change.difference.difference == pytest.approx(100 * 210 / 203)
    assert not change.significant
    assert change.data_change == "the answers' scale changes (answers above 5 appear)"


def test_a_jump_in_the_month_a_finding_names_is_a_data_change():
    tables = {
        ("web", Q1, "nps"): {3: 150, 10: 50},
        ("web", Q2, "nps"): {10: 150, 3: 50},
    }
    found = {("web", "nps"): [(Q2, "nps answered in 5% of the rows until ...")]}
    (change,) = find_changes(tables, {}, ["web"], [Q1, Q2], RULES, DEFINITIONS, found)
    assert not change.significant and change.data_change.startswith("nps answered in 5%")
    # the same finding in another period does not touch it
    elsewhere = {("web", "nps"): [(Q1, "nps answered in 5% of the rows until ...")]}
    (change,) = find_changes(tables, {}, ["web"], [Q1, Q2], RULES, DEFINITIONS, elsewhere)
    assert change.significant and change.data_change == ""
