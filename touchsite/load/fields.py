"""Declarative field specs: one reader checks config, front matter and list entries alike.

Every key a user may write is declared here once, with its type and allowed values, so an
unknown key, a wrong type or an out-of-range number is reported with its line, and the
documentation test can check that each key is documented.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from touchsite.errors import Problems, suggest
from touchsite.load.yamlsource import YamlMap, written

KINDS = ("str", "int", "number", "bool", "date", "list", "map", "raw")
# Kinds read from the text as written: YAML 1.1 takes `12:30`, `0123` and `no` for numbers
# and false, which a title, a column's name or a thought must not become.
TEXTUAL = ("str", "list", "raw")


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    help: str
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None


def read_fields(
    data: Any,
    fields: Sequence[Field],
    path: Path,
    problems: Problems,
    what: str,
    line: int = 1,
) -> dict[str, Any]:
    """Check `data` against `fields`; return the converted values (defaults where invalid)."""

    if not isinstance(data, dict):
        problems.add(path, getattr(data, "line", line), f"{what} must be a mapping of keys")
        data = {}
    known = {f.name: f for f in fields}
    line_of = data.line_of if isinstance(data, YamlMap) else (lambda _key: line)
    for key in data:
        if key not in known:
            hint = suggest(str(key), known, "known keys")
            problems.add(path, line_of(key), f"unknown key '{key}' in {what}", hint)
    values: dict[str, Any] = {}
    for field in fields:
        if field.name not in data or data[field.name] is None:
            if field.required:
                problems.add(
                    path,
                    getattr(data, "line", line),
                    f"{what} is missing the required key '{field.name}'",
                    f"add '{field.name}:' ({field.help})",
                )
            values[field.name] = field.default
            continue
        value = written(data, field.name) if field.kind in TEXTUAL else data[field.name]
        value, error = _convert(value, field)
        if error:
            problems.add(path, line_of(field.name), f"'{field.name}' {error}", field.help)
            value = field.default
        values[field.name] = value
    return values


def _convert(value: Any, field: Field) -> tuple[Any, str]:
    kind = field.kind
    if kind == "str":
        if isinstance(value, (bool, dict, list)):
            what = "true or false" if isinstance(value, bool) else "a list"
            return None, f"must be text, not {'a mapping' if isinstance(value, dict) else what}"
        value = str(value).strip()
        if field.choices and value not in field.choices:
            return None, f"must be one of {', '.join(field.choices)}, not '{value}'"
        return value, ""
    if kind in ("int", "number"):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return None, f"must be a number, not '{value}'"
        if kind == "int" and not float(value).is_integer():
            return None, f"must be a whole number, not {value}"
        if field.minimum is not None and value < field.minimum:
            return None, f"must be at least {field.minimum:g}, not {value}"
        if field.maximum is not None and value > field.maximum:
            return None, f"must be at most {field.maximum:g}, not {value}"
        return (int(value) if kind == "int" else float(value)), ""
    if kind == "bool":
        if not isinstance(value, bool):
            return None, f"must be true or false, not '{value}'"
        return value, ""
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date(), ""
        if isinstance(value, dt.date):
            return value, ""
        try:
            return dt.date.fromisoformat(str(value)), ""
        except ValueError:
            return None, f"must be a date like 2027-03-31, not '{value}'"
    if kind == "list":
        items = value if isinstance(value, list) else [value]
        if any(isinstance(item, (dict, list)) for item in items):
            return None, "must be a list of names"
        items = tuple(str(item).strip() for item in items)
        if field.choices:
            wrong = [item for item in items if item not in field.choices]
            if wrong:
                return None, f"allows only {', '.join(field.choices)}, not {', '.join(wrong)}"
        return items, ""
    if kind == "raw":
        return value, ""
    if kind == "map":
        if not isinstance(value, dict):
            return None, "must be a mapping of keys"
        return value, ""
    raise ValueError(f"unknown field kind {kind!r}")
