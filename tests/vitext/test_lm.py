
import numpy as np
import pytest

from loa.vitext.lm import (
    BOS,
    EOS,
    Coded,
    NgramLM,
    _quantise,
    case_class,
    lm_tokens,
    sentences_cased,
    sentences_tokens,
    train,
)

from .test_lm_data import SENTENCES, make_tiny_lm


@pytest.fixture
def tiny_lm():
    return make_tiny_lm()


def test_lm_tokens_classes_and_boundaries():
    toks = lm_tokens("Thực hiện Quyết định số 628/QĐ-TTg ngày 11/05/2020. Xem https://a.gov.vn, "
                     "tel 0912 345 678!\nHÒA bình")
    assert toks[:9] == ["<s>", "thực", "hiện", "quyết", "định", "số", "<sym>", "ngày", "<num>"]
    assert toks[9:11] == ["</s>", "<s>"]
    assert "<url>" in toks and "," in toks
    # line breaks end sentences; upper case lowered; tone marks in the new style
    assert toks[-4:] == ["<s>", "hoà", "bình", "</s>"]


def test_sentences_tokens_empty():
    assert list(sentences_tokens("")) == []
    assert list(sentences_tokens("...\n\n!")) == []


def test_train_sizes_and_probabilities(tiny_lm):
    lm = tiny_lm
    assert lm.order == 3
    assert lm.vocab[:2] == ["<s>", "</s>"]
    assert all(len(k) > 0 for k in lm.keys)
    # keys are sorted and unique (needed for searchsorted)
    for k in lm.keys[1:]:
        assert np.all(np.diff(k.astype(np.float64)) > 0)
    # unigram distribution sums to about 1 (in probability)
    p = 10 ** lm.logp[0].astype(np.float64)
    assert 0.98 < p.sum() < 1.02


def test_seen_trigram_scores_higher_than_unseen(tiny_lm):
    seen = tiny_lm.score(["thực", "hiện", "quyết", "định"])
    unseen = tiny_lm.score(["định", "quyết", "hiện", "thực"])
    assert seen > unseen
    i = tiny_lm.ids
    a = tiny_lm.score_ids([np.array([i["thủ"]]), np.array([i["tướng"]])],
                          np.array([i["chính"]]))[0]
    b = tiny_lm.score_ids([np.array([i["thủ"]]), np.array([i["tướng"]])],
                          np.array([i["học"]]))[0]
    assert a > b
    assert a <= 0


def test_conditional_distribution_sums_to_one(tiny_lm):
    lm = tiny_lm
    V = len(lm.vocab)
    words = np.arange(1, V)  # every word but <s>
    for ctx in (["thủ", "tướng"], ["tuyên", "truyền"], ["nhân", "dân"]):
        hist = [np.full(V - 1, lm.ids[w]) for w in ctx]
        total = (10 ** lm.score_ids(hist, words)).sum()
        assert total == pytest.approx(1.0, abs=0.02)


def test_save_load_round_trip(tiny_lm, tmp_path):
    path = tmp_path / "m.npz"
    tiny_lm.save(path)
    lm = NgramLM.load(path)
    assert lm.vocab == tiny_lm.vocab
    assert lm.order == tiny_lm.order
    for a, b in zip(lm.keys, tiny_lm.keys):
        assert np.array_equal(a, b)
    # quantisation keeps the scores close
    for sentence in SENTENCES[:5]:
        toks = lm_tokens(sentence)[1:-1]
        assert lm.score(toks) == pytest.approx(tiny_lm.score(toks), abs=0.05 * len(toks))


def test_save_load_order_four_with_case(tmp_path):
    lm = train(SENTENCES * 2, order=4, min_count=[1, 1, 2], min_word_count=1,
               log=lambda *_a: None)
    assert lm.order == 4 and len(lm.keys[3]) > 0 and lm.case_logp.shape == (len(lm.vocab), 8)
    path = tmp_path / "m4.npz"
    lm.save(path)
    back = NgramLM.load(path)
    for a, b in zip(back.keys, lm.keys):  # the trie layout gives the same sorted keys
        assert np.array_equal(a, b)
    assert isinstance(back.logp[2], Coded) and len(back.logp[2]) == len(lm.keys[2])
    assert np.abs(np.asarray(back.logp[2]) - lm.logp[2]).max() < 0.05
    assert np.abs(back.case_logp - lm.case_logp).max() < 0.05
    toks = lm_tokens(SENTENCES[1])[1:-1]
    assert back.score(toks) == pytest.approx(lm.score(toks), abs=0.05 * len(toks))


def test_case_classes_and_contexts():
    assert [case_class(w) for w in ("hà", "Hà", "HÀ", "hÀ", "A", "a")] == [0, 1, 2, 3, 1, 0]
    [(tokens, cases)] = list(sentences_cased('Ông Nguyễn Văn A, "Hà Nội" và UBND'))
    assert tokens == ["ông", "nguyễn", "văn", "a", ",", '"', "hà", "nội", '"', "và", "ubnd"]
    # 4 * (after a word or comma) + class; -1 for punctuation; after a quote counts as a start
    assert cases == [1, 5, 5, 5, -1, -1, 1, 5, -1, 0, 6]


def test_order_four_and_pruning():
    lm = train(SENTENCES, order=4, min_count=2, min_word_count=1, log=lambda *_a: None)
    assert lm.order == 4
    # every sentence is seen once: pruning at 2 leaves (almost) nothing in orders >= 2,
    # yet scoring still works through the back-off
    assert len(lm.keys[3]) == 0
    assert np.isfinite(lm.score(["thực", "hiện"]))


def test_quantise():
    values = np.random.default_rng(0).normal(-3, 1, 10_000)
    codes, book = _quantise(values)
    assert codes.dtype == np.uint8 and len(book) <= 256
    assert np.abs(book[codes] - values).mean() < 0.02
    few = np.array([-1.0, -2.0, -1.0])
    codes, book = _quantise(few)
    assert np.array_equal(book[codes], few)


def test_specials():
    assert (BOS, EOS) == (0, 1)


def test_train_corpus_command(tmp_path, capsys):
    import gzip
    import json

    from loa.vitext.training.corpus import is_heldout, read_corpus
    from loa.vitext.training.train_lm import main

    corpus = tmp_path / "c.jsonl.gz"
    with gzip.open(corpus, "wt", encoding="utf-8") as f:
        for i in range(200):
            f.write(json.dumps({"id": f"a{i}", "text": SENTENCES[i % len(SENTENCES)]}) + "\n")
    held = [a["id"] for a in read_corpus(corpus, heldout=True)]
    train_ids = [a["id"] for a in read_corpus(corpus)]
    assert held and all(is_heldout(i) for i in held)
    assert not set(held) & set(train_ids) and len(held) + len(train_ids) == 200
    assert is_heldout("x") == is_heldout("x")
    out = tmp_path / "m.npz"
    assert main(["--corpus", str(corpus), "--out", str(out), "--jobs", "1",
                 "--min-word-count", "1", "--min-count", "1"]) == 0
    assert "saved" in capsys.readouterr().out
    lm = NgramLM.load(out)
    assert lm.order == 4 and "tuyên" in lm.ids
    # the case statistics: "hải" (in "Hải Phòng") is written capitalised after a word
    case = lm.case_logp[lm.ids["hải"]]
    assert case[4 + 1] > case[4 + 0]
    assert main(["--corpus", str(tmp_path / "missing.jsonl.gz"), "--out", str(out)]) == 2
