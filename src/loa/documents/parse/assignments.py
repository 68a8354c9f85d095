"""The assignments of a plan (no Django import): the items of the implementation section, the
units named in an item heading, its tasks, the channels and refutation duty in them, partners,
deadlines, and the closing duty to report. Matching is on accent-folded text.

:func:`assignments` turns the implementation section into ``result.assignments``: its numbered
items (the numbered points under a point, or lettered points that each name units: "1.a"), else
dashes that each name a unit (numbered by position); items that name no unit and read as a
topic ("Kinh phí", "Chế độ báo cáo") are left out.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from loa.vocab.channels import find_mentions

from .result import AssignmentSpec, Section, UnitName
from .textutil import clean_ws, ffold, strip_punct

if TYPE_CHECKING:
    from .state import ParseState

__all__ = ["UNIT_WORDS", "assignments", "channels_of", "find_deadline", "find_reporting",
           "is_group", "is_refutation", "is_regular", "looks_like_units", "split_units",
           "starts_with_unit_word", "unit_initials"]

#: Words that open the name of a body (folded). Multi-word ones first. The bool says whether the
#: word names a body on its own before a lower-case word ("Công an thành phố"); single words such
#: as "Báo" or "Ban" need a capital after them ("Báo Hải Phòng", not "báo chí", "ban, ngành").
UNIT_WORDS: list[tuple[str, bool]] = [
    ("uy ban nhan dan", True), ("hoi dong nhan dan", True), ("mat tran to quoc", True),
    ("uy ban mat tran", True), ("lien doan lao dong", True), ("vien kiem sat", True),
    ("toa an", True), ("kho bac", True), ("bo chi huy", True), ("bo tu lenh", True),
    ("cong an", True), ("van phong", True), ("trung tam", True), ("thanh tra", True),
    ("tap chi", True), ("co quan", False), ("benh vien", True), ("chi cuc", True),
    ("tong cuc", True), ("ngan hang", True), ("cong ty", True), ("ban quan ly", True),
    ("ban chi dao", True), ("tinh uy", True), ("thanh uy", True), ("huyen uy", True),
    ("quan uy", True), ("dang uy", True), ("thanh doan", True), ("tinh doan", True),
    ("cong doan", True), ("dai truyen thanh", True), ("dai phat thanh", True),
    ("truong", False), ("vien", False), ("cuc", False), ("vu", False), ("bo", False),
    ("so", False), ("dai", False), ("bao", False), ("cong", False), ("phong", False),
    ("ban", False), ("hoi", False), ("doan", False), ("ubnd", True), ("hdnd", True),
    ("ubmttq", True), ("ubmt", True), ("cac", True), ("chi bo", True), ("dang bo", True),
]
# What an English OCR model makes of the first letters of some of them ("Pai" for "Đài").
_OCR_WORDS = {"pai": "dai", "bai": "dai", "s6": "so", "se": "so", "s&": "so", "s¢": "so",
              "sd": "so", "pang": "dang", "poan": "doan"}


def _words(text: str) -> list[str]:
    return text.split()


def starts_with_unit_word(piece: str, require_capital: bool = True) -> bool:
    """Whether ``piece`` opens with the name of a body: "Báo Hải Phòng", "Cổng Thông tin …",
    "UBND các quận", "Các cơ quan báo chí …" — not "báo chí", "huyện", "Báo chí"."""
    piece = piece.strip()
    if not piece:
        return False
    if require_capital and not piece[0].isupper():
        return False
    words = _words(piece)
    folded = [ffold(w).strip(",;:.()") for w in words]
    if folded:
        folded[0] = _OCR_WORDS.get(folded[0], folded[0])
    for phrase, alone in UNIT_WORDS:
        parts = phrase.split()
        if folded[:len(parts)] == parts:
            if alone or len(parts) > 1 and phrase != "co quan":
                return True
            nxt = words[len(parts)] if len(words) > len(parts) else ""
            return nxt[:1].isupper() or nxt[:1].isdigit()
    return False


_SPLIT = re.compile(r",\s*|;\s*|\s+và\s+|\s+va\s+|\s+\+\s+")


def split_units(heading: str) -> list[str]:
    """The bodies named in an item heading, as written: split at ",", ";" or "và" only where the
    next piece opens with the name of a body (:func:`starts_with_unit_word`), so "Phòng Văn hóa
    và Thông tin các quận, huyện" stays one name and "Báo Hải Phòng, Báo An ninh Hải Phòng"
    are two."""
    heading = strip_punct(clean_ws(heading), " ,;:.-–—")
    if not heading:
        return []
    units: list[str] = []
    start = 0
    for m in _SPLIT.finditer(heading):
        nxt = heading[m.end():]
        if starts_with_unit_word(nxt):
            piece = strip_punct(heading[start:m.start()])
            if piece:
                units.append(piece)
            start = m.end()
    last = strip_punct(heading[start:])
    if last:
        units.append(last)
    return units


_GROUP = re.compile(r"(?:^|\s)(?:cac|nhung|toan the|moi)\s")


def is_group(unit: str) -> bool:
    """A collective: "Các cơ quan báo chí …", "Phòng Văn hóa và Thông tin các quận, huyện"."""
    return bool(_GROUP.search(" " + ffold(unit) + " "))


def channels_of(text: str) -> list[str]:
    """The channels and families of channels a task names (:mod:`loa.vocab.channels`: e.g.
    "facebook", "e_portal", "broadcast", "loudspeaker", "news"), in the vocabulary's order."""
    return find_mentions(ffold(text))


_REFUTE = re.compile(
    r"bac bo|phan bac|dau tranh[^.;]{0,60}?(?:thong tin|tin) (?:sai|xau|doc|gia)|"
    r"(?:go|xu ly|ngan chan)[^.;]{0,30}?tin gia|tin gia[^.;]{0,30}?(?:bac bo|dinh chinh)|"
    r"dinh chinh[^.;]{0,40}?(?:thong tin|tin) sai")


def is_refutation(text: str) -> bool:
    """Whether a task asks to refute false information ("bác bỏ", "phản bác", "đấu tranh …
    thông tin sai sự thật")."""
    return bool(_REFUTE.search(ffold(text)))


# -- reporting ---------------------------------------------------------------------------------

_REPORT = re.compile(
    r"(?:(?:thuc hien|dinh ky|co trach nhiem|tong hop,?)\s+)?(?:che do\s+)?b\w{1,2}o\s?c\w{1,2}o\b"
    r"(?:\s+(?:ket qua|tinh hinh|dinh ky|bang van ban|tien do)){0,3}(?:\s+thuc hien)?"
    r"\s+(?:ve|gui ve|gui|cho|len|toi|den)\s+")
_WHEN = re.compile(r"\s(?:khi c\S{1,2} y\S{1,3} c\S{1,3}|khi duoc yeu cau|truoc ngay|cham nhat|"
                   r"dinh ky|hang "
                   r"(?:thang|quy|nam|tuan)|hàng|theo (?:quy dinh|yeu cau|dinh ky)|vao |trong |"
                   r"truoc |sau khi|moi )")
_END = re.compile(r"[.;()]|\s-\s|$")


def find_reporting(text: str, folded: str | None = None):
    """The last duty to report in ``text``: (text, to, when, start, end) or None."""
    folded = folded if folded is not None else ffold(text)
    found = None
    for m in _REPORT.finditer(folded):
        end_m = _END.search(folded, m.end())
        end = end_m.start() if end_m else len(folded)
        # "về Sở Thông tin và Truyền thông khi có yêu cầu"
        w = _WHEN.search(folded, m.end(), end)
        to_end = w.start() if w else end
        to = strip_punct(text[m.end():to_end])
        when = strip_punct(text[w.start():end]) if w else None
        if not to or not to[:1].isupper():
            continue
        found = (strip_punct(text[m.start():end]), to, when, m.start(), end)
    return found


def unit_initials(name: str) -> str:
    """Initials of a body's name without "và": "Sở Thông tin và Truyền thông" -> "stttt"."""
    return "".join(w[0] for w in ffold(name).replace(",", " ").split() if w not in ("va", "-"))


_DEADLINE = re.compile(r"(?:truoc|cham nhat|han chot|han|xong truoc|hoan thanh truoc|trong)\s+"
                       r"(?:ngay\s+)?(?=\d)")
_REGULAR = re.compile(r"thuong xuyen|hang (?:ngay|tuan|thang|quy|nam)|dinh ky|lien tuc")


def find_deadline(text: str):
    """(date, the words that give it) of the first deadline in ``text``: "trước ngày 15/02/2021",
    "chậm nhất ngày 30 tháng 9 năm 2020"; or None."""
    from .textutil import find_date

    folded = ffold(text)
    for m in _DEADLINE.finditer(folded):
        found = find_date(folded, m.end(), min(len(folded), m.end() + 30))
        if found and found[1] == m.end() or found and not folded[m.end():found[1]].strip():
            return found[0], text[m.start():found[2]].strip()
    return None


def is_regular(text: str) -> bool:
    """A task done regularly ("thường xuyên", "định kỳ", "hằng tháng"): no single deadline."""
    return bool(_REGULAR.search(ffold(text).replace("hàng", "hang")))


def looks_like_units(title: str) -> bool:
    return bool(title) and starts_with_unit_word(title)


# -- the items of the implementation section ---------------------------------------------------

_VERBS = re.compile(
    r"\s(?:chu tri|phoi hop|co trach nhiem|thuc hien|to chuc|trien khai|xay dung|huong dan|chi dao|"
    r"theo doi|tang cuong|day manh|cung cap|tham muu|can cu|duoc giao|dinh ky|thuong xuyen|"
    r"khan truong|kip thoi|bo tri|phat song|dang tai|tuyen truyen|ra soat|kiem tra|"
    r"chiu trach nhiem|tiep tuc|quan triet|phan cong|bao cao|nghien cuu|de xuat|giam sat|"
    r"cap nhat|xu ly)\b")


_NOT_UNITS = re.compile(
    r"(?:nguon )?kinh phi|che do (?:bao cao|thong tin)|bao cao|tien do|thoi gian|to chuc thuc hien|"
    r"dieu khoan|hieu luc|khen thuong|kiem tra|giam sat|phan cong|nhiem vu|giai phap|noi dung|"
    r"muc dich|yeu cau|thong tin bao cao|so ket|tong ket|lo trinh")



def assignments(st: ParseState) -> None:
    """``result.assignments`` from the implementation section ``st.impl`` (see the module
    docstring); unit names put right by the speller, in the item's title too."""
    if st.impl is None:
        return
    for node in _items(st.impl):
        spec = _assignment(st, node)
        if spec is not None:
            st.result.assignments.append(spec)


def _items(impl: Section) -> list[Section]:
    items: list[Section] = []
    for child in impl.children:
        if child.kind not in ("number", "letter", "article"):
            continue
        subs = [c for c in child.children if c.kind == "number"]
        if subs:
            items.extend(subs)
        elif not looks_like_units(child.title) and child.children and all(
                c.kind == "letter" and looks_like_units(c.title) for c in child.children):
            # "1. Phân công nhiệm vụ" / "a) Sở …: …": the points are the items ("1.a")
            items.extend(dataclasses.replace(c, number=f"{child.number}.{c.number}")
                         for c in child.children)
        else:
            items.append(child)
    return items or _dash_items(impl)


def _dash_items(impl: Section) -> list[Section]:
    """"- Sở Y tế: chủ trì …": dashes that each name a unit (numbered by position)."""
    items: list[Section] = []
    for k, child in enumerate((c for c in impl.children if c.kind == "dash"), 1):
        head, colon, rest = child.text.partition(":")
        if colon and len(head) <= 140 and looks_like_units(head.strip()):
            items.append(Section(str(k), "dash", head.strip(), rest.strip(), child.span,
                                 child.children, child.paras, child.end))
        elif _leading_units(child.text):
            items.append(Section(str(k), "dash", "", child.text, child.span,
                                 child.children, child.paras, child.end))
    return items


def _assignment(st: ParseState, node: Section) -> AssignmentSpec | None:
    title = node.title
    tasks = _tasks(node)
    if not title and tasks:
        title = _leading_units(tasks[0])
    if title and not looks_like_units(title) and _NOT_UNITS.match(ffold(title)):
        return None  # "Kinh phí", "Chế độ báo cáo": not an assignment
    pieces = split_units(title) if title else []
    names = [st.speller.fix_name(u) for u in pieces]
    for piece, name in zip(pieces, names):
        if piece != name:  # the heading with the names put right
            title = title.replace(piece, name, 1)
    if node.title and title != node.title:
        node.title = title
    units = [UnitName(u, is_group(u)) for u in names]
    text = " ".join(tasks)
    due = find_deadline(text)
    return AssignmentSpec(node.number, title, units, tasks, channels_of(text),
                          is_refutation(text), node.span, node.end,
                          _partners(st, text, names), due[0] if due else None,
                          due[1] if due else None, is_regular(text))


def _partners(st: ParseState, text: str, leads: list[str]) -> list[str]:
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
            name = st.speller.fix_name(name)
            if name[:1].isupper() and starts_with_unit_word(name) and \
                    not name.startswith("Các") and ffold(name) not in map(ffold, leads + out):
                out.append(name)
    return out


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
