"""The body of a document (no Django import): paragraphs into the section tree (Roman headings,
numbered and lettered points, dashes, articles, chapters), the preamble before the first
heading and the closing paragraphs, OCR-misread heading numbers put right, and the
implementation section ("Tổ chức thực hiện") found.
"""

from __future__ import annotations

import re

from ..model import Span
from .assignments import looks_like_units
from .layout import Marker, Para
from .result import Section
from .state import ParseState
from .textutil import ffold, is_upper_line

__all__ = ["find_implementation", "structure"]

#: How deep each kind of heading sits (a numbered point "6.1" by its dots).
_RANK = {"chapter": 0, "roman": 1, "article": 2, "number": 2, "letter": 6, "dash": 7}
_CLOSING = re.compile(r"\s*(?:tren day la|trong qua trinh (?:to chuc )?thuc hien)")
_ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV",
           "XV"]
_IMPL = ["to chuc thuc hien", "trach nhiem thuc hien", "phan cong thuc hien",
         "phan cong nhiem vu", "to chuc trien khai thuc hien", "trach nhiem cua cac co quan"]

_Stack = list[tuple[int, Section]]


def structure(st: ParseState, paras: list[Para]) -> None:
    """The section tree of ``paras`` (into ``result.sections``), the preamble (paragraphs before
    the first heading; capital lines such as "QUYẾT ĐỊNH:" left out of ``result.preamble``) and
    the closing paragraphs ("Trên đây là …" and after); then the implementation section."""
    r = st.result
    stack: _Stack = []
    closing = False
    st.preamble_paras = []
    st.closing_paras = []
    for p in paras:
        if closing or _CLOSING.match(p.folded):
            closing = True
            st.closing_paras.append(p)
            r.closing.append(p.text)
            continue
        m = p.marker
        if m is not None and not (m.kind == "dash" and not stack):
            _add_heading(st, stack, p, m)
        elif stack:
            _add_text(stack, p)
        else:
            st.preamble_paras.append(p)
            if not (is_upper_line(p.text) and len(p.text) < 80):
                r.preamble.append(p.text)
    _renumber(r.sections)
    st.impl = find_implementation(r.sections)


def _add_text(stack: _Stack, p: Para) -> None:
    """A paragraph without a heading: the text of the innermost open section."""
    node = stack[-1][1]
    node.paras.append(p)
    node.text = (node.text + "\n" + p.text).strip()
    for _, anc in stack:
        anc.span = _merge(anc.span, p.span)
        anc.end = max(anc.end or (0, 0), _last(p))


def _add_heading(st: ParseState, stack: _Stack, p: Para, m: Marker) -> None:
    """A heading: a new section under the innermost open one of a lower level."""
    level = _RANK[m.kind]
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
        st.result.sections.append(node)
    stack.append((level, node))
    for _, anc in stack[:-1]:
        anc.span = _merge(anc.span, p.span)
        anc.end = max(anc.end or (0, 0), _last(p))


def _last(p: Para) -> tuple[int, int]:
    line = p.lines[-1]
    return (line.page, line.number)


def _merge(a: Span, b: Span) -> Span:
    if a.page != b.page:
        return a
    return Span(a.page, min(a.first_line, b.first_line), max(a.last_line, b.last_line))


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
            colon < len(body) - 1 and (kind != "letter" or looks_like_units(body[:colon])):
        return body[:colon].strip(), body[colon + 1:].strip()
    if len(body) <= 160 and not body.rstrip().endswith((".", ";")):
        return body, ""
    return "", body


def find_implementation(sections: list[Section]) -> Section | None:
    """The implementation section ("Tổ chức thực hiện", "Trách nhiệm thực hiện" …) among the
    top sections, else among their children; the title closest to one of those names."""
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
