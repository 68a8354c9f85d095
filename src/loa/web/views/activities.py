"""Recording an activity by form, correcting it, withdrawing it, and its evidence file.

Who may do each is the one rule of :mod:`loa.plans.activities` (``recordable_by``): anyone else
gets 404, as for an activity or assignment that does not exist."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from loa.plans import activities as writer
from loa.plans.models import Activity, Assignment

from ..forms import ActivityForm, WithdrawForm
from .http import private_file, request_too_large


def _too_large():
    # Refuse before reading the body: the upload would be rejected anyway.
    return _("The request is too large: files may be at most %(limit)s MB.") % {
        "limit": settings.LOA_MAX_UPLOAD_MB}


def _render_form(request, assignment, form, refused=None, status=200):
    return render(request, "activities/activity_form.html",
                  {"assignment": assignment, "form": form, "refused": refused,
                   "max_upload_mb": settings.LOA_MAX_UPLOAD_MB}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def activity_create(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.recordable_by(request.user).select_related("plan", "item", "lead_unit")
        .prefetch_related("supporting_units"),
        pk=pk,
    )
    if request.method == "POST" and request_too_large(request):
        form = ActivityForm(assignment=assignment, user=request.user)
        return _render_form(request, assignment, form, _too_large(), status=413)
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, assignment=assignment, user=request.user)
        activity = form.record() if form.is_valid() else None
        if activity is not None:
            messages.success(request,
                             _("Activity “%(title)s” recorded.") % {"title": activity.title})
            return redirect(assignment)
    else:
        form = ActivityForm(assignment=assignment, user=request.user)
    return _render_form(request, assignment, form)


def _changeable(request, pk):
    """The activity if this person may correct or withdraw it, else 404."""
    return get_object_or_404(
        Activity.objects.recordable_by(request.user)
        .select_related("assignment__plan", "assignment__item", "assignment__lead_unit",
                        "unit", "theme")
        .prefetch_related("assignment__supporting_units"),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = _changeable(request, pk)
    assignment = activity.assignment
    if request.method == "POST" and request_too_large(request):
        form = ActivityForm(instance=activity, assignment=assignment, user=request.user)
        return _render_form(request, assignment, form, _too_large(), status=413)
    if request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, instance=activity,
                            assignment=assignment, user=request.user)
        changed = form.change() if form.is_valid() else None
        if changed is not None:
            messages.success(request,
                             _("Activity “%(title)s” corrected.") % {"title": changed.title})
            return redirect(changed)
    else:
        form = ActivityForm(instance=activity, assignment=assignment, user=request.user)
    return _render_form(request, assignment, form)


@login_required
@require_http_methods(["GET", "POST"])
def activity_withdraw(request, pk):
    activity = _changeable(request, pk)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            writer.withdraw(request.user, activity, form.cleaned_data["reason"])
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(request, _("Activity “%(title)s” withdrawn: it no longer counts.")
                             % {"title": activity.title})
            return redirect(activity.assignment)
    return render(request, "activities/activity_withdraw.html",
                  {"activity": activity, "assignment": activity.assignment, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def activity_evidence(request, pk):
    activity = get_object_or_404(Activity.all_objects.visible_to(request.user), pk=pk)
    return private_file(activity.evidence)
