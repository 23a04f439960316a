"""`touchsite init`: a new project that builds, with its GitHub workflows: publishing from the
default branch, and reviewing pull requests. The workflows are checked by parsing them and by
actionlint, the linter GitHub's own documentation points to."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from touchsite.__main__ import cli

WORKFLOWS = Path(".github", "workflows")
WORKFLOW = WORKFLOWS / "pages.yml"
REVIEW = WORKFLOWS / "review.yml"


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_init_makes_a_project_that_builds(tmp_path: Path):
    target = tmp_path / "client"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    assert (target / "touchsite.yml").is_file()
    assert run("check", str(target)).exit_code == 0
    again = CliRunner().invoke(cli, ["init", str(target)])
    assert again.exit_code == 1 and "not empty" in again.output


def test_init_writes_a_github_pages_workflow(tmp_path: Path):
    target = tmp_path / "client"
    assert run("init", str(target)).exit_code == 0
    workflow = yaml.safe_load((target / WORKFLOW).read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as true.
    triggers = workflow.get("on", workflow.get(True))
    assert set(triggers) == {"push", "workflow_dispatch"}
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    # Published from the default branch only; deploy needs build, so it is skipped with it.
    assert build["if"] == "github.ref_name == github.event.repository.default_branch"
    build_steps = {step.get("uses", step.get("run")): step for step in build["steps"]}
    assert build_steps["actions/setup-python@v6"]["with"]["python-version"] == "3.11"
    assert "touchsite build --strict" in build_steps
    assert build_steps["actions/upload-pages-artifact@v4"]["with"]["path"] == "site"
    assert "actions/configure-pages@v6" in build_steps
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    [step] = deploy["steps"]
    assert step["uses"] == "actions/deploy-pages@v5" and step["id"] == "deployment"


def test_init_writes_a_pull_request_review_workflow(tmp_path: Path):
    target = tmp_path / "client"
    assert run("init", str(target)).exit_code == 0
    workflow = yaml.safe_load((target / REVIEW).read_text(encoding="utf-8"))
    assert workflow.get("on", workflow.get(True)) == {"pull_request": None}
    # it may comment, never push or publish
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    [job] = workflow["jobs"].values()
    steps = job["steps"]
    names = [step.get("uses", step.get("run")) for step in steps]
    checkout, build = steps[0], names.index("touchsite build --strict")
    assert checkout["uses"] == "actions/checkout@v5"
    assert checkout["with"]["fetch-depth"] == 0  # the base revision must be there to compare
    upload = steps[names.index("actions/upload-artifact@v6")]
    assert upload["with"]["path"] == "site" and names.index(upload["uses"]) > build
    diff = next(step for step in steps if "touchsite diff" in step.get("run", ""))
    assert diff["env"]["BASE"] == "${{ github.event.pull_request.base.sha }}"
    assert '"$BASE" HEAD --format markdown' in diff["run"] and diff["shell"] == "bash"
    comment = steps[names.index("actions/github-script@v8")]
    assert steps.index(comment) > steps.index(diff) > build
    assert "createComment" in comment["with"]["script"]
    assert "updateComment" in comment["with"]["script"]  # one comment, kept up to date


def actionlint(folder: Path, *files: Path) -> subprocess.CompletedProcess:
    linter = shutil.which("actionlint")
    if linter is None:
        pytest.skip("actionlint is not installed: pip install -e '.[test]'")
    return subprocess.run(
        [linter, "-no-color", *map(str, files)], cwd=folder, capture_output=True, text=True
    )


def test_actionlint_finds_nothing_in_the_workflows(tmp_path: Path):
    target = tmp_path / "client"
    assert run("init", str(target)).exit_code == 0
    result = actionlint(target, WORKFLOW, REVIEW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_a_version_actionlint_knows(tmp_path: Path):
    """actionlint checks the inputs of the actions it knows and passes the others by: an input
    no action has must be reported at every step, or the step's version is not one it
    knows (and may not exist). Also proves the linter runs, offline, on what it is given."""
    target = tmp_path / "client"
    assert run("init", str(target)).exit_code == 0
    for name in (WORKFLOW, REVIEW):
        workflow = yaml.safe_load((target / name).read_text(encoding="utf-8"))
        workflow["on"] = workflow.pop(True)  # YAML 1.1 read the key `on` as true
        uses = []
        for job in workflow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    step.setdefault("with", {})["no-such-input"] = "x"
                    uses.append(step["uses"])
        probe = target / name.with_name("probe-" + name.name)
        probe.write_text(yaml.safe_dump(workflow, sort_keys=False), encoding="utf-8")
        output = actionlint(target, probe.relative_to(target)).stdout
        for action in uses:
            assert f'input "no-such-input" is not defined in action "{action}"' in output
        assert "deprecated" not in output
        probe.unlink()


def test_init_no_workflow_skips_it(tmp_path: Path):
    target = tmp_path / "client"
    assert run("init", "--no-workflow", str(target)).exit_code == 0
    assert (target / "touchsite.yml").is_file()
    assert not (target / ".github").exists()  # neither workflow


def test_init_blank_starts_small_builds_strictly_and_asks_nothing(tmp_path: Path):
    target = tmp_path / "client"
    # No input at all: init must not wait for an answer.
    result = CliRunner().invoke(cli, ["init", str(target), "--blank"], input="")
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/pages.yml",
        ".github/workflows/review.yml",
        ".gitignore",
        "README.md",
        "content/touchpoints/onlineshop.md",
        "touchsite.yml",
    ]
    config = yaml.safe_load((target / "touchsite.yml").read_text(encoding="utf-8"))
    assert len(config["phases"]) == 1 and len(config["channels"]) == 1
    assert "logo" not in str(config) and "branding" not in config
    everything = " ".join(p.read_text(encoding="utf-8") for p in target.rglob("*") if p.is_file())
    assert "Wohnwerk" not in everything and "Lindner" not in everything
    commands = [line.split("#")[0].strip() for line in result.output.splitlines()[1:4]]
    assert commands == [
        f"touchsite serve {target}",
        f"touchsite check --strict {target}",
        f"touchsite build {target}",
    ]
    check = run("check", "--strict", str(target))
    assert check.exit_code == 0, check.output
    assert "OK: 1 touchpoint, 0 recommendations" in check.output  # counted, in the singular
    site = tmp_path / "site"
    assert run("build", str(target), "-o", str(site)).exit_code == 0
    assert "Onlineshop" in (site / "touchpoints" / "onlineshop.html").read_text(encoding="utf-8")
    # in the singular on the site too (it read "1 Touchpoints in 1 Phasen")
    assert ": 1 Touchpoint in 1 Phase." in (site / "index.html").read_text(encoding="utf-8")
    assert " · 1 Touchpoint in 1 Phase</p>" in (site / "report.html").read_text(encoding="utf-8")


def test_init_blank_in_english_and_not_with_from(tmp_path: Path):
    target = tmp_path / "client"
    assert run("init", str(target), "--blank", "--language", "en").exit_code == 0
    assert (target / "content/touchpoints/online-shop.md").is_file()
    assert "Working on it" in (target / "README.md").read_text(encoding="utf-8")
    assert run("check", "--strict", str(target)).exit_code == 0
    assert run("build", str(target), "-o", str(tmp_path / "site")).exit_code == 0
    index = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert ": 1 touchpoint in 1 phase." in index  # it read "1 touchpoints in 1 phases"
    journey = tmp_path / "journey.csv"
    journey.write_text("phase,step\nBuy,Pay\n", encoding="utf-8")
    both = CliRunner().invoke(cli, ["init", str(tmp_path / "x"), "--blank", "--from", str(journey)])
    assert both.exit_code == 1 and "choose one" in both.output
