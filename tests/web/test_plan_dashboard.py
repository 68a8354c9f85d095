import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from loa.org.models import Role, Unit, UnitKind
from loa.plans import dashboard
from loa.plans.models import Activity, Assignment, Channel
from loa.plans.status import State
from tests.conftest import make_user


def url(world, **query):
    base = reverse("plan_dashboard", args=[world.plan.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def export_url(world, **query):
    base = reverse("plan_dashboard_export", args=[world.plan.pk])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def sheets(response):
    """The export's sheets as lists of rows (values)."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book}


@pytest.fixture
def tree(world):
    """Two districts with their office, station and commune stations, a few city units; some
    late, one regular task, activities on several channels."""
    today = timezone.localdate()
    t = type("Tree", (), {})()
    t.today = today
    t.radio_tv = Unit.objects.create(name="Đài Phát thanh và Truyền hình Hải Phòng",
                                      short_name="Đài PT&TH", kind=UnitKind.RADIO_TV,
                                      parent=world.city)
    t.education = Unit.objects.create(name="Sở Giáo dục và Đào tạo", short_name="Sở GD&ĐT",
                                      kind=UnitKind.DEPARTMENT, parent=world.city)
    t.lechan_radio = Unit.objects.create(name="Đài truyền thanh quận Lê Chân",
                                         kind=UnitKind.DISTRICT_RADIO, parent=world.lechan)
    t.anbien_radio = Unit.objects.create(name="Đài truyền thanh phường An Biên",
                                         kind=UnitKind.COMMUNE_RADIO, parent=world.commune)
    t.ngoquyen = Unit.objects.create(name="Quận Ngô Quyền", kind=UnitKind.DISTRICT,
                                     parent=world.city)
    t.mayto = Unit.objects.create(name="Phường Máy Tơ", kind=UnitKind.COMMUNE, parent=t.ngoquyen)
    t.mayto_radio = Unit.objects.create(name="Đài truyền thanh phường Máy Tơ",
                                        kind=UnitKind.COMMUNE_RADIO, parent=t.mayto)
    # Every unit gets a one-off task; Đài PT&TH and the An Biên station are late.
    units = [t.radio_tv, t.education, world.press_office, world.lechan_office, t.lechan_radio,
             t.anbien_radio, t.mayto_radio]
    made = dict(zip(units, Assignment.fan_out(
        item=world.item, units=units, task="Tuyên truyền", channels=[Channel.LOUDSPEAKER],
        due_date=today + dt.timedelta(days=20)), strict=True))
    for unit, days in ((t.radio_tv, 3), (t.anbien_radio, 40)):
        made[unit].due_date = today - dt.timedelta(days=days)
        made[unit].save()
    t.assignments = made
    # The Máy Tơ station has a monthly task and recorded nothing since two months ago.
    t.regular, = Assignment.fan_out(item=world.item, units=[t.mayto_radio], task="Bản tin định kỳ",
                                    is_regular=True, reporting_period="month",
                                    starts_on=dt.date(2020, 1, 1))
    first_of_month = today.replace(day=1)
    two_months_ago = (first_of_month - dt.timedelta(days=1)).replace(day=1) - dt.timedelta(days=1)
    t.last_regular = two_months_ago.replace(day=10)
    Activity.objects.create(assignment=t.regular, channel=Channel.LOUDSPEAKER, title="Bản tin",
                            published_on=t.last_regular, airtime_minutes=10)
    for i in range(3):
        Activity.objects.create(assignment=made[t.radio_tv], channel=Channel.TELEVISION,
                                title=f"Phóng sự {i}", published_on=today, airtime_minutes=5)
    Activity.objects.create(assignment=made[t.lechan_radio], channel=Channel.LOUDSPEAKER,
                            title="Bản tin quận", published_on=today, airtime_minutes=10)
    t.office = make_user("office", world.lechan_office, Role.UNIT_OFFICER)
    t.outsider = make_user("outsider", t.mayto_radio, Role.UNIT_OFFICER)
    return t


def test_it_checks_access(world, client, as_user):
    assert client.get(url(world)).status_code == 302
    assert client.get(export_url(world)).status_code == 302
    assert as_user(world.nobody).get(url(world)).status_code == 404
    assert as_user(world.nobody).get(export_url(world)).status_code == 404
    # Bob only gets his own unit's figures.
    figures = as_user(world.bob).get(url(world)).context["figures"]
    assert [row.unit for row in figures.rows] == [world.baoan]
    assert figures.activity_total == 1


def test_counts_activities_per_unit_and_channel(world, as_user):
    Activity.objects.create(assignment=world.a_baohp, channel=Channel.FACEBOOK, title="Bài đăng",
                            published_on=dt.date(2020, 9, 22))
    quiet = Unit.objects.create(name="Báo Lao động", kind=UnitKind.NEWSPAPER, parent=world.city)
    Assignment.fan_out(item=world.item, units=[quiet], task="Viết bài", channels=[Channel.PRESS],
                       due_date=dt.date(2020, 10, 1))
    response = as_user(world.staff).get(url(world))
    figures = response.context["figures"]
    rows = {row.unit.pk: row for row in figures.rows}
    channels = [c.value for c in figures.channels]
    assert rows[world.baohp.pk].channels[channels.index("press")] == 1
    assert rows[world.baohp.pk].channels[channels.index("facebook")] == 1
    assert rows[world.baohp.pk].activities == 2
    assert rows[world.baoan.pk].activities == 1
    assert rows[quiet.pk].activities == 0
    assert figures.activity_total == 3
    assert dict((c.value, n) for c, n in figures.by_channel)["press"] == 2
    page = response.content.decode()
    assert f'class="loa-zero-row" data-unit="{quiet.pk}"' in page
    # Weeks start on Monday: 20/9/2020 is a Sunday, 21 and 22 the next week.
    assert figures.weeks == [(dt.date(2020, 9, 14), 1), (dt.date(2020, 9, 21), 2)]
    assert 'id="dashboard-data"' in page
    # The late unit is on the overdue list, how late it is is said, its completion is 0 %.
    assert [a.lead_unit for a in figures.overdue] == [quiet]
    days = (timezone.localdate() - dt.date(2020, 10, 1)).days
    assert figures.overdue[0].lateness.days == days
    assert f"trễ {days} ngày" in page
    assert rows[quiet.pk].counts == {State.OVERDUE: 1}
    assert rows[quiet.pk].completed_pct == 0 and rows[quiet.pk].most_late == days


def test_completion_rates(world, as_user):
    world.a_baohp.completed_at = dt.datetime(2021, 1, 5, tzinfo=dt.UTC)
    world.a_baohp.save()
    late, = Assignment.fan_out(item=world.item, units=[world.baohp], task="Việc 2",
                               due_date=dt.date(2020, 10, 1))
    late.completed_at = dt.datetime(2020, 10, 3, tzinfo=dt.UTC)
    late.save()
    figures = as_user(world.staff).get(url(world)).context["figures"]
    entry = {e.unit.pk: e for e in figures.rows}[world.baohp.pk]
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


def test_city_units_first_then_districts_folded_with_subtotals(world, tree, as_user):
    response = as_user(world.staff).get(url(world))
    figures = response.context["figures"]
    # The department's own office, the press, the city radio-TV, the city departments.
    assert [r.unit for r in figures.city_rows] == [world.press_office, world.baohp, world.baoan,
                                                   tree.radio_tv, tree.education]
    assert [g.district for g in figures.districts] == [world.lechan, tree.ngoquyen]
    lechan = figures.districts[0]
    assert [r.unit for r in lechan.rows] == [world.lechan_office, tree.lechan_radio,
                                             tree.anbien_radio]
    assert lechan.subtotal.total == 3 and lechan.subtotal.overdue == 1
    assert lechan.subtotal.activities == 1 and lechan.subtotal.most_late == 40
    page = response.content.decode()
    # The city table comes before the districts; each district is a <details> with subtotals.
    assert page.index('id="city-units"') < page.index(f'data-district="{world.lechan.pk}"')
    assert page.count('<details class="loa-district"') == 2
    summary = page[page.index(f'data-district="{world.lechan.pk}"'):]
    summary = summary[:summary.index("</summary>")]
    assert "Quận Lê Chân" in summary and "quá hạn: 1" in summary and "nhiệm vụ: 3" in summary
    # The charts' canvases are there, with their figures as tables for a page without script.
    for chart in ("weekly-chart", "channel-chart", "kind-chart"):
        assert f'id="{chart}"' in page
    assert 'id="by-channel"' in page and 'id="by-kind"' in page
    kinds = {k.kind: k for k in response.context["figures"].by_kind}
    assert kinds[UnitKind.COMMUNE_RADIO].counts == {State.OVERDUE: 2, State.IN_PROGRESS: 1}


def test_regular_task_says_which_period_is_missing(world, tree, as_user):
    figures = as_user(world.staff).get(url(world)).context["figures"]
    regular = next(a for a in figures.overdue if a.pk == tree.regular.pk)
    # The last activity was two months ago: last month's period is the first one missed... and
    # the one before it too, when the activity fell in the month before that.
    missing_start = (tree.last_regular.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    assert regular.lateness.missing_from[0] == missing_start
    assert regular.lateness.last_activity == tree.last_regular
    assert regular.lateness.missed_periods == 1
    text = dashboard.lateness_text(regular)
    assert text == f"chưa có hoạt động từ tháng {missing_start.month}/{missing_start.year} " \
                   "(thiếu 1 kỳ)"
    page = as_user(world.staff).get(url(world)).content.decode()
    assert text in page


def test_period_missed_counts_every_period_since_the_last_activity():
    assignment = Assignment(reporting_period="month", is_regular=True)
    late = dashboard.period_missed(assignment, dt.date(2026, 12, 6), dt.date(2026, 8, 20))
    assert late.missing_from == (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    assert late.missed_periods == 3  # September, October, November
    assert late.days == (dt.date(2026, 12, 6) - dt.date(2026, 9, 30)).days
    week = dashboard.period_missed(Assignment(reporting_period="week", is_regular=True),
                                   dt.date(2026, 12, 6), dt.date(2026, 11, 18))
    assert week.missing_from == (dt.date(2026, 11, 23), dt.date(2026, 11, 29))
    assert week.missed_periods == 1
    assert dashboard.period_label("quarter", (dt.date(2026, 10, 1), dt.date(2026, 12, 31))) \
        == "quý 4/2026"


def test_filters(world, tree, as_user):
    client = as_user(world.staff)
    by_kind = client.get(url(world, kind="commune_radio")).context["figures"]
    assert [r.unit for r in by_kind.rows] == [tree.anbien_radio, tree.mayto_radio]
    assert by_kind.activity_total == 1  # the regular task's bulletin
    by_district = client.get(url(world, district=world.lechan.pk)).context["figures"]
    assert by_district.city_rows == []
    assert [g.district for g in by_district.districts] == [world.lechan]
    assert by_district.activity_total == 1
    city = client.get(url(world, district="city")).context["figures"]
    assert city.districts == [] and len(city.city_rows) == 5
    overdue = client.get(url(world, state="overdue")).context["figures"]
    assert {r.unit for r in overdue.rows} == {tree.radio_tv, tree.anbien_radio, tree.mayto_radio}
    assert overdue.assignment_total == 3 and overdue.activity_total == 4
    tv = client.get(url(world, channel="television")).context["figures"]
    assert [r.unit for r in tv.rows] == [tree.radio_tv]
    assert tv.activity_total == 3
    # Several at once; the form keeps them.
    page = client.get(url(world, kind="commune_radio", state="overdue",
                          district=tree.ngoquyen.pk)).content.decode()
    assert '<option value="commune_radio" selected>' in page
    assert '<option value="overdue" selected>' in page
    assert f'<option value="{tree.ngoquyen.pk}" selected>' in page
    assert "Đài truyền thanh phường An Biên" not in page
    assert "Đài truyền thanh phường Máy Tơ" in page


def test_bad_filters_are_refused_with_a_message(world, as_user):
    client = as_user(world.staff)
    for query in ({"kind": "bogus"}, {"state": "late"}, {"channel": "tv"},
                  {"district": "x1"}, {"sort": "random"}):
        response = client.get(url(world, **query))
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
        assert client.get(export_url(world, **query)).status_code == 400
    assert "Loại đơn vị không hợp lệ." in client.get(url(world, kind="bogus")).content.decode()


def test_sorting(world, tree, as_user):
    client = as_user(world.staff)
    late = client.get(url(world, sort="late")).context["figures"]
    assert late.city_rows[0].unit == tree.radio_tv
    # An Biên's station is 40 days late; Máy Tơ's missed last month (ended under 32 days ago).
    assert late.districts[0].district == world.lechan
    assert late.districts[0].rows[0].unit == tree.anbien_radio
    most = client.get(url(world, sort="activities")).context["figures"]
    assert most.city_rows[0].unit == tree.radio_tv  # 3 activities
    by_state = client.get(url(world, sort="state")).context["figures"]
    assert by_state.city_rows[0].completed_pct == 0
    assert by_state.city_rows[0].unit == tree.radio_tv  # nothing completed, one overdue
    overdue = client.get(url(world)).context["figures"].overdue
    assert [a.lateness.days for a in overdue] == sorted(
        (a.lateness.days for a in overdue), reverse=True)


def test_export_holds_what_is_shown(world, tree, as_user):
    client = as_user(world.staff)
    book = sheets(client.get(export_url(world, district=world.lechan.pk)))
    units, overdue = book["Đơn vị"], book["Quá hạn"]
    assert units[0][:4] == ["Đơn vị", "Quận, huyện", "Loại đơn vị", "Nhiệm vụ"]
    names = [row[0] for row in units[1:]]
    assert names == ["Quận Lê Chân (cộng)", world.lechan_office.name, tree.lechan_radio.name,
                     tree.anbien_radio.name]
    assert [row[1] for row in units[1:]] == ["Quận Lê Chân"] * 4
    assert units[1][3] == 3
    assert [row[1] for row in overdue[1:]] == [tree.anbien_radio.name]
    assert overdue[1][5] == "trễ 40 ngày" and overdue[1][6] == 40
    everything = sheets(client.get(export_url(world)))
    assert len(everything["Đơn vị"]) == 1 + 5 + 2 + 4  # header, city units, 2 subtotals, units
    assert len(everything["Quá hạn"]) == 1 + 3


def test_unit_officer_sees_its_subtree_and_nothing_else(world, tree, as_user):
    """A district's culture office oversees its district; a station of another district gets
    nothing of it, on the page or in the export."""
    figures = as_user(tree.office).get(url(world)).context["figures"]
    assert figures.city_rows == []
    assert [g.district for g in figures.districts] == [world.lechan]
    assert [r.unit for r in figures.rows] == [world.lechan_office, tree.lechan_radio,
                                              tree.anbien_radio]
    assert figures.activity_total == 1
    book = sheets(as_user(tree.office).get(export_url(world)))
    assert {row[0] for row in book["Đơn vị"][1:]} == {
        "Quận Lê Chân (cộng)", world.lechan_office.name, tree.lechan_radio.name,
        tree.anbien_radio.name}

    outsider = as_user(tree.outsider)
    response = outsider.get(url(world))
    page = response.content.decode()
    assert [r.unit for r in response.context["figures"].rows] == [tree.mayto_radio]
    for name in ("Lê Chân", "An Biên", "Báo Hải Phòng", "Đài PT&TH"):
        assert name not in page
    for query in ({}, {"district": world.lechan.pk}, {"kind": "district_radio"}):
        book = sheets(outsider.get(export_url(world, **query)))
        names = {row[0] for row in book["Đơn vị"][1:]} | {row[1] for row in book["Quá hạn"][1:]}
        assert names <= {tree.mayto_radio.name, "Quận Ngô Quyền (cộng)"}
        assert not any("Lê Chân" in str(n) or "An Biên" in str(n) for n in names)


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
    with django_assert_max_num_queries(13):
        response = client.get(url(world, sort="late"))
    assert response.status_code == 200
    with django_assert_max_num_queries(13):
        response = client.get(url(world, state="overdue", channel="loudspeaker"))
    assert response.status_code == 200


def test_unit_names_are_escaped(world, as_user):
    world.baohp.short_name = "<b>Báo HP</b>"
    world.baohp.save()
    page = as_user(world.staff).get(url(world)).content.decode()
    assert "&lt;b&gt;Báo HP&lt;/b&gt;" in page
    assert "<b>Báo HP</b>" not in page
