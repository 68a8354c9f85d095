
import pytest

from loa.vitext import normalize, registry
from loa.vitext import restorer as restore_mod
from loa.vitext.restorer import default_model_path, strip_diacritics

from .test_lm_data import SENTENCES, make_tiny_lm, make_tiny_restorer


@pytest.fixture
def tiny_lm():
    return make_tiny_lm()


@pytest.fixture
def tiny_restorer():
    return make_tiny_restorer()


def test_strip_diacritics_keeps_case():
    assert strip_diacritics("Đường HOÀ Bình, thủy điện") == "Duong HOA Binh, thuy dien"
    assert strip_diacritics("") == ""


@pytest.mark.parametrize("sentence", SENTENCES)
def test_round_trip_seen_sentences(tiny_restorer, sentence):
    # document symbols are kept as typed (putting Đ back in QD-TTg is repair's job)
    expected = normalize(sentence, "old").replace("QĐ-", "QD-")
    assert tiny_restorer.restore(strip_diacritics(sentence)) == expected


def test_round_trip_whole_text_keeps_lines(tiny_restorer):
    text = "\n".join(SENTENCES[:4]) + "\n\n" + SENTENCES[4] + "\n"
    expected = "\n".join(normalize(line, "old") for line in text.split("\n"))
    expected = expected.replace("QĐ-", "QD-")
    assert tiny_restorer.restore(strip_diacritics(text)) == expected


def test_numbers_symbols_urls_spacing_kept(tiny_restorer):
    text = "Thuc hien  Quyet dinh so 628/QD-TTg ngay 11/05/2020;\ttai https://haiphong.gov.vn !!"
    out = tiny_restorer.restore(text)
    assert out.startswith("Thực hiện  Quyết định số 628/QD-TTg ngày 11/05/2020;\t")
    assert out.endswith("https://haiphong.gov.vn !!")


def test_case_kept(tiny_restorer):
    assert tiny_restorer.restore("THU TUONG CHINH PHU") == "THỦ TƯỚNG CHÍNH PHỦ"
    assert tiny_restorer.restore("Hai Phong") == "Hải Phòng"
    assert tiny_restorer.restore("thanh pho Hai Phong") == "thành phố Hải Phòng"


def test_words_with_marks_are_kept(tiny_restorer):
    # "hoa" typed with a (wrong but deliberate) mark stays; the others are restored
    out = tiny_restorer.restore("Thực hien Quyết dinh so 628/QĐ-TTg")
    assert out == "Thực hiện Quyết định số 628/QĐ-TTg"
    assert tiny_restorer.restore("Hoà Bình") == "Hoà Bình"


def test_tone_styles(tiny_restorer):
    # Traditional placement by default, as documents write it; the school rule on request.
    assert tiny_restorer.restore("Uy ban nhan dan") == "Ủy ban nhân dân"
    assert tiny_restorer.restore("Uy ban nhan dan", tone_style="new") == "Uỷ ban nhân dân"


def test_unknown_and_foreign_words_kept(tiny_restorer):
    assert tiny_restorer.restore("Facebook va Zalo") in ("Facebook và Zalo", "Facebook va Zalo")
    assert tiny_restorer.restore("xyzzy qwerty") == "xyzzy qwerty"
    assert tiny_restorer.restore("s6 F0 5G") == "s6 F0 5G"


@pytest.mark.parametrize("text", [
    "", "\n", "\n\n\n", " ", "...", "!!!", "\x00\x01\xff", "ab\udcff", "😀 emoji 😀",
    "Ελληνικά και русский 中文", "a" * 5000, "cac " * 3000, "\r\n\r\n", "e\u0301", "đ" * 50,
])
def test_no_crash(tiny_restorer, text):
    out = tiny_restorer.restore(text)
    assert isinstance(out, str)
    assert out.count("\n") == text.count("\n")


def test_line_structure(tiny_restorer):
    text = "Mua lon keo dai\n\n  Hoc sinh duoc nghi hoc  \n"
    out = tiny_restorer.restore(text)
    assert out.split("\n") == ["Mưa lớn kéo dài", "", "  Học sinh được nghỉ học  ", ""]


def test_empty_needs_no_model(monkeypatch, tmp_path, unload):
    monkeypatch.setenv("LOA_VITEXT_MODEL", str(tmp_path / "missing.npz"))
    unload("vitext.restorer")
    assert restore_mod.restore("") == ""


def test_missing_model_error(monkeypatch, tmp_path, unload):
    monkeypatch.setenv("LOA_VITEXT_MODEL", str(tmp_path / "missing.npz"))
    unload("vitext.restorer")
    with pytest.raises(FileNotFoundError, match="make model"):
        restore_mod.restore("xin chao")


def test_restore_loads_model_from_env(monkeypatch, tmp_path, tiny_lm, unload):
    path = tmp_path / "m.npz"
    tiny_lm.save(path)
    monkeypatch.setenv("LOA_VITEXT_MODEL", str(path))
    unload("vitext.restorer")
    assert restore_mod.restore("Mua lon keo dai") == "Mưa lớn kéo dài"
    with pytest.raises(ValueError):
        restore_mod.restore("x", tone_style="bad")


def test_exported():
    import loa.vitext as vt
    assert vt.restore is restore_mod.restore
    assert vt.strip_diacritics is strip_diacritics


_real = default_model_path()


@pytest.mark.skipif(not _real.exists() or "LOA_VITEXT_MODEL" in __import__("os").environ,
                    reason=f"the shipped model {_real} is not built (make model)")
def test_shipped_model():
    registry.unload("vitext.restorer")  # (the real model, loaded again, stays for later tests)
    restore_mod.get_restorer()  # its load time is measured by benchmarks.vitext, not here
    out = restore_mod.restore("Thuc hien Quyet dinh so 628/QD-TTg cua Thu tuong Chinh phu ve "
                              "cong tac tuyen truyen.\nHA NOI, ngay 5 thang 3 nam 2024")
    assert out == ("Thực hiện Quyết định số 628/QD-TTg của Thủ tướng Chính phủ về "
                   "công tác tuyên truyền.\nHÀ NỘI, ngày 5 tháng 3 năm 2024")
    assert restore_mod.restore(SENTENCES[3]) == SENTENCES[3]  # correct text passes unchanged


def test_line_typed_with_diacritics_is_kept(tiny_restorer):
    # most words carry marks: the plain one was meant plain
    assert tiny_restorer.restore("Mưa lớn kéo dai") == "Mưa lớn kéo dai"
    # a few marks only: the rest is restored
    assert tiny_restorer.restore("Mưa lon keo dai") == "Mưa lớn kéo dài"


@pytest.mark.parametrize("sentence", SENTENCES)
def test_correct_text_unchanged(tiny_restorer, sentence):
    text = normalize(sentence, "new")
    assert tiny_restorer.restore(text) == text


def test_case_of_the_typed_word_decides_when_the_context_does_not():
    # "tú" (a given name) and "tu" occur in the same context, once each: the LM cannot tell
    # them apart, how the word was typed can (a capital in mid-sentence: the name).
    from loa.vitext.lm import train
    from loa.vitext.restorer import Restorer

    texts = ["Hôm qua tôi gặp Tú ở trường.", "Hôm qua tôi gặp tu ở trường."] * 2
    lm = train(texts, order=3, min_count=1, min_word_count=1, log=lambda *_a: None)
    restorer = Restorer(lm)
    assert restorer.restore("Hom qua toi gap Tu o truong.") == "Hôm qua tôi gặp Tú ở trường."
    assert restorer.restore("Hom qua toi gap tu o truong.") == "Hôm qua tôi gặp tu ở trường."
    restorer.case_logp = None  # without the case statistics, both get the same word
    assert len({restorer.restore("gap Tu o").lower(), restorer.restore("gap tu o").lower()}) == 1


def test_one_call_equals_a_call_per_line(tiny_restorer, monkeypatch):
    # sentences are decoded in batches of similar length; a small batch size forces several
    monkeypatch.setattr(restore_mod, "CHUNK_CELLS", 64)
    lines = [strip_diacritics(s) for s in SENTENCES] + ["", "Hai Phong", "THU TUONG CHINH PHU"]
    together = tiny_restorer.restore("\n".join(lines)).split("\n")
    assert together == [tiny_restorer.restore(line) for line in lines]
    assert together[-2:] == ["Hải Phòng", "THỦ TƯỚNG CHÍNH PHỦ"]


@pytest.mark.parametrize("prune,margin", [(1, 0.0), (2, 1.0), (32, 99.0)])
def test_pruning_settings_still_restore(prune, margin):
    from loa.vitext.restorer import Restorer

    from .test_lm_data import make_tiny_lm

    restorer = Restorer(make_tiny_lm(), prune=prune, margin=margin)
    assert restorer.restore("Mua lon keo dai lam nhieu tuyen duong bi ngap sau") == (
        "Mưa lớn kéo dài làm nhiều tuyến đường bị ngập sâu")


def test_order_four_model(tmp_path):
    from loa.vitext.lm import train
    from loa.vitext.restorer import Restorer

    lm = train(SENTENCES * 2, order=4, min_count=1, min_word_count=1, log=lambda *_a: None)
    restorer = Restorer(lm)
    for sentence in SENTENCES[:6]:
        expected = normalize(sentence, "old").replace("QĐ-", "QD-")
        assert restorer.restore(strip_diacritics(sentence)) == expected
