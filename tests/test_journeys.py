"""Journeys and opportunities as files: what they read as, and every mistake with its line."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import re
from pathlib import Path

import pytest

from touchsite.analyze.journeys import _voices, blueprint_lines
from touchsite.build import build
from touchsite.errors import UserError
from touchsite.load.content import unquote
from touchsite.models import Comment
from touchsite.pipeline import check
from touchsite.project import load_project

JOURNEY = """\
---
title: Buying a sofa
persona: family
lanes:
  - actions
  - touchpoints
  - pain_points
  - frontstage
  - backstage
  - support
steps:
  - id: find
    title: Find a sofa
    phase: before
    touchpoints: [search]
    actions: Searches the shop
    backstage: [Search index, Product data]
    pain_points:
      - Results are poor
      - text: Search is great, they say
        quotes: [great]
        sources: [Shop analytics]
        kpi: csat
    needs:
      - text: A search they like
        quotes: [great]
    thoughts: "„Where is the blue one?“"
  - id: call
    title: Call about delivery
    phase: after
    touchpoints: [hotline, quiet]
    needs: [A fixed date]
---
The family buys a sofa.
"""

TO_BE = """\
---
title: Buying a sofa, target
state: to-be
as_is: buying
recommendations: [callback]
steps:
  - id: find  # the same step: everything inherited from the as-is journey
  - id: chat
    title: Chat about delivery
    phase: after
    touchpoints: [search]
---
"""

OPPORTUNITY = """\
---
title: One answer, any channel
steps: [buying/call, buying-target/chat]
recommendations: [callback]
owner: Service
status: planned
impact: 4
effort: 3
---
Answer delivery questions wherever they are asked.
"""


def _write(project: Path, relative: str, text: str) -> Path:
    path = project / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def journeys(mini: Path) -> Path:
    _write(mini, "content/journeys/buying.md", JOURNEY)
    _write(mini, "content/journeys/buying-target.md", TO_BE)
    _write(mini, "content/opportunities/one-answer.md", OPPORTUNITY)
    hotline = mini / "content/touchpoints/hotline.md"
    hotline.write_text(
        hotline.read_text().replace(
            "targets:", "lanes:\n  backstage: Dispatch looks up the tour\ntargets:"
        )
    )
    return mini


def _problems(project: Path) -> list[str]:
    with pytest.raises(UserError) as caught:
        check(project)
    return [str(problem) for problem in caught.value.problems]


def test_a_journey_reads_as_written(journeys: Path):
    project, problems = load_project(journeys)
    assert not problems
    buying, target = project.journeys  # sorted by order, then id
    assert (buying.id, target.id) == ("buying", "buying-target")
    assert [p.id for p in buying.phases] == ["before", "after"]  # default: touchsite.yml's
    assert buying.lanes == (
        "actions",
        "touchpoints",
        "pain_points",
        "frontstage",
        "backstage",
        "support",
    )
    find, call = buying.steps
    assert find.text("backstage") == ("Search index", "Product data")
    assert find.text("actions") == ("Searches the shop",)
    plain, backed = find.pain_points
    assert plain.text == "Results are poor" and plain.touchpoints == ()
    assert backed.quotes == ("great",) and backed.sources == ("Shop analytics",)
    assert backed.kpi == "csat" and backed.line == 20
    assert call.touchpoints == ("hotline", "quiet") and call.needs[0].text == "A fixed date"
    assert target.state == "to-be" and target.as_is == "buying"
    [opportunity] = project.opportunities
    assert opportunity.steps == ("buying/call", "buying-target/chat")
    hotline = next(tp for tp in project.touchpoints if tp.id == "hotline")
    assert hotline.lane("backstage") == ("Dispatch looks up the tour",)


def test_default_lanes_and_journey_phases(mini: Path):
    _write(
        mini,
        "content/journeys/short.md",
        "---\ntitle: Short\nphases:\n  - after\n  - {id: later, title: Later}\n"
        "steps:\n  - {id: a, title: A, phase: later}\n---\n",
    )
    project, problems = load_project(mini)
    assert not problems
    [journey] = project.journeys
    assert [(p.id, p.title) for p in journey.phases] == [("after", "After"), ("later", "Later")]
    assert journey.lanes[:3] == ("actions", "touchpoints", "channels")


def test_every_mistake_in_journeys_is_reported_with_its_line(journeys: Path):
    path = journeys / "content/journeys/buying.md"
    text = path.read_text()
    text = text.replace("  - backstage\n", "  - backstge\n")  # line 9
    text = text.replace("touchpoints: [hotline, quiet]", "touchpoints: [hotline, quiet, hotlne]")
    text = text.replace(
        "    needs: [A fixed date]\n", "    needs: [A fixed date]\n    feelings: bad\n"
    )
    text = text.replace("    phase: after\n", "    phase: afterwards\n")
    path.write_text(text)
    target = journeys / "content/journeys/buying-target.md"
    target.write_text(target.read_text().replace("as_is: buying", "as_is: buyng"))
    opportunity = journeys / "content/opportunities/one-answer.md"
    opportunity.write_text(opportunity.read_text().replace("buying/call", "buying/calls"))
    hotline = journeys / "content/touchpoints/hotline.md"
    hotline.write_text(hotline.read_text().replace("  backstage:", "  backstag:"))

    problems = _problems(journeys)
    expected = [
        (
            "content/journeys/buying.md:9: error: unknown lane 'backstge'",
            "did you mean 'backstage'?",
        ),
        ("content/journeys/buying.md:31: error: touchpoint 'hotlne' does not exist", "'hotline'"),
        ("content/journeys/buying.md:33: error: unknown lane or key 'feelings'", ""),
        ("content/journeys/buying.md:30: error: step 'call' is in unknown phase 'afterwards'", ""),
        ("content/journeys/buying-target.md:4: error: as_is points at missing journey", "'buying'"),
        ("content/opportunities/one-answer.md:3: error: step 'buying/calls' does not exist", ""),
        # with its as-is journey missing, the to-be step has nothing to inherit its phase from
        ("content/journeys/buying-target.md:7: error: step 'find' has no phase", "inherits"),
        ("content/touchpoints/hotline.md:7: error: unknown lane 'backstag'", "'backstage'"),
    ]
    for start, hint in expected:
        assert any(p.startswith(start) and hint in p for p in problems), (start, problems)
    assert len(problems) == len(expected), problems


def test_to_be_needs_an_as_is_journey(mini: Path):
    _write(mini, "content/journeys/future.md", TO_BE.replace("as_is: buying\n", ""))
    problems = _problems(mini)
    assert any(
        p.startswith("content/journeys/future.md:3: error: a to-be journey needs") for p in problems
    )


def test_a_bad_journey_keeps_the_last_site(journeys: Path):
    build(journeys)
    before = (journeys / "site/index.html").read_bytes()
    path = journeys / "content/journeys/buying.md"
    path.write_text(path.read_text().replace("[search]", "[serch]", 1))
    with pytest.raises(UserError):
        build(journeys)
    assert (journeys / "site/index.html").read_bytes() == before


def _answers(project: Path, touchpoints: set[str], kpi: str) -> int:
    with (project / "data/feedback.csv").open(encoding="utf-8") as handle:
        return sum(
            1 for row in csv.DictReader(handle) if row["touchpoint"] in touchpoints and row[kpi]
        )


def test_steps_pool_their_touchpoints_and_lanes_fall_back(journeys: Path):
    report = check(journeys)
    buying = next(j for j in report.journeys if j.journey.id == "buying")
    find, call = buying.steps
    # pooled over hotline and quiet (which has no answers), counted from the CSV here
    assert call.kpis["nps"].n == _answers(journeys, {"hotline", "quiet"}, "nps") == 40
    assert find.kpis["csat"].n == _answers(journeys, {"search"}, "csat")
    assert [c.title for c in call.channels] == ["Website", "Phone"]  # in touchsite.yml order
    assert call.texts["backstage"] == ("Dispatch looks up the tour",)  # from the touchpoint
    assert find.texts["backstage"] == ("Search index", "Product data")  # the step's own
    assert [r.touchpoint.id for r in call.measured_pain] == ["hotline"]
    # the one comment with "Great" in it (NPS 9) supports the need, not the pain point
    [need] = find.needs
    assert [c.touchpoint for c in need.quotes] == ["search"] and need.evidence.quotes == 1
    backed = find.pain_points[1]
    assert backed.quotes == () and backed.evidence.kpi == "csat"
    assert find.pain_points[0].evidence.quotes == 0
    assert find.texts["thoughts"] == ("Where is the blue one?",)  # the site adds the marks


def test_to_be_against_as_is(journeys: Path):
    report = check(journeys)
    buying, target = report.journeys
    assert target.as_is is buying.journey and buying.to_be == (target,)
    assert [(s.step.id, s.change) for s in target.steps] == [("find", "same"), ("chat", "new")]
    assert [s.id for s in target.removed] == ["call"]
    assert [rec.id for rec in target.recommendations] == ["callback"]
    assert all(s.change == "" for s in buying.steps)


def test_a_to_be_step_writes_only_what_changes(journeys: Path):
    path = journeys / "content/journeys/buying-target.md"
    path.write_text(
        path.read_text().replace(
            "  - id: find  #", "  - id: find\n    actions: Asks the chat\n    #"
        )
    )
    project, problems = load_project(journeys)
    assert not problems
    as_is, to_be = (j.steps[0] for j in project.journeys)
    assert to_be.text("actions") == ("Asks the chat",)
    assert (to_be.title, to_be.phase, to_be.touchpoints) == (
        as_is.title,
        as_is.phase,
        as_is.touchpoints,
    )
    assert to_be.text("backstage") == as_is.text("backstage") and to_be.needs == as_is.needs
    [find, _chat] = check(journeys).journeys[1].steps
    assert find.change == "changed"


def test_opportunities_link_steps_journeys_and_touchpoints(journeys: Path):
    report = check(journeys)
    [o] = report.opportunities
    assert [(j.journey.id, s.step.id) for j, s in o.steps] == [
        ("buying", "call"),
        ("buying-target", "chat"),
    ]
    assert [j.journey.id for j in o.journeys] == ["buying", "buying-target"]
    assert [r.touchpoint.id for r in o.touchpoints] == ["hotline", "quiet", "search"]
    assert [rec.id for rec in o.recommendations] == ["callback"]
    buying = report.journeys[0]
    assert buying.step("call").opportunities == (o.opportunity,)
    assert buying.step("find").opportunities == ()
    assert [(j.journey.id, s.step.id) for j, s in report.steps_of("search")] == [
        ("buying", "find"),
        ("buying-target", "find"),
        ("buying-target", "chat"),
    ]


def test_the_report_is_frozen_once_built(journeys: Path):
    """Every stage after analyze reads the same results: none can be changed or appended to."""
    report = check(journeys)
    buying, target = report.journeys
    find = buying.step("find")
    results = {
        "report": report,
        "phase": report.phases[0],
        "touchpoint": report.touchpoint("search"),
        "journey": buying,
        "to-be journey": target,
        "step": find,
        "insight": find.pain_points[0],
        "opportunity": report.opportunities[0],
    }
    for name, result in results.items():
        for field in dataclasses.fields(result):
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(result, field.name, None)
            value = getattr(result, field.name)
            assert not isinstance(value, list), f"{name}.{field.name} is a list"
        with pytest.raises(dataclasses.FrozenInstanceError):
            result.added_later = 1
    # and nothing the analysis made, however deep, hands on a list
    assert list(_lists_in_results(report, "report", set())) == []


def _lists_in_results(value, path: str, seen: set[int]):
    """The paths to lists inside the analysis's own results (not inside the loaded models)."""
    if id(value) in seen:
        return
    seen.add(id(value))
    if isinstance(value, list):
        yield path
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _lists_in_results(item, f"{path}[{index}]", seen)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _lists_in_results(item, f"{path}[{key!r}]", seen)
    elif dataclasses.is_dataclass(value) and type(value).__module__.startswith("touchsite.analyze"):
        for field in dataclasses.fields(value):
            yield from _lists_in_results(getattr(value, field.name), f"{path}.{field.name}", seen)


def test_blueprint_lines_go_above_each_layers_first_lane():
    lanes = ["actions", "touchpoints", "frontstage", "backstage", "support"]
    assert blueprint_lines(lanes) == [
        ("actions", ""),
        ("touchpoints", ""),
        ("frontstage", "interaction"),
        ("backstage", "visibility"),
        ("support", "internal"),
    ]
    # no frontstage: the line of visibility still separates the customer from the backstage
    assert blueprint_lines(["actions", "backstage", "needs"]) == [
        ("actions", ""),
        ("backstage", "visibility"),
        ("needs", ""),
    ]


def test_empty_steps_or_phases_are_reported(mini: Path):
    _write(mini, "content/journeys/bare.md", "---\ntitle: Bare\nphases: []\nsteps: []\n---\n")
    problems = _problems(mini)
    assert any(
        p.startswith("content/journeys/bare.md:4: error: a journey needs at least one step")
        for p in problems
    )
    assert any(
        p.startswith("content/journeys/bare.md:3: error: 'phases' is empty") for p in problems
    )


def test_a_to_be_journey_takes_the_as_is_phases_and_lanes(mini: Path):
    _write(
        mini,
        "content/journeys/service.md",
        "---\ntitle: Service\nphases: [{id: ask, title: Ask}]\nlanes: [actions, backstage]\n"
        "steps:\n  - {id: call, title: Call, phase: ask, touchpoints: [hotline]}\n---\n",
    )
    _write(
        mini,
        "content/journeys/service-target.md",
        "---\ntitle: Service, target\nstate: to-be\nas_is: service\nsteps:\n  - id: call\n---\n",
    )
    project, problems = load_project(mini)
    assert not problems
    service, target = project.journeys
    assert target.phases == service.phases and target.lanes == ("actions", "backstage")
    assert target.steps == service.steps


def test_thoughts_lose_only_the_marks_around_them(journeys: Path):
    assert unquote("„Where is it?“") == "Where is it?"
    assert unquote('"Quick"') == "Quick"
    assert unquote("'schnell' sagt der Shop") == "'schnell' sagt der Shop"
    assert unquote("Er sagte „bald“") == "Er sagte „bald“"


def test_journey_text_and_comments_are_escaped(journeys: Path):
    path = journeys / "content/journeys/buying.md"
    hostile = "<script>alert(1)</script>"
    path.write_text(
        path.read_text()
        .replace("title: Find a sofa", f'title: "Find {hostile}"')
        .replace("actions: Searches the shop", 'actions: "<img src=x onerror=alert(2)>"')
        .replace("  - pain_points\n", "  - pain_points\n  - needs\n")
    )
    result = build(journeys, write=False)
    page = result.files["journeys/buying.html"].decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(2)&gt;" in page
    # the customer comment with <b> in it is quoted as text (it supports a need)
    assert "<b>search</b>" not in page and "&lt;b&gt;search&lt;/b&gt;" in page


def test_a_comments_side_follows_its_kpis_scale():
    # NPS 0-6 critical, 9-10 positive; CSAT 1-2 / 4-5; no score is neutral, one off the
    # scale's answers (a half point) is judged by the scale's own rule
    import datetime as dt

    from tests.conftest import MINI
    from touchsite.analyze.journeys import Pool
    from touchsite.analyze.tables import Estimator
    from touchsite.load.feedback import load_feedback
    from touchsite.models import Comment
    from touchsite.project import load_project

    project, problems = load_project(MINI)
    config = project.config
    feedback = load_feedback(MINI, config, {tp.id for tp in project.touchpoints}, problems)
    pool = Pool({}, feedback, Estimator(config), config)
    day = dt.date(2026, 1, 1)
    expected = {
        ("nps", 0.0): "negative",
        ("nps", 6.0): "negative",
        ("nps", 7.0): "neutral",
        ("nps", 9.0): "positive",
        ("csat", 2.0): "negative",
        ("csat", 3.0): "neutral",
        ("csat", 4.0): "positive",
        (None, None): "neutral",
        # off the answers: the scale's own rule (NPS promoters from 9, CSAT critical to 2)
        ("nps", 9.5): "positive",
        ("csat", 1.5): "negative",
    }
    for (kpi, score), side in expected.items():
        assert pool.polarity(Comment("hotline", day, "", score, kpi, "x")) == side


def test_voices_are_the_newest_short_critical_and_positive_comments():
    def comment(text: str, day: int) -> Comment:
        return Comment("hotline", dt.date(2026, 3, day), "", None, None, text)

    long_new = comment("x" * 161, 20)  # the newest, but too long to come first
    comments = [
        comment("slow", 2),
        long_new,
        comment("late", 9),
        comment("fine", 5),
        comment("also late", 9),  # as new as "late": the text decides, "also" first
        comment("great", 7),
        comment("ok", 30),
    ]
    sides = ["negative", "negative", "negative", "positive", "negative", "positive", "neutral"]
    assert [c.text for c in _voices(comments, sides)] == ["also late", "great"]
    assert _voices([long_new], ["negative"]) == [long_new]
    assert _voices(comments[-1:], sides[-1:]) == []


def test_a_step_s_texts_are_read_as_written_not_as_yaml_1_1_values(journeys: Path):
    path = journeys / "content/journeys/buying.md"
    path.write_text(
        path.read_text()
        .replace(
            "    actions: Searches the shop\n",
            "    actions: [yes, 010]\n    frontstage: 12:30\n",
        )
        .replace('thoughts: "„Where is the blue one?“"', "thoughts: no")
    )
    project, problems = load_project(journeys)
    assert not problems
    find = project.journeys[0].steps[0]
    assert find.text("actions") == ("yes", "010")
    assert find.text("thoughts") == ("no",)
    assert find.text("frontstage") == ("12:30",)


def _nps(project: Path, touchpoints: set[str]) -> tuple[float, int]:
    with (project / "data/feedback.csv").open(encoding="utf-8") as handle:
        scores = [
            int(row["nps"])
            for row in csv.DictReader(handle)
            if row["touchpoint"] in touchpoints and row["nps"]
        ]
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    return 100 * (promoters - detractors) / len(scores), len(scores)


def test_a_journey_page_writes_its_figures_as_every_page_does(journeys: Path, tmp_path: Path):
    """The lead and each pain point's figures wrote an interval as "[−35 to +10]", the one
    place that did not say it is a 95 % interval: now "NPS −13 (95% CI −35 to +10; n = 52)",
    as the overview's verdict and cards."""
    build(journeys, tmp_path / "site")
    page = (tmp_path / "site" / "journeys" / "buying.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())
    figure = r"{kpi} ([+−]?\d+%?) \(95% CI ([+−]?\d+%?) to ([+−]?\d+%?); n = (\d+)\)"
    value, n = _nps(journeys, {"search", "hotline", "quiet"})
    lead = re.search(r"2 phases · " + figure.format(kpi="NPS"), text)
    assert lead, "the lead's figure is not written as '+X (95% CI a to b; n = N)'"
    shown, low, high, shown_n = (int(g.replace("−", "-")) for g in lead.groups())
    assert shown == round(value) and int(shown_n) == n
    assert low < shown < high
    # the pain point's evidence: the search touchpoint's CSAT, n counted from the CSV
    [evidence] = set(re.findall(r"Product search: " + figure.format(kpi="CSAT"), text))
    assert int(evidence[3]) == _answers(journeys, {"search"}, "csat")
    assert not re.search(r"\d \[[+−]?\d", text)  # no interval in brackets left


def test_pooled_kpis_made_in_one_batch_are_each_lists_own():
    # Pool.prepare makes the pooled figures of many lists of touchpoints in one batch per KPI
    # (tables of different widths side by side); each must be the figure of its own answers
    from scipy import stats as scipy_stats

    from tests.conftest import MINI
    from touchsite.analyze.journeys import Pool
    from touchsite.analyze.tables import Estimator
    from touchsite.load.feedback import load_feedback

    project, problems = load_project(MINI)
    config = project.config
    feedback = load_feedback(MINI, config, {tp.id for tp in project.touchpoints}, problems)
    tables = {  # touchpoints of no respondent: each answer counts alone
        ("a", "nps"): {10: 30, 0: 10},
        ("b", "nps"): {7: 20, 9: 10, 10: 10, 3: 10, 5: 10},
        ("a", "ces"): {7: 20, 5: 20},
        ("b", "ces"): {1: 10},
        ("a", "csat"): {5: 20, 4: 10, 1: 10},
    }
    pool = Pool(tables, feedback, Estimator(config), config)
    pool.prepare([("a",), ("a", "b"), ("b",), ("a", "b")])
    alone, both, other = pool.kpis(["a"]), pool.kpis(["a", "b"]), pool.kpis(["b"])
    # NPS: % of 9-10 minus % of 0-6
    assert (alone["nps"].n, alone["nps"].value) == (40, 100 * (30 - 10) / 40)
    assert (other["nps"].n, other["nps"].value) == (60, 100 * (20 - 20) / 60)
    assert (both["nps"].n, both["nps"].value) == (100, 100 * (50 - 30) / 100)
    # CSAT: the share of 4-5; b has none, so the pool's is a's
    assert (alone["csat"].n, alone["csat"].value) == (40, 100 * 30 / 40)
    assert (other["csat"].n, other["csat"].value) == (0, None)
    assert (both["csat"].n, both["csat"].value) == (40, 100 * 30 / 40)
    # CES: the mean, with its t interval
    mean = (20 * 7 + 20 * 5 + 10 * 1) / 50
    variance = (20 * (7 - mean) ** 2 + 20 * (5 - mean) ** 2 + 10 * (1 - mean) ** 2) / 49
    half = scipy_stats.t.ppf(0.975, 49) * (variance / 50) ** 0.5
    ces = both["ces"]
    assert (ces.n, ces.value) == (50, mean)
    assert ces.low == pytest.approx(mean - half, abs=1e-12)
    assert ces.high == pytest.approx(mean + half, abs=1e-12)
    # a pool asked for alone, outside any batch, is the same figure to the last bit
    single = Pool(tables, feedback, Estimator(config), config)
    assert single.kpis(["a", "b"]) == both and single.kpis(["b"]) == other


def test_the_journeys_need_nothing_made_once_the_themes_are_there(
    journeys: Path, monkeypatch: pytest.MonkeyPatch
):
    # The analysis makes the journeys' quotes, voices and answer ages before it waits for the
    # comment themes (found in another process meanwhile): once they are there, what is left
    # of the journeys only puts the touchpoints' reports in their places.
    from touchsite.analyze import evidence
    from touchsite.analyze import journeys as journey_module
    from touchsite.analyze import report as report_module

    def quotes(report) -> list:
        return [
            (step.step.id, [c.text for c in step.voices], step.evidence)
            + tuple((i.quotes, i.searched, i.evidence) for i in (*step.pain_points, *step.needs))
            for journey in report.journeys
            for step in journey.steps
        ]

    expected = quotes(check(journeys))
    themes_of = report_module.themes_of

    def searched_no_more(*args, **kwargs) -> None:
        raise AssertionError("made after the themes were there")

    def themes_then_nothing(*args):
        found = themes_of(*args)
        monkeypatch.setattr(journey_module, "supporting_comments", searched_no_more)
        monkeypatch.setattr(journey_module, "_voices", searched_no_more)
        monkeypatch.setattr(evidence.AnswerMonths, "age", searched_no_more)
        return found

    monkeypatch.setattr(report_module, "themes_of", themes_then_nothing)
    found = quotes(check(journeys))
    assert found == expected
    # the one comment with "Great" in it supports the need (counted in the fixture's CSV)
    need = next(step for step in found if step[0] == "find")[-1]
    assert [c.touchpoint for c in need[0]] == ["search"] and need[2].quotes == 1
