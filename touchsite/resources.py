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


# plotly.js with the traces the site draws (scatter, bar): see touchsite/vendor/README.md.
PLOTLY_BUNDLE = PACKAGE / "vendor" / "plotly-basic.min.js"


# What in the bundle points at plotly's own hosts: the logo's link, "send to the cloud" and the
# map topologies. The site uses none of them (no logo, no mode bar, no maps), and no path in
# it may lead off the site, so they are taken out of the copy the site ships; the vendored
# file stays as npm has it (its checksum in the README).
OFF_SITE = (
    b"https://cloud.plotly.com/newchart",
    b"https://cdn.plot.ly/un/",
    b"https://plotly.com/",
)


@cache
def plotly_bundle() -> bytes:
    bundle = PLOTLY_BUNDLE.read_bytes()
    for url in OFF_SITE:
        bundle = bundle.replace(url, b"")
    return bundle
