"""`touchsite pdf`: the printable report (report.html) as a PDF, printed by headless Chromium."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import click

from touchsite.commands.build import _say_warnings
from touchsite.errors import UserError
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
        raise UserError(
            "touchsite pdf needs Chromium (or Chrome), and none was found.",
            "on Debian or Ubuntu: sudo apt-get install chromium; on macOS or Windows, "
            f"install Google Chrome; or print {PATHS.report()} of the built site from any browser",
        )
    target = (output or project / "report.pdf").resolve()
    with tempfile.TemporaryDirectory(prefix="touchsite-pdf-") as scratch:
        site = Path(scratch) / "site"
        result = build(project, site)
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
        said = printed.stderr.strip()[-600:] or "no output"
        raise UserError(f"{browser} could not print the report: {said}")
    click.echo(f"Wrote {target} ({target.stat().st_size // 1024} KiB).")
