"""Compiled templates, kept across builds in the user's cache folder.

Compiling the theme's ~30 templates costs a fresh process about 0.28 s of CPU before its
first page; loading them compiled costs 0.006 s. The preview rebuilds in one process and
keeps them in memory too.

Jinja checks each entry against its template's source and against its own and Python's
bytecode version, so an edited template or an upgraded Jinja recompiles. What else shapes the
bytecode goes into the key: the environment's options (`OPTIONS`), the source of the
extensions they name (touchsite's own rewrites `{% trans %}`: a changed extension must not
leave pages compiled by the old one), Jinja's and Python's versions (two environments
sharing the folder would otherwise overwrite each other's entries), and what the filters
write: Jinja writes an expression of literals through its filter while compiling (`{{ 0 |
percent }}` is compiled to "0 %" in German, `{{ "binary" | kpi_label }}` in an own template
to the project's name for that KPI) and a literal's translation (`{{ _("Overview") }}`, see
`escaping.Translations`), so compiled code holds the text of one language, one version of its
catalogue and one set of KPI names (`folded`, the site's part of the key). So the
folder holds no value computed from a project's inputs (that is `touchsite.cache`'s job):
only the compiled form of template files, found by their name and path. A folder that
cannot be read or written is no error: the templates are compiled, as without it.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache

# The Jinja environment's options: they shape the compiled code, so they are part of its key
OPTIONS: dict[str, Any] = {
    "autoescape": True,
    "extensions": ["touchsite.render.escaping.Translations"],
    "keep_trailing_newline": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}


def user_cache_folder() -> Path | None:
    """`$XDG_CACHE_HOME/touchsite`, by default `~/.cache/touchsite`; None for a user without a
    home folder (a container's numeric user), whose templates are compiled in each process."""
    if base := os.environ.get("XDG_CACHE_HOME"):
        return Path(base, "touchsite")
    try:
        return Path.home() / ".cache" / "touchsite"
    except RuntimeError:
        return None


def _compiled_by() -> str:
    """What shapes the compiled code besides a template's source (see the module's text)."""
    sources = []
    for extension in OPTIONS["extensions"]:
        spec = importlib.util.find_spec(extension.rpartition(".")[0])
        origin = spec.origin if spec is not None else None
        sources.append(hashlib.sha256(Path(origin).read_bytes()).hexdigest() if origin else "")
    versions = (jinja2.__version__, sys.version_info[:2])
    return repr((sorted(OPTIONS.items()), sources, versions))


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates in memory for the life of the process, and in `folder` (None: in
    memory only) for the next one."""

    def __init__(self, folder: Path | None, folded: str = "") -> None:
        self.folder = folder
        self.compiled: dict[str, bytes] = {}
        self.salt = f"{_compiled_by()}|{folded}"

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        key = f"{self.salt}|{name}|{filename or ''}"
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:40]

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = self.compiled.get(bucket.key)
        if data is None and self.folder is not None:
            try:
                data = (self.folder / f"{bucket.key}.jinja").read_bytes()
            except OSError:
                return
        if data is not None:
            try:
                bucket.bytecode_from_string(data)
            except Exception:  # a file cut short or written by something else: compile again
                bucket.reset()
            if bucket.code is not None:  # not refused for an older Jinja or Python: kept
                self.compiled[bucket.key] = data

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        data = bucket.bytecode_to_string()
        self.compiled[bucket.key] = data
        if self.folder is None:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        except OSError:
            return
        try:  # whole or not at all, even with another build writing the same entry
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, self.folder / f"{bucket.key}.jinja")
        except OSError:
            Path(temporary).unlink(missing_ok=True)
