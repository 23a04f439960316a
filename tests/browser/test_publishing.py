"""Publishing in a real browser: the site under a GitHub Pages sub-path, and the live preview."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest

from tests.browser.conftest import REPO_ROOT, Browsing
from tests.conftest import MINI
from touchsite.build import build

PREFIX = "/client-x/"


class _SubPathHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site only under PREFIX, and 404.html for anything missing, as Pages does."""

    def log_message(self, format: str, *args: object) -> None:
        return

    def send_head(self):  # type: ignore[override]
        path = urlsplit(self.path).path
        if path.startswith(PREFIX):
            self.path = "/" + self.path[len(PREFIX) :]
            local = Path(self.translate_path(self.path))
            if local.is_file() or (local / "index.html").is_file():
                return super().send_head()
        body = (Path(self.directory) / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        return None


@pytest.fixture(scope="module")
def sub_path_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    project = tmp_path_factory.mktemp("pages") / "client-x"
    project.mkdir()
    for name in ("content", "data", "assets"):
        shutil.copytree(REPO_ROOT / name, project / name)
    config = (REPO_ROOT / "touchsite.yml").read_text(encoding="utf-8")
    assert 'base_url: ""' in config
    config = config.replace('base_url: ""', "base_url: https://org.github.io/client-x/")
    (project / "touchsite.yml").write_text(config, encoding="utf-8")
    build(project)
    handler = functools.partial(_SubPathHandler, directory=str(project / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()


def test_every_internal_link_works_under_a_sub_path(web: Browsing, sub_path_site: str):
    watch = web.open_url(sub_path_site + "index.html")
    page = watch.page
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    seen = {sub_path_site + "index.html"}
    queue = [sub_path_site + "index.html"]
    downloads: set[str] = set()
    while queue:
        url = queue.pop()
        response = page.goto(url, wait_until="domcontentloaded")
        assert response is not None and response.status == 200, (
            f"{url}: {response and response.status}"
        )
        for href in page.eval_on_selector_all(
            "a[href]:not([download])", "els => els.map(e => e.href)"
        ):
            target = urldefrag(href).url
            if target.startswith(sub_path_site) and target not in seen:
                seen.add(target)
                queue.append(target)
        # downloads (a journey's .mmd and .csv) are fetched, not opened as pages
        for href in page.eval_on_selector_all("a[download]", "els => els.map(e => e.href)"):
            if href not in downloads:
                downloads.add(href)
                status = page.request.get(href).status
                if status != 200:
                    failed.append(f"{status} {href}")
    touchpoints = list((REPO_ROOT / "content" / "touchpoints").glob("*.md"))
    assert len(seen) >= len(touchpoints) + 4  # every touchpoint page + overview, KPIs, ...
    journeys = list((REPO_ROOT / "content" / "journeys").glob("*.md"))
    assert len(downloads) == 2 * len(journeys)  # each journey's .mmd and .csv
    assert not failed, "failed requests:\n" + "\n".join(failed)
    watch.assert_clean()


def test_404_page_works_at_any_depth_of_the_sub_path(web: Browsing, sub_path_site: str):
    failed: list[str] = []
    watch = web.open_url(sub_path_site + "index.html")
    page = watch.page
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    response = page.goto(sub_path_site + "no/such/page.html", wait_until="load")
    assert response is not None and response.status == 404
    assert failed == [sub_path_site + "no/such/page.html"]  # its stylesheet and script load
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"  # styled
    page.get_by_role("link", name="Zurück zur Übersicht").click()
    page.wait_for_url(sub_path_site + "index.html")
    assert page.locator("#journey-map .tile").count() > 0


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    project = tmp_path / "mini"
    shutil.copytree(MINI, project)
    process = subprocess.Popen(
        [sys.executable, "-m", "touchsite", "serve", str(project), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        assert "http://127.0.0.1:" in line, process.stderr.read() if process.stderr else line
        yield project, line.split(" at ")[1].split()[0]
    finally:
        process.terminate()
        process.wait(timeout=10)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_serve_reloads_the_open_page_and_shows_broken_edits(web: Browsing, preview):
    project, url = preview
    watch = web.open_url(url + "touchpoints/hotline.html")
    page = watch.page
    assert page.locator("h1").inner_text() == "Hotline"
    hotline = project / "content" / "touchpoints" / "hotline.md"

    _edit(hotline, "title: Hotline", "title: Service hotline")
    page.wait_for_function("document.querySelector('h1').textContent === 'Service hotline'")

    _edit(hotline, "phase: after", "phase: afterwards")
    error = page.locator("#touchsite-error")
    error.wait_for(state="visible")
    assert (
        "content/touchpoints/hotline.md:3: error: unknown phase 'afterwards'" in error.inner_text()
    )
    assert page.locator("h1").inner_text() == "Service hotline"  # the last good page stays

    _edit(hotline, "phase: afterwards", "phase: after")
    error.wait_for(state="detached")
    assert page.locator("h1").inner_text() == "Service hotline"
    assert not watch.page_errors and not watch.foreign_requests


def test_serve_puts_an_edited_text_in_place_and_reloads_for_anything_else(web: Browsing, preview):
    """A text edit keeps the open page (its charts, scroll position, state); other edits
    reload it. Either way the page shows what a build of the project shows."""
    project, url = preview
    watch = web.open_url(url + "touchpoints/hotline.html")
    page = watch.page
    page.evaluate("window.kept = true")  # gone with a reload
    hotline = project / "content" / "touchpoints" / "hotline.md"
    hotline.write_text(hotline.read_text(encoding="utf-8") + "\nNew **text**.\n", "utf-8")
    page.wait_for_function("document.querySelector('.prose strong')?.textContent === 'text'")
    assert page.evaluate("window.kept === true")
    prose = page.locator(".prose").first.inner_html()
    built = build(project, write=False).files["touchpoints/hotline.html"].decode()
    assert prose.strip() in built

    _edit(hotline, "title: Hotline", "title: Service hotline")
    page.wait_for_function("document.querySelector('h1').textContent === 'Service hotline'")
    assert page.evaluate("window.kept === undefined")
    assert not watch.page_errors and not watch.foreign_requests
