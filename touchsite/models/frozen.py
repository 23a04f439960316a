"""Frozen dataclasses the analysis makes by the ten thousand, built without
`object.__setattr__`.

A frozen dataclass's own `__init__` sets each field through `object.__setattr__` (the
class's `__setattr__` refuses), which made a nine-field figure cost twice what the same
class unfrozen did: 1,000 touchpoints make about 63,000 KPI figures, 38,000 differences and
30,000 changes. `quickly_built` gives such a class an `__init__` of the same signature that
writes the fields into the instance's dict; the class stays as it was otherwise (assigning a
field raises, it compares, hashes, pickles and copies with `dataclasses.replace` alike).
"""

from __future__ import annotations

import dataclasses
from typing import TypeVar

T = TypeVar("T")


def quickly_built(cls: type[T]) -> type[T]:
    """`cls`, a frozen dataclass, with the quicker `__init__`. Refuses a class whose
    `__init__` does more than set its fields (`__post_init__`, a default factory, a field
    left out of `__init__` or keyword-only, `__slots__`), so none is built otherwise."""
    if not dataclasses.is_dataclass(cls) or not cls.__dataclass_params__.frozen:
        raise TypeError(f"{cls.__name__} is no frozen dataclass")
    fields = dataclasses.fields(cls)
    if (
        hasattr(cls, "__post_init__")
        or "__slots__" in vars(cls)
        or any(
            not f.init or f.kw_only or f.default_factory is not dataclasses.MISSING for f in fields
        )
        or len(fields) != len(cls.__dataclass_fields__)  # an InitVar or a ClassVar
    ):
        raise TypeError(f"{cls.__name__}'s __init__ does more than set its fields")
    defaults = {f"_default_{f.name}": f.default for f in fields}
    parameters = ", ".join(
        f.name if f.default is dataclasses.MISSING else f"{f.name}=_default_{f.name}"
        for f in fields
    )
    stores = "".join(f"    state[{f.name!r}] = {f.name}\n" for f in fields)
    source = f"def __init__(self, {parameters}):\n    state = self.__dict__\n{stores}"
    namespace: dict = {}
    exec(source, defaults, namespace)  # noqa: S102 - source made of the fields' names above
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = cls.__init__.__doc__
    cls.__init__ = init
    return cls
