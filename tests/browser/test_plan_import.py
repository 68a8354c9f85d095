"""Department staff import a plan in the browser: upload the file, check the proposal beside the
original, choose the unit Loa could not match, confirm."""

from pathlib import Path

import pytest

from loa.org.models import Membership, Role
from loa.plans.models import Plan, PlanStatus

from .test_record_activity import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "loa" / "documents" / "samples"


def test_import_review_and_confirm(live_server, page, haiphong, tmp_path, django_user_model,
                                   settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    staff = django_user_model.objects.create_user("thu-ha", password="demo")
    Membership.objects.create(user=staff, unit=haiphong.units["sotttt"],
                              role=Role.DEPARTMENT_STAFF)
    text = (SAMPLES / "130-KH-STTTT.txt").read_text(encoding="utf-8")
    document = tmp_path / "ke-hoach-130.txt"
    document.write_text(text.replace("6.3. Thanh tra Sở", "6.3. Thanh tra Sở Tài chính"),
                        encoding="utf-8")

    log_in(page, live_server.url, "thu-ha")
    page.get_by_role("link", name="Nhập kế hoạch").click()
    page.set_input_files("input[type=file]", str(document))
    page.get_by_role("button", name="Tải lên và đọc").click()
    page.wait_for_load_state()

    # The review: the document on the left, the proposal on the right.
    assert page.get_by_role("heading", name="Kiểm tra kế hoạch trước khi tạo").is_visible()
    assert page.locator("input[name=code]").input_value() == "130/KH-STTTT"
    source = page.locator("section.loa-review-source")
    assert "6.1. Phòng Thông tin, Báo chí và Xuất bản" in source.inner_text()
    unmatched = page.locator("article#item-6\\.3 mark.loa-written-unmatched")
    assert unmatched.inner_text() == "Thanh tra Sở Tài chính"
    # The heading links to its line in the original.
    page.locator("article#item-6\\.3 header a").click()
    anchor = page.url.rsplit("#", 1)[-1]
    assert anchor.startswith("l-1-")
    assert "Thanh tra Sở Tài chính" in page.locator(f"li#{anchor}").inner_text()

    # Confirming without a unit for 6.3 is refused and creates nothing.
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    assert "Mục 6.3 chưa có đơn vị" in page.locator("#confirm-problems").inner_text()
    assert not Plan.objects.exists()

    # The reviewer picks the right unit from the directory and confirms.
    picker = page.locator("article#item-6\\.3 input[list=unit-names]")
    picker.fill("Thanh tra Sở")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_url("**/plans/*/")
    plan = Plan.objects.get()
    assert plan.status == PlanStatus.ACTIVE
    assert "Đã tạo kế hoạch 130/KH-STTTT" in page.locator(".loa-messages").inner_text()
    (inspection,) = plan.assignments.filter(item__number="6.3")
    assert inspection.lead_unit == haiphong.units["thanhtra"]


SHOTS = Path("/tmp/plan-shots")


def _labels_beside_their_boxes(page):
    """No checkbox of the review overlaps its label's text (any width)."""
    _labels_beside_their_boxes_in(page, ".loa-review-plan")


def _labels_beside_their_boxes_in(page, scope):
    overlaps = page.evaluate("""(scope) => {
        const bad = [];
        for (const box of document.querySelectorAll(scope + ' input[type=checkbox]')) {
            const text = box.nextElementSibling;
            if (!text || box.offsetParent === null) continue;
            const a = box.getBoundingClientRect(), b = text.getBoundingClientRect();
            const apart = a.right <= b.left + 0.5 || b.top >= a.bottom - 0.5;
            if (!apart) bad.push(text.textContent.trim().slice(0, 40));
        }
        return bad;
    }""", scope)
    assert overlaps == []


def test_correct_review_draft_issue_and_edit(live_server, browser, page, haiphong, tmp_path,
                                             django_user_model, settings):
    """Correct a marked word, change a deadline and a channel, save as a draft (a unit officer
    does not see it), issue it, then edit a task and find the change in its history."""
    settings.MEDIA_ROOT = tmp_path / "media"
    SHOTS.mkdir(exist_ok=True)
    staff = django_user_model.objects.create_user("thu-ha", password="demo")
    Membership.objects.create(user=staff, unit=haiphong.units["sotttt"],
                              role=Role.DEPARTMENT_STAFF)
    officer = django_user_model.objects.create_user("bao-hp", password="demo")
    Membership.objects.create(user=officer, unit=haiphong.units["baohp"],
                              role=Role.UNIT_OFFICER)
    text = (SAMPLES / "130-KH-STTTT.txt").read_text(encoding="utf-8")
    damaged = text.replace("chính sách pháp luật của Nhà nước về kết quả",
                           "chính sách pháp luật của Nhà nudce về kết quả", 1)
    document = tmp_path / "ke-hoach-130.txt"
    document.write_text(damaged, encoding="utf-8")

    page.set_viewport_size({"width": 1366, "height": 900})
    log_in(page, live_server.url, "thu-ha")
    page.goto(live_server.url + "/plans/import/")
    page.set_input_files("input[type=file]", str(document))
    page.get_by_role("button", name="Tải lên và đọc").click()
    page.wait_for_load_state()
    review_url = page.url

    # The word the text engine doubts is marked; the reviewer opens its line and corrects it.
    unsure = page.locator("section.loa-review-source mark.loa-unsure", has_text="nudce")
    assert unsure.count() == 1
    line = page.locator("section.loa-review-source li",
                        has=page.locator("mark.loa-unsure", has_text="nudce"))
    line.locator("summary").click()
    field = line.locator("textarea")
    assert field.is_visible()
    field.fill(field.input_value().replace("nudce", "nước"))
    page.screenshot(path=str(SHOTS / "review-1366-correcting.png"))
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_load_state()
    assert "Loa đã đọc lại văn bản" in page.locator(".loa-messages").inner_text()
    assert not Plan.objects.exists()
    assert page.locator("mark.loa-unsure", has_text="nudce").count() == 0
    assert "Nhà nước về kết quả" in page.locator("section.loa-review-source").inner_text()

    # What each item becomes; a deadline and a channel changed.
    assert "thành 15 nhiệm vụ" in page.locator("article#item-3").inner_text()
    page.locator("article#item-1 input[name$=-deadline]").fill("31/12/2020")
    page.locator("article#item-2 input[value=facebook]").check()
    assert page.locator("input[name=date]").input_value() == "08/09/2020"
    _labels_beside_their_boxes(page)
    page.screenshot(path=str(SHOTS / "review-1366.png"), full_page=False)
    page.locator("article#item-2").screenshot(path=str(SHOTS / "review-1366-item2.png"))
    page.set_viewport_size({"width": 390, "height": 844})
    _labels_beside_their_boxes(page)
    page.locator("section.loa-review-plan").scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "review-390.png"))
    page.locator("article#item-2").screenshot(path=str(SHOTS / "review-390-item2.png"))
    page.set_viewport_size({"width": 1366, "height": 900})

    page.get_by_role("button", name="Lưu dự thảo").click()
    page.wait_for_url("**/plans/*/")
    plan = Plan.objects.get()
    assert plan.status == PlanStatus.DRAFT and "Nhà nước về kết quả" in plan.purposes
    (education,) = plan.assignments.filter(item__number="1")
    assert str(education.due_date) == "2020-12-31"
    press = plan.assignments.get(item__number="2", lead_unit=haiphong.units["baohp"])
    assert "facebook" in press.channels
    assert page.locator("#draft-notice").is_visible()
    page.screenshot(path=str(SHOTS / "plan-draft-1366.png"))

    # The unit officer does not see the draft.
    other = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    unit_page = other.new_page()
    log_in(unit_page, live_server.url, "bao-hp")
    assert "130/KH-STTTT" not in unit_page.locator("main").inner_text()
    response = unit_page.goto(f"{live_server.url}/plans/{plan.pk}/")
    assert response.status == 404
    response = unit_page.goto(f"{live_server.url}/assignments/{press.pk}/")
    assert response.status == 404

    # Issued: the officer sees it.
    page.get_by_role("button", name="Ban hành kế hoạch").click()
    page.wait_for_load_state()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ACTIVE
    assert unit_page.goto(f"{live_server.url}/plans/{plan.pk}/").status == 200
    other.close()

    page.screenshot(path=str(SHOTS / "plan-1366-full.png"), full_page=True)

    # A task edited after the import, found in its history.
    page.goto(f"{live_server.url}/assignments/{education.pk}/edit/")
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SHOTS / "task-edit-390.png"), full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.locator("textarea[name=task]").fill("Tuyên truyền trong trường học về Nhà nước")
    page.locator("input[name=due_date]").fill("15/01/2021")
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(f"**/assignments/{education.pk}/")
    history = page.locator("section.loa-history").inner_text()
    assert "Tuyên truyền trong trường học về Nhà nước" in history and "thu-ha" in history or \
        "Tuyên truyền trong trường học về Nhà nước" in history
    page.screenshot(path=str(SHOTS / "task-edited-1366.png"), full_page=True)
    assert page.goto(review_url).status == 200
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/plans/items/{education.item_id}/edit/")
    _labels_beside_their_boxes_in(page, "main form")
    page.screenshot(path=str(SHOTS / "item-edit-390.png"), full_page=True)
