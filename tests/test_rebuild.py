"""A preview's rebuilds: after each kind of edit the same site as a full build, with only the
files whose bytes changed written, and only the pages that show an edited text rendered."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, REPO, tree
from touchsite.build import build
from touchsite.cache import Cache
from touchsite.errors import UserError
from touchsite.rebuild import Rebuilder

TOUCHPOINT = Path("content/touchpoints/liefertermin-abstimmung.md")
RECOMMENDATION = Path("content/recommendations/online-lieferterminwahl.md")
JOURNEY = Path("content/journeys/reklamation.md")
PAGE = Path("content/pages/methode.md")


@pytest.fixture(scope="module")
def session(tmp_path_factory) -> tuple[Path, Rebuilder, Cache]:
    """A copy of the example, its preview started, and a cache for the full builds it is held
    against (a cache of its own, so the preview's values are never shared)."""
    folder = tmp_path_factory.mktemp("rebuild")
    project = folder / "example"
    project.mkdir()
    shutil.copy2(REPO / "touchsite.yml", project)
    for name in ("content", "data", "assets"):
        shutil.copytree(REPO / name, project / name)
    builder = Rebuilder(project, folder / "site")
    builder.rebuild()
    return project, builder, Cache()


def _edit(project: Path, path: Path, old: str, new: str) -> Path:
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")
    return file


def _append(project: Path, path: Path, text: str) -> Path:
    file = project / path
    file.write_text(file.read_text(encoding="utf-8") + text, encoding="utf-8")
    return file


def _rebuilt_as_built(session, changed: Path) -> tuple[int, list[str]]:
    """Rebuild after an edit of `changed`; check it against a full build of the same project:
    the same files in memory and on disk, and exactly the changed ones written."""
    project, builder, cache = session
    before = dict(builder.last.files)
    rebuilt = builder.rebuild([changed])
    full = build(project, write=False, cache=cache)
    assert rebuilt.result.files == full.files
    assert rebuilt.result.warnings == full.warnings
    assert tree(builder.out_dir) == full.files
    differing = {path for path in full.files.keys() | before.keys()}
    differing = {p for p in differing if before.get(p) != full.files.get(p)}
    assert set(rebuilt.written) == differing
    return rebuilt.rendered, rebuilt.written


def test_a_touchpoint_text_renders_its_page_again(session):
    project = session[0]
    changed = _append(
        project,
        TOUCHPOINT,
        '\nIm Mittel NPS {{ nps("lieferavis") }}, siehe [Lieferavis](lieferavis.md).\n',
    )
    rendered, written = _rebuilt_as_built(session, changed)
    assert written == ["touchpoints/liefertermin-abstimmung.html"]
    assert rendered == 1


def test_a_recommendation_text_renders_the_pages_that_show_it(session):
    project = session[0]
    changed = _edit(project, RECOMMENDATION, "### Maßnahme", "### Maßnahme (überarbeitet)")
    rendered, written = _rebuilt_as_built(session, changed)
    assert "recommendations.html" in written
    assert "touchpoints/lieferavis.html" in written  # one of the touchpoints it addresses
    assert rendered < 10


def test_journey_and_page_texts(session):
    project = session[0]
    rendered, written = _rebuilt_as_built(
        session, _append(project, JOURNEY, "\nEin weiterer Absatz zur Reklamation.\n")
    )
    assert written == ["journeys/reklamation.html"] and rendered == 1
    rendered, written = _rebuilt_as_built(session, _append(project, PAGE, "\nNoch ein Satz.\n"))
    assert written == ["pages/methode.html"] and rendered == 1


def test_front_matter_and_config_edits_build_everything(session):
    project, builder, _cache = session
    everything = len(builder.last.shown)
    changed = _edit(project, TOUCHPOINT, "title: ", "title: Neu – ")
    rendered, written = _rebuilt_as_built(session, changed)
    assert rendered == everything
    assert len(written) > 1  # its title shows on the map, its journeys' pages, ...
    changed = _edit(project, Path("touchsite.yml"), "title: ", "title: Neu – ")
    rendered, written = _rebuilt_as_built(session, changed)
    assert rendered == everything


def test_a_bad_text_keeps_the_last_good_site(session):
    project, builder, _cache = session
    good = tree(builder.out_dir)
    changed = _append(project, TOUCHPOINT, '\n{{ nps("liefertermin-abstimmnug") }}\n')
    with pytest.raises(UserError) as failure:
        builder.rebuild([changed])
    assert "did you mean 'liefertermin-abstimmung'" in str(failure.value)
    assert tree(builder.out_dir) == good
    _edit(project, TOUCHPOINT, "abstimmnug", "abstimmung")
    _rebuilt_as_built(session, changed)


def test_a_broken_link_in_a_text_is_the_same_warning(session):
    project = session[0]
    changed = _append(project, TOUCHPOINT, "\n[Methode](../pages/methode.md#nirgends)\n")
    _rebuilt_as_built(session, changed)
    assert any("nirgends" in warning.message for warning in session[1].last.warnings)


# Markdown a consultant writes: prose, emphasis, lists, headings, links to other content,
# figures (some that do not resolve), code spans, characters HTML escapes.
PIECES = st.sampled_from(
    [
        "Kunden warten. ",
        "**wichtig** ",
        "\n- Punkt\n",
        "\n## Abschnitt\n",
        "[Hotline](hotline.md) ",
        "[Seite](../pages/summary.md#oben) ",
        '{{ nps("search") }} ',
        '{{ nps("serach") }} ',
        "`{{ nps() }}` ",
        '<b>&amp; "Ä" ',
        "\n\n",
    ]
)


@settings(max_examples=10, deadline=None)
@given(st.lists(PIECES, max_size=8).map("".join))
def test_any_text_rebuilds_as_a_full_build(mini_session, text):
    project, builder = mini_session
    changed = project / "content" / "touchpoints" / "search.md"
    front, _, _body = changed.read_text(encoding="utf-8").rpartition("---\n")
    changed.write_text(front + "---\n" + text, encoding="utf-8")
    try:
        full = build(project, write=False)
    except UserError as expected:
        with pytest.raises(UserError) as failure:
            builder.rebuild([changed])
        assert failure.value.problems == expected.problems
        return
    rebuilt = builder.rebuild([changed])
    assert rebuilt.result.files == full.files
    assert rebuilt.result.warnings == full.warnings
    assert tree(builder.out_dir) == full.files


@pytest.fixture(scope="module")
def mini_session(tmp_path_factory) -> tuple[Path, Rebuilder]:
    folder = tmp_path_factory.mktemp("mini-rebuild")
    project = folder / "mini"
    shutil.copytree(MINI, project)
    builder = Rebuilder(project, folder / "site")
    builder.rebuild()
    return project, builder


def test_a_text_edited_after_a_failed_build_is_built_in_full(tmp_path):
    """The last good analysis no longer holds once a build of other edits failed: data broken
    since must still fail the build that a text's edit then starts."""
    project = tmp_path / "mini"
    shutil.copytree(MINI, project)
    builder = Rebuilder(project, tmp_path / "site")
    builder.rebuild()
    data = project / "data" / "feedback.csv"
    data.write_text("kein,Export\n1,2\n", encoding="utf-8")
    with pytest.raises(UserError) as broken:
        builder.rebuild([data])
    text = project / "content" / "touchpoints" / "search.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nNoch ein Satz.\n", encoding="utf-8")
    with pytest.raises(UserError) as still:
        builder.rebuild([text])
    assert still.value.problems == broken.value.problems


def test_the_preview_renders_in_its_own_process_however_many_touchpoints(tmp_path, monkeypatch):
    """The preview runs beside the server's threads: it never forks render workers."""
    from touchsite.render import site

    def no_pool(*args, **kwargs):
        raise AssertionError("the preview forked render workers")

    monkeypatch.setattr(site, "PARALLEL_PAGES", 1)  # a build would share these pages out
    monkeypatch.setattr(site.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(site, "ProcessPoolExecutor", no_pool)
    project = tmp_path / "mini"
    shutil.copytree(MINI, project)
    builder = Rebuilder(project, tmp_path / "site")
    assert builder.rebuild().rendered > 1
    text = project / "content" / "touchpoints" / "search.md"
    text.write_text(text.read_text(encoding="utf-8") + "\nNoch ein Satz.\n", encoding="utf-8")
    assert builder.rebuild([text]).rendered >= 1


def test_the_bodies_by_file_are_one_map_for_the_preview_and_the_markdown_filter():
    from touchsite.pipeline import check, load_project
    from touchsite.render.i18n import Locale
    from touchsite.render.markdown import Markdown

    expected = {}  # each content file's text after its front matter's closing line
    for path in sorted((MINI / "content").rglob("*.md")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
        expected[path.relative_to(MINI).as_posix()] = "".join(lines[end + 1 :])
    project, _ = load_project(MINI)
    assert project.bodies() == expected
    report = check(MINI)
    assert Markdown(report, Locale(report.project.config.language)).bodies == expected
