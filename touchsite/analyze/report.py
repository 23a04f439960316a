"""Assemble the report: KPIs per touchpoint, phase and overall; trends; pain points."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pandas as pd

from touchsite.analyze.kpis import estimate
from touchsite.models import (
    KPIS,
    Comment,
    Feedback,
    KpiEstimate,
    Phase,
    Project,
    Recommendation,
    Targets,
    Touchpoint,
)

# The width of each KPI's scale, so shortfalls on different scales can be compared.
SCALE_WIDTH = {"nps": 200.0, "csat": 100.0, "ces": 6.0}
PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}
OPEN_STATUSES = ("idea", "planned", "in-progress")
TOP_RECOMMENDATIONS = 5

CountTable = dict[int, int]


@dataclass
class TouchpointReport:
    touchpoint: Touchpoint
    targets: Targets
    kpis: dict[str, KpiEstimate]
    responses: int
    trend: dict[str, list[tuple[str, KpiEstimate]]]
    distribution: dict[str, CountTable]
    segments: dict[str, dict[str, KpiEstimate]]
    comments: list[Comment]
    recommendations: list[Recommendation]

    @property
    def asked(self) -> list[str]:
        return [kpi for kpi in KPIS if self.kpis[kpi].n > 0]

    @property
    def pain(self) -> float:
        """Shortfall against target as a share of the scale, weighted by answers (gap x n)."""
        return sum(
            estimate.gap / SCALE_WIDTH[kpi] * estimate.n
            for kpi, estimate in self.kpis.items()
            if estimate.status == "misses"
        )


@dataclass
class PhaseReport:
    phase: Phase
    touchpoints: list[TouchpointReport]
    kpis: dict[str, KpiEstimate]

    @property
    def expected_emotion(self) -> float | None:
        values = [
            t.touchpoint.emotion for t in self.touchpoints if t.touchpoint.emotion is not None
        ]
        return sum(values) / len(values) if values else None


@dataclass
class Report:
    project: Project
    feedback: Feedback
    overall: dict[str, KpiEstimate]
    overall_trend: dict[str, list[tuple[str, KpiEstimate]]]
    phases: list[PhaseReport]
    touchpoints: list[TouchpointReport]
    periods: list[str]
    segments: list[str]
    pain_points: list[TouchpointReport] = field(default_factory=list)
    top_recommendations: list[Recommendation] = field(default_factory=list)

    def touchpoint(self, touchpoint_id: str) -> TouchpointReport:
        return next(t for t in self.touchpoints if t.touchpoint.id == touchpoint_id)


def _tables(counts: pd.DataFrame, keys: list[str]) -> dict[tuple, CountTable]:
    """Sum answer counts by `keys` + kpi; map each key tuple to {score: n}."""
    result: dict[tuple, CountTable] = defaultdict(dict)
    if counts.empty:
        return result
    summed = counts.groupby([*keys, "kpi", "score"], sort=True)["n"].sum()
    for index, n in summed.items():
        *key, score = index
        result[tuple(key)][int(score)] = int(n)
    return result


def _estimates(tables: dict[tuple, CountTable], prefix: tuple, targets: Targets):
    return {kpi: estimate(kpi, tables.get((*prefix, kpi), {}), targets.get(kpi)) for kpi in KPIS}


def analyze(project: Project, feedback: Feedback) -> Report:
    config = project.config
    counts = feedback.counts
    by_touchpoint = _tables(counts, ["touchpoint"])
    by_period = _tables(counts, ["touchpoint", "period"])
    by_segment = _tables(counts, ["touchpoint", "segment"])
    periods = sorted(counts["period"].unique().tolist())
    segments = sorted(s for s in counts["segment"].unique().tolist() if s)

    recommendations_for: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in sorted(project.recommendations, key=_recommendation_rank):
        for tp_id in rec.touchpoints:
            recommendations_for[tp_id].append(rec)

    phase_order = {phase.id: index for index, phase in enumerate(config.phases)}
    channel_order = {channel.id: index for index, channel in enumerate(config.channels)}
    ordered = sorted(
        project.touchpoints,
        key=lambda tp: (
            phase_order.get(tp.phase, 0),
            tp.order,
            channel_order.get(tp.channel, 0),
            tp.id,
        ),
    )
    reports = []
    for tp in ordered:
        targets = tp.targets.over(config.targets)
        reports.append(
            TouchpointReport(
                touchpoint=tp,
                targets=targets,
                kpis=_estimates(by_touchpoint, (tp.id,), targets),
                responses=feedback.responses.get(tp.id, 0),
                trend={
                    kpi: [
                        (p, estimate(kpi, by_period.get((tp.id, p, kpi), {}), targets.get(kpi)))
                        for p in periods
                    ]
                    for kpi in KPIS
                },
                distribution={kpi: by_touchpoint.get((tp.id, kpi), {}) for kpi in KPIS},
                segments={s: _estimates(by_segment, (tp.id, s), targets) for s in segments},
                comments=feedback.comments.get(tp.id, []),
                recommendations=recommendations_for.get(tp.id, []),
            )
        )

    phase_counts = counts.assign(
        phase=counts["touchpoint"].map({tp.id: tp.phase for tp in project.touchpoints})
    )
    by_phase = _tables(phase_counts, ["phase"])
    overall_tables = _tables(counts.assign(all="all"), ["all"])
    overall_period = _tables(counts, ["period"])
    phases = [
        PhaseReport(
            phase=phase,
            touchpoints=[r for r in reports if r.touchpoint.phase == phase.id],
            kpis=_estimates(by_phase, (phase.id,), config.targets),
        )
        for phase in config.phases
    ]
    pain_points = sorted(
        (r for r in reports if r.pain > 0), key=lambda r: (-r.pain, r.touchpoint.id)
    )
    top = [
        rec
        for rec in sorted(project.recommendations, key=_recommendation_rank)
        if rec.status in OPEN_STATUSES
    ][:TOP_RECOMMENDATIONS]
    return Report(
        project=project,
        feedback=feedback,
        overall=_estimates(overall_tables, ("all",), config.targets),
        overall_trend={
            kpi: [
                (p, estimate(kpi, overall_period.get((p, kpi), {}), config.targets.get(kpi)))
                for p in periods
            ]
            for kpi in KPIS
        },
        phases=phases,
        touchpoints=reports,
        periods=periods,
        segments=segments,
        pain_points=pain_points,
        top_recommendations=top,
    )


def _recommendation_rank(rec: Recommendation) -> tuple:
    return (
        rec.status not in OPEN_STATUSES,
        PRIORITY_RANK[rec.priority],
        -(rec.impact or 0),
        rec.effort or 0,
        rec.id,
    )
