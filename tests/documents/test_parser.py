"""parse_document() (loa.documents.parse): the sample plan as transcribed and as OCR'd then
repaired, other Decree 30 documents written here, text that is not a plan, and any text."""

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loa.documents import Line, Page, SourceDocument, Span, parse_document
from loa.documents.parse.assignments import channels_of, is_group, is_refutation, split_units
from loa.documents.parse.references import find_codes
from loa.vitext import fold

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "loa" / "documents" / "samples"
SAMPLE_TXT = SAMPLES / "130-KH-STTTT.txt"
SAMPLE_OCR = SAMPLES / "130-KH-STTTT.ocr.txt"

UNITS = {
    "1": ["Sở Giáo dục và Đào tạo"],
    "2": ["Đài Phát thanh và Truyền hình thành phố Hải Phòng", "Báo Hải Phòng",
          "Báo An ninh Hải Phòng", "Cổng Thông tin điện tử thành phố"],
    "3": ["Phòng Văn hóa và Thông tin các quận, huyện"],
    "4": ["Đài Truyền thanh các quận, huyện, xã, phường, thị trấn"],
    "5": ["Các cơ quan báo chí trên địa bàn thành phố Hải Phòng"],
    "6.1": ["Phòng Thông tin, Báo chí và Xuất bản"],
    "6.2": ["Trung tâm Thông tin và Truyền thông"],
    "6.3": ["Thanh tra Sở"],
}
GROUPS = {"3", "4", "5"}


# -- the two versions of the sample -------------------------------------------------------------

@pytest.fixture(scope="module")
def transcription():
    return parse_document(SAMPLE_TXT.read_text(encoding="utf-8"))


def _repair_models_present() -> bool:
    from loa.vitext.repair import default_channel_path
    from loa.vitext.restorer import default_model_path

    return default_model_path().exists() and default_channel_path().exists()


@pytest.fixture(scope="module")
def ocr():
    """The OCR'd sample after repair: through the reader when it repairs .txt files, else line by
    line with vitext.repair."""
    if not _repair_models_present():
        pytest.skip("needs the language model (make model) and the OCR channel model "
                    "(loa/vitext/data/channel.json.gz) to repair the OCR'd sample")
    try:
        from loa.documents import read_document
    except ImportError:
        read_document = None
    if read_document is not None:
        doc = read_document(SAMPLE_OCR)
        if doc.repaired:
            return parse_document(doc)
    from loa.vitext import repair

    lines = SAMPLE_OCR.read_text(encoding="utf-8").split("\n")
    return parse_document("\n".join(repair(line) for line in lines))


@pytest.fixture(scope="module")
def ocr_rules_only():
    """The OCR'd sample with only the deterministic repair rules (symbols, Roman headings): the
    structure must come out of text this damaged too."""
    from loa.vitext.repair import apply_rules

    lines = SAMPLE_OCR.read_text(encoding="utf-8").split("\n")
    return parse_document("\n".join(apply_rules(line, ocr=True) for line in lines))


@pytest.fixture(params=["transcription", "ocr"])
def sample(request):
    return request.getfixturevalue(request.param)


def _refs(parsed):
    return {r.code: r for r in parsed.references}


def test_metadata(sample):
    assert sample.code == "130/KH-STTTT"
    assert sample.number == "130" and sample.symbol == "KH-STTTT"
    assert sample.doc_type == "KH" and sample.doc_type_name == "Kế hoạch"
    assert sample.date == dt.date(2020, 9, 8)
    assert sample.place == "Hải Phòng"
    assert sample.issuer == "Sở Thông tin và Truyền thông"
    assert fold(sample.summary).startswith(fold("Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg"))
    assert "628/QĐ-TTg" in sample.summary
    assert sample.is_plan


def test_metadata_transcription(transcription):
    t = transcription
    assert t.governing_body == "UBND thành phố Hải Phòng"
    assert t.issuer_source == "header"
    assert t.summary.startswith("Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg ngày 11/05/2020")
    assert t.summary.endswith("hội nhập quốc tế”")
    assert t.spans["code"] == Span(1, 6, 6) and t.spans["date"] == Span(1, 7, 7)
    assert t.spans["summary"] == Span(1, 10, 10) and t.spans["issuer"] == Span(1, 2, 2)
    assert t.warnings == []


def test_ocr_header_lost_issuer_inferred(ocr):
    assert ocr.governing_body is None
    assert ocr.issuer_source in ("text", "symbol")
    assert [w.code for w in ocr.warnings if w.code == "issuer_inferred"] == ["issuer_inferred"]
    assert ocr.spans["code"].first_line == 1
    # the summary: from the line under "KẾ HOẠCH" over 7 lines (the reader may drop blank lines)
    first = ocr.spans["doc_type"].first_line + 1
    assert ocr.spans["summary"] == Span(1, first, first + 6)


def test_references(sample):
    refs = _refs(sample)
    assert {"628/QĐ-TTg", "51-KL/TW", "209/KH-UBND", "29-NQ/TW", "44/NQ-CP"} <= set(refs)
    assert "130/KH-STTTT" not in refs  # the document's own code
    assert refs["628/QĐ-TTg"].date == dt.date(2020, 5, 11)
    assert fold(refs["628/QĐ-TTg"].issuer) == fold("Thủ tướng Chính phủ")
    assert refs["51-KL/TW"].date == dt.date(2019, 5, 30)
    assert fold(refs["51-KL/TW"].issuer) == fold("Ban Bí thư Trung ương Đảng")
    assert refs["209/KH-UBND"].date == dt.date(2020, 8, 18)
    assert [refs[c].type for c in ("628/QĐ-TTg", "51-KL/TW", "209/KH-UBND", "29-NQ/TW",
                                   "44/NQ-CP")] == ["QĐ", "KL", "KH", "NQ", "NQ"]
    assert refs["51-KL/TW"].type_name == "Kết luận"
    assert refs["29-NQ/TW"].date is None
    # legal bases: named in the "Thực hiện …" preamble
    assert refs["209/KH-UBND"].legal_basis and refs["628/QĐ-TTg"].legal_basis
    assert refs["51-KL/TW"].legal_basis
    assert not refs["29-NQ/TW"].legal_basis and not refs["44/NQ-CP"].legal_basis
    assert len(refs) == len(sample.references)  # de-duplicated


def test_references_transcription(transcription):
    refs = _refs(transcription)
    assert refs["628/QĐ-TTg"].issuer == "Thủ tướng Chính phủ"  # the first one, not "Chính phủ"
    assert refs["209/KH-UBND"].issuer == "Ủy ban nhân dân thành phố"  # filled in by a later one
    assert refs["628/QĐ-TTg"].span == Span(1, 10, 10)
    assert refs["29-NQ/TW"].span == Span(1, 23, 23)
    assert len(refs) == 5


def test_sections(sample):
    top = sample.sections
    assert [s.number for s in top] == ["I", "II", "III"]
    assert [s.kind for s in top] == ["roman"] * 3
    assert fold(top[2].title) in ("to chuc thuc hien", "to chu'c thuc hien") or \
        "thuc hien" in fold(top[2].title) or "thu'c hien" in fold(top[2].title)
    assert [c.number for c in top[0].children] == ["1", "2"]
    assert [c.number for c in top[1].children] == ["1", "2"]
    assert [c.number for c in top[2].children] == ["1", "2", "3", "4", "5", "6"]
    six = top[2].children[5]
    assert [c.number for c in six.children] == ["6.1", "6.2", "6.3"]
    assert [c.kind for c in six.children[0].children] == ["dash"] * 3
    assert sample.implementation is top[2]


def test_sections_transcription(transcription):
    one = transcription.sections[0]
    assert one.title == "MỤC ĐÍCH, YÊU CẦU"
    assert one.children[0].title == "Mục đích"
    assert one.children[0].children[0].text.startswith("Tăng cường công tác tuyên truyền")
    assert one.span == Span(1, 14, 20)
    assert transcription.sections[2].span == Span(1, 26, 46)


def test_assignments(sample):
    items = {a.item: a for a in sample.assignments}
    assert [a.item for a in sample.assignments] == list(UNITS)
    for item, names in UNITS.items():
        got = [fold(u.name) for u in items[item].units]
        assert got == [fold(n) for n in names], item
        assert items[item].is_group == (item in GROUPS), item
    assert len(items["2"].tasks) == 2
    assert len(items["6.1"].tasks) == 3
    assert all(len(items[i].tasks) == 1 for i in ("1", "3", "4", "5", "6.2", "6.3"))
    assert {"facebook", "zalo", "youtube", "e_portal", "loudspeaker"} <= set(items["3"].channels)
    assert "broadcast" in items["4"].channels
    assert "broadcast" in items["2"].channels and "news" in items["2"].channels
    assert "facebook" in items["6.2"].channels
    assert items["2"].refutation and items["5"].refutation and items["6.1"].refutation
    assert not items["1"].refutation and not items["4"].refutation
    assert items["1"].regular and items["6.1"].regular and not items["5"].regular
    assert [fold(x) for x in items["1"].partners] == [fold("Sở Thông tin và Truyền thông")]
    assert items["6.1"].partners == []  # "các sở, ban, ngành …" names no body
    assert all(a.deadline is None for a in sample.assignments)


def test_assignments_exact_names_transcription(transcription):
    got = {a.item: [u.name for u in a.units] for a in transcription.assignments}
    assert got == UNITS
    a2 = transcription.assignments[1]
    assert a2.title == ", ".join(UNITS["2"])
    assert a2.span == Span(1, 29, 31)
    assert a2.tasks[1].startswith("Kịp thời đăng tin, bài phản bác")


def test_assignments_exact_names_ocr(ocr):
    """Exact Vietnamese from the scan read with the wrong OCR language, repaired."""
    got = {a.item: [u.name for u in a.units] for a in ocr.assignments}
    wrong = {k: v for k, v in got.items() if v != UNITS[k]}
    assert not wrong


def test_reporting(sample):
    rep = sample.reporting
    assert rep is not None
    assert fold(rep.to) == fold("Sở Thông tin và Truyền thông")
    assert fold(rep.when) == fold("khi có yêu cầu")
    assert fold(rep.text) == fold(
        "thực hiện báo cáo về Sở Thông tin và Truyền thông khi có yêu cầu")


def test_reporting_transcription(transcription):
    rep = transcription.reporting
    assert (rep.text, rep.to, rep.when) == (
        "thực hiện báo cáo về Sở Thông tin và Truyền thông khi có yêu cầu",
        "Sở Thông tin và Truyền thông", "khi có yêu cầu")
    assert rep.span == Span(1, 48, 48)


def test_signer(sample):
    s = sample.signer
    assert s.authority == "KT. GIÁM ĐỐC"
    assert s.title == "PHÓ GIÁM ĐỐC"
    assert fold(s.name) == fold("Lê Văn Kiên")


def test_signer_transcription(transcription):
    s = transcription.signer
    assert (s.authority, s.title, s.name) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Kiên")
    assert not s.title_inferred and s.span == Span(1, 62, 64)


def test_signer_name_exact_ocr(ocr):
    assert ocr.signer.name == "Lê Văn Kiên"


def test_recipients(sample):
    names = [fold(r) for r in sample.to_json()["recipients"]]
    assert fold("Sở Giáo dục và Đào tạo") in names
    assert fold("Lưu: VT, P.TTBCXB") in names  # the archive line is kept (archive: true)
    assert fold("CT, PCT UBNDTP Lê Khắc Nam (để b/c)") in names
    assert len(names) == 10
    detail = sample.to_json()["recipients_detail"]
    assert detail[1]["note"] == "để b/c"
    assert fold(detail[1]["name"]) == fold("CT, PCT UBNDTP Lê Khắc Nam")
    assert detail[-1]["archive"] and not detail[0]["archive"]


def test_recipients_transcription(transcription):
    assert [r.text for r in transcription.recipients] == [
        "UBND thành phố", "CT, PCT UBNDTP Lê Khắc Nam (để b/c)", "BTGTU (để b/c)",
        "Sở Giáo dục và Đào tạo", "UBND các quận, huyện",
        "Các cơ quan báo chí trên địa bàn thành phố",
        "Các phòng, đơn vị trực thuộc Sở TTTT", "GĐ, PGĐ L.V.Kiên", "Cổng TTĐT Sở TTTT",
        "Lưu: VT, P.TTBCXB"]
    assert transcription.recipients[0].span == Span(1, 51, 51)


def test_ocr_recipients_without_the_signature_column(ocr):
    for r in ocr.recipients:
        for junk in ("giam doc", "pho i", "nhan dan than", "le van", "truyen", "x%"):
            assert junk not in fold(r.text), r.text


def test_to_json(sample):
    j = sample.to_json()
    json.dumps(j, ensure_ascii=False)
    for key in ("code", "number", "symbol", "doc_type", "doc_type_name", "issuer", "governing_body",
                "place", "date", "summary", "references", "sections", "assignments", "reporting",
                "signer", "recipients", "recipients_detail", "text", "warnings"):
        assert key in j, key
    assert j["date"] == "2020-09-08"
    assert set(j["references"][0]) >= {"code", "type", "date", "issuer", "legal_basis", "span"}
    assert set(j["sections"][0]) >= {"number", "title", "text", "children", "span"}
    assert set(j["assignments"][0]) >= {"item", "title", "units", "is_group", "tasks", "channels",
                                        "refutation", "span"}
    assert set(j["signer"]) >= {"authority", "title", "name", "span"}
    assert set(j["reporting"]) >= {"text", "to", "when", "span"}
    assert j["assignments"][0]["span"] == {"page": 1, "first_line": j["assignments"][0]["span"]
                                           ["first_line"], "last_line": j["assignments"][0]["span"]
                                           ["last_line"]}


def test_rules_only_ocr_keeps_the_structure(ocr_rules_only):
    """Without the language model (only the symbol and heading rules) the structure is found."""
    p = ocr_rules_only
    assert p.code == "130/KH-STTTT" and p.date == dt.date(2020, 9, 8) and p.place == "Hải Phòng"
    assert p.issuer == "Sở Thông tin và Truyền thông"
    assert [a.item for a in p.assignments] == list(UNITS)
    assert [len(a.units) for a in p.assignments] == [len(v) for v in UNITS.values()]
    assert [a.item for a in p.assignments if a.is_group] == ["3", "4", "5"]
    assert {"628/QĐ-TTg", "51-KL/TW", "209/KH-UBND", "29-NQ/TW", "44/NQ-CP"} <= set(_refs(p))
    assert len(p.references) == 5  # "628/QĐ-TTQ" is the same decision read wrong
    assert p.reporting is not None
    assert (p.signer.authority, p.signer.title) == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert p.signer.title_inferred
    assert fold(p.signer.name) == "le van kien"
    assert len(p.recipients) == 10


# -- other Decree 30 documents -------------------------------------------------------------------

DECISION = """ỦY BAN NHÂN DÂN
THÀNH PHỐ HẢI PHÒNG
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 1534/QĐ-UBND
Hải Phòng, ngày 15 tháng 6 năm 2021

QUYẾT ĐỊNH
Về việc thành lập Tổ công tác xử lý thông tin sai sự thật trên mạng xã hội
trên địa bàn thành phố

ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG

Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;
Căn cứ Nghị định số 72/2013/NĐ-CP ngày 15/7/2013 của Chính phủ về quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng;
Căn cứ Nghị định số 15/2020/NĐ-CP ngày 03/02/2020 của Chính phủ quy định xử phạt vi phạm hành chính trong lĩnh vực bưu chính, viễn thông;
Xét đề nghị của Giám đốc Sở Thông tin và Truyền thông tại Tờ trình số 45/TTr-STTTT ngày 02/6/2021.

QUYẾT ĐỊNH:

Điều 1. Thành lập Tổ công tác xử lý thông tin sai sự thật trên mạng xã hội trên địa bàn thành phố (sau đây gọi tắt là Tổ công tác), gồm các ông, bà có tên sau:
1. Ông Lê Văn Kiên, Phó Giám đốc Sở Thông tin và Truyền thông - Tổ trưởng;
2. Ông Nguyễn Văn Hùng, Phó Giám đốc Công an thành phố - Tổ phó.
Điều 2. Tổ công tác có nhiệm vụ giúp Ủy ban nhân dân thành phố theo dõi, phát hiện, xử lý thông tin sai sự thật; Tổ công tác tự giải thể sau khi hoàn thành nhiệm vụ.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng Ủy ban nhân dân thành phố; Giám đốc các Sở: Thông tin và Truyền thông, Nội vụ; Giám đốc Công an thành phố; Chủ tịch Ủy ban nhân dân các quận, huyện và các ông, bà có tên tại Điều 1 căn cứ Quyết định thi hành./.

Nơi nhận:
- Như Điều 3;
- TTTU, TT HĐND TP (để b/c);
- CT, các PCT UBND TP;
- Lưu: VT.

TM. ỦY BAN NHÂN DÂN
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH

Nguyễn Văn Tùng
"""  # noqa: E501 - lines of a document as typed


def test_decision():
    p = parse_document(DECISION)
    assert (p.code, p.number, p.symbol, p.doc_type, p.doc_type_name) == (
        "1534/QĐ-UBND", "1534", "QĐ-UBND", "QĐ", "Quyết định")
    assert p.issuer == "Ủy ban nhân dân thành phố Hải Phòng"
    assert p.governing_body is None
    assert (p.place, p.date) == ("Hải Phòng", dt.date(2021, 6, 15))
    assert p.summary == ("Về việc thành lập Tổ công tác xử lý thông tin sai sự thật trên mạng xã "
                         "hội trên địa bàn thành phố")
    refs = _refs(p)
    assert set(refs) == {"72/2013/NĐ-CP", "15/2020/NĐ-CP", "45/TTr-STTTT", None}
    law = refs[None]  # a legal basis named without a code
    assert (law.type_name, law.title, law.date, law.legal_basis, law.span) == (
        "Luật", "Tổ chức chính quyền địa phương", dt.date(2015, 6, 19), True, Span(1, 14, 14))
    assert [r.code for r in p.references][0] is None  # in the order of the text
    assert refs["72/2013/NĐ-CP"].legal_basis and refs["15/2020/NĐ-CP"].legal_basis
    assert not refs["45/TTr-STTTT"].legal_basis  # "Xét đề nghị" is not a legal basis
    assert refs["72/2013/NĐ-CP"].date == dt.date(2013, 7, 15)
    assert refs["72/2013/NĐ-CP"].issuer == "Chính phủ"
    assert (refs["72/2013/NĐ-CP"].type, refs["72/2013/NĐ-CP"].type_name) == ("NĐ", "Nghị định")
    assert refs["45/TTr-STTTT"].type == "TTr" and refs["45/TTr-STTTT"].date == dt.date(2021, 6, 2)
    assert len(p.preamble) == 4 and p.preamble[0].startswith("Căn cứ Luật Tổ chức")
    assert [(s.kind, s.number) for s in p.sections] == [("article", "1"), ("article", "2"),
                                                         ("article", "3")]
    assert [c.number for c in p.sections[0].children] == ["1", "2"]
    s = p.signer
    assert (s.on_behalf_of, s.authority, s.title, s.name) == (
        "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nguyễn Văn Tùng")
    assert [r.text for r in p.recipients] == ["Như Điều 3", "TTTU, TT HĐND TP (để b/c)",
                                              "CT, các PCT UBND TP", "Lưu: VT"]
    codes = {w.code for w in p.warnings}
    assert "not_a_plan" in codes
    assert "no_implementation" not in codes and "no_code" not in codes and "no_date" not in codes


PARTY = """ĐẢNG BỘ TỈNH NAM ĐỊNH
HUYỆN ỦY Ý YÊN
*
Số 12-KH/HU
ĐẢNG CỘNG SẢN VIỆT NAM
Ý Yên, ngày 20 tháng 01 năm 2021

KẾ HOẠCH
tuyên truyền kỷ niệm 91 năm Ngày thành lập Đảng Cộng sản Việt Nam
và mừng Đảng, mừng Xuân Tân Sửu 2021
-----

Thực hiện Hướng dẫn số 141-HD/BTGTW ngày 25/11/2020 của Ban Tuyên giáo Trung ương và Kế hoạch số 85-KH/TU ngày 10/12/2020 của Ban Thường vụ Tỉnh ủy về tuyên truyền các ngày lễ lớn năm 2021, Ban Thường vụ Huyện ủy xây dựng kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Tuyên truyền sâu rộng truyền thống vẻ vang của Đảng.
2. Các hoạt động tuyên truyền thiết thực, tiết kiệm, tránh phô trương, hình thức.
II. NỘI DUNG TUYÊN TRUYỀN
1. Quá trình ra đời của Đảng Cộng sản Việt Nam; những thắng lợi to lớn dưới sự lãnh đạo của Đảng.
2. Kết quả thực hiện Nghị quyết số 29-NQ/TW của Hội nghị Trung ương 8 khóa XI.
III. TỔ CHỨC THỰC HIỆN
1. Ban Tuyên giáo Huyện ủy
- Hướng dẫn nội dung tuyên truyền; theo dõi, đôn đốc việc thực hiện kế hoạch.
- Phối hợp với Trung tâm Văn hóa - Thông tin và Thể thao huyện đăng tải tin, bài trên Trang thông tin điện tử của huyện.
2. Trung tâm Văn hóa - Thông tin và Thể thao huyện
Tăng thời lượng phát sóng, xây dựng chuyên mục chào mừng kỷ niệm 91 năm Ngày thành lập Đảng; tổ chức treo băng rôn, khẩu hiệu trên các trục đường chính.
3. Các chi bộ, đảng bộ cơ sở
Tổ chức cho cán bộ, đảng viên học tập, quán triệt nội dung; kịp thời đấu tranh, phản bác các quan điểm sai trái, thông tin sai sự thật trên mạng xã hội.
Các chi bộ, đảng bộ báo cáo kết quả về Ban Tuyên giáo Huyện ủy trước ngày 15/02/2021.

Nơi nhận:
- Ban Tuyên giáo Tỉnh ủy (để b/c),
- Các chi bộ, đảng bộ cơ sở,
- Lưu Văn phòng Huyện ủy.

T/M BAN THƯỜNG VỤ
PHÓ BÍ THƯ

Trần Văn Chung
"""  # noqa: E501 - lines of a document as typed


def test_party_plan():
    p = parse_document(PARTY)
    assert (p.code, p.number, p.symbol, p.doc_type) == ("12-KH/HU", "12", "KH/HU", "KH")
    assert p.issuer == "Huyện ủy Ý Yên"
    assert p.governing_body == "Đảng bộ tỉnh Nam Định"
    assert (p.place, p.date) == ("Ý Yên", dt.date(2021, 1, 20))
    assert p.summary == ("tuyên truyền kỷ niệm 91 năm Ngày thành lập Đảng Cộng sản Việt Nam và "
                         "mừng Đảng, mừng Xuân Tân Sửu 2021")
    refs = _refs(p)
    assert set(refs) == {"141-HD/BTGTW", "85-KH/TU", "29-NQ/TW"}
    assert refs["141-HD/BTGTW"].issuer == "Ban Tuyên giáo Trung ương"
    assert refs["141-HD/BTGTW"].date == dt.date(2020, 11, 25) and refs["141-HD/BTGTW"].legal_basis
    assert refs["85-KH/TU"].issuer == "Ban Thường vụ Tỉnh ủy"
    assert refs["85-KH/TU"].type_name == "Kế hoạch" and refs["85-KH/TU"].legal_basis
    assert not refs["29-NQ/TW"].legal_basis
    a = {x.item: x for x in p.assignments}
    assert [u.name for u in a["1"].units] == ["Ban Tuyên giáo Huyện ủy"]
    assert len(a["1"].tasks) == 2 and "e_portal" in a["1"].channels
    assert a["1"].partners == ["Trung tâm Văn hóa - Thông tin và Thể thao huyện"]
    assert [u.name for u in a["2"].units] == ["Trung tâm Văn hóa - Thông tin và Thể thao huyện"]
    assert "broadcast" in a["2"].channels
    assert [u.name for u in a["3"].units] == ["Các chi bộ, đảng bộ cơ sở"] and a["3"].is_group
    assert a["3"].refutation and "social" in a["3"].channels
    assert (p.reporting.to, p.reporting.when) == (
        "Ban Tuyên giáo Huyện ủy", "trước ngày 15/02/2021")
    assert p.reporting.deadline == dt.date(2021, 2, 15)
    assert a["3"].deadline == dt.date(2021, 2, 15)
    assert a["3"].deadline_text == "trước ngày 15/02/2021"
    assert a["1"].deadline is None and not a["1"].regular
    s = p.signer
    assert (s.authority, s.title, s.name) == ("T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Trần Văn Chung")
    assert [r.text for r in p.recipients] == [
        "Ban Tuyên giáo Tỉnh ủy (để b/c)", "Các chi bộ, đảng bộ cơ sở", "Lưu: Văn phòng Huyện ủy"]
    assert p.warnings == []


LETTERED = """ỦY BAN NHÂN DÂN
HUYỆN AN LÃO
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Số: 45/KH-UBND
An Lão, ngày 05 tháng 4 năm 2022
KẾ HOẠCH
Tuyên truyền phòng, chống dịch COVID-19 trên địa bàn huyện năm 2022

Căn cứ Kế hoạch số 60/KH-UBND ngày 10/3/2022 của Ủy ban nhân dân thành phố về tuyên truyền phòng, chống dịch COVID-19 năm 2022;
Ủy ban nhân dân huyện ban hành Kế hoạch tuyên truyền như sau:
I. MỤC ĐÍCH, YÊU CẦU
Nâng cao nhận thức của Nhân dân về phòng, chống dịch.
II. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa và Thông tin huyện
a) Chủ trì hướng dẫn các xã, thị trấn tuyên truyền trên hệ thống thông tin cơ sở.
b) Theo dõi thông tin trên mạng xã hội, kịp thời phát hiện và đề xuất xử lý, bác bỏ thông tin sai sự thật.
c) Tổng hợp, báo cáo kết quả về Ủy ban nhân dân huyện trước ngày 25 hằng tháng.
2. Trung tâm Văn hóa, Thông tin và Thể thao huyện
a) Tăng thời lượng phát sóng trên Đài Truyền thanh huyện.
b) Cập nhật tin, bài trên Trang thông tin điện tử huyện và Fanpage Facebook của huyện.
3. Ủy ban nhân dân các xã, thị trấn
Chỉ đạo Đài Truyền thanh xã phát các bản tin phòng, chống dịch ít nhất 2 lần/ngày.
Nơi nhận:
- UBND thành phố (để b/c);
- TT Huyện ủy, TT HĐND huyện (để b/c);
- Các cơ quan, đơn vị liên quan;
- Lưu: VT.
TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Phạm Thị Hoa
"""  # noqa: E501 - lines of a document as typed


def test_plan_with_lettered_points():
    p = parse_document(LETTERED)
    assert p.code == "45/KH-UBND" and p.issuer == "Ủy ban nhân dân huyện An Lão"
    assert (p.place, p.date) == ("An Lão", dt.date(2022, 4, 5))
    assert _refs(p)["60/KH-UBND"].legal_basis
    assert [s.number for s in p.sections] == ["I", "II"]
    assert p.sections[0].text == "Nâng cao nhận thức của Nhân dân về phòng, chống dịch."
    a = {x.item: x for x in p.assignments}
    assert list(a) == ["1", "2", "3"]
    assert [c.number for c in p.sections[1].children[0].children] == ["a", "b", "c"]
    assert a["1"].tasks[0] == ("Chủ trì hướng dẫn các xã, thị trấn tuyên truyền trên hệ thống "
                               "thông tin cơ sở.")
    assert len(a["1"].tasks) == 3 and len(a["2"].tasks) == 2 and len(a["3"].tasks) == 1
    assert a["1"].refutation and "loudspeaker" in a["1"].channels and "social" in a["1"].channels
    assert [u.name for u in a["2"].units] == ["Trung tâm Văn hóa, Thông tin và Thể thao huyện"]
    assert {"broadcast", "e_portal", "facebook"} <= set(a["2"].channels)
    assert a["3"].is_group and not a["1"].is_group
    assert p.reporting.to == "Ủy ban nhân dân huyện"
    assert p.reporting.when == "trước ngày 25 hằng tháng"
    s = p.signer
    assert (s.authority, s.title, s.name) == ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Phạm Thị Hoa")
    assert len(p.recipients) == 4 and p.recipients[-1].archive


NEWS = ("Sáng 12/3, Sở Thông tin và Truyền thông tổ chức hội nghị tập huấn kỹ năng phát hiện, "
        "xử lý tin giả cho cán bộ các Đài Truyền thanh cấp xã. Tại hội nghị, các đại biểu đã "
        "trao đổi kinh nghiệm bác bỏ thông tin sai sự thật trên mạng xã hội.\n"
        "Theo kế hoạch, năm nay sẽ có thêm 20 lớp tập huấn.")


def test_news_paragraph_is_not_a_plan():
    p = parse_document(NEWS)
    codes = {w.code for w in p.warnings}
    assert {"no_code", "no_date", "not_a_plan", "no_implementation", "no_signer",
            "no_recipients", "no_doc_type"} <= codes
    assert p.code is None and p.date is None and p.assignments == []
    assert all(w.message and isinstance(w.params, dict) for w in p.warnings)
    json.dumps(p.to_json())
    assert p.text == NEWS


def test_empty_and_blank():
    for text in ("", "\n\n", "   "):
        p = parse_document(text)
        assert [w.code for w in p.warnings] == ["empty"]
        json.dumps(p.to_json())


def test_source_document_pages_and_spans():
    lines = SAMPLE_TXT.read_text(encoding="utf-8").split("\n")
    cut = 26  # "III. TỔ CHỨC THỰC HIỆN" starts page 2
    pages = [Page(1, [Line(t, 1, i) for i, t in enumerate(lines[:cut - 1], 1)]),
             Page(2, [Line(t, 2, i) for i, t in enumerate(lines[cut - 1:], 1)])]
    p = parse_document(SourceDocument("text", pages))
    assert p.code == "130/KH-STTTT" and len(p.assignments) == 8
    assert p.sections[2].span.page == 2 and p.sections[2].span.first_line == 1
    assert p.assignments[0].span == Span(2, 2, 3)
    assert p.sections[1].end == (1, 24)
    assert p.sections[2].end == (2, 21)  # the last line of 6.3 (the closing paragraph is not in it)
    assert p.to_json()["assignments"][-1]["end"] == {"page": 2, "line": 21}
    assert p.signer.span.page == 2


# -- through the reader: .docx, PDF text layer, scanned PDF (tesseract -l vie) ------------------

def _check_sample(p):
    """The sample as read from a real file format: names compared with one tone placement (the
    reader normalises "hóa" to "hoá")."""
    from loa.vitext import normalize

    assert p.code == "130/KH-STTTT" and p.doc_type == "KH" and p.date == dt.date(2020, 9, 8)
    assert p.place == "Hải Phòng" and p.issuer == "Sở Thông tin và Truyền thông"
    assert normalize(p.governing_body) == normalize("UBND thành phố Hải Phòng")
    assert {"628/QĐ-TTg", "51-KL/TW", "209/KH-UBND", "29-NQ/TW", "44/NQ-CP"} == set(_refs(p))
    assert [s.number for s in p.sections] == ["I", "II", "III"]
    got = {a.item: [normalize(u.name) for u in a.units] for a in p.assignments}
    assert got == {k: [normalize(n) for n in v] for k, v in UNITS.items()}
    assert [len(a.tasks) for a in p.assignments] == [1, 2, 1, 1, 1, 3, 1, 1]
    assert p.reporting.to == "Sở Thông tin và Truyền thông"
    assert (p.signer.authority, p.signer.title, p.signer.name) == (
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Kiên")
    assert len(p.recipients) == 10 and p.recipients[-1].text == "Lưu: VT, P.TTBCXB"
    assert p.warnings == []


@pytest.mark.parametrize("fixture", ["sample_docx", "sample_text_pdf"])
def test_sample_read_from_docx_and_pdf(request, fixture):
    from loa.documents import read_document

    _check_sample(parse_document(read_document(request.getfixturevalue(fixture))))


def test_sample_read_from_a_scan(scan_doc):
    p = parse_document(scan_doc)
    _check_sample(p)
    assert p.assignments[0].span.page >= 2  # spans point into the pages


def test_implementation_items_numbered_under_an_arabic_part_or_as_dashes():
    head = "Số: 7/KH-UBND\nHà Nội, ngày 1 tháng 2 năm 2023\nKẾ HOẠCH\nThử nghiệm\n"
    p = parse_document(head + "1. Mục đích\nNâng cao nhận thức.\n2. Tổ chức thực hiện\n"
                              "2.1. Sở Y tế\nChủ trì triển khai.\n"
                              "2.2. Các quận, huyện\nPhối hợp.\n")
    assert [(a.item, [u.name for u in a.units]) for a in p.assignments] == [
        ("2.1", ["Sở Y tế"]), ("2.2", ["Các quận, huyện"])]
    p = parse_document(head + "I. MỤC ĐÍCH\nNâng cao nhận thức.\nII. TỔ CHỨC THỰC HIỆN\n"
                              "- Sở Y tế: chủ trì, đăng tin trên Cổng thông tin điện tử.\n"
                              "- Ủy ban nhân dân các quận, huyện: bố trí thời lượng phát sóng.\n")
    assert [(a.item, [u.name for u in a.units], a.tasks, a.channels) for a in p.assignments] == [
        ("1", ["Sở Y tế"], ["chủ trì, đăng tin trên Cổng thông tin điện tử."], ["e_portal"]),
        ("2", ["Ủy ban nhân dân các quận, huyện"], ["bố trí thời lượng phát sóng."], ["broadcast"])]


def test_implementation_items_as_lettered_points_under_a_task_heading():
    p = parse_document(
        "Số: 9/KH-UBND\nHà Nội, ngày 1 tháng 2 năm 2023\nKẾ HOẠCH\nThử nghiệm\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Phân công nhiệm vụ\n"
        "a) Sở Thông tin và Truyền thông: chủ trì, hướng dẫn các cơ quan báo chí tuyên truyền.\n"
        "b) Các quận, huyện: chỉ đạo Đài Truyền thanh phát sóng.\n2. Chế độ báo cáo\n"
        "Các đơn vị báo cáo kết quả về Sở Thông tin và Truyền thông trước ngày 15/12/2023.\n")
    assert [(a.item, [u.name for u in a.units], a.is_group) for a in p.assignments] == [
        ("1.a", ["Sở Thông tin và Truyền thông"], False), ("1.b", ["Các quận, huyện"], True)]
    assert p.assignments[0].tasks == ["chủ trì, hướng dẫn các cơ quan báo chí tuyên truyền."]
    assert p.sections[0].children[0].children[0].number == "a"  # the tree keeps the label
    assert (p.reporting.to, p.reporting.deadline) == ("Sở Thông tin và Truyền thông",
                                                      dt.date(2023, 12, 15))


def test_items_written_as_sentences_and_items_that_are_not_units():
    p = parse_document("Số: 3/KH-SYT\nHà Nội, ngày 1 tháng 2 năm 2023\nKẾ HOẠCH\n"
                       "Truyền thông về y tế\n"
                       "III. TỔ CHỨC THỰC HIỆN\n"
                       "1. Sở Y tế chủ trì, phối hợp với Sở Thông tin và Truyền thông tuyên "
                       "truyền.\n"
                       "2. Đề nghị Ủy ban nhân dân các quận, huyện thường xuyên chỉ đạo.\n"
                       "3. Kinh phí: từ ngân sách.\n")
    assert [(a.item, [u.name for u in a.units]) for a in p.assignments] == [
        ("1", ["Sở Y tế"]), ("2", ["Ủy ban nhân dân các quận, huyện"])]
    assert p.assignments[1].is_group
    assert p.issuer == "Sở Y tế" and p.issuer_source == "text"


OFFICIAL_LETTER = """UBND THÀNH PHỐ HẢI PHÒNG CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ THÔNG TIN VÀ TRUYỀN THÔNG Độc lập - Tự do - Hạnh phúc
Số: 123/STTTT-TTBCXB Hải Phòng, ngày 02 tháng 3 năm 2021
V/v tăng cường tuyên truyền phòng, chống
tin giả trên mạng xã hội
Kính gửi: Các cơ quan báo chí trên địa bàn thành phố.
Thực hiện Công văn số 45/BTTTT-CBC ngày 01/3/2021 của Bộ Thông tin và Truyền thông, Sở đề nghị các cơ quan báo chí đăng tin bài.
KT. GIÁM ĐỐC
PHÓ GIÁM ĐỐC
(Đã ký)
Lê Văn Kiên
Nơi nhận:
- Như trên;
- Lưu: VT.
"""  # noqa: E501 - lines of a document as typed


def test_official_letter_with_both_header_columns_on_one_line():
    """Header columns read row by row (motto on the same lines), a "V/v" summary, the signature
    before "Nơi nhận"."""
    p = parse_document(OFFICIAL_LETTER)
    assert (p.code, p.symbol, p.doc_type, p.doc_type_name) == (
        "123/STTTT-TTBCXB", "STTTT-TTBCXB", None, "Công văn")
    assert (p.governing_body, p.issuer) == (
        "UBND thành phố Hải Phòng", "Sở Thông tin và Truyền thông")
    assert (p.place, p.date) == ("Hải Phòng", dt.date(2021, 3, 2))
    assert p.summary == "tăng cường tuyên truyền phòng, chống tin giả trên mạng xã hội"
    ref = p.references[0]
    assert (ref.code, ref.type, ref.type_name, ref.issuer, ref.date) == (
        "45/BTTTT-CBC", None, "Công văn", "Bộ Thông tin và Truyền thông", dt.date(2021, 3, 1))
    assert (p.signer.authority, p.signer.title, p.signer.name) == (
        "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Kiên")
    assert [r.text for r in p.recipients] == ["Như trên", "Lưu: VT"]
    assert [w.code for w in p.warnings] == ["not_a_plan"]


@pytest.mark.parametrize("name", ["DECISION", "PARTY", "LETTERED", "OFFICIAL_LETTER"])
def test_text_without_diacritics_keeps_the_structure(name):
    """Mark-less text (typed without accents, or OCR'd and not repaired): same structure."""
    from loa.vitext import strip_diacritics

    doc = globals()[name]

    def key(p):
        return (p.code, p.date, fold(p.place or ""), fold(p.issuer or ""),
                [s.number for s in p.sections],
                [(x.item, [fold(u.name) for u in x.units], len(x.tasks), x.channels, x.refutation)
                 for x in p.assignments],
                p.signer and (p.signer.authority, p.signer.title, fold(p.signer.name or "")),
                [fold(r.text) for r in p.recipients], [r.code for r in p.references],
                p.reporting and fold(p.reporting.to), [w.code for w in p.warnings])

    assert key(parse_document(strip_diacritics(doc))) == key(parse_document(doc))


def test_number_line_with_so_misread():
    p = parse_document(
        "56: 130 /KH-STTTT Hai Phong, ngay 08 thang 9 ndm 2020\nKE HOACH\nTuyen truyen")
    assert (p.code, p.date, p.place, p.doc_type, p.summary) == (
        "130/KH-STTTT", dt.date(2020, 9, 8), "Hải Phòng", "KH", "Tuyen truyen")


def test_recipients_without_dashes_and_wrapped():
    text = ("Số: 5/KH-UBND\nHà Nội, ngày 1 tháng 2 năm 2023\nKẾ HOẠCH\nThử\nNơi nhận:\nNhư trên;\n"
            "Sở Giáo dục và Đào tạo (để\nt/h);\nUBND các quận,\nhuyện;\nLưu: VT.\nKT. CHỦ TỊCH\n"
            "PHÓ CHỦ TỊCH\nNguyễn Văn Tùng\n")
    expected = ["Như trên", "Sở Giáo dục và Đào tạo (để t/h)", "UBND các quận, huyện", "Lưu: VT"]
    p = parse_document(text)
    assert p.summary == "Thử" and [r.text for r in p.recipients] == expected
    assert p.recipients[1].span == Span(1, 7, 8) and p.recipients[1].note == "để t/h"
    assert (p.signer.authority, p.signer.name) == ("KT. CHỦ TỊCH", "Nguyễn Văn Tùng")
    head, _, tail = text.partition("Nơi nhận:\n")
    dashed = head + "Nơi nhận:\n" + "\n".join(
        "- " + ln if ln[:1] in "NSUL" and ln != "Nguyễn Văn Tùng" else ln
        for ln in tail.split("\n"))
    assert [r.text for r in parse_document(dashed).recipients] == expected


@pytest.mark.parametrize("upper, name", [
    ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "Sở Thông tin và Truyền thông"),
    ("ỦY BAN NHÂN DÂN THÀNH PHỐ HẢI PHÒNG", "Ủy ban nhân dân thành phố Hải Phòng"),
    ("UBND QUẬN LÊ CHÂN", "UBND quận Lê Chân"),
    ("BAN THƯỜNG VỤ TỈNH ỦY", "Ban Thường vụ Tỉnh ủy"),
    ("ĐẢNG BỘ TỈNH NAM ĐỊNH", "Đảng bộ tỉnh Nam Định"),
    ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH", "Sở Văn hóa, Thể thao và Du lịch"),
    ("SỞ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", "Sở Lao động - Thương binh và Xã hội"),
    ("CÔNG AN THÀNH PHỐ HÀ NỘI", "Công an thành phố Hà Nội"),
    ("BAN TUYÊN GIÁO TRUNG ƯƠNG", "Ban Tuyên giáo Trung ương"),
])
def test_body_names_in_capitals_are_spelled_as_usual(upper, name):
    from loa.documents.parse.header import case_name as _case_name

    assert _case_name(upper) == name


def test_speller_puts_names_right_from_the_text():
    from loa.documents.parse.consensus import Speller

    sp = Speller("đề nghị Sở Giáo dục và Đào tạo; đào tạo nghề; cơ quan báo chí; báo chí, báo chí")
    assert sp.fix_name("Phòng Thông tin, Báo chi và Xuất bản") == \
        "Phòng Thông tin, Báo chí và Xuất bản"
    assert sp.fix_name("Sở Giáo dục và DPao tạo") == "Sở Giáo dục và Đào tạo"
    assert sp.fix_name("Phòng Thông tin, B&o chí và Xuất bản") == \
        "Phòng Thông tin, Báo chí và Xuất bản"
    assert sp.fix_name("Bão Hải Phòng") == "Báo Hải Phòng"
    assert sp.fix_name("Trung tám Thông tin") == "Trung tâm Thông tin"
    assert sp.fix_name("Bảo hiểm xã hội") == "Bảo hiểm xã hội"  # not a newspaper
    assert sp.fix_name("UBND các quận") == "UBND các quận"


# -- pieces --------------------------------------------------------------------------------------

@pytest.mark.parametrize("heading, units", [
    ("Đài Phát thanh và Truyền hình thành phố Hải Phòng, Báo Hải Phòng, Báo An ninh Hải Phòng, "
     "Cổng Thông tin điện tử thành phố", UNITS["2"]),
    ("Đài Truyền thanh các quận, huyện, xã, phường, thị trấn", UNITS["4"]),
    ("Phòng Văn hóa và Thông tin các quận, huyện", UNITS["3"]),
    ("Phòng Thông tin, Báo chí và Xuất bản", UNITS["6.1"]),
    ("Sở Tư pháp và Sở Nội vụ", ["Sở Tư pháp", "Sở Nội vụ"]),
    ("Công an thành phố, UBND các quận, huyện", ["Công an thành phố", "UBND các quận, huyện"]),
    ("Các sở, ban, ngành, đoàn thể thành phố", ["Các sở, ban, ngành, đoàn thể thành phố"]),
    ("Hội Nhà báo thành phố; Đoàn Thanh niên", ["Hội Nhà báo thành phố", "Đoàn Thanh niên"]),
    ("", []),
])
def test_split_units(heading, units):
    assert split_units(heading) == units


def test_is_group():
    assert is_group("Các cơ quan báo chí trên địa bàn thành phố Hải Phòng")
    assert is_group("Phòng Văn hóa và Thông tin các quận, huyện")
    assert not is_group("Báo Hải Phòng") and not is_group("Thanh tra Sở")


def test_channels_and_refutation():
    assert channels_of("trên mạng xã hội (Facebook, Zalo, Youtube)") == [
        "facebook", "zalo", "youtube", "social"]
    assert channels_of("tren cong thong tin dien tu va he thong thong tin co so") == [
        "e_portal", "loudspeaker"]
    assert channels_of("Bố trí thời lượng, tăng cường phát sóng") == ["broadcast"]
    assert channels_of("Tăng cường tin bài trên báo chí") == ["news"]
    assert is_refutation("kịp thời bác bỏ những thông tin sai sự thật")
    assert is_refutation("đăng tin, bài phản bác")
    assert is_refutation("chủ động đấu tranh ngăn chặn những thông tin sai sự thật")
    assert not is_refutation("rà soát các thông tin sai sự thật")


@pytest.mark.parametrize("text, codes", [
    ("Quyết định số 628/QĐ-TTg ngày 11/05/2020", ["628/QĐ-TTg"]),
    ("Quyét dinh s6 628/Qb-TTg ngay", ["628/QĐ-TTg"]),
    ("628/QDb-TTg và 628/QP-TTg", ["628/QĐ-TTg", "628/QĐ-TTg"]),
    ("Nghi quyét s6 44/N Q-CP; 51-KL/TW, 29-NQ/TW", ["44/NQ-CP", "51-KL/TW", "29-NQ/TW"]),
    ("Nghị định số 15/2020/NĐ-CP và Luật số 43/2019/QH14", ["15/2020/NĐ-CP", "43/2019/QH14"]),
    ("Công văn số 123/STTTT-TTBCXB", ["123/STTTT-TTBCXB"]),
    ("ngày 30/5/2019, kinh tế - xã hội, 2018-2019", []),
])
def test_find_codes(text, codes):
    assert [c.code for c in find_codes(text)] == codes


def test_dates_in_words_and_ocr():
    p = parse_document("Số: 5/KH-UBND\nHà Nội, ngay 8 thang 9 ndm 2020\nKẾ HOẠCH\nVề việc thử")
    assert p.date == dt.date(2020, 9, 8) and p.place == "Hà Nội"
    assert p.summary == "Về việc thử"


# -- any text --------------------------------------------------------------------------------------

_FRAGMENTS = st.sampled_from([
    "Số: 130/KH-STTTT", "Hải Phòng, ngày 08 tháng 9 năm 2020", "KẾ HOẠCH", "III. TỔ CHỨC THỰC HIỆN",
    "I11. TO CHUC THU'C HIEN", "1. Sở Giáo dục và Đào tạo", "6.1. Phòng Thông tin", "a) điểm",
    "- Tăng cường", "Nơi nhận:", "- Lưu: VT.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Lê Văn Kiên",
    "Căn cứ Quyết định số 628/QĐ-TTg ngày 11/05/2020;", "(thực hiện báo cáo về Sở khi có yêu cầu)",
    "", " ", "Điều 1.", "TM. ỦY BAN NHÂN DÂN", "T/M", "ngày 31/02/2020", "51-KL/TW", "|.", ":", ";",
    "S6: 130 /KH-STTTT Hai Phong, ngay 08 thang 9 ndm 2020", "(để b/c)", "- ;", "của", "về",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(_FRAGMENTS, st.text(max_size=40)), max_size=30))
def test_any_text_never_raises(parts):
    text = "\n".join(parts)
    j = parse_document(text).to_json()
    json.dumps(j)
    assert isinstance(j["warnings"], list)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_characters_never_raise(text):
    json.dumps(parse_document(text).to_json())
