"""Comment themes on small hand-made corpora whose themes are known by construction, and
one log-odds z-score worked out by hand."""

from __future__ import annotations

import math

import pytest

from touchsite.analyze.themes import GERMAN, STOP_WORDS, _folder, find_themes, top_themes

GERMAN_COMMENTS = [
    ("Über 40 Minuten in der Warteschleife, und der versprochene Rückruf kam nie.", "negative"),
    ("Warteschleife ohne Ende. Sehr ärgerlich!", "negative"),
    ("Kein Rückruf trotz Zusage, immer wieder vertröstet.", "negative"),
    ("Die Warteschleifen sind unzumutbar lang.", "negative"),
    ("Ich habe dreimal auf einen Rückruf gewartet, das wurde nie besser.", "negative"),
    ("Lange Warteschleife, dann wurde aufgelegt. Rückruf? Fehlanzeige.", "negative"),
    ("Der Mitarbeiter war nett, aber die Warteschleife nervt.", "negative"),
    ("Rückrufe werden versprochen und nicht gehalten.", "negative"),
    ("Sehr freundlich und kompetent beraten.", "positive"),
    ("Freundliche Mitarbeiterin, Problem sofort gelöst.", "positive"),
    ("Schnell durchgekommen, freundlich und hilfsbereit.", "positive"),
    ("Der Mitarbeiter war freundlich und hat alles erklärt.", "positive"),
    ("Kompetente Beratung, freundlicher Ton.", "positive"),
    ("Kurze Wartezeit, sehr freundlich.", "positive"),
    ("Ging so, die Wartezeit war okay.", "neutral"),
    ("Mitarbeiter war freundlich, aber die Lösung hat gedauert.", "neutral"),
]

ENGLISH_COMMENTS = [
    ("I was on hold for 40 minutes and the callback never came.", "negative"),
    ("Endless hold music, nobody answered my calls.", "negative"),
    ("Promised callbacks never happen.", "negative"),
    ("Waiting on hold again, no callback after two days.", "negative"),
    ("Still waiting for the refund I was promised.", "negative"),
    ("The agent was friendly and helpful.", "positive"),
    ("Friendly staff, quick answer, very helpful!", "positive"),
    ("Really helpful agent who explained everything.", "positive"),
    ("Quick and friendly service.", "positive"),
    ("Service was okay, waited a bit.", "neutral"),
]


def test_german_negative_themes():
    themes = top_themes(GERMAN_COMMENTS, "negative", k=5)
    # both in 5 negative comments and no positive one ("Warteschleifen" and "Rückrufe" fold
    # into the singular); equal z, so alphabetical
    assert [t.term for t in themes[:2]] == ["Rückruf", "Warteschleife"]
    warteschleife = themes[1]
    assert (warteschleife.negative_count, warteschleife.positive_count) == (5, 0)
    # the three shortest negative comments using it, shortest first
    assert warteschleife.examples == (
        "Die Warteschleifen sind unzumutbar lang.",
        "Warteschleife ohne Ende. Sehr ärgerlich!",
        "Der Mitarbeiter war nett, aber die Warteschleife nervt.",
    )
    assert all(a.z >= b.z for a, b in zip(themes, themes[1:], strict=False))
    assert all(t.z > 0 for t in themes)


def test_german_positive_themes():
    themes = top_themes(GERMAN_COMMENTS, "positive", k=3)
    top = themes[0]
    # freundlich, Freundliche, freundlicher: one term, shown as written most often
    assert top.term == "freundlich"
    assert (top.negative_count, top.positive_count) == (0, 6)
    assert len(top.examples) == 3
    assert all(example in dict(GERMAN_COMMENTS) for example in top.examples)
    assert dict(GERMAN_COMMENTS)[top.examples[0]] == "positive"
    assert "Warteschleife" not in [t.term for t in themes]


def test_stop_words_and_fillers_never_appear():
    # "sehr", "immer", "wurde", "nicht", "und", "the", "was" are frequent in the corpora
    for corpus in (GERMAN_COMMENTS, ENGLISH_COMMENTS):
        for side in ("negative", "positive"):
            for theme in top_themes(corpus, side, k=50, min_count=1):
                for word in theme.term.lower().split():
                    assert word not in STOP_WORDS
                    assert len(word) >= 3 and word.isalpha()


def test_english_themes():
    negative = top_themes(ENGLISH_COMMENTS, "negative", k=3)
    assert [t.term for t in negative[:2]] == ["callback", "hold"]
    assert negative[0].negative_count == 3  # callback, callback, callbacks
    positive = top_themes(ENGLISH_COMMENTS, "positive", k=2)
    assert [t.term for t in positive] == ["friendly", "helpful"]
    assert positive[0].examples[0] == "Quick and friendly service."


def test_log_odds_z_by_hand():
    # negative: warteschleife in 2 comments; positive: freundlich in 2 comments
    # prior alpha = a tenth of the pooled counts: .2 and .2, alpha_0 = .4; n_neg = n_pos = 2
    # warteschleife: log((2 + .2) / (2 + .4 - 2 - .2)) - log((0 + .2) / (2 + .4 - 0 - .2))
    #              = log 11 - log(1/11) = 4.795791; var = 1/2.2 + 1/.2 = 5.454545;
    #              z = 4.795791 / 2.335497 = 2.053435
    corpus = [
        ("Warteschleife!", "negative"),
        ("Die Warteschleife.", "negative"),
        ("freundlich", "positive"),
        ("Sehr freundlich.", "positive"),
    ]
    (negative,) = top_themes(corpus, "negative")
    assert negative.term == "Warteschleife"
    assert negative.z == pytest.approx(2 * math.log(11) / math.sqrt(1 / 2.2 + 1 / 0.2))
    assert negative.z == pytest.approx(2.053435, abs=1e-6)
    (positive,) = top_themes(corpus, "positive")
    assert (positive.term, positive.z) == ("freundlich", pytest.approx(2.053435, abs=1e-6))


def test_phrase_replaces_words_only_used_inside_it():
    corpus = [
        ("Endless hold music again.", "negative"),
        ("The hold music is awful.", "negative"),
        ("Hold music, then nothing.", "negative"),
        ("Delivery was late.", "negative"),
        ("Delivery was late again.", "negative"),
        ("Fast delivery.", "positive"),
        ("Delivery on time.", "positive"),
    ]
    terms = [t.term for t in top_themes(corpus, "negative", k=5)]
    assert "hold music" in terms
    assert "hold" not in terms and "music" not in terms  # never used outside the phrase
    assert "late" in terms
    assert "Delivery late" not in terms  # "was" sits between them


def test_phrases_stop_at_punctuation():
    corpus = [("Warteschleife. Rückruf fehlt.", "negative")] * 2
    corpus += [("Freundlich beraten.", "positive")] * 2
    terms = [t.term for t in top_themes(corpus, "negative", k=10)]
    assert "Rückruf fehlt" in terms
    assert "Warteschleife Rückruf" not in terms


def test_tokens_letters_umlauts_and_unicode_forms():
    corpus = [
        ("Ru\u0308ckruf 2x vergessen!!!", "negative"),  # decomposed ü
        ("Rückruf123 vergessen", "negative"),
        ("Die Straße war gesperrt", "negative"),
        ("Straße gesperrt", "negative"),
        ("Freundlich beraten", "positive"),
        ("Sofort beraten", "positive"),
    ]
    themes = {t.term: t for t in top_themes(corpus, "negative", k=10)}
    assert themes["Rückruf"].negative_count == 2
    assert "Straße" in themes


def test_folding_is_conservative():
    fold = _folder(
        {"warteschleife", "warteschleifen", "freundlich", "freundlichen", "freundlicher"}
        | {"tag", "tage", "kunden", "wait", "waiting", "waited", "callback", "callbacks"}
    )
    assert fold("warteschleifen") == "warteschleife"
    assert fold("freundlichen") == fold("freundlicher") == "freundlich"
    assert fold("tage") == "tage"  # "tag" is seen, but shorter than four letters
    assert fold("kunden") == "kunden"  # "kunde" is never seen
    assert fold("waiting") == fold("waited") == "wait"
    assert fold("callbacks") == "callback"


def test_deterministic_and_order_independent():
    first = top_themes(GERMAN_COMMENTS, "negative", k=10, min_count=1)
    assert top_themes(list(reversed(GERMAN_COMMENTS)), "negative", k=10, min_count=1) == first
    keys = [(-t.z, t.term.lower()) for t in first]
    assert keys == sorted(keys)


def test_both_sides_at_once():
    negative, positive = find_themes(GERMAN_COMMENTS, "de", 2)
    assert [t.term for t in negative] == ["Rückruf", "Warteschleife"]
    assert [t.term for t in positive] == [
        t.term for t in top_themes(GERMAN_COMMENTS, "positive", k=2)
    ]
    assert find_themes([]) == ([], [])


def test_language_picks_stop_words():
    # German "Bad" (bathroom) is the English filler "bad": a theme only for German
    corpus = [("Das Bad war schmutzig.", "negative"), ("Bad nicht geputzt.", "negative")]
    corpus += [("Zimmer sauber.", "positive"), ("Sauberes Zimmer.", "positive")]
    assert "Bad" in [t.term for t in top_themes(corpus, "negative", "de")]
    assert "Bad" not in [t.term for t in top_themes(corpus, "negative", None)]
    assert "bad" not in GERMAN.stop_words
    # English stop words stay in with "de": "the" is then just another word
    english = [("The hold music.", "negative")] * 2 + [("Friendly agent.", "positive")] * 2
    assert "The hold" in [t.term for t in top_themes(english, "negative", "de", k=10)]
    assert "The hold" not in [t.term for t in top_themes(english, "negative", "en", k=10)]


def test_empty_and_one_sided_input():
    assert top_themes([]) == []
    assert top_themes([], "positive") == []
    assert top_themes([("Alles bestens, danke", "positive")] * 3, "negative") == []
    # one side only: no contrast, so nothing is over-represented
    assert top_themes([("Rückruf vergessen", "negative")] * 3, "negative") == []
    assert top_themes([("...", "negative"), ("123", "negative")]) == []
    with pytest.raises(ValueError, match="group"):
        top_themes([("Text", "angry")])
    with pytest.raises(ValueError, match="side"):
        top_themes(GERMAN_COMMENTS, "neutral")
