"""Markdown bodies rendered for the page they appear on, with links to content files resolved."""

from __future__ import annotations

import hashlib
from pathlib import Path

from hypothesis import example, given, settings
from hypothesis import strategies as st

import touchsite.build
import touchsite.render.markdown
from tests.conftest import forks
from touchsite import beside
from touchsite.build import build
from touchsite.models.markdown import (
    MARKDOWN,
    could_link_a_file,
    could_show,
    kept_with_number,
    linked_file,
    shown_files,
)
from touchsite.pipeline import check
from touchsite.render.markdown import rendered_ahead
from touchsite.render.site import Site


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def test_a_link_goes_to_the_page_of_the_documents_id_not_its_file_name(mini: Path):
    (mini / "content/pages/old-name.md").write_text(
        "---\nid: method\ntitle: Method\n---\nHow we asked.\n", encoding="utf-8"
    )
    _append(mini / "content/pages/summary.md", "\nSee [the method](old-name.md#asked).\n")
    result = build(mini, write=False)
    summary = result.files["pages/summary.html"].decode()
    assert '<a href="../pages/method.html#asked">the method</a>' in summary
    assert "pages/method.html" in result.files
    assert not [w for w in result.warnings if "old-name" in w.message]


def test_a_percent_sign_stays_on_the_line_of_its_number(mini: Path):
    """Consultant prose "mindestens 65 % bis Ende 2027", a plain space before the sign (as
    German writes it), could break between "65" and "%" in a narrow column: the German
    example site had 26 such places. Now the space is the no-break space the site's own
    percentages have; a space elsewhere, or in code, stays as written."""
    _append(
        mini / "content/pages/summary.md",
        "\nZiel: mindestens 65 % bis Ende 2027, *über 90 %*, 12,5 \\% und `5 %` als Code.\n",
    )
    summary = build(mini, write=False).files["pages/summary.html"].decode()
    assert "mindestens 65\u00a0% bis Ende 2027, <em>über 90\u00a0%</em>, 12,5\u00a0% und" in summary
    assert "<code>5 %</code>" in summary


@given(number=st.integers(0, 10**6), words=st.text(alphabet="abc %\n", max_size=20))
def test_no_plain_space_is_left_between_a_number_and_its_percent_sign(number, words):
    text = f"{words} {number} % {words}"
    kept = kept_with_number(text)
    assert f"{number}\u00a0%" in kept
    assert all(not (c.isdigit() and kept[i + 1 : i + 3] == " %") for i, c in enumerate(kept))
    assert kept.replace("\u00a0", " ") == text.replace("\u00a0", " ")


def test_only_links_to_content_files_change(mini: Path):
    _append(
        mini / "content/touchpoints/search.md",
        "\n[web](https://example.org/a.md) · [hotline](hotline.md) · `../touchpoints/hotline.md`\n",
    )
    page = build(mini, write=False).files["touchpoints/search.html"].decode()
    assert '<a href="https://example.org/a.md">web</a>' in page
    assert '<a href="../touchpoints/hotline.html">hotline</a>' in page
    assert "<code>../touchpoints/hotline.md</code>" in page


def test_a_recommendation_links_from_every_page_it_appears_on(mini: Path):
    _append(
        mini / "content/recommendations/callback.md", "\nSee [search](../touchpoints/search.md).\n"
    )
    files = build(mini, write=False).files
    assert 'href="touchpoints/search.html"' in files["recommendations.html"].decode()
    assert 'href="../touchpoints/search.html"' in files["touchpoints/hotline.html"].decode()


# Texts with links written every way Markdown has, to addresses whose characters are written
# plainly, escaped or as entities, among what else a text holds
NOISE = (
    "[", "]", "(", ")", "<", ">", ":", ".", "m", "d", "#", "/", "\\", "&", ";", "x", " ", "\n",
    "\n\n", "`", "*", "!", "\t", '"', "|", "-", "^", "{", "}", "é", "> ", "- ", "    ", "[^1]",
    "\r\n",
)  # fmt: skip
ADDRESS_PARTS = (
    "a", ".md", ".", "m", "d", "M", "D", "&#46;", "&#x2E;", "&period;", "&#109;", "&#100;",
    "&amp;", "&#46;md", ".&#109;d", "&period;m&#100;", "\\.md", "\\m", "%2E", "#f", "/", "../",
    ":", "//", " ", "é", "<", ">",
)  # fmt: skip
noise = st.lists(st.sampled_from(NOISE), max_size=12).map("".join)
addresses = st.lists(st.sampled_from(ADDRESS_PARTS), max_size=6).map("".join)


def links_to(addresses: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """Links and images written every way Markdown has, to the addresses given."""
    return st.one_of(
        st.builds("[t]({})".format, addresses),
        st.builds("[t](<{}>)".format, addresses),
        st.builds("[t]({} 'title')".format, addresses),
        st.builds("[t]\n\n[t]: {}".format, addresses),
        st.builds("[t][r]\n\n[r]:\n  {}".format, addresses),
        st.builds("<{}>".format, addresses),
        st.builds("![i]({})".format, addresses),
        st.builds("![i](<{}> 'title')".format, addresses),
    )


markdown_texts = st.lists(st.one_of(noise, links_to(addresses)), max_size=4).map("".join)


@settings(max_examples=500)
@given(markdown_texts)
@example("[a](b&#46;md)")
@example("[a](b\\.md)")
@example("[a]\n\n[a]: b.md")
def test_a_text_that_could_link_no_file_links_none(text: str):
    # every link markdown-it reads, parsed anew here (not through the shared cache)
    hrefs = [
        str(token.attrs.get("href", ""))
        for block in MARKDOWN.parse(text)
        for token in block.children or ()
        if token.type == "link_open"
    ]
    if any(linked_file(href) is not None for href in hrefs):
        assert could_link_a_file(text)


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:10]


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(40))
PDF = b"%PDF-1.4\n%%EOF\n"


def test_images_and_files_a_body_shows_are_published_beside_its_page(mini: Path):
    (mini / "assets/docs").mkdir(parents=True)
    (mini / "assets/Plan Übersicht.PNG").write_bytes(PNG)
    (mini / "assets/docs/handbuch.pdf").write_bytes(PDF)
    (mini / "content/touchpoints/screen.svg").write_bytes(b"<svg/>")
    (mini / "assets/notizen.txt").write_bytes(b"internal notes")  # linked by no body
    _append(
        mini / "content/touchpoints/search.md",
        "\n![Der Plan](<../../assets/Plan Übersicht.PNG>)\n\n"
        '[Handbuch](../../assets/docs/handbuch.pdf "PDF") · ![Maske](screen.svg)\n\n'
        "`![Notizen](../../assets/notizen.txt)`\n",
    )
    result = build(mini, write=False)
    plan = f"assets/plan-uebersicht.{_digest(PNG)}.png"
    manual = f"assets/handbuch.{_digest(PDF)}.pdf"
    screen = f"assets/screen.{_digest(b'<svg/>')}.svg"
    page = result.files["touchpoints/search.html"].decode()
    assert f'<img src="../{plan}" alt="Der Plan" />' in page
    assert f'<a href="../{manual}" title="PDF">Handbuch</a>' in page
    assert f'<img src="../{screen}" alt="Maske" />' in page
    assert (result.files[plan], result.files[manual]) == (PNG, PDF)
    assert result.published == {plan, manual, screen}
    assert b"internal notes" not in result.files.values()
    assert not result.warnings


def test_a_link_to_a_place_in_a_published_file_keeps_its_place(mini: Path):
    """A manual's page (`#page=12`, as PDF viewers read it) or an SVG's view: the link to
    the published copy lost it, and opened the file at its start."""
    (mini / "assets").mkdir()
    (mini / "assets/handbuch.pdf").write_bytes(PDF)
    (mini / "assets/plan.svg").write_bytes(b"<svg/>")
    _append(
        mini / "content/touchpoints/search.md",
        "\n[Handbuch, S. 12](../../assets/handbuch.pdf#page=12) "
        "![Plan](../../assets/plan.svg#svgView(viewBox(0,0,10,10)))\n",
    )
    result = build(mini, write=False)
    page = result.files["touchpoints/search.html"].decode()
    manual = f"assets/handbuch.{_digest(PDF)}.pdf"
    plan = f"assets/plan.{_digest(b'<svg/>')}.svg"
    assert f'<a href="../{manual}#page=12">Handbuch, S. 12</a>' in page
    assert f'<img src="../{plan}#svgView(viewBox(0,0,10,10))" alt="Plan" />' in page
    assert not result.warnings


def test_a_file_is_published_once_for_every_page_that_shows_it(mini: Path):
    (mini / "assets").mkdir()
    (mini / "assets/plan.png").write_bytes(PNG)
    _append(mini / "content/recommendations/callback.md", "\n![Plan](../../assets/plan.png)\n")
    files = build(mini, write=False).files
    plan = f"assets/plan.{_digest(PNG)}.png"
    assert f'src="{plan}"' in files["recommendations.html"].decode()
    assert f'src="../{plan}"' in files["touchpoints/hotline.html"].decode()
    assert [path for path, content in files.items() if content == PNG] == [plan]


def test_a_link_to_a_file_the_site_does_not_publish_says_why(mini: Path):
    (mini / "assets").mkdir()
    (mini / "assets/.env").write_text("TOKEN=secret", encoding="utf-8")
    (mini / "notes").mkdir()
    (mini / "notes/plan.pdf").write_bytes(PDF)
    _append(
        mini / "content/touchpoints/search.md",
        "\n[Rohdaten](../../data/feedback.csv)\n\n![Fehlt](../../assets/fehlt.png)\n\n"
        "[Notizen](../../notes/plan.pdf) [Geheim](../../assets/.env)\n",
    )
    result = build(mini, write=False)
    found = {(w.path, w.line, w.column): w.message for w in result.warnings}
    where = "content/touchpoints/search.md"
    assert "is in data/ (data/feedback.csv), which the site never publishes" in found[where, 11, 12]
    assert found[where, 13, 10] == (
        "'../../assets/fehlt.png' leads to assets/fehlt.png, which the project does not have"
    )
    assert "is notes/plan.pdf, outside the folders" in found[where, 15, 11]
    assert "is assets/.env, outside the folders" in found[where, 15, 42]
    data = (mini / "data/feedback.csv").read_bytes()
    assert data not in result.files.values() and PDF not in result.files.values()
    assert not result.published


def test_a_file_under_assets_that_links_to_data_is_not_published(mini: Path):
    """A symbolic link under assets/ to an export in data/ (made to link it from a text):
    the export, with customers' answers as they came, was published under the link's name,
    without a word."""
    (mini / "assets").mkdir()
    (mini / "assets/export.csv").symlink_to(Path("../data/feedback.csv"))
    (mini / "assets/plan.png").write_bytes(PNG)
    (mini / "assets/same-plan.png").symlink_to(Path("plan.png"))  # a link inside assets/
    _append(
        mini / "content/touchpoints/search.md",
        "\n[Rohdaten](../../assets/export.csv) ![Plan](../../assets/same-plan.png)\n",
    )
    result = build(mini, write=False)
    data = (mini / "data/feedback.csv").read_bytes()
    assert data not in result.files.values()
    assert result.published == {f"assets/same-plan.{_digest(PNG)}.png"}
    (warning,) = result.warnings
    assert (warning.path, warning.line, warning.column) == ("content/touchpoints/search.md", 11, 12)
    assert warning.message == (
        "'../../assets/export.csv' leads to data/feedback.csv, which the site never publishes: "
        "data files hold the answers as they came, with customers' personal data"
    )


def test_a_data_file_kept_outside_data_is_not_published_when_linked(mini: Path):
    """touchsite.yml may read an export from any folder of the project: one kept under
    assets/ and linked from a text ("the raw data") was published, customers' answers and
    all, as any file under assets/."""
    (mini / "assets").mkdir()
    (mini / "data/feedback.csv").rename(mini / "assets/feedback.csv")
    config = mini / "touchsite.yml"
    written = config.read_text(encoding="utf-8")
    config.write_text(written.replace("data/feedback.csv", "assets/feedback.csv"), "utf-8")
    _append(mini / "content/touchpoints/search.md", "\n[Rohdaten](../../assets/feedback.csv)\n")
    result = build(mini, write=False)
    assert (mini / "assets/feedback.csv").read_bytes() not in result.files.values()
    assert not result.published
    (warning,) = result.warnings
    assert (warning.path, warning.line, warning.column) == ("content/touchpoints/search.md", 11, 12)
    assert warning.message.startswith(
        "'../../assets/feedback.csv' is assets/feedback.csv, a data file touchsite.yml reads, "
        "which the site never publishes"
    )


def test_a_path_with_backslashes_is_named_at_its_markdown_line(mini: Path):
    """A path as Windows writes it: Markdown reads '\\.' as an escaped '.', so the address
    ('....\\assets\\plan.png') is not the text written, and the warning named a line of the
    built page instead of the Markdown's, with an address nobody wrote."""
    (mini / "assets").mkdir()
    (mini / "assets/plan.png").write_bytes(PNG)
    _append(mini / "content/touchpoints/search.md", "\nSiehe ![Plan](..\\..\\assets\\plan.png).\n")
    (warning,) = build(mini, write=False).warnings
    assert (warning.path, warning.line, warning.column) == ("content/touchpoints/search.md", 11, 15)
    assert warning.message.startswith("'..\\..\\assets\\plan.png' parts its folders by '\\'")
    assert "write '/' between the folders" in warning.hint


# The name of a file under assets/, written every way an address may spell it
NAME_PARTS = (
    "p", "lan", ".png", ".", "png", "&#46;", "&#x70;", "&period;", "\\.", "%2E", "%70", "%20",
    " ", "é", "../", "../../assets/", "assets/", "/", "#x", "?v=1", "<", ">", ")", "(",
)  # fmt: skip
named_addresses = st.lists(st.sampled_from(NAME_PARTS), max_size=8).map("".join)
texts_with_files = st.lists(st.one_of(noise, links_to(named_addresses)), max_size=4).map("".join)


@settings(max_examples=500)
@given(texts_with_files)
@example("![i](../../assets/plan&#46;png)")
@example("![i](../../assets/pl%61n.png)")
@example("![i](<../../assets/p\\lan.png>)")
def test_a_text_that_could_show_no_file_shows_none(text: str):
    names = {"plan.png", "p lan.png"}
    # every image and link markdown-it reads, parsed anew here (not through the shared cache)
    shown = shown_files("content/touchpoints/a.md", tuple(MARKDOWN.parse(text)))
    if any(path.rpartition("/")[2] in names for _token, _attribute, path in shown):
        assert could_show(text, names)


def _pages(mini: Path, bodies: dict[str, str]) -> None:
    for name, body in bodies.items():
        (mini / f"content/pages/{name}.md").write_text(
            f"---\ntitle: {name}\n---\n{body}", encoding="utf-8"
        )


def test_a_body_that_reads_alike_on_every_page_is_made_ahead_and_shown_as_made(
    mini: Path, monkeypatch
):
    """The bodies' HTML made beside the data stage (`rendered_ahead`) is shown as it was made,
    not parsed again by the render; a body with a figure (which needs the analysis) or a link
    to another document (whose address depends on the page) is not made ahead; one linking
    a file of the project names it, and is made anew where that file is published."""
    (mini / "assets").mkdir()
    (mini / "assets/plan.pdf").write_bytes(b"%PDF-1.4 plan")
    _pages(
        mini,
        {
            "plain": "Hallo **Welt**, [Web](https://example.org).\n",
            "figured": 'Der NPS: {{ nps("hotline") }}.\n',
            "linking": "Siehe [Zusammenfassung](summary.md).\n",
            "filed": "Der [Plan](../../assets/plan.pdf).\n",
        },
    )
    report = check(mini)
    ahead = rendered_ahead(report.project)
    assert ahead["content/pages/plain.md"] == (
        "Hallo **Welt**, [Web](https://example.org).\n",
        '<p>Hallo <strong>Welt</strong>, <a href="https://example.org">Web</a>.</p>\n',
        (),
    )
    assert ahead["content/pages/filed.md"][2] == ("assets/plan.pdf",)
    assert "content/pages/figured.md" not in ahead
    assert "content/pages/linking.md" not in ahead

    site = Site(report, ahead=ahead)
    page = {page.id: page for page in report.project.pages}
    filed = site.markdown.html(page["filed"], site.urls.for_page("pages/filed.html"))
    assert f'href="../{site.urls.assets["assets/plan.pdf"]}"' in filed  # made anew

    def not_parsed(text: str):
        raise AssertionError(f"parsed again: {text!r}")

    monkeypatch.setattr(touchsite.render.markdown, "parsed", not_parsed)
    plain = site.markdown.html(page["plain"], site.urls.for_page("pages/plain.html"))
    assert plain == ahead["content/pages/plain.md"][1]
    assert "content/pages/plain.md" in site.markdown.shown


def test_a_body_made_ahead_from_another_text_is_not_shown(mini: Path):
    """A preview renders a body edited since: what was made of the text before is left."""
    _pages(mini, {"plain": "Neu.\n"})
    report = check(mini)
    ahead = {"content/pages/plain.md": ("Alt.\n", "<p>Alt.</p>\n", ())}
    site = Site(report, ahead=ahead)
    (page,) = [page for page in report.project.pages if page.id == "plain"]
    assert site.markdown.html(page, site.urls.for_page("pages/plain.html")) == "<p>Neu.</p>\n"


def test_a_build_with_its_bodies_made_ahead_writes_the_same_site(mini: Path, monkeypatch):
    _pages(mini, {"plain": "Hallo **Welt**.\n", "linking": "Siehe [hier](summary.md).\n"})
    monkeypatch.setattr(touchsite.build, "BODIES_AHEAD_FROM", 10**6)
    alone = build(mini, write=False).files
    forked = forks(monkeypatch)
    monkeypatch.setattr(touchsite.build, "BODIES_AHEAD_FROM", 0)
    # an earlier test's thread may still run here, where a build would not fork
    monkeypatch.setattr(touchsite.build, "forks_safely", lambda: True)
    offered, offer = [], beside._offered

    def waited(child):  # the render takes the bodies made ahead: it waits for them here
        child.connection.poll(30)
        offered.append(made := offer(child))
        return made

    monkeypatch.setattr(beside, "_offered", waited)
    assert build(mini, write=False).files == alone
    assert "Markdown bodies" in forked
    assert offered and offered[0] is not None
