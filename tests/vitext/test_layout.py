"""The shape of loa.vitext: no Django anywhere, the running engine never imports the training
code, and model files are loaded only through the registry."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import loa.vitext

PACKAGE = Path(loa.vitext.__file__).parent


def _modules(training: bool) -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        if (parts[0] == "training") != training:
            continue
        parts = parts[:-1] if parts[-1] == "__init__" else parts
        names.append(".".join(("loa", "vitext", *parts)))
    return names


def _imported(names: list[str]) -> set[str]:
    code = ("import importlib, sys\n"
            f"for name in {names!r}:\n"
            "    importlib.import_module(name)\n"
            "print('\\n'.join(sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, timeout=120)
    return set(result.stdout.split())


def test_runtime_imports_neither_training_nor_django():
    runtime = _modules(training=False)
    assert "loa.vitext.repair.decoder" in runtime and "loa.vitext.registry" in runtime
    loaded = _imported(runtime)
    assert not {m for m in loaded if m.startswith("loa.vitext.training")}
    assert not {m for m in loaded if m == "django" or m.startswith("django.")}


def test_training_imports_no_django():
    training = _modules(training=True)
    assert "loa.vitext.training.render_pages" in training
    loaded = _imported(training)
    assert not {m for m in loaded if m == "django" or m.startswith("django.")}


def _imports_of(path: Path) -> list[tuple[str, int]]:
    """(module named, depth in functions) of every import statement of a source file."""
    found = []

    def walk(node, depth):
        for child in ast.iter_child_nodes(node):
            inner = depth + isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef))
            if isinstance(child, ast.Import):
                found.extend((alias.name, depth) for alias in child.names)
            elif isinstance(child, ast.ImportFrom):
                found.append(("." * child.level + (child.module or ""), depth))
            walk(child, inner)

    walk(ast.parse(path.read_text(encoding="utf-8")), 0)
    return found


def test_no_runtime_module_names_the_training_package():
    """Only `loa text train` (cli.py, inside the command) reaches into training."""
    for path in PACKAGE.rglob("*.py"):
        if "training" in path.relative_to(PACKAGE).parts:
            continue
        for module, depth in _imports_of(path):
            if re.search(r"(^|\.)training(\.|$)", module):
                assert path.name == "cli.py" and depth > 0, (path, module)


def test_models_are_loaded_only_through_the_registry():
    """Model files are read by their class's load() (NgramLM, ChannelModel), and that is called
    only by the loaders the registry runs (restorer.py, repair/__init__.py)."""
    calls = {}
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                    node.func.attr == "load" and isinstance(node.func.value, ast.Name) and \
                    node.func.value.id in ("np", "NgramLM", "ChannelModel"):
                key = (path.relative_to(PACKAGE).as_posix(), node.func.value.id)
                calls[key] = calls.get(key, 0) + 1
    assert calls == {
        ("lm.py", "np"): 1,  # inside NgramLM.load
        ("restorer.py", "NgramLM"): 1,
        ("repair/__init__.py", "ChannelModel"): 1,
    }
