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
    return summed_counts(counts, keys, known).tables()


def summed_counts(counts: pd.DataFrame, keys: list[str], known: Coded | None = None) -> Sums:
    """The answer counts summed by `keys` + kpi + score, to be read as `count_tables` or as
    `Answers` (see Sums)."""
    columns = [*keys, "kpi", "score"]
    if counts.empty:
        return Sums.none(len(columns))
    # Grouped on each column's codes: pandas' groupby factorized the same text columns again
    # for every grouping.
    known = known or {}
    numbered = [known[c] if c in known else _coded(counts[c]) for c in columns]
    codes = [found for found, _ in numbered]
    ns = counts["n"].to_numpy()
    complete = np.logical_and.reduce([c >= 0 for c in codes])  # a row with a missing key
    if not complete.all():
        codes = [c[complete] for c in codes]
        ns = ns[complete]
    if not len(ns):
        return Sums.none(len(columns))
    sizes = [len(uniques) for _, uniques in numbered]
    if math.prod(sizes) <= bins_allowed(len(ns)):
        found, sums = _summed_by_number(codes, sizes, ns)
    else:
        found, sums = _summed_by_sorting(codes, ns)
    return Sums([uniques for _, uniques in numbered], found, sums.astype("int64"))


@dataclass(frozen=True)
class Sums:
    """Answer counts summed by some keys, the KPI and the score: each combination present,
    in the order of the keys' text and then of the score, as its values' codes in `found`
    (a column each, numbering `uniques`) and its sum."""

    uniques: list[pd.Index]
    found: list[np.ndarray]
    sums: np.ndarray

    @classmethod
    def none(cls, columns: int) -> Sums:
        empty = np.zeros(0, dtype=np.int64)
        return cls([pd.Index([])] * columns, [empty] * columns, empty)

    def tables(self) -> dict[tuple, CountTable]:
        """The `count_tables`: each key tuple (ending in the kpi) to {score: n}."""
        result: dict[tuple, CountTable] = defaultdict(dict)
        if not len(self.sums):
            return result
        found = self.found
        sums = self.sums.tolist()
        scores = np.asarray(self.uniques[-1], dtype="int64")[found[-1]].tolist()
        starts = np.flatnonzero(_changes(found[:-1]))
        key_levels = [
            _values(uniques, c[starts])
            for uniques, c in zip(self.uniques[:-1], found[:-1], strict=True)
        ]
        lengths = np.diff(np.r_[starts, len(scores)]).tolist()
        answers = zip(scores, sums, strict=True)
        for key, length in zip(zip(*key_levels, strict=True), lengths, strict=True):
            result[key] = dict(islice(answers, length))
        return result

    def answers(self, kpis: Iterable[str], rows: Sequence[tuple]) -> dict[str, Answers]:
        """Each KPI's answers of the key tuples `rows`, a row apiece: what
        Answers.of([tables.get((*row, kpi), {}) for row in rows]) gives of `tables()`,
        read from the sums without making the tables (a row no table has is empty)."""
        levels = self.uniques[:-2]
        sizes = [len(level) for level in levels]
        if math.prod(sizes) >= 2**62:  # the keys' combinations cannot be numbered
            tables = self.tables()
            return {kpi: Answers.of([tables.get((*row, kpi), {}) for row in rows]) for kpi in kpis}
        # Each row's combination of key codes, numbered in mixed radix (-1: not in the sums),
        # a key column at a time: its values looked up as Python objects, as a dict would.
        wanted = np.zeros(len(rows), dtype=np.int64)
        for place, (level, size) in enumerate(zip(levels, sizes, strict=True)):
            values = pd.Index(level.tolist(), dtype=object)
            code = values.get_indexer(pd.Index([row[place] for row in rows], dtype=object))
            wanted = np.where((wanted < 0) | (code < 0), -1, wanted * size + code)
        distinct, inverse = np.unique(wanted, return_inverse=True)
        present = distinct >= 0
        # the rows' distinct combinations, and one empty row after them for a missing one
        inverse = np.where(present[inverse], inverse - (~present).sum(), np.sum(present))
        distinct = distinct[present]
        combined = np.zeros(len(self.sums), dtype=np.int64)
        for codes, size in zip(self.found[:-2], sizes, strict=True):
            combined = combined * size + codes
        at = np.searchsorted(distinct, combined)
        at[at == len(distinct)] = 0
        kept = (distinct[at] == combined) if len(distinct) else np.zeros(len(combined), bool)
        kpi_of = {value: code for code, value in enumerate(self.uniques[-2].tolist())}
        score_of = np.asarray(self.uniques[-1], dtype="int64").astype("float64")
        result = {}
        for kpi in kpis:
            entry = np.flatnonzero(kept & (self.found[-2] == kpi_of.get(kpi, -1)))
            row = at[entry]  # ascending: the sums run in the keys' order
            table_sizes = np.bincount(row, minlength=len(distinct) + 1)
            column = np.arange(len(entry)) - (np.cumsum(table_sizes) - table_sizes)[row]
            width = int(table_sizes.max(initial=0))
            scores = np.zeros((len(distinct) + 1, width))
            counts = np.zeros((len(distinct) + 1, width), dtype="int64")
            scores[row, column] = score_of[self.found[-1][entry]]
            counts[row, column] = self.sums[entry]
            result[kpi] = Answers(scores, counts, table_sizes).rows(inverse)
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


# A period whose days the data misses no more than this share of is whole: a survey has no
# answers on New Year's Day, nor on a last Sunday, and an export taken on a quarter's last
# day lacks its evening; a quarter may miss 4 days, a month 1.
PARTIAL_FROM = 0.05


def partial_periods(
    periods: tuple[str, ...], first: dt.date | None, last: dt.date | None
) -> frozenset[str]:
    """The periods the data covers only in part: it starts after their first days or ends
    before their last ones, more than PARTIAL_FROM of them (a quarter with one month of
    answers is no quarter to compare with)."""
    if first is None or last is None:
        return frozenset()
    partial = set()
    for period in periods:
        start, end = period_bounds(period)
        missed = max((first - start).days, 0) + max((end - last).days, 0)
        if missed > PARTIAL_FROM * ((end - start).days + 1):
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
