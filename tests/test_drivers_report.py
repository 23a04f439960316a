"""Key drivers from the data stage's moments, against least squares (numpy lstsq with an
intercept) and correlations computed with numpy/pandas on simulated respondents."""

from __future__ import annotations

import dataclasses
import math
from itertools import combinations
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import make_config as base_config
from touchsite.analyze.drivers_report import key_drivers
from touchsite.errors import Problems
from touchsite.load import drivers as drivers_module
from touchsite.load.config import load_config
from touchsite.load.drivers import driver_moments, moments_of_rows
from touchsite.load.feedback import load_feedback
from touchsite.models import (
    KPIS,
    LISTWISE,
    OVERALL,
    PAIRWISE,
    Config,
    Drivers,
    KpiEstimate,
    Rules,
    Scale,
)

# overall = 1.5 + .6 search + .3 delivery + 0 invoice - .2 hotline + noise; the drivers are
# independent and uniform on 0..10, so their shares of R^2 go as .36 : .09 : 0 : .04
WEIGHTS = {"search": 0.6, "delivery": 0.3, "invoice": 0.0, "hotline": -0.2}
RESPONDENTS = 600


def make_config(min_n_confident: int = 30, drivers: Drivers | None = None) -> Config:
    return base_config(
        ces_scale=Scale(1, 7, True),
        rules=Rules(min_n_shown=10, min_n_confident=min_n_confident),
        drivers=drivers or Drivers(),
    )


def simulate(seed: int = 20260301) -> pd.DataFrame:
    """One row per respondent: the four touchpoint NPS answers and the overall NPS."""
    rng = np.random.default_rng(seed)
    wide = pd.DataFrame({tp: rng.integers(0, 11, RESPONDENTS) for tp in WEIGHTS})
    latent = 1.5 + sum(w * wide[tp] for tp, w in WEIGHTS.items())
    wide["overall"] = np.clip(np.rint(latent + rng.normal(0, 1.2, RESPONDENTS)), 0, 10).astype(int)
    wide.index = [f"R{i:04d}" for i in range(RESPONDENTS)]
    return wide


def long_rows(wide: pd.DataFrame, kpi_of: dict[str, str] | None = None) -> pd.DataFrame:
    """The rows `_read_long` returns: one per answer, scores as nullable integers."""
    records = []
    for touchpoint in wide.columns:
        kpi = (kpi_of or {}).get(touchpoint, "nps")
        for respondent, score in wide[touchpoint].dropna().items():
            records.append({"response_id": respondent, "touchpoint": touchpoint, kpi: score})
    rows = pd.DataFrame.from_records(records)
    rows["date"] = pd.Timestamp("2026-01-15")
    for name in ("segment", "variant", "comment"):
        rows[name] = ""
    for kpi in KPIS:
        rows[kpi] = rows[kpi].astype("Int64") if kpi in rows else pd.array([pd.NA] * len(rows))
    return rows


def reports_for(touchpoints) -> dict:
    return {
        tp: SimpleNamespace(
            touchpoint=SimpleNamespace(title=tp.title()),
            kpis={kpi: KpiEstimate(kpi, 600, 10.0, 5.0, 15.0) for kpi in KPIS},
        )
        for tp in touchpoints
    }


def lstsq_r_squared(x: np.ndarray, y: np.ndarray) -> float:
    design = np.column_stack([np.ones(len(y)), x])
    coefficients, *_ = np.linalg.lstsq(design, y, rcond=None)
    residuals = y - design @ coefficients
    return float(1 - residuals @ residuals / ((y - y.mean()) @ (y - y.mean())))


def shapley_reference(x: np.ndarray, y: np.ndarray) -> list[float]:
    """Each column's Shapley share of R^2 in percent, from least squares on every subset."""
    p = x.shape[1]

    def r2(subset) -> float:
        return lstsq_r_squared(x[:, list(subset)], y) if subset else 0.0

    shares = []
    for j in range(p):
        others = [i for i in range(p) if i != j]
        phi = sum(
            math.factorial(k) * math.factorial(p - k - 1) / math.factorial(p)
            * (r2((*subset, j)) - r2(subset))
            for k in range(p)
            for subset in combinations(others, k)
        )  # fmt: skip
        shares.append(phi)
    return [100 * phi / r2(range(p)) for phi in shares]


def test_drivers_from_complete_answers():
    wide = simulate()
    config = make_config()
    moments = moments_of_rows(long_rows(wide), config)
    assert moments.variables == (
        "overall:nps",
        "delivery:nps",
        "hotline:nps",
        "invoice:nps",
        "search:nps",
    )
    report = key_drivers(moments, reports_for(WEIGHTS), config)
    assert [d.touchpoint for d in report.drivers] == ["search", "delivery", "hotline", "invoice"]
    assert sum(d.share for d in report.drivers) == pytest.approx(100.0)
    assert report.drivers[-1].share < 1.0  # invoice does not move the outcome

    names = list(WEIGHTS)
    x, y = wide[names].to_numpy(float), wide["overall"].to_numpy(float)
    assert report.r_squared == pytest.approx(lstsq_r_squared(x, y), abs=1e-6)
    assert report.r_squared > 0.5
    expected_shares = dict(zip(names, shapley_reference(x, y), strict=True))
    for driver in report.drivers:
        assert driver.share == pytest.approx(expected_shares[driver.touchpoint], abs=1e-6)
        r = np.corrcoef(wide[driver.touchpoint], y)[0, 1]
        assert driver.correlation == pytest.approx(r)
        assert (driver.n, driver.kpi, driver.title) == (600, "nps", driver.touchpoint.title())
    signs = {d.touchpoint: np.sign(d.correlation) for d in report.drivers}
    assert (signs["search"], signs["delivery"], signs["hotline"]) == (1, 1, -1)
    assert report.respondents == 600
    assert report.kpi == "nps" and not report.repaired
    assert report.agreement < 1.0  # Shapley and relative weights agree closely


def test_loader_gives_the_same_moments(mini: Path):
    # the same respondents through a CSV and load_feedback
    wide = simulate(seed=7).iloc[:120]
    lines = ["response_id,touchpoint,date,nps,csat,ces,comment,segment"]
    for respondent, row in wide.iterrows():
        for touchpoint in wide.columns:
            lines.append(f"{respondent},{touchpoint},2026-02-03,{row[touchpoint]},,,,")
    (mini / "data" / "feedback.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    problems = Problems(mini)
    config = load_config(mini, problems)
    feedback = load_feedback(mini, config, set(WEIGHTS), problems)
    assert list(problems) == []
    moments = feedback.drivers
    assert moments.variables[0] == "overall:nps"
    order = [name.split(":")[0] for name in moments.variables]
    values = wide[order].to_numpy(float)
    assert (moments.n == 120).all()
    assert moments.sx[0, 1] == values[:, 0].sum()
    assert moments.sxx[2, 3] == (values[:, 2] ** 2).sum()
    assert np.array_equal(moments.sxy, values.T @ values)
    report = key_drivers(moments, reports_for(WEIGHTS), config)
    assert report.r_squared == pytest.approx(lstsq_r_squared(values[:, 1:], values[:, 0]))


def test_most_answered_kpi_stands_for_the_touchpoint():
    wide = simulate()[["search", "delivery", "overall"]].copy()
    wide["delivery"] = wide["delivery"] // 2 + 1  # 1..6: a CES on 1..7
    moments = moments_of_rows(long_rows(wide, {"delivery": "ces"}), make_config())
    assert moments.variables == ("overall:nps", "delivery:ces", "search:nps")
    report = key_drivers(moments, reports_for(["search", "delivery"]), make_config())
    assert {d.touchpoint: d.kpi for d in report.drivers} == {"search": "nps", "delivery": "ces"}


def test_pairs_answered_together_by_too_few_are_not_used():
    # delivery is rated by respondents 0..299, hotline by 280..599: 20 rated both, and for
    # them hotline repeats delivery exactly (r = 1 over those 20)
    wide = simulate()[["delivery", "hotline", "overall"]].astype("float").copy()
    wide.iloc[300:, 0] = np.nan
    wide.iloc[:280, 1] = np.nan
    wide.iloc[280:300, 1] = wide.iloc[280:300, 0]
    config = make_config(min_n_confident=30)
    moments = moments_of_rows(long_rows(wide), config)
    assert moments.n[1, 2] == 20
    report = key_drivers(moments, reports_for(["delivery", "hotline"]), config)
    # the pair is treated as uncorrelated: R^2 = r_delivery^2 + r_hotline^2, each over the
    # respondents who rated that touchpoint (pandas' pairwise-complete correlation)
    pairwise = wide.corr()
    r_delivery, r_hotline = pairwise.loc["delivery", "overall"], pairwise.loc["hotline", "overall"]
    assert report.r_squared == pytest.approx(r_delivery**2 + r_hotline**2)
    shares = {d.touchpoint: d.share for d in report.drivers}
    assert shares["delivery"] == pytest.approx(100 * r_delivery**2 / report.r_squared)
    assert {d.touchpoint: d.n for d in report.drivers} == {"delivery": 300, "hotline": 320}
    # trusting the 20 shared answers (r = 1) would change the model
    trusting = key_drivers(moments, reports_for(["delivery", "hotline"]), make_config(20))
    assert abs(trusting.r_squared - report.r_squared) > 0.05


def test_touchpoint_rated_with_the_outcome_by_too_few_is_left_out():
    wide = simulate()[["search", "delivery", "invoice", "overall"]].astype("float").copy()
    wide.iloc[20:, 2] = np.nan  # invoice: 20 respondents
    moments = moments_of_rows(long_rows(wide), make_config(min_n_confident=10))
    assert "invoice:nps" in moments.variables
    report = key_drivers(moments, reports_for(["search", "delivery", "invoice"]), make_config())
    assert [d.touchpoint for d in report.drivers] == ["search", "delivery"]
    x = wide[["search", "delivery"]].to_numpy()
    assert report.r_squared == pytest.approx(lstsq_r_squared(x, wide["overall"].to_numpy()))
    # the data stage itself drops it under the same rule
    assert "invoice:nps" not in moments_of_rows(long_rows(wide), make_config()).variables


def test_too_little_to_analyse():
    config = make_config()
    assert key_drivers(None, {}, config) is None
    wide = simulate()[["search", "overall"]]
    one_driver = moments_of_rows(long_rows(wide), config)
    assert one_driver.variables == ("overall:nps", "search:nps")
    assert key_drivers(one_driver, reports_for(["search"]), config) is None
    # no overall question: no outcome
    assert moments_of_rows(long_rows(simulate()[["search", "delivery"]]), config) is None


@pytest.mark.parametrize("outcome", ["csat", "binary"])
def test_the_outcome_may_be_another_kpi_of_the_overall_question(outcome: str):
    wide = simulate()
    # the overall question asked as satisfaction 1-5, or as yes/no (would recommend)
    if outcome == "csat":
        wide["overall"] = (wide["overall"] // 2).clip(1, 5)
    else:
        wide["overall"] = (wide["overall"] >= 7).astype(int)
    config = make_config(drivers=Drivers(outcome=outcome))
    moments = moments_of_rows(long_rows(wide, {"overall": outcome}), config)
    assert moments.variables[0] == f"overall:{outcome}"
    report = key_drivers(moments, reports_for(WEIGHTS), config)
    assert report.kpi == outcome
    names = list(WEIGHTS)
    x, y = wide[names].to_numpy(float), wide["overall"].to_numpy(float)
    assert report.r_squared == pytest.approx(lstsq_r_squared(x, y), abs=1e-6)
    expected = dict(zip(names, shapley_reference(x, y), strict=True))
    for driver in report.drivers:
        assert driver.share == pytest.approx(expected[driver.touchpoint], abs=1e-6)


def test_listwise_deletion_uses_only_respondents_who_answered_everything():
    wide = simulate()[["search", "delivery", "hotline", "overall"]].astype("float").copy()
    rng = np.random.default_rng(5)
    for column in ("search", "delivery", "hotline"):
        wide.loc[rng.random(len(wide)) < 0.25, column] = np.nan
    config = make_config(drivers=Drivers(deletion=LISTWISE))
    moments = moments_of_rows(long_rows(wide), config)
    complete = wide.dropna()
    assert (moments.n == len(complete)).all()
    report = key_drivers(moments, reports_for(["search", "delivery", "hotline"]), config)
    assert report.deletion == LISTWISE and report.respondents == len(complete)
    names = ["delivery", "hotline", "search"]
    x, y = complete[names].to_numpy(), complete["overall"].to_numpy()
    assert report.r_squared == pytest.approx(lstsq_r_squared(x, y), abs=1e-9)
    expected = dict(zip(names, shapley_reference(x, y), strict=True))
    for driver in report.drivers:
        assert driver.share == pytest.approx(expected[driver.touchpoint], abs=1e-6)
    pairwise = key_drivers(
        moments_of_rows(long_rows(wide), make_config()),
        reports_for(["search", "delivery", "hotline"]),
        make_config(),
    )
    assert pairwise.deletion == "pairwise" and pairwise.respondents > report.respondents


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(0, 9), st.sampled_from(["a", "b", OVERALL]), st.integers(-1, 10)),
        min_size=1,
        max_size=60,
    ),
    st.sampled_from([PAIRWISE, LISTWISE]),
)
def test_driver_moments_are_the_first_answers_summed_by_hand(rows, deletion):
    """The reducer's answers (respondents numbered with gaps, scores int8 with -1 for none)
    give the moments worked out here from each respondent's first answers."""
    who = np.array([person * 5 for person, _, _ in rows], dtype=np.int32)
    names = ["a", "b", OVERALL]
    where = np.array([names.index(tp) for _, tp, _ in rows], dtype=np.int16)
    nps = np.array([score for _, _, score in rows], dtype=np.int8)
    scores = {kpi: np.full(len(rows), -1, dtype=np.int8) for kpi in KPIS}
    scores["nps"] = nps
    config = make_config(min_n_confident=2, drivers=Drivers(deletion=deletion))
    found = driver_moments(who, where, names, scores, config)
    first: dict[tuple[int, str], float] = {}
    for person, tp, score in rows:
        if score >= 0:
            first.setdefault((person, tp), float(score))
    people = {person for person, tp in first if tp == OVERALL}
    columns = [OVERALL] + [tp for tp in ("a", "b") if sum((p, tp) in first for p in people) >= 2]
    if not people or len(columns) == 1:
        assert found is None
        return
    table = np.array([[first.get((p, tp), np.nan) for tp in columns] for p in sorted(people)])
    if deletion == LISTWISE:
        table = table[~np.isnan(table).any(axis=1)]
    assert found.variables == tuple(f"{tp}:nps" for tp in columns)
    for i in range(len(columns)):
        for j in range(len(columns)):
            both = ~np.isnan(table[:, i]) & ~np.isnan(table[:, j])
            x, y = table[both, i], table[both, j]
            assert found.n[i, j] == both.sum()
            assert found.sx[i, j] == x.sum()
            assert found.sxx[i, j] == (x * x).sum()
            assert found.sxy[i, j] == (x * y).sum()


HIGHEST = {"nps": 10, "csat": 5, "ces": 7, "binary": 1}


@settings(max_examples=80, deadline=None)
@given(
    # respondent, touchpoint, and a score of each KPI (-1: not answered)
    st.lists(
        st.tuples(
            st.integers(0, 5),
            st.sampled_from(["a", "b", "c", "d", OVERALL]),
            *(st.integers(-1, HIGHEST[kpi]) for kpi in KPIS),
        ),
        max_size=60,
    ),
    # each respondent's overall NPS, in a row of its own (-1: not answered)
    st.lists(st.integers(-1, 10), min_size=6, max_size=6),
    st.integers(1, 3),
    st.sampled_from(["nps", "csat"]),
)
def test_the_drivers_are_the_touchpoints_most_rated_with_the_outcome(
    answers, outcomes, most, primary
):
    """Each touchpoint stands for its KPI most answered by respondents with an outcome (the
    primary on a tie, else the first); those rated by enough respondents take part, at most
    `most` (MAX_DRIVERS), the most rated first and then by name: chosen here row by row."""
    nothing = (-1,) * (len(KPIS) - 1)
    rows = [*answers, *((person, OVERALL, nps, *nothing) for person, nps in enumerate(outcomes))]
    names = ["a", "b", "c", "d", OVERALL]
    scores = {
        kpi: np.array([row[2 + number] for row in rows], dtype=np.int8)
        for number, kpi in enumerate(KPIS)
    }
    config = dataclasses.replace(make_config(min_n_confident=2), primary_kpi=primary)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(drivers_module, "MAX_DRIVERS", most)
        found = driver_moments(
            np.array([row[0] for row in rows], dtype=np.int32),
            np.array([names.index(row[1]) for row in rows], dtype=np.int16),
            names,
            scores,
            config,
        )
    nps = KPIS.index("nps")
    people = {row[0] for row in rows if row[1] == OVERALL and row[2 + nps] >= 0}
    support = {}
    for tp in names[:-1]:
        mine = [row for row in rows if row[1] == tp and row[0] in people]
        answered = {kpi: sum(row[2 + n] >= 0 for row in mine) for n, kpi in enumerate(KPIS)}
        kpi = max(KPIS, key=lambda k: (answered[k], k == primary))
        rated = {row[0] for row in mine if row[2 + KPIS.index(kpi)] >= 0}
        if len(rated) >= 2:
            support[f"{tp}:{kpi}"] = len(rated)
    chosen = sorted(support, key=lambda variable: (-support[variable], variable))[:most]
    if not people or not chosen:
        assert found is None
        return
    assert found.variables == ("overall:nps", *sorted(chosen))
    assert [found.n[i, i] for i in range(1, len(chosen) + 1)] == [
        support[variable] for variable in sorted(chosen)
    ]
