"""The experience per phase measured from the scores, on the emotion curve's -3..+3 axis.

Every answer is placed on its own scale, turned so that higher is better, and stretched to
-3..+3 (an NPS of 10, a CSAT of 5 and an easy CES all count +3). The phase's experience is
the mean of these values, with a t interval; it sits beside the emotion the consultant
expected in the touchpoints' front matter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

from touchsite.analyze.kpis import mean
from touchsite.analyze.tables import CountTable
from touchsite.models import Config, KpiEstimate


def experience(tables: dict[str, CountTable], config: Config) -> KpiEstimate:
    """`tables` maps each KPI to its answer counts; returns an estimate with kpi 'experience'."""
    placed: dict[float, int] = defaultdict(int)
    for kpi, counts in tables.items():
        scale = config.kpis[kpi].scale
        if scale is None:  # a CES without a stated scale: its good end is unknown
            continue
        for score, count in counts.items():
            placed[6 * scale.position(score) - 3] += count
    # A point on the curve needs its interval, so one answer is never enough.
    rules = replace(config.rules, min_n_shown=max(config.rules.min_n_shown, 2))
    return mean(placed, "experience", rules=rules)
