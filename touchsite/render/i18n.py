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
    "A/B test": "A/B-Test",
    "All periods": "Alle Zeiträume",
    "Associational, not causal: a strong driver is where scores and loyalty move together, not proof that improving it raises loyalty. Respondents rate only the touchpoints they met; touchpoint pairs rated together by too few respondents count as uncorrelated.": "Ein Zusammenhang, keine Ursache: Ein starker Treiber heißt, dass Bewertung und Loyalität gemeinsam steigen und fallen, nicht, dass eine Verbesserung die Loyalität sicher hebt. Befragte bewerten nur die Touchpoints, die sie erlebt haben; Touchpoint-Paare, die zu wenige gemeinsam bewertet haben, gelten als unkorreliert.",
    "Business figures": "Geschäftskennzahlen",
    "Channels compared": "Verglichene Kanäle",
    "Comment themes": "Themen in Kommentaren",
    "Correlation": "Korrelation",
    "Critical": "Kritisch",
    "Decided by the A/B test": "Entscheidung durch den A/B-Test",
    "Difference": "Unterschied",
    "Each period against the one before, and a trend line through all periods (weighted by each period's precision), for every touchpoint and KPI. Flagged when significant after Benjamini-Hochberg correction across all these tests, with the periods confidently sized and at least the minimum effect.": "Jeder Zeitraum gegen den vorigen und eine Trendlinie durch alle Zeiträume (gewichtet nach der Genauigkeit jedes Zeitraums), für jeden Touchpoint und jede Kennzahl. Markiert, wenn nach Benjamini-Hochberg-Korrektur über alle diese Tests signifikant, die Zeiträume mit genug Antworten und mindestens der Mindesteffekt.",
    "Emotion": "Emotion",
    "Emotion curve: expected emotion and measured experience per phase (-3..+3).": "Emotionskurve: erwartete Emotion und gemessenes Erlebnis je Phase (−3 bis +3).",
    "Figure": "Kennzahl",
    "Importance": "Bedeutung",
    "Importance: share of explained variance (%)": "Bedeutung: Anteil an der erklärten Varianz (%)",
    "Key drivers of the overall NPS": "Treiber des Gesamt-NPS",
    "Key drivers of the overall NPS: importance against performance": "Treiber des Gesamt-NPS: Bedeutung gegen Leistung",
    "Latest": "Aktuell",
    "Measured experience": "Gemessenes Erlebnis",
    "Measured experience, with 95% CI": "Gemessenes Erlebnis, mit 95-%-KI",
    "Measured values from the client's systems: no sample, so no interval.": "Messwerte aus den Systemen des Unternehmens: keine Stichprobe, daher kein Intervall.",
    "Methods": "Methoden",
    "No change between periods is large and certain enough to flag.": "Keine Veränderung zwischen Zeiträumen ist groß und sicher genug für eine Markierung.",
    "No phase has two channels with enough answers to compare.": "Keine Phase hat zwei Kanäle mit genug Antworten für einen Vergleich.",
    "One face to the customer: channels per phase": "Ein Gesicht zum Kunden: Kanäle je Phase",
    "Overall NPS (relationship)": "Gesamt-NPS (Beziehung)",
    "Performance": "Leistung",
    "Period": "Zeitraum",
    "Positive": "Positiv",
    "Recurring complaints": "Wiederkehrende Kritik",
    "Second variant minus first. Real means: significant after correcting for all tests on the site, both variants with enough answers, and at least the minimum effect.": "Zweite Variante minus erste. Echt heißt: signifikant nach Korrektur über alle Tests, beide Varianten mit genug Antworten und mindestens der Mindesteffekt.",
    "Significant change": "Signifikante Veränderung",
    "Significant changes": "Signifikante Veränderungen",
    "The channels of this phase differ significantly": "Die Kanäle dieser Phase unterscheiden sich signifikant",
    "The pairwise correlations had to be made consistent (nearest positive semi-definite matrix).": "Die paarweisen Korrelationen mussten konsistent gemacht werden (nächste positiv semidefinite Matrix).",
    "Touchpoints below target or significantly below the rest of the journey, ranked by shortfall times answers.": "Touchpoints unter Ziel oder signifikant unter dem Rest der Journey, geordnet nach Rückstand mal Zahl der Antworten.",
    "Variant": "Variante",
    "Verdict": "Ergebnis",
    "Which touchpoints' scores go together with the overall (relationship) NPS of the same respondents. Shapley value regression splits the explained variance among the touchpoints; Johnson's relative weights, computed as a check, agree within": "Welche Touchpoint-Bewertungen gehen mit dem Gesamt-NPS derselben Befragten einher? Die Shapley-Regression teilt die erklärte Varianz auf die Touchpoints auf; Johnsons relative Gewichte, zur Kontrolle berechnet, stimmen bis auf",
    "Within each phase, do the channels' scores differ? Chi-square test (NPS groups, CSAT top-2-box) or ANOVA (CES), corrected for all phases and KPIs; channels with fewer answers than the confidence rule are left out.": "Unterscheiden sich die Kanäle innerhalb einer Phase? Chi-Quadrat-Test (NPS-Gruppen, CSAT-Top-2-Box) oder Varianzanalyse (CES), korrigiert über alle Phasen und Kennzahlen; Kanäle mit zu wenigen Antworten bleiben außen vor.",
    "Words and phrases over-represented in critical versus positive comments (weighted log-odds, z ≥ 1.96).": "Wörter und Wendungen, die in kritischen Kommentaren deutlich häufiger sind als in positiven (gewichtete Log-Odds, z ≥ 1,96).",
    "across touchpoints": "über alle Touchpoints",
    "against the other touchpoints": "gegenüber den übrigen Touchpoints",
    "all": "alle",
    "channels differ": "Kanäle uneinheitlich",
    "corrected": "korrigiert",
    "critical": "kritischen",
    "measured per month": "gemessen je Monat",
    "no significant difference": "kein signifikanter Unterschied",
    "not shown to differ": "kein nachgewiesener Unterschied",
    "per period, with 95% confidence interval": "je Zeitraum, mit 95-%-Konfidenzintervall",
    "percentage points": "Prozentpunkte überein",
    "positive": "positiv",
    "real difference": "echter Unterschied",
    "respondents": "Befragte",
    "significantly below": "signifikant darunter",
    "significantly below the other touchpoints": "signifikant unter den übrigen Touchpoints",
    "to": "bis",
    "weakest": "am schwächsten",
    "significant": "signifikant",
    "trend": "Trend",
    "Printable report": "Bericht zum Drucken",
    "Print": "Drucken",
    "Search": "Suche",
    "Search the touchpoints, recommendations and pages of this report.": "Durchsuchen Sie Touchpoints, Handlungsempfehlungen und Seiten dieses Berichts.",
    "Search needs JavaScript, and the report opened from a web server (not from a folder on disk).": "Die Suche braucht JavaScript und einen Webserver (sie funktioniert nicht, wenn der Bericht aus einem Ordner geöffnet wird).",
    "in": "in",
    "of": "von",
    "and": "und",
    "positive comments": "positiven Kommentaren",
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
    # data-quality page
    "Data quality": "Datenqualität",
    "What the report is made from: each data file, the answers used, and every row left out because it could not be used, grouped by problem.": "Woraus der Bericht besteht: jede Datendatei, die verwendeten Antworten und jede Zeile, die ausgelassen wurde, weil sie nicht verwendbar war, nach Problem gruppiert.",
    "Data files": "Datendateien",
    "File": "Datei",
    "Format": "Format",
    "Rows": "Zeilen",
    "Answers used": "Verwendete Antworten",
    "Left out": "Ausgelassen",
    "Rows left out": "Ausgelassene Zeilen",
    "Column": "Spalte",
    "Problem": "Problem",
    "Examples": "Beispiele",
    "line": "Zeile",
    "touchsite build --strict stops at these problems instead of leaving the rows out.": "touchsite build --strict bricht bei diesen Problemen ab, statt die Zeilen auszulassen.",
    "No problems found: every row was used.": "Keine Probleme gefunden: Jede Zeile wurde verwendet.",
    "Personal data": "Personenbezogene Daten",
    "Comments are not published.": "Kommentare werden nicht veröffentlicht.",
    "Comments are shown as plain text. Removed from the published comments:": "Kommentare erscheinen als reiner Text. Aus den veröffentlichten Kommentaren entfernt:",
    "Comments are shown as plain text. No e-mail addresses, phone numbers, IBANs or street addresses were found in the published comments.": "Kommentare erscheinen als reiner Text. In den veröffentlichten Kommentaren wurden keine E-Mail-Adressen, Telefonnummern, IBANs oder Anschriften gefunden.",
    "E-mail addresses": "E-Mail-Adressen",
    "Phone numbers": "Telefonnummern",
    "IBANs": "IBANs",
    "Street addresses": "Anschriften",
    "Unknown touchpoint": "Unbekannter Touchpoint",
    "Unreadable date": "Unlesbares Datum",
    "Answer is not a number": "Antwort ist keine Zahl",
    "Score outside its scale": "Wert außerhalb der Skala",
    "Repeated answer (same respondent and touchpoint)": "Doppelte Antwort (gleiche Befragte, gleicher Touchpoint)",
    "Wrong number of fields": "Falsche Anzahl an Feldern",
    "No answers in the file": "Keine Antworten in der Datei",
    "long table": "Langformat",
    "wide export": "Breitformat",
    "Qualtrics export": "Qualtrics-Export",
    "SurveyMonkey export": "SurveyMonkey-Export",
    "Google Forms export": "Google-Forms-Export",
    "Typeform export": "Typeform-Export",
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
        "neukunde": "new customer",
        "stammkunde": "regular customer",
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

    def period(self, period: str) -> str:
        """A short label for a month ('Nov 25', 'Mär 26') or a quarter ('Q1 26')."""
        year, part = period.split("-")
        if part.startswith("Q"):
            return f"{part} {year[2:]}"
        names = MONTHS_DE if self.german else MONTHS_EN
        return f"{names[int(part) - 1]} {year[2:]}"
