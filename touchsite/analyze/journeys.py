"""Journeys: each step with its lanes filled in from the touchpoints, the data and the text.

A step pools the answers of its touchpoints for its figures and its measured experience;
its insights (pain points, needs) get the evidence behind them; a to-be journey is set
against its as-is journey step by step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from touchsite.analyze.evidence import (
    AnswerMonths,
    Evidence,
    evidence_strength,
    measuring_kpi,
    supporting_comments,
)
from touchsite.analyze.experience import experience, journey_norm
from touchsite.analyze.respondents import Respondents
from touchsite.analyze.tables import CountTable, Estimator
from touchsite.analyze.themes_report import Sides
from touchsite.models import (
    KPIS,
    TEXT_LANES,
    Channel,
    Comment,
    Config,
    Feedback,
    Insight,
    Journey,
    KpiEstimate,
    Opportunity,
    Persona,
    Phase,
    Project,
    Recommendation,
    Step,
    Touchpoint,
    lane_group,
    resolve_step,
)

# The line drawn above the first lane of each blueprint layer.
LINES = {1: "interaction", 2: "visibility", 3: "internal"}
VOICES = 2  # comments quoted in the thoughts lane when the step writes none


@dataclass(frozen=True)
class InsightReport:
    insight: Insight
    touchpoints: tuple  # TouchpointReport
    quotes: tuple[Comment, ...]
    evidence: Evidence
    searched: int = 0  # the comments the quotes were looked for in (for a pain point: not praise)


@dataclass(frozen=True)
class StepReport:
    step: Step
    phase: Phase
    touchpoints: tuple  # TouchpointReport, in the step's order
    channels: tuple[Channel, ...]
    kpis: dict[str, KpiEstimate]  # pooled over the step's touchpoints
    experience: KpiEstimate
    expected_emotion: float | None
    texts: dict[str, tuple[str, ...]]  # text lanes: the step's own, else its touchpoints'
    voices: tuple[Comment, ...]  # customer comments for the thoughts lane when none is written
    pain_points: tuple[InsightReport, ...]
    needs: tuple[InsightReport, ...]
    measured_pain: tuple  # TouchpointReport: those of its touchpoints that are pain points
    recommendations: tuple[Recommendation, ...]
    evidence: Evidence
    opportunities: tuple[Opportunity, ...] = ()
    change: str = ""  # in a to-be journey: "new", "changed" or "same"

    def __repr__(self) -> str:
        return f"<StepReport {self.step.id} ({self.change or 'as written'})>"


@dataclass(frozen=True)
class JourneyReport:
    """An as-is journey holds the reports of its to-be journeys; a to-be journey names its
    as-is journey (the model), so the reports point one way and need no later linking."""

    journey: Journey
    persona: Persona | None
    phases: tuple[tuple[Phase, tuple[StepReport, ...]], ...]
    kpis: dict[str, KpiEstimate]
    lanes: tuple[tuple[str, str], ...]  # (lane, the blueprint line drawn above it or "")
    opportunities: tuple[Opportunity, ...] = ()
    as_is: Journey | None = None  # on a to-be journey
    to_be: tuple[JourneyReport, ...] = ()  # on an as-is journey
    removed: tuple[Step, ...] = ()  # as-is steps the to-be drops
    recommendations: tuple[Recommendation, ...] = ()  # as-is -> to-be

    def __repr__(self) -> str:
        return f"<JourneyReport {self.journey.id} ({self.journey.state})>"

    @property
    def steps(self) -> tuple[StepReport, ...]:
        return tuple(step for _phase, steps in self.phases for step in steps)

    def step(self, step_id: str) -> StepReport:
        return next(s for s in self.steps if s.step.id == step_id)


@dataclass(frozen=True)
class OpportunityReport:
    opportunity: Opportunity
    steps: tuple[tuple[JourneyReport, StepReport], ...]
    journeys: tuple[JourneyReport, ...]
    touchpoints: tuple  # TouchpointReport
    recommendations: tuple[Recommendation, ...]


class Pool:
    """Answer counts, comments and evidence pooled over any set of touchpoints."""

    def __init__(
        self,
        by_touchpoint: dict[tuple, CountTable],
        feedback: Feedback,
        estimator: Estimator,
        config: Config,
    ) -> None:
        self.by_touchpoint = by_touchpoint
        self.feedback = feedback
        self.estimator = estimator
        self.config = config
        self.answer_months = AnswerMonths.of(feedback.counts)
        self.norm = journey_norm(by_touchpoint, estimator)
        self.respondents = Respondents(feedback.respondents)
        self.polarity = Sides(config)  # a comment's side
        self._kpis: dict[tuple[str, ...], dict[str, KpiEstimate]] = {}
        self._sides: dict[str, list[str]] = {}
        self._ages: dict[tuple[str, ...], float | None] = {}
        self._voices: dict[tuple[str, ...], tuple[Comment, ...]] = {}
        self._supporting: dict[tuple, tuple[tuple[Comment, ...], int]] = {}

    def tables(self, touchpoints: Iterable[str]) -> dict[str, CountTable]:
        pooled: dict[str, CountTable] = {kpi: defaultdict(int) for kpi in KPIS}
        for tp_id in dict.fromkeys(touchpoints):
            for kpi in KPIS:
                for score, n in self.by_touchpoint.get((tp_id, kpi), {}).items():
                    pooled[kpi][score] += n
        return {kpi: dict(table) for kpi, table in pooled.items()}

    def kpis(self, touchpoints: Iterable[str]) -> dict[str, KpiEstimate]:
        """The KPIs of the touchpoints' pooled answers, respondents as the unit; made once
        per list of touchpoints, which steps, insights and journeys ask for again and again."""
        key = tuple(touchpoints)
        self.prepare([key])
        return dict(self._kpis[key])

    def prepare(self, lists: Iterable[Sequence[str]]) -> None:
        """`kpis` of each list of touchpoints not made yet, all of them in one batch per KPI
        (a batch of one figure costs nearly as much as one of a hundred)."""
        wanted = [key for key in dict.fromkeys(map(tuple, lists)) if key not in self._kpis]
        if not wanted:
            return
        tables = [self.tables(key) for key in wanted]
        figures = {
            kpi: self.estimator.many(
                kpi,
                [own[kpi] for own in tables],
                [self.config.targets.get(kpi)] * len(wanted),
                [self.respondents.pool("touchpoint", key, kpi).design for key in wanted],
            )
            for kpi in KPIS
        }
        for index, key in enumerate(wanted):
            self._kpis[key] = {kpi: figures[kpi][index] for kpi in KPIS}

    def comments(self, touchpoints: Iterable[str]) -> list[Comment]:
        return [c for tp in dict.fromkeys(touchpoints) for c in self.feedback.comments.get(tp, [])]

    def sides(self, touchpoints: Iterable[str]) -> list[str]:
        """The side of each of `comments(touchpoints)`, in its order: each touchpoint's found
        once (its steps, their insights and its journeys read its comments again and again)."""
        found = []
        for tp in dict.fromkeys(touchpoints):
            own = self._sides.get(tp)
            if own is None:
                own = self._sides[tp] = list(map(self.polarity, self.feedback.comments.get(tp, [])))
            found += own
        return found

    def evidence(
        self,
        touchpoints: Sequence[str],
        kpi: str | None,
        quotes: int,
        claim: bool = False,
        estimates: dict[str, KpiEstimate] | None = None,
    ) -> Evidence:
        """`estimates` are the touchpoints' pooled KPIs where the caller has them already."""
        if estimates is None:
            estimates = self.kpis(touchpoints)
        chosen = measuring_kpi(estimates, kpi or self.config.primary_kpi)
        estimate = estimates[chosen] if chosen else None
        age = self.age(touchpoints)
        responses = estimate.n if estimate else 0
        return evidence_strength(estimate, responses, age, quotes, self.config, claim)

    def age(self, touchpoints: Sequence[str]) -> float | None:
        """The age of the touchpoints' median answer (AnswerMonths.age), made once per list."""
        key = tuple(touchpoints)
        if key not in self._ages:
            self._ages[key] = self.answer_months.age(key)
        return self._ages[key]

    def voices(self, touchpoints: Sequence[str]) -> tuple[Comment, ...]:
        """The comments quoted in a step's thoughts lane when it writes none (_voices)."""
        key = tuple(touchpoints)
        found = self._voices.get(key)
        if found is None:
            found = self._voices[key] = tuple(_voices(self.comments(key), self.sides(key)))
        return found

    def supporting(
        self, touchpoints: Sequence[str], quotes: Sequence[str], critical: bool
    ) -> tuple[tuple[Comment, ...], int]:
        """The touchpoints' comments holding any of `quotes` (supporting_comments), and how
        many comments were searched. A pain point (`critical`) is supported by critical and
        neutral comments (and ones without a score), not by praise that happens to use the
        same words."""
        key = (tuple(touchpoints), tuple(quotes), critical)
        found = self._supporting.get(key)
        if found is None:
            comments = self.comments(key[0])
            if critical:
                sides = self.sides(key[0])
                comments = [
                    c for c, side in zip(comments, sides, strict=True) if side != "positive"
                ]
            found = (tuple(supporting_comments(comments, key[1])), len(comments))
            self._supporting[key] = found
        return found

    def ready(self, project: Project) -> None:
        """Make what the journeys' reports (journey_reports) read from the pool: their
        figures, answer ages, voices and quotes, none of which needs a touchpoint's report.
        The analysis makes them while the comment themes are found in another process, not
        after waiting for those."""
        touchpoints = {tp.id: tp for tp in project.touchpoints}
        self.prepare(_pooled_lists(project.journeys))
        for journey in project.journeys:
            for step in journey.steps:
                self.age(step.touchpoints)
                own = [touchpoints[tp] for tp in step.touchpoints if tp in touchpoints]
                if not _texts(step, own)["thoughts"]:
                    self.voices(step.touchpoints)
                for items, critical in ((step.pain_points, True), (step.needs, False)):
                    for item in items:
                        chosen = item.touchpoints or step.touchpoints
                        self.supporting(chosen, item.quotes, critical)
                        self.age(chosen)


def journey_reports(
    project: Project,
    by_id: dict,
    pain_points: Sequence,
    pool: Pool,
) -> tuple[JourneyReport, ...]:
    """In the project's order; each to-be journey is built before its as-is journey, which
    holds it."""
    config = project.config
    personas = {persona.id: persona for persona in config.personas}
    channels = {channel.id: channel for channel in config.channels}
    channel_order = [channel.id for channel in config.channels]
    recommendations = {rec.id: rec for rec in project.recommendations}
    painful = {r.touchpoint.id for r in pain_points}
    journeys = {journey.id: journey for journey in project.journeys}
    on_step, on_journey = _opportunities_placed(project)

    def step_report(journey: Journey, step: Step, before: dict[str, Step] | None) -> StepReport:
        phase = next(
            (p for p in journey.phases if p.id == step.phase), Phase(step.phase, step.phase)
        )
        reports = tuple(by_id[tp] for tp in step.touchpoints if tp in by_id)
        kpis = pool.kpis(step.touchpoints)
        emotions = [r.touchpoint.emotion for r in reports if r.touchpoint.emotion is not None]
        texts = _texts(step, [r.touchpoint for r in reports])
        comments = pool.comments(step.touchpoints)
        used = sorted({r.touchpoint.channel for r in reports}, key=channel_order.index)
        return StepReport(
            step=step,
            phase=phase,
            touchpoints=reports,
            channels=tuple(channels[c] for c in used),
            kpis=kpis,
            experience=experience(kpis, pool.norm, config),
            expected_emotion=(
                float(step.emotion)
                if step.emotion is not None
                else (sum(emotions) / len(emotions) if emotions else None)
            ),
            texts=texts,
            voices=() if texts["thoughts"] else pool.voices(step.touchpoints),
            pain_points=tuple(insight(i, step, critical=True) for i in step.pain_points),
            needs=tuple(insight(i, step) for i in step.needs),
            measured_pain=tuple(r for r in reports if r.touchpoint.id in painful),
            recommendations=tuple(
                recommendations[i] for i in step.recommendations if i in recommendations
            ),
            evidence=pool.evidence(step.touchpoints, None, len(comments), estimates=kpis),
            opportunities=on_step.get((journey.id, step.id), ()),
            change="" if before is None else _step_change(step, before),
        )

    def insight(item: Insight, step: Step, critical: bool = False) -> InsightReport:
        touchpoints = item.touchpoints or step.touchpoints
        quotes, searched = pool.supporting(touchpoints, item.quotes, critical)
        return InsightReport(
            insight=item,
            touchpoints=tuple(by_id[tp] for tp in touchpoints if tp in by_id),
            quotes=quotes,
            evidence=pool.evidence(touchpoints, item.kpi, len(quotes), claim=True),
            searched=searched,
        )

    def journey_report(journey: Journey, to_be: tuple[JourneyReport, ...]) -> JourneyReport:
        # Only a to-be journey names an as-is one (validated); its steps compare against it.
        as_is = journeys.get(journey.as_is) if journey.state == "to-be" else None
        before = {step.id: step for step in as_is.steps} if as_is else None
        steps = {phase.id: [] for phase in journey.phases}
        for step in journey.steps:
            steps.setdefault(step.phase, []).append(step_report(journey, step, before))
        touchpoints = list(dict.fromkeys(tp for s in journey.steps for tp in s.touchpoints))
        kept = {step.id for step in journey.steps}
        return JourneyReport(
            journey=journey,
            persona=personas.get(journey.persona),
            phases=tuple((_phase(journey, p), tuple(s)) for p, s in steps.items()),
            kpis=pool.kpis(touchpoints),
            lanes=tuple(blueprint_lines(journey.lanes)),
            opportunities=on_journey.get(journey.id, ()),
            as_is=as_is,
            to_be=to_be,
            removed=tuple(step for step in as_is.steps if step.id not in kept) if as_is else (),
            recommendations=_leading_there(journey, recommendations) if as_is else (),
        )

    pool.prepare(_pooled_lists(project.journeys))
    built = {}
    for journey in project.journeys:
        if journey.state == "to-be":
            built[journey.id] = journey_report(journey, ())
    for journey in project.journeys:
        if journey.id not in built:
            to_be = tuple(built[j.id] for j in project.journeys if _improves(j, journey))
            built[journey.id] = journey_report(journey, to_be)
    return tuple(built[journey.id] for journey in project.journeys)


def _pooled_lists(journeys: Iterable[Journey]) -> Iterator[tuple[str, ...]]:
    """Every list of touchpoints whose pooled KPIs the journeys' reports show: each step's,
    each of its insights', each journey's."""
    for journey in journeys:
        for step in journey.steps:
            yield step.touchpoints
            for item in (*step.pain_points, *step.needs):
                yield item.touchpoints or step.touchpoints
        yield tuple(dict.fromkeys(tp for s in journey.steps for tp in s.touchpoints))


def _texts(step: Step, touchpoints: Sequence[Touchpoint]) -> dict[str, tuple[str, ...]]:
    """The step's text lanes: its own, else its touchpoints' (each text once)."""
    return {
        lane: step.text(lane)
        or tuple(dict.fromkeys(t for tp in touchpoints for t in tp.lane(lane)))
        for lane in TEXT_LANES
    }


def _phase(journey: Journey, phase_id: str) -> Phase:
    """The journey's phase of that id (a step in an unknown phase was reported already)."""
    return next((p for p in journey.phases if p.id == phase_id), Phase(phase_id, phase_id))


def blueprint_lines(lanes: Sequence[str]) -> list[tuple[str, str]]:
    """Each lane with the line drawn above it: a blueprint layer's line goes above its first
    lane when no lane above belongs to the same or a deeper layer."""
    result = []
    deepest = 0
    for lane in lanes:
        group = lane_group(lane)
        result.append((lane, LINES[group] if group > deepest else ""))
        deepest = max(deepest, group)
    return result


def _voices(comments: list[Comment], sides: list[str]) -> list[Comment]:
    """The newest critical and the newest positive comment, short ones first (`sides`: each
    comment's)."""
    chosen = []
    for side in ("negative", "positive"):
        group = [c for c, its in zip(comments, sides, strict=True) if its == side]
        # the first of them ranked (min keeps the first of equals, as a stable sort)
        if group:
            chosen.append(min(group, key=_voice_rank))
    return chosen[:VOICES]


def _voice_rank(comment: Comment) -> tuple:
    return (len(comment.text) > 160, -comment.date.toordinal(), comment.text)


def _improves(to_be: Journey, as_is: Journey) -> bool:
    return to_be.state == "to-be" and to_be.as_is == as_is.id


def _step_change(step: Step, before: dict[str, Step]) -> str:
    """A to-be step against the as-is step of the same id (Step compares without its lines)."""
    old = before.get(step.id)
    return "new" if old is None else ("same" if old == step else "changed")


def _leading_there(to_be: Journey, recommendations: dict) -> tuple[Recommendation, ...]:
    """The recommendations a to-be journey names, itself or in its steps."""
    ids = [*to_be.recommendations]
    ids += [rec for step in to_be.steps for rec in step.recommendations]
    return tuple(recommendations[i] for i in dict.fromkeys(ids) if i in recommendations)


def _opportunities_placed(project: Project) -> tuple[dict, dict]:
    """The opportunities on each (journey, step) and on each journey, in the project's order:
    an opportunity lists its steps, and the journeys it names or spans through them."""
    step_ids = {j.id: [s.id for s in j.steps] for j in project.journeys}
    on_step: dict[tuple[str, str], tuple[Opportunity, ...]] = {}
    on_journey: dict[str, tuple[Opportunity, ...]] = {}
    for opportunity in project.opportunities:
        places = [found for ref in opportunity.steps if (found := resolve_step(ref, step_ids))]
        for place in dict.fromkeys(places):  # named as "j/step" and as "step": listed once
            on_step[place] = (*on_step.get(place, ()), opportunity)
        for journey_id in _spanned(opportunity, places):
            if journey_id in step_ids:
                on_journey[journey_id] = (*on_journey.get(journey_id, ()), opportunity)
    return on_step, on_journey


def _spanned(opportunity: Opportunity, places: Iterable[tuple[str, str]]) -> list[str]:
    return list(dict.fromkeys([*opportunity.journeys, *(journey for journey, _step in places)]))


def opportunity_reports(
    project: Project, journeys: Sequence[JourneyReport], by_id: dict
) -> tuple[OpportunityReport, ...]:
    """Each opportunity with its steps, journeys, touchpoints and recommendations (the steps
    and journeys it spans list it already)."""
    step_ids = {j.journey.id: [s.id for s in j.journey.steps] for j in journeys}
    journey_of = {j.journey.id: j for j in journeys}
    recommendations = {rec.id: rec for rec in project.recommendations}
    result = []
    for opportunity in project.opportunities:
        places = [found for ref in opportunity.steps if (found := resolve_step(ref, step_ids))]
        steps = tuple((journey_of[j], journey_of[j].step(s)) for j, s in places)
        touchpoints = dict.fromkeys(
            [
                *opportunity.touchpoints,
                *(tp.touchpoint.id for _j, s in steps for tp in s.touchpoints),
            ]
        )
        result.append(
            OpportunityReport(
                opportunity=opportunity,
                steps=steps,
                journeys=tuple(
                    journey_of[j] for j in _spanned(opportunity, places) if j in journey_of
                ),
                touchpoints=tuple(by_id[tp] for tp in touchpoints if tp in by_id),
                recommendations=tuple(
                    recommendations[i] for i in opportunity.recommendations if i in recommendations
                ),
            )
        )
    return tuple(result)
