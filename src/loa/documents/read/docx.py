"""Word .docx (python-docx, after :func:`~loa.documents.container.check_zip`): body paragraphs
and tables in document order, automatic numbering written out, pages at explicit breaks. No
Django import.

* A table of at most two columns and eight rows is layout (Decree 30 header, "Nơi nhận:" beside
  the signature) and is read column by column, a larger one row by row ("cell | cell | cell");
  text boxes come after their paragraph.
* Automatic numbering (numbering.xml, list styles) is written out as Word shows it ("II.",
  "6.1.", "a)"; bullets as "-").
* New pages at explicit page breaks, pageBreakBefore and non-continuous section breaks; no bbox.
* Before python-docx opens the file, every member is inflated in bounded steps and counted
  (:data:`~loa.documents.container.DOCX_LIMITS`: zip bombs, members that inflate past their
  declared size, encrypted members, damage); the page count Word stored in docProps/app.xml is
  checked against ``max_pages`` first.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..container import DOCX_LIMITS, check_zip
from ..model import DocumentError, Line, Page, SourceDocument
from .base import Progress, report, too_many_pages

__all__ = ["read_docx"]

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def read_docx(data: bytes, *, max_pages: int, progress: Progress | None) -> SourceDocument:
    check_zip(data, DOCX_LIMITS, label=".docx")
    try:
        stated = _stated_pages(data)
        if stated and stated > max_pages:
            raise too_many_pages(stated, max_pages)
        pages = _page_texts(data)
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"The .docx file is damaged and cannot be read ({exc}).",
                            code="corrupt") from exc
    while len(pages) > 1 and not pages[-1]:
        pages.pop()
    if len(pages) > max_pages:
        raise too_many_pages(len(pages), max_pages)
    doc = SourceDocument(kind="docx")
    for n, texts in enumerate(pages, 1):
        doc.pages.append(Page(number=n, lines=[Line(text=t, page=n, number=k)
                                               for k, t in enumerate(texts, 1)]))
        report(progress, n, len(pages), f"page {n}")
    return doc


def _page_texts(data: bytes) -> list[list[str]]:
    """The lines of each page, as python-docx gives the body."""
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        numbering = _Numbering(document)
    except Exception as exc:  # python-docx, lxml and zipfile raise many types for broken files
        raise DocumentError(f"The .docx file is damaged and cannot be read "
                            f"({type(exc).__name__}: {exc}).", code="corrupt") from exc
    builder = _DocxLines(numbering)
    builder.blocks(body)
    return builder.pages


def _stated_pages(data: bytes) -> int | None:
    """The page count Word wrote into docProps/app.xml (at the last save), if any (read from a
    zip :func:`~loa.documents.container.check_zip` verified)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("docProps/app.xml")[:200_000].decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return None
    m = re.search(r"<(?:\w+:)?Pages>\s*(\d+)\s*</", xml)
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------------------------------------
# Automatic numbering


class _Numbering:
    """Automatic numbering of paragraphs (numbering.xml): the label Word would show before a
    numbered paragraph ("1.", "6.1.", "a)", "II."; bullets as "-"), counted in document order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}  # abstractNumId -> ilvl -> format
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, overrides)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            self._read_numbering(root)
        try:
            styles = document.styles.element
        except (KeyError, AttributeError):
            styles = None
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root) -> None:
        """The levels of each abstract numbering and the numberings that use them."""
        for abstract in root.findall(_w("abstractNum")):
            levels = {}
            for lvl in abstract.findall(_w("lvl")):
                levels[_int(lvl.get(_w("ilvl")), 0)] = {
                    "start": _int(_val(lvl, "start"), 1),
                    "fmt": _val(lvl, "numFmt") or "decimal",
                    "text": _val(lvl, "lvlText") or "",
                }
            self.levels[abstract.get(_w("abstractNumId"))] = levels
        for num in root.findall(_w("num")):
            overrides = {}
            for override in num.findall(_w("lvlOverride")):
                start = _val(override, "startOverride")
                if start is not None:
                    overrides[_int(override.get(_w("ilvl")), 0)] = _int(start, 1)
            self.nums[num.get(_w("numId"))] = (_val(num, "abstractNumId"), overrides)

    def _read_styles(self, styles) -> None:
        """The numbering of each paragraph style, its own or inherited (basedOn)."""
        based, own = {}, {}
        for style in styles.findall(_w("style")):
            sid = style.get(_w("styleId"))
            based[sid] = _val(style, "basedOn")
            numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            if numpr is not None and _val(numpr, "numId"):
                own[sid] = (_val(numpr, "numId"), _int(_val(numpr, "ilvl"), 0))
        for sid in based:
            cur, seen = sid, set()
            while cur and cur not in own and cur not in seen:
                seen.add(cur)
                cur = based.get(cur)
            if cur in own:
                self.style_num[sid] = own[cur]

    def label(self, p) -> str:
        found = self._numbering_of(p)
        if found is None:
            return ""
        num_id, ilvl = found
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract)
        if not levels or ilvl not in levels:
            return ""
        counters = self._count(num_id, abstract, overrides, levels, ilvl)
        fmt = levels[ilvl]["fmt"]
        if fmt == "bullet":
            text = levels[ilvl]["text"]
            return text if text in ("-", "+", "–", "*", "•") else "-"
        if fmt == "none":
            return ""

        def value(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            level = levels.get(k, {"start": 1, "fmt": "decimal"})
            n = counters.get(k, level["start"])
            return _format_number(n, level["fmt"])

        return re.sub(r"%(\d)", value, levels[ilvl]["text"]).strip()

    def _numbering_of(self, p) -> tuple[str, int] | None:
        """(numId, level) of a paragraph, from its own numPr or its style; None when it is not
        numbered."""
        ppr = p.find(_w("pPr"))
        if ppr is None:
            return None
        numpr = ppr.find(_w("numPr"))
        num_id, ilvl = None, 0
        style = _val(ppr, "pStyle")
        if style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if numpr is not None:
            num_id = _val(numpr, "numId") or num_id
            ilvl = _int(_val(numpr, "ilvl"), ilvl)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return None
        return num_id, ilvl

    def _count(self, num_id: str, abstract: str, overrides: dict[int, int], levels: dict,
               ilvl: int) -> dict[int, int]:
        """One more paragraph at level ``ilvl``: the counters of its abstract numbering."""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        return counters


def _val(el, tag: str) -> str | None:
    child = el.find(_w(tag))
    return None if child is None else child.get(_w("val"))


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


_ROMAN_DIGITS = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                 (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, letters in _ROMAN_DIGITS:
        while n >= value:
            out += letters
            n -= value
    return out


# ---------------------------------------------------------------------------------------------
# The body


class _DocxLines:
    """Walks a document body: paragraphs and tables in order; a new page at explicit page breaks
    (w:br type="page", pageBreakBefore, a section break that is not continuous)."""

    def __init__(self, numbering: _Numbering | None = None):
        self.numbering = numbering
        self.pages: list[list[str]] = [[]]
        self.current: list[str] = []  # text of the paragraph being read

    def new_page(self):
        self.flush()
        if self.pages[-1]:
            self.pages.append([])

    def flush(self):
        text = "".join(self.current)
        self.current = []
        for part in text.split("\n"):
            if part.strip():
                self.pages[-1].append(part)

    def blocks(self, parent):
        for child in parent:
            tag = child.tag
            if tag == _w("p"):
                self.paragraph(child)
            elif tag == _w("tbl"):
                self.table(child)
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self.blocks(content)
            elif tag in (_w("customXml"), _w("ins"), _w("smartTag")):
                self.blocks(child)

    def paragraph(self, p):
        ppr = p.find(_w("pPr"))
        if ppr is not None:
            before = ppr.find(_w("pageBreakBefore"))
            if before is not None and before.get(_w("val"), "true") not in ("0", "false", "off"):
                self.new_page()
        boxes = []
        label = self.numbering.label(p) if self.numbering is not None else ""
        if label:
            self.current.append(label + " ")
        start = len(self.current)
        self.inline(p, boxes)
        if label and not "".join(self.current[start:]).strip() and start == 1:
            self.current = []  # an empty numbered paragraph: no line
        self.flush()
        for box in boxes:  # text boxes (a header drawn in a frame): after the paragraph
            self.blocks(box)
        if ppr is not None:
            sect = ppr.find(_w("sectPr"))
            if sect is not None:
                kind = sect.find(_w("type"))
                if kind is None or kind.get(_w("val")) not in ("continuous",):
                    self.new_page()

    def inline(self, el, boxes):
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):  # comments, processing instructions
                continue
            if tag == _w("t"):
                self.current.append(child.text or "")
            elif tag == _w("tab") and el.tag == _w("r"):
                self.current.append("\t")
            elif tag == _w("br"):
                if child.get(_w("type")) == "page":
                    self.new_page()
                else:
                    self.current.append("\n")
            elif tag == _w("cr"):
                self.current.append("\n")
            elif tag == _w("noBreakHyphen"):
                self.current.append("-")
            elif tag == _w("txbxContent"):
                boxes.append(child)
            elif tag == f"{{{_MC}}}Fallback" or tag in (_w("pPr"), _w("rPr"), _w("del"),
                                                          _w("instrText"), _w("delText")):
                continue
            else:
                self.inline(child, boxes)

    def table(self, tbl):
        rows = _table_rows(tbl)
        columns = max((len(r) for r in rows), default=0)
        if columns <= 2 and len(rows) <= 8:
            # a layout table (Decree 30 header, "Nơi nhận:" beside the signature): left column
            # top to bottom, then the right column
            for c in range(columns):
                for cells in rows:
                    if c < len(cells):
                        self.blocks(cells[c])
            return
        for cells in rows:  # a data table: one line a row, cells joined by " | "
            texts = []
            for tc in cells:
                sub = _DocxLines(self.numbering)
                sub.blocks(tc)
                texts.append(" ".join(t for page in sub.pages for t in page))
            self.flush()
            if any(t.strip() for t in texts):
                self.pages[-1].append(" | ".join(t.strip() for t in texts))


def _table_rows(tbl) -> list[list]:
    """The cells of each row of this table (not of tables inside it); the continuation of a
    vertically merged cell is left out (it is empty)."""
    rows = []
    for tr in tbl.iter(_w("tr")):
        if _ancestor_table(tr) is not tbl:
            continue
        cells = []
        for tc in tr.findall(_w("tc")):
            vmerge = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
            if vmerge is not None and vmerge.get(_w("val"), "continue") == "continue":
                continue
            cells.append(tc)
        rows.append(cells)
    return rows


def _ancestor_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != _w("tbl"):
        parent = parent.getparent()
    return parent
