"""Every export format, mapped in touchsite.yml, reads into the same long table.

The files in tests/fixtures/exports/ hold the same four respondents as each tool exports
them (header rows, quoting, encodings, labels, date formats); XLSX and Parquet files are made
from the same rows at test time.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import shutil
import time
import zipfile
from collections import Counter
from pathlib import Path

import openpyxl
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from touchsite.__main__ import cli
from touchsite.errors import Problems
from touchsite.load import formats
from touchsite.load.config import load_config
from touchsite.load.feedback import read_long_table
from touchsite.load.formats import detect, encoding
from touchsite.load.mapping.status import OTHER, QUALTRICS, marked_not_real
from touchsite.pipeline import check

EXPORTS = REPO / "tests" / "fixtures" / "exports"
TOUCHPOINTS = {"hotline", "search", "quiet"}

# (touchpoint, date, nps, csat, comment, segment), in order of date and touchpoint
EXPECTED = [
    ("hotline", "2026-03-02", "", "4", "Schnell geholfen", "new"),
    ("overall", "2026-03-02", "9", "", "", "new"),
    ("search", "2026-03-02", "", "5", "", "new"),
    ("overall", "2026-03-05", "6", "", "", "loyal"),
    ("search", "2026-03-05", "", "2", "", "loyal"),
    ("hotline", "2026-03-10", "", "5", "Sehr nett, Rückruf an 0171 1234567", "loyal"),
    ("overall", "2026-03-10", "10", "", "", "loyal"),
    ("search", "2026-03-10", "", "4", "", "loyal"),
    ("hotline", "2026-03-12", "", "2", 'Er sagte "nie wieder", leider', "new"),
    ("overall", "2026-03-12", "3", "", "", "new"),
    ("search", "2026-03-12", "", "1", "", "new"),
]

# Typeform's mapping, for its export with and without partial responses
TYPEFORM = """
    segment: customer_type
    touchpoints:
      overall: {nps: How likely are you to recommend us to a friend or colleague?}
      search: {csat: How satisfied were you with our product search?}
      hotline:
        csat: How satisfied were you with our hotline?
        comment: Anything you'd like to tell us about the hotline?
"""
MAPPINGS = {
    "long.csv": "",
    "long-excel-de.csv": """
    respondent: ID
    touchpoint: Kontaktpunkt
    date: Datum
    scores: {nps: Weiterempfehlung, csat: Zufriedenheit}
    comment: Anmerkung
    segment: Segment
""",
    "wide-excel-de.csv": """
    respondent: Antwort-ID
    date: Datum
    segment: Kundentyp
    touchpoints:
      overall: {nps: "Wie wahrscheinlich ist es, dass Sie uns einem Freund empfehlen?"}
      search: {csat: "Wie zufrieden waren Sie mit der Produktsuche?"}
      hotline:
        csat: "Wie zufrieden waren Sie mit unserer Hotline?"
        comment: "Was möchten Sie uns zur Hotline sagen?"
    labels: {"Sehr zufrieden": 5, "Zufrieden": 4, "Unzufrieden": 2, "Sehr unzufrieden": 1}
    not_used: ["Nicht genutzt"]
""",
    # by export tag (Q1), question text and ImportId (QID2_2): all three name a column
    "qualtrics.csv": """
    segment: customer_type
    touchpoints:
      overall: {nps: Q1}
      search: {csat: "How satisfied were you with... - Product search"}
      hotline: {csat: QID2_2, comment: Q3}
    labels:
      Extremely satisfied: 5
      Somewhat satisfied: 4
      Neither satisfied nor dissatisfied: 3
      Somewhat dissatisfied: 2
      Extremely dissatisfied: 1
    not_used: [Not applicable]
""",
    "surveymonkey.csv": """
    segment: Which of these describes you best?
    touchpoints:
      overall:
        nps: How likely is it that you would recommend Beispiel GmbH to a friend or colleague?
      search: {csat: "How satisfied were you with the following? - Product search"}
      hotline:
        csat: "How satisfied were you with the following? - Hotline"
        comment: What would you like to tell us about the hotline?
    labels: {Very satisfied: 5, Satisfied: 4, Neutral: 3, Dissatisfied: 2, Very dissatisfied: 1}
    not_used: [N/A]
""",
    "google-forms.csv": """
    segment: Which of these describes you best?
    touchpoints:
      overall: {nps: How likely are you to recommend us to a friend or colleague?}
      search: {csat: "How satisfied were you with... [Product search]"}
      hotline:
        csat: "How satisfied were you with... [Hotline]"
        comment: What would you like to tell us about the hotline?
""",
    "typeform.csv": TYPEFORM,
    # Typeform's newer columns (Response Type, Stage Date, Tags) and a partial response: the
    # respondent answered the first questions, then left; its Submit Date is empty, and its
    # Start Date dates it (the tool's dates, no date: given)
    "typeform-partial.csv": TYPEFORM,
    # one header row: its "Respondent ID" is no SurveyMonkey's, the second row an answer
    # (its form asks Typeform's questions)
    "tally.csv": """
    respondent: Submission ID
    date: Submitted at"""
    + TYPEFORM,
    # Alchemer (SurveyGizmo): one header row; its Status leaves out the respondent it
    # screened out and the response deleted in the tool, and keeps a partial one's answers
    "alchemer.csv": """
    respondent: Response ID
    date: Date Submitted
    segment: Which of these describes you best?
    touchpoints:
      overall: {nps: How likely are you to recommend us to a friend or colleague?}
      search: {csat: "Product search:How satisfied were you with the following?"}
      hotline:
        csat: "Hotline:How satisfied were you with the following?"
        comment: What would you like to tell us about the hotline?
    labels: {Very Satisfied: 5, Satisfied: 4, Neutral: 3, Dissatisfied: 2, Very Dissatisfied: 1}
""",
    # QuestionPro's raw data: one header row, its own columns before the questions; its
    # Response Status leaves out the respondents the survey terminated (screened out, or a
    # full quota) and keeps the answers of one started and left (as a partial)
    "questionpro.csv": """
    respondent: Response ID
    date: Timestamp (mm/dd/yyyy)
    date_format: "%m/%d/%Y %H:%M:%S"
    segment: Which of these describes you best?
    touchpoints:
      overall: {nps: How likely are you to recommend us to a friend or colleague?}
      search: {csat: "How satisfied were you with our product search?"}
      hotline:
        csat: "How satisfied were you with our hotline?"
        comment: What would you like to tell us about the hotline?
    labels: {Very Satisfied: 5, Satisfied: 4, Neutral: 3, Dissatisfied: 2, Very Dissatisfied: 1}
""",
    # Jotform's submissions: newest first, the day as "Mar 5, 2026", a star rating's answer
    # as its stars out of the scale's ("4/5")
    "jotform.csv": """
    respondent: Submission ID
    date: Submission Date
    date_format: "%b %d, %Y"
    segment: Which of these describes you best?
    touchpoints:
      overall: {nps: How likely are you to recommend us to a friend or colleague?}
      search: {csat: "How satisfied were you with our product search?"}
      hotline:
        csat: "How satisfied were you with our hotline?"
        comment: What would you like to tell us about the hotline?
""",
}
# a German account's export, mapped by hand without respondent: or date:, as the English
# one: its own columns are Befragten-ID, Startdatum and Enddatum
MAPPINGS["surveymonkey-de.csv"] = """
    segment: Was beschreibt Sie am besten?
    touchpoints:
      overall:
        nps: Wie wahrscheinlich ist es, dass Sie Beispiel GmbH einem Freund oder
          Kollegen weiterempfehlen?
      search: {csat: "Wie zufrieden waren Sie mit den folgenden Bereichen? - Produktsuche"}
      hotline:
        csat: "Wie zufrieden waren Sie mit den folgenden Bereichen? - Hotline"
        comment: Was möchten Sie uns zur Hotline sagen?
    labels: {Sehr zufrieden: 5, Zufrieden: 4, Neutral: 3, Unzufrieden: 2, Sehr unzufrieden: 1}
    not_used: [Nicht zutreffend]
"""
MAPPINGS["surveymonkey.xlsx"] = MAPPINGS["surveymonkey.csv"]
QUALTRICS_PARTIAL = {"qualtrics-partial.csv": MAPPINGS["qualtrics.csv"]}
MAPPINGS["wide.xlsx"] = MAPPINGS["wide-excel-de.csv"]
MAPPINGS["long.parquet"] = ""

LAYOUTS = {
    "long.csv": "long",
    "long-excel-de.csv": "long",
    "wide-excel-de.csv": "wide",
    "qualtrics.csv": "qualtrics",
    "surveymonkey.csv": "surveymonkey",
    "surveymonkey-de.csv": "surveymonkey",
    "google-forms.csv": "google-forms",
    "typeform.csv": "typeform",
    "typeform-partial.csv": "typeform",
    "tally.csv": "wide",
    "alchemer.csv": "wide",
    "questionpro.csv": "wide",
    "jotform.csv": "wide",
    "surveymonkey.xlsx": "surveymonkey",
    "wide.xlsx": "wide",
    "long.parquet": "long",
}


def _make_xlsx(source: Path, target: Path, encoding: str, delimiter: str, typed: bool) -> None:
    """An XLSX file as the tool writes it: numbers as numbers, dates as dates."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Responses"
    with source.open(encoding=encoding, newline="") as handle:
        for row in csv.reader(handle, delimiter=delimiter):
            cells = []
            for value in row:
                if typed and value.isdigit() and len(value) < 4:
                    cells.append(int(value))
                elif typed and len(value) == 10 and value[2] == "." and value[5] == ".":
                    cells.append(dt.datetime.strptime(value, "%d.%m.%Y"))
                elif typed and value.endswith(("AM", "PM")) and value[2] == "/":
                    cells.append(dt.datetime.strptime(value, "%m/%d/%Y %I:%M:%S %p"))
                else:
                    cells.append(value or None)
            sheet.append(cells)
    book.save(target)


def _make_parquet(target: Path) -> None:
    frame = pd.read_csv(EXPORTS / "long.csv", dtype={"comment": str, "segment": str})
    table = pa.table(
        {
            "response_id": pa.array(frame["response_id"]),
            "touchpoint": pa.array(frame["touchpoint"]),
            "date": pa.array(pd.to_datetime(frame["date"]).dt.date, pa.date32()),
            "nps": pa.array(frame["nps"].astype("Int64"), pa.int8()),
            "csat": pa.array(frame["csat"].astype("Int64"), pa.int8()),
            "comment": pa.array(frame["comment"].where(frame["comment"].notna(), None)),
            "segment": pa.array(frame["segment"]),
        }
    )
    pq.write_table(table, target)


@pytest.fixture
def project(mini: Path):
    """The mini project with every export in data/; `use(name)` maps one of them."""
    data = mini / "data"
    for path in EXPORTS.iterdir():
        shutil.copy(path, data / path.name)
    _make_xlsx(EXPORTS / "surveymonkey.csv", data / "surveymonkey.xlsx", "utf-8", ",", True)
    _make_xlsx(EXPORTS / "wide-excel-de.csv", data / "wide.xlsx", "cp1252", ";", True)
    _make_parquet(data / "long.parquet")
    original = (mini / "touchsite.yml").read_text(encoding="utf-8")

    def use(*names: str) -> Path:
        mappings = MAPPINGS | QUALTRICS_PARTIAL
        entries = "".join(
            f"  - path: data/{name}\n{mappings[name].lstrip(chr(10))}" for name in names
        )
        text = original.replace("  - path: data/feedback.csv\n", entries)
        (mini / "touchsite.yml").write_text(text, encoding="utf-8")
        return mini

    return use


def _table(root: Path):
    problems = Problems(root)
    config = load_config(root, problems)
    assert list(problems) == [], [str(p) for p in problems]
    source = config.data[0]
    frame = read_long_table(root, config, source, TOUCHPOINTS, problems)
    assert list(problems) == [], [str(p) for p in problems]
    return frame, detect(root / source.path, source)


@pytest.mark.parametrize("name", list(MAPPINGS))
def test_each_format_reads_into_the_same_long_table(project, name: str):
    frame, shape = _table(project(name))
    assert shape.layout == LAYOUTS[name]
    rows = sorted(
        zip(
            frame["touchpoint"],
            frame["date"],
            frame["nps"],
            frame["csat"],
            frame["comment"],
            frame["segment"],
            strict=True,
        ),
        key=lambda row: (row[1], row[0]),
    )
    assert rows == EXPECTED
    # the answers of one respondent share an id, and the four respondents differ
    by_date = frame.groupby("date")["response_id"].nunique()
    assert by_date.tolist() == [1, 1, 1, 1]
    assert frame["response_id"].nunique() == 4


def test_detection_names_encoding_separator_and_header_rows(project):
    german = detect(project("wide-excel-de.csv") / "data" / "wide-excel-de.csv")
    assert (german.encoding, german.separator, german.bom, german.header_rows) == (
        "cp1252",
        ";",
        0,
        1,
    )
    assert "German Excel CSV" in german.describe()
    qualtrics = detect(project("qualtrics.csv") / "data" / "qualtrics.csv")
    assert (qualtrics.bom, qualtrics.header_rows, qualtrics.header_lines) == (3, 3, 4)
    assert qualtrics.columns[17] == "Q1"
    assert "QID1" in qualtrics.aliases[17]
    monkey = detect(project("surveymonkey.csv") / "data" / "surveymonkey.csv")
    assert "How satisfied were you with the following? - Hotline" in monkey.columns


def test_a_german_surveymonkey_export_of_a_matrix_alone_is_told_by_its_collector_id(tmp_path):
    """A German account's export whose questions are a matrix only: no "Antwort" in its
    second row, and a response id named otherwise than Befragten-ID. Before, its
    "Sammler-ID" (the collector's) was no SurveyMonkey column: the file was a wide export
    of one header row, the matrix's row labels its first respondent."""
    meta = ["Antwort-ID", "Sammler-ID", "Startdatum", "Enddatum", "IP-Adresse"]
    rows = [
        [*meta, "Wie zufrieden waren Sie mit den folgenden Bereichen?", ""],
        ["", "", "", "", "", "Lieferung", "Hotline"],
        ["114015450071", "431234567", "07.05.2026 12:14:26", "07.05.2026 12:17:21", "", "4", "5"],
    ]
    export = tmp_path / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    shape = detect(export)
    assert (shape.layout, shape.header_rows) == ("surveymonkey", 2)
    assert "Wie zufrieden waren Sie mit den folgenden Bereichen? - Hotline" in shape.columns


def test_a_format_can_be_stated(project):
    root = project("typeform.csv")
    yml = root / "touchsite.yml"
    yml.write_text(
        yml.read_text().replace(
            "  - path: data/typeform.csv\n",
            "  - path: data/typeform.csv\n    format: wide\n    respondent: '#'\n"
            "    date: Submit Date (UTC)\n",
        )
    )
    frame, shape = _table(root)
    assert shape.layout == "wide" and len(frame) == 11


def test_several_files_are_appended_and_build(project):
    root = project("long.csv", "qualtrics.csv", "google-forms.csv", "surveymonkey.xlsx")
    report = check(root)
    files = report.feedback.files
    assert [(f.path, f.layout, f.answers, f.left_out) for f in files] == [
        ("data/long.csv", "long table", 11, 0),
        ("data/qualtrics.csv", "Qualtrics export", 11, 0),
        ("data/google-forms.csv", "Google Forms export", 11, 0),
        ("data/surveymonkey.xlsx", "SurveyMonkey export", 11, 0),
    ]
    assert report.feedback.rows == 44 and report.feedback.quality == ()
    assert report.touchpoint("search").kpis["csat"].n == 16
    assert report.relationship.n == 16


def test_the_same_answers_in_two_files_count_once(project):
    # long.csv and long.parquet hold the same response ids: the second file's rows are repeats
    report = check(project("long.csv", "long.parquet"))
    assert [(f.answers, f.left_out) for f in report.feedback.files] == [(11, 0), (0, 11)]
    [finding] = report.feedback.quality
    assert (finding.path, finding.kind, finding.rows) == ("data/long.parquet", "repeated", 11)
    assert finding.values[0].value == "R1 (overall)"
    assert finding.values[0].lines == (1,)  # Parquet: the row number


def test_a_mapped_column_the_file_lacks_is_reported_with_its_line(project):
    root = project("wide-excel-de.csv")
    yml = root / "touchsite.yml"
    yml.write_text(yml.read_text().replace("Produktsuche?", "Produktsuch?"), encoding="utf-8")
    problems = Problems(root)
    config = load_config(root, problems)
    assert read_long_table(root, config, config.data[0], TOUCHPOINTS, problems) is None
    [problem] = [str(p) for p in problems]
    assert problem.startswith("touchsite.yml:31: error: data/wide-excel-de.csv has no column")
    assert "did you mean 'Wie zufrieden waren Sie mit der Produktsuche?'?" in problem


def test_a_wide_export_without_mapping_points_to_inspect(project):
    root = project("typeform.csv")
    yml = root / "touchsite.yml"
    text = yml.read_text()
    yml.write_text(
        text[: text.index("  - path: data/typeform.csv")] + "  - path: data/typeform.csv\n"
    )
    problems = Problems(root)
    config = load_config(root, problems)
    assert read_long_table(root, config, config.data[0], TOUCHPOINTS, problems) is None
    assert "touchsite data inspect data/typeform.csv" in str(list(problems)[0])


def test_a_tool_export_mapped_by_scores_alone_asks_for_the_column_naming_the_touchpoint(
    project,
):
    """scores: reads a survey tool's export one answer per row, each row's touchpoint in a
    column of its own (embedded data, a custom variable) named by touchpoint:. Written
    without it, for a file with no column "touchpoint", the problem was "has no column
    'touchpoint' (touchpoint)", a key the consultant never wrote, with no word of how to map
    a survey asking of each touchpoint in a question of its own."""
    root = project("qualtrics.csv")
    yml = root / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    entry = text[text.index("  - path: data/qualtrics.csv") :]
    yml.write_text(
        text.replace(entry, "  - path: data/qualtrics.csv\n    scores:\n      nps: Q1\n"),
        encoding="utf-8",
    )
    problems = Problems(root)
    config = load_config(root, problems)
    assert read_long_table(root, config, config.data[0], TOUCHPOINTS, problems) is None
    [problem] = [str(p) for p in problems]
    line = yml.read_text(encoding="utf-8").splitlines().index("    scores:") + 1
    assert problem.startswith(f"touchsite.yml:{line}: error: data/qualtrics.csv: scores: ")
    assert "no column 'touchpoint'" not in problem
    assert "touchpoint: <column>" in problem and "touchpoints:" in problem
    assert "touchsite data inspect data/qualtrics.csv" in problem


def _stale_dimension(path: Path, last_row: int | None) -> None:
    """Rewrite the sheet's stored `<dimension ref=...>` as some tools leave it: the size
    before the last rows were added (`A1:N3`), or `A1` alone."""
    with zipfile.ZipFile(path) as book:
        parts = {info: book.read(info) for info in book.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        for info, data in parts.items():
            if info.filename == "xl/worksheets/sheet1.xml":
                ref = re.search(rb'<dimension ref="(A1:[A-Z]+)\d+"', data)
                assert ref, data[:300]
                stale = b"A1" if last_row is None else ref[1] + str(last_row).encode()
                data = data.replace(ref[0], b'<dimension ref="' + stale + b'"', 1)
            book.writestr(info, data)


@pytest.mark.parametrize("last_row", [3, None], ids=["A1:N3", "A1"])
def test_a_stale_sheet_dimension_loses_no_row_or_column(project, last_row):
    """Read-only openpyxl trusts the stored dimension: 2 header rows + 1 of 4 respondents."""
    root = project("surveymonkey.xlsx")
    _stale_dimension(root / "data" / "surveymonkey.xlsx", last_row)
    frame, shape = _table(root)
    assert shape.layout == "surveymonkey"
    assert "How satisfied were you with the following? - Hotline" in shape.columns
    assert frame["response_id"].nunique() == 4 and len(frame) == len(EXPECTED)
    result = CliRunner().invoke(cli, ["data", "inspect", str(root / "data" / "surveymonkey.xlsx")])
    assert result.exit_code == 0, result.output
    assert "  rows:    4\n" in result.output


def test_the_progress_bar_shows_on_a_terminal_only(monkeypatch):
    import io

    from touchsite.load import progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(progress, "QUIET_SECONDS", 0)
    monkeypatch.setattr(progress, "REDRAW_SECONDS", 0)
    for stream, shown in ((io.StringIO(), False), (Terminal(), True)):
        bar = progress.Progress(stream)
        bar.start("Reading export.csv", 200)
        bar.advance(100, rows=100)
        bar.finish()
        assert bool(stream.getvalue()) == shown
    assert stream.getvalue().endswith("100%  100 rows\n")
    assert "[###############---------------]  50%" in stream.getvalue()


def test_a_reader_says_how_far_its_file_goes_on(tmp_path, monkeypatch):
    """Reader.ahead: the records still to read per record read. A CSV file's total is
    estimated from its first lines' bytes: with rows of one length, it is exact."""
    from touchsite.load.formats import csv_file

    monkeypatch.setattr(csv_file, "CHUNK_ROWS", 1000)
    monkeypatch.setattr(csv_file, "CSV_BLOCK_BYTES", 4096)
    path = tmp_path / "feedback.csv"
    rows = [f"r{i:05d},shop,2026-01-{1 + i % 28:02d},{i % 10},Gut {i % 7}" for i in range(5000)]
    path.write_text("response_id,touchpoint,date,nps,comment\n" + "\n".join(rows) + "\n")
    reader = formats.open_reader(detect(path))
    read, seen = 0, []
    for chunk in reader.chunks([0]):
        read += chunk.length
        seen.append((read, reader.ahead()))
    assert read == 5000
    assert seen[-1] == (5000, 0.0)
    for done, ahead in seen[:-1]:
        assert ahead == pytest.approx((5000 - done) / done, rel=0.02)


def test_a_comment_longer_than_the_csv_modules_default_limit_is_read(mini):
    path = mini / "data" / "feedback.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    long_comment = "sehr gut " * 20_000  # 180,000 characters; the csv default stops at 131,072
    searches = sum(1 for line in lines if line.split(",")[1] == "search")
    lines.insert(2, f'S999,search,2026-01-12,9,5,,"{long_comment}",loyal\n')
    path.write_text("".join(lines), encoding="utf-8")
    report = check(mini)
    assert report.feedback.responses["search"] == searches + 1


def _with_umlauts(mini: Path, count: int = 40) -> Path:
    """The mini feedback with `count` more rows whose comments are full of umlauts."""
    path = mini / "data" / "feedback.csv"
    header, *rows = path.read_text(encoding="utf-8").splitlines(keepends=True)
    extra = [
        f'X{i:03d},search,2026-01-{10 + i % 15:02d},8,4,,"Grüße aus München, Größe {i}",new\n'
        for i in range(count)
    ]
    path.write_text(header + "".join(extra + rows), encoding="utf-8")
    return path


def test_one_windows_byte_leaves_a_utf8_file_utf8_and_names_its_line(mini):
    path = _with_umlauts(mini)
    data = path.read_bytes()
    damaged = 'Größe 7"'.encode("cp1252")  # line 9: header, then X000..X007
    path.write_bytes(data.replace('Größe 7"'.encode(), damaged))
    shape = detect(path)
    assert (shape.encoding, shape.bad_lines) == ("utf-8", (9,))
    report = check(mini)
    texts = {c.text for c in report.feedback.comments["search"]}
    assert "Grüße aus München, Größe 12" in texts
    assert "Grüße aus München, Gr\ufffd\ufffde 7" in texts
    [finding] = [f for f in report.feedback.quality if f.kind == "encoding"]
    assert [v.lines for v in finding.values] == [(9,)]


def test_a_windows_file_is_read_as_windows_1252(mini):
    path = _with_umlauts(mini)
    path.write_bytes(path.read_text(encoding="utf-8").encode("cp1252"))
    shape = detect(path)
    assert (shape.encoding, shape.bad_lines) == ("cp1252", ())
    texts = {c.text for c in check(mini).feedback.comments["search"]}
    assert "Grüße aus München, Größe 12" in texts


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark(mini, codec: str):
    path = _with_umlauts(mini)
    path.write_bytes(path.read_text(encoding="utf-8").encode(codec))
    assert detect(path).encoding == codec
    texts = {c.text for c in check(mini).feedback.comments["search"]}
    assert "Grüße aus München, Größe 12" in texts


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
@pytest.mark.parametrize("sample", [301, 302, 303, 304])
def test_a_file_longer_than_the_sample_in_any_encoding(mini, monkeypatch, codec: str, sample):
    """Qualtrics' and Excel's tab-separated exports are UTF-16 with a byte-order mark, and
    larger than the part read to find the file's shape: a line break is two bytes there, and
    the part may end inside one, or inside a character of two (an emoji)."""
    path = _with_umlauts(mini)
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    rows[5][6] = "Top 👍🏽 Service"
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    expected = {c.text for c in check(mini).feedback.comments["search"]}
    assert "Top 👍🏽 Service" in expected
    lines = ["\t".join(row) for row in rows]
    path.write_bytes("\r\n".join(lines).encode(codec))
    monkeypatch.setattr(formats, "SAMPLE_BYTES", sample)
    shape = detect(path)
    assert (shape.separator, shape.columns) == ("\t", rows[0])
    assert {c.text for c in check(mini).feedback.comments["search"]} == expected


_LINE = st.lists(
    st.sampled_from([b"a", b",", b" ", "ü".encode(), "€".encode(), b"\xfc", b"\xe2\x82", b"\x80"]),
    max_size=12,
).map(b"".join)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(_LINE, max_size=40))
def test_the_utf8_census_finds_each_bad_byte_and_its_line(lines, tmp_path_factory):
    """Blocks of 64 bytes (lines are shorter), so the lines before a damaged block are
    counted when it is met; checked against the whole file decoded at once."""
    data = b"\n".join(lines)
    path = tmp_path_factory.mktemp("census") / "data.csv"
    path.write_bytes(data)
    text = data.decode("utf-8", "surrogateescape")
    bad_lines = sorted(
        {
            number
            for number, line in enumerate(text.split("\n"), 1)
            if any("\udc80" <= c <= "\udcff" for c in line)
        }
    )
    bad = sum("\udc80" <= c <= "\udcff" for c in text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(encoding, "BLOCK_BYTES", 64)
        census = encoding._utf8_census(path)
    assert census == (len(data) - len(text), bad, bad_lines)


def test_a_windows_1252_file_is_told_from_utf8_in_time_umlauts_on_every_line(tmp_path):
    """A German Excel CSV of a few megabytes has an umlaut or a euro sign on nearly every
    line: each bad byte's line was counted from its block's start, a pass over the block per
    byte (46 s for a 30 MB export of 300,000 rows, in every build that left encoding out)."""
    line = "R1;02.03.2026;Köln;1.234,56 €;4;Schöne Küche, Lieferung pünktlich\r\n"
    path = tmp_path / "export.csv"
    path.write_bytes((line * 20_000).encode("cp1252"))
    started = time.process_time()
    characters, bad, bad_lines = encoding._utf8_census(path)
    assert time.process_time() - started < 2
    assert (characters, bad) == (0, 5 * 20_000)
    assert bad_lines == list(range(1, 20_001))
    assert detect(path).encoding == "cp1252"


_ANY_LINE = st.lists(
    st.sampled_from(
        [b"a", b",", "\u00fc".encode(), "\u20ac".encode(), "\U0001d11e".encode(), b"\xfc", b"\x80"]
        + [b"\xe2\x82", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80", b"\xf0\x9d"]
    ),
    max_size=12,
).map(b"".join)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(_ANY_LINE, max_size=40), long_line=st.booleans())
def test_a_file_is_utf8_throughout_as_python_decodes_it(lines, long_line, tmp_path_factory):
    """Blocks of 64 bytes: a character cut by a block's end, surrogates, overlong forms and
    code points past U+10FFFF are judged as Python's decoder judges them. A line longer than
    a block is left to the census (False), which then finds the file UTF-8 or not."""
    data = b"\n".join(lines) + (b"x" * 70 if long_line else b"")
    path = tmp_path_factory.mktemp("valid") / "data.csv"
    path.write_bytes(data)
    try:
        data.decode("utf-8")
        valid = True
    except UnicodeDecodeError:
        valid = False
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(encoding, "BLOCK_BYTES", 64)
        found = encoding._all_utf8(path)
        census = encoding._utf8_census(path)
        codec = encoding.detect_encoding(path, data, "")[0]
    assert found == (valid and not long_line)
    characters, bad, _ = census
    assert codec == ("utf-8" if not bad or characters > bad else "cp1252")


@pytest.mark.parametrize(
    "written", ["%d.%m.%Y", "%d.%m.%Y %H:%M", "%m/%d/%Y %I:%M %p", "%Y-%m-%d %H:%M:%S"]
)
def test_touchsites_own_long_table_with_dates_as_excel_saves_them(mini, written: str):
    """Opened in Excel and saved, the long table's dates come back as the machine writes
    them: they are read, not left out."""
    path = mini / "data" / "feedback.csv"
    before = check(mini).feedback
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    at = rows[0].index("date")
    for row in rows[1:]:
        day = dt.datetime.strptime(row[at], "%Y-%m-%d").replace(hour=15, minute=30)
        row[at] = day.strftime(written)
    with path.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    after = check(mini).feedback
    assert after.quality == before.quality and after.rows == before.rows
    assert (after.first_date, after.last_date) == (before.first_date, before.last_date)
    pd.testing.assert_frame_equal(after.counts, before.counts)


@pytest.mark.parametrize(
    "marks",
    [
        ("Survey Preview", "Spam", "Survey Test", "IP Address", "Imported"),
        ("1", "8", "2", "0", "4"),  # a numeric export writes the codes
    ],
    ids=["choice-text", "numeric"],
)
def test_qualtrics_previews_tests_and_spam_are_left_out_and_counted(project, marks):
    """A Qualtrics export holds the responses its makers gave in the survey's preview or test,
    and those it flagged as spam (its Status column): not the client's customers."""
    root = project("qualtrics.csv")
    path = root / "data" / "qualtrics.csv"
    before, _ = _table(root)
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    real = lines[-1]
    assert ",IP Address," in real
    extra = []
    for number, mark in enumerate(marks):
        row = real.replace(",IP Address,", f",{mark},").replace("R_4d5E6f7G8h9I0j1", f"R_X{number}")
        extra.append(row.replace(",3,Extremely dissatisfied,", ",0,Extremely dissatisfied,"))
    path.write_text("\ufeff" + "".join(lines + extra), encoding="utf-8")
    frame, _ = _table(root)
    kept = {
        f"R_X{number}"
        for number, mark in enumerate(marks)
        if mark in ("IP Address", "Imported", "0", "4")
    }
    assert set(frame["response_id"]) == set(before["response_id"]) | kept
    feedback = check(root).feedback
    [file] = [f for f in feedback.files if f.path == "data/qualtrics.csv"]
    assert file.not_real == 3 and file.left_out == 0
    assert file.records == before["response_id"].nunique() + len(marks)  # a row each
    result = CliRunner().invoke(cli, ["build", str(root)])
    assert "3 responses left out that the survey tool marks as a preview" in result.output
    page = (root / "site" / "data-quality.html").read_text(encoding="utf-8")
    assert "<code>data/qualtrics.csv</code>: responses the survey tool marks as" in page
    # and so in the reduced file, which stands in for the exports
    reduced = root / "reduced.json"
    result = CliRunner().invoke(cli, ["data", "reduce", str(root), "-o", str(reduced)])
    assert result.exit_code == 0, result.output
    assert json.loads(reduced.read_text(encoding="utf-8"))["files"][0]["not_real"] == 3


_STATUS = st.one_of(
    st.sampled_from(["IP Address", "Survey Preview", "Survey Test", "Spam", "Preview Spam"]),
    st.sampled_from(["Imported", "Offline", "Imported Spam", "0", "1", "2", "4", "8", "9", "12"]),
    st.sampled_from(["16", "17", "", "10", "21", "Testing"]),
    st.text(max_size=12),
).flatmap(lambda value: st.sampled_from([value, f"  {value.upper()} ", value.lower()]))


@given(st.lists(st.one_of(st.none(), _STATUS), max_size=30))
def test_a_status_marks_a_preview_test_or_spam_in_any_case(values):
    def not_real(value: str | None) -> bool:
        if value is None:
            return False
        plain = value.strip().lower()
        return plain in {"1", "2", "8", "9", "12", "17"} or any(
            word in plain for word in ("preview", "test", "spam")
        )

    marked = marked_not_real(pa.array(values, pa.string()), QUALTRICS)
    assert marked.tolist() == [not_real(value) for value in values]


# Qualtrics' Status as its text export writes it, and as its numeric export's codes
QUALTRICS_CODES = {"IP Address": 0, "Survey Preview": 1, "Survey Test": 2, "Spam": 8, "Imported": 4}


def qualtrics_table(marks: tuple[str, ...], numeric: bool) -> pa.Table:
    """qualtrics.csv as a table made from it (a Parquet file, a database's table): its first
    header row names the columns, the two others are gone; a row more for each of `marks`
    in its Status, as text or as the numeric export's codes (numbers)."""
    text = (EXPORTS / "qualtrics.csv").read_text(encoding="utf-8-sig")
    names, _, _, *records = csv.reader(text.splitlines(keepends=True))
    rows = [dict(zip(names, record, strict=True)) for record in records]
    rows += [
        {
            **rows[-1],
            "Status": mark,
            "ResponseId": f"R_X{number}",
            "Q1": "0",
            "Q3": f"Antwort {mark}",
        }
        for number, mark in enumerate(marks)
    ]
    columns = {name: [row[name] for row in rows] for name in names}
    if numeric:
        columns["Status"] = pa.array([QUALTRICS_CODES[s] for s in columns["Status"]], pa.int64())
    return pa.table(columns)


@pytest.mark.parametrize("numeric", [False, True], ids=["choice-text", "numeric"])
def test_a_table_made_from_a_qualtrics_export_leaves_out_its_previews_tests_and_spam(mini, numeric):
    """A Qualtrics export loaded into a Parquet file or a database keeps its column names but
    not its other header rows: no Qualtrics export by its layout, its Status still marks the
    survey makers' previews and tests and the spam (a wide export's own Status, only
    Disqualified and Deleted)."""
    marks = ("Survey Preview", "Spam", "Survey Test", "IP Address", "Imported")
    pq.write_table(qualtrics_table(marks, numeric), mini / "data" / "qualtrics.parquet")
    config = mini / "touchsite.yml"
    # its mapping, by the names of the first header row: a table's only ones
    entry = MAPPINGS["qualtrics.csv"].replace(
        "    segment:", "    respondent: ResponseId\n    date: RecordedDate\n    segment:"
    )
    for text, name in (
        ('"How satisfied were you with... - Product search"', "Q2_1"),
        ("QID2_2", "Q2_2"),
    ):
        entry = entry.replace(text, name)
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("  - path: data/feedback.csv\n", f"  - path: data/qualtrics.parquet{entry}"),
        encoding="utf-8",
    )
    feedback = check(mini).feedback
    [file] = feedback.files
    assert (file.layout, file.records, file.not_real, file.left_out) == ("wide export", 9, 3, 0)
    published = [c.text for comments in feedback.comments.values() for c in comments]
    given = {text for text in published if text.startswith("Antwort")}
    assert given == {"Antwort IP Address", "Antwort Imported"}


def _without_status(rows: list[list[str]], channels: tuple[str, ...]) -> list[list[str]]:
    """qualtrics.csv's rows (its header rows and all) without its Status column, a response
    more for each of `channels` in its DistributionChannel."""
    names = rows[0]
    status, channel, answer = (names.index(n) for n in ("Status", "DistributionChannel", "Q3"))
    respondent = names.index("ResponseId")
    for number, value in enumerate(channels):
        row = list(rows[-1])
        row[channel], row[respondent], row[answer] = value, f"R_X{number}", f"Antwort {value}"
        rows.append(row)
    return [row[:status] + row[status + 1 :] for row in rows]


@pytest.mark.parametrize("made", [False, True], ids=["export", "parquet"])
def test_qualtrics_previews_and_tests_are_left_out_by_their_channel_without_a_status(project, made):
    """Qualtrics writes `preview` and `test` in the DistributionChannel of the responses its
    Status marks Survey Preview and Survey Test. An export of chosen columns, or a table
    built from one, may have no Status: before, its previews and tests were counted as the
    customers' answers; now its channel leaves them out, as the Status would."""
    channels = ("preview", "email", "test", "anonymous", " Preview ", "gl")
    root = project("qualtrics.csv")
    path = root / "data" / "qualtrics.csv"
    text = path.read_text(encoding="utf-8-sig")
    rows = _without_status(list(csv.reader(text.splitlines(keepends=True))), channels)
    if made:  # its first header row names the columns, the two others are gone
        names, _, _, *records = rows
        table = pa.table({name: [r[i] for r in records] for i, name in enumerate(names)})
        pq.write_table(table, root / "data" / "qualtrics.parquet")
        path.unlink()
        yml = root / "touchsite.yml"
        entry = yml.read_text(encoding="utf-8").replace(
            "data/qualtrics.csv", "data/qualtrics.parquet"
        )
        for question, name in (
            ('"How satisfied were you with... - Product search"', "Q2_1"),
            ("QID2_2", "Q2_2"),
        ):
            entry = entry.replace(question, name)
        yml.write_text(entry, encoding="utf-8")
    else:
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            csv.writer(handle).writerows(rows)
    feedback = check(root).feedback
    [file] = feedback.files
    assert (file.records, file.not_real, file.left_out) == (4 + len(channels), 3, 0)
    published = {c.text for comments in feedback.comments.values() for c in comments}
    given = {text for text in published if text.startswith("Antwort")}
    assert given == {"Antwort email", "Antwort anonymous", "Antwort gl"}


@pytest.mark.parametrize("engine", ["pandas", "duckdb"])
def test_a_qualtrics_channel_read_as_the_segment_still_leaves_out_previews_and_tests(mini, engine):
    """A consultant segments a Qualtrics table without Status by its DistributionChannel
    (e-mail against the QR code in the store). A column the mapping reads is no flag of
    responses to leave out (an A/B test's is_test as the variant); before, so, the previews
    and tests were counted again, a segment `preview` of their own. The channel is
    Qualtrics' own column: it groups and it flags."""
    channels = ("preview", "email", "test", "qr", "email")
    text = (EXPORTS / "qualtrics.csv").read_text(encoding="utf-8-sig")
    rows = _without_status(list(csv.reader(text.splitlines(keepends=True))), channels)
    names, _, _, *records = rows
    table = pa.table({name: [r[i] for r in records] for i, name in enumerate(names)})
    pq.write_table(table, mini / "data" / "qualtrics.parquet")
    entry = (
        f"  - path: data/qualtrics.parquet\n    engine: {engine}\n"
        "    segment: DistributionChannel\n"
        "    touchpoints:\n      overall: {nps: Q1}\n"
    )
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8").replace("  - path: data/feedback.csv\n", entry)
    yml.write_text(text, encoding="utf-8")
    feedback = check(mini).feedback
    [file] = feedback.files
    assert (file.not_real, file.left_out) == (2, 0), [f.message for f in feedback.quality]
    assert set(feedback.counts["segment"]) == {"anonymous", "email", "qr"}


# A Qualtrics wave in September 2026 (qualtrics-partial.csv): four responses submitted, four
# left unfinished and recorded a week after their last page, when their sessions expired
# (three in October, one started in August in September)
QUALTRICS_LABELS = {
    "Extremely satisfied": 5,
    "Somewhat satisfied": 4,
    "Neither satisfied nor dissatisfied": 3,
    "Somewhat dissatisfied": 2,
    "Extremely dissatisfied": 1,
}
QUALTRICS_SCORES = {
    "Q1": ("overall", "nps"),
    "Q2_1": ("search", "csat"),
    "Q2_2": ("hotline", "csat"),
}


def qualtrics_partial_rows(export: str) -> tuple[list[list[str]], list[dict[str, str]]]:
    """qualtrics-partial.csv as `export` writes it: its header rows and its responses, with
    Finished and the answers in Qualtrics' choice text ("True"), as its numeric export's
    codes (1, the answers' numbers, Status 0), or as Excel saves the file opened ("TRUE")."""
    text = (EXPORTS / "qualtrics-partial.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.reader(text.splitlines(keepends=True)))
    header, names = rows[:3], rows[0]
    records = [dict(zip(names, row, strict=True)) for row in rows[3:]]
    for record in records:
        if export == "numeric":
            record["Finished"] = {"True": "1", "False": "0"}[record["Finished"]]
            record["Status"] = "0"
            for column in ("Q2_1", "Q2_2"):
                record[column] = str(QUALTRICS_LABELS.get(record[column], record[column]))
        elif export == "excel":
            record["Finished"] = record["Finished"].upper()
        elif export == "excel-de":  # German Excel writes its booleans in German
            record["Finished"] = {"True": "WAHR", "False": "FALSCH"}[record["Finished"]]
    return header, records


def expected_by_period(records: list[dict[str, str]], date: str = "") -> Counter:
    """Worked out here: each answer's (touchpoint, month, kpi, score), a response dated by its
    RecordedDate, or, left unfinished, by its StartDate; by `date` alone where given."""
    counts: Counter = Counter()
    for record in records:
        unfinished = record["Finished"].strip().lower() in ("false", "0", "falsch")
        day = record[date] if date else record["StartDate" if unfinished else "RecordedDate"]
        for column, (touchpoint, kpi) in QUALTRICS_SCORES.items():
            answer = record[column]
            if answer and answer != "Not applicable":
                score = QUALTRICS_LABELS.get(answer) or int(answer)
                counts[(touchpoint, day[:7], kpi, score)] += 1
    return counts


def counted_by_period(feedback) -> Counter:
    counts: Counter = Counter()
    for row in feedback.counts.itertuples():
        counts[(row.touchpoint, row.period, row.kpi, int(row.score))] += int(row.n)
    return counts


@pytest.mark.parametrize("export", ["choice-text", "numeric", "excel", "excel-de", "parquet"])
def test_a_qualtrics_response_left_unfinished_is_dated_by_its_start(project, export):
    """Qualtrics records a response left unfinished only when its session expires, a week
    after its last page by default, and dates it then (RecordedDate, EndDate): a wave that
    ended in September had its late partials counted in October, a month (a quarter) in
    which nobody was asked. It is dated by its StartDate; a submitted one as before. So is
    a table made from the export (Parquet: one header row), read with Qualtrics' defaults."""
    root = project("qualtrics-partial.csv")
    header, records = qualtrics_partial_rows(export)
    rows = header + [list(record.values()) for record in records]
    if export == "parquet":
        names = header[0]
        table = pa.table({name: [record[name] for record in records] for name in names})
        pq.write_table(table, root / "data" / "qualtrics-partial.parquet")
        (root / "data" / "qualtrics-partial.csv").unlink()
        config = root / "touchsite.yml"
        text = config.read_text(encoding="utf-8").replace(".csv\n", ".parquet\n", 1)
        text = text.replace('"How satisfied were you with... - Product search"', "Q2_1")
        config.write_text(text.replace("QID2_2", "Q2_2"), encoding="utf-8")
    else:
        with (root / "data" / "qualtrics-partial.csv").open(
            "w", encoding="utf-8-sig", newline=""
        ) as f:
            csv.writer(f).writerows(rows)
    counted = counted_by_period(check(root).feedback)
    assert counted == expected_by_period(records)
    by_month = Counter()
    for (touchpoint, month, _, _), n in counted.items():
        by_month[(touchpoint, month)] += n
    assert by_month == {
        ("overall", "2026-08"): 1,
        ("overall", "2026-09"): 6,
        ("search", "2026-09"): 6,
        ("hotline", "2026-09"): 3,
    }


def test_a_qualtrics_table_whose_rows_name_their_touchpoint_keeps_qualtrics_defaults(mini):
    """A table made from a Qualtrics export (one header row: a Parquet file) whose embedded
    data names each response's touchpoint is mapped as a long table (touchpoint:, scores:):
    it stopped at "which column holds the date?", Qualtrics' defaults (ResponseId, its
    dates, a response left unfinished dated by its StartDate) kept for wide tables alone."""
    _, records = qualtrics_partial_rows("choice-text")
    for number, record in enumerate(records):
        record["Touchpoint"] = ("Hotline", "Product search")[number % 2]
    names = list(records[0])
    pq.write_table(
        pa.table({name: [r[name] for r in records] for name in names}), mini / "data" / "q.pq"
    )
    config = mini / "touchsite.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - path: data/feedback.csv\n",
            "  - path: data/q.pq\n    touchpoint: Touchpoint\n"
            '    touchpoint_values: {Hotline: hotline, "Product search": search}\n'
            "    scores: {nps: Q1}\n",
        ),
        encoding="utf-8",
    )
    expected: Counter = Counter()
    for number, record in enumerate(records):
        unfinished = record["Finished"] == "False"
        day = record["StartDate" if unfinished else "RecordedDate"]
        if record["Q1"]:
            expected[(("hotline", "search")[number % 2], day[:7], "nps", int(record["Q1"]))] += 1
    report = check(mini)
    assert counted_by_period(report.feedback) == expected
    assert any(month == "2026-08" for _, month, _, _ in expected)  # a partial, by its start


def test_a_qualtrics_mapping_that_names_its_date_keeps_it_for_every_response(project):
    """date: RecordedDate dates every response by it, a partial one by when it was recorded:
    the consultant chose that column."""
    root = project("qualtrics-partial.csv")
    config = root / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace(
            "    segment: customer_type\n", "    date: RecordedDate\n    segment: customer_type\n"
        ),
        encoding="utf-8",
    )
    _, records = qualtrics_partial_rows("choice-text")
    counted = counted_by_period(check(root).feedback)
    assert counted == expected_by_period(records, "RecordedDate")
    assert {month for _, month, _, _ in counted} == {"2026-09", "2026-10"}


@pytest.mark.parametrize("text", [pa.string(), pa.large_string()], ids=["string", "large"])
def test_a_wide_parquet_files_large_text_is_read_as_its_text(mini, text):
    """pandas 3 writes a DataFrame's text columns as large strings: a wide export saved so
    (df.to_parquet) stopped the build with Arrow's error, its comment column's text beside
    another touchpoint's empty one. Its rows read as the same table's in plain strings."""
    table = qualtrics_table((), numeric=False)
    pq.write_table(
        table.cast(pa.schema([(f.name, text) for f in table.schema])), mini / "data" / "q.parquet"
    )
    config = mini / "touchsite.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - path: data/feedback.csv\n",
            "  - path: data/q.parquet\n    respondent: ResponseId\n    date: RecordedDate\n"
            "    touchpoints:\n      overall: {nps: Q1}\n      hotline: {comment: Q3}\n",
        ),
        encoding="utf-8",
    )
    feedback = check(mini).feedback
    assert feedback.rows == 7  # four NPS answers, three comments
    published = sorted(c.text for comments in feedback.comments.values() for c in comments)
    assert published[0] == 'Er sagte "nie wieder", leider'


def test_alchemers_disqualified_and_deleted_responses_are_left_out_and_counted(project):
    """Alchemer exports the respondents its logic screened out and the responses deleted in
    the tool, marked so in its Status: neither is a customer's answer to count."""
    root = project("alchemer.csv")
    feedback = check(root).feedback
    [file] = [f for f in feedback.files if f.path == "data/alchemer.csv"]
    assert (file.records, file.not_real, file.left_out) == (6, 2, 0)
    result = CliRunner().invoke(cli, ["build", str(root)])
    assert result.exit_code == 0, result.output
    assert "2 responses left out that the survey tool marks as" in result.output


def test_questionpros_terminated_responses_are_left_out_and_counted(project):
    """QuestionPro's Response Status marks the respondents the survey terminated (screened
    out by its logic, or over a full quota): QuestionPro's own reports leave them out. Before,
    their answers were counted as any customer's (its column is no `Status`)."""
    root = project("questionpro.csv")
    feedback = check(root).feedback
    [file] = [f for f in feedback.files if f.path == "data/questionpro.csv"]
    assert (file.records, file.not_real, file.left_out) == (6, 2, 0)


_ANY_STATUS = st.one_of(
    st.sampled_from(["Complete", "Partial", "Disqualified", "Deleted", "Test", "Spam"]),
    st.sampled_from(["Solved", "Closed", "Disqualified (test)", "Not deleted", "Active"]),
    st.text(max_size=14),
).flatmap(lambda value: st.sampled_from([value, f" {value.upper()}  ", value.lower()]))


@given(st.lists(st.one_of(st.none(), _ANY_STATUS), max_size=30))
def test_another_exports_status_marks_only_the_disqualified_and_deleted(values):
    """A wide export's Status may be anything (a ticket's, a customer's): only the whole
    words Alchemer writes for a screened-out or deleted response leave one out."""
    marked = marked_not_real(pa.array(values, pa.string()), OTHER)
    expected = [v is not None and v.strip().lower() in ("disqualified", "deleted") for v in values]
    assert marked.tolist() == expected


def test_a_database_table_is_named_by_its_engine_not_as_a_csv():
    """The file type shown on the data-quality page: a table of DuckDB or PostgreSQL was
    shown as 'CSV (, )', the CSV's words with nothing in them."""
    from touchsite.load.formats.shape import FileShape

    def shown(kind: str) -> str:
        return FileShape(Path("x"), kind, "long", ["a"], [()], 0, 0).file_type()

    assert [shown(kind) for kind in ("duckdb", "postgres", "parquet")] == [
        "DuckDB",
        "PostgreSQL",
        "Parquet",
    ]


def _rewritten(mini: Path, change, end: str = "\r\n") -> Path:
    """mini's long table, its lines (without their breaks) changed by `change`, each ended
    with `end`."""
    path = mini / "data" / "feedback.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text(end.join(change(lines)) + end, encoding="utf-8")
    return mini


def _same_feedback(before, after) -> None:
    assert (after.rows, after.quality, after.responses) == (before.rows, (), before.responses)
    assert after.files == before.files  # rows read, answers, left out: empty rows are none
    pd.testing.assert_frame_equal(after.counts, before.counts)


@pytest.mark.parametrize(
    "change",
    [
        lambda lines: [lines[0] + ",", *lines[1:]],
        lambda lines: [lines[0], *(line + "," for line in lines[1:])],
        lambda lines: [lines[0] + ",,", *(line + ",," for line in lines[1:])],
        lambda lines: [lines[0] + ",", lines[1], ",,,,,,,", *lines[2:]],
    ],
    ids=["after-the-header", "after-every-row", "both", "with-an-empty-row"],
)
def test_a_separator_after_the_last_field_loses_no_row(mini, change):
    """Some exports end the header, or every row, with a separator (an empty last field):
    every row then had one field more or less than the header, and all were left out."""
    before = check(mini).feedback
    _same_feedback(before, check(_rewritten(mini, change)).feedback)


def test_excels_empty_rows_are_no_answers_and_no_problems(mini):
    """A spreadsheet saved as CSV keeps its empty rows as separators alone."""
    before = check(mini).feedback
    empty = "," * 7

    def with_empty_rows(lines):
        return [*lines[:10], empty, " , ,", *lines[10:], empty, "", " " + empty]

    _same_feedback(before, check(_rewritten(mini, with_empty_rows)).feedback)


def test_a_file_of_empty_rows_alone_holds_no_answers(mini):
    """Skipped unreported, empty rows still leave a file without answers said to be one."""
    path = mini / "data" / "feedback.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0]
    path.write_text(header + "\n" + ",,,,,,,\n" * 3, encoding="utf-8")
    [finding] = check(mini).feedback.quality
    assert (finding.kind, finding.line) == ("empty", 1)


@pytest.mark.parametrize("end", ["\r\n", "\r"], ids=["windows", "old-mac"])
def test_excels_separator_line_names_the_separator_and_counts_as_a_line(mini, end):
    """Excel writes "sep=;" before the header of a CSV meant for another locale's Excel
    (Excel for old Macs ends its lines with a carriage return alone)."""
    before = check(mini).feedback

    def semicolons(lines):
        rows = list(csv.reader(lines))
        rows[3][3] = "x"  # a bad answer, on the file's line 5 with the sep= line
        return ["SEP=;", *(";".join(row) for row in rows)]  # as any case of it

    after = check(_rewritten(mini, semicolons, end)).feedback
    assert after.rows == before.rows  # the row's other score is read
    [finding] = after.quality
    assert (finding.kind, finding.column_number, finding.values[0].lines) == ("number", 4, (5,))


@pytest.mark.parametrize(
    "start, said",
    [
        (b"<html><body><table><tr><td>Respondent ID</td>", "a web page (an HTML table)"),
        (b"\xef\xbb\xbf\r\n  <!DOCTYPE html>\n<html>", "a web page (an HTML table)"),
        (
            b'<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:'
            b'spreadsheet">',
            "an Excel 2003 XML spreadsheet",
        ),
    ],
    ids=["html", "html-after-bom", "xml-2003"],
)
def test_an_excel_export_that_is_no_table_says_what_it_is(tmp_path, start: bytes, said: str):
    """Tools that offer an 'Excel export' often write a web page with an .xls name: read as a
    CSV, it gave one column of markup and no rows. (An Excel 97-2003 workbook is read.)"""
    path = tmp_path / "export.xls"
    path.write_bytes(start + b"<tr><td>1</td><td>9</td></tr></table></body></html>\n")
    result = CliRunner().invoke(cli, ["data", "inspect", str(path)])
    assert result.exit_code == 1
    assert f"error: is {said}, not a CSV, XLSX, Parquet, SPSS or JSON file" in result.output
    assert "save it as Excel Workbook (.xlsx) or CSV" in result.output


def test_a_quote_not_closed_before_a_megabyte_of_rows_is_an_error_at_its_line(mini):
    """The rest of the file read as one field is a row longer than the reader's blocks: the
    whole file failed with pyarrow's words ('straddling object straddles two block
    boundaries'); it now names the line and column where that field starts."""
    rows = "".join(f"L{i},search,2026-03-01,9,5,,{'gut ' * 30},new\n" for i in range(25_000))
    with (mini / "data" / "feedback.csv").open("a", encoding="utf-8") as handle:
        handle.write('Q1,search,2026-03-01,9,5,,"Super Service,new\n' + rows)
    result = CliRunner().invoke(cli, ["check", str(mini)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        'data/feedback.csv:54:7: error: a row of more than 1 MiB starts here: a quote (") not '
        "closed makes one field of the lines after it"
    ) in result.output


def test_an_xlsx_row_with_a_value_beyond_the_last_column_is_a_ragged_row(mini: Path):
    """A cell filled right of the header's last column (a note typed beside a row): the
    row is reported as ragged with its row number, as a CSV's would be."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["response_id", "touchpoint", "date", "nps"])
    sheet.append(["X1", "hotline", "2026-03-01", 9])
    sheet.append(["X2", "hotline", "2026-03-02", 7, "nachgefragt"])
    book.save(mini / "data" / "answers.xlsx")
    yml = mini / "touchsite.yml"
    yml.write_text(
        yml.read_text("utf-8").replace("path: data/feedback.csv", "path: data/answers.xlsx"),
        "utf-8",
    )
    [finding] = check(mini).feedback.quality
    assert (finding.kind, finding.values[0].lines) == ("ragged", (3,))
    assert "a column the header does not name" in finding.hint


def test_rows_without_their_empty_last_fields_are_read_as_excel_means_them(mini: Path):
    """Excel leaves out the separators of a row's empty last cells (after its first rows):
    such a row is read with those fields empty, not left out as ragged; its lines and its
    bad values are those of the file, and a row with too many fields is still ragged."""
    header = (
        "Antwort-ID;Datum;Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?;Typ;Kommentar"
    )
    rows = [
        "R1;02.03.2026;9;neu;Super Beratung, gerne wieder",
        "R2;05.03.2026;6;neu",  # no comment: its separator left out
        "R3;10.03.2026;10;stamm;Lieferung kam pünktlich",
        "R4;20.03.2026;3",  # nor a type
        "R5;21.03.2026;x",  # a bad answer, line 6
        "R6;22.03.2026;7;neu;zu;viele",  # a ragged row, line 7
        ";;",  # an empty row
    ]
    path = mini / "data" / "excel.csv"
    path.write_bytes(("\r\n".join([header, *rows]) + "\r\n").encode("cp1252"))
    yml = mini / "touchsite.yml"
    yml.write_text(
        yml.read_text("utf-8").replace(
            "  - path: data/feedback.csv\n",
            "  - path: data/excel.csv\n    respondent: Antwort-ID\n    date: Datum\n"
            "    touchpoints: {overall: {nps: 'Wie wahrscheinlich ist es, dass Sie uns "
            "weiterempfehlen?', comment: Kommentar}}\n",
        ),
        "utf-8",
    )
    feedback = check(mini).feedback
    assert feedback.rows == 4  # R1-R4; R5 holds nothing readable and is left out
    assert feedback.files[0].records == 6 and feedback.files[0].answers == 4
    found = {(f.kind, f.values[0].lines) for f in feedback.quality}
    assert found == {("number", (6,)), ("ragged", (7,))}


def test_sosci_surveys_row_of_descriptions_is_a_header_row(tmp_path):
    """SoSci Survey's download may add its variables' descriptions as a second row
    ("Interview-Nummer (fortlaufend)" under CASE). Read as the first respondent's answers,
    it made every column text: no respondent id, no score, the descriptions proposed as
    comments. In its CSV and its Excel file alike; without that row, one header row."""
    rows = list(csv.reader((EXPORTS / "sosci.csv").open(encoding="utf-8"), delimiter="\t"))
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append([int(cell) if cell.lstrip("-").isdigit() else cell for cell in row])
    book.save(tmp_path / "sosci.xlsx")
    without = tmp_path / "sosci-names-only.csv"
    without.write_text("\n".join("\t".join(row) for row in rows[:1] + rows[2:]), "utf-8")
    for path in (EXPORTS / "sosci.csv", tmp_path / "sosci.xlsx", without):
        shape = detect(path)
        described = path != without
        assert shape.header_rows == (2 if described else 1), path
        assert shape.columns[:3] == ["CASE", "SERIAL", "REF"]
        assert shape.aliases[0] == (("Interview-Nummer (fortlaufend)",) if described else ())


def _medallia_export(path: Path) -> None:
    """A feedback platform's export as Medallia writes it (tab separated UTF-16 with its
    byte-order mark, one row per survey, its `e_` fields), its test responses flagged."""
    rows = [
        ["a_surveyid", "e_responsedate", "e_touchpoint", "e_customer_id", "e_test_response"]
        + ["Likelihood to Recommend", "osat", "Comments"],
        ["100001", "03/02/2025 10:15:00 AM", "Hotline", "C01", "No", "10 - Extremely likely"]
        + ["Very satisfied", "Quick and friendly help on the phone."],
        ["100002", "03/02/2025 11:20:00 AM", "Search", "C01", "No", "6", "Dissatisfied", ""],
        ["100003", "03/03/2025 09:05:00 AM", "Hotline", "C02", "Yes", "0 - Not at all likely"]
        + ["Very dissatisfied", "test test please ignore this answer"],
        ["100004", "03/04/2025 02:45:00 PM", "Search", "C03", "No", "9", "Satisfied", ""],
        ["100005", "03/04/2025 03:10:00 PM", "Hotline", "C04", "Yes", "0 - Not at all likely"]
        + ["Very dissatisfied", ""],
    ]
    path.write_bytes("".join("\t".join(row) + "\r\n" for row in rows).encode("utf-16"))


def test_a_feedback_platforms_test_responses_are_left_out_not_made_a_kpi(mini):
    """A column that flags the survey makers' test responses (Medallia's `e_test_response`)
    was proposed as the binary KPI, and its tests were counted in every figure: they are
    left out now, as a Status column's tests are, and the flag is no question."""
    export = mini / "data" / "medallia.txt"
    _medallia_export(export)
    shown = CliRunner().invoke(cli, ["data", "inspect", str(export), "--project", str(mini)])
    assert shown.exit_code == 0, shown.output
    snippet = shown.output[shown.output.index("\ndata:\n") + 1 :]
    assert "binary" not in snippet and "e_test_response" not in snippet
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text[: text.index("data:")] + snippet, encoding="utf-8")
    feedback = check(mini).feedback
    [file] = [f for f in feedback.files if f.path == "data/medallia.txt"]
    assert (file.records, file.not_real) == (5, 2)


def test_a_test_flag_the_mapping_reads_as_the_variant_leaves_no_response_out(mini):
    """An A/B test's group named `is_test` (1 the new page, 0 the old), mapped as the
    variant: before, it was taken for a platform's flag of test responses as well, and
    every answer of the tested group was left out."""
    rows = ["id,date,touchpoint,nps,is_test"]
    rows += [f"r{n},2026-03-{n % 28 + 1:02d},search,{n % 11},{n % 2}" for n in range(40)]
    (mini / "data" / "ab.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    entry = "  - path: data/ab.csv\n    respondent: id\n    variant: is_test\n"
    yml.write_text(text.replace("  - path: data/feedback.csv\n", entry), encoding="utf-8")
    feedback = check(mini).feedback
    [file] = feedback.files
    assert (file.records, file.answers, file.not_real) == (40, 40, 0)


@pytest.mark.parametrize(
    "name", ["e_test_response", "Test Response", "is_test", "TEST_FLAG", "Testantwort"]
)
def test_a_test_flags_yes_marks_a_test(name):
    from touchsite.load.formats.shape import FileShape
    from touchsite.load.mapping.status import rule_of, status_column

    shape = FileShape(Path("x"), "csv", "long", ["id", name, "nps"], [(), (), ()], 0, 0)
    assert status_column(shape) == 1
    marked = marked_not_real(pa.array(["Yes", "no", " TRUE ", "0", None, "1"]), rule_of(shape))
    assert marked.tolist() == [True, False, True, False, False, True]


@pytest.mark.parametrize(
    "name",
    ["Test drive", "How was your test drive?", "Contest", "Tested", "Test", "TEST", "Tester"],
)
def test_a_question_about_a_test_is_no_test_flag(name):
    """A bare "Test" or "Tester" is no flag: a product test's rating (1 to 5, its 1 a
    customer's worst) or the customers who got a tester sample (Ja/Nein). Before, every
    answer of 1 or Ja was left out as a test response."""
    from touchsite.load.formats.shape import FileShape
    from touchsite.load.mapping.status import status_column

    shape = FileShape(Path("x"), "csv", "wide", ["id", name], [(), ()], 0, 0)
    assert status_column(shape) is None


def test_records_read_ahead_count_as_still_to_read(tmp_path: Path):
    """Reader.ahead: the records still to read per record used; those read ahead and not
    handed to the checks yet (a chunk whose comments were read with the one before) are
    still to come, so the comments' worker is started as it was before they were."""
    path = tmp_path / "answers.csv"
    path.write_text("response_id,nps\nR1,9\n", encoding="utf-8")
    reader = formats.open_reader(detect(path))
    reader.progress.start("answers.csv", 1000)
    reader.records = 300
    assert reader.ahead() == pytest.approx(700 / 300)
    assert reader.ahead(100) == pytest.approx(800 / 200)
    assert reader.ahead(300) == pytest.approx(1000 / 1)  # nothing used yet: one record's worth


@pytest.mark.parametrize("kind", ["parquet", "sav"])
def test_records_read_ahead_count_alike_in_every_reader(tmp_path: Path, kind: str):
    """Reader.ahead(held) takes the chunk read ahead (the next one's comments read with
    this one's) as handed out and not used: a Parquet file's, an SPSS file's or an
    engine's reader counts a chunk's records as it hands it out, as a CSV file's does, or
    the records used were those less the next chunk's (none after the first chunk, so its
    estimate was the whole file's: the comments' worker started on a file's last chunk)."""
    from touchsite.load.feedback import _Chunks

    ids = [f"R{n}" for n in range(10)]
    path = tmp_path / f"answers.{kind}"
    if kind == "parquet":
        pq.write_table(pa.table({"response_id": ids, "nps": ["9"] * 10}), path)
    else:
        pyreadstat = pytest.importorskip("pyreadstat")
        frame = pd.DataFrame({"response_id": ids, "nps": [9.0] * 10})
        pyreadstat.write_sav(frame, str(path))
    reader = formats.open_reader(detect(path))
    reader.chunk_rows = 4
    chunks = _Chunks(reader.chunks([0, 1]))
    used, seen = 0, []
    for chunk in chunks:
        used += chunk.length
        chunks.peek()
        assert reader.progress.total == 10
        seen.append(reader.ahead(chunks.held()) * used)  # the records still to read
    assert seen == pytest.approx([6, 2, 0])
