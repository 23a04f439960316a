"""The search index: Pagefind's binary run on a written site, and a message (not a traceback)
when it cannot run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from touchsite.errors import UserError
from touchsite.write.search import index_search

PAGE = """<!doctype html><html lang="de"><head><title>Hotline</title></head><body>
<main data-pagefind-body><h1>Hotline</h1><p>Der Rückruf kam nie.</p></main></body></html>"""


def test_the_index_is_written_beside_the_pages(tmp_path: Path):
    (tmp_path / "hotline.html").write_text(PAGE, encoding="utf-8")
    index_search(tmp_path)
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["de"]["page_count"] == 1


def test_without_pagefind_the_build_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pagefind.service", None)  # as if not installed
    with pytest.raises(UserError, match="'pagefind' is not installed") as raised:
        index_search(tmp_path)
    assert "pip install touchsite" in raised.value.problems[0].hint


def test_a_binary_that_will_not_start_is_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing" / "pagefind"))
    with pytest.raises(UserError, match="could not be built"):
        index_search(tmp_path)
