"""`touchsite init DIR`: copy the example client into a new project folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import click

from touchsite.resources import example_project

COPIED = ("touchsite.yml", "content", "data")


def run_init(directory: Path) -> None:
    if directory.exists() and any(directory.iterdir()):
        click.echo(f"{directory}: error: folder is not empty; choose a new folder.", err=True)
        raise SystemExit(1)
    source = example_project()
    directory.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, directory / name)
        else:
            shutil.copy2(path, directory / name)
    (directory / ".gitignore").write_text("/site/\n", encoding="utf-8")
    click.echo(f"Created a touchsite project in {directory}. Next: touchsite build {directory}")
