"""Chart figures as they reach a built page."""

from __future__ import annotations

import json
import re
from pathlib import Path

from touchsite.build import build

RED, GREY, GREEN = "#a3341f", "#8a94a3", "#1b7f4b"  # bad, middling and good answers


def figure(page: Path, chart: str) -> dict:
    html = page.read_text(encoding="utf-8")
    found = re.search(rf'<script type="application/json" id="{chart}-data">(.*?)</script>', html)
    assert found, f"{chart} not on {page.name}"
    return json.loads(found.group(1))


def test_a_ces_on_1_to_5_lower_is_better_shows_its_own_scale_and_direction(
    mini: Path, tmp_path: Path
):
    config = mini / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    effort = "ces_scale: {min: 1, max: 5, higher_is_better: false}"
    config.write_text(
        text.replace("ces_scale: {min: 1, max: 7, higher_is_better: true}", effort).replace(
            "ces: 5", "ces: 2"
        ),
        encoding="utf-8",
    )
    # the hotline's CES answers: 20 x 2 and 20 x 6; on 1-5 the sixes become fives
    data = mini / "data" / "feedback.csv"
    rows = data.read_text(encoding="utf-8").splitlines()
    rows = [re.sub(r"^(H\d+,hotline,[^,]*,[^,]*,[^,]*),6,", r"\1,5,", row) for row in rows]
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")

    site = tmp_path / "site"
    build(mini, site)
    [bar] = figure(
        site / "touchpoints" / "hotline.html", "chart-touchpoint-hotline-distribution-ces"
    )["data"]

    # "how much effort": 1 and 2 are little effort (good), 3 the middle, 4 and 5 much (bad)
    assert bar["x"] == ["1", "2", "3", "4", "5"]
    assert bar["y"] == [0, 20, 0, 0, 20]
    assert bar["marker"]["color"] == [GREEN, GREEN, GREY, RED, RED]
