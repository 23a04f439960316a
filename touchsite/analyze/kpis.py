"""NPS, CSAT and CES from counts of answers, each with a 95 % interval and its n.

Intervals: NPS by the adjusted Wald method (Rocks 2016: add 3 to n and 0.75 to promoters
and detractors), CSAT top-2-box share by the Wilson score interval, means by the t interval.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import cache

from scipy import stats

from touchsite.models import KpiEstimate, Rules, Scale

Z95 = 1.959963984540054
DEFAULT_RULES = Rules()

Counts = Mapping[int, int]


def _total(counts: Counts) -> int:
    return int(sum(counts.values()))


def _share(counts: Counts, low: int, high: int) -> int:
    return int(sum(n for score, n in counts.items() if low <= score <= high))


def _estimate(
    kpi: str, n: int, value, low, high, target, rules: Rules, higher_is_better: bool = True
) -> KpiEstimate:
    if n < rules.min_n_shown:
        return KpiEstimate(kpi, n, None, None, None, target, True, higher_is_better)
    low_n = n < rules.min_n_confident
    return KpiEstimate(kpi, n, value, low, high, target, low_n, higher_is_better)


def nps(counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES) -> KpiEstimate:
    """Net Promoter Score in points (-100..100): % promoters (9-10) minus % detractors (0-6)."""
    n = _total(counts)
    if n == 0:
        return _estimate("nps", 0, None, None, None, target, rules)
    promoters = _share(counts, 9, 10)
    detractors = _share(counts, 0, 6)
    value = 100 * (promoters - detractors) / n
    adjusted_n = n + 3
    p_pro = (promoters + 0.75) / adjusted_n
    p_det = (detractors + 0.75) / adjusted_n
    centre = p_pro - p_det
    half = Z95 * math.sqrt((p_pro + p_det - centre**2) / adjusted_n)
    low, high = max(-1.0, centre - half), min(1.0, centre + half)
    return _estimate("nps", n, value, 100 * low, 100 * high, target, rules)


def wilson(successes: int, n: int) -> tuple[float, float]:
    """Wilson score interval for a proportion, as shares 0..1."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n**2)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def csat(counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES) -> KpiEstimate:
    """CSAT as the top-2-box share in percent: answers 4 or 5 on a 1-5 scale."""
    n = _total(counts)
    if n == 0:
        return _estimate("csat", 0, None, None, None, target, rules)
    top = _share(counts, 4, 5)
    low, high = wilson(top, n)
    return _estimate("csat", n, 100 * top / n, 100 * low, 100 * high, target, rules)


def mean(
    counts: Counts,
    kpi: str = "ces",
    target: float | None = None,
    rules: Rules = DEFAULT_RULES,
    higher_is_better: bool = True,
) -> KpiEstimate:
    """Mean score with a t interval (CES; CSAT's mean on 1-5)."""
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


@cache
def _t975(degrees_of_freedom: int) -> float:
    return float(stats.t.ppf(0.975, degrees_of_freedom))


def estimate(
    kpi: str,
    counts: Counts,
    target: float | None = None,
    rules: Rules = DEFAULT_RULES,
    scale: Scale | None = None,
) -> KpiEstimate:
    if kpi == "nps":
        return nps(counts, target, rules)
    if kpi == "csat":
        return csat(counts, target, rules)
    return mean(counts, kpi, target, rules, scale.higher_is_better if scale else True)
