"""Comment terms: the words and two-word phrases each comment uses, stemmed, with negation.

Used twice: the data stage counts every comment's terms per touchpoint x period x polarity
(the sufficient statistics of the theme analysis), and the analysis finds the published
quotes that use a theme. Both must read a comment alike, so the reading lives here, once.

A comment is cut into clauses at punctuation; a clause into words (letters only). A word of
three letters or more that is not a stop word is a content word, stemmed with the Snowball
stemmer of the report's language ("Rückrufe" and "Rückruf" are one term). Two adjacent content
words of one clause are a phrase. A content word within three words after a negation of its
clause ("kein Rückruf", "never called back"), or before a negation that ends its clause
("Rückruf kam nie"), is negated: a term of its own, written with a leading "¬" in the key, so
"kein Rückruf" never counts as "Rückruf". A term counts once per comment.

The work is vectorised over all texts: Arrow splits and encodes the words, Python only sees
each distinct word once (to classify and stem it) and each distinct term once (to name it).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import snowballstemmer

NEGATED = "¬"
MIN_LENGTH = 3
# How far a negation reaches, in words of its clause ("kein wirklich schneller Rückruf").
NEGATION_REACH = 3
COMMENTS = ""  # the term every comment has: its count is the number of comments
POLARITIES = ("negative", "neutral", "positive")  # a comment's side, by its score


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Frequent function words; words under three letters are dropped anyway, so not listed.
GERMAN_STOP_WORDS = _words(
    """
    aber alle allem allen aller alles also ander andere anderen anderer anderes auch auf aus
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
    """
)
# Fillers and bare praise or blame, which only restate the score the comment came with.
GERMAN_FILLERS = _words(
    """
    sehr immer mal einfach ganz gar eigentlich halt eben leider total echt wirklich gibt
    geht ging gerade bereits bisher heute gestern nochmal sogar trotz gut schlecht super
    toll prima okay naja alles danke
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
    """
)
ENGLISH_FILLERS = _words(
    """
    always everything pretty bit okay fine well good great bad nice awesome terrible
    thanks thank
    """
)
# "no" and "not" are short, but they negate all the same.
NEGATIONS = _words(
    """
    nicht nichts nie niemals niemand kein keine keinem keinen keiner keines nirgends
    not never nothing nobody none no neither
    """
)


@dataclass(frozen=True)
class Language:
    """What to drop and how to stem: stop words and a Snowball stemmer (None: no stemming)."""

    stop_words: frozenset[str]
    stemmer: str | None


GERMAN = Language(GERMAN_STOP_WORDS | GERMAN_FILLERS, "german")
ENGLISH = Language(ENGLISH_STOP_WORDS | ENGLISH_FILLERS, "english")
# Mixed or unknown: both lists, no stemming (either stemmer mangles the other language).
BOTH = Language(GERMAN.stop_words | ENGLISH.stop_words, None)
LANGUAGES = {"de": GERMAN, "en": ENGLISH}


def language_of(code: str | None) -> Language:
    return LANGUAGES.get(code or "", BOTH)


# Clause punctuation becomes a word of its own, ".", which the splitting below keeps.
BREAK = r"""[.!?;:,()\[\]{}"'„“”‚‘’«»/|\n\r\t–—…]+"""
NOT_A_WORD = r"[^\p{L}.]+"
BREAK_WORD, NEGATION, STOP, CONTENT = 0, 1, 2, 3
FORM_COLUMNS = ["key", "form", "uses", "inside"]


@dataclass(frozen=True)
class CommentTerms:
    """Which terms each text uses: parallel arrays of (text index, term index), each pair
    once, sorted; `keys[term]` names a term, `forms` says how each term was written: columns
    key, form, uses (times written so) and inside (of those, not opening a clause)."""

    text: np.ndarray
    term: np.ndarray
    keys: list[str]
    forms: pd.DataFrame


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
    if len(lower) < MIN_LENGTH or lower in language.stop_words:
        return STOP, ""
    stem = _stemmer(language.stemmer).stemWord(lower) if language.stemmer else lower
    return CONTENT, stem


def comment_terms(
    texts: pa.Array | list[str], language: Language, forms: bool = True
) -> CommentTerms:
    """The terms of each text (see the module's docstring). Equal texts are read once;
    without `forms`, how the terms were written is not gathered (an empty table)."""
    texts = pa.array(texts, pa.large_string()) if isinstance(texts, list) else texts
    encoded = pc.dictionary_encode(texts.cast(pa.large_string()))
    distinct = encoded.dictionary
    inverse = encoded.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    weight = np.bincount(inverse, minlength=len(distinct))
    if not len(distinct):
        empty = np.zeros(0, dtype=np.int64)
        return CommentTerms(empty, empty, [], pd.DataFrame(columns=FORM_COLUMNS))
    own = _distinct_terms(distinct, weight, language, forms)
    text, term = expand(own.text, own.term, inverse, len(distinct))
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
    normal = pc.utf8_normalize(texts, "NFC")
    split = pc.split_pattern_regex(pc.replace_substring_regex(normal, BREAK, " . "), NOT_A_WORD)
    flat = pc.list_flatten(split)
    owner = pc.list_parent_indices(split).to_numpy().astype(np.int64)
    written = pc.dictionary_encode(flat)
    words = written.dictionary.to_pylist()
    word = written.indices.to_numpy(zero_copy_only=False).astype(np.int64)
    classified = [_classify(w, language) if w else (BREAK_WORD, "") for w in words]
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
    kind, stem = kind_of[word], stem_of[word]
    n = len(word)
    position = np.arange(n)
    clause = np.cumsum((kind == BREAK_WORD) | np.r_[True, owner[1:] != owner[:-1]])
    content = kind == CONTENT
    negation, negated_by = _negation(kind, clause, position)
    negated = content & (negation >= 0)
    unigram = stem * 2 + negated
    # Phrases: two content words next to each other in one clause.
    pair = content[:-1] & content[1:] & (clause[:-1] == clause[1:])
    left = np.flatnonzero(pair)
    span = 2 * len(stems)
    codes = np.concatenate([unigram[content], span + unigram[left] * span + unigram[left + 1]])
    starts = np.concatenate([position[content], left])
    text_of, code_of = _distinct_pairs(
        np.concatenate([np.arange(len(texts)), owner[starts]]),
        np.concatenate([np.full(len(texts), -1), codes]),
    )
    term, unique = pd.factorize(code_of, sort=True)
    keys = [_key(code, stems, span) for code in unique.tolist()]
    if not with_forms:
        return CommentTerms(
            text_of, term.astype(np.int64), keys, pd.DataFrame(columns=FORM_COLUMNS)
        )
    forms = _forms(
        codes,
        starts,
        content,
        negation,
        negated_by,
        word,
        owner,
        clause,
        words,
        weight,
        dict(zip(unique.tolist(), keys, strict=True)),
        span,
    )
    return CommentTerms(text_of, term.astype(np.int64), keys, forms)


def _distinct_pairs(text: np.ndarray, code: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct (text, code) pairs, sorted: one sort of a combined key where it fits in
    64 bits (codes from -1), else pandas' hashing."""
    width = int(code.max()) + 2 if len(code) else 1
    if len(text) and (int(text.max()) + 1) * width < 2**62:
        combined = np.sort(text * width + (code + 1))
        combined = combined[np.r_[True, combined[1:] != combined[:-1]]]
        return combined // width, combined % width - 1
    pairs = pd.DataFrame({"text": text, "code": code}).drop_duplicates()
    pairs = pairs.sort_values(["text", "code"])
    return pairs["text"].to_numpy(), pairs["code"].to_numpy()


def _negation(
    kind: np.ndarray, clause: np.ndarray, position: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """For each word, the position of the negation that reaches it (-1: none), and whether
    that negation comes after it (1) or before (0)."""
    n = len(kind)
    is_negation = kind == NEGATION
    if not is_negation.any():
        return np.full(n, -1), np.zeros(n, dtype=np.int8)
    before = np.maximum.accumulate(np.where(is_negation, position, -1))
    safe = np.maximum(before, 0)
    forward = (before >= 0) & (clause[safe] == clause) & (position - before <= NEGATION_REACH)
    # A negation with no content word after it in its clause reaches back ("kam nie").
    next_content = np.minimum.accumulate(np.where(kind == CONTENT, position, n)[::-1])[::-1]
    following = np.r_[next_content[1:], n]
    trailing = is_negation & ((following >= n) | (clause[np.minimum(following, n - 1)] != clause))
    after = np.minimum.accumulate(np.where(trailing, position, n)[::-1])[::-1]
    safe_after = np.minimum(after, n - 1)
    backward = (after < n) & (clause[safe_after] == clause) & (after - position <= NEGATION_REACH)
    negation = np.where(forward, before, np.where(backward, after, -1))
    return negation, (~forward & backward).astype(np.int8)


def _key(code: int, stems: list[str], span: int) -> str:
    if code < 0:
        return COMMENTS
    if code < span:
        return _word_key(code, stems)
    first, second = divmod(code - span, span)
    return f"{_word_key(first, stems)} {_word_key(second, stems)}"


def _word_key(code: int, stems: list[str]) -> str:
    stem, negated = divmod(code, 2)
    return NEGATED + stems[stem] if negated else stems[stem]


def _forms(
    codes, starts, content, negation, negated_by, word, owner, clause, words, weight, keys, span
):
    """How each term was written, counted over the texts' weights."""
    is_pair = codes >= span
    second = np.where(is_pair, word[np.minimum(starts + 1, len(word) - 1)], -1)
    last = np.where(is_pair, starts + 1, starts)
    # A phrase is negated where either word is; the negation shown is the nearer one.
    reach = np.where(negation[starts] >= 0, negation[starts], negation[last])
    side = np.where(negation[starts] >= 0, negated_by[starts], negated_by[last])
    negation_word = np.where(reach >= 0, word[np.maximum(reach, 0)], -1)
    shown_first = np.where((reach >= 0) & (side == 0), reach, starts)
    opens = (shown_first == 0) | (clause[np.maximum(shown_first - 1, 0)] != clause[shown_first])
    table = pd.DataFrame(
        {
            "code": codes,
            "first": word[starts],
            "second": second,
            "negation": negation_word,
            "side": side,
            "uses": weight[owner[starts]],
            "inside": np.where(opens, 0, weight[owner[starts]]),
        }
    )
    counted = table.groupby(["code", "first", "second", "negation", "side"], sort=False).sum()
    rows = []
    for (code, first, second_word, negation_at, after), uses, inside in zip(
        counted.index, counted["uses"].tolist(), counted["inside"].tolist(), strict=True
    ):
        text = words[first] if second_word < 0 else f"{words[first]} {words[second_word]}"
        if negation_at >= 0:
            said = words[negation_at]
            text = f"{text} … {said}" if after else f"{said} {text}"
        rows.append((keys[code], text, uses, inside))
    return pd.DataFrame(rows, columns=FORM_COLUMNS)


def written_forms(forms: pd.DataFrame) -> dict[str, str]:
    """Each term's form written most often; on a tie the one written more often inside a
    clause (so "lang", not a sentence-opening "Lange"), then the alphabetically first."""
    if forms.empty:
        return {}
    summed = forms[FORM_COLUMNS].groupby(["key", "form"], sort=False).sum().reset_index()
    best = summed.sort_values(
        ["key", "uses", "inside", "form"], ascending=[True, False, False, True]
    ).drop_duplicates("key")
    return dict(zip(best["key"].tolist(), best["form"].tolist(), strict=True))
