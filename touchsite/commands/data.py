"""`touchsite data inspect FILE`: what an export holds, and a mapping to paste.
`touchsite data reduce`: the data stage's result in one file, to commit instead of exports."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from touchsite.errors import Problems, UserError, raise_if_strict
from touchsite.load.config import CONFIG_FILE
from touchsite.load.sources import EXCEL, UNIX

if TYPE_CHECKING:
    from touchsite.kpi import Scale

NAME_WIDTH = 44


def _in_project(path: Path, root: Path) -> str:
    """`path` as touchsite.yml names it: from the project's folder, where it lies inside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def run_inspect(
    file: Path | str,
    project: Path | None,
    layout: str | None,
    sheet: str | None,
    encoding: str | None,
    separator: str | None,
    header_rows: int | None = None,
) -> None:
    from touchsite.load.inspect import inspect_file, mapped_format, mapping_snippet, proposed_layout
    from touchsite.load.privacy import Redactor
    from touchsite.load.reduced import is_reduced
    from touchsite.load.sources import database_table
    from touchsite.models import DataSource

    # a database's table (postgres:schema.table), named as in touchsite.yml's messages
    engine, table = database_table(str(file)) or ("", "")
    file = Path(file) if table else Path(file).resolve()
    root = (project or (None if table else _project_of(file)) or Path.cwd()).resolve()
    touchpoints, ces_scale, binary, language = _project_touchpoints(root)
    # the examples printed are redacted as the site's comments are: a terminal's scrollback,
    # a pasted issue or a screen shared are published too
    redact = Redactor(language)
    privacy_given = _has_privacy(root)
    source = DataSource(
        str(file) if table else file.name,
        1,
        format=layout or "",
        sheet=sheet or "",
        encoding=encoding or "",
        separator=separator or "",
        header_rows=header_rows or 0,
        engine=engine,
        table=table,
    )
    data_path = str(file) if table else _in_project(file, root)
    if not table and is_reduced(file, source):
        raise UserError(
            "is touchsite's reduced data (`touchsite data reduce` wrote it), not an export: "
            "nothing in it is to be mapped",
            f"name it under data: in touchsite.yml (- path: {data_path}) to build from it "
            "alone, with no other data file",
            file,
        )
    inspection = inspect_file(file, source)
    shape = inspection.shape
    shape.layout = mapped_format(shape, proposed_layout(inspection, touchpoints))
    click.echo(f"{data_path}")
    click.echo(f"  format:  {shape.describe()}")
    click.echo(f"           {_detected(shape)}")
    if len(shape.sheets) > 1:
        names = ", ".join(f"'{name}'" for name in shape.sheets)
        chosen = "as given" if sheet else "the one with the most data"
        click.echo(f"  sheets:  {names}: '{shape.sheet}' read, {chosen} (--sheet reads another)")
    rows = f"{inspection.filled:,}" + ("" if inspection.complete else " (a sample: the first rows)")
    if inspection.not_real:
        rows += (
            f"; {inspection.not_real:,} not described, marked as a preview, a test, spam, "
            "screened out or deleted (a build leaves them out)"
        )
    if inspection.stray:
        listed = ", ".join(f"{row} ({_short(said, 30)!r})" for row, said in inspection.stray[:3])
        more = ", ..." if len(inspection.stray) > 3 else ""
        rows += (
            f"; {len(inspection.stray):,} "
            + ("totals row or note" if len(inspection.stray) == 1 else "totals rows or notes")
            + f", no response, in data rows "
            f"{listed}{more} (a build leaves them out)"
        )
    click.echo(f"  rows:    {rows}")
    click.echo("")
    click.echo(f"  {'#':>3}  {'column':<{NAME_WIDTH}}  {'type':<7}  values")
    for column in inspection.columns:
        name = _short(column.name, NAME_WIDTH)
        values = _values(column, redact)
        click.echo(f"  {column.index + 1:>3}  {name:<{NAME_WIDTH}}  {column.kind:<7}  {values}")
        if column.text:
            click.echo(f"  {'':>3}  {_short(column.text, 72)}")
    click.echo("")
    if touchpoints:
        click.echo(f"Mapping for {root / CONFIG_FILE} (check it, then paste it under data:):")
    else:
        click.echo(
            "Mapping for touchsite.yml (no project found: touchpoints could not be matched):"
        )
    click.echo("")
    snippet = mapping_snippet(inspection, data_path, touchpoints, ces_scale, privacy_given, binary)
    click.echo(snippet, nl=False)


def run_reduce(project: Path, output: Path | None, strict: bool = False) -> None:
    from touchsite.commands.build import _say_warnings
    from touchsite.load.content import touchpoint_file_ids
    from touchsite.load.feedback import load_feedback
    from touchsite.load.quality import as_problems
    from touchsite.load.reduced import DEFAULT_PATH, reduced_source, write_reduced
    from touchsite.project import load_project

    root = project.resolve()
    built, problems = load_project(root)
    config = built.config
    already = reduced_source(root, config)
    if already is not None:
        raise UserError(
            f"data: names the reduced dataset '{already.path}', not the exports to reduce",
            "list the survey exports under data: to reduce them, then the reduced file again",
            CONFIG_FILE,
            already.line,
        )
    if not config.data:
        raise UserError(
            "data: lists no survey exports to reduce",
            "list them under data: (see touchsite data inspect)",
            CONFIG_FILE,
        )
    # the same touchpoints a build matches the answers with (touchsite.pipeline.check)
    known = {tp.id for tp in built.touchpoints} | touchpoint_file_ids(root)
    feedback = load_feedback(root, config, known, problems)
    problems.raise_if_any()
    # rows left out are warnings, as in a build (errors under strict: true)
    warnings = as_problems(feedback.quality)
    raise_if_strict(warnings, strict or config.strict)
    _say_warnings(warnings)
    target = output if output is not None else root / DEFAULT_PATH
    write_reduced(feedback, config, known, target)
    shown = _in_project(target.resolve(), root)
    comments = sum(len(c) for c in feedback.comments.values())
    click.echo(
        f"Wrote {shown}: {feedback.rows:,} answers reduced to {len(feedback.counts):,} counts, "
        f"{comments:,} redacted comment{'s' if comments != 1 else ''}."
    )
    click.echo(f"Name it under data: in touchsite.yml (- path: {shown}) to build from it alone.")


def _project_of(file: Path) -> Path | None:
    for folder in file.parents:
        if (folder / CONFIG_FILE).is_file():
            return folder
    return None


def _project_touchpoints(root: Path) -> tuple[dict[str, str], Scale | None, bool, str]:
    """The project's touchpoints, its CES scale, whether it has a binary KPI, and its
    language (English without a project)."""
    from touchsite.load.config import load_config
    from touchsite.load.content import load_touchpoints

    if not (root / CONFIG_FILE).is_file():
        return {}, None, False, "en"
    problems = Problems(root)
    config = load_config(root, problems)
    touchpoints = {tp.id: tp.title for tp in load_touchpoints(root, problems)}
    language = config.language if config else "en"
    ces_scale = config.ces_scale if config else None
    return touchpoints, ces_scale, bool(config and config.binary), language


def _has_privacy(root: Path) -> bool:
    config = root / CONFIG_FILE
    if not config.is_file():
        return False
    text = config.read_text(encoding="utf-8", errors="replace")
    return any(line.startswith("privacy:") for line in text.splitlines())


def _detected(shape) -> str:
    parts = []
    if shape.kind == "csv":
        separator = {"\t": "tab"}.get(shape.separator, shape.separator)
        parts += [f"encoding: {shape.encoding}", f"separator: {separator}"]
        if shape.bom:
            parts.append("byte-order mark")
    if shape.kind == "xlsx":
        parts.append(f"sheet: {shape.sheet}")
    if shape.kind in ("csv", "xlsx"):
        parts.append(f"{shape.header_rows} header row{'s' if shape.header_rows != 1 else ''}")
    detected = sorted(shape.detected)
    if detected:
        parts.append("detected: " + ", ".join(detected))
    return "; ".join(parts)


SCALE_NAMES = {
    "0-10": "scale 0-10 (as NPS)",
    "1-10": "scale 1-10",
    "1-5": "Likert 1-5",
    "1-7": "Likert 1-7",
    "0-5": "scale 0-5 (0 = not used?)",
}


# Columns whose texts are written by the client's people, never proposed as customers'
# comments: a reply to a review opens with the customer's name ("Liebe Frau Kowalczyk"),
# notes name customers and colleagues, and names are not redacted
NOT_SHOWN = {
    "reply": "the company's replies",
    "name": "the client's notes",
    # nothing under its name in a tool's further header rows: the client's people added it
    "header rows": "a column added to the export",
}


def _values(column, redact) -> str:
    from touchsite.load.inspect.profiles import averaged, rating_not_nps
    from touchsite.load.mapping.scores import leading_number

    if column.kind == "empty":
        return "(no values)"
    if column.kind == "date":
        written = column.date_format
        if written == EXCEL:
            written = "a spreadsheet's day numbers"
        elif written == UNIX:
            written = "Unix time, the day in UTC"
        read = f"{column.first_date} .. {column.last_date}  (read as {written}"
        if "%d" not in written and column.date_format not in (EXCEL, UNIX):
            return read + "; a month alone is read as its first day)"
        if column.other_date_order:
            return read + f"; or {column.other_date_order}: no day after the 12th)"
        if column.either_date_order:
            return read + f"; or {column.either_date_order}: each day its month's number)"
        return read + ")"
    distinct = f"{len(column.distinct)}{'+' if column.more_distinct else ''} distinct"
    if column.personal:  # who answered: neither examples nor a range
        return f"{distinct}  (examples not shown: personal data)"
    if column.kind == "nested":  # JSON text, customers' answers inside: neither read nor shown
        return f"{distinct}  (nested answers, as JSON: not read)"
    if column.added in NOT_SHOWN:  # texts of the client's people, who may name customers
        return f"{distinct}  (examples not shown: {NOT_SHOWN[column.added]})"
    examples = ", ".join(_short(redact(v), 24) for v in column.examples())
    if column.kind == "binary":
        text = "yes/no: proposed as the binary KPI"
    elif column.kind == "number":
        low, high = column.numbers[0], column.numbers[-1]
        text = f"{low:.15g}..{high:.15g}"  # an id of nine digits whole
    elif column.coded:
        codes = [leading_number(value) for value in column.labels]
        text = f"{min(codes):g}..{max(codes):g}: {column.coded}, read as 1-5"
    elif column.kind == "labels":
        text = f"labels, {distinct}"
    else:
        text = distinct
    if column.mixed:
        text += f"; mixed scale: {column.mixed} (not mapped: a scale changed)"
    elif averaged(column):
        text += "; decimals: a mean of ratings, no scale's answer (not mapped)"
    elif column.scale in SCALE_NAMES and not column.coded:
        # a rating on 0-10 that asks no recommendation: its scale, not the NPS's
        name = SCALE_NAMES[column.scale]
        if column.scale == "0-10" and rating_not_nps(column):
            name = "scale 0-10"
        text += f"; {name}"
    if column.not_used:
        text += "; not used: " + ", ".join(column.not_used)
    return f"{text}  e.g. {examples}"


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
