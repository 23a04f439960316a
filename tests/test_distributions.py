"""touchsite.analyze.distributions gives the very floats of scipy.stats (the reference, imported
only here), at the edges too: a figure of the site must not move by a bit when the tests stop
importing scipy.stats."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats as scipy_stats

from touchsite.analyze import distributions
from touchsite.analyze.stats import chi_square_homogeneity

EDGES = [-np.inf, -1.0, -0.0, 0.0, 5e-324, 1e-12, 1.0, 1e6, np.inf, np.nan]
values = st.one_of(st.sampled_from(EDGES), st.floats(-1e4, 1e4), st.floats(0, 60))
degrees = st.one_of(st.sampled_from(EDGES), st.floats(1e-3, 1e7), st.integers(1, 400))


def same(ours, reference) -> bool:
    return type(ours) is type(reference) and np.array_equal(ours, reference, equal_nan=True)


@given(st.lists(st.tuples(values, degrees, degrees), min_size=1, max_size=20))
def test_tails_are_scipys(cases):
    x, a, b = (np.array(column, dtype="float64") for column in zip(*cases, strict=True))
    assert same(distributions.norm.sf(x), scipy_stats.norm.sf(x))
    assert same(distributions.t.sf(x, a), scipy_stats.t.sf(x, a))
    assert same(distributions.chi2.sf(x, a), scipy_stats.chi2.sf(x, a))
    assert same(distributions.f.sf(x, a, b), scipy_stats.f.sf(x, a, b))
    assert same(distributions.t.ppf(0.975, a), scipy_stats.t.ppf(0.975, a))
    one = (float(x[0]), float(a[0]), float(b[0]))
    assert same(distributions.t.sf(one[0], one[1]), scipy_stats.t.sf(one[0], one[1]))
    assert same(distributions.f.sf(*one), scipy_stats.f.sf(*one))
    assert same(distributions.t.ppf(0.975, one[1]), scipy_stats.t.ppf(0.975, one[1]))


tables = st.lists(
    st.dictionaries(st.integers(0, 10), st.integers(0, 5000), max_size=11), min_size=2, max_size=8
)


@given(tables)
def test_chi_square_is_scipys_float_for_float(groups):
    result = chi_square_homogeneity(groups)
    answered = [group for group in groups if sum(group.values())]
    scores = sorted({score for group in answered for score, n in group.items() if n})
    if len(answered) < 2 or len(scores) < 2:
        return
    observed = [[group.get(score, 0) for score in scores] for group in answered]
    chi2, p, df, expected = scipy_stats.chi2_contingency(observed, correction=False)
    assert (result.statistic, result.p_value, result.df) == (float(chi2), float(p), df)
    assert result.min_expected == float(expected.min())
