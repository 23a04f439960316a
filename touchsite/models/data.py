"""Survey answers reduced to sufficient statistics, the comments kept, what was left out of
the data files and why, and business figures."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from touchsite.models.config import Metric
from touchsite.translation import N_

if TYPE_CHECKING:  # the comments' worker imports the models and does without pandas
    import numpy as np
    import pandas as pd


@dataclass(frozen=True, slots=True)
class Comment:
    """A published comment. Slots, not a dict per comment: a large export's sample holds
    hundreds of thousands (at 400,000, 34 MB against 128 MB)."""

    touchpoint: str
    date: dt.date
    segment: str
    score: float | None
    kpi: str | None
    text: str


OVERALL = "overall"  # the touchpoint id of the overall (relationship) question


@dataclass(frozen=True)
class DriverMoments:
    """Sufficient statistics for key-driver analysis, over respondents (pairwise complete).

    Variables are "touchpoint:kpi" names, the first being the overall outcome. For each pair
    (i, j) over respondents who answered both: n[i, j], the sum of x_i (sx[i, j]), of x_i^2
    (sxx[i, j]) and of x_i * x_j (sxy[i, j]).
    """

    variables: tuple[str, ...]
    n: np.ndarray = field(compare=False)
    sx: np.ndarray = field(compare=False)
    sxx: np.ndarray = field(compare=False)
    sxy: np.ndarray = field(compare=False)


# The columns of RespondentMoments' tables: the sums over respondents i of one group (or of
# a pair of groups a, b), where n_i is how many answers respondent i gave in it and y_i the sum
# of those answers' values (the KPI's: +1 good / -1 bad for a net score, 1 good for a share,
# the score for a mean).
GROUP_COLUMNS = ["kind", "key", "kpi", "respondents", "answers", "y", "squares", "nn", "ny", "yy"]
PAIR_COLUMNS = ["kind", "a", "b", "kpi", "nn", "yn", "ny", "yy"]
PATTERN_COLUMNS = ["kpi", "touchpoints", "respondents"]


@dataclass(frozen=True)
class RespondentMoments:
    """What the respondent as the unit needs of the answers: sufficient statistics per group
    of answers, so any pooled figure gets a cluster-robust (linearised) variance.

    `groups`, one row per kind x key x kpi: kinds `touchpoint`, `segment`, `month`,
    `quarter` (a key each) and `all` (key ""), all over the journey's touchpoints (not the
    overall question). `respondents` counts respondents (an answer without a respondent id
    is a respondent of its own), `answers` and `y` sum n_i and y_i, `squares` sums every
    answer's value squared, `nn`, `ny` and `yy` sum n_i^2, n_i y_i and y_i^2.

    `pairs`, one row per kind x (a, b) x kpi with a < b, for kinds `touchpoint` and `segment`:
    over the respondents who answered in both a and b, the sums of n_ia n_ib (`nn`), y_ia n_ib
    (`yn`), n_ia y_ib (`ny`) and y_ia y_ib (`yy`). A set of touchpoints (a phase, a step) or of
    segments pools its groups' sums and the sums of its pairs.

    `patterns`, one row per kpi x set of touchpoints (a tuple of ids) that respondents
    answered the KPI at: how many respondents did, so the respondents of any set of
    touchpoints are counted exactly.
    """

    groups: pd.DataFrame = field(compare=False)
    pairs: pd.DataFrame = field(compare=False)
    patterns: pd.DataFrame = field(compare=False)


# What each kind of QualityFinding is called on the data-quality page.
QUALITY_TITLES = {
    "touchpoint": N_("Unknown touchpoint"),
    "no-touchpoint": N_("No touchpoint"),
    "no-date": N_("No date"),
    "stray": N_("Totals row or note, no response"),
    "untyped": N_("Rating of a type that no where: names"),
    "date": N_("Unreadable date"),
    "unset-date": N_("Unset date (1970-01-01 or a spreadsheet's zero)"),
    "future-date": N_("Date in the future"),
    "early-date": N_("Date before the survey's start"),
    "date-order": N_("Day and month order assumed (kept)"),
    "segment-redacted": N_("Personal data in a segment's value (published removed)"),
    "number": N_("Answer is not a number"),
    "range": N_("Score outside its scale"),
    "fraction": N_("Score that is no whole number"),
    "repeated": N_("Repeated answer (same respondent and touchpoint)"),
    "ragged": N_("Wrong number of fields"),
    "quote": N_("Rows read as a quoted text (a quote not closed)"),
    "encoding": N_("Bytes that are not UTF-8"),
    "empty": N_("No answers in the file"),
    "scale": N_("Answers that contradict the scale (kept)"),
    "missing": N_("Share of answers changes (kept)"),
    "repeated-comment": N_("The same comment many times (kept)"),
}

# What each kind of redacted personal data is called there.
REDACTION_TITLES = {
    "email": N_("E-mail addresses"),
    "phone": N_("Phone numbers"),
    "iban": N_("IBANs"),
    "card": N_("Card numbers"),
    "address": N_("Street addresses"),
}


@dataclass(frozen=True)
class BadValue:
    """One value that failed a check, how many rows hold it and the first lines it is on."""

    value: str
    rows: int
    lines: tuple[int, ...]
    hint: str = ""  # this value's own hint ("did you mean 'hotline'?"), over the finding's


class Sentence(str):
    """A sentence about the data that the site says in its language: the English text (as the
    command line prints it), with the message id it was made from and the values put in, so
    the site's catalogue can translate it. Values named `kpi` are KPI ids, those ending in
    `month` months (YYYY-MM): the site writes them as its KPI labels and periods."""

    template: str
    values: dict[str, str]

    def __new__(cls, template: str, **values: str) -> Sentence:
        said = super().__new__(cls, template % values)
        said.template, said.values = template, values
        return said

    def __reduce__(self):
        return _sentence, (self.template, self.values)

    @classmethod
    def read(cls, text: str, templates: Iterable[str]) -> str:
        """`text` as the Sentence of the first of `templates` that makes it (values of one line
        each), else as it is: a text written before it was kept as a Sentence."""
        for template in templates:
            parts = re.split(r"(%\(\w+\)s|%%)", template)
            pattern = "".join(
                f"(?P<{part[2:-2]}>.+?)"
                if part.startswith("%(")
                else "%"
                if part == "%%"
                else re.escape(part)
                for part in parts
            )
            made = re.fullmatch(pattern, text)
            if made is not None:
                return cls(template, **made.groupdict())
        return text


def _sentence(template: str, values: dict[str, str]) -> Sentence:
    return Sentence(template, **values)


@dataclass(frozen=True)
class QualityFinding:
    """One kind of problem in one column of one data file: its rows were left out.

    Lines are file lines for CSV, sheet rows for XLSX and row numbers for Parquet.
    """

    path: str
    # touchpoint, date, number, range, repeated, ragged, empty, scale, missing,
    # repeated-comment ...: QUALITY_TITLES' keys
    kind: str
    message: str  # a Sentence where the site shows it (a change in the data)
    hint: str
    column: str  # the file's column name; "" when the problem is the row or the file
    column_number: int | None
    rows: int
    values: tuple[BadValue, ...] = ()
    line: int | None = None  # where a problem without values is
    # A change in the data itself (kind "scale" or "missing"): the touchpoint and KPI it
    # concerns and the month it starts in, so a change of the figure then is not read as
    # the customers'. Its rows are kept. A repeated comment's: the touchpoint alone.
    touchpoint: str = ""
    kpi: str = ""
    period: str = ""  # YYYY-MM


@dataclass(frozen=True)
class DataFile:
    """What the data stage made of one file."""

    path: str
    layout: str  # e.g. "Qualtrics export"
    file_type: str  # e.g. "CSV (UTF-8, ;)"
    records: int  # data rows in the file
    answers: int  # answers kept
    left_out: int  # answers (or unreadable rows) left out for a problem
    wave: str = ""  # the survey wave's name, as the data entry gives it
    not_real: int = 0  # responses the tool marks as a preview, test, spam, screened out, deleted
    scores_left_out: int = 0  # unreadable scores left out of answers otherwise kept
    # of `left_out`, rows that are no answers: unreadable (fields missing or too many) or
    # holding none (a totals row, a note below the answers)
    rows_left_out: int = 0


@dataclass(frozen=True)
class TermCounts:
    """Every comment's terms (touchsite.terms) counted: the theme analysis's statistics.

    `counts` has one row per touchpoint x period x polarity ("negative", "neutral",
    "positive") x term with `n`, the number of comments using the term; the term "" counts
    the comments themselves. Terms used in fewer than two comments are left out: no theme
    rests on one comment. `forms` gives each term's most common written form.
    """

    counts: pd.DataFrame
    forms: dict[str, str]


@dataclass(frozen=True)
class Feedback:
    """Survey answers reduced to sufficient statistics.

    `counts` has one row per touchpoint x period x segment x kpi x score, with column `n`;
    `terms` counts the terms of every comment. Everything after the data stage works from
    them (and the sampled comments) alone.
    """

    counts: pd.DataFrame
    comments: dict[str, list[Comment]]
    rows: int
    responses: dict[str, int]
    first_date: dt.date | None
    last_date: dt.date | None
    redactions: dict[str, int] = field(default_factory=dict)
    drivers: DriverMoments | None = None
    files: tuple[DataFile, ...] = ()
    quality: tuple[QualityFinding, ...] = ()
    respondents: RespondentMoments | None = None
    terms: TermCounts | None = None


@dataclass(frozen=True)
class MetricSeries:
    metric: Metric
    points: tuple[tuple[str, float], ...]  # (YYYY-MM, value), in order

    @property
    def latest(self) -> tuple[str, float]:
        return self.points[-1]

    @property
    def status(self) -> str:
        target = self.metric.target
        if target is None:
            return "no-target"
        value = self.latest[1]
        ok = value >= target if self.metric.higher_is_better else value <= target
        return "meets" if ok else "misses"
