"""The experience measured from the scores, on the emotion curve's -3..+3 axis.

A figure's place on the curve is its distance from what it should be, in standard units:
(figure - reference) / unit, where the reference is the KPI's target where one is set, else
the journey's norm (the KPI pooled over all touchpoints), and the unit is the spread (standard
deviation) of the touchpoints' own figures. So a phase one typical touchpoint-difference below
its target reads -1, one on target or on the norm 0; an NPS of -29 never plots as a good
experience just because its answers average 6 of 10. The interval is mapped the same way.
Where several KPIs were asked, their places are averaged weighted by their answers, and so are
their interval ends: as if the KPIs moved together, which never understates the uncertainty.
The Mermaid export scores a step by the same value.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from touchsite.analyze.tables import CountTable, Estimator
from touchsite.kpi import Kpi
from touchsite.models import KPIS, Config, KpiEstimate

AXIS = 3.0  # the curve runs -3..+3
# The touchpoints' spread is the unit once this many have a confident figure; with fewer, a
# sixth of the KPI's range (about the spread of figures across a whole scale) stands in.
MIN_TOUCHPOINTS_FOR_SPREAD = 3
FALLBACK_UNIT_SHARE = 1 / 6
# Touchpoints that all score alike would make every small gap look huge: the unit is at
# least a twentieth of the KPI's range (10 NPS points, 5 percentage points, 0.3 on 1-7).
MIN_UNIT_SHARE = 1 / 20


@dataclass(frozen=True)
class Norm:
    """What each KPI's figures are placed against: the journey's pooled figure (the reference
    where no target is set) and the unit of one step on the curve."""

    reference: Mapping[str, float | None]
    unit: Mapping[str, float]


def journey_norm(by_touchpoint: Mapping[tuple, CountTable], estimator: Estimator) -> Norm:
    """The norm from every touchpoint's answer counts (keys: (touchpoint, kpi))."""
    pooled: dict[str, dict[int, int]] = {kpi: defaultdict(int) for kpi in KPIS}
    tables: dict[str, list[CountTable]] = {kpi: [] for kpi in KPIS}
    for (_touchpoint, kpi), counts in sorted(by_touchpoint.items()):
        if kpi not in pooled:
            continue
        for score, n in counts.items():
            pooled[kpi][score] += n
        tables[kpi].append(counts)
    figures = {
        kpi: [
            own.value
            for own in estimator.many(kpi, tables[kpi], [None] * len(tables[kpi]))
            if own.value is not None and not own.low_n
        ]
        for kpi in KPIS
    }
    kpis = estimator.config.kpis
    return Norm(
        reference={kpi: estimator(kpi, dict(pooled[kpi])).value for kpi in KPIS},
        unit={kpi: _unit(kpis[kpi], figures[kpi]) for kpi in KPIS},
    )


def _unit(kpi: Kpi, figures: list[float]) -> float:
    floor = MIN_UNIT_SHARE * kpi.range_width
    if len(figures) < MIN_TOUCHPOINTS_FOR_SPREAD:
        return FALLBACK_UNIT_SHARE * kpi.range_width
    return max(statistics.stdev(figures), floor)


def experience(estimates: Mapping[str, KpiEstimate], norm: Norm, config: Config) -> KpiEstimate:
    """The place on the curve of a group's KPI estimates (phase, step); kpi 'experience'."""
    placed = list(_places(estimates, norm, config))
    if not placed:
        n = sum(estimate.n for estimate in estimates.values())
        return KpiEstimate("experience", n, None, None, None, None, True)
    n = sum(weight for weight, *_ in placed)
    value, low, high = (_clip(sum(w * part[i] for w, *part in placed) / n) for i in range(3))
    return KpiEstimate("experience", n, value, low, high, None, n < config.rules.min_n_confident)


def _places(
    estimates: Mapping[str, KpiEstimate], norm: Norm, config: Config
) -> Iterable[tuple[int, float, float, float]]:
    """(weight, place, low, high) per KPI that has a figure, a direction and a reference."""
    for kpi, estimate in estimates.items():
        if estimate.value is None or config.kpis[kpi].scale is None:
            continue  # a CES without a stated scale: its good end is unknown
        reference = estimate.target if estimate.target is not None else norm.reference.get(kpi)
        if reference is None:
            continue
        sign = 1 if config.kpis[kpi].higher_is_better else -1
        unit = norm.unit[kpi]
        ends = sorted(sign * (end - reference) / unit for end in (estimate.low, estimate.high))
        yield estimate.n, sign * (estimate.value - reference) / unit, ends[0], ends[1]


def _clip(value: float) -> float:
    return max(-AXIS, min(AXIS, value))
