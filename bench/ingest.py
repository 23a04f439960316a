#!/usr/bin/env python3
"""Benchmark the data stage: a 1,000,000-row export through touchsite's loader, against a plain
`pandas.read_csv` of the same file, in the same run.

Each measurement runs in a fresh Python process, loader and baseline alternating, so both meet
the same machine. Reported per side: the median (and min/max) wall time of the work itself
(imports excluded: read_csv alone, or load_feedback alone), the process's peak resident memory,
and the ratio loader / read_csv. The loader does more than read: it checks every row, reduces
the answers to counts, finds repeated answers, keeps and redacts a comment sample.

    python bench/ingest.py                    # 1,000,000 rows, 5 runs each
    python bench/ingest.py --rows 200000 --runs 3

The generated project is kept in bench/out/ingest/ and reused while its size is unchanged.
Only the standard library, numpy and pandas are used here; touchsite runs in the children.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

BENCH_DIR = Path(__file__).resolve().parent
OUT = BENCH_DIR / "out" / "ingest"
SEED = 20260401
TOUCHPOINTS = 100
COMMENTS = [
    "Alles bestens, gerne wieder.",
    "Die Beratung war kompetent, freundlich und ohne Druck.",
    "Ich hing dreimal in der Warteschleife.",
    'Der Monteur sagte "passt schon", es passte nicht.',
    "Bitte melden Sie sich unter 0171 1234567.",
    "Rückfragen an max.mustermann@example.de",
    "Erstattung bitte auf DE89 3704 0044 0532 0130 00.",
    "Lieferung in die Lindenstraße 12, 50674 Köln hat geklappt.",
]

CONFIG = """title: Ingest benchmark
client: Benchmark GmbH
phases:
  - {id: vorher, title: Vorher}
channels:
  - {id: web, title: Web}
kpis:
  ces_scale: {min: 1, max: 7, higher_is_better: true}
data:
  - path: data/feedback.csv
"""

LOADER = """
import resource, sys, time
from pathlib import Path
from touchsite.errors import Problems
from touchsite.load.config import load_config
from touchsite.load.feedback import load_feedback
root = Path(sys.argv[1])
problems = Problems(root)
config = load_config(root, problems)
ids = {f"tp-{i:03d}" for i in range(int(sys.argv[2]))}
started = time.perf_counter()
feedback = load_feedback(root, config, ids, problems)
seconds = time.perf_counter() - started
assert not list(problems), [str(p) for p in problems]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(seconds, peak, feedback.rows)
"""

BASELINE = """
import resource, sys, time
import pandas
started = time.perf_counter()
frame = pandas.read_csv(sys.argv[1])
seconds = time.perf_counter() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(seconds, peak, len(frame))
"""


def generate(root: Path, rows: int) -> Path:
    """A long-table export: respondents with about four answers each, 12 months, comments."""
    csv = root / "data" / "feedback.csv"
    marker = root / "rows.txt"
    if csv.is_file() and marker.is_file() and marker.read_text() == str(rows):
        return csv
    (root / "data").mkdir(parents=True, exist_ok=True)
    (root / "touchsite.yml").write_text(CONFIG, encoding="utf-8")
    rng = np.random.default_rng(SEED)
    respondent = np.sort(rng.integers(0, rows // 4, rows))
    first = np.diff(respondent, prepend=-1) != 0  # each respondent's first row: the overall NPS
    # the k-th answer of a respondent: a touchpoint of their own, none twice
    k = np.arange(rows) - np.maximum.accumulate(np.where(first, np.arange(rows), 0))
    touchpoint = (respondent * 7 + k * 13) % TOUCHPOINTS
    tp_names = np.array([f"tp-{i:03d}" for i in range(TOUCHPOINTS)], dtype=object)
    tp_text = np.where(first, "overall", tp_names[touchpoint])
    days = (respondent * 365 // max(rows // 4, 1)).astype("timedelta64[D]")
    dates = np.datetime_as_string(np.datetime64("2025-11-01") + days)

    def scores(share: float, low: int, high: int) -> np.ndarray:
        values = rng.integers(low, high + 1, rows).astype(str).astype(object)
        values[rng.random(rows) > share] = ""
        return values

    nps, csat, ces = scores(0.98, 0, 10), scores(0.92, 1, 5), scores(0.5, 1, 7)
    csat[first], ces[first] = "", ""
    nps[first] = rng.integers(0, 11, int(first.sum())).astype(str)
    pool = np.array(COMMENTS, dtype=object)
    comment = pool[rng.integers(0, len(pool), rows)]
    comment[rng.random(rows) > 0.2] = ""
    frame = pd.DataFrame(
        {
            "response_id": [f"R{r:07d}" for r in respondent],
            "touchpoint": tp_text,
            "date": dates,
            "nps": nps,
            "csat": csat,
            "ces": ces,
            "comment": comment,
            "segment": np.array(["neukunde", "stammkunde"], dtype=object)[rng.integers(0, 2, rows)],
        }
    )
    frame.to_csv(csv, index=False)
    marker.write_text(str(rows))
    return csv


def run_child(code: str, *args: str) -> tuple[float, float, float]:
    """(work seconds, process wall seconds, peak RSS MiB) of a fresh Python process."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"child failed:\n{result.stderr}")
    seconds, peak_kib, _count = result.stdout.split()
    return float(seconds), wall, int(peak_kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT)
    options = parser.parse_args()
    root = options.out / f"r{options.rows}"
    started = time.perf_counter()
    csv = generate(root, options.rows)
    size = csv.stat().st_size / 2**20
    print(f"{options.rows:,} rows, {size:.0f} MiB: {csv} ({time.perf_counter() - started:.1f} s)")
    results: dict[str, list[tuple[float, float, float]]] = {"loader": [], "read_csv": []}
    for run in range(options.runs):
        results["read_csv"].append(run_child(BASELINE, str(csv)))
        results["loader"].append(run_child(LOADER, str(root), str(TOUCHPOINTS)))
        print(
            f"run {run + 1}: read_csv {results['read_csv'][-1][0]:.2f} s, "
            f"loader {results['loader'][-1][0]:.2f} s",
            flush=True,
        )
    summary = {}
    print(f"\n{'':10} {'median s':>9} {'min s':>6} {'max s':>6} {'process s':>10} {'peak MiB':>9}")
    for name, runs in results.items():
        work = [r[0] for r in runs]
        summary[name] = {
            "median_s": statistics.median(work),
            "min_s": min(work),
            "max_s": max(work),
            "process_median_s": statistics.median(r[1] for r in runs),
            "peak_rss_mib": statistics.median(r[2] for r in runs),
        }
        s = summary[name]
        print(
            f"{name:10} {s['median_s']:9.2f} {s['min_s']:6.2f} {s['max_s']:6.2f} "
            f"{s['process_median_s']:10.2f} {s['peak_rss_mib']:9.0f}"
        )
    ratio = summary["loader"]["median_s"] / summary["read_csv"]["median_s"]
    memory = summary["loader"]["peak_rss_mib"] / summary["read_csv"]["peak_rss_mib"]
    print(f"\nratio loader / read_csv: time {ratio:.2f}, peak memory {memory:.2f}")
    report = {
        "rows": options.rows,
        "file_mib": size,
        "runs": options.runs,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "pandas": pd.__version__,
        "summary": summary,
        "ratio_time": ratio,
        "ratio_memory": memory,
        "runs_detail": results,
    }
    (options.out / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
