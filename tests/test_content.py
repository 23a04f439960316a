"""Front matter: every mistake with its file and line, and nothing else breaks."""

from __future__ import annotations

from pathlib import Path

import pytest

from touchsite.build import build
from touchsite.errors import UserError
from touchsite.pipeline import check
from touchsite.project import load_project


def _problems(project: Path) -> list[str]:
    with pytest.raises(UserError) as caught:
        check(project)
    return [str(problem) for problem in caught.value.problems]


def test_impossible_due_date_is_a_problem_not_a_crash(mini: Path):
    path = mini / "content/recommendations/callback.md"
    path.write_text(path.read_text().replace("kpi: nps", "kpi: nps\ndue: 2027-02-30"))
    [problem] = _problems(mini)
    assert problem.startswith("content/recommendations/callback.md:9:6: error: invalid YAML:")
    assert "'2027-02-30' is not a valid date" in problem


def test_a_touchpoint_that_cannot_be_read_is_one_error_not_one_per_reference(mini: Path):
    """hotline.md fails; the recommendation naming it does not say hotline "does not
    exist" on top: the one error is the file's own."""
    path = mini / "content/touchpoints/hotline.md"
    path.write_bytes(path.read_text("utf-8").replace("title:", "title: Für").encode("cp1252"))
    [problem] = _problems(mini)
    assert problem.startswith("content/touchpoints/hotline.md:")


def test_yaml_error_names_where_the_unclosed_list_started(mini: Path):
    path = mini / "content/touchpoints/search.md"
    path.write_text(path.read_text().replace("[family]", "[family"))
    [problem] = _problems(mini)
    assert problem.startswith("content/touchpoints/search.md:6:")
    assert "(it started on line 5)" in problem


def test_misspelt_key_and_bad_values_are_all_reported(mini: Path):
    path = mini / "content/touchpoints/hotline.md"
    text = path.read_text().replace("emotion: -2", "emoton: -2\ntype: telepathic\norder: 1.5")
    path.write_text(text)
    problems = _problems(mini)
    assert any(
        p.startswith("content/touchpoints/hotline.md:5: error: unknown key 'emoton'")
        and "did you mean 'emotion'?" in p
        for p in problems
    )
    assert any("hotline.md:6: error: 'type' must be one of digital" in p for p in problems)
    assert any("hotline.md:7: error: 'order' must be a whole number" in p for p in problems)


def test_file_without_front_matter_and_unusable_id(mini: Path):
    (mini / "content/touchpoints/Bad Name.md").write_text("just text\n")
    problems = _problems(mini)
    assert any(
        p.startswith("content/touchpoints/Bad Name.md:1: error: no front matter") for p in problems
    )


def test_duplicate_ids_name_both_files(mini: Path):
    (mini / "content/touchpoints/copy.md").write_text(
        "---\nid: hotline\ntitle: Copy\nphase: after\nchannel: phone\n---\n"
    )
    problems = _problems(mini)
    assert any("duplicate touchpoint id 'hotline'" in p for p in problems)


def test_links_to_content_files_become_links_to_their_pages(mini: Path):
    search = mini / "content/touchpoints/search.md"
    search.write_text(
        search.read_text() + "\nSee [the call-back idea](../recommendations/callback.md).\n"
    )
    callback = mini / "content/recommendations/callback.md"
    callback.write_text(
        callback.read_text() + "\nFor [the hotline](../touchpoints/hotline.md#kpi-heading).\n"
    )
    build(mini)
    site = mini / "site"
    assert (
        'href="../recommendations.html#rec-callback"'
        in (site / "touchpoints/search.html").read_text()
    )
    # the same recommendation body, on pages at two depths
    assert (
        'href="touchpoints/hotline.html#kpi-heading"' in (site / "recommendations.html").read_text()
    )
    assert (
        'href="../touchpoints/hotline.html#kpi-heading"'
        in (site / "touchpoints/hotline.html").read_text()
    )


def test_link_to_a_missing_content_file_names_its_line(mini: Path):
    search = mini / "content/touchpoints/search.md"
    search.write_text(search.read_text() + "\nSee [gone](../touchpoints/gone.md).\n")
    [problem] = _problems(mini)
    assert problem.startswith(
        "content/touchpoints/search.md:11: error: link to '../touchpoints/gone.md'"
    )


def test_texts_in_front_matter_and_touchsite_yml_are_read_as_written(mini: Path):
    path = mini / "content/touchpoints/hotline.md"
    path.write_text(
        path.read_text().replace(
            "title: Hotline",
            "title: 12:30\nowner: 0x1F\nlanes: {thoughts: [no, 12:30, yes, 010], frontstage: off}",
        )
    )
    config = mini / "touchsite.yml"
    config.write_text(config.read_text().replace("client: Beispiel GmbH", "client: 0123"))
    project, problems = load_project(mini)
    assert not problems
    hotline = next(tp for tp in project.touchpoints if tp.id == "hotline")
    assert (hotline.title, hotline.owner) == ("12:30", "0x1F")
    assert hotline.lanes == (("thoughts", ("no", "12:30", "yes", "010")), ("frontstage", ("off",)))
    assert project.config.client == "0123"


def test_a_markdown_file_saved_with_a_byte_order_mark_reads_as_without(mini: Path):
    path = mini / "content/touchpoints/hotline.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_text().replace("\n", "\r\n").encode())
    project, problems = load_project(mini)
    assert not problems
    assert next(tp for tp in project.touchpoints if tp.id == "hotline").title == "Hotline"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])  # with a byte-order mark, without
@pytest.mark.parametrize("name", ["content/touchpoints/hotline.md", "touchsite.yml"])
def test_a_utf16_file_is_named_as_such(mini: Path, name: str, codec: str):
    path = mini / name
    path.write_bytes(path.read_text().encode(codec))
    problems = _problems(mini)
    assert f"{name}:1: error: is UTF-16 text, not UTF-8" in "\n".join(problems)
    assert "save it as UTF-8" in "\n".join(problems)


def test_a_file_url_is_an_error_at_its_line(mini: Path):
    path = mini / "content/touchpoints/hotline.md"
    path.write_text(path.read_text() + "See [the manual](file:///C:/Handbuch.pdf).\n")
    [problem] = _problems(mini)
    assert problem.startswith(
        "content/touchpoints/hotline.md:9:18: error: 'file:///C:/Handbuch.pdf' is a path on"
    )


@pytest.mark.parametrize("name", ["content/touchpoints/probe.MD", "content/pages/probe.markdown"])
def test_a_markdown_file_not_ending_in_md_is_named_not_passed_over(mini: Path, name: str):
    (mini / name).write_text("---\ntitle: Probe\nphase: after\nchannel: phone\n---\n")
    [problem] = _problems(mini)
    assert problem.startswith(f"{name}: error: is not read:")
    assert "hint: rename it to probe.md" in problem
