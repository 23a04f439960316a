"""Charts as a reader reads them: a scale labels the values it has, and no others; names
on a chart leave each other legible, on a phone too."""

from __future__ import annotations

import pytest

from .conftest import Browsing


def tick_labels(page, chart: str, axis: str) -> list[str]:
    return page.eval_on_selector_all(
        f"#{chart} .{axis}tick text", "ts => ts.map(t => t.textContent.trim())"
    )


def test_the_impact_effort_matrix_labels_only_its_1_to_5_scales(web: Browsing) -> None:
    """The impact axis ran up to 6.1 to make room for the fields' names and labelled a "6", an
    impact no recommendation can have on its scale of 1 to 5. Now both axes label 1 to 5."""
    watch = web.open("recommendations.html", viewport={"width": 1440, "height": 900})
    watch.wait_for_charts()
    chart = "chart-recommendations-matrix"
    assert tick_labels(watch.page, chart, "y") == ["1", "2", "3", "4", "5"]
    assert tick_labels(watch.page, chart, "x") == ["1", "2", "3", "4", "5"]
    watch.assert_clean()


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 720)])
def test_the_key_driver_chart_names_its_quadrants_and_points_legibly(
    web: Browsing, width: int, height: int
) -> None:
    """On a 390 px phone the driver chart's four quadrant names, each one line, ran into each
    other: "Verbessern: wichtig, schwächer als die übrigen" over "Halten: wichtig, gut
    bewertet". Now a narrow chart breaks them over lines, and no two overlap. The five leading
    points' names were cut to 26 characters ("Liefertermin-Abstimmung pe…") and on a phone ran
    past the chart's left edge and into the quadrants' names; now they are whole on a wide
    chart and a phone's points carry their number in the table, each inside the chart and
    clear of every other text on it."""
    watch = web.open("kpis.html", viewport={"width": width, "height": height})
    watch.wait_for_charts()
    boxes = watch.page.eval_on_selector_all(
        "#chart-kpis-drivers .annotation",
        """els => els.map(e => { const r = e.getBoundingClientRect();
                                 return [r.left, r.top, r.right, r.bottom]; })""",
    )
    assert len(boxes) == 4 + 5  # the quadrants' names and the leading points' labels
    texts = watch.page.eval_on_selector_all(
        "#chart-kpis-drivers .annotation-text", "els => els.map(e => e.textContent)"
    )
    assert not any("…" in text for text in texts), texts
    if width > 560:
        assert "Liefertermin-Abstimmung per Telefon" in texts
    chart = watch.page.locator("#chart-kpis-drivers").bounding_box()
    for index, (left, top, right, bottom) in enumerate(boxes):
        assert chart["x"] - 1 <= left and right <= chart["x"] + chart["width"] + 1, boxes[index]
        for other in boxes[index + 1 :]:
            apart = right <= other[0] or other[2] <= left or bottom <= other[1] or other[3] <= top
            assert apart, f"quadrant names overlap: {boxes[index]} and {other}"
    watch.assert_clean()
