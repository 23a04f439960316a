"""A client's export as it comes: `data inspect` -> paste the printed mapping (with at most
the two edits it asks for, marked EDIT) -> `check --strict` -> the site's figures.

Each fixture in tests/fixtures/exports/ reproduces what a tool really writes (its header rows,
encoding, separators, date formats); the SPSS file is written here with pyreadstat. The
expected figures are worked out in each test from the file itself, with the csv module.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from touchsite.__main__ import cli
from touchsite.build import build

EXPORTS = REPO / "tests" / "fixtures" / "exports"
MAX_EDITS = 2
ASPECT_TOUCHPOINTS = {
    "lieferung": "Lieferung & Aufbau",
    "kasse": "Kasse",
    "sauberkeit": "Sauberkeit im Markt",
    "parken": "Anfahrt",  # "Parkplatz" names no touchpoint's words: the printout asks
}


@pytest.fixture
def project(mini: Path) -> Path:
    """The mini project with the aspect touchpoints, showing every figure from n = 1."""
    for touchpoint, title in ASPECT_TOUCHPOINTS.items():
        (mini / "content" / "touchpoints" / f"{touchpoint}.md").write_text(
            f"---\ntitle: {title}\nphase: after\nchannel: web\n---\n", encoding="utf-8"
        )
    (mini / "data" / "feedback.csv").unlink()
    return mini


def inspect(project: Path, export: Path, *options: str, name: str = "") -> str:
    """Copy the export into the project as it came, and what `data inspect` prints."""
    target = project / "data" / (name or export.name)
    shutil.copy(export, target)
    result = CliRunner().invoke(
        cli, ["data", "inspect", str(target), *options], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    return result.output


def mapping(output: str) -> str:
    return output[output.index("\ndata:\n") + 1 :]


def paste(project: Path, text: str) -> None:
    """In place of the project's data: section, as a consultant pastes the mapping."""
    yml = project / "touchsite.yml"
    old = yml.read_text(encoding="utf-8")
    yml.write_text(old.replace("data:\n  - path: data/feedback.csv\n", text), encoding="utf-8")


def onboard(project: Path, export: Path, edits: dict[str, str] | None = None) -> str:
    """Inspect, paste the mapping with the edits it asks for, check --strict; the mapping."""
    snippet = mapping(inspect(project, export))
    edits = edits or {}
    assert len(edits) <= MAX_EDITS
    asked = [line for line in snippet.splitlines() if "EDIT" in line]
    assert len(asked) == len(edits), snippet  # every edit is one the printout asks for
    for marker, replacement in edits.items():
        [line] = [line for line in asked if marker in line]
        indent = line[: len(line) - len(line.lstrip())]
        snippet = snippet.replace(line, indent + replacement)
    paste(project, "analysis: {min_n_shown: 1, min_n_confident: 5}\n" + snippet)
    check = CliRunner().invoke(cli, ["check", "--strict", str(project)], catch_exceptions=False)
    assert check.exit_code == 0, snippet + check.output
    return snippet


def site_text(project: Path) -> str:
    """Every page of the project's built site, as one text."""
    return "\n".join(p.read_text("utf-8") for p in sorted((project / "site").rglob("*.html")))


def rows(path: Path, header_rows: int, encoding: str = "utf-8-sig", delimiter: str = ","):
    text = path.read_bytes().decode(encoding)
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))[header_rows:]


def nps(scores: list[int]) -> float:
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    return 100 * (promoters - detractors) / len(scores)


def top2(scores: list[int]) -> float:
    return 100 * sum(s >= 4 for s in scores) / len(scores)


def assert_figure(estimate, scores: list[int], measure) -> None:
    assert estimate.n == len(scores)
    assert estimate.value == pytest.approx(measure(scores))


def test_a_legacy_two_row_qualtrics_export(project: Path):
    export = EXPORTS / "qualtrics-legacy.csv"
    snippet = onboard(project, export)
    assert "format: qualtrics\n" in snippet and "header_rows: 2\n" in snippet
    assert 'comment_columns: ["Q3"]' in snippet  # with the privacy settings
    data = rows(export, 2)
    report = build(project).report
    assert_figure(report.relationship, [int(r[10]) for r in data], nps)
    search = [int(r[11]) for r in data if r[11]]
    hotline = [int(r[12]) for r in data if r[12]]
    assert_figure(report.touchpoint("search").kpis["csat"], search, top2)
    assert_figure(report.touchpoint("hotline").kpis["csat"], hotline, top2)
    comments = [c.text for c in report.touchpoint("hotline").comments]
    assert len(comments) == sum(bool(r[13]) for r in data)


def test_a_current_three_row_qualtrics_export(project: Path):
    export = EXPORTS / "qualtrics.csv"
    snippet = onboard(project, export)
    assert "format: qualtrics\n" in snippet and "header_rows" not in snippet
    data = rows(export, 3)
    report = build(project).report
    assert_figure(report.relationship, [int(r[17]) for r in data], nps)


# The satisfaction scale's words of the fixture, and the effort scale's of seven points
SATISFIED = {"Sehr zufrieden": 5, "Zufrieden": 4, "Weder noch": 3, "Unzufrieden": 2}
SATISFIED |= {"Sehr unzufrieden": 1}
EASY = {"Sehr einfach": 7, "Einfach": 6, "Eher einfach": 5, "Weder noch": 4}
EASY |= {"Eher schwierig": 3, "Schwierig": 2, "Sehr schwierig": 1}


def test_a_word_two_scales_read_otherwise_is_labelled_on_each_column(project: Path):
    """A Qualtrics export in German whose CSAT and seven-point CES both have "Weder noch":
    3 of five, 4 of seven. One `labels:` for the entry read every CSAT "Weder noch" as 4, a
    satisfied customer, and the CSAT came out 20 points too high."""
    export = EXPORTS / "qualtrics-weder-noch.csv"
    snippet = onboard(project, export)
    assert '"Weder noch": 3' in snippet and '"Weder noch": 4' in snippet
    data = rows(export, 3)
    report = build(project).report
    kasse = [SATISFIED[r[9]] for r in data if r[9]]
    lieferung = [EASY[r[10]] for r in data if r[10]]
    assert_figure(report.touchpoint("kasse").kpis["csat"], kasse, top2)
    estimate = report.touchpoint("lieferung").kpis["ces"]
    assert estimate.n == len(lieferung)
    assert estimate.value == pytest.approx(sum(lieferung) / len(lieferung))


def test_a_word_two_scales_read_otherwise_beside_a_csat_of_0_for_not_applicable(
    project: Path, tmp_path: Path
):
    """A CSAT answered in words, 0 where it did not apply, beside a seven-point CES: its
    "Weder noch" is 3, the CES's 4. Its labels left the entry's labels: for the CES, but its
    own mapping, scale: 0-5, named none, and check --strict failed on every word."""
    satisfied = [*SATISFIED, "0"]
    export = tmp_path / "umfrage.csv"
    with export.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(
            [
                "Datum",
                "Wie zufrieden waren Sie mit der Kasse?",
                "Wie einfach war es, die Lieferung zu vereinbaren?",
            ]
        )
        for i in range(14):
            writer.writerow([f"{i + 1:02d}.03.2026", satisfied[i % 6], list(EASY)[i % 7]])
    snippet = onboard(project, export)
    assert "scale: 0-5, labels: {" in snippet and '"Weder noch": 3' in snippet
    data = rows(export, 1, delimiter=";")
    report = build(project).report
    kasse = [SATISFIED[r[1]] for r in data if r[1] != "0"]
    assert_figure(report.touchpoint("kasse").kpis["csat"], kasse, top2)
    lieferung = [EASY[r[2]] for r in data]
    assert report.touchpoint("lieferung").kpis["ces"].value == pytest.approx(
        sum(lieferung) / len(lieferung)
    )


QUESTIONPRO_LABELS = {"Very Satisfied": 5, "Satisfied": 4, "Neutral": 3, "Dissatisfied": 2}
QUESTIONPRO_LABELS |= {"Very Dissatisfied": 1}


def test_a_questionpro_export(project: Path):
    """QuestionPro's raw data: its own columns first (a Duplicate flag of 0 and 1, a sequence
    number), its Response Status, the questions. Pasted as printed, the figures are the
    customers' without the respondents the survey terminated."""
    export = EXPORTS / "questionpro.csv"
    onboard(project, export)
    data = [r for r in rows(export, 1) if r[5] != "Terminated"]
    report = build(project).report
    assert_figure(report.relationship, [int(r[17]) for r in data], nps)
    for touchpoint, column in (("search", 18), ("hotline", 19)):
        scores = [QUESTIONPRO_LABELS[r[column]] for r in data if r[column]]
        assert_figure(report.touchpoint(touchpoint).kpis["csat"], scores, top2)


ZOHO_LABELS = {"Very satisfied": 5, "Satisfied": 4, "Neutral": 3, "Dissatisfied": 2}
ZOHO_LABELS |= {"Very dissatisfied": 1}


def test_a_zoho_survey_export_leaves_out_the_disqualified(project: Path):
    """Zoho Survey's Response Status: Completed, Partial (answered in part, then left) and
    Disqualified (screened out by the survey's logic, as its own reports leave them out).
    Before, the disqualified were counted in every figure, and their comments published;
    now they are left out as QuestionPro's terminated respondents are, and counted per
    file; the partial responses keep the answers they gave."""
    export = EXPORTS / "zoho-survey.csv"
    snippet = onboard(project, export)
    assert "Response Status" not in snippet and "Email Address" not in snippet
    data = rows(export, 1)
    kept = [r for r in data if r[3] != "Disqualified"]
    report = build(project).report
    assert_figure(report.relationship, [int(r[7]) for r in kept], nps)
    scores = [ZOHO_LABELS[r[8]] for r in kept if r[8]]
    assert_figure(report.touchpoint("hotline").kpis["csat"], scores, top2)
    [file] = report.feedback.files
    assert file.not_real == sum(r[3] == "Disqualified" for r in data) == 3
    assert "competitor" not in site_text(project)


QUALTRICS_CSAT = {"Extremely satisfied": 5, "Somewhat satisfied": 4}
QUALTRICS_CSAT |= {"Somewhat dissatisfied": 2, "Extremely dissatisfied": 1}


def test_a_qualtrics_export_with_its_fraud_checks_says_what_they_flag(project: Path):
    """A Qualtrics export of chosen columns (no Status) with its bot and duplicate checks on:
    Q_RecaptchaScore, Q_RelevantIDDuplicate and the RelevantID scores beside the answers.
    Before, `data inspect` printed nothing of them, and the bots' answers went into every
    figure unnoticed. The policy stays: a build counts them (nothing in the file says a
    person did not answer, and dropping them silently would be as wrong); the mapping now
    says how many responses Qualtrics' thresholds flag, and how to leave them out."""
    export = EXPORTS / "qualtrics-fraud-checks.csv"
    snippet = onboard(project, export)
    data = rows(export, 3)
    columns = rows(export, 0)[0]
    at = {name: columns.index(name) for name in columns}
    bots = [r for r in data if float(r[at["Q_RecaptchaScore"]]) < 0.5]
    bots += [r for r in data if int(r[at["Q_RelevantIDFraudScore"]]) >= 30]
    duplicates = [r for r in data if r[at["Q_RelevantIDDuplicate"]] == "true"]
    either = {r[at["ResponseId"]] for r in bots + duplicates}
    [note] = [line for line in snippet.splitlines() if "fraud checks" in line]
    assert f"flag {len(either)} of the {len(data)} responses" in note
    assert f'"Q_RelevantIDDuplicate" true: {len(duplicates)}' in note
    report = build(project).report  # counted as any other response, as the note says
    assert_figure(report.relationship, [int(r[at["Q1"]]) for r in data], nps)
    search = [QUALTRICS_CSAT[r[at["Q2_1"]]] for r in data]
    assert_figure(report.touchpoint("search").kpis["csat"], search, top2)


GERMAN_CSAT = {"sehr zufrieden": 5, "zufrieden": 4, "weder zufrieden noch unzufrieden": 3}
GERMAN_CSAT |= {"unzufrieden": 2, "sehr unzufrieden": 1}


def test_a_closing_question_asking_what_else_is_the_companys(project: Path):
    """A German survey tool's export (Windows-1252, ";", "02.03.2026 08:00"; an unfinished
    response without its end): the NPS, the hotline's and the search's ratings, then "Was
    möchten Sie uns noch mitteilen?" (what else would you like to tell us). Before, that
    closing question was taken for the last rating's: all 10 texts, the hotline's
    included, were published on the product search's page. Now it is the company's, as
    "Möchten Sie uns sonst noch etwas sagen?" is, and the figures are the file's."""
    export = EXPORTS / "wide-closing-question-de.csv"
    snippet = onboard(project, export)
    closing = "Was möchten Sie uns noch mitteilen?"
    assert '      overall:\n        nps: "Wie wahrscheinlich' in snippet
    assert f'        comment: "{closing}"\n      hotline:' in snippet, snippet
    data = rows(export, 1, encoding="cp1252", delimiter=";")
    report = build(project).report
    assert_figure(report.relationship, [int(r[4]) for r in data], nps)
    for touchpoint, column in (("hotline", 5), ("search", 6)):
        scores = [GERMAN_CSAT[r[column]] for r in data if r[column]]
        assert_figure(report.touchpoint(touchpoint).kpis["csat"], scores, top2)
    assert not report.touchpoint("search").comments
    assert len(report.overall_comments) == sum(bool(r[7]) for r in data) == 10


def test_a_jotform_export_whose_star_ratings_are_out_of_five(project: Path):
    """Jotform writes a star rating as its stars out of the scale's ("4/5") and the day as
    "Mar 5, 2026", newest first. Before, the ratings were text: the column was left out of
    the mapping without a word, and its touchpoint had no figure."""
    export = EXPORTS / "jotform.csv"
    snippet = onboard(project, export)
    assert 'search:\n        csat: "How satisfied were you with our product search?"' in snippet
    data = rows(export, 1)
    report = build(project).report
    assert_figure(report.relationship, [int(r[3]) for r in data], nps)
    for touchpoint, column in (("search", 4), ("hotline", 5)):
        scores = [int(r[column].split("/")[0]) for r in data if r[column]]
        assert_figure(report.touchpoint(touchpoint).kpis["csat"], scores, top2)


def test_a_qualtrics_nps_whose_points_are_numbered_from_one(project: Path):
    """Qualtrics numbers a 0-10 question's answers 1-11 unless its recode values were set:
    the mapping gives the column its scale, and the NPS is that of the answers as given."""
    export = EXPORTS / "qualtrics-nps-1-11.csv"
    snippet = onboard(project, export)
    assert 'nps: {column: "Q1", scale: 1-11}  # coded 1-11: read as 0-10; How likely' in snippet
    data = rows(export, 3)
    assert max(int(r[17]) for r in data) == 11
    report = build(project).report
    assert_figure(report.relationship, [int(r[17]) - 1 for r in data], nps)


REVERSED = {"sehr zufrieden": 5, "zufrieden": 4, "teils/teils": 3, "unzufrieden": 2}
REVERSED |= {"sehr unzufrieden": 1}


def test_answers_numbered_from_the_best_are_read_by_their_words(project: Path):
    """German Excel with "1 = sehr zufrieden" ... "5 = sehr unzufrieden" (a school grade's
    order): read by its number, the happiest customer would count as the least satisfied.
    The mapping labels each answer with the number its words stand for."""
    export = EXPORTS / "wide-reversed-de.csv"
    snippet = onboard(project, export)
    assert "numbers its answers against their words" in snippet
    assert 'labels: {"1 = sehr zufrieden": 5, "2 = zufrieden": 4, ' in snippet  # the column's
    data = rows(export, 1, delimiter=";")
    report = build(project).report
    for touchpoint, column in (("kasse", 2), ("lieferung", 3)):
        scores = [REVERSED[r[column].split(" = ")[1]] for r in data if r[column]]
        assert_figure(report.touchpoint(touchpoint).kpis["csat"], scores, top2)


def test_an_spss_file_coded_from_the_best_answer(project: Path, tmp_path: Path):
    """Value labels 1 "sehr zufrieden" ... 5 "sehr unzufrieden": the labels' words decide."""
    import pandas as pd
    import pyreadstat

    codes = [1.0, 1, 2, 5, 2, 3, 1, 4, 2, 1]
    pyreadstat.write_sav(
        pd.DataFrame(
            {
                "lfdn": [float(n) for n in range(1, 11)],
                "datum": [dt.date(2025, 9, 1 + n) for n in range(10)],
                "f2": codes,
            }
        ),
        str(tmp_path / "kasse.sav"),
        column_labels=["Laufende Nummer", "Datum", "Wie zufrieden waren Sie mit der Kasse?"],
        variable_value_labels={"f2": {float(6 - n): w for w, n in REVERSED.items()}},
    )
    snippet = onboard(project, tmp_path / "kasse.sav")
    assert '"sehr zufrieden": 5, ' in snippet and '"sehr unzufrieden": 1}' in snippet
    report = build(project).report
    assert_figure(report.touchpoint("kasse").kpis["csat"], [6 - int(c) for c in codes], top2)


SURVEYMONKEY_LABELS = {
    "Very satisfied": 5,
    "Satisfied": 4,
    "Neither satisfied nor dissatisfied": 3,
    "Dissatisfied": 2,
    "Very dissatisfied": 1,
}


def test_a_surveymonkey_export_in_windows_1252(project: Path):
    export = EXPORTS / "surveymonkey-cp1252.csv"
    assert export.read_bytes().count(b"\x92") == 1  # Excel's right quote: no UTF-8
    snippet = onboard(project, export)
    assert "format: surveymonkey\n" in snippet and "encoding: cp1252\n" in snippet
    assert "Beispiel GmbH\u2019s shop" in snippet
    data = rows(export, 2, encoding="cp1252")
    report = build(project).report
    assert_figure(report.relationship, [int(r[9]) for r in data], nps)
    for touchpoint, column in (("search", 10), ("hotline", 11)):
        scores = [SURVEYMONKEY_LABELS[r[column]] for r in data if r[column] != "N/A"]
        assert_figure(report.touchpoint(touchpoint).kpis["csat"], scores, top2)
    comments = report.touchpoint("hotline").comments
    assert len(comments) == sum(bool(r[12]) for r in data)


def test_a_surveymonkey_export_whose_custom_variable_names_the_touchpoint(project: Path):
    """A German account's export, the touchpoint passed in the survey's link as a custom
    variable: SurveyMonkey writes it before the questions, nothing under its name, like its
    own columns. Before, `data inspect` called it a column added to the export and mapped
    the NPS to the company as a whole (the CES left to place): no touchpoint had a figure.
    A row whose variable is empty was an unknown touchpoint id, failing check --strict."""
    export = EXPORTS / "surveymonkey-de-custom-variable.csv"
    snippet = onboard(project, export)
    assert "format: surveymonkey\n" in snippet and 'touchpoint: "kontaktpunkt"' in snippet
    assert 'date: ["Enddatum", "Startdatum"]' in snippet  # a response left: no Enddatum
    data = rows(export, 2)
    report = build(project).report
    for touchpoint, value in (
        ("kasse", "Kasse"),
        ("hotline", "Hotline"),
        ("lieferung", "Lieferung"),
    ):
        ours = [r for r in data if r[9] == value]
        promoted = [int(r[10].split(" ")[0]) for r in ours if r[10]]
        assert_figure(report.touchpoint(touchpoint).kpis["nps"], promoted, nps)
        easy = [int(r[11].split(" ")[0]) for r in ours if r[11]]
        assert_figure(report.touchpoint(touchpoint).kpis["ces"], easy, lambda s: sum(s) / len(s))
        comments = report.touchpoint(touchpoint).comments
        assert len(comments) == sum(bool(r[14]) for r in ours)
    # the survey's link opened without its custom variable: the company's, as pasted
    assert '"": overall  # 1 of 9 rows name none' in snippet
    assert_figure(report.relationship, [int(r[10]) for r in data if not r[9]], nps)


def _custom_variable_export(path: Path, rows_kept: int, values: list[str] | None = None) -> list:
    """The German SurveyMonkey export's first `rows_kept` responses at `path`, its custom
    variable's values (and name, "filiale") replaced by `values` where given; its rows."""
    text = (EXPORTS / "surveymonkey-de-custom-variable.csv").read_text(encoding="utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline="")))[: 2 + rows_kept]
    if values is not None:
        records[0][9] = "filiale"
        for record, value in zip(records[2:], values, strict=True):
            record[9] = value
    with path.open("w", newline="", encoding="utf-8-sig") as file:
        csv.writer(file).writerows(records)
    return records[2:]


def test_a_surveymonkey_pilots_custom_variable_names_one_touchpoint_in_each_row(
    project: Path, tmp_path: Path
):
    """A pilot's first responses, one per touchpoint: the custom variable's values each
    stand once, as a link to each review does, but each names a touchpoint of its own
    ("Lieferung" that of "Lieferung & Aufbau"). The file was proposed wide, the
    touchpoints' NPS the company's, their CES left to place."""
    export = tmp_path / "surveymonkey-pilot.csv"
    data = _custom_variable_export(export, 3)
    assert sorted(r[9] for r in data) == ["Hotline", "Kasse", "Lieferung"]
    # the three answer its CES on 2-7: the printout asks whether every CES question does
    snippet = onboard(project, export, {"ces_scale": "# every CES question asks 1-7"})
    assert 'touchpoint: "kontaktpunkt"' in snippet and '"Lieferung": lieferung' in snippet
    report = build(project).report
    for record in data:
        kpis = report.touchpoint(record[9].lower()).kpis
        assert_figure(kpis["nps"], [int(record[10].split(" ")[0])], nps)
    assert report.relationship is None or report.relationship.n == 0


def test_a_custom_variable_naming_one_touchpoint_names_each_rows(project: Path, tmp_path: Path):
    """A survey of one touchpoint, the store's branch passed in its link ("Filiale Bonn",
    "Filiale Köln"): every value names the touchpoint "Filiale", and so each row's. It was
    proposed wide, the stores' NPS the company's, their CES left to place."""
    (project / "content" / "touchpoints" / "filiale.md").write_text(
        "---\ntitle: Filiale\nphase: after\nchannel: web\n---\n", encoding="utf-8"
    )
    export = tmp_path / "surveymonkey-filialen.csv"
    stores = ["Filiale Bonn", "Filiale Köln", "Filiale Berlin"] * 3
    data = _custom_variable_export(export, 9, stores)
    snippet = onboard(project, export)
    assert 'touchpoint: "filiale"' in snippet and '"Filiale Köln": filiale' in snippet
    report = build(project).report
    promoted = [int(r[10].split(" ")[0]) for r in data if r[10]]
    assert_figure(report.touchpoint("filiale").kpis["nps"], promoted, nps)
    assert report.relationship is None or report.relationship.n == 0


def test_a_date_column_of_date_times_and_days_alone(project: Path):
    """Excel's General format writes a midnight without its time, a day typed by hand has
    none, a time pasted from elsewhere its seconds: "01.09.2026 08:05" beside "02.09.2026"
    and "29.09.2026 09:00:12". Inspect called the column text and proposed one day for every
    response; mapped by hand, the build named the days alone unreadable and left them out.
    Each response is dated by its day now."""
    export = EXPORTS / "mixed-dates-de.csv"
    snippet = onboard(project, export)
    assert '    date: "Datum"\n' in snippet
    data = rows(export, 1, delimiter=";")
    days = [dt.datetime.strptime(r[1][:10], "%d.%m.%Y").date() for r in data]
    assert len(set(days)) == len(data) and any(len(r[1]) == 10 for r in data)
    report = build(project).report
    assert (report.feedback.first_date, report.feedback.last_date) == (min(days), max(days))
    assert_figure(report.relationship, [int(r[2]) for r in data], nps)


def test_a_text_among_date_times_and_days_is_named_at_its_row(project: Path):
    """A date column of date-times and days alone reads both; a text that is no date among
    them, and a day with an hour no day has, are still named at their lines, their rows
    left out."""
    export = EXPORTS / "mixed-dates-de.csv"
    snippet = mapping(inspect(project, export))
    paste(project, "analysis: {min_n_shown: 1, min_n_confident: 5}\n" + snippet)
    table = rows(export, 0, "utf-8", ";")
    table[8][1] = "gestern"  # line 9
    table[12][1] = "17.11.2026 25:00"  # line 13
    with (project / "data" / export.name).open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(table)
    check = CliRunner().invoke(cli, ["check", str(project)], catch_exceptions=False)
    assert "data/mixed-dates-de.csv:9:2: warning: unreadable date 'gestern'" in check.output
    assert "data/mixed-dates-de.csv:13:2: warning: unreadable date '17.11.2026 25:00'" in (
        check.output
    )
    kept = [int(r[2]) for line, r in enumerate(table[1:], 2) if line not in (9, 13)]
    assert_figure(build(project).report.relationship, kept, nps)


def test_a_wide_rating_file_without_dates_and_0_for_not_applicable(project: Path):
    export = EXPORTS / "wide-no-date.csv"
    snippet = onboard(project, export, {"date:": "date: 2024-05-01"})
    assert 'csat: {column: "Hotline", scale: 0-5}  # 0 = not used' in snippet
    data = rows(export, 1)
    report = build(project).report
    for touchpoint, column in (("search", 4), ("hotline", 5), ("quiet", 6)):
        scores = [int(r[column]) for r in data if r[column] != "0"]
        assert_figure(report.touchpoint(touchpoint).kpis["csat"], scores, top2)
    assert report.feedback.first_date == report.feedback.last_date == dt.date(2024, 5, 1)
    page = (project / "site" / "touchpoints" / "hotline.html").read_text(encoding="utf-8")
    assert "per period" not in page  # one wave: no trend chart


def test_a_long_file_whose_column_names_the_aspect(project: Path):
    export = EXPORTS / "long-aspects.csv"
    snippet = onboard(project, export, {'"Parkplatz"': '"Parkplatz": parken'})
    assert "format: long\n" in snippet and 'touchpoint: "Bereich"' in snippet
    assert '"Lieferung": lieferung\n' in snippet and 'comment: "Kommentar"' in snippet
    data = rows(export, 1, delimiter=";")
    report = build(project).report
    ids = {"Lieferung": "lieferung", "Kasse": "kasse", "Sauberkeit": "sauberkeit"}
    ids["Parkplatz"] = "parken"
    for aspect, touchpoint in ids.items():
        scores = [int(r[4]) for r in data if r[3] == aspect]
        assert_figure(report.touchpoint(touchpoint).kpis["csat"], scores, top2)
        comments = report.touchpoint(touchpoint).comments
        assert len(comments) == sum(bool(r[5]) for r in data if r[3] == aspect)


@pytest.mark.parametrize(("name", "column"), [("typeform.csv", 1), ("google-forms.csv", 1)])
def test_typeform_and_google_forms_exports(project: Path, name: str, column: int):
    export = EXPORTS / name
    snippet = onboard(project, export)
    assert f"format: {name.removesuffix('.csv')}\n" in snippet
    report = build(project).report
    assert_figure(report.relationship, [int(r[column]) for r in rows(export, 1)], nps)


SPSS_CSAT = {1: "sehr unzufrieden", 2: "eher unzufrieden", 3: "teils/teils"}
SPSS_CSAT |= {4: "eher zufrieden", 5: "voll und ganz zufrieden", 9: "weiß nicht"}


def write_sav(path: Path) -> dict[str, list]:
    """An SPSS file as market research delivers one: coded answers with value labels."""
    import pandas as pd
    import pyreadstat

    columns = {
        "lfdn": [float(n) for n in range(1, 15)],
        "datum": [dt.date(2025, 9, 1 + 2 * n) for n in range(14)],
        "f1": [10.0, 9, 8, 3, 7, 10, 6, 9, 0, 5, 10, 8, 9, 2],
        "f2": [5.0, 4, 9, 2, 1, 5, 4, 3, 9, 5, 4, 2, 1, 5],
        "f3": ["Freundlich und kompetent beraten worden.", "", "Der Rückruf kam nie an.", "", ""]
        + ["Hat lange gedauert, aber am Ende gelöst."] * 0
        + ["", "Sehr nette Dame am Telefon, danke!", "", "", "Zu lange Warteschleife heute.", ""]
        + ["", "", "Alles prima gelaufen, gerne wieder."],
    }
    pyreadstat.write_sav(
        pd.DataFrame(columns),
        str(path),
        column_labels=[
            "Laufende Nummer",
            "Datum des Interviews",
            "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?",
            "Wie zufrieden waren Sie mit unserer Hotline?",
            "Was können wir an der Hotline besser machen?",
        ],
        variable_value_labels={
            "f1": {0.0: "0 überhaupt nicht wahrscheinlich", 10.0: "10 äußerst wahrscheinlich"},
            "f2": {float(code): label for code, label in SPSS_CSAT.items()},
        },
    )
    return columns


def test_an_spss_file_with_value_labels(project: Path, tmp_path: Path):
    columns = write_sav(tmp_path / "befragung.sav")
    snippet = onboard(project, tmp_path / "befragung.sav")
    assert "format: wide\n" in snippet, snippet
    assert '"voll und ganz zufrieden": 5\n' in snippet  # from the file's value labels
    assert 'not_used: ["weiß nicht"]' in snippet
    assert re.search(r"hotline:\n        csat: \"f2\".*\n        comment: \"f3\"", snippet)
    report = build(project).report
    assert_figure(report.relationship, [int(v) for v in columns["f1"]], nps)
    hotline = [int(v) for v in columns["f2"] if v != 9]
    assert_figure(report.touchpoint("hotline").kpis["csat"], hotline, top2)
    assert len(report.touchpoint("hotline").comments) == sum(bool(v) for v in columns["f3"])


# LimeSurvey's SPSS export: a list question is a string variable of answer codes, A1 the first
LIME_CSAT = {"A1": "Sehr zufrieden", "A2": "Zufrieden", "A3": "Teils/teils"}
LIME_CSAT |= {"A4": "Unzufrieden", "A5": "Sehr unzufrieden"}


def test_an_spss_file_whose_value_labels_label_string_codes(project: Path, tmp_path: Path):
    """The codes are no numbers (A1 is the best answer here): the labels are the answers."""
    import pandas as pd
    import pyreadstat

    kasse = ["A1", "A3", "A5", "A2", "", "A1", "A4", "A2"]
    recommend = [9.0, 6, 10, 8, 3, 10, 7, 9]
    export = tmp_path / "limesurvey.sav"
    pyreadstat.write_sav(
        pd.DataFrame(
            {
                "id": [float(n) for n in range(1, 9)],
                "submitdate": [dt.datetime(2026, 3, 2 + n, 10) for n in range(8)],
                "Q1": recommend,
                "Q2": kasse,
            }
        ),
        str(export),
        column_labels=[
            "Antwort ID",
            "Datum Abgeschickt",
            "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?",
            "Wie zufrieden waren Sie mit der Kasse?",
        ],
        variable_value_labels={"Q2": LIME_CSAT},
    )
    snippet = onboard(project, export)
    assert '"Sehr zufrieden": 5\n' in snippet and '"Sehr unzufrieden": 1\n' in snippet
    assert re.search(r"kasse:\n        csat: \"Q2\"", snippet), snippet
    report = build(project).report
    assert_figure(report.relationship, [int(v) for v in recommend], nps)
    numbers = {"A1": 5, "A2": 4, "A3": 3, "A4": 2, "A5": 1}
    assert_figure(report.touchpoint("kasse").kpis["csat"], [numbers[c] for c in kasse if c], top2)


@pytest.mark.parametrize(
    ("name", "layout"),
    [("qualtrics-legacy.csv", "qualtrics"), ("typeform.csv", "typeform"), ("long.csv", "long")],
)
def test_the_mapping_names_the_layout_given(project: Path, name: str, layout: str):
    output = inspect(project, EXPORTS / name, "--layout", layout)
    assert f"\n    format: {layout}\n" in output


def test_header_rows_where_detection_cannot_know(project: Path):
    """An agency's CSV: variable names, then the question texts (no tool's markers)."""
    lines = ["lfd,F1,F2", "Nummer,Weiterempfehlung (0-10),Zufriedenheit Hotline (1-5)"]
    lines += [f"{n},{n % 11},{1 + n % 5}" for n in range(1, 13)]
    export = project.parent / "agentur.csv"
    export.write_text("\n".join(lines) + "\n", encoding="utf-8")
    snippet = mapping(inspect(project, export, "--header-rows", "2"))
    assert "    header_rows: 2\n" in snippet and "date: " in snippet
    paste(project, re.sub(r"date: \S+  # EDIT.*", "date: 2025-03-01", snippet))
    report = build(project).report
    assert report.touchpoint("hotline").kpis["csat"].n == 12


def _entry(project: Path, entry: str):
    yml = project / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("  - path: data/feedback.csv\n", entry), encoding="utf-8")
    return CliRunner().invoke(cli, ["check", str(project)])


def test_an_aspect_mapped_to_an_unknown_touchpoint_is_an_error_at_its_line(project: Path):
    shutil.copy(EXPORTS / "long-aspects.csv", project / "data" / "long-aspects.csv")
    result = _entry(
        project,
        "  - path: data/long-aspects.csv\n    touchpoint: Bereich\n    scores: {csat: Sterne}\n"
        "    touchpoint_values: {Lieferung: lieferug, Kasse: kasse}\n",
    )
    assert result.exit_code == 1
    assert (
        "touchsite.yml:28: error: data/long-aspects.csv: touchpoint_values maps 'Lieferung' "
        "to the unknown touchpoint 'lieferug'" in result.output
    )
    assert "did you mean 'lieferung'?" in result.output


@settings(max_examples=25, deadline=None)
@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_a_date_in_the_mapping_dates_every_answer(day: dt.date):
    from touchsite.errors import Problems
    from touchsite.load.sources import read_sources

    problems = Problems(Path("."))
    for written in (day, day.isoformat()):  # a YAML date or a quoted one
        [source] = read_sources(
            [{"path": "data/x.csv", "date": written}], Path("touchsite.yml"), problems
        )
        assert (source.fixed_date, source.date) == (day.isoformat(), "")
    [source] = read_sources(
        [{"path": "data/x.csv", "date": f"Datum {day.year}"}], Path("touchsite.yml"), problems
    )
    assert (source.fixed_date, source.date) == ("", f"Datum {day.year}")
    assert not problems


def test_the_readme_walks_through_what_data_inspect_prints(project: Path):
    snippet = mapping(inspect(project, EXPORTS / "long-aspects.csv", name="bewertungen.csv"))
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### On-boarding a client's export") :]
    start = section.index("   ```yaml\n") + 11
    block = section[start : section.index("   ```\n", start)]
    assert "\n".join(line.removeprefix("   ") for line in block.splitlines()) + "\n" == snippet


ANSWERS = st.one_of(
    st.integers(0, 10).map(str),
    st.sampled_from(["Response", "Antwort", "ResponseID", "Sehr zufrieden", "", "N/A"]),
    st.text("abcäöü ", max_size=12),
)


@settings(max_examples=60, deadline=None)
@given(
    first=st.lists(st.integers(0, 10).map(str), min_size=1, max_size=3),
    answers=st.lists(st.lists(ANSWERS, min_size=4, max_size=4), min_size=2, max_size=4),
)
def test_answers_are_never_taken_for_a_second_header_row(first, answers):
    """A plain export whose answers happen to read 'Response' or 'ResponseID' keeps one
    header row: a row that starts with an id or a number is data."""
    from touchsite.load.formats.layouts import header_rows_of, layout_of
    from touchsite.models import DataSource

    header = ["id", "Datum", "Frage 1", "Frage 2", "Frage 3"]
    rows = [header] + [[f"{n}", "2025-05-01", *row[:3]] for n, row in enumerate(answers, 1)]
    rows[1][2] = first[0]
    source = DataSource("x.csv", 1)
    layout = layout_of(rows, source, set())
    assert layout == "wide"
    assert header_rows_of(layout, rows, source) == 1


def test_an_spss_files_problems_name_their_case_numbers(project: Path):
    write_sav(project / "data" / "befragung.sav")
    yml = project / "touchsite.yml"
    entry = (
        "  - path: data/befragung.sav\n    date: datum\n"
        "    touchpoints:\n      hotline: {nps: f2}\n"  # 1-5 with 9 = "weiß nicht": no NPS
    )
    yml.write_text(yml.read_text(encoding="utf-8").replace("  - path: data/feedback.csv\n", entry))
    result = CliRunner().invoke(cli, ["check", str(project)])
    assert "data/befragung.sav:1:4: warning: nps answer is not a number 'voll und ganz" in (
        result.output
    )
    (project / "data" / "befragung.sav").write_bytes(b"$FL2" + b"\0" * 40)  # damaged
    result = CliRunner().invoke(cli, ["check", str(project)])
    assert result.exit_code == 1
    assert "touchsite.yml:25: error: data/befragung.sav: cannot be read as SPSS" in result.output


def test_a_one_off_wave_is_named_with_its_file_also_from_reduced_data(project: Path):
    shutil.copy(EXPORTS / "wide-no-date.csv", project / "data" / "welle.csv")
    _entry(
        project,
        "  - path: data/welle.csv\n    wave: Frühjahr 2024\n    date: 2024-05-01\n"
        "    touchpoints:\n      quiet: {csat: Quiet corner}\n",
    )
    site = build(project).report
    assert site.feedback.files[0].wave == "Frühjahr 2024"
    page = (project / "site" / "data-quality.html").read_text(encoding="utf-8")
    assert "<code>data/welle.csv</code> · Frühjahr 2024</th>" in page
    result = CliRunner().invoke(cli, ["data", "reduce", str(project)])
    assert result.exit_code == 0, result.output
    yml = project / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text[: text.index("data:\n")] + "data:\n  - path: data/reduced.touchsite.json\n")
    assert build(project).report.feedback.files[0].wave == "Frühjahr 2024"


def test_a_column_of_touchpoint_ids_needs_no_values_map(project: Path):
    output = inspect(project, EXPORTS / "long-excel-de.csv")
    assert "format: long\n" in output and 'touchpoint: "Kontaktpunkt"' in output
    assert "touchpoint_values" not in output  # search, hotline and overall are ids


@pytest.mark.parametrize("export", sorted(EXPORTS.glob("*.csv")), ids=lambda path: path.stem)
def test_a_mapping_asks_for_every_edit_it_needs(project: Path, export: Path):
    """The README's consultant makes the edits marked EDIT, and only those: a mapping that
    needs none checks strictly as pasted, and a score it could not place (a review site's
    stars) is marked, not a comment line that leaves the file's only KPI out unnoticed."""
    snippet = mapping(inspect(project, export))
    for line in snippet.splitlines():
        assert "EDIT" in line or not ("???" in line or "add to touchsite.yml" in line), line
    if "EDIT" in snippet:
        return
    paste(project, "analysis: {min_n_shown: 1, min_n_confident: 5}\n" + snippet)
    check = CliRunner().invoke(cli, ["check", "--strict", str(project)], catch_exceptions=False)
    assert check.exit_code == 0, snippet + check.output


@pytest.mark.parametrize(
    ("name", "header_rows", "column", "respondent"),
    [("qualtrics.csv", 3, 17, 8), ("surveymonkey.csv", 2, 9, 0), ("typeform.csv", 1, 1, 0)],
)
def test_a_second_wave_pasted_below_the_first(
    project: Path, name: str, header_rows: int, column: int, respondent: int
):
    """The next wave's export pasted below the last one, its header rows and all (as `cat`
    or a copy in Excel leaves it): before, inspect proposed the NPS question as a comment
    (published) and no date, and the build warned of every header cell as an answer."""
    header = rows(EXPORTS / name, 0)[:header_rows]
    first = rows(EXPORTS / name, header_rows)
    second = [[*r[:respondent], r[respondent] + "w2", *r[respondent + 1 :]] for r in first]
    export = project.parent / name
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(header + first + header + second)
    onboard(project, export)
    scores = [int(r[column]) for r in first + second]
    report = build(project).report
    assert_figure(report.relationship, scores, nps)
    assert (report.feedback.files[0].records, report.feedback.files[0].left_out) == (len(scores), 0)


def test_answers_that_are_the_columns_numbered_names_are_no_header():
    from touchsite.load.mapping.long_table import header_rows_again

    header = (("id", "1", "2", "Kommentar"),)
    columns = {1: pa.array(["1", "1"]), 2: pa.array(["2", "2"]), 3: pa.array(["", "Kommentar"])}
    none = np.zeros(2, dtype=bool)
    assert header_rows_again(columns, 2, header, none).tolist() == [False, False]
    columns[0] = pa.array(["id", "id"])
    assert header_rows_again(columns, 2, header, none).tolist() == [False, True]
    # a row known to hold nothing is none, whatever it would match
    assert header_rows_again(columns, 2, header, np.array([False, True])).tolist() == [False] * 2


def test_a_help_desks_good_bad_rating_is_the_overall_figure_shown(project: Path):
    """Zendesk rates each ticket Good or Bad, about the service as a whole: proposed as the
    overall question's yes/no KPI. Before, the site counted its answers and showed them
    nowhere (the overall card shows the overall question's NPS alone): now the overall
    question's figure is that of the KPI it was asked on, where it has no NPS."""
    export = EXPORTS / "zendesk-csat.csv"
    snippet = mapping(inspect(project, export))
    assert "EDIT" not in snippet  # the yes/no KPI is named by its column until declared
    assert "kpis: binary: {label: ...} in touchsite.yml names them otherwise" in snippet
    paste(project, "analysis: {min_n_shown: 1}\n" + snippet)
    yml = project / "touchsite.yml"
    text = yml.read_text(encoding="utf-8").replace("kpis:\n", "kpis:\n  binary: {label: CSAT}\n")
    yml.write_text(text, encoding="utf-8")
    rated = [r[11] for r in rows(export, 1) if r[11] in ("Good", "Bad")]
    report = build(project, strict=True).report
    assert report.relationship is not None and report.relationship.kpi == "binary"
    assert_figure(report.relationship, rated, lambda r: 100 * r.count("Good") / len(r))
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Overall CSAT (relationship)" in page
    # no touchpoint was rated: the verdict says so, not that none is below the others
    assert "No touchpoint has answers yet: the data rates none of them" in page


NOTES = ["Rückruf erledigt, Frau Wagner zufrieden", "an Vertrieb weitergeleitet (MK)", ""]
NOTES += ["Beschwerde eskaliert an T. Becker", "Gutschrift veranlasst, Herr Yilmaz"]


@pytest.mark.parametrize(
    ("name", "header_rows"),
    [("qualtrics.csv", 3), ("surveymonkey.csv", 2), ("google-forms.csv", 1)],
)
def test_a_column_the_clients_analyst_added_is_not_published(
    project: Path, name: str, header_rows: int
):
    """The client's analyst adds a column of notes to the export ("Notiz"), which names
    customers and staff. Before, inspect proposed it as the overall question's comments and
    published it; a column with nothing under its name in the tool's further header rows is
    no question the survey asked, nor one named as notes (where a single header row tells
    nothing): now it is left unmapped, with a line that says why."""
    table = rows(EXPORTS / name, 0)
    table[0].append("Notiz")
    for row, note in zip(table[1:header_rows], [""] * header_rows, strict=False):
        row.append(note)
    for row, note in zip(table[header_rows:], NOTES, strict=False):
        row.append(note)
    export = project.parent / name
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    snippet = onboard(project, export)
    assert '"Notiz" is not mapped: ' in snippet
    assert '"Notiz"' not in snippet.split("comment_columns:")[1]
    build(project)
    site = site_text(project)
    assert "Wagner" not in site and "Becker" not in site and "Yilmaz" not in site


def test_comments_on_the_overall_question_are_shown(project: Path):
    """An NPS tool's export (Delighted's): the score and its "why?", mapped to the overall
    question and published, as inspect proposes. Before, the site counted the comments as
    answers and showed none of them (they belong to no touchpoint's page); now the overview
    shows the latest, redacted and escaped."""
    export = EXPORTS / "delighted-api.csv"
    snippet = onboard(project, export)
    assert "      overall:\n" in snippet and 'comment: "comment"' in snippet
    texts = [r[4] for r in rows(export, 1) if r[4]]
    report = build(project).report
    assert len(report.overall_comments) == len(texts)
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert "Comments on the company as a whole" in page
    assert html.escape(texts[0], quote=False) in page


@pytest.mark.parametrize(
    ("name", "internal"),
    [
        ("Notiz", True),
        ("Interne Notiz", True),
        ("Analyst notes", True),
        ("Kommentar Sachbearbeiter", True),
        ("Agent notes", True),
        ("Staff comment", True),
        ("Kommentar Mitarbeiter", True),
        ("Agent", False),  # who helped, not what they wrote
        ("Begründung Ihrer Note", False),  # a Note is a grade
        ("Kommentar zum Sachbearbeiter", False),
        ("Any other notes?", False),
    ],
)
def test_only_a_column_named_as_notes_alone_is_taken_for_the_clients_notes(
    project: Path, name: str, internal: bool
):
    """Before, any word of notes in a column's name kept it from the comments: a German
    survey's "Begründung Ihrer Note" (the reason for a grade) and "Kommentar zum
    Sachbearbeiter" (on the agent who helped) were withheld as the client's own notes; and
    a help desk's "Agent notes" were proposed as comments and published."""
    snippet = _with_column(project, name, NOTES)
    assert (f'"{name}" is not mapped: ' in snippet) is internal


def _with_column(project: Path, name: str, texts: list[str]) -> str:
    """Google Forms' export with a column `name` of `texts` added, onboarded: the mapping."""
    table = rows(EXPORTS / "google-forms.csv", 0)
    table[0].append(name)
    for row, text in zip(table[1:], texts * len(table), strict=False):
        row.append(text)
    export = project.parent / "export.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    return onboard(project, export)


@pytest.mark.parametrize(
    ("name", "encoding", "stars", "text"),
    [("trustpilot.csv", "utf-8-sig", 4, 3), ("google-play.csv", "utf-16", 9, 11)],
)
def test_a_review_sites_stars_come_with_their_texts(
    project: Path, name: str, encoding: str, stars: int, text: str
):
    """A rating site's export (Trustpilot, Google Play): one row per review, its stars and its
    text. Before, the text was proposed as the overall question's comment and the stars as a
    line to edit: written to a touchpoint as asked, the stars went there and their texts
    stayed on the overview, the touchpoint's page said "No comments". Stars that name nothing
    they rate are the company's rating as a whole, as a review reads: now both are proposed
    under overall, together, and the mapping builds as pasted."""
    export = EXPORTS / name
    snippet = onboard(project, export)
    assert "      overall:\n        csat: " in snippet and "in place of overall" in snippet
    data = rows(export, 1, encoding=encoding)
    report = build(project).report
    assert report.relationship is not None and report.relationship.kpi == "csat"
    assert_figure(report.relationship, [int(r[stars]) for r in data], top2)
    texts = [r[text] for r in data if r[text]]
    assert len(report.overall_comments) == len(texts)
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    assert html.escape(texts[0], quote=False) in page


def test_a_link_to_each_review_names_no_touchpoint(project: Path):
    """Google Play's export links to each review with text (play.google.com/console/...). In
    a project with a touchpoint "Google-Bewertungen", every link named it, and the file was
    proposed as a long table whose "Review Link" named each row's touchpoint: one value per
    review, all of them that touchpoint's, the stars of the reviews without text left out.
    A column whose every value stands once names no aspect."""
    (project / "content" / "touchpoints" / "google-bewertungen.md").write_text(
        "---\ntitle: Google-Bewertungen\nphase: after\nchannel: web\n---\n", encoding="utf-8"
    )
    export = EXPORTS / "google-play-links.csv"
    snippet = onboard(project, export)
    assert "Review Link" not in snippet and "format: long" not in snippet
    data = rows(export, 1, encoding="utf-16")
    report = build(project).report
    assert_figure(report.relationship, [int(r[9]) for r in data], top2)
    assert len(report.overall_comments) == sum(bool(r[11]) for r in data)


def test_app_store_reviews_saved_from_its_api(project: Path):
    """App Store Connect's customer reviews as its API answers them, saved to a file: a
    JSON:API document, each review's fields under `attributes` (`rating` 1-5, `body`,
    `reviewerNickname`, `createdDate`), the developer's responses under `included`. Before,
    the stars were left in a comment line to edit (`attributes.rating` was taken to name
    something rated), and the reviewers' nicknames were printed as examples. Now the stars
    and the text are proposed under overall, as Google Play's are, the nicknames are personal
    data, and the site's CSAT is that of every review."""
    export = EXPORTS / "app-store-reviews.json"
    printed = inspect(project, export)
    reviews = json.loads(export.read_text(encoding="utf-8"))["data"]
    nicknames = [review["attributes"]["reviewerNickname"] for review in reviews]
    assert not any(nickname in printed for nickname in nicknames)
    snippet = onboard(project, export)
    assert '      overall:\n        csat: "attributes.rating"  # ' in snippet
    assert '        comment: "attributes.body"\n' in snippet
    assert "reviewerNickname" not in snippet

    report = build(project).report
    assert report.relationship is not None and report.relationship.kpi == "csat"
    assert_figure(report.relationship, [r["attributes"]["rating"] for r in reviews], top2)
    assert len(report.overall_comments) == len(reviews)
    site = site_text(project)
    assert "jonas.w@example.org" not in site
    assert not any(nickname in site for nickname in nicknames)


GOOGLE_STARS = {"ONE": 1, "TWO": 2, "THREE": 3, "FOUR": 4, "FIVE": 5}


def test_google_reviews_as_takeout_writes_them(project: Path):
    """A store's Google reviews, as Google Takeout's Business Profile export (and the Business
    Profile API) writes them: JSON, the stars a word, no `comment` key for a review without
    text, Google's translation beside the original in one text, the owner's reply and the
    reviewer's name under the review. Before, a JSON file was refused. Now the mapping
    proposes the stars (ONE..FIVE read as 1..5) and the text under overall, neither the
    reviewer nor the reply; the site's CSAT is that of every review, its comments are the
    customers' own words (the original, without Google's translation), redacted, and no
    reviewer's name nor reply stands anywhere in it."""
    export = EXPORTS / "google-reviews.json"
    printed = inspect(project, export)
    reviews = json.loads(export.read_text(encoding="utf-8"))["reviews"]
    names = [review["reviewer"]["displayName"] for review in reviews]
    assert not any(name in printed for name in names)
    snippet = onboard(project, export)
    assert "format: google-reviews\n" in snippet and "reviewer" not in snippet
    assert '      overall:\n        csat: "starRating"  # ' in snippet
    assert '        comment: "comment"\n' in snippet
    assert 'comment_columns: ["comment"]' in snippet
    assert '"reviewReply.comment" is not mapped' in snippet

    report = build(project).report
    assert report.relationship is not None and report.relationship.kpi == "csat"
    assert_figure(report.relationship, [GOOGLE_STARS[r["starRating"]] for r in reviews], top2)
    texts = [r["comment"] for r in reviews if "comment" in r]
    originals = [text.split("(Original)\n")[-1] for text in texts]
    redacted = [t.replace("malte.severin@example.org", "[email removed]") for t in originals]
    assert sorted(c.text for c in report.overall_comments) == sorted(redacted)
    site = "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in (project / "site").rglob("*")
        if path.is_file() and path.suffix in (".html", ".json", ".js", ".txt", ".xml")
    )
    page = (project / "site" / "index.html").read_text(encoding="utf-8")
    translated = [t for t in texts if "(Original)" in t]
    assert len(translated) == 2
    for text in translated:
        original = text.split("(Original)\n")[1]
        translation = text.split("\n\n(Original)")[0].split(") ", 1)[1]
        assert html.escape(original, quote=False) in page
        assert translation not in site and "von Google)" not in site
    assert "Translated by Google" not in site
    for review in reviews:
        assert review["reviewer"]["displayName"] not in site
        if "reviewReply" in review:
            assert html.escape(review["reviewReply"]["comment"], quote=False) not in site
    assert "malte.severin@example.org" not in site


def test_a_rating_of_something_no_touchpoint_names_moves_with_its_text(project: Path):
    """A file of one rating whose question names what it rates ("Montage"), which no
    touchpoint's words match, and its comment column before it: the one line to edit holds
    both, so the touchpoint written there gets the stars and the texts that explain them."""
    export = project.parent / "montage.csv"
    question, comment = "Wie zufrieden waren Sie mit der Montage?", "Ihr Kommentar zur Montage"
    table = [["Datum", comment, question]]
    table += [["2026-03-01", "Die Monteure kamen pünktlich und waren freundlich", "5"]]
    table += [["2026-03-02", "Ein Schrank wurde schief aufgebaut, zweimal nachgebessert", "2"]]
    table += [["2026-03-03", "", "4"], ["2026-03-04", "Alles sauber, Verpackung mitgenommen", "4"]]
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    written = f'lieferung: {{csat: "{question}", comment: "{comment}"}}'
    snippet = onboard(project, export, {"# ???": written})
    assert f'comment_columns: ["{comment}"]' in snippet
    report = build(project).report
    lieferung = report.touchpoint("lieferung")
    assert_figure(lieferung.kpis["csat"], [int(r[2]) for r in table[1:]], top2)
    assert len(lieferung.comments) == sum(bool(r[1]) for r in table[1:])
    assert not report.overall_comments


# What spreadsheets and reports write below the answers: a totals row (sums or averages in
# the score columns), a count, a note on the export
STRAYS = {
    "qualtrics.csv": [{0: "Export erstellt am 05.12.2026 10:14"}, {0: "Total", 17: "6.5"}],
    "surveymonkey.csv": [{0: "Total", 9: "7.25"}, {0: "n = 4", 9: "4"}],
    "wide-excel-de.csv": [{0: "Summe", 3: "7,2", 4: "4,1", 5: "3,9"}, {3: "n = 4"}],
    "long-excel-de.csv": [{0: "Summe", 3: "7,0", 4: "3,5"}, {0: "Stand: 05.12.2026"}],
}


def overall_scores(name: str, data: list[list[str]]) -> list[int]:
    """The overall question's answers as the file holds them: an NPS column, or a long
    table's rows at touchpoint overall."""
    if name == "long-excel-de.csv":
        return [int(float(r[3].replace(",", "."))) for r in data if r[1] == "overall"]
    column = {"qualtrics.csv": 17, "surveymonkey.csv": 9, "wide-excel-de.csv": 3}[name]
    return [int(r[column].split()[0]) for r in data if r[column]]


@pytest.mark.parametrize("name", sorted(STRAYS))
def test_a_totals_row_or_a_note_below_the_answers(project: Path, name: str):
    """A spreadsheet's "Summe" row, a count, a note on the export below the answers. Before,
    a Qualtrics export failed --strict with "no date", SurveyMonkey and wide files dropped
    a note silently while the data-quality page said every row was used, a long table read
    "Summe" as an unknown touchpoint; and inspect read the averages as answers ("4,1"
    made a satisfaction column no score). Now, whatever the layout, each is left out, named
    at its line as a totals row or a note, and no figure changes."""
    export = EXPORTS / name
    encoding = {"wide-excel-de.csv": "cp1252"}.get(name, "utf-8-sig")
    delimiter = ";" if "excel-de" in name else ","
    header_rows = {"qualtrics.csv": 3, "surveymonkey.csv": 2}.get(name, 1)
    table = rows(export, 0, encoding, delimiter)
    width = len(table[0])
    strays = [[row.get(i, "") for i in range(width)] for row in STRAYS[name]]
    target = project.parent / name
    with target.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(table + strays)
    output = inspect(project, target)
    snippet = mapping(output)
    assert "EDIT" not in snippet, snippet  # the averages read as no answers
    assert f"{len(strays)} totals rows or notes, no response, in data rows" in output
    paste(project, "analysis: {min_n_shown: 1, min_n_confident: 5}\n" + snippet)
    lines = (project / "data" / name).read_bytes().decode(encoding).splitlines()
    said = [next(cell for cell in row if cell) for row in strays]
    at = [next(n for n, line in enumerate(lines, 1) if cell in line) for cell in said]
    check = CliRunner().invoke(cli, ["check", str(project)], catch_exceptions=False)
    assert check.exit_code == 0, check.output
    for line, cell in zip(at, said, strict=True):
        assert re.search(
            rf"data/{name}:{line}:\d+: warning: no response: a totals row or a note.* '{cell}'",
            check.output,
        ), check.output
    assert "unknown touchpoint" not in check.output and "no date" not in check.output
    strict = CliRunner().invoke(cli, ["check", "--strict", str(project)])
    assert strict.exit_code == 1 and "no response: a totals row or a note" in strict.output
    report = build(project).report
    answers = overall_scores(name, table[header_rows:])
    assert_figure(report.relationship, answers, nps)
    assert report.feedback.files[0].left_out == len(strays)
    page = (project / "site" / "data-quality.html").read_text(encoding="utf-8")
    assert "Totals row or note, no response" in page and html.escape(said[0]) in page


@pytest.mark.parametrize("name", sorted(STRAYS))
def test_the_next_export_with_a_totals_row_changes_no_figure(project: Path, name: str):
    """The mapping made on a clean export, the next export with a totals row and a note below
    its answers: each named at its line, none an unknown touchpoint or a row without a date,
    and the left-out count on the data-quality page says so."""
    export = EXPORTS / name
    onboard(project, export)
    encoding = {"wide-excel-de.csv": "cp1252"}.get(name, "utf-8-sig")
    delimiter = ";" if "excel-de" in name else ","
    table = rows(export, 0, encoding, delimiter)
    strays = [[row.get(i, "") for i in range(len(table[0]))] for row in STRAYS[name]]
    with (project / "data" / name).open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle, delimiter=delimiter).writerows(table + strays)
    check = CliRunner().invoke(cli, ["check", str(project)], catch_exceptions=False)
    assert check.exit_code == 0, check.output
    lines = (project / "data" / name).read_bytes().decode(encoding).splitlines()
    for row in strays:
        cell = next(cell for cell in row if cell)
        line = next(n for n, text in enumerate(lines, 1) if cell in text)
        assert f"data/{name}:{line}:" in check.output, check.output
    found = [line for line in check.output.splitlines() if f"data/{name}:" in line]
    assert len(found) == len(strays), check.output
    assert all("no response: a totals row or a note" in line for line in found), check.output
    report = build(project).report
    header_rows = {"qualtrics.csv": 3, "surveymonkey.csv": 2}.get(name, 1)
    assert_figure(report.relationship, overall_scores(name, table[header_rows:]), nps)
    assert report.feedback.files[0].left_out == len(strays)


REPLIES = [
    "Vielen Dank für Ihre Bewertung, wir freuen uns sehr über Ihr Lob!",
    "Es tut uns leid, dass die Lieferung zu spät kam. Wir melden uns bei Ihnen.",
    "Danke für das Feedback zur Kasse, wir arbeiten daran.",
    "Bitte schreiben Sie uns, damit wir Ihre Reklamation schnell klären können.",
]


@pytest.mark.parametrize(
    ("name", "encoding", "text", "reply"),
    [("trustpilot.csv", "utf-8-sig", 3, 12), ("google-play.csv", "utf-16", 11, 14)],
)
def test_the_companys_replies_to_reviews_are_not_published_as_customers(
    project: Path, name: str, encoding: str, text: int, reply: int
):
    """A review site's export holds the company's reply beside each review (Trustpilot's
    "Reply Content", Google Play's "Developer Reply Text"). Replied to at
    length, as companies do, it read as a second column of comments: the mapping asked
    which touchpoint it was about, and whatever the consultant wrote published the company's
    words as its customers'. Now it is left unmapped, with a line that says why."""
    table = rows(EXPORTS / name, 0, encoding)
    for row, said in zip(table[1:], REPLIES, strict=False):
        row[reply] = said
    export = project.parent / name
    with export.open("w", encoding=encoding, newline="") as handle:
        csv.writer(handle).writerows(table)
    snippet = onboard(project, export)
    assert f'"{table[0][reply]}" is not mapped: its name says it holds the company' in snippet
    report = build(project).report
    assert len(report.overall_comments) == sum(bool(r[text]) for r in table[1:])
    site = site_text(project)
    assert not any(html.escape(said, quote=False) in site for said in REPLIES)


@pytest.mark.parametrize("first", ["Zeitstempel", "Kundennummer"])
def test_an_answer_that_reads_as_a_totals_label_is_profiled(project: Path, first: str):
    """A Google Forms export of a timestamp and one question on a scale of words, "Average"
    in its middle. Before, each "Average" row (two cells filled) was taken for a totals row:
    data inspect profiled the column without it and proposed labels Poor 2 .. Excellent 5,
    a scale one point off, the middle answers left out; and in a file without dates (a
    customer number first) every such row was, however many cells it filled."""
    words = ["Poor", "Fair", "Average", "Good", "Excellent"]
    export = project.parent / "forms.csv"
    table = [[first, "Wie zufrieden waren Sie mit der Kasse?"]]
    table += [
        [f"2026-03-{1 + n % 28:02d} 10:00:00" if first == "Zeitstempel" else f"K{n:04d}"]
        + [words[n % 5]]
        for n in range(30)
    ]
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    output = inspect(project, export)
    assert "totals row" not in output, output
    assert '"Fair": 3' not in output and '"Poor": 2' not in output, output


@pytest.mark.parametrize("closing_first", [False, True], ids=["closing-last", "closing-first"])
def test_a_surveys_one_score_keeps_its_own_comment_and_the_closing_one_is_overall(
    project: Path, closing_first: bool
):
    """A survey of one rating (of the delivery), "Warum?" after it and an open question
    apart from it. Before, the file's one score took the comment apart from it too: the
    second was a line to edit ("which touchpoint?"), or the closing question standing first
    took the rating's place and "Warum?" was the line to edit. Now "Warum?" is the rating's,
    the other the company's, as in any survey, and the mapping builds as pasted."""
    score, why = "Wie zufrieden waren Sie mit der Lieferung?", "Warum?"
    closing = "Was können wir besser machen?"
    header = ["Datum", closing, score, why] if closing_first else ["Datum", score, why, closing]
    answers = [
        ("2026-03-01", "5", "Pünktlich und freundlich", "Mehr Termine am Samstag"),
        ("2026-03-02", "2", "Zwei Stunden zu spät", "Vorher anrufen"),
        ("2026-03-03", "4", "Gut gelaufen", ""),
    ]
    table = [header]
    for day, stars, reason, wish in answers:
        table.append([day, wish, stars, reason] if closing_first else [day, stars, reason, wish])
    export = project.parent / "lieferung.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    snippet = onboard(project, export)
    assert f'      overall:\n        comment: "{closing}"' in snippet, snippet
    assert f'lieferung:\n        csat: "{score}"\n        comment: "{why}"' in snippet, snippet


@pytest.mark.parametrize(
    "name",
    ["Was halten Sie von der Antwort des Unternehmens?", "How helpful was the company's reply?"],
)
def test_a_question_about_the_companys_reply_is_customers_comments(project: Path, name: str):
    """Before, a column whose name held "Antwort des Unternehmens" or "company's reply"
    anywhere was taken for the company's replies to reviews, questions about them too:
    customers' answers to them were never proposed as comments. A question asks them."""
    snippet = _with_column(project, name, REPLIES)
    assert f'"{name}" is not mapped: ' not in snippet and f'"{name}"' in snippet, snippet


@pytest.mark.parametrize("both", [True, False])
def test_a_wide_export_with_short_answers_that_name_touchpoints_stays_wide(
    project: Path, both: bool
):
    """A small Microsoft Forms survey (one row per respondent, a CSAT question for the
    delivery and one for the checkout), whose closing question was answered in a word
    that names a touchpoint ("Lieferung", "Kasse"). Before, that column was taken for the
    touchpoint of a long table: the mapping put each answer at the touchpoint the customer
    wanted improved, and gave `csat:` twice (a duplicate key: not even valid YAML); with
    one question, every delivery rating went to the checkout where the customer said so."""
    delivery = "Wie zufrieden waren Sie mit der Lieferung?"
    checkout = "Wie zufrieden waren Sie mit der Kasse?"
    closing = "Was können wir besser machen?"
    header = ["ID", "Start time", "Completion time", "Email", "Name", delivery, checkout]
    header = header if both else header[:-1]
    table = [[*header, closing]]
    wishes = ["Lieferung", "Kasse", "", "Lieferung", "Nichts", "Kasse"]
    for number, wish in enumerate(wishes, start=1):
        day = f"2026-03-0{number} 10:1{number}:00"
        scores = [str(number % 5 + 1), "4"] if both else [str(number % 5 + 1)]
        table.append([str(number), day, day, "anonymous", "", *scores, wish])
    export = project.parent / "forms.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    snippet = onboard(project, export)
    assert "    format: wide\n" in snippet and "touchpoint_values" not in snippet, snippet
    assert f'lieferung:\n        csat: "{delivery}"' in snippet, snippet
    assert not both or f'kasse:\n        csat: "{checkout}"' in snippet, snippet


@pytest.mark.parametrize("journey", [True, False])
def test_a_wish_for_the_better_after_several_ratings_is_about_the_company(
    project: Path, journey: bool
):
    """A journey's survey rates several touchpoints, then asks "Was können wir besser
    machen?". Before, that question went to the touchpoint rated last (the checkout), whose
    page then published every wish about the company, and its themes counted them. After
    one touchpoint's rating (a survey sent after a delivery) it is still that touchpoint's."""
    recommend = "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"
    delivery = "Wie zufrieden waren Sie mit der Lieferung?"
    checkout = "Wie zufrieden waren Sie mit der Kasse?"
    wish = "Was können wir besser machen?"
    ratings = [delivery, checkout] if journey else [delivery]
    table = [["Datum", recommend, *ratings, wish]]
    for number, text in enumerate(["Mehr Kassen öffnen", "", "Schneller liefern", "Nichts"]):
        table.append([f"2026-03-0{number + 1}", "9", *["4"] * len(ratings), text])
    export = project.parent / "umfrage.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    snippet = onboard(project, export)
    if journey:
        block = f'      overall:\n        nps: "{recommend}"\n        comment: "{wish}"\n'
    else:
        block = f'      lieferung:\n        csat: "{delivery}"\n        comment: "{wish}"\n'
    assert block in snippet, snippet


def test_a_wish_for_the_better_after_each_rating_is_that_touchpoints(project: Path):
    """A survey asks "Was können wir besser machen?" after each touchpoint's rating: each
    wish is about the rating before it. Since the rule for a wish after several ratings, the
    first went under overall (the delivery's wishes published as the company's) and the
    second was left unmapped, asking which touchpoint."""
    recommend = "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"
    delivery = "Wie zufrieden waren Sie mit der Lieferung?"
    checkout = "Wie zufrieden waren Sie mit der Kasse?"
    wish, wish_again = "Was können wir besser machen?", "Was könnten wir verbessern?"
    table = [["Datum", recommend, delivery, wish, checkout, wish_again]]
    for number, text in enumerate(["Mehr Kassen öffnen", "", "Schneller liefern", "Nichts"]):
        table.append([f"2026-03-0{number + 1}", "9", "4", text, "4", text])
    export = project.parent / "umfrage.csv"
    with export.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    snippet = onboard(project, export)
    assert f'      lieferung:\n        csat: "{delivery}"\n        comment: "{wish}"\n' in snippet
    assert f'      kasse:\n        csat: "{checkout}"\n        comment: "{wish_again}"\n' in snippet


def test_wootric_responses_excluded_from_calculations_are_left_out(project: Path):
    """Wootric marks a response its own NPS leaves out (a colleague's, a test) with
    excluded_from_calculations = true. Before, they were counted, and the column was proposed
    as a yes/no KPI; now they are left out as a survey tool's previews and tests are, and
    counted per file on the data-quality page."""
    export = EXPORTS / "wootric-responses.csv"
    snippet = onboard(project, export)
    assert "excluded_from_calculations" not in snippet
    data = rows(export, 1)
    kept = [int(r[3]) for r in data if r[9] != "true"]
    report = build(project).report
    assert_figure(report.relationship, kept, nps)
    [file] = report.feedback.files
    assert file.not_real == sum(r[9] == "true" for r in data) == 3
    page = (project / "site" / "data-quality.html").read_text(encoding="utf-8")
    assert "<code>data/wootric-responses.csv</code>: responses the survey tool marks as" in page
    assert "Colleague testing" not in (project / "site" / "index.html").read_text("utf-8")


def test_a_rating_column_of_several_kpis_is_read_by_the_type_beside_it(project: Path):
    """HubSpot exports the submissions of all its surveys in one file: one Rating, 0-10 for
    the NPS, 1-5 for the CSAT, 1-7 for the CES, its Survey type beside it. Before, the Rating
    was left out (EDIT: export the types apart); now each KPI reads the rows its type names,
    and a rating of a type none names (a custom survey's) is named by file and line."""
    export = EXPORTS / "hubspot-feedback.csv"
    snippet = onboard(project, export)
    assert 'nps: {column: "Rating", where: {"Survey type": "NPS"}}' in snippet
    assert 'csat: {column: "Rating", where: {"Survey type": "CSAT"}}' in snippet
    data = rows(export, 1)
    figures = {estimate.kpi: estimate for estimate in build(project).report.relationships}
    assert_figure(figures["nps"], [int(r[4]) for r in data if r[2] == "NPS"], nps)
    assert_figure(figures["csat"], [int(r[4]) for r in data if r[2] == "CSAT"], top2)
    ces = [int(r[4]) for r in data if r[2] == "CES"]
    assert figures["ces"].n == len(ces) and figures["ces"].value == pytest.approx(np.mean(ces))
    # a survey of another type, and one whose type is empty: left out, each named
    with (project / "data" / export.name).open("a", encoding="utf-8", newline="") as file:
        csv.writer(file).writerows(
            [
                ["10000013", "Help article", "KNOWLEDGE", "2026-03-11 10:00", "1", *[""] * 6],
                ["10000014", "Quarterly NPS", "", "2026-03-11 11:00", "9", *[""] * 6],
            ]
        )
    result = CliRunner().invoke(cli, ["check", str(project)], catch_exceptions=False)
    name = "data/hubspot-feedback.csv"
    message = "'Rating' answered, left out: no where: names this type"
    assert f"{name}:14:3: warning: {message} 'KNOWLEDGE'" in result.output
    # the hint's example names the type left out, no made-up one
    assert 'e.g. csat: {column: "Rating", where: {"Survey type": ["KNOWLEDGE"]}}' in result.output
    assert f"{name}:15:3: warning: {message}" in result.output
    again = {estimate.kpi: estimate for estimate in build(project).report.relationships}
    assert {kpi: e.n for kpi, e in again.items()} == {kpi: e.n for kpi, e in figures.items()}


@pytest.mark.parametrize(
    "name",
    [
        "Kommentar des Händlers",  # eKomi's shop reply
        "Management response",  # Tripadvisor's Management Center
        "Antwort des Hoteliers",  # HolidayCheck's
        "Kommentar des Arbeitgebers",  # kununu's
        "Händlerkommentar",
    ],
)
def test_more_review_sites_replies_are_the_companys(project: Path, name: str):
    """eKomi's export holds the shop's reply as "Kommentar des Händlers", Tripadvisor's as
    "Management response", HolidayCheck's and kununu's as the hotelier's or employer's
    "Antwort"/"Kommentar". Before, none of these names was known as a reply: the company's
    words were proposed as customers' comments (eKomi's under overall, published as pasted).
    Now they are left unmapped, with the line that says why."""
    snippet = _with_column(project, name, REPLIES)
    assert f'"{name}" is not mapped: its name says it holds the company' in snippet, snippet
    assert f'comment: "{name}"' not in snippet, snippet


def test_a_stacked_export_of_one_row_per_question(project: Path):
    """A BI extract of one row per question answered (`Antwort-ID;Datum;Frage;Antwort`): each
    question is mapped by its text with where:, its KPI and touchpoint read from the text,
    its open question's text answers as the comment of the touchpoint it names. Read as one
    KPI, the CSAT answers would count as NPS detractors."""
    export = EXPORTS / "stacked-de.csv"
    parking = "Wie einfach war es, einen Parkplatz zu finden?"
    snippet = onboard(
        project,
        export,
        {"# ???": f'parken: {{ces: {{column: "Antwort", where: {{"Frage": "{parking}"}}}}}}'},
    )
    assert "format: wide\n" in snippet and 'respondent: "Antwort-ID"' in snippet
    assert 'comment_columns: ["Antwort"]' in snippet
    data = rows(export, 1, delimiter=";")
    report = build(project).report

    def answers(question: str) -> list[int]:
        return [int(r[3]) for r in data if r[2].startswith(question)]

    assert_figure(report.relationship, answers("Wie wahrscheinlich"), nps)
    kasse = answers("Wie zufrieden waren Sie mit der Kasse")
    assert_figure(report.touchpoint("kasse").kpis["csat"], kasse, top2)
    lieferung = answers("Wie zufrieden waren Sie mit der Lieferung")
    assert_figure(report.touchpoint("lieferung").kpis["csat"], lieferung, top2)
    assert_figure(
        report.touchpoint("parken").kpis["ces"], answers(parking), lambda s: sum(s) / len(s)
    )
    # each open answer with words is the checkout's comment, none of the ratings' numbers
    said = {r[3] for r in data if r[2].startswith("Was können") and r[3] != "-"}
    comments = {c.text for c in report.touchpoint("kasse").comments}
    assert comments == said


def test_a_warehouse_table_with_question_ids_texts_and_two_answer_columns(project: Path):
    """A warehouse's table (`response_id, question_id, question_text, answer_numeric,
    answer_text`): the text is named in where:, the id beside it as a comment; the text
    answers are the comment of the question's touchpoint."""
    export = EXPORTS / "stacked-warehouse.csv"
    checkout = "How satisfied were you with the checkout?"
    snippet = onboard(
        project,
        export,
        {
            "# ???": "kasse: {csat: {column: answer_numeric, where: {question_text: "
            f'"{checkout}"}}}}}}'
        },
    )
    assert "# question_id Q1" in snippet
    anything = "Anything else you would like to tell us about the checkout?"
    assert (
        f'comment: {{column: "answer_text", where: {{"question_text": "{anything}"}}}}' in snippet
    )
    data = rows(export, 1)
    report = build(project).report
    assert_figure(report.relationship, [int(r[4]) for r in data if r[2] == "Q1"], nps)
    assert_figure(
        report.touchpoint("kasse").kpis["csat"], [int(r[4]) for r in data if r[2] == "Q2"], top2
    )
    delivery = [int(r[4]) for r in data if r[2] == "Q3"]
    assert_figure(report.touchpoint("lieferung").kpis["csat"], delivery, top2)
    pages = site_text(project)
    assert all(r[5] in pages for r in data if r[2] == "Q4" and r[5])
