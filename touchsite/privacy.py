"""Redact personal data from customer comments before anything is published.

What is recognised: e-mail addresses, IBANs, phone numbers (German and international
notation) and street addresses where they look like one ("Musterstraße 12", "Hauptstr. 5a",
"Am Lindenhof 3, 12345 Berlin", "221B Baker Street"). Names are not: too many are ordinary
words. Comments are published as text either way; templates escape them.
"""

from __future__ import annotations

import re
from collections import Counter

from touchsite.translation import N_, translations

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
# +49 30 1234567, 0049 (0)30 123456, 030/1234567, (030) 123 45 67, 0171-1234567, +1 415 555 0100
PHONE = re.compile(r"(?<![\w+])(?:\+|00|\(0|0)[\d(][\d ()./-]{5,}\d(?!\w)")
DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}$")
DIGIT = re.compile(r"\d")
_STREET_WORDS = (
    r"stra(?:ß|ss)e|str\.|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|"
    r"markt|hof|berg|graben|kamp|wall|zeile|promenade"
)
_HOUSE = r"\d{1,4}(?:\s?[a-zA-Z])?(?:\s?[-/]\s?\d{1,4}[a-zA-Z]?)?\b"
_TOWN = r"(?:,?\s+\d{5}\s+[A-ZÄÖÜ][\wäöüß-]+(?:\s(?:am|an der|im|in der)\s[A-ZÄÖÜ][\w-]+)?)?"
ADDRESS = re.compile(
    # "Musterstraße 12", "Hauptstr. 5a": a name ending in a street word, then a house number
    rf"\b[A-ZÄÖÜ][\wäöüß-]*(?:{_STREET_WORDS})\s?{_HOUSE}{_TOWN}"
    # "Am Lindenhof 3", "Am Markt 5", "Auf dem Kamp 2" (not "Im Jahr 2025")
    rf"|\b(?:Am|An der|Auf dem|In der|Im|Zum|Zur)\s(?:[A-ZÄÖÜ][\wäöüß-]*)?(?i:{_STREET_WORDS})"
    rf"\s{_HOUSE}{_TOWN}"
    # "221B Baker Street", "12 Main St."
    r"|\b\d{1,5}[A-Z]?\s(?:[A-Z][a-z]+\s){1,3}"
    r"(?:Street|St\.|Road|Rd\.|Avenue|Ave\.|Lane|Ln\.|Drive|Dr\.|Boulevard|Blvd\.)",
    re.UNICODE,
)

# What stands in a published comment where the redacted text was.
LABELS = {
    "email": N_("[email removed]"),
    "phone": N_("[phone removed]"),
    "iban": N_("[IBAN removed]"),
    "address": N_("[address removed]"),
}

# What each kind is called on the data-quality page.
TITLES = {
    "email": N_("E-mail addresses"),
    "phone": N_("Phone numbers"),
    "iban": N_("IBANs"),
    "address": N_("Street addresses"),
}


class Redactor:
    """Replaces e-mail addresses, IBANs, phone numbers and addresses; counts what it replaced."""

    def __init__(self, language: str = "de") -> None:
        catalogue = translations(language)
        self.labels = {kind: catalogue.gettext(label) for kind, label in LABELS.items()}
        self.counts: Counter[str] = Counter()

    def __call__(self, text: str) -> str:
        if "@" in text:
            text = EMAIL.sub(lambda m: self._replace("email"), text)
        if not DIGIT.search(text):  # everything else has a number in it
            return text
        text = IBAN.sub(lambda m: self._replace("iban"), text)
        text = ADDRESS.sub(lambda m: self._replace("address"), text)
        return PHONE.sub(self._phone, text)

    def _replace(self, kind: str) -> str:
        self.counts[kind] += 1
        return self.labels[kind]

    def _phone(self, match: re.Match[str]) -> str:
        candidate = match.group(0)
        digits = sum(char.isdigit() for char in candidate)
        if not 7 <= digits <= 15 or DATE.match(candidate.strip()):
            return candidate
        return self._replace("phone")
