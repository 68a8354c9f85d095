"""Forms of the web pages."""

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loa.plans.models import Activity, ActivitySource, Channel


def _form_field(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # a link typed without a scheme
    return model_field.formfield(**kwargs)


class ActivityForm(forms.ModelForm):
    """Record what a unit published for an assignment. The model's ``clean()`` checks the rules
    (airtime for broadcasts, no future dates, theme of the same plan)."""

    class Meta:
        model = Activity
        formfield_callback = _form_field
        fields = ["channel", "title", "published_on", "url", "evidence", "airtime_minutes",
                  "reach", "theme", "note"]
        widgets = {
            "published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "title": forms.TextInput(attrs={"autofocus": True}),
            "note": forms.Textarea(attrs={"rows": 3}),
            "url": forms.URLInput(attrs={"placeholder": "https://"}),
        }
        help_texts = {
            "airtime_minutes": _("Required for television, radio and loudspeaker broadcasts."),
            "evidence": _("A screenshot, scan, recording or document (optional)."),
        }

    def __init__(self, *args, assignment, user, **kwargs):
        kwargs.setdefault("instance", Activity(
            assignment=assignment,
            unit_id=assignment.reporting_unit_id(user),
            created_by=user,
            source=ActivitySource.FORM,
        ))
        initial = {"published_on": timezone.localdate()}
        expected = [c for c in assignment.channels if c in Channel.values]
        if expected:
            initial["channel"] = expected[0]
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.fields["theme"].queryset = assignment.plan.themes.all()
        self.fields["published_on"].widget.attrs["max"] = timezone.localdate().isoformat()
