"""`touchsite build` and `touchsite check`; their problems are reported by the CLI."""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from touchsite.project import loaded_ahead
from touchsite.render.urls import PATHS

if TYPE_CHECKING:
    from touchsite.build import BuildResult


def _build() -> Callable[..., BuildResult]:
    """`touchsite.build.build`. Its modules (pandas, scipy...) live as long as the process, yet
    the cycle collector walked their objects twice while they were imported and again in each
    full collection of the data stage: the first import runs without it, and what exists then
    is frozen out of its later collections (0.1 s of the imports' 0.8 s CPU, and half the time
    of the check's full collections, at 1,000 touchpoints)."""
    first = "touchsite.build" not in sys.modules
    collecting = gc.isenabled()
    if first:
        gc.disable()
    try:
        from touchsite.build import build
    finally:
        if first:
            gc.freeze()
            if collecting:
                gc.enable()
    return build


def run_build(
    project: Path, output: Path | None, strict: bool = False, compare_with: str | None = None
) -> None:
    with loaded_ahead(project) as loaded:
        build = _build()
        started = time.perf_counter()
        result = build(
            project,
            output,
            strict=strict,
            compare_with=compare_with,
            loaded=loaded,
            then_exits=True,
        )
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
    _say_shown_kpi(report)


def run_check(project: Path, strict: bool = False) -> None:
    with loaded_ahead(project) as loaded:
        build = _build()
        result = build(project, strict=strict, write=False, loaded=loaded, then_exits=True)
    _say_warnings(result.warnings)
    report = result.report
    click.echo(
        f"OK: {_count(len(report.touchpoints), 'touchpoint')}, "
        f"{_count(len(report.project.recommendations), 'recommendation')}, "
        f"{_count(report.feedback.rows, 'answer')}."
    )
    _say_redactions(report.feedback.redactions)
    _say_left_out(report.feedback)
    _say_shown_kpi(report)


def _say_shown_kpi(report) -> None:
    """Where the map shows another KPI than kpis.primary (coverage.shown_kpi): which, and why."""
    primary, shown = report.project.config.primary_kpi, report.shown_kpi
    if shown != primary:
        click.echo(
            f"The journey map and the journeys show {shown}: no touchpoint has {primary} "
            f"answers (kpis.primary; the overall question aside)."
        )


def _count(n: int, thing: str) -> str:
    """'1 touchpoint', '1,234 answers': the terminal speaks English."""
    return f"{n:,} {thing}" + ("" if n == 1 else "s")


def _say_warnings(warnings: list) -> None:
    for warning in warnings:
        click.echo(str(warning), err=True)
    if warnings:
        count = _counted(len(warnings), "warning")
        click.secho(f"{count}; --strict turns warnings into errors.", err=True)


def _say_redactions(redactions: dict[str, int]) -> None:
    """What was removed from the comments kept to publish (the newest of each touchpoint, and
    the themes' quotes), as the data-quality page says: the other comments are never redacted,
    only counted for the themes, so a count of all would need every comment read for it."""
    if redactions:
        parts = ", ".join(f"{count:,} {kind}" for kind, count in redactions.items())
        click.echo(f"Personal data removed from the comments kept to publish: {parts}.")


def _counted(count: int, thing: str) -> str:
    return f"{count:,} {thing}{'s' if count != 1 else ''}"


def _say_left_out(feedback) -> None:
    if not_real := sum(f.not_real for f in feedback.files):
        click.echo(
            f"Data: {not_real:,} responses left out that the survey tool marks as a preview, "
            "a test, spam, screened out or deleted."
        )
    rows = sum(f.rows_left_out for f in feedback.files)
    answers = sum(f.left_out for f in feedback.files) - rows
    scores = sum(f.scores_left_out for f in feedback.files)
    # rows that could not be read or hold no answer (a totals row) are no answers
    whole = " and ".join(
        _counted(count, thing) for count, thing in ((answers, "answer"), (rows, "row")) if count
    )
    # a score unreadable beside others read, or beside a comment, is left out alone
    said = {
        (True, False): f"{whole} left out for data problems",
        (True, True): f"{whole} left out for data problems, and "
        f"{_counted(scores, 'single score')} of answers kept",
        (False, True): f"{_counted(scores, 'single score')} left out of answers kept, for "
        "data problems",
    }.get((bool(whole), bool(scores)))
    if said:
        click.echo(f"Data: {said} (see {PATHS.data_quality()}); --strict makes them errors.")
