"""The verdict's findings: which figure each names, its trend, and the answers it lists."""

from __future__ import annotations

from types import SimpleNamespace

from touchsite.analyze.changes import Difference
from touchsite.analyze.findings import ANSWERS, FINDINGS, findings, pain_rank
from touchsite.analyze.latest import Drop
from touchsite.analyze.trends import Change
from touchsite.models import KpiEstimate


def rec(rec_id: str, status: str) -> SimpleNamespace:
    return SimpleNamespace(id=rec_id, status=status)


def trend(kpi: str, difference: float, significant: bool) -> Change:
    step = Difference(kpi, difference, None, None, 0.01, 100, 100)
    return Change("tp", kpi, "2026-Q1", "2026-Q4", step, significant, kind="trend")


def pain(
    shortfalls: dict[str, float], changes=(), recommendations=(), ces_lower_better=False, drops=()
):
    kpis = {
        "nps": KpiEstimate("nps", 100, -10, -20, 0, 20),
        "csat": KpiEstimate("csat", 100, 60, 50, 70, 75),
        "ces": KpiEstimate("ces", 100, 3.0, 2.8, 3.2, 2.5, higher_is_better=not ces_lower_better),
    }
    return SimpleNamespace(
        shortfalls=shortfalls,
        drops=tuple(drops),
        changes=tuple(changes),
        recommendations=tuple(recommendations),
        kpis=kpis,
        current=kpis.__getitem__,  # no latest period that differs
    )


def test_the_primary_kpi_is_named_where_it_falls_short():
    # NPS falls short by less than CSAT, but it is the primary KPI
    [found] = findings([pain({"nps": 0.1, "csat": 0.3})], "nps")
    assert found.kpi == "nps"
    assert found.estimate.value == -10


def test_otherwise_the_kpi_that_falls_shortest():
    [found] = findings([pain({"csat": 0.1, "ces": 0.3})], "nps")
    assert found.kpi == "ces"
    # a tie goes to the first KPI in the order NPS, CSAT, CES
    [tied] = findings([pain({"csat": 0.2, "ces": 0.2})], "nps")
    assert tied.kpi == "csat"


def test_only_open_recommendations_answer_at_most_two():
    recs = [rec("a", "done"), rec("b", "planned"), rec("c", "rejected"), rec("d", "idea")]
    recs.append(rec("e", "in-progress"))
    [found] = findings([pain({"nps": 0.1}, recommendations=recs)], "nps")
    assert [r.id for r in found.recommendations] == ["b", "d"]
    assert ANSWERS == 2


def test_the_trend_says_better_or_worse_in_the_kpis_direction():
    rising = [trend("nps", 12.0, True), trend("csat", -5.0, True)]
    [found] = findings([pain({"nps": 0.1}, changes=rising)], "nps")
    assert found.improving is True
    [falling] = findings([pain({"csat": 0.1}, changes=rising)], "nps")
    assert falling.improving is False
    # a CES where lower is better: a rising mean is getting worse
    ces_up = [trend("ces", 0.4, True)]
    [effort] = findings([pain({"ces": 0.1}, changes=ces_up, ces_lower_better=True)], "nps")
    assert effort.improving is False
    # a trend that is not significant says nothing
    [flat] = findings([pain({"nps": 0.1}, changes=[trend("nps", 12.0, False)])], "nps")
    assert flat.improving is None
    [none] = findings([pain({"nps": 0.1})], "nps")
    assert none.trend is None and none.improving is None


def test_no_more_findings_than_fit_the_first_screen():
    many = [pain({"nps": 0.1}) for _ in range(FINDINGS + 2)]
    assert len(findings(many, "nps")) == FINDINGS == 3
    assert findings([], "nps") == ()


def dropped(kpi: str, share: float) -> Drop:
    step = Change(
        "tp", kpi, "2026-Q1", "2026-Q2", Difference(kpi, -40, -55, -25, 1e-6, 80, 70), True
    )
    before = KpiEstimate(kpi, 80, 30, 20, 40)
    return Drop(step, before, KpiEstimate(kpi, 70, -10, -20, 0), share)


def test_a_drop_is_named_before_a_shortfall():
    # the CSAT fell short, the NPS dropped: the drop is why it needs action now
    drop = dropped("nps", 0.2)
    [found] = findings([pain({"csat": 0.3}, drops=[drop])], "nps")
    assert found.kpi == "nps" and found.drop is drop and found.estimate is drop.after
    # of two drops, the primary KPI's, though the other fell further
    csat = dropped("csat", 0.4)
    [both] = findings([pain({}, drops=[drop, csat])], "nps")
    assert both.drop is drop
    [other] = findings([pain({}, drops=[csat])], "nps")
    assert other.drop is csat and other.kpi == "csat"


def test_touchpoints_that_dropped_rank_first_then_by_pain():
    def ranked(tp_id: str, amount: float, drops=()) -> SimpleNamespace:
        return SimpleNamespace(touchpoint=SimpleNamespace(id=tp_id), pain=amount, drops=drops)

    reports = [ranked("a", 180.0), ranked("b", 60.0, (object(),)), ranked("c", 90.0, (object(),))]
    reports.append(ranked("d", 180.0))
    assert [r.touchpoint.id for r in sorted(reports, key=pain_rank)] == ["c", "b", "a", "d"]
