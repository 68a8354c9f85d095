"""Small text helpers shared by the parser modules (no Django import).

The parser matches structure on accent-folded text but takes the values it returns from the
text as written. :func:`ffold` folds *position by position* (one character in, one character
out), so a match found in the folded string slices the original at the same offsets.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from loa.vitext import fold

__all__ = ["ffold", "parse_date", "DATE_NUMERIC", "DATE_WORDS", "find_date", "is_upper_line",
           "clean_ws", "TERMINAL", "strip_punct", "close"]

TERMINAL = ".;:!?…"


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    f = fold(ch)
    return f[0] if f else " "


def ffold(text: str) -> str:
    """:func:`loa.vitext.fold` keeping the length: lower case, no accents, đ -> d; every
    character that folds to nothing (spaces, invisible characters) becomes a space."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(ch) for ch in text)


def clean_ws(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def strip_punct(text: str, chars: str = " ,;:.-–—") -> str:
    return text.strip().strip(chars).strip()


# Dates, matched on folded text. OCR damage in the words is tolerated ("ndm" for "năm").
DATE_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})\s?[/.\-]\s?(\d{1,2})\s?[/.\-]\s?(\d{4})(?!\d)")
DATE_WORDS = re.compile(
    r"(?<!\d)(\d{1,2})\s*(?:th\w{0,3}ng|th)\s*(\d{1,2})\s*(?:n\w{0,2}m|n)\s*(\d{4})(?!\d)")
_DATE_ANY = re.compile(
    r"(?:ng\w{0,2}y\s*)?(?:" + DATE_WORDS.pattern + "|" + DATE_NUMERIC.pattern + ")")


def parse_date(day: str, month: str, year: str) -> dt.date | None:
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def find_date(folded: str, start: int = 0, end: int | None = None):
    """The first date in ``folded[start:end]`` as (date, match start, match end) or None."""
    end = len(folded) if end is None else end
    for m in _DATE_ANY.finditer(folded, start, end):
        groups = m.groups()
        d = parse_date(*groups[0:3]) if groups[0] else parse_date(*groups[3:6])
        if d is not None:
            return d, m.start(), m.end()
    return None


def is_upper_line(text: str, threshold: float = 0.8) -> bool:
    """Mostly capital letters (at least two letters)."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) < 2:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= threshold


def close(a: str, b: str, threshold: float) -> bool:
    """Whether ``a`` and ``b`` are alike: rapidfuzz's ratio at least ``threshold`` (0–100)."""
    from rapidfuzz import fuzz
    return fuzz.ratio(a, b) >= threshold
