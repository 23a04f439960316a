"""JSON Lines read by Arrow a piece at a time: the same columns and cells as Python's reading
of the same records (tests/test_json_file.py reads them as a user's files)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.test_json_file import VALUES, _mini_as_json, cells
from touchsite.errors import UserError
from touchsite.load.formats import json_lines
from touchsite.models import DataSource
from touchsite.pipeline import check


def arrow_cells(path: Path) -> dict[str, list[str]] | None:
    """Each column's cells as Arrow's reading makes them; None where it leaves the file to
    Python's."""
    found: dict[str, list[str]] = {}
    rows = 0
    try:
        for table, _ in json_lines.pieces(path, "utf-8", 0):
            for name in table.column_names:
                found.setdefault(name, [""] * rows)
            for name, column in found.items():
                values = table.column(name) if name in table.column_names else None
                missing = [""] * len(table)
                column += json_lines.texts(values).to_pylist() if values is not None else missing
            rows += table.num_rows
    except json_lines.NotAlike:
        return None
    return found


KEYS = st.sampled_from(["id", "score", "date", "note", "a.b"])
LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    VALUES,
    st.dates().map(str),
    st.datetimes().map(lambda moment: moment.isoformat() + "Z"),
)
RECORDS = st.lists(
    st.dictionaries(
        KEYS,
        st.one_of(
            LEAVES,
            st.dictionaries(KEYS, st.one_of(LEAVES, st.dictionaries(KEYS, LEAVES)), max_size=3),
            st.lists(LEAVES, max_size=2),
        ),
        max_size=4,
    ),
    min_size=2,
    max_size=12,
)


@given(records=RECORDS, same_kinds=st.booleans(), piece=st.sampled_from([60, 200, 1 << 20]))
def test_json_lines_read_by_arrow_give_the_cells_python_reads(
    tmp_path_factory, records, same_kinds: bool, piece: int
):
    """Columns, their order and every cell as a document of the same records gives, which
    Python reads one by one; whatever the pieces' size. `same_kinds` keeps each key's
    values of one kind, as an export's are, so that Arrow reads most files drawn."""
    if same_kinds:
        kinds: dict[str, type] = {}
        records = [
            {k: v for k, v in record.items() if kinds.setdefault(k, type(v)) is type(v)}
            for record in records
        ]
    folder = tmp_path_factory.mktemp("lines")
    lines, document = folder / "records.jsonl", folder / "records.json"
    lines.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    document.write_text(json.dumps({"records": records}), encoding="utf-8")
    source = DataSource("x", 1, format="wide")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(json_lines, "PIECE_BYTES", piece)
        patch.setattr(json_lines, "HEAD_BYTES", piece // 2)
        assert cells(lines, source) == cells(document, source)


def test_a_file_arrow_reads_alike_is_read_by_it(tmp_path: Path):
    path = tmp_path / "answers.jsonl"
    plain = (
        '{"id": "1", "nps": 9, "csat": 4.5, "date": "2026-03-01T10:00:00Z", "ok": true, '
        '"who": {"segment": "neu"}}\n'
        '{"id": "2", "nps": 3, "csat": 2, "date": "2026-03-02T11:00:00Z", "who": null}\r\n'
        "\n"
    )
    path.write_text(plain, encoding="utf-8", newline="")
    assert arrow_cells(path) == {
        "id": ["1", "2"],
        "nps": ["9", "3"],
        "csat": ["4.5", "2"],
        "date": ["2026-03-01T10:00:00Z", "2026-03-02T11:00:00Z"],
        "ok": ["true", ""],
        "who.segment": ["neu", ""],
    }
    assert cells(path)[0] == ["id", "nps", "csat", "date", "ok", "who.segment"]


@pytest.mark.parametrize(
    ("change", "why"),
    [
        (lambda text: text.replace("\n{", "\n\n{"), "an empty line: the records' lines move"),
        (lambda text: text.replace("}\n{", "} {", 1), "two records on a line"),
        (lambda text: text.replace('"nps": 3', '"nps": "3"'), "a number and a text"),
        (lambda text: text.replace('"id": "2"', '"id": "2", "id": "3"'), "a key twice"),
        (lambda text: text.replace('"nps": 3', '"nps": 12345678901234567890123'), "20 digits"),
        (lambda text: text.replace('"ok": true', '"ok": [1]'), "a list"),
        (lambda text: text.replace('"who": {"segment": "neu"}', '"who": {}'), "always empty"),
        (lambda text: text.replace('"nps": 3}', '"nps": 3'), "JSON that does not parse"),
    ],
)
def test_a_file_arrow_could_read_otherwise_is_left_to_python(tmp_path: Path, change, why: str):
    records = [
        {"id": "1", "nps": 9, "ok": True, "who": {"segment": "neu"}},
        {"id": "2", "nps": 3},
        {"id": "3", "nps": 7},
    ]
    text = "".join(json.dumps(record) + "\n" for record in records)
    path = tmp_path / "answers.jsonl"
    path.write_text(change(text), encoding="utf-8")
    assert path.read_text(encoding="utf-8") != text, why
    assert arrow_cells(path) is None, why


def test_a_utf8_bom_is_left_to_python(tmp_path: Path):
    path = tmp_path / "answers.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"id": "1"}\n{"id": "2"}\n')
    with pytest.raises(json_lines.NotAlike):
        next(json_lines.pieces(path, "utf-8", 3))
    assert cells(path) == (["id"], [["1"], ["2"]])


def test_later_pieces_with_new_keys_and_kinds_are_read_by_arrow(tmp_path: Path, monkeypatch):
    """Arrow is told each key's kind from the first lines (HEAD_BYTES) and the pieces read
    before, dates as text: a later record's new key, nested key, dates, a key of no value
    before, or a whole number's key holding a fraction are read as Python reads them."""
    monkeypatch.setattr(json_lines, "HEAD_BYTES", 200)
    monkeypatch.setattr(json_lines, "PIECE_BYTES", 300)
    first = [{"id": str(n), "csat": 4, "note": None, "who": {"segment": "neu"}} for n in range(5)]
    later = [
        {"id": "5", "csat": 4.5, "note": "gut", "who": {"segment": "alt", "since": "2024-01-05"}},
        {"id": "6", "at": "2026-03-02T11:00:00Z", "csat": 3},
    ]
    records = first + later
    lines, document = tmp_path / "later.jsonl", tmp_path / "later.json"
    lines.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    document.write_text(json.dumps(records), encoding="utf-8")
    assert len(json.dumps(first[0])) * 5 > 300  # the later records are in a later piece
    found = arrow_cells(lines)
    assert found is not None
    assert found["who.since"][5] == "2024-01-05"
    assert found["at"][6] == "2026-03-02T11:00:00Z"
    assert found["csat"] == ["4"] * 5 + ["4.5", "3"]
    assert found["note"] == [""] * 5 + ["gut", ""]
    assert cells(lines) == cells(document)
    assert cells(lines)[0] == ["id", "csat", "note", "who.segment", "who.since", "at"]


def test_a_bad_answer_read_by_arrow_is_named_at_its_line(mini: Path):
    def spoil(records):
        records[3]["nps"] = "11"

    _mini_as_json(mini, True, spoil)
    path = mini / "data" / "feedback.json"
    assert arrow_cells(path) is not None
    [finding] = check(mini).feedback.quality
    text = path.read_text(encoding="utf-8").splitlines()
    [line] = finding.values[0].lines
    assert line == 4 and '"nps": "11"' in text[line - 1]


def test_a_file_changed_after_its_detection_is_read_on_by_python(tmp_path: Path, monkeypatch):
    """Arrow read the first pieces, then meets a piece it could read otherwise (the file
    was written again meanwhile): the records not handed out yet are read one by one,
    each named at its own line."""
    from touchsite.load.formats import detect, open_reader

    monkeypatch.setattr(json_lines, "PIECE_BYTES", 64)
    records = [{"id": str(n), "nps": n % 11} for n in range(9)]
    path = tmp_path / "answers.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    shape = detect(path)
    records[7]["nps"] = "x"  # a text among numbers: Arrow's piece is refused
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    reader = open_reader(shape)
    nps = shape.columns.index("nps")
    read = [value for chunk in reader.chunks([nps]) for value in chunk.columns[nps].to_pylist()]
    assert read == [str(n % 11) for n in range(7)] + ["x", "8"]
    assert reader.lines({0, 7, 8})[0] == {0: 1, 7: 8, 8: 9}


@pytest.mark.parametrize("where", ["value", "key"])
def test_a_byte_that_is_not_utf8_is_named_at_its_line(tmp_path: Path, where: str):
    """Arrow takes such a byte into its text unchecked (a traceback later, where the text is
    trimmed): the file is left to Python's reading, which names the line."""
    path = tmp_path / "answers.jsonl"
    spoilt = b'{"id": "2\xff", "nps": 3}\n' if where == "value" else b'{"id\xff": "2", "nps": 3}\n'
    path.write_bytes(b'{"id": "1", "nps": 9}\n' + spoilt + b'{"id": "3", "nps": 7}\n')
    with pytest.raises(json_lines.NotAlike):
        next(json_lines.pieces(path, "utf-8", 0))
    with pytest.raises(UserError) as raised:
        cells(path)
    [problem] = raised.value.problems
    assert (problem.line, problem.message) == (2, "is not UTF-8 text, as JSON must be")


def test_a_file_emptied_after_its_detection_is_read_by_python(tmp_path: Path):
    """An empty file cannot be mapped into memory: before, the build ended in a traceback
    (ValueError) where the file was emptied between its detection and its reading."""
    from touchsite.load.formats import detect, open_reader

    path = tmp_path / "answers.jsonl"
    path.write_text('{"id": "1"}\n{"id": "2"}\n', encoding="utf-8")
    shape = detect(path)
    path.write_bytes(b"")
    assert [chunk.length for chunk in open_reader(shape).chunks([0])] == []


@pytest.mark.parametrize("lines", [True, False], ids=["json-lines", "document"])
def test_a_wide_export_is_read_in_chunks_of_as_many_cells_as_a_long_tables(
    tmp_path: Path, monkeypatch, lines: bool
):
    """An API's records, a key per question: their chunks held CHUNK_ROWS records however
    many columns were read, where every other reader's hold about CHUNK_CELLS cells. Now a
    JSON file's chunk does too, read by Arrow or one by one: every record once, in order."""
    from touchsite.load.formats import detect, open_reader, shape

    monkeypatch.setattr(shape, "CHUNK_CELLS", 60)
    records = [
        {"id": f"R{number:03d}", **{f"q{question}": number % 11 for question in range(6)}}
        for number in range(300)
    ]
    path = tmp_path / ("wide.jsonl" if lines else "wide.json")
    if lines:
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    else:
        path.write_text(json.dumps(records), encoding="utf-8")
    detected = detect(path)
    needed = [detected.columns.index(name) for name in ("id", "q0", "q1", "q2", "q3")]
    lengths, ids = [], []
    for chunk in open_reader(detected).chunks(needed):  # five columns: 12 a chunk
        lengths.append(chunk.length)
        ids += chunk.columns[needed[0]].to_pylist()
    assert ids == [f"R{number:03d}" for number in range(300)]
    assert lengths == [12] * 25


def test_a_record_nested_a_thousand_deep_is_named_at_its_line(tmp_path: Path):
    """Arrow reads it, but its schema's columns were walked until Python's recursion limit (a
    traceback, and the file's mapping left open): the file is left to Python's reading,
    which names the line."""
    path = tmp_path / "answers.jsonl"
    deep = '{"k": ' * 3000 + '{"nps": 9}' + "}" * 3000
    path.write_text('{"id": "1", "nps": 9}\n' + deep + '\n{"id": "3", "nps": 7}\n')
    with pytest.raises(json_lines.NotAlike):
        next(json_lines.pieces(path, "utf-8", 0))
    with pytest.raises(UserError) as raised:
        cells(path)
    [problem] = raised.value.problems
    assert problem.line == 2 and "deeper than can be read" in problem.message
