"""Tests across many groups and many tests: chi-square and ANOVA over k groups of answer
counts, Benjamini-Hochberg over a family of p-values. (The test of two groups' difference in
a KPI is analyze/batch.py's, used through changes.kpi_difference.)

Degenerate inputs never raise: fewer than two groups with answers make a comparison
impossible and give None; groups that all answered the same score give p_value = 1.0. Each
function's docstring says which case gives which.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from touchsite.analyze.basis import Counts
from touchsite.analyze.batch import Answers, variances
from touchsite.analyze.distributions import chi2, f


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


def bh_adjusted(p_values: Sequence[float], families: Sequence[int] | None = None) -> list[float]:
    """Benjamini-Hochberg adjusted p-values (q-values), in the order given.

    p_adj(i) = min over ranks j >= i of m p_(j) / j, capped at 1 (as R's p.adjust "BH"), so
    they are monotone in p and a test is a discovery at level q exactly when p_adj <= q.
    `families`: each p-value's family (a number), to adjust many families at once, each as
    if alone (m its own size): one sort for all instead of one per family.
    """
    _check_p_values(p_values)
    if not p_values:
        return []
    # scipy's false_discovery_control(method="bh"), step by step: the same floats without its
    # checks, which cost a millisecond a family (a family per touchpoint adds up)
    ps = np.asarray(p_values, dtype="float64")
    family = np.zeros(len(ps), dtype=np.int64) if families is None else np.asarray(families)
    # by family, each by p-value; p-values that tie get the same adjusted value in any order
    order = np.lexsort((ps, family))
    ranked = family[order]
    starts = np.flatnonzero(np.r_[True, ranked[1:] != ranked[:-1]])
    ends = np.r_[starts[1:], len(ps)]
    sizes = ends - starts
    rank = np.arange(1, len(ps) + 1) - np.repeat(starts, sizes)
    adjusted = ps[order] * (np.repeat(sizes, sizes) / rank.astype("float64"))
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        run = adjusted[start:end][::-1]
        np.minimum.accumulate(run, out=run)
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
    sqrt(chi2 / (N (min(k, c) - 1))). Computed as scipy's chi2_contingency computes it, float
    for float, without Yates's continuity correction (which scipy would apply to a 2 x 2 table).

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
    observed = np.asarray(rows, dtype="float64")
    expected = observed.sum(axis=1, keepdims=True) * observed.sum(axis=0, keepdims=True)
    expected = expected / observed.sum()
    statistic = ((observed - expected) ** 2 / expected).ravel().sum()
    df = (len(rows) - 1) * (len(scores) - 1)
    p_value = chi2.sf(statistic, float(df))
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
    n, means, variance = variances(Answers.of(_answered(groups)))
    answered = list(zip(n.tolist(), means.tolist(), variance.tolist(), strict=True))
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
    statistic = (between / df1) / (within / df2)
    return AnovaResult(statistic, df1, df2, float(f.sf(statistic, df1, df2)))
