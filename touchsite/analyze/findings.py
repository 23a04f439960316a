"""The verdict the overview opens with: the touchpoints that most need action, each with the
figure that falls shortest, its trend, and the open recommendations that answer it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from touchsite.analyze.touchpoints import TouchpointReport
from touchsite.analyze.trends import Change
from touchsite.models import KpiEstimate, Recommendation

OPEN_STATUSES = ("idea", "planned", "in-progress")
FINDINGS = 3  # what fits the first screen, on a phone too
ANSWERS = 2  # recommendations named per finding


@dataclass(frozen=True)
class Finding:
    report: TouchpointReport
    kpi: str  # the primary KPI if it falls short, else the one that falls shortest
    trend: Change | None  # the fitted trend of that KPI over all periods, when there is one
    recommendations: tuple[Recommendation, ...]  # open ones, best ranked first

    @property
    def estimate(self) -> KpiEstimate:
        return self.report.current(self.kpi)

    @property
    def improving(self) -> bool | None:
        """Whether a significant trend runs towards the better; None without one."""
        if self.trend is None or not self.trend.significant:
            return None
        return self.trend.rising == self.estimate.higher_is_better


def findings(pain_points: Sequence[TouchpointReport], primary: str) -> tuple[Finding, ...]:
    """The first pain points (ranked by shortfall x answers), one finding each. The primary
    KPI is named where it falls short: one figure read the same way across the findings."""
    found = []
    for r in pain_points[:FINDINGS]:
        if primary in r.shortfalls:
            kpi = primary
        else:
            kpi = max(r.shortfalls, key=r.shortfalls.__getitem__)  # ties: the first in KPIS
        trend = next((c for c in r.changes if c.kpi == kpi and c.kind == "trend"), None)
        answers = tuple(rec for rec in r.recommendations if rec.status in OPEN_STATUSES)
        found.append(Finding(r, kpi, trend, answers[:ANSWERS]))
    return tuple(found)
