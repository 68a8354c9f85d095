"""An assignment's page (its activities and change history), declaring it completed and taking
that back. Completing asks first, on its own page: it says what the state becomes, and asks for
a completion report when no activity is recorded (:mod:`loa.plans.completion`)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from loa.org.access import Scope
from loa.plans import completion, dashboard
from loa.plans.models import Activity, Assignment


def _assignment(queryset, pk):
    return get_object_or_404(
        queryset.with_period_activity(timezone.localdate())
        .select_related("plan", "item", "lead_unit", "group")
        .prefetch_related("supporting_units"),
        pk=pk,
    )


@login_required
def assignment_detail(request, pk):
    assignment = _assignment(Assignment.objects.visible_to(request.user), pk)
    # The department sees withdrawn activities too (marked, with who, when and why); the units
    # see the activities that count.
    shown = (Activity.all_objects if Scope.of(request.user).is_department else Activity.objects)
    activities = list(
        shown.visible_to(request.user).filter(assignment=assignment)
        .select_related("unit", "theme", "created_by", "withdrawn_by")
    )
    changeable = set(Activity.objects.recordable_by(request.user)
                     .filter(assignment=assignment).values_list("pk", flat=True))
    for activity in activities:
        activity.changeable = activity.pk in changeable
    can_record = Assignment.objects.recordable_by(request.user).filter(pk=assignment.pk).exists()
    can_complete = Assignment.objects.completable_by(request.user).filter(
        pk=assignment.pk).exists()
    return render(request, "plans/assignment_detail.html", {
        "assignment": assignment,
        "state": assignment.status(),
        "activities": activities,
        "counted": sum(1 for a in activities if not a.is_withdrawn),
        "withdrawn": sum(1 for a in activities if a.is_withdrawn),
        "can_edit": can_record,
        "can_complete": can_complete,
        "history": dashboard.change_history(assignment),
    })


@login_required
@require_http_methods(["GET", "POST"])
def assignment_complete(request, pk):
    assignment = _assignment(Assignment.objects.completable_by(request.user), pk)
    if assignment.completed_at is not None:
        messages.info(request, _("This assignment was already marked as completed."))
        return redirect(assignment)
    errors, note = {}, request.POST.get("completion_note", "")
    if request.method == "POST":
        try:
            completion.complete(request.user, assignment, note)
        except ValidationError as error:
            errors = error.message_dict
        else:
            done = Assignment.objects.get(pk=assignment.pk)
            messages.success(request, _(
                "The assignment is marked as completed; its state is now “%(state)s”. You can "
                "take this back on its page.") % {"state": done.status().label})
            return redirect(assignment)
    return render(request, "plans/assignment_confirm.html", {
        "assignment": assignment,
        "action": "complete",
        "state": assignment.status(),
        "state_after": completion.state_after(assignment),
        "has_activity": Activity.objects.filter(assignment=assignment).exists(),
        "note": note,
        "errors": errors,
        "general_errors": errors.get(NON_FIELD_ERRORS, []),
    }, status=400 if errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def assignment_reopen(request, pk):
    assignment = _assignment(Assignment.objects.completable_by(request.user), pk)
    if assignment.completed_at is None:
        messages.info(request, _("This assignment is not marked as completed."))
        return redirect(assignment)
    if request.method == "POST":
        try:
            completion.reopen(request.user, assignment)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            done = Assignment.objects.with_period_activity(timezone.localdate()).get(
                pk=assignment.pk)
            messages.success(request, _(
                "The completion was taken back; the state is now “%(state)s”.") % {
                "state": done.status().label})
        return redirect(assignment)
    reopened = Assignment.objects.with_period_activity(timezone.localdate()).get(
        pk=assignment.pk)
    reopened.completed_at = None
    return render(request, "plans/assignment_confirm.html", {
        "assignment": assignment,
        "action": "reopen",
        "state": assignment.status(),
        "state_after": reopened.status(),
        "errors": {},
    })
