"""Every comment's terms counted per touchpoint x month x polarity, a chunk at a time.

The theme analysis reads these counts, not the comments, so it rests on every comment while
the pages publish a small sample. Personal data is redacted before a comment is read: a
name in an e-mail address must not become a term.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.load.privacy import Redactor, may_hold
from touchsite.models import KPIS, Config, TermCounts
from touchsite.terms import (
    COMMENTS,
    POLARITIES,
    comment_terms,
    language_of,
    summed_forms,
    written_forms,
)

TERM_COLUMNS = ["touchpoint", "period", "polarity", "term", "n"]
NEUTRAL = POLARITIES.index("neutral")
WORD_KINDS = ("email", "address")  # the personal data that is written in words


def polarity_table(config: Config) -> np.ndarray:
    """[kpi number, score] -> polarity code; scores outside a scale are neutral."""
    high = max(config.kpis[kpi].answer_scale.high for kpi in KPIS) + 1
    table = np.full((len(KPIS), int(high)), NEUTRAL, dtype=np.int8)
    for number, kpi in enumerate(KPIS):
        definition = config.kpis[kpi]
        for score in definition.scores:
            table[number, score] = POLARITIES.index(definition.polarity(score))
    return table


# A chunk's comments are read one by one where nearly all differ: comment_terms otherwise
# looks for equal ones (every text hashed, and the terms of each spread back to its equals),
# which took 7% of the counting's CPU on the benchmark, whose chunks' comments differ but
# for one in 300. A probe of a chunk's first PROBE comments tells: where more than one in
# REPEATED_FROM is a repeat (short answers, "Alles gut", "Danke"; a bot's), they are looked
# for. The terms are the same either way.
PROBE = 2_000
REPEATED_FROM = 10


def _mostly_distinct(texts: pa.Array) -> bool:
    """Whether `texts` look as if nearly all differ, none null (comment_terms' `distinct`)."""
    probe = texts.slice(0, PROBE)
    repeats = len(probe) - pc.count_distinct(probe).as_py()
    return texts.null_count == 0 and repeats * REPEATED_FROM <= len(probe)


class TermCounter:
    """Term counts of every comment read so far."""

    def __init__(self, config: Config, labels: dict[str, str] | None = None) -> None:
        """`labels`: the redaction's labels (privacy.labels_in), given to spare the catalogue."""
        self.language = language_of(config.language, config.synonyms)
        self.polarity = polarity_table(config)
        # The tokeniser reads letters only, so phone, card and IBAN numbers (digits) never
        # become terms: only e-mail and street addresses hold words to take out first. That
        # spares the phone-number library on every comment; the published sample is
        # redacted in full on its own. Its counts are not the site's.
        self.redact = Redactor(config.language, kinds=WORD_KINDS, labels=labels)
        self.codes: dict[str, int] = {}
        # Counts per packed key (see _pack), merged whenever the parts grow long.
        self.keys: list[np.ndarray] = []
        self.ns: list[np.ndarray] = []
        self.forms: list[pa.Table] = []

    def add(
        self,
        texts: pa.Array,
        touchpoint: np.ndarray,
        month: np.ndarray,
        kpi: np.ndarray,
        score: np.ndarray,
    ) -> None:
        """Count the terms of comments `texts`, given with `score` of KPI number `kpi` (-1:
        none) at `touchpoint` (code) in `month` (months since 1970)."""
        polarity = np.where(
            kpi >= 0, self.polarity[np.maximum(kpi, 0), np.maximum(score, 0)], NEUTRAL
        )
        texts = self._redacted(texts)
        found = comment_terms(texts, self.language, distinct=_mostly_distinct(texts))
        codes = np.array(
            [self.codes.setdefault(key, len(self.codes)) for key in found.keys] or [0],
            dtype=np.int64,
        )
        key = _use_keys(touchpoint, month, polarity, codes, found.text, found.term)
        found_keys, n = _key_counts(key)
        self.keys.append(found_keys)
        self.ns.append(n)
        if sum(map(len, self.keys[1:])) > max(MERGE_AT, len(self.keys[0])):
            self._merge()
        self.forms.append(found.forms)

    def absorb(self, other: TermCounter) -> None:
        """Add the counts of `other` (a counter of the same settings) to these."""
        if not other.keys:
            return
        other._merge()
        code = np.zeros(len(other.codes), dtype=np.int64)
        for key, number in other.codes.items():
            code[number] = self.codes.setdefault(key, len(self.codes))
        touchpoint, month, polarity, term = _unpack(other.keys[0])
        self.keys.append(_pack(touchpoint, month, polarity, code[term]))
        self.ns += other.ns
        self.forms += other.forms
        self._merge()

    def _merge(self) -> None:
        keys, n = _summed(np.concatenate(self.keys), np.concatenate(self.ns))
        self.keys, self.ns = [keys], [n]
        self.forms = [summed_forms(pa.concat_tables(self.forms))]

    def _redacted(self, texts: pa.Array) -> pa.Array:
        """The texts redacted; Python reads only those that may hold personal data."""
        hinted = may_hold(texts, WORD_KINDS)
        personal = np.zeros(len(texts), dtype=bool)
        for each in hinted.values():
            personal |= each
        if not personal.any():
            return texts
        rows = np.flatnonzero(personal)
        held = texts.take(pa.array(rows, pa.int64())).to_pylist()
        self.redact.memo.clear()  # a chunk's texts are few to meet again: memory stays flat
        self.redact.read_ahead(held, {kind: each[rows] for kind, each in hinted.items()})
        # Read uncounted, not by calling the Redactor for each text, and the labels taken
        # out by Arrow, not text by text: on the benchmark's chunks (33,000 comments, 1,900
        # of them held) 1.9 ms of CPU, not 4.3 (medians of 3 runs).
        redacted = pa.array(self.redact.uncounted(held), pa.large_string())
        for label in self.redact.labels.values():  # "[email removed]" is no term
            redacted = pc.replace_substring(redacted, label, " . ")
        texts = texts.cast(pa.large_string())
        return pc.replace_with_mask(texts, pa.array(personal), redacted)

    def result(self, touchpoints: list[str]) -> TermCounts | None:
        counted = self.counted(touchpoints)
        return counted.term_counts() if counted is not None else None

    def counted(self, touchpoints: list[str]) -> CountedTerms | None:
        """The counts summed, as `result` makes its table of them (without pandas: the
        comments' worker makes these, the build the table)."""
        if not self.keys:
            return None
        keys = sorted(self.codes)
        rank = np.zeros(len(keys), dtype=np.uint64)
        rank[[self.codes[key] for key in keys]] = np.arange(len(keys), dtype=np.uint64)
        # With the terms numbered alphabetically, the packed keys sort as the table's rows.
        packed = np.concatenate(self.keys)
        term_bits = np.uint64((1 << TERM_BITS) - 1)
        packed = (packed & ~term_bits) | rank[(packed & term_bits).astype(np.int64)]
        packed, n = _summed(packed, np.concatenate(self.ns))
        self.keys, self.ns = [], []
        term = (packed & term_bits).astype(np.int64)
        used = np.bincount(term, weights=n, minlength=len(keys))[term]
        kept = (used >= 2) | (term == rank[self.codes[COMMENTS]])
        touchpoint, month, polarity, term = _unpack(packed[kept])
        n = n[kept]
        months, period = _months_numbered(month)
        # The terms a row still names, in order: the term column's categories.
        named = np.flatnonzero(np.bincount(term, minlength=len(keys)))
        number = np.zeros(len(keys), dtype=np.int64)
        number[named] = np.arange(len(named))
        terms = [keys[i] for i in named]
        kept = set(terms)
        forms = written_forms(pa.concat_tables(self.forms))
        self.forms = []
        return CountedTerms(
            touchpoint=_codes(touchpoint, len(touchpoints)),
            touchpoints=touchpoints,
            period=_codes(period, len(months)),
            periods=np.datetime_as_string(months.astype("datetime64[M]")),
            polarity=_codes(polarity, len(POLARITIES)),
            term=_codes(number[term], len(terms)),
            terms=terms,
            n=_smallest(n),
            forms={key: form for key, form in forms.items() if key in kept},
        )


@dataclass(frozen=True)
class CountedTerms:
    """TermCounts' rows as codes (touchpoint, period, polarity, term) of their categories
    (touchpoints, periods, POLARITIES, terms) with `n`, and the forms."""

    touchpoint: np.ndarray
    touchpoints: list[str]
    period: np.ndarray
    periods: np.ndarray
    polarity: np.ndarray
    term: np.ndarray
    terms: list[str]
    n: np.ndarray
    forms: dict[str, str]

    def term_counts(self) -> TermCounts:
        import pandas as pd  # here, not at the top: the comments' worker does without it

        table = pd.DataFrame(
            {
                "touchpoint": pd.Categorical.from_codes(self.touchpoint, self.touchpoints),
                "period": pd.Categorical.from_codes(self.period, self.periods),
                "polarity": pd.Categorical.from_codes(self.polarity, POLARITIES),
                "term": pd.Categorical.from_codes(self.term, self.terms),
                "n": self.n.astype(np.int64),
            }
        )
        return TermCounts(table, self.forms)


def _codes(codes: np.ndarray, categories: int) -> np.ndarray:
    """`codes` in the smallest type their table's categorical keeps them in: the worker's
    reply and the codes beside the table stay as small as the table."""
    for kind in (np.int8, np.int16, np.int32):
        if categories < np.iinfo(kind).max:
            return codes.astype(kind)
    return codes


def _smallest(n: np.ndarray) -> np.ndarray:
    """Counts (none negative) in the smallest unsigned type that holds them: the worker's
    reply shrinks (on the benchmark, 1,577,621 counts: 12.6 MB as int64, 3.2 as uint16),
    and the pipe carries it while the build waits; the table has them as int64."""
    top = int(n.max()) if len(n) else 0
    for kind in (np.uint8, np.uint16, np.uint32):
        if top <= np.iinfo(kind).max:
            return n.astype(kind)
    return n


# A term count's key packed in 64 bits, from the high end: touchpoint, month (offset, so
# months before 1970 stay positive), polarity, term.
TOUCHPOINT_BITS, MONTH_BITS, POLARITY_BITS, TERM_BITS = 18, 16, 2, 28
MONTH_OFFSET = 1 << (MONTH_BITS - 1)
MERGE_AT = 4_000_000  # packed keys held before they are merged


def _pack(touchpoint, month, polarity, term) -> np.ndarray:
    _check_terms(term)
    key = touchpoint.astype(np.uint64) << np.uint64(MONTH_BITS)
    key |= (month + MONTH_OFFSET).astype(np.uint64)
    key <<= np.uint64(POLARITY_BITS)
    key |= polarity.astype(np.uint64)
    key <<= np.uint64(TERM_BITS)
    return key | term.astype(np.uint64)


def _use_keys(touchpoint, month, polarity, codes, text, term) -> np.ndarray:
    """_pack of each use of a term (`text`: the comment's number, `term`: the term's, whose
    code is `codes[term]`): each comment's touchpoint, month and polarity packed once, the
    term's code put into the low bits. Packed use by use, the benchmark's 2.9 million uses
    took 38 ms of the comments' worker's CPU (a gather and a shift for each part), this 12."""
    _check_terms(codes)
    comment = _pack(touchpoint, month, polarity, np.zeros(len(touchpoint), dtype=np.int64))
    return comment[text] | codes.astype(np.uint64)[term]


def _check_terms(term: np.ndarray) -> None:
    if len(term) and int(term.max()) >> TERM_BITS:
        raise ValueError(f"more than {1 << TERM_BITS} distinct comment terms")


def _summed(key: np.ndarray, n: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, sorted, each with its `n` summed. The keys come in sorted runs (the
    parts), which a stable sort merges in two thirds of a quicksort's time; so too once the
    table renumbers their terms: each part is then sorted but for its keys' lowest bits, and
    the stable sort took the benchmark's 1,800,000 keys in 0.06 s, a quicksort in 0.13 s (on
    keys in no order at all it takes a third longer)."""
    order = np.argsort(key, kind="stable")
    key = key[order]
    if not len(key):
        return key, n[order]
    starts = _run_starts(key)
    return key[starts], np.add.reduceat(n[order], starts)


def _key_counts(key: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, sorted, and how often each comes: np.unique's, but by the stable
    sort, which finds the runs a chunk's keys come in (each comment's terms in order): on
    the benchmark's chunks of 310,000 keys it took 0.6 of np.unique's quicksort's time."""
    key = np.sort(key, kind="stable")
    if not len(key):
        return key, np.zeros(0, dtype=np.intp)
    starts = _run_starts(key)
    return key[starts], np.diff(np.r_[starts, len(key)])


def _run_starts(key: np.ndarray) -> np.ndarray:
    """Where each run of equal keys starts in `key` (sorted, not empty)."""
    return np.flatnonzero(np.r_[True, key[1:] != key[:-1]])


def _months_numbered(month: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct months, sorted, and each month's number among them."""
    low = int(month.min()) if len(month) else 0
    present = np.bincount(month - low) > 0
    return np.flatnonzero(present) + low, (np.cumsum(present) - 1)[month - low]


def _unpack(key: np.ndarray) -> tuple[np.ndarray, ...]:
    """(touchpoint, month, polarity, term) of packed keys, as int64."""
    parts = []
    for bits in (TERM_BITS, POLARITY_BITS, MONTH_BITS):
        parts.append((key & np.uint64((1 << bits) - 1)).astype(np.int64))
        key = key >> np.uint64(bits)
    term, polarity, month = parts
    return key.astype(np.int64), month - MONTH_OFFSET, polarity, term
