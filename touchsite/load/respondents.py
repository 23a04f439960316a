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
    quarter = (month // 3).astype(np.int64)
    quarter_text = {q: f"{q // 4 + 1970}-Q{q % 4 + 1}" for q in np.unique(quarter)}
    keys = {
        "touchpoint": (touchpoint, lambda code: touchpoints[code]),
        "segment": (segment, lambda code: segments[code]),
        "month": (month, month_text.__getitem__),
        "quarter": (quarter, quarter_text.__getitem__),
        "all": (np.zeros(len(month), dtype=np.int64), lambda _code: ""),
    }
    groups, pairs, patterns = [], [], []
    for kpi in KPIS:
        answered = scores[kpi] >= 0
        if not answered.any():
            continue
        definition = config.kpis[kpi]
        values = scores[kpi][answered].astype(np.int64)
        table = np.array(
            [definition.answer_value(s) for s in range(int(values.max()) + 1)], dtype="float64"
        )
        y = table[values]
        who = respondent[answered]
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
    return table.sort_values(columns[: 4 if columns is PAIR_COLUMNS else 3], ignore_index=True)


def _patterns(kpi: str, who: np.ndarray, codes: np.ndarray, names: list[str]) -> pd.DataFrame:
    """How many respondents answered at each set of touchpoints."""
    order = np.lexsort((codes, who))
    who, codes = who[order], codes[order]
    starts = np.flatnonzero(np.r_[True, who[1:] != who[:-1]])
    sizes = np.diff(np.r_[starts, len(who)])
    alone = np.bincount(codes[starts[sizes == 1]], minlength=len(names))
    found: dict[tuple[str, ...], int] = {
        (names[code],): int(n) for code, n in enumerate(alone) if n
    }
    for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
        key = tuple(names[code] for code in codes[start : start + size])
        found[key] = found.get(key, 0) + 1
    return pd.DataFrame(
        {"kpi": kpi, "touchpoints": list(found), "respondents": list(found.values())},
        columns=PATTERN_COLUMNS,
    )


def _per_respondent(who: np.ndarray, codes: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """n_i and y_i of each respondent in each group."""
    frame = pd.DataFrame({"who": who, "code": codes, "y": y})
    summed = frame.groupby(["who", "code"], sort=True)["y"].agg(["size", "sum"])
    summed.columns = ["n", "y"]
    return summed.reset_index()


def _groups(who: np.ndarray, codes: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    each = _per_respondent(who, codes, y)
    n, total = each["n"].to_numpy("float64"), each["y"].to_numpy("float64")
    each = each.assign(one=1, nn=n * n, ny=n * total, yy=total * total)
    by = each.groupby("code", sort=True)
    found = by[["one", "n", "y", "nn", "ny", "yy"]].sum()
    found.columns = ["respondents", "answers", "y", "nn", "ny", "yy"]
    squares = pd.Series(y * y).groupby(codes).sum()
    found.insert(3, "squares", squares.reindex(found.index).to_numpy())
    found["respondents"] = found["respondents"].astype("int64")
    found["answers"] = found["answers"].astype("int64")
    return found.reset_index()


def _pairs(who: np.ndarray, codes: np.ndarray, y: np.ndarray) -> pd.DataFrame:
    """The cross-product sums of every two groups a < b that one respondent answered in."""
    each = _per_respondent(who, codes, y)  # sorted by respondent, then group
    respondent = each["who"].to_numpy()
    code = each["code"].to_numpy()
    n, total = each["n"].to_numpy("float64"), each["y"].to_numpy("float64")
    starts = np.flatnonzero(np.r_[True, respondent[1:] != respondent[:-1]])
    sizes = np.diff(np.r_[starts, len(respondent)])
    size = np.repeat(sizes, sizes)
    position = np.arange(len(respondent)) - np.repeat(starts, sizes)
    parts = []
    offset = 1
    rows = np.flatnonzero(position + offset < size)
    while len(rows):  # each step pairs a row with the one `offset` places on
        other = rows + offset
        parts.append(
            pd.DataFrame(
                {
                    "a": code[rows],
                    "b": code[other],
                    "nn": n[rows] * n[other],
                    "yn": total[rows] * n[other],
                    "ny": n[rows] * total[other],
                    "yy": total[rows] * total[other],
                }
            )
        )
        offset += 1
        rows = rows[position[rows] + offset < size[rows]]
    if not parts:
        return pd.DataFrame({name: [] for name in ["a", "b", "nn", "yn", "ny", "yy"]})
    return pd.concat(parts).groupby(["a", "b"], sort=True).sum().reset_index()
