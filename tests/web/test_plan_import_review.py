"""The import review (issue 11): words to check marked and any line correctable, deadlines and
channels shown and changeable, what each item becomes, the tracking start asked, dates as
dd/mm/yyyy, a draft units do not see, a duplicate refused when it is read."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from loa.plans.models import Assignment, Plan, PlanImport, PlanImportStatus, PlanStatus
from loa.plans.status import State

from .test_plan_import import TRANSCRIPTION, _people, confirm_data, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def people_hp(haiphong):
    return _people(haiphong.units)

# The transcription as a careless OCR left two of its lines.
DAMAGED = TRANSCRIPTION.replace("chính sách pháp luật của Nhà nước về kết quả",
                                "chính sách pháp luật của Nhà nudce về kết quả", 1)


def _ready(client, people, text=TRANSCRIPTION, name="130-KH-STTTT.txt"):
    client.force_login(people["staff"])
    upload(client, name, text.encode())
    item = PlanImport.objects.latest("pk")
    assert item.status == PlanImportStatus.READY, (item.job.error_code, item.job.error_message)
    return item


def _index(item, number):
    return [e["item"] for e in item.proposal["assignments"]].index(number)


def test_the_review_says_things_in_words_and_days(client, people_hp, haiphong, vietnamese):
    item = _ready(client, people_hp)
    page = client.get(f"/plans/import/{item.pk}/").content.decode()
    assert 'name="date" value="08/09/2020"' in page
    assert "2020-09-08" not in page and "NNNN" not in page
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f'id="tracking-starts-on" value="{today}"' in page  # an old plan: from today
    assert "(Kế hoạch)" in page
    assert "KT. GIÁM ĐỐC<br>PHÓ GIÁM ĐỐC<br>Lê Văn Kiên" in page
    assert "rê chuột" not in page and "hover" not in page
    # what each item becomes: the district offices' group is 15 tasks
    third = _index(item, "3")
    assert re.search(rf'id="becomes-{third}">thành 15 nhiệm vụ<', page)
    assert "nhóm 15 đơn vị" in page
    # channels with the vocabulary's labels, the ones the item names ticked
    second = _index(item, "2")
    assert re.search(rf'name="a{second}-channel" value="broadcast" checked> <span>Phát sóng',
                     page) or re.search(rf'name="a{second}-channel" value="[a-z_]+" checked>',
                                        page)


def test_deadlines_channels_and_tracking_start_are_the_reviewer_s(client, people_hp, haiphong,
                                                                    vietnamese):
    item = _ready(client, people_hp)
    first, second = _index(item, "1"), _index(item, "2")
    data = confirm_data(item, **{
        f"a{first}-deadline": "31/12/2020", f"a{first}-channels-shown": "1",
        f"a{first}-channel": ["e_portal"],
        f"a{second}-deadline": "", f"a{second}-period": "quarter",
        f"a{second}-channels-shown": "1", f"a{second}-channel": ["press", "e_portal"],
        "tracking_starts_on": "01/10/2020", "starts_on": "08/09/2020", "ends_on": "31/12/2020",
    })
    response = client.post(f"/plans/import/{item.pk}/confirm/", data)
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert plan.tracking_starts_on == dt.date(2020, 10, 1)
    assert (plan.starts_on, plan.ends_on) == (dt.date(2020, 9, 8), dt.date(2020, 12, 31))
    (education,) = plan.assignments.filter(item__number="1")
    assert education.due_date == dt.date(2020, 12, 31) and not education.is_regular
    assert education.channels == ["e_portal"]
    for a in plan.assignments.filter(item__number="2"):
        assert a.is_regular and a.reporting_period == "quarter"
        assert a.starts_on == dt.date(2020, 10, 1)
    press = plan.assignments.get(item__number="2", lead_unit=haiphong.units["baohp"])
    assert press.channels == ["press", "e_portal"]


def test_an_old_plan_is_not_born_overdue(client, people_hp, haiphong):
    item = _ready(client, people_hp)
    client.post(f"/plans/import/{item.pk}/confirm/", confirm_data(item))
    plan = Plan.objects.get()
    assert plan.tracking_starts_on == timezone.localdate()
    assert (plan.starts_on, plan.ends_on) == (None, None)  # the plan writes no period
    states = {a.status() for a in plan.assignments.filter(is_regular=True)[:50]}
    assert states == {State.IN_PROGRESS}


def test_bad_dates_are_refused_and_nothing_is_created(client, people_hp, haiphong, vietnamese):
    item = _ready(client, people_hp)
    first = _index(item, "1")
    response = client.post(f"/plans/import/{item.pk}/confirm/", confirm_data(
        item, date="2020-13-45", **{f"a{first}-deadline": "31/02/2021"}))
    assert response.status_code == 400
    page = response.content.decode()
    assert "“2020-13-45” không phải là ngày" in page and "“31/02/2021” không phải là ngày" in page
    assert not Plan.objects.exists()


def test_a_draft_is_kept_from_units_until_issued(client, people_hp, haiphong):
    item = _ready(client, people_hp)
    response = client.post(f"/plans/import/{item.pk}/confirm/",
                           confirm_data(item, action="draft"))
    plan = Plan.objects.get()
    assert response.status_code == 302 and plan.status == PlanStatus.DRAFT
    officer = people_hp["officer"]
    assert Assignment.objects.filter(plan=plan, lead_unit=haiphong.units["baohp"]).exists()
    assert not Plan.objects.visible_to(officer).filter(pk=plan.pk).exists()
    assert not Assignment.objects.visible_to(officer).filter(plan=plan).exists()
    client.force_login(officer)
    assert client.get(f"/plans/{plan.pk}/").status_code == 404
    client.force_login(people_hp["staff"])
    client.post(f"/plans/{plan.pk}/issue/")
    client.force_login(officer)
    assert client.get(f"/plans/{plan.pk}/").status_code == 200


def test_a_plan_imported_twice_is_refused_when_read(client, people_hp, haiphong, vietnamese):
    item = _ready(client, people_hp)
    client.post(f"/plans/import/{item.pk}/confirm/", confirm_data(item))
    plan = Plan.objects.get()
    upload(client, "lan-hai.txt", TRANSCRIPTION.encode())
    again = PlanImport.objects.latest("pk")
    assert again.status == PlanImportStatus.FAILED and again.job.error_code == "duplicate"
    assert not again.original_file
    page = client.get(f"/plans/import/{again.pk}/").content.decode()
    assert "đã được nhập trước đây" in page and "08/09/2020" in page
    assert f'href="/plans/{plan.pk}/"' in page
    assert 'id="confirm-import"' not in page


def test_unsure_words_are_marked_and_a_corrected_line_is_read_again(client, people_hp,
                                                                      haiphong, vietnamese):
    item = _ready(client, people_hp, DAMAGED)
    page = client.get(f"/plans/import/{item.pk}/").content.decode()
    assert '<mark class="loa-unsure" title="Không phải từ tiếng Việt: hãy kiểm tra">nudce</mark>' \
        in page
    (page_no, line_no, text), = [
        (p["number"], line["n"], line["text"]) for p in item.document["pages"]
        for line in p["lines"] if "nudce" in line["text"]]
    assert any(m["text"] == "nudce" and m["unsure"] for p in item.document["pages"]
               for line in p["lines"] for m in line.get("marks", []))
    purposes_before = item.parsed_document().sections[0]
    assert "nudce" in str(purposes_before)
    fixed = text.replace("nudce", "nước")
    response = client.post(f"/plans/import/{item.pk}/confirm/",
                           confirm_data(item, **{f"line-{page_no}-{line_no}": fixed}))
    assert response.status_code == 200 and not Plan.objects.exists()  # read again, not created
    assert "Loa đã đọc lại văn bản" in response.content.decode()
    item.refresh_from_db()
    assert "nudce" not in str(item.parsed) and "Nhà nước" in str(item.parsed)
    (line,) = [line for p in item.document["pages"] for line in p["lines"]
               if p["number"] == page_no and line["n"] == line_no]
    assert line["corrected"] and line["text"] == fixed and "nudce" in line["raw"]
    # then confirmed: the plan carries the corrected text
    response = client.post(f"/plans/import/{item.pk}/confirm/", confirm_data(item))
    plan = Plan.objects.get()
    assert "nudce" not in plan.purposes and "Nhà nước" in plan.purposes
    assert "nudce" not in plan.source_text
