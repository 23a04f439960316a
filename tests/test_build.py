"""Whole builds: the example client, reproducibility, self-contained output."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import MINI, REPO, qualtrics_export, small_chunks, tree
from touchsite.build import build, render
from touchsite.errors import UserError
from touchsite.pipeline import check
from touchsite.render.site import Site


@pytest.fixture(scope="module")
def example_site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("example") / "site"
    build(REPO, out)
    return out


def test_every_example_touchpoint_is_reachable_from_the_map(example_site: Path):
    index = (example_site / "index.html").read_text(encoding="utf-8")
    ids = sorted(path.stem for path in (REPO / "content" / "touchpoints").glob("*.md"))
    assert len(ids) >= 20
    for touchpoint_id in ids:
        assert f'href="touchpoints/{touchpoint_id}.html"' in index
        assert (example_site / "touchpoints" / f"{touchpoint_id}.html").is_file()


def test_output_is_self_contained_with_relative_links(example_site: Path):
    for path in example_site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for attribute, target in re.findall(r'\b(src|href)="([^"]*)"', html):
            assert not re.match(r"^(https?:)?//", target), f"{path}: {attribute}={target}"
            assert not target.startswith("/"), f"{path}: absolute link {target}"
            if target.startswith(("#", "data:")):
                continue
            resolved = (path.parent / target.split("#")[0]).resolve()
            assert resolved.is_file(), f"{path.name}: broken link {target}"
    css = next(example_site.glob("assets/style.*.css")).read_text(encoding="utf-8")
    assert "url(" not in css and "@import" not in css
    # the chart library ships without its links to plotly's hosts (logo, cloud, map data)
    for script in example_site.glob("assets/*.js"):
        text = script.read_text(encoding="utf-8")
        assert not re.search(r"href=\"https?://|plotly\.com|plot\.ly", text), script.name


def test_builds_are_byte_identical(tmp_path: Path, example_site: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # another working directory
    second = tmp_path / "again"
    build(Path(os.path.relpath(REPO, tmp_path)), second)
    assert tree(second) == tree(example_site)


def _wide_exports(root: Path) -> Path:
    """The mini project with its answers in a Qualtrics export (1,500 respondents x 3
    touchpoints) and a Google Forms export of a British account, dated day first, whose
    first 300 answers fall on 1-12 March (a campaign's busy start)."""
    shutil.copytree(MINI, root)
    (root / "data" / "feedback.csv").unlink()
    entry = qualtrics_export(root / "data" / "qualtrics.csv", 1500, ["search", "hotline", "quiet"])
    question = "How likely are you to recommend us to a friend or colleague?"
    lines = [f'"Timestamp","{question}"']
    for number in range(500):
        moment = dt.datetime(2026, 3, 1, 9) + dt.timedelta(
            minutes=number * (57 if number < 300 else 90)
        )
        lines.append(f'"{moment:%d/%m/%Y %H:%M:%S}","{number * 3 % 11}"')
    (root / "data" / "google-forms.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    entry += (
        f'  - path: data/google-forms.csv\n    touchpoints:\n      search: {{nps: "{question}"}}\n'
    )
    yml = root / "touchsite.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("  - path: data/feedback.csv\n", entry), encoding="utf-8")
    return root


def test_a_site_does_not_depend_on_where_the_data_files_chunks_fall(
    tmp_path: Path, example_site: Path, monkeypatch
):
    """Both examples and wide exports, their files read in chunks of about 100 records (a
    large file's chunks, in small ones): the sites are byte-identical to those read in one
    chunk. Before, the Google Forms export's day-first dates were read month first on its
    first chunk's dates (no day after the 12th), and its answers after the 12th left out."""
    wide = _wide_exports(tmp_path / "wide")
    sites = {REPO: example_site}
    for root in (REPO / "examples" / "en", wide):
        sites[root] = tmp_path / f"{root.name}-site"
        build(root, sites[root])
    small_chunks(monkeypatch, 100, block_bytes=4096)
    for root, site in sites.items():
        chunked = tmp_path / f"{root.name}-chunked"
        build(root, chunked)
        assert tree(chunked) == tree(site), root


def test_chart_ids_come_from_page_and_chart_names(example_site: Path):
    page = (example_site / "touchpoints" / "liefertermin-abstimmung.html").read_text("utf-8")
    ids = re.findall(r'class="chart" id="([^"]+)"', page)
    assert "chart-touchpoint-liefertermin-abstimmung-trend-nps" in ids
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("collecting", [True, False])
def test_no_collection_walks_the_report_from_the_render_to_the_written_site(
    mini: Path, tmp_path: Path, monkeypatch, collecting
):
    """The report stays to the end of the build: the stages after the analysis make objects
    that stay too (the site, the pages' links), and each collection walked the report's
    again. The collector is as it was once the build is done."""
    import gc

    import touchsite.build as building

    seen = []
    for stage in ("Site", "links_checked", "write_site"):
        original = getattr(building, stage)

        def observed(*args, _original=original, **options):
            seen.append((gc.isenabled(), gc.get_freeze_count() > 0))
            return _original(*args, **options)

        monkeypatch.setattr(building, stage, observed)
    was = gc.isenabled()
    (gc.enable if collecting else gc.disable)()
    try:
        build(mini, tmp_path / "site", search=False)
        assert seen == [(False, True)] * 3
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


def test_the_theme_can_be_overridden_by_name(mini: Path):
    (mini / "templates").mkdir()
    (mini / "templates" / "page.html").write_text(
        '{% extends "base.html" %}{% block content %}<p id="own">{{ page.title }}</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    build(mini)
    assert '<p id="own">Summary</p>' in (mini / "site/pages/summary.html").read_text("utf-8")
    assert "<h1>Mini journey</h1>" in (mini / "site/index.html").read_text("utf-8")


def test_an_own_template_shows_a_renamed_kpi(mini: Path):
    """Jinja writes a literal through its filter while compiling, and the compiled template is
    kept for the next build: an own template's `{{ "binary" | kpi_label }}` showed the first
    build's name after touchsite.yml renamed the KPI."""
    (mini / "templates").mkdir()
    (mini / "templates" / "page.html").write_text(
        '{% extends "base.html" %}{% block content %}<p id="own">{{ "binary" | kpi_label }}</p>'
        "{% endblock %}",
        encoding="utf-8",
    )
    config = mini / "touchsite.yml"
    original = config.read_text("utf-8")
    shown = []
    for label in ("Would recommend", "Problem solved"):
        config.write_text(original.replace("kpis:\n", f"kpis:\n  binary: {{label: {label}}}\n", 1))
        build(mini)
        page = (mini / "site/pages/summary.html").read_text("utf-8")
        shown.append(re.search(r'<p id="own">([^<]*)</p>', page).group(1))
    assert shown == ["Would recommend", "Problem solved"]


def test_a_mistake_of_an_own_template_met_by_a_render_worker_is_located(mini: Path):
    """The touchpoint pages after the first are rendered in forked workers, whose error
    reaches the build without its traceback, where Jinja says which template line failed:
    a mistake met only there (one touchpoint's page) was a crash, not a located problem."""
    (mini / "templates").mkdir()
    (mini / "templates" / "touchpoint.html").write_text(
        '{% extends "base.html" %}{% block content %}\n<p>{{ r.touchpoint.title }}</p>\n'
        '{% if r.touchpoint.id == "search" %}{{ r.no_such_field.title }}{% endif %}\n'
        "{% endblock %}",
        encoding="utf-8",
    )
    site = Site(check(mini))
    with pytest.raises(UserError) as raised:
        render(site, mini, workers=2)
    [problem] = raised.value.problems
    assert (problem.path, problem.line) == ("templates/touchpoint.html", 3)
    assert "no_such_field" in problem.message


def _write_ces_answers(project: Path, scores: list[int]) -> None:
    rows = [
        f"R{number:03},search,2026-01-{1 + number % 28:02},,,{score},,new"
        for number, score in enumerate(scores)
    ]
    header = "response_id,touchpoint,date,nps,csat,ces,comment,segment"
    (project / "data" / "feedback.csv").write_text("\n".join([header, *rows, ""]), "utf-8")


def _set_ces_scale(project: Path, scale: str) -> None:
    config = project / "touchsite.yml"
    text = config.read_text("utf-8")
    text = re.sub(r"ces_scale: \{[^}]*\}", f"ces_scale: {{{scale}}}", text)
    config.write_text(text, "utf-8")


def test_a_preview_rebuild_follows_a_changed_ces_scale(mini: Path):
    """The live preview's cache once kept the figures of the old scale (n=110, mean 3.8)."""
    from touchsite.cache import Cache

    _write_ces_answers(mini, [2] * 30 + [3] * 40 + [6] * 40)
    cache = Cache()
    first = build(mini, write=False, cache=cache).report.overall["ces"]
    assert (first.n, round(first.value, 4)) == (110, round((60 + 120 + 240) / 110, 4))
    assert first.higher_is_better

    # 1-5, lower is better: the forty 6s are out of range now and left out with a warning.
    _set_ces_scale(mini, "min: 1, max: 5, higher_is_better: false")
    rebuilt = build(mini, write=False, cache=cache)
    fresh = build(mini, write=False)
    ces = rebuilt.report.overall["ces"]
    assert (ces.n, round(ces.value, 4)) == (70, round((60 + 120) / 70, 4))
    assert not ces.higher_is_better
    assert ces == fresh.report.overall["ces"]
    assert rebuilt.warnings == fresh.warnings
    assert [finding.rows for finding in rebuilt.report.feedback.quality] == [40]
    assert rebuilt.files == fresh.files


def test_a_preview_rebuild_reads_unchanged_data_once(mini: Path, monkeypatch):
    import touchsite.pipeline
    from touchsite.cache import Cache

    reads = []
    load = touchsite.pipeline.load_feedback
    monkeypatch.setattr(
        touchsite.pipeline, "load_feedback", lambda *args: reads.append(1) or load(*args)
    )
    cache = Cache()
    first = build(mini, write=False, cache=cache)
    again = build(mini, write=False, cache=cache)
    assert len(reads) == 1 and again.files == first.files
    with (mini / "data" / "feedback.csv").open("a", encoding="utf-8") as data:
        data.write("S999,search,2026-03-30,3,2,,,new\n")
    changed = build(mini, write=False, cache=cache)
    assert len(reads) == 2
    assert changed.report.feedback.rows == first.report.feedback.rows + 1
