"""The tail of a Decree 30 document (no Django import): where it starts, the recipients ("Nơi
nhận:", the "Lưu: …" line last), the signer (authority, title, name), and the duty to report,
read from the implementation section and the closing paragraphs.
"""

from __future__ import annotations

import re

from loa.vitext.names import fix_person_name

from ..model import Line
from .assignments import find_deadline, find_reporting
from .layout import Para, span_of
from .result import Recipient, Reporting, Signer
from .state import ParseState
from .textutil import clean_ws, ffold, is_upper_line, strip_punct

__all__ = ["AUTHORITY", "COLLECTIVES", "SURNAMES", "TITLES", "reporting", "tail", "tail_start"]

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
AUTHORITY = re.compile(r"^[\s,.;:'\"’]*(t\s?/\s?m\s?[./,]?|(?:tm|kt|tl|tuq|q)\s?[./,])\s?(?=\S)")

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


_RECIPIENTS = re.compile(r"\s*n[o0]i\s*nh\w{1,2}n\s*[:;.]?")
_ARCHIVE = re.compile(r"\s*luu\b")
_DASH = re.compile(r"\s*[-–—•+]")
_JUNK = " ,;:.'’"
_QUOTES = " ,;:.'’\""


def tail_start(st: ParseState, start: int) -> int:
    """The first line of the tail after ``start``: "Nơi nhận:" or a signature's authority line
    ("KT. GIÁM ĐỐC")."""
    for i in range(start, len(st.lines)):
        f = st.folded[i]
        text = st.lines[i].text.strip()
        if re.match(r"\s*n[o0]i\s*nh\w{1,2}n\b", f):
            return i
        m = AUTHORITY.match(f)
        if m and is_upper_line(text[m.end():], 0.6) and len(text) < 60:
            return i
    return len(st.lines)


def tail(st: ParseState, start: int) -> None:
    """The recipients and the signer, from the lines from ``start`` on."""
    reader = _TailLines()
    for line in st.lines[start:]:
        reader.read(line)
    for item, line, _closed, last in reader.items:
        rec = _recipient(item, line, last)
        if rec:
            st.result.recipients.append(rec)
    _signer(st, reader.pieces)


class _TailLines:
    """Sorts the tail's lines: the items of the "Nơi nhận:" list (an item runs on over lines
    until a dash, a ";" or a "."; the list ends after "Lưu: …"), and the pieces of text beside
    it (the signature block, read by :func:`_signer`).

    An item is ``[text, first line, closed, last line]``; a piece ``(text, line)``."""

    def __init__(self):
        self.pieces: list[tuple[str, Line]] = []
        self.items: list[list] = []
        self.in_list = self.done = self.dashes = False

    def read(self, line: Line) -> None:
        text = line.text.strip()
        if not text:
            return
        f = ffold(text)
        m = _RECIPIENTS.match(f)
        if m:
            self.in_list = True
            self._piece(text[m.end():], line)
            return
        dash = _DASH.match(text)
        listed = self.in_list and not self.done
        sig_like = bool(AUTHORITY.match(f)) or is_upper_line(text) or _is_person_name(text)
        if listed and dash:
            self.dashes = True
        if listed and self._runs_on(text, dash, sig_like):
            self._continue_item(text, line)
        elif listed and (dash or not self.dashes and not sig_like):
            self._new_item(text, line)
        else:
            self.pieces.append((text, line))

    def _piece(self, text: str, line: Line) -> None:
        if strip_punct(text, _JUNK):
            self.pieces.append((text, line))

    def _runs_on(self, text: str, dash, sig_like: bool) -> bool:
        prev = self.items[-1] if self.items else None
        return prev is not None and not prev[2] and not dash and not sig_like and (
            not prev[0].rstrip().endswith(",") or _starts_lower(text))

    def _continue_item(self, text: str, line: Line) -> None:
        prev = self.items[-1]
        semi = text.find(";")
        more, junk = (text[:semi], text[semi + 1:]) if semi >= 0 else (text, "")
        prev[0] += " " + more
        prev[2] = semi >= 0 or more.rstrip().endswith(".")
        prev[3] = line
        self._piece(junk, line)
        if _ARCHIVE.match(ffold(prev[0])) and prev[2]:
            self.done = True

    def _new_item(self, text: str, line: Line) -> None:
        body = re.sub(r"^\s*[-–—•+]\s*", "", text)
        semi = body.find(";")
        item, junk = (body[:semi], body[semi + 1:]) if semi >= 0 else (body, "")
        self.items.append([item, line, semi >= 0 or item.rstrip().endswith("."), line])
        self._piece(junk, line)
        if _ARCHIVE.match(ffold(item)) and (self.items[-1][2] or not self.dashes):
            self.done = True


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


# -- the signer --------------------------------------------------------------------------------

def _signer(st: ParseState, pieces: list[tuple[str, Line]]) -> None:
    """The authority ("KT. GIÁM ĐỐC"; the one above it is ``on_behalf_of``), the title (else
    inferred from the authority) and the name of the person who signs."""
    authorities = _authorities(pieces)
    span_lines: list[Line] = []
    on_behalf = authority = None
    after = 0
    if authorities:
        authority, line, after = authorities[-1]
        span_lines.append(line)
        if len(authorities) > 1:
            on_behalf = authorities[-2][0]
        after += 1
    title, inferred = _title(pieces, after, authority, span_lines)
    name = _name(pieces, st.result.recipients, span_lines)
    if authority or title or name:
        span_lines.sort(key=lambda ln: (ln.page, ln.number))
        st.result.signer = Signer(authority, title, name, span_of(span_lines), on_behalf,
                                  inferred)


def _authorities(pieces: list[tuple[str, Line]]) -> list[tuple[str, Line, int]]:
    """The authority lines ("KT. GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN"), prefix and title put
    right, with their line and index among the pieces."""
    found = []
    for idx, (text, line) in enumerate(pieces):
        t = strip_punct(text, _QUOTES)
        m = AUTHORITY.match(ffold(t))
        if m and is_upper_line(t[m.end():], 0.6):
            prefix = t[:m.end()].strip().upper().replace(" ", "")
            prefix = "T/M" if prefix.startswith("T/M") else prefix.rstrip("./,") + "."
            rest = t[m.end():].strip()
            found.append((f"{prefix} {_canonical_title(rest)}", line, idx))
    return found


def _title(pieces: list[tuple[str, Line]], after: int, authority: str | None,
           span_lines: list[Line]) -> tuple[str | None, bool]:
    """The signer's title: the next capital line after the authority that reads as a title;
    else derived from the authority (KT. → PHÓ …, Q. → QUYỀN …: ``inferred``); with no
    authority, the last capital line that reads as one. Its lines join ``span_lines``."""
    for text, line in pieces[after:]:
        t = strip_punct(text, _QUOTES)
        if not is_upper_line(t, 0.6) or AUTHORITY.match(ffold(t)):
            continue
        canon = _match_title(t)
        if canon:
            span_lines.append(line)
            return canon, False
    if authority:
        head, _, role = authority.partition(" ")
        if head == "KT.":
            return "PHÓ " + role, True
        if head == "Q.":
            return "QUYỀN " + role, True
        return None, False
    title = None
    for text, line in pieces:
        canon = _match_title(strip_punct(text, _QUOTES))
        if canon and is_upper_line(text, 0.6):
            title = canon
            span_lines.append(line)
    return title, False


def _name(pieces: list[tuple[str, Line]], recipients: list[Recipient],
          span_lines: list[Line]) -> str | None:
    """The last line that looks like a person's name, helped by initials such as "L.V.Kiên" in
    the recipients; its line joins ``span_lines``."""
    initials = _initials_in([rec.name for rec in recipients])
    best = None
    for idx, (text, line) in enumerate(pieces):
        cand = strip_punct(text, _QUOTES)
        if not _is_person_name(cand):
            continue
        score = idx + (100 if _initials_match(cand, initials) else 0) + \
            (50 if ffold(cand.split()[0]) in SURNAMES else 0)
        if best is None or score >= best[0]:
            best = (score, cand, line)
    if best is None:
        return None
    span_lines.append(best[2])
    # a name's marks as names usually have them ("Kiện", the word, → "Kiên", the name)
    return fix_person_name(best[1])


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


# -- the duty to report ------------------------------------------------------------------------

def reporting(st: ParseState, paras: list[Para]) -> None:
    """The last sentence that asks for reports ("định kỳ báo cáo … về Sở … trước ngày …"), in
    the implementation section and the closing paragraphs, else anywhere in the body."""
    order = list(st.closing_paras)
    if st.impl is not None:
        order = [p for s in st.impl.walk() for p in s.paras] + order
    if not order:
        order = paras
    for p in reversed(order):
        found = find_reporting(p.text, p.folded)
        if found:
            text, to, when, a, b = found
            due = find_deadline(when) if when else None
            st.result.reporting = Reporting(text, st.speller.fix_name(to) if to else to, when,
                                            p.span_at(a, b), due[0] if due else None)
            return
