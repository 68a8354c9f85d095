"""Imports point one way (docs/architecture.md, "Layers"):

    vitext ← vocab ← documents ← org ← jobs ← plans ← (monitoring, broadcast) ← cases ← reports
    ← web, api

A package may import its own modules and those of lower layers, never a higher one; the lower
three never import Django at all. A new package gets its place in LAYERS before it can pass."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "loa"

#: package (or top-level module) → layer; higher layers may import lower ones.
LAYERS = {
    "vitext": 0,
    "vocab": 1,
    "documents": 2,
    "analysis": 2,  # coming: relevance, sentiment, risk (no Django)
    "formats": 3,  # Django's date formats for Vietnamese
    "org": 3,
    "jobs": 4,
    "plans": 5,
    "monitoring": 6,
    "broadcast": 6,
    "cases": 7,
    "reports": 8,
    "web": 9,
    "api": 9,
    "demo": 9,  # builds a demo world through every app
    "urls": 10,
    "settings": 10,
    "wsgi": 10,
    "cli": 10,
    "__main__": 10,
    "__init__": 10,
}
WITHOUT_DJANGO = ["vitext", "vocab", "documents"]


def package_of(path: Path) -> str:
    return path.relative_to(SRC).parts[0].removesuffix(".py")


def loa_imports(path: Path):
    """(line, imported loa package) for every import of loa code in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    own = package_of(path)
    depth = len(path.relative_to(SRC).parts) - 1  # folders below loa/
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the file's package
                if node.level <= depth:
                    continue  # inside its own package
                names = [f"loa.{node.module}" if node.module else "loa"]
                if node.module is None:
                    names = [f"loa.{alias.name}" for alias in node.names]
            else:
                names = [node.module or ""]
                if node.module == "loa":
                    names = [f"loa.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "loa" and len(parts) > 1 and parts[1] != own:
                yield node.lineno, parts[1]


def python_files():
    return sorted(p for p in SRC.rglob("*.py") if "migrations" not in p.parts)


def test_every_package_has_a_layer():
    assert {package_of(p) for p in python_files()} <= set(LAYERS)


@pytest.mark.parametrize("path", python_files(), ids=lambda p: str(p.relative_to(SRC)))
def test_no_import_points_upwards(path):
    own = LAYERS[package_of(path)]
    # strictly lower, except among the top (pages, API, demo, commands) and unknown packages
    upwards = [(line, package) for line, package in loa_imports(path)
               if LAYERS.get(package, 99) > own or LAYERS.get(package, 99) == own < 9]
    assert not upwards, f"{path.relative_to(SRC)} imports upwards or sideways: {upwards}"


def test_the_lower_layers_import_without_django():
    code = (
        "import importlib, pkgutil, sys\n"
        f"for name in {WITHOUT_DJANGO!r}:\n"
        "    package = importlib.import_module('loa.' + name)\n"
        "    for info in pkgutil.walk_packages(package.__path__, package.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(len(bad), bad[:5])\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            cwd=SRC.parents[1], timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("0 "), result.stdout
