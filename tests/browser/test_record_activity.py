"""A unit officer records an activity in a real browser; the department sees it counted."""

import pytest
from django.utils import timezone

from loa.demo import load_demo
from loa.org.models import Unit
from loa.plans.models import Activity, Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Báo Hải Phòng: chuyên mục Đổi mới giáo dục số 1"


def log_in(page, base_url, username):
    page.goto(base_url + "/")
    # Signed out, the root address leads to the login page.
    assert "/accounts/login/" in page.url
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def log_out(page):
    page.locator("form[action$='/accounts/logout/'] button").click()
    page.wait_for_url("**/accounts/login/**")


def test_unit_records_activity_and_department_sees_it(live_server, page):
    load_demo()
    baohp = Unit.objects.get(name="Báo Hải Phòng")
    plan = Plan.objects.get(code="130/KH-STTTT")
    before = Activity.objects.filter(plan=plan, unit=baohp).count()

    # The officer of Báo Hải Phòng lands on "my unit", which names the unit.
    log_in(page, live_server.url, "demo-baohp")
    assert page.url.endswith("/my-unit/")
    assert "Báo Hải Phòng" in page.locator("h1").inner_text()
    assert page.locator("html").get_attribute("lang") == "vi"

    # Record an activity for one of the unit's assignments.
    page.locator("a[href$='/activities/new/']").first.click()
    page.select_option("select[name=channel]", "press")
    page.fill("input[name=title]", TITLE)
    page.fill("input[name=published_on]", timezone.localdate().strftime("%d/%m/%Y"))
    page.fill("input[name=url]", "https://baohaiphong.vn/doi-moi-giao-duc-so-1.html")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "/assignments/" in page.url
    assert TITLE in page.content()

    saved = Activity.objects.get(title=TITLE)
    assert saved.unit == baohp and saved.plan == plan and saved.source == "form"
    assert saved.published_on == timezone.localdate()
    assert saved.created_by.username == "demo-baohp"
    log_out(page)

    # Department staff land on the home page listing the active plan, open its dashboard and
    # find the new activity counted for Báo Hải Phòng.
    log_in(page, live_server.url, "demo-sotttt")
    assert page.url.endswith("/home/")
    assert "130/KH-STTTT" in page.content()
    page.locator(f"a[href='/plans/{plan.pk}/dashboard/']").first.click()
    page.wait_for_load_state()
    cell = page.locator(f"#coverage tr[data-unit='{baohp.pk}'] td[data-total]")
    assert int(cell.inner_text()) == before + 1
    total = int(page.locator("#activity-total").inner_text().replace(",", "").replace(".", ""))
    assert total == Activity.objects.filter(plan=plan).count()
    # The weekly chart was drawn by Chart.js (served by Loa itself, not a CDN).
    page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length > 0")


def test_other_unit_cannot_open_the_assignment(live_server, page):
    load_demo()
    assignment = Unit.objects.get(name="Báo Hải Phòng").led_assignments.first()
    log_in(page, live_server.url, "demo-vhtt-lechan")
    response = page.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    assert response.status == 404
    assert assignment.tasks[0] not in page.content()
