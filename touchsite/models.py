"""The domain's typed models: the only things the build's stages pass on."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

KPIS = ("nps", "csat", "ces")


@dataclass(frozen=True)
class Source:
    """Where a model came from: its file and the line of each front-matter key."""

    path: str
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


@dataclass(frozen=True)
class Phase:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Channel:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Persona:
    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Targets:
    """KPI targets: NPS points, CSAT top-2-box share in percent, CES mean on 1-7."""

    nps: float | None = None
    csat: float | None = None
    ces: float | None = None

    def get(self, kpi: str) -> float | None:
        return getattr(self, kpi)

    def over(self, defaults: Targets) -> Targets:
        """These targets, falling back to `defaults` where one is not set."""
        return Targets(
            **{
                kpi: self.get(kpi) if self.get(kpi) is not None else defaults.get(kpi)
                for kpi in KPIS
            }
        )


@dataclass(frozen=True)
class DataSource:
    path: str
    line: int


@dataclass(frozen=True)
class Scale:
    """A question's answer scale and direction, stated in the config, never guessed."""

    low: int
    high: int
    higher_is_better: bool = True

    @property
    def width(self) -> int:
        return self.high - self.low


# NPS and CSAT have one standard scale each; CES exists as 1-5 (lower is better) and as 1-7
# agreement (higher is better), so its scale must be written in touchsite.yml.
NPS_SCALE = Scale(0, 10)
CSAT_SCALE = Scale(1, 5)


@dataclass(frozen=True)
class Rules:
    """How much evidence a figure needs before it is shown, coloured, ranked or flagged."""

    min_n_shown: int = 10
    min_n_confident: int = 30
    period: str = "month"
    fdr: float = 0.05
    min_effect: Targets = Targets(nps=10.0, csat=5.0, ces=0.3)


@dataclass(frozen=True)
class Metric:
    """A business figure measured per touchpoint and month (not a survey estimate)."""

    id: str
    title: str
    unit: str = ""
    target: float | None = None
    higher_is_better: bool = True


@dataclass(frozen=True)
class Config:
    title: str
    client: str
    language: str
    base_url: str
    phases: tuple[Phase, ...]
    channels: tuple[Channel, ...]
    personas: tuple[Persona, ...]
    primary_kpi: str
    targets: Targets
    data: tuple[DataSource, ...]
    compare_with: str = ""
    ces_scale: Scale | None = None
    rules: Rules = Rules()
    business_path: str = ""
    business_line: int = 1
    metrics: tuple[Metric, ...] = ()
    logo: str = ""  # path relative to the project
    brand_color: str = ""  # "#rrggbb"

    def scale(self, kpi: str) -> Scale | None:
        return {"nps": NPS_SCALE, "csat": CSAT_SCALE, "ces": self.ces_scale}[kpi]


@dataclass(frozen=True)
class Touchpoint:
    id: str
    title: str
    phase: str
    channel: str
    type: str
    category: str
    influence: str
    direction: str
    c2c: bool
    owner: str
    personas: tuple[str, ...]
    emotion: int | None
    value: tuple[str, ...]
    targets: Targets
    order: int
    body_html: str
    source: Source


@dataclass(frozen=True)
class Recommendation:
    id: str
    title: str
    touchpoints: tuple[str, ...]
    priority: str
    impact: int | None
    effort: int | None
    status: str
    owner: str
    due: dt.date | None
    kpi: str | None
    body_html: str
    source: Source
    experiment: str | None = None


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    order: int
    body_html: str
    source: Source


@dataclass(frozen=True)
class Comment:
    touchpoint: str
    date: dt.date
    segment: str
    score: float | None
    kpi: str | None
    text: str


OVERALL = "overall"  # the touchpoint id of the overall (relationship) question


@dataclass(frozen=True)
class DriverMoments:
    """Sufficient statistics for key-driver analysis, over respondents (pairwise complete).

    Variables are "touchpoint:kpi" names, the first being the overall outcome. For each pair
    (i, j) over respondents who answered both: n[i, j], the sum of x_i (sx[i, j]), of x_i^2
    (sxx[i, j]) and of x_i * x_j (sxy[i, j]).
    """

    variables: tuple[str, ...]
    n: np.ndarray = field(compare=False)
    sx: np.ndarray = field(compare=False)
    sxx: np.ndarray = field(compare=False)
    sxy: np.ndarray = field(compare=False)


@dataclass
class Feedback:
    """Survey answers reduced to sufficient statistics.

    `counts` has one row per touchpoint x period x segment x kpi x score, with column `n`;
    everything after the data stage works from it (and the sampled comments) alone.
    """

    counts: pd.DataFrame
    comments: dict[str, list[Comment]]
    rows: int
    responses: dict[str, int]
    first_date: dt.date | None
    last_date: dt.date | None
    redactions: dict[str, int] = field(default_factory=dict)
    drivers: DriverMoments | None = None


@dataclass
class Project:
    root: Path
    config: Config
    touchpoints: list[Touchpoint]
    recommendations: list[Recommendation]
    pages: list[Page]


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
        shortfall = self.target - self.value
        return shortfall if self.higher_is_better else -shortfall
