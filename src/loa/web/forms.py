"""Forms of the web pages."""

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loa.plans import activities
from loa.plans.models import Activity, ActivitySource
from loa.vocab import channels as channel_vocab

# --- dates: dd/mm/yyyy on every page, whatever the browser's language ---------------------------
# A native <input type="date"> shows the date in the browser's language (a Vietnamese reader
# took "12/05/2026" on an English browser for 12 May), so Loa's date fields are text inputs that
# show and read dd/mm/yyyy; ISO dates (2026-05-12) are read too.
DATE_FORMAT = "%d/%m/%Y"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy: a text input with that placeholder and pattern. Every date
    field on Loa's pages uses it (through :class:`DateField`)."""

    input_type = "text"

    def __init__(self, attrs=None):
        defaults = {
            "placeholder": _("dd/mm/yyyy"),
            "pattern": r"\s*\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{2}(\d{2})?\s*|\s*\d{4}-\d{2}-\d{2}\s*",
            "inputmode": "numeric", "autocomplete": "off", "size": 10, "maxlength": 10,
            "class": "loa-date",
        }
        super().__init__(attrs={**defaults, **(attrs or {})}, format=DATE_FORMAT)

    def format_value(self, value):
        if isinstance(value, dt.date):
            return value.strftime(DATE_FORMAT)
        return super().format_value(value)


class DateField(forms.DateField):
    """A date read as dd/mm/yyyy (or ISO), shown as dd/mm/yyyy."""

    widget = DateInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Enter the date as dd/mm/yyyy, for example 08/09/2020."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", DATE_INPUT_FORMATS)
        super().__init__(**kwargs)


def _form_field(model_field, **kwargs):
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"  # a link typed without a scheme
    if isinstance(model_field, models.DateField) and not isinstance(model_field,
                                                                     models.DateTimeField):
        kwargs["form_class"] = DateField
        kwargs["widget"] = DateInput
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
