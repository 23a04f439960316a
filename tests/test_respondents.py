"""The respondent as the unit: pooled figures whose answers cluster in respondents.

Every expected interval is computed here from the answers themselves with numpy: the
linearised (sandwich) variance of a ratio with respondents as clusters, and a respondent
bootstrap; never from the sums the build keeps.
"""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from tests.conftest import make_config
from touchsite.analyze.kpis import SIMPLE, Design, estimate
from touchsite.analyze.respondents import Respondents
from touchsite.kpi import Scale
from touchsite.load import respondents as respondents_module
from touchsite.load.respondents import respondent_moments
from touchsite.pipeline import check

CONFIG = make_config(ces_scale=Scale(1, 7))
KPIS = CONFIG.kpis
Z = stats.norm.ppf(0.975)


def clustered_answers(seed: int, respondents: int = 400, touchpoints: int = 4):
    """Answers of respondents to 1..`touchpoints` touchpoints, a respondent's answers alike
    (a personal level plus noise), so the answers cluster strongly."""
    rng = np.random.default_rng(seed)
    who, where, nps, csat, ces = [], [], [], [], []
    for person in range(respondents):
        level = rng.normal(0, 1.5)
        rated = rng.choice(touchpoints, size=rng.integers(1, touchpoints + 1), replace=False)
        for tp in sorted(rated):
            who.append(person)
            where.append(tp)
            nps.append(int(np.clip(np.rint(7 + 1.5 * level + rng.normal(0, 0.8)), 0, 10)))
            csat.append(int(np.clip(np.rint(3.6 + 0.8 * level + rng.normal(0, 0.5)), 1, 5)))
            ces.append(int(np.clip(np.rint(4.5 + 1.2 * level + rng.normal(0, 0.7)), 1, 7)))
    return (
        np.array(who, dtype=np.uint64),
        np.array(where, dtype=np.int32),
        {"nps": np.array(nps), "csat": np.array(csat), "ces": np.array(ces)},
    )


def moments(who, where, scores, segment=None):
    names = [f"tp{i}" for i in range(int(where.max()) + 1)]
    segment = np.zeros(len(who), dtype=np.int32) if segment is None else segment
    month = np.full(len(who), 672, dtype=np.int32)  # 2026-01
    return respondent_moments(who, where, month, segment, scores, names, ["a", "b"], CONFIG)


def values(kpi: str, scores: np.ndarray) -> np.ndarray:
    """Each answer's value, written out here: promoter +1 / detractor -1, top-2-box 1, score."""
    if kpi == "nps":
        return np.where(scores >= 9, 1.0, np.where(scores <= 6, -1.0, 0.0))
    if kpi == "csat":
        return (scores >= 4).astype(float)
    return scores.astype(float)


def sandwich(who: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The ratio's variance with respondents as clusters, and with every answer alone."""
    ratio = y.mean()
    ids, index = np.unique(who, return_inverse=True)
    per_respondent = np.bincount(index, weights=y - ratio, minlength=len(ids))
    return (per_respondent**2).sum() / len(y) ** 2, ((y - ratio) ** 2).sum() / len(y) ** 2


def counts_of(scores: np.ndarray) -> dict[int, int]:
    found, n = np.unique(scores, return_counts=True)
    return {int(s): int(k) for s, k in zip(found, n, strict=True)}


def wilson(p: float, n: float) -> tuple[float, float]:
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return centre - half, centre + half


@pytest.mark.parametrize("kpi", ["nps", "csat", "ces"])
def test_a_pooled_interval_is_the_cluster_robust_one(kpi):
    who, where, scores = clustered_answers(seed=1)
    pooled = Respondents(moments(who, where, scores)).pool("touchpoint", ["tp0", "tp1", "tp2"], kpi)
    chosen = where <= 2
    y = values(kpi, scores[kpi][chosen])
    clustered, alone = sandwich(who[chosen], y)
    assert clustered > 1.5 * alone  # the data really clusters
    design = pooled.design
    assert design.effect == pytest.approx(clustered / alone, rel=1e-12)
    assert design.respondents == len(np.unique(who[chosen]))  # not the sum per touchpoint
    found = estimate(KPIS[kpi], counts_of(scores[kpi][chosen]), design=design)
    n = len(y)
    effective = n * alone / clustered
    if kpi == "ces":
        # the t interval with the cluster-robust standard error (n / (n - 1) as for s^2)
        half = stats.t.ppf(0.975, effective - 1) * math.sqrt(clustered * n / (n - 1))
        assert (found.low, found.high) == pytest.approx((y.mean() - half, y.mean() + half))
    elif kpi == "csat":
        low, high = wilson(y.mean(), effective)
        assert (found.low, found.high) == pytest.approx((100 * low, 100 * high))
    # whatever the method, about the Wald interval with the cluster-robust standard error
    unit = 1 if kpi == "ces" else 100
    half_width = (found.high - found.low) / 2
    assert half_width == pytest.approx(Z * unit * math.sqrt(clustered), rel=0.05)
    assert found.n == n


def test_the_pooled_nps_interval_matches_a_respondent_bootstrap():
    who, where, scores = clustered_answers(seed=2, respondents=300)
    found = estimate(
        KPIS["nps"],
        counts_of(scores["nps"]),
        design=Respondents(moments(who, where, scores))
        .pool("touchpoint", ["tp0", "tp1", "tp2", "tp3"], "nps")
        .design,
    )
    y = values("nps", scores["nps"])
    rng = np.random.default_rng(7)
    ids = np.unique(who)
    rows = [np.flatnonzero(who == person) for person in ids]
    draws = []
    for _ in range(2000):
        picked = np.concatenate([rows[i] for i in rng.integers(0, len(ids), len(ids))])
        draws.append(100 * y[picked].mean())
    spread = np.std(draws, ddof=1)
    assert (found.high - found.low) / 2 == pytest.approx(Z * spread, rel=0.1)
    naive = estimate(KPIS["nps"], counts_of(scores["nps"]))
    assert (naive.high - naive.low) < 0.8 * (found.high - found.low)


@settings(max_examples=30)  # each example reduces a dataset: about half a second
@given(st.lists(st.tuples(st.sampled_from([0, 1, 2]), st.integers(0, 10)), min_size=1))
def test_one_answer_per_respondent_leaves_every_figure_as_it_was(answers):
    where = np.array([tp for tp, _ in answers], dtype=np.int32)
    scores = {
        "nps": np.array([s for _, s in answers]),
        "csat": np.array([1 + s % 5 for _, s in answers]),
        "ces": np.array([1 + s % 7 for _, s in answers]),
    }
    who = np.arange(len(answers), dtype=np.uint64)  # every answer its own respondent
    respondents = Respondents(moments(who, where, scores))
    for kpi in ("nps", "csat", "ces"):
        design = respondents.pool("touchpoint", ["tp0", "tp1", "tp2"], kpi).design
        assert design.effect == 1.0 and design.respondents == len(answers)
        counts = counts_of(scores[kpi])
        with_design = estimate(KPIS[kpi], counts, design=design)
        assert with_design == estimate(KPIS[kpi], counts, design=SIMPLE)
        assert not with_design.pooled


def test_a_touchpoint_against_the_rest_counts_shared_respondents():
    who, where, scores = clustered_answers(seed=3)
    respondents = Respondents(moments(who, where, scores))
    found = respondents.difference(KPIS["csat"], "touchpoint", ["tp1", "tp2", "tp3"], ["tp0"])
    y = values("csat", scores["csat"])
    own, rest = where == 0, where != 0
    r_own, r_rest = y[own].mean(), y[rest].mean()
    # the linearised variance of the difference: per respondent, own minus rest residuals
    ids, index = np.unique(who, return_inverse=True)
    e_own = np.bincount(index[own], weights=y[own] - r_own, minlength=len(ids)) / own.sum()
    e_rest = np.bincount(index[rest], weights=y[rest] - r_rest, minlength=len(ids)) / rest.sum()
    se = 100 * math.sqrt(((e_own - e_rest) ** 2).sum())
    difference = 100 * (r_own - r_rest)
    assert found.difference == pytest.approx(difference)
    _d, low, high = recovered("csat", who, y, own, rest)
    assert (found.low, found.high) == pytest.approx((low, high))
    # the test read from the interval, which on 400 respondents away from 0 % and 100 % is
    # about the z-test on the linearised variance
    towards_zero = (high - difference if difference < 0 else difference - low) / Z
    assert found.p_value == pytest.approx(2 * stats.norm.sf(abs(difference) / towards_zero))
    assert towards_zero == pytest.approx(se, rel=0.05)
    # shared respondents make the difference surer than two independent samples would say
    independent = math.sqrt(e_own @ e_own + e_rest @ e_rest)
    assert se < 100 * independent


def adjusted_wald(good: float, bad: float, n: float) -> tuple[float, float]:
    """The NPS interval as shares (Rocks 2016): n + 3, promoters and detractors + 3/4 each."""
    pro, det = (good + 0.75) / (n + 3), (bad + 0.75) / (n + 3)
    half = Z * math.sqrt((pro + det - (pro - det) ** 2) / (n + 3))
    return max(-1.0, pro - det - half), min(1.0, pro - det + half)


def own_interval(kpi: str, who: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """A pool's interval as the site gives a pooled figure's: its answers divided by their
    design effect (1 where no respondent answered twice or either variance is 0), widened
    to hold the pool's own figure."""
    clustered, alone = sandwich(who, y)
    repeated = len(np.unique(who)) < len(who)
    effect = clustered / alone if repeated and clustered > 1e-15 and alone > 1e-15 else 1.0
    n = len(y) / effect
    if kpi == "nps":
        low, high = adjusted_wald((y == 1).sum() / effect, (y == -1).sum() / effect, n)
    else:
        low, high = wilson(y.mean(), n)
    return min(low, y.mean()), max(high, y.mean())


def recovered(kpi, who, y, own, rest) -> tuple[float, float, float]:
    """own - rest and its interval from the two pools' intervals (Zou & Donner 2008), with
    the correlation of the two figures over respondents (Zou 2007), in points."""
    a, b = y[rest].mean(), y[own].mean()
    low_a, high_a = own_interval(kpi, who[rest], y[rest])
    low_b, high_b = own_interval(kpi, who[own], y[own])
    ids, index = np.unique(who, return_inverse=True)
    e_a = np.bincount(index[rest], weights=y[rest] - a, minlength=len(ids)) / rest.sum()
    e_b = np.bincount(index[own], weights=y[own] - b, minlength=len(ids)) / own.sum()
    both = (e_a @ e_a) * (e_b @ e_b)
    r = (e_a @ e_b) / math.sqrt(both) if both > 0 else 0.0
    d = b - a
    low = d - math.sqrt((b - low_b) ** 2 + (high_a - a) ** 2 - 2 * r * (b - low_b) * (high_a - a))
    high = d + math.sqrt((high_b - b) ** 2 + (a - low_a) ** 2 - 2 * r * (high_b - b) * (a - low_a))
    return 100 * d, 100 * low, 100 * high


def with_tp0(rest, own: list[tuple[int, int]]):
    """600 respondents who each rated tp1 and tp2 alike, `rest(person)` giving their (NPS,
    CSAT), and a touchpoint tp0 rated by some of them (every 7th): `own`, (NPS, CSAT) each."""
    rows = [(person, tp, *rest(person)) for person in range(600) for tp in (1, 2)]
    rows += [(7 * i, 0, n, c) for i, (n, c) in enumerate(own)]
    return as_arrays(rows)


def as_arrays(rows):
    """(respondent, touchpoint, NPS, CSAT) rows as the arrays `moments` takes; the CES is the
    CSAT's answers."""
    who = np.array([r[0] for r in rows], dtype=np.uint64)
    where = np.array([r[1] for r in rows], dtype=np.int32)
    csat = np.array([r[3] for r in rows])
    return who, where, {"nps": np.array([r[2] for r in rows]), "csat": csat, "ces": csat}


def journey(own_nps: list[int], own_csat: list[int]):
    """The rest NPS -1 (30 % promoters, 31 % detractors) and CSAT 68 %."""

    def rest(person: int) -> tuple[int, int]:
        kind = person % 100
        return (10 if kind < 30 else 8 if kind < 69 else 3), (4 + person % 2 if kind < 68 else 2)

    return with_tp0(rest, list(zip(own_nps, own_csat, strict=True)))


def versus_rest(who, where, scores, kpi):
    respondents = Respondents(moments(who, where, scores))
    return respondents.versus_rest(KPIS[kpi], "touchpoint", ["tp0", "tp1", "tp2"])[0]


@pytest.mark.parametrize(
    ("own_nps", "own_csat", "kpi", "expected"),
    [
        # 12 answers, all detractors and none satisfied: the Wald interval said "-99 (-100 to
        # -98)" and "-68 pp (-68 to -67)"; 12 answers cannot rule out -53 and -43 (the rest,
        # each respondent's two answers alike, is sure to about 6 points either way)
        ([3] * 12, [2] * 12, "nps", (-99, -105, -53)),
        ([3] * 12, [2] * 12, "csat", (-68, -72, -43)),
        # 25 answers at +92: the Wald interval reached +108, which needs an NPS above +100
        ([10] * 23 + [8] * 2, [5] * 25, "nps", (93, 66, 102)),
        # a 100 % side
        ([10] * 40, [5] * 40, "nps", (101, 83, 107)),
        ([10] * 40, [5] * 40, "csat", (32, 23, 36)),
    ],
)
def test_a_small_or_unanimous_touchpoint_against_the_rest_is_never_sure_beyond_its_answers(
    own_nps, own_csat, kpi, expected
):
    who, where, scores = journey(own_nps, own_csat)
    found = versus_rest(who, where, scores, kpi)
    y = values(kpi, scores[kpi])
    own, rest = where == 0, where != 0
    assert (found.difference, found.low, found.high) == pytest.approx(
        recovered(kpi, who, y, own, rest)
    )
    assert (found.difference, found.low, found.high) == pytest.approx(expected, abs=1.0)
    # never beyond what the touchpoint's own figure can reach against the rest's interval
    assert found.high <= 100 - 100 * own_interval(kpi, who[rest], y[rest])[0] + 1e-9


@pytest.mark.parametrize("kpi", ["nps", "csat"])
def test_large_equal_samples_give_about_the_wald_interval(kpi):
    who, where, scores = clustered_answers(seed=8, respondents=3000)
    segment = (who % 2).astype(np.int32)
    respondents = Respondents(moments(who, where, scores, segment))
    found = respondents.difference(KPIS[kpi], "segment", ["a"], ["b"])
    y = values(kpi, scores[kpi])
    a, b = segment == 0, segment == 1
    assert abs(a.sum() - b.sum()) < 0.1 * len(y)
    se = 100 * math.sqrt(sandwich(who[a], y[a])[0] + sandwich(who[b], y[b])[0])
    difference = 100 * (y[b].mean() - y[a].mean())
    assert (found.low, found.high) == pytest.approx(recovered(kpi, who, y, b, a)[1:])
    wald = (difference - Z * se, difference + Z * se)
    assert (found.low, found.high) == pytest.approx(wald, abs=0.2)


def rated_rows(respondents: int, touchpoints: int, min_size: int, max_size: int):
    """Rows (respondent, touchpoint, NPS, CSAT) of a few respondents answering alike or not."""
    row = st.tuples(
        st.integers(0, respondents - 1),
        st.integers(0, touchpoints - 1),
        st.integers(0, 10),
        st.integers(1, 5),
    )
    return st.lists(row, min_size=min_size, max_size=max_size)


def each_against_the_rest(rows, kpi: str):
    """Each touchpoint of `rows` against the rest (None where it cannot be compared)."""
    who, where, scores = as_arrays(rows)
    keys = [f"tp{i}" for i in range(int(where.max()) + 1)]
    return Respondents(moments(who, where, scores)).versus_rest(KPIS[kpi], "touchpoint", keys)


@settings(max_examples=60, deadline=None)
@given(rated_rows(respondents=9, touchpoints=4, min_size=2, max_size=60))
def test_each_touchpoint_against_the_rest_holds_its_difference_within_reach(rows):
    for kpi, reach in (("nps", 200.0), ("csat", 100.0)):
        for found in each_against_the_rest(rows, kpi):
            if found is None:
                continue
            assert -reach <= found.low <= found.difference <= found.high <= reach


def near_unanimous(own: int, satisfied: int, rest_share: int) -> tuple:
    """The rest `rest_share` % satisfied, tp0 rated by `own` respondents, `satisfied` of whom
    were satisfied; the NPS twice the CSAT."""

    def rated(good: bool) -> tuple[int, int]:
        return (10, 5) if good else (4, 2)

    own_ratings = [rated(i < satisfied) for i in range(own)]
    return with_tp0(lambda person: rated(person % 100 < rest_share), own_ratings)


@pytest.mark.parametrize(
    ("satisfied", "rest_share", "expected"),
    [
        # 39 of 40 satisfied against the rest's 88 %: the Wald test's standard error of the
        # 40 (0.025) says p = 0.0007, "significant", beside the interval -1.2 to +13.0
        (39, 88, (9.5, -1.2, 13.0)),
        # and the other way: 1 of 40 against 12 %
        (1, 12, (-9.5, -12.8, 0.9)),
    ],
)
def test_a_difference_is_significant_exactly_where_its_interval_leaves_out_zero(
    satisfied, rest_share, expected
):
    who, where, scores = near_unanimous(40, satisfied, rest_share)
    found = versus_rest(who, where, scores, "csat")
    assert (found.difference, found.low, found.high) == pytest.approx(expected, abs=0.05)
    y = values("csat", scores["csat"])
    d, low, high = recovered("csat", who, y, where == 0, where != 0)
    # the test read from the interval: the distance to the limit towards zero is 1.96 of
    # its standard errors (Altman & Bland 2011, BMJ 343:d2090)
    se = (high - d if d < 0 else d - low) / Z
    assert found.p_value == pytest.approx(2 * stats.norm.sf(abs(d) / se))
    assert found.p_value > 0.05


@settings(max_examples=60, deadline=None)
@given(rated_rows(respondents=31, touchpoints=3, min_size=4, max_size=120))
def test_no_difference_is_significant_whose_interval_holds_zero(rows):
    for kpi in ("nps", "csat"):
        for found in each_against_the_rest(rows, kpi):
            if found is None or abs(found.p_value - 0.05) < 1e-9:
                continue
            assert (found.p_value < 0.05) == (found.low > 0 or found.high < 0), found


def test_segments_that_share_no_respondent_have_their_own_counts():
    who, where, scores = clustered_answers(seed=4, respondents=200)
    segment = (who % 2).astype(np.int32)  # a respondent's segment is theirs in every answer
    respondents = Respondents(moments(who, where, scores, segment))
    assert respondents.pool("segment", ["a", "b"], "nps").respondents == 200
    group = respondents.group("segment", "b", "nps")
    assert group.respondents == 100 and group.answers == (segment == 1).sum()
    clustered, _alone = sandwich(who[segment == 1], values("nps", scores["nps"][segment == 1]))
    assert group.residual(group.ratio) / group.answers**2 == pytest.approx(clustered)


CSV = """response_id,touchpoint,date,nps,csat,ces,comment,segment
{rows}
"""


def test_the_report_pools_phases_and_all_touchpoints_by_respondent(mini: Path):
    """End to end: a long table with several answers per respondent, its phase 'after'
    (hotline and quiet corner) and all touchpoints; answers without an id stand alone."""
    rng = np.random.default_rng(11)
    rows, who, where, nps = [], [], [], []
    for person in range(120):
        level = rng.normal(0, 2)
        for tp in ("search", "hotline", "quiet"):
            if rng.random() < 0.75:
                score = int(np.clip(np.rint(7 + level + rng.normal(0, 0.7)), 0, 10))
                rid = f"R{person}" if person < 100 else ""  # the last 20 without an id
                rows.append(f"{rid},{tp},2026-01-{1 + person % 28:02d},{score},,,,")
                who.append(person if person < 100 else 1000 + len(who))
                where.append(tp)
                nps.append(score)
    (mini / "data" / "feedback.csv").write_text(CSV.format(rows="\n".join(rows)), "utf-8")
    report = check(mini)
    who, where, nps = np.array(who), np.array(where), np.array(nps)
    for found, chosen in (
        (next(p for p in report.phases if p.phase.id == "after").kpis["nps"], where != "search"),
        (report.overall["nps"], where != ""),
    ):
        y = values("nps", nps[chosen])
        clustered, alone = sandwich(who[chosen], y)
        n = len(y) * alone / clustered
        # the adjusted-Wald interval (add 3 and 0.75 twice) on the effective sample size
        promoters, detractors = (y == 1).mean() * n, (y == -1).mean() * n
        p_pro, p_det = (promoters + 0.75) / (n + 3), (detractors + 0.75) / (n + 3)
        half = Z * math.sqrt((p_pro + p_det - (p_pro - p_det) ** 2) / (n + 3))
        centre = p_pro - p_det
        assert (found.low, found.high) == pytest.approx(
            (100 * (centre - half), 100 * (centre + half))
        )
        assert found.n == len(y)
    assert report.overall["nps"].respondents == len(np.unique(who))
    after = next(p for p in report.phases if p.phase.id == "after").kpis["nps"]
    assert after.respondents == len(np.unique(who[where != "search"]))
    search = report.touchpoint("search").kpis["nps"]
    assert search.respondents == search.n  # one answer per respondent: as it always was


def pooled_design(rows: list[tuple[int, int, int]], kpi: str = "csat"):
    """The pooled design and estimate of all touchpoints from (respondent, touchpoint, score)."""
    who = np.array([r[0] for r in rows], dtype=np.uint64)
    where = np.array([r[1] for r in rows], dtype=np.int32)
    scores = np.array([r[2] for r in rows])
    names = [f"tp{i}" for i in range(int(where.max()) + 1)]
    data = {"nps": scores, "csat": scores, "ces": scores}
    design = Respondents(moments(who, where, data)).pool("touchpoint", names, kpi).design
    return design, estimate(KPIS[kpi], counts_of(scores), design=design)


@pytest.mark.parametrize(
    "rows",
    [
        # every respondent's own share is the pool's (1/2): no variance between respondents
        [(p, tp, 5 if (p + tp) % 2 else 2) for p in range(10) for tp in range(2)],
        # the same with a share of 1/3, which no float holds: rounding must not count
        [(p, tp, 5 if (p + tp) % 3 == 0 else 2) for p in range(12) for tp in range(3)],
    ],
)
def test_a_vanishing_clustered_variance_gives_the_simple_interval(rows):
    design, found = pooled_design(rows)
    assert design.effect == 1.0
    good = sum(score >= 4 for _, _, score in rows)
    low, high = wilson(good / len(rows), len(rows))  # effect 1: n answers as they are
    assert (found.low, found.high) == pytest.approx((100 * low, 100 * high))


@pytest.mark.parametrize("kpi", ["nps", "csat", "ces"])
def test_answers_all_alike_give_the_simple_interval_never_nan(kpi):
    rows = [(person, tp, 5) for person in range(12) for tp in range(2)]  # 24 answers of 5
    design, found = pooled_design(rows, kpi)
    assert design.effect == 1.0 and design.respondents == 12
    if kpi == "csat":
        low, high = wilson(1.0, 24)
        assert (found.low, found.high) == pytest.approx((100 * low, 100 * high))
    elif kpi == "ces":
        assert (found.low, found.high) == (5.0, 5.0)  # no spread: the simple t interval is a point
    else:
        # adjusted Wald (n + 3, detractors + 0.75, promoters 0.75): all 24 are detractors
        n, pro, det = 27, 0.75 / 27, 24.75 / 27
        half = Z * math.sqrt((pro + det - (pro - det) ** 2) / n)
        assert (found.low, found.high) == pytest.approx(
            (100 * max(-1.0, pro - det - half), 100 * (pro - det + half))
        )


@pytest.mark.parametrize("effect", [0.0, -1.0, math.nan, math.inf])
def test_a_design_effect_must_be_positive_and_finite(effect):
    with pytest.raises(ValueError, match="design effect"):
        Design(effect, 10)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 6),  # respondent
            st.integers(0, 3),  # touchpoint
            st.integers(-14, 3),  # month: some before 1970
            st.integers(0, 2),  # segment
            st.integers(-1, 10),  # NPS score, -1 not answered
        ),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 4),
)
def test_the_sums_over_respondents_are_the_answers_summed_by_hand(rows, block):
    """Groups and pairs from the answers written out here, a respondent with several answers
    in one group among them; a few respondents and pairs summed at a time (RESPONDENT_BLOCK,
    PAIR_BLOCK) as for a large file."""
    assert_summed_by_hand(rows, block)


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 60),  # respondent: each answers once
            st.integers(0, 3),
            st.integers(-14, 3),
            st.integers(0, 2),
            st.integers(-1, 10),
        ),
        min_size=1,
        max_size=40,
        unique_by=lambda row: row[0],
    ).map(sorted),
    st.integers(1, 4),
)
def test_respondents_who_answered_once_are_summed_as_their_answers(rows, block):
    """Each respondent answered once (an export without respondent ids): the sums are
    those of the answers, and no two groups share a respondent."""
    found = assert_summed_by_hand(rows, block)
    assert found.pairs.empty
    assert (found.patterns["touchpoints"].map(len) == 1).all()


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 8),  # respondent
            st.integers(0, 3),  # touchpoint
            st.integers(0, 2),  # segment
            st.integers(0, 10),  # NPS score
        ),
        min_size=2,
        max_size=40,
    ),
    st.permutations([0, 1, 2]),
)
def test_a_pair_is_written_alike_whatever_order_its_groups_were_met_in(rows, order):
    """A segment's number is the order it was met in (an engine's counts come back in any
    order): numbered otherwise, the same answers give the same pairs, each named a -> b in
    code point order."""
    who, where, segment, score = (np.array(column) for column in zip(*rows, strict=True))
    names = ["tp3", "tp1", "tp2", "tp0"]  # touchpoints in an order of their own, too
    segments = ["neu", "alt", "gewerbe"]

    def pairs(numbering: list[int]) -> pd.DataFrame:
        renumbered = np.array(numbering)[segment]  # segment s is number numbering[s]
        met = [""] * 3
        for s, number in enumerate(numbering):
            met[number] = segments[s]
        found = respondent_moments(
            who.astype(np.int32),
            where.astype(np.int16),
            np.full(len(who), 672, dtype=np.int16),
            renumbered.astype(np.int32),
            {"nps": score.astype(np.int8)},
            names,
            met,
            CONFIG,
        )
        return found.pairs

    first, other = pairs([0, 1, 2]), pairs(list(order))
    pd.testing.assert_frame_equal(first, other)
    assert (first["a"] < first["b"]).all()
    y = values("nps", score)
    for row in first.itertuples():  # yn: the y of side a times the n of side b
        named = names if row.kind == "touchpoint" else segments
        codes = where if row.kind == "touchpoint" else segment
        in_a, in_b = codes == named.index(row.a), codes == named.index(row.b)
        expected = sum(
            y[(who == person) & in_a].sum() * ((who == person) & in_b).sum()
            for person in set(who.tolist())
        )
        assert row.yn == expected


def groupings(names, where, segment, month):
    """Each kind of group: its code of every answer, and the key a code is shown by."""
    return (
        ("touchpoint", where, lambda code: names[code]),
        ("segment", segment, lambda code: "abc"[code]),
        ("all", np.zeros(len(where), dtype=int), lambda _code: ""),
        # a respondent's answers in several months: groups not in the order of touchpoints
        ("month", month, lambda m: f"{1970 + m // 12}-{m % 12 + 1:02d}"),
        ("quarter", month, lambda m: f"{1970 + m // 12}-Q{m % 12 // 3 + 1}"),
    )


def assert_summed_by_hand(rows, block):
    """respondent_moments of `rows` (respondent, touchpoint, month, segment, NPS score)
    against the sums worked out here, answer by answer; returns its moments."""
    who, where, month, segment, score = (np.array(column) for column in zip(*rows, strict=True))
    names = ["tp0", "tp1", "tp2", "tp3"]

    def summed(pair_block: int, respondent_block: int):
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(respondents_module, "PAIR_BLOCK", pair_block)
            patch.setattr(respondents_module, "RESPONDENT_BLOCK", respondent_block)
            patch.setattr(respondents_module, "ANSWER_BLOCK", respondent_block)
            return respondent_moments(
                (who * 3).astype(np.int32),  # numbers with gaps
                where.astype(np.int16),
                month.astype(np.int16),
                segment.astype(np.int32),
                {"nps": score.astype(np.int8)},
                names,
                ["a", "b", "c"],
                CONFIG,
            )

    found, whole = summed(block, block * 3), summed(1 << 20, 1 << 18)
    for table in ("groups", "pairs", "patterns"):  # the blocks change no figure, no type
        pd.testing.assert_frame_equal(getattr(found, table), getattr(whole, table))
    answered = score >= 0
    if not answered.any():
        assert found.groups.empty and found.pairs.empty
        return found
    assert [str(t) for t in found.groups.dtypes] == ["str"] * 3 + ["int64"] * 2 + ["float64"] * 5
    if not found.pairs.empty:
        assert [str(t) for t in found.pairs.dtypes] == ["str"] * 4 + ["float64"] * 4
    y = values("nps", score)
    expected_groups, expected_pairs = {}, {}
    for kind, codes, name in groupings(names, where, segment, month):
        per_person: dict[int, dict[str, list[float]]] = {}
        for person, code, value, used in zip(who, codes, y, answered, strict=True):
            if used:
                n_y = per_person.setdefault(int(person), {}).setdefault(name(code), [0.0, 0.0])
                n_y[0] += 1
                n_y[1] += value
        for person, groups in per_person.items():
            for key, (n, total) in groups.items():
                sums = expected_groups.setdefault((kind, key), [0] * 7)
                squares = sum(
                    v * v
                    for p, c, v, used in zip(who, codes, y, answered, strict=True)
                    if used and p == person and name(c) == key
                )
                for i, part in enumerate([1, n, total, squares, n * n, n * total, total**2]):
                    sums[i] += part
            for a in groups:
                for b in groups:
                    if kind in ("touchpoint", "segment") and a < b:
                        (na, ya), (nb, yb) = groups[a], groups[b]
                        sums = expected_pairs.setdefault((kind, a, b), [0.0] * 4)
                        for i, part in enumerate([na * nb, ya * nb, na * yb, ya * yb]):
                            sums[i] += part
    got = {
        (row.kind, row.key): [row.respondents, row.answers, row.y, row.squares]
        + [row.nn, row.ny, row.yy]
        for row in found.groups.itertuples()
    }
    assert got == expected_groups
    got_pairs = {(r.kind, r.a, r.b): [r.nn, r.yn, r.ny, r.yy] for r in found.pairs.itertuples()}
    assert got_pairs == expected_pairs
    sets: dict[int, list[str]] = {}
    for person, code, used in zip(who, where, answered, strict=True):
        if used:
            sets.setdefault(int(person), []).append(names[code])
    expected_patterns: dict[tuple, int] = {}
    for members in sets.values():
        key = tuple(sorted(members))
        expected_patterns[key] = expected_patterns.get(key, 0) + 1
    got_patterns = {r.touchpoints: r.respondents for r in found.patterns.itertuples()}
    if all(len(set(members)) == len(members) for members in sets.values()):
        # a set of touchpoints: the reader leaves a respondent's repeated answer out
        assert got_patterns == expected_patterns
    months = sorted(found.groups.loc[found.groups["kind"] == "month", "key"])
    first = np.datetime64("1970-01", "M")
    assert months == sorted({str(first + int(m)) for m in month[answered]})
    return found


@settings(max_examples=60, deadline=None)
@given(
    # touchpoint names of a's and b's: many begin others ("a", "ab", "aba")
    st.lists(st.text("ab", min_size=1, max_size=3), min_size=1, max_size=6, unique=True),
    # each respondent: the touchpoints (places in the names) answered, and an NPS and a
    # CSAT score (-1: not answered)
    st.lists(
        st.tuples(st.sets(st.integers(0, 5), min_size=1), st.integers(-1, 10), st.integers(-1, 5)),
        min_size=1,
        max_size=30,
    ),
    st.integers(1, 4),
)
def test_patterns_are_counted_and_sorted_by_kpi_then_names_as_tuples_compare(
    names, respondents, block
):
    """Each set of touchpoints a KPI was answered at, its respondents counted here; sorted
    by KPI and then as Python compares tuples of names (a set before the longer sets it
    begins), whatever the names' codes, also `block` respondents summed at a time."""
    rows = [
        (person, code % len(names), nps, csat)
        for person, (codes, nps, csat) in enumerate(respondents)
        for code in sorted({code % len(names) for code in codes})
    ]
    who, where, nps, csat = (np.array(column) for column in zip(*rows, strict=True))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(respondents_module, "RESPONDENT_BLOCK", block)
        found = respondent_moments(
            who.astype(np.int32),
            where.astype(np.int16),
            np.full(len(who), 672, dtype=np.int16),
            np.zeros(len(who), dtype=np.int32),
            {"nps": nps.astype(np.int8), "csat": csat.astype(np.int8)},
            names,
            ["a"],
            CONFIG,
        )
    expected: Counter = Counter()
    for kpi, scores in (("nps", nps), ("csat", csat)):
        sets: dict[int, list[str]] = {}
        for person, code, score in zip(who, where, scores, strict=True):
            if score >= 0:
                sets.setdefault(int(person), []).append(names[code])
        expected.update((kpi, tuple(members)) for members in sets.values())
    got = [(row.kpi, row.touchpoints, row.respondents) for row in found.patterns.itertuples()]
    assert got == sorted((kpi, members, n) for (kpi, members), n in expected.items())


def test_patterns_of_hundreds_of_touchpoints_are_sorted_by_their_names():
    """Names whose sorted places pass 255 (a set is compared as a string of them) and whose
    codes are not in their order."""
    names = [f"tp{i:03d}" for i in range(300)][::-1]
    sets = [[43, 299], [299], [44], [43], [0, 44], [43, 299]]  # codes: tp256, tp000, ...
    who = np.repeat(np.arange(len(sets)), [len(codes) for codes in sets])
    where = np.array([code for codes in sets for code in codes])
    found = respondent_moments(
        who.astype(np.int32),
        where.astype(np.int16),
        np.full(len(who), 672, dtype=np.int16),
        np.zeros(len(who), dtype=np.int32),
        {"nps": np.full(len(who), 9, dtype=np.int8)},
        names,
        ["a"],
        CONFIG,
    )
    assert [(row.touchpoints, row.respondents) for row in found.patterns.itertuples()] == [
        (("tp000",), 1),
        (("tp255",), 1),
        (("tp256",), 1),
        (("tp256", "tp000"), 2),
        (("tp299", "tp255"), 1),
    ]


# where an answer was given: touchpoint, month (some before 1970), segment
PLACE = (st.integers(0, 3), st.integers(-14, 3), st.integers(0, 2))


@settings(max_examples=40, deadline=None)
@given(
    # respondent, PLACE, NPS score (-1: none), CSAT score (kept at a respondent's first row)
    st.lists(
        st.tuples(st.integers(0, 8), *PLACE, st.integers(-1, 10), st.integers(-1, 5)),
        min_size=1,
        max_size=40,
    ),
    st.integers(1, 5),
)
def test_a_kpi_each_respondent_answered_once_is_summed_as_its_answers(rows, block):
    """CSAT asked once per respondent beside an NPS asked at every touchpoint: CSAT's sums
    (counted per score, without the respondents' sort) are those of its answers, written
    out here, `block` answers counted at a time; NPS's stay those summed over respondents."""
    who, where, month, segment, nps, csat = (np.array(c) for c in zip(*rows, strict=True))
    first = np.zeros(len(who), dtype=bool)
    first[np.unique(who, return_index=True)[1]] = True
    csat = np.where(first, csat, -1)
    names = ["tp0", "tp1", "tp2", "tp3"]
    columns = (who.astype(np.int32), where.astype(np.int16), month.astype(np.int16))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(respondents_module, "ANSWER_BLOCK", block)
        found = respondent_moments(
            *columns,
            segment.astype(np.int32),
            {"nps": nps.astype(np.int8), "csat": csat.astype(np.int8)},
            names,
            ["a", "b", "c"],
            CONFIG,
        )
    alone = respondent_moments(
        *columns,
        segment.astype(np.int32),
        {"nps": nps.astype(np.int8)},
        names,
        ["a", "b", "c"],
        CONFIG,
    )
    for table in ("groups", "pairs", "patterns"):
        part, expected_part = getattr(found, table), getattr(alone, table)
        part = part[part["kpi"] == "nps"].reset_index(drop=True)
        # none: a table of no rows, whose columns are of objects where nothing was answered
        pd.testing.assert_frame_equal(part, expected_part, check_dtype=not part.empty)
    answered = csat >= 0
    y = values("csat", csat)
    expected: dict[tuple[str, str], list[float]] = {}
    for kind, codes, name in groupings(names, where, segment, month):
        for code, value in zip(codes[answered], y[answered], strict=True):
            sums = expected.setdefault((kind, name(code)), [0] * 7)
            for i, part in enumerate([1, 1, value, value * value, 1, value, value * value]):
                sums[i] += part
    groups = found.groups[found.groups["kpi"] == "csat"]
    got = {
        (row.kind, row.key): [row.respondents, row.answers, row.y, row.squares]
        + [row.nn, row.ny, row.yy]
        for row in groups.itertuples()
    }
    assert got == expected
    assert found.pairs[found.pairs["kpi"] == "csat"].empty
    patterns = found.patterns[found.patterns["kpi"] == "csat"]
    got_patterns = {r.touchpoints: r.respondents for r in patterns.itertuples()}
    expected_patterns: dict[tuple, int] = {}
    for code in where[answered]:
        expected_patterns[(names[code],)] = expected_patterns.get((names[code],), 0) + 1
    assert got_patterns == expected_patterns


@given(
    st.lists(st.tuples(st.integers(0, 9), st.integers(-1, 2)), max_size=30),
    st.integers(1, 6),
)
def test_whether_each_respondent_answered_once_is_told_a_block_of_answers_at_a_time(rows, block):
    """Respondents counted here over the answered rows (score >= 0), and over all rows."""
    who = np.array([row[0] for row in rows], dtype=np.int32)
    score = np.array([row[1] for row in rows], dtype=np.int8)
    answered = Counter(person for person, value in rows if value >= 0)
    everyone = Counter(person for person, _value in rows)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(respondents_module, "ANSWER_BLOCK", block)
        assert respondents_module._answered_once(who, score) == all(
            n == 1 for n in answered.values()
        )
        assert respondents_module._answered_once(who, None) == all(
            n == 1 for n in everyone.values()
        )


def test_a_channels_figure_in_a_phase_counts_its_respondents(mini: Path):
    """The omni-channel comparison pools a phase's touchpoints of one channel: phase 'after'
    on the phone is the hotline and a shop, which 100 respondents answered both of; on the
    web the quiet corner, 60 respondents of their own."""
    (mini / "content" / "touchpoints" / "shop.md").write_text(
        "---\ntitle: Shop\nphase: after\nchannel: phone\n---\nA shop.\n", "utf-8"
    )
    rows = []
    for person in range(100):
        for tp, score in (("hotline", person % 11), ("shop", (person * 7) % 11)):
            rows.append(f"R{person},{tp},2026-01-{1 + person % 28:02d},{score},,,,")
    for person in range(100, 160):
        rows.append(f"R{person},quiet,2026-01-{1 + person % 28:02d},{(person * 3) % 11},,,,")
    (mini / "data" / "feedback.csv").write_text(CSV.format(rows="\n".join(rows)), "utf-8")
    report = check(mini)
    after = next(p for p in report.phases if p.phase.id == "after")
    (compared,) = [c for c in after.consistency if c.kpi == "nps"]
    figures = {channel: (e.n, e.respondents) for channel, e in compared.channels}
    assert figures == {"phone": (200, 100), "web": (60, 60)}
