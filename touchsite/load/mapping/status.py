"""A survey tool's Status column: the responses it marks as none of the client's customers'.

The rule is data (StatusRule): long_table applies it to a file's chunks in Arrow, and the
engines' query (engines/reduction.py) is built from the same values, so every engine leaves
out the same rows as a file read by pandas.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.load.formats import FileShape
from touchsite.load.mapping.columns import find_column


def ascii_lower(value: str) -> str:
    return value.translate(str.maketrans(string.ascii_uppercase, string.ascii_lowercase))


@dataclass(frozen=True)
class StatusRule:
    """Which values of a Status column mark a response left out. A value is trimmed and its
    ASCII letters lower-cased first: the tools write these words in English, and engines
    lower-case other letters each their own way (Arrow and DuckDB make 'İ' an 'i', Java and
    Python 'i̇')."""

    whole: tuple[str, ...]  # a value that is one of these
    contained: tuple[str, ...] = ()  # a value that holds one of these anywhere

    def __post_init__(self) -> None:
        for value in (*self.whole, *self.contained):
            # each a literal in a LIKE pattern too, and folded as the rule folds a value
            assert value == ascii_lower(value) and not set(value) & set("%_\\"), value


# Qualtrics' Status (Response Type): a response the survey's makers gave in a preview or a
# test, or one it flagged as spam. As text ("Survey Preview", "Spam", "Preview Spam"...) or,
# in a numeric export, as its code: 1 preview, 2 test, 8 spam, 9 preview spam, 12 imported
# spam, 17 offline preview. Real ones: 0 (IP Address), 4 (Imported), 16 (Offline).
QUALTRICS = StatusRule(
    whole=("1", "2", "8", "9", "12", "17"), contained=("preview", "test", "spam")
)
# Alchemer's (SurveyGizmo's) Status: Complete, Partial, Disqualified (screened out by the
# survey's logic) and Deleted (removed in the tool, and exported all the same). Any other
# export's `Status` may mean something else ("Test customer", a ticket's "Solved"): only
# these whole values mark a response there. A partial response keeps the answers it gave,
# as an unfinished Qualtrics or Typeform response does.
OTHER = StatusRule(whole=("deleted", "disqualified"))


# Qualtrics' own columns: a table made from its export (a Parquet file, a database's table, a
# CSV written from one) has them under one header row, without the export's two others, so
# its layout is no Qualtrics export's; its Status still holds Qualtrics' values
QUALTRICS_COLUMNS = ("ResponseId", "Status", "RecordedDate")


def rule_of(shape: FileShape) -> StatusRule:
    """The rule a file's Status column is read by."""
    if shape.layout == "qualtrics":
        return QUALTRICS
    if all(find_column(shape, name) is not None for name in QUALTRICS_COLUMNS):
        return QUALTRICS
    return OTHER


def marked_not_real(status: pa.Array, rule: StatusRule) -> np.ndarray:
    """Which responses `status` marks as none of the customers' by `rule`."""
    values = pc.ascii_lower(pc.utf8_trim_whitespace(status))
    marked = pc.is_in(values, pa.array(rule.whole, pa.string()))
    for word in rule.contained:
        marked = pc.or_(marked, pc.match_substring(values, word))
    return pc.fill_null(marked, False).to_numpy(zero_copy_only=False)
