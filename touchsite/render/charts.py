"""Chart figures as plain plotly JSON (data + layout), one function per chart kind.

Figures are built as dicts rather than through plotly's figure objects: ids come from page
and chart names (so output is reproducible), and one shared script draws them all.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from touchsite.analyze.drivers_report import DriverReport
from touchsite.analyze.journeys import JourneyReport
from touchsite.analyze.report import Report, TouchpointReport
from touchsite.analyze.trends import Change
from touchsite.models import Kpi, KpiEstimate, MetricSeries, Opportunity, Recommendation
from touchsite.render.i18n import KPI_LABELS, Locale, separators

ACCENT = "#0b5cad"
BAND = "rgba(11, 92, 173, 0.18)"
GOOD = "#1b7f4b"
BAD = "#a3341f"
NEUTRAL = "#8a94a3"
BAND_COLOURS = {"bad": BAD, "neutral": NEUTRAL, "good": GOOD}
SPREAD = (0, 1, -1, 2, -2)  # horizontal offsets for markers sharing a cell
STATUS_COLOURS = {
    "idea": "#5f6b7a",
    "planned": ACCENT,
    "in-progress": "#8a5200",
    "done": GOOD,
    "rejected": "#5a6473",
}


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass(frozen=True)
class Chart:
    id: str
    caption: str
    figure: dict = field(compare=False)
    table: Table | None = None

    @property
    def figure_json(self) -> str:
        text = json.dumps(self.figure, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        # Safe inside <script>: no "</script>" or HTML comment can close the element early.
        return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def chart_id(page: str, name: str) -> str:
    return "chart-" + re.sub(r"[^a-z0-9]+", "-", f"{page}-{name}".lower()).strip("-")


def _layout(locale: Locale, **extra) -> dict:
    layout = {
        "separators": "".join(separators(locale.babel_locale)),  # decimal, then grouping
        "autosize": True,
        "height": 320,
        "margin": {"l": 50, "r": 20, "t": 30, "b": 50},
        "paper_bgcolor": "rgba(0,0,0,0)",
        "plot_bgcolor": "rgba(0,0,0,0)",
        "font": {"family": "system-ui, sans-serif", "size": 12, "color": "#1d2430"},
        "showlegend": False,
    }
    layout.update(extra)
    return layout


def _caption(kpi: str, subject: str, what: str) -> str:
    return " ".join(part for part in (KPI_LABELS[kpi], subject, what) if part)


def _rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def trend_chart(
    page: str,
    kpi: str,
    trend: list[tuple[str, KpiEstimate]],
    locale: Locale,
    subject: str = "",
    changes: list[Change] = (),
) -> Chart:
    """The KPI per period with its interval band; flagged changes marked at their end."""
    _ = locale.gettext
    points = [(period, est) for period, est in trend if est.value is not None]
    months = [locale.period(period) for period, _est in points]
    band_x = months + months[::-1]
    band_y = [_rounded(e.high) for _p, e in points] + [_rounded(e.low) for _p, e in points][::-1]
    data = [
        {
            "type": "scatter",
            "x": band_x,
            "y": band_y,
            "mode": "lines",
            "fill": "toself",
            "fillcolor": BAND,
            "line": {"width": 0},
            "hoverinfo": "skip",
            "name": _("95% CI"),
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": months,
            "y": [_rounded(e.value, 1) for _p, e in points],
            "line": {"color": ACCENT, "width": 2},
            "customdata": [e.n for _p, e in points],
            "name": KPI_LABELS[kpi],
            "hovertemplate": "%{x}: %{y} (n=%{customdata})<extra></extra>",
        },
    ]
    value_of = {period: est.value for period, est in points}
    flagged = [c for c in changes if c.significant and c.kpi == kpi and c.after in value_of]
    if flagged:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [locale.period(c.after) for c in flagged],
                "y": [_rounded(value_of[c.after], 1) for c in flagged],
                "marker": {
                    "symbol": ["triangle-up" if c.rising else "triangle-down" for c in flagged],
                    "size": 14,
                    "color": [GOOD if c.rising == _better_up(trend) else BAD for c in flagged],
                    "line": {"color": NEUTRAL, "width": 1},
                },
                "text": [_change_text(c, locale) for c in flagged],
                "hoverinfo": "text",
                "name": _("Significant change"),
            }
        )
    shapes = []
    target = trend[0][1].target if trend else None
    if target is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": target,
                "y1": target,
                "line": {"color": BAD, "dash": "dash", "width": 1},
            }
        )
    layout = _layout(
        locale,
        shapes=shapes,
        xaxis={"type": "category", "tickangle": -45, "automargin": True},
        yaxis={"title": {"text": KPI_LABELS[kpi]}, "zeroline": False},
    )
    marks = {c.after: _change_text(c, locale) for c in flagged}
    rows = [
        [
            locale.period(p),
            locale.kpi_value(e),
            locale.kpi_interval(e),
            locale.number(e.n),
            marks.get(p, ""),
        ]
        for p, e in trend
    ]
    return Chart(
        id=chart_id(page, f"trend-{kpi}"),
        caption=_caption(kpi, subject, _("per period, with 95% confidence interval")),
        figure={"data": data, "layout": layout},
        table=Table([_("Period"), KPI_LABELS[kpi], _("95% CI"), "n", _("Change")], rows),
    )


def _better_up(trend: list[tuple[str, KpiEstimate]]) -> bool:
    return trend[0][1].higher_is_better if trend else True


def _change_text(change: Change, locale: Locale) -> str:
    d = change.difference
    return locale.gettext("{before} → {after}: {change} (significant)").format(
        before=locale.period(change.before),
        after=locale.period(change.after),
        change=locale.kpi_delta(d.difference, change.kpi),
    )


def distribution_chart(
    page: str, kpi: Kpi, counts: dict[int, int], locale: Locale, subject: str = ""
) -> Chart:
    _ = locale.gettext
    scores = list(kpi.scores)
    total = sum(counts.values()) or 1
    values = [counts.get(score, 0) for score in scores]
    colours = [BAND_COLOURS[kpi.band(score)] for score in scores]
    data = [
        {
            "type": "bar",
            "x": [str(s) for s in scores],
            "y": values,
            "marker": {"color": colours},
            "hovertemplate": "%{x}: %{y}<extra></extra>",
        }
    ]
    layout = _layout(
        locale,
        xaxis={"title": {"text": _("Score")}, "type": "category"},
        yaxis={"title": {"text": _("Answers")}},
    )
    answers = _("distribution of answers (n = {n})")
    rows = [
        [str(s), locale.number(v), locale.percent(100 * v / total)]
        for s, v in zip(scores, values, strict=True)
    ]
    return Chart(
        id=chart_id(page, f"distribution-{kpi.id}"),
        caption=_caption(kpi.id, subject, answers.format(n=locale.number(sum(values)))),
        figure={"data": data, "layout": layout},
        table=Table([_("Score"), _("Answers"), _("Share of answers")], rows),
    )


def emotion_chart(report: Report, locale: Locale, page: str = "index") -> Chart:
    """Expected emotion (front matter) beside the experience measured from the scores."""
    _ = locale.gettext
    return _emotion_chart(
        [(p.phase.title, p.expected_emotion, p.experience) for p in report.phases],
        locale,
        chart_id(page, "emotion"),
        _("Emotion curve: expected emotion and measured experience per phase (-3..+3)."),
        _("Phase"),
    )


def step_emotion_chart(journey: JourneyReport, locale: Locale) -> Chart:
    """The emotion curve of a journey, step by step."""
    _ = locale.gettext
    return _emotion_chart(
        # numbered, so two steps of the same title stay two points
        [
            (f"{number}. {s.step.title}", s.expected_emotion, s.experience)
            for number, s in enumerate(journey.steps, start=1)
        ],
        locale,
        chart_id(f"journey-{journey.journey.id}", "emotion"),
        _("Emotion curve: expected emotion and measured experience per step (-3..+3)."),
        _("Step"),
        expected=_("Expected emotion"),
    )


def _emotion_chart(
    points: list[tuple[str, float | None, KpiEstimate]],
    locale: Locale,
    id: str,
    caption: str,
    heading: str,
    expected: str = "",
) -> Chart:
    _ = locale.gettext
    labels = [label for label, _expected, _measured in points]
    emotions = [_rounded(expected) for _label, expected, _measured in points]
    measured = [estimate for _label, _expected, estimate in points]
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": labels,
            "y": emotions,
            "line": {"color": NEUTRAL, "width": 3, "dash": "dash"},
            "name": expected or _("Expected emotion (mean of touchpoints)"),
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": labels,
            "y": [_rounded(e.value) for e in measured],
            "line": {"color": ACCENT, "width": 3},
            "name": _("Measured experience, with 95% CI"),
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": [_rounded((e.high or e.value or 0) - (e.value or 0)) for e in measured],
                "arrayminus": [
                    _rounded((e.value or 0) - (e.low or e.value or 0)) for e in measured
                ],
            },
            "customdata": [e.n for e in measured],
            "hovertemplate": "%{x}: %{y} (n=%{customdata})<extra></extra>",
        },
    ]
    layout = _layout(
        locale,
        showlegend=True,
        legend={"orientation": "h", "y": -0.2},
        yaxis={"title": {"text": _("Emotion")}, "range": [-3.2, 3.2], "zeroline": True, "dtick": 1},
        xaxis={"type": "category", "automargin": True},
    )
    rows = [
        [
            label,
            "–" if em is None else locale.number(em, 1),
            "–" if e.value is None else locale.number(e.value, 2),
            "–" if e.low is None else f"{locale.number(e.low, 2)} – {locale.number(e.high, 2)}",
            locale.number(e.n),
        ]
        for label, em, e in zip(labels, emotions, measured, strict=True)
    ]
    return Chart(
        id=id,
        caption=caption,
        figure={"data": data, "layout": layout},
        table=Table(
            [heading, _("Expected emotion"), _("Measured experience"), _("95% CI"), "n"], rows
        ),
    )


def comparison_chart(kpi: str, touchpoints: list[TouchpointReport], locale: Locale) -> Chart:
    _ = locale.gettext
    shown = [r for r in touchpoints if r.kpis[kpi].value is not None]
    shown.sort(key=lambda r: (r.kpis[kpi].value, r.touchpoint.id))
    estimates = [r.kpis[kpi] for r in shown]
    colours = [{"meets": GOOD, "misses": BAD}.get(e.status, NEUTRAL) for e in estimates]
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [r.touchpoint.title for r in shown],
            "x": [_rounded(e.value, 1) for e in estimates],
            "marker": {"color": colours},
            "error_x": {
                "type": "data",
                "symmetric": False,
                "color": NEUTRAL,
                "array": [_rounded((e.high or e.value) - e.value) for e in estimates],
                "arrayminus": [_rounded(e.value - (e.low or e.value)) for e in estimates],
            },
            "customdata": [e.n for e in estimates],
            "hovertemplate": "%{y}: %{x} (n=%{customdata})<extra></extra>",
        }
    ]
    layout = _layout(
        locale,
        height=max(320, 26 * len(shown) + 80),
        margin={"l": 260, "r": 20, "t": 30, "b": 50},
        xaxis={"title": {"text": KPI_LABELS[kpi]}},
        yaxis={"automargin": True},
    )
    rows = [
        [r.touchpoint.title, locale.kpi_value(e), locale.kpi_interval(e), locale.number(e.n)]
        for r, e in zip(shown, estimates, strict=True)
    ]
    return Chart(
        id=chart_id("kpis", f"comparison-{kpi}"),
        caption=_("{kpi} by touchpoint, with 95% confidence interval").format(kpi=KPI_LABELS[kpi]),
        figure={"data": data, "layout": layout},
        table=Table([_("Touchpoint"), KPI_LABELS[kpi], _("95% CI"), "n"], rows),
    )


def matrix_chart(
    recommendations: Sequence[Recommendation | Opportunity],
    locale: Locale,
    page: str = "recommendations",
) -> Chart:
    """Impact over effort; each marker carries the item's number on the page (recommendations
    or opportunities: both have an id, title, impact, effort and status)."""
    _ = locale.gettext
    if page == "recommendations":
        caption, heading = _("Impact and effort of the recommendations"), _("Recommendation")
    else:
        caption, heading = _("Impact and effort of the opportunities"), _("Opportunity")
    numbers = {rec.id: index for index, rec in enumerate(recommendations, start=1)}
    placed = [rec for rec in recommendations if rec.impact and rec.effort]
    # Spread recommendations that share a cell so none hides another.
    seen: dict[tuple[int, int], int] = {}
    xs, ys = [], []
    for rec in placed:
        cell = (rec.effort, rec.impact)
        index = seen.get(cell, 0)
        seen[cell] = index + 1
        xs.append(round(rec.effort + 0.2 * SPREAD[index % len(SPREAD)], 2))
        ys.append(round(rec.impact + 0.25 * (index // len(SPREAD)), 2))
    data = [
        {
            "type": "scatter",
            "mode": "markers+text",
            "x": xs,
            "y": ys,
            "text": [str(numbers[rec.id]) for rec in placed],
            "textposition": "middle center",
            "textfont": {"color": "#ffffff", "size": 11},
            "marker": {"size": 22, "color": [STATUS_COLOURS[rec.status] for rec in placed]},
            "hovertext": [f"{rec.title} ({locale.label(rec.status)})" for rec in placed],
            "hoverinfo": "text",
        }
    ]
    layout = _layout(
        locale,
        height=420,
        xaxis={"title": {"text": _("Effort")}, "range": [0.5, 5.5], "dtick": 1},
        yaxis={"title": {"text": _("Impact")}, "range": [0.5, 5.8], "dtick": 1},
    )
    rows = [
        [
            str(numbers[rec.id]),
            rec.title,
            str(rec.impact),
            str(rec.effort),
            locale.label(rec.status),
        ]
        for rec in placed
    ]
    return Chart(
        id=chart_id(page, "matrix"),
        caption=caption,
        figure={"data": data, "layout": layout},
        table=Table(["#", heading, _("Impact"), _("Effort"), _("Status")], rows),
    )


LABELLED = 5


def driver_chart(drivers: DriverReport, locale: Locale) -> Chart:
    """Importance (share of the explained variance) against performance (the KPI's value)."""
    _ = locale.gettext
    shown = [d for d in drivers.drivers if d.performance.value is not None]
    data = [
        {
            "type": "scatter",
            "mode": "markers+text",
            "x": [_rounded(d.performance.value, 1) for d in shown],
            "y": [_rounded(d.share, 1) for d in shown],
            # Only the leading drivers are labelled; the rest crowd the bottom (hover, table).
            "text": [
                (d.title if len(d.title) <= 28 else d.title[:26] + "…") if rank < LABELLED else ""
                for rank, d in enumerate(shown)
            ],
            "textposition": "top center",
            "cliponaxis": False,
            "marker": {
                "size": 12,
                "color": [GOOD if d.correlation >= 0 else BAD for d in shown],
            },
            "hovertext": [
                f"{d.title}: {locale.percent(d.share, 1)} · r = {locale.number(d.correlation, 2)}"
                for d in shown
            ],
            "hoverinfo": "text",
        }
    ]
    layout = _layout(
        locale,
        height=460,
        margin={"l": 60, "r": 60, "t": 40, "b": 50},
        xaxis={"title": {"text": _("Performance") + " (" + KPI_LABELS[drivers.kpi] + ")"}},
        yaxis={
            "title": {"text": _("Importance: share of explained variance (%)")},
            "rangemode": "tozero",
        },
    )
    rows = [
        [
            d.title,
            locale.percent(d.share, 1),
            locale.number(d.correlation, 2),
            locale.kpi_value(d.performance),
            locale.number(d.n),
        ]
        for d in drivers.drivers
    ]
    return Chart(
        id=chart_id("kpis", "drivers"),
        caption=_("Key drivers of the overall NPS: importance against performance"),
        figure={"data": data, "layout": layout},
        table=Table(
            [_("Touchpoint"), _("Importance"), _("Correlation"), _("Performance"), "n"], rows
        ),
    )


def business_chart(page: str, series: MetricSeries, locale: Locale) -> Chart:
    """A business figure per month: a measurement, so no interval band."""
    _ = locale.gettext
    metric = series.metric
    x = [locale.period(period) for period, _value in series.points]
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "x": x,
            "y": [value for _period, value in series.points],
            "line": {"color": ACCENT, "width": 2},
            "name": metric.title,
        }
    ]
    shapes = []
    if metric.target is not None:
        shapes.append(
            {
                "type": "line",
                "xref": "paper",
                "x0": 0,
                "x1": 1,
                "y0": metric.target,
                "y1": metric.target,
                "line": {"color": BAD, "dash": "dash", "width": 1},
            }
        )
    layout = _layout(
        locale,
        height=260,
        shapes=shapes,
        xaxis={"type": "category", "tickangle": -45, "automargin": True},
        yaxis={
            "title": {"text": f"{metric.title} ({metric.unit})" if metric.unit else metric.title}
        },
    )
    rows = [[locale.period(p), locale.number(v, 2)] for p, v in series.points]
    return Chart(
        id=chart_id(page, f"business-{metric.id}"),
        caption=_("{metric}: measured per month").format(metric=metric.title),
        figure={"data": data, "layout": layout},
        table=Table([_("Period"), metric.title], rows),
    )
