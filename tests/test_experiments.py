"""A/B tests per touchpoint, against hand arithmetic (in comments) and scipy on the expanded
samples."""

from __future__ import annotations

import pytest
from scipy import stats as scipy_stats

from tests.conftest import make_config
from touchsite.analyze.experiments import experiments
from touchsite.analyze.tables import Estimator
from touchsite.models import Rules, Scale, Targets

RULES = Rules(min_n_shown=10, min_n_confident=30, min_effect=Targets(nps=10.0, csat=5.0, ces=0.3))
CONFIG = make_config(ces_scale=Scale(1, 7, True), rules=RULES)
ESTIMATOR = Estimator(CONFIG)
TOUCHPOINTS = [("search", Targets(nps=20.0)), ("hotline", Targets())]


def expand(counts: dict[int, int]) -> list[int]:
    return [score for score, n in sorted(counts.items()) for _ in range(n)]


def test_a_real_nps_difference_is_real():
    # A: 40 promoters, 40 passives, 120 detractors (NPS -40); B: 120 / 40 / 40 (NPS 40)
    a = {10: 40, 8: 40, 3: 120}
    b = {10: 120, 8: 40, 3: 40}
    found = experiments(
        {("search", "A", "nps"): a, ("search", "B", "nps"): b}, TOUCHPOINTS, RULES, ESTIMATOR
    )
    (experiment,) = found
    assert (experiment.touchpoint, experiment.kpi) == ("search", "nps")
    # b - a, adjusted (the interval's centre): (40.75 - 120.75) / 203 -> +80 / 203
    assert experiment.difference.difference == pytest.approx(100 * 160 / 203)
    assert experiment.difference.p_value < 1e-10
    assert experiment.real
    (name_a, estimate_a), (name_b, estimate_b) = experiment.variants
    assert (name_a, estimate_a.value, estimate_a.n) == ("A", pytest.approx(-40.0), 200)
    assert (name_b, estimate_b.value) == ("B", pytest.approx(40.0))
    assert estimate_b.target == 20.0 and estimate_b.status == "meets"  # the touchpoint's target


def test_equal_variants_are_not_real():
    counts = {10: 50, 8: 30, 4: 20}
    found = experiments(
        {("search", "A", "nps"): counts, ("search", "B", "nps"): dict(counts)},
        TOUCHPOINTS,
        RULES,
        ESTIMATOR,
    )
    (experiment,) = found
    assert experiment.difference.difference == 0.0 and experiment.difference.p_value == 1.0
    assert not experiment.real


def test_one_variant_gives_nothing():
    counts = {10: 50, 3: 50}
    assert experiments({("search", "A", "nps"): counts}, TOUCHPOINTS, RULES, ESTIMATOR) == []
    # answers without a variant are not a variant
    untagged = {("search", "", "nps"): {3: 100}, ("search", "B", "nps"): counts}
    assert experiments(untagged, TOUCHPOINTS, RULES, ESTIMATOR) == []
    assert experiments({}, TOUCHPOINTS, RULES, ESTIMATOR) == []


def test_variants_of_a_touchpoint_not_listed_are_ignored():
    tables = {("other", "A", "nps"): {3: 100}, ("other", "B", "nps"): {10: 100}}
    assert experiments(tables, TOUCHPOINTS, RULES, ESTIMATOR) == []


def test_first_two_variants_in_sorted_order_and_each_kpi():
    control = {2: 10, 3: 15, 4: 10, 5: 5}
    treatment = {4: 10, 5: 15, 6: 10, 7: 5}
    tables = {
        ("hotline", "b-new", "ces"): treatment,
        ("hotline", "a-old", "ces"): control,
        ("hotline", "c-other", "ces"): {1: 100},
        ("hotline", "a-old", "csat"): {5: 20, 2: 20},
        ("hotline", "b-new", "csat"): {5: 20, 2: 20},
    }
    found = experiments(tables, TOUCHPOINTS, RULES, ESTIMATOR)
    assert [e.kpi for e in found] == ["csat", "ces"]
    ces = found[1]
    assert [name for name, _ in ces.variants] == ["a-old", "b-new"]
    reference = scipy_stats.ttest_ind(expand(treatment), expand(control), equal_var=False)
    assert ces.difference.difference == pytest.approx(2.0)  # means 3.25 -> 5.25
    assert ces.difference.p_value == pytest.approx(reference.pvalue)
    assert ces.real
    assert not found[0].real  # 50 % against 50 %


def test_small_variants_are_not_real():
    # 20 answers each: all 3 against all 10, significant but below min_n_confident
    tables = {("search", "A", "nps"): {3: 20}, ("search", "B", "nps"): {10: 20}}
    (experiment,) = experiments(tables, TOUCHPOINTS, RULES, ESTIMATOR)
    assert experiment.difference.p_value < 1e-6
    assert not experiment.real
    assert all(estimate.low_n for _, estimate in experiment.variants)


def test_variant_with_fewer_than_two_answers_is_not_tested():
    tables = {("search", "A", "nps"): {3: 100}, ("search", "B", "nps"): {10: 1}}
    assert experiments(tables, TOUCHPOINTS, RULES, ESTIMATOR) == []
