from pathlib import Path

import pytest

from loa.vitext.resources import DATA_DIR, load_once, model_path


def test_model_path_env_or_package(monkeypatch, tmp_path):
    monkeypatch.delenv("LOA_TEST_MODEL", raising=False)
    assert model_path("LOA_TEST_MODEL", "x.npz") == DATA_DIR / "x.npz"
    assert DATA_DIR == Path(__file__).parents[2] / "src" / "loa" / "vitext" / "data"
    monkeypatch.setenv("LOA_TEST_MODEL", str(tmp_path / "y.npz"))
    assert model_path("LOA_TEST_MODEL", "x.npz") == tmp_path / "y.npz"


def test_load_once_loads_once_and_again_after_reset(tmp_path):
    file = tmp_path / "m.txt"
    file.write_text("model")
    calls = []
    namespace = {"_model": None}

    def load(path):
        calls.append(path)
        return path.read_text()

    def get():
        return load_once(namespace, "_model", lambda: file, "Test model", "LOA_TEST_MODEL", load)

    assert get() == "model" and get() == "model" and calls == [file]
    namespace["_model"] = None
    assert get() == "model" and len(calls) == 2


def test_load_once_missing_file_says_make_model(tmp_path):
    namespace = {}
    with pytest.raises(FileNotFoundError, match=r"Test model not found: .*make model.*LOA_TEST"):
        load_once(namespace, "_m", lambda: tmp_path / "none", "Test model", "LOA_TEST_MODEL",
                  lambda p: 1)
    assert namespace.get("_m") is None
