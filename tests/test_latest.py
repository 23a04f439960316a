"""What changed lately: a touchpoint that collapsed in the latest period needs action, and each
headline figure says how its latest complete period stands against the one before.

The project is a reviewer's case in small: "Product search" rated NPS +20.6 (n = 272) in one
quarter and -28.9 (n = 242) in the next, -3 over both, with no NPS target; the hotline sits at
NPS -25 against its own target +20 in both quarters, with more answers. Before, the drop was
in neither the verdict nor the pain points, and the headline cards showed the pooled figures
alone. Every expected figure is worked out here from the rows written, never taken from the
analysis: NPS as promoters minus detractors, its change by the adjusted Wald method (Rocks
2016: 3 more answers, 0.75 more promoters and detractors).
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import shutil
from html import unescape
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import MINI
from touchsite.analyze.latest import latest_complete, recent_periods
from touchsite.build import build
from touchsite.pipeline import check

Z95 = 1.959963984540054
# (touchpoint, quarter's first day, last day, {score: how many})
ROWS = [
    ("search", "2026-01-01", "2026-03-31", {10: 120, 8: 88, 3: 64}),  # +20.6, n = 272
    ("search", "2026-04-01", "2026-06-30", {10: 50, 7: 72, 2: 120}),  # -28.9, n = 242
    ("hotline", "2026-01-01", "2026-03-31", {10: 100, 7: 100, 0: 200}),  # -25, n = 400
    ("hotline", "2026-04-01", "2026-06-30", {10: 100, 7: 100, 0: 200}),
    ("overall", "2026-01-01", "2026-03-31", {9: 110, 8: 120, 5: 70}),  # +13.3, n = 300
    ("overall", "2026-04-01", "2026-06-30", {9: 90, 8: 100, 4: 60}),  # +12, n = 250
]


def spread(first: str, last: str, count: int) -> list[str]:
    """`count` dates from `first` to `last`, both included: the quarter is covered whole."""
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    days = (end - start).days
    return [
        (start + dt.timedelta(days=round(i * days / max(count - 1, 1)))).isoformat()
        for i in range(count)
    ]


def feedback_csv(rows=ROWS) -> str:
    """The rows as a survey tool's long export writes them: one respondent a row."""
    lines = ["response_id,touchpoint,date,nps,csat,ces,comment,segment"]
    for touchpoint, first, last, counts in rows:
        scores = [score for score, n in counts.items() for _ in range(n)]
        random.Random(len(lines)).shuffle(scores)  # as they come, not sorted by score
        for score, date in zip(scores, spread(first, last, len(scores)), strict=True):
            lines.append(f"R{len(lines):05d},{touchpoint},{date},{score},,,,new")
    return "\n".join(lines) + "\n"


def scores(touchpoints: set[str], quarter: int) -> list[int]:
    """The NPS answers of these touchpoints in 2026's quarter, from the rows."""
    return [
        score
        for touchpoint, first, _last, counts in ROWS
        if touchpoint in touchpoints and (int(first[5:7]) - 1) // 3 + 1 == quarter
        for score, n in counts.items()
        for _ in range(n)
    ]


def nps(given: list[int]) -> float:
    return 100 * (sum(s >= 9 for s in given) - sum(s <= 6 for s in given)) / len(given)


def adjusted_wald(before: list[int], after: list[int]) -> tuple[float, float, float]:
    """after - before in NPS points, with its 95 % interval (Rocks 2016)."""

    def adjusted(given: list[int]) -> tuple[float, float]:
        n = len(given) + 3
        pro = (sum(s >= 9 for s in given) + 0.75) / n
        det = (sum(s <= 6 for s in given) + 0.75) / n
        return pro - det, (pro + det - (pro - det) ** 2) / n

    (a, var_a), (b, var_b) = adjusted(before), adjusted(after)
    half = Z95 * math.sqrt(var_a + var_b)
    return 100 * (b - a), 100 * (b - a - half), 100 * (b - a + half)


def own_interval(given: list[int]) -> tuple[float, float]:
    """A figure's 95 % interval in NPS points (Rocks 2016), as the site shows it."""
    n = len(given) + 3
    pro = (sum(s >= 9 for s in given) + 0.75) / n
    det = (sum(s <= 6 for s in given) + 0.75) / n
    half = Z95 * math.sqrt((pro + det - (pro - det) ** 2) / n)
    return 100 * max(-1.0, pro - det - half), 100 * min(1.0, pro - det + half)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("latest") / "mini"
    shutil.copytree(MINI, root)
    config = root / "touchsite.yml"
    # no NPS target for the touchpoints without their own (the reviewer's project had none)
    text = config.read_text(encoding="utf-8").replace("    nps: 0\n", "")
    config.write_text(text + "analysis:\n  period: quarter\n", encoding="utf-8")
    (root / "data" / "feedback.csv").write_text(feedback_csv(), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def report(project: Path):
    return check(project)


@pytest.fixture(scope="module")
def overview(project: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("latest-site") / "site"
    build(project, out)
    return (out / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html))).strip()


def test_the_fixture_is_the_reviewers_case():
    assert nps(scores({"search"}, 1)) == pytest.approx(20.6, abs=0.05)
    assert nps(scores({"search"}, 2)) == pytest.approx(-28.9, abs=0.05)
    assert round(nps(scores({"search"}, 1) + scores({"search"}, 2))) == -3


def test_a_drop_in_the_latest_period_needs_action_first(report):
    search = report.touchpoint("search")
    assert search.kpis["nps"].target is None  # no target: not a pain point by one
    [drop] = search.drops
    assert (drop.change.before, drop.change.after) == ("2026-Q1", "2026-Q2")
    assert drop.before.n == len(scores({"search"}, 1)) == 272
    assert drop.after.n == len(scores({"search"}, 2)) == 242
    assert drop.before.value == pytest.approx(nps(scores({"search"}, 1)))
    assert drop.after.value == pytest.approx(nps(scores({"search"}, 2)))
    change, low, high = adjusted_wald(scores({"search"}, 1), scores({"search"}, 2))
    assert drop.change.difference.difference == pytest.approx(change)
    assert (drop.change.difference.low, drop.change.difference.high) == (
        pytest.approx(low),
        pytest.approx(high),
    )
    # ranked first though the hotline's shortfall weighs more: 45 of 200 points x 800
    # answers against the drop's share of the range x the 242 answers it dropped into
    hotline = report.touchpoint("hotline")
    assert hotline.pain == pytest.approx(45 / 200 * 800)
    assert search.pain == pytest.approx(abs(change) / 200 * 242)
    assert search.pain < hotline.pain
    assert [r.touchpoint.id for r in report.pain_points] == ["search", "hotline"]
    first = report.findings[0]
    assert first.report is search and first.drop is drop and first.kpi == "nps"
    assert first.estimate is drop.after


def test_the_verdict_says_why_with_the_periods_and_n(overview):
    verdict = overview[overview.index('id="verdict-heading"') : overview.index('class="lead"')]
    [first, second] = re.findall(r'<li class="finding.*?</li>', verdict, re.S)
    change, low, high = adjusted_wald(scores({"search"}, 1), scores({"search"}, 2))
    assert text_of(first).startswith(
        f"Product search: NPS {nps(scores({'search'}, 2)):+.0f}".replace("-", "−")
        + " (Q2 26; 95% CI"
    )
    said = text_of(first)
    assert "significant drop from +21 (Q1 26, n = 272)" in said
    assert f": {change:+.0f} (95% CI {low:+.0f} to {high:+.0f})".replace("-", "−") in said
    assert "n = 242" in said
    assert text_of(second).startswith("Hotline: NPS −25")
    pains = overview[overview.index('id="pain-heading"') :]
    assert "significant drop from +21 (Q1 26, n = 272) to −29 (Q2 26, n = 242)" in text_of(pains)


def test_each_headline_card_says_its_latest_complete_period_and_change(report, overview):
    # the overall question: +13.3 (n = 300) -> +12 (n = 250), within the noise
    relationship = report.latest_relationship["nps"]
    q1, q2 = scores({"overall"}, 1), scores({"overall"}, 2)
    assert (relationship.period, relationship.before) == ("2026-Q2", "2026-Q1")
    assert relationship.estimate.n == len(q2) == 250
    assert relationship.estimate.value == pytest.approx(nps(q2))
    assert relationship.difference.difference == pytest.approx(adjusted_wald(q1, q2)[0])
    assert relationship.compared and not relationship.significant
    # the touchpoints' NPS pooled: -6.5 (n = 672) -> -26.5 (n = 642), a real change
    across = report.latest_overall["nps"]
    q1, q2 = scores({"search", "hotline"}, 1), scores({"search", "hotline"}, 2)
    assert across.estimate.n == len(q2) == 642
    assert across.estimate.value == pytest.approx(nps(q2))
    change, low, high = adjusted_wald(q1, q2)
    assert across.difference.difference == pytest.approx(change)
    assert (across.difference.low, across.difference.high) == (
        pytest.approx(low),
        pytest.approx(high),
    )
    assert across.significant
    # each latest figure with its interval, as every estimate on the site: one answer per
    # respondent here, so the adjusted Wald interval of its answers
    relationship_ci = "95% CI {:+.0f} to {:+.0f}".format(*own_interval(scores({"overall"}, 2)))
    across_ci = "95% CI {:+.0f} to {:+.0f}".format(*own_interval(q2))
    lines = [text_of(line) for line in re.findall(r'<div class="kpi-latest">.*?</div>', overview)]
    assert lines == [
        f"Latest complete period, Q2 26: +12 ({relationship_ci}; n = 250); against Q1 26: "
        "no significant change".replace("-", "−"),
        f"Latest complete period, Q2 26: {nps(q2):+.0f} ({across_ci}; n = 642); against Q1 26: ▼ "
        f"{change:+.0f} (95% CI {low:+.0f} to {high:+.0f})".replace("-", "−"),
    ]


def test_too_few_answers_to_compare_is_not_no_change(project, tmp_path):
    # a quarter of 20 answers: the test has too little to look at, and says so
    small = tmp_path / "small"
    shutil.copytree(project, small)
    rows = [row for row in ROWS if row[:2] != ("overall", "2026-04-01")]
    rows.append(("overall", "2026-04-01", "2026-06-30", {9: 20}))
    (small / "data" / "feedback.csv").write_text(feedback_csv(rows), encoding="utf-8")
    latest = check(small).latest_relationship["nps"]
    assert latest.estimate.n == 20 and not latest.compared and not latest.significant


@given(
    first=st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)),
    days=st.integers(0, 800),
)
def test_the_latest_complete_period_is_the_last_covered_whole(first, days):
    last = first + dt.timedelta(days=days)
    quarters = sorted(
        {
            f"{d.year}-Q{(d.month - 1) // 3 + 1}"
            for d in (first + dt.timedelta(n) for n in range(days + 1))
        }
    )

    def bounds(quarter: str) -> tuple[dt.date, dt.date]:
        year, q = int(quarter[:4]), int(quarter[-1])
        start = dt.date(year, 3 * q - 2, 1)
        end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
        return start, end

    def partial(quarter: str) -> bool:  # more than a twentieth of its days without data
        start, end = bounds(quarter)
        missed = max((first - start).days, 0) + max((end - last).days, 0)
        return missed * 20 > (end - start).days + 1

    whole = [q for q in quarters if not partial(q)]
    assert latest_complete(quarters, first, last) == (whole[-1] if whole else None)
    recent = recent_periods(quarters, first, last)
    assert recent == (tuple(quarters[quarters.index(whole[-1]) :]) if whole else (quarters[-1],))
