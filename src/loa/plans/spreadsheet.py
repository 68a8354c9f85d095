"""Activities in spreadsheets: the .xlsx import template, the parser and importer, and the export.

Units already report in spreadsheets, so Loa offers a template (``build_template``) whose rows a
unit fills in and uploads. ``parse_activities`` reads an upload defensively (it may be anything:
random bytes, a renamed .docx, a truncated or password-protected file, a zip bomb) and returns a
result per row; ``import_activities`` saves the valid rows in one transaction, and by default
nothing at all when a row has errors. ``write_plan_activities`` writes a plan's activities, as the
person may see them, in bounded memory.

The template is a Vietnamese reporting form: its sheet names, column headers and channel names are
Vietnamese whatever the interface language (a file filled in by one person is read for another).
The parser also accepts the English headers, and channel names with or without diacritics.
Messages shown to people are translated (English msgids, Vietnamese catalogue).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import from_excel
from openpyxl.worksheet.datavalidation import DataValidation

from loa.org.access import Scope
from loa.org.models import person_name
from loa.vitext import fold, normalize
from loa.vocab import channels as channel_vocab

from .models import (
    Activity,
    ActivitySource,
    Assignment,
    Channel,
    Plan,
    PlanStatus,
    ReportingPeriod,
    Theme,
)

__all__ = [
    "COLUMNS",
    "ImportRefused",
    "ImportResult",
    "RowResult",
    "assignment_code",
    "build_template",
    "export_plan_activities",
    "import_activities",
    "parse_activities",
    "write_plan_activities",
]

# --- The form's vocabulary -----------------------------------------------------------------------

ACTIVITY_SHEET = "Hoạt động"
ASSIGNMENT_SHEET = "Nhiệm vụ"
LISTS_SHEET = "Danh mục"
HELP_SHEET = "Hướng dẫn"
DATE_FORMAT = "dd/mm/yyyy"
SAMPLE_PREFIX = "Ví dụ"


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # as written in the template (Vietnamese)
    required: bool
    aliases: tuple[str, ...] = ()
    width: int = 16
    label: str = ""  # in messages, when shorter than the header

    @property
    def name(self) -> str:
        return self.label or self.header

    def keys(self) -> set[str]:
        names = {self.header, *self.aliases}
        keys = {fold(n) for n in names}
        keys |= {_strip_parenthesis(k) for k in keys}
        return keys


def _strip_parenthesis(key: str) -> str:
    return re.sub(r"\s*\(.*?\)\s*", " ", key).strip(" :*")


COLUMNS: tuple[Column, ...] = (
    Column("assignment", "Mã nhiệm vụ", True,
           ("Mã NV", "Nhiệm vụ", "Assignment", "Assignment code"), 14),
    Column("channel", "Kênh", True,
           ("Kênh tuyên truyền", "Kênh đăng tải", "Loại hình", "Channel"), 22),
    Column("title", "Tiêu đề", True,
           ("Tên tin bài", "Tiêu đề tin bài", "Tên hoạt động", "Title"), 50),
    Column("published_on", "Ngày đăng (dd/mm/yyyy)", True,
           ("Ngày đăng", "Ngày đăng phát", "Ngày phát sóng", "Ngày", "Date", "Date published"), 14,
           "Ngày đăng"),
    Column("url", "Đường dẫn", False, ("Link", "Đường link", "Liên kết", "URL"), 36),
    Column("airtime_minutes", "Thời lượng (phút)", False,
           ("Thời lượng", "Số phút", "Airtime", "Airtime (minutes)"), 12),
    Column("reach", "Lượt tiếp cận", False,
           ("Lượt xem", "Số lượt tiếp cận", "Reach"), 14),
    Column("theme", "Chủ đề", False, ("Chủ đề tuyên truyền", "Nội dung tuyên truyền", "Theme"), 30),
    Column("note", "Ghi chú", False, ("Note",), 30),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}

PERIOD_VI = {
    ReportingPeriod.WEEK: "hằng tuần",
    ReportingPeriod.MONTH: "hằng tháng",
    ReportingPeriod.QUARTER: "hằng quý",
    ReportingPeriod.YEAR: "hằng năm",
}

# --- Limits (bad input must not exhaust the machine) ---------------------------------------------
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # all members of the zip together
MAX_MEMBERS = 1000
MAX_RATIO = 200  # uncompressed / compressed, for members larger than RATIO_MIN_BYTES
RATIO_MIN_BYTES = 1024 * 1024
HEADER_SEARCH_ROWS = 10
MAX_COLUMNS = 60
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ASSIGNMENT_CODE = re.compile(r"^\s*(?:nv)?\s*[-_.:#/ ]?\s*(\d{1,12})\b")


def assignment_code(pk) -> str:
    """How an assignment is written in spreadsheets: "NV-12"."""
    return f"NV-{pk}"


def channel_name_vi(code) -> str:
    """The Vietnamese name of a channel (the template is Vietnamese whatever the language)."""
    return channel_vocab.name_vi(str(code))


def channel_name(code) -> str:
    """The channel's name in the active language."""
    return str(Channel(code).label)


# --- Results -------------------------------------------------------------------------------------


@dataclass
class Problem:
    """One thing wrong with the file or a row: a code for programs, a message for people."""

    code: str
    message: str
    column: str | None = None  # a key of COLUMN_BY_KEY

    def __str__(self):
        if self.column:
            return f"{COLUMN_BY_KEY[self.column].name}: {self.message}"
        return self.message


@dataclass
class RowResult:
    number: int  # the row number Excel shows
    values: dict[str, str]  # column key → the value as written, for display
    errors: list[Problem] = field(default_factory=list)
    activity: Activity | None = None  # unsaved; set when the row is valid

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_columns(self) -> set[str]:
        return {p.column for p in self.errors if p.column}

    def add(self, code, message, column=None):
        self.errors.append(Problem(code, str(message), column))


@dataclass
class ImportResult:
    rows: list[RowResult] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)  # about the whole file: nothing is read
    notes: list[str] = field(default_factory=list)  # harmless remarks (ignored columns …)
    sheet: str = ""

    @property
    def valid_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.ok]

    @property
    def invalid_rows(self) -> list[RowResult]:
        return [r for r in self.rows if not r.ok]

    @property
    def ok(self) -> bool:
        """The file can be imported as a whole."""
        return not self.errors and bool(self.rows) and all(r.ok for r in self.rows)

    @property
    def columns(self):
        return COLUMNS

    def file_error(self, code, message):
        self.errors.append(Problem(code, str(message)))
        return self


class ImportRefused(Exception):
    """Nothing was imported; ``message`` says why (for people), ``code`` for programs."""

    def __init__(self, code, message):
        super().__init__(str(message))
        self.code = code
        self.message = str(message)


# --- The template --------------------------------------------------------------------------------

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1D5FA8")
REQUIRED_FILL = PatternFill("solid", fgColor="B3261E")
SAMPLE_FONT = Font(italic=True, color="6B7280")
WRAP = Alignment(wrap_text=True, vertical="top")


def _clean_text(value):
    if isinstance(value, str):
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    return value


def _set_text(ws, row, column, value):
    """Write a text cell that stays text (a title starting with "=" is not a formula)."""
    cell = ws.cell(row=row, column=column)
    cell.value = _clean_text(value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _deadline_text(assignment) -> str:
    if assignment.is_regular:
        return f"Thường xuyên ({PERIOD_VI.get(assignment.reporting_period, '')})".replace(" ()", "")
    return assignment.due_date.strftime("%d/%m/%Y") if assignment.due_date else ""


def template_assignments(user):
    """The assignments a person may report on in a spreadsheet: editable, in an active plan."""
    return (
        Assignment.objects.editable_by(user)
        .filter(plan__status=PlanStatus.ACTIVE)
        .select_related("plan", "item", "lead_unit")
        .order_by("plan__issued_on", "plan_id", "item__order", "item_id", "lead_unit__path", "pk")
    )


def build_template(user) -> bytes:
    """The import template for ``user``: drop-downs of their assignments, channels and themes."""
    assignments = list(template_assignments(user))
    plan_ids = sorted({a.plan_id for a in assignments})
    themes = list(Theme.objects.filter(plan_id__in=plan_ids).select_related("plan")
                  .order_by("plan_id", "order", "pk"))
    channels = [(c.value, channel_name_vi(c)) for c in Channel]
    max_row = settings.LOA_MAX_IMPORT_ROWS + 2  # header, sample, data

    wb = Workbook()
    ws = wb.active
    ws.title = ACTIVITY_SHEET
    for index, column in enumerate(COLUMNS, 1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font = HEADER_FONT
        cell.fill = REQUIRED_FILL if column.required else HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width
    ws.row_dimensions[1].height = 32
    ws.freeze_panes = "A3"
    letter = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, 1)}
    ws.column_dimensions[letter["published_on"]].number_format = DATE_FORMAT
    ws.column_dimensions[letter["assignment"]].number_format = "@"

    # The sample row: its code starts with "Ví dụ", so the parser skips it.
    first = assignments[0] if assignments else None
    sample_channel = (first.channels[0] if first and first.channels else Channel.PRESS)
    sample = {
        "assignment": f"{SAMPLE_PREFIX}: {assignment_code(first.pk) if first else 'NV-12'}",
        "channel": channel_name_vi(sample_channel),
        "title": f"{SAMPLE_PREFIX}: tin bài tuyên truyền về nội dung của kế hoạch",
        "published_on": timezone.localdate(),
        "url": "https://example.vn/tin-bai",
        "airtime_minutes": 15 if Channel(sample_channel) in _broadcast() else None,
        "reach": 1200,
        "theme": themes[0].title if themes and first and themes[0].plan_id == first.plan_id
        else None,
        "note": "Dòng ví dụ: hệ thống bỏ qua dòng này, có thể xóa.",
    }
    for index, column in enumerate(COLUMNS, 1):
        cell = _set_text(ws, 2, index, sample[column.key])
        cell.font = SAMPLE_FONT
        if column.key == "published_on":
            cell.number_format = DATE_FORMAT

    # Lists for the drop-downs.
    lists = wb.create_sheet(LISTS_SHEET)
    lists.append(["Kênh", "Mã kênh", "Cần thời lượng", None, "Chủ đề", "Kế hoạch"])
    for row, (code, name) in enumerate(channels, 2):
        lists.cell(row=row, column=1, value=name)
        lists.cell(row=row, column=2, value=code)
        lists.cell(row=row, column=3, value="Có" if code in _broadcast() else "")
    for row, theme in enumerate(themes, 2):
        _set_text(lists, row, 5, theme.title)
        _set_text(lists, row, 6, theme.plan.code)
    for cell in lists[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCDEF", (26, 14, 14, 4, 50, 18), strict=True):
        lists.column_dimensions[col].width = width

    sheet_ref = "'{}'!${}${}:${}${}"
    validations = [
        (letter["channel"], sheet_ref.format(LISTS_SHEET, "A", 2, "A", len(channels) + 1),
         "Kênh", "Chọn kênh trong danh sách."),
    ]
    if themes:
        validations.append(
            (letter["theme"], sheet_ref.format(LISTS_SHEET, "E", 2, "E", len(themes) + 1),
             "Chủ đề", "Chọn chủ đề của kế hoạch (không bắt buộc).")
        )
    if assignments:
        validations.append(
            (letter["assignment"],
             sheet_ref.format(ASSIGNMENT_SHEET, "A", 2, "A", len(assignments) + 1),
             "Mã nhiệm vụ", "Chọn mã nhiệm vụ (xem trang “Nhiệm vụ”).")
        )
    for col, formula, title, prompt in validations:
        validation = DataValidation(
            type="list", formula1=formula, allow_blank=True, showErrorMessage=True,
            errorStyle="warning", errorTitle=title,
            error="Giá trị không có trong danh sách.", showInputMessage=True,
            promptTitle=title, prompt=prompt,
        )
        validation.add(f"{col}2:{col}{max_row}")  # row 2 too, once the sample is deleted
        ws.add_data_validation(validation)

    # The person's assignments.
    sheet = wb.create_sheet(ASSIGNMENT_SHEET, 1)
    headers = ["Mã nhiệm vụ", "Kế hoạch", "Mục", "Đơn vị chủ trì", "Nhiệm vụ", "Thời hạn",
               "Kênh dự kiến"]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for row, assignment in enumerate(assignments, 2):
        values = [
            assignment_code(assignment.pk),
            assignment.plan.code,
            f"{assignment.item.number}. {assignment.item.title}",
            assignment.lead_unit.name,
            assignment.task,
            _deadline_text(assignment),
            ", ".join(channel_name_vi(c) for c in assignment.channels if c in Channel.values),
        ]
        for col, value in enumerate(values, 1):
            _set_text(sheet, row, col, value).alignment = WRAP
    if not assignments:
        sheet.cell(row=2, column=1,
                   value="Chưa có nhiệm vụ nào của đơn vị trong các kế hoạch đang thực hiện.")
    for col, width in zip("ABCDEFG", (14, 16, 40, 32, 60, 16, 30), strict=True):
        sheet.column_dimensions[col].width = width
    sheet.freeze_panes = "A2"

    # Instructions.
    help_sheet = wb.create_sheet(HELP_SHEET)
    for line in _instructions(channels):
        help_sheet.append([line])
    help_sheet["A1"].font = Font(bold=True, size=13)
    help_sheet.column_dimensions["A"].width = 120
    for row in help_sheet.iter_rows():
        row[0].alignment = Alignment(wrap_text=True, vertical="top")

    wb.active = 0
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _broadcast():
    return channel_vocab.BROADCAST


def _instructions(channels):
    broadcast = ", ".join(name for code, name in channels if code in _broadcast())
    names = ", ".join(name for _code, name in channels)
    limit_rows = settings.LOA_MAX_IMPORT_ROWS
    limit_mb = settings.LOA_MAX_UPLOAD_MB
    return [
        "HƯỚNG DẪN NHẬP HOẠT ĐỘNG TUYÊN TRUYỀN TỪ TỆP EXCEL",
        "",
        f"1. Mỗi dòng ở trang “{ACTIVITY_SHEET}” là một hoạt động: một tin, bài, chương trình, "
        "buổi phát thanh, bài đăng hoặc sự kiện. Không đổi tên, không xóa các cột ở dòng tiêu đề "
        "(dòng 1); các cột có nền đỏ là bắt buộc.",
        f"2. Mã nhiệm vụ: chọn trong danh sách (ví dụ NV-12). Trang “{ASSIGNMENT_SHEET}” liệt kê "
        "các nhiệm vụ của đơn vị trong các kế hoạch đang thực hiện, kèm kế hoạch, mục, đơn vị chủ "
        "trì và thời hạn.",
        f"3. Kênh: chọn một trong các kênh: {names}. Có thể gõ không dấu (ví dụ “bao chi”). "
        f"Với {broadcast} phải ghi thời lượng (phút).",
        "4. Tiêu đề: bắt buộc, tối đa 500 ký tự.",
        "5. Ngày đăng: ngày/tháng/năm (dd/mm/yyyy), ví dụ 20/09/2020; không được là ngày "
        "trong tương lai.",
        "6. Đường dẫn: địa chỉ của tin, bài trên mạng (nếu có), ví dụ https://baohaiphong.vn/...",
        "7. Thời lượng (phút): số lớn hơn 0, có thể có một chữ số thập phân (ví dụ 15 hoặc 2,5).",
        "8. Lượt tiếp cận: số nguyên (lượt xem, lượt nghe, số người tham dự), không bắt buộc.",
        "9. Chủ đề: chọn trong danh sách chủ đề của kế hoạch (không bắt buộc).",
        f"10. Dòng 2 là dòng ví dụ (mã nhiệm vụ bắt đầu bằng “{SAMPLE_PREFIX}”): hệ thống bỏ "
        "qua dòng này; có thể xóa. Các dòng trống cũng được bỏ qua.",
        f"11. Mỗi tệp tối đa {limit_rows} dòng dữ liệu và {limit_mb} MB; lưu dưới dạng .xlsx, "
        "không đặt mật khẩu.",
        "12. Nếu có dòng lỗi, hệ thống không nhập gì và chỉ ra lỗi của từng dòng: sửa tệp rồi tải "
        "lên lại, hoặc xác nhận chỉ nhập các dòng hợp lệ.",
        "13. Hoạt động trùng (cùng nhiệm vụ, tiêu đề, ngày đăng và kênh với một hoạt động đã có "
        "hoặc với một dòng khác trong tệp) bị báo lỗi, không nhập hai lần.",
    ]


# --- Reading an upload ---------------------------------------------------------------------------


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
        column = lookup.get(key) or lookup.get(_strip_parenthesis(key))
        if column and column not in found:
            found[column] = index
    return found


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize(str(value))[:1000]


def parse_activities(fileobj, user) -> ImportResult:
    """Read an uploaded workbook into per-row results. Saves nothing.

    ``fileobj``: bytes, a path, or a file object (an uploaded file)."""
    result = ImportResult()
    data = _read_bytes(fileobj)
    if data is None:
        return result.file_error("too_large", _(
            "The file is too large; the limit is %(limit)s MB.")
            % {"limit": settings.LOA_MAX_UPLOAD_MB})
    if not _check_container(data, result):
        return result
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on broken input; none may escape
        return result.file_error("damaged", _(
            "The file could not be read as an Excel workbook: it is damaged or was not saved by "
            "a spreadsheet program. Open it in Excel, save it again as .xlsx and upload it "
            "again."))
    try:
        raw_rows = _read_rows(workbook, result)
    except Exception:
        return result.file_error("damaged", _(
            "The file could not be read as an Excel workbook: it is damaged or was not saved by "
            "a spreadsheet program. Open it in Excel, save it again as .xlsx and upload it "
            "again."))
    finally:
        workbook.close()
    if result.errors:
        return result
    if not raw_rows:
        return result.file_error("no_rows", _(
            "The sheet has a header row but no activities below it."))
    _validate_rows(raw_rows, user, result)
    return result


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


# --- Values --------------------------------------------------------------------------------------

DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
THOUSANDS = re.compile(r"^\d{1,3}([., ]\d{3})+$")


class ValueProblem(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def _parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueProblem("bad_date", _("“%(value)s” is not a date; write dd/mm/yyyy.")
                           % {"value": value})
    if isinstance(value, (int, float)):
        # A date typed in a cell not formatted as a date: Excel keeps the serial number.
        if 20000 <= value <= 80000:
            return from_excel(value).date()
        raise ValueProblem("bad_date", _("“%(value)s” is not a date; write dd/mm/yyyy.")
                           % {"value": _display(value)})
    text = normalize(str(value))
    match = DATE_TEXT.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        match = ISO_DATE.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem("bad_date", _("“%(value)s” is not a valid date (day, month or year "
                                         "out of range).") % {"value": text}) from None
    raise ValueProblem("bad_date", _("“%(value)s” is not a date; write dd/mm/yyyy, e.g. "
                                     "20/09/2020.") % {"value": text[:60]})


def _parse_minutes(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueProblem("bad_number", _("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = normalize(str(value)).lower().removesuffix("phút").strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueProblem("bad_number", _("“%(value)s” is not a number of minutes.")
                               % {"value": normalize(str(value))[:60]}) from None
    if not number.is_finite():
        raise ValueProblem("bad_number", _("“%(value)s” is not a number of minutes.")
                           % {"value": _display(value)})
    number = number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if number <= 0:
        raise ValueProblem("bad_number", _("Airtime must be more than zero minutes."))
    if number >= Decimal("1000000"):
        raise ValueProblem("bad_number", _("“%(value)s” minutes is too large.")
                           % {"value": _display(value)})
    return number


def _parse_count(value) -> int:
    if isinstance(value, bool):
        raise ValueProblem("bad_number", _("“%(value)s” is not a whole number.")
                           % {"value": value})
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem("bad_number", _("“%(value)s” is not a whole number.")
                               % {"value": _display(value)})
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = normalize(str(value))
        if THOUSANDS.match(text):
            text = re.sub(r"[., ]", "", text)
        if not re.fullmatch(r"-?\d+", text):
            raise ValueProblem("bad_number", _("“%(value)s” is not a whole number.")
                               % {"value": text[:60]})
        number = int(text)
    if number < 0:
        raise ValueProblem("bad_number", _("The number cannot be negative."))
    if number > 2_147_483_647:
        raise ValueProblem("bad_number", _("“%(value)s” is too large.") % {"value": number})
    return number


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return _display(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # The unit's own spelling is kept (tone marks where they put them: "hóa" and "hoá" are both
    # right); only the encoding, quotes and spaces are made regular.
    return normalize(str(value), tone_style=None)


def _url(value) -> str:
    text = _text(value)
    if text and "://" not in text and " " not in text and "." in text:
        text = "https://" + text
    return text


# --- Validating rows -----------------------------------------------------------------------------


def _duplicate_key(assignment_id, title, published_on, channel):
    return (assignment_id, fold(title), published_on, channel)


def _validate_rows(raw_rows, user, result):
    channel_list = ", ".join(channel_name(c) for c in Channel)

    codes = {}
    for number, values in raw_rows:
        raw = values.get("assignment")
        match = ASSIGNMENT_CODE.match(fold(_text(raw))) if not _blank(raw) else None
        codes[number] = int(match.group(1)) if match else None
    wanted = {pk for pk in codes.values() if pk is not None}
    assignments = {
        a.pk: a
        for a in Assignment.objects.editable_by(user)
        .filter(pk__in=wanted, plan__status=PlanStatus.ACTIVE)
        .select_related("plan", "lead_unit")
        .prefetch_related("supporting_units")
    } if wanted else {}
    visible_plans = Plan.objects.visible_to(user)
    themes: dict[tuple[int, str], Theme] = {}
    any_plan_themes: dict[str, Theme] = {}
    for theme in Theme.objects.filter(plan__in=visible_plans).order_by("plan_id", "order", "pk"):
        themes.setdefault((theme.plan_id, fold(theme.title)), theme)
        any_plan_themes.setdefault(fold(theme.title), theme)

    for number, values in raw_rows:
        row = RowResult(number=number, values={k: _display(v) for k, v in values.items()})
        result.rows.append(row)
        activity = Activity(source=ActivitySource.SPREADSHEET, created_by=user)

        # Assignment: unknown, malformed, or not the person's → the same answer.
        raw = values.get("assignment")
        assignment = assignments.get(codes[number]) if codes[number] is not None else None
        if _blank(raw):
            row.add("required", _("Give the assignment code (e.g. NV-12)."), "assignment")
        elif assignment is None:
            row.add("assignment_not_found", _(
                "Assignment “%(code)s” not found among your unit's assignments in active "
                "plans.") % {"code": _display(raw)[:40]}, "assignment")
        else:
            unit_id = assignment.reporting_unit_id(user)
            if unit_id is None:  # cannot happen for an editable assignment; never guess
                row.add("assignment_not_found", _(
                    "Assignment “%(code)s” not found among your unit's assignments in active "
                    "plans.") % {"code": _display(raw)[:40]}, "assignment")
                assignment = None
            else:
                activity.assignment = assignment
                activity.plan_id = assignment.plan_id
                activity.unit_id = unit_id

        raw = values.get("channel")
        if _blank(raw):
            row.add("required", _("Choose a channel."), "channel")
        else:
            code = channel_vocab.from_text(_text(raw))
            if code is None:
                row.add("bad_channel", _("Channel “%(value)s” not recognised; use one of: "
                                         "%(channels)s.")
                        % {"value": _display(raw)[:60], "channels": channel_list}, "channel")
            else:
                activity.channel = code

        title = _text(values.get("title"))
        if not title:
            row.add("required", _("Give the title."), "title")
        activity.title = title

        raw = values.get("published_on")
        if _blank(raw):
            row.add("required", _("Give the date published (dd/mm/yyyy)."), "published_on")
        else:
            try:
                activity.published_on = _parse_date(raw)
            except ValueProblem as problem:
                row.add(problem.code, problem.message, "published_on")

        activity.url = _url(values.get("url"))
        for key, parse in (("airtime_minutes", _parse_minutes), ("reach", _parse_count)):
            raw = values.get(key)
            if not _blank(raw):
                try:
                    setattr(activity, key, parse(raw))
                except ValueProblem as problem:
                    row.add(problem.code, problem.message, key)

        raw = values.get("theme")
        if not _blank(raw):
            key = fold(_text(raw))
            theme = None
            if assignment is not None:
                theme = themes.get((assignment.plan_id, key))
            theme = theme or any_plan_themes.get(key)  # another plan's: clean() says so
            if theme is None:
                row.add("theme_not_found", _("Theme “%(value)s” not found in the plan.")
                        % {"value": _display(raw)[:80]}, "theme")
            else:
                activity.theme = theme
        activity.note = _text(values.get("note"))

        _model_checks(activity, row)
        if row.ok:
            row.activity = activity

    _check_duplicates(result)


MODEL_FIELD_COLUMNS = {
    "assignment": "assignment", "channel": "channel", "title": "title",
    "published_on": "published_on", "url": "url", "airtime_minutes": "airtime_minutes",
    "reach": "reach", "theme": "theme", "note": "note",
}


def _model_checks(activity, row):
    """The model's own rules (field limits and ``Activity.clean``), without repeating errors.

    ``Activity.clean`` looks the theme's plan up in the database; here every theme is already in
    memory, so the same rule is applied to it directly (no query per row)."""
    already = row.error_columns
    exclude = ["assignment", "plan", "unit", "theme", "created_by", "evidence"]
    exclude += [f for f, column in MODEL_FIELD_COLUMNS.items() if column in already]
    theme = activity.theme
    activity.theme = None
    try:
        activity.full_clean(exclude=exclude)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            column = MODEL_FIELD_COLUMNS.get(name)
            if column in already:
                continue
            for message in messages:
                row.add(f"invalid_{name}", message, column)
    finally:
        activity.theme = theme
    if theme is not None and activity.assignment_id and theme.plan_id != activity.plan_id:
        row.add("invalid_theme", _("This theme belongs to another plan."), "theme")


def _check_duplicates(result):
    """A row equal to an existing activity, or to an earlier row of the file, is an error."""
    candidates = [r for r in result.rows if r.ok]
    if not candidates:
        return
    existing = _existing_keys([r.activity for r in candidates])
    first_row = {}
    for row in candidates:
        activity = row.activity
        key = _duplicate_key(activity.assignment_id, activity.title, activity.published_on,
                             activity.channel)
        if key in existing:
            row.add("duplicate_existing", _(
                "This activity is already recorded (same assignment, title, date and channel)."))
        elif key in first_row:
            row.add("duplicate_row", _(
                "Same activity as row %(row)s of this file (same assignment, title, date and "
                "channel).") % {"row": first_row[key]})
        else:
            first_row[key] = row.number
        if not row.ok:
            row.activity = None


def _existing_keys(activities) -> set:
    assignment_ids = {a.assignment_id for a in activities}
    dates = [a.published_on for a in activities]
    if not assignment_ids:
        return set()
    rows = Activity.objects.filter(
        assignment_id__in=assignment_ids, published_on__gte=min(dates),
        published_on__lte=max(dates),
    ).values_list("assignment_id", "title", "published_on", "channel")
    return {_duplicate_key(*r) for r in rows.iterator(chunk_size=2000)}


# --- Importing -----------------------------------------------------------------------------------


def import_activities(result: ImportResult, user, *, include_partial=False) -> int:
    """Save the valid rows of ``result`` in one transaction and return how many.

    With errors in the file nothing is saved unless ``include_partial`` (the person confirmed
    the valid rows). Access and duplicates are checked again at save time."""
    if result.errors:
        raise ImportRefused("file_errors", result.errors[0].message)
    if result.invalid_rows and not include_partial:
        raise ImportRefused("row_errors", ngettext(
            "%(n)s row has errors; nothing was imported.",
            "%(n)s rows have errors; nothing was imported.", len(result.invalid_rows),
        ) % {"n": len(result.invalid_rows)})
    activities = [r.activity for r in result.valid_rows if r.activity is not None]
    if not activities:
        return 0
    scope = Scope.of(user)
    with transaction.atomic():
        ids = {a.assignment_id for a in activities}
        editable = set(
            Assignment.objects.editable_by(user)
            .filter(pk__in=ids, plan__status=PlanStatus.ACTIVE)
            .values_list("pk", flat=True)
        )
        if ids - editable or not all(scope.can_edit_unit(a.unit_id) for a in activities):
            raise ImportRefused("access_changed", _(
                "Your assignments changed since the file was checked; nothing was imported. "
                "Upload the file again."))
        existing = _existing_keys(activities)
        for activity in activities:
            key = _duplicate_key(activity.assignment_id, activity.title, activity.published_on,
                                 activity.channel)
            if key in existing:
                raise ImportRefused("duplicate_existing", _(
                    "Some of these activities were recorded in the meantime; nothing was "
                    "imported. Upload the file again."))
        for activity in activities:
            activity.pk = None
            activity.source = ActivitySource.SPREADSHEET
            activity.created_by = user
            activity._history_user = user
            activity.save()
    return len(activities)


# --- Exporting -----------------------------------------------------------------------------------


def export_columns():
    return [
        (_("Assignment code"), 12), (_("Unit"), 34), (_("Plan item"), 34), (_("Channel"), 20),
        (_("Title"), 60), (_("Date published"), 13), (_("Link"), 40),
        (_("Airtime (minutes)"), 12), (_("Reach"), 12), (_("Theme"), 30), (_("Note"), 30),
        (_("Source"), 14), (_("Recorded by"), 20),
    ]


def write_plan_activities(plan, user, out) -> int:
    """Write the activities of ``plan`` that ``user`` may see to ``out`` (a binary file) as .xlsx.

    Memory stays bounded whatever the number of rows: rows are read in chunks and written by
    openpyxl's write-only mode (inline strings, rows streamed to a temporary file)."""
    channel_names = {c.value: channel_name(c) for c in Channel}
    source_names = {s.value: str(s.label) for s in ActivitySource}
    rows = (
        Activity.objects.visible_to(user)
        .filter(plan=plan)
        .order_by("published_on", "pk")
        .values_list(
            "assignment_id", "unit__name", "assignment__item__number", "assignment__item__title",
            "channel", "title", "published_on", "url", "airtime_minutes", "reach",
            "theme__title", "note", "source", "created_by__username",
            "created_by__first_name", "created_by__last_name",
        )
    )
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Activities")[:31])
    columns = export_columns()
    for index, (_title, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    header = []
    for title, _width in columns:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)

    def text(value):
        if not value:
            return None
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("="):  # data, never a formula
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            return cell
        return value

    count = 0
    for (assignment_id, unit, item_number, item_title, channel, title, published_on, url,
         airtime, reach, theme, note, source, username, first, last) in rows.iterator(
            chunk_size=2000):
        date_cell = WriteOnlyCell(ws, value=published_on)
        date_cell.number_format = DATE_FORMAT
        recorder = person_name(first, last, username)
        ws.append([
            assignment_code(assignment_id), text(unit), text(f"{item_number}. {item_title}"),
            channel_names.get(channel, channel), text(title), date_cell, text(url),
            float(airtime) if airtime is not None else None, reach, text(theme), text(note),
            source_names.get(source, source), text(recorder),
        ])
        count += 1
    wb.save(out)
    return count


def export_plan_activities(plan, user) -> bytes:
    """The export as bytes (convenient for small plans and tests; views stream a temp file)."""
    with tempfile.TemporaryFile() as out:
        write_plan_activities(plan, user, out)
        out.seek(0)
        return out.read()
