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
