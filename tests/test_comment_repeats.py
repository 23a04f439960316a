"""The same comment many times at one touchpoint (touchsite/load/comment_repeats.py)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from touchsite.load import comment_repeats
from touchsite.load.comment_repeats import (
    LINES_KEPT,
    MIN_REPEATS,
    MIN_SHARE,
    MIN_WORDS,
    Repeat,
    RepeatCounter,
    comment_keys,
)

BOT = "Test Test Test Kundenservice"


def counted(comments: list[tuple[int, str]], cuts: tuple[int, ...] = (), slots=None):
    """What a RepeatCounter finds in `comments` (touchpoint, text), record i the i-th,
    read in chunks cut at `cuts`."""
    counter = RepeatCounter()
    bounds = [0, *sorted(set(cuts)), len(comments)]
    slot = np.zeros(len(comments), dtype=np.int64) if slots is None else np.asarray(slots)
    for start, end in zip(bounds, bounds[1:], strict=False):
        if end <= start:
            continue
        part = comments[start:end]
        counter.add(
            pa.array([text for _, text in part]),
            np.array([tp for tp, _ in part], dtype=np.int32),
            np.arange(start, end, dtype=np.int64),
            slot[start:end],
        )
    return counter.found()


def others(count: int, touchpoint: int = 0) -> list[tuple[int, str]]:
    return [(touchpoint, f"Kommentar Nummer {i} zur Lieferung") for i in range(count)]


def keys(texts: list[str], touchpoint: int = 0) -> list[int]:
    return comment_keys(pa.array(texts), np.full(len(texts), touchpoint)).tolist()


def test_texts_are_compared_without_case_and_with_their_white_space_as_single_spaces():
    same = [
        BOT,
        "test TEST test kundenservice",
        "Test  Test\tTest\nKundenservice",
        "Test\u00a0Test\u2009Test\r\nKundenservice",
        " Test Test Test Kundenservice ",
    ]
    other = [
        "Test Test Test Kundenservice.",  # punctuation is the text's own
        "Test Test Kundenservice Test",
        "TestTest Test Kundenservice",
    ]
    found = keys(same + other)
    assert len(set(found[: len(same)])) == 1
    assert len(set(found)) == 1 + len(other)
    assert keys([BOT], touchpoint=1) != keys([BOT])  # another touchpoint's


def test_a_text_repeated_across_chunks_is_counted_with_its_first_lines():
    """12 copies, every 7th comment from record 3 on, among 100 comments of touchpoint 0,
    read in three chunks: 12 copies of 100 comments, their first five records, the text
    as its tenth copy (record 66) wrote it."""
    comments = others(100)
    for copy in range(12):
        comments[3 + 7 * copy] = (0, BOT if copy % 2 == 0 else "TEST test Test  kundenservice")
    assert counted(comments, cuts=(30, 64)) == [
        Repeat(0, "TEST test Test  kundenservice", 12, 100, (3, 10, 17, 24, 31), 0)
    ]
    assert counted(comments) == counted(comments, cuts=tuple(range(1, 100)))


def test_ten_copies_in_a_tenth_of_the_comments_are_found_and_fewer_are_not():
    def bot(copies: int, comments: int, text: str = BOT) -> list[tuple[int, str]]:
        return [(0, text)] * copies + others(comments - copies)

    assert [r.n for r in counted(bot(10, 100))] == [10]  # 10 %
    assert counted(bot(10, 101)) == []  # 9.9 %
    assert counted(bot(9, 50)) == []  # 18 %, but 9 copies
    assert counted(bot(40, 100, "Alles gut, danke")) == []  # 3 words
    assert [r.n for r in counted(bot(40, 100, "Alles gut, danke schön"))] == [40]
    assert (MIN_REPEATS, MIN_SHARE, MIN_WORDS, LINES_KEPT) == (10, 10, 4, 5)


def test_copies_are_counted_per_touchpoint_and_found_in_their_slot():
    """Eight copies at each of two touchpoints are no finding; 15 at touchpoint 1 (of 20 of
    its comments) are, with the slot of the tenth (a wide export's touchpoint columns)."""
    comments = [(0, BOT)] * 8 + [(1, BOT)] * 8 + others(50)
    assert counted(comments) == []
    comments = [(1, BOT)] * 15 + others(5, touchpoint=1) + others(200)
    slots = [7] * 9 + [4] + [7] * (len(comments) - 10)
    assert counted(comments, cuts=(5,), slots=slots) == [Repeat(1, BOT, 15, 20, (0, 1, 2, 3, 4), 4)]


def normal(text: str) -> str:
    return " ".join(text.lower().split())


WORD = st.text(alphabet="abcdeäöüßABCÄÖÜ€„“!.,'0123456789", min_size=1, max_size=6)
SPACE = st.sampled_from([" ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2009", "\u3000", "\x1c"])


@st.composite
def texts(draw, min_words: int = 1) -> str:
    words = draw(st.lists(WORD, min_size=min_words, max_size=8))
    gaps = [draw(SPACE) for _ in words[1:]]
    return words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))


@given(st.lists(texts(), min_size=1, max_size=40), st.integers(0, 3))
def test_two_texts_share_a_key_exactly_where_they_read_alike(found, touchpoint):
    """Case aside and any run of white space read as one space, as Python's str.split reads
    white space (the keys' hash bits make a chance collision 1 in 2^46 a pair)."""
    found_keys = keys(found, touchpoint)
    for one, key_one in zip(found, found_keys, strict=True):
        for other, key_other in zip(found, found_keys, strict=True):
            assert (key_one == key_other) == (normal(one) == normal(other))


CHUNKING = st.lists(st.integers(0, 300), max_size=6)


@settings(max_examples=60)
@given(
    st.lists(st.tuples(st.integers(0, 2), texts(min_words=MIN_WORDS)), max_size=300),
    CHUNKING,
)
def test_distinct_comments_never_make_a_finding(comments, cuts):
    """However many, at however few touchpoints, read in whatever chunks: no text is a
    finding unless it is written again."""
    seen = set()
    distinct = []
    for touchpoint, text in comments:
        if (touchpoint, normal(text)) not in seen:
            seen.add((touchpoint, normal(text)))
            distinct.append((touchpoint, text))
    assert counted(distinct, tuple(cut for cut in cuts if cut < len(distinct))) == []


POOL = [BOT, "Alles gut, danke", "Die Lieferung kam zwei Tage zu spät", "Sehr freundliche Beratung"]


def variant(draw, text: str) -> str:
    """`text` as a customer (or a bot) may write it again: words in capitals, other spaces."""
    words = [word.upper() if draw(st.booleans()) else word for word in text.split(" ")]
    gaps = [draw(SPACE) for _ in words[1:]]
    return words[0] + "".join(gap + word for gap, word in zip(gaps, words[1:], strict=True))


@st.composite
def written(draw) -> list[tuple[int, str]]:
    """Up to 25 copies of each of the pool's texts at each of two touchpoints, and up to 60
    texts of their own, in any order."""
    comments = [
        (touchpoint, variant(draw, text))
        for text in POOL
        for touchpoint in (0, 1)
        for _ in range(draw(st.integers(0, 25)))
    ]
    comments += draw(st.lists(st.tuples(st.integers(0, 1), texts()), max_size=60))
    return [comments[i] for i in draw(st.permutations(range(len(comments))))]


@settings(max_examples=80)
@given(written(), CHUNKING)
def test_the_counts_are_those_of_all_comments_however_they_are_chunked(comments, cuts):
    """Worked out here from every comment at once: each text's copies per touchpoint, its
    touchpoint's comments and first records; the chunks read one at a time find the same."""
    copies = Counter((tp, normal(text)) for tp, text in comments)
    per_touchpoint = Counter(tp for tp, _ in comments)
    expected = []
    for (tp, text), n in copies.items():
        if (
            n >= MIN_REPEATS
            and 100 * n >= MIN_SHARE * per_touchpoint[tp]
            and len(text.split()) >= 4
        ):
            records = [i for i, c in enumerate(comments) if (c[0], normal(c[1])) == (tp, text)]
            expected.append((tp, text, n, per_touchpoint[tp], tuple(records[:LINES_KEPT])))
    found = counted(comments, tuple(cut for cut in cuts if cut < len(comments)))
    assert sorted((r.touchpoint, normal(r.text), r.n, r.comments, r.records) for r in found) == (
        sorted(expected)
    )


@given(
    st.lists(st.one_of(st.text(max_size=30), st.sampled_from(["Gut", "gut", "gut ", "a" * 8])),
             max_size=40),
    st.integers(0, 5),
    st.sampled_from([8, 64, 1 << 18]),
)  # fmt: skip
def test_a_texts_hash_is_its_bytes_alone_wherever_it_stands(texts, cut, piece):
    """A text's hash (the reducer's key of a comment given) is the same alone, beside any
    other texts, in a slice, in large strings and in pieces of any size; texts that differ
    at all (case, a space, a length on the eight bytes hashed at a time) hash apart."""
    monkeypatch = pytest.MonkeyPatch()
    alone = [int(comment_repeats.text_hashes(pa.array([text], pa.string()))[0]) for text in texts]
    monkeypatch.setattr(comment_repeats, "PIECE_BYTES", piece)
    try:
        array = pa.array(texts, pa.string())
        assert comment_repeats.text_hashes(array).tolist() == alone
        assert comment_repeats.text_hashes(array.slice(cut)).tolist() == alone[cut:]
        large = pa.array(texts, pa.large_string())
        assert comment_repeats.text_hashes(large).tolist() == alone
    finally:
        monkeypatch.undo()
    assert len(set(alone)) == len(set(texts))
