"""A client repository as consultants keep it: five workshops, five commits, each changing one
thing. `touchsite diff` between each pair reports exactly that change, in text, JSON and
Markdown, and the changes page shows the same changes."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI
from tests.test_compare import commit, edit, git, run
from touchsite.commands.diff import as_json, as_markdown, as_text
from touchsite.compare import compare_revisions
from touchsite.pipeline import check
from touchsite.render.site import Site

JOURNEY = """---
title: Calling about a delivery
steps:
  - id: look
    title: Look for a sofa
    phase: before
    touchpoints: [search]
  - id: ask
    title: Ask about the delivery
    phase: before
    touchpoints: [hotline]
    actions: Calls the hotline
  - id: wait
    title: Wait for the sofa
    phase: after
    touchpoints: [quiet]
---
From the first search to the delivery.
"""

OPPORTUNITY = """---
title: Call customers back
steps: [calling/ask]
touchpoints: [hotline]
recommendations: [callback]
status: planned
impact: 4
effort: 2
---
Fewer calls about the delivery.
"""


def targets_changed(project: Path) -> None:
    edit(project / "touchsite.yml", "nps: 20\n    csat", "nps: 30\n    csat")
    edit(project / "content/touchpoints/hotline.md", "targets: {nps: 20}", "targets: {nps: 30}")


def step_moved(project: Path) -> None:
    journey = project / "content/journeys/calling.md"
    text = journey.read_text(encoding="utf-8")
    ask = text[text.index("  - id: ask") : text.index("  - id: wait")]
    text = text.replace(ask, "").replace("---\nFrom", ask.replace("before", "after") + "---\nFrom")
    journey.write_text(text, encoding="utf-8")


def opportunity_added(project: Path) -> None:
    (project / "content/opportunities").mkdir()
    (project / "content/opportunities/callback-promise.md").write_text(OPPORTUNITY, "utf-8")


def touchpoint_renamed(project: Path) -> None:
    """hotline becomes service-hotline: its file, and every reference to it."""
    git(project, "mv", "content/touchpoints/hotline.md", "content/touchpoints/service-hotline.md")
    for path in (
        "content/journeys/calling.md",
        "content/recommendations/callback.md",
        "content/opportunities/callback-promise.md",
    ):
        edit(project / path, "[hotline]", "[service-hotline]")
    edit(project / "data/feedback.csv", ",hotline,", ",service-hotline,")


def phase_renamed(project: Path) -> None:
    """The phase `after` becomes `after-sales`, "After sales", everywhere it is named."""
    edit(
        project / "touchsite.yml",
        "- id: after\n    title: After",
        "- id: after-sales\n    title: After sales",
    )
    for path in (project / "content").rglob("*.md"):
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("phase: after\n", "phase: after-sales\n"), "utf-8")


WORKSHOPS = (targets_changed, step_moved, opportunity_added, touchpoint_renamed, phase_renamed)


@pytest.fixture(scope="module")
def repository(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("history") / "client"
    shutil.copytree(MINI, project)
    edit(project / "touchsite.yml", "nps: 0", "nps: 20")
    (project / "content/journeys").mkdir()
    (project / "content/journeys/calling.md").write_text(JOURNEY, encoding="utf-8")
    git(project, "init", "--quiet")
    commit(project, "the map after the kick-off")
    for workshop in WORKSHOPS:
        workshop(project)
        commit(project, workshop.__name__)
    return project


def pair(number: int) -> tuple[str, str]:
    """The revisions before and after workshop `number` (1..5)."""
    return f"HEAD~{6 - number}", f"HEAD~{5 - number}"


@pytest.fixture(scope="module")
def comparisons(repository: Path) -> dict:
    return {number: compare_revisions(repository, *pair(number)) for number in range(1, 6)}


def body(text: str) -> list[str]:
    """The diff's lines after its first (which names the revisions)."""
    return text.splitlines()[1:]


# What each workshop changed, as `touchsite diff` prints it: worked out by hand.
TEXT = {
    1: [
        "",
        "Settings (touchsite.yml)",
        "  kpis.targets.nps  20 -> 30",
        "",
        "Touchpoints",
        "  edited   hotline  targets {nps: 20} -> {nps: 30}",
    ],
    2: [
        "",
        "Journeys",
        "  edited   calling  1 step changed",
        "      step moved     ask  phase before -> after",
    ],
    3: [
        "",
        "Opportunities",
        "  added    callback-promise  Call customers back (planned)",
    ],
    4: [
        "",
        "Touchpoints",
        "  renamed  hotline -> service-hotline  Hotline",
    ],
    5: [
        "",
        "Phases",
        "  renamed  after -> after-sales  After sales; title After -> After sales",
    ],
}

MARKDOWN = {
    1: [
        "**Settings (touchsite.yml)**",
        "- `kpis.targets.nps`: 20 → 30",
        "",
        "**Touchpoints**",
        "- Edited: **Hotline**: `targets`: {nps: 20} → {nps: 30}",
    ],
    2: [
        "**Journeys**",
        "- Edited: **Calling about a delivery**",
        "  - Step **Ask about the delivery**: Moved: `phase`: Before → After",
    ],
    3: [
        "**Opportunities**",
        "- Added: **Call customers back** (planned)",
    ],
    4: [
        "**Touchpoints**",
        "- Renamed: **Hotline**: id `hotline` → `service-hotline`",
    ],
    5: [
        "**Phases**",
        "- Renamed: **After sales**: id `after` → `after-sales`; `title`: After → After sales",
    ],
}

# (kind, change, id) of each change, and of each step change (kind "step", id journey/step)
CHANGES = {
    1: {("setting", "edited", "touchsite.yml"), ("touchpoint", "edited", "hotline")},
    2: {("journey", "edited", "calling"), ("step", "moved", "calling/ask")},
    3: {("opportunity", "added", "callback-promise")},
    4: {("touchpoint", "renamed", "service-hotline")},
    5: {("phase", "renamed", "after-sales")},
}


@pytest.mark.parametrize("number", range(1, 6))
def test_diff_as_text_reports_exactly_the_workshops_change(comparisons, number):
    assert body(as_text(comparisons[number])) == TEXT[number]


@pytest.mark.parametrize("number", range(1, 6))
def test_diff_as_markdown_reports_exactly_the_workshops_change(comparisons, number):
    old, new = comparisons[number].old, comparisons[number].new
    lines = as_markdown(comparisons[number]).splitlines()
    assert lines[:2] == [f"### Client map: changes from `{old}` to `{new}`", ""]
    assert lines[2:] == MARKDOWN[number]


def changes_in_json(data: dict) -> set[tuple[str, str, str]]:
    found = set()
    for change in data["changes"]:
        found.add((change["kind"], change["change"], change["id"]))
        found |= {("step", s["change"], f"{change['id']}/{s['id']}") for s in change["steps"]}
    return found


@pytest.mark.parametrize("number", range(1, 6))
def test_diff_as_json_reports_exactly_the_workshops_change(comparisons, number):
    data = json.loads(as_json(comparisons[number]))
    assert changes_in_json(data) == CHANGES[number]
    assert data["kpi_movements"] == []  # no answer changed: renames keep their figures


def test_the_json_carries_the_values(comparisons):
    settings, hotline = json.loads(as_json(comparisons[1]))["changes"]
    assert settings["fields"] == [{"name": "kpis.targets.nps", "old": "20", "new": "30"}]
    assert hotline["fields"] == [{"name": "targets", "old": "{nps: 20}", "new": "{nps: 30}"}]
    [phase] = json.loads(as_json(comparisons[5]))["changes"]
    assert (phase["old_id"], phase["id"], phase["title"]) == ("after", "after-sales", "After sales")


@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_the_command_prints_each_format(repository, output_format):
    old, new = pair(1)
    result = run("diff", old, new, "--project", str(repository), "--format", output_format)
    assert result.exit_code == 0, result.output
    if output_format == "json":
        assert changes_in_json(json.loads(result.output)) == CHANGES[1]
    elif output_format == "text":
        assert body(result.output) == TEXT[1]
    else:
        assert result.output.splitlines()[2:] == MARKDOWN[1]


def changes_on_page(html: str) -> set[tuple[str, str, str]]:
    return {tuple(found.split(":", 2)) for found in re.findall(r'data-change="([^"]+)"', html)}


@pytest.fixture(scope="module")
def report(repository: Path):
    return check(repository)


@pytest.mark.parametrize("number", range(1, 6))
def test_the_changes_page_shows_the_same_changes_as_diff(report, comparisons, number):
    site = Site(report, comparisons[number])
    site.render("changes.html", "changes.html", "changes", "Changes")
    html = site.files["changes.html"].decode("utf-8")
    assert changes_on_page(html) == changes_in_json(json.loads(as_json(comparisons[number])))


def test_a_build_against_the_kick_off_lists_all_five_workshops(repository, tmp_path):
    result = run("build", str(repository), "--compare", "HEAD~5", "-o", str(tmp_path / "site"))
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site" / "changes.html").read_text(encoding="utf-8")
    diff = run("diff", "HEAD~5", "--project", str(repository), "--format", "json")
    assert changes_on_page(html) == changes_in_json(json.loads(diff.output))
    assert changes_on_page(html) == {
        ("setting", "edited", "touchsite.yml"),
        ("phase", "renamed", "after-sales"),
        ("touchpoint", "renamed", "service-hotline"),  # and its target changed
        ("journey", "edited", "calling"),
        ("step", "moved", "calling/ask"),
        ("opportunity", "added", "callback-promise"),
    }
    assert "<code>kpis.targets.nps</code>: 20 → 30" in html
    assert "<code>hotline</code> → <code>service-hotline</code>" in html


def test_the_markdown_comment_is_in_the_sites_language(repository, comparisons):
    german = dataclasses.replace(comparisons[2], language="de")
    assert as_markdown(german).splitlines()[2:] == [
        "**Customer Journeys**",
        "- Bearbeitet: **Calling about a delivery**",
        "  - Schritt **Ask about the delivery**: Verschoben: `phase`: Before → After",
    ]
    assert as_markdown(dataclasses.replace(comparisons[3], language="de")).splitlines()[2:] == [
        "**Chancen**",
        "- Neu: **Call customers back** (geplant)",
    ]
    assert as_markdown(german).startswith("### Änderungen an der Touchpoint-Karte von `HEAD~4")
