"""A/B tests: where a touchpoint's answers carry a variant, compare the variants.

The first two variants in sorted order are compared (b minus a), with the same test per KPI
as everywhere else; the KPIs of all tests are corrected together (Benjamini-Hochberg). A
difference counts as real only when significant and both variants are confidently sized.
"""

from __future__ import annotations

from dataclasses import dataclass

from touchsite.analyze.changes import Difference, discoveries, kpi_difference
from touchsite.analyze.tables import CountTable, Estimator
from touchsite.models import Rules, Targets


@dataclass(frozen=True)
class Experiment:
    touchpoint: str
    kpi: str
    variants: tuple[tuple[str, object], ...]  # (variant, KpiEstimate)
    difference: Difference
    real: bool


def experiments(
    by_variant: dict[tuple, CountTable],
    touchpoints: list[tuple[str, Targets]],
    rules: Rules,
    estimator: Estimator,
) -> list[Experiment]:
    variants_of: dict[str, set[str]] = {}
    for touchpoint, variant, _kpi in by_variant:
        if variant:
            variants_of.setdefault(touchpoint, set()).add(variant)
    tested = []
    for touchpoint, targets in touchpoints:
        names = sorted(variants_of.get(touchpoint, ()))[:2]
        if len(names) < 2:
            continue
        for kpi, definition in estimator.config.kpis.items():
            a = by_variant.get((touchpoint, names[0], kpi), {})
            b = by_variant.get((touchpoint, names[1], kpi), {})
            difference = kpi_difference(definition, a, b)
            if difference is None:
                continue
            estimates = [
                (
                    name,
                    estimator(kpi, by_variant.get((touchpoint, name, kpi), {}), targets.get(kpi)),
                )
                for name in names
            ]
            tested.append((touchpoint, kpi, estimates, difference))
    flags = discoveries([entry[3] for entry in tested], rules)
    return [
        Experiment(touchpoint, kpi, tuple(estimates), difference, flag)
        for (touchpoint, kpi, estimates, difference), flag in zip(tested, flags, strict=True)
    ]
