"""CSV export and `init --from` lose nothing: the example's journeys (German and English)
exported, imported into a new project and exported again give the same bytes, and the new
project holds what the old one said about each step."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from touchsite.__main__ import cli
from touchsite.errors import Problems
from touchsite.interop import journeys_csv, parse_steps_csv, write_project
from touchsite.pipeline import check

EXAMPLES = {"de": REPO, "en": REPO / "examples" / "en"}
JOURNEYS = ("erstkauf", "erstkauf-ziel", "reklamation")


def run(*args: str):
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="module", params=sorted(EXAMPLES))
def example(request):
    """The example project in one language, checked once."""
    return request.param, check(EXAMPLES[request.param])


@pytest.mark.parametrize("journey", JOURNEYS)
def test_export_import_export_is_byte_identical(example, journey, tmp_path: Path):
    language, _report = example
    first = tmp_path / "first.csv"
    run("export", EXAMPLES[language], "--journey", journey, "--format", "csv", "--no-figures",
        "-o", first)  # fmt: skip
    run("init", tmp_path / "new", "--from", first, "--language", language, "--no-workflow")
    again = tmp_path / "again.csv"
    run("export", tmp_path / "new", "--format", "csv", "--no-figures", "-o", again)
    assert again.read_bytes() == first.read_bytes()
    if journey != "erstkauf":
        return
    # the export with figures starts the same project: its figures are read past
    full = tmp_path / "full.csv"
    run("export", EXAMPLES[language], "--journey", journey, "--format", "csv", "-o", full)
    run("init", tmp_path / "from-full", "--from", full, "--language", language, "--no-workflow")
    assert tree(tmp_path / "from-full") == tree(tmp_path / "new")


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_new_project_holds_what_each_step_said(example, tmp_path: Path):
    """Compared model by model with the example, not through the CSV."""
    language, report = example
    old = report.project
    table = tmp_path / "erstkauf.csv"
    run("export", EXAMPLES[language], "--journey", "erstkauf", "--format", "csv", "-o", table)
    run("init", tmp_path / "new", "--from", table, "--language", language, "--no-workflow")
    new = check(tmp_path / "new").project
    [journey] = new.journeys
    original = next(j for j in old.journeys if j.id == "erstkauf")
    assert (journey.id, journey.title) == (original.id, original.title)
    old_tps = {tp.id: tp for tp in old.touchpoints}
    new_tps = {tp.id: tp for tp in new.touchpoints}
    channels = {c.id: c.title for c in old.config.channels}
    new_channels = {c.id: c.title for c in new.config.channels}
    for before, after in zip(original.steps, journey.steps, strict=True):
        assert (after.id, after.title, after.touchpoints) == (
            before.id,
            before.title,
            before.touchpoints,
        )
        # the expected emotion: the step's own, else its touchpoints' mean (a step that
        # writes the mean itself need not: the import leaves it to the touchpoints)
        assert expected(after, new_tps) == expected(before, old_tps)
        assert after.pain_points == before.pain_points and after.needs == before.needs
        for tp_id in after.touchpoints:
            was, now = old_tps[tp_id], new_tps[tp_id]
            assert (now.title, now.emotion, now.lanes) == (was.title, was.emotion, was.lanes)
            assert new_channels[now.channel] == channels[was.channel]
    # the opportunities that name its steps, with their steps, status, priority and sizes
    named = {o.id: o for o in old.opportunities if any(s.startswith("erstkauf/") for s in o.steps)}
    assert {o.id for o in new.opportunities} == set(named)
    for opportunity in new.opportunities:
        was = named[opportunity.id]
        keys = ("title", "status", "priority", "impact", "effort", "owner")
        assert [getattr(opportunity, k) for k in keys] == [getattr(was, k) for k in keys]
        assert set(opportunity.steps) == {s for s in was.steps if s.startswith("erstkauf/")}


def expected(step, touchpoints) -> float | None:
    if step.emotion is not None:
        return step.emotion
    emotions = [touchpoints[tp].emotion for tp in step.touchpoints]
    emotions = [emotion for emotion in emotions if emotion is not None]
    return sum(emotions) / len(emotions) if emotions else None


def parse(text: str) -> tuple[object, list[str]]:
    problems = Problems(Path("."))
    imported = parse_steps_csv(text, Path("steps.csv"), problems)
    return imported, [str(problem).splitlines()[0] for problem in problems]


def test_broken_json_cells_and_emotions_are_located():
    header = "phase,step,touchpoints,touchpoint_emotions,touchpoint_lanes,insights,opportunities"
    text = "\n".join(
        [
            header,
            'Kauf,Zahlen,kasse,5,"{""kasse"": {""mood"": [""x""]}}",,',
            'Kauf,Warten,kasse tresen,1,,"{""pain_points"": [{""text"": 1}]}",',
            'Kauf,Gehen,,,,,"[{""id"": ""../weg"", ""title"": ""Weg""}]"',
            'Kauf,Kommen,,,,"{nope",',
        ]
    )
    _imported, problems = parse(text)
    assert problems == [
        "steps.csv:2:4: error: touchpoint emotion '5' is not -3..3",
        "steps.csv:2:5: error: touchpoint_lanes must be touchpoint ids with their text lanes: "
        "{lane: [texts]}",
        "steps.csv:3:4: error: touchpoint_emotions has 1 values for 2 touchpoints",
        "steps.csv:3:6: error: insights must be insights with a text",
        "steps.csv:4:7: error: opportunities must be opportunities whose ids are lowercase "
        "letters, digits, '-' and '_'",
        "steps.csv:5:6: error: insights is not JSON: Expecting property name enclosed in "
        "double quotes",
    ]


# Texts as a workshop writes them: commas, quotes, semicolons, umlauts; not '|', which
# separates several texts in a cell.
TEXT = (
    st.text(alphabet=st.sampled_from(list("abcÄöß ,;\"'-.?!")), min_size=1, max_size=20)
    .map(lambda text: " ".join(text.split()))
    .filter(bool)
)
STEP = st.fixed_dictionaries(
    {
        "title": TEXT,
        "touchpoints": st.lists(st.sampled_from(["a", "b", "c"]), max_size=2, unique=True),
        "emotion": st.none() | st.integers(-3, 3),
        "actions": st.lists(TEXT, max_size=2),
        "pain_points": st.lists(TEXT, max_size=2, unique=True),
    }
)


@settings(max_examples=30)  # each example checks two projects
@given(steps=st.lists(STEP, min_size=1, max_size=4))
def test_any_journey_survives_the_round_trip(tmp_path_factory, steps):
    project = tmp_path_factory.mktemp("journey")
    (project / "content" / "journeys").mkdir(parents=True)
    (project / "content" / "touchpoints").mkdir(parents=True)
    (project / "touchsite.yml").write_text(
        "title: T\nclient: C\nlanguage: en\nphases: [{id: p, title: P}]\n"
        "channels: [{id: web, title: Web}, {id: phone, title: Phone}]\n",
        encoding="utf-8",
    )
    for tp, channel, emotion in (("a", "web", 1), ("b", "phone", -2), ("c", "web", None)):
        feeling = "" if emotion is None else f"emotion: {emotion}\n"
        (project / "content" / "touchpoints" / f"{tp}.md").write_text(
            f"---\ntitle: Touchpoint {tp}\nphase: p\nchannel: {channel}\n{feeling}"
            "lanes: {backstage: Behind " + tp + "}\n---\n",
            encoding="utf-8",
        )
    written = []
    for number, step in enumerate(steps):
        entry = {"id": f"s{number}", "title": step["title"], "phase": "p"}
        entry["touchpoints"] = step["touchpoints"]
        if step["emotion"] is not None:
            entry["emotion"] = step["emotion"]
        if step["actions"]:
            entry["actions"] = step["actions"]
        if step["pain_points"]:
            entry["pain_points"] = step["pain_points"]
        written.append(entry)
    matter = yaml.safe_dump({"title": "J", "steps": written}, allow_unicode=True)
    (project / "content" / "journeys" / "j.md").write_text(f"---\n{matter}---\n", "utf-8")
    first = journeys_csv(check(project).journeys, figures=False)
    imported, problems = parse(first)
    assert problems == []
    target = tmp_path_factory.mktemp("again")
    write_project(imported, target, "en")
    assert journeys_csv(check(target).journeys, figures=False) == first
