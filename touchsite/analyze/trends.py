"""Changes over time: which movements between periods are real.

For every touchpoint and KPI, each period is compared with the one before it (a step), and a
trend line is fitted through all periods (a steady trend moves little from one period to the
next, but adds up). All these tests form one family: a change is flagged only if it stays
significant after Benjamini-Hochberg, the periods compared have enough answers, and it is at
least the configured minimum effect.

The trend is a weighted least-squares line through the period estimates, each weighted by
the inverse of its variance (taken from its 95 % interval: se = width / (2 x 1.96)); the
slope's z-test gives the p-value, and the change it reports is the slope times the span of
periods. Periods with too few answers to show a score are left out of the line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from types import MappingProxyType

import numpy as np

from touchsite.analyze.batch import Answers, row_differences, squared, two_sided_normal
from touchsite.analyze.changes import Difference, discoveries
from touchsite.analyze.kpis import Z95
from touchsite.analyze.tables import CountTable
from touchsite.kpi import scale_change
from touchsite.models import Kpi, KpiEstimate, Rules, Sentence
from touchsite.models.frozen import quickly_built
from touchsite.translation import N_

MIN_TREND_PERIODS = 3


@quickly_built
@dataclass(frozen=True)
class Change:
    touchpoint: str
    kpi: str
    before: str
    after: str
    difference: Difference
    significant: bool
    kind: str = "step"  # "step": one period to the next; "trend": the line through all
    data_change: str = ""  # a flagged change that coincides with a change in the data: why

    @property
    def rising(self) -> bool:
        return self.difference.difference > 0


def trend(
    kpi: str, series: Sequence[tuple[str, KpiEstimate]]
) -> tuple[str, str, Difference] | None:
    """The fitted change from the first to the last usable period, with its test."""
    return trends(kpi, [series])[0]


def trends(
    kpi: str, many: Sequence[Sequence[tuple[str, KpiEstimate]]]
) -> list[tuple[str, str, Difference] | None]:
    """`trend` of each series, the least-squares sums of all of them at once (running over the
    periods in order, so each sum adds the same terms in the same order as one by one)."""
    width = max((len(series) for series in many), default=0)
    used = np.zeros((len(many), width), dtype=bool)
    values, errors = np.zeros((len(many), width)), np.ones((len(many), width))
    counts = np.zeros((len(many), width), dtype="int64")
    # the estimates with a value and an interval, whose error (standard_error) is not 0
    cells = [
        (row, column, estimate.value, estimate.low, estimate.high, estimate.n)
        for row, series in enumerate(many)
        for column, (_period, estimate) in enumerate(series)
        if estimate.value is not None and estimate.low is not None and estimate.high is not None
    ]
    if cells:
        rows, columns, value, low, high, n = zip(*cells, strict=True)
        error = (np.array(high, dtype="float64") - np.array(low, dtype="float64")) / 2 / Z95
        kept = error != 0  # a zero-width interval
        at = (np.array(rows)[kept], np.array(columns)[kept])
        used[at] = True
        values[at] = np.array(value, dtype="float64")[kept]
        errors[at] = error[kept]
        counts[at] = np.array(n, dtype="int64")[kept]
    weights = np.zeros((len(many), width))
    weights[used] = 1 / squared(errors[used])
    xs = np.arange(width, dtype="float64")
    total, x_sum, y_sum = (np.zeros(len(many)) for _ in range(3))
    for column in range(width):
        total = total + weights[:, column]
        x_sum = x_sum + weights[:, column] * xs[column]
        y_sum = y_sum + weights[:, column] * values[:, column]
    with np.errstate(invalid="ignore", divide="ignore"):
        x_mean, y_mean = x_sum / total, y_sum / total
        spread, moment = np.zeros(len(many)), np.zeros(len(many))
        for column in range(width):
            weight, x_off = weights[:, column], xs[column] - x_mean
            spread = spread + weight * squared(x_off)
            moment = moment + weight * x_off * (values[:, column] - y_mean)
        slope = moment / spread
        se = np.sqrt(1 / spread)
        p_values = two_sided_normal(slope / se)
        # each line from its first to its last point: slope times span, and its interval
        points = used.sum(axis=1)
        first = np.argmax(used, axis=1) if width else np.zeros(len(many), dtype=np.int64)
        last = width - 1 - np.argmax(used[:, ::-1], axis=1) if width else first
        span = (last - first).astype("float64")
        changes = (slope * span, (slope - Z95 * se) * span, (slope + Z95 * se) * span)
    fewest = np.where(used, counts, np.iinfo(np.int64).max).min(
        axis=1, initial=np.iinfo(np.int64).max
    )
    rows = zip(
        many,
        (points >= MIN_TREND_PERIODS).tolist(),
        first.tolist(),
        last.tolist(),
        *(change.tolist() for change in changes),
        p_values.tolist(),
        fewest.tolist(),
        np.where(used, counts, 0).sum(axis=1).tolist(),
        strict=True,
    )
    return [
        (
            series[first_i][0],
            series[last_i][0],
            Difference(kpi, change, low, high, p_value, fewest_n, all_n),
        )
        if enough
        else None
        for series, enough, first_i, last_i, change, low, high, p_value, fewest_n, all_n in rows
    ]


def find_changes(
    by_period: dict[tuple, CountTable],
    series: Mapping[tuple[str, str], Sequence[tuple[str, KpiEstimate]]],
    touchpoints: Sequence[str],
    periods: Sequence[str],
    rules: Rules,
    kpis: Mapping[str, Kpi],
    data_changes: Mapping[tuple[str, str], Sequence[tuple[str, str]]] = MappingProxyType({}),
    answers: Mapping[str, Answers] = MappingProxyType({}),
) -> list[Change]:
    """Every tested change, with `significant` set for the flagged ones.

    `series` maps (touchpoint, kpi) to its estimates per period; `data_changes` maps it to
    the periods where its data changes, each with what changes there; `answers`, per KPI,
    the answers of `by_period` where the caller has them already (a row per touchpoint and
    period, in the order of `touchpoints` and then of `periods`).
    """
    steps = list(zip(periods, periods[1:], strict=False))
    # every touchpoint's periods in one batch, each step a pair of its rows: each table is
    # read once, not once as the period before and once as the period after
    first = np.arange(len(touchpoints))[:, None] * len(periods) + np.arange(len(steps))
    stepped: dict[str, list[Difference | None]] = {}
    for kpi, definition in kpis.items():
        read = (
            answers[kpi]
            if kpi in answers
            else Answers.of(
                [by_period.get((tp, p, kpi), {}) for tp in touchpoints for p in periods]
            )
        )
        befores = read.rows(first.ravel())
        stepped[kpi] = row_differences(definition, befores, read.rows(first.ravel() + 1))
    lines = {kpi: trends(kpi, [series.get((tp, kpi), []) for tp in touchpoints]) for kpi in kpis}
    # every tested change made as not flagged first; the few flagged are made again below
    changes: list[Change] = []
    for index, touchpoint in enumerate(touchpoints):
        for kpi in kpis:
            found = stepped[kpi][index * len(steps) : (index + 1) * len(steps)]
            changes += [
                Change(touchpoint, kpi, before, after, difference, False)
                for (before, after), difference in zip(steps, found, strict=True)
                if difference is not None
            ]
            fitted = lines[kpi][index]
            if fitted is not None:
                changes.append(Change(touchpoint, kpi, *fitted, False, "trend"))
    flags = discoveries([change.difference for change in changes], rules)
    for at in compress(range(len(changes)), flags):
        change = changes[at]
        touchpoint, kpi, before, after = change.touchpoint, change.kpi, change.before, change.after
        spanned = [p for p in periods if before < p <= after]
        counts = [by_period.get((touchpoint, p, kpi), {}) for p in (before, *spanned)]
        reason = data_change(counts, data_changes.get((touchpoint, kpi), ()), spanned)
        changes[at] = Change(
            touchpoint, kpi, before, after, change.difference, not reason, change.kind, reason
        )
    return changes


def data_change(
    counts: Sequence[CountTable], findings: Sequence[tuple[str, str]], spanned: Sequence[str]
) -> str:
    """Why a change between the first and the last of these periods may be the data's."""
    for period, message in findings:
        if period in spanned:
            return message
    change = scale_change(counts)
    if change is None:
        return ""
    if change.widens:
        return Sentence(
            N_("the answers' scale changes (answers above %(top)s appear)"), top=str(change.top)
        )
    return Sentence(N_("the answers' scale changes (none above %(top)s)"), top=str(change.top))
