"""Data files as they come: detect the file type (CSV, XLSX, Parquet, SPSS, JSON), encoding,
separator and export layout, and read the records in chunks of text columns.

A reader knows nothing of touchpoints or KPIs. It hands out the file's columns by position,
as text, and can tell the line (CSV, JSON) or row (XLSX, Parquet) each record came from, so
every later problem can name it. CSV is read by pyarrow's streaming reader: fast, a few megabytes
at a time, and only the columns a mapping uses are converted.
"""

from __future__ import annotations

import re
from pathlib import Path

from touchsite.errors import UserError
from touchsite.load.formats.csv_file import CsvReader, detect_csv
from touchsite.load.formats.json_file import JsonReader, detect_json, json_start
from touchsite.load.formats.layouts import LAYOUT_TITLES, STAR_RATINGS
from touchsite.load.formats.parquet_file import ParquetReader, detect_parquet
from touchsite.load.formats.sav_file import MAGIC as SAV_MAGIC
from touchsite.load.formats.sav_file import SavReader, detect_sav
from touchsite.load.formats.shape import FileShape, RawChunk, Reader
from touchsite.load.formats.xlsx_file import OLE2_MAGIC, XlsxReader, detect_xlsx
from touchsite.load.formats.xlsx_file import release as release_workbook
from touchsite.load.progress import Progress
from touchsite.models import DataSource

__all__ = ["LAYOUT_TITLES", "FileShape", "RawChunk", "detect", "open_reader", "release_workbook"]

SAMPLE_BYTES = 1 << 20


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
    if kind := _not_a_table(sample):
        hint = (
            "open it in Excel and save it as Excel Workbook (.xlsx) or CSV UTF-8, or "
            "export CSV or XLSX from the survey tool"
        )
        raise UserError(f"is {kind}, not a CSV, XLSX, Parquet, SPSS or JSON file", hint, path)
    if JSON_START.match(json_start(sample)):
        shape = detect_json(path, source, sample)
    elif sample.startswith((b"PK\x03\x04", OLE2_MAGIC)):  # XLSX or ODS; XLS
        shape = detect_xlsx(path, source)
    elif sample.startswith(b"PAR1"):
        shape = detect_parquet(path, source)
    elif sample.startswith(SAV_MAGIC):
        shape = detect_sav(path, source)
    else:
        shape = detect_csv(path, source, sample, complete=size <= SAMPLE_BYTES)
    if shape.layout == "google-reviews" and "starRating" in shape.columns:
        # the stars a word, in Google's JSON and in a table made of it (a converter's CSV)
        at = shape.columns.index("starRating")
        shape.value_labels.setdefault(at, dict(STAR_RATINGS))
    return shape


# What some tools call an "Excel export", though no reader here takes it
HTML_STARTS = (b"<!doctype html", b"<html", b"<table", b"<meta")
SPREADSHEET_XML = b"urn:schemas-microsoft-com:office:spreadsheet"  # Excel 2003's XML
# An object or a list of them (an API's answer, Google Takeout's reviews, JSON Lines): no
# CSV header starts so
JSON_START = re.compile(r'(?:\{\s*(?:"|\})|\[\s*(?:\{|\[|\]|"))')


def _not_a_table(sample: bytes) -> str | None:
    """What the file is, if it is a web page or Excel's XML."""
    start = sample.removeprefix(b"\xef\xbb\xbf").lstrip()[:4096].lower()
    if start.startswith(HTML_STARTS):
        return "a web page (an HTML table)"
    if start.startswith(b"<?xml") and SPREADSHEET_XML in start:
        return "an Excel 2003 XML spreadsheet"
    return None


def open_reader(shape: FileShape, progress: Progress | None = None) -> Reader:
    progress = progress or Progress(enabled=False)
    readers = {
        "csv": CsvReader,
        "xlsx": XlsxReader,
        "parquet": ParquetReader,
        "sav": SavReader,
        "json": JsonReader,
    }
    reader = readers[shape.kind]
    return reader(shape, progress)
