"""Fixtures for the browser tests: build the example site, serve it, drive Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Playwright,
    Request,
    Route,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

from touchsite.build import build

REPO_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOST = "127.0.0.1"
# Schemes that never leave the machine (file: for a site opened from the disk); everything
# else must go to the local server.
INTERNAL_SCHEMES = {"data", "blob", "about", "file"}
SHOTS_DIR = Path("/tmp/touchsite-shots")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser closing a connection early is not a test failure


@dataclass
class SiteServer:
    out_dir: Path
    base_url: str

    def url(self, path: str = "index.html") -> str:
        return f"{self.base_url}/{path.lstrip('/')}"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out_dir = tmp_path_factory.mktemp("touchsite") / "site"
    build(REPO_ROOT, out_dir)
    assert (out_dir / "index.html").is_file(), "the build did not write index.html"
    return out_dir


@contextmanager
def serving(site: Path) -> Iterator[SiteServer]:
    """Serve a built site on 127.0.0.1 for the duration of the block."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = _QuietServer((LOCAL_HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="touchsite-http", daemon=True)
    thread.start()
    try:
        yield SiteServer(site, f"http://{LOCAL_HOST}:{server.server_address[1]}")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[SiteServer]:
    with serving(built_site) as server:
        yield server


@pytest.fixture(scope="session")
def english_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    """The English example (examples/en), built and served like the German one."""
    out_dir = tmp_path_factory.mktemp("touchsite-en") / "site"
    build(REPO_ROOT / "examples" / "en", out_dir)
    with serving(out_dir) as server:
        yield server


@dataclass
class PageWatch:
    """A page plus everything suspicious it did: console errors, page errors, foreign requests."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def problems(self) -> list[str]:
        return (
            [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"request to another host: {u}" for u in self.foreign_requests]
            + [f"dialog opened: {d}" for d in self.dialogs]
        )

    def assert_clean(self) -> None:
        problems = self.problems()
        assert not problems, "page misbehaved:\n  " + "\n  ".join(problems)

    def wait_for_charts(self, timeout: float = 15_000) -> int:
        """Wait until every chart on the page reports data-rendered="true"; return their count."""
        self.page.wait_for_function(
            """() => Array.from(document.querySelectorAll('.chart[data-figure]'))
                    .every(el => el.dataset.rendered === 'true')""",
            timeout=timeout,
        )
        return self.page.locator(".chart[data-figure]").count()


def _is_foreign(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme in INTERNAL_SCHEMES:
        return False
    return parts.hostname != LOCAL_HOST


class Browsing:
    """Launches Chromium on first use, so a missing browser FAILS the test (never skips)."""

    def __init__(self, playwright: Playwright, server: SiteServer) -> None:
        self.playwright = playwright
        self.server = server
        self._browser: Browser | None = None
        self._contexts: list[BrowserContext] = []

    @property
    def browser(self) -> Browser:
        if self._browser is None:
            if not CHROMIUM.is_file():
                pytest.fail(
                    f"Chromium not found at {CHROMIUM}; the browser tests need Debian's "
                    "chromium package (apt-get install chromium)",
                    pytrace=False,
                )
            try:
                self._browser = self.playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
                )
            except PlaywrightError as error:
                pytest.fail(f"could not launch {CHROMIUM}: {error}", pytrace=False)
        return self._browser

    def open(self, path: str = "index.html", viewport: dict[str, int] | None = None) -> PageWatch:
        """Open a page of the served site, recording errors and blocking foreign requests."""
        return self.open_url(self.server.url(path), viewport)

    def open_url(self, url: str, viewport: dict[str, int] | None = None) -> PageWatch:
        """Open any local URL, recording errors and blocking foreign requests."""
        context = self.browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        self._contexts.append(context)
        page = context.new_page()
        watch = PageWatch(page)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                watch.console_errors.append(f"{message.text} ({message.location.get('url')})")

        def on_request(request: Request) -> None:
            if _is_foreign(request.url):
                watch.foreign_requests.append(request.url)

        def on_dialog(dialog: Dialog) -> None:
            watch.dialogs.append(f"{dialog.type}: {dialog.message}")
            dialog.dismiss()

        def route(route: Route) -> None:
            if _is_foreign(route.request.url):
                route.abort("blockedbyclient")
            else:
                route.continue_()

        page.on("console", on_console)
        page.on("pageerror", lambda error: watch.page_errors.append(str(error)))
        page.on("request", on_request)
        page.on("dialog", on_dialog)
        page.route("**/*", route)
        page.goto(url, wait_until="load")
        return watch

    def close_pages(self) -> None:
        while self._contexts:
            self._contexts.pop().close()

    def close(self) -> None:
        self.close_pages()
        if self._browser is not None:
            self._browser.close()


@pytest.fixture(scope="session")
def browsing(site_server: SiteServer) -> Iterator[Browsing]:
    with sync_playwright() as playwright:
        session = Browsing(playwright, site_server)
        try:
            yield session
        finally:
            session.close()


@pytest.fixture
def web(browsing: Browsing) -> Iterator[Browsing]:
    """The shared browser; the pages a test opened are closed after it."""
    try:
        yield browsing
    finally:
        browsing.close_pages()


@pytest.fixture(scope="session")
def shots_dir() -> Path:
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    return SHOTS_DIR


# One page of every kind the example builds (the changes page needs a comparison build).
# The texts matching a pattern ([selector, pattern]) that a reader sees drawn on more than one
# line, in the elements the selector finds: what is not shown (a hidden element, a closed
# <details>) is laid out anyhow and has no lines to count.
ON_TWO_LINES = """([selector, pattern]) => {
  const split = [];
  for (const root of document.querySelectorAll(selector)) {
    if (!root.offsetParent) continue;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest("details:not([open])")) continue;
      for (const match of node.data.matchAll(new RegExp(pattern, "g"))) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set(Array.from(range.getClientRects())
          .filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""

EVERY_PAGE_TYPE = [
    "index.html",
    "touchpoints/beratung-filiale.html",  # trend, distribution and business charts
    "touchpoints/lieferavis.html",
    "kpis.html",
    "recommendations.html",
    "opportunities.html",
    "journeys/erstkauf.html",
    "journeys/erstkauf-ziel.html",
    "journeys/reklamation.html",
    "methods.html",
    "data-quality.html",
    "report.html",
    "pages/zusammenfassung.html",
    "search.html",
    "404.html",
]
