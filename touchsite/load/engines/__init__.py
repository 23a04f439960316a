"""Data entries read and counted by an engine: DuckDB (embedded), Spark or PostgreSQL.

A data entry names its engine (`engine: duckdb` or `engine: spark`); a folder of Parquet
files (a dataset, hive-partitioned or not) and a DuckDB database's `table` are DuckDB's by
default, any other file pandas'. The engine reads the source and counts its answers with the
query of reduction.py; the rows themselves come back as Arrow record batches, in the source's
order, into the same Python code as every other file's (mapping, checks, respondents,
drivers, comment terms and sample), so the findings name the same rows and the themes are
the same. Credentials and cluster settings are the engine's own (its config files and
environment variables), never touchsite.yml's.

PostgreSQL (`engine: postgres` and a `table:`, no path) is read through ADBC's driver, which
returns Arrow; libpq's environment names the database (PGHOST, PGPORT, PGDATABASE, PGUSER,
PGPASSWORD or ~/.pgpass, PGSERVICE, PGSSLMODE ...). Its rows are counted in Python (see
reduction.py).
"""

from __future__ import annotations

import atexit
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa

from touchsite.errors import UserError, suggest
from touchsite.load.engines.reduction import DUCKDB, KEPT, POSTGRES, SPARK, Dialect, counts_sql
from touchsite.load.formats.parquet_file import ParquetReader, shape_of_schema
from touchsite.load.formats.shape import FileShape, Reader, rows_per_chunk
from touchsite.load.mapping import Plan
from touchsite.load.sources import DATABASES
from touchsite.models import DataSource

__all__ = ["KEPT", "Scan", "dataset_files", "engine_of", "scan"]


def engine_of(path: Path, source: DataSource) -> str:
    """The engine a data entry names, else the one its source needs."""
    if source.engine:
        return source.engine
    return "duckdb" if path.is_dir() or source.table else "pandas"


def dataset_files(path: Path) -> list[Path]:
    """The Parquet files an engine reads for a data entry: the file itself, or a dataset
    folder's .parquet files in their paths' order, without the ones Spark and Hive skip: any
    file or folder below it whose name starts with _ or . (_SUCCESS, .crc, _temporary/), a
    partition's folder (_year=2024) aside. Every engine reads this list, never a glob of its
    own: a folder name holds glob characters ([2024], *, ?, {) as often as not."""
    if not path.is_dir():
        return [path]
    found = (
        file
        for file in path.rglob("*.parquet")
        if file.is_file() and not any(map(_skipped, file.relative_to(path).parts))
    )
    return sorted(found, key=Path.as_posix)


def _skipped(name: str) -> bool:
    """Spark's rule (InMemoryFileIndex.shouldFilterOutPathName) for a hidden file or folder."""
    return name.startswith(".") or (name.startswith("_") and "=" not in name)


def _partitioned(path: Path, files: list[Path]) -> bool:
    """Whether a dataset folder's files lie in hive partitions (key=value folders) below it."""
    return path.is_dir() and any(
        "=" in part for f in files for part in f.parent.relative_to(path).parts
    )


class _Engine:
    name: str
    dialect: Dialect

    def __init__(self) -> None:
        self.views = 0

    def view(self, path: Path, source: DataSource) -> str:
        raise NotImplementedError

    def schema(self, view: str) -> pa.Schema:
        raise NotImplementedError

    def batches(self, sql: str, rows: int) -> Iterator[pa.RecordBatch]:
        raise NotImplementedError

    def table(self, sql: str) -> pa.Table:
        raise NotImplementedError

    def order(self, view: str, columns: list[str]) -> str:
        """What to sort the source's rows by, so they come in the files' order."""
        return ""

    def close(self) -> None:
        """Let the engine's memory and connections go once every source is read."""


class _DuckDB(_Engine):
    name = "duckdb"
    dialect = DUCKDB

    def __init__(self) -> None:
        super().__init__()
        import duckdb

        self.duckdb = duckdb
        self.connection = duckdb.connect()
        # its cache of the files is the memory a build can spare: the rows stream on to
        # Python; a query that needs more spills to the system's temporary folder
        self.connection.execute("SET memory_limit = '512MB'")
        # a zoned timestamp comes as UTC, dated in UTC, wherever the build runs (DuckDB takes
        # the machine's zone otherwise); scan() puts back the zone a Parquet file declares
        self.connection.execute("SET TimeZone = 'UTC'")
        spill = DUCKDB.text(str(Path(tempfile.gettempdir()) / "touchsite-duckdb"))
        self.connection.execute(f"SET temp_directory = {spill}")

    def view(self, path: Path, source: DataSource) -> str:
        self.views += 1
        name = f"source_{self.views}"
        quoted = DUCKDB.text(str(path))
        if source.table:
            self.connection.execute(f"ATTACH {quoted} AS db_{self.views} (READ_ONLY)")
            tables = [
                row[0]
                for row in self.connection.execute(
                    "SELECT table_name FROM duckdb_tables() WHERE database_name = ?",
                    [f"db_{self.views}"],
                ).fetchall()
            ]
            if source.table not in tables:
                raise UserError(
                    f"the database has no table '{source.table}'",
                    suggest(source.table, tables, "its tables"),
                    path,
                )
            target = f"db_{self.views}.{DUCKDB.column(source.table)}"
        else:
            files = dataset_files(path)
            listed = ", ".join(DUCKDB.text(_duckdb_literal(file)) for file in files)
            # said, not guessed: a folder above the dataset named key=value is no partition
            partitioned = _partitioned(path, files)
            above = [part for part in path.absolute().parts if "=" in part]
            if partitioned and above:  # DuckDB would read it as one all the same
                raise UserError(
                    f"DuckDB would read the folder '{above[-1]}' above the dataset as a "
                    "partition (a column of every row), as it reads the dataset's own",
                    "rename that folder without '=', or read the dataset with engine: spark",
                    path,
                )
            hive = str(partitioned).lower()
            # a partition's value is the text of its folder's name, as in Spark (below):
            # DuckDB would read 'segment=2026-5-1' as a date, '-0' as 0
            target = (
                f"read_parquet([{listed}], hive_partitioning = {hive}, hive_types_autocast = false)"
            )
        self.connection.execute(f"CREATE VIEW {name} AS SELECT * FROM {target}")
        return name

    def schema(self, view: str) -> pa.Schema:
        return self.table(f"SELECT * FROM {view} LIMIT 0").schema

    def batches(self, sql: str, rows: int) -> Iterator[pa.RecordBatch]:
        # DuckDB keeps the rows in the files' order (preserve_insertion_order)
        relation = self.connection.cursor().sql(sql)  # a cursor of its own: counts meanwhile
        # named to_arrow_... since DuckDB 1.4, fetch_arrow_... before
        reader = getattr(relation, "to_arrow_reader", None) or relation.fetch_arrow_reader
        yield from reader(rows)

    def table(self, sql: str) -> pa.Table:
        relation = self.connection.cursor().sql(sql)
        return (getattr(relation, "to_arrow_table", None) or relation.fetch_arrow_table)()

    def close(self) -> None:
        self.connection.close()


class _Spark(_Engine):
    """Spark's session as its own configuration makes it (spark-defaults.conf, SPARK_* and
    PYSPARK_* variables); a local one on every core when nothing else is configured."""

    name = "spark"
    dialect = SPARK
    session = None

    def __init__(self) -> None:
        super().__init__()
        from pyspark.sql import SparkSession

        if _Spark.session is None:
            builder = SparkSession.builder.appName("touchsite")
            _Spark.session = (
                builder.master("local[*]")
                .config("spark.ui.enabled", "false")
                # one machine's cores: Spark's 200 partitions per group-by are for a cluster
                .config("spark.sql.shuffle.partitions", str(os.cpu_count() or 1))
                if not _configured_master()
                else builder
            ).getOrCreate()
            _Spark.session.sparkContext.setLogLevel("ERROR")
        self.spark = _Spark.session
        # TRY_CAST answers NULL for text that is no number or date, as in every engine
        self.spark.conf.set("spark.sql.ansi.enabled", "false")
        # zoned timestamps as in DuckDB: in UTC, not in the zone of the machine or the cluster
        self.spark.conf.set("spark.sql.session.timeZone", "UTC")
        # a partition's value as its folder's name writes it: Spark would read the segment
        # of 'segment=01' as the number 1
        self.spark.conf.set("spark.sql.sources.partitionColumnTypeInference.enabled", "false")

    def view(self, path: Path, source: DataSource) -> str:
        self.views += 1
        name = f"source_{self.views}"
        reader = self.spark.read.option("basePath", str(path)) if path.is_dir() else self.spark.read
        frame = reader.parquet(*(_hadoop_literal(file) for file in dataset_files(path)))
        frame.select("*", "_metadata.file_path", "_metadata.row_index").createOrReplaceTempView(
            name
        )
        return name

    def schema(self, view: str) -> pa.Schema:
        schema = self.spark.sql(f"SELECT * FROM {view} LIMIT 0").toArrow().schema
        return pa.schema([f for f in schema if f.name not in ("file_path", "row_index")])

    def order(self, view: str, columns: list[str]) -> str:
        # file_path is a URI (%20, %5B): decoded it sorts as dataset_files does, as DuckDB reads
        return " ORDER BY url_decode(replace(file_path, '+', '%2B')), row_index"

    def batches(self, sql: str, rows: int) -> Iterator[pa.RecordBatch]:
        yield from self.spark.sql(sql).toArrow().to_batches(rows)

    def table(self, sql: str) -> pa.Table:
        return self.spark.sql(sql).toArrow()


# seconds a PostgreSQL server has to answer (libpq's connect_timeout)
CONNECT_TIMEOUT = 20


class _Postgres(_Engine):
    """A PostgreSQL database, as libpq's environment names it, through ADBC (Arrow batches)."""

    name = "postgres"
    dialect = POSTGRES

    def __init__(self) -> None:
        super().__init__()
        from adbc_driver_postgresql import dbapi

        # libpq waits for a server for ever unless told: one behind a firewall that drops the
        # packets would hold the build without a word. A time set in the environment or the
        # service file is kept (libpq reads the file first).
        os.environ.setdefault("PGCONNECT_TIMEOUT", str(CONNECT_TIMEOUT))
        # no part of the address here: libpq takes each from its environment (PGHOST ...)
        self.connection = dbapi.connect("postgresql://")
        self.plain: set[str] = set()  # the views that are tables, with rows stored in order

    def view(self, path: Path, source: DataSource) -> str:
        # PostgreSQL folds a name written without quotes to lower case; a table named with
        # capitals (pandas' to_sql quotes its name) is found as written where none is so
        names = dict.fromkeys([source.table, _as_written(source.table)])
        found = f"COALESCE({', '.join(f'to_regclass({POSTGRES.text(n)})' for n in names)})"
        table = self.table(
            f"SELECT {found}::text AS name,"
            f" (SELECT relkind FROM pg_class WHERE oid = {found})::text AS kind"
        )
        name, kind = table["name"][0].as_py(), table["kind"][0].as_py()
        if name is None:
            listed = self.table(
                "SELECT CASE WHEN table_schema = current_schema() THEN table_name"
                " ELSE table_schema || '.' || table_name END AS name"
                " FROM information_schema.tables"
                " WHERE table_schema NOT IN ('pg_catalog', 'information_schema')"
                " ORDER BY 1"
            )
            raise UserError(
                f"the database has no table '{source.table}'",
                suggest(source.table, listed["name"].to_pylist(), "its tables"),
                path,
            )
        if kind in ("r", "p", "m"):  # a table's rows, partitioned or materialised
            self.plain.add(name)
        return name

    def schema(self, view: str) -> pa.Schema:
        return _plain_schema(self.table(f"SELECT * FROM {view} LIMIT 0").schema)

    def order(self, view: str, columns: list[str]) -> str:
        # A table has no order, but its rows lie where they were stored: for a table loaded
        # from an export (COPY, INSERT) that is the export's order, and the row named in a
        # message is its row there. A view's rows are sorted by what is read of them, as text
        # in the code points' order, whatever the database's collation.
        if view in self.plain:
            return " ORDER BY tableoid, ctid"
        keys = [f'{POSTGRES.column(c)}::text COLLATE "C"' for c in columns]
        return f" ORDER BY {', '.join(keys)}" if keys else ""

    def batches(self, sql: str, rows: int) -> Iterator[pa.RecordBatch]:
        with self.connection.cursor() as cursor:
            cursor.execute(sql)
            for batch in cursor.fetch_record_batch():
                # ADBC's batches are cut by their bytes (about 16 MB), not by `rows`
                for start in range(0, batch.num_rows or 1, rows):  # an empty one as it came
                    yield _plain_batch(batch.slice(start, rows))

    def table(self, sql: str) -> pa.Table:
        with self.connection.cursor() as cursor:
            cursor.execute(sql)
            return cursor.fetch_arrow_table()

    def close(self) -> None:
        self.connection.close()


def _as_written(table: str) -> str:
    """A table's name, its parts quoted (case kept) where it has capitals and no quotes."""
    if '"' in table or table == table.lower():
        return table
    return ".".join(POSTGRES.column(part) for part in table.split("."))


def _plain(kind: pa.DataType) -> pa.DataType:
    """A column's type as it is stored: PostgreSQL's numeric comes as text in an extension
    type, read as a CSV's number would be."""
    return kind.storage_type if isinstance(kind, pa.BaseExtensionType) else kind


def _plain_schema(schema: pa.Schema) -> pa.Schema:
    return pa.schema([pa.field(f.name, _plain(f.type)) for f in schema])


def _plain_batch(batch: pa.RecordBatch) -> pa.RecordBatch:
    columns = [c.storage if isinstance(c.type, pa.BaseExtensionType) else c for c in batch.columns]
    return pa.RecordBatch.from_arrays(columns, schema=_plain_schema(batch.schema))


def _duckdb_literal(path: Path) -> str:
    """The path as DuckDB reads it literally: it globs any path with * ? or [ in it, so each
    of those (and {) becomes a class of one character; a path without them is read as it is."""
    return re.sub(r"([*?\[{])", r"[\1]", str(path))


def _hadoop_literal(path: Path) -> str:
    """The path as Spark (Hadoop's glob) reads it literally: a backslash before each glob
    character."""
    return re.sub(r"([\\{}\[\]*?])", r"\\\1", str(path))


def _configured_master() -> bool:
    return bool(os.environ.get("MASTER") or os.environ.get("PYSPARK_SUBMIT_ARGS"))


_ENGINES: dict[str, _Engine] = {}


def release() -> None:
    """Close DuckDB and PostgreSQL's connection once every source is read: DuckDB's buffers
    (up to its memory limit) go back before the respondents' and drivers' moments are made.
    The next build connects anew; Spark's session lives in its own Java process and stays."""
    for name in ("duckdb", "postgres"):
        engine = _ENGINES.pop(name, None)
        if engine is not None:
            engine.close()


# A build that fails while it reads leaves DuckDB open; the command line leaves without the
# interpreter's teardown that would close it, so its spill files would stay in the temp folder
atexit.register(release)


_PACKAGES = {"duckdb": "duckdb", "spark": "pyspark", "postgres": "adbc-driver-postgresql"}
_START_HINTS = {
    "spark": "install a Java runtime (set JAVA_HOME) and check Spark's configuration",
    "postgres": "name the database in the environment: PGHOST, PGPORT, PGDATABASE, PGUSER and "
    "PGPASSWORD (or ~/.pgpass), or PGSERVICE",
}


def _engine(name: str, path: Path) -> _Engine:
    """The engine `name`, started once; raises UserError (on the entry reading `path`)."""
    if name not in _ENGINES:
        try:
            _ENGINES[name] = {"duckdb": _DuckDB, "spark": _Spark, "postgres": _Postgres}[name]()
        except ImportError:
            package = _PACKAGES[name]
            raise UserError(
                f"engine: {name} needs the Python package {package}",
                f"pip install {package}" + (" (and a Java runtime)" if name == "spark" else ""),
                path,
            ) from None
        except Exception as error:  # Spark's Java runtime missing, a database not reached
            raise UserError(
                f"engine: {name} cannot start: {_first_line(error)}",
                _START_HINTS.get(name, "check the engine's configuration"),
                path,
            ) from None
    return _ENGINES[name]


@dataclass
class Scan:
    """A source an engine reads: its shape, its rows and its counts."""

    engine: _Engine
    view: str
    shape: FileShape
    schema: pa.Schema

    def reader(self, progress) -> Reader:
        return _EngineReader(self, progress)

    def counts(
        self, plan: Plan, touchpoints: list[str], scales: dict[str, tuple[int, int]]
    ) -> tuple[pd.DataFrame, int] | None:
        """The answers' counts and the rows kept, or None where Python counts them."""
        sql = counts_sql(self.view, plan, self.schema, touchpoints, scales, self.engine.dialect)
        if sql is None:
            return None
        with _reading(self.engine.name, self.shape.path):
            table = self.engine.table(sql).to_pandas()
        kept = table["kpi"] == KEPT
        return table[~kept].reset_index(drop=True), int(table.loc[kept, "n"].sum())


def scan(path: Path, source: DataSource, engine: str) -> Scan:
    """Raises UserError for a source the engine cannot read."""
    if engine not in DATABASES:
        _check_files(path, source, engine)
    runner = _engine(engine, path)
    with _reading(engine, path):
        view = runner.view(path, source)
        schema = runner.schema(view)
        if engine not in DATABASES and not source.table:  # a file pyarrow cannot read: a message
            schema = _declared_zones(schema, dataset_files(path)[0])
    kind = engine if engine in DATABASES else "duckdb" if source.table else "parquet"
    return Scan(runner, view, shape_of_schema(path, schema, source, kind), schema)


def _declared_zones(schema: pa.Schema, first: Path) -> pa.Schema:
    """`schema` (the engine's: zoned timestamps in UTC) with each zoned timestamp in the zone
    the Parquet file declares, as pyarrow reads it (a file written from pandas keeps its
    column's zone): the answers are then dated in it, by every engine alike (an answer at
    00:30 in Berlin on the 1st of a month counts in that month). A dataset's files share a
    schema; the first one's is read. A database's timestamps have no zone but UTC."""
    import pyarrow.parquet as pq

    declared = pq.read_schema(first)
    fields = []
    for field in schema:
        kind = field.type
        if pa.types.is_timestamp(kind) and kind.tz and field.name in declared.names:
            theirs = declared.field(field.name).type
            if pa.types.is_timestamp(theirs) and theirs.tz:
                field = field.with_type(pa.timestamp(kind.unit, theirs.tz))
        fields.append(field)
    return pa.schema(fields)


def _check_files(path: Path, source: DataSource, engine: str) -> None:
    """Raises UserError for files the engine cannot read."""
    if path.is_dir() and not dataset_files(path):
        raise UserError(
            "the folder holds no .parquet files (Spark skips those named _… or .…, so do we)",
            "point path at a Parquet dataset's folder, or at one file",
            path,
        )
    if source.table and engine != "duckdb":
        reads = "files" if engine == "pandas" else "Parquet files and folders"
        raise UserError(
            f"engine: {engine} reads {reads}, not a DuckDB table",
            "write engine: duckdb for a table, or leave table out",
            path,
        )
    if source.table and not _is_duckdb(path):
        raise UserError(
            f"is no DuckDB database, so it holds no table '{source.table}'",
            "point path at the .duckdb file, or leave table out for a Parquet file",
            path,
        )
    if not source.table and not _is_parquet(path):
        raise UserError(
            f"engine: {engine} reads Parquet files and folders; this is no Parquet file",
            "leave engine out for a CSV or Excel file",
            path,
        )


@contextmanager
def _reading(engine: str, path: Path) -> Iterator[None]:
    """An engine's error reading a source (each has its own: a damaged file of a folder, files
    whose columns differ) as a UserError, raised when the source is first read or later."""
    try:
        yield
    except UserError:
        raise
    except Exception as error:
        raise UserError(
            f"{engine} cannot read it: {_first_line(error)}",
            "check the path and the table; export a damaged file again",
            path,
        ) from None


def _first_line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def _is_parquet(path: Path) -> bool:
    """A Parquet file (by its magic bytes) or a folder of them."""
    if not path.is_file():
        return True
    with path.open("rb") as file:
        return file.read(4) == b"PAR1"


def _is_duckdb(path: Path) -> bool:
    """A DuckDB database file: its magic bytes follow the first block's checksum."""
    if not path.is_file():
        return False
    with path.open("rb") as file:
        return file.read(12)[8:12] == b"DUCK"


class _EngineReader(ParquetReader):
    """The source's rows in its files' order, as text, as a Parquet file's reader gives them."""

    def __init__(self, scan: Scan, progress) -> None:
        super().__init__(scan.shape, progress)
        self.scan = scan

    def again(self, progress) -> Reader:
        return _EngineReader(self.scan, progress)

    def rows(self) -> int:
        with _reading(self.scan.engine.name, self.shape.path):
            return self.scan.engine.table(f"SELECT COUNT(*) FROM {self.scan.view}")[0][0].as_py()

    def batches(self, names: list[str]) -> Iterator[pa.RecordBatch]:
        engine = self.scan.engine
        columns = ", ".join(engine.dialect.column(name) for name in names) or "1"
        view = self.scan.view
        schema = pa.schema([self.scan.schema.field(name) for name in names])
        with _reading(engine.name, self.shape.path):
            order = engine.order(view, names)
            rows = rows_per_chunk(self.chunk_rows, len(names))
            for batch in engine.batches(f"SELECT {columns} FROM {view}{order}", rows):
                yield _zoned(batch, schema)


def _zoned(batch: pa.RecordBatch, schema: pa.Schema) -> pa.RecordBatch:
    """`batch` with its zoned timestamps in the zones of `schema` (the same instants)."""
    columns = list(batch.columns)
    changed = False
    for number, field in enumerate(schema):  # none where no column is read ("SELECT 1")
        column = columns[number]
        kind, zone = column.type, getattr(field.type, "tz", None)
        if pa.types.is_timestamp(kind) and kind.tz and zone and zone != kind.tz:
            columns[number] = column.cast(pa.timestamp(kind.unit, zone))
            changed = True
    return pa.RecordBatch.from_arrays(columns, names=batch.schema.names) if changed else batch
