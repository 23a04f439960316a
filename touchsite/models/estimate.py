"""A KPI figure as the analysis hands it on: value, interval and n always together."""

from __future__ import annotations

from dataclasses import dataclass

from touchsite.kpi import shortfall
from touchsite.models.frozen import quickly_built


@quickly_built
@dataclass(frozen=True)
class KpiEstimate:
    """One KPI figure: value, 95 % interval and sample size always travel together.

    `value` is None when n is below the minimum to show a score; `low_n` marks estimates
    that are shown but too uncertain to rank or colour.
    """

    kpi: str
    n: int
    value: float | None
    low: float | None
    high: float | None
    target: float | None = None
    low_n: bool = False
    higher_is_better: bool = True
    # how many respondents gave the n answers; None where not known (a pool of touchpoints
    # that share respondents)
    respondents: int | None = None

    @property
    def pooled(self) -> bool:
        """Whether the n answers came from fewer respondents, or from an unknown number."""
        return self.respondents != self.n

    @property
    def status(self) -> str:
        """'meets' / 'misses' the target, or why neither can be said."""
        if self.n == 0:
            return "no-data"
        if self.value is None:
            return "withheld"
        if self.low_n:
            return "low-n"
        if self.target is None:
            return "no-target"
        return "meets" if (self.gap or 0) <= 0 else "misses"

    @property
    def gap(self) -> float | None:
        """How far the value falls short of its target (positive = shortfall)."""
        if self.value is None or self.target is None:
            return None
        return shortfall(self.value, self.target, self.higher_is_better)

    @property
    def grade(self) -> str:
        """Where the value stands against its target, allowing for its interval:
        'clearly-below' / 'clearly-above' when the whole 95 % interval lies on one side,
        'on-target' when the value is within half the interval's half-width of the target,
        else 'below' / 'above'. Without an interval or target: `status` says why."""
        if self.status not in ("meets", "misses") or self.low is None or self.high is None:
            return self.status
        target = self.target
        assert target is not None and self.value is not None  # status says so
        # "below" means worse than the target, whichever way the scale runs
        if self.higher_is_better:
            worse, better = self.high < target, self.low > target
        else:
            worse, better = self.low > target, self.high < target
        if worse:
            return "clearly-below"
        if better:
            return "clearly-above"
        tolerance = (self.high - self.low) / 4
        gap = self.gap or 0.0
        if abs(gap) <= tolerance:
            return "on-target"
        return "below" if gap > 0 else "above"
