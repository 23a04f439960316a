"""KPI figures and difference tests for many groups of answers at once, as numpy arrays.

The same formulas as `kpis.estimate` and `changes.kpi_difference` (see there for the methods
and their sources), computed for every row of an `Answers` matrix in one pass, with one call
of scipy's distribution functions per batch instead of one per figure. The results are the
same floats, bit for bit, as the one-at-a-time functions give: every operation is the same
IEEE operation in the same order (sums run over each table's scores in the table's order, and
squares are taken as Python takes them, see `squared`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy import stats

from touchsite.analyze.changes import Difference
from touchsite.analyze.kpis import SIMPLE, Z95, Counts, Design
from touchsite.kpi import MEAN, NET, SHARE, Band, Kpi
from touchsite.models import KpiEstimate, Rules


def squared(values: np.ndarray) -> np.ndarray:
    """x ** 2 exactly as Python computes it for a float (libm's pow, which rounds differently
    from x * x about once in a thousand), so figures match the one-at-a-time functions."""
    flat = np.asarray(values, dtype="float64")
    return np.array([x**2 for x in flat.ravel().tolist()], dtype="float64").reshape(flat.shape)


def two_sided_normal(z: np.ndarray) -> np.ndarray:
    return 2 * stats.norm.sf(np.abs(z))


@dataclass(frozen=True)
class Answers:
    """Answer counts of many groups: row i holds group i's scores and their counts, in the
    order its count table lists them; a row shorter than the widest is padded with count 0."""

    scores: np.ndarray  # rows x width, float64
    counts: np.ndarray  # rows x width, int64

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
        return cls(scores, counts)

    def __len__(self) -> int:
        return len(self.counts)

    @property
    def n(self) -> np.ndarray:
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
            squares = squares + self.counts[:, column] * squared(self.scores[:, column] - average)
        return n, average, squares


def wilson(successes: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`kpis.wilson` for arrays (n > 0)."""
    p = successes / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * np.sqrt(p * (1 - p) / n + Z95**2 / (4 * squared(n))) / denominator
    return np.maximum(0.0, centre - half), np.minimum(1.0, centre + half)


def _effective(count: np.ndarray, effect: np.ndarray) -> np.ndarray:
    return np.where(effect == 1.0, count, count / effect)


def estimates(
    kpi: Kpi,
    tables: Sequence[Counts],
    targets: Sequence[float | None],
    rules: Rules,
    designs: Sequence[Design] | None = None,
) -> list[KpiEstimate]:
    """`kpis.estimate` of each table, with its target and design (SIMPLE where None)."""
    designs = designs or [SIMPLE] * len(tables)
    answers = Answers.of(tables)
    n = answers.n
    safe = np.maximum(n, 1)
    effect = np.array([d.effect for d in designs], dtype="float64")
    with np.errstate(invalid="ignore", divide="ignore"):
        if kpi.measure == NET:
            promoters, detractors = answers.within(kpi.good), answers.within(kpi.bad)
            value = 100 * (promoters - detractors) / safe
            adjusted_n = _effective(n, effect) + 3
            p_pro = (_effective(promoters, effect) + 0.75) / adjusted_n
            p_det = (_effective(detractors, effect) + 0.75) / adjusted_n
            centre = p_pro - p_det
            half = Z95 * np.sqrt((p_pro + p_det - squared(centre)) / adjusted_n)
            low = 100 * np.maximum(-1.0, centre - half)
            high = 100 * np.minimum(1.0, centre + half)
        elif kpi.measure == SHARE:
            top = answers.within(kpi.good)
            low, high = wilson(_effective(top, effect), _effective(safe, effect))
            value, low, high = 100 * top / safe, 100 * low, 100 * high
        else:
            _, value, squares = answers.moments()
            variance = squares / np.maximum(n - 1, 1)
            effective = _effective(n, effect)
            freedom = np.maximum(effective - 1, 1.0)
            half = stats.t.ppf(0.975, freedom) * np.sqrt(variance / effective)
            low, high = value - half, value + half
    found = []
    interval = n >= (2 if kpi.measure == MEAN else 1)
    for i, (count, design) in enumerate(zip(n.tolist(), designs, strict=True)):
        respondents = count if design is SIMPLE else design.respondents
        shown = count >= rules.min_n_shown and count > 0
        low_n = count < rules.min_n_confident or not shown
        figure = float(value[i]) if shown else None
        low_i, high_i = (float(low[i]), float(high[i])) if shown and interval[i] else (None, None)
        found.append(
            KpiEstimate(
                kpi.id,
                count,
                figure,
                low_i,
                high_i,
                targets[i],
                low_n,
                kpi.higher_is_better,
                respondents,
            )
        )
    return found


@dataclass(frozen=True)
class Tests:
    """Difference tests of many pairs of groups (b - a); `tested` is False where a pair cannot
    be compared (the one-at-a-time function's None)."""

    tested: np.ndarray
    difference: np.ndarray
    low: np.ndarray
    high: np.ndarray
    p_value: np.ndarray


def differences(kpi: Kpi, a: Sequence[Counts], b: Sequence[Counts]) -> list[Difference | None]:
    """`changes.kpi_difference(kpi, a[i], b[i])` for every i."""
    answers_a, answers_b = Answers.of(a), Answers.of(b)
    n_a, n_b = answers_a.n, answers_b.n
    with np.errstate(invalid="ignore", divide="ignore"):
        found = TESTS[kpi.measure](kpi, answers_a, answers_b)
    tested = found.tested & (n_a >= 2) & (n_b >= 2)
    return [
        Difference(kpi.id, *row, n_a=count_a, n_b=count_b) if ok else None
        for ok, count_a, count_b, *row in zip(
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


def _adjusted_nps(kpi: Kpi, answers: Answers) -> tuple[np.ndarray, np.ndarray]:
    adjusted_n = answers.n + 3
    p_pro = (answers.within(kpi.good) + 0.75) / adjusted_n
    p_det = (answers.within(kpi.bad) + 0.75) / adjusted_n
    return p_pro - p_det, (p_pro + p_det - squared(p_pro - p_det)) / adjusted_n


def _net(kpi: Kpi, a: Answers, b: Answers) -> Tests:
    """stats.nps_difference."""
    adjusted_a, variance_a = _adjusted_nps(kpi, a)
    adjusted_b, variance_b = _adjusted_nps(kpi, b)
    adjusted = adjusted_b - adjusted_a
    se = np.sqrt(variance_a + variance_b)
    low = np.maximum(-2.0, adjusted - Z95 * se)
    high = np.minimum(2.0, adjusted + Z95 * se)
    p_value = two_sided_normal(adjusted / se)
    return Tests((a.n > 0) & (b.n > 0), 100 * adjusted, 100 * low, 100 * high, p_value)


def _share(kpi: Kpi, a: Answers, b: Answers) -> Tests:
    """stats.proportion_difference, in percentage points."""
    n_a, n_b = a.n, b.n
    successes_a, successes_b = a.within(kpi.good), b.within(kpi.good)
    p_a, p_b = successes_a / n_a, successes_b / n_b
    difference = p_b - p_a
    low_a, high_a = wilson(successes_a, n_a)
    low_b, high_b = wilson(successes_b, n_b)
    low = difference - np.sqrt(squared(p_b - low_b) + squared(high_a - p_a))
    high = difference + np.sqrt(squared(high_b - p_b) + squared(p_a - low_a))
    pooled = (successes_a + successes_b) / (n_a + n_b)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    p_value = np.where(se == 0, 1.0, two_sided_normal(difference / se))
    tested = (n_a > 0) & (n_b > 0)
    return Tests(tested, difference * 100.0, low * 100.0, high * 100.0, p_value)


def _mean(kpi: Kpi, a: Answers, b: Answers) -> Tests:
    """stats.welch on each pair's moments (stats.mean_difference)."""
    n_a, mean_a, squares_a = a.moments()
    n_b, mean_b, squares_b = b.moments()
    var_a = np.where(n_a >= 2, squares_a / (n_a - 1), 0.0)
    var_b = np.where(n_b >= 2, squares_b / (n_b - 1), 0.0)
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
        np.where(flat, 0.0, difference),
        np.where(flat, 0.0, difference - half),
        np.where(flat, 0.0, difference + half),
        np.where(flat, 1.0, p_value),
    )


TESTS = {NET: _net, SHARE: _share, MEAN: _mean}
