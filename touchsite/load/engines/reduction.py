"""The count reduction as SQL text, written once from a data entry's plan, for any engine.

The query reads the source's columns as the plan maps them (one SELECT per touchpoint slot of
a wide export), keeps the rows that pass every check the pandas path makes (quality.py:
a known touchpoint, a readable and possible date, each answer a whole number on its KPI's
scale) of the responses the survey tool does not mark as a preview, test, spam, screened out
or deleted (mapping/status.py), and counts answers per touchpoint x month x segment x variant
x KPI x score. Its last row counts the rows kept, so the caller can check that both paths
read the same rows.

The SQL is standard but for a few spellings an engine names differently (Dialect): DuckDB
and Spark run it as it is. PostgreSQL lacks what it needs to read an answer as the checks do
(TRY_CAST, a regular expression's \\p{L}): its rows are read and counted in Python, as a
file's are.

A plan that SQL does not express (dates in a format other than YYYY-MM-DD, timestamps in a
fixed offset's zone, columns of other types than text, numbers and dates) returns None: its
rows are counted in Python instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import pyarrow as pa

from touchsite.load import comment_text
from touchsite.load.dates import (
    ISO,
    OFFSET,
    PLACEHOLDER_DAYS,
    ZONE_NAMES,
    clocks,
    day_to_time,
    last_possible_day,
    zone,
)
from touchsite.load.mapping import Plan
from touchsite.load.mapping.scores import ScoreRule, leading_number
from touchsite.load.mapping.status import UNFINISHED, StatusRule
from touchsite.load.text_bytes import is_text
from touchsite.load.white import WHITE, WHITE_SPACE

# scores.LEADING_NUMBER: the number an answer starts with ("10 - Äußerst wahrscheinlich")
LEADING_NUMBER = (
    rf"^([+-]?[0-9]+([.,][0-9]+)?)"
    rf"({WHITE}*($|[-–—=:]{WHITE}*\p{{L}}|\(|/{WHITE}*(10|[1-9]){WHITE}*$)|{WHITE}+\p{{L}})"
)
SPACES = rf"{WHITE}+"
EDGE_SPACE = rf"^{WHITE}|{WHITE}$"  # a value that starts or ends with white space
# A day as dates.ISO reads it (pandas' strptime: four digits for the year, one or two for the
# month and the day), once a time zone is taken off its end as dates.plain takes it off; or
# its day, where a time follows it (dates.TIME_AFTER_DAY). plain takes off a zone's short
# name after a time (dates.NAMED_AFTER_TIME: two to five capitals, not "AM" or "PM" alone,
# or "Uhr"), then a zone (dates.zone; on a 24-hour clock an offset right after it too; after
# an AM or a PM, not one right after its letter): an offset with a colon reads as a time
# ("+01:00 Uhr" loses both)
_OFFSET_AFTER = r"[+-][0-9]{1,2}(?::?[0-9]{2})?"
_SHORT_NAME = (
    rf"(?:(?:[A-Z]{{3,5}}|[B-OQ-Z][A-Z]|[AP][A-LN-Z])(?:{_OFFSET_AFTER})?"
    rf"|(?:AM|PM){_OFFSET_AFTER}|Uhr)"
)
_COLON_ZONE = rf"(?:(?:{ZONE_NAMES})[+-][0-9]{{1,2}}|[+-][0-9]{{2}}):[0-9]{{2}}"
_THEN_NAME = rf"{WHITE}*{_COLON_ZONE}{WHITE}{_SHORT_NAME}"  # one white: plain keeps more
_AFTER_DAY = rf"(?:{zone(WHITE)}|{_THEN_NAME})"
_CLOCK_24, _CLOCK_12 = clocks(WHITE)
_AFTER_24 = rf"(?:{zone(WHITE)}|{OFFSET}|{WHITE}+(?:{_SHORT_NAME}|Z)|{_THEN_NAME})"
_AFTER_12 = (
    rf"(?:{WHITE}+(?:{_SHORT_NAME}|Z|[+-][0-9]{{2}}:[0-9]{{2}})|{WHITE}{{2,}}{OFFSET}"
    rf"|{WHITE}+{_THEN_NAME})"
)
_TIME = rf"{day_to_time(WHITE)}(?:{_CLOCK_24}{_AFTER_24}?|{_CLOCK_12}{_AFTER_12}?)"
ISO_DAY = rf"^([0-9]{{4}}-[0-9]{{1,2}}-[0-9]{{1,2}})(?:{_AFTER_DAY}|{_TIME})?$"
# What Python's casefold makes of the Latin and Greek letters SQL's LOWER leaves as they are
# (or makes 'ß' of): a label "Weiß nicht" matches "WEISS NICHT" in either
CASE_FOLDS = {"ß": "ss", "ſ": "s", "µ": "μ", "ς": "σ"}
KEPT = "(rows kept)"  # the kpi of the last row: the count of rows kept
UTC = ("UTC", "Etc/UTC", "+00:00", "Z")  # a timestamp's zone that is UTC, as Arrow names it


@dataclass(frozen=True)
class Dialect:
    """How an engine spells what standard SQL leaves open."""

    quote: str  # around a column's name
    text_type: str
    backslash_escapes: bool = False  # string literals read \\ as one backslash
    global_flag: bool = False  # REGEXP_REPLACE replaces the first match unless told 'g'
    # the engine runs the counting query: it has TRY_CAST, REGEXP_EXTRACT and \\p{L}
    counts: bool = True
    # a zoned timestamp's wall-clock time in a named zone ({value}, {zone}), its session's
    # zone being UTC
    local_time: str = ""
    trim_from: bool = False  # TRIM(BOTH characters FROM value), not TRIM(value, characters)
    # how a common table expression read more than once is computed once, not for each
    # reader (DuckDB read the kept rows anew for each KPI's count: 2.5 times the time)
    materialized: str = ""

    def column(self, name: str) -> str:
        return f"{self.quote}{name.replace(self.quote, self.quote * 2)}{self.quote}"

    def replace_all(self, value: str, pattern: str, by: str) -> str:
        flags = ", 'g'" if self.global_flag else ""
        return f"REGEXP_REPLACE({value}, {self.text(pattern)}, {self.text(by)}{flags})"

    def trim(self, value: str) -> str:
        """`value` without the WHITE_SPACE it starts and ends with. Only a value that starts
        or ends with some is trimmed: TRIM of a set of characters reads each value's
        characters one by one (DuckDB: 1.3 s for 3,000,000 touchpoint ids, the test 0.2 s)."""
        if self.trim_from:
            trimmed = f"TRIM(BOTH {self.text(WHITE_SPACE)} FROM {value})"
        else:
            trimmed = f"TRIM({value}, {self.text(WHITE_SPACE)})"
        edge = f"REGEXP_EXTRACT({value}, {self.text(EDGE_SPACE)}, 0)"
        return f"CASE WHEN {edge} <> '' THEN {trimmed} ELSE {value} END"

    def text(self, value: str) -> str:
        if self.backslash_escapes:
            value = value.replace("\\", "\\\\")
        return "'" + value.replace("'", "''") + "'"


DUCKDB = Dialect(
    '"',
    "VARCHAR",
    global_flag=True,
    local_time="timezone({zone}, {value})",
    materialized="MATERIALIZED ",
)
SPARK = Dialect(
    "`",
    "STRING",
    backslash_escapes=True,
    local_time="from_utc_timestamp({value}, {zone})",
    trim_from=True,
)
# PostgreSQL's regular expressions know no \\p{L} and it has no TRY_CAST: its rows are
# counted by the Python code that counts a CSV's
POSTGRES = Dialect('"', "TEXT", global_flag=True, counts=False)


def counts_sql(
    view: str,
    plan: Plan,
    schema: pa.Schema,
    touchpoints: list[str],
    scales: dict[str, tuple[int, int]],
    dialect: Dialect,
) -> str | None:
    """The query, or None where the plan or the engine needs Python (see the module's
    docstring)."""
    if not dialect.counts:
        return None
    try:
        parts = [_slot_sql(view, plan, schema, slot, scales, dialect) for slot in plan.slots]
    except _NotExpressible:
        return None
    long = "\n  UNION ALL\n  ".join(parts)
    latest = last_possible_day().isoformat()
    valid = [
        f"touchpoint IN ({', '.join(dialect.text(tp) for tp in touchpoints)})",
        "day IS NOT NULL",
        f"day NOT IN ({', '.join(f'DATE {dialect.text(day)}' for day in PLACEHOLDER_DAYS)})",
        f"day <= DATE '{latest}'",
    ]
    if plan.survey_start:
        valid.append(f"day >= DATE '{plan.survey_start}'")
    # a score on its scale; one given but not on it leaves out that answer alone, and its
    # row only where nothing else in it is used (quality.check_rows)
    read = {
        kpi: f"(g_{kpi} AND s_{kpi} IS NOT NULL AND s_{kpi} = FLOOR(s_{kpi})"
        f" AND s_{kpi} >= {low} AND s_{kpi} <= {high})"
        for kpi, (low, high) in scales.items()
    }
    unread = " OR ".join(f"(g_{kpi} AND NOT {ok})" for kpi, ok in read.items()) or "FALSE"
    valid.append(f"(NOT ({unread}) OR {' OR '.join([*read.values(), 'c'])})")
    counted = [
        f"SELECT touchpoint, period, segment, variant, '{kpi}' AS kpi,"
        f" CAST(s_{kpi} AS BIGINT) AS score, COUNT(*) AS n FROM kept WHERE {read[kpi]}"
        f" GROUP BY touchpoint, period, segment, variant, s_{kpi}"
        for kpi in scales
    ]
    counted.append(f"SELECT '', '', '', '', '{KEPT}', CAST(0 AS BIGINT), COUNT(*) AS n FROM kept")
    return (
        f"WITH long AS (\n  {long}\n),\nkept AS {dialect.materialized}(\n"
        f"  SELECT touchpoint, SUBSTR(CAST(day AS {dialect.text_type}), 1, 7) AS period,"
        f" segment, variant, {', '.join(f's_{kpi}, g_{kpi}' for kpi in scales)}\n"
        f"  FROM long WHERE {' AND '.join(valid)}\n)\n" + "\nUNION ALL\n".join(counted)
    )


class _NotExpressible(Exception):
    pass


def _slot_sql(view, plan: Plan, schema, slot, scales, dialect: Dialect) -> str:
    def text(index: int | None, trimmed: bool = True) -> str:
        if index is None:
            return "''"
        name = plan.shape.columns[index]
        kind = schema.field(name).type
        column = dialect.column(name)
        if is_text(kind):
            value = f"COALESCE({column}, '')"
            return dialect.trim(value) if trimmed else value
        # a boolean as Arrow writes it (true, false), as each engine casts it: Wootric's
        # excluded_from_calculations, as its API gives it
        if pa.types.is_integer(kind) or pa.types.is_boolean(kind):
            return f"COALESCE(CAST({column} AS {dialect.text_type}), '')"
        raise _NotExpressible

    def joined(indices: list[int]) -> str:
        if len(indices) <= 1:
            return text(indices[0] if indices else None)
        parts = ", ".join(f"NULLIF({text(index)}, '')" for index in indices)
        return f"COALESCE(CONCAT_WS(' / ', {parts}), '')"

    commented = [_comment(text(index), dialect) for index in slot.comments]
    if slot.comment_where is not None and commented:  # the open question's rows alone
        at, values = slot.comment_where
        listed = ", ".join(dialect.text(value) for value in sorted(values))
        named = f"{_normal(text(at), dialect)} IN ({listed})"
        commented = [f"({named} AND {said})" for said in commented]

    if slot.touchpoint_column is None:
        touchpoint = dialect.text(slot.touchpoint)
    else:
        touchpoint = text(slot.touchpoint_column)
        if slot.touchpoint_values:
            cases = " ".join(
                f"WHEN {dialect.text(key)} THEN {dialect.text(value)}"
                for key, value in slot.touchpoint_values.items()
            )
            touchpoint = f"CASE {_normal(touchpoint, dialect)} {cases} ELSE {touchpoint} END"
    columns = [
        f"{touchpoint} AS touchpoint",
        f"{_day(plan, schema, dialect, text)} AS day",
        f"{joined(plan.segments)} AS segment",
        f"{text(plan.variant)} AS variant",
        f"({' OR '.join(commented) or 'FALSE'}) AS c",
    ]
    given = []
    for kpi in scales:
        rule = slot.scores.get(kpi)
        if rule is None:
            columns += [f"CAST(NULL AS DOUBLE) AS s_{kpi}", f"FALSE AS g_{kpi}"]
            continue
        number, answered = _score(plan, schema, rule, dialect, text)
        columns += [f"CASE WHEN {answered} THEN {number} END AS s_{kpi}", f"{answered} AS g_{kpi}"]
        given.append(answered)
    kept = []
    for status, rule in plan.statuses:  # the survey tool's previews, tests, spam... (status.py)
        # the pattern reads white space around a value as Arrow's does: no TRIM to pay for
        kept.append(f"NOT {_marked(text(status, trimmed=False), rule, dialect)}")
    if plan.wide:  # a respondent who did not answer for this touchpoint has no row for it
        kept.append(f"({' OR '.join([*given, *commented]) or 'FALSE'})")
    where = f" WHERE {' AND '.join(kept)}" if kept else ""
    return f"SELECT {', '.join(columns)} FROM {view}{where}"


def _marked(value: str, rule: StatusRule, dialect: Dialect) -> str:
    """Whether a Status column's `value` marks a response left out, by the pattern Arrow
    tests a file's rows with (status.marked_not_real)."""
    return f"(REGEXP_EXTRACT({value}, {dialect.text(rule.pattern)}, 0) <> '')"


def _day(plan: Plan, schema, dialect: Dialect, text) -> str:
    if plan.date is None:
        return f"DATE {dialect.text(plan.fixed_date)}" if plan.fixed_date else "CAST(NULL AS DATE)"
    if not plan.date_fallbacks:
        day = _day_of(plan.date, plan, schema, dialect, text)[1]
    else:
        # the first date column filled dates the row, read or not (long_table._first_filled)
        cases = " ".join(
            f"WHEN {filled} THEN {day}"
            for filled, day in (
                _day_of(index, plan, schema, dialect, text)
                for index in (plan.date, *plan.date_fallbacks)
            )
        )
        day = f"CASE {cases} END"
    if plan.finished is None or plan.started is None:
        return day
    # Qualtrics: a response left unfinished is dated by its start, where it has one
    # (long_table._started_if_unfinished)
    filled, started = _day_of(plan.started, plan, schema, dialect, text)
    late = _unfinished(plan, schema, dialect, text)
    return f"CASE WHEN {late} AND {filled} THEN {started} ELSE {day} END"


def _unfinished(plan: Plan, schema, dialect: Dialect, text) -> str:
    """Whether Qualtrics' Finished column says a row's response was left unfinished, as
    status.unfinished reads the column's text (a boolean's as false, a number's as 0)."""
    name = plan.shape.columns[plan.finished]
    if pa.types.is_boolean(schema.field(name).type):
        return f"COALESCE(NOT {dialect.column(name)}, FALSE)"
    return _marked(text(plan.finished, trimmed=False), UNFINISHED, dialect)


def _day_of(index: int, plan: Plan, schema, dialect: Dialect, text) -> tuple[str, str]:
    """Whether a date column holds a value in the row, and the day it reads."""
    name = plan.shape.columns[index]
    kind = schema.field(name).type
    filled = f"{dialect.column(name)} IS NOT NULL"
    if pa.types.is_timestamp(kind) and kind.tz not in (None, *UTC):
        # its day where it was given, as the rows are dated (parquet_file.as_text): in the
        # zone the file declares. A fixed offset ("+01:00") is no zone every engine names
        # alike: Python counts those rows.
        if not _named_zone(kind.tz):
            raise _NotExpressible
        local = dialect.local_time.format(value=dialect.column(name), zone=dialect.text(kind.tz))
        return filled, f"CAST({local} AS DATE)"
    if pa.types.is_timestamp(kind) or pa.types.is_date(kind):
        return filled, f"CAST({dialect.column(name)} AS DATE)"
    if plan.date_format != ISO:
        raise _NotExpressible
    # only what the format reads: SQL's cast takes '2026/01/05' and '2026-01-05 10' too
    day = f"REGEXP_EXTRACT({text(index)}, {dialect.text(ISO_DAY)}, 1)"
    return f"{text(index)} <> ''", f"TRY_CAST(NULLIF({day}, '') AS DATE)"


def _named_zone(zone: str) -> bool:
    """Whether `zone` is a time zone of the IANA database ("Europe/Berlin")."""
    try:
        ZoneInfo(zone)
    except (ValueError, ZoneInfoNotFoundError):
        return False
    return True


def _score(plan: Plan, schema, rule: ScoreRule, dialect: Dialect, text) -> tuple[str, str]:
    """A score column's number and whether it was answered, as ScoreRule.read reads it."""
    name = plan.shape.columns[rule.column]
    kind = schema.field(name).type
    if pa.types.is_integer(kind) or pa.types.is_floating(kind):
        keys = [*rule.labels, *rule.not_used]
        if any(leading_number(key) is not None for key in keys):
            raise _NotExpressible  # a number that is a label or means 'not used'
        number = _shifted(f"CAST({dialect.column(name)} AS DOUBLE)", rule)
        answered = f"{dialect.column(name)} IS NOT NULL"
    else:
        value = text(rule.column)
        key = _normal(value, dialect)
        extracted = f"REGEXP_EXTRACT({value}, {dialect.text(LEADING_NUMBER)}, 1)"
        number = _shifted(f"TRY_CAST(REPLACE({extracted}, ',', '.') AS DOUBLE)", rule)
        if rule.labels:
            cases = " ".join(
                f"WHEN {dialect.text(label)} THEN {float(score)!r}"
                for label, score in rule.labels.items()
            )
            number = f"CASE {key} {cases} ELSE {number} END"
        answered = f"{value} <> ''"
        if rule.not_used:
            listed = ", ".join(dialect.text(word) for word in sorted(rule.not_used))
            answered += f" AND {key} NOT IN ({listed})"
    if rule.not_used_below is not None:
        answered += f" AND NOT COALESCE({number} >= {rule.not_used_below}"
        answered += f" AND {number} < {rule.low}, FALSE)"
    if rule.where is not None:  # the rows another column names as this KPI's
        at, values = rule.where
        listed = ", ".join(dialect.text(value) for value in sorted(values))
        answered += f" AND {_normal(text(at), dialect)} IN ({listed})"
    return number, f"({answered})"


def _shifted(number: str, rule: ScoreRule) -> str:
    """A number answered on a scale numbered from elsewhere, moved onto the KPI's."""
    return f"({number} - {rule.shift})" if rule.shift else number


def _comment(value: str, dialect: Dialect) -> str:
    """Whether a comment column's answer is a comment, as comment_text.comments_only reads
    it: with a letter once its markup is taken out, and no answer that says there is none
    once a short one's signature is (a footer alone, or "n/a" and a footer, is none).
    As there, only a short answer with a letter is compared with those answers: a CASE
    reads its branches in turn, where AND may read both sides of every row (the empty
    answers of most rows included: 1.4 s more for 3,000,000 rows in DuckDB)."""
    plain = dialect.replace_all(value, comment_text.MARKUP, "\n")
    listed = ", ".join(dialect.text(answer) for answer in sorted(comment_text.NO_COMMENT))

    def extract(text: str, pattern: str) -> str:
        return f"REGEXP_EXTRACT({text}, {dialect.text(pattern)}, 0)"

    def kept_whole(text: str) -> str:  # as comment_text.kept_whole
        return (
            f"({extract(text, comment_text.PRAISED)} <> ''"
            f" AND {extract(text, comment_text.FOOTER_ENDED)} = '')"
        )

    # as comment_text._unsigned: what the first cut leaves is not cut where it is praise
    # after thanks ("Danke, Prima\nSent from my iPhone")
    unsigned = dialect.replace_all(plain, comment_text.SIGNATURE, "")
    for _ in range(comment_text.CUTS - 1):
        cut = dialect.replace_all(unsigned, comment_text.SIGNATURE, "")
        unsigned = f"(CASE WHEN {kept_whole(unsigned)} THEN {unsigned} ELSE {cut} END)"

    def said(text: str) -> str:  # whether a text with a letter says more than "n/a"
        key = dialect.trim(dialect.replace_all(f"LOWER({text})", comment_text.BETWEEN_WORDS, " "))
        return (
            f"(CASE WHEN LENGTH({text}) > {comment_text.LONGEST + 8} THEN TRUE"
            f" ELSE {key} NOT IN ({listed}) END)"
        )

    # An answer is cut only where it ends in a signature: the cut, written out three times
    # (the engines compute it for each), cost DuckDB 1 s more for a million comments.
    return (
        f"(CASE WHEN {extract(plain, comment_text.LETTER)} = '' THEN FALSE"
        f" WHEN LENGTH({plain}) > {comment_text.LONGEST_SIGNED} THEN TRUE"
        f" WHEN {extract(plain, comment_text.SIGNATURE)} = ''"
        f" OR {kept_whole(plain)} THEN {said(plain)}"
        f" WHEN {extract(unsigned, comment_text.LETTER)} = ''"
        f" AND {extract(plain, comment_text.THANKS_FIRST)} = '' THEN FALSE"
        f" ELSE {said(unsigned)} END)"
    )


def _normal(value: str, dialect: Dialect) -> str:
    """mapping.normal in SQL: case folded, inner white space as one space."""
    folded = f"LOWER({dialect.replace_all(value, SPACES, ' ')})"
    for letter, fold in CASE_FOLDS.items():
        folded = f"REPLACE({folded}, {dialect.text(letter)}, {dialect.text(fold)})"
    return folded
