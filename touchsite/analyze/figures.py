"""What a live figure in prose stands for: a reference (`{{ nps("lieferavis") }}`) looked up
in the report, or the reason it cannot be, said so the writer can fix it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from touchsite.analyze.report import Report
from touchsite.errors import Problem, suggest
from touchsite.models import KPIS, KpiEstimate
from touchsite.models.figures import Reference, Written, plain_figures, written_figures
from touchsite.models.markdown import parsed

Figure = KpiEstimate | int | dt.date

COUNTS = ("answers", "touchpoints", "answered_touchpoints")
DATES = ("first_answer", "last_answer")
NAMES = (*KPIS, *COUNTS, *DATES)
SCOPES = ("phase", "segment", "journey")
USAGE = {
    **{
        kpi: f'{kpi}(), {kpi}("<touchpoint>"), {kpi}("phase:<id>"), {kpi}("segment:<name>")'
        f', {kpi}("journey:<id>"), with period="<period>" for the whole or a touchpoint'
        for kpi in KPIS
    },
    "answers": 'answers, or answers("<touchpoint>")',
    "touchpoints": "touchpoints",
    "answered_touchpoints": "answered_touchpoints",
    "first_answer": "first_answer",
    "last_answer": "last_answer",
}


class FigureError(ValueError):
    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def resolve(report: Report, reference: Reference) -> Figure:
    """The figure `reference` stands for; FigureError says why there is none."""
    name = reference.name
    if name not in NAMES:
        raise FigureError(f"unknown figure '{name}'", suggest(name, NAMES, "figures"))
    allowed = ("period",) if name in KPIS else ()
    for key, _value in reference.options:
        if key not in allowed:
            known = ", ".join(allowed) if allowed else "none"
            raise FigureError(f"'{name}' has no option '{key}'", f"its options: {known}")
    most = 1 if name in KPIS or name == "answers" else 0
    if len(reference.args) > most:
        raise FigureError(f"'{name}' takes at most {most} argument(s)", "write " + USAGE[name])
    scope = reference.args[0] if reference.args else ""
    if name == "touchpoints":
        return len(report.touchpoints)
    if name == "answered_touchpoints":
        return sum(1 for r in report.touchpoints if r.responses)
    if name in DATES:
        date = report.feedback.first_date if name == "first_answer" else report.feedback.last_date
        if date is None:
            raise FigureError(f"'{name}': the data holds no dated answers")
        return date
    if name == "answers":
        return _touchpoint(report, scope).responses if scope else report.feedback.rows
    return _estimate(report, name, scope, reference.option("period"))


def _estimate(report: Report, kpi: str, scope: str, period: str | None) -> KpiEstimate:
    kind, _, key = scope.partition(":") if ":" in scope else ("touchpoint", "", scope)
    if period is not None and kind != "touchpoint":
        raise FigureError(
            f"a {kind}'s figure has no period option", "periods are for touchpoints and the whole"
        )
    if period is not None and period not in report.periods:
        raise FigureError(f"no period '{period}' in the data", suggest(period, report.periods))
    if not scope:
        if period is None:
            return _answered(report.overall[kpi], kpi, "the data")
        return _answered(dict(report.overall_trend[kpi])[period], kpi, f"period {period}")
    if kind == "touchpoint":
        touchpoint = _touchpoint(report, key)
        what = f"touchpoint '{key}'"
        if period is None:
            return _answered(touchpoint.kpis[kpi], kpi, what, touchpoint.asked)
        estimate = dict(touchpoint.trend.get(kpi, ())).get(period)
        if estimate is None:
            raise FigureError(f"{what} has no {kpi.upper()} answers in {period}")
        return _answered(estimate, kpi, f"{what} in {period}", touchpoint.asked)
    if kind == "phase":
        phases = {phase.phase.id: phase for phase in report.phases}
        if key not in phases:
            raise FigureError(f"unknown phase '{key}'", suggest(key, phases, "phases"))
        return _answered(phases[key].kpis[kpi], kpi, f"phase '{key}'")
    if kind == "segment":
        if key not in report.segment_kpis:
            raise FigureError(
                f"no segment '{key}' in the data", suggest(key, report.segment_kpis, "segments")
            )
        return _answered(report.segment_kpis[key][kpi], kpi, f"segment '{key}'")
    if kind == "journey":
        journeys = {j.journey.id: j for j in report.journeys}
        if key not in journeys:
            raise FigureError(f"unknown journey '{key}'", suggest(key, journeys, "journeys"))
        return _answered(journeys[key].kpis[kpi], kpi, f"journey '{key}'")
    raise FigureError(
        f"unknown scope '{kind}:'",
        suggest(kind, SCOPES, "write") + " (or a touchpoint id without a prefix)",
    )


def _touchpoint(report: Report, touchpoint_id: str):  # noqa: ANN202 (a TouchpointReport)
    found = {r.touchpoint.id: r for r in report.touchpoints}
    if touchpoint_id not in found:
        hint = suggest(touchpoint_id, found, "touchpoints")
        raise FigureError(f"unknown touchpoint '{touchpoint_id}'", hint)
    return found[touchpoint_id]


def _answered(
    estimate: KpiEstimate, kpi: str, what: str, asked: list[str] | None = None
) -> KpiEstimate:
    if estimate.n == 0:
        hint = "asked there: " + ", ".join(k.upper() for k in asked) if asked else ""
        raise FigureError(f"{what} has no {kpi.upper()} answers", hint)
    return estimate


def figure_problems(report: Report) -> Iterator[Problem]:
    """Every figure reference in the project's texts that cannot be read or filled in: the
    Markdown bodies, and the plain texts of journey lanes and insights."""
    project = report.project
    documents = (
        *project.touchpoints,
        *project.recommendations,
        *project.journeys,
        *project.opportunities,
        *project.pages,
    )
    for document in documents:
        source = document.source
        for written, line, column in written_figures(document.body, parsed):
            yield from _check(report, written, source.path, line + source.body_line, column)
    for path, line, text in _plain_texts(project):
        for part in plain_figures(text):
            if isinstance(part, Written):
                yield from _check(report, part, path, line, None)


def _plain_texts(project) -> Iterator[tuple[str, int, str]]:  # noqa: ANN001 (a Project)
    """(file, line, text) of every lane text and insight a journey shows."""
    for touchpoint in project.touchpoints:
        for _lane, texts in touchpoint.lanes:
            for text in texts:
                yield touchpoint.source.path, touchpoint.source.line("lanes"), text
    for journey in project.journeys:
        for step in journey.steps:
            for lane, texts in step.texts:
                for text in texts:
                    yield journey.source.path, step.line_of(lane), text
            for insight in (*step.pain_points, *step.needs):
                yield journey.source.path, insight.line, insight.text


def _check(
    report: Report, written: Written, path: str, line: int, column: int | None
) -> Iterator[Problem]:
    if written.error is not None:
        error = written.error
        at = None if column is None else column + error.offset
        yield Problem(path, line, at, error.message, error.hint)
        return
    try:
        resolve(report, written.reference)
    except FigureError as error:
        yield Problem(path, line, column, error.message, error.hint)
