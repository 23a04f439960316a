"""Answer counts summed along some keys, and the KPI estimates made from them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from touchsite.analyze.kpis import SIMPLE, Design, estimate
from touchsite.models import KPIS, Config, KpiEstimate, Targets

CountTable = dict[int, int]


def count_tables(counts: pd.DataFrame, keys: list[str]) -> dict[tuple, CountTable]:
    """Sum answer counts by `keys` + kpi; map each key tuple (ending in the kpi) to {score: n}."""
    result: dict[tuple, CountTable] = defaultdict(dict)
    if counts.empty:
        return result
    summed = counts.groupby([*keys, "kpi", "score"], sort=True)["n"].sum()
    for index, n in summed.items():
        *key, score = index
        result[tuple(key)][int(score)] = int(n)
    return result


def to_periods(counts: pd.DataFrame, period: str) -> pd.DataFrame:
    """Relabel monthly counts ('2026-03') as quarters ('2026-Q1') when the config asks."""
    if period != "quarter" or counts.empty:
        return counts
    months = counts["period"].str.slice(5, 7).astype(int)
    quarters = counts["period"].str.slice(0, 4) + "-Q" + ((months - 1) // 3 + 1).astype(str)
    return counts.assign(period=quarters)


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
