"""gettext for the interface text: the catalogues, and the markers for text defined at import.

English message ids are written in code and templates; touchsite/locale/<language>/LC_MESSAGES/
messages.po translates them. The .po file is compiled in memory when first used, so no binary
.mo file lives in the repository and a fresh clone needs no compile step.

Text defined at import time (dicts of titles and labels) cannot be translated there: the
language is not known yet. It is marked with `N_()` (or `NP_()` with a context) so that
`pybabel extract` finds it, and translated where it is shown.
"""

from __future__ import annotations

import gettext
import hashlib
import io
from functools import cache
from pathlib import Path

CATALOGUES = Path(__file__).resolve().parent / "locale"


def N_(message: str) -> str:
    """Marks `message` for extraction; it is translated where it is shown."""
    return message


def NP_(context: str, message: str) -> tuple[str, str]:
    """Marks `message` in `context` for extraction, for `pgettext(*marked)` where it is shown."""
    return context, message


def _catalogue(language: str) -> Path:
    return CATALOGUES / language / "LC_MESSAGES" / "messages.po"


@cache
def catalogue_version(language: str) -> str:
    """What tells the language's catalogue from an edited one ("" for none): templates
    compiled with its texts in them are kept under it (see `render.escaping.Translations`)."""
    path = _catalogue(language)
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's catalogue; English (the message ids themselves) needs none."""
    path = _catalogue(language)
    if not path.is_file():
        return gettext.NullTranslations()
    # Babel only here: the comments' worker imports this module (for N_) but no catalogue
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
