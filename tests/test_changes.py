"""Differences per KPI and the rule that decides which of them are real, against hand
arithmetic (in comments), Newcombe's published intervals and scipy on the expanded samples."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats as scipy_stats

from touchsite.analyze.changes import Difference, discoveries, kpi_difference
from touchsite.kpi import kpi_definitions
from touchsite.models import Rules, Targets

DEFINITIONS = kpi_definitions()

RULES = Rules(min_n_confident=30, fdr=0.05, min_effect=Targets(nps=10.0, csat=5.0, ces=0.3))


def expand(counts: dict[int, int]) -> list[int]:
    return [score for score, n in sorted(counts.items()) for _ in range(n)]


def difference(p_value: float, value: float = 20.0, kpi: str = "nps", n: int = 100) -> Difference:
    return Difference(kpi, value, None, None, p_value, n, n)


# --- kpi_difference ----------------------------------------------------------------------


def test_nps_difference_in_points_by_hand():
    # a: 20 promoters, 10 passives, 10 detractors (NPS 25); b: 10 / 10 / 20 (NPS -25)
    # a: n' = 43, p+ = 20.75/43 = .482558, p- = 10.75/43 = .25, NPS' = .232558,
    #    var = (.732558 - .054083) / 43 = .015778; b is a mirrored: NPS' = -.232558, same var
    # diff' = -.465116, se = sqrt(.031557) = .177643, z = -2.618267, p = .008838
    # interval -.465116 +- 1.959964 x .177643 = -.813290 .. -.116943
    result = kpi_difference(DEFINITIONS["nps"], {10: 12, 9: 8, 8: 10, 2: 10}, {9: 10, 7: 10, 0: 20})
    assert result.kpi == "nps"
    assert result.difference == pytest.approx(-46.5116, abs=1e-4)  # the interval's centre
    assert result.p_value == pytest.approx(0.008838, abs=1e-6)
    assert (result.low, result.high) == pytest.approx((-81.3290, -11.6943), abs=1e-3)
    assert (result.n_a, result.n_b) == (40, 40)


def test_csat_difference_in_percentage_points():
    # top-2-box 48 of 80 vs 56 of 70: +20 percentage points; Newcombe (1998) table II,
    # example (a): .0524 .. .3339; the z-test's p is Pearson's chi-square on the 2 x 2 table
    a = {5: 30, 4: 18, 3: 12, 2: 10, 1: 10}
    b = {5: 40, 4: 16, 2: 14}
    result = kpi_difference(DEFINITIONS["csat"], a, b)
    assert result.difference == pytest.approx(20.0)
    assert (result.low, result.high) == pytest.approx((5.24, 33.39), abs=1e-2)
    _, p, _, _ = scipy_stats.chi2_contingency([[48, 32], [56, 14]], correction=False)
    assert result.p_value == pytest.approx(p)
    assert (result.n_a, result.n_b) == (80, 70)


def test_ces_difference_matches_welch_on_expanded_samples():
    a, b = {2: 4, 3: 9, 4: 6, 5: 3}, {3: 2, 4: 7, 5: 9, 6: 5, 7: 2}
    result = kpi_difference(DEFINITIONS["ces"], a, b)
    reference = scipy_stats.ttest_ind(expand(b), expand(a), equal_var=False)
    assert result.difference == pytest.approx(np.mean(expand(b)) - np.mean(expand(a)))
    assert result.p_value == pytest.approx(reference.pvalue)
    assert (result.low, result.high) == pytest.approx(tuple(reference.confidence_interval()))


@pytest.mark.parametrize("kpi", ["nps", "csat", "ces"])
def test_fewer_than_two_answers_give_no_difference(kpi):
    many = {1: 10, 4: 10, 5: 10}
    assert kpi_difference(DEFINITIONS[kpi], {}, many) is None
    assert kpi_difference(DEFINITIONS[kpi], many, {}) is None
    assert (
        kpi_difference(DEFINITIONS[kpi], {5: 1}, many) is None
    )  # n = 1, though NPS could be tested
    assert kpi_difference(DEFINITIONS[kpi], many, {1: 1}) is None
    two = kpi_difference(DEFINITIONS[kpi], {5: 2}, {1: 1, 5: 1})
    assert two is not None and (two.n_a, two.n_b) == (2, 2)


def test_identical_and_constant_groups():
    same = kpi_difference(DEFINITIONS["ces"], {6: 12}, {6: 30})
    assert (same.difference, same.p_value) == (0.0, 1.0)
    assert kpi_difference(DEFINITIONS["ces"], {6: 12}, {2: 30}) is None  # no variance, means differ
    tie = kpi_difference(DEFINITIONS["csat"], {5: 10, 1: 10}, {4: 5, 2: 5})
    assert (tie.difference, tie.p_value) == (pytest.approx(0.0), pytest.approx(1.0))


# --- discoveries -------------------------------------------------------------------------


def test_small_sample_rule():
    # p tiny and 30 points apart, but one side has 29 answers: not compared at all
    small = Difference("nps", 30.0, None, None, 1e-6, 29, 500)
    enough = Difference("nps", 30.0, None, None, 1e-6, 30, 500)
    assert discoveries([small, enough], RULES) == [False, True]
    assert discoveries([small], Rules(min_n_confident=29)) == [True]


def test_benjamini_hochberg_across_the_family():
    # Benjamini & Hochberg (1995), section 4: of these 15 p-values the four smallest are
    # discoveries at q = .05 (see test_stats); each alone would pass p <= .05 nine times
    p_values = [
        0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
        0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000,
    ]  # fmt: skip
    flags = discoveries([difference(p) for p in reversed(p_values)], RULES)
    assert flags == list(reversed([True] * 4 + [False] * 11))


def test_family_counts_only_the_confident_comparisons():
    # .01 and .04: m = 2, thresholds .025 and .05 -> both discoveries
    pair = [difference(0.01), difference(0.04)]
    assert discoveries(pair, RULES) == [True, True]
    # a third, confident comparison with p = .9: m = 3, thresholds .0167, .0333, .05;
    # .04 > .0333 and .9 > .05, so only .01 stays
    assert discoveries([*pair, difference(0.9)], RULES) == [True, False, False]
    # a third that is too small to compare is not tested, so m stays 2
    assert discoveries([*pair, difference(0.9, n=10)], RULES) == [True, True, False]


def test_families_tested_at_once_each_on_its_own():
    # .01 and .04 alone are both discoveries (m = 2); with .9 in their family only .01 is
    # (test_family_counts_only_the_confident_comparisons): in a family of its own, .9 is not
    pair = [difference(0.01), difference(0.9), difference(0.04)]
    assert discoveries(pair, RULES, [0, 1, 0]) == [True, False, True]
    assert discoveries(pair, RULES, [0, 0, 0]) == [True, False, False]


def test_fdr_boundary_is_inclusive():
    assert discoveries([difference(0.05)], RULES) == [True]
    assert discoveries([difference(0.0501)], RULES) == [False]
    assert discoveries([difference(0.05)], Rules(fdr=0.01)) == [False]


@pytest.mark.parametrize(
    ("kpi", "below", "at"),
    [("nps", 9.99, 10.0), ("csat", 4.99, 5.0), ("ces", 0.299, 0.3)],
)
def test_minimum_effect_per_kpi(kpi, below, at):
    for sign in (1, -1):
        small = difference(1e-9, sign * below, kpi)
        large = difference(1e-9, sign * at, kpi)
        assert discoveries([small, large], RULES) == [False, True]


def test_minimum_effect_from_rules_and_unset():
    tiny = difference(1e-9, 2.0, "nps")
    assert discoveries([tiny], RULES) == [False]
    assert discoveries([tiny], Rules(min_effect=Targets(nps=2.0))) == [True]
    # no minimum effect configured for the KPI: any significant difference counts
    assert discoveries([tiny], Rules(min_effect=Targets(csat=5.0))) == [True]


def test_discoveries_empty_and_all_small():
    assert discoveries([], RULES) == []
    assert discoveries([difference(1e-9, n=5), difference(1e-9, n=1)], RULES) == [False, False]
