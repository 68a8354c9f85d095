"""An assignment's page (its activities and change history) and declaring it completed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from loa.plans import dashboard
from loa.plans.models import Activity, Assignment


@login_required
def assignment_detail(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).with_period_activity(timezone.localdate())
        .select_related("plan", "item", "lead_unit", "group")
        .prefetch_related("supporting_units"),
        pk=pk,
    )
    activities = (
        Activity.objects.visible_to(request.user).filter(assignment=assignment)
        .select_related("unit", "theme", "created_by")
    )
    can_edit = Assignment.objects.editable_by(request.user).filter(pk=assignment.pk).exists()
    can_complete = can_edit and (
        Assignment.objects.completable_by(request.user).filter(pk=assignment.pk).exists()
    )
    return render(request, "plans/assignment_detail.html", {
        "assignment": assignment,
        "state": assignment.status(),
        "activities": activities,
        "can_edit": can_edit,
        "can_complete": can_complete,
        "history": dashboard.change_history(assignment),
    })


@login_required
@require_POST
def assignment_complete(request, pk):
    with transaction.atomic():
        assignment = get_object_or_404(
            Assignment.objects.completable_by(request.user).select_for_update(), pk=pk
        )
        if assignment.completed_at is not None:
            messages.info(request, _("This assignment was already marked as completed."))
        else:
            assignment.completed_at = timezone.now()
            assignment.completion_note = request.POST.get("completion_note", "").strip()[:5000]
            assignment.save(update_fields=["completed_at", "completion_note"])
            messages.success(request, _("The assignment is marked as completed."))
    return redirect(assignment)
