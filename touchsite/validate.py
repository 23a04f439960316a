"""Validation stage: cross-references between config, touchpoints and recommendations."""

from __future__ import annotations

from collections.abc import Iterable

from touchsite.errors import Problems, suggest
from touchsite.load.content import markdown_files
from touchsite.models import OVERALL, Project, resolve_step

TOUCHPOINTS = "content/touchpoints/"
JOURNEYS = "content/journeys/"


def _suggest(value: str, known: Iterable[str], where: str = "touchsite.yml") -> str:
    if "," in value:  # "personas: a, b" is one text, not two ids
        return f"write several ids as a list: [{value}]"
    return suggest(value, known, "known ids") + ("" if list(known) else f" defined in {where}")


def _named(project: Project, loaded: Iterable[str], kind: str) -> list[str]:
    """The ids a reference may name: those loaded, and those of the folder's files that
    could not be read (reported once, at their own line, not again wherever they are
    named: one file saved wrongly made six more errors that hid the first)."""
    ids = list(loaded)
    folder = project.root / "content" / kind if project.root else None
    present = {path.stem for path in markdown_files(folder)} if folder else set()
    return ids + sorted(present - set(ids))


def validate_project(project: Project, problems: Problems) -> None:
    config = project.config
    phases = [phase.id for phase in config.phases]
    channels = [channel.id for channel in config.channels]
    personas = [persona.id for persona in config.personas]

    _check_unique(project.touchpoints, "touchpoint", problems)
    _check_unique(project.recommendations, "recommendation", problems)
    _check_unique(project.pages, "page", problems)

    for tp in project.touchpoints:
        where = tp.source
        if tp.id == OVERALL:
            problems.add(
                where.path,
                where.line("id"),
                f"'{OVERALL}' is reserved",
                "it names the overall (relationship) question in the data; rename it",
            )
        if tp.phase and tp.phase not in phases:
            problems.add(
                where.path,
                where.line("phase"),
                f"unknown phase '{tp.phase}'",
                _suggest(tp.phase, phases),
            )
        if tp.channel and tp.channel not in channels:
            problems.add(
                where.path,
                where.line("channel"),
                f"unknown channel '{tp.channel}'",
                _suggest(tp.channel, channels),
            )
        for persona in tp.personas:
            if persona not in personas:
                problems.add(
                    where.path,
                    where.line("personas"),
                    f"unknown persona '{persona}'",
                    _suggest(persona, personas),
                )

    touchpoint_ids = _named(project, (tp.id for tp in project.touchpoints), "touchpoints")
    for rec in project.recommendations:
        if rec.experiment and rec.experiment not in touchpoint_ids:
            problems.add(
                rec.source.path,
                rec.source.line("experiment"),
                f"experiment points at missing touchpoint '{rec.experiment}'",
                _suggest(rec.experiment, touchpoint_ids, TOUCHPOINTS),
            )
        for tp_id in rec.touchpoints:
            if tp_id not in touchpoint_ids:
                problems.add(
                    rec.source.path,
                    rec.source.line("touchpoints"),
                    f"recommendation points at missing touchpoint '{tp_id}'",
                    _suggest(tp_id, touchpoint_ids, TOUCHPOINTS),
                )
    _validate_journeys(project, problems, touchpoint_ids)


def _check_refs(problems: Problems, path: str, line: int, ids, known, what: str) -> None:
    for item in ids:
        if item not in known:
            hint = _suggest(item, known, f"content/{what}s/")
            problems.add(path, line, f"{what} '{item}' does not exist", hint)


def _validate_journeys(project: Project, problems: Problems, touchpoints: list[str]) -> None:
    """Steps, insights and opportunities must point at things that exist; `touchpoints`:
    the ids they may name (_named)."""
    recommendations = _named(
        project, (rec.id for rec in project.recommendations), "recommendations"
    )
    personas = [persona.id for persona in project.config.personas]
    journeys = {journey.id: journey for journey in project.journeys}
    _check_unique(project.journeys, "journey", problems)
    _check_unique(project.opportunities, "opportunity", problems)
    step_ids: dict[str, list[str]] = {}
    for journey in project.journeys:
        path, source = journey.source.path, journey.source
        if journey.persona and journey.persona not in personas:
            problems.add(
                path,
                source.line("persona"),
                f"unknown persona '{journey.persona}'",
                _suggest(journey.persona, personas),
            )
        if journey.as_is:
            other = journeys.get(journey.as_is)
            if journey.state != "to-be":
                problems.add(
                    path, source.line("as_is"), "'as_is' is only for a journey with state: to-be"
                )
            elif other is None:
                problems.add(
                    path,
                    source.line("as_is"),
                    f"as_is points at missing journey '{journey.as_is}'",
                    _suggest(journey.as_is, [j for j in journeys if j != journey.id], JOURNEYS),
                )
            elif other.state != "as-is":
                problems.add(
                    path, source.line("as_is"), f"journey '{other.id}' is not an as-is journey"
                )
        _check_refs(
            problems,
            path,
            source.line("recommendations"),
            journey.recommendations,
            recommendations,
            "recommendation",
        )
        phases = [phase.id for phase in journey.phases]
        seen: set[str] = set()
        for step in journey.steps:
            if step.id in seen:
                problems.add(
                    path,
                    step.line_of("id"),
                    f"duplicate step id '{step.id}'",
                    "a step's id must be unique within its journey",
                )
            seen.add(step.id)
            if step.phase and phases and step.phase not in phases:
                problems.add(
                    path,
                    step.line_of("phase"),
                    f"step '{step.id}' is in unknown phase '{step.phase}'",
                    "the journey's phases: " + ", ".join(phases),
                )
            line = step.line_of("touchpoints")
            _check_refs(problems, path, line, step.touchpoints, touchpoints, "touchpoint")
            line = step.line_of("recommendations")
            _check_refs(
                problems, path, line, step.recommendations, recommendations, "recommendation"
            )
            for insight in (*step.pain_points, *step.needs):
                _check_refs(
                    problems, path, insight.line, insight.touchpoints, touchpoints, "touchpoint"
                )
        step_ids[journey.id] = [step.id for step in journey.steps]

    for opportunity in project.opportunities:
        path, source = opportunity.source.path, opportunity.source
        _check_refs(
            problems, path, source.line("journeys"), opportunity.journeys, journeys, "journey"
        )
        _check_refs(
            problems,
            path,
            source.line("touchpoints"),
            opportunity.touchpoints,
            touchpoints,
            "touchpoint",
        )
        _check_refs(
            problems,
            path,
            source.line("recommendations"),
            opportunity.recommendations,
            recommendations,
            "recommendation",
        )
        for ref in opportunity.steps:
            if resolve_step(ref, step_ids) is None:
                known = [f"{j}/{s}" for j, ids in step_ids.items() for s in ids]
                problems.add(
                    path,
                    source.line("steps"),
                    f"step '{ref}' does not exist, or more than one journey has it",
                    _suggest(ref, known, JOURNEYS) + " (write steps as journey/step)",
                )


def _check_unique(items, what: str, problems: Problems) -> None:
    first: dict[str, str] = {}
    for item in items:
        if item.id in first:
            problems.add(
                item.source.path,
                item.source.line("id"),
                f"duplicate {what} id '{item.id}'",
                f"also used by {first[item.id]}; rename one file or set a distinct 'id:'",
            )
        else:
            first[item.id] = item.source.path
