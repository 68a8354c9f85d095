"""Reading an uploaded workbook defensively — it may be anything: random bytes, a renamed .docx, a
truncated or password-protected file, a zip bomb — into numbered rows of raw cell values keyed by
column. Nothing here touches the database; :mod:`.rows` checks the rows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from openpyxl import load_workbook

from loa.documents import (
    XLSX_LIMITS,
    ContainerError,
    check_ole,
    check_zip,
    is_ole,
    zip_kind,
)
from loa.vitext import fold

from .form import ACTIVITY_SHEET, COLUMNS, SAMPLE_PREFIX, ImportResult, strip_parenthesis
from .values import blank as _blank
from .values import display as _display

HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 60


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
    """Refuse anything that is not a reasonable .xlsx before openpyxl touches it: the shared
    container guard (:mod:`loa.documents.container`) inflates every member in bounded steps and
    counts what it really produces; its codes become the messages of this form."""
    if not data:
        result.file_error("empty_file", _("The file is empty."))
        return False
    try:
        if is_ole(data):
            check_ole(data, label="workbook")
        if not data.startswith(b"PK"):
            result.file_error("not_xlsx", _not_a_zip_message(data))
            return False
        names = check_zip(data, XLSX_LIMITS, label=".xlsx")
    except ContainerError as refused:
        result.file_error(*_refusal(refused))
        return False
    if "xl/workbook.xml" not in names:
        result.file_error("not_xlsx", _OTHER_PACKAGES.get(zip_kind(names), _OTHER_PACKAGES["zip"]))
        return False
    return True


_OTHER_PACKAGES = {
    "docx": gettext_lazy("This is a Word document (.docx), not an Excel workbook. "
                         "Use the .xlsx template."),
    "pptx": gettext_lazy("This is a PowerPoint presentation, not an Excel workbook. "
                         "Use the .xlsx template."),
    "odf": gettext_lazy("This is an OpenDocument file (LibreOffice). Save it as an Excel "
                        "Workbook (.xlsx) and upload it again."),
    "zip": gettext_lazy("This is a zip archive, not an Excel workbook. Use the .xlsx template."),
}


def _refusal(refused: ContainerError) -> tuple[str, str]:
    """The guard's code as this form's (code, message)."""
    if refused.code == "encrypted":
        return "encrypted", _(
            "The workbook is protected by a password. Open it in Excel, remove the password "
            "(File → Info → Protect Workbook → Encrypt with Password) and save it again as "
            ".xlsx.")
    if refused.code == "old_office":
        return "old_format", _(
            "This is an old Excel 97–2003 file (.xls) or another Office file. Open it in "
            "Excel and save it as an Excel Workbook (.xlsx).")
    if refused.code == "too_large" and refused.params.get("what") == "members":
        return "too_complex", _("The file has too many parts to be a spreadsheet report; use "
                                "the template.")
    if refused.code == "too_large":
        return "too_large_inside", _(
            "The file would be too large once unpacked (more than %(limit)s MB, or "
            "compressed abnormally); it was not read. Split the data into smaller files.") % {
            "limit": XLSX_LIMITS.unpacked // (1024 * 1024)}
    return "damaged", _(
        "The file is damaged or incomplete (it may have been cut off while copying or "
        "downloading). Open it in Excel, save it again as .xlsx and upload it again.")


def _not_a_zip_message(data: bytes) -> str:
    if data.lstrip().startswith((b"<", b"{")):
        return _("This is not an Excel file (it looks like a web page or data text). "
                 "Use the .xlsx template.")
    if _looks_like_text(data):
        return _("This is a text or CSV file, not an Excel workbook. Open it in Excel and "
                 "save it as an Excel Workbook (.xlsx), or use the template.")
    return _("This is not an Excel .xlsx file. Use the template offered on this page.")


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
