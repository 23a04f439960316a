"""Comment themes on hand-made corpora whose themes are worked out by hand, their z-scores
computed by hand, and themes from every comment of a generated project."""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import MINI
from touchsite.analyze import themes
from touchsite.analyze.kpis import wilson
from touchsite.analyze.themes import _quote_order, find_themes
from touchsite.load.reducer import COMMENTS_PER_TOUCHPOINT
from touchsite.pipeline import check
from touchsite.terms import NEGATED, language_of

# Each comment three times: as many customers say the same. Hand count, per 30 comments a side:
# critical: "kein Rückruf" 12 (1, 2 by its trailing "nie", 3, 7), Warteschleife 12 (4, 5, 6,
# 8: "Warteschleifen" is the same stem); "Niemand zuständig" and "Unfreundlicher Ton" only 3.
# positive: freundlich 12 (1, 2, 3, 7; "Unfreundlicher" is another word), kompetent 9 (2, 4,
# 8), "schnell geholfen" 6 (3, 5), Beratung 6 (1, and 8's "beraten"). No positive comment
# names the callback.
GERMAN_CRITICAL = [
    "Kein Rückruf, obwohl versprochen.",
    "Der Rückruf kam nie.",
    "Wieder kein Rückruf!",
    "Eine Stunde in der Warteschleife.",
    "Endlos in der Warteschleife gehangen.",
    "Warteschleife, dann aufgelegt.",
    "Wieder mal kein Rückruf vom Service.",
    "Die Warteschleifen sind zu lang.",
    "Unfreundlicher Ton am Telefon.",
    "Niemand zuständig.",
]
GERMAN_POSITIVE = [
    "Freundliche Beratung am Telefon.",
    "Sehr freundlich und kompetent.",
    "Freundlich und schnell geholfen.",
    "Kompetente Auskunft.",
    "Schnell geholfen, danke.",
    "Alles bestens.",
    "Freundlicher Mitarbeiter.",
    "Kompetent beraten.",
    "Problem sofort gelöst.",
    "Gerne wieder.",
]
# critical, per 24: "never called back" 9 (1, 2, 3), hold 9 (4, 5, 6); positive, per 18:
# friendly 9 (1, 2, 3; written "Friendly" twice as often), helpful 6 (3, 4), quick 6 (1, 6),
# and "called back" without a negation 3 (5).
ENGLISH_CRITICAL = [
    "They never called back.",
    "Never called back, twice.",
    "I was never called back after the visit.",
    "Hold music for an hour.",
    "On hold forever.",
    "Long hold times.",
    "Rude agent.",
    "Nobody answered.",
]
ENGLISH_POSITIVE = [
    "Friendly agent, quick answer.",
    "Very friendly staff.",
    "Friendly and helpful.",
    "Helpful advice.",
    "They called back within an hour.",
    "Quick fix.",
]


def corpus(critical: list[str], positive: list[str], times: int = 3) -> list[tuple[str, str]]:
    return [(text, "negative") for text in critical] * times + [
        (text, "positive") for text in positive
    ] * times


def summary(themes) -> list[tuple[str, int, int]]:
    return [(theme.term, theme.count, theme.comments) for theme in themes]


def test_german_themes_worked_out_by_hand():
    found = find_themes(corpus(GERMAN_CRITICAL, GERMAN_POSITIVE), "de")
    # equal counts, equal z: phrases first, then the stems in alphabetical order
    # ("warteschleif" < "¬ruckruf")
    assert summary(found["", "negative"]) == [
        ("Warteschleife", 12, 30),
        ("kein Rückruf", 12, 30),
    ]
    # 6 of 30 against 0 of 30 is a theme: z = (0.2 - 1/30) / sqrt(0.1 * 0.9 * 2/30) = 2.15
    # (Fisher's exact test: p = 0.012 one-sided); on equal shares the phrase first
    assert summary(found["", "positive"]) == [
        ("freundlich", 12, 30),
        ("kompetent", 9, 30),
        ("schnell geholfen", 6, 30),
        ("Beratung", 6, 30),
    ]
    assert found["", "positive"][2].z == pytest.approx(2.1517, abs=1e-4)
    callback = found["", "negative"][1]
    assert callback.key == "¬ruckruf" and callback.other_count == 0
    # the shortest quotes, each once
    assert callback.examples == (
        "Der Rückruf kam nie.",
        "Wieder kein Rückruf!",
        "Kein Rückruf, obwohl versprochen.",
    )
    low, high = wilson(12, 30)
    assert (callback.low, callback.high) == (pytest.approx(low), pytest.approx(high))
    assert (low, high) == (pytest.approx(0.2459, abs=1e-4), pytest.approx(0.5768, abs=1e-4))


def test_a_negated_term_is_never_the_plain_term():
    found = find_themes(corpus(GERMAN_CRITICAL, GERMAN_POSITIVE), "de")
    keys = {theme.key for side in ("negative", "positive") for theme in found["", side]}
    assert "ruckruf" not in keys  # no comment names the callback without a negation


def test_english_themes_worked_out_by_hand():
    found = find_themes(corpus(ENGLISH_CRITICAL, ENGLISH_POSITIVE), "en")
    negative = found["", "negative"]
    # "never called back" is one theme: the phrase and its two words stand in the same
    # comments; the plain "called back" of a positive comment is another term
    assert summary(negative) == [("never called back", 9, 24), ("hold", 9, 24)]
    assert negative[0].key == "¬call ¬back" and set(negative[0].members) == {"¬call", "¬back"}
    assert summary(found["", "positive"]) == [
        ("Friendly", 9, 18),
        ("helpful", 6, 18),
        ("quick", 6, 18),
    ]


# How German customers praise and blame in passing: declined "gut", "toll", "schlecht",
# "viel" and the colloquial intensifiers. Each comment given (text, times).
CASUAL_POSITIVE = [
    ("Mega freundliche Beratung!", 12),
    ("Gute Beratung, sehr freundlich.", 12),
    ("Tolle Beratung.", 9),
    ("Die vielen guten Bewertungen stimmen, tolles Sofa.", 9),
    ("Gute Auswahl an Sofas.", 9),
    ("Freundlich und kompetent.", 9),
    ("Alles super.", 9),
    ("Top Service, gerne wieder!", 9),
    ("Alles bestens, Beratung klasse.", 9),
]
CASUAL_CRITICAL = [
    ("Berater war überhaupt nicht freundlich.", 12),
    ("Ziemlich lange gewartet.", 12),
    ("Schlechte Beratung, mega lange Wartezeit.", 9),
    ("Lange Wartezeit an der Kasse.", 9),
    ("Preise sind extrem hoch.", 9),
    ("Nicht besonders freundlich.", 9),
]
CASUAL_WORDS = {
    "gute", "guten", "tolle", "tolles", "schlechte", "vielen", "mega", "überhaupt",
    "ziemlich", "extrem", "besonders", "top", "gerne", "bestens", "klasse",
}  # fmt: skip


def test_declined_praise_and_intensifiers_are_no_themes():
    comments = [(text, "positive") for text, times in CASUAL_POSITIVE for _ in range(times)]
    comments += [(text, "negative") for text, times in CASUAL_CRITICAL for _ in range(times)]
    found = find_themes(comments, "de")
    shown = [theme for side in ("negative", "positive") for theme in found["", side]]
    for theme in shown:
        words = {word.lower() for text in (theme.term, *theme.variants) for word in text.split()}
        assert not words & CASUAL_WORDS, theme.term  # "Gute" was a theme, in 30 of 69

    def count(side: str, pattern: str, negated: bool) -> int:
        """The comments of the side that say `pattern`, with a "nicht" before it or not."""
        said = re.compile(rf"\b{pattern}", re.IGNORECASE)
        denied = re.compile(rf"\bnicht\b.*\b{pattern}", re.IGNORECASE)
        return sum(
            bool(said.search(text)) and bool(denied.search(text)) == negated
            for text, polarity in comments
            if polarity == side
        )

    by_key = {(side, t.key): t.count for side in ("negative", "positive") for t in found["", side]}
    assert by_key["positive", "freundlich"] == count("positive", "freundlich", False) == 33
    assert by_key["negative", "¬freundlich"] == count("negative", "freundlich", True) == 21
    # "lange" is in 30 critical comments, 18 of which say "lange Wartezeit": the theme is
    # named by what all 30 say
    (long,) = [theme for theme in found["", "negative"] if theme.key == "lang"]
    assert long.term.lower() == "lange" and "lang wartezeit" in long.members
    assert by_key["negative", "lang"] == count("negative", "lang", False) == 30


# A German report's critical comments that say no one was reached, in the ways customers say
# it, and English ones negated by "n't"; each (text, times).
UNREACHED_POSITIVE = [
    ("Friendly driver, quick delivery.", 12),
    ("Very friendly staff!", 9),
    ("Berater war sehr freundlich.", 9),
    ("Rückruf kam sofort.", 9),
    ("Schnell erreicht, top.", 6),
]
UNREACHED_CRITICAL = [
    ("The driver wasn't friendly.", 9),
    ("Staff weren’t friendly at all", 6),
    ("They didn't call back.", 9),
    ("Habe niemanden erreicht.", 9),
    ("Nie erreicht!", 9),
    ("Telefonisch nie erreicht, kein Rückruf.", 6),
    ("Keinerlei Rückmeldung bekommen.", 6),
]


def test_declined_and_contracted_negations_are_negations():
    comments = [(text, "positive") for text, times in UNREACHED_POSITIVE for _ in range(times)]
    comments += [(text, "negative") for text, times in UNREACHED_CRITICAL for _ in range(times)]
    found = find_themes(comments, "de")

    def count(side: str, pattern: str) -> int:
        return sum(
            bool(re.search(pattern, text, re.IGNORECASE))
            for text, polarity in comments
            if polarity == side
        )

    critical = {theme.key: theme for theme in found["", "negative"]}
    # "niemanden erreicht" was the plain "erreicht" ("reached"), "didn't call back" the plain
    # "call back", "wasn't friendly" praise
    assert critical["¬erreicht"].count == count("negative", r"\b(nie|niemanden)\b.*erreicht") == 24
    assert critical["¬friendly"].count == count("negative", r"n['’]t\b.*friendly") == 15
    assert critical["¬call ¬back"].count == count("negative", r"n't call back") == 9
    plain = {"erreicht", "friendly", "call back", "call", "back", "ruckmeld"}
    assert not {key for theme in critical.values() for key in (theme.key, *theme.members)} & plain
    # "friendly" (21 positive comments, 12 of them "Friendly driver") names its theme
    (praise,) = [theme for theme in found["", "positive"] if theme.key == "friendly"]
    assert praise.term == "Friendly" and "friendly driv" in praise.members
    assert (praise.count, praise.other_count) == (count("positive", "friendly"), 0) == (21, 0)


def test_what_no_one_did_or_gave_is_a_complaint_and_as_soon_as_is_praise():
    """Three readings the themes showed upside down: "keine Beratung und Hilfe" said "Hilfe"
    as the praise says it, "Keiner von den Mitarbeitern konnte helfen" said "helfen" as "Mitarbeiter
    konnte helfen" does (neither was a theme of either side, both sides using it), and "Kaum
    bestellt, schon geliefert" was the positive side's "kaum bestellt"."""
    critical = [
        ("Keine Beratung und Hilfe.", 10),
        ("Keiner von den Mitarbeitern konnte helfen.", 8),
        ("Lieferung kam spät.", 6),
    ]
    positive = [
        ("Schnelle Hilfe!", 12),
        ("Mitarbeiter konnte helfen.", 7),
        ("Kaum bestellt, schon geliefert!", 9),
    ]
    comments = [(text, "negative") for text, times in critical for _ in range(times)]
    comments += [(text, "positive") for text, times in positive for _ in range(times)]
    found = find_themes(comments, "de")

    leading = {
        side: {theme.key: (theme.count, theme.other_count) for theme in found["", side]}
        for side in ("negative", "positive")
    }
    said = {
        side: {key for theme in found["", side] for key in (theme.key, *theme.members)}
        for side in ("negative", "positive")
    }
    # by hand: the 8 critical comments deny help, the 10 help and advice; no positive one does
    assert leading["negative"]["¬helf"] == (8, 0)
    assert leading["negative"]["¬berat"] == (10, 0) and "¬hilf" in said["negative"]
    assert not {"hilf", "helf", "mitarbeit"} & said["negative"]
    # the 7 positive comments say helping, the 9 ordering; no critical one does
    assert leading["positive"]["helf"] == (7, 0)
    assert leading["positive"]["bestellt"] == (9, 0)
    assert "hilf" in said["positive"]
    assert not any(key.startswith(NEGATED) for key in said["positive"])


def test_came_is_no_theme_and_ties_no_complaints_together():
    critical = [
        ("Lieferung kam spät.", 12),
        ("Die Lieferung kam viel zu spät!", 9),
        ("Schrank kam beschädigt an.", 9),
        ("Tisch kam mit Kratzern.", 6),
        ("Kam nie an.", 6),
    ]
    positive = [("Pünktlich geliefert.", 12), ("Monteure sehr freundlich.", 12)]
    comments = [(text, "negative") for text, times in critical for _ in range(times)]
    comments += [(text, "positive") for text, times in positive for _ in range(times)]
    found = find_themes(comments, "de")["", "negative"]
    late = sum("spät" in text for text, side in comments if side == "negative")
    damaged = sum("beschädigt" in text for text, side in comments if side == "negative")
    # "kam" was the late delivery's theme ("Lieferung kam"), quoted with the damaged
    # furniture ("Schrank kam beschädigt an.", "Tisch kam mit Kratzern.")
    assert summary(found) == [("Lieferung", late, 42), ("beschädigt", damaged, 42)]
    assert (late, damaged) == (21, 9)
    assert all("spät" in quote for quote in found[0].examples)
    assert not any("kam" in (t.key, *t.members) for t in found)


def test_one_sentence_is_one_theme():
    found = find_themes(
        [("Lange Wartezeit an der Hotline.", "negative")] * 10
        + [("Freundlich beraten.", "positive")] * 10,
        "de",
    )
    (theme,) = found["", "negative"]
    assert theme.term == "Lange Wartezeit"
    assert {theme.key, *theme.members} == {"lang", "wartezeit", "lang wartezeit", "hotlin"}
    assert theme.examples == ("Lange Wartezeit an der Hotline.",)


def test_share_z_by_hand():
    # One touchpoint: critical "Warteschleife" x4 and "Rückruf" x4 (8 comments), positive
    # "freundlich" x8. Warteschleife: 4 of 8 critical, 0 of 8 positive; pooled 4/16 = 0.25,
    # se = sqrt(0.25 * 0.75 * (1/8 + 1/8)) = 0.21651, continuity 1/8:
    # z = (0.5 - 0.125) / 0.21651 = 1.73205 (< 1.96: no theme; Fisher's exact test agrees,
    # p = 0.038 one-sided)
    z = (0.5 - 0.125) / math.sqrt(0.25 * 0.75 * 0.25)
    assert z == pytest.approx(1.73205, abs=1e-5)
    comments = [("Warteschleife.", "negative"), ("Rückruf.", "negative")] * 4
    comments += [("freundlich", "positive")] * 8
    assert find_themes(comments, "de")["", "negative"] == []
    # doubled, the shares stay and z grows with the evidence: continuity 1/16,
    # se = sqrt(0.25 * 0.75 * (2/16)) = 0.15309, z = 0.4375 / 0.15309 = 2.85774
    doubled = find_themes(comments * 2, "de")["", "negative"]
    assert doubled[0].z == pytest.approx((0.5 - 1 / 16) / math.sqrt(0.25 * 0.75 / 8))
    assert doubled[0].z == pytest.approx(2.85774, abs=1e-5)


def test_a_theme_is_named_by_what_the_comments_it_counts_say():
    # "geliefert" in 23 critical comments, 17 of them "spät geliefert": the theme counts the
    # 23 and is named by the word (it was named by the phrase that 17 say): 23 of 30
    # critical against 0 of 20 positive, pooled 0.46, continuity (1/30 + 1/20) / 2,
    # z = (23/30 - 0.041667) / sqrt(0.46 * 0.54 * (1/30 + 1/20)) = 5.0391
    comments = [("Zu spät geliefert.", "negative")] * 17
    comments += [("Erst nach Wochen geliefert.", "negative")] * 6
    comments += [("Fahrer unfreundlich.", "negative")] * 7
    comments += [("Fahrer freundlich und pünktlich.", "positive")] * 20
    (late,) = find_themes(comments, "de")["", "negative"]
    assert (late.term, late.count, late.comments, late.other_count) == ("geliefert", 23, 30, 0)
    assert set(late.members) == {"spat geliefert", "spat"}
    assert set(late.variants) == {"spät geliefert", "spät"}
    assert late.z == pytest.approx(_z(23, 30, 0, 20), rel=1e-12)
    assert late.z == pytest.approx(5.0391, abs=1e-4)
    assert (late.low, late.high) == tuple(pytest.approx(x) for x in wilson(23, 30))
    # where the phrase is in all the word's comments, the phrase names the theme
    comments = [(text.replace("Erst nach Wochen", "Zu spät"), side) for text, side in comments]
    (late,) = find_themes(comments, "de")["", "negative"]
    assert (late.term, late.count) == ("spät geliefert", 23)


def test_almost_everyone_complains_and_still_gets_themes():
    # 60 critical comments and no positive one: nothing to contrast them with here; against
    # the 280 comments of the other touchpoints, none of which names it, the invoice is a
    # theme: pooled 60/340, continuity (1/60 + 1/280) / 2,
    # z = (1 - 0.01012) / sqrt(0.17647 * 0.82353 * 0.02024) = 18.25
    comments = [("The invoice was wrong.", "negative", "billing")] * 35
    comments += [("Waited weeks for a corrected invoice.", "negative", "billing")] * 25
    for tp in ("shop", "delivery"):
        comments += [("Fast delivery, friendly driver.", "positive", tp)] * 80
        comments += [("The parcel was damaged.", "negative", tp)] * 40
        comments += [("Okay overall.", "neutral", tp)] * 20
    alone = find_themes([c for c in comments if c[2] == "billing"], "en")
    assert alone["billing", "negative"] == []
    found = find_themes(comments, "en")["billing", "negative"]
    assert found, "a touchpoint where everyone complains has themes"
    invoice = found[0]
    assert (invoice.term, invoice.count, invoice.comments) == ("invoice", 60, 60)
    assert invoice.elsewhere == 0
    pooled, inverse = 60 / 340, 1 / 60 + 1 / 280
    assert invoice.z == pytest.approx(
        (1 - inverse / 2) / math.sqrt(pooled * (1 - pooled) * inverse)
    )
    assert invoice.z == pytest.approx(18.25, abs=0.005)
    low, high = wilson(60, 60)
    assert (invoice.low, invoice.high) == (pytest.approx(low), pytest.approx(1.0))
    assert low == pytest.approx(60 / (60 + 1.959964**2), abs=1e-6)  # Wilson at p = 1


def test_a_word_that_only_names_the_touchpoint_is_no_theme_against_the_rest():
    # "delivery" is said here in critical and positive comments alike: it is the subject,
    # not the complaint, although no other touchpoint says it.
    comments = [("Delivery late again.", "negative", "delivery")] * 30
    comments += [("Delivery on time.", "positive", "delivery")] * 30
    comments += [("Friendly shop staff.", "positive", "shop")] * 30
    comments += [("Shop too crowded.", "negative", "shop")] * 30
    found = find_themes(comments, "en")["delivery", "negative"]
    assert all("deliveri" not in (theme.key, *theme.members) for theme in found)
    assert found[0].term == "Delivery late" and "late" in found[0].members


def test_deterministic_and_order_independent():
    comments = corpus(GERMAN_CRITICAL, GERMAN_POSITIVE)
    assert find_themes(comments, "de") == find_themes(list(reversed(comments)), "de")


def test_quotes_read_a_few_at_a_time_find_the_same(monkeypatch):
    comments = corpus(GERMAN_CRITICAL, GERMAN_POSITIVE)
    whole = find_themes(comments, "de")
    monkeypatch.setattr(themes, "QUOTES_READ_AT_ONCE", 3)
    assert find_themes(comments, "de") == whole
    assert any(theme.examples for found in whole.values() for theme in found)


def test_quotes_by_key_worked_out_by_hand(monkeypatch):
    """Each touchpoint and side's quotes that use each of its candidates' terms, with how
    often each is published, read two at a time (batches end inside the quotes)."""
    monkeypatch.setattr(themes, "QUOTES_READ_AT_ONCE", 2)

    def theme(key: str) -> themes.Theme:
        return themes.Theme(key, key, 3.0, 1, 1, 0, 1, 0.0, 0.0, 1.0)

    candidates = {
        ("d", "negative"): [theme("late"), theme("deliveri late")],
        ("d", "positive"): [],
        ("s", "positive"): [theme("staff")],
    }
    quotes = [
        ("d", "negative", "Delivery late."),
        ("d", "negative", "Late again."),
        ("s", "positive", "Friendly staff."),
        ("d", "negative", " Delivery late. "),  # stripped: the first quote again
        ("d", "positive", "Staff late."),  # a side without candidates: not read
        ("s", "positive", "Staff."),
        ("s", "negative", "Staff late."),  # nor a touchpoint's side without any
        ("d", "negative", "Staff."),  # no candidate's term
    ]
    texts, by_key = themes._quotes_by_key(candidates, quotes, language_of("en"))
    # shortest first, then alphabetically
    assert texts == ["Staff.", "Late again.", "Delivery late.", "Friendly staff."]
    assert by_key == {
        ("d", "negative"): {"late": {2: 2, 1: 1}, "deliveri late": {2: 2}},
        ("s", "positive"): {"staff": {3: 1, 0: 1}},
    }


def test_empty_and_one_sided_input():
    assert find_themes([]) == {}
    assert find_themes([("Rückruf vergessen", "negative")] * 3, "de")["", "negative"] == []
    with pytest.raises(ValueError, match="polarity"):
        find_themes([("Text", "angry")])


def _write_project(root: Path, rows: list[tuple[str, str, int, str]]) -> Path:
    shutil.copytree(MINI, root)
    lines = ["response_id,touchpoint,date,nps,csat,ces,comment,segment"]
    lines += [
        f"R{number:06d},hotline,{day},{score},,,{text},new"
        for number, (day, _, score, text) in enumerate(rows)
    ]
    (root / "data" / "feedback.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_a_complaint_only_in_older_comments_is_the_first_theme(tmp_path: Path):
    """20,000 comments on one touchpoint; "never called back" only in comments older than
    the newest 500 (the published sample): it leads the themes all the same."""
    rng = np.random.default_rng(14)
    complaints = ["The app crashed.", "Prices went up.", "The form is long.", "Parking is hard."]
    praise = ["Friendly staff.", "Quick answer.", "Helpful advice.", "Easy booking."]
    days = np.sort(rng.integers(0, 540, 20_000))[::-1]  # newest first
    newest = days[COMMENTS_PER_TOUCHPOINT - 1]
    rows = []
    for number, offset in enumerate(days):
        day = (np.datetime64("2025-01-01") + int(offset)).astype(str)
        if number % 2 == 0:
            score = int(rng.integers(0, 7))
            old = offset < newest - 1
            text = "They never called back." if old and rng.random() < 0.25 else None
            text = text or complaints[int(rng.integers(0, 4))]
        else:
            score = int(rng.integers(9, 11))
            text = praise[int(rng.integers(0, 4))]
            if rng.random() < 0.05:
                text = complaints[int(rng.integers(0, 4))]
        rows.append((day, "hotline", score, text))
    project = _write_project(tmp_path / "planted", rows)
    report = check(project)
    (hotline,) = [r for r in report.touchpoints if r.touchpoint.id == "hotline"]
    published = {comment.text for comment in hotline.comments}
    assert "They never called back." not in published
    first = hotline.themes.negative[0]
    assert first.term == "never called back"
    planted = sum(1 for row in rows if row[3] == "They never called back.")
    assert first.count == planted and first.comments == 10_000
    assert hotline.themes.negative_comments == 10_000


def _counts(rows: list[tuple[str, str, str, int]], categorical: bool = False) -> pd.DataFrame:
    """Term counts (touchpoint, polarity, term, n), their text columns categorical or not."""
    frame = pd.DataFrame(rows, columns=["touchpoint", "polarity", "term", "n"])
    if categorical:
        return frame.astype(dict.fromkeys(["touchpoint", "polarity", "term"], "category"))
    return frame


# Two touchpoints. "hotline": 10 critical comments (rueckruf 6, warteschleif 3, split over
# two periods), 10 positive (freundlich 8, rueckruf 2). "shop": 5 critical (warteschleif 4),
# 5 positive (freundlich 5), no count of its comments.
SCORED = [
    ("hotline", "negative", "", 6),
    ("hotline", "negative", "", 4),
    ("hotline", "positive", "", 10),
    ("hotline", "negative", "rueckruf", 4),
    ("hotline", "negative", "rueckruf", 2),
    ("hotline", "negative", "warteschleif", 3),
    ("hotline", "positive", "freundlich", 8),
    ("hotline", "positive", "rueckruf", 2),
    ("shop", "negative", "warteschleif", 4),
    ("shop", "positive", "freundlich", 5),
]


def test_a_count_without_a_polarity_counts_nowhere():
    # a reduced file's unknown polarity is read as missing: it must not join a side
    frame = _counts([*SCORED, ("shop", "unknown", "freundlich", 50)], categorical=True)
    frame["polarity"] = frame["polarity"].cat.set_categories(["negative", "neutral", "positive"])
    found = themes.scored_terms(frame)
    expected = themes.scored_terms(_counts(SCORED, categorical=True))
    pd.testing.assert_frame_equal(found, expected, check_categorical=False)


def _z(y_i, n_i, y_j, n_j):
    """The two-proportion z with Yates' correction, as a textbook writes it."""
    pooled = (y_i + y_j) / (n_i + n_j)
    se = math.sqrt(pooled * (1 - pooled) * (1 / n_i + 1 / n_j))
    return (abs(y_i / n_i - y_j / n_j) - (1 / n_i + 1 / n_j) / 2) / se


@pytest.mark.parametrize("categorical", [False, True])
def test_scored_terms_by_hand(categorical):
    scored = themes.scored_terms(_counts(SCORED, categorical))
    rows = {(str(r.touchpoint), str(r.term)): r for r in scored.itertuples()}
    assert sorted(rows) == [
        ("hotline", "freundlich"),
        ("hotline", "rueckruf"),
        ("hotline", "warteschleif"),
        ("shop", "freundlich"),
        ("shop", "warteschleif"),
    ]
    # rueckruf: 6 of the hotline's 10 critical comments, 2 of its 10 positive; pooled 0.4,
    # z = (0.4 - 0.1) / sqrt(0.24 * 0.2) = 1.36931. No other touchpoint counts its comments,
    # so there is no contrast with the rest.
    call = rows["hotline", "rueckruf"]
    assert (call.negative, call.neutral, call.positive, call.all) == (6, 0, 2, 8)
    assert (call.negative_comments, call.positive_comments) == (10, 10)
    assert call.z_negative == pytest.approx(_z(6, 10, 2, 10), rel=1e-12)
    assert call.z_negative == pytest.approx(1.36931, abs=1e-5)
    assert call.z_positive < 0
    assert call.elsewhere == 0.0  # the shop has no count of its comments: 0 of them use it
    # warteschleif: 3 of 10 critical, none of 10 positive: (0.3 - 0.1) / sqrt(.1275 * .2)
    hold = rows["hotline", "warteschleif"]
    assert hold.z_negative == pytest.approx(_z(3, 10, 0, 10), rel=1e-12)
    assert hold.z_negative == pytest.approx(1.25245, abs=1e-5)
    # The shop: comments not counted, so no share of them and no contrast.
    shop = rows["shop", "warteschleif"]
    assert math.isnan(shop.negative_comments) and math.isnan(shop.positive_comments)
    assert shop.elsewhere == 0.0
    assert math.isnan(shop.z_negative)


def test_rare_terms_have_no_row_and_change_no_other_score():
    # 5 comments of a side at least: warteschleif (3 and 4 critical, none positive) has no
    # row; rueckruf's score is the one above.
    scored = themes.scored_terms(_counts(SCORED), min_count=5)
    rows = {(str(r.touchpoint), str(r.term)): r for r in scored.itertuples()}
    assert sorted(rows) == [
        ("hotline", "freundlich"),
        ("hotline", "rueckruf"),
        ("shop", "freundlich"),
    ]
    assert rows["hotline", "rueckruf"].z_negative == pytest.approx(_z(6, 10, 2, 10), rel=1e-12)


def _google(others: int) -> list[tuple[str, str, str]]:
    """Reviews on Google: 22 critical comments, 13 about the opening hours shown there, 7
    about the delivery, 2 saying nothing else, each naming the company (Wohnwerk), as all 17
    positive ones do; and `others` touchpoints, 10 critical and 10 positive comments each,
    all of which name the company and the delivery, none the opening hours."""
    comments = [("Öffnungszeiten veraltet, Wohnwerk.", "negative", "google")] * 13
    comments += [("Lieferung, Wohnwerk.", "negative", "google")] * 7
    comments += [("Wohnwerk.", "negative", "google")] * 2
    comments += [("Wohnwerk empfehlenswert.", "positive", "google")] * 17
    for number in range(others):
        comments += [("Lieferung kaputt, Wohnwerk.", "negative", f"tp{number:02d}")] * 10
        comments += [("Lieferung pünktlich, Wohnwerk.", "positive", f"tp{number:02d}")] * 10
    return comments


@pytest.mark.parametrize("others", [0, 2, 20, 100])
def test_a_complaint_of_one_touchpoint_leads_however_many_touchpoints_there_are(others):
    # The opening hours: 13 of 22 critical comments, 0 of 17 positive, and no other
    # touchpoint's. Against the positive comments: pooled 13/39, continuity (1/22 + 1/17)/2,
    # z = (13/22 - 0.05214) / sqrt(1/3 * 2/3 * (1/22 + 1/17)) = 3.539; against the rest's
    # 20 * others comments it is larger still. The delivery: 7 of 22 against 0 of 17,
    # z = (7/22 - 0.05214) / sqrt(7/39 * 32/39 * 0.10428) = 2.147 (the rest say it, so only
    # this contrast counts). The company's name is in every comment: no theme.
    found = find_themes(_google(others), "de")["google", "negative"]
    assert summary(found) == [("Öffnungszeiten veraltet", 13, 22), ("Lieferung", 7, 22)]
    hours, delivery = found
    here = _z(13, 22, 0, 17)
    assert here == pytest.approx(3.539, abs=1e-3)
    rest = _z(13, 22, 0, 20 * others) if others else -math.inf
    assert hours.z == pytest.approx(max(here, rest), rel=1e-12)
    assert delivery.z == pytest.approx(_z(7, 22, 0, 17), rel=1e-12)
    assert delivery.z == pytest.approx(2.147, abs=5e-4)
    assert all(
        "wohnwerk" not in (t.key, *t.members)
        for side in ("negative", "positive")
        for t in find_themes(_google(others), "de")["google", side]
    )


@pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["hotline", "shop", "app"]),
            st.sampled_from(["negative", "neutral", "positive"]),
            st.sampled_from(["", "rueckruf", "warteschleif", "freundlich", "app absturz"]),
            st.integers(1, 12),
        ),
        min_size=1,
    ),
    st.integers(1, 12),
)
def test_leaving_out_rare_terms_changes_no_other_row(rows, min_count):
    # (a term that is all its touchpoint's terms is its whole prior: NaN, warned of, both ways)
    every = themes.scored_terms(_counts(rows))
    common = (every["negative"] >= min_count) | (every["positive"] >= min_count)
    expected = every[common].reset_index(drop=True)
    found = themes.scored_terms(_counts(rows), min_count=min_count)
    pd.testing.assert_frame_equal(found, expected, check_exact=True)


def test_quotes_are_matched_stripped_and_per_touchpoint_and_side():
    # Both touchpoints praise the friendliness; the hotline's theme quotes only its own
    # comments, stripped (the padded one is the same quote), the shortest first.
    comments = [
        ("  Freundlich.  ", "positive", "hotline"),
        ("Freundlich.", "positive", "hotline"),
        ("Sehr freundlich am Telefon.", "positive", "hotline"),
        ("Freundlich beraten", "positive", "hotline"),
        ("Zu lange gewartet.", "negative", "hotline"),
        ("Nie wieder.", "negative", "shop"),
        ("Freundlich und schnell.", "positive", "shop"),
    ] * 4
    [friendly] = find_themes(comments, "de")["hotline", "positive"]
    assert (friendly.term, friendly.count, friendly.comments) == ("Freundlich", 16, 16)
    assert friendly.examples == ("Freundlich.", "Freundlich beraten", "Sehr freundlich am Telefon.")


def test_a_themes_quotes_are_worded_apart():
    """Customers write the same short sentence again and again. Before, a theme quoted the
    shortest three: "Lieferung kam zu spät" three times, with "!", "." and in lower case."""
    late = ["Lieferung kam zu spät!", "Lieferung kam zu spät.", "lieferung kam zu spät"]
    late += ["Lieferung kam zwei Wochen zu spät", "Die Lieferung kam viel zu spät, leider."]
    comments = [(text, "negative", "lieferung") for text in late]
    comments += [("Pünktlich und freundlich.", "positive", "lieferung")]
    comments += [("Nie wieder.", "negative", "shop"), ("Gute Beratung.", "positive", "shop")]
    [theme, *_] = find_themes(comments * 4, "de")["lieferung", "negative"]
    assert theme.examples == (
        "lieferung kam zu spät",
        "Lieferung kam zwei Wochen zu spät",
        "Die Lieferung kam viel zu spät, leider.",
    )


def test_a_quote_in_capitals_comes_after_the_calm_ones():
    """A few customers shout, and their quote sorted first ("K" before "k"): where it was
    worded as a calm one, it stood for both, so at 120,000 comments a page quoted "KEIN
    RETOURENLABEL IM PAKET" and "SEHR KOMPETENT" first under most themes."""
    late = ["KEIN RÜCKRUF", "kein Rückruf", "Kein Rückruf!", "KEIN RÜCKRUF, NIE WIEDER"]
    comments = [(text, "negative", "hotline") for text in late]
    comments += [("Wieder kein Rückruf von Ihnen", "negative", "hotline")]
    comments += [("Freundlich.", "positive", "hotline"), ("Nie wieder.", "negative", "shop")]
    [theme, *_] = find_themes(comments * 4, "de")["hotline", "negative"]
    assert theme.term == "kein Rückruf"
    assert theme.examples == (
        "kein Rückruf",
        "Wieder kein Rückruf von Ihnen",
        "KEIN RÜCKRUF, NIE WIEDER",
    )


def test_quotes_of_one_length_are_in_pythons_order_of_text():
    # Ä (U+00C4) < ｡ (U+FF61) < 𝔄 (U+1D504) as Python compares text, by code point; an order
    # by UTF-16 units would put 𝔄 (a surrogate pair, D835 DD04) before ｡.
    praise = ["𝔄 freundlich", "｡ freundlich", "Ä freundlich", "Sehr freundlich am Telefon."]
    comments = [(text, "positive", "hotline") for text in praise]
    comments += [("Zu lange gewartet.", "negative", "hotline"), ("Nie wieder.", "negative", "shop")]
    comments.append(("Freundlich und schnell.", "positive", "shop"))
    [friendly] = find_themes(comments * 4, "de")["hotline", "positive"]
    assert friendly.examples == ("Ä freundlich", "｡ freundlich", "𝔄 freundlich")


@given(st.lists(st.integers(0, 59)), st.booleans())
def test_pairs_are_numbered_as_by_sorting(values: list[int], dense: bool):
    # `dense`: through the table (the size is small enough) or by sorting
    values = np.array(values, dtype=np.int64)
    below = 60 if dense else 10**12
    distinct, number = themes._numbered(values, below)
    assert distinct.tolist() == sorted(set(values.tolist()))
    assert distinct[number].tolist() == values.tolist()


def test_a_themes_quotes_say_what_it_is_named_by_before_what_it_merged():
    """ "slot" merged "time" (they stand in the same comments); its figures count the
    comments that say "slot". Before, its quotes were the shortest of all its terms' comments:
    "First time: too long" and "First time: had to ask", which say nothing of a slot."""
    critical = [
        "The time slot was cancelled the evening before",
        "Waited all day, the slot was not kept",
        "Slot changed twice without notice",
        "The driver came outside the time slot",
        "Time slot was missed again",
        "First time: too long",
        "First time: had to ask",
    ]
    positive = ["Great service, very friendly", "Quick and easy", "Exactly what I needed"]
    comments = [(text, "negative", "slot") for text in critical]
    comments += [(text, "positive", "slot") for text in positive]
    comments += [("Nice shop", "positive", "shop"), ("Too slow", "negative", "shop")]
    [slot] = find_themes(comments * 4, "en")["slot", "negative"]
    assert (slot.term, slot.count, slot.comments) == ("slot", 20, 28)
    assert "time" in slot.members
    assert slot.examples == (
        "Time slot was missed again",
        "Slot changed twice without notice",
        "The driver came outside the time slot",
    )


def test_a_theme_whose_own_quotes_another_shows_shows_them_again_not_a_merged_terms():
    """Before, a theme whose own term's quotes were all shown under an earlier theme took
    fresh quotes of a merged term only ("First time: too long" under "slot"); now its own
    term's quotes come first even where shown twice, a merged term's only without them."""
    own, merged = [3, 7], [1, 5]
    assert _quote_order(own, merged, taken={3, 7}) == [3, 7]
    assert _quote_order(own, merged, taken={3}) == [7, 3]
    assert _quote_order([], merged, taken={1}) == [5, 1]


def test_a_shops_praise_and_a_stores_neglect_are_themes_of_their_side():
    """From the probe: "nie Probleme beim Bestellen" made "nie Bestellen" a positive theme
    (customers who never order), "Niemand hat sich um uns gekümmert" made "gekümmert" a
    critical one (customers who were looked after). Counted by hand: 12 positive comments
    say they never had problems, 9 critical ones that nobody looked after them."""
    critical = [("Niemand hat sich um uns gekümmert.", 9), ("Kasse war zu.", 6)]
    positive = [("Nie Probleme beim Bestellen!", 12), ("Gekümmert hat sich Frau Kunz.", 6)]
    comments = [(text, "negative") for text, times in critical for _ in range(times)]
    comments += [(text, "positive") for text, times in positive for _ in range(times)]
    found = find_themes(comments, "de")
    keys = {
        side: {key for t in found["", side] for key in (t.key, *t.members)}
        for side in ("negative", "positive")
    }
    assert NEGATED + "gekummert" in keys["negative"] and "gekummert" not in keys["negative"]
    assert NEGATED + "bestell" not in keys["positive"]
    (never,) = [t for t in found["", "positive"] if NEGATED + "problem" in (t.key, *t.members)]
    assert (never.count, never.comments) == (12, 18)
    (neglect,) = [t for t in found["", "negative"] if t.key == NEGATED + "gekummert"]
    assert (neglect.count, neglect.comments) == (9, 15)
