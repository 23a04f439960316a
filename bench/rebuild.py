"""Rebuild time of the live preview after a one-file edit of the example project.

Measures, in one run, on a copy of the example (so the repository is not touched):

- full:        a build without cache (imports already warm), the baseline;
- incremental: a build with the preview's cache after editing one touchpoint's Markdown;
- preview:     end to end through `touchsite serve`: from writing the file to the server
               announcing the finished rebuild (watcher latency and debounce included).

Medians over --runs edits. Run: python bench/rebuild.py [--runs 15]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
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


def through_preview(project: Path, runs: int) -> list[float]:
    process = subprocess.Popen(
        [sys.executable, "-m", "touchsite", "serve", str(project), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline() if process.stdout else ""
        url = line.split(" at ")[1].split()[0]
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
    finally:
        process.terminate()
        process.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="edits per measurement")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="touchsite-rebuild-") as folder:
        project = copy_example(Path(folder))
        results = in_process(project, args.runs)
        results["preview"] = through_preview(project, args.runs)
    base = statistics.median(results["full"])
    print(f"one-file edit of {EDITED}, {args.runs} edits each, medians:")
    for name, times in results.items():
        median = statistics.median(times)
        print(
            f"  {name:12s} {median * 1000:7.0f} ms  (min {min(times) * 1000:.0f},"
            f" max {max(times) * 1000:.0f}; {median / base:.2f}x the full build)"
        )


if __name__ == "__main__":
    main()
