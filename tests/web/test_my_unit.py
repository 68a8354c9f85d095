import datetime as dt

from django.urls import reverse
from django.utils import timezone

from loa.plans.models import Assignment, Channel
from loa.plans.status import State


def test_it_checks_access(world, client, as_user):
    assert client.get(reverse("my_unit")).status_code == 302
    page = as_user(world.bob).get(reverse("my_unit"))
    assert [a.pk for a in page.context["overview"].assignments] == [world.a_baoan.pk]
    text = page.content.decode()
    assert "Báo An ninh Hải Phòng" in text
    assert "Bài về đổi mới giáo dục" not in text  # Alice's activity
    assert reverse("assignment_detail", args=[world.a_baohp.pk]) not in text


def test_names_the_unit_and_lists_its_work(world, as_user):
    response = as_user(world.alice).get(reverse("my_unit"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Báo Hải Phòng</h1>" in page
    assert "Bài về đổi mới giáo dục" in page
    assert reverse("activity_create", args=[world.a_baohp.pk]) in page
    overview = response.context["overview"]
    assert [a.pk for a in overview.assignments] == [world.a_baohp.pk]
    assert overview.assignments[0].state == State.IN_PROGRESS


def test_due_soon_and_overdue(world, as_user):
    today = timezone.localdate()
    soon, = Assignment.fan_out(item=world.item, units=[world.baohp], task="Viết bài",
                               channels=[Channel.PRESS], due_date=today + dt.timedelta(days=3))
    late, = Assignment.fan_out(item=world.item, units=[world.baohp], task="Đăng tin",
                               channels=[Channel.PRESS], due_date=today - dt.timedelta(days=1))
    Assignment.fan_out(item=world.item, units=[world.baoan], task="Việc của Báo An ninh",
                       channels=[Channel.PRESS], due_date=today - dt.timedelta(days=1))
    overview = as_user(world.alice).get(reverse("my_unit")).context["overview"]
    assert [a.pk for a in overview.due_soon] == [soon.pk]
    assert [a.pk for a in overview.overdue] == [late.pk]
    assert dict(overview.totals)[State.OVERDUE] == 1


def test_viewer_gets_no_record_button(world, as_user):
    page = as_user(world.viewer).get(reverse("my_unit")).content.decode()
    assert "Báo Hải Phòng" in page
    assert reverse("activity_create", args=[world.a_baohp.pk]) not in page


def test_person_without_unit(world, as_user):
    response = as_user(world.nobody).get(reverse("my_unit"))
    assert response.status_code == 200
    assert response.context["overview"].assignments == []


def test_department_staff_see_their_department_only(world, as_user):
    overview = as_user(world.staff).get(reverse("my_unit")).context["overview"]
    assert overview.assignments == []  # the newspapers' tasks are not the department's own
    assert [u.pk for u in overview.units] == [world.dept.pk]


def test_query_count_does_not_grow(world, as_user, django_assert_max_num_queries):
    from loa.org.models import Unit, UnitKind
    from loa.plans.models import Activity

    communes = [Unit.objects.create(name=f"Phường {i}", kind=UnitKind.COMMUNE, parent=world.lechan)
                for i in range(15)]
    assignments = Assignment.fan_out(item=world.item, units=communes, task="Tuyên truyền",
                                     is_regular=True, reporting_period="week")
    for a in assignments:
        a.supporting_units.add(world.lechan_office)
    Activity.objects.bulk_create([
        Activity(assignment=a, plan=world.plan, unit=a.lead_unit, channel=Channel.LOUDSPEAKER,
                 title="Bản tin", published_on=dt.date(2020, 10, 1), airtime_minutes=10)
        for a in assignments * 5
    ])
    client = as_user(world.district)
    client.get(reverse("my_unit"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("my_unit"))
    assert len(response.context["overview"].assignments) == 15
    assert len(response.context["overview"].recent) == 15


def test_record_button_only_where_the_person_may_edit(world, as_user):
    from loa.org.models import Membership, Role

    Membership.objects.create(user=world.viewer, unit=world.baoan, role=Role.UNIT_OFFICER)
    response = as_user(world.viewer).get(reverse("my_unit"))
    editable = {a.pk: a.editable for a in response.context["overview"].assignments}
    assert editable == {world.a_baohp.pk: False, world.a_baoan.pk: True}
    page = response.content.decode()
    assert reverse("activity_create", args=[world.a_baoan.pk]) in page
    assert reverse("activity_create", args=[world.a_baohp.pk]) not in page
