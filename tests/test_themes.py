"""Comment themes on hand-made corpora whose themes are worked out by hand, one log-odds
z-score computed by hand, and themes from every comment of a generated project."""

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
from touchsite.analyze.themes import find_themes
from touchsite.load.reducer import COMMENTS_PER_TOUCHPOINT
from touchsite.pipeline import check

# Each comment three times: as many customers say the same. Hand count, per 30 comments a side:
# critical: "kein Rückruf" 12 (1, 2 by its trailing "nie", 3, 7), Warteschleife 12 (4, 5, 6,
# 8: "Warteschleifen" is the same stem); "Niemand zuständig" and "Unfreundlicher Ton" only 3.
# positive: freundlich 12 (1, 2, 3, 7; "Unfreundlicher" is another word), kompetent 9 (2, 4,
# 8), "schnell geholfen" 6 (3, 5). No positive comment names the callback.
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
    assert summary(found["", "positive"]) == [
        ("freundlich", 12, 30),
        ("kompetent", 9, 30),
    ]  # "schnell geholfen", 6 against 0, stays below z = 1.96
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
    (praise,) = [theme for theme in found["", "positive"] if theme.key == "friendly"]
    assert (praise.count, praise.other_count) == (count("positive", "friendly"), 0) == (21, 0)


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


def test_log_odds_z_by_hand():
    # One touchpoint: critical "Warteschleife" x4 and "Rückruf" x4 (8 terms), positive
    # "freundlich" x8. The prior: a tenth of the 16 terms, shaped by all comments:
    # alpha_0 = 1.6, alpha(warteschleif) = 1.6 * 4/16 = 0.4.
    # delta = log((4 + .4) / (8 + 1.6 - 4 - .4)) - log((0 + .4) / (8 + 1.6 - 0 - .4))
    #       = log(4.4 / 5.2) - log(.4 / 9.2) = 2.96844; var = 1/4.4 + 1/.4 = 2.72727
    #       z = 2.96844 / 1.65145 = 1.79748 (< 1.96: not a theme at 4 against 0)
    delta = math.log(4.4 / 5.2) - math.log(0.4 / 9.2)
    z = delta / math.sqrt(1 / 4.4 + 1 / 0.4)
    assert z == pytest.approx(1.79748, abs=1e-5)
    comments = [("Warteschleife.", "negative"), ("Rückruf.", "negative")] * 4
    comments += [("freundlich", "positive")] * 8
    assert find_themes(comments, "de")["", "negative"] == []
    # doubled, everything doubles but the ratio: z grows with the evidence
    doubled = find_themes(comments * 2, "de")["", "negative"]
    delta2 = math.log(8.8 / 10.4) - math.log(0.8 / 18.4)
    assert doubled[0].z == pytest.approx(delta2 / math.sqrt(1 / 8.8 + 1 / 0.8))


def test_almost_everyone_complains_and_still_gets_themes():
    # 60 critical and 1 positive comment: against its own positive comment nothing is
    # significant; against the comments of the other touchpoints the invoice is.
    comments = [("The invoice was wrong.", "negative", "billing")] * 35
    comments += [("Waited weeks for a corrected invoice.", "negative", "billing")] * 25
    comments += [("Fine.", "positive", "billing")]
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


def _z(y_i, n_i, y_j, n_j, alpha, alpha_0):
    delta = math.log((y_i + alpha) / (n_i + alpha_0 - y_i - alpha)) - math.log(
        (y_j + alpha) / (n_j + alpha_0 - y_j - alpha)
    )
    return delta / math.sqrt(1 / (y_i + alpha) + 1 / (y_j + alpha))


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
    # hotline's terms: 9 critical, 10 positive, 19 in all; the shop's 4 + 5 = 9; 28 in all.
    # rueckruf: 8 everywhere, none elsewhere. alpha_0 = 1.9, alpha = 1.9 * 8 / 28.
    call = rows["hotline", "rueckruf"]
    assert (call.negative, call.neutral, call.positive, call.all) == (6, 0, 2, 8)
    assert (call.negative_comments, call.positive_comments) == (10, 10)
    alpha_0, alpha = 1.9, 1.9 * 8 / 28
    here = _z(6, 9, 2, 10, alpha, alpha_0)
    # Against the rest (9 terms there, rueckruf 0 of them): positive here uses it 2/10, more
    # than the rest's 0/9, so only the contrast with the positive side counts.
    assert call.z_negative == pytest.approx(here, rel=1e-12)
    assert call.elsewhere == 0.0  # the shop has no count of its comments: 0 of them use it
    # warteschleif at the hotline: 3 critical, none positive; 4 of the shop's 9 terms.
    hold = rows["hotline", "warteschleif"]
    alpha = 1.9 * 7 / 28
    here = _z(3, 9, 0, 10, alpha, alpha_0)
    rest = _z(3, 9, 4, 9, alpha, alpha_0)  # the positive side here: 0/10 <= 4/9 elsewhere
    assert hold.z_negative == pytest.approx(max(here, rest), rel=1e-12)
    # The shop: comments not counted, so its sides' comment totals are unknown.
    shop = rows["shop", "warteschleif"]
    assert math.isnan(shop.negative_comments) and math.isnan(shop.positive_comments)
    # ... and so the comments elsewhere (all minus its own): its share elsewhere is 0
    assert shop.elsewhere == 0.0
    alpha_0, alpha = 0.9, 0.9 * 7 / 28
    here = _z(4, 4, 0, 5, alpha, alpha_0)
    rest = _z(4, 4, 3, 19, alpha, alpha_0)
    assert shop.z_negative == pytest.approx(max(here, rest), rel=1e-12)


def test_rare_terms_have_no_row_but_still_count_in_the_others_scores():
    # 5 comments of a side at least: warteschleif (3 and 4 critical, none positive) has no
    # row; hotline's totals and the prior still count its 3 uses, as in the test above.
    scored = themes.scored_terms(_counts(SCORED), min_count=5)
    rows = {(str(r.touchpoint), str(r.term)): r for r in scored.itertuples()}
    assert sorted(rows) == [
        ("hotline", "freundlich"),
        ("hotline", "rueckruf"),
        ("shop", "freundlich"),
    ]
    alpha_0, alpha = 1.9, 1.9 * 8 / 28
    assert rows["hotline", "rueckruf"].z_negative == pytest.approx(
        _z(6, 9, 2, 10, alpha, alpha_0), rel=1e-12
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
