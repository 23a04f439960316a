"""NPS, CSAT and CES from counts of answers, each with a 95 % interval and its n.

`estimate` computes a KPI as its definition's `measure` says (touchsite.kpi): a net score
(NPS), the share of good answers (CSAT's top-2-box) or a mean (CES). Intervals: NPS by the
adjusted Wald method (Rocks 2016: add 3 to n and 0.75 to promoters and detractors), CSAT
top-2-box share by the Wilson score interval, means by the t interval.

A figure that pools several answers of one respondent (a phase, a segment, all touchpoints)
gets its `Design` (analyze/respondents.py): its interval is computed with n divided by the
design effect, so it counts respondents, not answers, as the unit.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from scipy import stats

from touchsite.kpi import MEAN, NET, SHARE, Band, Kpi, kpi_definitions
from touchsite.models import KpiEstimate, Rules

Z95 = 1.959963984540054
DEFAULT_RULES = Rules()
STANDARD = kpi_definitions()  # NPS and CSAT do not depend on the configured CES scale

Counts = Mapping[int, int]


@dataclass(frozen=True)
class Design:
    """How a figure's answers cluster in respondents: the design effect (the cluster-robust
    variance over the variance as if each answer came from its own respondent) and the
    number of respondents (None where not known)."""

    effect: float = 1.0
    respondents: int | None = None

    def effective(self, count: float) -> float:
        """A count of answers as the number of independent answers it is worth."""
        return count if self.effect == 1.0 else count / self.effect


SIMPLE = Design()


def _total(counts: Counts) -> int:
    return int(sum(counts.values()))


def answers_in(counts: Counts, band: Band) -> int:
    """How many answers lie in a band (promoters, the top box, ...)."""
    return int(sum(n for score, n in counts.items() if score in band))


def _estimate(
    kpi: str,
    n: int,
    value,
    low,
    high,
    target,
    rules: Rules,
    higher_is_better: bool = True,
    design: Design = SIMPLE,
) -> KpiEstimate:
    respondents = n if design is SIMPLE else design.respondents
    if n < rules.min_n_shown:
        return KpiEstimate(kpi, n, None, None, None, target, True, higher_is_better, respondents)
    low_n = n < rules.min_n_confident
    return KpiEstimate(kpi, n, value, low, high, target, low_n, higher_is_better, respondents)


def net_score(
    kpi: Kpi,
    counts: Counts,
    target: float | None = None,
    rules: Rules = DEFAULT_RULES,
    design: Design = SIMPLE,
) -> KpiEstimate:
    """% good minus % bad answers, in points (-100..100), by the adjusted Wald interval."""
    n = _total(counts)
    direction = kpi.higher_is_better
    if n == 0:
        return _estimate(kpi.id, 0, None, None, None, target, rules, direction, design)
    promoters = answers_in(counts, kpi.good)
    detractors = answers_in(counts, kpi.bad)
    value = 100 * (promoters - detractors) / n
    adjusted_n = design.effective(n) + 3
    p_pro = (design.effective(promoters) + 0.75) / adjusted_n
    p_det = (design.effective(detractors) + 0.75) / adjusted_n
    centre = p_pro - p_det
    half = Z95 * math.sqrt((p_pro + p_det - centre**2) / adjusted_n)
    low, high = max(-1.0, centre - half), min(1.0, centre + half)
    return _estimate(kpi.id, n, value, 100 * low, 100 * high, target, rules, direction, design)


def nps(counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES) -> KpiEstimate:
    """Net Promoter Score in points (-100..100): % promoters (9-10) minus % detractors (0-6)."""
    return net_score(STANDARD["nps"], counts, target, rules)


def wilson(successes: float, n: float) -> tuple[float, float]:
    """Wilson score interval for a proportion, as shares 0..1."""
    if n == 0:
        return 0.0, 1.0
    p = successes / n
    denominator = 1 + Z95**2 / n
    centre = (p + Z95**2 / (2 * n)) / denominator
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95**2 / (4 * n**2)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def good_share(
    kpi: Kpi,
    counts: Counts,
    target: float | None = None,
    rules: Rules = DEFAULT_RULES,
    design: Design = SIMPLE,
) -> KpiEstimate:
    """The share of good answers in percent, with the Wilson interval."""
    n = _total(counts)
    direction = kpi.higher_is_better
    if n == 0:
        return _estimate(kpi.id, 0, None, None, None, target, rules, direction, design)
    top = answers_in(counts, kpi.good)
    low, high = wilson(design.effective(top), design.effective(n))
    value = 100 * top / n
    return _estimate(kpi.id, n, value, 100 * low, 100 * high, target, rules, direction, design)


def csat(counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES) -> KpiEstimate:
    """CSAT as the top-2-box share in percent: answers 4 or 5 on a 1-5 scale."""
    return good_share(STANDARD["csat"], counts, target, rules)


def mean(
    counts: Counts,
    kpi: str = "ces",
    target: float | None = None,
    rules: Rules = DEFAULT_RULES,
    higher_is_better: bool = True,
    design: Design = SIMPLE,
) -> KpiEstimate:
    """Mean score with a t interval (CES; CSAT's mean on 1-5; the experience curve).

    With answers clustered in respondents: the standard error times the square root of the
    design effect, on effective n - 1 degrees of freedom."""
    n = _total(counts)
    direction = higher_is_better
    if n == 0:
        return _estimate(kpi, 0, None, None, None, target, rules, direction, design)
    average = sum(score * k for score, k in counts.items()) / n
    if n < 2:
        return _estimate(kpi, n, average, None, None, target, rules, direction, design)
    variance = sum(k * (score - average) ** 2 for score, k in counts.items()) / (n - 1)
    effective = design.effective(n)
    half = _t975(max(effective - 1, 1.0)) * math.sqrt(variance / effective)
    low, high = average - half, average + half
    return _estimate(kpi, n, average, low, high, target, rules, direction, design)


def _mean_score(
    kpi: Kpi,
    counts: Counts,
    target: float | None = None,
    rules: Rules = DEFAULT_RULES,
    design: Design = SIMPLE,
) -> KpiEstimate:
    return mean(counts, kpi.id, target, rules, kpi.higher_is_better, design)


@cache
def _t975(degrees_of_freedom: float) -> float:
    return float(stats.t.ppf(0.975, degrees_of_freedom))


ESTIMATES = {NET: net_score, SHARE: good_share, MEAN: _mean_score}


def estimate(
    kpi: Kpi,
    counts: Counts,
    target: float | None = None,
    rules: Rules = DEFAULT_RULES,
    design: Design = SIMPLE,
) -> KpiEstimate:
    """The KPI's figure from its answer counts, as its definition's `measure` says; `design`
    where the answers are pooled from several per respondent."""
    return ESTIMATES[kpi.measure](kpi, counts, target, rules, design)


def standard_error(estimate: KpiEstimate) -> float | None:
    """The standard error behind a 95 % interval (its half-width / 1.96); None without one."""
    if estimate.low is None or estimate.high is None:
        return None
    return (estimate.high - estimate.low) / 2 / Z95
