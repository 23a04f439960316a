"""Rows grouped by whole-number keys with one sort: the data stage's group-by.

The keys are packed into one 64-bit number where their ranges allow it (one sort of one
array, the cheapest there is), else sorted column by column.
"""

from __future__ import annotations

import numpy as np

PACKED_LIMIT = 2**62


def group_rows(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The rows in the order of their keys (lexicographic, the first key first), and where
    each group of equal keys starts in that order: (order, starts). Sums and minimums over
    the groups are `np.add.reduceat(values[order], starts)`; a group's keys, those of the
    row `order[starts]`."""
    count = len(keys[0])
    if not count:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    packed = _packed(keys)
    if packed is not None:
        order = np.argsort(packed)
        packed = packed[order]
        new = packed[1:] != packed[:-1]
    else:
        order = np.lexsort(keys[::-1])
        new = np.zeros(count - 1, dtype=bool)
        for key in keys:
            ordered = key[order]
            new |= ordered[1:] != ordered[:-1]
    return order, np.flatnonzero(np.r_[True, new])


def _packed(keys: list[np.ndarray]) -> np.ndarray | None:
    """The keys as one number each, in the same order; None where their ranges do not fit.
    Each key is added as it is and all their lows taken off at the end: arithmetic that
    wraps at 2**64 ends on the same numbers, which are below PACKED_LIMIT."""
    lows, sizes = [], []
    room = 1
    for key in keys:
        low, high = int(key.min()), int(key.max())
        lows.append(low)
        sizes.append(high - low + 1)
        room *= high - low + 1
    if room >= PACKED_LIMIT:
        return None
    packed = keys[0].astype(np.int64)
    offset = lows[0]
    for key, low, size in zip(keys[1:], lows[1:], sizes[1:], strict=True):
        packed *= size
        np.add(packed, key, out=packed, casting="unsafe")
        offset = offset * size + low
    packed -= np.int64((offset + 2**63) % 2**64 - 2**63)
    return packed
