"""The model registry (loa.vitext.registry): a model registered once by name, its path from the
environment or its own data directory, loaded once per process even from many threads, and a
missing file that says how to build it. A temporary model stands for one of loa.analysis."""

import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from loa.vitext import registry


@pytest.fixture
def tmp_model(tmp_path, monkeypatch):
    """A model "test.tmp" in its own data directory (as loa.analysis registers its own)."""
    monkeypatch.delenv("LOA_TEST_TMP_MODEL", raising=False)
    calls = []

    def load(path):
        calls.append(path)
        time.sleep(0.05)  # a slow load: threads that ask meanwhile must wait, not load again
        return {"text": path.read_text(encoding="utf-8")}

    data = tmp_path / "data"
    data.mkdir()
    model = registry.register("test.tmp", filename="tmp.txt", env_var="LOA_TEST_TMP_MODEL",
                              description="Test model", loader=load,
                              build_hint="python -m loa.analysis.train", data_dir=data)
    try:
        yield SimpleNamespace(model=model, calls=calls)
    finally:
        registry.unregister("test.tmp")


def test_vitext_models_are_registered():
    models = registry.models()
    assert models["vitext.restorer"].filename == "ngram.npz"
    assert models["vitext.restorer"].env_var == "LOA_VITEXT_MODEL"
    assert models["vitext.repairer"].filename == "channel.json.gz"
    assert models["vitext.repairer"].env_var == "LOA_VITEXT_CHANNEL"
    assert registry.DATA_DIR == Path(__file__).parents[2] / "src" / "loa" / "vitext" / "data"
    assert models["vitext.restorer"].data_dir == registry.DATA_DIR


def test_path_from_own_data_dir_or_environment(tmp_model, tmp_path, monkeypatch):
    assert registry.path("test.tmp") == tmp_path / "data" / "tmp.txt"
    assert not registry.available("test.tmp")
    monkeypatch.setenv("LOA_TEST_TMP_MODEL", str(tmp_path / "elsewhere.txt"))
    assert registry.path("test.tmp") == tmp_path / "elsewhere.txt"
    (tmp_path / "elsewhere.txt").write_text("from the environment", encoding="utf-8")
    assert registry.available("test.tmp")
    assert registry.get("test.tmp") == {"text": "from the environment"}


def test_missing_file_names_file_variable_and_build_command(tmp_model, tmp_path):
    with pytest.raises(registry.ModelNotFoundError) as info:
        registry.get("test.tmp")
    message = str(info.value)
    assert message.startswith("Test model not found: ")
    assert str(tmp_path / "data" / "tmp.txt") in message
    assert "LOA_TEST_TMP_MODEL" in message and "`python -m loa.analysis.train`" in message
    assert isinstance(info.value, FileNotFoundError)
    assert info.value.path == tmp_path / "data" / "tmp.txt"
    assert info.value.model is tmp_model.model
    assert tmp_model.calls == []
    # nothing was cached: once the file is there, it loads
    (tmp_path / "data" / "tmp.txt").write_text("built", encoding="utf-8")
    assert registry.get("test.tmp") == {"text": "built"}


def test_loaded_once_and_again_after_unload(tmp_model, tmp_path):
    (tmp_path / "data" / "tmp.txt").write_text("v1", encoding="utf-8")
    first = registry.get("test.tmp")
    assert registry.get("test.tmp") is first and len(tmp_model.calls) == 1
    (tmp_path / "data" / "tmp.txt").write_text("v2", encoding="utf-8")
    assert registry.get("test.tmp") is first  # loaded: the file is not read again
    registry.unload("test.tmp")
    assert registry.get("test.tmp") == {"text": "v2"} and len(tmp_model.calls) == 2


def test_concurrent_first_use_loads_once(tmp_model, tmp_path):
    (tmp_path / "data" / "tmp.txt").write_text("shared", encoding="utf-8")
    threads_n = 8
    start = threading.Barrier(threads_n)
    results = [None] * threads_n

    def worker(k):
        start.wait()
        results[k] = registry.get("test.tmp")

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(tmp_model.calls) == 1
    assert all(r is results[0] for r in results) and results[0] == {"text": "shared"}


def test_a_loader_may_get_another_model(tmp_model, tmp_path):
    """The lock is re-entrant: the repairer's loader gets the language model."""
    (tmp_path / "data" / "tmp.txt").write_text("base", encoding="utf-8")
    (tmp_path / "data" / "top.txt").write_text("top", encoding="utf-8")
    registry.register("test.top", filename="top.txt", env_var="LOA_TEST_TOP_MODEL",
                      description="Top model", data_dir=tmp_path / "data",
                      loader=lambda path: (path.read_text(), registry.get("test.tmp")["text"]))
    try:
        assert registry.get("test.top") == ("top", "base")
    finally:
        registry.unregister("test.top")


def test_one_name_one_model(tmp_model):
    with pytest.raises(ValueError, match="already registered"):
        registry.register("test.tmp", filename="x", env_var="X", description="x",
                          loader=lambda path: None)
    with pytest.raises(KeyError, match="no model 'test.nothing'"):
        registry.get("test.nothing")
