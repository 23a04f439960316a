"""The bytes of an Arrow text array, for the checks and hashes that read a chunk's texts at
once with numpy instead of text by text (a moment's digits, a cell's first byte, the line
breaks of comments, the hashes of ids and comments)."""

from __future__ import annotations

import numpy as np
import pyarrow as pa


def is_text(kind: pa.DataType) -> bool:
    """Whether an array of `kind` keeps its texts as offsets into one buffer of UTF-8 bytes."""
    return pa.types.is_string(kind) or pa.types.is_large_string(kind)


def bounds_and_bytes(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The bounds of each of `texts` (is_text, or binary: a respondent set's ranks) in its
    bytes, one more than the texts (the first need not be 0: a slice's are those of the
    array it was cut from), and those bytes,
    read-only: numpy's view of an Arrow buffer would be writable, and a write through it
    changes the array itself."""
    _validity, offsets, data = texts.buffers()
    large = pa.types.is_large_string(texts.type) or pa.types.is_large_binary(texts.type)
    kind = np.int64 if large else np.int32
    bounds = np.frombuffer(offsets, dtype=kind)[texts.offset :][: len(texts) + 1]
    view = np.zeros(0, dtype=np.uint8) if data is None else np.frombuffer(data, dtype=np.uint8)
    view.flags.writeable = False
    return bounds, view


def padded_bytes(texts: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """The bounds of each of `texts` (any array Arrow casts to text) in a copy of their bytes,
    from 0, as int64, and that copy with eight zero bytes after it: an 8-byte word can be read
    from any of its bytes on."""
    if not is_text(texts.type):
        texts = texts.cast(pa.large_string())
    bounds, data = bounds_and_bytes(texts)
    begin, end = (int(bounds[0]), int(bounds[-1])) if len(bounds) else (0, 0)
    padded = np.zeros(end - begin + 8, dtype=np.uint8)
    padded[: end - begin] = data[begin:end]
    return bounds.astype(np.int64) - begin, padded
