"""articles/extraction is pure Python: it imports the standard library, its own modules and the
few third-party packages listed here, each declared in requirements.in. No Django, no project app."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import articles.extraction

PACKAGE = Path(articles.extraction.__file__).parent
REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements.in"
# Import name -> the distribution that provides it, as requirements.in names it.
THIRD_PARTY = {
    "ahocorasick": "pyahocorasick",  # the alias and key matcher (automaton.py)
    "pycountry": "pycountry",  # country names and codes (countries.py)
}
# Packages whose data files the engine reads (not their code), by package name -> distribution.
DATA_PACKAGES = {
    "gender_guesser": "gender-guesser",  # given names (given_names.py)
}


def _imports(path: Path) -> set[str]:
    """The top-level names of the absolute imports of one module (relative ones stay in the package)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_module_imports_only_the_standard_library_its_package_and_declared_packages() -> None:
    allowed = set(sys.stdlib_module_names) | set(THIRD_PARTY) | {"articles"}
    for path in _modules():
        outside = _imports(path) - allowed
        assert not outside, f"{path.relative_to(PACKAGE)} imports {sorted(outside)}"


def test_absolute_imports_of_the_project_stay_inside_the_package() -> None:
    # "from articles.extraction.x import y" is the package itself; "articles.models" is Django's app.
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and (node.module or "").startswith("articles"):
                assert node.module.startswith("articles.extraction"), (path.name, node.module)
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("articles"):
                        assert alias.name.startswith("articles.extraction"), (path.name, alias.name)


def test_the_third_party_packages_allowed_are_declared_and_used() -> None:
    declared = {
        re.split(r"[\[=<>~ ]", line.strip())[0].lower()
        for line in REQUIREMENTS.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert set(THIRD_PARTY.values()) | set(DATA_PACKAGES.values()) <= declared
    used = set().union(*(_imports(p) for p in _modules()))
    assert set(THIRD_PARTY) <= used  # a package no longer used leaves this list
    sources = "".join(p.read_text() for p in _modules())
    assert all(f'resources.files("{package}")' in sources for package in DATA_PACKAGES)


def test_the_guard_sees_a_django_import(tmp_path: Path) -> None:
    path = tmp_path / "probe.py"
    path.write_text("import json\nfrom django.db import models\nfrom . import cues\nimport re._parser\n")
    assert _imports(path) == {"json", "django", "re"}
