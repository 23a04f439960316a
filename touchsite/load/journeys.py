"""Read journeys (content/journeys/*.md) and opportunities (content/opportunities/*.md).

A journey's front matter holds its phases, the lanes it shows and its steps; a step's keys
are its lanes' cells. Every key keeps its line, so a wrong lane or a step pointing at a
missing touchpoint is reported where it was written.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

from touchsite.errors import Problems, suggest
from touchsite.load.config import ENTRY_FIELDS
from touchsite.load.content import ID_PATTERN, markdown_files, read_document, read_texts, unquote
from touchsite.load.fields import Field, read_fields
from touchsite.load.yamlsource import YamlList, YamlMap, written
from touchsite.models import (
    DEFAULT_LANES,
    INSIGHT_LANES,
    KPIS,
    LANES,
    TEXT_LANES,
    Config,
    Insight,
    Journey,
    Opportunity,
    Phase,
    Step,
)

STATUSES = ("idea", "planned", "in-progress", "done", "rejected")

JOURNEY_FIELDS = (
    Field("id", "str", "a short id; default: the file name without .md"),
    Field("title", "str", "the journey's name", required=True),
    Field("order", "int", "position in the list of journeys", default=0),
    Field("persona", "str", "the id of the persona it follows (optional)", default=""),
    Field(
        "state",
        "str",
        "as-is (today) or to-be (the target state)",
        default="as-is",
        choices=("as-is", "to-be"),
    ),
    Field("as_is", "str", "for a to-be journey: the id of the as-is journey it improves"),
    Field("phases", "raw", "its phases: ids from touchsite.yml or id/title entries"),
    Field("lanes", "raw", "the lanes shown, top to bottom", default=DEFAULT_LANES),
    Field("steps", "raw", "its steps, in order", required=True),
    Field("recommendations", "list", "ids of the recommendations that lead to it", default=()),
)

STEP_FIELDS = (
    Field("id", "str", "a short id, unique within the journey", required=True),
    Field("title", "str", "what the customer does, in a few words (required, or inherited)"),
    Field("phase", "str", "the id of one of the journey's phases (required, or inherited)"),
    Field("touchpoints", "list", "ids of the touchpoints of this step", default=()),
    Field("emotion", "int", "expected emotion, -3..3", minimum=-3, maximum=3),
    Field("recommendations", "list", "ids of recommendations for this step", default=()),
    *(
        Field(lane, "raw", "insights: text, or text with touchpoints, quotes, sources, kpi")
        for lane in INSIGHT_LANES
    ),
    *(Field(lane, "raw", "the lane's text, or a list of texts") for lane in TEXT_LANES),
)

INSIGHT_FIELDS = (
    Field("text", "str", "the insight in one sentence", required=True),
    Field("touchpoints", "list", "touchpoints whose data support it; default: the step's"),
    Field("quotes", "list", "words or phrases that find supporting comments", default=()),
    Field("sources", "list", "other research behind it: interviews, call notes...", default=()),
    Field("kpi", "str", "the KPI that measures it", choices=KPIS),
)

OPPORTUNITY_FIELDS = (
    Field("id", "str", "a short id; default: the file name without .md"),
    Field("title", "str", "the opportunity in a few words", required=True),
    Field("journeys", "list", "ids of the journeys it spans", default=()),
    Field("steps", "list", "steps it spans, as journey/step", default=()),
    Field("touchpoints", "list", "ids of touchpoints it concerns", default=()),
    Field("recommendations", "list", "ids of the recommendations that realise it", default=()),
    Field("owner", "str", "who drives it", default=""),
    Field("status", "str", "where it stands", default="idea", choices=STATUSES),
    Field("priority", "str", "how urgent", default="medium", choices=("high", "medium", "low")),
    Field("impact", "int", "expected impact, 1..5", minimum=1, maximum=5),
    Field("effort", "int", "expected effort, 1..5", minimum=1, maximum=5),
)


def read_lanes(
    value: Any, path: Path, problems: Problems, line: int, allowed: tuple[str, ...]
) -> tuple[str, ...]:
    """A list of lane ids; each unknown or repeated one is reported on its own line."""
    items = list(value) if isinstance(value, (list, tuple)) else [value]
    lines = value.item_lines if isinstance(value, YamlList) else [line] * len(items)
    lanes: list[str] = []
    for item, item_line in zip(items, lines, strict=True):
        lane = str(item).strip()
        if lane not in allowed:
            problems.add(path, item_line, f"unknown lane '{lane}'", suggest(lane, allowed))
        elif lane in lanes:
            problems.add(path, item_line, f"lane '{lane}' is listed twice")
        else:
            lanes.append(lane)
    return tuple(lanes)


def _entries(value: Any, path: Path, problems: Problems, line: int, what: str):
    if value is None:
        return
    if not isinstance(value, list):
        problems.add(
            path,
            getattr(value, "line", line),
            f"'{what}' must be a list",
            "write each entry on its own line, starting with '- '",
        )
        return
    lines = value.item_lines if isinstance(value, YamlList) else [line] * len(value)
    yield from zip(value, lines, strict=True)


def _read_phases(value: Any, config: Config, path: Path, problems: Problems, line: int):
    if value is None:
        return config.phases
    known = {phase.id: phase for phase in config.phases}
    phases: list[Phase] = []
    for item, item_line in _entries(value, path, problems, line, "phases"):
        if isinstance(item, dict):
            entry = read_fields(item, ENTRY_FIELDS, path, problems, "phase", line=item_line)
            if entry["id"]:
                phases.append(
                    Phase(entry["id"], entry["title"] or entry["id"], entry["description"])
                )
        elif str(item) in known:
            phases.append(known[str(item)])
        else:
            problems.add(
                path,
                item_line,
                f"unknown phase '{item}'",
                "use a phase id from touchsite.yml or write the phase as id/title; "
                + suggest(str(item), list(known)),
            )
    seen: set[str] = set()
    for phase in phases:
        if phase.id in seen:
            problems.add(path, line, f"phase '{phase.id}' appears twice in this journey")
        seen.add(phase.id)
    return tuple(phases)


def _read_insights(value: Any, path: Path, problems: Problems, line: int, what: str) -> tuple:
    insights = []
    for item, item_line in _entries(value, path, problems, line, what):
        if isinstance(item, dict):
            entry = read_fields(item, INSIGHT_FIELDS, path, problems, what, line=item_line)
            if not entry["text"]:
                continue
            insights.append(
                Insight(
                    text=entry["text"],
                    touchpoints=entry["touchpoints"] or (),
                    quotes=entry["quotes"],
                    sources=entry["sources"],
                    kpi=entry["kpi"],
                    line=item_line,
                )
            )
        elif isinstance(item, list):
            problems.add(path, item_line, f"an entry of '{what}' must be a text or a mapping")
        elif str(item).strip():
            insights.append(Insight(text=str(item).strip(), line=item_line))
    return tuple(insights)


def _as_written(item: dict, key: str) -> Any:
    return written(item, key) if key in item else None


def _read_step(item: Any, path: Path, problems: Problems, line: int) -> Step | None:
    if not isinstance(item, dict):
        problems.add(path, line, "a step must be a mapping with id, title and phase")
        return None
    known = [field.name for field in STEP_FIELDS]
    for key in item:
        if key not in known:
            problems.add(
                path,
                item.line_of(key) if isinstance(item, YamlMap) else line,
                f"unknown lane or key '{key}' in step '{item.get('id', '?')}'",
                suggest(str(key), known)
                + (
                    "; a step's channels come from its touchpoints, and opportunities name "
                    "their steps in content/opportunities"
                    if key in ("channels", "opportunities")
                    else ""
                ),
            )
    checked = YamlMap({key: value for key, value in item.items() if key in known})
    checked.line = line
    checked.key_lines = dict(getattr(item, "key_lines", {}))
    checked.texts = dict(getattr(item, "texts", {}))
    values = read_fields(checked, STEP_FIELDS, path, problems, "step", line=line)
    if not values["id"]:
        return None
    if not ID_PATTERN.match(values["id"]):
        problems.add(
            path,
            checked.line_of("id"),
            f"'{values['id']}' is not a usable step id",
            "use lowercase letters, digits, '-' and '_'",
        )
    texts = []
    for lane in TEXT_LANES:
        cell = read_texts(
            _as_written(item, lane), path, problems, checked.line_of(lane), f"lane '{lane}'"
        )
        if lane == "thoughts":
            cell = tuple(unquote(text) for text in cell)
        if cell:
            texts.append((lane, cell))
    return Step(
        id=values["id"],
        title=values["title"] or "",
        phase=values["phase"] or "",
        touchpoints=values["touchpoints"],
        emotion=values["emotion"],
        texts=tuple(texts),
        pain_points=_read_insights(
            _as_written(item, "pain_points"),
            path,
            problems,
            checked.line_of("pain_points"),
            "pain_points",
        ),
        needs=_read_insights(
            _as_written(item, "needs"), path, problems, checked.line_of("needs"), "needs"
        ),
        recommendations=values["recommendations"],
        line=line,
        key_lines=checked.key_lines,
    )


def load_journeys(root: Path, config: Config | None, problems: Problems) -> list[Journey]:
    journeys = []
    for path in markdown_files(root / "content" / "journeys"):
        document = read_document(path, JOURNEY_FIELDS, problems, "journey front matter")
        if document is None:
            continue
        values, body = document
        source = values["source"]
        phases = (
            _read_phases(values["phases"], config, path, problems, source.line("phases"))
            if config is not None
            else ()
        )
        lanes = read_lanes(values["lanes"], path, problems, source.line("lanes"), LANES)
        steps = []
        for item, line in _entries(values["steps"], path, problems, source.line("steps"), "steps"):
            step = _read_step(item, path, problems, line)
            if step is not None:
                steps.append(step)
        if isinstance(values["steps"], list) and not values["steps"]:
            problems.add(
                path,
                source.line("steps"),
                "a journey needs at least one step",
                "add steps: - id: ...",
            )
        if isinstance(values["phases"], list) and not values["phases"]:
            problems.add(
                path,
                source.line("phases"),
                "'phases' is empty",
                "list the journey's phases, or leave the key out to use those of touchsite.yml",
            )
        if values["state"] == "to-be" and not values["as_is"]:
            problems.add(
                path,
                source.line("state"),
                "a to-be journey needs 'as_is:'",
                "name the as-is journey it improves, e.g. as_is: erstkauf",
            )
        journeys.append(
            Journey(
                id=values["id"],
                title=values["title"] or values["id"],
                order=values["order"],
                persona=values["persona"] or "",
                state=values["state"],
                as_is=values["as_is"] or "",
                phases=tuple(phases),
                lanes=lanes,
                steps=tuple(steps),
                recommendations=values["recommendations"],
                body=body,
                source=source,
            )
        )
    journeys = [
        dataclasses.replace(
            journey,
            steps=tuple(dataclasses.replace(s, title=s.title or s.id) for s in journey.steps),
        )
        for journey in _inherit_steps(journeys)
    ]
    for journey in journeys:
        for step in journey.steps:
            if not step.phase:
                problems.add(
                    journey.source.path,
                    step.line,
                    f"step '{step.id}' has no phase",
                    "add 'phase:' (a to-be step inherits it from the as-is step with its id)",
                )
    return sorted(journeys, key=lambda journey: (journey.order, journey.id))


INHERITED = ("title", "phase", "touchpoints", "emotion", "recommendations", "pain_points", "needs")


def _inherit_steps(journeys: list[Journey]) -> list[Journey]:
    """A to-be step takes what it does not write from the as-is step with the same id, so the
    target state only spells out what changes; so does the journey, for its phases and lanes."""
    by_id = {journey.id: journey for journey in journeys}
    result = []
    for journey in journeys:
        as_is = by_id.get(journey.as_is) if journey.state == "to-be" else None
        if as_is is None or as_is.state != "as-is":
            result.append(journey)
            continue
        before = {step.id: step for step in as_is.steps}
        steps = []
        for step in journey.steps:
            old = before.get(step.id)
            if old is None:
                steps.append(step)
                continue
            written = step.key_lines
            changes: dict[str, Any] = {
                name: getattr(old, name) for name in INHERITED if name not in written
            }
            texts = dict(step.texts)
            texts.update({lane: old.text(lane) for lane in TEXT_LANES if lane not in written})
            changes["texts"] = tuple((lane, texts[lane]) for lane in TEXT_LANES if texts.get(lane))
            steps.append(dataclasses.replace(step, **changes))
        written = journey.source.lines
        result.append(
            dataclasses.replace(
                journey,
                steps=tuple(steps),
                phases=journey.phases if "phases" in written else as_is.phases,
                lanes=journey.lanes if "lanes" in written else as_is.lanes,
            )
        )
    return result


def load_opportunities(root: Path, problems: Problems) -> list[Opportunity]:
    result = []
    for path in markdown_files(root / "content" / "opportunities"):
        document = read_document(path, OPPORTUNITY_FIELDS, problems, "opportunity")
        if document is None:
            continue
        values, body = document
        result.append(Opportunity(**values, body=body))
    return sorted(result, key=lambda opportunity: opportunity.id)
