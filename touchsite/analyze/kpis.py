"""NPS, CSAT and CES from counts of answers, each with a 95 % interval and its n: one figure
at a time, as a batch of one (the formulas and their sources are in analyze/batch.py).

`estimate` computes a KPI as its definition's `measure` says (touchsite.kpi): a net score
(NPS), the share of good answers (CSAT's top-2-box) or a mean (CES). A figure that pools
several answers of one respondent (a phase, a segment, all touchpoints) gets its `Design`
(analyze/respondents.py): its interval counts respondents, not answers, as the unit.
"""

from __future__ import annotations

from touchsite.analyze import batch
from touchsite.analyze.basis import SIMPLE, Z95, Counts, Design
from touchsite.kpi import Kpi, kpi_definitions
from touchsite.models import KpiEstimate, Rules

DEFAULT_RULES = Rules()
STANDARD = kpi_definitions()  # NPS and CSAT do not depend on the configured CES scale


def estimate(
    kpi: Kpi,
    counts: Counts,
    target: float | None = None,
    rules: Rules = DEFAULT_RULES,
    design: Design = SIMPLE,
) -> KpiEstimate:
    """The KPI's figure from its answer counts, as its definition's `measure` says; `design`
    where the answers are pooled from several per respondent."""
    return batch.estimates(kpi, [counts], [target], rules, [design])[0]


def nps(counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES) -> KpiEstimate:
    """Net Promoter Score in points (-100..100): % promoters (9-10) minus % detractors (0-6)."""
    return estimate(STANDARD["nps"], counts, target, rules)


def csat(counts: Counts, target: float | None = None, rules: Rules = DEFAULT_RULES) -> KpiEstimate:
    """CSAT as the top-2-box share in percent: answers 4 or 5 on a 1-5 scale."""
    return estimate(STANDARD["csat"], counts, target, rules)


def wilson(successes: float, n: float) -> tuple[float, float]:
    """Wilson score interval for a proportion, as shares 0..1 (0..1 where n is 0)."""
    if n == 0:
        return 0.0, 1.0
    low, high = batch.wilson(float(successes), float(n))  # floats in, numpy floats out
    return float(low), float(high)


def standard_error(estimate: KpiEstimate) -> float | None:
    """The standard error behind a 95 % interval (its half-width / 1.96); None without one."""
    if estimate.low is None or estimate.high is None:
        return None
    return (estimate.high - estimate.low) / 2 / Z95
