"""A whole project as loaded: its config and content."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from touchsite.models.config import Config
from touchsite.models.content import Journey, Opportunity, Page, Recommendation, Touchpoint


@dataclass
class Project:
    root: Path
    config: Config
    touchpoints: list[Touchpoint]
    recommendations: list[Recommendation]
    pages: list[Page]
    journeys: list[Journey] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)
