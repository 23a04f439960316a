"""scipy's parts imported without numpy.f2py and numpy.testing, which stay importable."""

import subprocess
import sys

# A fresh interpreter: the test session has imported numpy.testing long ago.
FIRST_IMPORT = """
import sys
import touchsite.analyze.distributions, touchsite.analyze.respondents
print(sorted(name for name in ("numpy.f2py", "numpy.testing") if name in sys.modules))
import numpy
numpy.testing.assert_array_equal([1.0], [1.0])
print(numpy.testing.__name__, numpy.f2py.__name__, numpy.testing.__file__ is not None)
"""

IMPORTED_BEFORE = """
import sys
import numpy.testing
real = numpy.testing
import touchsite.analyze.scipy_parts, numpy
print(numpy.testing is real, sys.modules["numpy.testing"] is real)
"""


def _run(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.splitlines()


def test_scipy_loads_without_numpys_fortran_and_testing_modules():
    assert _run(FIRST_IMPORT) == ["[]", "numpy.testing numpy.f2py True"]


def test_a_numpy_module_imported_before_is_left_as_it_was():
    assert _run(IMPORTED_BEFORE) == ["True True"]
