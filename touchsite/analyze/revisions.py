"""What changed between two checked revisions of a project: everything the client map holds
(`content_changes`) and the KPI movements, judged by the site's own tests.

Pure analysis of two reports; reading a revision out of git is `touchsite.compare`'s work.
"""

from __future__ import annotations

from dataclasses import dataclass

from touchsite.analyze.changes import Difference, tested
from touchsite.analyze.content_changes import KINDS, Change, Content, content_changes
from touchsite.analyze.kpis import estimate
from touchsite.analyze.report import Report
from touchsite.analyze.tables import CountTable
from touchsite.models import KPIS, OVERALL, Config, KpiEstimate

WORKING_TREE = "working tree"


@dataclass(frozen=True)
class Snapshot:
    """A checked project at one revision."""

    label: str
    report: Report


@dataclass(frozen=True)
class KpiMovement:
    """One KPI of one touchpoint (or of all, `touchpoint` None) at both revisions."""

    touchpoint: str | None
    title: str
    kpi: str
    old: KpiEstimate
    new: KpiEstimate
    delta: float | None
    difference: Difference | None  # the KPI's test of new - old, where both can be compared
    significant: bool

    @property
    def is_overall(self) -> bool:
        """Whether it is the overall (relationship) question's, not a touchpoint's."""
        return self.touchpoint == OVERALL


# a KPI of a touchpoint (None: of all) at two revisions: title, estimates, answer counts
Moved = tuple[str | None, str, KpiEstimate, KpiEstimate, CountTable, CountTable]


@dataclass(frozen=True)
class Comparison:
    """Two revisions compared: the changes of each kind (in the order of `KINDS`), the KPI
    movements, and the titles of phases, channels and personas by id (both revisions', the
    newer winning) to show the ids in `changes` by."""

    old: str
    new: str
    changes: tuple[Change, ...]
    kpi_movements: tuple[KpiMovement, ...]
    titles: dict[str, dict[str, str]]
    language: str = "en"  # the newer revision's site's

    def of(self, kind: str) -> tuple[Change, ...]:
        return tuple(change for change in self.changes if change.kind == kind)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds with changes, in order."""
        return tuple(kind for kind in KINDS if self.of(kind))

    def title(self, kind: str, item_id: str) -> str:
        return self.titles.get(kind, {}).get(item_id, item_id)

    @property
    def nothing_changed(self) -> bool:
        return not (self.changes or self.kpi_movements)


def snapshot(report: Report, label: str) -> Snapshot:
    """A Snapshot of a checked project."""
    return Snapshot(label, report)


def compare(before: Snapshot, after: Snapshot) -> Comparison:
    changes, renames = content_changes(_content(before.report), _content(after.report))
    old_ids = {tp.id for tp in before.report.project.touchpoints}
    back = {new: old for old, new in renames["touchpoint"].items()}
    kept = [
        (back.get(tp_id, tp_id), tp_id)
        for tp_id in _order(after.report)
        if back.get(tp_id, tp_id) in old_ids
    ]
    configs = (before.report.project.config, after.report.project.config)
    titles = {
        kind: {item.id: item.title for config in configs for item in getattr(config, kind + "s")}
        for kind in ("phase", "channel", "persona")
    }
    return Comparison(
        old=before.label,
        new=after.label,
        changes=changes,
        kpi_movements=tuple(_kpi_movements(before.report, after.report, kept)),
        titles=titles,
        language=configs[1].language,
    )


def _content(report: Report) -> Content:
    project = report.project
    return Content(
        project.config,
        project.touchpoints,
        project.recommendations,
        project.journeys,
        project.opportunities,
    )


def _order(report: Report) -> list[str]:
    """Touchpoint ids in the report's order: by phase, then order within it."""
    return [r.touchpoint.id for r in report.touchpoints]


def _kpi_movements(before: Report, after: Report, kept: list[tuple[str, str]]) -> list[KpiMovement]:
    """Every KPI whose figure changed: the overall question's first (each KPI it was asked
    on at either revision), then all touchpoints', then each kept touchpoint's (under its new
    id, where it was renamed)."""
    either = {*before.relationship_distribution, *after.relationship_distribution}
    asked = [kpi for kpi in KPIS if kpi in either]
    old_overall, new_overall = _overall(before, asked), _overall(after, asked)
    overall = [
        (
            OVERALL,
            "",
            old_overall[kpi],
            new_overall[kpi],
            before.relationship_distribution.get(kpi, {}),
            after.relationship_distribution.get(kpi, {}),
        )
        for kpi in asked
        if _figure(old_overall[kpi]) != _figure(new_overall[kpi])
    ]
    sides = [(None, "all touchpoints", before.overall, after.overall)]
    counts = [(before.overall_distribution, after.overall_distribution)]
    for old_id, tp_id in kept:
        old, new = before.touchpoint(old_id), after.touchpoint(tp_id)
        sides.append((tp_id, new.touchpoint.title, old.kpis, new.kpis))
        counts.append((old.distribution, new.distribution))
    moved = [
        (tp_id, title, old[kpi], new[kpi], old_counts.get(kpi, {}), new_counts.get(kpi, {}))
        for (tp_id, title, old, new), (old_counts, new_counts) in zip(sides, counts, strict=True)
        for kpi in KPIS
        if _figure(old[kpi]) != _figure(new[kpi])
    ]
    return movements(overall + moved, after.project.config)


def _overall(report: Report, asked: list[str]) -> dict[str, KpiEstimate]:
    """The overall question's figure of each KPI asked at either revision: one not asked at
    this revision has no answers here, as a touchpoint's KPI not asked has (n 0)."""
    config = report.project.config
    figures = {est.kpi: est for est in report.relationships}
    return {
        kpi: figures.get(kpi)
        or estimate(config.kpis[kpi], {}, config.targets.get(kpi), config.rules)
        for kpi in asked
    }


def _figure(estimate: KpiEstimate) -> tuple:
    return (estimate.n, estimate.value, estimate.low, estimate.high)


def movements(moved: list[Moved], config: Config) -> list[KpiMovement]:
    """Old and new figures, and whether the change is real by the site's one rule
    (`analyze.changes.tested`). The revisions' answers count as independent samples: where
    the newer data only adds to the older they overlap, and the test errs on the cautious
    side. A figure withheld on either side is not compared."""
    shown = [old.value is not None and new.value is not None for _, _, old, new, _, _ in moved]
    pairs = [
        (old.kpi, old_counts if both else {}, new_counts)
        for (_, _, old, _, old_counts, new_counts), both in zip(moved, shown, strict=True)
    ]
    results = tested(config.kpis, pairs, config.rules)
    return [
        KpiMovement(tp_id, title, old.kpi, old, new, delta, difference, real)
        for (tp_id, title, old, new, _, _), both, (difference, real) in zip(
            moved, shown, results, strict=True
        )
        for delta in [new.value - old.value if both else None]
    ]
