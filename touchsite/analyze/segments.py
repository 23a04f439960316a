"""Segments compared: each segment against the other segments, one family of tests per table.

A row is a segment, or a value of one segment dimension (all segments holding it, the other
dimension pooled), or a cell of two dimensions crossed. Each KPI of a row is tested against
the answers of the other rows of its table by the KPI's own test (analyze/changes.py), with
respondents as clusters where the answers pool several per respondent
(analyze/respondents.py); Benjamini-Hochberg corrects across the whole table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from touchsite.analyze.changes import Difference, flagged, kpi_difference
from touchsite.analyze.respondents import Respondents
from touchsite.analyze.tables import CountTable, Estimator
from touchsite.kpi import RELATIONSHIP_KPI
from touchsite.models import KPIS, Config, KpiEstimate

# Several segment columns are joined into one value with this (load/mapping): its dimensions.
JOIN = " / "
RELATIONSHIP = "overall"  # the column of the overall (relationship) NPS in a segment table


@dataclass(frozen=True)
class SegmentRow:
    label: str  # the segment, a dimension's value, or "value / value" for a crossed cell
    kpis: dict[str, KpiEstimate]  # by KPI, and RELATIONSHIP for the overall NPS
    # this row (b) against the other rows of its table (a), and whether that is a finding
    versus_rest: dict[str, tuple[Difference, bool]]

    def finding(self, kpi: str) -> Difference | None:
        found = self.versus_rest.get(kpi)
        return found[0] if found and found[1] else None


@dataclass(frozen=True)
class SegmentTable:
    dimension: str  # "" for the segments as written, else the dimension's name
    rows: tuple[SegmentRow, ...]
    kpis: tuple[str, ...] = KPIS  # its columns


@dataclass(frozen=True)
class SegmentCross:
    """Two segment dimensions crossed: the rows of the segment table by their two parts."""

    names: tuple[str, str]
    across: tuple[str, ...]  # the first dimension's values
    down: tuple[str, ...]  # the second's
    cells: dict[tuple[str, str], SegmentRow]


# A row's test against the rest: (label, kpi, the rest's segments, the row's segments)
Comparison = tuple[str, str, list[str], list[str]]


def comparisons(rows: dict[str, list[str]], kpis: Sequence[str]) -> list[Comparison]:
    """Each row against the segments of all other rows, for each of `kpis`, in table order."""
    found = []
    for label, segments in rows.items():
        rest = [s for other, held in rows.items() if other != label for s in held]
        found += [(label, kpi, rest, segments) for kpi in kpis]
    return found


def segment_table(
    dimension: str,
    rows: dict[str, list[str]],
    kpis: Sequence[str],
    estimates: dict[tuple[str, str], KpiEstimate],
    tested: Sequence[tuple[Difference | None, bool]],
) -> SegmentTable:
    """`rows` maps each row's label to the segments it pools; `estimates` holds each row's
    figure by (label, kpi), `tested` the test of each of `comparisons(rows, kpis)` (None
    where either side lacks answers) with whether it is real, one family of tests
    (`changes.flagged`)."""
    places = [(label, kpi) for label, kpi, _, _ in comparisons(rows, kpis)]
    found = dict(zip(places, tested, strict=True))
    return SegmentTable(
        dimension,
        tuple(
            SegmentRow(
                label,
                {kpi: estimates[(label, kpi)] for kpi in kpis},
                {kpi: found[(label, kpi)] for kpi in kpis if found[(label, kpi)][0] is not None},
            )
            for label in rows
        ),
        tuple(kpis),
    )


def pooled_segment_tables(
    segments: Sequence[str],
    tables: dict[tuple, CountTable],
    relationship: dict[tuple, CountTable],
    respondents: Respondents,
    estimator: Estimator,
    config: Config,
) -> tuple[tuple[SegmentTable, ...], SegmentCross | None]:
    """The segments over all touchpoints (`tables` keyed segment, kpi), respondents as the
    unit, with the overall NPS (`relationship`, one answer per respondent) beside them; each
    dimension of `analysis.segment_dimensions` on its own, and two crossed."""
    if len(segments) < 2:
        return (), None
    kpis = [kpi for kpi in KPIS if summed(tables, segments, kpi)]
    if summed(relationship, segments, RELATIONSHIP_KPI):
        kpis.append(RELATIONSHIP)

    def counts(kpi: str, held: Sequence[str]) -> CountTable:
        if kpi == RELATIONSHIP:
            return summed(relationship, held, RELATIONSHIP_KPI)
        return summed(tables, held, kpi)

    def estimate(kpi: str, held: Sequence[str]) -> KpiEstimate:
        if kpi == RELATIONSHIP:
            target = config.targets.get(RELATIONSHIP_KPI)
            return estimator(RELATIONSHIP_KPI, counts(kpi, held), target)
        design = respondents.pool("segment", held, kpi).design
        return estimator(kpi, counts(kpi, held), config.targets.get(kpi), design)

    def compare(kpi: str, rest: Sequence[str], held: Sequence[str]) -> Difference | None:
        definition = config.kpis[RELATIONSHIP_KPI if kpi == RELATIONSHIP else kpi]
        clustered = (
            respondents.difference(definition, "segment", rest, held)
            if kpi != RELATIONSHIP
            else None
        )
        return clustered or kpi_difference(definition, counts(kpi, rest), counts(kpi, held))

    names = config.rules.segment_dimensions
    split = len(names) >= 2 and dimensions(segments) == len(names)
    rows = [("", {segment: [segment] for segment in segments})]
    if split:
        rows += [(name, by_dimension(segments, i)) for i, name in enumerate(names)]
    found = tuple(
        segment_table(
            d,
            r,
            kpis,
            {(label, kpi): estimate(kpi, held) for label, held in r.items() for kpi in kpis},
            flagged(
                [compare(kpi, rest, held) for _, kpi, rest, held in comparisons(r, kpis)],
                config.rules,
            ),
        )
        for d, r in rows
    )
    if not (split and len(names) == 2):
        return found, None
    cells = {tuple(row.label.split(JOIN)): row for row in found[0].rows}
    return found, SegmentCross(
        (names[0], names[1]),
        tuple(by_dimension(segments, 0)),
        tuple(by_dimension(segments, 1)),
        cells,
    )


def dimensions(segments: Sequence[str]) -> int:
    """How many dimensions every segment value has (1 where they differ)."""
    counts = {len(s.split(JOIN)) for s in segments}
    return counts.pop() if len(counts) == 1 else 1


def by_dimension(segments: Sequence[str], index: int) -> dict[str, list[str]]:
    """The values of one dimension, each with the segments that hold it."""
    rows: dict[str, list[str]] = {}
    for segment in segments:
        rows.setdefault(segment.split(JOIN)[index], []).append(segment)
    return dict(sorted(rows.items()))


def summed(tables: dict[tuple, CountTable], segments: Sequence[str], kpi: str) -> CountTable:
    """The answer counts of several segments together (`tables` keyed (segment, kpi))."""
    if len(segments) == 1:  # each segment against the other where there are two
        return dict(tables.get((segments[0], kpi), {}))
    total: dict[int, int] = {}
    for segment in segments:
        for score, n in tables.get((segment, kpi), {}).items():
            total[score] = total.get(score, 0) + n
    return total
