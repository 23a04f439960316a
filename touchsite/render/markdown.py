"""Markdown bodies as HTML, with links between content files turned into links to their pages.

The load stage has checked every such link; here each one is looked up among the loaded
documents and linked through the page's URL map. The same body can appear on pages at
different depths (a recommendation shows on its touchpoints' pages too), so a body is
rendered for the page it appears on.
"""

from __future__ import annotations

import posixpath

from markupsafe import Markup

from touchsite.models import Journey, Opportunity, Page, Project, Recommendation, Source, Touchpoint
from touchsite.models.markdown import MARKDOWN, linked_file
from touchsite.render.urls import Urls

Document = Touchpoint | Recommendation | Journey | Opportunity | Page


class Markdown:
    """Renders the bodies of one project's documents."""

    def __init__(self, project: Project) -> None:
        kinds = (
            ("touchpoint", project.touchpoints),
            ("recommendation", project.recommendations),
            ("journey", project.journeys),
            ("opportunity", project.opportunities),
            ("page", project.pages),
        )
        # A document's page is named by its id, which may differ from its file name.
        self.documents = {
            document.source.path: (kind, document.id)
            for kind, documents in kinds
            for document in documents
        }

    def html(self, document: Document, urls: Urls) -> Markup:
        tokens = MARKDOWN.parse(document.body)
        for block in tokens:
            for token in block.children or ():
                if token.type == "link_open":
                    href = self._href(str(token.attrs.get("href", "")), document.source, urls)
                    if href is not None:
                        token.attrs["href"] = href
        return Markup(MARKDOWN.renderer.render(tokens, MARKDOWN.options, {}))

    def _href(self, href: str, source: Source, urls: Urls) -> str | None:
        link = linked_file(href)
        if link is None:
            return None
        target, fragment = link
        path = posixpath.normpath(posixpath.join(posixpath.dirname(source.path), target))
        if path not in self.documents:
            return None
        kind, document_id = self.documents[path]
        return urls.document(kind, document_id, fragment)
