"""Survey tools that number every answer, known by the columns they write beside the answers:
their own columns are no scores, and their codes for no answer are none in any question.

Their exports hold codes, not words: SoSci Survey numbers every valid answer from 1 (an
11-point NPS is 1-11) and writes its codes for no answer as negative numbers; EFS Survey
(Unipark, Tivian) numbers a question's answers from 1 too, and writes 0 for a question seen
and not answered.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from touchsite.load.mapping.columns import normal


@dataclass(frozen=True)
class SurveyTool:
    name: str
    marks: frozenset[str]  # (normal) column names its every export holds
    others: frozenset[str]  # ... and at least one of these (an option of the export's)
    system: re.Pattern  # its own columns' (normal) names: never a score
    no_answer: frozenset[str]  # its codes for no answer, in any question

    def holds(self, names: set[str]) -> bool:
        return self.marks <= names and bool(self.others & names)


SOSCI = SurveyTool(
    "SoSci Survey",
    marks=frozenset({"case", "questnnr"}),
    others=frozenset({"started", "lastdata", "finished", "serial", "mode"}),
    # the interview's own data, and the time spent on each page (TIME001, TIME_SUM...)
    system=re.compile(
        r"serial|ref|questnnr|mode|started|mailsent|lastdata|finished|q_viewer|status|"
        r"lastpage|maxpage|missing|missrel|time\d+|time_sum|time_rsi|deg_time"
    ),
    # -1 to -3 its residual options ("weiß nicht"), -8 faulty data, -9 not answered
    no_answer=frozenset({"-1", "-2", "-3", "-8", "-9"}),
)
EFS = SurveyTool(
    "EFS Survey",
    marks=frozenset({"lfdn"}),
    others=frozenset({"dispcode", "tester", "external_lfdn"}),
    system=re.compile(
        r"external_lfdn|tester|dispcode|status|lastpage|quality|duration|"
        r"date_of_last_access|date_of_first_mail|lastaccs"
    ),
    # 0 a question seen and not answered, -77 one not seen, -66 and -99 a text field's
    no_answer=frozenset({"0", "-77", "-66", "-99"}),
)
TOOLS = (SOSCI, EFS)


def survey_tool(columns: list[str]) -> SurveyTool | None:
    """The tool that wrote a file of these columns, where its own columns say so."""
    names = {normal(column) for column in columns}
    return next((tool for tool in TOOLS if tool.holds(names)), None)
