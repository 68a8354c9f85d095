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
        instance = kwargs.get("instance")
        self.editing = instance is not None and instance.pk is not None
        self.unit_id = instance.unit_id if self.editing else assignment.reporting_unit_id(user)
        kwargs.setdefault("instance", Activity(
            assignment=assignment, unit_id=self.unit_id, created_by=user,
            source=ActivitySource.FORM,
        ))
        initial = {}
        if not self.editing:
            initial["published_on"] = timezone.localdate()
            channel = default_channel(assignment, self.unit_id)
            if channel:
                initial["channel"] = channel
        kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.user = user
        self.fields["theme"].queryset = assignment.plan.themes.all()
        self.fields["theme"].empty_label = EMPTY_THEME
        self.fields["channel"].choices = [("", EMPTY_CHOICE),
                                          *[c for c in self.fields["channel"].choices if c[0]]]
        self.fields["channel"].widget.attrs["data-broadcast"] = " ".join(
            sorted(channel_vocab.BROADCAST))

    def _writer_fields(self) -> dict:
        fields = {name: self.cleaned_data.get(name) for name in self.Meta.fields}
        for name in ("url", "note"):
            fields[name] = fields[name] or ""
        return fields

    def _show(self, error: ValidationError) -> None:
        for field, messages in error.message_dict.items():
            self.add_error(field if field in self.fields else None, messages)

    def record(self) -> Activity | None:
        """Record the activity through the writer; None (and the errors on the form) when the
        writer refuses it."""
        fields = self._writer_fields()
        fields["evidence"] = fields["evidence"] or None
        try:
            return activities.record(self.user, self.assignment, source=ActivitySource.FORM,
                                     unit=self.unit_id, **fields)
        except ValidationError as error:
            self._show(error)
            return None

    def change(self) -> Activity | None:
        """Save the corrections through the writer (audited); None (and the errors on the
        form) when it refuses them. A file left unchanged stays; "clear" removes it."""
        fields = self._writer_fields()
        if fields["evidence"] is False:  # "clear" ticked
            fields["evidence"] = ""
        elif fields["evidence"] is None:
            fields["evidence"] = self.instance.evidence
        try:
            return activities.change(self.user, self.instance, **fields)
        except ValidationError as error:
            self._show(error)
            return None


#: The empty choice of a select (Django's "---------" is no word at all).
EMPTY_CHOICE = _("— Choose —")
EMPTY_THEME = _("— No particular theme —")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for withdrawal"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "autofocus": True}),
        help_text=_("For example: recorded twice, wrong link, not about this task."),
        error_messages={"required": _("Say why the activity is withdrawn.")},
    )


def default_channel(assignment, unit_id) -> str | None:
    """The channel a new activity starts with, only when there is no choice to make: the one
    expected channel the recording unit usually publishes on (a newspaper: the press, even when
    the item also asks others for airtime), else the only expected channel, else the unit's
    only usual channel. When several fit, none: the person chooses, so that no form asks for
    the airtime of a broadcast they did not choose."""
    unit = assignment.lead_unit if unit_id == assignment.lead_unit_id else next(
        (u for u in assignment.supporting_units.all() if u.pk == unit_id), assignment.lead_unit)
    usual = list(channel_vocab.USUAL_CHANNELS.get(unit.kind, ()))
    expected = [c for c in assignment.channels if c in channel_vocab.CODES]
    candidates = [c for c in expected if c in usual] or expected or usual
    return candidates[0] if len(candidates) == 1 else None
