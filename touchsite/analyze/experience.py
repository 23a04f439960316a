"""The experience per phase measured from the scores, on the emotion curve's -3..+3 axis.

Every answer is placed on its own scale, turned so that higher is better, and stretched to
-3..+3 (an NPS of 10, a CSAT of 5 and an easy CES all count +3). The phase's experience is
the mean of these values, with a t interval; it sits beside the emotion the consultant
expected in the touchpoints' front matter.
"""

from __future__ import annotations

import math

from touchsite.analyze.kpis import _t975
from touchsite.analyze.tables import CountTable
from touchsite.models import Config, KpiEstimate


def experience(tables: dict[str, CountTable], config: Config) -> KpiEstimate:
    """`tables` maps each KPI to its answer counts; returns an estimate with kpi 'experience'."""
    n = 0
    total = 0.0
    squares = 0.0
    for kpi, counts in tables.items():
        scale = config.scale(kpi)
        if scale is None:
            continue
        for score, count in counts.items():
            position = (score - scale.low) / scale.width
            if not scale.higher_is_better:
                position = 1 - position
            value = 6 * position - 3
            n += count
            total += count * value
            squares += count * value * value
    rules = config.rules
    if n < max(rules.min_n_shown, 2):
        return KpiEstimate("experience", n, None, None, None, low_n=True)
    mean = total / n
    variance = max(0.0, (squares - n * mean * mean) / (n - 1))
    half = _t975(n - 1) * math.sqrt(variance / n)
    return KpiEstimate(
        "experience", n, mean, mean - half, mean + half, low_n=n < rules.min_n_confident
    )
