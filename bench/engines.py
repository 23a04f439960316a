#!/usr/bin/env python3
"""Benchmark the engines: a build from a large Parquet dataset through DuckDB, and the data
stage of pandas against DuckDB on the same project.

    python bench/engines.py dataset --rows 10000000        # build from a Parquet dataset
    python bench/engines.py --runs 3 compare PROJECT       # data stage: pandas vs DuckDB

`dataset` writes the rows as a hive-partitioned Parquet dataset (one folder per segment), a
million rows at a time, into --out (not the repository), then runs `touchsite build` on it
in a fresh process and reports its wall time, CPU time and peak resident memory (of the
largest process: the build's or one of its workers'). `--against CHECKOUT` builds with that
checkout's touchsite too (another branch's worktree), alternating, and ends with the medians.

`compare` copies PROJECT's feedback CSV once as a Parquet file, then times the data stage
(load_feedback alone, imports excluded) in fresh processes, alternating: pandas on the CSV,
pandas on the Parquet file, DuckDB on the Parquet file; per run the times and ratios, then
the medians.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import ingest  # bench/ingest.py: its project's touchsite.yml
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

REPO = Path(__file__).resolve().parent.parent
SEED = 20261202
TOUCHPOINTS = 100
CHUNK = 1_000_000
COMMENTS = [
    "Die Lieferung kam pünktlich, der Monteur war freundlich.",
    "Ich hing dreimal in der Warteschleife, niemand rief zurück.",
    "Beratung kompetent, aber die Wartezeit in der Filiale war lang.",
    "Rechnung falsch, Rückfragen an erika.muster@example.de",
    "Der Rückruf kam nie, bitte unter 0171 7654321 melden.",
]
CONFIG = ingest.CONFIG.replace("data/feedback.csv", "data/answers")
PAGE = "---\ntitle: Touchpoint {number}\nphase: vorher\nchannel: web\n---\nEin Kontaktpunkt.\n"

# A child process: the work's seconds, CPU seconds and peak RSS (KiB) of the largest process
# (itself or a worker it waited for), as one line.
MEASURED = """
from touchsite import native
native.configure()  # as the touchsite command runs: before numpy and Arrow load
import resource, sys, time
started = time.perf_counter()
{work}
seconds = time.perf_counter() - started
usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
cpu = sum(u.ru_utime + u.ru_stime for u in usage)
print(seconds, cpu, max(u.ru_maxrss for u in usage))
"""
BUILD = "from touchsite.build import build; build(Path(sys.argv[1]), Path(sys.argv[2]))"
DATA_STAGE = """
from touchsite.errors import Problems
from touchsite.load.config import load_config
from touchsite.load.content import touchpoint_file_ids
from touchsite.load.feedback import load_feedback
root = Path(sys.argv[1])
problems = Problems(root)
config = load_config(root, problems)
ids = touchpoint_file_ids(root)
started = time.perf_counter()
load_feedback(root, config, ids, problems)
"""


def write_dataset(root: Path, rows: int) -> None:
    """Respondents with about four answers each (the first the overall NPS), over 12 months;
    three in ten with a comment. Written a million rows at a time, a file per segment each."""
    marker = root / "rows.txt"
    if marker.is_file() and marker.read_text() == str(rows):
        return
    shutil.rmtree(root, ignore_errors=True)
    (root / "content" / "touchpoints").mkdir(parents=True)
    (root / "touchsite.yml").write_text(CONFIG, encoding="utf-8")
    for number in range(TOUCHPOINTS):
        page = PAGE.format(number=number)
        (root / "content" / "touchpoints" / f"tp-{number:03d}.md").write_text(page, "utf-8")
    rng = np.random.default_rng(SEED)
    names = np.array([f"tp-{i:03d}" for i in range(TOUCHPOINTS)] + ["overall"])
    pool = np.array(COMMENTS, dtype=object)
    segments = np.array(["neukunde", "stammkunde", "gewerbe"])
    for start in range(0, rows, CHUNK):
        n = min(CHUNK, rows - start)
        position = np.arange(start, start + n)
        respondent = position // 4
        first = position % 4 == 0
        touchpoint = np.where(first, TOUCHPOINTS, (respondent * 7 + position % 4 * 13) % 100)
        month = respondent * 12 // max(rows // 4, 1)
        day = np.datetime64("2025-01-01") + (month * 30 + respondent % 28).astype("timedelta64[D]")

        def score(share: float, low: int, high: int, never: np.ndarray) -> pa.Array:
            values = rng.integers(low, high + 1, len(never))
            return pa.array(values, mask=(rng.random(len(never)) > share) | never)

        comment = pool[rng.integers(0, len(pool), n)]
        comment[rng.random(n) > 0.3] = None
        table = pa.table(
            {
                "response_id": pa.array(np.char.add("R", respondent.astype(str))),
                "touchpoint": pa.array(names[touchpoint]),
                "date": pa.array(day.astype("datetime64[D]")),
                "nps": score(0.98, 0, 10, np.zeros(n, bool)),
                "csat": score(0.92, 1, 5, first),
                "ces": score(0.5, 1, 7, first),
                "comment": pa.array(comment, pa.string()),
                "segment": pa.array(segments[rng.integers(0, len(segments), n)]),
            }
        )
        for value in segments:
            part = table.filter(pc.equal(table["segment"], value)).drop(["segment"])
            folder = root / "data" / "answers" / f"segment={value}"
            folder.mkdir(parents=True, exist_ok=True)
            pq.write_table(part, folder / f"part-{start // CHUNK:04d}.parquet")
        print(f"  {start + n:,} rows written", flush=True)
    marker.write_text(str(rows))


def child(work: str, *args: str, repo: Path = REPO) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak RSS MiB) of the work in a fresh Python process, with the
    touchsite of `repo`."""
    code = "from pathlib import Path\n" + MEASURED.format(work=work)
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=repo,
        env={"PYTHONPATH": str(repo), "PATH": "/usr/bin:/bin"},
    )
    if result.returncode != 0:
        raise SystemExit(f"child failed:\n{result.stdout}\n{result.stderr}")
    seconds, cpu, peak = result.stdout.split()[-3:]
    return float(seconds), float(cpu), int(peak) / 1024


def dataset(options: argparse.Namespace) -> None:
    root = options.out / f"dataset_r{options.rows}"
    started = time.perf_counter()
    write_dataset(root, options.rows)
    size = sum(f.stat().st_size for f in (root / "data").rglob("*.parquet")) / 2**20
    took = time.perf_counter() - started
    print(f"{options.rows:,} rows, {size:.0f} MiB of Parquet ({took:.0f} s)")
    sides = {"this": REPO, **({"against": options.against} if options.against else {})}
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in sides}
    for run in range(options.runs):
        for name, repo in sides.items():
            site = str(options.out / f"site_{name}")
            results[name].append(child(BUILD, str(root), site, repo=repo))
            seconds, cpu, peak = results[name][-1]
            print(
                f"build {run + 1} ({name}): {seconds:.1f} s wall, {cpu:.1f} s CPU,"
                f" {peak:.0f} MiB peak RSS",
                flush=True,
            )
    if options.against:
        for name, runs in results.items():
            median = [statistics.median(r[k] for r in runs) for k in range(3)]
            print(f"median ({name}): {median[0]:.1f} s, {median[1]:.1f} s CPU, {median[2]:.0f} MiB")


def compare(options: argparse.Namespace) -> None:
    source = options.project
    sides = {}
    for name, engine, kind in (
        ("pandas csv", "", "csv"),
        ("pandas parquet", "pandas", "parquet"),
        ("duckdb parquet", "duckdb", "parquet"),
    ):
        root = options.out / f"compare_{name.replace(' ', '_')}"
        if not root.is_dir():
            shutil.copytree(source, root, ignore=shutil.ignore_patterns("data", "site"))
            (root / "data").mkdir()
        data = root / "data" / f"feedback.{kind}"
        if kind == "parquet" and not data.is_file():
            from pyarrow import csv

            pq.write_table(csv.read_csv(source / "data" / "feedback.csv"), data)
        elif kind == "csv" and not data.is_file():
            shutil.copy(source / "data" / "feedback.csv", data)
        config = (source / "touchsite.yml").read_text(encoding="utf-8")
        entry = f"  - path: data/feedback.{kind}" + (f"\n    engine: {engine}" if engine else "")
        (root / "touchsite.yml").write_text(
            config.replace("  - path: data/feedback.csv", entry), encoding="utf-8"
        )
        sides[name] = root
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in sides}
    for run in range(options.runs):
        for name, root in sides.items():
            results[name].append(child(DATA_STAGE, str(root)))
        line = ", ".join(f"{name} {runs[-1][0]:.2f} s" for name, runs in results.items())
        ratio = results["duckdb parquet"][-1][0] / results["pandas parquet"][-1][0]
        print(f"run {run + 1}: {line}; duckdb/pandas {ratio:.2f}", flush=True)
    print(f"\n{'':16} {'median s':>9} {'CPU s':>7} {'peak MiB':>9}")
    for name, runs in results.items():
        median = [statistics.median(r[k] for r in runs) for k in range(3)]
        print(f"{name:16} {median[0]:9.2f} {median[1]:7.2f} {median[2]:9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/touchsite-engines"))
    parser.add_argument("--runs", type=int, default=1)
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("dataset", help="build from a Parquet dataset through DuckDB")
    made.add_argument("--rows", type=int, default=10_000_000)
    made.add_argument("--against", type=Path, help="another checkout to build with, in turn")
    compared = commands.add_parser("compare", help="data stage: pandas vs DuckDB")
    compared.add_argument("project", type=Path)
    options = parser.parse_args()
    options.out.mkdir(parents=True, exist_ok=True)
    {"dataset": dataset, "compare": compare}[options.command](options)


if __name__ == "__main__":
    main()
