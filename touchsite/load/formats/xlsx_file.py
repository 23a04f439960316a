"""Workbooks (XLSX, and Excel 97-2003's XLS and OpenDocument's ODS as they come): one sheet;
a record's line is its sheet row."""

from __future__ import annotations

import datetime as dt
import itertools
import zipfile
from collections.abc import Callable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.errors import UserError
from touchsite.load.formats.layouts import HEAD_ROWS, column_names, header_rows_of, layout_of
from touchsite.load.formats.shape import (
    FileShape,
    RawChunk,
    Reader,
    cell_text,
    rows_per_chunk,
)
from touchsite.load.progress import Progress
from touchsite.models import DataSource

# the rows of each sheet `busiest_sheet` compares: a cover sheet has a few, a data sheet more
SHEET_SAMPLE_ROWS = 200


# A sheet is read by calamine (Rust) into memory at once, about ten times as fast as openpyxl
# reads it cell by cell (a 60,000-row Qualtrics workbook: 1.1 s against 13 s of CPU), at
# about 1.3 bytes of memory per byte of the sheet's XML (200 MB for that workbook's 110 MB);
# a sheet whose XML is larger than this streams through openpyxl instead, in flat memory:
# Excel's largest sheets (a million rows) would take gigabytes.
STREAM_ABOVE = 512 * 2**20


class _Book:
    """A workbook opened once: its worksheets' names (not its chart sheets), and each one's
    rows as tuples of cell values (None or "" where a cell is empty), its first row the
    sheet's first, its first cell column A's, however far from A1 the filled cells start."""

    names: list[str]

    def rows(self, name: str, first: int = 1) -> Iterator[Sequence]:
        raise NotImplementedError

    def stored_rows(self, name: str) -> int:
        """The sheet's row count as the file gives it: for a progress bar, no more."""
        raise NotImplementedError

    def close(self) -> None:
        pass


class _ReadAtOnce(_Book):
    """calamine's: a sheet's cells are read whole when the sheet is first asked for, and the
    last sheet read is kept (detection, then the reading, read one)."""

    def __init__(self, path: Path) -> None:
        from python_calamine import CalamineWorkbook, SheetTypeEnum

        self.path = path
        with path.open("rb") as handle:  # the format told by its bytes, not its name
            self.book = CalamineWorkbook.from_filelike(handle)
        self.names = [
            sheet.name
            for sheet in self.book.sheets_metadata
            if sheet.typ == SheetTypeEnum.WorkSheet
        ]
        self.held: tuple[str, Any] | None = None
        self.streamed: _Streamed | None = None

    def _sheet(self, name: str):
        if self.streamed is not None:  # calamine refused a sheet: openpyxl reads them all
            return None
        if self.held is None or self.held[0] != name:
            self.held = None  # one sheet's cells in memory at a time
            try:
                self.held = name, self.book.get_sheet_by_name(name)
            except Exception as error:  # calamine's errors for a damaged part
                if UNKNOWN_ERROR in str(error) and workbook_format(self.path) == "XLSX":
                    self.streamed = _Streamed(self.path)
                    return None
                raise _unreadable(error, self.path) from None
        return self.held[1]

    def rows(self, name: str, first: int = 1) -> Iterator[Sequence]:
        sheet = self._sheet(name)
        if self.streamed is not None:
            yield from self.streamed.rows(name, first)
            return
        if sheet.start is None:  # an empty sheet
            return
        # calamine's rows start at the sheet's first row, its cells at the first filled
        # column: a sheet filled from C4 gets A and B back
        left = ("",) * sheet.start[1]
        rows = itertools.islice(sheet.iter_rows(), first - 1, None)
        yield from ((*left, *row) for row in rows) if left else rows

    def stored_rows(self, name: str) -> int:
        sheet = self._sheet(name)
        if self.streamed is not None:
            return self.streamed.stored_rows(name)
        return sheet.end[0] + 1 if sheet.end else 0

    def close(self) -> None:
        self.held = None
        self.book.close()
        if self.streamed is not None:
            self.streamed.close()


# A formula's error, as Excel caches it: calamine reads one as an empty cell, openpyxl as its
# code's text, which a sheet streamed (a file above STREAM_ABOVE) took for an answer ("#N/A"
# a comment, "#DIV/0!" a score to report), where the same sheet read whole had none. (Excel
# turns such a code typed into a cell into the error, so no text is lost.)
EXCEL_ERRORS = frozenset(
    ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA")
    # Excel 365's: calamine refuses a sheet that holds one (UNKNOWN_ERROR), so it is
    # streamed instead, whatever its size
    + ("#SPILL!", "#CALC!", "#FIELD!", "#BLOCKED!", "#CONNECT!", "#BUSY!", "#UNKNOWN!")
    + ("#EXTERNAL!", "#PYTHON!")
)
UNKNOWN_ERROR = "Unsupported cell error value"


class _Streamed(_Book):
    """openpyxl's read-only mode: row by row, in flat memory."""

    def __init__(self, path: Path) -> None:
        import openpyxl

        self.book = openpyxl.load_workbook(path, read_only=True, data_only=True)
        self.names = [worksheet.title for worksheet in self.book.worksheets]
        # Read-only mode stops at a sheet's stored `<dimension ref=...>`, which some tools
        # write stale (`A1`, or the size before the last rows were added): openpyxl's
        # documented remedy, reset_dimensions(), has every row read as it is in the file.
        self.stored = {}
        for worksheet in self.book.worksheets:
            self.stored[worksheet.title] = worksheet.max_row or 0
            worksheet.reset_dimensions()

    def rows(self, name: str, first: int = 1) -> Iterator[Sequence]:
        for row in self.book[name].iter_rows(min_row=first, values_only=True):
            if EXCEL_ERRORS.isdisjoint(row):
                yield row
            else:
                yield tuple("" if cell in EXCEL_ERRORS else cell for cell in row)

    def stored_rows(self, name: str) -> int:
        return self.stored[name]

    def close(self) -> None:
        self.book.close()


def _unreadable(error: Exception, path: Path) -> UserError:
    """What is wrong with a workbook its reader refused: a zip archive's damage in words (the
    readers' own say "Could not find EOCD", "File not found '_rels/.rels'"), else theirs."""
    said = workbook_format(path)
    hint = "save it again in Excel"
    if said == "XLS" and _encrypted(path):
        return UserError(
            "is a workbook protected by a password (encrypted), which cannot be read",
            "ask for it without a password, or open it with its password in Excel and save it"
            " again without one",
            path,
        )
    if said != "XLS":
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (OSError, zipfile.BadZipFile):
            cut = f"cut short or damaged (no complete zip archive, as an {said} file is)"
            return UserError(
                f"cannot be read as {said}: {cut}", f"export it again, or {hint}", path
            )
        if said == "XLSX" and not {"_rels/.rels", "xl/workbook.xml"} <= names:
            return UserError(
                f"cannot be read as {said}: a zip archive without a workbook", hint, path
            )
    return UserError(f"cannot be read as {said}: {error}", hint, path)


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Excel 97-2003's .xls
# An XLSX saved with a password is no zip archive but an OLE2 file, as an .xls is, that holds
# the encrypted workbook in a stream of this name (its directory writes names in UTF-16)
ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
ODS_TYPE = b"application/vnd.oasis.opendocument.spreadsheet"


def _encrypted(path: Path) -> bool:
    """Whether an OLE2 file holds a workbook encrypted with a password (read only once its
    reader refused it)."""
    try:
        return ENCRYPTED_PACKAGE in path.read_bytes()
    except OSError:
        return False


def workbook_format(path: Path) -> str:
    """XLSX, XLS (Excel 97-2003) or ODS (LibreOffice's, OpenDocument's), told by the file's
    first bytes: an OpenDocument file names its type in its first part, "mimetype"."""
    try:
        with path.open("rb") as handle:
            start = handle.read(120)
    except OSError:
        return "XLSX"
    if start.startswith(OLE2_MAGIC):
        return "XLS"
    return "ODS" if start[30:38] == b"mimetype" and ODS_TYPE in start else "XLSX"


def _largest_sheet(path: Path) -> int:
    """The size of the workbook's largest worksheet's XML, unpacked (0 where it cannot be
    told: the opening says why)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return max(
                (
                    info.file_size
                    for info in archive.infolist()
                    if info.filename.startswith("xl/worksheets/")
                ),
                default=0,
            )
    except (OSError, zipfile.BadZipFile):
        return 0


# The workbook detection opened, kept for the reading that comes next: opening a workbook
# parses its whole shared-string table, and reading a sheet's first rows (calamine) the
# whole sheet. One at a time; `release` closes one that is not read after all.
_kept: dict[tuple[str, int, int], _Book] = {}


def _open_book(path: Path) -> _Book:
    key = _file_key(path)
    kept = _kept.pop(key, None) if key else None
    if kept is not None:
        return kept
    reader = _Streamed if _largest_sheet(path) > STREAM_ABOVE else _ReadAtOnce
    try:
        return reader(path)
    except Exception as error:  # the readers raise many kinds for a damaged file
        raise _unreadable(error, path) from None


def _file_key(path: Path) -> tuple[str, int, int] | None:
    """The file as it is now; None where it is gone (the opening then says so)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return str(path.resolve()), status.st_size, status.st_mtime_ns


def _keep(path: Path, book: _Book) -> None:
    release()
    key = _file_key(path)
    if key is None:
        book.close()
    else:
        _kept[key] = book


def release() -> None:
    """Close the workbook kept since its detection, where it was not read after all."""
    while _kept:
        _kept.popitem()[1].close()


def _open_sheet(path: Path, sheet: str) -> tuple[_Book, str]:
    """The workbook and the name of its sheet `sheet` (the first if `sheet` is empty)."""
    book = _open_book(path)
    if sheet and sheet not in book.names:
        book.close()
        raise UserError(f"has no sheet '{sheet}'", "its sheets: " + ", ".join(book.names), path)
    return book, sheet or book.names[0]


def detect_xlsx(path: Path, source: DataSource) -> FileShape:
    detected: set[str] = set()
    book, sheet = _open_sheet(path, source.sheet)
    sheets = tuple(book.names)
    try:
        rows = [_trimmed(row) for row in itertools.islice(book.rows(sheet), HEAD_ROWS)]
    except BaseException:
        book.close()
        raise
    _keep(path, book)
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return FileShape(
            path,
            "xlsx",
            "long",
            [],
            [],
            0,
            sheet=sheet,
            sheets=sheets,
            workbook=workbook_format(path),
        )
    layout = layout_of(rows, source, detected)
    header_rows = header_rows_of(layout, rows, source)
    names, aliases = column_names(layout, rows[:header_rows])
    while names and names[-1].startswith("column ") and not rows[0][len(names) - 1 :]:
        names.pop()
    return FileShape(
        path=path,
        kind="xlsx",
        workbook=workbook_format(path),
        layout=layout,
        columns=names,
        aliases=aliases[: len(names)],
        header_rows=header_rows,
        header_lines=header_rows,
        sheet=sheet,
        sheets=sheets,
        detected=detected,
        header_records=tuple(tuple(row) for row in rows[:header_rows]),
    )


def _trimmed(row: Sequence) -> list[str]:
    """A row's cells as text, up to its last filled one (calamine fills a row to the sheet's
    last column; a header's names end where its cells do)."""
    texts = [cell_text(value) for value in row]
    while texts and not texts[-1]:
        texts.pop()
    return texts


def busiest_sheet(path: Path) -> str:
    """The worksheet with the most filled cells in its first rows: where a workbook's
    answers are when its first sheet is a cover sheet ("Info": who exported it, when)."""
    book = _open_book(path)
    try:
        filled = {}
        for name in book.names:
            rows = itertools.islice(book.rows(name), SHEET_SAMPLE_ROWS)
            filled[name] = sum(_filled(value) for row in rows for value in row)
    except BaseException:
        book.close()
        raise
    _keep(path, book)
    return max(filled, key=filled.__getitem__)  # the first of equals: the default sheet


def _filled(value) -> bool:
    return value is not None and value != ""


def _empty(cells: Sequence) -> int:
    """How many of the cells are empty (None, or a text of nothing)."""
    return cells.count(None) + cells.count("")


# a whole number beyond this, stored as a float, may stand for another
WHOLE_LIMIT = 2**53


def _texts(values: list) -> pa.Array:
    """A column's cells as `cell_text` writes each one, converted a column at a time where
    they are all of one kind (texts, whole numbers, dates), calamine's empty cells ("")
    among any of them; cell by cell where the column mixes kinds or holds numbers with
    decimals."""
    kinds = set(map(type, values)) - {type(None)}
    if str in kinds and len(kinds) > 1:  # numbers or dates, and texts: empty ones, or more?
        values = [None if value == "" else value for value in values]
        kinds = set(map(type, values)) - {type(None)}
    try:
        if kinds <= {str}:
            return pc.fill_null(pa.array(values, pa.string()), "")
        if kinds in ({int}, {bool}):
            typed = pa.array(values, pa.int64() if kinds == {int} else pa.bool_())
            return pc.fill_null(typed.cast(pa.string()), "")
        if kinds == {dt.datetime} and not any(v.tzinfo for v in values if v is not None):
            days = pa.array(values, pa.timestamp("us")).cast(pa.date32())
            return pc.fill_null(days.cast(pa.string()), "")
        if kinds == {dt.date}:  # calamine's day without a time of day
            return pc.fill_null(pa.array(values, pa.date32()).cast(pa.string()), "")
        if kinds <= {int, float}:
            typed = pa.array(values, pa.float64())
            numbers = typed.to_numpy(zero_copy_only=False)  # an empty cell's as NaN
            given = ~typed.is_null().to_numpy(zero_copy_only=False)
            filled = numbers[given]  # a NaN among them is no whole number
            if np.all(np.abs(filled) < WHOLE_LIMIT) and np.all(filled == np.trunc(filled)):
                whole = pa.array(np.where(given, numbers, 0).astype(np.int64), mask=~given)
                return pc.fill_null(whole.cast(pa.string()), "")
    except (pa.ArrowException, OverflowError):  # an int beyond 64 bits: cell by cell
        pass
    return pa.array([cell_text(value) for value in values], pa.string())


def _picker(needed: list[int]) -> Callable[[tuple], tuple]:
    """A row's needed cells, None where the row ends before one: a chunk keeps no more of a
    wide export's rows (hundreds of columns, two or three of them read)."""
    last = max(needed, default=-1)
    pick = itemgetter(*needed) if len(needed) > 1 else None

    def picked(row: tuple) -> tuple:
        if pick is not None and len(row) > last:
            return pick(row)
        return tuple(row[index] if index < len(row) else None for index in needed)

    return picked


class XlsxReader(Reader):
    def __init__(self, shape: FileShape, progress: Progress) -> None:
        super().__init__(shape, progress)
        self.sheet_rows: list[np.ndarray] = []
        self.ragged_rows: list[tuple[int, int, int]] = []  # (row, fields, row)

    def chunks(self, needed: list[int]) -> Iterator[RawChunk]:
        shape = self.shape
        width = len(shape.columns)
        book, sheet = _open_sheet(shape.path, shape.sheet)
        self.progress.start(f"Reading {shape.path.name}", book.stored_rows(sheet) or 1)
        picked = _picker(needed)
        chunk_rows = rows_per_chunk(self.chunk_rows, len(needed))
        kept: list[tuple] = []  # the chunk's rows, their needed cells alone
        rows: list[int] = []
        try:
            first = shape.header_rows + 1
            for number, row in enumerate(book.rows(sheet, first), first):
                self.progress.advance(1)
                if _empty(row) == len(row):
                    continue
                beyond = len(row) - width  # cells right of the last named column
                if beyond > 0 and _empty(row[width:]) < beyond:
                    fields = len(row) - _empty(row[width:])
                    self.ragged[fields] += 1
                    self.ragged_rows.append((number, fields, number))
                    continue
                kept.append(picked(row))
                rows.append(number)
                if len(rows) == chunk_rows:
                    yield self._chunk(kept, needed, rows)
                    kept, rows = [], []
            if rows:
                yield self._chunk(kept, needed, rows)
        finally:
            book.close()
            self.progress.finish()

    def _chunk(self, kept: list[tuple], needed: list[int], rows: list[int]) -> RawChunk:
        columns = {
            index: _texts(list(map(itemgetter(position), kept)))
            for position, index in enumerate(needed)
        }
        chunk = RawChunk(self.records, len(rows), columns)
        self.sheet_rows.append(np.asarray(rows, dtype=np.int64))
        self.records += len(rows)
        return chunk

    def lines(self, records: set[int], ragged: int = 0) -> tuple[dict[int, int], list]:
        rows = np.concatenate(self.sheet_rows) if self.sheet_rows else np.zeros(0, np.int64)
        return {record: int(rows[record]) for record in records}, self.ragged_rows
