"""The .xlsx template a unit fills in: its own assignments, the channels and the plans' themes as
drop-down lists, a sample row the reader skips, and instructions in Vietnamese."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from loa.vocab import channels as channel_vocab

from ..models import Assignment, Channel, Theme
from .form import (
    ACTIVITY_SHEET,
    ASSIGNMENT_SHEET,
    COLUMNS,
    DATE_FORMAT,
    HELP_SHEET,
    LISTS_SHEET,
    PERIOD_VI,
    SAMPLE_PREFIX,
    assignment_label,
    channel_name_vi,
    clean_text,
)

HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1D5FA8")
REQUIRED_FILL = PatternFill("solid", fgColor="B3261E")
SAMPLE_FONT = Font(italic=True, color="6B7280")
WRAP = Alignment(wrap_text=True, vertical="top")


def _set_text(ws, row, column, value):
    """Write a text cell that stays text (a title starting with "=" is not a formula)."""
    cell = ws.cell(row=row, column=column)
    cell.value = clean_text(value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    return cell


def _deadline_text(assignment) -> str:
    if assignment.is_regular:
        return f"Thường xuyên ({PERIOD_VI.get(assignment.reporting_period, '')})".replace(" ()", "")
    return assignment.due_date.strftime("%d/%m/%Y") if assignment.due_date else ""


def template_assignments(user):
    """The assignments a person may report on in a spreadsheet: those they record for, in an
    active plan (the one rule, ``recordable_by``)."""
    return (
        Assignment.objects.recordable_by(user)
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
        "assignment": f"{SAMPLE_PREFIX}: {assignment_label(first) if first else 'NV-12'}",
        "channel": channel_name_vi(sample_channel),
        "title": f"{SAMPLE_PREFIX}: tin bài tuyên truyền về nội dung của kế hoạch",
        "published_on": timezone.localdate(),
        "url": "https://example.vn/tin-bai",
        "airtime_minutes": 15 if Channel(sample_channel) in channel_vocab.BROADCAST else None,
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
        lists.cell(row=row, column=3, value="Có" if code in channel_vocab.BROADCAST else "")
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
             "Nhiệm vụ", "Chọn nhiệm vụ: mã và nội dung (xem trang “Nhiệm vụ”).")
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
    headers = ["Mã và nội dung nhiệm vụ", "Kế hoạch", "Mục", "Đơn vị chủ trì", "Nhiệm vụ",
               "Thời hạn", "Kênh dự kiến"]
    sheet.append(headers)
    for cell in sheet[1]:
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
    for row, assignment in enumerate(assignments, 2):
        values = [
            assignment_label(assignment),
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
    for col, width in zip("ABCDEFG", (50, 16, 40, 32, 60, 16, 30), strict=True):
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


def _instructions(channels):
    broadcast = ", ".join(name for code, name in channels if code in channel_vocab.BROADCAST)
    names = ", ".join(name for _code, name in channels)
    limit_rows = settings.LOA_MAX_IMPORT_ROWS
    limit_mb = settings.LOA_MAX_UPLOAD_MB
    return [
        "HƯỚNG DẪN NHẬP HOẠT ĐỘNG TUYÊN TRUYỀN TỪ TỆP EXCEL",
        "",
        f"1. Mỗi dòng ở trang “{ACTIVITY_SHEET}” là một hoạt động: một tin, bài, chương trình, "
        "buổi phát thanh, bài đăng hoặc sự kiện. Không đổi tên, không xóa các cột ở dòng tiêu đề "
        "(dòng 1); các cột có nền đỏ là bắt buộc.",
        f"2. Mã nhiệm vụ: chọn trong danh sách; mỗi dòng ghi mã kèm nội dung nhiệm vụ (ví dụ "
        f"“NV-12 — 2. Báo Hải Phòng: Tăng cường tin, bài…”), cũng có thể chỉ gõ mã (NV-12). "
        f"Trang “{ASSIGNMENT_SHEET}” liệt kê các nhiệm vụ của đơn vị trong các kế hoạch đang "
        "thực hiện, kèm kế hoạch, mục, đơn vị chủ trì và thời hạn.",
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
