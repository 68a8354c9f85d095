"""The one activity writer (loa.plans.activities): access, rules, duplicates, audit, bulk."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from loa.org.access import Scope
from loa.plans import activities, status
from loa.plans.models import Activity, ActivitySource, Assignment, Channel, PlanStatus, Theme

DAY = dt.date(2024, 3, 1)


def fields(**extra):
    return {"channel": Channel.PRESS, "title": "Giáo dục Hải Phòng đổi mới",
            "published_on": DAY, **extra}


def test_record_saves_with_source_author_unit_and_audit(world):
    activity = activities.record(world.alice, world.a_baohp, source=ActivitySource.FORM,
                                 **fields(title="  Bài mới  ", theme=world.theme))
    activity.refresh_from_db()
    assert (activity.unit, activity.plan, activity.created_by) == (
        world.baohp, world.plan, world.alice)
    assert activity.title == "Bài mới" and activity.source == "form"
    (record,) = activity.history.all()
    assert record.history_user == world.alice and record.history_type == "+"


def test_another_units_assignment_is_refused(world):
    with pytest.raises(ValidationError) as refused:
        activities.record(world.bob, world.a_baohp, source=ActivitySource.API, **fields())
    assert "unit" in refused.value.message_dict
    assert not Activity.objects.filter(title=fields()["title"]).exists()


@pytest.mark.parametrize("who", ["viewer", "inspector", "nobody"])
def test_readers_record_nothing(world, who):
    with pytest.raises(ValidationError):
        activities.record(getattr(world, who), world.a_baohp, source=ActivitySource.API,
                          **fields())


def test_a_plan_that_is_not_active_takes_no_activities(world):
    world.plan.status = PlanStatus.CLOSED
    world.plan.save()
    with pytest.raises(ValidationError) as refused:
        activities.record(world.alice, world.a_baohp, source=ActivitySource.FORM, **fields())
    assert refused.value.error_list[0].code == "not_allowed"


def test_the_rules_are_the_models(world):
    other_plan_theme = Theme.objects.create(plan=type(world.plan).objects.create(
        code="1/KH-X", summary="Khác", status=PlanStatus.ACTIVE), title="Chủ đề khác")
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        activities.record(world.alice, world.a_baohp, source=ActivitySource.API, **fields(
            channel=Channel.RADIO, published_on=tomorrow, theme=other_plan_theme))
    errors = refused.value.message_dict
    assert set(errors) == {"airtime_minutes", "published_on", "theme"}
    with pytest.raises(ValidationError) as refused, translation.override("vi"):
        # (in Vietnamese whatever language an earlier test left active)
        activities.record(world.alice, world.a_baohp, source=ActivitySource.API,
                          **fields(theme_id=10**8))
    with translation.override("vi"):
        assert refused.value.message_dict["theme"] == ["Không có chủ đề nào với mã số này."]


def test_a_second_copy_is_refused_whatever_the_source(world):
    activities.record(world.alice, world.a_baohp, source=ActivitySource.FORM, **fields())
    with pytest.raises(ValidationError) as refused:
        activities.record(world.alice, world.a_baohp, source=ActivitySource.API,
                          **fields(title="GIÁO DỤC HẢI PHÒNG ĐỔI MỚI"))
    assert refused.value.error_dict["__all__"][0].code == "duplicate"
    # a supporting unit records its own copy of a joint publication
    world.a_baohp.supporting_units.add(world.baoan)
    copy = activities.record(world.bob, world.a_baohp, source=ActivitySource.FORM, **fields())
    assert copy.unit == world.baoan


def test_problems_checks_many_with_a_fixed_number_of_queries(world):
    def batch(n):
        return [activities.build(world.alice, world.a_baohp, source=ActivitySource.SPREADSHEET,
                                 **fields(title=f"Bài {i}", theme=world.theme)) for i in range(n)]

    three, sixty = batch(3), batch(60)
    with CaptureQueriesContext(connection) as few:
        activities.problems(three)
    with CaptureQueriesContext(connection) as many:
        found = activities.problems(sixty)
    assert len(many.captured_queries) == len(few.captured_queries) <= 2
    assert found == [None] * 60


def test_problems_names_the_earlier_copy_in_a_batch(world):
    batch = [activities.build(world.alice, world.a_baohp, source=ActivitySource.SPREADSHEET,
                              **fields(title=title)) for title in ["A", "B", "a"]]
    found = activities.problems(batch)
    assert found[:2] == [None, None]
    (error,) = found[2].error_dict["__all__"]
    assert error.code == "duplicate_in_batch" and error.params == {"index": 0}


def test_record_many_is_all_or_nothing(world):
    batch = [activities.build(world.alice, world.a_baohp, source=ActivitySource.SPREADSHEET,
                              **fields(title=f"Bài {i}")) for i in range(3)]
    batch.append(activities.build(world.alice, world.a_baohp,
                                  source=ActivitySource.SPREADSHEET,
                                  **fields(title="Phát thanh", channel=Channel.RADIO)))
    with pytest.raises(ValidationError):
        activities.record_many(world.alice, batch)
    assert not Activity.objects.filter(source="xlsx").exists()
    batch[-1].airtime_minutes = Decimal("12.5")
    saved = activities.record_many(world.alice, batch)
    assert len(saved) == 4 and all(a.pk for a in saved)
    assert set(Activity.history.filter(source="xlsx").values_list("history_user", flat=True)) \
        == {world.alice.pk}


def test_record_many_checks_access_again(world):
    batch = [activities.build(world.alice, world.a_baohp, source=ActivitySource.SPREADSHEET,
                              **fields())]
    with pytest.raises(ValidationError):
        activities.record_many(world.bob, batch)
    assert not Activity.objects.filter(source="xlsx").exists()


def test_system_records_for_the_lead_unit_without_an_author(world):
    activity = activities.record(activities.SYSTEM, world.a_baoan, source=ActivitySource.API,
                                 **fields())
    assert activity.unit == world.baoan and activity.created_by is None
    assert activity.history.get().history_user is None


def test_change_and_withdraw_are_scoped_and_audited(world):
    activity = world.act_baohp
    with pytest.raises(ValidationError):
        activities.change(world.bob, activity, title="Sửa trộm")
    activities.change(world.alice, activity, title="Bài đã sửa", reach=900)
    activity.refresh_from_db()
    assert activity.title == "Bài đã sửa" and activity.reach == 900
    assert activity.history.first().history_user == world.alice
    with pytest.raises(ValidationError):
        activities.change(world.alice, activity, published_on=timezone.localdate()
                          + dt.timedelta(days=2))
    activity.refresh_from_db()
    assert activity.published_on == dt.date(2020, 9, 20)
    with pytest.raises(ValidationError):
        activities.withdraw(world.bob, activity, "Không phải của tôi")
    with pytest.raises(ValidationError) as missing:
        activities.withdraw(world.alice, activity, "  ")
    assert "reason" in missing.value.message_dict
    pk = activity.pk
    activities.withdraw(world.alice, activity, "Ghi trùng")
    # It no longer counts, but it is kept with who withdrew it, when and why.
    assert not Activity.objects.filter(pk=pk).exists()
    kept = Activity.all_objects.get(pk=pk)
    assert (kept.withdrawn_by, kept.withdrawal_reason, kept.is_withdrawn) == (
        world.alice, "Ghi trùng", True)
    last = Activity.history.filter(id=pk).latest("history_date")
    assert last.history_user == world.alice and last.withdrawal_reason == "Ghi trùng"
    # A withdrawn activity is neither corrected nor withdrawn again ...
    with pytest.raises(ValidationError):
        activities.change(world.alice, kept, title="Sửa lại")
    with pytest.raises(ValidationError):
        activities.withdraw(world.alice, kept, "Lần nữa")
    # ... and no longer blocks recording the same activity again.
    again = activities.record(world.alice, world.a_baohp, source="form", channel="press",
                              title="Bài đã sửa", published_on=dt.date(2020, 9, 20))
    assert again.pk != pk


def test_a_withdrawn_activity_no_longer_keeps_a_regular_task_on_track(world):
    today = timezone.localdate()
    start, _end = status.previous_period("month", today)
    world.a_baohp.due_date, world.a_baohp.is_regular = None, True
    world.a_baohp.reporting_period = "month"
    world.a_baohp.save()
    activity = activities.record(world.alice, world.a_baohp, source="form", channel="press",
                                 title="Bài tháng trước", published_on=start)
    assert world.a_baohp.status() == status.State.IN_PROGRESS
    activities.withdraw(world.alice, activity, "Sai nhiệm vụ")
    assert world.a_baohp.status() == status.State.OVERDUE


def test_the_inspectorate_records_its_own_tasks_and_nothing_else(world):
    """An inspector reads everything and changes nothing, but records the work of the tasks
    assigned to the inspectorate (item 6.3): one rule, the same for every way of recording."""
    own = Assignment.objects.create(plan=world.plan, item=world.item, lead_unit=world.dept,
                                    task="Kiểm tra mạng xã hội", due_date=dt.date(2030, 1, 1))
    scope = Scope.of(world.inspector)
    assert scope.can_record and scope.can_record_for_unit(world.dept.pk)
    assert not scope.can_record_for_unit(world.baohp.pk) and not scope.can_edit
    assert set(Assignment.objects.recordable_by(world.inspector)) == {own}
    activity = activities.record(world.inspector, own, source="form", channel="facebook",
                                 title="Rà soát tin giả tuần 1", published_on=dt.date(2020, 9, 21))
    assert activity.unit == world.dept
    activities.change(world.inspector, activity, reach=10)
    with pytest.raises(ValidationError):
        activities.record(world.inspector, world.a_baohp, source="form", channel="press",
                          title="Không được", published_on=dt.date(2020, 9, 21))
    with pytest.raises(ValidationError):
        activities.withdraw(world.inspector, world.act_baohp, "Không được")
    assert not Assignment.objects.editable_by(world.inspector).exists()


def test_unknown_fields_are_a_programming_error(world):
    with pytest.raises(TypeError):
        activities.build(world.alice, world.a_baohp, source="form", plan=world.plan)


def test_each_unit_gets_the_channels_of_its_own_kind(world):
    """Item III.2 names radio-TV, newspapers and the portal together ("phát sóng", "tin, bài"):
    each unit gets its own kind's channels, never the union (a newspaper is not asked for
    airtime)."""
    from loa.org.models import Unit, UnitKind

    radio_tv = Unit.objects.create(name="Đài Phát thanh và Truyền hình Hải Phòng",
                                   kind=UnitKind.RADIO_TV, parent=world.city)
    portal = Unit.objects.create(name="Cổng Thông tin điện tử thành phố",
                                 kind=UnitKind.E_PORTAL, parent=world.city)
    created = Assignment.fan_out(item=world.item, units=[radio_tv, world.baohp, portal],
                                 channel_mentions=["broadcast", "news"], task="Tăng cường tin bài",
                                 due_date=dt.date(2030, 12, 31))
    assert {a.lead_unit.name: a.channels for a in created} == {
        radio_tv.name: ["television", "radio"], world.baohp.name: ["press"],
        portal.name: ["e_portal"]}
