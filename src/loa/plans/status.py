"""The four official deadline states of a task, computed, never typed by hand.

A due date is a calendar day in the department's time zone (settings.TIME_ZONE,
Asia/Ho_Chi_Minh): work finished at 23:59 local time on the due date is on time, whatever the
server's clock zone. A regular task (thường xuyên) has no single deadline: it is on track while
its unit recorded something in the last full reporting period, and overdue when it did not.
"""

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    COMPLETED_ON_TIME = "completed_on_time", _("Completed on time")
    COMPLETED_LATE = "completed_late", _("Completed late")
    IN_PROGRESS = "in_progress", _("In progress within deadline")
    OVERDUE = "overdue", _("Overdue")


COMPLETED = {State.COMPLETED_ON_TIME, State.COMPLETED_LATE}


def period_bounds(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """First and last day of the calendar period (week from Monday) that contains ``day``."""
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return start, start + dt.timedelta(days=6)
    if period == "month":
        start = day.replace(day=1)
    elif period == "quarter":
        start = day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    elif period == "year":
        start = day.replace(month=1, day=1)
    else:
        raise ValueError(f"unknown reporting period: {period!r}")
    months = {"month": 1, "quarter": 3, "year": 12}[period]
    month_index = start.month - 1 + months
    next_start = start.replace(year=start.year + month_index // 12, month=month_index % 12 + 1)
    return start, next_start - dt.timedelta(days=1)


def previous_period(period: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """The last full period before the one that contains ``day``."""
    start, _end = period_bounds(period, day)
    return period_bounds(period, start - dt.timedelta(days=1))


def tracking_start(*days):
    """The day tracking starts for a task: the latest of the days given (the task's own start,
    its plan's tracking start), None when none is given. A regular task counts no reporting
    period that ended before it, so a plan imported long after its date is not born overdue."""
    known = [day for day in days if day is not None]
    return max(known) if known else None


def default_tracking_start(issued_on, today=None):
    """Where tracking starts unless the reviewer says otherwise: the plan's date for a plan of
    today or later, else the day it is confirmed (an old plan's missed periods are not the
    unit's fault: nothing asked them to report yet)."""
    today = today or timezone.localdate()
    return issued_on if issued_on is not None and issued_on >= today else today


def compute(*, due_date, completed_at, is_regular=False, reporting_period="", starts_on=None,
            reported_last_period=False, reported_before_completion=None, now=None) -> State:
    """The state of a task. A task with a due date is completed on time when it was completed
    by the end of that day. A regular task has none: it is completed on time when it was not
    overdue when it was completed — its unit recorded something in the last full reporting
    period before the completion day (``reported_before_completion``), or no full period had
    passed since it began — and completed late otherwise (declaring "done" does not turn an
    overdue task with nothing recorded into one done on time)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    if completed_at is not None:
        finished_on = timezone.localdate(completed_at)
        if is_regular:
            last_start, _last_end = previous_period(reporting_period, finished_on)
            if reported_before_completion is False and not (
                    starts_on is not None and starts_on > last_start):
                return State.COMPLETED_LATE
            return State.COMPLETED_ON_TIME
        if due_date is None:
            return State.COMPLETED_ON_TIME
        return State.COMPLETED_ON_TIME if finished_on <= due_date else State.COMPLETED_LATE
    if is_regular:
        last_start, _last_end = previous_period(reporting_period, today)
        if starts_on is not None and starts_on > last_start:
            return State.IN_PROGRESS  # no full period has passed since the task began
        return State.IN_PROGRESS if reported_last_period else State.OVERDUE
    return State.IN_PROGRESS if today <= due_date else State.OVERDUE


def days_left(due_date, now=None) -> int | None:
    if due_date is None:
        return None
    return (due_date - timezone.localdate(now or timezone.now())).days
