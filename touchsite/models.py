"""The domain's typed models: the only things the build's stages pass on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

# KPIS and Scale are at home in touchsite.kpi; the stages import them from here as well
from touchsite.kpi import KPIS, Kpi, Scale, kpi_definitions, shortfall


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
    """KPI targets: NPS points, CSAT top-2-box share in percent, CES mean on its scale."""

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
class ScoreColumn:
    """Where one KPI's answers are in a data file, and how its answers read as numbers."""

    column: str
    scale: tuple[int, int] | None = None  # as asked; answers below the KPI's scale = not used
    labels: tuple[tuple[str, float], ...] = ()
    not_used: tuple[str, ...] = ()


@dataclass(frozen=True)
class TouchpointColumns:
    """A wide export's columns for one touchpoint (or the overall question)."""

    touchpoint: str
    scores: tuple[tuple[str, ScoreColumn], ...] = ()
    comments: tuple[str, ...] = ()
    line: int = field(default=1, compare=False)


@dataclass(frozen=True)
class DataSource:
    """A data file and, where it is not touchsite's own long table, how to read it."""

    path: str
    line: int
    format: str = ""  # "" = detect
    sheet: str = ""
    encoding: str = ""
    separator: str = ""
    date_format: str = ""
    respondent: str = ""
    date: str = ""
    segment: tuple[str, ...] = ()
    variant: str = ""
    touchpoint: str = ""
    comment: tuple[str, ...] = ()
    scores: tuple[tuple[str, ScoreColumn], ...] = ()
    touchpoints: tuple[TouchpointColumns, ...] = ()
    labels: tuple[tuple[str, float], ...] = ()
    not_used: tuple[str, ...] = ()
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def mapped(self) -> bool:
        """Whether touchsite.yml says which column is which (else the long table's names)."""
        return bool(
            self.respondent
            or self.date
            or self.segment
            or self.variant
            or self.touchpoint
            or self.comment
            or self.scores
            or self.touchpoints
        )

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@dataclass(frozen=True)
class Privacy:
    """What of the comments may be published; personal data in them is always redacted."""

    comments: bool = True
    comment_columns: tuple[str, ...] | None = None  # None: every comment column
    line: int = field(default=1, compare=False)


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
    strict: bool = False  # warnings fail every build, as --strict does
    ces_scale: Scale | None = None
    rules: Rules = Rules()
    business_path: str = ""
    business_line: int = 1
    metrics: tuple[Metric, ...] = ()
    privacy: Privacy = Privacy()
    logo: str = ""  # path relative to the project
    brand_color: str = ""  # "#rrggbb"

    @property
    def kpis(self) -> Mapping[str, Kpi]:
        """The KPI definitions by id, with this project's CES scale."""
        return kpi_definitions(self.ces_scale)


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
    body: str  # Markdown, as written
    source: Source
    # text for a journey's lanes (actions, thoughts, blueprint layers), used by every step
    # that shows this touchpoint unless the step writes the lane itself
    lanes: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def lane(self, lane: str) -> tuple[str, ...]:
        return dict(self.lanes).get(lane, ())


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
    body: str  # Markdown, as written
    source: Source
    experiment: str | None = None


# A journey's lanes, by group: what the customer does and feels, then the service blueprint's
# layers, separated by the lines of interaction, visibility and internal interaction.
CUSTOMER_LANES = (
    "physical_evidence",
    "actions",
    "touchpoints",
    "channels",
    "thoughts",
    "emotion",
    "pain_points",
    "needs",
    "opportunities",
)
BLUEPRINT_LANES = ("frontstage", "backstage", "support")
LANES = CUSTOMER_LANES + BLUEPRINT_LANES
TEXT_LANES = ("physical_evidence", "actions", "thoughts", "frontstage", "backstage", "support")
INSIGHT_LANES = ("pain_points", "needs")
DEFAULT_LANES = CUSTOMER_LANES[1:]  # all the customer's lanes but physical evidence


def lane_group(lane: str) -> int:
    """0 for the customer's lanes, 1 frontstage, 2 backstage, 3 support processes."""
    return BLUEPRINT_LANES.index(lane) + 1 if lane in BLUEPRINT_LANES else 0


@dataclass(frozen=True)
class Insight:
    """A pain point or need on a journey step, with what should support it in the data.

    `touchpoints` default to the step's; `quotes` are words or phrases that find supporting
    comments; `sources` name research outside the survey (interviews, call notes, ...).
    """

    text: str
    touchpoints: tuple[str, ...] = ()
    quotes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    kpi: str | None = None
    line: int = field(default=1, compare=False)


@dataclass(frozen=True)
class Step:
    """One step of a journey: what happens, at which touchpoints, in which of its phases."""

    id: str
    title: str
    phase: str
    touchpoints: tuple[str, ...] = ()
    emotion: int | None = None  # expected; default: the mean of its touchpoints'
    texts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # text lanes written on the step
    pain_points: tuple[Insight, ...] = ()
    needs: tuple[Insight, ...] = ()
    recommendations: tuple[str, ...] = ()
    line: int = field(default=1, compare=False)
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    def text(self, lane: str) -> tuple[str, ...]:
        return dict(self.texts).get(lane, ())

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


@dataclass(frozen=True)
class Journey:
    """A customer journey: its own phases and steps over the shared touchpoints.

    A to-be journey (`state: to-be`) names the as-is journey it improves in `as_is`.
    """

    id: str
    title: str
    order: int
    persona: str
    state: str  # "as-is" or "to-be"
    as_is: str
    phases: tuple[Phase, ...]
    lanes: tuple[str, ...]
    steps: tuple[Step, ...]
    recommendations: tuple[str, ...]
    body: str  # Markdown, as written
    source: Source


def resolve_step(ref: str, step_ids: dict[str, list[str]]) -> tuple[str, str] | None:
    """(journey, step) for "journey/step", or for a bare "step" that one journey has."""
    journey, _, step = ref.rpartition("/")
    if journey:
        return (journey, step) if step in step_ids.get(journey, ()) else None
    owners = [j for j, ids in step_ids.items() if step in ids]
    return (owners[0], step) if len(owners) == 1 else None


@dataclass(frozen=True)
class Opportunity:
    """A chance to improve that may span several steps or journeys, realised by recommendations.

    `steps` are written "journey/step" (or just "step" when one journey has it).
    """

    id: str
    title: str
    journeys: tuple[str, ...]
    steps: tuple[str, ...]
    touchpoints: tuple[str, ...]
    recommendations: tuple[str, ...]
    owner: str
    status: str
    priority: str
    impact: int | None
    effort: int | None
    body: str  # Markdown, as written
    source: Source


@dataclass(frozen=True)
class Page:
    id: str
    title: str
    order: int
    body: str  # Markdown, as written
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


@dataclass(frozen=True)
class BadValue:
    """One value that failed a check, how many rows hold it and the first lines it is on."""

    value: str
    rows: int
    lines: tuple[int, ...]


@dataclass(frozen=True)
class QualityFinding:
    """One kind of problem in one column of one data file: its rows were left out.

    Lines are file lines for CSV, sheet rows for XLSX and row numbers for Parquet.
    """

    path: str
    kind: str  # touchpoint, date, number, range, repeated, ragged, empty
    message: str
    hint: str
    column: str  # the file's column name; "" when the problem is the row or the file
    column_number: int | None
    rows: int
    values: tuple[BadValue, ...] = ()
    line: int | None = None  # where a problem without values is


@dataclass(frozen=True)
class DataFile:
    """What the data stage made of one file."""

    path: str
    layout: str  # e.g. "Qualtrics export"
    file_type: str  # e.g. "CSV (UTF-8, ;)"
    records: int  # data rows in the file
    answers: int  # answers kept
    left_out: int  # answers (or unreadable rows) left out for a problem


@dataclass(frozen=True)
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
    files: tuple[DataFile, ...] = ()
    quality: tuple[QualityFinding, ...] = ()


@dataclass
class Project:
    root: Path
    config: Config
    touchpoints: list[Touchpoint]
    recommendations: list[Recommendation]
    pages: list[Page]
    journeys: list[Journey] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)


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
        return shortfall(self.value, self.target, self.higher_is_better)
