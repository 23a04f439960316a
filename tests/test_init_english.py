"""`touchsite init --language en`: the English example client, with the German one's numbers."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import REPO
from touchsite.__main__ import cli
from touchsite.resources import example_project

ENGLISH = REPO / "examples" / "en"


TEXT_FIELDS = {"title", "owner", "lanes", "phases", "steps"}


def structure(value):
    """What must match between the languages: keys, ids and references, not the wording."""
    if isinstance(value, dict):
        return {
            key: structure(item) if key in ("id", "phase", "touchpoints", "steps") else None
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [structure(item) for item in value]
    return value


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_init_english_makes_a_project_that_checks_and_builds(tmp_path: Path):
    target = tmp_path / "client"
    result = run("init", str(target), "--language", "en")
    assert result.exit_code == 0, result.output
    assert (target / ".github" / "workflows" / "pages.yml").is_file()
    config = yaml.safe_load((target / "touchsite.yml").read_text(encoding="utf-8"))
    assert config["language"] == "en"
    assert run("check", "--strict", str(target)).exit_code == 0

    site = tmp_path / "site"
    assert run("build", str(target), "-o", str(site)).exit_code == 0
    index = (site / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in index
    assert "<title>Overview" in index and config["title"] in index
    assert config["title"] == "Customer Journey Wohnwerk Lindner 2026"


def test_init_defaults_to_german(tmp_path: Path):
    target = tmp_path / "client"
    assert run("init", "--no-workflow", str(target)).exit_code == 0
    config = yaml.safe_load((target / "touchsite.yml").read_text(encoding="utf-8"))
    assert config["language"] == "de"
    assert not (target / ".github").exists()


def test_init_rejects_other_languages(tmp_path: Path):
    target = tmp_path / "client"
    result = CliRunner().invoke(cli, ["init", str(target), "--language", "fr"])
    assert result.exit_code == 1
    assert "no example project in language 'fr'" in result.output
    assert "de, en" in result.output
    assert not target.exists()
    with pytest.raises(ValueError):
        example_project("fr")


def test_english_example_mirrors_the_german_one():
    german, english = example_project("de"), example_project("en")
    assert english.resolve() == ENGLISH.resolve()
    for folder in ("touchpoints", "recommendations", "pages", "journeys", "opportunities"):
        names = {p.name for p in (german / "content" / folder).glob("*.md")}
        assert names == {p.name for p in (english / "content" / folder).glob("*.md")}
        for name in names:
            de_meta = front_matter(german / "content" / folder / name)
            en_meta = front_matter(english / "content" / folder / name)
            assert de_meta.keys() == en_meta.keys(), name
            for key in de_meta.keys() - TEXT_FIELDS:
                assert de_meta[key] == en_meta[key], f"{folder}/{name}: {key}"
            for key in de_meta.keys() & TEXT_FIELDS - {"title", "owner"}:
                assert structure(de_meta[key]) == structure(en_meta[key]), f"{folder}/{name}: {key}"
    de = yaml.safe_load((german / "touchsite.yml").read_text(encoding="utf-8"))
    en = yaml.safe_load((english / "touchsite.yml").read_text(encoding="utf-8"))
    for key in ("phases", "channels", "personas"):
        assert [item["id"] for item in de[key]] == [item["id"] for item in en[key]]
    for key in ("kpis", "analysis", "data"):
        assert de[key] == en[key]
    assert de["business"]["path"] == en["business"]["path"]
    assert de["business"]["metrics"].keys() == en["business"]["metrics"].keys()


def test_english_feedback_has_the_german_numbers():
    read = {"keep_default_na": False, "dtype": str}
    de = pd.read_csv(REPO / "data" / "feedback.csv", **read)
    en = pd.read_csv(ENGLISH / "data" / "feedback.csv", **read)
    assert list(de.columns) == list(en.columns)
    numbers = [c for c in de.columns if c != "comment"]
    pd.testing.assert_frame_equal(de[numbers], en[numbers])
    # Comments sit on the same rows, and are translated.
    assert ((de["comment"] == "") == (en["comment"] == "")).all()
    written = de["comment"] != ""
    assert (de.loc[written, "comment"] != en.loc[written, "comment"]).mean() > 0.99
    assert not en["comment"].str.contains("Warteschleife|Rückruf|Lieferung").any()
    business = [pd.read_csv(p / "data" / "business.csv") for p in (REPO, ENGLISH)]
    pd.testing.assert_frame_equal(*business)
