"""A unit reports in a spreadsheet, as it did before Loa: download the template in the browser,
fill it in, upload it, see the wrong row, confirm the valid one."""

import datetime as dt

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from loa.demo import load_demo
from loa.plans.models import Activity
from loa.plans.spreadsheet import ACTIVITY_SHEET, ASSIGNMENT_SHEET

from .test_record_activity import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_spreadsheet_round_trip_with_a_wrong_row(live_server, page, tmp_path):
    load_demo()
    log_in(page, live_server.url, "demo-vhtt-lechan")
    page.locator("nav a[href='/activities/import/']").click()

    with page.expect_download() as download:
        page.locator("a[href$='/activities/import/template.xlsx']").click()
    template = tmp_path / "mau.xlsx"
    download.value.save_as(template)

    workbook = load_workbook(template)
    code = workbook[ASSIGNMENT_SHEET]["A2"].value  # the office's first assignment, e.g. NV-12
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    sheet = workbook[ACTIVITY_SHEET]
    sheet.append([code, "Facebook", "Lê Chân tuyên truyền Luật Giáo dục 2019", yesterday,
                  "https://facebook.com/vhttlechan/posts/1"])
    sheet.append([code, "Loa truyền thanh cơ sở", "Bản tin thiếu thời lượng", yesterday])
    filled = tmp_path / "bao-cao.xlsx"
    workbook.save(filled)

    before = Activity.objects.count()
    page.set_input_files("input[type=file]", str(filled))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_load_state()
    # The loudspeaker row lacks its airtime: shown, and nothing imported yet.
    assert "Bản tin thiếu thời lượng" in page.content()
    assert "thời lượng" in page.locator("main").inner_text().lower()
    assert Activity.objects.count() == before

    page.locator("form:has(input[name=action][value=confirm]) button").click()
    page.wait_for_load_state()
    assert Activity.objects.count() == before + 1
    imported = Activity.objects.get(title="Lê Chân tuyên truyền Luật Giáo dục 2019")
    assert imported.unit.name == "Phòng Văn hóa và Thông tin quận Lê Chân"
    assert imported.source == "xlsx" and imported.created_by.username == "demo-vhtt-lechan"
    assert not Activity.objects.filter(title="Bản tin thiếu thời lượng").exists()
