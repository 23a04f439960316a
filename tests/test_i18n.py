"""Numbers, KPIs and dates formatted for the site's language."""

from __future__ import annotations

import datetime as dt

from touchsite.models import KpiEstimate
from touchsite.render.i18n import Locale

GERMAN, ENGLISH = Locale("de"), Locale("en")


def test_numbers_follow_the_locale():
    assert GERMAN.number(12345.678, 1) == "12.345,7"
    assert ENGLISH.number(12345.678, 1) == "12,345.7"
    assert GERMAN.number(-3) == "−3"


def test_kpi_values_in_their_usual_form():
    assert GERMAN.kpi_number("nps", 17.6) == "+18"
    assert GERMAN.kpi_number("nps", 0.2) == "0"
    assert GERMAN.kpi_number("csat", 42.5) == "43 %"  # half up, not to even
    assert GERMAN.kpi_number("nps", -0.4) == "0"
    assert GERMAN.kpi_number("nps", -17.5) == "−18"
    assert ENGLISH.kpi_number("csat", 76) == "76%"
    assert GERMAN.kpi_number("ces", 5.04) == "5,0"


def test_interval_of_a_mean_keeps_a_second_decimal():
    estimate = KpiEstimate("ces", 4301, 5.004, 4.962, 5.046)
    assert GERMAN.kpi_interval(estimate) == "4,96 bis 5,05"
    assert ENGLISH.kpi_interval(KpiEstimate("nps", 40, -25, -47.9, 1.4)) == "−48 to +1"


def test_dates_and_months():
    assert GERMAN.date(dt.date(2026, 11, 23)) == "23.11.2026"
    assert ENGLISH.date(dt.date(2026, 11, 23)) == "23 Nov 2026"
    assert GERMAN.period("2026-03") == "Mär 26"
    assert GERMAN.gettext("Journey map") == "Journey Map"
    assert ENGLISH.label("in-progress") == "in progress"


def test_every_interface_text_has_a_german_translation():
    # Extract the message ids as `pybabel extract -F babel.cfg` would, from code and templates.
    from babel.messages.extract import extract_from_dir

    from tests.conftest import REPO
    from touchsite.render.i18n import translations

    method_map = [("touchsite/**.py", "python"), ("templates/**.html", "jinja2")]
    options = {"templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    found = {
        message
        for _file, _line, message, _comments, _context in extract_from_dir(
            str(REPO), method_map, options
        )
        if isinstance(message, str)
    }
    assert len(found) > 150
    german = translations("de")
    missing = sorted(m for m in found if german.gettext(m) == m and m not in UNCHANGED)
    assert not missing, "no German translation for:\n" + "\n".join(missing)


# Words that read the same in German.
UNCHANGED = {
    "KPI",
    "Format",
    "Problem",
    "Touchpoint",
    "Touchpoints",
    "Segment",
    "Persona",
    "Personas",
    "Phase",
    "Status",
    "Emotion",
    "Trend",
    "in",
    "Journey Map",
}
