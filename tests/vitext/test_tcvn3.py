"""is_tcvn3() and tcvn3_to_unicode(): legacy .VnTime text read as Latin-1, back to Unicode."""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import loa.vitext
from loa.vitext import is_tcvn3, tcvn3_to_unicode
from loa.vitext.tcvn3 import _TCVN3, _TCVN3_ONLY

SAMPLE = Path(loa.vitext.__file__).parents[1] / "documents" / "samples" / "130-KH-STTTT.txt"

# Unicode letter -> TCVN3 code: the encoder the conversion must undo.
_ENCODE = str.maketrans(_TCVN3[1], _TCVN3[0])
# The capitals with a code of their own; other marked capitals are the lower-case code drawn by
# the .VnTimeH font.
_OWN_CAPITALS = "ĂÂĐÊÔƠƯ"


def encode(text: str) -> str:
    """``text`` as a .VnTime/.VnTimeH document stores it (capitals: the lower-case code)."""
    out = []
    for c in text:
        if c in _OWN_CAPITALS or not c.isupper():
            out.append(c.translate(_ENCODE))
        else:
            out.append(c.lower().translate(_ENCODE) if c.lower() in _TCVN3[1] else c)
    return "".join(out)


# Real Vietnamese words: the lower-case words of our transcription of plan 130/KH-STTTT.
WORDS = sorted({w for w in re.findall(r"[^\W\d_]+", SAMPLE.read_text(encoding="utf-8"))
                if w.islower()})
ALL_LETTERS = _TCVN3[1][:-len(_OWN_CAPITALS)]


def test_the_table_is_a_bijection():
    codes, letters = _TCVN3
    assert len(codes) == len(letters) == len(set(codes)) == len(set(letters)) == 74
    assert letters.endswith(_OWN_CAPITALS)
    assert {c.lower() for c in _OWN_CAPITALS} <= set(ALL_LETTERS)  # 67 small letters, 7 capitals


def test_every_letter_converts():
    for letter in ALL_LETTERS:
        assert tcvn3_to_unicode("t" + encode(letter)) == "t" + letter
        if letter != "ý":  # see converts_back()
            assert tcvn3_to_unicode("T" + encode(letter.upper())) == "T" + letter.upper()


def test_a_capital_word_whose_codes_are_latin_1_letters_stays_as_read():
    # ý is its own code (0xFD): "LÝ" typed in .VnTimeH is stored "Lý", which reads as Unicode
    # already, so nothing tells it is a capital.
    assert tcvn3_to_unicode(encode("LÝ")) == "Lý"


def test_a_heading_and_a_sentence():
    legacy = ("KÕ HO¹CH\nTuyªn truyÒn thùc hiÖn QuyÕt ®Þnh sè 628/Q§-TTg cña Thñ t\xadíng "
              "ChÝnh phñ vÒ tiÕp tôc ®æi míi c¨n b¶n, toµn diÖn gi¸o dôc vµ ®µo t¹o")
    assert is_tcvn3(legacy)
    assert tcvn3_to_unicode(legacy) == (
        "KẾ HOẠCH\nTuyên truyền thực hiện Quyết định số 628/QĐ-TTg của Thủ tướng Chính phủ về "
        "tiếp tục đổi mới căn bản, toàn diện giáo dục và đào tạo")


def test_unicode_text_is_not_tcvn3():
    text = SAMPLE.read_text(encoding="utf-8")
    assert not is_tcvn3(text)
    assert not is_tcvn3("ĐÀ NẴNG, Ê-ĐÊ, ÔNG ƠI, ƯU TIÊN, Ý KIẾN, THỦY LỢI, HỘI ĐỒNG NHÂN DÂN")


def test_short_or_plain_text_is_not_tcvn3():
    assert not is_tcvn3("KÕ ho¹ch")  # fewer than five words
    assert not is_tcvn3("Plan for the campaign in five words and more")
    assert not is_tcvn3("")


@pytest.mark.parametrize("text", ["", "Hà Nội", "Kế hoạch 130/KH-STTTT", "a b c"])
def test_unicode_letters_without_codes_are_unchanged(text):
    # no TCVN3 code in the text: nothing to translate
    assert tcvn3_to_unicode(text) == text


def converts_back(word: str) -> bool:
    """An all-capitals word comes back in capitals when it has an ASCII letter and a code the
    conversion changes (not only ý, which is its own code)."""
    stored = encode(word)
    return any(c.isascii() for c in word) and tcvn3_to_unicode(stored) != stored


words = st.sampled_from(WORDS)
capitals = words.map(str.upper).filter(lambda w: converts_back(w) or w == encode(w))


@given(st.lists(st.one_of(words, words, capitals), min_size=1, max_size=30),
       st.sampled_from([" ", ", ", "\n", " - "]))
def test_tcvn3_encoded_words_come_back(chosen, sep):
    text = sep.join(chosen)
    assert tcvn3_to_unicode(encode(text)) == text


@given(st.lists(words, min_size=5, max_size=40))
def test_unicode_words_are_never_tcvn3(chosen):
    assert not is_tcvn3(" ".join(chosen))


def marked(word: str) -> bool:
    return any(c in _TCVN3_ONLY for c in encode(word)) and any(c.isascii() for c in word)


@given(st.lists(words.filter(marked), min_size=5, max_size=40))
def test_encoded_words_with_marks_are_tcvn3(chosen):
    assert is_tcvn3(encode(" ".join(chosen)))
