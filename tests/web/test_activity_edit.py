"""Correcting and withdrawing an activity on the pages: only the unit that recorded it (and the
department) may; a withdrawal needs a reason, is audited, and the department still sees it."""

import datetime as dt

from django.urls import reverse

from loa.plans.models import Activity, PlanStatus


def edit_url(activity):
    return reverse("activity_edit", args=[activity.pk])


def withdraw_url(activity):
    return reverse("activity_withdraw", args=[activity.pk])


def detail_url(activity):
    return reverse("assignment_detail", args=[activity.assignment_id])


def form_data(**extra):
    values = {"channel": "press", "title": "Bài về đổi mới giáo dục (đã sửa)",
              "published_on": "2020-09-20", "url": "https://baohaiphong.vn/bai-1-sua"}
    values.update(extra)
    return values


def test_only_the_recording_unit_and_the_department_may_change(world, client, as_user):
    act = world.act_baohp
    for who in (world.bob, world.viewer, world.inspector, world.district):
        client.force_login(who)
        for address in (edit_url(act), withdraw_url(act)):
            assert client.get(address).status_code == 404, (who, address)
            assert client.post(address, {"reason": "x", **form_data()}).status_code == 404
    act.refresh_from_db()
    assert act.title == "Bài về đổi mới giáo dục" and act.withdrawn_at is None
    client.force_login(world.staff)
    assert client.get(edit_url(act)).status_code == 200


def test_the_unit_corrects_its_activity_and_the_history_keeps_it(world, as_user, vietnamese):
    client = as_user(world.alice)
    detail = client.get(detail_url(world.act_baohp)).content.decode()
    assert edit_url(world.act_baohp) in detail and withdraw_url(world.act_baohp) in detail
    page = client.get(edit_url(world.act_baohp))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Sửa hoạt động" in html and 'value="Bài về đổi mới giáo dục"' in html
    response = client.post(edit_url(world.act_baohp), form_data(reach="2500"), follow=True)
    assert response.redirect_chain[-1][0].startswith(detail_url(world.act_baohp))
    act = Activity.objects.get(pk=world.act_baohp.pk)
    assert act.title == "Bài về đổi mới giáo dục (đã sửa)" and act.reach == 2500
    assert act.url == "https://baohaiphong.vn/bai-1-sua"
    assert act.history.first().history_user == world.alice
    assert act.history.last().title == "Bài về đổi mới giáo dục"
    # The rules of recording apply to a correction: a broadcast needs its airtime.
    refused = client.post(edit_url(act), form_data(channel="radio"))
    assert refused.status_code == 200
    assert refused.context["form"].errors["airtime_minutes"] == [
        "Hãy nhập thời lượng phát sóng (phút)."]
    assert Activity.objects.get(pk=act.pk).channel == "press"


def test_withdrawing_asks_for_a_reason_and_the_department_sees_it(world, as_user, client,
                                                                  vietnamese):
    act = world.act_baohp
    alice = as_user(world.alice)
    ask = alice.get(withdraw_url(act))
    assert ask.status_code == 200 and "Rút hoạt động này?" in ask.content.decode()
    refused = alice.post(withdraw_url(act), {"reason": "  "})
    assert refused.status_code == 400
    assert refused.context["form"].errors["reason"] == ["Hãy nêu lý do rút hoạt động."]
    assert Activity.objects.filter(pk=act.pk).exists()
    response = alice.post(withdraw_url(act), {"reason": "Ghi nhận hai lần"}, follow=True)
    page = response.content.decode()
    assert "Đã rút hoạt động" in page
    assert f'id="activity-{act.pk}"' not in page  # the unit sees it gone
    assert not Activity.objects.filter(pk=act.pk).exists()
    kept = Activity.all_objects.get(pk=act.pk)
    assert kept.withdrawn_by == world.alice and kept.withdrawal_reason == "Ghi nhận hai lần"
    # Nothing more to do with it.
    assert alice.get(edit_url(act)).status_code == 404
    assert alice.post(withdraw_url(act), {"reason": "lại"}).status_code == 404
    # The department sees it, greyed, with who, when and why.
    alice.logout()
    staff = as_user(world.staff)
    page = staff.get(detail_url(act)).content.decode()
    assert f'id="activity-{act.pk}" class="loa-withdrawn"' in page
    assert "Ghi nhận hai lần" in page and "đã rút lúc" in page
    assert "Hoạt động đã rút (hiển thị mờ, không được tính): 1." in page


def test_nothing_changes_once_the_plan_is_closed(world, as_user):
    world.plan.status = PlanStatus.CLOSED
    world.plan.save()
    client = as_user(world.alice)
    assert client.get(edit_url(world.act_baohp)).status_code == 404
    assert client.post(withdraw_url(world.act_baohp), {"reason": "x"}).status_code == 404
    assert Activity.objects.filter(pk=world.act_baohp.pk).exists()


def test_the_inspectorate_records_on_its_own_task(world, as_user, vietnamese):
    from loa.plans.models import Assignment

    own = Assignment.objects.create(plan=world.plan, item=world.item, lead_unit=world.dept,
                                    task="Kiểm tra mạng xã hội", channels=["facebook"],
                                    due_date=dt.date(2030, 1, 1))
    client = as_user(world.inspector)
    page = client.get(reverse("assignment_detail", args=[own.pk])).content.decode()
    assert reverse("activity_create", args=[own.pk]) in page
    other = client.get(reverse("assignment_detail", args=[world.a_baohp.pk])).content.decode()
    assert reverse("activity_create", args=[world.a_baohp.pk]) not in other
    response = client.post(reverse("activity_create", args=[own.pk]), {
        "channel": "facebook", "title": "Rà soát thông tin sai sự thật",
        "published_on": "2020-09-22", "url": "https://facebook.com/p/1"})
    assert response.status_code == 302
    assert Activity.objects.get(title="Rà soát thông tin sai sự thật").unit == world.dept
    assert client.get(reverse("activity_create", args=[world.a_baohp.pk])).status_code == 404
