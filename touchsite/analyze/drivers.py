"""Key-driver analysis from sufficient statistics: which answers move the outcome most.

Both methods split the model's R^2 among correlated predictors and need only the correlation
matrix, never the answers themselves:

- relative weights (Johnson 2000, Multivariate Behavioral Research 35:1), fast for any size;
- Shapley value regression (Lipovetsky & Conklin 2001, Applied Stochastic Models in Business
  and Industry 17:319), exact over all 2^p subsets of predictors, so limited to 15.

Survey answers are missing here and there, so the matrix is usually pairwise complete and
need not be positive semi-definite; it is then repaired by clipping negative eigenvalues
(Rousseeuw & Molenberghs 1993, Communications in Statistics - Theory and Methods 22:965).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

import numpy as np
from numpy.typing import ArrayLike, NDArray

MAX_SHAPLEY_PREDICTORS = 15
# Eigenvalues below this (relative to the largest) count as zero: collinear predictors.
EIGENVALUE_TOLERANCE = 1e-10


@dataclass(frozen=True)
class PairMoments:
    """Moments of variables x and y over the n rows where both were answered.

    `variance_x`, `variance_y` are sample variances (n - 1 denominator); `sum_xy` is the raw
    sum of the products x * y over those rows.
    """

    n: int
    mean_x: float
    mean_y: float
    variance_x: float
    variance_y: float
    sum_xy: float

    @classmethod
    def from_sums(
        cls, n: int, sum_x: float, sum_y: float, sum_xx: float, sum_yy: float, sum_xy: float
    ) -> PairMoments:
        """From running sums, which can be added up batch by batch."""
        if n < 2:
            return cls(n, sum_x / n if n else 0.0, sum_y / n if n else 0.0, 0.0, 0.0, sum_xy)
        variance_x = (sum_xx - sum_x**2 / n) / (n - 1)
        variance_y = (sum_yy - sum_y**2 / n) / (n - 1)
        return cls(n, sum_x / n, sum_y / n, variance_x, variance_y, sum_xy)

    @property
    def correlation(self) -> float:
        """Pearson's r; NaN when n < 2 or either variable is constant over these rows."""
        if self.n < 2 or self.variance_x <= 0 or self.variance_y <= 0:
            return math.nan
        covariance = (self.sum_xy - self.n * self.mean_x * self.mean_y) / (self.n - 1)
        r = covariance / math.sqrt(self.variance_x * self.variance_y)
        return max(-1.0, min(1.0, r))


@dataclass(frozen=True)
class DriverWeight:
    """One predictor's share of the explained variance.

    `weight` is its part of R^2 (the weights add up to R^2); `percent` is that part as a
    share of R^2 (adding up to 100). `correlation` is the plain r with the outcome, whose
    sign says whether the driver helps or hurts (None when undefined). `constant` marks a
    predictor without variance (or without a correlation with the outcome): left out of
    the model, weight 0.
    """

    index: int
    name: str
    weight: float
    percent: float
    correlation: float | None
    constant: bool = False


@dataclass(frozen=True)
class DriverAnalysis:
    """Key drivers of one outcome.

    `repaired` says the matrix was not positive semi-definite and had to be repaired first.
    The repaired matrix is singular, and when the inconsistency involves the outcome that
    pushes R^2 towards 1: R^2 is then not to be trusted, while `percent` still ranks the
    drivers. Inconsistent pairwise correlations usually mean too few respondents answered
    both questions of some pairs.
    """

    method: str
    outcome: str
    r_squared: float
    weights: list[DriverWeight]
    repaired: bool


def correlations_from_moments(
    moments: Mapping[tuple[int, int], PairMoments], size: int
) -> NDArray[np.float64]:
    """The pairwise-complete correlation matrix of `size` variables from per-pair moments.

    `moments[(i, j)]` (either order) holds the moments of variables i and j over the rows
    where both were answered. Missing pairs and pairs without variance give NaN; a variable
    constant in every pair gets NaN on its diagonal too, as pandas' DataFrame.corr does.
    """
    matrix = np.full((size, size), math.nan)
    varies = np.zeros(size, dtype=bool)
    for (i, j), pair in moments.items():
        if i == j:
            continue
        matrix[i, j] = matrix[j, i] = pair.correlation
        varies[i] |= pair.n >= 2 and pair.variance_x > 0
        varies[j] |= pair.n >= 2 and pair.variance_y > 0
    matrix[np.diag_indices(size)] = np.where(varies, 1.0, math.nan)
    return matrix


def nearest_psd_correlation(matrix: ArrayLike) -> tuple[NDArray[np.float64], bool]:
    """A positive semi-definite correlation matrix close to `matrix`, and whether it changed.

    Negative eigenvalues are set to 0 and the result is rescaled to a unit diagonal
    (Rousseeuw & Molenberghs 1993). This is one projection step, not Higham's (2002, IMA
    Journal of Numerical Analysis 22:329) exact nearest correlation matrix, but it keeps
    every |r| <= 1 and every R^2 <= 1.
    """
    symmetric = np.asarray(matrix, dtype=float)
    if not np.isfinite(symmetric).all():
        raise ValueError("the matrix must be finite: fill or drop undefined correlations first")
    symmetric = (symmetric + symmetric.T) / 2
    values, vectors = np.linalg.eigh(symmetric)
    if values.min() >= -EIGENVALUE_TOLERANCE * max(1.0, values.max()):
        return symmetric, False
    clipped = (vectors * np.clip(values, 0.0, None)) @ vectors.T
    scale = np.sqrt(np.maximum(np.diag(clipped), np.finfo(float).tiny))
    return clipped / np.outer(scale, scale), True


def _prepare(
    correlations: ArrayLike,
    outcome: int,
    predictors: Sequence[int] | None,
    names: Sequence[str] | None,
) -> tuple[list[int], list[int], NDArray[np.float64], bool]:
    """Check the inputs; return all predictors, the usable ones, and the repaired matrix of
    (usable predictors..., outcome)."""
    matrix = np.asarray(correlations, dtype=float)
    size = matrix.shape[0] if matrix.ndim == 2 else -1
    if matrix.shape != (size, size):
        raise ValueError("the correlation matrix must be square")
    finite = np.isfinite(matrix)
    if not np.allclose(matrix[finite], matrix.T[finite], atol=1e-9):
        raise ValueError("the correlation matrix must be symmetric")
    if predictors is None:
        predictors = [i for i in range(size) if i != outcome]
    predictors = list(predictors)
    if not 0 <= outcome < size or any(not 0 <= i < size for i in predictors):
        raise ValueError(f"variable indices must lie in 0..{size - 1}")
    if outcome in predictors or len(set(predictors)) != len(predictors):
        raise ValueError("predictors must be distinct and must not include the outcome")
    if names is not None and len(names) != size:
        raise ValueError(f"names must name all {size} variables of the matrix")
    usable = [
        i
        for i in predictors
        if np.isfinite(matrix[i, i])
        and np.isfinite(matrix[outcome, outcome])
        and np.isfinite(matrix[i, outcome])
    ]
    order = [*usable, outcome]
    model = matrix[np.ix_(order, order)]
    # a pair never answered together carries no information: treat it as uncorrelated
    model = np.where(np.isfinite(model), model, 0.0)
    np.fill_diagonal(model, 1.0)
    repaired_model, repaired = nearest_psd_correlation(model)
    return predictors, usable, repaired_model, repaired


def _eigen(matrix: NDArray[np.float64]) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Eigenvalues (numerically zero ones set to 0) and eigenvectors of a symmetric matrix."""
    values, vectors = np.linalg.eigh(matrix)
    values = np.where(values > EIGENVALUE_TOLERANCE * max(1.0, values.max()), values, 0.0)
    return values, vectors


def _subset_r_squared(model: NDArray[np.float64]) -> NDArray[np.float64]:
    """R^2 = r_S' R_SS^+ r_S of the outcome (last row of `model`) on every subset S of the
    predictors, indexed by bit mask; the pseudo-inverse copes with collinear predictors.
    Subsets of one size are solved together as a stack."""
    p = model.shape[0] - 1
    r_squared = np.zeros(2**p)
    for size in range(1, p + 1):
        subsets = np.array(list(combinations(range(p), size)))
        masks = (1 << subsets).sum(axis=1)
        blocks = model[subsets[:, :, None], subsets[:, None, :]]
        r_xy = model[subsets, -1]
        inverse = np.linalg.pinv(blocks, rcond=EIGENVALUE_TOLERANCE, hermitian=True)
        r_squared[masks] = np.einsum("ki,kij,kj->k", r_xy, inverse, r_xy)
    return r_squared


def _result(
    method: str,
    names: Sequence[str] | None,
    outcome: int,
    correlations: ArrayLike,
    predictors: list[int],
    usable: list[int],
    shares: Sequence[float],
    repaired: bool,
) -> DriverAnalysis:
    matrix = np.asarray(correlations, dtype=float)
    by_index = dict(zip(usable, (max(0.0, float(share)) for share in shares), strict=True))
    r_squared = sum(by_index.values())

    def name(i: int) -> str:
        return names[i] if names is not None else str(i)

    weights = []
    for i in predictors:
        weight = by_index.get(i, 0.0)
        correlation = float(matrix[i, outcome]) if i in by_index else None
        percent = 100 * weight / r_squared if r_squared > 0 else 0.0
        weights.append(DriverWeight(i, name(i), weight, percent, correlation, i not in by_index))
    return DriverAnalysis(method, name(outcome), r_squared, weights, repaired)


def relative_weights(
    correlations: ArrayLike,
    outcome: int,
    predictors: Sequence[int] | None = None,
    names: Sequence[str] | None = None,
) -> DriverAnalysis:
    """Johnson's relative weights of the predictors for the outcome.

    Johnson (2000): with R_xx = Q diag(l) Q' the predictors' correlation matrix, its
    symmetric square root Lambda = Q diag(sqrt l) Q' maps the predictors to their closest
    orthogonal counterparts; beta = Lambda^-1 r_xy regresses the outcome on those, and the
    raw weights (Lambda o Lambda) @ (beta o beta) add up to R^2. Exactly collinear
    predictors (zero eigenvalues) are handled by the pseudo-inverse.

    `correlations` is the full matrix (e.g. pandas' DataFrame.corr(), or
    `correlations_from_moments`), `outcome` and `predictors` index into it (default: all
    other variables), `names` names all its variables.
    """
    predictors, usable, model, repaired = _prepare(correlations, outcome, predictors, names)
    if not usable:
        return _result("relative-weights", names, outcome, correlations, predictors, [], [], False)
    r_xx, r_xy = model[:-1, :-1], model[:-1, -1]
    values, vectors = _eigen(r_xx)
    root = (vectors * np.sqrt(values)) @ vectors.T
    inverse_root_values = np.divide(
        1.0, np.sqrt(values), out=np.zeros_like(values), where=values > 0
    )
    beta = (vectors * inverse_root_values) @ vectors.T @ r_xy
    raw = (root**2) @ (beta**2)
    return _result(
        "relative-weights", names, outcome, correlations, predictors, usable, raw, repaired
    )


def shapley_regression(
    correlations: ArrayLike,
    outcome: int,
    predictors: Sequence[int] | None = None,
    names: Sequence[str] | None = None,
) -> DriverAnalysis:
    """Shapley value regression: each predictor's average gain in R^2 over all orderings.

    phi_j = sum over subsets S of the other predictors of |S|! (p - |S| - 1)! / p! x
    (R^2(S + j) - R^2(S)) (Shapley 1953; Lipovetsky & Conklin 2001), exact over all 2^p
    subsets, each R^2 = r_S' R_SS^-1 r_S from the correlation matrix. The phi add up to the
    full model's R^2. More than 15 usable predictors (32,768 subsets) raise ValueError: use
    `relative_weights`, which agrees closely.

    Arguments as for `relative_weights`.
    """
    predictors, usable, model, repaired = _prepare(correlations, outcome, predictors, names)
    p = len(usable)
    if p > MAX_SHAPLEY_PREDICTORS:
        raise ValueError(
            f"Shapley regression over {p} predictors needs 2^{p} regressions; "
            f"use at most {MAX_SHAPLEY_PREDICTORS} or use relative_weights"
        )
    r_squared = _subset_r_squared(model)
    weight_of_size = np.array(
        [
            math.factorial(size) * math.factorial(p - size - 1) / math.factorial(p)
            for size in range(p)
        ]
    )
    masks = np.arange(2**p)
    shares = []
    for j in range(p):
        without = masks[(masks >> j & 1) == 0]  # the subsets S without j, in order
        gains = weight_of_size[np.bitwise_count(without)] * (
            r_squared[without | 1 << j] - r_squared[without]
        )
        # added up one after another from 0.0, as a running sum over the subsets would
        shares.append(float(np.add.accumulate(np.r_[0.0, gains])[-1]))
    return _result("shapley", names, outcome, correlations, predictors, usable, shares, repaired)
