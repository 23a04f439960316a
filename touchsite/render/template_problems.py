"""A mistake in a project's own template override, as a located problem instead of a crash."""

from __future__ import annotations

from pathlib import Path

import jinja2

from touchsite.errors import Problem


def template_problem(error: jinja2.TemplateError, root: Path) -> Problem | None:
    """The problem for `error` if it lies in one of the project's templates/, else None.

    Errors in the packaged theme are bugs of touchsite and keep their traceback.
    """
    own = (root / "templates").resolve()
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


def _where(error: jinja2.TemplateError) -> tuple[str | None, int | None]:
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
