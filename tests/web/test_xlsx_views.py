"""Spreadsheet pages: template download, upload → check → import or confirm, plan export."""

import datetime as dt
import io
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from loa.plans.models import Activity, ActivitySource, Assignment, Channel, Plan, PlanStatus
from loa.plans.spreadsheet import (
    ACTIVITY_SHEET,
    ASSIGNMENT_SHEET,
    COLUMNS,
    assignment_code,
    assignment_label,
)
from loa.web.views.spreadsheets import SESSION_KEY

IMPORT = reverse("activity_import")
TEMPLATE = reverse("activity_import_template")
YESTERDAY = timezone.localdate() - dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """Waiting uploads go to a temporary data directory."""
    settings.DATA_DIR = tmp_path / "data"
    return settings.DATA_DIR


def export_url(plan):
    return reverse("plan_activities_export", args=[plan.pk])


def xlsx(rows, name="bao-cao.xlsx"):
    wb = Workbook()
    ws = wb.active
    ws.title = ACTIVITY_SHEET
    ws.append([c.header for c in COLUMNS])
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


def good(world, title, channel="Báo chí"):
    return [assignment_code(world.a_baohp.pk), channel, title, YESTERDAY]


def uploads(data_dir):
    folder = Path(data_dir) / "uploads"
    return sorted(folder.glob("*")) if folder.exists() else []


# --- access --------------------------------------------------------------------------------------
def test_signed_out_goes_to_login(world, client):
    for url in (IMPORT, TEMPLATE, export_url(world.plan)):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("who", ["viewer", "nobody"])
def test_people_who_record_nothing_get_404(world, as_user, who):
    client = as_user(getattr(world, who))
    assert client.get(IMPORT).status_code == 404
    assert client.get(TEMPLATE).status_code == 404
    assert client.post(IMPORT, {"file": xlsx([good(world, "Lén")])}).status_code == 404
    assert not Activity.objects.filter(title="Lén").exists()
    # the same answer as the other import page refused to them
    assert client.get("/plans/import/").status_code == 404


def test_the_inspectorate_imports_its_own_tasks_only(world, as_user):
    """The inspector reads everything but records only the inspectorate's own tasks: the
    template lists those, and a row for another unit's task is refused."""
    own = Assignment.objects.create(plan=world.plan, item=world.item, lead_unit=world.dept,
                                    task="Kiểm tra mạng xã hội", due_date=dt.date(2030, 1, 1))
    client = as_user(world.inspector)
    assert client.get(IMPORT).status_code == 200
    assert client.get("/plans/import/").status_code == 404
    wb = load_workbook(io.BytesIO(client.get(TEMPLATE).content))
    listed = [r[0] for r in wb[ASSIGNMENT_SHEET].iter_rows(min_row=2, values_only=True)]
    assert listed == [assignment_label(own)]
    row = [assignment_code(own.pk), "Facebook", "Rà soát tin giả", YESTERDAY]
    response = client.post(IMPORT, {"file": xlsx([row])})
    assert response.status_code == 302
    assert Activity.objects.get(title="Rà soát tin giả").unit == world.dept
    refused = client.post(IMPORT, {"file": xlsx([good(world, "Không phải việc của tôi")])})
    assert refused.status_code == 200 and refused.context["invalid_count"] == 1
    assert not Activity.objects.filter(title="Không phải việc của tôi").exists()


def test_template_download(world, as_user):
    response = as_user(world.alice).get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''M%E1%BA%AB" in disposition
    wb = load_workbook(io.BytesIO(response.content))
    codes = [r[0] for r in wb[ASSIGNMENT_SHEET].iter_rows(min_row=2, values_only=True)]
    # the code with the task's text beside it, never a bare "NV-3"
    assert codes == [f"{assignment_code(world.a_baohp.pk)} — 2. Báo HP: Tăng cường tin bài"]


def test_bob_cannot_export_alices_data(world, as_user):
    response = as_user(world.bob).get(export_url(world.plan))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert [(r[1], r[4]) for r in rows] == [("Báo An ninh Hải Phòng", "Bài của Báo An ninh")]


def test_export_for_the_department_has_every_unit(world, as_user):
    response = as_user(world.inspector).get(export_url(world.plan))
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(wb.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert sorted(r[1] for r in rows) == ["Báo An ninh Hải Phòng", "Báo Hải Phòng"]


def test_export_of_a_plan_of_others_is_404(world, as_user):
    other = Plan.objects.create(code="7/KH-UBND", summary="Kế hoạch khác",
                                status=PlanStatus.ACTIVE)
    assert as_user(world.alice).get(export_url(other)).status_code == 404
    assert as_user(world.nobody).get(export_url(world.plan)).status_code == 404
    world.plan.status = PlanStatus.DRAFT
    world.plan.save()
    assert as_user(world.bob).get(export_url(world.plan)).status_code == 404
    assert as_user(world.staff).get(export_url(world.plan)).status_code == 200


# --- the import flow -----------------------------------------------------------------------------
def test_form_offers_the_template(world, as_user):
    page = as_user(world.alice).get(IMPORT)
    assert page.status_code == 200
    assert TEMPLATE in page.content.decode()
    assert 'enctype="multipart/form-data"' in page.content.decode()


def test_valid_file_is_imported_at_once(world, as_user, vietnamese, data_dir):
    client = as_user(world.alice)
    response = client.post(IMPORT, {"file": xlsx([good(world, "Bài 1"), good(world, "Bài 2")])},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("my_unit")
    assert "Đã nhập 2 hoạt động" in response.content.decode()
    imported = Activity.objects.filter(source=ActivitySource.SPREADSHEET)
    assert sorted(imported.values_list("title", flat=True)) == ["Bài 1", "Bài 2"]
    assert set(imported.values_list("created_by", flat=True)) == {world.alice.pk}
    assert uploads(data_dir) == []


def test_file_with_errors_imports_nothing_until_confirmed(world, as_user, vietnamese, data_dir):
    client = as_user(world.alice)
    rows = [
        good(world, "Hợp lệ 1"),
        [assignment_code(world.a_baoan.pk), "Báo chí", "Của Bob", YESTERDAY],
        good(world, "Thiếu thời lượng", channel="truyen hinh"),
        good(world, "Hợp lệ 2"),
    ]
    page = client.post(IMPORT, {"file": xlsx(rows)})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Chưa có hoạt động nào được nhập" in html
    assert "Không tìm thấy nhiệm vụ" in html and "Báo An ninh" not in html
    assert 'class="loa-row-error" id="row-3"' in html and 'class="loa-row-error" id="row-4"' in html
    assert 'class="loa-row-ok" id="row-2"' in html
    assert "Nhập 2 dòng hợp lệ" in html
    assert not Activity.objects.filter(source="xlsx").exists()

    # The file waits under a random name known only to the session.
    [waiting] = uploads(data_dir)
    assert client.session[SESSION_KEY]["token"] in waiting.name

    response = client.post(IMPORT, {"action": "confirm", "valid_count": "2"}, follow=True)
    assert "Đã nhập 2 hoạt động" in response.content.decode()
    assert sorted(Activity.objects.filter(source="xlsx").values_list("title", flat=True)) == [
        "Hợp lệ 1", "Hợp lệ 2"]
    assert uploads(data_dir) == [] and SESSION_KEY not in client.session

    # Confirming again finds nothing to import.
    again = client.post(IMPORT, {"action": "confirm", "valid_count": "2"}, follow=True)
    assert "Không có tệp nào đang chờ nhập" in again.content.decode()
    assert Activity.objects.filter(source="xlsx").count() == 2


def test_cancel_deletes_the_waiting_file(world, as_user, data_dir):
    client = as_user(world.alice)
    client.post(IMPORT, {"file": xlsx([good(world, "Một"), ["NV-999999", "Báo chí", "x",
                                                              YESTERDAY]])})
    assert len(uploads(data_dir)) == 1
    response = client.post(IMPORT, {"action": "cancel"})
    assert response.status_code == 302
    assert uploads(data_dir) == [] and SESSION_KEY not in client.session
    assert not Activity.objects.filter(source="xlsx").exists()


def test_confirm_shows_the_rows_again_when_the_result_changed(world, as_user):
    client = as_user(world.alice)
    client.post(IMPORT, {"file": xlsx([good(world, "Một"), good(world, "Hai"),
                                       ["NV-999999", "Báo chí", "x", YESTERDAY]])})
    # Meanwhile "Một" is recorded by the form: only one row is still valid.
    Activity.objects.create(assignment=world.a_baohp, channel=Channel.PRESS, title="Một",
                            published_on=YESTERDAY)
    response = client.post(IMPORT, {"action": "confirm", "valid_count": "2"})
    assert response.status_code == 409
    assert not Activity.objects.filter(title="Hai").exists()
    response = client.post(IMPORT, {"action": "confirm", "valid_count": "1"})
    assert response.status_code == 302
    assert Activity.objects.filter(title="Hai").count() == 1
    assert Activity.objects.filter(title="Một").count() == 1


def test_another_person_cannot_confirm_a_waiting_file(world, as_user, client, data_dir):
    as_user(world.alice).post(IMPORT, {"file": xlsx([good(world, "A"), ["x", "y", "z", "w"]])})
    token = client.session[SESSION_KEY]["token"]
    client.logout()
    bob = as_user(world.bob)
    session = bob.session
    session[SESSION_KEY] = {"token": token, "user": world.alice.pk, "name": "x"}
    session.save()
    bob.post(IMPORT, {"action": "confirm", "valid_count": "1"})
    assert not Activity.objects.filter(title="A").exists()


def test_path_from_the_session_is_only_a_token(world, as_user, data_dir):
    client = as_user(world.alice)
    session = client.session
    session[SESSION_KEY] = {"token": "../../secret_key", "user": world.alice.pk}
    session.save()
    response = client.post(IMPORT, {"action": "confirm", "valid_count": "0"})
    assert response.status_code == 302


@pytest.mark.parametrize("content, expected", [
    (b"\x00\x01garbage" * 100, "không phải tệp Excel"),
    (b"PK\x03\x04broken", "Tệp bị hỏng"),
    ("Mã nhiệm vụ,Kênh\nNV-1,Báo chí\n".encode(), "tệp văn bản hoặc CSV"),
])
def test_broken_upload_shows_a_message(world, as_user, vietnamese, data_dir, content, expected):
    client = as_user(world.alice)
    response = client.post(IMPORT, {"file": SimpleUploadedFile("bao-cao.xlsx", content)})
    assert response.status_code == 400
    html = response.content.decode()
    assert expected in html and "Chưa nhập hoạt động nào" in html
    assert uploads(data_dir) == []
    assert not Activity.objects.filter(source="xlsx").exists()


def test_upload_over_the_size_limit(world, as_user, settings, vietnamese):
    settings.LOA_MAX_UPLOAD_MB = 1
    big = SimpleUploadedFile("lon.xlsx", b"PK" + b"\0" * (1024 * 1024 + 100))
    response = as_user(world.alice).post(IMPORT, {"file": big})
    assert response.status_code == 413
    assert "dung lượng tối đa là 1 MB" in response.content.decode()


def test_upload_without_a_file(world, as_user):
    response = as_user(world.alice).post(IMPORT, {})
    assert response.status_code == 400
    assert not Activity.objects.filter(source="xlsx").exists()


# --- a workbook that lies about its size ---------------------------------------------------------
def lying_workbook(world) -> bytes:
    """A real .xlsx (about 1 MB) whose first sheet's zip directory claims 1 MiB but whose data
    inflates to 1 GiB: the upload that made the server allocate 2 GB before the shared guard."""
    from ..documents.test_container import MIB, Member, member, write_zip, zeros_stream

    out = io.BytesIO()
    Workbook().save(out)
    with zipfile.ZipFile(out) as z:
        members = [member(info.filename, z.read(info)) for info in z.infolist()]
    sheet = "xl/worksheets/sheet1.xml"
    xml = zlib.decompress(next(m for m in members if m.name == sheet).payload, -15)
    lying = Member(sheet, zeros_stream(xml, 1024), MIB, zlib.crc32(xml + bytes(MIB - len(xml))))
    return write_zip([lying if m.name == sheet else m for m in members])


def test_a_lying_workbook_is_refused_in_bounded_memory_and_not_kept(world, as_user, data_dir):
    data = lying_workbook(world)
    assert len(data) < 1.5 * 1024 * 1024
    client = as_user(world.alice)
    tracemalloc.start()
    try:
        response = client.post(IMPORT, {"file": SimpleUploadedFile("bao-cao.xlsx", data)})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 400
    assert "quá lớn" in " ".join(response.context["file_errors"])
    assert peak < 64 * 1024 * 1024, f"{peak / 2**20:.0f} MiB allocated"
    assert uploads(data_dir) == [] and not Activity.objects.filter(source="xlsx").exists()
