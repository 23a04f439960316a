"""Which touchpoints move the overall outcome most (the relationship NPS unless
`analysis.drivers.outcome` names another KPI): key drivers for the report.

From the respondent-level moments the data stage collected, the pairwise-complete
correlations feed Shapley value regression (the figure shown) and Johnson's relative
weights (a cross-check: the two agree closely when the model is sound). Pairs of variables
answered together by fewer respondents than the confidence rule asks are treated as
uncorrelated rather than trusted. Associational, not causal: the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from touchsite.analyze.drivers import (
    PairMoments,
    correlations_from_moments,
    relative_weights,
    shapley_regression,
)
from touchsite.cache import Cache, cached
from touchsite.models import Config, DriverMoments, KpiEstimate


@dataclass(frozen=True)
class Driver:
    touchpoint: str
    title: str
    kpi: str
    share: float  # percent of the explained variance
    correlation: float
    n: int  # respondents who rated this touchpoint and answered the overall question
    performance: KpiEstimate


@dataclass(frozen=True)
class DriverReport:
    kpi: str  # the outcome's KPI
    deletion: str  # how missing answers were handled: PAIRWISE or LISTWISE
    drivers: tuple[Driver, ...]  # most important first
    r_squared: float
    respondents: int
    agreement: float  # largest difference in share between the two methods, in points
    repaired: bool


def key_drivers(
    moments: DriverMoments | None, reports: dict, config: Config, cache: Cache | None = None
) -> DriverReport | None:
    """The drivers with their touchpoints' performance. `cache` keeps the regressions (the
    costly part, 2^p models) for as long as the moments and the config stay the same."""
    if moments is None or len(moments.variables) < 3:
        return None
    fitted = cached(
        cache,
        "driver regressions",
        (moments, config),
        lambda: regressions(moments, config.rules.min_n_confident),
    )
    if fitted is None:
        return None
    shapley, weights = fitted
    other = {w.index: w.percent for w in weights.weights}
    drivers = []
    for weight in shapley.weights:
        if weight.constant or weight.correlation is None:
            continue
        touchpoint, kpi = moments.variables[weight.index].split(":")
        report = reports.get(touchpoint)
        if report is None:
            continue
        drivers.append(
            Driver(
                touchpoint=touchpoint,
                title=report.touchpoint.title,
                kpi=kpi,
                share=weight.percent,
                correlation=weight.correlation,
                n=int(moments.n[0, weight.index]),
                performance=report.kpis[kpi],
            )
        )
    drivers.sort(key=lambda d: (-d.share, d.touchpoint))
    agreement = max(
        (abs(w.percent - other.get(w.index, 0.0)) for w in shapley.weights), default=0.0
    )
    return DriverReport(
        kpi=config.drivers.outcome,
        deletion=config.drivers.deletion,
        drivers=tuple(drivers),
        r_squared=shapley.r_squared,
        respondents=int(moments.n[0, 0]),
        agreement=agreement,
        repaired=shapley.repaired or weights.repaired,
    )


def regressions(moments: DriverMoments, min_n: int):
    """Shapley value regression and relative weights from the pairwise-complete correlations;
    None when fewer than two touchpoints were rated together with the outcome often enough."""
    size = len(moments.variables)
    pairs = {}
    for i in range(size):
        for j in range(i + 1, size):
            n = int(moments.n[i, j])
            if n >= min_n:
                pairs[(i, j)] = PairMoments.from_sums(
                    n,
                    float(moments.sx[i, j]),
                    float(moments.sx[j, i]),
                    float(moments.sxx[i, j]),
                    float(moments.sxx[j, i]),
                    float(moments.sxy[i, j]),
                )
    matrix = correlations_from_moments(pairs, size)
    predictors = [i for i in range(1, size) if (0, i) in pairs]
    if len(predictors) < 2:
        return None
    names = list(moments.variables)
    return (
        shapley_regression(matrix, 0, predictors, names),
        relative_weights(matrix, 0, predictors, names),
    )
