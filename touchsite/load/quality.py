"""Data quality: check the long table's rows, and account for every row left out.

A row with an unknown touchpoint, no date or an unreadable one, or a score that is no number
on its scale is left out (`--strict` fails the build instead). Findings are grouped, not
listed: one per file, column and kind of problem, with its row count and the first distinct
values and lines, so ten thousand bad rows make a handful of lines, not ten thousand.
"""

from __future__ import annotations

import csv
import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.errors import Problem
from touchsite.groups import group_counts, group_sums
from touchsite.kpi import SCALE_RUN, USUAL_TOPS, scale_change
from touchsite.load.comment_repeats import MIN_SHARE, RepeatCounter
from touchsite.load.dates import ISO, PLACEHOLDER_DAYS, last_possible_day, to_iso
from touchsite.load.mapping import LongChunk, Plan, normal
from touchsite.load.privacy import CONTROLS, Redactor
from touchsite.load.text_bytes import bounds_and_bytes, is_text
from touchsite.models import BadValue, QualityFinding, Sentence
from touchsite.translation import N_

# A score as the mapping's rule gives it (ScoreRule.read): a number in plain digits; any other
# text ("1e1", "inf", "5f1a") is none, as the engines' query reads it
PLAIN_NUMBER = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_VALUES = 5  # distinct bad values shown per finding
MAX_LINES = 5  # lines shown per value
MAX_VALUE_LENGTH = 60
REPEATED_COMMENT_HINT = (
    f"one text in {MIN_SHARE}% or more of a touchpoint's comments is rarely its customers' "
    "own: check these rows (a test in the live survey, a bot, a form sent again and again, "
    "a note pasted in); if they are no real answers, leave them out of the export, or mark "
    "them in the survey tool (as a test or spam, or deleted) so that its Status column "
    "leaves them out. They are kept: they count in the KPIs, the themes and the quotes"
)

STRAY_MESSAGE = "no response: a totals row or a note, as a spreadsheet adds below the answers"
STRAY_HINT = (
    "it is left out: its sums or averages are no answers, and no figure changes. Nothing to "
    "do; where --strict must pass, export the file without it. A response in it needs its "
    "date and answers"
)


@dataclass
class _Tally:
    kind: str
    message: str
    hint: str
    column: str
    column_number: int | None
    rows: int = 0
    values: dict[str, list] = field(default_factory=dict)  # value -> [rows, records]
    line: int | None = None
    lines_known: bool = False  # values hold lines already, not record indices
    about: tuple[str, str, str] = ("", "", "")  # a data change: touchpoint, KPI, month


class Findings:
    """Collects findings per file while the file is read in chunks."""

    def __init__(self, touchpoints: Iterable[str] = ()) -> None:
        self._tallies: dict[tuple, _Tally] = {}
        self._path: dict[tuple, str] = {}
        # for "did you mean": a touchpoint renamed in content/ but not in the data
        self._touchpoints = sorted(touchpoints)
        self._answers: dict[str, list[tuple]] = {}  # per file: answers by month (_counted)
        self._rows: dict[str, list[tuple]] = {}  # per file: rows by month
        self._comments: dict[str, RepeatCounter] = {}  # per file: comments by text

    def add(
        self,
        path: str,
        kind: str,
        message: str,
        hint: str,
        column: str,
        column_number: int | None,
        values: list[str],
        records: np.ndarray,
    ) -> None:
        """Bad rows: each one's value and record index, in file order."""
        key = (path, message, column_number)
        tally = self._tallies.get(key)
        if tally is None:
            tally = self._tallies[key] = _Tally(kind, message, hint, column, column_number)
            self._path[key] = path
        seen_records = set()
        for value, record in zip(values, records.tolist(), strict=True):
            if record in seen_records:  # a wide row's answers share their record
                continue
            seen_records.add(record)
            tally.rows += 1
            entry = tally.values.get(value)
            if entry is None:
                if len(tally.values) >= MAX_VALUES:
                    continue
                entry = tally.values[value] = [0, []]
            entry[0] += 1
            if len(entry[1]) < MAX_LINES:
                entry[1].append(record)

    def kept_rows(self, path, kind, message, hint, column, records: np.ndarray) -> None:
        """Rows read and kept, but perhaps read wrong: counted, named at the first one.
        `column`: its name and number; `records`: the rows' record indices, in order."""
        if not len(records):
            return
        key = (path, message, column[1])
        tally = self._tallies.get(key)
        if tally is None:
            tally = self._tallies[key] = _Tally(kind, message, hint, *column)
            tally.values[""] = [0, [int(records[0])]]
            self._path[key] = path
        tally.rows += len(records)
        tally.values[""][0] += len(records)

    def file_problem(self, path: str, message: str, hint: str, line: int | None = 1) -> None:
        key = (path, message, None)
        self._tallies[key] = _Tally("empty", message, hint, "", None, 0, {}, line)
        self._path[key] = path

    def ragged(
        self, path: str, width: int, lines: list[tuple[int, int, int]], counts, sheet: bool
    ) -> None:
        """Rows whose number of fields differs from the header's, grouped by that number;
        (line, fields, last line) of the first ones. A row over several lines names them:
        a quote left open takes the lines after it into its field, and they are lost too.
        `sheet`: a spreadsheet's rows (cells, not separators)."""
        for fields, rows in sorted(counts.items()):
            mine = [(line, last) for line, count, last in lines if count == fields][:MAX_LINES]
            at = [line for line, _ in mine]
            key = (path, f"row has {fields} fields, the header has {width}", None)
            spans = [f"{line}-{last}" for line, last in mine if last > line]
            if spans:
                hint = (
                    f"the row is left out with the lines it takes in (lines {', '.join(spans)}): "
                    'a quote (") opened in a field and not closed reads the lines after it as '
                    "that field's text; export the file again, or ask for the quote to be closed"
                )
            elif sheet:
                hint = (
                    "the row is left out: it has a value in a column the header does not name, "
                    "right of its last (a note typed beside the row?)"
                )
            else:
                hint = (
                    "the row is left out: a field holding the separator without quotes around "
                    'it ("..."); export the file again with its text fields quoted'
                )
            self._tallies[key] = _Tally(
                "ragged", key[1], hint, "", None, rows, {"": [rows, at]}, None, True
            )
            self._path[key] = path

    def bad_bytes(self, path: str, lines: tuple[int, ...]) -> None:
        """Lines of a UTF-8 file with bytes that are not UTF-8: read, with U+FFFD in their place."""
        if not lines:
            return
        key = (path, f"{len(lines)} line(s) hold bytes that are not UTF-8, shown as \ufffd", None)
        hint = "export the file again as UTF-8, or fix the characters on these lines"
        self._tallies[key] = _Tally(
            "encoding", key[1], hint, "", None, 0, {"": [0, list(lines[:MAX_LINES])]}, None, True
        )
        self._path[key] = path

    def count_answers(self, path, plan: Plan, chunk, touchpoint, day, month, answered) -> None:
        """Count a chunk's answers per column, touchpoint, month and number, and the rows
        they could have come from: for the scale checks once the file is read. `answered`:
        per KPI, each row's code and the number of each code (NaN: none given)."""
        usable = np.flatnonzero((touchpoint >= 0) & ~np.isnat(day))
        if not len(usable):
            return
        month = month[usable]
        records, slots, touchpoint = chunk.records[usable], chunk.slots[usable], touchpoint[usable]
        if plan.wide:  # its rows are respondents, each answering for many touchpoints
            respondents, first = _first_rows(records)
            counted = _counted([np.full(len(first), -1), month[first]], respondents)
        else:  # its rows are answers: the base is per touchpoint
            counted = _counted([touchpoint, month], records)
        self._rows.setdefault(path, []).append(counted[:3])
        for kpi, (codes, numbers) in answered.items():  # numbers of the distinct values
            codes = codes[usable]
            given = np.flatnonzero(~np.isnan(numbers)[codes])
            if not len(given):
                continue
            # the distinct values' answers in hundredths (whole numbers for any answer a
            # survey writes), numbered in order: a small key, counted rather than sorted
            number = np.full(len(numbers), -1)
            known = ~np.isnan(numbers)
            answers, number[known] = np.unique(np.rint(numbers[known] * 100), return_inverse=True)
            keys = [slots[given], touchpoint[given], month[given], number[codes[given]]]
            counted = _counted(keys, records[given], answers.astype(np.int64) / 100)
            self._answers.setdefault(path, []).append((kpi, *counted))

    def check_scales(
        self, path: str, plan: Plan, touchpoints: list[str], scales: dict[str, tuple[int, int]]
    ) -> None:
        """Answers that contradict their scale, per column and touchpoint: mostly outside it,
        only its two lowest answers (a yes/no question read as a scale), or a scale that
        changes from one month to the next; and a share of answers that jumps (a column
        that starts or stops being filled). Reported with the month, the rows are kept."""
        parts = self._answers.pop(path, [])
        bases = self._rows.pop(path, [])
        answers, kpis = _summed_answers(parts) if parts else ({}, [])
        self._judge_tops(path, plan, scales, answers, kpis)
        if not parts:
            return
        self._against_words(path, plan, answers, kpis)
        base = _summed_rows(bases)
        # the columns that may contradict their scale, found over all counts at once; only
        # their counts are read one by one for the findings' figures
        suspect = _suspects(answers, kpis, base, plan.wide, scales)
        answers = {name: column[suspect].tolist() for name, column in answers.items()}
        answers["kpi"] = [kpis[number] for number in answers["kpi"]]
        base = base.to_dict()
        # one pass over the (few) counts, in order: a column's months, each month's answers
        columns: dict[tuple, dict[int, dict[float, int]]] = {}
        first_record: dict[tuple, int] = {}
        names = ["kpi", "k0", "k1", "k2", "k3", "n", "record"]
        for kpi, slot, code, month, score, n, record in zip(
            *(answers[name] for name in names), strict=True
        ):
            key = (kpi, slot, code)
            columns.setdefault(key, {}).setdefault(month, {})[score] = n
            first_record[(*key, month)] = min(record, first_record.get((*key, month), record))
        for (kpi, slot, code), by_month in columns.items():
            index = plan.column_of(int(slot), str(kpi))
            column = plan.shape.columns[index] if index is not None else str(kpi)
            where = (path, column, index + 1 if index is not None else None)
            months = list(by_month)
            rows_of = {m: base.get((-1 if plan.wide else code, m), 0) for m in months}
            found = _scale_problems(
                str(kpi), scales[str(kpi)], months, list(by_month.values()), rows_of
            )
            for kind, message, hint, month in found:
                at = [month] if month is not None else months
                record = min(first_record[(kpi, slot, code, m)] for m in at)
                answered = sum(sum(counts.values()) for counts in by_month.values())
                about = (
                    touchpoints[int(code)],
                    str(kpi),
                    "" if month is None else _month_text(month),
                )
                self._data_change(where, kind, message, hint, answered, int(record), about)

    def _judge_tops(self, path, plan: Plan, scales, answers: dict, kpis: list[str]) -> None:
        """The answers one above a scale's top, set apart per column while the file was read
        (check_rows), judged on all the column's answers (`answers`, as _summed_answers
        gives them): the top of a scale numbered from 1, named with the scale to give (and
        the lowest number as unused, where it is answered too), or answers outside the scale
        like the others (a slip). A chunk's answers alone are too few to tell (a file's
        small last chunk, or every chunk of ten rows, told its 11s as a slip)."""
        for kpi, (low, high) in scales.items():
            for key in [k for k in self._tallies if k[:2] == (path, _one_above(kpi, low, high))]:
                number = key[2]
                slots = [
                    slot
                    for slot in range(len(plan.slots))
                    if plan.column_of(slot, kpi) == (None if number is None else number - 1)
                ]
                n = above = lowest = 0
                if kpi in kpis:
                    mine = (answers["kpi"] == kpis.index(kpi)) & np.isin(answers["k0"], slots)
                    n = int(answers["n"][mine].sum())
                    above = int(answers["n"][mine & (answers["k3"] == high + 1)].sum())
                    lowest = int(answers["n"][mine & (answers["k3"] == low)].sum())
                tally = self._tallies[key]
                if _numbered_from_one((low, high), n, above):
                    tally.hint = _numbered_from_one_hint(kpi, low, high, lowest > 0)
                    continue
                del self._tallies[key], self._path[key]
                plain, tally.hint = _outside(kpi, low, high)
                tally.message = plain
                into = self._tallies.setdefault((path, plain, number), tally)
                self._path[(path, plain, number)] = path
                if into is not tally:  # the first distinct values of both, in file order
                    into.rows += tally.rows
                    values = sorted(
                        [*into.values.items(), *tally.values.items()], key=lambda v: v[1][1][0]
                    )
                    into.values = dict(values[:MAX_VALUES])

    def _against_words(self, path: str, plan: Plan, answers: dict, kpis: list[str]) -> None:
        """Score columns read by their numbers while their words run the other way ("1 =
        sehr zufrieden"): the best answer would count as the worst. The rows are kept."""
        for number, slot in enumerate(plan.slots):
            for kpi, rule in slot.scores.items():
                found = rule.numbered_against_words()
                if found is None:
                    continue
                best, record = found
                answered = 0
                if kpi in kpis:
                    mine = (answers["kpi"] == kpis.index(kpi)) & (answers["k0"] == number)
                    answered = int(answers["n"][mine].sum())
                index = rule.column
                self._data_change(
                    (path, plan.shape.columns[index], index + 1),
                    "scale",
                    f"{kpi} answers are numbered against their words ('{best}'): read by their "
                    "numbers, the best answer counts as the worst",
                    "label each answer with the number its words stand for, e.g. labels: "
                    '{"1 = sehr zufrieden": 5, ...} (data inspect proposes them)',
                    answered,
                    record,
                    (slot.touchpoint if plan.wide else "", kpi, ""),
                )

    def count_comments(self, path: str, texts, touchpoint, records, slots) -> None:
        """Count a chunk's comments kept (`texts`, none empty) by text, for check_comments;
        `touchpoint`: each one's code, `records` and `slots` where it is in the file."""
        counter = self._comments.get(path)
        if counter is None:
            counter = self._comments[path] = RepeatCounter()
        counter.add(texts, touchpoint, records, slots)

    def check_comments(self, path: str, plan: Plan, touchpoints: list[str]) -> None:
        """The same comment many times at one touchpoint (comment_repeats.py), once the file
        is read: per touchpoint, each text with its copies and first lines. The rows are
        kept, as the scale's findings' are: only the survey's makers know whether they
        are real."""
        counter = self._comments.pop(path, None)
        for repeat in counter.found() if counter is not None else ():
            touchpoint = touchpoints[repeat.touchpoint]
            index = plan.column_of(repeat.slot, "comment")
            message = (
                f"the same comment, word for word, at touchpoint '{touchpoint}' (of its "
                f"{repeat.comments:,} comments in the file)"
            )
            key = (path, message, index + 1 if index is not None else None)
            tally = self._tallies.get(key)
            if tally is None:
                tally = self._tallies[key] = _Tally(
                    "repeated-comment",
                    message,
                    REPEATED_COMMENT_HINT,
                    plan.shape.columns[index] if index is not None else "comment",
                    key[2],
                    about=(touchpoint, "", ""),
                )
                self._path[key] = path
            tally.rows += repeat.n
            if len(tally.values) < MAX_VALUES:
                tally.values[repeat.text] = [repeat.n, list(repeat.records)]

    def _data_change(self, where, kind, message, hint, rows, record, about) -> None:
        path, column, number = where
        # one finding each touchpoint (a long table's column answers several) and month
        key = (path, message, number, about)
        self._tallies[key] = _Tally(
            kind, message, hint, column, number, rows, {"": [rows, [record]]}, None, False, about
        )
        self._path[key] = path

    def forget(self, path: str) -> None:
        """Drop what was found in `path`: a file that could not be read to its end is
        reported as a whole (its rows found so far have no lines)."""
        for key in [key for key, owner in self._path.items() if owner == path]:
            del self._tallies[key], self._path[key]
        self._answers.pop(path, None)
        self._rows.pop(path, None)
        self._comments.pop(path, None)

    def records_of(self, path: str) -> set[int]:
        return {
            record
            for key, tally in self._tallies.items()
            if self._path[key] == path
            if not tally.lines_known
            for entry in tally.values.values()
            for record in entry[1]
        }

    def rows_in(self, path: str) -> int:
        return sum(t.rows for key, t in self._tallies.items() if self._path[key] == path)

    def finish(
        self, lines: dict[str, dict[int, int]], language: str = "en"
    ) -> tuple[QualityFinding, ...]:
        """Findings with record indices turned into lines, values shortened and redacted
        (with the site's `language`'s labels: the data-quality page quotes them)."""
        hide = Redactor(language)
        result = []
        for key, tally in self._tallies.items():
            path = self._path[key]
            values = []
            for value, entry in tally.values.items():
                at = entry[1] if tally.lines_known else [lines[path][r] for r in entry[1]]
                hint = self._close_touchpoint(value) if tally.kind == "touchpoint" else ""
                values.append(BadValue(_shown(hide(value)), entry[0], tuple(at), hint))
            result.append(
                QualityFinding(
                    path,
                    tally.kind,
                    tally.message,
                    tally.hint,
                    tally.column,
                    tally.column_number,
                    tally.rows,
                    tuple(values),
                    tally.line,
                    *tally.about,
                )
            )
        return tuple(sorted(result, key=lambda f: (f.path, f.column_number or 0, f.message)))

    def _close_touchpoint(self, value: str) -> str:
        close = difflib.get_close_matches(value, self._touchpoints, n=1)
        return f"did you mean '{close[0]}'? (a touchpoint renamed in content/?)" if close else ""


# A yes/no question read as a scale: n answers, all on the scale's two lowest points.
MIN_TWO_POINT = 20
# A scale numbered one above the KPI's (an NPS coded 1-11): n answers, none on the lowest
# point, and this share of them one above the top, where none can be.
MIN_SHIFTED = 20
SHIFTED_TOP_SHARE = 0.05
# A column that starts or stops being filled: its share of the rows changes by this factor.
MISSING_FACTOR = 4
MIN_MISSING_ROWS = 30


def _counted(
    keys: list[np.ndarray], records: np.ndarray, answers: np.ndarray | None = None
) -> tuple[np.ndarray, ...]:
    """How many rows share each combination of keys, and the first record of each: a
    chunk's rows reduced to a few counts, as (key 0, key 1, ..., n, record). Keys are small
    whole numbers; given `answers` (sorted), the last key numbers one of them, and the
    answer itself is in the result."""
    found, n, first_record = group_counts(keys, records)
    *found, last = found
    last = answers[last] if answers is not None else last / 1
    return (*(key.astype(np.int64) for key in found), last, n, first_record)


def _first_rows(records: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(records, return_index=True): the distinct records, and the first row of
    each. Where they come in order, as a chunk's rows do (by record, a record's slots in
    turn), each is where its run starts, found without a sort: np.unique's took a wide
    export's 200,000 respondents (2,000,000 rows at 10 touchpoints) 40 ms."""
    if len(records) < 2 or (records[1:] < records[:-1]).any():
        return np.unique(records, return_index=True)
    first = np.flatnonzero(np.r_[True, records[1:] != records[:-1]])
    return records[first], first


def _summed_answers(parts: list[tuple]) -> tuple[dict[str, np.ndarray], list[str]]:
    """The chunks' counts of answers (kpi, slot, touchpoint, month, answer, n, record) summed
    per KPI, slot, touchpoint, month and answer, in that order: columns kpi (a number: the
    KPIs named are listed, in order), k0 ... k3, n and record (the first)."""
    names = sorted({part[0] for part in parts})
    rank = {name: number for number, name in enumerate(names)}
    kpi = np.concatenate([np.full(len(part[1]), rank[part[0]]) for part in parts])
    slot, touchpoint, month, answer, n, record = (
        np.concatenate([part[column] for part in parts]) for column in range(1, 7)
    )
    # grouped as numbers, by their place among the few distinct ones (found without a sort
    # of them all)
    answers = np.sort(pd.unique(answer))
    answer_rank = np.searchsorted(answers, answer)
    keys, summed, least = group_sums([kpi, slot, touchpoint, month, answer_rank], n, record)
    kpi, slot, touchpoint, month, answer_rank = keys
    return {
        "kpi": kpi,
        "k0": slot,
        "k1": touchpoint,
        "k2": month,
        "k3": answers[answer_rank],
        "n": summed,
        "record": least,
    }, names


def _summed_rows(parts: list[tuple]) -> pd.Series:
    """The chunks' counts of rows (touchpoint or -1, month, n) summed per touchpoint and month:
    n, indexed by k0 (the touchpoint) and k1 (the month), in their order."""
    touchpoint, month, n = (np.concatenate([part[column] for part in parts]) for column in range(3))
    (code, months), summed, _ = group_sums([touchpoint, month.astype(np.int64)], n)  # as numbers
    index = pd.MultiIndex.from_arrays([code, months.astype(month.dtype)], names=["k0", "k1"])
    return pd.Series(summed, index=index, name="n")


def _suspects(answers: dict, kpis: list[str], base: pd.Series, wide: bool, scales) -> np.ndarray:
    """Which counts (rows of `answers`: kpi (a number into `kpis`), k0 slot, k1 touchpoint,
    k2 month, k3 answer, n, sorted so) belong to a column whose counts _scale_problems could
    find a problem in: each of its tests loosened to a condition on whole arrays, so no
    column it would report is left out. A column is one KPI of one slot and touchpoint."""
    kpi = answers["kpi"]
    slot, code, month = (answers[name] for name in ("k0", "k1", "k2"))
    score = answers["k3"].astype("float64", copy=False)
    n = answers["n"].astype(np.int64, copy=False)
    if not len(n):
        return np.zeros(0, dtype=bool)
    new_column = np.r_[True, (kpi[1:] != kpi[:-1]) | (slot[1:] != slot[:-1])]
    new_column[1:] |= code[1:] != code[:-1]
    column = np.cumsum(new_column) - 1
    low, high = np.zeros(len(n)), np.zeros(len(n))
    for name, (least, most) in scales.items():
        if name in kpis:
            low[kpi == kpis.index(name)], high[kpi == kpis.index(name)] = least, most
    total = np.bincount(column, weights=n)
    with np.errstate(invalid="ignore"):
        off = (score < low) | (score > high) | (score % 1 != 0)
    suspect = 2 * np.bincount(column, weights=n * off) >= total  # most answers outside
    suspect |= np.bincount(column, weights=n * (score == high + 1)) > 0  # numbered from above
    answer = np.unique(score, return_inverse=True)[1]
    distinct = np.bincount(group_counts([column, answer])[0][0], minlength=len(total))
    suspect |= distinct <= 2  # a yes/no question read as a scale
    # a column's months: their answers, and the rows they could have come from
    starts = np.flatnonzero(np.r_[True, month[1:] != month[:-1]] | new_column)
    of = column[starts]
    answered = np.add.reduceat(n, starts)
    first = np.searchsorted(of, np.arange(len(total)))  # a column's first month
    last = np.r_[first[1:], len(starts)] - 1
    before = np.r_[0, np.cumsum(answered)]  # answers in the months before each
    top = np.maximum.reduceat(score, starts)
    columns = np.arange(len(total))
    for usual in USUAL_TOPS:  # a scale change: SCALE_RUN answers, none above `usual`
        above = np.flatnonzero(top > usual)  # months with an answer above it
        if not len(above):
            continue
        since, until = (np.searchsorted(of[above], columns, side=s) for s in ("left", "right"))
        earliest = above[np.minimum(since, len(above) - 1)]
        latest = above[np.maximum(until - 1, 0)]
        narrow = np.maximum(before[earliest] - before[first], before[last + 1] - before[latest + 1])
        suspect |= (until > since) & (narrow >= SCALE_RUN)
    rows = base.reindex(
        pd.MultiIndex.from_arrays(
            [np.full(len(starts), -1) if wide else code[starts], month[starts]]
        ),
        fill_value=0,
    ).to_numpy(dtype=np.int64)
    suspect |= _share_changes(of, first, last, answered, rows)
    return suspect[column]


def _share_changes(of, first, last, answered, rows) -> np.ndarray:
    """Per column, whether its answers' share of the rows may change by MISSING_FACTOR at a
    month (as _missing_share decides it, a little more readily)."""
    answers_before = np.r_[0, np.cumsum(answered)]
    rows_before = np.r_[0, np.cumsum(rows)]
    a_answered = answers_before[:-1] - answers_before[first[of]]
    a_rows = rows_before[:-1] - rows_before[first[of]]
    b_answered = answers_before[last[of] + 1] - answers_before[:-1]
    b_rows = rows_before[last[of] + 1] - rows_before[:-1]
    split = (a_rows >= MIN_MISSING_ROWS) & (b_rows >= MIN_MISSING_ROWS)
    with np.errstate(invalid="ignore", divide="ignore"):
        before, after = a_answered / a_rows, b_answered / b_rows
        ratio = np.maximum(before, after) / np.maximum(np.minimum(before, after), 1e-9)
    changes = split & (ratio >= MISSING_FACTOR * (1 - 1e-9))
    return np.bincount(of[changes], minlength=len(first)) > 0


# The changes in the data, said in the site's language (Sentence); a reduced file written
# before they were kept so holds their English text alone, which these read back
SCALE_SWITCH = N_(
    "%(kpi)s answers change scale in %(month)s: %(before)s before, %(after)s "
    "since (a scale switched in the survey?)"
)
MISSING_SHARE = N_(
    "%(kpi)s answered in %(before)s%% of the rows until %(until_month)s, in "
    "%(after)s%% since %(since_month)s (the question was added, dropped or routed "
    "differently?)"
)
DATA_CHANGES = (SCALE_SWITCH, MISSING_SHARE)


def _month_text(month: int) -> str:
    return str(np.datetime64(int(month), "M"))


def _scale_problems(kpi, scale, months, by_month, rows_of):
    """(kind, message, hint, month or None) for each way the answers contradict the scale."""
    low, high = scale
    total: dict[float, int] = {}
    for counts in by_month:
        for score, k in counts.items():
            total[score] = total.get(score, 0) + k
    n = sum(total.values())
    outside = sum(k for score, k in total.items() if score < low or score > high or score % 1)
    if outside > n / 2:
        yield (
            "scale",
            f"most {kpi} answers ({outside:,} of {n:,}) lie outside {low}..{high}: the "
            "question was asked on another scale",
            "map the column as the KPI whose scale it uses, or leave it out; its answers "
            f"on {low}..{high} alone would give a wrong figure",
            None,
        )
        return
    # a scale from 0 numbered from 1, none answered 0 (Qualtrics' recode values, unless
    # they were set, run 1-11 for 0-10)
    points = {float(point) for point in range(low + 1, high + 2)}
    shifted = set(total) <= points and _numbered_from_one(scale, n, total.get(high + 1.0, 0))
    if shifted:
        yield (
            "scale",
            f"{kpi} answers run {low + 1}-{high + 1}, none is {low}: the question's points "
            f"numbered from {low + 1}, each answer one above the {low}-{high} it stands for",
            f"give the column its scale, {kpi}: {{column: ..., scale: {low + 1}-{high + 1}}}, "
            f"to read its answers as {low}-{high}",
            None,
        )
        return
    # its two lowest points, or 0 and 1 on a scale from 1 (a 0/1 yes/no mapped as CSAT)
    two_point = set(total) <= {float(low), float(low + 1)} or set(total) <= {0.0, 1.0}
    if high - low >= 4 and n >= MIN_TWO_POINT and two_point and len(total) == 2:
        least, most = min(total), max(total)
        yield (
            "scale",
            f"{kpi} answers are only {least:g} and {most:g} ({n:,} answers): a yes/no question "
            f"read as a {low}-{high} scale (it would show as the worst score)",
            "map the column as binary (and declare kpis: binary: {label: ...}) instead",
            None,
        )
        return
    change = scale_change(by_month)
    if change is not None:
        month = months[change.at]
        least, most = min(total), max(total)  # as answered, not as declared
        narrow, wide = f"{least:g}-{change.top}", f"{least:g}-{most:g}"
        before, after = (narrow, wide) if change.widens else (wide, narrow)
        yield (
            "scale",
            Sentence(
                SCALE_SWITCH,
                kpi=kpi,
                month=_month_text(month),
                before=before,
                after=after,
            ),
            "the figures mix two scales; export the periods apart, or leave the older one out",
            month,
        )
    yield from _missing_share(kpi, months, by_month, rows_of)


def _numbered_from_one(scale: tuple[int, int], n: int, above: int) -> bool:
    """Whether `n` answers, `above` of them one above the scale's top, are a scale from 0
    numbered from 1 (an NPS coded 1-11, as EFS Survey and SoSci Survey write it): the 11s
    as often as a scale's top is answered, not a slip of one answer. A scale from 1 has no
    such numbering to fall into, nor is yes/no one (a no coded 1 and a yes 2 are no scale
    one above 0-1)."""
    low, high = scale
    scaled = low == 0 and high - low >= 4
    return scaled and n >= MIN_SHIFTED and above >= SHIFTED_TOP_SHARE * n


def _outside(kpi: str, low: int, high: int) -> tuple[str, str]:
    """The finding on answers outside the KPI's scale: its message and hint. The CES's
    scale is the project's (kpis.ces_scale), which may not be the one the question asked."""
    hint = f"{kpi} takes whole numbers {low} to {high}; leave it empty if not asked"
    if kpi == "ces":
        hint = (
            f"ces takes whole numbers {low} to {high}, as kpis: ces_scale in touchsite.yml "
            "says: where the question asked another scale, give ces_scale its min and max "
            "(the lowest and highest point); else leave it empty if not asked"
        )
    return f"{kpi} score outside {low}..{high}", hint


def _one_above(kpi: str, low: int, high: int) -> str:
    """The finding on answers one above the scale's top, as often as its top is answered."""
    return f"{kpi} score outside {low}..{high}, as often as a scale's top (numbered from {low + 1})"


def _missing_share(kpi, months, by_month, rows_of):
    """A column that starts or stops being filled: its answers' share of the rows changes
    by MISSING_FACTOR or more at one month, each side with MIN_MISSING_ROWS rows."""
    answered = [sum(counts.values()) for counts in by_month]
    rows = [rows_of.get(month, 0) for month in months]
    all_answered, all_rows = sum(answered), sum(rows)
    best = None
    a_answered = a_rows = 0
    for at in range(1, len(months)):
        a_answered += answered[at - 1]
        a_rows += rows[at - 1]
        b_rows = all_rows - a_rows
        if a_rows < MIN_MISSING_ROWS or b_rows < MIN_MISSING_ROWS:
            continue
        before, after = a_answered / a_rows, (all_answered - a_answered) / b_rows
        ratio = max(before, after) / max(min(before, after), 1e-9)
        if ratio >= MISSING_FACTOR and (best is None or ratio > best[0]):
            best = (ratio, at, before, after)
    if best is None:
        return
    _ratio, at, before, after = best
    yield (
        "missing",
        Sentence(
            MISSING_SHARE,
            kpi=kpi,
            before=f"{100 * before:.0f}",
            until_month=_month_text(months[at - 1]),
            after=f"{100 * after:.0f}",
            since_month=_month_text(months[at]),
        ),
        "a change of the figure at that month compares different customers; compare only "
        "the months with the question asked alike",
        months[at],
    )


def _shown(value: str) -> str:
    value = " ".join(CONTROLS.sub("", value).split())  # quoted on a page: no control characters
    return value if len(value) <= MAX_VALUE_LENGTH else value[: MAX_VALUE_LENGTH - 1] + "…"


def as_problems(findings: tuple[QualityFinding, ...], level: str = "warning") -> list[Problem]:
    """Findings as file:line:column lines: one per distinct value shown, plus the rest."""
    groups = []
    for finding in findings:
        problems = []
        shown = 0
        for bad in finding.values:
            text = f"{finding.message} '{bad.value}'" if bad.value else finding.message
            if bad.rows > 1:
                others = ", ".join(str(line) for line in bad.lines[1:])
                more = bad.rows - len(bad.lines)
                text += (
                    f" ({bad.rows:,} rows; also lines {others}"
                    if others
                    else f" ({bad.rows:,} rows"
                )
                text += f" and {more:,} more)" if more > 0 and others else ")"
            line = bad.lines[0] if bad.lines else None
            hint = bad.hint or finding.hint
            problems.append(Problem(finding.path, line, finding.column_number, text, hint, level))
            shown += bad.rows
        if not finding.values:
            problems.append(
                Problem(finding.path, finding.line, None, finding.message, finding.hint, level)
            )
        elif finding.rows > shown:
            problems.append(
                Problem(
                    finding.path,
                    None,
                    finding.column_number,
                    f"{finding.message}: {finding.rows - shown:,} more rows with other values",
                    finding.hint,
                    level,
                )
            )
        groups.append(problems)
    groups.sort(key=lambda group: (group[0].path, group[0].line or 0, group[0].column or 0))
    return [problem for group in groups for problem in group]


@dataclass
class Checked:
    """A chunk's rows read as numbers; `good` marks the rows that passed every check."""

    good: np.ndarray
    touchpoint: np.ndarray  # index into the known ids
    day: np.ndarray  # datetime64[D]
    scores: dict[str, np.ndarray]  # int8, -1 = not answered
    month: np.ndarray  # months since 1970 (int64), of the days read
    unread: np.ndarray  # per row, the scores left out as unreadable (int8)


def check_rows(
    chunk: LongChunk,
    plan: Plan,
    path: str,
    touchpoints: list[str],
    scales: dict[str, tuple[int, int]],
    findings: Findings,
) -> Checked:
    n = len(chunk)
    good = np.ones(n, dtype=bool)

    def report(
        name: str,
        bad: np.ndarray,
        coded: tuple,
        kind: str,
        message: str,
        hint: str,
        row: bool = True,
    ):
        """The rows whose value is one of the `bad` ones (a mask of the distinct values;
        `coded`: each row's code and the values, as _distinct gives them): the rows are
        found only where a value is bad, and their values taken from the list. `row`: the
        bad value leaves its row out (else that answer alone)."""
        nonlocal good
        if not bad.any():
            return
        codes, distinct = coded
        bad = bad[codes]
        if not bad.any():  # a value no row of the chunk holds (one slot's, in a wide file)
            return
        if row:
            good &= ~bad
        values = [distinct[code] for code in codes[bad].tolist()]
        _add_by_column(
            findings, path, plan, chunk, np.flatnonzero(bad), values, name, kind, message, hint
        )

    if chunk.stray is not None:  # left out already: named where they are
        records, said, where = chunk.stray
        for index in np.unique(where).tolist():
            here = np.flatnonzero(where == index)
            findings.add(
                path,
                "stray",
                STRAY_MESSAGE,
                STRAY_HINT,
                plan.shape.columns[index],
                index + 1,
                [said[at] for at in here.tolist()],
                records[here],
            )
    for records, values, where, column in chunk.untyped:  # left out already: named here
        named, rated = plan.shape.columns[where], plan.shape.columns[column]
        # the example names a type left out (a HubSpot survey's, a stacked export's question)
        shown = next((value for value in values if value.strip()), "NPS")
        shown = json.dumps(shown if len(shown) <= 60 else shown[:59] + "…", ensure_ascii=False)
        findings.add(
            path,
            "untyped",
            f"'{rated}' answered, left out: no where: names this type",
            f"add the type to the where: of the KPI it answers (nps, csat, ces or binary), e.g. "
            f'csat: {{column: "{rated}", where: {{"{named}": [{shown}]}}}}; the answers of a '
            "survey or question of no KPI touchsite counts (a custom one's) stay left out, as "
            "here",
            named,
            where + 1,
            values,
            records,
        )
    coded = codes, distinct = _distinct(chunk.columns["touchpoint"])
    position = {tp: i for i, tp in enumerate(touchpoints)}
    known = np.array([position.get(v, -1) for v in distinct], dtype=np.int32)
    touchpoint = known[codes]
    # an empty cell names no touchpoint at all: a survey's link opened without its custom
    # variable, an aspect left out
    unnamed = np.array([value == "" for value in distinct], dtype=bool)
    report(
        "touchpoint",
        unnamed,
        coded,
        "no-touchpoint",
        "no touchpoint",
        'map the empty cell to the touchpoint its answers are about, touchpoint_values: {"": '
        "overall} for the company as a whole (a survey's link opened without its custom "
        "variable)",
    )
    report(
        "touchpoint",
        (known < 0) & ~unnamed,
        coded,
        "touchpoint",
        "unknown touchpoint id",
        "use the id of a file in content/touchpoints/ (its name without .md)",
    )

    coded = codes, distinct = _distinct(chunk.columns["date"])
    parsed = pd.to_datetime(pd.Series(distinct, dtype=object), format=ISO, errors="coerce")
    days = parsed.to_numpy(dtype="datetime64[D]")
    day = days[codes]
    month = days.astype("datetime64[M]").astype(np.int64)[codes]  # months since 1970
    hint = (
        "write dates as YYYY-MM-DD"
        if plan.date_format in (ISO, None)  # None: no format read the file's dates yet
        else f"dates here are read as {plan.date_format}; set date_format if that is wrong"
    )
    empty = np.array([value == "" for value in distinct], dtype=bool)
    report("date", empty, coded, "no-date", "no date", _no_date_hint(plan))
    report("date", np.isnat(days) & ~empty, coded, "date", "unreadable date", hint)
    if plan.other_date_order:  # kept as read: only the survey's makers know the order
        swapped = ~np.isnat(days) & (parsed.dt.day.to_numpy() != parsed.dt.month.to_numpy())
        findings.kept_rows(
            path,
            "date-order",
            "day and month could be either way round (no day after the 12th in the file): "
            f"read as {plan.date_format}",
            f'check a date you know; if it reads wrong, set date_format: "{plan.other_date_order}"',
            (plan.shape.columns[plan.date], plan.date + 1),
            np.unique(chunk.records[swapped[codes]]),
        )
    _check_days(days, coded, plan, report)

    scores = {}
    answered = {}  # every number given, on its scale or not, for the scale checks
    # A score that cannot be read leaves out that answer alone: the row's other scores and
    # its comment are used. The row is left out only where it holds nothing else (as the
    # engines' query reads it).
    unread = np.zeros(n, dtype=np.int8)
    used = pc.fill_null(pc.not_equal(chunk.columns["comment"], ""), False).to_numpy(
        zero_copy_only=False
    )
    for kpi, (low, high) in scales.items():
        coded = codes, distinct = _distinct(chunk.columns[kpi])
        numbers = np.array(
            [float(v) if PLAIN_NUMBER.fullmatch(v) else np.nan for v in distinct], dtype="float64"
        )
        given = np.array([v != "" for v in distinct], dtype=bool)
        missing = given & np.isnan(numbers)
        # an answer that holds the file's next lines: a quote opened before it and not closed
        swallowed = missing & np.array(
            [plan.shape.kind == "csv" and _holds_rows(v, plan.shape.separator) for v in distinct],
            dtype=bool,
        )
        report(
            kpi,
            swallowed,
            coded,
            "quote",
            'a quote (") not closed: the lines after it, rows of their own, were read as '
            "this answer (it is left out)",
            'close the quote where the field ends, or double each quote inside a quoted field ("")',
            row=False,
        )
        with np.errstate(invalid="ignore"):
            outside = given & ~missing & ((numbers < low) | (numbers > high))
            split = given & ~missing & ~outside & (numbers % 1 != 0)  # 3.5 of "3,5"
        report(
            kpi,
            missing & ~swallowed,
            coded,
            "number",
            f"{kpi} answer is not a number",
            "map the answer under labels: in the data entry, or list it under not_used:",
            row=False,
        )
        # one above the top (an NPS's 11): set apart, and judged once the file is read
        # (check_scales), on all its answers: the top of a scale numbered from 1, or a slip
        top = outside & (numbers == high + 1)
        plain, plain_hint = _outside(kpi, low, high)
        report(kpi, outside & ~top, coded, "range", plain, plain_hint, row=False)
        report(kpi, top, coded, "range", _one_above(kpi, low, high), "", row=False)
        report(
            kpi,
            split,
            coded,
            "fraction",
            f"{kpi} score is not a whole number",
            f"{kpi} takes whole numbers {low} to {high}: an average or a weighted score is no "
            "answer; export each respondent's answer",
            row=False,
        )
        outside |= split
        value = np.where(given & ~missing & ~outside, numbers, -1)
        scores[kpi] = value.astype(np.int8)[codes]
        answered[kpi] = (codes, np.where(given & ~missing, numbers, np.nan))
        unread += (missing | outside)[codes]
        used |= scores[kpi] >= 0
    good &= used | (unread == 0)
    findings.count_answers(path, plan, chunk, touchpoint, day, month, answered)
    if plan.shape.kind == "csv":
        _check_quotes(chunk, plan, path, findings, touchpoints)
    return Checked(good, touchpoint, day, scores, month, unread)


def _numbered_from_one_hint(kpi: str, low: int, high: int, lowest: bool) -> str:
    """What reads a column of answers up to one above the KPI's top (an NPS's 11) as the
    KPI's scale: its scale, and where its answers hold the KPI's lowest number too (EFS
    Survey's 0 for a question seen and not answered), that number as no answer."""
    hint = (
        f"the question's points are numbered {low + 1}-{high + 1}: give the column its scale, "
        f"{kpi}: {{column: ..., scale: {low + 1}-{high + 1}}}, to read each answer one lower, "
        f"as {low}-{high}"
    )
    if lowest:
        hint += (
            f"; its {low}s then lie below the scale: where {low} is the tool's code for no "
            "answer (EFS Survey's for a question seen, not answered), list it: "
            f'not_used: ["{low}"]'
        )
    return hint


def _add_by_column(findings, path, plan, chunk, rows, values, name, kind, message, hint):
    """The bad `values` of the chunk's `rows` (positions) as findings of the file's columns
    they came from, in the file's order: a wide row's touchpoints share its date, its id and
    a comment column, and a bad value there is one row's, not one per touchpoint. `name`:
    the long table's column."""
    records, slots = chunk.records[rows], chunk.slots[rows]
    if name == "date" and chunk.date_columns is not None:  # the column that dated each row
        column_of_row = chunk.date_columns[rows]
        column = np.unique(column_of_row)
    else:
        found = np.unique(slots)
        indices = [plan.column_of(int(slot), name) for slot in found]
        column = np.array([-1 if index is None else index for index in indices])
        column_of_row = column[np.searchsorted(found, slots)]
    for number in np.unique(column):
        index = None if number < 0 else int(number)
        here = np.flatnonzero(column_of_row == number)
        here = here[np.argsort(records[here], kind="stable")]
        findings.add(
            path,
            kind,
            message,
            hint,
            plan.shape.columns[index] if index is not None else name,
            index + 1 if index is not None else None,
            [values[at] for at in here.tolist()],
            records[here],
        )


def _check_quotes(
    chunk: LongChunk, plan: Plan, path: str, findings, touchpoints: list[str]
) -> None:
    """Comments that hold rows of the file: a quote opened and never closed makes the CSV
    reader take the lines after it, up to the next quote, as the field's text, and those
    rows are lost. A line of a comment is taken for a row when it splits into as many
    fields as the header has, and where the file has them, with a readable date in the date
    column (the first of its date columns filled) and a known touchpoint in the touchpoint
    column (a file with neither: of eight columns or more). The row's answers are kept (an
    engine counted them); its comment, not the customer's text alone, is left out."""
    comments = chunk.columns["comment"]
    broken = line_broken(comments)
    if not len(broken):
        return
    width, separator = len(plan.shape.columns), plan.shape.separator
    named = {slot.touchpoint_column for slot in plan.slots} - {None}
    column = named.pop() if len(named) == 1 else None
    if plan.date is None and column is None and width < 8:
        return
    known = set(touchpoints)
    aliases = {key: tp for slot in plan.slots for key, tp in slot.touchpoint_values.items()}
    # a line taken for a row holds a separator between each two of its fields, and so does
    # its comment: only the few comments that hold as many are read line by line (all read
    # so, the check took 61 ms of a wide export of 200,000 respondents x 10 touchpoints, 44)
    texts = comments.take(pa.array(broken))
    many = pc.greater_equal(pc.count_substring(texts, separator), width - 1)
    many = many.to_numpy(zero_copy_only=False)
    candidates = []  # (comment's place, the line's fields)
    for at, text in zip(broken[many].tolist(), texts.filter(many).to_pylist(), strict=True):
        for line in text.split("\n")[1:]:
            if line.count(separator) < width - 1:
                continue
            for fields in csv.reader([line], delimiter=separator):
                if len(fields) == width and (
                    column is None
                    or fields[column].strip() in known
                    or aliases.get(normal(fields[column])) in known
                ):
                    candidates.append((at, fields))
    if plan.date is not None and candidates:
        # dated as a row is: by the first of its date columns filled (a partial response's
        # start, where it has no submit date)
        dates = (plan.date, *plan.date_fallbacks)
        written = [
            next((fields[i] for i in dates if fields[i].strip()), "") for _at, fields in candidates
        ]
        days = to_iso(written, plan.date_format or ISO)
        candidates = [c for c, day in zip(candidates, days, strict=True) if ISO_DAY.fullmatch(day)]
    if not candidates:
        return
    at = np.unique([place for place, _fields in candidates])
    polluted = np.zeros(len(comments), dtype=bool)
    polluted[at] = True
    texts = comments.take(pa.array(at)).to_pylist()
    chunk.columns["comment"] = pc.if_else(pa.array(polluted), "", comments)
    _add_by_column(
        findings,
        path,
        plan,
        chunk,
        at,
        texts,
        "comment",
        "quote",
        'a quote (") not closed: the lines after it, rows of their own, were read as '
        "this field's text (the comment is left out, the row's answers kept)",
        'close the quote where the field ends, or double each quote inside a quoted field ("")',
    )


def line_broken(texts: pa.Array) -> np.ndarray:
    """The places of the `texts` that hold a line break, found in their bytes at once: each
    line break's byte placed among the texts' bounds (Arrow's search text by text took a
    chunk of 100,000 rows, most of them empty, 4 ms; a copy of the bytes searched first,
    a wide export's chunk whose comments hold line breaks 1.5 ms more)."""
    if isinstance(texts, pa.Array) and is_text(texts.type):
        bounds, data = bounds_and_bytes(texts)
        start, end = (int(bounds[0]), int(bounds[-1])) if len(bounds) else (0, 0)
        if end == start:
            return np.zeros(0, dtype=np.intp)
        breaks = np.flatnonzero(data[start:end] == 0x0A)
        # the text each line break is in: the last that starts at it or before
        found = np.unique(np.searchsorted(bounds, breaks + start, side="right") - 1)
        if texts.null_count:  # a null's bytes, if it has any, are no text
            found = found[texts.is_valid().to_numpy(zero_copy_only=False)[found]]
        return found.astype(np.intp)
    found = pc.fill_null(pc.match_substring(texts, "\n"), False)
    return np.flatnonzero(found.to_numpy(zero_copy_only=False))


def _holds_rows(value: str, separator: str) -> bool:
    """Whether a field's text goes on over lines that hold the separator: rows of the file."""
    return any(separator in line for line in value.split("\n")[1:])


def _no_date_hint(plan: Plan) -> str:
    """What a row without a date is, and how to date it: by a response's start, where the
    file has one and only the submit date is mapped (a partial response, never submitted)."""
    columns = plan.shape.columns
    if plan.date_fallbacks:
        named = " nor ".join(f"'{columns[i]}'" for i in plan.date_fallbacks)
        return (
            f"a row without a date is left out: neither '{columns[plan.date]}' nor {named} "
            "dates it (a totals row, say)"
        )
    if plan.start_date is not None and plan.date is not None:
        listed = ", ".join(f'"{columns[i]}"' for i in (plan.date, plan.start_date))
        return (
            "a row without a date is left out; a survey tool leaves the submit date of a "
            "partial response empty (answered in part, never submitted): to keep its answers, "
            f"date it by its '{columns[plan.start_date]}' in the data entry: date: [{listed}]"
        )
    return (
        "a row without a date is left out (a totals row, say); if the answers are dated in "
        "another column, map date: to it in the data entry"
    )


def _check_days(day: np.ndarray, coded: tuple, plan: Plan, report) -> None:
    """Dates that are read but cannot be true: a tool's unset date, the future, or before the
    survey began. `day`: the distinct dates read; `coded`: each row's code, and the texts."""
    placeholder = np.isin(day, np.array(PLACEHOLDER_DAYS, dtype="datetime64[D]"))
    report(
        "date",
        placeholder,
        coded,
        "unset-date",
        "a placeholder date (an unset date in the survey tool or spreadsheet)",
        "fix the dates in the export, or map the right date column",
    )
    latest = np.datetime64(last_possible_day(), "D")
    with np.errstate(invalid="ignore"):
        report(
            "date",
            ~np.isnat(day) & (day > latest),
            coded,
            "future-date",
            f"date in the future (after {latest})",
            "check the date column and date_format (day and month swapped?)",
        )
        if plan.survey_start:
            start = np.datetime64(plan.survey_start, "D")
            report(
                "date",
                ~np.isnat(day) & ~placeholder & (day < start),
                coded,
                "early-date",
                f"date before the survey's start ({plan.survey_start})",
                "check the date column, or the data entry's survey_start",
            )


def _distinct(array: pa.Array) -> tuple[np.ndarray, list[str]]:
    """Each row's code, and the values coded (a column to_long coded comes as it is: its
    values may repeat, each read alike)."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    encoded = array if pa.types.is_dictionary(array.type) else pc.dictionary_encode(array)
    return encoded.indices.to_numpy(zero_copy_only=False), encoded.dictionary.to_pylist()
