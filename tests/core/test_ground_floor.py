"""core/ is the ground floor: every app may import it, and it imports none of them."""

import ast
from pathlib import Path

from django.apps import apps

ROOT = Path(__file__).resolve().parents[2]


def project_apps() -> set[str]:
    """The project's own apps (accounts, couples, ..., instance), found rather than listed."""
    return {
        config.name.split(".")[0]
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT
    } - {"core"}


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, at the top or inside functions, with its line."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node.lineno, node.module))
    return found


def test_core_imports_no_feature_app():
    feature_apps = project_apps()
    assert {"accounts", "notifications", "checkins", "support", "instance"} <= feature_apps

    upward = [
        f"{path.relative_to(ROOT)}:{line} imports {module}"
        for path in sorted((ROOT / "core").rglob("*.py"))
        for line, module in imported_modules(path)
        if module.split(".")[0] in feature_apps
    ]

    assert upward == [], "core/ must not import feature apps; register downward instead"


def test_the_import_check_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("def f():\n    from notifications.models import Notification\n")

    assert imported_modules(module) == [(2, "notifications.models")]
