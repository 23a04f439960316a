"""JSON files: a list of records, as a business's Google reviews (Google Takeout's Business
Profile export, the Business Profile API's answer saved to a file) and feedback tools' APIs
give them, and JSON Lines (one record per line).

The records are the top-level list, or the one list of objects under a key of the top-level
object (Google's `{"reviews": [...], "averageRating": 4.3, ...}`) or, where it has none and
holds objects alone, of the objects nested in it (an API's envelopes: Trusted Shops'
`response.data.shop.reviews`), or a JSON:API document's `data` beside its `included` (App
Store Connect's reviews and the responses they link to); a top-level object without one is a
record of its own. A record's nested objects become
columns with dotted names (`reviewer.displayName`, `reviewReply.comment`), and a key a record
lacks is an empty cell, as a CSV export leaves it: Google writes `comment` only for a review
with a text, `reviewReply` only for one answered. The columns are every key of every record,
in the order first met. A record's "line" is the line its object starts on.

JSON Lines are read by Arrow where it reads them as Python would (json_lines).
"""

from __future__ import annotations

import codecs
import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa

from touchsite.errors import UserError
from touchsite.load.formats.json_lines import Columns, NotAlike, columns_met, pieces, texts
from touchsite.load.formats.layouts import table_layout
from touchsite.load.formats.shape import FileShape, RawChunk, Reader, cell_text, rows_per_chunk
from touchsite.models import DataSource

# A JSON document is parsed whole, and Python holds its objects at some ten times the file's
# size: up to this size it is read at once (a location's Takeout reviews take a few hundred
# kilobytes, a chain's API answers some megabytes). JSON Lines are read a chunk of records
# at a time, whatever their size.
MAX_DOCUMENT_BYTES = 100 << 20
# JSON is UTF-8; Windows PowerShell saves an API's answer (`> reviews.json`) as UTF-16
BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Google's reviews: a review's text and the owner's reply are written only where there is one;
# the file of a location whose reviews are stars alone has the columns all the same, empty
GOOGLE_REVIEW_OPTIONAL = ("comment", "reviewReply.comment", "reviewReply.updateTime")
DOCUMENT_HINT = (
    "download or export it again, whole and unchanged; a file edited by hand must stay JSON "
    "(double quotes, no comma after a list's last item)"
)
# A tool that shortens texts by UTF-16 units cuts an emoji in half, and JSON escapes the
# half left (`\ud83d`): Python reads it into its text, which no UTF-8 can hold
HALF_CHARACTER = re.compile("[\ud800-\udfff]")


def json_codec(sample: bytes) -> tuple[str, int]:
    """The file's codec and the length of its byte-order mark."""
    for bom, codec in BOMS:
        if sample.startswith(bom):
            return codec, len(bom)
    return "utf-8", 0


def json_start(sample: bytes) -> str:
    """The start of a file as text, for telling JSON from other files."""
    codec, bom = json_codec(sample)
    return sample[bom : bom + 4096].decode(codec, "ignore").lstrip()


def detect_json(path: Path, source: DataSource, sample: bytes) -> FileShape:
    codec, bom = json_codec(sample)
    lines = _json_lines(sample[bom:].decode(codec, "ignore"))
    key = ""
    # read through once for its keys: any record may hold one first
    if lines:
        try:
            columns, count = _arrow_columns(path, codec, bom)
        except NotAlike:
            records = (record for _, record in _lines_records(path, codec, bom))
            columns, count = _columns(records)
    else:
        found, key = _document_records(path, codec, bom)
        columns, count = _columns(iter(found))
    detected: set[str] = set()
    layout = table_layout(columns, source, detected, path, "JSON")
    if layout == "google-reviews":  # keys Google writes only where a review has them
        columns += [name for name in GOOGLE_REVIEW_OPTIONAL if name not in columns]
    return FileShape(
        path,
        "json",
        layout,
        columns,
        [() for _ in columns],
        0,
        encoding=codec,
        bom=bom,
        detected=detected,
        row_bytes=path.stat().st_size / max(count, 1),
        json_key=key,
        json_lines=lines,
    )


def _columns(records: Iterator[dict]) -> tuple[list[str], int]:
    """The records' columns (see json_lines.Columns) and how many records there are."""
    columns = Columns()
    count = 0
    for record in records:
        count += 1
        for path, text in _leaves(record):
            columns.met(path, None if text is None else bool(text))
    return columns.names(), count


def _arrow_columns(path: Path, codec: str, bom: int) -> tuple[list[str], int]:
    """JSON Lines' columns and records as Arrow reads them (json_lines.pieces)."""
    columns = Columns()
    count = 0
    for table, schema in pieces(path, codec, bom):
        columns_met(table, schema, columns)
        count += table.num_rows
    return columns.names(), count


def _leaves(
    record: dict, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], str | None]]:
    """Each key's path in `record`, with its cell's text (None for a nested object, whose
    keys follow it), as `flatten` reads them."""
    for key, value in record.items():
        at = (*path, key)
        if isinstance(value, dict) and value:
            yield at, None
            yield from _leaves(value, at)
        else:
            yield at, record_text(value)


def _json_lines(start: str) -> bool:
    """Whether the file is JSON Lines: its first line a whole object, another line after it.
    A document of one line (an API's answer, minified) is one object too, with nothing after."""
    text = start.lstrip()
    first, _, rest = text.partition("\n")
    if not first.startswith("{") or not rest.strip():
        return False
    try:
        return isinstance(json.loads(first), dict)
    except (ValueError, RecursionError):  # a document's first line: "{" alone, or a cut one
        return False


def _document_records(path: Path, codec: str, bom: int) -> tuple[list[dict], str]:
    """The document's records and the top-level key they are under ("" where the document
    is a list, or an object that is one record)."""
    document, text = _document(path, codec, bom)
    if isinstance(document, list):
        _check_records(document, path, text, "")
        return document, ""
    if not isinstance(document, dict):
        raise UserError(
            f"holds a single {_kind(document)}, not records (objects)",
            "export the records: a list of objects, or one object per line",
            path,
            1,
        )
    lists = [k for k, v in document.items() if isinstance(v, list) and v and _objects(v)]
    if _api_error(document, lists):
        raise UserError(
            f"is an API's answer of an error, not records: {_error_text(document)}",
            "fetch the records again, once the error is mended (a token or key expired, "
            "no access to the location, a wrong name in the request)",
            path,
            1,
        )
    if len(lists) > 1 and _json_api(document, lists):
        lists = ["data"]
    if len(lists) > 1:
        listed = ", ".join(f"'{k}'" for k in lists)
        raise UserError(
            f"holds several lists of records ({listed}): which are the answers is unsaid",
            "save the list of answers as a file of its own",
            path,
            1,
        )
    if lists:
        return document[lists[0]], lists[0]
    # an envelope holds objects alone; an object of values of its own ("rating": 4) is a
    # record, whatever lists of objects its own objects hold (media.photos, consumer.links)
    envelope = all(isinstance(value, dict) for value in document.values())
    nested = list(_nested_lists(document)) if envelope else []
    if len(nested) == 1:
        path, records = nested[0]
        return records, ".".join(path)
    empty = [k for k, v in document.items() if v == []]
    if empty and not any(isinstance(v, dict) for v in document.values()):
        return [], empty[0]  # Google's answer for a location without reviews
    return [document], ""


def _nested_lists(document: dict, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple, list]]:
    """The lists of objects in the objects nested in `document`, each with its keys' path: an
    API's answer wraps its records in envelopes (Trusted Shops' reviews under
    `{"response": {"code": 200, "data": {"shop": {"tsId": ..., "reviews": [...]}}}}`), which
    were read as one record of no answers."""
    for key, value in document.items():
        if isinstance(value, dict):
            for inner, found in value.items():
                if isinstance(found, list) and found and _objects(found):
                    yield (*path, key, inner), found
            yield from _nested_lists(
                {k: v for k, v in value.items() if isinstance(v, dict)}, (*path, key)
            )


def _json_api(document: dict, lists: list[str]) -> bool:
    """Whether the object is a JSON:API document (App Store Connect's customer reviews, saved
    with `include=response`): its records under `data`, the resources they link to (the
    developer's responses) under `included`, which are no records of their own."""
    return set(lists) == {"data", "included"} and all(
        "type" in record and "id" in record for record in document["data"]
    )


def _api_error(document: dict, lists: list[str]) -> bool:
    """Whether the object is an API's answer of an error (Google's `{"error": {"code": 401,
    "message": ...}}`, others' `{"errors": [...]}`), saved in place of the records."""
    if "error" in document and not lists:
        return isinstance(document["error"], dict | str)
    return lists == ["errors"]


def _error_text(document: dict) -> str:
    error = document.get("error") or document.get("errors")
    if isinstance(error, list):
        error = error[0]
    if isinstance(error, dict):
        error = error.get("message") or json.dumps(error, ensure_ascii=False)
    text = " ".join(str(error).split())
    return text if len(text) <= 200 else text[:199] + "…"


def _document(path: Path, codec: str, bom: int) -> tuple[Any, str]:
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        raise UserError(
            f"is a JSON document of {size / (1 << 20):,.0f} MiB; one is read whole, up to "
            f"{MAX_DOCUMENT_BYTES >> 20} MiB",
            "write it as JSON Lines (one record per line), read a chunk at a time, or as Parquet",
            path,
            1,
        )
    data = path.read_bytes()[bom:]
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise UserError(
            f"is not {codec.upper()} text (byte {error.start + bom + 1}), as JSON must be",
            "export it again; JSON is saved as UTF-8",
            path,
            line,
        ) from None
    try:
        return json.loads(text), text
    except json.JSONDecodeError as error:
        raise UserError(
            f"is not valid JSON: {error.msg}", DOCUMENT_HINT, path, error.lineno, error.colno
        ) from None
    except RecursionError:
        raise _too_deep(path, 1) from None


def _too_deep(path: Path, line: int) -> UserError:
    """Python's JSON reader reads objects and lists nested up to about a thousand deep; a
    deeper document raised its RecursionError as a traceback."""
    return UserError(
        "nests its objects and lists deeper than can be read (about a thousand levels)",
        "export the records as a list of objects (one per answer), each a few levels deep",
        path,
        line,
    )


def _lines_records(path: Path, codec: str, bom: int) -> Iterator[tuple[int, dict]]:
    """JSON Lines' records and the line each one is on; empty lines are none. A UTF-8 file is
    read a line of bytes at a time, so a byte that is not UTF-8 is named at its line."""
    utf8 = codec == "utf-8"
    try:
        yield from _lines_read(path, codec, bom, utf8)
    except UnicodeDecodeError:  # UTF-16's, decoded a block at a time: its line found again
        raise UserError(
            f"is not {codec.upper()} text, as JSON must be",
            "export it again; JSON is saved as UTF-8",
            path,
            _undecodable_line(path, codec, bom),
        ) from None


def _undecodable_line(path: Path, codec: str, bom: int) -> int:
    data = path.read_bytes()[bom:]
    try:
        data.decode(codec)
    except UnicodeDecodeError as error:
        return data[: error.start].decode(codec).count("\n") + 1
    return 1


def _lines_read(path: Path, codec: str, bom: int, utf8: bool) -> Iterator[tuple[int, dict]]:
    with path.open("rb" if utf8 else "r", **({} if utf8 else {"encoding": codec})) as handle:
        handle.read(bom if utf8 else min(bom, 1))  # the byte-order mark
        for number, line in enumerate(handle, 1):
            try:
                record = json.loads(line.rstrip(b"\r\n" if utf8 else "\r\n"))
            except UnicodeDecodeError:
                raise UserError(
                    "is not UTF-8 text, as JSON must be",
                    "export it again; JSON is saved as UTF-8",
                    path,
                    number,
                ) from None
            except json.JSONDecodeError as error:
                if not line.strip():
                    continue
                raise UserError(
                    f"is not valid JSON Lines: {error.msg}",
                    "each line holds one whole object (a record); " + DOCUMENT_HINT,
                    path,
                    number,
                    error.colno,
                ) from None
            except RecursionError:
                raise _too_deep(path, number) from None
            if not isinstance(record, dict):
                raise UserError(
                    f"holds a {_kind(record)} on this line, not a record (an object)",
                    "each line of JSON Lines holds one object",
                    path,
                    number,
                )
            yield number, record


def _check_records(records: list, path: Path, text: str, key: str) -> None:
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            line = _record_lines(text, key).get(index)
            raise UserError(
                f"record {index + 1} is a {_kind(record)}, not an object",
                "export the records as a list of objects (one per answer)",
                path,
                line,
            )


def _objects(values: list) -> bool:
    return all(isinstance(value, dict) for value in values)


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "string"
    if isinstance(value, bool) or value is None:
        return "literal (true, false, null)"
    return "number" if isinstance(value, int | float) else "value"


def flatten(record: dict, prefix: str = "") -> dict[str, str]:
    """A record's cells by column name: a nested object's under dotted names, each value as
    the text a CSV export would hold (a list as its JSON text)."""
    cells: dict[str, str] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            cells.update(flatten(value, name + "."))
        else:
            cells[name] = record_text(value)
    return cells


def record_text(value: Any) -> str:
    """A record's value as a cell's text: an empty object or list is nothing, another one
    its JSON text; half of a character UTF-16 writes as two, the replacement character."""
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False) if value else ""
    elif isinstance(value, str):
        text = value
    else:
        return cell_text(value)
    return HALF_CHARACTER.sub("\ufffd", text)


def _record_lines(text: str, key: str) -> dict[int, int]:
    """The line each record of a (valid) document starts on, by its index: its list's
    elements walked one by one, each decoded to find where the next starts."""
    decoder = json.JSONDecoder()
    at = _skip(text, 0)
    if text[at] == "{" and not key:  # an object that is one record
        return {0: text.count("\n", 0, at) + 1}
    while key:  # the list under `key` of the top-level object, or under its path of keys
        at = _skip(text, at + 1)
        while text[at] == '"':
            name, at = json.decoder.scanstring(text, at + 1)
            at = _skip(text, _skip(text, at) + 1)  # past the colon
            if name == key and text[at] == "[":
                key = ""
                break
            if key.startswith(name + ".") and text[at] == "{":
                key = key[len(name) + 1 :]
                break
            at = _skip(text, decoder.raw_decode(text, at)[1])
            at = _skip(text, at + 1) if text[at] == "," else at
        else:
            return {}
    lines, line, counted = {}, 1, 0
    at = _skip(text, at + 1)  # past the list's [
    index = 0
    while at < len(text) and text[at] != "]":
        line += text.count("\n", counted, at)
        counted = at
        lines[index] = line
        at = _skip(text, decoder.raw_decode(text, at)[1])
        at = _skip(text, at + 1) if text[at] == "," else at
        index += 1
    return lines


def _skip(text: str, at: int) -> int:
    """The position of the next character that is not JSON's white space."""
    while at < len(text) and text[at] in " \t\r\n":
        at += 1
    return at


class JsonReader(Reader):
    # a document's records, parsed while they are read: a reader of them `again` reads
    # these, not the document parsed a second time (Python holds its objects at some ten
    # times the file's size)
    document: list[dict] | None = None

    def again(self, progress) -> Reader:
        reader = JsonReader(self.shape, progress)
        reader.document = self.document
        return reader

    def chunks(self, needed: list[int]) -> Iterator[RawChunk]:
        shape = self.shape
        if shape.json_lines:
            total = int(shape.path.stat().st_size / shape.row_bytes)
        else:
            found = self.document
            if found is None:
                found, _ = _document_records(shape.path, shape.encoding, shape.bom)
                self.document = found
            total = len(found)
        self.progress.start(f"Reading {shape.path.name}", total or 1)
        self.line_numbers: list[int] | None = []  # None: each record's is its number + 1
        try:
            if shape.json_lines:
                try:
                    yield from self._arrow_chunks(needed)
                    return
                except NotAlike:  # the records not handed out yet are read one by one
                    self.line_numbers = list(range(1, self.records + 1))
                read = _lines_records(shape.path, shape.encoding, shape.bom)
                records = itertools.islice(read, self.records, None)
            else:
                records = ((0, record) for record in found)
            yield from self._python_chunks(records, needed, self.line_numbers or [])
        finally:
            self.progress.finish()
            self.document = None  # read: `lines` parses the document for its lines

    def _arrow_chunks(self, needed: list[int]) -> Iterator[RawChunk]:
        """The records read by Arrow, a piece at a time (json_lines.pieces)."""
        shape = self.shape
        names = [shape.columns[index] for index in needed]
        self.line_numbers = None
        chunk_rows = rows_per_chunk(self.chunk_rows, len(needed))
        for table, _ in pieces(shape.path, shape.encoding, shape.bom):
            for start in range(0, table.num_rows, chunk_rows):
                rows = min(chunk_rows, table.num_rows - start)
                part = table.slice(start, rows)
                columns = {
                    index: texts(part.column(name) if name in part.column_names else pa.nulls(rows))
                    for index, name in zip(needed, names, strict=True)
                }
                yield self._handed(columns, rows)

    def _python_chunks(
        self, records: Iterator[tuple[int, dict]], needed: list[int], lines: list[int]
    ) -> Iterator[RawChunk]:
        """The records read one by one; `lines`: those of the records handed out before, to
        which each record's is added."""
        self.line_numbers = lines
        names = [self.shape.columns[index] for index in needed]
        chunk_rows = rows_per_chunk(self.chunk_rows, len(needed))
        values: list[list[str]] = [[] for _ in needed]
        for line, record in records:
            cells = flatten(record)
            for column, name in zip(values, names, strict=True):
                column.append(cells.get(name, ""))
            lines.append(line)
            if len(lines) - self.records == chunk_rows:
                yield self._listed(values, needed, len(lines) - self.records)
                values = [[] for _ in needed]
        if len(lines) > self.records:
            yield self._listed(values, needed, len(lines) - self.records)

    def lines(self, records: set[int], ragged: int = 0) -> tuple[dict[int, int], list]:
        """The line each record's object starts on: JSON Lines' were counted as read, a
        document's are found (for the few records a finding names) by walking it again."""
        if self.line_numbers is None:  # read by Arrow: one record a line
            return {record: record + 1 for record in records}, []
        if self.shape.json_lines:
            return {record: self.line_numbers[record] for record in records}, []
        if not records:
            return {}, []
        _, text = _document(self.shape.path, self.shape.encoding, self.shape.bom)
        starts = _record_lines(text, self.shape.json_key)
        return {record: starts.get(record, 1) for record in records}, []
