"""The cycle collector held off while a stage makes objects that stay."""

from __future__ import annotations

import gc
import weakref

from touchsite import collector
from touchsite.collector import held_off, paused_gc


class Node:
    pass


def test_what_a_block_keeps_joins_the_oldest_generation_and_its_cycles_are_collected(
    monkeypatch,
):
    """The first young collection after the block walked everything it had made and kept
    (at the end of a build, 38 ms before the process exits): that goes to the oldest
    generation, as what existed before it; a cycle it left is still collected."""
    monkeypatch.setattr(collector, "_grown", 0)  # no full collection due after this block
    was = gc.isenabled()
    gc.enable()
    try:
        with held_off():
            kept = [[number] for number in range(1000)]
            cycle = Node()
            cycle.itself = cycle
            gone = weakref.ref(cycle)
            del cycle
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0
        oldest = {id(thing) for thing in gc.get_objects(generation=2)}
        assert id(kept) in oldest and all(id(inner) in oldest for inner in kept)
        assert gone() is not None  # not walked yet
        gc.collect()
        assert gone() is None
    finally:
        (gc.enable if was else gc.disable)()


def test_an_inner_block_leaves_the_objects_to_the_outer_one():
    was = gc.isenabled()
    gc.enable()
    try:
        with held_off():
            with held_off():
                kept = [1]
            assert not gc.isenabled()
            assert gc.get_freeze_count() > 0
            assert id(kept) not in {id(thing) for thing in gc.get_objects(generation=2)}
        assert gc.isenabled()
        assert id(kept) in {id(thing) for thing in gc.get_objects(generation=2)}
    finally:
        (gc.enable if was else gc.disable)()


def test_the_cycles_of_many_blocks_are_collected_without_being_asked():
    """A preview runs a block per edit. What each leaves joins the oldest generation without
    counting towards its next full collection, which then never came: 30 rebuilds of the
    English example left 97,427 objects in cycles (+2.4 MB of memory per edit) that one
    `gc.collect()` freed. Once what the blocks left outgrows a quarter of what there was,
    a full collection runs, as Python's own rule for the oldest generation has it."""
    was = gc.isenabled()
    gc.enable()
    collector.collect()  # what earlier tests' blocks left counted as collected
    # each block leaves a twentieth of what exists (two objects a cycle): however many
    # objects the tests before left in this process, a quarter is outgrown every few blocks
    cycles = max(2000, len(gc.get_objects()) // 40)
    try:
        gone = []
        for _ in range(60):
            with held_off():
                for _ in range(cycles):
                    cycle = Node()
                    cycle.itself = cycle
                gone.append(weakref.ref(cycle))
                del cycle
        assert sum(ref() is None for ref in gone) >= 30  # the early ones collected
    finally:
        (gc.enable if was else gc.disable)()


def test_what_a_paused_stage_keeps_joins_the_oldest_generation_counted(monkeypatch):
    """The first young collection after the analysis walked all it had made and kept, and
    freed nothing (50-80 ms at 1,000 touchpoints): it joins the oldest generation, and
    counts towards the full collection that `held_off`'s rule brings."""
    monkeypatch.setattr(collector, "_grown", 0)
    was = gc.isenabled()
    gc.enable()
    try:
        with paused_gc():
            kept = [[number] for number in range(5000)]
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0
        assert gc.get_count()[0] < 100  # no young collection is due
        oldest = {id(thing) for thing in gc.get_objects(generation=2)}
        assert id(kept) in oldest and all(id(inner) in oldest for inner in kept)
        assert collector._grown >= 5000
        with held_off():  # inside a block, the block settles what a paused stage made
            with paused_gc():
                inner = [[number] for number in range(10)]
            assert gc.get_freeze_count() > 0
            assert not gc.isenabled()
        assert id(inner) in {id(thing) for thing in gc.get_objects(generation=2)}
    finally:
        (gc.enable if was else gc.disable)()


def test_only_the_outermost_counted_block_walks_the_objects(monkeypatch):
    """Counting the frozen objects walks all of them (20-30 ms at 1,000 touchpoints): the
    outermost block counts on entry and on leaving, an inner block never, and a command's
    build (`counted=False`, the process ends after it) not at all."""
    monkeypatch.setattr(collector, "_grown", 0)
    walks = []
    count = gc.get_freeze_count
    monkeypatch.setattr(gc, "get_freeze_count", lambda: walks.append(1) or count())
    was = gc.isenabled()
    gc.enable()
    try:
        with held_off(), held_off():
            inner = [[number] for number in range(3000)]
        assert len(walks) == 2
        assert collector._grown >= 3000  # the inner block's objects counted by the outer one
        walks.clear()
        monkeypatch.setattr(collector, "_grown", 0)
        with held_off(counted=False), held_off():
            kept = [[number] for number in range(3000)]
        assert walks == []
        assert collector._grown == 0
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0
        oldest = {id(thing) for thing in gc.get_objects(generation=2)}
        assert id(kept) in oldest and all(id(item) in oldest for item in kept)
        assert id(inner) in oldest
    finally:
        (gc.enable if was else gc.disable)()


def test_an_uncounted_block_brings_no_full_collection(monkeypatch):
    """After a command's build the process ends: no collection runs at its end, however
    much the blocks before it left."""
    monkeypatch.setattr(collector, "_grown", 10**9)
    monkeypatch.setattr(collector, "_blocks", 5)
    was = gc.isenabled()
    gc.enable()
    try:
        with held_off(counted=False):
            cycle = Node()
            cycle.itself = cycle
            left = weakref.ref(cycle)
            del cycle
        assert left() is not None
        assert collector._grown == 10**9
        with held_off():  # a counted block with as much left before collects
            pass
        assert left() is None
    finally:
        (gc.enable if was else gc.disable)()
