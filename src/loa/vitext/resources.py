"""The model files of :mod:`loa.vitext`: where each one is, and loading it once.

A model file is ``$<ENV_VAR>`` when that variable is set, else ``loa/vitext/data/<name>`` in the
package (``make model`` builds them). :func:`load_once` loads it on first use, once per process
(under a lock, so threads share one copy), into a module-level variable of the caller.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

__all__ = ["DATA_DIR", "load_once", "model_path"]

DATA_DIR = Path(__file__).parent / "data"

# Re-entrant: loading the repairer loads the restorer's language model too.
_lock = threading.RLock()


def model_path(env_var: str, filename: str) -> Path:
    """``$env_var`` if it is set, else the package's ``data/filename``."""
    env = os.environ.get(env_var)
    return Path(env) if env else DATA_DIR / filename


def load_once(namespace: dict[str, Any], name: str, path: Callable[[], Path], what: str,
              env_var: str, load: Callable[[Path], Any]) -> Any:
    """``namespace[name]`` (a module's ``globals()``), set to ``load(path())`` on first use.

    A missing file raises :class:`FileNotFoundError` saying how to build it (``make model``).
    Setting ``namespace[name]`` back to None makes the next call load again (tests do)."""
    value = namespace.get(name)
    if value is None:
        with _lock:
            value = namespace.get(name)
            if value is None:
                file = path()
                if not file.exists():
                    raise FileNotFoundError(
                        f"{what} not found: {file}. Build it with `make model` (from the "
                        f"repository root), or point {env_var} at a model file.")
                value = namespace[name] = load(file)
    return value
