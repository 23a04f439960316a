"""Redact personal data from customer comments before anything is published.

What is recognised: e-mail addresses (also written "max(at)example(dot)com" or with a
fullwidth ＠), IBANs (checked mod 97, any case, spaced or not), payment card numbers (13-19
digits passing Luhn's check), phone numbers (the numbering plans of Germany, Austria,
Switzerland, the UK, North America and every number in international notation; a bare
local number only after a word like "Tel.") and street addresses where they look like one
("Musterstraße 12", "Unter den Linden 77", "Straße des 17. Juni 135", "Am Lindenhof 3,
12345 Berlin", "221B Baker Street", "PO Box 12"). Names are not: too many are ordinary
words. Comments are published as text either way; templates escape them.

Matching reads a normalised copy of the comment (fullwidth forms, odd spaces and dashes
made plain, each run of white space one space: a number broken over two lines is read
whole), while everything outside a redacted span keeps the comment's own characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.load.privacy_patterns import DASH_CHARACTERS, FINDERS, HINTS, SPACE_RUN
from touchsite.load.text_bytes import bounds_and_bytes
from touchsite.translation import N_, translations

LABELS = {
    "email": N_("[email removed]"),
    "phone": N_("[phone removed]"),
    "iban": N_("[IBAN removed]"),
    "card": N_("[card number removed]"),
    "address": N_("[address removed]"),
}


def labels_in(language: str) -> dict[str, str]:
    """What replaces each kind of personal data, in the language."""
    catalogue = translations(language)
    return {kind: catalogue.gettext(label) for kind, label in LABELS.items()}


# Where two finds overlap, the longer wins; of two alike, the kind found with more certainty.
PRIORITY = {kind: rank for rank, kind in enumerate(("email", "iban", "card", "address", "phone"))}
DASHES = dict.fromkeys(map(ord, DASH_CHARACTERS), "-")
# whether a text has one (a tenth of the time `translate` takes to tell: most German comments
# are not ASCII, so each redacted one asks)
HAS_DASH = re.compile(f"[{DASH_CHARACTERS}]")
# Every character NFKC makes an at sign: "@", fullwidth "＠" and small "﹫".
AT_SIGNS = "@＠﹫"
# Every character NFKC makes into one the patterns below read (an ASCII letter or digit, any
# digit, "@", "ä", a bracket), and every word character it makes into a non-word one (a new
# word boundary): the finders read the NFKC form, these patterns the text as written, so a
# text with one of them is let through ("max（ａ）firma.de", "max ᵃᵗ gmx.de", "⓪①⑦①",
# "DE⁸⁹"). Of Latin-1 only "ª²³¹º¼½¾"; texts with one are few. Written out, as Unicode's
# tables give them (tests/test_privacy.py checks it complete): computed at import,
# it took 70 ms.
NFKC_ASCII = (
    "\u00aa\u00b2\u00b3\u00b9\u00ba\u00bc-\u00be\u0132\u0133\u013f\u0140\u0149\u017f"
    "\u01c4-\u01cc\u01f1-\u01f3\u02b0\u02b2\u02b3\u02b7\u02b8\u02e1-\u02e3\u037a"
    "\u0958-\u095f\u09dc\u09dd\u09df\u0a33\u0a36\u0a59-\u0a5b\u0a5e\u0b5c\u0b5d\u0e33"
    "\u0eb3\u0f43\u0f4d\u0f52\u0f57\u0f5c\u0f69\u1d2c\u1d2e\u1d30\u1d31\u1d33-\u1d3a"
    "\u1d3c\u1d3e-\u1d43\u1d47-\u1d49\u1d4d\u1d4f\u1d50\u1d52\u1d56-\u1d58\u1d5b"
    "\u1d62-\u1d65\u1d9c\u1da0\u1dbb\u1e9a\u2070\u2071\u2074-\u2079\u207d-\u2089"
    "\u208d\u208e\u2090-\u2093\u2095-\u209c\u20a8\u2100-\u2103\u2105\u2106\u2109-\u210e"
    "\u2110-\u2113\u2115\u2116\u2119-\u211d\u2120-\u2122\u2124\u2128\u212a\u212c\u212d"
    "\u212f-\u2131\u2133\u2134\u2139\u213b\u2145-\u2149\u2150-\u217f\u2189\u2460-\u24ea"
    "\u2c7c\u2c7d\u3200-\u321e\u3220-\u3243\u3250-\u325f\u32b1-\u32cf\u3358-\u337a"
    "\u3380-\u33ff\ua7f2-\ua7f4\ufb00-\ufb06\ufb1d\ufb1f\ufb2a-\ufb36\ufb38-\ufb3c\ufb3e"
    "\ufb40\ufb41\ufb43\ufb44\ufb46-\ufb4e\ufc5b-\ufc63\ufc90\ufcd9\ufcf2-\ufcf4"
    "\ufd3c\ufd3d\ufdfa\ufdfb\ufe35-\ufe38\ufe47\ufe48\ufe59-\ufe5c\ufe64\ufe65\ufe6b"
    "\ufe70-\ufe72\ufe74\ufe76-\ufe7f\uff08\uff09\uff10-\uff19\uff1c\uff1e\uff20-\uff3b"
    "\uff3d\uff41-\uff5b\uff5d\uff9e\uff9f\U000107a5\U0001d400-\U0001d454"
    "\U0001d456-\U0001d49c\U0001d49e\U0001d49f\U0001d4a2\U0001d4a5\U0001d4a6"
    "\U0001d4a9-\U0001d4ac\U0001d4ae-\U0001d4b9\U0001d4bb\U0001d4bd-\U0001d4c3"
    "\U0001d4c5-\U0001d505\U0001d507-\U0001d50a\U0001d50d-\U0001d514\U0001d516-\U0001d51c"
    "\U0001d51e-\U0001d539\U0001d53b-\U0001d53e\U0001d540-\U0001d544\U0001d546"
    "\U0001d54a-\U0001d550\U0001d552-\U0001d6a3\U0001d7ce-\U0001d7ff\U0001f100-\U0001f10a"
    "\U0001f110-\U0001f12e\U0001f130-\U0001f14f\U0001f16a-\U0001f16c\U0001f190"
    "\U0001fbf0-\U0001fbf9"
)
# The same characters for Arrow's pattern, in whole blocks above Latin's (no "€", no
# German quotation mark or dash among them): each call compiles its pattern again, and the
# exact set made the hint's compiling 0.1 ms longer, these blocks 0.02 (CPU medians). Python
# reads the few texts with another character of these blocks (MAYBE_PERSONAL).
NFKC_ASCII_BLOCKS = (
    "\u00aa\u00b2\u00b3\u00b9\u00ba\u00bc-\u00be\u0132\u0133\u013f\u0140\u0149\u017f"
    "\u01c4-\u01cc\u01f1-\u01f3\u02b0-\u02e3\u037a\u0958-\u0f69\u1d2c-\u1e9a"
    "\u2070-\u209c\u20a8\u2100-\u2189\u2460-\u24ea\u2c7c\u2c7d\u3200-\u33ff"
    "\ua7f2-\ua7f4\ufb00-\ufdfb\ufe35-\uff9f\U000107a5\U0001d400-\U0001d7ff"
    "\U0001f100-\U0001f190\U0001fbf0-\U0001fbf9"
)
# Every kind has a digit in it, except e-mail addresses ("@", "at", "(a)", "<a>": every
# bracket privacy_patterns.OBFUSCATED_EMAIL reads around its "a"; without "<", "max<a>firma.de"
# was published whole).
# (NFKC_ASCII in its own case: "ſ" and the Kelvin sign are in it, and "s" and "k" their
# other case)
MAYBE_PERSONAL = re.compile(
    rf"\d|(?-i:[{AT_SIGNS}{NFKC_ASCII}])|\b(?:at|ät)\b|[(\[{{<‹]\W*a\W*[)\]}}>›]", re.IGNORECASE
)
# The same in RE2 syntax, a little wider (any character outside ASCII's word characters
# makes a word boundary, or is \W), so Arrow spares Python most texts at once.
MAYBE_PERSONAL_HINT = (
    rf"\p{{Nd}}|[{AT_SIGNS}{NFKC_ASCII_BLOCKS}]|(?i:(?:^|[^A-Za-z0-9_])(?:at|ät)(?:[^A-Za-z0-9_]|$))"
    r"|(?i:[(\[{<‹][^A-Za-z0-9_]*a[^A-Za-z0-9_]*[)\]}>›])"
)
SPACE_RUNS = re.compile(SPACE_RUN)
# What a text without personal data has removed; never changed. A text's finds are counted
# in a plain dict, not a Counter: made for each text read (60,000 on the benchmark), a
# Counter took 3.4 us, a dict 0.2.
NOTHING: dict[str, int] = {}
MAX_PASSES = 4
UNREAD = ("", NOTHING)  # what the memo holds of a text not read yet


class Redactor:
    """Replaces e-mail addresses, IBANs, card and phone numbers and addresses; counts them."""

    def __init__(
        self,
        language: str = "de",
        kinds: tuple[str, ...] = (),
        labels: dict[str, str] | None = None,
    ) -> None:
        """`kinds` limits what is looked for (all kinds where none are given); `labels`, the
        language's (`labels_in`), where the caller has them: the comments' worker is given
        them, so it neither imports Babel nor parses the catalogue for five labels."""
        self.finders = {kind: find for kind, find in FINDERS.items() if kind in (kinds or FINDERS)}
        self.labels = labels if labels is not None else labels_in(language)
        self.counts: Counter[str] = Counter()
        # each text is read once (a comment repeated, or redacted ahead); each time it is
        # redacted counts what it removed all the same. None: the text had nothing to take
        # out (most texts: no tuple made for them)
        self.memo: dict[str, tuple[str, dict[str, int]] | None] = {}

    def __call__(self, text: str) -> str:
        found = self.memo.get(text, UNREAD)
        if found is UNREAD:
            self.read_ahead([text])
            found = self.memo[text]
        if found is None:
            return text
        self.counts.update(found[1])
        return found[0]

    def uncounted(self, texts: list[str]) -> list[str]:
        """Each of `texts`, read ahead (`read_ahead`), redacted as a call gives it, counting
        nothing: for the terms of every comment, where only what is published is counted."""
        memo = self.memo
        return [text if (found := memo[text]) is None else found[0] for text in texts]

    def redact_all(self, texts: pa.Array) -> list[str]:
        """Each of `texts` redacted, counted as a call for each would count it."""
        return put(texts.to_pylist(), 0, self.changed(texts))

    def changed(self, texts: pa.Array) -> dict[int, str]:
        """The redacted texts of `texts` that differ from theirs, by place, counted as a
        call for each would count it. Arrow tells which texts may hold personal data: the
        others (most comments) never become Python strings, nor enter the memo."""
        rows = np.flatnonzero(_maybe_personal(texts))
        candidates = texts.take(pa.array(rows, pa.int64()))
        held = candidates.to_pylist()
        new: dict[str, int] = {}  # each text not read yet, and its first place among `held`
        for place, text in enumerate(held):
            if text not in self.memo and text not in new:
                new[text] = place
        if new:
            self._read(list(new), candidates.take(pa.array(list(new.values()), pa.int64())))
        changed = {}
        totals: Counter[str] = Counter()
        for row, text in zip(rows.tolist(), held, strict=True):
            found = self.memo[text]
            if found is not None:
                changed[row] = found[0]
                for kind, count in found[1].items():
                    totals[kind] += count
        self.counts.update(totals)
        return changed

    def read_ahead(self, texts: list[str], hinted: dict[str, np.ndarray] | None = None) -> None:
        """Redact `texts` into the memo, all at once. Counts nothing: a text is counted
        when a call redacts it. `hinted`: `hints` of `texts` for this Redactor's kinds,
        where the caller has them already (`may_hold`'s), so Arrow need not tell again."""
        first: dict[str, int] = {}  # each text not in the memo, and its first place
        for place, text in enumerate(texts):
            if text not in self.memo and text not in first:
                first[text] = place
        new = list(first)
        self.memo.update(dict.fromkeys(new))
        array = pa.array(new, pa.large_string())
        personal = _maybe_personal(array)
        rows = np.flatnonzero(personal)
        if len(rows):
            if hinted is not None:
                places = np.fromiter(first.values(), np.int64, len(first))[rows]
                hinted = {kind: each[places] for kind, each in hinted.items()}
            held = [new[row] for row in rows.tolist()]
            self._read(held, array.filter(pa.array(personal)), hinted)

    def _read(
        self, new: list[str], array: pa.Array, hinted: dict[str, np.ndarray] | None = None
    ) -> None:
        """Redact `new` (texts MAYBE_PERSONAL matches, none in the memo; `array` holds them)
        into the memo: Arrow tells for each pass which texts may hold each kind (HINTS), so
        a finder reads only those (the others it could not change); `hinted`: what it
        tells of `new` for the first pass, where the caller knows it."""
        found: list[dict[str, int]] = [NOTHING] * len(new)
        current, active, read = list(new), list(range(len(new))), []
        kinds = tuple(self.finders)
        # the kinds a text may hold, as bits of an integer, and those integers' kinds
        kinds_of = [
            [kind for bit, kind in enumerate(kinds) if code >> bit & 1]
            for code in range(1 << len(kinds))
        ]
        # Taking one find out can free another that was glued to it ("<IBAN><card number>"
        # is one run of digits), so redaction goes on until it finds nothing more.
        for _ in range(MAX_PASSES):
            if hinted is None:
                hinted = hints(array, kinds)
            code = np.zeros(len(active), dtype=np.int64)
            for bit, kind in enumerate(kinds):
                code |= hinted[kind].astype(np.int64) << bit if kind in hinted else 1 << bit
            still = []
            for index, each in zip(active, code.tolist(), strict=True):
                if not each:
                    continue
                if found[index] is NOTHING:
                    found[index] = {}
                    read.append(index)
                text = current[index]
                current[index] = self._redact_once(text, kinds_of[each], found[index])
                if current[index] != text:
                    still.append(index)
            array = pa.array([current[index] for index in still], pa.large_string())
            hinted = None  # the texts changed: Arrow tells again
            personal = _maybe_personal(array)
            active = [index for index, keep in zip(still, personal.tolist(), strict=True) if keep]
            if not active:
                break
            array = array.filter(pa.array(personal))
        self.memo.update(dict.fromkeys(new))
        for index in read:
            if found[index] or current[index] != new[index]:
                self.memo[new[index]] = current[index], found[index]

    def _redact_once(
        self, text: str, kinds: list[str], counts: dict[str, int], whole: bool = False
    ) -> str:
        """One pass of the finders of `kinds`, each find counted in `counts`. The card
        finder skips runs of digits inside an IBAN found (every IBAN's digits make one), as
        a card number there loses to the IBAN; where an IBAN loses to another find, the
        pass is made again with the card finder reading all (`whole`)."""
        plain, origin = matchable(text)
        spans = []
        for kind in kinds:
            find = self.finders[kind]
            if kind == "phone":
                found = find(plain, [span[:2] for span in spans])
            elif kind == "card" and not whole:
                found = find(plain, [span[:2] for span in spans if span[2] == "iban"])
            else:
                found = find(plain)
            spans += [(start, end, kind) for start, end in found if end > start]
        if not spans:
            return text
        kept = _kept(spans) if len(spans) > 1 else spans
        if not whole and len(kept) < len(spans) and _ibans(kept) != _ibans(spans):
            return self._redact_once(text, kinds, counts, whole=True)
        parts, done = [], 0
        for start, end, kind in sorted(kept):
            parts += [text[done : origin[start]], self.labels[kind]]
            done = origin[end - 1] + 1
            counts[kind] = counts.get(kind, 0) + 1
        return "".join(parts) + text[done:]


def _kept(spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Of overlapping `spans`, the longer; of two alike, the kind found with more certainty."""
    kept: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(spans, key=lambda s: (s[0] - s[1], PRIORITY[s[2]], s[0])):
        if all(end <= other[0] or start >= other[1] for other in kept):
            kept.append((start, end, kind))
    return kept


def _ibans(spans: list[tuple[int, int, str]]) -> int:
    return sum(kind == "iban" for _, _, kind in spans)


# C0 control characters but tab and line breaks, and DEL: no HTML page may hold them (a NUL
# byte in an export's comment was written into the page as it stood).
CONTROL_CHARACTERS = "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
CONTROLS = re.compile(CONTROL_CHARACTERS)  # the same, for a text at a time


# Whether a byte is one of CONTROL_CHARACTERS: in UTF-8 each is a byte of its own, and no
# byte of another character's is below 0x80.
CONTROL_BYTES = np.zeros(256, dtype=bool)
CONTROL_BYTES[[*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]] = True


def without_controls(texts: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """`texts` without CONTROL_CHARACTERS, before they are redacted and published (a control
    character inside a number would hide it from the finders too)."""
    if not _has_controls(texts):
        return texts
    return pc.replace_substring_regex(texts, CONTROL_CHARACTERS, "")


def _has_controls(texts: pa.Array | pa.ChunkedArray) -> bool:
    """Whether any of `texts` holds one of CONTROL_CHARACTERS, told from their bytes: those
    below 0x20 (line breaks, mostly) picked out and looked up, and DEL sought. Arrow's
    search with the pattern took 51 ms of CPU for the benchmark's 200,000 published
    comments (15 MiB), this 7 ms (medians of 7 runs)."""
    chunks = texts.chunks if isinstance(texts, pa.ChunkedArray) else [texts]
    for chunk in chunks:
        bounds, data = bounds_and_bytes(chunk)
        held = data[int(bounds[0]) : int(bounds[-1])] if len(bounds) else data[:0]
        if CONTROL_BYTES[held[held < 0x20]].any() or (held == 0x7F).any():
            return True
    return False


def put(texts: list[str], start: int, changed: dict[int, str]) -> list[str]:
    """`texts` with the texts `changed` (by place from `start`) put in place of theirs."""
    for place, text in changed.items():
        texts[start + place] = text
    return texts


def maybe_personal(texts: pa.Array) -> list[bool]:
    """MAYBE_PERSONAL of each text."""
    return _maybe_personal(texts).tolist()


def _maybe_personal(texts: pa.Array) -> np.ndarray:
    """MAYBE_PERSONAL of each text: Arrow reads MAYBE_PERSONAL_HINT, then ASCII digits and at
    signs in the texts it matched (each a match of the hint too); Python only those left,
    which may hold another digit or an "at". Arrow read every text with both patterns before;
    the hint matches a fifth of the benchmark's comments (the sample's gate: 54 -> 33 ms)."""
    hinted = pc.fill_null(pc.match_substring_regex(texts, MAYBE_PERSONAL_HINT), False)
    rows = np.flatnonzero(hinted.to_numpy(zero_copy_only=False))
    some = texts.take(pa.array(rows, pa.int64()))
    sure = pc.match_substring_regex(some, f"[0-9{AT_SIGNS}]").to_numpy(zero_copy_only=False)
    result = np.zeros(len(texts), dtype=bool)
    result[rows[sure]] = True
    unsure = some.filter(pa.array(~sure)).to_pylist()
    result[rows[~sure]] = [MAYBE_PERSONAL.search(text) is not None for text in unsure]
    return result


def may_hold(texts: pa.Array, kinds: tuple[str, ...]) -> dict[str, np.ndarray]:
    """For each of `kinds` (those with privacy_patterns.HINTS), which texts may hold it:
    `hints` of the texts a Redactor reads (their union is a superset of the texts a
    Redactor of these kinds changes), found at once by Arrow; a Redactor's `read_ahead`
    takes them for its first pass."""
    # A Redactor reads only texts MAYBE_PERSONAL matches: the hints need read no others.
    gate = pc.match_substring_regex(texts, MAYBE_PERSONAL_HINT)
    rows = np.flatnonzero(gate.to_numpy(zero_copy_only=False))
    found = {}
    for kind, hinted in hints(texts.take(pa.array(rows, pa.int64())), kinds).items():
        found[kind] = np.zeros(len(texts), dtype=bool)
        found[kind][rows[hinted]] = True
    return found


# Characters NFKC leaves as they are, alone and beside each other (tests/test_privacy.py checks
# it): ASCII, the letters of Latin-1 ("äöüßé") and the dashes, quotation marks and euro sign
# German comments write. A text with none but these is its own normal form, so only texts
# with another character (RE2's class) are normalised: on the benchmark, Arrow's NFKC took
# 3.3 ms for the 2,900 texts outside ASCII that a chunk's hint gate passed, this class 0.4.
NFKC_KEPT_BEYOND_ASCII = "\u00c0-\u00ff\u2013\u2014\u2018\u2019\u201a\u201c-\u201e\u20ac"
NFKC_CHANGES = rf"[^\x00-\x7f{NFKC_KEPT_BEYOND_ASCII}]"


def hints(texts: pa.Array, kinds: tuple[str, ...]) -> dict[str, np.ndarray]:
    """For each of `kinds` that has HINTS, which texts may hold it: where a text is not
    hinted, that kind's finder finds nothing in it."""
    hinted_kinds = [kind for kind in kinds if kind in HINTS]
    if not hinted_kinds:
        return {}
    # the texts as written, and the few that NFKC changes in their normal form (no ASCII
    # text, nor one whose other characters are all NFKC_KEPT: most comments are spared the
    # normalisation)
    other = np.flatnonzero(~pc.string_is_ascii(texts).to_numpy(zero_copy_only=False))
    some = texts.take(pa.array(other, pa.int64()))
    if len(some):
        changes = pc.match_substring_regex(some, NFKC_CHANGES).to_numpy(zero_copy_only=False)
        other, some = other[changes], some.filter(pa.array(changes))
    normal = pc.utf8_normalize(some, "NFKC")
    changed = pc.not_equal(normal, some).to_numpy(zero_copy_only=False)
    forms = [(texts, np.arange(len(texts))), (normal.filter(pa.array(changed)), other[changed])]
    # and the texts with runs of white space as the finders read them, each run one space
    for form, rows in list(forms):
        if not len(form):
            continue
        spaced = np.flatnonzero(
            pc.match_substring_regex(form, SPACE_RUN).to_numpy(zero_copy_only=False)
        )
        if len(spaced):
            some_form = form.take(pa.array(spaced, pa.int64()))
            forms.append((pc.replace_substring_regex(some_form, SPACE_RUN, " "), rows[spaced]))
    result = {}
    for kind in hinted_kinds:
        hinted = np.zeros(len(texts), dtype=bool)
        for form, rows in forms:
            if not len(form):
                continue  # no pattern compiled for nothing: most pieces have no text NFKC changes
            each = np.ones(len(form), dtype=bool)
            for pattern in HINTS[kind]:
                each &= pc.match_substring_regex(form, pattern).to_numpy(zero_copy_only=False)
            hinted[rows] |= each
        result[kind] = hinted
    return result


def _has_space_run(text: str) -> bool:
    """Whether SPACE_RUNS finds a run in `text`. Every character of SPACE_CHARACTERS but the
    space is one str.isprintable refuses (a control character or a line's or paragraph's
    separator), so a printable text holds a run only as two spaces in a row: told in C, in a
    tenth of the time of the pattern's search (3 us a comment; the redaction of the
    benchmark's sample and of its comments' terms reads 47,000 such texts)."""
    if text.isprintable() and "  " not in text:
        return False
    return SPACE_RUNS.search(text) is not None


def matchable(text: str) -> tuple[str, Sequence[int]]:
    """The text as the patterns expect it, and for each of its characters the index of the
    original character it came from (NFKC may turn one character into several, and a run
    of white space becomes one space, from the run's first character)."""
    plain: str
    origin: Sequence[int]
    if text.isascii() or (unicodedata.is_normalized("NFKC", text) and not HAS_DASH.search(text)):
        plain, origin = text, range(len(text))
    else:
        chars: list[str] = []
        origin = []
        for index, char in enumerate(text):
            normal = unicodedata.normalize("NFKC", char.translate(DASHES))
            chars.append(normal)
            origin += [index] * len(normal)
        plain = "".join(chars)
    if not _has_space_run(plain):
        return plain, origin
    pieces: list[str] = []
    kept: list[int] = []  # the index in `plain` of each character kept
    done = 0
    for run in SPACE_RUNS.finditer(plain):
        pieces += [plain[done : run.start()], " "]
        kept += range(done, run.start() + 1)
        done = run.end()
    pieces.append(plain[done:])
    kept += range(done, len(plain))
    return "".join(pieces), [origin[index] for index in kept]
