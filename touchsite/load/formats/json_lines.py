"""JSON Lines read by Arrow, a piece of the file at a time, where Arrow reads them as Python
reads a record at a time (json_file): a million records took some five seconds a pass one
by one, and take about one, in the memory of a piece.

Arrow reads a piece's records into columns of a kind each (numbers, true/false, text,
nested objects as structs). Their cells are made the texts Python's reading makes of them
(`record_text`), and the columns are merged across pieces in the order Python finds them
(`Columns`). Where the two could differ, `NotAlike` is raised and the records are read one
by one: a file that is not plain UTF-8 (a byte-order mark, a byte that is no UTF-8); JSON
that Arrow refuses (a key whose values are of two kinds in one piece, a key twice in a
record, JSON that does not parse: Python names the line); an empty line before a record
(each record's line is its number); lists, empty objects, whole numbers beyond a double's
precision.
"""

from __future__ import annotations

import mmap
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pa_json

from touchsite.load.formats.shape import cell_text

# Pieces of about this many bytes, cut at line ends: Arrow holds about twice a piece while
# it parses it
PIECE_BYTES = 16 << 20
# ... of which the first lines, up to this size, tell what kind of value each key holds
HEAD_BYTES = 1 << 20
# A double holds every whole number up to this exactly; Arrow reads a larger one (an id of
# 20 digits) as a double, where Python keeps its every digit
EXACT_WHOLE = 2.0**53
# an empty line, or one of white space alone: after a line break (a pattern that starts
# with one is searched for fast), or first
BLANK_LINE = re.compile(rb"\n[ \t\r\v\f]*\n")
BLANK_FIRST = re.compile(rb"[ \t\r\v\f]*\n")
SPACE = b" \t\r\n\v\f"

Path_ = tuple[str, ...]  # a key's path: its own and its parents' keys


class NotAlike(Exception):
    """Arrow could read the file otherwise than Python: it is read a record at a time."""


class Columns:
    """The columns of records met one after the other: their keys in the order first met,
    a nested object's together under its key's place (as Arrow reads them); a key that is
    an object in some records and empty in the others (`null`, `{}`) is its object's
    columns alone."""

    def __init__(self) -> None:
        self.place: dict[Path_, int] = {}  # each key's path, in the order first met
        self.filled: dict[Path_, bool] = {}  # each leaf's: whether a record fills it
        self.objects: set[Path_] = set()

    def met(self, path: Path_, filled: bool | None) -> None:
        """A key's path met, with a value that is text (`filled`: not empty) or an object
        (None)."""
        self.place.setdefault(path, len(self.place))
        if filled is None:
            self.objects.add(path)
        else:
            self.filled[path] = self.filled.get(path, False) or filled

    def names(self) -> list[str]:
        kept = [path for path, full in self.filled.items() if full or path not in self.objects]
        kept.sort(key=lambda path: [self.place[path[:end]] for end in range(1, len(path) + 1)])
        return list(dict.fromkeys(".".join(path) for path in kept))


def pieces(path: Path, codec: str, bom: int) -> Iterator[tuple[pa.Table, pa.Schema]]:
    """The file's records as Arrow reads them, a piece at a time: each piece's table, nested
    objects' keys as dotted columns, dates as text, and its schema as read (objects nested);
    NotAlike where that could differ from Python's reading. The file is mapped into memory,
    so a piece is handed to Arrow without a copy."""
    if codec != "utf-8" or bom:
        raise NotAlike
    schema: pa.Schema | None = None
    blank_end = False  # the last piece ended in empty lines: records after them move
    with path.open("rb") as handle, _mapped(handle) as data:
        start, size = 0, len(data)
        released = 0  # the pages before it are let go
        while start < size:
            end = (
                size
                if start + PIECE_BYTES >= size
                else data.rfind(b"\n", start, start + PIECE_BYTES) + 1
            )
            if not end:  # a line longer than a piece: it is read whole
                end = data.find(b"\n", start + PIECE_BYTES) + 1 or size
            table, schema, blank_end = _piece(data, start, end, schema, blank_end)
            # the pages read are let go: mapped, they would count as this process's memory
            upto = end - end % mmap.PAGESIZE
            if upto > released and hasattr(mmap, "MADV_DONTNEED"):  # not on Windows
                data.madvise(mmap.MADV_DONTNEED, released, upto - released)
                released = upto
            if table is not None:
                yield table, schema
            start = end


def _mapped(handle) -> mmap.mmap:
    """The open file mapped into memory; NotAlike where it cannot be (emptied since its
    detection, or no regular file): read a record at a time, it says what it holds."""
    try:
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
    except (ValueError, OSError):
        raise NotAlike from None


def _piece(
    data: mmap.mmap, start: int, end: int, schema: pa.Schema | None, blank_before: bool
) -> tuple[pa.Table | None, pa.Schema | None, bool]:
    """The piece of whole lines from `start` to `end` read (None: white space alone), the
    schema its reading gave, and whether it ends in empty lines."""
    content = end
    while content > start and data[content - 1] in SPACE:
        content -= 1
    if content == start:
        return None, schema, True
    blank = BLANK_FIRST.match(data, start, content) or BLANK_LINE.search(data, start, content)
    if blank_before or blank:
        raise NotAlike
    piece = pa.py_buffer(memoryview(data)[start:end])
    try:
        table = _read(piece, schema) if _utf8(piece) else None
    except (pa.ArrowException, RecursionError):
        # raised below: the error, let go here, holds the piece (a RecursionError: objects
        # nested a thousand deep, which the record-at-a-time reading names at their line)
        table = None
    finally:
        del piece  # the file's mapping is closed once no buffer holds it
    if (
        table is None or table.num_rows != _line_breaks(data, start, content) + 1
    ):  # two records on a line
        raise NotAlike
    if not all(_plain(field.type) for field in table.schema):
        raise NotAlike
    schema = table.schema
    while any(pa.types.is_struct(field.type) for field in table.schema):
        table = table.flatten()  # a nested object's values are null where the object is
    if len(set(table.column_names)) < table.num_columns:  # "a.b" a key and a nested one
        raise NotAlike
    for column in table.columns:
        if column.type == pa.float64():
            numbers = column.to_numpy()
            if np.any(np.abs(numbers[np.isfinite(numbers)]) >= EXACT_WHOLE):
                raise NotAlike
    return table, schema, _line_breaks(data, content, end) > 1


def _utf8(piece: pa.Buffer) -> bool:
    """Whether the piece is UTF-8 throughout: Arrow takes a byte that is not into its text
    unchecked, where Python names its line. Checked in place, as one text of Arrow's."""
    ends = pa.py_buffer(np.array([0, piece.size], np.int64))
    try:
        pa.Array.from_buffers(pa.large_string(), 1, [None, ends, piece]).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _line_breaks(data: mmap.mmap, start: int, end: int) -> int:
    return int(np.count_nonzero(np.frombuffer(data, np.uint8, end - start, start) == ord("\n")))


def _read(data: pa.Buffer, schema: pa.Schema | None) -> pa.Table:
    """A piece read by Arrow, dates as text: Arrow reads an ISO date as a timestamp, whose
    text is wanted. The kinds of the keys read before (of the first lines, for the first
    piece) are given, dates as text, so a piece is read once; where a key holds values of
    another kind now (4, then 4.5) the kinds are found anew, and where a new key holds
    dates, it is read again."""
    if schema is not None:
        schema = _told(schema)
    elif head := data.slice(0, min(HEAD_BYTES, data.size)).to_pybytes().rpartition(b"\n")[0]:
        # all its keys, those of no value yet too: a key's place is where it is first met
        schema = _dates_as_text(_arrow(pa.py_buffer(head + b"\n"), None).schema)
    try:
        table = _arrow(data, schema)
    except pa.ArrowInvalid:
        if schema is None:
            raise
        table = _arrow(data, None)
    dated = _dates_as_text(table.schema)
    return table if dated == table.schema else _arrow(data, dated)


def _arrow(data: pa.Buffer, schema: pa.Schema | None) -> pa.Table:
    options = pa_json.ParseOptions(explicit_schema=schema)
    return pa_json.read_json(pa.BufferReader(data), parse_options=options)


def _dates_as_text(schema: pa.Schema) -> pa.Schema:
    """The schema with every date and time Arrow found read as text."""

    def text(kind: pa.DataType) -> pa.DataType:
        if pa.types.is_temporal(kind):
            return pa.string()
        if pa.types.is_struct(kind):
            return pa.struct([field.with_type(text(field.type)) for field in kind])
        return kind

    return pa.schema([field.with_type(text(field.type)) for field in schema])


def _told(schema: pa.Schema) -> pa.Schema | None:
    """The kinds to tell Arrow of the keys read before: dates as text; a key with no value
    yet is left to it (told null, it would refuse a piece where it has one)."""

    def told(fields) -> list[pa.Field]:
        kept = []
        for field in fields:
            if pa.types.is_struct(field.type):
                if inner := told(field.type):
                    kept.append(field.with_type(pa.struct(inner)))
            elif field.type != pa.null():
                kept.append(field)
        return kept

    fields = told(_dates_as_text(schema))
    return pa.schema(fields) if fields else None


def _plain(kind: pa.DataType) -> bool:
    """Whether values of `kind` are texts `texts` makes as Python's reading does: no lists,
    and no object that is always empty (Python gives it a column of its own)."""
    if pa.types.is_struct(kind):
        return kind.num_fields > 0 and all(_plain(field.type) for field in kind)
    return kind in (pa.null(), pa.bool_(), pa.int64(), pa.float64(), pa.string())


def columns_met(table: pa.Table, schema: pa.Schema, columns: Columns) -> None:
    """Tell `columns` the keys of a piece (`schema`: as read, `table`: flattened)."""

    def walk(fields, path: Path_) -> None:
        for field in fields:
            at = (*path, field.name)
            if pa.types.is_struct(field.type):
                columns.met(at, None)
                walk(field.type, at)
            else:
                columns.met(at, _filled(table.column(".".join(at))))

    walk(schema, ())


def _filled(column: pa.ChunkedArray) -> bool:
    if column.type == pa.string():
        return bool(pc.any(pc.not_equal(column, "")).as_py())
    return column.null_count < len(column)


def texts(values: pa.Array | pa.ChunkedArray) -> pa.Array:
    """A column's values as `record_text` writes them: none as nothing, whole numbers
    without a fraction, true and false, other numbers as Python writes them."""
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if values.type == pa.null():
        return pa.array([""] * len(values), pa.string())
    if values.type == pa.float64():
        numbers = values.to_numpy(zero_copy_only=False)  # NaN where none
        whole = np.isfinite(numbers)
        whole[whole] = np.mod(numbers[whole], 1) == 0
        written = pc.cast(pc.cast(values, pa.int64(), safe=False), pa.string())
        written = written.to_numpy(zero_copy_only=False)
        valid = values.is_valid().to_numpy(zero_copy_only=False)
        other = np.flatnonzero(~whole & valid)
        written[other] = [cell_text(numbers[row].item()) for row in other.tolist()]
        written[~valid] = ""
        return pa.array(written, pa.string())
    if values.type != pa.string():
        values = pc.cast(values, pa.string())  # whole numbers, and true or false
    return pc.fill_null(values, "")
