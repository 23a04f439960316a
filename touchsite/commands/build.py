"""`touchsite build` and `touchsite check`: report problems as file:line:col lines."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

from touchsite.errors import ProjectError

T = TypeVar("T")


def _run(action: Callable[[], T]) -> T:
    try:
        return action()
    except ProjectError as error:
        for problem in error.problems:
            click.echo(str(problem), err=True)
        count = len(error.problems)
        click.secho(
            f"{count} problem{'s' if count != 1 else ''} found; nothing was written.",
            fg="red",
            err=True,
        )
        raise SystemExit(1) from None


def run_build(project: Path, output: Path | None) -> None:
    from touchsite.build import build

    started = time.perf_counter()
    result = _run(lambda: build(project, output))
    report = result.report
    out = (output or project / "site").resolve()
    pages = sum(1 for name in result.files if name.endswith(".html"))
    click.echo(
        f"Built {pages} pages for {len(report.touchpoints)} touchpoints from "
        f"{report.feedback.rows:,} answers into {out} in {time.perf_counter() - started:.1f} s."
    )
    _say_redactions(report.feedback.redactions)


def run_check(project: Path) -> None:
    from touchsite.build import check

    report = _run(lambda: check(project))
    click.echo(
        f"OK: {len(report.touchpoints)} touchpoints, "
        f"{len(report.project.recommendations)} recommendations, "
        f"{report.feedback.rows:,} answers."
    )
    _say_redactions(report.feedback.redactions)


def _say_redactions(redactions: dict[str, int]) -> None:
    if redactions:
        parts = ", ".join(f"{count} {kind}" for kind, count in redactions.items())
        click.echo(f"Personal data removed from comments: {parts}.")
