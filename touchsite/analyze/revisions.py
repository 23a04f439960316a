"""What changed between two checked revisions of a project: touchpoints added, removed,
moved and edited, recommendations, and KPI movements judged by the site's own tests.

Pure analysis of two reports; reading a revision out of git is `touchsite.compare`'s work.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from touchsite.analyze.changes import Difference, tested
from touchsite.analyze.report import Report
from touchsite.analyze.tables import CountTable
from touchsite.models import KPIS, Config, KpiEstimate, Recommendation, Targets, Touchpoint

WORKING_TREE = "working tree"
MAX_DIFF_LINES = 20
# Compared as edits; phase and channel are a move, the rest is not written by the user.
NOT_EDITS = ("id", "phase", "channel", "body", "source")
RECOMMENDATION_CHANGES = ("status", "priority")


@dataclass(frozen=True)
class Snapshot:
    """A checked project at one revision, with each touchpoint's Markdown body as written."""

    label: str
    report: Report
    bodies: dict[str, str]


@dataclass(frozen=True)
class Placement:
    """Where a touchpoint sits on the map: ids as written, titles as shown."""

    phase: str
    channel: str
    phase_title: str
    channel_title: str


@dataclass(frozen=True)
class TouchpointSummary:
    id: str
    title: str
    placement: Placement


@dataclass(frozen=True)
class TouchpointMove:
    id: str
    title: str
    old: Placement
    new: Placement


@dataclass(frozen=True)
class FieldChange:
    """One front-matter key whose value changed, both values as YAML-like text."""

    name: str
    old: str
    new: str


@dataclass(frozen=True)
class TouchpointEdit:
    """Front-matter keys that changed, and the body's unified diff (shortened, no header)."""

    id: str
    title: str
    fields: tuple[FieldChange, ...]
    body_diff: tuple[str, ...]


@dataclass(frozen=True)
class RecommendationSummary:
    id: str
    title: str
    status: str
    priority: str


@dataclass(frozen=True)
class RecommendationChange:
    id: str
    title: str
    fields: tuple[FieldChange, ...]


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


# a KPI of a touchpoint (None: of all) at two revisions: title, estimates, answer counts
Moved = tuple[str | None, str, KpiEstimate, KpiEstimate, CountTable, CountTable]


@dataclass(frozen=True)
class Comparison:
    old: str
    new: str
    added_touchpoints: tuple[TouchpointSummary, ...]
    removed_touchpoints: tuple[TouchpointSummary, ...]
    moved_touchpoints: tuple[TouchpointMove, ...]
    edited_touchpoints: tuple[TouchpointEdit, ...]
    added_recommendations: tuple[RecommendationSummary, ...]
    removed_recommendations: tuple[RecommendationSummary, ...]
    changed_recommendations: tuple[RecommendationChange, ...]
    kpi_movements: tuple[KpiMovement, ...]

    @property
    def touchpoints_changed(self) -> bool:
        return bool(
            self.added_touchpoints
            or self.removed_touchpoints
            or self.moved_touchpoints
            or self.edited_touchpoints
        )

    @property
    def recommendations_changed(self) -> bool:
        return bool(
            self.added_recommendations
            or self.removed_recommendations
            or self.changed_recommendations
        )

    @property
    def nothing_changed(self) -> bool:
        return not (self.touchpoints_changed or self.recommendations_changed or self.kpi_movements)


def snapshot(report: Report, label: str) -> Snapshot:
    """A Snapshot of a checked project."""
    return Snapshot(label, report, {tp.id: tp.body for tp in report.project.touchpoints})


def compare(before: Snapshot, after: Snapshot) -> Comparison:
    old_tps = {tp.id: tp for tp in before.report.project.touchpoints}
    new_tps = {tp.id: tp for tp in after.report.project.touchpoints}
    old_config = before.report.project.config
    new_config = after.report.project.config
    kept = [tp_id for tp_id in _order(after.report) if tp_id in old_tps]

    def summary(tp: Touchpoint, config: Config) -> TouchpointSummary:
        return TouchpointSummary(tp.id, tp.title, _placement(tp, config))

    moves = []
    edits = []
    for tp_id in kept:
        old, new = old_tps[tp_id], new_tps[tp_id]
        if (old.phase, old.channel) != (new.phase, new.channel):
            moves.append(
                TouchpointMove(
                    tp_id, new.title, _placement(old, old_config), _placement(new, new_config)
                )
            )
        fields = _field_changes(old, new, _edit_fields())
        body_diff = _body_diff(before.bodies[tp_id], after.bodies[tp_id])
        if fields or body_diff:
            edits.append(TouchpointEdit(tp_id, new.title, fields, body_diff))

    old_recs = {rec.id: rec for rec in before.report.project.recommendations}
    new_recs = {rec.id: rec for rec in after.report.project.recommendations}
    changed_recs = []
    for rec_id in sorted(old_recs.keys() & new_recs.keys()):
        fields = _field_changes(old_recs[rec_id], new_recs[rec_id], RECOMMENDATION_CHANGES)
        if fields:
            changed_recs.append(RecommendationChange(rec_id, new_recs[rec_id].title, fields))

    return Comparison(
        old=before.label,
        new=after.label,
        added_touchpoints=tuple(
            summary(new_tps[i], new_config) for i in _order(after.report) if i not in old_tps
        ),
        removed_touchpoints=tuple(
            summary(old_tps[i], old_config) for i in _order(before.report) if i not in new_tps
        ),
        moved_touchpoints=tuple(moves),
        edited_touchpoints=tuple(edits),
        added_recommendations=_recommendations(new_recs, old_recs),
        removed_recommendations=_recommendations(old_recs, new_recs),
        changed_recommendations=tuple(changed_recs),
        kpi_movements=tuple(_kpi_movements(before.report, after.report, kept)),
    )


def _order(report: Report) -> list[str]:
    """Touchpoint ids in the report's order: by phase, then order within it."""
    return [r.touchpoint.id for r in report.touchpoints]


def _placement(tp: Touchpoint, config: Config) -> Placement:
    phases = {phase.id: phase.title for phase in config.phases}
    channels = {channel.id: channel.title for channel in config.channels}
    return Placement(
        tp.phase, tp.channel, phases.get(tp.phase, tp.phase), channels.get(tp.channel, tp.channel)
    )


def _edit_fields() -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(Touchpoint) if f.name not in NOT_EDITS)


def _field_changes(
    old: Touchpoint | Recommendation, new: Touchpoint | Recommendation, names: Iterable[str]
) -> tuple[FieldChange, ...]:
    return tuple(
        FieldChange(name, _as_text(getattr(old, name)), _as_text(getattr(new, name)))
        for name in names
        if getattr(old, name) != getattr(new, name)
    )


def _as_text(value: object) -> str:
    """A front-matter value as the user would write it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "[" + ", ".join(str(item) for item in value) + "]"
    if isinstance(value, Targets):
        targets = [f"{kpi}: {value.get(kpi):g}" for kpi in KPIS if value.get(kpi) is not None]
        return "{" + ", ".join(targets) + "}"
    return str(value)


def _body_diff(old: str, new: str) -> tuple[str, ...]:
    if old == new:
        return ()
    lines = list(difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=1))[2:]
    if len(lines) > MAX_DIFF_LINES:
        lines = [*lines[:MAX_DIFF_LINES], f"... ({len(lines) - MAX_DIFF_LINES} more lines)"]
    return tuple(lines)


def _recommendations(
    these: dict[str, Recommendation], others: dict[str, Recommendation]
) -> tuple[RecommendationSummary, ...]:
    return tuple(
        RecommendationSummary(rec.id, rec.title, rec.status, rec.priority)
        for rec_id, rec in sorted(these.items())
        if rec_id not in others
    )


def _kpi_movements(before: Report, after: Report, kept: list[str]) -> list[KpiMovement]:
    """Every KPI whose figure changed: all touchpoints first, then each kept touchpoint."""
    sides = [(None, "all touchpoints", before.overall, after.overall)]
    counts = [(before.overall_distribution, after.overall_distribution)]
    for tp_id in kept:
        old, new = before.touchpoint(tp_id), after.touchpoint(tp_id)
        sides.append((tp_id, new.touchpoint.title, old.kpis, new.kpis))
        counts.append((old.distribution, new.distribution))
    moved = [
        (tp_id, title, old[kpi], new[kpi], old_counts.get(kpi, {}), new_counts.get(kpi, {}))
        for (tp_id, title, old, new), (old_counts, new_counts) in zip(sides, counts, strict=True)
        for kpi in KPIS
        if _figure(old[kpi]) != _figure(new[kpi])
    ]
    return movements(moved, after.project.config)


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
