"""The parts of scipy the analysis uses, its special functions and sparse matrices, imported
without the numpy modules nothing here uses.

scipy's array-API layer (scipy._lib.array_api_compat.numpy) copies every public name of
numpy when scipy.special or scipy.sparse first loads, and numpy imports a submodule the first
time its name is asked for: numpy.f2py (Fortran wrappers, with argparse and
charset_normalizer) and numpy.testing (unittest, email, importlib.metadata) took 0.053 s of
the 0.36 s a build spends on imports (`python -X importtime`), for modules no build calls.
While scipy loads, the two names stand for empty modules; afterwards numpy imports either on
first use, as before (tests/test_scipy_parts.py).
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np

UNUSED = ("f2py", "testing")


@contextmanager
def _numpy_modules_unloaded(names: tuple[str, ...]) -> Iterator[None]:
    """Within the block, numpy's submodules `names` that are not imported yet are empty
    stand-ins, so that naming them imports nothing."""
    standing_in = [name for name in names if name not in vars(np)]
    for name in standing_in:
        setattr(np, name, types.ModuleType(f"numpy.{name}", "not imported (scipy_parts)"))
    try:
        yield
    finally:
        for name in standing_in:
            delattr(np, name)


with _numpy_modules_unloaded(UNUSED):
    from scipy import sparse, special

__all__ = ["sparse", "special"]
