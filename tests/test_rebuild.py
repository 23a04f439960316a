"""A preview's rebuilds: after each kind of edit the same site as a full build, with only the
files whose bytes changed written, and only the pages that show an edited text rendered."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tests.conftest import MINI, REPO, tree
from touchsite.build import build
from touchsite.cache import Cache
from touchsite.compare import read_revision
from touchsite.errors import UserError
from touchsite.load.content import PAGE_FIELDS, RECOMMENDATION_FIELDS, TOUCHPOINT_FIELDS
from touchsite.load.journeys import JOURNEY_FIELDS, OPPORTUNITY_FIELDS
from touchsite.project import load_project
from touchsite.rebuild import Rebuilder, analysis_inputs
from touchsite.render import linked

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


def test_an_image_a_text_shows_is_published_and_gone_when_it_is_not(session):
    project = session[0]
    (project / "assets/ablauf.png").write_bytes(b"\x89PNG\r\n\x1a\n a flow chart")
    changed = _append(project, PAGE, "\n![Ablauf](../../assets/ablauf.png)\n")
    rendered, written = _rebuilt_as_built(session, changed)
    copy = next(path for path in written if path.startswith("assets/ablauf."))
    assert sorted(written) == [copy, "pages/methode.html"] and rendered == 1
    _edit(project, PAGE, "\n![Ablauf](../../assets/ablauf.png)\n", "\n")
    rendered, written = _rebuilt_as_built(session, changed)
    assert sorted(written) == [copy, "pages/methode.html"]  # the copy is deleted
    assert copy not in session[1].last.files and rendered == 1


def test_a_file_a_text_links_is_read_again_only_once_changed(session, monkeypatch):
    """A film or a manual a text links may be large: read and hashed again after every edit
    of a text, it made each preview of an edit wait for it (a second for 300 MB)."""
    project = session[0]
    film = project / "assets/interview.mp4"
    film.write_bytes(b"\x00\x00\x00\x18ftypmp42 one")
    link = "\n[Interview](../../assets/interview.mp4)\n"
    _rebuilt_as_built(session, _append(project, PAGE, link))
    hashed = []  # the files read and hashed, by their names
    original = linked.asset_path
    with monkeypatch.context() as patched:
        patched.setattr(
            linked, "asset_path", lambda *args: hashed.append(args[0]) or original(*args)
        )
        rebuilt = session[1].rebuild([_append(project, PAGE, "\nNoch ein Satz.\n")])
    assert film.name not in hashed and rebuilt.rendered == 1
    assert rebuilt.result.files == build(project, write=False, cache=session[2]).files
    film.write_bytes(b"\x00\x00\x00\x18ftypmp42 two, longer")  # a new copy, not the old
    _rebuilt_as_built(session, film)
    assert film.read_bytes() in session[1].last.files.values()
    _edit(project, PAGE, link, "\n")
    _rebuilt_as_built(session, project / PAGE)


def test_a_config_edit_builds_everything(session):
    project, builder, _cache = session
    everything = len(builder.last.shown)
    changed = _edit(project, Path("touchsite.yml"), "title: ", "title: Neu – ")
    rebuilt = builder.rebuild([changed])
    assert rebuilt.analysed and rebuilt.rendered == everything
    assert rebuilt.result.files == build(project, write=False, cache=session[2]).files


TO_BE = Path("content/journeys/erstkauf-ziel.md")
OPPORTUNITY = Path("content/opportunities/fallverantwortung-reklamation.md")


def _first_renamed(entries: list) -> list:
    """The steps with the first one under another title."""
    return [{**entries[0], "title": "Ganz anders benannt"}, *entries[1:]]


# Each front-matter field of each kind of document (as the loader declares them), the value
# one edit gives it, and whether the analysis reads it: worked out from what each KPI, test,
# ranking, journey step and coverage cell is computed from. An edit of a field the analysis
# does not read must not run it; either way the site is the one a clean build makes.
FIELD_EDITS = {
    TOUCHPOINT: (
        TOUCHPOINT_FIELDS,
        {
            "id": ("liefertermin-neu", True),
            "title": ("Liefertermin <neu> & „anders“", False),  # also one of the key drivers
            "phase": ("nutzung-service", True),
            "channel": ("e-mail", True),
            "type": ("digital", False),
            "category": ("product", False),
            "influence": ("indirect", False),
            "direction": ("one-way", False),
            "c2c": (True, False),
            "owner": ("Logistik & Service", False),
            "personas": (["best-ager-paar"], False),
            "emotion": (2, True),
            "value": (["price"], False),
            "targets": ({"ces": 6.5}, True),
            "order": (99, True),
            "lanes": ({"actions": "Wählt den Termin selbst"}, True),
        },
    ),
    RECOMMENDATION: (
        RECOMMENDATION_FIELDS,
        {
            "id": ("terminwahl", True),
            "title": ("Termin <online> wählen", False),
            "touchpoints": (["liefertermin-abstimmung"], True),
            "priority": ("low", True),
            "impact": (2, True),
            "effort": (1, True),
            "status": ("done", True),
            "owner": ("Disposition", False),
            "due": ("2028-01-15", False),
            "kpi": ("nps", False),
            "experiment": ("lieferavis", False),
        },
    ),
    TO_BE: (
        JOURNEY_FIELDS,
        {
            "id": ("erstkauf-2027", True),
            "title": ("Erstkauf <neu>", False),
            "order": (9, True),
            "persona": ("junge-familie", True),
            "state": ("as-is", True),
            "as_is": ("reklamation", True),
            "phases": (
                [{"id": "inspiration", "title": "Ideen"}, "beratung-kauf", "lieferung-montage"],
                True,
            ),
            "lanes": (["actions", "touchpoints", "thoughts"], True),
            "steps": (_first_renamed, True),
            "recommendations": (["hotline-servicezeiten"], True),
        },
    ),
    OPPORTUNITY: (
        OPPORTUNITY_FIELDS,
        {
            "id": ("ein-fall", True),
            "title": ("Ein Fall <neu>", False),
            "journeys": (["erstkauf"], True),
            "steps": (["reklamation/kontakt-suchen"], True),
            "touchpoints": (["kundenservice-hotline"], True),
            "recommendations": (["hotline-servicezeiten"], True),
            "owner": ("Service", False),
            "status": ("done", False),
            "priority": ("low", False),
            "impact": (1, False),
            "effort": (5, False),
        },
    ),
    PAGE: (
        PAGE_FIELDS,
        {"id": ("vorgehen", False), "title": ("Vorgehen", False), "order": (5, False)},
    ),
}


def test_every_front_matter_field_has_an_edit():
    for fields, edits in FIELD_EDITS.values():
        assert {field.name for field in fields} == edits.keys()


def _set_field(project: Path, path: Path, name: str, value) -> Path:
    """Give a front-matter key a new value (a function of the old one, or the value)."""
    file = project / path
    _, front, body = file.read_text(encoding="utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    new = value(data[name]) if callable(value) else value
    assert data.get(name) != new
    data[name] = new
    front = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    file.write_text(f"---\n{front}---\n{body}", encoding="utf-8")
    return file


def _as_built(session, changed: Path):
    """The rebuild after an edit of `changed`, checked against a clean build: the same site
    (or the same problems), and exactly the changed files written."""
    project, builder, cache = session
    before = dict(builder.last.files)
    try:
        full = build(project, write=False, cache=cache)
    except UserError as expected:
        with pytest.raises(UserError) as failure:
            builder.rebuild([changed])
        assert failure.value.problems == expected.problems
        assert tree(builder.out_dir) == before
        return None
    rebuilt = builder.rebuild([changed])
    assert rebuilt.result.files == full.files
    assert rebuilt.result.warnings == full.warnings
    assert tree(builder.out_dir) == full.files
    differing = {p for p in full.files.keys() | before.keys() if before.get(p) != full.files.get(p)}
    assert set(rebuilt.written) == differing
    return rebuilt


def _edited(session, path: Path, fields: list[str]):
    """Give each of `fields` of `path` its edit (FIELD_EDITS) at once; returns the original."""
    project = session[0]
    original = (project / path).read_text(encoding="utf-8")
    for name in fields:
        _set_field(project, path, name, FIELD_EDITS[path][1][name][0])
    return original


@pytest.mark.parametrize(
    ("path", "name"),
    [(path, name) for path, (_, edits) in FIELD_EDITS.items() for name in edits if edits[name][1]],
)
def test_a_field_the_analysis_reads_is_one_of_its_inputs(session, path, name):
    """Worked out by hand above; an edit of such a field runs the analysis (one of them is
    rebuilt below: the others go the same way, through a full build)."""
    project = session[0]
    before = analysis_inputs(load_project(project)[0])
    original = _edited(session, path, [name])
    try:
        assert analysis_inputs(load_project(project)[0]) != before
    finally:
        (project / path).write_text(original, encoding="utf-8")


@pytest.mark.parametrize("path", list(FIELD_EDITS))
def test_fields_only_shown_keep_the_analysis_and_build_as_a_clean_build(session, path):
    """Every field of a kind that the analysis does not read, edited at once: the rebuild on
    the last analysis is the site a clean build makes, byte for byte; a field the analysis
    did read would make the two differ."""
    builder = session[1]
    shown = [name for name, (_, analysed) in FIELD_EDITS[path][1].items() if not analysed]
    original = _edited(session, path, shown)
    try:
        rebuilt = _as_built(session, session[0] / path)
        assert rebuilt is not None and not rebuilt.analysed
        assert len(rebuilt.written) > 0  # the edit shows
    finally:
        (session[0] / path).write_text(original, encoding="utf-8")
        builder.rebuild([session[0] / path])


def test_an_edit_of_a_field_the_analysis_reads_runs_it(session):
    project, builder, _cache = session
    original = _edited(session, TOUCHPOINT, ["phase"])
    try:
        rebuilt = _as_built(session, project / TOUCHPOINT)
        assert rebuilt is not None and rebuilt.analysed
    finally:
        (project / TOUCHPOINT).write_text(original, encoding="utf-8")
        builder.rebuild([project / TOUCHPOINT])


def test_a_shown_field_edited_again_and_back_keeps_the_analysis(session):
    """Each edit replaces the documents of the report that the previous one renewed."""
    project, builder, _cache = session
    file = project / TOUCHPOINT
    original = file.read_text(encoding="utf-8")
    for title in ("Erster Titel", "Zweiter Titel"):
        assert not _as_built(session, _set_field(project, TOUCHPOINT, "title", title)).analysed
    file.write_text(original, encoding="utf-8")
    assert not _as_built(session, file).analysed


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


def test_a_linked_file_that_cannot_be_read_is_the_same_warning(session):
    """A text linking a symbolic link to nothing, or a folder: the preview's build ended with
    a traceback ('a bug in touchsite') instead of the warning a full build gives."""
    project = session[0]
    (project / "assets/ablauf-alt.png").symlink_to("ablauf-neu.png")
    (project / "assets/fotos.zip").mkdir()
    link = "\n![Ablauf](../../assets/ablauf-alt.png) [Fotos](../../assets/fotos.zip)\n"
    changed = _append(project, PAGE, link)
    rendered, written = _rebuilt_as_built(session, changed)
    assert written == ["pages/methode.html"] and rendered == 1
    found = [w.message for w in session[1].last.warnings if w.path == PAGE.as_posix()]
    assert [message.split(", ", 1)[1] for message in found] == [
        "a symbolic link to ablauf-neu.png, which does not exist",
        "which is a folder, not a file",
    ]
    _edit(project, PAGE, link, "\n")
    _rebuilt_as_built(session, changed)
    (project / "assets/ablauf-alt.png").unlink()
    (project / "assets/fotos.zip").rmdir()


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


# What a consultant may write as a title or an owner: any letters, HTML's characters, quotes,
# YAML's own (written quoted where YAML needs it), nothing at all.
SHOWN_TEXTS = st.text(
    st.one_of(st.sampled_from("<>&\"'„“:#{}%-"), st.characters(exclude_categories=("Cs", "Cc"))),
    max_size=24,
)


@settings(max_examples=12, deadline=None)
@given(
    st.sampled_from(
        [
            ("content/touchpoints/search.md", "title"),
            ("content/touchpoints/search.md", "owner"),
            ("content/recommendations/callback.md", "title"),
            ("content/recommendations/callback.md", "owner"),
            ("content/pages/summary.md", "title"),
        ]
    ),
    SHOWN_TEXTS,
)
def test_any_shown_text_in_front_matter_rebuilds_as_a_full_build(mini_session, field, text):
    project, builder = mini_session
    path, name = Path(field[0]), field[1]
    _, front, _ = (project / path).read_text(encoding="utf-8").split("---\n", 2)
    assume(yaml.safe_load(front).get(name) != text)
    _as_built((project, builder, None), _set_field(project, path, name, text))


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
    from touchsite.pipeline import check
    from touchsite.project import load_project
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


def test_edits_keep_the_comparison_with_a_revision(mini, tmp_path, monkeypatch):
    """With `compare_with`, the revision is read once while it names the same commit; an edit
    of a text or of shown front matter compares the edited project with it, as a build does
    (the changes page shows the text's difference too)."""
    from tests.test_compare import commit, history
    from touchsite import rebuild

    project = history(mini, mini)
    config = project / "touchsite.yml"
    config.write_text(config.read_text(encoding="utf-8") + "compare_with: HEAD~1\n", "utf-8")
    commit(project, "compare with the first workshop")
    reads = []
    monkeypatch.setattr(
        rebuild, "read_revision", lambda *args: reads.append(args) or read_revision(*args)
    )
    builder = Rebuilder(project, tmp_path / "preview")
    builder.rebuild()
    session = (project, builder, None)
    text = _append(project, Path("content/touchpoints/hotline.md"), "\nNeu im Text.\n")
    rebuilt = _as_built(session, text)
    assert not rebuilt.analysed and "changes.html" in rebuilt.written
    assert "Neu im Text" in (tmp_path / "preview" / "changes.html").read_text("utf-8")
    rebuilt = _as_built(
        session, _set_field(project, Path(text.relative_to(project)), "title", "Hotline <neu>")
    )
    assert not rebuilt.analysed and "changes.html" in rebuilt.written
    assert len(reads) == 1
    commit(project, "third workshop")  # HEAD~1 is another commit now
    rebuilt = _as_built(session, text)
    assert len(reads) == 2


def test_a_free_page_added_and_removed_keeps_the_analysis(session):
    """No free page is analysed: one that comes or goes is rendered (or removed) with the
    navigation of every page, on the last analysis."""
    project, builder, _cache = session
    added = project / "content" / "pages" / "glossar.md"
    added.write_text("---\ntitle: Glossar\norder: 1\n---\nNPS, CSAT, CES.\n", encoding="utf-8")
    rebuilt = _as_built(session, added)
    assert not rebuilt.analysed and "pages/glossar.html" in rebuilt.written
    added.unlink()
    rebuilt = _as_built(session, added)
    assert not rebuilt.analysed and "pages/glossar.html" in rebuilt.written
