"""The respondent as the unit: sums over respondents per group of answers, while reading.

A pooled figure (a phase, a step, a segment, all touchpoints) holds several answers of one
respondent; its interval must count the respondent once. The linearised (cluster-robust)
variance of a mean of answers needs, per group, only sums over respondents of their answer
count n_i and value sum y_i, their squares and product, and for two groups the sums of their
cross-products (models.RespondentMoments). Those are gathered here from the answers of the
whole data, after reading, as they are the only part of the respondents a reduced dataset keeps.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

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
    """`touchpoint` and `segment` index their names, `month` counts months since 1970-01;
    scores are -1 where not answered. The rows are the journey's answers (not the overall
    question's)."""
    months = np.unique(month)
    month_text = dict(
        zip(months, np.datetime_as_string(months.astype("datetime64[M]")), strict=True)
    )
    quarter = month // 3
    quarter_text = {q: f"{q // 4 + 1970}-Q{q % 4 + 1}" for q in np.unique(quarter)}
    keys = {
        "touchpoint": (touchpoint, lambda code: touchpoints[code]),
        "segment": (segment, lambda code: segments[code]),
        "month": (month, month_text.__getitem__),
        "quarter": (quarter, quarter_text.__getitem__),
        "all": (np.zeros(len(month), dtype=np.int8), lambda _code: ""),
    }
    groups, pairs, patterns = [], [], []
    for kpi in (kpi for kpi in KPIS if kpi in scores):
        answered = scores[kpi] >= 0
        if not answered.any():
            continue
        definition = config.kpis[kpi]
        values = scores[kpi][answered].astype(np.int64)
        table = np.array(
            [definition.answer_value(s) for s in range(int(values.max()) + 1)], dtype="float64"
        )
        y = table[values]
        who = pd.factorize(respondent[answered])[0]  # numbered 0, 1, ...
        patterns.append(_patterns(kpi, who, touchpoint[answered], touchpoints))
        for kind, (codes, name) in keys.items():
            found = _groups(who, codes[answered], y)
            found.insert(0, "kpi", kpi)
            found.insert(0, "key", [name(code) for code in found.pop("code")])
            found.insert(0, "kind", kind)
            groups.append(found)
            if kind in ("touchpoint", "segment"):
                linked = _pairs(who, codes[answered], y)
                linked.insert(0, "kpi", kpi)
                for side in ("b", "a"):
                    linked.insert(0, side, [name(code) for code in linked.pop(side)])
                linked.insert(0, "kind", kind)
                pairs.append(linked)
    return RespondentMoments(
        _table(groups, GROUP_COLUMNS, 3),
        _table(pairs, PAIR_COLUMNS, 4),
        _table(patterns, PATTERN_COLUMNS, 2),
    )


def _table(parts: list[pd.DataFrame], columns: list[str], keys: int) -> pd.DataFrame:
    """The parts in one table, sorted by its first `keys` columns."""
    if not parts:
        return pd.DataFrame({name: pd.Series(dtype="object") for name in columns})
    table = pd.concat(parts, ignore_index=True)[columns]
    return table.sort_values(columns[:keys], ignore_index=True)


def _patterns(kpi: str, who: np.ndarray, codes: np.ndarray, names: list[str]) -> pd.DataFrame:
    """How many respondents (numbered 0, 1, ...) answered at each set of touchpoints."""
    # a set's fingerprint: the sum of its members' random 64-bit numbers (wrapping)
    marks = np.random.default_rng(0).integers(0, 2**63, len(names), dtype=np.uint64)
    fingerprint = np.zeros(int(who.max()) + 1, dtype=np.uint64)
    np.add.at(fingerprint, who, marks[codes])
    found, first, count = np.unique(fingerprint, return_index=True, return_counts=True)
    order = np.lexsort((codes, who))
    starts = np.searchsorted(who[order], first)
    ends = np.searchsorted(who[order], first, side="right")
    sorted_codes = codes[order]
    sets = [
        tuple(names[code] for code in sorted_codes[start:end])
        for start, end in zip(starts, ends, strict=True)
    ]
    return pd.DataFrame(
        {"kpi": kpi, "touchpoints": sets, "respondents": count.astype(np.int64)},
        columns=PATTERN_COLUMNS,
    )


def _per_respondent(who: np.ndarray, codes: np.ndarray, y: np.ndarray) -> tuple:
    """Each respondent's n_i and y_i in each group, sorted by respondent and then group:
    (respondent, group, n, y)."""
    width = int(codes.max()) + 1
    key = who.astype(np.int64) * width + codes.astype(np.int64)
    unique, index = np.unique(key, return_inverse=True)
    n = np.bincount(index).astype("float64")
    total = np.bincount(index, weights=y)
    return unique // width, unique % width, n, total


def _groups(who: np.ndarray, codes: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    _person, code, n, total = _per_respondent(who, codes, y)
    found, index = np.unique(code, return_inverse=True)
    size = len(found)

    def summed(weights: np.ndarray | None) -> np.ndarray:
        return np.bincount(index, weights=weights, minlength=size)

    squares = np.bincount(np.searchsorted(found, codes), weights=y * y, minlength=size)
    return pd.DataFrame(
        {
            "code": found,
            "respondents": summed(None).astype(np.int64),
            "answers": summed(n).astype(np.int64),
            "y": summed(total),
            "squares": squares,
            "nn": summed(n * n),
            "ny": summed(n * total),
            "yy": summed(total * total),
        }
    )


def _pairs(who: np.ndarray, codes: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """The cross-product sums of every two groups a < b that one respondent answered in."""
    respondent, code, n, total = _per_respondent(who, codes, y)
    starts = np.flatnonzero(np.r_[True, respondent[1:] != respondent[:-1]])
    sizes = np.diff(np.r_[starts, len(respondent)])
    size = np.repeat(sizes, sizes)
    position = np.arange(len(respondent)) - np.repeat(starts, sizes)
    width = int(code.max()) + 1 if len(code) else 1
    found, sums = [], []  # each step's pairs and their sums: never all pairs at once
    offset = 1
    rows = np.flatnonzero(position + offset < size)
    while len(rows):  # each step pairs a row with the one `offset` places on
        other = rows + offset
        keys, index = np.unique(code[rows] * width + code[other], return_inverse=True)
        products = {
            "nn": n[rows] * n[other],
            "yn": total[rows] * n[other],
            "ny": n[rows] * total[other],
            "yy": total[rows] * total[other],
        }
        found.append(keys)
        sums.append(
            {k: np.bincount(index, weights=v, minlength=len(keys)) for k, v in products.items()}
        )
        offset += 1
        rows = rows[position[rows] + offset < size[rows]]
    if not found:
        return pd.DataFrame({name: [] for name in ["a", "b", "nn", "yn", "ny", "yy"]})
    # the sums are of whole numbers, exact in any order
    keys, index = np.unique(np.concatenate(found), return_inverse=True)
    summed = {
        name: np.bincount(
            index, weights=np.concatenate([step[name] for step in sums]), minlength=len(keys)
        )
        for name in ["nn", "yn", "ny", "yy"]
    }
    return pd.DataFrame({"a": keys // width, "b": keys % width, **summed})
