"""The chart script: the small plotly bundle draws every chart the site has, and the map's
controls work before it has even arrived. Search opened from the disk says why it cannot work."""

from __future__ import annotations

from playwright.sync_api import Route

from touchsite.resources import PLOTLY_BUNDLE

from .conftest import EVERY_PAGE_TYPE, Browsing, SiteServer

# The trace types the vendored bundle registers (its header names it the basic bundle).
BASIC_TRACES = {"scatter", "bar", "pie"}


def test_the_site_ships_the_basic_bundle(site_server: SiteServer) -> None:
    header = PLOTLY_BUNDLE.read_text(encoding="utf-8")[:200]
    assert "plotly.js (basic - minified)" in header
    shipped = list((site_server.out_dir / "assets").glob("plotly.*.min.js"))
    assert len(shipped) == 1
    # the vendored file as it is (scripts/vendor_plotly.py took plotly's hosts out of it)
    assert shipped[0].read_bytes() == PLOTLY_BUNDLE.read_bytes()
    assert shipped[0].stat().st_size < 1_500_000  # the full bundle is 4.8 MB


def test_every_chart_on_every_page_type_draws_its_traces(web: Browsing) -> None:
    drawn = 0
    for path in EVERY_PAGE_TYPE:
        watch = web.open(path)
        count = watch.wait_for_charts()
        types = watch.page.evaluate(
            """() => Array.from(document.querySelectorAll('.chart[data-figure]')).flatMap(el =>
                 JSON.parse(document.getElementById(el.dataset.figure).textContent).data
                   .map(trace => trace.type || 'scatter'))"""
        )
        assert set(types) <= BASIC_TRACES, f"{path}: {set(types) - BASIC_TRACES} not in the bundle"
        # each trace of each figure became an SVG group
        missing = watch.page.evaluate(
            """() => Array.from(document.querySelectorAll('.chart[data-figure]')).filter(el => {
                 const traces = JSON.parse(document.getElementById(el.dataset.figure).textContent)
                   .data.length;
                 return el.querySelectorAll('g.trace').length < traces;
               }).map(el => el.dataset.figure)"""
        )
        assert not missing, f"{path}: charts without their traces: {missing}"
        watch.assert_clean()
        drawn += count
        web.close_pages()
    assert drawn >= 20


def test_the_map_responds_while_the_chart_script_is_still_loading(web: Browsing) -> None:
    held: list[Route] = []
    released = False

    def hold(route: Route) -> None:
        if released:
            route.continue_()
        else:
            held.append(route)

    context = web.browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.route("**/assets/plotly.*.min.js", hold)
        page.goto(web.server.url("index.html"), wait_until="commit")
        page.wait_for_selector("#journey-map .tile")
        # the map's handlers are set at DOMContentLoaded, after the deferred app.js ran; the
        # document is 'interactive' before that, and a choice made then would go unheard
        page.wait_for_load_state("domcontentloaded")
        assert held, "the page did not ask for the chart script"
        assert page.evaluate("typeof Plotly") == "undefined"
        page.select_option("#kpi-select", "csat")
        page.wait_for_function("document.getElementById('journey-map').dataset.kpi === 'csat'")
        released = True
        for route in held:
            route.continue_()
        page.wait_for_function(
            """() => Array.from(document.querySelectorAll('.chart[data-figure]'))
                    .every(el => el.dataset.rendered === 'true')"""
        )
    finally:
        context.close()


def test_search_opened_from_the_disk_says_why_it_cannot_work(web: Browsing) -> None:
    search = web.server.out_dir / "search.html"
    watch = web.open_url(search.as_uri())
    notice = watch.page.locator("#search-from-disk")
    notice.wait_for(state="visible")
    assert "Webserver" in notice.inner_text()  # the German example
    watch.assert_clean()
