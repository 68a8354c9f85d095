"""read_document(): a file (.docx, PDF with a text layer, scanned PDF, PNG/JPEG/TIFF image, plain
text) as a :class:`~loa.documents.model.SourceDocument` — pages of lines with their position.

No Django import: the web layer passes the limits in (``LOA_MAX_DOCUMENT_PAGES``,
``LOA_MAX_UPLOAD_MB``).

* The type comes from the content (magic bytes), never from the file name.
* Blank lines are not kept: every :class:`~loa.documents.model.Line` has text. Lines are
  numbered from 1 on each page.
* Text is normalised (:func:`loa.vitext.normalize`: NFC, one tone-mark placement, ASCII quotes,
  spaces). A page whose text :func:`loa.vitext.needs_repair` scores at or above
  :data:`REPAIR_THRESHOLD` (text OCR'd with a non-Vietnamese model, typed without marks) is
  repaired line by line with :func:`loa.vitext.repair`; ``Line.raw`` keeps the text as read.
* Every failure is a :class:`~loa.documents.model.DocumentError` with a stable code and an
  English message; nothing else escapes for bad input.

Per format:

* **.docx** (python-docx): body paragraphs and tables in document order; a table of at most two
  columns and eight rows is layout (Decree 30 header, "Nơi nhận:" beside the signature) and is
  read column by column, a larger one row by row ("cell | cell | cell"); text boxes after their
  paragraph; automatic numbering (numbering.xml, list styles) written out as Word shows it
  ("II.", "6.1.", "a)"; bullets as "-"); new pages at explicit page breaks, pageBreakBefore
  and non-continuous section breaks; no bbox. Before python-docx opens it, every member is
  inflated in bounded steps and counted (:func:`loa.documents.container.check_zip` with
  :data:`~loa.documents.container.DOCX_LIMITS`: zip bombs, members that inflate past their
  declared size, encrypted members, damage); the page count Word stored in docProps/app.xml is checked against
  ``max_pages`` first.
* **PDF**: page count (PDFium) against ``max_pages`` before anything else, then every zlib
  stream inflated in bounded steps (:data:`PDF_MAX_STREAM`, damaged streams) before pdfminer
  sees them; words from pdfplumber grouped into rows, rows split at gaps wider than
  :data:`COLUMN_GAP` font sizes, two-column regions read left column first, table rows joined
  by " | "; page numbers in the top/bottom tenth of the page dropped. A page with fewer than
  :data:`MIN_TEXT_CHARS` characters over a picture (or none at all) is rendered at the scan's
  own resolution (150–300 dpi) and OCR'd: ``kind`` "pdf-scan", ``Page.ocr``.
* **Images** (PNG, JPEG, TIFF — each TIFF frame a page): at most :data:`MAX_PIXELS` pixels,
  EXIF orientation applied, grey, scaled towards 300 dpi, a blank page skipped without OCR.
* **OCR** (:mod:`.ocr`): ``tesseract -l vie --psm 3`` TSV, one thread; lines with a mean word
  confidence under :data:`MIN_OCR_CONFIDENCE` dropped; Line.confidence is the mean.
* **Text**: UTF-8 (BOM or not) or UTF-16 with a BOM; a form feed starts a new page.
* Legacy TCVN3 (.VnTime) text is detected and converted to Unicode, with a warning
  (:func:`loa.vitext.is_tcvn3`, :func:`loa.vitext.tcvn3_to_unicode`).
"""

from __future__ import annotations

import io
import logging
import os
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from .container import DOCX_LIMITS, check_zip, is_encrypted_ole, is_ole, zip_kind
from .model import DocumentError, Line, Page, SourceDocument

__all__ = ["MAX_BYTES", "MAX_PAGES", "REPAIR_THRESHOLD", "detect_kind", "read_document"]

MAX_PAGES = 100
MAX_BYTES = 20 * 2**20
#: A page is repaired when needs_repair(page text) is at least this. Measured: our corrected
#: transcription of 130/KH-STTTT scores 0.008 (0.0–0.15 in 8-line pieces), its English-model
#: OCR 1.0 (1.0 in every 25-line piece), Tesseract's Vietnamese-model OCR of our scans 0.0–0.04
#: (200 dpi) and 0.0 (150 dpi, blurred, JPEG quality 25–40); text typed without marks is near
#: 1.0 (repair then restores the marks).
REPAIR_THRESHOLD = 0.5

Progress = Callable[[int, int, str], None]
logger = logging.getLogger(__name__)



# ---------------------------------------------------------------------------------------------
# Entry point


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
        raise DocumentError(_unsupported_message(kind), code="unsupported", kind=kind)
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
        what = "recognised in the image" if doc.kind in ("image", "pdf-scan") else "found in the document"
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
                data = f.read(max_bytes + 1)
        except OSError as exc:
            raise DocumentError(f"Cannot open the file: {exc.strerror or exc}.", code="unreadable") from exc
    elif hasattr(source, "read"):  # a file object (an upload)
        data = source.read(max_bytes + 1)
        name = filename or os.path.basename(getattr(source, "name", "") or "")
    else:
        raise TypeError(f"source must be a path or bytes, not {type(source).__name__}")
    if len(data) > max_bytes:
        raise _too_large(max_bytes)
    return data, name


def _too_large(limit: int) -> DocumentError:
    return DocumentError(f"The file is larger than the limit of {_size(limit)}.", code="too_large",
                         limit=limit)


def _size(n: int) -> str:
    return f"{n / 2**20:.0f} MB" if n >= 2**20 else f"{n} bytes"


# ---------------------------------------------------------------------------------------------
# Type detection


def detect_kind(data: bytes) -> str:
    """The file type from the content: "docx", "pdf", "png", "jpeg", "tiff", "text", or for
    types Loa does not read "doc" (OLE: legacy Word and other Office files), "encrypted-ooxml"
    (an OLE file holding an encrypted Office package), "xlsx", "pptx", "odf", "zip", "rtf",
    "html", "mht", "gif", "bmp", "webp", "binary"."""
    head = data[:8]
    if data[:1024].find(b"%PDF-") != -1:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(data)
    if is_ole(data):
        return "encrypted-ooxml" if is_encrypted_ole(data) else "doc"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith((b"II*\x00", b"MM\x00*")):
        return "tiff"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if head.startswith(b"BM"):
        return "bmp"
    if head[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return "rtf"
    text = _decode_text(data)
    if text is not None:
        start = text[:2000].lstrip().lower()
        if start.startswith(("<!doctype html", "<html")) or (start.startswith("<?xml") and "<html" in start):
            return "html"  # also what some systems hand out as ".doc"
        if start.startswith("mime-version:"):
            return "mht"
        return "text"
    return "binary"


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        # A zip that does not open: call it .docx when it says so (the error is then "corrupt").
        return "docx" if b"word/document.xml" in data or b"word/" in data[:4096] else "zip"
    return zip_kind(names)


def _unsupported_message(kind: str) -> str:
    what = {
        "doc": "a legacy Word (.doc) or other OLE Office file; save it as .docx or PDF",
        "xlsx": "a spreadsheet (.xlsx)", "pptx": "a presentation (.pptx)",
        "odf": "an OpenDocument file; save it as .docx or PDF",
        "zip": "a zip archive", "rtf": "an RTF file; save it as .docx or PDF",
        "gif": "a GIF image", "bmp": "a BMP image", "webp": "a WebP image",
        "html": "a web page (HTML, sometimes named .doc); open it in Word and save it as .docx",
        "mht": "a web archive (MHT); open it in Word and save it as .docx",
        "binary": "not a document Loa can read",
    }.get(kind, f"a {kind} file")
    return (f"Unsupported file type: {what}. Loa reads .docx, PDF, PNG/JPEG/TIFF images and "
            f"UTF-8 or UTF-16 text.")


# ---------------------------------------------------------------------------------------------
# Plain text


def _decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM) or UTF-16 with a BOM; None for anything else (binary, legacy
    8-bit encodings)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            return None
    # Control characters other than white space mean binary data.
    controls = sum(1 for c in text[:65536] if c < " " and c not in "\t\n\r\f\v")
    if controls > max(2, len(text[:65536]) // 1000):
        return None
    return text


def _read_text(data: bytes, *, max_pages: int, progress: Progress | None) -> SourceDocument:
    text = _decode_text(data)
    if text is None:  # pragma: no cover - detect_kind decoded it already
        raise DocumentError("The text is not UTF-8 or UTF-16.", code="unsupported", kind="binary")
    chunks = text.split("\f")  # form feed: a new page, as pdftotext writes
    while len(chunks) > 1 and not chunks[-1].strip():
        chunks.pop()
    if len(chunks) > max_pages:
        raise _too_many_pages(len(chunks), max_pages)
    doc = SourceDocument(kind="text")
    for n, chunk in enumerate(chunks, 1):
        page = Page(number=n)
        for raw in chunk.splitlines():
            if raw.strip():
                page.lines.append(Line(text=raw, page=n, number=len(page.lines) + 1))
        doc.pages.append(page)
        _report(progress, n, len(chunks), "text")
    return doc


# ---------------------------------------------------------------------------------------------
# Shared steps


def _too_many_pages(pages: int, limit: int) -> DocumentError:
    return DocumentError(f"The document has {pages} pages; at most {limit} can be imported.",
                         code="too_many_pages", pages=pages, limit=limit)


def _report(progress: Progress | None, done: int, total: int, message: str) -> None:
    if progress is not None:
        progress(done, total, message)


#: needs_repair() means little on a handful of words ("hai ba" has no marks at all): a page with
#: fewer words is judged with the whole document, and a document with fewer is left alone.
REPAIR_MIN_WORDS = 20
#: Repair decodes about 2,000 syllables a second: more text than this is kept as read (with a
#: warning) rather than tying a worker up for minutes.
REPAIR_MAX_CHARS = 300_000
_WORDS = re.compile(r"[^\W\d_]{2,}")


def _finish(doc: SourceDocument, repair: bool, progress: Progress | None = None) -> None:
    """Convert legacy TCVN3 text, normalise every line, renumber the lines, then repair the
    pages that need it."""
    from loa.vitext import is_tcvn3, needs_repair, normalize, tcvn3_to_unicode

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
    if not repair:
        return
    whole = doc.text
    if len(_WORDS.findall(whole)) < REPAIR_MIN_WORDS:
        return
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
    if not todo:
        return
    size = sum(len(line.text) for page in todo for line in page.lines)
    if size > REPAIR_MAX_CHARS:
        doc.warnings.append(f"The text looks damaged (OCR'd with the wrong language?) but is too "
                            f"long to repair ({size:,} characters, limit {REPAIR_MAX_CHARS:,}); "
                            f"it is kept as read.")
        return
    import loa.vitext

    _report(progress, len(doc.pages), len(doc.pages), "repairing damaged text")
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


# ---------------------------------------------------------------------------------------------
# Geometry shared by PDF text layers and OCR: rows, columns, page furniture

#: A gap wider than this many times the font size splits a row into two segments (the two
#: columns of a Decree 30 header sit about two font sizes apart; a justified body line's widest
#: space is well under one).
COLUMN_GAP = 1.6
_PAGE_NUMBER = re.compile(r"^[-–—\s]*(?:(?:trang|page)\s*)?\d{1,4}(?:\s*/\s*\d{1,4})?[-–—\s]*$", re.I)


def _rows(words: list[dict]) -> list[list[dict]]:
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


def _segments(row: list[dict]) -> list[list[dict]]:
    """A row's words split where the gap is wider than COLUMN_GAP font sizes."""
    segs = [[row[0]]]
    for prev, w in zip(row, row[1:]):
        size = max(prev.get("size") or 0, w.get("size") or 0) or (w["bottom"] - w["top"])
        if w["x0"] - prev["x1"] > COLUMN_GAP * size:
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def _box(seg: list[dict]) -> tuple[float, float, float, float]:
    return (min(w["x0"] for w in seg), min(w["top"] for w in seg),
            max(w["x1"] for w in seg), max(w["bottom"] for w in seg))


def _reading_order(rows: list[list[list[dict]]]) -> list[list[dict]]:
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

    def close():
        split = (lo + hi) / 2
        out.extend(s for segs in region for s in segs if _box(s)[2] <= split)
        out.extend(s for segs in region for s in segs if _box(s)[2] > split)
        region.clear()

    for segs in rows:
        if region and len(segs) <= 2:
            a, b = lo, hi
            for seg in segs:
                x0, _, x1, _ = _box(seg)
                if x1 <= b and (len(segs) == 1 or seg is segs[0]):
                    a = max(a, x1)
                elif x0 >= a:
                    b = min(b, x0)
                else:
                    a, b = 1.0, 0.0
            if a <= b:
                region.append(segs)
                lo, hi = a, b
                continue
        if region:
            close()
        if len(segs) == 2:
            lo, hi = _box(segs[0])[2], _box(segs[1])[0]
            region.append(segs)
        elif len(segs) >= 3:  # a table row: one line, cells joined by " | " as in .docx
            joined = list(segs[0])
            for seg in segs[1:]:
                prev = joined[-1]
                joined.append({"text": "|", "x0": prev["x1"], "x1": prev["x1"],
                               "top": prev["top"], "bottom": prev["bottom"]})
                joined.extend(seg)
            out.append(joined)
        else:
            out.extend(segs)
    if region:
        close()
    return out


def _page_lines(rows: list[list[dict]], width: float, height: float, number: int) -> list[Line]:
    """The lines of a page from its rows of words: split into column segments, in reading
    order, bbox as fractions of the page; page numbers in the top or bottom margin are left out."""
    lines = []
    for seg in _reading_order([_segments(row) for row in rows if row]):
        text = " ".join(w["text"] for w in seg).strip()
        x0, y0, x1, y1 = _box(seg)
        bbox = (_frac(x0, width), _frac(y0, height), _frac(x1, width), _frac(y1, height))
        if _PAGE_NUMBER.match(text) and (bbox[3] < 0.1 or bbox[1] > 0.9):
            continue
        conf = [w["conf"] for w in seg if w.get("conf") is not None]
        lines.append(Line(text=text, page=number, number=len(lines) + 1, bbox=bbox,
                          confidence=round(sum(conf) / len(conf), 1) if conf else None))
    return lines


def _merge_rows(lines: list[list[dict]]) -> list[list[dict]]:
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


def _frac(v: float, total: float) -> float:
    return round(min(1.0, max(0.0, v / total)), 5) if total else 0.0


# ---------------------------------------------------------------------------------------------
# PDF

#: A page with fewer visible characters than this in its text layer is OCR'd.
MIN_TEXT_CHARS = 20
OCR_DPI = 300
#: The most pixels a page is rendered or an image read with (A4 at 300 dpi is 8.7 million).
MAX_PIXELS = 50_000_000


#: The most bytes one PDF stream may inflate to (a page's content, a font, an image: an A4 page
#: scanned in colour at 600 dpi is about 100 MB). pdfminer inflates streams whole, in memory.
PDF_MAX_STREAM = 256 * 2**20
_STREAM = re.compile(rb"stream\r?\n")
#: compressed bytes × inflated bytes of a damaged stream above which the PDF is refused
PDF_MAX_DAMAGED_WORK = 2 * 10**9


def _check_pdf_streams(data: bytes) -> None:
    """Refuse a PDF with a stream that inflates past :data:`PDF_MAX_STREAM` (a "PDF bomb"),
    before a parser inflates it. Every stream is in the file as ``stream … endstream`` (object
    streams cannot hold streams); each zlib one is inflated in bounded steps and thrown away."""
    import zlib

    for m in _STREAM.finditer(data):
        if data[max(0, m.start() - 3):m.start()] == b"end":
            continue
        start = m.end()
        if data[start:start + 1] not in (b"\x78", b"\x08", b"\x18", b"\x28", b"\x38", b"\x48",
                                         b"\x58", b"\x68"):
            continue  # not a zlib stream (images in DCT, encrypted data, …)
        end = data.find(b"endstream", start)
        inflater = zlib.decompressobj()
        pending = memoryview(data)[start:end if end != -1 else len(data)]
        size = len(pending)
        total = 0
        try:
            while pending:
                total += len(inflater.decompress(pending, 2**24))
                if total > PDF_MAX_STREAM:
                    raise DocumentError(f"The PDF holds a stream that unpacks to more than "
                                        f"{_size(PDF_MAX_STREAM)}; it may be a decompression bomb.",
                                        code="too_large", limit=PDF_MAX_STREAM)
                if inflater.eof:
                    break
                pending = inflater.unconsumed_tail
        except zlib.error:
            # pdfminer reads a damaged zlib stream again one byte at a time, growing its output
            # by concatenation: quadratic work, minutes for a few MB.
            if size * total > PDF_MAX_DAMAGED_WORK:
                raise DocumentError("The PDF holds a large damaged compressed stream.",
                                    code="corrupt") from None
            continue


def _read_pdf(data: bytes, *, max_pages: int, progress: Progress | None) -> SourceDocument:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError("The PDF is password-protected; remove the password and try again.",
                                code="encrypted") from exc
        raise DocumentError(f"The PDF is damaged and cannot be read ({exc}).", code="corrupt") from exc
    try:
        total = len(pdf)
        if total == 0:
            raise DocumentError("The PDF has no pages.", code="empty")
        if total > max_pages:
            raise _too_many_pages(total, max_pages)
        _check_pdf_streams(data)
        return _read_pdf_pages(data, pdf, total, progress)
    finally:
        pdf.close()


def _read_pdf_pages(data, pdf, total: int, progress: Progress | None) -> SourceDocument:
    import pdfplumber

    doc = SourceDocument(kind="pdf")
    try:
        plumber = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken files
        if "password" in type(exc).__name__.lower() or "encrypt" in str(exc).lower():
            raise DocumentError("The PDF is encrypted and cannot be read.", code="encrypted") from exc
        plumber = None
        doc.warnings.append(f"The PDF's text layer cannot be read ({type(exc).__name__}); "
                            f"its pages are read by OCR.")
    try:
        for n in range(1, total + 1):
            page, dpi = _pdf_text_page(plumber, n, doc) if plumber is not None else (None, OCR_DPI)
            if page is None:
                try:
                    page = _pdf_ocr_page(pdf, n, doc, dpi)
                except DocumentError:
                    raise
                except Exception as exc:  # noqa: BLE001 - PDFium cannot load or draw this page
                    doc.warnings.append(f"Page {n} cannot be read ({type(exc).__name__}: {exc}).")
                    page = Page(number=n)
            doc.pages.append(page)
            _report(progress, n, total, f"page {n}" + (" (OCR)" if page.ocr else ""))
    finally:
        if plumber is not None:
            plumber.close()
    if any(page.ocr for page in doc.pages):
        doc.kind = "pdf-scan"
    return doc


def _pdf_text_page(plumber, n: int, doc: SourceDocument) -> tuple[Page | None, int]:
    """Page ``n`` from its text layer, or None and the resolution to render it at when it has
    (almost) no text and needs OCR: the scan's own resolution (150–300 dpi) when the page is a
    picture, else :data:`OCR_DPI`."""
    try:
        p = plumber.pages[n - 1]
        words = p.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False,
                                use_text_flow=False, extra_attrs=["size"])
        width, height = float(p.width), float(p.height)
        # pdfplumber's coordinates start at the (cropped) page box's origin
        x_off, y_off = float(p.bbox[0]), float(p.bbox[1])
        text = "".join(w["text"] for w in words)
        visible = sum(1 for c in text if not c.isspace()) - 6 * text.count("(cid:")
        # (almost) no text layer over a picture, or none at all: OCR (a blank page costs a render)
        if visible < MIN_TEXT_CHARS and (visible <= 0 or p.images):
            return None, _scan_dpi(p.images)
    except Exception as exc:  # noqa: BLE001 - a broken content stream: try OCR instead
        doc.warnings.append(f"Page {n}: the text layer cannot be read ({type(exc).__name__}).")
        return None, OCR_DPI
    words = [w for w in words if "(cid:" not in w["text"]]
    for w in words:
        w["x0"] -= x_off
        w["x1"] -= x_off
        w["top"] -= y_off
        w["bottom"] -= y_off
    return Page(number=n, lines=_page_lines(_rows(words), width, height, n), width=width,
                height=height), 0


def _scan_dpi(images: list[dict]) -> int:
    """The resolution of the largest picture on a page (pixels per inch as placed), within
    150–300 dpi: rendering a 200 dpi scan at 300 dpi only makes OCR slower."""
    best = None
    for im in images:
        try:
            w_pt = float(im["x1"]) - float(im["x0"])
            px = float(im["srcsize"][0])
        except (KeyError, TypeError, ValueError, IndexError):
            continue
        if w_pt > 72 and px > 0 and (best is None or w_pt > best[0]):
            best = (w_pt, px / (w_pt / 72))
    if best is None:
        return OCR_DPI
    return int(round(min(OCR_DPI, max(150, best[1]))))


def _render_pdf_page(pdf, n: int, dpi: int):
    """Page ``n`` of an open PDF as an 8-bit grey image at ``dpi`` (less when that would pass
    :data:`MAX_PIXELS`). Returns (image, dpi used, width and height in points)."""
    page = pdf[n - 1]
    try:
        width, height = page.get_size()
        scale = dpi / 72
        if width * height * scale * scale > MAX_PIXELS:
            scale = (MAX_PIXELS / (width * height)) ** 0.5
        image = page.render(scale=scale, grayscale=True).to_pil().convert("L")
    finally:
        page.close()
    return image, round(scale * 72), width, height


def _pdf_ocr_page(pdf, n: int, doc: SourceDocument, dpi: int = OCR_DPI) -> Page:
    image, used_dpi, width, height = _render_pdf_page(pdf, n, dpi)
    lines = _ocr_image_lines(image, used_dpi, n, doc)
    return Page(number=n, lines=lines, width=width, height=height, ocr=True)


# ---------------------------------------------------------------------------------------------
# OCR of a page image


def _ocr_image_lines(image, dpi: int, n: int, doc: SourceDocument) -> list[Line]:
    from PIL import ImageStat

    from .ocr import ocr_lines

    lo, hi = image.getextrema()
    if hi - lo < 40 or ImageStat.Stat(image).stddev[0] < 2:  # a blank page: nothing to read
        return []
    try:
        found = ocr_lines(image, dpi=dpi)
    except RuntimeError as exc:
        doc.warnings.append(f"Page {n}: OCR failed ({exc}).")
        return []
    kept = []
    for words in found:
        conf = sum(w["conf"] for w in words) / len(words)
        if conf >= MIN_OCR_CONFIDENCE and any(c.isalnum() for w in words for c in w["text"]):
            for w in words:
                w["size"] = w["bottom"] - w["top"]
            kept.append(words)
    width, height = image.size
    return _page_lines(_merge_rows(kept), width, height, n)


#: OCR lines with a lower mean word confidence are noise (specks, pictures, stamps).
MIN_OCR_CONFIDENCE = 30.0


# ---------------------------------------------------------------------------------------------
# Images (PNG, JPEG, TIFF; a multi-page TIFF is one page per frame)


def _read_image(data: bytes, *, max_pages: int, progress: Progress | None) -> SourceDocument:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Pillow on damaged EXIF/TIFF tags
        return _read_image_frames(data, max_pages=max_pages, progress=progress)


def _read_image_frames(data: bytes, *, max_pages: int, progress: Progress | None) -> SourceDocument:
    from .ocr import check_tesseract

    image = _open_image(data)
    frames = getattr(image, "n_frames", 1)
    if frames > max_pages:
        raise _too_many_pages(frames, max_pages)
    check_tesseract()
    doc = SourceDocument(kind="image")
    for n in range(1, frames + 1):
        try:
            image.seek(n - 1)
            w, h = image.size
            if w * h > MAX_PIXELS:
                raise DocumentError(f"The image has {w}×{h} pixels, more than the limit of "
                                    f"{MAX_PIXELS:,}.", code="too_large", limit=MAX_PIXELS)
            dpi = _image_dpi(image)
            gray = _frame_gray(image, n)
        except DocumentError:
            raise
        except (OSError, ValueError, SyntaxError, EOFError) as exc:
            raise DocumentError(f"The image is damaged and cannot be read ({exc}).", code="corrupt") from exc
        gray, dpi = _scale_for_ocr(gray, dpi)
        lines = _ocr_image_lines(gray, dpi, n, doc)
        doc.pages.append(Page(number=n, lines=lines, width=float(w), height=float(h), ocr=True))
        _report(progress, n, frames, f"page {n} (OCR)")
    return doc


def _open_image(data: bytes):
    """The image file ``data``, opened (not decoded), refused when a decompression bomb."""
    import warnings

    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            getattr(image, "n_frames", 1)
            return image
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise DocumentError("The image has too many pixels.", code="too_large", limit=MAX_PIXELS) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise DocumentError(f"The image is damaged and cannot be read ({exc}).", code="corrupt") from exc


def _frame_gray(image, n: int):
    """Frame ``n`` (1-based, already seeked to) as 8-bit grey: the first one turned upright by
    its EXIF orientation, transparency laid on white."""
    from PIL import Image, ImageOps

    frame = ImageOps.exif_transpose(image) if n == 1 else image
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        background = Image.new("RGBA", frame.size, "white")
        frame = Image.alpha_composite(background, frame.convert("RGBA"))
    return _to_gray(frame)


def page_image(data: bytes, number: int, dpi: int = OCR_DPI):
    """Page ``number`` (1-based) of a PDF or image file as an 8-bit grey PIL image — what the
    OCR reads, for showing beside what was read. A PDF page is rendered at ``dpi``; both stay
    within :data:`MAX_PIXELS`. Raises DocumentError (or IndexError/EOFError for a page that is
    not there)."""
    if data.startswith(b"%PDF"):
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            if not 1 <= number <= len(pdf):
                raise IndexError(number)
            return _render_pdf_page(pdf, number, dpi)[0]
        finally:
            pdf.close()
    image = _open_image(data)
    image.seek(number - 1)
    w, h = image.size
    if w * h > MAX_PIXELS:
        raise DocumentError("The image has too many pixels.", code="too_large", limit=MAX_PIXELS)
    return _frame_gray(image, number)


def _to_gray(image):
    """8-bit grey; 16-bit and 32-bit grey are scaled (Pillow's conversion would clip them)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        import numpy as np
        from PIL import Image

        arr = np.asarray(image, dtype=np.float64)
        lo, hi = float(arr.min()), float(arr.max())
        arr = (arr - lo) * (255.0 / (hi - lo)) if hi > lo else np.full(arr.shape, 255.0)
        return Image.fromarray(arr.astype(np.uint8), "L")
    return image.convert("L")


def _image_dpi(image) -> float:
    """The image's resolution when it states a plausible one, else the one that makes it an A4
    page wide (a phone photo or a screenshot of a page)."""
    dpi = image.info.get("dpi")
    try:
        value = float(dpi[0]) if dpi else 0.0
    except (TypeError, ValueError, IndexError):
        value = 0.0
    if 70 <= value <= 1200:
        return value
    return min(600.0, max(70.0, min(image.size) / 8.27))


def _scale_for_ocr(gray, dpi: float):
    """Tesseract reads best at about 300 dpi: shrink finer images (faster), enlarge coarse ones."""
    from PIL import Image

    target = None
    if dpi > 400:
        target = 300
    elif dpi < 150:
        target = 250
    if target:
        f = target / dpi
        w, h = gray.size
        if w * h * f * f <= MAX_PIXELS:
            gray = gray.resize((max(1, round(w * f)), max(1, round(h * f))), Image.LANCZOS)
            dpi = target
    return gray, int(round(dpi))


# ---------------------------------------------------------------------------------------------
# .docx

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(tag: str) -> str:
    return f"{{{_W}}}{tag}"


def _read_docx(data: bytes, *, max_pages: int, progress: Progress | None) -> SourceDocument:
    check_zip(data, DOCX_LIMITS, label=".docx")
    try:
        stated = _docx_stated_pages(data)
        if stated and stated > max_pages:
            raise _too_many_pages(stated, max_pages)
        import docx

        try:
            document = docx.Document(io.BytesIO(data))
            body = document.element.body
            numbering = _Numbering(document)
        except Exception as exc:  # python-docx, lxml and zipfile raise many types for broken files
            raise DocumentError(f"The .docx file is damaged and cannot be read "
                                f"({type(exc).__name__}: {exc}).", code="corrupt") from exc
        builder = _DocxLines(numbering)
        builder.blocks(body)
    except zipfile.BadZipFile as exc:
        raise DocumentError(f"The .docx file is damaged and cannot be read ({exc}).", code="corrupt") from exc
    pages = builder.pages
    while len(pages) > 1 and not pages[-1]:
        pages.pop()
    if len(pages) > max_pages:
        raise _too_many_pages(len(pages), max_pages)
    doc = SourceDocument(kind="docx")
    for n, texts in enumerate(pages, 1):
        doc.pages.append(Page(number=n, lines=[Line(text=t, page=n, number=k)
                                               for k, t in enumerate(texts, 1)]))
        _report(progress, n, len(pages), f"page {n}")
    return doc


def _docx_stated_pages(data: bytes) -> int | None:
    """The page count Word wrote into docProps/app.xml (at the last save), if any (read from a
    zip :func:`~loa.documents.container.check_zip` verified)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            xml = z.read("docProps/app.xml")[:200_000].decode("utf-8", "replace")
    except (KeyError, zipfile.BadZipFile, OSError, ValueError):
        return None
    m = re.search(r"<(?:\w+:)?Pages>\s*(\d+)\s*</", xml)
    return int(m.group(1)) if m else None


class _Numbering:
    """Automatic numbering of paragraphs (numbering.xml): the label Word would show before a
    numbered paragraph ("1.", "6.1.", "a)", "II."; bullets as "-"), counted in document order."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}  # abstractNumId -> ilvl -> format
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}  # numId -> (abstractNumId, overrides)
        self.counters: dict[str, dict[int, int]] = {}
        self.started: set[str] = set()
        self.style_num: dict[str, tuple[str, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            root = None
        if root is not None:
            for abstract in root.findall(_w("abstractNum")):
                levels = {}
                for lvl in abstract.findall(_w("lvl")):
                    levels[_int(lvl.get(_w("ilvl")), 0)] = {
                        "start": _int(_val(lvl, "start"), 1),
                        "fmt": _val(lvl, "numFmt") or "decimal",
                        "text": _val(lvl, "lvlText") or "",
                    }
                self.levels[abstract.get(_w("abstractNumId"))] = levels
            for num in root.findall(_w("num")):
                overrides = {}
                for override in num.findall(_w("lvlOverride")):
                    start = _val(override, "startOverride")
                    if start is not None:
                        overrides[_int(override.get(_w("ilvl")), 0)] = _int(start, 1)
                self.nums[num.get(_w("numId"))] = (_val(num, "abstractNumId"), overrides)
        try:
            styles = document.styles.element
        except (KeyError, AttributeError):
            styles = None
        if styles is not None:
            based, own = {}, {}
            for style in styles.findall(_w("style")):
                sid = style.get(_w("styleId"))
                based[sid] = _val(style, "basedOn")
                numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
                if numpr is not None and _val(numpr, "numId"):
                    own[sid] = (_val(numpr, "numId"), _int(_val(numpr, "ilvl"), 0))
            for sid in based:
                cur, seen = sid, set()
                while cur and cur not in own and cur not in seen:
                    seen.add(cur)
                    cur = based.get(cur)
                if cur in own:
                    self.style_num[sid] = own[cur]

    def label(self, p) -> str:
        ppr = p.find(_w("pPr"))
        if ppr is None:
            return ""
        numpr = ppr.find(_w("numPr"))
        num_id, ilvl = None, 0
        style = _val(ppr, "pStyle")
        if style in self.style_num:
            num_id, ilvl = self.style_num[style]
        if numpr is not None:
            num_id = _val(numpr, "numId") or num_id
            ilvl = _int(_val(numpr, "ilvl"), ilvl)
        if not num_id or num_id == "0" or num_id not in self.nums:
            return ""
        abstract, overrides = self.nums[num_id]
        levels = self.levels.get(abstract)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(abstract, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl]["start"] - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt = levels[ilvl]["fmt"]
        if fmt == "bullet":
            text = levels[ilvl]["text"]
            return text if text in ("-", "+", "–", "*", "•") else "-"
        if fmt == "none":
            return ""

        def value(match: re.Match) -> str:
            k = int(match.group(1)) - 1
            level = levels.get(k, {"start": 1, "fmt": "decimal"})
            n = counters.get(k, level["start"])
            return _format_number(n, level["fmt"])

        return re.sub(r"%(\d)", value, levels[ilvl]["text"]).strip()


def _val(el, tag: str) -> str | None:
    child = el.find(_w(tag))
    return None if child is None else child.get(_w("val"))


def _int(value, default: int) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        s = ""
        while n > 0:
            n, r = divmod(n - 1, 26)
            s = chr(97 + r) + s
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman"):
        s = _roman(n)
        return s.lower() if fmt == "lowerRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out


class _DocxLines:
    """Walks a document body: paragraphs and tables in order; a new page at explicit page breaks
    (w:br type="page", pageBreakBefore, a section break that is not continuous)."""

    def __init__(self, numbering: _Numbering | None = None):
        self.numbering = numbering
        self.pages: list[list[str]] = [[]]
        self.current: list[str] = []  # text of the paragraph being read

    def new_page(self):
        self.flush()
        if self.pages[-1]:
            self.pages.append([])

    def flush(self):
        text = "".join(self.current)
        self.current = []
        for part in text.split("\n"):
            if part.strip():
                self.pages[-1].append(part)

    def blocks(self, parent):
        for child in parent:
            tag = child.tag
            if tag == _w("p"):
                self.paragraph(child)
            elif tag == _w("tbl"):
                self.table(child)
            elif tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self.blocks(content)
            elif tag in (_w("customXml"), _w("ins"), _w("smartTag")):
                self.blocks(child)

    def paragraph(self, p):
        ppr = p.find(_w("pPr"))
        if ppr is not None:
            before = ppr.find(_w("pageBreakBefore"))
            if before is not None and before.get(_w("val"), "true") not in ("0", "false", "off"):
                self.new_page()
        boxes = []
        label = self.numbering.label(p) if self.numbering is not None else ""
        if label:
            self.current.append(label + " ")
        start = len(self.current)
        self.inline(p, boxes)
        if label and not "".join(self.current[start:]).strip() and start == 1:
            self.current = []  # an empty numbered paragraph: no line
        self.flush()
        for box in boxes:  # text boxes (a header drawn in a frame): after the paragraph
            self.blocks(box)
        if ppr is not None:
            sect = ppr.find(_w("sectPr"))
            if sect is not None:
                kind = sect.find(_w("type"))
                if kind is None or kind.get(_w("val")) not in ("continuous",):
                    self.new_page()

    def inline(self, el, boxes):
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):  # comments, processing instructions
                continue
            if tag == _w("t"):
                self.current.append(child.text or "")
            elif tag == _w("tab") and el.tag == _w("r"):
                self.current.append("\t")
            elif tag == _w("br"):
                if child.get(_w("type")) == "page":
                    self.new_page()
                else:
                    self.current.append("\n")
            elif tag == _w("cr"):
                self.current.append("\n")
            elif tag == _w("noBreakHyphen"):
                self.current.append("-")
            elif tag == _w("txbxContent"):
                boxes.append(child)
            elif tag == f"{{{_MC}}}Fallback" or tag in (_w("pPr"), _w("rPr"), _w("del"),
                                                          _w("instrText"), _w("delText")):
                continue
            else:
                self.inline(child, boxes)

    def table(self, tbl):
        rows = []
        for tr in tbl.iter(_w("tr")):
            if _ancestor_table(tr) is not tbl:
                continue
            cells = []
            for tc in tr.findall(_w("tc")):
                vmerge = tc.find(f"{_w('tcPr')}/{_w('vMerge')}")
                if vmerge is not None and vmerge.get(_w("val"), "continue") == "continue":
                    continue  # the continuation of a vertically merged cell: empty
                cells.append(tc)
            rows.append(cells)
        columns = max((len(r) for r in rows), default=0)
        if columns <= 2 and len(rows) <= 8:
            # a layout table (Decree 30 header, "Nơi nhận:" beside the signature): left column
            # top to bottom, then the right column
            for c in range(columns):
                for cells in rows:
                    if c < len(cells):
                        self.blocks(cells[c])
            return
        for cells in rows:  # a data table: one line a row, cells joined by " | "
            texts = []
            for tc in cells:
                sub = _DocxLines(self.numbering)
                sub.blocks(tc)
                texts.append(" ".join(t for page in sub.pages for t in page))
            self.flush()
            if any(t.strip() for t in texts):
                self.pages[-1].append(" | ".join(t.strip() for t in texts))


def _ancestor_table(el):
    parent = el.getparent()
    while parent is not None and parent.tag != _w("tbl"):
        parent = parent.getparent()
    return parent


# ---------------------------------------------------------------------------------------------
# Legacy and encrypted Office files


def _read_encrypted_ooxml(data: bytes, *, max_pages: int, progress: Progress | None) -> SourceDocument:
    raise DocumentError("The Office document is password-protected; remove the password and "
                        "save it again as .docx.", code="encrypted")


_READERS = {
    "text": _read_text,
    "pdf": _read_pdf,
    "docx": _read_docx,
    "png": _read_image,
    "jpeg": _read_image,
    "tiff": _read_image,
    "encrypted-ooxml": _read_encrypted_ooxml,
}
