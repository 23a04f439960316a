"""Key-driver moments: what the drivers analysis needs of the answers, over respondents.

The pairwise moments are sums, so they are gathered while the data is read (reducer.py) and
are all a reduced dataset (reduced.py) has to keep of the respondents.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from touchsite.models import KPIS, LISTWISE, OVERALL, Config, DriverMoments

# Shapley regression weighs all subsets of the predictors: 2^15 models is the practical limit.
MAX_DRIVERS = 15
RESPONDENT_BLOCK = 65_536


def moments_of_rows(rows: pd.DataFrame, config: Config) -> DriverMoments | None:
    """Key-driver moments from long-table rows (response_id, touchpoint and the KPI columns)."""
    linked = rows[rows["response_id"] != ""]
    codes, names = pd.factorize(linked["touchpoint"], sort=True)
    return driver_moments(
        pd.factorize(linked["response_id"])[0],
        codes,
        [str(name) for name in names],
        {kpi: linked[kpi].to_numpy(dtype="float64", na_value=np.nan) for kpi in KPIS},
        config,
    )


def driver_moments(
    respondent: np.ndarray,
    touchpoint: np.ndarray,
    names: list[str],
    scores: dict[str, np.ndarray],
    config: Config,
) -> DriverMoments | None:
    """Moments of the overall outcome and touchpoint scores, over respondents.

    Rows are answers of respondents with an id: `respondent` numbers them 0, 1, ...,
    `touchpoint` indexes `names` (sorted); scores are NaN or -1 where not answered (any
    number type: they are whole numbers). A respondent's answer to the overall question on the
    outcome KPI (`analysis.drivers.outcome`, the relationship NPS by default) is the outcome,
    and each touchpoint contributes the score of its most answered KPI (the primary KPI on a
    tie), the first one a respondent gave. Only touchpoints that enough respondents rated
    alongside the outcome take part, at most MAX_DRIVERS of them, those with the most.

    Pairwise deletion sums each pair of variables over the respondents who answered both;
    listwise deletion only over the respondents who answered every variable.
    """
    outcome_kpi = config.drivers.outcome
    if OVERALL not in names:
        return None
    overall = names.index(OVERALL)
    is_outcome = (touchpoint == overall) & (scores[outcome_kpi] >= 0)
    if not is_outcome.any():
        return None
    outcome_rows = np.flatnonzero(is_outcome)
    # respondents in the order their outcome first appears; the others at -1
    first_of, ids = pd.factorize(respondent[outcome_rows])
    first = np.full(len(ids), len(first_of))
    np.minimum.at(first, first_of, np.arange(len(first_of)))
    outcome = scores[outcome_kpi][outcome_rows[first]].astype("float64")
    position = np.full(int(respondent.max()) + 1, -1, dtype=np.int32)
    position[ids] = np.arange(len(ids))
    position = position[respondent]
    rated = np.flatnonzero((position >= 0) & (touchpoint != overall)).astype(np.int32)
    where = touchpoint[rated]
    # each touchpoint's KPI: its most answered, the primary on a tie (else the first of KPIS)
    answered = np.stack(
        [np.bincount(where, weights=scores[k][rated] >= 0, minlength=len(names)) for k in KPIS]
    )
    primary = np.array([[k == config.primary_kpi] for k in KPIS])
    kpi_of = (answered * 2 + primary).argmax(axis=0)
    kept = np.zeros(len(rated), dtype=bool)
    for number, kpi in enumerate(KPIS):
        mine = kpi_of[where] == number
        kept[mine] = scores[kpi][rated[mine]] >= 0
    # each touchpoint's respondents: its distinct (touchpoint, respondent) pairs counted (a
    # sort: numpy's unique of values alone hashes them, many times slower for as many)
    pairs = np.sort(where[kept].astype(np.int64) * len(ids) + position[rated[kept]])
    pairs = pairs[np.diff(pairs, prepend=-1) != 0]  # none below 0
    support = np.bincount(pairs // len(ids), minlength=len(names))
    enough = np.flatnonzero(support >= config.rules.min_n_confident)
    most = sorted(enough.tolist(), key=lambda code: (-support[code], names[code]))[:MAX_DRIVERS]
    chosen = {}  # variable: its respondents and their first scores
    for code in most:
        kpi = KPIS[kpi_of[code]]
        group = rated[where == code]
        first_answers = group[scores[kpi][group] >= 0]
        who, first = np.unique(position[first_answers], return_index=True)
        # in the scores' own type (a byte from a file): made numbers a block at a time
        chosen[f"{names[code]}:{kpi}"] = (who, scores[kpi][first_answers[first]])
    if not chosen:
        return None
    variables = [f"{OVERALL}:{outcome_kpi}", *sorted(chosen)]
    size = len(variables)
    n, sx, sxx, sxy = (np.zeros((size, size)) for _ in range(4))
    # a block of respondents at a time: the full respondents x variables matrix can be large
    for start in range(0, len(ids), RESPONDENT_BLOCK):
        stop = min(start + RESPONDENT_BLOCK, len(ids))
        values = np.full((stop - start, size), np.nan)
        values[:, 0] = outcome[start:stop]
        for number, variable in enumerate(variables[1:], start=1):
            who, answers = chosen[variable]  # who is sorted
            low, high = np.searchsorted(who, [start, stop])
            values[who[low:high] - start, number] = answers[low:high]
        if config.drivers.deletion == LISTWISE:
            values = values[~np.isnan(values).any(axis=1)]
        present = ~np.isnan(values)
        filled = np.where(present, values, 0.0)
        weights = present.astype("float64")
        n += weights.T @ weights
        sx += filled.T @ weights
        sxx += (filled**2).T @ weights
        sxy += filled.T @ filled
    return DriverMoments(variables=tuple(variables), n=n, sx=sx, sxx=sxx, sxy=sxy)
