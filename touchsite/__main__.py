"""The command line. Each command's work lives in touchsite.commands, imported lazily."""

from __future__ import annotations

import atexit
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import click

from touchsite import __version__, native
from touchsite.errors import UserError
from touchsite.load.layout_names import LAYOUTS

PROJECT = click.argument(
    "project", type=click.Path(file_okay=False, path_type=Path), default=".", required=False
)


class Commands(click.Group):
    """Every command's user errors are reported here, the same way: each problem as
    `path:line:col: error: message` with its hint, a count, and exit status 1. Any other
    exception is a bug and keeps its traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as error:
            report(error)
            ctx.exit(1)


def report(error: UserError) -> None:
    for problem in error.problems:
        click.echo(str(problem), err=True)
    count = len(error.problems)
    click.secho(
        f"{count} problem{'s' if count != 1 else ''} found; nothing was written.",
        fg="red",
        err=True,
    )


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="touchsite")
def cli() -> None:
    """Compile customer-journey touchpoints and survey feedback into a static report site.

    A project is a folder with touchsite.yml, content/touchpoints/*.md,
    content/recommendations/*.md, content/pages/*.md and data/*.csv.
    """
    # Checked before any library reads it: numpy's f2py fails on import with a traceback.
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch and not epoch.strip().isdigit():
        raise UserError(
            f"SOURCE_DATE_EPOCH is '{epoch}', not a number of seconds",
            "set it to a Unix time such as $(git log -1 --format=%ct), or unset it",
        )


STRICT = click.option(
    "--strict",
    is_flag=True,
    help="Fail on warnings too: links that do not resolve, data rows left out "
    "(strict: true in touchsite.yml does the same for every run).",
)


@cli.command()
@PROJECT
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help=(
        "Output folder (default: PROJECT/site): new, empty or a site touchsite built, in a "
        "folder you may write."
    ),
)
@STRICT
@click.option(
    "--compare",
    "compare_with",
    metavar="REV",
    help="Add a changes page against git revision REV (default: compare_with in touchsite.yml).",
)
def build(project: Path, output: Path | None, strict: bool, compare_with: str | None) -> None:
    """Build the report site into PROJECT/site (or --output)."""
    from touchsite.commands.build import run_build

    run_build(project, output, strict, compare_with)


@cli.command(short_help="Check a project for problems without writing anything.")
@PROJECT
@STRICT
def check(project: Path, strict: bool) -> None:
    """Check a project for problems (links included) without writing anything."""
    from touchsite.commands.build import run_check

    run_check(project, strict)


@cli.command(short_help="Show what changed between two git revisions.")
@click.argument("rev_a")
@click.argument("rev_b", required=False)
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="The project folder (default: the current folder).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown"]),
    default="text",
    help="text for the terminal (default), json for machines, markdown for a pull-request comment.",
)
def diff(rev_a: str, rev_b: str | None, project: Path, output_format: str) -> None:
    """Show what changed between git revisions REV_A and REV_B (default: the working tree).

    Everything the client map holds is compared: touchsite.yml's settings (KPI targets,
    analysis), phases, channels and personas; touchpoints, recommendations, journeys (their
    steps added, removed, moved, reordered) and opportunities, added, removed, renamed (found
    by content) or edited; and every KPI figure that moved, with the site's tests.
    """
    from touchsite.commands.diff import run_diff

    run_diff(project, rev_a, rev_b, output_format)


@cli.command(short_help="Start a new project: the example client, blank, or from a journey.")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--no-workflow",
    is_flag=True,
    help="Do not write the GitHub workflows (.github/workflows/pages.yml publishes the site, "
    "review.yml comments on pull requests).",
)
@click.option(
    "--language",
    default="de",
    show_default=True,
    help="The example client's language, or a blank project's: de (German) or en (English).",
)
@click.option(
    "--blank",
    is_flag=True,
    help="Start blank: one phase, one channel, one touchpoint and a README, no example client.",
)
@click.option(
    "--from",
    "source",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Start from a journey instead of the example: a Mermaid journey (.mmd, .mermaid, "
    "or .md with a mermaid block) or a CSV of steps (columns phase, step, ...).",
)
def init(
    directory: Path, no_workflow: bool, language: str, blank: bool, source: Path | None
) -> None:
    """Start a new project in DIRECTORY from the example client (or blank, or a journey with
    --from). It asks nothing and prints the next commands."""
    from touchsite.commands.init import run_init

    run_init(directory, not no_workflow, language, source, blank)


@cli.command()
@PROJECT
@click.option("--journey", "journey_id", metavar="ID", help="Only this journey (default: all).")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["mermaid", "csv"]),
    default="mermaid",
    show_default=True,
    help="mermaid: a `journey` diagram; csv: one row per step.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE (default: print). Mermaid into a .md file comes in ```mermaid blocks.",
)
@click.option(
    "--no-figures",
    is_flag=True,
    help="CSV: leave out the score and the KPI columns, which come from the data; the rest is "
    "what touchsite init --from reads back without loss.",
)
def export(
    project: Path,
    journey_id: str | None,
    output_format: str,
    output: Path | None,
    no_figures: bool,
) -> None:
    """Export journeys as Mermaid `journey` diagrams or as CSV.

    Several Mermaid journeys come out as fenced ```mermaid blocks, ready to paste into a
    README; one journey comes out bare, as a .mmd file wants it. CSV has a row per step with
    its touchpoints (titles, channels, expected emotions, lanes), texts, pain points and needs
    with their evidence, opportunities and figures; `touchsite init --from` reads it back.
    """
    from touchsite.commands.export import run_export

    run_export(project, journey_id, output_format, output, figures=not no_figures)


@cli.command(short_help="Build the site and publish it on a branch (gh-pages).")
@PROJECT
@click.option("--remote", default="origin", show_default=True, help="The remote to push to.")
@click.option(
    "--branch", default="gh-pages", show_default=True, help="The branch that holds the site."
)
@click.option(
    "-m", "--message", help="The commit message (default: names the source commit and version)."
)
@click.option("--no-push", is_flag=True, help="Commit to the branch but do not push it.")
@click.option("--force", is_flag=True, help="Push with --force, replacing the remote branch.")
@STRICT
def deploy(
    project: Path,
    remote: str,
    branch: str,
    message: str | None,
    no_push: bool,
    force: bool,
    strict: bool,
) -> None:
    """Build the site and commit it to a branch (gh-pages) of PROJECT's git repository, then push.

    Your working tree, index and current branch are left as they are.
    """
    from touchsite.commands.deploy import run_deploy

    run_deploy(project, remote, branch, message, no_push, force, strict)


@cli.group()
def data() -> None:
    """Inspect survey exports, or reduce them to one file to commit."""


def _deprecated_format(ctx: click.Context, param: click.Parameter, value: str | None):
    # --format is the output format in every other command; here it used to be the layout.
    if value is not None:
        click.echo("warning: --format is deprecated here; use --layout instead.", err=True)
    return value


class _Source(click.ParamType):
    """An export's path, or a database's table named as in messages (postgres:schema.table)."""

    name = "file"
    _file = click.Path(exists=True, dir_okay=False, path_type=Path)

    def convert(self, value, param, ctx):
        from touchsite.load.sources import database_table

        if isinstance(value, str) and database_table(value):
            return value
        return self._file.convert(value, param, ctx)


@data.command("inspect", short_help="Show an export's format and columns, and a mapping.")
@click.argument("file", type=_Source())
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    help="The project whose touchpoints to match (default: the one FILE is in).",
)
@click.option(
    "--layout",
    type=click.Choice(LAYOUTS),
    help="The export's layout, if detection gets it wrong.",
)
@click.option(
    "--format", "old_layout", type=click.Choice(LAYOUTS), hidden=True, callback=_deprecated_format
)
@click.option(
    "--sheet",
    help="XLSX, XLS, ODS: the worksheet (default: the one with the most data, written as sheet:).",
)
@click.option("--encoding", help="CSV: the text encoding, e.g. cp1252 (default: detected).")
@click.option("--separator", help="CSV: the field separator, e.g. ';' (default: detected).")
@click.option(
    "--header-rows",
    type=click.IntRange(1, 9),
    help="How many header rows the export has (default: detected).",
)
def inspect(
    file: Path | str,
    project: Path | None,
    layout: str | None,
    old_layout: str | None,
    sheet: str | None,
    encoding: str | None,
    separator: str | None,
    header_rows: int | None,
) -> None:
    """Show FILE's format and columns, and print a mapping for touchsite.yml.

    FILE may also be a PostgreSQL table or view, written postgres:schema.table; the
    environment names its database (PGHOST, PGDATABASE, PGUSER ...), as for a build."""
    from touchsite.commands.data import run_inspect

    run_inspect(file, project, layout or old_layout, sheet, encoding, separator, header_rows)


@data.command("reduce", short_help="Reduce the exports to one file to commit instead.")
@PROJECT
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The reduced dataset (default: PROJECT/data/reduced.touchsite.json).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Fail on data rows left out too (strict: true in touchsite.yml does the same for "
    "every run).",
)
def reduce(project: Path, output: Path | None, strict: bool) -> None:
    """Reduce PROJECT's survey exports to what the site shows, in one file to commit.

    The file holds answer counts, the moments of the drivers analysis, the redacted comment
    sample and the data-quality summary; no raw answer. Name it under data: in touchsite.yml
    to build from it alone, and keep the exports out of git. Data rows left out are warnings,
    as in a build.
    """
    from touchsite.commands.data import run_reduce

    run_reduce(project, output, strict)


@cli.command(short_help="Preview the site, rebuilding and reloading on every change.")
@PROJECT
@click.option(
    "-p",
    "--port",
    type=click.IntRange(0, 65535),
    metavar="PORT",
    default=8000,
    show_default=True,
    help="Port on 127.0.0.1 (0: any free one).",
)
def serve(project: Path, port: int) -> None:
    """Preview the site at http://127.0.0.1:PORT/, rebuilding and reloading on every change."""
    from touchsite.commands.serve import run_serve

    run_serve(project, port)


@cli.command()
@PROJECT
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The PDF file (default: PROJECT/report.pdf).",
)
def pdf(project: Path, output: Path | None) -> None:
    """Print the report (report.html) to a PDF with headless Chromium."""
    from touchsite.commands.pdf import run_pdf

    run_pdf(project, output)


@contextlib.contextmanager
def _interrupted_by_signals() -> Iterator[None]:
    """SIGTERM (`kill`) and SIGHUP (a closed terminal) unwind a command the way Ctrl+C does,
    and it exits with 128 + the signal's number, as a shell reports it. Python's default for
    them ends the process at once, so the temporary folders of a preview, a build's search
    index or a `--compare` build (an old revision's data, unredacted) would stay behind, and
    Pagefind would run on. A second one while the command unwinds is ignored: it would cut
    that clean-up short (SIGKILL still ends it)."""

    ours = os.getpid()

    def interrupt(signum: int, frame: object) -> None:
        if os.getpid() != ours:  # a forked worker, ended by the build: as by default
            signal.signal(signum, signal.SIG_DFL)
            os.kill(os.getpid(), signum)
        for number in wanted:
            signal.signal(number, signal.SIG_IGN)
        raise SystemExit(128 + signum)

    wanted = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {number: signal.signal(number, interrupt) for number in wanted}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def main() -> None:
    """Run a command, then leave without freeing the heap object by object.

    After a large build, the interpreter's own teardown frees hundreds of megabytes of small
    objects one at a time: half a second of waiting that writes nothing. The exit handlers
    (temporary folders, child processes) still run, and the output is flushed first.
    """
    native.configure()  # before a command imports numpy or Arrow
    try:
        with _interrupted_by_signals():
            cli()
        status = 0
    except SystemExit as end:
        status = end.code if isinstance(end.code, int) else 0 if end.code is None else 1
        if not isinstance(end.code, int | None):
            print(end.code, file=sys.stderr)
    if threading.active_count() > 1:  # someone else's thread: let the interpreter join it
        sys.exit(status)
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (`touchsite ... | head`): Python's own exit says 120
        status = status or 120
    os._exit(status)


if __name__ == "__main__":
    main()
