"""The verdict the overview opens with: the touchpoints that most need action, each with the
figure that falls shortest (or the drop into the latest period), its trend, and the open
recommendations that answer it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from touchsite.analyze.latest import Drop
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
    drop: Drop | None = None  # that KPI's drop into the latest period, where it dropped

    @property
    def estimate(self) -> KpiEstimate:
        """The figure named: the period it dropped into, else where the touchpoint stands."""
        return self.drop.after if self.drop else self.report.current(self.kpi)

    @property
    def improving(self) -> bool | None:
        """Whether a significant trend runs towards the better; None without one."""
        if self.trend is None or not self.trend.significant:
            return None
        return self.trend.rising == self.estimate.higher_is_better


def pain_rank(r: TouchpointReport) -> tuple:
    """The order of the pain points, and so of what needs action. First the touchpoints with a
    significant drop into the latest period (touchsite.analyze.latest): it is news that the
    pooled figures hide and that no recommendation may answer yet, so it comes first however
    the older answers stand. Then the others. Within each group by `pain` (largest first):
    per KPI, its shortfall against the target or the rest of the journey (a share of the
    KPI's range) times its answers, or its drop (a share of the range) times the answers of
    the period it dropped into, whichever is larger, summed over the KPIs; ties by id.
    Small samples never rank: a shortfall needs a confident figure and a drop a step the
    change detection flags, which asks enough answers on both sides."""
    return (not r.drops, -r.pain, r.touchpoint.id)


def findings(pain_points: Sequence[TouchpointReport], primary: str) -> tuple[Finding, ...]:
    """The first pain points (ranked by `pain_rank`), one finding each. A touchpoint that
    dropped is named by its drop (the primary KPI's where that dropped, else the largest);
    otherwise the primary KPI is named where it falls short: one figure read the same way
    across the findings."""
    found = []
    for r in pain_points[:FINDINGS]:
        drop = None
        if r.drops:
            by_kpi = {d.kpi: d for d in r.drops}
            drop = by_kpi.get(primary) or max(r.drops, key=lambda d: d.share)
            kpi = drop.kpi
        elif primary in r.shortfalls:
            kpi = primary
        else:
            kpi = max(r.shortfalls, key=r.shortfalls.__getitem__)  # ties: the first in KPIS
        trend = next((c for c in r.changes if c.kpi == kpi and c.kind == "trend"), None)
        answers = tuple(rec for rec in r.recommendations if rec.status in OPEN_STATUSES)
        found.append(Finding(r, kpi, trend, answers[:ANSWERS], drop))
    return tuple(found)
