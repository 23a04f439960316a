"""Blind spots on the phase x channel plane, on the mini fixture and on a made-up config."""

from __future__ import annotations

import csv
from collections import Counter

from click.testing import CliRunner

from tests.conftest import MINI, make_config
from touchsite.__main__ import cli
from touchsite.analyze.coverage import coverage, shown_kpi
from touchsite.models import Channel, Phase, Source, Targets, Touchpoint
from touchsite.project import load_project


def _answers_per_touchpoint() -> dict[str, int]:
    with (MINI / "data" / "feedback.csv").open(encoding="utf-8") as handle:
        return dict(Counter(row["touchpoint"] for row in csv.DictReader(handle)))


def test_mini_blind_spots():
    project, _ = load_project(MINI)
    responses = _answers_per_touchpoint()
    assert responses == {"search": 12, "hotline": 40}  # quiet has no feedback
    found = coverage(project.config, project.touchpoints, responses)
    assert [(c.phase, c.channel, c.status) for c in found.cells] == [
        ("before", "web", "measured"),
        ("before", "phone", "empty"),
        ("after", "web", "unmeasured"),
        ("after", "phone", "measured"),
    ]
    assert found.empty == [("before", "phone")]
    assert [(c.phase, c.channel, c.unmeasured) for c in found.unmeasured] == [
        ("after", "web", ("quiet",))
    ]
    assert found.unmeasured_touchpoints == ["quiet"]
    assert (found.covered, found.share_covered) == (3, 0.75)


def _touchpoint(tp_id: str, phase: str, channel: str, order: int = 0) -> Touchpoint:
    return Touchpoint(
        id=tp_id,
        title=tp_id,
        phase=phase,
        channel=channel,
        type="",
        category="",
        influence="",
        direction="",
        c2c=False,
        owner="",
        personas=(),
        emotion=None,
        value=(),
        targets=Targets(),
        order=order,
        body="",
        source=Source(f"content/touchpoints/{tp_id}.md"),
    )


def test_partial_cell_and_unknown_places():
    config = make_config(
        phases=(Phase("learn", "Learn"), Phase("buy", "Buy")),
        channels=(Channel("web", "Web"), Channel("app", "App")),
    )
    touchpoints = [
        _touchpoint("faq", "learn", "web", order=2),
        _touchpoint("blog", "learn", "web", order=1),
        _touchpoint("checkout", "buy", "app"),
        _touchpoint("kiosk", "buy", "shop"),  # unknown channel
        _touchpoint("ad", "dream", "web"),  # unknown phase
    ]
    found = coverage(config, touchpoints, {"faq": 25, "blog": 0, "kiosk": 7})
    assert [(c.phase, c.channel, c.touchpoints, c.status) for c in found.cells] == [
        ("learn", "web", ("blog", "faq"), "partial"),
        ("learn", "app", (), "empty"),
        ("buy", "web", (), "empty"),
        ("buy", "app", ("checkout",), "unmeasured"),
    ]
    assert found.empty == [("learn", "app"), ("buy", "web")]
    assert [c.unmeasured for c in found.unmeasured] == [("blog",), ("checkout",)]
    assert found.cell("learn", "web").unmeasured == ("blog",)
    assert found.share_covered == 0.5


def test_no_touchpoints():
    found = coverage(make_config(), [], {})
    assert found.empty == [("before", "web")]
    assert found.unmeasured == [] and found.share_covered == 0.0


def test_the_map_shows_a_kpi_the_touchpoints_were_rated_by():
    """A survey asks its NPS once, for the company, and rates each touchpoint by its CSAT:
    with kpis.primary nps, the map's tiles and the journeys showed no figure."""
    config = make_config(primary_kpi="nps")
    assert shown_kpi(config, {"nps": 0, "csat": 800, "ces": 30}) == "csat"
    assert shown_kpi(config, {"nps": 1, "csat": 800}) == "nps"  # one answer is a figure
    assert shown_kpi(config, {"nps": 0, "csat": 0}) == "nps"  # no answers at all
    assert shown_kpi(make_config(primary_kpi="csat"), {"nps": 9, "csat": 0, "ces": 5}) == "nps"


def test_a_build_whose_touchpoints_answer_another_kpi_shows_it_and_says_so(mini):
    """The mini project's answers as such a survey gives them: NPS for the company only."""
    feedback = mini / "data" / "feedback.csv"
    with feedback.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows:
        row["nps"] = ""
    rows.append({**rows[0], "touchpoint": "overall", "nps": "9", "csat": "", "ces": ""})
    with feedback.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    answered = {kpi: sum(bool(row[kpi]) for row in rows[:-1]) for kpi in ("csat", "ces")}
    most = max(answered, key=answered.__getitem__)
    result = CliRunner().invoke(cli, ["build", str(mini)])
    assert result.exit_code == 0, result.output
    assert (
        f"The journey map and the journeys show {most}: no touchpoint has nps answers "
        "(kpis.primary; the overall question aside)." in result.output
    )
    page = (mini / "site" / "index.html").read_text(encoding="utf-8")
    assert f'id="journey-map" data-kpi="{most}"' in page
    assert f'<option value="{most}" selected>' in page
