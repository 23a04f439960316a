"""Dates as survey tools write them, read into YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from touchsite.load.dates import (
    EXCEL_DAYS,
    FORMATS,
    ISO,
    SAMPLE,
    find_format,
    iso_days,
    named_order,
    plain,
    plain_column,
    row_days,
    settled,
    to_iso,
)
from touchsite.load.sources import EXCEL, UNIX


def test_seconds_with_and_without_a_fraction_in_one_file_are_all_read():
    """A review site's export: most times to the second, some to the millisecond in UTC."""
    written = [
        "2026-03-05T16:12:33+01:00",
        "2026-03-06T09:00:00.000Z",
        "2026-03-07T23:30:00-05:00",
    ]
    date_format = find_format(written).format
    assert date_format == "%Y-%m-%dT%H:%M:%S"
    assert to_iso(written, date_format) == ["2026-03-05", "2026-03-06", "2026-03-07"]
    assert to_iso(["2026-03-06T09:00:00"], "%Y-%m-%dT%H:%M:%S.%f") == ["2026-03-06"]


def test_a_value_no_format_reads_is_kept_as_it_is():
    """An hour without its minutes is no time: the day before it is not read either."""
    assert to_iso(["2026-03-06T09", "gestern", ""], "%Y-%m-%dT%H:%M:%S") == [
        "2026-03-06T09",
        "gestern",
        "",
    ]


# after a space too, as Ruby writes a time ("2026-03-05 16:12:33 -0700"); by name, as
# Alchemer writes its US zone ("2026-03-05 16:12:33 EDT")
ZONES = ["", "Z", "+01:00", "-0500", " -0700", " +02:00", " UTC", " EDT", " EST", " PST"]


@given(
    st.lists(
        st.tuples(
            st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 12, 31)),
            st.sampled_from(["", ".000", ".5", ".123456"]),
            st.sampled_from(ZONES),
        ),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M:%S"]),
)
def test_any_mix_of_fractions_reads_each_time_to_its_day(times, pattern: str):
    written = [moment.strftime(pattern) + fraction + zone for moment, fraction, zone in times]
    expected = [moment.strftime("%Y-%m-%d") for moment, _fraction, _zone in times]
    assert to_iso(written, find_format(written).format) == expected


@given(
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 11, 30)).map(
        lambda moment: moment.replace(day=1, second=0, microsecond=0)
    ),
    st.integers(12 * 24 + 1, 30 * 24),
    st.sampled_from(["%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y"]),
)
def test_day_first_dates_are_read_so_though_the_first_hundreds_have_no_day_after_the_12th(
    start: dt.datetime, hours: int, pattern: str
):
    """A Google Forms export of a British account, answered hourly from the 1st: the 13th
    comes after more than SAMPLE distinct dates, and decides the order."""
    moments = [start + dt.timedelta(hours=hour) for hour in range(hours)]
    written = [moment.strftime(pattern) for moment in moments]
    found = find_format(written)
    assert (found.format, found.other_order) == (pattern, "")
    assert to_iso(written, found.format) == [moment.strftime("%Y-%m-%d") for moment in moments]
    if " " in pattern:
        assert len(set(written[: SAMPLE + 1])) > SAMPLE  # the first SAMPLE could not decide


@given(
    st.lists(
        st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 12, 31)), min_size=1, max_size=30
    ).filter(lambda moments: any(moment.day > 12 for moment in moments)),
    st.sampled_from(["month", "day"]),
    st.sampled_from([" {0:%H}:{0:%M}:{0:%S}", " {0.hour}:{0:%M}", "", " {0:%I}:{0:%M} {0:%p}"]),
)
def test_a_year_of_two_digits_is_read(moments, first: str, time: str):
    """Excel's short date, as a CSV saved from Microsoft Forms' workbook holds it: no zeros
    before the month and the day, the year in two digits ("8/20/25 12:51:45"), the time on
    a 12-hour clock where the month comes first ("8/20/25 03:51 PM")."""
    assume(first == "month" or "%p" not in time)
    order = "{0.month}/{0.day}" if first == "month" else "{0.day}/{0.month}"
    written = [(order + "/{0:%y}" + time).format(moment) for moment in moments]
    found = find_format(written)
    assert found is not None
    assert found.format.startswith("%m/%d/%y" if first == "month" else "%d/%m/%y")
    assert to_iso(written, found.format) == [moment.strftime("%Y-%m-%d") for moment in moments]


@given(
    st.lists(
        st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 12, 31)), min_size=1, max_size=30
    ).filter(lambda moments: any(moment.day > 12 for moment in moments)),
    st.sampled_from(["%d-%m-%Y", "%m-%d-%Y"]),
    st.sampled_from([" %H:%M:%S", " %H:%M", ""]),
)
def test_days_apart_by_dashes_are_read_day_or_month_first(moments, order: str, time: str):
    """Dutch and Danish exports write "31-12-2025": its "-2025" is the year, no time zone."""
    written = [moment.strftime(order + time) for moment in moments]
    found = find_format(written)
    assert found is not None and found.format == order + time
    assert to_iso(written, found.format) == [moment.strftime("%Y-%m-%d") for moment in moments]


SWAPPED = {"%d/%m/%Y": "%m/%d/%Y", "%d/%m/%Y %H:%M": "%m/%d/%Y %H:%M"}
SWAPPED |= {month_first: day_first for day_first, month_first in SWAPPED.items()}
# moments whose days are all 12 or less, not all on the day of their month's number: their
# dates read either way round, to other days
EITHER_WAY = st.lists(
    st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 12, 31)).filter(
        lambda moment: moment.day <= 12
    ),
    min_size=1,
    max_size=30,
).filter(lambda moments: any(moment.day != moment.month for moment in moments))


@given(
    EITHER_WAY,
    st.sampled_from(sorted(SWAPPED)),
)
def test_dates_that_read_either_way_round_say_which_order_was_assumed(moments, pattern: str):
    written = [moment.strftime(pattern) for moment in moments]
    found = find_format(written)
    assert {found.format, found.other_order} == {pattern, SWAPPED[pattern]}
    days = [moment.strftime("%Y-%m-%d") for moment in moments]
    assert days in (to_iso(written, found.format), to_iso(written, found.other_order))


@given(
    st.lists(
        st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 12, 31)).filter(
            lambda moment: moment.day <= 12
        ),
        min_size=1,
        max_size=10,
    ),
    st.lists(st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 12, 31)), max_size=10),
    st.datetimes(dt.datetime(2000, 1, 13), dt.datetime(2040, 12, 31)).filter(
        lambda moment: moment.day > 12
    ),
    st.sampled_from(sorted(SWAPPED)),
)
def test_an_order_the_first_dates_leave_open_is_settled_by_a_later_day_after_the_12th(
    first, later, decisive, pattern: str
):
    """The first dates have no day after the 12th (some may be each their month's number,
    "03/03/2026", which read alike either way round): the order stays open, and the first
    later date after the 12th settles it, whatever came before it."""
    found = find_format([moment.strftime(pattern) for moment in first])
    assert found.open and {found.format, found.either_order} == {pattern, SWAPPED[pattern]}
    for moment in later:
        if moment.day <= 12:
            found = settled(found, [moment.strftime(pattern)])
            assert found.open
    found = settled(found, [decisive.strftime(pattern)])
    assert (found.format, found.other_order, found.open) == (pattern, "", False)
    assert settled(found, [later_day.strftime(SWAPPED[pattern]) for later_day in later]) == found


NAMED_ORDER = {  # a column's name that writes its dates' order, and the order it writes
    "Timestamp (mm/dd/yyyy)": "%m/%d",  # QuestionPro's raw data
    "Date (MM/DD/YY)": "%m/%d",
    "Datum (TT.MM.JJJJ)": "%d/%m",
    "Bestelldatum (tt.mm.jjjj)": "%d/%m",
    "Date (dd/mm/yyyy)": "%d/%m",
}


@given(
    EITHER_WAY,
    st.sampled_from(sorted(SWAPPED)),
    st.sampled_from(sorted(NAMED_ORDER)),
)
def test_a_columns_name_that_writes_the_order_of_its_dates_decides_it(moments, pattern, name):
    """Where every day is 12 or less, the dates read either way round; a name such as
    QuestionPro's "Timestamp (mm/dd/yyyy)" says which. Before, the mapping asked to decide."""
    written = [moment.strftime(pattern) for moment in moments]
    found = named_order(name, find_format(written))
    assert found.other_order == ""
    assert found.format.startswith(NAMED_ORDER[name])
    if pattern.startswith(NAMED_ORDER[name]):
        assert to_iso(written, found.format) == [m.strftime("%Y-%m-%d") for m in moments]


@pytest.mark.parametrize("name", sorted(NAMED_ORDER))
def test_a_columns_name_decides_the_order_of_dates_that_read_the_same_either_way(name):
    """Every day its month's number ("03/03/2026"): both orders read the same days, and the
    format stayed open however the column's name wrote its order (data inspect then left the
    order to the build, where the name had said it)."""
    written = ["03/03/2026", "11/11/2026"]
    found = named_order(name, find_format(written))
    assert (found.format, found.open) == (f"{NAMED_ORDER[name]}/%Y", False)


def test_a_name_that_writes_no_order_decides_none():
    written = ["01/02/2026", "03/04/2026"]
    for name in ("Timestamp", "Date", "Datum", "Date (UTC)", "mm/dd/yyyy or dd/mm/yyyy"):
        assert named_order(name, find_format(written)) == find_format(written)


def test_dates_no_order_changes_are_not_said_to_be_either_way_round():
    written = ["01/01/2026", "02/02/2026", "03/03/2026"]
    assert find_format(written).other_order == ""


@given(
    st.integers(EXCEL_DAYS[0], EXCEL_DAYS[1]),
    st.sampled_from(["", ".5", ".25", ",75", ".0416666"]),
)
def test_a_spreadsheets_day_numbers_are_its_days(number: int, fraction: str):
    """46085 is 2026-03-04 in Excel's 1900 system (days since 1899-12-30); a fraction is
    the time of day, a German comma as a point."""
    day = dt.date(1899, 12, 30) + dt.timedelta(days=number)
    assert to_iso([f"{number}{fraction}"], EXCEL) == [day.isoformat()]


@pytest.mark.parametrize(
    "value", ["12", "3", "9999", "80000", "2958465", "46085.", "-46085", "4.6e4"]
)
def test_numbers_that_are_no_survey_day_stay_as_written(value: str):
    """A count, an id or a far day is no date: it stays, for the checks to report."""
    assert to_iso([value], EXCEL) == [value]


@given(
    st.lists(
        st.tuples(
            st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2099, 12, 31, 23, 59, 59)),
            st.sampled_from(["s", "ms", "fraction"]),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_unix_times_are_found_and_read_to_their_utc_day(moments):
    """API exports (Delighted's, Zendesk's) write a moment as seconds since 1970 in UTC, or
    milliseconds: found as such from the values, each read to its day in UTC."""
    written = []
    for moment, unit in moments:
        seconds = int(moment.replace(tzinfo=dt.UTC).timestamp())
        milliseconds = seconds * 1000 + moment.microsecond // 1000
        number = {"s": str(seconds), "ms": str(milliseconds), "fraction": f"{seconds}.25"}[unit]
        written.append(number)
    assert find_format(written).format == UNIX
    assert to_iso(written, UNIX) == [moment.strftime("%Y-%m-%d") for moment, _ in moments]


@pytest.mark.parametrize(
    "value",
    [
        "12",  # a count
        "46085",  # an Excel day number
        "20240418",  # a day without separators
        "946684799",  # the last second of 1999
        "4102444800",  # the first of 2100
        "946684799999",
        "4102444800000",
        "17134184601",  # eleven digits: neither seconds nor milliseconds of this century
        "-1713418460",
        "1.7e9",
        "1713418460.",
    ],
)
def test_numbers_that_are_no_unix_time_of_a_survey_stay_as_written(value: str):
    assert to_iso([value], UNIX) == [value]


def test_a_count_or_an_id_is_no_date_of_either_kind():
    assert find_format(["12", "3", "40", "512"]) is None
    assert find_format(["1713418460", "1713504860"]).format == UNIX
    assert find_format(["46085", "46090"]).format == EXCEL


def test_day_numbers_are_found_as_such_and_only_numbers_are():
    assert find_format(["46085", "46086.5", "46090"]).format == EXCEL
    assert find_format(["2026-03-04", "2026-03-05"]).format == ISO


# What ends a time in exports, zone or not: Google Forms' owner's zone by name (any, with an
# offset after GMT), Alchemer's US names, offsets with and without a colon or a space, "Z",
# AM or PM alone, a German "Uhr", and look-alikes a zone's name must not be cut out of
ENDINGS = ["", "Z", " Z", "+01:00", "-0500", " -0700", " +02:00", " UTC", " EDT", " AEST"]
ENDINGS += [" GMT+1", " GMT-07:00", " OEZ", " OESZ", " MESZ", " HST", " NZDT+13", " Uhr"]
ENDINGS += [" AM", " PM", " a.m.", "  PM  AST", " AM AST", " pm IST", "AST", "EST", " xEST"]
ENDINGS += ["\u00a0MEZ", "\u202fPM", " AM PM", " Q", " ABCDEF", " +1", "-2025", " 12:00"]
MOMENTS = ["%Y-%m-%d %H:%M:%S", "%Y/%m/%d %I:%M:%S %p", "%d.%m.%Y %H:%M", "%Y-%m-%d", "%H:%M"]


@given(
    st.lists(
        st.tuples(
            st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 12, 31)),
            st.sampled_from(MOMENTS),
            st.sampled_from(["", ".5", ",123", ".123456789"]),
            st.sampled_from(ENDINGS),
            st.sampled_from(["", " ", "\t"]),
        ),
        min_size=1,
        max_size=30,
    ),
    st.lists(st.text(max_size=12), max_size=5),
)
def test_zones_come_off_a_column_as_off_each_value(moments, others):
    """The column's Arrow patterns take off what the Python pattern takes off each value."""
    written = [
        white + moment.strftime(pattern) + fraction + ending + white
        for moment, pattern, fraction, ending, white in moments
    ] + others
    assert plain_column(pa.array(written, pa.string())).to_pylist() == [
        plain(value) for value in written
    ]


@given(
    st.lists(
        st.tuples(
            st.datetimes(dt.datetime(1950, 1, 1), dt.datetime(2099, 12, 31)),
            st.sampled_from([" AST", " GMT+1", " AEST", " OEZ", " HST", " IST", ""]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_a_google_forms_time_is_read_with_its_owners_zone_by_any_name(moments):
    """Google Forms writes "2022/06/22 1:07:29 PM AEST", in the zone of the form's owner."""
    written = [
        f"{moment:%Y/%m/%d} {moment.hour % 12 or 12}:{moment:%M:%S %p}{zone}"
        for moment, zone in moments
    ]
    found = find_format(written)
    assert found.format == "%Y/%m/%d %I:%M:%S %p"
    assert to_iso(written, found.format) == [f"{moment:%Y-%m-%d}" for moment, _ in moments]


def test_a_zones_name_is_a_word_of_its_own():
    """Before, the "EST" of "AEST" and the "Z" of "OEZ" were taken off, the rest left."""
    assert plain("2022/06/22 11:07:29 AM AEST") == "2022/06/22 11:07:29 AM"
    assert plain("2022/06/22 11:07:29 PM OEZ") == "2022/06/22 11:07:29 PM"
    assert plain("2022/06/22 11:07:29 PM") == "2022/06/22 11:07:29 PM"
    assert plain("22.06.2022 11:07 Uhr") == "22.06.2022 11:07"
    assert plain("2026-03-05 xEST") == "2026-03-05 xEST"


@given(st.lists(st.text(max_size=25), max_size=20), st.sampled_from(["%Y-%m-%d", EXCEL, UNIX]))
def test_a_column_of_days_reads_as_each_value_does(values, date_format):
    """iso_days (a column at once) and to_iso (values one by one, through pandas) agree."""
    expected = []
    for value in values:
        parsed = pd.to_datetime(pd.Series([plain(value)]), format=date_format, errors="coerce")
        if date_format in (EXCEL, UNIX):
            expected = None
            break
        expected.append(value if pd.isna(parsed[0]) else parsed[0].strftime("%Y-%m-%d"))
    got = iso_days(pa.array(values, pa.string()), date_format).to_pylist()
    assert got == to_iso(values, date_format)
    if expected is not None:
        assert got == expected


APART = [f for f in FORMATS if " " in f and not f.startswith("%Y-%m-%d")]


def _whole(values: list[str], date_format: str) -> list[str | None]:
    """The days pandas reads from whole values (with or without a fraction of a second)."""
    series = pd.Series(values, dtype=object)
    parsed = pd.to_datetime(series, format=date_format, errors="coerce")
    if date_format.endswith("%S"):
        again = pd.to_datetime(series, format=date_format + ".%f", errors="coerce")
        parsed = parsed.astype("datetime64[us]").fillna(again.astype("datetime64[us]"))
    return [None if pd.isna(moment) else moment.strftime("%Y-%m-%d") for moment in parsed]


def _as_pandas_reads(written: list[str], date_format: str) -> list[str]:
    """Each value's day as pandas reads the whole value without its zone; else as pandas
    reads its day by the format's day alone, with a clock's time after it or none; else the
    value."""
    plains = [plain(value) for value in written]
    wholes = _whole(plains, date_format)
    at = min((date_format.find(code) for code in ("%H", "%I") if code in date_format), default=-1)
    day_format = date_format if at < 0 else date_format[:at].rstrip(" T,")
    days = _whole([_before_a_time(value) for value in plains], day_format)
    return [whole or day or value for value, whole, day in zip(written, wholes, days, strict=True)]


def _before_a_time(value: str) -> str:
    """`value` without a time of day at its end (a clock's hours and minutes, perhaps its
    seconds and their fraction, perhaps AM or PM), after white space (a comma before it) or
    a T: at the first place a time follows so, up to the end."""
    for at, character in enumerate(value):
        after = value[at + 1 :]
        if character == "," and after[:1].isspace() or character.isspace():
            rest = after.lstrip()
        elif character == "T":
            rest = after
        else:
            continue
        if _clock(rest.rstrip()):
            return value[:at]
    return value


def _clock(text: str) -> bool:
    """Whether `text` is a time of day: h:mm, h:mm:ss or h:mm:ss.f (a comma or a point, up
    to nine digits), on a 24-hour clock, or a 12-hour one with AM or PM after it."""
    twelve = text[-2:].lower() in ("am", "pm")
    clock = text[:-2].rstrip() if twelve else text
    parts = clock.split(":")
    if len(parts) not in (2, 3) or not all(part for part in parts):
        return False
    if len(parts) == 3:
        seconds, point, fraction = parts[2].replace(",", ".").partition(".")
        if point and not (fraction.isascii() and fraction.isdigit() and len(fraction) <= 9):
            return False
        parts[2] = seconds
    hours, *rest = parts
    if not all(p.isascii() and p.isdigit() for p in parts):
        return False
    if len(hours) > 2 or any(len(p) != 2 or int(p) > 59 for p in rest):
        return False
    return 1 <= int(hours) <= 12 if twelve else int(hours) <= 23


@given(
    st.sampled_from(APART),
    st.lists(
        st.one_of(
            st.tuples(
                st.datetimes(dt.datetime(1950, 1, 1), dt.datetime(2099, 12, 31)),
                st.sampled_from(["", ".5", ".123456"]),
                st.sampled_from([" ", "  ", "\u00a0", "\t"]),
            ),
            st.text(alphabet="0123456789./: APMapm", max_size=24),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(28, 33),
    st.integers(0, 25),
)
def test_a_day_and_a_time_read_apart_read_as_read_together(date_format, items, day, hour):
    """Formats other than ISO's are read as a day and a time apart, each distinct one once:
    the days are those pandas reads from the whole values, impossible days ("31.02."),
    hours ("25:00") and stray text alike."""
    day_format, _, time_format = date_format.partition(" ")

    def write(moment: dt.datetime, fraction: str, white: str) -> str:
        text = moment.strftime(day_format) + white + moment.strftime(time_format)
        return text + fraction if time_format.endswith("%S") else text

    written = _written(items, write)
    # an impossible day and an impossible hour, written in the format's order
    odd = dt.datetime(2026, 2, 1, 10, 30, 15)
    written.append(odd.strftime(day_format).replace("01", f"{day:02d}", 1) + " 10:30:15")
    written.append(odd.strftime(day_format) + f" {hour:02d}:30:15")
    days = iso_days(pa.array(written, pa.string()), date_format).to_pylist()
    assert days == _as_pandas_reads(written, date_format)


ISO_FORMATS = [f for f in FORMATS if f.startswith("%Y-%m-%d")]


def _written(items: list, write) -> list[str]:
    """The values of a property test's items: a text as it is, a (moment, fraction, third)
    tuple as `write` writes it."""
    return [item if isinstance(item, str) else write(*item) for item in items]


@given(
    st.sampled_from(ISO_FORMATS),
    st.lists(
        st.one_of(
            st.tuples(
                st.datetimes(dt.datetime(1600, 1, 1), dt.datetime(2400, 12, 31)),
                st.sampled_from(["", ".5", ".123456", ".1234567", ".123456789"]),
                st.sampled_from(["", " ", "Z", "+01:00", " UTC", "x"]),
            ),
            # impossible days and times, as written by hand or by a faulty tool
            st.tuples(
                st.integers(0, 13), st.integers(0, 32), st.integers(0, 25), st.integers(0, 61)
            ).map(lambda t: f"2024-{t[0]:02d}-{t[1]:02d} {t[2]:02d}:{t[3]:02d}:{t[3]:02d}"),
            st.text(alphabet="0123456789-: T.", max_size=22),
        ),
        min_size=1,
        max_size=40,
    ),
)
def test_each_rows_day_is_read_as_pandas_reads_the_whole_value(date_format, items):
    """row_days takes an ISO value's day from its first ten characters where the value is
    written exactly as its format writes it: each day is the one pandas reads from the whole
    value (its zone taken off), and a value pandas cannot read stays as written."""

    def write(moment: dt.datetime, fraction: str, ending: str) -> str:
        text = moment.strftime(date_format.removesuffix(".%f"))
        return text + (fraction if date_format.endswith(("%S", "%S.%f")) else "") + ending

    written = _written(items, write)
    # days no calendar has, written exactly as the format writes a day
    for impossible in ("2025-02-29", "2024-04-31", "2024-02-30"):
        written.append(
            dt.datetime(2024, 1, 1, 9).strftime(date_format).replace("2024-01-01", impossible)
        )
    days = row_days(pa.array(written, pa.string()), date_format)
    assert days.to_pylist() == _as_pandas_reads(written, date_format.removesuffix(".%f"))


@given(
    st.sampled_from(ISO_FORMATS),
    st.sampled_from(["", ".5", ".123", ".123456", ".1234567"]),
    st.lists(
        st.tuples(
            st.datetimes(dt.datetime(1800, 1, 1), dt.datetime(2300, 12, 31)),
            # characters changed: other digits (a 13th month, a 25th hour), other marks
            st.lists(
                st.tuples(st.integers(0, 30), st.sampled_from("0123456789-: T.xZ")), max_size=2
            ),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(0, 3),
)
def test_values_of_one_length_are_read_as_pandas_reads_the_whole_value(
    date_format, fraction, items, before
):
    """Values all of one length, as a tool writes its moments, are checked from their bytes:
    each day is the one pandas reads from the whole value, whatever characters are changed,
    in a slice of a column too (its values after others), whose bytes stay as they were."""

    def write(moment: dt.datetime, changes: list[tuple[int, str]]) -> str:
        text = moment.strftime(date_format.removesuffix(".%f"))
        text += fraction if date_format.endswith(("%S", "%S.%f")) else ""
        for place, character in changes:  # the year's first digit kept: pandas reads 0001
            at = 1 + place % (len(text) - 1)
            text = text[:at] + character + text[at + 1 :]
        return text

    written = [write(*item) for item in items]
    column = pa.array(["other"] * before + written, pa.string()).slice(before)
    days = row_days(column, date_format)
    assert days.to_pylist() == _as_pandas_reads(written, date_format.removesuffix(".%f"))
    assert column.to_pylist() == written


@pytest.fixture
def pattern_reads(monkeypatch) -> list[int]:
    """How many values each of the dates' pattern matches read (RE2's, through Arrow)."""
    import touchsite.load.dates as dates

    read: list[int] = []
    matched = pc.match_substring_regex

    def counted(values, pattern, **options):
        read.append(len(values))
        return matched(values, pattern, **options)

    monkeypatch.setattr(dates.pc, "match_substring_regex", counted)
    return read


def test_moments_of_one_length_are_not_read_by_a_pattern_one_by_one(pattern_reads):
    """A chunk's moments to the second, all of one length, are checked from their bytes:
    RE2's pattern read each of them before (7 ms a 100,000, against 1 ms)."""
    moments = [
        f"2025-03-{1 + n // 86400:02d} {n // 3600 % 24:02d}:{n // 60 % 60:02d}:{n % 60:02d}"
        for n in range(0, 86400 * 3, 13)
    ]
    moments[100] = "2025-03-01 24:00:00"  # no hour of a day: read by pandas, as written
    found = row_days(pa.array(moments, pa.string()), "%Y-%m-%d %H:%M:%S")
    days = [moment[:10] for moment in moments]
    days[100] = moments[100]
    assert found.dictionary_decode().to_pylist() == days
    assert max(pattern_reads, default=0) <= 1  # that one value alone, cleaned to be read by pandas


@given(
    st.sampled_from(["%d.%m.%Y  %H:%M", "%m/%d/%Y\t%I:%M %p", "%d/%m/%Y \u00a0%H:%M:%S"]),
    st.datetimes(dt.datetime(1950, 1, 1), dt.datetime(2099, 12, 31)),
    st.sampled_from([" ", "  ", "\t", "\u00a0"]),
)
def test_a_format_written_with_more_white_space_reads_as_pandas_does(date_format, moment, white):
    """date_format as a user copies it from an export that puts two spaces (or a tab)
    between the day and the time: a run of white space in a format reads any run, as in
    pandas'. Read apart, the time's format began with white space that no time has, and
    every date of the file was unreadable."""
    day_format, time_format = date_format.split(maxsplit=1)
    written = moment.strftime(day_format) + white + moment.strftime(time_format)
    assert to_iso([written], date_format) == _whole([written], date_format)
    assert to_iso([written], date_format) == [moment.strftime(ISO)]


@pytest.mark.parametrize(
    ("written", "date_format"),
    [
        ("05.03.2026 16:12 Uhr", "%d.%m.%Y %H:%M Uhr"),
        ("2022/06/22 1:07:29 PM AEST", "%Y/%m/%d %I:%M:%S %p AEST"),
        ("2026-03-05 16:12:33 MESZ", "%Y-%m-%d %H:%M:%S %Z"),
        ("2026-03-05T16:12:33+0100", "%Y-%m-%dT%H:%M:%S%z"),
    ],
)
def test_a_format_that_writes_the_zone_reads_the_dates_without_it(written, date_format):
    """A date_format written with what follows the time ("Uhr", the zone's name), as a
    user wrote it where the dates were not read without: the zone is taken off the values,
    and off the format too. Before, "%d.%m.%Y %H:%M Uhr" read no date at all."""
    assert to_iso([written], date_format) == ["2026-03-05" if "2026" in written else "2022-06-22"]


def test_a_column_of_few_distinct_iso_dates_is_read_by_its_distinct_values(pattern_reads):
    """Most exports date an answer by its day, or repeat few moments: each distinct value is
    read once. Reading each row's first ten characters pays where nearly every row is a
    moment of its own only; before, a million rows of 365 days took five times as long."""
    days = [f"2025-03-{day:02d}" for day in range(1, 31)] * 2000
    found = row_days(pa.array(days, pa.string()), ISO)
    assert found.dictionary_decode().to_pylist() == days
    assert max(pattern_reads, default=0) <= 30
    moments = [f"2025-03-01 10:{n // 60:02d}:{n % 60:02d}" for n in range(3600)]
    found = row_days(pa.array(moments, pa.string()), "%Y-%m-%d %H:%M:%S")
    assert found.dictionary_decode().to_pylist() == ["2025-03-01"] * 3600


def test_a_format_the_sample_settles_reads_no_more_values(monkeypatch):
    """A chunk's dates to the second are each a value of their own: where one format alone
    reads the first SAMPLE, the others are not cleaned nor read (before, all 100,000 were)."""
    import touchsite.load.dates as dates

    cleaned: list[int] = []
    plain_values = dates.plain_column

    def counted(values):
        cleaned.append(len(values))
        return plain_values(values)

    monkeypatch.setattr(dates, "plain_column", counted)
    start = dt.datetime(2025, 11, 1)
    written = [f"{start + dt.timedelta(seconds=7 * n):%Y-%m-%d %H:%M:%S}" for n in range(100_000)]
    found = find_format(written)
    assert (found.format, found.other_order) == ("%Y-%m-%d %H:%M:%S", "")
    assert sum(cleaned) <= 2 * SAMPLE


@settings(max_examples=20)  # each example reads the whole list: a few kinds of it suffice
@given(
    st.integers(0, 48),
    st.sampled_from([" UTC", "Z", " +01:00"]),
    st.sampled_from(["%d/%m/%Y %H:%M", "%m/%d/%Y %H:%M"]),
)
def test_the_sample_is_the_first_distinct_values_once_their_zones_are_off(
    hours: int, zone: str, pattern: str
):
    """Each moment written twice, with its zone and without (`plain` makes them one value):
    the first SAMPLE distinct moments, all before the 13th, leave the order open; a 13th
    after them decides it, as it does where the values are written once."""
    moments = [dt.datetime(2026, 1, 1) + dt.timedelta(hours=hour) for hour in range(12 * 24)]
    moments += [dt.datetime(2026, 1, 13) + dt.timedelta(hours=hour) for hour in range(hours)]
    twice = [
        text for moment in moments for text in (f"{moment:{pattern}}{zone}", f"{moment:{pattern}}")
    ]
    found = find_format(twice)
    if hours:  # a day after the 12th: only the order written reads it
        assert (found.format, found.other_order) == (pattern, "")
    else:  # every day is 12 or less: the first of FORMATS (month first, as the US tools
        # write it with slashes), and the other order
        assert (found.format, found.other_order) == ("%m/%d/%Y %H:%M", "%d/%m/%Y %H:%M")


@pytest.mark.parametrize(
    ("written", "day"),
    [
        (["Apr 02, 2026 02:01", "Dec 31, 2025 23:59"], ["2026-04-02", "2025-12-31"]),
        (["Apr 02, 2026 2:01 PM", "Mar 15, 2026 11:30 AM"], ["2026-04-02", "2026-03-15"]),
        (["Apr 02, 2026", "Sep 30, 2026"], ["2026-04-02", "2026-09-30"]),
        (["April 2, 2026", "September 30, 2026"], ["2026-04-02", "2026-09-30"]),
    ],
)
def test_a_month_written_by_its_english_name_is_read(written: list[str], day: list[str]):
    """Retently dates a response "Apr 02, 2026 02:01": before, no format read it, and a
    file dated so had no answer read at all."""
    found = find_format(written)
    assert found is not None
    assert to_iso(written, found.format) == day


ENGLISH_SHORT = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    st.lists(
        st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2099, 12, 31)), min_size=1, max_size=12
    )
)
def test_a_day_before_its_months_name_and_a_twelve_hour_time_is_read(moments):
    """SurveySparrow dates a response "01 Mar 2026, 01:41 PM": before, no format read it, and
    inspect showed the column as numbers 1..31 and proposed no date."""
    values = []
    for moment in moments:
        hour = (moment.hour + 11) % 12 + 1
        noon = "AM" if moment.hour < 12 else "PM"
        month = ENGLISH_SHORT[moment.month - 1]
        values.append(
            f"{moment.day:02d} {month} {moment.year}, {hour:02d}:{moment.minute:02d} {noon}"
        )
    found = find_format(values)
    assert found is not None
    assert to_iso(values, found.format) == [moment.date().isoformat() for moment in moments]


GERMAN_MONTHS = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
GERMAN_SHORT = "Jan. Feb. Mär. Apr. Mai Jun. Jul. Aug. Sept. Okt. Nov. Dez."


@settings(max_examples=200, deadline=None, derandomize=True, database=None)
@given(
    st.lists(st.dates(dt.date(1990, 1, 1), dt.date(2099, 12, 31)), min_size=1, max_size=12),
    st.sampled_from(["long", "short", "british", "month"]),
    st.sampled_from([str, str.upper, str.lower]),
)
def test_a_month_written_by_its_german_name_is_read(days, written, case):
    """German review sites date a review "12. März 2026" or "12. Mär. 2026", kununu
    "Oktober 2025" (a month alone, read as its first day), a British export "12 March 2026":
    no format read them before."""
    months, short = GERMAN_MONTHS.split(), GERMAN_SHORT.split()
    values = [
        case(
            {
                "long": f"{day.day}. {months[day.month - 1]} {day.year}",
                "short": f"{day.day:02d}. {short[day.month - 1]} {day.year}",
                "british": f"{day.day} {day:%B} {day.year}",
                "month": f"{months[day.month - 1]} {day.year}",
            }[written]
        )
        for day in days
    ]
    found = find_format(values)
    assert found is not None
    expected = [(day.replace(day=1) if written == "month" else day).isoformat() for day in days]
    assert to_iso(values, found.format) == expected


def test_a_month_written_in_full_beside_one_cut_short_is_read():
    """German writes some months in full beside others cut short ("12. März 2026" beside
    "1. Okt. 2025", as the Duden cuts them): "%d. %B %Y" read the full ones, "%d. %b %Y"
    the short ones, a third of the dates were lost, and the other format was proposed as the
    dates' "other order". A month's name is read either way."""
    values = ["12. März 2026", "1. Okt. 2025", "3. Mai 2026", "7. Sept. 2025", "9. Juni 2026"]
    found = find_format(values)
    assert found is not None and found.other_order == ""
    expected = ["2026-03-12", "2025-10-01", "2026-05-03", "2025-09-07", "2026-06-09"]
    assert to_iso(values, found.format) == expected
    assert to_iso(values, "%d. %b %Y") == expected


def test_a_month_name_of_letters_folded_otherwise_is_no_date_and_no_crash():
    """Letters the pattern matches in either case that lower to other letters (a dotted
    capital I, a long s) stop no build: the value is no date."""
    values = ["12. JULİ 2026", "1. ſept. 2025", "MAİ 2026", "3. Juni 2026"]
    assert to_iso(values, "%d. %B %Y") == [
        "12. JULİ 2026",
        "1. ſept. 2025",
        "MAİ 2026",
        "2026-06-03",
    ]
    assert find_format(values) is not None


def test_austrias_january_is_read():
    assert to_iso(["3. Jänner 2026", "Jän. 2026"], "%d. %B %Y")[0] == "2026-01-03"
    assert to_iso(["Jän. 2026"], "%b %Y") == ["2026-01-01"]


# what a value of three digits at most could be made of: the formats' separators, a month's
# name, AM/PM, a zone
SHORT_PARTS = [
    "1",
    "9",
    "0",
    "12",
    "31",
    "-",
    ".",
    "/",
    " ",
    ":",
    ",",
    "T",
    "Mar",
    "März",
    "PM",
    "Z",
]


@given(st.lists(st.sampled_from(SHORT_PARTS), min_size=1, max_size=8))
@settings(max_examples=300, deadline=None)
def test_no_format_reads_a_value_of_fewer_than_four_digits(parts):
    """Every format reads a day, a month and a year; a value with three digits or fewer is
    read by none (each format tried on it, as a column of dates is)."""
    value = "".join(parts)
    assume(sum(character.isdigit() for character in value) <= 3)
    for date_format in FORMATS:
        assert to_iso([value], date_format) == [value], date_format
    assert find_format([value]) is None


def test_an_eleven_point_scale_is_no_date_and_no_format_is_tried(monkeypatch):
    """An NPS column under a name that may be a date's ("recommend" holds "end"): its
    answers 0-10 are no date, seen before any format is tried on them."""
    from touchsite.load import dates

    def tried(values, date_format):
        raise AssertionError(f"{date_format} tried on {list(values)}")

    monkeypatch.setattr(dates, "_parsed", tried)
    assert find_format([str(score) for score in range(11)]) is None
    assert find_format(["5", "", "10", "k. A."]) is None


@settings(max_examples=25, deadline=None)
@given(
    st.integers(0, 2 * SAMPLE),
    st.sampled_from([pa.string(), pa.large_string()]),
    st.integers(0, 3),
    st.sampled_from([("%d/%m/%Y %H:%M:%S", 13), ("%m/%d/%Y %H:%M:%S", 13)]),
)
def test_a_chunk_s_distinct_dates_as_arrow_s_text_settle_the_format_as_any(
    late, kind, cut, written
):
    """The long table hands its dates to find_format as Arrow's text (a chunk's hundred
    thousand distinct ones are not made Python's): a file of days 1-12 first, hours apart
    (more than SAMPLE distinct values, so every format reads the sample alike), with the
    13th after the first `late` of them, nulls and repeats among them, in either kind of
    Arrow's text and in a slice, reads as the format that writes them, worked out by the
    day that only it reads."""
    pattern, day = written
    moments = [dt.datetime(2026, 1 + n % 12, 1, 0) + dt.timedelta(hours=n) for n in range(400)]
    moments = [m for m in moments if m.day <= 12][: SAMPLE + late]
    values = [m.strftime(pattern) for m in moments]
    values[late:late] = [dt.datetime(2026, 5, day, 10).strftime(pattern), None, values[0]]
    array = pa.array([None] * cut + values, kind).slice(cut)
    found = find_format(array)
    assert found is not None and found.format == pattern and not found.open


def test_a_format_is_not_tried_on_dates_without_its_punctuation(monkeypatch):
    """An export's dates to the second hold "-", ":" and a space: no format of "/", "." or
    "," reads them, and none is tried (each took a millisecond and a half of the sample)."""
    from touchsite.load import dates

    tried = []
    parsed = dates._parsed
    monkeypatch.setattr(dates, "_parsed", lambda v, f: tried.append(f) or parsed(v, f))
    written = [f"2025-11-{day:02d} 14:03:{day:02d}" for day in range(1, 29)]
    assert find_format(written).format == "%Y-%m-%d %H:%M:%S"
    assert "%Y-%m-%d %H:%M:%S" in tried and EXCEL in tried and "%d %b %Y" in tried
    # (a fraction's point is read or not)
    assert not [f for f in tried if any(mark in f.removesuffix(".%f") for mark in "/.,")]


# punctuation a survey tool writes between a date's parts, or a typist does
MARKS = ["-", "/", ".", ":", ",", " ", "T", ". ", ""]


@given(
    st.lists(
        st.tuples(
            st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2040, 12, 31)),
            st.sampled_from([f for f in FORMATS if "%" in f]),
            st.lists(st.tuples(st.integers(0, 30), st.sampled_from(MARKS)), max_size=2),
        ),
        min_size=1,
        max_size=30,
    )
)
@settings(max_examples=60, deadline=None)
def test_leaving_out_formats_without_the_punctuation_finds_what_all_formats_find(written):
    """Dates in any of the formats, some with a mark changed: the format found is the one
    found when every format is tried on them."""
    from touchsite.load import dates

    values = []
    for moment, pattern, changes in written:
        text = list(moment.strftime(pattern))
        for place, mark in changes:
            at = [i for i, char in enumerate(text) if not char.isalnum()]
            if at:
                text[at[place % len(at)]] = mark
        values.append("".join(text))
    found = find_format(values)
    with pytest.MonkeyPatch.context() as every:
        every.setattr(dates, "_FORMAT_MARKS", dict.fromkeys(FORMATS, frozenset()))
        assert find_format(values) == found


# One file's dates in the forms of one day's format: with its time to the minute, to the
# second, or the day alone (Excel's General format writes a midnight so; hands type a day)
MIXED_FORMS = {
    "german": ("%d.%m.%Y", ["%d.%m.%Y %H:%M", "%d.%m.%Y %H:%M:%S", "%d.%m.%Y"]),
    "iso": ("%Y-%m-%d", ["%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", ISO]),
    "us": ("%m/%d/%Y", ["%m/%d/%Y %I:%M %p", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y"]),
}


@given(
    st.sampled_from(sorted(MIXED_FORMS)),
    st.lists(
        st.tuples(
            st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2026, 12, 31)), st.integers(0, 3)
        ),
        min_size=1,
        max_size=30,
    ),
    st.sampled_from(["", "gestern", "31.02.2026", "2026-01-05 25:00", "1/2/2026 13:00 PM"]),
)
def test_date_times_and_days_alone_in_one_file_are_each_read_as_their_day(kind, items, other):
    """Whichever form comes first or most, every value is read as its day, and a text that
    is no date stays as it is written (the checks name it at its row)."""
    _day, forms = MIXED_FORMS[kind]
    written = [moment.strftime(forms[form % len(forms)]) for moment, form in items]
    # US tools write the hour without its zero ("9/1/2026 8:05 AM")
    written = [value.replace(" 0", " ") if kind == "us" else value for value in written]
    found = find_format(written)
    assert found is not None
    expected = [moment.date().isoformat() for moment, _form in items]
    if found.other_order:  # every day 12 or less: the file alone cannot say which comes first
        assume(found.format.startswith("%m"))
    assert to_iso([*written, other], found.format) == [*expected, other]
    read = row_days(pa.array([*written, other]), found.format).to_pylist()
    assert read == [*expected, other]
