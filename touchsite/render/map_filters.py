"""What the overview's filters need to recompute the headline figures in the browser.

The headline KPIs pool the answers of every touchpoint. Filtered by persona, period or the
touchpoint taxonomy, they pool the answers of the touchpoints left: the page gets each
touchpoint's answer counts per period and the rules of touchsite.analyze.kpis (bands,
minimum n, the interval methods' inputs), and app.js sums and estimates as the build does.
"""

from __future__ import annotations

import json

from scipy import stats

from touchsite.analyze.report import Report
from touchsite.analyze.tables import count_tables, to_periods
from touchsite.kpi import PERCENT, POINTS
from touchsite.models import KPIS, OVERALL, Touchpoint
from touchsite.render.i18n import Locale, separators
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


def headline_data(report: Report, locale: Locale) -> str:
    """JSON for the map's script: answer counts per touchpoint and period, and the rules."""
    config = report.project.config
    counts = to_periods(report.feedback.counts, config.rules.period)
    journey = counts[counts["touchpoint"] != OVERALL]
    tables = count_tables(journey, ["touchpoint", "period"])
    answers: dict = {}
    for (touchpoint, period, kpi), table in sorted(tables.items()):
        answers.setdefault(touchpoint, {}).setdefault(period, {})[kpi] = {
            str(score): n for score, n in sorted(table.items())
        }
    decimal, group = separators(locale.babel_locale)
    _ = locale.gettext
    data = {
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
    return script_json(data)


def script_json(data) -> str:
    """JSON to embed in a <script> element: no '<', '>' or '&' that could end or open one."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
