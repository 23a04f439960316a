"""Answer counts summed along some keys, and the KPI estimates made from them."""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from touchsite.analyze.batch import estimates
from touchsite.analyze.kpis import SIMPLE, Design, estimate
from touchsite.models import KPIS, Config, KpiEstimate, Targets

CountTable = dict[int, int]


def count_tables(counts: pd.DataFrame, keys: list[str]) -> dict[tuple, CountTable]:
    """Sum answer counts by `keys` + kpi; map each key tuple (ending in the kpi) to {score: n}."""
    result: dict[tuple, CountTable] = defaultdict(dict)
    if counts.empty:
        return result
    summed = counts.groupby([*keys, "kpi", "score"], sort=True)["n"].sum()
    if summed.empty:
        return result
    index = summed.index
    # rows are sorted by key, so each key's scores are one run: one dict per run
    codes = np.array(index.codes[:-1]).reshape(index.nlevels - 1, -1)
    starts = np.flatnonzero(np.r_[True, (np.diff(codes, axis=1) != 0).any(axis=0)])
    ends = [*starts[1:].tolist(), len(summed)]
    key_levels = [index.get_level_values(i)[starts].tolist() for i in range(index.nlevels - 1)]
    scores = index.get_level_values(index.nlevels - 1).astype("int64").tolist()
    ns = summed.astype("int64").tolist()
    rows = zip(zip(*key_levels, strict=True), starts.tolist(), ends, strict=True)
    for key, start, end in rows:
        result[key] = dict(zip(scores[start:end], ns[start:end], strict=True))
    return result


def period_of(month: str, period: str) -> str:
    """The trend period a month ('2026-03') falls in: itself, or its quarter ('2026-Q1')."""
    if period != "quarter":
        return month
    return f"{month[:4]}-Q{(int(month[5:7]) - 1) // 3 + 1}"


def to_periods(counts: pd.DataFrame, period: str) -> pd.DataFrame:
    """Relabel monthly counts ('2026-03') as quarters ('2026-Q1') when the config asks."""
    if period != "quarter" or counts.empty:
        return counts
    quarters = {month: period_of(month, period) for month in counts["period"].unique()}
    return counts.assign(period=counts["period"].map(quarters))


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a month ('2026-03') or a quarter ('2026-Q1')."""
    year, part = period.split("-")
    first_month, months = (3 * int(part[1:]) - 2, 3) if part.startswith("Q") else (int(part), 1)
    last_month = first_month + months - 1
    last_day = calendar.monthrange(int(year), last_month)[1]
    return dt.date(int(year), first_month, 1), dt.date(int(year), last_month, last_day)


def partial_periods(
    periods: tuple[str, ...], first: dt.date | None, last: dt.date | None
) -> frozenset[str]:
    """The periods the data covers only in part: it starts after their first day or ends before
    their last (a quarter with one month of answers is no quarter to compare with)."""
    if first is None or last is None:
        return frozenset()
    partial = set()
    for period in periods:
        start, end = period_bounds(period)
        if first > start or last < end:
            partial.add(period)
    return frozenset(partial)


@dataclass(frozen=True)
class Estimator:
    """Makes KPI estimates under the project's rules and scales."""

    config: Config

    def __call__(
        self,
        kpi: str,
        counts: CountTable,
        target: float | None = None,
        design: Design = SIMPLE,
    ) -> KpiEstimate:
        return estimate(self.config.kpis[kpi], counts, target, self.config.rules, design)

    def many(
        self,
        kpi: str,
        tables: Sequence[CountTable],
        targets: Sequence[float | None],
        designs: Sequence[Design] | None = None,
    ) -> list[KpiEstimate]:
        """The KPI's figure for each of many count tables at once (batch.estimates)."""
        return estimates(self.config.kpis[kpi], tables, targets, self.config.rules, designs)

    def all(
        self,
        tables: dict[tuple, CountTable],
        prefix: tuple,
        targets: Targets,
        design: Callable[[str], Design] | None = None,
    ) -> dict[str, KpiEstimate]:
        """Every KPI of one group; `design` gives each KPI's where the group pools answers."""
        return {
            kpi: self(
                kpi,
                tables.get((*prefix, kpi), {}),
                targets.get(kpi),
                design(kpi) if design else SIMPLE,
            )
            for kpi in KPIS
        }
