"""Character edits of an English OCR model reading Vietnamese: which characters it confuses,
what an edit costs, and the cheapest character alignment of a true token with what was read.

The OCR channel model (:mod:`.ocr_channel`) counts and scores these edits; repair
(:mod:`.repair`) treats :data:`OCR_JUNK` inside a word as damage; the training code
(:mod:`.training.align`) aligns rendered pages with what the OCR read back with them.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from .text import fold

__all__ = ["OCR_JUNK", "char_alignment", "char_edits", "sub_cost"]

# Look-alikes an English OCR model substitutes for Vietnamese letters (base letter after fold()).
_LOOKALIKE = {
    frozenset(p) for p in [
        ("o", "6"), ("o", "0"), ("o", "a"), ("o", "e"), ("o", "d"), ("o", "b"), ("u", "w"),
        ("u", "i"), ("u", "y"), ("a", "e"), ("a", "d"), ("a", "4"), ("e", "c"), ("e", "é"),
        ("d", "p"), ("d", "b"), ("d", "q"), ("i", "l"), ("i", "1"), ("i", "t"), ("l", "1"),
        ("l", "|"), ("c", "e"), ("y", "v"), ("e", "&"), ("e", "¢"), ("e", "@"), ("s", "5"),
        ("s", "8"), ("g", "q"), ("h", "b"), ("n", "r"), ("a", "@"), ("a", "&"),
    ]
}

# Symbols an English OCR model puts inside Vietnamese words ("ngu@i", "c&p", "t&", "ngu¢i").
OCR_JUNK = frozenset("@¢&’‘'§¥|©®°~^*#£€¬¦")


def _base(ch: str) -> str:
    f = fold(ch)
    return f if len(f) == 1 else ch.lower()


@lru_cache(maxsize=65536)
def sub_cost(a: str, b: str) -> float:
    """The cost of reading character ``a`` as ``b``: 0 the same, 0.25 the same base letter
    ("ự"/"u"), 0.5 a look-alike ("6"/"o"), 1.2 a letter for a symbol, else 1."""
    if a == b:
        return 0.0
    ba, bb = _base(a), _base(b)
    if ba == bb:
        return 0.25
    if frozenset((ba, bb)) in _LOOKALIKE:
        return 0.5
    if a.isalnum() != b.isalnum():
        return 1.2
    return 1.0


def _merge_cost(c: float, a1: str, b1: str, a2: str, b2: str) -> float:
    """``c`` plus one character read as two ("ứ" -> "ir", "m" -> "rn") or two as one: 0.6 and
    half the cheaper of the two substitutions ``a1``/``b1``, ``a2``/``b2``."""
    return c + 0.6 + 0.5 * min(sub_cost(a1, b1), sub_cost(a2, b2))


def char_alignment(ref: str, ocr: str) -> list[tuple[str, str, int, int]]:
    """Cheapest character alignment of ``ref`` with ``ocr``.

    Returns operations ``(ref_chars, ocr_chars, ref_index, ocr_index)``: one reference character
    to zero, one or two OCR characters, or zero or two reference characters to one OCR
    character. Index = position of the first character of the operation (or where it would be).
    """
    n, m = len(ref), len(ocr)
    INF = float("inf")
    cost = [[INF] * (m + 1) for _ in range(n + 1)]
    back: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        row = cost[i]
        for j in range(m + 1):
            c = row[j]
            if c == INF:
                continue
            if i < n:  # deletion
                nc = c + 1.0
                if nc < cost[i + 1][j]:
                    cost[i + 1][j], back[i + 1][j] = nc, (1, 0)
            if j < m:  # insertion (a space costs little: splits are common)
                nc = c + (0.6 if ocr[j] == " " else 1.0)
                if nc < row[j + 1]:
                    row[j + 1], back[i][j + 1] = nc, (0, 1)
            if i < n and j < m:
                nc = c + sub_cost(ref[i], ocr[j])
                if nc < cost[i + 1][j + 1]:
                    cost[i + 1][j + 1], back[i + 1][j + 1] = nc, (1, 1)
                if j + 1 < m and ref[i] != " " and " " not in ocr[j:j + 2]:  # ứ -> ir, m -> rn
                    nc = _merge_cost(c, ref[i], ocr[j], ref[i], ocr[j + 1])
                    if nc < cost[i + 1][j + 2]:
                        cost[i + 1][j + 2], back[i + 1][j + 2] = nc, (1, 2)
                if i + 1 < n and ocr[j] != " " and " " not in ref[i:i + 2]:  # rn -> m, ươ -> w
                    nc = _merge_cost(c, ref[i], ocr[j], ref[i + 1], ocr[j])
                    if nc < cost[i + 2][j + 1]:
                        cost[i + 2][j + 1], back[i + 2][j + 1] = nc, (2, 1)
    ops = []
    i, j = n, m
    while i or j:
        di, dj = back[i][j]
        i, j = i - di, j - dj
        ops.append((ref[i:i + di], ocr[j:j + dj], i, j))
    ops.reverse()
    return ops


def char_edits(ref: str, ocr: str) -> list[tuple[str, str]]:
    """The character operations ``(ref_chars, ocr_chars)`` turning ``ref`` into ``ocr``,
    identities included: ``char_edits("số", "s6") == [("s", "s"), ("ố", "6")]``."""
    ref = unicodedata.normalize("NFC", ref)
    ocr = unicodedata.normalize("NFC", ocr)
    return [(a, b) for a, b, _i, _j in char_alignment(ref, ocr)]
