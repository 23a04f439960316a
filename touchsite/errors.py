"""The one error type for a user's mistake, and the collector that gathers all of them."""

from __future__ import annotations

import dataclasses
import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

# a file named by its URI in an engine's message (Spark's: file:/ or file:///, %-encoded)
_FILE_URI = re.compile(r"file:/*(/[^\s'\"]*)")


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the user's input, located as precisely as the input allows.

    `path` is "" for a mistake that is in no file (a command-line option, the environment).
    """

    path: str
    line: int | None
    column: int | None
    message: str
    hint: str = ""
    level: str = "error"

    def __str__(self) -> str:
        where = self.path
        if where and self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        text = f"{self.level}: {self.message}"
        if where:
            text = f"{where}: {text}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class UserError(Exception):
    """The one error type for a user's mistake: one problem or several, each with where it is
    and what would fix it.

    The command line prints them all and exits 1 without a traceback; any other exception is
    a bug in touchsite and shows one.
    """

    def __init__(
        self,
        message: str,
        hint: str = "",
        path: Path | str = "",
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        where = path.as_posix() if isinstance(path, Path) else path
        self._hold([Problem(where, line, column, message, hint)])

    @classmethod
    def of(cls, problems: Iterable[Problem]) -> UserError:
        """One error for all of `problems`, so the user sees every one at once."""
        error = cls.__new__(cls)
        error._hold(problems)
        return error

    def _hold(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=_problem_sort_key)
        super().__init__("\n".join(str(p) for p in self.problems))


def raise_if_strict(warnings: list[Problem], strict: bool) -> None:
    """Under --strict (or strict: true) the warnings are errors: raised, all at once."""
    if strict and warnings:
        raise UserError.of([dataclasses.replace(w, level="error") for w in warnings])


def _problem_sort_key(problem: Problem) -> tuple[str, int, int, str]:
    return (problem.path, problem.line or 0, problem.column or 0, problem.message)


class Problems:
    """Collects problems across a stage so the user sees all of them at once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._items: list[Problem] = []

    def add(
        self,
        path: Path | str,
        line: int | None,
        message: str,
        hint: str = "",
        column: int | None = None,
    ) -> None:
        self._items.append(
            Problem(self.relative(path), line, column, self.relative_text(message), hint)
        )

    def relative(self, path: Path | str) -> str:
        path = Path(path)
        # Lexically first: a link inside the project is named by its own path, not its target's.
        if path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()
        try:
            resolved, root = path.resolve(), self.root.resolve()
        except (RuntimeError, OSError):  # a symlink loop: named as written
            return path.as_posix()
        return (
            resolved.relative_to(root).as_posix()
            if resolved.is_relative_to(root)
            else (path.as_posix())
        )

    def relative_text(self, text: str) -> str:
        """A message (an engine's names files by absolute path or URI) with each path under
        the project named as `relative` names it."""
        if "file:" in text:
            text = _FILE_URI.sub(self._relative_uri, text)
        return self._root_at_path_start.sub("", text) if self._roots else text

    def _relative_uri(self, found: re.Match) -> str:
        path = unquote(found.group(1))
        return path if any(path.startswith(root) for root in self._roots) else found.group(0)

    @cached_property
    def _roots(self) -> list[str]:
        """The root made absolute as given and as resolved (an engine names files by absolute
        path), each with its trailing slash; longest first."""
        given = self.root.absolute()
        try:
            resolved = self.root.resolve()
        except (RuntimeError, OSError):
            resolved = given
        named = {f"{root.as_posix().rstrip('/')}/" for root in (given, resolved)}
        return sorted(
            named - {"/"},  # a project at / would lose every slash
            key=len,
            reverse=True,
        )

    @cached_property
    def _root_at_path_start(self) -> re.Pattern:
        """A root where a path starts (the text's start, after a space, a quote, a bracket,
        ':' or '='), not inside another path ('/var/tmp/p/x' keeps a root '/tmp/p/')."""
        roots = "|".join(map(re.escape, self._roots))
        return re.compile(rf"(?<![^\s'\"(\[:=])(?:{roots})")

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def extend(self, error: UserError) -> None:
        """Add the problems of `error`, their paths made relative to the project like ours."""
        for problem in error.problems:
            where = self.relative(problem.path) if problem.path else ""
            message = self.relative_text(problem.message)
            self._items.append(dataclasses.replace(problem, path=where, message=message))

    def raise_if_any(self) -> None:
        if self._items:
            raise UserError.of(self._items)


def suggest(value: str, known: Iterable[str], what: str = "known") -> str:
    """A hint for a value that is not one of `known`: the closest one, else the whole list."""
    known = list(known)
    close = difflib.get_close_matches(value, known, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"{what}: " + (", ".join(known) if known else "none")
