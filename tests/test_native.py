"""The native libraries' settings: made before numpy and Arrow load, and taken by them."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from touchsite import native

NAMES = ("OPENBLAS_NUM_THREADS", native.ARROW_POOL)

# what a fresh process's libraries use: Arrow's pool, and its threads once numpy's and
# scipy's OpenBLAS have run (but jemalloc's own, which Arrow starts)
LIBRARIES = """
import os
import pyarrow as pa
import numpy as np
import scipy.linalg
matrix = np.ones((400, 400))
scipy.linalg.lstsq(matrix @ matrix, matrix[0])
names = [open(f"/proc/self/task/{task}/comm").read() for task in os.listdir("/proc/self/task")]
threads = sum(name.strip() != "jemalloc_bg_thd" for name in names)
print(pa.default_memory_pool().backend_name, threads)
"""


def _libraries(first: str) -> list[str]:
    env = {name: value for name, value in os.environ.items() if name not in NAMES}
    done = subprocess.run(
        [sys.executable, "-c", first + LIBRARIES],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.split()


@pytest.mark.skipif(sys.platform != "linux", reason="threads counted in /proc")
def test_the_libraries_take_the_settings_made_before_they_load():
    assert native._arrow_has_jemalloc()  # Arrow's Linux wheels are built with it
    configured = _libraries("from touchsite import native\nnative.configure()\n")
    assert configured == ["jemalloc", "1"]
    # and without them, each differs (OpenBLAS's threads where there are cores for them)
    pool, threads = _libraries("")
    assert pool != "jemalloc"
    assert int(threads) > 1 or len(os.sched_getaffinity(0)) == 1


def test_a_setting_the_user_made_is_kept(monkeypatch: pytest.MonkeyPatch):
    for name in NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    monkeypatch.setenv(native.ARROW_POOL, "system")
    native.configure()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"
    assert os.environ[native.ARROW_POOL] == "system"
    monkeypatch.delenv("OPENBLAS_NUM_THREADS")
    native.configure()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"


@pytest.mark.parametrize(
    "header", [None, "#define ARROW_MIMALLOC\n", "/* #define ARROW_JEMALLOC */"]
)
def test_no_jemalloc_asked_of_an_arrow_built_without_it(
    header: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    if header is not None:
        config = tmp_path / "include" / "arrow" / "util" / "config.h"
        config.parent.mkdir(parents=True)
        config.write_text(header, encoding="utf-8")
    found = SimpleNamespace(submodule_search_locations=[str(tmp_path)])
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: found)
    assert native.ARROW_POOL not in native.settings()
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None)
    assert native.ARROW_POOL not in native.settings()


def test_a_held_heap_keeps_blocks_up_to_32_mb_and_its_top_until_let_go(monkeypatch):
    # glibc's malloc.h: M_TRIM_THRESHOLD -1, M_MMAP_THRESHOLD -3; its default trim 128 KiB
    calls = []
    monkeypatch.setattr(
        native, "libc_function", lambda name: lambda *args: calls.append((name, *args))
    )
    native.hold_freed_heap(True)
    assert calls == [("mallopt", -3, 32 * 2**20), ("mallopt", -1, 2**30)]
    calls.clear()
    native.hold_freed_heap(False)
    assert calls == [("mallopt", -3, 32 * 2**20), ("mallopt", -1, 128 * 1024)]


def test_a_heap_is_left_alone_where_the_c_library_has_no_mallopt(monkeypatch):
    monkeypatch.setattr(native, "libc_function", lambda name: None)
    native.hold_freed_heap(True)  # nothing to call, nothing raised


@pytest.mark.skipif(sys.platform != "linux", reason="glibc's and Linux's functions")
def test_the_c_librarys_functions_are_found_without_running_a_program(monkeypatch):
    """Each lookup ran `ldconfig -p` (ctypes.util.find_library): at the reducer's import, the
    comments' worker's start and every build's swap."""

    def refused(*args, **kwargs):
        raise RuntimeError("a program was run")

    monkeypatch.setattr(subprocess, "Popen", refused)
    native._libc.cache_clear()
    assert native.libc_function("mallopt") is not None
    assert native.libc_function("renameat2") is not None
    assert native.libc_function("no_such_function_in_a_c_library") is None
