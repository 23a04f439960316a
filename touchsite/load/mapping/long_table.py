"""A chunk of a file's records, as rows of the long table, by the plan."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.load.comment_text import comments_only
from touchsite.load.dates import ISO, FoundFormat, dated, find_format, row_days, settled
from touchsite.load.formats import RawChunk
from touchsite.load.mapping.columns import LONG_COLUMNS, normal
from touchsite.load.mapping.resolve import Plan, Slot
from touchsite.load.mapping.scores import ScoreRule
from touchsite.load.mapping.status import marked_not_real, unfinished
from touchsite.load.text_bytes import bounds_and_bytes, is_text
from touchsite.models import KPIS

# What a spreadsheet or a report writes below the answers, in a cell of its own: a totals
# row's label ("Summe", "Gesamt", "Total (n = 230)", "Mittelwert: 4,2", "n = 230"), or a note
# ("Export erstellt am 05.12.2026 10:14", "Stand: 05.12.2026", "Quelle: Kundenbefragung").
TOTALS_WORDS = (
    r"(?:gesamt|zwischen)?summen?|gesamt(?:ergebnis|wert)?|insgesamt|ergebnis|"
    r"(?:grand |sub)?totals?|sum|mittelwerte?|durchschnitt|ø|average|avg\.?|mean|median|"
    r"anzahl|count|basis|base"
)
NOTE_WORDS = (
    r"export|exportiert|exported|erstellt|created|generated|stand|datenstand|quelle|source|"
    r"abgerufen|downloaded|report|bericht"
)
STRAY_CELL = (
    rf"^\s*(?:(?:{TOTALS_WORDS})\s*[:=]?\s*(?:\(.*\)|[-+0-9.,%\s]*)|n\s*[=:]\s*[0-9][0-9.,]*.*|"
    rf"(?:{NOTE_WORDS})\b[\s:]+\S.*)$"
)


@dataclass
class LongChunk:
    """Rows of the long table, each with its record's index and its slot."""

    records: np.ndarray
    slots: np.ndarray
    columns: dict[str, pa.Array]
    # each row's file column its date came from, where a row is dated by the first of
    # several date columns filled (Plan.date_fallbacks): where a problem with it is reported
    date_columns: np.ndarray | None = None
    # totals rows and notes left out (stray_rows): their records, the cells that say so and
    # those cells' file columns
    stray: tuple[np.ndarray, list[str], np.ndarray] | None = None
    # answers of a score column read only where another column names their KPI (where:),
    # in rows whose type no where: names, so left out: their records, that column's values,
    # its index and the score column's
    untyped: list[tuple[np.ndarray, list[str], int, int]] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.records)

    def text(self, name: str) -> list[str]:
        """A column's values (a coded one's decoded first: Arrow makes each row's text from
        a dictionary twenty times slower)."""
        return _plain(self.columns[name]).to_pylist()


# The file's records again from its start, in chunks of the columns asked for
Rereading = Callable[[list[int]], Iterator[RawChunk]]


class CommentsAhead:
    """The comment columns of the chunk after this one read with this one's, in one call of
    comments_only: each call compiles its patterns again, whatever the texts it reads
    (SIGNATURE ~10 ms, and where a text is signed PRAISED ~20 ms and the cut's patterns
    ~25 ms), so a pair of chunks pays that once. Comments are read each on its own, so the
    texts read together are read as they would be apart. `peek` gives the next chunk (read
    ahead, not handed out), None after the last."""

    def __init__(self, peek: Callable[[], RawChunk | None]) -> None:
        self.peek = peek
        self.start = -1  # the chunk whose comment columns are read already: its start
        self.read: list[pa.Array] = []  # ... and those columns, of all its records

    def comments(
        self, start: int, kept: pa.Array | None, text, indexes: list[int]
    ) -> dict[int, pa.Array]:
        """The comment columns `indexes` of the chunk starting at record `start`, read by
        comments_only, of its rows `kept` (None: all); `text` gives a column of those rows,
        trimmed. Without a chunk read with it before, the next chunk's are read with it."""
        if self.start == start:
            read, self.start, self.read = self.read, -1, []
            if kept is not None:
                read = [column.filter(kept) for column in read]
            return dict(zip(indexes, read, strict=True))
        following = self.peek() if indexes else None
        if following is None:
            return _comments_read(text, indexes)
        now = [text(index) for index in indexes]
        later = [pc.utf8_trim_whitespace(following.columns[index]) for index in indexes]
        read = _read_comments([*now, *later])
        self.start, self.read = following.start, read[len(now) :]
        return dict(zip(indexes, read[: len(now)], strict=True))


def to_long(
    chunk: RawChunk,
    plan: Plan,
    again: Rereading | None = None,
    ahead: CommentsAhead | None = None,
) -> LongChunk:
    """The chunk's rows of the long table. The first chunk's dates settle the file's date
    format where they decide it; where they leave day and month either way round (none after
    the 12th) or hold no date, the file's dates read `again` do, to the first chunk that
    decides: else the order is decided by where the chunks fall. `ahead`: where the next
    chunk's comments are read with this one's (CommentsAhead)."""
    records = np.arange(chunk.start, chunk.start + chunk.length, dtype=np.int64)
    # rows with nothing in the columns read (a spreadsheet's empty rows, ";;;;;;" in its CSV)
    # hold no answer: left out, not reported; nor do the header rows of a second export
    # pasted below the first (a wave appended), whose answers below are read as the first's
    blank = blank_rows([chunk.columns[index] for index in plan.mapped()], chunk.length)
    blank |= header_rows_again(chunk.columns, chunk.length, plan.shape.header_records, blank)
    # a totals row or a note ("Summe", "Export erstellt am ..."): named where it is, as no
    # answer, and never read as one (its sums and averages would count as scores)
    stray, said, where = stray_rows(chunk.columns, chunk.length, plan, blank)
    stray_found = (records[stray], said, where) if stray.any() else None
    blank &= ~stray
    plan.blank += int(blank.sum())
    plan.stray += int(stray.sum())
    kept = ~blank & ~stray
    for status, rule in plan.statuses:
        not_real = marked_not_real(chunk.columns[status], rule) & kept
        plan.not_real += int(not_real.sum())
        kept &= ~not_real
    selected = None  # the rows kept, where not all are
    if not kept.all():
        selected = pa.array(kept)
        columns = {index: column.filter(selected) for index, column in chunk.columns.items()}
        chunk = RawChunk(chunk.start, int(kept.sum()), columns)
        records = records[kept]
    n = chunk.length
    empty = pa.repeat("", n)
    # coded, a column no plan maps is one code, read once: not n empty texts numbered again
    unmapped = pa.DictionaryArray.from_arrays(
        pa.repeat(pa.scalar(0, pa.int32()), n), pa.array([""], pa.string())
    )

    def text(index: int | None) -> pa.Array:
        if index is None:
            return empty
        return pc.utf8_trim_whitespace(chunk.columns[index])

    def coded(index: int | None, convert=None) -> pa.Array:
        """A column the checks (and the reducer: segments, variants) read by its distinct
        values: those trimmed (and converted), with each row's code, and no trimmed copy of
        every row made."""
        if index is None:
            return unmapped
        return by_distinct(chunk.columns[index], convert, trim=True)

    rows_named: dict[tuple[int, frozenset[str]], np.ndarray] = {}

    def named(where: tuple[int, frozenset[str]]) -> np.ndarray:
        """The rows whose column `where[0]` names the KPI, as one of `where[1]`."""
        if where not in rows_named:
            rows_named[where] = _named_rows(chunk.columns[where[0]], where[1])
        return rows_named[where]

    if plan.respondent is not None:
        respondent = text(plan.respondent)
    elif plan.respondent_prefix:
        numbers = pc.cast(pa.array(records + 1), pa.string())
        respondent = pc.binary_join_element_wise(pa.repeat(plan.respondent_prefix, n), numbers, "")
    else:
        respondent = empty
    date_columns = None
    if plan.date is None:
        dates = pa.repeat(plan.fixed_date, n)
    elif plan.date_fallbacks:
        listed = (plan.date, *plan.date_fallbacks)
        filled, date_columns = _first_filled([text(i) for i in listed], listed)
        dates = filled
    else:
        dates = text(plan.date)
    if plan.finished is not None:  # Qualtrics: one left unfinished is dated by its start
        dates, date_columns = _started_if_unfinished(chunk, plan, text, dates, date_columns)
    date_format = plan.date_format
    if date_format is None:  # one format for the file
        values = _in_order(dates)
        found = find_format(values)
        # dates that no format reads ("20260301", a tool's "0000-00-00 00:00:00" for none)
        # are reported as they are, and the next chunk's dates are looked at as they come:
        # the file's others were read to its end again, to no end where it writes them all so
        if again is not None and (found.open if found else not dated(values)):
            found = _settled(found, plan, again)
        date_format = found.format if found else ISO
        if found is not None or not dated(values):
            plan.date_format = date_format
            plan.other_date_order = found.other_order if found else ""
    # ISO days too: a zone after the day ("2026-03-01 UTC") is dropped, as after a time
    dates = row_days(dates, date_format)
    shared = {
        "response_id": respondent,
        "date": dates,
        "segment": _joined([coded(index) for index in plan.segments], unmapped),
        "variant": coded(plan.variant),
    }
    comment_columns = sorted({i for slot in plan.slots for i in slot.comments})
    if ahead is None:
        comments = _comments_read(text, comment_columns)
    else:
        comments = ahead.comments(chunk.start, selected, text, comment_columns)
    parts = []
    for number, slot in enumerate(plan.slots):
        columns = dict(shared)
        if slot.touchpoint_column is None:
            # coded, as a touchpoint column is: a wide export's slots are stacked by their
            # codes, not 650,000 copies of their ids a chunk
            columns["touchpoint"] = pa.DictionaryArray.from_arrays(
                pa.repeat(pa.scalar(0, pa.int32()), n), pa.array([slot.touchpoint], pa.string())
            )
        elif slot.touchpoint_values:
            columns["touchpoint"] = coded(
                slot.touchpoint_column, _touchpoint_reader(slot.touchpoint_values)
            )
        else:
            columns["touchpoint"] = coded(slot.touchpoint_column)
        for kpi in KPIS:
            rule = slot.scores.get(kpi)
            if rule is None:
                columns[kpi] = empty
                continue
            # a satisfaction's words say which end is best; an agreement's, on a CES, may be
            # meant either way (kpis.ces_scale's higher_is_better)
            found: list[tuple[int, str]] | None = [] if kpi == "csat" else None
            columns[kpi] = coded(rule.column, _reader(rule, found))
            for place, value in found or ():  # the first row of each answer read by its number
                row = pc.index(columns[kpi].indices, place).as_py()
                rule.note_numbered(value, int(records[row]))
            if rule.where is not None:  # the rows another column names as this KPI's
                columns[kpi] = _blank_unless(columns[kpi], named(rule.where))
        # an answer that says there is none ("-", "k. A.", "nichts") is no comment
        columns["comment"] = _joined([comments[index] for index in slot.comments], empty)
        if slot.comment_where is not None:  # the rows of the open question alone
            columns["comment"] = pc.if_else(
                pa.array(named(slot.comment_where)), columns["comment"], ""
            )
        keep = None
        if plan.wide:  # a respondent who did not answer for this touchpoint has no row for it
            answered = [columns[kpi] for kpi in (*slot.scores, "comment")]
            mask = np.zeros(n, dtype=bool)
            for column in answered:
                mask |= _given(column)
            keep = mask
        parts.append((number, keep, columns))
    long = _stack(parts, records, date_columns)
    long.stray = stray_found
    long.untyped = _untyped(plan, named, text, records)
    return long


def _settled(found: FoundFormat | None, plan: Plan, again: Rereading) -> FoundFormat | None:
    """`found`, settled by the file's dates read again, a chunk's distinct values at a time,
    until they decide it (or the file ends: it stays as the first chunk left it)."""
    with closing(again(plan.dating())) as chunks:
        for raw in chunks:
            for index in plan.dating():
                found = settled(found, _in_order(raw.columns[index]))
            if found is not None and not found.open:
                break
    return found


def _given(column: pa.Array) -> np.ndarray:
    """Which rows hold a value other than "": a coded column's read by its few distinct
    values (compared row by row, Arrow decodes it first: 1.15 ms against 0.15 ms for a
    wide export's 100,000 respondents, twenty columns a chunk at 10 touchpoints)."""
    if pa.types.is_dictionary(column.type) and not column.null_count:
        given = pc.not_equal(column.dictionary, "")
        return pc.fill_null(given, False).to_numpy(zero_copy_only=False)[
            column.indices.to_numpy(zero_copy_only=False)
        ]
    return pc.not_equal(column, "").to_numpy(zero_copy_only=False)


def _named_rows(column: pa.Array, values: frozenset[str]) -> np.ndarray:
    """Which rows of `column` hold one of `values` (as mapping.normal writes them)."""
    encoded = by_distinct(column)
    named = [
        value is not None and normal(value) in values for value in encoded.dictionary.to_pylist()
    ]
    at = pc.fill_null(encoded.indices, len(named)).to_numpy(zero_copy_only=False)
    return np.array([*named, False], dtype=bool)[at]


def _blank_unless(column: pa.DictionaryArray, rows: np.ndarray) -> pa.DictionaryArray:
    """`column` (a coded one) with no answer but in `rows`."""
    dictionary = pa.concat_arrays([column.dictionary, pa.array([""], column.dictionary.type)])
    empty = pa.scalar(len(column.dictionary), column.indices.type)
    indices = pc.if_else(pa.array(rows), column.indices, empty)
    return pa.DictionaryArray.from_arrays(indices, dictionary)


def _untyped(plan: Plan, named, text, records: np.ndarray) -> list:
    """The answers of each score column read only where another column names the KPI
    (where:, in every slot that maps it) in rows whose type no where: of it names: left
    out, and named as such."""
    found = []
    by_column: dict[int, list[ScoreRule]] = {}
    # a stacked export's answer column holds its open question's answers too: read as
    # comments in the rows their where: names, they are taken
    commented: dict[int, list[tuple[int, frozenset[str]]]] = {}
    for slot in plan.slots:
        for rule in slot.scores.values():
            by_column.setdefault(rule.column, []).append(rule)
        for index in slot.comments:
            if slot.comment_where is not None:
                commented.setdefault(index, []).append(slot.comment_where)
    for column, rules in by_column.items():
        if any(rule.where is None for rule in rules):  # one reads every row
            continue
        taken = np.zeros(len(records), dtype=bool)
        for where in [rule.where for rule in rules] + commented.get(column, []):
            taken |= named(where)
        answered = pc.fill_null(pc.not_equal(text(column), ""), False)
        left = answered.to_numpy(zero_copy_only=False) & ~taken
        if left.any():
            where = rules[0].where[0]
            values = _plain(text(where)).filter(pa.array(left)).to_pylist()
            found.append((records[left], [v or "" for v in values], where, column))
    return found


def stray_rows(
    columns: dict[int, pa.Array], rows: int, plan: Plan, blank: np.ndarray
) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Which rows are a totals row or a note, no response: a cell other than a comment says
    so wholly (STRAY_CELL), and the row has no date (where the file's answers are dated),
    else nothing in its score and comment columns. With the cell that says so and its
    column, of each such row in order.

    A date column's cell dates the row whatever it holds but such a label ("Summe",
    "Stand: 05.12.2026"): a customer's answer is dated however the file writes its dates
    (Excel's day numbers, 46085), and is one answered or not, whatever its segment
    ("Basis", "Gesamt"), its aspect ("Gesamt") or its answer ("Average") says."""
    if plan.date is not None:
        dated = np.zeros(rows, dtype=bool)
        for index in (plan.date, *plan.date_fallbacks):
            cells = _plain(columns[index])
            filled = pc.invert(
                pc.or_(pc.equal(pc.binary_length(cells), 0), pc.utf8_is_space(cells))
            )
            dated |= pc.fill_null(filled, False).to_numpy(zero_copy_only=False) & ~_said(cells)
        candidates = ~dated
    else:
        answers = [rule.column for slot in plan.slots for rule in slot.scores.values()]
        answers += [index for slot in plan.slots for index in slot.comments]
        candidates = blank | blank_rows([columns[index] for index in answers], rows)
        for slot in plan.slots:
            if slot.touchpoint_column is not None and candidates.any():
                candidates &= ~_at_a_touchpoint(columns[slot.touchpoint_column], slot, candidates)
    stray = np.zeros(rows, dtype=bool)
    said: dict[int, tuple[str, int]] = {}
    at = np.flatnonzero(candidates)
    comments = {index for slot in plan.slots for index in slot.comments}
    for index in sorted(set(columns) - comments):
        if not len(at):
            break
        cells = _plain(columns[index].take(pa.array(at)))
        found = _said(cells)
        for row, cell in zip(
            at[found].tolist(), cells.filter(pa.array(found)).to_pylist(), strict=True
        ):
            said[row] = (" ".join(cell.split()), index)
        stray[at[found]] = True
        at = at[~found]
    rows_said = sorted(said)
    return (
        stray,
        [said[row][0] for row in rows_said],
        np.array([said[row][1] for row in rows_said], dtype=np.int64),
    )


def _said(cells: pa.Array) -> np.ndarray:
    """Which of `cells` (text) say that their row is a totals row or a note (STRAY_CELL; a
    null does not), read by the pattern only where a cell starts as one that says so may
    (`_may_say`): a chunk's 100,000 dates took the pattern 3.7 ms."""
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    said = np.zeros(len(cells), dtype=bool)
    maybe = _may_say(cells)
    if maybe.any():
        tried = cells if maybe.all() else cells.filter(pa.array(maybe))
        match = pc.match_substring_regex(tried, STRAY_CELL, ignore_case=True)
        said[maybe] = pc.fill_null(match, False).to_numpy(zero_copy_only=False)
    return said


# The bytes a cell that STRAY_CELL matches may start with: white space (RE2's, and \v), a
# letter (any case), or a character outside ASCII (RE2 reads "ſumme" as "summe", ignoring
# case); never a digit nor ASCII's punctuation, as a date or a number starts
MAY_START = np.zeros(256, dtype=bool)
MAY_START[[ord(c) for c in "\t\n\v\f\r "]] = True
MAY_START[ord("A") : ord("Z") + 1] = MAY_START[ord("a") : ord("z") + 1] = True
MAY_START[0x80:] = True


def _may_say(cells: pa.Array) -> np.ndarray:
    """Which of `cells` STRAY_CELL may match, told by their first byte (MAY_START), found in
    the text's bytes at once; all, where they hold a null or are no plain text."""
    if not is_text(cells.type) or cells.null_count:
        return np.ones(len(cells), dtype=bool)
    bounds, data = bounds_and_bytes(cells)
    filled = bounds[1:] > bounds[:-1]
    if not filled.any():
        return np.zeros(len(cells), dtype=bool)
    return filled & MAY_START[data[np.minimum(bounds[:-1], bounds[-1] - 1)]]


def _at_a_touchpoint(column: pa.Array, slot: Slot, rows: np.ndarray) -> np.ndarray:
    """Which of `rows` a long table's touchpoint column places at a touchpoint: a value
    touchpoint_values maps ("Gesamt" as the overall aspect), or any that reads as no totals
    label or note (an id, a value the checks name as an unknown touchpoint). Such a row is a
    response, answered or not, as the engines' query keeps it."""
    at = np.flatnonzero(rows)
    cells = pc.dictionary_encode(_plain(column.take(pa.array(at))))
    if isinstance(cells, pa.ChunkedArray):
        cells = cells.combine_chunks()
    values = cells.dictionary.to_pylist()
    labels = pc.fill_null(
        pc.match_substring_regex(cells.dictionary, STRAY_CELL, ignore_case=True), False
    ).to_pylist()
    named = [
        normal(value or "") in slot.touchpoint_values or (bool((value or "").strip()) and not label)
        for value, label in zip(values, labels, strict=True)
    ]
    placed = np.zeros(len(rows), dtype=bool)
    if values:
        indices = pc.fill_null(cells.indices, 0).to_numpy(zero_copy_only=False)
        given = pc.is_valid(cells.indices).to_numpy(zero_copy_only=False)
        placed[at] = np.array(named, dtype=bool)[indices] & given
    return placed


def blank_rows(columns, rows: int) -> np.ndarray:
    """Which rows are empty, or only white space, in every one of `columns`."""
    blank = np.ones(rows, dtype=bool)
    for column in columns:
        empty = pc.or_(pc.equal(pc.binary_length(column), 0), pc.utf8_is_space(column))
        blank &= pc.fill_null(empty, True).to_numpy(zero_copy_only=False)
        if not blank.any():
            break
    return blank


def header_rows_again(
    columns: dict[int, pa.Array],
    rows: int,
    header: tuple[tuple[str, ...], ...],
    blank: np.ndarray,
) -> np.ndarray:
    """Which rows repeat one of the file's header rows in every cell filled of `columns` (by
    index), with at least two names of words among them: a row of answers that happen to
    be a column's name ("1", "2" under the names 1 and 2) is no header. `blank`: the rows
    known to hold nothing (blank_rows), none of which is one. Each column after the first
    is read in the rows that still may be one alone: a row of answers rarely holds a
    column's name, and a wide export has a hundred columns or more."""
    again = np.zeros(rows, dtype=bool)
    for record in header:
        candidates = np.flatnonzero(~blank)
        named = np.zeros(len(candidates), dtype=np.int64)
        for index, column in columns.items():
            if not len(candidates):
                break
            name = record[index].strip() if index < len(record) else ""
            some = column if len(candidates) == rows else column.take(pa.array(candidates))
            cells = pc.fill_null(pc.utf8_trim_whitespace(some), "")
            equal = pc.equal(cells, name).to_numpy(zero_copy_only=False)
            empty = pc.equal(cells, "").to_numpy(zero_copy_only=False)
            if name and any(character.isalpha() for character in name):
                named += equal & ~empty
            same = equal | empty
            candidates, named = candidates[same], named[same]
        again[candidates[named >= 2]] = True
    return again


def _touchpoint_reader(ids: dict[str, str]):
    """Values that name a touchpoint (an aspect, a service) as its id; others as they are."""
    return lambda values: [ids.get(normal(value), value) for value in values]


def _reader(rule: ScoreRule, found: list[tuple[int, str]] | None):
    """The values read; `found` (where asked) gets the places (and values) of answers read
    by their numbers that no earlier chunk held: whether they run against their words is
    decided once the file is read."""

    def read(values: list[str]) -> list[str]:
        if found is not None:
            found.extend((place, values[place]) for place in rule.new_numbered(values))
        return [rule.read(value) for value in values]

    return read


def _stack(parts, records: np.ndarray, date_columns: np.ndarray | None = None) -> LongChunk:
    """The slots' rows as one long table, in the file's order: by record, a record's slots in
    their order. Each column is gathered once, by each kept row's place: the columns all
    slots share (respondent, date, segment) from the record's row, a slot's own from its
    slot's column (filtering every column of every slot, then putting the pieces back in
    order, took a wide export's chunk a fifth of its loading)."""
    if len(parts) == 1 and parts[0][1] is None:
        number, _, columns = parts[0]
        slots = np.full(len(records), number, dtype=np.int16)
        return LongChunk(records, slots, columns, date_columns)
    n = len(records)
    kept = np.stack([np.ones(n, dtype=bool) if keep is None else keep for _, keep, _ in parts])
    rows, which = np.nonzero(kept.T)  # row by row, a row's slots in turn
    numbers = np.array([number for number, _, _ in parts], dtype=np.int16)
    at_row = pa.array(rows)
    at_slot = None
    stacked = {}
    for name in LONG_COLUMNS:
        columns = [part[name] for _, _, part in parts]
        if all(column is columns[0] for column in columns):
            stacked[name] = _taken(columns[0], at_row)
            continue
        if len({column.type for column in columns}) > 1:  # a coded column and an empty one
            columns = _alike(columns)
        if at_slot is None:
            at_slot = pa.array(which.astype(np.int64) * n + rows)
        stacked[name] = pa.concat_arrays(columns).take(at_slot)
    return LongChunk(
        records[rows],
        numbers[which],
        stacked,
        date_columns[rows] if date_columns is not None else None,
    )


def _taken(column: pa.Array, rows: pa.Array) -> pa.Array:
    """column.take(rows), made anew where every value is empty (a KPI or variant the plan
    does not map): a wide export's chunk took its 650,000 empty texts in 3.5 ms a column."""
    text = column.type in (pa.string(), pa.large_string()) and not column.null_count
    if text and not pc.max(pc.binary_length(column)).as_py():
        return pa.repeat(pa.scalar("", column.type), len(rows))
    return column.take(rows)


def _alike(columns: list[pa.Array]) -> list[pa.Array]:
    """Slots' columns of one type: a coded column's answers beside another slot's plain text
    (its empty column) all coded, so the checks and counts read the stacked column by its
    few values, as a long table's; else all plain, and large text (a Parquet file's: pandas 3
    writes its text so) beside ours all large."""
    coded = {column.type for column in columns if pa.types.is_dictionary(column.type)}
    if len(coded) == 1:
        (kind,) = coded
        # the slots without the KPI share one empty column: coded once (nine slots' 100,000
        # rows took a wide export's chunk 9 ms)
        by_id = {id(column): column for column in columns if column.type != kind}
        coded_once = {key: pc.dictionary_encode(column) for key, column in by_id.items()}
        encoded = [coded_once.get(id(column), column) for column in columns]
        if all(column.type == kind for column in encoded):
            return encoded
    columns = [_plain(column) for column in columns]
    if len({column.type for column in columns}) > 1:
        columns = [column.cast(pa.large_string()) for column in columns]
    return columns


def _comments_read(text, indexes: list[int]) -> dict[int, pa.Array]:
    """Each comment column's answers (trimmed by `text`) read by comments_only, all columns
    in one call (_read_comments)."""
    return dict(zip(indexes, _read_comments([text(index) for index in indexes]), strict=True))


def _read_comments(texts: list[pa.Array]) -> list[pa.Array]:
    """Each column of answers `texts` (trimmed) read by comments_only, all in one call: its
    regular expressions are compiled on every call (9 ms), which a wide export's comment
    column per touchpoint paid once per column and chunk (0.8 s of CPU for 200,000
    respondents x 10 touchpoints in chunks of 22,000)."""
    if len({column.type for column in texts}) != 1:  # none, or of two kinds: each its own
        return [comments_only(column) for column in texts]
    read = comments_only(pa.concat_arrays(texts))
    starts = np.cumsum([0, *map(len, texts)])[:-1]
    return [read.slice(start, len(column)) for start, column in zip(starts, texts, strict=True)]


def _joined(columns: list[pa.Array], empty: pa.Array) -> pa.Array:
    """Each row's non-empty values of the columns, joined by " / ", in Arrow: no Python text
    made per row (as text, whatever the columns' strings, large or not)."""
    if not columns:
        return empty
    if len(columns) == 1:
        return columns[0]
    joined, *rest = (pc.fill_null(column.cast(pa.string()), "") for column in columns)
    for column in rest:
        both = pc.binary_join_element_wise(joined, column, " / ")
        joined = pc.if_else(
            pc.equal(joined, ""), column, pc.if_else(pc.equal(column, ""), joined, both)
        )
    return joined


def _started_if_unfinished(
    chunk: RawChunk, plan: Plan, text, dates: pa.Array, date_columns: np.ndarray | None
) -> tuple[pa.Array, np.ndarray | None]:
    """The dates with each response left unfinished dated by its start, where it has one
    (Plan.finished), and each row's date column. Qualtrics records such a response only when
    its session expires, a week after its last answer by default: its RecordedDate and
    EndDate say when that was, not when the customer answered."""
    started = pc.fill_null(_plain(text(plan.started)), "")
    late = unfinished(chunk.columns[plan.finished])
    late &= pc.not_equal(started, "").to_numpy(zero_copy_only=False)
    if not late.any():
        return dates, date_columns
    if date_columns is None:
        date_columns = np.full(len(late), plan.date, dtype=np.int32)
    date_columns = np.where(late, plan.started, date_columns).astype(np.int32)
    dates = pc.if_else(pa.array(late), started, pc.fill_null(_plain(dates), "").cast(started.type))
    return dates, date_columns


def _first_filled(columns: list[pa.Array], indices: tuple[int, ...]) -> tuple[pa.Array, np.ndarray]:
    """Each row's value of the first column that holds one (trimmed text), and the index
    (of `indices`, the columns' in the file) of that column: the first's where none does."""
    first, *rest = (pc.fill_null(_plain(column).cast(pa.string()), "") for column in columns)
    which = np.full(len(first), indices[0], dtype=np.int32)
    for index, column in zip(indices[1:], rest, strict=True):
        empty = pc.equal(first, "")
        which[pc.and_(empty, pc.not_equal(column, "")).to_numpy(zero_copy_only=False)] = index
        first = pc.if_else(empty, column, first)
    return first, which


def by_distinct(array: pa.Array, convert=None, trim: bool = False) -> pa.DictionaryArray:
    """Each distinct value trimmed (`trim`) and converted once, as the dictionary of each
    row's code: survey columns repeat a few values many times. The dictionary may hold a
    value twice (" 5" and "5" both trimmed to "5"); its values read as the rows' do."""
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    encoded = array if pa.types.is_dictionary(array.type) else pc.dictionary_encode(array)
    values = encoded.dictionary
    if trim:
        values = pc.utf8_trim_whitespace(values)
    if convert is not None:
        values = pa.array(convert(values.to_pylist()), pa.string())
    return pa.DictionaryArray.from_arrays(encoded.indices, values)


def _in_order(array: pa.Array) -> pa.Array:
    """The distinct values, in the order they first appear, as Arrow's text: find_format
    reads the first few hundred unless they leave the format open (a chunk's hundred
    thousand dates to the second, made Python's texts, took 14 ms)."""
    if pa.types.is_dictionary(array.type):  # its dictionary is in that order (repeats aside)
        array = array.dictionary
    return pc.unique(array)


def _plain(array: pa.Array) -> pa.Array:
    return array.dictionary_decode() if pa.types.is_dictionary(array.type) else array
