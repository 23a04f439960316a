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
    negative: tuple[themes.Theme, ...]
    positive: tuple[themes.Theme, ...]
    negative_comments: int  # how many critical / positive comments were compared
    positive_comments: int


def polarity(comment: Comment, config: Config) -> str:
    if comment.score is None or comment.kpi is None:
        return "neutral"
    return config.kpis[comment.kpi].polarity(comment.score)


def touchpoint_themes(comments: list[Comment], config: Config) -> ThemeSet | None:
    labelled = [(c.text, polarity(c, config)) for c in comments]
    if not any(label == "negative" for _, label in labelled):
        return None
    negative, positive = themes.find_themes(labelled, config.language, THEMES_SHOWN)
    return ThemeSet(
        tuple(t for t in negative if t.z >= SIGNIFICANT_Z),
        tuple(t for t in positive if t.z >= SIGNIFICANT_Z),
        sum(label == "negative" for _, label in labelled),
        sum(label == "positive" for _, label in labelled),
    )
