"""A reduced dataset: the data stage's Feedback in one file, so raw answers need not be shared.

`touchsite data reduce` writes what the data stage made of the exports (answer counts, driver
moments, the redacted comment sample, the data-file and quality summaries) as JSON, one record
a line, keys in a fixed order: the same exports give the same bytes, and a diff shows what
changed. A build reads it back into the same Feedback, so it makes the same site.

The file says its format version; a version this touchsite does not know is refused. A digest
of the content catches edits by hand, and the file records the touchpoints and the settings
it was reduced with, so a file from another project or an outdated one is reported, not used.
Its comments are redacted again as it is read, by the rules of the touchsite that reads it:
a file reduced before a rule was added publishes nothing that rule finds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd

from touchsite.errors import Problems
from touchsite.load.config import CONFIG_FILE
from touchsite.load.privacy import Redactor
from touchsite.load.quality import DATA_CHANGES
from touchsite.load.reducer import COUNT_COLUMNS, empty_counts
from touchsite.load.term_counts import POLARITIES, TERM_COLUMNS
from touchsite.models import (
    GROUP_COLUMNS,
    KPIS,
    PAIR_COLUMNS,
    PATTERN_COLUMNS,
    BadValue,
    Comment,
    Config,
    DataFile,
    DataSource,
    DriverMoments,
    Drivers,
    Feedback,
    QualityFinding,
    RespondentMoments,
    Sentence,
    TermCounts,
)

FORMAT = "touchsite reduced data"
VERSION = 2  # 2: the respondents' sums (respondent_groups, respondent_pairs) and term counts
# Version 1 had neither; pooled intervals and themes need them, so it cannot be read alike.
OLD_VERSIONS = {
    1: "it holds no respondent sums and no comment term counts (touchsite 2 reads both)"
}
DEFAULT_PATH = "data/reduced.touchsite.json"
# Enough of the file's start to find its "format" key, however it is indented.
SNIFF_BYTES = 4096
MARK = re.compile(rb'^\s*\{\s*"format"\s*:\s*"touchsite reduced data"')
PERIOD = re.compile(r"^\d{4}-\d{2}$")
COUNT_HEADER = [*COUNT_COLUMNS[:5], "[score, n], ..."]
COMMENT_COLUMNS = ["touchpoint", "date", "segment", "kpi", "score", "text"]
TERM_HEADER = ["touchpoint", "period", "polarity", "[term number, n], ..."]
NOT_SPLIT = ("touchpoints", "count_columns", "term_columns")
HEAD = ("format", "version", "digest")  # the keys the digest does not cover
AGAIN = "run `touchsite data reduce` again on the exports, and do not edit the file by hand"


def is_reduced(path: Path, source: DataSource) -> bool:
    """Whether a data entry is a reduced dataset: it says `format: reduced`, or its content does."""
    if source.format == "reduced":
        return True
    try:
        with path.open("rb") as file:
            start = file.read(SNIFF_BYTES)
    except OSError:
        return False
    return bool(MARK.match(start.removeprefix(b"\xef\xbb\xbf")))


def settings_of(config: Config) -> dict[str, Any]:
    """The settings of touchsite.yml that shape what the data stage makes of the answers."""
    ces = config.ces_scale
    columns = config.privacy.comment_columns
    settings = {
        "language": config.language,
        "primary_kpi": config.primary_kpi,
        "ces_scale": [ces.low, ces.high, ces.higher_is_better] if ces else None,
        "min_n_confident": config.rules.min_n_confident,
        "comments": config.privacy.comments,
        "comment_columns": list(columns) if columns is not None else None,
    }
    if config.drivers != Drivers():  # written only when set: files reduced before stay valid
        settings["drivers"] = [config.drivers.outcome, config.drivers.deletion]
    if config.synonyms:  # the comment terms are counted with them
        settings["synonyms"] = [list(pair) for pair in config.synonyms]
    return settings


def write_reduced(feedback: Feedback, config: Config, touchpoints: set[str], path: Path) -> None:
    body = _body(feedback, config, touchpoints)
    document = {"format": FORMAT, "version": VERSION, "digest": _digest(body), **body}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_dump(document), encoding="utf-8", newline="\n")


def read_reduced(
    root: Path, config: Config, source: DataSource, touchpoints: set[str], problems: Problems
) -> Feedback | None:
    """The Feedback in a reduced file, or None with the reason in `problems`."""
    path = root / source.path
    text = path.read_bytes().decode("utf-8", errors="replace")
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        problems.add(path, error.lineno, f"not a reduced dataset: {error.msg}", AGAIN, error.colno)
        return None
    except RecursionError:
        problems.add(path, 1, "not a reduced dataset: nested far too deep", AGAIN)
        return None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        problems.add(path, 1, f'not a reduced dataset (no "format": "{FORMAT}")', AGAIN)
        return None
    version = document.get("version")
    if type(version) is not int or version != VERSION:
        why = f": {OLD_VERSIONS[version]}" if version in OLD_VERSIONS else ""
        problems.add(
            path,
            _line_of(text, "version"),
            f"reduced dataset of format version {version!r}; this touchsite reads version "
            f"{VERSION}{why}",
            "reduce the exports with this version of touchsite (or use the touchsite that "
            "wrote the file)",
        )
        return None
    body = {key: value for key, value in document.items() if key not in HEAD}
    if document.get("digest") != _digest(body):
        changed = "the reduced data was changed after it was written"
        problems.add(path, _line_of(text, "digest"), changed, AGAIN)
        return None
    try:
        feedback = _feedback(body)
    except (KeyError, TypeError, ValueError, AttributeError) as error:
        # only a file written by another tool gets here: the digest matched
        problems.add(path, 1, f"reduced dataset not readable: {error!r}", AGAIN)
        return None
    return _checked(feedback, body, text, root, config, source, touchpoints, problems)


def _checked(feedback, body, text, root, config, source, touchpoints, problems) -> Feedback | None:
    """The feedback, if it was reduced for this project's touchpoints and settings."""
    path = root / source.path
    reduced_for = set(body["touchpoints"])
    foreign = sorted(reduced_for - touchpoints)
    if foreign:
        problems.add(
            path,
            _line_of(text, "touchpoints"),
            "the reduced data is for touchpoints this project does not have: " + ", ".join(foreign),
            "is it another project's? Reduce this project's exports with touchsite data reduce",
        )
    missing = sorted(touchpoints - reduced_for)
    if missing:
        problems.add(
            path,
            _line_of(text, "touchpoints"),
            "the data was reduced before these touchpoints were added: " + ", ".join(missing),
            AGAIN,
        )
    now = settings_of(config)
    for key in dict.fromkeys([*body["settings"], *now]):  # one set since: written only then
        value = body["settings"].get(key)
        if now.get(key) != value:
            problems.add(
                root / CONFIG_FILE,
                source.line,
                f"the reduced data was made with {key}: {json.dumps(value)}, touchsite.yml now "
                f"says {json.dumps(now.get(key))}",
                AGAIN,
            )
    return None if foreign or missing or now != body["settings"] else feedback


def _body(feedback: Feedback, config: Config, touchpoints: set[str]) -> dict[str, Any]:
    drivers = feedback.drivers
    return {
        "touchpoints": sorted(touchpoints),
        "settings": settings_of(config),
        "rows": feedback.rows,
        "first_date": _date_text(feedback.first_date),
        "last_date": _date_text(feedback.last_date),
        "responses": dict(feedback.responses),
        "redactions": dict(feedback.redactions),
        "count_columns": COUNT_HEADER,
        "counts": _count_rows(feedback.counts),
        "comment_columns": COMMENT_COLUMNS,
        "comments": [
            [c.touchpoint, c.date.isoformat(), c.segment, c.kpi, _number(c.score), c.text]
            for comments in feedback.comments.values()
            for c in comments
        ],
        "term_columns": TERM_HEADER,
        "terms": [[key, feedback.terms.forms.get(key, "")] for key in _term_keys(feedback)],
        "term_counts": _term_rows(feedback),
        "drivers": [
            {
                "variable": variable,
                "n": drivers.n[i].tolist(),
                "sx": drivers.sx[i].tolist(),
                "sxx": drivers.sxx[i].tolist(),
                "sxy": drivers.sxy[i].tolist(),
            }
            for i, variable in enumerate(drivers.variables)
        ]
        if drivers is not None
        else None,
        "respondent_columns": [GROUP_COLUMNS, PAIR_COLUMNS, PATTERN_COLUMNS],
        "respondent_groups": _rows(feedback.respondents, "groups"),
        "respondent_pairs": _rows(feedback.respondents, "pairs"),
        "respondent_patterns": _pattern_rows(feedback.respondents, sorted(touchpoints)),
        "files": [
            {
                "path": f.path,
                "layout": f.layout,
                "file_type": f.file_type,
                "records": f.records,
                "answers": f.answers,
                "left_out": f.left_out,
                **({"wave": f.wave} if f.wave else {}),  # files of earlier versions have none
                **({"not_real": f.not_real} if f.not_real else {}),  # nor this
                **({"scores_left_out": f.scores_left_out} if f.scores_left_out else {}),
                **({"rows_left_out": f.rows_left_out} if f.rows_left_out else {}),
            }
            for f in feedback.files
        ],
        "quality": [
            {
                "path": q.path,
                "kind": q.kind,
                "message": q.message,
                "hint": q.hint,
                "column": q.column,
                "column_number": q.column_number,
                "rows": q.rows,
                "values": [[v.value, v.rows, list(v.lines), v.hint] for v in q.values],
                "line": q.line,
                # only where set: files reduced before these fields stay as they were
                **(_data_change(q) if q.touchpoint or q.kpi or q.period else {}),
                # the site says it in its language
                **(_sentence(q.message) if isinstance(q.message, Sentence) else {}),
            }
            for q in feedback.quality
        ],
    }


def _feedback(body: dict[str, Any]) -> Feedback:
    if not isinstance(body["settings"], dict) or not all(
        isinstance(touchpoint, str) for touchpoint in body["touchpoints"]
    ):
        raise ValueError("settings or touchpoints are not the ones written")
    if body["count_columns"] != COUNT_HEADER or body["comment_columns"] != COMMENT_COLUMNS:
        raise ValueError("count_columns or comment_columns are not the ones written")
    rows = [
        [touchpoint, period, segment, variant, kpi, int(score), int(n)]
        for touchpoint, period, segment, variant, kpi, scores in body["counts"]
        for score, n in scores
    ]
    for row in rows:
        if row[4] not in KPIS or not PERIOD.match(row[1]) or row[6] <= 0:
            raise ValueError(f"count {row}")
    counts = pd.DataFrame(rows, columns=COUNT_COLUMNS).astype({"score": "int64", "n": "int64"})
    comments: dict[str, list[Comment]] = {}
    for touchpoint, day, segment, kpi, score, text in body["comments"]:
        if kpi is not None and kpi not in KPIS:
            raise ValueError(f"comment kpi {kpi!r}")
        comments.setdefault(touchpoint, []).append(
            Comment(
                touchpoint=str(touchpoint),
                date=dt.date.fromisoformat(day),
                segment=str(segment),
                score=float(score) if score is not None else None,
                kpi=kpi,
                text=str(text),
            )
        )
    return Feedback(
        terms=_terms(body),
        counts=counts if rows else empty_counts(),
        comments=comments,
        rows=int(body["rows"]),
        responses={str(k): int(v) for k, v in body["responses"].items()},
        first_date=_date(body["first_date"]),
        last_date=_date(body["last_date"]),
        redactions={str(k): int(v) for k, v in body["redactions"].items()},
        drivers=_drivers(body["drivers"]),
        respondents=_respondents(body, body["touchpoints"]),
        files=tuple(DataFile(**f) for f in body["files"]),
        quality=tuple(_finding(q) for q in body["quality"]),
    )


def _data_change(q: QualityFinding) -> dict[str, str]:
    return {"touchpoint": q.touchpoint, "kpi": q.kpi, "period": q.period}


def _sentence(message: Sentence) -> dict[str, Any]:
    return {"sentence": {"template": message.template, "values": message.values}}


def _term_keys(feedback: Feedback) -> list[str]:
    terms = feedback.terms
    return [] if terms is None else [str(key) for key in terms.counts["term"].cat.categories]


def _term_rows(feedback: Feedback) -> list[list] | None:
    """A row per touchpoint x period x polarity, with its [term number, n] pairs."""
    if feedback.terms is None:
        return None
    counts = feedback.terms.counts
    rows: list[list] = []
    key = None
    columns = (
        counts["touchpoint"].astype(str).tolist(),
        counts["period"].astype(str).tolist(),
        counts["polarity"].astype(str).tolist(),
        counts["term"].cat.codes.tolist(),
        counts["n"].tolist(),
    )
    for touchpoint, period, polarity, term, n in zip(*columns, strict=True):
        cell = [touchpoint, period, polarity]
        if cell != key:
            key = cell
            rows.append([*cell, []])
        rows[-1][-1].append([term, n])
    return rows


def _terms(body: dict[str, Any]) -> TermCounts | None:
    if body["term_columns"] != TERM_HEADER:
        raise ValueError("term_columns are not the ones written")
    if body["term_counts"] is None:
        return None
    keys = [str(key) for key, _ in body["terms"]]
    rows = [
        (touchpoint, period, polarity, keys[term], int(n))
        for touchpoint, period, polarity, pairs in body["term_counts"]
        for term, n in pairs
    ]
    for row in rows:
        if row[2] not in POLARITIES or not PERIOD.match(row[1]) or row[4] <= 0:
            raise ValueError(f"term count {row}")
    table = pd.DataFrame(rows, columns=TERM_COLUMNS)
    for column in TERM_COLUMNS[:3]:
        table[column] = pd.Categorical(table[column])
    table["polarity"] = table["polarity"].cat.set_categories(POLARITIES)
    table["term"] = pd.Categorical(table["term"], categories=keys)
    forms = {str(key): str(form) for key, form in body["terms"] if form}
    return TermCounts(table.astype({"n": "int64"}), forms)


def _finding(q: dict[str, Any]) -> QualityFinding:
    bad = tuple(
        BadValue(str(v), int(n), tuple(lines), str(hint[0]) if hint else "")
        for v, n, lines, *hint in q["values"]
    )
    fields = {key: value for key, value in q.items() if key != "sentence"}
    if "sentence" in q:
        said = q["sentence"]
        values = {str(key): str(value) for key, value in said["values"].items()}
        fields["message"] = Sentence(str(said["template"]), **values)
    elif q["kind"] in ("scale", "missing"):  # a file reduced before the sentences were kept
        fields["message"] = Sentence.read(str(q["message"]), DATA_CHANGES)
    return QualityFinding(**{**fields, "values": bad})


def _drivers(rows: list[dict] | None) -> DriverMoments | None:
    import numpy as np

    if rows is None:
        return None
    return DriverMoments(
        variables=tuple(str(row["variable"]) for row in rows),
        **{
            name: np.array([row[name] for row in rows], dtype="float64").reshape(
                len(rows), len(rows)
            )
            for name in ("n", "sx", "sxx", "sxy")
        },
    )


def _rows(moments: RespondentMoments | None, name: str) -> list[list] | None:
    if moments is None:
        return None
    table = getattr(moments, name)
    return [[_plain(value) for value in row] for row in table.itertuples(index=False, name=None)]


def _plain(value: Any) -> Any:
    """Text as text, a whole number without its ".0" (the sums are read back as float)."""
    if isinstance(value, str):
        return value
    return _number(float(value))


def _pattern_rows(moments: RespondentMoments | None, touchpoints: list[str]) -> list | None:
    """A pattern's touchpoints as their places in the file's `touchpoints`."""
    if moments is None:
        return None
    place = {touchpoint: number for number, touchpoint in enumerate(touchpoints)}
    return [
        [kpi, [place[tp] for tp in found], int(n)]
        for kpi, found, n in moments.patterns.itertuples(index=False, name=None)
    ]


def _respondents(body: dict[str, Any], touchpoints: list[str]) -> RespondentMoments | None:
    if body["respondent_columns"] != [GROUP_COLUMNS, PAIR_COLUMNS, PATTERN_COLUMNS]:
        raise ValueError("respondent_columns are not the ones written")
    groups, pairs = body["respondent_groups"], body["respondent_pairs"]
    patterns = body["respondent_patterns"]
    if groups is None or pairs is None or patterns is None:
        return None
    for kpi, _places, n in patterns:
        if kpi not in KPIS or type(n) is not int or n <= 0:
            raise ValueError(f"respondent pattern {kpi} {n}")
    found = pd.DataFrame(
        [[kpi, tuple(touchpoints[i] for i in places), n] for kpi, places, n in patterns],
        columns=PATTERN_COLUMNS,
    )
    tables = []
    for rows, columns, text in ((groups, GROUP_COLUMNS, 3), (pairs, PAIR_COLUMNS, 4)):
        for row in rows:
            if len(row) != len(columns) or row[text - 1] not in KPIS:
                raise ValueError(f"respondent sums {row}")
        frame = pd.DataFrame(rows, columns=columns)
        numbers = columns[text:]
        tables.append(frame.astype({name: "float64" for name in numbers}))
    groups_table, pairs_table = tables
    groups_table = groups_table.astype({"respondents": "int64", "answers": "int64"})
    return RespondentMoments(groups_table, pairs_table, found.astype({"respondents": "int64"}))


def _count_rows(counts: pd.DataFrame) -> list[list]:
    """A row per touchpoint x period x segment x variant x KPI, with its [score, n] pairs."""
    rows: list[list] = []
    key = None
    for *cell, score, n in counts[COUNT_COLUMNS].itertuples(index=False, name=None):
        cell = [str(value) for value in cell]
        if cell != key:
            key = cell
            rows.append([*cell, []])
        rows[-1][-1].append([int(score), int(n)])
    return rows


def _number(value: float | None) -> float | int | None:
    """A whole number without its ".0": the file is read back as float all the same."""
    return int(value) if value is not None and value.is_integer() else value


def _date_text(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _date(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text is not None else None


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "), allow_nan=False)


def _dump(document: dict[str, Any]) -> str:
    """The document as JSON, a list's items one a line: a diff shows the records that changed."""
    parts = []
    for key, value in document.items():
        if isinstance(value, list) and value and key not in NOT_SPLIT:
            items = ",\n".join("    " + _compact(item) for item in value)
            value_text = f"[\n{items}\n  ]"
        else:
            value_text = _compact(value)
        parts.append(f"  {json.dumps(key)}: {value_text}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def _digest(body: dict[str, Any]) -> str:
    """A digest of the content, not the bytes: line endings or indentation may change."""
    canonical = json.dumps(body, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def _line_of(text: str, key: str) -> int:
    found = re.search(rf'^\s*"{re.escape(key)}"\s*:', text, re.MULTILINE)
    return text.count("\n", 0, found.start()) + 1 if found else 1


def reduced_source(root: Path, config: Config) -> DataSource | None:
    """The data entry that is a reduced dataset, if one is."""
    return next((s for s in config.data if is_reduced(root / s.path, s)), None)


def load_reduced(
    root: Path, config: Config, source: DataSource, touchpoints: set[str], problems: Problems
) -> Feedback:
    """The feedback of a project whose data is a reduced dataset, which stands alone."""
    for other in config.data:
        if other is not source:
            problems.add(
                root / CONFIG_FILE,
                other.line,
                f"data file '{other.path}' listed with the reduced dataset '{source.path}'",
                "a reduced dataset holds all the exports reduced; list it alone under data:, "
                "or only the exports",
            )
    if not (root / source.path).is_file():
        problems.add(
            root / CONFIG_FILE,
            source.line,
            f"reduced dataset '{source.path}' not found",
            "write it with touchsite data reduce; the path is relative to the project folder",
        )
        return Feedback(empty_counts(), {}, 0, {}, None, None)
    feedback = read_reduced(root, config, source, touchpoints, problems)
    if feedback is None:
        return Feedback(empty_counts(), {}, 0, {}, None, None)
    return _redacted_again(feedback, config.language)


def _redacted_again(feedback: Feedback, language: str) -> Feedback:
    """The feedback with its comments redacted by this touchsite's rules, and what they
    took out counted with what the reduction took: a file reduced by an older touchsite
    may hold personal data that one did not recognise, and the site is published."""
    redact = Redactor(language)
    redact.read_ahead([c.text for sample in feedback.comments.values() for c in sample])
    comments = {
        touchpoint: [
            c if (text := redact(c.text)) == c.text else dataclasses.replace(c, text=text)
            for c in sample
        ]
        for touchpoint, sample in feedback.comments.items()
    }
    if not redact.counts:
        return feedback
    redactions = Counter(feedback.redactions) + redact.counts
    return dataclasses.replace(
        feedback, comments=comments, redactions=dict(sorted(redactions.items()))
    )
