"""GET /activities, GET /activities/{activity_id}, POST /activities,
PATCH /activities/{activity_id}, DELETE /activities/{activity_id} (withdraws it).

Writes follow the one rule for who may record (:mod:`loa.plans.activities`): the assignment (or
activity) is looked up among those the person records for (``recordable_by``: the unit's
officers, the department, an inspector for the inspectorate's own tasks): anything else —
another unit's, or any for a viewer — answers 404 exactly like a missing one. Lists and details
show the activities that count: a withdrawn one is gone from them.
"""


from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from loa.plans import activities
from loa.plans.models import Activity, ActivitySource, Assignment, Channel

from ..pagination import LimitOffset
from ..schemas import ActivityChange, ActivityIn, ActivityOut, Day, Id
from .common import READ_ERRORS, WRITE_ERRORS, Status

router = Router(tags=["activities"])


class ActivityFilters(Schema):
    plan: Id | None = Field(None, description="Plan id.")
    assignment: Id | None = Field(None, description="Assignment id.")
    unit: Id | None = Field(None, description="Id of the unit that recorded the activity.")
    channel: Channel | None = None
    published_from: Day | None = Field(None, description="Published on or after this day.")
    published_to: Day | None = Field(None, description="Published on or before this day.")


def activities_for(user):
    return Activity.objects.visible_to(user).select_related("unit", "theme", "created_by")


@router.get("", response={200: list[ActivityOut], **READ_ERRORS}, summary="List activities")
@paginate(LimitOffset)
def list_activities(request, filters: Query[ActivityFilters]):
    """The activities you see, newest publication first, in pages (``limit`` at most 500)."""
    rows = activities_for(request.auth)
    for field, lookup in [("plan", "plan_id"), ("assignment", "assignment_id"),
                          ("unit", "unit_id"), ("channel", "channel"),
                          ("published_from", "published_on__gte"),
                          ("published_to", "published_on__lte")]:
        value = getattr(filters, field)
        if value is not None:
            rows = rows.filter(**{lookup: value})
    return rows


@router.get("/{activity_id}", response={200: ActivityOut, **READ_ERRORS},
            summary="Activity detail")
def get_activity(request, activity_id: Id):
    return get_object_or_404(activities_for(request.auth), pk=activity_id)


@router.post("", response={201: ActivityOut, **WRITE_ERRORS}, summary="Record an activity")
def create_activity(request, payload: ActivityIn):
    """Record what a unit published for an assignment. The assignment must be one you record
    for (else 404: see the module's rule). The rules every way of recording shares apply (no
    date in the future, airtime for a broadcast, a theme of the same plan, no second copy of a
    recorded activity, ...): a breach answers 422 with a message per field and saves nothing.
    The activity is recorded with source ``api`` and you as its author."""
    user = request.auth
    assignment = get_object_or_404(
        Assignment.objects.recordable_by(user).prefetch_related("supporting_units"),
        pk=payload.assignment)
    activity = activities.record(
        user, assignment, source=ActivitySource.API, unit=payload.unit,
        channel=payload.channel, title=payload.title, published_on=payload.published_on,
        url=payload.url, airtime_minutes=payload.airtime_minutes, reach=payload.reach,
        theme_id=payload.theme, note=payload.note,
    )  # a ValidationError answers 422 with the messages per field (see api.py)
    return Status(201, activities_for(user).get(pk=activity.pk))


@router.patch("/{activity_id}", response={200: ActivityOut, **WRITE_ERRORS},
              summary="Correct an activity")
def change_activity(request, activity_id: Id, payload: ActivityChange):
    """Correct what an activity says (its channel, title, date, link, airtime, reach, theme or
    note; not its assignment or unit). Only people who record for the unit it is recorded
    under, while its plan is active: anyone else gets 404. The same rules as for recording
    apply (422, nothing changed); the audit trail keeps the version before."""
    activity = get_object_or_404(Activity.objects.recordable_by(request.auth)
                                 .select_related("assignment"), pk=activity_id)
    changes = payload.dict(exclude_unset=True)
    if "theme" in changes:
        changes["theme_id"] = changes.pop("theme")
    activities.change(request.auth, activity, **changes)
    return Status(200, activities_for(request.auth).get(pk=activity.pk))


class WithdrawQuery(Schema):
    reason: str = Field("", max_length=2000,
                        description="Why the activity is withdrawn (required; kept with it).")


@router.delete("/{activity_id}", response={204: None, **WRITE_ERRORS},
               summary="Withdraw an activity")
def delete_activity(request, activity_id: Id, query: Query[WithdrawQuery]):
    """Withdraw an activity recorded by mistake, saying why (``reason``). It is not erased: it
    stops counting (states, dashboards, lists, exports) and the department still sees it on
    the assignment's page with who withdrew it, when and why. Only people who record for the
    unit it is recorded under, while its plan is active: anyone else gets 404."""
    activity = get_object_or_404(Activity.objects.recordable_by(request.auth), pk=activity_id)
    activities.withdraw(request.auth, activity, query.reason)
    return Status(204, None)
