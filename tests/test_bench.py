"""The benchmark's generated project, as a site a reader would open."""

from __future__ import annotations

import re
from pathlib import Path

from bench.run import Size, _write_project
from touchsite.build import build


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
