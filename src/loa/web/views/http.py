"""HTTP helpers every page module uses: refusing an oversized request before reading it, serving
an uploaded file after the caller checked the scope, and download headers."""

import os
import re
import tempfile

from django.conf import settings
from django.http import FileResponse, Http404
from django.utils.http import content_disposition_header

INLINE_EXTENSIONS = {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp3", ".mp4", ".m4a",
                     ".wav"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Room for the other form fields and the multipart boundaries around an uploaded file.
FORM_SLACK = 1024 * 1024


def upload_limit_bytes() -> int:
    return settings.LOA_MAX_UPLOAD_MB * 1024 * 1024


def request_too_large(request, slack=FORM_SLACK) -> bool:
    """The request body announces more than an upload may be, plus ``slack`` bytes for the other
    form fields: refused before it is read."""
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > upload_limit_bytes() + slack
    except ValueError:
        return True


def private_file(field_file):
    """An uploaded file, served only after the caller checked the scope (media is never public):
    PDFs, images and sound open in the browser, in a sandbox; anything else downloads."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = os.path.basename(field_file.name)
    inline = os.path.splitext(name)[1].lower() in INLINE_EXTENSIONS
    response = FileResponse(handle, as_attachment=not inline, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def attachment(filename: str) -> str:
    """A Content-Disposition for a download; a non-ASCII name is written as RFC 6266 / 5987
    ``filename*=utf-8''…``."""
    return content_disposition_header(as_attachment=True, filename=filename)


def xlsx_download(write, title: str, code: str) -> FileResponse:
    """An .xlsx built by ``write(out)`` into a temporary file (not memory) and sent as
    "<title> <code>.xlsx", the characters a file name may not hold in ``code`` replaced."""
    out = tempfile.TemporaryFile()
    try:
        write(out)
        out.seek(0)
    except Exception:
        out.close()
        raise
    filename = "{} {}.xlsx".format(title, re.sub(r"[\\/:*?\"<>|]+", "-", code))
    response = FileResponse(out, as_attachment=True, filename=filename, content_type=XLSX_TYPE)
    response["Cache-Control"] = "private, no-store"
    return response
