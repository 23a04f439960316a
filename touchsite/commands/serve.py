"""`touchsite serve`: the live preview, with problems printed as file:line lines."""

from __future__ import annotations

from pathlib import Path

import click

from touchsite.errors import UserError


def run_serve(project: Path, port: int) -> None:
    from touchsite.serve import serve

    def ready(url: str) -> None:
        click.echo(f"Serving {project.resolve()} at {url} (Ctrl+C to stop)", err=False)

    try:
        serve(project, port, log=lambda text: click.echo(text, err=True), ready=ready)
    except OSError as error:
        raise UserError(
            f"cannot listen on 127.0.0.1:{port}: {error.strerror}",
            "choose another port with --port",
        ) from None
