"""Customer comments on a touchpoint's page, as a reader sees them."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from tests.conftest import MINI, mini_with_answers
from touchsite.build import build

from .conftest import Browsing, serving


def test_a_very_long_comment_leaves_the_others_in_sight(web: Browsing, tmp_path: Path) -> None:
    """A comment of 10,000 characters (a letter, a text pasted in) filled several screens, and
    the nine other latest comments were out of sight below it. Now it scrolls in a box that
    the keyboard reaches, and the next comment follows within the screen."""
    root = tmp_path / "project"
    shutil.copytree(MINI, root)
    letter = ("The delivery was late again and nobody called. " * 220)[:10_000]
    with (root / "data" / "feedback.csv").open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(["response_id", "touchpoint", "date", "nps", "comment"])
        writer.writerow(["R1", "search", "2026-01-03", 2, letter])
        writer.writerow(["R2", "search", "2026-01-02", 3, "Search found nothing useful"])
    site = tmp_path / "site"
    build(root, site)
    with serving(site) as server:
        watch = web.open_url(server.url("touchpoints/search.html"))
        page = watch.page
        quotes = page.locator(".comments blockquote")
        assert quotes.count() == 2
        long, short = quotes.nth(0), quotes.nth(1)
        assert long.evaluate("q => q.scrollHeight > q.clientHeight")  # the rest scrolls
        assert long.get_attribute("tabindex") == "0"
        assert short.get_attribute("tabindex") is None
        first = long.bounding_box()
        second = short.bounding_box()
        assert second["y"] - first["y"] < 500
        page.emulate_media(media="print")
        assert long.evaluate("q => q.scrollHeight <= q.clientHeight")  # printed whole
        watch.assert_clean()


def test_a_theme_quote_keeps_its_line_breaks(web: Browsing, tmp_path: Path) -> None:
    """A theme's quote ran its lines together ("niemand erreicht So nicht." read as one
    sentence) where the same comment below, in the latest comments, kept them."""
    site = _search_answered(
        tmp_path, "Warteschleife endlos, niemand erreicht\nSo nicht.", "Suche fand alles sofort"
    )
    with serving(site) as server:
        watch = web.open_url(server.url("touchpoints/search.html"))
        quote = watch.page.locator(".themes q", has_text="niemand erreicht").first
        assert quote.inner_text() == "Warteschleife endlos, niemand erreicht\nSo nicht."
        comment = watch.page.locator(".comments blockquote").first
        assert quote.inner_text() == comment.inner_text()
        watch.assert_clean()


def test_a_comment_in_a_right_to_left_script_reads_right_to_left(
    web: Browsing, tmp_path: Path
) -> None:
    """An Arabic or Hebrew comment on a German page was laid out left to right: its full stop
    at its start, its first word at the left edge. Each comment and each theme's quote now
    takes its direction from its own first letters."""
    arabic = "التوصيل متأخر جدا ولا أحد يرد."
    hebrew = "המשלוח הגיע באיחור."
    latest = ["H0", "search", "2026-01-31", 1, hebrew]
    site = _search_answered(tmp_path, arabic, "Suche fand alles sofort.", latest)
    with serving(site) as server:
        watch = web.open_url(server.url("touchpoints/search.html"))
        page = watch.page
        direction = "q => getComputedStyle(q).direction"
        quotes = page.locator(".comments blockquote")
        assert quotes.count() > 3
        for at in range(quotes.count()):
            quote = quotes.nth(at)
            text = quote.text_content()  # the later ones wait behind "More comments"
            expected = "ltr" if text.startswith("Suche") else "rtl"
            assert quote.evaluate(direction) == expected, text
        first = quotes.nth(0)
        assert first.inner_text() == hebrew
        # its text ends at the box's right edge, where a right-to-left line starts
        edges = first.evaluate(
            """q => { const r = document.createRange(); r.selectNodeContents(q);
                      return [r.getBoundingClientRect().right, q.getBoundingClientRect().right,
                              parseFloat(getComputedStyle(q).paddingRight)]; }"""
        )
        assert abs(edges[0] - (edges[1] - edges[2])) < 2
        theme = page.locator(".themes q", has_text=arabic[:8]).first
        assert theme.evaluate(direction) == "rtl"
        assert page.locator("html").evaluate(direction) == "ltr"
        watch.assert_clean()


def _search_answered(tmp_path: Path, critical: str, positive: str, *first: list) -> Path:
    """The small project's site, its touchpoint "search" answered 45 times in January 2026:
    30 critical answers (NPS 2) saying `critical`, 15 positive ones (NPS 9) `positive`, after
    the rows `first`: enough for a theme of each."""
    rows = [*first]
    for number in range(45):
        critical_one = number < 30
        day = f"2026-01-{number % 28 + 1:02d}"
        said = critical if critical_one else positive
        rows.append([f"R{number}", "search", day, 2 if critical_one else 9, said])
    header = ["response_id", "touchpoint", "date", "nps", "comment"]
    root = mini_with_answers(tmp_path / "project", header, rows)
    site = tmp_path / "site"
    build(root, site)
    return site
