"""Live figures in the summary: their n and interval on hover, and on a tap on a phone."""

from __future__ import annotations

from .conftest import Browsing


def test_a_tapped_figure_shows_its_details_within_a_phone_screen(web: Browsing) -> None:
    watch = web.open("pages/zusammenfassung.html", viewport={"width": 390, "height": 844})
    page = watch.page
    figures = page.locator("span.figure")
    assert figures.count() >= 15
    figure = figures.nth(4)
    title = figure.get_attribute("title")
    assert title.startswith("NPS, n = ") and "95-%-KI" in title
    figure.focus()
    shown = figure.evaluate("f => getComputedStyle(f, '::after').content")
    assert shown == f'"{title}"'
    box = figure.evaluate(
        "f => { const s = getComputedStyle(f, '::after'); return [s.position, s.left, s.right]; }"
    )
    assert box[0] == "fixed"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    watch.assert_clean()
