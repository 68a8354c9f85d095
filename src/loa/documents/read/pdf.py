"""PDF: the text layer (pdfplumber) laid out in reading order (:mod:`.geometry`), and the pages
without one rendered (PDFium) and OCR'd. No Django import.

* The page count (PDFium) is checked against ``max_pages`` before anything else, then every
  zlib stream is inflated in bounded steps (:data:`PDF_MAX_STREAM`, damaged streams) before
  pdfminer sees them.
* Words from pdfplumber are grouped into rows, rows split at gaps wider than
  :data:`~.geometry.COLUMN_GAP` font sizes, two-column regions read left column first, table
  rows joined by " | "; page numbers in the top/bottom tenth of the page dropped.
* A page with fewer than :data:`MIN_TEXT_CHARS` characters over a picture (or none at all) is
  rendered at the scan's own resolution (150–300 dpi) and OCR'd: ``kind`` "pdf-scan",
  ``Page.ocr``.
"""

from __future__ import annotations

import io
import re
import zlib

from ..model import DocumentError, Page, SourceDocument
from .base import Progress, report, size_text, too_many_pages
from .geometry import group_rows, page_lines
from .images import MAX_PIXELS, ocr_page_lines

__all__ = ["MIN_TEXT_CHARS", "OCR_DPI", "PDF_MAX_DAMAGED_WORK", "PDF_MAX_STREAM",
           "check_pdf_streams", "read_pdf", "render_page"]

#: A page with fewer visible characters than this in its text layer is OCR'd.
MIN_TEXT_CHARS = 20
OCR_DPI = 300
#: The most bytes one PDF stream may inflate to (a page's content, a font, an image: an A4 page
#: scanned in colour at 600 dpi is about 100 MB). pdfminer inflates streams whole, in memory.
PDF_MAX_STREAM = 256 * 2**20
_STREAM = re.compile(rb"stream\r?\n")
#: compressed bytes × inflated bytes of a damaged stream above which the PDF is refused
PDF_MAX_DAMAGED_WORK = 2 * 10**9
_ZLIB_HEADERS = (b"\x78", b"\x08", b"\x18", b"\x28", b"\x38", b"\x48", b"\x58", b"\x68")


def read_pdf(data: bytes, *, max_pages: int, progress: Progress | None) -> SourceDocument:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise DocumentError("The PDF is password-protected; remove the password and try "
                                "again.", code="encrypted") from exc
        raise DocumentError(f"The PDF is damaged and cannot be read ({exc}).",
                            code="corrupt") from exc
    try:
        total = len(pdf)
        if total == 0:
            raise DocumentError("The PDF has no pages.", code="empty")
        if total > max_pages:
            raise too_many_pages(total, max_pages)
        check_pdf_streams(data)
        return _read_pages(data, pdf, total, progress)
    finally:
        pdf.close()


def check_pdf_streams(data: bytes) -> None:
    """Refuse a PDF with a stream that inflates past :data:`PDF_MAX_STREAM` (a "PDF bomb"),
    before a parser inflates it. Every stream is in the file as ``stream … endstream`` (object
    streams cannot hold streams); each zlib one is inflated in bounded steps and thrown away."""
    for m in _STREAM.finditer(data):
        if data[max(0, m.start() - 3):m.start()] == b"end":
            continue
        start = m.end()
        if data[start:start + 1] not in _ZLIB_HEADERS:
            continue  # not a zlib stream (images in DCT, encrypted data, …)
        end = data.find(b"endstream", start)
        _check_stream(memoryview(data)[start:end if end != -1 else len(data)])


def _check_stream(pending: memoryview) -> None:
    inflater = zlib.decompressobj()
    size = len(pending)
    total = 0
    try:
        while pending:
            total += len(inflater.decompress(pending, 2**24))
            if total > PDF_MAX_STREAM:
                raise DocumentError(f"The PDF holds a stream that unpacks to more than "
                                    f"{size_text(PDF_MAX_STREAM)}; it may be a decompression "
                                    f"bomb.", code="too_large", limit=PDF_MAX_STREAM)
            if inflater.eof:
                break
            pending = inflater.unconsumed_tail
    except zlib.error:
        # pdfminer reads a damaged zlib stream again one byte at a time, growing its output
        # by concatenation: quadratic work, minutes for a few MB.
        if size * total > PDF_MAX_DAMAGED_WORK:
            raise DocumentError("The PDF holds a large damaged compressed stream.",
                                code="corrupt") from None


def _read_pages(data, pdf, total: int, progress: Progress | None) -> SourceDocument:
    import pdfplumber

    doc = SourceDocument(kind="pdf")
    try:
        plumber = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many types for broken files
        if "password" in type(exc).__name__.lower() or "encrypt" in str(exc).lower():
            raise DocumentError("The PDF is encrypted and cannot be read.",
                                code="encrypted") from exc
        plumber = None
        doc.warnings.append(f"The PDF's text layer cannot be read ({type(exc).__name__}); "
                            f"its pages are read by OCR.")
    try:
        for n in range(1, total + 1):
            page = _read_page(plumber, pdf, n, doc)
            doc.pages.append(page)
            report(progress, n, total, f"page {n}" + (" (OCR)" if page.ocr else ""))
    finally:
        if plumber is not None:
            plumber.close()
    if any(page.ocr for page in doc.pages):
        doc.kind = "pdf-scan"
    return doc


def _read_page(plumber, pdf, n: int, doc: SourceDocument) -> Page:
    """Page ``n`` from its text layer, else by OCR; an empty page when PDFium cannot draw it."""
    page, dpi = _text_page(plumber, n, doc) if plumber is not None else (None, OCR_DPI)
    if page is not None:
        return page
    try:
        return _ocr_page(pdf, n, doc, dpi)
    except DocumentError:
        raise
    except Exception as exc:  # noqa: BLE001 - PDFium cannot load or draw this page
        doc.warnings.append(f"Page {n} cannot be read ({type(exc).__name__}: {exc}).")
        return Page(number=n)


def _text_page(plumber, n: int, doc: SourceDocument) -> tuple[Page | None, int]:
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
    return Page(number=n, lines=page_lines(group_rows(words), width, height, n), width=width,
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


def render_page(pdf, n: int, dpi: int):
    """Page ``n`` of an open PDF as an 8-bit grey image at ``dpi`` (less when that would pass
    :data:`~.images.MAX_PIXELS`). Returns (image, dpi used, width and height in points)."""
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


def _ocr_page(pdf, n: int, doc: SourceDocument, dpi: int = OCR_DPI) -> Page:
    image, used_dpi, width, height = render_page(pdf, n, dpi)
    lines = ocr_page_lines(image, used_dpi, n, doc)
    return Page(number=n, lines=lines, width=width, height=height, ocr=True)
