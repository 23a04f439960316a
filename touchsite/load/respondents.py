"""The respondent as the unit: sums over respondents per group of answers, while reading.

A pooled figure (a phase, a step, a segment, all touchpoints) holds several answers of one
respondent; its interval must count the respondent once. The linearised (cluster-robust)
variance of a mean of answers needs, per group, only sums over respondents of their answer
count n_i and value sum y_i, their squares and product, and for two groups the sums of their
cross-products (models.RespondentMoments). Those are gathered here from the answers of the
whole data, after reading, as they are the only part of the respondents a reduced dataset keeps.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from touchsite.groups import distinct, table_sums
from touchsite.load.text_bytes import bounds_and_bytes
from touchsite.models import (
    GROUP_COLUMNS,
    KPIS,
    PAIR_COLUMNS,
    PATTERN_COLUMNS,
    Config,
    RespondentMoments,
)

# An answer without a respondent id is a respondent of its own: its key has this bit set,
# the rest is the answer's place in the files (respondent ids are 64-bit hashes otherwise).
OWN = np.uint64(1 << 63)
PAIR_BLOCK = 1 << 20  # pairs summed at a time
RESPONDENT_BLOCK = 1 << 18  # respondents whose sums are made at a time
ANSWER_BLOCK = 1 << 20  # answers counted at a time, where each respondent answered once
# groupings whose sums over respondents are those of a finer one's, summed (after it)
COARSER = {"quarter": "month", "all": "month"}


def respondent_moments(
    respondent: np.ndarray,
    touchpoint: np.ndarray,
    month: np.ndarray,
    segment: np.ndarray,
    scores: dict[str, np.ndarray],
    touchpoints: list[str],
    segments: list[str],
    config: Config,
) -> RespondentMoments:
    """`respondent` numbers the respondents from 0 (a few gaps do not matter), `touchpoint`
    and `segment` index their names, `month` counts months since 1970-01;
    scores are -1 where not answered. Only the journey's answers count, not the overall
    question's: the caller sets its scores to -1."""
    months = distinct(month)[0]
    month_text = dict(
        zip(months, np.datetime_as_string(months.astype("datetime64[M]")), strict=True)
    )
    quarters = np.unique(months // 3)
    names = {
        "touchpoint": touchpoints.__getitem__,
        "segment": segments.__getitem__,
        "month": month_text.__getitem__,
        "quarter": {q: f"{q // 4 + 1970}-Q{q % 4 + 1}" for q in quarters}.__getitem__,
        "all": lambda _code: "",
    }
    groups, pairs, patterns = [], [], []
    asked = [kpi for kpi in KPIS if kpi in scores]
    # a KPI no respondent answered twice: its sums over respondents are sums over answers
    all_once = _answered_once(respondent, None)
    single = [kpi for kpi in asked if all_once or _answered_once(respondent, scores[kpi])]
    for kpi in single:
        counts = _counts_by_value(touchpoint, segment, month, scores[kpi], config.kpis[kpi])
        for kind, (low, by_value, table) in counts.items():
            found = _groups_of_counts(low, by_value, table)
            if kind == "touchpoint":
                patterns.append(_single_patterns(kpi, found))
            groups.append(_group_frame(kind, kpi, found, names[kind]))
            if kind in ("touchpoint", "segment"):
                pairs.append(_pair_frame(kind, kpi, _no_pairs(), touchpoints, segments))
    rest = [kpi for kpi in asked if kpi not in single]
    # a block of respondents at a time: the sums over respondents add up over the blocks
    end = int(respondent.max()) + 1 if len(respondent) and rest else 0
    blocks = range(0, end, RESPONDENT_BLOCK)
    for start in blocks:
        mine = (respondent >= start) & (respondent < start + RESPONDENT_BLOCK)
        rows = slice(None) if mine.all() else np.flatnonzero(mine)
        # the block's answers by respondent and touchpoint: one sort, which every group's
        # sums over respondents start from
        order = np.argsort(respondent[rows].astype(np.int64) * len(touchpoints) + touchpoint[rows])
        rows = order if isinstance(rows, slice) else rows[order]
        del order
        # sorted, as the rows are: numbers from 0 within the block
        people = respondent[rows] - start
        codes = {"touchpoint": touchpoint[rows], "segment": segment[rows], "month": month[rows]}
        codes["quarter"] = codes["month"] // 3
        codes["all"] = np.zeros(len(codes["month"]), dtype=np.int8)
        for kpi in rest:
            score = scores[kpi][rows]
            answered = score >= 0
            if not answered.any():
                continue
            values = score[answered].astype(np.int64)
            y = _value_table(config.kpis[kpi], int(values.max()))[values]
            who = people[answered]
            # each respondent answered once: each one's sums in any group are that answer's
            once = not (who[1:] == who[:-1]).any()
            sums_of = {}
            for kind, name in names.items():
                found_codes = codes[kind][answered]
                if kind in COARSER and not once:  # summed from the months' sums: no sort
                    finer = sums_of[COARSER[kind]]
                    coarse = finer[1] // 3 if kind == "quarter" else np.zeros_like(finer[1])
                    sums = _merged(finer, coarse)
                else:
                    sums = _per_respondent(who, found_codes, y, once)
                sums_of[kind] = sums
                if kind == "touchpoint":
                    patterns.append(_patterns(kpi, sums, once))
                found = _groups(sums, found_codes, y, once)
                groups.append(_group_frame(kind, kpi, found, name))
                if kind in ("touchpoint", "segment"):
                    pairs.append(_pair_frame(kind, kpi, _pairs(sums), touchpoints, segments))
    return RespondentMoments(
        _table(groups, GROUP_COLUMNS, 3, len(blocks)),
        _table(pairs, PAIR_COLUMNS, 4, len(blocks)),
        _pattern_table(patterns, touchpoints),
    )


def _value_table(definition, high: int) -> np.ndarray:
    """Each score's answer value, for the scores 0 .. `high`."""
    return np.array([definition.answer_value(s) for s in range(high + 1)], dtype="float64")


def _answered_once(respondent: np.ndarray, score: np.ndarray | None) -> bool:
    """Whether no respondent gave two of the answers `score` holds (-1: not answered; None:
    of all answers). A block of answers at a time: memory stays bounded."""
    seen = np.zeros(int(respondent.max()) + 1 if len(respondent) else 0, dtype=bool)
    marked = 0
    for start in range(0, len(respondent), ANSWER_BLOCK):
        who = respondent[start : start + ANSWER_BLOCK]
        if score is not None:
            who = who[score[start : start + ANSWER_BLOCK] >= 0]
        if seen[who].any():
            return False
        seen[who] = True
        marked += len(who)
        if int(np.count_nonzero(seen)) != marked:  # two in this block
            return False
    return True


def _counts_by_value(touchpoint, segment, month, score, definition) -> dict[str, tuple]:
    """The answers of `score` counted per group and score, for each kind of group: (the
    lowest group code, the counts [group code - lowest, score], the scores' answer values).
    No sort: a group's sums over answers are its counts times the values, and counts add
    up over blocks of answers (memory stays bounded). Empty where nothing was answered."""
    high = int(score.max()) if len(score) else -1
    if high < 0:
        return {}
    table = _value_table(definition, high)
    kinds = {"touchpoint": touchpoint, "segment": segment, "month": month}
    lows = {kind: int(codes.min()) for kind, codes in kinds.items()}
    counts = {
        kind: np.zeros((int(codes.max()) - lows[kind] + 1, len(table)), dtype=np.int64)
        for kind, codes in kinds.items()
    }
    for start in range(0, len(score), ANSWER_BLOCK):
        block = slice(start, start + ANSWER_BLOCK)
        answered = np.flatnonzero(score[block] >= 0)
        values = score[block][answered].astype(np.int64)
        for kind, codes in kinds.items():
            key = (codes[block][answered].astype(np.int64) - lows[kind]) * len(table) + values
            counts[kind] += np.bincount(key, minlength=counts[kind].size).reshape(
                counts[kind].shape
            )
    result = {kind: (lows[kind], counts[kind], table) for kind in kinds}
    low, by_month = lows["month"], counts["month"]
    quarter = (np.arange(len(by_month)) + low) // 3  # months are consecutive: so are these
    starts = np.flatnonzero(np.r_[True, quarter[1:] != quarter[:-1]])
    result["quarter"] = (int(quarter[0]), np.add.reduceat(by_month, starts, axis=0), table)
    result["all"] = (0, by_month.sum(axis=0, keepdims=True), table)
    return result


def _groups_of_counts(low: int, by_value: np.ndarray, table: np.ndarray) -> dict:
    """_groups' sums of a KPI each respondent answered at most once, from _counts_by_value's
    counts: n_i is 1 and y_i the answer, so the sums over respondents are those over
    answers (whole numbers: exact in any order)."""
    respondents = by_value.sum(axis=1)
    found = np.flatnonzero(respondents)
    counts = by_value[found]
    count = respondents[found].astype(np.int64)
    return _single_sums(found + low, count, counts @ table, counts @ (table * table))


def _single_sums(code, count, answered, squares) -> dict[str, np.ndarray]:
    """_groups' sums where each respondent answered once, from each group's answer count,
    sum and sum of squares: n_i is 1 and y_i the answer."""
    return {
        "code": code,
        "respondents": count,
        "answers": count,
        "y": answered,
        "squares": squares,
        "nn": count.astype("float64"),
        "ny": answered,
        "yy": squares,
    }


def _single_patterns(kpi: str, found: dict) -> tuple:
    """_patterns where each respondent answered once: its set is its touchpoint; `found`:
    _groups_of_counts' sums by touchpoint."""
    codes = found["code"]
    return kpi, codes, np.ones(len(codes), dtype=np.int64), found["respondents"]


def _group_frame(kind: str, kpi: str, found: dict, name) -> pd.DataFrame:
    """One kind's groups of one KPI (found: _groups' sums), each named by `name` of its code."""
    key = [name(code) for code in found.pop("code")]
    return pd.DataFrame({"kind": kind, "key": key, "kpi": kpi, **found})


def _pair_frame(kind: str, kpi: str, linked: dict, touchpoints, segments) -> pd.DataFrame:
    """One kind's pairs of one KPI (linked: _pairs' sums), named, each with the name first
    that comes first in code point order. _pairs orients a pair by the groups' numbers, and a
    segment's number is the order it was met in: an engine's counts come back in any order,
    so two reductions of one source would write a pair now a -> b, now b -> a."""
    texts = np.array(touchpoints if kind == "touchpoint" else segments, object)
    a, b = (texts[linked.pop(side).astype(np.intp)] for side in "ab")
    turned = a > b
    a, b = np.where(turned, b, a), np.where(turned, a, b)
    yn, ny = linked["yn"], linked["ny"]  # turned, a pair's y_a n_b is its n_a y_b
    linked["yn"], linked["ny"] = np.where(turned, ny, yn), np.where(turned, yn, ny)
    return pd.DataFrame({"kind": kind, "a": a.tolist(), "b": b.tolist(), "kpi": kpi, **linked})


def _table(parts: list[pd.DataFrame], columns: list[str], keys: int, blocks: int) -> pd.DataFrame:
    """The parts (of `blocks` blocks of respondents) in one table, summed over the blocks by
    its first `keys` columns and sorted by them. A block's parts share no keys: one block's
    are summed already. Empty parts are left out where others are not: their columns of no
    names (numbers) would make the names' column one of objects."""
    if not parts:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in columns})
    filled = [part for part in parts if len(part)]
    table = pd.concat(filled or parts, ignore_index=True)[columns]
    if blocks > 1:  # whole numbers: exact in any order
        table = table.groupby(columns[:keys], sort=False, as_index=False).sum()
    return table.sort_values(columns[:keys], ignore_index=True)


def _pattern_table(parts: list[tuple], names: list[str]) -> pd.DataFrame:
    """_patterns' parts in one table: a set's respondents summed over the parts of its KPI
    (blocks of respondents share sets), sorted by KPI and then by the sets' names as tuples
    compare. A set is compared as the string of its names' ranks, 4 bytes each and
    big-endian: the bytes' order is the tuples' (a set before the longer ones it begins),
    and Arrow groups and sorts such strings without a Python comparison."""
    if not parts:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in PATTERN_COLUMNS})
    ordered = sorted(names)
    place = {name: number for number, name in enumerate(ordered)}
    rank = np.array([place[name] for name in names], dtype=">u4")
    frames = []
    for kpi in sorted({part[0] for part in parts}):
        mine = [part[1:] for part in parts if part[0] == kpi]
        codes, lengths, counts = (np.concatenate(column) for column in zip(*mine, strict=True))
        offsets = np.r_[0, np.cumsum(lengths, dtype=np.int64)] * 4
        data = [None, pa.py_buffer(offsets), pa.py_buffer(rank[codes])]
        sets = pa.Array.from_buffers(pa.large_binary(), len(lengths), data)
        counts = pa.array(counts, pa.int64())
        if len(mine) > 1:
            summed = table_sums(pa.table({"set": sets, "n": counts}), ["set"], ["n"])
            sets, counts = (summed[name].combine_chunks() for name in ("set", "n"))
        order = pc.sort_indices(sets)
        sets, counts = sets.take(order), counts.take(order)
        bounds, data = bounds_and_bytes(sets)
        bounds, ranks = bounds // 4, data.view(">u4")
        flat = np.array(ordered, dtype=object)[ranks[bounds[0] : bounds[-1]]].tolist()
        bounds = (bounds - bounds[0]).tolist()
        frames.append(
            pd.DataFrame(
                {
                    "kpi": kpi,
                    "touchpoints": [tuple(flat[a:b]) for a, b in itertools.pairwise(bounds)],
                    "respondents": counts.to_numpy(),
                },
                columns=PATTERN_COLUMNS,
            )
        )
    return pd.concat(frames, ignore_index=True)


def _patterns(kpi: str, sums: tuple, once: bool) -> tuple:
    """How many respondents answered at each set of touchpoints; `sums`: _per_respondent's,
    by touchpoint. `once`: each respondent answered once, its set is its touchpoint.
    (kpi, each set's codes in a run, the runs' lengths, each set's respondents)."""
    respondent, codes, n, _total = sums
    if once:
        count = np.bincount(codes)
        found = np.flatnonzero(count)
        return kpi, found, np.ones(len(found), dtype=np.int64), count[found].astype(np.int64)
    starts = np.flatnonzero(np.r_[True, respondent[1:] != respondent[:-1]])
    # a set's fingerprint: the sum of its members' random 64-bit numbers (wrapping)
    marks = np.random.default_rng(0).integers(0, 2**63, int(codes.max()) + 1, dtype=np.uint64)
    fingerprint = np.add.reduceat(marks[codes] * n.astype(np.uint64), starts)
    order = np.argsort(fingerprint)  # each set's first respondent: the least of its run
    fingerprint = fingerprint[order]
    runs = np.flatnonzero(np.r_[True, fingerprint[1:] != fingerprint[:-1]])
    first = np.minimum.reduceat(order, runs)
    count = np.diff(np.r_[runs, len(order)])
    ends = np.r_[starts[1:], len(codes)]
    flat, lengths = _runs(codes, n.astype(np.int64), starts[first], ends[first])
    return kpi, flat, lengths, count.astype(np.int64)


def _runs(codes: np.ndarray, n: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> tuple:
    """The runs codes[start:end], each code repeated n times, in one array: (the codes,
    each run's length). Made in one pass, not run by run."""
    lengths = ends - starts
    offsets = np.cumsum(lengths) - lengths  # each run's place among the rows taken
    rows = np.arange(int(lengths.sum())) + np.repeat(starts - offsets, lengths)
    repeats = n[rows]
    flat = np.repeat(codes[rows], repeats)
    bounds = np.r_[0, np.cumsum(repeats)][np.r_[offsets, len(rows)]]
    return flat, np.diff(bounds)


def _per_respondent(who: np.ndarray, codes: np.ndarray, y: np.ndarray, once: bool) -> tuple:
    """Each respondent's n_i and y_i in each group, sorted by respondent and then group:
    (respondent, group, n, y). `who` comes sorted: where a respondent's groups do not,
    a stable sort puts them in order, quickly as runs are long. No inverse index is kept.
    `once`: no respondent comes twice, so each one's sums are its answer's, in place."""
    if once:
        return who, codes, np.ones(len(y)), y
    low = int(codes.min())
    width = int(codes.max()) - low + 1
    key = who.astype(np.int64) * width + (codes - low)
    if (key[1:] < key[:-1]).any():
        order = np.argsort(key, kind="stable")
        key, y = key[order], y[order]
        del order
        who, codes = key // width, key % width + low
    starts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
    del key
    if len(starts) == len(y):  # one answer each (a touchpoint's): its sums are that answer's
        return who, codes, np.ones(len(y)), y
    total = np.add.reduceat(y, starts)
    n = np.diff(np.r_[starts, len(y)]).astype("float64")
    return who[starts], codes[starts], n, total


def _merged(sums: tuple, coarse: np.ndarray) -> tuple:
    """_per_respondent's sums of a grouping summed into a coarser one: `coarse`, each
    group's coarser group, in an order the sums' order keeps (months' quarters)."""
    person, _code, n, total = sums
    changes = (person[1:] != person[:-1]) | (coarse[1:] != coarse[:-1])
    starts = np.flatnonzero(np.r_[True, changes])
    n, total = (np.add.reduceat(values, starts) for values in (n, total))
    return person[starts], coarse[starts], n, total


def _groups(sums: tuple, codes: np.ndarray, y: np.ndarray, once: bool) -> dict[str, np.ndarray]:
    """Per group: the sums over respondents (`sums`: _per_respondent's) and over answers.
    `once`: each respondent answered once, so n_i is 1 and y_i the answer: the sums over
    respondents are those over answers. So too where each respondent gave each group one
    answer (a touchpoint's: repeated answers are left out), as many sums as answers."""
    _person, code, n, total = sums
    once = once or len(code) == len(codes)
    low = int(code.min())
    place = code - low
    respondents = np.bincount(place)
    found = np.flatnonzero(respondents)

    def summed(places: np.ndarray, weights: np.ndarray) -> np.ndarray:
        return np.bincount(places, weights=weights, minlength=len(respondents))[found]

    count = respondents[found].astype(np.int64)
    if once:
        return _single_sums(found + low, count, summed(place, total), summed(place, total * total))
    return {
        "code": found + low,
        "respondents": count,
        "answers": summed(place, n).astype(np.int64),
        "y": summed(place, total),
        "squares": summed(codes - low, y * y),
        "nn": summed(place, n * n),
        "ny": summed(place, n * total),
        "yy": summed(place, total * total),
    }


def _pairs(sums: tuple) -> dict[str, np.ndarray]:
    """The cross-product sums of every two groups a < b that one respondent answered in
    (`sums`: _per_respondent's)."""
    respondent, code, n, total = sums
    starts = np.flatnonzero(np.r_[True, respondent[1:] != respondent[:-1]])
    del respondent
    if len(starts) == len(code):  # each respondent in one group: no pairs
        return _no_pairs()
    sizes = np.diff(np.r_[starts, len(code)]).astype(np.int32)
    size = np.repeat(sizes, sizes)
    position = np.arange(len(code), dtype=np.int32) - np.repeat(starts.astype(np.int32), sizes)
    del starts, sizes
    low = int(code.min()) if len(code) else 0
    width = int(code.max()) - low + 1 if len(code) else 1
    code = code - low
    ones = bool((n == 1).all())  # one answer in each of a respondent's groups (touchpoints)
    found, sums = [], []  # a block of pairs at a time, summed: never all pairs at once
    offset = 1
    rows = np.flatnonzero(position + offset < size)
    while len(rows):  # each step pairs a row with the one `offset` places on
        for block in range(0, len(rows), PAIR_BLOCK):
            mine = rows[block : block + PAIR_BLOCK]
            other = mine + offset
            keys, index = distinct(code[mine] * width + code[other])
            found.append(keys)
            y_a, y_b = total[mine], total[other]
            if ones:  # n_i n_j is 1: the pairs counted, y_i and y_j summed as they are
                weights = [None, y_a, y_b, y_a * y_b]
            else:
                n_a, n_b = n[mine], n[other]
                weights = [n_a * n_b, y_a * n_b, n_a * y_b, y_a * y_b]
            sums.append(
                [
                    np.bincount(index, weights=w, minlength=len(keys)).astype("float64", copy=False)
                    for w in weights
                ]
            )
        offset += 1
        rows = rows[position[rows] + offset < size[rows]]
    if not found:
        return _no_pairs()
    # the sums are of whole numbers, exact in any order
    keys, index = np.unique(np.concatenate(found), return_inverse=True)
    summed = {
        name: np.bincount(
            index, weights=np.concatenate([block[column] for block in sums]), minlength=len(keys)
        )
        for column, name in enumerate(["nn", "yn", "ny", "yy"])
    }
    return {"a": keys // width + low, "b": keys % width + low, **summed}


def _no_pairs() -> dict[str, np.ndarray]:
    return {name: np.zeros(0) for name in ["a", "b", "nn", "yn", "ny", "yy"]}
