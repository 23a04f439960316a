"""Read touchpoints, recommendations and free pages: Markdown files with YAML front matter."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from touchsite.errors import Problems, UserError, suggest
from touchsite.load.config import read_targets
from touchsite.load.fields import Field, read_fields
from touchsite.load.paths import inside
from touchsite.load.paths import target as linked_target
from touchsite.load.text import read_text
from touchsite.load.yamlsource import (
    CONFLICT_HINT,
    YamlMap,
    conflict_line,
    parse_yaml,
    written,
)
from touchsite.models import KPIS, TEXT_LANES, Page, Recommendation, Source, Touchpoint
from touchsite.models.markdown import (
    COPY_INTO_ASSETS,
    ON_A_COMPUTER,
    could_link_a_file,
    linked_file,
    parsed,
)

TOUCHPOINT_FIELDS = (
    Field("id", "str", "a short id; default: the file name without .md"),
    Field("title", "str", "the touchpoint's name", required=True),
    Field("phase", "str", "the id of a phase in touchsite.yml", required=True),
    Field("channel", "str", "the id of a channel in touchsite.yml", required=True),
    Field("type", "str", "kind of contact", default="", choices=("digital", "analog", "personal")),
    Field(
        "category",
        "str",
        "what the customer meets",
        default="",
        choices=("place", "person", "marketing", "service", "product"),
    ),
    Field(
        "influence", "str", "can the company shape it", default="", choices=("direct", "indirect")
    ),
    Field("direction", "str", "communication", default="", choices=("one-way", "two-way")),
    Field("c2c", "bool", "a customer-to-customer reference point (reviews...)", default=False),
    Field("owner", "str", "the responsible team or person", default=""),
    Field("personas", "list", "ids of personas from touchsite.yml", default=()),
    Field("emotion", "int", "expected emotion, -3..3", minimum=-3, maximum=3),
    Field(
        "value",
        "list",
        "value-proposition elements",
        default=(),
        choices=("price", "service", "personalization", "proximity"),
    ),
    Field("targets", "map", "KPI targets for this touchpoint: nps, csat, ces", default={}),
    Field("order", "int", "sort order within its phase", default=0),
    Field(
        "lanes", "map", "text for journey lanes: actions, thoughts, blueprint layers", default={}
    ),
)

RECOMMENDATION_FIELDS = (
    Field("id", "str", "a short id; default: the file name without .md"),
    Field("title", "str", "the recommendation's headline", required=True),
    Field("touchpoints", "list", "ids of the touchpoints it addresses", required=True),
    Field("priority", "str", "how urgent", default="medium", choices=("high", "medium", "low")),
    Field("impact", "int", "expected impact, 1..5", minimum=1, maximum=5),
    Field("effort", "int", "expected effort, 1..5", minimum=1, maximum=5),
    Field(
        "status",
        "str",
        "where it stands",
        default="idea",
        choices=("idea", "planned", "in-progress", "done", "rejected"),
    ),
    Field("owner", "str", "who carries it out", default=""),
    Field("due", "date", "due date, e.g. 2027-03-31"),
    Field("kpi", "str", "the KPI it should move", choices=KPIS),
    Field("experiment", "str", "the touchpoint whose A/B test decides it"),
)

PAGE_FIELDS = (
    Field("id", "str", "a short id; default: the file name without .md"),
    Field("title", "str", "the page's title", required=True),
    Field("order", "int", "position in the navigation", default=0),
)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_-]*$")

# Folders of content/ whose Markdown files become pages (or parts of one); "" is content/.
PAGE_FOLDERS = ("touchpoints", "recommendations", "journeys", "opportunities", "pages", "")


def _file_links(text: str, first_line: int) -> tuple[tuple[str, int], ...]:
    """The .md files a Markdown text links to, with the line of each link (each is checked
    to be a content file; the render stage links them to their pages)."""
    if not could_link_a_file(text):
        return ()  # its tokens are left to the render, which forked workers share out
    found = []
    for block in parsed(text):
        for token in block.children or ():
            if token.type == "link_open":
                link = linked_file(str(token.attrs.get("href", "")))
                if link is not None:
                    found.append((link[0], first_line + (block.map[0] if block.map else 0)))
    return tuple(found)


def _check_link(target: str, path: Path, line: int, problems: Problems) -> None:
    content = problems.root.resolve() / "content"
    resolved = linked_target(path.parent / target)
    try:
        folder = resolved.relative_to(content).as_posix().rpartition("/")[0] if resolved else None
    except ValueError:
        folder = None
    if folder not in PAGE_FOLDERS or resolved is None or not resolved.is_file():
        problems.add(
            path,
            line,
            f"link to '{target}', which is not a content file",
            "link to another file's .md path relative to this one, e.g. ../touchpoints/<id>.md",
        )


# The Markdown renderer refuses to link a file: URL and shows it as text; the link check of
# the built site never sees it, so it is found in the Markdown.
_FILE_URL = re.compile(r"\]\(\s*<?(file:[^\s)>]*)", re.IGNORECASE)


def _check_file_urls(body: str, path: Path, first_line: int, problems: Problems) -> None:
    if "file:" not in body.lower():
        return
    for found in _FILE_URL.finditer(body):
        problems.add(
            path,
            first_line + body.count("\n", 0, found.start()),
            f"'{found.group(1)}' is {ON_A_COMPUTER}",
            COPY_INTO_ASSETS,
            column=found.start(1) - body.rfind("\n", 0, found.start(1)),
        )


OPENING_MARKS = "\"'„“‚‘«»‹›"
CLOSING_MARKS = "\"'“”‘’»«›‹"


def unquote(text: str) -> str:
    """A thought without the quotation marks around it (the site sets them itself); a text
    that only starts or ends with a mark keeps it."""
    text = text.strip()
    if len(text) > 1 and text[0] in OPENING_MARKS and text[-1] in CLOSING_MARKS:
        return text[1:-1].strip()
    return text


def read_texts(value: Any, path: Path, problems: Problems, line: int, what: str) -> tuple:
    """A lane's cell: one text or a list of texts."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    if any(isinstance(item, (dict, list)) for item in items):
        problems.add(path, line, f"{what} must be a text or a list of texts")
        return ()
    return tuple(str(item).strip() for item in items if str(item).strip())


def read_touchpoint_lanes(value: Any, path: Path, problems: Problems, line: int) -> tuple:
    """A touchpoint's `lanes:` map: text lane -> text(s), shown on every step it is part of."""
    if not value:
        return ()
    if not isinstance(value, dict):
        problems.add(path, line, "'lanes' must map lane ids to text", "e.g. backstage: ...")
        return ()
    result = []
    for lane in value:
        text = written(value, lane)
        lane_line = value.line_of(lane) if isinstance(value, YamlMap) else line
        if lane not in TEXT_LANES:
            problems.add(
                path,
                lane_line,
                f"unknown lane '{lane}' in a touchpoint's lanes",
                suggest(str(lane), TEXT_LANES),
            )
            continue
        texts = read_texts(text, path, problems, lane_line, f"lane '{lane}'")
        if lane == "thoughts":
            texts = tuple(unquote(t) for t in texts)
        if texts:
            result.append((str(lane), texts))
    return tuple(result)


def split_front_matter(
    path: Path, text: str, problems: Problems
) -> tuple[YamlMap | None, str, int]:
    """Return (front matter, body, line of the body's first line)."""

    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        problems.add(path, 1, "no front matter", "start the file with '---', YAML keys, '---'")
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            break
    else:
        problems.add(path, 1, "front matter is not closed", "end the YAML keys with a '---' line")
        return None, "", 1
    yaml_text = "".join(lines[1:index])
    body = "".join(lines[index + 1 :])
    try:
        data = parse_yaml(yaml_text, path, line_offset=1) if yaml_text.strip() else YamlMap()
    except UserError as error:
        problems.extend(error)
        return None, body, index + 2
    if not isinstance(data, dict):
        problems.add(path, 2, "front matter must be YAML keys ('title: ...')")
        return None, body, index + 2
    return data, body, index + 2


def markdown_files(folder: Path) -> Iterator[Path]:
    if folder.is_dir():
        yield from sorted(folder.glob("*.md"))


_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")


def misnamed_markdown(root: Path, problems: Problems) -> None:
    """Report Markdown files the build would pass over for their name's ending (.MD,
    .markdown): their author expects them on the site."""
    for name in PAGE_FOLDERS:
        folder = root / "content" / name
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            suffix = path.suffix
            if suffix != ".md" and suffix.lower() in _MARKDOWN_SUFFIXES and path.is_file():
                problems.add(
                    path,
                    None,
                    f"is not read: touchsite reads Markdown files ending in '.md', not '{suffix}'",
                    f"rename it to {path.stem}.md",
                )


# A page of the report is read by people: 2 MiB of Markdown is far beyond any real one, and
# bounds the time and memory a careless or hostile file can take.
MAX_DOCUMENT_BYTES = 2 * 2**20


def read_document(
    path: Path, fields: tuple[Field, ...], problems: Problems, what: str
) -> tuple[dict[str, Any], str] | None:
    if not inside(problems.root, path):
        return None  # a link leaving the project or in a circle: reported, never read
    if not path.is_file():
        problems.add(path, None, "is not a regular file", "replace it with a Markdown file")
        return None
    size = path.stat().st_size
    if size > MAX_DOCUMENT_BYTES:
        problems.add(
            path,
            None,
            f"is {size / 2**20:.1f} MiB; a Markdown file may be {MAX_DOCUMENT_BYTES // 2**20} MiB",
            "split it, or move long material to a linked file",
        )
        return None
    text = read_text(path, problems)
    if text is None:
        return None
    key = (problems.root, text, fields, what)
    last = _LAST_READ.get(path)
    if last is not None and last[0] == key:
        document = last[1]
    else:
        before = len(problems)
        document = _parse_document(path, text, fields, problems, what)
        if document is None:
            return None
        if len(problems) == before:  # else they must be reported again
            _LAST_READ[path] = (key, document)
    values, body, links = document
    for target, line in links:  # the files linked to may have come or gone since
        _check_link(target, path, line, problems)
    return dict(values), body


# A live preview reads every Markdown file again after each edit; parsing the front matter
# and the links of a thousand unchanged files would be most of its work. What is read from
# a document's text alone is kept, for the last text read from each file.
_LAST_READ: dict[Path, tuple[tuple, tuple[dict[str, Any], str, tuple[tuple[str, int], ...]]]] = {}


def _parse_document(
    path: Path, text: str, fields: tuple[Field, ...], problems: Problems, what: str
) -> tuple[dict[str, Any], str, tuple[tuple[str, int], ...]] | None:
    if line := conflict_line(text):
        problems.add(path, line, "an unresolved merge conflict", CONFLICT_HINT)
        return None
    data, body, body_line = split_front_matter(path, text, problems)
    if data is None:
        return None
    values = read_fields(data, fields, path, problems, what, line=2)
    values["id"] = values["id"] or path.stem
    if not ID_PATTERN.match(values["id"]):
        problems.add(
            path,
            data.line_of("id"),
            f"'{values['id']}' is not a usable id",
            "use lowercase letters, digits, '-' and '_' (rename the file or set 'id:')",
        )
    values["source"] = Source(problems.relative(path), {"": 2, **data.key_lines}, body_line)
    _check_file_urls(body, path, body_line, problems)
    return values, body, _file_links(body, body_line)


def touchpoint_file_ids(root: Path) -> set[str]:
    return {path.stem for path in markdown_files(root / "content" / "touchpoints")}


def load_touchpoints(root: Path, problems: Problems) -> list[Touchpoint]:
    result = []
    for path in markdown_files(root / "content" / "touchpoints"):
        document = read_document(path, TOUCHPOINT_FIELDS, problems, "touchpoint front matter")
        if document is None:
            continue
        values, body = document
        line = values["source"].line("targets")
        values["targets"] = read_targets(values["targets"], path, problems, "targets", line)
        values["lanes"] = read_touchpoint_lanes(
            values["lanes"], path, problems, values["source"].line("lanes")
        )
        result.append(Touchpoint(**values, body=body))
    return result


def load_recommendations(root: Path, problems: Problems) -> list[Recommendation]:
    result = []
    for path in markdown_files(root / "content" / "recommendations"):
        document = read_document(path, RECOMMENDATION_FIELDS, problems, "recommendation")
        if document is None:
            continue
        values, body = document
        values["touchpoints"] = values["touchpoints"] or ()
        result.append(Recommendation(**values, body=body))
    return result


def load_pages(root: Path, problems: Problems) -> list[Page]:
    result = []
    paths = [*markdown_files(root / "content"), *markdown_files(root / "content" / "pages")]
    for path in paths:
        document = read_document(path, PAGE_FIELDS, problems, "page front matter")
        if document is None:
            continue
        values, body = document
        result.append(Page(**values, body=body))
    return sorted(result, key=lambda page: (page.order, page.id))
