"""The direction of dependencies, read from the imports of every module (no code is run).

storage/ and faq/ stand alone; handlers/ knows nothing of bot/; only bot/transports/ speaks
to a Telegram library; SQL is written in storage/ only; the core knows no feature; the
renderers in handlers/exports/ take plain rows.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
OURS = ("bot", "handlers", "faq", "storage")
TELEGRAM_LIBRARIES = ("aiogram", "telegram")
SQL_BUILDERS = {"select", "insert", "update", "delete", "func", "text", "and_", "or_", "Select", "literal_column"}
CORE_MAY_IMPORT = ("handlers.core", "handlers.content", "faq", "storage")


def imports(path: Path) -> list[tuple[str, set[str]]]:
    """(module, names imported from it) for every import statement of a file."""
    found: list[tuple[str, set[str]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, set()) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = {alias.name for alias in node.names}
            found.append((node.module, names))
            found += [(f"{node.module}.{name}", set()) for name in names]
    return found


def modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def top(module: str) -> str:
    return module.split(".", 1)[0]


def within(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def violations(package: str, forbidden) -> list[str]:
    found = []
    for path in modules(package):
        for module, names in imports(path):
            reason = forbidden(path.relative_to(ROOT), module, names)
            if reason:
                found.append(f"{path.relative_to(ROOT)}: {module} ({reason})")
    return sorted(set(found))


@pytest.mark.parametrize("package", ["storage", "faq"])
def test_storage_and_faq_import_no_other_package_of_ours(package):
    def forbidden(_path, module, _names):
        return "another package of ours" if top(module) in OURS and top(module) != package else ""

    assert violations(package, forbidden) == []


def test_handlers_never_import_the_runtime():
    assert violations("handlers", lambda _p, module, _n: "bot/ imported" if top(module) == "bot" else "") == []


def test_telegram_libraries_only_in_the_transports():
    def forbidden(path, module, _names):
        if top(module) in TELEGRAM_LIBRARIES and not str(path).startswith("bot/transports/"):
            return "a Telegram library outside bot/transports/"
        return ""

    assert [v for package in OURS for v in violations(package, forbidden)] == []


def test_sql_is_built_in_storage_only():
    def forbidden(_path, module, names):
        if top(module) == "sqlalchemy" and names & SQL_BUILDERS:
            return f"builds SQL: {', '.join(sorted(names & SQL_BUILDERS))}"
        return ""

    assert [v for package in ("bot", "handlers", "faq") for v in violations(package, forbidden)] == []


def test_the_core_knows_no_feature():
    def forbidden(path, module, _names):
        if path.name == "registry.py" or top(module) != "handlers":  # the registry lists the features
            return ""
        return "" if any(within(module, allowed) for allowed in CORE_MAY_IMPORT) else "a feature imported by the core"

    assert violations("handlers/core", forbidden) == []


def test_renderers_take_plain_rows():
    def forbidden(_path, module, _names):
        if top(module) in OURS and not within(module, "handlers.exports"):
            return "a renderer reaching into a feature or the database"
        return ""

    assert violations("handlers/exports", forbidden) == []


def test_handlers_top_level_holds_features_only():
    loose = sorted(p.name for p in (ROOT / "handlers").glob("*.py") if p.name != "__init__.py")
    assert loose == []
