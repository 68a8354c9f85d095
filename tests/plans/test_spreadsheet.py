"""The activity spreadsheet: template, parser, importer and export, on real workbooks."""

import datetime as dt
import io
import os
import zipfile
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from loa.org.models import Membership
from loa.plans.models import (
    Activity,
    ActivitySource,
    Assignment,
    Channel,
    Plan,
    PlanItem,
    PlanStatus,
    Theme,
)
from loa.plans.spreadsheet import (
    ACTIVITY_SHEET,
    ASSIGNMENT_SHEET,
    COLUMNS,
    HELP_SHEET,
    LISTS_SHEET,
    ImportRefused,
    assignment_code,
    build_template,
    export_plan_activities,
    import_activities,
    parse_activities,
)

HEADERS = [c.header for c in COLUMNS]
YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


def workbook_bytes(rows, headers=HEADERS, title=ACTIVITY_SHEET):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    if headers is not None:
        ws.append(headers)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def row(code, channel="Báo chí", title="Tin bài", date=None, url="", airtime=None, reach=None,
        theme=None, note=None):
    return [code, channel, title, date or YESTERDAY, url, airtime, reach, theme, note]


def code(assignment):
    return assignment_code(assignment.pk)


def codes(result):
    return [[p.code for p in r.errors] for r in result.rows]


# --- template ------------------------------------------------------------------------------------
def test_template_lists_own_assignments_channels_and_instructions(world):
    wb = load_workbook(io.BytesIO(build_template(world.alice)))
    assert wb.sheetnames[0] == ACTIVITY_SHEET
    assert {ASSIGNMENT_SHEET, LISTS_SHEET, HELP_SHEET} <= set(wb.sheetnames)
    ws = wb[ACTIVITY_SHEET]
    assert [c.value for c in ws[1]] == HEADERS
    assert ws["A2"].value.startswith("Ví dụ")

    tasks = wb[ASSIGNMENT_SHEET]
    listed = [r[0] for r in tasks.iter_rows(min_row=2, values_only=True) if r[0]]
    # never another unit's assignment; its code with the task's text beside it
    assert listed == [f"{code(world.a_baohp)} — 2. Báo HP: Tăng cường tin bài"]
    row2 = [c.value for c in tasks[2]]
    assert row2[1] == "130/KH-STTTT" and "Các cơ quan báo chí" in row2[2]
    assert row2[3] == "Báo Hải Phòng" and row2[5] == "31/12/2030"

    channels = [r[0] for r in wb[LISTS_SHEET].iter_rows(min_row=2, max_col=1, values_only=True)]
    assert channels[:3] == ["Báo chí", "Truyền hình", "Phát thanh"]
    assert "Loa truyền thanh cơ sở" in channels

    formulas = {dv.formula1: str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert f"'{ASSIGNMENT_SHEET}'!$A$2:$A$2" in formulas
    assert f"'{LISTS_SHEET}'!$A$2:$A${len(Channel) + 1}" in formulas
    assert any("E$2" in f for f in formulas)  # themes of the plan
    assert wb[HELP_SHEET]["A1"].value.startswith("HƯỚNG DẪN")


def test_template_for_department_staff_lists_every_active_assignment(world):
    closed = Plan.objects.create(code="1/KH-STTTT", summary="Đã kết thúc",
                                 status=PlanStatus.CLOSED)
    item = PlanItem.objects.create(plan=closed, number="1", title="Cũ")
    Assignment.objects.create(plan=closed, item=item, lead_unit=world.baohp, task="Cũ",
                              due_date=dt.date(2021, 1, 1))
    wb = load_workbook(io.BytesIO(build_template(world.staff)))
    listed = [r[0] for r in wb[ASSIGNMENT_SHEET].iter_rows(min_row=2, values_only=True) if r[0]]
    assert sorted(v.split(" — ")[0] for v in listed) == sorted(
        [code(world.a_baohp), code(world.a_baoan)])


def test_template_as_downloaded_has_nothing_to_import(world):
    result = parse_activities(build_template(world.alice), world.alice)
    assert [e.code for e in result.errors] == ["no_rows"]


def test_parsing_costs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    world.a_baoan.supporting_units.add(world.baohp)
    rows = [row(code(a), title=f"Bài {i}", theme="Đổi mới giáo dục và đào tạo")
            for i in range(200) for a in (world.a_baohp, world.a_baoan)]
    with django_assert_max_num_queries(8):
        result = parse_activities(workbook_bytes(rows), world.alice)
    assert result.ok and len(result.rows) == 400


def test_template_without_assignments_still_opens(world):
    wb = load_workbook(io.BytesIO(build_template(world.viewer)))
    assert "Chưa có nhiệm vụ" in wb[ASSIGNMENT_SHEET]["A2"].value


def test_round_trip_filled_template_imports(world):
    wb = load_workbook(io.BytesIO(build_template(world.alice)))
    ws = wb[ACTIVITY_SHEET]
    assignment = wb[ASSIGNMENT_SHEET]["A2"].value
    channel = wb[LISTS_SHEET]["A2"].value
    theme = wb[LISTS_SHEET]["E2"].value
    ws.append([assignment, channel, "Bài mới về chuyển đổi số", YESTERDAY,
               "https://baohaiphong.vn/bai-3", None, 3400, theme, "Trang 2"])
    ws.append([assignment, "Truyen hinh", "Phóng sự", YESTERDAY.strftime("%d/%m/%Y"), None, 12.5])
    out = io.BytesIO()
    wb.save(out)

    result = parse_activities(out.getvalue(), world.alice)
    assert not result.errors
    assert [r.number for r in result.rows] == [3, 4]  # the sample row 2 is skipped
    assert result.ok, codes(result)
    before = Activity.objects.count()
    assert import_activities(result, world.alice) == 2
    assert Activity.objects.count() == before + 2
    article = Activity.objects.get(title="Bài mới về chuyển đổi số")
    assert article.assignment == world.a_baohp and article.unit == world.baohp
    assert article.plan == world.plan and article.channel == Channel.PRESS
    assert article.theme == world.theme and article.reach == 3400 and article.note == "Trang 2"
    assert article.source == ActivitySource.SPREADSHEET and article.created_by == world.alice
    assert article.history.first().history_user == world.alice
    report = Activity.objects.get(title="Phóng sự")
    assert report.channel == Channel.TELEVISION and report.airtime_minutes == Decimal("12.5")


# --- valid and invalid rows ----------------------------------------------------------------------
def test_valid_file_imports_every_row(world):
    data = workbook_bytes([
        row(code(world.a_baohp), "Báo chí", "Bài 1", url="baohaiphong.vn/bai-1"),
        row(f"nv-{world.a_baohp.pk}", "cong thong tin dien tu", "Bài 2"),
        row(str(world.a_baohp.pk), "LOA TRUYEN THANH CO SO", "Bản tin", airtime="2,5"),
        row(code(world.a_baohp), "Zalo", "Bài 4", reach="12.345"),
    ])
    result = parse_activities(data, world.alice)
    assert result.ok, codes(result)
    assert import_activities(result, world.alice) == 4
    mine = Activity.objects.filter(source=ActivitySource.SPREADSHEET)
    assert mine.count() == 4
    assert set(mine.values_list("unit", flat=True)) == {world.baohp.pk}
    assert mine.get(title="Bài 1").url == "https://baohaiphong.vn/bai-1"
    assert mine.get(title="Bài 2").channel == Channel.E_PORTAL
    assert mine.get(title="Bản tin").airtime_minutes == Decimal("2.5")
    assert mine.get(title="Bài 4").reach == 12345


def test_one_bad_row_blocks_the_file_until_the_valid_rows_are_confirmed(world):
    data = workbook_bytes([
        row(code(world.a_baohp), title="Đúng 1"),
        row(code(world.a_baohp), title="Tương lai", date=timezone.localdate() + dt.timedelta(2)),
        row(code(world.a_baohp), title="Đúng 2"),
    ])
    before = Activity.objects.count()
    result = parse_activities(data, world.alice)
    assert not result.ok and not result.errors
    assert [r.ok for r in result.rows] == [True, False, True]
    assert result.rows[1].errors[0].column == "published_on"
    with pytest.raises(ImportRefused) as refused:
        import_activities(result, world.alice)
    assert refused.value.code == "row_errors"
    assert Activity.objects.count() == before

    assert import_activities(result, world.alice, include_partial=True) == 2
    assert set(Activity.objects.filter(source="xlsx").values_list("title", flat=True)) == {
        "Đúng 1", "Đúng 2"}


def test_another_units_assignment_is_not_found(world):
    closed_plan = Plan.objects.create(code="2/KH", summary="x", status=PlanStatus.CLOSED)
    item = PlanItem.objects.create(plan=closed_plan, number="1", title="x")
    old = Assignment.objects.create(plan=closed_plan, item=item, lead_unit=world.baohp, task="x",
                                    due_date=dt.date(2021, 1, 1))
    data = workbook_bytes([
        row(code(world.a_baoan)),  # Bob's
        row("NV-999999"),  # does not exist
        row(code(old)),  # a closed plan
        row("abc"),
        row(None, title="Không mã"),
    ])
    result = parse_activities(data, world.alice)
    assert codes(result) == [["assignment_not_found"]] * 4 + [["required"]]
    # The same answer whether the assignment exists elsewhere or not at all: nothing leaks.
    bob, missing = result.rows[0].errors[0].message, result.rows[1].errors[0].message
    assert bob.replace(code(world.a_baoan), "X") == missing.replace("NV-999999", "X")
    assert "Báo An ninh" not in bob
    assert not Activity.objects.filter(source="xlsx").exists()


@pytest.mark.parametrize("who", ["viewer", "inspector", "nobody"])
def test_readers_import_nothing(world, who):
    result = parse_activities(workbook_bytes([row(code(world.a_baohp))]), getattr(world, who))
    assert codes(result) == [["assignment_not_found"]]


def test_department_staff_may_import_for_any_unit(world):
    result = parse_activities(workbook_bytes([row(code(world.a_baoan), title="Của Sở")]),
                              world.staff)
    assert result.ok
    import_activities(result, world.staff)
    assert Activity.objects.get(title="Của Sở").unit == world.baoan


def test_supporting_unit_records_under_its_own_name(world):
    world.a_baoan.supporting_units.add(world.baohp)
    result = parse_activities(workbook_bytes([row(code(world.a_baoan), title="Phối hợp")]),
                              world.alice)
    assert result.ok, codes(result)
    import_activities(result, world.alice)
    activity = Activity.objects.get(title="Phối hợp")
    assert activity.unit == world.baohp and activity.assignment == world.a_baoan


def test_dates_as_excel_dates_text_and_serial_numbers(world):
    data = workbook_bytes([
        row(code(world.a_baohp), title="Ngày thật", date=dt.date(2024, 3, 5)),
        row(code(world.a_baohp), title="Ngày giờ", date=dt.datetime(2024, 3, 6, 9, 30)),
        row(code(world.a_baohp), title="Chữ", date="07/03/2024"),
        row(code(world.a_baohp), title="Chữ ngắn", date="8/3/2024"),
        row(code(world.a_baohp), title="ISO", date="2024-03-09"),
        row(code(world.a_baohp), title="Số", date=45361),  # 10/03/2024 in a General cell
        row(code(world.a_baohp), title="Sai", date="31/02/2024"),
        row(code(world.a_baohp), title="Chữ sai", date="hôm qua"),
        row(code(world.a_baohp), title="Tháng đầu", date="03/05/2024"),
    ])
    result = parse_activities(data, world.alice)
    dates = {r.values["title"]: r.activity.published_on for r in result.rows if r.ok}
    assert dates == {
        "Ngày thật": dt.date(2024, 3, 5), "Ngày giờ": dt.date(2024, 3, 6),
        "Chữ": dt.date(2024, 3, 7), "Chữ ngắn": dt.date(2024, 3, 8),
        "ISO": dt.date(2024, 3, 9), "Số": dt.date(2024, 3, 10),
        "Tháng đầu": dt.date(2024, 5, 3),  # day first, as written in Vietnam
    }
    assert codes(result)[6:8] == [["bad_date"], ["bad_date"]]


@pytest.mark.parametrize("written, expected", [
    ("Báo chí", Channel.PRESS), ("bao chi", Channel.PRESS), ("BÁO CHÍ", Channel.PRESS),
    ("Truyen hinh", Channel.TELEVISION), ("phat thanh", Channel.RADIO),
    ("Cổng TTĐT", Channel.E_PORTAL), ("cong ttdt", Channel.E_PORTAL),
    ("loa", Channel.LOUDSPEAKER), ("Su kien", Channel.EVENT), ("facebook", Channel.FACEBOOK),
    ("youtube", Channel.YOUTUBE), ("e_portal", Channel.E_PORTAL),
    ("Television", Channel.TELEVISION),
])
def test_channels_with_or_without_diacritics(world, written, expected):
    data = workbook_bytes([row(code(world.a_baohp), written, airtime=5)])
    result = parse_activities(data, world.alice)
    assert result.ok, codes(result)
    assert result.rows[0].activity.channel == expected


def test_model_rules_and_numbers(world):
    other_plan = Plan.objects.create(code="9/KH", summary="Khác", status=PlanStatus.ACTIVE)
    Theme.objects.create(plan=other_plan, title="Chủ đề kế hoạch khác")
    other_item = PlanItem.objects.create(plan=other_plan, number="1", title="Khác")
    Assignment.objects.create(plan=other_plan, item=other_item, lead_unit=world.baohp,
                              task="Khác", due_date=dt.date(2030, 1, 1))  # Alice sees the plan
    data = workbook_bytes([
        row(code(world.a_baohp), "Truyền hình", "Không thời lượng"),
        row(code(world.a_baohp), "Phát thanh", "Thời lượng chữ", airtime="mười lăm"),
        row(code(world.a_baohp), "Báo chí", "Lượt chữ", reach="nhiều"),
        row(code(world.a_baohp), "Báo chí", "Lượt lẻ", reach=12.5),
        row(code(world.a_baohp), "Báo chí", "Lượt âm", reach=-3),
        row(code(world.a_baohp), "Phát thanh", "Thời lượng âm", airtime=-1),
        row(code(world.a_baohp), "Báo chí", "Chủ đề khác", theme="Chủ đề kế hoạch khác"),
        row(code(world.a_baohp), "Báo chí", "Chủ đề lạ", theme="Không có"),
        row(code(world.a_baohp), "Báo chí", "x" * 501),
        row(code(world.a_baohp), "Báo chí", "Link hỏng", url="http://"),
        row(code(world.a_baohp), "Báo nói", "Kênh lạ"),
        row(code(world.a_baohp), "Báo chí", None),
        row(code(world.a_baohp), "Báo chí", "Chủ đề đúng", theme="doi moi giao duc va dao tao"),
    ])
    result = parse_activities(data, world.alice)
    assert codes(result) == [
        ["invalid_airtime_minutes"], ["bad_number"], ["bad_number"], ["bad_number"],
        ["bad_number"], ["bad_number"], ["invalid_theme"], ["theme_not_found"],
        ["invalid_title"], ["invalid_url"], ["bad_channel"], ["required"], [],
    ]
    assert [r.errors[0].column for r in result.rows[:-1]] == [
        "airtime_minutes", "airtime_minutes", "reach", "reach", "reach", "airtime_minutes",
        "theme", "theme", "title", "url", "channel", "title"]
    assert result.rows[-1].activity.theme == world.theme
    assert all(str(e) for r in result.rows for e in r.errors)


def test_duplicates_of_existing_activities_and_of_earlier_rows(world):
    existing = world.act_baohp  # "Bài về đổi mới giáo dục", 20/09/2020, press
    data = workbook_bytes([
        row(code(world.a_baohp), "bao chi", "bài về đổi mới  giáo dục", date="20/09/2020"),
        row(code(world.a_baohp), "Báo chí", "Hai lần", date="01/10/2020"),
        row(code(world.a_baohp), "Báo chí", "Hai lần", date=dt.date(2020, 10, 1)),
        row(code(world.a_baohp), "Cổng thông tin điện tử", "Hai lần", date="01/10/2020"),
    ])
    result = parse_activities(data, world.alice)
    assert codes(result) == [["duplicate_existing"], [], ["duplicate_row"], []]
    assert "3" in result.rows[2].errors[0].message  # "same as row 3"
    assert existing.title in Activity.objects.values_list("title", flat=True)


def test_blank_rows_are_skipped_and_rows_numbered_as_excel_shows(world):
    data = workbook_bytes([
        row(code(world.a_baohp), title="Dòng 2"),
        [None] * 9,
        ["  ", None, "", None],
        row(code(world.a_baohp), title="Dòng 5"),
    ])
    result = parse_activities(data, world.alice)
    assert [(r.number, r.values["title"]) for r in result.rows] == [(2, "Dòng 2"), (5, "Dòng 5")]


def test_headers_renamed_reordered_or_in_english(world):
    headers = ["Channel", "Assignment code", "TIEU DE", "Ngày đăng", "Link", "Cột riêng"]
    data = workbook_bytes([["Báo chí", code(world.a_baohp), "Đảo cột", "05/01/2024", "", "x"]],
                          headers=headers)
    result = parse_activities(data, world.alice)
    assert result.ok, (result.errors, codes(result))
    assert "Cột riêng" in result.notes[0]


def test_header_below_a_title_row(world):
    wb = Workbook()
    ws = wb.active
    ws.append(["BÁO CÁO HOẠT ĐỘNG THÁNG 9"])
    ws.append([])
    ws.append(HEADERS)
    ws.append(row(code(world.a_baohp), title="Dưới tiêu đề"))
    out = io.BytesIO()
    wb.save(out)
    result = parse_activities(out.getvalue(), world.alice)
    assert result.ok and result.rows[0].number == 4


# --- broken files --------------------------------------------------------------------------------
def valid_bytes(world):
    return workbook_bytes([row(code(world.a_baohp), title="Hợp lệ")])


def zip_bytes(members):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return out.getvalue()


def zero_bomb(size):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w") as member:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(size // len(chunk)):
                member.write(chunk)
    return out.getvalue()


def ole(*streams):
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504
    body = b"".join(name.encode("utf-16-le") + b"\0" * 32 for name in streams)
    return header + body + b"\0" * 1024


def too_many_rows(world):
    return workbook_bytes([row(code(world.a_baohp), title=f"Bài {i}") for i in range(6)])


def wrong_headers(world):
    return workbook_bytes([row(code(world.a_baohp))],
                          headers=["Mã nhiệm vụ", "Kênh", "Tên bài viết", "Ngày", "Đường dẫn"])


def no_header(world):
    return workbook_bytes([["a", "b", "c"], [1, 2, 3]], headers=None)


BROKEN = {
    "random bytes": (lambda w: os.urandom(4096), "not_xlsx"),
    "empty bytes": (lambda w: b"", "empty_file"),
    "csv renamed": (lambda w: "Mã nhiệm vụ,Kênh,Tiêu đề\nNV-1,Báo chí,Bài\n".encode(),
                    "not_xlsx"),
    "long csv renamed": (lambda w: ("NV-1,Báo chí,Bài đăng tuyên truyền\n" * 300).encode(),
                         "not_xlsx"),
    "html renamed": (lambda w: b"<html><body>export</body></html>", "not_xlsx"),
    "truncated zip": (lambda w: valid_bytes(w)[: len(valid_bytes(w)) // 2], "damaged"),
    "zip bomb (total size)": (lambda w: zero_bomb(60 * 1024 * 1024), "too_large_inside"),
    "zip bomb (ratio)": (lambda w: zero_bomb(8 * 1024 * 1024), "too_large_inside"),
    "docx renamed": (lambda w: zip_bytes({"[Content_Types].xml": "<Types/>",
                                          "word/document.xml": "<w:document/>"}), "not_xlsx"),
    "plain zip": (lambda w: zip_bytes({"notes.txt": "hello"}), "not_xlsx"),
    "xlsx parts with garbage": (lambda w: zip_bytes({"[Content_Types].xml": "garbage",
                                                     "xl/workbook.xml": "<<<"}), "damaged"),
    "encrypted workbook": (lambda w: ole("EncryptionInfo", "EncryptedPackage"), "encrypted"),
    "old xls": (lambda w: ole("Workbook", "SummaryInformation"), "old_format"),
    "empty workbook": (lambda w: workbook_bytes([], headers=None), "empty"),
    "header only": (lambda w: workbook_bytes([]), "no_rows"),
    "no header": (no_header, "no_header"),
    "renamed columns": (wrong_headers, "missing_columns"),
    "too many rows": (too_many_rows, "too_many_rows"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_broken_files_give_a_clear_message_and_create_nothing(world, settings, case):
    settings.LOA_MAX_IMPORT_ROWS = 5
    make, expected = BROKEN[case]
    before = Activity.objects.count()
    result = parse_activities(make(world), world.alice)
    assert [e.code for e in result.errors] == [expected]
    assert not result.rows and not result.ok
    assert len(str(result.errors[0])) > 15
    with pytest.raises(ImportRefused):
        import_activities(result, world.alice, include_partial=True)
    assert Activity.objects.count() == before


def test_missing_columns_are_named(world):
    result = parse_activities(wrong_headers(world), world.alice)
    message = result.errors[0].message
    assert "Tiêu đề" in message and "Tên bài viết" in message
    assert "Ngày đăng" not in message  # "Ngày" is accepted for the date


def test_file_over_the_upload_limit_is_refused(world, settings):
    settings.LOA_MAX_UPLOAD_MB = 1
    result = parse_activities(b"PK" + os.urandom(1024 * 1024 + 10), world.alice)
    assert [e.code for e in result.errors] == ["too_large"]


def test_parser_reads_paths_and_file_objects(world, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(valid_bytes(world))
    assert parse_activities(path, world.alice).ok
    with open(path, "rb") as handle:
        assert parse_activities(handle, world.alice).ok


# --- importing is atomic and re-checks access ----------------------------------------------------
def test_import_rechecks_access_at_save_time(world):
    from django.contrib.auth import get_user_model

    result = parse_activities(valid_bytes(world), world.alice)
    assert result.ok
    Membership.objects.filter(user=world.alice).delete()
    alice = get_user_model().objects.get(pk=world.alice.pk)  # a fresh request's user
    with pytest.raises(ImportRefused) as refused:
        import_activities(result, alice)
    assert refused.value.code == "access_changed"
    assert not Activity.objects.filter(source="xlsx").exists()


def test_import_refuses_when_the_plan_closed_meanwhile(world):
    result = parse_activities(valid_bytes(world), world.alice)
    Plan.objects.filter(pk=world.plan.pk).update(status=PlanStatus.CLOSED)
    with pytest.raises(ImportRefused):
        import_activities(result, world.alice)
    assert not Activity.objects.filter(source="xlsx").exists()


def test_import_refuses_rows_recorded_meanwhile(world):
    result = parse_activities(valid_bytes(world), world.alice)
    Activity.objects.create(assignment=world.a_baohp, channel=Channel.PRESS, title="Hợp lệ",
                            published_on=YESTERDAY)
    with pytest.raises(ImportRefused) as refused:
        import_activities(result, world.alice)
    assert refused.value.code == "duplicate_existing"
    assert Activity.objects.filter(title="Hợp lệ").count() == 1


def test_import_is_all_or_nothing(world, monkeypatch):
    """The activities are inserted, then their audit records: when writing the audit fails,
    the activities are gone too (one transaction)."""
    rows = [row(code(world.a_baohp), title=f"Bài {i}") for i in range(3)]
    result = parse_activities(workbook_bytes(rows), world.alice)
    history = Activity.history.model.objects
    inserted = []
    original = Activity.objects.bulk_create

    def counting_bulk_create(objs, *args, **kwargs):
        created = original(objs, *args, **kwargs)
        inserted.extend(created)
        return created

    def failing_history(*args, **kwargs):
        assert Activity.objects.filter(source="xlsx").count() == 3  # inside the transaction
        raise RuntimeError("disk full")

    monkeypatch.setattr(Activity.objects, "bulk_create", counting_bulk_create)
    monkeypatch.setattr(history, "bulk_create", failing_history)
    with pytest.raises(RuntimeError):
        import_activities(result, world.alice)
    monkeypatch.undo()
    assert len(inserted) == 3
    assert not Activity.objects.filter(source="xlsx").exists()


def test_imported_activities_are_audited_with_the_person(world):
    rows = [row(code(world.a_baohp), title=f"Bài {i}") for i in range(3)]
    assert import_activities(parse_activities(workbook_bytes(rows), world.alice),
                             world.alice) == 3
    records = Activity.history.filter(source="xlsx")
    assert records.count() == 3
    assert {r.history_user for r in records} == {world.alice}
    assert {r.history_type for r in records} == {"+"}


# --- export --------------------------------------------------------------------------------------
def exported(plan, user):
    wb = load_workbook(io.BytesIO(export_plan_activities(plan, user)), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(values_only=True))
    wb.close()
    return rows[0], rows[1:]


def test_export_contains_only_the_rows_the_person_may_see(world):
    _header, alice_rows = exported(world.plan, world.alice)
    assert [r[4] for r in alice_rows] == ["Bài về đổi mới giáo dục"]
    _header, bob_rows = exported(world.plan, world.bob)
    assert [r[4] for r in bob_rows] == ["Bài của Báo An ninh"]
    _header, staff_rows = exported(world.plan, world.staff)
    assert len(staff_rows) == 2


def test_export_columns_and_values(world):
    world.act_baohp.airtime_minutes = Decimal("3.5")
    world.act_baohp.reach = 77
    world.act_baohp.created_by = world.alice
    world.act_baohp.save()
    Activity.objects.create(assignment=world.a_baohp, channel=Channel.PRESS,
                            title="=HYPERLINK(\"http://evil\")", published_on=YESTERDAY)
    header, rows = exported(world.plan, world.alice)
    assert len(header) == 13
    first = rows[0]
    assert first[0] == code(world.a_baohp)
    assert first[1] == "Báo Hải Phòng" and first[2] == "2. Các cơ quan báo chí"
    assert first[5].date() == dt.date(2020, 9, 20)
    assert first[6] == "https://baohaiphong.vn/bai-1"
    assert first[7] == 3.5 and first[8] == 77 and first[9] == "Đổi mới giáo dục và đào tạo"
    assert first[12] == "alice"
    assert rows[1][4] == "=HYPERLINK(\"http://evil\")"  # kept as text, not a formula


def test_export_of_many_rows(world):
    Activity.objects.bulk_create([
        Activity(assignment=world.a_baoan, plan=world.plan, unit=world.baoan,
                 channel=Channel.FACEBOOK, title=f"Bài đăng {i}",
                 published_on=dt.date(2021, 1, 1) + dt.timedelta(days=i % 300))
        for i in range(5000)
    ])
    _header, rows = exported(world.plan, world.bob)
    assert len(rows) == 5001
    _header, rows = exported(world.plan, world.alice)
    assert len(rows) == 1


def test_a_csv_file_is_named_as_such(world):
    data = ("Mã nhiệm vụ;Kênh;Tiêu đề\n" + "NV-1;Báo chí;Bài đăng tuyên truyền\n" * 300).encode()
    result = parse_activities(data, world.alice)
    assert "CSV" in result.errors[0].message


def test_imported_text_keeps_the_units_spelling(world):
    decomposed = "Văn hóa".replace("ó", "o\u0301")  # "o" + combining acute, as some tools write
    data = workbook_bytes(
        [row(code(world.a_baohp), "Báo chí", f"Hội thảo {decomposed} và thuỷ sản")])
    result = parse_activities(data, world.alice)
    assert result.ok, codes(result)
    assert result.rows[0].activity.title == "Hội thảo Văn hóa và thuỷ sản"
