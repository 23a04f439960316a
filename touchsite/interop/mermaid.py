"""Mermaid `journey` blocks: export for READMEs and wikis, and parse them back.

Mermaid's journey lexer ends a task name at ':', '#', ';' and a line break, a section name
too, and reads '%%' as the start of a comment; a task name that begins with a keyword
(journey, title, section) is read as that keyword. Export therefore writes look-alike
characters for ':' '#' ';' (and ',' in actor names, which Mermaid splits on), turns line
breaks into spaces, and puts an invisible zero-width space into '%%' and before a leading
keyword. `parse_mermaid` turns all of these back, so a title survives export and import.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from touchsite.errors import Problems
from touchsite.interop.model import (
    ImportedJourney,
    ImportedStep,
    UniqueIds,
    clean_text,
    is_confident,
    plain_number,
    score_to_emotion,
    step_score,
)

if TYPE_CHECKING:
    from touchsite.analyze.journeys import JourneyReport, StepReport
    from touchsite.render.i18n import Locale

# Look-alikes for the characters that end a text in Mermaid's journey syntax.
LOOKALIKES = {":": "\ua789", "#": "\uff03", ";": "\uff1b"}  # ꞉ ＃ ；
ACTOR_LOOKALIKES = {**LOOKALIKES, ",": "\uff0c"}  # ，
INERT = "\u200b"  # zero-width space: breaks '%%' and a leading keyword apart, invisibly
KEYWORD_START = re.compile(r"(journey|title\s|section\s)", re.IGNORECASE)
ACCESSIBILITY = re.compile(r"acc(title|descr)\s*[:{]", re.IGNORECASE)  # accTitle: ..., accDescr {
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*(\S*)")

DEFAULT_ACTORS = {"Customer", "Kunde"}  # what export writes when a journey has no persona


# ---------------------------------------------------------------------------- Mermaid out


def _score_source(step: StepReport, locale: Locale, target: bool = False) -> str:
    """Where a step's score comes from, in the site's language."""
    _ = locale.gettext
    measured = step.experience
    expected = step.expected_emotion
    if target:
        if expected is None:
            return _("neutral: no expected emotion")
        return _("expected emotion {value}").format(value=_signed(expected))
    if is_confident(measured):
        return _("measured experience {value} (n={n})").format(
            value=_signed(measured.value), n=measured.n
        )
    if measured.n == 0:
        why = _("no answers")
    else:
        why = _("measured n={n}, too few to be confident").format(n=measured.n)
    if expected is not None:
        return _("expected emotion {value} ({why})").format(value=_signed(expected), why=why)
    return _("neutral: no expected emotion ({why})").format(why=why)


def _signed(value: float) -> str:
    text = plain_number(value)
    return text if text.startswith("-") or text == "0" else "+" + text


def default_actor(locale: Locale) -> str:
    return locale.gettext("Customer")


def mermaid_text(text: str, actor: bool = False) -> str:
    """Text that cannot end early or start a keyword in a Mermaid journey line."""
    text = " ".join(str(text).split())
    for char, lookalike in (ACTOR_LOOKALIKES if actor else LOOKALIKES).items():
        text = text.replace(char, lookalike)
    text = text.replace("%%", "%" + INERT + "%")
    if KEYWORD_START.match(text):
        text = INERT + text
    return text or "…"


def mermaid_journey(journey: JourneyReport, locale: Locale) -> str:
    """The journey as a Mermaid `journey` block (without a Markdown fence), ending in a newline.

    One section per phase that has steps, one task per step; the actors are the persona (or
    "Customer") and the step's channels. `%%` comment lines (Mermaid skips them) say where
    each score comes from.
    """
    persona = journey.persona.title if journey.persona else default_actor(locale)
    target = journey.journey.state == "to-be"
    _ = locale.gettext
    # Comment lines (Mermaid skips them) in the site's language.
    if target:
        notes = [_("A target state: scores 1..5 from the expected emotion (-3..+3), else 3;")]
    else:
        notes = [
            _("Scores 1..5 from the measured experience (-3..+3) where the answers suffice,"),
            _("else from the expected emotion, else 3;"),
        ]
    notes.append(_("score = round(3 + emotion / 1.5)."))
    for step in journey.steps:
        notes.append(
            _("{step}: {score} from {source}").format(
                step=" ".join(step.step.title.split()),
                score=step_score(step, target),
                source=_score_source(step, locale, target),
            )
        )
    lines = ["journey", *(f"  %% {note}" for note in notes)]
    lines.append(f"  title {mermaid_text(journey.journey.title)}")
    for phase, steps in journey.phases:
        if not steps:
            continue
        lines.append(f"  section {mermaid_text(phase.title or phase.id)}")
        for step in steps:
            actors = dict.fromkeys([persona, *(channel.title for channel in step.channels)])
            names = ", ".join(mermaid_text(actor, actor=True) for actor in actors)
            score = step_score(step, target)
            lines.append(f"    {mermaid_text(step.step.title)}: {score}: {names}")
    return "\n".join(lines) + "\n"


def fenced(block: str) -> str:
    """A Mermaid block as Markdown renders it (GitHub, GitLab, most wikis)."""
    return "```mermaid\n" + block.rstrip("\n") + "\n```\n"


# ---------------------------------------------------------------------------- Mermaid in


def _unescape(text: str, actor: bool = False) -> str:
    for char, lookalike in (ACTOR_LOOKALIKES if actor else LOOKALIKES).items():
        text = text.replace(lookalike, char)
    return clean_text(text.replace(INERT, ""))


def parse_mermaid(text: str, path: Path, problems: Problems) -> ImportedJourney:
    """A Mermaid user journey, bare or in a Markdown file's ```mermaid block.

    Every mistake goes to `problems` with its line in the file: a line that is not part of
    a journey, a task without a score or with one outside 1..5, a task before any section.
    """
    journey = ImportedJourney(title="")
    before = len(problems)
    lines = _journey_lines(text, path, problems)
    if lines is None:
        return journey
    lines, journey.title = _without_front_matter(lines)
    phase_ids = UniqueIds()
    started = False
    headless = 0
    in_description = False
    first_actors: list[str] = []
    for number, raw in lines:
        line = _without_comment(raw)
        stripped = line.strip()
        if in_description:
            in_description = "}" not in stripped
            continue
        if not stripped:
            continue
        if not started:
            started = True
            if stripped.lower() == "journey":
                continue
            problems.add(
                path,
                number,
                f"expected 'journey', found '{stripped}'",
                "a Mermaid user journey starts with the line 'journey'",
            )
            headless = number  # read on, but say no more about this line
        if ";" in line:
            problems.add(
                path,
                number,
                "';' ends the line in Mermaid; the rest would be lost",
                "leave it out or write ','",
                column=line.index(";") + 1,
            )
            line = line[: line.index(";")]
            stripped = line.strip()
            if not stripped:
                continue
        keyword = stripped.split(maxsplit=1)[0].lower() if stripped else ""
        rest = stripped[len(keyword) :].strip()
        if keyword == "journey" and not rest:
            problems.add(path, number, "a second 'journey'", "import one journey per file")
        elif keyword == "title":
            journey.title = _unescape(rest)
        elif ACCESSIBILITY.match(stripped):
            in_description = stripped.endswith("{") or ("{" in stripped and "}" not in stripped)
        elif keyword == "section":
            if ":" in rest:
                problems.add(
                    path,
                    number,
                    "a section name cannot hold ':'",
                    "Mermaid reads the rest as a task; leave the ':' out",
                    column=line.index(":") + 1,
                )
            title = _unescape(rest.replace(":", " "))
            if not title:
                problems.add(path, number, "'section' without a name", "write 'section Kauf'")
                continue
            journey.phases.append((phase_ids.new(title, "phase"), title))
        elif ":" in stripped:
            step = _read_task(line, number, journey, path, problems)
            if step is not None:
                journey.steps.append(step[0])
                first_actors.append(step[1])
        elif journey.phases:
            problems.add(
                path,
                number,
                f"task '{_unescape(stripped)}' has no score",
                "write a task as 'name: score: actors', the score 1..5, e.g. 'Bestellen: 4: Kunde'",
            )
        elif number != headless:
            problems.add(
                path,
                number,
                f"'{stripped}' is not a line of a Mermaid journey",
                "a journey has 'title ...', 'section ...' and tasks 'name: score: actors'",
            )
    if not started:
        problems.add(path, 1, "the file holds no Mermaid journey", "start it with 'journey'")
    elif not journey.steps and len(problems) == before:
        problems.add(path, lines[-1][0], "the journey has no tasks", "add 'name: score' lines")
    journey.title = journey.title or path.stem
    actor = next((a for a in first_actors if a), "")
    journey.persona = "" if actor in DEFAULT_ACTORS else actor
    return journey


def _without_comment(line: str) -> str:
    """The line without Mermaid's comments: '%%...' and '#...' run to the end of the line."""
    cuts = [i for i in (line.find("%%"), line.find("#")) if i >= 0]
    return line[: min(cuts)] if cuts else line


def _read_task(
    line: str, number: int, journey: ImportedJourney, path: Path, problems: Problems
) -> tuple[ImportedStep, str] | None:
    name, _colon, data = line.partition(":")
    title = _unescape(name)
    score_text, _colon, actor_text = data.partition(":")
    score_column = len(name) + 2 + (len(score_text) - len(score_text.lstrip()))
    broken = False
    if not title:
        problems.add(path, number, "a task without a name", "write 'name: score: actors'")
        broken = True
    if not journey.phases:
        problems.add(
            path,
            number,
            f"task '{title}' comes before any section",
            "put a 'section <phase>' line above it; each section becomes a phase",
        )
        broken = True
    score = None
    if not score_text.strip():
        problems.add(
            path,
            number,
            f"task '{title}' has no score",
            "write the score 1..5 after the name: 'name: 4: actors'",
            column=score_column,
        )
    elif not re.fullmatch(r"[+-]?\d+", score_text.strip()):
        problems.add(
            path,
            number,
            f"score '{score_text.strip()}' of task '{title}' is not a whole number",
            "a score is 1 (bad) .. 5 (good)",
            column=score_column,
        )
    elif not 1 <= int(score_text) <= 5:
        problems.add(
            path,
            number,
            f"score {int(score_text)} of task '{title}' is outside 1..5",
            "a score is 1 (bad) .. 5 (good)",
            column=score_column,
        )
    else:
        score = int(score_text)
    if broken or score is None:
        return None
    actors = [_unescape(actor, actor=True) for actor in actor_text.split(",")]
    actors = [actor for actor in actors if actor]
    step = ImportedStep(
        title=title,
        phase=journey.phases[-1][0],
        emotion=score_to_emotion(score),
        channels=tuple(actors[1:]),
        line=number,
    )
    return step, actors[0] if actors else ""


def _journey_lines(text: str, path: Path, problems: Problems) -> list[tuple[int, str]] | None:
    """The numbered lines of the journey: the whole text, or the Markdown block holding it."""
    lines = list(enumerate(text.lstrip("\ufeff").splitlines(), start=1))
    blocks: list[tuple[str, list[tuple[int, str]]]] = []  # (language, lines)
    current: tuple[str, list[tuple[int, str]]] | None = None
    fence = ""
    for number, line in lines:
        closing = line.strip()
        if current is None:
            match = FENCE.match(line)
            if match:
                fence = match.group(1)
                current = (match.group(2).lower(), [])
        elif len(closing) >= len(fence) and set(closing) == {fence[0]}:
            blocks.append(current)
            current = None
        else:
            current[1].append((number, line))
    if current is not None:
        blocks.append(current)  # an unclosed block runs to the end, as in CommonMark
    if not blocks:
        return lines
    journeys = [block for language, block in blocks if language == "mermaid"]
    journeys = [block for block in journeys if _starts_journey(block)]
    if not journeys:
        problems.add(
            path,
            1,
            "no ```mermaid block with a journey in this Markdown file",
            "put the journey in a block that starts with ```mermaid and then 'journey'",
        )
        return None
    if len(journeys) > 1:
        problems.add(
            path,
            journeys[1][0][0],
            f"{len(journeys)} Mermaid journeys in one file",
            "import one journey at a time: keep one block, or export with --journey ID",
        )
        return None
    return journeys[0]


def _without_front_matter(lines: list[tuple[int, str]]) -> tuple[list[tuple[int, str]], str]:
    """The lines after Mermaid's optional front matter ('---', YAML, '---'), and its title."""
    filled = [index for index, (_number, line) in enumerate(lines) if line.strip()]
    if not filled or lines[filled[0]][1].strip() != "---":
        return lines, ""
    start = filled[0] + 1
    end = next((i for i in range(start, len(lines)) if lines[i][1].strip() == "---"), None)
    if end is None:
        return lines, ""
    try:
        data = yaml.safe_load("\n".join(line for _number, line in lines[start:end]))
    except yaml.YAMLError:
        data = None
    title = data.get("title") if isinstance(data, dict) else None
    return lines[end + 1 :], clean_text(str(title)) if title else ""


def _starts_journey(block: list[tuple[int, str]]) -> bool:
    block, _title = _without_front_matter(block)
    for _number, line in block:
        stripped = _without_comment(line).strip()
        if stripped:
            return stripped.lower() == "journey"
    return False
