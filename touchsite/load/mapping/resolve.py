"""A data entry's mapping resolved against a file's columns: the plan for reading it.

Every column the entry names is looked up; each one the file lacks is reported, with the
line of touchsite.yml that names it, and no plan is made.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from touchsite.errors import Problems
from touchsite.load.dates import ISO
from touchsite.load.formats import LAYOUT_TITLES, FileShape
from touchsite.load.formats.layouts import unnamed
from touchsite.load.mapping.columns import (
    LONG_COLUMNS,
    START_DATE,
    default_column,
    default_columns,
    find_column,
    normal,
    submission_column,
)
from touchsite.load.mapping.scores import ScoreRule, number_text
from touchsite.load.mapping.status import QUALTRICS_CHANNEL, StatusRule, statuses
from touchsite.models import KPIS, OVERALL, DataSource, Privacy, ScoreColumn


@dataclass
class Slot:
    """One touchpoint's columns: a wide export has one slot per touchpoint, a long table one."""

    touchpoint: str  # the id; "" when a column holds it
    touchpoint_column: int | None
    scores: dict[str, ScoreRule]
    comments: list[int]
    touchpoint_values: dict[str, str] = field(default_factory=dict)  # normal(value) -> id
    # the rows the comments are read in: a column (and its normal values) naming the open
    # question's rows of a stacked export's answer column; None: every row
    comment_where: tuple[int, frozenset[str]] | None = None

    def wheres(self) -> list[tuple[int, frozenset[str]]]:
        """Every where: of the slot, its scores' and its comments'."""
        found = [rule.where for rule in self.scores.values() if rule.where]
        return found + ([self.comment_where] if self.comment_where else [])


@dataclass
class Plan:
    """A file's mapping, resolved against its columns."""

    shape: FileShape
    respondent: int | None
    date: int | None  # None: every answer has the data entry's fixed date
    date_format: str | None
    segments: list[int]
    variant: int | None
    slots: list[Slot]
    wide: bool
    respondent_prefix: str = ""  # rows are respondents without an id column: ids from rows
    comment_columns: list[str] = field(default_factory=list)
    fixed_date: str = ""
    # where the file's dates read as well with day and month swapped (no day after the
    # 12th): the other order's format, not date_format's assumed one
    other_date_order: str = ""
    survey_start: str = ""
    # the tool's columns marking previews, tests, spam, deleted..., each with its rule
    statuses: list[tuple[int, StatusRule]] = field(default_factory=list)
    not_real: int = 0  # responses it marked so, left out (counted as the chunks are read)
    blank: int = 0  # rows with nothing in the columns read (a spreadsheet's empty rows), skipped
    stray: int = 0  # totals rows and notes among the answers ("Summe", "n = 230"), left out
    # the columns that date a row whose date column is empty, in order (a partial response's
    # start, where it was never submitted)
    date_fallbacks: list[int] = field(default_factory=list)
    # a column that could date the rows left without a date, named in that finding's hint
    # (a start date, where only the submit date is mapped)
    start_date: int | None = None
    # a column of one id per submission, where the respondent's id names a person across
    # submissions (Tally's Submission ID beside its Respondent ID): named in the hint on
    # repeated answers
    submission: int | None = None
    # Qualtrics' Finished and StartDate, where the tool's dates date the rows: a response
    # left unfinished is dated by its start (TOOL_COLUMNS), not when its session expired
    finished: int | None = None
    started: int | None = None

    def needed(self) -> list[int]:
        """The columns read: those mapped, and the first, where a spreadsheet writes what
        its totals row or a note below the answers is ("Summe", "Export erstellt am ...")."""
        return sorted({*self.mapped(), *range(min(1, len(self.shape.columns)))})

    def dating(self) -> list[int]:
        """The columns whose values date a row: the date's, the fallbacks', the start's."""
        if self.date is None:
            return []
        columns = {self.date, *self.date_fallbacks}
        if self.started is not None:
            columns.add(self.started)
        return sorted(columns)

    def mapped(self) -> list[int]:
        columns = set(self.segments)
        named = (self.date, self.respondent, self.variant, self.finished, self.started)
        columns |= {c for c in named if c is not None} | set(self.date_fallbacks)
        columns |= {column for column, _ in self.statuses}
        for slot in self.slots:
            columns |= {rule.column for rule in slot.scores.values()} | set(slot.comments)
            columns |= {where[0] for where in slot.wheres()}
            if slot.touchpoint_column is not None:
                columns.add(slot.touchpoint_column)
        return sorted(columns)

    def column_of(self, slot: int, name: str) -> int | None:
        """The file column a long-table column came from, for problem reports."""
        s = self.slots[slot]
        by_name = {
            "response_id": self.respondent,
            "date": self.date,
            "variant": self.variant,
            "touchpoint": s.touchpoint_column,
            "segment": self.segments[0] if self.segments else None,
            "comment": s.comments[0] if s.comments else None,
        }
        if name in KPIS:
            return s.scores[name].column if name in s.scores else None
        return by_name.get(name)


class _Resolver:
    """Looks up the columns a data entry names; reports each one the file lacks."""

    def __init__(self, shape: FileShape, source: DataSource, config: Path, problems: Problems):
        self.shape, self.source, self.config, self.problems = shape, source, config, problems
        self.ok = True

    def column(self, name: str, key: str, line: int | None = None) -> int | None:
        index = find_column(self.shape, name)
        if index is None:
            self.problems.add(
                self.config,
                line or self.source.line_of(key),
                f"{self.source.path} has no column '{name}' ({key})",
                _did_you_mean(
                    name,
                    self.shape.columns,
                    self.shape.with_sheets(
                        f"'touchsite data inspect {self.source.path}' lists its columns"
                    ),
                ),
            )
            self.ok = False
        return index

    def comments(self, names, allowed, line: int | None = None) -> list[int]:
        """The comment columns named, those the privacy settings let through."""
        found = [self.column(name, "comment", line) for name in names]
        return [c for c in found if c is not None and allowed(self.shape.columns[c])]


def _did_you_mean(name: str, options: list[str], otherwise: str) -> str:
    close = difflib.get_close_matches(name, options, n=1)
    return f"did you mean '{close[0]}'?" if close else otherwise


def plan(
    source: DataSource,
    shape: FileShape,
    scales: dict[str, tuple[int, int]],
    privacy: Privacy,
    touchpoint_ids: set[str],
    config: Path,
    problems: Problems,
    answers: Mapping[str, Mapping[str, float]] = MappingProxyType({}),
) -> Plan | None:
    """Resolve the mapping against the file's columns; None (and problems) if it does not fit.

    `answers` are words each KPI reads as numbers before the mapping's labels (yes and no)."""
    if shape.layout == "long" and not source.mapped:
        return _plain_long(shape, scales, privacy, problems, answers, source)
    find = _Resolver(shape, source, config, problems)
    layout = shape.layout
    # a survey tool's export whose rows each name their touchpoint (Qualtrics' embedded data
    # "Touchpoint", a SurveyMonkey custom variable: one transactional survey for all of them)
    # is one answer per row, read with the tool's header rows and column names
    wide = layout != "long" and not (source.touchpoint or source.scores)
    if wide and not source.touchpoints:
        problems.add(
            shape.path,
            1,
            f"a {LAYOUT_TITLES[layout]} needs a mapping: which column is which touchpoint and KPI",
            shape.with_sheets(
                f"run 'touchsite data inspect {source.path}' and paste its mapping into "
                "touchsite.yml"
            ),
        )
        return None
    if source.respondent:
        respondent = find.column(source.respondent, "respondent")
    else:
        respondent = default_column(shape, "respondent")
    if source.date:
        dates = [find.column(name, "date") for name in (source.date, *source.date_fallbacks)]
    else:
        dates = default_columns(shape, "date")
    date, *fallbacks = dates or [None]
    finished = started = None
    if not source.date and not source.fixed_date:  # the tool's dates: its rule for them
        finished, started = default_column(shape, "finished"), default_column(shape, "started")
        if finished is None or started is None:
            finished = started = None
    if source.fixed_date:
        date, fallbacks = None, []
    elif date is None and not source.date:
        problems.add(
            config,
            source.line,
            f"{source.path}: which column holds the date?",
            "add date: <column> to its data entry, or, for a file without dates, the day "
            "of the survey (date: 2024-05-01)",
        )
        find.ok = False
    segments = [find.column(name, "segment") for name in source.segment]
    variant = find.column(source.variant, "variant") if source.variant else None
    slots: list[Slot] = []
    allowed = _comment_filter(privacy)
    comment_columns: list[str] = []
    if wide:
        for entry in source.touchpoints:
            if entry.touchpoint not in touchpoint_ids | {OVERALL}:
                problems.add(
                    config,
                    entry.line,
                    f"{source.path}: unknown touchpoint '{entry.touchpoint}'",
                    _did_you_mean(
                        entry.touchpoint,
                        sorted(touchpoint_ids),
                        "use the id of a file in content/touchpoints/ (or overall)",
                    ),
                )
                find.ok = False
            rules = _rules(
                entry.scores, source, scales, answers, find, config, problems, entry.line
            )
            comments = find.comments(entry.comments, allowed, entry.line)
            comment_columns += entry.comments
            where = None
            if entry.comment_where is not None and comments:
                name, values = entry.comment_where
                at = find.column(name, "comment: where", entry.line)
                where = None if at is None else (at, frozenset(normal(v) for v in values))
            slots.append(Slot(entry.touchpoint, None, rules, comments, comment_where=where))
        _comments_of_every_row(source, slots, find, config, problems)
    else:
        if layout != "long" and not source.touchpoint and find_column(shape, "touchpoint") is None:
            # scores: alone, in a tool's export: "no column 'touchpoint'" named a key never
            # written, and said nothing of touchpoints:
            problems.add(
                config,
                source.line_of("scores"),
                f"{source.path}: scores: reads one answer per row, and no column names its "
                "touchpoint",
                "add touchpoint: <column> (the embedded data or custom variable naming each "
                "response's touchpoint); where each touchpoint has questions of its own, map "
                f"them under touchpoints: instead ('touchsite data inspect {source.path}' "
                "proposes it)",
            )
            find.ok, touchpoint = False, None
        else:
            touchpoint = find.column(source.touchpoint or "touchpoint", "touchpoint")
        given = source.scores or tuple(
            (kpi, ScoreColumn(kpi)) for kpi in KPIS if find_column(shape, kpi) is not None
        )
        if not given:
            problems.add(config, source.line, f"{source.path}: no score column", "map scores:")
            find.ok = False
        rules = _rules(
            given, source, scales, answers, find, config, problems, source.line_of("scores")
        )
        names = source.comment or (
            ("comment",) if find_column(shape, "comment") is not None else ()
        )
        comment_columns += names
        comments = find.comments(names, allowed)
        values = _touchpoint_values(source, touchpoint_ids, config, problems, find)
        slots.append(Slot("", touchpoint, rules, comments, values))
        if not source.segment and find_column(shape, "segment") is not None:
            segments = [find_column(shape, "segment")]
        if not source.variant:
            variant = find_column(shape, "variant")
    if not find.ok:
        return None
    # a column the mapping reads as answers or groups (an A/B test's `is_test` as the
    # variant) is no tool's flag of responses to leave out, whatever its name; but Qualtrics'
    # DistributionChannel, its own, both groups (a segment by channel) and flags
    read = {*segments, variant}
    for slot in slots:
        read |= {rule.column for rule in slot.scores.values()} | set(slot.comments)
        read |= {where[0] for where in slot.wheres()}
        read.add(slot.touchpoint_column)
    return Plan(
        shape=shape,
        respondent=respondent,
        date=date,
        date_format=ISO if source.fixed_date else source.date_format or None,
        segments=[s for s in segments if s is not None],
        variant=variant,
        slots=slots,
        wide=wide,
        respondent_prefix=f"{source.path}#" if wide and respondent is None else "",
        comment_columns=comment_columns,
        fixed_date=source.fixed_date,
        survey_start=source.survey_start,
        statuses=[(c, r) for c, r in statuses(shape) if c not in read or r is QUALTRICS_CHANNEL],
        date_fallbacks=[c for c in fallbacks if c is not None],
        start_date=_start_date(shape, [date, *fallbacks]) if date is not None else None,
        submission=submission_column(shape, respondent),
        finished=finished,
        started=started,
    )


def _start_date(shape: FileShape, dates: list[int | None]) -> int | None:
    """A column named as a response's start ("Start Date (UTC)", "StartDate", "Time
    Started", "Startzeit") that dates no row yet."""
    return next(
        (
            index
            for index, name in enumerate(shape.columns)
            if index not in dates and START_DATE.search(name)
        ),
        None,
    )


def _comments_of_every_row(source, slots: list[Slot], find, config, problems) -> None:
    """A comment read in every row of a column whose scores are read where another column
    names their question (a stacked export's answer column): its other questions' answers
    ("Sehr zufrieden", "Lieferung") would be published as this touchpoint's comments, and
    its own be reported left out. It needs the open question's where: too."""
    typed = {
        rule.column: rule.where[0]
        for slot in slots
        for rule in slot.scores.values()
        if rule.where is not None
    }
    for slot, entry in zip(slots, source.touchpoints, strict=True):
        if slot.comment_where is not None:
            continue
        for index in slot.comments:
            if index not in typed:
                continue
            name, naming = find.shape.columns[index], find.shape.columns[typed[index]]
            problems.add(
                config,
                entry.line,
                f"{source.path}: {entry.touchpoint}'s comment '{name}' is read in every row, "
                f"the answers of every question '{naming}' names too",
                f'read it in its open question\'s rows alone: comment: {{column: "{name}", '
                f'where: {{"{naming}": "<the open question>"}}}}',
            )
            find.ok = False


def _touchpoint_values(source, touchpoint_ids, config, problems, find) -> dict[str, str]:
    result = {}
    for value, touchpoint in source.touchpoint_values:
        if touchpoint not in touchpoint_ids | {OVERALL}:
            problems.add(
                config,
                source.line_of("touchpoint_values"),
                f"{source.path}: touchpoint_values maps '{value}' to the unknown touchpoint "
                f"'{touchpoint}'",
                _did_you_mean(
                    touchpoint,
                    sorted(touchpoint_ids),
                    "use the id of a file in content/touchpoints/ (or overall)",
                ),
            )
            find.ok = False
        result[normal(value)] = touchpoint
    return result


def _comment_filter(privacy: Privacy):
    if not privacy.comments:
        return lambda name: False
    if privacy.comment_columns is None:
        return lambda name: True
    allowed = {normal(name) for name in privacy.comment_columns}
    return lambda name: normal(name) in allowed


def _answer_labels(answers, kpi: str, *labels) -> dict[str, str]:
    """A column's labels: the KPI's own answer words, then the entry's, then the column's."""
    words = (*answers.get(kpi, {}).items(), *labels)
    return {normal(k): number_text(v) for k, v in words}


def _rules(given, source, scales, answers, find, config, problems, line) -> dict[str, ScoreRule]:
    rules = {}
    for kpi, spec in given:
        index = find.column(spec.column, kpi, line)
        low, high = scales[kpi]
        below = None
        shift = 0
        if spec.scale is not None:
            first, last = spec.scale
            # as many points, numbered otherwise: 1-11 for 0-10 (not yes/no: 1 and 2 say
            # nothing of which is yes)
            if last - first == high - low and first != low and kpi != "binary":
                shift = first - low
            elif last != high or first > low:
                problems.add(
                    config,
                    line,
                    f"{source.path}: {kpi} is asked {low}-{high}, not {first}-{last}",
                    "touchsite does not rescale answers: a scale of as many points is moved "
                    f"onto {low}-{high} ({low + 1}-{high + 1} read as {low}-{high}), a lower "
                    "start with the same top (0-5 for 1-5) marks answers below the scale as "
                    "'not used'",
                )
                find.ok = False
            elif first < low:
                below = first
        labels = _answer_labels(answers, kpi, *source.labels, *spec.labels)
        not_used = {normal(v) for v in (*source.not_used, *spec.not_used)}
        where = None
        if spec.where is not None:
            name, values = spec.where
            at = find.column(name, f"{kpi}: where", line)
            where = None if at is None else (at, frozenset(normal(v) for v in values))
        if index is not None:
            rules[kpi] = ScoreRule(index, labels, not_used, low, below, shift, where=where)
    return rules


def _plain_long(shape, scales, privacy, problems, answers, source) -> Plan | None:
    """touchsite's own long table: its column names, each checked as written; the entry's
    labels and 'not used' words read its answers, as a mapped file's."""
    header = [name.strip().lower() for name in shape.columns]
    ok = True
    for name in ("touchpoint", "date"):
        if name not in header:
            problems.add(
                shape.path,
                1,
                f"missing column '{name}'",
                "the header needs: " + ", ".join(LONG_COLUMNS),
            )
            ok = False
    if not any(kpi in header for kpi in KPIS):
        problems.add(
            shape.path, 1, "no score column", "add at least one of the columns " + ", ".join(KPIS)
        )
        ok = False
    for index, name in enumerate(header):
        # a column without a name (an empty last field after every row) is no mistyped one
        if name not in LONG_COLUMNS and shape.columns[index] != unnamed(index):
            problems.add(
                shape.path,
                1,
                f"unknown column '{shape.columns[index]}'",
                "known columns: " + ", ".join(LONG_COLUMNS),
                column=index + 1,
            )
            ok = False
    if not ok:
        return None

    def at(name: str) -> int | None:
        return header.index(name) if name in header else None

    allowed = _comment_filter(privacy)
    not_used = {normal(word) for word in source.not_used}
    rules = {
        kpi: ScoreRule(
            at(kpi), _answer_labels(answers, kpi, *source.labels), not_used, scales[kpi][0]
        )
        for kpi in KPIS
        if at(kpi) is not None
    }
    comment = at("comment")
    comments = [comment] if comment is not None and allowed("comment") else []
    return Plan(
        shape=shape,
        respondent=at("response_id"),
        date=at("date"),
        date_format=None,  # found from the dates: Excel writes them its way when it saves
        segments=[at("segment")] if at("segment") is not None else [],
        variant=at("variant"),
        slots=[Slot("", at("touchpoint"), rules, comments)],
        wide=False,
        comment_columns=["comment"] if comment is not None else [],
        survey_start=source.survey_start,
    )
