"""Where every file of the site lives, and the links to it from one page.

Each page's path is written once, here; the renderer, the templates, the content's Markdown
links and the messages that name a built file all ask this map. Links are relative (a path
back to the site root, then the page's path), so the site works under a GitHub Pages
sub-path and from a folder on disk.
"""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlparse

from touchsite.models.content import slug

# Pagefind writes its index here after the pages are written (see touchsite/search.py).
SEARCH_INDEX = "pagefind/"
# What a web server sends for a folder, and what GitHub Pages sends for a page it lacks.
FOLDER_INDEX = "index.html"
NOT_FOUND = "404.html"


def absolute_root(base_url: str) -> str:
    """The site root as a path on its host ("/sub/"), for a page served at any depth (the
    404 page); "" (links from the root) when the base URL is not known."""
    path = urlparse(base_url).path if base_url else ""
    return (path.rstrip("/") + "/") if path else ""


ASSET_DIGEST_LENGTH = 10


def asset_path(name: str, content: bytes) -> str:
    """An asset under a name that changes with its content, so browsers may cache it forever;
    a name is written as an id is ('Plan Übersicht.PNG' -> 'plan-uebersicht.<digest>.png')."""
    stem, dot, suffix = name.partition(".")
    stem, suffix = slug(stem) or "file", ".".join(map(slug, suffix.split(".")))
    digest = hashlib.sha256(content).hexdigest()[:ASSET_DIGEST_LENGTH]
    return f"assets/{stem}.{digest}{dot}{suffix}"


HASHED_ASSET = re.compile(rf"^/?assets/[^/.]+\.[0-9a-f]{{{ASSET_DIGEST_LENGTH}}}(\.[^/]*)?$")


def is_hashed_asset(path: str) -> bool:
    """Whether a site path is an asset named by its content (see `asset_path`)."""
    return HASHED_ASSET.match(path) is not None


def _with(path: str, fragment: str) -> str:
    return f"{path}#{fragment}" if fragment else path


@dataclass(frozen=True)
class Urls:
    """Links from the page at `current_path` ("" gives the paths from the site root).

    `root` is the way back to the site root; by default one '../' per folder of the page.
    `assets` maps a theme asset's plain name to its content-hashed path.
    """

    current_path: str = ""
    root: str | None = None
    assets: Mapping[str, str] = field(default_factory=dict, compare=False, repr=False)
    same_folder_only: bool = False

    def for_page(self, path: str, root: str | None = None) -> Urls:
        """The same map, making links from the page written to `path`."""
        return dataclasses.replace(self, current_path=path, root=root)

    @property
    def same_folder(self) -> Urls:
        """Links to files in the current page's folder, by their names alone (a journey's
        exports and its other states are written that way)."""
        return dataclasses.replace(self, same_folder_only=True)

    def _link(self, path: str) -> str:
        if self.same_folder_only:
            folder = posixpath.dirname(self.current_path)
            if posixpath.dirname(path.partition("#")[0]) != folder:
                raise ValueError(f"{path} is not in the folder of {self.current_path}")
            return path.removeprefix(folder + "/") if folder else path
        root = "../" * self.current_path.count("/") if self.root is None else self.root
        return root + path

    def site_root(self) -> str:
        """The site root itself, as a link that is never empty."""
        return self._link("") or "./"

    def asset(self, name: str) -> str:
        return self._link(self.assets[name])

    def search_index(self, name: str = "") -> str:
        return self._link(SEARCH_INDEX + name)

    def index(self, fragment: str = "") -> str:
        return self._link(_with(FOLDER_INDEX, fragment))

    def kpis(self, fragment: str = "") -> str:
        return self._link(_with("kpis.html", fragment))

    def methods(self, fragment: str = "") -> str:
        return self._link(_with("methods.html", fragment))

    def data_quality(self) -> str:
        return self._link("data-quality.html")

    def search(self) -> str:
        return self._link("search.html")

    def report(self) -> str:
        return self._link("report.html")

    def changes(self) -> str:
        return self._link("changes.html")

    def not_found(self) -> str:
        return self._link(NOT_FOUND)

    def touchpoint(self, touchpoint_id: str, fragment: str = "") -> str:
        return self._link(_with(f"touchpoints/{touchpoint_id}.html", fragment))

    def recommendations(self) -> str:
        return self._link("recommendations.html")

    def recommendation(self, rec_id: str) -> str:
        return self._link(_with("recommendations.html", self.recommendation_anchor(rec_id)))

    def recommendation_anchor(self, recommendation_id: str) -> str:
        return f"rec-{recommendation_id}"

    def opportunities(self) -> str:
        return self._link("opportunities.html")

    def opportunity(self, opportunity_id: str) -> str:
        return self._link(_with("opportunities.html", self.opportunity_anchor(opportunity_id)))

    def opportunity_anchor(self, opportunity_id: str) -> str:
        return f"opp-{opportunity_id}"

    def journey(self, journey_id: str, fragment: str = "") -> str:
        return self._link(_with(f"journeys/{journey_id}.html", fragment))

    def journey_export(self, journey_id: str, suffix: str) -> str:
        """The journey as Mermaid ("mmd") or as a table ("csv")."""
        return self._link(f"journeys/{journey_id}.{suffix}")

    def step(self, journey_id: str, step_id: str) -> str:
        return self.journey(journey_id, self.step_anchor(journey_id, step_id))

    def step_anchor(self, journey_id: str, step_id: str) -> str:
        return f"{journey_id}-step-{step_id}"

    def page(self, page_id: str, fragment: str = "") -> str:
        return self._link(_with(f"pages/{page_id}.html", fragment))

    def document(self, kind: str, document_id: str, fragment: str = "") -> str:
        """The page that shows a document (a content file) of `kind`: touchpoint,
        recommendation, journey, opportunity or page.

        Recommendations and opportunities share a page and are linked at their own anchor,
        so a fragment written after them is dropped."""
        if kind == "recommendation":
            return self.recommendation(document_id)
        if kind == "opportunity":
            return self.opportunity(document_id)
        pages = {"touchpoint": self.touchpoint, "journey": self.journey, "page": self.page}
        return pages[kind](document_id, fragment)


# The output paths: links from the site root, for the write stage and messages that name a file.
PATHS = Urls()
