"""What the overview's filters get to recompute the headline: counts as in the data file,
the t quantiles from a printed table, and the taxonomy values the touchpoints use."""

from __future__ import annotations

import csv
import json
from collections import Counter
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINI
from touchsite.models import KpiEstimate
from touchsite.pipeline import check
from touchsite.render.i18n import Locale
from touchsite.render.map_filters import (
    answer_counts,
    headline_data,
    json_object,
    map_periods,
    map_script,
    map_script_ahead,
    taxonomy_filters,
)


@pytest.fixture(scope="module")
def report():
    return check(MINI)


def test_counts_per_touchpoint_month_and_score_are_the_data_files(report):
    data = json.loads(headline_data(report, Locale("en")))
    with (MINI / "data" / "feedback.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for kpi in ("nps", "csat"):
        expected = Counter(
            (row["touchpoint"], row["date"][:7], row[kpi]) for row in rows if row[kpi].strip()
        )
        found = Counter()
        for touchpoint, periods in data["answers"].items():
            for period, kpis in periods.items():
                for score, n in kpis.get(kpi, {}).items():
                    found[(touchpoint, period, score)] += n
        assert found == expected, kpi


def test_t_quantiles_match_a_printed_table(report):
    t975 = json.loads(headline_data(report, Locale("en")))["t975"]
    # Student's t, two-sided 95 %: df 1 12.706, df 10 2.228, df 30 2.042, df 100 1.984
    assert t975[0] == pytest.approx(12.706, abs=1e-3)
    assert t975[9] == pytest.approx(2.228, abs=1e-3)
    assert t975[29] == pytest.approx(2.042, abs=1e-3)
    assert t975[99] == pytest.approx(1.984, abs=1e-3)


def test_script_json_cannot_end_its_script_element(report):
    text = headline_data(report, Locale("en"))
    assert "<" not in text and ">" not in text and "&" not in text


def test_the_large_maps_script_holds_its_parts_made_ahead_of_the_tiles(report):
    """What the script needs of the report alone is made while the touchpoint pages are
    rendered; joined later with the tiles, the script holds each touchpoint's filter values
    and the data file's counts, and the tiles given as they were made."""
    locale = Locale("en")
    tile_of = {tp.id: f'{{"":{{"marker":"{tp.id}"}}}}' for tp in report.project.touchpoints}
    script = map_script(report, locale, tile_of, map_script_ahead(report, locale))
    prefix, suffix = "window.touchsiteMap = ", ";\n"
    assert script.startswith(prefix) and script.endswith(suffix)
    data = json.loads(script[len(prefix) : -len(suffix)])
    assert data["periods"] == {tp: {"": {"marker": tp}} for tp in tile_of}
    for tp in report.project.touchpoints:
        tile = data["tiles"][tp.id]
        assert tile["personas"] == " ".join(tp.personas)
        assert tile["type"] == tp.type
    with (MINI / "data" / "feedback.csv").open(encoding="utf-8") as handle:
        answered = {row["touchpoint"] for row in csv.DictReader(handle)}
    assert set(data["headline"]["answers"]) == answered
    assert data["headline"]["t975"][9] == pytest.approx(2.228, abs=1e-3)


def test_taxonomy_filters_offer_the_values_in_use(report):
    filters = {field: options for field, _title, options in taxonomy_filters(report, Locale("en"))}
    used = {tp.type for tp in report.project.touchpoints}
    assert {value for value, _label in filters["type"]} == used - {""}
    assert {value for value, _label in filters["c2c"]} <= {"yes", "no"}


# The map's JSON is written as text; json.dumps of the same dicts (as the page's script reads
# them) is the reference it must equal byte for byte.
def _reference_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


# names with what JSON escapes, what a script must not hold, and a %-format's sign
names = st.text(alphabet=st.sampled_from('ab1-é"\\<>&%\n'), max_size=4)


@given(st.dictionaries(names, names, max_size=6))
def test_json_object_writes_what_json_writes_for_a_dict(members):
    written = json_object({key: _reference_json(value) for key, value in members.items()})
    assert written == _reference_json(members)


@given(
    st.dictionaries(
        st.tuples(names, names, names),
        st.dictionaries(st.integers(0, 12), st.integers(1, 10**6), max_size=12),
        max_size=12,
    )
)
def test_answer_counts_are_the_tables_nested_by_touchpoint_period_and_kpi(tables):
    expected: dict = {}
    for (touchpoint, period, kpi), table in tables.items():
        if table:  # an empty table is a look-up without answers: left out
            scores = {str(score): count for score, count in table.items()}
            expected.setdefault(touchpoint, {}).setdefault(period, {})[kpi] = scores
    assert answer_counts(tables) == _reference_json(expected)


def test_answer_counts_sort_scores_as_text():
    # JSON keys are text: "10" sorts before "2"
    written = answer_counts({("tp", "2024-01", "nps"): {2: 1, 10: 3, 0: 5}})
    assert written == '{"tp":{"2024-01":{"nps":{"0":5,"10":3,"2":1}}}}'


def _estimate(kpi: str, n: int) -> KpiEstimate:
    if n < 5:
        return KpiEstimate(kpi, n, None, None, None, target=50.0)
    value = 40.0 + n
    return KpiEstimate(kpi, n, value, value - 10, value + 10, target=50.0, low_n=n < 20)


@settings(max_examples=50)
@given(
    st.lists(names, min_size=1, max_size=3, unique=True),
    st.lists(names, max_size=4),  # periods, repeated ones too: the last one counts
    st.lists(st.integers(0, 60), min_size=1, max_size=40),
)
def test_map_periods_write_each_tiles_entries_per_period(kpis, periods, ns):
    locale = Locale("de")
    counts = iter(ns * 100)
    touchpoints = [
        SimpleNamespace(
            touchpoint=SimpleNamespace(id=f"tp-{index}"),
            kpis={kpi: _estimate(kpi, next(counts)) for kpi in kpis},
            trend={
                kpi: [(period, _estimate(kpi, next(counts))) for period in periods] for kpi in kpis
            },
        )
        for index in range(3)
    ]
    report = SimpleNamespace(
        project=SimpleNamespace(config=SimpleNamespace(kpi_ids=tuple(kpis))),
        touchpoints=touchpoints,
    )

    def entry(estimate):
        value = "–" if estimate.value is None else locale.kpi_value(estimate)
        return [estimate.grade, value, str(estimate.n), locale.grade(estimate)]

    expected = {}
    for r in touchpoints:
        tile = expected[r.touchpoint.id] = {"": {kpi: entry(r.kpis[kpi]) for kpi in kpis}}
        for kpi in kpis:
            for period, estimate in r.trend[kpi]:
                tile.setdefault(period, {})[kpi] = entry(estimate)
    assert map_periods(report, locale) == _reference_json(expected)


def test_a_period_entry_holds_grade_value_n_and_the_grade_against_its_target():
    report = SimpleNamespace(
        project=SimpleNamespace(config=SimpleNamespace(kpi_ids=("csat",))),
        touchpoints=[
            SimpleNamespace(
                touchpoint=SimpleNamespace(id="tp"),
                kpis={"csat": KpiEstimate("csat", 1234, 71.5, 60.0, 70.0, target=80.0)},
                trend={"csat": [("2024-01", KpiEstimate("csat", 3, None, None, None, 80.0))]},
            )
        ],
    )
    data = json.loads(map_periods(report, Locale("en")))
    # the whole interval (60 to 70) lies below the target 80: clearly below
    assert data == {
        "tp": {
            "": {"csat": ["clearly-below", "72%", "1,234", "clearly below target 80%"]},
            "2024-01": {"csat": ["withheld", "–", "3", "too few answers"]},
        }
    }
