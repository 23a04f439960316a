"""Live figures in prose: `{{ nps("id") }}` read from Markdown, checked, and filled in from the
data, so a summary's figures follow the data (values worked out here from the answers)."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import REPO
from touchsite.build import build
from touchsite.errors import UserError
from touchsite.example_data import write_example_data
from touchsite.models.figures import (
    Reference,
    ReferenceSyntaxError,
    Written,
    parse_reference,
    plain_figures,
    written_figures,
)
from touchsite.models.markdown import MARKDOWN

names = st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,12}", fullmatch=True)
values = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\"'\n{}"), max_size=20
)
references = st.builds(
    Reference,
    names,
    st.lists(values, max_size=3).map(tuple),
    st.dictionaries(names, values, max_size=2).map(lambda d: tuple(d.items())),
)


@given(references)
def test_a_reference_reads_back_as_written(reference: Reference):
    written = str(reference)
    assert parse_reference(written[2:-2]) == reference


@given(st.text(max_size=60))
def test_any_text_reads_as_a_reference_or_a_located_syntax_error(inner: str):
    try:
        parse_reference(inner)
    except ReferenceSyntaxError as error:
        assert 0 <= error.offset <= len(inner) + 2
        assert error.message


@given(st.text(max_size=80))
def test_any_markdown_parses_and_each_figure_is_placed_on_a_line(text: str):
    lines = text.splitlines()
    for written, line, column in written_figures(text, MARKDOWN.parse):
        assert (written.reference is None) != (written.error is None)
        if column is not None:
            assert lines[line][column - 1 :].startswith(written.source.split("\n")[0])


@given(st.text(alphabet=st.sampled_from('{}\\ab"( )'), max_size=40) | st.text(max_size=40))
def test_a_plain_text_splits_into_its_words_and_references(text: str):
    parts = list(plain_figures(text))
    rebuilt = "".join(part.source if isinstance(part, Written) else part for part in parts)
    assert rebuilt == text.replace("\\{{", "{{")
    assert all(part for part in parts)


def test_references_in_code_and_escaped_braces_stay_literal():
    text = 'Now {{ nps("a") }}, `{{ nps("b") }}`, \\{{ nps("c") }}.\n\n```\n{{ nps("d") }}\n```\n'
    found = [w.reference.args for w, _, _ in written_figures(text, MARKDOWN.parse)]
    assert found == [("a",)]
    rendered = MARKDOWN.render(text, {"figure": lambda ref: f"<b>{ref.args[0]}</b>"})
    assert "Now <b>a</b>," in rendered
    assert "<code>{{ nps(&quot;b&quot;) }}</code>" in rendered
    assert ", {{ nps(“c”) }}." in rendered  # prose: typographic quotes, as everywhere
    assert "{{ nps(&quot;d&quot;) }}\n</code></pre>" in rendered


@pytest.mark.parametrize(
    ("inner", "message"),
    [
        ("", "empty figure reference"),
        ('nps "a"', "unexpected \"a\" where '(' belongs"),
        ('nps("a"', "ends where ')' belongs"),
        ("nps(a)", "argument a is not in quotes"),
        ('nps(period="x", "a")', "an argument after an option"),
        ("nps(„a“)", "typographic quote '„'"),
        ('nps(p="1", p="2")', "option 'p' is given twice"),
    ],
)
def test_syntax_errors_say_what_is_wrong(inner: str, message: str):
    with pytest.raises(ReferenceSyntaxError, match=re.escape(message)):
        parse_reference(inner)


def _summary(mini: Path, text: str) -> None:
    (mini / "content/pages/summary.md").write_text(
        f"---\ntitle: Summary\norder: 1\n---\n{text}\n", encoding="utf-8"
    )


def test_every_wrong_reference_is_reported_at_once_with_file_line_and_column(mini: Path):
    _summary(
        mini,
        'Hotline {{ nps("hotlne") }}, {{ ces("phase:befor") }}\nand {{ csat("quiet") }} '
        '{{ nps(segment="new") }} {{ touchpoints("x") }} {{ nps("hotline"',
    )
    with pytest.raises(UserError) as raised:
        build(mini, write=False)
    report = str(raised.value)
    path = "content/pages/summary.md"
    assert f"{path}:5:9: error: unknown touchpoint 'hotlne'" in report
    assert "did you mean 'hotline'?" in report
    assert f"{path}:5:30: error: unknown phase 'befor'" in report
    assert "did you mean 'before'?" in report
    assert f"{path}:6:5: error: touchpoint 'quiet' has no CSAT answers" in report
    assert "'nps' has no option 'segment'" in report
    assert "'touchpoints' takes at most 0 argument(s)" in report
    assert "'{{' opens a figure reference that is not closed" in report


def test_a_figure_the_data_lacks_is_reported_with_the_rows_left_out(mini: Path):
    """Rows left out are a warning, and a figure of no answers an error: the error alone
    would not say that the answers are there, unread."""
    data = mini / "data" / "feedback.csv"
    header, *rows = data.read_text(encoding="utf-8").splitlines(keepends=True)
    hotline = [row.split(",") for row in rows if row.split(",")[1] == "hotline"]
    assert hotline and all(row[3] for row in hotline)  # each has an NPS
    data.write_text(
        header + "".join(re.sub(r",hotline,[^,]*", ",hotline,soon", row) for row in rows),
        encoding="utf-8",
    )
    _summary(mini, 'Hotline: {{ nps("hotline") }}')
    with pytest.raises(UserError) as raised:
        build(mini, write=False)
    report = str(raised.value)
    assert "content/pages/summary.md:5:10: error: touchpoint 'hotline' has no NPS answers" in report
    first = next(i for i, row in enumerate(rows, 2) if ",hotline," in row)
    assert (
        f"data/feedback.csv:{first}:3: warning: unreadable date 'soon' ({len(hotline)} rows"
        in report
    )


def _figures(page: str) -> list[tuple[str, str]]:
    """(shown value, tooltip) of each live figure on a page."""
    found = re.findall(r'<span class="figure" tabindex="0" title="([^"]*)">([^<]*)<', page)
    return [(html.unescape(value), html.unescape(title)) for title, value in found]


def test_a_figure_shows_its_value_with_n_and_interval(mini: Path):
    _summary(mini, 'Hotline {{ nps("hotline") }}; {{ answers }} answers.')
    rows = pd.read_csv(mini / "data/feedback.csv")
    nps = rows.loc[rows["touchpoint"] == "hotline", "nps"].dropna()
    expected = 100 * ((nps >= 9).mean() - (nps <= 6).mean())
    page = build(mini, write=False).files["pages/summary.html"].decode()
    [(value, title)] = _figures(page)
    assert value == f"{expected:+.0f}".replace("-", "−")
    assert title.startswith(f"NPS, n = {len(nps)}, 95% CI ")
    assert f"; {len(rows)} answers." in page


def _nps_text(scores: pd.Series) -> str:
    value = 100 * ((scores >= 9).mean() - (scores <= 6).mean())
    rounded = int(abs(value) + 0.5) * (1 if value >= 0 else -1)
    return "0" if rounded == 0 else f"{rounded:+d}".replace("-", "−")


def _grouped(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def test_the_example_summary_follows_the_data(tmp_path: Path):
    project = tmp_path / "example"
    project.mkdir()
    for name in ("touchsite.yml", "content", "assets"):
        source = REPO / name
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, project / name)
    write_example_data(project, "de")
    feedback = project / "data/feedback.csv"
    rows = pd.read_csv(feedback, dtype=str, keep_default_na=False)
    # Make the weakest touchpoint's detractors promoters and drop a quarter of all answers.
    weak = rows["touchpoint"] == "liefertermin-abstimmung"
    low = pd.to_numeric(rows["nps"], errors="coerce") <= 3
    rows.loc[weak & low, "nps"] = "10"
    rows = rows.iloc[[i for i in range(len(rows)) if i % 4]]
    rows.to_csv(feedback, index=False)

    summary = build(project, write=False).files["pages/zusammenfassung.html"].decode()

    scores = pd.to_numeric(rows["nps"], errors="coerce")
    of = rows["touchpoint"]
    assert f"{_grouped(len(rows))} Rückmeldungen" in summary
    shown = [value for value, _ in _figures(summary)]
    # the whole journey: every touchpoint's answers, not the overall (relationship) question
    assert shown[0] == _nps_text(scores[of != "overall"].dropna())
    weakest = scores[of == "liefertermin-abstimmung"].dropna()
    assert _nps_text(weakest) in shown
    assert _nps_text(scores[of == "beratung-filiale"].dropna()) == shown[2]
    titles = [title for _, title in _figures(summary)]
    assert f"n = {_grouped(len(weakest))}" in " ".join(titles)
    # and none of the figures written in the original text survives
    assert "−23" not in summary and "7.822" not in summary


JOURNEY = """\
---
title: Buying
lanes: [actions, pain_points]
steps:
  - id: find
    title: Find a sofa
    phase: before
    touchpoints: [search]
    actions: Searches, NPS {{ nps("search") }}
    pain_points:
      - Calls end in {{ nps("hotline") }}
---
"""


def test_figures_in_journey_lanes_and_insights_are_filled_in_and_checked(mini: Path):
    path = mini / "content/journeys/buying.md"
    path.parent.mkdir()
    path.write_text(JOURNEY, encoding="utf-8")
    rows = pd.read_csv(mini / "data/feedback.csv")
    shown = {}
    for touchpoint in ("search", "hotline"):
        nps = rows.loc[rows["touchpoint"] == touchpoint, "nps"].dropna()
        shown[touchpoint] = _nps_text(nps)
    page = build(mini, write=False).files["journeys/buying.html"].decode()
    values = [value for value, _ in _figures(page)]
    assert shown["search"] in values and shown["hotline"] in values
    assert "{{" not in page.split('<div class="print-phases"')[0].split("<main")[1]

    path.write_text(JOURNEY.replace('nps("hotline")', 'nps("hotlin")'), encoding="utf-8")
    with pytest.raises(UserError) as raised:
        build(mini, write=False)
    assert "content/journeys/buying.md:11: error: unknown touchpoint 'hotlin'" in str(raised.value)


# Braces among the marks that start or split a block's text (quotes, tables, lists, code)
BRACED = (
    "{", "}", "\\", ">", "|", "-", "*", "#", "`", " ", "\n", "\r", "\t", "&", ";", "1", "x", ":",
    "[", "]", "=", "{{", "\\|", "&#123;", "| a |\n|---|\n", "> ", "    ",
)  # fmt: skip


@settings(max_examples=500)
@given(st.lists(st.sampled_from(BRACED), max_size=40).map("".join))
def test_a_text_without_double_braces_holds_no_figure(text: str):
    # the whole parse, not the shortcut `written_figures` takes
    figures = [
        token
        for block in MARKDOWN.parse(text)
        for token in block.children or ()
        if token.type == "figure"
    ]
    if figures:
        assert "{{" in text
    assert len(list(written_figures(text, MARKDOWN.parse))) == len(figures)
