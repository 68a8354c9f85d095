"""Document codes ("130/KH-STTTT", "51-KL/TW", "15/2020/NĐ-CP", "43/2019/QH14"), their type
abbreviations, and the references one document makes to others (no Django import).

:func:`collect_references` gathers a document's references: every code in the summary and the
body other than the document's own, one :class:`~.result.Reference` per document (a suffix
misread by OCR is the same document) with its date, issuer and title from the words after it,
the spelling most occurrences share, and the legal bases of the preamble named without a code
("Căn cứ Luật … ngày …").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..model import Span
from .result import Reference
from .textutil import close, ffold, find_date, strip_punct

if TYPE_CHECKING:
    from .layout import Para
    from .state import ParseState

__all__ = ["DOC_TYPES", "CodeMatch", "canonical_type", "collect_references", "find_codes",
           "issuer_from_suffix", "parse_code", "type_name"]

#: Type abbreviations of Decree 30 (Annex III) and of Party documents, with their names.
DOC_TYPES = {
    "NQ": "Nghị quyết", "QĐ": "Quyết định", "CT": "Chỉ thị", "QC": "Quy chế", "QyĐ": "Quy định",
    "TB": "Thông báo", "HD": "Hướng dẫn", "CTr": "Chương trình", "KH": "Kế hoạch",
    "PA": "Phương án", "ĐA": "Đề án", "DA": "Dự án", "BC": "Báo cáo", "BB": "Biên bản",
    "TTr": "Tờ trình", "CĐ": "Công điện", "GM": "Giấy mời", "KL": "Kết luận", "NĐ": "Nghị định",
    "TT": "Thông tư", "TTLT": "Thông tư liên tịch", "HĐ": "Hợp đồng", "GUQ": "Giấy ủy quyền",
    "GGT": "Giấy giới thiệu", "GNP": "Giấy nghỉ phép", "PC": "Phiếu chuyển", "PG": "Phiếu gửi",
    "TC": "Thư công", "BGN": "Bản ghi nhớ", "BTT": "Bản thỏa thuận", "CV": "Công văn",
    "QH": "Luật",
}
_BY_FOLD: dict[str, str] = {}
for _abbr in DOC_TYPES:
    _BY_FOLD.setdefault(ffold(_abbr), _abbr)
_BY_FOLD["da"] = "ĐA"  # an OCR'd "ĐA" reads "DA"; a project (dự án) is far rarer in a plan
# What an English OCR model makes of Đ in a type part: Qb, QP, QD, QDb -> QĐ.
_OCR_TYPES = {"qb": "QĐ", "qp": "QĐ", "qdb": "QĐ", "qd": "QĐ", "np": "NĐ", "nb": "NĐ",
              "nd": "NĐ", "cp": None, "n q": "NQ", "k h": "KH", "q d": "QĐ"}

#: Issuer abbreviations that name a body on their own (the last part of a code).
ISSUERS = {
    "TTG": "Thủ tướng Chính phủ", "CP": "Chính phủ", "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội", "BCT": "Bộ Chính trị", "BBT": "Ban Bí thư",
    "STTTT": "Sở Thông tin và Truyền thông", "BTTTT": "Bộ Thông tin và Truyền thông",
    "SGDĐT": "Sở Giáo dục và Đào tạo", "SGDDT": "Sở Giáo dục và Đào tạo",
    "BGDĐT": "Bộ Giáo dục và Đào tạo", "BGDDT": "Bộ Giáo dục và Đào tạo",
    "SYT": "Sở Y tế", "BYT": "Bộ Y tế", "SNV": "Sở Nội vụ", "BNV": "Bộ Nội vụ",
    "STP": "Sở Tư pháp", "BTP": "Bộ Tư pháp", "STC": "Sở Tài chính", "BTC": "Bộ Tài chính",
    "SVHTT": "Sở Văn hóa và Thể thao", "SVHTTDL": "Sở Văn hóa, Thể thao và Du lịch",
    "BVHTTDL": "Bộ Văn hóa, Thể thao và Du lịch", "SKHĐT": "Sở Kế hoạch và Đầu tư",
    "SLĐTBXH": "Sở Lao động - Thương binh và Xã hội", "CA": "Công an",
    "UBND": "Ủy ban nhân dân", "HĐND": "Hội đồng nhân dân", "VP": "Văn phòng",
    "BTGTU": "Ban Tuyên giáo Thành ủy",
    "BTGTW": "Ban Tuyên giáo Trung ương", "TTBCXB": "Phòng Thông tin, Báo chí và Xuất bản",
}
_ISSUERS_FOLD = {ffold(k): v for k, v in ISSUERS.items()}


def canonical_type(part: str) -> str | None:
    """The type abbreviation as Decree 30 spells it, from what the text has ("QD", "Qb", "KH"),
    or None when ``part`` is not a type abbreviation."""
    part = part.strip()
    if part in DOC_TYPES:
        return part
    key = ffold(part)
    if key in _OCR_TYPES:
        return _OCR_TYPES[key]
    return _BY_FOLD.get(key.replace(" ", ""))


def type_name(abbr: str | None) -> str | None:
    return DOC_TYPES.get(abbr) if abbr else None


def issuer_from_suffix(suffix: str | None) -> str | None:
    if not suffix:
        return None
    return _ISSUERS_FOLD.get(ffold(suffix))


_L = "A-Za-zĐđ"
# 628/QĐ-TTg, 15/2020/NĐ-CP, 130 /KH-STTTT, 44/N Q-CP (OCR), 123/STTTT-TTBCXB (official letter)
_STATE = re.compile(
    rf"(?<![\w/.])(\d{{1,5}})\s?/\s?(?:(\d{{4}})\s?/\s?)?"
    rf"([A-ZĐ][{_L}&]{{0,7}}(?: [A-Z](?=-))?)\s?-\s?"
    rf"([A-ZĐ][{_L}&0-9]{{0,12}}(?:-[A-ZĐ][{_L}&0-9]{{0,12}})*)(?![{_L}])")
# 51-KL/TW, 29-NQ/TW, 12-KH/TU, 10-QĐ/ĐU
_PARTY = re.compile(
    rf"(?<![\w/.])(\d{{1,5}})\s?-\s?([A-ZĐ][{_L}]{{0,4}})\s?/\s?([A-ZĐ][{_L}]{{0,8}}"
    rf"(?:-[A-ZĐ][{_L}]{{0,8}})?)(?![{_L}])")
# 43/2019/QH14 (laws and resolutions of the National Assembly)
_LAW = re.compile(r"(?<![\w/.])(\d{1,3})\s?/\s?(\d{4})\s?/\s?(QH\d{1,2}|UBTVQH\d{1,2})(?!\w)")


@dataclass
class CodeMatch:
    code: str  # canonical: "628/QĐ-TTg", "51-KL/TW"
    number: str
    year: str | None
    type: str | None  # abbreviation ("QĐ"); None for an official letter
    symbol: str  # "QĐ-TTg", "KL/TW", "2020/NĐ-CP"?? -> without the number: "QĐ-TTg"
    suffix: str | None  # issuer abbreviation ("TTg", "TW")
    party: bool
    start: int
    end: int


def _state(m: re.Match) -> CodeMatch:
    number, year, kind, rest = m.group(1), m.group(2), m.group(3), m.group(4)
    abbr = canonical_type(kind)
    if abbr is None:  # official letter: 123/STTTT-TTBCXB; the first part is the issuer
        kind = kind.replace(" ", "")
        symbol = f"{kind}-{rest}"
        suffix = kind
    else:
        symbol = f"{abbr}-{rest}"
        suffix = rest.split("-")[0]
    code = f"{number}/{year + '/' if year else ''}{symbol}"
    return CodeMatch(code, number, year, abbr, symbol, suffix, False, m.start(), m.end())


def _party(m: re.Match) -> CodeMatch | None:
    number, kind, rest = m.group(1), m.group(2), m.group(3)
    abbr = canonical_type(kind)
    if abbr is None:
        return None
    symbol = f"{abbr}/{rest}"
    return CodeMatch(f"{number}-{symbol}", number, None, abbr, symbol, rest.split("-")[0], True,
                     m.start(), m.end())


def _law(m: re.Match) -> CodeMatch:
    number, year, body = m.groups()
    return CodeMatch(f"{number}/{year}/{body}", number, year, "QH", body, body, False,
                     m.start(), m.end())


def find_codes(text: str) -> list[CodeMatch]:
    """Every document code in ``text``, in order, not overlapping."""
    found: list[CodeMatch] = []
    taken: list[tuple[int, int]] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for m in _LAW.finditer(text):
        found.append(_law(m))
        taken.append(m.span())
    for m in _PARTY.finditer(text):
        if free(*m.span()):
            c = _party(m)
            if c:
                found.append(c)
                taken.append(m.span())
    for m in _STATE.finditer(text):
        if free(*m.span()):
            found.append(_state(m))
            taken.append(m.span())
    found.sort(key=lambda c: c.start)
    return found


def parse_code(text: str) -> CodeMatch | None:
    codes = find_codes(text)
    return codes[0] if codes else None


# -- the words around a reference -----------------------------------------------------------------

#: Words that end an issuer's name after "của" (folded).
_ISSUER_STOP = {"ban hanh", "ve", "trien khai", "tren", "den", "cho", "theo", "tai", "thuc hien",
                "quy dinh", "huong dan", "nham", "voi", "da", "de", "trong", "sau", "tu", "ngay",
                "va", "so", "nay", "phe duyet", "chi dao", "giao cho", "duoc", "lien quan",
                "ve viec"}
_WORD = re.compile(r"\S+")
_TYPE_NAMES = {ffold(n) for n in DOC_TYPES.values()}


def issuer_after(text: str, folded: str, pos: int, limit: int = 120) -> tuple[str, int] | None:
    """The body named by "của …"/"do … ban hành" right at ``pos`` (after a code and its date):
    "của Thủ tướng Chính phủ ban hành …" -> "Thủ tướng Chính phủ"."""
    m = re.compile(r"\s*,?\s*(?:cua|do|c[iu]{1,2}a)\s+").match(folded, pos)
    if not m:
        return None
    start = m.end()
    words = [w for w in _WORD.finditer(text, start, min(len(text), start + limit))]
    if not words or not words[0].group()[:1].isupper():
        return None
    kept: list[re.Match] = []
    for i, w in enumerate(words):
        raw = w.group()
        core = raw.strip(",;.:()\"“”'")
        f = ffold(core)
        two = (f + " " + ffold(words[i + 1].group().strip(",;.:()\"“”'"))
               if i + 1 < len(words) else f)
        if raw[:1] in "(\"“" or not core:
            break
        if kept and core[:1].islower() and (two in _ISSUER_STOP or f in _ISSUER_STOP):
            nxt = words[i + 1].group() if i + 1 < len(words) else ""
            nxt2 = ffold(" ".join(x.group() for x in words[i + 1:i + 3])).strip(",;.")
            if not (f == "va" and nxt[:1].isupper()) or nxt2 in _TYPE_NAMES:
                break  # "Bộ Thông tin và Truyền thông" goes on; "… và Kế hoạch số …" does not
        if kept and core[:1].isdigit():
            break
        kept.append(w)
        if raw[-1:] in ",;.:)" or len(kept) >= 10:
            break
    if not kept:
        return None
    name = text[kept[0].start():kept[-1].end()].strip(",;.:)\"“”' ")
    return (name, kept[-1].end()) if name else None


def date_after(folded: str, pos: int, window: int = 40):
    """A date that follows a code closely: " ngày 11/05/2020", ", ngày 08 tháng 9 năm 2020"."""
    found = find_date(folded, pos, min(len(folded), pos + window))
    if not found:
        return None
    date, start, end = found
    between = folded[pos:start]
    if re.fullmatch(r"[\s,]*(?:ng\w{0,2}y)?\s*", between) or re.fullmatch(r"[\s,]*", between):
        return date, end
    return None


_TITLE_START = re.compile(r"\s*,?\s*(?:ve viec|ve|ban hanh|quy dinh|huong dan|phe duyet|trien khai|"
                          r"thuc hien)\s")


def title_after(text: str, folded: str, pos: int, limit: int = 400) -> str | None:
    """What a reference is about, right after its code, date and issuer: "về quản lý, cung cấp
    …", "ban hành Kế hoạch thực hiện …" (up to ";", "(" or the end of the sentence)."""
    m = _TITLE_START.match(folded, pos)
    if not m:
        return None
    matched = folded[m.start():m.end()]
    start = m.start() + (len(matched) - len(matched.lstrip(" ,")))
    from .assignments import starts_with_unit_word

    end = len(text)
    quotes = 0
    for stop in re.finditer(r"[;()\"]|\.(?:\s|$)|\s-\s|,\s", text[start:start + limit + 1]):
        mark = stop.group()
        if mark == '"':
            quotes += 1
            if quotes % 2 == 0:  # the end of a quoted name
                end = start + stop.end()
                break
            continue
        if quotes % 2:
            continue  # inside quotes
        if mark.startswith(",") and not starts_with_unit_word(text[start + stop.end():]):
            continue
        end = start + stop.start()
        break
    else:
        end = min(len(text), start + limit)
        if end < len(text):
            end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    title = text[start:end].strip(" ,;:")
    return title or None


# -- the references of a document -------------------------------------------------------------

_UNCODED = re.compile(r"\s*can cu\s+(hien phap|bo luat|luat|phap lenh|nghi quyet|nghi dinh|"
                      r"quyet dinh|thong tu|chi thi|ke hoach|quy che|dieu le)\b")
_LEGAL_BASIS = re.compile(r"\s*(?:can cu|thuc hien)\b")


def collect_references(st: ParseState, paras: list[Para]) -> None:
    """``result.references``: the coded references of the summary and ``paras``, then the
    uncoded legal bases, in the order of the text."""
    r = st.result
    preamble = {id(p) for p in st.preamble_paras if _LEGAL_BASIS.match(p.folded)}
    found = _Found()
    sources: list[tuple[Para | None, str, str, Span | None]] = []
    if r.summary:
        sources.append((None, r.summary, ffold(r.summary), r.spans.get("summary")))
    for p in paras:
        sources.append((p, p.text, p.folded, None))
    for p, text, folded, span in sources:
        for c in find_codes(text):
            if not _is_own(st.own_code, c):
                found.add(c, p, text, folded, span, p is not None and id(p) in preamble)
    r.references = found.settle()
    r.references.extend(_uncoded(st.preamble_paras))
    r.references.sort(key=lambda ref: (ref.span.page, ref.span.first_line))


def _is_own(own: CodeMatch | None, c: CodeMatch) -> bool:
    return own is not None and c.number == own.number and c.type == own.type and \
        ffold(c.suffix or "") == ffold(own.suffix or "")


class _Found:
    """The references found so far, by (number, year, type or symbol, suffix), with the
    spellings of each code and the issuers named after it."""

    def __init__(self):
        self.refs: dict[tuple, Reference] = {}
        self.spellings: dict[tuple, dict[str, int]] = {}
        self.issuers: dict[tuple, list[str]] = {}

    def key(self, c: CodeMatch) -> tuple:
        key = (c.number, c.year or "", ffold(c.type or c.symbol))
        # a suffix read wrong ("TTQ" for "TTg") is the same document
        match = next((k for k in self.refs if k[:3] == key and
                      close(ffold(k[3]), ffold(c.suffix or ""), 60)), None)
        return match or key + (c.suffix or "",)

    def add(self, c: CodeMatch, p: Para | None, text: str, folded: str, span: Span | None,
            legal: bool) -> None:
        key = self.key(c)
        pos = c.end
        d = date_after(folded, pos)
        if d:
            pos = d[1]
        who = issuer_after(text, folded, pos)
        about = title_after(text, folded, who[1] if who else pos)
        where = p.span_at(c.start, c.end) if p is not None else span
        if who:
            self.issuers.setdefault(key, []).append(who[0])
        self.spellings.setdefault(key, {}).setdefault(c.code, 0)
        self.spellings[key][c.code] += 1
        ref = self.refs.get(key)
        if ref is None:
            self.refs[key] = Reference(c.code, c.type, type_name(c.type) if c.type else
                                       "Công văn", d[0] if d else None,
                                       who[0] if who else None, legal, where or Span(1, 1, 1),
                                       title=about)
            return
        ref.count += 1
        ref.legal_basis = ref.legal_basis or legal
        if ref.date is None and d:
            ref.date = d[0]
        if ref.issuer is None and who:
            ref.issuer = who[0]
        if ref.title is None and about:
            ref.title = about

    def settle(self) -> list[Reference]:
        """Each reference with its most frequent spelling and issuer (OCR damage varies), the
        issuer from the suffix when the text names none."""
        for key, ref in self.refs.items():
            best = max(self.spellings[key].items(), key=lambda kv: kv[1])[0]
            ref.code = best
            if ref.issuer is not None:
                # the spelling most occurrences share with the first
                same = [x for x in self.issuers.get(key, []) if ffold(x) == ffold(ref.issuer)]
                if same:
                    ref.issuer = max(same, key=lambda x: (same.count(x), -same.index(x)))
            if ref.issuer is None:
                suffix = re.split(r"[-/]", best)[-1]
                ref.issuer = issuer_from_suffix(suffix)
        return list(self.refs.values())


def _uncoded(preamble_paras: list[Para]) -> list[Reference]:
    """"Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015;": a legal basis
    named without a code."""
    out = []
    for p in preamble_paras:
        m = _UNCODED.match(p.folded)
        if not m or find_codes(p.text):
            continue
        kind = p.text[m.start(1):m.end(1)]
        rest = p.text[m.end(1):].strip()
        d = find_date(p.folded, m.end(1))
        name = p.text[m.end(1):d[1]] if d else rest
        name = strip_punct(re.split(r"[;]", name)[0], " ,;:.")
        out.append(Reference(
            None, None, kind[:1].upper() + kind[1:].lower(), d[0] if d else None, None, True,
            p.span, title=name or None))
    return out
