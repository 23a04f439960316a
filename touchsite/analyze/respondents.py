"""The respondent as the unit of a pooled figure: its design effect and its difference tests.

A figure is a mean of answer values (touchsite.kpi: Kpi.answer_value), R = sum y / sum n.
Where one respondent gave several of the answers, they are not independent; the linearised
(Taylor, ratio-estimator) variance with respondents as clusters is

    V = sum_i (y_i - R n_i)^2 / N^2

over respondents i with n_i answers of value sum y_i in the pool, N = sum n_i (Wolter,
Introduction to Variance Estimation, 2007, ch. 6; Cochran, Sampling Techniques, 1977, 6.9).
With one answer per respondent it is the variance of answers, sum_a (y_a - R)^2 / N^2. Their
ratio is the design effect (Kish 1965), and a pooled figure's interval is the usual one with n
divided by it (the effective sample size; Korn & Graubard 1998 for the Wilson interval): the
same interval as before where every respondent gave one answer, wider where answers cluster.

The difference of two pools, R_b - R_a, has the variance V_a + V_b - 2 C_ab,
C_ab = sum_i (y_ia - R_a n_ia)(y_ib - R_b n_ib) / (N_a N_b): the same respondents in both (a
touchpoint and the rest of the journey) make the difference surer, not less sure. All of it
comes from the sums in models.RespondentMoments.

A mean's difference is tested by the z-test on it. The interval of a net score's or a
share's difference is not that z-test's Wald interval,
which collapses at 0 % and 100 % and on few answers (12 answers, all detractors: a
difference of -99 "from -100 to -98") and leaves the reachable range (a touchpoint's NPS
above +100). It is built from the two pools' own intervals as the site gives a pooled
figure's: adjusted Wald for a net score (Rocks 2016, The American Statistician 70:365) and
Wilson for a share (Korn & Graubard 1998 for a clustered sample), each on its answers divided
by its own design effect. They are combined by the method of variance estimates recovery
(MOVER: Zou & Donner 2008, Statistics in Medicine 27:1693), with the pools' correlation
C_ab / sqrt(V_a V_b) in it (Zou 2007, Psychological Methods 12:399): for two shares with
no respondent in common and no clustering, Newcombe's hybrid score interval (Newcombe 1998,
Statistics in Medicine 17:873, method 10). It holds the difference, stays within what the two
pools' intervals reach (so within -200..200 points, each score within -100..100), and
on many answers away from the bounds agrees with the Wald interval. Its test is read from it
(Altman & Bland 2011, BMJ 343:d2090): the distance from the difference to the limit towards 0
taken as 1.96 standard errors, so that a difference is significant exactly where its interval
leaves out 0, which the z-test's p-value, collapsing with the Wald interval, did not say (39
of 40 satisfied against 88 %: p = 0.0007 beside an interval from -1 to +13 points). A mean's
difference keeps the z-test and its Wald interval.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from touchsite.analyze.batch import adjusted_net, recovered, squared, two_sided_normal, wilson
from touchsite.analyze.changes import Difference
from touchsite.analyze.kpis import SIMPLE, Z95, Design
from touchsite.analyze.scipy_parts import sparse
from touchsite.kpi import MEAN, NET, Kpi
from touchsite.models import RespondentMoments

# a variance this small against the sums of squares it is expanded from is rounding
ROUNDING = 1e-12
SUMS = ["respondents", "answers", "y", "squares", "nn", "ny", "yy"]
CROSS = ["nn", "yn", "ny", "yy"]


@dataclass(frozen=True)
class Sums:
    """A pool's sums over respondents (models.RespondentMoments); `respondents` is None where
    the pool joins groups that share respondents and their number is not known."""

    respondents: int | None
    answers: float
    y: float
    squares: float
    nn: float
    ny: float
    yy: float

    @property
    def ratio(self) -> float:
        return self.y / self.answers

    @property
    def clustered(self) -> bool:
        """Whether any respondent gave more than one of the answers (sum n_i^2 > sum n_i)."""
        return self.nn > self.answers

    def residual(self, ratio: float) -> float:
        """sum_i (y_i - ratio n_i)^2: N^2 times the cluster-robust variance."""
        return max(0.0, float(_expanded(self.yy, self.ny, self.nn, ratio)))

    def answer_residual(self, ratio: float) -> float:
        """sum over answers of (y_a - ratio)^2: as if every answer were a respondent."""
        return max(0.0, float(_expanded(self.squares, self.y, self.answers, ratio)))

    @property
    def design(self) -> Design:
        """The cluster-robust variance over the simple one. Where either vanishes, their ratio
        says nothing and the effect is 1, so the interval is the simple one: all answers alike
        (both are 0; 0 / 0), or every respondent's own figure equal to the pool's (a ratio of 0
        would count the answers as infinitely many). A variance within rounding of its sums
        (below ROUNDING of them) counts as 0: 1/3 as a float leaves a few 1e-16."""
        if self.answers == 0:
            return SIMPLE
        respondents = self.respondents
        if not self.clustered:
            return Design(1.0, int(self.answers))
        ratio = self.ratio
        simple = self.answer_residual(ratio)
        clustered = self.residual(ratio)
        if simple <= ROUNDING * self.squares or clustered <= ROUNDING * self.yy:
            return Design(1.0, respondents)
        return Design(clustered / simple, respondents)


NO_SUMS = Sums(0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
Pairs = tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]


class Respondents:
    """Pooled sums over respondents for any set of touchpoints or segments, and single groups
    (all touchpoints, a month, a quarter, a segment). Without sums (no data) every figure is
    treated as one answer per respondent."""

    def __init__(self, moments: RespondentMoments | None) -> None:
        self.groups: dict[tuple[str, str, str], Sums] = {}
        # per kind and KPI: the groups' numbers, each pair's two numbers and its sums (CROSS)
        self.pairs: dict[
            tuple[str, str], tuple[dict[str, int], np.ndarray, np.ndarray, np.ndarray]
        ] = {}
        # per KPI: the touchpoints' columns, which patterns hold them, and each one's count
        self.patterns: dict[str, tuple[dict[str, int], sparse.csr_matrix, np.ndarray]] = {}
        if moments is None:
            return
        for kpi, table in moments.patterns.groupby("kpi", sort=False):
            sets = table["touchpoints"].tolist()
            lengths = np.fromiter(map(len, sets), dtype=np.int64, count=len(sets))
            flat = np.array(list(itertools.chain.from_iterable(sets)), dtype=object)
            columns, names = pd.factorize(flat, sort=True)
            incidence = sparse.csr_matrix(
                (np.ones(len(columns)), columns, np.r_[0, np.cumsum(lengths)]),
                shape=(len(sets), len(names)),
            )
            column = {tp: i for i, tp in enumerate(names.tolist())}
            self.patterns[kpi] = (column, incidence, table["respondents"].to_numpy())
        for kind, key, kpi, *sums in moments.groups[["kind", "key", "kpi", *SUMS]].itertuples(
            index=False, name=None
        ):
            self.groups[(kind, key, kpi)] = Sums(int(sums[0]), *map(float, sums[1:]))
        for (kind, kpi), table in moments.pairs.groupby(["kind", "kpi"], sort=False):
            codes, names = pd.factorize(pd.concat([table["a"], table["b"]]), sort=True)
            self.pairs[(kind, kpi)] = (
                {name: number for number, name in enumerate(names.tolist())},
                codes[: len(table)],
                codes[len(table) :],
                table[CROSS].to_numpy("float64"),
            )

    def group(self, kind: str, key: str, kpi: str) -> Sums:
        return self.groups.get((kind, key, kpi), NO_SUMS)

    def design(self, kind: str, key: str, kpi: str) -> Design:
        return self.group(kind, key, kpi).design

    def pool(self, kind: str, keys: Iterable[str], kpi: str) -> Sums:
        """The sums of several touchpoints (kind 'touchpoint') or segments pooled."""
        keys = list(dict.fromkeys(keys))
        parts = [self.group(kind, key, kpi) for key in keys]
        nn, yn, ny, yy = map(float, self._between(kind, kpi, keys, keys))
        counted = [p.respondents for p in parts]
        if kind == "touchpoint" and kpi in self.patterns:
            respondents: int | None = self._respondents_at(kpi, keys)
        elif nn == 0 and None not in counted:
            respondents = sum(r for r in counted if r is not None)
        else:
            respondents = None
        return Sums(
            respondents,
            sum(p.answers for p in parts),
            sum(p.y for p in parts),
            sum(p.squares for p in parts),
            sum(p.nn for p in parts) + 2 * nn,
            sum(p.ny for p in parts) + yn + ny,
            sum(p.yy for p in parts) + 2 * yy,
        )

    def _respondents_at(self, kpi: str, touchpoints: list[str]) -> int:
        """How many respondents answered the KPI at any of the touchpoints."""
        column, incidence, counts = self.patterns[kpi]
        wanted = np.zeros(len(column))
        wanted[[column[tp] for tp in touchpoints if tp in column]] = 1.0
        return int(counts[incidence @ wanted > 0].sum())

    def _between(self, kind: str, kpi: str, a: list[str], b: list[str]) -> np.ndarray:
        """The sums (CROSS) of the stored pairs with one side in `a` and the other in `b`,
        oriented a -> b (yn sums y_a n_b); `a` and `b` may be the same set (each pair once)."""
        stored = self.pairs.get((kind, kpi))
        if stored is None:
            return np.zeros(len(CROSS))
        code, first, second, sums = stored
        in_a, in_b = (np.zeros(len(code), dtype=bool) for _ in range(2))
        in_a[[code[key] for key in a if key in code]] = True
        in_b[[code[key] for key in b if key in code]] = True
        forward = sums[in_a[first] & in_b[second]].sum(axis=0)
        if a is b:
            return forward
        backward = sums[in_b[first] & in_a[second]].sum(axis=0)
        return forward + backward[[0, 2, 1, 3]]  # a pair stored b -> a: its yn is n_a y_b

    def difference(
        self, kpi: Kpi, kind: str, a: Iterable[str], b: Iterable[str]
    ) -> Difference | None:
        """b - a of two disjoint pools, in the KPI's unit, respondents as clusters; None where
        no respondent gave more than one of the answers (then the groups' own test holds)."""
        a, b = list(dict.fromkeys(a)), list(dict.fromkeys(b))
        pool_a, pool_b = self.pool(kind, a, kpi.id), self.pool(kind, b, kpi.id)
        between = self._between(kind, kpi.id, a, b)
        return _compared(kpi, _columns([pool_a]), _columns([pool_b]), between[None, :])[0]

    def versus_rest(self, kpi: Kpi, kind: str, keys: Sequence[str]) -> list[Difference | None]:
        """`difference(kpi, kind, the other keys, [key])` for every key, in one pass: the rest's
        sums are all keys' sums less the key's own (whole numbers, so exactly)."""
        keys = list(dict.fromkeys(keys))
        own = _columns([self.group(kind, key, kpi.id) for key in keys])
        rest = own.sum(axis=0) - own
        into, out_of = np.zeros((len(keys), len(CROSS))), np.zeros((len(keys), len(CROSS)))
        stored = self.pairs.get((kind, kpi.id))
        if stored is not None:
            code, first, second, sums = stored
            position = np.full(len(code), -1)
            for index, key in enumerate(keys):
                if key in code:
                    position[code[key]] = index
            at_first, at_second = position[first], position[second]
            inside = (at_first >= 0) & (at_second >= 0)
            for column in range(len(CROSS)):
                weights = np.where(inside, sums[:, column], 0.0)
                into[:, column] = np.bincount(
                    np.where(inside, at_second, 0), weights, minlength=len(keys)
                )[: len(keys)]
                out_of[:, column] = np.bincount(
                    np.where(inside, at_first, 0), weights, minlength=len(keys)
                )[: len(keys)]
        # the pairs among the rest: all pairs among the keys less those with the key in them
        among = into.sum(axis=0) - into - out_of
        nn, yn, ny, yy = (among[:, i] for i in range(len(CROSS)))
        rest[:, 3] += 2 * nn
        rest[:, 4] += yn + ny
        rest[:, 5] += 2 * yy
        return _compared(kpi, rest, own, into + out_of[:, [0, 2, 1, 3]])


def _columns(pools: Sequence[Sums]) -> np.ndarray:
    """answers, y, squares, nn, ny and yy of each pool, one row each."""
    return np.array(
        [[p.answers, p.y, p.squares, p.nn, p.ny, p.yy] for p in pools], dtype="float64"
    ).reshape(-1, 6)


def _expanded(squares, cross, weights, ratio):
    """sum (v - ratio w)^2 from the sums of v^2, v w and w^2 (of one pool, or of each row)."""
    return squares - 2 * ratio * cross + squared(ratio) * weights


def _residual(pools: np.ndarray, ratio: np.ndarray) -> np.ndarray:
    """Sums.residual of each pool."""
    nn, ny, yy = pools[:, 3], pools[:, 4], pools[:, 5]
    return np.maximum(0.0, _expanded(yy, ny, nn, ratio))


def _compared(
    kpi: Kpi, a: np.ndarray, b: np.ndarray, between: np.ndarray
) -> list[Difference | None]:
    """b - a of pools given as `_columns`, with the sums of their pairs (CROSS, a -> b): a
    mean's by the z-test on the difference of their ratios, a net score's or a share's by its
    interval built from the two pools' own intervals (`_sides`, see the module's docstring)."""
    answers_a, answers_b = a[:, 0], b[:, 0]
    nn, yn, ny, yy = (between[:, i] for i in range(len(CROSS)))
    clustered = (a[:, 3] > answers_a) | (b[:, 3] > answers_b) | (nn != 0)
    tested = (answers_a >= 2) & (answers_b >= 2) & clustered
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio_a, ratio_b = a[:, 1] / answers_a, b[:, 1] / answers_b
        cross = yy - ratio_b * yn - ratio_a * ny + ratio_a * ratio_b * nn
        variance_a = _residual(a, ratio_a) / squared(answers_a)
        variance_b = _residual(b, ratio_b) / squared(answers_b)
        covariance = cross / (answers_a * answers_b)
        variance = variance_a + variance_b - 2 * cross / (answers_a * answers_b)
        unit = kpi.per_answer
        difference = unit * (ratio_b - ratio_a)
        se = unit * np.sqrt(np.maximum(variance, 0.0))
        if kpi.measure == MEAN:
            low, high = difference - Z95 * se, difference + Z95 * se
        else:
            both = variance_a * variance_b
            correlation = np.where(both > 0, covariance / np.sqrt(both), 0.0)
            low, high = recovered(
                ratio_a,
                *_sides(kpi, a, ratio_a),
                ratio_b,
                *_sides(kpi, b, ratio_b),
                np.clip(np.nan_to_num(correlation), -1.0, 1.0),
            )
            low, high = unit * low, unit * high
            # the test read from that interval, so that a difference is significant exactly
            # where it leaves out 0: the Wald z collapses where the interval does not (39
            # of 40 satisfied: p = 0.0007 beside an interval from -1 to +13)
            se = np.where(difference < 0, high - difference, difference - low) / Z95
        p_value = np.where(se == 0, np.where(difference == 0, 1.0, 0.0), 0.0)
        p_value[se != 0] = two_sided_normal(difference[se != 0] / se[se != 0])
    return [
        Difference(kpi.id, *row, n_a=int(n_a), n_b=int(n_b)) if ok else None
        for ok, n_a, n_b, *row in zip(
            tested.tolist(),
            answers_a.tolist(),
            answers_b.tolist(),
            difference.tolist(),
            low.tolist(),
            high.tolist(),
            p_value.tolist(),
            strict=True,
        )
    ]


def _sides(kpi: Kpi, pools: np.ndarray, ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each pool's 95 % interval of its ratio (a share, or a net score as -1..1) as the site
    gives a pooled figure's: adjusted Wald (a net score) or Wilson (a share) on the answers
    divided by the pool's design effect (`_effects`), a net score's clipped to -1..1; widened
    to hold the ratio itself, which the adjusted interval may miss for a handful of answers
    all alike (n = 1 all promoters: +100 against an interval up to +98)."""
    answers, y, squares = pools[:, 0], pools[:, 1], pools[:, 2]
    effect = _effects(pools, ratio)
    if kpi.measure == NET:
        # answer values +1, 0 and -1: y = good - bad and squares = good + bad
        good, bad = (squares + y) / 2, (squares - y) / 2
        centre, variance = adjusted_net(good / effect, bad / effect, answers / effect)
        half = Z95 * np.sqrt(variance)
        low, high = np.maximum(-1.0, centre - half), np.minimum(1.0, centre + half)
    else:
        low, high = wilson(y / effect, answers / effect)
    return np.minimum(low, ratio), np.maximum(high, ratio)


def _effects(pools: np.ndarray, ratio: np.ndarray) -> np.ndarray:
    """Each pool's design effect, as `Sums.design` gives it: 1 where no respondent gave two of
    the answers, or where either variance is within rounding of 0."""
    answers, y, squares, nn, yy = pools[:, 0], pools[:, 1], pools[:, 2], pools[:, 3], pools[:, 5]
    simple = np.maximum(0.0, _expanded(squares, y, answers, ratio))
    clustered = _residual(pools, ratio)
    vanishing = (simple <= ROUNDING * squares) | (clustered <= ROUNDING * yy)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where((nn > answers) & ~vanishing, clustered / simple, 1.0)
