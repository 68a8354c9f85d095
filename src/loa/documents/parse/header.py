"""The header of a Decree 30 document (no Django import): the number and symbol, the type of
document, the place and date, the governing and issuing bodies, the summary (trích yếu) — and
the issuer inferred from the symbol when the header is missing.

Each step takes the :class:`~.state.ParseState`, fills in its fields of the result (with their
spans) and returns the index of the line it was read from, where a later step needs it.
"""

from __future__ import annotations

import re

from ..model import Line
from .assignments import starts_with_unit_word
from .layout import Para, marker_of, span_of
from .references import DOC_TYPES, find_codes, issuer_from_suffix
from .state import ParseState
from .tail import AUTHORITY
from .textutil import clean_ws, close, ffold, find_date, is_upper_line, strip_punct

__all__ = ["PROVINCES", "bodies", "case_name", "head_limit", "issuer_fallback", "number",
           "place_date", "summary", "type_line"]

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

_LETTER_SUBJECT = re.compile(r"\s*v\s*/\s*v\b")
_SUMMARY_STOP = re.compile(
    r"\s*(?:can cu|thuc hien|kinh gui|xet de nghi|n[o0]i\s*nh\w{1,2}n)\b")


def head_limit(st: ParseState) -> int:
    """Where the header zone surely ends: the first Roman heading, "Căn cứ", "Thực hiện",
    or 40 lines."""
    for i, (ln, f) in enumerate(zip(st.lines, st.folded)):
        m = marker_of(ln.text)
        if m and m.kind in ("roman", "article", "chapter") or re.match(
                r"\s*(?:can cu|thuc hien|kinh gui)\b", f) and i > 0:
            return i
        if i >= 40:
            return i
    return len(st.lines)


def type_line(st: ParseState, limit: int) -> int | None:
    """The line naming the type of document in capitals ("KẾ HOẠCH"; OCR: "KE HOACH")."""
    for i in range(min(limit, len(st.lines))):
        text = st.lines[i].text.strip()
        if not text or not is_upper_line(text):
            continue
        key = re.sub(r"[^a-z ]", "", st.folded[i]).strip()
        key = re.sub(r"\s+", " ", key)
        abbr = _TYPE_WORDS.get(key)
        if abbr is None:  # OCR: "KE HOACH", "QUYET PINH"
            for name, a in _TYPE_WORDS.items():
                if len(key) >= 4 and close(key, name, 85):
                    abbr = a
                    break
        if abbr:
            st.type_abbr = abbr
            st.result.spans["doc_type"] = st.lines[i].span
            return i
    return None


def number(st: ParseState, limit: int) -> int | None:
    """The document's own number and symbol ("Số: 130/KH-STTTT")."""
    for i in range(min(limit, len(st.lines))):
        m = _NUMBER_LINE.match(st.folded[i])
        codes = find_codes(st.lines[i].text)
        if not codes:
            continue
        c = codes[0]
        if not m and c.start > 3:
            continue
        return _take_code(st, i, c)
    # "56: 130/KH-STTTT": the word "Số" misread; a code with a known type near the top
    for i in range(min(limit, len(st.lines), 15)):
        codes = find_codes(st.lines[i].text)
        if codes and codes[0].type and len(st.lines[i].text) < 100:
            return _take_code(st, i, codes[0])
    return None


def _take_code(st: ParseState, i: int, c) -> int:
    r = st.result
    r.code, r.number, r.symbol, r.doc_type = c.code, c.number, c.symbol, c.type
    if c.year:
        r.symbol = c.code[len(c.number) + 1:]
    r.spans["code"] = st.lines[i].span
    st.own_code = c
    return i


def place_date(st: ParseState, limit: int) -> int | None:
    """The place and date of issue ("Hải Phòng, ngày 08 tháng 9 năm 2020")."""
    r = st.result
    for i in range(min(limit, len(st.lines))):
        f = st.folded[i]
        m = re.search(r"ng\w{0,2}y\s*\d{1,2}\s*(?:th|/)", f)
        if not m or len(f) > 100 or m.start() > 70:
            continue
        found = find_date(f, m.start())
        if not found:
            continue
        r.date = found[0]
        r.spans["date"] = st.lines[i].span
        text = st.lines[i].text
        before = text[:m.start()]
        codes = find_codes(before)
        if codes:
            before = before[codes[-1].end:]
        place = strip_punct(before, " ,;:.-–—")
        place = re.sub(r"^(?:s[oố]\s*:?)", "", place).strip()
        if place and len(place) <= 40:
            r.place = _PROVINCES.get(ffold(place), place)
            r.spans["place"] = st.lines[i].span
        return i
    return None


def bodies(st: ParseState, end: int, type_i: int, skip: set) -> None:
    """Governing and issuing bodies from the capital lines above the type name."""
    found: list[tuple[str, list[Line]]] = []
    for i in range(min(end if end else type_i, len(st.lines))):
        if i in skip:
            continue
        text = st.lines[i].text.strip()
        f = st.folded[i]
        text = strip_punct(_cut_motto(text, f), " ,;:.-–—_*")
        if not text or not is_upper_line(text, 0.7):
            continue
        if found and not starts_with_unit_word(text, require_capital=False) and \
                not re.match(r"(?:dang bo|tinh uy|thanh uy|huyen uy|quan uy|dang uy)",
                             ffold(text)):
            name, ls = found[-1]
            found[-1] = (name + " " + text, ls + [st.lines[i]])
        else:
            found.append((text, [st.lines[i]]))
    if not found:
        return
    r = st.result
    issuer, ls = found[-1]
    r.issuer = _recase(r.text, issuer)
    r.issuer_source = "header"
    r.spans["issuer"] = span_of(ls)
    if len(found) >= 2:
        gov, gls = found[-2]
        r.governing_body = _recase(r.text, gov)
        r.spans["governing_body"] = span_of(gls)


def _cut_motto(text: str, folded: str) -> str:
    m = _MOTTO.search(folded)
    while m:
        text = text[:m.start()] + " " * (m.end() - m.start()) + text[m.end():]
        folded = folded[:m.start()] + " " * (m.end() - m.start()) + folded[m.end():]
        m = _MOTTO.search(folded)
    return clean_ws(text)


def _recase(whole_text: str, upper: str) -> str:
    """A body's name in capitals as the text writes it ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG" ->
    "Sở Thông tin và Truyền thông"): as found in the text, else by the usual rules."""
    key = ffold(clean_ws(upper))
    whole = ffold(whole_text)
    pos = whole.find(key)
    while pos >= 0:
        cand = whole_text[pos:pos + len(key)]
        if not is_upper_line(cand, 0.6):
            return clean_ws(cand)
        pos = whole.find(key, pos + 1)
    return case_name(clean_ws(upper))


# -- the summary -------------------------------------------------------------------------------

def summary(st: ParseState, type_i: int | None, number_i: int | None,
            date_i: int | None) -> int:
    """The summary (trích yếu) below the type name, or the "V/v …" of an official letter;
    returns where the body starts."""
    anchors = [i for i in (type_i, number_i, date_i) if i is not None]
    if not anchors:
        return 0
    if type_i is None:
        start = _letter_subject(st, max(anchors))
        if start is None:
            return max(anchors) + 1
    else:
        start = type_i + 1
        while start < len(st.lines) and not st.lines[start].text.strip():
            start += 1
    parts, end = _summary_lines(st, start, (number_i, date_i))
    if parts:
        r = st.result
        text = clean_ws(" ".join(p.text for p in parts))
        text = re.sub(r"^v\s*/\s*v\s*:?\s*", "", text, flags=re.I)
        r.summary = text.strip(" -–—_")
        r.spans["summary"] = span_of(parts)
    return end


def _letter_subject(st: ParseState, last_anchor: int) -> int | None:
    """An official letter has no type line: its summary is the "V/v …" under the number."""
    for j in range(last_anchor - 2, min(len(st.lines), last_anchor + 6)):
        if _LETTER_SUBJECT.match(st.folded[max(j, 0)]):
            return max(j, 0)
    return None


def _summary_lines(st: ParseState, i: int, meta: tuple) -> tuple[list[Line], int]:
    """The summary's lines from ``i`` (at most 12) and the index after them."""
    parts: list[Line] = []
    while i < len(st.lines):
        text = st.lines[i].text.strip()
        if _ends_summary(st, i, text, parts, meta):
            break
        parts.append(st.lines[i])
        i += 1
        if len(parts) >= 12:
            break
    return parts, i


def _ends_summary(st: ParseState, i: int, text: str, parts: list[Line], meta: tuple) -> bool:
    """Whether line ``i`` is past the summary: blank or a rule, capitals after a line that is
    not, "Căn cứ"/"Thực hiện"/"Kính gửi", a signature, a heading, the number or date line, the
    motto."""
    f = st.folded[i]
    if not text or re.fullmatch(r"[-_=*.\s]{3,}", text):
        return True
    if parts and (is_upper_line(text) and not is_upper_line(parts[-1].text)):
        return True
    marker = marker_of(text)
    return bool(_SUMMARY_STOP.match(f) or AUTHORITY.match(f) and is_upper_line(text) or
                marker and marker.kind in ("roman", "article", "number") or
                i in meta or _MOTTO.search(f) and is_upper_line(text))


# -- the issuer when the header is missing -----------------------------------------------------

def issuer_fallback(st: ParseState, paras: list[Para]) -> None:
    """No issuer in the header: a body named in the text whose initials spell the symbol's
    suffix ("Sở Thông tin và Truyền thông" for STTTT; the most frequent spelling, or the known
    name when the text's is close to it), else the suffix's usual body."""
    r = st.result
    if r.issuer or not r.symbol:
        return
    suffix = st.own_code.suffix if st.own_code else None
    if not suffix:
        return
    known = issuer_from_suffix(suffix)
    found = _bodies_spelling(paras, ffold(suffix).replace("đ", "d"))
    if found:
        name, spans = max(found.items(), key=lambda kv: len(kv[1]))
        if known and close(ffold(name), ffold(known), 80):
            name = known
        r.issuer, r.issuer_source, r.spans["issuer"] = name, "text", spans[0]
        return
    if known:
        r.issuer = known
        r.issuer_source = "symbol"
        r.spans["issuer"] = r.spans.get("code")


def _bodies_spelling(paras: list[Para], target: str) -> dict[str, list]:
    """The names in ``paras`` that open with a unit word and whose initials spell ``target``
    ("và", "-", "&" left out), each with the spans where it is."""
    found: dict[str, list] = {}
    for p in paras:
        words = list(re.finditer(r"\S+", p.text))
        for i, w in enumerate(words):
            if not w.group()[:1].isupper() or not starts_with_unit_word(p.text[w.start():]):
                continue
            j = _spelled_to(words, i, target)
            if j is not None:
                last = words[j].group().rstrip(",;:.()\"“”")
                name = p.text[w.start():words[j].start() + len(last)]
                found.setdefault(strip_punct(name), []).append(
                    p.span_at(w.start(), words[j].end()))
    return found


def _spelled_to(words: list[re.Match], i: int, target: str) -> int | None:
    """The index of the word at which the initials from ``words[i]`` spell ``target``."""
    acc = ""
    for j in range(i, min(len(words), i + 12)):
        word = words[j].group().strip(",;:.()\"“”")
        fw = ffold(word)
        if fw in ("va", "-", "&") or not word:
            continue
        acc += fw[0]
        if acc == target:
            return j
        if not target.startswith(acc):
            return None
    return None


# -- a body's name from capitals ---------------------------------------------------------------

# A syllable once accents are dropped ("HUYEN", "TRUYEN"), not an acronym ("UBND", "STTTT").
_SHAPE = re.compile(
    r"(?:NGH|NG|[CKPTGN]H|TR|GI|QU|[BCDGHKLMNPQRSTVX])?[AEIOUY]{1,3}(?:NG|NH|CH|[CMNPT])?")
_PLACE_WORDS = ("tinh", "thanh pho", "quan", "huyen", "xa", "phuong", "thi tran", "thi xa")
_PARTY_PLACES = ("tinh uy", "thanh uy", "huyen uy", "quan uy", "dang uy")

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


def case_name(upper: str) -> str:
    """Capitals to the usual spelling of a body's name: the type word and the first word of each
    field capitalised ("Sở Thông tin và Truyền thông"), place names capitalised."""
    name = " ".join(_Recaser(upper.split()).words_out())
    return re.sub(r"^(Ủy|Uỷ) Ban Nhân Dân", "Ủy ban nhân dân", name)


class _Recaser:
    """Walks the words of a name in capitals; each rule takes one or more words."""

    def __init__(self, words: list[str]):
        self.words = words
        self.out: list[str] = []
        self.cap_next = True
        self.place = False
        self.i = 0

    def words_out(self) -> list[str]:
        while self.i < len(self.words):
            w = self.words[self.i]
            fw = ffold(w)
            nxt = self.words[self.i + 1] if self.i + 1 < len(self.words) else None
            two = fw + " " + ffold(nxt) if nxt is not None else ""
            if not self.out and self._type_phrase():
                continue
            if w in ("-", "–", "&"):
                self._take(w, cap_next=True)
            elif not _syllable_like(w) or w.isdigit():
                self._take(w, cap_next=False)  # UBND, STTTT
            elif two in _PARTY_PLACES:  # "Thành ủy", "Tỉnh ủy": a place follows
                self.out.append(w.capitalize())
                self.i += 1
                self._take(nxt.lower(), cap_next=True)
                self.place = True
            elif fw in ("dang", "trung") and (fw == "dang" or two == "trung uong"):
                self._take(w.capitalize(), cap_next=False)
            else:
                self._word(w, fw, two, nxt)
        return self.out

    def _take(self, word: str, cap_next: bool) -> None:
        self.out.append(word)
        self.cap_next = cap_next
        self.i += 1

    def _type_phrase(self) -> bool:
        """The type words that open the name ("Sở", "Ủy ban nhân dân"), at its start."""
        words = self.words
        phrase = next((ph for ph in _TYPE_PHRASES
                       if [ffold(x) for x in words[:len(ph[0].split())]] == ph[0].split()), None)
        if not phrase:
            return False
        n = len(phrase[0].split())
        self.out.extend([words[0].capitalize()] + [x.lower() for x in words[1:n]])
        self.cap_next = phrase[1]
        self.i += n
        return True

    def _word(self, w: str, fw: str, two: str, nxt: str | None) -> None:
        """An ordinary word: capitalised after "và", ",", "-" and inside a place name."""
        self.out.append(w.capitalize() if self.place or self.cap_next else w.lower())
        self.cap_next = fw in ("va", ",", "-") or w.endswith(",")
        if two != "xa hoi" and any(two == p or fw == p for p in _PLACE_WORDS):
            if two in _PLACE_WORDS:
                self.out.append(nxt.lower())
                self.i += 1
            self.place = True
        self.i += 1


def _syllable_like(word: str) -> bool:
    from loa.vitext import is_vietnamese_syllable

    core = word.rstrip(",;.")
    return bool(is_vietnamese_syllable(core) or _SHAPE.fullmatch(ffold(core).upper()))
