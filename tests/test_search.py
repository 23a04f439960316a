"""The search index: Pagefind's service sent a site's pages, what it holds of the example
site's pages, and a message (not a traceback) when it cannot run."""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from html import unescape
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import REPO, tree
from touchsite import build as build_module
from touchsite.build import BuildResult, build
from touchsite.errors import UserError
from touchsite.render import site as site_module
from touchsite.render.site import Site
from touchsite.write import search
from touchsite.write import site as write_module
from touchsite.write.search import SEARCHED_PAGES, index_search, searched_parts

WHERE = Path("site") / "pagefind"  # the index's folder named in its errors
PAGE = """<!doctype html><html lang="de"><head><title>Hotline</title></head><body>
<main data-pagefind-body><h1>Hotline</h1><p>Der Rückruf kam nie.</p></main></body></html>"""


def test_the_index_is_written_beside_the_pages(tmp_path: Path):
    (tmp_path / "touchpoints").mkdir()
    (tmp_path / "touchpoints" / "hotline.html").write_text(PAGE, encoding="utf-8")
    index_search(tmp_path)
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert entry["languages"]["de"]["page_count"] == 1


def test_without_pagefind_the_build_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pagefind.service", None)  # as if not installed
    with pytest.raises(UserError, match="'pagefind' is not installed") as raised:
        index_search(tmp_path)
    assert "pip install touchsite" in raised.value.problems[0].hint


def test_a_binary_that_will_not_start_is_a_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "missing" / "pagefind"))
    with pytest.raises(UserError, match="could not be built"):
        index_search(tmp_path)


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildResult]:
    site = tmp_path_factory.mktemp("site")
    return site, build(REPO, site)


def indexed_texts(site: Path) -> dict[str, str]:
    """Each indexed page's URL and the text Pagefind holds of it: its fragment files are
    gzipped JSON behind a signature."""
    texts = {}
    for path in (site / "pagefind" / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        texts[record["url"].removeprefix("/")] = record["content"]
    return texts


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])


def test_every_page_with_a_search_body_is_indexed_and_no_other(example):
    site, _ = example
    with_body = {
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if "data-pagefind-body" in path.read_text(encoding="utf-8")
    }
    assert {"methods.html", "journeys/erstkauf.html", "pages/methode.html"} <= with_body
    assert set(indexed_texts(site)) == with_body


def test_a_touchpoint_is_found_by_its_words_names_and_comment_themes(example):
    site, result = example
    source = REPO / "content" / "touchpoints" / "altmoebel-mitnahme.md"
    facts = front_matter(source)
    config = yaml.safe_load((REPO / "touchsite.yml").read_text(encoding="utf-8"))
    phase = next(p["title"] for p in config["phases"] if p["id"] == facts["phase"])
    channel = next(c["title"] for c in config["channels"] if c["id"] == facts["channel"])
    text = indexed_texts(site)["touchpoints/altmoebel-mitnahme.html"]
    assert facts["title"] == "Altmöbelmitnahme" and facts["title"] in text
    assert "Rundum-Service" in source.read_text(encoding="utf-8") and "Rundum-Service" in text
    assert facts["owner"] in text and phase in text and channel in text
    assert facts["lanes"]["backstage"] in text  # the service blueprint's lane
    themes = result.report.touchpoint("altmoebel-mitnahme").themes
    terms = [t.term for t in themes.negative + themes.positive]
    assert terms and all(term in text for term in terms)


def test_a_touchpoint_holds_the_recommendations_shown_on_it(example):
    site, _ = example
    recommendations = REPO / "content" / "recommendations"
    rec = front_matter(recommendations / "lieferzeit-verbindlich-kommunizieren.md")
    assert "auftragsbestaetigung" in rec["touchpoints"]
    texts = indexed_texts(site)
    assert rec["title"] in texts["touchpoints/auftragsbestaetigung.html"]
    assert rec["title"] in texts["recommendations.html"]


def test_figures_tables_and_comments_of_a_touchpoint_are_not_indexed(example):
    """A KPI table's labels and figures stand on every touchpoint page: found, they would list
    every touchpoint. The comments are not searched; a theme's counts and quotes neither."""
    site, result = example
    page = (site / "touchpoints" / "altmoebel-mitnahme.html").read_text(encoding="utf-8")
    text = indexed_texts(site)["touchpoints/altmoebel-mitnahme.html"]
    shown_not_indexed = [
        "Nach Segment",  # the segment table's heading, then its column label
        '<th scope="col">Segment</th>',
        "95-%-KI",  # a KPI card's interval
        "Kennzahlen",
        "positiven Kommentaren",  # a theme's counts
        "Journey Map",  # the breadcrumb's link, on every page
    ]
    for words in shown_not_indexed:
        assert words in page, words
        assert words.removeprefix('<th scope="col">').removesuffix("</th>") not in text, words
    comments = result.report.touchpoint("altmoebel-mitnahme").comments
    assert comments and all(c.text not in text for c in comments)


def _whole_pages_index(site: Path, monkeypatch) -> dict[str, bytes]:
    """Pagefind sent the written pages themselves, as before they were cut down."""
    pages = sorted(
        (page.relative_to(site).as_posix(), page.read_bytes())
        for pattern in SEARCHED_PAGES
        for page in site.glob(pattern)
    )
    with monkeypatch.context() as patched:
        patched.setattr(search, "searched_parts", lambda html: None)
        indexing = search.Indexing(pages, WHERE)
        try:
            return indexing.files()
        finally:
            indexing.stop()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.mark.parametrize("project", [REPO, REPO / "examples" / "en"], ids=["de", "en"])
def test_the_pages_cut_down_give_the_index_of_the_whole_pages(project, tmp_path, monkeypatch):
    site = tmp_path / "site"
    build(project, site)
    whole = _whole_pages_index(site, monkeypatch)
    cut = [path for path in site.rglob("*.html") if searched_parts(path.read_bytes()) is not None]
    assert len(cut) > 20
    assert _files(site / "pagefind") == whole


def test_pages_rendered_by_the_render_workers_give_the_same_index(example, tmp_path, monkeypatch):
    """With the touchpoint pages rendered by worker processes (from the first touchpoint
    on, here), Pagefind reads the pages in the same order and makes the same index. The
    workers are found by their process ids (forked, they run the recording below too)."""
    _workers_from_the_first_page(monkeypatch)
    monkeypatch.setattr(sys.modules[__name__], "_RENDERERS", tmp_path / "renderers")
    _RENDERERS.mkdir()
    monkeypatch.setattr(site_module, "_forked_run", _recorded_run)
    site = tmp_path / "site"
    build(REPO, site)
    assert {int(path.name) for path in _RENDERERS.iterdir()} - {os.getpid()}
    assert _files(site / "pagefind") == _files(example[0] / "pagefind")


def test_pagefind_reads_the_pages_while_the_touchpoint_pages_are_rendered(
    example, tmp_path, monkeypatch
):
    """Pagefind is started once this process has rendered its own pages, before the workers'
    touchpoint pages have all come back (it reads each as it comes), not after the render:
    its reading then no longer keeps the build waiting at the end. The index is the same."""
    _workers_from_the_first_page(monkeypatch)
    events = []
    start = search.Indexing.__init__

    def recording(self, *args, **kwargs) -> None:
        events.append("pagefind started")
        start(self, *args, **kwargs)

    render = build_module.render

    def rendered(*args, **kwargs):
        files = render(*args, **kwargs)
        events.append("rendered")
        return files

    monkeypatch.setattr(search.Indexing, "__init__", recording)
    monkeypatch.setattr(build_module, "render", rendered)
    site = tmp_path / "site"
    build(REPO, site)
    assert events == ["pagefind started", "rendered"]
    assert _files(site / "pagefind") == _files(example[0] / "pagefind")


_RENDERERS = Path()  # the folder where each process running a worker's run leaves its id
_FORKED_RUN = site_module._forked_run


def _recorded_run(start: int, stop: int):
    (_RENDERERS / str(os.getpid())).touch()
    return _FORKED_RUN(start, stop)


def _workers_from_the_first_page(monkeypatch) -> None:
    """The touchpoint pages rendered by two worker processes, whatever the CPUs."""
    monkeypatch.setattr(site_module, "PARALLEL_PAGES", 1)
    monkeypatch.setattr(site_module.os, "cpu_count", lambda: 2)


def test_a_page_is_cut_down_to_its_head_and_searched_parts():
    page = (
        '<!doctype html><html lang="de"><head><title>T</title><script>var a = "<main>";</script>'
        "<style>p { color: red }</style></head><body><header>Menu</header>"
        "<section data-pagefind-body><section><h2>Innen</h2></section><p>Text</p>"
        '<script>"</section>"</script><!-- </section> --></section>'
        "<p>data-pagefind-body as a word</p>"
        '<div class="x" data-pagefind-body>Zweiter <div data-pagefind-body>Teil</div></div>'
        "<footer>Fuß</footer></body></html>"
    )
    cut = _cut(page)
    assert cut is not None
    assert cut.startswith('<!doctype html><html lang="de"><head><title>T</title></head><body>')
    assert "Menu" not in cut and "Fuß" not in cut and "as a word" not in cut
    assert "<section><h2>Innen</h2></section><p>Text</p>" in cut
    assert cut.count("Teil") == 1  # a part inside a part is taken once
    assert cut.count("data-pagefind-body") == 3


@pytest.mark.parametrize(
    "body",
    [
        "<main><p>no part marked</p></main>",
        "<main data-pagefind-body><p>left open",  # its end cannot be found
        '<main data-pagefind-body>Text</main><span data-pagefind-filter="phase">Kauf</span>',
        '<main data-pagefind-body>Text</main><meta data-pagefind-meta="image:x.png">',
    ],
    ids=["no-part", "left-open", "filter-outside", "meta-outside"],
)
def test_a_page_pagefind_must_read_whole_is_not_cut(body):
    assert _cut(f'<html lang="de"><head></head><body>{body}</body></html>') is None


def _cut(page: str) -> str | None:
    """`searched_parts` of `page` as the build sends it: encoded, and its cut decoded."""
    cut = searched_parts(page.encode("utf-8"))
    return None if cut is None else cut.decode("utf-8")


def test_only_ascii_spaces_part_a_mark_from_its_tag_name():
    """In HTML only ASCII spaces end a tag's name: `<p\u00a0data-pagefind-body>` is an element
    named so, and marks nothing. Pagefind then reads the page's whole body, and so must the
    cut page: all of its text is found, not the mistaken part alone (as it was while the cut
    was made on the decoded page, where a no-break space is a space too)."""
    page = (
        '<!doctype html><html lang="de"><head><title>T</title></head><body>'
        "<p\u00a0data-pagefind-body>Rückruf</p><p>Wartezeit am Telefon</p></body></html>"
    )
    indexing = search.Indexing([("touchpoints/hotline.html", page.encode())], WHERE)
    try:
        files = indexing.files()
    finally:
        indexing.stop()
    (fragment,) = (data for path, data in files.items() if path.startswith("fragment/"))
    data = gzip.decompress(fragment)
    assert json.loads(data[data.index(b"{") :])["content"] == "Rückruf Wartezeit am Telefon."


@given(
    st.recursive(
        st.sampled_from(["Wort", "Rückruf", "&lt;main&gt;", "", "›\u00a0", "data-pagefind-body"]),
        lambda inner: st.tuples(
            st.sampled_from(["div", "section", "p", "span"]),
            st.booleans(),
            st.lists(inner, max_size=3),
        ),
        max_leaves=12,
    )
)
def test_the_parts_taken_are_the_outermost_marked_elements(tree):
    """Against a page drawn from a tree: the parts are the marked elements not inside another
    marked one, each whole."""

    def html(node) -> str:
        if isinstance(node, str):
            return node
        tag, marked, children = node
        mark = " data-pagefind-body" if marked else ""
        return f"<{tag}{mark}>" + "".join(map(html, children)) + f"</{tag}>"

    def outermost(node) -> list[str]:
        if isinstance(node, str):
            return []
        if node[1]:
            return [html(node)]
        return [part for child in node[2] for part in outermost(child)]

    expected = outermost(tree)
    cut = _cut(f"<html><head></head><body>{html(tree)}</body></html>")
    if not expected:
        assert cut is None
    else:
        assert cut == "<html><head></head><body>\n" + "\n".join(expected) + "\n</body>\n</html>\n"


def _words(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", unescape(html)).split())


@pytest.mark.parametrize(
    "page, neighbours",
    [
        # a fact's label and value; a blueprint lane's name and its first text
        ("touchpoints/altmoebel-mitnahme.html", r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>"),
        # a recommendation's impact, effort, KPI, owner: one after the other
        ("recommendations.html", r"<span>([^<]*)</span>\s*<span>([^<]*)</span>"),
        ("journeys/erstkauf.html", r'class="lane-phase"[^>]*>([^<]*)</th>\s*<th[^>]*>([^<]*)<'),
    ],
)
def test_texts_side_by_side_on_a_page_are_separate_words_in_the_index(example, page, neighbours):
    """Pagefind joins the text of elements that touch: "Impact 4/5Effort 2/5" found neither."""
    site, _ = example
    pairs = re.findall(neighbours, (site / page).read_text(encoding="utf-8"))
    text = " ".join(indexed_texts(site)[page].split())
    assert len(pairs) >= 2
    for first, second in pairs:
        assert f"{_words(first)} {_words(second)}" in text.replace(". ", " ")


# Pagefind beside the build's end: it starts once the pages are rendered and is waited for
# before the new site is swapped in.


def _fake_pagefind(folder: Path, body: str) -> Path:
    """A stand-in for the Pagefind binary: a shell script that ignores its arguments."""
    script = folder / "fake-pagefind"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(0o755)
    return script


def _left_beside(out: Path) -> list[str]:
    return sorted(path.name for path in out.parent.iterdir() if path.name != out.name)


@pytest.fixture
def built(mini: Path, tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    """The mini project, its site built (with the real Pagefind) into an output folder of its
    own, and that site's files."""
    out = tmp_path / "out" / "site"
    build(mini, out)
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    return mini, out, tree(out)


def test_a_failing_pagefind_fails_the_build_and_leaves_the_last_site(built, monkeypatch):
    project, out, before = built
    fake = _fake_pagefind(project.parent, "echo 'no space left for the index' >&2\nexit 3")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    (project / "content" / "touchpoints" / "hotline.md").write_text(
        "---\ntitle: Hotline\nphase: after\nchannel: phone\n---\nNew text.\n", encoding="utf-8"
    )
    with pytest.raises(UserError, match="could not be built: no space left for the index"):
        build(project, out)
    assert tree(out) == before
    assert _left_beside(out) == []


# A stand-in for Pagefind's service, replying as it does (a new index, each page, the index's
# files) except where its MODE says: "refusing" each page, as Pagefind replies to a page it
# cannot read; "ends" after the message numbered LAST; "noisy" on its output before its
# replies; "no-index" for the index's files; "unnumbered" or "unnumbered-unsaid": that reply
# without its message's number, holding the message or not, as Pagefind replies to a message
# it cannot read; "escaping": the index's files with a path leading out of its folder.
_SERVICE = """
import base64, json, os, sys
mode = os.environ.get("MODE", "")
def messages():  # each as it comes, as Pagefind reads them: the build waits for replies
    message = b""
    while byte := sys.stdin.buffer.read(1):
        if byte != b",":
            message += byte
        elif message:
            yield message
            message = b""
def reply(number, payload):
    sys.stdout.buffer.write(base64.b64encode(json.dumps(
        {"message_id": number, "payload": payload}).encode()) + b",")
    sys.stdout.flush()
if mode == "noisy":
    sys.stdout.buffer.write(b"Running Pagefind v1.5 in service mode\\n")
    sys.stdout.flush()
for message in messages():
    request = json.loads(base64.b64decode(message))
    kind, number = request["payload"]["type"], request["message_id"]
    if kind == "NewIndex":
        reply(number, {"type": "NewIndex", "index_id": 0})
    elif kind == "AddFile" and mode == "refusing":
        reply(number, {"type": "Error", "message": "Failed to add file"})
    elif kind == "AddFile":
        reply(number, {"type": "IndexedFile", "page_word_count": 1, "page_url": "/"})
    elif mode == "no-index":
        reply(number, {"type": "Error", "message": "Invalid index, does not yet exist"})
    elif mode.startswith("unnumbered"):
        said = json.dumps(request) if mode == "unnumbered" else None
        reply(None, {"type": "Error", "message": "unreadable", "original_message": said})
    else:
        content = base64.b64encode(b"{}").decode()
        path = "../../escaped.js" if mode == "escaping" else "pagefind.js"
        reply(number, {"type": "GetFiles", "files": [{"path": path, "content": content}]})
    if mode == "ends" and number == int(os.environ["LAST"]):
        sys.stderr.write("pagefind: out of memory\\n")
        sys.exit(3)
    if mode == "killed" and kind == "AddFile":  # as the system ends a process short of memory
        os.kill(os.getpid(), 9)
"""


def _service(folder: Path, monkeypatch, mode: str, **environment: str) -> None:
    """Pagefind's service, for this test, is the stand-in in `mode`."""
    script = folder / "service.py"
    script.write_text(_SERVICE, encoding="utf-8")
    fake = _fake_pagefind(folder, f'exec "{sys.executable}" "{script}"')
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    monkeypatch.setenv("MODE", mode)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)


def test_pagefind_ended_by_the_system_is_named_with_the_index_the_build_writes(built, monkeypatch):
    """A Pagefind killed (the system short of memory) was 'the search index could not be
    built: pagefind ended with status -9' at 'site/pagefind', with the hint to install
    touchsite, whatever folder the build wrote to."""
    project, out, before = built
    _service(project.parent, monkeypatch, "killed")
    with pytest.raises(UserError) as raised:
        build(project, out)
    (problem,) = raised.value.problems
    assert problem.path == (out / "pagefind").as_posix()
    assert problem.message.endswith("pagefind was ended by SIGKILL")
    assert problem.hint.startswith("nothing in the project caused it")
    assert tree(out) == before


def test_a_page_pagefind_refuses_fails_the_build_with_its_path(built, monkeypatch):
    project, out, before = built
    _service(project.parent, monkeypatch, "refusing")
    with pytest.raises(
        UserError, match=r"could not be built: methods\.html: Failed to add file"
    ) as raised:
        build(project, out)
    assert "please report this" in str(raised.value)
    assert tree(out) == before
    assert _left_beside(out) == []


_PAGES = [
    (f"touchpoints/{name}.html", f"<html><body>{name}</body></html>".encode()) for name in "abc"
]


def test_the_index_is_asked_for_once_the_last_page_is_sent():
    """Pagefind makes the index while the build goes on (checks its links, writes its files),
    not only once the build asks for the index's files."""
    indexing = search.Indexing(_PAGES, WHERE)
    try:
        asked = len(_PAGES) + 2  # after the new index (1) and each page
        with indexing.answered:
            made = indexing.answered.wait_for(lambda: asked in indexing.replies, timeout=20)
        assert made
        assert indexing.replies[asked]["type"] == "GetFiles"
        assert "pagefind-entry.json" in indexing.files()
    finally:
        indexing.stop()


def test_pagefind_ends_once_it_has_sent_the_index_before_the_site_is_written():
    """Pagefind has nothing left to do once the build has the index: it ends while the
    build writes the files, not after the swap, when the build waited 20-50 ms for it."""
    searching = search.Search(WHERE)
    try:
        searching.start(iter(_PAGES))
        files = searching.finish()
        assert f"{search.SEARCH_INDEX}pagefind-entry.json" in files
        assert searching.indexing.process.wait(timeout=10) is not None
    finally:
        searching.stop()


@pytest.mark.parametrize(
    ("mode", "said"),
    [
        ("ends", "pagefind: out of memory"),
        ("noisy", "pagefind sent what is not a reply: 'Running Pagefind"),
        ("no-index", "Invalid index, does not yet exist"),
        ("unnumbered", "could not be built: unreadable"),
        ("unnumbered-unsaid", "pagefind sent what is not a reply"),
        ("escaping", "a file of the index outside its folder: '../../escaped.js'"),
    ],
)
def test_pagefind_failing_gives_its_words_and_ends(tmp_path, monkeypatch, mode, said):
    """However Pagefind fails (it ends once it has read the pages, before the index is
    asked for; writes something else on its output; cannot make the index; replies without
    the message's number; names a file outside the index's folder), the index's files are a
    UserError in its words, and neither this process nor Pagefind waits for good."""
    _service(tmp_path, monkeypatch, mode, LAST=str(len(_PAGES) + 1))
    indexing = search.Indexing(_PAGES, WHERE)
    failure: list[BaseException] = []

    def files() -> None:
        if mode == "ends":  # it has ended before the index is asked for
            indexing.sending.join()
            indexing.process.wait()
        try:
            indexing.files()
        except BaseException as error:
            failure.append(error)
        finally:
            indexing.stop()

    asking = threading.Thread(target=files, daemon=True)
    asking.start()
    asking.join(timeout=60)
    assert not asking.is_alive(), "the build waits for good"
    assert len(failure) == 1 and isinstance(failure[0], UserError), failure
    assert said in str(failure[0])
    assert indexing.process.poll() is not None


def test_a_pagefind_started_by_a_wrapper_builds_the_index_and_ends(built, monkeypatch):
    """A PAGEFIND_BINARY_PATH that is a script running Pagefind (not in its place, with
    `exec`) gives the same index, and the Pagefind it started ends with the build."""
    project, out, before = built
    real = search._pagefind(WHERE)
    mark = f"TOUCHSITE_TEST_WRAPPED={project.parent}"
    wrapper = _fake_pagefind(project.parent, f'{mark} "{real}" "$@"')
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(wrapper))
    build(project, out)
    assert tree(out) == before
    deadline = time.monotonic() + 10
    while _marked(mark) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _marked(mark)


def _marked(mark: str) -> list[int]:
    """The processes whose environment holds `mark`."""
    found = []
    for process in Path("/proc").iterdir():
        try:
            if mark.encode() in (process / "environ").read_bytes().split(b"\0"):
                found.append(int(process.name))
        except (OSError, ValueError):
            continue
    return found


def test_an_unchanged_index_is_the_old_sites_files(built):
    """Rebuilt from the same project, the index's files are those of the site before, linked
    into the new one: neither Pagefind nor the build writes them again."""
    project, out, before = built
    index = sorted((out / "pagefind").rglob("*.pf_*"))
    inodes = {path: path.stat().st_ino for path in index}
    build(project, out)
    assert tree(out) == before
    assert len(index) > 5
    assert {path: path.stat().st_ino for path in index} == inodes


def test_the_preview_index_changes_only_the_files_that_changed(built, tmp_path):
    """The preview indexes its own written site again: unchanged files stay as they are (a
    browser keeps them cached), files the index no longer has are removed."""
    _, out, before = built
    site = tmp_path / "written"
    shutil.copytree(out, site)
    (site / "pagefind" / "fragment" / "de_gone.pf_fragment").write_bytes(b"old")
    entry = site / "pagefind" / "pagefind-entry.json"
    changed_at = entry.stat().st_mtime_ns
    index_search(site)
    assert tree(site) == before
    assert entry.stat().st_mtime_ns == changed_at


def _broken_link(project: Path) -> None:
    page = project / "content" / "touchpoints" / "hotline.md"
    # found by the link check of the rendered site, not in the content
    page.write_text(page.read_text(encoding="utf-8") + "\nSee [search](search.md#nowhere).\n")


def _failing_write(monkeypatch) -> None:
    """The site's front page cannot be written, nor linked from the old site where it is the
    same."""
    written = write_module._write_or_link

    def full_disk(target: str, content: bytes, old: str | None) -> None:
        if os.path.basename(target) == "index.html":
            raise OSError(28, "No space left on device")
        written(target, content, old)

    monkeypatch.setattr(write_module, "_write_or_link", full_disk)


@pytest.mark.parametrize("failure", ["links", "writing"])
def test_a_build_failing_while_pagefind_runs_ends_it(built, monkeypatch, failure):
    """Pagefind (a `sleep` here) was still running when the build failed: it was killed and
    reaped, and its folder removed with the new site's."""
    project, out, before = built
    fake = _fake_pagefind(project.parent, "exec sleep 600")
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))
    processes = []
    start = search.Indexing.__init__

    def recording(self, *args, **kwargs) -> None:
        start(self, *args, **kwargs)
        processes.append(self.process)

    monkeypatch.setattr(search.Indexing, "__init__", recording)
    if failure == "links":
        _broken_link(project)
        expected: tuple[type[Exception], str] = (UserError, "has no element with id 'nowhere'")
    else:
        _failing_write(monkeypatch)
        # told as the user's problem, the previous site unchanged (see test_cli)
        expected = (UserError, "the site could not be written: No space left on device")
    with pytest.raises(expected[0], match=expected[1]):
        build(project, out, strict=True)
    assert [process.returncode for process in processes] == [-signal.SIGKILL]
    assert tree(out) == before
    assert _left_beside(out) == []


@pytest.mark.parametrize(
    "page", ["kpis.html", "touchpoints/hotline.html"], ids=["kpis", "touchpoint"]
)
@pytest.mark.parametrize("workers", [False, True], ids=["alone", "workers"])
def test_a_build_failing_in_the_render_leaves_nothing_behind(built, monkeypatch, workers, page):
    """A page failing while or after the touchpoint pages are rendered (by the worker
    processes too) leaves the last site and no folder beside it. The last touchpoint page
    fails after Pagefind has started reading the pages: Pagefind is ended too."""
    project, out, before = built
    if workers:
        _workers_from_the_first_page(monkeypatch)
    render = Site.render

    def failing(self, template: str, output: str, *args, **kwargs) -> None:
        if output == page:
            raise RuntimeError(f"a bug in {page}")
        render(self, template, output, *args, **kwargs)

    processes = []
    start = search.Indexing.__init__

    def recording(self, *args, **kwargs) -> None:
        start(self, *args, **kwargs)
        processes.append(self.process)

    monkeypatch.setattr(Site, "render", failing)
    monkeypatch.setattr(search.Indexing, "__init__", recording)
    with pytest.raises(RuntimeError, match=f"a bug in {page}"):
        build(project, out)
    assert all(process.returncode is not None for process in processes)
    assert tree(out) == before
    assert _left_beside(out) == []


def test_a_failed_build_leaves_no_folder_it_made_for_its_site(mini, tmp_path):
    """The folders of an output path that did not exist are not left by a build that
    fails."""
    _broken_link(mini)
    out = tmp_path / "new" / "folder" / "site"
    with pytest.raises(UserError, match="has no element with id 'nowhere'"):
        build(mini, out, strict=True)
    assert not (tmp_path / "new").exists()


def _alive(pid: int) -> bool:
    """Whether `pid` runs (a zombie, dead but not yet reaped by its new parent, does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.parametrize(
    "signum, group",
    [(signal.SIGTERM, False), (signal.SIGINT, True)],
    ids=["kill", "ctrl-c"],
)
def test_a_build_stopped_while_pagefind_runs_leaves_nothing_behind(built, signum, group):
    """`kill` signals the build alone; Ctrl-C in a terminal signals its whole process group,
    Pagefind included. Either way the build unwinds: no Pagefind, no temporary folder."""
    project, out, before = built
    marker = project.parent / "pagefind-pid"
    fake = _fake_pagefind(project.parent, f"echo $$ > {marker}\nexec sleep 600")
    child = subprocess.Popen(
        [sys.executable, "-m", "touchsite", "build", str(project), "-o", str(out)],
        env={**os.environ, "PAGEFIND_BINARY_PATH": str(fake), "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not (marker.is_file() and marker.read_text().strip()):
            assert child.poll() is None, "the build ended before Pagefind started"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        pagefind = int(marker.read_text())
        if group:
            os.killpg(child.pid, signum)
        else:
            child.send_signal(signum)
        status = child.wait(timeout=60)
    finally:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
    assert status == (128 + signum if signum == signal.SIGTERM else 1)
    deadline = time.monotonic() + 10
    while _alive(pagefind) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pagefind)
    assert tree(out) == before
    assert _left_beside(out) == []


def test_the_index_made_beside_the_build_is_the_index_of_the_written_site(built, tmp_path):
    """The build's index (Pagefind started on the rendered pages, while the site was being
    written) against Pagefind run afterwards on the written site, as the preview does."""
    _, out, before = built
    written = tmp_path / "written"
    shutil.copytree(out, written, ignore=shutil.ignore_patterns("pagefind"))
    index_search(written)
    assert _files(written / "pagefind") == _files(out / "pagefind")
    assert len(_files(out / "pagefind")) > 5


@given(
    st.lists(
        st.lists(
            st.sampled_from(["touchpoints", "pages", "journeys", "methods.html", "a.html"])
            | st.text("ab.-[]*?", min_size=1, max_size=6).map(lambda name: name + ".html"),
            min_size=1,
            max_size=3,
        ),
        max_size=8,
    )
)
def test_the_searched_pages_are_those_the_globs_find(paths):
    """`is_searched`, which picks the searched pages among the rendered files, against
    `Path.glob` on the same files written out (what the preview's index reads)."""
    files = {"/".join(parts) for parts in paths}
    with tempfile.TemporaryDirectory() as folder:
        site = Path(folder)
        written = set()
        for path in sorted(files, key=len):
            target = site / path
            if any(p.is_file() for p in [target, *target.parents]) or target.is_dir():
                continue  # a name that is a file and a folder at once: never a site's
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(b"")
            written.add(path)
        globbed = {
            page.relative_to(site).as_posix()
            for pattern in SEARCHED_PAGES
            for page in site.glob(pattern)
            if page.is_file()
        }
    assert {path for path in written if search.is_searched(path)} == globbed
