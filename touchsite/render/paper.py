"""The printed page: paper size (pages named `landscape` turn, as a blueprint's do), and on
every page the report's name, the period its data
covers and the page number, as CSS page-margin boxes (so any page printed from a browser has
them, and `touchsite pdf` needs no browser-specific header templates)."""

from __future__ import annotations

from markupsafe import Markup

from touchsite.models import Config, Feedback
from touchsite.render.i18n import Locale

PAPER = {"a4": "A4", "letter": "letter"}
MARGIN_FONT = "font: 8pt system-ui, sans-serif; color: #555;"


def css_string(text: str) -> str:
    """`text` as a CSS string that no quote, backslash or `</style>` in it can end early."""
    safe = "".join(c if c.isalnum() or c in " .,:;–-/()" else f"\\{ord(c):x} " for c in text)
    return f'"{safe}"'


def page_style(config: Config, feedback: Feedback, locale: Locale) -> Markup:
    _ = locale.gettext
    left = config.title
    if feedback.first_date and feedback.last_date:
        period = f"{locale.date(feedback.first_date)} – {locale.date(feedback.last_date)}"
        left += f" · {_('Data')}: {period}"
    # TRANSLATORS: the footer of a printed page, "Page 2 of 9"
    before, _page, rest = _("Page {page} of {pages}").partition("{page}")
    between, _pages, after = rest.partition("{pages}")
    number = " ".join((css_string(before), "counter(page)", css_string(between), "counter(pages)"))
    number += f" {css_string(after)}" if after else ""
    return Markup(
        f"@page {{ size: {PAPER[config.paper]}; margin: 14mm 12mm 16mm; "
        f"@bottom-left {{ content: {css_string(left)}; {MARGIN_FONT} }} "
        f"@bottom-right {{ content: {number}; {MARGIN_FONT} }} }} "
        f"@page landscape {{ size: {PAPER[config.paper]} landscape; }}"
    )
