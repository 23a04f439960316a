"""What the KPI figures are made of and give: answer counts, how they cluster in
respondents, the 95 % z and a tested difference. Its own module, below both the array
formulas (batch.py) and the one-figure API (kpis.py, changes.py) that wraps them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from touchsite.models.frozen import quickly_built

Z95 = 1.959963984540054

Counts = Mapping[int, int]


@dataclass(frozen=True)
class Design:
    """How a figure's answers cluster in respondents: the design effect (the cluster-robust
    variance over the variance as if each answer came from its own respondent) and the
    number of respondents (None where not known)."""

    effect: float = 1.0
    respondents: int | None = None

    def __post_init__(self) -> None:
        # n / effect is the effective sample size: 0, a negative or NaN would make it NaN
        if not 0 < self.effect < math.inf:
            raise ValueError(f"a design effect must be positive and finite, not {self.effect}")


SIMPLE = Design()


@quickly_built
@dataclass(frozen=True)
class Difference:
    """b minus a, in the KPI's unit (NPS points, CSAT percentage points, mean score)."""

    kpi: str
    difference: float
    low: float | None
    high: float | None
    p_value: float
    n_a: int
    n_b: int
