"""The `data:` and `privacy:` sections of touchsite.yml: which files, how to read them.

A data entry without a mapping is touchsite's own long table. A mapping names the file's
columns: the respondent, the date, the segment(s), and either the touchpoint and score columns
of a long table or, for a wide export, each touchpoint's columns.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
from pathlib import Path
from typing import Any

from touchsite.errors import Problems
from touchsite.load.fields import Field, read_fields
from touchsite.load.layout_names import LAYOUTS
from touchsite.load.yamlsource import YamlList, YamlMap, written
from touchsite.models import KPIS, DataSource, Privacy, ScoreColumn, TouchpointColumns

# date_format for a spreadsheet's day numbers, and for Unix time (touchsite.load.dates reads
# them)
EXCEL = "excel"
UNIX = "unix"

# A date format as Excel and most tools write one ("TT.MM.JJJJ hh:mm"), in Python's codes
_WRITTEN_FORMAT = re.compile(r"am/pm|yyyy|jjjj|yy|jj|dd?|tt?|hh?|mm?|ss?|[a-z]", re.IGNORECASE)
_FORMAT_CODES = {"yyyy": "%Y", "jjjj": "%Y", "yy": "%y", "jj": "%y", "am/pm": "%p"}
_FORMAT_CODES |= {"dd": "%d", "d": "%d", "tt": "%d", "t": "%d", "ss": "%S", "s": "%S"}


def strptime_format(written: str) -> str:
    """A date format written as in Excel ("DD.MM.YYYY", German "TT.MM.JJJJ", "M/D/YYYY h:mm
    AM/PM") in Python's strptime codes ("%d.%m.%Y"); "" when it holds other letters."""
    twelve_hours = "am/pm" in written.lower()
    text, last = "", 0
    for found in _WRITTEN_FORMAT.finditer(written):
        token = found.group(0).lower()
        if token in ("h", "hh"):
            code = "%I" if twelve_hours else "%H"
        elif token in ("m", "mm"):  # minutes after the hours, else the month
            code = "%M" if written[: found.start()].rstrip(":").lower().endswith("h") else "%m"
        elif not (code := _FORMAT_CODES.get(token, "")):
            return ""
        text, last = text + written[last : found.start()] + code, found.end()
    return text + written[last:] if last else ""


ENGINES = ("pandas", "duckdb", "spark", "postgres")
# Engines that read a database's table, not a file: the database is named by the engine's own
# settings (for PostgreSQL libpq's PGHOST, PGDATABASE, PGUSER ... or PGSERVICE), never here
DATABASES = ("postgres",)

DATA_FIELDS = (
    Field("path", "str", "a data file, relative to the project (required but for a database)"),
    Field(
        "format",
        "str",
        "the export's layout, or reduced (default: detected)",
        choices=(*LAYOUTS, "reduced"),
    ),
    Field("sheet", "str", "XLSX: the worksheet's name (default: the first)"),
    Field("encoding", "str", "CSV: the text encoding, e.g. cp1252 (default: detected)"),
    Field("separator", "str", "CSV: the field separator, e.g. ';' (default: detected)"),
    Field(
        "date_format",
        "str",
        "how dates are written, e.g. '%d.%m.%Y', or excel for a spreadsheet's day numbers, "
        "unix for seconds (or milliseconds) since 1970 (default: detected)",
    ),
    Field("respondent", "str", "the column with the respondent's (response) id"),
    Field(
        "date",
        "list",
        "the column with the answer's date (a list of columns: the first filled one dates the "
        "row), or the date of every answer",
    ),
    Field("wave", "str", "the survey wave's name, shown with the file, e.g. 'Frühjahr 2024'"),
    Field("survey_start", "date", "the survey's first day: earlier dates are data problems"),
    Field("header_rows", "int", "how many header rows (default: detected)", minimum=1, maximum=9),
    Field("segment", "list", "the column(s) with the customer segment"),
    Field("variant", "str", "the column with an A/B test's variant"),
    Field("touchpoint", "str", "a long table's column with the touchpoint id"),
    Field("touchpoint_values", "map", "a long table's touchpoint values -> touchpoint ids"),
    Field("scores", "map", "a long table's score columns: nps, csat, ces, binary -> column"),
    Field("comment", "list", "a long table's comment column(s)"),
    Field("touchpoints", "map", "a wide export's columns: touchpoint -> nps, csat, ces, comment"),
    Field("labels", "map", "answer labels -> numbers, e.g. 'Sehr zufrieden': 5"),
    Field(
        "engine",
        "str",
        "what reads and counts the file: pandas, duckdb or spark (default: pandas for a "
        "file, duckdb for a Parquet folder or a DuckDB database); postgres reads a "
        "PostgreSQL table",
        choices=ENGINES,
    ),
    Field(
        "table",
        "str",
        "a DuckDB database's table (path names the .duckdb file), or a PostgreSQL table "
        "or view (engine: postgres)",
    ),
    Field("not_used", "list", "answers meaning 'not used' or 'don't know', left empty"),
)

TOUCHPOINT_COLUMN_FIELDS = (
    Field("nps", "raw", "the NPS question's column (0-10)"),
    Field("csat", "raw", "the CSAT question's column (1-5)"),
    Field("ces", "raw", "the CES question's column (kpis.ces_scale)"),
    Field("binary", "raw", "the yes/no question's column (kpis.binary)"),
    Field(
        "comment",
        "raw",
        "the comment column(s) about this touchpoint; or {column: ..., where: {...}}: a "
        "column of several questions' answers, read in the rows another column names",
    ),
)

SCORE_FIELDS = (
    Field("column", "str", "the column's name (its header)", required=True),
    Field(
        "scale",
        "str",
        "the answers as asked, e.g. 0-5: below the KPI's scale = not used; 1-11 for a 0-10 "
        "question coded from 1",
    ),
    Field("labels", "map", "this column's answer labels -> numbers"),
    Field("not_used", "list", "this column's answers meaning 'not used', left empty"),
    Field(
        "where",
        "map",
        "only the rows whose column holds one of these values, e.g. {'Survey type': NPS}: "
        "a rating column of several KPIs, each row's named in another column",
    ),
)

PRIVACY_FIELDS = (
    Field("comments", "bool", "false keeps every comment out of the site", default=True),
    Field("comment_columns", "list", "only these comment columns are published"),
)

ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SCALE = re.compile(r"^\s*(\d+)\s*(?:-|–|\.\.)\s*(\d+)\s*$")


def read_sources(
    items: Any, path: Path, problems: Problems, line: int = 1
) -> tuple[DataSource, ...]:
    if not items:
        return ()
    if not isinstance(items, list):
        problems.add(
            path,
            getattr(items, "line", line),
            "'data' must be a list of entries",
            "write each file on its own line as '- path: data/<file>.csv'",
        )
        return ()
    lines = items.item_lines if isinstance(items, YamlList) else [1] * len(items)
    sources = []
    for index, (item, line) in enumerate(zip(items, lines, strict=True), start=1):
        source = _read_source(item, path, problems, f"data[{index}]", line)
        if source is not None:
            sources.append(source)
    return tuple(sources)


def read_privacy(data: Any, path: Path, problems: Problems, line: int) -> Privacy:
    values = read_fields(data or {}, PRIVACY_FIELDS, path, problems, "privacy", line=line)
    columns = values["comment_columns"]
    return Privacy(values["comments"], tuple(columns) if columns is not None else None, line)


def _read_source(item: Any, path: Path, problems: Problems, what: str, line: int):
    values = read_fields(item, DATA_FIELDS, path, problems, what, line=line)
    key_lines = {key: item.line_of(key) for key in item} if isinstance(item, YamlMap) else {}

    def where(key: str) -> int:
        return key_lines.get(key, line)

    # given, if not as text (reported where it was read); an empty one names no file
    written = isinstance(item, dict) and item.get("path") not in (None, "")
    source_path = _source_path(values, written, path, problems, what, line, where)
    if source_path is None:
        return None
    encoding = values["encoding"] or ""
    if encoding:
        try:
            codecs.lookup(encoding)
        except LookupError:
            problems.add(
                path, where("encoding"), f"{what}: unknown encoding '{encoding}'", _ENCODINGS
            )
            encoding = ""
    separator = values["separator"] or ""
    if separator.lower() in ("tab", "\\t"):
        separator = "\t"
    if len(separator) > 1:
        problems.add(
            path,
            where("separator"),
            f"{what}: separator must be one character, not '{separator}'",
            "e.g. separator: ';' or separator: tab",
        )
        separator = ""
    date_format = values["date_format"] or ""
    if date_format and "%" not in date_format and date_format not in (EXCEL, UNIX):
        meant = strptime_format(date_format)
        problems.add(
            path,
            where("date_format"),
            f"{what}: date_format '{date_format}' has no % field",
            f"write '{meant}'"
            if meant
            else "write it like '%d.%m.%Y' (31.12.2026) or '%m/%d/%Y' (12/31/2026), or "
            f"'{EXCEL}' for a spreadsheet's day numbers, '{UNIX}' for seconds since 1970",
        )
        date_format = ""
    labels = _labels(values["labels"], path, problems, what, where("labels"))
    date, *date_fallbacks = values["date"] or ("",)
    fixed_date = ""
    if ISO_DATE.match(date) and not date_fallbacks:
        try:
            fixed_date = dt.date.fromisoformat(date).isoformat()
        except ValueError:
            problems.add(
                path, where("date"), f"{what}: '{date}' is no date", "write it as YYYY-MM-DD"
            )
        date = ""
    elif any(ISO_DATE.match(name) for name in (date, *date_fallbacks)):
        problems.add(
            path,
            where("date"),
            f"{what}: date lists columns, the first filled one dating a row; "
            f"'{next(n for n in (date, *date_fallbacks) if ISO_DATE.match(n))}' is a day",
            "a day that dates every answer is given alone (date: 2024-05-01); else list the "
            'columns, e.g. date: ["Submit Date (UTC)", "Start Date (UTC)"]',
        )
        date, date_fallbacks = "", []
    touchpoint_values = _touchpoint_values(values["touchpoint_values"], path, problems, what)
    scores = tuple(
        (kpi, spec)
        for kpi, spec in _scores(values["scores"] or {}, path, problems, f"{what}.scores")
    )
    touchpoints = _touchpoints(values["touchpoints"], path, problems, what, where("touchpoints"))
    if touchpoints and (values["touchpoint"] or touchpoint_values or scores or values["comment"]):
        problems.add(
            path,
            where("touchpoints"),
            f"{what}: 'touchpoints' maps a wide export; 'touchpoint', 'scores' and 'comment' "
            "map a long table",
            "use one or the other: a wide export's comments go under their touchpoint",
        )
    return DataSource(
        path=source_path,
        line=line,
        format=values["format"] or "",
        sheet=values["sheet"] or "",
        encoding=encoding,
        separator=separator,
        date_format=date_format,
        respondent=values["respondent"] or "",
        date=date,
        date_fallbacks=tuple(date_fallbacks),
        fixed_date=fixed_date,
        survey_start=values["survey_start"].isoformat() if values["survey_start"] else "",
        header_rows=values["header_rows"] or 0,
        wave=values["wave"] or "",
        segment=values["segment"] or (),
        variant=values["variant"] or "",
        touchpoint=values["touchpoint"] or "",
        touchpoint_values=touchpoint_values,
        comment=values["comment"] or (),
        scores=scores,
        touchpoints=touchpoints,
        labels=labels,
        not_used=values["not_used"] or (),
        engine=values["engine"] or "",
        table=values["table"] or "",
        key_lines=key_lines,
    )


def _source_path(values, written: bool, path: Path, problems: Problems, what, line, where):
    """The entry's file, or for a database's table the name it goes by in messages and on the
    site (postgres:survey.answers); None, reported, where the entry names neither. `written`:
    the entry has a path, read or not."""
    engine, table = values["engine"], values["table"]
    if engine not in DATABASES:
        if not written:
            problems.add(
                path,
                line,
                f"{what} is missing the required key 'path'",
                "add 'path:' (a data file, relative to the project)",
            )
        return values["path"] or None
    if values["path"]:
        problems.add(
            path,
            where("path"),
            f"{what}: engine: {engine} reads a table of a database, not the file "
            f"'{values['path']}'",
            "leave path out and name the table (table: survey.answers); PGHOST, PGDATABASE, "
            "PGUSER and PGPASSWORD (or PGSERVICE) name the database",
        )
        return None
    if not table:
        problems.add(
            path,
            line,
            f"{what}: engine: {engine} needs the table to read",
            "add table: with the table's or view's name, e.g. table: survey.answers",
        )
        return None
    return database_name(engine, table)


def database_name(engine: str, table: str) -> str:
    """What a database's table is called in messages, on the site and on the command line
    (`touchsite data inspect postgres:survey.answers`)."""
    return f"{engine}:{table}"


def database_table(name: str) -> tuple[str, str] | None:
    """The engine and table a database_name names; None for a file's path."""
    engine, colon, table = name.partition(":")
    return (engine, table) if colon and engine in DATABASES and table else None


def _touchpoint_values(data: Any, path: Path, problems: Problems, what: str):
    """A long table's touchpoint column values (an aspect, a service) -> touchpoint ids."""
    result = []
    for value, touchpoint in (data or {}).items():
        if not isinstance(touchpoint, str) or not touchpoint.strip():
            problems.add(
                path,
                data.line_of(value) if isinstance(data, YamlMap) else 1,
                f"{what}.touchpoint_values: '{value}' must map to a touchpoint id",
                f'e.g. "{value}": <the id of a file in content/touchpoints/>',
            )
            continue
        result.append((str(value), touchpoint.strip()))
    return tuple(result)


_ENCODINGS = "common ones: utf-8, utf-8-sig (with BOM), cp1252 (German Excel), latin-1, utf-16"


def _touchpoints(data: Any, path: Path, problems: Problems, what: str, line: int):
    if not data:
        return ()
    result = []
    for touchpoint, entry in data.items():
        entry_line = data.line_of(touchpoint) if isinstance(data, YamlMap) else line
        label = f"{what}.touchpoints.{touchpoint}"
        if isinstance(entry, str):
            problems.add(
                path,
                entry_line,
                f"{label} must name its columns by KPI",
                f'write e.g. {touchpoint}: {{csat: "{entry}"}}',
            )
            continue
        values = read_fields(entry, TOUCHPOINT_COLUMN_FIELDS, path, problems, label, entry_line)
        scores = _scores(
            {kpi: values[kpi] for kpi in KPIS if values[kpi] is not None},
            path,
            problems,
            label,
            entry_line,
        )
        comments, where = _comment(entry, values["comment"], path, problems, label, entry_line)
        if not scores and not comments:
            problems.add(path, entry_line, f"{label} names no column", "add a KPI or comment")
            continue
        result.append(TouchpointColumns(str(touchpoint), scores, comments, entry_line, where))
    return tuple(result)


COMMENT_FIELDS = (
    Field("column", "str", "the comment column's name (its header)", required=True),
    Field(
        "where",
        "map",
        "only the rows whose column holds one of these values, e.g. {Frage: 'Was können "
        "wir besser machen?'}: a column of several questions' answers",
    ),
)


def _comment(entry: Any, data: Any, path: Path, problems: Problems, what: str, line: int):
    """A touchpoint's comment columns, and the rows they are read in (None: every row): a
    name or a list of names, or one column with its `where:`, as a stacked export's answer
    column holds the open question's answers in its rows alone."""
    line = entry.line_of("comment") if isinstance(entry, YamlMap) else line
    if not data:
        return (), None
    if isinstance(data, dict):
        values = read_fields(data, COMMENT_FIELDS, path, problems, f"{what}.comment", line)
        if not values["column"]:
            return (), None
        where = _where(values["where"], path, problems, f"{what}.comment", line)
        return (values["column"],), where
    items = data if isinstance(data, list) else [data]
    if any(isinstance(item, (dict, list)) or item is None for item in items):
        problems.add(
            path,
            line,
            f"{what}.comment must be a column's name, a list of names, or one column with "
            "its where:",
            'write e.g. comment: "Kommentar" or comment: {column: Antwort, where: {Frage: '
            '"Was können wir besser machen?"}}',
        )
        return (), None
    return tuple(str(item).strip() for item in items), None


def _scores(data: Any, path: Path, problems: Problems, what: str, line: int = 1):
    if not isinstance(data, dict):
        problems.add(path, line, f"{what} must map KPIs to columns")
        return ()
    result = []
    for kpi, spec in data.items():
        spec_line = data.line_of(kpi) if isinstance(data, YamlMap) else line
        if kpi not in KPIS:
            known = "KPIs: " + ", ".join(KPIS)
            problems.add(path, spec_line, f"{what}: unknown KPI '{kpi}'", known)
            continue
        if isinstance(spec, (str, int, float)) and not isinstance(spec, bool):
            result.append((kpi, ScoreColumn(str(spec))))
            continue
        values = read_fields(spec, SCORE_FIELDS, path, problems, f"{what}.{kpi}", spec_line)
        if not values["column"]:
            continue
        scale = None
        if values["scale"]:
            match = SCALE.match(values["scale"])
            if not match or int(match[1]) >= int(match[2]):
                problems.add(
                    path,
                    spec_line,
                    f"{what}.{kpi}: scale '{values['scale']}' is not like 1-5",
                    "write the lowest and highest answer, e.g. 0-10, 1-5, 0-5",
                )
            else:
                scale = (int(match[1]), int(match[2]))
        labels = _labels(values["labels"], path, problems, f"{what}.{kpi}", spec_line)
        where = _where(values["where"], path, problems, f"{what}.{kpi}", spec_line)
        not_used = values["not_used"] or ()
        result.append((kpi, ScoreColumn(values["column"], scale, labels, not_used, where)))
    return tuple(result)


def _where(data: Any, path: Path, problems: Problems, what: str, line: int):
    """A score's (or a comment's) `where:`, one column and the value (or list of values)
    that names the KPI;
    `{}` names none, so no row would be told apart: a mistake, not a where: left out."""
    if data is None:
        return None
    hint = 'name one column and the values that name this KPI, e.g. {"Survey type": NPS}'
    line = getattr(data, "line", line)
    if len(data) != 1:
        problems.add(path, line, f"{what}.where names {len(data)} columns, not one", hint)
        return None
    [column] = data
    value = written(data, column)
    values = list(value) if isinstance(value, list) else [value]
    if not values or any(v is None or isinstance(v, (dict, list)) for v in values):
        problems.add(path, line, f"{what}.where: '{column}' names no value, or not as text", hint)
        return None
    return str(column), tuple(str(v) for v in values)


def _labels(data: Any, path: Path, problems: Problems, what: str, line: int):
    if not data:
        return ()
    result = []
    for label, number in data.items():
        if isinstance(number, bool) or not isinstance(number, (int, float)):
            problems.add(
                path,
                data.line_of(label) if isinstance(data, YamlMap) else line,
                f"{what}: label '{label}' must map to a number, not '{number}'",
                "e.g. 'Sehr zufrieden': 5",
            )
            continue
        result.append((str(label), float(number)))
    return tuple(result)
