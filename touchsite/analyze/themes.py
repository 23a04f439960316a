"""Comment themes: words and two-word phrases that set negative comments apart from positive.

Comments (German or English) are tokenised, stripped of stop words, folded to a common form
for simple inflections, and scored by the weighted log-odds ratio with an informative
Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", Political Analysis 16:372).
Everything is deterministic: same comments, same themes, same order.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

Side = Literal["negative", "positive"]
GROUPS = ("negative", "neutral", "positive")
MIN_LENGTH = 3
MIN_STEM = 4
# z must exceed this to count as over-represented (not just rounding noise around 0).
MIN_Z = 1e-9
PRIOR_SHARE = 0.1


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
# Negations carry the complaint ("Rückruf kam nie" against "Rückruf kam wie versprochen"), so
# they join phrases; alone they say nothing about what went wrong and are no theme.
NEGATIONS = _words(
    """
    nicht nichts nie niemals niemand kein keine keinem keinen keiner keines
    not never nothing nobody none
    """
)
GERMAN_ENDINGS = ("e", "n", "s", "en", "er", "es")
ENGLISH_ENDINGS = ("s", "ed", "es", "ing")


@dataclass(frozen=True)
class Language:
    """What to drop and how to fold: stop words and inflection endings (shortest first)."""

    stop_words: frozenset[str]
    endings: tuple[str, ...]


GERMAN = Language(GERMAN_STOP_WORDS | GERMAN_FILLERS, GERMAN_ENDINGS)
ENGLISH = Language(ENGLISH_STOP_WORDS | ENGLISH_FILLERS, ENGLISH_ENDINGS)
# Mixed or unknown: both lists, all endings. Costs a few words that are content in one
# language and function words in the other (German "Bad", English "bin", "war").
BOTH = Language(
    GERMAN.stop_words | ENGLISH.stop_words,
    tuple(sorted(set(GERMAN_ENDINGS + ENGLISH_ENDINGS), key=lambda e: (len(e), e))),
)
LANGUAGES = {"de": GERMAN, "en": ENGLISH}
STOP_WORDS = BOTH.stop_words
WORD = re.compile(r"[^\W\d_]+")
# Phrases never span sentence or clause punctuation.
BREAK = re.compile(r"""[.!?;:,()\[\]{}"'„“”‚‘’«»/|\n\r\t–—…]+""")


@dataclass(frozen=True)
class Theme:
    """A term over-represented on one side, with how many comments of each side use it.

    `z` is the z-score of the log-odds ratio for this side against the other (so always
    positive here); `examples` are the shortest comments of this side that use the term.
    """

    term: str
    z: float
    negative_count: int
    positive_count: int
    examples: tuple[str, ...]


@dataclass
class _Comment:
    text: str
    group: str
    terms: set[str]


def _segments(text: str) -> list[list[str]]:
    """The words of each clause, as written, after Unicode normalisation (NFC, so that
    a decomposed 'u' + diaeresis still reads as one letter)."""
    normalised = unicodedata.normalize("NFC", text)
    return [WORD.findall(clause) for clause in BREAK.split(normalised)]


def _folder(vocabulary: set[str], endings: tuple[str, ...] = BOTH.endings) -> Callable[[str], str]:
    """Fold a word to the shortest form seen in the comments that it reaches by removing
    inflection endings one at a time, keeping at least four letters (Warteschleifen ->
    Warteschleife, freundlichen -> freundlich, waiting -> wait); unseen stems are not
    invented, so unrelated words are rarely merged."""

    @cache
    def fold(word: str) -> str:
        for ending in endings:
            stem = word[: -len(ending)]
            if word.endswith(ending) and len(stem) >= MIN_STEM and stem in vocabulary:
                return fold(stem)
        return word

    return fold


def _analyse(
    comments: Iterable[tuple[str, str]], language: Language
) -> tuple[list[_Comment], dict[str, Counter]]:
    """Each comment's set of terms (folded words and two-word phrases), and how often each
    term was written in each form: (form, 1) counts every use, (form, 0) the uses that did
    not open a clause, where a capital letter says nothing."""
    parsed = []
    for text, group in comments:
        if group not in GROUPS:
            raise ValueError(f"comment group must be one of {', '.join(GROUPS)}, not {group!r}")
        parsed.append((text, group, _segments(text)))

    def is_content(word: str) -> bool:
        return len(word) >= MIN_LENGTH and word not in language.stop_words

    vocabulary = {
        word.lower()
        for _, _, segments in parsed
        for words in segments
        for word in words
        if is_content(word.lower())
    }
    fold = _folder(vocabulary, language.endings)
    forms: dict[str, Counter] = defaultdict(Counter)

    def seen(term: str, form: str, opens_clause: bool) -> None:
        forms[term][form, 1] += 1
        forms[term][form, 0] += not opens_clause

    analysed = []
    for text, group, segments in parsed:
        terms = set()
        for words in segments:
            previous: tuple[str, str, bool] | None = None
            for position, word in enumerate(words):
                lower = word.lower()
                if not is_content(lower):
                    previous = None
                    continue
                term = fold(lower)
                terms.add(term)
                seen(term, word, position == 0)
                if previous is not None:
                    phrase = f"{previous[0]} {term}"
                    terms.add(phrase)
                    seen(phrase, f"{previous[1]} {word}", previous[2])
                previous = (term, word, position == 0)
        analysed.append(_Comment(text.strip(), group, terms))
    return analysed, forms


def _log_odds_z(
    counts: Counter, other: Counter, prior: Counter, total: int, other_total: int
) -> dict[str, float]:
    """z-scores of the weighted log-odds ratio with an informative Dirichlet prior (Monroe et
    al. 2008, eq. 16-22). The prior alpha_w is proportional to the term's count over all
    comments (negative, neutral and positive), scaled to PRIOR_SHARE of their total: rare
    terms are shrunk hardest. At full strength a prior built from the same few hundred
    comments would add the whole corpus to both sides and drown every contrast."""
    scale = PRIOR_SHARE
    alpha_0 = sum(prior.values()) * scale
    scores = {}
    for term, count in prior.items():
        alpha = count * scale
        y_i, y_j = counts[term], other[term]
        delta = math.log((y_i + alpha) / (total + alpha_0 - y_i - alpha)) - math.log(
            (y_j + alpha) / (other_total + alpha_0 - y_j - alpha)
        )
        scores[term] = delta / math.sqrt(1 / (y_i + alpha) + 1 / (y_j + alpha))
    return scores


def _display(forms: Counter) -> str:
    """The form written most often; on a tie, the one used more often inside a clause (so
    "lang", not a sentence-opening "Lange"), then the alphabetically first."""
    return min(
        (form for form, every in forms if every),
        key=lambda form: (-forms[form, 1], -forms[form, 0], form),
    )


def find_themes(
    comments: Iterable[tuple[str, str]],
    language: str | None = None,
    k: int = 5,
    examples: int = 3,
    min_count: int = 2,
) -> tuple[list[Theme], list[Theme]]:
    """The top k negative and the top k positive themes of one touchpoint's comments.

    See `top_themes`; empty input gives ([], []).
    """
    comments = list(comments)
    return (
        top_themes(comments, "negative", language, k, examples, min_count),
        top_themes(comments, "positive", language, k, examples, min_count),
    )


def top_themes(
    comments: Iterable[tuple[str, str]],
    side: Side = "negative",
    language: str | None = None,
    k: int = 5,
    examples: int = 3,
    min_count: int = 2,
) -> list[Theme]:
    """The k terms most over-represented in `side`'s comments against the other side's.

    `comments` are (text, group) pairs of one touchpoint, group "negative", "neutral" or
    "positive" (neutral comments only inform the prior). `language` "de" or "en" picks that
    language's stop words and endings; None (or another code) uses both, for mixed comments.
    A term is a content word (three letters or more, not a stop word, folded by `_folder`)
    or two adjacent content words in one clause; it counts once per comment, so a single
    long rant cannot make a theme, and must occur in at least `min_count` comments overall
    and in one of `side`'s.

    Terms are scored by the z-score of the weighted log-odds ratio with an informative
    Dirichlet prior (Monroe, Colaresi & Quinn 2008) and sorted by z (descending), then by
    the folded term; only z > 0 is kept, so comments on one side alone (no other side, no
    neutral ones) have no contrast and give []. A word whose every use on both sides lies
    in a listed two-word phrase is left out in favour of that phrase. Each theme is shown in
    its most common written form and comes with up to `examples` of the shortest comments
    of `side` that use it (ties in alphabetical order). Empty input gives [].
    """
    if side not in ("negative", "positive"):
        raise ValueError(f"side must be 'negative' or 'positive', not {side!r}")
    analysed, forms = _analyse(comments, LANGUAGES.get(language or "", BOTH))
    other_side = "positive" if side == "negative" else "negative"
    counts: dict[str, Counter] = {group: Counter() for group in GROUPS}
    for comment in analysed:
        counts[comment.group].update(comment.terms)
    prior = counts["negative"] + counts["neutral"] + counts["positive"]
    if not counts[side]:
        return []
    z = _log_odds_z(
        counts[side],
        counts[other_side],
        prior,
        sum(counts[side].values()),
        sum(counts[other_side].values()),
    )
    candidates = sorted(
        (
            term
            for term, total in prior.items()
            if total >= min_count
            and counts[side][term] > 0
            and z[term] > MIN_Z
            and term not in NEGATIONS
        ),
        key=lambda term: (-z[term], term),
    )
    chosen: list[str] = []
    for term in candidates:
        if len(chosen) == k:
            break
        if " " not in term and _explained_by_phrase(term, candidates, counts):
            continue
        chosen.append(term)
    return [
        Theme(
            _display(forms[term]),
            z[term],
            counts["negative"][term],
            counts["positive"][term],
            tuple(_examples(analysed, term, side, examples)),
        )
        for term in chosen
    ]


def _explained_by_phrase(word: str, candidates: list[str], counts: dict[str, Counter]) -> bool:
    return any(
        word in phrase.split(" ")
        and all(counts[group][phrase] == counts[group][word] for group in GROUPS)
        for phrase in candidates
        if " " in phrase
    )


def _examples(analysed: list[_Comment], term: str, side: str, limit: int) -> list[str]:
    texts = {
        comment.text for comment in analysed if comment.group == side and term in comment.terms
    }
    return sorted(texts, key=lambda text: (len(text), text))[:limit]
