"""What every chart shares: the Chart and Table types, its id, the layout and the colours."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

from touchsite.models import KpiEstimate
from touchsite.render.i18n import Locale, separators

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


# One encoder for every chart (json.dumps with options makes a new one per call). A figure is
# a tree the chart functions build, never a cycle: no check for one.
FIGURE_JSON = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True, separators=(",", ":"), check_circular=False
)


class SharedLayout(dict):
    """A chart layout that many charts share (a touchpoint page's trend charts of a KPI, its
    distribution charts): its JSON is written once, not once a chart. Shared, so read it,
    never change it."""

    @cached_property
    def json(self) -> str:
        return script_safe(FIGURE_JSON.encode(self))


@dataclass(frozen=True)
class Chart:
    id: str
    caption: str
    figure: dict = field(compare=False)
    table: Table | None = None
    # a key to a mark only some charts draw (a trend's grey point): under the caption
    note: str = ""

    @property
    def figure_json(self) -> str:
        figure = self.figure
        layout = figure.get("layout")
        if type(layout) is SharedLayout and len(figure) == 2 and "data" in figure:
            # the keys in order, as FIGURE_JSON writes them
            data = script_safe(FIGURE_JSON.encode(figure["data"]))
            return f'{{"data":{data},"layout":{layout.json}}}'
        return script_safe(FIGURE_JSON.encode(figure))


def script_safe(text: str) -> str:
    """JSON safe inside <script>: no "</script>" or HTML comment can close the element early."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_NOT_IN_ID = re.compile(r"[^a-z0-9]+")


def chart_id(page: str, name: str) -> str:
    return "chart-" + _NOT_IN_ID.sub("-", f"{page}-{name}".lower()).strip("-")


def chart_layout(locale: Locale, **extra) -> dict:
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


def kpi_caption(locale: Locale, kpi: str, subject: str, what: str) -> str:
    return " ".join(part for part in (locale.kpi_label(kpi), subject, what) if part)


def target_line(target: float) -> dict:
    """A target as a chart draws it: a dashed line across the plot, which its caption names
    (`with_target`): a line no caption names reads as any other reference."""
    return {
        "type": "line",
        "xref": "paper",
        "x0": 0,
        "x1": 1,
        "y0": target,
        "y1": target,
        "line": {"color": BAD, "dash": "dash", "width": 1},
    }


def with_target(locale: Locale, caption: str, target: str) -> str:
    """A caption naming the dashed target line its chart draws (`target_line`), the target
    written as the page writes it."""
    # TRANSLATORS: after a chart's caption, "NPS per period; dashed line: target +20"
    return locale.gettext("{caption}; dashed line: target {target}").format(
        caption=caption, target=target
    )


def rounded(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)


def rounded_each(values: Iterable[float | None], digits: int = 2) -> list[float | None]:
    """`rounded` of each value (one call for a chart's points, not one a point)."""
    return [None if value is None else round(value, digits) for value in values]


def error_bars(estimates: Iterable[KpiEstimate], ends: Iterable[float | None]) -> dict:
    """Plotly's asymmetric error bars from each point as drawn (`ends`) to its interval's ends,
    as the table writes them. An end of exactly 0 is an end: tested against None, not for
    truth, or a bar from -0.4 to 0.0 lost its upper half. A point not drawn has no bar."""
    above, below = [], []
    for e, end in zip(estimates, ends, strict=True):
        if end is None:
            above.append(None)
            below.append(None)
            continue
        high = e.high if e.high is not None else e.value
        low = e.low if e.low is not None else e.value
        above.append(rounded(max(0.0, high - end)))
        below.append(rounded(max(0.0, end - low)))
    return {"type": "data", "symmetric": False, "array": above, "arrayminus": below}
