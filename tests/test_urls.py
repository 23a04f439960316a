"""The URL map: one path per page, relative links from every depth, no paths in templates."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from touchsite.build import build
from touchsite.render.urls import PATHS, Urls, absolute_root, asset_path, is_hashed_asset

THEME = Path(__file__).resolve().parents[1] / "templates"


def test_output_paths_are_links_from_the_site_root():
    assert PATHS.index() == "index.html"
    assert PATHS.touchpoint("hotline") == "touchpoints/hotline.html"
    assert PATHS.touchpoint("hotline", "ab-test") == "touchpoints/hotline.html#ab-test"
    assert PATHS.recommendation("callback") == "recommendations.html#rec-callback"
    assert PATHS.opportunity("faster") == "opportunities.html#opp-faster"
    assert PATHS.journey("buying") == "journeys/buying.html"
    assert PATHS.step("buying", "pay") == "journeys/buying.html#buying-step-pay"
    assert PATHS.journey_export("buying", "mmd") == "journeys/buying.mmd"
    assert PATHS.page("summary") == "pages/summary.html"
    assert PATHS.kpis("changes-heading") == "kpis.html#changes-heading"
    assert PATHS.data_quality() == "data-quality.html"
    assert PATHS.not_found() == "404.html"
    assert PATHS.search_index("pagefind-ui.js") == "pagefind/pagefind-ui.js"


def test_links_climb_back_to_the_root_from_a_page_in_a_folder():
    urls = PATHS.for_page("touchpoints/hotline.html")
    assert urls.index() == "../index.html"
    assert urls.touchpoint("search") == "../touchpoints/search.html"
    assert urls.recommendation("callback") == "../recommendations.html#rec-callback"
    assert urls.site_root() == "../"
    assert PATHS.for_page("search.html").site_root() == "./"


def test_the_404_page_links_absolutely_under_the_base_url():
    root = absolute_root("https://acme.github.io/journey/")
    assert root == "/journey/"
    assert absolute_root("https://acme.github.io/journey") == "/journey/"
    assert absolute_root("") == ""
    assert PATHS.for_page("404.html", root).kpis() == "/journey/kpis.html"


def test_same_folder_links_name_the_file_alone_and_refuse_other_folders():
    urls = PATHS.for_page("journeys/buying.html")
    assert urls.same_folder.journey("buying-to-be") == "buying-to-be.html"
    assert urls.same_folder.step("to-be", "pay") == "to-be.html#to-be-step-pay"
    assert urls.same_folder.journey_export("buying", "csv") == "buying.csv"
    with pytest.raises(ValueError):
        urls.same_folder.touchpoint("hotline")


def test_a_linked_document_gets_its_page_and_anchor():
    urls = PATHS.for_page("pages/summary.html")
    assert urls.document("touchpoint", "hotline", "kpi-heading") == (
        "../touchpoints/hotline.html#kpi-heading"
    )
    # recommendations share one page: the link goes to the recommendation's own anchor
    assert urls.document("recommendation", "callback", "x") == (
        "../recommendations.html#rec-callback"
    )
    assert urls.document("page", "method") == "../pages/method.html"


def test_assets_are_named_by_their_content():
    one, other = asset_path("style.css", b"a{}"), asset_path("style.css", b"b{}")
    assert re.fullmatch(r"assets/style\.[0-9a-f]{10}\.css", one)
    assert one != other
    urls = Urls(assets={"style.css": one}).for_page("journeys/buying.html")
    assert urls.asset("style.css") == "../" + one


def _theme_templates() -> list[Path]:
    return sorted(THEME.rglob("*.html"))


def test_no_theme_template_writes_a_path_of_the_site():
    assert _theme_templates()
    for path in _theme_templates():
        text = path.read_text(encoding="utf-8")
        # extends, include, from and import name templates, not pages of the site
        text = re.sub(r"{%-?\s*(extends|include|from|import)\s+\"[^\"]+\"", "", text)
        text = re.sub(r"{#.*?#}", "", text, flags=re.DOTALL)  # comments are not written
        assert ".html" not in text, path.relative_to(THEME)
        for target in re.findall(r"\s(?:href|src)=\"([^\"]*)\"", text):
            assert target.startswith(("{{ urls.", "#", "data:")), (path.name, target)


def test_customer_text_with_the_old_placeholder_is_published_as_written(mini: Path):
    """The pages used to replace 'touchsite-root:/' anywhere in them, comments included."""
    data = mini / "data/feedback.csv"
    data.write_text(
        data.read_text(encoding="utf-8")
        + 'H900,hotline,2026-03-04,3,,2,"Broken touchsite-root:/login & <slow>",loyal\n',
        encoding="utf-8",
    )
    hotline = mini / "content/touchpoints/hotline.md"
    hotline.write_text(hotline.read_text() + "\nOur wiki: `touchsite-root:/wiki`.\n")
    build(mini, search=False)
    page = (mini / "site/touchpoints/hotline.html").read_text(encoding="utf-8")
    assert "Broken touchsite-root:/login &amp; &lt;slow&gt;" in page
    assert "<code>touchsite-root:/wiki</code>" in page


NAME_PART = st.text(alphabet=string.ascii_letters + string.digits + "-_", min_size=1)


@given(NAME_PART, st.lists(NAME_PART, max_size=2), st.binary())
def test_every_asset_path_is_recognised_as_named_by_its_content(stem, suffixes, content):
    assert is_hashed_asset(asset_path(".".join([stem, *suffixes]), content))


def test_plain_names_are_not_taken_for_content_named_assets():
    assert is_hashed_asset("assets/style.0afaa92703.css") and is_hashed_asset(
        "/assets/x.0123456789"
    )
    for path in (
        "assets/logo.svg",
        "assets/style.0afaa9270.css",
        "files/a.0123456789.csv",
        "assets/sub/a.0123456789.js",
        "assets/a.0123456789abc.js",
    ):
        assert not is_hashed_asset(path), path
