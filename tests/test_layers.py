"""The package reads as its pipeline: every import points down the stages, never back up.

Each module belongs to a layer; a module may import from its own layer and the ones before
it. Stages hand on models, so analyze and render never reach back into load, and no import
forms a cycle, not even inside a layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "touchsite"

# In order: a module may import only from its own layer and the layers above it in this list.
LAYERS = [
    (
        "errors",
        "replies",
        "translation",
        "kpi",
        "resources",
        "groups",
        "terms",
        "native",
        "children",
    ),
    ("beside", "collector"),
    ("models",),
    ("cache", "git"),
    ("load",),
    ("validate", "project"),
    ("analyze",),
    ("render", "interop"),
    ("write",),
    ("pipeline",),
    ("compare",),
    ("build", "rebuild"),
    ("example_data", "commands", "__main__"),
]
# Stages take the previous stage's models, not its code.
NOT_FROM = {"analyze": {"load"}, "render": {"load"}}


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _group(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _imports() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = _module_name(path)
        found: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                if node.module == "touchsite":  # from touchsite import git
                    found |= {
                        f"touchsite.{alias.name}"
                        for alias in node.names
                        if (PACKAGE / f"{alias.name}.py").is_file()
                        or (PACKAGE / alias.name).is_dir()
                    }
                elif node.module.startswith("touchsite."):
                    found.add(node.module)
            elif isinstance(node, ast.Import):
                found |= {a.name for a in node.names if a.name.startswith("touchsite.")}
        graph[module] = {name for name in found if name != module}
    return graph


def _rank(group: str) -> int:
    for rank, layer in enumerate(LAYERS):
        if group in layer:
            return rank
    raise AssertionError(f"touchsite/{group} belongs to no layer: add it to LAYERS")


def test_every_import_points_down_the_stages():
    back_edges = []
    for module, imported in _imports().items():
        group = _group(module)
        if group == "__init__":
            continue
        for name in imported:
            target = _group(name)
            if target == "__init__":
                continue
            if _rank(target) > _rank(group) or target in NOT_FROM.get(group, ()):
                back_edges.append(f"{module} -> {name}")
    assert back_edges == []


def test_no_import_cycle():
    graph = _imports()
    modules = {name for name in graph}

    def resolve(name: str) -> str | None:
        return name if name in modules else None

    state: dict[str, int] = {}  # 1 = on the path, 2 = done
    cycles = []

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for name in sorted(graph[module]):
            target = resolve(name)
            if target is None:
                continue
            if state.get(target) == 1:
                cycles.append(" -> ".join(path[path.index(target) :] + [target]))
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []
