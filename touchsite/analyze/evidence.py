"""Evidence strength: how well the data backs a touchpoint, a journey step or an insight.

Computed, not hand-coloured. Four parts, each 0..1 (figures for the default rules):

- volume: answers on a log scale from `min_n_shown` (0) to 10 x `min_n_confident` (1):
  10 -> 0, 30 -> 0.32, 100 -> 0.68, 300 -> 1;
- precision: 1 - the KPI's 95 % half-width / (0.15 x its range): an interval of +/-30 NPS
  points, +/-15 CSAT points or +/-0.9 on a 1-7 CES counts nothing;
- recency: 0.5 ** (months since the median answer / 12), a half-life of a year;
- quotes: supporting comments, 5 or more count fully.

score = 0.35 volume + 0.30 precision + 0.20 recency + 0.15 quotes: strong from 0.70, moderate
from 0.45, else weak; "none" with fewer answers than `min_n_shown` and no quote. A figure on
fewer than `min_n_confident` answers is too uncertain to colour, so it is at most moderate.

For the methods page: the badge weighs how many customers answered, how narrow the KPI's
interval is, how recent the answers are and how many comments back the point. Answers count
half after a year. Fewer answers than we need to be confident give at most "moderate".
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from touchsite.analyze.tables import coded
from touchsite.models import KPIS, Comment, Config, KpiEstimate

LEVELS = ("strong", "moderate", "weak", "none")
VOLUME_FULL_FACTOR = 10  # volume is 1 at this many times `min_n_confident` answers
PRECISION_ZERO = 0.15  # a half-width of this share of the KPI's range counts as no precision
HALF_LIFE_MONTHS = 12.0
QUOTES_FULL = 5
WEIGHTS = (("volume", 0.35), ("precision", 0.30), ("recency", 0.20), ("quotes", 0.15))
STRONG = 0.70
MODERATE = 0.45


@dataclass(frozen=True)
class Evidence:
    level: str  # "strong" | "moderate" | "weak" | "none"
    score: float  # 0..1, the weighted sum of the parts
    responses: int  # answers behind it
    quotes: int  # supporting comments
    age_months: float | None  # age of the median answer, months before the newest month
    half_width: float | None  # 95 % half-width as a share of the KPI's range
    kpi: str | None  # the KPI whose interval was used
    parts: tuple[tuple[str, float], ...]  # volume, precision, recency, quotes; each 0..1


def measuring_kpi(estimates: Mapping[str, KpiEstimate], wanted: str) -> str | None:
    """The KPI the evidence is judged on, and a touchpoint page's verdict names: the one
    wanted, else the most answered; None where none was answered."""
    if estimates[wanted].n:
        return wanted
    asked = [kpi for kpi in KPIS if estimates[kpi].n]
    return max(asked, key=lambda kpi: estimates[kpi].n) if asked else None


def kpi_range(kpi: str, config: Config) -> float:
    """The width of a KPI's scale, so shortfalls and intervals on different KPIs compare."""
    return config.kpis[kpi].range_width


def evidence_strength(
    estimate: KpiEstimate | None,
    responses: int,
    age_months: float | None,
    quotes: int,
    config: Config,
    claim: bool = False,
) -> Evidence:
    """The evidence behind a figure: `estimate` gives the interval (None: no KPI measured).

    A `claim` (an insight's sentence) is at most moderate without a supporting quote: the
    figures show that there are answers, not that they say what the sentence says."""
    rules = config.rules
    half_width = _half_width(estimate, config)
    parts = (
        ("volume", _volume(responses, rules.min_n_shown, rules.min_n_confident)),
        ("precision", 0.0 if half_width is None else _clip(1 - half_width / PRECISION_ZERO)),
        ("recency", 0.0 if age_months is None else _clip(0.5 ** (age_months / HALF_LIFE_MONTHS))),
        ("quotes", min(1.0, quotes / QUOTES_FULL)),
    )
    weights = dict(WEIGHTS)
    score = sum(weights[name] * value for name, value in parts)
    if responses < rules.min_n_shown and quotes == 0:
        level = "none"
    elif score >= STRONG and responses >= rules.min_n_confident and (quotes or not claim):
        level = "strong"
    elif score >= MODERATE:
        level = "moderate"
    else:
        level = "weak"
    return Evidence(
        level=level,
        score=score,
        responses=responses,
        quotes=quotes,
        age_months=age_months,
        half_width=half_width,
        kpi=estimate.kpi if estimate is not None and half_width is not None else None,
        parts=parts,
    )


def _half_width(estimate: KpiEstimate | None, config: Config) -> float | None:
    if estimate is None or estimate.low is None or estimate.high is None:
        return None
    return (estimate.high - estimate.low) / 2 / kpi_range(estimate.kpi, config)


def _volume(responses: int, shown: int, confident: int) -> float:
    shown = max(shown, 1)
    if responses < shown:
        return 0.0
    full = VOLUME_FULL_FACTOR * confident
    if full <= shown:
        return 1.0
    return _clip(math.log(responses / shown) / math.log(full / shown))


def _clip(value: float) -> float:
    return min(1.0, max(0.0, value))


def answer_age(counts: pd.DataFrame, touchpoints: Collection[str]) -> float | None:
    """Months from the n-weighted median answer month of `touchpoints` to the newest month of
    all of `counts` (Feedback.counts, months as "2026-03"); None when they have no answers.

    The median is the month by which half of the answers are in (the older one on a tie). A
    respondent who answered several KPIs counts once per KPI, which is close enough here.
    """
    return AnswerMonths.of(counts).age(touchpoints)


@dataclass(frozen=True)
class AnswerMonths:
    """Per touchpoint its answer months (as year * 12 + month - 1) and answers in each.

    answer_age runs once per touchpoint, step and insight; filtering a counts table of a
    million rows each time would take seconds, so the analysis reduces the table once.
    """

    months: dict[str, tuple[np.ndarray, np.ndarray]]
    newest: int  # the newest month of all answers
    # each touchpoint's median answer month alone, found for all of them at once: every
    # touchpoint's report asks for its own
    medians: dict[str, int] = field(default_factory=dict)

    @classmethod
    def of(cls, counts: pd.DataFrame) -> AnswerMonths:
        n = counts["n"].to_numpy()
        months: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        if not (n > 0).any():
            return cls(months, 0)
        # summed by touchpoint and month, both in order: each pair numbered touchpoint *
        # months + month, a bin apiece (a groupby on the text columns took three times longer).
        # All rows numbered, those without answers left out after: a copy of the frame's
        # answered rows cost more than the numbering.
        numbered = coded(counts, ["touchpoint", "period"])
        (touchpoint, names), (period, periods) = numbered["touchpoint"], numbered["period"]
        known = (touchpoint >= 0) & (period >= 0) & (n > 0)
        pair = touchpoint[known] * len(periods) + period[known]
        bins = len(names) * len(periods)
        present = np.flatnonzero(np.bincount(pair, minlength=bins))
        sums = np.zeros(bins, dtype=np.int64)
        np.add.at(sums, pair, n[known].astype(np.int64))
        month_of = np.array([_month_index(p) for p in periods.tolist()], dtype=np.int64)
        index, values = month_of[present % len(periods)], sums[present]
        owner = present // len(periods)
        starts = np.flatnonzero(np.diff(owner, prepend=-1))
        bounds = [*starts.tolist()[1:], len(present)] if len(present) else []
        touchpoints = names.tolist()
        for code, start, end in zip(owner[starts].tolist(), starts.tolist(), bounds, strict=True):
            months[touchpoints[code]] = (index[start:end], values[start:end])
        medians = _medians(index, values, owner)
        # the newest month of all rows: the last of their months, which `coded` sorts
        return cls(
            months,
            _month_index(str(periods[-1])),
            {touchpoints[code]: medians[code] for code in owner[starts].tolist()},
        )

    def age(self, touchpoints: Collection[str]) -> float | None:
        """answer_age of `touchpoints`, from the table these months were reduced from."""
        found = [tp for tp in dict.fromkeys(touchpoints) if tp in self.months]
        if not found:
            return None
        if len(found) == 1:
            return float(self.newest - self.medians[found[0]])
        month = np.concatenate([self.months[tp][0] for tp in found])
        n = np.concatenate([self.months[tp][1] for tp in found])
        return float(self.newest - _medians(month, n, np.zeros(len(n), dtype=np.int64))[0])


def _medians(month: np.ndarray, n: np.ndarray, group: np.ndarray) -> list[int]:
    """Each group's (0, 1, ...: `group` of each month) median answer month: the month by which
    half of its `n` answers are in, the older one on a tie."""
    order = np.lexsort((month, group))  # by group, each by month
    month, n, group = month[order], n[order], group[order]
    starts = np.flatnonzero(np.diff(group, prepend=-1))
    sizes = np.diff(np.r_[starts, len(group)])
    total = np.add.reduceat(n, starts)
    # the answers in by each month, its group's counted from the group's first month
    cumulative = np.cumsum(n)
    within = cumulative - np.repeat(cumulative[starts] - n[starts], sizes)
    # answers only add up: the months before the median are those where half is not in yet
    before = np.bincount(group, weights=2 * within < np.repeat(total, sizes))
    found = np.zeros(int(group.max(initial=-1)) + 1, dtype=np.int64)
    found[group[starts]] = month[starts + before[group[starts]].astype(np.int64)]
    return found.tolist()


def _month_index(period: str) -> int:
    year, month = period.split("-")
    return int(year) * 12 + int(month) - 1


def supporting_comments(comments: Iterable[Comment], quotes: Sequence[str]) -> list[Comment]:
    """The comments holding any quote at a word start, ignoring case: "wait" finds "Waiting"
    but not "await"; the words of a phrase may be apart by any white space."""
    patterns = [
        r"(?<!\w)" + r"\s+".join(re.escape(word) for word in quote.split())
        for quote in quotes
        if quote.strip()
    ]
    if not patterns:
        return []
    # one search for all quotes: a text holds one of them where it holds their alternation
    search = re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.I).search
    return [c for c in comments if search(c.text)]
