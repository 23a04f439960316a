"""Rebuild time of the live preview after a one-file edit of a project's touchpoint.

Measures, in one run, on a copy of the example or of --project (so neither is touched; data
files are hard-linked where the file system allows, else copied):

- full:        a build without cache (imports already warm), the baseline;
- incremental: the preview's rebuild (touchsite.rebuild) after editing one touchpoint;
- preview:     end to end through `touchsite serve`: from writing the file to the server
               announcing the finished rebuild (watcher latency and debounce included);
- browser:     as a consultant sees it: the edited touchpoint's page open in Chromium (as
               the tests drive it), from writing the file until the page shows the edit and
               is complete (a reloaded page has fired `load`), and the bytes fetched over the
               network meanwhile (cached assets count nothing).

Each edit is of the touchpoint's Markdown text (`--edit-kind body`, the default) or of its
title in the front matter (`--edit-kind front-matter`: the title shows on its page, the map,
its journeys' pages and the lists, so every page is rendered again).

Medians over --runs edits. `preview` and `browser` run `python -m touchsite serve` as a child
process, so with PYTHONPATH pointing at another checkout they measure that one (for a before
and after: `--measure preview,browser`, as `full` and `incremental` import this checkout's API).

Run: python bench/rebuild.py [--runs 15] [--measure full,incremental,preview,browser]
         [--project PATH --edit content/touchpoints/ID.md] [--edit-kind body|front-matter]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
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
EDIT_KINDS = ("body", "front-matter")
EDIT_KIND = "body"
MEASURES = ("full", "incremental", "preview", "browser")
SHOWN = "text => document.readyState === 'complete' && document.body.textContent.includes(text)"


def copy_project(source: Path, folder: Path) -> Path:
    project = folder / "project"
    project.mkdir()
    shutil.copy2(source / "touchsite.yml", project)
    for name in ("content", "templates", "assets"):
        if (source / name).is_dir():
            shutil.copytree(source / name, project / name)
    if (source / "data").is_dir():
        shutil.copytree(source / "data", project / "data", copy_function=_link_or_copy)
    return project


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)  # a project's data files may be large; they are only read
    except OSError:
        shutil.copy2(source, target)


# the title line, without what an earlier edit appended
TITLE = re.compile(r"^title: (?P<title>[^'\"].*?)(?: – Edit \d+\.)?$", re.MULTILINE)


def edit(project: Path, number: int) -> None:
    """Write `Edit <number>.` into the edited touchpoint, where EDIT_KIND says."""
    path = project / EDITED
    text = path.read_text(encoding="utf-8")
    if EDIT_KIND == "body":
        text = text.split("\n<!-- bench -->")[0] + f"\n<!-- bench -->\nEdit {number}.\n"
    else:
        text, found = TITLE.subn(rf"title: \g<title> – Edit {number}.", text, count=1)
        if not found:
            raise SystemExit(f"{EDITED} has no unquoted 'title:' line to edit")
    path.write_text(text, encoding="utf-8")


def full_builds(project: Path, runs: int) -> list[float]:
    from touchsite.build import build

    out = project.parent / "site"
    build(project, out)  # warm imports and the file cache
    times = []
    for number in range(runs):
        edit(project, number)
        started = time.perf_counter()
        build(project, out)
        times.append(time.perf_counter() - started)
    return times


def incremental_builds(project: Path, runs: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of each rebuild."""
    from touchsite.rebuild import Rebuilder

    builder = Rebuilder(project, project.parent / "preview")
    builder.rebuild()
    times, cpu = [], []
    for number in range(runs):
        edit(project, 1000 + number)
        started, used = time.perf_counter(), time.process_time()
        builder.rebuild([project / EDITED])
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return times, cpu


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
            started = time.perf_counter()
            edit(project, 3000 + number)
            # Shown, on a complete page: a reload has fired `load`; a page that put the new
            # text in place has stayed complete.
            page.wait_for_function(SHOWN, arg=text, timeout=300_000)
            times.append(time.perf_counter() - started)
            fetched.append(received[0])
        browser.close()
    return times, fetched


def main() -> None:
    global EDITED, EDIT_KIND
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="edits per measurement")
    parser.add_argument(
        "--measure", default=",".join(MEASURES), help=f"some of {', '.join(MEASURES)}"
    )
    parser.add_argument("--project", type=Path, default=REPO, help="default: the example")
    parser.add_argument("--edit", type=Path, default=EDITED, help="the touchpoint file edited")
    parser.add_argument(
        "--edit-kind", choices=EDIT_KINDS, default=EDIT_KIND, help="what of it is edited"
    )
    args = parser.parse_args()
    EDITED, EDIT_KIND = args.edit, args.edit_kind
    measures = args.measure.split(",")
    run = {
        "full": full_builds,
        "preview": through_preview,
    }
    results: dict[str, list[float]] = {}
    fetched: list[float] = []
    with tempfile.TemporaryDirectory(prefix="touchsite-rebuild-") as folder:
        project = copy_project(args.project, Path(folder))
        for name in measures:
            if name == "browser":
                results["browser"], fetched = in_browser(project, args.runs)
            elif name == "incremental":
                results["incremental"], results["  its cpu"] = incremental_builds(
                    project, args.runs
                )
            else:
                results[name] = run[name](project, args.runs)
    base = statistics.median(results["full"]) if "full" in results else None
    print(
        f"one-file edit ({EDIT_KIND}) of {EDITED} in {args.project}, {args.runs} edits each,"
        " medians:"
    )
    for name, times in results.items():
        median = statistics.median(times)
        ratio = f"; {median / base:.2f}x the full build" if base else ""
        print(
            f"  {name:12s} {median * 1000:7.0f} ms  (min {min(times) * 1000:.0f},"
            f" max {max(times) * 1000:.0f}{ratio})"
        )
    if fetched:
        print(f"  each reload fetched {statistics.median(fetched) / 1024:.0f} KiB (median)")


if __name__ == "__main__":
    main()
