"""How a column's answers read as a KPI's numbers: labels, leading numbers, 'not used'."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from touchsite.load.mapping.columns import normal
from touchsite.load.mapping.labels import against_words

# "10 - Äußerst wahrscheinlich", "5 = sehr zufrieden", "1 (gar nicht)", "5 Sterne", "4,0": the
# number, in the digits 0-9 (as the engines' query reads it: "５" is no number for either). A
# letter right after the digits makes it a code, not a number: a hexadecimal id ("5f1a2b"),
# "3b" of a questionnaire. A rating out of its scale's points, as Jotform writes its star
# ratings ("4/5"), is its number: a scale has ten points at most, so a month and its year
# ("03/2026", a card's "12/26") is none, nor is a date ("3/12/2026").
LEADING_NUMBER = re.compile(
    r"^\s*([+-]?[0-9]+(?:[.,][0-9]+)?)"
    r"(?:\s*(?:$|[-–—=:]\s*([^\W\d_])|\(|/\s*(?:10|[1-9])\s*$)|\s+([^\W\d_]))",
    re.UNICODE,
)


def leading_number(value: str) -> float | None:
    """The number an answer starts with, if it starts with one. The word after it starts
    with a letter, as the engines' query reads one (\\p{L}): "½" and "Ⅷ" are word
    characters to Python's patterns, and no letters."""
    match = LEADING_NUMBER.match(value)
    if not match:
        return None
    letter = match[2] or match[3]  # none after "$" or "("
    if letter and not letter.isalpha():
        return None
    return float(match[1].replace(",", "."))


def number_text(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else repr(float(number))


@dataclass
class ScoreRule:
    """How one column's answers read as a KPI's numbers."""

    column: int
    labels: dict[str, str]
    not_used: set[str]
    low: int  # the KPI's lowest answer
    not_used_below: int | None = None  # a scale like 0-5 for a 1-5 KPI: 0 = not used
    # a scale of the KPI's points numbered from elsewhere: what to take off a number answered
    # (1 for an NPS coded 1-11); a label names the KPI's own number
    shift: int = 0
    # the answers read by their numbers, each with its number and its first record, gathered
    # over all of a file's chunks: whether they run against their words ("1 = sehr
    # zufrieden") is decided on all of them once the file is read (numbered_against_words),
    # not on the first chunk that shows it (whose best answer need not be the file's, and
    # whose two ends may fall in two chunks)
    numbered: dict[str, tuple[float, int]] = field(default_factory=dict)
    # only the rows whose column (an index) holds one of these values (normal()): a rating
    # column of several KPIs, each row's named in that column (ScoreColumn.where)
    where: tuple[int, frozenset[str]] | None = None

    def new_numbered(self, values: list[str]) -> list[int]:
        """The places among a chunk's distinct `values` of the answers read by their numbers
        that no earlier chunk held (their first records follow: `note_numbered`)."""
        places = []
        for place, value in enumerate(values):
            if value in self.numbered:
                continue
            key = normal(value)
            read = key and key not in self.labels and key not in self.not_used
            if read and leading_number(value) is not None:
                places.append(place)
        return places

    def note_numbered(self, value: str, record: int) -> None:
        """An answer read by its number, first met at `record` (or later than a copy of it
        written with other white space)."""
        known = self.numbered.get(value)
        first = record if known is None else min(known[1], record)
        self.numbered[value] = leading_number(value), first

    def numbered_against_words(self) -> tuple[str, int] | None:
        """The best answer and its first record, where the answers read by their numbers run
        against their words (labels.against_words); else None."""
        numbers = {value: number for value, (number, _) in self.numbered.items()}
        if against_words(numbers) is None:  # (what a finding needs: its words disagree)
            return None
        best = min(numbers, key=numbers.__getitem__)
        return best, self.numbered[best][1]

    def read(self, value: str) -> str:
        key = normal(value)
        if not key or key in self.not_used:
            return ""
        if key in self.labels:
            number = float(self.labels[key])
        else:
            number = leading_number(value)
            if number is None:
                return value.strip()  # left for the checks to report
            number -= self.shift
        if self.not_used_below is not None and self.not_used_below <= number < self.low:
            return ""
        return number_text(number)
