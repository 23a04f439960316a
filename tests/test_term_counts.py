"""Every comment's terms counted per touchpoint x month x polarity, after redaction."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import make_config
from touchsite.load.privacy import Redactor, labels_in, may_hold
from touchsite.load.term_counts import (
    PROBE,
    TermCounter,
    _key_counts,
    _mostly_distinct,
    _summed,
    _use_keys,
)
from touchsite.models import KPIS
from touchsite.terms import GERMAN, POLARITIES, comment_terms


def test_terms_are_counted_per_cell_after_redaction():
    counter = TermCounter(make_config(language="en"))
    texts = ["Mail jane.doe@example.org now!", "mail jane.doe@example.org today", "Slow delay."]
    texts += ["Slow delay.", "Once only", "Okay."]
    nps = KPIS.index("nps")
    counter.add(
        pa.array(texts),
        np.array([0, 0, 0, 1, 1, 1]),
        np.array([600, 600, 600, 601, 601, 601]),  # months since 1970: 2020-01, 2020-02
        np.array([nps, nps, nps, nps, -1, nps]),
        np.array([2, 3, 10, 10, -1, 8]),
    )
    found = counter.result(["a", "b"])
    rows = {
        (tp, period, polarity, term): n
        for tp, period, polarity, term, n in found.counts.astype(str).itertuples(
            index=False, name=None
        )
    }
    assert rows == {
        ("a", "2020-01", "negative", ""): "2",
        ("a", "2020-01", "negative", "mail"): "2",
        ("a", "2020-01", "positive", ""): "1",
        ("a", "2020-01", "positive", "delay"): "1",
        ("a", "2020-01", "positive", "slow"): "1",
        ("a", "2020-01", "positive", "slow delay"): "1",
        ("b", "2020-02", "positive", ""): "1",
        ("b", "2020-02", "positive", "delay"): "1",
        ("b", "2020-02", "positive", "slow"): "1",
        ("b", "2020-02", "positive", "slow delay"): "1",
        ("b", "2020-02", "neutral", ""): "2",  # no score, and an NPS of 8
    }
    # the address, in two comments, is redacted before it is read; "once" is in one comment
    assert set(found.forms) == {"mail", "delay", "slow", "slow delay"}
    assert found.forms["mail"] == "Mail"


def _add_detractors(counter: TermCounter, texts: list[str]) -> None:
    """`texts` as NPS detractors' comments (2) of touchpoint 0 in January 2020."""
    n = len(texts)
    counter.add(
        pa.array(texts),
        np.zeros(n, dtype=np.int64),
        np.full(n, 600),  # months since 1970
        np.full(n, KPIS.index("nps")),
        np.full(n, 2),
    )


def test_numbers_never_become_terms_and_addresses_are_taken_out_first():
    # phone, card and IBAN numbers are digits, which the tokeniser does not read; a street
    # address holds words and is redacted before counting
    counter = TermCounter(make_config(language="de"))
    texts = ["Rückruf an 0171 2345678 bitte, Hauptstraße 5 in 12345 Berlin"] * 2
    texts += ["IBAN DE89 3704 0044 0532 0130 00 Erstattung fehlt"] * 2
    _add_detractors(counter, texts)
    terms = set(counter.result(["a"]).counts["term"].astype(str))
    assert not any(char.isdigit() for term in terms for char in term)
    assert not any("hauptstra" in term for term in terms), terms
    assert {"ruckruf", "erstatt"} & {term.split(" ")[0] for term in terms}


def test_a_chunks_personal_data_is_looked_for_by_arrow_once(monkeypatch):
    """Arrow tells which comments of a chunk may hold an e-mail or street address once: the
    redaction's first pass takes what it told (it told twice before, on the same texts)."""
    import touchsite.load.privacy as privacy

    asked = []
    hints = privacy.hints
    monkeypatch.setattr(
        privacy, "hints", lambda texts, kinds: asked.append(len(texts)) or hints(texts, kinds)
    )
    counter = TermCounter(make_config(language="de"))
    texts = ["Bitte an erika@example.org schreiben", "Wohne Hauptstraße 5, Paket fehlt"]
    texts += ["Paket fehlt", "Paket kam an"]
    _add_detractors(counter, texts)
    assert len(asked) == 1
    terms = set(counter.result(["a"]).counts["term"].astype(str))
    assert not {"erika", "example", "hauptstrass", "hauptstra"} & {
        t for term in terms for t in term.split(" ")
    }
    assert {"pak", "fehlt", "pak fehlt"} <= terms


WORDS = ["Rückruf", "kam", "nie", "kein", "Lieferung", "pünktlich", "late", "never", "a@b.de"]
# what a customer writes that the terms' redaction takes out, or that looks like it
PERSONAL = ["erika@example.org", "max (at) gmx punkt de", "Hauptstraße 5", "12345 Berlin"]
PERSONAL += ["[E-Mail entfernt]", "[Adresse entfernt]", "[email removed]", "at", "0171 2345678"]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.lists(st.sampled_from([*WORDS, *PERSONAL, ".", "Paket"]), max_size=8).map(" ".join),
        max_size=12,
    ),
    st.booleans(),
)
def test_a_chunks_texts_are_read_as_each_redacted_alone_with_its_labels_clause_breaks(texts, large):
    # each text as the redaction of e-mail and street addresses leaves it, alone; in those
    # it reads (those that may hold either), what replaces them (and any such label the
    # customer wrote) is a clause break: no term
    counter = TermCounter(make_config(language="de"))
    kinds = ("email", "address")
    hinted = may_hold(pa.array(texts, pa.string()), kinds)
    expected = []
    for number, text in enumerate(texts):
        if hinted["email"][number] or hinted["address"][number]:
            text = Redactor("de", kinds=kinds)(text)
            for label in labels_in("de").values():
                text = text.replace(label, " . ")
        expected.append(text)
    kind = pa.large_string() if large else pa.string()
    assert counter._redacted(pa.array(texts, kind)).to_pylist() == expected


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from([*WORDS, ".", ",", "5"]), max_size=8).map(" ".join),
            st.integers(0, 2),  # touchpoint
            st.integers(-1, len(KPIS) - 1),
            st.integers(0, 10),
        ),
        max_size=30,
    ),
    st.lists(st.booleans(), min_size=30, max_size=30),
)
def test_counts_joined_from_two_counters_are_one_counters(comments, where):
    # a worker process counts some chunks, this one the others: joined, the same counts
    config = make_config(language="de")
    one, here, there = TermCounter(config), TermCounter(config), TermCounter(config)
    for start in range(0, len(comments), 4):
        chunk = comments[start : start + 4]
        texts, touchpoint, kpi, score = (list(column) for column in zip(*chunk, strict=True))
        columns = (
            pa.array(texts),
            np.array(touchpoint),
            np.full(len(chunk), 650),
            np.array(kpi),
            np.array(score),
        )
        one.add(*columns)
        (here if where[start // 4] else there).add(*columns)
    there.absorb(here)
    joined, alone = there.result(["a", "b", "c"]), one.result(["a", "b", "c"])
    if alone is None:
        assert joined is None or joined.counts.empty
        return
    pd.testing.assert_frame_equal(joined.counts, alone.counts)
    assert joined.forms == alone.forms


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.lists(st.sampled_from([*WORDS, ".", ",", "Rückrufe", "RÜCKRUF"]), max_size=8).map(
                " ".join
            ),
            st.integers(0, 2),  # touchpoint
            st.integers(-30, 30),  # month since 1970 (before it, too)
            st.integers(-1, len(KPIS) - 1),
            st.integers(0, 10),
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 40),
    st.sampled_from([1, 10**9]),
)
def test_counts_are_each_comments_terms_summed_per_cell(comments, merge_at, repeated_from):
    config = make_config(language="de")
    counter = TermCounter(config)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("touchsite.load.term_counts.MERGE_AT", merge_at)  # merged as it goes
        # equal comments read each (1) or once (10**9: but in a chunk without any)
        patch.setattr("touchsite.load.term_counts.REPEATED_FROM", repeated_from)
        for start in range(0, len(comments), 7):
            chunk = comments[start : start + 7]
            texts, touchpoint, month, kpi, score = (
                np.array(column) for column in zip(*chunk, strict=True)
            )
            counter.add(pa.array(texts.tolist()), touchpoint, month, kpi, score)
    counts: Counter = Counter()
    for text, touchpoint, month, kpi, score in comments:
        definition = config.kpis[KPIS[kpi]] if kpi >= 0 else None
        polarity = "neutral"
        if definition is not None and score in definition.scores:
            polarity = definition.polarity(score)
        found = comment_terms([text], GERMAN)
        for term in {found.keys[t] for t in found.term.tolist()}:
            counts["abc"[touchpoint], month, polarity, term] += 1
    used: Counter = Counter()
    for (_, _, _, term), n in counts.items():
        used[term] += n
    expected = sorted(
        (
            ("abc".index(tp), month, POLARITIES.index(polarity), term, n)
            for (tp, month, polarity, term), n in counts.items()
            if used[term] >= 2 or term == ""
        )
    )
    table = counter.result(["a", "b", "c"]).counts
    rows = [
        (
            "abc".index(tp),
            (np.datetime64(period, "M") - np.datetime64("1970-01", "M")).astype(int),
            POLARITIES.index(polarity),
            term,
            n,
        )
        for tp, period, polarity, term, n in table.astype(object).itertuples(index=False)
    ]
    assert rows == expected
    assert list(table["term"].cat.categories) == sorted({row[3] for row in expected})


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(st.tuples(st.integers(0, 2**64 - 1), st.integers(1, 10**6)), max_size=30),
        max_size=5,
    ),
    st.booleans(),
)
def test_summed_adds_each_keys_counts_whether_parts_are_sorted_runs_or_not(parts, runs):
    expected = _counted([pair for part in parts for pair in part])
    if runs:  # as the counter merges its parts: each sorted, each key once
        parts = [sorted(_counted(part).items()) for part in parts]
    pairs = [pair for part in parts for pair in part]
    key = np.array([k for k, _ in pairs], dtype=np.uint64)
    n = np.array([n for _, n in pairs], dtype=np.int64)
    summed_key, summed_n = _summed(key, n)
    assert summed_key.tolist() == sorted(expected)
    assert summed_n.tolist() == [expected[k] for k in sorted(expected)]
    assert summed_n.dtype == np.int64


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(0, 2**64 - 1), max_size=40),
    st.lists(st.integers(0, 2**64 - 1), min_size=1, max_size=5),
)
def test_key_counts_are_numpys_unique_counts(keys, repeated):
    """A chunk's keys come in sorted runs, with keys repeated in and across them."""
    key = np.array(sorted(keys) + keys + repeated * 3, dtype=np.uint64)
    distinct, n = _key_counts(key)
    expected, expected_n = np.unique(key, return_counts=True)
    assert distinct.tolist() == expected.tolist() and distinct.dtype == np.uint64
    assert n.tolist() == expected_n.tolist() and n.dtype == expected_n.dtype
    empty, none = _key_counts(key[:0])
    assert empty.tolist() == [] and none.tolist() == [] and none.dtype == expected_n.dtype


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 2**18 - 1),  # touchpoint
            st.integers(-(2**15), 2**15 - 1),  # month since 1970
            st.integers(0, 2),  # polarity
        ),
        min_size=1,
        max_size=20,
    ),
    st.lists(st.integers(0, 2**28 - 1), min_size=1, max_size=20),
    st.data(),
)
def test_a_uses_key_is_its_comments_cell_and_its_terms_code_in_64_bits(comments, codes, data):
    """From the high end: 18 bits of touchpoint, 16 of month (offset by 2**15), 2 of
    polarity, 28 of the term's code."""
    uses = data.draw(
        st.lists(st.tuples(st.integers(0, len(comments) - 1), st.integers(0, len(codes) - 1)))
    )
    text = np.array([comment for comment, _ in uses], dtype=np.int64)
    term = np.array([code for _, code in uses], dtype=np.int64)
    touchpoint, month, polarity = (np.array(column) for column in zip(*comments, strict=True))
    keys = _use_keys(touchpoint, month, polarity, np.array(codes), text, term)
    expected = []
    for comment, code in uses:
        tp, mo, pol = comments[comment]
        expected.append((tp << 46) + ((mo + 2**15) << 30) + (pol << 28) + codes[code])
    assert keys.tolist() == expected and keys.dtype == np.uint64


def test_a_term_code_beyond_28_bits_is_refused():
    one = np.zeros(1, dtype=np.int64)
    with pytest.raises(ValueError, match="distinct comment terms"):
        _use_keys(one, one, one, np.array([5, 2**28]), one, one)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], True),
        (["a", "b", "c", "d", "e", "f", "g", "h", "i", "a"], True),  # one in ten repeats
        (["a", "b", "c", "d", "e", "f", "g", "h", "a", "a"], False),  # two in ten
        (["Alles gut"] * 3, False),
        # a null: only the reading that looks for equals takes it
        (["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", None], False),
        ([f"text {i}" for i in range(PROBE)] + ["again"] * 1_000, True),  # past the probe
        (["again"] * 1_000 + [f"text {i}" for i in range(PROBE)], False),
        ([], True),
    ],
)
def test_a_chunks_comments_are_read_one_by_one_where_its_first_ones_nearly_all_differ(
    texts, expected
):
    assert _mostly_distinct(pa.array(texts, pa.large_string())) is expected


def _counted(pairs: list[tuple[int, int]]) -> Counter:
    counted = Counter()
    for key, n in pairs:
        counted[key] += n
    return counted


@pytest.mark.parametrize(
    ("comments", "size"), [(2, 1), (255, 1), (256, 2), (65_535, 2), (65_536, 4)]
)
def test_counts_leave_the_worker_in_the_smallest_type_and_reach_the_table_whole(comments, size):
    """The worker's reply carries the counts in the fewest bytes that hold the largest (the
    pipe carries it while the build waits); the table has each count whole, as int64."""
    counter = TermCounter(make_config(language="en"))
    _add_detractors(counter, ["Slow delay."] * comments)
    counted = counter.counted(["a"])
    assert counted.n.dtype.itemsize == size
    table = counted.term_counts().counts
    assert table["n"].dtype == np.int64
    # each of the terms is in every comment once; the term "" counts the comments
    assert dict(zip(table["term"].astype(str), table["n"].tolist(), strict=True)) == {
        "": comments,
        "delay": comments,
        "slow": comments,
        "slow delay": comments,
    }
