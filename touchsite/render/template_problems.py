"""A mistake in a project's own template override, as a located problem instead of a crash."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

from touchsite.errors import Problem


def template_problem(error: jinja2.TemplateError, root: Path) -> Problem | None:
    """The problem for `error` if it lies in one of the project's templates/, else None.

    Errors in the packaged theme are bugs of touchsite and keep their traceback.
    """
    own = (root / "templates").resolve()
    if missing := _missing_macro(error, own):
        return missing
    filename, line = _where(error)
    if filename is None:
        return None
    path = Path(filename).resolve()
    if not path.is_relative_to(own):
        return None
    message = getattr(error, "message", None) or str(error)
    if isinstance(error, jinja2.TemplateSyntaxError):
        hint = "fix the Jinja syntax"
    elif isinstance(error, jinja2.TemplateNotFound):
        message = f"no template '{error.name}'"
        hint = "name a file of templates/ or of the theme (touchsite/templates/)"
    else:
        hint = (
            "the variable is not given to this template; compare with the theme's file of "
            "the same name"
        )
    relative = path.relative_to(root.resolve()).as_posix()
    return Problem(relative, line, None, f"template error: {message}", hint)


# Jinja's words when a template imports a name the imported template does not define
_NOT_EXPORTED = re.compile(
    r"the template '(?P<template>[^']+)' \(imported on line \d+ in '[^']+'\) "
    r"does not export the requested name '(?P<name>[^']+)'"
)


def _missing_macro(error: jinja2.TemplateError, own: Path) -> Problem | None:
    """A project's copy of a partial that lacks a macro the theme's pages import from it (a
    copy made for an older touchsite, before `comments(list)`): the copy is what to fix,
    though the error arises in the theme's page."""
    found = _NOT_EXPORTED.search(str(error))
    if found is None or not (own / found["template"]).is_file():
        return None
    name = found["name"]
    return Problem(
        f"templates/{found['template']}",
        1,
        None,
        f"template error: defines no macro '{name}', which the theme's pages import",
        f"add {{% macro {name}(...) %}}: compare with the theme's file of the same name",
    )


def keep_place(error: jinja2.TemplateError) -> None:
    """Keeps where `error` arose on it, for the process it is sent to: its traceback, which
    says that, stays behind (an exception's attributes go with it when pickled)."""
    error.touchsite_place = _where(error)  # type: ignore[attr-defined]


def _where(error: jinja2.TemplateError) -> tuple[str | None, int | None]:
    if (place := getattr(error, "touchsite_place", None)) is not None:
        return place
    if isinstance(error, jinja2.TemplateSyntaxError):
        return error.filename, error.lineno
    # Jinja rewrites the traceback so that template frames carry the template's file and line;
    # the innermost such frame is where the template failed.
    found: tuple[str | None, int | None] = (None, None)
    traceback = error.__traceback__
    while traceback is not None:
        filename = traceback.tb_frame.f_code.co_filename
        if filename.endswith((".html", ".xml", ".txt", ".js", ".css")):
            found = filename, traceback.tb_lineno
        traceback = traceback.tb_next
    return found


def undecodable_template(root: Path) -> Problem | None:
    """The first of the project's templates that is not UTF-8, which Jinja cannot read."""
    own = root / "templates"
    for path in sorted(own.rglob("*")) if own.is_dir() else ():
        data = path.read_bytes() if path.is_file() else b""
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as error:
            line = data.count(b"\n", 0, error.start) + 1
            relative = path.relative_to(root).as_posix()
            return Problem(relative, line, None, "is not UTF-8 text", "save it as UTF-8")
    return None
