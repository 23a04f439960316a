"""Comparing the project at two git revisions: the Comparison, `touchsite diff`, the page."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import MINI, make_config
from touchsite.analyze.revisions import movements
from touchsite.compare import compare_revisions
from touchsite.errors import UserError
from touchsite.models import KpiEstimate, Rules, Targets

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org"]
GIT += ["-c", "commit.gpgsign=false", "-c", "init.defaultBranch=main"]


def git(repo: Path, *args: str) -> None:
    subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True)


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--message", message)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def workshop_changes(project: Path) -> None:
    """What happened between two workshops, in the mini project."""
    touchpoints = project / "content" / "touchpoints"
    edit(touchpoints / "search.md", "channel: web", "channel: phone")
    edit(touchpoints / "hotline.md", "about their delivery", "about late deliveries")
    (touchpoints / "chat.md").write_text(
        "---\ntitle: Live chat\nphase: after\nchannel: web\n---\nChat with an advisor.\n",
        encoding="utf-8",
    )
    (touchpoints / "quiet.md").unlink()
    edit(project / "content/recommendations/callback.md", "status: planned", "status: done")
    # hotline's 20 detractors (NPS 4) become promoters: NPS -25 -> +75
    edit(project / "data" / "feedback.csv", ",4,,6,", ",10,,6,")


def history(repo: Path, project: Path) -> Path:
    """A copy of the mini fixture at `project` in git `repo`: two workshops, two commits."""
    git(repo, "init", "--quiet")
    commit(repo, "first workshop")
    workshop_changes(project)
    commit(repo, "second workshop")
    return project


@pytest.fixture
def project(mini: Path) -> Path:
    return history(mini, mini)


def run(*args: str):
    from touchsite.__main__ import cli

    return CliRunner().invoke(cli, list(args))


def changed(comparison, kind: str) -> dict[str, tuple]:
    """The comparison's changes of one kind: id -> (change, old id, fields as tuples)."""
    return {
        c.id: (c.change, c.old_id, [(f.name, f.old, f.new) for f in c.fields])
        for c in comparison.of(kind)
    }


def test_compare_finds_exactly_what_changed(project: Path):
    comparison = compare_revisions(project, "HEAD~1", "HEAD")
    assert comparison.old.startswith("HEAD~1 (") and comparison.new.startswith("HEAD (")
    assert comparison.kinds == ("touchpoint", "recommendation")
    assert changed(comparison, "touchpoint") == {
        "search": ("moved", "", [("channel", "web", "phone")]),
        "hotline": ("edited", "", []),
        "chat": ("added", "", [("phase", "", "after"), ("channel", "", "web")]),
        "quiet": ("removed", "", [("phase", "after", ""), ("channel", "web", "")]),
    }
    hotline = next(c for c in comparison.of("touchpoint") if c.id == "hotline")
    assert "-Customers call about their delivery." in hotline.body_diff
    assert "+Customers call about late deliveries." in hotline.body_diff
    assert changed(comparison, "recommendation") == {
        "callback": ("edited", "", [("status", "planned", "done")])
    }
    moved = {(m.touchpoint, m.kpi): m for m in comparison.kpi_movements}
    assert set(moved) == {(None, "nps"), ("hotline", "nps")}
    nps = moved["hotline", "nps"]
    assert (nps.old.value, nps.new.value, nps.delta) == (-25, 75, 100)
    assert (nps.old.n, nps.new.n) == (40, 40)
    assert nps.significant


def test_the_working_tree_is_the_default_and_front_matter_edits_are_listed(project: Path):
    edit(project / "content/touchpoints/hotline.md", "title: Hotline", "title: Service hotline")
    comparison = compare_revisions(project, "HEAD")
    assert comparison.new == "working tree"
    assert changed(comparison, "touchpoint") == {
        "hotline": ("edited", "", [("title", "Hotline", "Service hotline")])
    }
    assert comparison.of("touchpoint")[0].body_diff == ()
    assert not comparison.kpi_movements


def moved(old: dict[int, int], new: dict[int, int], old_value, new_value) -> tuple:
    n_old, n_new = sum(old.values()), sum(new.values())
    return (
        "x",
        "X",
        KpiEstimate("nps", n_old, old_value, None, None),
        KpiEstimate("nps", n_new, new_value, None, None),
        old,
        new,
    )


def test_noise_is_not_a_movement():
    # old: 10 promoters, 10 passives, 20 detractors of 40: NPS -25
    old = {10: 10, 8: 10, 3: 20}
    noise = {10: 12, 8: 10, 3: 22}  # NPS (12 - 22) / 44 = -22.7: 2.3 points, within noise
    jump = {10: 32, 8: 6, 3: 2}  # NPS (32 - 2) / 40 = +75: 100 points
    withheld = {10: 5}  # 5 answers, below min_n_shown = 10
    found = movements(
        [
            moved(old, noise, -25.0, -250 / 11),
            moved(old, jump, -25.0, 75.0),
            moved(old, withheld, -25.0, None),
        ],
        make_config(),
    )
    assert [m.significant for m in found] == [False, True, False]
    assert found[0].delta == pytest.approx(25 - 250 / 11)
    # adjusted: (10.75 - 20.75) / 43 -> (32.75 - 2.75) / 43, 40 / 43: the interval's centre
    assert found[1].difference.difference == pytest.approx(100 * 40 / 43)
    assert found[1].difference.p_value < 1e-6
    assert found[2].delta is None and found[2].difference is None


def test_a_significant_movement_below_the_minimum_effect_is_not_real():
    # 5000 answers each: promoters 40 % -> 45 %, detractors 20 % both times, NPS 20 -> 25;
    # adjusted-Wald z about 3.3 (p < 0.001), but 5 points are below the minimum effect of 10
    old = {10: 2000, 8: 2000, 3: 1000}
    new = {10: 2250, 8: 1750, 3: 1000}
    [strict] = movements([moved(old, new, 20.0, 25.0)], make_config())
    assert strict.difference.p_value < 0.001 and not strict.significant
    lenient = make_config(rules=Rules(min_effect=Targets(nps=4.0)))
    assert movements([moved(old, new, 20.0, 25.0)], lenient)[0].significant


def test_diff_prints_the_changes_as_text(project: Path):
    result = run("diff", "HEAD~1", "HEAD", "--project", str(project))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Changes from HEAD~1 (")
    for heading in ("Touchpoints", "Recommendations", "KPIs"):
        assert heading in lines
    assert "  added    chat     Live chat (after / web)" in lines
    assert "  removed  quiet    Quiet corner (after / web)" in lines
    assert "  moved    search   channel web -> phone" in lines
    assert "  edited   hotline  text changed" in lines
    assert "  edited   callback  status planned -> done" in lines
    assert "  hotline          NPS   -25 -> +75  (+100, n 40 -> 40)  significant" in lines


def test_diff_as_json(project: Path):
    result = run("diff", "HEAD~1", "--project", str(project), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["new"] == "working tree"
    search, callback = (
        next(c for c in data["changes"] if c["id"] == name) for name in ("search", "callback")
    )
    assert (search["kind"], search["change"]) == ("touchpoint", "moved")
    assert search["fields"] == [{"name": "channel", "old": "web", "new": "phone"}]
    assert callback["fields"] == [{"name": "status", "old": "planned", "new": "done"}]
    hotline = next(m for m in data["kpi_movements"] if m["touchpoint"] == "hotline")
    assert hotline["old"]["n"] == 40 and hotline["new"]["value"] == 75
    assert hotline["significant"] is True


def test_nothing_changed(project: Path):
    result = run("diff", "HEAD", "--project", str(project))
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == "No changes."


def test_build_compare_writes_a_changes_page_linked_from_the_nav(project: Path):
    result = run("build", str(project), "--compare", "HEAD~1")
    assert result.exit_code == 0, result.output
    site = project / "site"
    changes = (site / "changes.html").read_text(encoding="utf-8")
    assert '<a href="touchpoints/search.html">Product search</a>' in changes
    assert "<li><code>channel</code>: Website → Phone</li>" in changes
    assert "<li><code>status</code>: planned → done</li>" in changes
    assert "Quiet corner (After · Website)" in changes  # removed: no link
    assert '<a href="touchpoints/quiet.html">' not in changes
    assert '<span class="n">n=40</span>' in changes
    assert '<a href="changes.html">Changes</a>' in (site / "index.html").read_text("utf-8")
    page = (site / "touchpoints" / "hotline.html").read_text(encoding="utf-8")
    assert '<a href="../changes.html">Changes</a>' in page


def test_compare_with_in_touchsite_yml_and_in_german(project: Path):
    config = project / "touchsite.yml"
    edit(config, "language: en", "language: de\ncompare_with: HEAD~1")
    assert run("build", str(project)).exit_code == 0
    site = project / "site"
    assert '<a href="changes.html">Änderungen</a>' in (site / "index.html").read_text("utf-8")
    changes = (site / "changes.html").read_text(encoding="utf-8")
    assert "<li><code>status</code>: geplant → umgesetzt</li>" in changes
    assert "signifikant" in changes


def test_without_a_comparison_there_is_no_changes_page(project: Path):
    assert run("build", str(project)).exit_code == 0
    assert not (project / "site" / "changes.html").exists()
    assert "changes.html" not in (project / "site" / "index.html").read_text("utf-8")


def test_an_unknown_revision_is_a_clear_error(project: Path):
    result = run("diff", "v1", "--project", str(project))
    assert result.exit_code == 1
    assert "touchsite.yml@v1: error: unknown revision 'v1'" in result.output
    assert "Traceback" not in result.output
    result = run("build", str(project), "--compare", "v1")
    assert result.exit_code == 1
    assert not (project / "site").exists()


def test_a_folder_outside_git_is_a_clear_error(mini: Path, monkeypatch):
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(mini.parent))  # even if tmp is in a repo
    with pytest.raises(UserError, match="is not in a git repository") as error:
        compare_revisions(mini, "HEAD")
    assert error.value.problems[0].path == "touchsite.yml@HEAD"


def test_problems_at_a_revision_name_it(project: Path):
    hotline = project / "content/touchpoints/hotline.md"
    edit(hotline, "phase: after", "phase: afterwards")
    commit(project, "a slip")
    edit(hotline, "phase: afterwards", "phase: after")
    result = run("diff", "HEAD", "--project", str(project))
    assert result.exit_code == 1
    assert "content/touchpoints/hotline.md@HEAD:3: error: unknown phase 'afterwards'" in (
        result.output
    )


def test_a_project_in_a_sub_folder_of_its_repository(tmp_path: Path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "notes.txt").write_text("other things\n", encoding="utf-8")
    shutil.copytree(MINI, repo / "clients" / "mini")
    project = history(repo, repo / "clients" / "mini")
    comparison = compare_revisions(project, "HEAD~1")
    assert changed(comparison, "touchpoint")["search"][0] == "moved"
    assert changed(comparison, "touchpoint")["quiet"][0] == "removed"
    result = run("diff", "HEAD~1", "--project", str(project))
    assert result.exit_code == 0 and "  moved    search" in result.output


def test_a_project_that_did_not_exist_at_the_revision(tmp_path: Path):
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "notes.txt").write_text("before the project\n", encoding="utf-8")
    git(repo, "init", "--quiet")
    commit(repo, "notes")
    project = repo / "mini"
    shutil.copytree(MINI, project)
    commit(repo, "project")
    with pytest.raises(UserError, match="had no touchsite.yml at revision 'HEAD~1'"):
        compare_revisions(project, "HEAD~1")


def test_a_committed_link_out_of_the_project_is_left_out_of_the_old_revision(mini: Path):
    git(mini, "init", "--quiet")
    os.symlink("/etc/hostname", mini / "content" / "pages" / "outside.md")
    commit(mini, "A link that leaves the project")
    (mini / "content" / "pages" / "outside.md").unlink()
    comparison = compare_revisions(mini, "HEAD")
    assert comparison.of("touchpoint") == ()


def test_diff_as_markdown_for_a_pull_request(project: Path):
    result = run("diff", "HEAD~1", "HEAD", "--project", str(project), "--format", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("### Client map: changes from `HEAD~1 (")
    for line in (
        "- Moved: **Product search**: `channel`: Website → Phone",
        "- Added: **Live chat** (After · Website)",
        "- Removed: **Quiet corner** (After · Website)",
        "- Edited: **Hotline**: text changed",  # no text diff in a comment
        "- Edited: **Call back within a day**: `status`: planned → done",
        "| Touchpoint | KPI | Before | Now | Change |",
        # 20 detractors become promoters: NPS (10 - 20) / 40 = -25 -> (30 - 0) / 40 = +75
        "| Hotline | NPS | −25 (n=40) | +75 (n=40) | +100 |",
    ):
        assert line in lines
    assert "content/" not in result.output and "@@" not in result.output


def test_the_overall_question_is_compared_first(mini: Path):
    """The overall (relationship) NPS, the figure a workshop opens with, was left out of the
    comparison: `diff` and the changes page listed every touchpoint's figures and the pooled
    ones, not the overall question's. Its NPS and CSAT now come first, each KPI it was asked
    on at both revisions, tested as the others are."""
    config = mini / "touchsite.yml"
    config.write_text(config.read_text(encoding="utf-8") + "analysis: {min_n_shown: 5}\n", "utf-8")
    data = mini / "data" / "feedback.csv"
    before = data.read_text(encoding="utf-8")
    detractors = "".join(f"O{n},overall,2026-03-0{n % 9 + 1},3,2,,,new\n" for n in range(30))
    data.write_text(before + detractors, encoding="utf-8")
    git(mini, "init", "--quiet")
    commit(mini, "first wave")
    promoters = detractors.replace(",3,2,", ",10,5,")
    data.write_text(before + promoters, encoding="utf-8")
    commit(mini, "second wave")
    comparison = compare_revisions(mini, "HEAD~1", "HEAD")
    first, second = comparison.kpi_movements[:2]
    assert (first.touchpoint, first.kpi, second.touchpoint, second.kpi) == (
        "overall",
        "nps",
        "overall",
        "csat",
    )
    assert (first.old.value, first.new.value, first.old.n, first.new.n) == (-100, 100, 30, 30)
    assert (second.old.value, second.new.value) == (0, 100)  # top-2-box
    assert first.significant and second.significant
    result = run("diff", "HEAD~1", "HEAD", "--project", str(mini))
    assert "  overall question  NPS   -100 -> +100  (+200, n 30 -> 30)  significant" in (
        result.output.splitlines()
    ), result.output
    result = run("diff", "HEAD~1", "HEAD", "--project", str(mini), "--format", "markdown")
    row = "| Overall question (relationship) | NPS | −100 (n=30) | +100 (n=30) | +200 |"
    assert row in result.output.splitlines(), result.output
    result = run("build", str(mini), "--compare", "HEAD~1")
    assert result.exit_code == 0, result.output
    page = (mini / "site" / "changes.html").read_text(encoding="utf-8")
    assert '<th scope="row">Overall question (relationship)</th>' in page


@pytest.mark.parametrize("asked_first", [True, False])
def test_an_overall_question_asked_at_one_revision_only_is_listed(mini: Path, asked_first: bool):
    """The overall NPS asked from the second wave on (or dropped from it): before, `diff`
    said "No changes." although the overall question's 30 answers came (or went); a
    touchpoint's KPI asked at one revision only is listed, with n 0 on the other side."""
    config = mini / "touchsite.yml"
    config.write_text(config.read_text(encoding="utf-8") + "analysis: {min_n_shown: 5}\n", "utf-8")
    data = mini / "data" / "feedback.csv"
    before = data.read_text(encoding="utf-8")
    overall = "".join(f"O{n},overall,2026-03-0{n % 9 + 1},3,,,,new\n" for n in range(30))
    data.write_text(before + overall if asked_first else before, encoding="utf-8")
    git(mini, "init", "--quiet")
    commit(mini, "first wave")
    data.write_text(before if asked_first else before + overall, encoding="utf-8")
    commit(mini, "second wave")
    [movement] = compare_revisions(mini, "HEAD~1", "HEAD").kpi_movements
    assert (movement.touchpoint, movement.kpi, movement.delta) == ("overall", "nps", None)
    old, new = (movement.old, movement.new) if asked_first else (movement.new, movement.old)
    assert (old.value, old.n, new.value, new.n) == (-100, 30, None, 0)
    result = run("diff", "HEAD~1", "HEAD", "--project", str(mini))
    figures = "-100 -> n/a  (n/a, n 30 -> 0)" if asked_first else "n/a -> -100  (n/a, n 0 -> 30)"
    line = f"  overall question  NPS   {figures}  too few answers to compare"
    assert line in result.output.splitlines(), result.output
    result = run("build", str(mini), "--compare", "HEAD~1")
    assert result.exit_code == 0, result.output
    page = (mini / "site" / "changes.html").read_text(encoding="utf-8")
    assert '<th scope="row">Overall question (relationship)</th>' in page


def test_the_drivers_outcome_changed_is_a_setting_changed(mini: Path):
    """The drivers' outcome decides which of the overall question's KPIs the overview shows
    first and what the key drivers explain: changed from the NPS to the CSAT, `diff` listed
    no change of touchsite.yml at all."""
    config = mini / "touchsite.yml"
    git(mini, "init", "--quiet")
    commit(mini, "first workshop")
    text = config.read_text(encoding="utf-8")
    config.write_text(text + "analysis: {drivers: {outcome: csat, deletion: listwise}}\n", "utf-8")
    commit(mini, "second workshop")
    assert changed(compare_revisions(mini, "HEAD~1", "HEAD"), "setting")["touchsite.yml"] == (
        "edited",
        "",
        [
            ("analysis.drivers.outcome", "nps", "csat"),
            ("analysis.drivers.deletion", "pairwise", "listwise"),
        ],
    )
