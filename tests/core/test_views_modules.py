"""A views module holds views: only URLconfs (and its own app's views) import it, and every
public function in it answers a request. Helpers two modules need live in a plain module
(../shared/STYLE.md, "Where code goes" and "Views")."""

import importlib
import inspect

from django.views import View

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


def is_view(value) -> bool:
    if inspect.isclass(value):
        return issubclass(value, View)
    return list(inspect.signature(inspect.unwrap(value)).parameters)[:1] == ["request"]


def public_helpers(module_name: str) -> list[str]:
    """Public functions and classes defined in the module that are not views: a function
    that does not take a request first, a class that is not a View."""
    module = importlib.import_module(module_name)
    return [
        f"{module_name}.{name}"
        for name, value in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(value) or inspect.isclass(value))
        # Defined here: not imported, nor a view wrapped by a decorator from elsewhere.
        and value.__module__ == module_name
        and not is_view(value)
    ]


def test_the_helper_check_finds_a_public_helper(tmp_path, monkeypatch):
    (tmp_path / "sample_views.py").write_text(
        "from django.views import View\n\n"
        "def page(request):\n    return None\n\n"
        "class Page(View):\n    pass\n\n"
        "def label_for(thing):\n    return str(thing)\n\n"
        "class Mixin:\n    pass\n\n"
        "def _private(thing):\n    return thing\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert public_helpers("sample_views") == ["sample_views.label_for", "sample_views.Mixin"]


def test_helpers_in_views_modules_are_private():
    helpers = [name for module in views_modules() for name in public_helpers(module)]
    assert helpers == [], "a helper in a views module starts with _ (STYLE.md, Views)"
