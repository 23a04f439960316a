"""The fast redaction (Arrow's gates and hints, many texts at once, memoised, the term
counter's word kinds) gives every text exactly what the plain rule gives it: every finder
on every text, pass after pass until a pass changes nothing.

The plain rule here is written out in its slow, obvious form (every character normalised
on its own, Luhn's check digit by digit, every run of groups tried with its own letters),
so a faster finder is checked against it, not against itself.
"""

from __future__ import annotations

import itertools
import re
import string
import unicodedata
from collections import Counter

import pyarrow as pa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import make_config
from tests.test_privacy_patterns import NEGATIVES, PIECES, POSITIVES, luhn
from touchsite.load import privacy_patterns as patterns
from touchsite.load.months import MONTH_NAMES
from touchsite.load.privacy import DASHES, MAX_PASSES, PRIORITY, Redactor
from touchsite.load.term_counts import WORD_KINDS, TermCounter

SETTINGS = settings(
    derandomize=True,
    database=None,
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# --- the plain rule -----------------------------------------------------------------------


def plain_cards(text: str):
    for match in patterns.DIGIT_GROUPS.finditer(text):
        groups = [(g.start(), g.end()) for g in patterns.GROUP.finditer(text, *match.span())]
        digits = "".join(text[a:b] for a, b in groups)
        if len(digits) < 13:
            continue
        ends = list(itertools.accumulate(b - a for a, b in groups))
        first = 0
        while first < len(groups):
            found = None
            before = ends[first - 1] if first else 0
            if digits[before] == "0":  # no card number starts with 0
                first += 1
                continue
            for last in range(len(groups) - 1, first - 1, -1):
                count = ends[last] - before
                if count < 13:
                    break
                start, end = groups[first][0], groups[last][1]
                glued = (start > 0 and text[start - 1].isalpha()) or (
                    end < len(text) and text[end].isalpha()
                )
                shaped = _plain_card_shape(text, groups, first, last)
                if (
                    (count == 16 if glued else count <= 19)
                    and shaped
                    and luhn(digits[before : ends[last]])
                ):
                    found = last
                    break
            if found is None:
                first += 1
            else:
                yield groups[first][0], groups[found][1]
                first = found + 1


def _plain_card_shape(text: str, groups: list, first: int, last: int) -> bool:
    """Groups of four, the last perhaps shorter, "4-6-5" or "4-6-4", or one group; groups of
    four not read on by another group of four on either side."""
    sizes = "-".join(str(b - a) for a, b in groups[first : last + 1])
    if "-" not in sizes or sizes in ("4-6-5", "4-6-4"):
        return True
    before = groups[first - 1][1] - groups[first - 1][0] if first > 0 else 0
    if (
        first == 1
        and groups[0][0] > 0
        and (
            text[groups[0][0] - 1] in ".,:/"
            or _month_before(text[: groups[0][0]])
            or _year_after_word(text, groups[0])
        )
    ):
        before = 0  # a date's year, or a year alone after "seit", "since"...
    after = groups[last + 1][1] - groups[last + 1][0] if last + 1 < len(groups) else 0
    if sizes.endswith("-4") and after == 4:
        return False
    return bool(re.fullmatch(r"(?:4-)+[1-4]", sizes)) and before != 4


def _month_before(text: str) -> bool:
    """Whether `text` ends in a month's name (months.MONTH_NAMES), a full stop after it or
    none, or in a day's number and a comma: a date's year follows."""
    text = text.rstrip(" \t\u00a0")
    if text.endswith(",") and text[-2:-1].isdigit():
        return True
    text = text.removesuffix(".")
    word = re.search(r"[^\W\d_]*$", text)[0]
    before = text[: len(text) - len(word)]
    return word.lower() in MONTH_NAMES and not before[-1:].isalnum()


def _year_after_word(text: str, group: tuple[int, int]) -> bool:
    """Whether the group is a year (19xx, 20xx) after a word a year follows ("seit 2019")."""
    start, end = group
    year = text[start:end]
    if end - start != 4 or year[:2] not in ("19", "20"):
        return False
    word = re.search(r"(\w+)[ \t\u00a0]+$", text[max(0, start - 16) : start])
    words = ("seit", "since", "ab", "jahr", "von", "bis", "in", "from", "until", "year")
    return bool(word) and word.group(1).lower() in words


def plain_iban_valid(compact: str) -> bool:
    compact = compact.upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum() or not compact.isascii():
        return False
    expected = patterns.IBAN_LENGTHS.get(compact[:2])
    if expected is not None and len(compact) != expected:
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def plain_ibans(text: str):
    iban_valid = patterns.iban_valid
    patterns.iban_valid = plain_iban_valid
    try:
        yield from list(patterns.ibans(text))
    finally:
        patterns.iban_valid = iban_valid


def plain_phones(text: str, taken: list) -> list:
    return list(patterns._phone_spans(text, tuple(taken)))  # the whole text, not cached


def plain_emails(text: str):
    """Every e-mail pattern on every text (the finder reads only those a pattern may match)."""
    for pattern in (
        patterns.EMAIL,
        patterns.SPACED_EMAIL,
        patterns.OBFUSCATED_EMAIL,
        patterns.SPOKEN_EMAIL,
    ):
        for match in pattern.finditer(text):
            spoken = pattern is patterns.SPOKEN_EMAIL
            if not (spoken and match.group(1).casefold() in patterns.NOT_LOCAL_PARTS):
                yield match.span()


PLAIN_FINDERS = {
    "email": plain_emails,
    "iban": plain_ibans,
    "card": plain_cards,
    "address": patterns.addresses,
    "phone": plain_phones,
}


def plain_redaction(text: str, kinds=tuple(PLAIN_FINDERS), language="de") -> tuple[str, Counter]:
    labels = Redactor(language).labels
    counts: Counter = Counter()
    for _ in range(MAX_PASSES):
        plain, origin = "", []
        for index, char in enumerate(text):
            normal = unicodedata.normalize("NFKC", char.translate(DASHES))
            for each in normal:
                if each in patterns.SPACE_CHARACTERS:
                    if plain.endswith(" "):  # a run of white space is one space
                        continue
                    each = " "
                plain += each
                origin.append(index)
        spans = []
        for kind in kinds:
            find = PLAIN_FINDERS[kind]
            found = find(plain, [s[:2] for s in spans]) if kind == "phone" else find(plain)
            spans += [(start, end, kind) for start, end in found if end > start]
        kept = []
        for start, end, kind in sorted(spans, key=lambda s: (s[0] - s[1], PRIORITY[s[2]], s[0])):
            if all(end <= a or start >= b for a, b, _ in kept):
                kept.append((start, end, kind))
        redacted, done = "", 0
        for start, end, kind in sorted(kept):
            redacted += text[done : origin[start]] + labels[kind]
            done = origin[end - 1] + 1
            counts[kind] += 1
        redacted += text[done:]
        if redacted == text:
            break
        text = redacted
    return text, counts


# --- generated comments -------------------------------------------------------------------


def _with_check_digit(body: str) -> str:
    return next(body + digit for digit in string.digits if luhn(body + digit))


def _grouped(digits: str, size: int, separator: str) -> str:
    return separator.join(digits[i : i + size] for i in range(0, len(digits), size))


def _iban(country: str, bban: str) -> str:
    number = int("".join(str(int(c, 36)) for c in bban + country + "00"))
    return f"{country}{98 - number % 97:02d}{bban}"


# superscript digits: NFKC makes them ASCII ("DE⁸⁹ ³⁷⁰⁴ ...")
RAISED = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
separator = st.sampled_from(["", " ", "-", " - ", "/", ".", "\u2013", "\u00a0"])
card = st.builds(
    _grouped,
    st.from_regex(r"[3-6][0-9]{11,17}", fullmatch=True).map(_with_check_digit),
    st.sampled_from([4, 3, 5, 20]),
    st.sampled_from(["", " ", "-"]),
)
iban = st.builds(
    _iban,
    st.sampled_from(["DE", "AT", "GB", "CH", "NL", "XK", "FR"]),
    st.from_regex(r"[0-9A-Z]{11,26}", fullmatch=True),
).flatmap(
    lambda value: st.sampled_from(
        [value, value.lower(), _grouped(value, 4, " "), _grouped(value, 4, " ").translate(RAISED)]
    )
)
PHONES = [
    "0171 2345678", "0171-2345678", "+49 171 2345678", "+49 (0)30 1234 5678", "0049 89 1234567",
    "(030) 123 45 67", "030/123 45-6", "089 / 12 34 56", "+44 20 7946 0958", "+44 7700 900123",
    "+1 415 555 0100", "(555) 123-4567", "555-123-4567", "555.123.4567", "+41 44 668 18 00",
    "044 668 18 00", "+43 1 534220", "01 534220", "Tel. 7654321", "Handy: 0151/12345678",
    "Fax 030 12345-99", "tel.-nr.: +49 30 123456", "０１７１ ２３４５６７８",
    "+49\u202f30\u202f1234567", "0171\u20132345678", "⓪①⑦① ①②③④⑤⑥⑦", "⁰¹⁷¹ ²³⁴⁵⁶⁷⁸",
]  # fmt: skip
EMAILS = [
    "max.mustermann@example.org", "a.b+c@firma.de", "erika(at)example(dot)de",
    "max [at] example.com", "max at example dot com", "info ät firma punkt de",
    "max＠example.com", "x﹫y.de", "ｍａｘ＠ｅｘａｍｐｌｅ．ｄｅ",
    "max.mustermann @ gmx.de", "max@firma .de", "max . mustermann @ gmx . de", "m@ web.de",
    "max<a>firma.de", "max < A > firma.de", "max<a>firma<dot>de", "max＜ａ＞firma.de",
    "max﹤a﹥firma.de", "max（ａｔ）firma.de",
    # in characters NFKC makes ASCII outside the fullwidth forms, and single guillemets
    "max ⓐⓣ gmx.de", "max ᵃᵗ gmx.de", "max(ᵃ)firma.de", "max(ª)firma.de", "max‹𝐚>firma.de",
    "max‹a›firma.de", "max⁽a⁾firma.de", "𝗺𝗮𝘅@firma.de", "max@ⓕⓘⓡⓜⓐ.de",
]  # fmt: skip
phone = st.sampled_from(PHONES) | st.from_regex(
    r"(?:\+[1-9][0-9]?|00[1-9]|0)[0-9 /()-]{5,16}[0-9]", fullmatch=True
)
email = st.sampled_from(EMAILS) | st.from_regex(
    r"[a-z0-9._+-]{1,10}@[a-z0-9-]{1,8}(\.[a-z]{2,4}){1,2}", fullmatch=True
)
digits = st.one_of(
    st.from_regex(r"[0-9]{1,22}", fullmatch=True),
    st.from_regex(r"[0-9 ./:,+()-]{1,30}", fullmatch=True),
    st.text(alphabet="0123456789０１２３٠١٢٣४५①②⓪²³⁴¹⁰½𝟘𝟙 -./", min_size=1, max_size=24),
    st.sampled_from(["12.03.2024", "0830-0930", "1.299,00 €", "4711-0815", "2 Monteure", "12:30"]),
)
words = st.text(
    alphabet=string.ascii_letters + "äöüßÄÖÜ .,;:!?()[]{}<>‹›⁽⁾-/@\nᵃᵗªⓐⓣ𝐚", max_size=16
)
piece = st.one_of(
    card, iban, phone, email, digits, words, st.sampled_from(PIECES), st.text(max_size=8)
)
comment = st.lists(piece, max_size=7).flatmap(
    lambda parts: st.sampled_from(["", " ", ". ", "\n", "/"]).map(lambda glue: glue.join(parts))
)


# --- the fast paths against the plain rule ------------------------------------------------


def _assert_redacted_plainly(texts: list[str]) -> None:
    expected = [plain_redaction(text) for text in texts]
    patterns._phones.cache_clear()
    together = Redactor("de")
    assert together.redact_all(pa.array(texts, pa.large_string())) == [t for t, _ in expected]
    assert together.counts == sum((counts for _, counts in expected), Counter())
    _assert_changed_in_pieces_plainly(texts, expected)
    for text, (redacted, counts) in zip(texts, expected, strict=True):
        alone = Redactor("de")
        assert alone(text) == redacted, text
        assert alone.counts == counts, text


def _assert_changed_in_pieces_plainly(texts: list[str], expected: list) -> None:
    """As the sample is redacted: in pieces of an Arrow array (slices, their places counted
    from the slice's start), only the texts changed handed back."""
    pieces = Redactor("de")
    array = pa.array(["0171 2345678", *texts], pa.large_string()).slice(1)
    changed = {}
    for start in range(0, len(texts), 3):
        for place, text in pieces.changed(array.slice(start, 3)).items():
            assert text != texts[start + place]
            changed[start + place] = text
    assert [changed.get(place, text) for place, text in enumerate(texts)] == [
        text for text, _ in expected
    ]
    assert pieces.counts == sum((counts for _, counts in expected), Counter())


@SETTINGS
@given(st.lists(comment, min_size=1, max_size=8))
def test_redacting_generated_comments_is_redacting_them_plainly(texts: list[str]):
    _assert_redacted_plainly(texts + texts[:2])


@SETTINGS
@given(st.lists(st.one_of(card, iban, phone), min_size=1, max_size=4).map("".join))
def test_numbers_glued_together_are_redacted_plainly(text: str):
    _assert_redacted_plainly([text, f"Nr. {text} bitte", f"x{text}y"])


def test_the_corpus_is_redacted_plainly():
    texts = [case.values[1] for case in POSITIVES] + NEGATIVES
    _assert_redacted_plainly(texts)


@SETTINGS
@given(st.lists(comment, min_size=1, max_size=8))
def test_the_term_counter_reads_comments_redacted_plainly(texts: list[str]):
    counter = TermCounter(make_config(language="de"))
    redacted = counter._redacted(pa.array(texts, pa.string())).to_pylist()
    labels = counter.redact.labels.values()
    for text, got in zip(texts, redacted, strict=True):
        expected = plain_redaction(text, WORD_KINDS)[0]
        if expected != text:  # the counter takes its placeholders out again
            for label in labels:
                expected = expected.replace(label, " . ")
        assert got == expected, text


def test_the_plain_card_search_finds_what_it_should():
    # independent of the finder: a Luhn-valid 16 digits, spaced, found whole; glued to a
    # letter only as 16 digits; the same digits with a wrong check digit not at all
    assert list(plain_cards("Karte 4111 1111 1111 1111 bitte")) == [(6, 25)]
    assert list(plain_cards("JJD4111111111111111")) == [(3, 19)]
    assert list(plain_cards("Karte 4111 1111 1111 1112")) == []
    assert all(luhn(c) for c in ("4111111111111111", "79927398713"))


def test_a_card_number_inside_an_iban_that_loses_to_a_longer_find_is_redacted():
    # The IBAN (XX: a country of any length) holds a valid card number (Luhn: 5200 9043
    # 6250 9317), and its last group begins an e-mail address longer than the IBAN: the
    # address wins over the IBAN, and the card number, which it does not touch, is found
    # in the same pass (left to a later pass, the rest would read as another IBAN).
    card = "5200904362509317"
    assert luhn(card) and _iban("XX", card + "52") == f"XX16{card}52"
    text = "Musterstraße XX16 5200 9043 6250 9317 52@averyveryverylongdomainname.example.com"
    redact = Redactor("en")
    assert redact(text) == "Musterstraße XX16 [card number removed] [email removed]"
    assert redact.counts == {"card": 1, "email": 1}
    assert plain_redaction(text, language="en") == (redact(text), {"card": 1, "email": 1})
