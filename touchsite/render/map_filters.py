"""What the overview's filters need to recompute the headline figures in the browser.

The headline KPIs pool the answers of every touchpoint. Filtered by persona, period or the
touchpoint taxonomy, they pool the answers of the touchpoints left: the page gets each
touchpoint's answer counts per period and the rules of touchsite.analyze.kpis (bands,
minimum n, the interval methods' inputs), and app.js sums and estimates as the build does.

A large map (more than LARGE_MAP touchpoints) is drawn grouped, a phase's channels collapsed,
with small tiles; what its filters need goes into a script of its own (`map_script`), which
app.js loads when a control is first used, so the overview stays small.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

from touchsite.analyze import distributions as stats
from touchsite.analyze.report import PhaseReport, Report, TouchpointReport
from touchsite.kpi import PERCENT, POINTS
from touchsite.models import KPIS, Channel, Touchpoint
from touchsite.render.i18n import GRADES, Locale, separators
from touchsite.translation import N_

T_TABLE = 100  # beyond, app.js expands the t quantile around the normal one (error < 2e-8)

# The taxonomy a tile carries and the map filters by: (touchpoint field, filter label).
TAXONOMY = (
    ("category", N_("Category")),
    ("type", N_("Type")),
    ("influence", N_("Influence")),
    ("direction", N_("Communication")),
    ("c2c", N_("Customer-to-customer")),
)


def taxonomy_value(touchpoint: Touchpoint, field: str) -> str:
    """A touchpoint's value for a taxonomy filter, as the tile's data attribute holds it."""
    value = getattr(touchpoint, field)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def taxonomy_filters(report: Report, locale: Locale) -> list[tuple[str, str, list[tuple]]]:
    """Per taxonomy field: its label and the (value, label) pairs the touchpoints use."""
    _ = locale.gettext
    names = {"yes": _("yes"), "no": _("no")}
    filters = []
    for field, title in TAXONOMY:
        values = {taxonomy_value(tp, field) for tp in report.project.touchpoints} - {""}
        options = [(v, names.get(v) or locale.label(v)) for v in sorted(values)]
        filters.append((field, _(title), options))
    return filters


LARGE_MAP = 150  # touchpoints; beyond, the overview's map is grouped (see above)


@dataclass(frozen=True)
class MapGroup:
    """A phase x channel cell of a large map: its touchpoints and how many have each grade
    of the primary KPI (every grade, in the legend's order; app.js recounts the tiles a
    filter leaves)."""

    channel: Channel
    touchpoints: tuple[TouchpointReport, ...]
    grades: tuple[tuple[str, int], ...]


def map_groups(report: Report) -> list[tuple[PhaseReport, list[MapGroup]]]:
    """Per phase, its channels that have touchpoints."""
    config = report.project.config
    order = (*GRADES, "low-n", "withheld", "no-target", "no-data")  # every KpiEstimate.grade
    groups = []
    for phase in report.phases:
        cells = []
        for channel in config.channels:
            touchpoints = tuple(r for r in phase.touchpoints if r.touchpoint.channel == channel.id)
            if not touchpoints:
                continue
            grades = Counter(r.kpis[config.primary_kpi].grade for r in touchpoints)
            ranked = tuple((grade, grades[grade]) for grade in order)
            cells.append(MapGroup(channel, touchpoints, ranked))
        groups.append((phase, cells))
    return groups


def map_script(report: Report, locale: Locale) -> str:
    """The large map's data as a script (a script loads from a folder on disk too, where a
    browser refuses to fetch JSON): each tile's filter attributes, its figures per period,
    and the headline's counts."""
    config = report.project.config
    tiles = {
        r.touchpoint.id: {
            "personas": " ".join(r.touchpoint.personas),
            **{field: taxonomy_value(r.touchpoint, field) for field, _title in TAXONOMY},
            **{kpi: r.kpis[kpi].grade for kpi in config.kpi_ids},
        }
        for r in report.touchpoints
    }
    data = {
        "tiles": tiles,
        "periods": map_periods(report, locale),
        "headline": headline_figures(report, locale),
    }
    return f"window.touchsiteMap = {script_json(data)};\n"


def map_periods(report: Report, locale: Locale) -> dict:
    """Each tile's KPI grade and text per period ('' = all), for the map's period filter."""

    # a grade's text by (grade, kpi, target): a few texts for ~40,000 entries at 1,000 touchpoints
    grade_texts: dict[tuple, str] = {}

    def entry(estimate) -> list[str]:
        grade = estimate.grade
        value = locale.kpi_value(estimate) if estimate.value is not None else "–"
        key = (grade, estimate.kpi, estimate.target)
        text = grade_texts.get(key)
        if text is None:
            text = grade_texts[key] = locale.grade(estimate)
        return [grade, value, locale.number(estimate.n), text]

    kpis = report.project.config.kpi_ids
    data = {}
    for r in report.touchpoints:
        periods = {"": {kpi: entry(r.kpis[kpi]) for kpi in kpis}}
        for kpi in kpis:
            for period, estimate in r.trend[kpi]:
                periods.setdefault(period, {})[kpi] = entry(estimate)
        data[r.touchpoint.id] = periods
    return data


def headline_data(report: Report, locale: Locale) -> str:
    """JSON for the map's script: answer counts per touchpoint and period, and the rules."""
    return script_json(headline_figures(report, locale))


def headline_figures(report: Report, locale: Locale) -> dict:
    """Answer counts per touchpoint and period, and the rules to estimate from them."""
    config = report.project.config
    # in any order: the script's JSON sorts the keys
    answers: dict = {}
    for (touchpoint, period, kpi), table in report.period_counts.items():
        if not table:  # a key the analysis looked up without counts (a defaultdict's)
            continue
        answers.setdefault(touchpoint, {}).setdefault(period, {})[kpi] = dict(
            zip(map(str, table), table.values(), strict=True)
        )
    decimal, group = separators(locale.babel_locale)
    _ = locale.gettext
    return {
        "answers": answers,
        "kpis": {
            kpi: {
                "label": definition.label,
                "measure": definition.measure,
                "good": [definition.good.low, definition.good.high],
                "bad": [definition.bad.low, definition.bad.high],
                "higher": definition.higher_is_better,
                "unit": {POINTS: "points", PERCENT: "percent"}.get(definition.unit, "score"),
                "decimals": definition.decimals,
                "target": config.targets.get(kpi),
            }
            for kpi, definition in ((k, config.kpis[k]) for k in KPIS)
        },
        "rules": {"shown": config.rules.min_n_shown, "confident": config.rules.min_n_confident},
        "t975": [round(float(stats.t.ppf(0.975, df)), 9) for df in range(1, T_TABLE + 1)],
        "format": {"decimal": decimal, "group": group, "percent": locale.percent_sign},
        "text": {
            "ci": _("95% CI"),
            "interval": _("{low} to {high}"),
            "target": _("Target"),
            "meets": _("met"),
            "misses": _("missed"),
            "small": _("small sample"),
            "none": _("no answers"),
            "withheld": _("too few answers to show a score"),
            "shown": _("{shown} of {total} touchpoints"),
        },
    }


def script_json(data) -> str:
    """JSON to embed in a <script> element: no '<', '>' or '&' that could end or open one."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
