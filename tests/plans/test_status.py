"""The four official states, at the edges of the deadline, in the department's time zone."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from loa.plans.models import Activity, Assignment, Channel, ReportingPeriod
from loa.plans.status import State, compute, period_bounds, previous_period

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC
DUE = dt.date(2020, 10, 31)


def at(y, m, d, hh=12, mm=0, tz=HCM):
    return dt.datetime(y, m, d, hh, mm, tzinfo=tz)


@pytest.mark.parametrize(
    "completed_at, now, expected",
    [
        (None, at(2020, 10, 31, 23, 59), State.IN_PROGRESS),  # last minute of the due day
        (None, at(2020, 11, 1, 0, 0), State.OVERDUE),  # first minute after
        (None, at(2020, 10, 1), State.IN_PROGRESS),
        (at(2020, 10, 31, 23, 59), at(2020, 12, 1), State.COMPLETED_ON_TIME),
        (at(2020, 11, 1, 0, 1), at(2020, 12, 1), State.COMPLETED_LATE),
        (at(2020, 10, 5), at(2020, 10, 6), State.COMPLETED_ON_TIME),
        # 17:30 UTC on the 31st is 00:30 on 1 November in Hải Phòng: late, although the UTC
        # date is still the due date.
        (dt.datetime(2020, 10, 31, 17, 30, tzinfo=UTC), at(2020, 12, 1), State.COMPLETED_LATE),
        # 16:59 UTC is 23:59 local: on time.
        (dt.datetime(2020, 10, 31, 16, 59, tzinfo=UTC), at(2020, 12, 1), State.COMPLETED_ON_TIME),
    ],
)
def test_deadline_edges(completed_at, now, expected):
    assert compute(due_date=DUE, completed_at=completed_at, now=now) == expected


def test_now_in_utc_is_read_in_local_time():
    # 17:00 UTC on the 31st is already 1 November in Hải Phòng.
    now = dt.datetime(2020, 10, 31, 17, 0, tzinfo=UTC)
    assert compute(due_date=DUE, completed_at=None, now=now) == State.OVERDUE
    now = dt.datetime(2020, 10, 31, 16, 59, tzinfo=UTC)
    assert compute(due_date=DUE, completed_at=None, now=now) == State.IN_PROGRESS


@pytest.mark.parametrize(
    "period, day, bounds",
    [
        ("week", dt.date(2020, 9, 9), (dt.date(2020, 9, 7), dt.date(2020, 9, 13))),
        ("month", dt.date(2020, 2, 15), (dt.date(2020, 2, 1), dt.date(2020, 2, 29))),
        ("month", dt.date(2020, 12, 31), (dt.date(2020, 12, 1), dt.date(2020, 12, 31))),
        ("quarter", dt.date(2020, 11, 3), (dt.date(2020, 10, 1), dt.date(2020, 12, 31))),
        ("year", dt.date(2020, 6, 1), (dt.date(2020, 1, 1), dt.date(2020, 12, 31))),
    ],
)
def test_period_bounds(period, day, bounds):
    assert period_bounds(period, day) == bounds


def test_previous_period_crosses_the_year():
    assert previous_period("month", dt.date(2021, 1, 10)) == (dt.date(2020, 12, 1),
                                                               dt.date(2020, 12, 31))
    assert previous_period("quarter", dt.date(2021, 2, 1)) == (dt.date(2020, 10, 1),
                                                                dt.date(2020, 12, 31))


def test_regular_task_states():
    now = at(2020, 11, 10)
    kw = dict(due_date=None, completed_at=None, is_regular=True, reporting_period="month", now=now)
    # Started this month: no full period yet.
    assert compute(starts_on=dt.date(2020, 11, 2), **kw) == State.IN_PROGRESS
    # Started in October, in the middle of the month: October is not a full period for it.
    assert compute(starts_on=dt.date(2020, 10, 15), **kw) == State.IN_PROGRESS
    # Started in September; reported in October → on track; not → overdue.
    assert compute(starts_on=dt.date(2020, 9, 8), reported_last_period=True, **kw) \
        == State.IN_PROGRESS
    assert compute(starts_on=dt.date(2020, 9, 8), reported_last_period=False, **kw) == State.OVERDUE
    kw["completed_at"] = now
    assert compute(starts_on=dt.date(2020, 9, 8), **kw) == State.COMPLETED_ON_TIME
    # Declared completed while overdue (nothing in October): late, never silently on time.
    assert compute(starts_on=dt.date(2020, 9, 8), reported_before_completion=False, **kw) \
        == State.COMPLETED_LATE
    assert compute(starts_on=dt.date(2020, 9, 8), reported_before_completion=True, **kw) \
        == State.COMPLETED_ON_TIME
    # ... unless no full period had passed when it was completed.
    assert compute(starts_on=dt.date(2020, 10, 15), reported_before_completion=False, **kw) \
        == State.COMPLETED_ON_TIME


def test_model_status_and_annotation_agree(world, settings):
    regular = Assignment.objects.create(
        plan=world.plan, item=world.item, lead_unit=world.baohp, task="Đăng tin thường xuyên",
        is_regular=True, reporting_period=ReportingPeriod.MONTH, starts_on=dt.date(2020, 9, 1),
    )
    now = at(2020, 11, 10)
    today = now.date()
    assert regular.status(now=now) == State.OVERDUE
    annotated = Assignment.objects.with_period_activity(today).get(pk=regular.pk)
    assert annotated.reported_last_period is False
    Activity.objects.create(assignment=regular, channel=Channel.PRESS, title="Tin tháng 10",
                            published_on=dt.date(2020, 10, 30))
    annotated = Assignment.objects.with_period_activity(today).get(pk=regular.pk)
    assert annotated.reported_last_period is True
    assert annotated.status(now=now) == State.IN_PROGRESS
    assert Assignment.objects.get(pk=regular.pk).status(now=now) == State.IN_PROGRESS


def test_tracking_starts_at_the_latest_day_given():
    import datetime as dt

    from loa.plans.status import default_tracking_start, tracking_start

    assert tracking_start(None, None) is None
    assert tracking_start(dt.date(2020, 9, 8), None) == dt.date(2020, 9, 8)
    assert tracking_start(dt.date(2020, 9, 8), dt.date(2026, 12, 1)) == dt.date(2026, 12, 1)
    today = dt.date(2026, 12, 6)
    # an old plan is tracked from the day it is confirmed; a plan of the future from its date
    assert default_tracking_start(dt.date(2020, 9, 8), today) == today
    assert default_tracking_start(None, today) == today
    assert default_tracking_start(dt.date(2027, 1, 1), today) == dt.date(2027, 1, 1)
