"""Recording an activity by form, and its evidence file."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from loa.plans.models import Activity, Assignment

from ..forms import ActivityForm
from .http import private_file, request_too_large


@login_required
def activity_create(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.editable_by(request.user).select_related("plan", "item", "lead_unit")
        .prefetch_related("supporting_units"),
        pk=pk,
    )
    status, refused = 200, None
    if request.method == "POST" and request_too_large(request):
        # Refuse before reading the body: the upload would be rejected anyway.
        refused = _("The request is too large: files may be at most %(limit)s MB.") % {
            "limit": settings.LOA_MAX_UPLOAD_MB}
        form, status = ActivityForm(assignment=assignment, user=request.user), 413
    elif request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, assignment=assignment, user=request.user)
        activity = form.record() if form.is_valid() else None
        if activity is not None:
            messages.success(request,
                             _("Activity “%(title)s” recorded.") % {"title": activity.title})
            return redirect(assignment)
    else:
        form = ActivityForm(assignment=assignment, user=request.user)
    return render(request, "activities/activity_form.html",
                  {"assignment": assignment, "form": form, "refused": refused,
                   "max_upload_mb": settings.LOA_MAX_UPLOAD_MB}, status=status)


@login_required
@require_GET
def activity_evidence(request, pk):
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    return private_file(activity.evidence)
