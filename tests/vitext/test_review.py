"""mark_words (loa.vitext.review): the words of a read text a person should check."""

from loa.vitext.review import mark_words


def _marked(text, raw=None):
    return [(m.text, m.was, m.unsure) for m in mark_words(text, raw)]


def test_ocr_damage_left_over_is_unsure():
    text = "chính sách pháp luật của Nhà nudce, nQUOn deé ra 6i"
    assert _marked(text) == [("nudce", None, True), ("nQUOn", None, True), ("deé", None, True),
                             ("6i", None, True)]


def test_names_acronyms_symbols_and_numbers_are_not_doubted():
    text = ("UBND thành phố, Quyết định 628/QĐ-TTg của TTg, trên Facebook, YouTube, Zalo "
            "ngày 11/05/2020, NV2, 800mm, mục IV")
    assert _marked(text) == []


def test_words_the_engine_changed_carry_what_was_read():
    marks = mark_words("Sở Thông tin và Truyền thống", "S& Thong tin va Truyén thong")
    assert [(m.text, m.was, m.changed) for m in marks] == [
        ("Sở", "S&", True), ("Thông", "Thong", True), ("và", "va", True),
        ("Truyền", "Truyén", True), ("thống", "thong", True)]
    # the offsets point into the text
    text = "Sở Thông tin và Truyền thống"
    assert all(text[m.start:m.end] == m.text for m in marks)


def test_unchanged_text_has_no_changed_words():
    assert mark_words("Sở Thông tin", "Sở Thông tin") == []
    assert mark_words("", None) == []


def test_words_split_or_joined_by_the_engine():
    marks = mark_words("tuyên truyền rộng", "tuyêntruyền rộng")
    assert [(m.text, m.was) for m in marks] == [("tuyên", "tuyêntruyền"),
                                                 ("truyền", "tuyêntruyền")]
