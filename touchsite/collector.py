"""Python's cycle collector, held off while a stage makes objects that stay."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """No cycle collection inside: for stages that make many objects that stay (a stage's
    results) and few reference cycles, which are collected by a later full collection.

    What the stage made and keeps joins the oldest generation: all of it was young, and the
    first young collection after the stage walked it all and freed nothing (at the end of
    the analysis of 1,000 touchpoints: 50-80 ms of CPU, while the other core was idle). It
    counts towards the next full collection as `held_off`'s blocks do (see there)."""
    global _grown
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            if not _holding:  # inside a `held_off` block, that block settles them
                _grown += gc.get_count()[0]  # the objects made since the last collection
                gc.freeze()
                gc.unfreeze()
            gc.enable()


@contextmanager
def held_off(counted: bool = True) -> Iterator[None]:
    """No cycle collection inside, and none that walks the objects that exist on entry: the
    report and, in a build, the loaded feedback (~600,000 objects at 1,000 touchpoints).
    Each full collection walked them all again (0.26 s, about once per 300 pages), the first
    collections after the analysis walked them as young objects (0.05-0.1 s), and in a
    forked worker a collection also wrote to every page of memory they share with the parent.

    For the render and what follows it: a collection only walked what the pages keep (their
    bytes, the formats' caches) and found next to no cycles (262 objects in 500 touchpoint
    pages), yet took 7 % of a touchpoint page's CPU and of the other pages'. What the block
    made and keeps joins the oldest generation with what existed before: the first young
    collection after it walked all of it again (at the end of a build of 1,000 touchpoints,
    just before the process exits: 38 ms CPU, 6,405 objects freed). What cycles they leave
    are collected by the next full collection; a forked worker ends with them.
    Inside another such block (a build's render), it leaves the objects to the outer one.

    Only the outermost block counts what it adds, by the size of the frozen generation on
    entry and on leaving: each count walks every object (20-30 ms at 1,000 touchpoints,
    while the other core waits for the render's workers or the process's end), so an inner
    block counts nothing, and none where not `counted`: a command's build, after which the
    process ends, leaves no later block a full collection to time."""
    global _holding, _grown, _blocks
    gc.freeze()
    outermost = not _holding
    counting = outermost and counted
    entered = gc.get_freeze_count() if counting else 0
    frozen: int | None = None  # what there is on leaving, where counted
    _holding += 1
    try:
        with paused_gc():
            try:
                yield
            finally:
                if outermost:
                    gc.freeze()  # while collections are still off: none comes before
                    _blocks += 1
                    if counting:
                        frozen = gc.get_freeze_count()
                        _grown += max(frozen - entered, 0)
    finally:
        _holding -= 1
        if outermost:
            gc.unfreeze()
            # What joins the oldest generation so counts towards no full collection, which
            # then never came in a preview (30 rebuilds: 97,427 objects in cycles, +2.4 MB
            # per edit). Python's own rule for that generation: a full collection once what
            # was added outgrows a quarter of it; never after a process's first block (a
            # build's, which exits next: at 1,000 touchpoints it added 107,074 of 529,536).
            if frozen is not None and _blocks > 1 and _grown > frozen // 4 and gc.isenabled():
                collect()


def collect() -> None:
    """A full collection now: what `held_off` blocks left before is counted as collected."""
    global _grown, _blocks
    _grown = _blocks = 0
    gc.collect()


_holding = 0  # how many `held_off` blocks are open
_grown = 0  # what the blocks added to the oldest generation since the last full collection
_blocks = 0  # how many outermost blocks ended since then
