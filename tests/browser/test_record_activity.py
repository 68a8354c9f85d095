"""A unit officer records an activity in a real browser; the department sees it counted."""

import os

import pytest
from django.utils import timezone

from loa.demo import load_demo
from loa.org.models import Unit
from loa.plans.models import Activity, Assignment, Plan

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
    button = page.locator("form[action$='/accounts/logout/'] button")
    if not button.is_visible():  # on a phone the menu is folded behind its button
        page.locator("label.loa-menu-button").click()
    button.click()
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
    cell = page.locator(f"#city-units tr[data-unit='{baohp.pk}'] td[data-activities]")
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


# --- correcting, withdrawing, completing (issue 11: 5, 13) ----------------------------------------
SHOTS = os.environ.get("LOA_SCREENSHOTS")  # a directory to keep screenshots in, when given


def shoot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        page.screenshot(path=os.path.join(SHOTS, f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_correct_and_withdraw_an_article(live_server, page, width):
    """Báo Hải Phòng's task names radio-TV, newspapers and the portal together: its form starts
    with the press and an article with a link needs no airtime; the officer corrects it, then
    withdraws it with a reason; the department sees it withdrawn, with who and why."""
    page.set_viewport_size({"width": width, "height": 900})
    load_demo()
    baohp = Unit.objects.get(name="Báo Hải Phòng")
    assignment = Assignment.objects.get(item__number="2", lead_unit=baohp)
    assert assignment.channels == ["press"]
    log_in(page, live_server.url, "demo-baohp")
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/activities/new/")
    assert page.locator("select[name=channel]").input_value() == "press"
    assert "---------" not in page.content()
    page.fill("input[name=title]", TITLE)
    page.fill("input[name=url]", "https://baohaiphong.vn/doi-moi-giao-duc-so-1.html")
    shoot(page, f"record-{width}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/assignments/{assignment.pk}/")
    saved = Activity.objects.get(title=TITLE)
    assert saved.channel == "press" and saved.airtime_minutes is None

    # Correct it from its row.
    page.locator(f"#activity-{saved.pk} a[href$='/edit/']").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Sửa hoạt động"
    page.fill("input[name=title]", TITLE + " (sửa)")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert TITLE + " (sửa)" in page.locator(f"#activity-{saved.pk}").inner_text()

    # Withdraw it, with a reason; the page asks first.
    page.locator(f"#activity-{saved.pk} a[href$='/withdraw/']").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Rút hoạt động này?"
    shoot(page, f"withdraw-{width}")
    page.locator("main form button[type=submit]").click()  # no reason: refused
    page.wait_for_load_state()
    assert "Hãy nêu lý do rút hoạt động." in page.content()
    page.fill("textarea[name=reason]", "Đăng nhầm đường dẫn")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator(f"#activity-{saved.pk}").count() == 0
    assert not Activity.objects.filter(pk=saved.pk).exists()
    log_out(page)

    # The department sees it, greyed, with who, when and why.
    log_in(page, live_server.url, "demo-sotttt")
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    row = page.locator(f"#activity-{saved.pk}")
    assert "loa-withdrawn" in row.get_attribute("class")
    text = row.inner_text()
    assert "Đăng nhầm đường dẫn" in text and "đã rút lúc" in text
    row.scroll_into_view_if_needed()
    shoot(page, f"withdrawn-seen-by-department-{width}")


@pytest.mark.parametrize("width", [1366, 390])
def test_completion_asks_first_and_can_be_taken_back(live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    load_demo()
    baohp = Unit.objects.get(name="Báo Hải Phòng")
    assignment = Assignment.objects.get(item__number="2", lead_unit=baohp)
    before = assignment.status()
    log_in(page, live_server.url, "demo-baohp")
    page.goto(f"{live_server.url}/assignments/{assignment.pk}/")
    page.locator("#complete-link").click()
    page.wait_for_load_state()
    # Asking first: what the state is and what it becomes; nothing changed yet.
    assert page.locator("h1").inner_text() == "Xác nhận hoàn thành nhiệm vụ?"
    assert "Trạng thái sau khi xác nhận" in page.content()
    shoot(page, f"complete-ask-{width}")
    assert Assignment.objects.get(pk=assignment.pk).completed_at is None
    page.fill("textarea[name=completion_note]", "Đã đăng đủ chuyên mục theo kế hoạch")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã xác nhận hoàn thành nhiệm vụ" in page.content()
    assert Assignment.objects.get(pk=assignment.pk).completed_at is not None
    # ... and back.
    page.locator("#reopen-link").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Hủy xác nhận hoàn thành?"
    shoot(page, f"reopen-ask-{width}")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã hủy xác nhận hoàn thành" in page.content()
    again = Assignment.objects.get(pk=assignment.pk)
    assert again.completed_at is None and again.status() == before
    assert again.history.first().history_user.username == "demo-baohp"
    shoot(page, f"reopened-{width}")


def test_the_inspectorate_records_on_its_own_task(live_server, page):
    load_demo()
    task = Assignment.objects.get(item__number="6.3", lead_unit__name="Thanh tra Sở")
    log_in(page, live_server.url, "demo-thanhtra")
    page.goto(f"{live_server.url}/assignments/{task.pk}/")
    page.locator(f"a[href='/assignments/{task.pk}/activities/new/']").click()
    page.wait_for_load_state()
    page.fill("input[name=title]", "Rà soát thông tin sai sự thật tuần 1")
    page.fill("input[name=url]", "https://facebook.com/sotttt/posts/1")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    recorded = Activity.objects.get(title="Rà soát thông tin sai sự thật tuần 1")
    assert recorded.unit == task.lead_unit
    shoot(page, "inspectorate-recorded")
    # The activity import is theirs now; the plan import is refused (404, like any refusal).
    assert page.goto(f"{live_server.url}/activities/import/").status == 200
    assert page.goto(f"{live_server.url}/plans/import/").status == 404
