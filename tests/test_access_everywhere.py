"""Every page that shows or changes a unit's data answers 404 to another unit.

The page tests check each view in detail; this one walks the URL configuration so that a new
page with an object in its address cannot be added without being checked here."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from loa.jobs.models import Job, JobStatus
from loa.plans.models import (
    Activity,
    Assignment,
    Channel,
    Plan,
    PlanImport,
    PlanItem,
    PlanStatus,
)


def named_object_urls():
    names = set()

    def walk(patterns):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                continue  # admin (administrators only) and the API (tests/api)
            if isinstance(entry, URLPattern) and entry.pattern.converters:
                names.add(entry.name)

    walk(get_resolver().url_patterns)
    return names


@pytest.fixture
def alice_only(world, settings, tmp_path):
    """A second plan assigned to Báo Hải Phòng alone, with an evidence file and an original."""
    settings.MEDIA_ROOT = tmp_path
    plan = Plan.objects.create(code="12/KH-STTTT", summary="Kế hoạch chỉ giao Báo Hải Phòng",
                               status=PlanStatus.ACTIVE, issued_on=dt.date(2021, 1, 5))
    plan.original_file.save("12-KH-STTTT.pdf", ContentFile(b"%PDF-1.4"))
    item = PlanItem.objects.create(plan=plan, number="1", title="Báo Hải Phòng")
    (assignment,) = Assignment.fan_out(item=item, units=[world.baohp], task="Đăng tin",
                                       channels=[Channel.PRESS], due_date=dt.date(2030, 1, 1))
    activity = Activity.objects.create(assignment=assignment, channel=Channel.PRESS,
                                       title="Tin", published_on=dt.date(2021, 2, 1))
    activity.evidence.save("minh-chung.pdf", ContentFile(b"%PDF-1.4"))
    reading = Job.objects.create(kind="plan_import", status=JobStatus.DONE)
    plan_import = PlanImport(filename="12-KH-STTTT.pdf", job=reading,
                             document={"kind": "pdf", "pages": [{"number": 1, "lines": []}]},
                             parsed={"code": "12/KH-STTTT", "assignments": []},
                             proposal={"assignments": []})
    plan_import.original_file.save("12-KH-STTTT.pdf", ContentFile(b"%PDF-1.4"))
    unit_job = Job.objects.create(kind="plan_import", unit=world.baohp)  # waiting
    return {"plan": plan, "assignment": assignment, "activity": activity,
            "import": plan_import, "job": unit_job}


def requests(world, objects):
    """(url name, method, address) for each page that takes an object."""
    plan, assignment = objects["plan"].pk, objects["assignment"].pk
    activity = objects["activity"].pk
    return [
        ("plan_detail", "get", f"/plans/{plan}/"),
        ("plan_dashboard", "get", f"/plans/{plan}/dashboard/"),
        ("plan_dashboard_export", "get", f"/plans/{plan}/dashboard/export/"),
        ("plan_original", "get", f"/plans/{plan}/original/"),
        ("plan_activities_export", "get", f"/plans/{plan}/activities.xlsx"),
        ("assignment_detail", "get", f"/assignments/{assignment}/"),
        ("assignment_complete", "get", f"/assignments/{assignment}/complete/"),
        ("assignment_complete", "post", f"/assignments/{assignment}/complete/"),
        ("assignment_reopen", "post", f"/assignments/{assignment}/reopen/"),
        ("activity_create", "get", f"/assignments/{assignment}/activities/new/"),
        ("activity_create", "post", f"/assignments/{assignment}/activities/new/"),
        ("activity_edit", "get", f"/activities/{activity}/edit/"),
        ("activity_edit", "post", f"/activities/{activity}/edit/"),
        ("activity_withdraw", "get", f"/activities/{activity}/withdraw/"),
        ("activity_withdraw", "post", f"/activities/{activity}/withdraw/"),
        ("activity_evidence", "get", f"/activities/{activity}/evidence/"),
        ("unit_detail", "get", f"/units/{world.baohp.pk}/"),
        ("job_detail", "get", f"/jobs/{objects['job'].pk}/"),
    ]


def department_requests(objects):
    """Pages of the department's own work (plan import): every unit gets 404."""
    pk = objects["import"].pk
    return [
        ("plan_import_detail", "get", f"/plans/import/{pk}/"),
        ("plan_import_confirm", "post", f"/plans/import/{pk}/confirm/"),
        ("plan_import_original", "get", f"/plans/import/{pk}/original/"),
        ("plan_import_page", "get", f"/plans/import/{pk}/pages/1.png"),
        ("job_detail", "get", f"/jobs/{objects['import'].job_id}/"),
        # editing a plan is the department's too, even for the unit it assigns
        ("plan_edit", "get", f"/plans/{objects['plan'].pk}/edit/"),
        ("plan_edit", "post", f"/plans/{objects['plan'].pk}/edit/"),
        ("plan_issue", "post", f"/plans/{objects['plan'].pk}/issue/"),
        ("plan_item_edit", "post", f"/plans/items/{objects['assignment'].item_id}/edit/"),
        ("assignment_edit", "get", f"/assignments/{objects['assignment'].pk}/edit/"),
        ("assignment_edit", "post", f"/assignments/{objects['assignment'].pk}/edit/"),
    ]


def test_every_object_page_is_checked(world, alice_only):
    checked = requests(world, alice_only) + department_requests(alice_only)
    assert named_object_urls() == {name for name, _m, _u in checked}


@pytest.mark.parametrize("who", ["alice", "bob", "district", "inspector", "viewer"])
def test_units_get_404_on_the_department_pages(world, alice_only, client, who):
    client.force_login(getattr(world, who))
    for name, method, address in department_requests(alice_only):
        if name == "job_detail" and who == "inspector":
            # the department's jobs are read by everyone who sees all of its work
            assert client.get(address).status_code == 200
            continue
        assert getattr(client, method)(address).status_code == 404, (name, who)
    client.force_login(world.staff)
    assert client.get(f"/plans/import/{alice_only['import'].pk}/").status_code == 200


@pytest.mark.parametrize("who", ["bob", "district", "nobody"])
def test_another_unit_gets_404_everywhere(world, alice_only, client, who):
    client.force_login(getattr(world, who))
    for name, method, address in requests(world, alice_only):
        response = getattr(client, method)(address)
        assert response.status_code == 404, (name, method, response.status_code)
    assignment = Assignment.objects.get(pk=alice_only["assignment"].pk)
    assert assignment.completed_at is None
    assert Activity.objects.filter(assignment=assignment).count() == 1


def test_the_unit_itself_gets_its_pages(world, alice_only, client):
    client.force_login(world.alice)
    for name, method, address in requests(world, alice_only):
        if method == "get":
            assert client.get(address).status_code == 200, name


def test_signed_out_people_are_sent_to_the_login_page(world, alice_only, client):
    for name, method, address in requests(world, alice_only):
        response = getattr(client, method)(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], name
