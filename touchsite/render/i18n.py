"""Interface text and number formats for the site's language (German and English).

Templates write English message ids; German comes from the table below.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from touchsite.models import KpiEstimate

GERMAN = {
    "Skip to content": "Zum Inhalt springen",
    "Main navigation": "Hauptnavigation",
    "Overview": "Übersicht",
    "KPIs": "Kennzahlen",
    "Recommendations": "Handlungsempfehlungen",
    "Data": "Daten",
    "answers": "Antworten",
    "Made with touchsite": "Erstellt mit touchsite",
    "no answers": "keine Antworten",
    "too few answers to show a score": "zu wenige Antworten für einen Wert",
    "95% CI": "95-%-KI",
    "small sample": "kleine Stichprobe",
    "small n": "kleines n",
    "Target": "Ziel",
    "target": "Ziel",
    "met": "erreicht",
    "missed": "verfehlt",
    "Data as table": "Daten als Tabelle",
    "Priority": "Priorität",
    "Impact": "Wirkung",
    "Effort": "Aufwand",
    "KPI": "Kennzahl",
    "Owner": "Verantwortlich",
    "Due": "Fällig",
    "Touchpoints": "Touchpoints",
    "Customer journey of": "Customer Journey von",
    "touchpoints in": "Touchpoints in",
    "phases": "Phasen",
    "survey answers": "Antworten aus Befragungen",
    "Headline KPIs": "Kennzahlen im Überblick",
    "Journey map": "Journey Map",
    "Colour by": "Einfärben nach",
    "Persona": "Persona",
    "All personas": "Alle Personas",
    "Legend": "Legende",
    "meets target": "Ziel erreicht",
    "below target": "unter Ziel",
    "no data": "keine Daten",
    "Pain points": "Schmerzpunkte",
    "Touchpoints below target, ranked by shortfall times answers.": "Touchpoints unter Ziel, geordnet nach Abstand zum Ziel mal Anzahl Antworten.",
    "No touchpoint is clearly below its target.": "Kein Touchpoint liegt deutlich unter seinem Ziel.",
    "Top recommendations": "Wichtigste Handlungsempfehlungen",
    "No open recommendations.": "Keine offenen Handlungsempfehlungen.",
    "All recommendations": "Alle Handlungsempfehlungen",
    "Type": "Art",
    "Category": "Kategorie",
    "Influence": "Einfluss",
    "Communication": "Kommunikation",
    "Customer-to-customer": "Kunde-zu-Kunde",
    "yes": "ja",
    "no": "nein",
    "Personas": "Personas",
    "Expected emotion": "Erwartete Emotion",
    "Value proposition": "Nutzenversprechen",
    "No survey answers for this touchpoint yet.": "Für diesen Touchpoint gibt es noch keine Antworten.",
    "By segment": "Nach Segment",
    "Segment": "Segment",
    "Comments": "Kommentare",
    "Latest comments, personal data removed.": "Neueste Kommentare, personenbezogene Daten entfernt.",
    "No comments.": "Keine Kommentare.",
    "More comments": "Weitere Kommentare",
    "No recommendations for this touchpoint.": "Keine Handlungsempfehlungen zu diesem Touchpoint.",
    "KPI comparison": "Kennzahlen im Vergleich",
    "Every figure with its 95% confidence interval and its number of answers (n). Scores from fewer than 10 answers are not shown; fewer than 30 are marked as a small sample and not coloured.": "Jede Kennzahl mit 95-%-Konfidenzintervall und Anzahl der Antworten (n). Werte aus weniger als 10 Antworten werden nicht gezeigt; unter 30 Antworten gelten als kleine Stichprobe und werden nicht eingefärbt.",
    "By phase": "Nach Phase",
    "Phase": "Phase",
    "All touchpoints": "Alle Touchpoints",
    "By touchpoint": "Nach Touchpoint",
    "Touchpoint": "Touchpoint",
    "Charts": "Diagramme",
    "Page not found": "Seite nicht gefunden",
    "This page does not exist (any more).": "Diese Seite gibt es nicht (mehr).",
    "Back to the overview": "Zurück zur Übersicht",
    # chart text
    "Month": "Monat",
    "Score": "Wert",
    "Answers": "Antworten",
    "Share of answers": "Anteil der Antworten",
    "Lower bound": "Untergrenze",
    "Upper bound": "Obergrenze",
    "Expected emotion (mean of touchpoints)": "Erwartete Emotion (Mittel der Touchpoints)",
    "Measured NPS": "Gemessener NPS",
    "Emotion curve: expected emotion and measured NPS per phase.": "Emotionskurve: erwartete Emotion und gemessener NPS je Phase.",
    "per month, with 95% confidence interval": "pro Monat, mit 95-%-Konfidenzintervall",
    "distribution of answers": "Verteilung der Antworten",
    "by touchpoint, with 95% confidence interval": "nach Touchpoint, mit 95-%-Konfidenzintervall",
    "Impact and effort of the recommendations": "Wirkung und Aufwand der Handlungsempfehlungen",
    "Recommendation": "Handlungsempfehlung",
    "Status": "Status",
    "all touchpoints": "alle Touchpoints",
    # changes page
    "Changes": "Änderungen",
    "Changes since revision": "Änderungen seit Revision",
    "Nothing changed.": "Nichts hat sich geändert.",
    "Added": "Neu",
    "Removed": "Entfernt",
    "Moved": "Verschoben",
    "Edited": "Bearbeitet",
    "Before": "Vorher",
    "Now": "Jetzt",
    "Change": "Veränderung",
    "Text changed": "Text geändert",
    "significant": "signifikant",
    "not significant": "nicht signifikant",
    "Each figure with its 95% confidence interval and its number of answers (n). A change is marked significant when chance alone hardly explains it (an approximate z-test on the two intervals).": "Jede Kennzahl mit 95-%-Konfidenzintervall und Anzahl der Antworten (n). Eine Veränderung gilt als signifikant, wenn der Zufall allein sie kaum erklärt (ein näherungsweiser z-Test auf den beiden Intervallen).",
}

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
    },
    "en": {
        "one-way": "one-way",
        "two-way": "two-way",
        "in-progress": "in progress",
        "meets": "meets target",
        "misses": "below target",
        "low-n": "small sample",
        "withheld": "too few answers",
        "no-data": "no data",
        "no-target": "no target",
    },
}

MONTHS_DE = ("Jan", "Feb", "Mär", "Apr", "Mai", "Jun", "Jul", "Aug", "Sep", "Okt", "Nov", "Dez")
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

KPI_LABELS = {"nps": "NPS", "csat": "CSAT", "ces": "CES"}


class Locale:
    """Text and number formats for one language."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.german = language == "de"

    def gettext(self, message: str) -> str:
        return GERMAN.get(message, message) if self.german else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)

    def label(self, value: str) -> str:
        return LABELS.get(self.language, {}).get(value, value)

    def number(self, value: float | int | None, decimals: int = 0) -> str:
        if value is None:
            return "–"
        # Half up, as people round (Python's own formatting rounds 42.5 to 42).
        rounded = Decimal(repr(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        text = f"{abs(rounded) if rounded == 0 else rounded:,.{decimals}f}"  # no "−0"
        if self.german:
            text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
        return text.replace("-", "−")

    def kpi_number(self, kpi: str, value: float | None, extra_decimal: bool = False) -> str:
        """A KPI value in its usual form: NPS signed points, CSAT percent, means one decimal.

        Intervals of means take a second decimal: on large samples they are narrower than 0.1.
        """
        if value is None:
            return "–"
        if kpi == "nps":
            text = self.number(value)
            return text if text.startswith(("−", "0")) else "+" + text
        if kpi == "csat":
            return self.number(value) + (" %" if self.german else "%")
        return self.number(value, 2 if extra_decimal else 1)

    def kpi_delta(self, delta: float | None, kpi: str) -> str:
        """A KPI's change, always signed: NPS points, CSAT percentage points, means 1 decimal."""
        if delta is None:
            return "–"
        text = self.number(delta, 0 if kpi in ("nps", "csat") else 1)
        if not text.startswith("−") and text.strip("0.,"):
            text = "+" + text
        if kpi == "csat":
            text += " Pp." if self.german else " pp"
        return text

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
        return value.strftime("%d.%m.%Y") if self.german else value.isoformat()

    def month(self, period: str) -> str:
        """A short month label for chart axes: 'Nov 25' / 'Mär 26'."""
        year, month = period.split("-")
        names = MONTHS_DE if self.german else MONTHS_EN
        return f"{names[int(month) - 1]} {year[2:]}"
