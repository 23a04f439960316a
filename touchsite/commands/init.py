"""`touchsite init DIR [--language de|en] [--blank | --from FILE]`: start a new project folder.

It copies the example client; with --blank it writes the smallest project (one phase, one
channel, one touchpoint, a README for the client's repository); with --from it builds the
project from a journey: a Mermaid `journey` (.mmd, .mermaid, Markdown with a mermaid block)
or a CSV of steps. It asks nothing, so it runs the same in a script.
"""

from __future__ import annotations

import shlex
import shutil
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

import click

from touchsite.errors import Problems, UserError
from touchsite.example_data import write_example_data
from touchsite.interop import ImportedJourney, read_import, write_project
from touchsite.resources import EXAMPLE_LANGUAGES, example_project

COPIED = ("touchsite.yml", "content", "data", "assets")
WORKFLOWS = Path(".github", "workflows")
# Publishing from the default branch, and reviewing a pull request (a comment with what
# changed for the client, the built site as an artifact).
WORKFLOW_FILES = ("pages.yml", "review.yml")
# The site and the folders a build writes it in first; and, commented out, how to keep the raw
# survey exports out of git once the reduced data is committed in their place.
GITIGNORE = """/site/
/.site-*/
# Raw survey answers need not be in git: run `touchsite data reduce`, name
# data/reduced.touchsite.json under data: in touchsite.yml, commit it, and uncomment:
# /data/*.csv
# /data/*.xlsx
# /data/*.parquet
# !/data/business.csv
"""


def run_init(
    directory: Path,
    workflow: bool = True,
    language: str = "de",
    source: Path | None = None,
    blank: bool = False,
) -> None:
    if language not in EXAMPLE_LANGUAGES:
        choices = ", ".join(EXAMPLE_LANGUAGES)
        raise UserError(
            f"there is no example project in language '{language}'; choose one of: {choices}."
        )
    if blank and source is not None:
        raise UserError("--blank and --from both say what to start from; choose one.")
    if directory.exists() and any(directory.iterdir()):
        raise UserError("folder is not empty; choose a new folder.", "", directory)
    if blank:
        made = ", blank: one phase, one channel, one touchpoint"
        copy_tree(_scaffold("blank", language), directory)
    elif source is not None:
        imported = _read_journey(source)
        directory.mkdir(parents=True, exist_ok=True)
        write_project(imported, directory, language)
        phases, steps = len(imported.phases), len(imported.steps)
        made = f" from {source}: {steps} step{'s' if steps != 1 else ''} in {phases} phase"
        made += "s" if phases != 1 else ""
    else:
        made = ""
        copy_example(directory, language)
    (directory / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    if workflow:
        write_workflows(directory)
    click.echo(f"Created a touchsite project in {directory}{made}. Next:")
    where = shlex.quote(str(directory))
    for command, what in (
        (f"touchsite serve {where}", "preview it while you edit"),
        (f"touchsite check --strict {where}", "check everything, as CI does"),
        (f"touchsite build {where}", f"write the site to {where}/site"),
    ):
        click.echo(f"  {command:<{len(where) + 27}} # {what}")
    if workflow:
        pages, review = (f"{WORKFLOWS.as_posix()}/{name}" for name in WORKFLOW_FILES)
        click.echo(
            f"{pages} publishes the site on GitHub Pages on every push to the default branch "
            "(turn Pages on with Source: GitHub Actions); "
            f"{review} comments on each pull request what changed and attaches the built site."
        )


def copy_example(directory: Path, language: str) -> None:
    source = example_project(language)
    directory.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        path = source / name
        if not path.exists():
            continue  # optional parts (assets) an example may not have
        if path.is_dir():
            shutil.copytree(path, directory / name)
        else:
            shutil.copy2(path, directory / name)
    # The example's survey data is generated (deterministically), not shipped as files.
    write_example_data(directory, language)


def _read_journey(source: Path) -> ImportedJourney:
    """The journey in `source`; raises UserError with every problem before anything is
    written."""
    problems = Problems(Path.cwd())
    imported = read_import(source, problems)
    problems.raise_if_any()
    assert imported is not None  # read_import reports a problem whenever it returns None
    return imported


def _scaffold(*parts: str) -> Traversable:
    # Read through importlib.resources so it is found in a wheel as well as in a checkout.
    found = resources.files("touchsite").joinpath("scaffold")
    for part in parts:
        found = found.joinpath(part)
    return found


def copy_tree(source: Traversable, target: Path) -> None:
    target.mkdir(parents=True, exist_ok=True)
    for item in sorted(source.iterdir(), key=lambda item: item.name):
        if item.is_dir():
            copy_tree(item, target / item.name)
        else:
            (target / item.name).write_bytes(item.read_bytes())


def write_workflows(directory: Path) -> None:
    target = directory / WORKFLOWS
    target.mkdir(parents=True, exist_ok=True)
    for name in WORKFLOW_FILES:
        text = _scaffold(name).read_text(encoding="utf-8")
        (target / name).write_text(text, encoding="utf-8")
