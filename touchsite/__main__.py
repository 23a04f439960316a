"""The command line. Each command's work lives in touchsite.commands, imported lazily."""

from __future__ import annotations

from pathlib import Path

import click

from touchsite import __version__

PROJECT = click.argument(
    "project", type=click.Path(file_okay=False, path_type=Path), default=".", required=False
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="touchsite")
def cli() -> None:
    """Compile customer-journey touchpoints and survey feedback into a static report site.

    A project is a folder with touchsite.yml, content/touchpoints/*.md,
    content/recommendations/*.md, content/pages/*.md and data/*.csv.
    """


@cli.command()
@PROJECT
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: PROJECT/site).",
)
def build(project: Path, output: Path | None) -> None:
    """Build the report site into PROJECT/site (or --output)."""
    from touchsite.commands.build import run_build

    run_build(project, output)


@cli.command()
@PROJECT
def check(project: Path) -> None:
    """Check a project for problems without writing anything."""
    from touchsite.commands.build import run_check

    run_check(project)


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
def init(directory: Path) -> None:
    """Start a new project in DIRECTORY from the example client."""
    from touchsite.commands.init import run_init

    run_init(directory)


def main() -> None:
    cli()


if __name__ == "__main__":
    main()
