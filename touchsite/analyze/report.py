"""Assemble the report: KPIs per touchpoint, phase and overall, with every analysis on top.

Reads only the reduced feedback (answer counts, driver moments, the comment sample); each
analysis lives in its own module, this one puts their results beside the touchpoints.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from touchsite.analyze.changes import Difference, discoveries, kpi_difference
from touchsite.analyze.channels import Consistency, consistency
from touchsite.analyze.coverage import Coverage, coverage
from touchsite.analyze.drivers_report import DriverReport, key_drivers
from touchsite.analyze.evidence import Evidence, kpi_range
from touchsite.analyze.experience import experience
from touchsite.analyze.experiments import Experiment, experiments
from touchsite.analyze.journeys import (
    JourneyReport,
    OpportunityReport,
    Pool,
    StepReport,
    journey_reports,
    opportunity_reports,
    touchpoint_evidence,
)
from touchsite.analyze.tables import CountTable, Estimator, count_tables, to_periods
from touchsite.analyze.themes_report import ThemeSet, touchpoint_themes
from touchsite.analyze.trends import Change, find_changes
from touchsite.cache import Cache, cached
from touchsite.kpi import RELATIONSHIP_KPI
from touchsite.models import (
    KPIS,
    OVERALL,
    Comment,
    Config,
    Feedback,
    KpiEstimate,
    MetricSeries,
    Phase,
    Project,
    Recommendation,
    Targets,
    Touchpoint,
)

PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}
OPEN_STATUSES = ("idea", "planned", "in-progress")
TOP_RECOMMENDATIONS = 5


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
    changes: list[Change] = field(default_factory=list)
    # each KPI against all other touchpoints of the journey (b = this touchpoint)
    versus_rest: dict[str, Difference] = field(default_factory=dict)
    below_average: list[str] = field(default_factory=list)
    themes: ThemeSet | None = None
    experiments: list[Experiment] = field(default_factory=list)
    business: list[MetricSeries] = field(default_factory=list)
    pain: float = 0.0
    evidence: Evidence | None = None
    # the journeys and steps it appears in
    steps: list[tuple[JourneyReport, StepReport]] = field(default_factory=list)

    def __repr__(self) -> str:
        return f"<TouchpointReport {self.touchpoint.id}>"

    @property
    def asked(self) -> list[str]:
        return [kpi for kpi in KPIS if self.kpis[kpi].n > 0]

    @property
    def flagged_changes(self) -> list[Change]:
        return [change for change in self.changes if change.significant]


@dataclass
class PhaseReport:
    phase: Phase
    touchpoints: list[TouchpointReport]
    kpis: dict[str, KpiEstimate]
    experience: KpiEstimate
    consistency: list[Consistency] = field(default_factory=list)

    @property
    def expected_emotion(self) -> float | None:
        values = [
            t.touchpoint.emotion for t in self.touchpoints if t.touchpoint.emotion is not None
        ]
        return sum(values) / len(values) if values else None

    @property
    def inconsistent(self) -> list[Consistency]:
        return [c for c in self.consistency if c.differs]


@dataclass
class Report:
    project: Project
    feedback: Feedback
    overall: dict[str, KpiEstimate]
    overall_distribution: dict[str, CountTable]
    overall_trend: dict[str, list[tuple[str, KpiEstimate]]]
    phases: list[PhaseReport]
    touchpoints: list[TouchpointReport]
    periods: list[str]
    segments: list[str]
    segment_kpis: dict[str, dict[str, KpiEstimate]] = field(default_factory=dict)
    relationship: KpiEstimate | None = None
    drivers: DriverReport | None = None
    pain_points: list[TouchpointReport] = field(default_factory=list)
    top_recommendations: list[Recommendation] = field(default_factory=list)
    journeys: list[JourneyReport] = field(default_factory=list)
    opportunities: list[OpportunityReport] = field(default_factory=list)
    coverage: Coverage | None = None

    def __repr__(self) -> str:  # the full tree holds the data and cycles; keep test output short
        return f"<Report {len(self.touchpoints)} touchpoints, {len(self.journeys)} journeys>"

    def touchpoint(self, touchpoint_id: str) -> TouchpointReport:
        return next(t for t in self.touchpoints if t.touchpoint.id == touchpoint_id)

    @property
    def changes(self) -> list[Change]:
        return [c for r in self.touchpoints for c in r.flagged_changes]

    @property
    def experiments(self) -> list[Experiment]:
        return [e for r in self.touchpoints for e in r.experiments]


def analyze(
    project: Project,
    feedback: Feedback,
    business: dict[str, list[MetricSeries]] | None = None,
    cache: Cache | None = None,
) -> Report:
    """`cache` (a preview's) keeps the costly results (themes, driver regressions) for as long
    as their inputs stay the same."""
    config = project.config
    rules = config.rules
    estimator = Estimator(config)
    counts = to_periods(feedback.counts, rules.period)
    journey = counts[counts["touchpoint"] != OVERALL]
    by_touchpoint = count_tables(journey, ["touchpoint"])
    by_period = count_tables(journey, ["touchpoint", "period"])
    by_segment = count_tables(journey, ["touchpoint", "segment"])
    by_variant = count_tables(journey, ["touchpoint", "variant"])
    periods = sorted(journey["period"].unique().tolist())
    segments = sorted(s for s in journey["segment"].unique().tolist() if s)

    recommendations_for: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in sorted(project.recommendations, key=_recommendation_rank):
        for tp_id in rec.touchpoints:
            recommendations_for[tp_id].append(rec)

    reports = []
    for tp in _ordered(project):
        targets = tp.targets.over(config.targets)
        reports.append(
            TouchpointReport(
                touchpoint=tp,
                targets=targets,
                kpis=estimator.all(by_touchpoint, (tp.id,), targets),
                responses=feedback.responses.get(tp.id, 0),
                trend={
                    kpi: [
                        (p, estimator(kpi, by_period.get((tp.id, p, kpi), {}), targets.get(kpi)))
                        for p in periods
                    ]
                    for kpi in KPIS
                },
                distribution={kpi: by_touchpoint.get((tp.id, kpi), {}) for kpi in KPIS},
                segments={s: estimator.all(by_segment, (tp.id, s), targets) for s in segments},
                comments=feedback.comments.get(tp.id, []),
                recommendations=recommendations_for.get(tp.id, []),
                themes=_themes(feedback.comments.get(tp.id, []), config, cache),
                business=(business or {}).get(tp.id, []),
            )
        )
    by_id = {r.touchpoint.id: r for r in reports}

    series = {(r.touchpoint.id, kpi): r.trend[kpi] for r in reports for kpi in KPIS}
    for change in find_changes(by_period, series, list(by_id), periods, rules, config.kpis):
        by_id[change.touchpoint].changes.append(change)
    for experiment in experiments(
        by_variant, [(r.touchpoint.id, r.targets) for r in reports], rules, estimator
    ):
        by_id[experiment.touchpoint].experiments.append(experiment)
    _compare_with_rest(reports, by_touchpoint, config)

    tagged = journey.assign(
        phase=journey["touchpoint"].map({tp.id: tp.phase for tp in project.touchpoints}),
        channel=journey["touchpoint"].map({tp.id: tp.channel for tp in project.touchpoints}),
    )
    by_phase = count_tables(tagged, ["phase"])
    found = consistency(count_tables(tagged, ["phase", "channel"]), config, estimator)
    phases = [
        PhaseReport(
            phase=phase,
            touchpoints=[r for r in reports if r.touchpoint.phase == phase.id],
            kpis=estimator.all(by_phase, (phase.id,), config.targets),
            experience=experience({kpi: by_phase.get((phase.id, kpi), {}) for kpi in KPIS}, config),
            consistency=[c for c in found if c.phase == phase.id],
        )
        for phase in config.phases
    ]

    overall_tables = count_tables(journey.assign(all="all"), ["all"])
    overall_period = count_tables(journey, ["period"])
    segment_tables = count_tables(journey, ["segment"])
    relationship_counts = count_tables(counts[counts["touchpoint"] == OVERALL], ["touchpoint"])
    relationship = relationship_counts.get((OVERALL, RELATIONSHIP_KPI))
    for r in reports:
        r.pain = _pain(r, config)
    pain_points = sorted(
        (r for r in reports if r.pain > 0), key=lambda r: (-r.pain, r.touchpoint.id)
    )
    overall = estimator.all(overall_tables, ("all",), config.targets)
    pool = Pool(by_touchpoint, feedback, estimator, config)
    for r in reports:
        r.evidence = touchpoint_evidence(r, pool)
    journeys = journey_reports(project, by_id, pain_points, pool)
    for journey in journeys:
        for step in journey.steps:
            for r in step.touchpoints:
                r.steps.append((journey, step))
    return Report(
        project=project,
        feedback=feedback,
        overall=overall,
        overall_distribution={kpi: overall_tables.get(("all", kpi), {}) for kpi in KPIS},
        overall_trend={
            kpi: [
                (p, estimator(kpi, overall_period.get((p, kpi), {}), config.targets.get(kpi)))
                for p in periods
            ]
            for kpi in KPIS
        },
        phases=phases,
        touchpoints=reports,
        periods=periods,
        segments=segments,
        segment_kpis={s: estimator.all(segment_tables, (s,), config.targets) for s in segments},
        relationship=(
            estimator(RELATIONSHIP_KPI, relationship, config.targets.get(RELATIONSHIP_KPI))
            if relationship
            else None
        ),
        drivers=key_drivers(feedback.drivers, by_id, config, cache),
        pain_points=pain_points,
        top_recommendations=[
            rec
            for rec in sorted(project.recommendations, key=_recommendation_rank)
            if rec.status in OPEN_STATUSES
        ][:TOP_RECOMMENDATIONS],
        journeys=journeys,
        opportunities=opportunity_reports(project, journeys, by_id),
        coverage=coverage(config, project.touchpoints, feedback.responses),
    )


def _themes(comments: list[Comment], config: Config, cache: Cache | None) -> ThemeSet | None:
    return cached(cache, "themes", (comments, config), lambda: touchpoint_themes(comments, config))


def _ordered(project: Project) -> list[Touchpoint]:
    config = project.config
    phase_order = {phase.id: index for index, phase in enumerate(config.phases)}
    channel_order = {channel.id: index for index, channel in enumerate(config.channels)}
    return sorted(
        project.touchpoints,
        key=lambda tp: (
            phase_order.get(tp.phase, 0),
            tp.order,
            channel_order.get(tp.channel, 0),
            tp.id,
        ),
    )


def _compare_with_rest(reports: list[TouchpointReport], by_touchpoint, config: Config) -> None:
    """Each touchpoint against the pooled answers of all others; one BH family."""
    totals: dict[str, CountTable] = {kpi: defaultdict(int) for kpi in KPIS}
    for r in reports:
        for kpi in KPIS:
            for score, n in by_touchpoint.get((r.touchpoint.id, kpi), {}).items():
                totals[kpi][score] += n
    tested = []
    for r in reports:
        for kpi in r.asked:
            own = by_touchpoint.get((r.touchpoint.id, kpi), {})
            rest = {s: totals[kpi][s] - own.get(s, 0) for s in totals[kpi]}
            difference = kpi_difference(config.kpis[kpi], rest, own)
            if difference is not None:
                r.versus_rest[kpi] = difference
                tested.append((r, kpi, difference))
    flags = discoveries([entry[2] for entry in tested], config.rules)
    for (r, kpi, difference), flag in zip(tested, flags, strict=True):
        scale_up = r.kpis[kpi].higher_is_better
        if flag and (difference.difference < 0) == scale_up:
            r.below_average.append(kpi)


def _pain(r: TouchpointReport, config) -> float:
    """Shortfall x answers, summed over KPIs: the shortfall is the larger of the gap to the
    target (if missed) and the gap to the journey's average (if significantly below), as a
    share of the KPI's range so different scales add up."""
    total = 0.0
    for kpi in r.asked:
        estimate = r.kpis[kpi]
        if estimate.value is None or estimate.low_n:
            continue
        gaps = [estimate.gap] if estimate.status == "misses" else []
        if kpi in r.below_average:
            gaps.append(abs(r.versus_rest[kpi].difference))
        if gaps:
            total += max(gaps) / kpi_range(kpi, config) * estimate.n
    return total


def _recommendation_rank(rec: Recommendation) -> tuple:
    return (
        rec.status not in OPEN_STATUSES,
        PRIORITY_RANK[rec.priority],
        -(rec.impact or 0),
        rec.effort or 0,
        rec.id,
    )
