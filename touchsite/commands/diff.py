"""`touchsite diff`: what changed between two revisions, as text for the terminal, JSON for
machines, or Markdown for a pull-request comment."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import click

from touchsite.analyze.content_changes import Change, FieldChange, StepChange
from touchsite.analyze.revisions import Comparison, KpiMovement
from touchsite.render.i18n import KPI_LABELS, Locale

ENGLISH = Locale("en")
FORMATS = ("text", "json", "markdown")
HEADINGS = {
    "setting": "Settings (touchsite.yml)",
    "phase": "Phases",
    "channel": "Channels",
    "persona": "Personas",
    "touchpoint": "Touchpoints",
    "recommendation": "Recommendations",
    "journey": "Journeys",
    "opportunity": "Opportunities",
}
# Fields whose values are ids of phases, channels or personas: shown by title in Markdown.
TITLED = {"phase": "phase", "channel": "channel", "persona": "persona"}


def run_diff(project: Path, old: str, new: str | None, output_format: str) -> None:
    from touchsite.compare import compare_revisions

    comparison = compare_revisions(project, old, new)
    formats = {"json": as_json, "markdown": as_markdown, "text": as_text}
    click.echo(formats[output_format](comparison).rstrip("\n"))


def as_json(comparison: Comparison) -> str:
    return json.dumps(dataclasses.asdict(comparison), indent=2, ensure_ascii=False)


# ---------------------------------------------------------------------------- text


def as_text(comparison: Comparison) -> str:
    lines = [f"Changes from {comparison.old} to {comparison.new}"]
    if comparison.nothing_changed:
        return "\n".join([*lines, "", "No changes."])
    for kind in comparison.kinds:
        lines += ["", HEADINGS[kind], *_change_lines(comparison.of(kind))]
    if comparison.kpi_movements:
        lines += ["", "KPIs", *_kpi_lines(comparison.kpi_movements)]
    return "\n".join(lines)


def _change_lines(changes: tuple[Change, ...]) -> list[str]:
    names = [f"{c.old_id} -> {c.id}" if c.old_id else c.id for c in changes]
    width = max(map(len, names))
    lines = []
    for name, change in zip(names, changes, strict=True):
        lines.append(f"  {change.change:<8} {name:<{width}}  {_detail(change)}".rstrip())
        if change.kind == "setting":
            lines[-1:] = [f"  {f.name}  {_value(f.old)} -> {_value(f.new)}" for f in change.fields]
        lines += [f"      {line}" for line in change.body_diff]
        step_width = max((len(step.id) for step in change.steps), default=0)
        lines += [
            f"      step {step.change:<9} {step.id:<{step_width}}  {_step_detail(step)}".rstrip()
            for step in change.steps
        ]
    return lines


def _detail(change: Change) -> str:
    if change.change in ("added", "removed"):
        facts = " / ".join(f.new or f.old for f in change.fields)
        return f"{change.title} ({facts})" if facts else change.title
    edits = [_field_text(f) for f in change.fields]
    if change.body_diff:
        edits.append("text changed")
    if change.steps:
        count = len(change.steps)
        edits.append(f"{count} step{'s' if count != 1 else ''} changed")
    if change.change == "renamed":
        edits.insert(0, change.title)
    return "; ".join(edits)


def _step_detail(step: StepChange) -> str:
    if step.change in ("added", "removed"):
        return f"{step.title} (phase {step.fields[0].new or step.fields[0].old})"
    return "; ".join(_field_text(f) for f in step.fields)


def _field_text(field: FieldChange) -> str:
    return f"{field.name} {_value(field.old)} -> {_value(field.new)}"


def _value(text: str) -> str:
    return text if text else "(none)"


def _kpi_lines(movements: tuple[KpiMovement, ...]) -> list[str]:
    names = [m.touchpoint or "all touchpoints" for m in movements]
    width = max(len(name) for name in names)
    lines = []
    for name, m in zip(names, movements, strict=True):
        values = f"{_figure(m.kpi, m.old.value)} -> {_figure(m.kpi, m.new.value)}"
        change = f"{_ascii(ENGLISH.kpi_delta(m.delta, m.kpi))}, n {m.old.n} -> {m.new.n}"
        lines.append(
            f"  {name:<{width}}  {KPI_LABELS[m.kpi]:<4}  {values}  ({change})  {_verdict(m)}"
        )
    return lines


def _verdict(movement: KpiMovement) -> str:
    if movement.delta is None:
        return "too few answers to compare"
    return "significant" if movement.significant else "not significant"


def _figure(kpi: str, value: float | None) -> str:
    return "n/a" if value is None else _ascii(ENGLISH.kpi_number(kpi, value))


def _ascii(text: str) -> str:
    return text.replace("−", "-").replace("–", "n/a")


# ---------------------------------------------------------------------------- Markdown


def as_markdown(comparison: Comparison) -> str:
    """A pull-request comment: what changed for the client, by title, with the figures that
    moved significantly in a table; no file names, no text diffs."""
    lines = [f"### Client map: changes from `{comparison.old}` to `{comparison.new}`", ""]
    if comparison.nothing_changed:
        return "\n".join([*lines, "No changes."]) + "\n"
    for kind in comparison.kinds:
        lines.append(f"**{HEADINGS[kind]}**")
        lines += [
            line for change in comparison.of(kind) for line in _markdown_change(comparison, change)
        ]
        lines.append("")
    lines += _markdown_kpis(comparison.kpi_movements)
    return "\n".join(lines).rstrip("\n") + "\n"


def _markdown_change(comparison: Comparison, change: Change) -> list[str]:
    name = f"**{md(change.title)}**"
    if change.kind == "setting":
        return [f"- `{f.name}`: {md(_value(f.old))} → {md(_value(f.new))}" for f in change.fields]
    facts = [_markdown_field(comparison, f) for f in change.fields]
    if change.change in ("added", "removed"):
        places = [
            md(comparison.title(TITLED.get(f.name, ""), f.new or f.old)) for f in change.fields
        ]
        where = f" ({' · '.join(places)})" if places else ""
        return [f"- {change.change.capitalize()}: {name}{where}"]
    if change.old_id:
        facts.insert(0, f"id `{change.old_id}` → `{change.id}`")
    if change.body_diff:
        facts.append("text changed")
    lines = [f"- {change.change.capitalize()}: {name}" + (": " + "; ".join(facts) if facts else "")]
    for step in change.steps:
        lines.append(f"  - step **{md(step.title)}** {_markdown_step(comparison, step)}")
    return lines


def _markdown_step(comparison: Comparison, step: StepChange) -> str:
    if step.change in ("added", "removed"):
        phase = step.fields[0].new or step.fields[0].old
        return f"{step.change} (phase {md(comparison.title('phase', phase))})"
    return f"{step.change}: " + "; ".join(_markdown_field(comparison, f) for f in step.fields)


def _markdown_field(comparison: Comparison, field: FieldChange) -> str:
    kind = TITLED.get(field.name, "")
    old = md(comparison.title(kind, field.old)) if field.old else "(none)"
    new = md(comparison.title(kind, field.new)) if field.new else "(none)"
    return f"{field.name} {old} → {new}"


def _markdown_kpis(movements: tuple[KpiMovement, ...]) -> list[str]:
    significant = [m for m in movements if m.significant]
    lines: list[str] = []
    if significant:
        lines += [
            "**KPIs that moved significantly** (95 % intervals, the site's tests)",
            "",
            "| Touchpoint | KPI | Before | Now | Change |",
            "|---|---|---|---|---|",
        ]
        for m in significant:
            name = md(m.title) if m.touchpoint else "All touchpoints"
            lines.append(
                f"| {name} | {KPI_LABELS[m.kpi]} | {_estimate(m.old)} | {_estimate(m.new)} "
                f"| {ENGLISH.kpi_delta(m.delta, m.kpi)} |"
            )
        lines.append("")
    rest = len(movements) - len(significant)
    if rest:
        figures = f"{rest} other KPI figure{'s' if rest != 1 else ''}"
        lines.append(f"{figures} changed within the noise (`touchsite diff` lists them).")
    return lines


def _estimate(estimate) -> str:
    return f"{ENGLISH.kpi_value(estimate)} (n={estimate.n})"


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str) -> str:
    """Text as it must be written to show as itself in GitHub's Markdown (no links, no HTML,
    no table cells broken by '|')."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
