"""The house's rules, checked on every run: imports go one way and form no circles
(import-linter's contracts in pyproject.toml, also run by `make lint`), and no migration
imports application code, so that a migration means the same for ever."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APPS = ("articles", "relations", "agreements", "curated", "desk")


def test_import_contracts_are_kept():
    result = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "BROKEN" not in result.stdout


def _imported_modules(path: Path) -> list[str]:
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
    return names


@pytest.mark.parametrize(
    "migration",
    sorted(p for app in APPS for p in (ROOT / app / "migrations").glob("[0-9]*.py")),
    ids=lambda p: f"{p.parent.parent.name}/{p.name}",
)
def test_migrations_import_no_application_code(migration):
    ours = {"common", "config", *APPS}
    imported = [name for name in _imported_modules(migration) if name.split(".")[0] in ours]
    assert imported == [], f"{migration} imports {imported}: copy what it needs into the migration"
