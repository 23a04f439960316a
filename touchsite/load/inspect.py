"""Look at an export before mapping it: its format, its columns, and a mapping to start from.

The mapping is a guess made to be edited, but one that builds: score columns are matched to
the project's touchpoints by the words of their question, answer labels get numbers from the
scales survey tools use, and whatever cannot be matched is written as a comment.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from touchsite.errors import UserError
from touchsite.load.dates import guess_format, to_iso
from touchsite.load.formats import FileShape, detect, open_reader
from touchsite.load.mapping import LEADING_NUMBER, TOOL_COLUMNS, find_column, normal
from touchsite.models import OVERALL, DataSource

SAMPLE_ROWS = 20_000
MAX_DISTINCT = 200
# Answer labels of the usual scales, by KPI.
CSAT_LABELS = {
    "sehr zufrieden": 5,
    "äußerst zufrieden": 5,
    "zufrieden": 4,
    "eher zufrieden": 4,
    "teils/teils": 3,
    "teils, teils": 3,
    "weder zufrieden noch unzufrieden": 3,
    "weder noch": 3,
    "eher unzufrieden": 2,
    "unzufrieden": 2,
    "sehr unzufrieden": 1,
    "äußerst unzufrieden": 1,
    "überhaupt nicht zufrieden": 1,
    "sehr gut": 5,
    "gut": 4,
    "mittelmäßig": 3,
    "schlecht": 2,
    "sehr schlecht": 1,
    "very satisfied": 5,
    "extremely satisfied": 5,
    "satisfied": 4,
    "somewhat satisfied": 4,
    "neutral": 3,
    "neither satisfied nor dissatisfied": 3,
    "somewhat dissatisfied": 2,
    "dissatisfied": 2,
    "very dissatisfied": 1,
    "extremely dissatisfied": 1,
    "excellent": 5,
    "good": 4,
    "fair": 3,
    "poor": 2,
    "very poor": 1,
}
AGREE_LABELS = {
    "stimme voll und ganz zu": 7,
    "stimme zu": 6,
    "stimme eher zu": 5,
    "weder noch": 4,
    "stimme eher nicht zu": 3,
    "stimme nicht zu": 2,
    "stimme überhaupt nicht zu": 1,
    "strongly agree": 7,
    "agree": 6,
    "somewhat agree": 5,
    "neither agree nor disagree": 4,
    "somewhat disagree": 3,
    "disagree": 2,
    "strongly disagree": 1,
}
AGREE_5_LABELS = {
    "stimme voll und ganz zu": 5,
    "stimme zu": 4,
    "weder noch": 3,
    "stimme nicht zu": 2,
    "stimme überhaupt nicht zu": 1,
    "strongly agree": 5,
    "agree": 4,
    "neither agree nor disagree": 3,
    "disagree": 2,
    "strongly disagree": 1,
}
NOT_USED = {
    "weiß nicht",
    "keine angabe",
    "k. a.",
    "k.a.",
    "nicht genutzt",
    "nicht zutreffend",
    "trifft nicht zu",
    "n/a",
    "na",
    "not applicable",
    "does not apply",
    "don't know",
    "did not use",
    "-99",
}
WORDS = re.compile(r"[a-zäöüß]+")
NPS_WORDS = ("empfehl", "recommend", "nps")
CES_WORDS = ("einfach", "aufwand", "mühe", "easy", "effort")
COMMENT_WORDS = ("kommentar", "comment", "anmerk", "sagen", "tell us", "warum", "why", "feedback")
COMMENT_WORDS += ("verbesser", "improve", "anything", "möchten sie uns")
SEGMENT_WORDS = ("segment", "kundentyp", "kundengruppe", "customer type", "describes you")
SEGMENT_WORDS += ("customer_type", "kundenart")
ID_NAMES = {"id", "response_id", "responseid", "response id", "respondent id", "antwort-id"}
ID_NAMES |= {"befragten-id", "teilnehmer-id", "#", "lfd. nr.", "nr.", "respondent"}
DATE_NAMES = ("datum", "date", "timestamp", "zeitstempel", "submit")
# Tool columns that are numbers but never scores.
METADATA = {
    "progress",
    "duration (in seconds)",
    "finished",
    "status",
    "locationlatitude",
    "locationlongitude",
    "collector id",
    "respondent id",
    "network id",
}


@dataclass
class ColumnProfile:
    index: int
    name: str
    text: str  # the question text, where the name is an export tag
    filled: int = 0
    distinct: Counter = field(default_factory=Counter)
    more_distinct: bool = False
    numbers: list[float] = field(default_factory=list)
    kind: str = "empty"  # empty, number, labels, date, id, text
    date_format: str | None = None
    first_date: str = ""
    last_date: str = ""
    labels: dict[str, float] = field(default_factory=dict)
    not_used: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    @property
    def question(self) -> str:
        return self.text or self.name

    def examples(self, count: int = 3) -> list[str]:
        return [value for value, _ in self.distinct.most_common(count)]


@dataclass
class Inspection:
    shape: FileShape
    rows: int
    complete: bool
    columns: list[ColumnProfile]


def inspect_file(path: Path, source: DataSource | None = None) -> Inspection:
    source = source or DataSource(path.name, 1)
    shape = detect(path, source)
    if shape.empty:
        what = "sheet" if shape.kind == "xlsx" else "file"
        raise UserError(f"the {what} is empty", "export the survey again", path, 1)
    reader = open_reader(shape)
    profiles = [
        ColumnProfile(index, name, _question(shape, index))
        for index, name in enumerate(shape.columns)
    ]
    rows = 0
    complete = True
    for chunk in reader.chunks(list(range(len(shape.columns)))):
        take = min(chunk.length, SAMPLE_ROWS - rows)
        for profile in profiles:
            for value in chunk.columns[profile.index].slice(0, take).to_pylist():
                value = value.strip()
                if not value:
                    continue
                profile.filled += 1
                if value in profile.distinct or len(profile.distinct) < MAX_DISTINCT:
                    profile.distinct[value] += 1
                else:
                    profile.more_distinct = True
        rows += take
        if rows >= SAMPLE_ROWS:
            complete = False
            break
    for profile in profiles:
        _classify(profile, rows)
    return Inspection(shape, rows, complete, profiles)


def _question(shape: FileShape, index: int) -> str:
    aliases = [a for a in shape.aliases[index] if not a.startswith("QID")]
    return aliases[0] if aliases and shape.layout == "qualtrics" else ""


def _classify(profile: ColumnProfile, rows: int) -> None:
    values = list(profile.distinct)
    if not values:
        return
    name = normal(profile.name)
    date_format = guess_format(values)
    if date_format and any(word in name for word in DATE_NAMES + ("start", "end", "recorded")):
        iso = sorted(v for v in to_iso(values, date_format) if v[:4].isdigit() and v[4] == "-")
        if len(iso) >= 0.9 * len(values):
            profile.kind, profile.date_format = "date", date_format
            profile.first_date, profile.last_date = iso[0], iso[-1]
            return
    numbers, labels, not_used, unknown = [], {}, [], []
    for value in values:
        key = normal(value)
        match = LEADING_NUMBER.match(value)
        if key in NOT_USED:
            not_used.append(value)
        elif match:
            numbers.append(float(match[1].replace(",", ".")))
        elif key in CSAT_LABELS or key in AGREE_LABELS:
            labels[value] = 0.0
        else:
            unknown.append(value)
    profile.numbers = sorted(set(numbers))
    if name in ID_NAMES and not profile.more_distinct and len(values) == profile.filled:
        profile.kind = "id"
    elif (numbers or labels) and not unknown and name not in METADATA:
        profile.kind = "labels" if labels else "number"
        profile.not_used = not_used
        agree = sum(normal(label) in AGREE_LABELS for label in labels) > len(labels) / 2
        table = CSAT_LABELS
        if agree:  # five agreement labels without the "somewhat" steps: a 1-5 scale
            seven = len(labels) > 5 or any(
                ("somewhat" in k or "eher" in k) for k in map(normal, labels)
            )
            table = AGREE_LABELS if seven else AGREE_5_LABELS
        profile.labels = {label: float(table.get(normal(label), 0)) for label in labels}
    elif name in ID_NAMES and not profile.more_distinct:
        profile.kind = "id"
    else:
        profile.kind = "text"
        profile.unknown = unknown


def kpi_of(profile: ColumnProfile) -> str | None:
    """The KPI a score column most likely asks; None if it is no score."""
    if profile.kind not in ("number", "labels"):
        return None
    question = normal(profile.question)
    numbers = profile.numbers + list(profile.labels.values())
    if not numbers or min(numbers) < 0 or max(numbers) > 10 or any(n % 1 for n in numbers):
        return None
    if any(word in question for word in NPS_WORDS) or max(numbers) > 7:
        return "nps"
    if any(normal(label) in AGREE_LABELS for label in profile.labels):
        return "ces"
    if any(word in question for word in CES_WORDS) or max(numbers) > 5:
        return "ces"
    return "csat"


def _words(text: str) -> set[str]:
    return {word for word in WORDS.findall(text.casefold()) if len(word) >= 4}


# The wording of the standard recommendation question itself ("How likely are you to recommend
# us to a friend or colleague?"): it names no touchpoint, so these words must not match one
# (a "Freunde werben" programme, say), and the question falls to the overall touchpoint.
QUESTION_WORDS = frozenset(
    {
        *("wahrscheinlich", "empfehlen", "weiterempfehlen", "freund", "freunde", "freundin"),
        *("bekannten", "kollegen", "likely", "recommend", "friend", "friends", "colleague"),
        "colleagues",
    }
)


def match_touchpoint(question: str, touchpoints: dict[str, str]) -> str | None:
    """The touchpoint whose title or id words the question uses most: a whole word counts
    two, a shared five-letter prefix one ("Produktsuche" is the search, not the advice)."""
    words = {w for w in _words(question) if w not in QUESTION_WORDS}
    best, score = None, 0
    for touchpoint_id, title in sorted(touchpoints.items()):
        names = _words(title) | _words(touchpoint_id.replace("-", " "))
        hits = sum(
            2 if n in words else int(any(w[:5] == n[:5] for w in words if len(w) >= 4))
            for n in names
        )
        if hits > score:
            best, score = touchpoint_id, hits
    return best


def mapping_snippet(
    inspection: Inspection, data_path: str, touchpoints: dict[str, str], ces_scale: bool
) -> str:
    """A `data:` entry for touchsite.yml, ready to paste; unmatched columns as comments."""
    shape = inspection.shape
    columns = inspection.columns
    q = _quote
    lines = ["data:", f"  - path: {q(data_path)}"]
    if shape.layout in ("long", "wide"):
        lines.append(f"    format: {shape.layout}")
    if shape.kind == "csv" and shape.encoding != "utf-8":
        lines.append(f"    encoding: {shape.encoding}")
    if shape.kind == "csv" and shape.separator != ",":
        lines.append(f"    separator: {q(shape.separator)}")
    if shape.kind == "xlsx":
        lines.append(f"    sheet: {q(shape.sheet)}")
    used: set[int] = set()
    respondent = _default(shape, "respondent")
    if respondent is None:
        respondent = next((c.index for c in columns if c.kind == "id"), None)
        if respondent is not None:
            lines.append(f"    respondent: {q(columns[respondent].name)}")
    if respondent is not None:
        used.add(respondent)
    date = _default(shape, "date")
    dated = [c for c in columns if c.kind == "date"]
    if date is None and dated:
        date = dated[-1].index if shape.layout != "long" else dated[0].index
        lines.append(f"    date: {q(columns[date].name)}")
    if date is not None:
        used.add(date)
        if columns[date].date_format:
            lines.append(f"    date_format: {q(columns[date].date_format)}")
    else:
        lines.append("    date: ???  # which column holds the date?")
    segments = [
        c
        for c in columns
        if c.index not in used and any(word in normal(c.name) for word in SEGMENT_WORDS)
    ]
    if segments:
        lines.append("    segment: " + ", ".join(q(c.name) for c in segments[:1]))
        used.add(segments[0].index)
    if shape.layout == "long":
        lines += _long_mapping(columns, used)
    else:
        lines += _wide_mapping(columns, used, touchpoints, ces_scale)
    labels = {label: number for c in columns for label, number in c.labels.items() if number}
    if labels:
        lines.append("    labels:")
        for label, number in sorted(labels.items(), key=lambda item: (-item[1], item[0])):
            lines.append(f"      {q(label)}: {int(number)}")
    not_used = sorted({value for c in columns for value in c.not_used})
    if not_used:
        lines.append("    not_used: [" + ", ".join(q(value) for value in not_used) + "]")
    return "\n".join(lines) + "\n"


def _default(shape: FileShape, key: str) -> int | None:
    for name in TOOL_COLUMNS.get(shape.layout, {}).get(key, ()):
        index = find_column(shape, name)
        if index is not None:
            return index
    return None


def _long_mapping(columns: list[ColumnProfile], used: set[int]) -> list[str]:
    lines = []
    names = {normal(c.name): c for c in columns}
    touchpoint = names.get("touchpoint") or next(
        (c for c in columns if c.kind == "text" and c.index not in used), None
    )
    if touchpoint is not None:
        lines.append(f"    touchpoint: {_quote(touchpoint.name)}")
        used.add(touchpoint.index)
    scores = [(kpi_of(c), c) for c in columns if c.index not in used and kpi_of(c)]
    if scores:
        lines.append("    scores:")
        for kpi, column in scores:
            lines.append(f"      {kpi}: {_quote(column.name)}")
            used.add(column.index)
    comments = [c for c in columns if c.index not in used and _is_comment(c)]
    if comments:
        lines.append(f"    comment: {_quote(comments[0].name)}")
    return lines


def _is_comment(column: ColumnProfile) -> bool:
    question = normal(column.question)
    return column.kind == "text" and any(word in question for word in COMMENT_WORDS)


def _wide_mapping(columns, used, touchpoints: dict[str, str], ces_scale: bool) -> list[str]:
    assigned: dict[str, dict[str, str]] = {}
    unmatched: list[tuple[str, ColumnProfile]] = []
    for column in columns:
        kpi = kpi_of(column) if column.index not in used else None
        if kpi is None:
            continue
        touchpoint = match_touchpoint(column.question, touchpoints)
        if touchpoint is None and kpi == "nps" and OVERALL not in assigned:
            touchpoint = OVERALL
        if kpi == "ces" and not ces_scale:
            unmatched.append(("ces (add kpis: ces_scale first)", column))
        elif touchpoint is None or kpi in assigned.get(touchpoint, {}):
            unmatched.append((kpi, column))
        else:
            spec = _quote(column.name)
            if kpi == "csat" and 0 in column.numbers:
                spec = f"{{column: {spec}, scale: 0-5}}  # 0 = not used"
            assigned.setdefault(touchpoint, {})[kpi] = spec + _about(column)
        used.add(column.index)
    for column in columns:
        if column.index in used or not _is_comment(column):
            continue
        touchpoint = match_touchpoint(column.question, touchpoints)
        if touchpoint is not None and touchpoint in assigned:
            assigned[touchpoint].setdefault("comment", _quote(column.name) + _about(column))
        else:
            unmatched.append(("comment", column))
        used.add(column.index)
    lines = ["    touchpoints:"]
    for touchpoint in sorted(assigned, key=lambda tp: (tp != OVERALL, tp)):
        lines.append(f"      {touchpoint}:")
        for key, spec in assigned[touchpoint].items():
            lines.append(f"        {key}: {spec}")
    if not assigned:
        lines.append("      {}  # no question matched a touchpoint: map them below")
    for kpi, column in unmatched:
        lines.append(
            f"      # ???: {{{kpi.split()[0]}: {_quote(column.name)}}}  # which touchpoint?"
        )
    return lines


def _about(column: ColumnProfile) -> str:
    """The question, as a comment, where the column's name is an export tag."""
    if not column.text:
        return ""
    text = " ".join(column.text.split())
    return "  # " + (text if len(text) <= 60 else text[:59] + "…")


def _quote(text: str) -> str:
    """A YAML string: JSON's double-quoted strings are YAML too."""
    return json.dumps(text, ensure_ascii=False)
