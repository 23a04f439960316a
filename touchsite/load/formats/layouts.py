"""Export layouts: which survey tool wrote a file, its header rows, and its column names.

Qualtrics writes three header rows (tag, question text, ImportId), its legacy exporter two
(tag, question text: `ResponseID` among them); SurveyMonkey two (question, then the answer
option or "Response"); Google Forms and Typeform one, recognised by their first columns;
Google's reviews (JSON) by their keys `starRating` and `createTime`. All of it is read from
the rows themselves, never from the file's name.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

from touchsite.errors import UserError
from touchsite.models import DataSource
from touchsite.translation import N_

HEADER_ROWS = {"qualtrics": 3, "surveymonkey": 2}
# the rows detection looks at: enough for every layout and for a header_rows override
HEAD_ROWS = 10
# Qualtrics' legacy exporter: the metadata's names in the second row, under V1, V2, ...
QUALTRICS_LEGACY_IDS = {"ResponseID", "ResponseId"}
LEGACY_TAG = re.compile(r"^V\d+$")
GOOGLE_TIMESTAMPS = {
    "timestamp",
    "zeitstempel",
    "horodateur",
    "marca temporal",
    "informazioni cronologiche",
    "tijdstempel",
}
# A Google Forms quiz's total, its third column ("7 / 10"): the points the respondent scored
# on the quiz's questions, no answer of a scale
GOOGLE_QUIZ_SCORES = {"score", "punktzahl", "punkte"}
# Survey tools whose download may add the variables' labels as a second row, under their
# names: (the columns that mark the tool's export, the column that numbers its respondents).
# SoSci Survey writes "Interview-Nummer (fortlaufend)" under CASE; EFS Survey (Unipark,
# Tivian) its questions' texts under v_1, v_2, ... and a label under lfdn. Below the labels,
# the numbering column holds numbers: text under it is that row of labels.
DESCRIBED_EXPORTS = (
    (("CASE", "QUESTNNR"), "CASE"),
    (("lfdn", "dispcode"), "lfdn"),
    (("lfdn", "tester"), "lfdn"),
)
# its German accounts name the collector "Sammler"
SURVEYMONKEY_IDS = {"respondent id", "collector id", "befragten-id", "teilnehmer-id", "sammler-id"}
# SurveyMonkey's second header row: these mean "the question's only answer column".
SURVEYMONKEY_PLAIN = {"", "response", "open-ended response", "antwort", "offene antwort"}
# English here (the terminal); the data-quality page translates them.
LAYOUT_TITLES = {
    "long": N_("long table"),
    "wide": N_("wide export"),
    "qualtrics": N_("Qualtrics export"),
    "surveymonkey": N_("SurveyMonkey export"),
    "google-forms": N_("Google Forms export"),
    "typeform": N_("Typeform export"),
    "google-reviews": N_("Google reviews export"),
}
# Google's reviews (Takeout's Business Profile export, the Business Profile API): a review's
# stars as a word; STAR_RATING_UNSPECIFIED, the enum's default, is none (labels.NOT_USED)
GOOGLE_REVIEW_NAMES = {"starrating", "createtime"}
STAR_RATINGS = {"ONE": 1.0, "TWO": 2.0, "THREE": 3.0, "FOUR": 4.0, "FIVE": 5.0}


def table_layout(
    names: list[str], source: DataSource, detected: set[str], path: Path, kind: str
) -> str:
    """The layout of a file whose columns are named once (a Parquet or JSON file): none of
    the survey tools' with header rows below the names (`kind` names the file's type)."""
    layout = layout_of([names], source, detected)
    if layout in HEADER_ROWS:
        raise UserError(
            f"format: {layout} is a CSV or XLSX export; a {kind} file has no header rows",
            "leave format out, or write format: wide",
            path,
        )
    return layout


def layout_of(rows: list[list[str]], source: DataSource, detected: set[str]) -> str:
    if source.format:
        return source.format
    detected.add("format")
    first = [cell.strip() for cell in rows[0]] if rows else []
    lowered = [cell.lower() for cell in first]
    second = [cell.strip() for cell in rows[1]] if len(rows) > 1 else []
    third = rows[2] if len(rows) > 2 else []
    if any(cell.strip().startswith('{"ImportId"') for cell in third[:5]):
        return "qualtrics"
    if any(
        name in QUALTRICS_LEGACY_IDS and LEGACY_TAG.match(tag)
        for tag, name in zip(first, second[:12], strict=False)
    ):
        return "qualtrics"
    # a second header row, not answers: "Response" and no number, date or id in it
    plain_answers = {cell.lower() for cell in second} & (SURVEYMONKEY_PLAIN - {""})
    plain_answers = plain_answers and not any(cell[:1].isdigit() for cell in second)
    if second and (_surveymonkey_ids(lowered, second) or plain_answers):
        return "surveymonkey"
    if first and first[0] == "#" and any(n.endswith("(utc)") or n == "network id" for n in lowered):
        return "typeform"
    if lowered and lowered[0] in GOOGLE_TIMESTAMPS:
        return "google-forms"
    if set(lowered) >= GOOGLE_REVIEW_NAMES:
        return "google-reviews"
    if source.touchpoints:
        return "wide"
    if source.touchpoint or source.scores or "touchpoint" in lowered:
        return "long"
    return "wide"


def _surveymonkey_ids(lowered: list[str], second: list[str]) -> bool:
    """SurveyMonkey's id columns, empty in its second header row. Other tools name a column
    `Respondent ID` too (Tally: `Submission ID,Respondent ID,Submitted at`) and have one
    header row: their second row is the first respondent's, with the ids filled in."""
    ids = [index for index, name in enumerate(lowered) if name in SURVEYMONKEY_IDS]
    return bool(ids) and not any(second[index] for index in ids if index < len(second))


def header_rows_of(layout: str, rows: list[list[str]], source: DataSource) -> int:
    """How many rows the header takes: the data entry's header_rows, else the layout's."""
    if source.header_rows:
        return source.header_rows
    if layout == "qualtrics" and len(rows) > 2:
        third = rows[2][:5]
        return 3 if any(cell.strip().startswith('{"ImportId"') for cell in third) else 2
    if layout == "wide" and _variable_labels(rows):
        return 2
    return HEADER_ROWS.get(layout, 1)


def _variable_labels(rows: list[list[str]]) -> bool:
    """Whether the second row holds a survey tool's labels of its variables
    (DESCRIBED_EXPORTS): text under the column that numbers the respondents."""
    first = [cell.strip() for cell in rows[0]] if rows else []
    if len(rows) < 2:
        return False
    for marks, numbering in DESCRIBED_EXPORTS:
        if all(name in first for name in marks):
            at = first.index(numbering)
            under = rows[1][at].strip() if at < len(rows[1]) else ""
            return bool(under) and not under.isdigit()
    return False


def column_names(layout: str, rows: list[list[str]]) -> tuple[list[str], list[tuple[str, ...]]]:
    """Column names (what a mapping refers to) and each column's other names.

    `rows` are the header rows; a layout's own rows give its names, any other row below the
    first gives each column another name (a question text, say)."""
    width = max((len(row) for row in rows), default=0)
    first = _padded(rows[0], width) if rows else []
    names = list(first)
    padded = [_padded(row, width) for row in rows[1:]]
    aliases: list[tuple[str, ...]] = [
        tuple(row[index] for row in padded if row[index]) for index in range(width)
    ]
    if layout == "qualtrics" and len(rows) > 2:
        texts = _padded(rows[1], width)
        ids = [_import_id(cell) for cell in _padded(rows[2], width)]
        aliases = [tuple(a for a in (text, qid) if a) for text, qid in zip(texts, ids, strict=True)]
    elif layout == "surveymonkey" and len(rows) > 1:
        aliases = [() for _ in first]
        second = _padded(rows[1], width)
        question = ""
        for index, (own, sub) in enumerate(zip(first, second, strict=True)):
            question = own or question
            if own and sub.lower() in SURVEYMONKEY_PLAIN:
                names[index] = own
            else:
                names[index] = f"{question} - {sub}" if sub else question
            aliases[index] = (own,) if own and own != names[index] else ()
    seen: Counter[str] = Counter()
    for index, name in enumerate(names):
        name = name or unnamed(index)
        seen[name] += 1
        names[index] = name if seen[name] == 1 else f"{name} ({seen[name]})"
    return names, aliases


def unnamed(index: int) -> str:
    """The name of a column whose header cell is empty (`index` from 0)."""
    return f"column {index + 1}"


def _padded(row: list[str], width: int) -> list[str]:
    return [cell.strip() for cell in row] + [""] * (width - len(row))


def _import_id(cell: str) -> str:
    try:
        value = json.loads(cell)
    except ValueError:
        return ""
    return str(value.get("ImportId", "")) if isinstance(value, dict) else ""
