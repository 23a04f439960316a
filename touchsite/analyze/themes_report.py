"""Comment themes per touchpoint: which terms critical and positive comments keep using.

A comment is critical or positive by the score given with it, on the KPI's own scale and
direction: NPS 0-6 / 9-10, CSAT 1-2 / 4-5, CES the bottom / top third of its scale. The
themes come from the term counts of every comment (Feedback.terms); their quotes from the
published sample.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import attrgetter

from touchsite.analyze import themes
from touchsite.cache import Cache, cached
from touchsite.models import Comment, Config, Feedback, TermCounts
from touchsite.terms import language_of

THEMES_SHOWN = 6
MIN_THEME_COMMENTS = 6  # a term fewer comments of its side use is no theme, however rare
SIGNIFICANT_Z = themes.SIGNIFICANT_Z
# The term counts' rows from which the themes are found in a second process while the
# analysis goes on (touchsite.beside). Measured, this process's CPU time: 164,000
# rows (100 touchpoints, 100,000 answers) 0.34 -> 0.28 s, 220,000 (1,000 touchpoints)
# 0.94 -> 0.89 s, 1,675,000 (1,000,000 answers) 1.8 -> 1.25 s; 9,800 (the example) no
# gain: the fork (~10 ms, and copies of the memory pages either process writes) eats it.
THEMES_BESIDE_FROM = 150_000


@dataclass(frozen=True)
class ThemeSet:
    negative: tuple[themes.Theme, ...]
    positive: tuple[themes.Theme, ...]
    negative_comments: int  # how many critical / positive comments were compared
    positive_comments: int


def polarity(comment: Comment, config: Config) -> str:
    if comment.score is None or comment.kpi is None:
        return "neutral"
    return config.kpis[comment.kpi].polarity(comment.score)


class Sides:
    """polarity, looked up by KPI and score for every answer a scale has: one dict look-up
    per comment (themes and journey steps read the same comments again and again)."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.sides = {
            (kpi, float(score)): definition.polarity(score)
            for kpi, definition in config.kpis.items()
            for score in definition.scores
        }

    def __call__(self, comment: Comment) -> str:
        side = self.sides.get((comment.kpi, comment.score))
        return polarity(comment, self.config) if side is None else side


KPI_AND_SCORE, TEXT = attrgetter("kpi", "score"), attrgetter("text")


def _sides(comments: Sequence[Comment], side: Sides) -> list[str]:
    """Each comment's side: one look-up per comment where the score is on its scale (read
    without a Python loop over the comments), `side` for the rest."""
    found = list(map(side.sides.get, map(KPI_AND_SCORE, comments)))
    if None in found:
        found = [side(c) if s is None else s for c, s in zip(comments, found, strict=True)]
    return found


def _quotes_of(
    tp: str, published: Sequence[Comment], side: Sides, wanted: set[str]
) -> Iterator[tuple[str, str, str]]:
    """(touchpoint, side, text) of those of a touchpoint's comments on a `wanted` side, in
    their order, picked without a Python loop over the comments."""
    sides = _sides(published, side)
    return compress(
        zip(repeat(tp), sides, map(TEXT, published), strict=False), map(wanted.__contains__, sides)
    )


def themes_of(feedback: Feedback, config: Config, cache: Cache | None) -> dict[str, ThemeSet]:
    """`theme_sets` of the feedback, from `cache` while its inputs stay the same."""
    terms = feedback.terms
    return cached(
        cache,
        "themes",
        (
            terms.counts if terms else None,
            terms.forms if terms else None,
            feedback.comments,
            config,
        ),
        lambda: theme_sets(terms, feedback.comments, config),
    )


def theme_work(feedback: Feedback) -> int:
    """How much finding the themes takes: the term counts' rows."""
    return len(feedback.terms.counts) if feedback.terms is not None else 0


def theme_sets(
    terms: TermCounts | None, comments: Mapping[str, Sequence[Comment]], config: Config
) -> dict[str, ThemeSet]:
    """The themes of every touchpoint with critical comments."""
    if terms is None or terms.counts.empty:
        return {}
    scored = themes.scored_terms(terms.counts, min_count=MIN_THEME_COMMENTS)
    found = {
        (tp, side): chosen
        for side in themes.SIDES
        for tp, chosen in themes.touchpoint_themes(
            scored, terms.forms, side, min_count=MIN_THEME_COMMENTS
        ).items()
    }
    side = Sides(config)
    # Only the quotes of a touchpoint's side with candidates are read (merged_themes reads no
    # other): at the benchmark's 1,000 touchpoints, 86,000 of 202,000.
    wanted: dict[str, set[str]] = {}
    for tp, side_of in found:
        if found[tp, side_of]:
            wanted.setdefault(tp, set()).add(side_of)
    quotes = chain.from_iterable(
        _quotes_of(tp, published, side, wanted[tp])
        for tp, published in comments.items()
        if tp in wanted
    )
    language = language_of(config.language, config.synonyms)
    found = themes.merged_themes(found, quotes, language, THEMES_SHOWN)
    totals = terms.counts[terms.counts["term"] == themes.COMMENTS]
    summed = totals.groupby(["touchpoint", "polarity"], observed=True)["n"].sum().reset_index()
    comment_counts: dict[str, dict[str, int]] = {}
    for tp, side, n in zip(
        summed["touchpoint"].astype(str).tolist(),
        summed["polarity"].astype(str).tolist(),
        summed["n"].tolist(),
        strict=True,
    ):
        comment_counts.setdefault(tp, {})[side] = int(n)
    result = {}
    for tp, counted in comment_counts.items():
        if not counted.get("negative"):
            continue
        result[tp] = ThemeSet(
            tuple(found.get((tp, "negative"), ())),
            tuple(found.get((tp, "positive"), ())),
            counted.get("negative", 0),
            counted.get("positive", 0),
        )
    return result
