"""Validation stage: cross-references between config, touchpoints and recommendations."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from touchsite.errors import Problems
from touchsite.models import OVERALL, Project


def _suggest(value: str, known: Iterable[str]) -> str:
    known = list(known)
    close = difflib.get_close_matches(value, known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return "known ids: " + (", ".join(known) if known else "none defined in touchsite.yml")


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

    touchpoint_ids = [tp.id for tp in project.touchpoints]
    for rec in project.recommendations:
        if rec.experiment and rec.experiment not in touchpoint_ids:
            problems.add(
                rec.source.path,
                rec.source.line("experiment"),
                f"experiment points at missing touchpoint '{rec.experiment}'",
                _suggest(rec.experiment, touchpoint_ids),
            )
        for tp_id in rec.touchpoints:
            if tp_id not in touchpoint_ids:
                problems.add(
                    rec.source.path,
                    rec.source.line("touchpoints"),
                    f"recommendation points at missing touchpoint '{tp_id}'",
                    _suggest(tp_id, touchpoint_ids),
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
