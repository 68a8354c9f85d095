"""is_vietnamese_syllable(): onset + rhyme + tone rules."""

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loa.vitext import is_vietnamese_syllable, normalize, place_tone, syllables

VALID = """
    a à ạ ý ở ước uống yêu yên yết oai oà
    nghiêng khuỷu khuỵu gì gìn giữa già giếng giường gió quả quý quyết quốc quở quyển
    quét qua quỳnh quýt qui người được thuở huơ rượu hươu tuổi chuối khuya
    hoà hòa thuỷ thủy khoẻ khỏe hoàng hoạch hoặc xoắn khuấy ngoẹo ngoài xoáy
    thực tướng ương giáo số của cấp thành phố Hải Phòng huyện xã phường
    kế kỹ kỳ ký ghi ghế nghề nghĩ nghỉ kìa kiếm nghiệp kênh kếch
    các mạch tháp ít ốc ấp tuyết thuyết huých uỵch
    xoong soóc boong
    anh ánh ênh ếch inh ích ách ạch
    Hà HÀ Đề ĐỀ Nội NỘI Quyết QUYẾT
""".split()  # noqa: SIM905

INVALID = """
    thye twéng gido cia Tuyén hién Quyét s6 Qb wong
    ka kô ghá ngha ce cì ge nge ghô coa cuy
    iên tyên qu q gh ngh
    càc mat hat tiêt kịch̀
    hóan qúa gìa hỏai thúơng lựơng
    hÀ hOa ViệT
    ing êng êc ic
    facebook Zalo youtube jpg
    hoàà nghiêngg
""".split() + [  # noqa: SIM905
    "", " ", "a b", "12", "hà.", "hà-nội", "x" * 30]


@pytest.mark.parametrize("word", VALID)
def test_valid(word):
    assert is_vietnamese_syllable(word)
    assert is_vietnamese_syllable(unicodedata.normalize("NFD", word))


@pytest.mark.parametrize("word", INVALID)
def test_invalid(word):
    assert not is_vietnamese_syllable(word)


def test_p_is_an_onset_of_loan_syllables():
    # "pin", "pa-nô": p begins syllables in modern Vietnamese, so OCR's "Pé" (for "Đề") is a
    # well-formed syllable; telling it apart is the language model's job, not this check's.
    assert is_vietnamese_syllable("pin") and is_vietnamese_syllable("Pé")


def test_the_ocr_sample():
    damaged = ("Tuyén truyén thye hién Quyét dinh s6 628/Qb-TTg cia Thu twéng Chinh phi")
    bad = [w for w in syllables(damaged) if not is_vietnamese_syllable(w)]
    assert bad == ["Tuyén", "truyén", "thye", "hién", "Quyét", "cia", "twéng"]


def test_every_syllable_of_correct_text_passes():
    text = normalize("""
        Thực hiện Quyết định của Thủ tướng Chính phủ phê duyệt Đề án tuyên truyền, phổ biến
        pháp luật; Sở Thông tin và Truyền thông thành phố Hải Phòng ban hành kế hoạch tổ chức
        các hoạt động hưởng ứng Ngày Pháp luật nước Cộng hoà xã hội chủ nghĩa Việt Nam, khuyến
        khích người dân tìm hiểu, nghiên cứu, góp ý xây dựng chính quyền điện tử, quyết liệt
        ngăn chặn thông tin xấu độc trên không gian mạng; giữ vững an ninh, trật tự, khoẻ mạnh
        thuở xưa, giường, giếng, khuỷu tay, quả ổi, nghiêng ngả, uỷ ban, quý khách, chuyện trò.
    """)
    words = syllables(text)
    assert len(words) > 100
    assert [w for w in words if not is_vietnamese_syllable(w)] == []
    assert [w for w in words if not is_vietnamese_syllable(normalize(w, "old"))] == []


def test_place_tone():
    assert place_tone("hòa") == "hoà" and place_tone("hoà", "old") == "hòa"
    assert place_tone("Facebook") == "Facebook" and place_tone("café", "old") == "café"
    with pytest.raises(ValueError):
        place_tone("hoà", "modern")


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=12))
def test_never_crashes(text):
    assert is_vietnamese_syllable(text) in (True, False)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(VALID), st.sampled_from(["new", "old"]))
def test_both_tone_styles_stay_valid(word, style):
    assert is_vietnamese_syllable(place_tone(word, style))
