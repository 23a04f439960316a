"""JSON files: a list of records (top-level, or under a key such as Google's "reviews") and
JSON Lines, read into the same cells a CSV export of the records gives."""

from __future__ import annotations

import csv
import io
import json
import string
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REPO
from touchsite.__main__ import cli
from touchsite.errors import UserError
from touchsite.load.formats import detect, open_reader
from touchsite.models import DataSource
from touchsite.pipeline import check

EXPORTS = REPO / "tests" / "fixtures" / "exports"


def cells(path: Path, source: DataSource | None = None) -> tuple[list[str], list[list[str]]]:
    """The file's column names and its records' cells, as the reader hands them out."""
    shape = detect(path, source)
    reader = open_reader(shape)
    rows: list[list[str]] = []
    for chunk in reader.chunks(list(range(len(shape.columns)))):
        columns = [chunk.columns[i].to_pylist() for i in range(len(shape.columns))]
        rows += [list(row) for row in zip(*columns, strict=True)]
    return shape.columns, rows


def test_nested_objects_are_dotted_columns_and_a_missing_key_an_empty_cell(tmp_path: Path):
    """Google writes `comment` only for a review with text, `reviewReply` only for one
    answered: the columns are every record's keys, in the order first met."""
    columns, rows = cells(EXPORTS / "google-reviews.json")
    assert columns[:6] == [
        "name",
        "reviewId",
        "reviewer.profilePhotoUrl",
        "reviewer.displayName",
        "reviewer.isAnonymous",
        "starRating",
    ]
    assert {"comment", "createTime", "reviewReply.comment", "reviewReply.updateTime"} <= set(
        columns
    )
    reviews = json.loads((EXPORTS / "google-reviews.json").read_text(encoding="utf-8"))
    for review, row in zip(reviews["reviews"], rows, strict=True):
        cell = dict(zip(columns, row, strict=True))
        assert cell["comment"] == review.get("comment", "")
        assert cell["reviewReply.comment"] == review.get("reviewReply", {}).get("comment", "")
        assert cell["reviewer.isAnonymous"] == str(review["reviewer"]["isAnonymous"]).lower()
    shape = detect(EXPORTS / "google-reviews.json")
    assert (shape.layout, shape.json_key) == ("google-reviews", "reviews")
    assert shape.describe() == "Google reviews export, JSON (the records under 'reviews')"


@pytest.mark.parametrize(
    "text",
    [
        '[{"id": "1", "score": 9, "created_at": 1713418460}, {"id": "2", "score": 3.0}]\n',
        '{"id": "1", "score": 9, "created_at": 1713418460}\n\n{"id": "2", "score": 3.0}\n',
        '{"data": [{"id": "1", "score": 9, "created_at": 1713418460}, {"id": "2", "score": 3}],'
        ' "total": 2, "next": null}',
    ],
    ids=["api-list", "json-lines", "minified-api-answer"],
)
def test_an_apis_records_as_a_list_as_json_lines_or_under_a_key(tmp_path: Path, text: str):
    """Before, a JSON file was refused ("is JSON, not a CSV, XLSX, Parquet or SPSS file")."""
    path = tmp_path / "answers.json"
    path.write_text(text, encoding="utf-8")
    assert cells(path) == (
        ["id", "score", "created_at"],
        [["1", "9", "1713418460"], ["2", "3", ""]],
    )
    result = CliRunner().invoke(cli, ["data", "inspect", str(path)])
    assert result.exit_code == 0, result.output


def test_powershell_saves_an_apis_answer_as_utf16(tmp_path: Path):
    """`Invoke-RestMethod ... > reviews.json` in Windows PowerShell writes UTF-16 with a BOM."""
    path = tmp_path / "reviews.json"
    path.write_bytes('[{"id": "1", "text": "Schön"}]'.encode("utf-16"))
    assert cells(path) == (["id", "text"], [["1", "Schön"]])


@pytest.mark.parametrize(
    ("text", "line", "column"),
    [
        ('{\n  "reviews": [\n    {"starRating": "FIVE",}\n  ]\n}\n', 3, 27),
        ('{\n  "reviews": [\n    {"starRating": "FIVE", "createTime": "2026-03-0', 3, 42),
        ('{"id": "1", "score": 9}\n{"id": "2", "score": 3\n{"id": "3"}\n', 2, 23),
    ],
    ids=["comma-after-last", "cut-short", "json-lines"],
)
def test_broken_json_is_an_error_at_its_line_and_column(
    mini: Path, text: str, line: int, column: int
):
    """A file cut short by a download, or edited by hand, is named where it breaks, with what
    would fix it, and no traceback: in `data inspect` and in a build."""
    path = mini / "data" / "reviews.json"
    path.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["data", "inspect", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"reviews.json:{line}:{column}: error: is not valid JSON" in result.output
    assert "hint: " in result.output and "again" in result.output
    config = mini / "touchsite.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("data/feedback.csv", "data/reviews.json"),
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", str(mini)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"data/reviews.json:{line}:{column}: error: is not valid JSON" in result.output


def test_several_lists_of_records_say_which_there_are(tmp_path: Path):
    path = tmp_path / "export.json"
    path.write_text('{"reviews": [{"a": 1}], "questions": [{"b": 2}]}', encoding="utf-8")
    with pytest.raises(UserError, match="several lists of records \\('reviews', 'questions'\\)"):
        detect(path)


def test_a_json_api_documents_records_are_its_data_not_what_it_includes():
    """App Store Connect's customer reviews, saved from its API with the developer's
    responses (`include=response`), are a JSON:API document: the reviews under `data`, the
    responses they link to under `included`, beside `links` and `meta`. Before, the file was
    refused as holding two lists of records, its hint to cut the file apart. Now the reviews
    are the records, each at the line its object starts on."""
    path = EXPORTS / "app-store-reviews.json"
    document = json.loads(path.read_text(encoding="utf-8"))
    columns, rows = cells(path)
    assert detect(path).json_key == "data"
    assert len(rows) == len(document["data"])
    rating, body = columns.index("attributes.rating"), columns.index("attributes.body")
    assert [row[rating] for row in rows] == [
        str(r["attributes"]["rating"]) for r in document["data"]
    ]
    assert [row[body] for row in rows] == [r["attributes"]["body"] for r in document["data"]]
    assert not any(name.startswith("attributes.responseBody") for name in columns)
    reader = open_reader(detect(path))
    list(reader.chunks([rating]))
    lines = path.read_text(encoding="utf-8").splitlines()
    starts, _ = reader.lines({0, 3})
    assert (
        lines[starts[0] - 1].strip() == "{"
        and lines[starts[0]].strip() == '"type": "customerReviews",'
    )
    assert lines[starts[3] - 1].strip() == "{"
    assert document["data"][3]["id"] in lines[starts[3] + 1]


def test_a_data_list_beside_another_list_of_records_is_no_json_api_document(tmp_path: Path):
    """Only `data` beside `included` is JSON:API's: `data` beside `reviews` is unsaid."""
    path = tmp_path / "export.json"
    text = '{"data": [{"type": "a", "id": "1"}], "reviews": [{"type": "b", "id": "2"}]}'
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match="several lists of records"):
        detect(path)


def _mini_as_json(mini: Path, lines: bool, change=None) -> None:
    """mini's long table as JSON records (an empty cell a key left out), its entry the file."""
    table = mini / "data" / "feedback.csv"
    records = [
        {key: value for key, value in row.items() if value}
        for row in csv.DictReader(io.StringIO(table.read_text(encoding="utf-8")))
    ]
    if change:
        change(records)
    if lines:
        text = "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)
    else:
        text = json.dumps({"responses": records}, ensure_ascii=False, indent=2)
    (mini / "data" / "feedback.json").write_text(text, encoding="utf-8")
    table.unlink()
    config = mini / "touchsite.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("feedback.csv", "feedback.json"),
        encoding="utf-8",
    )


@pytest.mark.parametrize("lines", [True, False], ids=["json-lines", "document"])
def test_a_long_table_as_json_gives_the_csvs_figures(mini: Path, lines: bool):
    before = check(mini).feedback
    _mini_as_json(mini, lines)
    after = check(mini).feedback
    assert (after.rows, after.quality, after.responses) == (before.rows, (), before.responses)
    pd.testing.assert_frame_equal(after.counts, before.counts)
    assert after.files[0].file_type == ("JSON Lines" if lines else "JSON")


@pytest.mark.parametrize("lines", [True, False], ids=["json-lines", "document"])
def test_a_bad_answer_is_named_at_the_line_its_record_starts(mini: Path, lines: bool):
    """JSON Lines: the record's line; a document: the line its object's `{` stands on."""

    def spoil(records):
        records[3]["nps"] = "x"

    _mini_as_json(mini, lines, spoil)
    [finding] = check(mini).feedback.quality
    text = (mini / "data" / "feedback.json").read_text(encoding="utf-8").splitlines()
    [line] = finding.values[0].lines
    assert '"nps": "x"' in (text[line - 1] if lines else "\n".join(text[line - 1 : line + 4]))
    assert text[line - 1].lstrip().startswith("{")


# Names a CSV header holds as they are (the CSV reader's layout detection aside); any text
# as a value, as a customer types it
NAMES = st.text(string.ascii_lowercase, min_size=1, max_size=6)
VALUES = st.text(
    st.characters(
        exclude_categories=("Cs", "Cc"), exclude_characters="\ufeff", include_characters="\n\r\t"
    ),
    max_size=20,
)


@given(
    records=st.lists(st.dictionaries(NAMES, VALUES, min_size=1, max_size=4), min_size=1),
    lines=st.booleans(),
)
def test_flat_records_read_as_a_csv_of_them(tmp_path_factory, records, lines: bool):
    """Any list of flat records gives the cells a CSV export of them gives: each key a
    column, in the order first met, a key a record lacks an empty cell."""
    folder = tmp_path_factory.mktemp("records")
    names = list(dict.fromkeys(key for record in records for key in record))
    table = folder / "records.csv"
    with table.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerows([names, *([record.get(n, "") for n in names] for record in records)])
    path = folder / "records.json"
    if lines:
        text = "".join(json.dumps(record) + "\n" for record in records)
    else:
        text = json.dumps({"records": records, "count": len(records)}, indent=1)
    path.write_text(text, encoding="utf-8")
    source = DataSource("x", 1, format="wide", separator=",", encoding="utf-8")
    columns, rows = cells(path, source)
    assert columns == names
    assert len(rows) == len(records)
    # the CSV reader leaves out some rows of empty cells alone (,,,): they hold no answer
    expected = [row for row in cells(table, source)[1] if any(row)]
    assert [row for row in rows if any(row)] == expected


@pytest.mark.parametrize("minified", [True, False], ids=["one-line", "indented"])
def test_an_apis_error_answer_saved_is_an_error_that_says_so(tmp_path: Path, minified: bool):
    """`curl ... > reviews.json` with an expired token saves the API's error, not reviews.
    Before, the error was read as a file of one record: `data inspect` proposed its message
    as a customer's comment to publish. Now it is an error that quotes the API's message."""
    error = {
        "error": {
            "code": 401,
            "message": "Request had invalid authentication credentials.",
            "errors": [{"message": "Invalid Credentials", "reason": "authError"}],
            "status": "UNAUTHENTICATED",
        }
    }
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(error) + "\n" if minified else json.dumps(error, indent=2))
    with pytest.raises(UserError) as raised:
        detect(path)
    message = str(raised.value)
    assert "error" in message and "invalid authentication credentials" in message
    result = CliRunner().invoke(cli, ["data", "inspect", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_google_reviews_without_any_text_build_on_their_stars(tmp_path: Path):
    """Google writes a review's `comment` only where it has a text: a location's reviews of
    stars alone hold no `comment` key at all. Before, the mapping every location's file
    shares (`comment: "comment"`) failed the build: "has no column 'comment'". Now Google's
    keys are the file's columns, empty where no review holds them, as a CSV export's are."""
    reviews = json.loads((EXPORTS / "google-reviews.json").read_text(encoding="utf-8"))
    for review in reviews["reviews"]:
        review.pop("comment", None)
        review.pop("reviewReply", None)
    path = tmp_path / "reviews.json"
    path.write_text(json.dumps(reviews, indent=2), encoding="utf-8")
    columns, rows = cells(path)
    assert {"comment", "reviewReply.comment"} <= set(columns)
    at = columns.index("comment")
    assert [row[at] for row in rows] == [""] * len(reviews["reviews"])


@pytest.mark.parametrize(
    ("spoil", "line"),
    [(lambda data: data[:-1], 7), (lambda data: data[:400] + b"\x00\xd8a\x00" + data[400:], 1)],
    ids=["cut-short", "lone-surrogate"],
)
def test_utf16_json_lines_that_do_not_decode_are_named_at_their_line(
    tmp_path: Path, spoil, line: int
):
    """JSON Lines saved by Windows PowerShell (UTF-16), then cut short by a copy, or holding a
    character cut in half. Before, reading it ended in a traceback; now it is an error at the
    line that holds the bytes, as a UTF-8 file's is."""
    reviews = json.loads((EXPORTS / "google-reviews.json").read_text(encoding="utf-8"))
    text = "".join(json.dumps(review) + "\r\n" for review in reviews["reviews"])
    path = tmp_path / "reviews.jsonl"
    path.write_bytes(b"\xff\xfe" + spoil(text.encode("utf-16-le")))
    result = CliRunner().invoke(cli, ["data", "inspect", str(path)])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert f"reviews.jsonl:{line}: error: is not UTF-16-LE text" in result.output


@pytest.mark.parametrize("lines", [True, False], ids=["json-lines", "document"])
def test_half_an_emoji_cut_off_is_read_as_a_replacement_character(tmp_path: Path, lines: bool):
    """A tool that shortens comments by UTF-16 units cuts an emoji in half, and its JSON
    writes the half left as an escape of its own (`\\ud83d`): no UTF-8 text holds it, so it is
    read as the replacement character, as a browser shows it; before, a traceback."""
    records = [
        {"id": "1", "comment": "Super \\ud83d"},
        {"id": "2", "comment": "ok \\ude00!", "tags": ["\\ud83d"]},
    ]
    texts = [json.dumps(record).replace("\\\\", "\\") for record in records]
    path = tmp_path / ("answers.jsonl" if lines else "answers.json")
    path.write_text("\n".join(texts) + "\n" if lines else f"[{','.join(texts)}]", "utf-8")
    assert json.loads(texts[0])["comment"] == "Super \ud83d"
    assert cells(path) == (
        ["id", "comment", "tags"],
        [["1", "Super \ufffd", ""], ["2", "ok \ufffd!", '["\ufffd"]']],
    )


TRUSTED_SHOPS_ENTRY = """data:
  - path: data/reviews.json
    date: creationDate
    touchpoints:
      hotline: {csat: mark, comment: comment}
"""


@pytest.mark.parametrize("spoiled", [False, True], ids=["as-saved", "a-bad-mark"])
def test_records_in_an_apis_envelopes_are_read(mini: Path, spoiled: bool):
    """Trusted Shops' reviews API answers `{"response": {"code": 200, "data": {"shop":
    {"tsId": ..., "reviews": [...]}}}}`: the reviews, two objects below the top, were read as
    one record of no answers, and the reviews list was said to be nested answers."""
    shape = detect(EXPORTS / "trustedshops-api.json")
    assert shape.describe() == "wide export, JSON (the records under 'response.data.shop.reviews')"
    columns, rows = cells(EXPORTS / "trustedshops-api.json")
    assert columns[:6] == ["changeDate", "comment", "confirmationDate", "creationDate", "mark"] + [
        "markDescription"
    ]
    assert "reviewer.profile.firstname" in columns and "response.code" not in columns
    assert [row[columns.index("mark")] for row in rows] == ["5.00", "4.00", "1.00", "3.00", "5.00"]
    text = (EXPORTS / "trustedshops-api.json").read_text(encoding="utf-8")
    if spoiled:  # the fourth review, whose object starts on line 63
        text = text.replace('"mark": "3.00"', '"mark": "x"')
    (mini / "data" / "reviews.json").write_text(text, encoding="utf-8")
    (mini / "data" / "feedback.csv").unlink()
    config = mini / "touchsite.yml"
    yml = config.read_text(encoding="utf-8")
    config.write_text(
        yml.replace("data:\n  - path: data/feedback.csv\n", TRUSTED_SHOPS_ENTRY), encoding="utf-8"
    )
    feedback = check(mini).feedback
    if spoiled:
        [finding] = feedback.quality
        assert finding.values[0].lines == (63,)
        assert text.splitlines()[62].strip() == "{"
        return
    assert feedback.quality == ()
    # the marks 5, 4, 1, 3, 5: four answers of five, the empty text of the fourth no comment
    kpis = feedback.counts.groupby("kpi", observed=True)["n"].sum().to_dict()
    assert kpis == {"csat": 5}
    assert len(feedback.comments["hotline"]) == 4


def test_a_record_whose_object_holds_a_list_of_objects_is_one_record(tmp_path: Path):
    """A top-level object of values of its own is a record, whatever its nested objects hold:
    one review saved with its photos (`media.photos`) was read as the photos' records, the
    review's rating and text lost. Only an envelope, of objects alone, is looked into."""
    path = tmp_path / "review.json"
    review = {"id": "r1", "rating": 4, "comment": "Schnell geliefert", "media": {}}
    review["media"]["photos"] = [{"url": "https://example.com/1.jpg", "width": 100}] * 2
    path.write_text(json.dumps(review, indent=2), encoding="utf-8")
    assert detect(path).describe() == "wide export, JSON"
    columns, rows = cells(path)
    assert [row[columns.index("rating")] for row in rows] == ["4"]
    assert "url" not in columns


def test_a_document_nested_a_thousand_deep_is_named_not_a_traceback(tmp_path: Path):
    """Python's JSON reader stops at about a thousand levels with a RecursionError: it ended
    `data inspect` and the build in a traceback."""
    path = tmp_path / "reviews.json"
    path.write_text('{"k": ' * 3000 + '{"reviews": [{"rating": 5}]}' + "}" * 3000)
    with pytest.raises(UserError) as raised:
        cells(path)
    [problem] = raised.value.problems
    assert problem.line == 1 and "deeper than can be read" in problem.message
    result = CliRunner().invoke(cli, ["data", "inspect", str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "reviews.json:1: error: nests its objects and lists deeper" in result.output
