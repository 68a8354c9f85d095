"""Figures for the plan dashboard, the "my unit" page and change histories.

Every function takes querysets the caller has already scoped (``visible_to(user)``), so a unit
officer's figures only ever count their own unit's rows, and the API can reuse the same code.
Aggregation happens in the database (``values().annotate(Count())``): a plan with 200,000
activities and 300 units costs a handful of queries whatever its size.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.db.models import Count, Max, Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from loa.org import history
from loa.org.access import Scope
from loa.org.models import Unit, UnitKind

from .models import Activity, Assignment, Channel, Plan, PlanItem, PlanStatus
from .status import COMPLETED, State, period_bounds, previous_period

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
        editable = set(Assignment.objects.recordable_by(user)
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
    below: list = field(default_factory=list)  # UnitRow per unit under the person's units
    plans: list = field(default_factory=list)  # active plans with .figures (see per_plan)

    @property
    def several_units(self):
        """Whether the assignments belong to more than one lead unit (then lists name it)."""
        return len({a.lead_unit_id for a in self.assignments}) > 1


def unit_overview(user, now=None, recent=15) -> UnitOverview:
    """What the "my unit" page shows: the person's assignments in active plans with their
    states, those due within a week, those overdue, and the unit's latest activities; for a unit
    with units under it (a district, a district's culture office), one line per such unit with
    its assignments by state and its activities ("Đơn vị trực thuộc")."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    scope = Scope.of(user)
    active = Assignment.objects.visible_to(user).filter(plan__status=PlanStatus.ACTIVE)
    below = []
    if scope.sees_all:
        activities = own(Activity.objects.visible_to(user), user, ["unit"])
        rows = with_states(own(active, user, ["lead_unit", "supporting_units"]), now)
        everything = rows
    else:
        members = scope.member_unit_ids
        activities = Activity.objects.visible_to(user).filter(unit__in=members)
        everything = with_states(active, now)
        mine = set(Assignment.objects.filter(
            Q(lead_unit__in=members) | Q(supporting_units__in=members),
            pk__in=[a.pk for a in everything]).values_list("pk", flat=True))
        rows = [a for a in everything if a.pk in mine]
        others = [a for a in everything if a.lead_unit_id not in members]
        if others or scope.unit_ids - members:
            below = units_below(user, others, scope.unit_ids - members, today)
    rows = mark_editable(rows, user)
    soon_limit = today + dt.timedelta(days=DUE_SOON_DAYS)
    due_soon = sorted(
        (a for a in rows if a.state == State.IN_PROGRESS and a.due_date
         and today <= a.due_date <= soon_limit),
        key=lambda a: a.due_date,
    )
    overdue = [a for a in rows if a.state == State.OVERDUE]
    latest = list(recent_activities(activities)[:recent])
    return UnitOverview(
        units=list(scope.member_units().order_by("path")),
        assignments=rows, due_soon=due_soon, overdue=overdue, recent=latest,
        totals=state_totals(rows), below=below, plans=per_plan(everything),
    )


def per_plan(rows, activities=None):
    """The plans of ``rows`` (assignments with their states), each with ``.figures``: the
    assignments by state, their number and the overdue ones (and the activities, when
    ``activities`` maps plan primary keys to counts)."""
    grouped = defaultdict(list)
    plans = {}
    for assignment in rows:
        grouped[assignment.plan_id].append(assignment)
        plans[assignment.plan_id] = assignment.plan
    found = []
    for pk, members in grouped.items():
        plan = plans[pk]
        totals = state_totals(members)
        plan.figures = {"totals": totals, "assignments": len(members),
                        "overdue": dict(totals)[State.OVERDUE],
                        "activities": None if activities is None else activities.get(pk, 0)}
        found.append(plan)
    return sorted(found, key=lambda p: (p.issued_on or dt.date.min, p.pk), reverse=True)


def units_below(user, assignments, unit_ids, today):
    """One :class:`UnitRow` per unit under the person's own units that has work in a plan in
    progress: its assignments by state, the days its most overdue one is late, its activities
    and the day of its latest one. In the district's reading order (offices and stations, then
    the communes in tree order)."""
    rows = {}
    lateness([a for a in assignments if a.state == State.OVERDUE], today)
    for assignment in assignments:
        unit = assignment.lead_unit
        row = rows.setdefault(unit.pk, UnitRow(unit, rank=(DISTRICT_KIND_RANK.get(unit.kind, 3),
                                                           unit.path)))
        row.counts[assignment.state] = row.counts.get(assignment.state, 0) + 1
        row.total += 1
        if assignment.state == State.OVERDUE:
            row.most_late = max(row.most_late or 0, assignment.lateness.days)
    counts = (Activity.objects.visible_to(user)
              .filter(plan__status=PlanStatus.ACTIVE, unit__in=list(unit_ids)).order_by()
              .values("unit").annotate(n=Count("*"), last=Max("published_on"))
              .values_list("unit", "n", "last"))
    for unit_id, n, last in counts:
        row = rows.get(unit_id)
        if row is not None:  # units that only support others' tasks are counted in those
            row.activities, row.last_activity = n, last
    return sorted(rows.values(), key=lambda r: r.rank)


# --- plan dashboard ----------------------------------------------------------------------------
# The city-level units come first, in the order a department head reads them: the department's
# own offices, the press, the city's radio-TV, the other city departments; then the districts,
# each with its offices and stations and its communes under it.
CITY_KIND_RANK = {
    UnitKind.NEWSPAPER: 1, UnitKind.PRESS_AGENCY: 1, UnitKind.E_PORTAL: 1,
    UnitKind.RADIO_TV: 2,
    UnitKind.DEPARTMENT: 3, UnitKind.DEPARTMENT_OFFICE: 3,
    UnitKind.GOVERNING_BODY: 4, UnitKind.PARTY_BODY: 4, UnitKind.PROVINCE: 4,
}
DISTRICT_KIND_RANK = {
    UnitKind.DISTRICT: 0, UnitKind.DISTRICT_CULTURE_OFFICE: 1, UnitKind.DISTRICT_RADIO: 2,
}
CITY = "city"  # the district filter's value for the units outside every district
SORTS = ("unit", "state", "late", "activities")


class FilterError(ValueError):
    """A filter value that is not one of the offered choices (the page answers 400)."""


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    district: str = ""  # "" (all), CITY or a district's primary key
    state: str = ""
    channel: str = ""
    sort: str = "unit"

    @classmethod
    def from_query(cls, query) -> "Filters":
        """Read the filters from a GET query; unknown values raise :class:`FilterError`."""
        values = {name: (query.get(name) or "").strip() for name in
                  ("kind", "district", "state", "channel", "sort")}
        if values["kind"] and values["kind"] not in UnitKind.values:
            raise FilterError(_("Unknown unit kind."))
        if values["state"] and values["state"] not in State.values:
            raise FilterError(_("Unknown state."))
        if values["channel"] and values["channel"] not in Channel.values:
            raise FilterError(_("Unknown channel."))
        if values["district"] and values["district"] != CITY and not values["district"].isdigit():
            raise FilterError(_("Unknown district."))
        if values["sort"] and values["sort"] not in SORTS:
            raise FilterError(_("Unknown sort order."))
        values["sort"] = values["sort"] or "unit"
        return cls(**values)

    @property
    def active(self) -> bool:
        return bool(self.kind or self.district or self.state or self.channel)

    def query(self, **changes) -> str:
        """The filters as a query string (without empty values), with ``changes`` applied."""
        values = {**self.__dict__, **changes}
        if values.get("sort") == "unit":
            values["sort"] = ""
        return urlencode([(k, v) for k, v in values.items() if v])


@dataclass
class Lateness:
    """How late an overdue assignment is: days since the deadline (a one-off task) or since the
    end of the first reporting period without any activity (a regular task), and that period."""
    days: int
    missing_from: tuple | None = None  # (first day, last day) of the first period missed
    missed_periods: int = 0
    last_activity: dt.date | None = None


@dataclass
class UnitRow:
    """One unit's line: its assignments by state, its activities by channel, its worst delay."""
    unit: Unit
    counts: dict = field(default_factory=dict)  # State -> number of assignments
    total: int = 0  # assignments
    channels: list = field(default_factory=list)  # activities per channel, in Channel order
    activities: int = 0
    most_late: int | None = None  # days, of the most overdue assignment
    district: Unit | None = None
    rank: tuple = ()
    last_activity: dt.date | None = None

    @property
    def by_state(self):
        return [(state, self.counts.get(state, 0)) for state in State]

    @property
    def overdue(self):
        return self.counts.get(State.OVERDUE, 0)

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

    def add(self, other: "UnitRow"):
        for state, n in other.counts.items():
            self.counts[state] = self.counts.get(state, 0) + n
        self.total += other.total
        self.channels = [a + b for a, b in zip(self.channels, other.channels, strict=True)]
        self.activities += other.activities
        if other.most_late is not None:
            self.most_late = max(self.most_late or 0, other.most_late)


@dataclass
class DistrictGroup:
    district: Unit
    rows: list
    subtotal: UnitRow


@dataclass
class KindRow:
    kind: str
    label: str
    counts: dict
    total: int
    activities: int

    @property
    def by_state(self):
        return [(state, self.counts.get(state, 0)) for state in State]


@dataclass
class PlanDashboard:
    channels: list
    filters: Filters
    city_rows: list  # UnitRow, city-level units
    districts: list  # DistrictGroup
    weeks: list  # (Monday, number of activities)
    by_channel: list  # (Channel, number of activities)
    by_kind: list  # KindRow
    overdue: list  # assignments with .lateness, the latest first
    totals: list
    activity_total: int
    assignment_total: int
    kinds: list = field(default_factory=list)  # (value, label) offered by the kind filter
    district_choices: list = field(default_factory=list)  # districts offered by the filter

    @property
    def rows(self):
        """Every unit line in the order shown (city units, then each district's)."""
        found = list(self.city_rows)
        for group in self.districts:
            found.extend(group.rows)
        return found


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


def _path_ids(unit):
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def districts_of(units) -> dict:
    """Unit primary key → the district (a unit of kind DISTRICT, itself or an ancestor) it lies
    in, or None for a city-level unit. One query."""
    ancestor_ids = {pk for unit in units for pk in _path_ids(unit)}
    districts = Unit.objects.filter(pk__in=ancestor_ids, kind=UnitKind.DISTRICT).in_bulk()
    found = {}
    for unit in units:
        found[unit.pk] = next((districts[pk] for pk in _path_ids(unit) if pk in districts), None)
    return found


def unit_rank(unit, district, issuer=None):
    """The reading order of a unit: city units by kind (the issuer's own offices first), then
    within a district its own offices and stations, then its communes in tree order."""
    if district is None:
        own = issuer is not None and unit.path.startswith(issuer.path)
        return (0, 0 if own else CITY_KIND_RANK.get(unit.kind, 5), unit.path)
    return (1, DISTRICT_KIND_RANK.get(unit.kind, 3), unit.path)


def period_missed(assignment, today, last_activity):
    """For an overdue regular task: the first full reporting period without any activity since
    the last one (or since the task began), how many full periods were missed, and the days since
    the first missed period ended."""
    period = assignment.reporting_period
    last_start, last_end = previous_period(period, today)
    if last_activity is not None:
        start = period_bounds(period, last_activity)[1] + dt.timedelta(days=1)
    else:
        began = (assignment.starts_on or assignment.plan.starts_on
                 or timezone.localdate(assignment.created_at))
        start = period_bounds(period, began)[0]
        if start < began:  # the period the task began in was not a full one
            start = period_bounds(period, began)[1] + dt.timedelta(days=1)
    start = min(start, last_start)
    first = period_bounds(period, start)
    missed, cursor = 0, first
    while cursor[0] <= last_start:
        missed += 1
        cursor = period_bounds(period, cursor[1] + dt.timedelta(days=1))
    return Lateness(days=(today - first[1]).days, missing_from=first,
                    missed_periods=max(missed, 1), last_activity=last_activity)


def lateness(overdue_rows, today):
    """Set ``.lateness`` on each overdue assignment (one query for the regular tasks' last
    activity dates)."""
    regular = [a.pk for a in overdue_rows if a.is_regular]
    last = {}
    if regular:
        last = dict(Activity.objects.filter(assignment__in=regular).order_by()
                    .values("assignment").annotate(last=Max("published_on"))
                    .values_list("assignment", "last"))
    for assignment in overdue_rows:
        if assignment.is_regular:
            assignment.lateness = period_missed(assignment, today, last.get(assignment.pk))
        else:
            assignment.lateness = Lateness(days=(today - assignment.due_date).days)
    return overdue_rows


def _keep_unit(unit, filters, district_of):
    """Whether ``unit`` passes the unit kind and district filters."""
    if filters.kind and unit.kind != filters.kind:
        return False
    if filters.district:
        district = district_of.get(unit.pk)
        if filters.district == CITY:
            return district is None
        return district is not None and str(district.pk) == filters.district
    return True


def _keep_assignment(assignment, filters, district_of, channel_units):
    """Whether an assignment passes the filters: its lead unit's kind and district, its state,
    and the channel (expected of it, or one its unit recorded on)."""
    if not _keep_unit(assignment.lead_unit, filters, district_of):
        return False
    if filters.state and assignment.state != filters.state:
        return False
    if filters.channel and filters.channel not in (assignment.channels or []) \
            and assignment.lead_unit_id not in channel_units:
        return False
    return True


SORT_KEYS = {
    "unit": lambda row: row.rank,
    "state": lambda row: (row.completed_pct if row.total else 101, -row.overdue, row.rank),
    "late": lambda row: (-(row.most_late if row.most_late is not None else -1), -row.overdue,
                         row.rank),
    "activities": lambda row: (-row.activities, row.rank),
}


def plan_dashboard(plan, user, now=None, filters: Filters | None = None) -> PlanDashboard:
    """The department's view of a plan, limited to what ``user`` may see (a unit's officer sees
    its units and the units under them) and to ``filters``."""
    filters = filters or Filters()
    now = now or timezone.now()
    today = timezone.localdate(now)
    channels = list(Channel)
    channel_index = {c.value: i for i, c in enumerate(channels)}
    visible = Activity.objects.visible_to(user).filter(plan=plan)
    rows = with_states(Assignment.objects.visible_to(user).filter(plan=plan), now, plan=plan)

    # Activities per unit and channel: an index-only scan of (plan, unit, channel).
    cells = defaultdict(Counter)
    for unit_id, channel, n in visible.order_by().values_list("unit", "channel").annotate(
            n=Count("*")):
        cells[unit_id][channel] += n
    units = {a.lead_unit_id: a.lead_unit for a in rows}
    missing = set(cells) - set(units)
    if missing:  # supporting units that recorded without leading an assignment
        units.update(Unit.objects.in_bulk(missing))
    district_of = districts_of(units.values())
    issuer = plan.issuer if plan.issuer_id else None
    all_kinds = {u.kind for u in units.values()}
    district_choices = sorted({d for d in district_of.values() if d is not None},
                              key=lambda d: d.path)
    channel_units = ({pk for pk, c in cells.items() if c.get(filters.channel)}
                     if filters.channel else set())

    shown = [a for a in rows if _keep_assignment(a, filters, district_of, channel_units)]

    def unit_kept(unit):
        return _keep_unit(unit, filters, district_of)

    # Activities follow the same filters: the channel, the units kept and, with a state filter,
    # the assignments kept.
    activities = visible
    if filters.channel:
        activities = activities.filter(channel=filters.channel)
    if filters.state:
        activities = activities.filter(assignment__in=[a.pk for a in shown])
    elif filters.kind or filters.district:
        activities = activities.filter(unit__in=[u.pk for u in units.values() if unit_kept(u)])
    if filters.state:
        cells = defaultdict(Counter)
        for unit_id, channel, n in activities.order_by().values_list("unit", "channel").annotate(
                n=Count("*")):
            cells[unit_id][channel] += n

    overdue = lateness([a for a in shown if a.state == State.OVERDUE], today)

    per_unit = {}

    def row_of(unit):
        row = per_unit.get(unit.pk)
        if row is None:
            district = district_of.get(unit.pk)
            row = per_unit[unit.pk] = UnitRow(unit, channels=[0] * len(channels),
                                              district=district,
                                              rank=unit_rank(unit, district, issuer))
        return row

    for assignment in shown:
        row = row_of(assignment.lead_unit)
        row.counts[assignment.state] = row.counts.get(assignment.state, 0) + 1
        row.total += 1
        if assignment.state == State.OVERDUE:
            row.most_late = max(row.most_late or 0, assignment.lateness.days)
    for unit_id, counter in cells.items():
        counted = {c: n for c, n in counter.items()
                   if n and (not filters.channel or c == filters.channel)}
        if unit_id not in per_unit and (filters.state or not counted
                                        or not unit_kept(units[unit_id])):
            continue
        row = row_of(units[unit_id])
        for channel, n in counted.items():
            row.channels[channel_index[channel]] += n
            row.activities += n

    key = SORT_KEYS[filters.sort]
    city_rows = sorted((r for r in per_unit.values() if r.district is None), key=key)
    groups = defaultdict(list)
    for row in per_unit.values():
        if row.district is not None:
            groups[row.district.pk].append(row)
    districts = []
    for members in groups.values():
        district = members[0].district
        subtotal = UnitRow(district, channels=[0] * len(channels), district=district,
                           rank=unit_rank(district, district, issuer))
        for member in members:
            subtotal.add(member)
        districts.append(DistrictGroup(district, sorted(members, key=key), subtotal))
    districts.sort(key=lambda g: key(g.subtotal))

    by_kind = {}
    for row in per_unit.values():
        entry = by_kind.setdefault(row.unit.kind, KindRow(
            row.unit.kind, str(UnitKind(row.unit.kind).label), {}, 0, 0))
        for state, n in row.counts.items():
            entry.counts[state] = entry.counts.get(state, 0) + n
        entry.total += row.total
        entry.activities += row.activities
    kind_order = list(UnitKind.values)
    channel_totals = [0] * len(channels)
    for row in per_unit.values():
        channel_totals = [a + b for a, b in zip(channel_totals, row.channels, strict=True)]

    overdue.sort(key=lambda a: (-a.lateness.days, unit_rank(
        a.lead_unit, district_of.get(a.lead_unit_id), issuer)))
    return PlanDashboard(
        channels=channels,
        filters=filters,
        city_rows=city_rows,
        districts=districts,
        weeks=weekly_counts(activities),
        by_channel=[(c, n) for c, n in zip(channels, channel_totals, strict=True)],
        by_kind=sorted(by_kind.values(), key=lambda k: kind_order.index(k.kind)),
        overdue=overdue,
        totals=state_totals(shown),
        activity_total=sum(channel_totals),
        assignment_total=len(shown),
        kinds=[(k.value, k.label) for k in UnitKind if k.value in all_kinds],
        district_choices=district_choices,
    )


def plan_totals(plans, user, now=None):
    """``plans`` (those in progress, for the home page), each with ``.figures`` for what
    ``user`` sees: the assignments by state, their number, the overdue ones and the activities.
    A few queries whatever the number of plans; a plan without assignments gets zeros."""
    plan_ids = [p.pk for p in plans]
    if not plan_ids:
        return []
    rows = with_states(Assignment.objects.visible_to(user).filter(plan__in=plan_ids), now)
    activities = dict(Activity.objects.visible_to(user).filter(plan__in=plan_ids).order_by()
                      .values("plan").annotate(n=Count("*")).values_list("plan", "n"))
    counted = {p.pk: p.figures for p in per_plan(rows, activities)}
    for plan in plans:
        plan.figures = counted.get(plan.pk) or {
            "totals": state_totals([]), "assignments": 0, "overdue": 0,
            "activities": activities.get(plan.pk, 0)}
    return plans


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


# --- words for the figures (the page and its export say the same) ------------------------------
def period_label(period: str, bounds) -> str:
    start, end = bounds
    if period == "week":
        return _("week %(start)s–%(end)s") % {
            "start": formats.date_format(start, "SHORT_DATE_FORMAT"),
            "end": formats.date_format(end, "SHORT_DATE_FORMAT")}
    if period == "month":
        return _("month %(month)s/%(year)s") % {"month": start.month, "year": start.year}
    if period == "quarter":
        return _("quarter %(quarter)s/%(year)s") % {"quarter": (start.month - 1) // 3 + 1,
                                                    "year": start.year}
    return _("year %(year)s") % {"year": start.year}


def lateness_text(assignment) -> str:
    """“12 days late”, or for a regular task the first period without activity and how many."""
    late = assignment.lateness
    if late.missing_from is None:
        return _("late by %(days)s days") % {"days": late.days}
    missing = period_label(assignment.reporting_period, late.missing_from)
    return _("nothing recorded since %(period)s (periods missed: %(n)s)") % {
        "period": missing, "n": late.missed_periods}
