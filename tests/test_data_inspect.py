"""`touchsite data inspect`: what an export holds, and a mapping that builds when pasted."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
import math
import random
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.conftest import REPO, postgres_schema, postgres_table, small_chunks
from touchsite.__main__ import cli
from touchsite.build import build
from touchsite.pipeline import check

EXPORTS = REPO / "tests" / "fixtures" / "exports"


def _inspect(*args: str):
    result = CliRunner().invoke(cli, ["data", "inspect", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@contextlib.contextmanager
def _bare_mini() -> Iterator[Path]:
    """A copy of the mini project without its data, for a test Hypothesis runs many times
    (a fixture's folder would be shared by its examples)."""
    with tempfile.TemporaryDirectory() as folder:
        mini = Path(folder) / "mini"
        shutil.copytree(REPO / "tests" / "fixtures" / "mini", mini)
        (mini / "data" / "feedback.csv").unlink()
        yield mini


def _export_alone(mini: Path, fixture: str, name: str | None = None) -> tuple[Path, list[dict]]:
    """The export `fixture` as the mini project's only data file (under `name`), and its
    records as the csv module reads them."""
    export = mini / "data" / (name or fixture)
    shutil.copy(EXPORTS / fixture, export)
    (mini / "data" / "feedback.csv").unlink()
    with export.open(encoding="utf-8", newline="") as file:
        return export, list(csv.DictReader(file))


def _paste(mini: Path, output: str) -> None:
    """Replace the project's data: section by the printed mapping, as a consultant would."""
    snippet = output[output.index("\ndata:\n") + 1 :]
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("data:\n  - path: data/feedback.csv\n", snippet), encoding="utf-8")


def test_a_german_wide_export_is_described_and_its_mapping_builds(mini: Path):
    shutil.copy(EXPORTS / "wide-excel-de.csv", mini / "data" / "umfrage.csv")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(mini / "data" / "umfrage.csv"))
    assert "wide export, German Excel CSV (Windows-1252, ';' separated" in output
    assert "encoding: cp1252; separator: ;" in output
    assert "Datum" in output and "2026-03-02 .. 2026-03-12  (read as %d.%m.%Y)" in output
    assert "not used: Nicht genutzt" in output
    assert '      "Sehr zufrieden": 5\n' in output
    assert '        csat: "Wie zufrieden waren Sie mit unserer Hotline?"\n' in output
    _paste(mini, output)
    result = build(mini)
    assert result.warnings == []
    report = result.report
    assert report.feedback.rows == 11
    assert report.touchpoint("hotline").kpis["csat"].n == 3  # "Nicht genutzt" is no answer
    assert report.relationship.n == 4
    [comment] = [c for c in report.touchpoint("hotline").comments if "Rückruf" in c.text]
    assert comment.text == "Sehr nett, Rückruf an [phone removed]"


MONTHS_DE = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"


@pytest.mark.parametrize(
    ("written", "format_read"),
    [
        (lambda day: f"{MONTHS_DE.split()[day.month - 1]} {day.year}", "%B %Y"),  # kununu
        (lambda day: f"{day.day}. {MONTHS_DE.split()[day.month - 1]} {day.year}", "%d. %B %Y"),
        # %B reads a name cut short as well (dates.MONTH_NAMES), and comes first
        (lambda day: f"{day.day}. {MONTHS_DE.split()[day.month - 1][:3]}. {day.year}", "%d. %B %Y"),
    ],
)
def test_a_review_export_dated_by_german_month_names_is_read_to_its_months(
    mini: Path, written, format_read: str
):
    """kununu dates a review "Oktober 2025", other German sites "12. März 2026": no format
    read them, so `data inspect` asked for a date to EDIT, and a whole export fell on one day."""
    days = [dt.date(2025, 1, 1) + dt.timedelta(days=7 * week + week % 5) for week in range(60)]
    rows = [["Titel", "Sterne", "Datum"]]
    rows += [[f"Bewertung {n}", str(1 + n % 5), written(day)] for n, day in enumerate(days)]
    path = mini / "data" / "kununu.csv"
    path.write_text("\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(path))
    assert f'    date: "Datum"\n    date_format: "{format_read}"\n' in output
    month_only = "%d" not in format_read
    assert ("a month alone is read as its first day" in output) == month_only
    _paste(mini, output)
    report = build(mini).report
    counts = report.feedback.counts
    by_month = counts.groupby("period", observed=True)["n"].sum().to_dict()
    expected: dict[str, int] = {}
    for day in days:
        expected[f"{day:%Y-%m}"] = expected.get(f"{day:%Y-%m}", 0) + 1
    assert by_month == expected
    first, last = days[0], days[-1]
    if month_only:
        first, last = first.replace(day=1), last.replace(day=1)
    assert (report.feedback.first_date, report.feedback.last_date) == (first, last)


def test_a_postgres_table_is_inspected_and_its_mapping_builds(mini: Path, tmp_path, postgres):
    """A table named as messages name it (postgres:schema.table): its columns are described
    and the mapping printed names the engine and the table; pasted, it builds as the same
    rows read from the CSV do."""
    import pyarrow.csv as pa_csv

    rows = pa_csv.read_csv(mini / "data" / "feedback.csv")  # dates and numbers typed
    rows = rows.rename_columns(["Antwort-ID", "Kontaktpunkt", "Datum", *rows.column_names[3:]])
    table = f"{postgres_schema(tmp_path)}.antworten"
    postgres_table(table, rows)
    from_csv = build(mini, tmp_path / "from-csv").report
    output = _inspect(f"postgres:{table}", "--project", str(mini))
    assert output.startswith(f"postgres:{table}\n  format:  long table, PostgreSQL")
    assert f"rows:    {rows.num_rows}" in output
    assert f'\ndata:\n  - engine: postgres\n    table: "{table}"\n' in output
    assert "Antwort-ID" in output and "2026-01-01 .. 2026-03-18" in output  # id, dates
    _paste(mini, output)
    (mini / "data" / "feedback.csv").unlink()
    result = build(mini, tmp_path / "from-table")
    assert result.report.feedback.rows == from_csv.feedback.rows
    assert result.report.feedback.counts.equals(from_csv.feedback.counts)


def test_a_missing_postgres_table_is_named_on_the_command_line(mini: Path, tmp_path, postgres):
    import pyarrow as pa

    table = f"{postgres_schema(tmp_path)}.antworten"
    postgres_table(table, pa.table({"id": ["a"]}))
    result = CliRunner().invoke(cli, ["data", "inspect", f"postgres:{table[:-1]}"])
    assert result.exit_code == 1
    assert f"postgres:{table[:-1]}: error: the database has no table '{table[:-1]}'" in (
        result.output
    )
    assert f"hint: did you mean '{table}'?" in result.output


def test_an_unknown_database_or_a_missing_file_is_an_error_on_the_command_line(tmp_path):
    result = CliRunner().invoke(cli, ["data", "inspect", "mysql:answers"])
    assert result.exit_code == 2
    assert "File 'mysql:answers' does not exist" in result.output


def test_a_qualtrics_exports_mapping_says_how_its_unfinished_responses_are_dated(mini: Path):
    """Qualtrics dates a response left unfinished when its session expired, a week later:
    the mapping says it is dated by its start instead, and how many the file holds; pasted,
    it counts them in the months they were answered (the wave's September)."""
    shutil.copy(EXPORTS / "qualtrics-partial.csv", mini / "data" / "qualtrics.csv")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(mini / "data" / "qualtrics.csv"))
    assert (
        '    # dated by "RecordedDate"; a response left unfinished ("Finished" False or 0: '
        '4 here) by its "StartDate": Qualtrics records it only when its session expires, '
        "a week after its last page by default"
    ) in output
    _paste(mini, output)
    periods = set(check(mini).feedback.counts["period"])
    assert periods == {"2026-08", "2026-09"}  # none in October: nobody was asked then
    legacy = _inspect(str(EXPORTS / "qualtrics-legacy.csv"))
    assert '# dated by "V9" (EndDate); a response left unfinished ("V10" (Finished)' in legacy


def test_tool_exports_get_their_tool_defaults(mini: Path):
    for name in ("qualtrics.csv", "surveymonkey.csv", "typeform.csv", "google-forms.csv"):
        shutil.copy(EXPORTS / name, mini / "data" / name)
    output = _inspect(str(mini / "data" / "qualtrics.csv"))
    assert "Qualtrics export, CSV (UTF-8 with BOM, ',' separated, 3 header rows)" in output
    assert "How likely are you to recommend Beispiel GmbH" in output  # the question text
    assert "respondent:" not in output and "date:" not in output  # ResponseId, RecordedDate
    # every response finished: the note names no count of them (it said "0 here")
    assert 'left unfinished ("Finished" False or 0) by its "StartDate"' in output
    assert '      "Extremely satisfied": 5\n' in output
    for name in ("surveymonkey.csv", "typeform.csv", "google-forms.csv"):
        output = _inspect(str(mini / "data" / name))
        assert "      overall:\n        nps:" in output, output
        mini_copy = mini.parent / f"copy-{name}"
        shutil.copytree(mini, mini_copy)
        _paste(mini_copy, output)
        report = build(mini_copy).report
        assert report.relationship.n == 4, name


def test_a_surveymonkey_export_of_numerical_values_asks_to_check_its_choices_order(mini):
    """SurveyMonkey's export of numerical values numbers each question's choices in the order
    the survey shows them: the survey here showed Very satisfied first, so 1 is the best,
    and nothing in the file says so. Before, the mapping read them as CSAT 1 (the worst)
    without a word; now a comment names the columns, what to check and the labels that read
    them reversed, and those labels give the CSAT of the answers as given."""
    shutil.copy(EXPORTS / "surveymonkey-numeric.csv", mini / "data" / "numbers.csv")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(mini / "data" / "numbers.csv"))
    hotline = "How satisfied were you with the following? - Hotline"
    # (its NPS has no 0: the note on a scale it may be coded on is another)
    [note] = [
        line for line in output.splitlines() if line.startswith("    # check ") and ": Sur" in line
    ]
    assert f'"{hotline}"' in note and "- Product search" in note
    assert "in the order the survey shows them" in note
    assert "labels: {1: 5, 2: 4, 3: 3, 4: 2, 5: 1}" in note
    spec = f'{{column: "{hotline}", labels: {{1: 5, 2: 4, 3: 3, 4: 2, 5: 1}}}}'
    _paste(mini, output.replace(f'csat: "{hotline}"', f"csat: {spec}"))
    counts = check(mini).feedback.counts
    csat = counts[(counts["touchpoint"] == "hotline") & (counts["kpi"] == "csat")]
    # Satisfied, Very satisfied, Dissatisfied; one not answered
    assert dict(zip(csat["score"], csat["n"], strict=True)) == {4: 1, 5: 1, 2: 1}
    # answers in words say their order, and other tools number their scale as it reads
    for name in ("surveymonkey.csv", "surveymonkey-de-custom-variable.csv", "long.csv"):
        assert "    # check " not in _inspect(str(EXPORTS / name)), name


SURVEYMONKEY_NPS = (
    "How likely is it that you would recommend Beispiel GmbH to a friend or colleague?"
)


def _surveymonkey_numbers(path: Path, nps: list[int], csat: list[str]) -> None:
    """A SurveyMonkey export (two header rows, its own columns first) of an NPS and a CSAT."""
    own = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address"]
    head = [*own, SURVEYMONKEY_NPS, "How satisfied were you with our hotline?"]
    rows = [head, [""] * len(own) + ["Response", "Response"]]
    for i, (score, satisfied) in enumerate(zip(nps, csat, strict=True)):
        day = f"03/{1 + i % 28:02d}/2026"
        rows.append([str(114015454545 + 37 * i), "431234567", f"{day} 09:14:51 AM"])
        rows[-1] += [f"{day} 09:17:03 AM", "203.0.113.7", str(score), satisfied]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


@settings(max_examples=15, deadline=None)
@given(
    coded=st.lists(st.integers(1, 10), min_size=5, max_size=40).filter(lambda c: len(set(c)) > 2)
)
def test_a_surveymonkey_nps_of_numbers_without_a_0_names_the_scale_it_may_be_coded_on(
    coded: list[int],
):
    """SurveyMonkey's export of numerical values numbers a question's choices from 1: an NPS
    question's 0..10 may be 1..11. Where someone answered 10 (11) the proposal reads it so;
    where no one did, it read the codes as 0-10 without a word, every answer a point too
    high (a probe of 80: NPS -33.75 for -58.75). Now a comment names the scale to write,
    and written so, the NPS counts each answer one point lower than its code."""
    with _bare_mini() as mini:
        export = mini / "data" / "numbers.csv"
        _surveymonkey_numbers(export, coded, [str(1 + i % 5) for i in range(len(coded))])
        output = _inspect(str(export))
        [note] = [line for line in output.splitlines() if SURVEYMONKEY_NPS + '": none' in line]
        assert f"none of its {len(coded)} answers is 0" in note
        assert "map the column as {column: ..., scale: 1-11}" in note
        spec = f'{{column: "{SURVEYMONKEY_NPS}", scale: 1-11}}'
        _paste(mini, output.replace(f'nps: "{SURVEYMONKEY_NPS}"', f"nps: {spec}"))
        counts = check(mini).feedback.counts
    nps = counts[counts["kpi"] == "nps"]
    assert dict(zip(nps["score"], nps["n"], strict=True)) == {
        score - 1: coded.count(score) for score in set(coded)
    }


def test_a_surveymonkey_nps_with_a_0_or_beside_answers_in_words_asks_no_check(mini: Path):
    """An answer of 0 says the scale is 0-10; words beside the NPS say the export is of
    Actual Answer Text, which writes the NPS as asked."""
    export = mini / "data" / "numbers.csv"
    _surveymonkey_numbers(export, [0, 9, 10, 3], ["1", "2", "3", "4"])
    assert SURVEYMONKEY_NPS + '": none' not in _inspect(str(export))
    _surveymonkey_numbers(export, [1, 9, 10, 3], ["Satisfied", "Very satisfied"] * 2)
    assert SURVEYMONKEY_NPS + '": none' not in _inspect(str(export))


@settings(max_examples=10, deadline=None)
@given(
    codes=st.lists(st.integers(1, 5), min_size=10, max_size=30).filter(lambda c: len(set(c)) > 1)
)
def test_a_surveymonkey_custom_variable_of_small_numbers_is_no_score(codes: list[int]):
    """SurveyMonkey writes a contact's custom data and the link's custom variables before
    the questions, nothing under them in the second header row: a branch's number (1..5)
    there was proposed as a CSAT to place (`# ???: {csat: "Custom Data 1"}`) and asked to
    check its choices' order, as a question of the survey would be. It is the tool's column,
    no answer: no score, and named in the note on a variable that may say where."""
    own = ["Respondent ID", "Collector ID", "Start Date", "End Date", "Custom Data 1"]
    rows = [[*own, SURVEYMONKEY_NPS], [""] * len(own) + ["Response"]]
    for i, code in enumerate(codes):
        day = f"03/{1 + i % 28:02d}/2026"
        rows.append([str(114015454545 + 37 * i), str(431234567 + i % 2), f"{day} 09:14:51 AM"])
        rows[-1] += [f"{day} 09:17:03 AM", str(code), str(i % 11)]
    with tempfile.TemporaryDirectory() as folder:
        export = Path(folder) / "numbers.csv"
        with export.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows(rows)
        output = _inspect(str(export))
    mapping = output[output.index("\ndata:\n") :]
    assert '"Custom Data 1"}' not in mapping and '# check "Custom Data 1"' not in mapping
    assert '    # "Custom Data 1" (SurveyMonkey\'s custom data: ' in mapping


def _workbook_with_a_cover_sheet(path: Path, first: list[list] | None = None) -> None:
    """An XLSX export as tools and colleagues save one: a first sheet about the export
    (`first`, or "Info" with who and when), then the answers on "Daten"."""
    import openpyxl

    book = openpyxl.Workbook()
    cover = book.active
    if first is None:
        cover.title = "Info"
        cover.append(["Export erstellt am", "04.12.2026"])
        cover.append(["Umfrage", "Kundenzufriedenheit"])
    else:
        cover.title = "Tabelle1"
        for row in first:
            cover.append(row)
    data = book.create_sheet("Daten")
    text = (EXPORTS / "wide-excel-de.csv").read_text(encoding="cp1252")
    for row in csv.reader(text.splitlines(), delimiter=";"):
        data.append([int(v) if v.isdigit() else (v or None) for v in row])
    book.save(path)


def test_a_surveymonkey_export_saved_by_excel_keeps_its_dates(mini: Path):
    """SurveyMonkey's CSV opened in Excel and saved as a workbook: its Start Date and End
    Date become cells of dates, read as their days ("2026-03-02"), a code for each response
    like a custom variable's. They were described as personal data, their examples hidden,
    and no date column was shown."""
    (mini / "data" / "feedback.csv").unlink()
    export = mini / "data" / "surveymonkey.xlsx"
    book = openpyxl.Workbook()
    text = (EXPORTS / "surveymonkey.csv").read_text(encoding="utf-8-sig")
    for number, row in enumerate(csv.reader(text.splitlines())):
        if number >= 2:
            row[2:4] = [dt.datetime.strptime(v, "%m/%d/%Y %I:%M:%S %p") for v in row[2:4]]
        book.active.append([v if v != "" else None for v in row])
    book.save(export)
    output = _inspect(str(export))
    days = sorted(r[2][:10] for r in list(csv.reader(text.splitlines()))[2:])
    first = f"{days[0][6:10]}-{days[0][:2]}-{days[0][3:5]}"
    for name in ("Start Date", "End Date"):
        [line] = [line for line in output.splitlines() if f"  {name}  " in line]
        assert " date " in line and first in line and "personal" not in line, line


def test_the_sheet_with_the_answers_is_inspected_and_its_mapping_builds(mini: Path):
    (mini / "data" / "feedback.csv").unlink()
    export = mini / "data" / "umfrage.xlsx"
    _workbook_with_a_cover_sheet(export)
    output = _inspect(str(export))
    assert "XLSX (sheet 'Daten', 1 header row)" in output
    assert "sheets:  'Info', 'Daten': 'Daten' read, the one with the most data" in output
    assert '    sheet: "Daten"\n' in output
    _paste(mini, output)
    assert build(mini).report.feedback.rows == 11
    assert "sheet: Info; " in _inspect(str(export), "--sheet", "Info")  # as asked


def test_a_sheet_without_the_answers_names_the_workbooks_sheets(mini: Path):
    (mini / "data" / "feedback.csv").unlink()
    export = mini / "data" / "umfrage.xlsx"
    _workbook_with_a_cover_sheet(export)
    mapping = _inspect(str(export))
    yml = mini / "touchsite.yml"
    original = yml.read_text(encoding="utf-8")
    sheets = "sheet 'Info' was read, the workbook's sheets are 'Info', 'Daten': name the one"
    _paste(mini, mapping.replace('    sheet: "Daten"\n', ""))  # the default: the first sheet
    result = CliRunner().invoke(cli, ["check", str(mini)])
    assert result.exit_code == 1
    assert "data/umfrage.xlsx has no column 'Datum' (date)" in result.output
    assert sheets in result.output
    yml.write_text(original.replace("data/feedback.csv", "data/umfrage.xlsx"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(mini)])
    assert "data/umfrage.xlsx:1: error: a wide export needs a mapping" in result.output
    assert sheets in result.output
    _workbook_with_a_cover_sheet(export, first=[])  # Excel's empty "Tabelle1"
    result = CliRunner().invoke(cli, ["check", str(mini)])
    assert "data/umfrage.xlsx:1: warning: the file holds no answers" in result.output
    assert "sheet 'Tabelle1' was read, the workbook's sheets are 'Tabelle1', 'Daten'" in (
        result.output
    )


def test_a_file_outside_any_project_gets_a_mapping_to_complete(tmp_path: Path):
    shutil.copy(EXPORTS / "typeform.csv", tmp_path / "export.csv")
    output = _inspect(str(tmp_path / "export.csv"), "--project", str(tmp_path))
    assert "no project found" in output
    assert '# ???: {csat: "How satisfied were you with our product search?"}' in output


def test_an_unreadable_file_is_an_error(tmp_path: Path):
    (tmp_path / "empty.csv").write_text("")
    result = CliRunner().invoke(cli, ["data", "inspect", str(tmp_path / "empty.csv")])
    assert result.exit_code == 1
    assert "error: the file is empty" in result.output


def test_questions_are_matched_to_the_right_touchpoints():
    from touchsite.load.inspect.snippet import match_touchpoint

    touchpoints = {
        "freunde-werben": "Freunde-werben-Programm",
        "telefonische-produktberatung": "Telefonische Produktberatung",
        "website-produktsuche": "Produktsuche auf der Website",
        "kundenservice-hotline": "Kundenservice-Hotline",
    }
    # the standard recommendation question names no touchpoint, whatever "Freund" suggests
    recommend = "Wie wahrscheinlich ist es, dass Sie uns einem Freund empfehlen?"
    assert match_touchpoint(recommend, touchpoints) is None
    # a whole word outweighs a shared prefix ("Produktsuche" is not "Produktberatung")
    search = "Wie zufrieden waren Sie mit der Produktsuche?"
    assert match_touchpoint(search, touchpoints) == "website-produktsuche"
    assert match_touchpoint("Wie hilfreich war unsere Hotline?", touchpoints) == (
        "kundenservice-hotline"
    )
    # a matrix row under its question: the question's "with" names no touchpoint
    delivery = {
        "lieferavis": "Delivery Notice with Time Slot by Email",
        "lieferung-aufbau": "Delivery and Assembly by the Assembly Team",
    }
    matrix = "How satisfied were you with the following? - Delivery and assembly"
    assert match_touchpoint(matrix, delivery) == "lieferung-aufbau"
    # a word both touchpoints name whole, one of them first by a shared prefix alone: the
    # consultant decides (before, "der Lieferung" was the delivery date's choice online)
    lieferung = {
        "lieferung-aufbau": "Lieferung & Aufbau",
        "online-liefertermin-wahl": "Terminwahl für die Lieferung",
    }
    assert match_touchpoint("Wie zufrieden waren Sie mit der Lieferung?", lieferung) is None
    assert match_touchpoint("Wie zufrieden waren Sie mit Lieferung und Aufbau?", lieferung) == (
        "lieferung-aufbau"
    )
    assert match_touchpoint("Wie einfach war die Terminwahl?", lieferung) == (
        "online-liefertermin-wahl"
    )


def test_a_value_naming_a_touchpoint_left_to_decide_still_names_one():
    """The example project's "Lieferung" is "Lieferung und Aufbau" as well as "Online-
    Terminwahl für die Lieferung": which one is the consultant's to say, but the review
    site's "Bereich" still names touchpoints, one row per aspect rated. Counted as naming
    none, the file was proposed as a wide export and every aspect's stars pooled into the
    company's CSAT."""
    output = _inspect(str(EXPORTS / "long-aspects.csv"), "--project", str(REPO))
    assert "format: long\n" in output and '    touchpoint: "Bereich"\n' in output
    assert '      "Lieferung": ???  # EDIT: which touchpoint?\n' in output
    assert "overall:" not in output


def test_a_value_that_is_a_touchpoints_title_is_that_touchpoint(tmp_path: Path):
    """A long table's "App" and "Delivery" were left to the consultant ("???  # EDIT"),
    though touchpoints are titled so: words under four letters match nothing, and "Delivery"
    is in "Express delivery" too."""
    project = tmp_path / "client"
    init = CliRunner().invoke(cli, ["init", str(project), "--blank", "--language", "en"])
    assert init.exit_code == 0, init.output
    pages = project / "content" / "touchpoints"
    for page in pages.glob("*.md"):
        page.unlink()
    for name, title in [("app", "App"), ("delivery", "Delivery"), ("express", "Express delivery")]:
        pages.joinpath(f"{name}.md").write_text(
            f"---\ntitle: {title}\nphase: purchase\nchannel: website\n---\n", encoding="utf-8"
        )
    rows = ["Response ID,Date,Touchpoint,Score,Comment"]
    for number in range(30):
        touchpoint = ["App", "Delivery", "Express delivery"][number % 3]
        rows.append(f"R{number},2025-05-{number % 28 + 1:02d},{touchpoint},{number % 11},")
    export = project / "data" / "export.csv"
    export.parent.mkdir(exist_ok=True)
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    output = _inspect(str(export), "--project", str(project))
    assert 'touchpoint: "Touchpoint"' in output
    assert '      "App": app\n' in output
    assert '      "Delivery": delivery\n' in output
    assert '      "Express delivery": express\n' in output
    assert "EDIT" not in output


def test_a_stacked_open_question_naming_a_touchpoint_left_to_decide(tmp_path: Path):
    """A stacked export's open question about "der Lieferung" (two of the example's
    touchpoints): its answers are left to place, not published as the company's comments."""
    asked = (
        "Wie wahrscheinlich ist es, dass Sie uns einem Freund weiterempfehlen?",
        "Wie zufrieden waren Sie mit der Kasse?",
        "Was können wir bei der Lieferung besser machen?",
    )
    said = ("Vorher anrufen bitte", "Pünktlicher kommen, bitte", "Freundlicher sein")
    lines = ["Antwort-ID;Datum;Frage;Antwort"]
    for n in range(12):
        answers = (str(n % 11), str(n % 5 + 1), said[n % 3])
        lines += [
            f"A-{n};0{n % 9 + 1}.03.2026;{q};{a}" for q, a in zip(asked, answers, strict=True)
        ]
    export = tmp_path / "stacked.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = _inspect(str(export), "--project", str(REPO))
    where = f'{{column: "Antwort", where: {{"Frage": "{asked[2]}"}}}}'
    assert f"      # ???: {{comment: {where}}}  # EDIT: which touchpoint? " in output
    assert f"comment: {where}\n" not in output  # not the company's comment
    assert 'then add "Antwort" to comment_columns' in output
    assert 'nps: {column: "Antwort"' in output  # the rest is mapped as before


def test_a_long_tables_aspect_column_whose_name_holds_frage_is_no_question_column(
    tmp_path: Path,
):
    """ "Anfrageweg" (how the customer asked) holds "frage" but names no question: its
    values of several words, one of them rated 4-5 alone, were taken for a stacked export's
    questions, and the comments of every channel proposed as the company's."""
    asked = ("Anfrage per E-Mail an uns", "Anruf bei der Hotline", "Chat auf der Website")
    lines = ["ID,Datum,Anfrageweg,Zufriedenheit,Kommentar"]
    for n in range(40):
        score = 4 + n % 2 if n % 3 == 2 else 1 + n % 5
        said = ("", "Gut", "Zu langsam geantwortet")[n % 3]
        lines.append(f"R{n},2026-03-{n % 28 + 1:02d},{asked[n % 3]},{score},{said}")
    export = tmp_path / "anfragen.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    output = _inspect(str(export), "--project", str(REPO))
    assert "format: long\n" in output and '    touchpoint: "Anfrageweg"\n' in output
    assert '      "Anruf bei der Hotline": kundenservice-hotline\n' in output
    assert '    comment: "Kommentar"\n' in output and "where:" not in output


def test_layout_overrides_detection_and_the_old_format_option_still_works():
    export = str(EXPORTS / "typeform.csv")
    assert "  format:  Typeform export, CSV" in _inspect(export)
    assert "  format:  wide export, CSV" in _inspect(export, "--layout", "wide")
    # --format names the output format in every other command; here it is deprecated.
    old = _inspect(export, "--format", "wide")
    assert "  format:  wide export, CSV" in old
    assert "warning: --format is deprecated here; use --layout instead." in old


# ------------------------------------------------------------- scales: yes/no, Likert, mixed


def _hand_wilson(yes: int, n: int) -> tuple[float, float]:
    z = 1.959964
    p = yes / n
    centre, spread = p + z * z / (2 * n), z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return 100 * (centre - spread) / (1 + z * z / n), 100 * (centre + spread) / (1 + z * z / n)


def test_yes_no_columns_are_proposed_as_the_binary_kpi_and_build(mini: Path):
    shutil.copy(EXPORTS / "wide-yes-no.csv", mini / "data" / "umfrage.csv")
    output = _inspect(str(mini / "data" / "umfrage.csv"))
    assert "binary   yes/no: proposed as the binary KPI" in output
    assert "scale 0-10 (as NPS)" in output
    assert '        binary: "Q2: Was your issue solved by the hotline? (Yes/No)"\n' in output
    assert '        binary: "Q3: Product search worked for me (1 = yes / 0 = no)"\n' in output
    assert 'nps: "Q2' not in output and 'nps: "Q3' not in output
    # a closing question after the last rating asks about anything, not about that rating
    assert (
        'overall:\n        nps: "Q1: How likely are you to recommend us to a friend?"\n' in output
    )
    assert '        comment: "Q4: Anything else?"\n      hotline:' in output
    _paste(mini, output)
    # the one edit the printout asks for: declare the yes/no question
    assert "add to touchsite.yml kpis: binary: {label:" in output
    yml = mini / "touchsite.yml"
    yml.write_text(
        yml.read_text("utf-8").replace("kpis:\n", "kpis:\n  binary: {label: Solved}\n", 1), "utf-8"
    )
    result = build(mini, strict=True)
    rows = list(csv.DictReader((EXPORTS / "wide-yes-no.csv").open(encoding="utf-8")))
    for touchpoint, column, yes_word in (
        ("hotline", "Q2: Was your issue solved by the hotline? (Yes/No)", "Yes"),
        ("search", "Q3: Product search worked for me (1 = yes / 0 = no)", "1"),
    ):
        answers = [row[column] for row in rows if row[column]]
        yes = sum(answer == yes_word for answer in answers)
        figure = result.report.touchpoint(touchpoint).kpis["binary"]
        assert figure.n == len(answers)
        assert figure.value == pytest.approx(100 * yes / len(answers))
        low, high = _hand_wilson(yes, len(answers))
        assert (figure.low, figure.high) == pytest.approx((low, high), abs=1e-4)
    assert "Solved" in (mini / "site" / "touchpoints" / "hotline.html").read_text("utf-8")


def test_a_rating_whose_scale_changed_is_named_and_not_proposed_as_nps(mini: Path):
    shutil.copy(EXPORTS / "reviews-scale-change.csv", mini / "data" / "reviews.csv")
    output = _inspect(str(mini / "data" / "reviews.csv"))
    rows = list(csv.DictReader((EXPORTS / "reviews-scale-change.csv").open(encoding="utf-8")))
    first_high = next(i for i, row in enumerate(rows, start=1) if int(row["score"]) > 5)
    assert f"mixed scale: 1-5 in data rows 1-{first_high - 1}, 1-10 from row {first_high}" in output
    assert "nps:" not in output
    assert '# "score" is not mapped: its scale changes' in output


def test_a_rating_on_ten_points_is_no_nps_unless_it_asks_a_recommendation(tmp_path: Path):
    """A satisfaction question on 0-10 and a rating 1-10 were proposed as NPS: the site would
    have shown promoters less detractors of a question no customer read as one."""
    questions = (
        "Wie zufrieden sind Sie insgesamt? (0 = gar nicht, 10 = voll und ganz)",
        "How would you rate our hotline?",
        "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?",
    )
    lines = ["id,Datum," + ",".join(f'"{q}"' for q in questions)]
    lines += [
        f"{i},2026-01-{1 + i % 28:02d},{i % 11},{1 + i % 10},{(i * 7) % 11}" for i in range(40)
    ]
    (tmp_path / "export.csv").write_text("\n".join(lines) + "\n", "utf-8")
    output = _inspect(str(tmp_path / "export.csv"), "--project", str(tmp_path))
    snippet = output[output.index("\ndata:\n") :]
    assert snippet.count("nps:") == 1 and f'"{questions[2]}"' in snippet
    for question in questions[:2]:
        assert f'# "{question}" is not mapped: a rating up to 10 that asks no recommendation' in (
            snippet
        )


@pytest.mark.parametrize(
    ("answers", "scale"),
    [(["1", "2", "3", "4", "5"], "Likert 1-5"), (["1", "4", "7"], "Likert 1-7")],
)
def test_likert_scales_are_named(tmp_path: Path, answers: list[str], scale: str):
    lines = ["id,date,rating"] + [
        f"{i},2026-01-0{1 + i % 9},{answers[i % len(answers)]}" for i in range(30)
    ]
    (tmp_path / "export.csv").write_text("\n".join(lines) + "\n", "utf-8")
    assert scale in _inspect(str(tmp_path / "export.csv"), "--project", str(tmp_path))


YES_NO_WORDS = ["yes", "no", "Ja", "Nein", "TRUE", "False", "1", "0", "y", "N"]
QUESTIONS = ["How likely are you to recommend us?", "NPS", "Würden Sie uns empfehlen?", "Q7"]


@given(
    answers=st.lists(st.sampled_from(YES_NO_WORDS + ["", "Weiß nicht"]), min_size=1, max_size=60),
    numbers_only=st.booleans(),
    question=st.sampled_from(QUESTIONS),
)
def test_a_yes_no_or_zero_one_column_is_never_proposed_as_nps(
    answers: list[str], numbers_only: bool, question: str
):
    from touchsite.load.inspect import inspect_file, mapping_snippet
    from touchsite.load.inspect.profiles import kpi_of

    if numbers_only:
        answers = [{"yes": "1", "no": "0"}.get(a.casefold(), a) for a in answers]
        answers = [a if a in ("0", "1", "") else "1" for a in answers]
    if not any(a and a != "Weiß nicht" for a in answers):
        answers = [*answers, "1"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        lines = [f"id,Datum,{question}"]
        lines += [f"{i},2026-01-{1 + i % 28:02d},{a}" for i, a in enumerate(answers)]
        path.write_text("\n".join(lines) + "\n", "utf-8")
        inspection = inspect_file(path)
        snippet = mapping_snippet(inspection, "export.csv", {"hotline": "Hotline"}, True)
    column = inspection.columns[2]
    assert kpi_of(column) == "binary"
    assert "nps:" not in snippet and "binary:" in snippet


def test_a_zendesk_good_bad_rating_is_proposed_as_the_binary_kpi_and_builds(mini: Path):
    """Zendesk rates a ticket Good or Bad, and writes Offered or Unoffered where none was
    given: the yes/no KPI, read by the column's own labels, not a column left out; its
    ticket counts (Reopens of 0 and 1, Replies) are no scores."""
    shutil.copy(EXPORTS / "zendesk-csat.csv", mini / "data" / "tickets.csv")
    output = _inspect(str(mini / "data" / "tickets.csv"))
    assert (
        "Satisfaction Score" in output and "binary   yes/no: proposed as the binary KPI" in output
    )
    spec = '{column: "Satisfaction Score", labels: {"Good": 1, "Bad": 0}}'
    assert f"        binary: {spec}" in output
    assert '    not_used: ["Offered", "Unoffered"]\n' in output
    assert "Reopens" not in output.split("\ndata:\n")[1]
    assert "Replies" not in output.split("\ndata:\n")[1]
    _paste(mini, output)
    yml = mini / "touchsite.yml"
    yml.write_text(
        yml.read_text("utf-8").replace("kpis:\n", "kpis:\n  binary: {label: CSAT}\n", 1), "utf-8"
    )
    result = build(mini, strict=True)
    rows = list(csv.DictReader((EXPORTS / "zendesk-csat.csv").open(encoding="utf-8")))
    rated = [
        row["Satisfaction Score"] for row in rows if row["Satisfaction Score"] in ("Good", "Bad")
    ]
    counts = result.report.feedback.counts
    given = counts[(counts["touchpoint"] == "overall") & (counts["kpi"] == "binary")]
    assert given.groupby("score")["n"].sum().to_dict() == {
        0: rated.count("Bad"),
        1: rated.count("Good"),
    }


def test_a_german_zendesk_rating_is_the_binary_kpi_and_its_requester_personal(mini: Path):
    """Zendesk in German writes its satisfaction ratings "Gut" or "Schlecht", "Angeboten" or
    "Nicht angeboten" where none was given, under "Zufriedenheitsbewertung", and the
    customer as "Anfragender" beside "E-Mail des Anfragenden": no KPI was proposed, the
    ratings were left out, and the requesters' names were printed as examples."""
    export = mini / "data" / "tickets.csv"
    shutil.copy(EXPORTS / "zendesk-csat-de.csv", export)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    for name in ("Max Mustermann", "Erika Muster", "Jan K."):
        assert name not in output
    for column in ("Anfragender", "E-Mail des Anfragenden"):
        line = next(line for line in output.splitlines() if f"  {column}  " in line)
        assert "(examples not shown: personal data)" in line, line
    spec = '{column: "Zufriedenheitsbewertung", labels: {"Gut": 1, "Schlecht": 0}}'
    assert f"        binary: {spec}" in output
    assert '    not_used: ["Angeboten", "Nicht angeboten"]\n' in output
    _paste(mini, output)
    counts = build(mini, strict=True).report.feedback.counts
    given = counts[(counts["touchpoint"] == "overall") & (counts["kpi"] == "binary")]
    # Gut, Schlecht, Angeboten, Nicht angeboten, Gut, Schlecht: two of each rated
    assert given.groupby("score")["n"].sum().to_dict() == {0: 2, 1: 2}


def test_the_agent_a_help_desk_names_is_personal_data(tmp_path: Path):
    """Help desks and feedback tools name the employee on the case beside the rating:
    Freshdesk's "Agent", Intercom's "Teammate assigned" and "Teammate rated", AskNicely's
    "Team member", a CRM's "Account manager" among a Delighted response's properties. Before,
    their names were printed as examples (and a column of few names could become a long
    table's touchpoint). Now they are personal data, as Zendesk's Assignee is; a question
    that asks about the agent, answered on a scale, is still a score."""
    agents = ["Hannah Becker", "Marcus Lee", "Priya Patel"]
    export = tmp_path / "ratings.csv"
    header = ["Conversation ID", "Conversation rating", "Rating remark", "Teammate assigned"]
    header += ["Teammate rated", "Agent", "Team member", "Account manager", "Mitarbeiter"]
    labels = ["Sehr zufrieden", "Zufrieden", "Unzufrieden"]
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for i in range(30):
            agent = agents[i % 3]
            remark = f"Antwort Nummer {i} kam schnell, danke." if i % 2 else ""
            writer.writerow(
                [18000 + i, 1 + i % 5, remark, agent, agent, agent, agent, agent, labels[i % 3]]
            )
    output = _inspect(str(export))
    assert not any(agent in output for agent in agents)
    for name in header[3:8]:
        line = next(line for line in output.splitlines() if f"  {name}  " in line)
        assert "(examples not shown: personal data)" in line, line
    mitarbeiter = next(line for line in output.splitlines() if "  Mitarbeiter  " in line)
    assert "labels" in mitarbeiter and "Sehr zufrieden" in mitarbeiter
    records = tmp_path / "responses.json"
    answers = [
        {"id": i, "score": i % 11, "person_properties": {"Account manager": agents[i % 3]}}
        for i in range(30)
    ]
    records.write_text(json.dumps(answers), encoding="utf-8")
    assert not any(agent in _inspect(str(records)) for agent in agents)


def test_a_moment_in_unix_time_named_for_a_rating_is_no_rating(tmp_path: Path):
    """Intercom dates a conversation's rating in Unix time, "Rated at" 1764495682. Before,
    the mapping said of it: "a rating up to 1.77e+09 that asks no recommendation is no
    NPS". Now no such thing is said of it: a column of such numbers is no scale at all;
    named as a moment (" at"), it is the rating's date."""
    export = tmp_path / "ratings.csv"
    rows = [["Conversation ID", "Rated at", "Rating remark"]]
    rows += [[18000 + i, 1764495682 + 3600 * i, f"Antwort {i} kam schnell"] for i in range(20)]
    with export.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(rows)
    snippet = _inspect(str(export)).split("\ndata:\n")[1]
    assert "a rating up to" not in snippet
    assert '    date: "Rated at"\n    date_format: "unix"\n' in snippet


def test_a_rating_column_of_several_kpis_is_mapped_by_the_type_beside_it(tmp_path: Path):
    """HubSpot exports the feedback submissions of all its surveys in one file: a "Survey
    type" (NPS, CSAT, CES) beside one "Rating", 0-10 for the NPS, 1-5 for the CSAT, 1-7 for
    the CES. Read as one KPI, every CSAT answer of 4 or 5 would count as a detractor, so the
    Rating was marked EDIT (export the types apart). Now each KPI reads the Rating where the
    Survey type names it; a file of one survey type maps its Rating as usual."""
    export = EXPORTS / "hubspot-feedback.csv"
    output = _inspect(str(export))
    snippet = output.split("\ndata:\n")[1]
    assert "EDIT" not in snippet
    for kpi in ("nps", "csat", "ces"):
        spec = f'{{column: "Rating", where: {{"Survey type": "{kpi.upper()}"}}}}'
        assert f"        {kpi}: {spec}\n" in snippet
    assert (
        '    # "Rating" holds the answers of several KPIs (NPS, CSAT, CES), each on its own '
        'scale: each KPI reads the rows "Survey type" names as its (where:)' in snippet
    )
    assert "Record ID" not in snippet  # a number, but no score
    rows = list(csv.reader(export.open(encoding="utf-8")))
    nps_only = tmp_path / "hubspot-nps.csv"
    with nps_only.open("w", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows([rows[0], *(row for row in rows[1:] if row[2] == "NPS")])
    snippet = _inspect(str(nps_only)).split("\ndata:\n")[1]
    assert '        nps: "Rating"\n' in snippet and "EDIT" not in snippet
    assert "where" not in snippet


def test_a_rating_column_of_several_kpis_in_a_long_table(mini: Path):
    """Retently's export: a Metric (NPS, CSAT, CES) beside one Score, and the campaign that
    names what was rated: a long table whose scores read the Score where the Metric names
    their KPI. It builds: each KPI counts its own rows; a Metric of no KPI is named as left
    out, with its line."""
    export = mini / "data" / "retently.csv"
    answers = [("NPS", 9, "Hotline"), ("CSAT", 4, "Search"), ("NPS", 3, "Search")] * 4
    answers += [("CES", 6, "Hotline"), ("Custom", 3, "Hotline")] * 3
    export.write_text(
        "Date,Customer,Email,Metric,Score,Feedback,Campaign\n"
        + "".join(
            f"2026-03-{1 + i:02d} 10:00,Kim {i},kim{i}@example.org,{metric},{score},"
            f"{'' if i % 3 else f'Antwort Nummer {i} zur {campaign}'},{campaign}\n"
            for i, (metric, score, campaign) in enumerate(answers)
        ),
        encoding="utf-8",
    )
    output = _inspect(str(export))
    snippet = output.split("\ndata:\n")[1]
    assert "    format: long\n" in snippet and '    touchpoint: "Campaign"\n' in snippet
    assert (
        '    scores:\n      nps: {column: "Score", where: {"Metric": "NPS"}}\n'
        '      csat: {column: "Score", where: {"Metric": "CSAT"}}\n'
        '      ces: {column: "Score", where: {"Metric": "CES"}}\n' in snippet
    )
    assert 'those of "Custom" are left out, and named by a build' in snippet
    _paste(mini, output)
    result = CliRunner().invoke(cli, ["check", str(mini)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "no where: names" in line]
    assert lines == [
        "data/retently.csv:15:4: warning: 'Score' answered, left out: no where: names this "
        "type 'Custom' (3 rows; also lines 17, 19)"
    ]
    counts = check(mini).feedback.counts
    for kpi, touchpoint, scores in (
        ("nps", "hotline", [9] * 4),
        ("nps", "search", [3] * 4),
        ("csat", "search", [4] * 4),
        ("ces", "hotline", [6] * 3),
    ):
        found = counts[(counts.kpi == kpi) & (counts.touchpoint == touchpoint)]
        assert dict(zip(found.score, found.n, strict=True)) == {scores[0]: len(scores)}, kpi


def test_a_ticket_exports_requester_and_agent_show_no_examples():
    """A help desk's export names who asked and who answered (Zendesk's Requester, its
    Requester email, the Assignee): personal data, never shown as examples."""
    output = _inspect(str(EXPORTS / "zendesk-csat.csv"))
    rows = list(csv.DictReader((EXPORTS / "zendesk-csat.csv").open(encoding="utf-8")))
    assert not any(row["Requester"] in output for row in rows)
    for name in ("Requester", "Requester email"):
        line = next(line for line in output.splitlines() if f"  {name}  " in line)
        assert "(examples not shown: personal data)" in line


_RATINGS = st.sampled_from(["Good", "Bad", "Offered", "Unoffered", "Not offered", "", "n/a"])


@given(
    answers=st.lists(_RATINGS.flatmap(lambda w: st.sampled_from([w, w.upper(), w.lower()]))),
    scale_words=st.lists(st.sampled_from(["Very good", "Neutral", "Very bad"]), max_size=3),
)
def test_good_and_bad_alone_are_yes_and_no_among_five_words_a_satisfaction(
    answers: list[str], scale_words: list[str]
):
    """Good and Bad alone (with Zendesk's Offered and Unoffered for no rating) are a yes/no
    rating; Very good, Good, Neutral, Bad, Very bad are a satisfaction scale of five."""
    from touchsite.load.inspect import inspect_file
    from touchsite.load.inspect.profiles import kpi_of

    if scale_words:  # Zendesk's words for no rating come with its two words only
        answers = [a for a in answers if "offered" not in a.casefold()]
    answers = [*answers, "Good", "Bad", *scale_words]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.csv"
        lines = ["id,Datum,Satisfaction"]
        lines += [f"{i},2026-01-{1 + i % 28:02d},{a}" for i, a in enumerate(answers)]
        path.write_text("\n".join(lines) + "\n", "utf-8")
        column = inspect_file(path).columns[2]
    if scale_words:
        assert kpi_of(column) == "csat"
        assert {column.labels[a] for a in answers if a.casefold() in ("good", "bad")} == {4, 2}
    else:
        assert kpi_of(column) == "binary"
        assert {column.labels[a] for a in answers if a.casefold() in ("good", "bad")} == {1, 0}
        offered = {a for a in answers if "offered" in a.casefold()}
        assert offered <= set(column.not_used)


def test_codes_dashes_and_a_satisfaction_scale_s_middle_are_read_as_meant(mini: Path):
    """Codes that begin with a digit (a review site's hexadecimal ids) are no scores; a dash
    is no answer, as "k. A." is; and "Weder noch", the middle of a satisfaction scale as much
    as of an agreement scale, leaves a satisfaction column CSAT."""
    export = mini / "data" / "bewertungen.csv"
    export.write_text(
        "Review ID;Datum;Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?;"
        "Wie zufrieden waren Sie mit unserer Hotline?\n"
        "5f1a2b3c4d5e6f7a;02.03.2026;10 - Äußerst wahrscheinlich;Zufrieden\n"
        "3b2c4d5e6f7a8b9c;03.03.2026;-;Weder noch\n"
        "1d9e8f7a6b5c4d3e;04.03.2026;0 - Überhaupt nicht wahrscheinlich;Unzufrieden\n"
        "4e5f6a7b8c9d0e1f;05.03.2026;7;-\n"
        "2a3b4c5d6e7f8a9b;06.03.2026;9;Sehr zufrieden\n",
        encoding="utf-8",
    )
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert "Review ID" in output and '"Review ID"' not in output.split("\ndata:\n")[1]
    assert '        nps: "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"\n' in output
    assert '        csat: "Wie zufrieden waren Sie mit unserer Hotline?"\n' in output
    assert '    not_used: ["-"]\n' in output
    _paste(mini, output)
    result = build(mini)
    assert result.warnings == []
    report = result.report
    counts = report.feedback.counts
    scores = {
        (touchpoint, kpi): sorted(group["score"])
        for (touchpoint, kpi), group in counts.groupby(["touchpoint", "kpi"])
    }
    assert scores == {("overall", "nps"): [0, 7, 9, 10], ("hotline", "csat"): [2, 3, 4, 5]}
    assert report.relationship.n == 4


QUALTRICS_HEAD = [
    ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/Berlin"}'),
    ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/Berlin"}'),
    ("Status", "Response Type", '{"ImportId":"status"}'),
    ("Finished", "Finished", '{"ImportId":"finished"}'),
    ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/Berlin"}'),
    ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
    ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
]
EFFORT_WORDS = {
    "de": ["Sehr schwierig", "Schwierig", "Eher schwierig", "Weder einfach noch schwierig"]
    + ["Eher einfach", "Einfach", "Sehr einfach"],
    "en": ["Very difficult", "Difficult", "Somewhat difficult", "Neither easy nor difficult"]
    + ["Somewhat easy", "Easy", "Very easy"],
}


def _qualtrics_export(path: Path, questions: list[tuple[str, str, str]], answers) -> Path:
    """A Qualtrics CSV export (its three header rows, UTF-8 with BOM): its metadata, then
    `questions` (tag, text, ImportId); `answers` the question cells of each response."""
    head = [*QUALTRICS_HEAD, *questions]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in range(3):
        writer.writerow([column[row] for column in head])
    for i, cells in enumerate(answers):
        day = f"2026-03-{1 + i % 28:02d}"
        meta = [f"{day} 09:00:00", f"{day} 09:04:00", "IP Address", "True", f"{day} 09:04:01"]
        writer.writerow([*meta, f"R_{i:015d}", "anonymous", *cells])
    path.write_text(out.getvalue(), encoding="utf-8-sig")
    return path


@pytest.mark.parametrize("language", ["de", "en"])
def test_an_effort_question_answered_in_words_is_the_ces(mini: Path, language: str):
    """Qualtrics' choice-text export writes an effort question's answers as its words ("Sehr
    einfach", "Very difficult"): seven points, the easiest 7, proposed as the CES of the
    touchpoint the question names, and counted so."""
    words = EFFORT_WORDS[language]
    question = {
        "de": "Wie einfach war es, Ihr Anliegen über unsere Hotline zu klären?",
        "en": "How easy was it to get your issue solved by our hotline?",
    }[language]
    answers = [[words[i % 7]] for i in range(30)] + [[""]]
    export = mini / "data" / "qualtrics.csv"
    _qualtrics_export(export, [("Q6", question, '{"ImportId":"QID6"}')], answers)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert '        ces: "Q6"' in output
    assert f'      "{words[0]}": 1\n' in output and f'      "{words[6]}": 7\n' in output
    _paste(mini, output)
    result = build(mini)
    ces = result.report.touchpoint("hotline").kpis["ces"]
    assert ces.n == 30
    assert ces.value == pytest.approx(sum(1 + i % 7 for i in range(30)) / 30)


EFFORT_EXTREME_WORDS = {
    "de": ["Äußerst schwierig", "Sehr schwierig", "Schwierig", "Weder noch", "Einfach"]
    + ["Sehr einfach", "Äußerst einfach"],
    "en": ["Extremely difficult", "Very difficult", "Difficult", "Neither easy nor difficult"]
    + ["Easy", "Very easy", "Extremely easy"],
}


@pytest.mark.parametrize(
    "words",
    [
        EFFORT_EXTREME_WORDS["de"],
        EFFORT_EXTREME_WORDS["en"],
        # five points whose middle is a bare "Weder noch", as on a satisfaction scale
        ["Sehr schwierig", "Schwierig", "Weder noch", "Einfach", "Sehr einfach"],
        # seven without a bare "schwierig" / "einfach": steps of "ziemlich" and "etwas"
        ["Sehr schwierig", "Ziemlich schwierig", "Etwas schwierig", "Weder noch"]
        + ["Etwas einfach", "Ziemlich einfach", "Sehr einfach"],
        ["Extremely difficult", "Moderately difficult", "Slightly difficult"]
        + ["Neither easy nor difficult", "Slightly easy", "Moderately easy", "Extremely easy"],
        # Qualtrics' five, "somewhat" steps between extreme ends
        ["Extremely difficult", "Somewhat difficult", "Neither easy nor difficult"]
        + ["Somewhat easy", "Extremely easy"],
    ],
)
def test_an_effort_scale_of_other_steps_is_read_on_all_its_points(mini: Path, words: list[str]):
    """Effort words other than the "eher" steps were text or lost points: seven without
    the "eher" steps, "Äußerst schwierig" .. "Äußerst einfach", and seven of "ziemlich" /
    "etwas" steps ("Moderately", "Slightly") proposed no CES (none of 35 answers counted);
    five whose middle is "Weder noch" lost the middle's answers; Qualtrics' five,
    "Extremely difficult", "Somewhat difficult" .. "Extremely easy", lost their ends (14 of
    35 answers no number). Each word is now its point, from the most difficult's 1 up."""
    question = "Wie einfach war es, Ihr Anliegen über unsere Hotline zu klären?"
    answers = [[words[(i * 3) % len(words)]] for i in range(35)]
    export = mini / "data" / "qualtrics.csv"
    _qualtrics_export(export, [("Q6", question, '{"ImportId":"QID6"}')], answers)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert '        ces: "Q6"' in output
    for point, word in enumerate(words, 1):
        assert f'      "{word}": {point}\n' in output
    _paste(mini, output)
    ces = build(mini).report.touchpoint("hotline").kpis["ces"]
    points = [1 + words.index(answer) for [answer] in answers]
    assert (ces.n, ces.value) == (35, pytest.approx(sum(points) / 35))


@pytest.mark.parametrize(
    "words, doubted",
    [
        # the ends and the middle alone: Qualtrics' five ("Somewhat") and seven ("Moderately",
        # "Slightly") share them, as the German five and seven share "Sehr"
        (["Extremely difficult", "Neither easy nor difficult", "Extremely easy"], True),
        (["Sehr schwierig", "Weder noch", "Sehr einfach"], True),
        # a step only one scale has, or every point of the five, settles it
        (["Extremely difficult", "Slightly easy", "Extremely easy"], False),
        (["Sehr schwierig", "Eher schwierig", "Weder noch", "Eher einfach", "Sehr einfach"], False),
    ],
)
def test_effort_words_two_scales_share_are_flagged_to_check(
    mini: Path, words: list[str], doubted: bool
):
    """Answers that are only words a five- and a seven-point effort scale share ("Extremely
    easy" is 5 of five, 7 of seven) were read on five points without a word: a seven-point
    question's mean came out on 1-5. The proposal says so now, for the consultant to check."""
    question = "Wie einfach war es, Ihr Anliegen über unsere Hotline zu klären?"
    answers = [[words[i % len(words)]] for i in range(30)]
    export = mini / "data" / "qualtrics.csv"
    _qualtrics_export(export, [("Q6", question, '{"ImportId":"QID6"}')], answers)
    output = _inspect(str(export))
    assert '        ces: "Q6"' in output
    best = words[-1]
    note = (
        '    # EDIT: "Q6"\'s answers are words a 5-point and a 7-point scale share, read on 5 '
        f'points ("{best}": 5); if the question had 7, give its words their points under labels:'
    )
    assert (note in output) is doubted, output


@pytest.mark.parametrize(
    "words",
    [
        ["Sehr schwierig", "Eher schwierig", "Weder noch", "Eher einfach", "Sehr einfach"],
        ["Very difficult", "Somewhat difficult", "Neither easy nor difficult"]
        + ["Somewhat easy", "Very easy"],
    ],
)
def test_a_five_point_effort_scale_of_its_eher_steps_is_read_on_five(mini: Path, words: list[str]):
    """Five effort words with the "eher" / "somewhat" steps and without the bare "schwierig"
    / "einfach" were read on the seven points (1, 3, 4, 5, 7: "Likert 1-7"), a mean
    stretched beyond the scale asked. Each word is now its point of five, 1 to 5, and on a
    project's CES scale of 1-5 the page says so; on one of 1-7, the mapping asks for 1-5."""
    question = "Wie einfach war es, Ihr Anliegen über unsere Hotline zu klären?"
    answers = [[words[(i * 3) % 5]] for i in range(35)]
    export = mini / "data" / "qualtrics.csv"
    _qualtrics_export(export, [("Q6", question, '{"ImportId":"QID6"}')], answers)
    (mini / "data" / "feedback.csv").unlink()
    # on the project's CES scale of 1-7, the mapping says the answers are on 1-5
    seven = _inspect(str(export)).split("\ndata:\n")[1]
    assert (
        '    # EDIT: "Q6" is answered on 1-5, kpis.ces_scale in touchsite.yml on 1-7: its mean '
        "would read on 1-7; where every CES question asks 1-5, set ces_scale: {min: 1, max: 5, "
        "higher_is_better: ...}\n"
    ) in seven
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8").replace("max: 7,", "max: 5,")
    yml.write_text(text.replace("    ces: 5\n", "    ces: 4\n"), encoding="utf-8")
    output = _inspect(str(export))
    assert "Likert 1-5" in output and "EDIT" not in output
    for point, word in enumerate(words, 1):
        assert f'      "{word}": {point}\n' in output
    _paste(mini, output)
    site = mini / "site"
    ces = build(mini, site).report.touchpoint("hotline").kpis["ces"]
    points = [1 + words.index(answer) for [answer] in answers]
    assert (ces.n, ces.value) == (35, pytest.approx(sum(points) / 35))
    assert "<strong>CES</strong> (1–5, " in (site / "methods.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "words",
    [
        ["trifft überhaupt nicht zu", "trifft eher nicht zu", "teils-teils", "trifft eher zu"]
        + ["trifft voll zu"],
        ["Strongly disagree", "Somewhat disagree", "Neither agree nor disagree"]
        + ["Somewhat agree", "Strongly agree"],
    ],
)
def test_a_five_point_agreement_scale_of_its_eher_steps_is_read_in_its_order(
    mini: Path, words: list[str]
):
    """A Likert item answered "trifft voll zu" .. "trifft überhaupt nicht zu" was no scale:
    its column was proposed as a comment, its answers to be published. Qualtrics' five
    agreement points ("Strongly agree", "Somewhat agree" ...) were read on seven (1, 3, 4, 5,
    7). Each is now read 1-5 in its order, the most agreement 5."""
    question = "Die Beratung war verständlich."
    answers = [[words[(i * 3) % 5]] for i in range(35)]
    export = mini / "data" / "qualtrics.csv"
    _qualtrics_export(export, [("Q7", question, '{"ImportId":"QID7"}')], answers)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert "Likert 1-5" in output
    for point, word in enumerate(words, 1):
        assert f'      "{word}": {point}\n' in output
    assert "comment_columns" not in output


def test_a_completion_flag_is_no_binary_kpi(mini: Path):
    """A German export's "Abgeschlossen" (ja/nein: whether the respondent reached the end)
    was proposed as the binary KPI, the share of finished questionnaires shown as if it
    were customers' yes. Now it is left out; a real yes/no question beside it is the KPI."""
    header = ["Teilnehmer-ID", "Datum", "Abgeschlossen", "Würden Sie wieder bei uns kaufen?"]
    rows = [
        [str(1000 + i), f"{1 + i % 28:02d}.03.2026", "ja" if i % 4 else "nein"]
        + ["ja" if i % 3 else "nein"]
        for i in range(40)
    ]
    export = mini / "data" / "umfrage.csv"
    with export.open("w", encoding="cp1252", newline="") as file:
        csv.writer(file, delimiter=";", lineterminator="\r\n").writerows([header, *rows])
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert 'binary: "Würden Sie wieder bei uns kaufen?"' in output
    assert 'binary: "Abgeschlossen"' not in output
    line = next(line for line in output.splitlines() if " Abgeschlossen " in line)
    assert "binary" not in line


def test_a_qualtrics_export_whose_embedded_data_names_the_touchpoint_is_a_long_table(mini: Path):
    """One transactional survey for every touchpoint: the same NPS, CSAT and open question,
    each response's touchpoint in embedded data ("Touchpoint"). The mapping reads each row's
    answers as its touchpoint's, keeps the export's Qualtrics defaults (ResponseId, its
    dates, its Status) and builds as pasted."""
    questions = [
        ("Q1", "How likely are you to recommend us based on this contact?", '{"ImportId":"QID1"}'),
        ("Q2", "How satisfied were you with this contact?", '{"ImportId":"QID2"}'),
        ("Q3", "What could we do better?", '{"ImportId":"QID3_TEXT"}'),
        ("Touchpoint", "Touchpoint", '{"ImportId":"Touchpoint"}'),
    ]
    csat = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
    answers = [
        [str(i % 11), csat[i % 5], f"Antwort Nummer {i} zu langen Wartezeiten", touchpoint]
        for i in range(40)
        for touchpoint in [("Hotline", "Product search")[i % 2]]
    ]
    export = _qualtrics_export(mini / "data" / "qualtrics.csv", questions, answers)
    lines = export.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    preview = lines[3].replace("IP Address", "Survey Preview")
    export.write_text("".join([*lines, preview.replace("R_0000", "R_9999")]), "utf-8-sig")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    mapping = output[output.index("\ndata:\n") :]
    assert "    format: qualtrics\n" in mapping
    assert '    touchpoint: "Touchpoint"\n' in mapping
    assert '      "Hotline": hotline\n' in mapping and '      "Product search": search\n' in mapping
    assert '      nps: "Q1"\n' in mapping and '      csat: "Q2"\n' in mapping
    assert '    comment: "Q3"\n' in mapping and "EDIT" not in mapping
    _paste(mini, output)
    result = build(mini)
    for touchpoint, name in (("hotline", "Hotline"), ("search", "Product search")):
        rows = [a for a in answers if a[3] == name]
        nps = [int(a[0]) for a in rows]
        kpis = result.report.touchpoint(touchpoint).kpis
        assert kpis["nps"].n == len(rows) == 20
        promoters, detractors = sum(s >= 9 for s in nps), sum(s <= 6 for s in nps)
        assert kpis["nps"].value == pytest.approx(100 * (promoters - detractors) / len(rows))
        top2 = sum(csat.index(a[1]) >= 3 for a in rows)
        assert kpis["csat"].value == pytest.approx(100 * top2 / len(rows))
    assert [f.not_real for f in result.report.feedback.files] == [1]  # the preview
    # a question's answers that name touchpoints are what was said, no row's touchpoint,
    # the text Qualtrics adds after a question with a text field ("- Selected Choice") aside
    questions[3] = ("Q7", "How did you contact us? - Selected Choice", '{"ImportId":"QID7"}')
    _qualtrics_export(export, questions, answers)
    assert "    touchpoint:" not in _inspect(str(export))


def test_a_touchpoint_named_in_every_response_is_proposed_without_an_empty_one(mini: Path):
    """Every response's embedded data names its touchpoint; a survey preview, a test
    response and a spreadsheet's empty row are no responses. They were counted as rows
    whose touchpoint was left empty: '"": overall  # 2 of 42 rows name none (the survey's
    link opened without it)', a mapping for rows that do not exist."""
    questions = [
        ("Q1", "How likely are you to recommend us based on this contact?", '{"ImportId":"QID1"}'),
        ("Touchpoint", "Touchpoint", '{"ImportId":"Touchpoint"}'),
    ]
    answers = [[str(i % 11), ("Hotline", "Product search")[i % 2]] for i in range(40)]
    export = _qualtrics_export(mini / "data" / "qualtrics.csv", questions, answers)
    lines = export.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    preview = lines[3].replace("IP Address", "Survey Preview").replace("R_0000", "R_9999")
    blank = "," * (lines[3].count(",")) + "\n"
    export.write_text("".join([*lines, preview, blank]), "utf-8-sig")
    mapping = _inspect(str(export))
    mapping = mapping[mapping.index("\ndata:\n") :]
    assert '    touchpoint: "Touchpoint"\n' in mapping
    assert '"":' not in mapping
    # a response whose embedded data is empty is one
    empty = lines[3].replace(",Hotline", ",").replace("R_0000", "R_8888")
    export.write_text("".join([*lines, preview, blank, empty]), "utf-8-sig")
    mapping = _inspect(str(export))
    assert '      "": overall  # 1 of 41 rows name none' in mapping


@pytest.mark.parametrize(
    "question",
    [
        "Please choose the service you used most",
        "Bitte wählen Sie den Service, den Sie zuletzt genutzt haben",
    ],
)
def test_a_qualtrics_question_worded_without_a_question_mark_names_no_rows_touchpoint(
    mini: Path, question: str
):
    """A relationship survey asks its NPS of the company and, among its questions, which
    service the customer used, worded as a request ("Bitte wählen Sie ..."), no question
    mark: its answers name touchpoints, yet each respondent's NPS is the company's, not that
    service's. A Qualtrics export says which columns are questions (their ImportId QID...):
    only another column (embedded data) names the touchpoint of each row."""
    questions = [
        ("Q1", "How likely are you to recommend us to a friend?", '{"ImportId":"QID1"}'),
        ("Q2", "How satisfied are you with us overall?", '{"ImportId":"QID2"}'),
        ("Q3", question, '{"ImportId":"QID3"}'),
    ]
    csat = ["Very dissatisfied", "Dissatisfied", "Neutral", "Satisfied", "Very satisfied"]
    answers = [
        [str(i % 11), csat[i % 5], ("Hotline", "Product search", "Other")[i % 3]] for i in range(40)
    ]
    export = _qualtrics_export(mini / "data" / "qualtrics.csv", questions, answers)
    mapping = _inspect(str(export))
    mapping = mapping[mapping.index("\ndata:\n") :]
    assert "    format: qualtrics\n" in mapping
    assert "    touchpoint:" not in mapping and "    touchpoints:\n" in mapping
    # the same answers in embedded data name each row's touchpoint
    questions[2] = ("Service", "Service", '{"ImportId":"Service"}')
    _qualtrics_export(export, questions, answers)
    assert '    touchpoint: "Service"\n' in _inspect(str(export))


def test_a_google_forms_question_asked_as_a_request_names_no_rows_touchpoint(mini: Path):
    """Google Forms (as Typeform) writes every column a question's answers, with nothing to
    tell a question from a column of its own: "Bitte wählen Sie die Filiale" answered with
    touchpoints' names made the export a long table, the company's NPS counted as each
    branch visit's. Only Qualtrics' and SurveyMonkey's exports say which columns are no
    questions; a Qualtrics legacy export's question tags (Q3) say it too."""
    rows = [
        [
            "Zeitstempel",
            "Wie wahrscheinlich ist es, dass Sie uns empfehlen?",
            "Bitte wählen Sie den Service",
        ]
    ]
    rows += [
        [
            f"2026/03/{1 + i % 28:02d} 9:14:51 AM GMT+1",
            str(i % 11),
            ("Hotline", "Produktsuche")[i % 2],
        ]
        for i in range(40)
    ]
    export = mini / "data" / "forms.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    mapping = _inspect(str(export))
    mapping = mapping[mapping.index("\ndata:\n") :]
    assert "    format: google-forms\n" in mapping
    assert "    touchpoint:" not in mapping and "    touchpoints:\n" in mapping


def test_a_legacy_qualtrics_question_names_no_rows_touchpoint(mini: Path):
    """Qualtrics' legacy exporter writes no ImportIds: its question tags (Q3) say which
    columns are questions; embedded data keeps its name in both header rows."""
    head = [("V1", "ResponseID"), ("V8", "StartDate"), ("V10", "Finished")]
    head += [("Q1", "How likely is it that you would recommend us to a friend or colleague?")]
    head += [("Q3", "Please choose the service you used most")]
    rows = [
        [f"R_{i:015d}", f"2016-03-{1 + i % 28:02d} 09:10:00", "1", str(i % 11)]
        + [("Hotline", "Product search")[i % 2]]
        for i in range(40)
    ]
    export = mini / "data" / "legacy.csv"

    def write(head):
        with export.open("w", newline="", encoding="utf-8") as handle:
            csv.writer(handle).writerows([[t for t, _ in head], [n for _, n in head], *rows])

    write(head)
    mapping = _inspect(str(export))
    mapping = mapping[mapping.index("\ndata:\n") :]
    assert "    format: qualtrics\n" in mapping and "    touchpoint:" not in mapping
    write([*head[:4], ("Service", "Service")])
    assert '    touchpoint: "Service"\n' in _inspect(str(export))


def test_a_qualtrics_select_all_questions_boxes_are_no_scores(mini: Path):
    """A question answered with several choices ("Select all that apply") has a column per
    choice in Qualtrics' numeric export, holding the choice's code where it was ticked (1, 2,
    3...). Each was proposed as a rating (2..2 a CSAT, 1 alone a yes/no), and the NPS's
    open question after them went with the last of them, to a touchpoint to be named."""
    channels = ["Instagram", "Prospekt", "Freunde"]
    questions = [
        ("Q1", "How likely are you to recommend us to a friend?", '{"ImportId":"QID1"}'),
        *(
            (
                f"Q9_{k}",
                f"Wie sind Sie auf uns aufmerksam geworden? - Selected Choice - {channel}",
                f'{{"ImportId":"QID9_{k}"}}',
            )
            for k, channel in enumerate(channels, 1)
        ),
        ("Q2", "What is the main reason for your score?", '{"ImportId":"QID2_TEXT"}'),
    ]
    answers = [
        [str(i % 11), *(str(k) if (i + k) % 3 else "" for k in (1, 2, 3))]
        + [f"Grund Nummer {i}: die Lieferung kam viel zu spät an"]
        for i in range(30)
    ]
    export = _qualtrics_export(mini / "data" / "qualtrics.csv", questions, answers)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    mapping = output[output.index("\ndata:\n") :]
    assert '"Q9_' not in mapping and "binary" not in mapping
    assert '      overall:\n        nps: "Q1"' in mapping
    assert '        comment: "Q2"' in mapping
    _paste(mini, output)
    report = build(mini).report
    assert report.relationship.n == 30


def test_a_side_by_side_questions_importance_is_no_satisfaction(mini: Path):
    """A side-by-side question rates each aspect twice, "Zufriedenheit" and "Wichtigkeit"
    (Q10#1_1, Q10#2_1): how important the hotline is was proposed as a CSAT. It is named in
    a note and not mapped. A satisfaction matrix numbered 1-6 (Qualtrics codes its "N/A"
    choice 6 after 1-5) is not mapped either, and its note says how to map it without 6."""
    question = "Bitte bewerten Sie die folgenden Bereiche."
    questions = [
        (f"Q10#{k}_1", f"{question} - {what} - Hotline", f'{{"ImportId":"QID10#{k}_1"}}')
        for k, what in ((1, "Zufriedenheit"), (2, "Wichtigkeit"))
    ]
    matrix = "Wie zufrieden waren Sie mit den folgenden Bereichen? - Product search"
    questions.append(("Q5_1", matrix, '{"ImportId":"QID5_1"}'))
    answers = [[str(1 + i % 5), str(1 + (i * 3) % 5), str(1 + i % 6)] for i in range(30)]
    export = _qualtrics_export(mini / "data" / "qualtrics.csv", questions, answers)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    mapping = output[output.index("\ndata:\n") :]
    assert '      hotline:\n        csat: "Q10#1_1"' in mapping
    assert '"Q10#2_1"' not in mapping.replace(
        '# "Q10#2_1" is not mapped: it asks how important', ""
    )
    assert 'map it as csat: {column: "Q5_1", not_used: ["6"]}' in mapping
    _paste(mini, output)
    assert build(mini).report.touchpoint("hotline").kpis["csat"].n == 30


@pytest.mark.parametrize(
    "question, rated",
    [
        ("Bitte bewerten Sie die folgenden Bereiche. - Infos zu wichtigen Terminen", True),
        ("How would you rate the handling of your most important request?", True),
        ("Wie wichtig ist Ihnen eine schnelle Lieferung?", False),
        ("Bitte bewerten Sie die folgenden Bereiche. - Wichtigkeit - Lieferung", False),
        ("How important is a fast delivery to you?", False),
        ("Importance - Delivery", False),
    ],
)
def test_a_rating_that_mentions_something_important_is_still_a_rating(
    mini: Path, question: str, rated: bool
):
    """How important something is is no KPI, but a rating of "Infos zu wichtigen Terminen"
    or of "your most important request" asks how well it went: it was left unmapped as an
    importance, its answers lost."""
    export = _qualtrics_export(
        mini / "data" / "qualtrics.csv",
        [("Q4", question, '{"ImportId":"QID4"}')],
        [[str(1 + i % 5)] for i in range(30)],
    )
    output = _inspect(str(export))
    mapping = output[output.index("\ndata:\n") :]
    assert ('csat: "Q4"' in mapping) == rated
    assert ('"Q4" is not mapped: it asks how important' in mapping) != rated


def test_qualtrics_nps_group_is_no_score(tmp_path: Path):
    """Qualtrics adds Q1_NPS_GROUP beside an NPS question: the group (1 detractor, 2 passive,
    3 promoter), a figure made of the answer, not one to count again."""
    export = tmp_path / "nps.csv"
    export.write_text(
        "ResponseId,RecordedDate,Q1,Q1_NPS_GROUP\n"
        + "".join(
            f"R_{i},2026-03-0{1 + i % 9},{s},{1 if s < 7 else 2 if s < 9 else 3}\n"
            for i, s in enumerate([10, 9, 3, 7, 8, 0, 10])
        )
    )
    output = _inspect(str(export))
    assert "Q1_NPS_GROUP" in output and '"Q1_NPS_GROUP"' not in output.split("\ndata:\n")[1]


def test_qualtrics_previews_tests_and_spam_are_not_described(tmp_path: Path):
    """A build leaves out the responses Qualtrics marks as a preview, a test or spam: the
    makers' test answers (a 0 here, a 1 there) would widen the ranges inspect shows."""
    rows = list(csv.reader((EXPORTS / "qualtrics.csv").read_text("utf-8-sig").splitlines()))
    header = rows[0]
    for status, score in (("Survey Preview", "0"), ("Spam", "1")):
        row = list(rows[3])
        row[header.index("Status")], row[header.index("Q1")] = status, score
        row[header.index("ResponseId")] = f"R_{status.split()[-1]}"
        rows.append(row)
    export = tmp_path / "qualtrics.csv"
    with export.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    before = _inspect(str(EXPORTS / "qualtrics.csv"))
    output = _inspect(str(export))
    assert "rows:    6; 2 not described, marked as a preview, a test, spam, screened out" in output
    q1 = next(line for line in output.splitlines() if line.startswith("   18  Q1 "))
    assert q1 == next(line for line in before.splitlines() if line.startswith("   18  Q1 "))
    assert "number   3..10" in q1


QUALTRICS_CHECKS = {  # Qualtrics' fraud detection and response quality: name, a value by row
    "Q_RecaptchaScore": lambda i: f"{i % 10 / 10:.1f}",
    "Q_RelevantIDDuplicate": lambda i: "true" if i % 7 == 0 else "",
    "Q_RelevantIDDuplicateScore": lambda i: str(i % 3 * 50),
    "Q_RelevantIDFraudScore": lambda i: str(i % 4 * 10),
    "Q_BallotBoxStuffing": lambda i: "true" if i % 11 == 0 else "",
    "Q_TotalDuration": lambda i: str(60 + i * 7),  # seconds: more distinct than inspect keeps
    "Q_StraightliningCount": lambda i: str(i % 5),
}


def test_qualtrics_fraud_and_quality_checks_are_no_answers(tmp_path: Path):
    """Qualtrics exports its fraud detection and response quality beside the answers where
    they are on. Before, a duration in seconds with more than 200 distinct values ended the
    inspection with a KeyError, and the duplicate flag ("true" or empty) was proposed as the
    overall binary KPI, pushing the NPS question out of the proposal, and the count of
    straight-lined questions (0-4) as a CES."""
    with (EXPORTS / "qualtrics.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header, answers = rows[:3], rows[3:]
    at = header[0].index("UserLanguage") + 1
    for row in header[:2]:
        row[at:at] = list(QUALTRICS_CHECKS)
    header[2][at:at] = [json.dumps({"ImportId": name}) for name in QUALTRICS_CHECKS]
    grown = []
    for i in range(300):  # the fixture's answers again, each response its own
        row = list(answers[i % len(answers)])
        row[header[0].index("ResponseId")] = f"R_{i:04d}x"
        row[at:at] = [value(i) for value in QUALTRICS_CHECKS.values()]
        grown.append(row)
    export = tmp_path / "qualtrics.csv"
    with export.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(header + grown)

    def proposed(output: str) -> list[str]:  # the mapping but its path and the checks' note
        lines = output.split("\ndata:\n")[1].splitlines()[1:]
        return [line for line in lines if "Qualtrics' fraud checks flag" not in line]

    mapping = proposed(_inspect(str(export)))
    assert not any(f'"{name}"' in line for line in mapping for name in QUALTRICS_CHECKS)
    assert mapping == proposed(_inspect(str(EXPORTS / "qualtrics.csv")))


def test_alchemers_disqualified_and_deleted_responses_are_not_described():
    """Alchemer's Status marks the respondents screened out and the responses deleted: a
    build leaves them out, and so does the inspection (the deleted one's 0 would make the
    NPS column's range 0..10)."""
    output = _inspect(str(EXPORTS / "alchemer.csv"))
    assert "rows:    6; 2 not described, marked as a preview, a test, spam, screened out" in output
    nps = next(line for line in output.splitlines() if "How likely are you" in line)
    assert "number   3..10" in nps
    assert '    respondent: "Response ID"\n' in output
    assert '    date: "Date Submitted"\n' in output


def test_a_postgres_tables_disqualified_and_deleted_responses_are_not_described(tmp_path, postgres):
    """An Alchemer export loaded into PostgreSQL: a build leaves out the responses its Status
    marks, whichever engine reads them, and so does the inspection."""
    import pyarrow.csv as pa_csv

    table = f"{postgres_schema(tmp_path)}.alchemer"
    postgres_table(table, pa_csv.read_csv(EXPORTS / "alchemer.csv"))
    output = _inspect(f"postgres:{table}")
    assert "rows:    6; 2 not described, marked as a preview, a test, spam, screened out" in output
    nps = next(line for line in output.splitlines() if "How likely are you" in line)
    assert "number   3..10" in nps


def test_unix_times_are_found_as_the_date_and_their_utc_days_built(mini: Path):
    """An API's export dates each response in seconds since 1970 (Delighted's created_at):
    proposed as the date column with date_format: unix, not as no date (a fixed day), and
    read to its day in UTC (the last answer, 23:30 UTC on 31 March, is of March)."""
    shutil.copy(EXPORTS / "delighted-api.csv", mini / "data" / "nps.csv")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(mini / "data" / "nps.csv"))
    assert "2026-03-02 .. 2026-03-31  (read as Unix time, the day in UTC)" in output
    assert '    date: "created_at"\n    date_format: "unix"\n' in output
    _paste(mini, output)
    result = build(mini, strict=True)
    feedback = result.report.feedback
    assert (feedback.first_date, feedback.last_date) == (dt.date(2026, 3, 2), dt.date(2026, 3, 31))
    assert feedback.rows == 8


def _google_forms_uk(path: Path, hours: int) -> None:
    """A Google Forms export of a British account, answered hourly from 1 March 09:00: as
    Google writes it, every field quoted, the day before the month."""
    start = dt.datetime(2026, 3, 1, 9)
    rows = ['"Timestamp","How likely are you to recommend us to a friend or colleague?"']
    for hour in range(hours):
        rows.append(f'"{start + dt.timedelta(hours=hour):%d/%m/%Y %H:%M:%S}","{hour % 11}"')
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def test_the_date_format_is_found_from_every_date_read_not_the_first_hundreds(tmp_path: Path):
    """650 hourly answers from 01/03/2026: the 200 dates described first read as well month
    first, and the mapping pinned %m/%d, from 2026-01-03 to 2026-09-03."""
    _google_forms_uk(tmp_path / "export.csv", 650)
    output = _inspect(str(tmp_path / "export.csv"), "--project", str(tmp_path))
    assert "2026-03-01 .. 2026-03-28  (read as %d/%m/%Y %H:%M:%S)\n" in output
    assert '    date_format: "%d/%m/%Y %H:%M:%S"\n' in output


def test_dates_that_read_either_way_round_are_marked_to_edit(tmp_path: Path):
    _google_forms_uk(tmp_path / "export.csv", 100)
    output = _inspect(str(tmp_path / "export.csv"), "--project", str(tmp_path))
    assert "(read as %m/%d/%Y %H:%M:%S; or %d/%m/%Y %H:%M:%S: no day after the 12th)" in output
    assert (
        '    date_format: "%m/%d/%Y %H:%M:%S"  # EDIT: no day after the 12th says which comes '
        'first, day or month: the other order is "%d/%m/%Y %H:%M:%S"\n'
    ) in output


def test_dates_of_the_sample_that_read_the_same_either_way_leave_the_order_to_the_build(
    mini: Path, monkeypatch
):
    """A Google Forms export (British: the day first) whose first answers all came on 3
    March ("03/03/2026 09:00:00", the same day month first), then from the 14th on: the
    sample of the first rows read the same either way, and the mapping pinned the month
    first with no EDIT note, so every later answer (day after the 12th) was left out as
    undated. Now it leaves the order to the build, which reads all of the file's dates."""
    from touchsite.load.inspect import profiles

    monkeypatch.setattr(profiles, "SAMPLE_ROWS", 20)
    small_chunks(monkeypatch, 25, block_bytes=256)
    moments = [dt.datetime(2026, 3, 3, 0, 10) + dt.timedelta(minutes=50 * n) for n in range(24)]
    moments += [dt.datetime(2026, 3, 14, 9) + dt.timedelta(hours=5 * n) for n in range(76)]
    question = "How likely are you to recommend us to a friend or colleague?"
    path = mini / "data" / "export.csv"
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, quoting=csv.QUOTE_ALL)
        writer.writerow(["Timestamp", question])
        writer.writerows([f"{m:%d/%m/%Y %H:%M:%S}", n % 11] for n, m in enumerate(moments))
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(path))
    assert "date_format:" not in output.replace("# no date_format:", "")
    assert '"%m/%d/%Y %H:%M:%S" or "%d/%m/%Y %H:%M:%S"' in output
    assert "(read as %m/%d/%Y %H:%M:%S; or %d/%m/%Y %H:%M:%S: each day its month's" in output
    _paste(mini, output)
    feedback = check(mini).feedback
    assert (feedback.rows, feedback.first_date, feedback.last_date) == (
        100,
        dt.date(2026, 3, 3),
        moments[-1].date(),
    )


@pytest.mark.parametrize(
    ("name", "own", "others", "days"),
    [
        (
            "trustpilot.csv",
            "Review Created (UTC)",
            ["Company Reply Date (UTC)"],
            (dt.date(2026, 2, 27), dt.date(2026, 3, 9)),
        ),
        (
            "google-play.csv",
            "Review Submit Date and Time",
            ["Review Last Update Date and Time", "Developer Reply Date and Time"],
            (dt.date(2026, 3, 2), dt.date(2026, 3, 9)),
        ),
    ],
)
def test_a_review_export_is_dated_by_its_reviews_not_their_replies(
    mini: Path, name: str, own: str, others: list[str], days: tuple
):
    """Review sites write the review's date first and the reply's (and the last edit's)
    after it: the last date column was proposed, and a review without a reply had no date."""
    shutil.copy(EXPORTS / name, mini / "data" / name)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(mini / "data" / name))
    assert f'    date: "{own}"\n' in output
    assert not any(f'date: "{other}"' in output for other in others)
    _paste(mini, output)
    feedback = check(mini).feedback
    assert feedback.quality == ()
    assert (feedback.first_date, feedback.last_date) == days


def test_a_german_limesurvey_export_is_dated_when_it_was_sent_off(tmp_path: Path):
    """LimeSurvey's German CSV: the date sent off comes before the start's and the last
    activity's (a respondent may come back to a saved answer days later)."""
    question = "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"
    rows = [
        '"Antwort ID","Datum Abgeschickt","Letzte Seite","Start-Sprache","Zufallsstartwert",'
        f'"Datum gestartet","Datum letzte Aktivität","{question}"',
        '"1","2026-03-02 14:03:11","2","de","1544631826","2026-03-02 13:58:40",'
        '"2026-03-02 14:03:11","9"',
        '"2","2026-03-05 10:00:00","2","de","892734561","2026-03-01 09:12:05",'
        '"2026-03-07 10:00:00","6"',
    ]
    (tmp_path / "results-survey123456.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    output = _inspect(str(tmp_path / "results-survey123456.csv"), "--project", str(tmp_path))
    assert '    date: "Datum Abgeschickt"\n' in output


def test_a_typeforms_partial_responses_are_dated_by_their_start(mini: Path):
    """Typeform with partial responses: a respondent who answered the first questions and
    left has no Submit Date (UTC), only a Start Date (UTC). The proposal dated the file by
    the submit date alone, and every partial response was left out as having no date, its
    NPS and CSAT answers lost, with a hint that did not say why."""
    shutil.copy(EXPORTS / "typeform-partial.csv", mini / "data" / "typeform.csv")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(mini / "data" / "typeform.csv"))
    assert (
        '    date: ["Submit Date (UTC)", "Start Date (UTC)"]  # 1 of 4 rows with answers have '
        'no "Submit Date (UTC)" (a response never submitted: answered in part, then left): '
        'dated by their "Start Date (UTC)", not left out\n'
        '    date_format: "%Y-%m-%d %H:%M:%S"\n'
    ) in output
    _paste(mini, output)
    report = build(mini).report
    assert report.feedback.quality == ()
    assert report.relationship.n == 4  # the partial response's 6 among them
    assert report.touchpoint("search").kpis["csat"].n == 4
    assert report.touchpoint("hotline").kpis["csat"].n == 3  # it left before the hotline


@pytest.mark.parametrize("newer", [False, True])
@pytest.mark.parametrize("field", ["touchpoint", "kontaktpunkt"])
def test_a_typeform_hidden_field_naming_the_touchpoint_makes_one_row_per_answer(
    mini: Path, field: str, newer: bool
):
    """A Typeform survey sent after every touchpoint, its link passing where the customer
    was asked as a hidden field (?touchpoint=hotline): Typeform writes it after the answers,
    before its own columns, under the field's name. The proposal mapped the questions as the
    company's alone, the CSAT left to an EDIT (none of 90 counted); now the hidden field
    names each row's touchpoint, and each touchpoint's NPS and CSAT are its rows'. A
    question answered with touchpoints' titles ("Which of our services did you use most")
    is what the customer said, not where: it named the rows' touchpoint before the field."""
    nps = "How likely are you to recommend us to a friend or colleague?"
    csat = "How satisfied were you with us today?"
    used = "Which of our services did you use most"
    own = ["Start Date (UTC)", "Submit Date (UTC)", "Network ID"]
    if newer:  # its newer exports: a long token, Response Type, a Stage Date, Tags
        own = ["Response Type", own[0], "Stage Date (UTC)", own[1], own[2], "Tags"]
    rows = []
    for i in range(90):
        day = f"2026-03-{1 + i % 28:02d}"
        dates = {"Start Date (UTC)": f"{day} 08:14:51", "Submit Date (UTC)": f"{day} 08:17:03"}
        dates |= {"Network ID": f"{i:010x}", "Response Type": "completed"}
        answers = [str((i * 7) % 11), str(1 + (i * 3) % 5), ("hotline", "search")[i % 3 == 0]]
        rows.append([f"{i:032x}", *answers, *(dates.get(name, "") for name in own)])
        rows[-1].insert(3, ("Hotline", "Product search")[i % 2])
    export = mini / "data" / "typeform.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["#", nps, csat, used, field, *own], *rows])
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert f'    touchpoint: "{field}"\n' in output
    _paste(mini, output)
    report = build(mini).report
    for touchpoint in ("hotline", "search"):
        mine = [row for row in rows if row[4] == touchpoint]
        scores = [int(row[1]) for row in mine]
        share = (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)
        kpis = report.touchpoint(touchpoint).kpis
        assert (kpis["nps"].n, kpis["nps"].value) == (len(mine), pytest.approx(100 * share))
        satisfied = sum(int(row[2]) >= 4 for row in mine) / len(mine)
        assert (kpis["csat"].n, kpis["csat"].value) == (len(mine), pytest.approx(100 * satisfied))


def test_typeforms_hidden_fields_of_numbers_leave_the_touchpoint_field_proposed(mini: Path):
    """Beside the hidden field naming the touchpoint, a Typeform export holds others of
    numbers (a store_id 1-5) and the form's own variable (a quiz's score 0-10), after the
    answers. They were read as a second CSAT and a second NPS: a file of two answers to one
    KPI is no long table, and the proposal left the touchpoint field out, mapped the
    answers to the company as a whole and left the CSAT, the store_id and the score to an
    EDIT. Now a hidden field is never a score: the touchpoint field names each row's
    touchpoint, and each touchpoint's NPS and CSAT are its rows'."""
    export, records = _export_alone(mini, "typeform-hidden-fields.csv", "typeform.csv")
    output = _inspect(str(export))
    assert '    touchpoint: "touchpoint"\n' in output
    assert '"store_id"' not in output.split("\ndata:\n")[1]
    assert '"score"' not in output.split("\ndata:\n")[1]
    _paste(mini, output)
    report = build(mini).report
    nps = "How likely are you to recommend us to a friend or colleague?"
    csat = "How satisfied were you with us today?"
    for touchpoint in ("hotline", "search"):
        mine = [r for r in records if r["touchpoint"] == touchpoint]
        kpis = report.touchpoint(touchpoint).kpis
        n, value = _nps([int(r[nps]) for r in mine])
        assert (kpis["nps"].n, round(kpis["nps"].value, 2)) == (n, value)
        top = round(100 * sum(int(r[csat]) >= 4 for r in mine) / len(mine), 2)
        assert (kpis["csat"].n, round(kpis["csat"].value, 2)) == (len(mine), top)


def test_a_small_typeform_exports_touchpoint_field_is_proposed(mini: Path):
    """A pilot's first responses, one per touchpoint: the hidden field's values repeat no
    more than a question's answers, but each is a touchpoint's id, as the link wrote it."""
    export = mini / "data" / "typeform.csv"
    with (EXPORTS / "typeform-hidden-fields.csv").open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    header, at = rows[0], rows[0].index("touchpoint")
    first = {row[at]: row for row in reversed(rows[1:])}  # each touchpoint's first response
    dropped = {header.index("store_id"), header.index("score")}
    kept = [[c for i, c in enumerate(row) if i not in dropped] for row in [header, *first.values()]]
    with export.open("w", newline="", encoding="utf-8") as file:
        csv.writer(file).writerows(kept)
    (mini / "data" / "feedback.csv").unlink()
    assert '    touchpoint: "touchpoint"\n' in _inspect(str(export))


def test_a_typeform_question_titled_with_one_lower_case_word_is_no_hidden_field(mini: Path):
    """A Typeform question titled with one lower-case word ("kommentar"), the last before
    the tool's own columns, has a hidden field's name. Its answers that named the hotline
    ("Zu langsam, die Hotline 2") made it the column naming each row's touchpoint: the
    proposal asked for a touchpoint for each of its 18 different answers and mapped no
    comment. Its answers, one or two responses each, are no link's few repeated values: it
    is proposed as the hotline's comment now, and the figures are the file's."""
    nps = "How likely are you to recommend us to a friend or colleague?"
    csat = "How satisfied were you with our hotline?"
    own = ["Response Type", "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)"]
    own += ["Network ID", "Tags"]
    said = ["Gut {}", "", "Zu langsam, die Hotline {}", "Sehr nett {}", ""]
    rows = []
    for i in range(30):
        day = f"2026-03-{1 + i % 28:02d}"
        answers = [str((i * 3) % 11), str(1 + i % 5), said[i % 5].format(i)]
        times = ["completed", f"{day} 08:14:51", "", f"{day} 08:17:03", f"{i:010x}", ""]
        rows.append([f"{i:032x}", *answers, *times])
    export = mini / "data" / "typeform.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["#", nps, csat, "kommentar", *own], *rows])
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert "touchpoint: " not in output and "EDIT" not in output
    assert f'      hotline:\n        csat: "{csat}"\n        comment: "kommentar"\n' in output
    _paste(mini, output)
    report = build(mini).report
    assert (report.relationship.n, round(report.relationship.value, 2)) == _nps(
        [int(row[1]) for row in rows]
    )
    hotline = report.touchpoint("hotline")
    top = round(100 * sum(int(row[2]) >= 4 for row in rows) / len(rows), 2)
    assert (hotline.kpis["csat"].n, round(hotline.kpis["csat"].value, 2)) == (len(rows), top)
    assert {c.text for c in hotline.comments} == {row[3] for row in rows if row[3]}


@pytest.mark.parametrize("title", ["bewertung", "rating", "csat"])
def test_a_typeform_rating_titled_in_lower_case_is_no_hidden_field(mini: Path, title: str):
    """A Typeform question of ratings titled with one lower-case word ("bewertung"), the last
    before the tool's own columns, has a hidden field's name: it was taken for a value the
    link passed, no score, shown as text and left out of the mapping without a word. A
    name that names a rating or a KPI is a question's: its 1-5 answers are proposed as a
    CSAT, and build as one. (The form's own variable, "score", stays out: see
    test_typeforms_hidden_fields_of_numbers_leave_the_touchpoint_field_proposed.)"""
    nps = "How likely are you to recommend us to a friend or colleague?"
    own = ["Response Type", "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)"]
    own += ["Network ID", "Tags"]
    rows = []
    for i in range(30):
        day = f"2026-03-{1 + i % 28:02d}"
        times = ["completed", f"{day} 08:14:51", "", f"{day} 08:17:03", f"{i:010x}", ""]
        rows.append([f"{i:032x}", str((i * 3) % 11), str(1 + (i * 7) % 5), *times])
    export = mini / "data" / "typeform.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["#", nps, title, *own], *rows])
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    proposed = f'      # ???: {{csat: "{title}"}}  # EDIT: which touchpoint?\n'
    assert proposed in output
    _paste(mini, output.replace(proposed, f'      hotline:\n        csat: "{title}"\n'))
    csat = build(mini).report.touchpoint("hotline").kpis["csat"]
    top = 100 * sum(int(row[2]) >= 4 for row in rows) / len(rows)
    assert (csat.n, csat.value) == (30, pytest.approx(top))


@pytest.mark.parametrize("field", ["store_points", "nps_score"])
def test_a_typeform_field_of_joined_words_ending_as_a_rating_is_no_score(mini: Path, field: str):
    """A Typeform hidden field or variable of numbers whose name ends as a rating's does
    ("store_points": a store's tier, 1-5, passed with the link; "nps_score": the NPS of an
    earlier survey), after the answers: its name named a rating, so its 1-5 was proposed as
    the respondent's CSAT (an EDIT away from a second satisfaction figure), its 0-10 as a
    second NPS. Words joined by an underscore are a field's name: no score is proposed,
    and the form's own NPS and CSAT are as before."""
    nps = "How likely are you to recommend us to a friend or colleague?"
    csat = "How satisfied were you with our hotline?"
    own = ["Response Type", "Start Date (UTC)", "Stage Date (UTC)", "Submit Date (UTC)"]
    rows = []
    for i in range(30):
        day = f"2026-03-{1 + i % 28:02d}"
        times = ["completed", f"{day} 08:14:51", "", f"{day} 08:17:03"]
        given = str(1 + i % 5) if field == "store_points" else str((i * 7) % 11)
        rows.append([f"{i:032x}", str((i * 3) % 11), str(1 + (i * 2) % 5), given, *times])
    export = mini / "data" / "typeform.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([["#", nps, csat, field, *own], *rows])
    (mini / "data" / "feedback.csv").unlink()
    mapping = _inspect(str(export)).split("\ndata:\n")[1]
    assert f'"{field}"' not in mapping
    assert f'nps: "{nps}"' in mapping and f'csat: "{csat}"' in mapping


def test_a_submit_date_mapped_alone_names_the_start_date_that_dates_its_partial_responses(
    mini: Path,
):
    shutil.copy(EXPORTS / "typeform-partial.csv", mini / "data" / "typeform.csv")
    (mini / "data" / "feedback.csv").unlink()
    _paste(mini, _inspect(str(mini / "data" / "typeform.csv")))
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(
        re.sub(r"    date: \[.*\n", '    date: "Submit Date (UTC)"\n', text), encoding="utf-8"
    )
    [finding] = check(mini).feedback.quality
    assert (finding.kind, finding.column, finding.rows) == ("no-date", "Submit Date (UTC)", 1)
    assert finding.hint == (
        "a row without a date is left out; a survey tool leaves the submit date of a partial "
        "response empty (answered in part, never submitted): to keep its answers, date it by "
        "its 'Start Date (UTC)' in the data entry: date: [\"Submit Date (UTC)\", "
        '"Start Date (UTC)"]'
    )


def test_a_limesurvey_export_with_incomplete_responses_dates_them_by_their_start(mini: Path):
    """LimeSurvey exports an incomplete response (its last page short of the end) with no
    date sent off: it is dated by when it started, not left out."""
    question = "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"
    hotline = "Wie zufrieden waren Sie mit unserer Hotline?"
    rows = [
        '"Antwort ID","Datum Abgeschickt","Letzte Seite","Start-Sprache","Zufallsstartwert",'
        f'"Datum gestartet","Datum letzte Aktivität","{question}","{hotline}"',
        '"1","2026-03-02 14:03:11","2","de","1544631826","2026-03-02 13:58:40",'
        '"2026-03-02 14:03:11","9","5"',
        '"2","","1","de","892734561","2026-03-04 09:12:05","2026-03-04 09:13:30","6",""',
        '"3","2026-03-05 10:00:00","2","de","730118245","2026-03-05 09:51:17",'
        '"2026-03-05 10:00:00","10","4"',
    ]
    (mini / "data" / "feedback.csv").unlink()
    (mini / "data" / "results-survey123456.csv").write_text("\n".join(rows) + "\n", "utf-8")
    output = _inspect(str(mini / "data" / "results-survey123456.csv"))
    assert '    date: ["Datum Abgeschickt", "Datum gestartet"]  # 1 of 3 rows' in output
    _paste(mini, output)
    feedback = check(mini).feedback
    assert feedback.quality == ()
    assert (feedback.first_date, feedback.last_date) == (dt.date(2026, 3, 2), dt.date(2026, 3, 5))


@settings(max_examples=12, deadline=None)
@given(submitted=st.lists(st.booleans(), min_size=3, max_size=12), typeform=st.booleans())
def test_a_proposal_pasted_keeps_every_response_submitted_or_not(
    submitted: list[bool], typeform: bool
):
    """Whichever responses were never submitted, the proposal's dates keep all of them:
    Typeform's, and any form tool's with a start date beside the date sent."""
    names = (
        ("#", "Start Date (UTC)", "Submit Date (UTC)")
        if typeform
        else ("ID", "Started", "Submitted")
    )
    question = "How likely are you to recommend us to a friend or colleague?"
    lines = [",".join([names[0], question, names[1], names[2]])]
    for number, sent in enumerate(submitted, start=1):
        started = f"2026-03-{number:02d} 10:00:00"
        lines.append(
            f"r{number:03d},{number * 4 % 11},{started},{started[:-2] + '42' if sent else ''}"
        )
    with _bare_mini() as mini:
        (mini / "data" / "export.csv").write_text("\n".join(lines) + "\n", "utf-8")
        output = _inspect(str(mini / "data" / "export.csv"))
        _paste(mini, output)
        feedback = check(mini).feedback
    assert feedback.quality == ()
    assert feedback.rows == len(submitted)


def _tally(mini: Path, again: str = "") -> str:
    """Tally's export in the project, with `again`: one more submission (a row) of it."""
    text = (EXPORTS / "tally.csv").read_text(encoding="utf-8") + again
    (mini / "data" / "tally.csv").write_text(text, encoding="utf-8")
    (mini / "data" / "feedback.csv").unlink()
    return _inspect(str(mini / "data" / "tally.csv"))


def test_a_tally_export_counts_each_person_once_and_says_how_to_count_each_submission(
    mini: Path,
):
    """Tally's Respondent ID is the same on a person's (a browser's) every submission, its
    Submission ID one per submission. The person is proposed as the respondent, as the unit
    of pooled figures: a touchpoint rated again in a later submission is left out as
    repeated. Neither the proposal nor the repeated answer's hint said so, nor named the
    Submission ID that counts each submission."""
    # the first respondent comes back a fortnight later and rates the search again
    output = _tally(mini, "Kd2PqR,8kLmPa,2026-03-16 09:30:11,7,3,,,new\n")
    assert (
        '    respondent: "Respondent ID"  # the same on each submission of a person (a '
        "browser): a touchpoint rated again in a later submission is left out as repeated "
        "(here 1 sent more than one, 2 in all); to count each submission, write respondent: "
        '"Submission ID"\n'
    ) in output
    _paste(mini, output)
    report = build(mini).report
    assert report.relationship.n == 4
    [repeated] = report.feedback.quality
    assert (repeated.kind, repeated.column, repeated.rows) == ("repeated", "Respondent ID", 1)
    assert (
        "'Respondent ID' is the same on each submission of a person (a browser), "
        "'Submission ID' one per submission: to count each submission (a survey after every "
        'order), map respondent: "Submission ID" in the data entry'
    ) in repeated.hint
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(
        re.sub(r'respondent: "Respondent ID".*', 'respondent: "Submission ID"', text), "utf-8"
    )
    report = build(mini).report
    assert report.feedback.quality == ()
    assert report.relationship.n == 5 and report.touchpoint("search").kpis["csat"].n == 5


def test_a_tally_export_of_many_submissions_names_its_respondent_as_a_short_one_does(
    mini: Path,
):
    """An id column was found only among 200 distinct values or fewer: a Tally export of
    more submissions was proposed without its respondent (each row its own), one of four
    with it."""
    rows = [
        f"S{number:05d},R{number % 260:05d},2026-03-{1 + number % 28:02d} 10:00:00,"
        f"{number % 11},{1 + number % 5},,,new\n"
        for number in range(300)
    ]
    output = _tally(mini, "".join(rows))
    assert "  1  Submission ID" in output and "id       200+ distinct" in output
    assert '    respondent: "Respondent ID"  # the same on each submission' in output
    assert "(here 40 sent more than one, 80 in all)" in output


def test_a_microsoft_forms_workbook_is_dated_when_it_was_completed(mini: Path):
    """Microsoft Forms' workbook: ID, Start time, Completion time, Email, Name, Last modified
    time, then the questions. "Completion time" was no date column by its name: the start's
    was proposed, a day early for a form left open overnight."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    question = "How likely are you to recommend us to a friend or colleague?"
    sheet.append(["ID", "Start time", "Completion time", "Email", "Name", "Last modified time"])
    sheet.cell(1, 7, question)
    started = dt.datetime(2026, 3, 1, 23, 50, 12)
    for number, score in enumerate([9, 6, 10, 3, 8], start=1):
        start = started + dt.timedelta(days=number)
        sheet.append([number, start, start + dt.timedelta(minutes=14), "anonymous", None, None])
        sheet.cell(number + 1, 7, score)
    book.save(mini / "data" / "forms.xlsx")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(mini / "data" / "forms.xlsx"))
    assert '    date: "Completion time"\n' in output
    _paste(mini, output)
    feedback = check(mini).feedback
    assert (feedback.first_date, feedback.last_date) == (dt.date(2026, 3, 3), dt.date(2026, 3, 7))


def test_who_answered_is_neither_shown_nor_proposed_as_a_comment(tmp_path: Path):
    """A form tool's export (Jotform, Microsoft Forms, Delighted) names who answered: the
    inspection printed their names and IP addresses as examples, and proposed the addresses,
    long and unique texts of several words, as customers' comments to publish."""
    rows = [["Submission Date", "Full Name", "Address", "IP Address", "Net Promoter Score"]]
    rows[0].append("Why did you give this score?")
    streets = ["Lindenallee", "Am Markt", "Bahnhofstraße", "Kirchweg", "Rosenstraße", "Ufer"]
    for number, street in enumerate(streets, start=1):
        rows.append(
            [
                f"2026-03-0{number} 10:1{number}:00",
                f"Mira Quandtberg{number}",
                f"{street} {number}, 5067{number} Köln-Porz",
                f"203.0.113.{number * 7}",
                str(number + 3),
                f"The delivery came {number} days late and nobody called before",
            ]
        )
    export = tmp_path / "jotform.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    output = _inspect(str(export), "--project", str(tmp_path))
    for personal in ("Quandtberg", "203.0.113", "Köln-Porz", "Lindenallee"):
        assert personal not in output
    assert output.count("(examples not shown: personal data)") == 3
    assert 'comment: "Why did you give this score?"' in output
    assert 'comment: "Address"' not in output and '"Address"]' not in output


def test_a_compulsory_comment_field_s_placeholders_hide_neither_it_nor_its_comments(
    tmp_path: Path,
):
    """A compulsory free-text field: most answers are "-", "k.A.", "nein". The inspection
    took the few answers repeated so often for codes, printed "-, k.A., keine Angabe" as its
    examples and proposed no comment column."""
    rows = [["Datum", "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"]]
    rows[0].append("Was können wir besser machen?")
    placeholders = ["-", "k.A.", "nein", "keine Angabe", "-", "-", "nichts", "/", "."]
    for number in range(60):
        text = placeholders[number % len(placeholders)]
        if number % 3 == 0:
            text = f"Die Lieferung kam {number} Tage zu spät und niemand rief an"
        rows.append([f"{number % 28 + 1:02d}.02.2026", str(number % 11), text])
    export = tmp_path / "umfrage.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    output = _inspect(str(export), "--project", str(tmp_path))
    [line] = [line for line in output.splitlines() if "Was können wir" in line and "e.g." in line]
    assert " comment " in line and "e.g. Die Lieferung kam" in line
    assert "k.A." not in line and ", -" not in line
    assert 'comment: "Was können wir besser machen?"' in output


@pytest.mark.parametrize("export", ["qualtrics.csv", "qualtrics-legacy.csv"])
def test_who_answered_a_qualtrics_survey_is_not_shown(tmp_path: Path, export: str):
    """Qualtrics names its columns by export tags written together (RecipientFirstName,
    IPAddress, EmailAddress), the question texts under them: the respondents' names, IP
    addresses and locations were printed as examples."""
    rows = list(csv.reader((EXPORTS / export).read_text(encoding="utf-8-sig").splitlines()))
    tags, names = rows[0], rows[1]
    personal = {
        "RecipientLastName": "Quandtberg",
        "RecipientFirstName": "Miralda",
        "Name": "Miralda Quandtberg",
        "EmailAddress": "miralda@example.org",
        "IPAddress": "203.0.113.",
        "LocationLatitude": "50.9375",
        "LocationLongitude": "6.9603",
    }
    first = 3 if export == "qualtrics.csv" else 2
    for row in rows[first:]:
        for column, (tag, name) in enumerate(zip(tags, names, strict=False)):
            value = personal.get(tag) or personal.get(name)
            if value and column < len(row):
                row[column] = value + (str(column) if value.endswith(".") else "")
    path = tmp_path / export
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    output = _inspect(str(path), "--project", str(REPO / "tests/fixtures/mini"))
    for value in ("Quandtberg", "Miralda", "miralda", "203.0.113.", "50.9375", "6.9603"):
        assert value not in output


def test_survey_tools_codes_for_no_answer_are_proposed_as_not_used(tmp_path: Path):
    """EFS/Unipark writes -77 (not seen) and -66, SoSci -9, LimeSurvey "Keine Antwort" and
    "-oth-" (its "other" answer): the columns holding them are scores still, their codes
    listed under not_used:."""
    export = tmp_path / "efs.csv"
    rows = ["lfdn;datum;Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?;Kasse"]
    rows += [
        f"{n};0{1 + n % 9}.03.2026;{(-77, -66, -9, n % 11)[n % 4]};"
        + ("Keine Antwort" if n % 5 == 0 else "-oth-" if n % 7 == 0 else "Zufrieden")
        for n in range(1, 41)
    ]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    output = _inspect(str(export))
    assert 'not_used: ["-66", "-77", "-9", "-oth-", "Keine Antwort"]' in output
    assert 'nps: "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"' in output


def test_a_sosci_survey_export_builds_with_its_codes_for_no_answer(mini: Path):
    """SoSci Survey numbers every answer from 1 (its 11-point NPS 1-11) and writes no answer
    as negative codes: -9 not answered, -1 "weiß nicht". The -1s made its scales no scores
    (not mapped, and not named), and its own columns were proposed as KPIs: MAXPAGE as a
    CSAT, Q_VIEWER as a yes/no KPI to declare."""
    shutil.copy(EXPORTS / "sosci.csv", mini / "data" / "sosci.csv")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(mini / "data" / "sosci.csv"))
    assert '    respondent: "CASE"\n' in output
    assert 'nps: {column: "NP01", scale: 1-11}' in output
    assert '        csat: "ZU01_01"  # Zufriedenheit: Hotline\n' in output
    assert 'not_used: ["-1", "-9"]' in output
    for own in ("MAXPAGE", "Q_VIEWER", "LASTPAGE", "MISSING", "DEG_TIME", "FINISHED"):
        assert f'"{own}"' not in output
    assert "EDIT" not in output
    _paste(mini, output + "analysis: {min_n_shown: 1}\n")
    report = build(mini).report
    assert report.feedback.quality == ()
    # NP01 read one lower: 9, 10, 6, 0, 8, 10, 7 (the -9 no answer)
    assert (report.relationship.n, round(report.relationship.value, 2)) == (7, 14.29)
    hotline = report.touchpoint("hotline").kpis["csat"]
    assert (hotline.n, round(hotline.value, 2)) == (6, 66.67)  # 5, 4, 3, 2, 5, 4
    search = report.touchpoint("search").kpis["csat"]
    assert (search.n, search.value) == (5, 60.0)  # 4, 2, 5, 1, 5


def _nps(points: list[int]) -> tuple[int, float]:
    """An NPS counted from its 0-10 answers: n and the share of 9-10 less that of 0-6."""
    promoters = sum(point >= 9 for point in points)
    detractors = sum(point <= 6 for point in points)
    return len(points), round(100 * (promoters - detractors) / len(points), 2)


def _sosci_sav(mini: Path, codes: list[int], labels: dict[int, str], hotline=False) -> Path:
    """SoSci Survey's SPSS file in `mini`'s data folder (its CSV gone): the NPS NP01 coded
    `codes` with value labels `labels` (-9 its "none"), and a five-point CSAT of the hotline
    beside it if asked."""
    import pandas as pd
    import pyreadstat

    cases = range(1, len(codes) + 1)
    columns = {
        "CASE": ([float(case) for case in cases], "Interview-Nummer (fortlaufend)"),
        "QUESTNNR": (["base"] * len(codes), "Fragebogen, der im Interview verwendet wurde"),
        "NP01": (
            [float(code) for code in codes],
            "Weiterempfehlung: Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?",
        ),
    }
    value_labels = {"NP01": labels}
    if hotline:
        columns["ZU01_01"] = (
            [float(1 + (case - 1) % 5) for case in cases],
            "Zufriedenheit: Hotline",
        )
        value_labels["ZU01_01"] = {
            1: "sehr unzufrieden",
            5: "sehr zufrieden",
            -9: "nicht beantwortet",
        }
    columns["LASTDATA"] = (
        [f"2026-03-{day:02d} 10:00:00" for day in cases],
        "Zeitpunkt als der Datensatz das letzte mal geändert wurde",
    )
    path = mini / "data" / "data_umfrage.sav"
    pyreadstat.write_sav(
        pd.DataFrame({name: values for name, (values, _label) in columns.items()}),
        str(path),
        column_labels=[label for _values, label in columns.values()],
        variable_value_labels=value_labels,
        missing_ranges={name: [-9] for name in value_labels if -9 in value_labels[name]},
    )
    (mini / "data" / "feedback.csv").unlink()
    return path


def test_a_sosci_survey_spss_file_with_labels_at_its_nps_ends_builds_as_pasted(mini: Path):
    """SoSci Survey's SPSS file codes its 11-point NPS 1-11 with value labels at the two ends
    only, so the file's reader hands out 2-10 as numbers and 1 and 11 as their words. Before,
    the scale was judged from the numbers alone (2-10): no scale: 1-11 was proposed, the
    labels went to the entry as 1 and 11, and the pasted mapping read 2-10 as 2-10 and left
    every 11 out as off the scale (the NPS showed 4.79 for a true -12.36). Now the column is
    mapped with scale: 1-11 and its labels, one lower: the points they name."""
    codes = [11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 11, 10, -9, 1, 9, 7, 11, 8]  # -9: none
    path = _sosci_sav(
        mini,
        codes,
        {
            1: "überhaupt nicht wahrscheinlich",
            11: "äußerst wahrscheinlich",
            -9: "nicht beantwortet",
        },
        hotline=True,
    )
    output = _inspect(str(path))
    assert (
        'nps: {column: "NP01", scale: 1-11, labels: {"äußerst wahrscheinlich": 10, '
        '"überhaupt nicht wahrscheinlich": 0}}'
    ) in output
    assert "wahrscheinlich" not in output.split("    labels:\n")[1]  # not the entry's
    _paste(mini, output + "analysis: {min_n_shown: 1}\n")
    report = build(mini).report
    assert report.feedback.quality == ()
    n, value = _nps([code - 1 for code in codes if code >= 1])
    assert (report.relationship.n, round(report.relationship.value, 2)) == (n, value)


def test_an_spss_nps_coded_1_11_whose_end_labels_start_with_their_points_builds_as_pasted(
    mini: Path,
):
    """An NPS coded 1-11 whose ends' labels write the points they name ("0 - überhaupt nicht
    wahrscheinlich" coded 1, "10 - äußerst wahrscheinlich" coded 11, as a researcher labels
    SoSci Survey's anchors): the labels were read by the numbers they start with, 0 and 10,
    and the unlabelled codes 2..10 as they stand, each a point high; no scale was proposed,
    and an 8 counted as a promoter's 9, a 6 as a passive's 7."""
    codes = [11, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 10, 9, 7, 8, 1, 11]
    path = _sosci_sav(
        mini, codes, {1: "0 - überhaupt nicht wahrscheinlich", 11: "10 - äußerst wahrscheinlich"}
    )
    output = _inspect(str(path))
    assert (
        'nps: {column: "NP01", scale: 1-11, labels: {"10 - äußerst wahrscheinlich": 10, '
        '"0 - überhaupt nicht wahrscheinlich": 0}}'
    ) in output
    _paste(mini, output + "analysis: {min_n_shown: 1}\n")
    report = build(mini).report
    assert report.feedback.quality == ()
    # the points 10, 0, 1 .. 9, 10, 9, 8, 6, 7, 0, 10: 5 promoters, 9 detractors of 18
    n, value = _nps([code - 1 for code in codes])
    assert (n, value) == (18, round(100 * (5 - 9) / 18, 2))
    assert (report.relationship.n, round(report.relationship.value, 2)) == (n, value)


def test_an_spss_file_with_labels_at_its_nps_ends_0_and_10_builds_as_pasted(mini: Path):
    """Qualtrics' and SurveyMonkey's SPSS files code an NPS 0-10, labelled at its ends. Before,
    the label coded 0 ("Not at all likely") was dropped from the proposed labels: its answers
    were read as no number and left out of the NPS."""
    import pandas as pd
    import pyreadstat

    points = [0, 10, 9, 0, 6, 7, 8, 10, 0, 3, 5, 9, 1, 2, 4, 10]
    frame = pd.DataFrame(
        {
            "ResponseId": [f"R_{n:04d}" for n in range(len(points))],
            "RecordedDate": pd.to_datetime([f"2026-03-{n + 1:02d}" for n in range(len(points))]),
            "Q1": [float(point) for point in points],
        }
    )
    path = mini / "data" / "export.sav"
    pyreadstat.write_sav(
        frame,
        str(path),
        column_labels=["Response ID", "Recorded Date", "How likely are you to recommend us?"],
        variable_value_labels={"Q1": {0: "Not at all likely", 10: "Extremely likely"}},
    )
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(path))
    assert '      "Not at all likely": 0\n' in output
    assert "scale:" not in output
    _paste(mini, output + "analysis: {min_n_shown: 1}\n")
    report = build(mini).report
    assert report.feedback.quality == ()
    assert (report.relationship.n, round(report.relationship.value, 2)) == _nps(points)


def test_an_efs_export_builds_with_its_codes_for_no_answer(mini: Path):
    """EFS Survey (Unipark) numbers a question's answers from 1 and writes 0 for one seen
    and not answered, -77 for one not seen. Its NPS, 0-11 so, was not mapped nor named (read
    as 0-10, the no answers were detractors), and its own columns were proposed as yes/no
    KPIs (external_lfdn under overall, tester)."""
    export = mini / "data" / "export.csv"
    # (v_1 coded 1-11, v_2 a 1-5 CSAT); dispcode 22: ended early, its answers kept
    answers = [(10, 5), (11, 4), (7, 0), (0, 3), (1, 2), (9, -77), (11, 5)]
    answers += [(code, 4) for code in (2, 3, 4, 5, 6, 8)]  # every point of the scale
    _efs_export(
        export,
        ["v_1", "v_2"],
        [(0, 22 if csat == -77 else 31, (nps, csat)) for nps, csat in answers],
    )
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert '        nps: {column: "v_1", scale: 1-11}' in output
    assert 'not_used: ["-77", "0"]' in output
    assert "external_lfdn" not in output.split("Mapping")[1]
    assert '"tester"' not in output and "binary" not in output.split("Mapping")[1]
    mapped = output.replace(
        '# ???: {csat: "v_2"}  # EDIT: which touchpoint?', 'hotline: {csat: "v_2"}'
    )
    _paste(mini, mapped + "analysis: {min_n_shown: 1}\n")
    report = build(mini).report
    assert report.feedback.quality == ()
    # 9, 10, 6, 0, 8, 10 and 1, 2, 3, 4, 5, 7 (the 0 no answer): 3 promoters, 7 detractors
    assert (report.relationship.n, round(report.relationship.value, 2)) == (12, -33.33)
    hotline = report.touchpoint("hotline").kpis["csat"]
    assert (hotline.n, round(hotline.value, 2)) == (11, 81.82)  # 5, 4, 3, 2, 5, six 4s


def _efs_export(path: Path, questions: list[str], rows: list[tuple]) -> None:
    """An EFS Survey CSV: its own columns, then `questions`; each row (tester, dispcode, its
    answers), numbered by lfdn, dated a day apart in March 2026 (lastpage 2 where it ended
    early, dispcode 22)."""
    lines = [";".join(["lfdn", "external_lfdn", "tester", "dispcode", "lastpage", "quality"])]
    lines[0] += ";" + ";".join(["duration", *questions, "datetime"])
    for lfdn, (tester, dispcode, answers) in enumerate(rows, start=1):
        own = f"{lfdn};0;{tester};{dispcode};{2 if dispcode == 22 else 3};;{200 + lfdn}"
        lines.append(";".join([own, *map(str, answers), f"2026-03-{lfdn:02d} 10:00:00"]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_efs_export_with_its_variable_labels_row_builds_its_figures(mini: Path):
    """EFS Survey's export may carry its variables' labels in a second row, the questions'
    texts under v_1, v_2. That row was read as the first respondent's answers: every column
    became text, the NPS and CSAT were not proposed, the scores (and the questions) were
    proposed as comments, and the build showed no figure at all. The row is a header row
    now: the questions' texts match the touchpoints, and the figures are the file's."""
    export = mini / "data" / "efs.csv"
    names = ["lfdn", "external_lfdn", "tester", "dispcode", "v_1", "v_2", "v_3", "datetime"]
    labels = ["lfdn", "external_lfdn", "tester", "dispcode"]
    labels += ["Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"]
    labels += ["Wie zufrieden waren Sie mit der Hotline?", "Was können wir besser machen?"]
    labels += ["datetime"]
    lines = [";".join(names), ";".join(labels)]
    for lfdn in range(1, 41):
        nps, csat = (lfdn * 7) % 11 + 1, [5, 4, 0, 2, -77, 1, 3][lfdn % 7]
        text = f"Lieferung kam pünktlich, Nummer {lfdn}" if lfdn % 3 else "-99"
        lines.append(f"{lfdn};0;0;31;{nps};{csat};{text};2026-03-{lfdn % 28 + 1:02d} 09:00:00")
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (mini / "data" / "feedback.csv").unlink()
    with export.open(encoding="utf-8", newline="") as file:
        records = list(csv.DictReader(file, delimiter=";"))[1:]
    nps = [int(r["v_1"]) - 1 for r in records]  # EFS numbers the 0-10 points from 1
    expected_nps = (sum(s >= 9 for s in nps) - sum(s <= 6 for s in nps)) / len(nps) * 100
    csat = [int(r["v_2"]) for r in records if int(r["v_2"]) >= 1]  # 0, -77: no answer
    output = _inspect(str(export))
    assert "    header_rows: 2\n" in output, output
    assert '        nps: {column: "v_1", scale: 1-11}' in output
    assert '      hotline:\n        csat: "v_2"' in output
    _paste(mini, output)
    report = build(mini).report
    assert (report.relationship.n, report.relationship.value) == (40, pytest.approx(expected_nps))
    hotline = report.touchpoint("hotline").kpis["csat"]
    assert (hotline.n, hotline.value) == (
        len(csat),
        pytest.approx(sum(s >= 4 for s in csat) / len(csat) * 100),
    )


def test_an_efs_exports_tester_responses_are_left_out_and_counted(mini: Path):
    """EFS Survey marks a response given with a tester account (a test run of the survey's
    makers) with tester = 1, as Qualtrics marks a preview in its Status. Before, they were
    counted as customers': in the NPS, the CSAT and the quotes. Now they are left out before
    anything is counted, and the build and the data-quality page count them per file."""
    export = mini / "data" / "export.csv"
    # (tester, v_1 coded 1-11, v_2 a 1-5 CSAT, v_3 the comment); 0 and -77 no answer
    answers = [(0, 11, 5, "Schnelle Hilfe"), (1, 1, 1, "Testlauf"), (0, 7, 4, "-99")]
    answers += [(0, 10, 0, "Gut"), (1, 11, 5, "Test 2"), (0, 3, 2, "Zu langsam")]
    answers += [(0, 0, -77, "-77"), (1, 2, 1, "Test 3"), (0, 9, 3, "Geht so")]
    _efs_export(export, ["v_1", "v_2", "v_3"], [(a[0], 31, a[1:]) for a in answers])
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert "3 not described, marked as a preview, a test" in output
    mapped = (
        "\ndata:\n  - path: data/export.csv\n    respondent: lfdn\n    date: datetime\n"
        "    touchpoints:\n      overall: {nps: {column: v_1, scale: 1-11}}\n"
        '      hotline: {csat: v_2, comment: v_3}\n    not_used: ["-77", "-99", "0"]\n'
        "privacy: {comments: true, comment_columns: [v_3]}\n"
    )
    _paste(mini, mapped + "analysis: {min_n_shown: 1}\n")
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    assert "3 responses left out that the survey tool marks as a preview" in result.output
    page = (mini / "site" / "data-quality.html").read_text(encoding="utf-8")
    assert "<code>data/export.csv</code>: responses the survey tool marks as" in page
    report = build(mini).report
    assert [f.not_real for f in report.feedback.files] == [3]
    customers = [answer for answer in answers if answer[0] == 0]
    n, value = _nps([nps - 1 for _, nps, _, _ in customers if nps >= 1])
    assert (report.relationship.n, round(report.relationship.value, 2)) == (n, value)
    scores = [csat for _, _, csat, _ in customers if csat >= 1]
    hotline = report.touchpoint("hotline").kpis["csat"]
    top = round(100 * sum(csat >= 4 for csat in scores) / len(scores), 2)
    assert (hotline.n, round(hotline.value, 2)) == (len(scores), top)
    pages = "".join(path.read_text(encoding="utf-8") for path in (mini / "site").rglob("*.html"))
    assert "Schnelle Hilfe" in pages and "Testlauf" not in pages and "Test 2" not in pages


def test_an_efs_exports_screened_out_and_quota_full_responses_are_left_out(mini: Path):
    """EFS Survey's dispcode says how a participation ended: 31 and 32 completed, 22
    suspended, 35 and 36 screened out by the survey's filter, 37 and 38 turned away by a full
    quota. The screened out and the turned away were counted as customers' responses: in the
    NPS, the CSAT and their n (24 for 12 here). Now the mapping pasted unchanged leaves them
    out, and inspect and the build count them."""
    export = mini / "data" / "export.csv"
    dispcodes = [31, 35, 32, 37, 22, 36, 31, 38, 31, 35, 32, 37] * 2
    rows = [
        (0, code, [(7 * lfdn) % 11 + 1, 1 + lfdn % 5, f"Antwort {lfdn}"])
        for lfdn, code in enumerate(dispcodes, start=1)
    ]
    _efs_export(export, ["v_1", "v_2", "v_3"], rows)
    (mini / "data" / "feedback.csv").unlink()
    with export.open(encoding="utf-8", newline="") as file:
        records = list(csv.DictReader(file, delimiter=";"))
    kept = [r for r in records if r["dispcode"] not in ("35", "36", "37", "38")]
    assert (len(records), len(kept)) == (24, 12)
    output = _inspect(str(export))
    assert "12 not described, marked as a preview, a test, spam, screened out" in output
    assert '        nps: {column: "v_1", scale: 1-11}' in output
    _paste(mini, output.replace("# ???: {csat:", "hotline: {csat:"))
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    assert "12 responses left out that the survey tool marks as" in result.output
    report = build(mini).report
    assert [f.not_real for f in report.feedback.files] == [12]
    n, value = _nps([int(r["v_1"]) - 1 for r in kept])  # EFS numbers the 0-10 points from 1
    assert (report.relationship.n, round(report.relationship.value, 2)) == (n, value)
    scores = [int(r["v_2"]) for r in kept]
    hotline = report.touchpoint("hotline").kpis["csat"]
    top = round(100 * sum(csat >= 4 for csat in scores) / len(scores), 2)
    assert (hotline.n, round(hotline.value, 2)) == (len(scores), top)


def test_a_surveysparrow_export_is_dated_by_its_submitted_time(mini: Path):
    """SurveySparrow writes a response's times as "01 Mar 2026, 01:41 PM". No format read
    them: inspect showed both time columns as numbers 1..28, proposed the day of the
    inspection as every response's date, and the build put all 15 responses in that month.
    Now the submitted time dates each response, and the figures are the file's; the
    contact's name, e-mail and IP address are neither shown nor proposed."""
    export, records = _export_alone(mini, "surveysparrow.csv")
    output = _inspect(str(export))
    assert '    date: "Submitted Time"\n    date_format: "%d %b %Y, %I:%M %p"\n' in output
    for record in records:
        for column in ("Contact Name", "Contact Email", "IP Address"):
            assert record[column] not in output
    mapping = output[output.index("\ndata:\n") :]
    assert "Contact" not in mapping and "IP Address" not in mapping
    _paste(mini, output)
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    report = build(mini).report
    nps = [
        int(r["How likely are you to recommend Beispiel GmbH to a friend or colleague?"])
        for r in records
    ]
    assert (report.relationship.n, round(report.relationship.value, 2)) == _nps(nps)
    months = {r["Submitted Time"].split(",")[0][3:] for r in records}
    assert months == {"Mar 2026"}
    assert set(check(mini).feedback.counts["period"]) == {"2026-03"}
    scores = [int(r["How satisfied were you with our hotline?"]) for r in records]
    hotline = report.touchpoint("hotline").kpis["csat"]
    top = round(100 * sum(s >= 4 for s in scores) / len(scores), 2)
    assert (hotline.n, round(hotline.value, 2)) == (len(scores), top)


def test_limesurveys_own_columns_are_no_scores(tmp_path: Path):
    """LimeSurvey's German headings: "Antwort ID" is the respondent, "Letzte Seite" and
    "Zufallsstartwert" (the last page seen, a random seed) are numbers but no answers."""
    export = tmp_path / "lime.csv"
    rows = ["Antwort ID,Datum Abgeschickt,Letzte Seite,Zufallsstartwert,Start-Sprache,Kasse"]
    rows += [
        f"{n},2026-03-{1 + n % 28:02d} 10:00:00,{1 + n % 3},{9_000_000 + 7919 * n},de,"
        + ("Sehr zufrieden" if n % 2 else "Zufrieden")
        for n in range(1, 41)
    ]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    output = _inspect(str(export))
    assert 'respondent: "Antwort ID"' in output
    assert 'Letzte Seite"}' not in output and 'Zufallsstartwert"}' not in output
    assert 'csat: "Kasse"' in output  # the one score


def test_a_column_of_numbers_with_a_stray_answer_is_named_not_dropped(tmp_path: Path):
    export = tmp_path / "stray.csv"
    rows = ["id;datum;Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"]
    rows += [f"{n};0{1 + n % 9}.03.2026;{'x' if n == 7 else n % 11}" for n in range(40)]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    output = _inspect(str(export))
    assert (
        '# "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?" is not mapped: its '
        'numbers come with "x"; if that means no answer, list it under not_used:' in output
    )


def _csv(tmp_path: Path, name: str, rows: list[str]) -> Path:
    export = tmp_path / name
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return export


def test_labels_of_a_column_numbered_against_its_words_are_its_own(mini: Path):
    """A scale labelled at its ends ("1 = sehr zufrieden", 2, 3, 4, "5 = sehr unzufrieden")
    beside a plain 1-5 column: "2": 4 belongs to the first column alone; at the entry it
    would read the other column's 2s as 4s."""
    ends = {1: "1 = sehr zufrieden", 5: "5 = sehr unzufrieden"}
    questions = (
        "Wie zufrieden waren Sie mit der Kasse?;Wie zufrieden waren Sie mit unserer Hotline?"
    )
    rows = [f"id;datum;{questions}"]
    kasse = [1, 2, 2, 3, 4, 5, 1, 2] * 5
    hotline = [5, 4, 2, 2, 3, 1, 4, 5] * 5
    rows += [
        f"{n};0{1 + n % 9}.03.2026;{ends.get(k, k)};{h}"
        for n, (k, h) in enumerate(zip(kasse, hotline, strict=True))
    ]
    export = _csv(mini / "data", "ends.csv", rows)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert '"2": 4' in output and "\n    labels:" not in output  # none at the entry
    _paste(mini, output.replace("      # ???: {csat:", "      search: {csat:"))
    report = build(mini).report
    top2 = {  # as answered: the first column by its words, the second by its numbers
        "search": sum(6 - k >= 4 for k in kasse) / len(kasse),
        "hotline": sum(h >= 4 for h in hotline) / len(hotline),
    }
    for touchpoint, share in top2.items():
        assert report.touchpoint(touchpoint).kpis["csat"].value == pytest.approx(100 * share)


def test_a_scale_numbered_against_its_words_on_more_points_is_not_mapped(tmp_path: Path):
    """School grades (1 = sehr gut ... 6 = ungenügend) on a 5-point CSAT: no labels give
    them, so the column is named, not mapped to be read the wrong way round."""
    grades = {1: "sehr gut", 2: "gut", 3: "befriedigend", 4: "ausreichend", 5: "mangelhaft"}
    grades[6] = "ungenügend"
    rows = ["id;datum;Wie bewerten Sie die Beratung?"]
    rows += [f"{n};0{1 + n % 9}.03.2026;{g} = {grades[g]}" for n, g in enumerate([1, 2, 6] * 10)]
    output = _inspect(str(_csv(tmp_path, "noten.csv", rows)))
    assert "numbers its answers against their words" in output and "is not mapped" in output
    assert "csat:" not in output


def test_an_nps_asked_in_words_alone_is_inspected(tmp_path: Path):
    """Agreement words alone, in a column whose question says "recommend": no numbers to
    read a coding from (inspect failed with min() of an empty list)."""
    words = ["Strongly agree", "Agree", "Disagree", "Strongly disagree"]
    rows = ["id,date,I would recommend this shop to a friend"]
    rows += [f"{n},2026-03-{1 + n:02d},{words[n % 4]}" for n in range(20)]
    assert "I would recommend" in _inspect(str(_csv(tmp_path, "agree.csv", rows)))


def test_a_count_from_1_to_11_is_no_nps(tmp_path: Path):
    rows = ["id,date,Anzahl Kontakte"]
    rows += [f"{n},2026-03-{1 + n:02d},{(1, 2, 3, 11)[n % 4]}" for n in range(20)]
    assert "scale: 1-11" not in _inspect(str(_csv(tmp_path, "kontakte.csv", rows)))


def test_the_examples_printed_are_redacted(mini: Path, tmp_path: Path):
    # a comment column's and another text column's values hold personal data: the examples
    # printed of them are redacted in the project's language, as the site's comments are (a
    # column named "contact" shows none: test_who_answered_in_snake_case_or_as_the_contact)
    export = tmp_path / "contacts.csv"
    rows = [
        {
            "touchpoint": "hotline",
            "comment": f"017{n} 765432{n} ruf an",
            "reference": f"max{n}@firma.de",
        }
        for n in range(3)
    ]
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    output = _inspect(str(export), "--project", str(mini))
    assert "765432" not in output and "@firma.de" not in output, output
    assert "[phone removed] ruf an" in output and "[email removed]" in output
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("language: en\n", "language: de\n"), encoding="utf-8")
    output = _inspect(str(export), "--project", str(mini))
    assert "[E-Mail entfernt]" in output and "@firma.de" not in output, output


def test_a_sheets_dates_kept_as_day_numbers_are_read_as_days(mini: Path):
    """Dates typed into a sheet whose column has no date format are day numbers (46085 is
    2026-03-04): inspect names them, and the mapping reads them as those days."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Antwort-ID", "Datum", "Wie zufrieden waren Sie mit unserer Hotline?"])
    for n, (day, score) in enumerate([(46085, 5), (46086.4, 4), (46115, 2), (46116, 5)]):
        sheet.append([f"R{n}", day, score])
    book.save(mini / "data" / "tage.xlsx")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(mini / "data" / "tage.xlsx"))
    assert "2026-03-04 .. 2026-04-04  (read as a spreadsheet's day numbers)" in output
    assert 'date_format: "excel"' in output
    _paste(mini, output)
    counts = check(mini).feedback.counts
    assert sorted(set(counts["period"])) == ["2026-03", "2026-04"]
    assert int(counts["n"].sum()) == 4


def test_an_open_question_goes_with_the_score_it_follows(mini: Path):
    """A survey asks "What could we do better?" after each rating: the comment is about what
    the rating rated. Before, the first comment went to the overall NPS whatever it followed,
    a second one to no touchpoint, and a rating no touchpoint's words name was proposed
    without its question ("# ???: {csat: "Q2"}")."""
    tags = ["StartDate", "RecordedDate", "ResponseId", "Q1", "Q2", "Q3", "Q4", "Q5", "Q6"]
    questions = [
        "Start Date",
        "Recorded Date",
        "Response ID",
        "How likely are you to recommend Beispiel GmbH to a friend or colleague?",
        "How satisfied were you with the delivery of your order?",
        "What could we do better at the delivery?",
        "How satisfied were you with our hotline?",
        "What could we do better?",
        "Is there anything else you would like to tell us?",
    ]
    ids = ['{"ImportId":"startDate"}', '{"ImportId":"recordedDate"}', '{"ImportId":"_recordId"}']
    ids += [f'{{"ImportId":"QID{n}"}}' for n in range(1, 7)]
    rows = [
        ["2026-03-02 10:00:00", "2026-03-02 10:04:10", "R_2aBc3dEf", "9", "2", "Came late", "4"]
        + ["Hold music", "Thanks"],
        ["2026-03-03 11:00:00", "2026-03-03 11:02:00", "R_7gHi8jKl", "3", "5", "", "1"]
        + ["Rude agent", ""],
    ]
    export = mini / "data" / "qualtrics.csv"
    with export.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, quoting=csv.QUOTE_ALL)
        writer.writerows([tags, questions, ids, *rows])
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    mapping = output[output.index("\ndata:\n") :]
    assert '      overall:\n        nps: "Q1"' in mapping
    assert '        comment: "Q6"' in mapping.split("      hotline:")[0]  # the overall's
    assert '      hotline:\n        csat: "Q4"' in mapping
    assert '        comment: "Q5"' in mapping.split("      hotline:")[1]
    unmatched = '      # ???: {csat: "Q2", comment: "Q3"}  # EDIT: which touchpoint? How satisfied'
    assert unmatched in mapping
    assert 'then add "Q3" to comment_columns\n' in mapping
    assert 'comment_columns: ["Q5", "Q6"]' in mapping  # a column not mapped would be an error
    as_proposed = mini.parent / "as-proposed"
    shutil.copytree(mini, as_proposed)
    _paste(as_proposed, output)
    assert build(as_proposed).report.feedback.counts["touchpoint"].nunique() == 2
    # the consultant names the touchpoint, and publishes its comments
    named = output.replace("# ???: {", "search: {").replace('["Q5", "Q6"]', '["Q3", "Q5", "Q6"]')
    _paste(mini, named)
    report = build(mini).report
    search = next(r for r in report.touchpoints if r.touchpoint.id == "search")
    assert search.kpis["csat"].n == 2
    assert [c.text for c in search.comments] == ["Came late"]
    hotline = next(r for r in report.touchpoints if r.touchpoint.id == "hotline")
    assert sorted(c.text for c in hotline.comments) == ["Hold music", "Rude agent"]


def test_google_reviews_propose_the_stars_and_text_never_the_reviewer_nor_the_reply(
    tmp_path: Path,
):
    """Google's reviews (JSON: starRating a word, reviewer.*, reviewReply.*). Without its
    layout, the reviewer's name and photo were shown as examples, reviewer.isAnonymous was
    proposed as the binary KPI (and took overall from the stars), createTime was no date,
    the owner's replies were proposed as the comments and the stars left to an EDIT."""
    export = tmp_path / "reviews.json"
    shutil.copy(EXPORTS / "google-reviews.json", export)
    output = _inspect(str(export))
    assert "Google reviews export, JSON (the records under 'reviews')" in output
    reviews = json.loads(export.read_text(encoding="utf-8"))["reviews"]
    assert not any(r["reviewer"]["displayName"] in output for r in reviews)
    assert "googleusercontent" not in output
    described = {line.split()[1]: line.split()[2] for line in output.splitlines()[5:16]}
    assert described["reviewer.isAnonymous"] == "text"  # no answer of the reviewer's
    assert described["createTime"] == "date" and described["starRating"] == "labels"
    snippet = output[output.index("\ndata:\n") + 1 :]
    assert "reviewer" not in snippet and "binary" not in snippet and "EDIT" not in snippet
    assert '      overall:\n        csat: "starRating"  # ' in snippet
    assert '        comment: "comment"\n' in snippet
    assert (
        '    # "reviewReply.comment" is not mapped: its name says it holds the company' in snippet
    )
    assert '      "FIVE": 5\n' in snippet and '      "ONE": 1\n' in snippet
    assert "respondent:" not in snippet and "date:" not in snippet  # the layout's own
    # a reply opens with the customer's name: its examples were shown
    replies = [r["reviewReply"]["comment"] for r in reviews if "reviewReply" in r]
    assert replies and not any(reply[:20] in output for reply in replies)
    assert "(examples not shown: the company's replies)" in output


def test_a_google_rating_left_unspecified_is_no_answer(tmp_path: Path):
    """The Business Profile API's enum default, STAR_RATING_UNSPECIFIED, is no point of the
    scale: proposed under not_used, not a reason to leave the stars unmapped as text."""
    export = tmp_path / "reviews.json"
    review = {"reviewId": "a", "starRating": "FIVE", "createTime": "2026-03-01T10:00:00Z"}
    reviews = [
        dict(review, reviewId=str(i), starRating=s)
        for i, s in enumerate(["FIVE", "FOUR", "STAR_RATING_UNSPECIFIED", "TWO"])
    ]
    export.write_text(json.dumps({"reviews": reviews}), encoding="utf-8")
    output = _inspect(str(export))
    assert 'csat: "starRating"' in output
    assert 'not_used: ["STAR_RATING_UNSPECIFIED"]' in output


def test_touchsites_reduced_data_is_named_for_what_it_is(mini: Path):
    """`data inspect` on the file `data reduce` wrote: it said "is JSON, not a CSV ..." and,
    once JSON was read, took its list of data files for the survey's answers and proposed
    a mapping of them. There is nothing to map: it says so, and how the file is used."""
    reduced = mini / "data" / "reduced.touchsite.json"
    result = CliRunner().invoke(cli, ["data", "reduce", str(mini), "-o", str(reduced)])
    assert result.exit_code == 0, result.output
    result = CliRunner().invoke(cli, ["data", "inspect", str(reduced)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "is touchsite's reduced data" in result.output, result.output
    assert "name it under data: in touchsite.yml (- path: data/reduced.touchsite.json)" in (
        result.output
    ), result.output


@pytest.mark.parametrize("kind", ["xlsx", "sav", "parquet"])
def test_inspect_reads_a_large_file_no_further_than_its_sample(tmp_path: Path, monkeypatch, kind):
    """A 100,000-row workbook was read to its end before its first 20,000 rows were
    profiled: 10 s where the sample takes 2 s."""
    import pandas as pd
    import pyreadstat

    from touchsite.load.inspect import profiles

    monkeypatch.setattr(profiles, "SAMPLE_ROWS", 10)
    frame = pd.DataFrame(
        {"id": [float(n) for n in range(1, 101)], "nps": [float(n % 11) for n in range(100)]}
    )
    path = tmp_path / f"export.{kind}"
    if kind == "xlsx":
        book = openpyxl.Workbook()
        for row in [list(frame.columns), *frame.itertuples(index=False)]:
            book.active.append(list(row))
        book.save(path)
    elif kind == "sav":
        pyreadstat.write_sav(frame, str(path))
    else:
        frame.to_parquet(path, row_group_size=100)
    handed_out = []  # the records in each chunk a reader handed out

    def counted(shape, progress=None):
        reader = open_reader(shape, progress)
        chunks = reader.chunks

        def counting(needed):
            for chunk in chunks(needed):
                handed_out.append(chunk.length)
                yield chunk

        reader.chunks = counting
        return reader

    open_reader = profiles.open_reader
    monkeypatch.setattr(profiles, "open_reader", counted)
    inspection = profiles.inspect_file(path)
    assert (inspection.rows, inspection.complete) == (10, False)
    assert handed_out == [10]


def test_who_answered_never_names_the_touchpoints_of_a_long_table(mini: Path):
    """A German export's e-mail column: addresses at t-online.de or googlemail.com share
    words with touchpoints titled "Online-Konfigurator" or "Google-Bewertungen". Before, the
    column was taken for one naming the touchpoints: the file was proposed as a long table,
    and every customer's address was printed in the mapping as a touchpoint's value. Now who
    answered names no touchpoint: the file is a wide export, and no address is printed."""
    (mini / "content" / "touchpoints" / "online-konfigurator.md").write_text(
        "---\ntitle: Online-Konfigurator\nphase: before\nchannel: web\n---\n", encoding="utf-8"
    )
    domains = ["t-online.de", "googlemail.com", "gmx.de", "t-online.de", "web.de"]
    rows = [["E-Mail", "Datum", "Wie wahrscheinlich würden Sie uns weiterempfehlen?"]]
    for number in range(1, 26):
        domain = domains[number % len(domains)]
        rows.append([f"kundin{number}@{domain}", f"2026-03-{number:02d}", str(number % 11)])
    export = mini / "data" / "umfrage.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    output = _inspect(str(export))
    assert "@" not in output and "kundin" not in output
    assert "format: long" not in output


@pytest.mark.parametrize(("name", "header_rows"), [("qualtrics.csv", 3), ("surveymonkey.csv", 2)])
def test_a_column_added_to_the_export_shows_no_examples(tmp_path: Path, name, header_rows):
    """A column the client's people added to a tool's export (nothing under its name in the
    further header rows: "Follow-up", their notes on each response) names customers and
    colleagues, as notes named so do, and names are not redacted. Before, its texts were
    printed as examples; now, as a reply's and a notes column's, they are not."""
    notes = ["Rückruf erledigt, Frau Wagner zufrieden", "eskaliert an T. Becker", ""]
    notes += ["Gutschrift veranlasst, Herr Yilmaz"]
    text = (EXPORTS / name).read_bytes().decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text, newline="")))
    table[0].append("Follow-up")
    for row in table[1:header_rows]:
        row.append("")
    for number, row in enumerate(table[header_rows:]):
        row.append(notes[number % len(notes)])
    export = tmp_path / name
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    output = _inspect(str(export), "--project", str(tmp_path))
    assert "Wagner" not in output and "Becker" not in output and "Yilmaz" not in output
    [line] = [line for line in output.splitlines() if "  Follow-up  " in line]
    assert "(examples not shown: " in line


def test_google_reviews_turned_into_a_table_propose_their_stars(mini: Path):
    """Google's reviews as a table (a JSON converter's CSV of them: dotted names, the stars a
    word), as touchsite's own message told users to make before it read JSON. They were
    recognised as Google's reviews, but the stars' words were read for JSON alone: the
    mapping proposed the texts without the stars, and the site showed no rating. Now the
    stars are proposed as in a JSON file, and the mapping builds as pasted."""
    reviews = json.loads((EXPORTS / "google-reviews.json").read_text(encoding="utf-8"))
    names = ["reviewId", "reviewer.displayName", "starRating", "comment", "createTime"]
    export = mini / "data" / "reviews.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(names)
        for r in reviews["reviews"]:
            cells = [r["reviewId"], r["reviewer"]["displayName"], r["starRating"]]
            writer.writerow([*cells, r.get("comment", ""), r["createTime"]])
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert '      overall:\n        csat: "starRating"  # ' in output
    assert '      "FIVE": 5\n' in output and '      "ONE": 1\n' in output
    _paste(mini, output)
    report = build(mini).report
    assert report.relationship is not None and report.relationship.kpi == "csat"
    assert report.relationship.n == len(reviews["reviews"])


def test_a_call_centre_s_reason_for_calling_names_no_touchpoint_rated(mini: Path):
    """A call centre's ratings of its calls, as German Excel saves them, with the caller's
    concern beside each ("Anliegen": Lieferstatus, Beratung, Rechnung...). Before, the
    concern was taken for the touchpoint rated, since two of its values share words with
    touchpoints' titles: the file was proposed as a long table, and each call's rating of the
    hotline was counted for the delivery or the in-store advice. Now a column named for why
    the customer got in touch is no touchpoint's: the file is one row per call, its rating a
    score to place."""
    for stem, title in (("lieferung", "Lieferung und Installation"), ("beratung", "Beratung")):
        (mini / "content" / "touchpoints" / f"{stem}.md").write_text(
            f"---\ntitle: {title}\nphase: after\nchannel: phone\n---\n", encoding="utf-8"
        )
    concerns = ["Lieferstatus", "Beratung", "Rechnung", "Reklamation", "Rückgabe"]
    rows = [["Anruf-ID", "Datum/Uhrzeit", "Anliegen", "Zufriedenheit mit dem Gespräch (1-5)"]]
    for number in range(1, 41):
        when = f"{number % 28 + 1:02d}.03.2026 {8 + number % 9:02d}:{number % 60:02d}"
        rows.append([f"A-2026-{number:06d}", when, concerns[number % 5], str(number % 5 + 1)])
    export = mini / "data" / "callcenter.csv"
    with export.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)
    output = _inspect(str(export))
    assert "format: long" not in output and "touchpoint_values" not in output
    assert '{csat: "Zufriedenheit mit dem Gespräch (1-5)"}  # EDIT: which touchpoint?' in output


def test_a_yes_no_question_beside_ratings_no_touchpoint_names_stays_with_them(mini: Path):
    """A call centre's ratings of its calls: "Zufriedenheit mit dem Gespräch" 1-5 and
    "Anliegen gelöst?" yes/no, neither naming the hotline. Before, the rating was left for
    the consultant to place while the yes/no answer was proposed as the company's overall
    question: pasted with the hotline written in, the site showed the calls' first-contact
    resolution as the overall ("relationship") figure. Now a yes/no question that names
    nothing goes where the file's other unplaced ratings go, to be placed with them; one
    alone in its file (a help desk's Good/Bad) is still the overall one."""
    rows = [["Anruf-ID", "Datum", "Zufriedenheit mit dem Gespräch (1-5)", "Anliegen gelöst?"]]
    for number in range(1, 41):
        rows.append([f"A-{number}", f"{number % 28 + 1:02d}.03.2026", str(number % 5 + 1)])
        rows[-1].append("Ja" if number % 3 else "Nein")
    export = mini / "data" / "callcenter.csv"
    with export.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";", lineterminator="\r\n").writerows(rows)
    output = _inspect(str(export))
    assert "      overall:" not in output
    assert '      # ???: {binary: "Anliegen gelöst?"}  # EDIT: which touchpoint?' in output
    assert '      # ???: {csat: "Zufriedenheit mit dem Gespräch (1-5)"}  # EDIT' in output


def test_dates_named_for_what_happened_are_dates(tmp_path: Path):
    """Feedback tools name their dates for what happened: AskNicely's Sent and Responded,
    Zendesk's Solved at and Assigned at, Intercom's Rated at (Unix seconds). Before, only
    names with a date word (date, created, submitted...) were read as dates, so such a file
    got `date: <day>  # EDIT`. Now a name ending in " at", or a word like sent, responded,
    rated, solved, with values that read as dates is a date, and the response's own
    (responded, rated) is proposed; a column of Unix times named for something else, or a
    rating, is none."""
    asknicely = tmp_path / "asknicely.csv"
    asknicely.write_text(
        "Response ID,Contact ID,Email,Answer,Comment,Sent,Responded,Segment\n"
        + "".join(
            f"{100000 + i},{1713418460 + 7919 * i},p{i}@example.org,{i % 11},"
            f"{'Schnelle Hilfe, danke ' + str(i) if i % 2 else ''},"
            f"{1 + i % 28:02d}/03/2026 0{i % 10}:15,{1 + i % 28:02d}/03/2026 1{i % 10}:40,"
            f"{('SMB', 'Enterprise')[i % 2]}\n"
            for i in range(40)
        ),
        encoding="utf-8",
    )
    output = _inspect(str(asknicely))
    table = output.split("\ndata:\n")[0]
    for name in ("Sent", "Responded"):
        [line] = [row for row in table.splitlines() if f"  {name} " in row]
        assert " date " in line and "read as %d/%m/%Y %H:%M" in line, line
    [contact] = [row for row in table.splitlines() if "  Contact ID " in row]
    assert " date " not in contact
    snippet = output.split("\ndata:\n")[1]
    assert '    date: "Responded"\n    date_format: "%d/%m/%Y %H:%M"\n' in snippet
    assert "EDIT" not in snippet

    zendesk = _inspect(str(EXPORTS / "zendesk-csat.csv")).split("\ndata:\n")
    for name in ("Created at", "Updated at", "Solved at"):
        [line] = [row for row in zendesk[0].splitlines() if f"  {name} " in row]
        assert " date " in line, line
    assert '    date: "Created at"\n' in zendesk[1]

    intercom = tmp_path / "intercom.csv"
    intercom.write_text(
        "Conversation ID,Conversation rating,Rating remark,Rated at,Conversation started at,"
        "User ID\n"
        + "".join(
            f"{18000000000 + i},{('Amazing', 'Great', 'OK', 'Bad', 'Terrible')[i % 5]},"
            f"{'Sehr hilfreich ' + str(i) if i % 3 else ''},{1764495682 + 3600 * i},"
            f"{1764490000 + 3600 * i},{1700000000 + 11 * i}\n"
            for i in range(30)
        ),
        encoding="utf-8",
    )
    output = _inspect(str(intercom))
    table, snippet = output.split("\ndata:\n")
    [rated] = [row for row in table.splitlines() if "  Rated at " in row]
    assert " date " in rated and "Unix time" in rated
    [user] = [row for row in table.splitlines() if "  User ID " in row]
    assert " date " not in user
    assert '    date: "Rated at"\n    date_format: "unix"\n' in snippet


def test_who_answered_in_snake_case_or_as_the_contact_shows_no_examples(tmp_path: Path):
    """Wootric's export writes the respondent's `ip_address` and `email` in snake case, an
    API's records `first_name`; HubSpot's feedback submissions name the customer under
    "Contact", Retently's under "Customer". Before, their IP addresses and names were
    printed as examples; now they are personal data, as "IP Address" and "Name" are."""
    export = tmp_path / "responses.csv"
    people = ["Rosa García", "Emma O'Brien", "Isla Jones"]
    header = ["id", "score", "ip_address", "first_name", "phone_number", "Contact", "Customer"]
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for i in range(30):
            person = people[i % 3]
            writer.writerow(
                [i, i % 11, f"203.0.113.{i}", person, f"+49 151 {i:07}", person, person]
            )
    output = _inspect(str(export))
    assert "203.0.113" not in output and "+49 151" not in output
    assert not any(person in output for person in people)
    for name in header[2:]:
        line = next(line for line in output.splitlines() if f"  {name}  " in line)
        assert "(examples not shown: personal data)" in line, line


def test_numbers_named_by_another_events_word_are_no_dates(tmp_path: Path):
    """Numbers of ten digits read as Unix time only where the name says they are dates.
    Before, a word of another event anywhere in the name did ("sent" in "Consent version",
    "last" in "Last order number"): both were proposed as the responses' date. Now such a
    word counts where a word starts with it, and for dates written as dates."""
    export = tmp_path / "orders.csv"
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        header = ["Response ID", "Score", "Last order number", "Consent version", "Sent"]
        writer.writerow([*header, "Developer Reply Millis Since Epoch"])
        for i in range(40):
            number = 1_600_000_000 + 7_919_311 * i
            sent = f"2026-03-{1 + i % 28:02}"
            writer.writerow([i, i % 11, number, number + 1, sent, number * 1000])
    output = _inspect(str(export))
    for name in ("Last order number", "Consent version"):
        line = next(line for line in output.splitlines() if f"  {name}  " in line)
        assert " number " in line and "date" not in line, line
    for name in ("Sent", "Developer Reply Millis Since Epoch"):
        line = next(line for line in output.splitlines() if f"  {name}  " in line)
        assert " date " in line, line
    assert 'date: "Consent version"' not in output and 'date: "Last order number"' not in output


def test_a_long_tables_ces_asks_for_the_projects_ces_scale(mini: Path):
    """A feedback platform's long export (one row per survey, its touchpoint in a column) with
    a CES column: the proposal mapped it without a word, and the pasted mapping failed the
    build for want of kpis.ces_scale. It asks for the scale now, as a yes/no column asks for
    kpis.binary."""
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("  ces_scale: {min: 1, max: 7, higher_is_better: true}\n", ""))
    export = mini / "data" / "platform.txt"
    rows = [["Survey ID", "Response Date", "Touchpoint", "Customer Effort Score", "osat"]]
    for i in range(30):
        rows.append([str(1000 + i), f"2025-03-{i % 28 + 1:02d}", ["Hotline", "Search"][i % 2]])
        rows[-1] += [str(i % 7 + 1), str(i % 5 + 1)]
    export.write_bytes("".join("\t".join(r) + "\r\n" for r in rows).encode("utf-16"))
    output = _inspect(str(export), "--project", str(mini))
    assert 'ces: "Customer Effort Score"' in output
    assert "# EDIT: CES answers: add to touchsite.yml kpis: ces_scale: {min: 1, max: 7" in output


def test_review_sites_reviewers_show_no_examples(tmp_path: Path):
    """Trustpilot's business export names the reviewer "Review Username" or "Consumer Name"
    and "Consumer Email", in its German interface "Name des Verbrauchers" and "E-Mail des
    Verbrauchers"; other German exports "E-Mail des Kunden", "Name des Bewerters". Before,
    none was known as personal: the reviewers' names were printed as examples. Now they are
    personal data, as "Customer Name" is."""
    export = tmp_path / "reviews.csv"
    people = ["Jürgen Öztürk", "Marie-Luise Weiß", "Björn Köhler"]
    header = ["Review Created (UTC)", "Review Stars", "Review Username", "Consumer Name"]
    header += ["Consumer Email", "Name des Verbrauchers", "E-Mail des Kunden"]
    header += ["Name des Bewerters", "Benutzername"]
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for i in range(30):
            person = people[i % 3]
            mail = f"kunde{i}@example.de"
            writer.writerow(
                [f"2026-03-{1 + i % 28:02d} 10:00:00", 1 + i % 5, person, person, mail, person]
                + [mail, person, person]
            )
    output = _inspect(str(export))
    assert not any(person in output for person in people), output
    for name in header[2:]:
        line = next(line for line in output.splitlines() if f"  {name}  " in line)
        assert "(examples not shown: personal data)" in line, line


def test_a_review_sites_bare_stars_rate_the_company_whatever_touchpoint_names_stars(mini: Path):
    """eKomi's export: its stars are "Bewertung", the review's text beside them. Before, the
    stars went to a touchpoint titled "Google-Bewertungen" (its title holds the word), so a
    shop's reviews were counted as the Google reviews touchpoint's. A rating whose name says
    nothing it rates is the company's overall, as any review site's."""
    (mini / "content" / "touchpoints" / "google-bewertungen.md").write_text(
        "---\ntitle: Google-Bewertungen\nphase: before\nchannel: web\n---\n", encoding="utf-8"
    )
    rows = ["Datum;Bewertung;Kommentar;Kommentar des Händlers"]
    texts = ["Schnelle Lieferung", "Ware beschädigt", "Gerne wieder", "Hotline freundlich"]
    for number in range(40):
        rows.append(f"{number % 28 + 1:02d}.03.2026;{number % 5 + 1};{texts[number % 4]} {number};")
    export = mini / "data" / "ekomi.csv"
    export.write_text("\r\n".join(rows) + "\r\n", encoding="cp1252")
    output = _inspect(str(export))
    assert "google-bewertungen" not in output
    assert '      overall:\n        csat: "Bewertung"' in output, output


# Titles as reviewers write them: a few words, nearly each review its own
REVIEW_TITLES = ["Wunderschöner Urlaub am See", "Leider nicht wieder, zu laut", "Top Service"]
REVIEW_TITLES += ["Gelungener Kurztrip mit Familie", "Great stay, lovely staff", "Naja"]


@pytest.mark.parametrize(
    ("header", "stars", "title", "text", "date_format"),
    [
        # Trustpilot's business export
        (
            ["Review Created (UTC)", "Review Title", "Review Content", "Review Stars"],
            "Review Stars",
            "Review Title",
            "Review Content",
            "%Y-%m-%d",
        ),
        # Tripadvisor's, and HolidayCheck's in German with its stay's suns after the text
        (
            ["Review Date", "Rating", "Review Title", "Review Text"],
            "Rating",
            "Review Title",
            "Review Text",
            "%Y-%m-%d",
        ),
        (
            ["Datum der Bewertung", "Titel", "Bewertungstext", "Sterne"],
            "Sterne",
            "Titel",
            "Bewertungstext",
            "%d.%m.%Y",
        ),
    ],
)
def test_a_reviews_title_is_no_comment_its_text_is(
    mini: Path, header: list[str], stars: str, title: str, text: str, date_format: str
):
    """Review sites export each review's title before its text. Where the titles were as
    varied as reviewers write them, the title was proposed as the comment (the first free
    text after the stars) and the review's text was left as `# ???`: the site quoted
    headlines ("Naja") as what customers said. The text is the comment now, and the title is
    named in a note."""
    rows = []
    for number in range(60):
        day = dt.date(2026, 3, 1) + dt.timedelta(days=number % 28)
        cells = {
            header[0]: day.strftime(date_format),
            stars: str(number % 5 + 1),
            title: f"{REVIEW_TITLES[number % 6]} ({number})",
            text: f"Das Zimmer war {'sauber' if number % 2 else 'laut'}, Aufenthalt {number}",
        }
        rows.append([cells[name] for name in header])
    export = mini / "data" / "reviews.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert f'      overall:\n        csat: "{stars}"' in output, output
    assert f'        comment: "{text}"\n' in output, output
    assert f'comment: "{title}"' not in output
    assert f'    # "{title}" is not mapped: a review\'s title, a headline over the text' in output
    _paste(mini, output)
    report = build(mini).report
    quoted = {comment.text for comment in report.overall_comments}
    assert quoted and all(quote.startswith("Das Zimmer war") for quote in quoted), quoted


@pytest.mark.parametrize(
    ("header", "reply"),
    [
        # Amazon's seller feedback report, tab separated
        (["Date", "Rating", "Comments", "Response", "Order ID", "Rater Email"], "Response"),
        # a Google reviews export tool's table
        (["Reviewer Name", "Star Rating", "Comment", "Create Time", "Reply"], "Reply"),
    ],
)
def test_a_reply_named_by_that_alone_is_the_companys(mini: Path, header: list[str], reply: str):
    """Amazon's feedback report names the seller's replies "Response", a Google reviews
    export "Reply". Where the replies were as varied as a company writes them (the
    customer's name, the case), the column was proposed as customers' comments (Amazon's
    in place of the "Comments") and its examples, naming customers, were printed. Beside
    customers' texts, a column named a reply alone is the company's now."""
    rows = []
    for number in range(60):
        cells = {
            "Date": f"{number % 28 + 1:02d}.03.26",
            "Create Time": f"2026-03-{number % 28 + 1:02d}T10:15:31.120Z",
            "Rating": str(number % 5 + 1),
            "Star Rating": ["ONE", "TWO", "THREE", "FOUR", "FIVE"][number % 5],
            "Comments": f"Ware kam {('beschädigt', 'pünktlich')[number % 2]} an, Nr. {number}",
            "Order ID": f"302-{1000000 + number}-{7919 * number:07d}",
            "Rater Email": f"x{number}@marketplace.amazon.de",
            "Reviewer Name": "Marie-Luise Weiß",
        }
        cells["Comment"] = cells["Comments"]
        cells[reply] = (
            f"Liebe Frau Weiß, danke für Ihre Bewertung Nr. {number}, wir melden uns."
            if number % 3
            else ""
        )
        rows.append([cells[name] for name in header])
    export = mini / "data" / "feedback.txt"
    export.write_text("\r\n".join("\t".join(row) for row in [header, *rows]) + "\r\n")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert "Liebe Frau" not in output
    [line] = [line for line in output.splitlines() if line.endswith("the company's replies)")]
    assert f"  {reply}  " in line
    comment = header[2]
    assert f'        comment: "{comment}"\n' in output, output
    assert f'comment: "{reply}"' not in output
    _paste(mini, output)
    report = build(mini).report
    assert report.overall_comments
    assert not any("Liebe Frau" in quote.text for quote in report.overall_comments)


@pytest.mark.parametrize("replied", [3, 1])
def test_a_review_export_is_dated_by_its_reviews_not_the_management_responses(
    mini: Path, replied: int
):
    """Tripadvisor's review export: "Review Date", then "Response Date" beside the
    "Management Response". Both were named alike (neither says whose), so the last was
    proposed: a third of the reviews, those answered, were dated by the reply, days later,
    and the rest by a fallback said to be "responses never submitted". A date named by the
    reply's word, or filled on replied rows alone, dates the replies now; every third review
    replied or every one."""
    header = ["Review ID", "Review Date", "Rating", "Review Title", "Review Text"]
    header += ["Management Response", "Response Date"]
    rows = []
    for number in range(60):
        day = dt.date(2026, 3, 1) + dt.timedelta(days=number % 20)
        answered = number % replied == 0
        rows.append(
            [str(900000000 + number), day.isoformat(), str(number % 5 + 1)]
            + [f"{REVIEW_TITLES[number % 6]} ({number})", f"Das Frühstück war gut ({number})"]
            + [f"Dear guest {number}, thank you for staying with us!" if answered else ""]
            + [(day + dt.timedelta(days=12)).isoformat() if answered else ""]
        )
    export = mini / "data" / "tripadvisor.csv"
    with export.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows([header, *rows])
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert '    date: "Review Date"\n    date_format: "%Y-%m-%d"\n' in output, output
    _paste(mini, output)
    feedback = check(mini).feedback
    assert (feedback.first_date, feedback.last_date) == (dt.date(2026, 3, 1), dt.date(2026, 3, 20))


def test_holidaychecks_suns_are_no_ces(mini: Path):
    """HolidayCheck rates a stay and its parts with 1 to 6 suns, 6 the best. Every column of
    them was proposed as a CES (answers up to 7 are), asking for kpis.ces_scale: pasted, a
    hotel's suns would have passed for its guests' effort. A rating up to 6 that asks no
    effort is left out now, with a note that says why; one that asks it is still a CES."""
    header = ["Bewertungs-ID", "Datum der Bewertung", "Titel", "Bewertungstext"]
    header += ["Hotel", "Zimmer", "Service", "Wie einfach war die Buchung? (1-6)"]
    rows = [header]
    for number in range(60):
        rows.append(
            [f"HC-{number:07d}", f"{number % 28 + 1:02d}.03.2026"]
            + [f"{REVIEW_TITLES[number % 6]} ({number})", f"Das Zimmer war ruhig ({number})"]
            + [str((number + shift) % 6 + 1) for shift in range(4)]
        )
    export = mini / "data" / "holidaycheck.csv"
    export.write_text("\r\n".join(";".join(row) for row in rows) + "\r\n", encoding="cp1252")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    for name in ("Hotel", "Zimmer", "Service"):
        assert f'ces: "{name}"' not in output, output
        assert f'    # "{name}" is not mapped: a rating up to 6 that asks no effort' in output
    assert 'ces: "Wie einfach war die Buchung? (1-6)"' in output


def test_kununus_recommendation_is_a_yes_no_question(mini: Path):
    """kununu's review export says whether the reviewer recommends the employer as
    "Empfohlen" or "Nicht empfohlen". Neither was a yes or a no: the column was plain text,
    not proposed, and the share recommending was lost. It is the binary KPI now, read as
    pasted."""
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("kpis:\n", 'kpis:\n  binary: {label: "Empfehlung"}\n', 1))
    rows = [["Datum", "Titel", "Empfehlung", "Pro", "Contra"]]
    for number in range(60):
        said = "Empfohlen" if number % 3 else "Nicht empfohlen"
        rows.append(
            [f"{number % 28 + 1:02d}.03.2026", f"{REVIEW_TITLES[number % 6]} ({number})", said]
            + [f"Nette Kollegen, pünktliches Gehalt ({number})", f"Viel Bürokratie ({number})"]
        )
    export = mini / "data" / "kununu.csv"
    export.write_text("\r\n".join(";".join(row) for row in rows) + "\r\n", encoding="utf-8-sig")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert '      overall:\n        binary: "Empfehlung"\n' in output, output
    _paste(mini, output)
    binary = build(mini).report.relationship
    assert (binary.kpi, binary.n, binary.value) == ("binary", 60, pytest.approx(40 / 60 * 100))


REVIEW_SITE_RECOMMENDATIONS = [
    ("Ja", "Nein"),
    ("Würde weiterempfehlen", "Würde nicht weiterempfehlen"),
    ("Weiterempfehlung: ja", "Weiterempfehlung: nein"),
    ("Would recommend", "Would not recommend"),
]


@given(
    said=st.lists(st.sampled_from([0, 1, None]), min_size=30, max_size=60).filter(any),
    words=st.sampled_from(REVIEW_SITE_RECOMMENDATIONS),
    upper=st.booleans(),
    name=st.sampled_from(["Weiterempfehlung", "Würden Sie uns weiterempfehlen?", "Empfehlung"]),
)
@settings(max_examples=8, deadline=None)
def test_a_review_sites_yes_no_recommendation_builds_as_pasted(said, words, upper, name):
    """A review site's export (kununu, ProvenExpert, a scraper's) says whether the reviewer
    recommends the company: "Ja" or "Nein", "Würde (nicht) weiterempfehlen", "Weiterempfehlung:
    ja". The first was proposed as the binary KPI with an EDIT asking for kpis.binary, and
    pasted unchanged, the build stopped with an error; the others were text, not proposed,
    and every recommendation was missing from the site. They build as pasted now, the KPI
    named by its column, and its share is the file's share of yes."""
    said = [
        "" if n is None else words[0 if n else 1].upper() if upper else words[0 if n else 1]
        for n in said
    ]
    with _bare_mini() as mini:
        export = mini / "data" / "bewertungen.csv"
        with export.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file, delimiter=";", lineterminator="\r\n")
            writer.writerow(["Datum", "Titel", name, "Bewertungstext"])
            for number, answer in enumerate(said):
                text = f"Freundliche Beratung im Laden, gerne wieder ({number})"
                writer.writerow([f"{number % 28 + 1:02d}.03.2026", f"Gut ({number})", answer, text])
        with export.open(encoding="utf-8-sig", newline="") as file:
            answers = [row[name].lower() for row in csv.DictReader(file, delimiter=";")]
        yes, no = answers.count(words[0].lower()), answers.count(words[1].lower())
        output = _inspect(str(export))
        assert "EDIT" not in output.split("\ndata:\n")[1], output
        _paste(mini, output + "analysis: {min_n_shown: 1}\n")
        report = build(mini, write=False).report
        assert report.project.config.binary.label == name
        figure = report.relationship
        if yes + no:
            assert figure.kpi == "binary"
            assert (figure.n, figure.value) == (yes + no, pytest.approx(100 * yes / (yes + no)))


def test_a_review_sites_recommendation_beside_its_stars_is_the_companys(mini: Path):
    """ProvenExpert's export rates a review with stars and says whether the reviewer would
    recommend the company. The stars went under overall, and the recommendation, the
    company's too, was left to an EDIT (which touchpoint?): pasted, the share recommending
    was missing from the site. Both are the overall question's now, each counted as in the
    file."""
    export = mini / "data" / "provenexpert.csv"
    with export.open("w", encoding="cp1252", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["Datum", "Bewertung", "Titel", "Bewertungstext", "Weiterempfehlung"])
        for i in range(90):
            said = "Würde weiterempfehlen" if i % 4 else "Würde nicht weiterempfehlen"
            text = f"Kompetente Beratung, die Lieferung kam pünktlich ({i})"
            day = f"{i % 28 + 1:02d}.0{3 + i % 2}.2026"
            writer.writerow([day, f"{(i * 7) % 5 + 1},0", f"Gut ({i})", text, said])
    (mini / "data" / "feedback.csv").unlink()
    with export.open(encoding="cp1252", newline="") as file:
        rows = list(csv.DictReader(file, delimiter=";"))
    stars = [int(row["Bewertung"].split(",")[0]) for row in rows]
    output = _inspect(str(export))
    snippet = output.split("\ndata:\n")[1]
    assert '        binary: "Weiterempfehlung"\n' in snippet and "EDIT" not in snippet
    _paste(mini, output)
    report = build(mini).report
    csat, binary = (report.relationship, *report.relationship_others)
    assert (csat.kpi, csat.n) == ("csat", len(stars))
    assert csat.value == pytest.approx(100 * sum(s >= 4 for s in stars) / len(stars))
    said = [row["Weiterempfehlung"] for row in rows]
    assert (binary.kpi, binary.n) == ("binary", len(said))
    assert binary.value == pytest.approx(100 * said.count("Würde weiterempfehlen") / len(said))


def test_a_reviews_scrapers_reviewer_columns_are_not_shown(tmp_path: Path):
    """Scrapers save Google's reviews with the reviewer beside each (Outscraper's
    "author_title", "author_link", "author_id"; Apify's "reviewerUrl", "reviewerId"): a name
    and the profile that finds the person. Inspect printed them as examples, into logs and
    onto shared screens. They are personal data now: no examples, never proposed."""
    export = tmp_path / "reviews.csv"
    header = ["review_id", "author_title", "author_link", "author_id", "reviewerUrl"]
    header += ["reviewerId", "review_text", "review_rating", "review_datetime_utc"]
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for i in range(30):
            profile = f"https://www.google.com/maps/contrib/10{i:019d}"
            writer.writerow(
                [f"ChdDSUhNMG9nS0VJQ0FnSUR{i:04d}", f"Erika Musterfrau{i}", profile]
                + [f"10{i:019d}", profile + "/reviews", f"9{i:020d}"]
                + [f"Freundlich und kompetent beraten ({i})", f"{i % 5 + 1}.0/5"]
                + [f"03/{i % 28 + 1:02d}/2026 14:05:11"]
            )
    output = _inspect(str(export))
    assert "Musterfrau" not in output and "maps/contrib" not in output and "10000" not in output
    for name in header[1:6]:
        line = next(line for line in output.splitlines() if f"  {name}  " in line)
        assert "(examples not shown: personal data)" in line, line
    assert '        csat: "review_rating"' in output


def test_order_numbers_are_not_shown_as_examples(tmp_path: Path):
    """Review exports carry the order a review is of: Trustpilot's "Reference Id", eKomi's
    and Trusted Shops' "Bestellnummer", Amazon's "Order ID". Each finds the customer in the
    client's shop, and inspect printed them as examples, into logs and onto shared screens.
    They are not shown now, as a reviewer's name is not."""
    export = tmp_path / "reviews.csv"
    header = ["Datum", "Bewertung", "Kommentar", "Reference Id", "Bestellnummer", "Order ID"]
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(header)
        for i in range(30):
            writer.writerow(
                [f"{i % 28 + 1:02d}.03.2026", i % 5 + 1, f"Schnell geliefert, danke ({i})"]
                + [f"WW-{700000 + i}", 4000000 + i, f"302-{1000000 + i}-{7919 * i:07d}"]
            )
    output = _inspect(str(export))
    assert "WW-7000" not in output and "400000" not in output and "302-1" not in output
    for name in header[3:]:
        line = next(line for line in output.splitlines() if f"  {name}  " in line)
        assert "(examples not shown: personal data)" in line, line


ACCOUNT_NAMES = ["Account Number", "Account ID", "Kundenkonto", "Kunden-Nr.", "Vertragsnummer"]
ACCOUNT_NAMES += ["Contract Number", "Member ID", "Mitgliedsnummer", "Kd.-Nr."]


@given(
    name=st.sampled_from(ACCOUNT_NAMES).flatmap(
        lambda name: st.sampled_from([name, name.upper(), name.lower(), f" {name}"])
    ),
    codes=st.lists(st.integers(100_000, 999_999), min_size=5, max_size=20, unique=True),
)
def test_a_customers_account_or_contract_number_is_not_shown(name, codes):
    """An enterprise feedback platform's export (Medallia's, with its many fields) carries
    the customer's account, contract or membership number, by which the client's CRM finds
    the person. Before, inspect printed them as examples ("K-880000"), into logs and onto
    shared screens; they are not shown now, as an order number or a name is not, and never
    proposed."""
    with _bare_mini() as mini:
        export = mini / "data" / "medallia.csv"
        with export.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["Response Date", name, "Likelihood to Recommend", "Comments"])
            for i, code in enumerate(codes):
                text = f"Musste lange warten, Fall {i}" if i % 2 else ""
                writer.writerow([f"2026-03-{i % 28 + 1:02d} 10:00:00", f"K-{code}", i % 11, text])
        output = _inspect(str(export))
    assert not any(str(code) in output for code in codes), output
    line = next(line for line in output.splitlines() if f"  {name.strip()}  " in line)
    assert "(examples not shown: personal data)" in line, line


def test_a_long_tables_ces_in_a_rating_column_of_several_kpis_asks_for_the_ces_scale(mini: Path):
    """A feedback tool's long table with one "Rating" column read by its "Survey type" (NPS,
    CES, CSAT in turn): its CES was mapped (ces: {column: "Rating", where: ...}) without the
    note, since no column's own KPI is CES, and the pasted mapping failed the build for want
    of kpis.ces_scale. It asks for the scale now, as a column of CES alone does."""
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("  ces_scale: {min: 1, max: 7, higher_is_better: true}\n", ""))
    export = mini / "data" / "typed.csv"
    rows = ["Response ID,Date,Touchpoint,Survey type,Rating"]
    for i in range(60):
        kind, low, high = [("NPS", 0, 10), ("CES", 1, 7), ("CSAT", 1, 5)][i % 3]
        touchpoint = ["Hotline", "Search"][i % 2]
        rows.append(f"{1000 + i},2025-03-{i % 28 + 1:02d},{touchpoint},{kind},{low + i % high}")
    export.write_text("\r\n".join(rows) + "\r\n", encoding="utf-8")
    output = _inspect(str(export), "--project", str(mini))
    assert 'ces: {column: "Rating", where: {"Survey type": "CES"}}' in output, output
    assert "# EDIT: CES answers: add to touchsite.yml kpis: ces_scale: {min: 1, max: 7" in output


def _help_desk_export(path: Path, header: list[str], ratings: list[str]) -> None:
    """A help desk's ratings as it exports them: one row per rated ticket or conversation,
    a customer's remark on some."""
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for i, rating in enumerate(ratings):
            remark = f"Antwort Nummer {i} kam schnell, das Problem ist gelöst." if i % 3 else ""
            day = f"2026-02-{1 + i % 28:02d} 1{i % 10}:05:00"
            writer.writerow([400000 + i, "Default Survey", rating, remark, "Billing", day])


@pytest.mark.parametrize(
    "scale",
    [
        ["Extremely happy", "Very happy", "Happy", "Neutral"]
        + ["Unhappy", "Very unhappy", "Extremely unhappy"],
        ["Happy", "Neutral", "Unhappy"],
    ],
    ids=["seven", "three"],
)
def test_freshdesks_happiness_ratings_build_its_share_of_happy_answers(mini: Path, scale):
    """Freshdesk rates a ticket on seven points (Extremely happy .. Extremely unhappy) or on
    three, which its reports write Happy, Neutral, Unhappy. Neither "Happy" nor "Unhappy"
    was a label: the column was text, no CSAT was proposed, and every rating was missing
    from the site (53 of 53 in a probe). Now the CSAT is the share of happy answers, as
    Freshdesk's own CSAT, and the mapping says how the points lie on CSAT's 1-5."""
    header = ["Ticket ID", "Survey", "Rating", "Feedback", "Group", "Created at"]
    ratings = [answer for n, answer in enumerate(scale) for _ in range(11 - n)] + [""] * 2
    export = mini / "data" / "tickets.csv"
    _help_desk_export(export, header, ratings)
    with export.open(encoding="utf-8", newline="") as file:
        rated = [row["Rating"] for row in csv.DictReader(file) if row["Rating"]]
    happy = sum(rating.lower().endswith(" happy") or rating == "Happy" for rating in rated)
    output = _inspect(str(export))
    assert '        csat: "Rating"' in output, output
    assert f'    # "Rating" answers on {len(scale)} points, read on CSAT\'s 1-5' in output
    _paste(mini, output)
    relationship = build(mini, strict=True).report.relationship
    assert (relationship.kpi, relationship.n) == ("csat", len(rated))
    assert relationship.value == pytest.approx(happy / len(rated) * 100)


@given(codes=st.lists(st.sampled_from([103, 102, 101, 100, -101, -102, -103]), min_size=20))
@settings(max_examples=5, deadline=None)
def test_freshdesks_rating_codes_build_its_share_of_happy_answers(codes):
    """Freshdesk's API writes a ticket's rating as a code (ratings.default_question: 103
    Extremely happy .. 100 Neutral .. -103 Extremely unhappy), and so does a CSV made from
    it. Read as numbers from -103 to 103, no KPI's scale, the column was not proposed and
    every rating was missing from the site (43 of 43 in a probe). The codes are labels on
    CSAT's 1-5 now, as Freshdesk's words are: the CSAT is the share of happy answers."""
    assume(len(set(codes)) >= 2)
    with _bare_mini() as mini:
        export = mini / "data" / "ratings.csv"
        with export.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["id", "ticket_id", "ratings.default_question", "created_at"])
            for i, code in enumerate(codes):
                writer.writerow([100 + i, 5000 + i, code, f"2026-02-{i % 28 + 1:02d}T10:00:00Z"])
        with export.open(encoding="utf-8", newline="") as file:
            rated = [int(row["ratings.default_question"]) for row in csv.DictReader(file)]
        output = _inspect(str(export))
        assert '        csat: {column: "ratings.default_question", labels: {' in output, output
        _paste(mini, output + "analysis: {min_n_shown: 1}\n")
        relationship = build(mini, write=False).report.relationship
        assert (relationship.kpi, relationship.n) == ("csat", len(rated))
        happy = sum(code > 100 for code in rated)  # 101..103; 100 is Neutral
        assert relationship.value == pytest.approx(100 * happy / len(rated))


def test_a_help_desks_rating_words_are_proposed_as_csat_and_build(mini: Path):
    """Freshdesk's classic survey rates a ticket Awesome, Just okay or Not good; Intercom a
    conversation Amazing, Great, OK, Bad or Terrible, or with their faces. Before, such a
    column was text: no CSAT was proposed and its answers vanished from the site. Now its
    words are labels on 1-5 in their order (Not good the bottom, Just okay the middle), and
    the CSAT's top-2-box counts the best answers; a column that mixes them with another
    scale's words ("Excellent", "Great", "Good") is left as it was."""
    header = ["Ticket ID", "Survey", "Rating", "Feedback", "Group", "Created at"]
    ratings = ["Awesome"] * 31 + ["Just okay"] * 12 + ["Not good"] * 9 + [""] * 3
    export = mini / "data" / "tickets.csv"
    _help_desk_export(export, header, ratings)
    output = _inspect(str(export))
    snippet = output.split("\ndata:\n")[1]
    assert '        csat: "Rating"' in snippet
    assert '      "Awesome": 5\n      "Just okay": 3\n      "Not good": 1\n' in snippet
    _paste(mini, output)
    result = build(mini, strict=True)
    counts = result.report.feedback.counts
    csat = counts[(counts["touchpoint"] == "overall") & (counts["kpi"] == "csat")]
    assert csat.groupby("score")["n"].sum().to_dict() == {1: 9, 3: 12, 5: 31}

    faces = {"🤩": 5, "😃": 4, "😐": 3, "🙁": 2, "😠": 1}
    words = {"Amazing": 5, "Great": 4, "OK": 3, "Bad": 2, "Terrible": 1}
    both = {f"{face} {word}": n for (face, n), word in zip(faces.items(), words, strict=True)}
    for scale in (words, faces, both):
        export = mini / "data" / "conversations.csv"
        _help_desk_export(export, header, [answer for answer in scale for _ in range(6)])
        snippet = _inspect(str(export)).split("\ndata:\n")[1]
        assert 'csat: "Rating"' in snippet
        for answer, number in scale.items():
            assert f'      "{answer}": {number}\n' in snippet

    _help_desk_export(export, header, ["Excellent", "Great", "Good", "Fair", "Poor"] * 6)
    assert "labels:" not in _inspect(str(export)).split("\ndata:\n")[1]


def test_ok_and_bad_alone_are_no_help_desks_rating(tmp_path: Path):
    """ "OK", "Great" and "Bad" are words any column may hold: a check's "OK" in every row, a
    connection's "OK" and "Bad". Each alone was proposed as a help desk's CSAT (OK 3, Bad 2),
    a check passed for a middling satisfaction. A help desk's scale shows in a word only it
    has (Amazing, Terrible, Awesome, a face); without one the column is text, as before."""
    export = tmp_path / "calls.csv"
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Date", "How likely are you to recommend us?", "Check", "Line", "Mood"])
        for i in range(30):
            line, mood = ("OK", "Bad")[i % 2], ("Great", "OK")[i % 3 == 0]
            writer.writerow([f"2026-02-{1 + i % 28:02d}", i % 11, "OK", line, mood])
    output = _inspect(str(export))
    table, snippet = output.split("\ndata:\n")
    for name in ("Check", "Line", "Mood"):
        assert f'"{name}"' not in snippet, snippet
        [row] = [row for row in table.splitlines() if f"  {name}  " in row]
        assert "  text  " in row, row
    assert "labels:" not in snippet


def test_a_recommendation_answered_up_to_six_is_no_rating_left_out(tmp_path: Path):
    """A few detractors' answers, 0 to 6, to "How likely are you to recommend us?" are an
    NPS, mapped as such; its note said all the same that the column was not mapped, being a
    rating up to 6 (HolidayCheck's suns). The note is left to the columns it leaves out."""
    export = tmp_path / "nps.csv"
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Date", "How likely are you to recommend us to a friend?"])
        for i in range(12):
            writer.writerow([f"2026-02-{1 + i:02d}", i % 7])
    snippet = _inspect(str(export)).split("\ndata:\n")[1]
    assert 'nps: "How likely are you to recommend us to a friend?"' in snippet
    assert "is not mapped" not in snippet, snippet


def test_a_month_and_its_year_are_no_rating_out_of_points(tmp_path: Path):
    """A German export's month of purchase ("03/2026") was read as a rating out of its
    points, as Jotform's "4/5": months January to October made a column of 1 to 10,
    proposed as an NPS. A scale's points are ten at most: "03/2026" is no rating, "4/5" is."""
    export = tmp_path / "kauf.csv"
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["Datum", "Kaufmonat", "Sterne"])
        for i in range(40):
            writer.writerow(
                [f"2026-02-{1 + i % 28:02d}", f"{1 + i % 10:02d}/2025", f"{1 + i % 5}/5"]
            )
    snippet = _inspect(str(export)).split("\ndata:\n")[1]
    assert '"Kaufmonat"' not in snippet, snippet
    assert 'csat: "Sterne"' in snippet, snippet


def test_figures_about_the_companys_replies_are_no_replies(tmp_path: Path):
    """A review site's export holds the company's reply beside figures about it: how long it
    took ("Management response time", in hours), when it came, how many there were. Before,
    any name that began with a reply's ("Management response ...", "Owner response ...",
    "Review reply ...") was taken for the company's words: its values were hidden as
    replies. Now only the reply itself, or a word for its text after it ("Reply text",
    reviewReply.comment), is; the figures show as any column's."""
    export = tmp_path / "reviews.csv"
    header = ["Response ID", "Rating", "Review", "Management response"]
    header += ["Management response time", "Owner response rate", "Review reply count"]
    header += ["Developer Reply Text"]
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for i in range(40):
            review = f"Das Zimmer {i} war sauber, das Frühstück hätte besser sein können."
            reply = f"Danke für Ihre Bewertung {i}, wir geben es an die Küche weiter."
            writer.writerow(
                [9000 + i, 1 + i % 5, review, reply, f"{0.5 + i * 1.5:.1f}", "87", i % 3, reply]
            )
    table = _inspect(str(export)).split("\ndata:\n")[0]
    hidden = "(examples not shown: the company's replies)"
    for name in ("Management response", "Developer Reply Text"):
        [line] = [row for row in table.splitlines() if f"  {name}  " in row]
        assert hidden in line, line
    for name in ("Response ID", "Management response time", "Owner response rate"):
        [line] = [row for row in table.splitlines() if f"  {name}  " in row]
        assert hidden not in line, line
    [line] = [row for row in table.splitlines() if "  Management response time  " in row]
    assert "0.5..59" in line, line
    [line] = [row for row in table.splitlines() if "  Review reply count  " in row]
    assert hidden not in line, line


def test_a_feedback_tools_flags_on_a_response_are_no_yes_no_answers(tmp_path: Path):
    """AskNicely's export says of each response whether its comment may be published as a
    testimonial ("Published" Yes or No, its API's `published` 0 or 1) and whether the
    contact may be surveyed again (`dontcontact` 0 or 1). Before, each was proposed as the
    binary KPI, with a line to add it to touchsite.yml: the share of comments published
    would have stood beside the NPS as customers' answer. Now they are the tool's flags."""
    export = tmp_path / "asknicely.csv"
    header = ["Response ID", "Answer", "Comment", "Published", "Published name", "Responded"]
    header += ["Segment", "dontcontact"]
    with export.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(header)
        for i in range(60):
            said = f"Schnelle Hilfe beim Umzug, danke Nummer {i}" if i % 2 else ""
            published = ("Yes" if i % 4 == 1 else "No") if said else ""
            day = f"{1 + i % 28:02d}/03/2026 1{i % 10}:40"
            anonymous = "Anonymous" if published == "Yes" else ""
            writer.writerow(
                [100000 + i, i % 11, said, published, anonymous, day, "SMB", i % 5 // 4]
            )
    output = _inspect(str(export))
    snippet = output.split("\ndata:\n")[1]
    assert "binary" not in snippet, snippet
    assert '        nps: "Answer"\n        comment: "Comment"\n' in snippet
    for name in ("Published", "dontcontact"):
        [line] = [row for row in output.splitlines() if f"  {name}  " in row]
        assert "binary" not in line, line


def test_a_json_records_nested_answers_are_no_comment(tmp_path: Path):
    """Delighted's API writes a response's further questions under additional_answers: a
    list of objects, each a question and its value (a scale's number, a free response).
    Before, the list's JSON text was taken for customers' comments and proposed as one, its
    JSON shown as examples. Now it is said to be nested answers that are not read, with
    the export that has them as columns; the score and its comment are mapped as before."""
    records = []
    for i in range(40):
        extra = [
            {
                "id": str(900 + i),
                "value": {"free_response": None, "scale": 1 + i % 5, "select_one": None},
                "question": {"id": "10", "type": "scale", "text": "How was the delivery?"},
            }
        ]
        if i % 3 == 0:
            free = {"free_response": f"Der Fahrer {i} war sehr freundlich", "scale": None}
            question = {"id": "11", "type": "free_response", "text": "What could we improve?"}
            extra.append({"id": str(950 + i), "value": free, "question": question})
        records.append(
            {
                "id": str(81235467 + i),
                "person": str(51233201 + i),
                "survey_type": "nps",
                "score": i % 11,
                "comment": f"Lieferung {i} kam schnell und gut verpackt" if i % 2 else None,
                "created_at": 1772436672 + 3600 * i,
                "notes": [],
                "additional_answers": extra,
            }
        )
    export = tmp_path / "responses.json"
    export.write_text(json.dumps(records), encoding="utf-8")
    output = _inspect(str(export))
    table, snippet = output.split("\ndata:\n")
    [line] = [row for row in table.splitlines() if "  additional_answers  " in row]
    assert "nested answers, as JSON: not read" in line and '"value"' not in line, line
    assert "additional_answers" not in snippet.split("    # ")[0], snippet
    assert '    # "additional_answers" is not mapped: it holds nested answers' in snippet
    assert '        nps: "score"\n        comment: "comment"\n' in snippet


def test_questionpros_own_columns_and_terminated_respondents_are_no_answers():
    """QuestionPro's raw data writes its own columns before the questions: a Duplicate flag
    (0 or 1), the seconds taken, a sequence number, and each response's status. Before, the
    duplicate flag was proposed as the overall binary KPI (with an edit to declare it),
    pushing the NPS question out of the proposal, and the terminated respondents' answers
    were described with the customers'."""
    output = _inspect(str(EXPORTS / "questionpro.csv"))
    assert "rows:    6; 2 not described, marked as a preview, a test, spam, screened out" in output
    mapping = output.split("\ndata:\n")[1]
    assert "Duplicate" not in mapping and "EDIT" not in mapping
    assert '    respondent: "Response ID"\n' in mapping
    assert '    date: "Timestamp (mm/dd/yyyy)"\n' in mapping
    nps = '        nps: "How likely are you to recommend us to a friend or colleague?"'
    assert "      overall:\n" + nps in mapping
    assert "number   3..10" in next(line for line in output.splitlines() if "How likely" in line)


def test_a_second_open_question_about_the_company_is_mapped_beside_the_first(mini: Path):
    """An NPS survey asks why after the score and, at its end, whether there is anything
    else: both about the company as a whole. Before, the second was marked EDIT "which
    touchpoint?" (a touchpoint had one comment column), and pasted as printed its comments
    were left out of the site."""
    header = (
        '#,"Wie wahrscheinlich ist es, dass Sie uns einem Freund empfehlen?",'
        "Was ist der wichtigste Grund für Ihre Bewertung?,Wie zufrieden waren Sie mit der "
        "Hotline?,Möchten Sie uns sonst noch etwas mitteilen?,Start Date (UTC),"
        "Submit Date (UTC),Network ID\n"
    )
    lines = [
        f"t{i:04d},{i % 11},Grund {i} war die Beratung,{i % 5 + 1},"
        f"{'' if i % 3 else f'Sonst noch {i}: weiter so'},2026-03-0{i % 9 + 1} 08:00:00,"
        f"2026-03-0{i % 9 + 1} 08:03:00,{i:010x}\n"
        for i in range(40)
    ]
    export = mini / "data" / "responses.csv"
    export.write_text(header + "".join(lines), encoding="utf-8")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    mapping = output.split("\ndata:\n")[1]
    assert "EDIT" not in mapping
    both = '["Was ist der wichtigste Grund für Ihre Bewertung?", "Möchten Sie uns sonst noch'
    assert f'        comment: {both} etwas mitteilen?"]' in mapping
    assert f'  comment_columns: {both} etwas mitteilen?"]' in mapping
    _paste(mini, output)
    texts = [c.text for c in build(mini, strict=True).report.feedback.comments["overall"]]
    assert len(texts) == 40  # one per respondent, its two answers joined
    assert sum("Sonst noch" in text for text in texts) == len(range(0, 40, 3))


def test_a_google_forms_quizs_score_is_no_answer(tmp_path: Path):
    """A Google Forms quiz writes the points scored as its third column, "7 / 10": read as
    a rating out of its points, it was proposed as the overall NPS in place of the survey's
    own recommendation question."""
    with (EXPORTS / "google-forms.csv").open(encoding="utf-8", newline="") as handle:
        header, *answers = list(csv.reader(handle))
    export = tmp_path / "quiz.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([header[0], "Score", *header[1:]])
        writer.writerows([r[0], f"{(3 * i) % 11} / 10", *r[1:]] for i, r in enumerate(answers))
    mapping = _inspect(str(export)).split("\ndata:\n")[1]
    assert '"Score"' not in mapping
    assert 'nps: "How likely are you to recommend us to a friend or colleague?"' in mapping


def test_typeforms_network_id_is_shown_without_examples():
    """Typeform's Network ID is a hash of the network a response came from, its IP
    address: who answered, as an IP address is. Before, its values were shown as examples."""
    output = _inspect(str(EXPORTS / "typeform.csv"))
    line = next(line for line in output.splitlines() if "  Network ID  " in line)
    assert "(examples not shown: personal data)" in line, line
    assert "5c2f1a9e0b" not in output


def _review_export(path: Path, header: list[str], rows: list[list], separator: str = ",") -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=separator, lineterminator="\r\n").writerows([header, *rows])


def _top2(stars: list[int]) -> float:
    return sum(star >= 4 for star in stars) / len(stars) * 100


@given(st.lists(st.integers(1, 5), min_size=30, max_size=80).filter(lambda s: len(set(s)) > 1))
@settings(max_examples=8, deadline=None)
def test_tripadvisors_bubbles_are_read_as_its_stars(stars: list[int]):
    """Tripadvisor writes a review's rating as bubbles, 10 to 50 (its pages' "bubble_50"),
    and so do the exports saved from it: read as numbers, 10..50 is no KPI's scale, and the
    stars were left out without a word. They are the review's 1-5 stars now, under overall."""
    with _bare_mini() as mini:
        export = mini / "data" / "tripadvisor.csv"
        rows = [
            [REVIEW_TITLES[i % 6], f"Schönes Hotel, nette Leute, Zimmer {i}", 10 * star]
            + [f"{i % 28 + 1}. März 2026", "Marie-Luise Weiß"]
            for i, star in enumerate(stars)
        ]
        _review_export(export, ["title", "review", "rating", "date", "user"], rows)
        output = _inspect(str(export))
        line = next(line for line in output.splitlines() if "  rating  " in line)
        assert "Tripadvisor's bubbles" in line, line
        assert '      overall:\n        csat: {column: "rating", labels: {' in output, output
        _paste(mini, output)
        figure = build(mini, strict=True).report.relationship
        assert (figure.kpi, figure.n) == ("csat", len(stars))
        assert figure.value == pytest.approx(_top2(stars))


@pytest.mark.parametrize("name", ["Star Rating", "Rating", "Sterne"])
def test_googles_star_words_are_read_whatever_the_column_is_named(mini: Path, name: str):
    """Google's reviews write the stars as words, ONE to FIVE (STAR_RATING_UNSPECIFIED for
    none). They were read only in a column named starRating, as Google's JSON names it: an
    export tool's CSV names it "Star Rating" or "Rating", and its stars were plain text,
    left out without a note. They are 1-5 stars wherever they stand now."""
    words = ["ONE", "TWO", "THREE", "FOUR", "FIVE"]
    stars = [(5, 4, 5, 1, 3, 5, 2, 4)[i % 8] for i in range(40)]
    rows = [
        ["Jürgen Öztürk", "STAR_RATING_UNSPECIFIED" if i % 13 == 0 else words[star - 1]]
        + [f"Freundlich beraten, Filiale {i}", f"2026-03-{i % 28 + 1:02d}T10:15:31.120Z"]
        for i, star in enumerate(stars)
    ]
    export = mini / "data" / "google.csv"
    _review_export(export, ["Reviewer Name", name, "Comment", "Create Time"], rows)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert f'      overall:\n        csat: "{name}"' in output, output
    assert '      "FIVE": 5\n' in output and '      "ONE": 1\n' in output
    assert 'not_used: ["STAR_RATING_UNSPECIFIED"]' in output
    _paste(mini, output)
    figure = build(mini, strict=True).report.relationship
    rated = [star for i, star in enumerate(stars) if i % 13]
    assert (figure.kpi, figure.n) == ("csat", len(rated))
    assert figure.value == pytest.approx(_top2(rated))


def test_amazons_feedback_rating_beside_its_yes_no_questions_is_the_overall(mini: Path):
    """Amazon's seller feedback report holds a review's stars (Rating) beside three yes/no
    questions (Arrived on Time, Item as Described, Customer Service). With those beside it,
    the Rating was no file's only score and was left to place (`# ???`), though a review's
    stars name nothing they rate. It is proposed under overall now, with its Comments; the
    yes/no questions, each about what it names, are left to place."""
    header = ["Date", "Rating", "Comments", "Response", "Arrived on Time", "Item as Described"]
    header += ["Customer Service", "Order ID", "Rater Email", "Rater Role"]
    stars = [(5, 5, 4, 1, 2, 5, 3)[i % 7] for i in range(42)]
    rows = [
        [f"{i % 28 + 1:02d}.03.26", star, f"Ware kam schnell und heil an ({i})"]
        + ["Liebe Frau Weiß, das tut uns leid." if star < 3 else ""]
        + ["Yes" if star > 2 else "No", "Yes" if star > 1 else "No", "" if i % 3 else "Yes"]
        + [f"302-{1000000 + i}-{7919 * i:07d}", f"x{i}@marketplace.amazon.de", "Buyer"]
        for i, star in enumerate(stars)
    ]
    export = mini / "data" / "feedback.txt"
    _review_export(export, header, rows, separator="\t")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert '      overall:\n        csat: "Rating"  # ' in output, output
    assert '        comment: "Comments"\n' in output
    assert '# ???: {binary: "Arrived on Time"}' in output
    _paste(mini, output)
    figure = build(mini).report.relationship
    assert (figure.kpi, figure.n, figure.value) == ("csat", 42, pytest.approx(_top2(stars)))


@pytest.mark.parametrize(
    ("name", "written", "aspects", "top"),
    [
        ("Gesamtbewertung", "{:.1f}", ["Arbeitsatmosphäre", "Image", "Kommunikation"], 5),
        ("Gesamtnote", "{:.2f}", ["Kompetenz", "Freundlichkeit", "Preis-Leistung"], 5),
        ("Gesamtbewertung", "{:.1f}", ["Hotel", "Zimmer", "Service", "Lage"], 6),
    ],
    ids=["kununu", "provenexpert", "holidaycheck"],
)
def test_a_reviews_overall_rating_with_decimals_is_named_a_mean(
    tmp_path: Path, name: str, written: str, aspects: list[str], top: int
):
    """kununu's "Gesamtbewertung" (3,8), ProvenExpert's "Gesamtnote" (4,67), HolidayCheck's
    (5,3) are each the mean of the reviewer's ratings of the aspects beside them. They were
    left out without a note, and the column table called one whose means ran from 1 to 5 a
    "Likert 1-5". The table and a note say what they are now, and why they are not mapped."""
    header = ["Datum", name, "Titel", "Bewertung", *aspects]
    rows = []
    draw = random.Random(7)
    for i in range(60):
        subs = [draw.randint(1, top) for _ in aspects]
        subs = [1] * len(aspects) if i == 0 else [top] * len(aspects) if i == 1 else subs
        mean = written.format(sum(subs) / len(subs)).replace(".", ",")  # "4,67"
        rows.append([f"{i % 28 + 1:02d}.03.2026", mean, "Top", f"Gute Firma ({i})", *subs])
    export = tmp_path / "reviews.csv"
    _review_export(export, header, rows, separator=";")
    output = _inspect(str(export))
    line = next(line for line in output.splitlines() if f"  {name}  " in line)
    assert "Likert" not in line and "decimals: a mean" in line, line
    assert f'    # "{name}" is not mapped: its ratings have decimals ("' in output, output
    assert f'csat: "{name}"' not in output


def test_a_number_columns_range_is_of_every_value_read(tmp_path: Path):
    """The column table showed a ticket id of 20,000 rows as 100000..100199: the range of the
    first 200 distinct values it keeps for examples, not of the column."""
    export = tmp_path / "tickets.csv"
    rows = ["Ticket ID;Bewertung;Dauer"]
    rows += [f"{100000 + i};{1 + i % 5};{(i * 7919) % 5000}" for i in range(3000)]
    export.write_text("\n".join(rows) + "\n", encoding="utf-8")
    table = _inspect(str(export)).split("\ndata:\n")[0]
    durations = [(i * 7919) % 5000 for i in range(3000)]
    assert "100000..102999" in table
    assert f"{min(durations)}..{max(durations)}" in table
    assert "1..5" in table


def test_a_number_columns_range_is_written_out_whatever_its_digits():
    """SurveyMonkey's Collector ID (a number of nine digits, two distinct) was shown as
    4.31235e+08..4.3124e+08: six significant digits, two ids that read as one."""
    table = _inspect(str(EXPORTS / "surveymonkey-de-custom-variable.csv")).split("\ndata:\n")[0]
    [line] = [line for line in table.splitlines() if "Sammler-ID" in line]
    assert "431234567..431239999" in line


def _with_custom_data(export: str, values: list[str], to: Path) -> str:
    """A SurveyMonkey export (its fixture `export`) with its first custom data column
    (`Custom Data 1`, `Benutzerdefinierte Daten 1`) filled, row by row, with `values`."""
    rows = list(csv.reader(io.StringIO((EXPORTS / export).read_text("utf-8-sig"))))
    at = next(i for i, name in enumerate(rows[0]) if name.endswith(("Data 1", "Daten 1")))
    for row, value in zip(rows[2:], values, strict=False):
        row[at] = value
    with to.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    return rows[0][at]


# customer numbers as a contact list holds them: digits, or a code with a prefix
CUSTOMER_NUMBERS = st.lists(
    st.from_regex(r"(K|KD-|CUST-|A)?[0-9]{4,9}", fullmatch=True), min_size=9, max_size=9
).filter(lambda numbers: len(set(numbers)) == len(numbers))


@settings(max_examples=25, deadline=None)
@given(numbers=CUSTOMER_NUMBERS, english=st.booleans())
def test_surveymonkey_custom_data_of_customer_numbers_shows_no_examples(
    numbers, english, tmp_path_factory
):
    """SurveyMonkey's custom data holds what the contact list gave each contact, often the
    client's customer number, by which its systems find the person: before, data inspect
    printed three of them as examples, where a column named Kundennummer shows none. Now a
    custom data column or variable of codes that differ from response to response is
    personal data as that one is; the custom variable beside it that names the touchpoint
    still shows its values and is mapped as the touchpoint."""
    export = "surveymonkey.csv" if english else "surveymonkey-de-custom-variable.csv"
    path = tmp_path_factory.mktemp("custom") / "export.csv"
    name = _with_custom_data(export, numbers, path)
    output = _inspect(str(path))
    [line] = [line for line in output.splitlines() if f"  {name} " in line]
    assert line.endswith("(examples not shown: personal data)"), line
    shown = set(re.findall(r"[\w-]+", output))
    assert not shown & set(numbers), output
    if not english:
        assert "e.g. Kasse, Hotline, Lieferung" in output
        assert 'touchpoint: "kontaktpunkt"' in output


def test_surveymonkey_custom_data_that_repeats_a_few_codes_shows_them(tmp_path: Path):
    """A custom data column of a store's code, the same for many responses, names where the
    customer answered, no person: its values are shown, to be mapped."""
    path = tmp_path / "export.csv"
    name = _with_custom_data("surveymonkey-de-custom-variable.csv", ["F01", "F02"] * 5, path)
    [line] = [line for line in _inspect(str(path)).splitlines() if f"  {name} " in line]
    assert "e.g. F01, F02" in line or "e.g. F02, F01" in line, line


def test_a_qualtrics_external_reference_shows_no_examples(tmp_path: Path):
    """Qualtrics' ExternalReference holds the contact's External Data Reference, the id the
    client's CRM gives the customer: before, data inspect printed three as examples, where a
    column named Kundennummer shows none."""
    rows = list(csv.reader(io.StringIO((EXPORTS / "qualtrics.csv").read_text("utf-8-sig"))))
    at = rows[0].index("ExternalReference")
    for number, row in enumerate(rows[3:]):
        row[at] = f"CRM-{770431 + number}"
    export = tmp_path / "qualtrics.csv"
    with export.open("w", encoding="utf-8-sig", newline="") as handle:
        csv.writer(handle).writerows(rows)
    output = _inspect(str(export))
    [line] = [line for line in output.splitlines() if "  ExternalReference " in line]
    assert line.endswith("(examples not shown: personal data)"), line
    assert "CRM-77043" not in output


def test_a_surveymonkey_custom_variable_of_codes_is_named_as_a_touchpoint_to_map(mini: Path):
    """The touchpoint passed in the survey's link as a code (`F01`), which no touchpoint's
    words name: before, the NPS went to the company as a whole and the variable went
    unmentioned, as if no answer said where it was given. Now a note names it and how to
    map it; followed, each answer is its touchpoint's."""
    text = (EXPORTS / "surveymonkey-de-custom-variable.csv").read_text("utf-8-sig")
    codes = {",Kasse,": ",K01,", ",Hotline,": ",H02,", ",Lieferung,": ",L03,"}
    for value, code in codes.items():
        text = text.replace(value, code)
    export = mini / "data" / "umfrage.csv"
    export.write_text(text, "utf-8-sig")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert '# "kontaktpunkt" (SurveyMonkey\'s custom data: "H02", "K01", "L03") is not ' in output
    assert 'touchpoint: "kontaktpunkt", touchpoint_values: (each value' in output
    _paste(mini, output)
    yml = mini / "touchsite.yml"
    mapping = yml.read_text("utf-8")
    at = mapping.index("    touchpoints:")
    end = mapping.index("privacy:")
    yml.write_text(
        mapping[:at]
        + '    touchpoint: "kontaktpunkt"\n'
        + '    touchpoint_values: {H02: hotline, K01: search, L03: search, "": overall}\n'
        + "    scores:\n"
        + '      nps: "Wie wahrscheinlich ist es, dass Sie Beispiel GmbH einem Freund oder '
        + 'Kollegen weiterempfehlen?"\n'
        + '    comment: "Was können wir besser machen?"\n'
        + mapping[end:],
        "utf-8",
    )
    report = build(mini).report
    rows = list(csv.reader(io.StringIO(text, newline="")))[2:]
    hotline = [r for r in rows if r[9] == "H02"]
    assert report.touchpoint("hotline").kpis["nps"].n == len(hotline)


def test_a_custom_variable_naming_one_touchpoint_is_not_said_to_name_none(mini: Path):
    """The note on a custom variable left unmapped said it "names no touchpoint" where one
    of its values was a touchpoint's title ("Hotline", beside "Kasse" and "Lieferung" that
    the project has no touchpoint for): the consultant was told something untrue of the
    column to map."""
    export = mini / "data" / "umfrage.csv"
    shutil.copy(EXPORTS / "surveymonkey-de-custom-variable.csv", export)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    [note] = [line for line in output.splitlines() if "SurveyMonkey's custom data" in line]
    assert '"Hotline"' in note and "names no touchpoint" not in note
    assert 'touchpoint: "kontaktpunkt", touchpoint_values: (each value' in note


def test_a_stacked_exports_answers_beside_a_comment_column_are_the_customers(mini: Path):
    """A stacked export whose answer column (named "Antwort") holds words, beside a column
    of comments: before, "Antwort" was taken for the company's replies (its examples hidden),
    the open question's rows were not mapped, the comment column took the overall comment,
    and comment_columns named "Antwort": the pasted mapping failed the build. Now the open
    question is the comment, the comment column beside the questions is left to place."""
    labels = ["Sehr zufrieden", "Zufrieden", "Teils/teils", "Unzufrieden", "Sehr unzufrieden"]
    questions = [
        "Wie zufrieden waren Sie mit der Hotline?",
        "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?",
        "Was können wir besser machen?",
    ]
    rows = [["Antwort-ID", "Datum", "Frage", "Antwort", "Kommentar"]]
    for n in range(600):
        question = questions[n % 3]
        answer = [labels[n % 5], str(n % 11), f"Die Wartezeit {n} war zu lang, bitte mehr Personal"]
        remark = f"Bemerkung {n}: der Fahrer kam zu spät, die Ware war gut" if n % 4 == 0 else ""
        rows.append([f"R{n // 3}", f"{1 + n % 28:02d}.03.2026", question, answer[n % 3], remark])
    export = mini / "data" / "gestapelt.csv"
    export.write_text("\n".join(";".join(row) for row in rows) + "\n", encoding="utf-8")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert "(examples not shown: the company's replies)" not in output
    assert (
        '        comment: {column: "Antwort", where: {"Frage": "Was können wir besser machen?"}}\n'
        in output
    )
    assert '      # ???: {comment: "Kommentar"}  # EDIT: which touchpoint?' in output
    _paste(mini, output)
    report = build(mini).report
    hotline = [labels.index(r[3]) for r in rows[1:] if r[2] == questions[0]]
    assert report.touchpoint("hotline").kpis["csat"].n == len(hotline)
    assert report.relationship.n == sum(1 for r in rows[1:] if r[2] == questions[1])
    opened = {r[3] for r in rows[1:] if r[2] == questions[2]}
    published = [c.text for c in report.feedback.comments.get("overall", [])]
    assert published and set(published) <= opened


# Qualtrics' fraud checks as its export writes them: a reCAPTCHA score of 0 to 1 (in 0.1
# steps), RelevantID's scores of 0 to 100, its duplicate flag "true" or nothing
RECAPTCHA = st.sampled_from(["", "0", "0.1", "0.3", "0.4", "0.5", "0.7", "0.9", "1"])
DUPLICATE = st.sampled_from(["", "true", "false"])
SCORE_0_100 = st.one_of(st.just(""), st.integers(0, 100).map(str))


@given(
    checks=st.lists(
        st.tuples(RECAPTCHA, DUPLICATE, SCORE_0_100, SCORE_0_100), min_size=1, max_size=25
    )
)
def test_the_mapping_says_how_many_responses_qualtrics_fraud_checks_flag(checks):
    """A Qualtrics export with its fraud detection on holds Q_RecaptchaScore, the RelevantID
    checks and their scores beside the answers. Before, `data inspect` said nothing of
    them and a build counted the bots' and duplicates' answers unnoticed; now the mapping
    says how many responses each check flags, and how many in all, by Qualtrics' own
    thresholds (a reCAPTCHA score below 0.5, a fraud score of 30 or more, a duplicate score
    of 75 or more, a duplicate's "true"): they are still counted, as the README says."""
    names = ["Q_RecaptchaScore", "Q_RelevantIDDuplicate", "Q_RelevantIDDuplicateScore"]
    names += ["Q_RelevantIDFraudScore"]
    with _bare_mini() as mini:
        export = mini / "data" / "qualtrics.csv"
        with export.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(["ResponseId", "RecordedDate", "DistributionChannel", *names, "Q1"])
            for number, row in enumerate(checks):
                day = f"2026-03-{number % 28 + 1:02d} 10:00:00"
                writer.writerow([f"R_{number:04d}", day, "anonymous", *row, str(number % 11)])
        output = _inspect(str(export))
    flagged = [
        [r for r, row in enumerate(checks) if row[0] and float(row[0]) < 0.5],
        [r for r, row in enumerate(checks) if row[1] == "true"],
        [r for r, row in enumerate(checks) if row[2] and int(row[2]) >= 75],
        [r for r, row in enumerate(checks) if row[3] and int(row[3]) >= 30],
    ]
    either = set().union(*map(set, flagged))
    notes = [line for line in output.splitlines() if "fraud checks" in line]
    if not either:
        assert notes == []
        return
    [note] = notes
    assert f"flag {len(either)} of the {len(checks)} responses" in note
    flags = ["below 0.5", "true", "75 or more", "30 or more"]
    for name, said, rows in zip(names, flags, flagged, strict=True):
        assert (f'"{name}" {said}: {len(rows)}' in note) == bool(rows), note
    assert "they are counted as any other" in note


CLOSING_QUESTIONS = st.sampled_from(
    ["Was möchten Sie uns noch mitteilen?", "Haben Sie noch Anregungen?"]
    + ["Haben Sie noch Anmerkungen oder Wünsche?", "Möchten Sie uns sonst noch etwas sagen?"]
).flatmap(lambda text: st.sampled_from([text, text.upper(), text.lower(), f"  {text} "]))


@given(closing=CLOSING_QUESTIONS, search_first=st.booleans(), named=st.booleans())
def test_a_closing_question_after_several_ratings_is_the_companys(closing, search_first, named):
    """A survey's closing question that asks what else the respondent would say, after two
    touchpoints' ratings in either order, is the company's comment, not the last rating's;
    one that names a touchpoint ("... zur Hotline ...") is that touchpoint's."""
    ratings = ["Wie zufrieden waren Sie mit unserer Hotline?"]
    ratings.append("Wie zufrieden waren Sie mit der Produktsuche?")
    if search_first:
        ratings.reverse()
    question = closing.replace("?", " zur Hotline?") if named else closing
    header = ["Datum", *ratings, question]
    answers = ["Die Warteschleife war zu lang", "Bitte mehr Filialen", "Alles prima, danke!"]
    with _bare_mini() as mini:
        export = mini / "data" / "umfrage.csv"
        with export.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, delimiter=";")
            writer.writerow(header)
            for day, text in enumerate(answers, start=1):
                writer.writerow([f"0{day}.03.2026", str(day + 2), str(5 - day), text])
        output = _inspect(str(export))
    snippet = output[output.index("\ndata:\n") :]
    commented = re.findall(r"\n      (\S+):\n(?:        \w+: .*\n)*?        comment: ", snippet)
    assert commented == ["hotline" if named else "overall"], snippet


def test_a_chunks_totals_rows_and_notes_are_found_in_one_match_of_all_columns(monkeypatch):
    """Every column of a chunk was matched against the totals/notes expression in a call of
    its own, which compiles it again: a 311-column export read in chunks of 2,572 rows paid
    it 2,177 times (1.3 s of data inspect's CPU). Now a chunk's columns are matched in one
    call, and each row is named by its first such cell, each such cell by its column, in
    whatever text type each column holds."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from touchsite.load.inspect import profiles

    calls = []
    match = pc.match_substring_regex
    monkeypatch.setattr(
        pc, "match_substring_regex", lambda *a, **k: calls.append(1) or match(*a, **k)
    )
    columns = {
        4: pa.array(["9", "Summe", "7", "  n = 230 "]),
        0: pa.array(["R_1", "", "R_3", "Summe: 12"]).dictionary_encode(),
        2: pa.array(["5", "Gesamt: 4,2", "x", ""], pa.large_string()),
    }
    found = profiles._labelled_rows(columns, 4)
    assert found == {
        1: ("Gesamt: 4,2", {2: "Gesamt: 4,2", 4: "Summe"}),
        3: ("Summe: 12", {0: "Summe: 12", 4: "n = 230"}),
    }
    assert list(found) == [3, 1]  # rows in the order their first cells' columns come
    assert len(calls) == 1


@pytest.mark.parametrize(
    ("ratings", "question", "commented"),
    [
        (
            ["Wie zufrieden waren Sie mit unserer Hotline?"],
            "Wo können wir uns noch verbessern?",
            "hotline",
        ),
        (
            [
                "Wie zufrieden waren Sie mit unserer Hotline?",
                "Wie zufrieden waren Sie mit der Produktsuche?",
            ],
            "Was möchten Sie uns noch mit auf den Weg geben?",
            "overall",
        ),
    ],
)
def test_a_wish_with_uns_noch_after_one_rating_is_that_touchpoints(ratings, question, commented):
    """ "Wo können wir uns noch verbessern?" after the hotline's rating alone is a wish about
    the hotline, as "Was können wir besser machen?" is: "uns noch" was read as a closing
    question's and made it the company's comment. A closing question that asks what else to
    give the company on its way is the company's."""
    with _bare_mini() as mini:
        export = mini / "data" / "umfrage.csv"
        with export.open("w", encoding="utf-8", newline="") as file:
            writer = csv.writer(file, delimiter=";")
            writer.writerow(["Datum", *ratings, question])
            for day, text in enumerate(["Die Warteschleife war zu lang", "Schneller abheben"], 1):
                writer.writerow([f"0{day}.03.2026", *[str(day + 2)] * len(ratings), text])
        output = _inspect(str(export))
    snippet = output[output.index("\ndata:\n") :]
    found = re.findall(r"\n      (\S+):\n(?:        \w+: .*\n)*?        comment: ", snippet)
    assert found == [commented], snippet


def test_a_birth_date_beside_the_answers_is_personal_data(tmp_path: Path):
    """A custom variable or a CRM's field carrying the customer's birth date ("Geburtsdatum",
    "Date of Birth") was read as a date column once days in ISO form counted as dates: its
    range of birth dates was printed. It is personal data: no examples, never the date."""
    export = tmp_path / "responses.csv"
    header = ["Respondent", "Submitted", "Geburtsdatum", "Date of Birth", "DOB", "NPS"]
    rows = []
    for i in range(30):
        born = f"19{60 + i}-0{i % 9 + 1}-1{i % 10}"
        rows.append([f"R{i}", f"2026-10-{i % 28 + 1:02d} 09:{i:02d}", born, born, born, i % 11])
    _review_export(export, header, rows)
    output = _inspect(str(export))
    assert "1960" not in output and "1989" not in output
    for name in header[2:5]:
        line = next(line for line in output.splitlines() if f"  {name}  " in line)
        assert "(examples not shown: personal data)" in line, line
    assert 'date: "Submitted"' in output


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_spreadsheets_empty_rows_below_its_answers_are_no_rows(mini: Path, kind: str):
    """Excel saves rows below the answers whose cells were once formatted or cleared as
    ";;;;;" lines (a workbook keeps them as empty rows): a build skips them without a word,
    so inspect counts the rows of answers alone, as the build does (it said 42 of 40)."""
    fixture = EXPORTS / "excel-empty-rows-de.csv"
    with fixture.open(encoding="utf-8", newline="") as file:
        table = list(csv.reader(file, delimiter=";"))
    answered = sum(any(cell.strip() for cell in row) for row in table[1:])
    assert answered == len(table) - 3  # two empty rows below the answers
    (mini / "data" / "feedback.csv").unlink()
    if kind == "csv":
        export = mini / "data" / fixture.name
        shutil.copy(fixture, export)
    else:
        export = mini / "data" / "umfrage.xlsx"
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        for row in table:
            sheet.append([cell or None for cell in row])
        for row in range(len(table) + 1, len(table) + 4):  # formatted, then cleared
            for column in range(1, len(table[0]) + 1):
                sheet.cell(row, column).number_format = "0.00"
                sheet.cell(row, column).value = ""
        workbook.save(export)
    output = _inspect(str(export))
    assert f"  rows:    {answered}\n" in output
    _paste(mini, output)
    assert build(mini).report.feedback.files[0].records == answered


def test_a_microsoft_forms_wish_after_an_unnamed_rating_and_a_named_one_is_the_companys(
    mini: Path,
):
    """Microsoft Forms' workbook (ID, Startzeit, Fertigstellungszeit, E-Mail, Name, then the
    questions): "Was können wir besser machen?" after the delivery's rating, which no
    touchpoint's words name, and the hotline's was taken for a wish about the hotline
    alone, so the delivery's complaints were published on the hotline's page. Its ID,
    numbered from 1, was named a rating up to 6 once the form had six responses."""
    export = mini / "data" / "umfrage.xlsx"
    shutil.copy(EXPORTS / "msforms-de.xlsx", export)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    snippet = output[output.index("\ndata:\n") :]
    assert '    respondent: "ID"\n' in snippet
    assert '    date: "Fertigstellungszeit"\n' in snippet
    assert (
        "      overall:\n"
        '        nps: "Wie wahrscheinlich ist es, dass Sie uns einem Freund oder Kollegen '
        'weiterempfehlen?"\n'
        '        comment: "Was können wir besser machen?"\n'
        "      hotline:\n"
        '        csat: "Wie zufrieden waren Sie mit unserer Hotline?"\n'
        '      # ???: {csat: "Wie zufrieden waren Sie mit der Lieferung?"}'
    ) in snippet
    assert '"ID" is not mapped' not in snippet
    _paste(mini, output)
    report = build(mini, strict=True).report
    # six responses, each answering the NPS and the hotline; five answered the open
    # question, one of them with a dash (no comment)
    assert report.relationship.n == 6
    assert report.touchpoint("hotline").kpis["csat"].n == 6
    assert not report.touchpoint("hotline").comments
    texts = sorted(c.text for c in report.feedback.comments["overall"])
    assert texts == [
        "Alles gut, Rückfragen an [email removed]",
        "Die Lieferung kam zwei Tage zu spät.",
        "Sofa beschädigt geliefert, Erstattung auf [IBAN removed]",
        "The driver was rude, call me: [phone removed]",
    ]


def test_trusted_shops_reviews_are_the_companys_and_its_replies_no_comments(mini: Path):
    """Trusted Shops' reviews API (eTrusted: `items` beside `paging`): its review type,
    SERVICE_REVIEW or PRODUCT_REVIEW, named the rows' touchpoints by five letters shared with
    German titles ("Servicetechniker vor Ort", "Telefonische Produktberatung"), so the shop's
    reviews were proposed as the technician's; and the shop's reply.comment beside the
    reviews' comment was proposed as customers' comments and published with them."""
    touchpoints = mini / "content" / "touchpoints"
    for name, title in [
        ("servicetechniker", "Servicetechniker vor Ort"),
        ("produktberatung", "Telefonische Produktberatung"),
    ]:
        (touchpoints / f"{name}.md").write_text(
            f"---\ntitle: {title}\nphase: after\nchannel: phone\n---\n", encoding="utf-8"
        )
    export = mini / "data" / "reviews.json"
    shutil.copy(EXPORTS / "trustedshops-etrusted.json", export)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    snippet = output[output.index("\ndata:\n") :]
    assert "touchpoint:" not in snippet and "servicetechniker" not in snippet
    assert "ORD-2026" not in output  # the customer's order (transaction.reference)
    assert (
        '    touchpoints:\n      overall:\n        csat: "rating"  # a review\'s stars'
    ) in snippet
    assert '        comment: "comment"\n' in snippet
    assert '    # "reply.comment" is not mapped: its name says it holds the company\'s replies' in (
        snippet
    )
    assert 'comment_columns: ["comment"]' in snippet
    _paste(mini, output)
    feedback = build(mini, strict=True).report.feedback
    counts = feedback.counts
    # seven reviews, each with its stars; six with a text, none of them the shop's reply
    assert counts[counts["kpi"] == "csat"]["n"].sum() == 7
    texts = {comment.text for comment in feedback.comments["overall"]}
    assert len(texts) == 6
    assert "Sehr bequemes Sofa." in texts
    assert not any("Kundenservice" in text or "freut uns" in text for text in texts)


def test_a_shops_grades_are_read_reversed_and_its_review_text_is_the_comment(mini: Path):
    """A price portal's shop ratings as German Excel saves them (idealo: Datum, Note,
    Bewertungstext, Kundenname): the grade, 1 the best as at German schools, was proposed
    as a CSAT as it stands, so "sehr gut" counted as very dissatisfied; and the short
    review texts ("Top Händler") under "Bewertungstext" were not proposed as comments."""
    export = mini / "data" / "idealo.csv"
    shutil.copy(EXPORTS / "idealo-noten.csv", export)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert (
        '        csat: {column: "Note", labels: {"1": 5, "2": 4, "3": 3, "4": 2, "5": 1}}  # EDIT: '
        "a grade (Note), 1 the best"
    ) in output
    assert '        comment: "Bewertungstext"\n' in output
    assert "Karin" not in output
    _paste(mini, output + "analysis: {min_n_shown: 1}\n")
    report = build(mini, strict=True).report
    counts = report.feedback.counts
    csat = counts[counts["kpi"] == "csat"].groupby("score", observed=True)["n"].sum().to_dict()
    # grades 1, 2, 5, 3, 1, 4, 2, 1 read as 5, 4, 1, 3, 5, 2, 4, 5
    assert csat == {1: 1, 2: 1, 3: 1, 4: 2, 5: 3}
    texts = {comment.text for comment in report.feedback.comments["overall"]}
    assert "Top Händler" in texts and "Ware kam nie an! Rückruf bitte: [phone removed]" in texts
    assert len(texts) == 7


def test_a_grade_written_with_decimals_is_not_read_reversed(tmp_path: Path):
    """ProvenExpert writes its "Gesamtnote" with two decimals, a mean of stars (5,00 the
    best): where every review's happens to be whole, it is no school grade to reverse."""
    export = tmp_path / "provenexpert.csv"
    rows = [[f"{day:02d}.03.2026", f"{1 + day % 5},00", f"Bewertung {day}"] for day in range(1, 21)]
    _review_export(export, ["Datum", "Gesamtnote", "Bewertungstext"], rows, ";")
    output = _inspect(str(export))
    assert "EDIT: a grade" not in output and '"1": 5' not in output


def test_a_rating_from_excellent_to_poor_has_good_in_its_middle(mini: Path):
    """Microsoft Forms' export (ID, Start time, Completion time, Email, Name, Last modified
    time, then the questions) of a rating asked Excellent, Very Good, Good, Fair, Poor:
    its words were read by CSAT's table, Excellent and Very Good both 5 and Good 4, so a
    middle answer counted as satisfied. Now they are the five points in their order."""
    export = mini / "data" / "forms.csv"
    shutil.copy(EXPORTS / "msforms-en.csv", export)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert (
        '    labels:\n      "Excellent": 5\n      "Very Good": 4\n      "Good": 3\n'
        '      "Fair": 2\n      "Poor": 1\n'
    ) in output
    assert "Ada" not in output and "example.com" not in output
    _paste(mini, output + "analysis: {min_n_shown: 1}\n")
    report = build(mini, strict=True).report
    csat = report.touchpoint("hotline").kpis["csat"]
    # Excellent, Fair, Very Good, Poor, Good, Good, Very Good: 3 of 7 in the top two boxes
    assert csat.n == 7
    assert round(csat.value, 2) == round(100 * 3 / 7, 2)


def test_a_shops_grades_in_words_are_a_csat(mini: Path):
    """A shop's ratings graded in words as German schools grade (Check24's and idealo's
    "sehr gut" .. "ungenügend"): "befriedigend", "ausreichend", "mangelhaft" are no scale's
    words elsewhere, so the column was text and no KPI was proposed."""
    export = mini / "data" / "noten.csv"
    shutil.copy(EXPORTS / "shop-noten-worte.csv", export)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert '        csat: "Gesamtnote"' in output
    assert (
        '    labels:\n      "sehr gut": 5\n      "gut": 4\n      "befriedigend": 3\n'
        '      "ausreichend": 2\n'
    ) in output
    assert '"mangelhaft": 1' in output and '"ungenügend": 1' in output
    assert '"Gesamtnote" answers on 6 points, read on CSAT\'s 1-5' in output
    _paste(mini, output + "analysis: {min_n_shown: 1}\n")
    counts = build(mini, strict=True).report.feedback.counts
    csat = counts[counts["kpi"] == "csat"].groupby("score", observed=True)["n"].sum().to_dict()
    # sehr gut, gut, mangelhaft, befriedigend, sehr gut, ausreichend, gut, ungenügend
    assert csat == {1: 2, 2: 1, 3: 1, 4: 2, 5: 2}


def test_a_forms_name_question_beside_its_own_name_column_is_personal_data(tmp_path: Path):
    """Microsoft Forms writes its own "Name" column, so a question titled "Name" comes out as
    "Name2"; a form asks "Ihr Name (optional)", "Ihre E-Mail-Adresse". Their answers, the
    customers' names, were printed as examples."""
    export = tmp_path / "forms.csv"
    header = ["ID", "Completion time", "Email", "Name", "Name2", "Ihr Name (optional)"]
    header += ["Ihre E-Mail-Adresse", "E-Mail (freiwillig)", "How likely are you to recommend us?"]
    people = [("Anna Schmidt", "anna@example.de"), ("Tom Weber", "tom@example.de")]
    people += [("Ali Yilmaz", "ali@example.de")]
    rows = [
        [n, f"3/{n + 1}/26 9:00:00", "anonymous", "", who, who, mail, mail, (3 * n) % 11]
        for n, (who, mail) in enumerate(people * 4, 1)
    ]
    _review_export(export, header, rows)
    output = _inspect(str(export))
    for who, _ in people:
        assert who not in output
    for name in header[4:8]:
        line = next(line for line in output.splitlines() if f"  {name}  " in line)
        assert "(examples not shown: personal data)" in line, line
    assert 'nps: "How likely are you to recommend us?"' in output


def test_trusted_shops_older_api_mark_is_the_reviews_stars(mini: Path):
    """Trusted Shops' older reviews API names a review's stars its "mark" (5.00 .. 1.00,
    beside markDescription EXCELLENT .. VERY_POOR): no rating's name, so it was left to an
    EDIT (which touchpoint?) with the reviews' texts."""
    export = mini / "data" / "reviews.json"
    shutil.copy(EXPORTS / "trustedshops-api.json", export)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert '      overall:\n        csat: "mark"' in output
    assert '        comment: "comment"\n' in output and "???" not in output
    _paste(mini, output + "analysis: {min_n_shown: 1}\n")
    csat = build(mini, strict=True).report.relationship
    # marks 5, 4, 1, 3, 5: three of five are 4 or 5
    assert (csat.kpi, csat.n, csat.value) == ("csat", 5, pytest.approx(60.0))


def test_a_german_rating_from_ausgezeichnet_to_schlecht_has_gut_in_its_middle(mini: Path):
    """Microsoft Forms' German rating, Ausgezeichnet, Sehr gut, Gut, Mittelmäßig, Schlecht:
    "Ausgezeichnet" was no scale's word, so it was dropped from the labels (its answers no
    answer) and the rest read a point high on CSAT's table (Sehr gut 5, Gut 4)."""
    words = ["Ausgezeichnet", "Sehr gut", "Gut", "Mittelmäßig", "Schlecht", "Gut", "Sehr gut"]
    export = mini / "data" / "forms.csv"
    header = ["ID", "Fertigstellungszeit", "Wie bewerten Sie unsere Hotline?"]
    rows = [[n, f"3/{12 + n}/26 9:00:00", word] for n, word in enumerate(words, 1)]
    _review_export(export, header, rows)
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    assert (
        '    labels:\n      "Ausgezeichnet": 5\n      "Sehr gut": 4\n      "Gut": 3\n'
        '      "Mittelmäßig": 2\n      "Schlecht": 1\n'
    ) in output
    _paste(mini, output + "analysis: {min_n_shown: 1}\n")
    csat = build(mini, strict=True).report.touchpoint("hotline").kpis["csat"]
    # Ausgezeichnet and the two Sehr gut of seven in the top two boxes
    assert (csat.n, csat.value) == (7, pytest.approx(100 * 3 / 7))


def test_a_word_of_the_excellent_or_grade_scale_among_another_scales_is_no_label(mini: Path):
    """Words as "Ausgezeichnet" and "Befriedigend" are points of their own scales alone. Among
    another scale's words (six points from "Ausgezeichnet" to "Sehr schlecht"; a grade's
    "Befriedigend" beside "Schlecht") they were left out of the labels proposed on CSAT's
    table, and the build dropped those answers, the best among them: such a column is
    described as text, not mapped, as before those scales were known."""
    export = mini / "data" / "umfrage.csv"
    header = ["Datum", "Wie zufrieden waren Sie mit der Hotline?", "Wie bewerten Sie die Suche?"]
    six = ["Ausgezeichnet", "Sehr gut", "Gut", "Mittelmäßig", "Schlecht", "Sehr schlecht"]
    grades = ["Sehr gut", "Gut", "Befriedigend", "Schlecht", "Sehr schlecht", "Gut"]
    rows = [[f"0{n}.03.2026", a, b] for n, (a, b) in enumerate(zip(six, grades, strict=True), 1)]
    _review_export(export, header, rows, separator=";")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(export))
    for column in header[1:]:
        line = next(line for line in output.splitlines() if f"  {column}  " in line)
        assert "  text  " in line, line
    assert "labels:" not in output
    assert "csat" not in output


def test_a_numbered_questionnaire_item_named_for_contact_is_no_personal_data(tmp_path: Path):
    """A spreadsheet's number after a name or an address it has already ("Name2") is read
    off; "Kontakt1", "Kontakt2", "Kunde3", a questionnaire's items answered 1-5, were read as
    "Kontakt" and "Kunde" (a feedback tool's customer), so as personal data: their ratings
    were text, no KPI was proposed, and the file was taken for a long table."""
    export = tmp_path / "umfrage.csv"
    header = ["Datum", "Name der Filiale", "Kontakt1", "Kontakt2", "Kunde3", "Name2"]
    rows = [
        [f"0{n}.03.2026", f"Filiale {city}", n % 5 + 1, (n + 2) % 5 + 1, (n + 1) % 5 + 1, who]
        for n, (city, who) in enumerate(
            [("Bonn", "Erika"), ("Köln", "Max"), ("Bonn", "Jan"), ("Köln", "Lea")], 1
        )
    ]
    _review_export(export, header, rows, separator=";")
    output = _inspect(str(export))
    assert "wide export" in output
    for column in ("Kontakt1", "Kontakt2", "Kunde3"):
        line = next(line for line in output.splitlines() if f"  {column}  " in line)
        assert "  number  " in line and "personal data" not in line, line
        assert f'csat: "{column}"' in output
    line = next(line for line in output.splitlines() if "  Name2  " in line)
    assert "(examples not shown: personal data)" in line, line


def test_a_german_satisfaction_question_answered_gut_or_schlecht_is_no_yes_no_rating(
    tmp_path: Path,
):
    """The words "Gut" and "Schlecht" are Zendesk's German rating and a German satisfaction
    scale's 4 and 2. A question asked with that scale whose few answers were those words
    alone ("Gut" in every row) was proposed as the company's yes/no rating, its touchpoint's
    CSAT lost: it is a CSAT now, as before Zendesk's German words were known."""
    export = tmp_path / "umfrage.csv"
    header = ["Datum", "Wie zufrieden waren Sie mit der Lieferung?"]
    header += ["Wie zufrieden waren Sie mit der Beratung?", "Zufriedenheitsbewertung"]
    rows = [
        ["01.03.2026", "Gut", "Gut", "Gut"],
        ["02.03.2026", "Schlecht", "Gut", "Schlecht"],
        ["03.03.2026", "Gut", "Gut", "Gut"],
    ]
    _review_export(export, header, rows, separator=";")
    output = _inspect(str(export))
    for column in header[1:3]:
        line = next(line for line in output.splitlines() if f"  {column}  " in line)
        assert "  labels  " in line, line
        assert f'csat: {{column: "{column}", labels: {{"Gut": 4' in output
    line = next(line for line in output.splitlines() if "  Zufriedenheitsbewertung  " in line)
    assert "yes/no: proposed as the binary KPI" in line, line
