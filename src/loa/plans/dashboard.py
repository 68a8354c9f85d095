"""Figures for the plan dashboard, the "my unit" page and change histories.

Every function takes querysets the caller has already scoped (``visible_to(user)``), so a unit
officer's figures only ever count their own unit's rows, and the API can reuse the same code.
Aggregation happens in the database (``values().annotate(Count())``): a plan with 200,000
activities and 300 units costs a handful of queries whatever its size.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from loa.org import history
from loa.org.access import Scope
from loa.org.models import Unit

from .models import Activity, Assignment, Channel, Plan, PlanItem, PlanStatus
from .status import COMPLETED, State

DUE_SOON_DAYS = 7
MAX_WEEKS_FILLED = 520  # beyond ten years of weeks, empty weeks are not filled in


# --- assignments and their computed state -----------------------------------------------------
def with_states(assignments, now=None, *, supporting=False, plan=None):
    """Evaluate ``assignments`` and set ``.state`` on each from :meth:`Assignment.status`
    (and ``.supporting``, the list of supporting units, when ``supporting``).

    Plans, items and units are fetched once each (a plan of 300 units has thousands of
    assignments but only a few items and plans), not joined and rebuilt for every row; Django's
    many-to-many prefetch is avoided for the same reason. Pass ``plan`` when every row belongs to
    it. Constant number of queries: at most five."""
    now = now or timezone.now()
    rows = list(assignments.with_period_activity(timezone.localdate(now)))
    if not rows:
        return rows
    if plan is not None:
        plans = {plan.pk: plan}
    else:
        # A plan's long texts (the whole OCR'd document) are not needed here.
        plans = Plan.objects.defer("source_text", "purposes", "requirements").in_bulk(
            {a.plan_id for a in rows})
    items = PlanItem.objects.defer("text").in_bulk({a.item_id for a in rows})
    unit_ids = {a.lead_unit_id for a in rows}
    links = defaultdict(list)
    if supporting:
        through = Assignment.supporting_units.through.objects.filter(
            assignment_id__in=assignments.values("pk")
        )
        for assignment_id, unit_id in through.values_list("assignment_id", "unit_id"):
            links[assignment_id].append(unit_id)
            unit_ids.add(unit_id)
    units = Unit.objects.in_bulk(unit_ids)
    # Fill the relation caches directly (what select_related would do, without the checks of
    # the relation descriptors, which cost more than the query for thousands of rows).
    cache_plan = Assignment._meta.get_field("plan").set_cached_value
    cache_item = Assignment._meta.get_field("item").set_cached_value
    cache_lead = Assignment._meta.get_field("lead_unit").set_cached_value
    for assignment in rows:
        cache_plan(assignment, plans[assignment.plan_id])
        cache_item(assignment, items[assignment.item_id])
        cache_lead(assignment, units[assignment.lead_unit_id])
        if supporting:
            assignment.supporting = sorted((units[pk] for pk in links[assignment.pk]),
                                           key=lambda u: u.path)
        assignment.state = assignment.status(now)
    return rows


def mark_editable(rows, user):
    """Set ``.editable`` on each assignment: may ``user`` record activities for it?"""
    if Scope.of(user).edits_all:
        editable = {a.pk for a in rows}
    elif not rows:
        editable = set()
    else:
        editable = set(Assignment.objects.editable_by(user)
                       .filter(pk__in=[a.pk for a in rows]).values_list("pk", flat=True))
    for assignment in rows:
        assignment.editable = assignment.pk in editable
    return rows


def state_totals(rows):
    counts = Counter(a.state for a in rows)
    return [(state, counts.get(state, 0)) for state in State]


# --- "my unit" ---------------------------------------------------------------------------------
def own(queryset, user, fields):
    """Narrow a scoped queryset to the person's own units (and their subtrees).

    For unit roles the scope already is their units. People who work for the whole department
    see everything, so their "own" work is what their department (or office) leads or supports.
    """
    scope = Scope.of(user)
    if not scope.sees_all:
        return queryset
    units = Unit.objects.subtree_of(scope.member_units()).values("pk")
    condition = Q(pk__in=[])
    for name in fields:
        condition |= Q(**{f"{name}__in": units})
    return queryset.filter(pk__in=queryset.filter(condition).values("pk"))


def recent_activities(activities):
    """Activities with what a list of them shows, newest first."""
    return activities.select_related("unit", "assignment__item", "plan", "theme").defer(
        "plan__source_text", "plan__purposes", "plan__requirements", "assignment__item__text",
        "assignment__task", "assignment__completion_note",
    )


@dataclass
class UnitOverview:
    units: list
    assignments: list
    due_soon: list
    overdue: list
    recent: list
    totals: list

    @property
    def several_units(self):
        """Whether the assignments belong to more than one lead unit (then lists name it)."""
        return len({a.lead_unit_id for a in self.assignments}) > 1


def unit_overview(user, now=None, recent=15) -> UnitOverview:
    """What the "my unit" page shows: the person's assignments in active plans with their
    states, those due within a week, those overdue, and the unit's latest activities."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    activities = own(Activity.objects.visible_to(user), user, ["unit"])
    assignments = own(
        Assignment.objects.visible_to(user).filter(plan__status=PlanStatus.ACTIVE),
        user, ["lead_unit", "supporting_units"],
    )
    rows = mark_editable(with_states(assignments, now), user)
    soon_limit = today + dt.timedelta(days=DUE_SOON_DAYS)
    due_soon = sorted(
        (a for a in rows if a.state == State.IN_PROGRESS and a.due_date
         and today <= a.due_date <= soon_limit),
        key=lambda a: a.due_date,
    )
    overdue = [a for a in rows if a.state == State.OVERDUE]
    latest = list(recent_activities(activities)[:recent])
    return UnitOverview(
        units=list(Scope.of(user).member_units().order_by("path")),
        assignments=rows, due_soon=due_soon, overdue=overdue, recent=latest,
        totals=state_totals(rows),
    )


# --- plan dashboard ----------------------------------------------------------------------------
@dataclass
class CoverageRow:
    unit: Unit
    counts: list  # one number per channel, in Channel order
    total: int


@dataclass
class UnitCompletion:
    unit: Unit
    counts: dict = field(default_factory=dict)  # State -> number of assignments
    total: int = 0

    @property
    def by_state(self):
        return [(state, self.counts.get(state, 0)) for state in State]

    @property
    def completed(self):
        return sum(self.counts.get(state, 0) for state in COMPLETED)

    @property
    def completed_pct(self):
        return round(100 * self.completed / self.total) if self.total else 0

    @property
    def on_time_pct(self):
        """Share of the unit's assignments completed on time (the official "đúng hạn" rate)."""
        on_time = self.counts.get(State.COMPLETED_ON_TIME, 0)
        return round(100 * on_time / self.total) if self.total else 0


@dataclass
class PlanDashboard:
    channels: list
    coverage: list
    weeks: list  # (Monday, number of activities)
    overdue: list
    completion: list
    totals: list
    activity_total: int
    assignment_total: int


def coverage(activities, units) -> list[CoverageRow]:
    """Units × channels: how many activities each unit recorded on each channel.

    ``units`` are the units expected in the matrix (those with assignments); units that recorded
    activities without leading an assignment (supporting units) are added.
    """
    cells = defaultdict(Counter)
    for unit_id, channel, n in (
        activities.order_by().values_list("unit", "channel").annotate(n=Count("*"))
    ):
        cells[unit_id][channel] += n
    by_id = {u.pk: u for u in units}
    missing = set(cells) - set(by_id)
    if missing:
        by_id.update(Unit.objects.in_bulk(missing))
    rows = []
    for unit in sorted(by_id.values(), key=lambda u: (u.path, u.pk)):
        counts = [cells[unit.pk].get(c.value, 0) for c in Channel]
        rows.append(CoverageRow(unit, counts, sum(counts)))
    return rows


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def weekly_counts(activities) -> list[tuple[dt.date, int]]:
    """Activities per week (weeks start on Monday), empty weeks included.

    The database groups by day (an index-only scan of (plan, published_on)); days are then put in
    weeks here, which is portable and avoids date truncation over every row."""
    weeks = Counter()
    for day, n in activities.order_by().values_list("published_on").annotate(n=Count("*")):
        weeks[monday(day)] += n
    if not weeks:
        return []
    first, last = min(weeks), max(weeks)
    span = (last - first).days // 7 + 1
    if span > MAX_WEEKS_FILLED:
        return sorted(weeks.items())
    return [(first + dt.timedelta(weeks=i), weeks.get(first + dt.timedelta(weeks=i), 0))
            for i in range(span)]


def completion(rows) -> list[UnitCompletion]:
    per_unit = {}
    for assignment in rows:
        entry = per_unit.setdefault(assignment.lead_unit_id, UnitCompletion(assignment.lead_unit))
        entry.counts[assignment.state] = entry.counts.get(assignment.state, 0) + 1
        entry.total += 1
    return sorted(per_unit.values(), key=lambda e: (e.unit.path, e.unit.pk))


def plan_dashboard(plan, user, now=None) -> PlanDashboard:
    """The department's view of a plan, limited to what ``user`` may see."""
    now = now or timezone.now()
    activities = Activity.objects.visible_to(user).filter(plan=plan)
    rows = with_states(Assignment.objects.visible_to(user).filter(plan=plan), now, plan=plan)
    units = {a.lead_unit_id: a.lead_unit for a in rows}
    matrix = coverage(activities, units.values())
    overdue = sorted((a for a in rows if a.state == State.OVERDUE),
                     key=lambda a: (a.due_date or dt.date.min, a.lead_unit.path))
    return PlanDashboard(
        channels=list(Channel),
        coverage=matrix,
        weeks=weekly_counts(activities),
        overdue=overdue,
        completion=completion(rows),
        totals=state_totals(rows),
        activity_total=sum(row.total for row in matrix),
        assignment_total=len(rows),
    )


# --- change history ----------------------------------------------------------------------------
@dataclass
class HistoryEntry:
    when: dt.datetime
    who: object
    kind: str  # "+" created, "~" changed, "-" deleted
    changes: list  # (field label, before, after)


def change_history(instance, limit=50) -> list[HistoryEntry]:
    """Who changed what and when (django-simple-history), newest first, with each changed field's
    value before and after (:mod:`loa.org.history`). Saves that changed nothing are left out.
    Related objects are looked up with one query per related model."""
    records = list(instance.history.select_related("history_user").order_by("-history_date",
                                                                              "-history_id"))
    pairs = []
    for index, record in enumerate(records):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes = history.changes_between(record, previous)
        if record.history_type == "~" and previous is not None and not changes:
            continue
        pairs.append((record, changes))
        if len(pairs) == limit:
            break
    model = type(instance)
    related = history.related_objects(model, [c for _record, changes in pairs for c in changes])
    entries = []
    for record, changes in pairs:
        lines = []
        for change in changes:
            field_obj = model._meta.get_field(change.field)
            lines.append((field_obj.verbose_name,
                          history.display_value(field_obj, change.old, related),
                          history.display_value(field_obj, change.new, related)))
        entries.append(HistoryEntry(record.history_date, record.history_user,
                                    record.history_type, lines))
    return entries
