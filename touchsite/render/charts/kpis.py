"""KPI charts: a KPI over time, its answers' distribution, and touchpoints side by side."""

from __future__ import annotations

from functools import lru_cache

from touchsite.analyze.report import TouchpointReport
from touchsite.analyze.trends import Change
from touchsite.kpi import BINARY
from touchsite.models import Kpi, KpiEstimate
from touchsite.render.charts.figure import (
    ACCENT,
    BAD,
    BAND,
    BAND_COLOURS,
    GOOD,
    NEUTRAL,
    Chart,
    SharedLayout,
    Table,
    chart_id,
    chart_layout,
    error_bars,
    kpi_caption,
    rounded,
    rounded_each,
    target_line,
    with_target,
)
from touchsite.render.i18n import Locale


def trend_chart(
    page: str,
    kpi: str,
    trend: list[tuple[str, KpiEstimate]],
    locale: Locale,
    subject: str = "",
    changes: list[Change] = (),
    partial: frozenset[str] = frozenset(),
    confident_from: int = 30,
) -> Chart:
    """The KPI per period with its interval band; flagged changes marked at their end; periods
    the data covers only in part (`partial`) say so in their label; a period answered fewer
    than `confident_from` times (a small sample) is a grey point, which the chart's note keys."""
    _ = locale.gettext

    label = {period: locale.period_text(period, period in partial) for period, _est in trend}
    # each period's figure and interval, written once for the table and the hover
    written = {period: locale.value_and_interval(est) for period, est in trend}
    points = [(period, est) for period, est in trend if est.value is not None]
    shown = [est for _p, est in points]
    months = [label[period] for period, _est in points]
    band_x = months + months[::-1]
    band_y = rounded_each([e.high for e in shown]) + rounded_each([e.low for e in reversed(shown)])
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
            # drawn at the figure (its band's precision): one decimal put a mean of 5.04 on
            # the target line of 5.0 of an axis zoomed to a few tenths; hover reads as the page
            "y": rounded_each([e.value for e in shown]),
            "line": {"color": ACCENT, "width": 2},
            # a period the data covers in part: an open marker beside its label's ", partial"
            "marker": {
                "symbol": ["circle-open" if p in partial else "circle" for p, _e in points],
                "size": 8,
                # a period too few answered to trust (a small sample) is grey, as on the map
                "color": [NEUTRAL if e.low_n else ACCENT for e in shown],
            },
            "customdata": [e.n for e in shown],
            "hovertext": [locale.figure_text(e, written[p]) + _small(e, locale) for p, e in points],
            "name": locale.kpi_label(kpi),
            "hovertemplate": "%{x}: %{hovertext}<extra></extra>",
        },
    ]
    value_of = {period: est.value for period, est in points}
    flagged = [c for c in changes if c.significant and c.kpi == kpi and c.after in value_of]
    # a period a step and the trend line both flag lists both, in the hover and the table
    marks: dict[str, str] = {}
    for c in flagged:
        text = _change_text(c, locale)
        marks[c.after] = f"{marks[c.after]}; {text}" if c.after in marks else text
    if flagged:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "x": [label[c.after] for c in flagged],
                "y": [rounded(value_of[c.after]) for c in flagged],
                "marker": {
                    "symbol": ["triangle-up" if c.rising else "triangle-down" for c in flagged],
                    "size": 14,
                    "color": [GOOD if c.rising == _better_up(trend) else BAD for c in flagged],
                    "line": {"color": NEUTRAL, "width": 1},
                },
                "text": [marks[c.after] for c in flagged],
                "hoverinfo": "text",
                "name": _("Significant change"),
            }
        )
    layout = _trend_layout(locale, kpi, trend[0][1].target if trend else None)
    caption = kpi_caption(locale, kpi, subject, _("per period, with 95% confidence interval"))
    target = trend[0][1].target if trend else None
    if target is not None:
        caption = with_target(locale, caption, locale.kpi_number(kpi, target))
    number = locale.number
    rows = [
        [label[p], *written[p], number(e.n) + _small(e, locale), marks.get(p, "")] for p, e in trend
    ]
    return Chart(
        id=chart_id(page, f"trend-{kpi}"),
        caption=caption,
        figure={"data": data, "layout": layout},
        table=Table([_("Period"), locale.kpi_label(kpi), _("95% CI"), "n", _("Change")], rows),
        note=_("Grey point: fewer than {n} answers in the period (small sample).").format(
            n=locale.number(confident_from)
        )
        if any(e.low_n for e in shown)
        else "",
    )


# typed: a target of 30 and one of 30.0 are written differently
@lru_cache(maxsize=1 << 8, typed=True)
def _trend_layout(locale: Locale, kpi: str, target: float | None) -> SharedLayout:
    """The layout of a KPI's trend charts: the same on every touchpoint page."""
    shapes = [] if target is None else [target_line(target)]
    return SharedLayout(
        chart_layout(
            locale,
            shapes=shapes,
            xaxis={"type": "category", "tickangle": -45, "automargin": True},
            yaxis={"title": {"text": locale.kpi_label(kpi)}, "zeroline": False},
        )
    )


def _better_up(trend: list[tuple[str, KpiEstimate]]) -> bool:
    return trend[0][1].higher_is_better if trend else True


def _hover(estimate: KpiEstimate, locale: Locale) -> str:
    """A point's figure, interval and n as the page writes them: "5.03 (95% CI 4.98 to 5.08;
    n = 1,110)"."""
    return locale.figure_text(estimate)


def _small(estimate: KpiEstimate, locale: Locale) -> str:
    """ " · small sample" after a shown figure from too few answers to trust; else nothing."""
    if estimate.low_n and estimate.value is not None:
        return " · " + locale.gettext("small sample")
    return ""


def _change_text(change: Change, locale: Locale) -> str:
    d = change.difference
    return locale.gettext("{before} → {after}: {change} (significant)").format(
        before=locale.period(change.before),
        after=locale.period(change.after),
        change=locale.kpi_delta(d.difference, change.kpi, d),
    )


def distribution_chart(
    page: str, kpi: Kpi, counts: dict[int, int], locale: Locale, subject: str = ""
) -> Chart:
    _ = locale.gettext
    scores = list(kpi.scores)
    total = sum(counts.values()) or 1
    values = [counts.get(score, 0) for score in scores]
    colours = [BAND_COLOURS[kpi.band(score)] for score in scores]
    # a yes/no question's answers read as words, a scale's as its numbers
    names = [_("no"), _("yes")] if kpi.id == BINARY else [str(s) for s in scores]
    data = [
        {
            "type": "bar",
            "x": names,
            "y": values,
            "marker": {"color": colours},
            "hovertemplate": "%{x}: %{y}<extra></extra>",
        }
    ]
    layout = _distribution_layout(locale)
    answers = _("distribution of answers (n = {n})")
    rows = [
        [name, locale.number(v), locale.percent(100 * v / total)]
        for name, v in zip(names, values, strict=True)
    ]
    return Chart(
        id=chart_id(page, f"distribution-{kpi.id}"),
        caption=kpi_caption(locale, kpi.id, subject, answers.format(n=locale.number(sum(values)))),
        figure={"data": data, "layout": layout},
        table=Table([_("Score"), _("Answers"), _("Share of answers")], rows),
    )


@lru_cache(maxsize=1 << 4)
def _distribution_layout(locale: Locale) -> SharedLayout:
    """The layout of every distribution chart."""
    _ = locale.gettext
    return SharedLayout(
        chart_layout(
            locale,
            xaxis={"title": {"text": _("Score")}, "type": "category"},
            yaxis={"title": {"text": _("Answers")}},
        )
    )


def comparison_chart(
    kpi: str, touchpoints: list[TouchpointReport], locale: Locale, table: bool = True
) -> Chart:
    """A KPI by touchpoint; `table`: with its data table (a row a touchpoint)."""
    _ = locale.gettext
    shown = [r for r in touchpoints if r.kpis[kpi].value is not None]
    shown.sort(key=lambda r: (r.kpis[kpi].value, r.touchpoint.id))
    estimates = [r.kpis[kpi] for r in shown]
    colours = [{"meets": GOOD, "misses": BAD}.get(e.status, NEUTRAL) for e in estimates]
    # each bar ends at its figure and its error bar at the interval's ends, as the table has
    ends = rounded_each(e.value for e in estimates)
    data = [
        {
            "type": "bar",
            "orientation": "h",
            "y": [r.touchpoint.title for r in shown],
            "x": ends,
            "marker": {"color": colours},
            "error_x": {"color": NEUTRAL, **error_bars(estimates, ends)},
            "customdata": [e.n for e in estimates],
            "hovertext": [_hover(e, locale) for e in estimates],
            "hovertemplate": "%{y}: %{hovertext}<extra></extra>",
        }
    ]
    layout = chart_layout(
        locale,
        height=max(320, 26 * len(shown) + 80),
        margin={"l": 260, "r": 20, "t": 30, "b": 50},
        xaxis={"title": {"text": locale.kpi_label(kpi)}},
        yaxis={"automargin": True},
    )
    data_table = None
    if table:
        data_table = Table(
            [_("Touchpoint"), locale.kpi_label(kpi), _("95% CI"), "n"],
            [
                [
                    r.touchpoint.title,
                    locale.kpi_value(e),
                    locale.kpi_interval(e),
                    locale.number(e.n),
                ]
                for r, e in zip(shown, estimates, strict=True)
            ],
        )
    return Chart(
        id=chart_id("kpis", f"comparison-{kpi}"),
        caption=_("{kpi} by touchpoint, with 95% confidence interval").format(
            kpi=locale.kpi_label(kpi)
        ),
        figure={"data": data, "layout": layout},
        table=data_table,
    )
