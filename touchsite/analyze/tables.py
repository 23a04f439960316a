"""Answer counts summed along some keys, and the KPI estimates made from them."""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np
import pandas as pd

from touchsite.analyze.batch import Answers, estimates, row_estimates
from touchsite.analyze.kpis import SIMPLE, Design, estimate
from touchsite.models import KPIS, Config, KpiEstimate, Targets

CountTable = dict[int, int]


Coded = dict[str, tuple[np.ndarray, pd.Index]]


def coded(counts: pd.DataFrame, columns: Iterable[str] = ()) -> Coded:
    """Each column's codes (its values numbered in sorted order, -1 where missing) and values,
    to group one frame by several sets of columns without numbering a column again."""
    return {column: _coded(counts[column]) for column in columns}


def _coded(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    # As pd.factorize(column, sort=True), its few distinct values sorted here: pandas sorted
    # them through a second pass over the whole column.
    codes, uniques = pd.factorize(column, sort=False)
    try:
        order = sorted(range(len(uniques)), key=uniques.tolist().__getitem__)
    except TypeError:  # values Python cannot order (text and numbers): as pandas orders them
        codes, uniques = pd.factorize(column, sort=True)
        return np.asarray(codes, dtype=np.int64), pd.Index(uniques)
    rank = np.empty(len(uniques) + 1, dtype=np.int64)
    rank[order] = np.arange(len(uniques))
    rank[-1] = -1  # a missing value's code, -1, indexes this last place
    return rank[codes], pd.Index(uniques.take(order))


def coded_through(
    codes: tuple[np.ndarray, pd.Index], values: Callable[[object], object]
) -> tuple[np.ndarray, pd.Index]:
    """The codes of a column derived value by value from a `coded` one (a touchpoint's phase
    from the touchpoint), as `coded` gives them, mapped on its few distinct values only."""
    found, uniques = codes
    mapped = pd.Series([values(u) for u in uniques.tolist()], dtype=object)
    derived, derived_uniques = _coded(mapped)
    return np.append(derived, -1)[found], derived_uniques


def count_tables(
    counts: pd.DataFrame, keys: list[str], known: Coded | None = None
) -> dict[tuple, CountTable]:
    """Sum answer counts by `keys` + kpi; map each key tuple (ending in the kpi) to {score: n}.

    Keys in the order of their text, scores ascending within a key (as a sorted groupby).
    `known`: codes of these rows by column (`coded`), for columns of the frame or derived
    from them (a touchpoint's phase)."""
    result: dict[tuple, CountTable] = defaultdict(dict)
    if counts.empty:
        return result
    # Grouped on each column's codes: pandas' groupby factorized the same text columns again
    # for every grouping.
    known = known or {}
    columns = [*keys, "kpi", "score"]
    numbered = [known[c] if c in known else _coded(counts[c]) for c in columns]
    codes = [found for found, _ in numbered]
    ns = counts["n"].to_numpy()
    complete = np.logical_and.reduce([c >= 0 for c in codes])  # a row with a missing key
    if not complete.all():
        codes = [c[complete] for c in codes]
        ns = ns[complete]
    if not len(ns):
        return result
    sizes = [len(uniques) for _, uniques in numbered]
    if math.prod(sizes) <= bins_allowed(len(ns)):
        found, sums = _summed_by_number(codes, sizes, ns)
    else:
        found, sums = _summed_by_sorting(codes, ns)
    sums = sums.astype("int64").tolist()
    scores = np.asarray(numbered[-1][1], dtype="int64")[found[-1]].tolist()
    starts = np.flatnonzero(_changes(found[:-1]))
    key_levels = [
        _values(uniques, c[starts])
        for (_, uniques), c in zip(numbered[:-1], found[:-1], strict=True)
    ]
    lengths = np.diff(np.r_[starts, len(scores)]).tolist()
    answers = zip(scores, sums, strict=True)
    for key, length in zip(zip(*key_levels, strict=True), lengths, strict=True):
        result[key] = dict(islice(answers, length))
    return result


def _values(uniques: pd.Index, codes: np.ndarray) -> list:
    """The values of the codes, as Python objects (taking them from the index itself, an
    Arrow array for text, cost more than the whole summing)."""
    values = uniques.tolist()
    return [values[code] for code in codes.tolist()]


def bins_allowed(rows: int) -> int:
    """How many combinations of codes may each get a bin (an array of that many numbers)."""
    return 4 * rows + 2**20


def _summed_by_number(
    codes: list[np.ndarray], sizes: list[int], ns: np.ndarray
) -> tuple[list[np.ndarray], np.ndarray]:
    """The combinations of codes present, in order, and their rows' sums: each combination
    numbered in mixed radix, which orders the numbers as the codes, and summed in its bin."""
    combined = np.zeros(len(ns), dtype=np.int64)
    for c, size in zip(codes, sizes, strict=True):
        combined = combined * size + c
    bins = math.prod(sizes)
    present = np.flatnonzero(np.bincount(combined, minlength=bins))  # a sum of 0 is a group
    totals = np.zeros(bins, dtype=ns.dtype)
    np.add.at(totals, combined, ns)
    found = []
    rest = present
    for size in reversed(sizes):
        found.append(rest % size)
        rest = rest // size
    return found[::-1], totals[present]


def _summed_by_sorting(
    codes: list[np.ndarray], ns: np.ndarray
) -> tuple[list[np.ndarray], np.ndarray]:
    """As `_summed_by_number`, for combinations too many to give each a bin."""
    order = np.lexsort(codes[::-1])
    codes = [c[order] for c in codes]
    groups = np.flatnonzero(_changes(codes))
    return [c[groups] for c in codes], np.add.reduceat(ns[order], groups)


def _changes(columns: list[np.ndarray]) -> np.ndarray:
    """Where sorted rows start a new combination of the columns' values."""
    changed = np.zeros(len(columns[0]), dtype=bool)
    changed[0] = True
    for column in columns:
        changed[1:] |= column[1:] != column[:-1]
    return changed


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

    def rows(
        self,
        kpi: str,
        answers: Answers,
        targets: Sequence[float | None],
        designs: Sequence[Design] | None = None,
    ) -> list[KpiEstimate]:
        """`many` of the rows of `answers` (batch.row_estimates)."""
        return row_estimates(self.config.kpis[kpi], answers, targets, self.config.rules, designs)

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
