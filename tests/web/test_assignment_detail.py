import datetime as dt

from django.urls import reverse

from loa.plans.models import Activity, Channel


def url(assignment):
    return reverse("assignment_detail", args=[assignment.pk])


def test_it_checks_access(world, client, as_user):
    assert client.get(url(world.a_baohp)).status_code == 302
    assert as_user(world.bob).get(url(world.a_baohp)).status_code == 404
    assert as_user(world.bob).get(url(world.a_baoan)).status_code == 200


def test_shows_tasks_activities_and_actions(world, as_user):
    response = as_user(world.alice).get(url(world.a_baohp))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Tăng cường tin bài", "Phản bác thông tin sai", "Báo Hải Phòng",
                 "Bài về đổi mới giáo dục", "https://baohaiphong.vn/bai-1",
                 "Đổi mới giáo dục và đào tạo", "loa-state-in_progress",
                 reverse("activity_create", args=[world.a_baohp.pk]),
                 reverse("assignment_complete", args=[world.a_baohp.pk])]:
        assert text in page, text
    assert "Bài của Báo An ninh" not in page


def test_read_only_roles_get_no_buttons(world, as_user):
    page = as_user(world.viewer).get(url(world.a_baohp)).content.decode()
    assert "Bài về đổi mới giáo dục" in page
    assert reverse("activity_create", args=[world.a_baohp.pk]) not in page
    assert reverse("assignment_complete", args=[world.a_baohp.pk]) not in page


def test_supporting_unit_sees_only_its_own_activities(world, as_user):
    world.a_baoan.supporting_units.add(world.baohp)
    Activity.objects.create(assignment=world.a_baoan, unit=world.baohp, channel=Channel.PRESS,
                            title="Bài phối hợp", published_on=dt.date(2020, 9, 25))
    page = as_user(world.alice).get(url(world.a_baoan)).content.decode()
    assert "Bài phối hợp" in page
    assert "Bài của Báo An ninh" not in page


def test_change_history(world, as_user):
    client = as_user(world.staff)
    world.a_baohp.due_date = dt.date(2031, 1, 15)
    world.a_baohp._history_user = world.staff
    world.a_baohp.save()
    response = client.get(url(world.a_baohp))
    history = response.context["history"]
    assert history[-1].kind == "+"
    latest = history[0]
    assert latest.who == world.staff
    assert len(latest.changes) == 1
    _label, before, after = latest.changes[0]
    assert "2030" in before and "2031" in after
    assert "staff" in response.content.decode()


def test_change_history_names_supporting_units(world, as_user):
    world.a_baohp.supporting_units.add(world.press_office)
    history = as_user(world.staff).get(url(world.a_baohp)).context["history"]
    changes = [change for entry in history for change in entry.changes]
    assert ("—", "Phòng Thông tin, Báo chí và Xuất bản") in [
        (before, after) for _label, before, after in changes]


def test_change_history_names_changed_channels(world, as_user):
    """A change of expected channels renders with their names (it was a server error: lazy
    labels joined as strings)."""
    world.a_baohp.channels = [Channel.PRESS, Channel.RADIO]
    world.a_baohp._history_user = world.staff
    world.a_baohp.save()
    response = as_user(world.staff).get(url(world.a_baohp))
    assert response.status_code == 200
    changes = [change for entry in response.context["history"] for change in entry.changes]
    assert any("Phát thanh" in after for _label, _before, after in changes)
