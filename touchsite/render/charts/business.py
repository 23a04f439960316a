"""Business figures (a measurement per month) charted beside a touchpoint's KPIs."""

from __future__ import annotations

from touchsite.models import MetricSeries
from touchsite.render.charts.figure import (
    ACCENT,
    Chart,
    Table,
    chart_id,
    chart_layout,
    target_line,
    with_target,
)
from touchsite.render.i18n import Locale


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
    shapes = [] if metric.target is None else [target_line(metric.target)]
    layout = chart_layout(
        locale,
        height=260,
        shapes=shapes,
        xaxis={"type": "category", "tickangle": -45, "automargin": True},
        yaxis={
            "title": {"text": f"{metric.title} ({metric.unit})" if metric.unit else metric.title}
        },
    )
    rows = [[locale.period(p), locale.number(v, 2)] for p, v in series.points]
    caption = _("{metric}: measured per month").format(metric=metric.title)
    if metric.target is not None:
        caption = with_target(locale, caption, locale.measured(metric.target, metric.unit))
    return Chart(
        id=chart_id(page, f"business-{metric.id}"),
        caption=caption,
        figure={"data": data, "layout": layout},
        table=Table([_("Period"), metric.title], rows),
    )
