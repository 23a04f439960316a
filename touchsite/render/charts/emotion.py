"""Emotion curves: expected emotion beside the measured experience, per phase or step."""

from __future__ import annotations

from touchsite.analyze.journeys import JourneyReport
from touchsite.analyze.report import Report
from touchsite.models import KpiEstimate
from touchsite.render.charts.figure import (
    ACCENT,
    NEUTRAL,
    Chart,
    Table,
    chart_id,
    chart_layout,
    error_bars,
    rounded,
    rounded_each,
)
from touchsite.render.i18n import Locale


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
        numbered=True,
    )


def _emotion_chart(
    points: list[tuple[str, float | None, KpiEstimate]],
    locale: Locale,
    id: str,
    caption: str,
    heading: str,
    expected: str = "",
    numbered: bool = False,
) -> Chart:
    _ = locale.gettext
    labels = [label for label, _expected, _measured in points]
    emotions = [rounded(expected) for _label, expected, _measured in points]
    measured = [estimate for _label, _expected, estimate in points]
    drawn = rounded_each(e.value for e in measured)
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
            "y": drawn,
            "line": {"color": ACCENT, "width": 3},
            "name": _("Measured experience, with 95% CI"),
            "error_y": error_bars(measured, drawn),
            "customdata": [e.n for e in measured],
            # the figure, its interval and n as the table below writes them
            "hovertext": [_hover(e, locale) for e in measured],
            "hovertemplate": "%{x}: %{hovertext}<extra></extra>",
        },
    ]
    layout = chart_layout(
        locale,
        showlegend=True,
        # above the plot: below it, the legend would cover the axis labels
        legend={"orientation": "h", "x": 0, "xanchor": "left", "y": 1.02, "yanchor": "bottom"},
        margin={"l": 50, "r": 20, "t": 60, "b": 50},
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
        figure={
            "data": data,
            "layout": layout,
            # On a phone, numbered steps show their number: the names are in the table below.
            **({"narrow": {"xaxis": _numbers_only(labels)}} if numbered else {}),
        },
        table=Table(
            [heading, _("Expected emotion"), _("Measured experience"), _("95% CI"), "n"], rows
        ),
    )


def _numbers_only(labels: list[str]) -> dict:
    return {
        "tickvals": labels,
        "ticktext": [label.split(".", 1)[0] for label in labels],
        "tickangle": 0,
    }


def _hover(measured: KpiEstimate, locale: Locale) -> str:
    """ "−0,57 (95-%-KI −0,61 bis −0,54; n = 59.750)": the page's words for a figure, at the
    table's two decimals (the -3..+3 scale is no KPI with a precision of its own)."""
    interval = ""
    if measured.low is not None and measured.high is not None:
        low, high = (locale.number(end, 2) for end in (measured.low, measured.high))
        ends = locale.gettext("{low} to {high}").format(low=low, high=high)
        interval = f"{locale.gettext('95% CI')} {ends}; "
    return f"{locale.number(measured.value, 2)} ({interval}n = {locale.number(measured.n)})"
