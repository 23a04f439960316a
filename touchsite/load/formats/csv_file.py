"""CSV files: the separator, the header, and records read by pyarrow's streaming reader."""

from __future__ import annotations

import bisect
import codecs
import csv
import io
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa

from touchsite.errors import UserError
from touchsite.load.formats.encoding import detect_encoding, reading_codec
from touchsite.load.formats.layouts import (
    HEAD_ROWS,
    LAYOUT_TITLES,
    column_names,
    header_rows_of,
    layout_of,
)
from touchsite.load.formats.shape import (
    CHUNK_ROWS,
    FileShape,
    RawChunk,
    Reader,
    encoding_title,
    rows_per_chunk,
)
from touchsite.models import DataSource

# pyarrow reads ahead a few blocks: small blocks keep memory down.
CSV_BLOCK_BYTES = 1 << 20
SEPARATORS = (",", ";", "\t", "|")
SEP_LINE = re.compile(r"sep=(.)(?:\r\n|\r|\n)", re.IGNORECASE)  # old Macs end lines with \r


def detect_csv(path: Path, source: DataSource, sample: bytes, complete: bool) -> FileShape:
    detected: set[str] = set()
    encoding, bom, bad_lines = detect_encoding(path, sample, source.encoding)
    if not source.encoding:
        detected.add("encoding")
    body = sample[bom:]
    try:
        # a character the sample cuts in two is left out, in any encoding (UTF-16's line
        # break is two bytes)
        decoder = codecs.getincrementaldecoder(encoding)("replace" if bad_lines else "strict")
        text = decoder.decode(body, final=complete)
    except UnicodeDecodeError as error:
        tried = "UTF-8 or Windows-1252" if encoding in ("utf-8", "cp1252") else None
        name = source.encoding or tried or encoding_title(encoding)
        raise UserError(
            f"is not {name} text (byte {error.start + bom + 1})",
            "leave encoding out, and touchsite detects it"
            if source.encoding
            else "set the data entry's encoding, e.g. encoding: latin-1 (or export it as UTF-8)",
            path,
            body.count(b"\n", 0, error.start) + 1,
        ) from None
    if not complete:  # nor a line
        text = text[: text.rfind("\n") + 1] or text
    # Excel's "sep=;" line before the header names the separator
    said = SEP_LINE.match(text)
    skipped = said[0] if said else ""
    text = text[len(skipped) :]
    if not text.strip():
        return FileShape(path, "csv", "long", [], [], 0, encoding=encoding, bom=bom)
    separator = source.separator or (said[1] if said else _separator(text))
    if not source.separator:
        detected.add("separator")
    records, lengths = _head(text, separator, HEAD_ROWS)
    layout = layout_of(records, source, detected)
    header_rows = header_rows_of(layout, records, source)
    if len(records) < header_rows:
        raise UserError(
            f"a {LAYOUT_TITLES[layout]} has {header_rows} header rows; the file has fewer",
            "export the survey again, with its header rows",
            path,
        )
    header = _fitted(records[:header_rows], records[header_rows:])
    names, aliases = column_names(layout, header)
    data_offset = bom + len((skipped + text[: lengths[header_rows - 1][0]]).encode(encoding))
    return FileShape(
        path=path,
        kind="csv",
        layout=layout,
        columns=names,
        aliases=aliases,
        header_rows=header_rows,
        header_lines=lengths[header_rows - 1][1] + (1 if skipped else 0),
        encoding=encoding,
        bom=bom,
        bad_lines=bad_lines,
        separator=separator,
        decimal_comma=separator == ";",
        data_offset=data_offset,
        row_bytes=_row_bytes(sample[data_offset:]),
        detected=detected,
        header_records=tuple(tuple(row) for row in header),
    )


def _fitted(header: list[list[str]], rows: list[list[str]]) -> list[list[str]]:
    """The header rows fitted to the width of the rows below them where the two differ only by
    empty fields at the end: a separator after the header's last name, or after every row's
    last field, as some exports write (every row would otherwise be left out as ragged)."""
    widths = {len(row) for row in rows if any(cell.strip() for cell in row)}  # not empty rows
    if not header or len(widths) != 1:
        return header
    (width,) = widths
    named = max(len(row) for row in header)
    if width < named and not any(cell.strip() for row in header for cell in row[width:]):
        return [row[:width] for row in header]
    if width > named and not any(cell.strip() for row in rows for cell in row[named:]):
        return [row + [""] * (width - len(row)) for row in header]
    return header


def _row_bytes(data: bytes) -> float:
    return max(len(data), 1) / max(data.count(b"\n"), 1)


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


class CsvReader(Reader):
    def chunks(self, needed: list[int]) -> Iterator[RawChunk]:
        import pyarrow.csv as pacsv

        shape = self.shape
        width = len(shape.columns)
        names = [f"c{index}" for index in range(width)]
        chunk_rows = rows_per_chunk(CHUNK_ROWS, len(needed))
        size = shape.path.stat().st_size
        estimate = int((size - shape.data_offset) / shape.row_bytes)
        self.progress.start(f"Reading {shape.path.name}", estimate)
        if shape.data_offset >= size:
            return

        # Excel leaves out the separators of a row's empty last cells (after its first rows).
        # pyarrow's reader can only skip such a row: it is kept here and put back in its
        # place, by the records of pyarrow's before it, with its last fields empty.
        short = _ShortRows()
        skipped = 0
        # pyarrow hands out nothing of a file whose rows are all short (a header that ends
        # in a column its rows lack): a chunk's worth of them before any record of its ends
        # its reading, and the csv module reads the file (_padded), in chunks. Asked by the
        # rows' places, not by the chunks handed out: the handler may run on pyarrow's
        # thread, parsing ahead of the records this one hands out meanwhile.
        padding = False

        def skip(row) -> str:
            nonlocal skipped, padding
            before = row.number - 1 - skipped  # row.number counts the skipped rows too
            skipped += 1
            fields = _fields(row.text, shape.separator)
            if fields is None:  # empty fields alone hold no answer
                return "skip"
            if row.actual_columns < width and len(fields) < width:
                short.add(before, fields)
                if not before and len(short) > chunk_rows:
                    padding = True
                    return "error"  # pyarrow stops reading
            else:
                self.ragged[row.actual_columns] += 1
            return "skip"

        with shape.path.open("rb") as handle:
            handle.seek(shape.data_offset)
            try:
                reader = pacsv.open_csv(
                    handle,
                    read_options=pacsv.ReadOptions(
                        column_names=names,
                        encoding=reading_codec(shape),
                        block_size=CSV_BLOCK_BYTES,
                        # blocks parsed in turn: rows numbered, the handler called in order
                        # (a stream is read in turn anyway: no slower)
                        use_threads=False,
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
                read = 0  # pyarrow's records handed out
                for batch in reader:
                    batches.append(batch)
                    rows = sum(b.num_rows for b in batches)
                    if rows + len(short) >= chunk_rows:
                        if chunk := self._chunk(batches, needed, short.take(read + rows), read):
                            yield chunk
                        batches, read = [], read + rows
                if chunk := self._chunk(batches, needed, short.take(sys.maxsize), read):
                    yield chunk
            except pa.ArrowInvalid as error:
                if padding:
                    pass  # read again below, the records kept so far let go
                elif "Empty CSV" in str(error):
                    return
                elif "straddl" in str(error):  # a row longer than a block
                    raise self._longest_row() from None
                else:
                    raise _csv_error(error, shape) from None
            finally:
                self.progress.finish()
        if padding:
            batches, short = [], _ShortRows()
            self.progress.start(f"Reading {shape.path.name}", estimate)
            try:
                yield from self._padded(needed)
            finally:
                self.progress.finish()

    def _padded(self, needed: list[int]) -> Iterator[RawChunk]:
        """The file's records read again by the csv module, each short one padded with empty
        fields (one of empty fields alone is skipped, as pyarrow's reader skips it); longer
        ones are ragged. Slower than pyarrow's reader, but its chunks' memory alone is held.
        The records handed out already (short ones, handed out while pyarrow's thread read
        on) are not handed out again; the ragged rows are all counted here."""
        width = len(self.shape.columns)
        self.ragged.clear()
        handed = self.records
        chunk_rows = rows_per_chunk(CHUNK_ROWS, len(needed))
        columns: list[list[str]] = [[] for _ in needed]
        with _records(self.shape) as records:
            for record in records:
                if len(record) != width:
                    if not any(cell.strip() for cell in record):
                        continue
                    if len(record) > width:
                        self.ragged[len(record)] += 1
                        continue
                    record += [""] * (width - len(record))
                if handed:
                    handed -= 1
                    continue
                for column, index in zip(columns, needed, strict=True):
                    column.append(record[index])
                if len(columns[0]) >= chunk_rows:
                    yield self._listed(columns, needed, len(columns[0]))
                    columns = [[] for _ in needed]
        if columns[0]:
            yield self._listed(columns, needed, len(columns[0]))

    def _chunk(
        self, batches: list[pa.RecordBatch], needed: list[int], short: _Taken, read: int
    ) -> RawChunk | None:
        """The batches' records with the short rows among them in their places (`read`:
        pyarrow's records before the batches); None if there are none."""
        rows = sum(batch.num_rows for batch in batches)
        length = rows + len(short.places)
        if not length:
            return None
        columns = {
            index: pa.concat_arrays(
                [batch.column(k) for batch in batches] or [pa.array([], pa.string())]
            )
            for k, index in enumerate(needed)
        }
        if short.places:
            columns = _put_back(columns, rows, short, read)
        return self._handed(columns, length)

    def _longest_row(self) -> UserError:
        """Where the row too long for the reader's blocks starts (CSV_BLOCK_BYTES): most
        often a quote not closed, which makes one field of the rest of the file."""
        shape = self.shape
        longest, line, column = 0, shape.header_lines + 1, None
        with _records(shape) as reader:
            previous = 0
            try:
                for record in reader:
                    length = sum(map(len, record))
                    if length > longest:
                        longest, line = length, shape.header_lines + previous + 1
                        column = max(range(len(record)), key=lambda at: len(record[at])) + 1
                    previous = reader.line_num
            except csv.Error:  # a field longer than the csv module reads: it starts here
                line, column = shape.header_lines + previous + 1, None
        return UserError(
            f'a row of more than {CSV_BLOCK_BYTES >> 20} MiB starts here: a quote (") not '
            "closed makes one field of the lines after it",
            'close the quote where the field ends, or double each quote inside a quoted field ("")',
            shape.path,
            line,
            column,
        )

    def lines(self, records: set[int], ragged: int = 0) -> tuple[dict[int, int], list]:
        """The line each wanted record starts on, and (line, fields, last line) of the first
        ragged rows (the last line past the first where a quote left open took in the lines
        after it, see _took_rows).

        pyarrow does not know line numbers, so the file is scanned again, as far as needed,
        with the csv module, which splits records the same way.
        """
        shape = self.shape
        found: dict[int, int] = {}
        ragged_lines: list[tuple[int, int, int]] = []
        if not records and not ragged:
            return found, ragged_lines
        last = max(records, default=-1)
        width = len(shape.columns)
        with _records(shape) as reader:
            index, previous = 0, 0
            for record in reader:
                line = shape.header_lines + previous + 1
                previous = reader.line_num
                if not record:
                    continue
                if len(record) < width and any(cell.strip() for cell in record):
                    record += [""] * (width - len(record))  # a short row, as chunks read it
                if len(record) != width:
                    if any(cell.strip() for cell in record):  # else skipped unreported
                        end = shape.header_lines + previous if _took_rows(record, shape) else line
                        ragged_lines.append((line, len(record), end))
                elif index in records:
                    found[index] = line
                if len(record) == width:
                    index += 1
                if index > last and len(ragged_lines) >= ragged:
                    break
        return found, ragged_lines


def _fields(text: str, separator: str) -> list[str] | None:
    """The fields of a row's text, as the csv module splits them (as pyarrow's reader does);
    None for a row of empty fields (separators and spaces alone)."""
    if '"' not in text:  # nor a line break then: split as it stands
        return text.split(separator) if text.replace(separator, "").strip() else None
    fields = next(csv.reader(io.StringIO(text, newline=""), delimiter=separator), [])
    return fields if any(cell.strip() for cell in fields) else None


class _Taken(NamedTuple):
    places: list[int]  # each short row's: pyarrow's records before it
    widths: list[int]  # its fields
    values: list[str]  # the fields, one row's after another's


class _ShortRows:
    """Short rows as pyarrow's reader skips them, until they are put back among its records.

    In flat lists of numbers and text, which the garbage collector does not walk: a list
    or tuple kept for each row made it walk them again and again (seconds a million rows).
    The reader's handler may run on pyarrow's thread, parsing ahead of the records handed
    out: it only appends (the place last), and the rows taken are before a record handed
    out, so added before it."""

    def __init__(self) -> None:
        self.places: list[int] = []
        self.widths: list[int] = []
        self.values: list[str] = []

    def add(self, before: int, fields: list[str]) -> None:
        self.values += fields
        self.widths.append(len(fields))
        self.places.append(before)

    def take(self, read: int) -> _Taken:
        """Those before pyarrow's record `read` (not yet handed out): those after the last
        one handed out too, so that rows all short after a file's first come in chunks."""
        count = bisect.bisect_right(self.places, read)
        size = sum(self.widths[:count])
        taken = _Taken(self.places[:count], self.widths[:count], self.values[:size])
        del self.places[:count], self.widths[:count], self.values[:size]
        return taken

    def __len__(self) -> int:
        return len(self.places)


def _put_back(
    columns: dict[int, pa.Array], rows: int, short: _Taken, read: int
) -> dict[int, pa.Array]:
    """The columns of `rows` records with each short row put in before the record it came
    before (its place less `read`), its last fields empty."""
    count = len(short.places)
    places = np.array(short.places, np.int64) - read + np.arange(count)  # each moves the rest
    order = np.empty(rows + count, np.int64)
    kept = np.ones(len(order), bool)
    kept[places] = False
    order[kept] = np.arange(rows)
    order[places] = np.arange(rows, len(order))
    taken = pa.array(order)
    widths = np.array(short.widths, np.int64)
    starts = np.cumsum(widths) - widths
    values = pa.array([*short.values, ""], pa.string())  # the last one for fields left out
    empty = len(short.values)
    return {
        index: pa.concat_arrays(
            [column, values.take(pa.array(np.where(widths > index, starts + index, empty)))]
        ).take(taken)
        for index, column in columns.items()
    }


@contextmanager
def _records(shape: FileShape) -> Iterator[Any]:
    """The file's records after its header, as the csv module splits them (as pyarrow's
    reader does): for what pyarrow cannot tell, the lines and the longest row."""
    with shape.path.open("rb") as handle:
        handle.seek(shape.data_offset)
        text = io.TextIOWrapper(handle, encoding=reading_codec(shape), newline="")
        yield csv.reader(text, delimiter=shape.separator)


def _took_rows(record: list[str], shape: FileShape) -> bool:
    """Whether a field's later lines read as rows of the file (as many separators as a row
    has): a quote opened there and not closed took them in. A comment written over several
    lines has no such lines."""
    width = len(shape.columns)
    return any(
        line.count(shape.separator) >= width - 1
        for field in record
        for line in field.splitlines()[1:]
    )


def _csv_error(error: pa.ArrowInvalid, shape: FileShape) -> UserError:
    text = str(error)
    if "UTF8" in text:
        return UserError(
            "is not UTF-8 text throughout",
            "set the data entry's encoding, e.g. encoding: cp1252 (German Excel)",
            shape.path,
        )
    return UserError(f"cannot be read as CSV: {text}", "check the file's quoting", shape.path)
