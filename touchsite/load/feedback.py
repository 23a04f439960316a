"""Read feedback data and reduce it to answer counts while it is read.

Every file, whatever its format (formats.py), becomes rows of the long table (mapping.py),
which are checked (quality.py) and reduced a chunk at a time: raw rows never leave this
module, and never sit in memory all at once. What remains (reducer.py) is a table of counts
per touchpoint x month x segment x variant x KPI x score, the moments key-driver analysis
needs, a redacted sample of comments per touchpoint, and an account of every row left out.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Callable, Generator, Iterator
from contextlib import closing
from pathlib import Path

import pandas as pd

from touchsite.errors import Problems, UserError
from touchsite.load.config import CONFIG_FILE
from touchsite.load.engines import engine_of, scan
from touchsite.load.engines import release as release_engines
from touchsite.load.formats import (
    LAYOUT_TITLES,
    RawChunk,
    Reader,
    detect,
    open_reader,
    release_workbook,
)
from touchsite.load.mapping import LONG_COLUMNS, normal, plan, to_long
from touchsite.load.mapping.long_table import CommentsAhead, Rereading
from touchsite.load.privacy import Redactor
from touchsite.load.progress import Progress
from touchsite.load.quality import Findings, check_rows
from touchsite.load.reduced import load_reduced, reduced_source
from touchsite.load.reducer import Reducer, give_back_freed_memory
from touchsite.load.sources import DATABASES
from touchsite.models import (
    OVERALL,
    Config,
    DataFile,
    Feedback,
)

COLUMNS = LONG_COLUMNS
NO_ANSWERS = "the file holds no answers"


def load_feedback(
    root: Path,
    config: Config,
    touchpoint_ids: set[str],
    problems: Problems,
    progress: Progress | None = None,
) -> Feedback:
    reduced = reduced_source(root, config)
    if reduced is not None:
        return load_reduced(root, config, reduced, touchpoint_ids, problems)
    touchpoints = sorted(touchpoint_ids | {OVERALL})
    # A comments' worker started for the reading ends with it, however it ends (a user's
    # mistake, a bug, Ctrl-C, no answers): a preview's failed builds leave no process behind.
    with Reducer(touchpoints, config) as reducer:
        try:
            feedback = _read(
                root, config, touchpoint_ids, problems, progress or Progress(), reducer
            )
        finally:
            release_workbook()  # one detected, then not read: its mapping has mistakes
    # The analysis and the render fork from this process, and a forked process's resident
    # pages start as this one's: what the reading freed goes back to the system first.
    del reducer
    give_back_freed_memory()
    return feedback


def _read(
    root: Path,
    config: Config,
    touchpoint_ids: set[str],
    problems: Problems,
    progress: Progress,
    reducer: Reducer,
) -> Feedback:
    """Every data file read into `reducer`, and the feedback it reduced them to."""
    scales = _scales(config)
    touchpoints = reducer.touchpoints
    findings = Findings(touchpoint_ids)
    lines: dict[str, dict[int, int]] = {}
    files = []
    comment_columns: set[str] = set()
    for number, source in enumerate(config.data):
        path = root / source.path
        engine = engine_of(path, source)
        if not (engine in DATABASES or path.is_file() or (path.is_dir() and engine != "pandas")):
            problems.add(
                root / CONFIG_FILE,
                source.line,
                f"data file '{source.path}' not found",
                "check the path; it is relative to the project folder",
            )
            continue
        name = problems.relative(path)
        try:
            # scan names a table that pandas would leave unread
            scanned = (
                None if engine == "pandas" and not source.table else scan(path, source, engine)
            )
            shape = detect(path, source) if scanned is None else scanned.shape
        except UserError as error:
            _report(error, root / CONFIG_FILE, source.line, problems)
            continue
        if shape.empty:
            hint = shape.with_sheets("export the survey again")
            findings.file_problem(name, NO_ANSWERS, hint, 1)
            files.append(DataFile(name, "", "", 0, 0, 0))
            continue
        mapped = plan(
            source,
            shape,
            scales,
            config.privacy,
            touchpoint_ids,
            root / CONFIG_FILE,
            problems,
            answer_words(config),
        )
        if mapped is None:  # its problems are reported; its comment columns are still named
            named = [*source.comment, *(c for tp in source.touchpoints for c in tp.comments)]
            comment_columns |= {normal(column) for column in named}
            continue
        comment_columns |= {normal(column) for column in mapped.comment_columns}
        reader = open_reader(shape, progress) if scanned is None else scanned.reader(progress)
        reducer.start_file(number, name, _size(path) if mapped.comment_columns else 0, source.wave)
        counted = None
        chunks = _Chunks(reader.chunks(mapped.needed()))
        again = _rereading(reader, chunks.more)
        comments_ahead = CommentsAhead(chunks.peek)
        try:
            for raw in chunks:
                chunk = to_long(raw, mapped, again, comments_ahead)
                if scanned is not None and counted is None:
                    counted = scanned.counts(mapped, touchpoints, scales) or False
                    if counted:
                        reducer.add_counts(counted[0])
                checked = check_rows(chunk, mapped, name, touchpoints, scales, findings)
                # how far the file goes on decides whether a worker takes its comments
                ahead = reader.ahead(chunks.held())
                reducer.add(chunk, checked, mapped, findings, bool(counted), ahead)
            if counted and counted[1] != reducer.file_answers + reducer.file_repeats:
                raise UserError(
                    f"{engine} kept {counted[1]} rows, touchsite's checks "
                    f"{reducer.file_answers + reducer.file_repeats}: they read some answers "
                    "differently",
                    "write engine: pandas in this data entry, and tell us which values differ",
                    path,
                )
        except UserError as error:
            _report(error, root / CONFIG_FILE, source.line, problems)
            findings.forget(name)
            continue
        finally:
            chunks.close()
        findings.check_scales(name, mapped, touchpoints, scales)
        findings.check_comments(name, mapped, touchpoints)
        ragged = sum(reader.ragged.values())
        if reader.records == mapped.blank and not ragged:  # none, or empty rows alone
            hint = shape.with_sheets("export the survey again")
            findings.file_problem(name, NO_ANSWERS, hint, shape.header_lines)
        lines[name], ragged_lines = reader.lines(findings.records_of(name), min(ragged, 50))
        findings.ragged(name, len(shape.columns), ragged_lines, reader.ragged, shape.kind == "xlsx")
        findings.bad_bytes(name, shape.bad_lines)
        files.append(
            DataFile(
                name,
                LAYOUT_TITLES[shape.layout],
                shape.file_type(),
                reader.records - mapped.blank + ragged,
                reducer.file_answers,
                reducer.file_left_out + ragged + mapped.stray,
                source.wave,
                mapped.not_real,
                reducer.file_scores_left_out,
                ragged + mapped.stray,
            )
        )
    _check_privacy(config, comment_columns, root, problems)
    if config.binary is None and reducer.has_binary:
        problems.add(
            root / CONFIG_FILE,
            config.kpis_line,
            "the data holds yes/no (binary) answers, but touchsite.yml does not declare them",
            'add kpis: binary: {label: "Would recommend"} with the question\'s name on the site',
        )
    if config.ces_scale is None and reducer.has_ces:
        problems.add(
            root / CONFIG_FILE,
            config.kpis_line,
            "the data holds CES answers, but touchsite.yml gives no valid CES scale",
            "add kpis: ces_scale: {min: 1, max: 7, higher_is_better: true} (or the scale asked)",
        )
    release_engines()
    feedback = reducer.feedback(Redactor(config.language))
    return dataclasses.replace(
        feedback, files=tuple(files), quality=findings.finish(lines, config.language)
    )


class _Chunks:
    """A reader's chunks, of which the next can be read ahead (`more`). Closed, the reader's
    file is: a failing build's is not left open until the traceback that holds this is
    collected (a preview's failing rebuilds kept one file each)."""

    def __init__(self, chunks: Iterator[RawChunk]) -> None:
        self.chunks = chunks
        self.ahead: list[RawChunk] = []

    def close(self) -> None:
        if isinstance(self.chunks, Generator):  # every reader's chunks are
            self.chunks.close()
        self.ahead = []

    def __iter__(self) -> Iterator[RawChunk]:
        while self.more():
            yield self.ahead.pop()

    def more(self) -> bool:
        """Whether a chunk comes after those handed out: read ahead if need be."""
        if not self.ahead:
            self.ahead.extend(itertools.islice(self.chunks, 1))
        return bool(self.ahead)

    def peek(self) -> RawChunk | None:
        """The next chunk, read ahead and not handed out; None after the last."""
        return self.ahead[-1] if self.more() else None

    def held(self) -> int:
        """The records read ahead and not handed out."""
        return sum(chunk.length for chunk in self.ahead)


def _rereading(reader: Reader, more: Callable[[], bool]) -> Rereading:
    """The file's records read again, as to_long asks where its first chunk's dates leave
    their format open: by a reader of their own (`reader.again`), with no progress shown.
    Where `more` says the first chunk was the file's only one, there is nothing more to
    read: its dates were all the file has (a workbook's second reading took a quarter of
    its build)."""

    def again(needed: list[int]) -> Iterator[RawChunk]:
        if not more():
            return
        yield from reader.again(Progress(enabled=False)).chunks(needed)

    return again


def _report(error: UserError, config_path: Path, line: int, problems: Problems) -> None:
    """A file that cannot be read at all (a damaged XLSX has no lines) is named at its data
    entry, the line to change if the entry points at the wrong file or format."""
    for problem in error.problems:
        if problem.line is None and problem.path:
            name = problems.relative(problem.path)
            problems.add(config_path, line, f"{name}: {problem.message}", problem.hint)
        else:
            problems.extend(UserError.of([problem]))


def _size(path: Path) -> int:
    """A data file's bytes, or a folder's (a dataset in parts); a database's table: none known."""
    if path.is_file():
        return path.stat().st_size
    if not path.is_dir():
        return 0
    return sum(part.stat().st_size for part in path.rglob("*") if part.is_file())


def _scales(config: Config) -> dict[str, tuple[int, int]]:
    """Each KPI's valid answers; an unstated CES scale accepts 1-7 and is reported above."""
    return {kpi: (k.answer_scale.low, k.answer_scale.high) for kpi, k in config.kpis.items()}


def answer_words(config: Config) -> dict[str, dict[str, float]]:
    """The words each KPI reads as answers before any mapping's labels (yes and no)."""
    return {kpi: dict(k.answer_labels) for kpi, k in config.kpis.items() if k.answer_labels}


def _check_privacy(config: Config, seen: set[str], root: Path, problems: Problems) -> None:
    allowed = config.privacy.comment_columns
    for name in allowed or ():
        if normal(name) not in seen:
            problems.add(
                root / CONFIG_FILE,
                config.privacy.line,
                f"privacy: comment_columns names '{name}', no data file's comment column",
                "name a column mapped as comment (a long table's is called comment)",
            )


def read_long_table(
    root: Path,
    config: Config,
    source,
    touchpoint_ids: set[str],
    problems: Problems,
) -> pd.DataFrame | None:
    """One file as the long table's text, before any check: what every format reads into."""
    path = root / source.path
    shape = detect(path, source)
    mapped = plan(
        source,
        shape,
        _scales(config),
        config.privacy,
        touchpoint_ids,
        root / CONFIG_FILE,
        problems,
        answer_words(config),
    )
    if mapped is None:
        release_workbook()
        return None
    reader = open_reader(shape)
    frames = []
    with closing(_Chunks(reader.chunks(mapped.needed()))) as chunks:
        again = _rereading(reader, chunks.more)
        for raw in chunks:
            chunk = to_long(raw, mapped, again)
            frame = pd.DataFrame({name: chunk.text(name) for name in COLUMNS})
            frame.insert(0, "record", chunk.records)
            frames.append(frame)
    if not frames:
        return pd.DataFrame(columns=["record", *COLUMNS])
    return pd.concat(frames, ignore_index=True)
