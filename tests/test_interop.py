"""Journeys in and out: Mermaid `journey` blocks and CSV, and projects started from them."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tests.conftest import REPO
from touchsite.__main__ import cli
from touchsite.analyze.journeys import JourneyReport
from touchsite.errors import Problems
from touchsite.interop import (
    ImportedJourney,
    emotion_to_score,
    journey_csv,
    journeys_csv,
    mermaid_journey,
    parse_mermaid,
    parse_steps_csv,
    score_to_emotion,
    slug,
    write_project,
)
from touchsite.pipeline import check
from touchsite.render.i18n import Locale

IMPORT = REPO / "tests" / "fixtures" / "import"
ENGLISH = Locale("en")

# The mini fixture's answers, worked out by hand on the -3..+3 experience axis (a figure's
# distance from its target in units; with fewer than 3 confident touchpoints a unit is a sixth
# of the KPI's range: 33.3 NPS points, 16.7 CSAT points, 1 CES point on 1..7). Targets: NPS 0,
# CSAT 60, CES 5.
# hotline: NPS of 40 answers (10 promoters, 20 detractors) -25 -> -0.75; CES mean of 40 answers
# (20 x 2, 20 x 6) 4.0 -> -1; (40 x -0.75 + 40 x -1) / 80 = -0.875, n = 80 >= 30, confident:
# score round(3 - 0.875 / 1.5) = round(2.42) = 2.
# search: 12 NPS and 12 CSAT answers, n = 24 is below the 30 a confident figure needs, so its
# expected emotion counts.
# search and hotline pooled: NPS of 52 answers (16 promoters, 23 detractors) -13.46 -> -0.404;
# CSAT 8 of 12 in the top box, 66.7 % -> +0.4; CES -1 (40 answers):
# (52 x -0.404 + 12 x 0.4 + 40 x -1) / 104 = -0.54 -> round(2.64) = 3. quiet: no answers.
STEPS = [
    # id, title, phase, touchpoints, emotion, expected score
    ("find", "Find a sofa", "before", ["search"], -1, 2),  # 3 - 1/1.5 = 2.33 -> 2
    ("call", "Call", "after", ["hotline"], -3, 2),  # measured -0.875 -> 2, not 1
    ("wait", "Wait", "after", ["quiet"], 3, 5),  # 3 + 2 = 5
    ("browse", "Browse", "after", ["quiet"], None, 3),  # nothing known: 3
    ("both", "Both", "after", ["search", "hotline"], None, 3),  # pooled, measured: 3
]


def _journey_file(root: Path, journey: dict, name: str = "buy") -> None:
    folder = root / "content" / "journeys"
    folder.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(journey, allow_unicode=True, sort_keys=False)
    (folder / f"{name}.md").write_text(f"---\n{text}---\nA journey.\n", encoding="utf-8")


def _step(sid: str, title: str, phase: str, touchpoints: list, emotion: int | None) -> dict:
    step = {"id": sid, "title": title, "phase": phase, "touchpoints": touchpoints}
    if emotion is not None:
        step["emotion"] = emotion
    return step


def _buy(mini: Path) -> JourneyReport:
    journey = {
        "title": "Buying",
        "persona": "family",
        "phases": ["before", "after", {"id": "later", "title": "Later"}],
        "steps": [_step(*row[:5]) for row in STEPS],
    }
    journey["steps"][0]["actions"] = "Searches the shop"
    journey["steps"][0]["backstage"] = ["Search index", "Product data"]
    journey["steps"][0]["pain_points"] = ["Results are poor", {"text": "Hard to reach"}]
    journey["steps"][1]["needs"] = ["A callback"]
    _journey_file(mini, journey)
    [report] = check(mini).journeys
    return report


def _parse_mermaid(text: str, name: str = "journey.mmd") -> tuple[ImportedJourney, list[str]]:
    problems = Problems(Path("."))
    imported = parse_mermaid(text, Path(name), problems)
    return imported, [str(problem) for problem in problems]


def _parse_csv(text: str, name: str = "steps.csv") -> tuple[ImportedJourney, list[str]]:
    problems = Problems(Path("."))
    imported = parse_steps_csv(text, Path(name), problems)
    return imported, [str(problem) for problem in problems]


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


# -------------------------------------------------------------------------- scores


def test_scores_and_emotions_map_both_ways():
    assert [emotion_to_score(e) for e in (-3, -2, -1, 0, 1, 2, 3)] == [1, 2, 2, 3, 4, 4, 5]
    # half up: 3 + 0.75 / 1.5 = 3.5 -> 4, 3 - 0.75 / 1.5 = 2.5 -> 3; clipped to 1..5
    assert emotion_to_score(0.75) == 4 and emotion_to_score(-0.75) == 3
    assert emotion_to_score(2.25) == 5 and emotion_to_score(-2.25) == 2
    assert emotion_to_score(9) == 5 and emotion_to_score(-9) == 1
    assert [score_to_emotion(s) for s in (1, 2, 3, 4, 5)] == [-3, -2, 0, 2, 3]
    assert all(emotion_to_score(score_to_emotion(s)) == s for s in range(1, 6))


def test_slugs_are_readable():
    assert slug("Rückruf über die Hotline") == "rueckruf-ueber-die-hotline"
    assert slug("Straße & Möbel: Größe") == "strasse-moebel-groesse"
    assert slug("Café crème") == "cafe-creme"
    assert slug("###") == ""


# -------------------------------------------------------------------------- Mermaid


def test_a_target_state_scores_its_expected_emotion(mini: Path):
    _buy(mini)  # the as-is journey "buy"
    _journey_file(
        mini,
        {"title": "Buying, target", "state": "to-be", "as_is": "buy", "steps": [{"id": "call"}]},
        "buy-target",
    )
    target = next(j for j in check(mini).journeys if j.journey.id == "buy-target")
    text = mermaid_journey(target, ENGLISH)
    # "call" measures -0.875 today (score 2 as-is); the target is what it should be: its
    # expected emotion -3 gives 3 - 3 / 1.5 = 1
    assert re.search(r"^    Call: 1: ", text, re.M), text
    [row] = csv.DictReader(io.StringIO(journey_csv(target)))
    assert row["score"] == "1"


def test_mermaid_export_parses_back_to_the_same_journey(mini: Path):
    report = _buy(mini)
    find = report.step("find")
    assert find.experience.value is not None and find.experience.low_n  # shown, not confident
    assert report.step("call").experience.n == 80 and not report.step("call").experience.low_n

    block = mermaid_journey(report, ENGLISH)
    lines = block.splitlines()
    assert lines[0] == "journey" and block.endswith("\n")
    assert "  %% Call: 2 from measured experience -0.88 (n=80)" in lines
    assert any(
        line.startswith("  %% Find a sofa: 2 from expected emotion -1 (measured n=24")
        for line in lines
    )
    assert "  %% Browse: 3 from neutral: no expected emotion (no answers)" in lines
    assert "  title Buying" in lines
    assert "    Find a sofa: 2: Family, Website" in lines
    assert "    Both: 3: Family, Website, Phone" in lines
    assert "Later" not in block  # a phase without steps gets no section

    imported, problems = _parse_mermaid(block)
    assert problems == []
    assert imported.title == "Buying" and imported.persona == "Family"
    assert imported.phases == [("before", "Before"), ("after", "After")]
    assert [(s.title, s.phase, s.score) for s in imported.steps] == [
        (title, phase, score) for _id, title, phase, _tps, _emotion, score in STEPS
    ]
    assert [s.channels for s in imported.steps][-1] == ("Website", "Phone")


def test_the_comment_lines_are_in_the_sites_language(mini: Path):
    report = _buy(mini)
    lines = mermaid_journey(report, Locale("de")).splitlines()
    assert lines[1:4] == [
        "  %% Werte 1..5 aus dem gemessenen Erlebnis (-3..+3), wo die Antworten genügen,",
        "  %% sonst aus der erwarteten Emotion, sonst 3;",
        "  %% Wert = round(3 + Emotion / 1,5).",
    ]
    assert "  %% Call: 2, Grundlage: gemessenes Erlebnis -0.88 (n=80)" in lines
    assert "  %% Browse: 3, Grundlage: neutral: keine erwartete Emotion (keine Antworten)" in lines
    assert not any("from" in line for line in lines if line.startswith("  %%"))
    imported, problems = _parse_mermaid("\n".join(lines))
    assert problems == [] and len(imported.steps) == len(STEPS)


def test_a_journey_without_persona_is_the_customers(mini: Path):
    _journey_file(mini, {"title": "Plain", "steps": [_step("find", "Find", "before", [], 1)]})
    [report] = check(mini).journeys
    assert "    Find: 4: Kunde" in mermaid_journey(report, Locale("de")).splitlines()
    assert "    Find: 4: Customer" in mermaid_journey(report, ENGLISH).splitlines()
    imported, _problems = _parse_mermaid(mermaid_journey(report, Locale("de")))
    assert imported.persona == ""  # the default actor is not a persona


# What Mermaid's journey lexer accepts on a line (mermaid/src/diagrams/user-journey/parser).
TITLE = re.compile(r"title\s[^#\n;]+", re.I)
SECTION = re.compile(r"section\s[^#:\n;]+", re.I)
TASK = re.compile(r"[^#:\n;]+:[^#\n;]+")
KEYWORD = re.compile(r"(journey|title\s|section\s)", re.I)


def _lexes_as_mermaid(line: str) -> str:
    """What Mermaid reads the line as, or '' when it would break the diagram."""
    text = line.strip()
    if text.startswith("%%") or text == "journey":
        return "comment" if text != "journey" else "journey"
    if "%%" in text:
        return ""
    if TITLE.fullmatch(text):
        return "title"
    if SECTION.fullmatch(text):
        return "section"
    if TASK.fullmatch(text) and not KEYWORD.match(text) and text.count(":") == 2:
        return "task"
    return ""


HOSTILE = {
    "journey": 'Kauf; Teil 1 # Entwurf: "final"',
    "phase": "Vor Ort: Filiale #1",
    "persona": "Müller, Anna: VIP",
    "steps": [
        'Fragen: "Wo ist #42?"',
        "Zeile eins\nZeile zwei",
        "section A; title B",
        "journey home",
        "Title: 100%% sicher",
        "Ja, nein 'oder' vielleicht",
    ],
}


def test_hostile_titles_survive_export_and_parse(mini: Path):
    config = (mini / "touchsite.yml").read_text(encoding="utf-8")
    anna = f"    title: Family\n  - id: anna\n    title: {json.dumps(HOSTILE['persona'])}\n"
    (mini / "touchsite.yml").write_text(config.replace("    title: Family\n", anna), "utf-8")
    steps = [
        _step(f"s{i}", title, "shop", ["search"], None) for i, title in enumerate(HOSTILE["steps"])
    ]
    journey = {
        "title": HOSTILE["journey"],
        "persona": "anna",
        "phases": [{"id": "shop", "title": HOSTILE["phase"]}],
        "steps": steps,
    }
    _journey_file(mini, journey)
    [report] = check(mini).journeys

    block = mermaid_journey(report, ENGLISH)
    kinds = [_lexes_as_mermaid(line) for line in block.splitlines()]
    assert "" not in kinds, block
    assert kinds.count("task") == len(HOSTILE["steps"]) and kinds.count("section") == 1

    imported, problems = _parse_mermaid(block)
    assert problems == []
    assert imported.title == HOSTILE["journey"]
    assert imported.phases == [("vor-ort-filiale-1", HOSTILE["phase"])]
    assert imported.persona == HOSTILE["persona"]
    assert [step.title for step in imported.steps] == [
        " ".join(title.split())
        for title in HOSTILE["steps"]  # a line break becomes a space
    ]
    assert {step.channels for step in imported.steps} == {("Website",)}


def test_parse_mermaid_reports_every_problem_with_its_line():
    text = "\n".join(
        [
            "journey",  # 1
            "  title Kauf",  # 2
            "  Zu früh: 3: Kunde",  # 3
            "  section Suche",  # 4
            "    Suchen: 6: Kunde",  # 5
            "    Finden",  # 6
            "    Vergleichen: gut: Kunde",  # 7
            "    Warten: 0",  # 8
            "    Zahlen: 3; Kunde",  # 9
            "  section Kauf: online",  # 10
            "    Kaufen:",  # 11
            "    Liefern: 4 # ein Kommentar, erlaubt",  # 12
        ]
    )
    imported, problems = _parse_mermaid(text)
    assert [problem.splitlines()[0] for problem in problems] == [
        "journey.mmd:3: error: task 'Zu früh' comes before any section",
        "journey.mmd:5:13: error: score 6 of task 'Suchen' is outside 1..5",
        "journey.mmd:6: error: task 'Finden' has no score",
        "journey.mmd:7:18: error: score 'gut' of task 'Vergleichen' is not a whole number",
        "journey.mmd:8:13: error: score 0 of task 'Warten' is outside 1..5",
        "journey.mmd:9:14: error: ';' ends the line in Mermaid; the rest would be lost",
        "journey.mmd:10:15: error: a section name cannot hold ':'",
        "journey.mmd:11:12: error: task 'Kaufen' has no score",
    ]
    assert [step.title for step in imported.steps] == ["Zahlen", "Liefern"]


def test_parse_mermaid_reports_lines_that_are_no_journey():
    _imported, problems = _parse_mermaid("graph TD\n  A --> B\n")
    assert [problem.splitlines()[0] for problem in problems] == [
        "journey.mmd:1: error: expected 'journey', found 'graph TD'",
        "journey.mmd:2: error: 'A --> B' is not a line of a Mermaid journey",
    ]
    _imported, problems = _parse_mermaid("")
    assert problems == [
        "journey.mmd:1: error: the file holds no Mermaid journey\n    hint: start it with 'journey'"
    ]


def test_parse_mermaid_reads_the_journey_block_of_a_markdown_file():
    text = (IMPORT / "notizen.md").read_text(encoding="utf-8")
    imported, problems = _parse_mermaid(text, "notizen.md")
    assert problems == []
    assert imported.title == "Reklamation" and imported.persona == "Stammkunde"
    assert [(s.title, s.phase, s.score, s.line) for s in imported.steps] == [
        ("Schaden melden", "melden", 2, 9),
        ("Ersatz erhalten", "loesen", 4, 11),
    ]
    broken = text.replace("Ersatz erhalten: 4", "Ersatz erhalten: 7")
    _imported, problems = _parse_mermaid(broken, "notizen.md")
    assert problems[0].startswith("notizen.md:11:22: error: score 7")
    _imported, problems = _parse_mermaid(text + "\n" + text, "notizen.md")
    assert problems[0].startswith("notizen.md:26: error: 2 Mermaid journeys in one file")


# -------------------------------------------------------------------------- CSV


def test_csv_export_has_a_stable_header_and_a_row_per_step(mini: Path):
    report = _buy(mini)
    text = journey_csv(report)
    assert not text.startswith("\ufeff") and "\r" not in text
    lines = text.splitlines()
    assert lines[0] == (
        "journey,journey_title,phase,step_id,step,touchpoints,touchpoint_titles,channels,"
        "touchpoint_emotions,emotion,score,"
        "nps,nps_low,nps_high,nps_n,csat,csat_low,csat_high,csat_n,ces,ces_low,ces_high,ces_n,"
        "binary,binary_low,binary_high,binary_n,"
        "physical_evidence,actions,thoughts,frontstage,backstage,support,touchpoint_lanes,"
        "pain_points,needs,insights,opportunities"
    )
    assert len(lines) == 1 + len(STEPS)
    rows = list(csv.DictReader(io.StringIO(text)))
    find, call, _wait, browse, both = rows
    assert find["journey"] == "buy" and find["journey_title"] == "Buying"
    assert find["phase"] == "Before" and find["step"] == "Find a sofa"
    assert find["emotion"] == "-1" and find["score"] == "2" and find["channels"] == "Website"
    assert find["touchpoint_titles"] == "Product search" and find["touchpoint_emotions"] == "1"
    assert find["backstage"] == "Search index | Product data"
    assert find["pain_points"] == "Results are poor | Hard to reach"
    assert find["insights"] == ""  # texts only: nothing more to say
    assert call["emotion"] == "-3" and call["score"] == "2" and call["nps_n"] == "40"
    assert call["csat"] == "" and call["csat_n"] == "0"  # no answers: withheld
    assert browse["emotion"] == "" and browse["nps"] == "" and browse["score"] == "3"
    assert both["touchpoints"] == "search hotline" and both["channels"] == "Website | Phone"
    assert both["touchpoint_emotions"] == "1 | -2"
    assert both["emotion"] == "-0.5"  # the mean of search's +1 and hotline's -2
    without = journeys_csv([report], figures=False).splitlines()
    assert without[0] == (
        "journey,journey_title,phase,step_id,step,touchpoints,touchpoint_titles,channels,"
        "touchpoint_emotions,emotion,"
        "physical_evidence,actions,thoughts,frontstage,backstage,support,touchpoint_lanes,"
        "pain_points,needs,insights,opportunities"
    )


def test_csv_export_round_trips_through_import(mini: Path, tmp_path: Path):
    report = _buy(mini)
    imported, problems = _parse_csv(journey_csv(report), "buy.csv")
    assert problems == []
    assert (imported.id, imported.title) == ("buy", "Buying")
    assert imported.phases == [("before", "Before"), ("after", "After")]
    assert [(s.id, s.title, s.phase, s.emotion) for s in imported.steps] == [
        ("find", "Find a sofa", "before", -1),
        ("call", "Call", "after", -3),
        ("wait", "Wait", "after", 3),
        ("browse", "Browse", "after", None),  # the export says: no expected emotion
        ("both", "Both", "after", -0.5),  # as written: the mean of its touchpoints'
    ]
    find = imported.steps[0]
    assert find.touchpoints == ("search",) and find.channels == ("Website",)
    assert find.touchpoint_titles == ("Product search",) and find.touchpoint_emotions == (1,)
    assert find.texts == (
        ("actions", ("Searches the shop",)),
        ("backstage", ("Search index", "Product data")),
    )
    assert find.pain_points == ("Results are poor", "Hard to reach")
    assert imported.steps[1].needs == ("A callback",)

    target = tmp_path / "again"
    write_project(imported, target, "en")
    [again] = check(target).journeys
    assert [s.step.id for s in again.steps] == [row[0] for row in STEPS]
    assert [s.step.touchpoints for s in again.steps] == [tuple(row[3]) for row in STEPS]
    assert again.step("find").texts["backstage"] == ("Search index", "Product data")
    assert [i.insight.text for i in again.step("find").pain_points] == [
        "Results are poor",
        "Hard to reach",
    ]
    # the touchpoints keep their titles, channels and expected emotions
    touchpoints = {tp.id: tp for tp in check(target).project.touchpoints}
    assert sorted((tp.id, tp.title, tp.emotion) for tp in touchpoints.values()) == [
        ("hotline", "Hotline", -2),
        ("quiet", "Quiet corner", None),
        ("search", "Product search", 1),
    ]
    # the export of the new project is the same, but for the figures (it has no data yet)
    assert journeys_csv([again], figures=False) == journeys_csv([report], figures=False)


def test_parse_steps_csv_reads_semicolons_a_bom_and_quoted_cells():
    text = (IMPORT / "schritte.csv").read_bytes().decode("utf-8")  # keeps the BOM
    assert text.startswith("\ufeff")
    imported, problems = _parse_csv(text, "schritte.csv")
    assert problems == []
    assert imported.title == "schritte"
    assert imported.phases == [
        ("orientierung", "Orientierung"),
        ("kauf", "Kauf"),
        ("lieferung", "Lieferung"),
    ]
    catalogue, visit, advice, callback = imported.steps
    assert (catalogue.title, catalogue.score, catalogue.emotion) == (
        "Möbel im Katalog ansehen",
        4,
        2,
    )
    assert catalogue.texts == (("actions", ("Blättert", "Markiert Seiten")),)
    assert advice.touchpoints == ("Beratung im Laden",) and advice.channels == ("Filiale",)
    assert advice.texts == (("actions", ("Fragt nach; Lieferzeit",)),)
    assert advice.pain_points == ("Wartet lange",)
    assert callback.pain_points == ("Niemand ruft zurück", "Hotline besetzt")
    assert visit.line == 3 and callback.line == 5


def test_parse_steps_csv_reports_rows_and_columns():
    text = (
        "phase,step,emotion,score,notes\n"  # 1
        'Kauf,"Zwei\nZeilen",1,\n'  # 2-3: a quoted cell spans two lines
        "Kauf,,5,\n"  # 4
        ",Liefern,,9\n"  # 5
        "Kauf,Zahlen,viel,\n"  # 6
        "Kauf,Danken,,3,x,y\n"  # 7
    )
    imported, problems = _parse_csv(text)
    assert [problem.splitlines()[0] for problem in problems] == [
        "steps.csv:1:5: error: unknown column 'notes'",
        "steps.csv:4:2: error: 'step' is empty",
        "steps.csv:4:3: error: emotion 5 is outside -3..3",
        "steps.csv:5:1: error: 'phase' is empty",
        "steps.csv:5:4: error: score 9 is outside 1..5",
        "steps.csv:6:3: error: emotion 'viel' is not a number -3..3",
        "steps.csv:7:6: error: the row has 6 cells, the header 5",
    ]
    assert [step.title for step in imported.steps] == ["Zwei Zeilen"]
    _imported, problems = _parse_csv("step;emotion\nKauf;1\n")
    assert problems[0].startswith("steps.csv:1: error: missing column phase")


# -------------------------------------------------------------------------- commands


def test_init_from_a_mermaid_file_starts_a_project_that_builds(tmp_path: Path):
    target = tmp_path / "kunde"
    result = run("init", str(target), "--from", str(IMPORT / "kauf.mmd"))
    assert result.exit_code == 0, result.output
    assert "6 steps in 3 phases" in result.output
    assert (target / ".github" / "workflows" / "pages.yml").is_file()
    config = yaml.safe_load((target / "touchsite.yml").read_text(encoding="utf-8"))
    assert config["language"] == "de" and config["data"] == []
    assert [p["id"] for p in config["phases"]] == ["orientierung", "kauf", "lieferung"]
    assert config["channels"] == [
        {"id": "katalog", "title": "Katalog"},
        {"id": "filiale", "title": "Filiale"},
        {"id": "telefon", "title": "Telefon"},
        {"id": "offen", "title": "offen"},  # for the task without a channel
    ]
    assert "personas" not in config  # "Kunde" is the default actor, no persona
    report = check(target)
    [journey] = report.journeys
    assert journey.journey.title == "Sofa kaufen"
    assert [(s.step.id, s.phase.id) for s in journey.steps] == [
        ("moebel-im-katalog-ansehen", "orientierung"),
        ("filiale-besuchen", "orientierung"),
        ("beratung", "kauf"),
        ("beratung-2", "kauf"),
        ("rueckruf-abwarten", "lieferung"),
        ("aufbau", "lieferung"),
    ]
    # the scores come back as written: emotion = round(1.5 * (score - 3))
    block = mermaid_journey(journey, Locale("de"))
    again, problems = _parse_mermaid(block)
    assert problems == [] and [s.score for s in again.steps] == [4, 5, 3, 2, 1, 4]
    assert [s.channels for s in again.steps][2:4] == [("Filiale",), ("Telefon",)]
    beratung = (target / "content" / "touchpoints" / "beratung.md").read_text(encoding="utf-8")
    assert "Weitere Kanäle: Telefon." in beratung  # a second channel is kept as a note


def test_init_from_a_csv_starts_a_project_that_builds(tmp_path: Path):
    target = tmp_path / "kunde"
    result = run("init", str(target), "--from", str(IMPORT / "schritte.csv"), "--no-workflow")
    assert result.exit_code == 0, result.output
    assert not (target / ".github").exists()
    [journey] = check(target).journeys
    assert [s.step.title for s in journey.steps] == [
        "Möbel im Katalog ansehen",
        "Filiale besuchen",
        "Beratung",
        "Rückruf abwarten",
    ]
    advice = journey.step("beratung")
    assert [tp.touchpoint.title for tp in advice.touchpoints] == ["Beratung im Laden"]
    assert advice.texts["actions"] == ("Fragt nach; Lieferzeit",)
    assert [i.insight.text for i in journey.step("rueckruf-abwarten").pain_points] == [
        "Niemand ruft zurück",
        "Hotline besetzt",
    ]
    assert sorted(p.name for p in (target / "content" / "touchpoints").iterdir()) == [
        "beratung-im-laden.md",
        "filiale-besuchen.md",
        "katalog.md",
        "rueckruf-abwarten.md",
    ]


def test_init_from_english_keeps_the_language(tmp_path: Path):
    target = tmp_path / "client"
    source = tmp_path / "plain.csv"
    source.write_text("phase,step\nBefore,Look around\n", encoding="utf-8")
    assert run("init", str(target), "--from", str(source), "--language", "en").exit_code == 0
    config = yaml.safe_load((target / "touchsite.yml").read_text(encoding="utf-8"))
    assert config["language"] == "en" and config["channels"] == [{"id": "tbd", "title": "tbd"}]
    assert check(target).journeys[0].steps[0].step.title == "Look around"


def test_init_from_a_broken_file_writes_nothing(tmp_path: Path):
    source = tmp_path / "kaputt.mmd"
    source.write_text("journey\n  Zu früh: 3\n  section A\n    Spät: 8\n", encoding="utf-8")
    target = tmp_path / "kunde"
    result = run("init", str(target), "--from", str(source))
    assert result.exit_code == 1
    assert "kaputt.mmd:2: error: task 'Zu früh' comes before any section" in result.output
    assert "kaputt.mmd:4:11: error: score 8 of task 'Spät' is outside 1..5" in result.output
    assert "2 problems found; nothing was written." in result.output
    assert "Traceback" not in result.output and not target.exists()
    other = tmp_path / "journey.txt"
    other.write_text("journey\n", encoding="utf-8")
    result = run("init", str(target), "--from", str(other))
    assert result.exit_code == 1 and "cannot tell how to read a '.txt' file" in result.output


def test_export_prints_mermaid_and_writes_csv(mini: Path, tmp_path: Path):
    _buy(mini)
    _journey_file(mini, {"title": "Again", "steps": [_step("x", "X", "before", [], 2)]}, "again")
    result = run("export", str(mini), "--journey", "buy")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("journey\n") and "```" not in result.output
    both = run("export", str(mini)).output
    assert both.count("```mermaid\njourney\n") == 2 and both.count("\n```\n") == 2
    readme = tmp_path / "README.md"
    assert run("export", str(mini), "--journey", "again", "-o", str(readme)).exit_code == 0
    assert readme.read_text(encoding="utf-8").startswith("```mermaid\njourney\n")
    table = tmp_path / "out" / "journeys.csv"
    result = run("export", str(mini), "--format", "csv", "-o", str(table))
    assert result.exit_code == 0 and "Wrote 2 journeys as csv" in result.output
    lines = table.read_text(encoding="utf-8").splitlines()
    assert [line.split(",")[0] for line in lines[1:]] == ["again"] + ["buy"] * len(STEPS)


def test_export_names_the_known_journeys_for_an_unknown_id(mini: Path):
    _buy(mini)
    result = run("export", str(mini), "--journey", "nope")
    assert result.exit_code == 1
    assert "error: there is no journey 'nope'." in result.output
    assert "known journeys: buy" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("output_format", ["mermaid", "csv"])
def test_export_without_journeys_says_so(mini: Path, output_format: str):
    result = run("export", str(mini), "--format", output_format)
    assert result.exit_code == 1 and "the project has no journeys to export" in result.output


def test_parse_mermaid_takes_the_title_from_mermaid_front_matter():
    text = "---\ntitle: 'Kauf: online'\n---\njourney\n  section Suche\n    Suchen: 4: Kunde\n"
    imported, problems = _parse_mermaid(text)
    assert problems == [] and imported.title == "Kauf: online"
    assert [(s.title, s.line) for s in imported.steps] == [("Suchen", 6)]
