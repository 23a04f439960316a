"""Journeys: each step with its lanes filled in from the touchpoints, the data and the text.

A step pools the answers of its touchpoints for its figures and its measured experience;
its insights (pain points, needs) get the evidence behind them; a to-be journey is set
against its as-is journey step by step.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from touchsite.analyze.evidence import (
    AnswerMonths,
    Evidence,
    evidence_strength,
    supporting_comments,
)
from touchsite.analyze.experience import experience
from touchsite.analyze.tables import CountTable, Estimator
from touchsite.analyze.themes_report import polarity
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
    lane_group,
    resolve_step,
)

# The line drawn above the first lane of each blueprint layer.
LINES = {1: "interaction", 2: "visibility", 3: "internal"}
VOICES = 2  # comments quoted in the thoughts lane when the step writes none


@dataclass
class InsightReport:
    insight: Insight
    touchpoints: list  # TouchpointReport
    quotes: list[Comment]
    evidence: Evidence
    searched: int = 0  # the comments the quotes were looked for in (for a pain point: not praise)


@dataclass
class StepReport:
    step: Step
    phase: Phase
    touchpoints: list  # TouchpointReport, in the step's order
    channels: list[Channel]
    kpis: dict[str, KpiEstimate]  # pooled over the step's touchpoints
    experience: KpiEstimate
    expected_emotion: float | None
    texts: dict[str, tuple[str, ...]]  # text lanes: the step's own, else its touchpoints'
    voices: list[Comment]  # customer comments for the thoughts lane when no text is written
    pain_points: list[InsightReport]
    needs: list[InsightReport]
    measured_pain: list  # TouchpointReport: those of its touchpoints that are pain points
    recommendations: list[Recommendation]
    evidence: Evidence
    opportunities: list[Opportunity] = field(default_factory=list)
    change: str = ""  # in a to-be journey: "new", "changed" or "same"

    def __repr__(self) -> str:
        return f"<StepReport {self.step.id} ({self.change or 'as written'})>"


@dataclass
class JourneyReport:
    journey: Journey
    persona: Persona | None
    phases: list[tuple[Phase, list[StepReport]]]
    kpis: dict[str, KpiEstimate]
    lanes: list[tuple[str, str]]  # (lane, the blueprint line drawn above it or "")
    opportunities: list[Opportunity] = field(default_factory=list)
    as_is: JourneyReport | None = None  # on a to-be journey
    to_be: list[JourneyReport] = field(default_factory=list)  # on an as-is journey
    removed: list[Step] = field(default_factory=list)  # as-is steps the to-be drops
    recommendations: list[Recommendation] = field(default_factory=list)  # as-is -> to-be

    def __repr__(self) -> str:  # as_is and to_be point at each other
        return f"<JourneyReport {self.journey.id} ({self.journey.state})>"

    @property
    def steps(self) -> list[StepReport]:
        return [step for _phase, steps in self.phases for step in steps]

    def step(self, step_id: str) -> StepReport:
        return next(s for s in self.steps if s.step.id == step_id)


@dataclass
class OpportunityReport:
    opportunity: Opportunity
    steps: list[tuple[JourneyReport, StepReport]]
    journeys: list[JourneyReport]
    touchpoints: list  # TouchpointReport
    recommendations: list[Recommendation]


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

    def tables(self, touchpoints: Iterable[str]) -> dict[str, CountTable]:
        pooled: dict[str, CountTable] = {kpi: defaultdict(int) for kpi in KPIS}
        for tp_id in dict.fromkeys(touchpoints):
            for kpi in KPIS:
                for score, n in self.by_touchpoint.get((tp_id, kpi), {}).items():
                    pooled[kpi][score] += n
        return {kpi: dict(table) for kpi, table in pooled.items()}

    def kpis(self, tables: dict[str, CountTable]) -> dict[str, KpiEstimate]:
        return {kpi: self.estimator(kpi, tables[kpi], self.config.targets.get(kpi)) for kpi in KPIS}

    def comments(self, touchpoints: Iterable[str]) -> list[Comment]:
        return [c for tp in dict.fromkeys(touchpoints) for c in self.feedback.comments.get(tp, [])]

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
            estimates = self.kpis(self.tables(touchpoints))
        chosen = _measuring_kpi(estimates, kpi or self.config.primary_kpi)
        estimate = estimates[chosen] if chosen else None
        age = self.answer_months.age(touchpoints)
        responses = estimate.n if estimate else 0
        return evidence_strength(estimate, responses, age, quotes, self.config, claim)


def _measuring_kpi(estimates: dict[str, KpiEstimate], wanted: str) -> str | None:
    """The KPI the evidence is judged on: the one wanted, else the most answered."""
    if estimates[wanted].n:
        return wanted
    asked = [kpi for kpi in KPIS if estimates[kpi].n]
    return max(asked, key=lambda kpi: estimates[kpi].n) if asked else None


def touchpoint_evidence(r, pool: Pool) -> Evidence:
    """A touchpoint's evidence: its answers, their age and interval, its comments."""
    return pool.evidence([r.touchpoint.id], None, len(r.comments), estimates=r.kpis)


def journey_reports(
    project: Project,
    by_id: dict,
    pain_points: list,
    pool: Pool,
) -> list[JourneyReport]:
    config = project.config
    personas = {persona.id: persona for persona in config.personas}
    channels = {channel.id: channel for channel in config.channels}
    channel_order = [channel.id for channel in config.channels]
    recommendations = {rec.id: rec for rec in project.recommendations}
    painful = {r.touchpoint.id for r in pain_points}

    def step_report(journey: Journey, step: Step) -> StepReport:
        phase = next(
            (p for p in journey.phases if p.id == step.phase), Phase(step.phase, step.phase)
        )
        reports = [by_id[tp] for tp in step.touchpoints if tp in by_id]
        tables = pool.tables(step.touchpoints)
        kpis = pool.kpis(tables)
        emotions = [r.touchpoint.emotion for r in reports if r.touchpoint.emotion is not None]
        texts = {}
        for lane in TEXT_LANES:
            own = step.text(lane)
            texts[lane] = own or tuple(
                dict.fromkeys(t for r in reports for t in r.touchpoint.lane(lane))
            )
        comments = pool.comments(step.touchpoints)
        used = sorted({r.touchpoint.channel for r in reports}, key=channel_order.index)
        return StepReport(
            step=step,
            phase=phase,
            touchpoints=reports,
            channels=[channels[c] for c in used],
            kpis=kpis,
            experience=experience(tables, config),
            expected_emotion=(
                float(step.emotion)
                if step.emotion is not None
                else (sum(emotions) / len(emotions) if emotions else None)
            ),
            texts=texts,
            voices=[] if texts["thoughts"] else _voices(comments, config),
            pain_points=[insight(i, step, critical=True) for i in step.pain_points],
            needs=[insight(i, step) for i in step.needs],
            measured_pain=[r for r in reports if r.touchpoint.id in painful],
            recommendations=[
                recommendations[i] for i in step.recommendations if i in recommendations
            ],
            evidence=pool.evidence(step.touchpoints, None, len(comments), estimates=kpis),
        )

    def insight(item: Insight, step: Step, critical: bool = False) -> InsightReport:
        """A pain point is supported by critical and neutral comments (and ones without a
        score), not by praise that happens to use the same words."""
        touchpoints = item.touchpoints or step.touchpoints
        comments = pool.comments(touchpoints)
        if critical:
            comments = [c for c in comments if polarity(c, config) != "positive"]
        quotes = supporting_comments(comments, item.quotes)
        return InsightReport(
            insight=item,
            touchpoints=[by_id[tp] for tp in touchpoints if tp in by_id],
            quotes=quotes,
            evidence=pool.evidence(touchpoints, item.kpi, len(quotes), claim=True),
            searched=len(comments),
        )

    reports = []
    for journey in project.journeys:
        steps = {phase.id: [] for phase in journey.phases}
        for step in journey.steps:
            steps.setdefault(step.phase, []).append(step_report(journey, step))
        touchpoints = list(dict.fromkeys(tp for s in journey.steps for tp in s.touchpoints))
        reports.append(
            JourneyReport(
                journey=journey,
                persona=personas.get(journey.persona),
                phases=[(_phase(journey, p), s) for p, s in steps.items()],
                kpis=pool.kpis(pool.tables(touchpoints)),
                lanes=blueprint_lines(journey.lanes),
            )
        )
    _pair_states(reports, recommendations)
    return reports


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


def _voices(comments: list[Comment], config: Config) -> list[Comment]:
    """The newest critical and the newest positive comment, short ones first."""
    critical = [c for c in comments if polarity(c, config) == "negative"]
    positive = [c for c in comments if polarity(c, config) == "positive"]
    chosen = []
    for group in (critical, positive):
        ranked = sorted(group, key=lambda c: (len(c.text) > 160, -c.date.toordinal(), c.text))
        chosen.extend(ranked[:1])
    return chosen[:VOICES]


def _pair_states(reports: list[JourneyReport], recommendations: dict) -> None:
    """Link each to-be journey with its as-is journey and mark what changes."""
    by_id = {r.journey.id: r for r in reports}
    for to_be in reports:
        as_is = by_id.get(to_be.journey.as_is)
        if to_be.journey.state != "to-be" or as_is is None:
            continue
        to_be.as_is = as_is
        as_is.to_be.append(to_be)
        before = {step.id: step for step in as_is.journey.steps}
        for step in to_be.steps:
            old = before.get(step.step.id)
            # Step compares without its line numbers
            step.change = "new" if old is None else ("same" if old == step.step else "changed")
        kept = {step.id for step in to_be.journey.steps}
        to_be.removed = [step for step in as_is.journey.steps if step.id not in kept]
        ids = [*to_be.journey.recommendations]
        ids += [rec for step in to_be.journey.steps for rec in step.recommendations]
        to_be.recommendations = [
            recommendations[i] for i in dict.fromkeys(ids) if i in recommendations
        ]


def opportunity_reports(
    project: Project, journeys: list[JourneyReport], by_id: dict
) -> list[OpportunityReport]:
    """Each opportunity with its steps, journeys, touchpoints and recommendations; every
    step and journey it spans lists it too."""
    step_ids = {j.journey.id: [s.id for s in j.journey.steps] for j in journeys}
    journey_of = {j.journey.id: j for j in journeys}
    recommendations = {rec.id: rec for rec in project.recommendations}
    result = []
    for opportunity in project.opportunities:
        steps = []
        for ref in opportunity.steps:
            found = resolve_step(ref, step_ids)
            if found:
                journey = journey_of[found[0]]
                steps.append((journey, journey.step(found[1])))
        spanned = list(dict.fromkeys([*opportunity.journeys, *(j.journey.id for j, _s in steps)]))
        touchpoints = list(
            dict.fromkeys(
                [
                    *opportunity.touchpoints,
                    *(tp.touchpoint.id for _j, s in steps for tp in s.touchpoints),
                ]
            )
        )
        for _journey, step in steps:
            if opportunity not in step.opportunities:  # named as "j/step" and as "step"
                step.opportunities.append(opportunity)
        for journey_id in spanned:
            if journey_id in journey_of:
                journey_of[journey_id].opportunities.append(opportunity)
        result.append(
            OpportunityReport(
                opportunity=opportunity,
                steps=steps,
                journeys=[journey_of[j] for j in spanned if j in journey_of],
                touchpoints=[by_id[tp] for tp in touchpoints if tp in by_id],
                recommendations=[
                    recommendations[i] for i in opportunity.recommendations if i in recommendations
                ],
            )
        )
    return result
