"""Where the default theme, the example project and the vendored chart script live."""

from __future__ import annotations

from functools import cache
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
# In a wheel the theme and example are packaged inside touchsite/; in a source checkout they
# sit at the repository's top level (the repository is itself the example project).
REPOSITORY = PACKAGE.parent


def default_theme() -> Path:
    packaged = PACKAGE / "theme"
    return packaged if packaged.is_dir() else REPOSITORY / "templates"


EXAMPLE_LANGUAGES = ("de", "en")


def example_project(language: str = "de") -> Path:
    """The example client in `language`: German is the repository itself, English examples/en."""
    if language not in EXAMPLE_LANGUAGES:
        raise ValueError(f"no example project in language {language!r}")
    if language == "de":
        packaged = PACKAGE / "example"
        return packaged if packaged.is_dir() else REPOSITORY
    packaged = PACKAGE / f"example_{language}"
    return packaged if packaged.is_dir() else REPOSITORY / "examples" / language


def theme_dirs(project_root: Path) -> list[Path]:
    """Template folders in lookup order: the project's own overrides first."""
    own = project_root / "templates"
    theme = default_theme()
    dirs = [own] if own.is_dir() and own.resolve() != theme.resolve() else []
    return [*dirs, theme]


# plotly.js with the traces the site draws (scatter, bar), without the addresses of plotly's
# hosts (scripts/vendor_plotly.py): see touchsite/vendor/README.md.
PLOTLY_BUNDLE = PACKAGE / "vendor" / "plotly-basic.min.js"


@cache
def plotly_bundle() -> bytes:
    """The vendored bundle, read once (a preview builds many times)."""
    return PLOTLY_BUNDLE.read_bytes()
