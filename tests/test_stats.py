"""Significance tests against textbook values, hand arithmetic (in comments) and scipy.stats
run on the expanded raw samples as an independent reference."""

from __future__ import annotations

import statistics
from types import SimpleNamespace

import numpy as np
import pytest
from scipy import stats as scipy_stats

from touchsite.analyze import batch
from touchsite.analyze.batch import Answers, net_difference, variances
from touchsite.analyze.kpis import STANDARD
from touchsite.analyze.stats import (
    benjamini_hochberg,
    bh_adjusted,
    chi_square_homogeneity,
    one_way_anova,
)


def first(found: batch.Tests) -> SimpleNamespace | None:
    """The test of a batch of one pair, as floats; None where the pair is not tested."""
    if not found.tested[0]:
        return None
    df = None if found.df is None else float(found.df[0])
    rest = ("statistic", "difference", "low", "high", "p_value")
    return SimpleNamespace(df=df, **{name: float(getattr(found, name)[0]) for name in rest})


def nps_difference(a: dict[int, int], b: dict[int, int]) -> SimpleNamespace | None:
    with np.errstate(invalid="ignore", divide="ignore"):
        return first(net_difference(STANDARD["nps"], Answers.of([a]), Answers.of([b])))


def proportion_difference(successes_a, n_a, successes_b, n_b) -> SimpleNamespace | None:
    arrays = (np.array([x], dtype="float64") for x in (successes_a, n_a, successes_b, n_b))
    with np.errstate(invalid="ignore", divide="ignore"):
        return first(batch.proportion_difference(*arrays))


def welch(mean_a, var_a, n_a, mean_b, var_b, n_b) -> SimpleNamespace | None:
    arrays = [np.array([x], dtype="float64") for x in (mean_a, var_a, n_a, mean_b, var_b, n_b)]
    with np.errstate(invalid="ignore", divide="ignore"):
        return first(batch.welch(*arrays))


def mean_difference(a: dict[int, int], b: dict[int, int]) -> SimpleNamespace | None:
    (n_a,), (mean_a,), (var_a,) = variances(Answers.of([a]))
    (n_b,), (mean_b,), (var_b,) = variances(Answers.of([b]))
    return welch(mean_a, var_a, n_a, mean_b, var_b, n_b)


def expand(counts: dict[int, int]) -> list[int]:
    return [score for score, n in sorted(counts.items()) for _ in range(n)]


# --- NPS difference, adjusted Wald -------------------------------------------------------


def test_nps_difference_by_hand():
    # a: 40 promoters, 30 passives, 30 detractors (NPS 10); b: 60 / 25 / 15 (NPS 45)
    # a: n' = 103, p+ = 40.75/103 = .395631, p- = 30.75/103 = .298544, NPS' = .097087,
    #    var = (.694175 - .009426) / 103 = .006648
    # b: p+ = 60.75/103 = .589806, p- = 15.75/103 = .152913, NPS' = .436893,
    #    var = (.742718 - .190876) / 103 = .005358
    # diff' = .339806, se = sqrt(.012006) = .109572, z = 3.1012, p = 2 (1 - Phi(3.1012)) = .00193
    # interval .339806 +- 1.959964 x .109572 = .339806 +- .214757
    result = nps_difference({10: 40, 7: 30, 3: 30}, {10: 60, 8: 25, 0: 15})
    # the interval's centre: the adjusted difference, a little closer to 0 than 45 - 10 = 35
    assert result.difference == pytest.approx(33.9806, abs=1e-4)
    assert result.difference == pytest.approx((result.low + result.high) / 2)
    assert result.statistic == pytest.approx(3.1012, abs=1e-4)
    assert result.p_value == pytest.approx(0.00193, abs=1e-5)
    assert (result.low, result.high) == pytest.approx((12.505, 55.456), abs=1e-3)
    assert result.df is None


def test_nps_difference_single_answers():
    # a = one 10, b = one 0: n' = 4; a: p+ = 1.75/4 = .4375, p- = .75/4 = .1875, NPS' = .25,
    # var = (.625 - .0625) / 4 = .140625; b mirrored: NPS' = -.25, same variance
    # diff' = -.5, se = sqrt(.28125) = .530330, z = -.942809, p = .345779
    result = nps_difference({10: 1}, {0: 1})
    assert result.difference == pytest.approx(-50.0)  # observed: -200, from one answer each
    assert result.statistic == pytest.approx(-0.942809, abs=1e-6)
    assert result.p_value == pytest.approx(0.345779, abs=1e-6)
    # -.5 +- 1.959964 x .530330 = -1.539428 .. .539428
    assert (result.low, result.high) == pytest.approx((-153.9428, 53.9428), abs=1e-3)


def test_nps_difference_all_promoters_in_both():
    same_n = nps_difference({10: 50}, {9: 20, 10: 30})
    assert (same_n.statistic, same_n.p_value, same_n.difference) == (0.0, 1.0, 0.0)
    # n 50 vs 20: NPS' 50/53 = .943396 vs 20/23 = .869565, diff' = -.073831;
    # var_a = (51.5/53 - .889997)/53 = .0015415, var_b = (21.5/23 - .756144)/23 = .0077669
    # se = sqrt(.0093084) = .096480, z = -.76524: the observed scores are equal (both 100),
    # the smaller group's is less certain, so its adjusted score lies lower
    different_n = nps_difference({10: 50}, {10: 20})
    assert different_n.difference == pytest.approx(-7.3831, abs=1e-4)
    assert different_n.statistic == pytest.approx(-0.76524, abs=1e-4)
    assert different_n.p_value > 0.4
    assert different_n.low < 0 < different_n.high


def test_nps_difference_identical_groups_and_empty():
    counts = {10: 7, 8: 5, 4: 3}
    result = nps_difference(counts, dict(counts))
    assert (result.statistic, result.p_value, result.difference) == (0.0, 1.0, 0.0)
    assert result.low == pytest.approx(-result.high)
    assert nps_difference({}, counts) is None
    assert nps_difference(counts, {}) is None


# --- two proportions ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "low", "high"),
    [
        # Newcombe (1998), Statistics in Medicine 17:873, table II, method 10
        ((48, 80), (56, 70), 0.0524, 0.3339),  # example (a): 56/70 - 48/80
        ((3, 10), (9, 10), 0.1705, 0.8090),  # (b)
        ((0, 29), (5, 56), -0.0381, 0.1926),  # (d)
        ((0, 20), (0, 10), -0.1611, 0.2775),  # (e)
        ((0, 20), (10, 10), 0.6791, 1.0000),  # (f)
    ],
)
def test_proportion_difference_newcombe_interval(a, b, low, high):
    result = proportion_difference(a[0], a[1], b[0], b[1])
    assert (result.low, result.high) == pytest.approx((low, high), abs=1e-4)


def test_proportion_difference_pooled_z():
    # 56/70 vs 48/80: pooled p = 104/150 = .693333, se = sqrt(.693333 x .306667 x (1/70 + 1/80))
    # = sqrt(.0056952) = .075467, z = .2 / .075467 = 2.6502
    result = proportion_difference(48, 80, 56, 70)
    assert result.difference == pytest.approx(0.2)
    assert result.statistic == pytest.approx(2.6502, abs=1e-4)
    # z^2 is Pearson's chi-square on the 2 x 2 table without continuity correction
    chi2, p, _, _ = scipy_stats.chi2_contingency([[48, 32], [56, 14]], correction=False)
    assert result.statistic**2 == pytest.approx(chi2)
    assert result.p_value == pytest.approx(p)


def test_proportion_difference_degenerate():
    assert proportion_difference(0, 0, 3, 10) is None
    both_full = proportion_difference(10, 10, 20, 20)
    assert (both_full.statistic, both_full.p_value, both_full.difference) == (0.0, 1.0, 0.0)
    assert both_full.low < 0 < both_full.high


# --- Welch -------------------------------------------------------------------------------

# The worked examples of the Rosetta Code task "Welch's t-test" (the first three from the
# Wikipedia article of that name, which prints |t| and df to 2-3 digits); Rosetta Code lists
# the two-sided p-values. Our difference is b - a, so t has the opposite sign to theirs.
WELCH_EXAMPLES = [
    (
        [27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
        [27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4],
        (2.46, 25.0),
        0.021378,
    ),
    (
        [17.2, 20.9, 22.6, 18.1, 21.7, 21.4, 23.5, 24.2, 14.7, 21.8],
        [21.5, 22.8, 21.0, 23.0, 21.6, 23.6, 22.5, 20.7, 23.4, 21.8]
        + [20.7, 21.7, 21.5, 22.5, 23.6, 21.5, 22.5, 23.5, 21.5, 21.8],
        (1.57, 9.9),
        0.148842,
    ),
    (
        [19.8, 20.4, 19.6, 17.8, 18.5, 18.9, 18.3, 18.9, 19.5, 22.0],
        [28.2, 26.6, 20.1, 23.3, 25.2, 22.1, 17.7, 27.6, 20.6, 13.7]
        + [23.2, 17.5, 20.6, 18.0, 23.9, 21.6, 24.3, 20.4, 24.0, 13.2],
        (2.22, 24.5),
        0.035972,
    ),
    (
        [30.02, 29.99, 30.11, 29.97, 30.01, 29.99],
        [29.89, 29.93, 29.72, 29.98, 30.02, 29.98],
        None,
        0.090773,
    ),
    ([3.0, 4.0, 1.0, 2.1], [490.2, 340.0, 433.9], None, 0.010752),
]


@pytest.mark.parametrize(("a", "b", "t_and_df", "p"), WELCH_EXAMPLES)
def test_welch_textbook_examples(a, b, t_and_df, p):
    result = welch(
        statistics.mean(a), statistics.variance(a), len(a),
        statistics.mean(b), statistics.variance(b), len(b),
    )  # fmt: skip
    assert result.p_value == pytest.approx(p, abs=1e-6)
    if t_and_df:
        assert result.statistic == pytest.approx(t_and_df[0], abs=0.005)
        assert result.df == pytest.approx(t_and_df[1], abs=0.05)


def test_welch_by_hand():
    # means 4 and 5, variances 1 and 4, n 10 and 5: se^2 = .1 + .8 = .9, t = 1 / .948683
    # = 1.054093; df = .81 / (.01/9 + .64/4) = .81 / .161111 = 5.027586
    result = welch(4.0, 1.0, 10, 5.0, 4.0, 5)
    assert result.statistic == pytest.approx(1.054093, abs=1e-6)
    assert result.df == pytest.approx(5.027586, abs=1e-6)
    # t(.975, 5.0276) = 2.5663 -> half width 2.4346
    assert (result.low, result.high) == pytest.approx((-1.4346, 3.4346), abs=1e-3)


def test_mean_difference_matches_scipy_on_expanded_samples():
    a, b = {1: 3, 2: 5, 3: 9, 4: 4, 5: 2}, {2: 1, 3: 4, 4: 10, 5: 8}
    result = mean_difference(a, b)
    reference = scipy_stats.ttest_ind(expand(b), expand(a), equal_var=False)
    assert result.statistic == pytest.approx(reference.statistic)
    assert result.p_value == pytest.approx(reference.pvalue)
    assert result.df == pytest.approx(reference.df)
    low, high = reference.confidence_interval(0.95)
    assert (result.low, result.high) == pytest.approx((low, high))
    assert result.difference == pytest.approx(np.mean(expand(b)) - np.mean(expand(a)))


def test_mean_difference_degenerate():
    assert mean_difference({}, {3: 4}) is None
    assert mean_difference({3: 1}, {3: 4, 4: 1}) is None  # n = 1: no variance
    same = mean_difference({6: 12}, {6: 30})
    assert (same.statistic, same.p_value, same.low, same.high) == (0.0, 1.0, 0.0, 0.0)
    assert mean_difference({6: 12}, {2: 30}) is None  # no variance, different means
    identical = mean_difference({1: 2, 5: 3}, {1: 2, 5: 3})
    assert (identical.statistic, identical.p_value) == (0.0, 1.0)


# --- Benjamini-Hochberg -----------------------------------------------------------------

# Benjamini & Hochberg (1995), section 4: 15 p-values from a trial, q = .05
BH_1995 = [
    0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344,
    0.0459, 0.3240, 0.4262, 0.5719, 0.6528, 0.7590, 1.000,
]  # fmt: skip


def test_benjamini_hochberg_classic_example():
    # thresholds i x .05/15: rank 4 has .0095 <= .0133, rank 5 .0201 > .0167, and no later
    # rank passes (rank 9: .0459 > .03), so the four smallest are discoveries
    # (Bonferroni, .05/15 = .00333, would keep only three)
    assert benjamini_hochberg(BH_1995) == [True] * 4 + [False] * 11
    # a subset of 7 in another order: thresholds i x .05/7; sorted .0001, .0004, .0019, .0095,
    # .0201, .3240, 1: rank 5 has .0201 <= .0357, rank 6 .3240 > .0429 -> five discoveries
    subset = [1.0, 0.0095, 0.0001, 0.3240, 0.0201, 0.0019, 0.0004]
    assert benjamini_hochberg(subset) == [False, True, True, False, True, True, True]
    assert benjamini_hochberg([]) == []


def test_bh_adjusted_by_hand():
    # m p / rank: .0015, .003, .0095, .035625, .0603, .0695, .063857, .0645, .0765, .486,
    # .581182, .714875, .753231, .813214, 1; then the running minimum from the top down
    # lowers rank 6 to .063857
    expected = [
        0.0015, 0.003, 0.0095, 0.035625, 0.0603, 0.063857, 0.063857, 0.0645,
        0.0765, 0.486, 0.581182, 0.714875, 0.753231, 0.813214, 1.0,
    ]  # fmt: skip
    adjusted = bh_adjusted(BH_1995)
    assert adjusted == pytest.approx(expected, abs=1e-6)
    assert adjusted == pytest.approx(list(scipy_stats.false_discovery_control(BH_1995)))
    assert [p <= 0.05 for p in adjusted] == benjamini_hochberg(BH_1995)
    assert bh_adjusted([0.9, 0.8]) == [0.9, 0.9]  # monotone
    assert bh_adjusted([0.6, 0.7, 0.8]) == pytest.approx([0.8, 0.8, 0.8])
    assert max(bh_adjusted([0.9, 0.95, 0.99, 1.0])) <= 1.0
    with pytest.raises(ValueError):
        bh_adjusted([1.2])


def test_bh_adjusted_families_each_as_if_alone():
    # two families interleaved: {.01, .04} (m = 2: .01 * 2, .04 * 2 / 2) and {.03, .02, .9}
    # (m = 3, by rank: .02 * 3 = .06, .03 * 3 / 2 = .045, .9; the running minimum from the
    # top lowers .06 to .045); a third family {.5} alone stays .5
    p_values = [0.03, 0.01, 0.02, 0.5, 0.04, 0.9]
    families = [1, 0, 1, 7, 0, 1]
    expected = [0.045, 0.02, 0.045, 0.5, 0.04, 0.9]
    assert bh_adjusted(p_values, families) == pytest.approx(expected)
    # a family whose larger p-value lowers a smaller one's: {.04, .041} -> .041 both, m = 2
    assert bh_adjusted([0.041, 0.3, 0.04], [5, 2, 5]) == pytest.approx([0.041, 0.3, 0.041])


# --- chi-square and ANOVA ----------------------------------------------------------------


def test_chi_square_by_hand():
    # rows (10, 20, 30) and (30, 20, 10): totals 60 / 60, columns 40 / 40 / 40, N = 120;
    # expected 60 x 40 / 120 = 20 in every cell
    # chi2 = 100/20 + 0 + 100/20 + 100/20 + 0 + 100/20 = 20, df = (2-1)(3-1) = 2,
    # p = exp(-20/2) = 4.53999e-5 (chi-square with 2 df), V = sqrt(20 / (120 x 1)) = .408248
    result = chi_square_homogeneity([{1: 10, 2: 20, 3: 30}, {1: 30, 2: 20, 3: 10}])
    assert result.statistic == pytest.approx(20.0)
    assert result.df == 2
    assert result.p_value == pytest.approx(4.53999e-5, rel=1e-5)
    assert result.cramers_v == pytest.approx(0.408248, abs=1e-6)
    assert result.min_expected == pytest.approx(20.0)


def test_chi_square_matches_scipy_and_drops_empty():
    tables = [{1: 4, 3: 9, 5: 12}, {}, {1: 7, 2: 3, 5: 5}, {2: 6, 3: 2, 4: 0, 5: 11}]
    result = chi_square_homogeneity(tables)
    observed = [[4, 0, 9, 12], [7, 3, 0, 5], [0, 6, 2, 11]]  # score 4: nobody, dropped
    chi2, p, df, expected = scipy_stats.chi2_contingency(observed, correction=False)
    assert (result.statistic, result.p_value) == pytest.approx((chi2, p))
    assert result.df == df == 6
    assert result.min_expected == pytest.approx(expected.min())


def test_chi_square_degenerate():
    assert chi_square_homogeneity([]) is None
    assert chi_square_homogeneity([{1: 5}, {}, {2: 0}]) is None
    same_score = chi_square_homogeneity([{5: 10}, {5: 3}])
    assert (same_score.statistic, same_score.df, same_score.p_value) == (0.0, 0, 1.0)
    identical = chi_square_homogeneity([{1: 2, 5: 8}, {1: 2, 5: 8}])
    assert identical.statistic == 0.0 and identical.p_value == pytest.approx(1.0)


def test_one_way_anova_by_hand():
    # groups 1,2,3 / 3,4,5 / 5,6,7: means 2, 4, 6, grand mean 4
    # SS_between = 3 (4 + 0 + 4) = 24, df1 = 2; SS_within = 2 + 2 + 2 = 6, df2 = 6
    # F = (24/2) / (6/6) = 12; for df1 = 2, P(F > f) = (1 + 2f/df2)^(-df2/2) = 5^-3 = .008
    groups = [{1: 1, 2: 1, 3: 1}, {3: 1, 4: 1, 5: 1}, {5: 1, 6: 1, 7: 1}]
    result = one_way_anova(groups)
    assert (result.statistic, result.df1, result.df2) == (pytest.approx(12.0), 2, 6)
    assert result.p_value == pytest.approx(0.008)


def test_one_way_anova_matches_scipy():
    groups = [{1: 3, 4: 5, 7: 2}, {}, {2: 4, 5: 6, 6: 3}, {3: 1, 6: 8, 7: 9}]
    result = one_way_anova(groups)
    reference = scipy_stats.f_oneway(*(expand(g) for g in groups if g))
    assert (result.statistic, result.p_value) == pytest.approx(
        (reference.statistic, reference.pvalue)
    )
    assert (result.df1, result.df2) == (2, 38)


def test_one_way_anova_degenerate():
    assert one_way_anova([{3: 4}]) is None
    assert one_way_anova([{3: 4}, {}]) is None
    assert one_way_anova([{3: 1}, {5: 1}]) is None  # one answer per group: no df within
    assert one_way_anova([{3: 4}, {5: 6}]) is None  # no variance within, means differ
    same = one_way_anova([{4: 3}, {4: 5}])
    assert (same.statistic, same.p_value) == (0.0, 1.0)
