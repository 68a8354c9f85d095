"""A type name and the summary in one paragraph, a Roman heading and its first item in one line
(a plan pasted together): the parser still finds the summary and the sections
(loa.documents.parse.joined), in a real .docx and in the OCR'd sample."""

import dataclasses
from pathlib import Path

from loa.documents import parse_document, read_document, testdocs
from loa.documents.model import Line
from loa.documents.parse.joined import split_joined

#: The real scan of plan 130/KH-STTTT as Tesseract read it with the English model.
OCR_SAMPLE = Path(testdocs.__file__).parent / "samples" / "130-KH-STTTT.ocr.txt"


def _joined_sample():
    sample = testdocs.load_sample()
    body = list(sample.body)
    first = body.index("I. MỤC ĐÍCH, YÊU CẦU")
    body[first:first + 2] = [f"{body[first]} {body[first + 1]}"]
    return dataclasses.replace(sample, title=f"{sample.title} {sample.summary}", summary=""), \
        sample


def test_docx_with_type_and_summary_in_one_paragraph(tmp_path):
    joined, sample = _joined_sample()
    assert joined.title.startswith("KẾ HOẠCH Tuyên truyền")
    path = testdocs.build_docx(tmp_path / "joined.docx", joined)
    doc = read_document(path)
    assert any(line.text.startswith("KẾ HOẠCH Tuyên truyền") for line in doc.lines())
    parsed = parse_document(doc)
    assert parsed.doc_type == "KH"
    assert parsed.code == "130/KH-STTTT"
    assert parsed.summary == sample.summary
    first = parsed.sections[0]
    assert (first.number, first.title) == ("I", "MỤC ĐÍCH, YÊU CẦU")
    assert [child.title for child in first.children] == ["Mục đích", "Yêu cầu"]
    # the same assignments as the document written on separate lines
    plain = parse_document(read_document(testdocs.build_docx(tmp_path / "plain.docx", sample)))
    assert [a.item for a in parsed.assignments] == [a.item for a in plain.assignments]
    assert parsed.summary == plain.summary


def test_ocr_sample_joined():
    lines = OCR_SAMPLE.read_text(encoding="utf-8").splitlines()
    plain = parse_document("\n".join(lines))
    title = lines.index("KE HOACH")
    lines[title:title + 2] = [f"{lines[title]} {lines[title + 1]}"]
    heading = next(i for i, line in enumerate(lines) if line.startswith("|. MUC"))
    lines[heading:heading + 2] = [f"{lines[heading]} {lines[heading + 1]}"]
    parsed = parse_document("\n".join(lines))
    assert parsed.doc_type == "KH"
    assert parsed.summary == plain.summary
    assert parsed.summary.startswith("Tuyén truyén thye hién Quyét dinh")
    assert [c.title for c in parsed.sections[0].children] == \
        [c.title for c in plain.sections[0].children]
    assert len(parsed.assignments) == len(plain.assignments) == 8


def _texts(*texts):
    return [line.text for line in split_joined([Line(t, 1, i) for i, t in enumerate(texts, 1)])]


def test_lines_that_stay_whole():
    kept = ["KẾ HOẠCH", "KẾ HOẠCH SỐ 12", "I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích",
            "Thực hiện Kế hoạch số 209/KH-UBND ngày 18/8/2020",
            "II. NỘI DUNG TUYÊN TRUYỀN", "- Kế hoạch tuyên truyền 2. năm"]
    assert _texts(*kept) == kept


def test_split_keeps_the_place_of_the_line():
    lines = split_joined([Line("QUYẾT ĐỊNH Về việc ban hành quy chế", 1, 7)])
    assert [(ln.text, ln.page, ln.number) for ln in lines] == [
        ("QUYẾT ĐỊNH", 1, 7), ("Về việc ban hành quy chế", 1, 7)]
    assert _texts("III. TỔ CHỨC THỰC HIỆN 1. Sở Giáo dục và Đào tạo") == [
        "III. TỔ CHỨC THỰC HIỆN", "1. Sở Giáo dục và Đào tạo"]
    # only the first type line of the header is split
    assert _texts("KẾ HOẠCH Tuyên truyền", "KẾ HOẠCH Khác nữa") == [
        "KẾ HOẠCH", "Tuyên truyền", "KẾ HOẠCH Khác nữa"]
