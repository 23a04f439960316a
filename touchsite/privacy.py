"""Redact personal data from customer comments before anything is published."""

from __future__ import annotations

import re
from collections import Counter

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
IBAN = re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?\b")
PHONE = re.compile(r"(?<![\w+])(?:\+|00|0)[\d(][\d ()./-]{5,}\d(?!\w)")
DATE = re.compile(r"^\d{1,2}\.\d{1,2}\.\d{2,4}$")

LABELS = {
    "de": {"email": "[E-Mail entfernt]", "phone": "[Telefon entfernt]", "iban": "[IBAN entfernt]"},
    "en": {"email": "[email removed]", "phone": "[phone removed]", "iban": "[IBAN removed]"},
}


class Redactor:
    """Replaces e-mail addresses, IBANs and phone numbers; counts what it replaced."""

    def __init__(self, language: str = "de") -> None:
        self.labels = LABELS.get(language, LABELS["en"])
        self.counts: Counter[str] = Counter()

    def __call__(self, text: str) -> str:
        text = EMAIL.sub(lambda m: self._replace("email"), text)
        text = IBAN.sub(lambda m: self._replace("iban"), text)
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
