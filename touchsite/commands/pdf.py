"""`touchsite pdf`: the printable report (report.html) as a PDF, printed by headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import click

from touchsite.commands.build import _run, _say_warnings
from touchsite.render.urls import PATHS

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
# Enough time for plotly to draw the report's charts before the page is printed.
RENDER_BUDGET_MS = 20000


def find_browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def run_pdf(project: Path, output: Path | None) -> None:
    from touchsite.build import build

    browser = find_browser()
    if browser is None:
        click.echo("error: touchsite pdf needs Chromium (or Chrome), and none was found.", err=True)
        click.echo(
            "    hint: on Debian or Ubuntu: sudo apt-get install chromium; on macOS or Windows, "
            f"install Google Chrome; or print {PATHS.report()} of the built site from any browser",
            err=True,
        )
        raise SystemExit(1)
    target = (output or project / "report.pdf").resolve()
    with tempfile.TemporaryDirectory(prefix="touchsite-pdf-") as scratch:
        site = Path(scratch) / "site"
        result = _run(lambda: build(project, site))
        _say_warnings(result.warnings)
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={Path(scratch) / 'profile'}",
            "--no-pdf-header-footer",
            f"--virtual-time-budget={RENDER_BUDGET_MS}",
            f"--print-to-pdf={target}",
            (site / PATHS.report()).as_uri(),
        ]
        printed = subprocess.run(command, capture_output=True, text=True, check=False)
    if printed.returncode != 0 or not target.is_file():
        click.echo(f"error: {browser} could not print the report:", err=True)
        click.echo("    " + (printed.stderr.strip()[-600:] or "no output"), err=True)
        raise SystemExit(1)
    click.echo(f"Wrote {target} ({target.stat().st_size // 1024} KiB).")
