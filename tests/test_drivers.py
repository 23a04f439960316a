"""Key-driver analysis against hand-computed Shapley values, least squares on the raw data
(numpy lstsq with an intercept) and pandas' pairwise correlations as independent references."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from touchsite.analyze.drivers import (
    PairMoments,
    _prepare,
    _subset_r_squared,
    correlations_from_moments,
    nearest_psd_correlation,
    relative_weights,
    shapley_regression,
)

METHODS = [relative_weights, shapley_regression]


def lstsq_r_squared(x: np.ndarray, y: np.ndarray) -> float:
    design = np.column_stack([np.ones(len(y)), x])
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    residuals = y - design @ coefficients
    return 1 - residuals @ residuals / ((y - y.mean()) @ (y - y.mean()))


@pytest.mark.parametrize("method", METHODS)
def test_orthogonal_predictors_get_their_squared_correlation(method):
    # uncorrelated predictors: R^2 = .5^2 + .3^2 + .2^2 = .25 + .09 + .04 = .38, and each
    # predictor's share is its own r^2 (65.79 %, 23.68 %, 10.53 % of .38)
    matrix = [
        [1.0, 0.0, 0.0, 0.5],
        [0.0, 1.0, 0.0, 0.3],
        [0.0, 0.0, 1.0, -0.2],
        [0.5, 0.3, -0.2, 1.0],
    ]
    result = method(matrix, 3, names=["speed", "price", "waiting", "nps"])
    assert result.r_squared == pytest.approx(0.38)
    assert [w.weight for w in result.weights] == pytest.approx([0.25, 0.09, 0.04])
    assert [w.percent for w in result.weights] == pytest.approx([65.789474, 23.684211, 10.526316])
    assert [w.name for w in result.weights] == ["speed", "price", "waiting"]
    assert [w.correlation for w in result.weights] == [0.5, 0.3, -0.2]  # sign kept
    assert result.outcome == "nps" and not result.repaired


# Twelve respondents: three driver questions and the outcome.
DATA = np.array(
    [
        [5, 4, 3, 7], [4, 4, 2, 9], [2, 3, 3, 4], [3, 1, 1, 6], [5, 5, 4, 10], [1, 2, 2, 5],
        [4, 3, 5, 6], [2, 2, 1, 2], [3, 4, 4, 9], [1, 1, 2, 4], [4, 5, 3, 7], [3, 2, 3, 3],
    ],
    dtype=float,
)  # fmt: skip
# R^2 of every subset of the predictors, by least squares on DATA
SUBSET_R2 = {
    (): 0.0,
    (0,): 0.461696,
    (1,): 0.546104,
    (2,): 0.197802,
    (0, 1): 0.583201,
    (0, 2): 0.476105,
    (1, 2): 0.546436,
    (0, 1, 2): 0.583236,
}


def test_subset_r_squared_reference():
    for subset, r_squared in SUBSET_R2.items():
        if subset:
            assert lstsq_r_squared(DATA[:, list(subset)], DATA[:, 3]) == pytest.approx(
                r_squared, abs=1e-6
            )


def test_shapley_by_hand_three_predictors():
    # with p = 3 a subset of size 0, 1, 2 weighs 1/3, 1/6, 1/3:
    # phi_1 = 1/3 (.461696) + 1/6 (.583201 - .546104) + 1/6 (.476105 - .197802)
    #         + 1/3 (.583236 - .546436) = .153899 + .006183 + .046384 + .012267 = .218732
    # phi_2 = 1/3 (.546104) + 1/6 (.583201 - .461696) + 1/6 (.546436 - .197802)
    #         + 1/3 (.583236 - .476105) = .182035 + .020251 + .058106 + .035710 = .296101
    # phi_3 = 1/3 (.197802) + 1/6 (.476105 - .461696) + 1/6 (.546436 - .546104)
    #         + 1/3 (.583236 - .583201) = .065934 + .002402 + .000055 + .000012 = .068403
    # sum .583236 = R^2 of the full model
    result = shapley_regression(np.corrcoef(DATA, rowvar=False), 3)
    assert [w.weight for w in result.weights] == pytest.approx(
        [0.218732, 0.296101, 0.068403], abs=2e-6
    )
    assert result.r_squared == pytest.approx(SUBSET_R2[(0, 1, 2)], abs=1e-6)
    # relative weights on the same matrix: same R^2, shares close to Shapley's
    weights = relative_weights(np.corrcoef(DATA, rowvar=False), 3)
    assert weights.r_squared == pytest.approx(0.583236, abs=1e-6)
    assert [w.percent for w in weights.weights] == pytest.approx(
        [w.percent for w in result.weights], abs=3.0
    )


def correlated_sample(seed: int, n: int = 4000, p: int = 5) -> np.ndarray:
    rng = np.random.default_rng(seed)
    common = rng.normal(size=(n, 1))
    x = rng.normal(size=(n, p)) + 0.8 * common
    y = x @ np.linspace(0.2, 1.0, p) + 2.0 * rng.normal(size=n)
    return np.column_stack([x, y])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_methods_agree_and_add_up_to_r_squared(seed):
    data = correlated_sample(seed)
    matrix = np.corrcoef(data, rowvar=False)
    outcome = data.shape[1] - 1
    reference = lstsq_r_squared(data[:, :outcome], data[:, outcome])
    shapley = shapley_regression(matrix, outcome)
    weights = relative_weights(matrix, outcome)
    for result in (shapley, weights):
        assert result.r_squared == pytest.approx(reference)
        assert sum(w.weight for w in result.weights) == pytest.approx(reference)
        assert sum(w.percent for w in result.weights) == pytest.approx(100.0)
    assert [w.percent for w in weights.weights] == pytest.approx(
        [w.percent for w in shapley.weights], abs=2.0
    )


def test_subset_of_predictors():
    data = correlated_sample(4)
    matrix = np.corrcoef(data, rowvar=False)
    result = shapley_regression(matrix, 5, predictors=[3, 0])
    assert [w.index for w in result.weights] == [3, 0]
    assert result.r_squared == pytest.approx(lstsq_r_squared(data[:, [3, 0]], data[:, 5]))


@pytest.mark.parametrize("method", METHODS)
def test_duplicated_predictor_shares_its_weight(method):
    # x0 twice: the matrix is singular; the two copies split x0's share evenly and R^2 is
    # that of the model without the copy
    data = correlated_sample(5, p=2)
    x0, x1, y = data.T
    matrix = np.corrcoef(np.column_stack([x0, x0, x1, y]), rowvar=False)
    result = method(matrix, 3)
    assert result.weights[0].weight == pytest.approx(result.weights[1].weight)
    assert result.r_squared == pytest.approx(lstsq_r_squared(data[:, :2], y))


@pytest.mark.parametrize("method", METHODS)
def test_constant_predictor_is_flagged_with_weight_zero(method):
    data = correlated_sample(6, p=3)
    frame = pd.DataFrame(data, columns=["a", "b", "c", "y"])
    frame.insert(1, "same", 4.0)  # everyone answered 4
    matrix = frame.corr().to_numpy()  # NaN row and column for "same", as pandas gives
    result = method(matrix, 4, names=list(frame.columns))
    constant = result.weights[1]
    assert (constant.name, constant.weight, constant.percent) == ("same", 0.0, 0.0)
    assert constant.constant and constant.correlation is None
    without = method(frame.drop(columns="same").corr().to_numpy(), 3)
    assert [w.weight for w in result.weights if not w.constant] == pytest.approx(
        [w.weight for w in without.weights]
    )
    assert result.r_squared == pytest.approx(without.r_squared)


def test_constant_outcome_explains_nothing():
    matrix = [[1.0, 0.2, np.nan], [0.2, 1.0, np.nan], [np.nan, np.nan, np.nan]]
    for method in METHODS:
        result = method(matrix, 2)
        assert result.r_squared == 0.0
        assert all(w.constant and w.weight == 0.0 for w in result.weights)


# Pairwise correlations that no data set can have: x0 is close to both x1 and x2, which
# are nearly opposite; the predictors' block alone has determinant
# 1 (1 - .04) - .9 (.9 + .18) + .9 (-.18 - .9) = -.984 < 0.
INCONSISTENT = np.array(
    [
        [1.0, 0.9, 0.9, 0.6],
        [0.9, 1.0, -0.2, 0.6],
        [0.9, -0.2, 1.0, 0.6],
        [0.6, 0.6, 0.6, 1.0],
    ]
)


def test_nearest_psd_correlation():
    assert np.linalg.eigvalsh(INCONSISTENT).min() < -0.4
    repaired, changed = nearest_psd_correlation(INCONSISTENT)
    assert changed
    assert np.linalg.eigvalsh(repaired).min() >= -1e-12
    assert np.diag(repaired) == pytest.approx(np.ones(4))
    assert np.abs(repaired).max() <= 1.0 + 1e-12
    assert repaired == pytest.approx(repaired.T)
    consistent = np.corrcoef(DATA, rowvar=False)
    same, changed = nearest_psd_correlation(consistent)
    assert not changed and same == pytest.approx(consistent)
    with pytest.raises(ValueError, match="finite"):
        nearest_psd_correlation([[1.0, np.nan], [np.nan, 1.0]])


@pytest.mark.parametrize("method", METHODS)
def test_inconsistent_pairwise_matrix_is_repaired(method):
    result = method(INCONSISTENT, 3)
    assert result.repaired
    assert 0.0 <= result.r_squared <= 1.0 + 1e-9
    assert all(w.weight >= 0 for w in result.weights)
    assert sum(w.weight for w in result.weights) == pytest.approx(result.r_squared)
    # x1 and x2 are symmetric in the matrix, so in the result too
    assert result.weights[1].weight == pytest.approx(result.weights[2].weight)


def test_shapley_refuses_more_than_fifteen_predictors():
    rng = np.random.default_rng(7)
    data = rng.normal(size=(200, 17))
    matrix = np.corrcoef(data, rowvar=False)
    with pytest.raises(ValueError, match="at most 15"):
        shapley_regression(matrix, 16)
    assert len(relative_weights(matrix, 16).weights) == 16


def test_invalid_inputs():
    matrix = np.corrcoef(DATA, rowvar=False)
    with pytest.raises(ValueError, match="outcome"):
        relative_weights(matrix, 3, predictors=[0, 3])
    with pytest.raises(ValueError, match="symmetric"):
        relative_weights([[1.0, 0.5], [0.2, 1.0]], 1)
    with pytest.raises(ValueError, match="indices"):
        shapley_regression(matrix, 4)
    with pytest.raises(ValueError, match="names"):
        shapley_regression(matrix, 3, names=["a", "b"])


def test_pair_moments_by_hand():
    # x = 1, 2, 3, 4 and y = 2, 4, 5, 9: means 2.5 and 5, variances 5/3 and 26/3,
    # sum xy = 2 + 8 + 15 + 36 = 61, covariance (61 - 4 x 2.5 x 5) / 3 = 11/3,
    # r = (11/3) / sqrt(5/3 x 26/3) = 3.666667 / 3.800585 = .964764
    pair = PairMoments.from_sums(4, sum_x=10, sum_y=20, sum_xx=30, sum_yy=126, sum_xy=61)
    assert (pair.mean_x, pair.mean_y) == (2.5, 5.0)
    assert (pair.variance_x, pair.variance_y) == pytest.approx((5 / 3, 26 / 3))
    assert pair.correlation == pytest.approx(0.964764, abs=1e-6)
    assert np.isnan(PairMoments.from_sums(1, 3, 4, 9, 16, 12).correlation)
    assert np.isnan(PairMoments(5, 3.0, 2.0, 0.0, 1.5, 30.0).correlation)  # x constant


def test_correlations_from_moments_match_pandas_pairwise():
    rng = np.random.default_rng(8)
    frame = pd.DataFrame(correlated_sample(9, n=300, p=3)).round()
    frame = frame.mask(rng.random(frame.shape) < 0.3)  # 30 % unanswered
    frame[4] = np.where(frame[0].notna(), 7.0, np.nan)  # answered 7 by everyone who answered
    moments = {}
    for i in range(5):
        for j in range(i + 1, 5):
            both = frame[[i, j]].dropna()
            x, y = both[i].to_numpy(), both[j].to_numpy()
            moments[(i, j)] = PairMoments.from_sums(
                len(both), x.sum(), y.sum(), x @ x, y @ y, x @ y
            )
    matrix = correlations_from_moments(moments, 5)
    np.testing.assert_allclose(matrix, frame.corr().to_numpy(), atol=1e-10)
    result = relative_weights(matrix, 3)
    assert result.weights[-1].constant
    assert 0.0 <= result.r_squared <= 1.0


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), p=st.integers(1, 7))
def test_shapley_shares_are_the_running_sums_over_subsets_to_the_bit(seed, p):
    """Each share adds its gains subset by subset in order of their bit masks, from 0.0,
    each gain weighted |S|! (p - |S| - 1)! / p!: the Shapley value's own definition, summed
    here one by one in Python from the subsets' R^2 (_subset_r_squared)."""
    matrix = np.corrcoef(correlated_sample(seed % 1000, n=300, p=p), rowvar=False)
    result = shapley_regression(matrix, p)
    r_squared = _subset_r_squared(_prepare(matrix, p, None, None)[2]).tolist()
    expected = [0.0] * p
    for mask, value in enumerate(r_squared):
        size = bin(mask).count("1")
        if size == p:
            continue
        weight = math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
        for j in range(p):
            if not mask >> j & 1:
                expected[j] += weight * (r_squared[mask | 1 << j] - value)
    assert [w.weight for w in result.weights] == [max(0.0, share) for share in expected]
