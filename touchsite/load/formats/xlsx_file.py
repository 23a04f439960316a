"""XLSX workbooks: one sheet, read row by row; a record's line is its sheet row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from operator import itemgetter
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.errors import UserError
from touchsite.load.formats.layouts import HEAD_ROWS, column_names, header_rows_of, layout_of
from touchsite.load.formats.shape import FileShape, RawChunk, Reader, cell_text
from touchsite.load.progress import Progress
from touchsite.models import DataSource

# the rows of each sheet `busiest_sheet` compares: a cover sheet has a few, a data sheet more
SHEET_SAMPLE_ROWS = 200


# The workbook detection opened, kept for the reading that comes next: opening a workbook
# parses its whole shared-string table, and each sheet to its end where the file names no
# <dimension> before its rows (2.5 s and 2 s more for a 100,000-row Qualtrics export).
# One at a time; `release` closes one that is not read after all.
_kept: dict[tuple[str, int, int], tuple[Any, dict[str, int]]] = {}


def _open_book(path: Path) -> tuple[Any, dict[str, int]]:
    """The workbook, its sheets read to their last row and column whatever the file says;
    and each sheet's row count as the file gives it.

    Read-only mode stops at a sheet's stored `<dimension ref=...>`, which some tools write
    stale (`A1`, or the size before the last rows were added): openpyxl's documented remedy,
    reset_dimensions(), has every row read as it is in the file. The stored row count is an
    estimate for the progress bar, no more.
    """
    import openpyxl

    key = _file_key(path)
    kept = _kept.pop(key, None) if key else None
    if kept is not None:
        return kept
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UserError(
            f"cannot be read as XLSX: {error}", "save it again in Excel", path
        ) from None
    stored_rows = {}
    for worksheet in book.worksheets:  # not its chart sheets
        stored_rows[worksheet.title] = worksheet.max_row or 0
        worksheet.reset_dimensions()
    return book, stored_rows


def _file_key(path: Path) -> tuple[str, int, int] | None:
    """The file as it is now; None where it is gone (openpyxl then says so, as a UserError)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return str(path.resolve()), status.st_size, status.st_mtime_ns


def _keep(path: Path, book: Any, stored_rows: dict[str, int]) -> None:
    release()
    key = _file_key(path)
    if key is None:
        book.close()
    else:
        _kept[key] = (book, stored_rows)


def release() -> None:
    """Close the workbook kept since its detection, where it was not read after all."""
    while _kept:
        book, _ = _kept.popitem()[1]
        book.close()


def _open_sheet(path: Path, sheet: str):
    """The workbook, the sheet (the first if `sheet` is empty), and each sheet's row count
    as the file gives it."""
    book, stored_rows = _open_book(path)
    names = [worksheet.title for worksheet in book.worksheets]
    if sheet and sheet not in names:
        book.close()
        raise UserError(f"has no sheet '{sheet}'", "its sheets: " + ", ".join(names), path)
    chosen = book[sheet] if sheet else book.worksheets[0]
    return book, chosen, stored_rows


def detect_xlsx(path: Path, source: DataSource) -> FileShape:
    detected: set[str] = set()
    book, sheet, stored_rows = _open_sheet(path, source.sheet)
    sheets = tuple(worksheet.title for worksheet in book.worksheets)
    try:
        rows = [
            [cell_text(value) for value in row]
            for row in sheet.iter_rows(max_row=HEAD_ROWS, values_only=True)
        ]
    except BaseException:
        book.close()
        raise
    _keep(path, book, stored_rows)
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return FileShape(path, "xlsx", "long", [], [], 0, sheet=sheet.title, sheets=sheets)
    layout = layout_of(rows, source, detected)
    header_rows = header_rows_of(layout, rows, source)
    names, aliases = column_names(layout, rows[:header_rows])
    while names and names[-1].startswith("column ") and not rows[0][len(names) - 1 :]:
        names.pop()
    return FileShape(
        path=path,
        kind="xlsx",
        layout=layout,
        columns=names,
        aliases=aliases[: len(names)],
        header_rows=header_rows,
        header_lines=header_rows,
        sheet=sheet.title,
        sheets=sheets,
        detected=detected,
        header_records=tuple(tuple(row) for row in rows[:header_rows]),
    )


def busiest_sheet(path: Path) -> str:
    """The worksheet with the most filled cells in its first rows: where a workbook's
    answers are when its first sheet is a cover sheet ("Info": who exported it, when)."""
    book, stored_rows = _open_book(path)
    try:
        filled = {}
        for sheet in book.worksheets:
            rows = sheet.iter_rows(max_row=SHEET_SAMPLE_ROWS, values_only=True)
            filled[sheet.title] = sum(_filled(value) for row in rows for value in row)
    except BaseException:
        book.close()
        raise
    _keep(path, book, stored_rows)
    return max(filled, key=filled.__getitem__)  # the first of equals: the default sheet


def _filled(value) -> bool:
    return value is not None and value != ""


def _empty(cells: tuple) -> int:
    """How many of the cells are empty (None, or a text of nothing)."""
    return cells.count(None) + cells.count("")


# a whole number beyond this, stored as a float, may stand for another
WHOLE_LIMIT = 2**53


def _texts(values: list) -> pa.Array:
    """A column's cells as `cell_text` writes each one, converted a column at a time where
    they are all of one kind (texts, whole numbers, dates); cell by cell where the column
    mixes kinds or holds numbers with decimals."""
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
        book, sheet, stored_rows = _open_sheet(shape.path, shape.sheet)
        self.progress.start(f"Reading {shape.path.name}", stored_rows[sheet.title] or 1)
        picked = _picker(needed)
        kept: list[tuple] = []  # the chunk's rows, their needed cells alone
        rows: list[int] = []
        try:
            first = shape.header_rows + 1
            for number, row in enumerate(sheet.iter_rows(min_row=first, values_only=True), first):
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
                if len(rows) == self.chunk_rows:
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
