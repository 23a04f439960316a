"""Dates as survey tools write them, read into the long table's YYYY-MM-DD.

Each file writes its dates one way; the format is found once from its dates (or given as
`date_format` in touchsite.yml) and then applied to every distinct value.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.load.months import MONTH_NAME, MONTH_NAMES
from touchsite.load.sources import EXCEL, UNIX
from touchsite.load.text_bytes import bounds_and_bytes, is_text
from touchsite.load.white import WHITE

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
    # a year of two digits, as Excel's short date writes it (Microsoft Forms' "8/20/25 12:51:45")
    "%m/%d/%y %I:%M:%S %p",
    "%m/%d/%y %I:%M %p",
    "%m/%d/%y %H:%M:%S",
    "%m/%d/%y %H:%M",
    "%m/%d/%y",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d-%m-%Y",
    "%m-%d-%Y %H:%M:%S",
    "%m-%d-%Y %H:%M",
    "%m-%d-%Y",
    "%d/%m/%y %H:%M:%S",
    "%d/%m/%y %H:%M",
    "%d/%m/%y",
    "%Y/%m/%d %I:%M:%S %p",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d",
    # the month's English name first, as US feedback tools write a moment (Retently's
    # "Apr 02, 2026 02:01")
    "%b %d, %Y %I:%M %p",
    "%b %d, %Y %H:%M:%S",
    "%b %d, %Y %H:%M",
    "%b %d, %Y",
    "%B %d, %Y",
    # the day before the month's name, as German sites write a review's day ("12. März 2026",
    # "12. Mär. 2026") and British English ("12 March 2026"); a month alone (kununu's
    # "Oktober 2025") is read as its first day: its month and quarter are right, and the
    # data's last month counts as partial, since no day of it after the first is known
    "%d. %B %Y",
    "%d. %b %Y",
    "%d %B %Y",
    "%d %b %Y",
    # ... with its time after a comma, on a 12-hour clock (SurveySparrow's "01 Mar 2026,
    # 01:41 PM")
    "%d %b %Y, %I:%M %p",
    "%B %Y",
    "%b %Y",
    # last: only numbers read so, each in a range of its own
    EXCEL,
    UNIX,
)


def english_months(value: str) -> str:
    """`value` with its month's name as strptime's %B reads it (MONTH_NAMES). A letter the
    pattern matches in either case but that lowers to none of the names' ("JULİ", "ſept")
    leaves the name as it is: no date."""
    return MONTH_NAME.sub(lambda found: MONTH_NAMES.get(found[1].lower(), found[0]), value)


# EXCEL: a spreadsheet's day number, as a cell holding a date without a date format shows
# it (46085 is 2026-03-04; a fraction, after a point or a German comma, is the time): days
# since 1899-12-30 in Excel's 1900 system. Only days from 1950 to 2099 are read so: a
# survey's, not a count or an id.
EXCEL_EPOCH = pd.Timestamp("1899-12-30")
EXCEL_DAYS = (18_264, 73_050)  # 1950-01-01 .. 2099-12-31
# UNIX: seconds since 1970-01-01 UTC, as API exports write a moment (Delighted's, Zendesk's
# 1713418460), or milliseconds (1713418460123); a fraction after a point is part of a
# second. The day is UTC's. Only moments from 2000 to 2099 are read so: from
# 946684800 on (twelve or thirteen digits in milliseconds), never a count, an Excel day
# number or a day written 20240418.
UNIX_SECONDS = (946_684_800, 4_102_444_800)  # 2000-01-01 00:00 .. 2100-01-01 00:00 (excluded)
# Time zones say nothing about the day that matters here: "… GMT+1", "… UTC", "…Z", "+02:00",
# "… -0700" after a space, as Ruby writes a time (tools built on Rails export so), and the
# US zones' names, in which Alchemer (SurveyGizmo) dates its responses ("… 10:24:31 EDT").
ZONE_NAMES = "GMT|UTC|MEZ|MESZ|CET|CEST|WET|WEST|EET|EEST|BST|EST|EDT|CST|CDT|MST|MDT|PST|PDT"
OFFSET = "[+-][0-9]{2}:?[0-9]{2}"


def zone(white: str) -> str:
    """A zone written after a day or a time, as a pattern; `white`, that of white space (the
    engines' query reads a day so). An offset without a colon or a space before it counts
    after a time alone (see TIME_ZONE): the "-2025" of "31-12-2025" is a year."""
    names = rf"(?:{ZONE_NAMES})(?:[+-][0-9]{{1,2}}(?::?[0-9]{{2}})?)?"
    return rf"{white}*{names}|Z|{white}+{OFFSET}|[+-][0-9]{{2}}:[0-9]{{2}}"


# after "10:22" or "10:22:11", or its seconds' fraction of one to nine digits
_AFTER_TIME = "|".join(
    rf"(?<=[0-9]:[0-9]{{2}}{fraction})"
    for fraction in ("", *(rf"[.,][0-9]{{{digits}}}" for digits in range(1, 10)))
)
_WHITE = r"\s"
# A zone's name is a word of its own: the "EST" of "AEST" and the "Z" of "OEZ" are none
TIME_ZONE = re.compile(rf"(?<![A-Za-z])(?:{zone(_WHITE)})$|(?:{_AFTER_TIME}){OFFSET}$")
# After a time, any zone by the short name its owner's clock goes by, with an AM or PM
# before it kept: Google Forms dates a response so ("2022/06/22 1:07:29 PM AEST", "… HST",
# "… IST", and in German "MESZ" or "OEZ"), and a German export may end a time with "Uhr"
_NAMED = r"(?:[A-Z]{2,5}(?:[+-][0-9]{1,2}(?::?[0-9]{2})?)?|Uhr)$"
_AM_PM = r"[AaPp]\.?[Mm]\.?"
NAMED_AFTER_TIME = re.compile(
    rf"(?:{_AFTER_TIME})(?P<kept>\s*(?:{_AM_PM})?)\s+(?!(?:AM|PM)$){_NAMED}"
)
# The same two, as Arrow's patterns (RE2, which looks behind nothing) take them off a whole
# column at once: what a zone must follow is matched too and kept (the first groups), and
# the leftmost match, RE2's as Python's, takes off the same zone
_TIME_END = r"[0-9]:[0-9]{2}(?:[.,][0-9]{1,9})?"
_NAMED_RE2 = rf"({_TIME_END}{WHITE}*(?:{_AM_PM})?){WHITE}+{_NAMED}"
_ONLY_AM_PM_RE2 = rf"{WHITE}(?:AM|PM)$"  # no zone, nor NAMED_AFTER_TIME's (its look-ahead)
_ZONE_RE2 = rf"(?:(^|[^A-Za-z])(?:{zone(WHITE)})|({_TIME_END}){OFFSET})$"


# A time of day after a day, on a 24-hour clock or a 12-hour one, to the minute or the
# second (with a fraction or not): what a day's format leaves unread of a date-time ("01.09.2026
# 08:05" beside "02.09.2026", as Excel's General format writes a midnight and hands type a
# day). `white`, that of white space (the engines' query reads a day so).
def time_after_day(white: str) -> str:
    clock_24, clock_12 = clocks(white)
    return rf"{day_to_time(white)}(?:{clock_12}|{clock_24})"


def day_to_time(white: str) -> str:
    """What parts a day from its time: white space (a comma before it), or ISO's T."""
    return rf"(?:,?{white}+|T)"


def clocks(white: str) -> tuple[str, str]:
    """A time on a 24-hour clock, and on a 12-hour one (its AM or PM after it), as patterns."""
    seconds = r"(?::[0-5][0-9](?:[.,][0-9]{1,9})?)?"
    clock_24 = rf"(?:[01]?[0-9]|2[0-3]):[0-5][0-9]{seconds}"
    clock_12 = rf"(?:0?[1-9]|1[0-2]):[0-5][0-9]{seconds}{white}*(?:[AaPp][Mm])"
    return clock_24, clock_12


# ... at a value's end, once `plain` took its zone off (white space may be left before it)
TIME_AFTER_DAY = re.compile(rf"{time_after_day(_WHITE)}\s*$")
# What a format writes after its day: its time, and what follows that
_FORMAT_TIME = re.compile(r",?[ T]%[HI]:%M.*$")
_TIME_CODES = re.compile("%[HIMSfp]")
# What `plain` takes off a value, as a date_format writes it after its time ("%H:%M Uhr",
# "%I:%M:%S %p AEST", "%H:%M:%S %Z", "%H:%M:%S%z"): the format reads the value without it
_FORMAT_ZONE = re.compile(rf"(?<=%[HIMSfp])\s*(?:%[Zz]|Z|{_NAMED})")
SAMPLE = 200  # distinct dates every format is tried on; a tie is settled on all of them
# Every format reads a day, a month and a year: four digits at the least ("1.3.26"), a
# spreadsheet's day number five, Unix time nine. Values with fewer are tried by none: an
# 11-point scale's answers ("0".."10") under a name that may be a date's ("recommend" holds
# "end") took each format's parse, a tenth of a second a column.
FEWEST_DIGITS = 4


@dataclass(frozen=True)
class FoundFormat:
    """How a file writes its dates, as found from them."""

    format: str
    # another format that reads the dates as well, to other days: where every day is 12 or
    # less, nothing in the file says whether the day or the month comes first
    other_order: str = ""
    # the format with day and month the other way round, where it reads the dates as well
    # (to the same days or not: each day its month's number, "03/03/2026"): a later date
    # that only one of the two reads (a day after the 12th) decides (`settled`)
    either_order: str = ""

    @property
    def open(self) -> bool:
        """Whether more of the file's dates may decide the format yet."""
        return bool(self.either_order)


def plain(value: str) -> str:
    """`value` without white space around it and a time zone at its end (plain_column)."""
    return TIME_ZONE.sub("", NAMED_AFTER_TIME.sub(r"\g<kept>", value.strip()))


def plain_column(values: pa.Array) -> pa.Array:
    """What `plain` makes of each of `values`, in Arrow: a million distinct times (an
    export's, to the second) took 2.5 s one by one. Only a value that ends in a letter or an
    offset may hold a zone: the patterns read those alone (on every value, they took 1.6 s)."""
    values = pc.utf8_trim_whitespace(values)
    ends = pc.utf8_slice_codeunits(values, -6)  # "-07:00", "+0100", "GMT+1", "PM AST"
    maybe = pc.and_not(
        pc.match_substring_regex(ends, r"(?:[A-Za-z]|[+-][0-9]{1,2}(?::?[0-9]{2})?)$"),
        pc.match_substring_regex(ends, _ONLY_AM_PM_RE2),  # "04:12:33 PM": no zone
    )
    if not pc.any(maybe).as_py():
        return values
    zoned = pc.replace_substring_regex(values.filter(maybe), _NAMED_RE2, r"\1")
    zoned = pc.replace_substring_regex(zoned, _ZONE_RE2, r"\1\2")
    return pc.replace_with_mask(values, maybe, zoned)


def find_format(values: list[str] | pa.Array) -> FoundFormat | None:
    """The format that reads most of the distinct values (None if none reads any). Every
    format is tried on the first SAMPLE; where several read as many of them, all values
    decide (a month of dd/mm dates holds a 13th only after its first twelve days), and the
    first of FORMATS where they still do. Where one format alone reads the most of the
    sample, the other values are not read at all: a chunk's dates to the second are a
    hundred thousand distinct values, which took two thirds of the search's time. A sample
    without a value of FEWEST_DIGITS digits tries no format: none would read it. Where no
    format reads all the sample as it is written, each also reads by its day's format what
    it leaves (`_read`): the day alone among a file's date-times."""
    sample = pd.Series(_written(values, SAMPLE)[:SAMPLE], dtype=object)
    if not dated(sample.tolist()):
        return None
    marks = _marks("".join(sample))
    found = {
        candidate: _parsed(sample, candidate).notna()
        for candidate, needed in _FORMAT_MARKS.items()
        if needed <= marks
    }
    read = {
        candidate: int(found[candidate].sum()) if candidate in found else 0 for candidate in FORMATS
    }
    best = max(read.values())
    if best < len(sample):  # a day alone among date-times, or a date-time among days
        tied = _read_with_days(sample, marks, found, read)
        best = read[tied[0]] if tied else 0
    else:
        tied = [candidate for candidate in FORMATS if read[candidate] == best]
    if not best:
        return None
    if len(tied) == 1:
        return FoundFormat(tied[0])
    written = pd.Series(_written(values))
    if len(written) > SAMPLE:
        read = {candidate: int(_read(written, candidate).notna().sum()) for candidate in tied}
        best = max(read.values())
        tied = [candidate for candidate in tied if read[candidate] == best]
    days = _days(written, tied[0])
    other = (candidate for candidate in tied[1:] if _days(written, candidate) != days)
    swapped = (candidate for candidate in tied[1:] if _swapped(candidate, tied[0]))
    return FoundFormat(tied[0], next(other, ""), next(swapped, ""))


def _read_with_days(
    sample: pd.Series, marks: frozenset[str], found: dict[str, pd.Series], read: dict[str, int]
) -> list[str]:
    """The formats that read the most of `sample` as `_read` reads (by the format, and what
    it leaves by its day's), in FORMATS' order: of those of one day's format, the one that
    reads the most values as they are written (a file of times with a day alone here and
    there is read by its times' format). `read` becomes each format's count so read."""
    without_time = sample.str.replace(TIME_AFTER_DAY, "", n=1, regex=True)
    by_day: dict[str, pd.Series | None] = {}
    chosen: dict[str, tuple[int, int, str]] = {}  # a day's format (or a number's): its best
    for candidate in FORMATS:
        own = found.get(candidate)
        day = day_format(candidate)
        if day is not None and day not in by_day:
            needed = _marks(re.sub("%.", "", day))
            by_day[day] = _parsed(without_time, day).notna() if needed <= marks else None
        days = by_day.get(day) if day is not None else None
        if days is not None:
            read[candidate] = int((days if own is None else days | own).sum())
        written = int(own.sum()) if own is not None else 0
        key = day or candidate
        if read[candidate] and (key not in chosen or (read[candidate], written) > chosen[key][:2]):
            chosen[key] = (read[candidate], written, candidate)
    most = max((count for count, _written, _candidate in chosen.values()), default=0)
    best = {candidate for count, _written, candidate in chosen.values() if count == most}
    return [candidate for candidate in FORMATS if candidate in best]


def _marks(text: str) -> frozenset[str]:
    """The punctuation in `text`: what is neither a letter, a digit nor white space."""
    return frozenset(char for char in text if not (char.isalnum() or char.isspace()))


# Each format's punctuation, which a value it reads holds: its parse matches it exactly (white
# space reads any, and a month's name read in English loses its point, never gains one; the
# point of a fraction is read or not). find_format tries a format only on a sample that holds
# it all: the others read none of it, and each of 49 formats took a millisecond and a half
# of its 200 values (an export's dates to the second, "2025-11-01 14:03:27", are tried by 15).
_FORMAT_MARKS = {
    candidate: _marks(re.sub("%.", "", candidate.removesuffix(".%f"))) for candidate in FORMATS
}


def dated(values: list[str] | pa.Array) -> bool:
    """Whether any of `values` may be a date: one of FEWEST_DIGITS digits or more."""
    digits = pd.Series(values, dtype=object).str.count("[0-9]")
    return bool(digits.ge(FEWEST_DIGITS).any())


def settled(found: FoundFormat | None, values: list[str] | pa.Array) -> FoundFormat | None:
    """What `found` (a file's first dates' format, or None where they were no dates) becomes
    with `values`, more of the file's dates: where it leaves the order of day and month open,
    the one of the two orders that reads more of the values (a day after the 12th) decides;
    where the two read as many, the order stays open, said to be so where they read the
    values to other days. Where no format was found, the values' own is."""
    if found is None:
        return find_format(values)
    if not found.open:
        return found
    written = pd.Series(_written(values), dtype=object)
    if written.empty:
        return found
    orders = (found.format, found.either_order)
    first, other = (int(_read(written, order).notna().sum()) for order in orders)
    if first != other:
        return FoundFormat(orders[first < other])
    if found.other_order or _days(written, found.format) == _days(written, found.either_order):
        return found
    return FoundFormat(found.format, found.either_order, found.either_order)


def _swapped(candidate: str, date_format: str) -> bool:
    """Whether `candidate` writes day and month the other way round from `date_format`."""
    both = all("%d" in f and "%m" in f for f in (candidate, date_format))
    return both and _month_first(candidate) != _month_first(date_format)


def _month_first(date_format: str) -> bool:
    return date_format.find("%m") < date_format.find("%d")


def _written(values: list[str] | pa.Array, wanted: int | None = None) -> list[str]:
    """The distinct values (texts, or Arrow's) as `plain` writes them, none empty, in the
    order they first come: all of them, or at least the first `wanted` where there are as
    many (only as many values are cleaned as it takes: `plain` makes two values one where
    they differ in their zone)."""
    found: dict[str, None] = {}
    start, size = 0, 2 * wanted if wanted else len(values)
    while start < len(values) and (wanted is None or len(found) < wanted):
        part = values[start : start + size]
        cleaned = plain_column(part if isinstance(part, pa.Array) else pa.array(part, pa.string()))
        found.update(dict.fromkeys(value for value in cleaned.to_pylist() if value))
        start, size = start + size, 2 * size
    return list(found)


# A column's name that writes its dates' order: QuestionPro's "Timestamp (mm/dd/yyyy)", a
# German export's "Datum (TT.MM.JJJJ)"
MONTH_FIRST = re.compile(r"\bm{1,2}[/.\-]d{1,2}[/.\-](?:yyyy|yy)\b", re.IGNORECASE)
DAY_FIRST = re.compile(r"\b[dt]{1,2}[/.\-]m{1,2}[/.\-](?:yyyy|yy|jjjj|jj)\b", re.IGNORECASE)


def named_order(name: str, found: FoundFormat) -> FoundFormat:
    """`found`, or its other order where the column's name writes that order: where every
    day is 12 or less, the name alone says whether the day or the month comes first."""
    other = found.other_order or found.either_order
    if not other:
        return found
    month_first = bool(MONTH_FIRST.search(name))
    if month_first == bool(DAY_FIRST.search(name)):  # neither, or both: the name says nothing
        return found
    first = _month_first(found.format)
    return FoundFormat(found.format if first == month_first else other)


def _days(values: pd.Series, date_format: str) -> list[str]:
    return _iso(_read(values, date_format)).fill_null("").to_pylist()


def to_iso(values: list[str], date_format: str) -> list[str]:
    """Each value as YYYY-MM-DD; a value the format cannot read is kept as it is."""
    return iso_days(pa.array(values, pa.string()), date_format).to_pylist()


def row_days(values: pa.Array, date_format: str) -> pa.DictionaryArray:
    """Each of `values`' day, as `iso_days` reads it, coded by its distinct days. A value
    written exactly as an ISO `date_format` writes it (`_written_as`: Qualtrics'
    "2025-11-01 14:03:27", found so from their bytes where all are of one length:
    `_written_exactly`) holds its day in its first ten characters: Arrow checks that
    each is a day of the calendar, and the others alone are read (a million distinct
    moments, an export's to the second, took 0.4 s through `iso_days`, 0.07 s so). Values
    that repeat (a day's date, as most exports write it) are read once each, as `iso_days`
    reads them: by their rows, a million rows of 365 days took five times as long."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    pattern = _written_as(date_format)
    if pattern is None or _repeating(values):
        return _distinct_days(values, date_format)
    days = pc.dictionary_encode(pc.utf8_slice_codeunits(values, 0, 10))
    real = pc.take(_calendar_days(days.dictionary), days.indices)
    written = _written_exactly(values, date_format)
    if written is None:
        written = pc.match_substring_regex(values, pattern)
    exact = pc.and_(written, real)
    if pc.all(exact).as_py():
        return days
    others = pc.invert(exact)
    read = _distinct_days(values.filter(others), date_format).dictionary_decode()
    return pc.dictionary_encode(pc.replace_with_mask(days.dictionary_decode(), others, read))


# The rows whose distinct values tell whether a column's values repeat: a few thousand
# cost a fraction of a millisecond, and say it of the million rows of a chunk
REPEAT_SAMPLE = 4096


def _repeating(values: pa.Array) -> bool:
    """Whether the first REPEAT_SAMPLE values hold fewer than half as many distinct ones."""
    sample = values.slice(0, REPEAT_SAMPLE)
    return 2 * pc.count_distinct(sample).as_py() < len(sample)


def _distinct_days(values: pa.Array, date_format: str) -> pa.DictionaryArray:
    """`row_days` of each distinct value, read by `iso_days`."""
    encoded = pc.dictionary_encode(values)
    return pa.DictionaryArray.from_arrays(
        encoded.indices, iso_days(encoded.dictionary, date_format)
    )


# What an ISO format's code stands for, exactly as Python's strptime and pandas read it: two
# digits of a month, a day, an hour, a minute, a second in its range (pandas reads the rest),
# as RE2's pattern, and as its digits and the least and the greatest number they write
_ISO_CODES = {
    "%Y": ("(?:19|2[01])[0-9]{2}", 4, 1900, 2199),  # years pandas holds to the nanosecond
    "%m": ("(?:0[1-9]|1[0-2])", 2, 1, 12),
    "%d": ("(?:0[1-9]|[12][0-9]|3[01])", 2, 1, 31),
    "%H": ("(?:[01][0-9]|2[0-3])", 2, 0, 23),
    "%M": ("[0-5][0-9]", 2, 0, 59),
    "%S": ("[0-5][0-9]", 2, 0, 59),
}
# The most digits of a fraction of a second that `_written_as` reads
FRACTION_DIGITS = 6


def _written_as(date_format: str) -> str | None:
    """The pattern (RE2's) of a value written exactly as an ISO `date_format` ("%Y-%m-%d",
    then perhaps a space or a T and a time) writes it, with a fraction of its seconds or
    without, as `_parsed` reads one; None for another format."""
    if not date_format.startswith(ISO):
        return None
    codes = date_format.removesuffix(".%f")
    pieces = re.split("(%[YmdHMS])", codes)
    if any(re.search("[^ T:-]", piece) for piece in pieces[::2]):
        return None  # another code, or text of its own
    written = "".join(_ISO_CODES[piece][0] if piece in _ISO_CODES else piece for piece in pieces)
    fraction = f"(?:[.][0-9]{{1,{FRACTION_DIGITS}}})?" if codes.endswith("%S") else ""
    return f"^{written}{fraction}$"


def _written_exactly(values: pa.Array, date_format: str) -> pa.Array | None:
    """Which of `values` `_written_as`'s pattern matches: those of the length most have, as
    a tool writes its moments ("2025-11-01 14:03:27"), read from their bytes (`_bytes_as`),
    the others (an empty date, one written otherwise) by the pattern; None where a value is
    null: the pattern reads them all then (100,000 values of a chunk took it 7 ms, 1 ms so)."""
    if not is_text(values.type) or values.null_count or not len(values):
        return None
    bounds, _data = bounds_and_bytes(values)
    lengths = np.diff(bounds)
    width = int(np.bincount(np.minimum(lengths, 64)).argmax())
    if not width or width == 64:
        return None
    same = lengths == width
    if same.all():
        return pa.array(_bytes_as(values, width, date_format))
    exact = np.zeros(len(values), dtype=bool)
    exact[same] = _bytes_as(values.filter(pa.array(same)), width, date_format)
    others = values.filter(pa.array(~same))
    written = pc.match_substring_regex(others, _written_as(date_format))
    exact[~same] = written.to_numpy(zero_copy_only=False)
    return pa.array(exact)


def _bytes_as(values: pa.Array, width: int, date_format: str) -> np.ndarray:
    """Which of `values` (text of no nulls, each `width` bytes long) `_written_as`'s pattern
    matches: each code's digits read as a number in its range (_ISO_CODES), each other
    character compared with the format's."""
    rows = len(values)
    bounds, data = bounds_and_bytes(values)
    start = int(bounds[0])
    table = data[start : start + width * rows].reshape(rows, width)
    # a row of each character's place, its bytes less a zero's: 0-9 where it is a digit (the
    # arrays made anew, of a chunk's values each, cost more than the arithmetic: few are)
    digit = table.T.copy()  # a copy always: Arrow's bytes stay as they are
    digit -= np.uint8(ord("0"))
    codes = date_format.removesuffix(".%f")
    # each piece: a code's digits and range, or characters written as they are
    pieces = [_ISO_CODES[p][1:] if p in _ISO_CODES else p for p in re.split("(%[YmdHMS])", codes)]
    length = sum(piece[0] if isinstance(piece, tuple) else len(piece) for piece in pieces)
    if codes.endswith("%S") and 2 <= width - length <= FRACTION_DIGITS + 1:
        pieces += [".", *[(1, 0, 9)] * (width - length - 1)]  # a fraction of a second
    elif width != length:
        return np.zeros(rows, dtype=bool)
    exact = np.ones(rows, dtype=bool)
    found = np.empty(rows, dtype=bool)
    number = np.empty(rows, dtype=np.int16)
    at = 0
    for piece in pieces:
        if isinstance(piece, str):
            for character in piece:
                exact &= np.equal(digit[at], (ord(character) - ord("0")) % 256, out=found)
                at += 1
            continue
        size, low, high = piece
        number[:] = 0
        for place in digit[at : at + size]:
            exact &= np.less_equal(place, 9, out=found)
            number *= 10
            number += place
        exact &= np.greater_equal(number, low, out=found)
        exact &= np.less_equal(number, high, out=found)
        at += size
    return exact


def _calendar_days(days: pa.Array) -> pa.Array:
    """Whether each of `days` (ten characters of a value) is a day of the calendar as
    YYYY-MM-DD writes it: Arrow reads "2025-02-30" as 2 March, so the day read is written
    again and compared."""
    moments = pc.strptime(days, ISO, "s", error_is_null=True)
    return pc.fill_null(pc.equal(pc.cast(pc.cast(moments, pa.date32()), pa.string()), days), False)


def iso_days(values: pa.Array, date_format: str) -> pa.Array:
    """`to_iso` of a column (of distinct values, as the long table reads dates), at once."""
    cleaned = pd.Series(plain_column(values).to_numpy(zero_copy_only=False), dtype=object)
    read = _read(cleaned, _FORMAT_ZONE.sub("", date_format))
    return pc.coalesce(_iso(read), values)


def _iso(moments: pd.Series) -> pa.Array:
    """Each moment's day as YYYY-MM-DD; null where there is no moment."""
    return pc.cast(pc.cast(pa.Array.from_pandas(moments), pa.date32()), pa.string())


def _parsed(values: pd.Series, date_format: str) -> pd.Series:
    """`values` read by `date_format`, seconds with or without a fraction alike: one file
    may hold both ("…T09:00:00.000Z" among "…T16:12:33+01:00"), as review sites write them."""
    if date_format == EXCEL:
        number = values.where(values.str.fullmatch(r"[0-9]+(?:[.,][0-9]+)?")).str.replace(",", ".")
        days = pd.to_numeric(number, errors="coerce")
        first, last = EXCEL_DAYS
        days = days.where(days.between(first, last + 1, inclusive="left"))  # last's hours too
        return EXCEL_EPOCH + pd.to_timedelta(days, unit="D")
    if date_format == UNIX:
        number = pd.to_numeric(
            values.where(values.str.fullmatch(r"[0-9]+(?:\.[0-9]+)?")), errors="coerce"
        )
        first, last = UNIX_SECONDS
        seconds = number.where(number.between(first, last, inclusive="left"))
        milliseconds = number / 1000
        in_range = milliseconds.between(first, last, inclusive="left")
        seconds = seconds.fillna(milliseconds.where(in_range))
        return pd.to_datetime(seconds, unit="s", errors="coerce")
    apart = _apart(date_format)
    if apart is not None:
        return _read_apart(values, *apart)
    if "%B" in date_format or "%b" in date_format:
        values = values.map(english_months, na_action="ignore")
        date_format = date_format.replace("%b", "%B")
    parsed = pd.to_datetime(values, format=date_format, errors="coerce")
    other = _fraction_or_not(date_format)
    if other is not None and (unread := parsed.isna() & values.str.len().gt(0)).any():
        again = pd.to_datetime(values[unread], format=other, errors="coerce")
        unit = "datetime64[us]"  # a fraction's resolution, whichever was read first
        parsed = parsed.astype(unit).mask(unread, again.astype(unit))
    return parsed


def day_format(date_format: str) -> str | None:
    """The format of `date_format`'s day, where the format writes a day, then perhaps a
    time ("%d.%m.%Y %H:%M": "%d.%m.%Y"); None for a number's (EXCEL, UNIX), or a time first."""
    if date_format in (EXCEL, UNIX):
        return None
    day = _FORMAT_TIME.sub("", date_format)
    return None if _TIME_CODES.search(day) else day


def _read(values: pd.Series, date_format: str) -> pd.Series:
    """`values` read by `date_format`, and those it does not read by its day's format, with
    a time or without (TIME_AFTER_DAY): a day alone under a date-time format is that day,
    a date-time under a day's format is its day. A day's format takes a time that it does
    not write itself, but not text of another kind: that stays unread."""
    parsed = _parsed(values, date_format)
    day = day_format(date_format)
    if day is None:
        return parsed
    unread = parsed.isna()
    if not unread.any():
        return parsed
    unread &= values.notna() & values.astype(bool)
    if not unread.any():
        return parsed
    days = values[unread].str.replace(TIME_AFTER_DAY, "", n=1, regex=True)
    again = _parsed(days, day)
    unit = "datetime64[us]"
    return parsed.astype(unit).mask(unread, again.astype(unit))


def _apart(date_format: str) -> tuple[str, str] | None:
    """A format of a day, white space, then a time, other than ISO's: the day's format and
    the time's. pandas reads ISO's formats fast, and others at a microsecond or more a value:
    an export recorded to the second ("03/05/2026 04:12:33 PM", "05.03.2026 16:12:33") has a
    million distinct values in a million rows, but a few hundred days and at most 86,400
    times of day."""
    # white space in a format reads any run of it, as in pandas' (a format of two spaces)
    day, *time = date_format.split(maxsplit=1)
    a_day = all(part in day for part in ("%d", "%m")) and ("%Y" in day or "%y" in day)
    if time and a_day and "%M" in time[0] and not date_format.startswith("%Y-%m-%d"):
        return day, time[0]
    return None


def _read_apart(values: pd.Series, day_format: str, time_format: str) -> pd.Series:
    """`_parsed` of a day and a time apart (`_apart`): each distinct day read once, and each
    distinct time, which must be read too; the time of day is left out. A space in a format
    reads white space, as pandas' does."""
    ended = pa.array(values.to_numpy(dtype=object), pa.string())
    # a space after each value: a value of one part has an empty time, which no time reads
    parts = pc.split_pattern_regex(
        pc.binary_join_element_wise(ended, " ", ""), f"{WHITE}+", max_splits=1
    )
    day = pc.dictionary_encode(pc.list_element(parts, 0))
    time = pc.dictionary_encode(pc.utf8_rtrim_whitespace(pc.list_element(parts, 1)))
    days = pa.Array.from_pandas(_parsed(_texts(day.dictionary), day_format))
    read = pa.array(_parsed(_texts(time.dictionary), time_format).notna().to_numpy())
    moments = pc.if_else(pc.take(read, time.indices), pc.take(days, day.indices), None)
    return pd.Series(moments.to_pandas(), index=values.index)


def _texts(values: pa.Array) -> pd.Series:
    return pd.Series(values.to_numpy(zero_copy_only=False), dtype=object)


def _fraction_or_not(date_format: str) -> str | None:
    """The format with a fraction after its seconds, or without the one it has."""
    if date_format.endswith("%S.%f"):
        return date_format.removesuffix(".%f")
    if date_format.endswith("%S"):
        return date_format + ".%f"
    return None


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
