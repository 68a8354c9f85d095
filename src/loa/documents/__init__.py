"""loa.documents — read official documents (.docx, PDF, scans, text) and parse the Decree 30
layout of a plan into plain dataclasses. No Django import (see docs/architecture.md).

The public surface other packages use:

* :func:`read_document` — a file as a :class:`SourceDocument` (pages of lines with positions);
  :func:`detect_kind`; :func:`page_image` — one page as the reader sees it;
  :func:`check_tesseract` — whether OCR is available (the tesseract command with Vietnamese).
* :func:`parse_document` — a :class:`SourceDocument` (or text) as a :class:`ParsedDocument`:
  the typed boundary towards Django (its parts :class:`AssignmentSpec`, :class:`Section`,
  :class:`Reference`, :class:`Signer`, :class:`Reporting`, :class:`Recipient`,
  :class:`UnitName`, :class:`ParseWarning`); ``to_json()`` / ``from_json()`` store and read
  it back.
* :class:`DocumentError` — every refusal, with a stable ``code``.
* The container guard (:mod:`.container`) for zip-based Office files and OLE files, before any
  library opens them: :func:`check_zip` with :class:`ZipLimits` (:data:`DOCX_LIMITS`,
  :data:`XLSX_LIMITS`), :func:`zip_kind`, :func:`check_ole`, :func:`is_ole`,
  :func:`is_encrypted_ole`; refusals are :class:`ContainerError` (a DocumentError).
"""

from .container import (
    DOCX_LIMITS,
    XLSX_LIMITS,
    ContainerError,
    ZipLimits,
    check_ole,
    check_zip,
    is_encrypted_ole,
    is_ole,
    zip_kind,
)
from .model import DocumentError, Line, Page, SourceDocument, Span
from .parse import parse_document
from .parse.result import (
    AssignmentSpec,
    ParsedDocument,
    ParseWarning,
    Recipient,
    Reference,
    Reporting,
    Section,
    Signer,
    UnitName,
)
from .read import detect_kind, page_image, read_document
from .read.tesseract import check_tesseract

__all__ = [
    "DOCX_LIMITS", "XLSX_LIMITS", "AssignmentSpec", "ContainerError", "DocumentError", "Line",
    "Page", "ParseWarning", "ParsedDocument", "Recipient", "Reference", "Reporting", "Section",
    "Signer", "UnitName", "SourceDocument", "Span", "ZipLimits", "check_ole", "check_tesseract",
    "check_zip", "detect_kind", "is_encrypted_ole", "is_ole", "page_image", "parse_document",
    "read_document", "zip_kind",
]
