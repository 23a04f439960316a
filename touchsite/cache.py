"""Values a live preview keeps between rebuilds, each keyed by a digest of all its inputs.

A key is made from the inputs themselves (a data file's bytes, the whole config, the comments
a theme is found in), never from a hand-picked list of the settings a value is thought to
depend on: such a list misses the setting added next year, and a preview then shows stale
figures. Digesting everything costs a little more time and invalidates a little more often;
both are cheap next to a wrong report.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from enum import Enum
from functools import cache
from pathlib import Path, PurePath
from typing import Any, TypeVar

import numpy as np
import pandas as pd

T = TypeVar("T")


def digest(*inputs: Any) -> str:
    """A hex digest of `inputs`, equal for equal values (dict and set order aside)."""
    sha = hashlib.sha256()
    _feed(sha, inputs)
    return sha.hexdigest()


def file_digest(path: Path) -> str:
    """A digest of a file's bytes, or of a folder's files' names and bytes (a dataset in
    parts); "" for a missing file: that is an input too."""
    if path.is_dir():
        files = sorted(f for f in path.rglob("*") if f.is_file())
        return digest([(f.relative_to(path).as_posix(), file_digest(f)) for f in files])
    if not path.is_file():
        return ""
    with path.open("rb") as data:
        return hashlib.file_digest(data, "sha256").hexdigest()


def _put(sha: Any, tag: str, payload: bytes) -> None:
    # Each value is tagged with its type and length, so ("ab", "c") and ("a", "bc") differ.
    sha.update(f"{tag}{len(payload)}:".encode())
    sha.update(payload)


@cache
def _field_names(kind: type) -> tuple[str, ...]:
    # Every field, compare=False ones too: a line number shown in a problem is an input.
    return tuple(f.name for f in dataclasses.fields(kind))


def _feed(sha: Any, value: Any) -> None:
    # The common types come first: a preview digests thousands of comments per rebuild.
    if isinstance(value, str):
        _put(sha, "str", value.encode())
    elif value is None or isinstance(value, bool | int | float | complex):
        _put(sha, type(value).__name__, repr(value).encode())
    elif isinstance(value, list | tuple):
        _put(sha, type(value).__name__, str(len(value)).encode())
        for item in value:
            _feed(sha, item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        kind = type(value)
        _put(sha, "dataclass", kind.__qualname__.encode())
        for name in _field_names(kind):
            _put(sha, "field", name.encode())
            _feed(sha, getattr(value, name))
    elif isinstance(value, bytes):
        _put(sha, "bytes", value)
    elif isinstance(value, Enum):
        _put(sha, type(value).__qualname__, repr(value.value).encode())
    elif isinstance(value, PurePath):
        _put(sha, "path", value.as_posix().encode())
    elif isinstance(value, dt.date | dt.datetime | dt.time):
        _put(sha, type(value).__name__, value.isoformat().encode())
    elif isinstance(value, Mapping):
        _put(sha, "map", str(len(value)).encode())
        for item in sorted(digest(k, v) for k, v in value.items()):
            _put(sha, "item", item.encode())
    elif isinstance(value, set | frozenset):
        _put(sha, "set", str(len(value)).encode())
        for item in sorted(digest(v) for v in value):
            _put(sha, "item", item.encode())
    elif isinstance(value, np.ndarray):
        _put(sha, "ndarray", f"{value.dtype.str}{value.shape}".encode())
        _put(sha, "data", np.ascontiguousarray(value).tobytes())
    elif isinstance(value, np.generic):
        _feed(sha, value.item())
    elif isinstance(value, pd.DataFrame):
        _feed(sha, (list(map(str, value.columns)), list(map(str, value.dtypes))))
        _put(sha, "rows", pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    else:
        # A type nobody taught the digest is a bug here, not a reason to share a key.
        raise TypeError(f"cannot digest a {type(value).__qualname__}")


class Cache:
    """Computed values by name and the digest of their inputs, for one preview session.

    Each build keeps what it used and drops the rest, so a session of many edits holds the
    values of one build, not of every build since it started.
    """

    def __init__(self) -> None:
        self._current: dict[str, Any] = {}
        self._previous: dict[str, Any] = {}

    def start_build(self) -> None:
        """Values the last build used stay available; older ones are dropped."""
        self._previous, self._current = self._current, {}

    def key(self, name: str, *inputs: Any) -> str:
        return f"{name}:{digest(*inputs)}"

    def lookup(self, key: str) -> tuple[bool, Any]:
        """(True, value) if `key` is cached, else (False, None)."""
        for values in (self._current, self._previous):
            if key in values:
                self._current[key] = values[key]
                return True, values[key]
        return False, None

    def keep(self, key: str, value: Any) -> None:
        self._current[key] = value

    def get(self, name: str, inputs: tuple, compute: Callable[[], T]) -> T:
        """The value `compute` returns for `inputs`, computed once per distinct inputs."""
        key = self.key(name, *inputs)
        found, value = self.lookup(key)
        if not found:
            value = compute()
            self.keep(key, value)
        return value

    def __len__(self) -> int:
        return len(self._current)


def cached(cache: Cache | None, name: str, inputs: tuple, compute: Callable[[], T]) -> T:
    """`compute()`, through `cache` if there is one (a one-off build has none to digest for)."""
    return compute() if cache is None else cache.get(name, inputs, compute)
