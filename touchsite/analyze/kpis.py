"""NPS, CSAT and CES from counts of answers, each with a 95 % interval and its n.

`estimate` computes a KPI as its definition's `measure` says (touchsite.kpi): a net score
(NPS), the share of good answers (CSAT's top-2-box) or a mean (CES). Intervals: NPS by the
adjusted Wald method (Rocks 2016: add 3 to n and 0.75 to promoters and detractors), CSAT
top-2-box share by the Wilson score interval, means by the t interval.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

from scipy import stats

from touchsite.kpi import MEAN, NET, SHARE, Band, Kpi, kpi_definitions
from touchsite.models import KpiEstimate, Rules

Z95 = 1.959963984540054
DEFAULT_RULES = Rules()
STANDARD = kpi_definitions()  # NPS and CSAT do not depend on the configured CES scale

Counts = Mapping[int, int]


def _total(counts: Counts) -> int:
    return int(sum(counts.values()))


def answers_in(counts: Counts, band: Band) -> int:
    """How many answers lie in a band (promoters, the top box, ...)."""
    return int(sum(n for score, n in counts.items() if score in band))


def _estimate(
    kpi: str, n: int, value, low, high, target, rules: Rules, higher_is_better: bool = True
) -> KpiEstimate:
    if n < rules.min_n_shown:
        return KpiEstimate(kpi, n, None, None, None, target, True, higher_is_better)
    low_n = n < rules.min_n_confident
    return KpiEstimate(kpi, n, value, low, high, target, low_n, higher_is_better)


def net_score(
    kpi: Kpi, counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES
) -> KpiEstimate:
    """% good minus % bad answers, in points (-100..100), by the adjusted Wald interval."""
    n = _total(counts)
    direction = kpi.higher_is_better
    if n == 0:
        return _estimate(kpi.id, 0, None, None, None, target, rules, direction)
    promoters = answers_in(counts, kpi.good)
    detractors = answers_in(counts, kpi.bad)
    value = 100 * (promoters - detractors) / n
    adjusted_n = n + 3
    p_pro = (promoters + 0.75) / adjusted_n
    p_det = (detractors + 0.75) / adjusted_n
    centre = p_pro - p_det
    half = Z95 * math.sqrt((p_pro + p_det - centre**2) / adjusted_n)
    low, high = max(-1.0, centre - half), min(1.0, centre + half)
    return _estimate(kpi.id, n, value, 100 * low, 100 * high, target, rules, direction)


def nps(counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES) -> KpiEstimate:
    """Net Promoter Score in points (-100..100): % promoters (9-10) minus % detractors (0-6)."""
    return net_score(STANDARD["nps"], counts, target, rules)


def wilson(successes: int, n: int) -> tuple[float, float]:
    """Wilson score interval for a proportion, as shares 0..1."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n**2)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def good_share(
    kpi: Kpi, counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES
) -> KpiEstimate:
    """The share of good answers in percent, with the Wilson interval."""
    n = _total(counts)
    direction = kpi.higher_is_better
    if n == 0:
        return _estimate(kpi.id, 0, None, None, None, target, rules, direction)
    top = answers_in(counts, kpi.good)
    low, high = wilson(top, n)
    return _estimate(kpi.id, n, 100 * top / n, 100 * low, 100 * high, target, rules, direction)


def csat(counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES) -> KpiEstimate:
    """CSAT as the top-2-box share in percent: answers 4 or 5 on a 1-5 scale."""
    return good_share(STANDARD["csat"], counts, target, rules)


def mean(
    counts: Counts,
    kpi: str = "ces",
    target: float | None = None,
    rules: Rules = DEFAULT_RULES,
    higher_is_better: bool = True,
) -> KpiEstimate:
    """Mean score with a t interval (CES; CSAT's mean on 1-5; the experience curve)."""
    n = _total(counts)
    direction = higher_is_better
    if n == 0:
        return _estimate(kpi, 0, None, None, None, target, rules, direction)
    average = sum(score * k for score, k in counts.items()) / n
    if n < 2:
        return _estimate(kpi, n, average, None, None, target, rules, direction)
    variance = sum(k * (score - average) ** 2 for score, k in counts.items()) / (n - 1)
    half = _t975(n - 1) * math.sqrt(variance / n)
    return _estimate(kpi, n, average, average - half, average + half, target, rules, direction)


def _mean_score(
    kpi: Kpi, counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES
) -> KpiEstimate:
    return mean(counts, kpi.id, target, rules, kpi.higher_is_better)


@cache
def _t975(degrees_of_freedom: int) -> float:
    return float(stats.t.ppf(0.975, degrees_of_freedom))


ESTIMATES = {NET: net_score, SHARE: good_share, MEAN: _mean_score}


def estimate(
    kpi: Kpi, counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES
) -> KpiEstimate:
    """The KPI's figure from its answer counts, as its definition's `measure` says."""
    return ESTIMATES[kpi.measure](kpi, counts, target, rules)


def standard_error(estimate: KpiEstimate) -> float | None:
    """The standard error behind a 95 % interval (its half-width / 1.96); None without one."""
    if estimate.low is None or estimate.high is None:
        return None
    return (estimate.high - estimate.low) / 2 / Z95
