"""`touchsite init DIR [--language de|en]`: copy the example client into a new project folder."""

from __future__ import annotations

import shutil
from importlib import resources
from pathlib import Path

import click

from touchsite.example_data import write_example_data
from touchsite.resources import EXAMPLE_LANGUAGES, example_project

COPIED = ("touchsite.yml", "content", "data", "assets")
WORKFLOW = Path(".github", "workflows", "pages.yml")


def run_init(directory: Path, workflow: bool = True, language: str = "de") -> None:
    if language not in EXAMPLE_LANGUAGES:
        choices = ", ".join(EXAMPLE_LANGUAGES)
        click.echo(
            f"error: there is no example project in language '{language}'; choose one of: "
            f"{choices}.",
            err=True,
        )
        raise SystemExit(1)
    if directory.exists() and any(directory.iterdir()):
        click.echo(f"{directory}: error: folder is not empty; choose a new folder.", err=True)
        raise SystemExit(1)
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
    (directory / ".gitignore").write_text("/site/\n", encoding="utf-8")
    if workflow:
        write_pages_workflow(directory)
    click.echo(f"Created a touchsite project in {directory}. Next: touchsite build {directory}")
    if workflow:
        click.echo(
            f"{WORKFLOW.as_posix()} publishes the site on GitHub Pages on every push to main "
            "(turn Pages on with Source: GitHub Actions)."
        )


def write_pages_workflow(directory: Path) -> None:
    # Read through importlib.resources so it is found in a wheel as well as in a checkout.
    template = resources.files("touchsite").joinpath("scaffold").joinpath("pages.yml")
    target = directory / WORKFLOW
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(template.read_text(encoding="utf-8"), encoding="utf-8")
