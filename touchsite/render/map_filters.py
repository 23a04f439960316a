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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from json.encoder import encode_basestring
from operator import itemgetter

from touchsite.analyze import distributions as stats
from touchsite.analyze.report import PhaseReport, Report, TouchpointReport
from touchsite.analyze.tables import CountTable
from touchsite.kpi import PERCENT, POINTS
from touchsite.models import KPIS, Channel, KpiEstimate, Touchpoint
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
            grades = Counter(r.kpis[report.shown_kpi].grade for r in touchpoints)
            ranked = tuple((grade, grades[grade]) for grade in order)
            cells.append(MapGroup(channel, touchpoints, ranked))
        groups.append((phase, cells))
    return groups


def map_script(
    report: Report,
    locale: Locale,
    made: Mapping[str, str] | None = None,
    ahead: tuple[str, str] | None = None,
) -> str:
    """The large map's data as a script (a script loads from a folder on disk too, where a
    browser refuses to fetch JSON): each tile's filter attributes, its figures per period
    (`map_periods`, with the tiles `made`), and the headline's counts. `ahead`: what
    `map_script_ahead` made of the report before the tiles were made."""
    tiles, headline = ahead or map_script_ahead(report, locale)
    data = json_object(
        {"tiles": tiles, "periods": map_periods(report, locale, made), "headline": headline}
    )
    return f"window.touchsiteMap = {data};\n"


def map_script_ahead(report: Report, locale: Locale) -> tuple[str, str]:
    """The parts of `map_script` that need no touchpoint's tile of `map_periods`, as JSON:
    each tile's filter attributes, and the headline's data (`headline_data`). Most of the
    script's time: made while the touchpoint pages (and their tiles) are rendered."""
    config = report.project.config
    tiles = {
        r.touchpoint.id: {
            "personas": " ".join(r.touchpoint.personas),
            **{field: taxonomy_value(r.touchpoint, field) for field, _title in TAXONOMY},
            **{kpi: r.kpis[kpi].grade for kpi in config.kpi_ids},
        }
        for r in report.touchpoints
    }
    return script_json(tiles), headline_data(report, locale)


def map_periods(report: Report, locale: Locale, made: Mapping[str, str] | None = None) -> str:
    """Each tile's KPI grade and text per period ('' = all), for the map's period filter: JSON
    as `script_json` writes it, {touchpoint: {period: {kpi: [grade, value, n, text]}}}.
    `made`: tiles (`MapTile`'s, by touchpoint) made already, where the touchpoints' pages
    were rendered.

    Written as text: at 1,000 touchpoints there are ~40,000 entries, and json sorting the
    dicts of them took a third of the time."""
    made = made or {}
    tile = MapTile(report, locale)
    return json_object(
        {r.touchpoint.id: made.get(r.touchpoint.id) or tile(r) for r in report.touchpoints}
    )


class MapTile:
    """A touchpoint's tile of `map_periods`, {period: {kpi: [grade, value, n, text]}}, as JSON.

    Each tile is written by a %-format the tiles of the same periods share, from its entries
    in the order the touchpoint's report holds them. Made where a touchpoint's page is
    rendered (a worker's of `touchpoint_pages`), which has just written the same figures'
    texts for its trend charts and cards: at 1,000 touchpoints the overview's map made them
    all a second time in the build's process."""

    def __init__(self, report: Report, locale: Locale) -> None:
        self.kpis = sorted(report.project.config.kpi_ids)
        self.entry = _period_entry(locale)
        self.layouts: dict[tuple, tuple[str, Callable]] = {}

    def __call__(self, r: TouchpointReport) -> str:
        kpis, entry = self.kpis, self.entry
        trends = [r.trend[kpi] for kpi in kpis]
        shape = tuple(tuple(map(_first, trend)) for trend in trends)
        layout = self.layouts.get(shape)
        if layout is None:
            layout = self.layouts[shape] = _tile_layout(kpis, shape)
        entries = [entry(r.kpis[kpi]) for kpi in kpis]
        for trend in trends:
            entries.extend([entry(estimate) for _period, estimate in trend])
        form, order = layout
        return form % order(entries)


_first = itemgetter(0)


def _tile_layout(kpis: list[str], shape: tuple[tuple[str, ...], ...]) -> tuple[str, Callable]:
    """A tile's JSON as a %-format, and what picks its entries in the format's order from the
    tile's entries: its figure per KPI, then each KPI's trend (its periods: `shape`)."""
    slots: dict[str, dict[str, int]] = {"": {kpi: index for index, kpi in enumerate(kpis)}}
    index = len(kpis)
    for kpi, periods in zip(kpis, shape, strict=True):
        for period in periods:
            slots.setdefault(period, {})[kpi] = index
            index += 1
    members, order = [], []
    for period in sorted(slots):
        kpi_slots = slots[period]
        names = sorted(kpi_slots)
        kpi_members = ",".join(f"{_percent(_key(kpi))}:%s" for kpi in names)
        members.append(f"{_percent(_key(period))}:{{{kpi_members}}}")
        order.extend(kpi_slots[kpi] for kpi in names)
    form = "{" + ",".join(members) + "}"
    if not order:  # no KPIs: the tile has the empty all-periods entry alone
        return form, lambda entries: ()
    # a single entry comes alone, not in a tuple: `%` takes it as well
    return form, itemgetter(*order)


def _percent(text: str) -> str:
    """`text` in a %-format."""
    return text.replace("%", "%%")


def _period_entry(locale: Locale) -> Callable[[KpiEstimate], str]:
    """A function from an estimate to its period entry's JSON: [grade, value, n, text]. Each
    text is made JSON once: a few grades' texts and a few hundred ns serve ~40,000 entries."""
    forms: dict[tuple, str] = {}  # by grade, KPI and target: the entry's %-format
    values: dict[str, str] = {}
    ns: dict[int, str] = {}

    def entry(estimate: KpiEstimate) -> str:
        grade = estimate.grade
        texts = (grade, estimate.kpi, estimate.target)
        form = forms.get(texts)
        if form is None:
            grade_text = _key(locale.grade(estimate))
            form = forms[texts] = f"[{_percent(_key(grade))},%s,%s,{_percent(grade_text)}]"
        value = locale.kpi_value(estimate)
        value_text = values.get(value)
        if value_text is None:
            value_text = values[value] = _string(value)
        n = estimate.n
        n_text = ns.get(n)
        if n_text is None:
            n_text = ns[n] = _string(locale.number(n))
        return form % (value_text, n_text)

    return entry


def headline_data(report: Report, locale: Locale) -> str:
    """JSON for the map's script: answer counts per touchpoint and period, and the rules to
    estimate from them."""
    config = report.project.config
    decimal, group = separators(locale.babel_locale)
    _ = locale.gettext
    rest = {
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
    members = {key: script_json(value) for key, value in rest.items()}
    return json_object({"answers": answer_counts(report.period_counts), **members})


def answer_counts(period_counts: Mapping[tuple, CountTable]) -> str:
    """JSON of the answers per score, {touchpoint: {period: {kpi: {score: count}}}}, from the
    analysis's tables by (touchpoint, period, kpi): keys sorted, the scores as text.

    Written as text: at 1,000 touchpoints ~30,000 tables hold ~180,000 counts. A table's
    layout (its scores in text order) is made once for all the tables with the same scores."""
    layouts: dict[tuple, tuple[str, Callable]] = {}  # by KPI and scores
    touchpoints: dict[str, str] = {}
    periods: dict[str, str] = {}
    kpis: list[str] = []
    last_touchpoint = last_period = None
    for key in sorted(period_counts):  # sorted: the keys of each level come in order
        table = period_counts[key]
        if not table:  # a key the analysis looked up without counts (a defaultdict's)
            continue
        touchpoint, period, kpi = key
        if period != last_period or touchpoint != last_touchpoint:
            if kpis:
                periods[last_period] = "{" + ",".join(kpis) + "}"
                kpis = []
            if touchpoint != last_touchpoint:
                if periods:
                    touchpoints[last_touchpoint] = json_object(periods)
                    periods = {}
                last_touchpoint = touchpoint
            last_period = period
        layout = layouts.get((kpi, *table))
        if layout is None:
            order = sorted(table, key=str)
            members = ",".join(f"{_key(str(score))}:%d" for score in order)
            # one score's count comes alone, not in a tuple: `%` takes it as well
            form = f"{_percent(_key(kpi))}:{{{members}}}"
            layout = layouts[(kpi, *table)] = (form, itemgetter(*order))
        form, counts = layout
        kpis.append(form % counts(table))
    if kpis:
        periods[last_period] = "{" + ",".join(kpis) + "}"
    if periods:
        touchpoints[last_touchpoint] = json_object(periods)
    return json_object(touchpoints)


@cache
def _key(name: str) -> str:
    """A member's name as JSON (as `script_json` writes it)."""
    return script_json(name)


def json_object(members: Mapping[str, str]) -> str:
    """The JSON object of `members` (each value JSON already, as `script_json` writes it)
    with its keys sorted, as `script_json` writes a dict."""
    return "{" + ",".join(f"{_key(name)}:{members[name]}" for name in sorted(members)) + "}"


def script_json(data) -> str:
    """JSON to embed in a <script> element: no '<', '>' or '&' that could end or open one."""
    return _script_safe(json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")))


def _string(text: str) -> str:
    """`script_json(text)` for a str, without json.dumps's cost per call."""
    return _script_safe(encode_basestring(text))  # what json.dumps writes with ensure_ascii=False


def _script_safe(text: str) -> str:
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
