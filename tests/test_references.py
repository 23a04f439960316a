"""The addresses in HTML and SVG files other tools made, which the texts link: what each loads
and links, at its line and column, and the scripts in them."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from touchsite.render.references import Reference, Script, WebFile

LINKED = Path(__file__).parent / "fixtures" / "linked"


def _read(name: str) -> WebFile:
    return WebFile((LINKED / name).read_bytes())


def test_a_plotly_chart_loads_its_library_as_it_was_saved():
    """write_html(include_plotlyjs=...): 'cdn' loads it from plotly's host, 'directory' from
    a file beside the page, True writes it in (its text names the host, loading nothing)."""
    assert _read("plotly-cdn.html").references == [
        Reference("https://cdn.plot.ly/plotly-4.1.1.min.js", True, 9, 38)
    ]
    assert _read("plotly-directory.html").references == [Reference("plotly.min.js", True, 9, 38)]
    assert _read("plotly-inline.html").references == []


def test_a_draw_io_drawing_loads_its_web_font_and_library_images():
    assert _read("drawio-fonts.svg").references == [
        Reference(
            "https://fonts.googleapis.com/css2?family=Architects+Daughter:wght@400;500",
            True,
            4,
            344,
        ),
        Reference("https://www.example.org/versand", False, 4, 1073),  # a link
        Reference("https://app.diagrams.net/img/lib/mockup/containers_anchor.svg", True, 4, 1285),
        Reference("https://www.drawio.com/doc/faq/svg-export-text-problems", False, 4, 1476),
    ]


def test_an_inkscape_drawing_loads_the_photo_it_links_but_not_its_gradient():
    assert _read("inkscape-linked.svg").references == [Reference("Fotos/kasse.jpg", True, 41, 20)]


def test_the_scripts_of_a_drawing():
    drawing = _read("interactive.svg")
    assert drawing.scripts == [Script("onload", 2, 96), Script("<script>", 3, 3)]
    assert drawing.references == []


def test_every_way_a_page_loads_an_address():
    page = WebFile(
        b'<html><head><link rel="canonical" href="https://example.org/a">\n'
        b'<link rel="preconnect" href="https://fonts.gstatic.com">'
        b"<link rel=stylesheet href='https://example.org/s.css'>\n"
        b'<meta http-equiv="refresh" content="0; URL=https://example.org/neu">\n'
        b"<style>\n  h1 { background: url( 'h1.png' ) }\n@import \"https://f.example/x.css\";"
        b"</style></head>\n"
        b'<body background="bg.gif"><img srcset="a.png 1x, https://example.org/b.png 2x">'
        b'<iframe src="https://www.youtube-nocookie.com/embed/x"></iframe>\n'
        b'<video poster="p.jpg"><source src="v.mp4"></video><p style="background:url(s.png)">'
        b'<a href="#oben">oben</a><a href="https://example.org/">x</a><img src="data:,">'
    )
    assert [(r.address, r.loads, r.line) for r in page.references] == [
        ("https://fonts.gstatic.com", True, 2),
        ("https://example.org/s.css", True, 2),
        ("https://example.org/neu", True, 3),
        ("h1.png", True, 5),
        ("https://f.example/x.css", True, 6),
        ("bg.gif", True, 7),
        ("a.png", True, 7),
        ("https://example.org/b.png", True, 7),
        ("https://www.youtube-nocookie.com/embed/x", True, 7),
        ("p.jpg", True, 8),
        ("v.mp4", True, 8),
        ("s.png", True, 8),
        ("https://example.org/", False, 8),
        ("data:,", True, 8),
    ]
    assert page.references[3].column == 26  # where the address begins in its line


def test_a_page_saved_as_unicode_or_windows_1252_is_read():
    page = '<img src="https://example.org/ä.png">'
    for content in (page.encode("utf-16"), page.encode("cp1252")):
        [reference] = WebFile(content).references
        assert reference.address.startswith("https://example.org/") and reference.loads


@given(
    st.binary(max_size=300)
    | st.text(alphabet="<>!/?[]-='\" abcdefghrs:url(){};@\n&#x").map(str.encode)
)
def test_any_file_is_read_without_an_exception(content: bytes):
    read = WebFile(content)
    assert all(reference.line >= 1 and reference.column >= 1 for reference in read.references)


def test_a_srcset_is_parted_as_browsers_part_it():
    """An address runs to white space, its descriptors to a comma: before, only ", " parted
    candidates, so the CDN address after "1x," was never checked."""
    page = WebFile(
        b'<img srcset="a.png 1x,https://example.org/b.png 2x">\n'
        b'<img srcset="data:image/png;base64,AAAA 1x, c.png 2x">\n'
        b'<picture><source srcset="d.png,e.png 2x"></picture>'
    )
    assert [r.address for r in page.references] == [
        "a.png",
        "https://example.org/b.png",
        "data:image/png;base64,AAAA",
        "c.png",
        "d.png,e.png",  # a comma inside an address belongs to it, as in a browser
    ]
