"""Rows grouped by whole-number keys with one sort: the data stage's group-by.

The keys are packed into one 64-bit number where their ranges allow it (one sort of one
array, the cheapest there is), else sorted column by column. Where the packed numbers are
few compared to the rows (a chunk's touchpoints x months x scores), group_counts counts
them instead of sorting. An Arrow table's rows are grouped so too (table_sums), by their
keys' codes: Arrow's own group-by lives in its query engine, whose import alone (its
datasets, file systems and TLS with it) took 0.19 s of CPU in the comments' worker.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

PACKED_LIMIT = 2**62
# group_counts counts the packed numbers (np.bincount) instead of sorting them where there
# are at most this many possible per row: a count costs a few nanoseconds per possible
# number, a sort some 40 per row (at 100,000 rows, either way) ...
COUNTED_PER_ROW = 8
# ... and at most this many in all (an array of counts and one of least values, 8 bytes each)
COUNTED_LIMIT = 1 << 22


def group_rows(keys: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The rows in the order of their keys (lexicographic, the first key first), and where
    each group of equal keys starts in that order: (order, starts). Sums and minimums over
    the groups are `np.add.reduceat(values[order], starts)`; a group's keys, those of the
    row `order[starts]`."""
    count = len(keys[0])
    if not count:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    packing = _packed(keys)
    if packing is not None:
        packed = packing[0]
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


def group_counts(
    keys: list[np.ndarray], least: np.ndarray | None = None
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray | None]:
    """Each group of equal keys, in the order of group_rows: its keys (in their own types),
    its number of rows, and, given `least` (a whole number a row), the least of its rows'.

    Where the keys pack into few numbers (COUNTED_PER_ROW), each number's rows are counted:
    no sort at all. Else, where the keys and `least` pack into one number, the packed numbers
    themselves are sorted and unpacked: no order of the rows is made, nor any column taken in
    it (a third of the time of group_rows and the gathers after it)."""
    if not len(keys[0]):
        return [key[:0] for key in keys], np.zeros(0, dtype=np.intp), least
    lows, sizes, room = _ranges(keys)
    if room <= min(COUNTED_PER_ROW * len(keys[0]), COUNTED_LIMIT):
        return _counted_groups(keys, least, lows, sizes, room)
    packing = _packed([*keys, least] if least is not None else keys)
    if packing is None:
        order, starts = group_rows(keys)
        first = order[starts]
        n = np.diff(np.r_[starts, len(order)])
        low = np.minimum.reduceat(least[order], starts) if least is not None else None
        return [key[first] for key in keys], n, low
    packed, lows, sizes = packing
    packed.sort()
    groups = packed // sizes[-1] if least is not None else packed  # without `least`'s digit
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    n = np.diff(np.r_[starts, len(packed)])
    found = _unpacked(packed[starts], lows, sizes)  # a group's first: its least `least`
    typed = [found[number].astype(key.dtype, copy=False) for number, key in enumerate(keys)]
    low = found[-1].astype(least.dtype, copy=False) if least is not None else None
    return typed, n, low


def group_sums(
    keys: list[np.ndarray], values: np.ndarray, least: np.ndarray | None = None
) -> tuple[list[np.ndarray], np.ndarray, np.ndarray | None]:
    """group_counts with each group's sum of `values` (whole numbers, summed in their type)
    in place of its number of rows: counted tables summed. A group whose values sum to
    nothing is one still."""
    if not len(keys[0]):
        return [key[:0] for key in keys], values[:0], least
    lows, sizes, room = _ranges(keys)
    if room <= min(COUNTED_PER_ROW * len(keys[0]), COUNTED_LIMIT):
        return _counted_groups(keys, least, lows, sizes, room, values)
    order, starts = group_rows(keys)
    first = order[starts]
    low = np.minimum.reduceat(least[order], starts) if least is not None else None
    return [key[first] for key in keys], np.add.reduceat(values[order], starts), low


def distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """np.unique(values, return_inverse=True) of whole numbers (or days, months: numpy's
    dates, as their numbers): counted, not sorted, where they span few numbers
    (COUNTED_PER_ROW a value, COUNTED_LIMIT in all). The 300,000 days of the comments'
    sample took np.unique 15 ms, their count 1. Other values (unsigned, booleans, more than
    one dimension) are left to np.unique."""
    if not len(values) or values.ndim != 1 or values.dtype.kind not in "iM":
        return np.unique(values, return_inverse=True)
    numbers = values.view(np.int64) if values.dtype.kind == "M" else values
    low = int(numbers.min())
    room = int(numbers.max()) - low + 1
    if room > min(COUNTED_PER_ROW * len(values), COUNTED_LIMIT):
        return np.unique(values, return_inverse=True)
    # in the platform's integers: a narrow type's values may span more than it holds
    offset = np.subtract(numbers, low, dtype=np.intp)
    present = np.bincount(offset, minlength=room) > 0
    found = (np.flatnonzero(present) + low).astype(numbers.dtype)
    inverse = (np.cumsum(present) - 1)[offset]
    return (found.view(values.dtype) if values.dtype.kind == "M" else found), inverse


def table_sums(table: pa.Table, keys: list[str], values: list[str]) -> pa.Table:
    """`table`'s rows grouped by its columns `keys` (text, bytes: any type Arrow encodes),
    with each group's sum of its columns `values` (whole numbers, summed in their type):
    the columns `keys` then `values`, a row a group, in no set order."""
    if not table.num_rows:
        return table.select([*keys, *values])
    codes = [
        pc.dictionary_encode(table[name].combine_chunks(), null_encoding="encode").indices.to_numpy(
            zero_copy_only=False
        )
        for name in keys
    ]
    order, starts = group_rows(codes)
    first = pa.array(order[starts])
    summed = {name: table[name].take(first) for name in keys}
    for name in values:
        column = table[name]
        total = np.add.reduceat(column.to_numpy()[order], starts)
        summed[name] = pa.array(total, column.type)
    return pa.table(summed)


def _counted_groups(keys, least, lows: list[int], sizes: list[int], room: int, values=None):
    """group_counts' (or group_sums') result by counting: each packed number's rows counted
    (its values summed), and its least `least` found, in arrays of all `room` of them; the
    numbers with rows are the groups, in their order."""
    packed = _packed_as(keys, lows, sizes)
    counts = np.bincount(packed, minlength=room)
    present = np.flatnonzero(counts)
    found = _unpacked(present, lows, sizes)
    typed = [found[number].astype(key.dtype, copy=False) for number, key in enumerate(keys)]
    if values is None:
        summed = counts[present]
    else:
        total = np.zeros(room, dtype=values.dtype)
        np.add.at(total, packed, values)
        summed = total[present]
    if least is None:
        return typed, summed, None
    low = np.full(room, least.max(), dtype=least.dtype)
    np.minimum.at(low, packed, least)
    return typed, summed, low[present]


def _ranges(keys: list[np.ndarray]) -> tuple[list[int], list[int], int]:
    """Each key's least value and number of values, and the product of those numbers."""
    lows, sizes = [], []
    room = 1
    for key in keys:
        low, high = int(key.min()), int(key.max())
        lows.append(low)
        sizes.append(high - low + 1)
        room *= high - low + 1
    return lows, sizes, room


def _packed(keys: list[np.ndarray]) -> tuple[np.ndarray, list[int], list[int]] | None:
    """The keys as one number each, in the same order, with each key's least value and
    number of values (its digit is key - least); None where their ranges do not fit."""
    lows, sizes, room = _ranges(keys)
    if room >= PACKED_LIMIT:
        return None
    return _packed_as(keys, lows, sizes), lows, sizes


def _packed_as(keys: list[np.ndarray], lows: list[int], sizes: list[int]) -> np.ndarray:
    """The keys packed by their lows and sizes (_ranges'), from 0. Each key is added as it
    is and all their lows taken off at the end: arithmetic that wraps at 2**64 ends on the
    same numbers, which are below PACKED_LIMIT."""
    packed = keys[0].astype(np.int64)
    offset = lows[0]
    for key, low, size in zip(keys[1:], lows[1:], sizes[1:], strict=True):
        packed *= size
        np.add(packed, key, out=packed, casting="unsafe")
        offset = offset * size + low
    packed -= np.int64((offset + 2**63) % 2**64 - 2**63)
    return packed


def _unpacked(packed: np.ndarray, lows: list[int], sizes: list[int]) -> list[np.ndarray]:
    """The keys of packed numbers (of the keys whose lows and sizes are given, the last
    ones packed), as 64-bit numbers: each digit plus its key's least value (wrapping as
    the packing did, so a key near the ends of int64 comes back as it was)."""
    keys = []
    rest = packed
    for low, size in zip(lows[::-1], sizes[::-1], strict=True):
        rest, digit = np.divmod(rest, size)
        keys.append(digit + np.int64((low + 2**63) % 2**64 - 2**63))
    return keys[::-1]
