"""Images (PNG, JPEG, TIFF; each TIFF frame a page) and the OCR of a page image. No Django
import.

An image is opened with Pillow's decompression-bomb guard and at most :data:`MAX_PIXELS`
pixels, turned upright by its EXIF orientation, laid on white when transparent, made 8-bit grey
and scaled towards 300 dpi; a blank page is skipped without OCR. :func:`ocr_page_lines` runs
Tesseract (:mod:`.tesseract`) on a page image — an image file's frame or a rendered PDF page —
and keeps the lines with a mean word confidence of at least :data:`MIN_OCR_CONFIDENCE`.
"""

from __future__ import annotations

import io

from ..model import DocumentError, Line, Page, SourceDocument
from .base import Progress, report, too_many_pages
from .geometry import merge_rows, page_lines

__all__ = ["MAX_PIXELS", "MIN_OCR_CONFIDENCE", "frame_gray", "ocr_page_lines", "open_image",
           "read_image"]

#: The most pixels a page is rendered or an image read with (A4 at 300 dpi is 8.7 million).
MAX_PIXELS = 50_000_000
#: OCR lines with a lower mean word confidence are noise (specks, pictures, stamps).
MIN_OCR_CONFIDENCE = 30.0


def read_image(data: bytes, *, max_pages: int, progress: Progress | None) -> SourceDocument:
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # Pillow on damaged EXIF/TIFF tags
        return _read_frames(data, max_pages=max_pages, progress=progress)


def _read_frames(data: bytes, *, max_pages: int, progress: Progress | None) -> SourceDocument:
    from .tesseract import check_tesseract

    image = open_image(data)
    frames = getattr(image, "n_frames", 1)
    if frames > max_pages:
        raise too_many_pages(frames, max_pages)
    check_tesseract()
    doc = SourceDocument(kind="image")
    for n in range(1, frames + 1):
        gray, dpi, (w, h) = _frame(image, n)
        gray, dpi = _scale_for_ocr(gray, dpi)
        lines = ocr_page_lines(gray, dpi, n, doc)
        doc.pages.append(Page(number=n, lines=lines, width=float(w), height=float(h), ocr=True))
        report(progress, n, frames, f"page {n} (OCR)")
    return doc


def _frame(image, n: int):
    """Frame ``n`` as (grey image, its resolution, its size in pixels)."""
    try:
        image.seek(n - 1)
        w, h = image.size
        if w * h > MAX_PIXELS:
            raise DocumentError(f"The image has {w}×{h} pixels, more than the limit of "
                                f"{MAX_PIXELS:,}.", code="too_large", limit=MAX_PIXELS)
        dpi = _image_dpi(image)
        return frame_gray(image, n), dpi, (w, h)
    except DocumentError:
        raise
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise DocumentError(f"The image is damaged and cannot be read ({exc}).",
                            code="corrupt") from exc


def open_image(data: bytes):
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
        raise DocumentError("The image has too many pixels.", code="too_large",
                            limit=MAX_PIXELS) from exc
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise DocumentError(f"The image is damaged and cannot be read ({exc}).",
                            code="corrupt") from exc


def frame_gray(image, n: int):
    """Frame ``n`` (1-based, already seeked to) as 8-bit grey: the first one turned upright by
    its EXIF orientation, transparency laid on white."""
    from PIL import Image, ImageOps

    frame = ImageOps.exif_transpose(image) if n == 1 else image
    if frame.mode in ("RGBA", "LA", "PA") or (frame.mode == "P" and "transparency" in frame.info):
        background = Image.new("RGBA", frame.size, "white")
        frame = Image.alpha_composite(background, frame.convert("RGBA"))
    return _to_gray(frame)


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


def ocr_page_lines(image, dpi: int, n: int, doc: SourceDocument) -> list[Line]:
    """The lines Tesseract reads on page ``n`` (a grey image at ``dpi``), in reading order; none
    for a blank page. A failure of Tesseract on this page is a warning on ``doc``."""
    from PIL import ImageStat

    from .tesseract import ocr_lines

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
    return page_lines(merge_rows(kept), width, height, n)
