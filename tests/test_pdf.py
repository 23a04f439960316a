"""touchsite pdf: a real PDF printed by Debian's Chromium, read back with poppler."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from touchsite.__main__ import cli
from touchsite.commands import pdf


def test_the_report_prints_to_a_pdf(mini: Path, tmp_path: Path):
    if shutil.which("chromium") is None or shutil.which("pdftotext") is None:
        pytest.fail("needs Debian's chromium and poppler-utils (scripts/test.sh installs them)")
    target = tmp_path / "report.pdf"
    result = CliRunner().invoke(cli, ["pdf", str(mini), "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Mini journey" in text
    assert "Hotline" in text and "Call back within a day" in text
    pages = subprocess.run(
        ["pdftoppm", "-r", "40", "-png", str(target), str(tmp_path / "page")],
        capture_output=True,
        check=True,
    )
    assert pages.returncode == 0 and list(tmp_path.glob("page-*.png"))


def test_without_a_browser_it_says_how_to_get_one(mini: Path, monkeypatch):
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    result = CliRunner().invoke(cli, ["pdf", str(mini)])
    assert result.exit_code == 1
    assert "needs Chromium" in result.output and "apt-get install chromium" in result.output
    assert not (mini / "report.pdf").exists()
