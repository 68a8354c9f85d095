"""Nhập kế hoạch: upload a plan document, follow its reading, review, confirm (department staff
only). The documents are our own transcription of plan 130/KH-STTTT and variations of it."""

import re
import socket
import subprocess
import sys
import tracemalloc
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from loa.jobs import runner
from loa.jobs.models import Job, JobStatus
from loa.org.models import Role, Unit, UnitKind
from loa.plans.importer import default_choices
from loa.plans.models import Assignment, Plan, PlanImport, PlanImportStatus, PlanStatus

from ..conftest import make_user

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "loa" / "documents" / "samples"
TRANSCRIPTION = (SAMPLES / "130-KH-STTTT.txt").read_text(encoding="utf-8")


def _people(u):
    return {
        "staff": make_user("staff", u["sotttt"], Role.DEPARTMENT_STAFF),
        "admin": make_user("admin", u["sotttt"], Role.ADMINISTRATOR),
        "inspector": make_user("inspector", u["thanhtra"], Role.INSPECTOR),
        "officer": make_user("officer", u["baohp"], Role.UNIT_OFFICER),
        "viewer": make_user("viewer", u["baohp"], Role.VIEWER),
        "nobody": make_user("nobody"),
    }


@pytest.fixture
def people(db):
    """Staff and others on a few units (pages that need no unit tree)."""
    dept = Unit.objects.create(name="Sở Thông tin và Truyền thông", kind=UnitKind.DEPARTMENT)
    return _people({
        "sotttt": dept,
        "thanhtra": Unit.objects.create(name="Thanh tra Sở", parent=dept,
                                        kind=UnitKind.DEPARTMENT_OFFICE),
        "baohp": Unit.objects.create(name="Báo Hải Phòng", kind=UnitKind.NEWSPAPER),
    })


@pytest.fixture
def people_hp(haiphong):
    """The same people on the demo's Hải Phòng units (imports that match units)."""
    return _people(haiphong.units)


def upload(client, name, content, **extra):
    return client.post("/plans/import/", {"document": SimpleUploadedFile(name, content)},
                       **extra)


def confirm_data(item, **extra):
    """What the review form posts when the reviewer accepts every proposal."""
    data = {key: "" for key in ["code", "date", "place", "issuer", "summary"]}
    for index, choice in enumerate(default_choices(item.proposal)):
        data[f"a{index}-pick"] = [f"unit:{pk}" for pk in choice["units"]] + \
                                 [f"group:{pk}" for pk in choice["groups"]]
    data.update(extra)
    return data


def test_the_transcription_becomes_an_active_plan_after_review(client, people_hp, haiphong,
                                                                vietnamese):
    client.force_login(people_hp["staff"])
    response = upload(client, "130-KH-STTTT.txt", TRANSCRIPTION.encode())
    item = PlanImport.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/import/{item.pk}/"
    assert item.status == PlanImportStatus.READY, (item.job.error_code, item.job.error_message)

    page = client.get(f"/plans/import/{item.pk}/").content.decode()
    assert "Kiểm tra kế hoạch trước khi tạo" in page
    assert 'value="130/KH-STTTT"' in page
    for heading in ["Sở Giáo dục và Đào tạo", "Phòng Thông tin, Báo chí và Xuất bản",
                    "Đài Truyền thanh các quận, huyện, xã, phường, thị trấn"]:
        assert heading in page
    assert "loa-written-unmatched" not in page  # every name found its unit
    assert Plan.objects.count() == 0  # nothing before "Xác nhận"

    response = client.post(f"/plans/import/{item.pk}/confirm/", confirm_data(item))
    plan = Plan.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/plans/{plan.pk}/"
    assert plan.status == PlanStatus.ACTIVE and plan.code == "130/KH-STTTT"
    assert plan.issuer == haiphong.units["sotttt"] and plan.original_file
    items = sorted(plan.items.values_list("number", flat=True))
    assert items == ["1", "2", "3", "4", "5", "6", "6.1", "6.2", "6.3"]
    # The plan of 2020 goes to the stations of the map of 2020 (the demo holds 2025's too).
    stations = Unit.objects.filter(kind__in=[UnitKind.DISTRICT_RADIO, UnitKind.COMMUNE_RADIO]
                                   ).valid_on(plan.issued_on).count()
    press = haiphong.groups["press"].members(plan.issued_on).count()
    assert plan.assignments.count() == 1 + 4 + 15 + stations + press + 3
    item.refresh_from_db()
    assert item.status == PlanImportStatus.CONFIRMED and item.plan == plan
    # Confirming again (a double click) creates nothing more.
    client.post(f"/plans/import/{item.pk}/confirm/", confirm_data(item))
    assert Plan.objects.count() == 1


UNKNOWN = TRANSCRIPTION.replace("6.3. Thanh tra Sở", "6.3. Sở Tài nguyên và Môi trường")


def test_an_unmatched_name_is_highlighted_and_must_be_decided(client, people_hp, haiphong,
                                                               vietnamese):
    client.force_login(people_hp["staff"])
    upload(client, "ke-hoach.txt", UNKNOWN.encode())
    item = PlanImport.objects.get()
    page = client.get(f"/plans/import/{item.pk}/").content.decode()
    assert re.search(r'<mark class="loa-written-unmatched"[^>]*>Sở Tài nguyên và Môi trường',
                     page)
    response = client.post(f"/plans/import/{item.pk}/confirm/", confirm_data(item))
    assert response.status_code == 400
    assert "Mục 6.3 chưa có đơn vị" in response.content.decode()
    assert not Plan.objects.exists() and not Assignment.objects.exists()

    # The reviewer types the unit in the picker: the plan is created with it.
    index = [e["item"] for e in item.proposal["assignments"]].index("6.3")
    response = client.post(f"/plans/import/{item.pk}/confirm/",
                           confirm_data(item, **{f"a{index}-add": "Thanh tra Sở"}))
    plan = Plan.objects.get()
    assert response.status_code == 302
    (inspection,) = plan.assignments.filter(item__number="6.3")
    assert inspection.lead_unit == haiphong.units["thanhtra"]


def test_a_name_typed_that_is_not_a_unit_is_refused(client, people_hp, haiphong, vietnamese):
    client.force_login(people_hp["staff"])
    upload(client, "ke-hoach.txt", UNKNOWN.encode())
    item = PlanImport.objects.get()
    index = [e["item"] for e in item.proposal["assignments"]].index("6.3")
    response = client.post(f"/plans/import/{item.pk}/confirm/",
                           confirm_data(item, **{f"a{index}-add": "Đơn vị không có thật"}))
    assert response.status_code == 400
    assert "không phải đơn vị trong danh bạ" in response.content.decode()
    assert not Plan.objects.exists()
    # Leaving the item out is a decision too.
    response = client.post(f"/plans/import/{item.pk}/confirm/",
                           confirm_data(item, **{f"a{index}-skip": "1"}))
    assert response.status_code == 302
    assert not Plan.objects.get().assignments.filter(item__number="6.3").exists()


@pytest.mark.parametrize("name, content, message", [
    ("trong.txt", b"", "Tệp rỗng"),
    ("ke-hoach.doc", b"\xd0\xcf\x11\xe0 old word", ".docx"),
    ("ke-hoach.exe", b"MZ\x90\x00", "Loa đọc được"),
])
def test_files_refused_at_upload(client, people, vietnamese, name, content, message):
    client.force_login(people["staff"])
    response = upload(client, name, content)
    assert response.status_code == 400 and message in response.content.decode()
    assert not PlanImport.objects.exists()


@pytest.mark.parametrize("name, content, message", [
    ("hong.pdf", b"%PDF-1.7\n garbage without any object", "bị hỏng"),
    ("rac.txt", bytes(range(256)) * 20, None),
    ("trang.txt", b"   \n\n  \n", "rỗng"),
])
def test_unreadable_documents_fail_with_a_message(client, people, vietnamese, name,
                                                  content, message):
    client.force_login(people["staff"])
    upload(client, name, content)
    item = PlanImport.objects.get()
    assert item.status == PlanImportStatus.FAILED and item.job.error_code != "internal"
    assert not item.original_file  # a refused upload is not kept
    page = client.get(f"/plans/import/{item.pk}/").content.decode()
    assert 'id="import-failure"' in page and "Chưa tạo gì." in page
    if message:
        assert message in page
    assert not Plan.objects.exists()


def test_a_request_over_the_limit_is_refused_before_reading(client, people, settings,
                                                             vietnamese):
    settings.LOA_MAX_UPLOAD_MB = 1
    client.force_login(people["staff"])
    response = upload(client, "to.txt", b"x" * (3 * 1024 * 1024))
    assert response.status_code == 413 and not PlanImport.objects.exists()


def test_progress_is_shown_while_the_document_is_read(client, people, settings, vietnamese):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(people["staff"])
    upload(client, "130.txt", TRANSCRIPTION.encode())
    item = PlanImport.objects.get()
    assert item.status == PlanImportStatus.QUEUED
    page = client.get(f"/plans/import/{item.pk}/").content.decode()
    assert 'id="job-progress"' in page and "<progress" in page
    job = item.job
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress_done=2,
                                         progress_total=5, worker=runner.this_worker(),
                                         started_at=timezone.now(), heartbeat_at=timezone.now())
    fragment = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert 'value="2" max="5"' in fragment.content.decode()
    assert "trang 2/5" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    page = client.get(f"/plans/import/{item.pk}/").content.decode()
    assert 'id="job-progress"' in page and f'hx-get="/jobs/{job.pk}/"' in page
    Job.objects.filter(pk=job.pk).update(status=JobStatus.DONE)
    done = client.get(job.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"
    assert client.get(job.get_absolute_url())["Location"] == f"/plans/import/{item.pk}/"


def test_a_reading_killed_half_way_is_failed_not_running_for_ever(client, people, settings,
                                                                   vietnamese):
    """The worker died while reading (its process is gone): the next look at the import, or
    the next start of a worker, marks it failed with a message."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    client.force_login(people["staff"])
    upload(client, "130.txt", TRANSCRIPTION.encode())
    item = PlanImport.objects.get()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Job.objects.filter(pk=item.job_id).update(
        status=JobStatus.RUNNING, worker=f"{socket.gethostname()}:{dead}:1",
        started_at=timezone.now(), heartbeat_at=timezone.now(), progress_done=1,
        progress_total=4)
    page = client.get(f"/plans/import/{item.pk}/").content.decode()
    assert 'id="import-failure"' in page and "bị gián đoạn" in page
    item.refresh_from_db()
    assert item.status == PlanImportStatus.FAILED and item.job.error_code == "interrupted"


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_and_its_worker_read_the_document(client, people, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client.force_login(people["staff"])
    upload(client, "130.txt", TRANSCRIPTION.encode())
    item = PlanImport.objects.get()
    assert item.status == PlanImportStatus.QUEUED
    call_command("worker", "--batch", verbosity=0)
    item.refresh_from_db()
    assert item.status == PlanImportStatus.READY and item.parsed["code"] == "130/KH-STTTT"


def test_only_department_staff_import_plans(client, people):
    client.force_login(people["staff"])
    upload(client, "130.txt", TRANSCRIPTION.encode())
    item = PlanImport.objects.get()
    addresses = [("get", "/plans/import/"), ("post", "/plans/import/"),
                 ("get", f"/plans/import/{item.pk}/"),
                 ("post", f"/plans/import/{item.pk}/confirm/"),
                 ("get", f"/plans/import/{item.pk}/original/")]
    for who in ["admin"]:
        client.force_login(people[who])
        for method, address in addresses[:3] + addresses[4:]:
            assert getattr(client, method)(address).status_code in (200, 400), (who, address)
    for who in ["inspector", "officer", "viewer", "nobody"]:
        client.force_login(people[who])
        for method, address in addresses:
            assert getattr(client, method)(address).status_code == 404, (who, address)
    assert not Plan.objects.exists() and PlanImport.objects.count() == 1
    client.logout()
    response = client.get("/plans/import/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_navigation_offers_the_import_to_staff_only(client, people, vietnamese):
    client.force_login(people["staff"])
    assert "Nhập kế hoạch" in client.get("/home/").content.decode()
    client.force_login(people["officer"])
    assert "Nhập kế hoạch" not in client.get("/my-unit/").content.decode()


NEWS = """Sáng 5/9, hơn 230 nghìn học sinh Hải Phòng dự lễ khai giảng năm học mới.
Năm nay thành phố có thêm 12 trường học được đưa vào sử dụng, nhiều trường đã hoàn thành
việc sửa chữa cơ sở vật chất trước ngày khai giảng."""


def test_a_document_that_is_not_a_plan_says_what_is_missing(client, people, vietnamese):
    client.force_login(people["staff"])
    upload(client, "tin-bai.txt", NEWS.encode())
    item = PlanImport.objects.get()
    assert item.status == PlanImportStatus.READY  # read: the review says what is missing
    codes = {w["code"] for w in item.parsed["warnings"]}
    assert {"no_code", "no_implementation"} <= codes
    page = client.get(f"/plans/import/{item.pk}/").content.decode()
    assert 'id="parse-warnings"' in page and "Không tìm thấy số, ký hiệu" in page
    response = client.post(f"/plans/import/{item.pk}/confirm/", confirm_data(item))
    assert response.status_code == 400
    assert "không có số, ký hiệu" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_misread_scan_is_corrected_and_the_review_says_so(client, people, vietnamese):
    """The sample as a wrong-language OCR left it: repaired while read; the review says so and
    keeps each line as first read."""
    client.force_login(people["staff"])
    upload(client, "130-KH-STTTT.ocr.txt",
           (SAMPLES / "130-KH-STTTT.ocr.txt").read_bytes())
    item = PlanImport.objects.get()
    assert item.status == PlanImportStatus.READY and item.document["repaired"]
    assert item.parsed["code"] == "130/KH-STTTT" and item.parsed["date"] == "2020-09-08"
    page = client.get(f"/plans/import/{item.pk}/").content.decode()
    assert 'id="reader-notes"' in page and "Loa đã tự sửa" in page
    assert "Bản đọc ban đầu: 6.2. Trung tdm Thong tin va Truyén thong" in page
    assert '>6.2. Trung tâm Thông tin và Truyền thông</textarea>' in page
    # the words the engine changed are marked, with what it read first
    assert '<mark class="loa-changed" title="Đọc được là “tdm”, Loa đã sửa">tâm</mark>' in page
    assert "rê chuột" not in page


def test_a_lying_docx_is_refused_at_upload_and_never_stored(client, people, settings, tmp_path,
                                                            vietnamese):
    """The .docx whose document.xml claims 1 MiB and inflates to 1 GiB: refused by the shared
    container guard before anything is stored or queued, in bounded memory."""
    from ..documents.test_container import MIB, Member, docx_members, write_zip, zeros_stream

    settings.MEDIA_ROOT = tmp_path
    members = docx_members()
    xml = zlib.decompress(next(m for m in members if m.name == "word/document.xml").payload, -15)
    lying = Member("word/document.xml", zeros_stream(xml, 1024), MIB,
                   zlib.crc32(xml + bytes(MIB - len(xml))))
    data = write_zip([lying if m.name == lying.name else m for m in members])
    client.force_login(people["staff"])
    tracemalloc.start()
    try:
        response = upload(client, "ke-hoach.docx", data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 400 and "quá lớn" in response.content.decode()
    assert peak < 64 * MIB, f"{peak / MIB:.0f} MiB allocated"
    assert not PlanImport.objects.exists() and not any(tmp_path.rglob("*.docx"))
