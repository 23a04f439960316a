"""`touchsite serve`: the live preview, with problems printed as file:line lines."""

from __future__ import annotations

from pathlib import Path

import click


def run_serve(project: Path, port: int) -> None:
    from touchsite.commands.preview import serve

    def ready(url: str) -> None:
        click.echo(f"Serving {project.resolve()} at {url} (Ctrl+C to stop)", err=False)

    serve(project, port, log=lambda text: click.echo(text, err=True), ready=ready)
