"""Segments compared with each other, Benjamini-Hochberg across each table, two dimensions
crossed, and the overall NPS by segment. Expected values are worked out here."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from touchsite.analyze.segments import JOIN, by_dimension, dimensions, summed
from touchsite.build import build
from touchsite.errors import UserError
from touchsite.pipeline import check

HEADER = "response_id,touchpoint,date,nps,csat,ces,comment,segment"
Z = stats.norm.ppf(0.975)


def write(project: Path, rows: list[str], analysis: str = "") -> None:
    (project / "data" / "feedback.csv").write_text("\n".join([HEADER, *rows]) + "\n", "utf-8")
    if analysis:
        config = project / "touchsite.yml"
        text = config.read_text("utf-8").replace("data:\n", f"analysis:\n{analysis}data:\n")
        config.write_text(text, "utf-8")


def bh(p_values: list[float], q: float = 0.05) -> list[bool]:
    """Benjamini-Hochberg written out: reject the k smallest, k the largest rank with
    p_(k) <= k q / m."""
    m = len(p_values)
    order = sorted(range(m), key=p_values.__getitem__)
    k = max((rank for rank, i in enumerate(order, 1) if p_values[i] <= rank * q / m), default=0)
    chosen = set(order[:k])
    return [i in chosen for i in range(m)]


def test_a_touchpoints_segments_are_tested_against_each_other(mini: Path):
    # hotline CSAT: 'new' 30 of 60 in the top box, 'loyal' 54 of 60; one answer per respondent
    rows = []
    for i in range(60):
        rows.append(f"N{i},hotline,2026-01-05,,{4 if i < 30 else 2},,,new")
        rows.append(f"L{i},hotline,2026-01-06,,{5 if i < 54 else 3},,,loyal")
    write(mini, rows)
    table = check(mini).touchpoint("hotline").segment_table
    loyal = next(row for row in table.rows if row.label == "loyal")
    difference, finding = loyal.versus_rest["csat"]
    p_new, p_loyal = 30 / 60, 54 / 60
    pooled = 84 / 120
    z = (p_loyal - p_new) / math.sqrt(pooled * (1 - pooled) * (2 / 60))
    assert difference.difference == pytest.approx(100 * (p_loyal - p_new))
    assert difference.p_value == pytest.approx(2 * stats.norm.sf(z))
    assert finding and loyal.finding("csat") is difference
    assert loyal.kpis["csat"].value == pytest.approx(90.0)
    assert loyal.kpis["csat"].respondents == 60  # one answer each: no pooling


def test_benjamini_hochberg_runs_across_the_whole_table(mini: Path):
    # four segments at one touchpoint, NPS levels from clearly low to about the rest
    rng = np.random.default_rng(5)
    rows = []
    levels = {"a": 4.0, "b": 7.5, "c": 8.0, "d": 8.3}
    for segment, level in levels.items():
        for i in range(80):
            score = int(np.clip(np.rint(level + rng.normal(0, 1.6)), 0, 10))
            rows.append(f"{segment}{i},hotline,2026-01-07,{score},,,,{segment}")
    write(mini, rows)
    table = check(mini).touchpoint("hotline").segment_table
    tested = [row.versus_rest["nps"] for row in table.rows]
    p_values = [difference.p_value for difference, _ in tested]
    expected = [
        flag and abs(difference.difference) >= 10
        for flag, (difference, _) in zip(bh(p_values), tested, strict=True)
    ]
    assert [finding for _, finding in tested] == expected
    assert expected[0]  # segment a, far below the others
    # corrected: a p-value below 0.05 on its own is not enough where BH's bound is lower
    assert any(p < 0.05 for p in p_values)


def test_pooled_segments_count_respondents_and_show_the_overall_nps(mini: Path):
    """All touchpoints by segment: several answers per respondent, so the difference's
    standard error is the linearised one over respondents (segments share none), and each
    segment's interval counts its answers over their design effect."""
    rng = np.random.default_rng(9)
    rows, who, segment_of, y = [], [], [], []
    for person in range(150):
        segment = "new" if person % 3 else "loyal"
        level = rng.normal(0.6 if segment == "loyal" else 0.0, 1.2)
        for tp in ("search", "hotline", "quiet"):
            if rng.random() < 0.8:
                top = int(rng.random() < 1 / (1 + math.exp(-level)))
                rows.append(f"P{person},{tp},2026-01-08,,{5 if top else 2},,,{segment}")
                who.append(person)
                segment_of.append(segment)
                y.append(top)
        overall = 10 if segment == "loyal" and person % 2 else 6 if person % 5 else 8
        rows.append(f"P{person},overall,2026-01-08,{overall},,,,{segment}")
    write(mini, rows)
    report = check(mini)
    [table] = report.segment_tables
    loyal = next(row for row in table.rows if row.label == "loyal")
    who, segment_of, y = np.array(who), np.array(segment_of), np.array(y, dtype=float)

    def part(chosen):
        """The share, its variance over respondents, and its Wilson interval on the answers
        divided by the design effect (that variance over the one of answers alone)."""
        ratio, n = y[chosen].mean(), chosen.sum()
        ids, index = np.unique(who[chosen], return_inverse=True)
        residual = np.bincount(index, weights=y[chosen] - ratio, minlength=len(ids))
        variance = (residual**2).sum() / n**2
        effective = n * (((y[chosen] - ratio) ** 2).sum() / n**2) / variance
        centre = (ratio + Z**2 / (2 * effective)) / (1 + Z**2 / effective)
        half = (
            Z
            * math.sqrt(ratio * (1 - ratio) / effective + Z**2 / (4 * effective**2))
            / (1 + Z**2 / effective)
        )
        return ratio, variance, centre - half, centre + half

    r_loyal, v_loyal, low_loyal, high_loyal = part(segment_of == "loyal")
    r_new, v_new, low_new, high_new = part(segment_of == "new")
    difference, _finding = loyal.versus_rest["csat"]
    se = 100 * math.sqrt(v_loyal + v_new)
    d = r_loyal - r_new
    assert difference.difference == pytest.approx(100 * d)
    # Newcombe's interval from the two Wilson intervals (segments share no respondent)
    newcombe = (
        d - math.sqrt((r_loyal - low_loyal) ** 2 + (high_new - r_new) ** 2),
        d + math.sqrt((high_loyal - r_loyal) ** 2 + (r_new - low_new) ** 2),
    )
    assert (difference.low, difference.high) == pytest.approx(tuple(100 * x for x in newcombe))
    # and its test read from it: the limit towards 0 is 1.96 standard errors away, about
    # the z-test's on the linearised variance
    towards_zero = 100 * (newcombe[1] - d if d < 0 else d - newcombe[0]) / Z
    assert difference.p_value == pytest.approx(2 * stats.norm.sf(abs(100 * d) / towards_zero))
    assert towards_zero == pytest.approx(se, rel=0.1)
    assert loyal.kpis["csat"].respondents == len(np.unique(who[segment_of == "loyal"]))
    assert loyal.kpis["csat"].n == (segment_of == "loyal").sum()
    overall = loyal.kpis["overall"]
    assert overall.kpi == "nps" and overall.n == 50 and overall.respondents == 50
    # loyal: the odd ones promoters (25); of the even ones, multiples of 30 passives (0, 30,
    # 60, 90, 120), the other 20 detractors
    assert overall.value == pytest.approx(100 * (25 - 20) / 50)


def test_two_dimensions_are_compared_alone_and_crossed(mini: Path):
    rows = []
    cells = {
        ("new", "north"): 40,
        ("new", "south"): 35,
        ("loyal", "north"): 30,
        ("loyal", "south"): 4,
    }
    for (kind, region), count in cells.items():
        for i in range(count):
            score = 9 if (kind == "loyal") == (i % 3 != 0) else 5
            rows.append(f"{kind}{region}{i},hotline,2026-01-09,{score},,,,{kind} / {region}")
    write(mini, rows, "  segment_dimensions: [Kundentyp, Region]\n")
    report = check(mini)
    plain, kind, region = report.segment_tables
    assert (plain.dimension, kind.dimension, region.dimension) == ("", "Kundentyp", "Region")
    assert [row.label for row in kind.rows] == ["loyal", "new"]
    assert kind.rows[0].kpis["nps"].n == 34 and region.rows[1].kpis["nps"].n == 39
    cross = report.segment_cross
    assert cross.names == ("Kundentyp", "Region")
    assert (cross.across, cross.down) == (("loyal", "new"), ("north", "south"))
    small = cross.cells[("loyal", "south")].kpis["nps"]
    assert small.n == 4 and small.value is None  # below min_n_shown: only n
    assert (
        "nps" not in cross.cells[("loyal", "south")].versus_rest
        or not (cross.cells[("loyal", "south")].versus_rest["nps"][1])
    )


def test_one_segment_dimension_is_a_mistake(mini: Path):
    write(mini, ["A1,hotline,2026-01-09,9,,,,new"], "  segment_dimensions: [Kundentyp]\n")
    with pytest.raises(UserError) as raised:
        check(mini)
    assert any("segment_dimensions names one dimension" in p.message for p in raised.value.problems)


@given(
    st.lists(
        st.tuples(st.text(min_size=1, max_size=6), st.text(min_size=1, max_size=6)),
        min_size=1,
        max_size=8,
        unique=True,
    )
)
def test_each_dimension_value_holds_exactly_its_segments(parts):
    """Values a user's columns hold: every segment lands in one row per dimension, the row
    of its own part, wherever ' / ' may appear in the parts themselves."""
    segments = [f"{first}{JOIN}{second}" for first, second in parts]
    if dimensions(segments) != 2:  # a part holding ' / ' makes the split ambiguous
        assert any(JOIN in first or JOIN in second for first, second in parts)
        return
    for index in (0, 1):
        rows = by_dimension(segments, index)
        assert sorted(s for held in rows.values() for s in held) == sorted(segments)
        for value, held in rows.items():
            assert all(s.split(JOIN)[index] == value for s in held)


def test_the_kpi_page_shows_the_dimensions_and_their_crossing(mini: Path, tmp_path: Path):
    rows = [
        f"{kind}{region}{i},hotline,2026-01-09,{9 if kind == 'loyal' else 4},,,,{kind} / {region}"
        for kind in ("new", "loyal")
        for region in ("north", "south")
        for i in range(35)
    ]
    write(mini, rows, "  segment_dimensions: [Kundentyp, Region]\n")
    build(mini, tmp_path / "site")
    page = (tmp_path / "site" / "kpis.html").read_text("utf-8")
    assert "By Kundentyp" in page and "By Region" in page
    assert "Kundentyp × Region: NPS" in page
    assert page.count('class="versus finding"') >= 2  # loyal above, new below the others
    hotline = (tmp_path / "site" / "touchpoints" / "hotline.html").read_text("utf-8")
    assert "vs. the others" in hotline


def test_summed_adds_the_segments_answers_and_copies_a_single_one():
    tables = {("a", "nps"): {3: 1, 9: 2}, ("b", "nps"): {9: 1, 10: 4}, ("b", "csat"): {5: 7}}
    one = summed(tables, ["a"], "nps")
    assert one == {3: 1, 9: 2} and one is not tables[("a", "nps")]
    assert summed(tables, ["a", "b"], "nps") == {3: 1, 9: 3, 10: 4}
    assert summed(tables, ["c"], "nps") == {} and summed(tables, [], "nps") == {}
