"""`touchsite init`: a new project that builds, with a GitHub Pages workflow."""

from __future__ import annotations

from pathlib import Path

import yaml
from click.testing import CliRunner

from touchsite.__main__ import cli

WORKFLOW = Path(".github", "workflows", "pages.yml")


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
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    build_steps = {step.get("uses", step.get("run")): step for step in build["steps"]}
    assert build_steps["actions/setup-python@v5"]["with"]["python-version"] == "3.11"
    assert "touchsite build --strict" in build_steps
    assert build_steps["actions/upload-pages-artifact@v3"]["with"]["path"] == "site"
    assert "actions/configure-pages@v5" in build_steps
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["environment"]["url"] == "${{ steps.deployment.outputs.page_url }}"
    [step] = deploy["steps"]
    assert step["uses"] == "actions/deploy-pages@v4" and step["id"] == "deployment"


def test_init_no_workflow_skips_it(tmp_path: Path):
    target = tmp_path / "client"
    assert run("init", "--no-workflow", str(target)).exit_code == 0
    assert (target / "touchsite.yml").is_file()
    assert not (target / ".github").exists()


def test_init_blank_starts_small_builds_strictly_and_asks_nothing(tmp_path: Path):
    target = tmp_path / "client"
    # No input at all: init must not wait for an answer.
    result = CliRunner().invoke(cli, ["init", str(target), "--blank"], input="")
    assert result.exit_code == 0, result.output
    files = sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file())
    assert files == [
        ".github/workflows/pages.yml",
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
    site = tmp_path / "site"
    assert run("build", str(target), "-o", str(site)).exit_code == 0
    assert "Onlineshop" in (site / "touchpoints" / "onlineshop.html").read_text(encoding="utf-8")


def test_init_blank_in_english_and_not_with_from(tmp_path: Path):
    target = tmp_path / "client"
    assert run("init", str(target), "--blank", "--language", "en").exit_code == 0
    assert (target / "content/touchpoints/online-shop.md").is_file()
    assert "Working on it" in (target / "README.md").read_text(encoding="utf-8")
    assert run("check", "--strict", str(target)).exit_code == 0
    journey = tmp_path / "journey.csv"
    journey.write_text("phase,step\nBuy,Pay\n", encoding="utf-8")
    both = CliRunner().invoke(cli, ["init", str(tmp_path / "x"), "--blank", "--from", str(journey)])
    assert both.exit_code == 1 and "choose one" in both.output
