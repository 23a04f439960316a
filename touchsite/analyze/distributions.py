"""The tail probabilities and quantiles the tests need (normal, Student's t, F, chi-square),
named and called as in scipy.stats (`t.ppf(0.975, df)`, `chi2.sf(x, df)`) and giving the same
floats: the same special functions, and scipy's answers at the edges (nan for degrees of
freedom that are not positive, 1 at or below the lower end of the support, 0 at infinity).

Importing scipy.stats takes about 0.6 s, a tenth of a large build's fixed cost, for four
functions that scipy.special holds (tests/test_distributions.py compares them with scipy.stats).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from touchsite.analyze.scipy_parts import special


def _float(value) -> np.ndarray:
    return np.asarray(value, dtype="float64")


def _result(values: np.ndarray):
    return values[()] if values.ndim == 0 else values


@dataclass(frozen=True)
class _Distribution:
    """A distribution whose support starts at `low`, with degrees of freedom that must be
    positive: `tail(*degrees, x)` is its survival function, `quantile(*degrees, q)` its
    inverse distribution function."""

    low: float
    tail: Callable[..., np.ndarray]
    quantile: Callable[..., np.ndarray] | None = None

    def _valid(self, degrees: tuple[np.ndarray, ...]) -> np.ndarray:
        valid = np.asarray(True)
        for value in degrees:
            valid = valid & (value > 0)
        return valid

    def sf(self, x, *degrees):
        """P(X > x), as scipy.stats' `sf`."""
        x, degrees = _float(x), tuple(map(_float, degrees))
        valid = self._valid(degrees)
        with np.errstate(invalid="ignore"):
            inside = valid & (x > self.low) & (x < np.inf)
            value = np.where(inside, self.tail(*degrees, x), 0.0)
        value = np.where(valid & (x <= self.low), 1.0, value)
        return _result(np.where(~valid | np.isnan(x), np.nan, value))

    def ppf(self, q: float, *degrees):
        """The quantile at probability q (0 < q < 1), as scipy.stats' `ppf`."""
        if not 0.0 < q < 1.0:
            raise ValueError("q must lie strictly between 0 and 1")
        degrees = tuple(map(_float, degrees))
        valid = self._valid(degrees)
        return _result(np.where(valid, self.quantile(*degrees, q), np.nan))


norm = _Distribution(-np.inf, lambda x: special.ndtr(-x))
t = _Distribution(-np.inf, lambda df, x: special.stdtr(df, -x), special.stdtrit)
f = _Distribution(0.0, special.fdtrc)
chi2 = _Distribution(0.0, special.chdtrc)
