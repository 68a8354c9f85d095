"""read_document(): every input format, the bad inputs, repair and the limits."""

from pathlib import Path

import pytest

from loa.documents import DocumentError
from loa.documents.reader import detect_kind, read_document

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "loa" / "documents" / "samples"
SAMPLE_TXT = SAMPLES / "130-KH-STTTT.txt"
SAMPLE_OCR_TXT = SAMPLES / "130-KH-STTTT.ocr.txt"


def error_code(source, **kwargs):
    with pytest.raises(DocumentError) as info:
        read_document(source, **kwargs)
    assert info.value.message
    return info.value.code


# -- plain text ---------------------------------------------------------------------------------

def test_text_sample_lines_and_numbers():
    doc = read_document(SAMPLE_TXT)
    assert doc.kind == "text" and doc.filename == "130-KH-STTTT.txt"
    assert len(doc.pages) == 1
    lines = doc.lines()
    assert lines[0].text == "UBND THÀNH PHỐ HẢI PHÒNG"
    assert [line.number for line in lines] == list(range(1, len(lines) + 1))
    assert all(line.text and line.page == 1 and line.bbox is None for line in lines)
    texts = [line.text for line in lines]
    assert "Số: 130/KH-STTTT" in texts
    assert "Hải Phòng, ngày 08 tháng 9 năm 2020" in texts
    assert "6.1. Phòng Thông tin, Báo chí và Xuất bản" in texts
    assert texts[-1] == "Lê Văn Kiên"
    assert not doc.repaired and all(line.raw == line.text for line in lines)


def test_text_encodings_give_the_same_lines():
    data = SAMPLE_TXT.read_text(encoding="utf-8")
    plain = read_document(data.encode("utf-8")).text
    assert read_document(b"\xef\xbb\xbf" + data.encode("utf-8")).text == plain
    assert read_document(data.encode("utf-16")).text == plain  # BOM + little-endian
    assert read_document(b"\xfe\xff" + data.encode("utf-16-be")).text == plain


def test_text_is_normalised():
    # decomposed marks, old/new tone placement, typographic quotes, CRLF and tabs
    doc = read_document("Ho\u0300a  “bình”\tan\r\n\r\nqúa\n".encode(), repair=False)
    assert [line.text for line in doc.lines()] == ['Hoà "bình" an', "quá"]


def test_text_form_feed_makes_pages():
    doc = read_document("một\nhai\fba\n".encode())
    assert [(line.page, line.number, line.text) for line in doc.lines()] == [
        (1, 1, "một"), (1, 2, "hai"), (2, 1, "ba")]


def test_text_progress_is_reported():
    calls = []
    read_document("a\fb\fc".encode(), progress=lambda *args: calls.append(args))
    assert [c[:2] for c in calls] == [(1, 3), (2, 3), (3, 3)]


def test_text_too_many_pages():
    with pytest.raises(DocumentError) as info:
        read_document("\f".join(["trang"] * 5).encode(), max_pages=3)
    assert info.value.code == "too_many_pages"
    assert info.value.params == {"pages": 5, "limit": 3}


@pytest.mark.parametrize("data", [b"", b"   \n\n", "\ufeff".encode()])
def test_empty(data):
    assert error_code(data) == "empty"


def test_legacy_8bit_text_is_refused():
    # Windows-1258 bytes are not UTF-8
    assert error_code("Hà Nội, ngày 5 tháng 9".encode("cp1258", "replace")) == "unsupported"


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 2000)
    assert error_code(path, max_bytes=1000) == "too_large"
    assert error_code(b"a" * 2000, max_bytes=1000) == "too_large"


def test_detect_kind_ignores_the_name(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_text("Kế hoạch", encoding="utf-8")
    assert detect_kind(path.read_bytes()) == "text"
    assert read_document(path).kind == "text"
