"""What changed lately: the figures of the latest complete period beside the pooled ones.

The headline figures pool every period, so a quarter that went wrong hides among the good ones
before it. Two things here say what changed lately, both from the period tables and tests the
site already makes (no statistics of their own):

- each headline figure's latest complete period (the last one the data covers from its first
  day to its last: a quarter with one month of answers is no quarter to compare with) against
  the period before it, by the KPI's own test (touchsite.analyze.changes), the headline
  figures' steps one family of tests (Benjamini-Hochberg, enough answers on both sides, the
  minimum effect), a step that coincides with a change in the data not counted;
- each touchpoint's significant drop into its latest period: a step between two periods that
  the change detection (touchsite.analyze.trends) flags, towards the worse, into the latest
  complete period or the partial period after it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from touchsite.analyze.changes import Difference, flagged, kpi_difference
from touchsite.analyze.tables import CountTable, partial_periods
from touchsite.analyze.trends import Change, data_change
from touchsite.models import KPIS, Config, KpiEstimate


@dataclass(frozen=True)
class LatestChange:
    """A headline figure's latest complete period against the period before it."""

    kpi: str
    period: str  # the latest complete period
    estimate: KpiEstimate  # that period's figure
    before: str = ""  # the period before it; "" where the data has none
    difference: Difference | None = None  # period - before; None where there is no before
    # whether the test could say anything: both periods with enough answers to compare
    # (rules.min_n_confident, as the change detection asks), so that "no significant change"
    # means the test found none, not that it had too little to look at
    compared: bool = False
    significant: bool = False
    data_change: str = ""  # a step the test flags that coincides with a change in the data

    @property
    def rising(self) -> bool:
        return self.difference is not None and self.difference.difference > 0


@dataclass(frozen=True)
class Drop:
    """A touchpoint's significant step towards the worse into its latest period."""

    change: Change
    before: KpiEstimate  # the figure of the period before the step
    after: KpiEstimate  # and of the period it dropped into
    share: float  # the size of the drop as a share of the KPI's range

    @property
    def kpi(self) -> str:
        return self.change.kpi


def latest_complete(
    periods: Sequence[str], first: dt.date | None, last: dt.date | None
) -> str | None:
    """The last period the data covers whole, None where it covers none whole."""
    partial = partial_periods(tuple(periods), first, last)
    return next((p for p in reversed(periods) if p not in partial), None)


def recent_periods(
    periods: Sequence[str], first: dt.date | None, last: dt.date | None
) -> tuple[str, ...]:
    """The periods a drop counts as recent in: the latest complete one and the partial one
    after it (the quarter running when the data was exported); the last period alone where
    the data covers none whole."""
    complete = latest_complete(periods, first, last)
    if complete is None:
        return tuple(periods[-1:])
    return tuple(periods[periods.index(complete) :])


def drops(
    changes: Sequence[Change],
    trend: Mapping[str, Sequence[tuple[str, KpiEstimate]]],
    recent: Sequence[str],
    config: Config,
) -> tuple[Drop, ...]:
    """A touchpoint's drops: per KPI, its last significant step, where that runs towards the
    worse and into a `recent` period (a significant recovery after a drop takes it back).
    `trend`: the touchpoint's figures per period, by KPI."""
    last: dict[str, Change] = {}
    for change in changes:
        if change.kind == "step" and change.significant:
            known = last.get(change.kpi)
            if known is None or change.after > known.after:
                last[change.kpi] = change
    found = []
    for kpi, change in last.items():
        by_period = dict(trend.get(kpi, ()))
        before, after = by_period.get(change.before), by_period.get(change.after)
        if change.after not in recent or before is None or after is None:
            continue
        if change.rising == after.higher_is_better:  # towards the better
            continue
        share = abs(change.difference.difference) / config.kpis[kpi].range_width
        found.append(Drop(change, before, after, share))
    return tuple(sorted(found, key=lambda d: KPIS.index(d.kpi)))


def shifted(
    changes: Sequence[Change],
    trend: Mapping[str, Sequence[tuple[str, KpiEstimate]]],
    period: str,
) -> dict[str, KpiEstimate]:
    """A touchpoint's figures of the latest `period` that say where it stands now: per KPI
    with a step into that period the change detection flags (touchsite.analyze.trends, the
    changes list's own family of tests), either way; the others stand at all periods pooled.
    `trend`: the touchpoint's figures per period, by KPI."""
    found = {}
    for change in changes:
        if change.kind == "step" and change.significant and change.after == period:
            estimate = dict(trend.get(change.kpi, ())).get(period)
            if estimate is not None and estimate.value is not None:
                found[change.kpi] = estimate
    return {kpi: found[kpi] for kpi in KPIS if kpi in found}


@dataclass(frozen=True)
class Headline:
    """One headline figure's two periods, to be tested with the others: the answer counts of
    the period before (`before_counts`) and of the latest (`counts`), and its difference
    where the caller has one tested with respondents as the unit (None: the KPI's own test
    on the counts)."""

    key: str
    kpi: str
    estimate: KpiEstimate
    counts: CountTable
    before_counts: CountTable
    clustered: Difference | None = None
    data_findings: tuple[tuple[str, str], ...] = ()  # (period, what changes in the data)


def latest_changes(
    headlines: Sequence[Headline], period: str, before: str, config: Config
) -> dict[str, LatestChange]:
    """Each headline figure's latest change, by its key: the steps of all of them one family
    of tests (touchsite.analyze.changes.flagged)."""
    if not before:
        return {h.key: LatestChange(h.kpi, period, h.estimate) for h in headlines}
    differences = [
        h.clustered or kpi_difference(config.kpis[h.kpi], h.before_counts, h.counts)
        for h in headlines
    ]
    fewest = config.rules.min_n_confident
    found = {}
    for h, (difference, flag) in zip(headlines, flagged(differences, config.rules), strict=True):
        reason = data_change([h.before_counts, h.counts], h.data_findings, [period]) if flag else ""
        compared = difference is not None and min(difference.n_a, difference.n_b) >= fewest
        found[h.key] = LatestChange(
            h.kpi, period, h.estimate, before, difference, compared, flag and not reason, reason
        )
    return found
