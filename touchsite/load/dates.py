"""Dates as survey tools write them, read into the long table's YYYY-MM-DD.

Each file writes its dates one way; the format is found once from a sample (or given as
`date_format` in touchsite.yml) and then applied to every distinct value.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pandas as pd

ISO = "%Y-%m-%d"
# Tried in this order: a sample that fits two equally well takes the first (day before month
# with dots, as in Germany; month before day with slashes, as the US tools write).
FORMATS = (
    ISO,
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M:%S.%f",
    "%d.%m.%Y",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%d.%m.%y",
    "%d.%m.%y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
)
# Time zones say nothing about the day that matters here: "… GMT+1", "… UTC", "…Z", "+02:00".
TIME_ZONE = re.compile(
    r"(?:\s*(?:GMT|UTC|MEZ|MESZ|CET|CEST)(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?|Z|[+-][0-9]{2}:?[0-9]{2})$"
)
SAMPLE = 200


def plain(value: str) -> str:
    return TIME_ZONE.sub("", value.strip())


def guess_format(values: list[str]) -> str | None:
    """The format that reads most of the sample (None if none reads any)."""
    sample = [plain(value) for value in values if value.strip()][:SAMPLE]
    if not sample:
        return None
    best, read = None, 0
    for candidate in FORMATS:
        parsed = pd.to_datetime(pd.Series(sample), format=candidate, errors="coerce").notna()
        if parsed.sum() > read:
            best, read = candidate, int(parsed.sum())
            if read == len(sample):
                break
    return best


def to_iso(values: list[str], date_format: str) -> list[str]:
    """Each value as YYYY-MM-DD; a value the format cannot read is kept as it is."""
    cleaned = pd.Series([plain(value) for value in values], dtype=object)
    parsed = pd.to_datetime(cleaned, format=date_format, errors="coerce")
    text = parsed.dt.strftime(ISO)
    return [iso if isinstance(iso, str) else raw for iso, raw in zip(text, values, strict=True)]


# Days a survey tool or a spreadsheet writes for a date never set: Unix's and Excel's zero.
PLACEHOLDER_DAYS = ("1970-01-01", "1900-01-01", "1899-12-30")


def last_possible_day() -> dt.date:
    """No answer can be later than the build: SOURCE_DATE_EPOCH's day where it is set (a
    reproducible build), else today's (UTC). Real answers lie in the past either way, so the
    output changes only for a file with dates in the future."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.datetime.now(dt.UTC).date()
