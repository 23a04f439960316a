"""Omni-channel consistency: within a phase, do the channels give the customer one face?

For each phase and KPI, the answers are pooled per channel; channels with too few answers
are left out. NPS and CSAT distributions are compared with a chi-square test of homogeneity
(NPS in its three groups, CSAT as top-2-box or not), CES means with a one-way ANOVA. The
p-values of all phases and KPIs are corrected together (Benjamini-Hochberg). As everywhere,
a difference counts only when it is also large: the best and the weakest channel must lie at
least the configured minimum effect apart.

A channel's answers in a phase may come several from one respondent: each channel's figure
carries its design effect (analyze/respondents.py), and the test statistic is divided by the
channels' mean design effect, weighted by their answers (the first-order correction of Rao &
Scott 1981), so clustered answers do not make channels look different.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from touchsite.analyze import distributions, stats
from touchsite.analyze.kpis import SIMPLE, Design
from touchsite.analyze.tables import CountTable, Estimator
from touchsite.kpi import MEAN, SHARE, Kpi
from touchsite.models import Config, KpiEstimate

NET_GROUPS = {"bad": 0, "neutral": 1, "good": 2}
SHARE_GROUPS = {"bad": 0, "neutral": 0, "good": 1}


@dataclass(frozen=True)
class Consistency:
    phase: str
    kpi: str
    channels: tuple[tuple[str, KpiEstimate], ...]  # the channels compared, best first
    p_value: float
    p_adjusted: float
    differs: bool

    @property
    def weakest(self) -> tuple[str, KpiEstimate]:
        return self.channels[-1]


def _banded(kpi: Kpi, counts: CountTable) -> CountTable:
    """The answers in the groups the KPI's figure tells apart: bad, middle and good for a net
    score, good or not for a share; a mean's answers stay as they are (ANOVA compares them)."""
    if kpi.measure == MEAN:
        return counts
    groups = SHARE_GROUPS if kpi.measure == SHARE else NET_GROUPS
    grouped = dict.fromkeys(sorted(set(groups.values())), 0)
    for score, n in counts.items():
        grouped[groups[kpi.band(score)]] += n
    return grouped


def consistency(
    by_phase_channel: dict[tuple, CountTable],
    config: Config,
    estimator: Estimator,
    design: Callable[[str, str, str], Design] | None = None,
) -> list[Consistency]:
    """`design` gives a (phase, channel, kpi)'s design effect where answers pool several per
    respondent."""
    rules = config.rules
    found = []
    for phase in config.phases:
        for kpi, definition in config.kpis.items():
            channels = []
            for channel in config.channels:
                counts = by_phase_channel.get((phase.id, channel.id, kpi), {})
                if sum(counts.values()) >= rules.min_n_confident:
                    channels.append((channel.id, counts))
            if len(channels) < 2:
                continue
            designs = [
                design(phase.id, channel, kpi) if design else SIMPLE for channel, _ in channels
            ]
            if definition.measure == MEAN:
                result = stats.one_way_anova([counts for _, counts in channels])
            else:
                result = stats.chi_square_homogeneity(
                    [_banded(definition, counts) for _, counts in channels]
                )
            if result is None:
                continue
            effect = _mean_effect(designs, [counts for _, counts in channels])
            found.append((phase.id, kpi, channels, designs, _corrected(result, effect)))
    # every compared channel's figure of a KPI in one batch, not a batch of one apiece
    figures: dict[str, Iterator[KpiEstimate]] = {}
    for kpi in dict.fromkeys(entry[1] for entry in found):  # in the order found
        own = [entry for entry in found if entry[1] == kpi]
        tables = [counts for entry in own for _, counts in entry[2]]
        designs = [chosen for entry in own for chosen in entry[3]]
        figures[kpi] = iter(estimator.many(kpi, tables, [None] * len(tables), designs))
    ranked = [
        (phase, kpi, _ranked(config.kpis[kpi], channels, figures[kpi]), p_value)
        for phase, kpi, channels, _designs, p_value in found
    ]
    adjusted = stats.bh_adjusted([entry[3] for entry in ranked]) if ranked else []
    return [
        Consistency(phase, kpi, estimates, p, q, q <= rules.fdr and _spread(estimates) >= effect)
        for (phase, kpi, estimates, p), q in zip(ranked, adjusted, strict=True)
        for effect in [rules.min_effect.get(kpi) or 0.0]
    ]


def _ranked(
    kpi: Kpi, channels: list[tuple[str, CountTable]], figures: Iterator[KpiEstimate]
) -> tuple[tuple[str, KpiEstimate], ...]:
    """The channels with their next `figures`, the best first."""
    estimates = [(channel, next(figures)) for channel, _ in channels]
    better = kpi.higher_is_better
    estimates.sort(key=lambda item: (item[1].value or 0) * (1 if better else -1), reverse=True)
    return tuple(estimates)


def _spread(estimates: list[tuple[str, KpiEstimate]]) -> float:
    values = [estimate.value for _, estimate in estimates if estimate.value is not None]
    return max(values) - min(values) if values else 0.0


def _mean_effect(designs: list[Design], tables: list[CountTable]) -> float:
    """The channels' design effects averaged, weighted by their answers."""
    if all(d.effect == 1.0 for d in designs):
        return 1.0
    weights = [sum(table.values()) for table in tables]
    return sum(d.effect * w for d, w in zip(designs, weights, strict=True)) / sum(weights)


def _corrected(result: stats.AnovaResult | stats.ChiSquareResult, effect: float) -> float:
    """The p-value with the statistic divided by the mean design effect (Rao & Scott)."""
    if effect == 1.0 or result.statistic == 0:
        return result.p_value
    if isinstance(result, stats.AnovaResult):
        return float(distributions.f.sf(result.statistic / effect, result.df1, result.df2))
    return float(distributions.chi2.sf(result.statistic / effect, result.df))
