"""What changed in a client map, thing by thing, on models built in the test (no git)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import make_config
from tests.test_coverage import _touchpoint
from touchsite.analyze.content_changes import Content, content_changes
from touchsite.models import (
    Channel,
    Insight,
    Journey,
    Persona,
    Phase,
    Rules,
    Scale,
    Source,
    Step,
    Targets,
    Touchpoint,
)

CONFIG = make_config(
    phases=(Phase("before", "Before"), Phase("after", "After")),
    channels=(Channel("web", "Website"), Channel("phone", "Phone")),
    personas=(Persona("family", "Family"),),
)


def touchpoint(tp_id: str, title: str, **changes) -> Touchpoint:
    described = {"body": f"What happens at {title}, described at length for the workshop.\n"}
    return dataclasses.replace(
        _touchpoint(tp_id, "before", "web"), title=title, **{**described, **changes}
    )


def journey(*steps: Step, **changes) -> Journey:
    base = Journey(
        id="buy",
        title="Buying",
        order=0,
        persona="",
        state="as-is",
        as_is="",
        phases=CONFIG.phases,
        lanes=(),
        steps=steps,
        recommendations=(),
        body="",
        source=Source("content/journeys/buy.md"),
    )
    return dataclasses.replace(base, **changes)


def content(config=CONFIG, touchpoints=(), journeys=()) -> Content:
    return Content(config, list(touchpoints), [], list(journeys), [])


def summary(changes) -> list[tuple]:
    return [
        (c.kind, c.change, c.id, c.old_id, [(f.name, f.old, f.new) for f in c.fields])
        for c in changes
    ]


STEPS = (
    Step("a", "A", "before", ("search",)),
    Step("b", "B", "before"),
    Step("c", "C", "after"),
    Step("d", "D", "after"),
)


def steps_of(old: Journey, new: Journey) -> list[tuple]:
    changes, _ = content_changes(content(journeys=[old]), content(journeys=[new]))
    [change] = changes
    return [(s.id, s.change, [(f.name, f.old, f.new) for f in s.fields]) for s in change.steps]


def test_steps_reordered_added_removed_and_edited():
    old = journey(*STEPS)
    a, b, c, d = STEPS
    pain = Insight("Slow", quotes=("slow",))
    new = journey(
        a,
        dataclasses.replace(c, phase="after"),
        b,
        Step("e", "E", "after"),
        dataclasses.replace(d, emotion=-2, pain_points=(pain,), texts=(("actions", ("Waits",)),)),
    )
    assert steps_of(old, new) == [
        ("c", "reordered", [("position", "3", "2")]),
        ("e", "added", [("phase", "", "after")]),
        (
            "d",
            "edited",
            [
                ("emotion", "", "-2"),
                ("texts", "[]", "{actions: [Waits]}"),
                ("pain_points", "[]", "[Slow (quotes: [slow])]"),
            ],
        ),
    ]
    assert steps_of(old, journey(a, c, d)) == [("b", "removed", [("phase", "before", "")])]


def test_a_step_moved_to_another_phase_is_not_also_reordered():
    a, b, c, d = STEPS
    moved = dataclasses.replace(b, phase="after")
    assert steps_of(journey(*STEPS), journey(a, c, moved, d)) == [
        ("b", "moved", [("phase", "before", "after")])
    ]


def test_insight_evidence_changes_are_seen():
    a = Step("a", "A", "before", needs=(Insight("Callback", sources=("Interviews",)),))
    b = dataclasses.replace(a, needs=(Insight("Callback", sources=("Interviews", "Calls")),))
    assert steps_of(journey(a), journey(b)) == [
        (
            "a",
            "edited",
            [
                (
                    "needs",
                    "[Callback (sources: [Interviews])]",
                    "[Callback (sources: [Interviews, Calls])]",
                )
            ],
        )
    ]


def test_settings_phases_channels_and_personas():
    new = dataclasses.replace(
        CONFIG,
        targets=Targets(nps=30.0),
        ces_scale=Scale(1, 5, higher_is_better=False),
        rules=Rules(min_n_confident=50, period="quarter"),
        channels=(
            Channel("web", "Online shop"),
            Channel("phone", "Phone"),
            Channel("chat", "Chat"),
        ),
        personas=(),
    )
    changes, _ = content_changes(content(), content(config=new))
    settings = [
        ("kpis.targets.nps", "", "30"),
        ("kpis.ces_scale", "", "{min: 1, max: 5, higher_is_better: false}"),
        ("analysis.min_n_confident", "30", "50"),
        ("analysis.period", "month", "quarter"),
    ]
    assert summary(changes) == [
        ("setting", "edited", "touchsite.yml", "", settings),
        ("channel", "edited", "web", "", [("title", "Website", "Online shop")]),
        ("channel", "added", "chat", "", []),
        ("persona", "removed", "family", "", []),
    ]


def test_every_touchpoint_field_counts_lanes_and_targets_too():
    old = touchpoint("hotline", "Hotline", targets=Targets(nps=20.0))
    new = dataclasses.replace(
        old,
        targets=Targets(nps=30.0),
        lanes=(("backstage", ("Dispatch calls back",)),),
        personas=("family",),
        channel="phone",
    )
    changes, _ = content_changes(content(touchpoints=[old]), content(touchpoints=[new]))
    [(kind, change, tp_id, old_id, fields)] = summary(changes)
    assert (kind, change, tp_id, old_id) == ("touchpoint", "moved", "hotline", "")
    assert fields == [
        ("channel", "web", "phone"),
        ("personas", "[]", "[family]"),
        ("targets", "{nps: 20}", "{nps: 30}"),
        ("lanes", "[]", "{backstage: [Dispatch calls back]}"),
    ]


def test_a_rename_is_found_by_content_and_references_follow_it():
    old_tp = touchpoint("hotline", "Hotline")
    new_tp = dataclasses.replace(old_tp, id="service-hotline")
    other = touchpoint("chat", "Live chat", body="Something else entirely.\n")
    old = content(touchpoints=[old_tp], journeys=[journey(Step("a", "A", "before", ("hotline",)))])
    new = content(
        touchpoints=[new_tp, other],
        journeys=[journey(Step("a", "A", "before", ("service-hotline",)))],
    )
    changes, renames = content_changes(old, new)
    assert summary(changes) == [
        ("touchpoint", "renamed", "service-hotline", "hotline", []),
        ("touchpoint", "added", "chat", "", [("phase", "", "before"), ("channel", "", "web")]),
    ]
    assert renames["touchpoint"] == {"hotline": "service-hotline"}


def test_something_new_in_place_of_something_else_is_not_a_rename():
    old = touchpoint("hotline", "Hotline", body="Customers call about their delivery.\n")
    new = touchpoint("survey", "Survey", body="A questionnaire by e-mail after the purchase.\n",
                     type="analog", category="marketing")  # fmt: skip
    changes, renames = content_changes(content(touchpoints=[old]), content(touchpoints=[new]))
    assert [(c.change, c.id) for c in changes] == [("added", "survey"), ("removed", "hotline")]
    assert renames["touchpoint"] == {}


@given(
    order=st.permutations(range(4)),
    phases=st.lists(st.sampled_from(["before", "after"]), min_size=4, max_size=4),
)
def test_each_step_is_reported_once_and_nothing_when_nothing_changed(order, phases):
    steps = [dataclasses.replace(STEPS[i], phase=phases[i]) for i in order]
    reported = steps_of(journey(*STEPS), journey(*steps)) if steps != list(STEPS) else []
    assert len({step_id for step_id, _, _ in reported}) == len(reported)
    for step_id, change, _fields in reported:
        index = "abcd".index(step_id)
        assert change in ("moved", "reordered")
        assert (change == "moved") == (phases[index] != STEPS[index].phase)
    unchanged, _ = content_changes(
        content(journeys=[journey(*STEPS)]), content(journeys=[journey(*STEPS)])
    )
    assert unchanged == ()


@pytest.mark.parametrize("kind", ["phase", "channel", "persona"])
def test_a_config_item_renamed_in_its_place(kind):
    plural = kind + "s"
    items = getattr(CONFIG, plural)
    renamed = (dataclasses.replace(items[0], id="new-id", title="New title"), *items[1:])
    changes, renames = content_changes(
        content(), content(config=dataclasses.replace(CONFIG, **{plural: renamed}))
    )
    assert [(c.kind, c.change, c.old_id, c.id) for c in changes] == [
        (kind, "renamed", items[0].id, "new-id")
    ]
    assert renames[kind] == {items[0].id: "new-id"}


def test_a_journeys_own_phases_are_compared_with_their_titles():
    own = Phase("reported", "Reported")
    old = journey(phases=(*CONFIG.phases, own))
    new = journey(phases=(*CONFIG.phases, Phase("reported", "Damage reported")))
    changes, _ = content_changes(content(journeys=[old]), content(journeys=[new]))
    assert summary(changes) == [
        (
            "journey",
            "edited",
            "buy",
            "",
            [
                (
                    "phases",
                    "[before, after, reported (Reported)]",
                    "[before, after, reported (Damage reported)]",
                )
            ],
        )
    ]
    # a shared phase renamed in touchsite.yml is the config's change, not the journey's
    renamed = dataclasses.replace(CONFIG, phases=(Phase("before", "Earlier"), CONFIG.phases[1]))
    before = content(journeys=[journey()])
    after = content(config=renamed, journeys=[journey(phases=renamed.phases)])
    assert [c.kind for c in content_changes(before, after)[0]] == ["phase"]
