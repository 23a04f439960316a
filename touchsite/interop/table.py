"""CSV: one row per step for spreadsheets, and a simple CSV of steps read back."""

from __future__ import annotations

import csv
import io
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
    round_away,
    score_to_emotion,
    step_score,
)
from touchsite.kpi import kpi_definitions
from touchsite.models import KPIS, TEXT_LANES

if TYPE_CHECKING:
    from touchsite.analyze.journeys import JourneyReport, StepReport
    from touchsite.render.i18n import Locale

TEXT_SEPARATOR = " | "
INSIGHT_COLUMNS = ("pain_points", "needs")
MEASURED_COLUMNS = tuple(f"{kpi}{suffix}" for kpi in KPIS for suffix in ("", "_low", "_high", "_n"))
CSV_COLUMNS = (
    "journey",
    "phase",
    "step_id",
    "step",
    "touchpoints",
    "channels",
    "emotion",
    "score",
    *MEASURED_COLUMNS,
    *TEXT_LANES,
    *INSIGHT_COLUMNS,
)
IMPORT_COLUMNS = (
    *CSV_COLUMNS[:8],
    "channel",
    "touchpoint",
    *TEXT_LANES,
    *INSIGHT_COLUMNS,
)
KPIS_BY_ID = kpi_definitions()  # decimals do not depend on the configured CES scale


# ---------------------------------------------------------------------------- CSV out


def journey_csv(journey: JourneyReport, locale: Locale | None = None) -> str:
    """One row per step under a header of English ids (`CSV_COLUMNS`), ',' separated.

    The file is for machines and spreadsheets alike, so it is the same in every language:
    '.' as decimal point, no BOM, '\\n' line ends. `locale` is accepted for symmetry with
    `mermaid_journey` and not used.
    """
    return journeys_csv([journey])


def journey_rows(journey: JourneyReport) -> Iterator[list[str]]:
    """The CSV's rows (without the header), for joining several journeys in one file."""
    for phase, steps in journey.phases:
        for step in steps:
            measured: list[str] = []
            for kpi in KPIS:
                estimate = step.kpis[kpi]
                shown = estimate.value is not None
                decimals = KPIS_BY_ID[kpi].decimals + 1  # one more than the site shows
                for value in (estimate.value, estimate.low, estimate.high):
                    measured.append(f"{value:.{decimals}f}" if shown and value is not None else "")
                measured.append(str(estimate.n))
            expected = step.expected_emotion
            yield [
                journey.journey.id,
                phase.title or phase.id,
                step.step.id,
                step.step.title,
                " ".join(tp.touchpoint.id for tp in step.touchpoints),
                TEXT_SEPARATOR.join(_channels_in_touchpoint_order(step)),
                "" if expected is None else plain_number(expected),
                str(step_score(step, journey.journey.state == "to-be")),
                *measured,
                *(TEXT_SEPARATOR.join(step.texts.get(lane, ())) for lane in TEXT_LANES),
                TEXT_SEPARATOR.join(item.insight.text for item in step.pain_points),
                TEXT_SEPARATOR.join(item.insight.text for item in step.needs),
            ]


def _channels_in_touchpoint_order(step: StepReport) -> list[str]:
    # In the touchpoints' order, so an import can give each touchpoint its channel back.
    titles = {channel.id: channel.title for channel in step.channels}
    return list(dict.fromkeys(titles[tp.touchpoint.channel] for tp in step.touchpoints))


def journeys_csv(journeys: Iterable[JourneyReport]) -> str:
    """Several journeys in one CSV; the `journey` column tells them apart."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for journey in journeys:
        writer.writerows(journey_rows(journey))
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
    journey.title = names[0] if names else path.stem
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
    if len(problems) > before:
        return None
    if emotion is None and score is not None:
        emotion = score_to_emotion(int(score))
    # a simple CSV names one touchpoint by its title, the export its touchpoints' ids
    touchpoint = _cell(cells, header, "touchpoint")
    ids = tuple(_cell(cells, header, "touchpoints").split())
    channels = _texts(_cell(cells, header, "channel")) or _texts(_cell(cells, header, "channels"))
    return ImportedStep(
        title=title,
        phase=phase,  # its title here; parse_steps_csv gives it an id
        emotion=None if emotion is None else round_away(emotion),
        channels=channels,
        touchpoints=(touchpoint,) if touchpoint else ids,
        texts=tuple(
            (lane, texts) for lane in TEXT_LANES if (texts := _texts(_cell(cells, header, lane)))
        ),
        pain_points=_texts(_cell(cells, header, "pain_points")),
        needs=_texts(_cell(cells, header, "needs")),
        id=_cell(cells, header, "step_id"),
        line=line,
    )


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
