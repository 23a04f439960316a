from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# Compiled templates go to this checkout's own folder (the tests' processes inherit it), not
# to the user's cache folder: what another checkout compiled there is never what is tested.
os.environ["XDG_CACHE_HOME"] = str(Path(__file__).resolve().parents[1] / ".pytest_cache" / "xdg")

# The tests' processes run their native libraries as a user's build does (touchsite.native).
from touchsite import native  # noqa: E402

native.configure()

from touchsite.models import Channel, Config, Phase, Targets  # noqa: E402

# Property-based tests: a fixed, bounded set of examples by default (CI); a long random search
# with HYPOTHESIS_PROFILE=long. Minimal failing examples found are kept as explicit tests.
settings.register_profile(
    "ci",
    derandomize=True,
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("long", max_examples=5000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small fixture project."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


def tree(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


BASE_CONFIG = Config(
    title="Journey",
    client="Client",
    language="en",
    base_url="",
    phases=(Phase("before", "Before"),),
    channels=(Channel("web", "Website"),),
    personas=(),
    primary_kpi="nps",
    targets=Targets(),
    data=(),
)


def make_config(**changes) -> Config:
    """A small config for analysis tests; keyword arguments replace its fields."""
    return dataclasses.replace(BASE_CONFIG, **changes)


def alive(pid: int) -> bool:
    """Whether process `pid` still runs (Linux): a zombie has ended, but is not yet reaped by
    its parent (or, an orphan's, by the one it was given to)."""
    try:
        os.kill(pid, 0)
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (ProcessLookupError, FileNotFoundError):  # reaped, maybe between the two looks
        return False
