"""The measured experience on the emotion curve's -3..+3 axis: a figure's distance from its
target (or the journey's norm) in units of the touchpoints' spread, worked out by hand."""

from __future__ import annotations

import math
import statistics
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.conftest import make_config as base_config
from touchsite.analyze.experience import Norm, experience, journey_norm
from touchsite.analyze.tables import Estimator
from touchsite.models import Config, KpiEstimate, Rules, Scale
from touchsite.pipeline import check

CES_EFFORT = Scale(1, 5, higher_is_better=False)  # "how much effort": 1 is best


def make_config(ces_scale: Scale | None = CES_EFFORT, rules: Rules | None = None) -> Config:
    return base_config(ces_scale=ces_scale, rules=rules or Rules())


def nps_by_hand(promoters: int, detractors: int, n: int) -> tuple[float, float, float]:
    """NPS and its adjusted-Wald interval (add 3 answers, 0.75 to each end), in points."""
    adjusted = n + 3
    p, d = (promoters + 0.75) / adjusted, (detractors + 0.75) / adjusted
    half = 1.959964 * math.sqrt((p + d - (p - d) ** 2) / adjusted)
    return 100 * (promoters - detractors) / n, 100 * (p - d - half), 100 * (p - d + half)


def test_the_norm_is_the_pooled_figure_and_the_spread_of_the_touchpoints():
    config = make_config()
    tables = {
        ("a", "nps"): {10: 20, 0: 10},  # NPS +33.3
        ("b", "nps"): {10: 15, 0: 15},  # 0
        ("c", "nps"): {10: 10, 0: 20},  # -33.3
        ("d", "nps"): {10: 3},  # 3 answers: not shown, so not in the spread, but pooled
    }
    norm = journey_norm(tables, Estimator(config))
    # pooled: 48 promoters, 45 detractors of 93
    assert norm.reference["nps"] == pytest.approx(100 * 3 / 93)
    assert norm.unit["nps"] == pytest.approx(statistics.stdev([100 / 3, 0, -100 / 3]))
    # no CSAT anywhere: a sixth of its 0..100 range stands in; CES 1..5 mean: 4 / 6
    assert norm.reference["csat"] is None
    assert norm.unit["csat"] == pytest.approx(100 / 6)
    assert norm.unit["ces"] == pytest.approx(4 / 6)


def test_touchpoints_that_all_score_alike_give_a_unit_of_a_twentieth_of_the_range():
    tables = {(tp, "nps"): {10: 15 + i, 0: 15} for i, tp in enumerate("abc")}  # 0, +3.2, +6.1
    assert journey_norm(tables, Estimator(make_config())).unit["nps"] == pytest.approx(10.0)


def test_a_figure_below_its_target_reads_negative():
    config = make_config()
    value, low, high = nps_by_hand(10, 20, 30)  # -33.3 (-61.99 .. 1.39)
    norm = Norm(reference={"nps": -40.0}, unit={"nps": 40.0})
    below_target = KpiEstimate("nps", 30, value, low, high, target=20.0)
    est = experience({"nps": below_target}, norm, config)
    assert est.kpi == "experience" and est.n == 30 and not est.low_n
    # (-33.3 - 20) / 40 = -1.333, though the journey's norm (-40) lies below it
    assert est.value == pytest.approx((value - 20) / 40)
    assert (est.low, est.high) == pytest.approx(((low - 20) / 40, (high - 20) / 40))
    # without a target, the journey's norm is the reference: -33.3 is above -40
    no_target = KpiEstimate("nps", 30, value, low, high)
    assert experience({"nps": no_target}, norm, config).value == pytest.approx((value + 40) / 40)


def test_where_lower_is_better_the_sign_turns_and_the_interval_with_it():
    config = make_config(CES_EFFORT)
    norm = Norm(reference={"ces": 3.0}, unit={"ces": 0.5})
    effort = KpiEstimate("ces", 40, 2.0, 1.7, 2.4, higher_is_better=False)
    est = experience({"ces": effort}, norm, config)
    # 1 point less effort than the norm is 2 units better; the interval's ends swap
    assert (est.value, est.low, est.high) == pytest.approx((2.0, 1.2, 2.6))


def test_kpis_are_averaged_by_their_answers_and_the_curve_is_clipped():
    config = make_config()
    norm = Norm(reference={"nps": 0.0, "csat": 80.0}, unit={"nps": 20.0, "csat": 10.0})
    estimates = {
        "nps": KpiEstimate("nps", 30, 20.0, 0.0, 40.0),  # +1 (0 .. +2)
        "csat": KpiEstimate("csat", 10, 75.0, 60.0, 88.0),  # -0.5 (-2 .. +0.8)
    }
    est = experience(estimates, norm, config)
    assert est.n == 40
    assert est.value == pytest.approx((30 * 1 + 10 * -0.5) / 40)
    assert est.low == pytest.approx((30 * 0 + 10 * -2) / 40)
    assert est.high == pytest.approx((30 * 2 + 10 * 0.8) / 40)
    far = {"nps": KpiEstimate("nps", 200, -90.0, -95.0, -80.0)}
    assert experience(far, norm, config).value == -3.0
    assert experience(far, norm, config).high == -3.0  # -4 is off the axis too


def test_what_cannot_be_placed_is_left_out():
    norm = Norm(
        reference={"nps": 0.0, "ces": 4.0, "csat": None},
        unit=dict.fromkeys(("nps", "ces", "csat"), 10.0),
    )
    nps = KpiEstimate("nps", 30, 10.0, 0.0, 20.0)
    ces = KpiEstimate("ces", 50, 6.0, 5.5, 6.5)
    csat = KpiEstimate("csat", 50, 70.0, 60.0, 80.0)  # no target, no norm
    est = experience({"nps": nps, "ces": ces, "csat": csat}, norm, make_config(ces_scale=None))
    assert (est.n, est.value) == (30, pytest.approx(1.0))  # a CES without a stated scale is out
    hidden = KpiEstimate("nps", 5, None, None, None, low_n=True)
    empty = experience({"nps": hidden}, norm, make_config())
    assert (empty.n, empty.value, empty.low, empty.high, empty.low_n) == (5, None, None, None, True)


def test_low_n_follows_min_n_confident():
    config = make_config(rules=Rules(min_n_shown=10, min_n_confident=30))
    norm = Norm(reference={"nps": 0.0}, unit={"nps": 20.0})
    assert experience({"nps": KpiEstimate("nps", 29, 5.0, -20.0, 30.0)}, norm, config).low_n
    assert not experience({"nps": KpiEstimate("nps", 30, 5.0, -20.0, 30.0)}, norm, config).low_n


@pytest.mark.parametrize("project", [REPO, REPO / "examples" / "en"])
def test_the_example_curve_dips_where_the_weak_touchpoints_are(project: Path):
    # The example plants two weak touchpoints (see touchsite.example_data): the delivery date
    # call in 'lieferung-montage' and complaints in 'nutzung-service'. Their phases read
    # clearly negative; the advice phase with the strong in-store consultation positive.
    report = check(project)
    phases = {p.phase.id: p.experience for p in report.phases}
    planted = {"liefertermin-abstimmung": "lieferung-montage", "reklamation": "nutzung-service"}
    for touchpoint, phase in planted.items():
        assert (
            next(t for t in report.touchpoints if t.touchpoint.id == touchpoint).touchpoint.phase
            == phase
        )
        assert phases[phase].high < 0, phase
    assert phases["beratung-kauf"].low > 0
    step = next(
        s
        for j in report.journeys
        for s in j.steps
        if "liefertermin-abstimmung" in s.step.touchpoints
    )
    assert step.experience.high < 0
