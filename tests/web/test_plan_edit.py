"""Editing a plan on Loa's pages (loa.web.views.plan_edit): its text, items, tasks, deadlines
and channels, issuing a draft; only department staff, every change in the history; drafts out
of units' sight through the one plan scope."""

import datetime as dt

import pytest
from django.urls import reverse

from loa.plans.models import Assignment, Plan, PlanStatus, ReportingPeriod
from loa.plans.status import State

pytestmark = pytest.mark.django_db


def _plan_post(plan, **changes):
    data = {"code": plan.code, "issued_on": "08/09/2020", "place": plan.place,
            "issuer_name": plan.issuer_name, "summary": plan.summary,
            "signer_authority": "", "signer_title": "", "signer_name": "", "purposes": "",
            "requirements": "", "reporting": "", "starts_on": "08/09/2020", "ends_on": "",
            "tracking_starts_on": ""}
    data.update(changes)
    return data


def test_staff_corrects_the_plan_text_and_it_is_in_the_history(world, as_user, vietnamese):
    client = as_user(world.staff)
    page = client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    assert reverse("plan_edit", args=[world.plan.pk]) in page
    url = reverse("plan_edit", args=[world.plan.pk])
    response = client.post(url, _plan_post(world.plan, summary="Tuyên truyền về Nhà nước",
                                           tracking_starts_on="01/12/2026"))
    assert response.status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.summary == "Tuyên truyền về Nhà nước"
    assert world.plan.tracking_starts_on == dt.date(2026, 12, 1)
    assert world.plan.issued_on == dt.date(2020, 9, 8)
    record = world.plan.history.latest()
    assert record.history_user == world.staff and record.summary == "Tuyên truyền về Nhà nước"
    page = client.get(url).content.decode()
    assert "Tuyên truyền về Nhà nước" in page and 'id="history"' in page
    assert "08/09/2020" in page  # dates as dd/mm/yyyy in the form


def test_a_save_that_changes_nothing_adds_no_history(world, as_user):
    client = as_user(world.staff)
    before = world.plan.history.count()
    response = client.post(reverse("plan_edit", args=[world.plan.pk]), _plan_post(world.plan))
    assert response.status_code == 302
    assert world.plan.history.count() == before
    # a task with a due date posted as its form shows it (monthly offered for "regular")
    a = world.a_baohp
    before = a.history.count()
    response = client.post(reverse("assignment_edit", args=[a.pk]), {
        "task": a.task, "due_date": "31/12/2030", "reporting_period": "month",
        "channels": a.channels})
    assert response.status_code == 302 and a.history.count() == before


def test_bad_dates_are_refused_with_a_message(world, as_user, vietnamese):
    client = as_user(world.staff)
    response = client.post(reverse("plan_edit", args=[world.plan.pk]),
                           _plan_post(world.plan, starts_on="2020-13-45",
                                      ends_on="01/01/2020", issued_on="x"))
    assert response.status_code == 400
    assert "Hãy nhập ngày theo dạng ngày/tháng/năm (dd/mm/yyyy)" in response.content.decode()
    world.plan.refresh_from_db()
    assert world.plan.issued_on == dt.date(2020, 9, 8)


def test_staff_edits_a_task_deadline_and_channels(world, as_user, vietnamese):
    client = as_user(world.staff)
    url = reverse("assignment_edit", args=[world.a_baohp.pk])
    assert url in client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    response = client.post(url, {"task": "Đăng tin bài về Nhà nước", "due_date": "",
                                 "is_regular": "on", "reporting_period": "quarter",
                                 "channels": ["press", "facebook"]})
    assert response.status_code == 302
    a = Assignment.objects.get(pk=world.a_baohp.pk)
    assert (a.task, a.is_regular, a.due_date, a.reporting_period) == (
        "Đăng tin bài về Nhà nước", True, None, ReportingPeriod.QUARTER)
    assert a.channels == ["press", "facebook"]
    page = client.get(reverse("assignment_detail", args=[a.pk])).content.decode()
    assert "Đăng tin bài về Nhà nước" in page and "Facebook" in page
    # back to a deadline, typed as Vietnamese readers write it
    response = client.post(url, {"task": a.task, "due_date": "31/12/2030", "channels": ["press"],
                                 "reporting_period": ""})
    assert response.status_code == 302
    a.refresh_from_db()
    assert (a.is_regular, a.due_date, a.reporting_period) == (False, dt.date(2030, 12, 31), "")
    # no deadline and not regular: refused, nothing changed
    response = client.post(url, {"task": a.task, "due_date": "", "channels": ["press"]})
    assert response.status_code == 400
    assert "thường xuyên" in response.content.decode()


def test_staff_edits_an_item(world, as_user):
    client = as_user(world.staff)
    url = reverse("plan_item_edit", args=[world.item.pk])
    response = client.post(url, {"number": "2", "title": "Các cơ quan báo chí thành phố",
                                 "text": "- Đăng tin"})
    assert response.status_code == 302
    world.item.refresh_from_db()
    assert world.item.title == "Các cơ quan báo chí thành phố"
    assert world.item.history.latest().history_user == world.staff


@pytest.mark.parametrize("who", ["alice", "bob", "inspector", "viewer", "district", "nobody"])
def test_only_department_editors_reach_the_edit_pages(world, as_user, who):
    client = as_user(getattr(world, who))
    for url in [reverse("plan_edit", args=[world.plan.pk]),
                reverse("plan_item_edit", args=[world.item.pk]),
                reverse("assignment_edit", args=[world.a_baohp.pk])]:
        assert client.get(url).status_code == 404
        assert client.post(url, {"task": "x", "title": "x", "summary": "x"}).status_code == 404
    assert client.post(reverse("plan_issue", args=[world.plan.pk])).status_code == 404
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.task.startswith("Tăng cường")
    page = client.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    assert reverse("plan_edit", args=[world.plan.pk]) not in page


def test_a_draft_is_hidden_from_units_until_issued(world, as_user, vietnamese):
    world.plan.status = PlanStatus.DRAFT
    world.plan.save()
    alice = as_user(world.alice)
    assert alice.get(reverse("plan_detail", args=[world.plan.pk])).status_code == 404
    assert alice.get(reverse("assignment_detail", args=[world.a_baohp.pk])).status_code == 404
    assert not Plan.objects.visible_to(world.alice).exists()
    assert not Assignment.objects.visible_to(world.alice).exists()
    staff = as_user(world.staff)
    page = staff.get(reverse("plan_detail", args=[world.plan.pk])).content.decode()
    assert 'id="draft-notice"' in page and 'id="issue-plan"' in page
    assert staff.post(reverse("plan_issue", args=[world.plan.pk])).status_code == 302
    world.plan.refresh_from_db()
    assert world.plan.status == PlanStatus.ACTIVE
    alice = as_user(world.alice)
    assert alice.get(reverse("plan_detail", args=[world.plan.pk])).status_code == 200


def test_the_plan_page_says_things_in_words(world, as_user, vietnamese):
    world.plan.signer_authority, world.plan.signer_title = "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
    world.plan.signer_name = "Lê Văn Kiên"
    world.plan.save()
    world.theme.title, world.theme.text = "Đổi mới giáo dục", "Đổi mới giáo dục; và đào tạo"
    world.theme.save()
    page = as_user(world.staff).get(reverse("plan_detail", args=[world.plan.pk])) \
        .content.decode()
    assert "<dd>Kế hoạch</dd>" in page
    assert "KT. GIÁM ĐỐC<br>PHÓ GIÁM ĐỐC<br>Lê Văn Kiên" in page
    assert page.count("Đổi mới giáo dục") == 1 and "và đào tạo" in page
    # a theme whose title is the start of its text, shortened: the text once, in full
    world.theme.title, world.theme.text = "Tiếp tục đẩy mạnh tuyên truyền…", \
        "Tiếp tục đẩy mạnh tuyên truyền, phổ biến những quan điểm của Đảng"
    world.theme.save()
    page = as_user(world.staff).get(reverse("plan_detail", args=[world.plan.pk])) \
        .content.decode()
    assert page.count("Tiếp tục đẩy mạnh tuyên truyền") == 1
    assert "Tiếp tục đẩy mạnh tuyên truyền, phổ biến những quan điểm của Đảng" in page


def test_tracking_start_keeps_an_old_plan_from_being_overdue(world):
    world.a_baohp.is_regular, world.a_baohp.due_date = True, None
    world.a_baohp.reporting_period = "month"
    world.a_baohp.save()
    a = Assignment.objects.get(pk=world.a_baohp.pk)
    assert a.status() == State.OVERDUE  # periods since 2020 count as missed
    world.plan.tracking_starts_on = dt.date.today()
    world.plan.save()
    a = Assignment.objects.get(pk=world.a_baohp.pk)
    assert a.status() == State.IN_PROGRESS


def test_an_item_s_tasks_get_one_deadline_and_channels_at_once(world, as_user, vietnamese):
    client = as_user(world.staff)
    url = reverse("plan_item_edit", args=[world.item.pk])
    page = client.get(url).content.decode()
    assert "2 nhiệm vụ của mục" in page and 'value="broadcast"' in page
    response = client.post(url, {"number": "2", "title": world.item.title, "text": "",
                                 "retask": "on", "due_date": "", "is_regular": "on",
                                 "reporting_period": "week",
                                 "mentions": ["news", "facebook"]})
    assert response.status_code == 302
    for a in Assignment.objects.filter(item=world.item):
        assert (a.is_regular, a.due_date, a.reporting_period) == (True, None, "week")
        assert "facebook" in a.channels and "press" in a.channels  # a newspaper's own news
        assert a.history.latest().history_user == world.staff
    # a deadline for all, refused when missing
    response = client.post(url, {"number": "2", "title": world.item.title, "retask": "on",
                                 "due_date": ""})
    assert response.status_code == 400
    response = client.post(url, {"number": "2", "title": world.item.title, "retask": "on",
                                 "due_date": "30/06/2031", "mentions": ["press"]})
    assert response.status_code == 302
    assert set(Assignment.objects.filter(item=world.item)
               .values_list("due_date", "is_regular")) == {(dt.date(2031, 6, 30), False)}
