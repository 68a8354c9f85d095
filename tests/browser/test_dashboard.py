"""The plan dashboard in a real browser, on an office screen and on a phone: filters, a district
folded open, the charts drawn, the export downloaded and read back, nothing wider than the
screen. Screenshots go to /tmp/dash-shots/ (LOA_SCREENSHOTS overrides) to be looked at."""

import io
import os
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import load_workbook

from loa.demo import load_demo
from loa.org.models import Unit, UnitKind
from loa.plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("LOA_SCREENSHOTS", "/tmp/dash-shots"))


def log_in(page, base_url, username):
    page.goto(base_url + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "demo")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def main_fits(page, width):
    """Nothing in the page's content is wider than the screen (wide tables scroll inside their
    own box)."""
    overflow = page.evaluate("""(width) => Array.from(document.querySelectorAll('main *'))
        .filter(e => !e.closest('.loa-scroll') && e.getBoundingClientRect().right > width + 1)
        .map(e => e.tagName + '.' + e.className)""", width)
    assert overflow == []


@pytest.mark.parametrize("width", [1366, 390])
def test_dashboard_filters_folds_draws_and_exports(live_server, browser, width):
    load_demo()
    plan = Plan.objects.get(code="130/KH-STTTT")
    lechan = Unit.objects.get(kind=UnitKind.DISTRICT, code="305")
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh",
                                  viewport={"width": width, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        log_in(page, live_server.url, "demo-sotttt")
        page.goto(f"{live_server.url}/plans/{plan.pk}/dashboard/")
        # The three charts are drawn by Chart.js; their figures fold under them.
        page.wait_for_function("() => window.Chart && Object.keys(Chart.instances).length === 3")
        for chart in ("weekly-chart", "channel-chart", "kind-chart"):
            assert page.locator(f"canvas#{chart}").is_visible()
        assert page.locator("#by-channel").count() == 1
        # City-level units first, the districts folded.
        assert page.locator("#city-units tbody tr").count() > 5
        district = page.locator(f"details.loa-district[data-district='{lechan.pk}']")
        assert district.get_attribute("open") is None
        assert not district.locator("table").is_visible()
        district.locator("summary").click()
        assert district.get_attribute("open") is not None
        assert district.locator("tbody tr").count() >= 3
        main_fits(page, width)
        shot(page, f"dashboard-{width}")

        # Filter: commune radio stations of Lê Chân (choosing applies the filter at once).
        with page.expect_navigation():
            page.select_option("select[name=kind]", "commune_radio")
        with page.expect_navigation():
            page.select_option("select[name=district]", str(lechan.pk))
        assert "kind=commune_radio" in page.url and f"district={lechan.pk}" in page.url
        assert page.locator("#city-units").count() == 0
        groups = page.locator("details.loa-district")
        assert groups.count() == 1
        assert groups.get_attribute("open") is not None  # a single district comes open
        shown = groups.locator("tbody tr th a").all_inner_texts()
        expected = sorted(Unit.objects.filter(kind=UnitKind.COMMUNE_RADIO,
                                              path__startswith=lechan.path,
                                              led_assignments__plan=plan).distinct()
                          .values_list("name", flat=True))
        assert shown and len(shown) == len(expected)
        main_fits(page, width)
        shot(page, f"dashboard-filtered-{width}")

        # The export holds the filtered rows.
        with page.expect_download() as info:
            page.locator("#dashboard-export").click()
        download = info.value
        assert download.suggested_filename.endswith(".xlsx")
        book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
        rows = list(book["Đơn vị"].iter_rows(values_only=True))
        assert rows[0][0] == "Đơn vị"
        assert rows[1][0] == f"{lechan.name} (cộng)"
        assert sorted(r[0] for r in rows[2:]) == expected
        with translation.override("vi"):
            kind = str(UnitKind.COMMUNE_RADIO.label)
        assert {r[2] for r in rows[2:]} == {kind}

        # Printing: no menu, no filters.
        page.emulate_media(media="print")
        assert not page.locator("form#dashboard-filters").is_visible()
        assert not page.locator("header.loa-top").is_visible()
        page.emulate_media(media="screen")
    finally:
        context.close()


def test_district_office_dashboard_covers_its_district(live_server, page):
    load_demo()
    plan = Plan.objects.get(code="130/KH-STTTT")
    lechan = Unit.objects.get(kind=UnitKind.DISTRICT, code="305")
    log_in(page, live_server.url, "demo-vhtt-lechan")
    assert page.url.endswith("/my-unit/")
    assert page.locator("#units-below tbody tr").count() >= 3
    page.locator("#plans-in-progress a[role=button]").first.click()
    page.wait_for_load_state()
    assert f"/plans/{plan.pk}/dashboard/" in page.url
    assert page.locator("#city-units").count() == 0
    districts = page.locator("details.loa-district")
    assert districts.count() == 1
    assert districts.first.get_attribute("data-district") == str(lechan.pk)
    assert districts.first.locator("tbody tr").count() >= 3
    assert districts.first.locator("table").is_visible()
    shot(page, "dashboard-district-office")
