"""Reading comments into terms: stems, phrases, negation, clauses, and the same terms however
many comments are read at once."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from touchsite.terms import (
    BOTH,
    ENGLISH,
    GERMAN,
    NEGATED,
    comment_terms,
    written_forms,
)


def terms_of(texts: list[str], language=GERMAN) -> list[set[str]]:
    found = comment_terms(texts, language)
    result: list[set[str]] = [set() for _ in texts]
    for text, term in zip(found.text.tolist(), found.term.tolist(), strict=True):
        if found.keys[term]:
            result[text].add(found.keys[term])
    return result


def test_german_negation_before_and_after():
    kein, nie, plain = terms_of(["Kein Rückruf.", "Der Rückruf kam nie.", "Rückruf kam schnell."])
    assert kein == {"¬ruckruf"}
    assert nie == {"¬ruckruf", "¬kam", "¬ruckruf ¬kam"}
    assert plain == {"ruckruf", "kam", "schnell", "ruckruf kam", "kam schnell"}


def test_english_negation_reaches_the_phrase():
    (never,) = terms_of(["They never called back."], ENGLISH)
    assert never == {"¬call", "¬back", "¬call ¬back"}
    (called,) = terms_of(["They called back."], ENGLISH)
    assert called == {"call", "back", "call back"}


def test_a_negation_stays_in_its_clause():
    (found,) = terms_of(["Nicht schlimm. Rückruf kam, Lieferung nie"])
    assert "ruckruf" in found and "¬liefer" in found and "¬schlimm" in found
    assert "warteschleif ruckruf" not in terms_of(["Warteschleife. Rückruf fehlt."])[0]


def test_stems_fold_inflections_and_unicode_forms():
    decomposed = unicodedata.normalize("NFD", "Rückrufe")
    a, b, c = terms_of(["Warteschleifen", "Warteschleife", decomposed])
    assert a == b == {"warteschleif"}
    assert c == {"ruckruf"}
    assert terms_of(["callbacks", "callback"], ENGLISH) == [{"callback"}, {"callback"}]


def test_stop_words_short_words_and_digits_are_no_terms():
    (found,) = terms_of(["Das ist ab 17 Uhr so ok und gut"])
    assert found == {"uhr"}


def test_each_term_once_per_comment_and_the_comment_itself():
    found = comment_terms(["Rückruf, Rückruf, Rückruf", ""], GERMAN)
    pairs = list(zip(found.text.tolist(), [found.keys[t] for t in found.term], strict=True))
    assert pairs == [(0, ""), (0, "ruckruf"), (1, "")]


def test_written_forms_prefer_the_common_form_inside_a_clause():
    found = comment_terms(["Lange gewartet.", "Viel zu lange gewartet.", "So lange!"], GERMAN)
    forms = written_forms(found.forms)
    assert forms["lang"] == "lange"  # twice inside a clause, once opening one
    assert forms["lang gewart"] == "lange gewartet"
    (negated,) = [key for key in forms if key.startswith(NEGATED)] or [None]
    assert negated is None


WORDS = ["Rückruf", "kein", "nie", "never", "called", "back", "Warteschleife", "lang", "und"]
TEXT = st.lists(
    # Up to U+2FFF: Arrow and Python may know different Unicode versions beyond it.
    st.one_of(st.sampled_from(WORDS), st.text(st.characters(max_codepoint=0x2FFF), max_size=6)),
    max_size=8,
).map(" ".join)


@settings(max_examples=30)
@given(st.lists(TEXT, max_size=12))
def test_terms_do_not_depend_on_the_other_comments_read(texts: list[str]):
    together = terms_of(texts, BOTH)
    assert together == [terms_of([text], BOTH)[0] for text in texts]
    for terms in together:
        for key in terms:
            for word in key.split(" "):
                word = word.removeprefix(NEGATED)
                assert len(word) >= 3 and word.isalpha() and word not in BOTH.stop_words
