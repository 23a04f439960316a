"""Comments repeated word for word at one touchpoint: a test, a bot or a form sent again.

A real export can hold one text many times over: a form tested in the live survey ("Test
Test Test Kundenservice" 200 times), a bot, a respondent sending the form again and again,
an agent pasting the same note. Kept as they are, the copies make a theme of their own,
fill the published quotes and move the touchpoint's KPIs, and nothing says why. Customers
do write the same short answer ("Alles gut, danke"), but rarely the same sentence of four
words or more, and never as a tenth of a touchpoint's comments.

Each comment is counted by a key of 64 bits: its touchpoint in the high bits, then a hash
of its text compared without case, with its white space (line breaks, tabs, runs of spaces,
no-break spaces) one space each. A file's keys are kept sorted in a few parts of falling
size (a chunk's own part merged into the one before while it is at least as large), 16
bytes a distinct comment; a key's first lines and the text of its MIN_REPEATS-th copy are
kept as they are met, so only the copies of a text that repeats cost more. Nothing is read
twice and nothing waits for the comments' worker.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.load.text_bytes import padded_bytes

# A text of fewer words is an answer many customers give alike ("Alles gut, danke", "Sehr
# zufrieden", "Weiter so!"), and not one a test or a bot is told from.
MIN_WORDS = 4
# Copies of one text that make a finding: fewer are a handful of rows, that move no figure
# shown (a figure needs 10 answers, rules.min_n_shown's default) ...
MIN_REPEATS = 10
# ... and their share of the touchpoint's comments in the file, in per cent: a tenth of them
# is a theme of its own and a good part of the quotes, which no phrase customers share
# reaches; at a touchpoint of 20,000 comments, 50 copies of "Alles super, gerne wieder!"
# are none.
MIN_SHARE = 10
LINES_KEPT = 5  # the first lines of a repeated text, for the finding
PIECE_BYTES = 1 << 18  # of comments hashed at a time (comment_keys, text_hashes)
# A key: the touchpoint's code (as many bits as the term counts' keys give it), then the
# text's hash. Two texts of one touchpoint share a key by chance with a probability of
# n^2 / 2^47 (1 in 140 at 1,000,000 comments there): a count one too high, never a
# finding, which takes MIN_REPEATS copies.
TOUCHPOINT_BITS = 18
HASH_BITS = 64 - TOUCHPOINT_BITS

_ALL = np.uint64(0xFFFFFFFFFFFFFFFF)
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_LENGTH = np.uint64(0xD6E8FEB86659FD93)


@dataclass(frozen=True)
class Repeat:
    """A text repeated at a touchpoint (its code): as one copy reads, the copies' number, the
    touchpoint's comments, the first copies' records and the slot of one."""

    touchpoint: int
    text: str
    n: int
    comments: int
    records: tuple[int, ...]
    slot: int


class RepeatCounter:
    """The comments of one file counted by text and touchpoint, a chunk at a time."""

    def __init__(self) -> None:
        # sorted keys, each one's copies (uint32) and first record (uint32: the reducer's
        # respondents pack records in 32 bits too), in parts of falling size
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.later: list[tuple[np.ndarray, np.ndarray]] = []  # keys' 2nd..LINES_KEPT-th records
        self.texts: dict[int, tuple[str, int]] = {}  # key: its MIN_REPEATS-th copy and slot
        self.comments = np.zeros(0, dtype=np.int64)  # per touchpoint code

    def add(
        self, texts: pa.Array, touchpoint: np.ndarray, records: np.ndarray, slots: np.ndarray
    ) -> None:
        """Count a chunk's comments `texts` (none empty), each at `touchpoint` (a code), in
        record `records` and the plan's slot `slots` (both in the file's order)."""
        if not len(texts):
            return
        self._count_comments(touchpoint)
        keys = comment_keys(texts, touchpoint)
        order = np.argsort(keys)
        ordered = keys[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        copies = np.diff(np.r_[starts, len(ordered)])
        if len(starts) < len(ordered):  # the copies of a key in the file's order
            several = np.flatnonzero(np.repeat(copies > 1, copies))
            key = np.repeat(np.arange(len(starts)), copies)[several]
            # (key, place) as one number: a sort of numbers, ten times a lexsort's speed
            order[several] = np.sort(key * len(order) + order[several]) % len(order)
        distinct = ordered[starts]
        # each comment's place among its key's copies in the file so far: 0 the first
        copy = np.repeat(self._counted(distinct) - starts, copies) + np.arange(len(ordered))
        records = records[order].astype(np.uint32)
        later = np.flatnonzero((copy >= 1) & (copy < LINES_KEPT))
        if len(later):
            self.later.append((ordered[later], records[later]))
        nth = np.flatnonzero(copy == MIN_REPEATS - 1)
        if len(nth):
            at = order[nth]
            found = texts.take(pa.array(at)).to_pylist()
            for key, text, slot in zip(
                ordered[nth].tolist(), found, slots[at].tolist(), strict=True
            ):
                self.texts[key] = (text, slot)
        self.parts.append((distinct, copies.astype(np.uint32), records[starts]))
        while len(self.parts) > 1 and len(self.parts[-1][0]) >= len(self.parts[-2][0]):
            self.parts[-2:] = [_merged(*self.parts[-2:])]

    def found(self) -> list[Repeat]:
        """The texts repeated MIN_REPEATS times or more, MIN_SHARE per cent or more of their
        touchpoint's comments, of MIN_WORDS words or more: by touchpoint, the most copied
        first. Only the keys with a text kept can be (it is kept at the MIN_REPEATS-th
        copy): theirs are sought in the parts, which are not merged for it."""
        keys = np.array(sorted(self.texts), dtype=np.uint64)
        copies = self._counted(keys)
        touchpoint = (keys >> np.uint64(HASH_BITS)).astype(np.int64)
        comments = self.comments[touchpoint] if len(keys) else np.zeros(0, dtype=np.int64)
        many = [
            at
            for at in np.flatnonzero(100 * copies >= MIN_SHARE * comments).tolist()
            if len(self.texts[int(keys[at])][0].split()) >= MIN_WORDS
        ]
        records: dict[int, list[int]] = {}
        for part_keys, _copies, first in self.parts:  # the oldest holding a key has its first
            at = np.minimum(np.searchsorted(part_keys, keys[many]), len(part_keys) - 1)
            for key, hit, record in zip(
                keys[many].tolist(), part_keys[at] == keys[many], first[at].tolist(), strict=True
            ):
                if hit and key not in records:
                    records[key] = [record]
        for part_keys, part_records in self.later:
            for at in np.flatnonzero(np.isin(part_keys, keys[many])).tolist():
                records[int(part_keys[at])].append(int(part_records[at]))
        found = []
        for at in many:
            key = int(keys[at])
            text, slot = self.texts[key]
            lines = tuple(sorted(records[key])[:LINES_KEPT])
            found.append(
                Repeat(int(touchpoint[at]), text, int(copies[at]), int(comments[at]), lines, slot)
            )
        return sorted(found, key=lambda r: (r.touchpoint, -r.n, r.records[0]))

    def _count_comments(self, touchpoint: np.ndarray) -> None:
        counted = np.bincount(touchpoint, minlength=len(self.comments))
        counted[: len(self.comments)] += self.comments
        self.comments = counted

    def _counted(self, distinct: np.ndarray) -> np.ndarray:
        """How many copies of each of the `distinct` keys (sorted) the parts hold."""
        counted = np.zeros(len(distinct), dtype=np.int64)
        for keys, copies, _first in self.parts:
            at = np.minimum(np.searchsorted(keys, distinct), len(keys) - 1)
            hit = keys[at] == distinct
            counted[hit] += copies[at[hit]].astype(np.int64)
        return counted


def _merged(older: tuple, newer: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Two parts as one: a key's copies summed, its first record the older part's. The
    newer's keys are sought among the older's, and those not there put in their places."""
    keys, copies, first = older
    new_keys, new_copies, new_first = newer
    at = np.searchsorted(keys, new_keys)
    known = keys[np.minimum(at, len(keys) - 1)] == new_keys
    copies = copies.copy()
    copies[at[known]] += new_copies[known]
    new = np.flatnonzero(~known)
    places = at[new] + np.arange(len(new))  # of the new keys, in the merged part
    kept = np.ones(len(keys) + len(new), dtype=bool)
    kept[places] = False
    merged = []
    for old, added in ((keys, new_keys), (copies, new_copies), (first, new_first)):
        both = np.empty(len(kept), dtype=old.dtype)
        both[kept] = old
        both[places] = added[new]
        merged.append(both)
    return merged[0], merged[1], merged[2]


def comment_keys(texts: pa.Array, touchpoint: np.ndarray) -> np.ndarray:
    """Each text's key: its touchpoint's code, then the hash of its words, without case,
    apart by one space each. Made a piece of PIECE_BYTES at a time: their arrays stay in
    the processor's cache (a chunk's 30,000 comments in one piece took three times as
    long, most of it in faulting in and clearing the pages of its arrays)."""
    hashes = _in_pieces(texts, _text_hashes)
    return (touchpoint.astype(np.uint64) << np.uint64(HASH_BITS)) | (
        hashes >> np.uint64(TOUCHPOINT_BITS)
    )


def text_hashes(texts: pa.Array) -> np.ndarray:
    """A 64-bit hash of each text's bytes as they are (case and white space too): the
    reducer's key of a comment given (a text sent twice is one answer given twice). Its
    texts hashed all at once, a piece at a time, took half the time of a loop over their
    8-byte words (0.04 s against 0.09 s for the 300,000 comments of 1,000,000 answers)."""
    return _in_pieces(texts, lambda piece: _hashes(*padded_bytes(piece)))


def _in_pieces(texts: pa.Array, hashed) -> np.ndarray:
    """`hashed` (texts -> their hashes) of `texts`, made a piece of PIECE_BYTES at a time."""
    if isinstance(texts, pa.ChunkedArray):
        texts = texts.combine_chunks()
    ends = np.cumsum(pc.binary_length(texts).to_numpy(zero_copy_only=False), dtype=np.int64)
    cuts = np.searchsorted(ends, np.arange(PIECE_BYTES, ends[-1] if len(ends) else 0, PIECE_BYTES))
    bounds = [0, *np.unique(cuts[cuts > 0]).tolist(), len(texts)]
    return np.concatenate(
        [hashed(texts.slice(a, b - a)) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]
        or [np.zeros(0, dtype=np.uint64)]
    )


def _text_hashes(texts: pa.Array) -> np.ndarray:
    """The hash of each text's words, lower case, apart by one space each. Only the texts
    with other white space than single spaces between words (few: line breaks, mostly)
    are made Python strings, to be split into their words."""
    lowered = pc.utf8_lower(texts)
    offsets, data = padded_bytes(lowered)
    hashes = _hashes(offsets, data)
    spaced = _spaced(offsets, data)
    if len(spaced):
        plain = [" ".join(text.split()) for text in lowered.take(pa.array(spaced)).to_pylist()]
        hashes[spaced] = _hashes(*padded_bytes(pa.array(plain, pa.large_string())))
    return hashes


def _hashes(offsets: np.ndarray, data: np.ndarray) -> np.ndarray:
    """A 64-bit hash of each text's bytes (`padded_bytes`): the sum of its 8-byte words, each
    mixed with its place, then mixed with the length; all texts at once, no loop over
    their words (splitmix64's finaliser mixes)."""
    starts = offsets[:-1]
    lengths = np.diff(offsets)
    words = np.maximum((lengths + 7) >> 3, 1)
    last = np.cumsum(words) - 1
    first = last - words + 1
    place = np.arange(int(last[-1]) + 1 if len(last) else 0, dtype=np.int64)
    place -= np.repeat(first, words)  # each word's place in its text
    # the 8 bytes from any byte on, as one little-endian word (numpy reads them unaligned)
    unaligned = np.ndarray((len(data) - 7,), dtype="<u8", buffer=data, strides=(1,))
    word = unaligned[np.repeat(starts, words) + 8 * place]
    left = lengths - 8 * (words - 1)  # a text's bytes in its last word: 1 to 8, 0 if empty
    shift = (64 - 8 * np.maximum(left, 1)).astype(np.uint64)
    word[last] &= np.where(left > 0, _ALL >> shift, np.uint64(0))  # not the next text's
    word += (place.astype(np.uint64) + np.uint64(1)) * _GOLDEN
    summed = np.add.reduceat(mixed(word), first) if len(first) else word
    return mixed(summed ^ (lengths.astype(np.uint64) * _LENGTH))


def _spaced(offsets: np.ndarray, data: np.ndarray) -> np.ndarray:
    """Which texts (numbers) hold white space other than single spaces between words: a
    control character (a line break, a tab), two spaces in a row, or any space that is not
    ASCII's (Python's str.split reads them all as white space), or start or end with a
    space; found in all the texts' bytes at once (a pair across two texts is a false
    alarm, which costs a split)."""
    text = data[: offsets[-1]]
    space = text == 0x20
    odd = text < 0x20
    odd[:-1] |= space[:-1] & space[1:]
    # the other spaces: U+0085, U+00A0 (C2 ..), U+1680, U+2000-200A, U+2028, U+2029, U+202F,
    # U+205F, U+3000 (E1-E3 .. ..); the bytes after a text's last are the padding's zeros
    lead = np.flatnonzero((text == 0xC2) | ((text >= 0xE1) & (text <= 0xE3)))
    first, second, third = data[lead], data[lead + 1], data[lead + 2]
    wide = (first == 0xC2) & ((second == 0xA0) | (second == 0x85))
    wide |= (first == 0xE2) & (
        ((second == 0x80) & ((third <= 0x8A) | (third == 0xA8) | (third == 0xA9) | (third == 0xAF)))
        | ((second == 0x81) & (third == 0x9F))
    )
    wide |= (first == 0xE3) & (second == 0x80) & (third == 0x80)
    wide |= (first == 0xE1) & (second == 0x9A) & (third == 0x80)
    odd[lead[wide]] = True
    found = np.searchsorted(offsets, np.flatnonzero(odd), side="right") - 1
    given = np.flatnonzero(offsets[1:] > offsets[:-1])
    edge = given[space[offsets[given]] | space[offsets[given + 1] - 1]]
    return np.union1d(found, edge)


def mixed(value: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser: each bit of `value` changes about half of the result's bits
    (the reducer's hashes of respondent ids use it too)."""
    value ^= value >> np.uint64(30)
    value *= np.uint64(0xBF58476D1CE4E5B9)
    value ^= value >> np.uint64(27)
    value *= np.uint64(0x94D049BB133111EB)
    value ^= value >> np.uint64(31)
    return value
