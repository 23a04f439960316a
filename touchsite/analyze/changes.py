"""Is a difference between two sets of answers real? One test per KPI, the same everywhere.

The test follows the KPI definition's measure: a net score (NPS) by the adjusted-Wald z-test
on the difference, a share (CSAT top-2-box) by the two-proportion z-test, a mean by Welch's
t-test (the formulas: analyze/batch.py). Used for trends, segments, pain points, A/B tests
and changes between revisions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from touchsite.analyze import stats
from touchsite.analyze.basis import Counts, Difference
from touchsite.analyze.batch import differences as batch_differences
from touchsite.kpi import Kpi
from touchsite.models import Rules


def kpi_difference(kpi: Kpi, a: Counts, b: Counts) -> Difference | None:
    """b - a in the KPI's unit, tested as its definition's `measure` says (a batch of one)."""
    return batch_differences(kpi, [a], [b])[0]


def big_enough(difference: Difference, rules: Rules) -> bool:
    effect = rules.min_effect.get(difference.kpi) or 0.0
    return abs(difference.difference) >= effect


def discoveries(
    differences: list[Difference], rules: Rules, families: Sequence[int] | None = None
) -> list[bool]:
    """Which differences are real: confident, significant after Benjamini-Hochberg across the
    whole family, and at least the configured minimum effect. `families`: each difference's
    family (a number), for many families tested at once, each on its own."""
    fewest = rules.min_n_confident  # both groups large enough to compare at all
    tested = [i for i, d in enumerate(differences) if d.n_a >= fewest and d.n_b >= fewest]
    adjusted = (
        stats.bh_adjusted(
            [differences[i].p_value for i in tested],
            None if families is None else [families[i] for i in tested],
        )
        if tested
        else []
    )
    result = [False] * len(differences)
    for index, p in zip(tested, adjusted, strict=True):
        result[index] = p <= rules.fdr and big_enough(differences[index], rules)
    return result


def tested(
    kpis: Mapping[str, Kpi], pairs: Sequence[tuple[str, Counts, Counts]], rules: Rules
) -> list[tuple[Difference | None, bool]]:
    """Each (kpi, a, b) tested as one family: its difference (None where the groups cannot
    be compared) and whether that is real (`discoveries`)."""
    return flagged([kpi_difference(kpis[kpi], a, b) for kpi, a, b in pairs], rules)


def flagged(
    differences: Sequence[Difference | None],
    rules: Rules,
    families: Sequence[int] | None = None,
) -> list[tuple[Difference | None, bool]]:
    """Differences found elsewhere (None where none could be made) as one family, or as the
    `families` numbered (see `discoveries`): each with whether it is real."""
    made = [i for i, d in enumerate(differences) if d is not None]
    real = iter(
        discoveries(
            [differences[i] for i in made],
            rules,
            None if families is None else [families[i] for i in made],
        )
    )
    return [(d, d is not None and next(real)) for d in differences]
