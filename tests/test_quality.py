"""Data quality: bad rows are left out, grouped and counted; --strict fails the build."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, REPO, half_asked_csat, small_chunks, tree
from touchsite.__main__ import cli
from touchsite.build import build
from touchsite.load.quality import (
    STRAY_HINT,
    STRAY_MESSAGE,
    _first_rows,
    _scale_problems,
    _suspects,
    as_problems,
    line_broken,
)
from touchsite.models import BadValue
from touchsite.pipeline import check

HEADER = "response_id,touchpoint,date,nps,csat,ces,comment,segment\n"


def _data(mini: Path, text: str, name: str = "feedback.csv") -> None:
    (mini / "data" / name).write_text(text, encoding="utf-8")


def _append(mini: Path, rows: str) -> None:
    with (mini / "data" / "feedback.csv").open("a", encoding="utf-8") as handle:
        handle.write(rows)


def test_bad_rows_are_left_out_and_the_rest_is_used(mini: Path):
    before = check(mini).feedback.rows
    _append(
        mini,
        "X1,hotline,2026-03-01,11,,,,new\n"  # nps out of range
        "X2,hotlin,2026-03-01,5,,,,new\n"  # unknown touchpoint
        "X3,hotline,2026-02-30,5,,,,new\n"  # impossible date
        "X4,hotline,2026-03-01,sehr gut,,,,new\n"  # not a number
        "X5,hotline,2026-03-01,5,,,,new\n"  # fine
        "X5,hotline,2026-03-02,7,,,,new\n",  # the same respondent and touchpoint again
    )
    feedback = check(mini).feedback
    assert feedback.rows == before + 1
    found = {(f.kind, f.column, f.column_number, f.rows) for f in feedback.quality}
    assert found == {
        ("range", "nps", 4, 1),
        ("touchpoint", "touchpoint", 2, 1),
        ("date", "date", 3, 1),
        ("number", "nps", 4, 1),
        ("repeated", "response_id", 1, 1),
    }
    [data_file] = feedback.files
    assert (data_file.answers, data_file.left_out) == (before + 1, 5)
    lines = "\n".join(str(p) for p in as_problems(feedback.quality))
    assert "data/feedback.csv:54:4: warning: nps score outside 0..10 '11'\n" in lines
    assert "data/feedback.csv:55:2: warning: unknown touchpoint id 'hotlin'\n" in lines
    assert "data/feedback.csv:59:1: warning: repeated answer" in lines


def test_a_ces_answered_beyond_the_projects_ces_scale_is_named_with_that_setting(mini: Path):
    """A CES question asked on 1-7 in a project whose kpis.ces_scale is 1-5: its 6s and 7s
    were named as outside 1..5 with the hint to leave them empty, as if they were slips,
    not the scale touchsite.yml gives. The hint now names ces_scale, the setting to change."""
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8").replace("max: 7,", "max: 5,")
    yml.write_text(text.replace("    ces: 5\n", "    ces: 4\n"), encoding="utf-8")
    answers = [1 + number % 7 for number in range(21)]
    rows = "".join(
        f"R{number},search,2026-01-{1 + number:02d},,,{ces},,new\n"
        for number, ces in enumerate(answers)
    )
    _data(mini, HEADER + rows)
    findings = [f for f in check(mini).feedback.quality if f.kind == "range"]
    assert sum(f.rows for f in findings) == sum(ces > 5 for ces in answers) == 6
    assert {(f.column, f.column_number) for f in findings} == {("ces", 6)}
    for finding in findings:
        assert finding.message == "ces score outside 1..5"
        assert "kpis: ces_scale in touchsite.yml" in finding.hint
        assert "give ces_scale its min and max" in finding.hint


def test_a_quote_not_closed_is_named_with_its_line_and_the_rows_it_took(mini: Path):
    """A quote opened in a comment and never closed: the CSV reader reads the rows after it,
    up to the next quote, as the comment's text. Those rows are lost, and said so; the
    comment holding them is left out, its row's answers kept. A comment over several lines
    that holds no row is a comment."""
    before = check(mini).feedback
    _append(
        mini,
        'Q1,hotline,2026-03-02,6,,,"Super Service\n'  # line 54: the quote is not closed
        "Q2,hotline,2026-03-03,7,,,fine,new\n"
        'Q3,hotline,2026-03-04,8,,,he said "ok" and left,new\n'
        'Q4,hotline,2026-03-05,9,,,"two lines,\nof one comment, as, customers, write, them",new\n'
        # a line of as many fields as a row, a date where the date is: no touchpoint, no row
        'Q5,hotline,2026-03-05,9,,,"Termine verschoben:\n'
        '2026-03-12, 2026-03-15, 2026-03-18, dann, nichts, mehr, gehört, leider",new\n',
    )
    feedback = check(mini).feedback
    assert feedback.rows == before.rows + 3  # Q1, Q4 and Q5; Q2 and Q3 are Q1's comment
    [finding] = feedback.quality
    assert (finding.kind, finding.column, finding.column_number) == ("quote", "comment", 7)
    assert (finding.rows, finding.values[0].lines) == (1, (54,))
    assert finding.values[0].value.startswith("Super Service Q2,hotline,2026-03-03,7")
    [problem] = as_problems(feedback.quality)
    assert str(problem).startswith(
        'data/feedback.csv:54:7: warning: a quote (") not closed: the lines after it, rows of '
        "their own, were read as this field's text"
    )
    texts = [comment.text for comment in feedback.comments["hotline"]]
    assert "two lines,\nof one comment, as, customers, write, them" in texts
    assert any(text.startswith("Termine verschoben:\n2026-03-12") for text in texts)
    assert not any("Super Service" in text for text in texts)


def test_a_comment_that_took_one_row_and_no_more_separators_is_found(mini: Path):
    """A quote closed at the start of the line after the one row it took: the comment holds
    as many separators as that row, no more, and is found all the same."""
    _append(
        mini,
        'Q1,hotline,2026-03-02,6,,,"Super Service\n'  # line 54: closed on line 56
        "Q2,hotline,2026-03-03,7,,,fine,new\n"
        '",new\n',
    )
    feedback = check(mini).feedback
    [finding] = feedback.quality
    assert (finding.kind, finding.column, finding.values[0].lines) == ("quote", "comment", (54,))
    assert finding.values[0].value.startswith("Super Service Q2,hotline,2026-03-03,7")


def test_a_quote_not_closed_before_a_score_is_named_as_such(mini: Path):
    """A quote opened before a score ("10 as a German Excel export may hold) takes the rows
    after it into that answer. Before, it was reported as an answer that is not a number,
    with the hint to map it under labels:."""
    _append(
        mini,
        'Q1,hotline,2026-03-02,"10,,,,new\n'  # line 54: the quote is not closed
        "Q2,hotline,2026-03-03,7,,,fine,new\n"
        "Q3,hotline,2026-03-04,8,,,,new\n",
    )
    [finding] = check(mini).feedback.quality
    assert (finding.kind, finding.column, finding.values[0].lines) == ("quote", "nps", (54,))
    [problem] = as_problems([finding])
    assert str(problem).startswith(
        'data/feedback.csv:54:4: warning: a quote (") not closed: the lines after it, rows of '
        "their own, were read as this answer"
    )
    assert "labels:" not in problem.hint


def test_a_score_that_cannot_be_read_leaves_out_that_answer_alone(mini: Path):
    """'N/A' not listed under not_used: the NPS of its row is left out and reported; the
    row's CSAT and comment are still used. A row with nothing else is left out."""
    before = check(mini).feedback
    _append(
        mini,
        "P1,search,2026-03-01,N/A,4,,,new\n"  # its CSAT 4 counts
        'P2,search,2026-03-01,N/A,,,"Lieferung kam zu spät",new\n'  # its comment counts
        "P3,search,2026-03-01,N/A,,,,new\n"  # nothing else: left out
        "P4,search,2026-03-01,12,5,,,new\n",  # outside the scale, its CSAT 5 counts
    )
    feedback = check(mini).feedback
    assert feedback.rows == before.rows + 3
    assert feedback.files[0].left_out == 1
    assert feedback.files[0].scores_left_out == 3  # P1, P2 and P4's NPS: their rows stay
    found = {(f.kind, f.column, f.rows) for f in feedback.quality}
    assert found == {("number", "nps", 3), ("range", "nps", 1)}

    def counted(frame, kpi: str) -> dict[int, int]:
        rows = frame[(frame["touchpoint"] == "search") & (frame["kpi"] == kpi)]
        return rows.groupby("score")["n"].sum().to_dict()

    csat = counted(feedback.counts, "csat")
    assert csat == {
        **counted(before.counts, "csat"),
        4: counted(before.counts, "csat")[4] + 1,
        5: counted(before.counts, "csat")[5] + 1,
    }
    assert counted(feedback.counts, "nps") == counted(before.counts, "nps")
    assert "Lieferung kam zu spät" in [c.text for c in feedback.comments["search"]]


def test_a_score_between_two_points_of_the_scale_is_said_to_be_one(mini: Path):
    """3.5 on a 1-5 scale lies inside it: it is no whole number, not 'outside 1..5'."""
    _append(mini, "D1,search,2026-03-01,,3.5,,,new\nD2,search,2026-03-01,,7,,,new\n")
    quality = check(mini).feedback.quality
    assert [f.kind for f in quality] == ["fraction", "range"]
    messages = [p.message for p in as_problems(quality)]
    assert messages == ["csat score is not a whole number '3.5'", "csat score outside 1..5 '7'"]


def test_ten_thousand_bad_rows_make_a_few_lines(mini: Path):
    rows = "".join(
        f"B{i},hotline,2026-03-{1 + i % 28:02d},{11 + i % 50},,,,new\n" for i in range(10_000)
    )
    _append(mini, rows)
    feedback = check(mini).feedback
    hotline_nps = sum(
        1
        for row in csv.DictReader((mini / "data" / "feedback.csv").open(encoding="utf-8"))
        if row["touchpoint"] == "hotline" and row["nps"]
    )
    # the column is mostly outside its scale: a finding of its own, with the share
    [scale] = [f for f in feedback.quality if f.kind == "scale"]
    assert scale.message == (
        f"most nps answers (10,000 of {hotline_nps:,}) lie outside 0..10: the question was "
        "asked on another scale"
    )
    [finding] = [f for f in feedback.quality if f.kind != "scale"]
    assert finding.rows == 10_000 and finding.kind == "range"
    assert len(finding.values) == 5  # the first five distinct values, with their lines
    assert finding.values[0].value == "11" and finding.values[0].lines[:2] == (54, 104)
    assert finding.values[0].rows == 200
    problems = as_problems((finding,))
    assert len(problems) == 6
    assert problems[0].message == (
        "nps score outside 0..10 '11' (200 rows; also lines 104, 154, 204, 254 and 195 more)"
    )
    assert problems[-1].message == "nps score outside 0..10: 9,000 more rows with other values"


def test_a_wide_rows_bad_date_is_one_rows_problem_however_many_touchpoints_it_answers(mini):
    """A respondent's row of a wide export answers for several touchpoints, all dated by its
    one date: a bad date was counted once per touchpoint, and its line named as often."""
    (mini / "data" / "feedback.csv").unlink()
    _data(
        mini,
        "id,date,Suche,Hotline,Checkout\n"
        "a,2026-03-01,9,8,7\n"
        "b,Summe,10,9,8\n"  # a totals row: line 3
        "c,2026-03-02,9,,7\n"
        "d,2026-02-30,5,6,7\n",  # line 5
        "wide.csv",
    )
    yml = mini / "touchsite.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace(
            "  - path: data/feedback.csv\n",
            "  - path: data/wide.csv\n    format: wide\n    respondent: id\n    date: date\n"
            "    touchpoints:\n      search: {nps: Suche}\n      hotline: {nps: Hotline}\n"
            "      quiet: {nps: Checkout}\n",
        ),
        encoding="utf-8",
    )
    feedback = check(mini).feedback
    date, totals = sorted(feedback.quality, key=lambda finding: finding.kind)
    assert (date.kind, date.column, date.rows) == ("date", "date", 1)
    assert (totals.kind, totals.column, totals.rows) == ("stray", "date", 1)
    assert [(p.line, p.message) for p in as_problems(feedback.quality)] == [
        # was "unreadable date 'Summe' (3 rows; also lines 3, 3)", then a date unreadable
        (3, f"{STRAY_MESSAGE} 'Summe'"),
        (5, "unreadable date '2026-02-30'"),
    ]
    assert feedback.rows == 5  # a's three answers and c's two


def test_ragged_rows_and_empty_files(mini: Path):
    hotline = check(mini).feedback.responses["hotline"]
    _append(
        mini,
        'R1,hotline,2026-03-01,9,,,"a, quoted, comment",new\nR2,hotline,2026-03-01,9,,,a, b,new\n',
    )
    _append(mini, "R3,hotline,2026-03-01,9\n")  # no empty last fields: read, padded
    _data(mini, "", "empty.csv")
    _data(mini, HEADER, "header-only.csv")
    yml = mini / "touchsite.yml"
    yml.write_text(
        yml.read_text() + "  - path: data/empty.csv\n  - path: data/header-only.csv\n",
        encoding="utf-8",
    )
    feedback = check(mini).feedback
    found = {(f.path, f.kind, f.message, f.rows) for f in feedback.quality}
    assert found == {
        ("data/feedback.csv", "ragged", "row has 9 fields, the header has 8", 1),
        ("data/empty.csv", "empty", "the file holds no answers", 0),
        ("data/header-only.csv", "empty", "the file holds no answers", 0),
    }
    lines = sorted(str(p).split(": warning")[0] for p in as_problems(feedback.quality))
    assert lines == [
        "data/empty.csv:1",
        "data/feedback.csv:55",
        "data/header-only.csv:1",
    ]
    assert feedback.responses["hotline"] == hotline + 2  # R1 and R3
    quoted = [c.text for c in feedback.comments["hotline"] if "quoted" in c.text]
    assert quoted == ["a, quoted, comment"]


def test_a_row_that_takes_in_the_lines_after_an_open_quote_names_them(mini: Path):
    """A quote opened and not closed (`5"" Zoll` ends no field) reads the rows after it as
    the field's text until a quote closes it: that row is ragged and left out, and the lines
    it took in are named, not lost without a word."""
    rows = mini / "data" / "feedback.csv"
    first = len(rows.read_text("utf-8").splitlines()) + 1
    _append(
        mini,
        'PQ1,hotline,2026-03-01,5,,,"sagt 5"" Zoll,new\n'
        "PQ2,hotline,2026-03-02,6,,,ok,new\n"
        'PQ3,hotline,2026-03-03,7,,,"gut, danke",new\n'
        "PQ4,hotline,2026-03-04,8,,,ok,new\n",
    )
    [finding] = [f for f in check(mini).feedback.quality if f.kind == "ragged"]
    assert finding.values[0].lines == (first,)
    assert f"(lines {first}-{first + 2})" in finding.hint and "quote" in finding.hint


def test_a_ragged_row_with_a_comment_over_two_lines_is_no_open_quote(mini: Path):
    """A quoted comment over two lines, closed, in a row with an unquoted separator: the row
    is ragged for its separator, and no lines were taken in."""
    first = len((mini / "data" / "feedback.csv").read_text("utf-8").splitlines()) + 1
    _append(mini, 'R50,hotline,2026-03-01,7,,,"Zeile eins\nZeile zwei",new, extra\n')
    [finding] = [f for f in check(mini).feedback.quality if f.kind == "ragged"]
    assert finding.values[0].lines == (first,)
    assert "lines" not in finding.hint and "separator" in finding.hint


def test_a_bad_value_is_quoted_redacted_in_the_sites_language(mini: Path):
    """The German data-quality page quotes a bad value with the comments' German labels."""
    yml = mini / "touchsite.yml"
    yml.write_text(yml.read_text("utf-8").replace("language: en", "language: de"), "utf-8")
    _append(mini, "E1,hotlne max@firma.de,2026-03-01,9,,,,new\n")
    [finding] = [f for f in check(mini).feedback.quality if f.kind == "touchpoint"]
    assert finding.values[0].value == "hotlne [E-Mail entfernt]"


def test_a_bad_value_is_quoted_without_its_control_characters(mini: Path):
    """The data-quality page quotes a bad value: a NUL or a bell in it is no text to publish."""
    _append(mini, "N1,hot\x00line\x07,2026-03-01,9,,,,new\n")
    [finding] = [f for f in check(mini).feedback.quality if f.kind == "touchpoint"]
    assert finding.values[0].value == "hotline"


def test_lenient_build_reports_and_writes_a_data_quality_page(mini: Path):
    _append(mini, "X1,hotline,2026-03-01,11,,,,new\n")
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    assert "data/feedback.csv:54:4: warning: nps score outside 0..10 '11'" in result.output
    assert "Data: 1 answer left out for data problems (see data-quality.html)" in result.output
    page = (mini / "site" / "data-quality.html").read_text(encoding="utf-8")
    assert "<code>data/feedback.csv</code>" in page
    # quoted as English quotes (it was German's „11“ on an English site)
    assert "Score outside its scale" in page and "“11” line 54" in page
    index = (mini / "site" / "index.html").read_text(encoding="utf-8")
    assert 'href="data-quality.html"' in index


def test_the_build_counts_rows_that_are_no_answers_apart(mini: Path):
    """A row that cannot be read (a field too many) and a totals row below the answers are
    left out as rows. Before, the summary line counted them as answers left out: "3
    answers left out for data problems" where one answer was."""
    _append(
        mini,
        "X1,hotline,2026-03-01,11,,,,new\n"  # an answer: its score outside the scale
        "R2,hotline,2026-03-01,9,,,a, b,new\n"  # a field too many
        "Summe,,,812,410,,,\n",
    )
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    said = "Data: 1 answer and 2 rows left out for data problems (see data-quality.html)"
    assert said in result.output


def test_the_build_says_how_many_scores_it_left_out_of_answers_it_kept(mini: Path):
    """A row kept for its CSAT or its comment, its NPS unreadable: the summary line counts
    that score, not only the rows left out whole."""
    _append(
        mini,
        "S1,hotline,2026-03-01,N/A,4,,,new\n"
        "S2,hotline,2026-03-01,12,,,Kein Rückruf,new\n"
        "S3,hotline,2026-03-01,N/A,,,,new\n",  # nothing else: the row is left out
    )
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    said = "Data: 1 answer left out for data problems, and 2 single scores of answers kept"
    assert said in result.output
    _data(mini, HEADER + "T1,hotline,2026-03-01,N/A,4,,,new\n")
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert "Data: 1 single score left out of answers kept, for data problems" in result.output


def test_strict_fails_and_keeps_the_last_site(mini: Path):
    build(mini)
    before = tree(mini / "site")
    _append(mini, "X1,hotline,2026-03-01,11,,,,new\n")
    result = CliRunner().invoke(cli, ["build", "--strict", str(mini)])
    assert result.exit_code == 1
    assert "data/feedback.csv:54:4: error: nps score outside 0..10 '11'" in result.output
    assert "nothing was written" in result.output
    assert tree(mini / "site") == before
    assert CliRunner().invoke(cli, ["check", "--strict", str(mini)]).exit_code == 1
    assert CliRunner().invoke(cli, ["check", str(mini)]).exit_code == 0


def test_a_file_that_cannot_be_read_is_an_error(mini: Path):
    (mini / "data" / "feedback.csv").write_bytes(
        b"touchpoint,date,nps\nhotline,2026-03-01,9\n" + b"\x81\x8d\n"
    )
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 1
    expected = "data/feedback.csv:3: error: is not UTF-8 or Windows-1252 text (byte 42)"
    assert expected in result.output


def test_a_renamed_touchpoint_in_the_data_gets_did_you_mean(mini: Path):
    feedback = mini / "data" / "feedback.csv"
    header, *rows = feedback.read_text(encoding="utf-8").splitlines(keepends=True)
    renamed = ["R001,hotlne,2026-01-10,3,2,,,new\n", "R002,hotlne,2026-01-11,4,2,,,new\n"]
    unknown = ["R003,kiosk,2026-01-12,9,5,,,new\n"]
    feedback.write_text(header + "".join(renamed + unknown + rows), encoding="utf-8")
    problems = {p.message: p for p in as_problems(check(mini).feedback.quality)}
    typo = problems["unknown touchpoint id 'hotlne' (2 rows; also lines 3)"]
    assert typo.line == 2
    assert typo.hint == "did you mean 'hotline'? (a touchpoint renamed in content/?)"
    other = problems["unknown touchpoint id 'kiosk'"]
    assert other.line == 4 and other.hint.startswith("use the id of a file in content/touchpoints/")


def test_a_row_whose_touchpoint_cell_is_empty_names_no_touchpoint(mini: Path):
    """An empty cell was called an unknown touchpoint id, to be fixed with an id from
    content/touchpoints/: there was no id to fix. Now it names no touchpoint, and the hint
    says how to map such rows (a SurveyMonkey link opened without its custom variable)."""
    feedback = mini / "data" / "feedback.csv"
    header, *rows = feedback.read_text(encoding="utf-8").splitlines(keepends=True)
    feedback.write_text(header + "R001,,2026-01-10,3,2,,,new\n" + "".join(rows), "utf-8")
    problems = {p.message: p for p in as_problems(check(mini).feedback.quality)}
    empty = problems["no touchpoint"]
    assert empty.line == 2 and empty.column == 2
    assert 'touchpoint_values: {"": overall}' in empty.hint
    assert not any(message.startswith("unknown touchpoint id") for message in problems)


def test_dates_that_cannot_be_true_are_listed_with_their_lines(mini: Path, monkeypatch):
    # the build's day comes from SOURCE_DATE_EPOCH (2026-06-30 12:00 UTC): reproducible
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1782820800")
    yml = mini / "touchsite.yml"
    yml.write_text(
        yml.read_text(encoding="utf-8").replace(
            "  - path: data/feedback.csv\n",
            "  - path: data/feedback.csv\n    survey_start: 2025-01-01\n",
        ),
        encoding="utf-8",
    )
    before = check(mini).feedback.rows
    _append(
        mini,
        "D1,hotline,1970-01-01,5,,,,new\n"  # line 54: an unset date (Unix's zero)
        "D2,hotline,1899-12-30,5,,,,new\n"  # Excel's zero
        "D3,hotline,2026-07-01,5,,,,new\n"  # the day after the build's
        "D4,hotline,2024-12-31,5,,,,new\n"  # before the survey's start
        "D5,hotline,2026-06-30,5,,,,new\n",  # the build's day: fine
    )
    feedback = check(mini).feedback
    assert feedback.rows == before + 1
    odd = sorted((f.kind, f.message, f.rows) for f in feedback.quality if "-date" in f.kind)
    assert odd == [
        ("early-date", "date before the survey's start (2025-01-01)", 1),
        ("future-date", "date in the future (after 2026-06-30)", 1),
        ("unset-date", "a placeholder date (an unset date in the survey tool or spreadsheet)", 2),
    ]
    lines = "\n".join(str(p) for p in as_problems(feedback.quality))
    assert "data/feedback.csv:54:3: warning: a placeholder date" in lines
    future = "data/feedback.csv:56:3: warning: date in the future (after 2026-06-30) '2026-07-01'"
    assert future in lines
    result = CliRunner().invoke(cli, ["check", "--strict", str(mini)])
    assert result.exit_code == 1


# ---------------------------------------------- answers that contradict the declared scale

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def _data_entries(mini: Path, entries: str) -> None:
    """Replace the project's data entry for feedback.csv by these entries."""
    yml = mini / "touchsite.yml"
    text = yml.read_text("utf-8").replace("  - path: data/feedback.csv\n", entries)
    yml.write_text(text, "utf-8")


def test_a_yes_no_column_read_as_nps_is_a_problem_not_a_silent_minus_100(mini: Path):
    rows = [HEADER.strip()]
    rows += [f"Y{i},quiet,2026-0{1 + i % 3}-10,{i % 2},,,,new" for i in range(40)]
    _data(mini, "\n".join(rows) + "\n", "yes-no.csv")
    _data_entries(mini, "  - path: data/feedback.csv\n  - path: data/yes-no.csv\n")
    result = check(mini)
    [finding] = [f for f in result.feedback.quality if f.kind == "scale"]
    assert finding.message == (
        "nps answers are only 0 and 1 (40 answers): a yes/no question read as a 0-10 scale "
        "(it would show as the worst score)"
    )
    assert (finding.path, finding.column_number, finding.values[0].lines) == (
        "data/yes-no.csv",
        4,
        (2,),
    )
    assert "binary" in finding.hint
    strict = CliRunner().invoke(cli, ["check", str(mini), "--strict"])
    assert strict.exit_code == 1 and "nps answers are only 0 and 1" in strict.output


def test_an_nps_numbered_from_one_is_a_problem_and_its_scale_reads_it(mini: Path):
    """Answers 1-11 and never 0: an 11-point question exported with its points numbered from
    1 (Qualtrics' recode values unless set), every answer one too high and the top ones
    outside 0-10. The finding says which scale to give; given, the answers read as 0-10."""
    rows = [HEADER.strip()]
    rows += [f"Q{i},quiet,2026-03-10,{i % 11 + 1},,,,new" for i in range(44)]
    _data(mini, "\n".join(rows) + "\n", "coded.csv")
    _data_entries(mini, "  - path: data/coded.csv\n")
    found = check(mini).feedback.quality
    [finding] = [f for f in found if f.kind == "scale"]
    assert finding.message == (
        "nps answers run 1-11, none is 0: the question's points numbered from 1, each answer "
        "one above the 0-10 it stands for"
    )
    assert "scale: 1-11" in finding.hint
    assert {f.kind for f in found} == {"scale", "range"}  # the 11s lie outside 0-10
    yml = mini / "touchsite.yml"
    scale = "    scores: {nps: {column: nps, scale: 1-11}}\n"
    yml.write_text(yml.read_text("utf-8").replace("data/coded.csv\n", "data/coded.csv\n" + scale))
    feedback = check(mini).feedback
    assert feedback.quality == ()
    counts = feedback.counts
    nps = counts[(counts["touchpoint"] == "quiet") & (counts["kpi"] == "nps")]
    assert dict(zip(nps["score"], nps["n"], strict=True)) == {s: 4 for s in range(11)}


def test_each_touchpoint_numbered_from_one_is_told_so(mini: Path):
    """Two touchpoints of a long table, both answered 1-11: the second's finding replaced the
    first's (one column, one message), so the site named one touchpoint and its 44 rows."""
    rows = [HEADER.strip()]
    rows += [
        f"Q{i},{tp},2026-03-10,{i % 11 + 1},,,,new" for tp in ("quiet", "search") for i in range(44)
    ]
    _data(mini, "\n".join(rows) + "\n", "coded.csv")
    _data_entries(mini, "  - path: data/coded.csv\n")
    found = [f for f in check(mini).feedback.quality if f.kind == "scale"]
    assert sorted((f.touchpoint, f.rows) for f in found) == [("quiet", 44), ("search", 44)]


def test_answers_read_by_numbers_that_run_against_their_words_are_a_problem(mini: Path):
    """A mapping written by hand reads "1 = sehr zufrieden" as 1: the finding names the
    column, the answer and its first line, and says how to read them by their words."""
    shutil.copy(EXPORTS / "wide-reversed-de.csv", mini / "data" / "reversed.csv")
    _data_entries(
        mini,
        "  - path: data/reversed.csv\n    respondent: Antwort-ID\n    date: Datum\n"
        "    touchpoints: {hotline: {csat: 'Wie zufrieden waren Sie mit der Kasse?'}}\n",
    )
    found = check(mini).feedback.quality
    [finding] = [f for f in found if f.kind == "scale"]
    assert finding.message == (
        "csat answers are numbered against their words ('1 = sehr zufrieden'): read by their "
        "numbers, the best answer counts as the worst"
    )
    rows = list(
        csv.reader((mini / "data" / "reversed.csv").open(encoding="utf-8-sig"), delimiter=";")
    )
    first = next(n for n, row in enumerate(rows, 1) if row[2] == "1 = sehr zufrieden")
    assert (finding.column_number, finding.values[0].lines) == (3, (first,))
    assert finding.rows == len(rows) - 1 and "labels:" in finding.hint


REVERSED = ["1 = sehr zufrieden", "2 = zufrieden", "3 = teils/teils", "4 = unzufrieden"]
REVERSED += ["5 = sehr unzufrieden"]


def _reversed_answers(root: Path, answers: list[str]) -> None:
    """A German wide export (";", a BOM) whose cashier question numbers its answers against
    their words, as wide-reversed-de.csv does; "" is a respondent who skipped it."""
    question = "Wie zufrieden waren Sie mit der Kasse?"
    with (root / "data" / "reversed.csv").open("w", newline="", encoding="utf-8-sig") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["Antwort-ID", "Datum", question])
        for number, answer in enumerate(answers):
            writer.writerow([f"B{number}", f"{1 + number % 28:02d}.04.2026", answer])
    _data_entries(
        root,
        "  - path: data/reversed.csv\n    respondent: Antwort-ID\n    date: Datum\n"
        f"    touchpoints: {{hotline: {{csat: '{question}'}}}}\n",
    )


def _against_words_found(root: Path) -> list[tuple[str, tuple[int, ...], int]]:
    found = check(root).feedback.quality
    return [
        (f.message, f.values[0].lines, f.rows) for f in found if "against their words" in f.message
    ]


def _against_words_expected(answers: list[str]) -> list[tuple[str, tuple[int, ...], int]]:
    """The finding worked out by hand: two answers or more of the reversed scale, the best
    (the lowest number) named at its first line (the header is line 1)."""
    given = [answer for answer in answers if answer]
    if len(set(given)) < 2:
        return []
    best = min(given, key=lambda answer: int(answer[0]))
    message = (
        f"csat answers are numbered against their words ('{best}'): read by their numbers, "
        "the best answer counts as the worst"
    )
    return [(message, (answers.index(best) + 2,), len(given))]


@pytest.mark.parametrize(
    "answers",
    [
        # the first chunks hold "2 = zufrieden" and "3 = teils/teils" alone: the finding
        # named "2 = zufrieden" at line 2, not the file's best answer at its first line
        REVERSED[1:3] * 100 + [REVERSED[0], REVERSED[4], REVERSED[3]] * 100,
        # the two ends, far apart: no chunk held two answers, and nothing was found
        [REVERSED[0]] * 300 + [""] * 300 + [REVERSED[4]] * 300,
    ],
    ids=["best-answer-later", "ends-apart"],
)
def test_answers_numbered_against_their_words_are_found_in_the_whole_file(
    mini: Path, monkeypatch, answers: list[str]
):
    """Whether a column's answers run against their words, and which is its best answer, is
    decided on every chunk's answers, as on a file read at once."""
    small_chunks(monkeypatch, 50, block_bytes=1024)
    _reversed_answers(mini, answers)
    assert _against_words_found(mini) == _against_words_expected(answers)


@settings(max_examples=12, deadline=None)
@given(
    st.lists(st.sampled_from([*REVERSED, ""]), min_size=1, max_size=60),
    st.sampled_from([1, 3, 10]),
)
def test_answers_numbered_against_their_words_do_not_depend_on_the_chunks(answers, rows):
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        small_chunks(patch, rows, block_bytes=64)
        root = Path(folder) / "mini"
        shutil.copytree(MINI, root)
        _reversed_answers(root, answers)
        assert _against_words_found(root) == _against_words_expected(answers)


def test_ids_that_start_again_in_the_next_wave_are_other_respondents(mini: Path):
    """LimeSurvey, EFS and SoSci number each survey's responses 1, 2, 3...: two waves given
    as such keep every answer and pool none of them, where the same files without their
    waves read as one survey answered twice."""
    question = "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"
    first = f"id;submitdate;{question}\n"
    _data(
        mini,
        first + "1;2026-01-10 10:00:00;9\n2;2026-01-11 10:00:00;8\n3;2026-01-12 10:00:00;10\n",
        "welle1.csv",
    )
    _data(
        mini,
        first + "1;2026-04-10 10:00:00;2\n2;2026-04-11 10:00:00;3\n3;2026-04-12 10:00:00;4\n",
        "welle2.csv",
    )
    yml = mini / "touchsite.yml"
    text = yml.read_text("utf-8")
    for waves, kept in ((False, 3), (True, 6)):
        entries = "".join(
            f"  - path: data/welle{n}.csv\n    respondent: id\n    date: submitdate\n"
            + (f"    wave: Welle {n}\n" if waves else "")
            + f"    touchpoints: {{overall: {{nps: '{question}'}}}}\n"
            for n in (1, 2)
        )
        yml.write_text(text.replace("  - path: data/feedback.csv\n", entries), "utf-8")
        report = check(mini)
        assert (report.feedback.rows, report.relationship.n) == (kept, kept)
        repeated = [f for f in report.feedback.quality if f.kind == "repeated"]
        if waves:
            assert repeated == []
        else:
            [finding] = repeated
            assert finding.rows == 3 and "wave:" in finding.hint


def test_a_yes_no_coded_1_and_2_is_not_said_to_be_numbered_from_one():
    """1 = ja, 2 = nein (SPSS, LimeSurvey): a 0-1 question is no scale numbered one above;
    the finding's advice (scale: 1-2) would turn every yes into a no."""
    found = list(_scale_problems("binary", (0, 1), [600], [{1.0: 26, 2.0: 14}], {600: 40}))
    assert not [message for _, message, _, _ in found if "numbered from" in message]


def test_a_ces_in_agreement_words_numbered_from_agreement_is_no_finding(mini: Path):
    """Agreement words numbered from "stimme voll und ganz zu" on a CES: which end is best is
    the CES scale's to say (higher_is_better), not the words'."""
    words = {1: "stimme voll und ganz zu", 2: "stimme zu", 6: "stimme nicht zu"}
    rows = ["id;datum;Wie einfach war es?"]
    rows += [f"C{n};0{1 + n % 9}.03.2026;{k} = {words[k]}" for n, k in enumerate([1, 2, 6] * 8)]
    _data(mini, "\n".join(rows) + "\n", "ces.csv")
    _data_entries(
        mini,
        "  - path: data/ces.csv\n    respondent: id\n    date: datum\n"
        "    touchpoints: {hotline: {ces: 'Wie einfach war es?'}}\n",
    )
    assert not [f for f in check(mini).feedback.quality if "against their words" in f.message]


def _map_reviews(mini: Path) -> list[dict[str, str]]:
    shutil.copy(EXPORTS / "reviews-scale-change.csv", mini / "data" / "reviews.csv")
    _data_entries(
        mini, "  - path: data/reviews.csv\n    date: at\n    touchpoints: {search: {nps: score}}\n"
    )
    return list(csv.DictReader((EXPORTS / "reviews-scale-change.csv").open(encoding="utf-8")))


def test_a_scale_that_changes_between_periods_is_a_problem_with_its_month(mini: Path):
    reviews = _map_reviews(mini)
    first = next(i for i, row in enumerate(reviews) if int(row["score"]) > 5)
    month = reviews[first]["at"][:7]
    # the first row of that month, counted by hand: header is line 1
    line = 2 + next(i for i, row in enumerate(reviews) if row["at"].startswith(month))
    feedback = check(mini).feedback
    [finding] = [f for f in feedback.quality if f.kind == "scale"]
    assert finding.message == (
        f"nps answers change scale in {month}: 1-5 before, 1-10 since (a scale switched in the "
        "survey?)"
    )
    assert (finding.touchpoint, finding.kpi, finding.period) == ("search", "nps", month)
    assert (finding.column, finding.values[0].lines) == ("score", (line,))


def test_a_column_that_starts_being_filled_is_a_finding_with_its_month(mini: Path):
    rows = [HEADER.strip()]
    # 60 rows a month at the quiet touchpoint; csat asked in 2 of 60 until March, then in all
    for month in range(1, 7):
        for i in range(60):
            csat = str(1 + i % 5) if month >= 4 or i < 2 else ""
            rows.append(f"M{month}-{i},quiet,2026-0{month}-{1 + i % 28:02d},{i % 11},{csat},,,new")
    _data(mini, "\n".join(rows) + "\n")
    feedback = check(mini).feedback
    [finding] = [f for f in feedback.quality if f.kind == "missing"]
    # 6 of 180 rows answered csat in January to March (3 %), 180 of 180 since
    assert finding.message == (
        "csat answered in 3% of the rows until 2026-03, in 100% since 2026-04 (the question "
        "was added, dropped or routed differently?)"
    )
    assert (finding.touchpoint, finding.kpi, finding.period) == ("quiet", "csat", "2026-04")


def test_a_change_when_a_column_starts_being_filled_is_listed_as_data_not_customers(mini: Path):
    half_asked_csat(mini)
    result = build(mini)
    quiet = result.report.touchpoint("quiet")
    assert not [c for c in quiet.flagged_changes if c.kpi == "csat"]
    [step] = [c for c in quiet.data_changes if c.kind == "step"]
    # top-2-box 100 % of 40 in March, 2 of 5 answers = 40 % in April: -60 points
    assert (step.kpi, step.before, step.after) == ("csat", "2026-03", "2026-04")
    assert step.difference.difference == pytest.approx(-60.0)
    assert step.data_change.startswith("csat answered in 20% of the rows until 2026-03")
    page = (mini / "site" / "data-quality.html").read_text("utf-8")
    # written as the site writes a KPI and a month
    assert 'id="data-changes"' in page
    assert "CSAT answered in 20% of the rows until Mar 26, in 100% since Apr 26" in page
    assert "not counted: the data changes then" in (
        mini / "site" / "touchpoints" / "quiet.html"
    ).read_text("utf-8")


def test_a_german_site_says_a_change_in_the_data_in_german(mini: Path):
    """The data-quality page of a German site listed its changes in the data in English
    ("csat answered in 20% of the rows until 2026-03, ..."), both the step and the trend.
    Now it says them in the site's language, with its KPI labels and month names."""
    config = mini / "touchsite.yml"
    config.write_text(
        config.read_text("utf-8").replace("language: en", "language: de"), encoding="utf-8"
    )
    half_asked_csat(mini)
    result = build(mini)
    # 40 of 200 rows answered in January to March (20 %), 200 of 200 since April
    said = (
        "CSAT bis Mär 26 in 20\u00a0% der Zeilen beantwortet, seit Apr 26 in 100\u00a0% "
        "(wurde die Frage hinzugefügt, gestrichen oder anders gefiltert?)"
    )
    page = (mini / "site" / "data-quality.html").read_text("utf-8")
    assert len(result.report.data_changes) == 2
    assert page.count(said) == 2
    assert "answered in" not in page
    # the command line keeps its English
    [finding] = [f for f in result.report.feedback.quality if f.kind == "missing"]
    assert finding.message.startswith("csat answered in 20% of the rows until 2026-03")


SCALES = {"nps": (0, 10), "csat": (1, 5), "ces": (1, 7)}
# answers on a scale, beside it, between its points and far off it; or a yes/no pair
POOLS = [
    [0.0, 1.0, 2.0, 3.0, 5.0, 6.0, 7.0, 9.0, 10.0, 11.0, 2.5, 55.0],
    [float(point) for point in range(1, 12)],  # numbered from one above 0-10 (or 1-5, 1-7)
    [0.0, 1.0],
    [1.0, 2.0],
]
COLUMN = st.tuples(
    st.sampled_from(sorted(SCALES)),
    st.sampled_from(POOLS).flatmap(
        lambda pool: st.dictionaries(
            st.integers(600, 611),
            st.dictionaries(st.sampled_from(pool), st.integers(1, 70), min_size=1, max_size=4),
            min_size=1,
            max_size=6,
        )
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    columns=st.lists(COLUMN, min_size=1, max_size=6),
    missing=st.lists(st.integers(0, 300), min_size=72, max_size=72),
    wide=st.booleans(),
)
def test_every_column_the_scale_checks_report_is_a_suspect(columns, missing, wide):
    """The array-wide loosened tests pick out every column that _scale_problems, given its
    counts one by one, finds a problem in (and so the findings stay the same)."""
    rows, by_column = [], {}
    for code, (kpi, months) in enumerate(columns):  # a column a touchpoint
        by_column[(kpi, code)] = dict(sorted(months.items()))
        for month, counts in months.items():
            rows += [(kpi, 0, code, month, score, n, 0) for score, n in counts.items()]
    answers = pd.DataFrame(rows, columns=["kpi", "k0", "k1", "k2", "k3", "n", "record"])
    answers = answers.sort_values(["kpi", "k0", "k1", "k2", "k3"], ignore_index=True)
    # the rows each month could have come from: its answers, and more without one
    base = {}
    for (_kpi, code), months in by_column.items():
        for month, counts in months.items():
            key = (-1 if wide else code, month)
            answered = sum(counts.values()) + missing[(code * 12 + month) % 72]
            base[key] = max(base.get(key, 0), answered)
    index = pd.MultiIndex.from_tuples(sorted(base), names=["k0", "k1"])
    kpis = sorted(set(answers["kpi"]))
    arrays = {name: answers[name].to_numpy() for name in ["k0", "k1", "k2", "k3", "n"]}
    arrays["kpi"] = np.array([kpis.index(kpi) for kpi in answers["kpi"]], dtype=np.int64)
    rows_of_month = pd.Series([base[k] for k in index], index=index)
    suspect = _suspects(arrays, kpis, rows_of_month, wide, SCALES)
    for (kpi, code), months in by_column.items():
        rows_of = {m: base[(-1 if wide else code, m)] for m in months}
        found = list(
            _scale_problems(kpi, SCALES[kpi], list(months), list(months.values()), rows_of)
        )
        here = ((answers["kpi"] == kpi) & (answers["k1"] == code)).to_numpy()
        if found:
            assert suspect[here].all(), found
        assert suspect[here].all() or not suspect[here].any()  # whole columns


def _google_forms_uk(mini: Path, hours: int) -> None:
    """A Google Forms export of a British account, answered hourly from 1 March 09:00: as
    Google writes it, every field quoted, the day before the month."""
    question = "How likely are you to recommend us to a friend or colleague?"
    start = pd.Timestamp("2026-03-01 09:00:00")
    rows = [f'"Timestamp","{question}"']
    for hour in range(hours):
        rows.append(f'"{(start + pd.Timedelta(hours=hour)):%d/%m/%Y %H:%M:%S}","{hour % 11}"')
    (mini / "data" / "feedback.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    yml = mini / "touchsite.yml"
    entry = "  - path: data/feedback.csv\n    touchpoints:\n      overall:\n"
    entry += f'        nps: "{question}"\n'
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("  - path: data/feedback.csv\n", entry), encoding="utf-8")


def test_day_first_dates_are_read_so_where_the_13th_comes_after_hundreds_of_answers(mini: Path):
    """650 hourly answers from 01/03/2026: the first 200 dates read as well month first, and
    were read so, spreading March over the year and leaving 371 rows out."""
    _google_forms_uk(mini, 650)
    feedback = check(mini).feedback
    assert feedback.quality == ()
    assert feedback.rows == 650
    assert (feedback.first_date, feedback.last_date) == (dt.date(2026, 3, 1), dt.date(2026, 3, 28))


def test_dates_that_read_either_way_round_are_kept_and_named(mini: Path):
    """The first 100 of those answers: nothing says whether the day or the month comes
    first. They are read as the first format that fits, kept, and named with the other."""
    _google_forms_uk(mini, 100)
    feedback = check(mini).feedback
    assert feedback.rows == 100
    [finding] = feedback.quality
    # 1 March 09:00 to 5 March 12:00; the 24 answers of 3 March read alike either way
    assert (finding.kind, finding.column_number, finding.rows) == ("date-order", 1, 100 - 24)
    assert [(value.value, value.lines) for value in finding.values] == [("", (2,))]
    [problem] = as_problems(feedback.quality)
    assert str(problem) == (
        "data/feedback.csv:2:1: warning: day and month could be either way round (no day "
        "after the 12th in the file): read as %m/%d/%Y %H:%M:%S (76 rows)\n"
        '    hint: check a date you know; if it reads wrong, set date_format: "%d/%m/%Y %H:%M:%S"'
    )
    result = CliRunner().invoke(cli, ["check", "--strict", str(mini)])
    assert result.exit_code == 1


def test_a_row_without_a_date_is_named_so_not_as_an_unreadable_date(mini: Path):
    """A German Excel sheet saved as CSV with its totals row under the answers: no date to
    read there, and nothing the client's file should be changed for."""
    question = "Wie wahrscheinlich ist es, dass Sie uns weiterempfehlen?"
    _data(
        mini,
        f"Antwort-ID;Datum;{question}\nR1;02.03.2026;9\nR2;05.03.2026;6\nAnzahl;;2\n",
    )
    yml = mini / "touchsite.yml"
    entry = '  - path: data/feedback.csv\n    respondent: "Antwort-ID"\n    date: "Datum"\n'
    entry += f'    touchpoints:\n      overall:\n        nps: "{question}"\n'
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("  - path: data/feedback.csv\n", entry), encoding="utf-8")
    feedback = check(mini).feedback
    assert feedback.rows == 2
    [finding] = feedback.quality
    # was a row of no date, at its date column
    assert (finding.kind, finding.column, finding.column_number, finding.rows) == (
        "stray",
        "Antwort-ID",
        1,
        1,
    )
    [problem] = as_problems(feedback.quality)
    assert str(problem) == (
        f"data/feedback.csv:4:1: warning: {STRAY_MESSAGE} 'Anzahl'\n    hint: {STRAY_HINT}"
    )


BOT = "Test Test Test Kundenservice"


def test_the_same_comment_many_times_at_a_touchpoint_is_a_finding_its_rows_kept(mini: Path):
    """30 rows (lines 54-83) at the hotline write one text, as a test or a bot does, in any
    case and spacing; 30 customers' "Alles gut, danke" at the search are their own. The
    rows are kept: every count is as before, with them."""
    before = check(mini).feedback
    variants = [BOT, "TEST test Test kundenservice", "Test  Test Test\tKundenservice"]
    _append(
        mini,
        "".join(
            f"B{i:02d},hotline,2026-03-{1 + i % 28:02d},2,,,{variants[i % 3]},new\n"
            for i in range(30)
        )
        + "".join(
            f'G{i:02d},search,2026-03-{1 + i % 28:02d},9,,,"Alles gut, danke",new\n'
            for i in range(30)
        ),
    )
    feedback = check(mini).feedback
    assert feedback.rows == before.rows + 60
    hotline = feedback.counts[
        (feedback.counts["touchpoint"] == "hotline") & (feedback.counts["kpi"] == "nps")
    ]
    was = before.counts[
        (before.counts["touchpoint"] == "hotline") & (before.counts["kpi"] == "nps")
    ]
    assert hotline["n"].sum() == was["n"].sum() + 30
    [finding] = [f for f in feedback.quality if f.kind == "repeated-comment"]
    assert (finding.column, finding.column_number, finding.rows, finding.touchpoint) == (
        "comment",
        7,
        30,
        "hotline",
    )
    # the text as its tenth copy (line 63) wrote it, white space shown as single spaces
    assert finding.values == (BadValue(BOT, 30, (54, 55, 56, 57, 58)),)
    [problem] = as_problems((finding,))
    assert str(problem).startswith(
        "data/feedback.csv:54:7: warning: the same comment, word for word, at touchpoint "
        f"'hotline' (of its 30 comments in the file) '{BOT}' (30 rows; also lines 55, 56, 57, "
        "58 and 25 more)\n    hint: one text in 10% or more of a touchpoint's comments"
    )
    assert "mark them in the survey tool (as a test or spam, or deleted)" in problem.hint


def test_a_repeated_comment_is_quoted_redacted_and_shortened(mini: Path):
    text = "Bitte rufen Sie mich an: max.muster@example.org, ich warte seit Wochen auf Antwort"
    _append(mini, "".join(f'P{i:02d},search,2026-03-02,3,,,"{text}",new\n' for i in range(12)))
    [finding] = [f for f in check(mini).feedback.quality if f.kind == "repeated-comment"]
    [value] = finding.values
    assert "max.muster" not in value.value and "[email removed]" in value.value
    assert len(value.value) == 60 and value.value.endswith("…")


QUALTRICS = REPO / "tests" / "fixtures" / "exports" / "qualtrics.csv"
QUALTRICS_ENTRY = """  - path: data/qualtrics.csv
    segment: customer_type
    touchpoints:
      overall: {nps: Q1}
      hotline: {csat: QID2_2, comment: Q3}
    labels: {Extremely satisfied: 5, Somewhat satisfied: 4, Somewhat dissatisfied: 2,
             Extremely dissatisfied: 1}
    not_used: [Not applicable]
"""


def _qualtrics_with_a_test(mini: Path, status: str = "IP Address") -> None:
    """A Qualtrics export (its three header rows, as the tool writes them) of 90 responses:
    60 customers' own comments on the hotline, and 30 (the 21st to the 50th: lines 25-54,
    the header's second row holds a line break) that write "Test Test Test Kundenservice",
    with `status` as their Status."""
    with QUALTRICS.open(encoding="utf-8-sig", newline="") as file:
        header = list(csv.reader(file))[:3]  # the second's last field holds a line break
    rows = []
    for number in range(90):
        test = 20 <= number < 50
        day = f"2026-03-{1 + number % 28:02d}"
        comment = BOT if test else f"Rückruf kam nach {number + 2} Tagen, zu spät"
        rows.append(
            [f"{day} 09:14:51", f"{day} 09:17:03", status if test else "IP Address",
             "203.0.113.7", "100", "132", "True", f"{day} 09:17:04", f"R_{number:015d}",
             "", "", "", "", "52.5200", "13.4050", "anonymous", "DE", str(number % 11),
             "Extremely satisfied", "Somewhat dissatisfied" if test else "Somewhat satisfied",
             comment, "new", ""]
        )  # fmt: skip
    with (mini / "data" / "qualtrics.csv").open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file).writerows(header + rows)
    (mini / "data" / "feedback.csv").unlink(missing_ok=True)
    _data_entries(mini, QUALTRICS_ENTRY)


def test_a_survey_export_with_one_text_thirty_times_builds_with_it_named(mini: Path):
    """End to end: the build names the text, its touchpoint, the column and the first lines,
    on the terminal and on the data-quality page, and counts every answer; --strict stops
    at it; marked as test responses in the survey tool, they are left out and it is gone."""
    _qualtrics_with_a_test(mini)
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    said = (
        "data/qualtrics.csv:25:21: warning: the same comment, word for word, at touchpoint "
        f"'hotline' (of its 90 comments in the file) '{BOT}' (30 rows; also lines 26, 27, 28, "
        "29 and 25 more)"
    )
    assert said in result.output
    assert "from 180 answers" in result.output  # 90 respondents x (overall, hotline)
    page = (mini / "site" / "data-quality.html").read_text(encoding="utf-8")
    assert (
        "<td>Q3 (21)</td><td>The same comment many times (kept) · Hotline</td><td>30</td>\n"
        f"      <td>“{BOT}” line 25, 26, 27, 28, 29 …</td>"
    ) in page
    strict = CliRunner().invoke(cli, ["build", "--strict", str(mini)])
    assert strict.exit_code == 1
    assert said.replace("warning", "error") in strict.output
    _qualtrics_with_a_test(mini, status="Survey Test")
    result = CliRunner().invoke(cli, ["build", "--strict", str(mini)])
    assert result.exit_code == 0, result.output
    assert "from 120 answers" in result.output
    page = (mini / "site" / "data-quality.html").read_text(encoding="utf-8")
    assert "a test, spam, screened out or deleted, not used: 30" in page
    assert "The same comment many times" not in page


def test_an_open_quote_that_takes_in_a_partial_response_is_named(mini: Path):
    """Typeform: a comment's quote not closed takes in the next row, a partial response
    (no Submit Date, dated by its Start Date). Its line was no row to the check, which read
    the submit date alone: the row was lost without a word, and the comment holding it,
    another respondent's token and network id, was published."""
    (mini / "data" / "feedback.csv").unlink()
    header = (
        "#,How likely are you to recommend us?,How satisfied were you with our hotline?,"
        "Anything about the hotline?,Response Type,Start Date (UTC),Submit Date (UTC),Network ID"
    )
    rows = [
        'k3j8x0,9,4,"Schnell geholfen,completed,2026-03-02 08:14:51,2026-03-02 08:17:03,5c2f1a',
        "t6v1n4,6,2,,partial,2026-03-05 17:02:11,,8d4e2b",
        'u9h2g5,10,5,"Sehr nett",completed,2026-03-10 06:45:00,2026-03-10 06:49:30,1a7b3c',
    ]
    (mini / "data" / "typeform.csv").write_text("\n".join([header, *rows]) + "\n", "utf-8")
    yml = mini / "touchsite.yml"
    yml.write_text(
        yml.read_text("utf-8").replace(
            "  - path: data/feedback.csv\n",
            "  - path: data/typeform.csv\n"
            "    touchpoints:\n"
            '      overall: {nps: "How likely are you to recommend us?"}\n'
            '      hotline: {csat: "How satisfied were you with our hotline?", '
            'comment: "Anything about the hotline?"}\n',
        ),
        "utf-8",
    )
    feedback = check(mini).feedback
    [finding] = [f for f in feedback.quality if f.kind == "quote"]
    assert (finding.column, finding.values[0].lines) == ("Anything about the hotline?", (2,))
    assert not any("8d4e2b" in c.text for c in feedback.comments.get("hotline", []))


def test_a_date_read_from_a_later_date_column_is_reported_at_that_column(mini: Path):
    """date: [submitted, started]: an unreadable start of a response never submitted was
    reported at the submit date's column, which holds nothing in that row; and a row with
    neither date is reported at the first, the column a date was looked for first."""
    (mini / "data" / "feedback.csv").unlink()
    (mini / "data" / "wide.csv").write_text(
        "id,nps,hotline,submitted,started\n"
        "1,9,4,2026-03-02,2026-03-01\n"
        "2,6,3,,2026-13-45\n"
        "3,7,5,,\n"
        "4,8,2,2026-02-31,2026-03-01\n",
        "utf-8",
    )
    yml = mini / "touchsite.yml"
    yml.write_text(
        yml.read_text("utf-8").replace(
            "  - path: data/feedback.csv\n",
            "  - path: data/wide.csv\n    respondent: id\n    date: [submitted, started]\n"
            "    touchpoints:\n      overall: {nps: nps}\n      hotline: {csat: hotline}\n",
        ),
        "utf-8",
    )
    found = {
        (f.kind, f.column, f.column_number, tuple(v.lines for v in f.values))
        for f in check(mini).feedback.quality
    }
    assert found == {
        ("date", "started", 5, ((3,),)),
        ("date", "submitted", 4, ((5,),)),
        ("no-date", "submitted", 4, ((4,),)),
    }


STRAY_LIKE = st.sampled_from(
    ["Summe", "Total", "Gesamt", "Mittelwert: 4,2", "n = 230", "Export erstellt am 05.12.2026"]
)
CELLS = st.one_of(STRAY_LIKE, st.text("abcäöü ,;\"'", max_size=10))


@settings(max_examples=20, deadline=None)
@given(
    answers=st.lists(
        st.tuples(st.integers(0, 10), CELLS, CELLS, STRAY_LIKE), min_size=1, max_size=6
    ),
    strays=st.lists(st.tuples(STRAY_LIKE, st.sampled_from(["", "7,5", "230"])), max_size=3),
)
def test_only_rows_without_a_date_or_an_answer_are_taken_for_totals(
    tmp_path_factory, answers, strays
):
    """A dated answer is one, whatever its segment, comment or id cell holds ("Gesamt" as a
    customer type, "Summe" as a comment); a row of a totals label without a date is left
    out as one, at its line, and its sums count as no answer."""
    mini = tmp_path_factory.mktemp("stray") / "mini"
    shutil.copytree(REPO / "tests" / "fixtures" / "mini", mini)
    table = [["id", "Datum", "Kundentyp", "NPS", "Kommentar"]]
    table += [
        [f"{label} {n}", f"0{1 + n % 9}.03.2026", segment, str(score), comment]
        for n, (score, segment, comment, label) in enumerate(answers)
    ]
    table += [[label, "", "", sums, ""] for label, sums in strays]
    with (mini / "data" / "feedback.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(table)
    _data_entries(
        mini,
        "  - path: data/feedback.csv\n    separator: ';'\n    respondent: id\n    date: Datum\n"
        '    date_format: "%d.%m.%Y"\n    segment: Kundentyp\n'
        "    touchpoints:\n      overall: {nps: NPS, comment: Kommentar}\n",
    )
    feedback = check(mini).feedback
    found = [f for f in feedback.quality if f.kind == "stray"]
    lines = sorted(line for f in found for value in f.values for line in value.lines)
    assert lines == list(range(len(answers) + 2, len(answers) + 2 + len(strays)))
    assert feedback.rows == len(answers)
    assert feedback.files[0].left_out == len(strays)


@pytest.mark.parametrize(
    ("table", "entry"),
    [
        (  # a German Excel's day numbers as dates, a tariff called "Basis", "Gesamt"
            [["id", "Datum", "Tarif", "NPS"]]
            + [[f"R{n}", str(46080 + n), ["Basis", "Gesamt"][n % 2], str(n)] for n in range(8)],
            "    respondent: id\n    date: Datum\n    segment: Tarif\n"
            "    touchpoints:\n      search: {nps: NPS}\n",
        ),
        (  # the middle of an English CSAT scale, "Average", dated by Excel's day numbers
            [["id", "Date", "CSAT"]]
            + [[f"R{n}", str(46080 + n), ["Poor", "Average", "Good"][n % 3]] for n in range(9)],
            "    respondent: id\n    date: Date\n    labels: {Poor: 1, Average: 3, Good: 5}\n"
            "    touchpoints:\n      search: {csat: CSAT}\n",
        ),
        (  # a long table's overall aspect, "Gesamt", that a customer skipped
            [["id", "Datum", "Bereich", "NPS"], ["R1", "2026-03-02", "Gesamt", ""]]
            + [[f"R{n}", "2026-03-02", ["Gesamt", "Hotline"][n % 2], str(n)] for n in range(6)],
            "    respondent: id\n    date: Datum\n    touchpoint: Bereich\n"
            "    touchpoint_values: {Gesamt: search, Hotline: hotline}\n    scores: {nps: NPS}\n",
        ),
    ],
    ids=["excel-days-segment", "average-label", "skipped-aspect"],
)
def test_a_dated_customers_row_is_no_totals_row_whatever_its_dates_or_cells(
    mini: Path, table, entry
):
    """Before, a row was taken for a totals row where its date had no separator (Excel's
    day numbers, 46085) or it held no answer, and a cell said "Basis", "Gesamt" or
    "Average": every customer of the "Basis" tariff, every "Average" answer was left out,
    and a skipped aspect failed --strict as a totals row. A dated row is a response."""
    with (mini / "data" / "feedback.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(table)
    _data_entries(mini, "  - path: data/feedback.csv\n" + entry)
    feedback = check(mini).feedback
    assert not [f for f in feedback.quality if f.kind == "stray"]
    assert feedback.files[0].left_out == 0
    assert feedback.rows == len(table) - 1


def _efs_without_scale(mini: Path, codes: list[int]) -> list:
    """An EFS export whose NPS (v_1, coded 1-11, 0 for a question seen and not answered) is
    mapped by hand without its scale: the findings on v_1."""
    rows = ["lfdn;tester;dispcode;v_1;datetime"]
    rows += [
        f"{lfdn};0;31;{code};2026-03-{1 + lfdn % 28:02d} 10:00:00"
        for lfdn, code in enumerate(codes, start=1)
    ]
    _data(mini, "\n".join(rows) + "\n", "export.csv")
    (mini / "data" / "feedback.csv").unlink()
    yml = mini / "touchsite.yml"
    entry = "  - path: data/export.csv\n    respondent: lfdn\n    date: datetime\n"
    entry += "    touchpoints:\n      overall: {nps: v_1}\n"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  - path: data/feedback.csv\n", entry))
    return [f for f in check(mini).feedback.quality if f.column == "v_1"]


def test_an_nps_coded_1_to_11_and_0_for_no_answer_is_told_its_scale_and_code(mini: Path):
    """EFS Survey codes an NPS 1-11 and writes 0 for a question seen and not answered. Mapped
    without scale: 1-11, its 11s were told "nps takes whole numbers 0 to 10; leave it empty
    if not asked", which names neither the scale to give nor the 0s, read as detractors. Now
    the hint gives both: scale: 1-11, and 0 under not_used:."""
    codes = [0, 11, 11, 10, 9, 8, 11, 1, 5, 7, 0, 11, 10, 3, 11, 9, 8, 2, 11, 6, 4, 11]
    [finding] = _efs_without_scale(mini, codes)
    assert (finding.kind, finding.rows) == ("range", codes.count(11))
    assert "nps: {column: ..., scale: 1-11}" in finding.hint
    assert 'not_used: ["0"]' in finding.hint


def test_an_nps_coded_1_to_11_without_0s_is_told_its_scale_alone(mini: Path):
    """SoSci Survey codes an NPS 1-11 too, and no answer as -9: no 0 to list as unused."""
    codes = [11, 11, 10, 9, 8, 11, 1, 5, 7, 11, 10, 3, 11, 9, 8, 2, 11, 6, 4, 11, 10, 9]
    range_finding = [f for f in _efs_without_scale(mini, codes) if f.kind == "range"]
    [finding] = range_finding
    assert "nps: {column: ..., scale: 1-11}" in finding.hint
    assert "not_used" not in finding.hint


def test_a_single_11_in_an_nps_is_a_slip_not_a_scale(mini: Path):
    """One 11 among many 0-10 answers is a slip of one answer: its hint stays the range's."""
    codes = [0, 10, 9, 8, 7, 1, 5, 7, 0, 10, 3, 9, 8, 2, 6, 4, 10, 9, 10, 8, 9, 10, 11]
    [finding] = _efs_without_scale(mini, codes)
    assert finding.hint == "nps takes whole numbers 0 to 10; leave it empty if not asked"


def _range_findings_by_hand(codes: list[int]) -> set:
    """The range findings on v_1 of _efs_without_scale's file, worked out from the whole
    file: (message, whether the hint names scale: 1-11, whether it names 0 as not_used,
    each value with its rows and first five lines). An 11 is the top of a scale numbered
    from 1 where 20 answers or more hold 5 % of them or more; a 12, an 11 otherwise, is
    outside 0-10 alone. lfdn k is on line k + 1 (the header is line 1)."""
    numbered = len(codes) >= 20 and codes.count(11) >= 0.05 * len(codes)
    groups: dict[str, dict[str, list]] = {}
    for line, code in enumerate(codes, start=2):
        if code < 11:
            continue
        message = "nps score outside 0..10"
        if code == 11 and numbered:
            message += ", as often as a scale's top (numbered from 1)"
        value = groups.setdefault(message, {}).setdefault(str(code), [0, []])
        value[0] += 1
        value[1].append(line)
    scale = 0 in codes
    return {
        (
            message,
            "numbered" in message,
            "numbered" in message and scale,
            tuple((value, rows, tuple(lines[:5])) for value, (rows, lines) in values.items()),
        )
        for message, values in groups.items()
    }


def _range_findings(findings: list) -> set:
    found = set()
    for finding in findings:
        if finding.kind != "range":
            continue
        if "numbered" not in finding.message:
            assert finding.hint == "nps takes whole numbers 0 to 10; leave it empty if not asked"
        values = tuple((bad.value, bad.rows, bad.lines) for bad in finding.values)
        scale = "nps: {column: ..., scale: 1-11}" in finding.hint
        found.add((finding.message, scale, 'not_used: ["0"]' in finding.hint, values))
    return found


# 88 answers 1-11 (SurveyMonkey, EFS and SoSci Survey code an NPS so): one 11 in 11 answers
CODED_1_TO_11 = [1 + (7 * lfdn) % 11 for lfdn in range(88)]


@pytest.mark.parametrize("rows", [None, 1, 10, 30])
@pytest.mark.parametrize("zero", [False, True], ids=["sosci", "efs-0-unanswered"])
def test_an_nps_coded_1_to_11_is_told_so_whatever_chunks_its_11s_fall_in(
    mini: Path, monkeypatch, rows, zero
):
    """Whether the 11s are a scale numbered from 1, and whether 0s are answered too, was
    decided on each chunk's answers: in chunks of 10 rows (one 11 in 10 answers, fewer than
    20) the 11s of this file were told "nps score outside 0..10" and "nps takes whole numbers
    0 to 10", a hint that names no scale. Now the whole file decides, as read at once."""
    if rows is not None:
        small_chunks(monkeypatch, rows, block_bytes=64)
    codes = [*CODED_1_TO_11[:-1], 0] if zero else CODED_1_TO_11  # a 0 in the last chunk
    expected = _range_findings_by_hand(codes)
    assert [message for message, *_ in expected] == [
        "nps score outside 0..10, as often as a scale's top (numbered from 1)"
    ]
    assert _range_findings(_efs_without_scale(mini, codes)) == expected


def test_each_nps_column_of_a_wide_export_is_judged_on_its_own_answers(mini: Path):
    """Two NPS questions of one EFS export: v_1 asked 0-10 with one slip of 11, v_2 coded
    1-11. Judged on a chunk of both, v_1's single 11 was told to take scale: 1-11 (which
    would read all its answers one lower), and v_2's hint named v_1's 0s as its own."""
    rows = ["lfdn;tester;dispcode;v_1;v_2;datetime"]
    rows += [
        f"{lfdn};0;31;{lfdn % 11};{1 + lfdn % 11};2026-03-{1 + lfdn % 28:02d} 10:00:00"
        for lfdn in range(1, 45)
    ]
    rows.append("45;0;31;11;3;2026-03-02 10:00:00")
    _data(mini, "\n".join(rows) + "\n", "export.csv")
    _data_entries(
        mini,
        "  - path: data/export.csv\n    respondent: lfdn\n    date: datetime\n"
        "    touchpoints:\n      search: {nps: v_1}\n      quiet: {nps: v_2}\n",
    )
    found = [f for f in check(mini).feedback.quality if f.kind == "range"]
    by_column = {f.column: f for f in found}
    assert len(found) == 2
    v_1, v_2 = by_column["v_1"], by_column["v_2"]
    assert (v_1.message, v_1.values[0].lines) == ("nps score outside 0..10", (46,))
    assert v_1.hint == "nps takes whole numbers 0 to 10; leave it empty if not asked"
    # lfdn 10, 21, 32, 43 answered 11 on v_2: lines 11, 22, 33, 44
    assert (v_2.rows, v_2.values[0].lines) == (4, (11, 22, 33, 44))
    assert "nps: {column: ..., scale: 1-11}" in v_2.hint and "not_used" not in v_2.hint


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.sampled_from([0, 1, 5, 9, 10, 11, 12]), max_size=40).flatmap(
        lambda more: st.permutations(CODED_1_TO_11[:33] + more)
    ),
    st.sampled_from([None, 1, 10, 30]),
)
def test_an_nps_one_above_its_top_is_judged_on_the_whole_file(codes, rows):
    """33 answers coded 1-11 and others, in any order, read in any chunks: the 11s (and
    12s) are told as the whole file's answers tell them, a scale numbered from 1 or not."""
    with tempfile.TemporaryDirectory() as folder, pytest.MonkeyPatch.context() as patch:
        if rows is not None:
            small_chunks(patch, rows, block_bytes=64)
        root = Path(folder) / "mini"
        shutil.copytree(MINI, root)
        found = _efs_without_scale(root, codes)
        assert _range_findings(found) == _range_findings_by_hand(codes)


@given(
    st.lists(st.one_of(st.none(), st.text(alphabet="a\n\r ä€\u2028", max_size=6)), max_size=20),
    st.sampled_from([pa.string(), pa.large_string()]),
    st.integers(0, 3),
    st.integers(0, 3),
)
def test_the_comments_holding_a_line_break_are_found_by_place(texts, kind, cut, tail):
    """Worked out text by text: the places of those holding a "\\n" (not a lone "\\r", nor
    U+2028), in a slice of Arrow's text of either kind, whose bytes before and after it
    (cut off) may hold line breaks of their own."""
    padded = ["x\n"] * cut + texts + ["\n"] * tail
    array = pa.array(padded, kind).slice(cut, len(texts))
    expected = [at for at, text in enumerate(texts) if text is not None and "\n" in text]
    assert line_broken(array).tolist() == expected
    assert line_broken(pa.chunked_array([array], kind)).tolist() == expected


def test_a_null_whose_bytes_hold_a_line_break_holds_none():
    """Arrow lets a null keep bytes (its offsets need not meet): its line break is no
    comment's, as Arrow's search by text finds none there."""
    values = b"a\nbc\nd"
    offsets = pa.py_buffer(np.array([0, 2, 5, 6], dtype=np.int32).tobytes())
    validity = pa.py_buffer(np.packbits([1, 0, 1], bitorder="little").tobytes())
    array = pa.Array.from_buffers(pa.string(), 3, [validity, offsets, pa.py_buffer(values)])
    assert array.to_pylist() == ["a\n", None, "d"]
    assert line_broken(array).tolist() == [0]


def test_a_wide_exports_respondents_are_counted_without_sorting_their_rows(mini: Path, monkeypatch):
    """A wide export's rows (a respondent's touchpoints in turn) come by record: each
    respondent's first row is where its record starts, found without a sort (before,
    np.unique sorted each chunk's rows: 2,000,000 at 200,000 respondents x 10 touchpoints)."""
    import touchsite.load.quality as quality

    rows = ["lfdn;v_1;v_2;datetime"]
    rows += [f"{n};{n % 11};{(n * 7) % 11};2026-03-{1 + n % 28:02d} 10:00:00" for n in range(300)]
    _data(mini, "\n".join(rows) + "\n", "export.csv")
    _data_entries(
        mini,
        "  - path: data/export.csv\n    respondent: lfdn\n    date: datetime\n"
        "    touchpoints:\n      search: {nps: v_1}\n      quiet: {nps: v_2}\n",
    )
    sorted_sizes: list[int] = []
    unique = np.unique

    class Counted:
        def __getattr__(self, name):
            return getattr(np, name)

        @staticmethod
        def unique(values, *args, **options):
            sorted_sizes.append(len(values))
            return unique(values, *args, **options)

    monkeypatch.setattr(quality, "np", Counted())
    report = check(mini)
    assert report.feedback.files[0].answers == 600
    assert max(sorted_sizes, default=0) < 300  # the distinct answers' alone


@given(
    st.lists(st.integers(0, 40), max_size=60),
    st.booleans(),
)
def test_each_records_first_row_is_the_one_np_unique_finds(records, in_order):
    """Records in order (as a chunk's rows come) or not: the same distinct records and
    first rows as np.unique's."""
    records = np.array(sorted(records) if in_order else records, dtype=np.int64)
    found, first = _first_rows(records)
    expected, expected_first = np.unique(records, return_index=True)
    assert found.tolist() == expected.tolist()
    assert first.tolist() == expected_first.tolist()
