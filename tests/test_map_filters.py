"""What the overview's filters get to recompute the headline: counts as in the data file,
the t quantiles from a printed table, and the taxonomy values the touchpoints use."""

from __future__ import annotations

import csv
import json
from collections import Counter

import pytest

from tests.conftest import MINI
from touchsite.pipeline import check
from touchsite.render.i18n import Locale
from touchsite.render.map_filters import headline_data, taxonomy_filters


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


def test_taxonomy_filters_offer_the_values_in_use(report):
    filters = {field: options for field, _title, options in taxonomy_filters(report, Locale("en"))}
    used = {tp.type for tp in report.project.touchpoints}
    assert {value for value, _label in filters["type"]} == used - {""}
    assert {value for value, _label in filters["c2c"]} <= {"yes", "no"}
