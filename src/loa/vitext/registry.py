"""The model registry: every model file of Loa's text packages, registered once by name.

A model is a file and the function that makes it ready to use. Its owner registers it once, at
import time, with its file name, the environment variable that overrides its path, a human
description, the loader and how to build the file::

    from loa.vitext import registry

    registry.register("vitext.restorer", filename="ngram.npz", env_var="LOA_VITEXT_MODEL",
                      description="Vietnamese language model",
                      loader=lambda path: Restorer(NgramLM.load(path)))

A package with its own data directory (``loa.analysis``) passes ``data_dir``. Then:

* :func:`get` — the loaded model, loaded on first use and once per process: threads share one
  copy. The lock is re-entrant because a loader may need another model (the repairer loads the
  language model).
* :func:`path` — ``$ENV_VAR`` when that variable is set, else ``data_dir/filename``;
  :func:`available` — whether that file exists.
* :func:`unload` — drop a loaded model (tests do): the next :func:`get` loads it again.

A missing file raises :class:`ModelNotFoundError` (a :class:`FileNotFoundError`) that names the
file, the environment variable and how to build it. Nothing here imports Django or a model's
own code: loaders do that when they run.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["DATA_DIR", "Model", "ModelNotFoundError", "available", "get", "models", "path",
           "register", "unload", "unregister"]

#: Where :mod:`loa.vitext`'s models live unless a model says otherwise (``make model``).
DATA_DIR = Path(__file__).parent / "data"


@dataclass(frozen=True)
class Model:
    """One registered model file and how to load and build it."""

    name: str
    filename: str
    env_var: str
    description: str
    loader: Callable[[Path], Any]
    build_hint: str = "make model"
    data_dir: Path = DATA_DIR

    def path(self) -> Path:
        """``$env_var`` if it is set, else ``data_dir/filename``."""
        value = os.environ.get(self.env_var)
        return Path(value) if value else Path(self.data_dir) / self.filename


class ModelNotFoundError(FileNotFoundError):
    """A registered model's file is missing; the message says how to build it."""

    def __init__(self, model: Model, file: Path):
        super().__init__(
            f"{model.description} not found: {file}. Build it with `{model.build_hint}` (from "
            f"the repository root), or point {model.env_var} at a model file.")
        self.model = model
        self.path = Path(file)  # (not ``filename``: OSError would print that instead)


_models: dict[str, Model] = {}
_loaded: dict[str, Any] = {}
# Re-entrant: a loader may get another model (the repairer loads the language model).
_lock = threading.RLock()


def register(name: str, *, filename: str, env_var: str, description: str,
             loader: Callable[[Path], Any], build_hint: str = "make model",
             data_dir: str | os.PathLike | None = None) -> Model:
    """Register the model ``name`` (e.g. "vitext.restorer", "analysis.sentiment") once.

    Registering a name twice is an error: one model, one home."""
    model = Model(name, filename, env_var, description, loader, build_hint,
                  Path(data_dir) if data_dir is not None else DATA_DIR)
    with _lock:
        if name in _models:
            raise ValueError(f"model {name!r} is already registered")
        _models[name] = model
    return model


def unregister(name: str) -> None:
    """Forget the model ``name`` and its loaded copy (tests that register their own)."""
    with _lock:
        _models.pop(name, None)
        _loaded.pop(name, None)


def models() -> dict[str, Model]:
    """The registered models by name."""
    return dict(_models)


def _model(name: str) -> Model:
    try:
        return _models[name]
    except KeyError:
        raise KeyError(f"no model {name!r} is registered (known: "
                       f"{', '.join(sorted(_models)) or 'none'})") from None


def path(name: str) -> Path:
    """Where the model ``name`` is read from: ``$ENV_VAR`` if set, else its data directory."""
    return _model(name).path()


def available(name: str) -> bool:
    """Whether the model ``name``'s file exists."""
    return path(name).exists()


def get(name: str) -> Any:
    """The model ``name``, loaded on first use (once per process; threads share it).

    Raises :class:`ModelNotFoundError` when its file is missing (nothing is cached then)."""
    try:
        return _loaded[name]
    except KeyError:
        pass
    with _lock:
        if name in _loaded:
            return _loaded[name]
        model = _model(name)
        file = model.path()
        if not file.exists():
            raise ModelNotFoundError(model, file)
        value = _loaded[name] = model.loader(file)
        return value


def unload(name: str | None = None) -> None:
    """Drop the loaded model ``name`` (all of them with None): the next :func:`get` loads it
    again, from the path the environment gives then."""
    with _lock:
        if name is None:
            _loaded.clear()
        else:
            _loaded.pop(name, None)
