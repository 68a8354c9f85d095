"""Lines that hold two things a document writes on two lines (no Django import).

A plan pasted together, or a .docx whose paragraphs were merged, has its type name and its
summary in one paragraph ("KẾ HOẠCH Tuyên truyền thực hiện …"), or a Roman heading and its
first item ("I. MỤC ĐÍCH, YÊU CẦU 1. Mục đích"). :func:`split_joined` cuts such a line in two
(both parts keep the line's place, so spans still point at it) before the parse begins; every
other line is kept as it is.
"""

from __future__ import annotations

import dataclasses
import re

from ..model import Line
from .layout import marker_of
from .references import DOC_TYPES
from .textutil import close, ffold, is_upper_line

__all__ = ["split_joined"]

#: Type names by their number of words, longest first ("thông tư liên tịch" before "thông tư").
_TYPE_NAMES = sorted({ffold(name) for name in DOC_TYPES.values()} | {"cong van"},
                     key=lambda n: -len(n.split()))
#: Lines of the header zone looked at for a joined type line.
HEAD_LINES = 40
#: "…CAPITALS 1. Title": an arabic item after a Roman heading's capitals.
_FIRST_ITEM = re.compile(r"\s+(?=\d{1,2}\s*[.)]\s*\S)")


def split_joined(lines: list[Line]) -> list[Line]:
    """``lines`` with a joined type line and joined Roman headings split (see the module)."""
    out: list[Line] = []
    type_done = False
    for index, line in enumerate(lines):
        parts = None
        if not type_done and index < HEAD_LINES:
            parts = _type_and_summary(line.text)
            type_done = parts is not None or _is_type_line(line.text)
        if parts is None:
            parts = _heading_and_item(line.text)
        if parts is None:
            out.append(line)
            continue
        out.extend(dataclasses.replace(line, text=part) for part in parts)
    return out


def _type_words(text: str) -> int:
    """How many words at the start of ``text`` name a document type in capitals (0: none)."""
    words = text.split()
    for name in _TYPE_NAMES:
        n = len(name.split())
        if len(words) <= n:
            continue
        head = " ".join(words[:n])
        key = re.sub(r"[^a-z ]", "", ffold(head)).strip()
        if is_upper_line(head, 0.9) and (key == name or len(key) >= 6 and close(key, name, 85)):
            return n
    return 0


def _is_type_line(text: str) -> bool:
    key = re.sub(r"[^a-z ]", "", ffold(text)).strip()
    return is_upper_line(text) and key in _TYPE_NAMES


def _type_and_summary(text: str) -> list[str] | None:
    """"KẾ HOẠCH Tuyên truyền …" → ["KẾ HOẠCH", "Tuyên truyền …"]; None when the line is not
    a type name followed by more words (a line of capitals only is left alone unless its first
    words are a type name and the rest reads as a summary)."""
    stripped = text.strip()
    n = _type_words(stripped)
    if not n:
        return None
    words = stripped.split()
    rest = " ".join(words[n:]).strip(" :-–—")
    # "KẾ HOẠCH SỐ 12" or a rest that is a number is no summary
    if len(rest) < 8 or re.match(r"(?i)s[oố]\b|\d", rest):
        return None
    return [" ".join(words[:n]), rest]


def _heading_and_item(text: str) -> list[str] | None:
    """"I. MỤC ĐÍCH, YÊU CẦU 1. Mục đích" → ["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích"]."""
    for match in _FIRST_ITEM.finditer(text):
        head, tail = text[:match.start()], text[match.end():]
        marker = marker_of(head)
        if marker is None or marker.kind != "roman":
            continue
        item = marker_of(tail)
        if (is_upper_line(head[marker.rest:], 0.9) and item is not None
                and item.kind == "number" and item.label.rstrip(".") in ("1", "1.1")):
            return [head.rstrip(), tail]
    return None
