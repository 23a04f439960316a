"""Rebuild time of the live preview after a one-file edit of the example project.

Measures, in one run, on a copy of the example (so the repository is not touched):

- full:        a build without cache (imports already warm), the baseline;
- incremental: a build with the preview's cache after editing one touchpoint's Markdown;
- preview:     end to end through `touchsite serve`: from writing the file to the server
               announcing the finished rebuild (watcher latency and debounce included);
- browser:     as a consultant sees it: the edited touchpoint's page open in Chromium (as
               the tests drive it), from writing the file until the reloaded page has fired
               `load` with the edit on it, and the bytes that reload fetched over the network
               (cached assets count nothing).

Medians over --runs edits. Run: python bench/rebuild.py [--runs 15] [--no-browser]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
EDITED = Path("content/touchpoints/liefertermin-abstimmung.md")


def copy_example(folder: Path) -> Path:
    project = folder / "example"
    project.mkdir()
    shutil.copy2(REPO / "touchsite.yml", project)
    for name in ("content", "data", "assets"):
        shutil.copytree(REPO / name, project / name)
    return project


def edit(project: Path, number: int) -> None:
    path = project / EDITED
    text = path.read_text(encoding="utf-8").split("\n<!-- bench -->")[0]
    path.write_text(f"{text}\n<!-- bench -->\nEdit {number}.\n", encoding="utf-8")


def in_process(project: Path, runs: int) -> dict[str, list[float]]:
    from touchsite.build import build
    from touchsite.cache import Cache

    out = project.parent / "site"
    build(project, out)  # warm imports and the file cache
    full, incremental = [], []
    for number in range(runs):
        edit(project, number)
        started = time.perf_counter()
        build(project, out)
        full.append(time.perf_counter() - started)
    cache = Cache()
    build(project, out, cache=cache)
    for number in range(runs):
        edit(project, 1000 + number)
        started = time.perf_counter()
        build(project, out, cache=cache)
        incremental.append(time.perf_counter() - started)
    return {"full": full, "incremental": incremental}


def _wait(url: str, since: int) -> dict:
    with urllib.request.urlopen(f"{url}__touchsite/wait?since={since}", timeout=30) as answer:
        return json.load(answer)


@contextlib.contextmanager
def serving(project: Path) -> Iterator[str]:
    """`touchsite serve` on the project; yields its URL once the first build is done."""
    process = subprocess.Popen(
        [sys.executable, "-m", "touchsite", "serve", str(project), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        url = line.split(" at ")[1].split()[0]
        _wait(url, 0)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def through_preview(project: Path, runs: int) -> list[float]:
    with serving(project) as url:
        state = _wait(url, 0)
        times = []
        for number in range(runs):
            time.sleep(0.3)  # let the watcher settle between edits
            started = time.perf_counter()
            edit(project, 2000 + number)
            state = _wait(url, state["generation"])
            times.append(time.perf_counter() - started)
            assert not state["error"], state["error"]
        return times


def in_browser(project: Path, runs: int) -> tuple[list[float], list[float]]:
    """Seconds from the edit to the reloaded page, and the bytes each reload fetched."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(REPO))
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS  # the browser as tests drive it

    page_path = "touchpoints/" + EDITED.stem + ".html"
    times, fetched = [], []
    with serving(project) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        network = page.context.new_cdp_session(page)
        network.send("Network.enable")
        received = [0.0]
        network.on(
            "Network.loadingFinished",
            lambda event: received.__setitem__(0, received[0] + event["encodedDataLength"]),
        )
        page.goto(url + page_path, wait_until="load")
        for number in range(runs):
            time.sleep(0.3)  # let the watcher settle between edits
            received[0] = 0.0
            text = f"Edit {3000 + number}."
            with page.expect_event("load", timeout=120_000):
                started = time.perf_counter()
                edit(project, 3000 + number)
            times.append(time.perf_counter() - started)
            assert text in page.content(), "the reloaded page does not show the edit"
            fetched.append(received[0])
        browser.close()
    return times, fetched


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="edits per measurement")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium measure")
    args = parser.parse_args()
    fetched: list[float] = []
    with tempfile.TemporaryDirectory(prefix="touchsite-rebuild-") as folder:
        project = copy_example(Path(folder))
        results = in_process(project, args.runs)
        results["preview"] = through_preview(project, args.runs)
        if not args.no_browser:
            results["browser"], fetched = in_browser(project, args.runs)
    base = statistics.median(results["full"])
    print(f"one-file edit of {EDITED}, {args.runs} edits each, medians:")
    for name, times in results.items():
        median = statistics.median(times)
        print(
            f"  {name:12s} {median * 1000:7.0f} ms  (min {min(times) * 1000:.0f},"
            f" max {max(times) * 1000:.0f}; {median / base:.2f}x the full build)"
        )
    if fetched:
        print(f"  each reload fetched {statistics.median(fetched) / 1024:.0f} KiB (median)")


if __name__ == "__main__":
    main()
