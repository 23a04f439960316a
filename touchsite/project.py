"""A project's text files read: its config, content and journeys, validated.

A command that builds reads them in a forked process while it imports the libraries of the
data stage, the analysis and the render (about a second, most of it on one core): at 1,000
touchpoints the reading takes 0.4-0.5 s and its result comes back as 0.7 MB, unpickled in a
hundredth of a second. This module imports none of those libraries, so the fork is small
and starts at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

from touchsite.beside import computed_beside, forks_safely
from touchsite.collector import paused_gc
from touchsite.errors import Problems
from touchsite.load.config import load_config
from touchsite.load.content import (
    load_pages,
    load_recommendations,
    load_touchpoints,
    misnamed_markdown,
)
from touchsite.load.journeys import load_journeys, load_opportunities
from touchsite.load.paths import HINT, bad_links
from touchsite.models import Project
from touchsite.validate import validate_project

Loaded = tuple[Project, Problems]


def load_project(root: Path) -> Loaded:
    # Every front matter (and the Markdown tokens of the bodies read for links, which the render
    # reads again where they were read in its process) stays: without pausing, collections of
    # the oldest generation walk them again and again (a fifth of the time at 1,000
    # touchpoints, when every body was parsed).
    with paused_gc():
        return _load_project(root)


def _load_project(root: Path) -> Loaded:
    problems = Problems(root)
    config = load_config(root, problems)
    touchpoints = load_touchpoints(root, problems)
    recommendations = load_recommendations(root, problems)
    pages = load_pages(root, problems)
    misnamed_markdown(root, problems)
    journeys = load_journeys(root, config, problems)
    opportunities = load_opportunities(root, problems)
    if config is None:
        problems.raise_if_any()
    for link, wrong in bad_links(root):
        problems.add(link, None, wrong, HINT)
    project = Project(root, config, touchpoints, recommendations, pages, journeys, opportunities)
    validate_project(project, problems)
    return project, problems


@contextmanager
def loaded_ahead(root: Path) -> Iterator[Callable[[], Loaded]]:
    """Within the block, the project at `root` (resolved) is read in a forked process where
    that can gain (`_worth_a_fork`); the callable yielded waits for it (see load_project, and
    touchsite.beside for what ends the process)."""
    with computed_beside(
        partial(load_project, root.resolve()), _worth_a_fork(), "project reading"
    ) as loaded:
        yield loaded


def _worth_a_fork() -> bool:
    """Where a fork starts well (touchsite.beside) and has a second core to run on."""
    return forks_safely() and len(os.sched_getaffinity(0)) > 1
