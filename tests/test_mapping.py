"""Mapping answers to numbers: labels, leading numbers, "not used" answers and scales."""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
import openpyxl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, mini_with_answers, small_chunks
from touchsite.errors import Problems, UserError
from touchsite.load import feedback as feedback_module
from touchsite.load.comment_text import comments_only
from touchsite.load.config import load_config
from touchsite.load.dates import FORMATS
from touchsite.load.feedback import load_feedback, read_long_table
from touchsite.load.formats import detect, open_reader
from touchsite.load.mapping import long_table, normal, plan
from touchsite.load.mapping.columns import LONG_COLUMNS
from touchsite.load.mapping.long_table import _joined, _stack
from touchsite.load.mapping.scores import ScoreRule
from touchsite.pipeline import check


@pytest.mark.parametrize(
    "answer, number",
    [
        ("10 - Äußerst wahrscheinlich", "10"),
        ("2 – eher nicht", "2"),
        ("5 = sehr zufrieden", "5"),
        ("1 (gar nicht)", "1"),
        ("7 Stimme voll zu", "7"),
        ("4,0", "4"),
        ("4.5", "4.5"),  # a number, and the checks will say it is not a whole one
        ("  SEHR   zufrieden ", "5"),  # labels match whatever their case and spacing
        ("Weiß nicht", ""),
        ("0", ""),  # a 0-5 question: 0 means "not used"
        ("3-4", "3-4"),  # no number: left for the checks to report
        ("5 Sterne", "5"),
        ("5f1a2b3c", "5f1a2b3c"),  # a code (a hexadecimal id), not the number 5
        ("1e1", "1e1"),  # nor 1, nor ten
        ("5 ½", "5 ½"),  # a word character to Python's patterns, no letter (as SQL's \\p{L})
        ("12.03.2026", "12.03.2026"),
        ("4/5", "4"),  # Jotform's star rating: four stars out of five
        (" 3 / 5 ", "3"),
        ("3/12/2026", "3/12/2026"),  # a date, no rating
        ("4/5 Sterne", "4/5 Sterne"),
        ("7 / 10", "7"),  # a scale's points are ten at most
        ("03/2026", "03/2026"),  # a month and its year, no rating of 3
        ("12/26", "12/26"),  # a card's expiry: no 12
        ("", ""),
    ],
)
def test_answers_read_as_numbers(answer: str, number: str):
    labels, not_used = {normal("Sehr zufrieden"): "5"}, {normal("Weiß nicht")}
    rule = ScoreRule(0, labels, not_used, low=1, not_used_below=0)
    assert rule.read(answer) == number


@given(
    st.integers(0, 10),
    st.text(st.characters(categories=["L"]), min_size=1, max_size=8),
    st.sampled_from(["", " ", "  ", "\u00a0"]),
)
def test_a_number_is_read_before_a_word_but_not_in_a_code(number: int, letters: str, space: str):
    """ "7 Stimme voll zu" is 7; "7b" or "5f1a" is a code, not an answer of 7 or 5."""
    rule = ScoreRule(0, {}, set(), low=0)
    read = rule.read(f"{number}{space}{letters}")
    assert read == (str(number) if space else f"{number}{letters}")


@pytest.mark.parametrize(
    "answer, number",
    [
        ("11", "10"),
        ("1", "0"),
        ("11 - Äußerst wahrscheinlich", "10"),
        ("Äußerst wahrscheinlich", "10"),  # a label names the KPI's own number
        ("12", "11"),  # left for the checks to report as outside 0..10
        ("0", "-1"),  # nor is 0 an answer on 1-11
        ("Weiß nicht", ""),
    ],
)
def test_answers_on_a_scale_numbered_from_one_read_as_the_kpis(answer: str, number: str):
    """An NPS asked 0-10 but coded 1-11 (scale: 1-11): each number answered is one above
    the point it stands for."""
    labels, not_used = {normal("Äußerst wahrscheinlich"): "10"}, {normal("Weiß nicht")}
    rule = ScoreRule(0, labels, not_used, low=0, shift=1)
    assert rule.read(answer) == number


@pytest.mark.parametrize(
    "scale, message",
    [
        ("1-11", None),
        ("0-10", None),
        ("1-10", "nps is asked 0-10, not 1-10"),
        ("2-9", "nps is asked 0-10, not 2-9"),
    ],
)
def test_a_scale_is_the_kpis_its_points_numbered_from_elsewhere_or_a_lower_start(
    mini: Path, scale: str, message: str | None
):
    (mini / "data" / "wide.csv").write_text("id,date,Q1\na,2026-03-01,5\n", encoding="utf-8")
    _config(
        mini,
        "  - path: data/wide.csv\n    respondent: id\n    date: date\n"
        f"    touchpoints: {{overall: {{nps: {{column: Q1, scale: {scale}}}}}}}\n",
    )
    if message is None:
        assert check(mini).relationship.n == 1
        return
    with pytest.raises(UserError) as caught:
        check(mini)
    assert message in str(caught.value) and "(1-11 read as 0-10)" in str(caught.value)


def test_a_yes_no_question_takes_no_scale_numbered_from_elsewhere(mini: Path):
    """1 and 2 say nothing of which is yes: binary: {scale: 1-2} is refused, not read with
    every yes turned into a no."""
    (mini / "data" / "wide.csv").write_text("id,date,Q1\na,2026-03-01,1\n", encoding="utf-8")
    _config(
        mini,
        "  - path: data/wide.csv\n    respondent: id\n    date: date\n"
        "    touchpoints: {overall: {binary: {column: Q1, scale: 1-2}}}\n",
    )
    yml = mini / "touchsite.yml"
    yml.write_text(
        yml.read_text("utf-8").replace("kpis:\n", "kpis:\n  binary: {label: Empfehlen}\n"),
        "utf-8",
    )
    with pytest.raises(UserError) as caught:
        check(mini)
    assert "binary is asked 0-1, not 1-2" in str(caught.value)


def _config(mini: Path, entry: str):
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("  - path: data/feedback.csv\n", entry), encoding="utf-8")
    problems = Problems(mini)
    return load_config(mini, problems), [str(p) for p in problems]


def test_a_zero_to_five_question_counts_zero_as_not_used(mini: Path):
    (mini / "data" / "wide.csv").write_text(
        "id,date,Hotline (0 = nicht genutzt),Suche\n"
        "a,2026-03-01,0,4\nb,2026-03-02,5,Sehr gut\nc,2026-03-03,3,Keine Angabe\n",
        encoding="utf-8",
    )
    config, problems = _config(
        mini,
        "  - path: data/wide.csv\n    respondent: id\n    date: date\n    touchpoints:\n"
        "      hotline: {csat: {column: 'Hotline (0 = nicht genutzt)', scale: 0-5}}\n"
        "      search:\n        csat: {column: Suche, labels: {Sehr gut: 5},"
        " not_used: [Keine Angabe]}\n",
    )
    assert problems == []
    [source] = config.data
    assert source.touchpoints[0].scores[0][1].scale == (0, 5)
    report = check(mini)
    assert report.touchpoint("hotline").kpis["csat"].n == 2
    assert report.touchpoint("search").kpis["csat"].n == 2
    assert report.feedback.quality == ()


def test_the_long_tables_answers_read_by_the_entrys_labels_and_not_used_words(mini: Path):
    """touchsite's own long table, as the entry gives only its path and how to read its
    answers: the labels and 'not used' words apply, as to any file (they were left unread)."""
    (mini / "data" / "feedback.csv").write_text(
        "response_id,touchpoint,date,nps,csat\n"
        "a,search,2026-03-01,Äußerst wahrscheinlich,\n"
        "b,search,2026-03-02,WEISS NICHT,Sehr gut\n"
        "c,search,2026-03-03,3,weiß nicht\n",
        encoding="utf-8",
    )
    _, problems = _config(
        mini,
        "  - path: data/feedback.csv\n"
        '    labels: {"Äußerst wahrscheinlich": 10, "Sehr gut": 5}\n'
        '    not_used: ["Weiß nicht"]\n',
    )
    assert problems == []
    report = check(mini)
    assert report.feedback.quality == ()
    counts = report.feedback.counts
    assert sorted(zip(counts["kpi"], counts["score"], counts["n"], strict=True)) == [
        ("csat", 5, 1),
        ("nps", 3, 1),
        ("nps", 10, 1),
    ]


def test_labels_written_yes_and_no_match_those_answers(mini: Path):
    """YAML 1.1 reads an unquoted `Yes:` or `off:` as true or false: a label so written
    matched no answer (every row left out as "not a number")."""
    (mini / "data" / "feedback.csv").write_text(
        "response_id,touchpoint,date,csat\n"
        "a,search,2026-03-01,Yes\n"
        "b,search,2026-03-02,no\n"
        "c,search,2026-03-03,Off\n",
        encoding="utf-8",
    )
    _, problems = _config(
        mini, "  - path: data/feedback.csv\n    labels: {Yes: 5, No: 1, off: 3}\n"
    )
    assert problems == []
    report = check(mini)
    assert report.feedback.quality == ()
    counts = report.feedback.counts
    assert sorted(zip(counts["score"], counts["n"], strict=True)) == [(1, 1), (3, 1), (5, 1)]


def test_a_day_written_with_its_zone_counts_on_that_day(mini: Path):
    """An export that writes its days with a zone after them ("2026-03-01 UTC", "...Z"):
    the zone is dropped and the day kept, as after a time (each was an unreadable date)."""
    (mini / "data" / "feedback.csv").write_text(
        "response_id,touchpoint,date,nps\n"
        "a,search,2026-03-01 UTC,9\n"
        "b,search,2026-03-02Z,7\n"
        "c,search,2026-04-03 GMT+1,8\n"
        "d,search,2026-04-04+02:00,6\n",
        encoding="utf-8",
    )
    report = check(mini)
    assert report.feedback.quality == ()
    counts = report.feedback.counts
    assert sorted(zip(counts["period"], counts["score"], strict=True)) == [
        ("2026-03", 7),
        ("2026-03", 9),
        ("2026-04", 6),
        ("2026-04", 8),
    ]


def test_mapping_mistakes_are_reported_at_their_line(mini: Path):
    _, problems = _config(
        mini,
        "  - path: data/feedback.csv\n    separator: ';;'\n    encoding: klingon\n"
        "    format: spss\n    labels: {gut: viel}\n    touchpoints:\n"
        "      hotline: {csat: {column: x, scale: 1-7}, colour: red}\n      search: Q1\n",
    )
    assert any(
        "touchsite.yml:26: error: data[1]: separator must be one character" in p for p in problems
    )
    assert any(
        "touchsite.yml:27: error: data[1]: unknown encoding 'klingon'" in p for p in problems
    )
    assert any("'format' must be one of long, wide, qualtrics" in p for p in problems)
    assert any("label 'gut' must map to a number, not 'viel'" in p for p in problems)
    assert any("unknown key 'colour' in data[1].touchpoints.hotline" in p for p in problems)
    assert any("data[1].touchpoints.search must name its columns by KPI" in p for p in problems)


def test_a_scale_that_would_need_rescaling_is_refused(mini: Path):
    (mini / "data" / "wide.csv").write_text("id,date,q\na,2026-03-01,6\n", encoding="utf-8")
    _config(
        mini,
        "  - path: data/wide.csv\n    respondent: id\n    date: date\n"
        "    touchpoints:\n      hotline: {csat: {column: q, scale: 1-7}}\n",
    )
    with pytest.raises(Exception) as caught:
        check(mini)
    assert "data/wide.csv: csat is asked 1-5, not 1-7" in str(caught.value)


def test_unknown_touchpoints_in_a_mapping_are_errors(mini: Path):
    (mini / "data" / "wide.csv").write_text("id,date,q\na,2026-03-01,4\n", encoding="utf-8")
    _config(
        mini,
        "  - path: data/wide.csv\n    respondent: id\n    date: date\n"
        "    touchpoints:\n      hotlne: {csat: q}\n",
    )
    with pytest.raises(Exception) as caught:
        check(mini)
    assert "touchsite.yml:29: error: data/wide.csv: unknown touchpoint 'hotlne'" in str(
        caught.value
    )
    assert "did you mean 'hotline'?" in str(caught.value)


PAD = st.sampled_from(["", " ", "\t", "\u00a0", "\u2003 "])  # whitespace Python and Arrow trim
CELLS = st.tuples(
    PAD,
    st.sampled_from(["search", "hotline", "Search", "nowhere"]),
    st.sampled_from(["2026-01-10", "2026-02-30", "soon"]),
    st.sampled_from(["", "0", "9", "10", "11", "5.5", "abc", "07", "9 - sehr gut"]),
)
NPS = {"": "", "07": "7", "9 - sehr gut": "9"}  # the rest read as written


@settings(max_examples=40, deadline=None)
@given(rows=st.lists(CELLS, min_size=1, max_size=25))
def test_padded_cells_read_and_are_checked_as_their_trimmed_text(rows, tmp_path_factory):
    """Touchpoint, date and score cells with whitespace around them (read by their distinct
    values): the long table holds each one trimmed and read, and every row a check leaves
    out is counted under its own finding, as worked out here."""
    root = tmp_path_factory.mktemp("padded") / "p"
    shutil.copytree(MINI, root)
    lines = ["response_id,touchpoint,date,nps,csat,ces,comment,segment"]
    for number, (pad, touchpoint, date, nps) in enumerate(rows):
        lines.append(f"R{number},{pad}{touchpoint}{pad},{pad}{date},{nps}{pad},,,,")
    (root / "data" / "feedback.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = Problems(root)
    config = load_config(root, problems)
    known = {"search", "hotline", "quiet"}
    frame = read_long_table(root, config, config.data[0], known, problems)
    assert frame["touchpoint"].tolist() == [row[1] for row in rows]
    assert frame["date"].tolist() == [row[2] for row in rows]
    assert frame["nps"].tolist() == [NPS.get(row[3], row[3]) for row in rows]
    feedback = load_feedback(root, config, known, problems)
    found = Counter()
    for finding in feedback.quality:  # the scale checks' findings aside
        if finding.kind in ("touchpoint", "date", "number", "range", "fraction"):
            found[finding.kind] += finding.rows
    expected = Counter(  # each check counts every row it fails
        touchpoint=sum(row[1] not in known for row in rows),
        date=sum(row[2] != "2026-01-10" for row in rows),
        number=sum(row[3] == "abc" for row in rows),
        range=sum(row[3] == "11" for row in rows),
        fraction=sum(row[3] == "5.5" for row in rows),
    )
    assert +found == +expected
    good = [row for row in rows if row[1] in known and row[2] == "2026-01-10"]
    assert feedback.rows == sum(row[3] not in ("abc", "11", "5.5") for row in good)


VALUE = st.one_of(st.none(), st.text(max_size=6), st.sampled_from(["", " / "]))


@given(
    st.integers(2, 4).flatmap(
        lambda width: st.lists(st.lists(VALUE, min_size=width, max_size=width), max_size=8).map(
            lambda rows: [[row[at] for row in rows] for at in range(width)]
        )
    ),
    st.booleans(),
)
def test_joined_columns_are_each_rows_non_empty_values_with_slashes(columns, large):
    """Several comment (or segment) columns make one: a row's non-empty values in column
    order, joined by " / ", as Python joins them; text, whatever Arrow strings came in."""
    arrays = [pa.array(column, pa.large_string() if large else pa.string()) for column in columns]
    joined = _joined(arrays, pa.array([], pa.string()))
    expected = [" / ".join(value for value in row if value) for row in zip(*columns, strict=True)]
    assert joined.to_pylist() == expected
    assert joined.type == pa.string()


_CELL = st.sampled_from(["", "4", "5", "Sehr gut", "x"])


@settings(max_examples=200, deadline=None)
@given(
    data=st.data(),
    rows=st.integers(0, 12),
    slots=st.integers(1, 4),
    dated=st.booleans(),
)
def test_a_wide_exports_slots_are_stacked_record_by_record(data, rows, slots, dated):
    """A wide export's chunk becomes one long table in the file's order: by record, a
    record's slots in their order, each slot's rows only where it kept them (a slot of a
    long table keeps all: no mask). The columns all slots share are one array; a slot's own
    may be coded (a dictionary) beside another's plain text, or large text (a Parquet
    file's) beside ours. Checked against the rows picked one by one."""
    records = np.arange(100, 100 + rows, dtype=np.int64)
    date_columns = np.arange(rows, dtype=np.int64) % 3 if dated else None
    shared = {
        name: pa.array(data.draw(st.lists(_CELL, min_size=rows, max_size=rows)))
        for name in ("response_id", "date", "segment", "variant")
    }
    parts = []
    for number in range(slots):
        columns = dict(shared)
        for name in set(LONG_COLUMNS) - set(shared):
            cells = pa.array(data.draw(st.lists(_CELL, min_size=rows, max_size=rows)))
            form = data.draw(st.sampled_from(["plain", "coded", "large"]))
            if form == "coded":
                cells = cells.dictionary_encode()
            elif form == "large" and name == "comment":
                cells = cells.cast(pa.large_string())
            columns[name] = cells
        masked = data.draw(st.booleans()) or slots > 1
        keep = np.array(data.draw(st.lists(st.booleans(), min_size=rows, max_size=rows)), bool)
        parts.append((number, keep if masked else None, columns))
    stacked = _stack(parts, records, date_columns)
    expected = [
        (row, number)
        for row in range(rows)
        for number, keep, _ in parts
        if keep is None or keep[row]
    ]
    assert stacked.records.tolist() == [int(records[row]) for row, _ in expected]
    assert stacked.slots.tolist() == [number for _, number in expected]
    assert stacked.slots.dtype == np.int16
    if dated:
        assert stacked.date_columns.tolist() == [int(date_columns[row]) for row, _ in expected]
    for name in LONG_COLUMNS:
        assert stacked.text(name) == [
            parts[number][2][name][row].as_py() for row, number in expected
        ], name


def test_a_wide_exports_answers_stay_coded_when_stacked():
    """A slot's answers come coded (each distinct value read once), the other slots' empty
    column as plain text: stacked, they stay coded, so the checks and counts read the
    column by its few values, as a long table's, rather than coding 1.9 million rows of a
    wide export again (they were decoded to plain text)."""
    rows = 4
    shared = {name: pa.repeat("", rows) for name in ("response_id", "date", "segment", "variant")}
    parts = []
    for number in range(2):
        columns = dict(shared)
        for name in set(LONG_COLUMNS) - set(shared):
            columns[name] = pa.repeat("", rows)
        parts.append((number, np.array([True, False, True, True]), columns))
    parts[0][2]["csat"] = pa.array(["5", "", "4", "5"]).dictionary_encode()
    parts[1][2]["csat"] = pa.array(["", "", "", "2"]).dictionary_encode()
    parts[1][2]["nps"] = pa.array(["9", "", "", "10"]).dictionary_encode()
    stacked = _stack(parts, np.arange(rows, dtype=np.int64))
    for name in ("csat", "nps"):
        assert pa.types.is_dictionary(stacked.columns[name].type), name
    assert stacked.text("csat") == ["5", "", "4", "", "5", "2"]
    assert stacked.text("nps") == ["", "9", "", "", "", "10"]
    assert not pa.types.is_dictionary(stacked.columns["comment"].type)


@settings(max_examples=150, deadline=None)
@given(data=st.data(), rows=st.integers(0, 8), slots=st.integers(2, 4))
def test_slots_sharing_one_column_are_stacked_as_each_its_own(data, rows, slots):
    """The slots that do not map a KPI share one empty column (to_long's), beside slots
    whose answers are coded; a shared column may hold nothing at all (no variant mapped).
    Stacked, each row holds its slot's value, picked here one by one, and answers coded in
    any slot stay coded."""
    empty = pa.repeat("", rows)
    shared = {
        name: data.draw(st.sampled_from([empty, pa.array(["x"] * rows), pa.repeat("", rows)]))
        for name in ("response_id", "date", "segment", "variant")
    }
    answers = {}
    parts = []
    for number in range(slots):
        columns = dict(shared)
        for name in set(LONG_COLUMNS) - set(shared):
            if data.draw(st.booleans()):
                columns[name] = empty  # one object, as to_long gives every slot's missing KPI
            else:
                cells = data.draw(st.lists(_CELL, min_size=rows, max_size=rows))
                columns[name] = pa.array(cells, pa.string()).dictionary_encode()
                answers[name] = True
        keep = np.array(data.draw(st.lists(st.booleans(), min_size=rows, max_size=rows)), bool)
        parts.append((number, keep, columns))
    stacked = _stack(parts, np.arange(rows, dtype=np.int64))
    expected = [(row, number) for row in range(rows) for number, keep, _ in parts if keep[row]]
    for name in LONG_COLUMNS:
        assert stacked.text(name) == [
            parts[number][2][name][row].as_py() for row, number in expected
        ], name
        if name in answers:
            assert pa.types.is_dictionary(stacked.columns[name].type), name


@given(
    st.lists(st.sampled_from(["", " ", "5", "Sehr gut", "x"]), max_size=30),
    st.sampled_from(["plain", "coded", "trimmed", "large"]),
)
def test_a_row_holds_an_answer_where_its_value_is_not_empty_however_coded(values, form):
    """Which rows of a slot's column hold an answer (a wide export keeps a respondent's row
    for a touchpoint only so): each value that is not "", worked out one by one; a coded
    column may hold a value twice in its dictionary (" 5" and "5" both trimmed to "5")."""
    column = pa.array(values, pa.string())
    if form == "coded":
        column = column.dictionary_encode()
    elif form == "trimmed":
        column = long_table.by_distinct(pa.array([f" {v}" for v in values], pa.string()), trim=True)
    elif form == "large":
        column = column.cast(pa.large_string())
    expected = [value.strip() != "" if form == "trimmed" else value != "" for value in values]
    assert long_table._given(column).tolist() == expected


def test_a_wide_exports_touchpoints_are_its_answered_slots_in_the_files_order(mini: Path):
    """Each touchpoint a wide export maps by its columns: a row of the long table per
    respondent and touchpoint answered, in the file's order, worked out with the csv
    module; the touchpoints come coded, as a touchpoint column's values."""
    lines = [
        ["id", "date", "Suche", "Hotline", "Kommentar Hotline"],
        ["a", "2026-03-01", "4", "", ""],
        ["b", "2026-03-02", "", "2", "Warteschleife"],
        ["c", "2026-03-03", "5", "", "Gut"],
        ["d", "2026-03-04", "", "", ""],
    ]
    with (mini / "data" / "wide.csv").open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(lines)
    config, problems = _config(
        mini,
        "  - path: data/wide.csv\n    respondent: id\n    date: date\n    touchpoints:\n"
        "      search: {csat: Suche}\n"
        '      hotline: {csat: Hotline, comment: "Kommentar Hotline"}\n',
    )
    assert not problems
    with (mini / "data" / "wide.csv").open(newline="", encoding="utf-8") as read:
        records = list(csv.DictReader(read))
    expected = []
    for record in records:
        for touchpoint, answers in (
            ("search", [record["Suche"]]),
            ("hotline", [record["Hotline"], record["Kommentar Hotline"]]),
        ):
            if any(answers):
                expected.append((record["id"], touchpoint, answers[0]))
    frame = read_long_table(mini, config, config.data[0], {"search", "hotline"}, Problems(mini))
    got = list(zip(frame["response_id"], frame["touchpoint"], frame["csat"], strict=True))
    assert got == expected
    shape = detect(mini / "data" / "wide.csv", config.data[0])
    mapped = plan(
        config.data[0],
        shape,
        {"csat": (1, 5)},
        config.privacy,
        {"search", "hotline"},
        mini / "touchsite.yml",
        Problems(mini),
        {},
    )
    (raw,) = open_reader(shape).chunks(mapped.needed())
    assert pa.types.is_dictionary(long_table.to_long(raw, mapped).columns["touchpoint"].type)


def test_a_where_that_is_no_column_and_its_values_is_reported_at_its_line(mini: Path):
    """A score's where: names one column and the value (or values) naming its KPI."""
    (mini / "data" / "wide.csv").write_text(
        "id,date,Type,Rating\na,2026-03-01,NPS,9\nb,2026-03-02,CSAT,4\n", encoding="utf-8"
    )
    config, problems = _config(
        mini,
        "  - path: data/wide.csv\n    respondent: id\n    date: date\n    touchpoints:\n"
        "      overall: {nps: {column: Rating, where: {Type: NPS, Kind: x}}}\n"
        "      hotline:\n        csat: {column: Rating, where: {Type: [{a: 1}]}}\n"
        "      search:\n        csat: {column: Rating, where: {Typ: CSAT}}\n",
    )
    assert any(
        "touchsite.yml:29: error: data[1].touchpoints.overall.nps.where names 2 columns, not one"
        in p
        for p in problems
    ), problems
    assert any(
        "touchsite.yml:31: error: data[1].touchpoints.hotline.csat.where: 'Type' names no value"
        in p
        for p in problems
    ), problems
    assert len(problems) == 2
    with pytest.raises(UserError) as caught:
        check(mini)
    assert "data/wide.csv has no column 'Typ' (csat: where)" in str(caught.value)
    assert "did you mean 'Type'?" in str(caught.value)


def test_a_where_that_names_no_column_is_reported(mini: Path):
    """Before, `where: {}` was taken for no where: at all, and the column's every rating
    counted for the KPI, whatever its type."""
    (mini / "data" / "wide.csv").write_text(
        "id,date,Type,Rating\na,2026-03-01,NPS,9\nb,2026-03-02,CSAT,4\n", encoding="utf-8"
    )
    _, problems = _config(
        mini,
        "  - path: data/wide.csv\n    respondent: id\n    date: date\n    touchpoints:\n"
        "      overall: {nps: {column: Rating, where: {}}}\n",
    )
    assert [p.splitlines()[0] for p in problems] == [
        "touchsite.yml:29: error: data[1].touchpoints.overall.nps.where names 0 columns, not one"
    ], problems


def test_a_comment_of_a_column_of_several_questions_needs_its_where(mini: Path):
    """A stacked export's answer column read as a touchpoint's comment without where: took
    every question's answers ("Sehr zufrieden" to the rating) for comments, and reported
    the open question's own answers, which it published, as left out. Now it is an error at
    the entry's line that shows the where: to write."""
    (mini / "data" / "stacked.csv").write_text(
        "id,date,Frage,Antwort\n"
        "a,2026-03-01,Wie zufrieden waren Sie?,Sehr zufrieden\n"
        "a,2026-03-01,Was können wir besser machen?,Schneller liefern\n",
        encoding="utf-8",
    )
    rated = '{column: Antwort, where: {Frage: "Wie zufrieden waren Sie?"}, '
    rated += 'labels: {"Sehr zufrieden": 5}}'
    written = (mini / "touchsite.yml").read_text(encoding="utf-8")
    _config(
        mini,
        "  - path: data/stacked.csv\n    respondent: id\n    date: date\n    touchpoints:\n"
        f"      hotline:\n        csat: {rated}\n        comment: Antwort\n",
    )
    with pytest.raises(UserError) as caught:
        check(mini)
    message = str(caught.value)
    assert "touchsite.yml:29: error: data/stacked.csv: hotline's comment 'Antwort' is read in " in (
        message
    )
    assert 'comment: {column: "Antwort", where: {"Frage": "<the open question>"}}' in message
    (mini / "touchsite.yml").write_text(written, encoding="utf-8")
    _config(
        mini,
        "  - path: data/stacked.csv\n    respondent: id\n    date: date\n    touchpoints:\n"
        f"      hotline:\n        csat: {rated}\n        comment: {{column: Antwort, where: "
        '{Frage: "Was können wir besser machen?"}}\n',
    )
    check(mini)  # as written now


def test_a_wide_exports_comment_columns_are_read_together_each_chunk(mini: Path, monkeypatch):
    """A Qualtrics export's comment column per touchpoint was read by comments_only one
    column at a time, and each call compiles its regular expressions again (9 ms): 0.8 s of
    CPU for 200,000 respondents x 10 touchpoints. Now a chunk's comment columns are read in
    one call, and each touchpoint still gets its own column's comments, placeholders ("k.
    A.", "-") no comment, markup read as text."""
    (mini / "data" / "wide.csv").write_text(
        "ResponseId,RecordedDate,Q1_NPS,Q1_TEXT,Q2_NPS,Q2_TEXT,Q3_CSAT,Q3_TEXT\n"
        "R_1,2026-03-01 10:00:00,9,Schnell geholfen,,,4,k. A.\n"
        "R_2,2026-03-02 11:00:00,3,-,7,Zu teuer<br>leider,,Nett\n"
        "R_3,2026-03-03 12:00:00,,,10, Super ,5,\n",
        encoding="utf-8",
    )
    config, problems = _config(
        mini,
        "  - path: data/wide.csv\n    respondent: ResponseId\n    date: RecordedDate\n"
        "    touchpoints:\n"
        "      hotline: {nps: Q1_NPS, comment: Q1_TEXT}\n"
        "      search: {nps: Q2_NPS, comment: Q2_TEXT}\n"
        "      quiet: {csat: Q3_CSAT, comment: Q3_TEXT}\n",
    )
    assert problems == []
    calls = []
    read = long_table.comments_only
    monkeypatch.setattr(long_table, "comments_only", lambda texts: calls.append(1) or read(texts))
    problems = Problems(mini)
    frame = read_long_table(mini, config, config.data[0], {"hotline", "search", "quiet"}, problems)
    assert [str(p) for p in problems] == []
    rows = list(zip(frame["response_id"], frame["touchpoint"], frame["comment"], strict=True))
    assert rows == [
        ("R_1", "hotline", "Schnell geholfen"),
        ("R_1", "quiet", ""),
        ("R_2", "hotline", ""),
        ("R_2", "search", "Zu teuer\nleider"),
        ("R_2", "quiet", "Nett"),
        ("R_3", "search", "Super"),
        ("R_3", "quiet", ""),
    ]
    assert len(calls) == 1  # one chunk


def _dated_export(mini: Path, kind: str, days: list[dt.date | str], written: str) -> None:
    """The mini project's answers as an export of `kind` (csv, xlsx, parquet; duckdb: the
    Parquet file read by DuckDB), one NPS answer a respondent on each of `days`, dated as
    `written` writes a day (a text among them as it is), every value text (a tool's text
    export)."""
    header = ["response_id", "touchpoint", "date", "nps"]
    rows = [
        [f"R{number:05d}", "search", _written(day, written), str(number % 11)]
        for number, day in enumerate(days)
    ]
    data = mini / "data"
    (data / "feedback.csv").unlink()
    if kind == "csv":
        with (data / "answers.csv").open("w", newline="", encoding="utf-8") as file:
            csv.writer(file).writerows([header, *rows])
    elif kind == "xlsx":
        book = openpyxl.Workbook()
        for row in [header, *rows]:
            book.active.append(row)
        book.save(data / "answers.xlsx")
    elif kind == "json":  # a feedback tool's API answer saved: a list of records
        records = [dict(zip(header, row, strict=True)) for row in rows]
        (data / "answers.json").write_text(json.dumps(records, indent=2), encoding="utf-8")
    else:
        columns = {name: [row[at] for row in rows] for at, name in enumerate(header)}
        pq.write_table(pa.table(columns), data / "answers.parquet")
    suffix = kind if kind in ("csv", "xlsx", "json") else "parquet"
    engine = "\n    engine: duckdb" if kind == "duckdb" else ""
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    entry = f"  - path: data/answers.{suffix}{engine}\n"
    yml.write_text(text.replace("  - path: data/feedback.csv\n", entry), encoding="utf-8")


def _written(day: dt.date | str, written: str) -> str:
    return day if isinstance(day, str) else day.strftime(written)


def _nps_by_month(feedback) -> Counter:
    counts = feedback.counts[feedback.counts["kpi"] == "nps"]
    return Counter(
        {
            (period, score): n
            for period, score, n in zip(counts["period"], counts["score"], counts["n"], strict=True)
        }
    )


@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet", "duckdb", "json"])
def test_a_day_first_export_whose_first_chunk_has_no_day_after_the_12th_is_read_day_first(
    mini: Path, monkeypatch, kind: str
):
    """A large client's export sorted by date, a busy month start: its first chunk's answers
    all fall on the 1st to the 12th, which read as well month first, and the order was
    decided on them alone (month first). Every later answer, dated after the 12th, was left
    out as unreadable: 800 of these 1,000 in chunks of about 100 records. Now the file's
    later dates decide the order, in every format and engine."""
    small_chunks(monkeypatch, 100, block_bytes=1024)  # about 40 records a block
    march = [dt.date(2025, 3, day) for day in range(1, 32)]
    days = [march[number * 12 // 200] for number in range(200)]  # the 1st to the 12th
    days += [march[12 + number * 19 // 800] for number in range(800)]  # the 13th to the 31st
    _dated_export(mini, kind, days, "%d/%m/%Y")
    feedback = check(mini).feedback
    assert [finding.kind for finding in feedback.quality] == []
    assert feedback.rows == 1000
    assert (feedback.first_date, feedback.last_date) == (march[0], march[-1])
    expected = Counter(("2025-03", number % 11) for number in range(1000))
    assert _nps_by_month(feedback) == expected


def _reads_counted(monkeypatch) -> list:
    """The reads of a file's chunks the CSV, Parquet and XLSX readers start, as they start."""
    from touchsite.load.formats.csv_file import CsvReader
    from touchsite.load.formats.parquet_file import ParquetReader
    from touchsite.load.formats.xlsx_file import XlsxReader

    opened = []
    for reader in (CsvReader, ParquetReader, XlsxReader):
        chunks = reader.chunks

        def counted(self, needed, chunks=chunks):
            opened.append(needed)
            return chunks(self, needed)

        monkeypatch.setattr(reader, "chunks", counted)
    return opened


@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet"])
def test_a_file_read_in_one_chunk_is_read_once_whatever_its_dates_leave_open(
    mini: Path, monkeypatch, kind: str
):
    """A survey run on the 1st to the 12th (no day after the 12th: the order is left
    open) in a file of one chunk: its dates were read a second time, to no end, since the
    first chunk had held them all (a 47,000-row workbook: 1.4 s more, a quarter of its
    build). A file of several chunks is still read again (the test above)."""
    opened = _reads_counted(monkeypatch)
    march = [dt.date(2025, 3, 1 + number % 12) for number in range(300)]
    _dated_export(mini, kind, march, "%d/%m/%Y")
    feedback = check(mini).feedback
    assert feedback.rows == 300
    assert len(opened) == 1, opened


@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet"])
def test_a_file_of_several_chunks_whose_dates_no_format_reads_is_read_once(
    mini: Path, monkeypatch, kind: str
):
    """Dates written as "20260301", which no format reads: a file of several chunks was
    read to its end a second time, looking for a chunk whose dates a format reads (1,000
    records handed out twice in chunks of 100), before its dates were reported. Now the
    first chunk's dates, present and unreadable, are reported at once: the file is read
    once, and every answer is still named as undated."""
    small_chunks(monkeypatch, 100, block_bytes=1024)
    opened = _reads_counted(monkeypatch)
    days = [dt.date(2026, 3, 1 + number % 28) for number in range(1000)]
    _dated_export(mini, kind, days, "%Y%m%d")
    feedback = check(mini).feedback
    [finding] = feedback.quality
    assert (finding.kind, finding.rows, feedback.rows) == ("date", 1000, 0)
    assert len(opened) == 1, opened


@pytest.mark.parametrize("kind", ["csv", "xlsx", "parquet", "duckdb"])
def test_a_file_whose_first_chunk_has_no_readable_date_dates_its_later_chunks(
    mini: Path, monkeypatch, kind: str
):
    """An export whose first chunk's dates no format reads (a tool's "0000-00-00 00:00:00"
    for a response never submitted) and whose later dates are written day first: the first
    chunk left the file's format at ISO, and every later answer was left out as undated too
    (all 1,000 in chunks of about 100, none of the 800 dated ones counted). Now the first
    chunk's 200 are named as unreadable, the later chunks' own dates find their format, and
    the file is still read once."""
    small_chunks(monkeypatch, 100, block_bytes=1024)
    opened = _reads_counted(monkeypatch)
    march = [dt.date(2025, 3, day) for day in range(1, 32)]
    days: list[dt.date | str] = ["0000-00-00 00:00:00"] * 200
    days += [march[number * 31 // 800] for number in range(800)]
    _dated_export(mini, kind, days, "%d.%m.%Y")
    feedback = check(mini).feedback
    [finding] = feedback.quality
    assert (finding.kind, finding.rows, feedback.rows) == ("date", 200, 800)
    assert (feedback.first_date, feedback.last_date) == (march[0], march[-1])
    expected = Counter(("2025-03", number % 11) for number in range(200, 1000))
    assert _nps_by_month(feedback) == expected
    assert len(opened) == 1, opened


def test_a_json_document_whose_dates_are_read_again_is_parsed_once_for_its_records(
    mini: Path, monkeypatch
):
    """A JSON document of several chunks whose first chunk's dates leave day and month
    either way round: its dates were read again from the document parsed a second time,
    while the first parse was held (Python holds its objects at some ten times the file's
    size: a 98 MiB document peaked at 1,135 MB). Now they are read from the records parsed
    for the reading: the document is parsed twice in all, once to find its columns and once
    to read it, and its answers count as before."""
    from touchsite.load.formats import json_file

    small_chunks(monkeypatch, 100)
    parsed = []
    document = json_file._document

    def counted(path, codec, bom):
        parsed.append(path.name)
        return document(path, codec, bom)

    monkeypatch.setattr(json_file, "_document", counted)
    march = [dt.date(2025, 3, day) for day in range(1, 32)]
    days = [march[number * 12 // 200] for number in range(200)]  # the 1st to the 12th
    days += [march[12 + number * 19 // 300] for number in range(300)]  # the 13th to the 31st
    _dated_export(mini, "json", days, "%d/%m/%Y")
    feedback = check(mini).feedback
    assert feedback.rows == 500 and feedback.quality == ()
    assert _nps_by_month(feedback) == Counter(("2025-03", n % 11) for n in range(500))
    assert parsed == ["answers.json"] * 2


PAIRS = [("%d/%m/%Y", "%m/%d/%Y"), ("%d-%m-%Y %H:%M", "%m-%d-%Y %H:%M")]


@settings(max_examples=40)
@given(
    st.lists(
        st.builds(
            dt.datetime,
            st.integers(2024, 2025),
            st.integers(1, 12),
            st.integers(1, 28),
            st.integers(0, 23),
            st.integers(0, 59),
        ),
        min_size=1,
        max_size=40,
    ),
    st.sampled_from(PAIRS),
    st.booleans(),
    st.sampled_from([1, 2, 7]),
    st.sampled_from(["as given", "by date", "by day of the month"]),
)
def test_the_counts_do_not_depend_on_where_the_chunks_fall(moments, pair, day_first, rows, order):
    """dd/mm and mm/dd exports, their answers in any order (sorted by date, a month's first
    days first): read in chunks of `rows` records, each answer counts in its month as the
    whole file read at once counts it, and in its own month where a day after the 12th says
    which order the file writes (else in the month the first of the two orders in FORMATS
    reads, as said in a warning)."""
    if order != "as given":
        moments = sorted(moments, key=lambda m: m if order == "by date" else (m.day, m))
    written, other = pair if day_first else pair[::-1]
    days = [moment.date() for moment in moments]
    decided = any(day.day > 12 for day in days)
    order = written if decided else min(written, other, key=FORMATS.index)
    read = [dt.datetime.strptime(moment.strftime(written), order).date() for moment in moments]
    expected = Counter((day.strftime("%Y-%m"), n % 11) for n, day in enumerate(read))
    found = {}
    for chunk in (rows, None):
        with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
            if chunk:
                small_chunks(patch, chunk, block_bytes=64)
            root = Path(folder) / "mini"
            shutil.copytree(MINI, root)
            _dated_moments(root, moments, written)
            config = load_config(root, Problems(root))
            feedback = load_feedback(root, config, {"search"}, Problems(root))
            found[chunk] = (_nps_by_month(feedback), feedback.rows)
    assert found[rows] == found[None] == (expected, len(moments))


def _dated_moments(root: Path, moments: list[dt.datetime], written: str) -> None:
    with (root / "data" / "feedback.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["response_id", "touchpoint", "date", "nps"])
        for number, moment in enumerate(moments):
            writer.writerow([f"R{number}", "search", moment.strftime(written), number % 11])


def test_a_files_dates_are_not_read_by_the_totals_pattern_one_by_one(mini: Path, monkeypatch):
    """A totals row's label in the date column ("Summe") is told from the dates by its first
    character before the pattern reads it: of 2,000 dated rows and the totals row, the
    pattern reads the label alone (before, every date: 2,001 values at once)."""
    lines = ["response_id,touchpoint,date,nps"]
    start = dt.datetime(2025, 11, 1, 8)
    lines += [
        f"R{n},search,{start + dt.timedelta(minutes=7 * n):%Y-%m-%d %H:%M:%S},{n % 11}"
        for n in range(2000)
    ]
    lines.append(",,Summe,9876")
    (mini / "data" / "feedback.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config, problems = _config(mini, "  - path: data/feedback.csv\n")
    read: list[int] = []
    matched = long_table.pc.match_substring_regex

    def counted(values, pattern, **options):
        if pattern == long_table.STRAY_CELL:
            read.append(len(values))
        return matched(values, pattern, **options)

    monkeypatch.setattr(long_table.pc, "match_substring_regex", counted)
    frame = read_long_table(mini, config, config.data[0], {"search"}, Problems(mini))
    assert list(frame["date"]) == [line.split(",")[2][:10] for line in lines[1:-1]]
    assert read and max(read) == 1  # the label: to tell it dates no row, and to name it


STRAY_TEXT = st.from_regex(long_table.STRAY_CELL, fullmatch=True)


@given(
    st.lists(
        st.one_of(
            STRAY_TEXT,
            STRAY_TEXT.map(lambda text: text[1:]),  # its first character taken off
            st.text(max_size=12),
            st.text(alphabet=" \t\u00a0\u017f\u212a0123456789.,:-/nNsSøØkK", max_size=12),
            st.sampled_from(["2025-11-01 14:03:27", "05.12.2026", "46085", "7,5", "", " "]),
            st.none(),
        ),
        max_size=30,
    ),
    st.integers(0, 2),
)
def test_the_cells_that_name_a_totals_row_are_those_the_pattern_matches(cells, before):
    """Cells told by their first character before the pattern reads them are those it
    matches (RE2's, ignoring case: "ſumme" among them), in a slice of a column, with
    nulls or without."""
    column = pa.array(["Summe"] * before + cells, pa.string()).slice(before)
    whole = long_table.pc.match_substring_regex(column, long_table.STRAY_CELL, ignore_case=True)
    expected = [bool(value) for value in whole.to_pylist()]
    assert long_table._said(column).tolist() == expected


def _long_comments(mini: Path, comments_ahead: bool) -> list[tuple[str, str]]:
    """Each long row's respondent and comment, the file read a chunk at a time, the next
    chunk's comments read with each one's where `comments_ahead`."""
    config, problems = _config(mini, "  - path: data/feedback.csv\n")
    assert not problems
    shape = detect(mini / "data" / "feedback.csv", config.data[0])
    mapped = plan(
        config.data[0],
        shape,
        {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)},
        config.privacy,
        {"search", "hotline", "quiet"},
        mini / "touchsite.yml",
        Problems(mini),
        {},
    )
    chunks = feedback_module._Chunks(open_reader(shape).chunks(mapped.needed()))
    ahead = long_table.CommentsAhead(chunks.peek) if comments_ahead else None
    rows = []
    for raw in chunks:
        chunk = long_table.to_long(raw, mapped, None, ahead)
        rows += zip(chunk.text("response_id"), chunk.text("comment"), strict=True)
    return rows


def test_comments_read_with_the_next_chunks_are_read_as_each_alone(
    mini: Path, monkeypatch: pytest.MonkeyPatch
):
    """Two chunks' comments are read in one call (CommentsAhead): placeholders, signatures
    and a web form's markup are read as ever, and a chunk's rows left out (a totals row, an
    empty row) leave their comments out, whichever of the two chunks they are in."""
    small_chunks(monkeypatch, 3, block_bytes=128)
    answers = [
        ("R1", "search", "n/a"),
        ("R2", "search", "Super Beratung\nMit freundlichen Grüßen\nMax Schneider"),
        ("R3", "hotline", "Alles gut lg anna"),
        ("R4", "hotline", "Rückruf kam nie"),
        ("R5", "search", "Tolle&nbsp;Suche<br>Gesendet von meinem iPhone"),
        ("R6", "quiet", "Lange Wartezeit"),
        ("R7", "quiet", "-"),
        ("R8", "search", "Danke, Tom"),
    ]
    answers = [
        (rid, tp, f"2026-01-{10 + n}", "7", "", "", text, "new")
        for n, (rid, tp, text) in enumerate(answers)
    ]
    # an empty row after each answer, and a totals row: rows left out in every chunk
    rows = [row for answer in answers for row in (answer, [""] * 8)]
    rows.insert(8, ["Summe", "", "", "", "", "", "", ""])
    header = ["response_id", "touchpoint", "date", "nps", "csat", "ces", "comment", "segment"]
    project = mini_with_answers(mini.parent / "answers", header, rows)
    expected = [
        ("R1", ""),
        ("R2", "Super Beratung"),
        ("R3", "Alles gut"),
        ("R4", "Rückruf kam nie"),
        ("R5", "Tolle Suche"),  # a form's no-break space is a space between words
        ("R6", "Lange Wartezeit"),
        ("R7", ""),
        ("R8", "Danke"),  # thanks and a name: the thanks, the name cut
    ]
    assert _long_comments(project, comments_ahead=True) == expected
    assert _long_comments(project, comments_ahead=False) == expected


_ANSWER_PIECES = [
    "n/a", "k. A.", "-", "Super Beratung", "Mit freundlichen Grüßen", "Max Schneider", "lg anna",
    "Danke, Tom", "Gesendet von meinem iPhone", "&amp;", "&lt;br&gt;", "<br>", "<p>", "\\n",
    "(Translated by Google) Great\n\n(Original)\nToll", "\n", " ", ", ", "!",
]  # fmt: skip


@given(
    st.lists(
        st.lists(st.sampled_from(_ANSWER_PIECES) | st.text(max_size=4), max_size=5).map("".join),
        max_size=12,
    ),
    st.integers(min_value=0, max_value=12),
)
@settings(max_examples=60, deadline=None)
def test_comment_columns_read_in_one_call_read_each_answer_as_alone(answers, cut):
    """What comments_only makes of an answer does not depend on the answers read with it
    (CommentsAhead reads two chunks' comment columns in one call)."""
    answers = [answer.strip() for answer in answers]
    columns = [pa.array(answers[:cut], pa.string()), pa.array(answers[cut:], pa.string())]
    read = long_table._read_comments(columns)
    alone = [comments_only(pa.array([answer], pa.string()))[0].as_py() for answer in answers]
    assert [len(column) for column in read] == [len(column) for column in columns]
    assert [text for column in read for text in column.to_pylist()] == alone
