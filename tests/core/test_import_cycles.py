"""No import cycles among Duet's own modules.

A cycle makes the import order matter and hides which module is the ground and which the
roof. The graph has one node per module and counts every import a static checker sees:
`TYPE_CHECKING` blocks and imports deferred into a function body too, since deferring an
import hides a cycle without removing it. Migrations and tests are not part of the graph.
"""

import ast
from pathlib import Path

from django.apps import apps
from django.conf import settings

# Cycles another branch removes; the coordinator deletes this entry after merging it.
KNOWN_CYCLES: set[frozenset[str]] = set()


def _first_party_modules() -> dict[str, Path]:
    roots = [
        Path(config.path)
        for config in apps.get_app_configs()
        if Path(config.path).parent == settings.BASE_DIR
    ]
    roots.append(settings.BASE_DIR / "config")
    modules = {}
    for root in roots:
        for path in root.rglob("*.py"):
            parts = path.relative_to(settings.BASE_DIR).with_suffix("").parts
            if "migrations" in parts or "tests" in parts:
                continue
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join(parts)] = path
    return modules


def _imports(tree: ast.Module, module: str, is_package: bool):
    """Every name the module imports, wherever in the file the import statement is."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            yield base
            yield from (f"{base}.{alias.name}" for alias in node.names)


def import_graph() -> dict[str, set[str]]:
    modules = _first_party_modules()
    graph = {}
    for module, path in modules.items():
        tree = ast.parse(path.read_text(), filename=str(path))
        imported = _imports(tree, module, path.name == "__init__.py")
        graph[module] = {name for name in imported if name in modules and name != module}
    return graph


def cycles(graph: dict[str, set[str]]) -> set[frozenset[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: set[frozenset[str]] = set()

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                found.add(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_graph_sees_the_project_and_its_imports():
    graph = import_graph()
    assert "couples.privacy" in graph
    assert "rituals.models" in graph
    assert not any(name.startswith("tests") or ".migrations" in name for name in graph)
    assert "couples.privacy" in graph["rituals.models"]


def test_the_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == {frozenset("abc")}
    assert cycles({"a": {"b"}, "b": set()}) == set()


def test_no_module_imports_itself_back_through_others():
    found = cycles(import_graph())
    unexpected = sorted(sorted(cycle) for cycle in found - KNOWN_CYCLES)
    assert not unexpected, f"import cycles among Duet's modules: {unexpected}"
