"""Compiled templates kept in a folder: used by the next process, never stale, never in the
way."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest

from touchsite.render import compiled
from touchsite.render.compiled import OPTIONS, CompiledTemplates, user_cache_folder


def _environment(templates: Path, cache: CompiledTemplates, **options) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        bytecode_cache=cache,
        **{**OPTIONS, **options},
    )


@pytest.fixture
def templates(tmp_path: Path) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.html").write_text("{% if x %}\n<b>{{ x }}</b>\n{% endif %}\n", encoding="utf-8")
    return folder


@pytest.fixture
def compiles(monkeypatch) -> list[str]:
    """The names of the templates Jinja compiles from their source."""
    names: list[str] = []
    compile_source = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, raw=False, defer_init=False):
        names.append(name)
        return compile_source(self, source, name, filename, raw, defer_init)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    return names


def test_the_next_process_loads_what_this_one_compiled(templates, tmp_path, compiles):
    folder = tmp_path / "cache"
    first = _environment(templates, CompiledTemplates(folder)).get_template("page.html")
    assert compiles == ["page.html"] and len(list(folder.glob("*.jinja"))) == 1
    # a new cache over the same folder: what a fresh process starts with
    second = _environment(templates, CompiledTemplates(folder)).get_template("page.html")
    assert compiles == ["page.html"]
    assert first.render(x="<1>") == second.render(x="<1>") == "<b>&lt;1&gt;</b>\n"


def test_each_language_has_its_compiled_templates(templates, tmp_path, compiles):
    """Jinja writes a literal through its filter while compiling (`{{ 0 | percent }}`), so the
    compiled code kept the first build's German "0 %" and an English build loading it wrote
    the German sign. The language is part of the key; builds in one language share it."""
    (templates / "page.html").write_text("{{ 0 | percent }}", encoding="utf-8")
    folder = tmp_path / "cache"
    written = []
    for language, sign in (("de", "\u00a0%"), ("en", "%"), ("de", "\u00a0%")):
        env = _environment(templates, CompiledTemplates(folder, language))
        env.filters["percent"] = lambda value, sign=sign: f"{value}{sign}"
        written.append(env.get_template("page.html").render())
    assert written == ["0\u00a0%", "0%", "0\u00a0%"]
    assert compiles == ["page.html", "page.html"]


def test_an_edited_template_is_compiled_again(templates, tmp_path, compiles):
    folder = tmp_path / "cache"
    _environment(templates, CompiledTemplates(folder)).get_template("page.html")
    (templates / "page.html").write_text("<i>{{ x }}</i>", encoding="utf-8")
    page = _environment(templates, CompiledTemplates(folder)).get_template("page.html")
    assert compiles == ["page.html", "page.html"] and page.render(x=1) == "<i>1</i>"


def test_other_options_are_other_entries(templates, tmp_path, compiles, monkeypatch):
    """`trim_blocks` changes what a template writes: bytecode compiled without it is not
    taken for bytecode compiled with it."""
    folder = tmp_path / "cache"
    with_options = _environment(templates, CompiledTemplates(folder))
    assert with_options.get_template("page.html").render(x=1) == "<b>1</b>\n"
    monkeypatch.setitem(OPTIONS, "trim_blocks", False)
    monkeypatch.setitem(OPTIONS, "keep_trailing_newline", False)
    without = _environment(templates, CompiledTemplates(folder))
    assert without.get_template("page.html").render(x=1) == "\n<b>1</b>\n"
    assert len(compiles) == 2 and len(list(folder.glob("*.jinja"))) == 2


def test_a_changed_extension_or_jinja_is_another_entry(templates, tmp_path, compiles):
    """touchsite's `{% trans %}` extension rewrites what templates compile to, and Jinja checks
    only its own and Python's version: code compiled with another extension's source (an
    upgrade of touchsite) or another Jinja is not taken, nor overwritten for it."""
    folder = tmp_path / "cache"
    _environment(templates, CompiledTemplates(folder)).get_template("page.html")
    source = tmp_path / "escaping.py"
    source.write_text("# another version of the extension\n", encoding="utf-8")
    real_find_spec = compiled.importlib.util.find_spec

    def other_source(name: str):
        spec = real_find_spec(name)
        return type("Spec", (), {"origin": str(source)}) if name.endswith(".escaping") else spec

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(compiled.importlib.util, "find_spec", other_source)
        _environment(templates, CompiledTemplates(folder)).get_template("page.html")
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(jinja2, "__version__", "99.0")
        _environment(templates, CompiledTemplates(folder)).get_template("page.html")
    assert compiles == ["page.html"] * 3 and len(list(folder.glob("*.jinja"))) == 3


def test_what_was_read_from_the_folder_is_kept_for_the_next_build(templates, tmp_path, compiles):
    """A preview builds again and again in one process: the entries it read are not read
    from the folder again (nor compiled) once the folder is gone."""
    folder = tmp_path / "cache"
    _environment(templates, CompiledTemplates(folder)).get_template("page.html")
    cache = CompiledTemplates(folder)
    _environment(templates, cache).get_template("page.html")
    for entry in folder.glob("*.jinja"):
        entry.unlink()
    page = _environment(templates, cache).get_template("page.html")
    assert page.render(x=4) == "<b>4</b>\n" and compiles == ["page.html"]


@pytest.mark.parametrize("garbage", [b"", b"j2\x00", os.urandom(64), b"not a bytecode file"])
def test_a_broken_entry_is_compiled_again(templates, tmp_path, compiles, garbage):
    folder = tmp_path / "cache"
    _environment(templates, CompiledTemplates(folder)).get_template("page.html")
    (entry,) = folder.glob("*.jinja")
    entry.write_bytes(garbage)
    page = _environment(templates, CompiledTemplates(folder)).get_template("page.html")
    assert page.render(x=2) == "<b>2</b>\n" and compiles == ["page.html", "page.html"]


def test_a_folder_that_cannot_be_written_is_no_error(templates, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be", encoding="utf-8")
    cache = CompiledTemplates(blocked / "cache")
    assert _environment(templates, cache).get_template("page.html").render(x=3) == "<b>3</b>\n"
    assert blocked.read_text(encoding="utf-8") == "a file where the folder would be"
    assert list(tmp_path.glob("**/*.part")) == []


def test_the_folder_follows_xdg_cache_home(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert user_cache_folder() == tmp_path / "touchsite"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert user_cache_folder() == tmp_path / "home" / ".cache" / "touchsite"
    monkeypatch.delenv("HOME")
    monkeypatch.setattr(os.path, "expanduser", lambda path: path)  # no passwd entry either
    assert user_cache_folder() is None


def test_a_build_fills_the_folder_and_the_next_build_compiles_nothing(mini, tmp_path):
    """Two builds in fresh processes: the second loads every template compiled."""
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "xdg")}
    probe = (
        "import sys, jinja2\n"
        "compiled = []\n"
        "original = jinja2.Environment.compile\n"
        "def counted(self, source, name=None, *rest, **options):\n"
        "    compiled.append(name)\n"
        "    return original(self, source, name, *rest, **options)\n"
        "jinja2.Environment.compile = counted\n"
        "from touchsite.build import build\n"
        "build(__import__('pathlib').Path(sys.argv[1]), __import__('pathlib').Path(sys.argv[2]))\n"
        "print(len(compiled))\n"
    )
    counts, sites = [], []
    for run in ("first", "second"):
        out = tmp_path / run
        done = subprocess.run(
            [sys.executable, "-c", probe, str(mini), str(out)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        counts.append(int(done.stdout.split()[-1]))
        sites.append({p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()})
    assert counts[0] >= 10 and counts[1] == 0
    assert sites[0] == sites[1]
    assert compiled.__name__ == "touchsite.render.compiled"
