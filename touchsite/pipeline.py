"""One revision of a project, checked: load -> validate -> analyze, into a Report.

Everything a build shows is computed here; `touchsite.build` renders and writes it, and
`touchsite.compare` runs the same pipeline on an older revision.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from touchsite.analyze.figures import figure_problems
from touchsite.analyze.report import Report, analyze
from touchsite.cache import Cache, file_digest
from touchsite.errors import Problems, UserError
from touchsite.load.business import load_business
from touchsite.load.content import touchpoint_file_ids
from touchsite.load.feedback import load_feedback
from touchsite.load.quality import as_problems
from touchsite.load.sources import DATABASES
from touchsite.models import Config, Feedback, Project
from touchsite.project import Loaded, load_project


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


def check(
    root: Path,
    cache: Cache | None = None,
    workers: int | None = None,
    loaded: Callable[[], Loaded] | None = None,
    project_read: Callable[[Project], object] | None = None,
) -> Report:
    """Load, validate and analyze; raise UserError listing every problem found.

    `cache` (a preview's, kept between builds) saves reading unchanged data files again;
    `workers`: see `analyze`; `loaded`: the project at `root` read ahead (`loaded_ahead`);
    `project_read` is given the project as soon as it is read, before the data stage (a
    build starts work beside it)."""
    root = root.resolve()
    if cache is not None:
        cache.start_build()
    project, problems = loaded() if loaded is not None else load_project(root)
    if project_read is not None:
        project_read(project)
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
