"""Lines -> paragraphs, and the markers that open a paragraph (no Django import).

OCR breaks lines in the middle of sentences (and inserts blank lines at page breaks); a
transcription or a .docx keeps one paragraph per line. A new paragraph starts at a dash, a
numbered heading ("1.", "6.1.", "III."), a lettered point ("a)"), an article ("Điều 2."), a
line in capitals, or after a short line that ends a sentence; a blank line starts one unless
the text plainly runs on ("… Quyết định số" / "628/QĐ-TTg …").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from ..model import Line, Span
from .textutil import TERMINAL, ffold, is_upper_line

__all__ = ["Para", "Marker", "marker_of", "build_paragraphs", "line_width"]

# A Roman heading as OCR reads it: "|.", "I1.", "I11.", "Il1.", "IV.", "V."
_UPPER = "A-ZĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ"
_ROMAN = re.compile(rf"^\s*([IVX|][IVXl1|]{{0,3}})\s*(?:[.:](?:\s+(?=\S)|(?=[{_UPPER}]{{2}}))|"
                    rf"\s(?=[{_UPPER}]{{2,}}\s))")
_NUMBER = re.compile(rf"^\s*(\d{{1,2}}(?:\s?\.\s?\d{{1,2}}){{0,3}})\s?(?:\.|\))"
                     rf"(?:\s+(?=\S)|(?=[{_UPPER}]))"
                     rf"|^\s*(\d{{1,2}}\.\d{{1,2}})\s+(?=[{_UPPER}])")
_LETTER = re.compile(r"^\s*([a-zđ])\s?\)\s*(?=\S)")
_DASH = re.compile(r"^\s*([-–—•+*·])\s*(?=\S)")
_ARTICLE = re.compile(r"^\s*(?:dieu|[dpb]ieu|đieu)\s+(\d{1,3})\s*[.:]\s*", re.I)
_CHAPTER = re.compile(r"^\s*(?:chuong|muc|phan)\s+([ivxl1|]{1,5}|\d{1,2})\s*[.:]?\s*", re.I)


def roman_value(numeral: str) -> str:
    return re.sub(r"[l1|]", "I", numeral.upper())


@dataclass
class Marker:
    kind: str  # "roman", "number", "letter", "dash", "article", "chapter"
    label: str  # "III", "6.1", "a", "-", "2"
    rest: int  # offset where the text after the marker starts


def marker_of(text: str) -> Marker | None:
    """The marker that opens ``text`` (a paragraph or a line), if any."""
    if not text.strip():
        return None
    folded = ffold(text)
    m = _ARTICLE.match(folded)
    if m:
        return Marker("article", m.group(1), m.end())
    m = _CHAPTER.match(folded)
    if m and is_upper_line(text[:m.end() + 20], 0.5):
        return Marker("chapter", roman_value(m.group(1)), m.end())
    m = _ROMAN.match(text)
    if m:
        after = text[m.end():]
        # a Roman heading is in capitals ("II. NỘI DUNG"); "I. " in running text is not one
        if is_upper_line(after[:40], 0.7):
            label = roman_value(m.group(1))
            if re.fullmatch(r"I{1,3}|IV|VI{0,3}|IX|X|XI{1,3}", label):
                return Marker("roman", label, m.end())
    m = _NUMBER.match(text)
    if m:
        label = re.sub(r"\s", "", m.group(1) or m.group(2))
        rest = text[m.end():]
        # not a date or an amount ("30/5/2019", "2018 và", "1.000 người")
        if not re.match(r"[/\d]", rest) and not re.match(r"\d{3}", label.split(".")[-1] or "x"):
            if "." in text[m.start():m.end()] or ")" in text[m.start():m.end()]:  # not "2018 Sở"
                return Marker("number", label, m.end())
    m = _LETTER.match(text)
    if m:
        return Marker("letter", m.group(1), m.end())
    m = _DASH.match(text)
    if m:
        return Marker("dash", "-", m.end())
    return None


@dataclass
class Para:
    """A paragraph: its text, the lines it was joined from and where each line starts in it."""

    text: str
    lines: list[Line] = field(default_factory=list)
    offsets: list[int] = field(default_factory=list)
    marker: Marker | None = None

    @property
    def folded(self) -> str:
        f = self.__dict__.get("_folded")
        if f is None:
            f = self.__dict__["_folded"] = ffold(self.text)
        return f

    @property
    def body(self) -> str:
        """The text after the marker."""
        return self.text[self.marker.rest:].strip() if self.marker else self.text.strip()

    @property
    def body_offset(self) -> int:
        if not self.marker:
            return len(self.text) - len(self.text.lstrip())
        i = self.marker.rest
        while i < len(self.text) and self.text[i] == " ":
            i += 1
        return i

    @property
    def span(self) -> Span:
        return span_of(self.lines)

    def line_at(self, offset: int) -> Line:
        i = max(0, bisect.bisect_right(self.offsets, offset) - 1)
        return self.lines[i]

    def span_at(self, start: int, end: int) -> Span:
        a = self.line_at(start)
        b = self.line_at(max(start, end - 1))
        return span_of([a, b])

    def add(self, line: Line, text: str) -> None:
        if self.lines:
            self.text += " "
        self.offsets.append(len(self.text))
        self.text += text
        self.lines.append(line)
        self.__dict__.pop("_folded", None)


def span_of(lines: list[Line]) -> Span:
    if not lines:
        return Span(1, 1, 1)
    first = lines[0]
    same = [ln for ln in lines if ln.page == first.page]
    return Span(first.page, first.number, max(ln.number for ln in same))


def line_width(lines: list[Line]) -> int:
    """The length of a full line (the 80th percentile of the non-empty lines)."""
    lengths = sorted(len(ln.text.strip()) for ln in lines if ln.text.strip())
    if not lengths:
        return 80
    return max(40, lengths[min(len(lengths) - 1, int(len(lengths) * 0.8))])


_STARTERS = re.compile(r"^(?:can cu|thuc hien|xet de nghi|theo de nghi|kinh gui|noi nhan|tren day|"
                       r"trong qua trinh)\b")


#: Words a line does not end a heading with (folded): "… những quy định mới của" runs on.
_RUNS_ON = {"cua", "ve", "va", "cac", "nhung", "voi", "cho", "tai", "tren", "trong", "de", "so",
            "theo", "thuc", "hien", "nham", "tu", "den", "la", "ma", "hoac", "cung"}


def _is_junk(text: str) -> bool:
    """A line that is only a page number or scan dirt: no letters, or 1-2 stray characters."""
    s = text.strip()
    letters = sum(c.isalpha() for c in s)
    if letters == 0:
        return not re.fullmatch(r"[-–—]\s*\S.*", s)
    return len(s) <= 2 and not s.isalnum()


def _ends_sentence(text: str) -> bool:
    t = text.rstrip().rstrip("\"'”’)")
    return bool(t) and (t[-1] in TERMINAL)


def _starts_low(text: str) -> bool:
    c = text.lstrip()[:1]
    return bool(c) and (c.islower() or c.isdigit() or c in "(,;")


def build_paragraphs(lines: list[Line], width: int | None = None) -> list[Para]:
    """Join ``lines`` into paragraphs (see the module docstring)."""
    width = width or line_width(lines)
    paras: list[Para] = []
    cur: Para | None = None
    blank = False
    for line in lines:
        text = line.text.strip()
        if not text:
            blank = True
            continue
        if _is_junk(text):
            continue
        new = cur is None
        marker = marker_of(text)
        if not new:
            prev = cur.lines[-1].text.strip()
            folded = ffold(text)
            upper = is_upper_line(text) and len(text) > 3
            prev_upper = is_upper_line(prev) and len(prev) > 3
            short = len(prev) < 0.7 * width
            if marker is not None:
                new = True
            elif _STARTERS.match(folded) and text[:1].isupper() and (
                    _ends_sentence(prev) or prev.endswith(",")):
                new = True
            elif upper != prev_upper:
                new = True
            elif blank:
                new = not (not _ends_sentence(prev) and _starts_low(text))
            elif _starts_low(text) and not (prev_upper and upper):
                new = False
            elif _ends_sentence(prev) and len(prev) < 0.9 * width:
                new = True
            elif len(cur.lines) == 1 and cur.marker is not None and cur.marker.kind != "dash" \
                    and not prev.endswith(",") and len(prev) < 0.78 * width \
                    and ffold(prev.split()[-1]) not in _RUNS_ON:
                new = True  # "4. Đài Truyền thanh các quận, huyện" / "Bố trí thời lượng …"
            elif short and not prev.endswith(","):
                new = True
            elif len(prev) > 160 and not _starts_low(text):
                new = True  # a transcription or .docx: one paragraph per line
        if new:
            cur = Para("", marker=marker)
            paras.append(cur)
        cur.add(line, text)
        blank = False
    return paras
