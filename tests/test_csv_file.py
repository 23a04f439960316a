"""The CSV reader: rows as Excel writes them, anywhere in a file of any length.

Excel leaves out the separators of a row's empty last cells (after its first rows): such a
"short row" is read with those fields empty, wherever in the file it stands, in the file's
order, and named at its own line by any later finding.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from touchsite.load.formats import csv_file, detect, open_reader, shape
from touchsite.load.formats.shape import CHUNK_ROWS, FileShape
from touchsite.pipeline import check

HEADER = ["response_id", "touchpoint", "date", "nps", "csat", "ces", "comment", "segment"]
SCALES = {"nps": (3, 0, 10), "csat": (4, 1, 5), "ces": (5, 1, 7)}  # column, lowest, highest
BREAK = re.compile(r"\r\n|\r|\n")


def _written(rows: list[list[str]], end: str = "\r\n", separator: str = ",") -> str:
    """The rows as Excel writes them: a short list is a row without its last separators."""
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=separator, lineterminator=end).writerows(rows)
    return out.getvalue()


def _starts(header: str, rows: list[list[str]], end: str, separator: str = ",") -> list[int]:
    """The file line each row starts on, counted from the text written."""
    line, starts = 1 + len(BREAK.findall(header)), []
    for row in rows:
        starts.append(line)
        line += len(BREAK.findall(_written([row], end, separator)))
    return starts


def _as_read(rows: list[list[str]], width: int):
    """(row position, fields) of each record as Excel means the rows: a short row padded
    with empty fields, one of empty fields alone and a longer one (ragged) left out."""
    for at, row in enumerate(rows):
        if len(row) > width or (len(row) < width and not any(cell.strip() for cell in row)):
            continue
        yield at, row + [""] * (width - len(row))


def test_short_rows_after_the_first_chunk_are_read_in_order(mini: Path, monkeypatch):
    """Short rows met only after the first chunk was handed out are read, not left out as
    ragged: an answer's first copy wins over a later full row, a bad value and a later
    ragged row are named at their lines (after a short row over two lines), and the file's
    rows and answers count them."""
    monkeypatch.setattr(csv_file, "CHUNK_ROWS", 50)  # records a chunk, about
    monkeypatch.setattr(csv_file, "CSV_BLOCK_BYTES", 256)  # a few rows a block
    path = mini / "data" / "feedback.csv"
    header, *given = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    assert header == HEADER and len(given) == 52
    full = [
        [f"F{i:03d}", "hotline", f"2026-02-{1 + i % 28:02d}", str(i % 11), str(1 + i % 5)]
        + ["", "Gut" if i % 3 else "", "new" if i % 2 else "loyal"]
        for i in range(150)
    ]
    short = [
        ["X001", "search", "2026-03-01", "3"],  # its first answer for search
        ["X002", "hotline", "2026-03-02", "8", "4", "", "Rückruf kam,\nalles gut"],
        ["X003", "search", "2026-03-03", "x"],  # a bad NPS
        ["", "", "", ""],  # empty cells alone: no answer, no problem
        ["X004", "hotline", "2026-03-04"],  # no answer but a row read
        ["X001", "search", "2026-03-09", "10", "5", "", "", "new"],  # answered before
        ["X005", "hotline", "2026-03-05", "9", "", "", "a", "b", "new"],  # ragged
        ["X006", "search", "2026-03-06", "7", "2"],
    ]
    rows = given + full[:120] + short + full[120:] + [["X007", "hotline", "2026-03-07", "6"]]
    path.write_text(_written([header, *rows]), encoding="utf-8")
    line = _starts(_written([header]), rows, "\r\n")[len(given) + 120 :]  # short's lines first

    expected: Counter = Counter()
    seen = set()
    for _, row in _as_read(rows, len(HEADER)):
        respondent, touchpoint = row[0], row[1]
        if (respondent, touchpoint) in seen:  # the first answer wins: X001's 3, not its 10
            continue
        seen.add((respondent, touchpoint))
        for kpi, (column, low, high) in SCALES.items():
            if row[column].isdigit() and low <= int(row[column]) <= high:
                expected[(touchpoint, kpi, int(row[column]))] += 1

    feedback = check(mini).feedback
    counts = feedback.counts.groupby(["touchpoint", "kpi", "score"])["n"].sum()
    assert {key: n for key, n in counts.items() if n} == dict(expected)
    found = {(f.kind, f.values[0].lines) for f in feedback.quality}
    assert found == {("number", (line[2],)), ("repeated", (line[5],)), ("ragged", (line[6],))}
    assert line[5] == line[4] + 1 == line[1] + 5  # X002 takes two lines
    assert [f.records for f in feedback.files] == [len(rows) - 1]  # the empty row aside
    assert any("Rückruf kam,\nalles gut" in c.text for c in feedback.comments["hotline"])


def _shape(path: Path, header: str, width: int, separator: str, encoding: str) -> FileShape:
    return FileShape(
        path,
        "csv",
        "long",
        [f"q{i}" for i in range(width)],
        [() for _ in range(width)],
        1,
        header_lines=len(BREAK.findall(header)),
        encoding=encoding,
        separator=separator,
        data_offset=len(header.encode()),
    )


def _read(shape: FileShape, needed: list[int]):
    """The records handed out (the fields needed), checked chunk by chunk, and the reader."""
    reader = open_reader(shape)
    records = []
    for chunk in reader.chunks(needed):
        assert chunk.start == len(records)
        columns = [chunk.columns[index].to_pylist() for index in needed]
        assert all(len(column) == chunk.length for column in columns)
        records += [list(fields) for fields in zip(*columns, strict=True)]
    assert reader.records == len(records)
    return records, reader


def test_a_file_of_more_than_a_chunk_with_short_rows_after_it(tmp_path: Path, monkeypatch):
    """At the real chunk length: rows after the first 100,000 without their last fields are
    read in place, and the lines of the records around them are the file's. Blocks of 64 KiB
    (some 5,000 rows), so the first chunk is handed out before those rows are parsed."""
    monkeypatch.setattr(csv_file, "CSV_BLOCK_BYTES", 1 << 16)
    width, late = 5, CHUNK_ROWS + 20_000  # short rows from here on
    rows = [[f"R{i}", str(i % 11), "", "", ""] for i in range(late + 20_000)]
    for at in range(late + 3, len(rows), 997):
        rows[at] = rows[at][:2]
    rows[late + 10] = [f"R{late + 10}", '"quoted"\nover two lines']
    header = _written([[f"q{i}" for i in range(width)]])
    path = tmp_path / "export.csv"
    path.write_text(header + _written(rows), encoding="utf-8")
    records, reader = _read(_shape(path, header, width, ",", "utf-8"), [0, 1, 4])
    assert records == [[row[0], row[1], ""] for row in rows]
    assert not reader.ragged
    lines, ragged = reader.lines({0, late + 3, late + 10, late + 11, len(rows) - 1})
    assert lines == {
        0: 2,
        late + 3: late + 5,
        late + 10: late + 12,
        late + 11: late + 14,  # the row before it took two lines
        len(rows) - 1: len(rows) + 2,
    }
    assert ragged == []


FIELD = st.lists(
    st.sampled_from(["a", "ü", " ", ";", ",", '"', "\n", "\r\n", "\t"]), max_size=4
).map("".join)


@settings(max_examples=150, deadline=None)
@given(
    rows=st.lists(st.lists(FIELD, min_size=1, max_size=6), max_size=60),
    separator=st.sampled_from([",", ";"]),
    end=st.sampled_from(["\r\n", "\n"]),
    chunk_rows=st.sampled_from([1, 3, 10, 1000]),
    block_bytes=st.sampled_from([100, 1 << 20]),  # a row is shorter than a block
    encoding=st.sampled_from(["utf-8", "cp1252"]),
)
def test_any_rows_are_read_in_order_at_their_lines(
    rows, separator, end, chunk_rows, block_bytes, encoding, tmp_path_factory
):
    """Rows of any length in any place, quoted line breaks and separators among them, at any
    chunk and block length: the records are the rows as Excel means them (short ones padded,
    empty and longer ones left out), in order, each at the line it starts on, and the
    longer ones counted and named at theirs."""
    width = 4
    rows = [row for row in rows if row != [""]]  # written as "", a field no row of Excel's
    if any("\r\n" in cell for row in rows for cell in row):
        # pyarrow drops the \n of a quoted \r\n that a block boundary splits, in any row
        block_bytes = 1 << 20
    header = _written([[f"q{i}" for i in range(width)]], end, separator)
    path = tmp_path_factory.mktemp("short") / "export.csv"
    path.write_bytes((header + _written(rows, end, separator)).encode(encoding))
    starts = _starts(header, rows, end, separator)
    expected = list(_as_read(rows, width))
    ragged = [
        (starts[at], len(row))
        for at, row in enumerate(rows)
        if len(row) > width and any(cell.strip() for cell in row)
    ]
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(csv_file, "CHUNK_ROWS", chunk_rows)
        patch.setattr(csv_file, "CSV_BLOCK_BYTES", block_bytes)
        records, reader = _read(_shape(path, header, width, separator, encoding), [0, 1, 2, 3])
    assert records == [fields for _, fields in expected]
    assert reader.ragged == Counter(fields for _, fields in ragged)
    lines, ragged_lines = reader.lines(set(range(len(records))), len(ragged))
    assert lines == {index: starts[at] for index, (at, _) in enumerate(expected)}
    assert [(line, fields) for line, fields, _ in ragged_lines] == ragged


def test_rows_all_short_after_the_first_are_handed_out_in_chunks(tmp_path: Path, monkeypatch):
    """Excel writes a column no row fills in its first rows only: every row after them is
    short, and pyarrow's reader hands out no record after the first. They come in chunks
    of about CHUNK_ROWS all the same, not in one chunk of the whole file."""
    monkeypatch.setattr(csv_file, "CHUNK_ROWS", 100)
    monkeypatch.setattr(csv_file, "CSV_BLOCK_BYTES", 1024)
    rows = [[f"R{i}", str(i % 11), "", ""] for i in range(16)]
    rows += [[f"R{i}", str(i % 11)] for i in range(16, 5000)]
    header = _written([["id", "nps", "comment", "segment"]])
    path = tmp_path / "export.csv"
    path.write_text(header + _written(rows), encoding="utf-8")
    reader = open_reader(_shape(path, header, 4, ",", "utf-8"))
    lengths, records = [], []
    for chunk in reader.chunks([0, 1]):
        lengths.append(chunk.length)
        records += zip(*(chunk.columns[index].to_pylist() for index in (0, 1)), strict=True)
    assert records == [(row[0], row[1]) for row in rows]
    assert max(lengths) < 400, lengths


def test_a_file_whose_rows_are_all_short_is_read_in_chunks(tmp_path: Path, monkeypatch):
    """A header that ends in a separator its rows lack ("id,nps,comment,"): pyarrow's reader
    hands out no record at all, and every row waited for the file's end in memory (1.3 GB
    for 3 million rows). A chunk's worth of them hands the file to the csv module, which
    reads it in chunks: every record in order, the longer rows ragged."""
    monkeypatch.setattr(csv_file, "CHUNK_ROWS", 100)
    monkeypatch.setattr(csv_file, "CSV_BLOCK_BYTES", 1024)
    rows = [[f"R{i}", str(i % 11), "gut" if i % 3 else ""] for i in range(2000)]
    rows[700] = ["R700", "5", "", "", "zu viel"]  # ragged
    rows[900] = ["", "", ""]  # empty fields alone: no answer
    header = _written([["id", "nps", "comment", ""]])
    path = tmp_path / "export.csv"
    path.write_text(header + _written(rows), encoding="utf-8")
    reader = open_reader(_shape(path, header, 4, ",", "utf-8"))
    lengths, records = [], []
    for chunk in reader.chunks([0, 1, 2]):
        lengths.append(chunk.length)
        records += zip(*(chunk.columns[index].to_pylist() for index in (0, 1, 2)), strict=True)
    assert records == [tuple(row) for at, row in enumerate(rows) if at not in (700, 900)]
    assert max(lengths) <= 100 and len(lengths) == 20, lengths
    assert reader.ragged == Counter({5: 1})
    lines, _ragged = reader.lines({0, 1997}, 1)
    assert lines == {0: 2, 1997: 2001}  # the header on line 1; rows 700 and 900 no records


def test_rows_short_after_the_first_are_read_once_at_the_real_sizes(tmp_path: Path):
    """As Excel writes a column filled in its first rows only, at the real chunk and block
    sizes: pyarrow's handler, parsing ahead on its thread, met a chunk's worth of short rows
    while the first chunk was not handed out yet, and the file was read again from its
    start after that chunk (100,017 records twice)."""

    def row(i: int) -> list[str]:  # some 35,000 rows a block of 1 MiB
        return [f"R{i}", f"tp-{i % 100:03d}", "2026-01-15", str(i % 11), "spät" * (i % 4 == 0)]

    rows = [[*row(i), "neu"] for i in range(16)] + [row(i) for i in range(16, 250_000)]
    header = _written([["id", "touchpoint", "date", "nps", "comment", "segment"]], end="\n")
    path = tmp_path / "export.csv"
    path.write_text(header + _written(rows, end="\n"), encoding="utf-8")
    records, reader = _read(_shape(path, header, 6, ",", "utf-8"), [0, 5])
    assert [record[0] for record in records] == [row[0] for row in rows]
    assert [record[1] for record in records[:17]] == ["neu"] * 16 + [""]
    assert not reader.ragged


def test_a_wide_export_is_read_in_chunks_of_as_many_cells_as_a_long_tables(
    tmp_path: Path, monkeypatch
):
    """A CSV chunk held CHUNK_ROWS records however many columns were read: a Qualtrics
    export of 200,000 respondents x 10 touchpoints (35 columns read) came in chunks of
    100,000 respondents, a million answers each, and load_feedback peaked at 629 MiB. Now a
    CSV chunk holds about CHUNK_CELLS cells, as a workbook's: every record once, in order,
    each whole (a respondent's answers are one record, never split between chunks)."""
    monkeypatch.setattr(shape, "CHUNK_CELLS", 60)
    monkeypatch.setattr(csv_file, "CSV_BLOCK_BYTES", 256)  # pyarrow's batches: a few rows
    names = ["StartDate", "RecordedDate", "ResponseId", "Q1_NPS", "Q1_TEXT", "Q2_NPS", "Q2_TEXT"]
    texts = ["Start Date", "Recorded Date", "Response ID", "How likely ...?", "Why?"] * 2
    imports = [f'{{"ImportId":"{name}"}}' for name in names]
    rows = [
        [
            "2026-03-01 10:00:00",
            "2026-03-01 10:05:00",
            f"R_{number:05d}",
            str(number % 11),
            f"Antwort {number}, zweiter Satz" if number % 3 else "",
            str(number % 7),
            "Zeile eins\nZeile zwei" if number % 5 == 0 else "",
        ]
        for number in range(300)
    ]
    path = tmp_path / "qualtrics.csv"
    path.write_text(
        "\ufeff" + _written([names, texts[: len(names)], imports, *rows]), encoding="utf-8"
    )
    detected = detect(path)
    assert detected.header_rows == 3
    expected = [
        [record[index] for index in range(2, 7)]
        for record in list(csv.reader(io.StringIO(path.read_text("utf-8-sig"), newline="")))[3:]
    ]
    reader = open_reader(detected)
    lengths, records = [], []
    for chunk in reader.chunks([2, 3, 4, 5, 6]):  # five columns: 12 records a chunk
        lengths.append(chunk.length)
        columns = [chunk.columns[index].to_pylist() for index in range(2, 7)]
        records += [list(fields) for fields in zip(*columns, strict=True)]
    assert records == expected
    assert max(lengths) < 12 + 10, lengths  # at most a batch of pyarrow's more
    assert len(lengths) > 300 // 22
