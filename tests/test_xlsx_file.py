"""The XLSX reader: each column's cells as the text every later stage reads.

SurveyMonkey's "All responses" workbook holds ids and scores as numbers, dates as Excel
datetimes, answers and comments as text, and leaves unanswered cells empty."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from touchsite.__main__ import cli
from touchsite.errors import UserError
from touchsite.load.formats import FileShape, detect, open_reader, xlsx_file
from touchsite.load.formats import shape as shape_module

EXPORTS = REPO / "tests" / "fixtures" / "exports"

CELLS = st.one_of(
    st.none(),
    st.sampled_from(["", "Sehr zufrieden", " 7 "]),
    st.text(max_size=5),
    st.integers(-(2**70), 2**70),
    st.integers(0, 10),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(-(2**60), 2**60).map(float),
    st.booleans(),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1)),
    st.datetimes(timezones=st.just(dt.timezone(dt.timedelta(hours=-5)))),
    st.dates(),
    st.times(),
)


@given(st.one_of(st.lists(CELLS, max_size=20), CELLS.flatmap(lambda c: st.lists(st.just(c)))))
def test_a_column_reads_as_each_of_its_cells_would(cells: list):
    assert xlsx_file._texts(cells).to_pylist() == [xlsx_file.cell_text(c) for c in cells]


@given(
    st.lists(st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1))),
    st.lists(st.one_of(st.none(), st.floats(-1e15, 1e15).map(round).map(float))),
    st.lists(st.one_of(st.none(), st.datetimes(dt.datetime(1900, 1, 1)))),
)
def test_columns_of_one_kind_read_as_each_of_their_cells_would(ints, floats, datetimes):
    for cells in (ints, floats, ints + floats, datetimes):
        assert xlsx_file._texts(cells).to_pylist() == [xlsx_file.cell_text(c) for c in cells]


def test_number_date_and_text_columns_are_converted_at_once(tmp_path: Path, monkeypatch):
    """Per cell, Python's work took a tenth of the reading of a 100,000-row export."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Respondent ID", "Collector ID", "Start Date", "Wie wahrscheinlich ...?"])
    sheet.append([None, None, None, "Response"])
    sheet.append([114015454545, 431234567, dt.datetime(2026, 3, 2, 9, 14), 9])
    sheet.append([114015454601, 431234567, dt.datetime(2026, 3, 5, 18, 2), None])
    sheet.append([114015454733, None, dt.datetime(2026, 3, 10, 7, 45), 0])
    book.save(tmp_path / "export.xlsx")
    calls = []
    text = xlsx_file.cell_text
    monkeypatch.setattr(xlsx_file, "cell_text", lambda value: calls.append(value) or text(value))
    shape = detect(tmp_path / "export.xlsx")
    calls.clear()  # the header rows' cells, read one by one
    chunks = list(open_reader(shape).chunks([0, 1, 2, 3]))
    texts = {i: chunks[0].columns[i].to_pylist() for i in range(4)}
    assert texts == {
        0: ["114015454545", "114015454601", "114015454733"],
        1: ["431234567", "431234567", ""],
        2: ["2026-03-02", "2026-03-05", "2026-03-10"],
        3: ["9", "", "0"],
    }
    assert calls == []


def _surveymonkey_project(mini: Path, mapping: str) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Respondent ID", "End Date", "How likely is it that you would recommend us?"])
    sheet.append([None, None, "Response"])
    for n in range(5):
        sheet.append([114015454545 + n, dt.datetime(2026, 3, 2 + n, 9, 14), n * 2])
    book.save(mini / "data" / "export.xlsx")
    yml = mini / "touchsite.yml"
    entry = f"  - path: data/export.xlsx\n    touchpoints:\n      overall: {{nps: {mapping}}}\n"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  - path: data/feedback.csv\n", entry))
    return mini


@pytest.fixture(params=["read at once", "streamed"])
def reader(request, monkeypatch) -> str:
    """Both ways a sheet is read: calamine's, whole, and openpyxl's, row by row (a sheet
    whose XML is larger than STREAM_ABOVE)."""
    if request.param == "streamed":
        monkeypatch.setattr(xlsx_file, "STREAM_ABOVE", 0)
    return request.param


def test_a_workbook_is_opened_once_for_its_detection_and_its_reading(
    mini: Path, monkeypatch, reader: str
):
    """Opening parses the whole shared-string table (and, without a <dimension>, the whole
    sheet): a 100,000-row Qualtrics export took 4.7 s to open, and was opened twice."""
    project = _surveymonkey_project(mini, "How likely is it that you would recommend us?")
    opened = []
    for kind in (xlsx_file._ReadAtOnce, xlsx_file._Streamed):
        start = kind.__init__
        monkeypatch.setattr(
            kind,
            "__init__",
            lambda self, path, start=start: opened.append(path) or start(self, path),
        )
    result = CliRunner().invoke(cli, ["check", str(project)])
    assert result.exit_code == 0, result.output
    assert "5 answers" in result.output
    assert len(opened) == 1
    assert xlsx_file._kept == {}


def test_a_workbook_detected_but_not_read_is_closed(mini: Path):
    project = _surveymonkey_project(mini, "No such question")
    result = CliRunner().invoke(cli, ["check", str(project)])
    assert result.exit_code == 1
    assert "No such question" in result.output
    assert xlsx_file._kept == {}


class _Answer:
    """A cell's value that counts how many of its kind are alive."""

    alive = 0

    def __init__(self) -> None:
        type(self).alive += 1

    def __del__(self) -> None:
        type(self).alive -= 1


def test_a_chunk_keeps_no_cell_of_a_column_it_does_not_read(tmp_path: Path, monkeypatch):
    """A chunk's rows were kept whole until its columns were converted: reading two columns of
    a 300-column Qualtrics export (20,000 rows) took 830 MB, where the reading cell by cell
    had taken 180 MB; a chunk of 100,000 rows would have taken gigabytes."""

    class Book(xlsx_file._Book):
        names = ["Sheet1"]

        def rows(self, name: str, first: int = 1):
            for number in range(120):
                yield (f"R_{number}", _Answer(), number % 11, _Answer())

        def stored_rows(self, name: str) -> int:
            return 120

    monkeypatch.setattr(xlsx_file, "_open_sheet", lambda path, sheet: (Book(), "Sheet1"))
    path = tmp_path / "export.xlsx"
    shape = FileShape(path, "xlsx", "wide", ["ResponseId", "Q1", "Q2", "Q3"], [()] * 4, 0)
    reader = open_reader(shape)
    reader.chunk_rows = 50
    alive, scores = [], []
    for chunk in reader.chunks([0, 2]):
        alive.append(_Answer.alive)
        scores += chunk.columns[2].to_pylist()
    assert scores == [str(number % 11) for number in range(120)]
    assert len(alive) == 3
    assert max(alive) <= 2  # the unread cells of the row just read, no other row's


def test_a_wide_sheet_is_read_in_chunks_of_as_many_cells_as_a_long_tables(
    tmp_path: Path, monkeypatch
):
    """A chunk held CHUNK_ROWS rows however many columns were read: a Qualtrics sheet of
    100,000 respondents x 10 touchpoints (31 columns read) was one chunk, 1,050 MiB at its
    peak. Now a chunk holds at most CHUNK_CELLS cells, and every row is read once, in order."""
    width, count = 12, 100

    class Book(xlsx_file._Book):
        names = ["Sheet1"]

        def rows(self, name: str, first: int = 1):
            for number in range(count):
                yield tuple(f"{number}-{column}" for column in range(width))

        def stored_rows(self, name: str) -> int:
            return count

    monkeypatch.setattr(xlsx_file, "_open_sheet", lambda path, sheet: (Book(), "Sheet1"))
    monkeypatch.setattr(shape_module, "CHUNK_CELLS", 60)
    names = [f"Q{column}" for column in range(width)]
    shape = FileShape(tmp_path / "export.xlsx", "xlsx", "wide", names, [()] * width, 0)
    reader = open_reader(shape)
    lengths, first, last = [], [], []
    for chunk in reader.chunks(list(range(width))):
        lengths.append(chunk.length)
        first += chunk.columns[0].to_pylist()
        last += chunk.columns[width - 1].to_pylist()
    assert lengths == [5] * 20  # 60 cells of 12 columns
    assert first == [f"{number}-0" for number in range(count)]
    assert last == [f"{number}-{width - 1}" for number in range(count)]
    # two columns read: 30 rows a chunk
    reader = open_reader(shape)
    assert [chunk.length for chunk in reader.chunks([0, 5])] == [30, 30, 30, 10]


def test_a_workbook_gone_between_its_detection_and_its_reading_is_named(tmp_path: Path):
    """A preview's build detected a workbook, and it was gone before it was read (deleted, or
    renamed away to make room for a new export): the reading failed with a traceback, 'a bug
    in touchsite', where a workbook that cannot be opened is named with what would fix it."""
    path = tmp_path / "export.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Respondent ID", "Wie wahrscheinlich ...?"])
    book.active.append([114015454545, 9])
    book.save(path)
    shape = detect(path)
    path.unlink()
    try:
        with pytest.raises(UserError, match="cannot be read as XLSX"):
            list(open_reader(shape).chunks([0, 1]))
    finally:
        xlsx_file.release()


# What Excel holds and both readers read alike. Not: whole numbers beyond 2**53 (Excel keeps
# 15 digits), days before March 1900 (Excel's leap day 1900-02-29), a fraction of a second
# (a day's float rounds it) and formulas ("=..."). A formula's error ("#N/A", which openpyxl
# writes as one) is an empty cell to both.
EXCEL_CELLS = st.one_of(
    st.none(),
    st.sampled_from(["Sehr zufrieden", " 7 ", "Antwort", "k. A.", "#N/A", "#DIV/0!"]),
    st.text(st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]), max_size=6).filter(
        lambda text: not text.startswith(("=", "#"))
    ),
    st.integers(-(2**53) + 1, 2**53 - 1),
    st.integers(0, 10),
    st.floats(-1e12, 1e12, allow_nan=False),
    st.booleans(),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(2100, 1, 1)).map(
        lambda moment: moment.replace(microsecond=0)
    ),
    st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    top=st.integers(0, 3),
    left=st.integers(0, 3),
    header=st.lists(
        st.sampled_from(["Respondent ID", "NPS", "Datum", "Kommentar", ""]), min_size=1, max_size=5
    ),
    body=st.lists(st.lists(EXCEL_CELLS, max_size=6), max_size=12),
)
def test_both_readers_read_a_sheet_alike(tmp_path: Path, monkeypatch, top, left, header, body):
    """calamine reads a sheet whole, ten times as fast as openpyxl streams it: its header,
    its cells' texts and each row's line in the sheet are the same however far from A1 the
    filled cells start (calamine's rows start at its first filled column), empty rows and
    cells beyond the header's last column (a ragged row) among them."""
    path = tmp_path / "export.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    for number, row in enumerate([header, *body], start=top + 1):
        for column, value in enumerate(row, start=left + 1):
            sheet.cell(number, column, value)
    book.save(path)
    read, whole = {}, 2**62  # every sheet read at once, or streamed
    for limit in (whole, 0):
        monkeypatch.setattr(xlsx_file, "STREAM_ABOVE", limit)
        # a workbook kept by a detection that failed would be the other reader's
        xlsx_file.release()
        try:
            shape = detect(path)
        except UserError as error:
            read[limit] = str(error)
            continue
        reader = open_reader(shape)
        needed = list(range(len(shape.columns)))
        chunks = [
            [column.to_pylist() for column in c.columns.values()] for c in reader.chunks(needed)
        ]
        lines = reader.lines(set(range(reader.records)))
        read[limit] = (shape.layout, shape.columns, shape.header_rows, chunks, lines)
    xlsx_file.release()
    assert read[0] == read[whole]


@pytest.mark.parametrize(
    "error", ["#DIV/0!", "#N/A", "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!", "#BUSY!"]
)
def test_a_formulas_error_is_an_empty_cell_however_the_sheet_is_read(
    tmp_path: Path, reader: str, error: str, monkeypatch
):
    """`#DIV/0!` (Excel's cached value of a formula that failed) is no answer: calamine
    reads it as an empty cell. openpyxl, streaming a sheet above STREAM_ABOVE, gave its
    text, so the same column read otherwise once the file grew past 512 MiB. Excel 365's
    newer errors (`#SPILL!`, `#CALC!`) and `#GETTING_DATA` made calamine refuse the whole
    workbook ("Unsupported cell error value"), and openpyxl kept them as text."""
    path = tmp_path / "export.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Respondent ID", "NPS"])
    book.active.append(["R1", 9])
    book.active.append(["R2", 7])
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {info: archive.read(info) for info in archive.infolist()}
    with zipfile.ZipFile(path, "w") as archive:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(
                    rb'<c r="B2"[^>]*>.*?</c>',
                    b'<c r="B2" t="e"><v>' + error.encode() + b"</v></c>",
                    data,
                )
            archive.writestr(info, data)
    streamed = []
    start = xlsx_file._Streamed.__init__
    monkeypatch.setattr(
        xlsx_file._Streamed, "__init__", lambda self, p: streamed.append(p) or start(self, p)
    )
    shape = detect(path)
    [chunk] = open_reader(shape).chunks([0, 1])
    assert chunk.columns[1].to_pylist() == ["", "7"]
    # a sheet calamine refuses is streamed by one openpyxl workbook, from detection to the
    # reading: before, each look at the sheet parsed it again and opened another, unclosed
    assert len(streamed) <= 1
    assert xlsx_file._kept == {}


@pytest.mark.parametrize(
    "name, said",
    [("efs-excel97.xls", "XLS (sheet 'Daten'"), ("efs-libreoffice.ods", "ODS (sheet 'Daten'")],
)
def test_an_excel_97_workbook_and_an_ods_file_read_as_their_csv_twin(name: str, said: str):
    """EFS Survey offers its results as an Excel 97-2003 workbook (.xls), and a client on
    LibreOffice saves .ods: both were errors ("save it as .xlsx"), a hand edit of the
    export. They read as the same answers written as CSV: every cell's text alike, a
    date's day (a workbook's cell holds a date, the CSV its time too)."""
    csv_shape = detect(EXPORTS / "efs.csv")
    shape = detect(EXPORTS / name)
    assert shape.columns == csv_shape.columns and shape.layout == csv_shape.layout
    needed = list(range(len(shape.columns)))
    [chunk] = open_reader(shape).chunks(needed)
    [csv_chunk] = open_reader(csv_shape).chunks(needed)
    for index, column in enumerate(shape.columns):
        texts, csv_texts = chunk.columns[index].to_pylist(), csv_chunk.columns[index].to_pylist()
        if column.startswith("date"):
            csv_texts = [text[:10] for text in csv_texts]
        assert texts == csv_texts, column
    result = CliRunner().invoke(cli, ["data", "inspect", str(EXPORTS / name)])
    assert result.exit_code == 0, result.output
    assert f"wide export, {said}" in result.output


def test_an_excel_97_file_that_is_no_workbook_is_named(tmp_path: Path):
    """An OLE2 file that calamine cannot read (a Word document, an encrypted workbook): the
    message names the file and what would fix it, no traceback."""
    path = tmp_path / "export.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    result = CliRunner().invoke(cli, ["data", "inspect", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error: cannot be read as XLS" in result.output
    assert "save it again in Excel" in result.output


def test_a_workbook_protected_by_a_password_is_named_so(tmp_path: Path):
    """An XLSX saved with a password is an OLE2 file as an .xls is: it was "cannot be read
    as XLS: Cannot detect file format", though it is no XLS and nothing is damaged."""
    path = tmp_path / "export.xlsx"
    entry = "EncryptedPackage".encode("utf-16-le")
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1016) + entry + bytes(600))
    result = CliRunner().invoke(cli, ["data", "inspect", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "protected by a password" in result.output and "XLS" not in result.output


def test_an_ods_file_cut_short_is_named_so(tmp_path: Path):
    """A damaged ODS file was said to be no complete zip archive "as an XLSX file is"."""
    path = tmp_path / "export.ods"
    path.write_bytes((EXPORTS / "efs-libreoffice.ods").read_bytes()[:1500])
    result = CliRunner().invoke(cli, ["data", "inspect", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cannot be read as ODS: cut short or damaged" in result.output
    assert "XLSX" not in result.output
