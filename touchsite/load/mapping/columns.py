"""Column names: the long table's own, where survey tools put theirs, and finding one."""

from __future__ import annotations

import re

from touchsite.load.formats import FileShape
from touchsite.models import KPIS

LONG_COLUMNS = ("response_id", "touchpoint", "date", *KPIS, "comment", "segment", "variant")
# Where the tools put the respondent's id and the date, when touchsite.yml does not say, and
# the status that marks a response left out: a preview, a test or spam (Qualtrics), one
# screened out or deleted (Alchemer's, SurveyGizmo's, one header row: a wide export's), or
# terminated or disqualified (QuestionPro's, Zoho Survey's Response Status).
# Wootric's excluded_from_calculations marks too (mapping/status.py).
# The dates in order: a row is dated by the first one filled. Typeform leaves the Submit Date
# of a partial response (answered in part, never submitted) empty; its start dates it.
# Qualtrics records a response left unfinished only when its session expires (a week after
# its last answer, by default) and dates it then (RecordedDate, EndDate): such a row, its
# `finished` column False (0 in a numeric export), is dated by its `started` one instead.
TOOL_COLUMNS = {
    "long": {
        "respondent": ("response_id",),
        "date": ("date",),
        "status": ("Status", "excluded_from_calculations"),
    },
    "qualtrics": {
        "respondent": ("ResponseId",),
        "date": ("RecordedDate", "EndDate"),
        # an export or a table without its Status: the DistributionChannel, whose preview
        # and test are those Status marks Survey Preview and Survey Test (mapping/status.py)
        "status": ("Status", "DistributionChannel"),
        "finished": ("Finished",),
        "started": ("StartDate",),
    },
    # a German account's export names them Befragten-ID (Teilnehmer-ID), Enddatum, Startdatum
    "surveymonkey": {
        "respondent": ("Respondent ID", "Befragten-ID", "Teilnehmer-ID"),
        "date": ("End Date", "Enddatum", "Start Date", "Startdatum"),
    },
    "typeform": {
        "respondent": ("#", "Response ID"),
        "date": ("Submit Date (UTC)", "Start Date (UTC)"),
    },
    "google-forms": {"respondent": (), "date": ("Timestamp", "Zeitstempel")},
    # a review's own date; its updateTime is that of its last edit
    "google-reviews": {"respondent": ("reviewId",), "date": ("createTime",)},
    "wide": {
        "respondent": (),
        "date": (),
        "status": ("Status", "excluded_from_calculations", "Response Status"),
    },
}

# A response's start, as tools name it: Typeform's "Start Date (UTC)", Qualtrics' "StartDate",
# SurveyMonkey's "Start Date", Alchemer's "Time Started", Microsoft Forms' "Start time",
# LimeSurvey's "Date started" ("Datum gestartet"), German "Startzeit", "Beginn"
START_DATE = re.compile(
    r"^(start ?(date|time|zeit|datum)|(date|time) started|started( at)?|datum gestartet|beginn)"
    r"\b",
    re.IGNORECASE,
)
# One id per submission (Tally's, Jotform's, Alchemer's), beside a respondent's id that a
# person keeps across submissions (Tally's Respondent ID)
SUBMISSION_IDS = {"submission id", "response id", "responseid", "response_id"}


def normal(label: str) -> str:
    """Labels match whatever their case and spacing."""
    return " ".join(str(label).casefold().split())


def find_column(shape: FileShape, name: str) -> int | None:
    """A column by its name, else by another name (question text, ImportId), any case."""
    for names in (shape.columns, [normal(n) for n in shape.columns]):
        wanted = name if names is shape.columns else normal(name)
        if wanted in names:
            return names.index(wanted)
    for index, aliases in enumerate(shape.aliases):
        if name in aliases or normal(name) in {normal(a) for a in aliases}:
            return index
    return None


# Qualtrics' own columns: a table made from its export (a Parquet file, a database's table, a
# CSV written from one) has them under one header row, without the export's two others, so
# its layout is no Qualtrics export's; it is read as one all the same, also where each row
# names its touchpoint (embedded data "Touchpoint": mapped as a long table). A table built
# without the Status has its DistributionChannel, a name no other tool writes.
QUALTRICS_COLUMNS = ("ResponseId", "RecordedDate")
QUALTRICS_MARKS = ("Status", "DistributionChannel")


def qualtrics_columns(shape: FileShape) -> bool:
    """Whether a file has Qualtrics' own columns (QUALTRICS_COLUMNS), whatever its layout."""
    names = QUALTRICS_COLUMNS + QUALTRICS_MARKS
    found = {name for name in names if find_column(shape, name) is not None}
    return found >= set(QUALTRICS_COLUMNS) and bool(found & set(QUALTRICS_MARKS))


def tool_of(shape: FileShape) -> str:
    """Whose columns a file has: its layout's, or Qualtrics' in a table made from its
    export."""
    if shape.layout in ("wide", "long") and qualtrics_columns(shape):
        return "qualtrics"
    return shape.layout


def default_column(shape: FileShape, key: str) -> int | None:
    """Where the file's survey tool puts the respondent's id, the date or the status, if it
    has one."""
    return next(iter(default_columns(shape, key)), None)


def default_columns(shape: FileShape, key: str) -> list[int]:
    """Each column of the file where its survey tool puts `key`, in the tool's order: the
    dates a row is dated by, the first filled one."""
    found = (find_column(shape, name) for name in TOOL_COLUMNS[tool_of(shape)].get(key, ()))
    return list(dict.fromkeys(index for index in found if index is not None))


def submission_column(shape: FileShape, respondent: int | None) -> int | None:
    """A column of one id per submission, where the respondent's is another column."""
    index = next(
        (i for i, name in enumerate(shape.columns) if normal(name) in SUBMISSION_IDS), None
    )
    return None if respondent is None or index == respondent else index
