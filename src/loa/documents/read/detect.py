"""The type of a file from its content (magic bytes, never the name) and the decoding of text
files. No Django import."""

from __future__ import annotations

import io
import zipfile

from ..container import is_encrypted_ole, is_ole, zip_kind

__all__ = ["decode_text", "detect_kind", "unsupported_message"]


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
    kind = _image_kind(data)
    if kind:
        return kind
    if data.lstrip(b"\xef\xbb\xbf").startswith(b"{\\rtf"):
        return "rtf"
    text = decode_text(data)
    if text is not None:
        start = text[:2000].lstrip().lower()
        if start.startswith(("<!doctype html", "<html")) or (
                start.startswith("<?xml") and "<html" in start):
            return "html"  # also what some systems hand out as ".doc"
        if start.startswith("mime-version:"):
            return "mht"
        return "text"
    return "binary"


def _image_kind(data: bytes) -> str | None:
    head = data[:8]
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
    return None


def _zip_kind(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        # A zip that does not open: call it .docx when it says so (the error is then "corrupt").
        return "docx" if b"word/document.xml" in data or b"word/" in data[:4096] else "zip"
    return zip_kind(names)


def unsupported_message(kind: str) -> str:
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


def decode_text(data: bytes) -> str | None:
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
