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

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from scipy import stats as scipy_stats

from touchsite.analyze.batch import differences
from touchsite.analyze.changes import Difference, discoveries
from touchsite.analyze.kpis import Z95, standard_error
from touchsite.analyze.tables import CountTable
from touchsite.kpi import scale_change
from touchsite.models import Kpi, KpiEstimate, Rules

MIN_TREND_PERIODS = 3


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
    points = [
        (index, period, estimate, error)
        for index, (period, estimate) in enumerate(series)
        for error in [standard_error(estimate)]
        if estimate.value is not None and error  # without an interval, or a zero-width one
    ]
    if len(points) < MIN_TREND_PERIODS:
        return None
    weights = [1 / error**2 for *_, error in points]
    xs = [float(index) for index, *_ in points]
    ys = [e.value for _, _, e, _ in points]
    total = sum(weights)
    x_mean = sum(w * x for w, x in zip(weights, xs, strict=True)) / total
    y_mean = sum(w * y for w, y in zip(weights, ys, strict=True)) / total
    spread = sum(w * (x - x_mean) ** 2 for w, x in zip(weights, xs, strict=True))
    slope = (
        sum(w * (x - x_mean) * (y - y_mean) for w, x, y in zip(weights, xs, ys, strict=True))
        / spread
    )
    se = math.sqrt(1 / spread)
    span = xs[-1] - xs[0]
    p_value = 2 * scipy_stats.norm.sf(abs(slope / se))
    difference = Difference(
        kpi=kpi,
        difference=slope * span,
        low=(slope - Z95 * se) * span,
        high=(slope + Z95 * se) * span,
        p_value=float(p_value),
        n_a=min(e.n for _, _, e, _ in points),
        n_b=sum(e.n for _, _, e, _ in points),
    )
    return points[0][1], points[-1][1], difference


def find_changes(
    by_period: dict[tuple, CountTable],
    trends: Mapping[tuple[str, str], Sequence[tuple[str, KpiEstimate]]],
    touchpoints: Sequence[str],
    periods: Sequence[str],
    rules: Rules,
    kpis: Mapping[str, Kpi],
    data_changes: Mapping[tuple[str, str], Sequence[tuple[str, str]]] = MappingProxyType({}),
) -> list[Change]:
    """Every tested change, with `significant` set for the flagged ones.

    `trends` maps (touchpoint, kpi) to its estimates per period; `data_changes` maps it to
    the periods where its data changes, each with what changes there.
    """
    steps = list(zip(periods, periods[1:], strict=False))
    stepped: dict[str, list[Difference | None]] = {
        kpi: differences(
            definition,
            [by_period.get((tp, before, kpi), {}) for tp in touchpoints for before, _ in steps],
            [by_period.get((tp, after, kpi), {}) for tp in touchpoints for _, after in steps],
        )
        for kpi, definition in kpis.items()
    }
    tested: list[tuple[str, str, str, str, Difference, str]] = []
    for index, touchpoint in enumerate(touchpoints):
        for kpi in kpis:
            found = stepped[kpi][index * len(steps) : (index + 1) * len(steps)]
            for (before, after), difference in zip(steps, found, strict=True):
                if difference is not None:
                    tested.append((touchpoint, kpi, before, after, difference, "step"))
            fitted = trend(kpi, trends.get((touchpoint, kpi), []))
            if fitted is not None:
                tested.append((touchpoint, kpi, *fitted, "trend"))
    flags = discoveries([entry[4] for entry in tested], rules)
    changes = []
    for (touchpoint, kpi, before, after, difference, kind), flag in zip(tested, flags, strict=True):
        reason = ""
        if flag:
            spanned = [p for p in periods if before < p <= after]
            counts = [by_period.get((touchpoint, p, kpi), {}) for p in (before, *spanned)]
            reason = _data_change(counts, data_changes.get((touchpoint, kpi), ()), spanned)
        significant = flag and not reason
        changes.append(
            Change(touchpoint, kpi, before, after, difference, significant, kind, reason)
        )
    return changes


def _data_change(
    counts: Sequence[CountTable], findings: Sequence[tuple[str, str]], spanned: Sequence[str]
) -> str:
    """Why a change between the first and the last of these periods may be the data's."""
    for period, message in findings:
        if period in spanned:
            return message
    change = scale_change(counts)
    if change is None:
        return ""
    return "the answers' scale changes" + (
        f" (answers above {change.top} appear)" if change.widens else f" (none above {change.top})"
    )
