"""The README's catalogue workflow keeps every text the site shows, translated into German.

The workflow is run exactly as README.md documents it, on a copy of the code, templates and
catalogue. The texts the site shows are not taken from the same extractor (which would miss
exactly what it cannot see): they are recorded while both example projects build.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

import touchsite.load.privacy
import touchsite.render.i18n
from tests.conftest import REPO
from touchsite import translation
from touchsite.build import build
from touchsite.render.site import compiled_templates
from touchsite.translation import N_, NP_, translations

CATALOGUE = Path("touchsite", "locale", "de", "LC_MESSAGES", "messages.po")


def readme_workflow() -> str:
    """The catalogue update command as README.md documents it."""
    commands = re.findall(r"`(pybabel extract [^`]*)`", (REPO / "README.md").read_text("utf-8"))
    assert len(commands) == 1, "README.md should document one extract/update command"
    return commands[0]


@pytest.fixture(scope="module")
def updated(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The German catalogue after the README's workflow ran on a copy of the repository."""
    copy = tmp_path_factory.mktemp("repository")
    for folder in ("touchsite", "templates"):
        shutil.copytree(REPO / folder, copy / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "babel.cfg", copy)
    # The Babel this Python has, whether or not its pybabel script is on PATH.
    pybabel = f"{shlex.quote(sys.executable)} -m babel.messages.frontend"
    command = re.sub(r"\bpybabel\b", pybabel, readme_workflow())
    subprocess.run(command, shell=True, cwd=copy, check=True, capture_output=True)
    with (copy / CATALOGUE).open("rb") as handle:
        return read_po(handle)


class _Recording:
    """A catalogue that notes every (context, message id) the build asks it for."""

    def __init__(self, catalogue, seen: set[tuple[str | None, str]]) -> None:
        self.catalogue, self.seen = catalogue, seen

    def gettext(self, message: str) -> str:
        self.seen.add((None, message))
        return self.catalogue.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        self.seen.add((None, singular))
        return self.catalogue.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        self.seen.add((context, message))
        return self.catalogue.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        self.seen.add((context, singular))
        return self.catalogue.npgettext(context, singular, plural, n)


@pytest.fixture(scope="module")
def shown(tmp_path_factory) -> set[tuple[str | None, str]]:
    """Every message the German and the English example ask gettext for while they build.

    With no compiled template kept (in the process or in the cache folder): a template's
    `_("text")` asks while the template is compiled, so templates an earlier test compiled
    asked nothing here, and a text without its translation went unseen."""
    seen: set[tuple[str | None, str]] = set()
    with pytest.MonkeyPatch.context() as patch:
        for module in (touchsite.render.i18n, touchsite.load.privacy):
            patch.setattr(module, "translations", lambda lang: _Recording(translations(lang), seen))
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("compiled")))
        compiled_templates.cache_clear()
        try:
            for project in (REPO, REPO / "examples" / "en"):
                build(project, write=False)
        finally:
            compiled_templates.cache_clear()
    return seen


def _key(context: str | None, message: str) -> str | tuple[str, str]:
    return message if context is None else (message, context)


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not message.fuzzy and all(strings)


def test_no_text_the_site_shows_is_marked_obsolete(updated: Catalog, shown):
    assert len(shown) > 200
    obsolete = sorted(m for c, m in shown if _key(c, m) in updated.obsolete)
    assert not obsolete, "the README workflow marks obsolete:\n" + "\n".join(obsolete)


def test_every_text_the_site_shows_has_a_german_translation(updated: Catalog, shown):
    missing = sorted(
        f"{c}: {m}" if c else m
        for c, m in shown
        if (entry := updated.get(m, c)) is None or not _translated(entry)
    )
    assert not missing, "no German translation for:\n" + "\n".join(missing)


def test_every_extracted_text_has_a_german_translation(updated: Catalog):
    # A translation may equal its message id ("KPI", "Touchpoints"): it is still written down.
    assert len(updated) > 250
    missing = sorted(str(m.id) for m in updated if m.id and not _translated(m))
    assert not missing, "no German translation for:\n" + "\n".join(missing)


def test_the_committed_catalogue_is_what_the_workflow_writes(updated: Catalog):
    with (REPO / CATALOGUE).open("rb") as handle:
        committed = read_po(handle)

    def entries(catalogue: Catalog) -> set:
        return {(m.id, m.context, m.string) for m in catalogue if m.id}  # not the header

    assert entries(committed) == entries(updated)
    assert not committed.obsolete


def test_markers_leave_text_for_translation_where_it_is_shown():
    assert N_("Unknown touchpoint") == "Unknown touchpoint"
    assert NP_("touchpoint category", "service") == ("touchpoint category", "service")
    assert translations("de").pgettext("touchpoint category", "service") == "Leistung"
    assert translations("de").gettext("Unknown touchpoint") == "Unbekannter Touchpoint"


def test_the_english_method_page_gives_its_negation_example_in_english(tmp_path: Path):
    """The English methods page explained negated comment terms with a German example only
    ("kein Rückruf" never counts as "Rückruf"). Now it gives an English one; the German page
    keeps its own."""
    english, german = tmp_path / "en", tmp_path / "de"
    build(REPO / "examples" / "en", english)
    build(REPO, german)
    method = (english / "methods.html").read_text(encoding="utf-8")
    assert "Rückruf" not in method
    assert '"no callback" never counts as "callback"' in method
    assert "„kein Rückruf“ zählt nie als „Rückruf“" in (german / "methods.html").read_text(
        encoding="utf-8"
    )


def test_the_method_page_writes_its_percentage_as_its_language_does(tmp_path: Path):
    """The German methods page wrote the precision's share of a KPI's range as "15 %", its
    space from the catalogue, so the line could break between the number and the sign. Now
    the share takes the language's percent sign: a no-break space in German, none in
    English. 0.15 of the range is 15 %."""
    english, german = tmp_path / "en", tmp_path / "de"
    build(REPO / "examples" / "en", english)
    build(REPO, german)
    assert "divided by 15% of the KPI's range" in (english / "methods.html").read_text("utf-8")
    assert "geteilt durch 15\u00a0% der Spannweite" in (german / "methods.html").read_text("utf-8")


def test_every_german_percentage_keeps_its_sign_on_its_line():
    """The German methods page wrote CSAT's Wilson interval as right "nahe 0 % und 100 %",
    plain spaces from the catalogue, so a line could break between the number and its sign.
    Every translation now writes a no-break space there, as the site's own percentages do."""
    with CATALOGUE.open("rb") as handle:
        catalogue = read_po(handle, locale="de")
    texts = [
        text
        for message in catalogue
        for text in (message.string if isinstance(message.string, tuple) else [message.string])
        if text
    ]
    broken = [
        text
        for text in texts
        if any(c.isdigit() and text[i + 1 : i + 3] == " %" for i, c in enumerate(text))
    ]
    assert broken == []
    assert any("0\u00a0% und 100\u00a0%" in text for text in texts)


def test_an_edited_catalogue_has_another_version(tmp_path, monkeypatch):
    """Templates are compiled with its texts in them, and kept under its version."""
    po = tmp_path / "de" / "LC_MESSAGES" / "messages.po"
    po.parent.mkdir(parents=True)
    monkeypatch.setattr(translation, "CATALOGUES", tmp_path)
    versions = []
    for text in ("Übersicht", "Überblick"):
        po.write_text(f'msgid "Overview"\nmsgstr "{text}"\n', encoding="utf-8")
        translation.catalogue_version.cache_clear()
        versions.append(translation.catalogue_version("de"))
    translation.catalogue_version.cache_clear()
    assert len(set(versions)) == 2
    assert translation.catalogue_version("fr") == ""  # no catalogue: English's texts
