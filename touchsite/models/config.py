"""touchsite.yml as the build reads it: the journey's phases and channels, personas, KPI
targets and rules, data sources and their column mappings, privacy and branding."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from touchsite.kpi import (
    BINARY,
    KPIS,
    RELATIONSHIP_KPI,
    BinaryQuestion,
    Kpi,
    Scale,
    kpi_definitions,
)


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
    """KPI targets: NPS points, CSAT top-2-box share in percent, CES mean on its scale, the
    binary KPI's share of yes in percent."""

    nps: float | None = None
    csat: float | None = None
    ces: float | None = None
    binary: float | None = None

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
    # only the rows whose column (the first) holds one of these values: a rating column of
    # several KPIs, each row's named beside it (HubSpot's "Survey type": NPS, CSAT, CES)
    where: tuple[str, tuple[str, ...]] | None = None


@dataclass(frozen=True)
class TouchpointColumns:
    """A wide export's columns for one touchpoint (or the overall question)."""

    touchpoint: str
    scores: tuple[tuple[str, ScoreColumn], ...] = ()
    comments: tuple[str, ...] = ()
    line: int = field(default=1, compare=False)
    # the rows the comments are read in: a stacked export's answer column, whose rows of the
    # open question (named in another column) hold the comments (ScoreColumn.where)
    comment_where: tuple[str, tuple[str, ...]] | None = None


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
    date: str = ""  # the date column
    date_fallbacks: tuple[str, ...] = ()  # the columns dating a row whose date column is empty
    fixed_date: str = ""  # YYYY-MM-DD: every answer's date, for a file without a date column
    survey_start: str = ""  # YYYY-MM-DD: earlier dates are data problems
    header_rows: int = 0  # 0 = detected
    wave: str = ""  # the survey wave's name (with fixed_date: a one-off wave's file)
    segment: tuple[str, ...] = ()
    variant: str = ""
    touchpoint: str = ""
    touchpoint_values: tuple[tuple[str, str], ...] = ()  # a long table's values -> touchpoint ids
    comment: tuple[str, ...] = ()
    scores: tuple[tuple[str, ScoreColumn], ...] = ()
    touchpoints: tuple[TouchpointColumns, ...] = ()
    labels: tuple[tuple[str, float], ...] = ()
    not_used: tuple[str, ...] = ()
    engine: str = ""  # "" = pandas for a file, duckdb for a Parquet folder or a database
    table: str = ""  # a DuckDB database's table
    key_lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def mapped(self) -> bool:
        """Whether touchsite.yml says which column is which (else the long table's names)."""
        return bool(
            self.respondent
            or self.date
            or self.fixed_date
            or self.segment
            or self.variant
            or self.touchpoint
            or self.touchpoint_values
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
    min_effect: Targets = Targets(nps=10.0, csat=5.0, ces=0.3, binary=5.0)
    # the parts of a segment value joined from several columns ("neukunde / nord"), by name:
    # each part is compared on its own, and two are crossed
    segment_dimensions: tuple[str, ...] = ()


LISTWISE = "listwise"  # key drivers: only respondents who answered every question in the model
PAIRWISE = "pairwise"  # each correlation from the respondents who answered both questions


@dataclass(frozen=True)
class Drivers:
    """The key-driver analysis: its outcome (a KPI of the overall question) and how missing
    answers are handled."""

    outcome: str = RELATIONSHIP_KPI
    deletion: str = PAIRWISE


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
    kpis_line: int = 1  # where a missing ces_scale belongs
    metrics: tuple[Metric, ...] = ()
    privacy: Privacy = Privacy()
    logo: str = ""  # path relative to the project
    brand_color: str = ""  # "#rrggbb"
    paper: str = "a4"  # "letter" for language en-US
    binary: BinaryQuestion | None = None  # kpis.binary: the yes/no KPI, where there is one
    drivers: Drivers = Drivers()
    # themes.synonyms: (word, name) pairs, each word counted as its name in the themes
    synonyms: tuple[tuple[str, str], ...] = ()

    @property
    def kpis(self) -> Mapping[str, Kpi]:
        """The KPI definitions by id, with this project's CES scale and yes/no question."""
        return kpi_definitions(self.ces_scale, self.binary or BinaryQuestion())

    @property
    def kpi_ids(self) -> tuple[str, ...]:
        """The KPIs the site shows: the binary one only where touchsite.yml declares it."""
        return tuple(kpi for kpi in KPIS if kpi != BINARY or self.binary is not None)
