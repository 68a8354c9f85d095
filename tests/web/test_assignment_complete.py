import datetime as dt

from django.urls import reverse
from django.utils import timezone

from loa.plans import activities
from loa.plans.models import Assignment
from loa.plans.status import State


def url(assignment):
    return reverse("assignment_complete", args=[assignment.pk])


def test_it_checks_access(world, client, as_user):
    assert client.post(url(world.a_baohp)).status_code == 302
    assert as_user(world.bob).post(url(world.a_baohp)).status_code == 404
    client.logout()
    assert as_user(world.viewer).post(url(world.a_baohp)).status_code == 404  # read only
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is None


def test_marks_completed_with_note_and_history(world, as_user, vietnamese):
    client = as_user(world.alice)
    # Asks first: a page that says what the state becomes.
    ask = client.get(url(world.a_baohp))
    assert ask.status_code == 200
    assert (ask.context["state"], ask.context["state_after"]) == (
        State.IN_PROGRESS, State.COMPLETED_ON_TIME)
    page = ask.content.decode()
    assert "Trạng thái sau khi xác nhận" in page and "Hoàn thành đúng hạn" in page
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is None  # looking changes nothing
    response = client.post(url(world.a_baohp), {"completion_note": "Đã đăng 12 tin bài"},
                           follow=True)
    assert response.redirect_chain[-1][0] == reverse("assignment_detail", args=[world.a_baohp.pk])
    assignment = Assignment.objects.get(pk=world.a_baohp.pk)
    assert assignment.completed_at is not None
    assert assignment.completion_note == "Đã đăng 12 tin bài"
    assert assignment.status() == State.COMPLETED_ON_TIME
    assert assignment.history.first().history_user == world.alice
    assert "Đã đăng 12 tin bài" in response.content.decode()
    # A second click changes nothing.
    first = assignment.completed_at
    client.post(url(world.a_baohp))
    assignment.refresh_from_db()
    assert assignment.completed_at == first


def test_completion_can_be_taken_back_and_is_audited(world, as_user, vietnamese):
    client = as_user(world.alice)
    client.post(url(world.a_baohp), {"completion_note": "Xong"})
    reopen = reverse("assignment_reopen", args=[world.a_baohp.pk])
    detail = client.get(reverse("assignment_detail", args=[world.a_baohp.pk])).content.decode()
    assert reopen in detail
    ask = client.get(reopen)
    assert ask.status_code == 200 and ask.context["state_after"] == State.IN_PROGRESS
    response = client.post(reopen, follow=True)
    assert "Đang thực hiện trong hạn" in response.content.decode()
    assignment = Assignment.objects.get(pk=world.a_baohp.pk)
    assert assignment.completed_at is None and assignment.completion_note == ""
    assert assignment.history.first().history_user == world.alice
    assert assignment.history.count() >= 3  # created, completed, reopened
    # Others may not take it back.
    client.post(url(world.a_baohp), {"completion_note": "Xong lần hai"})
    client.logout()
    assert as_user(world.bob).post(reopen).status_code == 404
    assert Assignment.objects.get(pk=world.a_baohp.pk).completed_at is not None


def test_a_task_without_activity_needs_a_report_and_is_not_silently_on_time(world, as_user,
                                                                             vietnamese):
    """An overdue regular task with nothing recorded does not become "completed on time" in
    one click: the page says what happens, a report is required, and it counts as late."""
    today = timezone.localdate()
    a = world.a_baoan
    a.due_date, a.is_regular, a.reporting_period = None, True, "month"
    a.starts_on = today - dt.timedelta(days=120)
    a.save()
    # Its one activity is withdrawn: a withdrawn activity counts for nothing.
    activities.withdraw(world.bob, world.act_baoan, "Ghi nhầm nhiệm vụ")
    assert a.status() == State.OVERDUE
    client = as_user(world.bob)
    ask = client.get(url(a))
    assert ask.context["state_after"] == State.COMPLETED_LATE
    assert "Chưa có hoạt động nào được ghi nhận" in ask.content.decode()
    refused = client.post(url(a), {"completion_note": ""})
    assert refused.status_code == 400
    assert "completion_note" in refused.context["errors"]
    assert Assignment.objects.get(pk=a.pk).completed_at is None
    client.post(url(a), {"completion_note": "Đã tuyên truyền trực tiếp tại hội nghị"})
    done = Assignment.objects.get(pk=a.pk)
    assert done.completed_at is not None and done.status() == State.COMPLETED_LATE
    page = client.get(reverse("assignment_detail", args=[a.pk])).content.decode()
    assert 'id="completed-without-activity"' in page


def test_supporting_unit_cannot_complete_the_leads_task(world, client):
    world.a_baohp.supporting_units.set([world.baoan])
    client.force_login(world.bob)
    page = client.get(f"/assignments/{world.a_baohp.pk}/")
    assert page.status_code == 200
    assert f"/assignments/{world.a_baohp.pk}/complete/" not in page.content.decode()
    assert client.post(f"/assignments/{world.a_baohp.pk}/complete/").status_code == 404
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is None
