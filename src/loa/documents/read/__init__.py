"""read_document(): a file (.docx, PDF with a text layer, scanned PDF, PNG/JPEG/TIFF image, plain
text) as a :class:`~loa.documents.model.SourceDocument` — pages of lines with their position.

No Django import: the web layer passes the limits in (``LOA_MAX_DOCUMENT_PAGES``,
``LOA_MAX_UPLOAD_MB``).

* The type comes from the content (magic bytes), never from the file name (:mod:`.detect`).
* Blank lines are not kept: every :class:`~loa.documents.model.Line` has text. Lines are
  numbered from 1 on each page.
* The finishing step (here, for every format): legacy TCVN3 (.VnTime) text is detected and
  converted to Unicode, with a warning (:func:`loa.vitext.is_tcvn3`,
  :func:`loa.vitext.tcvn3_to_unicode`); text is normalised (:func:`loa.vitext.normalize`: NFC,
  one tone-mark placement, ASCII quotes, spaces); a page whose text
  :func:`loa.vitext.needs_repair` scores at or above :data:`REPAIR_THRESHOLD` (text OCR'd with
  a non-Vietnamese model, typed without marks) is repaired line by line with
  :func:`loa.vitext.repair`; ``Line.raw`` keeps the text as read.
* Every failure is a :class:`~loa.documents.model.DocumentError` with a stable code and an
  English message; nothing else escapes for bad input.

Per format, a module each:

* :mod:`.docx` — .docx through python-docx, after the container guard
  (:func:`loa.documents.container.check_zip`), automatic numbering written out;
* :mod:`.pdf` — PDF: the text layer in reading order (:mod:`.geometry`: rows, column segments,
  two-column regions, tables), pages without one rendered and OCR'd (``kind`` "pdf-scan");
* :mod:`.images` — PNG, JPEG, TIFF (each frame a page), and the OCR of a page image;
* :mod:`.tesseract` — runs ``tesseract -l vie --psm 3`` (TSV, one thread); lines with a mean
  word confidence under :data:`~.images.MIN_OCR_CONFIDENCE` dropped; Line.confidence is the
  mean;
* :mod:`.text` — UTF-8 (BOM or not) or UTF-16 with a BOM; a form feed starts a new page.

:func:`page_image` gives one page of a PDF or image as the OCR sees it (the import review shows
it beside what was read).
"""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from ..model import DocumentError, Page, SourceDocument
from .base import Progress, report, size_text
from .detect import detect_kind, unsupported_message
from .docx import read_docx
from .images import MAX_PIXELS, frame_gray, open_image, read_image
from .pdf import OCR_DPI, read_pdf, render_page
from .text import read_text

__all__ = ["MAX_BYTES", "MAX_PAGES", "REPAIR_MAX_CHARS", "REPAIR_MIN_WORDS", "REPAIR_THRESHOLD",
           "Progress", "detect_kind", "page_image", "read_document"]

MAX_PAGES = 100
MAX_BYTES = 20 * 2**20
#: A page is repaired when needs_repair(page text) is at least this. Measured: our corrected
#: transcription of 130/KH-STTTT scores 0.008 (0.0–0.15 in 8-line pieces), its English-model
#: OCR 1.0 (1.0 in every 25-line piece), Tesseract's Vietnamese-model OCR of our scans 0.0–0.04
#: (200 dpi) and 0.0 (150 dpi, blurred, JPEG quality 25–40); text typed without marks is near
#: 1.0 (repair then restores the marks).
REPAIR_THRESHOLD = 0.5
#: needs_repair() means little on a handful of words ("hai ba" has no marks at all): a page with
#: fewer words is judged with the whole document, and a document with fewer is left alone.
REPAIR_MIN_WORDS = 20
#: Repair decodes about 2,000 syllables a second: more text than this is kept as read (with a
#: warning) rather than tying a worker up for minutes.
REPAIR_MAX_CHARS = 300_000
_WORDS = re.compile(r"[^\W\d_]{2,}")

logger = logging.getLogger(__name__)


def _read_encrypted_ooxml(data: bytes, *, max_pages: int,
                          progress: Progress | None) -> SourceDocument:
    raise DocumentError("The Office document is password-protected; remove the password and "
                        "save it again as .docx.", code="encrypted")


_READERS = {
    "text": read_text,
    "pdf": read_pdf,
    "docx": read_docx,
    "png": read_image,
    "jpeg": read_image,
    "tiff": read_image,
    "encrypted-ooxml": _read_encrypted_ooxml,
}


# ---------------------------------------------------------------------------------------------
# Entry points


def read_document(source, *, filename: str | None = None, max_pages: int = MAX_PAGES,
                  max_bytes: int = MAX_BYTES, progress: Progress | None = None,
                  repair: bool = True) -> SourceDocument:
    """Read ``source`` (a path, or the file's bytes) into a :class:`SourceDocument`.

    ``max_pages`` bounds the pages (checked before any page is read: "too_many_pages");
    ``max_bytes`` the file size ("too_large"). ``progress(done_pages, total_pages, message)`` is
    called after each page. ``repair`` turns the vitext repair of damaged pages on or off.
    Raises :class:`DocumentError` (codes at the bottom of :mod:`loa.documents.model`)."""
    data, name = _load(source, filename, max_bytes)
    if not data.strip(b"\x00 \t\r\n\x0b\x0c"):
        raise DocumentError("The file is empty.", code="empty")
    kind = detect_kind(data)
    reader = _READERS.get(kind)
    if reader is None:
        raise DocumentError(unsupported_message(kind), code="unsupported", kind=kind)
    try:
        doc = reader(data, max_pages=max_pages, progress=progress)
    except DocumentError:
        raise
    except MemoryError as exc:
        raise DocumentError("The document needs more memory than this server has.",
                            code="too_large", limit=max_bytes) from exc
    except Exception as exc:  # a library failing on a file it should have refused cleanly
        logger.warning("reading a %s file failed", kind, exc_info=True)
        raise DocumentError(f"The file cannot be read ({type(exc).__name__}: {exc}).",
                            code="corrupt") from exc
    doc.filename = name
    _finish(doc, repair, progress)
    if not any(page.lines for page in doc.pages):
        what = ("recognised in the image" if doc.kind in ("image", "pdf-scan")
                else "found in the document")
        raise DocumentError(f"No text was {what}.", code="empty")
    return doc


def _load(source, filename: str | None, max_bytes: int) -> tuple[bytes, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        name = filename or ""
    elif isinstance(source, (str, os.PathLike)):
        path = Path(source)
        name = filename or path.name
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise _too_large(max_bytes)
            with open(path, "rb") as f:
                data = f.read(size + 1)  # a file growing meanwhile is caught below
        except OSError as exc:
            raise DocumentError(f"Cannot open the file: {exc.strerror or exc}.",
                                code="unreadable") from exc
    elif hasattr(source, "read"):  # a file object (an upload)
        known = getattr(source, "size", None)  # Django's files know theirs: no 20 MB buffer
        data = source.read(min(known, max_bytes) + 1 if isinstance(known, int) else max_bytes + 1)
        name = filename or os.path.basename(getattr(source, "name", "") or "")
    else:
        raise TypeError(f"source must be a path or bytes, not {type(source).__name__}")
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data, name


def _too_large(limit: int) -> DocumentError:
    return DocumentError(f"The file is larger than the limit of {size_text(limit)}.",
                         code="too_large", limit=limit)


def page_image(data: bytes, number: int, dpi: int = OCR_DPI):
    """Page ``number`` (1-based) of a PDF or image file as an 8-bit grey PIL image — what the
    OCR reads, for showing beside what was read. A PDF page is rendered at ``dpi``; both stay
    within :data:`~.images.MAX_PIXELS`. Raises DocumentError (or IndexError/EOFError for a page
    that is not there)."""
    if data.startswith(b"%PDF"):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            if not 1 <= number <= len(pdf):
                raise IndexError(number)
            return render_page(pdf, number, dpi)[0]
        finally:
            pdf.close()
    image = open_image(data)
    image.seek(number - 1)
    w, h = image.size
    if w * h > MAX_PIXELS:
        raise DocumentError("The image has too many pixels.", code="too_large", limit=MAX_PIXELS)
    return frame_gray(image, number)


# ---------------------------------------------------------------------------------------------
# The finishing step: TCVN3, normalisation, repair


def _finish(doc: SourceDocument, repair: bool, progress: Progress | None = None) -> None:
    """Convert legacy TCVN3 text, normalise every line, renumber the lines, then repair the
    pages that need it."""
    _normalise(doc)
    if not repair:
        return
    todo = _pages_to_repair(doc)
    if not todo:
        return
    size = sum(len(line.text) for page in todo for line in page.lines)
    if size > REPAIR_MAX_CHARS:
        doc.warnings.append(f"The text looks damaged (OCR'd with the wrong language?) but is too "
                            f"long to repair ({size:,} characters, limit {REPAIR_MAX_CHARS:,}); "
                            f"it is kept as read.")
        return
    report(progress, len(doc.pages), len(doc.pages), "repairing damaged text")
    _repair(doc, todo)


def _normalise(doc: SourceDocument) -> None:
    """TCVN3 converted (with a warning), every line normalised; empty lines dropped and the
    others renumbered."""
    from loa.vitext import is_tcvn3, normalize, tcvn3_to_unicode

    legacy = is_tcvn3("\n".join(line.text for line in doc.lines()))
    if legacy:
        doc.warnings.append("The text was written with a legacy Vietnamese font encoding (TCVN3, "
                            ".VnTime); it was converted to Unicode: check the accents.")
    for page in doc.pages:
        lines = []
        for line in page.lines:
            text = tcvn3_to_unicode(line.text) if legacy else line.text
            text = normalize(text, tone_style="old", quotes=False).replace("\n", " ").strip()
            if text:
                line.text = line.raw = text
                lines.append(line)
        for k, line in enumerate(lines, 1):
            line.number = k
        page.lines = lines


def _pages_to_repair(doc: SourceDocument) -> list[Page]:
    """The pages whose text needs_repair() scores at or above :data:`REPAIR_THRESHOLD`; a page
    of fewer than :data:`REPAIR_MIN_WORDS` words takes the whole document's score, and a
    document of fewer words is left alone."""
    from loa.vitext import needs_repair

    whole = doc.text
    if len(_WORDS.findall(whole)) < REPAIR_MIN_WORDS:
        return []
    whole_score = None
    todo = []
    for page in doc.pages:
        text = "\n".join(line.text for line in page.lines)
        if not text:
            continue
        if len(_WORDS.findall(text)) >= REPAIR_MIN_WORDS:
            score = needs_repair(text)
        else:
            if whole_score is None:
                whole_score = needs_repair(whole)
            score = whole_score
        if score >= REPAIR_THRESHOLD:
            todo.append(page)
    return todo


def _repair(doc: SourceDocument, todo: list[Page]) -> None:
    """Repair the lines of ``todo`` with :func:`loa.vitext.repair`; a page whose repair fails is
    kept as read, with a warning (missing models: no page is repaired)."""
    import loa.vitext
    from loa.vitext import normalize

    for page in todo:
        try:
            fixed = [normalize(loa.vitext.repair(line.text), tone_style="old", quotes=False)
                     .replace("\n", " ").strip()
                     for line in page.lines]
        except FileNotFoundError as exc:
            doc.warnings.append(f"The text looks damaged (OCR'd with the wrong language?) but the "
                                f"repair models are missing, so it is kept as read: {exc}")
            return
        except Exception as exc:  # noqa: BLE001 - the text as read is still worth having
            logger.warning("repair failed on page %d", page.number, exc_info=True)
            doc.warnings.append(f"Page {page.number}: the repair of damaged text failed "
                                f"({type(exc).__name__}); the page is kept as read.")
            continue
        for line, text in zip(page.lines, fixed):
            if text and text != line.text:
                line.text = text
                doc.repaired = True
