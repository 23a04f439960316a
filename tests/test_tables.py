"""Periods: their bounds, and which of them the data covers only in part."""

from __future__ import annotations

import datetime as dt
from unittest.mock import patch

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from touchsite.analyze import tables
from touchsite.analyze.batch import Answers
from touchsite.analyze.tables import count_tables, partial_periods, period_bounds

dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


def days_of(period: str) -> list[dt.date]:
    """Every day of a period, counted day by day (independent of period_bounds)."""
    year, part = period.split("-")
    months = range(3 * int(part[1:]) - 2, 3 * int(part[1:]) + 1) if "Q" in part else [int(part)]
    day, found = dt.date(int(year), months[0], 1), []
    while day.year == int(year) and day.month in months:
        found.append(day)
        day += dt.timedelta(days=1)
    return found


periods = st.builds(
    lambda year, month, quarter: f"{year}-Q{quarter}" if month is None else f"{year}-{month:02d}",
    st.integers(2020, 2030),
    st.one_of(st.none(), st.integers(1, 12)),
    st.integers(1, 4),
)


@given(periods)
def test_a_period_runs_from_its_first_day_to_its_last(period: str):
    days = days_of(period)
    assert period_bounds(period) == (days[0], days[-1])


@given(st.lists(periods, max_size=6, unique=True), dates, dates)
def test_a_period_is_partial_when_the_data_misses_more_than_a_twentieth_of_its_days(periods, a, b):
    first, last = min(a, b), max(a, b)
    expected = set()
    for period in periods:
        days = days_of(period)
        missed = sum(not first <= day <= last for day in days)
        if missed * 20 > len(days):
            expected.add(period)
    assert partial_periods(tuple(periods), first, last) == expected


def test_a_quarter_without_answers_on_new_years_day_or_its_last_sunday_is_whole():
    """Before, a quarter whose data missed any day was "(partial)": Q1 of every year whose
    survey had no answer on 1 January, Q2 of an export taken on 29 June; and the overview's
    card named the quarter before as the latest complete one."""
    quarters = ("2026-Q1", "2026-Q2")
    assert partial_periods(quarters, dt.date(2026, 1, 2), dt.date(2026, 6, 29)) == frozenset()
    assert partial_periods(quarters, dt.date(2026, 1, 6), dt.date(2026, 6, 25)) == set(quarters)
    # a month may miss one day, not two; the data's first and last day together
    months = ("2026-03",)
    assert partial_periods(months, dt.date(2026, 3, 2), dt.date(2026, 3, 31)) == frozenset()
    assert partial_periods(months, dt.date(2026, 3, 2), dt.date(2026, 3, 30)) == set(months)


def test_without_data_no_period_is_partial():
    assert partial_periods(("2026-01",), None, None) == frozenset()


def test_the_example_year_leaves_its_first_and_last_quarter_partial():
    quarters = ("2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4")
    partial = partial_periods(quarters, dt.date(2025, 11, 1), dt.date(2026, 10, 31))
    assert partial == {"2025-Q4", "2026-Q4"}


def test_count_tables_sum_answers_per_key_with_scores_in_order():
    rows = [  # touchpoint, period, kpi, score, n: unsorted, one key twice
        ("web", "2026-02", "nps", 9, 2),
        ("shop", "2026-01", "csat", 5, 1),
        ("web", "2026-01", "nps", 10, 4),
        ("web", "2026-01", "nps", 3, 1),
        ("web", "2026-01", "nps", 10, 1),
        ("shop", "2026-01", "csat", 4, 3),
    ]
    counts = pd.DataFrame(rows, columns=["touchpoint", "period", "kpi", "score", "n"])
    assert dict(count_tables(counts, ["touchpoint", "period"])) == {
        ("shop", "2026-01", "csat"): {4: 3, 5: 1},
        ("web", "2026-01", "nps"): {3: 1, 10: 5},
        ("web", "2026-02", "nps"): {9: 2},
    }
    by_kpi = count_tables(counts, ["touchpoint"])
    assert list(by_kpi) == [("shop", "csat"), ("web", "nps")]
    assert list(by_kpi[("web", "nps")].items()) == [(3, 1), (9, 2), (10, 5)]
    assert dict(count_tables(counts.iloc[:0], ["touchpoint"])) == {}


count_rows = st.lists(
    st.tuples(
        st.sampled_from(["web", "shop", "Äpp", "", "app", "ß", "z"]) | st.text(max_size=3),
        st.sampled_from(["2026-01", "2026-02", "2025-Q4"]),
        st.sampled_from(["nps", "csat", "ces"]),
        st.integers(-2, 12),
        st.integers(0, 10**9),
    ),
    max_size=40,
)


@given(
    count_rows,
    st.sampled_from([["touchpoint"], ["touchpoint", "period"], ["period"]]),
    st.sampled_from([None, 0]),
    st.booleans(),
)
def test_count_tables_match_sums_made_row_by_row(rows, keys, bins, numbered_before):
    """`bins` 0: no combination gets a bin of its own, the rows are sorted instead;
    `numbered_before`: the columns' codes are made once, before."""
    counts = pd.DataFrame(rows, columns=["touchpoint", "period", "kpi", "score", "n"])
    columns = {"touchpoint": 0, "period": 1}
    expected: dict[tuple, dict[int, int]] = {}
    for row in rows:
        key = (*(row[columns[k]] for k in keys), row[2])
        table = expected.setdefault(key, {})
        table[row[3]] = table.get(row[3], 0) + row[4]
    with patch.object(tables, "bins_allowed", lambda rows: rows * 4 if bins is None else bins):
        known = tables.coded(counts, counts.columns[:-1]) if numbered_before else None
        found = count_tables(counts, keys, known)
    assert list(found) == sorted(expected)
    for key, table in found.items():
        assert list(table.items()) == sorted(expected[key].items())
        assert all(type(score) is int and type(n) is int for score, n in table.items())


# None and NaN: a key asked for that no table can have (a missing value is in no sums)
PLACES = st.sampled_from(["web", "shop", "Äpp", "nowhere", None, float("nan")])
MONTHS = st.sampled_from(["2026-01", "2026-02", "2027-01", None])


@given(
    count_rows,
    st.sampled_from([["touchpoint"], ["touchpoint", "period"], ["period"]]),
    st.lists(st.fixed_dictionaries({"touchpoint": PLACES, "period": MONTHS}), max_size=12),
    st.booleans(),
)
def test_sums_read_as_answers_are_the_tables_answers(rows, keys, wanted, with_missing):
    """Each row of the answers read from the sums is its table's, as Answers.of reads it:
    asked in any order, twice, or with no table (empty), a touchpoint missing in some rows."""
    if with_missing:
        rows = [*rows, (None, "2026-01", "nps", 3, 5)]
    counts = pd.DataFrame(rows, columns=["touchpoint", "period", "kpi", "score", "n"])
    sums = tables.summed_counts(counts, keys)
    asked = [tuple(row[k] for k in keys) for row in wanted]
    found = sums.answers(["nps", "csat", "ces", "binary"], asked)
    made = sums.tables()
    assert made == count_tables(counts, keys)
    for kpi, answers in found.items():
        expected = Answers.of([made.get((*row, kpi), {}) for row in asked])
        assert answers.scores.tolist() == expected.scores.tolist()
        assert answers.counts.tolist() == expected.counts.tolist()
        assert answers.sizes.tolist() == expected.sizes.tolist()
        assert answers.scores.shape == expected.scores.shape


def test_coded_numbers_values_in_sorted_order_and_missing_as_minus_one():
    frame = pd.DataFrame(
        {
            "touchpoint": pd.Series(["web", "app", None, "web", "shop"], dtype="str"),
            "score": [5, 1, 3, 1, 5],
        }
    )
    numbered = tables.coded(frame, ["touchpoint", "score"])
    codes, values = numbered["touchpoint"]
    assert codes.tolist() == [2, 0, -1, 2, 1]
    assert values.tolist() == ["app", "shop", "web"]
    codes, values = numbered["score"]
    assert codes.tolist() == [2, 0, 1, 0, 2]
    assert values.tolist() == [1, 3, 5]


def test_coded_through_numbers_the_derived_values_as_coded_would():
    touchpoints = pd.Series(["web", "app", None, "web", "shop", "kiosk"], dtype="str")
    phase = {"web": "buy", "app": "use", "shop": "buy"}  # the kiosk has none
    codes, values = tables.coded_through(
        tables.coded(touchpoints.to_frame("t"), ["t"])["t"], phase.get
    )
    assert codes.tolist() == [0, 1, -1, 0, 0, -1]
    assert values.tolist() == ["buy", "use"]


def test_count_tables_by_a_column_coded_through_another():
    frame = pd.DataFrame(
        {
            "touchpoint": ["web", "app", "shop", "web"],
            "kpi": ["nps", "nps", "nps", "csat"],
            "score": [9, 3, 9, 5],
            "n": [2, 1, 4, 7],
        }
    )
    known = tables.coded(frame, ["touchpoint"])
    known["phase"] = tables.coded_through(known["touchpoint"], {"web": "buy", "shop": "buy"}.get)
    # the app has no phase: its row is left out, as a row with a missing key
    assert count_tables(frame, ["phase"], known) == {
        ("buy", "csat"): {5: 7},
        ("buy", "nps"): {9: 6},
    }


def test_coded_orders_mixed_values_as_pandas_does():
    column = pd.Series(["b", 2, "a", 1, 2], dtype=object)
    codes, values = tables.coded(column.to_frame("mixed"), ["mixed"])["mixed"]
    expected_codes, expected_values = pd.factorize(column, sort=True)
    assert codes.tolist() == expected_codes.tolist()
    assert values.tolist() == list(expected_values)
