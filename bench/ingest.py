#!/usr/bin/env python3
"""Benchmark the data stage: a 1,000,000-row export through touchsite's loader, against
`pyarrow.csv.read_csv` of the same file (the reader underneath), in the same run.

Each measurement runs in a fresh Python process, loader and baseline alternating, so both meet
the same machine. Reported per side: the median (and min/max) wall and CPU time of the work
itself (imports excluded: read_csv alone, or load_feedback alone; the CPU of the comments'
worker process included), the peak resident memory of the largest process, and per pair
the ratio loader / read_csv. The loader does more than read: it checks every row, reduces
the answers to counts, finds repeated answers, counts every comment's terms, keeps and
redacts a comment sample. With --parts, a third side in each round loads the same file with
the comments left out (`privacy: comments: false`: no terms counted, no sample kept), so the
comments' share of the loader's time is measured beside the rest (checks, counts, repeats,
the respondents' sums).

    python bench/ingest.py                    # 1,000,000 rows, 5 runs each
    python bench/ingest.py --parts            # ... and the loader without the comments' work
    python bench/ingest.py --rows 200000 --runs 3
    python bench/ingest.py --project /path/to/project --against /path/to/other/checkout

The generated project is kept in bench/out/ingest/ and reused while its size is unchanged;
--project measures an existing project instead (its first data file is read_csv's). --against
also runs the loader of another checkout of touchsite (main, say) in each round.
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

# A child's peak memory (KiB): its own high-water mark. ru_maxrss would not do: Linux carries
# the parent's peak over into a child at exec, and the parent that generated the export is large.
PEAK = """
import resource
def own_peak():
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
    except (OSError, StopIteration):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

# argv: the project, "comments" or "no-comments" (the comments' work left out), then the
# number of generated touchpoints (tp-000 ...) or none for the project's own (its content is
# loaded before the clock starts)
LOADER = (
    PEAK
    + """
from touchsite import native
native.configure()  # as the touchsite command runs: before numpy and Arrow load
import dataclasses, resource, sys, time
from pathlib import Path
from touchsite.errors import Problems
from touchsite.load.config import load_config
from touchsite.load.feedback import load_feedback
from touchsite.project import load_project
root = Path(sys.argv[1])
if len(sys.argv) > 3:
    problems = Problems(root)
    config = load_config(root, problems)
    ids = {f"tp-{i:03d}" for i in range(int(sys.argv[3]))}
else:
    project, problems = load_project(root)
    config, ids = project.config, {tp.id for tp in project.touchpoints}
if sys.argv[2] == "no-comments":
    config = dataclasses.replace(
        config, privacy=dataclasses.replace(config.privacy, comments=False)
    )
def children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
started, cpu = time.perf_counter(), time.process_time() + children_cpu()
feedback = load_feedback(root, config, ids, problems)
# the CPU of the comments' worker process too, if one was started (it has ended by now)
seconds = time.perf_counter() - started
cpu = time.process_time() + children_cpu() - cpu
assert not list(problems), [str(p) for p in problems]
# a project whose touchpoints the data does not name would measure rows left out, not read
left_out = sum(data.left_out for data in feedback.files)
if left_out > feedback.rows:
    sys.exit(f"{root}: {left_out} rows left out, {feedback.rows} kept: check its touchpoints")
peak = max(own_peak(), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(seconds, cpu, peak, feedback.rows)
"""
)

# A file pyarrow's defaults cannot read (another separator or encoding, a survey tool's three
# header rows, line breaks in quoted answers: a wide export) is read with what detection finds
# (found before the clock starts): read_csv then reads what the loader reads, no less. JSON
# Lines are read by pyarrow's JSON reader in its place (still reported as read_csv).
BASELINE = (
    PEAK
    + """
import resource, sys, time
from pathlib import Path
import pyarrow.csv
options, read = {}, pyarrow.csv.read_csv
if len(sys.argv) > 2:
    from touchsite.load.formats import detect
    from touchsite.load.formats.encoding import reading_codec
    shape = detect(Path(sys.argv[1]))
    if shape.kind == "json":  # JSON Lines: Arrow's JSON reader is the reader underneath
        import pyarrow.json
        read = pyarrow.json.read_json
    elif (shape.separator, shape.encoding, shape.header_rows, shape.bom) != (",", "utf-8", 1, 0):
        options = dict(
            read_options=pyarrow.csv.ReadOptions(
                encoding=reading_codec(shape),
                skip_rows_after_names=shape.header_rows - 1,
            ),
            parse_options=pyarrow.csv.ParseOptions(
                delimiter=shape.separator, newlines_in_values=True
            ),
        )
started, cpu = time.perf_counter(), time.process_time()
table = read(sys.argv[1], **options)
seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = own_peak()
print(seconds, cpu, peak, table.num_rows)
"""
)


def generate(root: Path, rows: int) -> Path:
    """A long-table export: respondents with about four answers each, 12 months, comments."""
    csv = root / "data" / "feedback.csv"
    marker = root / "rows.txt"
    made = f"{rows} rows, dates to the second"  # what the marker says of the file
    if csv.is_file() and marker.is_file() and marker.read_text() == made:
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
    segment = np.array(["neukunde", "stammkunde"], dtype=object)[rng.integers(0, 2, rows)]
    # each answer's moment to the second, as a survey tool records it
    seconds = pd.to_timedelta(rng.integers(0, 24 * 3600, rows), unit="s")
    dates = (pd.to_datetime(dates) + seconds).strftime("%Y-%m-%d %H:%M:%S")
    frame = pd.DataFrame(
        {
            "response_id": [f"R{r:07d}" for r in respondent],
            "touchpoint": tp_text,
            "date": dates,
            "nps": nps,
            "csat": csat,
            "ces": ces,
            "comment": comment,
            "segment": segment,
        }
    )
    frame.to_csv(csv, index=False)
    marker.write_text(made)
    return csv


def run_child(code: str, *args: str, path: Path | None = None) -> tuple[float, ...]:
    """(work seconds, work CPU seconds, process wall seconds, peak RSS MiB) of a fresh Python
    process; `path`: the touchsite checkout it imports (run from its folder: `python -c`
    puts the working folder first on the module path, before PYTHONPATH)."""
    env = dict(os.environ, PYTHONPATH=str(path)) if path else None
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=path,
    )
    wall = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"child failed:\n{result.stderr}")
    seconds, cpu, peak_kib, _count = result.stdout.split()
    return float(seconds), float(cpu), wall, int(peak_kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--project", type=Path, help="an existing project to measure")
    parser.add_argument("--against", type=Path, help="another touchsite checkout to measure")
    parser.add_argument(
        "--parts",
        action="store_true",
        help="also measure the loader with the comments left out (no terms, no sample)",
    )
    options = parser.parse_args()
    started = time.perf_counter()
    if options.project:
        root, touchpoints = options.project, ()
        csv = root / _first_data_file(root / "touchsite.yml")
        options.out.mkdir(parents=True, exist_ok=True)
    else:
        root, touchpoints = options.out / f"r{options.rows}", (str(TOUCHPOINTS),)
        csv = generate(root, options.rows)
    size = csv.stat().st_size / 2**20
    print(f"{csv} ({size:.0f} MiB, {time.perf_counter() - started:.1f} s)")
    # the project's file as detected: its separator, encoding and header rows (--project)
    detected = (str(csv), "detected") if options.project else (str(csv),)
    sides = {"read_csv": (BASELINE, detected, BENCH_DIR.parent if options.project else None)}
    sides["loader"] = (LOADER, (str(root), "comments", *touchpoints), BENCH_DIR.parent)
    if options.parts:
        sides["answers"] = (LOADER, (str(root), "no-comments", *touchpoints), BENCH_DIR.parent)
    if options.against:
        sides["against"] = (
            LOADER,
            (str(root), "comments", *touchpoints),
            options.against.resolve(),
        )
    results: dict[str, list[tuple[float, ...]]] = {name: [] for name in sides}
    for run in range(options.runs):
        for name, (code, args, path) in sides.items():
            results[name].append(run_child(code, *args, path=path))
        base = results["read_csv"][-1][0]
        said = [f"{name} {r[-1][0]:.2f} s (CPU {r[-1][1]:.2f})" for name, r in results.items()]
        said += [f"{name}/read_csv {r[-1][0] / base:.1f}" for name, r in results.items()][1:]
        print(f"run {run + 1}: " + ", ".join(said), flush=True)
    summary = {}
    print(
        f"\n{'':10} {'median s':>9} {'min s':>6} {'max s':>6} {'CPU s':>6} {'process s':>10} "
        f"{'peak MiB':>9}"
    )
    for name, runs in results.items():
        work = [r[0] for r in runs]
        summary[name] = {
            "median_s": statistics.median(work),
            "min_s": min(work),
            "max_s": max(work),
            "cpu_median_s": statistics.median(r[1] for r in runs),
            "process_median_s": statistics.median(r[2] for r in runs),
            "peak_rss_mib": statistics.median(r[3] for r in runs),
        }
        s = summary[name]
        print(
            f"{name:10} {s['median_s']:9.2f} {s['min_s']:6.2f} {s['max_s']:6.2f} "
            f"{s['cpu_median_s']:6.2f} {s['process_median_s']:10.2f} {s['peak_rss_mib']:9.0f}"
        )
    ratios = {}
    for name in results:
        if name == "read_csv":
            continue
        pairs = [
            (r[0] / base[0], r[1] / base[1])
            for r, base in zip(results[name], results["read_csv"], strict=True)
        ]
        ratios[name] = {
            "time": statistics.median(p[0] for p in pairs),
            "cpu": statistics.median(p[1] for p in pairs),
            "memory": summary[name]["peak_rss_mib"] / summary["read_csv"]["peak_rss_mib"],
        }
        print(
            f"ratio {name} / read_csv (median of pairs): time {ratios[name]['time']:.2f}, "
            f"CPU {ratios[name]['cpu']:.2f}, peak memory {ratios[name]['memory']:.2f}"
        )
    report = {
        "file": str(csv),
        "file_mib": size,
        "runs": options.runs,
        "cpus": os.cpu_count(),
        "python": sys.version.split()[0],
        "pandas": pd.__version__,
        "summary": summary,
        "ratios": ratios,
        "runs_detail": results,
    }
    (options.out / "results.json").write_text(json.dumps(report, indent=2), encoding="utf-8")


def _first_data_file(config: Path) -> str:
    """The path of a project's first data entry (read_csv's file), read without touchsite."""
    import yaml

    return yaml.safe_load(config.read_text(encoding="utf-8"))["data"][0]["path"]


if __name__ == "__main__":
    main()
