"""Plain text files: UTF-8 (BOM or not) or UTF-16 with a BOM; a form feed starts a new page (as
pdftotext writes). No Django import."""

from __future__ import annotations

from ..model import DocumentError, Line, Page, SourceDocument
from .base import Progress, report, too_many_pages
from .detect import decode_text

__all__ = ["read_text"]


def read_text(data: bytes, *, max_pages: int, progress: Progress | None) -> SourceDocument:
    text = decode_text(data)
    if text is None:  # pragma: no cover - detect_kind decoded it already
        raise DocumentError("The text is not UTF-8 or UTF-16.", code="unsupported", kind="binary")
    chunks = text.split("\f")  # form feed: a new page, as pdftotext writes
    while len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    if len(chunks) > max_pages:
        raise too_many_pages(len(chunks), max_pages)
    doc = SourceDocument(kind="text")
    for n, chunk in enumerate(chunks, 1):
        page = Page(number=n)
        for raw in chunk.splitlines():
            if raw.strip():
                page.lines.append(Line(text=raw, page=n, number=len(page.lines) + 1))
        doc.pages.append(page)
        report(progress, n, len(chunks), "text")
    return doc
