"""One revision of a project, checked: load -> validate -> analyze, into a Report.

Everything a build shows is computed here; `touchsite.build` renders and writes it, and
`touchsite.compare` runs the same pipeline on an older revision.
"""

from __future__ import annotations

from pathlib import Path

from touchsite.analyze.figures import figure_problems
from touchsite.analyze.report import Report, analyze, paused_gc
from touchsite.cache import Cache, file_digest
from touchsite.errors import Problems, UserError
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
from touchsite.load.paths import HINT, bad_links
from touchsite.load.quality import as_problems
from touchsite.load.sources import DATABASES
from touchsite.models import Config, Feedback, Project
from touchsite.validate import validate_project


def _load_feedback(
    root: Path, config: Config, known: set[str], problems: Problems, cache: Cache | None
) -> Feedback:
    """The feedback, from `cache` while the data files' bytes and the config stay the same. A
    database's table is read anew each time: nothing here tells whether it changed."""
    if cache is None or any(source.engine in DATABASES for source in config.data):
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
    # Every front matter (and the Markdown tokens of the bodies read for links, which the render
    # reads again) stays: without pausing, collections of the oldest generation walk them
    # again and again (a fifth of the time at 1,000 touchpoints, when every body was parsed).
    with paused_gc():
        return _load_project(root)


def _load_project(root: Path) -> tuple[Project, Problems]:
    problems = Problems(root)
    config = load_config(root, problems)
    touchpoints = load_touchpoints(root, problems)
    recommendations = load_recommendations(root, problems)
    pages = load_pages(root, problems)
    journeys = load_journeys(root, config, problems)
    opportunities = load_opportunities(root, problems)
    if config is None:
        problems.raise_if_any()
    for link, wrong in bad_links(root):
        problems.add(link, None, wrong, HINT)
    project = Project(root, config, touchpoints, recommendations, pages, journeys, opportunities)
    validate_project(project, problems)
    return project, problems


def check(root: Path, cache: Cache | None = None, workers: int | None = None) -> Report:
    """Load, validate and analyze; raise UserError listing every problem found.

    `cache` (a preview's, kept between builds) saves reading unchanged data files again;
    `workers`: see `analyze`."""
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
    report = analyze(project, feedback, business, cache, workers)
    # Figures in prose are looked up in the finished analysis, so they are checked last.
    if wrong := list(figure_problems(report)):
        # a figure the data lacks often lacks it for rows left out: say why they were
        raise UserError.of([*as_problems(feedback.quality), *wrong])
    return report
