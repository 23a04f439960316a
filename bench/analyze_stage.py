"""CPU and wall time of the analyze stage alone, one checkout against another.

The project and its feedback are loaded once and the Feedback is pickled; then each run is a
fresh process that loads the project (cheap), unpickles the Feedback and times only
`touchsite.analyze.report.analyze`. With --base, runs of this checkout and of the other one
(its code on PYTHONPATH) alternate, so a machine getting busier affects both alike.

CPU time is this process's alone: a part the analysis computes in a second process
(touchsite.beside) counts in the wall time only.

Run: python bench/analyze_stage.py PROJECT [--base OTHER_CHECKOUT] [--pairs 5]
         [--feedback /tmp/analysis-fb.pkl] [--dump REPORT.pkl]

--dump (one run, this checkout) writes the report's fields as plain values for comparing two
checkouts' results (`--compare A.pkl B.pkl`).
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def prepare(project: Path, feedback_file: Path) -> None:
    from touchsite.load.feedback import load_feedback
    from touchsite.project import load_project

    root = project.resolve()
    loaded, problems = load_project(root)
    ids = {tp.id for tp in loaded.touchpoints}
    feedback = load_feedback(root, loaded.config, ids, problems)
    problems.raise_if_any()
    feedback_file.write_bytes(pickle.dumps(feedback, protocol=pickle.HIGHEST_PROTOCOL))


def child(project: Path, feedback_file: Path, dump: Path | None) -> None:
    """One timed analyze in this process; prints JSON (cpu_s, wall_s) on stdout."""
    from touchsite import native

    native.configure()  # as the touchsite command runs: before numpy loads
    from touchsite.analyze.report import analyze
    from touchsite.project import load_project

    loaded, _ = load_project(project.resolve())
    feedback = pickle.loads(feedback_file.read_bytes())
    cpu, wall = time.process_time(), time.perf_counter()
    report = analyze(loaded, feedback)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    if dump:
        dump.write_bytes(pickle.dumps(plain(report), protocol=pickle.HIGHEST_PROTOCOL))
    json.dump({"cpu_s": cpu, "wall_s": wall}, sys.stdout)


def plain(value, seen=None):
    """The report as nested tuples, dicts and scalars (frames as their records), for
    comparing two checkouts field by field; the project and feedback are inputs, left out.
    An object met again (a touchpoint's report in its phase, its journeys, the pain points)
    is written as the number it was first met as."""
    import dataclasses

    import numpy as np
    import pandas as pd

    from touchsite.models import Feedback, Project

    seen = {} if seen is None else seen
    if isinstance(value, (Project, Feedback)):
        return type(value).__name__
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if id(value) in seen:
            return ("seen", seen[id(value)][0])
        seen[id(value)] = (len(seen), value)  # kept alive, so its id is not reused
        return (
            type(value).__name__,
            tuple((f.name, plain(getattr(value, f.name), seen)) for f in dataclasses.fields(value)),
        )
    if isinstance(value, dict):
        return {repr(k): plain(v, seen) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return tuple(plain(v, seen) for v in value)
    if isinstance(value, (set, frozenset)):
        return tuple(sorted(repr(v) for v in value))
    if isinstance(value, pd.DataFrame):
        return ("frame", tuple(value.columns), plain(value.to_dict("records"), seen))
    if isinstance(value, pd.Series):
        return ("series", plain(value.to_dict(), seen))
    if isinstance(value, np.ndarray):
        return ("array", plain(value.tolist(), seen))
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, float) and value != value:
        return "nan"
    if isinstance(value, (str, int, float, bool, type(None))):
        return value
    return repr(value)


def differences(a, b, path="report", found=None, limit=20) -> list[str]:
    found = [] if found is None else found
    if len(found) >= limit:
        return found
    if type(a) is not type(b):
        found.append(f"{path}: {a!r:.80} != {b!r:.80}")
    elif isinstance(a, dict):
        for key in sorted(a.keys() | b.keys()):
            if key not in a or key not in b:
                found.append(f"{path}[{key}]: only in one")
            else:
                differences(a[key], b[key], f"{path}[{key}]", found, limit)
    elif isinstance(a, tuple):
        if len(a) != len(b):
            found.append(f"{path}: {len(a)} items != {len(b)}")
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            differences(x, y, f"{path}[{i}]", found, limit)
    elif a != b:
        found.append(f"{path}: {a!r:.80} != {b!r:.80}")
    return found


def run(checkout: Path, project: Path, feedback_file: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    args = [sys.executable, str(HERE / "bench" / "analyze_stage.py"), "--child"]
    done = subprocess.run(
        [*args, str(project), str(feedback_file)], env=env, capture_output=True, text=True
    )
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("project", type=Path, nargs="?")
    parser.add_argument("--base", type=Path, help="another checkout to run against this one")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--feedback", type=Path, default=Path("/tmp/analysis-fb.pkl"))
    parser.add_argument("--reuse", action="store_true", help="keep an existing --feedback file")
    parser.add_argument("--dump", type=Path, help="write this checkout's report for --compare")
    parser.add_argument("--compare", nargs=2, type=Path, metavar=("A", "B"))
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(*args.child, args.dump)
        return 0
    if args.compare:
        a, b = (pickle.loads(path.read_bytes()) for path in args.compare)
        found = differences(a, b)
        print("\n".join(found) or "identical")
        return 1 if found else 0
    if not (args.reuse and args.feedback.exists()):
        prepare(args.project, args.feedback)
    if args.dump:
        child(args.project, args.feedback, args.dump)
        return 0
    checkouts = {"this": HERE} | ({"base": args.base.resolve()} if args.base else {})
    samples: dict[str, list[dict]] = {name: [] for name in checkouts}
    for _ in range(args.pairs):
        for name, checkout in checkouts.items():
            samples[name].append(run(checkout, args.project, args.feedback))
    for name, runs in samples.items():
        cpu = statistics.median(r["cpu_s"] for r in runs)
        wall = statistics.median(r["wall_s"] for r in runs)
        print(f"{name:5} analyze: CPU {cpu:6.2f} s  wall {wall:6.2f} s  (medians of {len(runs)})")
    if args.base:
        for measure in ("cpu_s", "wall_s"):
            pairs = zip(samples["this"], samples["base"], strict=True)
            ratios = [this[measure] / base[measure] for this, base in pairs]
            name = measure.removesuffix("_s").upper().replace("WALL", "wall")
            print(f"per-pair {name} ratios this/base:", " ".join(f"{r:.2f}" for r in ratios))
    return 0


if __name__ == "__main__":
    sys.exit(main())
