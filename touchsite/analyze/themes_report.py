"""Comment themes per touchpoint: which words critical and positive comments keep using.

A comment is critical or positive by the score given with it, on the KPI's own scale and
direction: NPS 0-6 / 9-10, CSAT 1-2 / 4-5, CES the bottom / top third of its scale.
"""

from __future__ import annotations

from dataclasses import dataclass

from touchsite.analyze import themes
from touchsite.models import Comment, Config

THEMES_SHOWN = 6
SIGNIFICANT_Z = 1.96


@dataclass(frozen=True)
class ThemeSet:
    negative: list[themes.Theme]
    positive: list[themes.Theme]
    negative_comments: int  # how many critical / positive comments were compared
    positive_comments: int


def polarity(comment: Comment, config: Config) -> str:
    if comment.score is None or comment.kpi is None:
        return "neutral"
    score = comment.score
    if comment.kpi == "nps":
        return "negative" if score <= 6 else "positive" if score >= 9 else "neutral"
    if comment.kpi == "csat":
        return "negative" if score <= 2 else "positive" if score >= 4 else "neutral"
    scale = config.scale(comment.kpi)
    if scale is None:
        return "neutral"
    position = (score - scale.low) / scale.width
    if not scale.higher_is_better:
        position = 1 - position
    return "negative" if position < 1 / 3 else "positive" if position > 2 / 3 else "neutral"


def touchpoint_themes(comments: list[Comment], config: Config) -> ThemeSet | None:
    labelled = [(c.text, polarity(c, config)) for c in comments]
    if not any(label == "negative" for _, label in labelled):
        return None
    negative, positive = themes.find_themes(labelled, config.language, THEMES_SHOWN)
    return ThemeSet(
        [t for t in negative if t.z >= SIGNIFICANT_Z],
        [t for t in positive if t.z >= SIGNIFICANT_Z],
        sum(label == "negative" for _, label in labelled),
        sum(label == "positive" for _, label in labelled),
    )
