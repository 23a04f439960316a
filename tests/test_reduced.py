"""Reduced datasets: `touchsite data reduce`, and builds from the reduced file alone."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.conftest import REPO, half_asked_csat, tree
from touchsite.__main__ import cli
from touchsite.build import build
from touchsite.errors import UserError
from touchsite.load import reduced
from touchsite.pipeline import check

REDUCED = "data/reduced.touchsite.json"


def reduce(project: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["data", "reduce", str(project), *args])
    assert result.exit_code == 0, result.output
    return result.output


def use_reduced(project: Path, path: str = REDUCED) -> None:
    """Point touchsite.yml's data: at the reduced file and take the exports away."""
    config = project / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - path: data/feedback.csv\n" in text
    config.write_text(text.replace("path: data/feedback.csv", f"path: {path}"), "utf-8")
    (project / "data" / "feedback.csv").unlink()


def problems_of(project: Path) -> list:
    with pytest.raises(UserError) as raised:
        check(project)
    return raised.value.problems


def copy_project(source: Path, target: Path) -> Path:
    skip = shutil.ignore_patterns("tests", "examples", "node_modules", "bench", "site", ".*")
    shutil.copytree(source, target, ignore=skip)
    return target


@pytest.mark.parametrize("example", ["mini", "de", "en"])
def test_a_build_from_the_reduced_file_is_the_build_from_the_exports(tmp_path: Path, example):
    source = {
        "mini": REPO / "tests" / "fixtures" / "mini",
        "de": REPO,
        "en": REPO / "examples" / "en",
    }[example]
    project = copy_project(source, tmp_path / "project")
    build(project, tmp_path / "from-exports")
    reduce(project)
    use_reduced(project)
    build(project, tmp_path / "from-reduced")
    from_exports, from_reduced = tree(tmp_path / "from-exports"), tree(tmp_path / "from-reduced")
    assert len(from_exports) > 5
    assert from_reduced.keys() == from_exports.keys()
    assert [name for name in from_exports if from_exports[name] != from_reduced[name]] == []


def test_the_file_holds_the_answer_counts_and_only_redacted_comments(mini: Path):
    reduce(mini)
    text = (mini / REDUCED).read_text(encoding="utf-8")
    data = json.loads(text)
    assert data["format"] == "touchsite reduced data" and data["version"] == 2
    with (mini / "data" / "feedback.csv").open(encoding="utf-8") as file:
        answers = list(csv.DictReader(file))
    expected = Counter(
        (row["touchpoint"], row["date"][:7], row["segment"], "nps", int(row["nps"]))
        for row in answers
        if row["nps"]
    )
    written = Counter(
        {
            (touchpoint, period, segment, kpi, score): n
            for touchpoint, period, segment, variant, kpi, pairs in data["counts"]
            for score, n in pairs
            if kpi == "nps"
        }
    )
    assert written == expected
    assert "jane.doe@example.org" not in text
    assert "S000" not in text  # no respondent id
    [comment] = [c for c in data["comments"] if c[0] == "search"]
    assert comment[5].startswith("Great <b>search</b>, write me at ")
    # one record a line, so a diff shows the records that changed
    assert text.count("\n") > len(data["counts"]) + len(data["comments"])


def test_the_same_exports_give_the_same_bytes(mini: Path, tmp_path: Path):
    reduce(mini)
    reduce(mini, "-o", str(tmp_path / "again.json"))
    assert (tmp_path / "again.json").read_bytes() == (mini / REDUCED).read_bytes()


def test_a_reduced_file_mixed_with_exports_is_located(mini: Path):
    reduce(mini)
    config = mini / "touchsite.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("data:\n", f"data:\n  - path: {REDUCED}\n"), "utf-8")
    line = config.read_text(encoding="utf-8").splitlines().index("  - path: data/feedback.csv")
    [problem] = problems_of(mini)
    assert (problem.path, problem.line) == ("touchsite.yml", line + 1)
    assert "listed with the reduced dataset" in problem.message


def test_an_edited_reduced_file_is_refused_at_its_digest(mini: Path):
    reduce(mini)
    use_reduced(mini)
    path = mini / REDUCED
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    row = next(i for i, line in enumerate(lines) if line.startswith('    ["hotline"'))
    lines[row] = lines[row].replace("]]]", "]], [10, 99]]", 1)
    path.write_text("".join(lines), encoding="utf-8")
    [problem] = problems_of(mini)
    assert (problem.path, problem.line) == (REDUCED, 4)
    assert "changed after it was written" in problem.message


def test_a_reformatted_reduced_file_still_reads(mini: Path, tmp_path: Path):
    build(mini, tmp_path / "from-exports")
    reduce(mini)
    use_reduced(mini)
    path = mini / REDUCED
    path.write_text(json.dumps(json.loads(path.read_text("utf-8")), indent=4), "utf-8")
    build(mini, tmp_path / "from-reduced")
    assert tree(tmp_path / "from-reduced") == tree(tmp_path / "from-exports")


def test_a_truncated_reduced_file_is_located(mini: Path):
    reduce(mini)
    use_reduced(mini, "data/reduced.json")
    text = (mini / REDUCED).read_text(encoding="utf-8")
    (mini / "data" / "reduced.json").write_text(text[: len(text) // 2], encoding="utf-8")
    [problem] = problems_of(mini)
    assert problem.path == "data/reduced.json"
    assert problem.line > 10 and problem.message.startswith("not a reduced dataset")


@pytest.mark.parametrize(
    "version, says",
    [(7, "reads version 2"), (1, "it holds no respondent sums and no comment term counts")],
)
def test_an_unknown_or_old_format_version_is_refused(mini: Path, version: int, says: str):
    reduce(mini)
    use_reduced(mini)
    path = mini / REDUCED
    text = path.read_text("utf-8").replace('"version": 2,', f'"version": {version},')
    path.write_text(text, "utf-8")
    [problem] = problems_of(mini)
    assert (problem.path, problem.line) == (REDUCED, 3)
    assert f"format version {version}" in problem.message and says in problem.message
    assert "reduce the exports" in problem.hint


def test_the_file_holds_every_comments_term_counts(mini: Path):
    reduce(mini)
    data = json.loads((mini / REDUCED).read_text("utf-8"))
    assert data["term_columns"] == ["touchpoint", "period", "polarity", "[term number, n], ..."]
    keys = [key for key, _ in data["terms"]]
    assert keys == sorted(keys) and keys[0] == ""  # "" counts the comments themselves
    comments = sum(
        n for _, _, _, pairs in data["term_counts"] for term, n in pairs if keys[term] == ""
    )
    with (mini / "data" / "feedback.csv").open(encoding="utf-8") as file:
        written = sum(1 for row in csv.DictReader(file) if row["comment"].strip())
    assert comments == written
    # no e-mail address reaches the terms: they are counted after redaction
    assert not any("example" in key or "doe" in key for key in keys)


def test_another_projects_reduced_file_names_its_touchpoints(mini: Path):
    reduce(mini)
    use_reduced(mini)
    touchpoints = mini / "content" / "touchpoints"
    (touchpoints / "hotline.md").rename(touchpoints / "callcenter.md")
    messages = [problem.message for problem in problems_of(mini)]
    assert any("does not have: hotline" in message for message in messages), messages
    assert any("before these touchpoints were added: callcenter" in m for m in messages)


def test_changed_privacy_settings_ask_for_a_new_reduction(mini: Path):
    reduce(mini)
    use_reduced(mini)
    config = mini / "touchsite.yml"
    config.write_text(config.read_text("utf-8") + "privacy:\n  comments: false\n", "utf-8")
    [problem] = problems_of(mini)
    assert problem.path == "touchsite.yml"
    assert "comments: true" in problem.message and "now says false" in problem.message


@pytest.mark.parametrize(
    "setting, made, now",
    [
        # the comment terms are counted with the synonyms: a file reduced before they were
        # set holds "employees" apart from "staff"
        (
            "themes:\n  synonyms:\n    staff: [employees]\n",
            "synonyms: null",
            '[["employees", "staff"]]',
        ),
        # a file reduced before drivers were set records none: it was taken for another
        # project's settings and dropped without a message, the site built from no answers
        ("analysis:\n  drivers: {outcome: csat}\n", "drivers: null", '["csat", "pairwise"]'),
    ],
)
def test_a_setting_set_after_the_reduction_asks_for_a_new_one(mini: Path, setting, made, now):
    """A setting the file does not record was not compared, so its data was dropped without
    a word (1 comment before, 0 after)."""
    reduce(mini)
    use_reduced(mini)
    config = mini / "touchsite.yml"
    config.write_text(config.read_text("utf-8") + setting, "utf-8")
    [problem] = problems_of(mini)
    assert problem.path == "touchsite.yml"
    assert f"made with {made}, touchsite.yml now says {now}" in problem.message


def test_format_reduced_on_a_file_that_is_not_one_is_an_error(mini: Path):
    config = mini / "touchsite.yml"
    text = config.read_text("utf-8").replace("feedback.csv", "feedback.csv\n    format: reduced")
    config.write_text(text, "utf-8")
    [problem] = problems_of(mini)
    assert problem.path == "data/feedback.csv" and problem.line == 1
    assert "not a reduced dataset" in problem.message


def test_reducing_says_which_rows_it_left_out_and_strict_stops_it(mini: Path):
    """Rows left out are the build's warnings; reduced, they were left out unsaid."""
    path = mini / "data" / "feedback.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace(",10,", ",zehn,", 1)
    path.write_text("".join(lines), encoding="utf-8")
    said = "data/feedback.csv:3:4: warning: nps answer is not a number 'zehn'"
    result = CliRunner().invoke(cli, ["data", "reduce", str(mini)])
    assert result.exit_code == 0 and said in result.output
    assert "Wrote data/reduced.touchsite.json: 52 answers" in result.output  # its CSAT read
    (mini / REDUCED).unlink()
    result = CliRunner().invoke(cli, ["data", "reduce", str(mini), "--strict"])
    assert result.exit_code == 1 and said.replace("warning", "error") in result.output
    assert not (mini / REDUCED).exists()


def test_the_rows_left_out_stay_apart_from_the_answers_left_out(mini: Path):
    """A totals row is no answer left out, in a build from the reduced file too."""
    with (mini / "data" / "feedback.csv").open("a", encoding="utf-8") as handle:
        handle.write("X1,hotline,2026-03-01,11,,,,new\nSumme,,,812,410,,,\n")
    before = check(mini).feedback.files
    reduce(mini)
    use_reduced(mini)
    assert check(mini).feedback.files[0].rows_left_out == before[0].rows_left_out == 1


def test_reducing_a_reduced_project_says_what_to_do(mini: Path):
    reduce(mini)
    use_reduced(mini)
    result = CliRunner().invoke(cli, ["data", "reduce", str(mini)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "touchsite.yml:25: error: data: names the reduced dataset" in result.output


def test_a_reduced_file_nested_far_too_deep_is_located(mini: Path):
    use_reduced(mini, "data/reduced.json")
    deep = '{"format": "touchsite reduced data", "version": 2, "x": ' + "[" * 200_000
    (mini / "data" / "reduced.json").write_text(deep + "]" * 200_000 + "}", encoding="utf-8")
    [problem] = problems_of(mini)
    assert (problem.path, problem.line) == ("data/reduced.json", 1)
    assert problem.message.startswith("not a reduced dataset")


def _quality_pages(mini: Path, tmp_path: Path) -> tuple[str, str]:
    """The data-quality page built from the exports, then from the reduced file."""
    build(mini, tmp_path / "from-exports")
    reduce(mini)
    use_reduced(mini)
    build(mini, tmp_path / "from-reduced")
    return tuple(
        (tmp_path / source / "data-quality.html").read_text(encoding="utf-8")
        for source in ("from-exports", "from-reduced")
    )


def test_a_finding_keeps_its_touchpoint_in_the_reduced_file(mini: Path, tmp_path: Path):
    """The data-quality page names the touchpoint a repeated comment was written at: from the
    reduced file as from the exports."""
    rows = "".join(
        f"B{i:02d},hotline,2026-03-{1 + i:02d},2,,,Test Test Test Kundenservice,new\n"
        for i in range(12)
    )
    with (mini / "data" / "feedback.csv").open("a", encoding="utf-8") as file:
        file.write(rows)
    page, from_reduced = _quality_pages(mini, tmp_path)
    assert "The same comment many times (kept) · Hotline" in page
    assert from_reduced == page


def test_a_change_in_the_data_is_said_in_the_sites_language_from_the_reduced_file(
    mini: Path, tmp_path: Path
):
    """A German site built from the reduced file says its changes in the data in German, as
    one built from the exports does: the sentence keeps what it was made from."""
    config = mini / "touchsite.yml"
    config.write_text(
        config.read_text("utf-8").replace("language: en", "language: de"), encoding="utf-8"
    )
    half_asked_csat(mini)  # csat asked of 40 of 200 until March, of all 200 since
    from_exports, page = _quality_pages(mini, tmp_path)
    assert "CSAT bis Mär 26 in 20\u00a0% der Zeilen beantwortet" in page
    assert from_exports == page


def test_a_file_reduced_before_the_sentences_were_kept_says_them_in_the_sites_language(
    mini: Path, tmp_path: Path
):
    """A reduced file written before the changes in the data were kept as sentences holds
    their English text alone; a German site built from it says them in German all the same,
    as one built from the exports does."""
    config = mini / "touchsite.yml"
    config.write_text(
        config.read_text("utf-8").replace("language: en", "language: de"), encoding="utf-8"
    )
    half_asked_csat(mini, widened_ces=True)  # and a CES answered 1-5, then 1-7
    build(mini, tmp_path / "from-exports")
    reduce(mini)
    use_reduced(mini)
    path = mini / REDUCED
    document = json.loads(path.read_text(encoding="utf-8"))
    kept = [q for q in document["quality"] if q.pop("sentence", None)]
    assert {q["kind"] for q in kept} == {"scale", "missing"}
    body = {key: value for key, value in document.items() if key not in reduced.HEAD}
    document["digest"] = reduced._digest(body)  # a valid file, as that touchsite wrote it
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    build(mini, tmp_path / "from-reduced")
    page = (tmp_path / "from-reduced" / "data-quality.html").read_text(encoding="utf-8")
    assert "CSAT bis Mär 26 in 20\u00a0% der Zeilen beantwortet" in page
    assert "CES-Antworten wechseln ab Apr 26 die Skala" in page
    assert (tmp_path / "from-exports" / "data-quality.html").read_text(encoding="utf-8") == page


def test_a_file_reduced_before_a_rule_publishes_nothing_that_rule_finds(mini: Path, tmp_path):
    reduce(mini)
    use_reduced(mini)
    before = CliRunner().invoke(cli, ["build", str(mini), "-o", str(tmp_path / "before")])
    assert before.exit_code == 0, before.output
    path = mini / REDUCED
    document = json.loads(path.read_text(encoding="utf-8"))
    # what a touchsite without today's rules left in: an address and a lower-case IBAN
    leaked = "Call jane.roe@example.net, refund to de89 3704 0044 0532 0130 00 please"
    [comment] = [c for c in document["comments"] if c[0] == "search"]
    comment[5] = leaked
    body = {key: value for key, value in document.items() if key not in reduced.HEAD}
    document["digest"] = reduced._digest(body)  # a valid file, as that touchsite wrote it
    path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(mini), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    published = b"".join(tree(tmp_path / "site").values())
    assert b"jane.roe" not in published and b"0532 0130" not in published
    assert b"Call [email removed], refund to [IBAN removed] please" in published

    def removed(output: str) -> Counter:
        [line] = [line for line in output.splitlines() if line.startswith("Personal data")]
        return Counter({kind: int(n) for n, kind in re.findall(r"(\d+) (\w+)", line)})

    # the published comment was the file's only search comment, and held nothing before
    assert removed(result.output) - removed(before.output) == Counter(email=1, iban=1)
