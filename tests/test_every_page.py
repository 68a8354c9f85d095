"""Every page of the demo, for every role: no server error anywhere.

The demo is loaded once for this module, as ``loa demo`` loads it (:func:`loa.demo.load_demo`),
plus a viewer (the demo has none), a plan import read the way the import page reads it, and a few
background jobs of a unit; it is rolled back at the module's end. Then each demo account opens
every assignment, unit and plan page, the home page, "my unit", the unit directory, the import
pages, the job pages, the spreadsheet downloads and (the administrator) the admin, and each must
answer what the shared access rules (:mod:`loa.org.access`) say it should: 200, or the refusal of
that page (404 outside the person's scope or for a role that may not import, a redirect where
the page sends the person elsewhere); never a server error, and no phrase of the interface
left in English on a page shown in Vietnamese.

A page that raises is reported with its exception; every page of a kind is tried before the test
fails, so one run lists all of them.
"""

import functools
import gettext
import html
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from loa.demo import ACCOUNTS, load_demo
from loa.jobs.models import Job, JobStatus
from loa.org.access import Scope
from loa.org.models import Membership, Role, Unit
from loa.plans.models import Activity, Assignment, Plan, PlanImport

SAMPLES = Path(__file__).resolve().parents[1] / "src" / "loa" / "documents" / "samples"
VIEWER = "demo-viewer"  # not a demo account: a viewer of Phòng VHTT quận Lê Chân, for the tests
ROLES = [*ACCOUNTS, VIEWER]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for this module and rolled back at its end."""
    media = tmp_path_factory.mktemp("media")
    quick = override_settings(
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        MEDIA_ROOT=media,
        TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    )
    with django_db_blocker.unblock(), quick, transaction.atomic():
        summary = load_demo(today=timezone.localdate())
        User = get_user_model()
        viewer = User.objects.create_user(VIEWER, first_name="Lan", last_name="Vũ Thị")
        Membership.objects.create(user=viewer, role=Role.VIEWER, unit=Unit.objects.get(
            name="Phòng Văn hóa và Thông tin quận Lê Chân"))
        # A plan import, read as the import page reads one (in the request: tasks run at once).
        staff = Client(raise_request_exception=True)
        staff.force_login(User.objects.get(username="demo-sotttt"))
        # (numbered 131: the demo's own 130/KH-STTTT would be refused as a duplicate when read)
        text = (SAMPLES / "130-KH-STTTT.txt").read_text(encoding="utf-8")
        text = text.replace("130/KH-STTTT", "131/KH-STTTT").encode()
        response = staff.post(reverse("plan_import"),
                              {"document": SimpleUploadedFile("131-KH-STTTT.txt", text)})
        assert response.status_code == 302, response.status_code
        # A unit's background work in each state (the department's import job is above).
        baohp = Unit.objects.get(name="Báo Hải Phòng")
        for status in (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.FAILED, JobStatus.DONE):
            Job.objects.create(kind="plan_import", unit=baohp, status=status)
        yield summary
        transaction.set_rollback(True)


@pytest.fixture
def browse(demo, db):
    """``browse(username)`` → (client signed in as that person, their scope, their user)."""

    def sign_in(username):
        user = get_user_model().objects.get(username=username)
        client = Client(raise_request_exception=True)
        client.force_login(user)
        return client, Scope.of(user), user

    return sign_in


@functools.cache
def english_phrases():
    """The interface's English phrases (two words or more, without placeholders) whose
    Vietnamese differs: none may be left on a page shown in Vietnamese."""
    compiled = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.mo"
    with compiled.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog
    phrases = set()
    for msgid, msgstr in catalogue.items():
        if not isinstance(msgid, str):  # plural forms: (msgid, n)
            continue
        text = msgid.split("\x04")[-1].strip()  # without its context
        if (msgstr and msgstr != text and " " in text and "%" not in text
                and "{" not in text and "<" not in text and len(text) > 8):
            phrases.add(text)
    return re.compile("|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)))


def shown_text(page: str) -> str:
    page = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", page)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def visit(client, requests):
    """GET each (address, expected status); the failures, all of them, as readable lines."""
    failures = []
    for address, expected in requests:
        try:
            response = client.get(address)
        except Exception as error:  # the test client re-raises what a view raised
            failures.append(f"{address}: {type(error).__name__}: {error}")
            continue
        if response.status_code != expected:
            failures.append(f"{address}: {response.status_code}, expected {expected}")
        elif expected == 200 and response.get("Content-Type", "").startswith("text/html"):
            page = response.content.decode()
            if "Lỗi 500" in page or "Server Error" in page:
                failures.append(f"{address}: an error page with status 200")
            elif not address.startswith("/admin/"):
                english = english_phrases().search(shown_text(page))
                if english:
                    failures.append(f"{address}: English left on the page: {english.group()!r}")
    return failures


def seen(visible) -> int:
    return 200 if visible else 404


@pytest.mark.parametrize("username", ROLES)
def test_every_assignment_page(browse, username):
    client, _scope, user = browse(username)
    visible = set(Assignment.objects.visible_to(user).values_list("pk", flat=True))
    editable = set(Assignment.objects.editable_by(user).values_list("pk", flat=True))
    everything = list(Assignment.objects.order_by("pk").values_list("pk", flat=True))
    assert len(everything) >= 200
    requests = []
    for pk in everything:
        requests.append((f"/assignments/{pk}/", seen(pk in visible)))
        if pk in editable:
            # the form is rendered for the assignments the person may record on; for the
            # others it is the same 404 as the page's (tested in test_access_everywhere)
            requests.append((f"/assignments/{pk}/activities/new/", 200))
    failures = visit(client, requests)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("username", ROLES)
def test_every_unit_page(browse, username):
    client, scope, _user = browse(username)
    requests = [(f"/units/{pk}/", seen(scope.can_see_unit(pk)))
                for pk in Unit.objects.order_by("pk").values_list("pk", flat=True)]
    assert len(requests) >= 394
    failures = visit(client, requests)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("username", ROLES)
def test_the_plan_pages_and_exports(browse, username):
    client, _scope, user = browse(username)
    visible = set(Plan.objects.visible_to(user).values_list("pk", flat=True))
    requests = []
    for plan in Plan.objects.order_by("pk"):
        code = seen(plan.pk in visible)
        requests += [(f"/plans/{plan.pk}/", code), (f"/plans/{plan.pk}/dashboard/", code),
                     (f"/plans/{plan.pk}/original/", seen(plan.pk in visible
                                                          and plan.original_file)),
                     (f"/plans/{plan.pk}/activities.xlsx", code)]
    assert visible, "every demo account sees the demo's plan"
    failures = visit(client, requests)
    assert not failures, "\n".join(failures)
    response = client.get(f"/plans/{min(visible)}/activities.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a zip: an .xlsx workbook


@pytest.mark.parametrize("username", ROLES)
def test_the_navigation_pages(browse, username):
    client, scope, _user = browse(username)
    units = Unit.objects.current().count()
    directory_pages = -(-units // 100)
    requests = [
        ("/", 302),
        # the department's home lists the plans; a unit's person is sent to "my unit"
        ("/home/", 200 if scope.is_department else 302),
        ("/my-unit/", 200),
        ("/units/", 200),
        ("/units/?all=1", 200),
        ("/units/?q=L%C3%AA%20Ch%C3%A2n", 200),
        ("/units/?q=%C4%90%C3%A0i%20PT%26TH", 200),
        ("/units/?page=999", 200),  # past the end: the last page
        ("/units/?page=abc", 200),
        ("/accounts/login/", 302),  # already signed in
        ("/healthz", 200),
        ("/jsi18n/", 200),
    ]
    requests += [(f"/units/?page={n}", 200) for n in range(2, directory_pages + 1)]
    # an id no row can have: 404 like any other missing one, never a database error
    big = 2**64
    requests += [(address, 404) for address in (
        f"/assignments/{big}/", f"/assignments/{big}/activities/new/", f"/plans/{big}/",
        f"/plans/{big}/dashboard/", f"/plans/{big}/activities.xlsx", f"/units/{big}/",
        f"/jobs/{big}/", f"/activities/{big}/evidence/", f"/plans/import/{big}/")]
    failures = visit(client, requests)
    assert not failures, "\n".join(failures)
    if not scope.is_department:
        assert client.get("/home/")["Location"] == reverse("my_unit")


@pytest.mark.parametrize("username", ROLES)
def test_the_import_pages(browse, username):
    client, scope, user = browse(username)
    # Activities from a spreadsheet: for people who record work (the one rule, loa.org.access:
    # the units' officers, the department, the inspectorate for its own tasks); 404 for others,
    # the one answer for a refusal.
    imports = 200 if scope.can_record else 404
    requests = [("/activities/import/", imports),
                ("/activities/import/template.xlsx", imports)]
    # Plans: the department's own work (404 for anyone else, like any object outside a scope).
    department = 200 if scope.edits_all else 404
    requests.append(("/plans/import/", department))
    for item in PlanImport.objects.order_by("pk"):
        requests += [(f"/plans/import/{item.pk}/", department),
                     (f"/plans/import/{item.pk}/original/", department),
                     # a text document has no page images to show
                     (f"/plans/import/{item.pk}/pages/1.png", 404)]
    assert PlanImport.objects.exists()
    failures = visit(client, requests)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("username", ROLES)
def test_every_job_page(browse, username):
    client, _scope, user = browse(username)
    visible = set(Job.objects.visible_to(user).values_list("pk", flat=True))
    requests = []
    for job in Job.objects.order_by("pk"):
        if job.pk not in visible:
            requests.append((f"/jobs/{job.pk}/", 404))
        elif job.status == JobStatus.DONE and job.next_url.startswith("/"):
            requests.append((f"/jobs/{job.pk}/", 302))  # on to what the job made
        else:
            requests.append((f"/jobs/{job.pk}/", 200))
    assert Job.objects.count() >= 5
    failures = visit(client, requests)
    assert not failures, "\n".join(failures)
    # the fragment a waiting page polls
    for pk in visible:
        response = client.get(f"/jobs/{pk}/", headers={"HX-Request": "true"})
        assert response.status_code in (200, 204), (pk, response.status_code)


@pytest.mark.parametrize("username", ROLES)
def test_evidence_files(browse, username):
    """The demo's activities have no evidence file: 404 for each, whoever asks."""
    client, _scope, _user = browse(username)
    sample = Activity.objects.order_by("pk").values_list("pk", flat=True)[:50]
    failures = visit(client, [(f"/activities/{pk}/evidence/", 404) for pk in sample])
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("username", ROLES)
def test_the_admin(browse, username):
    """Whoever works in the admin (the administrator; department staff for the campaign's data)
    opens every list of the admin, its "add" form and an object of each with its history, as
    the admin's own permissions allow (403 for the rest); for everyone else the admin is its
    sign-in page."""
    client, _scope, user = browse(username)
    if not user.is_staff:
        response = client.get("/admin/")
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        return
    request = RequestFactory().get("/admin/")
    request.user = user
    allowed = {True: 200, False: 403}
    requests = [("/admin/", 200)]
    for model, model_admin in admin.site._registry.items():
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        requests.append((reverse(f"{prefix}_changelist"),
                         allowed[model_admin.has_view_or_change_permission(request)]))
        if model_admin.has_add_permission(request):
            requests.append((reverse(f"{prefix}_add"), 200))
        first = model._default_manager.order_by("pk").first()
        if first is None:
            continue
        may = allowed[model_admin.has_view_or_change_permission(request, first)]
        requests.append((reverse(f"{prefix}_change", args=[first.pk]), may))
        if hasattr(model_admin, "history_view"):
            requests.append((reverse(f"{prefix}_history", args=[first.pk]), may))
    failures = visit(client, requests)
    assert not failures, "\n".join(failures)


def test_the_demo_world_is_whole(demo, db):
    """What the walk above relies on: one plan of 211 assignments, several hundred activities,
    every unit of 2020 (a smaller world would make the walk smaller without failing)."""
    assert demo["assignments"] >= 200 and demo["units"] >= 394
    assert demo["activities"] > 300
