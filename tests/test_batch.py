"""KPI figures and difference tests for many groups at once (analyze/batch.py), and the other
batch paths of the analysis (trends, each touchpoint against the rest, Benjamini-Hochberg).

Expected values are worked out here: from the formulas written out with `math`, and by
scipy on the expanded answers. A figure must not depend on the batch it came in (the
one-figure API is a batch of one), so each row must equal its own batch of one to the bit.
"""

from __future__ import annotations

import math
import statistics

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from tests.conftest import make_config
from touchsite.analyze.basis import SIMPLE, Design
from touchsite.analyze.batch import (
    Answers,
    differences,
    estimates,
    proportion_difference,
    recovered,
    row_differences,
    squared,
    wilson,
)
from touchsite.analyze.respondents import Respondents
from touchsite.analyze.stats import bh_adjusted
from touchsite.analyze.trends import trends
from touchsite.kpi import Scale
from touchsite.load.respondents import respondent_moments
from touchsite.models import KpiEstimate, Rules

CONFIG = make_config(ces_scale=Scale(1, 7))
KPIS = CONFIG.kpis
RULES = Rules()
Z = stats.norm.ppf(0.975)


def table(kpi: str):
    """A count table on the KPI's scale, scores in any order, some with count 0."""
    scores = st.sampled_from(list(KPIS[kpi].scores))
    return st.dictionaries(scores, st.integers(0, 60), max_size=len(KPIS[kpi].scores))


def test_nps_and_its_interval_by_hand():
    counts = {0: 2, 5: 1, 9: 3, 10: 4}  # 7 promoters, 3 detractors of 10
    (found,) = estimates(KPIS["nps"], [counts], [None], Rules(min_n_shown=1))
    p_pro, p_det = 7.75 / 13, 3.75 / 13
    half = Z * math.sqrt((p_pro + p_det - (p_pro - p_det) ** 2) / 13)
    assert found.n == 10 and found.value == pytest.approx(40.0)
    assert found.low == pytest.approx(100 * (p_pro - p_det - half))
    assert found.high == pytest.approx(100 * (p_pro - p_det + half))


def test_the_mean_and_its_t_interval_by_hand():
    counts = {1: 3, 4: 5, 7: 2}
    (found,) = estimates(KPIS["ces"], [counts], [5.0], RULES)
    answers = [1] * 3 + [4] * 5 + [7] * 2
    half = stats.t.ppf(0.975, 9) * np.std(answers, ddof=1) / math.sqrt(10)
    assert found.value == pytest.approx(np.mean(answers))
    assert (found.low, found.high) == pytest.approx((found.value - half, found.value + half))
    assert found.target == 5.0 and found.low_n  # 10 answers: shown, not confident


def test_no_answers_one_answer_and_all_the_same_answer():
    lenient = Rules(min_n_shown=1, min_n_confident=1)
    empty, one, same = estimates(KPIS["ces"], [{}, {4: 1}, {5: 40}], [None] * 3, lenient)
    assert (empty.n, empty.value, empty.low) == (0, None, None)
    assert (one.value, one.low, one.high) == (4.0, None, None)  # no variance from one answer
    assert (same.value, same.low, same.high) == (5.0, 5.0, 5.0)
    (share,) = estimates(KPIS["csat"], [{5: 40}], [None], lenient)
    low, high = wilson_by_hand(40, 40)
    assert (share.value, share.low, share.high) == (100.0, pytest.approx(low), 100.0)
    assert high == pytest.approx(100.0)


def wilson_by_hand(successes: int, n: int) -> tuple[float, float]:
    p = successes / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z / (1 + Z**2 / n) * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def in_band(band, counts: dict[int, int]) -> int:
    return sum(k for score, k in counts.items() if band.low <= score <= band.high)


def estimate_by_hand(kpi: str, counts: dict[int, int], effect: float):
    """The figure and its interval with math and scalar scipy calls (None where none)."""
    definition = KPIS[kpi]
    n = sum(counts.values())
    good = sum(
        k for score, k in counts.items() if definition.good.low <= score <= definition.good.high
    )
    bad = sum(
        k for score, k in counts.items() if definition.bad.low <= score <= definition.bad.high
    )
    effective = n / effect
    if definition.measure == "net":
        adjusted = effective + 3
        p_pro, p_det = (good / effect + 0.75) / adjusted, (bad / effect + 0.75) / adjusted
        half = Z * math.sqrt((p_pro + p_det - (p_pro - p_det) ** 2) / adjusted)
        low, high = max(-1, p_pro - p_det - half), min(1, p_pro - p_det + half)
        return 100 * (good - bad) / n, 100 * low, 100 * high
    if definition.measure == "share":
        low, high = wilson_by_hand(good / effect, effective)
        return 100 * good / n, max(0.0, low), min(100.0, high)
    answers = [score for score, k in counts.items() for _ in range(k)]
    if n < 2:
        return statistics.fmean(answers), None, None
    se = math.sqrt(statistics.variance(answers) / effective)
    half = stats.t.ppf(0.975, max(effective - 1, 1)) * se
    return (
        statistics.fmean(answers),
        statistics.fmean(answers) - half,
        statistics.fmean(answers) + half,
    )


@settings(max_examples=60, deadline=None)
@given(kpi=st.sampled_from(["nps", "csat", "ces", "binary"]), data=st.data())
def test_estimates_are_the_formulas_and_each_row_its_own_batch_of_one(kpi, data):
    drawn = data.draw(st.lists(table(kpi), min_size=1, max_size=8))
    effects = data.draw(st.lists(st.sampled_from([1.0, 1.3, 2.75]), min_size=len(drawn)))
    designs = [SIMPLE if e == 1.0 else Design(e, 7) for e in effects[: len(drawn)]]
    rules = Rules(min_n_shown=data.draw(st.integers(0, 12)), min_n_confident=20)
    targets = data.draw(st.lists(st.none() | st.floats(-50, 50), min_size=len(drawn)))
    targets = targets[: len(drawn)]
    found = estimates(KPIS[kpi], drawn, targets, rules, designs)
    for counts, design, target, figure in zip(drawn, designs, targets, found, strict=True):
        n = sum(counts.values())
        assert (figure.n, figure.respondents) == (n, n if design is SIMPLE else 7)
        assert figure.target == target
        shown = (figure.value, figure.low, figure.high)
        assert all(type(x) is float for x in shown if x is not None)
        assert figure.low_n == (n < 20 or n < rules.min_n_shown or n == 0)
        # a figure does not depend on the batch it came in: a batch of one gives its floats
        assert estimates(KPIS[kpi], [counts], [target], rules, [design]) == [figure]
        if n == 0 or n < rules.min_n_shown:
            assert (figure.value, figure.low, figure.high) == (None, None, None)
            continue
        expected = estimate_by_hand(kpi, counts, design.effect)
        assert (figure.value, figure.low, figure.high) == pytest.approx(expected, abs=1e-9)


def difference_by_hand(kpi: str, a: dict[int, int], b: dict[int, int]):
    """b - a with its interval and p-value by the textbook formulas (scipy on the expanded
    answers for Welch); None where the groups cannot be compared."""
    definition = KPIS[kpi]
    xs = np.repeat(list(a), list(a.values())).astype(float)
    ys = np.repeat(list(b), list(b.values())).astype(float)
    if len(xs) < 2 or len(ys) < 2:
        return None
    if definition.measure == "mean":
        if xs.var() == 0 and ys.var() == 0:
            return (0.0, 0.0, 0.0, 1.0) if xs.mean() == ys.mean() else None
        test = stats.ttest_ind(ys, xs, equal_var=False)
        low, high = test.confidence_interval(0.95)
        return ys.mean() - xs.mean(), low, high, test.pvalue
    good = [
        int(((g.good.low <= v) & (v <= g.good.high)).sum())
        for g, v in ((definition, xs), (definition, ys))
    ]
    if definition.measure == "share":
        (s_a, s_b), (n_a, n_b) = good, (len(xs), len(ys))
        l_a, h_a = (x / 100 for x in wilson_by_hand(s_a, n_a))
        l_b, h_b = (x / 100 for x in wilson_by_hand(s_b, n_b))
        p_a, p_b = s_a / n_a, s_b / n_b
        low = p_b - p_a - math.sqrt((p_b - max(0.0, l_b)) ** 2 + (min(1.0, h_a) - p_a) ** 2)
        high = p_b - p_a + math.sqrt((min(1.0, h_b) - p_b) ** 2 + (p_a - max(0.0, l_a)) ** 2)
        if s_a + s_b in (0, n_a + n_b):
            p = 1.0
        else:
            p = stats.chi2_contingency([[s_a, n_a - s_a], [s_b, n_b - s_b]], correction=False)[1]
        return 100 * (p_b - p_a), 100 * low, 100 * high, p
    centres = []
    for group in (a, b):
        pro, det, n = (
            in_band(definition.good, group),
            in_band(definition.bad, group),
            sum(group.values()),
        )
        p_pro, p_det = (pro + 0.75) / (n + 3), (det + 0.75) / (n + 3)
        centres.append((p_pro - p_det, (p_pro + p_det - (p_pro - p_det) ** 2) / (n + 3)))
    difference = centres[1][0] - centres[0][0]
    se = math.sqrt(centres[0][1] + centres[1][1])
    low, high = max(-2, difference - Z * se), min(2, difference + Z * se)
    return 100 * difference, 100 * low, 100 * high, 2 * stats.norm.sf(abs(difference / se))


@settings(max_examples=80, deadline=None)
@given(kpi=st.sampled_from(["nps", "csat", "ces", "binary"]), data=st.data())
def test_differences_are_the_textbook_tests_and_each_row_its_own_batch_of_one(kpi, data):
    pairs = data.draw(st.lists(st.tuples(table(kpi), table(kpi)), min_size=1, max_size=8))
    a, b = [p[0] for p in pairs], [p[1] for p in pairs]
    found = differences(KPIS[kpi], a, b)
    for (x, y), difference in zip(pairs, found, strict=True):
        assert differences(KPIS[kpi], [x], [y]) == [difference]
        expected = difference_by_hand(kpi, x, y)
        if expected is None:
            assert difference is None
            continue
        row = (difference.difference, difference.low, difference.high, difference.p_value)
        assert row == pytest.approx(expected, rel=1e-7, abs=1e-9)
        assert (difference.n_a, difference.n_b) == (sum(x.values()), sum(y.values()))


def test_a_net_score_difference_by_hand():
    a, b = {0: 10, 9: 20}, {0: 5, 10: 35}
    (found,) = differences(KPIS["nps"], [a], [b])
    adjusted = []
    for n, pro, det in ((30, 20, 10), (40, 35, 5)):
        p_pro, p_det = (pro + 0.75) / (n + 3), (det + 0.75) / (n + 3)
        adjusted.append((p_pro - p_det, (p_pro + p_det - (p_pro - p_det) ** 2) / (n + 3)))
    difference = adjusted[1][0] - adjusted[0][0]
    se = math.sqrt(adjusted[0][1] + adjusted[1][1])
    assert found.difference == pytest.approx(100 * difference)
    assert found.p_value == pytest.approx(float(2 * stats.norm.sf(abs(difference / se))))
    assert (found.n_a, found.n_b) == (30, 40)


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [  # Newcombe 1998 (Statistics in Medicine 17:873), Table II, method 10
        ((56, 70), (48, 80), (0.0524, 0.3339)),
        ((9, 10), (3, 10), (0.1705, 0.8090)),
        ((6, 7), (2, 7), (0.0582, 0.8062)),
        ((5, 56), (0, 29), (-0.0381, 0.1926)),
        ((0, 10), (0, 20), (-0.1611, 0.2775)),
        ((0, 10), (0, 10), (-0.2775, 0.2775)),
        ((10, 10), (0, 20), (0.6791, 1.0000)),
        ((10, 10), (0, 10), (0.6075, 1.0000)),
    ],
)
def test_intervals_recovered_from_two_wilson_intervals_are_newcombes(first, second, expected):
    (x_b, n_b), (x_a, n_a) = first, second
    sides = [(x / n, *wilson(np.float64(x), np.float64(n))) for x, n in ((x_a, n_a), (x_b, n_b))]
    low, high = recovered(*sides[0], *sides[1])
    assert (round(float(low), 4), round(float(high), 4)) == expected
    # and the same as the unclustered test's interval
    with np.errstate(invalid="ignore"):  # 0/n against 0/n: the pooled test has no z
        found = proportion_difference(
            np.float64(x_a), np.float64(n_a), np.float64(x_b), np.float64(n_b)
        )
    assert (float(found.low), float(found.high)) == pytest.approx((low, high), abs=1e-12)


def test_means_compared_by_welch_by_hand():
    a, b = {1: 4, 2: 6, 3: 5}, {3: 7, 5: 9, 6: 2}
    (found,) = differences(KPIS["ces"], [a], [b])
    xs = np.repeat(list(a), list(a.values()))
    ys = np.repeat(list(b), list(b.values()))
    expected = stats.ttest_ind(ys, xs, equal_var=False)
    assert found.difference == pytest.approx(ys.mean() - xs.mean())
    assert found.p_value == pytest.approx(expected.pvalue)


def test_groups_that_cannot_be_compared():
    kpi = KPIS["ces"]
    same, other, one = {4: 30}, {6: 30}, {4: 1}
    no_answers, too_few, flat_apart, flat_alike = differences(
        kpi, [{}, one, same, same], [same, same, other, dict(same)]
    )
    assert no_answers is None and too_few is None
    assert flat_apart is None  # no variance in either group, different means: no test
    assert (flat_alike.difference, flat_alike.low, flat_alike.high) == (0.0, 0.0, 0.0)
    assert flat_alike.p_value == 1.0
    (all_top,) = differences(KPIS["csat"], [{5: 20}], [{5: 30}])
    assert (all_top.difference, all_top.p_value) == (0.0, 1.0)  # pooled standard error 0


def test_answers_keep_each_tables_order_and_pad_with_nothing():
    answers = Answers.of([{3: 1, 1: 2}, {}, {5: 4}])
    assert answers.scores.tolist() == [[3.0, 1.0], [0.0, 0.0], [5.0, 0.0]]
    assert answers.counts.tolist() == [[1, 2], [0, 0], [4, 0]]
    assert answers.n.tolist() == [3, 0, 4]
    assert Answers.of([]).counts.shape == (0, 0)


def test_rows_are_taken_in_the_order_asked_and_keep_the_batchs_width():
    answers = Answers.of([{3: 1, 1: 2}, {}, {5: 4}]).rows(np.array([2, 0, 2]))
    assert answers.scores.tolist() == [[5.0, 0.0], [3.0, 1.0], [5.0, 0.0]]
    assert answers.counts.tolist() == [[4, 0], [1, 2], [4, 0]]
    assert answers.n.tolist() == [4, 3, 4]


@settings(max_examples=60, deadline=None)
@given(kpi=st.sampled_from(["nps", "csat", "ces", "binary"]), data=st.data())
def test_rows_of_a_wider_batch_test_as_their_own_tables(kpi, data):
    """A table read in a batch padded wider for another (find_changes reads every period of
    a touchpoint once, each step a pair of its rows) gives the figures of its own batch."""
    tables = data.draw(st.lists(table(kpi), min_size=2, max_size=8))
    answers = Answers.of(tables)
    steps = np.arange(len(tables) - 1)
    found = row_differences(KPIS[kpi], answers.rows(steps), answers.rows(steps + 1))
    assert found == [
        differences(KPIS[kpi], [a], [b])[0] for a, b in zip(tables[:-1], tables[1:], strict=True)
    ]


def test_pooled_rows_are_their_tables_added_into_a_dict():
    # score 1 first met in the second table, 6 with no answers: each keeps its place
    answers = Answers.of([{3: 1, 5: 2}, {1: 4, 3: 1, 6: 0}, {}, {2: 7}, {6: 0}])
    pooled = answers.pooled(np.array([[0, 1], [2, 2], [3, 0], [4, 3]]))
    assert pooled.scores.tolist() == [
        [3.0, 5.0, 1.0, 6.0],
        [0.0, 0.0, 0.0, 0.0],
        [2.0, 3.0, 5.0, 0.0],
        [6.0, 2.0, 0.0, 0.0],
    ]
    assert pooled.counts.tolist() == [[2, 2, 4, 0], [0, 0, 0, 0], [7, 1, 2, 0], [0, 7, 0, 0]]
    assert pooled.sizes.tolist() == [4, 0, 3, 2]


@settings(max_examples=60, deadline=None)
@given(kpi=st.sampled_from(["nps", "csat", "ces", "binary"]), data=st.data())
def test_pooled_rows_test_as_the_tables_added_up(kpi, data):
    """The earlier periods pooled in one batch (the latest period against them) test as
    their tables added into a dict, period by period: the same scores in the same order."""
    tables = data.draw(st.lists(table(kpi), min_size=2, max_size=8))
    parts = data.draw(st.integers(1, len(tables) - 1))
    groups = np.arange(len(tables) - parts)[:, None] + np.arange(parts)
    added = []
    for group in groups.tolist():
        summed: dict[int, int] = {}
        for row in group:
            for score, n in tables[row].items():
                summed[score] = summed.get(score, 0) + n
        added.append(summed)
    answers = Answers.of(tables)
    latest = answers.rows(groups[:, -1] + 1)
    found = row_differences(KPIS[kpi], answers.pooled(groups), latest)
    nows = [tables[row] for row in (groups[:, -1] + 1).tolist()]
    assert found == differences(KPIS[kpi], added, nows)
    assert answers.pooled(groups).n.tolist() == [sum(t.values()) for t in added]


def test_a_step_between_rows_of_one_batch_by_hand():
    # 2 answers of 1 and 1 of 3 against 1 of 5, read from a batch 3 scores wide
    answers = Answers.of([{1: 2, 3: 1}, {5: 1, 6: 0, 7: 0}])
    (found,) = row_differences(
        KPIS["ces"], answers.rows(np.array([0])), answers.rows(np.array([1]))
    )
    assert found is None  # the second group has 1 answer: no variance, no test
    answers = Answers.of([{1: 2, 3: 1}, {5: 1, 6: 1, 7: 0}])
    (found,) = row_differences(
        KPIS["ces"], answers.rows(np.array([0])), answers.rows(np.array([1]))
    )
    assert found.difference == pytest.approx(5.5 - 5 / 3)
    assert (found.n_a, found.n_b) == (3, 2)


def test_squares_are_libms_pow_not_a_product():
    # negative values too: numpy's float_power squares them through libm's pow as well
    values = (np.random.default_rng(1).random(5000) - 0.2) * 300
    found = squared(values.reshape(50, 100))
    assert found.shape == (50, 100)
    assert found.ravel().tolist() == [math.pow(v, 2.0) for v in values.tolist()]
    assert (found.ravel() != values * values).any()  # why the squares are not numpy's
    assert squared(3.0).shape == () and float(squared(3.0)) == 9.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0, 1), max_size=30))
def test_benjamini_hochberg_is_scipys_to_the_bit(p_values):
    expected = stats.false_discovery_control(p_values, method="bh") if p_values else []
    assert bh_adjusted(p_values) == [float(p) for p in expected]


def point(n: int, value: float, half: float) -> KpiEstimate:
    return KpiEstimate("nps", n, value, value - half, value + half)


def test_trends_fit_each_series_as_its_own_weighted_line():
    steady = [("a", point(50, 10, 6)), ("b", point(60, 14, 5)), ("c", point(40, 20, 7))]
    gap = [("a", point(50, 10, 6)), ("b", KpiEstimate("nps", 3, None, None, None))]
    gap += [("c", point(60, 18, 5)), ("d", point(55, 22, 5))]
    one_period = [("a", point(50, 10, 6))]
    found = trends("nps", [steady, gap, one_period, []])
    assert found[2] is None and found[3] is None
    for series, (before, after, result) in zip([steady, gap], found, strict=False):
        used = [(i, e) for i, (_, e) in enumerate(series) if e.value is not None]
        x = np.array([i for i, _ in used], dtype=float)
        y = np.array([e.value for _, e in used])
        w = np.array([1 / ((e.high - e.low) / 2 / Z) ** 2 for _, e in used])
        slope = np.sum(w * (x - np.average(x, weights=w)) * y) / np.sum(
            w * (x - np.average(x, weights=w)) ** 2
        )
        se = math.sqrt(1 / np.sum(w * (x - np.average(x, weights=w)) ** 2))
        span = x[-1] - x[0]
        assert (before, after) == (series[used[0][0]][0], series[used[-1][0]][0])
        assert result.difference == pytest.approx(slope * span)
        assert result.p_value == pytest.approx(2 * stats.norm.sf(abs(slope / se)))
        assert (result.n_a, result.n_b) == (min(e.n for _, e in used), sum(e.n for _, e in used))


trend_points = st.one_of(
    st.builds(
        lambda value, half, n: KpiEstimate("nps", n, value, value - half, value + half),
        st.floats(-100, 100),
        st.sampled_from([0.0, 0.5, 3.0, 12.5, 40.0]),  # 0: a zero-width interval
        st.integers(1, 500),
    ),
    st.builds(lambda n: KpiEstimate("nps", n, None, None, None), st.integers(0, 9)),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(trend_points, max_size=7), max_size=5))
def test_trends_use_the_periods_with_an_interval_of_some_width(many):
    series = [[(f"p{i}", e) for i, e in enumerate(points)] for points in many]
    found = trends("nps", series)
    for points, result in zip(series, found, strict=True):
        used = [
            (i, e)
            for i, (_, e) in enumerate(points)
            if e.value is not None and (e.high - e.low) / 2 / Z != 0
        ]
        if len(used) < 3:
            assert result is None
            continue
        x = np.array([i for i, _ in used], dtype=float)
        y = np.array([e.value for _, e in used])
        w = np.array([1 / ((e.high - e.low) / 2 / Z) ** 2 for _, e in used])
        centred = x - np.average(x, weights=w)
        slope = np.sum(w * centred * y) / np.sum(w * centred**2)
        before, after, difference = result
        assert (before, after) == (points[used[0][0]][0], points[used[-1][0]][0])
        assert difference.difference == pytest.approx(slope * (x[-1] - x[0]), abs=1e-6)
        assert (difference.n_a, difference.n_b) == (
            min(e.n for _, e in used),
            sum(e.n for _, e in used),
        )


def shared_respondents(seed: int):
    """Respondents who answer 1..4 of five touchpoints (one of them by few people)."""
    rng = np.random.default_rng(seed)
    who, where, nps, csat, ces = [], [], [], [], []
    for person in range(300):
        for tp in sorted(rng.choice(5, size=rng.integers(1, 5), replace=False)):
            if tp == 4 and person % 20:
                continue
            who.append(person)
            where.append(tp)
            nps.append(int(rng.integers(0, 11)))
            csat.append(int(rng.integers(1, 6)))
            ces.append(int(rng.integers(1, 8)))
    scores = {"nps": np.array(nps), "csat": np.array(csat), "ces": np.array(ces)}
    names = [f"tp{i}" for i in range(5)]
    return respondent_moments(
        np.array(who, dtype=np.uint64),
        np.array(where, dtype=np.int32),
        np.full(len(who), 672, dtype=np.int32),
        np.zeros(len(who), dtype=np.int32),
        scores,
        names,
        ["a", "b"],
        CONFIG,
    )


@pytest.mark.parametrize("kpi", ["nps", "csat", "ces"])
def test_each_touchpoint_against_the_rest_at_once_is_the_pooled_test(kpi):
    respondents = Respondents(shared_respondents(seed=5))
    keys = ["tp0", "tp1", "tp2", "tp3", "tp4", "no-answers"]
    found = respondents.versus_rest(KPIS[kpi], "touchpoint", keys)
    for key, difference in zip(keys, found, strict=True):
        others = [k for k in keys if k != key]
        assert difference == respondents.difference(KPIS[kpi], "touchpoint", others, [key])
    assert found[-1] is None and all(found[:-1])
