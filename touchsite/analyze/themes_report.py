"""Comment themes per touchpoint: which terms critical and positive comments keep using.

A comment is critical or positive by the score given with it, on the KPI's own scale and
direction: NPS 0-6 / 9-10, CSAT 1-2 / 4-5, CES the bottom / top third of its scale. The
themes come from the term counts of every comment (Feedback.terms); their quotes from the
published sample.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from touchsite.analyze import themes
from touchsite.models import Comment, Config, TermCounts

THEMES_SHOWN = 6
SIGNIFICANT_Z = themes.SIGNIFICANT_Z


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


def theme_sets(
    terms: TermCounts | None, comments: Mapping[str, Sequence[Comment]], config: Config
) -> dict[str, ThemeSet]:
    """The themes of every touchpoint with critical comments."""
    if terms is None or terms.counts.empty:
        return {}
    scored = themes.scored_terms(terms.counts)
    found = {
        (tp, side): chosen
        for side in themes.SIDES
        for tp, chosen in themes.touchpoint_themes(scored, terms.forms, side, THEMES_SHOWN).items()
    }
    quotes = pd.DataFrame(
        [
            (tp, polarity(comment, config), comment.text)
            for tp, published in comments.items()
            for comment in published
        ],
        columns=["touchpoint", "side", "text"],
    )
    found = themes.merged_themes(found, quotes, config.language, THEMES_SHOWN)
    totals = terms.counts[terms.counts["term"] == themes.COMMENTS]
    comment_counts = totals.groupby(["touchpoint", "polarity"], observed=True)["n"].sum()
    result = {}
    for tp, side_counts in comment_counts.groupby(level=0):
        counted = {polarity: int(n) for (_, polarity), n in side_counts.items()}
        if not counted.get("negative"):
            continue
        result[str(tp)] = ThemeSet(
            tuple(found.get((tp, "negative"), ())),
            tuple(found.get((tp, "positive"), ())),
            counted.get("negative", 0),
            counted.get("positive", 0),
        )
    return result
