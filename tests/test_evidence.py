"""Evidence strength, answer age and supporting comments, against figures worked out by hand."""

from __future__ import annotations

import datetime as dt
import math
import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import make_config, mini_with_answers
from touchsite.analyze.evidence import (
    AnswerMonths,
    answer_age,
    evidence_strength,
    kpi_range,
    supporting_comments,
)
from touchsite.build import build
from touchsite.models import Comment, KpiEstimate, Scale

CONFIG = make_config(ces_scale=Scale(1, 7))  # min_n_shown 10, min_n_confident 30


def _nps(n: int, low: float, high: float) -> KpiEstimate:
    return KpiEstimate("nps", n, (low + high) / 2, low, high, low_n=n < 30)


def test_kpi_range():
    assert kpi_range("nps", CONFIG) == 200.0
    assert kpi_range("csat", CONFIG) == 100.0
    assert kpi_range("ces", CONFIG) == 6.0
    assert kpi_range("ces", make_config(ces_scale=Scale(1, 5, higher_is_better=False))) == 4.0
    assert kpi_range("ces", make_config()) == 6.0  # no scale configured


def test_score_worked_by_hand():
    evidence = evidence_strength(_nps(100, 10.0, 40.0), 100, 12.0, 2, CONFIG)
    volume = math.log(10) / math.log(30)  # 100 answers between 10 (0) and 300 (1)
    precision = 0.5  # half-width 15 of 200 points = 0.075, half of 0.15
    recency = 0.5  # one half-life
    quotes = 0.4  # 2 of 5
    assert evidence.half_width == pytest.approx(0.075)
    assert evidence.kpi == "nps"
    assert dict(evidence.parts) == pytest.approx(
        {"volume": volume, "precision": precision, "recency": recency, "quotes": quotes}
    )
    assert [name for name, _ in evidence.parts] == ["volume", "precision", "recency", "quotes"]
    assert evidence.score == pytest.approx(0.35 * volume + 0.3 * 0.5 + 0.2 * 0.5 + 0.15 * 0.4)
    assert evidence.level == "moderate"  # 0.547


def test_csat_and_ces_half_width_share_their_range():
    csat = KpiEstimate("csat", 80, 70.0, 60.0, 80.0)
    ces = KpiEstimate("ces", 80, 5.0, 4.7, 5.3)
    assert evidence_strength(csat, 80, 0.0, 0, CONFIG).half_width == pytest.approx(0.10)
    assert evidence_strength(ces, 80, 0.0, 0, CONFIG).half_width == pytest.approx(0.05)


def test_more_responses_and_narrower_intervals_rank_higher():
    def score(n: int, low: float, high: float) -> float:
        return evidence_strength(_nps(n, low, high), n, 2.0, 1, CONFIG).score

    assert score(200, 10.0, 40.0) > score(50, 10.0, 40.0)
    assert score(100, 20.0, 30.0) > score(100, 10.0, 40.0)
    assert score(400, 20.0, 30.0) > score(60, 0.0, 50.0)


def test_stale_data_ranks_lower():
    estimate = _nps(300, 20.0, 36.0)  # half-width 0.04: precision 0.733
    fresh = evidence_strength(estimate, 300, 0.0, 0, CONFIG)
    stale = evidence_strength(estimate, 300, 24.0, 0, CONFIG)
    assert fresh.score == pytest.approx(0.35 + 0.3 * (1 - 0.04 / 0.15) + 0.2)  # 0.77
    assert stale.score == pytest.approx(0.35 + 0.3 * (1 - 0.04 / 0.15) + 0.2 * 0.25)  # 0.62
    assert (fresh.level, stale.level) == ("strong", "moderate")


def test_none_below_min_n_shown_without_quotes():
    withheld = KpiEstimate("nps", 9, None, None, None, low_n=True)
    evidence = evidence_strength(withheld, 9, 0.0, 0, CONFIG)
    assert evidence.level == "none"
    assert evidence.half_width is None and evidence.kpi is None
    assert dict(evidence.parts)["precision"] == 0.0 and dict(evidence.parts)["volume"] == 0.0
    assert evidence_strength(withheld, 9, 0.0, 1, CONFIG).level == "weak"  # a quote is evidence
    assert evidence_strength(None, 0, None, 0, CONFIG).level == "none"


def test_no_estimate_and_no_answers():
    evidence = evidence_strength(None, 0, None, 5, CONFIG)
    assert evidence.parts == (
        ("volume", 0.0),
        ("precision", 0.0),
        ("recency", 0.0),
        ("quotes", 1.0),
    )
    assert evidence.score == pytest.approx(0.15)
    assert evidence.level == "weak"


def test_strong_needs_min_n_confident():
    ces = KpiEstimate("ces", 29, 6.0, 5.9, 6.1, low_n=True)  # a very narrow interval
    evidence = evidence_strength(ces, 29, 0.0, 5, CONFIG)
    assert evidence.score >= 0.70  # 0.11 + 0.27 + 0.2 + 0.15
    assert evidence.level == "moderate"


COLUMNS = ["touchpoint", "period", "segment", "variant", "kpi", "score", "n"]


def _counts(rows: list[tuple[str, str, str, int]]) -> pd.DataFrame:
    """Feedback.counts rows from (touchpoint, month, kpi, answers)."""
    return pd.DataFrame(
        [(tp, period, "", "", kpi, 9, n) for tp, period, kpi, n in rows], columns=COLUMNS
    )


COUNTS = _counts(
    [
        ("a", "2026-01", "nps", 3),
        ("a", "2026-01", "csat", 2),  # a second KPI's answers count too
        ("a", "2026-03", "nps", 2),
        ("a", "2025-12", "nps", 1),
        ("b", "2026-02", "nps", 10),
        ("d", "2025-11", "ces", 3),
        ("e", "2026-01", "nps", 2),
        ("e", "2026-05", "nps", 2),
        ("overall", "2026-06", "nps", 1),  # the newest month of all data
    ]
)


def test_answer_age_weighted_median():
    assert answer_age(COUNTS, ["a"]) == 5.0  # 1, 5, 2 answers: the 4th is from 2026-01
    assert answer_age(COUNTS, ["b"]) == 4.0
    assert answer_age(COUNTS, {"d"}) == 7.0  # across the turn of the year
    assert answer_age(COUNTS, ["e"]) == 5.0  # a tie: the older month


def test_answer_age_over_several_touchpoints():
    # 2025-12: 1, 2026-01: 5, 2026-02: 10, 2026-03: 2; the 9th of 18 answers is from 2026-02
    assert answer_age(COUNTS, ["a", "b"]) == 4.0
    assert answer_age(COUNTS, ["a", "b", "missing"]) == 4.0


def test_answer_age_without_answers():
    assert answer_age(COUNTS, ["missing"]) is None
    assert answer_age(COUNTS, []) is None
    assert answer_age(COUNTS.iloc[0:0], ["a"]) is None


def test_answer_age_follows_each_table():
    newer = pd.concat([COUNTS, _counts([("overall", "2026-09", "nps", 1)])], ignore_index=True)
    assert answer_age(COUNTS, ["b"]) == 4.0
    assert answer_age(newer, ["b"]) == 7.0


def _comment(text: str) -> Comment:
    return Comment("hotline", dt.date(2026, 3, 1), "", None, None, text)


def test_supporting_comments_match_at_word_starts_ignoring_case():
    comments = [
        _comment("I waited forever"),
        _comment("Waiting time was long"),
        _comment("We await your reply"),
        _comment("Die WARTESCHLEIFE nervt"),
        _comment("Put on\nhold again"),
        _comment("All fine"),
    ]
    found = supporting_comments(comments, ["wait", "warteschl", "on hold"])
    assert [c.text for c in found] == [
        "I waited forever",
        "Waiting time was long",
        "Die WARTESCHLEIFE nervt",
        "Put on\nhold again",
    ]
    assert supporting_comments(comments, ["schleife"]) == []  # not at a word start


def test_supporting_comments_without_quotes():
    comments = [_comment("anything")]
    assert supporting_comments(comments, []) == []
    assert supporting_comments(comments, ["", "  "]) == []
    assert [c.text for c in supporting_comments([_comment("C++ app")], ["c++"])] == ["C++ app"]


def test_answer_months_sum_each_touchpoint_by_month_and_skip_missing_keys():
    counts = pd.DataFrame(
        {
            "touchpoint": pd.Series(["b", "a", "a", "b", "a", None, "a"], dtype="str"),
            "period": pd.Series(
                ["2026-01", "2026-03", "2025-12", "2026-01", "2026-01", "2026-02", None],
                dtype="str",
            ),
            "n": [3, 4, 0, 2, 5, 9, 9],
        }
    )
    found = AnswerMonths.of(counts)
    # months as year * 12 + month - 1: 2026-01 is 24312; a's 2025-12 row has no answers
    assert found.newest == 24314
    assert list(found.months) == ["a", "b"]
    assert found.months["a"][0].tolist() == [24312, 24314]
    assert found.months["a"][1].tolist() == [5, 4]
    assert found.months["b"][0].tolist() == [24312]
    assert found.months["b"][1].tolist() == [5]


def test_answer_months_without_a_complete_key():
    counts = pd.DataFrame(
        {
            "touchpoint": pd.Series([None, "a"], dtype="str"),
            "period": pd.Series(["2026-01", None], dtype="str"),
            "n": [3, 4],
        }
    )
    assert AnswerMonths.of(counts).months == {}


WORDS = st.sampled_from(["wait", "Wait", "WARTE", "await", "on", "hold", "a.b", "(x", "ß", "é"])
TEXTS = st.lists(st.one_of(WORDS, st.text(max_size=4)), max_size=6).map(" ".join)


@settings(max_examples=150, deadline=None)
@given(texts=st.lists(TEXTS, max_size=6), quotes=st.lists(TEXTS, max_size=4))
def test_supporting_comments_are_those_holding_any_quote_on_its_own(texts, quotes):
    """All quotes searched at once find the comments each quote finds searched alone."""
    comments = [_comment(text) for text in texts]
    alone = [
        re.compile(r"(?<!\w)" + r"\s+".join(map(re.escape, quote.split())), re.I)
        for quote in quotes
        if quote.strip()
    ]
    expected = [c for c in comments if any(p.search(c.text) for p in alone)]
    assert supporting_comments(comments, quotes) == expected


def test_a_touchpoint_without_the_primary_kpi_is_judged_on_its_most_answered(tmp_path):
    """Its page's verdict names the KPI its evidence badge is judged on: not the first asked
    (CSAT, 40 answers) but the most answered (CES, 300). The map shows the NPS (the hotline's)."""
    rows = [
        [f"S{i:03d}", "search", f"2026-0{1 + i % 6}-1{i % 9}", "", 4 if i < 40 else "", 3, "", ""]
        for i in range(300)
    ] + [[f"H{i:03d}", "hotline", "2026-02-02", 7, "", "", "", ""] for i in range(400)]
    header = ["response_id", "touchpoint", "date", "nps", "csat", "ces", "comment", "segment"]
    project = mini_with_answers(tmp_path / "mini", header, rows)
    build(project, search=False)
    page = (project / "site/touchpoints/search.html").read_text("utf-8")
    verdict = re.search(r'<p class="touchpoint-verdict">(.*?)</p>', page).group(1)
    assert re.sub("<[^>]+>", "", verdict).startswith("CES 3.0 (95% CI"), verdict
    assert "n = 300" in verdict
    assert re.search(r'evidence-detail"> \(n = 300,', page)
