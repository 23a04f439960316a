"""`touchsite diff`: what changed between two revisions, as text for people or JSON."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import click

from touchsite.analyze.revisions import Comparison, KpiMovement
from touchsite.render.i18n import KPI_LABELS, Locale

ENGLISH = Locale("en")


def run_diff(project: Path, old: str, new: str | None, output_format: str) -> None:
    from touchsite.compare import compare_revisions

    comparison = compare_revisions(project, old, new)
    click.echo(as_json(comparison) if output_format == "json" else as_text(comparison))


def as_json(comparison: Comparison) -> str:
    return json.dumps(dataclasses.asdict(comparison), indent=2, ensure_ascii=False)


def as_text(comparison: Comparison) -> str:
    lines = [f"Changes from {comparison.old} to {comparison.new}"]
    if comparison.nothing_changed:
        return "\n".join([*lines, "", "No changes."])
    if comparison.touchpoints_changed:
        lines += ["", "Touchpoints", *_touchpoint_lines(comparison)]
    if comparison.recommendations_changed:
        lines += ["", "Recommendations", *_recommendation_lines(comparison)]
    if comparison.kpi_movements:
        lines += ["", "KPIs", *_kpi_lines(comparison.kpi_movements)]
    return "\n".join(lines)


def _touchpoint_lines(comparison: Comparison) -> list[str]:
    c = comparison
    groups = (c.added_touchpoints, c.removed_touchpoints, c.moved_touchpoints)
    row = _row([item.id for group in (*groups, c.edited_touchpoints) for item in group])
    lines = []
    for tp in c.added_touchpoints:
        lines.append(
            row("added", tp.id, f"{tp.title} ({tp.placement.phase} / {tp.placement.channel})")
        )
    for tp in c.removed_touchpoints:
        lines.append(row("removed", tp.id, tp.title))
    for move in c.moved_touchpoints:
        changes = [
            f"{name} {getattr(move.old, name)} -> {getattr(move.new, name)}"
            for name in ("phase", "channel")
            if getattr(move.old, name) != getattr(move.new, name)
        ]
        lines.append(row("moved", move.id, ", ".join(changes)))
    for edit in c.edited_touchpoints:
        changes = [f"{f.name} {f.old!r} -> {f.new!r}" for f in edit.fields]
        if edit.body_diff:
            changes.append("text changed")
        lines.append(row("edited", edit.id, ", ".join(changes)))
        lines += [f"      {line}" for line in edit.body_diff]
    return lines


def _recommendation_lines(comparison: Comparison) -> list[str]:
    c = comparison
    groups = (c.added_recommendations, c.removed_recommendations, c.changed_recommendations)
    row = _row([rec.id for group in groups for rec in group])
    return [
        *(row("added", r.id, f"{r.title} ({r.status})") for r in c.added_recommendations),
        *(row("removed", r.id, f"{r.title} ({r.status})") for r in c.removed_recommendations),
        *(
            row("changed", r.id, ", ".join(f"{f.name} {f.old} -> {f.new}" for f in r.fields))
            for r in c.changed_recommendations
        ),
    ]


def _row(ids: list[str]):
    """A formatter of `what  id  text` lines, with the ids padded to one column."""
    width = max(map(len, ids), default=0)
    return lambda what, name, text: f"  {what:<8} {name:<{width}}  {text}"


def _kpi_lines(movements: tuple[KpiMovement, ...]) -> list[str]:
    names = [m.touchpoint or "all touchpoints" for m in movements]
    width = max(len(name) for name in names)
    lines = []
    for name, m in zip(names, movements, strict=True):
        values = f"{_figure(m.kpi, m.old.value)} -> {_figure(m.kpi, m.new.value)}"
        change = f"{_ascii(ENGLISH.kpi_delta(m.delta, m.kpi))}, n {m.old.n} -> {m.new.n}"
        verdict = "significant" if m.significant else "not significant"
        if m.delta is None:
            verdict = "too few answers to compare"
        lines.append(f"  {name:<{width}}  {KPI_LABELS[m.kpi]:<4}  {values}  ({change})  {verdict}")
    return lines


def _figure(kpi: str, value: float | None) -> str:
    return "n/a" if value is None else _ascii(ENGLISH.kpi_number(kpi, value))


def _ascii(text: str) -> str:
    return text.replace("−", "-").replace("–", "n/a")
