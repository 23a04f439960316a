"""Markdown bodies as HTML, with links between content files turned into links to their pages.

The load stage has checked every such link; here each one is looked up among the loaded
documents and linked through the page's URL map. The same body can appear on pages at
different depths (a recommendation shows on its touchpoints' pages too), so a body is
rendered for the page it appears on.

Figures written as references (`{{ nps("lieferavis") }}`, see touchsite.models.figures) are
filled in from the report, with their n and interval in a tooltip and for screen readers;
the check stage has made sure each one resolves.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import posixpath
from urllib.parse import urlsplit

from markdown_it.token import Token
from markupsafe import Markup, escape

from touchsite.analyze.figures import resolve
from touchsite.analyze.report import Report
from touchsite.models import (
    Document,
    KpiEstimate,
    Project,
    Source,
)
from touchsite.models.figures import Reference, Written, plain_figures
from touchsite.models.markdown import (
    MARKDOWN,
    kept_with_number,
    linked_file,
    parsed,
    shown_files,
)
from touchsite.render.i18n import Locale
from touchsite.render.urls import Urls

# A body's HTML made ahead of the render (`rendered_ahead`), by the body's path: the text it
# was made from, the HTML, and the project's files its links name (a published copy of one
# would be linked by its address on the page: then the HTML is made anew)
Ahead = dict[str, tuple[str, str, tuple[str, ...]]]


class Markdown:
    """Renders the bodies of one project's documents; `ahead`: bodies rendered before
    (`rendered_ahead`), taken where they are the same text."""

    def __init__(self, report: Report, locale: Locale, ahead: Ahead | None = None) -> None:
        self.report = report
        self.locale = locale
        # A document's page is named by its id, which may differ from its file name.
        self.documents = _documents(report.project)
        # The project's bodies, by file: a preview renders a page again after an edit of a
        # body alone on the last analysis, whose reports still hold the document as it was.
        self.bodies = report.project.bodies()
        self.ahead = ahead or {}
        self.shown: set[str] = set()  # the files whose bodies were rendered (see Site.render)

    def html(self, document: Document, urls: Urls) -> Markup:
        path = document.source.path
        self.shown.add(path)
        body = self.bodies.get(path, document.body)
        made = self.ahead.get(path)
        if made is not None and made[0] == body and not any(f in urls.assets for f in made[2]):
            return Markup(made[1])
        tokens = [self._linked(block, document.source, urls) for block in parsed(body)]
        env = {"figure": self.figure}
        return Markup(MARKDOWN.renderer.render(tokens, MARKDOWN.options, env))

    def text(self, text: str) -> Markup:
        """A plain text (a lane's, an insight's), escaped, with its figures filled in."""
        return Markup("").join(
            Markup(self.figure(part.reference))
            if isinstance(part, Written)
            else escape(kept_with_number(part))
            for part in plain_figures(text)
        )

    def figure(self, reference: Reference) -> str:
        """A figure in running text; an estimate says its n and interval on hover and to
        screen readers."""
        figure = resolve(self.report, reference)
        locale = self.locale
        if isinstance(figure, dt.date):
            return str(escape(locale.date(figure)))
        if not isinstance(figure, KpiEstimate):
            return str(escape(locale.number(figure)))
        _ = locale.gettext
        details = [locale.kpi_label(figure.kpi), f"n = {locale.number(figure.n)}"]
        if figure.value is None:
            details.append(_("too few answers to show a score"))
        elif figure.low is not None:
            details.append(f"{_('95% CI')} {locale.kpi_interval(figure)}")
        if figure.low_n and figure.value is not None:
            details.append(_("small sample"))
        detail = ", ".join(details)
        return (
            f'<span class="figure" tabindex="0" title="{escape(detail)}">'
            f"{escape(locale.kpi_value(figure))}"
            f'<span class="sr-only"> ({escape(detail)})</span></span>'
        )

    def _linked(self, block: Token, source: Source, urls: Urls) -> Token:
        """The block with its links to content files turned into links to their pages, and
        its images and links of files in the project into links to their published copies;
        the parsed tokens are shared (see `parsed`), so a changed link is a copy."""
        children = block.children
        if not children or not any(token.type in ("link_open", "image") for token in children):
            return block
        files = {
            id(token): (attribute, _place_kept(str(token.attrs[attribute]), urls.asset(path)))
            for token, attribute, path in shown_files(source.path, (block,))
            if path in urls.assets
        }
        linked, changed = [], False
        for token in children:
            if id(token) in files:
                attribute, address = files[id(token)]
                token = dataclasses.replace(token, attrs={**token.attrs, attribute: address})
                changed = True
            elif token.type == "link_open":
                href = self._href(str(token.attrs.get("href", "")), source, urls)
                if href is not None:
                    token = dataclasses.replace(token, attrs={**token.attrs, "href": href})
                    changed = True
            linked.append(token)
        # a block whose links all stay as written (a web address, a page's own .html) is the
        # shared one, as a block without links: a copy took ~6 µs a block
        return dataclasses.replace(block, children=linked) if changed else block

    def _href(self, href: str, source: Source, urls: Urls) -> str | None:
        linked = _document_linked(href, source.path, self.documents)
        if linked is None:
            return None
        kind, document_id, fragment = linked
        return urls.document(kind, document_id, fragment)


def _documents(project: Project) -> dict[str, tuple[str, str]]:
    """Each document's kind and id, by its path: what names its page."""
    kinds = (
        ("touchpoint", project.touchpoints),
        ("recommendation", project.recommendations),
        ("journey", project.journeys),
        ("opportunity", project.opportunities),
        ("page", project.pages),
    )
    return {
        document.source.path: (kind, document.id)
        for kind, documents in kinds
        for document in documents
    }


def _document_linked(
    href: str, source: str, documents: dict[str, tuple[str, str]]
) -> tuple[str, str, str] | None:
    """The kind, id and fragment of the document a link in the body of `source` leads to, by
    its .md path; None for any other link."""
    link = linked_file(href)
    if link is None:
        return None
    target, fragment = link
    path = posixpath.normpath(posixpath.join(posixpath.dirname(source), target))
    if path not in documents:
        return None
    kind, document_id = documents[path]
    return kind, document_id, fragment


def rendered_ahead(project: Project) -> Ahead:
    """The HTML of each body of `project` that reads the same on every page (`Ahead`): one
    without a figure, which needs the analysis, and without a link to another document,
    whose page's address depends on the page linking it. Made beside the data stage (see
    touchsite.beside), so that the render does not parse them: a touchpoint page's body took
    ~0.2 ms of its ~1.7 ms to parse, on the cores rendering the pages."""
    documents = _documents(project)
    made: Ahead = {}
    for path, body in project.bodies().items():
        tokens = parsed(body)
        children = [token for block in tokens for token in block.children or ()]
        if any(
            token.type == "figure"
            or token.type == "link_open"
            and _document_linked(str(token.attrs.get("href", "")), path, documents) is not None
            for token in children
        ):
            continue
        files = tuple(file for _token, _attribute, file in shown_files(path, tokens))
        made[path] = (body, MARKDOWN.renderer.render(list(tokens), MARKDOWN.options, {}), files)
    return made


def _place_kept(written: str, address: str) -> str:
    """The published copy's `address` with the place in the file the link named (a PDF's
    `#page=12`, an SVG's view)."""
    fragment = urlsplit(written).fragment
    return f"{address}#{fragment}" if fragment else address
