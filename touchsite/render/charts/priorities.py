"""Charts that rank what to work on: impact over effort, and the key drivers of the outcome."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence

from touchsite.analyze.drivers_report import DriverReport
from touchsite.models import Kpi, Opportunity, Recommendation
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
from touchsite.render.i18n import Locale
from touchsite.translation import N_

# The four fields of an impact/effort matrix on its 1-5 scales: (name, effort side, impact
# side, tint). A 3 is neither low nor high, so the middle row and column (2.5-3.5, where the
# markers of a 3 sit, spread included) stay untinted. The names sit in the fields' outer
# corners, above and below the markers, so no marker hides one.
LOW, HIGH = (0.5, 2.5), (3.5, 5.5)
LOW_IMPACT, HIGH_IMPACT = (0.3, 2.5), (3.5, 6.1)
# The impact axis runs past 5 to make room for the names; it labels the scale's values only.
SCALE = [1, 2, 3, 4, 5]
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
            "tickvals": SCALE,
            "zeroline": False,
        },
        yaxis={
            "title": {"text": _("Impact (1 = low, 5 = high)")},
            "range": [LOW_IMPACT[0], HIGH_IMPACT[1]],
            "tickvals": SCALE,
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
LABEL_LINE = 22  # characters a line of a point's label
NARROW_NAME = 16  # characters a line of a quadrant's name on a narrow chart


def _lines(title: str) -> list[str]:
    """A point's label in lines of LABEL_LINE characters, each word whole."""
    return textwrap.wrap(title, LABEL_LINE, break_long_words=False, break_on_hyphens=True)


def _point_label(x: float, driver, xs: Sequence[float], reversed_axis: bool, text: str) -> dict:
    """A driver's label above its point. A point in the left third of the points' range has
    it to its right, one in the right third to its left, so that no label runs past the
    chart's edge; the others have it centred."""
    low, high = min(xs), max(xs)
    share = (x - low) / (high - low) if high > low else 0.5
    if reversed_axis:
        share = 1 - share
    side = "left" if share < 1 / 3 else "right" if share > 2 / 3 else "center"
    return {
        "xref": "x",
        "yref": "y",
        "x": rounded(x, 1),
        "y": rounded(driver.share, 1),
        "text": text,
        "showarrow": False,
        "xanchor": side,
        "yanchor": "bottom",
        "xshift": {"left": -6, "right": 6, "center": 0}[side],
        "yshift": 7,
        "align": side,
    }


def _performance_axis(drivers: DriverReport, kpis: Mapping[str, Kpi], locale: Locale):
    """How performance is plotted: the KPI's own value where every driver is measured by the
    same KPI, else each value's position in its KPI's range (0 worst .. 100 best), since
    NPS points and CSAT percent share no axis. Returns the x of a driver, the axis title and
    whether the axis runs from right to left (a KPI where lower is better)."""
    _ = locale.gettext
    measured = {d.kpi for d in drivers.drivers if d.performance.value is not None}
    if len(measured) == 1:
        kpi = kpis[measured.pop()]
        title = _("Performance: {kpi} of the touchpoint").format(kpi=locale.kpi_label(kpi.id))
        return (lambda d: d.performance.value), title, not kpi.higher_is_better

    def position(d) -> float:
        kpi = kpis[d.kpi]
        low, _high = kpi.value_range
        share = 100 * (d.performance.value - low) / kpi.range_width
        return share if kpi.higher_is_better else 100 - share

    title = _("Performance: position in the touchpoint's KPI range (0 = worst, 100 = best)")
    return position, title, False


def driver_chart(drivers: DriverReport, locale: Locale, kpis: Mapping[str, Kpi]) -> Chart:
    """Importance (share of the explained variance of the outcome) against performance, in
    four quadrants split at the drivers' averages: what matters and performs poorly first."""
    _ = locale.gettext
    outcome = locale.kpi_label(drivers.kpi)
    shown = [d for d in drivers.drivers if d.performance.value is not None]
    x_of, x_title, reversed_axis = _performance_axis(drivers, kpis, locale)
    xs = [x_of(d) for d in shown]
    data = []
    for rising in (True, False):
        group = [(x, d) for x, d in zip(xs, shown, strict=True) if (d.correlation >= 0) == rising]
        if not group:
            continue
        name = (_("goes with a higher {kpi}") if rising else _("goes with a lower {kpi}")).format(
            kpi=outcome
        )
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": name,
                "x": [rounded(x, 1) for x, _d in group],
                "y": [rounded(d.share, 1) for _x, d in group],
                "cliponaxis": False,
                "marker": {"size": 12, "color": GOOD if rising else BAD},
                "hovertext": [
                    f"{d.title}: {locale.percent(d.share, 1)} · r = "
                    f"{locale.number(d.correlation, 2)} · {locale.kpi_label(d.kpi)} "
                    f"{locale.figure_text(d.performance)}"
                    for _x, d in group
                ],
                "hoverinfo": "text",
            }
        )
    split_x = rounded(sum(xs) / len(xs) if xs else 0.0)
    split_y = rounded(sum(d.share for d in shown) / len(shown) if shown else 0.0)
    line = {"color": "#6b7380", "width": 1, "dash": "dash"}
    shapes = [
        {"type": "line", "xref": "x", "yref": "paper", "x0": split_x, "x1": split_x, "y0": 0,
         "y1": 1, "line": line},
        {"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1, "y0": split_y,
         "y1": split_y, "line": line},
    ]  # fmt: skip
    left, right = ("right", "left") if reversed_axis else ("left", "right")
    corners = [
        (_("Improve first: important, performing below the others"), 1, left),
        (_("Keep up: important, performing well"), 1, right),
        (_("Lower priority"), 0, left),
        (_("Performing well, less important"), 0, right),
    ]
    annotations = [
        {
            "xref": "paper",
            "yref": "paper",
            "x": 0 if side == "left" else 1,
            "y": top,
            "xanchor": side,
            "yanchor": "top" if top else "bottom",
            "text": text,
            "showarrow": False,
            "font": {"size": 11, "color": "#4b5563"},
        }
        for text, top, side in corners
    ]
    # On a phone each name in one line ran into its neighbour: there they wrap into a column.
    narrow = [
        annotation | {"text": "<br>".join(textwrap.wrap(annotation["text"], NARROW_NAME))}
        for annotation in annotations
    ]
    # Only the leading drivers are named, in full; the rest crowd the bottom. On a phone
    # their names would run into each other and the quadrants': there each carries its number
    # in the table below instead, beside the point, as the impact/effort matrix's markers do.
    numbers = {d.touchpoint: index for index, d in enumerate(drivers.drivers, start=1)}
    labelled = list(zip(xs, shown, strict=True))[:LABELLED]
    annotations += [
        _point_label(x, d, xs, reversed_axis, "<br>".join(_lines(d.title))) for x, d in labelled
    ]
    narrow += [
        _point_label(x, d, xs, reversed_axis, str(numbers[d.touchpoint]))
        | {"xanchor": "left", "xshift": 8, "yanchor": "middle", "yshift": 0, "align": "left"}
        for x, d in labelled
    ]
    # room around the points for their labels, and above them for the quadrants' names
    low, high = (min(xs), max(xs)) if xs else (0.0, 1.0)
    pad = max(high - low, 1.0) * 0.15
    x_range = [rounded(low - pad, 1), rounded(high + pad, 1)]
    xaxis = {
        "title": {"text": x_title},
        "zeroline": False,
        "range": x_range[::-1] if reversed_axis else x_range,
    }
    top_share = max((d.share for d in shown), default=1.0)
    layout = chart_layout(
        locale,
        height=480,
        margin={"l": 60, "r": 60, "t": 40, "b": 90},
        xaxis=xaxis,
        yaxis={
            "title": {
                "text": _("Importance for {kpi}: share of explained variance (%)").format(
                    kpi=outcome
                )
            },
            "range": [0, rounded(top_share * 1.3, 1)],
        },
        shapes=shapes,
        annotations=annotations,
        showlegend=True,
        legend={"orientation": "h", "x": 0, "y": -0.2},
    )
    rows = [
        [
            str(numbers[d.touchpoint]),
            d.title,
            locale.percent(d.share, 1),
            locale.number(d.correlation, 2),
            f"{locale.kpi_label(d.kpi)} {locale.kpi_value(d.performance)}",
            locale.number(d.n),
        ]
        for d in drivers.drivers
    ]
    return Chart(
        id=chart_id("kpis", "drivers"),
        caption=_("Key drivers of the overall {kpi}: importance against performance").format(
            kpi=outcome
        ),
        figure={"data": data, "layout": layout, "narrow": {"annotations": narrow}},
        table=Table(
            ["#", _("Touchpoint"), _("Importance"), _("Correlation"), _("Performance"), "n"],
            rows,
        ),
    )
