"""Interface text and number formats for the site's language (German and English).

Templates and code write English message ids through gettext (`_()`); the German catalogue is
touchsite/locale/de/LC_MESSAGES/messages.po, read with Babel and compiled in memory, so no
binary .mo file lives in the repository. Numbers and dates are formatted by Babel for the
locale ("42,5 %", "23.11.2026" in German).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import get_decimal_symbol, get_group_symbol

from touchsite.kpi import PERCENT, POINTS, SCORE, kpi_definitions
from touchsite.models import KpiEstimate

LABELS = {
    "de": {
        "digital": "digital",
        "analog": "analog",
        "personal": "persönlich",
        "place": "Ort",
        "person": "Person",
        "marketing": "Marketingmaßnahme",
        "service": "Leistung",
        "product": "Produkt",
        "direct": "direkt",
        "indirect": "indirekt",
        "one-way": "einseitig",
        "two-way": "wechselseitig",
        "price": "Preis",
        "personalization": "Personalisierung",
        "proximity": "Nähe",
        "high": "hoch",
        "medium": "mittel",
        "low": "niedrig",
        "idea": "Idee",
        "planned": "geplant",
        "in-progress": "in Umsetzung",
        "done": "umgesetzt",
        "rejected": "verworfen",
        "meets": "Ziel erreicht",
        "misses": "unter Ziel",
        "low-n": "kleine Stichprobe",
        "withheld": "zu wenige Antworten",
        "no-data": "keine Daten",
        "no-target": "kein Ziel",
        "neukunde": "Neukunde",
        "stammkunde": "Stammkunde",
        "physical_evidence": "Physische Belege",
        "actions": "Kundenaktivitäten",
        "touchpoints": "Touchpoints",
        "channels": "Kanäle",
        "thoughts": "Gedanken & Gefühle",
        "emotion": "Emotion",
        "pain_points": "Schmerzpunkte",
        "needs": "Bedürfnisse",
        "opportunities": "Chancen",
        "frontstage": "Frontstage",
        "backstage": "Backstage",
        "support": "Unterstützungsprozesse",
        "interaction": "Interaktionslinie",
        "visibility": "Sichtbarkeitslinie",
        "internal": "Linie der internen Interaktion",
        "strong": "starke Belege",
        "moderate": "mittlere Belege",
        "weak": "schwache Belege",
        "none": "keine Belege",
        "new": "neu",
        "changed": "geändert",
        "same": "unverändert",
        "as-is": "Ist-Zustand",
        "to-be": "Soll-Zustand",
        "empty": "kein Touchpoint",
        "unmeasured": "ohne Feedback",
        "partial": "teils ohne Feedback",
        "measured": "mit Feedback",
    },
    "en": {
        "one-way": "one-way",
        "two-way": "two-way",
        "in-progress": "in progress",
        "neukunde": "new customer",
        "stammkunde": "regular customer",
        "meets": "meets target",
        "misses": "below target",
        "low-n": "small sample",
        "withheld": "too few answers",
        "no-data": "no data",
        "no-target": "no target",
        "physical_evidence": "Physical evidence",
        "actions": "Customer actions",
        "touchpoints": "Touchpoints",
        "channels": "Channels",
        "thoughts": "Thoughts & feelings",
        "emotion": "Emotion",
        "pain_points": "Pain points",
        "needs": "Needs",
        "opportunities": "Opportunities",
        "frontstage": "Frontstage",
        "backstage": "Backstage",
        "support": "Support processes",
        "interaction": "Line of interaction",
        "visibility": "Line of visibility",
        "internal": "Line of internal interaction",
        "strong": "strong evidence",
        "moderate": "moderate evidence",
        "weak": "weak evidence",
        "none": "no evidence",
        "same": "unchanged",
        "as-is": "as-is",
        "to-be": "to-be",
        "empty": "no touchpoint",
        "unmeasured": "no feedback",
        "partial": "partly without feedback",
        "measured": "with feedback",
    },
}

MONTHS_DE = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Labels, units and decimals do not depend on the configured CES scale.
KPI_LABELS = {kpi.id: kpi.label for kpi in kpi_definitions().values()}


def _kpi_format(kpi: str) -> tuple[str, int]:
    """The unit and decimals a KPI's figure is shown with; any other figure reads as a mean."""
    definition = kpi_definitions().get(kpi)
    return (definition.unit, definition.decimals) if definition else (SCORE, 1)


CATALOGUES = Path(__file__).resolve().parent.parent / "locale"
BABEL_LOCALES = {"de": "de_DE", "en": "en_GB"}


@cache
def separators(locale: str) -> tuple[str, str]:
    """The locale's decimal and grouping symbols from Babel's data (',' and '.' in German).

    Read once: formatting each of thousands of figures through Babel costs 60 µs apiece."""
    return get_decimal_symbol(locale), get_group_symbol(locale)


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalogue; English (the message ids themselves) needs none."""
    path = CATALOGUES / language / "LC_MESSAGES" / "messages.po"
    if not path.is_file():
        return gettext.NullTranslations()
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


class Locale:
    """Text and number formats for one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.german = language == "de"

    def gettext(self, message: str) -> str:
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return translations(self.language).ngettext(singular, plural, n)

    @property
    def babel_locale(self) -> str:
        return BABEL_LOCALES.get(self.language, "en_GB")

    def label(self, value: str) -> str:
        return LABELS.get(self.language, {}).get(value, value)

    def number(self, value: float | int | None, decimals: int = 0) -> str:
        if value is None:
            return "–"
        # Half up, as people round (Python's own formatting rounds 42.5 to 42).
        rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        if rounded == 0:
            rounded = abs(rounded)  # no "−0"
        decimal, group = separators(self.babel_locale)
        text = f"{rounded:,.{decimals}f}".replace(",", "\0").replace(".", decimal)
        return text.replace("\0", group).replace("-", "−")

    def kpi_number(self, kpi: str, value: float | None, extra_decimal: bool = False) -> str:
        """A KPI value in its usual form: NPS signed points, CSAT percent, means one decimal.

        Intervals of means take a second decimal: on large samples they are narrower than 0.1.
        """
        if value is None:
            return "–"
        unit, decimals = _kpi_format(kpi)
        if unit == POINTS:
            text = self.number(value, decimals)
            return text if text.startswith(("−", "0")) else "+" + text
        if unit == PERCENT:
            return self.number(value, decimals) + (" %" if self.german else "%")
        return self.number(value, decimals + 1 if extra_decimal else decimals)

    def kpi_delta(self, delta: float | None, kpi: str) -> str:
        """A KPI's change, always signed: NPS points, CSAT percentage points, means 1 decimal."""
        if delta is None:
            return "–"
        unit, decimals = _kpi_format(kpi)
        text = self.number(delta, decimals)
        if not text.startswith("−") and text.strip("0.,"):
            text = "+" + text
        if unit == PERCENT:
            text += " Pp." if self.german else " pp"
        return text

    def share(self, count: int, total: int) -> str:
        """count as a percentage of total; '–' when there is nothing to divide by."""
        if not total:
            return "–"
        return self.number(100 * count / total) + (" %" if self.german else "%")

    def pvalue(self, p: float) -> str:
        """A p-value as people read it: '< 0,001' below a thousandth, else three decimals."""
        if p < 0.001:
            return "< " + self.number(0.001, 3)
        return self.number(p, 3)

    def signed(self, value: float | None, decimals: int = 0) -> str:
        """A number with its sign, as on the -3..+3 emotion axis: +1,5 / 0 / -2."""
        text = self.number(value, decimals)
        return "+" + text if value is not None and text.strip("0,.") and value > 0 else text

    def kpi_value(self, estimate: KpiEstimate) -> str:
        return self.kpi_number(estimate.kpi, estimate.value)

    def kpi_interval(self, estimate: KpiEstimate) -> str:
        if estimate.low is None or estimate.high is None:
            return "–"
        separator = " bis " if self.german else " to "
        low = self.kpi_number(estimate.kpi, estimate.low, extra_decimal=True)
        high = self.kpi_number(estimate.kpi, estimate.high, extra_decimal=True)
        return low + separator + high

    def date(self, value: dt.date | None) -> str:
        if value is None:
            return "–"
        return format_date(value, format="medium", locale=self.babel_locale)

    def period(self, period: str) -> str:
        """A short label for a month ('Nov 25', 'Mär 26') or a quarter ('Q1 26')."""
        year, part = period.split("-")
        if part.startswith("Q"):
            return f"{part} {year[2:]}"
        names = MONTHS_DE if self.german else MONTHS_EN
        return f"{names[int(part) - 1]} {year[2:]}"
