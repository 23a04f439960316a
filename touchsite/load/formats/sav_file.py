"""SPSS `.sav` files, as market research delivers them, read with pyreadstat.

A variable's name is the column's name, its label (the question) another name, and its value
labels are handed out as the answers' text, as a CSV export "with choice text" would hold them:
the mapping's `labels:` turn them into numbers (`data inspect` proposes them from the file).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.errors import UserError
from touchsite.load.formats.layouts import layout_of
from touchsite.load.formats.shape import FileShape, RawChunk, Reader, rows_per_chunk
from touchsite.models import DataSource

MAGIC = (b"$FL2", b"$FL3")


def detect_sav(path: Path, source: DataSource) -> FileShape:
    import pyreadstat

    try:
        _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
    except Exception as error:  # pyreadstat raises its own kinds for a damaged file
        raise UserError(
            f"cannot be read as SPSS: {error}", "save it again in SPSS (File > Save As)", path
        ) from None
    names = list(meta.column_names)
    detected: set[str] = set()
    layout = layout_of([names], source, detected)
    if layout not in ("wide", "long"):
        raise UserError(
            f"format: {layout} is a survey tool's CSV or XLSX export, not an SPSS file",
            "leave format out, or write format: wide (or long)",
            path,
        )
    labels = meta.column_names_to_labels
    value_labels = {
        index: {str(label): _code_number(code) for code, label in labels_of.items()}
        for index, name in enumerate(names)
        if (labels_of := meta.variable_value_labels.get(name))
    }
    return FileShape(
        path,
        "sav",
        layout,
        names,
        [(labels[name],) if labels.get(name) else () for name in names],
        0,
        0,
        value_labels=value_labels,
        detected=detected,
    )


def _code_number(code) -> float | None:
    """A value label's code as a number; None for a string variable's code that is none
    (LimeSurvey's `A1`...`A5`): its label is the answer, read as any answer's text."""
    try:
        return float(code)
    except ValueError:
        return None


# a whole number stored as a float, below this, is exactly the int64 it converts to
WHOLE_LIMIT = 2.0**63


def _texts(column) -> pa.Array:
    """A column's cells as `_text` writes each one, converted a column at a time: a number
    column's as whole numbers, a date column's as days; cell by cell only where a column
    holds other kinds (a value label's text beside the numbers it leaves unlabelled)."""
    if column.dtype.kind == "M":  # datetimes: the day is enough; a missing one is no date
        days = pa.array(column, from_pandas=True).cast(pa.date32()).cast(pa.string())
        return pc.fill_null(days, "")
    if column.dtype.kind == "f":
        numbers = column.to_numpy()
        given = ~np.isnan(numbers)
        filled = numbers[given]
        if np.all(np.abs(filled) < WHOLE_LIMIT) and np.all(filled == np.trunc(filled)):
            whole = pa.array(np.where(given, numbers, 0).astype(np.int64), mask=~given)
            return pc.fill_null(whole.cast(pa.string()), "")
    return pa.array([v if type(v) is str else _text(v) for v in column.tolist()], pa.string())


def _missing(value) -> bool:
    """An empty cell as pandas hands it out: None, NaN, a date's NaT, or NA."""
    try:
        return value is None or bool(value != value)
    except TypeError:  # NA: its comparisons are NA, whose truth is ambiguous
        return True


def _text(value) -> str:
    if _missing(value):
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


class SavReader(Reader):
    def chunks(self, needed: list[int]) -> Iterator[RawChunk]:
        import pyreadstat

        shape = self.shape
        names = [shape.columns[index] for index in needed]
        _, meta = pyreadstat.read_sav(str(shape.path), metadataonly=True)
        self.progress.start(f"Reading {shape.path.name}", meta.number_rows or 1)
        try:
            for frame, _ in pyreadstat.read_file_in_chunks(
                pyreadstat.read_sav,
                str(shape.path),
                chunksize=rows_per_chunk(self.chunk_rows, len(needed)),
                usecols=names,
                apply_value_formats=True,
                formats_as_category=False,
            ):
                columns = {
                    index: _texts(frame[name]) for index, name in zip(needed, names, strict=True)
                }
                # counted as handed out, as Reader._handed counts them (Reader.ahead)
                chunk = RawChunk(self.records, len(frame), columns)
                self.records += len(frame)
                self.progress.advance(len(frame), rows=len(frame))
                yield chunk
        finally:
            self.progress.finish()

    def lines(self, records: set[int], ragged: int = 0) -> tuple[dict[int, int], list]:
        """A record's 'line' is its case number, as SPSS's data view counts them."""
        return {record: record + 1 for record in records}, []
