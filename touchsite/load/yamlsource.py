"""YAML that remembers where each key came from, so errors can name the line.

Only YAML's plain data is read: mappings with scalar keys, sequences, strings, numbers,
booleans, null and dates. Anchors and aliases, tags beyond those types, complex keys and
repeated keys are mistakes reported with their line: client repositories are edited by many
hands, and a few bytes of aliases can expand to gigabytes.
"""

from __future__ import annotations

import contextlib
import math
import re
from pathlib import Path
from typing import Any

import yaml

from touchsite.errors import UserError


class YamlMap(dict):
    """A mapping from YAML, with the 1-based line of itself and of each key, and the text
    written for each value YAML read as a number, true or false, or a date (see `written`)."""

    line: int = 1

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.key_lines: dict[str, int] = {}
        self.texts: dict[Any, str] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class YamlList(list):
    """A sequence from YAML, with the 1-based line of itself and of each item, and the text
    written for each item YAML read as a number, true or false, or a date."""

    line: int = 1
    item_lines: list[int]

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self.texts: dict[int, str] = {}


def written(data: Any, key: Any) -> Any:
    """`data[key]` where a text is expected: a single value, or each item of a list, that
    YAML 1.1 read as a number, true or false, or a date is the text as written.

    YAML reads `12:30` as 750, `0123` as 83, `no` as false and `1.50` as 1.5; a title, an
    owner or a thought must stay what its author wrote. Fields that want a number or a truth
    value (`weight: 2`, `strict: yes`) read the value itself.
    """
    value = data[key]
    if isinstance(value, YamlList) and value.texts:
        items = YamlList(value.texts.get(index, item) for index, item in enumerate(value))
        items.line, items.item_lines = value.line, value.item_lines
        return items
    return getattr(data, "texts", {}).get(key, value)


# libyaml's parser where installed: eight times faster on a thousand front matters.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    line_offset = 0


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode):
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError as error:
        raise yaml.constructor.ConstructorError(
            None,
            None,
            f"'{node.value}' is not a valid date ({error})",
            node.start_mark,
        ) from None


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


_TAG = "tag:yaml.org,2002:"
_STR_TAG = _TAG + "str"
_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}
_MAX_DIGITS = 15  # beyond this an integer is a typo (or an attack), not a count or a target
_MAX_DEPTH = 64


def _construct(loader: _LineLoader, node: yaml.Node) -> Any:
    """The value of a node `_check_plain_data` passed, as `loader.construct_document` makes
    it, without its bookkeeping for aliases and recursive values (a plain node has neither),
    which was a third of the time of a front matter."""
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR_TAG:
            return node.value
        return loader.yaml_constructors[node.tag](loader, node)
    offset = loader.line_offset
    if isinstance(node, yaml.SequenceNode):
        items = YamlList(_construct(loader, child) for child in node.value)
        items.line = node.start_mark.line + 1 + offset
        items.item_lines = [child.start_mark.line + 1 + offset for child in node.value]
        items.texts = {i: c.value for i, c in enumerate(node.value) if _read_from_text(c)}
        return items
    loader.flatten_mapping(node)
    mapping = YamlMap()
    mapping.line = node.start_mark.line + 1 + offset
    for key_node, value_node in node.value:
        key = _key(loader, key_node)
        mapping[key] = _construct(loader, value_node)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1 + offset
        if _read_from_text(value_node):
            mapping.texts[key] = value_node.value
    return mapping


_READ_FROM_TEXT = {_TAG + name for name in ("int", "float", "bool", "timestamp")}
_TEXT_KEYS = {_TAG + "bool", _TAG + "timestamp"}


def _key(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    """A mapping's key as it reads, but as the text written where YAML 1.1 reads a truth
    value or a date: a key names something (an answer, a touchpoint), and `labels:
    {Yes: 1, No: 0}` must match the answers "Yes" and "No", not True and False."""
    return node.value if node.tag in _TEXT_KEYS else _construct(loader, node)


def _read_from_text(node: yaml.Node) -> bool:
    """Whether YAML made something else than text of what the user wrote (a null stays
    null: an empty value is no text)."""
    return isinstance(node, yaml.ScalarNode) and node.tag in _READ_FROM_TEXT


_CONFLICT = re.compile(r"^(<{7}|>{7})( |$)", re.MULTILINE)
CONFLICT_HINT = "keep the right side of the merge, delete the marker lines, and commit"


def conflict_line(text: str) -> int | None:
    """The line of the first merge-conflict marker git left in `text`, if any."""
    found = _CONFLICT.search(text)
    return text.count("\n", 0, found.start()) + 1 if found else None


def parse_yaml(text: str, path: Path, line_offset: int = 0) -> Any:
    """Parse YAML text read from `path`; line numbers are shifted by line_offset (front
    matter). Raises UserError for a syntax error or anything that is not plain data."""

    loader = _LineLoader(text)
    loader.line_offset = line_offset
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _check_plain_data(loader, node, path, line_offset)
        return _construct(loader, node)
    except RecursionError:
        raise UserError(f"invalid YAML: nested deeper than {_MAX_DEPTH} levels", "", path) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        column = mark.column + 1 if mark else None
        problem = error.problem or "invalid YAML"
        if error.context:
            problem = f"{error.context}: {problem}"
            if error.context_mark and error.context_mark.line != getattr(mark, "line", None):
                problem += f" (it started on line {error.context_mark.line + 1 + line_offset})"
        hint = _yaml_hint(text, mark, problem)
        raise UserError(f"invalid YAML: {problem}", hint, path, line, column) from None
    except yaml.YAMLError as error:
        raise UserError(f"invalid YAML: {error}", "", path) from None
    finally:
        loader.dispose()


def _yaml_hint(text: str, mark: yaml.Mark | None, problem: str) -> str:
    """What usually causes a syntax error at `mark`: the two mistakes met most often."""
    lines = text.splitlines()
    here = lines[mark.line] if mark and mark.line < len(lines) else ""
    if "\t" in here[: len(here) - len(here.lstrip())]:
        return "indent with spaces: YAML does not allow tabs"
    if "mapping values are not allowed" in problem:
        return 'put a text holding ": " in quotes, e.g. title: "Suche: Sofa"'
    if "is not a valid date" in problem:
        return "write a date of the calendar as YYYY-MM-DD"
    return ""


TAG_HINT = "write the value plainly, without a '!' tag"


def _check_plain_data(loader: _LineLoader, root: yaml.Node, path: Path, line_offset: int) -> None:
    """Raise UserError at the first node that is not plain data (see the docstring)."""

    def fail(node: yaml.Node, message: str, hint: str = "") -> UserError:
        mark = node.start_mark
        line, column = mark.line + 1 + line_offset, mark.column + 1
        return UserError(f"invalid YAML: {message}", hint, path, line, column)

    seen: set[int] = set()
    stack: list[tuple[yaml.Node, int]] = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            raise fail(
                node,
                "anchors and aliases (&name, *name) are not supported",
                "write the repeated part out",
            )
        seen.add(id(node))
        if depth > _MAX_DEPTH:
            raise fail(node, f"nested deeper than {_MAX_DEPTH} levels", "flatten it")
        if isinstance(node, yaml.ScalarNode):
            _check_scalar(loader, node, fail)
        elif isinstance(node, yaml.SequenceNode):
            if node.tag != _TAG + "seq":
                raise fail(node, _wrong_tag(node.tag, "a list"), TAG_HINT)
            stack.extend((child, depth + 1) for child in reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            if node.tag != _TAG + "map":
                raise fail(node, _wrong_tag(node.tag, "a mapping"), TAG_HINT)
            keys: dict[Any, yaml.Node] = {}  # by the value each key reads as
            for key, value in node.value:
                if not isinstance(key, yaml.ScalarNode):
                    raise fail(
                        key,
                        "a key must be a plain word or number, not a list or mapping",
                        "write the key as a word, e.g. title:",
                    )
                if key.value == "<<" and key.tag == _TAG + "merge":
                    raise fail(key, "merge keys ('<<') are not supported", "write the keys out")
                # as the mapping's keys: `yes` and `'yes'` are one key, `1` and `'1'` two
                read: Any = (key.tag, key.value)  # a key its own check refuses
                if key.tag in _SCALAR_TAGS:
                    with contextlib.suppress(ValueError, yaml.YAMLError):
                        read = _key(loader, key)
                if read in keys:
                    first = keys[read].start_mark.line + 1 + line_offset
                    raise fail(
                        key,
                        f"'{key.value}' is given twice (first on line {first})",
                        "keep one of them",
                    )
                keys[read] = key
                stack.append((value, depth + 1))
                stack.append((key, depth + 1))


def _wrong_tag(tag: str, kind: str) -> str:
    name = tag.removeprefix(_TAG)
    if tag in (_TAG + "seq", _TAG + "map") or tag in _SCALAR_TAGS:
        return f"{kind} cannot be tagged '{name}'"
    return f"the tag '{name}' is not supported here"


def _check_scalar(loader: _LineLoader, node: yaml.ScalarNode, fail) -> None:
    shown = node.value if len(node.value) <= 40 else node.value[:40] + "..."
    if node.tag not in _SCALAR_TAGS:
        raise fail(node, _wrong_tag(node.tag, "a single value"), TAG_HINT)
    if node.tag == _TAG + "str":
        return
    # An explicit tag (!!int x) must agree with what the value reads as without it.
    implicit = loader.resolve(yaml.ScalarNode, node.value, (True, False))
    if node.style or implicit != node.tag:
        kind = node.tag.removeprefix(_TAG)
        raise fail(node, f"'{shown}' is not a valid {kind}", TAG_HINT)
    if node.tag == _TAG + "int" and len(node.value.lstrip("+-").replace("_", "")) > _MAX_DIGITS:
        raise fail(node, f"the number '{shown}' is too large", "write a smaller number")
    if node.tag in (_TAG + "int", _TAG + "float"):
        # what the resolver takes for a number may not read as one ('0x_': PyYAML's own
        # reading fails), or read as one no figure can be (.nan, 1e400)
        read = (
            loader.construct_yaml_int if node.tag == _TAG + "int" else loader.construct_yaml_float
        )
        try:
            number = read(node)
        except ValueError:
            raise fail(node, f"'{shown}' is not a valid number", "write it in digits") from None
        if not math.isfinite(number):
            raise fail(
                node,
                f"'{node.value}' is not a number touchsite can use",
                "write a number, or leave the key out",
            )
