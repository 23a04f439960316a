"""Data files as they come: detect the file type, encoding, separator and export layout, and
read the records in chunks of text columns.

A reader knows nothing of touchpoints or KPIs. It hands out the file's columns by position,
as text, and can tell the line (CSV) or row (XLSX, Parquet) each record came from, so every
later problem can name it. CSV is read by pyarrow's streaming reader: fast, a few megabytes
at a time, and only the columns a mapping uses are converted.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.errors import UserError
from touchsite.load.progress import Progress
from touchsite.models import DataSource
from touchsite.translation import N_

SAMPLE_BYTES = 1 << 20
# pyarrow reads ahead a few blocks: small blocks keep memory down; chunks of CHUNK_ROWS keep
# the per-chunk work few and large.
CSV_BLOCK_BYTES = 1 << 20
CHUNK_ROWS = 100_000
SEPARATORS = (",", ";", "\t", "|")
HEADER_ROWS = {"qualtrics": 3, "surveymonkey": 2}
GOOGLE_TIMESTAMPS = {
    "timestamp",
    "zeitstempel",
    "horodateur",
    "marca temporal",
    "informazioni cronologiche",
    "tijdstempel",
}
SURVEYMONKEY_IDS = {"respondent id", "collector id", "befragten-id", "teilnehmer-id"}
# SurveyMonkey's second header row: these mean "the question's only answer column".
SURVEYMONKEY_PLAIN = {"", "response", "open-ended response", "antwort", "offene antwort"}
# English here (the terminal); the data-quality page translates them.
LAYOUT_TITLES = {
    "long": N_("long table"),
    "wide": N_("wide export"),
    "qualtrics": N_("Qualtrics export"),
    "surveymonkey": N_("SurveyMonkey export"),
    "google-forms": N_("Google Forms export"),
    "typeform": N_("Typeform export"),
}


@dataclass
class FileShape:
    """What detection found out about a file, and what a reader needs to know."""

    path: Path
    kind: str  # csv, xlsx, parquet
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
    data_offset: int = 0
    row_bytes: float = 100.0  # CSV: bytes per record in the first megabyte, for progress
    detected: set[str] = field(default_factory=set)

    @property
    def empty(self) -> bool:
        """No columns: an empty file or sheet, which holds no answers but is no mistake."""
        return not self.columns

    def describe(self) -> str:
        """For people at a terminal: the layout and every detail of the file type."""
        layout = LAYOUT_TITLES[self.layout]
        if self.kind == "xlsx":
            return f"{layout}, XLSX (sheet '{self.sheet}', {_rows(self.header_rows)})"
        if self.kind == "parquet":
            return f"{layout}, Parquet"
        separator = {"\t": "tab"}.get(self.separator, f"'{self.separator}'")
        parts = [self._encoding_name(), f"{separator} separated"]
        if self.decimal_comma:
            parts.append("decimal comma")
        parts.append(_rows(self.header_rows))
        german = self.separator == ";" and (self.encoding == "cp1252" or self.bom)
        return f"{layout}, {'German Excel CSV' if german else 'CSV'} ({', '.join(parts)})"

    def file_type(self) -> str:
        """Short and in no language, for the site: 'CSV (UTF-8, ;)', 'XLSX (Antworten)'."""
        if self.kind == "xlsx":
            return f"XLSX ({self.sheet})"
        if self.kind == "parquet":
            return "Parquet"
        separator = {"\t": "tab"}.get(self.separator, self.separator)
        return f"CSV ({self._encoding_name()}, {separator})"

    def _encoding_name(self) -> str:
        name = {"utf-8": "UTF-8", "cp1252": "Windows-1252"}.get(self.encoding, self.encoding)
        return name + (" with BOM" if self.bom else "")


def _reading_codec(shape: FileShape) -> str:
    if shape.bad_lines:
        return LENIENT_UTF8
    return "utf8" if shape.encoding == "utf-8" else shape.encoding


def _rows(count: int) -> str:
    return f"{count} header row{'s' if count != 1 else ''}"


@dataclass
class RawChunk:
    """Consecutive records: `start` is the first one's index among the file's records."""

    start: int
    length: int
    columns: dict[int, pa.Array]  # column position -> text


def detect(path: Path, source: DataSource | None = None) -> FileShape:
    """Find the file's type, encoding, separator, layout and column names.

    Raises UserError for a file that cannot be read at all (the whole file is left out).
    """
    source = source or DataSource(path.name, 1)
    size = path.stat().st_size
    if size == 0:
        return FileShape(path, "csv", "long", [], [], 0)
    with path.open("rb") as handle:
        sample = handle.read(SAMPLE_BYTES)
    if sample.startswith(b"PK\x03\x04"):
        shape = _detect_xlsx(path, source)
    elif sample.startswith(b"PAR1"):
        shape = _detect_parquet(path, source)
    else:
        shape = _detect_csv(path, source, sample, complete=size <= SAMPLE_BYTES)
    return shape


def open_reader(shape: FileShape, progress: Progress | None = None):
    progress = progress or Progress(enabled=False)
    reader = {"csv": CsvReader, "xlsx": XlsxReader, "parquet": ParquetReader}[shape.kind]
    return reader(shape, progress)


def _layout(rows: list[list[str]], source: DataSource, detected: set[str]) -> str:
    if source.format:
        return source.format
    detected.add("format")
    first = [cell.strip() for cell in rows[0]] if rows else []
    lowered = [cell.lower() for cell in first]
    third = rows[2] if len(rows) > 2 else []
    if any(cell.strip().startswith('{"ImportId"') for cell in third[:5]):
        return "qualtrics"
    if SURVEYMONKEY_IDS & set(lowered) and len(rows) > 1:
        return "surveymonkey"
    if first and first[0] == "#" and any(n.endswith("(utc)") or n == "network id" for n in lowered):
        return "typeform"
    if lowered and lowered[0] in GOOGLE_TIMESTAMPS:
        return "google-forms"
    if source.touchpoints:
        return "wide"
    if source.touchpoint or source.scores or "touchpoint" in lowered:
        return "long"
    return "wide"


def _names(layout: str, rows: list[list[str]]) -> tuple[list[str], list[tuple[str, ...]]]:
    """Column names (what a mapping refers to) and each column's other names."""
    first = [cell.strip() for cell in rows[0]] if rows else []
    width = max((len(row) for row in rows[: HEADER_ROWS.get(layout, 1)]), default=0)
    first += [""] * (width - len(first))
    aliases: list[tuple[str, ...]] = [() for _ in first]
    names = list(first)
    if layout == "qualtrics":
        texts = _padded(rows[1], width)
        ids = [_import_id(cell) for cell in _padded(rows[2], width)]
        aliases = [tuple(a for a in (text, qid) if a) for text, qid in zip(texts, ids, strict=True)]
    elif layout == "surveymonkey":
        second = _padded(rows[1], width)
        question = ""
        for index, (own, sub) in enumerate(zip(first, second, strict=True)):
            question = own or question
            if own and sub.lower() in SURVEYMONKEY_PLAIN:
                names[index] = own
            else:
                names[index] = f"{question} - {sub}" if sub else question
            aliases[index] = (own,) if own and own != names[index] else ()
    seen: Counter[str] = Counter()
    for index, name in enumerate(names):
        name = name or f"column {index + 1}"
        seen[name] += 1
        names[index] = name if seen[name] == 1 else f"{name} ({seen[name]})"
    return names, aliases


def _padded(row: list[str], width: int) -> list[str]:
    return [cell.strip() for cell in row] + [""] * (width - len(row))


def _import_id(cell: str) -> str:
    try:
        value = json.loads(cell)
    except ValueError:
        return ""
    return str(value.get("ImportId", "")) if isinstance(value, dict) else ""


# --- CSV ---------------------------------------------------------------------------------


def _detect_csv(path: Path, source: DataSource, sample: bytes, complete: bool) -> FileShape:
    detected: set[str] = set()
    encoding, bom, bad_lines = _encoding(path, sample, source.encoding)
    if not source.encoding:
        detected.add("encoding")
    body = sample[bom:]
    if not complete:  # never cut a character or a line in two
        body = body[: body.rfind(b"\n") + 1] or body
    try:
        text = body.decode(encoding, "replace" if bad_lines else "strict")
    except UnicodeDecodeError as error:
        name = source.encoding or "UTF-8 or Windows-1252"
        raise UserError(
            f"is not {name} text (byte {error.start + bom + 1})",
            "leave encoding out, and touchsite detects it"
            if source.encoding
            else "set the data entry's encoding, e.g. encoding: latin-1 (or export it as UTF-8)",
            path,
            body.count(b"\n", 0, error.start) + 1,
        ) from None
    if not text.strip():
        return FileShape(path, "csv", "long", [], [], 0, encoding=encoding, bom=bom)
    separator = source.separator or _separator(text)
    if not source.separator:
        detected.add("separator")
    records, lengths = _head(text, separator, 3)
    layout = _layout(records, source, detected)
    header_rows = HEADER_ROWS.get(layout, 1)
    if len(records) < header_rows:
        raise UserError(
            f"a {LAYOUT_TITLES[layout]} has {header_rows} header rows; the file has fewer",
            "export the survey again, with its header rows",
            path,
        )
    names, aliases = _names(layout, records[:header_rows])
    header_text = text[: lengths[header_rows - 1][0]]
    return FileShape(
        path=path,
        kind="csv",
        layout=layout,
        columns=names,
        aliases=aliases,
        header_rows=header_rows,
        header_lines=lengths[header_rows - 1][1],
        encoding=encoding,
        bom=bom,
        bad_lines=bad_lines,
        separator=separator,
        decimal_comma=separator == ";",
        data_offset=bom + len(header_text.encode(encoding)),
        row_bytes=_row_bytes(sample[bom + len(header_text.encode(encoding)) :]),
        detected=detected,
    )


def _row_bytes(data: bytes) -> float:
    return max(len(data), 1) / max(data.count(b"\n"), 1)


def _encoding(path: Path, sample: bytes, given: str) -> tuple[str, int, tuple[int, ...]]:
    """The codec for the text after the byte-order mark, the mark's length, and the lines
    holding bytes that are not UTF-8 in a file that is UTF-8 all the same.

    The rule, on the whole file: a byte-order mark or `encoding:` decides; else UTF-16 when
    every other byte of the start is zero; else UTF-8 when its well-formed multi-byte
    characters outnumber the bytes that are not UTF-8 (one stray Windows-1252 byte among a
    thousand umlauts is a damaged line, not a Windows file); else Windows-1252, what Excel
    writes as "CSV" on German Windows.
    """
    marks = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"))
    marks += ((codecs.BOM_UTF16_BE, "utf-16-be"),)
    for mark, codec in marks:
        if sample.startswith(mark):
            if given and codecs.lookup(given).name not in (codec, "utf-8-sig", "utf-16"):
                break
            return codec, len(mark), ()
    if given:
        name = codecs.lookup(given).name
        return ("utf-8" if name == "utf-8-sig" else name), 0, ()
    start = sample[:4096]
    for parity, codec in ((1, "utf-16-le"), (0, "utf-16-be")):
        zeros = start[parity::2].count(0)
        if len(start) >= 4 and zeros >= 0.9 * (len(start) // 2) and start.count(0) < len(start):
            return codec, 0, ()
    characters, bad, bad_lines = _utf8_census(path)
    if not bad:
        return "utf-8", 0, ()
    if characters > bad:
        return "utf-8", 0, tuple(bad_lines)
    return "cp1252", 0, ()


# The lines with bytes that are not UTF-8 are listed up to this number; beyond it the file is
# surely not UTF-8 (or damaged beyond a list), and Windows-1252 is tried.
MAX_BAD_LINES = 1000


def _utf8_census(path: Path) -> tuple[int, int, list[int]]:
    """Bytes in well-formed multi-byte UTF-8 characters beyond their first (a measure of how
    many there are), the bytes that are not UTF-8, and the lines those are on (the first
    MAX_BAD_LINES). Blocks end at a line break, which never splits a character; a block is
    searched for its bad bytes only when the C decoder rejects it."""
    characters, bad, bad_lines, line, rest = 0, 0, [], 1, b""
    with path.open("rb") as handle:
        while data := rest + (chunk := handle.read(1 << 22)):
            block, rest = _whole_lines(data, at_end=not chunk)
            try:
                characters += len(block) - len(block.decode("utf-8"))
            except UnicodeDecodeError:
                text = block.decode("utf-8", "surrogateescape")
                characters += len(block) - len(text)
                for match in _ESCAPED.finditer(text):
                    bad += 1
                    number = line + text.count("\n", 0, match.start())
                    if not bad_lines or bad_lines[-1] != number:
                        bad_lines.append(number)
                if len(bad_lines) > MAX_BAD_LINES:
                    break
            line += block.count(b"\n")
    return characters, bad, bad_lines


def _whole_lines(data: bytes, at_end: bool) -> tuple[bytes, bytes]:
    """`data` up to its last line break, and the rest (all of it at the end of the file)."""
    if at_end:
        return data, b""
    cut = data.rfind(b"\n") + 1
    if not cut:  # a line longer than a block: cut before the last character's first byte
        cut = len(data)
        while cut > max(len(data) - 4, 0) and 0x80 <= data[cut - 1] < 0xC0:
            cut -= 1
        if cut and data[cut - 1] >= 0xC0:
            cut -= 1
    return data[:cut], data[cut:]


_ESCAPED = re.compile("[\udc80-\udcff]")


def _lenient_utf8(name: str) -> codecs.CodecInfo | None:
    """UTF-8 that shows a bad byte as U+FFFD: pyarrow asks codecs for strict decoding."""
    if name != LENIENT_UTF8:
        return None

    class Decoder(codecs.BufferedIncrementalDecoder):
        def _buffer_decode(self, data, errors, final):  # noqa: ARG002
            return codecs.utf_8_decode(data, "replace", final)

    info = codecs.lookup("utf-8")
    return codecs.CodecInfo(info.encode, info.decode, incrementaldecoder=Decoder, name=LENIENT_UTF8)


LENIENT_UTF8 = "touchsite_lenient_utf_8"
codecs.register(_lenient_utf8)


def _separator(text: str) -> str:
    """The candidate that splits the first record into the most fields."""
    line = text.split("\n", 1)[0]
    best, fields = ",", 1
    for candidate in SEPARATORS:
        record = next(csv.reader(io.StringIO(line, newline=""), delimiter=candidate), [])
        if len(record) > fields:
            best, fields = candidate, len(record)
    return best


def _head(text: str, separator: str, count: int):
    """The first records, and after each one (characters, lines) read so far."""
    consumed: list[int] = []

    def lines():
        for line in io.StringIO(text, newline=""):
            consumed.append(len(line))
            yield line

    reader = csv.reader(lines(), delimiter=separator)
    records, lengths = [], []
    for record in reader:
        records.append(record)
        lengths.append((sum(consumed), reader.line_num))
        if len(records) == count:
            break
    return records, lengths


class CsvReader:
    def __init__(self, shape: FileShape, progress: Progress) -> None:
        self.shape, self.progress = shape, progress
        self.records = 0
        self.ragged: Counter[int] = Counter()  # field count -> rows with it

    def chunks(self, needed: list[int]) -> Iterator[RawChunk]:
        import pyarrow.csv as pacsv

        shape = self.shape
        names = [f"c{index}" for index in range(len(shape.columns))]
        size = shape.path.stat().st_size
        estimate = int((size - shape.data_offset) / shape.row_bytes)
        self.progress.start(f"Reading {shape.path.name}", estimate)
        if shape.data_offset >= size:
            return

        def skip(row) -> str:
            self.ragged[row.actual_columns] += 1
            return "skip"

        with shape.path.open("rb") as handle:
            handle.seek(shape.data_offset)
            try:
                reader = pacsv.open_csv(
                    handle,
                    read_options=pacsv.ReadOptions(
                        column_names=names,
                        encoding=_reading_codec(shape),
                        block_size=CSV_BLOCK_BYTES,
                    ),
                    parse_options=pacsv.ParseOptions(
                        delimiter=shape.separator,
                        newlines_in_values=True,
                        invalid_row_handler=skip,
                    ),
                    convert_options=pacsv.ConvertOptions(
                        column_types={name: pa.string() for name in names},
                        include_columns=[names[index] for index in needed],
                        strings_can_be_null=False,
                        quoted_strings_can_be_null=False,
                    ),
                )
                batches: list[pa.RecordBatch] = []
                for batch in reader:
                    batches.append(batch)
                    if sum(b.num_rows for b in batches) >= CHUNK_ROWS:
                        yield self._chunk(batches, needed)
                        batches = []
                if batches:
                    yield self._chunk(batches, needed)
            except pa.ArrowInvalid as error:
                if "Empty CSV" in str(error):
                    return
                raise _csv_error(error, shape) from None
            finally:
                self.progress.finish()

    def _chunk(self, batches: list[pa.RecordBatch], needed: list[int]) -> RawChunk:
        table = pa.Table.from_batches(batches)
        columns = {index: table.column(k).combine_chunks() for k, index in enumerate(needed)}
        chunk = RawChunk(self.records, table.num_rows, columns)
        self.records += table.num_rows
        self.progress.advance(table.num_rows, rows=table.num_rows)
        return chunk

    def lines(self, records: set[int], ragged: int = 0) -> tuple[dict[int, int], list]:
        """The line each wanted record starts on, and (line, fields) of the first ragged rows.

        pyarrow does not know line numbers, so the file is scanned again, as far as needed,
        with the csv module, which splits records the same way.
        """
        shape = self.shape
        found: dict[int, int] = {}
        ragged_lines: list[tuple[int, int]] = []
        if not records and not ragged:
            return found, ragged_lines
        last = max(records, default=-1)
        width = len(shape.columns)
        with shape.path.open("rb") as handle:
            handle.seek(shape.data_offset)
            text = io.TextIOWrapper(handle, encoding=_reading_codec(shape), newline="")
            reader = csv.reader(text, delimiter=shape.separator)
            index, previous = 0, 0
            for record in reader:
                line = shape.header_lines + previous + 1
                previous = reader.line_num
                if not record:
                    continue
                if len(record) != width:
                    ragged_lines.append((line, len(record)))
                elif index in records:
                    found[index] = line
                if len(record) == width:
                    index += 1
                if index > last and len(ragged_lines) >= ragged:
                    break
        return found, ragged_lines


def _csv_error(error: pa.ArrowInvalid, shape: FileShape) -> UserError:
    text = str(error)
    if "UTF8" in text:
        return UserError(
            "is not UTF-8 text throughout",
            "set the data entry's encoding, e.g. encoding: cp1252 (German Excel)",
            shape.path,
        )
    return UserError(f"cannot be read as CSV: {text}", "check the file's quoting", shape.path)


# --- XLSX --------------------------------------------------------------------------------


def _open_sheet(path: Path, sheet: str):
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UserError(
            f"cannot be read as XLSX: {error}", "save it again in Excel", path
        ) from None
    if sheet:
        if sheet not in book.sheetnames:
            raise UserError(
                f"has no sheet '{sheet}'", "its sheets: " + ", ".join(book.sheetnames), path
            )
        return book, book[sheet]
    return book, book.worksheets[0]


def _detect_xlsx(path: Path, source: DataSource) -> FileShape:
    detected: set[str] = set()
    book, sheet = _open_sheet(path, source.sheet)
    try:
        rows = [
            [_cell_text(value) for value in row]
            for row in sheet.iter_rows(max_row=3, values_only=True)
        ]
    finally:
        book.close()
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        return FileShape(path, "xlsx", "long", [], [], 0, sheet=sheet.title)
    layout = _layout(rows, source, detected)
    header_rows = HEADER_ROWS.get(layout, 1)
    names, aliases = _names(layout, rows[:header_rows])
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
        detected=detected,
    )


def _cell_text(value) -> str:
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


class XlsxReader:
    def __init__(self, shape: FileShape, progress: Progress) -> None:
        self.shape, self.progress = shape, progress
        self.records = 0
        self.ragged: Counter[int] = Counter()
        self.sheet_rows: list[np.ndarray] = []
        self.ragged_rows: list[tuple[int, int]] = []

    def chunks(self, needed: list[int]) -> Iterator[RawChunk]:
        shape = self.shape
        width = len(shape.columns)
        book, sheet = _open_sheet(shape.path, shape.sheet)
        self.progress.start(f"Reading {shape.path.name}", sheet.max_row or 1)
        values: dict[int, list[str]] = {index: [] for index in needed}
        rows: list[int] = []
        try:
            first = shape.header_rows + 1
            for number, row in enumerate(sheet.iter_rows(min_row=first, values_only=True), first):
                self.progress.advance(1)
                if not any(value is not None and value != "" for value in row):
                    continue
                extra = [value for value in row[width:] if value is not None and value != ""]
                if extra:
                    fields = width + len(extra)
                    self.ragged[fields] += 1
                    self.ragged_rows.append((number, fields))
                    continue
                for index in needed:
                    values[index].append(_cell_text(row[index]) if index < len(row) else "")
                rows.append(number)
                if len(rows) == CHUNK_ROWS:
                    yield self._chunk(values, rows)
                    values, rows = {index: [] for index in needed}, []
            if rows:
                yield self._chunk(values, rows)
        finally:
            book.close()
            self.progress.finish()

    def _chunk(self, values: dict[int, list[str]], rows: list[int]) -> RawChunk:
        chunk = RawChunk(
            self.records,
            len(rows),
            {index: pa.array(column, pa.string()) for index, column in values.items()},
        )
        self.sheet_rows.append(np.asarray(rows, dtype=np.int64))
        self.records += len(rows)
        return chunk

    def lines(self, records: set[int], ragged: int = 0) -> tuple[dict[int, int], list]:
        rows = np.concatenate(self.sheet_rows) if self.sheet_rows else np.zeros(0, np.int64)
        return {record: int(rows[record]) for record in records}, self.ragged_rows


# --- Parquet -----------------------------------------------------------------------------


def _detect_parquet(path: Path, source: DataSource) -> FileShape:
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except (pa.ArrowException, OSError) as error:
        raise UserError(
            f"cannot be read as Parquet: {error}", "export it again, whole", path
        ) from None
    names = schema.names
    for column in schema:  # a cell must hold one answer, as in a CSV export
        if pa.types.is_nested(column.type):
            raise UserError(
                f"column '{column.name}' holds {column.type}, not one value per row",
                "export one answer per cell (flatten the column)",
                path,
            )
    detected: set[str] = set()
    layout = _layout([names], source, detected)
    if layout in HEADER_ROWS:
        raise UserError(
            f"format: {layout} is a CSV or XLSX export; a Parquet file has no header rows",
            "leave format out, or write format: wide",
            path,
        )
    return FileShape(
        path, "parquet", layout, list(names), [() for _ in names], 0, 0, detected=detected
    )


class ParquetReader:
    def __init__(self, shape: FileShape, progress: Progress) -> None:
        self.shape, self.progress = shape, progress
        self.records = 0
        self.ragged: Counter[int] = Counter()

    def chunks(self, needed: list[int]) -> Iterator[RawChunk]:
        import pyarrow.parquet as pq

        parquet = pq.ParquetFile(self.shape.path)
        self.progress.start(f"Reading {self.shape.path.name}", parquet.metadata.num_rows)
        names = [self.shape.columns[index] for index in needed]
        try:
            for batch in parquet.iter_batches(batch_size=CHUNK_ROWS, columns=names):
                columns = {index: as_text(batch.column(k)) for k, index in enumerate(needed)}
                yield RawChunk(self.records, batch.num_rows, columns)
                self.records += batch.num_rows
                self.progress.advance(batch.num_rows, rows=batch.num_rows)
        finally:
            self.progress.finish()

    def lines(self, records: set[int], ragged: int = 0) -> tuple[dict[int, int], list]:
        return {record: record + 1 for record in records}, []


def as_text(array: pa.Array) -> pa.Array:
    """A typed column as the text a CSV export would hold; dates as YYYY-MM-DD."""
    kind = array.type
    if pa.types.is_dictionary(kind):
        array = array.dictionary_decode()
        kind = array.type
    if pa.types.is_timestamp(kind):
        array = pc.strftime(array, "%Y-%m-%d")
    elif not (pa.types.is_string(kind) or pa.types.is_large_string(kind)):
        array = pc.cast(array, pa.string())
    return pc.fill_null(array, "")
