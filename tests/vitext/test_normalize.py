"""normalize() and fold(): tone styles, encodings, quotes, spaces, properties."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loa.vitext import fold, normalize, place_tone

# (new style, old style): the open rhymes oa, oe, uy are where the conventions differ.
DIFFERING = [
    ("hoà", "hòa"), ("hoá", "hóa"), ("hoả", "hỏa"), ("hoạ", "họa"), ("toà", "tòa"),
    ("khoá", "khóa"), ("loã", "lõa"), ("xoá", "xóa"), ("goá", "góa"), ("thoả", "thỏa"),
    ("khoẻ", "khỏe"), ("loè", "lòe"), ("xoè", "xòe"), ("toé", "tóe"), ("choé", "chóe"),
    ("thuý", "thúy"), ("thuỷ", "thủy"), ("tuỳ", "tùy"), ("huỷ", "hủy"), ("luỹ", "lũy"),
    ("suý", "súy"), ("tuỵ", "tụy"), ("khuỵ", "khụy"), ("nguỵ", "ngụy"), ("uỷ", "ủy"),
    ("Hoà", "Hòa"), ("HOÀ", "HÒA"), ("THUỶ", "THỦY"), ("Khoẻ", "Khỏe"),
]

# Words whose mark sits in the same place in both conventions.
SAME = """
    quả quá quý quỹ quyết quyền quốc quở quạ quẹo quét quỳnh quýt
    giữa giá già giấy giường giếng giỏi giờ gì gìn gịt giữ giũ
    người được mười tưởng thuở huơ rượu hươu cứu bưởi lửa mưa
    hoàng hoạch hoạt toán toàn khoác thuyết huyện chuyện nguyễn khuyến khuya khuỷu khuỵu
    ngoài xoáy khoáy ngoẹo ngoẻo khuấy tuổi chuối muốn thuốc tiếng nghiêng
    mía múa của kìa ủa cái sáo đầu máy mấy héo kêu rìu gửi hỏi đôi với túi
    khoét nhoẻn xoắn hoặc khuân thuế huệ khuếch huỳnh huých soóc
    yêu yến yểm uống ước ướt ương ổn ở ạ ý
    Hà Nội Hải Phòng Đà Nẵng Việt Nam Quảng Ninh Thái Bình
""".split()  # noqa: SIM905


@pytest.mark.parametrize("new, old", DIFFERING)
def test_tone_styles_round_trip(new, old):
    assert normalize(new) == new
    assert normalize(old) == new
    assert normalize(new, tone_style="old") == old
    assert normalize(old, tone_style="old") == old
    assert normalize(normalize(new, "old"), "new") == new
    assert place_tone(old, "new") == new and place_tone(new, "old") == old
    assert fold(new) == fold(old)


@pytest.mark.parametrize("word", SAME)
def test_words_that_must_not_move(word):
    assert normalize(word) == word
    assert normalize(word, "old") == word
    assert normalize(word.upper()) == word.upper()
    assert normalize(word, None) == word


def test_tone_style_on_a_sentence():
    old = "Sở Văn hóa và Thể thao phối hợp với Ủy ban nhân dân quận Thủy Nguyên tổ chức"
    new = "Sở Văn hoá và Thể thao phối hợp với Uỷ ban nhân dân quận Thuỷ Nguyên tổ chức"
    assert normalize(old) == new
    assert normalize(new, "old") == old
    assert normalize(old, None) == old


def test_misplaced_marks_are_put_right():
    assert normalize("qúa gìa lựơng Hòang thựơng") == "quá già lượng Hoàng thượng"


def test_unknown_tone_style():
    with pytest.raises(ValueError):
        normalize("hoà", tone_style="modern")


def test_foreign_words_keep_their_accents():
    text = "café Zoé José Guðrún naïve Đặng Ngọc Ánh"
    assert normalize(text) == text


def test_decomposed_and_windows_1258_input():
    nfd = unicodedata.normalize("NFD", "Người Việt Nam dùng tiếng Việt")
    assert normalize(nfd) == "Người Việt Nam dùng tiếng Việt"
    # Windows-1258 decodes to precomposed base letters followed by combining tone marks.
    assert normalize("ng\u01b0\u01a1\u0300i") == "người"  # ư ơ + combining grave
    assert normalize("Vi\u00ea\u0323t") == "Việt"  # ê + combining dot below
    assert normalize("ti\u00ea\u0301ng") == "tiếng"
    assert normalize("a\u0341") == "á"  # the deprecated U+0341 tone mark
    text = "Tiếng Việt có dấu, Đồng Hới, Thừa Thiên Huế, ƯỚC MƠ"
    data = _as_cp1258(text)
    assert normalize(data.decode("cp1258")) == text


def _as_cp1258(text):
    """Windows-1258 bytes: a letter with its quality mark, then the tone as a combining mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in tones)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + tone)
    return "".join(out).encode("cp1258")


def test_eth_read_as_d_with_stroke_only_in_vietnamese():
    assert normalize("Ðà Nẵng ðược QÐ-TTg GD&ÐT") == "Đà Nẵng được QĐ-TTg GD&ĐT"
    assert normalize("Guðrún, Ðórr") == "Guðrún, Ðórr"
    assert fold("Ðà ðược") == fold("Đà được") == "da duoc"


def test_quotes_become_ascii():
    assert normalize("“Hà Nội” ‘xưa’ „nay“ «Huế» `code` it’s") == \
        '"Hà Nội" \'xưa\' "nay" "Huế" \'code\' it\'s'


def test_spaces_and_line_breaks():
    text = "\t Dòng\u00a0một \u2003 có\u200b  khoảng\ttrắng  \r\n\r\n  Dòng ba\u2028bốn\rnăm \n"
    assert normalize(text) == "Dòng một có khoảng trắng\n\nDòng ba\nbốn\nnăm\n"
    assert fold(text) == "dong mot co khoang trang dong ba bon nam"


def test_fold_keys():
    assert fold("Hoà") == fold("Hòa") == fold("HOA") == fold(" hoa ") == "hoa"
    assert fold("Sở GD&ĐT") == "so gd&dt"
    assert fold("UBND  quận\nHồng Bàng") == "ubnd quan hong bang"
    assert fold("") == "" and normalize("") == "" and fold(None) == "" and normalize(None) == ""


def test_mixed_scripts_are_kept():
    text = "Hà Nội 河内 Ханой 🇻🇳 👨\u200d👩\u200d👧 हिन्दी ภาษาไทย ١٢٣"
    assert normalize(text) == text
    assert fold(text).startswith("ha noi 河内 ханои")


def test_huge_input_is_quick():
    block = ("Thực hiện Quyết định số 628/QĐ-TTg ngày 11/05/2020 của Thủ tướng Chính phủ "
             "về công tác tuyên truyền, phổ biến pháp luật; Ủy ban nhân dân thành phố Hải Phòng "
             "hòa nhập, khỏe mạnh, “quý” Thuỷ.\n")
    text = block * (4_000_000 // len(block))  # ~4 MB
    out = normalize(text)
    key = fold(text)
    assert out.count("\n") == text.count("\n")
    assert key == fold(out)


# --- properties -------------------------------------------------------------------------------

VIETNAMESE = ("aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXY"
              "àáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
              "ÀÁẢÃẠÒÓỎÕỌÙÚỦŨỤỲÝỶỸỴðÐ")
SPECIAL = (" \t\n\r\u00a0\u2028\u200b\ufeff\u00ad“”‘’«»`'\".,;:/-0123456789"
           "\u0300\u0301\u0303\u0309\u0323\u0302\u0306\u031b")
vietnamese_text = st.text(alphabet=st.sampled_from(VIETNAMESE + SPECIAL), max_size=80)
any_text = st.one_of(st.text(max_size=80), vietnamese_text)
STYLES = st.sampled_from(["new", "old", None])


@settings(max_examples=400, deadline=None)
@given(any_text, STYLES)
def test_normalize_is_idempotent(text, style):
    once = normalize(text, style)
    assert normalize(once, style) == once


@settings(max_examples=400, deadline=None)
@given(any_text)
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


@settings(max_examples=400, deadline=None)
@given(any_text, STYLES)
def test_normalize_loses_nothing_it_should_keep(text, style):
    # Only marks move, đ-lookalikes, quotes and invisible characters change, spaces collapse.
    assert fold(normalize(text, style)) == fold(text)


@settings(max_examples=400, deadline=None)
@given(any_text, STYLES)
def test_normalize_keeps_line_breaks(text, style):
    breaks = len((text + "x").splitlines()) - 1
    assert normalize(text, style).count("\n") == breaks


@settings(max_examples=200, deadline=None)
@given(any_text)
def test_fold_is_one_line(text):
    key = fold(text)
    assert "\n" not in key and key == key.strip() and "  " not in key


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_binary_garbage_does_not_crash(data):
    for encoding in ("utf-8", "cp1258", "latin-1"):
        text = data.decode(encoding, errors="replace")
        assert isinstance(normalize(text), str)
        assert isinstance(fold(text), str)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from([w for pair in DIFFERING for w in pair] + SAME), max_size=12))
def test_styles_round_trip_on_word_sequences(words):
    text = " ".join(words)
    new, old = normalize(text, "new"), normalize(text, "old")
    assert normalize(old, "new") == new
    assert normalize(new, "old") == old
    assert fold(new) == fold(old) == fold(text)


def test_quotes_can_be_kept_for_a_documents_own_typography():
    text = "về “Đổi mới căn bản” và ‘hội nhập’"
    assert normalize(text, quotes=False) == text
    assert normalize(text) == "về \"Đổi mới căn bản\" và 'hội nhập'"
    assert normalize("a\u200bb “c”", tone_style=None, quotes=False) == "ab “c”"
