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
    with django_assert_max_num_queries(13):
        response = client.get(reverse("my_unit"))
    overview = response.context["overview"]
    # The district's own list holds its own work; its communes are one line each below.
    assert overview.assignments == []
    assert [row.unit for row in overview.below] == communes
    assert {row.activities for row in overview.below} == {5}
    assert len(overview.recent) == 0


def test_record_button_only_where_the_person_may_edit(world, as_user):
    from loa.org.models import Membership, Role

    Membership.objects.create(user=world.viewer, unit=world.baoan, role=Role.UNIT_OFFICER)
    response = as_user(world.viewer).get(reverse("my_unit"))
    editable = {a.pk: a.editable for a in response.context["overview"].assignments}
    assert editable == {world.a_baohp.pk: False, world.a_baoan.pk: True}
    page = response.content.decode()
    assert reverse("activity_create", args=[world.a_baoan.pk]) in page
    assert reverse("activity_create", args=[world.a_baohp.pk]) not in page


def oversight_world(world):
    """Lê Chân's commune radio stations, one late and one on track, and a station of another
    district; the culture office's officer (Phòng VH-TT quận Lê Chân)."""
    from loa.org.models import Membership, Role, Unit, UnitKind
    from tests.conftest import make_user

    today = timezone.localdate()
    radio_a = Unit.objects.create(name="Đài truyền thanh phường An Biên",
                                  short_name="Đài TT An Biên", kind=UnitKind.COMMUNE_RADIO,
                                  parent=world.commune)
    commune_b = Unit.objects.create(name="Phường Cát Dài", kind=UnitKind.COMMUNE,
                                    parent=world.lechan)
    radio_b = Unit.objects.create(name="Đài truyền thanh phường Cát Dài",
                                  kind=UnitKind.COMMUNE_RADIO, parent=commune_b)
    other_district = Unit.objects.create(name="Quận Ngô Quyền", kind=UnitKind.DISTRICT,
                                         parent=world.city)
    radio_c = Unit.objects.create(name="Đài truyền thanh phường Máy Tơ",
                                  kind=UnitKind.COMMUNE_RADIO, parent=other_district)
    late_a, on_track_b, other_c = Assignment.fan_out(
        item=world.item, units=[radio_a, radio_b, radio_c], task="Phát bản tin",
        channels=[Channel.LOUDSPEAKER], due_date=today + dt.timedelta(days=30))
    late_a.due_date = today - dt.timedelta(days=4)
    late_a.save()
    from loa.plans.models import Activity

    Activity.objects.create(assignment=on_track_b, channel=Channel.LOUDSPEAKER,
                            title="Bản tin Cát Dài", published_on=today, airtime_minutes=10)
    Activity.objects.create(assignment=other_c, channel=Channel.LOUDSPEAKER,
                            title="Bản tin Máy Tơ", published_on=today, airtime_minutes=10)
    office = make_user("office", world.lechan_office, Role.UNIT_OFFICER)
    outsider = make_user("outsider", radio_c, Role.UNIT_OFFICER)
    assert Membership.objects.filter(user=office).count() == 1
    return office, outsider, (radio_a, radio_b, radio_c), (late_a, on_track_b, other_c)


def test_district_office_oversees_its_district(world, as_user):
    office, _outsider, (radio_a, radio_b, radio_c), (late_a, on_track_b, other_c) = \
        oversight_world(world)
    response = as_user(office).get(reverse("my_unit"))
    overview = response.context["overview"]
    below = {row.unit: row for row in overview.below}
    assert set(below) == {radio_a, radio_b}  # not the other district's station
    assert below[radio_a].counts == {State.OVERDUE: 1} and below[radio_a].most_late == 4
    assert below[radio_b].counts == {State.IN_PROGRESS: 1} and below[radio_b].activities == 1
    page = response.content.decode()
    assert "Đơn vị trực thuộc" in page
    assert "Đài TT An Biên" in page and "Đài truyền thanh phường Cát Dài" in page
    assert reverse("unit_detail", args=[radio_a.pk]) in page
    assert "Máy Tơ" not in page
    # It oversees, it does not record for the communes' stations.
    assert reverse("activity_create", args=[late_a.pk]) not in page
    # The plan's figures count the district's work.
    plan, = overview.plans
    assert plan.figures["assignments"] == 2 and plan.figures["overdue"] == 1
    # The units' pages open for it; the other district's does not.
    assert as_user(office).get(reverse("unit_detail", args=[radio_a.pk])).status_code == 200
    assert as_user(office).get(reverse("unit_detail", args=[radio_c.pk])).status_code == 404
    assert as_user(office).get(
        reverse("assignment_detail", args=[other_c.pk])).status_code == 404


def test_unit_outside_the_subtree_sees_nothing_of_it(world, as_user):
    _office, outsider, (radio_a, radio_b, _radio_c), (late_a, on_track_b, _other_c) = \
        oversight_world(world)
    response = as_user(outsider).get(reverse("my_unit"))
    overview = response.context["overview"]
    assert overview.below == []
    page = response.content.decode()
    assert "An Biên" not in page and "Cát Dài" not in page
    for pk in (late_a.pk, on_track_b.pk):
        assert as_user(outsider).get(reverse("assignment_detail", args=[pk])).status_code == 404
    for unit in (radio_a, radio_b):
        assert as_user(outsider).get(reverse("unit_detail", args=[unit.pk])).status_code == 404
