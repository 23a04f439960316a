"""Assemble the report: KPIs per touchpoint, phase and overall, with every analysis on top.

Reads only the reduced feedback (answer counts, driver moments, the comment sample); each
analysis lives in its own module, this one puts their results beside the touchpoints.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from touchsite.analyze.channels import Consistency, consistency
from touchsite.analyze.coverage import Coverage, coverage, shown_kpi
from touchsite.analyze.drivers_report import DriverReport, key_drivers
from touchsite.analyze.experience import experience
from touchsite.analyze.experiments import Experiment
from touchsite.analyze.findings import OPEN_STATUSES, Finding, findings, pain_rank
from touchsite.analyze.journeys import (
    JourneyReport,
    OpportunityReport,
    Pool,
    StepReport,
    journey_reports,
    opportunity_reports,
)
from touchsite.analyze.latest import Headline, LatestChange, latest_changes, latest_complete
from touchsite.analyze.respondents import Respondents
from touchsite.analyze.segments import SegmentCross, SegmentTable, pooled_segment_tables
from touchsite.analyze.tables import (
    CountTable,
    Estimator,
    coded,
    coded_through,
    count_tables,
    summed_counts,
    to_periods,
)
from touchsite.analyze.themes_report import THEMES_BESIDE_FROM, ThemeSet, theme_work, themes_of
from touchsite.analyze.touchpoints import (
    CountsBy,
    TouchpointReport,
    Trend,
    data_findings,
    touchpoint_reports,
)
from touchsite.analyze.trends import Change
from touchsite.beside import computed_beside
from touchsite.cache import Cache
from touchsite.collector import paused_gc
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
)

__all__ = ["PhaseReport", "Report", "TouchpointReport", "analyze"]

PRIORITY_RANK = {"high": 0, "medium": 1, "low": 2}
TOP_RECOMMENDATIONS = 5


@dataclass(frozen=True)
class PhaseReport:
    phase: Phase
    touchpoints: tuple[TouchpointReport, ...]
    kpis: dict[str, KpiEstimate]
    experience: KpiEstimate
    consistency: tuple[Consistency, ...] = ()

    @property
    def expected_emotion(self) -> float | None:
        values = [
            t.touchpoint.emotion for t in self.touchpoints if t.touchpoint.emotion is not None
        ]
        return sum(values) / len(values) if values else None

    @property
    def inconsistent(self) -> list[Consistency]:
        return [c for c in self.consistency if c.differs]


@dataclass(frozen=True)
class Report:
    project: Project
    feedback: Feedback
    overall: dict[str, KpiEstimate]
    overall_distribution: dict[str, CountTable]
    overall_trend: dict[str, Trend]
    phases: tuple[PhaseReport, ...]
    touchpoints: tuple[TouchpointReport, ...]
    periods: tuple[str, ...]
    segments: tuple[str, ...]
    # the segments over all touchpoints compared, and two segment dimensions crossed
    segment_tables: tuple[SegmentTable, ...] = ()
    segment_cross: SegmentCross | None = None
    relationship: KpiEstimate | None = None
    # the overall question's other KPIs ("Overall, how satisfied are you?" beside the NPS)
    relationship_others: tuple[KpiEstimate, ...] = ()
    # the overall question's answer counts by KPI, for each KPI it was asked on
    relationship_distribution: dict[str, CountTable] = field(default_factory=dict)
    # the overall question's figure per period, by each KPI it was asked on: the report's
    # periods and any the overall question alone was asked in
    relationship_trend: dict[str, Trend] = field(default_factory=dict)
    # the latest comments on the overall question (an NPS tool's "why?", a review site's
    # texts), redacted: they belong to no touchpoint's page
    overall_comments: tuple[Comment, ...] = ()
    drivers: DriverReport | None = None
    pain_points: tuple[TouchpointReport, ...] = ()
    findings: tuple[Finding, ...] = ()  # the verdict: the first pain points and their answers
    top_recommendations: tuple[Recommendation, ...] = ()
    journeys: tuple[JourneyReport, ...] = ()
    opportunities: tuple[OpportunityReport, ...] = ()
    coverage: Coverage | None = None
    # per touchpoint id, the journeys and steps it appears in (steps hold their touchpoints'
    # reports, so the way back is looked up here rather than stored on each touchpoint)
    touchpoint_steps: dict[str, tuple[tuple[JourneyReport, StepReport], ...]] = field(
        default_factory=dict
    )
    # the answer counts by (touchpoint, period, kpi) the trends are estimated from; the
    # overview's filters sum them again in the browser
    period_counts: dict[tuple, CountTable] = field(default_factory=dict)
    # each headline figure's latest complete period against the one before (analyze.latest),
    # by KPI: the overall question's, and each KPI's across the touchpoints
    latest_relationship: dict[str, LatestChange] = field(default_factory=dict)
    latest_overall: dict[str, LatestChange] = field(default_factory=dict)

    def __repr__(self) -> str:  # the full tree holds the data; keep test output short
        return f"<Report {len(self.touchpoints)} touchpoints, {len(self.journeys)} journeys>"

    @property
    def relationships(self) -> tuple[KpiEstimate, ...]:
        """The overall question's figures: the drivers' outcome first, then its other KPIs."""
        first = (self.relationship,) if self.relationship else ()
        return first + self.relationship_others

    @property
    def segment_kpis(self) -> dict[str, dict[str, KpiEstimate]]:
        """Each segment's KPIs over all touchpoints (respondents as the unit), by segment."""
        written = next((t for t in self.segment_tables if t.dimension == ""), None)
        return {row.label: row.kpis for row in written.rows} if written else {}

    def touchpoint(self, touchpoint_id: str) -> TouchpointReport:
        return next(t for t in self.touchpoints if t.touchpoint.id == touchpoint_id)

    @property
    def has_targets(self) -> bool:
        """Whether any touchpoint's answered KPI has a target to be measured against (a target
        for a KPI no touchpoint was rated by measures none)."""
        return any(
            estimate.target is not None and estimate.n
            for r in self.touchpoints
            for estimate in r.kpis.values()
        )

    @property
    def has_rated(self) -> bool:
        """Whether any touchpoint has answers (a help desk's export may rate the service as a
        whole alone, the overall question)."""
        return any(estimate.n for r in self.touchpoints for estimate in r.kpis.values())

    @property
    def shown_kpi(self) -> str:
        """The KPI the map shows first and the journeys show (coverage.shown_kpi)."""
        config = self.project.config
        answered = {kpi: self.overall[kpi].n for kpi in config.kpi_ids if kpi in self.overall}
        return shown_kpi(config, answered)

    def steps_of(self, touchpoint_id: str) -> tuple[tuple[JourneyReport, StepReport], ...]:
        return self.touchpoint_steps.get(touchpoint_id, ())

    @property
    def changes(self) -> list[Change]:
        return [c for r in self.touchpoints for c in r.flagged_changes]

    @property
    def data_changes(self) -> list[Change]:
        """Changes that coincide with a change in the data: data quality, not customers."""
        return [c for r in self.touchpoints for c in r.data_changes]

    @property
    def experiments(self) -> list[Experiment]:
        return [e for r in self.touchpoints for e in r.experiments]


def analyze(
    project: Project,
    feedback: Feedback,
    business: dict[str, list[MetricSeries]] | None = None,
    cache: Cache | None = None,
    workers: int | None = None,
) -> Report:
    """`cache` (a preview's) keeps the costly results (themes, driver regressions) for as long
    as their inputs stay the same. `workers`: the processes the analysis may use (None: a
    second one for the themes where the comments are many enough to repay its fork; the
    preview asks for one, see touchsite.beside). A cache is filled in this process
    only, so with one the themes are found here."""
    if workers is None:
        workers = 2 if theme_work(feedback) >= THEMES_BESIDE_FROM else 1
    fork = workers > 1 and cache is None
    # The loaded feedback holds hundreds of thousands of comments, which every collection of
    # the oldest generation walked again.
    with (
        paused_gc(),
        computed_beside(
            lambda: themes_of(feedback, project.config, cache), fork, "comment themes"
        ) as found,
    ):
        return _analyze(project, feedback, business, cache, found)


def _analyze(
    project: Project,
    feedback: Feedback,
    business: dict[str, list[MetricSeries]] | None,
    cache: Cache | None,
    themes: Callable[[], dict[str, ThemeSet]],
) -> Report:
    config = project.config
    rules = config.rules
    estimator = Estimator(config)
    counts = to_periods(feedback.counts, rules.period)
    journey = counts[counts["touchpoint"] != OVERALL]
    journey_codes = coded(journey, ["touchpoint", "period", "segment", "kpi", "score"])
    sums = {
        name: summed_counts(journey, ["touchpoint", *part], journey_codes)
        for name, part in (("touchpoint", []), ("period", ["period"]), ("segment", ["segment"]))
    }
    by = CountsBy(
        touchpoint=sums["touchpoint"].tables(),
        period=sums["period"].tables(),
        segment=sums["segment"].tables(),
        variant=count_tables(journey, ["touchpoint", "variant"], journey_codes),
        sums=sums,
    )
    periods = tuple(sorted(journey["period"].unique().tolist()))
    segments = tuple(sorted(s for s in journey["segment"].unique().tolist() if s))

    recommendations_for: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in sorted(project.recommendations, key=_recommendation_rank):
        for tp_id in rec.touchpoints:
            recommendations_for[tp_id].append(rec)

    pool = Pool(by.touchpoint, feedback, estimator, config)
    respondents = pool.respondents
    # What needs no touchpoint's report first: the reports wait for the comment themes,
    # found in another process meanwhile (touchsite.beside).
    phase_of = {tp.id: tp.phase for tp in project.touchpoints}
    channel_of = {tp.id: tp.channel for tp in project.touchpoints}
    # the touchpoints of each phase, and of each phase and channel, in the project's order
    in_phase: dict[str, list[str]] = defaultdict(list)
    in_cell: dict[tuple[str, str], list[str]] = defaultdict(list)
    for tp in project.touchpoints:
        in_phase[tp.phase].append(tp.id)
        in_cell[tp.phase, tp.channel].append(tp.id)
    tagged = {
        **journey_codes,
        "phase": coded_through(journey_codes["touchpoint"], phase_of.get),
        "channel": coded_through(journey_codes["touchpoint"], channel_of.get),
        "all": (np.zeros(len(journey), dtype=np.int64), pd.Index(["all"])),
    }
    by_phase = count_tables(journey, ["phase"], tagged)
    found = consistency(
        count_tables(journey, ["phase", "channel"], tagged),
        config,
        estimator,
        lambda phase, channel, kpi: (
            respondents.pool(
                "touchpoint",
                in_cell.get((phase, channel), []),
                kpi,
            ).design
        ),
    )
    phase_kpis = {
        phase.id: estimator.all(
            by_phase,
            (phase.id,),
            config.targets,
            lambda kpi, phase=phase: (
                respondents.pool(
                    "touchpoint",
                    in_phase.get(phase.id, []),
                    kpi,
                ).design
            ),
        )
        for phase in config.phases
    }
    overall_tables = count_tables(journey, ["all"], tagged)
    overall_period = count_tables(journey, ["period"], journey_codes)
    relationship_rows = counts[counts["touchpoint"] == OVERALL]
    relationship_counts = count_tables(relationship_rows, ["touchpoint"])
    # the overall question, on the KPI the key drivers explain (the relationship NPS by
    # default); one asked on another KPI alone (a help desk's Good/Bad rating of its service,
    # yes/no) on that one: its answers are counted, and shown nowhere else
    outcome = config.drivers.outcome
    if (OVERALL, outcome) not in relationship_counts:
        asked = [kpi for kpi in KPIS if (OVERALL, kpi) in relationship_counts]
        outcome = asked[0] if asked else outcome
    relationship = relationship_counts.get((OVERALL, outcome))
    relationship_period = count_tables(relationship_rows, ["period"])
    relationship_trend = _relationship_trend(
        periods, relationship_rows, relationship_period, relationship_counts, estimator, config
    )
    segment_tables, segment_cross = pooled_segment_tables(
        segments,
        count_tables(journey, ["segment"], journey_codes),
        count_tables(relationship_rows, ["segment"]),
        respondents,
        estimator,
        config,
    )
    overall_trend = {
        kpi: tuple(
            zip(
                periods,
                estimator.many(
                    kpi,
                    [overall_period.get((p, kpi), {}) for p in periods],
                    [config.targets.get(kpi)] * len(periods),
                    [respondents.design(rules.period, p, kpi) for p in periods],
                ),
                strict=True,
            )
        )
        for kpi in KPIS
    }
    latest = _latest(
        project,
        feedback,
        periods,
        overall_trend,
        overall_period,
        relationship_period,
        relationship_trend,
        respondents,
    )

    def themes_once_journeys_ready() -> dict[str, ThemeSet]:
        # the journeys' figures and quotes need no theme: made before waiting for them
        pool.ready(project)
        return themes()

    reports = touchpoint_reports(
        project,
        by,
        periods,
        segments,
        pool,
        business or {},
        recommendations_for,
        themes_once_journeys_ready,
    )
    by_id = {r.touchpoint.id: r for r in reports}

    phases = tuple(
        PhaseReport(
            phase=phase,
            touchpoints=tuple(r for r in reports if r.touchpoint.phase == phase.id),
            kpis=phase_kpis[phase.id],
            experience=experience(phase_kpis[phase.id], pool.norm, config),
            consistency=tuple(c for c in found if c.phase == phase.id),
        )
        for phase in config.phases
    )

    pain_points = tuple(sorted((r for r in reports if r.pain > 0), key=pain_rank))
    journeys = journey_reports(project, by_id, pain_points, pool)
    return Report(
        project=project,
        feedback=feedback,
        overall=estimator.all(
            overall_tables,
            ("all",),
            config.targets,
            lambda kpi: respondents.design("all", "", kpi),
        ),
        overall_distribution={kpi: overall_tables.get(("all", kpi), {}) for kpi in KPIS},
        overall_trend=overall_trend,
        phases=phases,
        touchpoints=reports,
        periods=periods,
        segments=segments,
        segment_tables=segment_tables,
        segment_cross=segment_cross,
        relationship=(
            estimator(outcome, relationship, config.targets.get(outcome)) if relationship else None
        ),
        relationship_others=tuple(
            estimator(kpi, relationship_counts[(OVERALL, kpi)], config.targets.get(kpi))
            for kpi in KPIS
            if kpi != outcome and (OVERALL, kpi) in relationship_counts
        ),
        relationship_distribution={
            kpi: relationship_counts[(OVERALL, kpi)]
            for kpi in KPIS
            if (OVERALL, kpi) in relationship_counts
        },
        relationship_trend=relationship_trend,
        overall_comments=tuple(feedback.comments.get(OVERALL, ())),
        drivers=key_drivers(feedback.drivers, by_id, config, cache),
        pain_points=pain_points,
        findings=findings(pain_points, config.primary_kpi),
        top_recommendations=tuple(
            rec
            for rec in sorted(project.recommendations, key=_recommendation_rank)
            if rec.status in OPEN_STATUSES
        )[:TOP_RECOMMENDATIONS],
        journeys=journeys,
        opportunities=opportunity_reports(project, journeys, by_id),
        coverage=coverage(config, project.touchpoints, feedback.responses),
        touchpoint_steps=_touchpoint_steps(journeys),
        period_counts=by.period,
        latest_relationship={
            key.removeprefix("overall:"): found
            for key, found in latest.items()
            if key.startswith("overall:")
        },
        latest_overall={
            key.removeprefix("all:"): found
            for key, found in latest.items()
            if key.startswith("all:")
        },
    )


def _latest(
    project: Project,
    feedback: Feedback,
    periods: tuple[str, ...],
    overall_trend: dict[str, Trend],
    overall_period: dict[tuple, CountTable],
    relationship_period: dict[tuple, CountTable],
    relationship_trend: dict[str, Trend],
    respondents: Respondents,
) -> dict[str, LatestChange]:
    """The headline figures' latest complete period against the one before (analyze.latest),
    keyed "overall:<kpi>" (the overall question) and "all:<kpi>" (across the touchpoints): all
    of them one family of tests. Empty where the data covers no period whole, or one period
    only (the headline figure is that period's)."""
    config = project.config
    period = latest_complete(periods, feedback.first_date, feedback.last_date)
    if period is None or len(periods) < 2:
        return {}
    at = periods.index(period)
    before = periods[at - 1] if at else ""
    findings = data_findings(feedback, config.rules.period)
    headlines = [
        Headline(
            f"overall:{kpi}",
            kpi,
            dict(trend)[period],
            relationship_period.get((period, kpi), {}),
            relationship_period.get((before, kpi), {}),
            data_findings=tuple(findings.get((OVERALL, kpi), ())),
        )
        for kpi, trend in relationship_trend.items()
    ]
    for kpi, trend in overall_trend.items():
        estimate = dict(trend)[period]
        if not estimate.n:
            continue
        headlines.append(
            Headline(
                f"all:{kpi}",
                kpi,
                estimate,
                overall_period.get((period, kpi), {}),
                overall_period.get((before, kpi), {}),
                # the answers pool several of one respondent: tested with respondents as the
                # unit where they cluster (the few who answered in both periods taken as
                # independent in each: no pairs of periods are kept)
                respondents.difference(config.kpis[kpi], config.rules.period, [before], [period])
                if before
                else None,
                tuple(
                    found
                    for (tp, found_kpi), found_list in findings.items()
                    if tp != OVERALL and found_kpi == kpi
                    for found in found_list
                ),
            )
        )
    return latest_changes(headlines, period, before, config)


def _relationship_trend(
    periods: tuple[str, ...],
    relationship_rows: pd.DataFrame,
    by_period: dict[tuple, CountTable],
    relationship_counts: dict[tuple, CountTable],
    estimator: Estimator,
    config: Config,
) -> dict[str, Trend]:
    """The overall question's figure per period, by each KPI it was asked on (in the order of
    KPIS): one answer per respondent, so no design of pooled answers. Over the touchpoints'
    periods and those the overall question alone has (a help desk's export asks it alone), so
    its latest change (_latest) and its trend chart read the same figures."""
    asked = tuple(sorted({*periods, *relationship_rows["period"].unique().tolist()}))
    return {
        kpi: tuple(
            (p, estimator(kpi, by_period.get((p, kpi), {}), config.targets.get(kpi))) for p in asked
        )
        for kpi in KPIS
        if (OVERALL, kpi) in relationship_counts
    }


def _touchpoint_steps(
    journeys: Iterable[JourneyReport],
) -> dict[str, tuple[tuple[JourneyReport, StepReport], ...]]:
    found: dict[str, list[tuple[JourneyReport, StepReport]]] = defaultdict(list)
    for journey in journeys:
        for step in journey.steps:
            for r in step.touchpoints:
                found[r.touchpoint.id].append((journey, step))
    return {tp_id: tuple(steps) for tp_id, steps in found.items()}


def _recommendation_rank(rec: Recommendation) -> tuple:
    return (
        rec.status not in OPEN_STATUSES,
        PRIORITY_RANK[rec.priority],
        -(rec.impact or 0),
        rec.effort or 0,
        rec.id,
    )
