"""Comment terms: the words and two-word phrases each comment uses, stemmed, with negation.

Used twice: the data stage counts every comment's terms per touchpoint x period x polarity
(the sufficient statistics of the theme analysis), and the analysis finds the published
quotes that use a theme. Both must read a comment alike, so the reading lives here, once.

A comment is cut into clauses at punctuation, dashes, web addresses and an "&" or "+" between
spaces; a clause into words (letters only). A word of three letters or more that is not a
stop word is a content word, stemmed with the Snowball stemmer of the report's language
("Rückrufe" and "Rückruf" are one term). Two adjacent content words of one clause are a
phrase. A content word within three words after a negation of its clause ("kein Rückruf",
"never called back"), or before a negation that ends its clause ("Rückruf kam nie"), is
negated: a term of its own, written with a leading "¬" in the key, so "kein Rückruf" never
counts as "Rückruf". A negation reaches no word across "und", "aber", "sondern", "and", "but"
("nicht hilfsbereit und unfreundlich" is not "nicht unfreundlich"), but across "oder" and "or"
("kein Anruf oder Mail"). A determiner ("kein", "keine", "keinerlei", "no", and "ohne",
"without", which German ends at its noun: "ohne Wartezeit verbunden") negates the noun
phrase it opens, which a preposition ends: "kein Retourenlabel im Paket" is no "kein Paket",
"no refund after four weeks" no "no four"; "nicht auf Lager" and "not on time" keep their
reach, up to a preposition after a content word they reached: "nie Probleme beim Bestellen"
is no "nie Bestellen". A noun German joins by "und" or "oder" to a noun a determiner negates
shares its negation ("keine Beratung und Hilfe") where it ends the phrase ("Keine Wartezeit
und Personal war freundlich" opens a clause). A pronoun negates what those it counts did, not
them: its reach starts after them ("Keiner von den Mitarbeitern konnte helfen", "none of the
staff could help"), or else right before its first content word past a few stop words
("Niemand hat sich um uns gekümmert"); "no one" is "nobody". "Nicht nur" and "not only"
negate nothing, nor do "nicht ohne" and "not without" ("nicht ohne Ärger" is trouble), nor
does a "kaum" that says "as soon as" ("Kaum bestellt, schon geliefert"). An English "n't"
is the negation "not" ("didn't call back"). A term counts once per comment. A project may
count words as one ("Zustellung" as "Lieferung": language_of).

The work is vectorised over all texts: Arrow splits and encodes the words, Python only sees
each distinct word once (to classify and stem it) and each distinct term once (to name it).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from functools import cache

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import snowballstemmer

from touchsite.groups import table_sums

NEGATED = "¬"
MIN_LENGTH = 3
# How far a negation reaches, in words of its clause ("kein wirklich schneller Rückruf").
NEGATION_REACH = 3
COMMENTS = ""  # the term every comment has: its count is the number of comments
POLARITIES = ("negative", "neutral", "positive")  # a comment's side, by its score


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Frequent function words; words under three letters are dropped anyway, so not listed.
# "als" too: "besser als vorher" was the theme "besser als" (41 of a probe's 200 positive).
GERMAN_STOP_WORDS = _words(
    """
    aber alle allem allen aller alles als also ander andere anderen anderer anderes auch auf aus
    bei beim bin bis bist bitte dabei dadurch dafür daher damit dann darauf darum das dass
    davon dazu dem den denen denn der deren des dessen deshalb dich die dies diese diesem
    diesen dieser dieses dir doch dort durch ein eine einem einen einer eines einmal etwa
    etwas euch euer eure für gegen gewesen hab habe haben hat hatte hatten hätte hier hin
    hinter ich ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres ins ist jede jedem jeden jeder
    jedes jedoch jetzt kann können könnte man manche
    mein meine meinem meinen meiner meines mich mir mit muss musste müssen nach nachdem
    noch nun nur oder ohne schon sein seine seinem seinen seiner seines seit
    selbst sich sie sind solche soll sollte sondern sonst über und uns unser unsere unter
    viel viele vom von vor während war waren wäre warum was weil weiter welche welchem
    welchen welcher wenn wer werde werden wegen wie wieder will wir wird wollen wollte würde
    würden wurde wurden zum zur zwar zwischen obwohl trotzdem sowie außerdem deswegen sodass
    konnte konnten mussten sollen darf dürfen worden sei seien wären hätten
    vielen vieler vieles vielem manchen mancher manches manchem solchen solcher solches
    solchem welches anderem unserem unseren unserer unseres könnten müsste müssten sollten
    wollten durfte dürfte
    """
)
# Fillers and bare praise or blame, which only restate the score the comment came with;
# declined as customers write them ("gute Beratung", "tolles Team": the lists are of written
# words, not stems), and the colloquial intensifiers ("mega freundlich", "überhaupt nicht").
GERMAN_FILLERS = _words(
    """
    sehr immer mal einfach ganz gar eigentlich halt eben leider total echt wirklich gibt
    geht ging gerade bereits bisher heute gestern nochmal sogar trotz gut schlecht super
    toll prima okay naja alles danke
    gute guter gutes guten gutem schlechte schlechter schlechtes schlechten schlechtem
    tolle toller tolles tollen tollem top bestens klasse spitze mies gern gerne
    mega ziemlich extrem absolut überhaupt besonders bisschen irgendwie kam kamen kommt kommen
    """
)
ENGLISH_STOP_WORDS = _words(
    """
    about above after again against all also and another any anyone anything are aren
    around because been before being below between both but can cannot could couldn did
    didn does doesn doing don done down during each either else even ever every few for
    from further get gets getting got had hadn has hasn have haven having her here hers
    herself him himself his how however into isn its itself just lot made make many may
    more most much must myself nor now off often once one only other
    others our ours out over own quite rather really same shall she should shouldn since
    some something still such than that the their theirs them themselves then there these
    they thing things this those though through thus too under until upon very was wasn
    way were weren what when where whether which while who whom whose why will with within
    without won would wouldn yet you your yours yourself although anyway maybe perhaps
    per via
    """
)
# As the German ones: bare praise or blame ("Great job, keep it up!", "Top!!!", "Awful.") and
# intensifiers ("super friendly", "extremely slow"), or every touchpoint's positive comments
# had "job", "Keep" and "Top" for themes.
ENGLISH_FILLERS = _words(
    """
    always everything pretty bit okay fine well good great bad nice awesome terrible
    thanks thank came come comes coming went goes going
    top super excellent perfect amazing fantastic brilliant lovely wonderful awful horrible
    job keep extremely absolutely totally completely highly incredibly
    """
)
# "no" and "not" are short, but they negate all the same; declined ("niemanden erreicht")
# and as customers type them ("nix", "didnt"). "Kaum" and "hardly" too: "kaum Wartezeit" is
# praise, and "hardly any wait" counted as "hard", with "hard to find". "Ohne" and "without"
# too: read as prepositions, "Freundlich und ohne lange Wartezeit" was the positive theme
# "lange Wartezeit" of the example's phone advice (11 of its 16 positive comments), and "ohne
# Probleme aufgebaut" the praise "Probleme" (127 of a probe's 200 positive comments).
NEGATIONS = _words(
    """
    nicht nichts nie niemals niemand kein keine keinem keinen keiner keines nirgends
    niemanden niemandem keinerlei weder nix nirgendwo kaum ohne
    not never nothing nobody none no neither hardly barely scarcely without
    dont didnt doesnt isnt wasnt werent arent cant couldnt wont wouldnt shouldnt havent
    hasnt hadnt aint
    """
)
# Where a negation's reach ends: it negates one of two things joined or set against each other
# ("keine Beratung und lange Wartezeit", "nicht pünktlich, aber freundlich", "not helpful and
# rude"), and read on, it turned the other one into its opposite. Not "oder" nor "or", which
# a negation reaches across: "kein Anruf oder Mail" has neither.
CONJUNCTIONS = _words("und aber sondern jedoch and but")
# A determiner negates the noun phrase it opens: "kein Retourenlabel im Paket" said the parcel
# never came ("kein Paket"), "keine Antwort seit Wochen" counted "keine Wochen" and "no refund
# after four weeks" "no four". A preposition ends its reach (a stop word only: in a German
# report "after" is a word of its own), not "zu", also "too" ("keine zu lange Wartezeit").
# "per" and "via" are stop words of both languages (English ones, which a German report
# drops too): "keine Bestätigung per Mail" was a theme "keine Bestätigung per".
# "Nicht" and "not" reach on: "nicht auf Lager". "Ohne" and "without" negate their noun
# phrase as "kein" and "no" do: "ohne lange Wartezeit" is "keine lange Wartezeit".
DETERMINERS = _words("kein keine keinem keinen keiner keines keinerlei no ohne without")
# Unlike "kein", "ohne" says nothing of the verb after its noun: "ohne Wartezeit verbunden"
# was connected. Its reach ends at its first noun, where nouns are written with a capital
# (a lower-case "ohne wartezeit verbunden" keeps a determiner's reach; English puts the verb
# first: "connected without a wait"), and at a stop word after a content word: comments run
# on without a full stop, and "delivered without issues the fitters worked tidily" counted
# "without fitters". A negation before it, past at most NOT_WITHOUT_STOP_WORDS stop words,
# makes both none: "nicht ohne Ärger", "not without problems", "did not go without problems"
# were trouble, and read as "nicht Ärger", the praise "no trouble".
WITHOUT = _words("ohne without")
NOT_WITHOUT_STOP_WORDS = 1
# A negation that reaches forward to one of these negates it only: the words it passed on
# the way, or after it, say what it is worth. "nicht das Geld wert" counted as "nicht Geld",
# "keinen Cent wert" as "kein Cent" and "not worth the money" as "not money" (the theme shown
# for 57, 26 and 26 of a probe's 200 critical comments of the checkout, beside "nicht wert").
WORTH = _words("wert worth")
PREPOSITIONS = _words(
    """
    im in am an auf aufs bei beim seit nach mit von vom zum zur für über unter vor aus ab
    bis durch gegen um wegen trotz während hinter neben zwischen ins ans
    after on at since for with from by of to into onto about during before until till within
    over under per via despite across towards toward
    """
)
# A negation that reached a content word negates no word past a preposition after it: that
# word says where, when or despite what, not what was not ("nie Probleme beim Bestellen"
# counted "nie Bestellen", praise read as never ordering; "nicht erreichbar trotz mehrfacher
# Versuche" "nicht mehrfach", "never arrived after two weeks" "never two"). Before one it
# reaches on: "nicht auf Lager", "not on time" (as a determiner's reach ends at one: above).
# "On time" and "in time" say how, as "pünktlich" does: before "time" a preposition is none,
# so "not delivered on time" is late, not "not delivered" and "time", and "no delivery on
# time" no "time" either.
TIMELY = "time"
# "Kaum bestellt, schon geliefert" says "as soon as": praise of speed, read as "kaum
# bestellt". So "kaum" negates nothing where it opens a clause (or is written "Kaum", a
# sentence's first word after a full stop left out) before a German past participle (by
# its shape, in lower case: a capital writes a noun, "Kaum Wartezeit"; or in a word in
# capitals, "KAUM BESTELLT") that "schon" answers within SOON_REACH words after it; "Kaum
# erreichbar", "kaum gewartet." negate as before. Inside a clause too where "schon" is
# followed by a participle of its own: "naja kaum bestellt schon geliefert", "Lieferung
# pünktlich kaum bestellt schon geliefert" say it as plainly, and were read as "kaum
# bestellt" and "kaum geliefert" in 43 of a probe's 265 positive comments of the delivery.
SOON = "kaum"
SOON_ANSWER = "schon"
SOON_REACH = 4
PARTICIPLE = re.compile(
    r"(?:ab|an|auf|aus|bei|ein|los|mit|nach|vor|weg|zu|zurück)?"
    r"(?:(?:ge|be|emp|ent|er|ver|zer)\w{2,}(?:t|en)|\w{3,}iert)"
)
# A pronoun ("keiner", "niemand", "none", "nobody") followed by whom it counts ("keiner von
# den Mitarbeitern", "niemand vom Service", "none of the staff") negates what they did, not
# them: "Keiner von den Mitarbeitern konnte helfen" counted as "kein Mitarbeiter" and
# "helfen", praise. A preposition or one of these opens that part; it runs to its first
# content word, or to a personal pronoun ("keiner von denen", "none of them"), past no more
# than PARTITIVE_STOP_WORDS stop words ("von den vielen"), and the negation reaches as far
# from there as from itself. Past more, it is no such part ("keiner von uns hat je").
PRONOUNS = _words("keine keinem keinen keiner keines niemand niemanden niemandem none nobody")
PARTITIVES = _words("der des dieser meiner unserer eurer ihrer deiner seiner")
PERSONAL = _words("uns euch ihnen denen them you")
PARTITIVE_STOP_WORDS = 2
# Otherwise what it did is its first content word, however many stop words stand before it,
# up to PREDICATE_STOP_WORDS: German puts the participle last ("Niemand hat sich um uns
# gekümmert", "Keiner hat sich bei mir gemeldet"), and three words of reach counted the
# neglect as "gekümmert", praise, in the critical comments. "No one" is "nobody": "No one at
# the store called back" counted "called back", the praise, as "no store" ended its reach.
PREDICATE_STOP_WORDS = 4
NO_ONE = ("no", "one")
# A pronoun that reaches a comparative says no one does better: "Niemand macht es besser",
# "Besser macht es keiner", "No one does it better" praise, and were the positive theme
# "niemand besser" / "no better" of a probe's store advice (129 and 127 of its 200 positive
# comments). Such a pronoun negates nothing. Not "nicht besser", "not better": a complaint.
COMPARATIVES = _words("besser schneller günstiger billiger better faster cheaper")
# Nouns a determiner's noun is joined to by these share its negation: "keine Beratung und
# Hilfe" is no help either, and counted as "Hilfe", praise, in the critical comments. A noun
# only, which German writes with a capital ("kein Rückruf und freundlich war auch keiner",
# "keine Beratung und lange Wartezeit" join no noun to it): an English or lower-case comment
# tells no noun from an adjective, and keeps the conjunction's limit (see CONJUNCTIONS). A
# noun a word of its clause follows opens a clause of its own ("Keine Wartezeit und Personal
# war freundlich" says nothing of "kein Personal"): only a noun that ends the phrase joins.
JOINING = _words("und oder")
# After a negation, these make it none: "nicht nur freundlich, sondern auch kompetent" and "not
# only fast but friendly" praise, and were counted as "nicht freundlich" and "not fast".
ONLY = _words("nur bloß only just merely")


@dataclass(frozen=True)
class Language:
    """What to drop and how to stem: stop words and a Snowball stemmer (None: no stemming);
    whether its nouns are written with a capital (JOINING); `synonyms`: (stem, stem it is
    counted as) pairs, a project's `themes: synonyms:` (language_of)."""

    stop_words: frozenset[str]
    stemmer: str | None
    capital_nouns: bool = False
    synonyms: tuple[tuple[str, str], ...] = ()


# A German report's customers write English too (expats, tourists, an international
# segment): its English function words are dropped as well, or "the" and "and" become the
# themes of the touchpoint they write about. Not those that are German words of their own.
GERMAN_WORDS_TOO = _words("after lot made most still")
GERMAN = Language(
    GERMAN_STOP_WORDS | GERMAN_FILLERS | (ENGLISH_STOP_WORDS - GERMAN_WORDS_TOO) | ENGLISH_FILLERS,
    "german",
    capital_nouns=True,
)
ENGLISH = Language(ENGLISH_STOP_WORDS | ENGLISH_FILLERS, "english")
# Mixed or unknown: both lists, no stemming (either stemmer mangles the other language).
BOTH = Language(GERMAN.stop_words | ENGLISH.stop_words, None)
LANGUAGES = {"de": GERMAN, "en": ENGLISH}


def language_of(code: str | None, synonyms: tuple[tuple[str, str], ...] = ()) -> Language:
    """The language of a report in `code`, each word of `synonyms` ((word, name) pairs, as
    written: a project's `themes: synonyms:`) counted as its name: "Zustellung" as
    "Lieferung", so a comment that says both counts once, and "Zustellung schnell" is
    "Lieferung schnell". Every form of the word is: its stem is counted as the name's."""
    language = LANGUAGES.get(code or "", BOTH)
    if not synonyms:
        return language
    stems = {theme_stem(word, language): theme_stem(name, language) for word, name in synonyms}
    pairs = tuple(sorted((word, name) for word, name in stems.items() if word and name))
    return dataclasses.replace(language, synonyms=pairs)


def theme_stem(word: str, language: Language) -> str | None:
    """The stem a word is counted as, where it is one content word (of three letters or
    more, no stop word, filler or negation of `language`); else None: it is never a term."""
    if not word.isalpha():
        return None
    kind, stem = _classify(word, dataclasses.replace(language, synonyms=()))
    return stem if kind == CONTENT else None


# Clause punctuation becomes a word of its own, ".", which the splitting below keeps.
BREAK = r"""[.!?;:,()\[\]{}"'„“”‚‘’«»/|\n\r\t–—…]+"""
NOT_A_WORD = r"[^\p{L}.]+"
# A web address is no customer's word: "https", "www" and a domain's names are no terms. A
# text is split at spaces before this is matched, so it runs to the end of its piece.
WEB_ADDRESS = r"(?i)(?:https?://|www\.)[^ \t\n\r\f\v]*"
# A hyphen between spaces is a dash, which customers type to part clauses ("nicht
# hilfsbereit - Warteschleife ohne Ende"), and an "&" or "+" between spaces their "und"
# ("nicht hilfsbereit & unfreundlich"): matched on a space-separated piece, as above, each
# ends a clause (for a negation's reach, as "und" does; two words it joins are no phrase,
# as two that "und" joins are none).
APART = r"^(?:[-‐‑]+|[&+])$"
# English negates most often by "n't", whose apostrophe would end the clause ("didn't call
# back" read as "call back"): it is read as "not" ("did not call back"). Typed on a German
# keyboard, its apostrophe is often the accent beside Backspace ("didn´t", "wasn`t").
CONTRACTED_NOT = r"(?i)(.)n['’´`]t(\P{L}|$)"
BREAK_WORD, NEGATION, STOP, CONTENT, CONJUNCTION, NOT_NEGATING, PREPOSITION = range(7)
FORM_COLUMNS = ["key", "form", "uses", "inside"]
# The forms are an Arrow table, not a DataFrame: the comments' worker reads terms without
# pandas, whose import took a quarter of a second of its CPU.
FORM_SCHEMA = pa.schema(
    [("key", pa.string()), ("form", pa.string()), ("uses", pa.int64()), ("inside", pa.int64())]
)


def no_forms() -> pa.Table:
    """An empty forms table, made when asked: Arrow asks for pandas when it makes one, which
    the module's import would then do in the worker too, before it can do without."""
    return FORM_SCHEMA.empty_table()


@dataclass(frozen=True)
class CommentTerms:
    """Which terms each text uses: parallel arrays of (text index, term index), each pair
    once, sorted; `keys[term]` names a term, `forms` says how each term was written: columns
    key, form, uses (times written so) and inside (of those, not opening a clause), an
    Arrow table (FORM_SCHEMA)."""

    text: np.ndarray
    term: np.ndarray
    keys: list[str]
    forms: pa.Table


@cache
def _stemmer(name: str):
    return snowballstemmer.stemmer(name)


@cache
def _classify(word: str, language: Language) -> tuple[int, str]:
    """A written word's kind and, for a content word, its stem."""
    if word == ".":
        return BREAK_WORD, ""
    lower = word.lower()
    if lower in NEGATIONS:
        return NEGATION, lower
    if lower in CONJUNCTIONS:
        return CONJUNCTION, ""
    if lower in ONLY:
        return NOT_NEGATING, ""
    if len(lower) < MIN_LENGTH or lower in language.stop_words:
        return (PREPOSITION if lower in PREPOSITIONS else STOP), ""
    stem = _stemmer(language.stemmer).stemWord(lower) if language.stemmer else lower
    return CONTENT, _synonyms(language.synonyms).get(stem, stem)


@cache
def _synonyms(pairs: tuple[tuple[str, str], ...]) -> dict[str, str]:
    return dict(pairs)


def comment_terms(
    texts: pa.Array | list[str], language: Language, forms: bool = True, distinct: bool = False
) -> CommentTerms:
    """The terms of each text (see the module's docstring). Equal texts are read once (but
    with `distinct`); without `forms`, how the terms were written is not gathered (an empty table).
    `distinct`: the texts are not looked for equal ones (none may be null): where they are
    known to differ (the analysis' quotes: a tenth of their reading), or are expected to
    (the term counts'). Equal texts are then each read: the result is the same, as each
    text's terms are its own and the words and terms are numbered as first met."""
    texts = pa.array(texts, pa.large_string()) if isinstance(texts, list) else texts
    texts = texts.cast(pa.large_string())
    if not len(texts):
        empty = np.zeros(0, dtype=np.int64)
        return CommentTerms(empty, empty, [], no_forms())
    if distinct:
        return _distinct_terms(texts, np.ones(len(texts), dtype=np.int64), language, forms)
    encoded = pc.dictionary_encode(texts)
    inverse = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    weight = np.bincount(inverse, minlength=len(encoded.dictionary))
    own = _distinct_terms(encoded.dictionary, weight, language, forms)
    text, term = expand(own.text, own.term, inverse, len(encoded.dictionary))
    return CommentTerms(text, term, own.keys, own.forms)


def expand(
    owner: np.ndarray, term: np.ndarray, inverse: np.ndarray, distinct: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pairs of distinct texts turned into pairs of the texts they stand for."""
    starts = np.searchsorted(owner, np.arange(distinct + 1))
    lengths = np.diff(starts)[inverse]
    text = np.repeat(np.arange(len(inverse)), lengths)
    first = np.repeat(starts[:-1][inverse], lengths)
    offset = np.arange(len(text)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return text, term[first + offset]


def _distinct_terms(
    texts: pa.Array, weight: np.ndarray, language: Language, with_forms: bool
) -> CommentTerms:
    words = _words_of(texts)
    classified = [_classify(w, language) if w else (BREAK_WORD, "") for w in words.written]
    stem_code: dict[str, int] = {}
    kind_of = np.array([kind for kind, _ in classified] or [0], dtype=np.int8)
    stem_of = np.array(
        [
            stem_code.setdefault(stem, len(stem_code)) if kind == CONTENT else -1
            for kind, stem in classified
        ]
        or [-1],
        dtype=np.int64,
    )
    stems = list(stem_code)
    word = words.word
    kind = kind_of[word]
    boundary = kind == BREAK_WORD
    boundary[words.first] = True
    # "on time", "in time": no preposition (TIMELY)
    timely_of = np.array([w.lower() == TIMELY for w in words.written] or [False])
    timely = np.flatnonzero(kind[:-1] == PREPOSITION)
    kind[timely[timely_of[word[timely + 1]] & ~boundary[timely + 1]]] = STOP
    # "nicht nur": a negation right before such a word of its text is none.
    cancels = np.flatnonzero((kind[1:] == NOT_NEGATING) & ~boundary[1:])
    kind[cancels[kind[cancels] == NEGATION]] = STOP
    lower = [w.lower() for w in words.written]
    kind[_not_without(kind, boundary, word, lower)] = STOP
    kind[_soon(words, lower, kind, boundary)] = STOP
    clause = np.cumsum(boundary)
    at = np.flatnonzero(kind == CONTENT)  # the content words' positions
    determiner_of = np.array(
        [kind == NEGATION and stem in DETERMINERS for kind, stem in classified] or [False]
    )
    scope = np.cumsum(boundary | (kind == CONJUNCTION))
    phrase = np.cumsum(boundary | (kind == CONJUNCTION) | (kind == PREPOSITION))
    determiner = determiner_of[word] & (kind == NEGATION)
    negations = np.flatnonzero(kind == NEGATION)
    pronoun, no_one = _pronouns(boundary, word, negations, lower)
    start = _reach_starts(kind, boundary, word, negations, lower, pronoun, no_one)
    noun_of = np.array([_written_as_noun(w) for w in words.written] or [False])
    noun = noun_of[word] & (kind == CONTENT) & language.capital_nouns
    without_of = np.array([w in WITHOUT for w in lower] or [False])
    worth = np.array([w in WORTH for w in lower] or [False])[word] & (kind == CONTENT)
    negation, negated_by = _negation(
        kind,
        scope,
        at,
        determiner,
        phrase,
        negations,
        start,
        noun,
        without_of[word[negations]],
        worth,
    )
    # "Niemand macht es besser": a pronoun that reaches a comparative negates nothing
    comparative = np.array([w in COMPARATIVES for w in lower] or [False])[word] & (kind == CONTENT)
    best = negation[comparative & (negation >= 0)]
    best = best[pronoun[np.searchsorted(negations, best)]]
    negation[np.isin(negation, best)] = -1
    if language.capital_nouns:
        _negate_joined_nouns(
            negation,
            negated_by,
            kind,
            boundary,
            word,
            negations[determiner[negations]],
            start[determiner[negations]],
            noun_of,
            np.array([w in JOINING for w in lower] or [False]),
        )
    unigram = stem_of[word[at]] * 2 + (negation[at] >= 0)
    # Phrases: two content words next to each other in one clause.
    left = np.flatnonzero((np.diff(at) == 1) & (clause[at[1:]] == clause[at[:-1]]))
    span = 2 * len(stems)
    codes = np.concatenate([unigram, span + unigram[left] * span + unigram[left + 1]])
    starts = np.concatenate([at, at[left]])
    # Terms numbered in the order of their codes, from 1: every text has term 0, COMMENTS.
    used, unique = _factorized(codes, sort=True)
    used += 1
    text_of, term = _distinct_pairs(
        np.concatenate([np.arange(len(texts)), words.text[starts]]),
        np.concatenate([np.zeros(len(texts), dtype=np.int64), used]),
    )
    keys = [COMMENTS, *_keys(unique, stems)]
    if not with_forms:
        return CommentTerms(text_of, term, keys, no_forms())
    is_negation = kind_of == NEGATION
    said = _Said(
        term=used,
        start=starts,
        is_pair=codes >= span,
        negation=negation,
        negated_by=negated_by,
        uses=weight[words.text[starts]],
    )
    forms = _forms(
        said, words, boundary, np.where(is_negation, np.cumsum(is_negation) - 1, -1), keys
    )
    return CommentTerms(text_of, term, keys, forms)


@dataclass(frozen=True)
class _Words:
    """The words of texts in order: `word` numbers them among `written`, `text` says whose
    they are, `first` where each text's words begin (a text without any has no entry)."""

    word: np.ndarray
    text: np.ndarray
    first: np.ndarray
    written: list[str]


def _words_of(texts: pa.Array) -> _Words:
    """The texts' words: letters only, clause punctuation as a word "." of its own, and an
    empty word where a text begins or ends with neither (a null text has no words).

    The patterns are matched on the distinct space-separated pieces only: a space is no
    letter and no clause punctuation, and normalising a text normalises its pieces (nothing
    composes with a space), so a text's words are its pieces' words, but for the empty words
    at a piece's ends: only the text's own ends keep theirs.
    """
    pieces = pc.split_pattern(texts, " ")
    offsets = _offsets(pieces)
    count = np.diff(offsets)
    encoded = pc.dictionary_encode(pc.list_flatten(pieces))
    piece = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    distinct = encoded.dictionary
    normal = pc.replace_substring_regex(
        pc.utf8_normalize(distinct, "NFC"), f"{WEB_ADDRESS}|{APART}", " . "
    )
    normal = pc.replace_substring_regex(normal, CONTRACTED_NOT, r"\1 not\2")
    split = pc.split_pattern_regex(pc.replace_substring_regex(normal, BREAK, " . "), NOT_A_WORD)
    encoded_words = pc.dictionary_encode(pc.list_flatten(split))
    written = encoded_words.dictionary.to_pylist()
    if "" not in written:
        written.append("")
    nothing = written.index("")
    # Each distinct piece's words, then an empty word: the piece numbered len(distinct).
    piece_word = np.append(encoded_words.indices.to_numpy(zero_copy_only=False), nothing)
    bounds = _offsets(split)  # every piece has a word, if only an empty one
    lead = piece_word[bounds[:-1]] == nothing
    trail = piece_word[bounds[1:] - 1] == nothing
    inner_start = np.append(bounds[:-1] + lead, len(piece_word) - 1)
    inner_length = np.append(np.maximum(np.diff(bounds) - lead - trail, 0), 1)
    # Each text as a run of pieces, with the empty piece at either end where it has one.
    has = count > 0
    first, last = piece[offsets[:-1][has]], piece[offsets[1:][has] - 1]
    opens, closes = np.zeros(len(count), dtype=np.int64), np.zeros(len(count), dtype=np.int64)
    opens[has] = lead[first]
    empty_text = (count[has] == 1) & (first == pc.index(distinct, "").as_py())
    closes[has] = trail[last] & ~empty_text  # an empty text is one empty word, not two
    runs = count + opens + closes
    run_start = np.cumsum(runs) - runs
    run = np.full(int(runs.sum()), len(distinct), dtype=np.int64)
    in_run = np.arange(len(piece)) - np.repeat(offsets[:-1] - run_start - opens, count)
    run[in_run] = piece
    length = inner_length[run]
    end = np.cumsum(length)
    word = piece_word[np.repeat(inner_start[run] - end + length, length) + np.arange(end[-1])]
    text_words = np.bincount(
        np.repeat(np.arange(len(count)), runs), weights=length, minlength=len(count)
    ).astype(np.int64)
    first_word = np.cumsum(text_words) - text_words
    return _Words(
        word.astype(np.int64),
        np.repeat(np.arange(len(count)), text_words),
        first_word[text_words > 0],
        written,
    )


def _offsets(lists: pa.Array) -> np.ndarray:
    offsets = lists.offsets.to_numpy().astype(np.int64)
    return offsets - offsets[0]


def _distinct_pairs(text: np.ndarray, term: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (text, term) pairs, sorted: one sort of a combined key where it fits in
    64 bits, else of both columns."""
    width = int(term.max()) + 1 if len(term) else 1
    if len(text) and (int(text.max()) + 1) * width < 2**62:
        # Stable (timsort) finds the runs the callers' pairs come in (each text's terms in
        # turn): a tenth of the time of quicksort, which sees no runs; equal numbers are
        # alike, so the result is the same.
        combined = np.sort(text * width + term, kind="stable")
        combined = combined[np.r_[True, combined[1:] != combined[:-1]]]
        return combined // width, combined % width
    order = np.lexsort((term, text))
    text, term = text[order], term[order]
    new = np.r_[True, (text[1:] != text[:-1]) | (term[1:] != term[:-1])] if len(text) else []
    return text[new], term[new]


def _soon(words: _Words, lower: list[str], kind: np.ndarray, boundary: np.ndarray) -> np.ndarray:
    """The positions of the "kaum" that say "as soon as" (SOON): before a participle that
    "schon" answers, opening a clause (`boundary`: a word opens one) or answered by a "schon"
    before a participle; `lower`: the written words in lower case."""
    if SOON not in lower:
        return np.zeros(0, dtype=np.int64)
    word, n = words.word, len(kind)
    soon_of = np.array([w == SOON for w in lower])
    at = np.flatnonzero(kind == NEGATION)
    at = at[soon_of[word[at]] & (at + 1 < n)]
    participle_of = np.array(
        [
            bool(PARTICIPLE.fullmatch(w)) and (w == written or written.isupper())
            for w, written in zip(lower, words.written, strict=True)
        ]
    )
    answer_of = np.array([w == SOON_ANSWER for w in lower])
    # a capital "Kaum" opens a sentence whose full stop the customer left out
    capital = np.array([w == SOON.capitalize() for w in words.written])[word[at]]
    opens = boundary[at] | (kind[np.maximum(at - 1, 0)] == BREAK_WORD) | capital
    kept = participle_of[word[at + 1]] & ~boundary[at + 1]
    at, opens = at[kept], opens[kept]
    answered, echoed = np.zeros(len(at), dtype=bool), np.zeros(len(at), dtype=bool)
    for distance in range(2, SOON_REACH + 2):
        later, after = np.minimum(at + distance, n - 1), np.minimum(at + distance + 1, n - 1)
        found = (at + distance < n) & answer_of[word[later]] & (words.text[later] == words.text[at])
        answered |= found
        echoed |= (
            found
            & (at + distance + 1 < n)
            & participle_of[word[after]]
            & ~boundary[after]
            & (words.text[after] == words.text[at])
        )
    return at[answered & (opens | echoed)]


def _not_without(
    kind: np.ndarray, boundary: np.ndarray, word: np.ndarray, lower: list[str]
) -> np.ndarray:
    """The positions of an "ohne" (WITHOUT) and of a negation before it in its clause, past
    at most NOT_WITHOUT_STOP_WORDS stop words: "nicht ohne Ärger" negates nothing.
    `boundary`: a word opens a clause; `lower`: the written words in lower case."""
    without_of = np.array([w in WITHOUT for w in lower] or [False])
    at = np.flatnonzero((kind == NEGATION) & without_of[word])
    cancelled, before = [np.zeros(0, dtype=np.int64)], at
    for _ in range(NOT_WITHOUT_STOP_WORDS + 1):
        inside = (before > 0) & ~boundary[before]  # the word before is of its clause
        at, before = at[inside], before[inside] - 1
        negated = kind[before] == NEGATION
        cancelled += [at[negated], before[negated]]
        walking = ~negated & np.isin(kind[before], (STOP, PREPOSITION))
        at, before = at[walking], before[walking]
    return np.concatenate(cancelled)


def _pronouns(
    boundary: np.ndarray, word: np.ndarray, negations: np.ndarray, lower: list[str]
) -> tuple[np.ndarray, np.ndarray]:
    """Which negations (at `negations`) are pronouns (PRONOUNS, or "no" of "no one"), and
    which are that "no". `boundary`: a word opens a clause; `lower`: the written words in
    lower case."""
    n = len(boundary)
    pronoun_of = np.array([w in PRONOUNS for w in lower] or [False])
    next_word = np.minimum(negations + 1, n - 1)
    no_one = (
        (np.array([w == NO_ONE[0] for w in lower] or [False])[word[negations]])
        & (np.array([w == NO_ONE[1] for w in lower] or [False])[word[next_word]])
    )
    no_one &= (negations + 1 < n) & ~boundary[next_word]
    return pronoun_of[word[negations]] | no_one, no_one


def _reach_starts(
    kind: np.ndarray,
    boundary: np.ndarray,
    word: np.ndarray,
    negations: np.ndarray,
    lower: list[str],
    pronoun: np.ndarray,
    no_one: np.ndarray,
) -> np.ndarray:
    """Where the forward reach of each negation (at `negations`) starts: at itself, but for a
    `pronoun` (_pronouns) followed by whom it counts, at that part's first content word or
    personal pronoun (PERSONAL): a preposition or a PARTITIVES word right after it, then up
    to PARTITIVE_STOP_WORDS stop words, in its clause. `boundary`: a word opens a clause;
    `lower`: the written words in lower case."""
    n = len(kind)
    start = negations.copy()
    at = np.flatnonzero(pronoun & (negations + 1 + no_one < n))
    if not len(at):
        return start
    partitive_of = np.array([w in PARTITIVES for w in lower])
    personal_of = np.array([w in PERSONAL for w in lower])
    stop = (STOP, PREPOSITION)
    after = negations[at] + 1 + no_one[at]
    marker = np.isin(kind[after], stop) & ~boundary[after]
    marker &= (kind[after] == PREPOSITION) | partitive_of[word[after]]
    _start_at_predicate(start, kind, boundary, at[~marker], after[~marker])
    at, after = at[marker], after[marker]
    for ahead in range(1, PARTITIVE_STOP_WORDS + 2):
        looked = after + ahead
        inside = looked < n
        at, looked = at[inside], looked[inside]
        open_ = ~boundary[looked]
        found = open_ & ((kind[looked] == CONTENT) | personal_of[word[looked]])
        start[at[found]] = looked[found]
        walking = open_ & ~found & np.isin(kind[looked], stop)
        at, after = at[walking], after[inside][walking]
    return start


def _start_at_predicate(
    start: np.ndarray, kind: np.ndarray, boundary: np.ndarray, at: np.ndarray, after: np.ndarray
) -> None:
    """Moves the reach of the pronouns `at` (numbers among the negations; `after`: the
    position after each) to start right before their first content word, where no more than
    PREDICATE_STOP_WORDS stop words of its clause stand before it (PREDICATE_STOP_WORDS)."""
    n = len(kind)
    for ahead in range(PREDICATE_STOP_WORDS + 1):
        looked = after + ahead
        inside = looked < n
        at, looked = at[inside], looked[inside]
        open_ = ~boundary[looked]
        found = open_ & (kind[looked] == CONTENT)
        start[at[found]] = looked[found] - 1
        walking = open_ & ~found & np.isin(kind[looked], (STOP, PREPOSITION))
        at, after = at[walking], after[inside][walking]


def _negation(
    kind: np.ndarray,
    clause: np.ndarray,
    content: np.ndarray,
    determiner: np.ndarray,
    phrase: np.ndarray,
    at: np.ndarray,
    start: np.ndarray,
    noun: np.ndarray,
    without: np.ndarray,
    worth: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """For each word, the position of the negation that reaches it (-1: none), and whether
    that negation comes after it (1) or before (0); `content`: the content words' positions,
    `clause`: each word's clause, as far as a negation reaches (a conjunction opens one);
    `determiner`: whether a word is a negation that reaches forward no farther than its
    `phrase` (a preposition opens one too); `at`: the negations' positions, `start`: where
    each one's forward reach starts (_reach_starts); `without`: which of them reach no word
    past a `noun` (WITHOUT); `worth`: which words are a content word "wert" (WORTH). Only a
    content word's entries are meant: a negation reaches itself."""
    n = len(kind)
    negation, negated_by = np.full(n, -1), np.zeros(n, dtype=np.int8)
    if not len(at):
        return negation, negated_by
    # Whether the word at each distance is past a preposition after a content word the
    # negation reached (see PREPOSITIONS), or for an "ohne" past its noun or a stop word
    # after a content word (WITHOUT), from the words between.
    past = [np.zeros(len(at), dtype=bool)]
    content_before = np.zeros(len(at), dtype=bool)
    stop = (STOP, PREPOSITION)
    for distance in range(1, NEGATION_REACH):
        between = np.minimum(start + distance, n - 1)
        run_on = content_before & np.isin(kind[between], stop)
        past.append(
            past[-1]
            | (content_before & (kind[between] == PREPOSITION))
            | (without & (noun[between] | run_on))
        )
        content_before |= kind[between] == CONTENT
    # The nearest negation before a word reaches it, the farthest first so the nearest wins.
    for distance in range(NEGATION_REACH, 0, -1):
        word, by, since = start + distance, at, start
        inside = word < n
        word, by, since = word[inside], by[inside], since[inside]
        passed = past[distance - 1][inside]
        same = np.where(
            determiner[by],
            (phrase[word] == phrase[since]) & ~(without[inside] & passed),
            (clause[word] == clause[by]) & ~passed,
        )
        negation[word[same]] = by[same]
    # A negation with no content word after it (or after whom it counts) in its clause
    # reaches back ("kam nie", "freundlich war keiner der Mitarbeiter").
    following = np.searchsorted(content, start, side="right")
    following = np.append(content, n)[following]
    trailing = at[(following >= n) | (clause[np.minimum(following, n - 1)] != clause[at])]
    reached = []
    for distance in range(NEGATION_REACH, 0, -1):
        word, by = trailing - distance, trailing
        inside = word >= 0
        word, by = word[inside], by[inside]
        keep = (clause[word] == clause[by]) & (negation[word] < 0)
        reached.append((word[keep], by[keep]))
    for word, by in reached:
        negation[word] = by
        negated_by[word] = 1
    # A negation that reaches forward to a "wert" negates it only (WORTH).
    valued = np.flatnonzero(worth & (negation >= 0) & (negated_by == 0))
    by = negation[valued]
    number = np.searchsorted(at, by)
    for distance in range(1, NEGATION_REACH + 1):
        reached = start[number] + distance
        inside = reached < n
        reached, reached_by = reached[inside], by[inside]
        what = (negation[reached] == reached_by) & (negated_by[reached] == 0) & ~worth[reached]
        negation[reached[what]] = -1
    return negation, negated_by


def _written_as_noun(word: str) -> bool:
    """Whether a word is written as German writes a noun: a capital, then lower case."""
    return word[:1].isupper() and not word.isupper()


def _negate_joined_nouns(
    negation: np.ndarray,
    negated_by: np.ndarray,
    kind: np.ndarray,
    boundary: np.ndarray,
    word: np.ndarray,
    determiners: np.ndarray,
    start: np.ndarray,
    noun_of: np.ndarray,
    joining_of: np.ndarray,
) -> None:
    """A noun joined (JOINING) to a noun a determiner negates, and reached by no negation of
    its own, is negated by that determiner too, and one joined to it in turn: "keine Beratung
    und Hilfe oder Rückmeldung". `determiners`: their positions, `start`: where each one's
    reach starts; `boundary`: a word opens a clause; `noun_of`, `joining_of`: per written
    word; `negation` and `negated_by` (see _negation) are set in place."""
    n = len(kind)
    nouns = []
    for distance in range(1, NEGATION_REACH + 1):
        reached, by = start + distance, determiners
        inside = reached < n
        reached, by = reached[inside], by[inside]
        own = (negation[reached] == by) & (negated_by[reached] == 0)
        nouns.append(reached[own & (kind[reached] == CONTENT) & noun_of[word[reached]]])
    noun = np.concatenate(nouns) if nouns else np.zeros(0, dtype=np.int64)
    while len(noun):
        joining = noun[noun + 2 < n] + 1
        joined = joining + 1
        ok = joining_of[word[joining]] & ~boundary[joining] & ~boundary[joined]
        ok &= (kind[joined] == CONTENT) & noun_of[word[joined]] & (negation[joined] < 0)
        # ... where it ends its noun phrase: one a word of its clause follows is the subject
        # of a clause of its own ("Keine Wartezeit und Personal war freundlich")
        after = np.minimum(joined + 1, n - 1)
        ok &= (
            (joined + 1 >= n)
            | boundary[after]
            | np.isin(kind[after], (CONJUNCTION, PREPOSITION))
            | joining_of[word[after]]
        )
        negation[joined[ok]] = negation[joining[ok] - 1]
        noun = joined[ok]


def _keys(codes: np.ndarray, stems: list[str]) -> list[str]:
    """The keys of term codes, sorted: a word's code is its stem's number x 2 (+ 1 where it
    is negated), a phrase's span + first word's x span + second word's (span = 2 x stems)."""
    span = 2 * len(stems)
    word_keys = pa.array([key for stem in stems for key in (stem, NEGATED + stem)], pa.string())
    phrases = int(np.searchsorted(codes, span))
    first, second = np.divmod(codes[phrases:] - span, span)
    joined = pc.binary_join_element_wise(word_keys.take(first), word_keys.take(second), " ")
    return word_keys.take(codes[:phrases]).to_pylist() + joined.to_pylist()


@dataclass(frozen=True)
class _Said:
    """Each use of a term in a text: the term's number, the position of its (first) word,
    whether it is a phrase, and the text's weight; with every word's negation (_negation)."""

    term: np.ndarray
    start: np.ndarray
    is_pair: np.ndarray
    uses: np.ndarray
    negation: np.ndarray
    negated_by: np.ndarray


def _forms(
    said: _Said, words: _Words, opening: np.ndarray, negation_number: np.ndarray, keys: list[str]
) -> pa.Table:
    """How each term was written, counted over the texts' weights; `opening`: whether a
    word opens its clause, `negation_number`: a written word's number among the negations
    (-1: no negation)."""
    word, start, is_pair = words.word, said.start, said.is_pair
    second = np.zeros(len(start), dtype=np.int64)  # the phrase's second word, from 1
    second[is_pair] = word[start[is_pair] + 1] + 1
    # A phrase is negated where either word is; the negation shown is the nearer one.
    reach, side = said.negation[start], said.negated_by[start]
    by_second = np.flatnonzero(is_pair & (reach < 0))
    reach[by_second] = said.negation[start[by_second] + 1]
    side[by_second] = said.negated_by[start[by_second] + 1]
    negated = np.flatnonzero(reach >= 0)
    negation_word = np.zeros(len(start), dtype=np.int64)  # from 1
    negation_word[negated] = negation_number[word[reach[negated]]] + 1
    shown_first = start.copy()
    before = negated[side[negated] == 0]
    shown_first[before] = reach[before]
    negations = np.flatnonzero(negation_number >= 0)
    written = len(words.written)
    columns = (said.term, word[start], second, negation_word, side)
    group, first_use = _groups(columns, (len(keys), written, written + 1, len(negations) + 1, 2))
    uses = np.bincount(group, weights=said.uses).astype(np.int64)
    inside = np.bincount(group, weights=said.uses * ~opening[shown_first]).astype(np.int64)
    term_keys, texts = [], []
    for term, first, second_word, negation_at, after in zip(
        *(column[first_use].tolist() for column in columns), strict=True
    ):
        text = words.written[first]
        if second_word:
            text = f"{text} {words.written[second_word - 1]}"
        if negation_at:
            negated_with = words.written[negations[negation_at - 1]]
            text = f"{text} … {negated_with}" if after else f"{negated_with} {text}"
        term_keys.append(keys[term])
        texts.append(text)
    return pa.table([term_keys, texts, uses, inside], schema=FORM_SCHEMA)


def _groups(columns: tuple[np.ndarray, ...], sizes: tuple[int, ...]) -> tuple[np.ndarray, ...]:
    """Each row's group among the distinct rows of `columns` (values from 0 below `sizes`),
    numbered in the order first met, and the row that first met each group."""
    combined = 1
    for size in sizes:
        combined *= max(size, 1)
    if combined < 2**63:
        key = columns[0].astype(np.int64)
        for column, size in zip(columns[1:], sizes[1:], strict=True):
            key *= size
            key += column
        group, _ = _factorized(key)
    else:  # each column joined to the groups of those before it, numbered (below the rows)
        group = np.zeros(len(columns[0]), dtype=np.int64)
        for column, size in zip(columns, sizes, strict=True):
            group, _ = _factorized(group * max(size, 1) + column)
    # Groups are numbered as first met: a group's first row is the first to pass the highest
    # number before it.
    seen = np.maximum.accumulate(group)
    first_use = np.flatnonzero(np.r_[True, group[1:] > seen[:-1]] if len(group) else group)
    return group, first_use


def summed_forms(forms: pa.Table) -> pa.Table:
    """`forms` (FORM_SCHEMA) with the uses of each (key, form) summed, in no set order."""
    return table_sums(forms, ["key", "form"], ["uses", "inside"])


def written_forms(forms: pa.Table) -> dict[str, str]:
    """Each term's form written most often, but not one in capitals ("KEIN RÜCKRUF") where
    most of its uses write it otherwise: customers who shout are the fewer, so a term that
    most write in capitals is an acronym or a brand ("DHL", "SMS", "PIN"), and keeps them.
    On a tie the one written more often inside a clause (so "lang", not a sentence-opening
    "Lange"), then the alphabetically first (UTF-8's byte order is the characters' order)."""
    if not forms.num_rows:
        return {}
    summed = summed_forms(forms)
    form = summed["form"]
    summed = summed.append_column("capitals", _shouted(summed, in_capitals(form)))
    order = pc.sort_indices(
        summed,
        sort_keys=[
            ("key", "ascending"),
            ("capitals", "ascending"),
            ("uses", "descending"),
            ("inside", "descending"),
            ("form", "ascending"),
        ],
    )
    ranked = summed.take(order)
    key = ranked["key"].combine_chunks()
    first = pc.not_equal(key[1:], key[:-1]).to_numpy(zero_copy_only=False)
    best = ranked.filter(pa.array(np.r_[True, first]))
    return dict(zip(best["key"].to_pylist(), best["form"].to_pylist(), strict=True))


def in_capitals(texts: pa.Array | pa.ChunkedArray) -> pa.Array | pa.ChunkedArray:
    """Which texts are written in capitals: with letters, none of them lower case."""
    return pc.and_(pc.equal(texts, pc.utf8_upper(texts)), pc.not_equal(texts, pc.utf8_lower(texts)))


def _shouted(summed: pa.Table, capitals: pa.ChunkedArray) -> pa.ChunkedArray:
    """Which forms in capitals are a minority's of their term's uses (no more than half)."""
    if not pc.any(capitals).as_py():
        return capitals
    uses = pa.table({"key": summed["key"], "all": summed["uses"]})
    uses = uses.append_column("capitals", pc.if_else(capitals, summed["uses"], 0))
    by_key = table_sums(uses, ["key"], ["all", "capitals"])
    most = pc.greater(pc.multiply(by_key["capitals"], 2), by_key["all"])
    return pc.and_(capitals, pc.invert(pc.is_in(summed["key"], by_key.filter(most)["key"])))


def _factorized(values: np.ndarray, sort: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Each value's number among the distinct values, and those values: numbered as first
    met, or in their order (`sort`); pandas' factorize, by Arrow's hashing."""
    encoded = pc.dictionary_encode(pa.array(values))
    number = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    distinct = encoded.dictionary.to_numpy(zero_copy_only=False)
    if not sort:
        return number, distinct
    order = np.argsort(distinct)
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank[number], distinct[order]
