"""The benchmark's generated project, as a site a reader would open."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from bench.run import Size, _write_project
from touchsite.build import build
from touchsite.render.site import PARALLEL_PAGES


def test_the_benchmark_sites_navigation_names_each_page_in_its_own_words(tmp_path: Path):
    """The benchmark's free page was titled "Methode", and its navigation read "Methoden"
    (the site's own page on how the figures are made) and, four entries on, "Methode": two
    pages a reader could not tell apart by name."""
    root = tmp_path / "bench"
    root.mkdir()
    _write_project(root, Size(12, 400), seed=1)
    build(root, tmp_path / "site")
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    nav = page[page.index("<nav") : page.index("</nav>")]
    labels = [label.casefold() for label in re.findall(r">([^<>]+)</a>", nav)]
    assert "methoden" in labels
    for i, a in enumerate(labels):
        for j, b in enumerate(labels):
            # one a word the other inflected ("Methode", "Methoden"), or the same twice
            assert i == j or not b.startswith(a), (a, b)


def test_the_stages_are_those_the_build_runs_in_its_order(tmp_path: Path):
    """`--stages` timed load, analyze, render and write by calling them itself, without
    Pagefind, the link check or the render's workers: it could not show what a build spends
    after the render, nor when its processes do their parts."""
    root = tmp_path / "bench"
    root.mkdir()
    _write_project(root, Size(PARALLEL_PAGES + 20, 2000), seed=1)
    script = Path(__file__).parents[1] / "bench" / "run.py"
    done = subprocess.run(
        [sys.executable, str(script), "--stages-child", str(root), str(tmp_path / "site")],
        capture_output=True,
        text=True,
        check=True,
    )
    stages = json.loads(done.stdout)
    order = [
        "import",
        "load project",
        "load feedback",
        "load business",
        "analyze",
        "render",
        "render: other pages",
        "render: touchpoint pages left",
        "render: overview",
        "link check",
        "write",
        "write: old index linked ahead",
        "search index",
        "other",
    ]
    timed = list(stages["stages_s"])
    assert timed == [stage for stage in order if stage in timed]
    # the workers may have taken every run
    assert set(order) - set(timed) <= {"render: touchpoint pages left"}
    timeline = stages["timeline"]
    total = stages["total_s"]
    assert all(0 <= span["start"] <= span["end"] <= total for span in timeline["main"])
    workers = timeline["workers"]
    assert workers and sum(worker["pages"] for worker in workers) < PARALLEL_PAGES + 20
    assert all(0 < worker["start"] <= worker["end"] <= total for worker in workers)
    search = timeline["search"]
    assert 0 < search["start"] <= search["sent"] <= search["index"] <= total
    assert {"the project's reading", "the search index"} <= set(timeline["waits"])
    assert (tmp_path / "site" / "pagefind" / "pagefind.js").is_file()


def test_a_run_builds_into_a_folder_of_its_own_and_removes_it(tmp_path: Path):
    """The sites were written to `<cache>/sites/<size>` and the floor's pages to
    `<cache>/floor/<size>`: two benchmarks run at once on one cache built into the same
    folders, each timing a build whose site the other was replacing."""
    script = Path(__file__).parents[1] / "bench" / "run.py"
    cache = tmp_path / "cache"
    runs = [
        subprocess.Popen(
            [sys.executable, str(script), "--sizes", "5x300", "--runs", "1", "--cache", str(cache)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    for run in runs:
        out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert sorted(p.name for p in cache.iterdir()) == ["projects", "results.json"]
    results = json.loads((cache / "results.json").read_text(encoding="utf-8"))
    assert results["results"][0]["size"] == "5x300"
