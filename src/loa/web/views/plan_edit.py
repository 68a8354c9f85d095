"""Correcting a plan on Loa's own pages: its text, its items, each task's text, deadline and
channels, and issuing a draft. Only people who change the department's plans
(:class:`~loa.org.access.Scope` ``edits_all``, through ``Plan.objects.editable_by``) reach
these pages; anyone else gets 404, as for any object outside their scope. Every change is
recorded by django-simple-history (who, when, before and after) and shown on the page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from loa.plans import dashboard
from loa.plans.models import Assignment, Channel, Plan, PlanItem, PlanStatus, ReportingPeriod
from loa.vocab import channels as channel_vocab

from ..forms import DateField
from .plan_import import channel_label


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = ["code", "issued_on", "place", "issuer_name", "summary", "signer_authority",
                  "signer_title", "signer_name", "purposes", "requirements", "reporting",
                  "starts_on", "ends_on", "tracking_starts_on"]
        field_classes = {"issued_on": DateField, "starts_on": DateField, "ends_on": DateField,
                         "tracking_starts_on": DateField}
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}),
                   "purposes": forms.Textarea(attrs={"rows": 6}),
                   "requirements": forms.Textarea(attrs={"rows": 6}),
                   "reporting": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("The implementation period ends before it starts."))
        return data


class ItemForm(forms.ModelForm):
    """An item's heading and text; and, when ``retask`` is ticked, one deadline (or reporting
    period) and the channels the item names for all its tasks at once (an item given to every
    commune has hundreds): each unit gets the channels of its kind among them
    (:func:`loa.vocab.channels.channels_for_kind`)."""

    retask = forms.BooleanField(label=gettext_lazy("Also change the deadline and channels of "
                                                   "all its tasks"), required=False)
    due_date = DateField(label=gettext_lazy("Due date"), required=False)
    is_regular = forms.BooleanField(label=gettext_lazy("regular task (thường xuyên)"),
                                    required=False)
    reporting_period = forms.ChoiceField(label=gettext_lazy("reporting period"),
                                         choices=ReportingPeriod.choices,
                                         initial=ReportingPeriod.MONTH, required=False)
    mentions = forms.MultipleChoiceField(
        label=gettext_lazy("Channels the item names"), required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Each unit gets those of its kind; none ticked: the usual "
                               "channels of its kind."))

    class Meta:
        model = PlanItem
        fields = ["number", "title", "text"]
        widgets = {"title": forms.TextInput(), "text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentions"].choices = [
            (code, channel_label(code))
            for code in [f.code for f in channel_vocab.FAMILIES] +
            [c.code for c in channel_vocab.CHANNELS]]

    def clean_number(self):
        number = self.cleaned_data["number"].strip()
        taken = PlanItem.objects.filter(plan=self.instance.plan_id, number=number) \
            .exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("Another item of this plan has the number %(n)s.")
                                        % {"n": number})
        return number

    def clean(self):
        data = super().clean()
        if data.get("retask") and not data.get("is_regular") and not data.get("due_date") \
                and "due_date" not in self.errors:
            self.add_error("due_date", _("Give a due date or mark the task as regular."))
        return data

    def retasked(self) -> int:
        """Set the deadline and channels of every task of the item (when asked); returns how
        many changed. Each save is a history record."""
        data = self.cleaned_data
        if not data.get("retask"):
            return 0
        changed = 0
        for assignment in self.instance.assignments.select_related("lead_unit"):
            before = (assignment.due_date, assignment.is_regular, assignment.reporting_period,
                      list(assignment.channels))
            if data.get("is_regular"):
                assignment.due_date, assignment.is_regular = None, True
                assignment.reporting_period = data.get("reporting_period") or \
                    ReportingPeriod.MONTH
            else:
                assignment.due_date, assignment.is_regular = data["due_date"], False
                assignment.reporting_period = ""
            assignment.channels = channel_vocab.channels_for_kind(
                assignment.lead_unit.kind, data.get("mentions"))
            if before != (assignment.due_date, assignment.is_regular,
                          assignment.reporting_period, assignment.channels):
                assignment.full_clean(exclude=["plan", "item", "lead_unit"])
                assignment.save()
                changed += 1
        return changed


class AssignmentForm(forms.ModelForm):
    """One task: its text, deadline or reporting period, channels, refutation duty."""

    channels = forms.MultipleChoiceField(label=gettext_lazy("Expected channels"),
                                         choices=Channel.choices, required=False,
                                         widget=forms.CheckboxSelectMultiple)
    due_date = DateField(label=gettext_lazy("Due date"), required=False)

    class Meta:
        model = Assignment
        fields = ["task", "due_date", "is_regular", "reporting_period", "channels", "refutation"]
        widgets = {"task": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reporting_period"].choices = ReportingPeriod.choices
        self.fields["reporting_period"].required = False
        if not self.instance.reporting_period:  # what ticking "regular" would report: monthly
            self.initial["reporting_period"] = ReportingPeriod.MONTH

    def clean(self):
        data = super().clean()
        if data.get("is_regular"):
            data["due_date"] = None
            data["reporting_period"] = data.get("reporting_period") or ReportingPeriod.MONTH
        else:
            data["reporting_period"] = ""
            if not data.get("due_date") and "due_date" not in self.errors:
                self.add_error("due_date", _("Give a due date or mark the task as regular."))
        return data


def _editable_plan(request, pk) -> Plan:
    return get_object_or_404(Plan.objects.editable_by(request.user), pk=pk)


def _save(request, form, quiet=False) -> bool:
    """Save a valid form that changed something (no history row for a save that changes
    nothing); says so either way (``quiet``: only when it saved)."""
    instance = form.instance
    stored = type(instance).objects.get(pk=instance.pk)
    if any(getattr(stored, name) != getattr(instance, name) for name in form._meta.fields):
        with transaction.atomic():
            form.save()
        messages.success(request, _("The changes were saved."))
        return True
    if not quiet:
        messages.info(request, _("Nothing was changed."))
    return False


@login_required
def plan_edit(request, pk):
    plan = _editable_plan(request, pk)
    form = PlanForm(request.POST or None, instance=plan)
    if request.method == "POST" and form.is_valid():
        _save(request, form)
        return redirect(plan)
    return render(request, "plans/plan_edit.html", {
        "plan": plan, "form": form, "history": dashboard.change_history(plan),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def plan_issue(request, pk):
    """A draft becomes active: its units see their tasks from now on."""
    plan = _editable_plan(request, pk)
    if plan.status == PlanStatus.DRAFT:
        plan.status = PlanStatus.ACTIVE
        plan.save(update_fields=["status"])
        messages.success(request, _("Plan %(code)s was issued: its units now see their tasks.")
                         % {"code": plan.code})
    return redirect(plan)


@login_required
def item_edit(request, pk):
    item = get_object_or_404(PlanItem.objects.select_related("plan"), pk=pk,
                             plan__in=Plan.objects.editable_by(request.user))
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            _save(request, form, quiet=form.cleaned_data.get("retask"))
            count = form.retasked()
        if form.cleaned_data.get("retask"):
            messages.success(request, _("%(count)s task(s) of the item were changed.")
                             % {"count": count})
        return redirect(f"{item.plan.get_absolute_url()}#item-{item.pk}")
    return render(request, "plans/item_edit.html", {
        "plan": item.plan, "item": item, "form": form,
        "tasks": item.assignments.count(),
        "history": dashboard.change_history(item),
    }, status=400 if form.errors else 200)


@login_required
def assignment_edit(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.select_related("plan", "item", "lead_unit"), pk=pk,
        plan__in=Plan.objects.editable_by(request.user))
    form = AssignmentForm(request.POST or None, instance=assignment)
    if request.method == "POST" and form.is_valid():
        _save(request, form)
        return redirect(assignment)
    return render(request, "plans/assignment_edit.html", {
        "plan": assignment.plan, "assignment": assignment, "form": form,
    }, status=400 if form.errors else 200)
