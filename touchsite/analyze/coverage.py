"""Blind spots on the phase x channel plane: cells without a touchpoint, and touchpoints
without a single answer."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from touchsite.models import Config, Touchpoint


@dataclass(frozen=True)
class CoverageCell:
    phase: str
    channel: str
    touchpoints: tuple[str, ...]  # ids in this cell
    unmeasured: tuple[str, ...]  # those of them with no answers at all

    @property
    def status(self) -> str:
        """Empty (no touchpoint), unmeasured (none answered), partial or measured."""
        if not self.touchpoints:
            return "empty"
        if len(self.unmeasured) == len(self.touchpoints):
            return "unmeasured"
        return "partial" if self.unmeasured else "measured"


@dataclass(frozen=True)
class Coverage:
    cells: tuple[CoverageCell, ...]  # phase-major, in the config's order

    @property
    def empty(self) -> list[tuple[str, str]]:
        """(phase, channel) of the cells without a touchpoint."""
        return [(c.phase, c.channel) for c in self.cells if c.status == "empty"]

    @property
    def unmeasured(self) -> list[CoverageCell]:
        """The cells with touchpoints of which some or all have no answers."""
        return [c for c in self.cells if c.status in ("unmeasured", "partial")]

    @property
    def unmeasured_touchpoints(self) -> list[str]:
        return [tp for c in self.cells for tp in c.unmeasured]

    @property
    def covered(self) -> int:
        """Cells with at least one touchpoint."""
        return sum(1 for c in self.cells if c.touchpoints)

    @property
    def share_covered(self) -> float:
        """Share of the cells with at least one touchpoint (0 without cells)."""
        return self.covered / len(self.cells) if self.cells else 0.0

    def cell(self, phase: str, channel: str) -> CoverageCell:
        return next(c for c in self.cells if (c.phase, c.channel) == (phase, channel))


def coverage(
    config: Config, touchpoints: Sequence[Touchpoint], responses: Mapping[str, int]
) -> Coverage:
    """Each phase x channel cell's touchpoints (by order, then id) and those never answered.

    `responses` is answers per touchpoint id; touchpoints in an unknown phase or channel are
    left out (validation reports them).
    """
    placed: dict[tuple[str, str], list[Touchpoint]] = {
        (phase.id, channel.id): [] for phase in config.phases for channel in config.channels
    }
    for tp in touchpoints:
        if (tp.phase, tp.channel) in placed:
            placed[(tp.phase, tp.channel)].append(tp)
    cells = []
    for (phase, channel), found in placed.items():
        ids = tuple(tp.id for tp in sorted(found, key=lambda tp: (tp.order, tp.id)))
        cells.append(
            CoverageCell(
                phase=phase,
                channel=channel,
                touchpoints=ids,
                unmeasured=tuple(tp for tp in ids if responses.get(tp, 0) <= 0),
            )
        )
    return Coverage(tuple(cells))


def shown_kpi(config: Config, answered: Mapping[str, int]) -> str:
    """The KPI the journey map shows first and the journeys show: the primary one, or, where
    no touchpoint has an answer for it, the KPI most of their answers are for. A survey that
    asks its NPS once, for the company, and rates each touchpoint by its CSAT (a usual
    design) showed a map of empty tiles with `kpis.primary: nps`, the default. `answered`:
    each KPI's answers at the touchpoints (the overall question's aside)."""
    primary = config.primary_kpi
    if answered.get(primary) or not any(answered.values()):
        return primary
    return max(answered, key=answered.__getitem__)
