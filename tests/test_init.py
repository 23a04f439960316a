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
