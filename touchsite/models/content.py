"""The consultant's content: touchpoints, recommendations, journeys with their steps and
lanes, opportunities and free pages, each with where it came from."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

from touchsite.models.config import Phase, Targets


@dataclass(frozen=True)
class Source:
    """Where a model came from: its file and the line of each front-matter key."""

    path: str
    lines: dict[str, int] = field(default_factory=dict, compare=False, hash=False)
    body_line: int = field(default=1, compare=False)  # the Markdown body's first line

    def line(self, key: str) -> int:
        return self.lines.get(key, 1)


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


def slug(text: str) -> str:
    """A readable id: 'Rückruf über Hotline' -> 'rueckruf-ueber-hotline'."""
    text = text.lower()
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].strip("-")
