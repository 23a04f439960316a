"""Chart axes as a reader reads them: a scale labels the values it has, and no others."""

from __future__ import annotations

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
