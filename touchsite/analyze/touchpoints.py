"""Each touchpoint's figures and everything found about it, computed before its report is made.

The tests that compare touchpoints (changes over time, experiments, each against the rest)
run over all touchpoints at once, as one family of tests; their results are grouped per
touchpoint first, so every report is complete when it is built and never changes after.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from touchsite.analyze.changes import Difference, discoveries, kpi_difference
from touchsite.analyze.evidence import Evidence, kpi_range
from touchsite.analyze.experiments import Experiment, experiments
from touchsite.analyze.journeys import Pool
from touchsite.analyze.tables import CountTable
from touchsite.analyze.themes_report import ThemeSet, theme_sets
from touchsite.analyze.trends import Change, find_changes
from touchsite.cache import Cache, cached
from touchsite.models import (
    KPIS,
    Comment,
    Config,
    Feedback,
    KpiEstimate,
    MetricSeries,
    Project,
    Recommendation,
    Targets,
    Touchpoint,
)

Trend = tuple[tuple[str, KpiEstimate], ...]  # (period, estimate), oldest first


@dataclass(frozen=True)
class TouchpointReport:
    touchpoint: Touchpoint
    targets: Targets
    kpis: dict[str, KpiEstimate]
    responses: int
    trend: dict[str, Trend]
    distribution: dict[str, CountTable]
    segments: dict[str, dict[str, KpiEstimate]]
    comments: tuple[Comment, ...]
    recommendations: tuple[Recommendation, ...]
    changes: tuple[Change, ...] = ()
    # each KPI against all other touchpoints of the journey (b = this touchpoint)
    versus_rest: dict[str, Difference] = field(default_factory=dict)
    below_average: tuple[str, ...] = ()
    themes: ThemeSet | None = None
    experiments: tuple[Experiment, ...] = ()
    business: tuple[MetricSeries, ...] = ()
    pain: float = 0.0
    evidence: Evidence | None = None

    def __repr__(self) -> str:
        return f"<TouchpointReport {self.touchpoint.id}>"

    @property
    def asked(self) -> list[str]:
        return asked(self.kpis)

    @property
    def flagged_changes(self) -> list[Change]:
        return [change for change in self.changes if change.significant]


@dataclass(frozen=True)
class CountsBy:
    """The answer counts the touchpoint reports read, keyed by touchpoint and then by period,
    segment or variant (the KPI last)."""

    touchpoint: dict[tuple, CountTable]
    period: dict[tuple, CountTable]
    segment: dict[tuple, CountTable]
    variant: dict[tuple, CountTable]


def asked(kpis: Mapping[str, KpiEstimate]) -> list[str]:
    return [kpi for kpi in KPIS if kpis[kpi].n > 0]


def touchpoint_reports(
    project: Project,
    counts: CountsBy,
    periods: Sequence[str],
    segments: Sequence[str],
    pool: Pool,
    business: Mapping[str, Sequence[MetricSeries]],
    recommendations_for: Mapping[str, Sequence[Recommendation]],
    cache: Cache | None,
) -> tuple[TouchpointReport, ...]:
    config = project.config
    estimator = pool.estimator
    feedback = pool.feedback
    ordered = _ordered(project)
    targets = {tp.id: tp.targets.over(config.targets) for tp in ordered}
    kpis = {tp.id: estimator.all(counts.touchpoint, (tp.id,), targets[tp.id]) for tp in ordered}
    trends = {
        (tp.id, kpi): tuple(
            (p, estimator(kpi, counts.period.get((tp.id, p, kpi), {}), targets[tp.id].get(kpi)))
            for p in periods
        )
        for tp in ordered
        for kpi in KPIS
    }
    ids = [tp.id for tp in ordered]
    changes = _per_touchpoint(
        find_changes(counts.period, trends, ids, list(periods), config.rules, config.kpis)
    )
    tried = _per_touchpoint(
        experiments(counts.variant, [(i, targets[i]) for i in ids], config.rules, estimator)
    )
    versus_rest, below_average = _compare_with_rest(kpis, counts.touchpoint, config)
    found_themes = _themes(feedback, config, cache)
    reports = []
    for tp in ordered:
        comments = feedback.comments.get(tp.id, [])
        own = kpis[tp.id]
        reports.append(
            TouchpointReport(
                touchpoint=tp,
                targets=targets[tp.id],
                kpis=own,
                responses=feedback.responses.get(tp.id, 0),
                trend={kpi: trends[(tp.id, kpi)] for kpi in KPIS},
                distribution={kpi: counts.touchpoint.get((tp.id, kpi), {}) for kpi in KPIS},
                segments={
                    s: estimator.all(counts.segment, (tp.id, s), targets[tp.id]) for s in segments
                },
                comments=tuple(comments),
                recommendations=tuple(recommendations_for.get(tp.id, ())),
                changes=changes.get(tp.id, ()),
                versus_rest=versus_rest[tp.id],
                below_average=below_average[tp.id],
                themes=found_themes.get(tp.id),
                experiments=tried.get(tp.id, ()),
                business=tuple(business.get(tp.id, ())),
                pain=_pain(own, versus_rest[tp.id], below_average[tp.id], config),
                evidence=pool.evidence([tp.id], None, len(comments), estimates=own),
            )
        )
    return tuple(reports)


def _per_touchpoint(found: Iterable[Change | Experiment]) -> dict[str, tuple]:
    grouped: dict[str, list] = defaultdict(list)
    for item in found:
        grouped[item.touchpoint].append(item)
    return {touchpoint: tuple(items) for touchpoint, items in grouped.items()}


def _themes(feedback: Feedback, config: Config, cache: Cache | None) -> dict[str, ThemeSet]:
    terms = feedback.terms
    return cached(
        cache,
        "themes",
        (
            terms.counts if terms else None,
            terms.forms if terms else None,
            feedback.comments,
            config,
        ),
        lambda: theme_sets(terms, feedback.comments, config),
    )


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


def _compare_with_rest(
    kpis: dict[str, dict[str, KpiEstimate]], by_touchpoint: dict[tuple, CountTable], config: Config
) -> tuple[dict[str, dict[str, Difference]], dict[str, tuple[str, ...]]]:
    """Each touchpoint against the pooled answers of all others; one BH family. Returns the
    differences and the KPIs significantly below the rest, per touchpoint."""
    totals: dict[str, CountTable] = {kpi: defaultdict(int) for kpi in KPIS}
    for tp_id in kpis:
        for kpi in KPIS:
            for score, n in by_touchpoint.get((tp_id, kpi), {}).items():
                totals[kpi][score] += n
    versus_rest: dict[str, dict[str, Difference]] = {tp_id: {} for tp_id in kpis}
    tested = []
    for tp_id, own_kpis in kpis.items():
        for kpi in asked(own_kpis):
            own = by_touchpoint.get((tp_id, kpi), {})
            rest = {s: totals[kpi][s] - own.get(s, 0) for s in totals[kpi]}
            difference = kpi_difference(config.kpis[kpi], rest, own)
            if difference is not None:
                versus_rest[tp_id][kpi] = difference
                tested.append((tp_id, kpi, difference))
    flags = discoveries([entry[2] for entry in tested], config.rules)
    below: dict[str, list[str]] = {tp_id: [] for tp_id in kpis}
    for (tp_id, kpi, difference), flag in zip(tested, flags, strict=True):
        scale_up = kpis[tp_id][kpi].higher_is_better
        if flag and (difference.difference < 0) == scale_up:
            below[tp_id].append(kpi)
    return versus_rest, {tp_id: tuple(found) for tp_id, found in below.items()}


def _pain(
    kpis: dict[str, KpiEstimate],
    versus_rest: dict[str, Difference],
    below_average: Sequence[str],
    config: Config,
) -> float:
    """Shortfall x answers, summed over KPIs: the shortfall is the larger of the gap to the
    target (if missed) and the gap to the journey's average (if significantly below), as a
    share of the KPI's range so different scales add up."""
    total = 0.0
    for kpi in asked(kpis):
        estimate = kpis[kpi]
        if estimate.value is None or estimate.low_n:
            continue
        gaps = [estimate.gap] if estimate.status == "misses" else []
        if kpi in below_average:
            gaps.append(abs(versus_rest[kpi].difference))
        if gaps:
            total += max(gaps) / kpi_range(kpi, config) * estimate.n
    return total
