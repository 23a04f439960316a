"""Each touchpoint's figures and everything found about it, computed before its report is made.

The tests that compare touchpoints (changes over time, experiments, each against the rest)
run over all touchpoints at once, as one family of tests; their results are grouped per
touchpoint first, so every report is complete when it is built and never changes after.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice

import numpy as np

from touchsite.analyze.batch import Answers, differences, row_differences
from touchsite.analyze.changes import Difference, discoveries, flagged
from touchsite.analyze.evidence import Evidence, kpi_range, measuring_kpi
from touchsite.analyze.experiments import Experiment, experiments
from touchsite.analyze.journeys import Pool
from touchsite.analyze.latest import Drop, drops, recent_periods, shifted
from touchsite.analyze.respondents import Respondents
from touchsite.analyze.segments import SegmentTable, comparisons, segment_table, summed
from touchsite.analyze.tables import CountTable, Estimator, Sums, period_of
from touchsite.analyze.themes_report import ThemeSet
from touchsite.analyze.trends import Change, find_changes
from touchsite.kpi import shortfall
from touchsite.models import (
    KPIS,
    Comment,
    Config,
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
    # per KPI below target or below the rest: the shortfall as a share of the KPI's range
    shortfalls: dict[str, float] = field(default_factory=dict)
    # shortfall (or drop) x answers, summed over KPIs: what ranks pain points (`pain`)
    pain: float = 0.0
    evidence: Evidence | None = None
    # The KPIs with a step into the latest period that the change detection flags (as the
    # changes list does, touchsite.analyze.latest.shifted): that period's figure, not the
    # pooled one, is where the touchpoint stands today (pain points rank by it)
    latest: dict[str, KpiEstimate] = field(default_factory=dict)
    latest_period: str = ""
    # each segment against the touchpoint's other segments, one family of tests
    segment_table: SegmentTable | None = None
    # the KPIs whose last significant step runs towards the worse into the latest period
    # (touchsite.analyze.latest): what the pooled figures hide, and what needs action first
    drops: tuple[Drop, ...] = ()

    def __repr__(self) -> str:
        return f"<TouchpointReport {self.touchpoint.id}>"

    @property
    def asked(self) -> list[str]:
        return asked(self.kpis)

    def headline_kpi(self, primary: str) -> str | None:
        """The KPI the page's verdict names: the one its evidence is judged on (`primary`
        where it was asked here, else the most answered)."""
        return measuring_kpi(self.kpis, primary)

    @property
    def pain_kpis(self) -> tuple[str, ...]:
        """The KPIs that make it a pain point."""
        return tuple(self.shortfalls)

    def current(self, kpi: str) -> KpiEstimate:
        """The figure that says where the touchpoint stands now: the latest period's where the
        change detection flags a step into it, else all periods pooled."""
        return self.latest.get(kpi) or self.kpis[kpi]

    @property
    def flagged_changes(self) -> list[Change]:
        return [change for change in self.changes if change.significant]

    @property
    def data_changes(self) -> list[Change]:
        """Changes a test would flag that coincide with a change in the data itself."""
        return [change for change in self.changes if change.data_change]


@dataclass(frozen=True)
class CountsBy:
    """The answer counts the touchpoint reports read, keyed by touchpoint and then by period,
    segment or variant (the KPI last)."""

    touchpoint: dict[tuple, CountTable]
    period: dict[tuple, CountTable]
    segment: dict[tuple, CountTable]
    variant: dict[tuple, CountTable]
    # the sums these tables were made of, by the field's name, where the caller has them:
    # read into arrays (`_answers`) without going through the tables again
    sums: Mapping[str, Sums] = field(default_factory=dict)


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
    themes: Callable[[], dict[str, ThemeSet]],
) -> tuple[TouchpointReport, ...]:
    """`themes`: the themes of every touchpoint, asked for last (they may be computed in
    another process meanwhile)."""
    config = project.config
    estimator = pool.estimator
    feedback = pool.feedback
    ordered = _ordered(project)
    targets = {tp.id: tp.targets.over(config.targets) for tp in ordered}
    ids = [tp.id for tp in ordered]
    pooled = _figures(estimator, _answers(counts, "touchpoint", ids, [()]), ids, 1, targets)
    kpis = {tp_id: {kpi: pooled[kpi][i][0] for kpi in KPIS} for i, tp_id in enumerate(ids)}
    # every touchpoint's periods read once: for their figures and for the changes between them
    period_answers = _answers(counts, "period", ids, [(p,) for p in periods])
    by_period = _figures(estimator, period_answers, ids, len(periods), targets)
    trends = {
        (tp_id, kpi): tuple(zip(periods, by_period[kpi][i], strict=True))
        for i, tp_id in enumerate(ids)
        for kpi in KPIS
    }
    trend_of = {tp_id: {kpi: trends[(tp_id, kpi)] for kpi in KPIS} for tp_id in ids}
    changes = _per_touchpoint(
        find_changes(
            counts.period,
            trends,
            ids,
            list(periods),
            config.rules,
            config.kpis,
            data_findings(feedback, config.rules.period),
            period_answers,
        )
    )
    tried = _per_touchpoint(
        experiments(counts.variant, [(i, targets[i]) for i in ids], config.rules, estimator)
    )
    versus_rest, below_average = _compare_with_rest(
        kpis, counts.touchpoint, config, pool.respondents
    )
    by_segment: dict[str, dict[tuple, CountTable]] = defaultdict(dict)
    for (tp_id, *key), table in counts.segment.items():
        by_segment[tp_id][tuple(key)] = table
    latest = {
        tp_id: shifted(changes.get(tp_id, ()), trend_of[tp_id], periods[-1]) if periods else {}
        for tp_id in ids
    }
    segment_answers = _answers(counts, "segment", ids, [(s,) for s in segments])
    by_segment_figure = _figures(estimator, segment_answers, ids, len(segments), targets)
    by_segment_kpis = {
        tp_id: {
            s: {kpi: by_segment_figure[kpi][i][j] for kpi in KPIS} for j, s in enumerate(segments)
        }
        for i, tp_id in enumerate(ids)
    }
    segment_tables = _segment_tables(kpis, by_segment, segments, by_segment_kpis, config)
    shortfalls = {
        tp_id: _shortfalls(own, latest[tp_id], versus_rest[tp_id], below_average[tp_id], config)
        for tp_id, own in kpis.items()
    }
    recent = recent_periods(periods, feedback.first_date, feedback.last_date)
    dropped = {
        tp_id: drops(changes.get(tp_id, ()), trend_of[tp_id], recent, config) for tp_id in ids
    }
    # each report's fields, the report made once its themes are there
    reports = []
    for tp in ordered:
        comments = feedback.comments.get(tp.id, [])
        own = kpis[tp.id]
        reports.append(
            dict(
                touchpoint=tp,
                targets=targets[tp.id],
                kpis=own,
                responses=feedback.responses.get(tp.id, 0),
                trend=trend_of[tp.id],
                distribution={kpi: _shown(own[kpi], counts.touchpoint, tp.id) for kpi in KPIS},
                segments=by_segment_kpis[tp.id],
                comments=tuple(comments),
                segment_table=segment_tables[tp.id],
                recommendations=tuple(recommendations_for.get(tp.id, ())),
                changes=changes.get(tp.id, ()),
                versus_rest=versus_rest[tp.id],
                below_average=below_average[tp.id],
                experiments=tried.get(tp.id, ()),
                business=tuple(business.get(tp.id, ())),
                shortfalls=shortfalls[tp.id],
                pain=pain(shortfalls[tp.id], latest[tp.id], own, dropped[tp.id]),
                evidence=pool.evidence([tp.id], None, len(comments), estimates=own),
                latest=latest[tp.id],
                latest_period=periods[-1] if latest[tp.id] else "",
                drops=dropped[tp.id],
            )
        )
    # The themes last, so the reports' parts are made while they are found in another process.
    found_themes = themes()
    return tuple(
        TouchpointReport(**fields, themes=found_themes.get(fields["touchpoint"].id))
        for fields in reports
    )


def pain(
    shortfalls: Mapping[str, float],
    latest: Mapping[str, KpiEstimate],
    pooled: Mapping[str, KpiEstimate],
    dropped: Sequence[Drop],
) -> float:
    """How much a touchpoint hurts, summed over its KPIs: each KPI's shortfall (a share of
    its range: `_shortfalls`) times the answers of the figure that falls short (the latest
    period's where that differs, else all periods'), or, where larger, its drop into the
    latest period (a share of its range) times that period's answers: a large gap for many
    customers weighs more than a small one for few."""
    weights = {kpi: share * latest.get(kpi, pooled[kpi]).n for kpi, share in shortfalls.items()}
    for drop in dropped:
        weights[drop.kpi] = max(weights.get(drop.kpi, 0.0), drop.share * drop.after.n)
    return sum(weights.values())


def _answers(
    counts: CountsBy, by: str, ids: Sequence[str], parts: Sequence[tuple]
) -> dict[str, Answers]:
    """Every KPI's answers per touchpoint and part (a period, a segment, or () for all its
    answers), from the tables `by` names, keyed (touchpoint, *part, kpi): a row per
    touchpoint and part, in the order of `ids` and then of `parts`."""
    keys = [(tp_id, *part) for tp_id in ids for part in parts]
    if by in counts.sums:
        return counts.sums[by].answers(KPIS, keys)
    tables = getattr(counts, by)
    return {kpi: Answers.of([tables.get((*key, kpi), {}) for key in keys]) for kpi in KPIS}


def _figures(
    estimator: Estimator,
    answers: Mapping[str, Answers],
    ids: Sequence[str],
    width: int,
    targets: Mapping[str, Targets],
) -> dict[str, list[list[KpiEstimate]]]:
    """Every KPI's figure per touchpoint and part from their `_answers` (`width` parts per
    touchpoint), by KPI, touchpoint (in the order of `ids`) and part: one batch per KPI
    over all touchpoints."""
    found = {}
    for kpi in KPIS:
        figures = estimator.rows(
            kpi,
            answers[kpi],
            [target for tp_id in ids for target in [targets[tp_id].get(kpi)] * width],
        )
        found[kpi] = [figures[i * width : (i + 1) * width] for i in range(len(ids))]
    return found


def _shown(estimate: KpiEstimate, by_touchpoint: dict[tuple, CountTable], tp_id: str) -> CountTable:
    """The answers' distribution, where the score itself may be shown: below `min_n_shown`
    the distribution would give the hidden score away."""
    return by_touchpoint.get((tp_id, estimate.kpi), {}) if estimate.value is not None else {}


def data_findings(feedback, period: str) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """The data stage's findings of a change in the data (a scale switch, a column that
    starts being filled), by touchpoint and KPI: the trend period it starts in, and what."""
    found: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for finding in feedback.quality:
        if finding.period:
            key = (finding.touchpoint, finding.kpi)
            found[key].append((period_of(finding.period, period), finding.message))
    return found


def _segment_tables(
    kpis: dict[str, dict[str, KpiEstimate]],
    by_segment: dict[str, dict[tuple, CountTable]],
    segments: Sequence[str],
    estimates: dict[str, dict[str, dict[str, KpiEstimate]]],
    config: Config,
) -> dict[str, SegmentTable | None]:
    """Each touchpoint's segments compared (`by_segment` per touchpoint, keyed segment, kpi),
    every touchpoint's tests of a KPI at once; one answer per respondent, so each test is the
    KPI's own on the answer counts. `estimates` are the figures per touchpoint and segment."""
    if len(segments) < 2:
        return dict.fromkeys(kpis)
    rows = {segment: [segment] for segment in segments}
    planned = {tp_id: comparisons(rows, asked(own)) for tp_id, own in kpis.items()}
    tests: dict[tuple[str, int], Difference | None] = {}
    for kpi in KPIS:
        wanted = [
            (tp_id, index, rest, held)
            for tp_id, plan in planned.items()
            for index, (_, tested, rest, held) in enumerate(plan)
            if tested == kpi
        ]
        found = differences(
            config.kpis[kpi],
            [summed(by_segment.get(tp_id, {}), rest, kpi) for tp_id, _, rest, _ in wanted],
            [summed(by_segment.get(tp_id, {}), held, kpi) for tp_id, _, _, held in wanted],
        )
        tests.update(zip([(tp_id, index) for tp_id, index, *_ in wanted], found, strict=True))
    # each touchpoint's table a family of its own, all adjusted at once
    ordered = [(tp_id, index) for tp_id, plan in planned.items() for index in range(len(plan))]
    families = {tp_id: number for number, tp_id in enumerate(planned)}
    flags = iter(
        flagged(
            [tests[key] for key in ordered],
            config.rules,
            [families[tp_id] for tp_id, _ in ordered],
        )
    )
    return {
        tp_id: segment_table(
            "",
            rows,
            asked(kpis[tp_id]),
            {(s, kpi): estimates[tp_id][s][kpi] for s in segments for kpi in asked(kpis[tp_id])},
            list(islice(flags, len(plan))),
        )
        for tp_id, plan in planned.items()
    }


def _per_touchpoint(found: Iterable[Change | Experiment]) -> dict[str, tuple]:
    grouped: dict[str, list] = defaultdict(list)
    for item in found:
        grouped[item.touchpoint].append(item)
    return {touchpoint: tuple(items) for touchpoint, items in grouped.items()}


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
    kpis: dict[str, dict[str, KpiEstimate]],
    by_touchpoint: dict[tuple, CountTable],
    config: Config,
    respondents: Respondents,
) -> tuple[dict[str, dict[str, Difference]], dict[str, tuple[str, ...]]]:
    """Each touchpoint against the pooled answers of all others; one BH family. Returns the
    differences and the KPIs significantly below the rest, per touchpoint. The rest holds
    answers of the touchpoint's own respondents too: tested with respondents as clusters."""
    totals: dict[str, CountTable] = {kpi: defaultdict(int) for kpi in KPIS}
    for tp_id in kpis:
        for kpi in KPIS:
            for score, n in by_touchpoint.get((tp_id, kpi), {}).items():
                totals[kpi][score] += n
    versus_rest: dict[str, dict[str, Difference]] = {tp_id: {} for tp_id in kpis}
    # A score hidden for its few answers is not compared either: the difference to the rest
    # would give it away. It still counts in the rest of the others.
    compared = [
        (tp_id, kpi)
        for tp_id, own_kpis in kpis.items()
        for kpi in asked(own_kpis)
        if own_kpis[kpi].value is not None
    ]
    clustered = {
        kpi: dict(
            zip(
                kpis,
                respondents.versus_rest(config.kpis[kpi], "touchpoint", list(kpis)),
                strict=True,
            )
        )
        for kpi in KPIS
    }
    unclustered = {}
    for kpi in KPIS:
        plain = [tp_id for tp_id, k in compared if k == kpi and clustered[kpi][tp_id] is None]
        owns = Answers.of([by_touchpoint.get((tp_id, kpi), {}) for tp_id in plain])
        tests = row_differences(config.kpis[kpi], _rests(totals[kpi], owns), owns)
        unclustered.update(zip([(tp_id, kpi) for tp_id in plain], tests, strict=True))
    tested = []
    for tp_id, kpi in compared:
        difference = clustered[kpi][tp_id] or unclustered[(tp_id, kpi)]
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


def _rests(totals: CountTable, owns: Answers) -> Answers:
    """Each row's rest: `totals` less the row's own answers (each of which `totals` holds),
    with the scores in the order of `totals`: Answers.of of the tables
    {score: totals[score] - own.get(score, 0) for score in totals}, without making them."""
    scores = np.array(list(totals), dtype="float64")
    rests = np.tile(np.array(list(totals.values()), dtype="int64"), (len(owns), 1))
    if len(scores) and owns.counts.size:
        order = np.argsort(scores)
        present = np.arange(owns.counts.shape[1]) < owns.sizes[:, None]
        row = np.broadcast_to(np.arange(len(owns))[:, None], present.shape)[present]
        column = order[np.searchsorted(scores[order], owns.scores[present])]
        rests[row, column] -= owns.counts[present]  # a score once per row: no place twice
    sizes = np.full(len(owns), len(scores), dtype="int64")
    return Answers(np.tile(scores, (len(owns), 1)), rests, sizes)


def _shortfalls(
    kpis: dict[str, KpiEstimate],
    latest: dict[str, KpiEstimate],
    versus_rest: dict[str, Difference],
    below_average: Sequence[str],
    config: Config,
) -> dict[str, float]:
    """Per KPI that falls short: the larger of the gap to the target (if missed) and the gap
    to the journey's average (if significantly below), as a share of the KPI's range so
    different scales compare. Where the change detection flags a step into the latest period,
    that period's figure counts: a touchpoint that recovered is no longer below the journey's
    average because its older months were."""
    found = {}
    for kpi in asked(kpis):
        pooled = kpis[kpi]
        estimate = latest.get(kpi, pooled)
        if estimate.value is None or estimate.low_n:
            continue
        gaps = [estimate.gap] if estimate.status == "misses" else []
        recovered = (
            kpi in latest and shortfall(estimate.value, pooled.value, pooled.higher_is_better) < 0
        )
        if kpi in below_average and not recovered:
            gaps.append(abs(versus_rest[kpi].difference))
        if gaps:
            found[kpi] = max(gaps) / kpi_range(kpi, config)
    return found
