"""The build as a list of stages.

Gather everything first (load, validate, analyze, render into memory), then write; a problem
in any stage stops the build before the previous site is touched.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from touchsite.analyze.report import Report, analyze
from touchsite.cache import Cache, file_digest
from touchsite.compare import changes_since
from touchsite.errors import Problem, Problems, UserError
from touchsite.load.business import load_business
from touchsite.load.config import load_config
from touchsite.load.content import (
    load_pages,
    load_recommendations,
    load_touchpoints,
    touchpoint_file_ids,
)
from touchsite.load.feedback import load_feedback
from touchsite.load.journeys import load_journeys, load_opportunities
from touchsite.load.paths import HINT, links_leaving
from touchsite.load.quality import as_problems
from touchsite.models import Config, Feedback, Project
from touchsite.render.linkcheck import check_links
from touchsite.render.site import render_site
from touchsite.render.template_problems import template_problem
from touchsite.validate import validate_project
from touchsite.write.search import index_search
from touchsite.write.site import recover, write_site


@dataclass
class BuildResult:
    report: Report
    files: dict[str, bytes]
    warnings: list[Problem] = field(default_factory=list)


def _load_feedback(
    root: Path, config: Config, known: set[str], problems: Problems, cache: Cache | None
) -> Feedback:
    """The feedback, from `cache` while the data files' bytes and the config stay the same."""
    if cache is None:
        return load_feedback(root, config, known, problems)
    files = tuple(file_digest(root / source.path) for source in config.data)
    key = cache.key("feedback", root, config, known, files)
    found, feedback = cache.lookup(key)
    if found:
        return feedback
    before = len(problems)
    feedback = load_feedback(root, config, known, problems)
    if len(problems) == before:  # else its problems must be reported again next build
        cache.keep(key, feedback)
    return feedback


def load_project(root: Path) -> tuple[Project, Problems]:
    problems = Problems(root)
    config = load_config(root, problems)
    touchpoints = load_touchpoints(root, problems)
    recommendations = load_recommendations(root, problems)
    pages = load_pages(root, problems)
    journeys = load_journeys(root, config, problems)
    opportunities = load_opportunities(root, problems)
    if config is None:
        problems.raise_if_any()
    for link in links_leaving(root):
        problems.add(link, None, "is a link to a file outside the project", HINT)
    project = Project(root, config, touchpoints, recommendations, pages, journeys, opportunities)
    validate_project(project, problems)
    return project, problems


def check(root: Path, cache: Cache | None = None) -> Report:
    """Load, validate and analyze; raise UserError listing every problem found.

    `cache` (a preview's, kept between builds) saves reading unchanged data files again."""
    root = root.resolve()
    if cache is not None:
        cache.start_build()
    project, problems = load_project(root)
    # A touchpoint whose file has a mistake is still known by its file name, so its data
    # rows are not reported as unknown on top of the mistake itself.
    known = {tp.id for tp in project.touchpoints} | touchpoint_file_ids(root)
    feedback = _load_feedback(root, project.config, known, problems, cache)
    business = load_business(root, project.config, {tp.id for tp in project.touchpoints}, problems)
    problems.raise_if_any()
    return analyze(project, feedback, business, cache)


def build(
    root: Path,
    out_dir: Path | None = None,
    *,
    strict: bool = False,
    write: bool = True,
    cache: Cache | None = None,
    compare_with: str | None = None,
    search: bool = True,
) -> BuildResult:
    """Check, render and (unless `write` is false) write the site.

    Links that do not resolve and data rows left out are warnings; `strict` (or `strict: true`
    in touchsite.yml) makes them errors, so nothing is written.
    With `compare_with` (or the key in touchsite.yml), a git revision, it gets a changes page.
    `search=False` leaves the search index to the caller (the preview builds it after the
    reload, so an edit shows sooner).
    """
    target = out_dir if out_dir is not None else root.resolve() / "site"
    if write:
        recover(target)  # what a killed build left, even when this one fails
    report = check(root, cache)
    try:
        files = render_site(report, changes_since(report, compare_with))
    except jinja2.TemplateError as error:
        problem = template_problem(error, root)
        if problem is None:
            raise
        raise UserError.of([problem]) from None
    warnings = as_problems(report.feedback.quality) + check_links(files, root.resolve())
    if errors := [problem for problem in warnings if problem.level == "error"]:
        raise UserError.of(errors)
    if (strict or report.project.config.strict) and warnings:
        raise UserError.of([dataclasses.replace(w, level="error") for w in warnings])
    if write:
        write_site(files, target, finish=index_search if search else None)
    return BuildResult(report, files, warnings)
