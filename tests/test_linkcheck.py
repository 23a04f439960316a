"""The link check over a built site held in memory."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from touchsite.render import linkcheck
from touchsite.render.linkcheck import check_links, element_ids
from touchsite.render.references import WebFile


def page(body: str) -> bytes:
    return f"<!doctype html><html><body>{body}</body></html>".encode()


def test_resolving_links_pass(tmp_path: Path):
    files = {
        "index.html": page('<a href="touchpoints/a.html#x">a</a><a href="#top" id="top">t</a>'),
        "touchpoints/a.html": page(
            '<h2 id="x">x</h2><a href="../index.html">back</a>'
            '<script src="../assets/app.js"></script>'
            '<a href="https://example.org/">elsewhere</a>'
        ),
        "assets/app.js": b"",
    }
    assert check_links(files, tmp_path) == []


def test_an_address_repeated_in_a_folder_is_checked_once(tmp_path: Path, monkeypatch):
    """Every touchpoint page links the same assets, pages and touchpoints: checked once for
    their folder. A link within its own page (`#id`, `?q#id`, ` #id`) is checked on each."""
    checked = []
    broken = linkcheck._broken

    def counted(page, loads, target, files, pages):
        checked.append((page, target))
        return broken(page, loads, target, files, pages)

    monkeypatch.setattr(linkcheck, "_broken", counted)
    links = '<a href="../index.html">i</a><a href="b.html#x">b</a>'
    own = '<a href="#x">x</a><a href="?q#x">q</a><a href=" #x">s</a>'
    files = {
        "index.html": page('<a href="index.html">i</a><a href="touchpoints/b.html#x">b</a>'),
        **{f"touchpoints/{n}.html": page(links + own) for n in "ac"},
        "touchpoints/b.html": page(links + own + '<h2 id="x">x</h2>'),
    }
    problems = check_links(files, tmp_path)
    assert len(checked) == 2 + 2 + 3 * 3  # index.html's, the folder's, each page's own
    assert sorted((p.path, p.message) for p in problems) == [
        (
            f"site/touchpoints/{n}.html",
            f"link '{target}': 'touchpoints/{n}.html' has no element with id 'x'",
        )
        for n in "ac"
        for target in (" #x", "#x", "?q#x")
    ]


def test_broken_links_missing_assets_fragments_and_foreign_loads(tmp_path: Path):
    files = {
        "index.html": page(
            '<a href="touchpoints/b.html">b</a>\n<a href="kpis.html#nope">k</a>\n'
            '<img src="https://cdn.example.org/logo.png">\n<a href="/abs.html">abs</a>'
        ),
        "kpis.html": page("<p>no ids</p>"),
    }
    problems = check_links(files, tmp_path)
    assert [p.level for p in problems if "another host" in p.message] == ["error"]
    messages = sorted((p.path, p.line, p.message) for p in problems)
    assert messages == [
        (
            "site/index.html",
            1,
            "link 'touchpoints/b.html' points at 'touchpoints/b.html',"
            " which the site does not have",
        ),
        ("site/index.html", 2, "link 'kpis.html#nope': 'kpis.html' has no element with id 'nope'"),
        (
            "site/index.html",
            3,
            "'https://cdn.example.org/logo.png' loads from another host;"
            " the site must be self-contained",
        ),
        (
            "site/index.html",
            4,
            "'/abs.html' is an absolute path; it breaks under a sub-path and from disk",
        ),
    ]


def test_a_broken_link_is_traced_to_its_content_file(tmp_path: Path):
    (tmp_path / "content" / "pages").mkdir(parents=True)
    (tmp_path / "content/pages/method.md").write_text(
        "---\ntitle: M\n---\nSee [it](missing.html).\n"
    )
    files = {"pages/method.html": page('<a href="missing.html">it</a>')}
    [problem] = check_links(files, tmp_path)
    assert (problem.path, problem.line, problem.column) == ("content/pages/method.md", 4, 10)


def test_element_ids_are_the_values_of_id_attributes_after_whitespace():
    html = '<p id="a">x</p><div\nid="b c"></div><span data-id="no"></span>xid="no" id=""'
    assert element_ids(html) == ["a", "b c", ""]


def test_an_id_attribute_without_its_closing_quote_is_no_id():
    assert element_ids('<p id="a"></p><p id="b>') == ["a"]


# The characters that make up, break or hide an id attribute, and a few others
ID_TEXT = st.text(alphabet=' \n\t\u2003\u00a0id="x&;<>-', max_size=60)


@given(ID_TEXT)
def test_element_ids_find_what_the_pattern_finds(html):
    assert element_ids(html) == re.findall(r'\sid="([^"]*)"', html)


def test_a_link_is_located_past_markdown_files_the_build_never_reads(tmp_path: Path):
    (tmp_path / "content/archiv/old.md").mkdir(parents=True)  # a folder named like a file
    (tmp_path / "content/archiv/alt.md").write_bytes(
        "Gr\xfc\xdfe [x](fehlt.pdf)\n".encode("cp1252")
    )
    (tmp_path / "content/touchpoints").mkdir()
    (tmp_path / "content/touchpoints/probe.md").write_bytes(
        b"\xef\xbb\xbf---\ntitle: Probe\n---\nSiehe [x](fehlt.pdf)\n"
    )
    files = {"touchpoints/probe.html": page('<a href="fehlt.pdf">x</a>')}
    [problem] = check_links(files, tmp_path)
    assert (problem.path, problem.line, problem.column) == ("content/touchpoints/probe.md", 4, 11)


def test_a_path_on_the_author_s_computer_is_an_error_at_its_markdown_line(tmp_path: Path):
    (tmp_path / "content/touchpoints").mkdir(parents=True)
    (tmp_path / "content/touchpoints/probe.md").write_text(
        "---\ntitle: Probe\n---\n![Foto](C:\\Users\\max\\kasse.png)\n[x](C:/x.md) [s](\\\\srv\\a)\n"
    )
    files = {
        "touchpoints/probe.html": page(
            '<img src="C:%5CUsers%5Cmax%5Ckasse.png"><a href="C:/x.md">x</a>'
            '<a href="%5Csrv%5Ca">s</a>'
        )
    }
    problems = check_links(files, tmp_path)
    assert [(p.path, p.line, p.level) for p in problems] == [
        ("content/touchpoints/probe.md", 4, "error"),
        ("content/touchpoints/probe.md", 5, "error"),
        ("content/touchpoints/probe.md", 5, "error"),
    ]
    assert "'C:\\Users\\max\\kasse.png' is a path on someone's computer" in problems[0].message
    assert all("assets/" in p.hint for p in problems)


LINKED = Path(__file__).parent / "fixtures" / "linked"


def _published(*names: str) -> tuple[dict[str, bytes], dict[str, str]]:
    """A site that publishes the linked fixtures `names` (as a build copies a file a text
    links: under assets/, renamed), and which file each copy is of."""
    files = {"index.html": page("")}
    published = {}
    for name in names:
        stem, suffix = name.rsplit(".", 1)
        copy = f"assets/{stem}.0123456789.{suffix}"
        files[copy] = (LINKED / name).read_bytes()
        published[copy] = f"assets/{name}"
    return files, published


def test_a_linked_page_that_loads_from_another_host_is_an_error_at_its_line(tmp_path: Path):
    """A plotly chart saved with include_plotlyjs='cdn', a draw.io drawing with a web font:
    published as they were, unchecked, they loaded from other hosts."""
    files, published = _published("plotly-cdn.html", "drawio-fonts.svg", "plotly-inline.html")
    problems = check_links(files, tmp_path, published=published)
    assert [(p.path, p.line, p.column, p.level) for p in problems] == [
        ("assets/drawio-fonts.svg", 4, 344, "error"),
        ("assets/drawio-fonts.svg", 4, 1285, "error"),
        ("assets/plotly-cdn.html", 9, 38, "error"),
    ]
    assert problems[2].message == (
        "'https://cdn.plot.ly/plotly-4.1.1.min.js' loads from another host; "
        "the site must be self-contained"
    )
    assert "include_plotlyjs=True" in problems[2].hint
    assert "link the original at its web address" in problems[2].hint
    # as a page of the site's own says it
    own = check_links(
        {"index.html": page('<script src="https://cdn.plot.ly/p.js"></script>')}, tmp_path
    )
    assert [p.message.split("; ")[1] for p in own] == [problems[2].message.split("; ")[1]]


def test_what_a_linked_file_loads_from_beside_it_is_not_published(tmp_path: Path):
    files, published = _published("plotly-directory.html", "inkscape-linked.svg")
    problems = check_links(files, tmp_path, published=published)
    assert [(p.path, p.line, p.column, p.level, p.message) for p in problems] == [
        (
            "assets/inkscape-linked.svg",
            41,
            20,
            "warning",
            "'Fotos/kasse.jpg' is not published with assets/inkscape-linked.svg: the site "
            "publishes a file a text links alone, under a name of its own",
        ),
        (
            "assets/plotly-directory.html",
            9,
            38,
            "warning",
            "'plotly.min.js' is not published with assets/plotly-directory.html: the site "
            "publishes a file a text links alone, under a name of its own",
        ),
    ]
    assert all(p.hint.startswith("save the file with what it loads inside it") for p in problems)


def test_a_drawing_that_runs_a_script_is_a_warning(tmp_path: Path):
    """An SVG opened from a link, or as an image in a tab of its own, runs its scripts on the
    site's address; a page a text links (an interactive chart) is expected to."""
    files, published = _published("interactive.svg", "plotly-inline.html")
    problems = check_links(files, tmp_path, published=published)
    assert [(p.path, p.line, p.column, p.level) for p in problems] == [
        ("assets/interactive.svg", 2, 96, "warning"),
        ("assets/interactive.svg", 3, 3, "warning"),
    ]
    assert problems[0].message.startswith("the drawing runs a script (onload)")


def test_a_linked_file_read_by_the_last_check_is_not_read_again(tmp_path: Path, monkeypatch):
    """A preview checks the links after every edit: a large chart is read once."""
    files, published = _published("drawio-fonts.svg")
    read: dict[bytes, object] = {}
    first = check_links(files, tmp_path, pages_read=read, published=published)

    def read_again(*_args):
        raise AssertionError("read again")

    monkeypatch.setattr(WebFile, "__init__", read_again)
    assert check_links(files, tmp_path, pages_read=read, published=published) == first


def test_a_linked_page_that_loads_nothing_from_elsewhere_passes(tmp_path: Path):
    files = {
        "index.html": page(""),
        "assets/umfrage.0123456789.html": page(
            '<iframe src="about:blank"></iframe><img src="data:image/png;base64,iVBO">'
            '<a href="#frage-3">3</a><a href="../index.html">Bericht</a>'
            '<a href="https://example.org/">Quelle</a><svg><use href="#pfeil"/></svg>'
        ),
    }
    published = {"assets/umfrage.0123456789.html": "assets/umfrage.html"}
    assert check_links(files, tmp_path, published=published) == []


def test_a_text_shown_on_several_pages_has_its_broken_link_said_once(tmp_path: Path):
    """A recommendation shows on its page, on each of its touchpoints' pages and in the
    printable report: its missing image was the same warning, at the same line, three times."""
    (tmp_path / "content/recommendations").mkdir(parents=True)
    (tmp_path / "content/recommendations/rueckruf.md").write_text(
        "---\ntitle: Rückruf\n---\n![Ablauf](../../assets/ablauf.png)\n", encoding="utf-8"
    )
    files = {
        "recommendations.html": page('<img src="../../assets/ablauf.png">'),
        "report.html": page('<img src="../../assets/ablauf.png">'),
        "touchpoints/hotline.html": page('<img src="../../assets/ablauf.png">'),
    }
    [problem] = check_links(files, tmp_path)
    assert (problem.path, problem.line, problem.column) == (
        "content/recommendations/rueckruf.md",
        4,
        11,
    )
