"""The reduction of answers to counts: grouped by one sort, the counts summed by hand here."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import tempfile
import weakref
from collections import Counter
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, small_chunks
from touchsite.errors import Problems
from touchsite.groups import distinct, group_counts, group_rows, group_sums, table_sums
from touchsite.load import reducer
from touchsite.load.feedback import load_feedback
from touchsite.models import Comment
from touchsite.project import load_project


@given(
    st.lists(st.one_of(st.integers(-30, 30), st.integers(-(2**40), 2**40)), max_size=30),
    st.sampled_from(["int16", "int64", "datetime64[D]"]),
)
def test_distinct_values_are_the_sorted_values_each_value_pointing_at_its_own(values, kind):
    """Counted (few numbers between the least and the greatest) or sorted (many), as a set
    finds them; days as numbers of days."""
    if kind == "int16":  # negative and wide too: their span may exceed the type's range
        values = [(value + 2**15) % 2**16 - 2**15 for value in values]
    array = np.array(values, dtype="int64").astype(kind)
    found, index = distinct(array)
    assert found.dtype == array.dtype
    numbers, found = array.astype("int64").tolist(), found.astype("int64").tolist()
    assert found == sorted(set(numbers))
    assert [found[i] for i in index.tolist()] == numbers


def test_distinct_narrow_numbers_spanning_more_than_their_type_holds():
    """int16 values from -20,000 to 20,000, counted: their offsets from the least were taken
    in int16 and wrapped to negative numbers, which bincount refused."""
    array = np.array([-20000, 20000, 0, 5] * 20000, dtype=np.int16)
    found, index = distinct(array)
    assert found.tolist() == [-20000, 0, 5, 20000]
    assert index[:4].tolist() == [0, 3, 1, 2]


KEY = st.one_of(st.integers(-3, 3), st.integers(-(2**40), 2**40))  # large: no packing


@given(st.lists(st.tuples(KEY, KEY, st.integers(0, 5)), min_size=1, max_size=60))
def test_groups_are_the_rows_with_equal_keys_in_the_keys_order(rows):
    keys = [np.array(column, dtype=np.int64) for column in zip(*rows, strict=True)]
    order, starts = group_rows(keys)
    firsts = [tuple(int(key[row]) for key in keys) for row in order[starts]]
    assert firsts == sorted(set(rows))
    sizes = np.diff(np.r_[starts, len(rows)]).tolist()
    assert dict(zip(firsts, sizes, strict=True)) == Counter(rows)
    assert sorted(order.tolist()) == list(range(len(rows)))


@given(
    st.lists(st.tuples(st.integers(-3, 3), st.integers(0, 2), st.integers(-2, 9)), max_size=60),
    st.sampled_from([np.int8, np.int16, np.int32, np.int64]),
    st.sampled_from([0, 2**40, -(2**40), 2**62, -(2**62)]),
)
def test_keys_far_from_zero_are_packed_and_grouped_as_their_values(rows, dtype, far):
    """Keys with small ranges but large values (packed into one number): grouped as Python
    groups them."""
    if not rows:
        return
    keys = [
        np.array([row[0] + far for row in rows], dtype=np.int64),
        np.array([row[1] for row in rows], dtype=dtype),
        np.array([row[2] - far // 2 for row in rows], dtype=np.int64),
    ]
    values = [tuple(int(key[row]) for key in keys) for row in range(len(rows))]
    order, starts = group_rows(keys)
    firsts = [values[row] for row in order[starts]]
    assert firsts == sorted(set(values))
    sizes = np.diff(np.r_[starts, len(rows)]).tolist()
    assert dict(zip(firsts, sizes, strict=True)) == Counter(values)


@given(
    st.lists(st.tuples(KEY, st.integers(-3, 3), KEY), min_size=1, max_size=60),
    st.sampled_from([np.int8, np.int16, np.int32, np.int64]),
    st.sampled_from([0, 2**40, -(2**40)]),
)
def test_group_counts_are_each_groups_keys_rows_and_least_value(rows, dtype, far):
    """Counted by hand: the distinct keys in order, how many rows have each, the least of
    their values; the keys keep their types (packed where the ranges allow, else sorted)."""
    keys = [
        np.array([row[0] for row in rows], dtype=np.int64),
        np.array([row[1] for row in rows], dtype=dtype),
    ]
    least = np.array([row[2] + far for row in rows], dtype=np.int64)
    found, n, low = group_counts(keys, least)
    pairs = [(row[0], row[1]) for row in rows]
    expected = sorted(set(pairs))
    assert [tuple(int(key[at]) for key in found) for at in range(len(n))] == expected
    assert [key.dtype for key in found] == [np.int64, np.dtype(dtype)]
    assert n.tolist() == [Counter(pairs)[pair] for pair in expected]
    least_of = {pair: min(row[2] + far for row in rows if row[:2] == pair) for pair in expected}
    assert low.tolist() == list(least_of.values())
    found, n, none = group_counts(keys)
    assert none is None and n.tolist() == [Counter(pairs)[pair] for pair in expected]


@given(
    st.lists(st.tuples(KEY, st.integers(-3, 3), KEY, st.integers(-5, 5)), min_size=1, max_size=60)
)
def test_group_sums_are_each_groups_keys_summed_values_and_least_value(rows):
    """Summed by hand: the distinct keys in order, the sum of their rows' values (a group
    whose values sum to 0 is one still), the least of their least values."""
    keys = [np.array([row[at] for row in rows], dtype=np.int64) for at in (0, 1)]
    least = np.array([row[2] for row in rows], dtype=np.int64)
    values = np.array([row[3] for row in rows], dtype=np.int64)
    found, summed, low = group_sums(keys, values, least)
    expected = sorted({row[:2] for row in rows})
    assert [tuple(int(key[at]) for key in found) for at in range(len(summed))] == expected
    assert summed.tolist() == [sum(r[3] for r in rows if r[:2] == pair) for pair in expected]
    assert low.tolist() == [min(r[2] for r in rows if r[:2] == pair) for pair in expected]
    assert summed.dtype == np.int64 and group_sums(keys, values)[2] is None


@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), st.sampled_from(["", "a", "A", "ä", "a "]), st.text(max_size=3)),
            st.binary(max_size=3),
            st.integers(-(2**40), 2**40),
            st.integers(0, 9),
        ),
        max_size=40,
    ),
    st.integers(1, 3),
)
def test_table_sums_are_each_key_pairs_values_summed_however_the_rows_are_cut(rows, parts):
    """Summed by hand (a Counter per value column): a row per distinct (text, bytes) pair,
    a missing text a key of its own, the values summed in their type, from a table in
    `parts` chunks."""
    schema = pa.schema(
        [("text", pa.string()), ("set", pa.large_binary()), ("n", pa.int64()), ("m", pa.int32())]
    )
    table = pa.concat_tables(
        pa.table([list(column) for column in zip(*rows[part::parts], strict=True)] or [[]] * 4,
                 schema=schema)
        for part in range(parts)
    )  # fmt: skip
    summed = table_sums(table, ["text", "set"], ["n", "m"])
    n, m = Counter(), Counter()
    for text, key, first, second in rows:
        n[text, key] += first
        m[text, key] += second
    assert summed.schema == schema
    got = zip(*(summed[name].to_pylist() for name in schema.names), strict=True)
    assert sorted(got, key=repr) == sorted(((*pair, n[pair], m[pair]) for pair in n), key=repr)


IDS = st.lists(
    st.one_of(
        st.sampled_from(["R1", "R10", "R1 ", "R0000001", "R00000010", "R0000001R0000001"]),
        st.text(max_size=20),
    ),
    min_size=1,
    max_size=30,
)


@given(IDS, IDS, st.integers(0, 5))
def test_respondent_ids_hash_alike_wherever_they_stand_and_apart_otherwise(ids, others, cut):
    """A respondent's hash is its id's alone: the same beside any other ids, in a slice of
    an array, in Arrow's large strings; different ids (lengths on and off the eight bytes
    taken at a time, one the start of another) hash apart."""
    together = ids + others
    hashes = reducer._hashes(pa.array(together))
    alone = [int(reducer._hashes(pa.array([text]))[0]) for text in together]
    assert hashes.tolist() == alone
    assert reducer._hashes(pa.array(together).slice(cut)).tolist() == alone[cut:]
    assert reducer._hashes(pa.array(together, pa.large_string())).tolist() == alone
    assert len(set(alone)) == len(set(together))


def _mixed(value: int) -> int:
    """splitmix64's finaliser, in Python's whole numbers."""
    mask = 2**64 - 1
    value ^= value >> 30
    value = (value * 0xBF58476D1CE4E5B9) & mask
    value ^= value >> 27
    value = (value * 0x94D049BB133111EB) & mask
    return value ^ (value >> 31)


@given(IDS, st.integers(0, 5))
def test_a_respondent_s_hash_is_its_bytes_eight_at_a_time_mixed_in(ids, cut):
    """Worked out byte by byte: the length plus one times the golden ratio's 64 bits, then
    each 8 bytes of the id's UTF-8 (the last padded with zeros; an empty id's one word of
    them), read little-endian, mixed in. The respondents' order (their numbers, the
    moments' sums) follows these values, so a faster way of reading the words must give
    the same ones."""
    expected = []
    for text in ids:
        data = text.encode()
        value = ((len(data) + 1) * 0x9E3779B97F4A7C15) & (2**64 - 1)
        for place in range(0, max(len(data), 1), 8):  # an empty id: one word of zeros
            value = _mixed(value ^ int.from_bytes(data[place : place + 8], "little"))
        expected.append(value)
    assert reducer._hashes(pa.array(ids)).tolist() == expected
    assert reducer._hashes(pa.array(ids, pa.large_string()).slice(cut)).tolist() == expected[cut:]


KEYS = st.lists(st.integers(0, 12), max_size=25)


@given(st.lists(KEYS, max_size=5))
def test_a_key_is_given_before_once_seen_in_an_earlier_chunk_or_earlier_in_its_own(chunks):
    """Worked out with a set: a key is given again where an earlier chunk, or an earlier
    place in its own, holds it; the seen keys after each chunk are all so far, sorted, each
    once."""
    seen = reducer.SeenKeys()
    known: set[int] = set()
    for chunk in chunks:
        keys = np.array(chunk, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)
        expected = []
        for key in keys.tolist():
            expected.append(key in known)
            known.add(key)
        assert seen.given_before(keys).tolist() == expected
        assert seen.keys.tolist() == sorted(known)


# a row of Answers: its respondent and touchpoint (one of a few), the KPIs it answers (as
# bits of KPIS), its comment (a text's number; 0: none)
GIVEN_ROW = st.tuples(st.integers(0, 5), st.integers(0, 2**5 - 1), st.integers(0, 3))


@given(st.lists(st.lists(GIVEN_ROW, max_size=12), max_size=6))
def test_a_row_gives_an_answer_again_where_its_respondent_gave_it_the_touchpoint_before(chunks):
    """Worked out with a set of (respondent and touchpoint, answer) given: a row gives one
    again where an earlier row, in its chunk or an earlier one, gave that KPI or that
    comment's text for its respondent and touchpoint; its other answers count as given. The
    first respondent and touchpoint to come again may come in any chunk, or none."""
    answers = reducer.GivenAnswers()
    known: set[tuple[int, int, int]] = set()
    kpis = len(reducer.KPIS)
    for chunk in chunks:
        pairs = np.array([pair for pair, _, _ in chunk], dtype=np.uint64)
        given = np.array(
            [[bool(bits >> kpi & 1) for _, bits, _ in chunk] for kpi in range(kpis)]
            + [[text > 0 for _, _, text in chunk]],
            dtype=bool,
        ).reshape(kpis + 1, len(chunk))
        texts = np.array([text for _, _, text in chunk if text], dtype=np.uint64)
        expected = []
        for pair, bits, text in chunk:
            mine = {(pair, kpi, 0) for kpi in range(kpis) if bits >> kpi & 1}
            mine |= {(pair, kpis, text)} if text else set()
            expected.append(bool(mine & known))
            known |= mine
        found = answers.again(
            reducer.Answers(pairs * np.uint64(0x9E3779B97F4A7C15), given, texts * np.uint64(977))
        )
        assert found.tolist() == expected


ROW = st.tuples(
    st.sampled_from(["", "R1", "R2", "R3"]),  # respondent; none, or one who may answer again
    st.sampled_from(["search", "hotline", "quiet", "overall"]),
    st.sampled_from(["2025-12-31", "2026-01-01", "2026-01-20", "2026-03-05"]),
    st.sampled_from(["", "0", "6", "9", "10"]),  # NPS
    st.sampled_from(["", "1", "4", "5"]),  # CSAT
    st.sampled_from(["", "Ärger", "zeta", "Alt", "alt"]),  # segment: sorted by its text
    st.sampled_from(["", "B", "A"]),  # variant
)


@settings(max_examples=60)
@given(st.lists(ROW, min_size=1, max_size=40), st.sampled_from([None, 1, 3]))
def test_the_counts_are_the_answers_counted_by_hand(rows, chunk_rows):
    """Per touchpoint x month x segment x variant x KPI x score, in the order of the names; a
    row that gives an answer its respondent gave the touchpoint before (the same KPI) left
    out, in the chunk of the first or in a later one (`chunk_rows`: records a chunk, about).
    Its other answers count as given all the same: a later row giving one of them again is
    a repeat too. Two rows of one respondent and touchpoint with other KPIs are no repeat (a
    stacked export's rows, one per question)."""
    expected: Counter = Counter()
    seen = set()
    repeats = 0
    for respondent, touchpoint, day, nps, csat, segment, variant in rows:
        if _repeats(seen, respondent, touchpoint, nps=nps, csat=csat):
            repeats += 1
            continue
        for kpi, score in (("nps", nps), ("csat", csat)):
            if score:
                expected[(touchpoint, day[:7], segment, variant, kpi, int(score))] += 1
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        if chunk_rows:  # pyarrow reads blocks of about a record each, handed out in chunks
            small_chunks(patch, chunk_rows, block_bytes=64)
        root = Path(folder) / "mini"
        shutil.copytree(MINI, root)
        _write(root, rows)
        project, problems = load_project(root)
        feedback = load_feedback(
            root, project.config, {tp.id for tp in project.touchpoints}, Problems(root)
        )
    got = [tuple(row) for row in feedback.counts.itertuples(index=False)]
    assert got == [(*key, n) for key, n in sorted(expected.items())]
    found = [finding.rows for finding in feedback.quality if finding.kind == "repeated"]
    assert found == ([repeats] if repeats else [])
    if got:  # no answers: the empty table's columns are of objects
        assert [str(dtype) for dtype in feedback.counts.dtypes] == ["str"] * 5 + ["int64"] * 2
        assert all(type(value) is str for value in feedback.counts["segment"].tolist())


def _repeats(seen: set, respondent: str, touchpoint: str, **answers: str) -> bool:
    """Whether a row repeats an answer its respondent gave the touchpoint before (a KPI's
    score, each once per respondent and touchpoint; the same comment); its answers count as
    given either way. A row without a respondent's id repeats nothing."""
    given = {
        (respondent, touchpoint, name, value if name == "comment" else "")
        for name, value in answers.items()
        if value
    }
    repeated = bool(respondent) and bool(given & seen)
    if respondent:
        seen |= given
    return repeated


WIDE_ROW = st.tuples(
    st.sampled_from(["", "r1", "r2", "r3"]),  # respondent; none, or one who may answer again
    st.sampled_from(["", "1", "5"]),  # search's CSAT
    st.sampled_from(["", "2", "4"]),  # hotline's
    st.sampled_from(["", "3"]),  # quiet's
)


@settings(max_examples=40, deadline=None)
@given(st.lists(WIDE_ROW, min_size=1, max_size=30), st.sampled_from([None, 1, 2]))
def test_a_wide_export_s_respondent_repeats_a_touchpoint_in_a_later_record(rows, chunk_rows):
    """Worked out with a set: a wide export's record is a row per touchpoint answered, all
    of its respondent (whose id is hashed once a record); a later record of the same id
    answering one of those touchpoints again repeats that answer, wherever the chunks fall,
    and its answers elsewhere are kept. Counted by hand: the records that repeat one, and the
    answers kept."""
    touchpoints = ["search", "hotline", "quiet"]
    seen: set = set()
    repeats = 0
    expected: Counter = Counter()
    for respondent, *scores in rows:
        repeated = False
        for touchpoint, score in zip(touchpoints, scores, strict=True):
            if _repeats(seen, respondent, touchpoint, csat=score):
                repeated = True
            elif score:
                expected[(touchpoint, int(score))] += 1
        repeats += repeated  # the finding's rows: the file's records
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        if chunk_rows:  # pyarrow reads blocks of about a record each, handed out in chunks
            small_chunks(patch, chunk_rows, block_bytes=64)
        root = Path(folder) / "mini"
        shutil.copytree(MINI, root)
        with (root / "data" / "feedback.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(["ResponseId", "RecordedDate", "Q1", "Q2", "Q3"])
            for respondent, *scores in rows:
                writer.writerow([respondent, "2026-01-20 10:00:00", *scores])
        yml = root / "touchsite.yml"
        entry = (
            "  - path: data/feedback.csv\n    respondent: ResponseId\n"
            "    date: RecordedDate\n    touchpoints:\n"
            + "".join(
                f"      {tp}: {{csat: Q{number}}}\n" for number, tp in enumerate(touchpoints, 1)
            )
        )
        yml.write_text(
            yml.read_text(encoding="utf-8").replace("  - path: data/feedback.csv\n", entry),
            encoding="utf-8",
        )
        project, _ = load_project(root)
        problems = Problems(root)
        known = {tp.id for tp in project.touchpoints}
        feedback = load_feedback(root, project.config, known, problems)
        problems.raise_if_any()
    counts = feedback.counts
    got = Counter(
        {
            (row.touchpoint, row.score): row.n
            for row in counts[counts["kpi"] == "csat"].itertuples(index=False)
        }
    )
    assert got == expected
    found = [finding.rows for finding in feedback.quality if finding.kind == "repeated"]
    assert found == ([repeats] if repeats else [])


def _write(root: Path, rows) -> None:
    with (root / "data" / "feedback.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(
            ["response_id", "touchpoint", "date", "nps", "csat", "ces", "segment", "variant"]
        )
        for respondent, touchpoint, day, nps, csat, segment, variant in rows:
            writer.writerow([respondent, touchpoint, day, nps, csat, "", segment, variant])


COMMENT_ROW = st.tuples(
    st.sampled_from(["", "r1", "r2"]),  # respondent: "" none
    st.sampled_from(["search", "hotline"]),
    st.sampled_from(["2026-01-01", "2026-01-20", "2026-03-05"]),
    st.sampled_from(["", "0", "9"]),  # NPS
    st.sampled_from(["", "1", "5"]),  # CSAT
    st.sampled_from(["", "Gut", "call 0171 7654321", "mail jane@example.org"]),  # comment
    st.sampled_from(["Alt", "neu"]),  # segment
)
REDACTED = {
    "call 0171 7654321": "call [phone removed]",
    "mail jane@example.org": "mail [email removed]",
}


@settings(max_examples=15, deadline=None)
@given(st.lists(COMMENT_ROW, min_size=1, max_size=30), st.integers(1, 3))
def test_the_comment_sample_is_each_touchpoints_newest_comments_by_hand(rows, kept):
    """The newest `kept` comments of each touchpoint (on one day by respondent id, then by
    row), each with its first KPI's score (none without one) and redacted; a respondent's
    repeated answer and empty rows left out."""
    candidates, seen = [], set()
    for row, (respondent, touchpoint, day, nps, csat, comment, segment) in enumerate(rows):
        if not (nps or csat or comment):
            continue
        if _repeats(seen, respondent, touchpoint, nps=nps, csat=csat, comment=comment):
            continue
        if comment:
            kpi, score = (
                ("nps", float(nps)) if nps else ("csat", float(csat)) if csat else (None, None)
            )
            text = REDACTED.get(comment, comment)
            found = Comment(touchpoint, dt.date.fromisoformat(day), segment, score, kpi, text)
            candidates.append(
                ((touchpoint, -dt.date.fromisoformat(day).toordinal(), respondent, row), found)
            )
    expected: dict[str, list[Comment]] = {}
    for _key, found in sorted(candidates, key=lambda pair: pair[0]):
        if len(expected.setdefault(found.touchpoint, [])) < kept:
            expected[found.touchpoint].append(found)
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        patch.setattr(reducer, "COMMENTS_PER_TOUCHPOINT", kept)
        root = Path(folder) / "mini"
        shutil.copytree(MINI, root)
        with (root / "data" / "feedback.csv").open("w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out)
            writer.writerow(
                ["response_id", "touchpoint", "date", "nps", "csat", "comment", "segment"]
            )
            writer.writerows(rows)
        project, problems = load_project(root)
        feedback = load_feedback(
            root, project.config, {tp.id for tp in project.touchpoints}, Problems(root)
        )
    assert feedback.comments == expected


def test_two_open_questions_of_a_touchpoint_in_a_stacked_export_are_two_answers(
    tmp_path: Path,
):
    """A stacked export asks of the hotline what was good and what could be better, one row
    each, both its comment (where: lists both, as `data inspect` proposes). Each respondent's
    second open answer was left out as a repeated answer; now a comment repeats only where
    its respondent said the same to the touchpoint before (an answer sent twice)."""
    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    good, better = "Was war gut?", "Was können wir besser machen?"
    rows = [
        ("r1", good, "Freundlich am Telefon"),
        ("r1", better, "Kürzere Wartezeit bitte"),
        ("r2", good, "Schnell geholfen"),
        ("r2", better, "Rückruf kam nie"),
        ("r2", better, "Rückruf kam nie"),  # sent twice
    ]
    with (root / "data" / "stacked.csv").open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["id", "date", "Frage", "Antwort"])
        writer.writerows([(who, "2026-03-02", asked, said) for who, asked, said in rows])
    yml = root / "touchsite.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace(
            "  - path: data/feedback.csv\n",
            "  - path: data/stacked.csv\n    respondent: id\n    date: date\n"
            "    touchpoints:\n      hotline:\n        comment: {column: Antwort, where: "
            f'{{Frage: ["{good}", "{better}"]}}}}\n',
        ),
        encoding="utf-8",
    )
    project, problems = load_project(root)
    feedback = load_feedback(
        root, project.config, {tp.id for tp in project.touchpoints}, Problems(root)
    )
    texts = sorted(comment.text for comment in feedback.comments["hotline"])
    assert texts == sorted({said for _, _, said in rows})
    [repeated] = [finding.rows for finding in feedback.quality if finding.kind == "repeated"]
    assert repeated == 1


def test_the_memory_the_reading_freed_is_given_back_once_the_reducer_is_gone(monkeypatch):
    """The analysis and the render fork from the build, and a forked process's resident pages
    start as the build's: load_feedback gives the freed memory back after the reducer (its
    answers, its chunks' parts) is let go, not while it still holds them."""
    made: weakref.WeakSet[reducer.Reducer] = weakref.WeakSet()
    alive_then = []

    class Watched(reducer.Reducer):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            made.add(self)

    monkeypatch.setattr("touchsite.load.feedback.Reducer", Watched)
    monkeypatch.setattr(
        "touchsite.load.feedback.give_back_freed_memory", lambda: alive_then.append(len(made))
    )
    project, problems = load_project(MINI)
    loaded = load_feedback(MINI, project.config, {tp.id for tp in project.touchpoints}, problems)
    assert loaded.rows
    assert alive_then == [0]


@given(
    st.lists(st.integers(0, 2**64 - 1), max_size=60),
    st.lists(st.integers(0, 40), max_size=200),
    st.integers(1, 50),
)
def test_respondents_are_numbered_in_the_order_of_their_keys_however_they_are_spanned(
    spread, few, at_once
):
    """Worked out with sorted(set()): each key's number is its place among the distinct keys.
    Keys spread over the top bits, and few keys each given many times that share them (a
    group of top bits larger than a span, ids without a hash); numbered a few at a time, so
    that a key's copies could fall into two spans."""
    values = [value for pair in zip(spread, few, strict=False) for value in pair]
    values += spread[len(few) :] + few[len(spread) :]
    keys = np.array(values, dtype=np.uint64)
    place = {key: number for number, key in enumerate(sorted(set(values)))}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(reducer, "RANKED_AT_ONCE", at_once)
        numbers = reducer._ranks(keys)
    assert numbers.dtype == np.int32
    assert numbers.tolist() == [place[value] for value in values]


def test_a_coded_column_is_numbered_as_its_values_read_plainly():
    """to_long codes segments by their distinct values before trimming them, so its
    dictionary may hold one value twice (" A" and "A" both trimmed to "A"): each code of it is
    numbered as the value itself, across chunks, coded or not."""
    interned = reducer._Interned()
    coded = pa.DictionaryArray.from_arrays(pa.array([0, 1, 2, 1, 0], pa.int32()), ["A", "A", "B"])
    assert interned.codes_of(coded).tolist() == [0, 0, 1, 0, 0]
    assert interned.codes_of(pa.array(["B", "C", "A"])).tolist() == [1, 2, 0]
    assert interned.values == ["A", "B", "C"]


EXPORTS = MINI.parent / "exports"


def test_a_repeated_answer_names_every_question_of_its_row_left_out(tmp_path: Path):
    """Two waves whose files overlap (an export taken again before the next wave's start):
    five respondents of the summer wave are in the autumn's file too, each with an NPS for
    overall and a CSAT for the hotline. Each of the autumn's rows is named with both
    answers left out, not the first alone (the findings keep one value a line), and the
    hint says how a data entry names its wave."""
    from click.testing import CliRunner

    from touchsite.__main__ import cli

    root = tmp_path / "mini"
    shutil.copytree(MINI, root)
    (root / "data" / "feedback.csv").unlink()
    waves = ("welle-sommer.csv", "welle-herbst.csv")
    entries = ""
    for name in waves:
        shutil.copy(EXPORTS / name, root / "data" / name)
        entries += (
            f"  - path: data/{name}\n    respondent: Antwort-ID\n    date: Datum\n"
            "    touchpoints:\n"
            '      overall: {nps: "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"}\n'
            '      hotline: {csat: "Wie zufrieden waren Sie mit unserer Hotline?"}\n'
        )
    yml = root / "touchsite.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace("  - path: data/feedback.csv\n", entries),
        encoding="utf-8",
    )
    summer, autumn = (
        list(csv.reader((EXPORTS / name).read_text(encoding="utf-8-sig").splitlines()))[1:]
        for name in waves
    )
    before = {row[0] for row in summer}
    again = [(line, row[0]) for line, row in enumerate(autumn, 2) if row[0] in before]
    assert len(again) == 5
    result = CliRunner().invoke(cli, ["check", str(root)], catch_exceptions=False)
    for line, respondent in again:
        assert (
            f"data/welle-herbst.csv:{line}:1: warning: repeated answer: this respondent "
            f"answered this touchpoint's question before '{respondent} (overall, hotline)'"
        ) in result.output
    assert "give each data entry its wave (e.g. wave: Frühjahr 2024)" in result.output
    assert "its wave:\n" not in result.output
    project, _problems = load_project(root)
    feedback = load_feedback(
        root, project.config, {tp.id for tp in project.touchpoints}, Problems(root)
    )
    assert [f.left_out for f in feedback.files] == [0, 2 * len(again)]
