"""Blind spots on the phase x channel plane, on the mini fixture and on a made-up config."""

from __future__ import annotations

import csv
from collections import Counter

from tests.conftest import MINI, make_config
from touchsite.analyze.coverage import coverage
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
