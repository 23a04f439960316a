"""Each survey KPI as one definition: its answers, their bands, its figure and its tests.

A `Kpi` says what is measured; the analysis stage says how, keyed by the KPI's `measure`
(`analyze/batch.py` for the estimate and the difference test, one figure at a time through
`analyze/kpis.py` and `analyze/changes.py`). Every
other stage asks the definition instead of branching on a KPI's name. The definitions are
resolved once per configured CES scale (`kpi_definitions`, or `Config.kpis`).

A yes/no question ("would recommend", "resolved at first contact") is the binary KPI: a
SHARE on a 0..1 scale whose good band is 1 (the share of yes, with its Wilson interval),
named by the config (`kpis.binary`). A custom scale question would be a MEAN with its own scale.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

KPIS = ("nps", "csat", "ces", "binary")
RELATIONSHIP_KPI = "nps"  # the overall (relationship) question, the drivers' default outcome
BINARY = "binary"  # the yes/no KPI, shown by the label touchsite.yml gives it

# Answers that read as yes (1) or no (0) for the binary KPI, as exports write them (compared
# after case folding); numbers 1 and 0 read as themselves. kpis.binary adds its own words.
BINARY_ANSWERS = {
    **dict.fromkeys(("yes", "y", "ja", "j", "true", "wahr", "oui", "si"), 1.0),
    **dict.fromkeys(("no", "n", "nein", "false", "falsch", "non"), 0.0),
    # a review site's recommendation: kununu's "Empfohlen" and "Nicht empfohlen", and as other
    # sites and their scrapers write it ("Würde weiterempfehlen", "Weiterempfehlung: ja")
    **dict.fromkeys(("empfohlen", "recommended"), 1.0),
    **dict.fromkeys(("nicht empfohlen", "not recommended"), 0.0),
    **dict.fromkeys(("würde weiterempfehlen", "would recommend"), 1.0),
    **dict.fromkeys(("würde nicht weiterempfehlen", "would not recommend"), 0.0),
    **dict.fromkeys(("weiterempfehlung: ja", "weiterempfehlung ja"), 1.0),
    **dict.fromkeys(("weiterempfehlung: nein", "weiterempfehlung nein"), 0.0),
}

# How the figure is computed from the answer counts, and how two groups are compared:
NET = "net"  # % good minus % bad answers, in points; adjusted-Wald interval and z-test
SHARE = "share"  # % good answers; Wilson interval, two-proportion test
MEAN = "mean"  # mean answer; t interval, Welch's t-test

# How a figure and a change in it read: signed points, percent (percentage points), a score
POINTS = "points"
PERCENT = "percent"
SCORE = "score"


@dataclass(frozen=True)
class Scale:
    """A question's answer scale and direction, stated in the config, never guessed."""

    low: int
    high: int
    higher_is_better: bool = True

    @property
    def width(self) -> int:
        return self.high - self.low

    @property
    def answers(self) -> range:
        return range(self.low, self.high + 1)

    def position(self, score: float) -> float:
        """Where an answer lies on the scale, 0 (worst) .. 1 (best)."""
        position = (score - self.low) / self.width
        return position if self.higher_is_better else 1 - position


# NPS and CSAT have one standard scale each; CES exists as 1-5 (lower is better) and as 1-7
# agreement (higher is better), so its scale must be written in touchsite.yml.
NPS_SCALE = Scale(0, 10)
CSAT_SCALE = Scale(1, 5)
BINARY_SCALE = Scale(0, 1)
# Only to lay out a CES whose scale the config does not state (the data stage reports it).
ASSUMED_CES_SCALE = Scale(1, 7)


# A rating scale that changes within the data: answers above a usual top (5 or 7) missing from
# a long run of answers at the start or the end while they are common elsewhere. A real 0-10
# question does not go SCALE_RUN answers without one above 5 and then give them a fifth of
# the time (for a 20 % share: 0.8^50, about one in 70,000).
SCALE_RUN = 50
SCALE_SHARE = 0.2
USUAL_TOPS = (5, 7)


@dataclass(frozen=True)
class ScaleChange:
    """Where answers in order (rows, or periods) switch between a narrower scale, low..top,
    and a wider one, low..high: `at` is the index of the first group on the new scale."""

    top: int
    at: int
    widens: bool  # True: low..top first, then low..high


def scale_change(groups: Sequence[Mapping[float, int]]) -> ScaleChange | None:
    """The change of scale in answer counts given in order (one mapping per row or period);
    None where the answers lie on one scale throughout (see SCALE_RUN, SCALE_SHARE)."""
    # imported here: the config reads this module, and the project's reading, forked before
    # the command imports the data stage's libraries, needs no numpy (touchsite.project)
    import numpy as np

    answered = [(index, score, n) for index, g in enumerate(groups) for score, n in g.items() if n]
    places, scores, counts = zip(*answered, strict=True) if answered else ((), (), ())
    return scale_change_in(
        np.array(places, np.int64), np.array(scores, float), np.array(counts, np.int64)
    )


def scale_change_in(
    places: np.ndarray, scores: np.ndarray, counts: np.ndarray
) -> ScaleChange | None:
    """scale_change of answers given as arrays: each score's group (its place in the order)
    and count. In arrays, as a file's rows come (20,000 rows x 300 columns took 16 s of
    `data inspect` as a mapping per row)."""
    answered = counts != 0
    places, scores, counts = places[answered], scores[answered], counts[answered]
    if not len(scores):
        return None
    low, high = scores.min(), scores.max()
    for top in USUAL_TOPS:
        if high <= top or low > top:
            continue
        wider = scores > top
        above = places[wider]
        for widens, edge in ((True, int(above.min())), (False, int(above.max()) + 1)):
            before = (places < edge) == widens
            narrow = int(counts[before].sum())
            wide = int(counts[~before].sum())
            wider_answers = int(counts[~before & wider].sum())
            if narrow >= SCALE_RUN and wide and wider_answers >= SCALE_SHARE * wide:
                return ScaleChange(top, edge, widens)
    return None


@dataclass(frozen=True)
class Band:
    """A run of answers, both ends included."""

    low: float
    high: float

    def __contains__(self, score: float) -> bool:
        return self.low <= score <= self.high


@dataclass(frozen=True)
class Kpi:
    """One survey KPI. `scale` is None where the config does not state it (a CES without
    `kpis.ces_scale`): such answers are laid out on `ASSUMED_CES_SCALE` but neither placed on
    the experience curve nor read as praise or criticism.

    `bad` and `good` are the answer bands (detractors / promoters, bottom / top box) that the
    figure counts and the charts colour; `critical` and `praising` are the bands that make a
    comment negative or positive for the theme analysis.
    """

    id: str
    label: str
    measure: str  # NET, SHARE or MEAN
    unit: str  # POINTS, PERCENT or SCORE
    decimals: int  # as the site shows the figure
    value_range: tuple[float, float]  # of the figure: NPS -100..100, a share 0..100
    scale: Scale | None
    bad: Band
    good: Band
    critical: Band | None
    praising: Band | None
    # words that read as answers (the binary KPI's yes and no), before any mapping's labels
    answer_labels: tuple[tuple[str, float], ...] = ()

    @property
    def answer_scale(self) -> Scale:
        """The scale to lay answers out on."""
        return self.scale or ASSUMED_CES_SCALE

    @property
    def scores(self) -> range:
        """Every possible answer, worst to best where higher is better."""
        return self.answer_scale.answers

    @property
    def higher_is_better(self) -> bool:
        return self.answer_scale.higher_is_better

    @property
    def range_width(self) -> float:
        low, high = self.value_range
        return high - low

    def band(self, score: float) -> str:
        """'bad', 'neutral' or 'good' for one answer."""
        return "bad" if score in self.bad else "good" if score in self.good else "neutral"

    def polarity(self, score: float) -> str:
        """'negative', 'positive' or 'neutral' for a comment given with this answer."""
        if self.critical is None or self.praising is None:
            return "neutral"
        if score in self.critical:
            return "negative"
        return "positive" if score in self.praising else "neutral"

    def shortfall(self, value: float, target: float) -> float:
        return shortfall(value, target, self.higher_is_better)

    def answer_value(self, score: float) -> float:
        """One answer's part of the figure, which is their mean (times 100 for a net score or
        a share): +1 good and -1 bad for a net score, 1 good for a share, the score for a mean."""
        if self.measure == MEAN:
            return float(score)
        good = 1.0 if score in self.good else 0.0
        return good - (1.0 if self.measure == NET and score in self.bad else 0.0)

    @property
    def per_answer(self) -> float:
        """The figure's unit per answer value: 100 for points and percent, 1 for a score."""
        return 1.0 if self.measure == MEAN else 100.0


def shortfall(value: float, target: float, higher_is_better: bool) -> float:
    """How far a value falls short of its target (positive = shortfall)."""
    gap = target - value
    return gap if higher_is_better else -gap


def _ends(scale: Scale, below: float, above: float) -> tuple[Band, Band]:
    """The worst answers (position below `below`) and the best (above `above`)."""
    worst = [s for s in scale.answers if scale.position(s) < below]
    best = [s for s in scale.answers if scale.position(s) > above]
    return Band(min(worst), max(worst)), Band(min(best), max(best))


def _mean_kpi(id: str, label: str, scale: Scale | None) -> Kpi:
    # Colours split the scale at its midpoint; comments count as critical or praising only
    # in its outer thirds, so a lukewarm answer next to the midpoint stays neutral.
    answers = scale or ASSUMED_CES_SCALE
    bad, good = _ends(answers, 0.5, 0.5)
    critical, praising = _ends(scale, 1 / 3, 2 / 3) if scale else (None, None)
    value_range = (float(answers.low), float(answers.high))
    return Kpi(id, label, MEAN, SCORE, 1, value_range, scale, bad, good, critical, praising)


@dataclass(frozen=True)
class BinaryQuestion:
    """The yes/no KPI as touchsite.yml names it, and the answers it adds to BINARY_ANSWERS."""

    label: str = "Yes"
    yes: tuple[str, ...] = ()
    no: tuple[str, ...] = ()

    @property
    def answers(self) -> tuple[tuple[str, float], ...]:
        given = {**dict.fromkeys(self.yes, 1.0), **dict.fromkeys(self.no, 0.0)}
        return tuple({**BINARY_ANSWERS, **{k.casefold(): v for k, v in given.items()}}.items())


def binary_kpi(question: BinaryQuestion) -> Kpi:
    """The share of yes answers in percent: a SHARE of 1 on 0..1, like CSAT's top box."""
    no, yes = Band(0, 0), Band(1, 1)
    return Kpi(
        BINARY,
        question.label,
        SHARE,
        PERCENT,
        0,
        (0.0, 100.0),
        BINARY_SCALE,
        *(no, yes) * 2,
        answer_labels=question.answers,
    )


@cache
def kpi_definitions(
    ces_scale: Scale | None = None, binary: BinaryQuestion = BinaryQuestion()
) -> Mapping[str, Kpi]:
    """The KPIs by id, in `KPIS` order, with the configured CES scale and yes/no question."""
    nps_bad, nps_good = Band(0, 6), Band(9, 10)
    csat_bad, csat_good = _ends(CSAT_SCALE, 0.5, 0.5)  # 1-2 and the top-2-box 4-5
    nps = Kpi("nps", "NPS", NET, POINTS, 0, (-100.0, 100.0), NPS_SCALE, *(nps_bad, nps_good) * 2)
    csat = Kpi(
        "csat", "CSAT", SHARE, PERCENT, 0, (0.0, 100.0), CSAT_SCALE, *(csat_bad, csat_good) * 2
    )
    # read-only: one mapping is shared by every caller with the same scale
    return MappingProxyType(
        {kpi.id: kpi for kpi in (nps, csat, _mean_kpi("ces", "CES", ces_scale), binary_kpi(binary))}
    )
