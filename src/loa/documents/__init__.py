"""loa.documents — read official documents (.docx, PDF, scans, text) and parse the Decree 30
layout of a plan into plain dataclasses. No Django import (see docs/architecture.md).

The public surface other packages use:

* :func:`read_document` — a file as a :class:`SourceDocument` (pages of lines with positions);
  :func:`detect_kind`; :func:`page_image` — one page as the reader sees it.
* :func:`parse_document` — a :class:`SourceDocument` (or text) as a :class:`ParsedDocument`.
* :class:`DocumentError` — every refusal, with a stable ``code``.
"""

from .model import DocumentError, Line, Page, SourceDocument, Span
from .parser import ParsedDocument, parse_document
from .reader import detect_kind, page_image, read_document

__all__ = [
    "DocumentError", "Line", "Page", "ParsedDocument", "SourceDocument", "Span", "detect_kind",
    "page_image", "parse_document", "read_document",
]
