"""The names of the months a customer or an export writes: read by the dates' formats
(touchsite.load.dates) and by the card search, where a date's year stands before a card's
number (touchsite.load.privacy_patterns). Kept apart, so redaction imports no pandas."""

from __future__ import annotations

import re

# A month's name in English or German (and Austria's "Jänner"), in full or cut short, with a
# full stop after it or none ("März", "Mär.", "Mrz", "Sept."), as the English name in full
# strptime reads (the C locale's names only). A format with %B or %b reads any of them:
# German writes some months in full beside others cut short ("12. März 2026", "1. Okt. 2025").
ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
)
MONTH_NAMES = {
    **{name.lower(): name for name in ENGLISH_MONTHS.split()},
    **{name[:3].lower(): name for name in ENGLISH_MONTHS.split()},
    "sept": "September", "januar": "January", "jänner": "January", "jän": "January",
    "februar": "February", "feber": "February", "febr": "February", "märz": "March",
    "maerz": "March", "mär": "March", "mrz": "March", "mai": "May", "juni": "June",
    "juli": "July", "oktober": "October", "okt": "October", "dezember": "December",
    "dez": "December",
}  # fmt: skip
MONTH_NAME = re.compile(
    rf"\b({'|'.join(sorted(MONTH_NAMES, key=len, reverse=True))})\b\.?", re.IGNORECASE
)
