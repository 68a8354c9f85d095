"""GET /assignments, GET /assignments/{assignment_id},
POST /assignments/{assignment_id}/complete."""


from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from loa.plans import completion
from loa.plans.models import Assignment
from loa.plans.status import State

from ..pagination import LimitOffset
from ..schemas import AssignmentOut, CompleteIn, Day, Id, Message
from .common import READ_ERRORS, WRITE_ERRORS

router = Router(tags=["assignments"])


class AssignmentFilters(Schema):
    plan: Id | None = Field(None, description="Plan id.")
    unit: Id | None = Field(None, description="Unit id: assignments it leads or supports.")
    status: State | None = Field(None, description="One of the four official states.")
    due_before: Day | None = Field(
        None, description="Due on or before this day (regular tasks, which have no due date, "
                          "are left out).")


def assignments_for(user, today=None):
    """Assignments ``user`` sees, ready for :class:`AssignmentOut` (no query per row)."""
    return (
        Assignment.objects.visible_to(user)
        .with_period_activity(today or timezone.localdate())
        .select_related("plan", "item", "lead_unit")
        .prefetch_related("supporting_units")
    )


@router.get("", response={200: list[AssignmentOut], **READ_ERRORS}, summary="List assignments")
@paginate(LimitOffset)
def list_assignments(request, filters: Query[AssignmentFilters]):
    """The assignments you see (your unit's, as lead or supporting unit; all of them for the
    department), in plan order, each with its computed state."""
    now = timezone.now()
    rows = assignments_for(request.auth, timezone.localdate(now))
    if filters.plan is not None:
        rows = rows.filter(plan_id=filters.plan)
    if filters.unit is not None:
        concerned = (Assignment.objects.filter(lead_unit_id=filters.unit)
                     | Assignment.objects.filter(supporting_units=filters.unit))
        rows = rows.filter(pk__in=concerned.values("pk"))
    if filters.due_before is not None:
        rows = rows.filter(due_date__lte=filters.due_before)
    if filters.status is not None:
        # The state is computed, never stored: decide it in Python for each row.
        return [a for a in rows if a.status(now) == filters.status]
    return rows


@router.get("/{assignment_id}", response={200: AssignmentOut, **READ_ERRORS},
            summary="Assignment detail")
def get_assignment(request, assignment_id: Id):
    return get_object_or_404(assignments_for(request.auth), pk=assignment_id)


@router.post("/{assignment_id}/complete",
             response={200: AssignmentOut, 409: Message, **WRITE_ERRORS},
             summary="Mark an assignment complete")
def complete_assignment(request, assignment_id: Id, payload: CompleteIn | None = None):
    """Record that the lead unit finished the task, now, with an optional completion report.

    404 unless you may declare it complete (``completable_by``, as on the assignment page: the
    lead unit's officers and the department; a supporting unit reports its part as activities),
    exactly as for a missing one; 409 if
    it is already complete (the first completion time is kept); 422 when no activity is
    recorded for it and no report says what was done (:mod:`loa.plans.completion`)."""
    user = request.auth
    with transaction.atomic():
        assignment = get_object_or_404(
            Assignment.objects.completable_by(user).order_by().select_for_update(),
            pk=assignment_id)
        if assignment.completed_at is not None:
            raise HttpError(409, _("This assignment was already marked complete on %(date)s.")
                            % {"date": timezone.localtime(assignment.completed_at)
                               .strftime("%d/%m/%Y %H:%M")})
        completion.complete(user, assignment, payload.note if payload else "")
    return assignments_for(user).get(pk=assignment.pk)
