"""Parquet files: typed columns, read in batches and turned into the text a CSV would hold."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from touchsite.errors import UserError
from touchsite.load.formats.layouts import table_layout
from touchsite.load.formats.shape import FileShape, RawChunk, Reader, rows_per_chunk
from touchsite.load.text_bytes import is_text
from touchsite.models import DataSource


def detect_parquet(path: Path, source: DataSource) -> FileShape:
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(path)
    except (pa.ArrowException, OSError) as error:
        raise UserError(
            f"cannot be read as Parquet: {error}", "export it again, whole", path
        ) from None
    return shape_of_schema(path, schema, source, "parquet")


def shape_of_schema(path: Path, schema: pa.Schema, source: DataSource, kind: str) -> FileShape:
    """A table's shape from its typed columns (a Parquet file or dataset, a database table)."""
    names = schema.names
    for column in schema:  # a cell must hold one answer, as in a CSV export
        if pa.types.is_nested(column.type):
            raise UserError(
                f"column '{column.name}' holds {column.type}, not one value per row",
                "export one answer per cell (flatten the column)",
                path,
            )
    detected: set[str] = set()
    layout = table_layout(list(names), source, detected, path, "Parquet")
    return FileShape(path, kind, layout, list(names), [() for _ in names], 0, 0, detected=detected)


class ParquetReader(Reader):
    """A Parquet file's record batches; any typed table's, by `rows` and `batches`."""

    def rows(self) -> int:
        import pyarrow.parquet as pq

        return pq.ParquetFile(self.shape.path).metadata.num_rows

    def batches(self, names: list[str]) -> Iterator[pa.RecordBatch]:
        import pyarrow.parquet as pq

        rows = rows_per_chunk(self.chunk_rows, len(names))
        yield from pq.ParquetFile(self.shape.path).iter_batches(rows, columns=names)

    def chunks(self, needed: list[int]) -> Iterator[RawChunk]:
        self.progress.start(f"Reading {self.shape.path.name}", self.rows())
        names = [self.shape.columns[index] for index in needed]
        try:
            for batch in self.batches(names):
                columns = {index: as_text(batch.column(k)) for k, index in enumerate(needed)}
                # counted as handed out, as Reader._handed counts them: Reader.ahead takes
                # a chunk read ahead as counted
                chunk = RawChunk(self.records, batch.num_rows, columns)
                self.records += batch.num_rows
                self.progress.advance(batch.num_rows, rows=batch.num_rows)
                yield chunk
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
    elif not is_text(kind):
        array = pc.cast(array, pa.string())
    return pc.fill_null(array, "")
