"""`touchsite data inspect`: what an export holds, and a mapping that builds when pasted."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import REPO
from touchsite.__main__ import cli
from touchsite.build import build

EXPORTS = REPO / "tests" / "fixtures" / "exports"


def _inspect(*args: str):
    result = CliRunner().invoke(cli, ["data", "inspect", *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def _paste(mini: Path, output: str) -> None:
    """Replace the project's data: section by the printed mapping, as a consultant would."""
    snippet = output[output.index("\ndata:\n") + 1 :]
    yml = mini / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("data:\n  - path: data/feedback.csv\n", snippet), encoding="utf-8")


def test_a_german_wide_export_is_described_and_its_mapping_builds(mini: Path):
    shutil.copy(EXPORTS / "wide-excel-de.csv", mini / "data" / "umfrage.csv")
    (mini / "data" / "feedback.csv").unlink()
    output = _inspect(str(mini / "data" / "umfrage.csv"))
    assert "wide export, German Excel CSV (Windows-1252, ';' separated" in output
    assert "encoding: cp1252; separator: ;" in output
    assert "Datum" in output and "2026-03-02 .. 2026-03-12  (read as %d.%m.%Y)" in output
    assert "not used: Nicht genutzt" in output
    assert '      "Sehr zufrieden": 5\n' in output
    assert '        csat: "Wie zufrieden waren Sie mit unserer Hotline?"\n' in output
    _paste(mini, output)
    result = build(mini)
    assert result.warnings == []
    report = result.report
    assert report.feedback.rows == 11
    assert report.touchpoint("hotline").kpis["csat"].n == 3  # "Nicht genutzt" is no answer
    assert report.relationship.n == 4
    [comment] = [c for c in report.touchpoint("hotline").comments if "Rückruf" in c.text]
    assert comment.text == "Sehr nett, Rückruf an [phone removed]"


def test_tool_exports_get_their_tool_defaults(mini: Path):
    for name in ("qualtrics.csv", "surveymonkey.csv", "typeform.csv", "google-forms.csv"):
        shutil.copy(EXPORTS / name, mini / "data" / name)
    output = _inspect(str(mini / "data" / "qualtrics.csv"))
    assert "Qualtrics export, CSV (UTF-8 with BOM, ',' separated, 3 header rows)" in output
    assert "How likely are you to recommend Beispiel GmbH" in output  # the question text
    assert "respondent:" not in output and "date:" not in output  # ResponseId, RecordedDate
    assert '      "Extremely satisfied": 5\n' in output
    for name in ("surveymonkey.csv", "typeform.csv", "google-forms.csv"):
        output = _inspect(str(mini / "data" / name))
        assert "      overall:\n        nps:" in output, output
        mini_copy = mini.parent / f"copy-{name}"
        shutil.copytree(mini, mini_copy)
        _paste(mini_copy, output)
        report = build(mini_copy).report
        assert report.relationship.n == 4, name


def test_a_file_outside_any_project_gets_a_mapping_to_complete(tmp_path: Path):
    shutil.copy(EXPORTS / "typeform.csv", tmp_path / "export.csv")
    output = _inspect(str(tmp_path / "export.csv"), "--project", str(tmp_path))
    assert "no project found" in output
    assert '# ???: {csat: "How satisfied were you with our product search?"}' in output


def test_an_unreadable_file_is_an_error(tmp_path: Path):
    (tmp_path / "empty.csv").write_text("")
    result = CliRunner().invoke(cli, ["data", "inspect", str(tmp_path / "empty.csv")])
    assert result.exit_code == 1
    assert "error: the file is empty" in result.output


def test_questions_are_matched_to_the_right_touchpoints():
    from touchsite.load.inspect.snippet import match_touchpoint

    touchpoints = {
        "freunde-werben": "Freunde-werben-Programm",
        "telefonische-produktberatung": "Telefonische Produktberatung",
        "website-produktsuche": "Produktsuche auf der Website",
        "kundenservice-hotline": "Kundenservice-Hotline",
    }
    # the standard recommendation question names no touchpoint, whatever "Freund" suggests
    recommend = "Wie wahrscheinlich ist es, dass Sie uns einem Freund empfehlen?"
    assert match_touchpoint(recommend, touchpoints) is None
    # a whole word outweighs a shared prefix ("Produktsuche" is not "Produktberatung")
    search = "Wie zufrieden waren Sie mit der Produktsuche?"
    assert match_touchpoint(search, touchpoints) == "website-produktsuche"
    assert match_touchpoint("Wie hilfreich war unsere Hotline?", touchpoints) == (
        "kundenservice-hotline"
    )


def test_layout_overrides_detection_and_the_old_format_option_still_works():
    export = str(EXPORTS / "typeform.csv")
    assert "  format:  Typeform export, CSV" in _inspect(export)
    assert "  format:  wide export, CSV" in _inspect(export, "--layout", "wide")
    # --format names the output format in every other command; here it is deprecated.
    old = _inspect(export, "--format", "wide")
    assert "  format:  wide export, CSV" in old
    assert "warning: --format is deprecated here; use --layout instead." in old
