"""YAML with the line of every key: the values as PyYAML's own (pure Python) safe loader reads
them, and the lines counted here while the front matter is written."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from touchsite.errors import Problems, UserError
from touchsite.load.content import TOUCHPOINT_FIELDS, read_touchpoint_lanes
from touchsite.load.fields import Field, read_fields
from touchsite.load.yamlsource import YamlList, YamlMap, parse_yaml

# Values YAML 1.1 reads as something other than their text, and texts that only look so
SCALARS = (
    "on", "off", "yes", "no", "y", "n", "true", "False", "TRUE", "~", "null", "", "0", "-3",
    "+7", "1_000", "0o17", "0x1F", "017", "0b101", "1.5", "1e3", "6.02e+23", ".5", "3.", "12:30",
    "190:20:30", "1:30.5", "2024-02-29", "2024-1-5", "2024-01-01 10:30:00",
    "2024-01-01T10:30:00Z", "2024-01-01t10:30:00.25+02:00", '"quoted: yes"', "'on'", '"2024-02-29"',
    "text with spaces", "Grüße", "a,b", "x #not a comment", "--x", "'it''s'",
)  # fmt: skip
SPECIAL_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}

keys = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True).filter(
    lambda key: key not in SPECIAL_WORDS
)
scalars = st.sampled_from(SCALARS)


@st.composite
def front_matters(draw) -> tuple[str, dict]:
    """A front matter's text, and the expected lines: key -> its line, or (line, inner) for a
    mapping, whose inner keys have their own lines."""
    lines: list[str] = []
    expected: dict = {}
    for key in draw(st.lists(keys, min_size=1, max_size=6, unique=True)):
        kind = draw(st.sampled_from(["scalar", "flow list", "block list", "mapping"]))
        line = len(lines) + 1
        if kind == "scalar":
            lines.append(f"{key}: {draw(scalars)}")
            expected[key] = line
        elif kind == "flow list":
            items = draw(st.lists(scalars.filter(_flow_safe), max_size=4))
            lines.append(f"{key}: [{', '.join(items)}]")
            expected[key] = line
        elif kind == "block list":
            lines.append(f"{key}:")
            lines += [f"  - {item}" for item in draw(st.lists(scalars, max_size=3))]
            expected[key] = line
        else:
            lines.append(f"{key}:")
            inner = {}
            for inner_key in draw(st.lists(keys, min_size=1, max_size=3, unique=True)):
                inner[inner_key] = len(lines) + 1
                lines.append(f"  {inner_key}: {draw(scalars)}")
            expected[key] = (line, inner)
    return "\n".join(lines) + "\n", expected


def _flow_safe(scalar: str) -> bool:
    return not any(mark in scalar for mark in ",#") and scalar != ""


def typed(value):
    """The value with the type of every part, so True and 1, a date and a datetime differ."""
    if isinstance(value, dict):
        return ("map", [(typed(key), typed(item)) for key, item in value.items()])
    if isinstance(value, list):
        return ("list", [typed(item) for item in value])
    return (type(value).__name__, value)


@given(front_matters())
def test_front_matter_reads_as_the_pure_python_loader_reads_it(case):
    text, expected = case
    data = parse_yaml(text, Path("x.md"), line_offset=1)
    assert typed(data) == typed(yaml.load(text, Loader=yaml.SafeLoader))  # noqa: S506 (safe)
    assert isinstance(data, YamlMap) and data.line == 2
    for key, where in expected.items():
        line, inner = where if isinstance(where, tuple) else (where, None)
        assert data.line_of(key) == line + 1
        if inner is not None:
            assert {k: data[key].line_of(k) for k in inner} == {
                k: inner_line + 1 for k, inner_line in inner.items()
            }
        if isinstance(data[key], YamlList):
            assert data[key].line >= line + 1


def test_the_words_yaml_reads_as_booleans_and_dates_stay_so():
    text = "a: on\nb: no\nc: 'on'\nd: 2024-02-29\ne: 2024-01-01 10:30:00\nf: ~\ng: 12:30\n"
    data = parse_yaml(text, Path("x.md"))
    assert typed(data) == typed(
        {
            "a": True,
            "b": False,
            "c": "on",
            "d": dt.date(2024, 2, 29),
            "e": dt.datetime(2024, 1, 1, 10, 30),
            "f": None,
            "g": 750,
        }
    )


BAD_LINES = {
    "due: 2023-02-30": "is not a valid date",
    "tag: !!python/name:os.system x": "is not supported",
    "alias: *anchor": "alias",
    "big: 1234567890123456789": "too large",
    "twice: 1\ntwice: 2": "given twice",
    "yes: 1\n'yes': 2": "given twice",  # a truth value's key is its text
    "1: a\n0x1: b": "given twice",
    "!!python/name:os.system key: 1": "is not supported",  # a key's tag, checked as a value's
    "!custom key: 1": "is not supported",
    # PyYAML takes these for numbers, then cannot read them (it raises a bare ValueError)
    "hex: 0x_": "not a valid number",
    "binary: 0b_": "not a valid number",
    # numbers, but none a figure can be
    "huge: 1.0e+400": "not a number touchsite can use",
    "minus: -1.5e+999": "not a number touchsite can use",
    "nan: .NaN": "not a number touchsite can use",
}


@given(front_matters(), st.sampled_from(sorted(BAD_LINES)), st.data())
def test_a_mistake_is_reported_on_its_own_line(case, bad: str, data):
    text, _expected = case
    lines = text.splitlines()
    # between two top-level keys, so the mistake is the document's first
    starts = [i for i, line in enumerate(lines) if not line.startswith(" ")] + [len(lines)]
    at = data.draw(st.sampled_from(starts))
    lines.insert(at, bad)
    with pytest.raises(UserError) as raised:
        parse_yaml("\n".join(lines) + "\n", Path("x.md"), line_offset=1)
    (problem,) = raised.value.problems
    assert BAD_LINES[bad] in (problem.message + problem.hint)
    assert problem.line == at + 2 + bad.count("\n")


def test_keys_that_read_differently_are_different_keys():
    parsed = parse_yaml("1: a\n'1': b\n", Path("x.md"))
    assert dict(parsed) == {1: "a", "1": "b"}
    assert parsed == yaml.safe_load("1: a\n'1': b\n")


def test_a_key_yaml_reads_as_true_false_or_a_date_is_its_text():
    parsed = parse_yaml("Yes: a\nno: b\n2026-03-01: c\n1: d\n", Path("x.md"))
    assert dict(parsed) == {"Yes": "a", "no": "b", "2026-03-01": "c", 1: "d"}
    assert parsed.key_lines == {"Yes": 1, "no": 2, "2026-03-01": 3, "1": 4}
    with pytest.raises(UserError, match="'yes' is given twice"):
        parse_yaml("yes: a\n'yes': b\n", Path("x.md"))
    assert dict(parse_yaml("yes: a\ntrue: b\n", Path("x.md"))) == {"yes": "a", "true": "b"}


# What a user writes unquoted that YAML 1.1 reads as a number, true or false, or a date.
WRITTEN = st.one_of(
    st.sampled_from([s for s in SCALARS if s and s[0] not in "\"'" and s not in ("~", "null")]),
    st.from_regex(r"[-+]?0[0-7_]{1,6}", fullmatch=True),  # octal
    st.from_regex(r"0x[0-9a-fA-F]{1,8}", fullmatch=True),
    st.from_regex(r"[0-9]{1,3}(:[0-5][0-9]){1,3}(\.[0-9]{1,3})?", fullmatch=True),  # base 60
    st.from_regex(r"[-+]?[0-9]{1,6}\.[0-9]{0,4}([eE][-+][0-9]{1,2})?", fullmatch=True),
    st.from_regex(r"(19|20)[0-9]{2}-(0?[1-9]|1[0-2])-(0?[1-9]|1[0-9]|2[0-8])", fullmatch=True),
    st.sampled_from(["yes", "No", "ON", "off", "Y", "n", "true", "FALSE"]),
)


@given(WRITTEN)
def test_a_text_written_unquoted_in_a_text_field_is_read_as_written(text: str):
    front_matter = (
        f"title: {text}\nphase: before\nchannel: web\nowner: {text}\npersonas: [{text}]\n"
        f"lanes:\n  thoughts: {text}\n  actions: [{text}, {text}]\n"
    )
    problems = Problems(Path("."))
    values = read_fields(
        parse_yaml(front_matter, Path("x.md")), TOUCHPOINT_FIELDS, Path("x.md"), problems, "t"
    )
    lanes = read_touchpoint_lanes(values["lanes"], Path("x.md"), problems, 6)
    assert not list(problems)
    assert (values["title"], values["owner"], values["personas"]) == (text, text, (text,))
    assert lanes == (("thoughts", (text,)), ("actions", (text, text)))


def test_numbers_and_truth_values_stay_so_where_a_field_wants_them():
    fields = (Field("weight", "number", ""), Field("strict", "bool", ""))
    problems = Problems(Path("."))
    data = parse_yaml("weight: 2\nstrict: yes\n", Path("x.yml"))
    assert read_fields(data, fields, Path("x.yml"), problems, "x") == {
        "weight": 2.0,
        "strict": True,
    }
