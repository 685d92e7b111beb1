"""A views module holds views: only URLconfs (and its own app's views) import it, and every
public function in it answers a request. Helpers two modules need live in a plain module
(../shared/STYLE.md, "Where code goes" and "Views")."""

import importlib
import inspect

from tests.core.test_import_cycles import import_graph


def is_views_module(module: str) -> bool:
    return module.rpartition(".")[2].endswith("views")


def views_modules() -> list[str]:
    return sorted(module for module in import_graph() if is_views_module(module))


def may_import(importer: str, views_module: str) -> bool:
    """A URLconf routes to views; a view of the same app may hand a request to another."""
    same_app = importer.partition(".")[0] == views_module.partition(".")[0]
    return importer.rpartition(".")[2] == "urls" or (same_app and is_views_module(importer))


def test_the_checks_find_the_views_modules():
    found = views_modules()
    assert {"rituals.views", "accounts.sso_views", "pwa.views", "core.views"} <= set(found)
    assert not may_import("instance.management.commands.make_icons", "pwa.views")
    assert may_import("accounts.security_views", "accounts.sso_views")
    assert not may_import("support.views", "checkins.views")


def test_only_urlconfs_and_their_own_apps_views_import_a_views_module():
    graph = import_graph()
    wrong = sorted(
        f"{importer} imports {imported}"
        for importer, imported_modules in graph.items()
        for imported in imported_modules
        if is_views_module(imported) and not may_import(importer, imported)
    )
    assert wrong == [], "move what they share into a plain module (STYLE.md)"


def public_helpers(module_name: str) -> list[str]:
    """Public functions defined in the module that do not take a request first."""
    module = importlib.import_module(module_name)
    found = []
    for name, value in vars(module).items():
        if name.startswith("_") or not inspect.isfunction(value):
            continue
        if value.__module__ != module_name:
            continue  # imported, or a view wrapped by a decorator from elsewhere
        parameters = list(inspect.signature(inspect.unwrap(value)).parameters)
        if parameters[:1] != ["request"]:
            found.append(f"{module_name}.{name}")
    return found


def test_the_helper_check_finds_a_public_helper(tmp_path, monkeypatch):
    (tmp_path / "sample_views.py").write_text(
        "def page(request):\n    return None\n\n"
        "def label_for(thing):\n    return str(thing)\n\n"
        "def _private(thing):\n    return thing\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert public_helpers("sample_views") == ["sample_views.label_for"]


def test_helpers_in_views_modules_are_private():
    helpers = [name for module in views_modules() for name in public_helpers(module)]
    assert helpers == [], "a helper in a views module starts with _ (STYLE.md, Views)"
