"""Dates as survey tools write them, read into YYYY-MM-DD."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from touchsite.load.dates import guess_format, to_iso


def test_seconds_with_and_without_a_fraction_in_one_file_are_all_read():
    """A review site's export: most times to the second, some to the millisecond in UTC."""
    written = [
        "2026-03-05T16:12:33+01:00",
        "2026-03-06T09:00:00.000Z",
        "2026-03-07T23:30:00-05:00",
    ]
    date_format = guess_format(written)
    assert date_format == "%Y-%m-%dT%H:%M:%S"
    assert to_iso(written, date_format) == ["2026-03-05", "2026-03-06", "2026-03-07"]
    assert to_iso(["2026-03-06T09:00:00"], "%Y-%m-%dT%H:%M:%S.%f") == ["2026-03-06"]


def test_a_value_no_format_reads_is_kept_as_it_is():
    assert to_iso(["2026-03-06T09:00", "gestern", ""], "%Y-%m-%dT%H:%M:%S") == [
        "2026-03-06T09:00",
        "gestern",
        "",
    ]


@given(
    st.lists(
        st.tuples(
            st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2040, 12, 31)),
            st.sampled_from(["", ".000", ".5", ".123456"]),
            st.sampled_from(["", "Z", "+01:00", "-0500"]),
        ),
        min_size=1,
        max_size=20,
    ),
    st.sampled_from(["%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S", "%d.%m.%Y %H:%M:%S"]),
)
def test_any_mix_of_fractions_reads_each_time_to_its_day(times, pattern: str):
    written = [moment.strftime(pattern) + fraction + zone for moment, fraction, zone in times]
    expected = [moment.strftime("%Y-%m-%d") for moment, _fraction, _zone in times]
    assert to_iso(written, guess_format(written)) == expected
