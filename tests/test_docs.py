"""Every key a user may write is documented in the README (as Datasette does for settings)."""

from __future__ import annotations

import pytest

from tests.conftest import REPO
from touchsite.load.config import (
    ANALYSIS_FIELDS,
    CONFIG_FIELDS,
    KPI_FIELDS,
    SCALE_FIELDS,
    TARGET_FIELDS,
    THEME_FIELDS,
)
from touchsite.load.content import PAGE_FIELDS, RECOMMENDATION_FIELDS, TOUCHPOINT_FIELDS
from touchsite.load.feedback import COLUMNS
from touchsite.load.journeys import (
    INSIGHT_FIELDS,
    JOURNEY_FIELDS,
    OPPORTUNITY_FIELDS,
    STEP_FIELDS,
)
from touchsite.load.sources import (
    DATA_FIELDS,
    LAYOUTS,
    PRIVACY_FIELDS,
    SCORE_FIELDS,
    TOUCHPOINT_COLUMN_FIELDS,
)

README = (REPO / "README.md").read_text(encoding="utf-8")

DOCUMENTED = [
    *(f"| `{f.name}` |" for f in CONFIG_FIELDS),
    *(f"| `{f.name}` |" for f in TOUCHPOINT_FIELDS),
    *(f"| `{f.name}` |" for f in RECOMMENDATION_FIELDS),
    *(f"| `{name}` |" for name in COLUMNS),
    *(f"`{f.name}`" for f in (*KPI_FIELDS, *TARGET_FIELDS, *PAGE_FIELDS, *SCALE_FIELDS)),
    *(f"| `{f.name}` |" for f in ANALYSIS_FIELDS),
    *(f"| `{f.name}` |" for f in THEME_FIELDS),
    *(f"| `{f.name}` |" for f in (*DATA_FIELDS, *SCORE_FIELDS, *PRIVACY_FIELDS)),
    *(f"| `{f.name}` |" for f in TOUCHPOINT_COLUMN_FIELDS),
    *(f"| `{layout}` |" for layout in LAYOUTS),
    *(f"| `{f.name}` |" for f in (*JOURNEY_FIELDS, *STEP_FIELDS, *INSIGHT_FIELDS)),
    *(f"| `{f.name}` |" for f in OPPORTUNITY_FIELDS),
]


@pytest.mark.parametrize("entry", sorted(set(DOCUMENTED)))
def test_key_is_documented(entry: str):
    assert entry in README


def test_help_matches_the_readme_commands():
    for command in (
        "touchsite build",
        "touchsite check",
        "touchsite init",
        "touchsite export",
        "touchsite data inspect",
    ):
        assert command in README
