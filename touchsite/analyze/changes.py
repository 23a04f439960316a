"""Is a difference between two sets of answers real? One test per KPI, the same everywhere.

The test follows the KPI definition's measure: a net score (NPS) by the adjusted-Wald z-test
on the difference, a share (CSAT top-2-box) by the two-proportion z-test, a mean by Welch's
t-test. Used for trends, segments, pain points, A/B tests and changes between revisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from touchsite.analyze import stats
from touchsite.analyze.kpis import Counts, answers_in
from touchsite.kpi import MEAN, NET, SHARE, Kpi
from touchsite.models import Rules


@dataclass(frozen=True)
class Difference:
    """b minus a, in the KPI's unit (NPS points, CSAT percentage points, mean score)."""

    kpi: str
    difference: float
    low: float | None
    high: float | None
    p_value: float
    n_a: int
    n_b: int


def _net(kpi: Kpi, a: Counts, b: Counts) -> stats.TestResult | None:
    return stats.nps_difference(a, b, kpi)  # already in points


def _share(kpi: Kpi, a: Counts, b: Counts) -> stats.TestResult | None:
    n_a, n_b = int(sum(a.values())), int(sum(b.values()))
    top_a, top_b = answers_in(a, kpi.good), answers_in(b, kpi.good)
    return _scaled(stats.proportion_difference(top_a, n_a, top_b, n_b), 100.0)


def _mean(kpi: Kpi, a: Counts, b: Counts) -> stats.TestResult | None:
    return stats.mean_difference(a, b)


def _scaled(result: stats.TestResult | None, factor: float) -> stats.TestResult | None:
    """A share's difference (0..1) in percentage points."""
    if result is None:
        return None
    low = None if result.low is None else result.low * factor
    high = None if result.high is None else result.high * factor
    return replace(result, difference=result.difference * factor, low=low, high=high)


TESTS = {NET: _net, SHARE: _share, MEAN: _mean}


def kpi_difference(kpi: Kpi, a: Counts, b: Counts) -> Difference | None:
    """b - a in the KPI's unit, tested as its definition's `measure` says."""
    n_a, n_b = int(sum(a.values())), int(sum(b.values()))
    if n_a < 2 or n_b < 2:
        return None
    result = TESTS[kpi.measure](kpi, a, b)
    if result is None:
        return None
    return Difference(kpi.id, result.difference, result.low, result.high, result.p_value, n_a, n_b)


def confident(difference: Difference, rules: Rules) -> bool:
    """Both groups large enough to compare at all (the small-sample rule)."""
    return min(difference.n_a, difference.n_b) >= rules.min_n_confident


def big_enough(difference: Difference, rules: Rules) -> bool:
    effect = rules.min_effect.get(difference.kpi) or 0.0
    return abs(difference.difference) >= effect


def discoveries(differences: list[Difference], rules: Rules) -> list[bool]:
    """Which differences are real: confident, significant after Benjamini-Hochberg across the
    whole family, and at least the configured minimum effect."""
    tested = [i for i, d in enumerate(differences) if confident(d, rules)]
    adjusted = stats.bh_adjusted([differences[i].p_value for i in tested]) if tested else []
    result = [False] * len(differences)
    for index, p in zip(tested, adjusted, strict=True):
        result[index] = p <= rules.fdr and big_enough(differences[index], rules)
    return result


def tested(
    kpis: Mapping[str, Kpi], pairs: Sequence[tuple[str, Counts, Counts]], rules: Rules
) -> list[tuple[Difference | None, bool]]:
    """Each (kpi, a, b) tested as one family: its difference (None where the groups cannot
    be compared) and whether that is real (`discoveries`)."""
    return flagged([kpi_difference(kpis[kpi], a, b) for kpi, a, b in pairs], rules)


def flagged(
    differences: Sequence[Difference | None], rules: Rules
) -> list[tuple[Difference | None, bool]]:
    """Differences found elsewhere (None where none could be made) as one family: each with
    whether it is real (`discoveries`)."""
    real = iter(discoveries([d for d in differences if d is not None], rules))
    return [(d, d is not None and next(real)) for d in differences]
