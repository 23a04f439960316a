"""Charts that rank what to work on: impact over effort, and the key drivers of the NPS."""

from __future__ import annotations

from collections.abc import Sequence

from touchsite.analyze.drivers_report import DriverReport
from touchsite.models import Opportunity, Recommendation
from touchsite.render.charts.figure import (
    ACCENT,
    BAD,
    GOOD,
    NEUTRAL,
    SPREAD,
    STATUS_COLOURS,
    Chart,
    Table,
    chart_id,
    chart_layout,
    rounded,
)
from touchsite.render.i18n import KPI_LABELS, Locale
from touchsite.translation import N_

# The four fields of an impact/effort matrix on its 1-5 scales: (name, effort side, impact
# side, tint). A 3 is neither low nor high, so the middle row and column (2.5-3.5, where the
# markers of a 3 sit, spread included) stay untinted. The names sit in the fields' outer
# corners, above and below the markers, so no marker hides one.
LOW, HIGH = (0.5, 2.5), (3.5, 5.5)
LOW_IMPACT, HIGH_IMPACT = (0.3, 2.5), (3.5, 6.1)
QUADRANTS = (
    (N_("Quick wins"), LOW, HIGH_IMPACT, GOOD),
    (N_("Major projects"), HIGH, HIGH_IMPACT, ACCENT),
    (N_("Fill-ins"), LOW, LOW_IMPACT, NEUTRAL),
    (N_("Thankless tasks"), HIGH, LOW_IMPACT, BAD),
)


def _quadrants(locale: Locale) -> tuple[list[dict], list[dict]]:
    shapes, annotations = [], []
    for name, (x0, x1), (y0, y1), tint in QUADRANTS:
        shapes.append(
            {
                "type": "rect",
                "xref": "x",
                "yref": "y",
                "x0": x0,
                "x1": x1,
                "y0": y0,
                "y1": y1,
                "layer": "below",
                "line": {"width": 0},
                "fillcolor": tint,
                "opacity": 0.1,
            }
        )
        left, top = x0 < 3, y0 > 3
        annotations.append(
            {
                "text": f"<b>{locale.gettext(name)}</b>",
                "showarrow": False,
                "xref": "x",
                "yref": "y",
                "x": x0 + 0.05 if left else x1 - 0.05,
                "xanchor": "left" if left else "right",
                "y": y1 - 0.05 if top else y0 + 0.05,
                "yanchor": "top" if top else "bottom",
                "font": {"size": 12},
            }
        )
    return shapes, annotations


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
    shapes, annotations = _quadrants(locale)
    layout = chart_layout(
        locale,
        height=420,
        shapes=shapes,
        annotations=annotations,
        xaxis={
            "title": {"text": _("Effort (1 = low, 5 = high)")},
            "range": [LOW[0], HIGH[1]],
            "dtick": 1,
            "zeroline": False,
        },
        yaxis={
            "title": {"text": _("Impact (1 = low, 5 = high)")},
            "range": [LOW_IMPACT[0], HIGH_IMPACT[1]],
            "dtick": 1,
            "zeroline": False,
        },
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
            "x": [rounded(d.performance.value, 1) for d in shown],
            "y": [rounded(d.share, 1) for d in shown],
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
    layout = chart_layout(
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
