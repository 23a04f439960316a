"""Frozen dataclasses with the quicker __init__ behave as the dataclass's own would."""

import dataclasses
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from touchsite.analyze.basis import Difference
from touchsite.analyze.trends import Change
from touchsite.models import KpiEstimate
from touchsite.models.frozen import quickly_built


@dataclasses.dataclass(frozen=True)
class Plain:
    name: str
    n: int
    value: float | None
    flags: tuple = ()
    note: str = ""


@quickly_built
@dataclasses.dataclass(frozen=True)
class Quick:
    name: str
    n: int
    value: float | None
    flags: tuple = ()
    note: str = ""


def test_the_analysis_figures_are_built_quickly():
    for cls in (KpiEstimate, Difference, Change):
        assert cls.__init__.__qualname__ == f"{cls.__qualname__}.__init__"
        assert "__setattr__" not in cls.__init__.__code__.co_names


@given(
    st.text(max_size=5),
    st.integers(),
    st.none() | st.floats(allow_nan=False),
    st.tuples() | st.tuples(st.booleans()),
    st.text(max_size=5),
)
def test_built_as_the_dataclass_builds_it(name, n, value, flags, note):
    for args, kwargs in (
        ((name, n, value), {}),
        ((name, n, value, flags, note), {}),
        ((), {"name": name, "n": n, "value": value, "note": note}),
        ((name,), {"value": value, "n": n, "flags": flags}),
    ):
        quick, plain = Quick(*args, **kwargs), Plain(*args, **kwargs)
        assert dataclasses.astuple(quick) == dataclasses.astuple(plain)
        assert quick == Quick(*args, **kwargs) and hash(quick) == hash(Quick(*args, **kwargs))
        assert pickle.loads(pickle.dumps(quick)) == quick
        assert dataclasses.replace(quick, note="x") == Quick(name, n, value, quick.flags, "x")


def test_still_frozen_and_as_strict_about_its_arguments():
    quick = Quick("a", 1, None)
    assert repr(quick) == "Quick(name='a', n=1, value=None, flags=(), note='')"
    with pytest.raises(dataclasses.FrozenInstanceError):
        quick.n = 2
    with pytest.raises(TypeError):
        Quick("a", 1)  # value missing
    with pytest.raises(TypeError):
        Quick("a", 1, None, nope=3)
    with pytest.raises(TypeError):
        Quick("a", 1, None, (), "", "one too many")


def _frozen(**fields):
    return dataclasses.make_dataclass(
        "Made", [(name, *spec) for name, spec in fields.items()], frozen=True
    )


def test_refuses_a_class_whose_init_does_more():
    @dataclasses.dataclass(frozen=True)
    class Checked:
        n: int

        def __post_init__(self):
            assert self.n >= 0

    @dataclasses.dataclass
    class Thawed:
        n: int

    for cls in (
        Checked,
        Thawed,
        _frozen(items=(list, dataclasses.field(default_factory=list))),
        _frozen(hidden=(int, dataclasses.field(default=0, init=False))),
        _frozen(named=(int, dataclasses.field(default=0, kw_only=True))),
        dataclasses.dataclass(frozen=True, slots=True)(
            type("Slotted", (), {"__annotations__": {"n": int}})
        ),
    ):
        with pytest.raises(TypeError):
            quickly_built(cls)
