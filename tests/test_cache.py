"""The preview's cache: keys made of every input, values kept for one build."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.conftest import make_config
from touchsite.cache import Cache, cached, digest, file_digest
from touchsite.models import Scale


def test_equal_inputs_give_equal_digests():
    assert digest(make_config(), {"a": 1, "b": (2, 3)}) == digest(
        make_config(), {"b": (2, 3), "a": 1}
    )
    assert digest({"x", "y", "z"}) == digest({"z", "y", "x"})
    assert digest(np.arange(4)) == digest(np.arange(4))


@pytest.mark.parametrize(
    ("one", "other"),
    [
        (make_config(), make_config(ces_scale=Scale(1, 7))),
        (make_config(ces_scale=Scale(1, 7)), make_config(ces_scale=Scale(1, 5))),
        (make_config(ces_scale=Scale(1, 5)), make_config(ces_scale=Scale(1, 5, False))),
        (("ab", "c"), ("a", "bc")),
        ((1,), (1.0,)),
        ((True,), (1,)),
        (b"data", "data"),
        (np.arange(4), np.arange(4).astype(np.float64)),
        (pd.DataFrame({"n": [1, 2]}), pd.DataFrame({"n": [1, 3]})),
    ],
)
def test_any_change_of_an_input_changes_the_digest(one, other):
    assert digest(one) != digest(other)


def test_fields_left_out_of_equality_are_inputs_too():
    # A line number is not part of a Privacy's equality, but a problem shown with it is.
    privacy = make_config().privacy
    assert privacy == dataclasses.replace(privacy, line=9)
    assert digest(privacy) != digest(dataclasses.replace(privacy, line=9))


def test_a_type_the_digest_does_not_know_is_refused():
    with pytest.raises(TypeError):
        digest(object())


def test_file_digest_reads_the_bytes(tmp_path: Path):
    path = tmp_path / "answers.csv"
    assert file_digest(path) == ""
    path.write_bytes(b"a,b\n")
    before = file_digest(path)
    path.write_bytes(b"a,c\n")
    assert file_digest(path) not in ("", before)


def test_a_folder_digest_reads_its_files_names_and_bytes(tmp_path: Path):
    """A dataset folder (Parquet files in partitions) is an input as a file is: a preview
    reads it again when any of its files changes, is added or is renamed."""
    folder = tmp_path / "answers"
    (folder / "segment=new").mkdir(parents=True)
    part = folder / "segment=new" / "part-0.parquet"
    part.write_bytes(b"PAR1 one")
    digests = [file_digest(folder)]
    part.write_bytes(b"PAR1 two")
    digests.append(file_digest(folder))
    (folder / "segment=old").mkdir()
    (folder / "segment=old" / "part-0.parquet").write_bytes(b"PAR1 two")
    digests.append(file_digest(folder))
    part.rename(folder / "segment=new" / "part-1.parquet")
    digests.append(file_digest(folder))
    assert len(set(digests)) == 4 and "" not in digests
    assert file_digest(folder) == digests[-1]


def test_a_value_is_computed_once_per_distinct_inputs():
    cache, calls = Cache(), []

    def compute(value: int) -> int:
        calls.append(value)
        return value * 2

    assert cache.get("double", (3,), lambda: compute(3)) == 6
    assert cache.get("double", (3,), lambda: compute(3)) == 6
    assert cache.get("double", (4,), lambda: compute(4)) == 8
    assert calls == [3, 4]
    assert cached(None, "double", (3,), lambda: compute(3)) == 6  # no cache: always computed
    assert calls == [3, 4, 3]


def test_a_build_keeps_only_what_it_used():
    cache = Cache()
    cache.start_build()
    cache.get("v", (1,), lambda: "one")
    cache.get("v", (2,), lambda: "two")
    cache.start_build()
    cache.get("v", (1,), lambda: "recomputed")  # still there from the build before
    cache.start_build()
    assert cache.lookup(cache.key("v", 1)) == (True, "one")
    assert cache.lookup(cache.key("v", 2)) == (False, None)  # unused by the last build
