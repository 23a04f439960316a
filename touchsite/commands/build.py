"""`touchsite build` and `touchsite check`; their problems are reported by the CLI."""

from __future__ import annotations

import time
from pathlib import Path

import click

from touchsite.render.urls import PATHS


def run_build(
    project: Path, output: Path | None, strict: bool = False, compare_with: str | None = None
) -> None:
    from touchsite.build import build

    started = time.perf_counter()
    result = build(project, output, strict=strict, compare_with=compare_with)
    _say_warnings(result.warnings)
    report = result.report
    out = (output or project / "site").resolve()
    pages = sum(1 for name in result.files if name.endswith(".html"))
    click.echo(
        f"Built {_count(pages, 'page')} for {_count(len(report.touchpoints), 'touchpoint')} "
        f"from {_count(report.feedback.rows, 'answer')} into {out} "
        f"in {time.perf_counter() - started:.1f} s."
    )
    _say_redactions(report.feedback.redactions)
    _say_left_out(report.feedback)


def run_check(project: Path, strict: bool = False) -> None:
    from touchsite.build import build

    result = build(project, strict=strict, write=False)
    _say_warnings(result.warnings)
    report = result.report
    click.echo(
        f"OK: {_count(len(report.touchpoints), 'touchpoint')}, "
        f"{_count(len(report.project.recommendations), 'recommendation')}, "
        f"{_count(report.feedback.rows, 'answer')}."
    )
    _say_redactions(report.feedback.redactions)
    _say_left_out(report.feedback)


def _count(n: int, thing: str) -> str:
    """'1 touchpoint', '1,234 answers': the terminal speaks English."""
    return f"{n:,} {thing}" + ("" if n == 1 else "s")


def _say_warnings(warnings: list) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)
    if warnings:
        count = f"{len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        click.secho(f"{count}; --strict turns warnings into errors.", err=True)


def _say_redactions(redactions: dict[str, int]) -> None:
    if redactions:
        parts = ", ".join(f"{count} {kind}" for kind, count in redactions.items())
        click.echo(f"Personal data removed from comments: {parts}.")


def _say_left_out(feedback) -> None:
    left_out = sum(f.left_out for f in feedback.files)
    if left_out:
        click.echo(
            f"Data: {left_out:,} answers left out for data problems "
            f"(see {PATHS.data_quality()}); "
            "--strict makes them errors."
        )
