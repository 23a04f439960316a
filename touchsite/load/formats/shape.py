"""What detection learns about a file, the records a reader hands out, and what every reader
keeps count of."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from touchsite.load.formats.layouts import LAYOUT_TITLES
from touchsite.load.progress import Progress

# Readers hand out records in chunks this long: the per-chunk work stays few and large.
CHUNK_ROWS = 100_000
# ... and at most this many cells (rows_per_chunk): as many as a long table's chunk holds
# (eight columns), where a wide export's row holds a column per question and becomes an
# answer per touchpoint (a Qualtrics sheet of 10 touchpoints, 31 columns read, took 1,050
# MiB in chunks of 100,000 rows; a CSV file of 200,000 such rows 629 MiB)
CHUNK_CELLS = 8 * CHUNK_ROWS


@dataclass
class FileShape:
    """What detection found out about a file, and what a reader needs to know."""

    path: Path
    kind: str  # csv, xlsx, parquet, sav, json
    layout: str
    columns: list[str]
    aliases: list[tuple[str, ...]]  # other names of each column (question text, ImportId)
    header_rows: int
    header_lines: int = 0  # file lines (CSV) or sheet rows (XLSX) before the first record
    encoding: str = ""  # the codec after any byte-order mark
    bom: int = 0
    bad_lines: tuple[int, ...] = ()  # lines with bytes that are not UTF-8 in a UTF-8 file
    separator: str = ""
    decimal_comma: bool = False
    sheet: str = ""
    workbook: str = "XLSX"  # kind xlsx: the workbook's format, XLSX, XLS or ODS
    sheets: tuple[str, ...] = ()  # XLSX: the workbook's worksheets, in order
    data_offset: int = 0
    row_bytes: float = 100.0  # CSV: bytes per record in the first megabyte, for progress
    # SPSS: label -> code, None for a string variable's code that is no number (`A1`)
    value_labels: dict[int, dict[str, float | None]] = field(default_factory=dict)
    detected: set[str] = field(default_factory=set)
    # CSV, XLSX: the header rows as written, which two exports pasted one below the other
    # (a second wave appended) repeat among the records
    header_records: tuple[tuple[str, ...], ...] = ()
    # JSON: the top-level key whose list holds the records ("" a top-level list), and
    # whether the file is JSON Lines (one record per line)
    json_key: str = ""
    json_lines: bool = False

    @property
    def empty(self) -> bool:
        """No columns: an empty file or sheet, which holds no answers but is no mistake."""
        return not self.columns

    def describe(self) -> str:
        """For people at a terminal: the layout and every detail of the file type."""
        layout = LAYOUT_TITLES[self.layout]
        if self.kind == "xlsx":
            return f"{layout}, {self.workbook} (sheet '{self.sheet}', {_rows(self.header_rows)})"
        if self.kind == "parquet":
            return f"{layout}, Parquet"
        if self.kind == "sav":
            return f"{layout}, SPSS (.sav, {len(self.value_labels)} columns with value labels)"
        if self.kind == "json":
            return f"{layout}, {self._json_name()}"
        if self.kind in DATABASE_TITLES:
            return f"{layout}, {DATABASE_TITLES[self.kind]} table"
        separator = {"\t": "tab"}.get(self.separator, f"'{self.separator}'")
        parts = [self._encoding_name(), f"{separator} separated"]
        if self.decimal_comma:
            parts.append("decimal comma")
        parts.append(_rows(self.header_rows))
        german = self.separator == ";" and (self.encoding == "cp1252" or self.bom)
        return f"{layout}, {'German Excel CSV' if german else 'CSV'} ({', '.join(parts)})"

    def with_sheets(self, hint: str) -> str:
        """The hint, and for a workbook of several sheets which one was read and the others:
        the answers may be on another sheet than the first."""
        if len(self.sheets) < 2:
            return hint
        names = ", ".join(f"'{name}'" for name in self.sheets)
        return (
            f"{hint}; sheet '{self.sheet}' was read, the workbook's sheets are {names}: "
            "name the one with the answers as sheet: in the data entry"
        )

    def file_type(self) -> str:
        """Short and in no language, for the site: 'CSV (UTF-8, ;)', 'XLSX (Antworten)'."""
        if self.kind == "xlsx":
            return f"XLSX ({self.sheet})"
        if self.kind == "parquet":
            return "Parquet"
        if self.kind == "sav":
            return "SPSS (.sav)"
        if self.kind == "json":
            return "JSON Lines" if self.json_lines else "JSON"
        if self.kind in DATABASE_TITLES:
            return DATABASE_TITLES[self.kind]
        separator = {"\t": "tab"}.get(self.separator, self.separator)
        return f"CSV ({self._encoding_name()}, {separator})"

    def _json_name(self) -> str:
        if self.json_lines:
            return "JSON Lines (one record per line)"
        return f"JSON (the records under '{self.json_key}')" if self.json_key else "JSON"

    def _encoding_name(self) -> str:
        return encoding_title(self.encoding) + (" with BOM" if self.bom else "")


# a database's table, by its engine (no word of a language, as the others)
DATABASE_TITLES = {"duckdb": "DuckDB", "postgres": "PostgreSQL"}

ENCODING_TITLES = {
    "utf-8": "UTF-8",
    "cp1252": "Windows-1252",
    "utf-16-le": "UTF-16 LE",
    "utf-16-be": "UTF-16 BE",
}


def encoding_title(codec: str) -> str:
    return ENCODING_TITLES.get(codec, codec)


def _rows(count: int) -> str:
    return f"{count} header row{'s' if count != 1 else ''}"


@dataclass
class RawChunk:
    """Consecutive records: `start` is the first one's index among the file's records."""

    start: int
    length: int
    columns: dict[int, pa.Array]  # column position -> text


class Reader:
    """Hands out a file's records in chunks, and tells the line each one came from."""

    def __init__(self, shape: FileShape, progress: Progress) -> None:
        self.shape, self.progress = shape, progress
        # the most records in a chunk: fewer where the first ones are all a caller wants (a
        # sample), so a sheet or an SPSS file is not read to its end before them
        self.chunk_rows = CHUNK_ROWS
        self.records = 0
        self.ragged: Counter[int] = Counter()  # field count -> rows with it

    def chunks(self, needed: list[int]) -> Iterator[RawChunk]:
        raise NotImplementedError

    def again(self, progress: Progress) -> Reader:
        """A reader of the same records from their start, while this one reads them (the
        dates read again where the first chunk's leave their format open)."""
        return type(self)(self.shape, progress)

    def ahead(self, held: int = 0) -> float:
        """The records still to read per record read: the progress bar's total (estimated
        from the first lines' bytes in a CSV file) against those handed out so far, of which
        the last `held` are read ahead and not used yet (still to read)."""
        used = self.records - held
        return max(self.progress.total - used, 0) / max(used, 1)

    def lines(self, records: set[int], ragged: int = 0) -> tuple[dict[int, int], list]:
        """The line (or row) each wanted record starts on, and (line, fields, last line) of
        ragged rows."""
        raise NotImplementedError

    def _listed(self, columns: list[list[str]], needed: list[int], rows: int) -> RawChunk:
        """The next chunk: `rows` records, the texts of each needed column listed."""
        arrays = {
            index: pa.array(column, pa.string())
            for column, index in zip(columns, needed, strict=True)
        }
        return self._handed(arrays, rows)

    def _handed(self, columns: dict[int, pa.Array], rows: int) -> RawChunk:
        """The next chunk: `rows` records, the texts of each needed column by its position."""
        chunk = RawChunk(self.records, rows, columns)
        self.records += rows
        self.progress.advance(rows, rows=rows)
        return chunk


def rows_per_chunk(rows: int, columns: int) -> int:
    """The records of a chunk of `columns` columns read: at most `rows`, and at most
    CHUNK_CELLS cells."""
    return min(rows, max(CHUNK_CELLS // max(columns, 1), 1))


def cell_text(value) -> str:
    """A spreadsheet's or a record's value as the text a CSV export holds: nothing for none,
    true or false, a whole number without its ".0", a datetime's day (enough for a date),
    a date or time in ISO's form."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "date") and callable(value.date):  # a datetime: the day is enough
        return value.date().isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
