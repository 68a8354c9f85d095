"""``loa text restore`` streams a file line for line with a model chosen by LOA_VITEXT_MODEL."""

import io
import os
import subprocess
import sys

from loa.vitext.cli import stream_lines

from .test_lm_data import SENTENCES, make_tiny_lm


def test_stream_keeps_every_line_and_calls_in_batches():
    calls = []

    def upper(text):
        calls.append(text)
        return text.upper()

    source = io.StringIO("một\n\nhai\nba")
    target = io.StringIO()
    assert stream_lines(upper, source, target, size=2) == 4
    assert target.getvalue() == "MỘT\n\nHAI\nBA"
    assert len(calls) == 2


def test_loa_text_restore_command(tmp_path):
    model = tmp_path / "tiny.npz"
    make_tiny_lm().save(model)
    from loa.vitext import strip_diacritics

    # Document symbols are left as typed (putting Đ back in "QD-TTg" is repair's job).
    first, second = [s for s in SENTENCES if "/" not in s][:2]
    text = "\n".join([strip_diacritics(first), "", strip_diacritics(second)]) + "\n"
    env = {**os.environ, "LOA_VITEXT_MODEL": str(model)}
    result = subprocess.run([sys.executable, "-m", "loa", "text", "restore"], input=text,
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[1] == "" and len(lines) == 4
    from loa.vitext import normalize

    assert normalize(lines[0]) == normalize(first)
    assert normalize(lines[2]) == normalize(second)


def test_loa_text_restore_without_a_model_says_what_to_do(tmp_path):
    env = {**os.environ, "LOA_VITEXT_MODEL": str(tmp_path / "missing.npz")}
    result = subprocess.run([sys.executable, "-m", "loa", "text", "restore"], input="xin chao\n",
                            capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 2
    assert "make model" in result.stderr


def test_loa_text_train_runs_the_language_model_trainer(tmp_path, capsys):
    import gzip
    import json

    from loa.vitext.cli import main
    from loa.vitext.lm import NgramLM

    corpus = tmp_path / "c.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as f:
        for i in range(60):
            f.write(json.dumps({"id": f"a{i}", "text": SENTENCES[i % len(SENTENCES)]}) + "\n")
    out = tmp_path / "m.npz"
    assert main(["train", "--corpus", str(corpus), "--out", str(out), "--jobs", "1",
                 "--min-word-count", "1", "--min-count", "1"]) == 0
    assert "tuyên" in NgramLM.load(out).ids
    assert main(["train", "--corpus", str(tmp_path / "missing.jsonl.gz")]) == 2
    assert "corpus not found" in capsys.readouterr().err
