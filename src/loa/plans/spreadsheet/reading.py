"""Reading an uploaded workbook defensively — it may be anything: random bytes, a renamed .docx, a
truncated or password-protected file, a zip bomb — into numbered rows of raw cell values keyed by
column. Nothing here touches the database; :mod:`.rows` checks the rows."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import load_workbook

from loa.vitext import fold

from .form import ACTIVITY_SHEET, COLUMNS, SAMPLE_PREFIX, ImportResult, strip_parenthesis
from .values import blank as _blank
from .values import display as _display

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # all members of the zip together
MAX_MEMBERS = 1000
MAX_RATIO = 200  # uncompressed / compressed, for members larger than RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 60
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _read_bytes(fileobj) -> bytes | None:
    """The upload's bytes, or None when it is larger than the upload limit."""
    limit = settings.LOA_MAX_UPLOAD_MB * 1024 * 1024
    if isinstance(fileobj, (bytes, bytearray)):
        data = bytes(fileobj)
    elif isinstance(fileobj, (str, Path)):
        with open(fileobj, "rb") as handle:
            data = handle.read(limit + 1)
    else:
        if hasattr(fileobj, "seek"):
            fileobj.seek(0)
        data = fileobj.read(limit + 1)
    return None if len(data) > limit else data


def _looks_like_text(data: bytes) -> bool:
    sample = data[:4096]
    if not sample:
        return False
    text = None
    for cut in range(4):  # the sample may end inside a multi-byte character
        try:
            text = sample[: len(sample) - cut].decode("utf-8")
            break
        except UnicodeDecodeError:
            continue
    if text is None and sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = sample[: len(sample) // 2 * 2].decode("utf-16", errors="replace")
    if not text:
        return False
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return printable / len(text) > 0.95


def _check_container(data: bytes, result: ImportResult) -> bool:
    """Refuse anything that is not a reasonable .xlsx before openpyxl touches it."""
    if not data:
        result.file_error("empty_file", _("The file is empty."))
        return False
    if data.startswith(OLE_SIGNATURE):
        if "EncryptionInfo".encode("utf-16-le") in data or b"EncryptedPackage" in data or \
                "EncryptedPackage".encode("utf-16-le") in data:
            result.file_error("encrypted", _(
                "The workbook is protected by a password. Open it in Excel, remove the password "
                "(File → Info → Protect Workbook → Encrypt with Password) and save it again as "
                ".xlsx."))
        else:
            result.file_error("old_format", _(
                "This is an old Excel 97–2003 file (.xls) or another Office file. Open it in "
                "Excel and save it as an Excel Workbook (.xlsx)."))
        return False
    if not data.startswith(b"PK"):
        if data.lstrip().startswith((b"<", b"{")):
            message = _("This is not an Excel file (it looks like a web page or data text). "
                        "Use the .xlsx template.")
        elif _looks_like_text(data):
            message = _("This is a text or CSV file, not an Excel workbook. Open it in Excel and "
                        "save it as an Excel Workbook (.xlsx), or use the template.")
        else:
            message = _("This is not an Excel .xlsx file. Use the template offered on this page.")
        result.file_error("not_xlsx", message)
        return False
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        result.file_error("damaged", _(
            "The file is damaged or incomplete (it may have been cut off while copying or "
            "downloading). Open it in Excel, save it again as .xlsx and upload it again."))
        return False
    if len(members) > MAX_MEMBERS:
        result.file_error("too_complex", _("The file has too many parts to be a spreadsheet "
                                           "report; use the template."))
        return False
    total = 0
    for member in members:
        total += member.file_size
        ratio_suspect = (member.file_size > RATIO_MIN_BYTES
                         and member.file_size > MAX_RATIO * max(member.compress_size, 1))
        if total > MAX_UNCOMPRESSED_BYTES or ratio_suspect:
            result.file_error("too_large_inside", _(
                "The file would be too large once unpacked (more than %(limit)s MB, or "
                "compressed abnormally); it was not read. Split the data into smaller files.")
                % {"limit": MAX_UNCOMPRESSED_BYTES // (1024 * 1024)})
            return False
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            message = _("This is a Word document (.docx), not an Excel workbook. "
                        "Use the .xlsx template.")
        elif "ppt/presentation.xml" in names:
            message = _("This is a PowerPoint presentation, not an Excel workbook. "
                        "Use the .xlsx template.")
        elif "content.xml" in names and "mimetype" in names:
            message = _("This is an OpenDocument file (LibreOffice). Save it as an Excel "
                        "Workbook (.xlsx) and upload it again.")
        else:
            message = _("This is a zip archive, not an Excel workbook. Use the .xlsx template.")
        result.file_error("not_xlsx", message)
        return False
    return True


def _find_sheet(workbook):
    wanted = fold(ACTIVITY_SHEET)
    for ws in workbook.worksheets:
        if fold(ws.title) == wanted:
            return ws
    return workbook.worksheets[0] if workbook.worksheets else None


def _header_map(row) -> dict[str, int]:
    """Column key → index in the row, for the cells that name a known column."""
    lookup = {}
    for column in COLUMNS:
        for key in column.keys():
            lookup.setdefault(key, column.key)
    found = {}
    for index, value in enumerate(row):
        if value is None:
            continue
        key = fold(str(value))
        column = lookup.get(key) or lookup.get(strip_parenthesis(key))
        if column and column not in found:
            found[column] = index
    return found


def read_upload(fileobj, result: ImportResult) -> list[tuple[int, dict[str, Any]]]:
    """The data rows of an uploaded workbook: (row number, {column key: raw value}), the sample
    row and blank rows left out. What is wrong with the file as a whole goes to
    ``result.errors`` (and no rows come back). ``fileobj``: bytes, a path, or a file object."""
    data = _read_bytes(fileobj)
    if data is None:
        result.file_error("too_large", _(
            "The file is too large; the limit is %(limit)s MB.")
            % {"limit": settings.LOA_MAX_UPLOAD_MB})
        return []
    if not _check_container(data, result):
        return []
    damaged = _(
        "The file could not be read as an Excel workbook: it is damaged or was not saved by "
        "a spreadsheet program. Open it in Excel, save it again as .xlsx and upload it again.")
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on broken input; none may escape
        result.file_error("damaged", damaged)
        return []
    try:
        raw_rows = _read_rows(workbook, result)
    except Exception:  # noqa: BLE001 - as above, while reading the cells
        result.file_error("damaged", damaged)
        return []
    finally:
        workbook.close()
    if not result.errors and not raw_rows:
        result.file_error("no_rows", _("The sheet has a header row but no activities below it."))
    return [] if result.errors else raw_rows


def _read_rows(workbook, result) -> list[tuple[int, dict[str, Any]]]:
    ws = _find_sheet(workbook)
    if ws is None:
        result.file_error("empty", _("The workbook has no worksheet."))
        return []
    result.sheet = ws.title
    ws.reset_dimensions()  # some programs write wrong dimensions: read what is there
    max_rows = settings.LOA_MAX_IMPORT_ROWS
    scan_limit = max(max_rows * 20, 100_000)
    rows = ws.iter_rows(min_row=1, max_col=MAX_COLUMNS, values_only=True)

    header, header_row, best, seen_values = None, 0, {}, False
    for number, row in enumerate(rows, 1):
        seen_values = seen_values or any(not _blank(v) for v in row)
        found = _header_map(row)
        if len(found) > len(best):
            best, header, header_row = found, row, number
        if len(found) >= 3 or number >= HEADER_SEARCH_ROWS:
            break
    if not seen_values:
        result.file_error("empty", _(
            "The sheet “%(sheet)s” is empty: there is no header row and no data.")
            % {"sheet": ws.title})
        return []
    if len(best) < 2:
        result.file_error("no_header", _(
            "The header row was not found in the first %(n)s rows of sheet “%(sheet)s”. The "
            "first row must name the columns: %(columns)s. Use the template.")
            % {"n": HEADER_SEARCH_ROWS, "sheet": ws.title,
               "columns": ", ".join(c.header for c in COLUMNS)})
        return []
    missing = [c.header for c in COLUMNS if c.required and c.key not in best]
    unknown = [_display(v) for i, v in enumerate(header)
               if not _blank(v) and i not in best.values()]
    if missing:
        message = ngettext(
            "Column missing or renamed: %(missing)s.",
            "Columns missing or renamed: %(missing)s.", len(missing),
        ) % {"missing": ", ".join(f"“{m}”" for m in missing)}
        if unknown:
            message += " " + _("Columns not recognised: %(unknown)s.") % {
                "unknown": ", ".join(f"“{u}”" for u in unknown)}
        message += " " + _("Keep the header row of the template (row %(row)s).") % {
            "row": header_row}
        result.file_error("missing_columns", message)
        return []
    if unknown:
        result.notes.append(_("Columns ignored (not part of the template): %(unknown)s.")
                            % {"unknown": ", ".join(f"“{u}”" for u in unknown)})

    out = []
    for number, row in enumerate(rows, header_row + 1):
        if number > scan_limit:
            result.file_error("too_many_rows", _(
                "The sheet has too many rows (more than %(n)s). Split the data into files of at "
                "most %(max)s rows.") % {"n": scan_limit, "max": max_rows})
            return []
        values = {key: row[index] if index < len(row) else None for key, index in best.items()}
        if all(_blank(v) for v in values.values()):
            continue
        code = values.get("assignment")
        if isinstance(code, str) and fold(code).startswith((fold(SAMPLE_PREFIX), "example")):
            continue
        out.append((number, values))
        if len(out) > max_rows:
            result.file_error("too_many_rows", _(
                "The file has more than %(max)s activities; nothing was imported. Split it into "
                "files of at most %(max)s rows.") % {"max": max_rows})
            return []
    return out
