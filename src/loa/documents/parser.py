"""Parse the Decree 30 layout of an administrative document — a plan above all — into plain
dataclasses (no Django import).

``parse_document(doc)`` takes a :class:`~loa.documents.model.SourceDocument` (or a string, read
as one page of plain text) and returns a :class:`ParsedDocument`: number and symbol, type,
issuing body, place and date, summary, the documents it refers to, the section tree, the
assignments of the implementation section ("Tổ chức thực hiện"), the duty to report, the signer
and the recipients. Every field read from the text carries a :class:`~loa.documents.model.Span`
(page, first line, last line) so a review page can show where it was read.

Structure is matched on accent-folded text with patterns that tolerate OCR damage ("I11. TO
CHUC THU'C HIEN", "Qb-TTg", "ndm 2020"); values are taken from the text as written (repaired
when the reader repaired it). Nothing raises on odd input: what is missing is reported in
``warnings`` ({code, message, params}).

``ParsedDocument.to_json()`` (what ``loa plan parse FILE --json`` prints)::

    code "130/KH-STTTT", number "130", symbol "KH-STTTT", doc_type "KH" (None for a công văn),
    doc_type_name "Kế hoạch", issuer, issuer_source ("header" | "text" | "symbol"),
    governing_body, place, date (ISO), summary, preamble [str],
    references [{code, type, type_name, date, issuer, title, legal_basis, count, span}],
    sections [{number, kind, title, text, span, end, children}],
    assignments [{item, title, units [str], units_detail [{name, is_group}], is_group, tasks [str],
                  channels [str], refutation, partners [str], deadline, deadline_text, regular,
                  span, end}],
    reporting {text, to, when, deadline, span} | None, closing [str],
    signer {authority, title, name, on_behalf_of, title_inferred, span} | None,
    recipients [str] (the "Lưu: …" line included, last), recipients_detail [{name, note,
    archive, span}], text, warnings [{code, message, params}], spans {field: span}

A span is {page, first_line, last_line} (1-based, lines of the first page it is on); ``end`` is
{page, line} of the last line of a section or item, on whatever page. Warning codes: empty,
no_code, no_date, no_place, no_doc_type, not_a_plan, no_issuer, issuer_inferred, no_summary,
no_implementation, no_assignments, no_units (params: item), no_tasks (params: item), no_signer,
no_recipients. Channels: the codes of :mod:`loa.vocab.channels` — channels (facebook, zalo,
youtube, tiktok, e_portal, loudspeaker) and families (social, broadcast, news).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field

from loa.vitext import normalize
from loa.vitext.names import fix_person_name

from .assignments import (
    channels_of,
    find_deadline,
    find_reporting,
    is_regular,
    is_group,
    is_refutation,
    split_units,
    starts_with_unit_word,
)
from .consensus import Speller
from .layout import Para, build_paragraphs, marker_of, span_of
from .model import Line, Page, SourceDocument, Span
from .references import (
    DOC_TYPES,
    date_after,
    find_codes,
    issuer_after,
    issuer_from_suffix,
    title_after,
    type_name,
)
from .textutil import clean_ws, ffold, find_date, is_upper_line, strip_punct

__all__ = ["AssignmentSpec", "ParseWarning", "ParsedDocument", "Recipient", "Reference",
           "Reporting", "Section", "Signer", "UnitName", "parse_document"]


# -- the result -------------------------------------------------------------------------------

def _span(span: Span | None) -> dict | None:
    if span is None:
        return None
    return {"page": span.page, "first_line": span.first_line, "last_line": span.last_line}


@dataclass
class Reference:
    code: str | None  # None for a legal basis named without one ("Căn cứ Luật …")
    type: str | None  # abbreviation: "QĐ", "KL", "NQ", "KH"; None for an official letter
    type_name: str | None  # "Quyết định"
    date: dt.date | None
    issuer: str | None
    legal_basis: bool
    span: Span
    count: int = 1  # how many times the text names it
    title: str | None = None  # what it is about: "về quản lý, cung cấp …", "ban hành Kế hoạch …"

    def to_json(self) -> dict:
        return {"code": self.code, "type": self.type, "type_name": self.type_name,
                "date": self.date.isoformat() if self.date else None, "issuer": self.issuer,
                "title": self.title, "legal_basis": self.legal_basis, "count": self.count,
                "span": _span(self.span)}


@dataclass
class Section:
    number: str  # "III", "6.1", "a", "-" (a dash), "2" (Điều 2)
    kind: str  # "roman", "number", "letter", "dash", "article", "chapter"
    title: str
    text: str
    span: Span
    children: list[Section] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list, repr=False)  # the heading and own text
    end: tuple[int, int] | None = None  # (page, line) of the last line, children included

    @property
    def end_json(self) -> dict | None:
        return {"page": self.end[0], "line": self.end[1]} if self.end else None

    def to_json(self) -> dict:
        return {"number": self.number, "kind": self.kind, "title": self.title, "text": self.text,
                "span": _span(self.span), "end": self.end_json,
                "children": [c.to_json() for c in self.children]}

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class UnitName:
    name: str
    is_group: bool

    def to_json(self) -> dict:
        return {"name": self.name, "is_group": self.is_group}


@dataclass
class AssignmentSpec:
    item: str  # "6.1"
    title: str  # the heading as written
    units: list[UnitName]
    tasks: list[str]
    channels: list[str]
    refutation: bool
    span: Span
    end: tuple[int, int] | None = None  # (page, line) of the item's last line
    partners: list[str] = field(default_factory=list)  # "phối hợp với Sở …": supporting units
    deadline: dt.date | None = None  # "trước ngày 15/02/2021"
    deadline_text: str | None = None
    regular: bool = False  # "thường xuyên", "định kỳ": tracked by periodic reports

    @property
    def is_group(self) -> bool:
        return any(u.is_group for u in self.units)

    def to_json(self) -> dict:
        return {"item": self.item, "title": self.title, "units": [u.name for u in self.units],
                "units_detail": [u.to_json() for u in self.units], "is_group": self.is_group,
                "tasks": self.tasks, "channels": self.channels, "refutation": self.refutation,
                "partners": self.partners, "deadline": self.deadline.isoformat() if self.deadline else None,
                "deadline_text": self.deadline_text, "regular": self.regular,
                "span": _span(self.span),
                "end": {"page": self.end[0], "line": self.end[1]} if self.end else None}


@dataclass
class Reporting:
    text: str
    to: str | None
    when: str | None
    span: Span
    deadline: dt.date | None = None  # when "when" names a date

    def to_json(self) -> dict:
        return {"text": self.text, "to": self.to, "when": self.when,
                "deadline": self.deadline.isoformat() if self.deadline else None,
                "span": _span(self.span)}


@dataclass
class Signer:
    authority: str | None  # "KT. GIÁM ĐỐC"
    title: str | None  # "PHÓ GIÁM ĐỐC"
    name: str | None  # "Lê Văn Kiên"
    span: Span
    on_behalf_of: str | None = None  # "TM. ỦY BAN NHÂN DÂN" above "KT. CHỦ TỊCH"
    title_inferred: bool = False  # derived from the authority (the title line was unreadable)

    def to_json(self) -> dict:
        return {"authority": self.authority, "title": self.title, "name": self.name,
                "on_behalf_of": self.on_behalf_of, "title_inferred": self.title_inferred,
                "span": _span(self.span)}


@dataclass
class Recipient:
    name: str  # without the note: "CT, PCT UBNDTP Lê Khắc Nam"
    note: str | None  # "để b/c"
    span: Span
    archive: bool = False  # the "Lưu: VT, …" line

    @property
    def text(self) -> str:
        return f"{self.name} ({self.note})" if self.note else self.name

    def to_json(self) -> dict:
        return {"name": self.name, "note": self.note, "archive": self.archive,
                "span": _span(self.span)}


@dataclass
class ParseWarning:
    code: str
    message: str  # English
    params: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message, "params": self.params}


@dataclass
class ParsedDocument:
    code: str | None = None
    number: str | None = None
    symbol: str | None = None
    doc_type: str | None = None
    doc_type_name: str | None = None
    issuer: str | None = None
    # "header"; "text": the body whose initials spell the symbol's suffix, found in the text;
    # "symbol": the suffix's usual body (STTTT -> Sở Thông tin và Truyền thông)
    issuer_source: str | None = None
    governing_body: str | None = None
    place: str | None = None
    date: dt.date | None = None
    summary: str | None = None
    references: list[Reference] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    assignments: list[AssignmentSpec] = field(default_factory=list)
    reporting: Reporting | None = None
    signer: Signer | None = None
    recipients: list[Recipient] = field(default_factory=list)
    text: str = ""
    warnings: list[ParseWarning] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)  # code, date, place, summary, issuer …
    preamble: list[str] = field(default_factory=list)  # "Căn cứ …", "Thực hiện …" paragraphs
    closing: list[str] = field(default_factory=list)  # "Trên đây là …"

    @property
    def is_plan(self) -> bool:
        return self.doc_type == "KH"

    @property
    def implementation(self) -> Section | None:
        return _find_implementation(self.sections)

    def warn(self, code: str, message: str, **params) -> None:
        self.warnings.append(ParseWarning(code, message, params))

    def to_json(self) -> dict:
        return {
            "code": self.code, "number": self.number, "symbol": self.symbol,
            "doc_type": self.doc_type, "doc_type_name": self.doc_type_name,
            "issuer": self.issuer, "issuer_source": self.issuer_source,
            "governing_body": self.governing_body, "place": self.place,
            "date": self.date.isoformat() if self.date else None, "summary": self.summary,
            "preamble": self.preamble,
            "references": [r.to_json() for r in self.references],
            "sections": [s.to_json() for s in self.sections],
            "assignments": [a.to_json() for a in self.assignments],
            "reporting": self.reporting.to_json() if self.reporting else None,
            "closing": self.closing,
            "signer": self.signer.to_json() if self.signer else None,
            "recipients": [r.text for r in self.recipients],
            "recipients_detail": [r.to_json() for r in self.recipients],
            "text": self.text,
            "warnings": [w.to_json() for w in self.warnings],
            "spans": {k: _span(v) for k, v in self.spans.items()},
        }


# -- vocabulary -------------------------------------------------------------------------------

_TYPE_WORDS = {ffold(name): abbr for abbr, name in DOC_TYPES.items()}
_TYPE_WORDS.update({"cong van": "CV", "quy dinh": "QyĐ", "luat": "QH"})
_MOTTO = re.compile(r"cong hoa xa hoi chu nghia viet nam|doc lap\s*-?\s*tu do\s*-?\s*hanh phuc|"
                    r"dang cong san viet nam")
_NUMBER_LINE = re.compile(r"^\s*(?:s[o0-9&¢eb]\w{0,2}|so)\s*[:.;]?\s*(?=\d)")

#: Provinces and centrally-run cities (as of 2020–2025), for the place of issue.
PROVINCES = [
    "An Giang", "Bà Rịa - Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh", "Bến Tre",
    "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai",
    "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang",
    "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng",
    "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận",
    "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
    "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế",
    "Huế", "Tiền Giang", "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "Trà Vinh", "Tuyên Quang",
    "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
]
_PROVINCES = {ffold(p): p for p in PROVINCES}
_PROVINCES.update({ffold(p).replace(" ", ""): p for p in PROVINCES})
_PROVINCES.update({"tp. ho chi minh": "TP. Hồ Chí Minh", "tp ho chi minh": "TP. Hồ Chí Minh",
                   "tp.hcm": "TP. Hồ Chí Minh", "tp. hcm": "TP. Hồ Chí Minh"})

#: Signature titles (capitals, as printed) and the collectives signed for with "TM.".
TITLES = ["GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "CHỦ TỊCH", "PHÓ CHỦ TỊCH", "BỘ TRƯỞNG", "THỨ TRƯỞNG",
          "BÍ THƯ", "PHÓ BÍ THƯ", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CHÁNH VĂN PHÒNG",
          "PHÓ CHÁNH VĂN PHÒNG", "CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "TRƯỞNG PHÒNG",
          "PHÓ TRƯỞNG PHÒNG", "TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG",
          "VỤ TRƯỞNG", "PHÓ VỤ TRƯỞNG", "HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG", "VIỆN TRƯỞNG",
          "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "TỔNG BIÊN TẬP", "PHÓ TỔNG BIÊN TẬP", "CHI CỤC TRƯỞNG",
          "GIÁM ĐỐC SỞ", "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "TRƯỞNG ĐOÀN", "THƯỜNG TRỰC"]
COLLECTIVES = ["ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "BAN THƯỜNG VỤ", "BAN CHẤP HÀNH",
               "THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "CHÍNH PHỦ", "BAN CHỈ ĐẠO", "BAN BÍ THƯ",
               "BỘ CHÍNH TRỊ", "THÀNH ỦY", "TỈNH ỦY", "HUYỆN ỦY", "QUẬN ỦY", "ĐẢNG ỦY",
               "BAN TUYÊN GIÁO", "ỦY BAN KIỂM TRA", "HỘI ĐỒNG", "BAN GIÁM ĐỐC", "ĐOÀN CHỦ TỊCH"]
_TITLES = {ffold(t): t for t in TITLES + COLLECTIVES}
_AUTHORITY = re.compile(r"^[\s,.;:'\"’]*(t\s?/\s?m\s?[./,]?|(?:tm|kt|tl|tuq|q)\s?[./,])\s?(?=\S)")

SURNAMES = {ffold(s) for s in (
    "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Đào Đoàn Vương "
    "Trịnh Trương Đinh Lâm Phùng Mai Tô Hà Tạ Cao Lương Lưu Quách Thái Chu Châu Văn Đàm Hứa "
    "Kiều Khổng Lạc Mạc Ninh Nghiêm Nông Triệu Tăng Thân Từ Vi Viên Quan Tống Giang Kim Âu "
    "Doãn Khúc Lại Lục Phí Bạch Bế Hoàng Đồng Tôn Cù Diệp Hàn Khuất La Mạch Thạch Ông Trình "
    "Hầu Cung Yên Lò Lỗ Mã Mẫn Tiêu Ung Văn Xa Phó").split()}
_NOTES = [(re.compile(r"^d\S{0,2}\s*(?:b\s*[/l|1]\s*c|bao cao|buc|b\S?c)$"), "để b/c"),
          (re.compile(r"^d\S{0,2}\s*(?:t\s*[/l|1]\s*h|thuc hien)$"), "để t/h"),
          (re.compile(r"^d\S{0,2}\s*(?:p\s*[/l|1]\s*h|phoi hop)$"), "để p/h"),
          (re.compile(r"^d\S{0,2}\s*(?:biet|b)$"), "để biết"),
          (re.compile(r"^d\S{0,2}\s*(?:c\s*[/l|1]\s*d|chi dao)$"), "để c/đ")]


# -- entry point ------------------------------------------------------------------------------

def _text_document(text: str) -> SourceDocument:
    page = Page(1, [Line(t, 1, i) for i, t in enumerate(text.splitlines(), 1)])
    return SourceDocument("text", [page])


def parse_document(doc: SourceDocument | str) -> ParsedDocument:
    """Parse a document (see the module docstring). Never raises on any text."""
    if isinstance(doc, str):
        doc = _text_document(doc)
    lines = [Line(normalize(ln.text or "", tone_style=None, quotes=False).replace("\n", " "), ln.page,
                  ln.number, ln.bbox, ln.raw, ln.confidence) for ln in doc.lines()]
    result = ParsedDocument(text="\n".join(ln.text for ln in lines))
    if not any(ln.text.strip() for ln in lines):
        result.warn("empty", "The document has no text.")
        return result
    _Parser(lines, result).run()
    return result


class _Parser:
    def __init__(self, lines: list[Line], result: ParsedDocument):
        self.lines = lines
        self.r = result
        self.folded = [ffold(ln.text) for ln in lines]
        self.speller = Speller(result.text)

    # -- regions ------------------------------------------------------------------------------

    def run(self) -> None:
        r = self.r
        head_limit = self._head_limit()
        type_i = self._type_line(head_limit)
        number_i = self._number(head_limit if type_i is None else type_i + 1)
        date_i = self._place_date(head_limit if type_i is None else type_i + 1)
        first_meta = min(i for i in (type_i, number_i, date_i, head_limit) if i is not None)
        self._header(first_meta, type_i if type_i is not None else head_limit,
                     {number_i, date_i})
        body_start = self._summary(type_i, number_i, date_i)
        tail = self._tail_start(body_start)
        body_lines = self.lines[body_start:tail]
        paras = build_paragraphs(body_lines, None) if body_lines else []
        self._structure(paras)
        self._references(paras)
        self._tail(tail)
        self._issuer_fallback(paras)
        self._reporting(paras)
        self._warnings()

    def _head_limit(self) -> int:
        """Where the header zone surely ends: the first Roman heading, "Căn cứ", "Thực hiện",
        or 40 lines."""
        for i, (ln, f) in enumerate(zip(self.lines, self.folded)):
            m = marker_of(ln.text)
            if m and m.kind in ("roman", "article", "chapter") or re.match(
                    r"\s*(?:can cu|thuc hien|kinh gui)\b", f) and i > 0:
                return i
            if i >= 40:
                return i
        return len(self.lines)

    def _type_line(self, limit: int) -> int | None:
        for i in range(min(limit, len(self.lines))):
            text = self.lines[i].text.strip()
            if not text or not is_upper_line(text):
                continue
            key = re.sub(r"[^a-z ]", "", self.folded[i]).strip()
            key = re.sub(r"\s+", " ", key)
            abbr = _TYPE_WORDS.get(key)
            if abbr is None:  # OCR: "KE HOACH", "QUYET PINH"
                for name, a in _TYPE_WORDS.items():
                    if len(key) >= 4 and _close(key, name, 85):
                        abbr = a
                        break
            if abbr:
                self.type_abbr = abbr
                self.r.spans["doc_type"] = self.lines[i].span
                return i
        return None

    def _number(self, limit: int) -> int | None:
        r = self.r
        for i in range(min(limit, len(self.lines))):
            f = self.folded[i]
            m = _NUMBER_LINE.match(f)
            codes = find_codes(self.lines[i].text)
            if not codes:
                continue
            c = codes[0]
            if not m and c.start > 3:
                continue
            return self._take_code(i, c)
        # "56: 130/KH-STTTT": the word "Số" misread; a code with a known type near the top
        for i in range(min(limit, len(self.lines), 15)):
            codes = find_codes(self.lines[i].text)
            if codes and codes[0].type and len(self.lines[i].text) < 100:
                return self._take_code(i, codes[0])
        return None

    def _take_code(self, i: int, c) -> int:
        r = self.r
        r.code, r.number, r.symbol, r.doc_type = c.code, c.number, c.symbol, c.type
        if c.year:
            r.symbol = c.code[len(c.number) + 1:]
        r.spans["code"] = self.lines[i].span
        self.own_code = c
        return i

    def _place_date(self, limit: int) -> int | None:
        r = self.r
        for i in range(min(limit, len(self.lines))):
            f = self.folded[i]
            m = re.search(r"ng\w{0,2}y\s*\d{1,2}\s*(?:th|/)", f)
            if not m or len(f) > 100 or m.start() > 70:
                continue
            found = find_date(f, m.start())
            if not found:
                continue
            r.date = found[0]
            r.spans["date"] = self.lines[i].span
            text = self.lines[i].text
            before = text[:m.start()]
            codes = find_codes(before)
            if codes:
                before = before[codes[-1].end:]
            place = strip_punct(before, " ,;:.-–—")
            place = re.sub(r"^(?:s[oố]\s*:?)", "", place).strip()
            if place and len(place) <= 40:
                r.place = _PROVINCES.get(ffold(place), place)
                r.spans["place"] = self.lines[i].span
            return i
        return None

    def _header(self, end: int, type_i: int, skip: set) -> None:
        """Governing and issuing bodies from the capital lines above the type name."""
        bodies: list[tuple[str, list[Line]]] = []
        for i in range(min(end if end else type_i, len(self.lines))):
            if i in skip:
                continue
            text = self.lines[i].text.strip()
            f = self.folded[i]
            text = strip_punct(_cut_motto(text, f), " ,;:.-–—_*")
            if not text or not is_upper_line(text, 0.7):
                continue
            if bodies and not starts_with_unit_word(text, require_capital=False) and \
                    not re.match(r"(?:dang bo|tinh uy|thanh uy|huyen uy|quan uy|dang uy)",
                                 ffold(text)):
                name, ls = bodies[-1]
                bodies[-1] = (name + " " + text, ls + [self.lines[i]])
            else:
                bodies.append((text, [self.lines[i]]))
        if not bodies:
            return
        self.header_bodies = bodies
        issuer, ls = bodies[-1]
        self.r.issuer = self._recase(issuer)
        self.r.issuer_source = "header"
        self.r.spans["issuer"] = span_of(ls)
        if len(bodies) >= 2:
            gov, gls = bodies[-2]
            self.r.governing_body = self._recase(gov)
            self.r.spans["governing_body"] = span_of(gls)

    def _recase(self, upper: str) -> str:
        """A body's name in capitals as the text writes it ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG" ->
        "Sở Thông tin và Truyền thông"): as found in the text, else by the usual rules."""
        key = ffold(clean_ws(upper))
        whole = ffold(self.r.text)
        pos = whole.find(key)
        while pos >= 0:
            cand = self.r.text[pos:pos + len(key)]
            if not is_upper_line(cand, 0.6):
                return clean_ws(cand)
            pos = whole.find(key, pos + 1)
        return _case_name(clean_ws(upper))

    def _summary(self, type_i, number_i, date_i) -> int:
        """The summary (trích yếu) below the type name; returns where the body starts."""
        r = self.r
        anchors = [i for i in (type_i, number_i, date_i) if i is not None]
        if not anchors:
            return 0
        i = (type_i if type_i is not None else max(anchors)) + 1
        n = len(self.lines)
        while i < n and not self.lines[i].text.strip():
            i += 1
        start = i
        parts: list[Line] = []
        if type_i is None:
            # an official letter: "V/v …" under the number
            for j in range(max(anchors) - 2 if anchors else 0, min(n, max(anchors) + 6)):
                if re.match(r"\s*v\s*/\s*v\b", self.folded[max(j, 0)]):
                    start = max(j, 0)
                    break
            else:
                return max(anchors) + 1
        i = start
        while i < n:
            text = self.lines[i].text.strip()
            f = self.folded[i]
            if not text or re.fullmatch(r"[-_=*.\s]{3,}", text):
                break
            if parts and (is_upper_line(text) and not is_upper_line(parts[-1].text)):
                break
            if re.match(r"\s*(?:can cu|thuc hien|kinh gui|xet de nghi|n[o0]i\s*nh\w{1,2}n)\b", f) or \
                    _AUTHORITY.match(f) and is_upper_line(text) or \
                    marker_of(text) and marker_of(text).kind in ("roman", "article", "number") or \
                    i in (number_i, date_i) or _MOTTO.search(f) and is_upper_line(text):
                break
            parts.append(self.lines[i])
            i += 1
            if len(parts) >= 12:
                break
        if parts:
            summary = clean_ws(" ".join(p.text for p in parts))
            summary = re.sub(r"^v\s*/\s*v\s*:?\s*", "", summary, flags=re.I)
            r.summary = summary.strip(" -–—_")
            r.spans["summary"] = span_of(parts)
        return i

    def _tail_start(self, start: int) -> int:
        for i in range(start, len(self.lines)):
            f = self.folded[i]
            text = self.lines[i].text.strip()
            if re.match(r"\s*n[o0]i\s*nh\w{1,2}n\b", f):
                return i
            m = _AUTHORITY.match(f)
            if m and is_upper_line(text[m.end():], 0.6) and len(text) < 60:
                return i
        return len(self.lines)

    # -- body ---------------------------------------------------------------------------------

    def _structure(self, paras: list[Para]) -> None:
        r = self.r
        rank = {"chapter": 0, "roman": 1, "article": 2, "number": 2, "letter": 6, "dash": 7}
        stack: list[tuple[int, Section]] = []
        closing = False
        self.preamble_paras: list[Para] = []
        self.closing_paras: list[Para] = []
        for p in paras:
            f = p.folded
            if re.match(r"\s*(?:tren day la|trong qua trinh (?:to chuc )?thuc hien)", f) or closing:
                closing = True
                self.closing_paras.append(p)
                r.closing.append(p.text)
                continue
            m = p.marker
            if m is None or (m.kind == "dash" and not stack):
                if stack:
                    node = stack[-1][1]
                    node.paras.append(p)
                    node.text = (node.text + "\n" + p.text).strip()
                    for _, anc in stack:
                        anc.span = _merge(anc.span, p.span)
                        anc.end = max(anc.end or (0, 0), _last(p))
                else:
                    self.preamble_paras.append(p)
                    if is_upper_line(p.text) and len(p.text) < 80:
                        continue  # "QUYẾT ĐỊNH:", "CHỦ TỊCH ỦY BAN NHÂN DÂN …"
                    r.preamble.append(p.text)
                continue
            level = rank[m.kind]
            if m.kind == "number":
                level = 2 + m.label.count(".")
                if any(s.kind == "article" for _, s in stack):
                    level += 1
            title, text = _split_heading(p.body, m.kind)
            node = Section(m.label, m.kind, title, text, p.span, paras=[p], end=_last(p))
            while stack and stack[-1][0] >= level:
                stack.pop()
            if stack:
                stack[-1][1].children.append(node)
            else:
                r.sections.append(node)
            stack.append((level, node))
            for _, anc in stack[:-1]:
                anc.span = _merge(anc.span, p.span)
                anc.end = max(anc.end or (0, 0), _last(p))
        _renumber(r.sections)
        self._assignments()

    def _assignments(self) -> None:
        r = self.r
        impl = _find_implementation(r.sections)
        self.impl = impl
        if impl is None:
            return
        items: list[Section] = []
        for child in impl.children:
            if child.kind not in ("number", "letter", "article"):
                continue
            subs = [c for c in child.children if c.kind == "number"]
            if subs:
                items.extend(subs)
            elif not _looks_like_units(child.title) and child.children and all(
                    c.kind == "letter" and _looks_like_units(c.title) for c in child.children):
                # "1. Phân công nhiệm vụ" / "a) Sở …: …": the points are the items ("1.a")
                items.extend(dataclasses.replace(c, number=f"{child.number}.{c.number}")
                             for c in child.children)
            else:
                items.append(child)
        if not items:
            # "- Sở Y tế: chủ trì …": dashes that each name a unit (numbered by position)
            for k, child in enumerate((c for c in impl.children if c.kind == "dash"), 1):
                head, colon, rest = child.text.partition(":")
                if colon and len(head) <= 140 and _looks_like_units(head.strip()):
                    items.append(Section(str(k), "dash", head.strip(), rest.strip(), child.span,
                                         child.children, child.paras, child.end))
                elif _leading_units(child.text):
                    items.append(Section(str(k), "dash", "", child.text, child.span,
                                         child.children, child.paras, child.end))
        for node in items:
            title = node.title
            tasks = _tasks(node)
            if not title and tasks:
                title = _leading_units(tasks[0])
            if title and not _looks_like_units(title) and _NOT_UNITS.match(ffold(title)):
                continue  # "Kinh phí", "Chế độ báo cáo": not an assignment
            pieces = split_units(title) if title else []
            names = [self.speller.fix_name(u) for u in pieces]
            for piece, name in zip(pieces, names):
                if piece != name:  # the heading with the names put right
                    title = title.replace(piece, name, 1)
            if node.title and title != node.title:
                node.title = title
            units = [UnitName(u, is_group(u)) for u in names]
            text = " ".join(tasks)
            due = find_deadline(text)
            r.assignments.append(AssignmentSpec(
                node.number, title, units, tasks, channels_of(text), is_refutation(text),
                node.span, node.end, self._partners(text, names), due[0] if due else None,
                due[1] if due else None, is_regular(text)))

    def _partners(self, text: str, leads: list[str]) -> list[str]:
        """The bodies a task names after "phối hợp với" (named ones, not "các đơn vị liên
        quan"), other than the item's own units."""
        out: list[str] = []
        folded = ffold(text)
        for m in re.finditer(r"phoi hop (?:chat che )?(?:voi |cung )?", folded):
            rest = text[m.end():m.end() + 200]
            stop = _VERBS.search(" " + ffold(rest))
            chunk = rest[:max(0, stop.start() - 1)] if stop else rest
            chunk = re.split(r"[;.()]", chunk)[0]
            cut = re.search(r"(?<=\S)\s+(?:va cac|cac|de|ve|nham|trong|tai|tren|theo|cung|cho)\b",
                            ffold(chunk))
            chunk = chunk[:cut.start()] if cut else chunk
            for name in split_units(chunk):
                name = self.speller.fix_name(name)
                if name[:1].isupper() and starts_with_unit_word(name) and \
                        not name.startswith("Các") and ffold(name) not in map(ffold, leads + out):
                    out.append(name)
        return out

    def _references(self, paras: list[Para]) -> None:
        r = self.r
        preamble = {id(p) for p in self.preamble_paras
                    if re.match(r"\s*(?:can cu|thuc hien)\b", p.folded)}
        own = getattr(self, "own_code", None)
        found: dict[tuple, Reference] = {}
        spellings: dict[tuple, dict[str, int]] = {}
        issuers: dict[tuple, list[str]] = {}
        sources: list[tuple[Para | None, str, str, Span | None]] = []
        if r.summary:
            sources.append((None, r.summary, ffold(r.summary), r.spans.get("summary")))
        for p in paras:
            sources.append((p, p.text, p.folded, None))
        for p, text, folded, span in sources:
            for c in find_codes(text):
                if own is not None and c.number == own.number and c.type == own.type and \
                        ffold(c.suffix or "") == ffold(own.suffix or ""):
                    continue
                key = (c.number, c.year or "", ffold(c.type or c.symbol))
                # a suffix read wrong ("TTQ" for "TTg") is the same document
                match = next((k for k in found if k[:3] == key and
                              _close(ffold(k[3]), ffold(c.suffix or ""), 60)), None)
                key = match or key + (c.suffix or "",)
                pos = c.end
                d = date_after(folded, pos)
                if d:
                    pos = d[1]
                who = issuer_after(text, folded, pos)
                about = title_after(text, folded, who[1] if who else pos)
                where = p.span_at(c.start, c.end) if p is not None else span
                legal = p is not None and id(p) in preamble
                ref = found.get(key)
                if who:
                    issuers.setdefault(key, []).append(who[0])
                spellings.setdefault(key, {}).setdefault(c.code, 0)
                spellings[key][c.code] += 1
                if ref is None:
                    found[key] = Reference(c.code, c.type, type_name(c.type) if c.type else
                                           "Công văn", d[0] if d else None,
                                           who[0] if who else None, legal, where or Span(1, 1, 1),
                                           title=about)
                else:
                    ref.count += 1
                    ref.legal_basis = ref.legal_basis or legal
                    if ref.date is None and d:
                        ref.date = d[0]
                    if ref.issuer is None and who:
                        ref.issuer = who[0]
                    if ref.title is None and about:
                        ref.title = about
        for key, ref in found.items():
            best = max(spellings[key].items(), key=lambda kv: kv[1])[0]
            ref.code = best
            if ref.issuer is not None:
                # the spelling most occurrences share with the first (OCR damage varies)
                same = [x for x in issuers.get(key, []) if ffold(x) == ffold(ref.issuer)]
                if same:
                    ref.issuer = max(same, key=lambda x: (same.count(x), -same.index(x)))
            if ref.issuer is None:
                suffix = re.split(r"[-/]", best)[-1]
                ref.issuer = issuer_from_suffix(suffix)
        r.references = list(found.values())
        # "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;": a legal basis
        # named without a code
        for p in self.preamble_paras:
            m = _UNCODED.match(p.folded)
            if not m or find_codes(p.text):
                continue
            kind = p.text[m.start(1):m.end(1)]
            rest = p.text[m.end(1):].strip()
            d = find_date(p.folded, m.end(1))
            name = p.text[m.end(1):d[1]] if d else rest
            name = strip_punct(re.split(r"[;]", name)[0], " ,;:.")
            r.references.append(Reference(
                None, None, kind[:1].upper() + kind[1:].lower(), d[0] if d else None, None, True,
                p.span, title=name or None))
        r.references.sort(key=lambda ref: (ref.span.page, ref.span.first_line))

    # -- tail: recipients and signature ---------------------------------------------------------

    def _tail(self, start: int) -> None:
        r = self.r
        pieces: list[tuple[str, Line]] = []
        items: list[tuple[str, Line]] = []
        in_list = done = dashes = False
        for line in self.lines[start:]:
            text = line.text.strip()
            if not text:
                continue
            f = ffold(text)
            m = re.match(r"\s*n[o0]i\s*nh\w{1,2}n\s*[:;.]?", f)
            if m:
                in_list = True
                rest = text[m.end():]
                if strip_punct(rest, " ,;:.'’"):
                    pieces.append((rest, line))
                continue
            dash = re.match(r"\s*[-–—•+]", text)
            listed = in_list and not done
            sig_like = bool(_AUTHORITY.match(f)) or is_upper_line(text) or _is_person_name(text)
            if listed and dash:
                dashes = True
            prev = items[-1] if items else None
            runs_on = prev is not None and not prev[2] and not dash and not sig_like and (
                not prev[0].rstrip().endswith(",") or _starts_lower(text))
            if listed and runs_on:
                semi = text.find(";")
                more, junk = (text[:semi], text[semi + 1:]) if semi >= 0 else (text, "")
                prev[0] += " " + more
                prev[2] = semi >= 0 or more.rstrip().endswith(".")
                prev[3] = line
                if strip_punct(junk, " ,;:.'’"):
                    pieces.append((junk, line))
                if re.match(r"\s*luu\b", ffold(prev[0])) and prev[2]:
                    done = True
                continue
            if listed and (dash or not dashes and not sig_like):
                body = re.sub(r"^\s*[-–—•+]\s*", "", text)
                semi = body.find(";")
                item, junk = (body[:semi], body[semi + 1:]) if semi >= 0 else (body, "")
                items.append([item, line, semi >= 0 or item.rstrip().endswith("."), line])
                if strip_punct(junk, " ,;:.'’"):
                    pieces.append((junk, line))
                if re.match(r"\s*luu\b", ffold(item)) and (items[-1][2] or not dashes):
                    done = True
                continue
            pieces.append((text, line))
        for item, line, _closed, last in items:
            rec = _recipient(item, line, last)
            if rec:
                r.recipients.append(rec)
        self._signer(pieces)

    def _signer(self, pieces: list[tuple[str, Line]]) -> None:
        r = self.r
        authorities: list[tuple[str, Line, int]] = []
        for idx, (text, line) in enumerate(pieces):
            t = strip_punct(text, " ,;:.'’\"")
            f = ffold(t)
            m = _AUTHORITY.match(f)
            if m and is_upper_line(t[m.end():], 0.6):
                prefix = t[:m.end()].strip().upper().replace(" ", "")
                prefix = "T/M" if prefix.startswith("T/M") else prefix.rstrip("./,") + "."
                rest = t[m.end():].strip()
                authorities.append((f"{prefix} {_canonical_title(rest)}", line, idx))
        title = name = None
        span_lines: list[Line] = []
        inferred = False
        on_behalf = authority = None
        after = 0
        if authorities:
            authority, line, after = authorities[-1]
            span_lines.append(line)
            if len(authorities) > 1:
                on_behalf = authorities[-2][0]
            after += 1
        # the title: the next capital line that reads as a title
        for text, line in pieces[after:]:
            t = strip_punct(text, " ,;:.'’\"")
            if not is_upper_line(t, 0.6) or _AUTHORITY.match(ffold(t)):
                continue
            canon = _match_title(t)
            if canon:
                title = canon
                span_lines.append(line)
                break
        if title is None and authority:
            head, _, role = authority.partition(" ")
            if head == "KT.":
                title, inferred = "PHÓ " + role, True
            elif head in ("TM.", "T/M"):
                title = None
            elif head == "Q.":
                title, inferred = "QUYỀN " + role, True
        if title is None and not authority:
            for text, line in pieces:
                canon = _match_title(strip_punct(text, " ,;:.'’\""))
                if canon and is_upper_line(text, 0.6):
                    title = canon
                    span_lines.append(line)
        # the name: the last line that looks like a person's name, helped by initials such
        # as "L.V.Kiên" in the recipients
        initials = _initials_in([rec.name for rec in r.recipients])
        best = None
        for idx, (text, line) in enumerate(pieces):
            cand = strip_punct(text, " ,;:.'’\"")
            if not _is_person_name(cand):
                continue
            score = idx + (100 if _initials_match(cand, initials) else 0) + \
                (50 if ffold(cand.split()[0]) in SURNAMES else 0)
            if best is None or score >= best[0]:
                best = (score, cand, line)
        if best:
            # a name's marks as names usually have them ("Kiện", the word, → "Kiên", the name)
            name = fix_person_name(best[1])
            span_lines.append(best[2])
        if authority or title or name:
            span_lines.sort(key=lambda ln: (ln.page, ln.number))
            r.signer = Signer(authority, title, name, span_of(span_lines), on_behalf, inferred)

    # -- fallbacks and checks -------------------------------------------------------------------

    def _issuer_fallback(self, paras: list[Para]) -> None:
        r = self.r
        if r.issuer or not r.symbol:
            return
        own = getattr(self, "own_code", None)
        suffix = own.suffix if own else None
        if not suffix:
            return
        target = ffold(suffix).replace("đ", "d")
        known = issuer_from_suffix(suffix)
        # a body named in the text whose initials spell the suffix: "Sở Thông tin và Truyền
        # thông" for STTTT; the most frequent spelling (OCR damage varies), or the known name
        # of the body when the text's spelling is close to it
        found: dict[str, list] = {}
        for p in paras:
            words = list(re.finditer(r"\S+", p.text))
            for i, w in enumerate(words):
                if not w.group()[:1].isupper() or not starts_with_unit_word(p.text[w.start():]):
                    continue
                acc = ""
                for j in range(i, min(len(words), i + 12)):
                    word = words[j].group().strip(",;:.()\"“”")
                    fw = ffold(word)
                    if fw in ("va", "-", "&") or not word:
                        continue
                    acc += fw[0]
                    if acc == target:
                        last = words[j].group().rstrip(",;:.()\"“”")
                        name = p.text[w.start():words[j].start() + len(last)]
                        found.setdefault(strip_punct(name), []).append(
                            p.span_at(w.start(), words[j].end()))
                        break
                    if not target.startswith(acc):
                        break
        if found:
            name, spans = max(found.items(), key=lambda kv: len(kv[1]))
            if known and _close(ffold(name), ffold(known), 80):
                name = known
            r.issuer, r.issuer_source, r.spans["issuer"] = name, "text", spans[0]
            return
        name = known
        if name:
            r.issuer = name
            r.issuer_source = "symbol"
            r.spans["issuer"] = r.spans.get("code")

    def _reporting(self, paras: list[Para]) -> None:
        r = self.r
        order = list(self.closing_paras)
        impl = getattr(self, "impl", None)
        if impl is not None:
            order = [p for s in impl.walk() for p in s.paras] + order
        if not order:
            order = paras
        for p in reversed(order):
            found = find_reporting(p.text, p.folded)
            if found:
                text, to, when, a, b = found
                due = find_deadline(when) if when else None
                r.reporting = Reporting(text, self.speller.fix_name(to) if to else to, when,
                                        p.span_at(a, b), due[0] if due else None)
                return

    def _warnings(self) -> None:
        r = self.r
        doc_type = getattr(self, "type_abbr", None)
        if r.doc_type is None and doc_type and doc_type != "CV":
            r.doc_type = doc_type  # from the type line when the code has no type part
        if r.doc_type_name is None:
            # an official letter (công văn) has no type abbreviation
            r.doc_type_name = type_name(r.doc_type) if r.doc_type else (
                "Công văn" if r.code or doc_type == "CV" else None)
        if not r.code:
            r.warn("no_code", "No document number and symbol (Số: …/…) was found.")
        if not r.date:
            r.warn("no_date", "No date of issue (…, ngày … tháng … năm …) was found.")
        elif not r.place:
            r.warn("no_place", "No place was found before the date.")
        if not r.doc_type_name:
            r.warn("no_doc_type", "The type of document (Kế hoạch, Quyết định …) was not found.")
        if r.doc_type != "KH":
            r.warn("not_a_plan", "The document is not a plan (Kế hoạch).",
                   doc_type=r.doc_type, doc_type_name=r.doc_type_name)
        if not r.issuer:
            r.warn("no_issuer", "The issuing body was not found.")
        elif r.issuer_source in ("text", "symbol"):
            r.warn("issuer_inferred", "The header is missing; the issuing body was inferred from "
                   "the symbol ({issuer}).", issuer=r.issuer, source=r.issuer_source)
        if not r.summary:
            r.warn("no_summary", "No summary (trích yếu) was found under the type of document.")
        planish = r.doc_type in ("KH", "CTr", "PA", "ĐA", "HD") or r.doc_type_name is None
        if getattr(self, "impl", None) is None:
            if planish:
                r.warn("no_implementation",
                       "No implementation section (Tổ chức thực hiện) was found.")
        else:
            if not r.assignments:
                r.warn("no_assignments", "The implementation section names no items.")
            for a in r.assignments:
                if not a.units:
                    r.warn("no_units", "Item {item} of the implementation section names no "
                           "unit.", item=a.item)
                if not a.tasks:
                    r.warn("no_tasks", "Item {item} has no task.", item=a.item)
        if not r.signer or not r.signer.name:
            r.warn("no_signer", "The signer's name was not found.")
        if not r.recipients:
            r.warn("no_recipients", "No recipients (Nơi nhận) were found.")


# -- helpers ----------------------------------------------------------------------------------

def _close(a: str, b: str, threshold: float) -> bool:
    from rapidfuzz import fuzz
    return fuzz.ratio(a, b) >= threshold


_UNCODED = re.compile(r"\s*can cu\s+(hien phap|bo luat|luat|phap lenh|nghi quyet|nghi dinh|"
                      r"quyet dinh|thong tu|chi thi|ke hoach|quy che|dieu le)\b")


def _last(p: Para) -> tuple[int, int]:
    line = p.lines[-1]
    return (line.page, line.number)


def _merge(a: Span, b: Span) -> Span:
    if a.page != b.page:
        return a
    return Span(a.page, min(a.first_line, b.first_line), max(a.last_line, b.last_line))


def _cut_motto(text: str, folded: str) -> str:
    m = _MOTTO.search(folded)
    while m:
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
        folded = folded[:m.start()] + " " * (m.end() - m.start()) + folded[m.end():]
        m = _MOTTO.search(folded)
    return clean_ws(text)


# A syllable once accents are dropped ("HUYEN", "TRUYEN"), not an acronym ("UBND", "STTTT").
_SHAPE = re.compile(
    r"(?:NGH|NG|[CKPTGN]H|TR|GI|QU|[BCDGHKLMNPQRSTVX])?[AEIOUY]{1,3}(?:NG|NH|CH|[CMNPT])?")
_PLACE_WORDS = ("tinh", "thanh pho", "quan", "huyen", "xa", "phuong", "thi tran", "thi xa")


#: The type words that open a body's name, and whether the word after them is capitalised
#: ("Sở Thông tin …", but "Ủy ban nhân dân thành phố …").
_TYPE_PHRASES = [
    ("uy ban nhan dan", False), ("hoi dong nhan dan", False), ("uy ban mat tran to quoc", False),
    ("bo chi huy", True), ("ban chi dao", True), ("trung tam", True), ("van phong", True),
    ("thanh tra", True), ("chi cuc", True), ("tong cuc", True), ("cong an", False),
    ("benh vien", True), ("tap chi", True), ("so", True), ("bo", True), ("ban", True),
    ("phong", True), ("cuc", True), ("vu", True), ("dai", True), ("bao", True), ("cong", True),
    ("hoi", True), ("doan", True), ("vien", True), ("truong", True),
]


def _case_name(upper: str) -> str:
    """Capitals to the usual spelling of a body's name: the type word and the first word of each
    field capitalised ("Sở Thông tin và Truyền thông"), place names capitalised."""
    from loa.vitext import is_vietnamese_syllable

    words = upper.split()
    out: list[str] = []
    cap_next = True
    place = False
    i = 0
    while i < len(words):
        w = words[i]
        fw = ffold(w)
        two = fw + " " + ffold(words[i + 1]) if i + 1 < len(words) else ""
        if not out:
            phrase = next((ph for ph in _TYPE_PHRASES
                           if [ffold(x) for x in words[:len(ph[0].split())]] == ph[0].split()), None)
            if phrase:
                n = len(phrase[0].split())
                out.extend([words[0].capitalize()] + [x.lower() for x in words[1:n]])
                cap_next = phrase[1]
                i += n
                continue
        if w in ("-", "–", "&"):
            out.append(w)
            cap_next = True
            i += 1
            continue
        core = w.rstrip(",;.")
        if not (is_vietnamese_syllable(core) or _SHAPE.fullmatch(ffold(core).upper())) or \
                w.isdigit():
            out.append(w)  # UBND, STTTT
            cap_next = False
            i += 1
            continue
        if two in ("tinh uy", "thanh uy", "huyen uy", "quan uy", "dang uy"):
            out.append(w.capitalize() if cap_next or out else w.capitalize())
            out.append(words[i + 1].lower())
            i += 2
            place = True
            cap_next = True
            continue
        if fw in ("dang", "trung") and (fw == "dang" or two == "trung uong"):
            out.append(w.capitalize())
            cap_next = False
            i += 1
            continue
        low = w.lower()
        if place or cap_next:
            out.append(w.capitalize())
        else:
            out.append(low)
        cap_next = False
        if fw in ("va", ",", "-") or w.endswith(","):
            cap_next = True
        if two != "xa hoi" and any(two == p or fw == p for p in _PLACE_WORDS) and out:
            if two in _PLACE_WORDS:
                out.append(words[i + 1].lower())
                i += 1
            place = True
        i += 1
    name = " ".join(out)
    return re.sub(r"^(Ủy|Uỷ) Ban Nhân Dân", "Ủy ban nhân dân", name)


_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
           "XV"]


def _renumber(sections: list[Section]) -> None:
    """Headings that OCR misread so that they repeat or go back ("I.", "II.", "II." for "III.")
    take the number that follows the previous one."""
    prev: dict[str, str] = {}
    for s in sections:
        last = prev.get(s.kind)
        if last is not None:
            if s.kind == "roman" and last in _ROMANS and s.number in _ROMANS:
                a, b = _ROMANS.index(last), _ROMANS.index(s.number)
                if b <= a and a + 1 < len(_ROMANS):
                    s.number = _ROMANS[a + 1]
            elif s.kind == "number" and re.fullmatch(r"[\d.]+", last + s.number):
                pa, pb = last.split("."), s.number.split(".")
                if len(pa) == len(pb) and pa[:-1] == pb[:-1] and int(pb[-1]) <= int(pa[-1]):
                    s.number = ".".join(pa[:-1] + [str(int(pa[-1]) + 1)])
        prev[s.kind] = s.number
        _renumber(s.children)


def _split_heading(body: str, kind: str) -> tuple[str, str]:
    """(title, text) of a heading paragraph: a short heading is all title; "Sở X: do this" is
    split at the colon; a long paragraph is all text."""
    body = body.strip()
    if kind in ("roman", "chapter"):
        return body, ""
    if kind == "dash":
        return "", body
    colon = body.find(":")
    if 0 < colon <= 140 and "." not in body[:colon].replace("P.", "").replace("TP.", "") and \
            colon < len(body) - 1 and (kind != "letter" or _looks_like_units(body[:colon])):
        return body[:colon].strip(), body[colon + 1:].strip()
    if len(body) <= 160 and not body.rstrip().endswith((".", ";")):
        return body, ""
    if kind == "article":
        return "", body
    return "", body


_VERBS = re.compile(
    r"\s(?:chu tri|phoi hop|co trach nhiem|thuc hien|to chuc|trien khai|xay dung|huong dan|chi dao|"
    r"theo doi|tang cuong|day manh|cung cap|tham muu|can cu|duoc giao|dinh ky|thuong xuyen|"
    r"khan truong|kip thoi|bo tri|phat song|dang tai|tuyen truyen|ra soat|kiem tra|chiu trach nhiem|"
    r"tiep tuc|quan triet|phan cong|bao cao|nghien cuu|de xuat|giam sat|cap nhat|xu ly)\b")


_NOT_UNITS = re.compile(
    r"(?:nguon )?kinh phi|che do (?:bao cao|thong tin)|bao cao|tien do|thoi gian|to chuc thuc hien|"
    r"dieu khoan|hieu luc|khen thuong|kiem tra|giam sat|phan cong|nhiem vu|giai phap|noi dung|"
    r"muc dich|yeu cau|thong tin bao cao|so ket|tong ket|lo trinh")


def _leading_units(text: str) -> str:
    """The bodies that open an item written as one sentence: "Sở Y tế chủ trì, phối hợp …" ->
    "Sở Y tế"; "Đề nghị Sở Giáo dục và Đào tạo thường xuyên …" -> "Sở Giáo dục và Đào tạo"."""
    text = re.sub(r"^(?:Đề nghị|Giao|Yêu cầu)\s+", "", text.strip())
    if not starts_with_unit_word(text):
        return ""
    m = _VERBS.search(ffold(text))
    if not m or m.start() > 200:
        return ""
    return strip_punct(text[:m.start()])


def _looks_like_units(title: str) -> bool:
    return bool(title) and starts_with_unit_word(title)


def _node_text(node: Section) -> str:
    parts = [node.title, node.text] if node.kind in ("letter", "dash") else [node.text]
    head = " ".join(p for p in parts if p)
    kids = " ".join(_node_text(c) for c in node.children)
    return clean_ws(head + " " + kids)


def _tasks(node: Section) -> list[str]:
    tasks: list[str] = []
    own = [p for p in node.text.split("\n") if p.strip()] if node.text else []
    for p in own:
        if p.rstrip().endswith(":") and node.children:
            continue  # "… cụ thể như sau:" introduces the points
        tasks.append(clean_ws(p))
    for child in node.children:
        t = _node_text(child)
        if t:
            tasks.append(t)
    return tasks


_IMPL = ["to chuc thuc hien", "trach nhiem thuc hien", "phan cong thuc hien",
         "phan cong nhiem vu", "to chuc trien khai thuc hien", "trach nhiem cua cac co quan"]


def _find_implementation(sections: list[Section]) -> Section | None:
    from rapidfuzz import fuzz

    def score(s: Section) -> float:
        key = re.sub(r"[^a-z ]", "", ffold(s.title or ""))
        key = re.sub(r"\s+", " ", key).strip()
        if not key or len(key) > 60:
            return 0
        return max(fuzz.ratio(key, k) for k in _IMPL)

    best = None
    for level in (sections, [c for s in sections for c in s.children]):
        for s in level:
            sc = score(s)
            if sc >= 80 and (best is None or sc > best[0]):
                best = (sc, s)
        if best:
            return best[1]
    return None


def _starts_lower(text: str) -> bool:
    c = text.lstrip()[:1]
    return bool(c) and (c.islower() or c in "(")


def _recipient(item: str, line: Line, last: Line | None = None) -> Recipient | None:
    item = clean_ws(item).strip(" ,;:.")
    item = re.sub(r"\s*[,;:]+$", "", item)
    if not item or not any(c.isalpha() for c in item):
        return None
    note = None
    m = re.search(r"\(([^()]{1,40})\)?\s*$", item)
    if m:
        raw = m.group(1).strip()
        key = ffold(raw).strip(" .")
        note = next((canon for rx, canon in _NOTES if rx.match(key)), raw)
        item = item[:m.start()].strip(" ,;:")
    item = re.sub(r"\b([A-ZĐ])\s?\.\s?(?=[A-ZĐ])", r"\1.", item)  # "L.V .Kiên" -> "L.V.Kiên"
    archive = bool(re.match(r"\s*luu\b", ffold(item)))
    if archive:
        item = re.sub(r"^([^\W\d_]+)\s*[:.]?\s*", lambda mm: mm.group(1) + ": ", item, count=1)
        item = item.rstrip(": ")
    return Recipient(item, note, span_of([line, last or line]), archive)


def _canonical_title(text: str) -> str:
    return _match_title(text) or clean_ws(text).upper()


def _match_title(text: str) -> str | None:
    from rapidfuzz import fuzz

    key = re.sub(r"[^a-z ]", "", ffold(text))
    key = re.sub(r"\s+", " ", key).strip()
    if not key:
        return None
    if key in _TITLES:
        return _TITLES[key]
    best = max(_TITLES, key=lambda t: fuzz.ratio(key, t))
    if fuzz.ratio(key, best) >= 80:
        return _TITLES[best]
    return None


_NAME_WORD = re.compile(r"^[A-ZĐÀ-Ỹ][a-zđà-ỹ]{0,6}$")


def _is_person_name(text: str) -> bool:
    from loa.vitext import is_vietnamese_syllable

    words = clean_ws(text).split()
    if not 2 <= len(words) <= 5:
        return False
    for w in words:
        if not w[:1].isupper() or not w[1:].islower() and len(w) > 1:
            return False
        if any(c.isdigit() for c in w) or not w.isalpha():
            return False
    folded = [ffold(w) for w in words]
    if any(f in ("so", "ban", "dai", "bao", "cong", "phong", "uy", "thanh", "tinh", "thong")
           for f in folded[:1]):
        return False
    valid = sum(is_vietnamese_syllable(w) or is_vietnamese_syllable(w.lower()) for w in words)
    return valid >= len(words) - 1 and (folded[0] in SURNAMES or valid == len(words))


def _initials_in(texts: list[str]) -> list[tuple[str, str]]:
    out = []
    for t in texts:
        for m in re.finditer(r"((?:[A-ZĐ]\s?\.\s?){1,3})\s?([A-ZĐ][a-zà-ỹđ]+)", t):
            letters = ffold(re.sub(r"[\s.]", "", m.group(1)))
            out.append((letters, ffold(m.group(2))))
    return out


def _initials_match(name: str, initials: list[tuple[str, str]]) -> bool:
    words = [ffold(w) for w in name.split()]
    if len(words) < 2:
        return False
    letters = "".join(w[0] for w in words[:-1])
    return any(letters == a and words[-1] == b for a, b in initials)
