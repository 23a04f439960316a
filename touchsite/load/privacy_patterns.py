"""Where personal data sits in a comment: one finder per kind, each returning spans.

Every finder reads the same normalised text (see privacy.matchable) and returns
(start, end) spans in it; privacy.Redactor decides between overlapping spans and replaces
them in the original text. No finder ever sees another kind's placeholder. The phone
finder comes last and is told the others' spans: its library, by far the slowest part,
reads only texts with digits outside them. The card finder is told the IBANs': a card
number inside an IBAN loses to it (privacy.Redactor reads again where the IBAN lost).

Numbers are checked where a check exists: IBANs by their mod-97 checksum, card numbers by
Luhn's, phone numbers by the numbering plans the `phonenumbers` library knows. Addresses
and obfuscated e-mail addresses have no checksum; their patterns are kept narrow.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import string
from collections.abc import Iterator, Sequence

import phonenumbers

from touchsite.load.months import MONTH_NAME

Span = tuple[int, int]

# What privacy.matchable reads as one space: a run of white space ("4111  1111"), or a line
# break or tab alone ("0171\n7654321" from a comment typed on two lines). In RE2 syntax as
# well: the hints read texts in that form too.
SPACE_CHARACTERS = "\t\n\v\f\r \x85\u2028\u2029"
SPACE_RUN = f"[{SPACE_CHARACTERS}]{{2,}}|[{SPACE_CHARACTERS.replace(' ', '')}]"

# --- e-mail ------------------------------------------------------------------------------

_LOCAL = r"[\w.+-]+"
_LABEL = r"[\w-]+"
# (from a local part's first character only: from each of its others, the pattern read on to
# the end of the run, and "a.a.a. ... @" took quadratic time, four seconds at 50 KB)
_FROM_START = r"(?<![\w.+-])"
EMAIL = re.compile(rf"{_FROM_START}{_LOCAL}@{_LABEL}(?:\.{_LABEL})+")
# "max.mustermann @ gmx.de", "max@firma .de", "max . mustermann @ gmx . de": spaces around
# the "@" or before a dot, then a domain that ends in a top-level domain in one case
# ("Kaffee @ Starbucks.Danke" is a sentence without its space; a sentence's full stop has
# no space before it). EMAIL reads those without a space. A few spaced dots, not any number:
# each start of a long run of "a . a . ..." read to its end.
_SPACED_DOT = r"(?:\.| \. ?)"
SPACED_EMAIL = re.compile(
    rf"{_FROM_START}{_LOCAL}"
    rf"(?:(?: \. ?{_LOCAL}){{1,3}} ?@ ?| @ ?|@ |@(?={_LABEL}(?:\.{_LABEL})* \.))"
    rf"{_LABEL}(?:{_SPACED_DOT}{_LABEL})*{_SPACED_DOT}(?:[a-z]{{2,6}}|[A-Z]{{2,6}})\b"
)
# "max(at)example(dot)com", "max [at] example.com", "max {at} example [dot] de", "max(a)firma.de",
# "max<at>firma<dot>de", "max -at- firma.de", "max[@]firma.de", and an "@" before a dot written
# as a word ("max@firma punkt de"): 66 of 300 such addresses in a probe's comments were
# published whole. (A dash as brackets only around a word of its own: "max-at-firma.de" is one
# word to the local part, and "/at/" or "*at*" read URLs' paths as addresses.)
# The single guillemets are brackets too: NFKC leaves them as they are, and "max‹a›firma.de"
# was published whole.
_OPEN, _CLOSE = r"[(\[{<‹]", r"[)\]}>›]"
_AT = rf"\s?(?:{_OPEN}\s?(?i:at|ät|a|@)\s?{_CLOSE}|-(?i:at|ät)-)\s?"
_BRACKETED_DOT = rf"\s?(?:{_OPEN}\s?(?i:dot|punkt)\s?{_CLOSE}|-(?i:dot|punkt)-)\s?"
_DOT = rf"(?:\.|{_BRACKETED_DOT})"
# The local part's dots are written as words too ("max punkt muster at gmx punkt de"): read
# without them, "max punkt" was published before the address's note. (Its plain dots are
# _LOCAL's: one way only to read "a.b.c", else a long run of them takes exponential time; a
# few words apart, not any number: a long run of "a punkt a punkt ..." took quadratic time.)
_WORD_DOT = r"\s(?i:dot|punkt)\s"
# (each word read whole, never given back: what may follow it starts with a space or a
# bracket)
_LOCAL_WORD = r"[\w.+-]++"
_WRITTEN_LOCAL = rf"{_LOCAL_WORD}(?:(?:{_WORD_DOT}|{_BRACKETED_DOT}){_LOCAL_WORD}){{0,3}}"
_WRITTEN_DOT = rf"(?:{_DOT}|{_WORD_DOT})"  # the domain's: "max(at)gmx punkt de" too
# (from a word's first character only: its every other start would try the same again)
# (a plain "@" only before a domain whose last dot is written: the others are EMAIL's and
# SPACED_EMAIL's to read)
_AT_WRITTEN_DOT = rf"\s?@\s?{_LABEL}(?:\.{_LABEL})*(?:{_BRACKETED_DOT}|{_WORD_DOT})"
OBFUSCATED_EMAIL = re.compile(
    rf"(?<![\w.+-]){_WRITTEN_LOCAL}"
    rf"(?:{_AT}{_LABEL}(?:{_WRITTEN_DOT}{_LABEL})*{_WRITTEN_DOT}|{_AT_WRITTEN_DOT})[A-Za-z]{{2,6}}\b"
)
# "max at example dot com", "max at firma.de": plain words are ambiguous, so only a known
# top-level domain after " dot " or "." makes them an address, and not after a word that
# English puts before "at" a shop's name ("ordered at amazon.de": see NOT_LOCAL_PARTS).
_TLD = r"(?:com|de|org|net|at|ch|eu|info|io|biz|co\.uk|uk|fr|nl|it|es)"
_SPOKEN_DOT = rf"(?:\s(?:dot|punkt)\s|\.|{_BRACKETED_DOT})"
SPOKEN_EMAIL = re.compile(
    rf"\b({_WRITTEN_LOCAL})\s(?:at|ät)\s"
    rf"{_LABEL}(?:{_SPOKEN_DOT}{_LABEL})*{_SPOKEN_DOT}{_TLD}\b",
    re.IGNORECASE,
)
NOT_LOCAL_PART_WORDS = (
    "it me us him her them you we they i one here there this that what which who all "
    "ordered order orders bought buy buying purchased purchase booked book booking found find "
    "available cheaper cheap cheapest price prices shop shopped shopping sold sell selling "
    "online registered register signed login logged account look looked see seen check "
    "checked pay paid payment is was are were be been also only even just now still again "
    "offer offers offered deal deals sale listed posted reviewed review rated delivered "
    "returned reserved subscribed sign up in out back home work store stores "
    "bestellt gekauft gebucht"
)
NOT_LOCAL_PARTS = frozenset(NOT_LOCAL_PART_WORDS.split())


def _spaced(text: str) -> bool:
    """Whether SPACED_EMAIL may match: it has a space beside its "@" or before a dot. Its
    pattern tries every start in every word, a third of a second on the benchmark's 17,000
    comments with an e-mail address written plainly (EMAIL's find)."""
    return " @" in text or "@ " in text or " ." in text


# "at" as OBFUSCATED_EMAIL and SPOKEN_EMAIL write it (an "@" between brackets, or before a
# dot written as a word, too): both patterns try every word start, so a text without it is
# spared them.
WRITTEN_AT = re.compile(
    r"[\s(\[{<‹-](?:at|ät)[\s)\]}>›-]|[(\[{<‹]\s?[a@]\s?[)\]}>›]"
    rf"|{_AT_WRITTEN_DOT}",
    re.IGNORECASE,
)


# What WRITTEN_AT needs, in any case: a bracket (its "a" or "@" between brackets, its "at"
# after one), an "@" and a "dot" or "punkt" (its dot written after a plain "@"), or an "at"
# or "ät" after a dash or white space (its "at" as a word). Their letters have no other case
# in Python's re than their capitals (and the Kelvin sign k's), each of which lower() makes
# the letter; all white space but the space is a character str.isprintable refuses.
WRITTEN_AT_BRACKETS = frozenset("([{<‹")


def _may_write_at(text: str) -> bool:
    """Whether WRITTEN_AT may match: told in C, in a fifth of the time of its search (6 us a
    text), which most texts with an e-mail address (written plainly) are spared. An "at"
    inside a word is none: a third of the benchmark's texts with an address ("Rabatt",
    "Katalog") were searched for nothing."""
    if not WRITTEN_AT_BRACKETS.isdisjoint(text):
        return True
    lower = text.lower()
    if "@" in text and ("dot" in lower or "punkt" in lower):
        return True
    return (
        " at" in lower
        or "-at" in lower
        or " ät" in lower
        or "-ät" in lower
        or (not text.isprintable() and ("at" in lower or "ät" in lower))
    )


def emails(text: str) -> Iterator[Span]:
    patterns: tuple[re.Pattern, ...] = ()
    if "@" in text:
        patterns = (EMAIL, SPACED_EMAIL) if _spaced(text) else (EMAIL,)
    if _may_write_at(text) and WRITTEN_AT.search(text):
        patterns += (OBFUSCATED_EMAIL, SPOKEN_EMAIL)
    for pattern in patterns:
        for match in pattern.finditer(text):
            if pattern is SPOKEN_EMAIL and match.group(1).casefold() in NOT_LOCAL_PARTS:
                continue
            yield match.span()


# --- IBAN --------------------------------------------------------------------------------

# The length of each SEPA country's IBAN; another country's may have 15 to 34 characters.
IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22, "DK": 18,
    "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GI": 23, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MT": 31,
    "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "SE": 24, "SI": 19, "SK": 24, "SM": 27,
}  # fmt: skip
# Each letter of an IBAN as the number that stands for it in the checksum: A 10, ..., Z 35.
IBAN_NUMBERS = {
    ord(letter): str(number) for number, letter in enumerate(string.ascii_uppercase, 10)
}
# A country code, check digits, then characters, in groups separated by single spaces or
# dashes ("DE89-3704-0044-..."), or not. A space after the country code ("DE 89 3704 ...")
# only after a known one, in capitals, before digits alone ("de 89 3704 ...", as typed on
# a phone) or in the groups of four an IBAN is printed in ("nl 91 abna 0417 1643 00": its
# bank's letters were read as words, and its digits published): "am 12 Uhr und ..." would
# be read on otherwise.
IBAN_CANDIDATE = re.compile(
    r"(?:[A-Za-z]{2}|[A-Z]{2} )\d{2}(?:[ -]?[A-Za-z0-9]){11,30}"
    r"|[A-Za-z]{2} \d{2}(?:[ -]?\d){11,30}"
    r"|[A-Za-z]{2} \d{2}(?: [A-Za-z0-9]{4}){2,7}(?: [A-Za-z0-9]{1,3})?",
    re.ASCII,
)
IBAN_SEPARATORS = " -"
# Where a candidate may start: its check digits open a run of digits, right after its two
# letters or after them and a space, so each candidate starts two or three characters before
# a run of two digits or more. Tried only there, not at every character as a search does:
# on the benchmark's texts with an IBAN, the search took about four fifths of the finder's
# time, reading the whole text for letters before two digits.
DIGIT_RUN_STARTS = re.compile(r"[0-9]{2,}")


def iban_valid(compact: str) -> bool:
    """ISO 13616: the country and check digits moved to the end, read as a number mod 97."""
    compact = compact.upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum() or not compact.isascii():
        return False
    expected = IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    return int((compact[4:] + compact[:4]).translate(IBAN_NUMBERS)) % 97 == 1


def _iban_candidate(text: str, position: int) -> re.Match | None:
    """IBAN_CANDIDATE.search(text, position): tried only where a candidate may start
    (DIGIT_RUN_STARTS), from the first on, as the search tries every start from the first.
    (A run found from inside a longer one tries starts whose letters are digits: none match.)"""
    for run in DIGIT_RUN_STARTS.finditer(text, position + 2):
        for start in (run.start() - 3, run.start() - 2):
            if start >= position and (match := IBAN_CANDIDATE.match(text, start)):
                return match
    return None


def ibans(text: str) -> Iterator[Span]:
    position = 0
    while match := _iban_candidate(text, position):
        # The candidate may run on into the next word ("... 0130 00 bitte"): the IBAN is
        # the longest prefix that passes the checksum and has its country's length, or
        # for another country, ends between words or groups. Without one, an IBAN may
        # still start inside the candidate ("Nr12 DE89 ...").
        start, candidate = match.start(), match.group(0)
        position = start + 1
        known = candidate[:2].upper() in IBAN_LENGTHS
        if candidate[2] == " " and not known:
            continue
        for end in range(len(candidate), 0, -1):
            inside = end < len(candidate) and candidate[end] not in IBAN_SEPARATORS
            if candidate[end - 1] in IBAN_SEPARATORS or (inside and not known):
                continue
            if iban_valid(candidate[:end].replace(" ", "").replace("-", "")):
                yield start, start + end
                position = start + end
                break


# --- payment cards -----------------------------------------------------------------------

# Digits in groups separated by one space or dash, the dash perhaps between spaces: "4111
# 1111 1111 1111", "4111-1111-...", "4111 - 1111 - ..."; or by dots, in groups of four to six
# digits only ("4111.1111.1111.1111"), so no date or price joins a run.
DIGIT_GROUPS = re.compile(r"\d{4,6}(?:\.\d{4,6}){2,}|\d+(?:(?: ?- ?| )\d+)*")
GROUP = re.compile(r"\d+")
DIGIT = re.compile(r"\d")
NOT_DIGITS = str.maketrans("", "", " -.")


# Each digit doubled, and its two digits added: the digits Luhn's check doubles count so.
LUHN_DOUBLED = str.maketrans("0123456789", "0246813579")


def luhn_valid(digits: str) -> bool:
    if digits.isascii():  # as the loop below, but each digit's value read in C
        backwards = digits[::-1]
        doubled = backwards[1::2].translate(LUHN_DOUBLED)
        total = sum(backwards[::2].encode()) + sum(doubled.encode()) - ord("0") * len(digits)
        return total % 10 == 0
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


# How a payment card's number starts (ISO/IEC 7812's issuers a customer pays with):
# Mastercard's 2221-2720, American Express, Diners Club and JCB from 3, Visa 4, Mastercard and
# Maestro 5, Discover, Maestro and UnionPay 6
CARD_ISSUER = re.compile(r"2(?:22[1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)|[3-6]")


def cards(text: str, ibans: Sequence[Span] = ()) -> Iterator[Span]:
    """Card numbers, but none in a run of digits inside one of the `ibans` found, none that
    starts where a number named starts and is that number (_named_no_card)."""
    if ibans and not _digit_outside(text, ibans):
        return
    named: set[int] | None = None
    for match in DIGIT_GROUPS.finditer(text):
        if ibans and any(a <= match.start() and match.end() <= b for a, b in ibans):
            continue
        run = match.group(0)
        digits = run.translate(NOT_DIGITS)
        if len(digits) < 13:
            continue  # too few digits for any card number
        groups = [(g.start() + match.start(), g.end() + match.start()) for g in GROUP.finditer(run)]
        for span in _card_runs(text, groups, digits):
            if named is None:
                named = {start for start, _ in named_numbers(text)}
            if span[0] not in named or not _named_no_card(text, span):
                yield span


def _digit_outside(text: str, ibans: Sequence[Span]) -> bool:
    """Whether a digit of `text` lies outside the `ibans` found. Where none does, every run
    of DIGIT_GROUPS starts and ends with a digit of one IBAN (the next one starts with the
    letters of its country), so `cards` would skip them all: a text holding an IBAN, whose
    digits the card hint takes for a card's (a third of the benchmark's sample's texts with
    personal data), is not read for them."""
    done = 0
    for start, end in sorted(ibans):
        if DIGIT.search(text, done, max(start, done)):
            return True
        done = max(done, end)
    return DIGIT.search(text, done) is not None


def _named_no_card(text: str, span: Span) -> bool:
    """Whether a run of a card's digits at `span`, a number a word names (named_numbers), is
    that word's: an article's code after an article's word (gs1_valid: "Art.-Nr.
    4006381333931"), a parcel's (after UPS's "1Z"), or a number no payment card's starts as
    ("Ref. 2022 7851 3344 9012"). A card's number after an invoice's or a reference's word
    is still a card's ("Ref. 4111 1111 1111 1111"; "Bestellnr. 12345 4111 1111 1111 1111"
    names the order's number before it), one that passes GS1's check too (a tenth of the
    cards of 13 or 14 digits: "Rechnung 36625851781288") as well."""
    start, end = span
    digits = text[start:end].translate(NOT_DIGITS)
    parcel = text[max(start - 2, 0) : start].upper() == "1Z"
    article = any(
        _named(match)[0] == start and _article_code(match, digits)
        for match in ORDER_NUMBER.finditer(text)
    )
    return parcel or article or not CARD_ISSUER.match(digits)


def _article_code(match: re.Match, digits: str) -> bool:
    """Whether `digits`, the number an ORDER_NUMBER `match` names, is an article's code: an
    article's word (ARTICLE_WORDS) names it and it passes GS1's check (an invoice's or a
    reference's word names no such code: a mobile's or a card's number that passes the check
    by chance, one in ten, is no article's there)."""
    return ARTICLE_WORD.match(match.string, match.start()) is not None and gs1_valid(digits)


def _card_runs(text: str, groups: list[Span], digits: str) -> Iterator[Span]:
    """The longest runs of whole groups holding 13-19 digits, in a card's groups
    (_card_shaped), that pass Luhn's check; digits glued to letters ("JJD000390007812345", a
    parcel's number) only as the usual 16. The groups are one run's, apart by separators:
    only its ends can touch a letter."""
    sizes = [b - a for a, b in groups]
    ends = list(itertools.accumulate(sizes))  # digits up to each group
    # a date's year, a time's minutes: no group of four before a card's
    tail = _date_tail(text, groups[0][0])
    final = len(groups) - 1
    glued_first = _letter_at(text, groups[0][0] - 1)
    glued_final = _letter_at(text, groups[final][1])
    first = 0
    while first <= final:
        found = None
        before = ends[first - 1] if first else 0
        if digits[before] == "0":  # no issuer's number starts so: "0049 171 ..." is a phone's
            first += 1
            continue
        # from the last group that keeps the run within 19 digits: from the run's last, a
        # run of thousands of short groups ("1 1 1 ...") took quadratic time, 25 s at 50 KB
        for last in range(bisect.bisect_right(ends, before + 19, first) - 1, first - 1, -1):
            count = ends[last] - before
            if count < 13:
                break  # fewer groups hold fewer digits
            glued = (first == 0 and glued_first) or (last == final and glued_final)
            if (
                (count == 16 if glued else count <= 19)
                and _card_shaped(sizes, first, last, tail)
                and luhn_valid(digits[before : ends[last]])
            ):
                found = last
                break
        if found is not None:
            yield groups[first][0], groups[found][1]
            first = found + 1
        else:
            first += 1


# How a card's number is printed, and typed: in groups of four, the last perhaps shorter
# ("4111 1111 1111 1111", "3056 9309 0259 04"), or as American Express and Diners Club print
# theirs ("3782 822463 10005", "3056 930902 5904"); or in one group. Numbers in other groups
# are others' (an Amazon order "302-1234567-1234567", an ISBN "978-3-16-148410-0", "12 34 56
# 78 90 12 34"): one in ten passes Luhn's check (41 of 300 such numbers in a probe's
# comments were published as "[card number removed]").
CARD_GROUPS = ((4, 6, 5), (4, 6, 4))
# What stands before the first group of a run that is the end of a date, a time or a price
# ("am 03.02.2026 4111 1111 1111 1111": the year is no group of the card's run).
DATE_TAIL = ".,:/"
# ... or after a month's name, or a day's number and a comma: "am 3. März 2026 4111 1111 1111
# 1111", "on March 3, 2026 4111 ..." (a year so written was read as a reference's first group,
# and the card number after it published)
YEAR_AFTER = re.compile(rf"(?:{MONTH_NAME.pattern}|\d,)[ \t\u00a0]*\Z", re.IGNORECASE)
# ... or a year alone after a word that a year follows: "Kunde seit 2019 4111 1111 1111 1111",
# "since 2019 ...", "im Jahr 2019 ...", "Karte von 2019 ..." (read as a reference's five groups
# of four, 298 of 300 such card numbers in a probe's comments were published)
YEAR_WORD = re.compile(r"\b(?:seit|since|ab|jahr|von|bis|in|from|until|year)[ \t\u00a0]+\Z", re.I)
YEAR = re.compile(r"(?:19|20)\d\d\b")


def _date_tail(text: str, start: int) -> bool:
    """Whether the group of digits at `start` ends a date, a time or a price (DATE_TAIL,
    YEAR_AFTER), or is a year after a word a year follows (YEAR_WORD)."""
    if not start:
        return False
    before = max(0, start - 16)
    return (
        text[start - 1] in DATE_TAIL
        or bool(YEAR_AFTER.search(text, before, start))
        or bool(YEAR.match(text, start) and YEAR_WORD.search(text, before, start))
    )


def _card_shaped(sizes: list[int], first: int, last: int, tail: bool = False) -> bool:
    """Whether the groups first..last of a run (of `sizes` digits each) are a card's: in
    one of its shapes, and not a part of a longer run of groups of four (a reference's
    "7365 1234 5678 9012 3456", whose first sixteen digits pass Luhn's check one time in
    ten; a shorter group after a card, its security code, may follow). `tail`: the run's
    first group ends a date, a time or a price, and is none of those groups."""
    if first == last:
        return True
    shape = tuple(sizes[first : last + 1])
    if shape in CARD_GROUPS:
        return True
    if any(size != 4 for size in shape[:-1]) or shape[-1] > 4:
        return False
    reads_on = last + 1 < len(sizes) and shape[-1] == 4 and sizes[last + 1] == 4
    after_four = first and sizes[first - 1] == 4 and not (first == 1 and tail)
    return not reads_on and not after_four


def _letter_at(text: str, index: int) -> bool:
    return 0 <= index < len(text) and text[index].isalpha()


# --- phone numbers -----------------------------------------------------------------------

# Regions whose national notation ("0171 1234567", "044 668 18 00", "020 7946 0958") is
# read; numbers in international notation ("+44 20 ...", "0049 ...") are read whatever the
# region. The UK's: an English report's customers write them (836 of 836 were published).
PHONE_REGIONS = ("DE", "AT", "CH", "GB")
# North American national notation in its own unmistakable forms, "(555) 123-4567",
# "555-123-4567", "555.123.4567", "1-800-555-0199": each is taken for a number without the
# library, which rejects the area code 555 and the exchange 555 (874 of 874 such numbers
# were published), though their shape is a phone's all the same. An area code starts with
# 2-9: "123-456-7890" (an article's, a code's) is none; a number a word like "Bestellnr."
# names is none either (ORDER_NUMBER).
NANP = re.compile(
    r"(?<![\w+.-])(?:1[ -])?"
    r"(?:\([2-9]\d\d\) ?\d{3}-|[2-9]\d\d-\d{3}-|[2-9]\d\d\.\d{3}\.)\d{4}(?![\w-]|[.,]\d)"
)
INTERNATIONAL = re.compile(r"\+|00[1-9]")
# "0830-0930" is a valid German number and far more often a time range.
TIME_RANGE = re.compile(r"(?:[01]\d|2[0-3])[0-5]\d ?- ?(?:[01]\d|2[0-3])[0-5]\d")
# "02.12.2024" is a valid Solingen number (0212) to the library, and far more often a date.
DATE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])([./-])(?:0?[1-9]|1[0-2])\1(?:\d\d)?\d\d")
# ... and with the hour of a time after it, "02.03.2026 08:17" (Duisburg's 0203 to the
# library, "02.03.2026 08" taken for a number): as German Excel writes a date and time
DATE_HOUR = re.compile(DATE.pattern + r",? (?:[01]?\d|2[0-3])(?=[:.h]\d\d)")
# The tail of a number written with extension groups: "08142/65 24 8-0" (the library
# stops after "08142/65"), never running into a date, a time or the next number.
TAIL = re.compile(r"(?: ?[/-] ?| )\d{1,4}(?![\d.,:])")
# "Tel. 7654321": a local number without area code, recognised only after a phone word.
KEYWORD_NUMBER = re.compile(
    r"\b(?:tel|telefon|telefonnummer|tel\.-nr|rufnummer|handy|handynummer|mobil|mobilnummer"
    r"|fon|fax|durchwahl|phone|call|mobile|cell)\b\.?(?: ?nr\.?)?:? ?(\+?\d[\d /-]{3,18}\d)\b",
    re.IGNORECASE,
)
MIN_DIGITS, MAX_DIGITS = 5, 15
# "Bestellnr. 0233-5717-42", "order #07635859": a number an order's, an invoice's or a
# customer's number word names is no phone, even where it starts with 0 (the mirror of
# KEYWORD_NUMBER; 82 of 863 such order numbers were published as "[Telefon entfernt]"). A
# German compound with "nummer"/"nr", or an English word with "no", "number", "id" or "#":
# "wegen der Bestellung 0171 1234567 anrufen" names no number, nor does a contract's or an
# account's number word (a mobile contract's number is its phone number). The number named
# ends where another may start: at a group after a space or a slash that starts with 0
# ("Kundennummer 4711 / 0171 1234567", "Kundennr. 123456 0171 1234567": the phone after it
# was published).
# An invoice's, an article's, a book's or a reference's number is named by the word alone
# too ("invoice 0203 2026", "Rechnung 0203 2026", "Artikel 01234567890", "ISBN
# 9783161484100", "Ref. 2022 7851 3344 9012": 270 of 300 such numbers in a probe's comments
# were published as "[Telefon entfernt]"), but for a number after it that has a phone's
# shape, or in a comment that asks for a call (named_numbers): a customer may leave theirs there
# ("wegen der Rechnung 0171 1234567 anrufen", "Rechnung 030 1234567"). So does an order's,
# a delivery's, a parcel's, a return's, a complaint's, a ticket's or a voucher's word alone
# ("Bestellung 0449927490 fehlt", "Sendung 0122828643", "Retoure 0123456789", "Order
# 0957142831 missing": 248 of 300 such numbers from 0 in a probe's comments were published as
# "[Telefon entfernt]").
_NAMED = r"(\d+(?:-\d+|[ /](?!0)\d+){0,6})\b"
# The words of ORDER_NUMBER that name an article's code (an EAN, a GTIN, a UPC, an ISBN), as
# the start of its compounds too ("Artikelnummer", "item #"): GS1's check digit tells such a
# code from a card's number after these words alone (_named_no_card)
ARTICLE_WORDS = r"artikel|article|item|art\.-nr\.|isbn|ean|gtin|upc|sku"
ARTICLE_WORD = re.compile(ARTICLE_WORDS, re.IGNORECASE)
# The words of an order's, a delivery's, a ticket's or a voucher's number, alone (the second
# alternative of ORDER_NUMBER; their compounds with "nummer" are its first)
ORDER_WORDS = (
    r"bestellung|auftrag|lieferschein|sendung|paket|retoure|rücksendung|reklamation|vorgang"
    r"|order|ticket|gutschein|voucher|return|parcel|shipment"
)
ORDER_NUMBER = re.compile(
    r"\b(?:(?:bestell|auftrags|rechnungs|kunden|vorgangs|sendungs|liefer|ticket|referenz"
    r"|buchungs|reservierungs|artikel)-?(?:nummer|nr\b\.?)|(?:order|invoice|customer|ticket"
    r"|case|reference|booking|tracking|article|item)(?: ?(?:no\b\.?|nr\b\.?|number|id\b)"
    rf"| ?#))(?: ?#)?:? ?{_NAMED}"
    rf"|\b(?:rechnung|invoice|{ARTICLE_WORDS}|ref\.|referenz|reference|{ORDER_WORDS})"
    r"(?:\b|(?<=\.))"
    rf":? ?(?!\+){_NAMED}",
    re.IGNORECASE,
)
# ... (ORDER_NUMBER's second alternative) where the number has a phone's shape: a mobile's,
# international notation's (but an unbroken ten digits from "00": "Rechnung 0012345678" is
# the invoice's, 143 of 300 such numbers in a probe's comments were published as "[Telefon
# entfernt]"; a phone's "0041 44 668 18 00", "0049301234567" are longer or grouped), or an
# area code and a subscriber's five digits or more, in one group or in groups of two to four
# as phones are written ("0211 123 45 67", "030 123 4567": after an order's word, 300 of 300
# such numbers in a probe's comments were published; a group from 0 still ends the number)
PHONE_SHAPED = re.compile(r"01[5-7]|00(?!\d{8}\b)|0\d{1,4}[ /-](?:\d{5}|\d{2,4}(?: \d{2,4})+\b)")
# ... or where the comment asks to be called: "Rechnung 02111234567 bitte anrufen" (a
# landline typed without a space after its area code, 300 of 300 such numbers in a probe's
# comments were published); "Artikel 02111234567 fehlt" names the article's
CALL_WORD = re.compile(
    r"\b(?:an|zurück)?ruf(?:en|e|t|st)?\b|\b(?:rück|an)ruf|\banzurufen\b|\berreich(?:bar|en)\b"
    r"|\btelefon|\bcall(?:ed|ing|back)?\b|\breach me\b|\bring me\b|\bphone me\b",
    re.IGNORECASE,
)
# What every CALL_WORD holds, in lower case: a text without any is spared the pattern (a
# tenth of the CPU it takes on the benchmark's texts with digits)
CALL_STEMS = ("ruf", "erreich", "telefon", "call", "reach me", "ring me", "phone me")


def asks_for_call(text: str) -> bool:
    """Whether `text` asks to be called: it holds a CALL_WORD."""
    folded = text.lower().replace("ı", "i").replace("i\u0307", "i")  # "ı", "İ" as "i" to re
    return any(stem in folded for stem in CALL_STEMS) and CALL_WORD.search(text) is not None


# An article's code (EAN-13, UPC-A, GTIN-14, EAN-8) is named by its word and passes GS1's
# check: whatever its shape, it is the article's (an EAN after "Art.-Nr." passed Luhn's
# check one time in ten and was published as "[card number removed]"; a UPC from 015-017 is
# a mobile's shape, and was published as "[Telefon entfernt]").
GS1_LENGTHS = (8, 12, 13, 14)


def gs1_valid(digits: str) -> bool:
    """GS1's check digit: the digits before it weighted 3 and 1 from the right."""
    if len(digits) not in GS1_LENGTHS or not digits.isdigit() or not digits.isascii():
        return False
    body = [int(digit) for digit in reversed(digits[:-1])]
    total = 3 * sum(body[::2]) + sum(body[1::2])
    return (10 - total % 10) % 10 == int(digits[-1])


def _named(match: re.Match) -> Span:
    """The span of the number an ORDER_NUMBER match names."""
    return match.span(match.lastindex or 1)


# UPS's tracking numbers: "1Z" and sixteen characters, often all digits, which passed as a
# card's number glued to letters one time in ten, or from "00" as a phone's in international
# notation ("Tracking 1Z1234560312345678")
UPS_TRACKING = re.compile(r"(?<![A-Za-z0-9])1Z([A-Z0-9]{16})\b", re.IGNORECASE)


class CallUntold(Exception):
    """named_numbers needs to know whether the comment a part of it reads asks for a call."""


# what `called` is where `text` is a part of a comment, and the rest not read yet
UNTOLD = object()


def named_numbers(text: str, called: bool | object | None = None) -> list[Span]:
    """The spans of the numbers an order's, an invoice's, an article's or a reference's word
    names (ORDER_NUMBER), and of UPS's tracking numbers' characters after "1Z";
    `called`: whether the whole comment asks for a call (asks_for_call), where `text` is a
    part of it. A number word always names its number; a word alone (ORDER_NUMBER's second
    alternative) not a phone-shaped number (PHONE_SHAPED), nor one from 0 in a comment that
    asks for a call, but an article's code (_article_code) where none is asked for. (Whether a
    call is asked for is read only for a number from 0 after a word alone: few texts.)"""
    named = []
    for match in ORDER_NUMBER.finditer(text):
        number = match.group(2)
        if number is not None:
            if number.startswith("0"):
                if called is None:
                    called = asks_for_call(text)
                elif called is UNTOLD:
                    raise CallUntold
                if called:
                    continue
            if PHONE_SHAPED.match(number) and not _article_code(match, number):
                continue
        named.append(_named(match))
    if "1Z" in text or "1z" in text:
        named += [match.span(1) for match in UPS_TRACKING.finditer(text)]
    return named


# What an order's number is read as by the library: a letter, which no number holds ("x"
# would be an extension's).
NAMED = "q"

# Where the library could find a number at all: in national notation of DE, AT and CH a
# number starts with the trunk prefix 0, in international notation with + (or 00), then
# five digits or more, apart by no more than a few spaces or separators. Most comments with
# digits (a date "12.03.2024", an order "4711-0815", "2 Monteure, 45 Minuten") have no such
# run, and skipping the library there keeps redaction fast on large exports.
DIGIT_RUN = re.compile(r"(?<![\d])(?:\+|\(?0)(?:[\s()./-]{0,3}\d){5,}")
# A number the library finds in their notation starts so too: it also takes one without
# the prefix for a German number ("1683" of "1683,46 €", "16.45 Uhr", "Bestellnummer
# 169988") wherever another number in the comment, a phone's or a date's, made it read.
# Either start may stand in brackets: "(030) 1234567", "(+49) 171 1234567".
NATIONAL_START = re.compile(r"[(\[]? ?[0+]")
# A sentence's end: the library reads on past ". " ("am 09.11.2024. 49 % Rabatt" was one
# number to it, and "bis 27.8. 0171 1234567" none), so it reads ", " there instead (of the
# same length: its spans are the text's).
SENTENCE_END = re.compile(r"\. ")
# ... but for the dot after an area code, a number after it ("Tel. 0711. 1234567", typed
# so): the library reads that number whole. (A date's or a time's last part is none: a dot,
# a colon or a dash stands before it.)
AREA_CODE_DOT = re.compile(r"(?<![\w.,:/-])0\d{2,4}(\. )(?=\d)")


# How far past its last digit a phone number's checks read: the library looks at the
# character after a number (or after an extension's "#") and at a time's ":mm" after it.
PHONE_CONTEXT = 6


def phones(text: str, taken: Sequence[Span] = ()) -> tuple[Span, ...]:
    """Phone numbers; the library reads the text only where a run of digits lies outside
    the `taken` spans (the other kinds' finds: an IBAN's digits make no phone number) and
    the numbers it found so far. What follows the last digit's context cannot change the
    finds but by a call asked for there (asks_for_call), so texts that differ only there
    are read once (comments that add a few words to one sentence with a number)."""
    last = _last_numeric(text)
    if last < 0:
        return ()
    end = last + 1 + PHONE_CONTEXT
    taken = tuple((a, min(b, end)) for a, b in taken if a < end)
    read = _phones if end <= CACHED_LENGTH else _phone_finds
    # (cut, whether the comment asks for a call is told; else read where a number needs it)
    if end >= len(text):
        return read(text, taken, None)
    # whether the comment asks for a call is read where a number needs it alone: few texts
    try:
        return read(text[:end], taken, UNTOLD)
    except CallUntold:
        return read(text[:end], taken, asks_for_call(text))


# The last decimal digit: the numeric characters of ASCII are its digits, so after it only
# characters outside ASCII can be numeric ("½", "²", "Ⅻ").
LAST_DIGIT = re.compile(r"(?s:.*)\d")


def _last_numeric(text: str) -> int:
    """Where the last numeric character is (-1: nowhere)."""
    found = LAST_DIGIT.match(text)
    last = found.end() - 1 if found else -1
    if not text[last + 1 :].isascii():
        for index in range(len(text) - 1, last, -1):
            if text[index].isnumeric():
                return index
    return last


# The caches of finds below hold the texts they were asked about, for as long as the process
# lives (a preview's: for hours): a text longer than this is read again where it comes again,
# so they hold at most 49,152 texts of 500 characters, however long the comments: 23 MiB
# of German text, 47 MiB where each holds a character past Latin-1, 94 MiB where each holds
# one past the Basic Multilingual Plane, as an emoji is. None of the benchmark's comments is
# longer.
CACHED_LENGTH = 500


def _phone_finds(
    text: str, taken: tuple[Span, ...], called: bool | object | None
) -> tuple[Span, ...]:
    return tuple(_phone_spans(text, taken, called))


_phones = functools.lru_cache(maxsize=1 << 14)(_phone_finds)


def _phone_spans(
    text: str, taken: tuple[Span, ...], called: bool | object | None = None
) -> Iterator[Span]:
    """`phones` of `text` whole; `called`: whether the comment `text` is a part of asks to
    be called (None: whether `text` does; UNTOLD: not known yet, CallUntold raised where
    it is needed)."""
    orders = named_numbers(text, called)
    covered = [*taken, *orders]
    for match in NANP.finditer(text):
        if not _within(match.start(), match.end(), orders):
            covered.append((match.start(), _with_tail(text, match.start(), match.end())))
            yield covered[-1]
    if _uncovered(text, covered):
        sentences = _unnamed(_sentences(text), orders)
        # Each pass of the library costs about a millisecond: the international pass runs
        # only where its notation occurs, and a region's pass only while a run of digits
        # is left that no number found so far covers.
        for region in PHONE_REGIONS:
            if not _uncovered(text, covered):
                break
            for match in _matches(sentences, region, phonenumbers.Leniency.VALID):
                raw = match.raw_string
                if not NATIONAL_START.match(raw):
                    continue
                if _within(match.start, match.end, orders):
                    continue
                hour = DATE_HOUR.match(text, match.start)
                if (
                    TIME_RANGE.fullmatch(raw)
                    or DATE.fullmatch(raw)
                    or (hour and hour.end() == match.end)
                ):
                    covered.append((match.start, match.end))  # no number: not read again
                    continue
                covered.append((match.start, _with_tail(text, match.start, match.end)))
                yield covered[-1]
        # A number in international notation is one even where the plan's metadata does
        # not know its range (the UK's "+44 7700 900xxx" kept free for fiction, new ranges),
        # but not with fewer than MIN_DIGITS after its country code: the library takes the
        # ids of "Bestellung N0043000" and "A0049123" for Austrian and German numbers (3,000
        # of a probe's 250,000 comments naming such ids lost them as "[Telefon entfernt]").
        if INTERNATIONAL.search(text):
            for match in _matches(sentences, PHONE_REGIONS[0], phonenumbers.Leniency.POSSIBLE):
                national = phonenumbers.national_significant_number(match.number)
                if (
                    INTERNATIONAL.match(match.raw_string)
                    and len(national) >= MIN_DIGITS
                    and not _within(match.start, match.end, orders)
                ):
                    yield match.start, _with_tail(text, match.start, match.end)
    for match in KEYWORD_NUMBER.finditer(text):
        digits = sum(char.isdigit() for char in match.group(1))
        if MIN_DIGITS <= digits <= MAX_DIGITS:
            yield match.span(1)


def _sentences(text: str) -> str:
    """`text` with each sentence's end (SENTENCE_END) but an area code's dot made ", "."""
    kept = {found.start(1) for found in AREA_CODE_DOT.finditer(text)}
    if not kept:
        return text.replace(". ", ", ")
    return SENTENCE_END.sub(lambda end: end[0] if end.start() in kept else ", ", text)


def _unnamed(text: str, orders: Sequence[Span]) -> str:
    """`text` with each number an order's number word names made letters (of its length: the
    library's spans are the text's). Read with the digits before it, the library found no
    number in "Kundennr. 123456 0171 1234567", and the phone number was published."""
    for start, end in orders:
        text = text[:start] + NAMED * (end - start) + text[end:]
    return text


def _within(start: int, end: int, spans: Sequence[Span]) -> bool:
    """Whether start..end lies inside one of the spans."""
    return any(a <= start and end <= b for a, b in spans)


def _uncovered(text: str, spans: Sequence[Span]) -> bool:
    """Whether a run of digits that may be a phone number reaches outside every span."""
    return any(
        not _within(match.start(), match.end(), spans)
        for pattern in (DIGIT_RUN, NANP)
        for match in pattern.finditer(text)
    )


def _matches(text: str, region: str, leniency: int) -> Iterator[phonenumbers.PhoneNumberMatch]:
    return iter(phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency))


def _with_tail(text: str, start: int, end: int) -> int:
    digits = sum(char.isdigit() for char in text[start:end])
    while tail := TAIL.match(text, end):
        digits += sum(char.isdigit() for char in tail.group(0))
        if digits > MAX_DIGITS:
            break
        end = tail.end()
    return end


# --- addresses ---------------------------------------------------------------------------

# Street words that end a street's name ("Musterstraße", "Karl-Marx-Allee", "Hauptstr.",
# "Bahnhofstr 12": a house number follows, no word goes on in "str").
_STREET_END = r"stra(?:ß|ss)e|str\.?|weg|allee|platz|gasse|ring|damm|ufer|chaussee|pfad"
# Street words that follow "Am", "An der", ... ("Am Markt 5", "Auf dem Kamp 2").
_STREET_AFTER = (
    rf"{_STREET_END}|steig|markt|hof|berg|graben|kamp|wall|zeile|promenade|anger|feld|garten"
)
# "Nr." before the house number: "Goethestraße Nr. 5"
_NUMBER_WORD = r"(?: Nr\.?)?"
_HOUSE = r"\d{1,4}(?: ?[a-zA-Z])?(?: ?[-/] ?\d{1,4}[a-zA-Z]?)?\b(?![.,]\d)"
# an optional German (5 digits), Austrian or Swiss (4) postcode and town after the street
_TOWN = r"(?:,? \d{4,5} [A-ZÄÖÜ][\wäöüß-]+(?: (?:am|an der|im|in der) [A-ZÄÖÜ][\w-]+)?)?"
_NAME = r"[\wäöüßÄÖÜ-]"
# A street's name read from any word's start (a "-" starts one) is read that far at most:
# unbounded, each start of a long hyphenated run ("0-0-0-...", 50 KB) read to its end, and
# one such comment took two minutes. Germany's longest street names have about 50 characters.
_LONGEST_NAME = 64

# English street words, each with its abbreviation where it has one (ADDRESS reads both,
# HINTS' address hint too)
_ENGLISH_STREETS = (
    ("Street", "St"),
    ("Road", "Rd"),
    ("Avenue", "Ave"),
    ("Lane", "Ln"),
    ("Drive", "Dr"),
    ("Boulevard", "Blvd"),
    ("Court", "Ct"),
    ("Place", "Pl"),
    ("Terrace", None),
    ("Square", None),
    ("Way", None),
)

ADDRESS = re.compile(
    # "Musterstraße 12", "HAUPTSTRASSE 5", "musterstraße 12", "Karl-Marx-Allee 90"
    rf"\b{_NAME}{{1,{_LONGEST_NAME}}}?(?i:{_STREET_END}){_NUMBER_WORD} ?{_HOUSE}{_TOWN}"
    # "Am Lindenhof 3", "Auf dem Kamp 2" (not "Im Jahr 2025", "Auf dem Weg 3 Mal")
    rf"|\b(?:Am|An der|An den|Auf dem|Auf der|In der|Im|Zum|Zur) "
    rf"(?!(?:Weg|Platz|Feld|Garten) )(?:[A-ZÄÖÜ]{_NAME}*(?:e|en|er) )?(?:[A-ZÄÖÜ]{_NAME}*)?"
    rf"(?i:{_STREET_AFTER}){_NUMBER_WORD} {_HOUSE}{_TOWN}"
    # "Lange Str. 4", "Berliner Straße 5", "Berliner Str 12" (not "Der Weg 3": see NOT_STREETS)
    rf"|\b[A-ZÄÖÜ]{_NAME}{{0,{_LONGEST_NAME}}}(?:e|er) "
    r"(?:Stra(?:ß|ss)e|Str\.?|Weg|Allee|Gasse|Platz|Ring|Damm)"
    rf"{_NUMBER_WORD} {_HOUSE}{_TOWN}"
    # "Zur Mühle 7, 12345 Musterdorf": any name, but only with postcode and town
    rf"|\b(?:Am|An der|An den|Auf dem|Auf der|In der|Im|Zum|Zur) [A-ZÄÖÜ]{_NAME}+ {_HOUSE}"
    rf",? \d{{4,5}} [A-ZÄÖÜ][\wäöüß-]+"
    # "Unter den Linden 77", "Hinter der Mauer 4"
    rf"|\b(?:Unter|Hinter|Vor|Über) (?:den|der|dem) [A-ZÄÖÜ]{_NAME}+ {_HOUSE}{_TOWN}"
    # "Straße des 17. Juni 135", "Platz der Republik 1", "Allee der Kosmonauten 12"
    rf"|\b(?i:stra(?:ß|ss)e|platz|allee|ring|weg) (?:des|der|am|im|zum|zur|vom) "
    rf"(?:[A-ZÄÖÜ\d]{_NAME}*\.? ){{0,3}}{_HOUSE}{_TOWN}"
    # "221B Baker Street", "12 Main St.", "4 Privet Drive"
    r"|\b\d{1,5}[A-Z]? (?:[A-Z][a-z]*\.? ){1,4}"
    + "(?:"
    + "|".join(word + (rf"|{short}\b\.?" if short else "") for word, short in _ENGLISH_STREETS)
    + r")\b"
    # "PO Box 1234", "P.O. Box 12"
    r"|\bP\.? ?O\.? Box \d{1,6}\b",
)
# Nouns that end in a street word but name no street: "Bahnsteig 1/2", "Parkplatz 3".
NOT_STREET_WORDS = (
    "Parkplatz Stellplatz Sitzplatz Arbeitsplatz Spielplatz Sportplatz Tiefgaragenplatz "
    "Rückweg Heimweg Hinweg Umweg Ausweg Lieferweg Anfahrtsweg Zahlungsweg Versandweg "
    "Schlüsselring Dichtungsring "
    # articles and pronouns before a street word: "Der Weg 3 Stunden lang"
    "Der Die Das Jeder Jede Dieser Diese Unser Unsere Einer Eine Keine Meine Deine "
    "Seine Ihre Ihrer Welcher Welche Andere Erste Zweite Dritte Nächste Letzte Ganze"
)
NOT_STREETS = frozenset(NOT_STREET_WORDS.casefold().split())


# Not kept: a search first for what any alternative needs (a street word before a house
# number, an opening word and a name before one, an English street word after one), to spare
# the pattern texts without it. Python's re tried its case-insensitive words at every
# character as the pattern does: on the benchmark's texts the address hint passes it took
# twice the pattern's time, and a corpus of varied texts saved a fifth.
def addresses(text: str) -> Iterator[Span]:
    for match in ADDRESS.finditer(text):
        first = match.group(0).split(" ", 1)[0].casefold()
        if first in NOT_STREETS or first.rsplit("-", 1)[-1] in NOT_STREETS:
            continue
        yield match.span()


# The finds of the texts read last, of the kinds the term counter takes out too: the terms of
# every comment are counted with its e-mail and street addresses taken out (term_counts), and
# the sample's redaction reads the same texts again in the process that counted them (on the
# benchmark, 10,000 of the sample's 200,000 comments hold an e-mail address). Functions of the
# module, not made by a function: a Redactor, which holds them, is sent to the comments' worker.
def _emails_kept(text: str) -> tuple[Span, ...]:
    return _emails_cached(text) if len(text) <= CACHED_LENGTH else tuple(emails(text))


def _addresses_kept(text: str) -> tuple[Span, ...]:
    return _addresses_cached(text) if len(text) <= CACHED_LENGTH else tuple(addresses(text))


@functools.lru_cache(maxsize=1 << 15)
def _emails_cached(text: str) -> tuple[Span, ...]:
    return tuple(emails(text))


@functools.lru_cache(maxsize=1 << 15)
def _addresses_cached(text: str) -> tuple[Span, ...]:
    return tuple(addresses(text))


FINDERS = {
    "email": _emails_kept,
    "iban": ibans,
    "card": cards,
    "address": _addresses_kept,
    "phone": phones,
}

# Patterns every text holding a kind matches, all of them, in its own or its NFKC form, or
# either with each run of white space one space (privacy.matchable's text is the NFKC form
# with DASHES made "-" and SPACE_RUN made " "): wide nets in RE2
# syntax, so Arrow spares a finder most texts of a large export at once. They must stay
# wider than the finders above.
# Outside ASCII's letters and digits: wider than "no letter or number" (every ASCII letter and
# digit is one), and it compiles in a twentieth of the time, which Arrow spends again on each
# call (the e-mail hint's Unicode classes, case-folded, took 3 ms a call: 16 calls a build).
_NOT_ALNUM = r"[^A-Za-z0-9]"
# Dashes NFKC leaves alone but people type in numbers ("0171 – 123 45 67"): privacy.matchable
# makes them "-".
DASH_CHARACTERS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63"


def _caseless(words: str) -> str:
    """`words` in any case, as Python's IGNORECASE reads them: RE2's case folding does not
    take "ı" and "İ" for "i" (it does take "ſ" for "s" and the Kelvin sign for "k")."""
    return "(?i:" + words.replace("i", "[iıİ]") + ")"


HINTS = {
    # EMAIL's "@"; OBFUSCATED_EMAIL's and SPOKEN_EMAIL's "at" between brackets or spaces,
    # OBFUSCATED_EMAIL's "a" between brackets, each of its _OPEN and _CLOSE ("max<a>firma.de")
    "email": (
        rf"@|{_NOT_ALNUM}(?i:at|ät){_NOT_ALNUM}"
        rf"|{_OPEN}{_NOT_ALNUM}?(?i:a){_NOT_ALNUM}?{_CLOSE}",
    ),
    # a house number or postcode, and a street word or one of the words opening a street
    "address": (
        r"\p{Nd}",
        # ("str" only before what may follow it in ADDRESS: a dot, a space or the number)
        _caseless(_STREET_AFTER.replace(r"str\.?", r"str[. \p{Nd}]"))
        + r"|(?:Am|An|Auf|In|Im|Zum|Zur|Unter|Hinter|Vor|Über) "
        # ADDRESS's English street words and "Box", each ending a word (its \b): what follows
        # is no ASCII word character (any other may be none of Python's either, which reads
        # a few more letters than RE2 does); a bare "St" matched every "Stunde"
        + "|(?:"
        + "|".join(word for pair in _ENGLISH_STREETS for word in pair if word)
        + r"|Box)(?:[^A-Za-z0-9_]|$)",
    ),
    # IBAN_CANDIDATE's country code and check digits (ASCII only, as it reads them), and
    # the 11 characters at least that follow them in an IBAN iban_valid passes (15 in all),
    # each after one separator at most (a dash as matchable makes it one): "bis 17 Uhr"
    # held a country code and check digits, and sent a quarter of the texts with personal
    # data's characters in the benchmark to the finders for nothing
    "iban": (rf"[A-Za-z]{{2}} ?[0-9]{{2}}(?:[ \-{DASH_CHARACTERS}]?[A-Za-z0-9]){{11}}",),
    # DIGIT_GROUPS' 13 digits at least, each group apart by a space, a dash (perhaps between
    # spaces) or a dot
    "card": (rf"\p{{Nd}}(?:(?: ?[\-{DASH_CHARACTERS}] ?|[ .])?\p{{Nd}}){{12}}",),
    # What lets the phone finder find anything: DIGIT_RUN's "+" or "0" and five digits (its
    # separators any three characters), NANP's three groups, a KEYWORD_NUMBER word with a
    # digit after it (the keywords' longest tails and punctuation are 18 characters).
    "phone": (
        r"[+0](?s:.{0,3}\p{Nd}){5}"
        r"|\p{Nd}{3}(?s:.{1,2})\p{Nd}{3}(?s:.)\p{Nd}{4}"
        r"|"
        + _caseless("tel|fon|fax|durchwahl|phone|call|mobil|handy|rufnummer|cell")
        + r"(?s:.){0,20}\p{Nd}",
    ),
}
