"""Forms of the web pages."""

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loa.plans import activities
from loa.plans.models import Activity, ActivitySource
from loa.vocab import channels as channel_vocab


def _form_field(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # a link typed without a scheme
    return model_field.formfield(**kwargs)


class ActivityForm(forms.ModelForm):
    """Record what a unit published for an assignment. The fields are checked here for the
    page; :meth:`record` hands them to the activity writer (:mod:`loa.plans.activities`), which
    applies the rules every source shares and saves."""

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
        self.unit_id = assignment.reporting_unit_id(user)
        kwargs.setdefault("instance", Activity(
            assignment=assignment, unit_id=self.unit_id, created_by=user,
            source=ActivitySource.FORM,
        ))
        initial = {"published_on": timezone.localdate()}
        channel = default_channel(assignment, self.unit_id)
        if channel:
            initial["channel"] = channel
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.user = user
        self.fields["theme"].queryset = assignment.plan.themes.all()
        self.fields["published_on"].widget.attrs["max"] = timezone.localdate().isoformat()

    def record(self) -> Activity | None:
        """Record the activity through the writer; None (and the errors on the form) when the
        writer refuses it."""
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        for name in ("url", "note"):
            fields[name] = fields[name] or ""
        fields["evidence"] = fields["evidence"] or None
        try:
            return activities.record(self.user, self.assignment, source=ActivitySource.FORM,
                                     unit=self.unit_id, **fields)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                self.add_error(field if field in self.fields else None, messages)
            return None


def default_channel(assignment, unit_id) -> str | None:
    """The channel a new activity starts with: the first expected channel the recording unit
    usually publishes on (a newspaper: the press, even when the item also asks others for
    airtime), else the first expected channel, else the unit's usual channel."""
    unit = assignment.lead_unit if unit_id == assignment.lead_unit_id else next(
        (u for u in assignment.supporting_units.all() if u.pk == unit_id), assignment.lead_unit)
    usual = channel_vocab.USUAL_CHANNELS.get(unit.kind, ())
    expected = [c for c in assignment.channels if c in channel_vocab.CODES]
    for channel in expected:
        if channel in usual:
            return channel
    return (expected or list(usual) or [None])[0]
