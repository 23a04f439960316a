"""Omni-channel consistency, against scipy's chi-square test and ANOVA on the grouped tables
and hand arithmetic (in comments)."""

from __future__ import annotations

import pytest
from scipy import stats as scipy_stats

from tests.conftest import make_config as base_config
from touchsite.analyze.channels import consistency
from touchsite.analyze.kpis import Design
from touchsite.analyze.tables import Estimator
from touchsite.models import Channel, Config, Phase, Rules, Scale, Targets

AGREE = Scale(1, 7, True)
RULES = Rules(min_n_shown=10, min_n_confident=30, min_effect=Targets(nps=10.0, csat=5.0, ces=0.3))


def make_config(rules: Rules = RULES, ces_scale: Scale | None = AGREE) -> Config:
    return base_config(
        phases=(Phase("before", "Before"), Phase("after", "After")),
        channels=(Channel("web", "Website"), Channel("phone", "Phone"), Channel("app", "App")),
        ces_scale=ces_scale,
        rules=rules,
    )


def run(tables, config=None):
    config = config or make_config()
    return consistency(tables, config, Estimator(config))


def expand(counts: dict[int, int]) -> list[int]:
    return [score for score, n in sorted(counts.items()) for _ in range(n)]


def test_very_different_nps_distributions_differ():
    # web: 60 promoters, 20 passives, 20 detractors (NPS 40); phone: 20 / 20 / 60 (NPS -40)
    # grouped (detractors, passives, promoters): (20, 20, 60) and (60, 20, 20); expected 40, 20,
    # 40 in each row: chi2 = 2 x (400/40 + 0 + 400/40) = 40, df 2, p = exp(-40/2) = 2.06e-9
    web = {10: 40, 9: 20, 8: 15, 7: 5, 6: 10, 2: 10}
    phone = {9: 20, 7: 20, 5: 30, 0: 30}
    (found,) = run({("before", "web", "nps"): web, ("before", "phone", "nps"): phone})
    _, p, df, _ = scipy_stats.chi2_contingency([[20, 20, 60], [60, 20, 20]], correction=False)
    assert df == 2
    assert found.p_value == pytest.approx(p) == pytest.approx(2.061154e-9, rel=1e-6)
    assert found.p_adjusted == pytest.approx(p)  # a family of one
    assert found.differs
    assert (found.phase, found.kpi) == ("before", "nps")
    assert [(c, e.value) for c, e in found.channels] == [("web", 40.0), ("phone", -40.0)]
    assert found.weakest[0] == "phone"


def test_identical_distributions_do_not_differ():
    counts = {10: 30, 8: 20, 4: 20}
    (found,) = run({("after", "web", "nps"): counts, ("after", "phone", "nps"): dict(counts)})
    assert found.p_value == pytest.approx(1.0)
    assert not found.differs


def test_grouping_ignores_differences_within_a_group():
    # 9s against 10s, 0s against 6s: the same promoters and detractors, the same NPS groups
    web = {10: 40, 0: 40}
    phone = {9: 40, 6: 40}
    (found,) = run({("before", "web", "nps"): web, ("before", "phone", "nps"): phone})
    assert found.p_value == pytest.approx(1.0) and not found.differs


def test_chi_square_matches_scipy_on_three_channels():
    web = {10: 25, 9: 10, 8: 12, 7: 8, 5: 10, 1: 5}  # 35 / 20 / 15
    phone = {10: 12, 8: 20, 6: 18}  # 12 / 20 / 18
    app = {9: 30, 7: 5, 3: 5}  # 30 / 5 / 5
    tables = {("before", c, "nps"): t for c, t in [("web", web), ("phone", phone), ("app", app)]}
    (found,) = run(tables)
    observed = [[15, 20, 35], [18, 20, 12], [5, 5, 30]]
    _, p, df, _ = scipy_stats.chi2_contingency(observed, correction=False)
    assert df == 4
    assert found.p_value == pytest.approx(p)
    # best first: app 62.5, web 28.57, phone -12
    assert [c for c, _ in found.channels] == ["app", "web", "phone"]


def test_csat_is_compared_as_top_two_box():
    web = {5: 30, 4: 20, 3: 5, 1: 5}  # 50 of 60 satisfied
    phone = {5: 10, 4: 20, 2: 20, 1: 10}  # 30 of 60
    (found,) = run({("before", "web", "csat"): web, ("before", "phone", "csat"): phone})
    _, p, _, _ = scipy_stats.chi2_contingency([[10, 50], [30, 30]], correction=False)
    assert found.p_value == pytest.approx(p)
    assert found.differs  # 83.3 % against 50 %


def test_ces_is_compared_by_anova_and_ranked_by_direction():
    web = {2: 10, 3: 15, 4: 10}
    phone = {4: 10, 5: 15, 6: 10}
    tables = {("after", "web", "ces"): web, ("after", "phone", "ces"): phone}
    reference = scipy_stats.f_oneway(expand(web), expand(phone))
    agree = run(tables, make_config(ces_scale=Scale(1, 7, True)))[0]
    assert agree.p_value == pytest.approx(reference.pvalue)
    assert agree.differs  # means 3 and 5
    assert [c for c, _ in agree.channels] == ["phone", "web"]
    effort = run(tables, make_config(ces_scale=Scale(1, 7, False)))[0]
    assert [c for c, _ in effort.channels] == ["web", "phone"]  # less effort first


def test_channels_below_min_n_confident_are_left_out():
    web = {10: 60, 3: 20}
    phone = {10: 20, 3: 60}
    app = {0: 29}  # 29 answers: too few to compare
    tables = {
        ("before", "web", "nps"): web,
        ("before", "phone", "nps"): phone,
        ("before", "app", "nps"): app,
    }
    (found,) = run(tables)
    assert [c for c, _ in found.channels] == ["web", "phone"]
    _, p, _, _ = scipy_stats.chi2_contingency([[20, 60], [60, 20]], correction=False)
    assert found.p_value == pytest.approx(p)
    # with the app out, the "after" phase has one channel only: nothing to compare
    assert run({("after", "web", "nps"): web, ("after", "app", "nps"): app}) == []
    assert run({}) == []


def test_significant_but_smaller_than_min_effect_is_not_flagged():
    # 3000 answers each: promoters 50 % vs 45 %, detractors 10 % both (NPS 40 vs 35)
    # p far below .05, but the channels are only 5 points apart (min effect 10)
    web = {10: 1500, 8: 1200, 3: 300}
    phone = {10: 1350, 8: 1350, 3: 300}
    tables = {("before", "web", "nps"): web, ("before", "phone", "nps"): phone}
    (found,) = run(tables)
    assert found.p_value < 0.001
    assert not found.differs
    lenient = make_config(Rules(min_effect=Targets(nps=4.0)))
    assert run(tables, lenient)[0].differs


def test_different_distributions_with_equal_scores_are_not_flagged():
    # all passives against half promoters, half detractors: NPS 0 in both, spread 0
    web = {8: 100}
    phone = {10: 50, 2: 50}
    (found,) = run({("before", "web", "nps"): web, ("before", "phone", "nps"): phone})
    assert found.p_value < 1e-10
    assert not found.differs


def test_p_values_are_corrected_across_phases_and_kpis():
    before_web, before_phone = {10: 40, 3: 30}, {10: 30, 3: 40}
    after_web, after_phone = {10: 60, 3: 10}, {10: 10, 3: 60}
    csat_web, csat_phone = {5: 35, 2: 35}, {5: 45, 2: 25}
    tables = {
        ("before", "web", "nps"): before_web,
        ("before", "phone", "nps"): before_phone,
        ("after", "web", "nps"): after_web,
        ("after", "phone", "nps"): after_phone,
        ("after", "web", "csat"): csat_web,
        ("after", "phone", "csat"): csat_phone,
    }
    found = run(tables)
    assert [(c.phase, c.kpi) for c in found] == [
        ("before", "nps"),
        ("after", "nps"),
        ("after", "csat"),
    ]
    p_values = [
        scipy_stats.chi2_contingency(table, correction=False)[1]
        for table in ([[30, 40], [40, 30]], [[10, 60], [60, 10]], [[35, 35], [25, 45]])
    ]
    assert [c.p_value for c in found] == pytest.approx(p_values)
    expected = scipy_stats.false_discovery_control(p_values)
    assert [c.p_adjusted for c in found] == pytest.approx(list(expected))
    assert [c.differs for c in found] == [q <= 0.05 for q in expected]


def test_clustered_answers_divide_the_statistic_by_the_mean_design_effect():
    """Rao & Scott's first-order correction: web's answers with design effect 3 (100 answers),
    phone's 1 (100 answers): mean 2, so chi2 = 40 counts as 20 (df 2, p = exp(-10))."""
    web = {10: 40, 9: 20, 8: 15, 7: 5, 6: 10, 2: 10}
    phone = {9: 20, 7: 20, 5: 30, 0: 30}
    config = make_config()
    effects = {"web": 3.0, "phone": 1.0}
    (found,) = consistency(
        {("before", "web", "nps"): web, ("before", "phone", "nps"): phone},
        config,
        Estimator(config),
        lambda phase, channel, kpi: Design(effects[channel], None),
    )
    assert (
        found.p_value
        == pytest.approx(scipy_stats.chi2.sf(20.0, 2))
        == pytest.approx(4.539993e-5, rel=1e-6)
    )
    web_estimate = dict(found.channels)["web"]
    assert web_estimate.respondents is None and web_estimate.pooled


def test_each_channels_figure_is_its_own_in_every_phase():
    # the figures of all phases' channels are made in one batch per KPI: each must come back
    # to its phase and channel, with its own design. NPS = % of 9-10 minus % of 0-6.
    tables = {
        ("before", "web", "nps"): {10: 30, 0: 10},  # n 40, (30 - 10) / 40 = 50
        ("before", "phone", "nps"): {9: 10, 8: 10, 7: 10, 6: 20},  # n 50, (10 - 20) / 50 = -20
        ("before", "app", "nps"): {10: 45, 9: 15},  # n 60, 100
        ("after", "web", "nps"): {0: 35},  # n 35, -100
        ("after", "phone", "nps"): {10: 20, 7: 20, 5: 40},  # n 80, (20 - 40) / 80 = -25
        ("after", "web", "csat"): {5: 30, 1: 10},  # n 40, top-2-box 75 %
        ("after", "phone", "csat"): {4: 40, 2: 40},  # n 80, 50 %
    }
    respondents = {  # a respondent count of each phase and channel, told apart by it
        ("before", "web"): 31,
        ("before", "phone"): 32,
        ("before", "app"): 33,
        ("after", "web"): 34,
        ("after", "phone"): 35,
    }
    config = make_config()
    found = consistency(
        tables,
        config,
        Estimator(config),
        lambda phase, channel, kpi: Design(1.5, respondents[(phase, channel)]),
    )
    figures = {
        (c.phase, c.kpi, channel): (estimate.n, estimate.value, estimate.respondents)
        for c in found
        for channel, estimate in c.channels
    }
    assert figures == {
        ("before", "nps", "web"): (40, 50.0, 31),
        ("before", "nps", "phone"): (50, -20.0, 32),
        ("before", "nps", "app"): (60, 100.0, 33),
        ("after", "nps", "web"): (35, -100.0, 34),
        ("after", "nps", "phone"): (80, -25.0, 35),
        ("after", "csat", "web"): (40, 75.0, 34),
        ("after", "csat", "phone"): (80, 50.0, 35),
    }
    # each phase's channels ranked best first
    assert [[channel for channel, _ in c.channels] for c in found] == [
        ["app", "web", "phone"],
        ["phone", "web"],
        ["web", "phone"],
    ]
