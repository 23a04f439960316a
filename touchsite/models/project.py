"""A whole project as loaded: its config and content."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from touchsite.models.config import Config
from touchsite.models.content import Journey, Opportunity, Page, Recommendation, Touchpoint

Document = Touchpoint | Recommendation | Journey | Opportunity | Page
# the fields that hold documents read from content/*.md, each with a Markdown body
DOCUMENTS = ("touchpoints", "recommendations", "pages", "journeys", "opportunities")


@dataclass
class Project:
    root: Path
    config: Config
    touchpoints: list[Touchpoint]
    recommendations: list[Recommendation]
    pages: list[Page]
    journeys: list[Journey] = field(default_factory=list)
    opportunities: list[Opportunity] = field(default_factory=list)

    def documents(self) -> Iterator[Document]:
        for kind in DOCUMENTS:
            yield from getattr(self, kind)

    def bodies(self) -> dict[str, str]:
        """Each Markdown file's body, by its path relative to the project."""
        return {document.source.path: document.body for document in self.documents()}
