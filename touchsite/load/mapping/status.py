"""A survey tool's Status column (EFS's `tester`): the responses it marks as none of the
client's customers'.

The rule is data (StatusRule), written once as a regular expression: long_table applies it
to a file's chunks in Arrow, the engines' query (engines/reduction.py) in SQL, so every
engine leaves out the same rows as a file read by pandas.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.load.formats import FileShape
from touchsite.load.mapping.columns import default_column, find_column, normal, qualtrics_columns
from touchsite.load.white import WHITE


@dataclass(frozen=True)
class StatusRule:
    """Which values of a Status column mark a response left out: a value that is one of
    `whole` (white space around it aside), or holds one of `contained` anywhere."""

    whole: tuple[str, ...]
    contained: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for value in (*self.whole, *self.contained):
            assert re.fullmatch(r"[a-z0-9]+", value), value  # no character a pattern reads

    @property
    def pattern(self) -> str:
        """The rule as one regular expression, read alike by RE2 (Arrow, DuckDB) and Java
        (Spark). A letter matches in either case, of ASCII only: the tools write these words
        in English, and the engines' lower case and case-insensitive matching each fold other
        letters their own way (a dotted capital I, the Kelvin sign, a long s)."""
        whole = "|".join(map(_either_case, self.whole))
        return "|".join([rf"^{WHITE}*(?:{whole}){WHITE}*$", *map(_either_case, self.contained)])


def _either_case(word: str) -> str:
    return "".join(f"[{c}{c.upper()}]" if c.isalpha() else c for c in word)


# Qualtrics' Status (Response Type): a response the survey's makers gave in a preview or a
# test, or one it flagged as spam. As text ("Survey Preview", "Spam", "Preview Spam"...) or,
# in a numeric export, as its code: 1 preview, 2 test, 8 spam, 9 preview spam, 12 imported
# spam, 17 offline preview. Real ones: 0 (IP Address), 4 (Imported), 16 (Offline). An
# account set to German may write the preview in its own word ("Umfragevorschau",
# "Vorschau-Spam"); its test ("Umfragetest") and its spam hold the English words.
QUALTRICS = StatusRule(
    whole=("1", "2", "8", "9", "12", "17"), contained=("preview", "vorschau", "test", "spam")
)
# Qualtrics' DistributionChannel, read where the Status is missing (a table built without
# it, an export of chosen columns): `preview` and `test` on the responses Status marks Survey
# Preview and Survey Test; the customers' `anonymous`, `email`, `gl`, `qr`, `sms`, `social`,
# `offline`... Spam has no channel of its own: without Status it stays in.
QUALTRICS_CHANNEL_COLUMN = "distributionchannel"
QUALTRICS_CHANNEL = StatusRule(whole=("preview", "test"))
# Alchemer's (SurveyGizmo's) Status: Complete, Partial, Disqualified (screened out by the
# survey's logic) and Deleted (removed in the tool, and exported all the same). Any other
# export's `Status` may mean something else ("Test customer", a ticket's "Solved"): only
# these whole values mark a response there. A partial response keeps the answers it gave,
# as an unfinished Qualtrics or Typeform response does.
OTHER = StatusRule(whole=("deleted", "disqualified"))
# A Response Status, as QuestionPro and Zoho Survey name it. QuestionPro's: Completed,
# Started (answered in part, then left) and Terminated (ended by the survey's logic:
# screened out, or over a full quota), which its own reports leave out. Zoho Survey's:
# Completed, Partial (answered in part, then left) and Disqualified (screened out by the
# survey's logic), likewise. The column's name is theirs, so their words are read there
# alone: a contract's or a ticket's "Terminated" in another export's Status is no
# response's. A started or partial response keeps the answers it gave.
RESPONSE_STATUS_COLUMN = "response status"
RESPONSE_STATUS = StatusRule(whole=("terminated", "disqualified"))
# Qualtrics' Finished: False (0 in a numeric export, false in a table's boolean, FALSCH once
# a German Excel saved the file) where the respondent left before an end of the survey and
# the response was closed when its session expired, or by hand; True (1, WAHR) where it was
# submitted or screened out
UNFINISHED = StatusRule(whole=("false", "0", "falsch"))
# EFS Survey's (Unipark's, Tivian's) `tester`: 1 for a response of a tester account (a test
# run of the survey's makers), 0 for the others' (the EFS documentation on testing: "tester
# records are identifiable through the 'tester' variable, which has the value '1' for
# testers and '0' for other participants"). EFS has no Status column: this is its status.
EFS = StatusRule(whole=("1",))
# EFS's disposition code (dispcode), where the export holds it: 31 completed, 32 completed
# after a break, 22 suspended (left unfinished: its answers count, as an unfinished
# Qualtrics response's do); 35 and 36 screened out by the survey's filter (36 after a
# break), 37 and 38 turned away by a full quota (38 after a break): no customers the survey
# was for, whom EFS's own field report leaves out of the completed interviews
EFS_DISPOSITION_COLUMN = "dispcode"
EFS_DISPOSITION = StatusRule(whole=("35", "36", "37", "38"))
# an EFS export's columns: its respondent's number beside its tester flag or its dispcode
EFS_COLUMNS = ("tester", EFS_DISPOSITION_COLUMN)
# Wootric's (InMoment's) excluded_from_calculations, its own status column: true for a
# response its NPS leaves out (one excluded in the tool: a colleague's, a test), false else
WOOTRIC_COLUMN = "excluded_from_calculations"
WOOTRIC = StatusRule(whole=("true",))
# A column that flags the survey makers' test responses, as enterprise feedback platforms
# export it beside the answers (Medallia's `e_test_response`, an `is_test`, `Test Response`):
# its yes marks a test. Only a name of these words, one of them the test's and one the
# flag's (a bare "Test" or "Tester" names what was tested or who tested: a product test's
# rating, whose 1 is a customer's worst, a beauty shop's "Tester: Ja/Nein" of the customers
# who got a sample), is such a flag, so a question about a test drive stays a question.
TEST_FLAG = StatusRule(whole=("yes", "y", "true", "1", "ja"))
TEST_FLAG_NOUNS = {"testantwort", "testdaten"}
TEST_WORDS = {"test", "tester"} | TEST_FLAG_NOUNS
TEST_FLAG_WORDS = TEST_WORDS | {"e", "is", "response", "record", "data", "flag", "survey"}
TEST_FLAG_WORDS |= {"antwort"}


def statuses(shape: FileShape) -> list[tuple[int, StatusRule]]:
    """Each column that marks a file's responses left out, with the rule it is read by: the
    tool's status column (status_column), and EFS's dispcode beside its tester flag."""
    found = [(status_column(shape), rule_of(shape))]
    if _efs(shape):
        found.append((find_column(shape, EFS_DISPOSITION_COLUMN), EFS_DISPOSITION))
    return [(column, rule) for column, rule in found if column is not None]


def status_column(shape: FileShape) -> int | None:
    """The column that marks a file's responses left out: EFS's `tester`, else the tool's
    Status column, if it has one."""
    if _efs(shape):
        return find_column(shape, "tester")
    status = default_column(shape, "status")
    return _test_flag(shape) if status is None else status


def rule_of(shape: FileShape) -> StatusRule:
    """The rule a file's status column (status_column) is read by."""
    if _efs(shape):
        return EFS
    status = default_column(shape, "status")
    if status is not None and normal(shape.columns[status]) == WOOTRIC_COLUMN:
        return WOOTRIC
    if status is not None and normal(shape.columns[status]) == RESPONSE_STATUS_COLUMN:
        return RESPONSE_STATUS
    if status is None and _test_flag(shape) is not None:
        return TEST_FLAG
    if status is not None and _qualtrics_channel(shape, status):
        return QUALTRICS_CHANNEL
    if shape.layout == "qualtrics" or qualtrics_columns(shape):
        return QUALTRICS
    return OTHER


def _qualtrics_channel(shape: FileShape, status: int) -> bool:
    """Whether a Qualtrics file's status column is its DistributionChannel."""
    return find_column(shape, QUALTRICS_CHANNEL_COLUMN) == status


def _test_flag(shape: FileShape) -> int | None:
    """The first column named as a flag of test responses (TEST_FLAG), if any."""
    for index, name in enumerate(shape.columns):
        words = set(re.split(r"[\s_\-]+", normal(name))) - {""}
        flag = words & TEST_FLAG_NOUNS or words - TEST_WORDS
        if words & TEST_WORDS and words <= TEST_FLAG_WORDS and flag:
            return index
    return None


def _efs(shape: FileShape) -> bool:
    found = [find_column(shape, name) is not None for name in EFS_COLUMNS]
    return find_column(shape, "lfdn") is not None and any(found)


def marked_not_real(status: pa.Array, rule: StatusRule) -> np.ndarray:
    """Which responses `status` marks as none of the customers' by `rule`."""
    marked = pc.match_substring_regex(status, rule.pattern)
    return pc.fill_null(marked, False).to_numpy(zero_copy_only=False)


def unfinished(finished: pa.Array) -> np.ndarray:
    """Which responses a Qualtrics Finished column says were left unfinished (UNFINISHED)."""
    return marked_not_real(finished, UNFINISHED)
