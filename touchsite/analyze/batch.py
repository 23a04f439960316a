"""KPI figures and difference tests for many groups of answers at once, as numpy arrays.

The one implementation of the formulas: `kpis.estimate` and `changes.kpi_difference` are a
batch of one. Every row of an `Answers` matrix is computed in one pass, with one call of
scipy's distribution functions per batch instead of one per figure. Estimates (see
`estimates`): NPS by the adjusted Wald interval (Rocks 2016: add 3 to n and 0.75 to
promoters and detractors), CSAT's top-2-box share by the Wilson score interval, means by the
t interval; a figure pooled from several answers per respondent gets its `Design`, and its
interval counts n divided by the design effect. Tests: see `net_difference`,
`proportion_difference` and `welch`. Sums run over each table's scores in the table's order,
and squares are taken as Python takes them (`squared`), so a figure does not depend on the
batch it was computed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import chain, starmap

import numpy as np

from touchsite.analyze import distributions as stats
from touchsite.analyze.basis import SIMPLE, Z95, Counts, Design, Difference
from touchsite.kpi import MEAN, NET, SHARE, Band, Kpi
from touchsite.models import KpiEstimate, Rules


def squared(values: np.ndarray) -> np.ndarray:
    """x ** 2 exactly as Python computes it for a float (libm's pow, which rounds differently
    from x * x about once in a thousand), so figures stay those the scalar formulas gave.
    `float_power` calls libm's pow for each element, as Python does; `power` and `**` square
    by a product (0.1 s of the analysis at 1,000 touchpoints went into a Python loop here)."""
    return np.float_power(np.asarray(values, dtype="float64"), 2.0)


def two_sided_normal(z: np.ndarray) -> np.ndarray:
    return 2 * stats.norm.sf(np.abs(z))


@dataclass(frozen=True)
class Answers:
    """Answer counts of many groups: row i holds group i's scores and their counts, in the
    order its count table lists them; a row shorter than the widest is padded with count 0."""

    scores: np.ndarray  # rows x width, float64
    counts: np.ndarray  # rows x width, int64
    # each row's number of scores (its table's length), where known: a score its table holds
    # with 0 answers is told from the padding only by it
    sizes: np.ndarray | None = None

    @classmethod
    def of(cls, tables: Sequence[Counts]) -> Answers:
        sizes = np.fromiter(map(len, tables), dtype="int64", count=len(tables))
        total = int(sizes.sum())
        width = int(sizes.max(initial=0))
        rows = np.repeat(np.arange(len(tables)), sizes)
        columns = np.arange(total) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        scores = np.zeros((len(tables), width))
        counts = np.zeros((len(tables), width), dtype="int64")
        scores[rows, columns] = np.fromiter(chain.from_iterable(tables), "float64", total)
        values = chain.from_iterable(t.values() for t in tables)
        counts[rows, columns] = np.fromiter(values, "int64", total)
        return cls(scores, counts, sizes)

    def __len__(self) -> int:
        return len(self.counts)

    def rows(self, index: np.ndarray) -> Answers:
        """These rows, in the order of `index` (a row may come twice). The columns stay: a
        row padded wider than its batch needs adds only zero counts, which change no sum."""
        sizes = None if self.sizes is None else self.sizes[index]
        return Answers(self.scores[index], self.counts[index], sizes)

    def pooled(self, groups: np.ndarray) -> Answers:
        """The rows of each group added up (`groups`: rows x parts, the rows of each group in
        the order they are read), as adding their tables one after the other into a dict
        does: each score in the place where a row of the group first has it, so that sums
        over a row's scores run in that order. Needs `sizes`."""
        parts = groups.shape[1]
        width = self.counts.shape[1]
        flat = groups.ravel()
        present = np.arange(width) < self.sizes[flat][:, None]  # (group, part) x column
        group = np.broadcast_to(np.repeat(np.arange(len(groups)), parts)[:, None], present.shape)
        group = group[present]
        scores, counts = self.scores[flat][present], self.counts[flat][present]
        distinct, code = np.unique(scores, return_inverse=True)
        key = group * len(distinct) + code.reshape(-1)
        _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
        totals = np.zeros(len(first), dtype="int64")
        np.add.at(totals, inverse.reshape(-1), counts)
        met = np.argsort(first, kind="stable")  # the groups in turn, each in the order met
        owner = group[first[met]]
        sizes = np.bincount(owner, minlength=len(groups))
        column = np.arange(len(met)) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        pooled_scores = np.zeros((len(groups), int(sizes.max(initial=0))))
        pooled_counts = np.zeros(pooled_scores.shape, dtype="int64")
        pooled_scores[owner, column] = scores[first[met]]
        pooled_counts[owner, column] = totals[met]
        return Answers(pooled_scores, pooled_counts, sizes)

    @cached_property
    def n(self) -> np.ndarray:
        """Each row's number of answers (asked for by several formulas of one batch)."""
        return self.counts.sum(axis=1)

    def within(self, band: Band) -> np.ndarray:
        """How many answers of each row lie in the band."""
        inside = (self.scores >= band.low) & (self.scores <= band.high)
        return np.where(inside, self.counts, 0).sum(axis=1)

    def moments(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """n, mean and the sum of squared deviations from the mean of each row."""
        n = self.n
        total = np.zeros(len(self))
        for column in range(self.counts.shape[1]):
            total = total + self.scores[:, column] * self.counts[:, column]
        with np.errstate(invalid="ignore", divide="ignore"):
            average = np.where(n > 0, total / n, 0.0)
        squares = np.zeros(len(self))
        for column in range(self.counts.shape[1]):
            # squared only where the score was given: elsewhere its term, 0 answers times a
            # finite square, is 0.0, and adding 0.0 leaves a sum as it is
            given = np.flatnonzero(self.counts[:, column])
            term = np.zeros(len(self))
            deviation = self.scores[given, column] - average[given]
            term[given] = self.counts[given, column] * squared(deviation)
            squares = squares + term
        return n, average, squares


def wilson(successes: np.ndarray | float, n: np.ndarray | float) -> tuple[np.ndarray, np.ndarray]:
    """Wilson score interval for proportions, as shares 0..1 (n > 0)."""
    p = successes / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * np.sqrt(p * (1 - p) / n + Z95**2 / (4 * squared(n))) / denominator
    return np.maximum(0.0, centre - half), np.minimum(1.0, centre + half)


def t975(freedom: np.ndarray) -> np.ndarray:
    """The t distribution's 97.5 % quantile for each row's degrees of freedom. A single
    figure's is remembered: the one-figure API asks for the same few n again and again, and
    scipy's call costs far more than the rest of the figure."""
    if len(freedom) == 1:
        return np.array([_t975(float(freedom[0]))])
    return stats.t.ppf(0.975, freedom)


@cache
def _t975(freedom: float) -> float:
    return float(stats.t.ppf(0.975, freedom))


def _effective(count: np.ndarray, effect: np.ndarray | float) -> np.ndarray:
    return np.where(effect == 1.0, count, count / effect)


def estimates(
    kpi: Kpi,
    tables: Sequence[Counts],
    targets: Sequence[float | None],
    rules: Rules,
    designs: Sequence[Design] | None = None,
) -> list[KpiEstimate]:
    """The KPI's figure of each table, as its definition's `measure` says, with its target
    and design (SIMPLE where None): a net score (% good minus % bad answers, -100..100), the
    share of good answers in percent or the mean score. With answers clustered in
    respondents, n is divided by the design effect (a mean: its standard error times the
    root of the effect, on effective n - 1 degrees of freedom)."""
    return row_estimates(kpi, Answers.of(tables), targets, rules, designs)


def row_estimates(
    kpi: Kpi,
    answers: Answers,
    targets: Sequence[float | None],
    rules: Rules,
    designs: Sequence[Design] | None = None,
) -> list[KpiEstimate]:
    """`estimates` of each row of `answers`."""
    designs = designs or [SIMPLE] * len(answers)
    n = answers.n
    safe = np.maximum(n, 1)
    effect = np.array([d.effect for d in designs], dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        if kpi.measure == NET:
            value = 100 * (answers.within(kpi.good) - answers.within(kpi.bad)) / safe
            centre, variance = _adjusted_nps(kpi, answers, effect)
            half = Z95 * np.sqrt(variance)
            low = 100 * np.maximum(-1.0, centre - half)
            high = 100 * np.minimum(1.0, centre + half)
        elif kpi.measure == SHARE:
            top = answers.within(kpi.good)
            low, high = wilson(_effective(top, effect), _effective(safe, effect))
            value, low, high = 100 * top / safe, 100 * low, 100 * high
        else:
            _, value, variance = variances(answers)
            effective = _effective(n, effect)
            freedom = np.maximum(effective - 1, 1.0)
            half = t975(freedom) * np.sqrt(variance / effective)
            low, high = value - half, value + half
    shown_from, confident_from = max(rules.min_n_shown, 1), rules.min_n_confident
    shown = n >= shown_from
    ranged = shown & (n >= (2 if kpi.measure == MEAN else 1))
    # as Python values a column at a time: indexing the arrays one figure at a time made
    # numpy scalars, and a loop over the rows cost more than the figures' formulas
    counts = n.tolist()
    figures = _where(shown, value, n.shape)
    lows, highs = _where(ranged, low, n.shape), _where(ranged, high, n.shape)
    respondents = [
        count if design is SIMPLE else design.respondents
        for count, design in zip(counts, designs, strict=True)
    ]
    low_n = ((n < confident_from) | ~shown).tolist()
    rows = len(counts)
    columns = zip(
        [kpi.id] * rows,
        counts,
        figures,
        lows,
        highs,
        targets,
        low_n,
        [kpi.higher_is_better] * rows,
        respondents,
        strict=True,
    )
    return list(starmap(KpiEstimate, columns))


def _where(kept: np.ndarray, values: np.ndarray | float, shape: tuple[int, ...]) -> list:
    """`values` (an array of `shape`, or one number for all) as Python floats where `kept`,
    None elsewhere."""
    return [
        value if keep else None
        for value, keep in zip(np.broadcast_to(values, shape).tolist(), kept.tolist(), strict=True)
    ]


@dataclass(frozen=True)
class Tests:
    """Two-sided difference tests of many pairs of groups (b - a) with the 95 % interval of
    each difference; `tested` is False where a pair cannot be compared; `statistic` is z or
    t, `df` a t-test's degrees of freedom."""

    tested: np.ndarray
    statistic: np.ndarray
    difference: np.ndarray
    low: np.ndarray
    high: np.ndarray
    p_value: np.ndarray
    df: np.ndarray | None = None


def differences(kpi: Kpi, a: Sequence[Counts], b: Sequence[Counts]) -> list[Difference | None]:
    """b[i] - a[i] in the KPI's unit, tested as its definition's `measure` says, for every
    i; None where either group has fewer than 2 answers or the test gives none."""
    return row_differences(kpi, Answers.of(a), Answers.of(b))


def row_differences(kpi: Kpi, answers_a: Answers, answers_b: Answers) -> list[Difference | None]:
    """`differences` of the rows of `answers_b` and `answers_a`, row by row."""
    n_a, n_b = answers_a.n, answers_b.n
    with np.errstate(invalid="ignore", divide="ignore"):
        found = TESTS[kpi.measure](kpi, answers_a, answers_b)
    tested = found.tested & (n_a >= 2) & (n_b >= 2)
    name = kpi.id
    return [
        Difference(name, difference, low, high, p_value, count_a, count_b) if ok else None
        for ok, count_a, count_b, difference, low, high, p_value in zip(
            tested.tolist(),
            n_a.tolist(),
            n_b.tolist(),
            found.difference.tolist(),
            found.low.tolist(),
            found.high.tolist(),
            found.p_value.tolist(),
            strict=True,
        )
    ]


def _adjusted_nps(
    kpi: Kpi, answers: Answers, effect: np.ndarray | float = 1.0
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's adjusted-Wald net score and its variance, as shares (-1..1), its answers
    worth n / effect independent ones (see `net_difference`)."""
    return adjusted_net(
        _effective(answers.within(kpi.good), effect),
        _effective(answers.within(kpi.bad), effect),
        _effective(answers.n, effect),
    )


def adjusted_net(good: np.ndarray, bad: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The adjusted-Wald net score of good and bad answers out of n (effective counts where
    the answers cluster) and its variance, as shares (-1..1): see `net_difference`."""
    adjusted_n = n + 3
    p_pro = (good + 0.75) / adjusted_n
    p_det = (bad + 0.75) / adjusted_n
    return p_pro - p_det, (p_pro + p_det - squared(p_pro - p_det)) / adjusted_n


def net_difference(kpi: Kpi, a: Answers, b: Answers) -> Tests:
    """Compare net scores (NPS: % promoters minus % detractors), in points: b - a.

    Adjusted-Wald method (Rocks 2016, "The Effect of Adding 3 to the Sample Size"; Sauro &
    Lewis, Quantifying the User Experience, 2nd ed. 2016): in each group add 3 to n and 0.75
    to promoters and to detractors; each adjusted NPS has variance
    (p_pro + p_det - (p_pro - p_det)^2) / n_adj; z = (NPS_adj,b - NPS_adj,a) /
    sqrt(var_a + var_b), and the interval is that adjusted difference +- 1.96 standard errors,
    clipped to -200..200. `difference` is the adjusted difference, the centre of that
    interval: a figure shown beside its interval must be its centre. On small samples it
    lies a little closer to zero than the plain difference of the two scores (for two groups
    of 40, -46.5 instead of -50); from a few hundred answers they agree to the point.

    Not tested where either group has no answers. The adjustment keeps both variances
    positive, so n = 1 and all-promoter groups still give a (wide) result.
    """
    adjusted_a, variance_a = _adjusted_nps(kpi, a)
    adjusted_b, variance_b = _adjusted_nps(kpi, b)
    adjusted = adjusted_b - adjusted_a
    se = np.sqrt(variance_a + variance_b)
    low = np.maximum(-2.0, adjusted - Z95 * se)
    high = np.minimum(2.0, adjusted + Z95 * se)
    z = adjusted / se
    tested = (a.n > 0) & (b.n > 0)
    return Tests(tested, z, 100 * adjusted, 100 * low, 100 * high, two_sided_normal(z))


def proportion_difference(
    successes_a: np.ndarray, n_a: np.ndarray, successes_b: np.ndarray, n_b: np.ndarray
) -> Tests:
    """Compare two proportions (shares 0..1): p_b - p_a.

    Test: the two-proportion z-test with the pooled proportion in the standard error
    (equivalent to Pearson's chi-square on the 2 x 2 table without continuity correction).
    Interval: Newcombe's hybrid score interval (Newcombe 1998, Statistics in Medicine 17:873,
    method 10), built from the two Wilson intervals; it stays inside -1..1 and behaves at
    0 % and 100 %, where the Wald interval collapses.

    Not tested where either n is 0. If both groups are all successes or all failures, the
    pooled standard error is 0: statistic 0.0 and p_value 1.0, with Newcombe's interval.
    """
    p_a, p_b = successes_a / n_a, successes_b / n_b
    difference = p_b - p_a
    low_a, high_a = wilson(successes_a, n_a)
    low_b, high_b = wilson(successes_b, n_b)
    low = difference - np.sqrt(squared(p_b - low_b) + squared(high_a - p_a))
    high = difference + np.sqrt(squared(high_b - p_b) + squared(p_a - low_a))
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    z = np.where(se == 0, 0.0, difference / se)
    p_value = np.where(se == 0, 1.0, two_sided_normal(z))
    return Tests((n_a > 0) & (n_b > 0), z, difference, low, high, p_value)


def recovered(
    point_a: np.ndarray,
    low_a: np.ndarray,
    high_a: np.ndarray,
    point_b: np.ndarray,
    low_b: np.ndarray,
    high_b: np.ndarray,
    correlation: np.ndarray | float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """The 95 % interval of point_b - point_a from each side's own 95 % interval, its
    estimates correlated by `correlation`: the method of variance estimates recovery
    (MOVER; Zou & Donner 2008, Statistics in Medicine 27:1693; the correlated form: Zou 2007,
    Psychological Methods 12:399). Each side's distance from its estimate to the limit that
    moves the difference that way is taken as 1.96 of its standard errors there:

        low  = d - sqrt((b - l_b)^2 + (u_a - a)^2 - 2 r (b - l_b)(u_a - a))
        high = d + sqrt((u_b - b)^2 + (a - l_a)^2 - 2 r (u_b - b)(a - l_a))

    With independent sides and Wilson intervals it is Newcombe's hybrid score interval
    (`proportion_difference`); with symmetric Wald intervals, the Wald interval of the
    difference. Each side's interval must hold its estimate; the result then holds d and
    lies within l_b - u_a .. u_b - l_a (clipped there against rounding): no wider than the
    two sides' intervals reach."""
    difference = point_b - point_a
    down_b, up_b = point_b - low_b, high_b - point_b
    down_a, up_a = point_a - low_a, high_a - point_a
    below = squared(down_b) + squared(up_a) - 2 * correlation * down_b * up_a
    above = squared(up_b) + squared(down_a) - 2 * correlation * up_b * down_a
    low = difference - np.sqrt(np.maximum(below, 0.0))
    high = difference + np.sqrt(np.maximum(above, 0.0))
    return np.clip(low, low_b - high_a, difference), np.clip(high, difference, high_b - low_a)


def _share(kpi: Kpi, a: Answers, b: Answers) -> Tests:
    """The share of good answers compared, in percentage points."""
    found = proportion_difference(a.within(kpi.good), a.n, b.within(kpi.good), b.n)
    scaled = (found.difference * 100.0, found.low * 100.0, found.high * 100.0)
    return Tests(found.tested, found.statistic, *scaled, found.p_value)


def welch(
    mean_a: np.ndarray,
    var_a: np.ndarray,
    n_a: np.ndarray,
    mean_b: np.ndarray,
    var_b: np.ndarray,
    n_b: np.ndarray,
) -> Tests:
    """Welch's unequal-variance t-test of mean_b - mean_a from means and sample variances.

    t = (mean_b - mean_a) / sqrt(var_a/n_a + var_b/n_b) with Welch-Satterthwaite degrees of
    freedom (Welch 1947; Satterthwaite 1946), and the matching t interval.

    Not tested where either n is below 2 (no variance), or where both variances are 0 while
    the means differ (t would be infinite). Both variances 0 and equal means: t = 0,
    p_value = 1.0 and a zero-width interval.
    """
    difference = mean_b - mean_a
    part_a, part_b = var_a / n_a, var_b / n_b
    se = np.sqrt(part_a + part_b)
    freedom = squared(part_a + part_b) / (squared(part_a) / (n_a - 1) + squared(part_b) / (n_b - 1))
    t = difference / se
    half = stats.t.ppf(0.975, freedom) * se
    p_value = 2 * stats.t.sf(np.abs(t), freedom)
    flat = se == 0  # no variance: equal means cannot differ, different ones give no test
    return Tests(
        (n_a >= 2) & (n_b >= 2) & ~(flat & (difference != 0)),
        np.where(flat, 0.0, t),
        np.where(flat, 0.0, difference),
        np.where(flat, 0.0, difference - half),
        np.where(flat, 0.0, difference + half),
        np.where(flat, 1.0, p_value),
        freedom,
    )


def variances(answers: Answers) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """n, mean and sample variance (n - 1 in the denominator; 0 for n < 2) of each row."""
    n, average, squares = answers.moments()
    return n, average, np.where(n >= 2, squares / np.maximum(n - 1, 1), 0.0)


def _mean(kpi: Kpi, a: Answers, b: Answers) -> Tests:
    """The mean scores compared by `welch`."""
    n_a, mean_a, var_a = variances(a)
    n_b, mean_b, var_b = variances(b)
    return welch(mean_a, var_a, n_a, mean_b, var_b, n_b)


TESTS = {NET: net_difference, SHARE: _share, MEAN: _mean}
