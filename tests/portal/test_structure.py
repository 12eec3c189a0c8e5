"""The shared kit stands under every app and imports none of them; apps contribute to it by registering."""

import ast
from pathlib import Path

from django.conf import settings

DOMAIN_APPS = {"places", "priorities", "governance", "dashboards"}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_module_of_the_portal_package_imports_a_domain_app():
    offenders = {}
    for path in sorted((settings.BASE_DIR / "blmk_portal").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        domain = {name for name in imported_modules(path) if name.split(".")[0] in DOMAIN_APPS}
        if domain:
            offenders[str(path.relative_to(settings.BASE_DIR))] = sorted(domain)
    assert offenders == {}


def test_the_check_itself_would_catch_an_import(tmp_path):
    """The control: a module that does import an app is caught by the same reading."""
    module = tmp_path / "example.py"
    module.write_text("from governance.models import Membership\nimport places.models\n", encoding="utf-8")
    assert {name.split(".")[0] for name in imported_modules(module)} & DOMAIN_APPS == {"governance", "places"}
