import datetime as dt

import pytest
from django.urls import reverse

from loa.org.models import Unit, UnitKind
from loa.plans import dashboard
from loa.plans.models import Activity, Assignment, Channel
from loa.plans.status import State


def url(world):
    return reverse("plan_dashboard", args=[world.plan.pk])


def test_it_checks_access(world, client, as_user):
    assert client.get(url(world)).status_code == 302
    assert as_user(world.nobody).get(url(world)).status_code == 404
    # Bob only gets his own unit's figures.
    figures = as_user(world.bob).get(url(world)).context["figures"]
    assert [row.unit for row in figures.coverage] == [world.baoan]
    assert figures.activity_total == 1
    assert [e.unit for e in figures.completion] == [world.baoan]


def test_counts_activities_per_unit_and_channel(world, as_user):
    Activity.objects.create(assignment=world.a_baohp, channel=Channel.FACEBOOK, title="Bài đăng",
                            published_on=dt.date(2020, 9, 22))
    quiet = Unit.objects.create(name="Báo Lao động", kind=UnitKind.NEWSPAPER, parent=world.city)
    Assignment.fan_out(item=world.item, units=[quiet], task="Viết bài", channels=[Channel.PRESS],
                       due_date=dt.date(2020, 10, 1))
    response = as_user(world.staff).get(url(world))
    figures = response.context["figures"]
    rows = {row.unit.pk: row for row in figures.coverage}
    channels = [c.value for c in figures.channels]
    assert rows[world.baohp.pk].counts[channels.index("press")] == 1
    assert rows[world.baohp.pk].counts[channels.index("facebook")] == 1
    assert rows[world.baohp.pk].total == 2
    assert rows[world.baoan.pk].total == 1
    assert rows[quiet.pk].total == 0
    assert figures.activity_total == 3
    page = response.content.decode()
    assert f'class="loa-zero-row" data-unit="{quiet.pk}"' in page
    # Weeks start on Monday: 20/9/2020 is a Sunday, 21 and 22 the next week.
    assert figures.weeks == [(dt.date(2020, 9, 14), 1), (dt.date(2020, 9, 21), 2)]
    assert 'id="weekly-data"' in page
    # The late unit is on the overdue list and its completion rate is 0 %.
    assert [a.lead_unit for a in figures.overdue] == [quiet]
    completion = {e.unit.pk: e for e in figures.completion}
    assert completion[quiet.pk].counts == {State.OVERDUE: 1}
    assert completion[quiet.pk].completed_pct == 0


def test_completion_rates(world, as_user):
    world.a_baohp.completed_at = dt.datetime(2021, 1, 5, tzinfo=dt.UTC)
    world.a_baohp.save()
    late, = Assignment.fan_out(item=world.item, units=[world.baohp], task="Việc 2",
                               due_date=dt.date(2020, 10, 1))
    late.completed_at = dt.datetime(2020, 10, 3, tzinfo=dt.UTC)
    late.save()
    figures = as_user(world.staff).get(url(world)).context["figures"]
    entry = {e.unit.pk: e for e in figures.completion}[world.baohp.pk]
    assert entry.total == 2
    assert dict(entry.by_state) == {State.COMPLETED_ON_TIME: 1, State.COMPLETED_LATE: 1,
                                    State.IN_PROGRESS: 0, State.OVERDUE: 0}
    assert (entry.completed_pct, entry.on_time_pct) == (100, 50)


def test_weeks_are_filled(world):
    weeks = dashboard.weekly_counts(Activity.objects.none())
    assert weeks == []
    Activity.objects.create(assignment=world.a_baohp, channel=Channel.PRESS, title="Sau",
                            published_on=dt.date(2020, 10, 6))
    weeks = dashboard.weekly_counts(Activity.objects.filter(plan=world.plan))
    assert [n for _monday, n in weeks] == [1, 1, 0, 1]


@pytest.mark.parametrize("who", ["staff", "alice"])
def test_query_count_does_not_grow(world, as_user, django_assert_max_num_queries, who):
    units = [Unit.objects.create(name=f"Đài truyền thanh {i}", kind=UnitKind.COMMUNE_RADIO,
                                 parent=world.lechan) for i in range(25)]
    assignments = Assignment.fan_out(item=world.item, units=units, task="Phát sóng",
                                     channels=[Channel.LOUDSPEAKER], due_date=dt.date(2020, 12, 1))
    regular = Assignment.fan_out(item=world.item, units=units[:10], task="Định kỳ",
                                 is_regular=True, reporting_period="month")
    Activity.objects.bulk_create([
        Activity(assignment=a, plan=world.plan, unit=a.lead_unit, channel=Channel.LOUDSPEAKER,
                 title=f"Bản tin {i}", published_on=dt.date(2020, 9, 1) + dt.timedelta(days=i % 60),
                 airtime_minutes=5)
        for i, a in enumerate(assignments * 8 + regular * 4)
    ])
    client = as_user(getattr(world, who))
    client.get(url(world))  # warm caches (content types, sessions)
    with django_assert_max_num_queries(12):
        response = client.get(url(world))
    assert response.status_code == 200


def test_unit_names_are_escaped(world, as_user):
    world.baohp.short_name = "<b>Báo HP</b>"
    world.baohp.save()
    page = as_user(world.staff).get(url(world)).content.decode()
    assert "&lt;b&gt;Báo HP&lt;/b&gt;" in page
    assert "<b>Báo HP</b>" not in page
