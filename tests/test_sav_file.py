"""The SPSS reader: each variable's cells as the text every later stage reads.

SurveyMonkey's and Qualtrics' SPSS exports hold their dates as SPSS datetimes, their scores
as numbers with value labels for some codes, and ids as large whole numbers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pyreadstat
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from touchsite.__main__ import cli
from touchsite.load.formats import detect, open_reader, sav_file


def _texts(path: Path) -> dict[str, list[str]]:
    shape = detect(path)
    reader = open_reader(shape)
    texts: dict[str, list[str]] = {name: [] for name in shape.columns}
    for chunk in reader.chunks(list(range(len(shape.columns)))):
        for index, column in chunk.columns.items():
            texts[shape.columns[index]] += column.to_pylist()
    return texts


def _surveymonkey_sav(path: Path) -> None:
    """SurveyMonkey's SPSS export: a response never submitted has no date_modified."""
    pyreadstat.write_sav(
        pd.DataFrame(
            {
                "respondent_id": [114015454545.0, 114015454601.0, 114015454733.0],
                "date_created": pd.to_datetime(
                    ["2026-03-02 09:14:51", "2026-03-05 18:02:11", "2026-03-10 07:45:00"]
                ),
                "date_modified": pd.to_datetime(
                    ["2026-03-02 09:17:03", None, "2026-03-10 07:49:30"]
                ),
                "q0001": [9.0, 3.0, 10.0],
            }
        ),
        str(path),
        column_labels=["Respondent ID", "Start Date", "End Date", "Wie wahrscheinlich ...?"],
        variable_value_labels={"q0001": {10.0: "10 - Äußerst wahrscheinlich"}},
    )


def test_a_missing_date_is_an_empty_cell_not_the_text_nat(tmp_path: Path):
    _surveymonkey_sav(tmp_path / "export.sav")
    texts = _texts(tmp_path / "export.sav")
    assert texts["date_modified"] == ["2026-03-02", "", "2026-03-10"]
    assert texts["respondent_id"] == ["114015454545", "114015454601", "114015454733"]
    assert texts["q0001"] == ["9", "3", "10 - Äußerst wahrscheinlich"]


def test_a_response_without_an_end_date_is_dated_by_its_start(mini: Path):
    """Before, its end date read as 'NaT': the answer was left out as an unreadable date."""
    project = mini
    _surveymonkey_sav(project / "data" / "export.sav")
    yml = project / "touchsite.yml"
    entry = (
        "  - path: data/export.sav\n    respondent: respondent_id\n"
        "    date: [date_modified, date_created]\n    touchpoints:\n      overall: {nps: q0001}\n"
    )
    yml.write_text(yml.read_text(encoding="utf-8").replace("  - path: data/feedback.csv\n", entry))
    result = CliRunner().invoke(cli, ["check", str(project)])
    assert result.exit_code == 0, result.output
    assert "3 answers" in result.output, result.output
    assert "NaT" not in result.output


def _per_cell(column: pd.Series) -> list[str]:
    return [sav_file._text(value) for value in column.tolist()]


@given(
    st.lists(
        st.one_of(
            st.none(),
            st.integers(-(2**62), 2**62).map(float),
            st.floats(allow_nan=True, allow_infinity=True),
        ),
        max_size=30,
    )
)
def test_a_number_column_reads_as_each_cell_would(values: list[float | None]):
    column = pd.Series([float("nan") if v is None else v for v in values], dtype="float64")
    assert sav_file._texts(column).to_pylist() == _per_cell(column)


@given(
    st.lists(
        st.one_of(st.none(), st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(2100, 1, 1))),
        max_size=30,
    )
)
def test_a_date_column_reads_as_each_cell_would(values: list[dt.datetime | None]):
    column = pd.Series(pd.to_datetime(values)).astype("datetime64[us]")
    assert sav_file._texts(column).to_pylist() == _per_cell(column)


def test_the_cells_of_a_number_or_date_column_are_converted_at_once(tmp_path: Path, monkeypatch):
    """Per cell, a 100,000-row export's conversion took longer than reading it."""
    _surveymonkey_sav(tmp_path / "export.sav")
    calls = []
    text = sav_file._text
    monkeypatch.setattr(sav_file, "_text", lambda value: calls.append(value) or text(value))
    texts = _texts(tmp_path / "export.sav")
    assert texts["date_modified"] == ["2026-03-02", "", "2026-03-10"]
    assert calls == [9.0, 3.0]  # the NPS's numbers beside the label of its 10 alone


def test_a_wide_export_is_read_in_chunks_of_as_many_cells_as_a_long_tables(
    tmp_path: Path, monkeypatch
):
    """An SPSS export is one row per respondent, a column per question: its chunks held
    CHUNK_ROWS respondents however many columns were read (each cell a Python object in
    pyreadstat's frame), where every other reader's hold about CHUNK_CELLS cells. Now an
    SPSS chunk does too: every record once, in order."""
    from touchsite.load.formats import shape

    monkeypatch.setattr(shape, "CHUNK_CELLS", 60)
    frame = pd.DataFrame(
        {
            "respondent_id": [float(100 + number) for number in range(300)],
            **{
                f"q{question}": [float(number % 11) for number in range(300)]
                for question in range(6)
            },
        }
    )
    path = tmp_path / "wide.sav"
    pyreadstat.write_sav(frame, str(path))
    detected = detect(path)
    lengths, ids = [], []
    for chunk in open_reader(detected).chunks([0, 1, 2, 3, 4]):  # five columns: 12 a chunk
        lengths.append(chunk.length)
        ids += chunk.columns[0].to_pylist()
    assert ids == [str(100 + number) for number in range(300)]
    assert lengths == [12] * 25
