"""Live figures in prose: `{{ nps("lieferavis") }}` in a Markdown body stands for a figure the
build fills in from the data, so a summary never quotes a number the data no longer gives.

The syntax is the expression half of Jinja (as in MkDocs macros): a name, optionally called
with quoted arguments and `key="value"` options. It is read as a Markdown inline rule, so a
reference inside a code span or code block stays literal text, and `\\{{` (Markdown's own
escape) writes the braces themselves. This module only reads references; the analysis
resolves them against the report and the check stage reports those it cannot.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

OPEN, CLOSE = "{{", "}}"
_TOKEN = re.compile(
    r"""\s*(?:
        (?P<name>[A-Za-z_][A-Za-z0-9_]*)
      | (?P<string>"[^"\n]*"|'[^'\n]*')
      | (?P<punct>[(),=])
      | (?P<curly>[„“”‚‘’«»])
      | (?P<other>\S)
    )""",
    re.VERBOSE,
)
IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@dataclass(frozen=True)
class Reference:
    """One figure a text asks for: `name(args..., key="value"...)`."""

    name: str
    args: tuple[str, ...] = ()
    options: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        """The reference as it is best written (what a hint suggests)."""
        parts = [_quote(arg) for arg in self.args]
        parts += [f"{key}={_quote(value)}" for key, value in self.options]
        call = f"{self.name}({', '.join(parts)})" if parts else self.name
        return f"{OPEN} {call} {CLOSE}"

    def option(self, key: str) -> str | None:
        return dict(self.options).get(key)


def _quote(value: str) -> str:
    return f"'{value}'" if '"' in value else f'"{value}"'


class ReferenceSyntaxError(ValueError):
    """A reference that cannot be read; `offset` counts characters from its `{{`."""

    def __init__(self, message: str, offset: int, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.offset = offset
        self.hint = hint


SYNTAX_HINT = 'write a figure as {{ name }} or {{ name("id", option="value") }}'


def parse_reference(inner: str, offset: int = len(OPEN)) -> Reference:
    """The reference written between `{{` and `}}`; `offset` is where `inner` starts."""
    tokens = list(_tokens(inner, offset))
    if not tokens:
        raise ReferenceSyntaxError("empty figure reference", 0, SYNTAX_HINT)
    position = 0

    def take(kind: str, what: str) -> tuple[str, str, int]:
        nonlocal position
        what = f"'{what}'" if kind == "punct" else what
        if position >= len(tokens):
            at = offset + len(inner)
            raise ReferenceSyntaxError(f"the figure reference ends where {what} belongs", at)
        token = tokens[position]
        if token[0] != kind or (kind == "punct" and f"'{token[1]}'" != what):
            raise _unexpected(token, what)
        position += 1
        return token

    name = take("name", "a name")[1]
    args: list[str] = []
    options: list[tuple[str, str]] = []
    if position < len(tokens):
        take("punct", "(")
        while position < len(tokens) and tokens[position][1] != ")":
            if args or options:
                take("punct", ",")
            kind, text, at = tokens[position] if position < len(tokens) else ("", "", 0)
            if kind == "name":
                position += 1
                if position >= len(tokens) or tokens[position][1] != "=":
                    raise ReferenceSyntaxError(
                        f"argument {text} is not in quotes", at, f'write {name}("{text}")'
                    )
                take("punct", "=")
                if text in dict(options):
                    raise ReferenceSyntaxError(f"option '{text}' is given twice", at)
                options.append((text, take("string", "a quoted value")[1][1:-1]))
            else:
                if options:
                    raise ReferenceSyntaxError(
                        "an argument after an option", at, "write arguments before options"
                    )
                args.append(take("string", "a quoted argument")[1][1:-1])
        take("punct", ")")
        if position < len(tokens):
            raise _unexpected(tokens[position], "the closing '}}'")
    return Reference(name, tuple(args), tuple(options))


def _tokens(inner: str, offset: int) -> Iterator[tuple[str, str, int]]:
    for match in _TOKEN.finditer(inner):
        kind = match.lastgroup
        if kind is None:  # trailing white space
            continue
        yield kind, match.group(kind), offset + match.start(kind)


def _unexpected(token: tuple[str, str, int], what: str) -> ReferenceSyntaxError:
    kind, text, at = token
    if kind == "curly":
        return ReferenceSyntaxError(
            f"typographic quote '{text}' in a figure reference",
            at,
            'write arguments in straight quotes: "..."',
        )
    if kind == "string" or (kind == "other" and text in "\"'"):
        hint = "put the argument in parentheses after the name" if what == "'('" else SYNTAX_HINT
        if kind == "other":
            hint = "close the quote on the same line"
        return ReferenceSyntaxError(f"unexpected {text[:20]} where {what} belongs", at, hint)
    return ReferenceSyntaxError(f"unexpected '{text}' where {what} belongs", at, SYNTAX_HINT)


@dataclass(frozen=True)
class Written:
    """A reference as it stands in a text: the reference (or why it cannot be read) and
    where it starts, counted in the inline content markdown-it hands the rule."""

    source: str  # from `{{` to `}}` as written
    reference: Reference | None
    error: ReferenceSyntaxError | None


def _written_at(text: str, start: int) -> Written:
    """The reference whose `{{` is at `start`, up to its `}}` (or the end, if none)."""
    end = text.find(CLOSE, start + len(OPEN))
    if end < 0:
        error = ReferenceSyntaxError(
            "'{{' opens a figure reference that is not closed",
            0,
            "close it with '}}', or write \\{{ for the braces themselves",
        )
        return Written(text[start:], None, error)
    source = text[start : end + len(CLOSE)]
    try:
        return Written(source, parse_reference(source[len(OPEN) : -len(CLOSE)]), None)
    except ReferenceSyntaxError as error:
        return Written(source, None, error)


def _figure_rule(state: StateInline, silent: bool) -> bool:
    start = state.pos
    if not state.src.startswith(OPEN, start):
        return False
    written = _written_at(state.src, start)
    if not silent:
        token = state.push("figure", "", 0)
        token.content = written.source
        token.meta = {"written": written}
    state.pos = start + len(written.source)
    return True


def plain_figures(text: str) -> Iterator[str | Written]:
    """A plain text (a lane's, an insight's) as literal parts and the references among them;
    `\\{{` is the braces themselves, as in Markdown."""
    position = 0
    literal = ""
    while (start := text.find(OPEN, position)) >= 0:
        if start > 0 and text[start - 1] == "\\":
            literal += text[position : start - 1] + OPEN
            position = start + len(OPEN)
            continue
        written = _written_at(text, start)
        if literal + text[position:start]:
            yield literal + text[position:start]
        literal = ""
        yield written
        position = start + len(written.source)
    if literal + text[position:]:
        yield literal + text[position:]


def _render_figure(self, tokens, idx, options, env) -> str:  # noqa: ANN001 (markdown-it's)
    fill = env.get("figure") if isinstance(env, dict) else None
    written = tokens[idx].meta["written"]
    if fill is None or written.reference is None:
        return self.rules["text"](tokens, idx, options, env)
    return fill(written.reference)


def figures_plugin(md: MarkdownIt) -> None:
    """Read `{{ ... }}` as a figure token; the renderer fills it through `env["figure"]`, a
    function of the Reference returning HTML (without one, the text stays as written)."""
    md.inline.ruler.before("backticks", "figure", _figure_rule)
    md.add_render_rule("figure", _render_figure)


def written_figures(
    text: str, parse: Callable[[str], Iterable[Token]]
) -> Iterator[tuple[Written, int, int | None]]:
    """Every figure reference in a Markdown text, with its line (0-based, in `text`) and
    column (1-based, or None where the line cannot be told apart). `parse`: a parser using
    `figures_plugin` (a MarkdownIt's `parse`, or a cache of it)."""
    # A reference is read only where its `{{` stands in a block's text, which is the
    # source's text less the markers and indentation at the start of its lines.
    if OPEN not in text:
        return
    lines = text.splitlines()
    for block in parse(text):
        if not block.children or not block.map:
            continue
        seen: dict[tuple[int, str], int] = {}
        consumed = 0
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                consumed += 1
            elif child.type == "figure":
                line = block.map[0] + consumed
                written = child.meta["written"]
                consumed += written.source.count("\n")
                yield written, line, _column(lines, line, written.source, seen)


def _column(
    lines: list[str], line: int, source: str, seen: dict[tuple[int, str], int]
) -> int | None:
    """Where `source` starts on its line: its n-th occurrence there, for the n-th time it is
    met on that line (the inline content drops indentation and block markers, not text)."""
    if line >= len(lines):
        return None
    first = source.split("\n", 1)[0]
    count = seen.get((line, first), 0)
    seen[(line, first)] = count + 1
    column = -1
    for _ in range(count + 1):
        column = lines[line].find(first, column + 1)
        if column < 0:
            return None
    return column + 1
