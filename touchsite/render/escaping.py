"""What a template writes: its values escaped, and `{% trans %}` texts with their values
filled in, each the same text as markupsafe makes, with fewer objects made on the way."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import Any

from jinja2 import nodes
from jinja2.ext import InternationalizationExtension
from jinja2.lexer import Token
from markupsafe import Markup, escape

try:  # markupsafe's escaping of a str, without making the result a Markup
    from markupsafe._speedups import _escape_inner as _escaped_text
except ImportError:  # markupsafe without its C speedups

    def _escaped_text(text: str) -> str:
        return str(escape(text))


def escaped(value: Any) -> str:
    """What a template writes for `{{ value }}`: the same text as markupsafe's `escape`.

    Jinja wraps every value a template writes in `escape`, which makes each a Markup through
    a constructor written in Python (~800 values a touchpoint page, half a microsecond each).
    A page's pieces are only joined, and the Markup of a macro or a block made from the
    joined text, so a piece may be a plain str."""
    kind = type(value)
    if kind is str:
        return _escaped_text(value)
    if kind is Markup:
        return value
    if kind is int:  # a count (~60 a touchpoint page): digits and a sign, nothing to escape
        return str(value)
    return escape(value)


# Only named string fields and "%%": how Jinja writes a `{% trans %}` text's values
_NAMED_FIELDS = re.compile(r"(?:[^%]|%%|%\([^)]*\)s)*")


@lru_cache(maxsize=1 << 10)
def _named_fields_only(message: str) -> bool:
    return _NAMED_FIELDS.fullmatch(message) is not None


def filled(message: Any, values: dict[str, Any]) -> Any:
    """`message % values`, as a `{% trans %}` with values writes it: a Markup escapes each
    value as it fills it in, through a helper object per value and a Markup of each (5 µs
    for a text with two values); here each is escaped to a plain str, the same text."""
    if type(message) is not Markup or not _named_fields_only(message):
        return message % values
    return Markup(str.__mod__(message, {name: escaped(value) for name, value in values.items()}))


FILLED = "touchsite_filled"  # the filter `Translations` calls


class Translations(InternationalizationExtension):
    """Jinja's i18n extension, whose `{% trans %}` with values fills them in by `filled`, and
    whose `_("text")` of a literal text is translated while the template is compiled."""

    def __init__(self, environment) -> None:
        super().__init__(environment)
        environment.filters[FILLED] = filled

    def filter_stream(self, stream):
        """A literal text's translation is the same on every page, yet each `_("text")` (~80 a
        touchpoint page) was a call through the context, the catalogue's look-up and an
        escape on every render; translated here, it is a constant that Jinja escapes and joins
        to the text around it while compiling. Only with a plain `_` (a Site's): Jinja's own
        looks its function up in each render's context; and only in a template that gives
        the name `_` no other meaning (`{% set _ = ... %}`, a macro's argument `_`, a loop's
        `_`), where `_("text")` calls that. The compiled code then holds one catalogue's
        words, so the catalogue is part of its key (`render.site`)."""
        gettext = self.environment.globals.get("_")
        if gettext is None or hasattr(gettext, "jinja_pass_arg"):
            return stream
        tokens = list(stream)
        if _rebinds_gettext(tokens):
            return iter(tokens)
        return _literals_translated(tokens, gettext)

    def parse(self, parser):
        node = super().parse(parser)
        if isinstance(node, nodes.Output):
            node.nodes = [_filled_by_filter(child) for child in node.nodes]
        return node


def _rebinds_gettext(tokens: list[Token]) -> bool:
    """Whether a template may give `_` another meaning: it names `_` other than in a call
    (`_(`) or an attribute (`x._`), or defines a macro `_`. Any binding names it so: `set _`,
    `for _ in`, `with _ =`, a macro's or a call block's argument, `import ... as _`."""
    for at, token in enumerate(tokens):
        if token.type != "name" or token.value != "_":
            continue
        before = tokens[at - 1] if at else None
        after = tokens[at + 1] if at + 1 < len(tokens) else None
        if before is not None and before.type == "dot":
            continue
        if after is None or after.type != "lparen":
            return True
        if before is not None and before.type == "name" and before.value == "macro":
            return True
    return False


def _literals_translated(stream: Iterable[Token], gettext: Callable[[str], str]) -> Iterator[Token]:
    """The tokens of `stream`, each `_("text")` replaced by the text's translation. Not a
    method's (`x._("text")`), nor a call with more than the one literal (`_(name)`)."""
    window: list[Token] = []
    for token in stream:
        window.append(token)
        if len(window) < 5:
            continue
        before, name, opening, text, closing = window
        if (
            name.type == "name"
            and name.value == "_"
            and before.type != "dot"
            and opening.type == "lparen"
            and text.type == "string"
            and closing.type == "rparen"
        ):
            yield before
            window = [Token(name.lineno, "string", gettext(text.value))]
        else:
            yield window.pop(0)
    yield from window


def _filled_by_filter(node: nodes.Node) -> nodes.Node:
    if isinstance(node, nodes.Mod) and isinstance(node.left, nodes.MarkSafeIfAutoescape):
        return nodes.Filter(node.left, FILLED, [node.right], [], None, None, lineno=node.lineno)
    return node
