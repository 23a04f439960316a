"""What export and import share: the imported journey, readable ids, and scores.

Scores and emotions: Mermaid scores a task 1..5, touchsite's emotion axis runs -3..+3.
A score is round(3 + emotion / 1.5), half up, clipped to 1..5; an emotion is
round(1.5 * (score - 3)), half away from zero, so score -> emotion -> score gives the score
back (1 -> -3, 2 -> -2, 3 -> 0, 4 -> 2, 5 -> 3).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from touchsite.load.content import ID_PATTERN
from touchsite.models.content import slug

if TYPE_CHECKING:
    from touchsite.analyze.journeys import StepReport
    from touchsite.models import KpiEstimate


# ---------------------------------------------------------------------------- scores


def emotion_to_score(emotion: float) -> int:
    """A -3..+3 emotion as a Mermaid score 1..5: round(3 + emotion / 1.5), half up, clipped."""
    # Rounded to 9 places first so 3.4999999999 from float division counts as 3.5.
    score = math.floor(round(3 + emotion / 1.5, 9) + 0.5)
    return min(5, max(1, score))


def score_to_emotion(score: int) -> int:
    """A Mermaid score 1..5 as an emotion: round(1.5 * (score - 3)), half away from zero."""
    return round_away(1.5 * (score - 3))


def round_away(value: float) -> int:
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


def is_confident(estimate: KpiEstimate) -> bool:
    return estimate.value is not None and not estimate.low_n


def step_score(step: StepReport, target: bool = False) -> int:
    """The step's score 1..5: its measured experience when confident, else its expected
    emotion, else 3 (neutral). A `target` (to-be) step is what it should be, not what its
    touchpoints measure today: its expected emotion only."""
    if not target and is_confident(step.experience):
        return emotion_to_score(step.experience.value)
    if step.expected_emotion is not None:
        return emotion_to_score(step.expected_emotion)
    return 3


def plain_number(value: float, decimals: int = 2) -> str:
    """A number with '.' and no trailing zeros: 1, -0.5, 1.41."""
    text = f"{value:.{decimals}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# ---------------------------------------------------------------------------- imported


@dataclass
class ImportedStep:
    title: str
    phase: str  # the id of one of the journey's phases
    emotion: float | None = None  # -3..3, as the file gives it (a mean may have decimals)
    channels: tuple[str, ...] = ()  # titles; one per named touchpoint, else the first counts
    touchpoints: tuple[str, ...] = ()  # touchpoint names or ids; default: the step itself
    texts: tuple[tuple[str, tuple[str, ...]], ...] = ()  # text lane -> texts
    # a text, or an insight with its evidence as the journey's front matter writes it
    pain_points: tuple[str | dict, ...] = ()
    needs: tuple[str | dict, ...] = ()
    id: str = ""  # the step id the file gave, if any
    line: int = 1
    # What an export adds about the named touchpoints, one per touchpoint, and the step's
    # opportunities (as their front matter, with `id`).
    touchpoint_titles: tuple[str, ...] = ()
    touchpoint_emotions: tuple[int | None, ...] | None = None  # None: not given
    touchpoint_lanes: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    opportunities: tuple[dict, ...] = ()
    # A step without touchpoints gets one of its own (a Mermaid task, a row of a simple CSV);
    # an export names its touchpoints, so a step without is one without.
    own_touchpoint: bool = True

    @property
    def score(self) -> int | None:
        return None if self.emotion is None else emotion_to_score(self.emotion)


@dataclass
class ImportedJourney:
    title: str
    phases: list[tuple[str, str]] = field(default_factory=list)  # (id, title), in order
    steps: list[ImportedStep] = field(default_factory=list)
    persona: str = ""  # Mermaid's first actor, unless it is the default "Customer"
    id: str = ""  # the journey's id the file gave, if any


def clean_text(text: str) -> str:
    return " ".join(text.split())


class UniqueIds:
    """Readable ids, unique within one kind."""

    def __init__(self) -> None:
        self.taken: set[str] = set()

    def new(self, text: str, fallback: str, wanted: str = "") -> str:
        base = wanted if wanted and ID_PATTERN.match(wanted) else slug(text) or fallback
        candidate, number = base, 2
        while candidate in self.taken:
            candidate, number = f"{base}-{number}", number + 1
        self.taken.add(candidate)
        return candidate
