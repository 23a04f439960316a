"""Pages printed from the browser a stakeholder reads them in: what the screen drew must fit
the paper."""

from __future__ import annotations

from .conftest import Browsing

# Chrome lays a printed page out at the paper's width (up to 1.5 times it, then shrinks it to
# fit); a listener added after the page's own learns, inside that layout, how wide each chart
# is drawn and how wide its place is.
RECORD_PRINTED_WIDTHS = """() => {
  window.printedCharts = [];
  matchMedia("print").addEventListener("change", event => {
    if (!event.matches) return;
    document.querySelectorAll(".chart[data-figure]").forEach(el => {
      const svg = el.querySelector("svg.main-svg");
      window.printedCharts.push({
        id: el.id,
        place: el.clientWidth,
        drawn: svg ? Number(svg.getAttribute("width")) : null,
      });
    });
  });
}"""


def test_a_report_printed_from_a_wide_screen_shows_its_charts_whole(web: Browsing) -> None:
    """Printed from a 1440 px screen, the report's emotion curve kept the width it was drawn
    with on screen (1232 px) in a print layout of 1055 px: its last phase, "Nutzung & Service",
    was cut off at the paper's edge. Now each chart is redrawn to its printed width."""
    watch = web.open("report.html", viewport={"width": 1440, "height": 900})
    assert watch.wait_for_charts() >= 1
    page = watch.page
    page.evaluate(RECORD_PRINTED_WIDTHS)
    page.pdf(prefer_css_page_size=True)
    printed = page.evaluate("window.printedCharts")
    assert printed, "no chart was laid out for print"
    for chart in printed:
        assert chart["drawn"] is not None, f"{chart['id']}: nothing drawn"
        assert chart["drawn"] <= chart["place"], f"{chart['id']} is cut off on paper: {chart}"
    # back on screen, the charts take the screen's width again
    screen = page.evaluate(
        """() => Array.from(document.querySelectorAll(".chart[data-figure]")).map(el =>
             [el.clientWidth, Number(el.querySelector("svg.main-svg").getAttribute("width"))])"""
    )
    assert all(abs(place - drawn) <= 1 for place, drawn in screen), screen
    watch.assert_clean()
