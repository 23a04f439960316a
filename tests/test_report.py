"""The assembled report on the mini fixture, checked against figures computed in the test."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tests.conftest import MINI
from touchsite.analyze import report as report_module
from touchsite.analyze import touchpoints
from touchsite.analyze.themes_report import ThemeSet
from touchsite.pipeline import check


def _answers(touchpoint: str, column: str, segment: str | None = None) -> list[int]:
    with (MINI / "data" / "feedback.csv").open(encoding="utf-8") as handle:
        return [
            int(row[column])
            for row in csv.DictReader(handle)
            if row["touchpoint"] == touchpoint
            and row[column]
            and (segment is None or row["segment"] == segment)
        ]


def _nps(scores: list[int]) -> float:
    return 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)


@pytest.fixture(scope="module")
def report():
    return check(MINI)


def test_touchpoint_kpis_match_the_raw_answers(report):
    search = report.touchpoint("search")
    scores = _answers("search", "nps")
    assert search.kpis["nps"].n == len(scores) == 12
    assert search.kpis["nps"].value == pytest.approx(_nps(scores))
    top2 = [s >= 4 for s in _answers("search", "csat")]
    assert search.kpis["csat"].value == pytest.approx(100 * sum(top2) / len(top2))
    assert search.kpis["ces"].n == 0
    assert search.asked == ["nps", "csat"]
    assert search.responses == 12


def test_touchpoint_target_overrides_the_default(report):
    hotline = report.touchpoint("hotline")
    assert hotline.kpis["nps"].target == 20  # its own target
    assert hotline.kpis["ces"].target == 5  # the project default
    ces = _answers("hotline", "ces")
    assert hotline.kpis["ces"].value == pytest.approx(sum(ces) / len(ces))


def test_overall_and_phase_pool_all_answers(report):
    everything = _answers("search", "nps") + _answers("hotline", "nps")
    assert report.overall["nps"].n == len(everything)
    assert report.overall["nps"].value == pytest.approx(_nps(everything))
    after = next(p for p in report.phases if p.phase.id == "after")
    assert after.kpis["nps"].value == pytest.approx(_nps(_answers("hotline", "nps")))
    assert after.expected_emotion == -2  # quiet corner has no emotion set


def test_trend_has_one_estimate_per_month(report):
    hotline = report.touchpoint("hotline")
    assert [period for period, _ in hotline.trend["nps"]] == ["2026-01", "2026-02", "2026-03"]
    assert sum(est.n for _, est in hotline.trend["nps"]) == 40


def test_segments_break_down_the_same_answers(report):
    hotline = report.touchpoint("hotline")
    for segment in ("new", "loyal"):
        scores = _answers("hotline", "nps", segment)
        assert hotline.segments[segment]["nps"].n == len(scores)
        assert hotline.segments[segment]["nps"].value == pytest.approx(_nps(scores))


def test_pain_points_hold_only_confident_shortfalls(report):
    # hotline: NPS -25 vs target 20 and CES 4.0 vs 5, n = 40 -> a pain point;
    # search has n = 12 (small sample) and must not be ranked however low it is.
    assert [r.touchpoint.id for r in report.pain_points] == ["hotline"]
    assert report.pain_points[0].pain == pytest.approx(45 / 200 * 40 + 1 / 6 * 40)


def test_distribution_and_recommendations(report):
    hotline = report.touchpoint("hotline")
    assert hotline.distribution["nps"] == {4: 20, 8: 10, 10: 10}
    assert [rec.id for rec in hotline.recommendations] == ["callback"]
    assert [rec.id for rec in report.top_recommendations] == ["callback"]


def test_comments_are_redacted(report):
    comments = report.touchpoint("search").comments
    assert len(comments) == 1
    assert "jane.doe@example.org" not in comments[0].text
    assert "[email removed]" in comments[0].text
    assert report.feedback.redactions == {"email": 1}


def test_a_hidden_score_is_not_given_away_by_its_comparison_or_distribution(mini, tmp_path):
    # search has 12 NPS and 12 CSAT answers: with min_n_shown 15 its scores are hidden, and so
    # must be its difference to the other touchpoints and its answers' distribution.
    config = mini / "touchsite.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "analysis:\n  min_n_shown: 15\n", encoding="utf-8"
    )
    report = check(mini)
    search = report.touchpoint("search")
    assert search.kpis["nps"].value is None and search.kpis["nps"].n == 12
    assert search.versus_rest == {} and search.distribution["nps"] == {}
    # the hotline's own comparison still pools search's answers into the rest (12 of them)
    assert report.touchpoint("hotline").versus_rest["nps"].n_a == 12

    from touchsite.build import build

    build(mini, tmp_path / "site")
    page = (tmp_path / "site" / "touchpoints" / "search.html").read_text(encoding="utf-8")
    assert "against the other touchpoints" not in page
    assert "distribution-nps" not in page and "n = 12" in page


def _versus_lines(site: Path, touchpoint: str) -> list[str]:
    """The touchpoint page's lines against the other touchpoints, as text."""
    page = (site / "touchpoints" / f"{touchpoint}.html").read_text(encoding="utf-8")
    block = page.split('<ul class="versus">', 1)[1].split("</ul>", 1)[0]
    return [re.sub(r"<[^>]+>|\s+", " ", item).split() for item in block.split("<li>")[1:]]


@pytest.mark.parametrize(
    ("language", "small", "interval"),
    [("en", "small sample", "95% CI"), ("de", "kleine Stichprobe", "95-%-KI")],
)
def test_a_touchpoint_too_small_to_compare_says_so_instead_of_a_figure(
    mini, tmp_path, language, small, interval
):
    # the hotline: 12 answers, all detractors, from respondents who rated search and quiet
    # too (200 each): its score is shown (10 answers are enough), but below the 30 a test
    # needs it is not compared, as nowhere else on the site
    lines = ["response_id,touchpoint,date,nps,csat,ces,comment,segment"]
    for i in range(200):
        lines.append(f"R{i},search,2026-01-10,{9 if i % 3 else 5},{4 if i % 2 else 2},,,new")
        lines.append(f"R{i},quiet,2026-01-11,{10 if i % 4 else 7},{5 if i % 3 else 3},,,new")
    lines += [f"R{i},hotline,2026-01-12,2,1,,,new" for i in range(12)]
    (mini / "data" / "feedback.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    config = mini / "touchsite.yml"
    text = config.read_text(encoding="utf-8").replace("language: en", f"language: {language}")
    config.write_text(text, encoding="utf-8")
    report = check(mini)
    hotline = report.touchpoint("hotline")
    assert hotline.kpis["nps"].value == -100.0 and hotline.kpis["nps"].low_n
    assert hotline.versus_rest["nps"].n_b == 12  # computed, for what pools it

    from touchsite.build import build

    build(mini, tmp_path / "site")
    small_lines = [" ".join(words) for words in _versus_lines(tmp_path / "site", "hotline")]
    assert len(small_lines) == 2  # NPS and CSAT
    for line in small_lines:
        assert small in line and "n = 12 / 400" in line
        assert interval not in line and "−" not in line.split(":", 1)[1]
    confident = [" ".join(words) for words in _versus_lines(tmp_path / "site", "search")]
    assert confident and all(interval in line and small not in line for line in confident)


def _answers_csv(rows: list[tuple[str, str, int, int]]) -> str:
    """(touchpoint, date, nps, how many) -> the mini fixture's CSV layout."""
    lines = ["response_id,touchpoint,date,nps,csat,ces,comment,segment"]
    for touchpoint, date, nps, count in rows:
        start = len(lines)
        lines += [f"R{start + i},{touchpoint},{date},{nps},,,,new" for i in range(count)]
    return "\n".join(lines) + "\n"


def test_pain_points_rank_by_the_latest_period_where_it_differs(mini):
    # search: January NPS -40 (60 x 10 and 140 x 0 of 200), February
    # +60 (48 x 10, 12 x 0 of 60). Pooled: (108 - 152) / 260 = -16.9, below the target 0;
    # but February differs from January by far more than noise, so search stands at +60 now.
    # hotline: NPS -25 in both months (10 x 10, 20 x 0, 10 x 7 of 40 each).
    (mini / "data" / "feedback.csv").write_text(
        _answers_csv(
            [
                ("search", "2026-01-15", 10, 60),
                ("search", "2026-01-15", 0, 140),
                ("search", "2026-02-15", 10, 48),
                ("search", "2026-02-15", 0, 12),
            ]
            + [
                ("hotline", date, score, count)
                for date in ("2026-01-20", "2026-02-20")
                for score, count in ((10, 10), (0, 20), (7, 10))
            ]
        ),
        encoding="utf-8",
    )
    report = check(mini)
    search, hotline = report.touchpoint("search"), report.touchpoint("hotline")
    assert search.kpis["nps"].value == pytest.approx(100 * (108 - 152) / 260)
    assert search.kpis["nps"].status == "misses"
    assert search.latest_period == "2026-02" and search.latest["nps"].n == 60
    assert search.current("nps").value == pytest.approx(60.0)
    assert search.pain == 0 and search.pain_kpis == ()
    # hotline did not move: its pooled figure counts, 45 points short of its own target +20
    # on a 200-point range, times 80 answers
    assert hotline.latest == {} and hotline.current("nps") is hotline.kpis["nps"]
    assert hotline.pain == pytest.approx(45 / 200 * 80) and hotline.pain_kpis == ("nps",)
    assert [r.touchpoint.id for r in report.pain_points] == ["hotline"]


def test_the_latest_period_counts_only_where_the_changes_list_flags_a_step_into_it(mini):
    """The pain points' "latest period" figure had a test of its own: the latest period against
    all earlier ones pooled, its own Benjamini-Hochberg family. It was looser than the changes
    list's (each period against the one before, one family with the trend lines): the
    example's telephone delivery appointment read "CSAT (latest period, Q4 26) 38 %" where its
    changes said no significant change. Now the one test of the changes list decides.

    search: January NPS 0 (200 x 10, 200 x 0), February 0 (50 x 10, 50 x 0), March -25
    (45 x 10, 75 x 0 of 120). March against January and February pooled (500 answers) gave
    p = 0.02; against February (100 answers) p = 0.06: no change the site flags."""
    (mini / "data" / "feedback.csv").write_text(
        _answers_csv(
            [
                ("search", "2026-01-15", 10, 200),
                ("search", "2026-01-15", 0, 200),
                ("search", "2026-02-15", 10, 50),
                ("search", "2026-02-15", 0, 50),
                ("search", "2026-03-15", 10, 45),
                ("search", "2026-03-15", 0, 75),
            ]
            + [
                ("hotline", date, score, count)
                for date in ("2026-01-20", "2026-02-20", "2026-03-10")
                for score, count in ((10, 10), (0, 20), (7, 10))
            ]
        ),
        encoding="utf-8",
    )
    report = check(mini)
    search = report.touchpoint("search")
    assert [c for c in search.changes if c.after == "2026-03" and c.significant] == []
    assert search.latest == {} and search.latest_period == ""
    # where it stands: all three months pooled, (295 - 325) / 620, short of its target 0
    assert search.current("nps") is search.kpis["nps"]
    assert search.current("nps").value == pytest.approx(100 * (295 - 325) / 620)
    assert search.pain_kpis == ("nps",)


def test_a_pain_points_latest_period_says_it_is_partial(mini, tmp_path):
    """A pain point's figure of its latest period, where the changes list flags a step into
    it: the answers end on 15 March, so March is a partial month. Before, the page read
    "(latest period, Mar 26) -40" as if a whole month's, and then "(latest period, Mar 26
    (partial))" with a bracket in a bracket.

    search: January and February NPS +40 (60 x 10, 20 x 7, 20 x 0 of 100 each), March -40
    (20 x 10, 20 x 7, 60 x 0); pooled +13, above its target 0, March below it."""
    from touchsite.build import build

    rows = [
        ("search", date, score, count)
        for date, scores in (
            ("2026-01-01", ((10, 60), (7, 20), (0, 20))),
            ("2026-02-15", ((10, 60), (7, 20), (0, 20))),
            ("2026-03-15", ((10, 20), (7, 20), (0, 60))),
        )
        for score, count in scores
    ]
    (mini / "data" / "feedback.csv").write_text(_answers_csv(rows), encoding="utf-8")
    report = build(mini, tmp_path / "site").report
    search = report.touchpoint("search")
    assert search.latest_period == "2026-03" and search.latest["nps"].n == 100
    assert search.current("nps").value == pytest.approx(-40.0)
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", "", page).split())  # as read: "(<span>95% CI" is "(95% CI"
    assert "NPS (latest period, Mar 26, partial) −40 (95% CI" in text


@pytest.mark.parametrize("collecting", [True, False])
def test_the_garbage_collector_is_left_as_it_was(collecting):
    # analyze pauses the cyclic garbage collector while it runs, never for longer
    import gc

    from touchsite.analyze.report import analyze
    from touchsite.load.feedback import load_feedback
    from touchsite.project import load_project

    project, problems = load_project(MINI)
    feedback = load_feedback(MINI, project.config, {tp.id for tp in project.touchpoints}, problems)
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        analyze(project, feedback)
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


def test_every_kpi_of_the_overall_question_is_shown(mini):
    """A survey asks the NPS and "Overall, how satisfied are you?" (1-5) as its overall
    questions: before, the overview showed the NPS alone, and the satisfaction's answers
    were counted and shown nowhere, without a word."""
    from touchsite.build import build

    rows = [(9, 5), (10, 4), (7, 2), (3, 1), (9, 4), (8, 5), (10, 3)]
    with (mini / "data" / "feedback.csv").open("a", encoding="utf-8") as handle:
        for number, (nps, csat) in enumerate(rows):
            handle.write(f"O{number},overall,2026-03-0{number + 1},{nps},{csat},,,new\n")
    config = mini / "touchsite.yml"
    config.write_text(config.read_text(encoding="utf-8") + "analysis: {min_n_shown: 5}\n", "utf-8")
    report = build(mini).report
    assert [est.kpi for est in report.relationships] == ["nps", "csat"]
    nps, csat = report.relationships
    assert nps.n == csat.n == len(rows)
    assert nps.value == pytest.approx(_nps([n for n, _ in rows]))
    assert csat.value == pytest.approx(100 * 4 / 7)  # top-2-box: 5, 4, 4, 5
    page = (mini / "site" / "index.html").read_text(encoding="utf-8")
    assert "Overall NPS (relationship)" in page and "Overall CSAT (relationship)" in page


def test_the_themes_are_asked_for_once_every_touchpoint_report_is_made(report, monkeypatch):
    """The themes may still be found in another process: the reports' parts (their pain,
    made last of each) are made first, and those with themes get them."""
    made = []
    pain = touchpoints.pain

    def counted(*args):
        made.append(args)
        return pain(*args)

    ids = [r.touchpoint.id for r in report.touchpoints]
    found = ThemeSet((), (), 7, 3)
    asked = []

    def themes_of(feedback, config, cache):
        asked.append(len(made))
        return {ids[-1]: found}

    monkeypatch.setattr(touchpoints, "pain", counted)
    monkeypatch.setattr(report_module, "themes_of", themes_of)
    again = check(MINI, workers=1)
    assert asked == [len(ids)]
    assert [r.themes for r in again.touchpoints] == [None] * (len(ids) - 1) + [found]
    assert [r.touchpoint.id for r in again.touchpoints] == ids
