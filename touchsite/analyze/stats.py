"""Significance tests from summary statistics: answer counts, means and variances, p-values.

Every test is two-sided at the 95 % level. Differences are always b - a (the second group
minus the first), so a positive difference means the second group scores higher.

Degenerate inputs never raise: a group without answers makes a comparison impossible and
gives None; groups that are identical, or all answered the same score, give a result with
p_value = 1.0. Each function's docstring says which case gives which.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import stats

from touchsite.analyze.kpis import STANDARD, Z95, Counts, answers_in, wilson
from touchsite.kpi import Kpi


@dataclass(frozen=True)
class TestResult:
    """A two-sided test of a difference (b - a) with the 95 % interval of that difference.

    `statistic` is z or t; `df` is set for t tests only. `low`/`high` are None where the
    interval is undefined.
    """

    __test__ = False  # not a pytest test class, despite the name

    statistic: float | None
    p_value: float
    difference: float
    low: float | None
    high: float | None
    df: float | None = None


@dataclass(frozen=True)
class ChiSquareResult:
    """Pearson's chi-square test of homogeneity over a groups x scores table.

    `min_expected` is the smallest expected cell count: below 5 the chi-square approximation
    is rough (Cochran 1954). `cramers_v` is the effect size, 0 (same) .. 1 (disjoint).
    """

    statistic: float
    df: int
    p_value: float
    cramers_v: float
    min_expected: float


@dataclass(frozen=True)
class AnovaResult:
    """One-way analysis of variance: F with (df1, df2) degrees of freedom."""

    statistic: float
    df1: int
    df2: int
    p_value: float


def _total(counts: Counts) -> int:
    return int(sum(counts.values()))


def _moments(counts: Counts) -> tuple[int, float, float]:
    """n, mean and sample variance (n - 1 in the denominator; 0 for n < 2) of score counts."""
    n = _total(counts)
    if n == 0:
        return 0, 0.0, 0.0
    average = sum(score * k for score, k in counts.items()) / n
    if n < 2:
        return n, average, 0.0
    squares = sum(k * (score - average) ** 2 for score, k in counts.items())
    return n, average, squares / (n - 1)


def _two_sided_normal(z: float) -> float:
    return float(2 * stats.norm.sf(abs(z)))


def _adjusted_nps(counts: Counts, kpi: Kpi) -> tuple[float, float]:
    """Adjusted-Wald NPS and its variance, as shares (-1..1)."""
    n = _total(counts)
    promoters, detractors = answers_in(counts, kpi.good), answers_in(counts, kpi.bad)
    adjusted_n = n + 3
    p_pro = (promoters + 0.75) / adjusted_n
    p_det = (detractors + 0.75) / adjusted_n
    variance = (p_pro + p_det - (p_pro - p_det) ** 2) / adjusted_n
    return p_pro - p_det, variance


def nps_difference(a: Counts, b: Counts, kpi: Kpi = STANDARD["nps"]) -> TestResult | None:
    """Compare two Net Promoter Scores (0-10 answers), in points: b - a.

    `kpi` gives the bands: any net score (% good minus % bad answers) is tested the same way.

    Adjusted-Wald method (Rocks 2016, "The Effect of Adding 3 to the Sample Size"; Sauro &
    Lewis, Quantifying the User Experience, 2nd ed. 2016): in each group add 3 to n and 0.75
    to promoters and to detractors; each adjusted NPS has variance
    (p_pro + p_det - (p_pro - p_det)^2) / n_adj; z = (NPS_adj,b - NPS_adj,a) /
    sqrt(var_a + var_b), and the interval is that adjusted difference +- 1.96 standard errors,
    clipped to -200..200. `difference` is the adjusted difference, the centre of that
    interval: a figure shown beside its interval must be its centre. On small samples it
    lies a little closer to zero than the plain difference of the two scores (for two groups
    of 40, -46.5 instead of -50); from a few hundred answers they agree to the point.

    None if either group has no answers. The adjustment keeps both variances positive, so
    n = 1 and all-promoter groups still give a (wide) result.
    """
    if _total(a) == 0 or _total(b) == 0:
        return None
    adjusted_a, variance_a = _adjusted_nps(a, kpi)
    adjusted_b, variance_b = _adjusted_nps(b, kpi)
    adjusted = adjusted_b - adjusted_a
    se = math.sqrt(variance_a + variance_b)
    z = adjusted / se
    low, high = max(-2.0, adjusted - Z95 * se), min(2.0, adjusted + Z95 * se)
    return TestResult(z, _two_sided_normal(z), 100 * adjusted, 100 * low, 100 * high)


def z_test(difference: float, se: float) -> TestResult:
    """Wald z-test of a difference with its standard error, and its 95 % interval.

    A standard error of 0 gives p_value 1.0 for no difference and 0.0 for any other."""
    if se == 0:
        return TestResult(None, 1.0 if difference == 0 else 0.0, difference, difference, difference)
    z = difference / se
    return TestResult(
        z, _two_sided_normal(z), difference, difference - Z95 * se, difference + Z95 * se
    )


def proportion_difference(
    successes_a: int, n_a: int, successes_b: int, n_b: int
) -> TestResult | None:
    """Compare two proportions (shares 0..1): p_b - p_a.

    Test: the two-proportion z-test with the pooled proportion in the standard error
    (equivalent to Pearson's chi-square on the 2 x 2 table without continuity correction).
    Interval: Newcombe's hybrid score interval (Newcombe 1998, Statistics in Medicine 17:873,
    method 10), built from the two Wilson intervals; it stays inside -1..1 and behaves at
    0 % and 100 %, where the Wald interval collapses.

    None if either n is 0. If both groups are all successes or all failures, the pooled
    standard error is 0: statistic 0.0 and p_value 1.0, with Newcombe's interval.
    """
    if n_a <= 0 or n_b <= 0:
        return None
    if not (0 <= successes_a <= n_a and 0 <= successes_b <= n_b):
        raise ValueError("successes must lie between 0 and n")
    p_a, p_b = successes_a / n_a, successes_b / n_b
    difference = p_b - p_a
    low_a, high_a = wilson(successes_a, n_a)
    low_b, high_b = wilson(successes_b, n_b)
    low = difference - math.sqrt((p_b - low_b) ** 2 + (high_a - p_a) ** 2)
    high = difference + math.sqrt((high_b - p_b) ** 2 + (p_a - low_a) ** 2)
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if se == 0:
        return TestResult(0.0, 1.0, difference, low, high)
    z = difference / se
    return TestResult(z, _two_sided_normal(z), difference, low, high)


def welch(
    mean_a: float, var_a: float, n_a: int, mean_b: float, var_b: float, n_b: int
) -> TestResult | None:
    """Welch's unequal-variance t-test of mean_b - mean_a from means and sample variances.

    t = (mean_b - mean_a) / sqrt(var_a/n_a + var_b/n_b) with Welch-Satterthwaite degrees of
    freedom (Welch 1947; Satterthwaite 1946), and the matching t interval.

    None if either n is below 2 (no variance), or if both variances are 0 while the means
    differ (t would be infinite). Both variances 0 and equal means: t = 0, p_value = 1.0,
    a zero-width interval and df None.
    """
    if n_a < 2 or n_b < 2:
        return None
    difference = mean_b - mean_a
    part_a, part_b = var_a / n_a, var_b / n_b
    se = math.sqrt(part_a + part_b)
    if se == 0:
        if difference != 0:
            return None
        return TestResult(0.0, 1.0, 0.0, 0.0, 0.0)
    df = (part_a + part_b) ** 2 / (part_a**2 / (n_a - 1) + part_b**2 / (n_b - 1))
    t = difference / se
    half = float(stats.t.ppf(0.975, df)) * se
    p_value = float(2 * stats.t.sf(abs(t), df))
    return TestResult(t, p_value, difference, difference - half, difference + half, df)


def mean_difference(counts_a: Counts, counts_b: Counts) -> TestResult | None:
    """Welch's t-test (see `welch`) of the mean scores of two groups of answer counts."""
    n_a, mean_a, var_a = _moments(counts_a)
    n_b, mean_b, var_b = _moments(counts_b)
    return welch(mean_a, var_a, n_a, mean_b, var_b, n_b)


def _check_p_values(p_values: Sequence[float]) -> None:
    if any(not 0.0 <= p <= 1.0 for p in p_values):
        raise ValueError("p-values must lie between 0 and 1")


def benjamini_hochberg(p_values: Sequence[float], q: float = 0.05) -> list[bool]:
    """Which tests are discoveries at false discovery rate q, in the order given.

    Step-up procedure of Benjamini & Hochberg (1995, JRSS B 57:289): sort the m p-values,
    find the largest rank i with p_(i) <= i q / m, and reject the i smallest; that is, the
    tests whose adjusted p-value (`bh_adjusted`) is at most q.
    """
    if not 0.0 < q <= 1.0:
        raise ValueError("q must lie in (0, 1]")
    return [p <= q for p in bh_adjusted(p_values)]


def bh_adjusted(p_values: Sequence[float]) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the order given.

    p_adj(i) = min over ranks j >= i of m p_(j) / j, capped at 1 (as R's p.adjust "BH"), so
    they are monotone in p and a test is a discovery at level q exactly when p_adj <= q.
    """
    _check_p_values(p_values)
    if not p_values:
        return []
    # scipy's false_discovery_control(method="bh"), step by step: the same floats without its
    # checks, which cost a millisecond a family (a family per touchpoint adds up)
    ps = np.asarray(p_values, dtype="float64")
    order = np.argsort(ps)
    adjusted = ps[order] * (len(ps) / np.arange(1, len(ps) + 1, dtype="float64"))
    np.minimum.accumulate(adjusted[::-1], out=adjusted[::-1])
    result = np.empty_like(adjusted)
    result[order] = adjusted
    return np.clip(result, 0.0, 1.0).tolist()


def _answered(groups: Sequence[Counts]) -> list[Counts]:
    return [group for group in groups if _total(group) > 0]


def chi_square_homogeneity(tables: Sequence[Counts]) -> ChiSquareResult | None:
    """Do k groups (e.g. the channels of one phase) share one distribution of answers?

    Pearson's chi-square test of homogeneity on the groups x scores table (Agresti,
    Categorical Data Analysis, 3rd ed. 2013, sec. 3.2): sum of (observed - expected)^2 /
    expected with expected = row total x column total / N, df = (k - 1)(c - 1); Cramer's V =
    sqrt(chi2 / (N (min(k, c) - 1))). Computed by scipy's chi2_contingency, without Yates's
    continuity correction (which scipy would otherwise apply to a 2 x 2 table).

    Groups without answers are dropped, and so are scores nobody gave; fewer than 2 groups
    left gives None. If every answer is the same score (one column), the groups cannot
    differ: statistic 0, df 0, p_value 1.0.
    """
    groups = _answered(tables)
    if len(groups) < 2:
        return None
    scores = sorted({score for group in groups for score, n in group.items() if n > 0})
    rows = [[int(group.get(score, 0)) for score in scores] for group in groups]
    row_totals = [sum(row) for row in rows]
    total = sum(row_totals)
    if len(scores) < 2:
        return ChiSquareResult(0.0, 0, 1.0, 0.0, float(min(row_totals)))
    statistic, p_value, df, expected = stats.chi2_contingency(rows, correction=False)
    cramers_v = math.sqrt(statistic / (total * (min(len(rows), len(scores)) - 1)))
    return ChiSquareResult(
        float(statistic), int(df), float(p_value), cramers_v, float(expected.min())
    )


def one_way_anova(groups: Sequence[Counts]) -> AnovaResult | None:
    """Do k groups have the same mean score? One-way ANOVA from answer counts.

    F = (SS_between / (k - 1)) / (SS_within / (N - k)) (Fisher 1925; Montgomery, Design and
    Analysis of Experiments, ch. 3), assuming equal variances.

    Groups without answers are dropped; None if fewer than 2 groups are left, if N - k = 0
    (one answer per group), or if every group answered one score each but the groups differ
    (no variance within, F infinite). All answers identical: F = 0, p_value = 1.0.
    """
    answered = [_moments(group) for group in _answered(groups)]
    k = len(answered)
    total = sum(n for n, _, _ in answered)
    if k < 2 or total - k < 1:
        return None
    grand = sum(n * average for n, average, _ in answered) / total
    between = sum(n * (average - grand) ** 2 for n, average, _ in answered)
    within = sum((n - 1) * variance for n, _, variance in answered)
    df1, df2 = k - 1, total - k
    if within == 0:
        return None if between > 0 else AnovaResult(0.0, df1, df2, 1.0)
    f = (between / df1) / (within / df2)
    return AnovaResult(f, df1, df2, float(stats.f.sf(f, df1, df2)))
