"""CSV: one row per step for spreadsheets, and a simple CSV of steps read back."""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from touchsite.errors import Problems, suggest
from touchsite.interop.model import (
    ImportedJourney,
    ImportedStep,
    UniqueIds,
    clean_text,
    plain_number,
    score_to_emotion,
    step_score,
)
from touchsite.kpi import kpi_definitions
from touchsite.load.content import ID_PATTERN
from touchsite.models import KPIS, TEXT_LANES, Insight, Opportunity

if TYPE_CHECKING:
    from touchsite.analyze.journeys import JourneyReport, StepReport
    from touchsite.render.i18n import Locale

TEXT_SEPARATOR = " | "
INSIGHT_COLUMNS = ("pain_points", "needs")
MEASURED_COLUMNS = tuple(f"{kpi}{suffix}" for kpi in KPIS for suffix in ("", "_low", "_high", "_n"))
FIGURE_COLUMNS = ("score", *MEASURED_COLUMNS)
# JSON cells: what a text cell cannot hold, so an export read back by `init --from` loses
# nothing: the touchpoints' own lane texts, the evidence of pain points and needs (by their
# text), and the opportunities that name the step.
JSON_COLUMNS = ("touchpoint_lanes", "insights", "opportunities")
CSV_COLUMNS = (
    "journey",
    "journey_title",
    "phase",
    "step_id",
    "step",
    "touchpoints",
    "touchpoint_titles",
    "channels",
    "touchpoint_emotions",
    "emotion",
    *FIGURE_COLUMNS,
    *TEXT_LANES,
    "touchpoint_lanes",
    *INSIGHT_COLUMNS,
    "insights",
    "opportunities",
)
# What a project holds, without the figures measured from its data.
CONTENT_COLUMNS = tuple(column for column in CSV_COLUMNS if column not in FIGURE_COLUMNS)
IMPORT_COLUMNS = (*CONTENT_COLUMNS, "score", "channel", "touchpoint")
OPPORTUNITY_KEYS = ("id", "title", "status", "priority", "impact", "effort", "owner")
INSIGHT_KEYS = ("touchpoints", "quotes", "sources", "kpi")
KPIS_BY_ID = kpi_definitions()  # decimals do not depend on the configured CES scale


# ---------------------------------------------------------------------------- CSV out


def journey_csv(journey: JourneyReport, locale: Locale | None = None) -> str:
    """One row per step under a header of English ids (`CSV_COLUMNS`), ',' separated.

    The file is for machines and spreadsheets alike, so it is the same in every language:
    '.' as decimal point, no BOM, '\\n' line ends. `locale` is accepted for symmetry with
    `mermaid_journey` and not used.
    """
    return journeys_csv([journey])


def journey_rows(journey: JourneyReport) -> Iterator[dict[str, str]]:
    """The CSV's rows (without the header) by column, for joining several journeys in one
    file. Cells of several values, one per touchpoint or text, are separated by ' | '."""
    for phase, steps in journey.phases:
        for step in steps:
            touchpoints = [tp.touchpoint for tp in step.touchpoints]
            channels = {channel.id: channel.title for channel in step.channels}
            expected = step.expected_emotion
            row = {
                "journey": journey.journey.id,
                "journey_title": journey.journey.title,
                "phase": phase.title or phase.id,
                "step_id": step.step.id,
                "step": step.step.title,
                "touchpoints": " ".join(tp.id for tp in touchpoints),
                "touchpoint_titles": TEXT_SEPARATOR.join(tp.title for tp in touchpoints),
                # one per touchpoint, in its order, so an import gives each its channel back
                "channels": TEXT_SEPARATOR.join(channels[tp.channel] for tp in touchpoints),
                "touchpoint_emotions": TEXT_SEPARATOR.join(
                    "" if tp.emotion is None else str(tp.emotion) for tp in touchpoints
                ),
                "emotion": "" if expected is None else plain_number(expected),
                "score": str(step_score(step, journey.journey.state == "to-be")),
                **_measured(step),
                **{lane: TEXT_SEPARATOR.join(step.texts.get(lane, ())) for lane in TEXT_LANES},
                "touchpoint_lanes": _json(
                    {
                        tp.id: {lane: list(texts) for lane, texts in tp.lanes}
                        for tp in touchpoints
                        if tp.lanes
                    }
                ),
                "pain_points": TEXT_SEPARATOR.join(item.insight.text for item in step.pain_points),
                "needs": TEXT_SEPARATOR.join(item.insight.text for item in step.needs),
                "insights": _json(
                    {
                        lane: details
                        for lane, items in (
                            ("pain_points", step.pain_points),
                            ("needs", step.needs),
                        )
                        if (
                            details := [
                                _insight(item.insight) for item in items if _evidence(item.insight)
                            ]
                        )
                    }
                ),
                "opportunities": _json([_opportunity(o) for o in step.opportunities]),
            }
            yield row


def _measured(step: StepReport) -> dict[str, str]:
    cells = {}
    for kpi in KPIS:
        estimate = step.kpis[kpi]
        shown = estimate.value is not None
        decimals = KPIS_BY_ID[kpi].decimals + 1  # one more than the site shows
        for suffix, value in (
            ("", estimate.value),
            ("_low", estimate.low),
            ("_high", estimate.high),
        ):
            cells[kpi + suffix] = f"{value:.{decimals}f}" if shown and value is not None else ""
        cells[f"{kpi}_n"] = str(estimate.n)
    return cells


def _evidence(insight: Insight) -> dict:
    return {key: getattr(insight, key) for key in INSIGHT_KEYS if getattr(insight, key)}


def _insight(insight: Insight) -> dict:
    details = {key: list(v) if isinstance(v, tuple) else v for key, v in _evidence(insight).items()}
    return {"text": insight.text, **details}


def _opportunity(opportunity: Opportunity) -> dict:
    values = {key: getattr(opportunity, key) for key in OPPORTUNITY_KEYS}
    return {key: value for key, value in values.items() if value not in ("", None)}


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False) if value else ""


def journeys_csv(journeys: Iterable[JourneyReport], figures: bool = True) -> str:
    """Several journeys in one CSV; the `journey` column tells them apart. Without `figures`
    only what the project holds: no score, no KPI columns (what `init --from` reads back
    whole)."""
    columns = CSV_COLUMNS if figures else CONTENT_COLUMNS
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for journey in journeys:
        writer.writerows([row[column] for column in columns] for row in journey_rows(journey))
    return buffer.getvalue()


# ---------------------------------------------------------------------------- CSV in


@dataclass
class _Header:
    columns: dict[str, int]  # column id -> index
    line: int
    width: int


def parse_steps_csv(text: str, path: Path, problems: Problems) -> ImportedJourney:
    """A CSV of steps: `phase` and `step` required; `channel`, `emotion` (-3..3) or `score`
    (1..5), `touchpoint` and the text lanes optional. The export's columns are read too (its
    measured ones are ignored), so an exported CSV starts a project again; where a row has
    both, its emotion wins over its score.

    ';' or ',' separated, whichever the header uses more; a BOM is skipped. Problems name the
    file's line and the column. Several texts in one cell are separated by '|'.
    """
    text = text.lstrip("\ufeff")
    journey = ImportedJourney(title="")
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: _Header | None = None
    phase_ids, phase_of = UniqueIds(), {}
    names: list[str] = []  # the journeys the `journey` column names
    title = ""  # the first row's journey_title
    end = 0
    before = len(problems)
    try:
        for cells in reader:
            line, end = end + 1, reader.line_num  # a quoted cell may span lines
            if not any(cell.strip() for cell in cells):
                continue
            if header is None:
                header = _read_header(cells, line, path, problems)
                if header is None:
                    return journey
                continue
            if any(cell.strip() for cell in cells[header.width :]):
                problems.add(
                    path,
                    line,
                    f"the row has {len(cells)} cells, the header {header.width}",
                    "a text with the separator in it needs quotes",
                    column=header.width + 1,
                )
                continue
            step = _read_row(cells, line, header, path, problems)
            name = _cell(cells, header, "journey")
            title = title or _cell(cells, header, "journey_title")
            if name and name not in names:
                names.append(name)
                if len(names) == 2:
                    problems.add(
                        path,
                        line,
                        f"a second journey '{name}' after '{names[0]}'",
                        "import one journey at a time: keep its rows, or export --journey ID",
                        column=header.columns["journey"] + 1,
                    )
            if step is None:
                continue
            if step.phase not in phase_of:
                phase_of[step.phase] = phase_ids.new(step.phase, "phase")
                journey.phases.append((phase_of[step.phase], step.phase))
            step.phase = phase_of[step.phase]
            journey.steps.append(step)
    except csv.Error as error:
        problems.add(path, reader.line_num, f"cannot be read as CSV: {error}")
    if header is None and len(problems) == before:
        problems.add(path, 1, "the file is empty", "the first row names the columns")
    elif header is not None and not journey.steps and len(problems) == before:
        problems.add(path, header.line, "the file has no steps", "add a row per step")
    journey.title = title or (names[0] if names else path.stem)
    journey.id = names[0] if names else ""
    return journey


def _read_header(cells: list[str], line: int, path: Path, problems: Problems) -> _Header | None:
    """The columns, or None (after a problem) when the required ones are missing."""
    known = set(IMPORT_COLUMNS) | set(MEASURED_COLUMNS)
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = "_".join(cell.strip().lower().split())
        if not name:
            continue
        if name not in known:
            problems.add(
                path,
                line,
                f"unknown column '{cell.strip()}'",
                suggest(name, IMPORT_COLUMNS),
                column=index + 1,
            )
        elif name in columns:
            problems.add(path, line, f"column '{name}' appears twice", column=index + 1)
        else:
            columns[name] = index
    missing = [name for name in ("phase", "step") if name not in columns]
    if missing:
        problems.add(
            path,
            line,
            f"missing column{'s' if len(missing) > 1 else ''} " + " and ".join(missing),
            "the first row names the columns: phase, step and optionally channel, emotion or "
            "score, touchpoint, " + ", ".join(TEXT_LANES),
        )
        return None
    return _Header(columns, line, len(cells))


def _cell(cells: list[str], header: _Header, name: str) -> str:
    index = header.columns.get(name)
    return clean_text(cells[index]) if index is not None and index < len(cells) else ""


def _texts(cell: str) -> tuple[str, ...]:
    return tuple(part for part in (clean_text(p) for p in cell.split("|")) if part)


def _read_row(
    cells: list[str], line: int, header: _Header, path: Path, problems: Problems
) -> ImportedStep | None:
    before = len(problems)
    title, phase = _cell(cells, header, "step"), _cell(cells, header, "phase")
    for name, value in (("phase", phase), ("step", title)):
        if not value:
            problems.add(path, line, f"'{name}' is empty", column=header.columns[name] + 1)
    emotion = _number(cells, header, "emotion", (-3, 3), line, path, problems)
    score = _number(cells, header, "score", (1, 5), line, path, problems, whole=True)
    # a simple CSV names one touchpoint by its title, the export its touchpoints' ids
    touchpoint = _cell(cells, header, "touchpoint")
    ids = tuple(_cell(cells, header, "touchpoints").split())
    named = (touchpoint,) if touchpoint else ids
    emotions = _touchpoint_emotions(cells, header, len(named), line, path, problems)
    read = _JsonCells(cells, header, line, path, problems)
    lanes = read.cell("touchpoint_lanes", dict, _valid_lanes) or {}
    insights = read.cell("insights", dict, _valid_insights) or {}
    opportunities = read.cell("opportunities", list, _valid_opportunities) or []
    if len(problems) > before:
        return None
    # An export's empty emotion says the step has none; a file without the column may have
    # a score instead.
    if emotion is None and score is not None and "emotion" not in header.columns:
        emotion = score_to_emotion(int(score))
    channels = _texts(_cell(cells, header, "channel")) or _texts(_cell(cells, header, "channels"))
    return ImportedStep(
        title=title,
        phase=phase,  # its title here; parse_steps_csv gives it an id
        emotion=emotion,
        channels=channels,
        touchpoints=named,
        texts=tuple(
            (lane, texts) for lane in TEXT_LANES if (texts := _texts(_cell(cells, header, lane)))
        ),
        pain_points=_insights(_cell(cells, header, "pain_points"), insights.get("pain_points")),
        needs=_insights(_cell(cells, header, "needs"), insights.get("needs")),
        id=_cell(cells, header, "step_id"),
        line=line,
        touchpoint_titles=_aligned(_cell(cells, header, "touchpoint_titles")),
        touchpoint_emotions=emotions,
        touchpoint_lanes=lanes,
        opportunities=tuple(opportunities),
        own_touchpoint="touchpoints" not in header.columns,
    )


def _aligned(cell: str) -> tuple[str, ...]:
    """A cell of one value per touchpoint: ' | ' separated, empty values kept."""
    return tuple(clean_text(part) for part in cell.split("|")) if cell.strip() else ()


def _touchpoint_emotions(
    cells: list[str], header: _Header, count: int, line: int, path: Path, problems: Problems
) -> tuple[int | None, ...] | None:
    if "touchpoint_emotions" not in header.columns:
        return None
    values = _aligned(_cell(cells, header, "touchpoint_emotions")) or ("",) * count
    column = header.columns["touchpoint_emotions"] + 1
    if len(values) != count:
        problems.add(
            path,
            line,
            f"touchpoint_emotions has {len(values)} values for {count} touchpoints",
            "one emotion per touchpoint, separated by '|' (empty for none)",
            column=column,
        )
        return None
    emotions: list[int | None] = []
    for value in values:
        number = value.replace("−", "-")
        if number and not (number.lstrip("-").isdigit() and -3 <= int(number) <= 3):
            problems.add(path, line, f"touchpoint emotion '{value}' is not -3..3", column=column)
            return None
        emotions.append(int(number) if number else None)
    return tuple(emotions)


def _insights(cell: str, details: list[dict] | None) -> tuple[str | dict, ...]:
    """The texts of the cell; an insight with evidence in the `insights` column (found by its
    text) comes with it."""
    by_text = {item["text"]: item for item in details or ()}
    return tuple(by_text.get(text, text) for text in _texts(cell))


class _JsonCells:
    """The JSON cells of one row, each checked: a problem names the row and column."""

    def __init__(
        self, cells: list[str], header: _Header, line: int, path: Path, problems: Problems
    ) -> None:
        self.cells, self.header, self.line = cells, header, line
        self.path, self.problems = path, problems

    def cell(self, name: str, kind: type, check) -> dict | list | None:
        text = _cell(self.cells, self.header, name)
        if not text:
            return None
        column = self.header.columns[name] + 1
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            self.problems.add(
                self.path, self.line, f"{name} is not JSON: {error.msg}", column=column
            )
            return None
        wrong = (
            f"a JSON {'object' if kind is dict else 'list'}"
            if not isinstance(value, kind)
            else check(value)
        )
        if wrong:
            self.problems.add(
                self.path, self.line, f"{name} must be {wrong}", _JSON_HINT, column=column
            )
            return None
        return value


_JSON_HINT = "see the column set in the README (Journeys from and to other tools)"


def _strings(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _valid_lanes(value: dict) -> str:
    for lanes in value.values():
        if not isinstance(lanes, dict) or not all(
            lane in TEXT_LANES and _strings(texts) for lane, texts in lanes.items()
        ):
            return "touchpoint ids with their text lanes: {lane: [texts]}"
    return ""


def _valid_insights(value: dict) -> str:
    for lane, items in value.items():
        if lane not in INSIGHT_COLUMNS or not isinstance(items, list):
            return "pain_points and needs, each a list of insights"
        for item in items:
            if not isinstance(item, dict) or not isinstance(item.get("text"), str):
                return "insights with a text"
            if set(item) - {"text", *INSIGHT_KEYS}:
                return "insights with text, " + ", ".join(INSIGHT_KEYS)
    return ""


def _valid_opportunities(value: list) -> str:
    for item in value:
        if not isinstance(item, dict) or not all(
            isinstance(item.get(key), str) and item[key] for key in ("id", "title")
        ):
            return "a list of opportunities with id and title"
        if not ID_PATTERN.match(item["id"]):
            return "opportunities whose ids are lowercase letters, digits, '-' and '_'"
        if set(item) - set(OPPORTUNITY_KEYS):
            return "opportunities with " + ", ".join(OPPORTUNITY_KEYS)
    return ""


def _number(
    cells: list[str],
    header: _Header,
    name: str,
    bounds: tuple[int, int],
    line: int,
    path: Path,
    problems: Problems,
    whole: bool = False,
) -> float | None:
    """The cell as a number within bounds; None when empty or wrong (a problem then)."""
    text = _cell(cells, header, name)
    if not text:
        return None
    column = header.columns[name] + 1
    low, high = bounds
    try:
        value = float(text.replace("−", "-").replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or (whole and value != int(value)):
        kind = "a whole number" if whole else "a number"
        problems.add(path, line, f"{name} '{text}' is not {kind} {low}..{high}", column=column)
        return None
    if not low <= value <= high:
        problems.add(path, line, f"{name} {text} is outside {low}..{high}", column=column)
        return None
    return value
