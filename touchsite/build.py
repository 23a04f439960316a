"""The build as a list of stages.

Gather everything first (load, validate, analyze, render into memory), then write; a problem
in any stage stops the build before the previous site is touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from touchsite.analyze.report import Report, analyze
from touchsite.errors import Problems
from touchsite.load.config import load_config
from touchsite.load.content import (
    load_pages,
    load_recommendations,
    load_touchpoints,
    touchpoint_file_ids,
)
from touchsite.load.feedback import load_feedback
from touchsite.models import Project
from touchsite.render.site import render_site
from touchsite.validate import validate_project
from touchsite.write import write_site


@dataclass
class BuildResult:
    report: Report
    files: dict[str, bytes]


def load_project(root: Path) -> tuple[Project, Problems]:
    problems = Problems(root)
    config = load_config(root, problems)
    touchpoints = load_touchpoints(root, problems)
    recommendations = load_recommendations(root, problems)
    pages = load_pages(root, problems)
    if config is None:
        problems.raise_if_any()
    project = Project(root, config, touchpoints, recommendations, pages)
    validate_project(project, problems)
    return project, problems


def check(root: Path) -> Report:
    """Load, validate and analyze; raise ProjectError listing every problem found."""
    root = root.resolve()
    project, problems = load_project(root)
    # A touchpoint whose file has a mistake is still known by its file name, so its data
    # rows are not reported as unknown on top of the mistake itself.
    known = {tp.id for tp in project.touchpoints} | touchpoint_file_ids(root)
    feedback = load_feedback(root, project.config, known, problems)
    problems.raise_if_any()
    return analyze(project, feedback)


def build(root: Path, out_dir: Path | None = None) -> BuildResult:
    report = check(root)
    files = render_site(report)
    write_site(files, out_dir if out_dir is not None else root.resolve() / "site")
    return BuildResult(report, files)
