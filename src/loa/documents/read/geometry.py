"""Page layout shared by PDF text layers and OCR: words with their boxes grouped into rows, rows
split into column segments, segments put in reading order (two-column regions left column
first, tables one line a row), page numbers in the margins left out. No Django import.

A word is a dict ``{text, x0, x1, top, bottom}`` (points or pixels, top-left origin) with
``size`` (font size; the word's height for OCR) and, from OCR, ``conf``.
"""

from __future__ import annotations

import re

from ..model import Line

__all__ = ["COLUMN_GAP", "box", "column_segments", "frac", "group_rows", "merge_rows",
           "page_lines", "reading_order"]

#: A gap wider than this many times the font size splits a row into two segments (the two
#: columns of a Decree 30 header sit about two font sizes apart; a justified body line's widest
#: space is well under one).
COLUMN_GAP = 1.6
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:(?:trang|page)\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$",
                          re.I)


def group_rows(words: list[dict]) -> list[list[dict]]:
    """Words (dicts with text, x0, x1, top, bottom, size) grouped into rows, top to bottom; a word
    joins a row when its vertical middle is within half a line of the row's."""
    rows: list[list[dict]] = []
    for w in sorted(words, key=lambda w: (w["top"] + w["bottom"]) / 2):
        mid = (w["top"] + w["bottom"]) / 2
        if rows:
            row = rows[-1]
            rmid = sum((v["top"] + v["bottom"]) / 2 for v in row) / len(row)
            height = max(v["bottom"] - v["top"] for v in row)
            if abs(mid - rmid) <= 0.5 * max(height, w["bottom"] - w["top"]):
                row.append(w)
                continue
        rows.append([w])
    return [sorted(row, key=lambda w: w["x0"]) for row in rows]


def column_segments(row: list[dict]) -> list[list[dict]]:
    """A row's words split where the gap is wider than COLUMN_GAP font sizes."""
    segs = [[row[0]]]
    for prev, w in zip(row, row[1:]):
        size = max(prev.get("size") or 0, w.get("size") or 0) or (w["bottom"] - w["top"])
        if w["x0"] - prev["x1"] > COLUMN_GAP * size:
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def box(seg: list[dict]) -> tuple[float, float, float, float]:
    return (min(w["x0"] for w in seg), min(w["top"] for w in seg),
            max(w["x1"] for w in seg), max(w["bottom"] for w in seg))


def reading_order(rows: list[list[list[dict]]]) -> list[list[dict]]:
    """Segments in reading order: row by row, except in two-column regions (a Decree 30 header,
    the "Nơi nhận:" list beside the signature), where the left column comes before the right,
    and rows of three or more segments (a table), which become one line, cells joined by " | ".

    A region starts at a row of exactly two segments; it keeps the interval of x where the
    gutter can be (between its left segment's end and its right segment's start) and grows
    downwards over the rows of one or two segments that leave some of that interval free.
    Rows of three or more segments (tables) stay row by row."""
    out: list[list[dict]] = []
    region: list[list[list[dict]]] = []
    lo = hi = 0.0
    for segs in rows:
        if region and len(segs) <= 2:
            gutter = _gutter_left(lo, hi, segs)
            if gutter is not None:
                region.append(segs)
                lo, hi = gutter
                continue
        if region:
            out.extend(_by_column(region, lo, hi))
            region = []
        if len(segs) == 2:
            lo, hi = box(segs[0])[2], box(segs[1])[0]
            region.append(segs)
        elif len(segs) >= 3:
            out.append(_table_line(segs))
        else:
            out.extend(segs)
    if region:
        out.extend(_by_column(region, lo, hi))
    return out


def _gutter_left(lo: float, hi: float, segs: list[list[dict]]) -> tuple[float, float] | None:
    """What remains of the gutter interval (lo, hi) under a row of one or two segments; None
    when the row crosses it."""
    a, b = lo, hi
    for seg in segs:
        x0, _, x1, _ = box(seg)
        if x1 <= b and (len(segs) == 1 or seg is segs[0]):
            a = max(a, x1)
        elif x0 >= a:
            b = min(b, x0)
        else:
            a, b = 1.0, 0.0
    return (a, b) if a <= b else None


def _by_column(region: list[list[list[dict]]], lo: float, hi: float) -> list[list[dict]]:
    """A two-column region's segments: the left column top to bottom, then the right."""
    split = (lo + hi) / 2
    return ([s for segs in region for s in segs if box(s)[2] <= split]
            + [s for segs in region for s in segs if box(s)[2] > split])


def _table_line(segs: list[list[dict]]) -> list[dict]:
    """A table row as one line, cells joined by " | " as in .docx."""
    joined = list(segs[0])
    for seg in segs[1:]:
        prev = joined[-1]
        joined.append({"text": "|", "x0": prev["x1"], "x1": prev["x1"],
                       "top": prev["top"], "bottom": prev["bottom"]})
        joined.extend(seg)
    return joined


def page_lines(rows: list[list[dict]], width: float, height: float, number: int) -> list[Line]:
    """The lines of a page from its rows of words: split into column segments, in reading
    order, bbox as fractions of the page; page numbers in the top or bottom margin are left out."""
    lines = []
    for seg in reading_order([column_segments(row) for row in rows if row]):
        text = " ".join(w["text"] for w in seg).strip()
        x0, y0, x1, y1 = box(seg)
        bbox = (frac(x0, width), frac(y0, height), frac(x1, width), frac(y1, height))
        if _PAGE_NUMBER.match(text) and (bbox[3] < 0.1 or bbox[1] > 0.9):
            continue
        conf = [w["conf"] for w in seg if w.get("conf") is not None]
        lines.append(Line(text=text, page=number, number=len(lines) + 1, bbox=bbox,
                          confidence=round(sum(conf) / len(conf), 1) if conf else None))
    return lines


def merge_rows(lines: list[list[dict]]) -> list[list[dict]]:
    """OCR lines (already straight: Tesseract follows a skewed line) joined into rows when they
    sit side by side — the two columns of a header that Tesseract read as two blocks."""
    def span(line):
        return min(w["top"] for w in line), max(w["bottom"] for w in line)

    rows: list[list[dict]] = []
    for line in sorted(lines, key=lambda ln: sum(span(ln)) / 2):
        if rows:
            row = rows[-1]
            (t0, b0), (t1, b1) = span(row), span(line)
            overlap = min(b0, b1) - max(t0, t1)
            apart = all(w["x1"] <= v["x0"] or v["x1"] <= w["x0"] for w in line for v in row)
            if apart and overlap >= 0.5 * min(b0 - t0, b1 - t1):
                row.extend(line)
                row.sort(key=lambda w: w["x0"])
                continue
        rows.append(sorted(line, key=lambda w: w["x0"]))
    return rows


def frac(v: float, total: float) -> float:
    return round(min(1.0, max(0.0, v / total)), 5) if total else 0.0


