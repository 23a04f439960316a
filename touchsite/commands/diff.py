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
from touchsite.translation import N_

ENGLISH = Locale("en")
FORMATS = ("text", "json", "markdown")
# Headings and verbs: English in the terminal, the site's language in the Markdown comment.
HEADINGS = {
    "setting": N_("Settings"),
    "phase": N_("Phases"),
    "channel": N_("Channels"),
    "persona": N_("Personas"),
    "touchpoint": N_("Touchpoints"),
    "recommendation": N_("Recommendations"),
    "journey": N_("Journeys"),
    "opportunity": N_("Opportunities"),
}
VERBS = {
    "added": N_("Added"),
    "removed": N_("Removed"),
    "renamed": N_("Renamed"),
    "moved": N_("Moved"),
    "edited": N_("Edited"),
    "reordered": N_("Reordered"),
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
        lines += ["", _heading(kind), *_change_lines(comparison.of(kind))]
    if comparison.kpi_movements:
        lines += ["", "KPIs", *_kpi_lines(comparison.kpi_movements)]
    return "\n".join(lines)


def _heading(kind: str, heading: str = "") -> str:
    heading = heading or HEADINGS[kind]
    return f"{heading} (touchsite.yml)" if kind == "setting" else heading


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
    names = [
        "overall question" if m.is_overall else m.touchpoint or "all touchpoints" for m in movements
    ]
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

LABELLED = ("status", "priority", "state")  # values with a translated label


def as_markdown(comparison: Comparison) -> str:
    """A pull-request comment: what changed for the client, by title, with the figures that
    moved significantly in a table; no file names, no text diffs. In the language of the
    newer revision's site."""
    return _Markdown(comparison).text()


class _Markdown:
    def __init__(self, comparison: Comparison) -> None:
        self.comparison = comparison
        self.locale = Locale(comparison.language)
        self._ = self.locale.gettext

    def text(self) -> str:
        _, c = self._, self.comparison
        title = _("Client map: changes from {old} to {new}").format(
            old=f"`{c.old}`", new=f"`{c.new}`"
        )
        lines = [f"### {title}", ""]
        if c.nothing_changed:
            return "\n".join([*lines, _("No changes.")]) + "\n"
        for kind in c.kinds:
            heading = _(HEADINGS[kind])
            lines.append(
                f"**{heading} (touchsite.yml)**" if kind == "setting" else f"**{heading}**"
            )
            lines += [line for change in c.of(kind) for line in self.change(change)]
            lines.append("")
        lines += self.kpis()
        return "\n".join(lines).rstrip("\n") + "\n"

    def change(self, change: Change) -> list[str]:
        _ = self._
        name = f"**{md(change.title)}**"
        verb = _(VERBS[change.change])
        if change.kind == "setting":
            return [f"- {self.field(f)}" for f in change.fields]
        if change.change in ("added", "removed"):
            places = [self.value(f.name, f.new or f.old) for f in change.fields]
            where = f" ({' · '.join(places)})" if places else ""
            return [f"- {verb}: {name}{where}"]
        facts = [self.field(f) for f in change.fields]
        if change.old_id:
            facts.insert(0, f"id `{change.old_id}` → `{change.id}`")
        if change.body_diff:
            facts.append(_("text changed"))
        lines = [f"- {verb}: {name}" + (": " + "; ".join(facts) if facts else "")]
        lines += [f"  - {self.step(step)}" for step in change.steps]
        return lines

    def step(self, step: StepChange) -> str:
        _ = self._
        label, verb = _("Step"), _(VERBS[step.change])
        what = f"{label} **{md(step.title)}**: {verb}"
        if step.change in ("added", "removed"):
            phase = step.fields[0].new or step.fields[0].old
            return f"{what} ({self.value('phase', phase)})"
        return f"{what}: " + "; ".join(self.field(f) for f in step.fields)

    def field(self, field: FieldChange) -> str:
        name = f"`{field.name}`"
        return f"{name}: {self.value(field.name, field.old)} → {self.value(field.name, field.new)}"

    def value(self, name: str, text: str) -> str:
        if not text:
            return "–"
        if name in LABELLED:
            return md(self.locale.label(text))
        return md(self.comparison.title(TITLED.get(name, ""), text))

    def kpis(self) -> list[str]:
        _, locale = self._, self.locale
        movements = self.comparison.kpi_movements
        significant = [m for m in movements if m.significant]
        lines: list[str] = []
        if significant:
            columns = (_("Touchpoint"), _("KPI"), _("Before"), _("Now"), _("Change"))
            heading = _("KPIs that moved significantly")
            lines += [
                f"**{heading}**",
                "",
                "| " + " | ".join(columns) + " |",
                "|---|---|---|---|---|",
            ]
            for m in significant:
                name = (
                    _("Overall question (relationship)")
                    if m.is_overall
                    else md(m.title)
                    if m.touchpoint
                    else _("All touchpoints")
                )
                cells = (
                    name,
                    KPI_LABELS[m.kpi],
                    self.estimate(m.old),
                    self.estimate(m.new),
                    locale.kpi_delta(m.delta, m.kpi),
                )
                lines.append("| " + " | ".join(cells) + " |")
            lines.append("")
        rest = len(movements) - len(significant)
        if rest:
            lines.append(
                locale.ngettext(
                    "{count} other KPI figure changed within the noise (`touchsite diff` "
                    "lists it).",
                    "{count} other KPI figures changed within the noise (`touchsite diff` "
                    "lists them).",
                    rest,
                ).format(count=rest)
            )
        return lines

    def estimate(self, estimate) -> str:
        return f"{self.locale.kpi_value(estimate)} (n={estimate.n})"


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")


def md(text: str) -> str:
    """Text as it must be written to show as itself in GitHub's Markdown (no links, no HTML,
    no table cells broken by '|')."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
