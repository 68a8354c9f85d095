from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from loa.org.history import HistoryAdmin, display_value

from .models import Activity, Assignment, Channel, Plan, PlanItem, PlanReference, Theme


class PlanReferenceInline(admin.TabularInline):
    model = PlanReference
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(Plan)
class PlanAdmin(HistoryAdmin):
    list_display = ["code", "issued_on", "status", "summary"]
    list_filter = ["status"]
    search_fields = ["code", "summary"]
    autocomplete_fields = ["issuer"]
    inlines = [PlanReferenceInline, ThemeInline]


@admin.register(PlanItem)
class PlanItemAdmin(HistoryAdmin):
    list_display = ["plan", "number", "title"]
    list_filter = ["plan"]
    search_fields = ["number", "title", "plan__code"]
    autocomplete_fields = ["plan", "parent"]
    labels = {"plan": _("Plan"), "parent": _("Parent item")}

    def get_form(self, request, obj=None, **kwargs):
        kwargs["labels"] = {**self.labels, **(kwargs.get("labels") or {})}
        return super().get_form(request, obj, **kwargs)


class AssignmentForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(label=_("Expected channels"), choices=Channel.choices,
                                         widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        model = Assignment
        fields = "__all__"
        labels = {"plan": _("Plan")}


@admin.register(Assignment)
class AssignmentAdmin(HistoryAdmin):
    form = AssignmentForm
    list_display = ["plan", "item", "lead_unit", "due_date", "is_regular", "channel_names",
                    "completed_at"]
    list_filter = ["plan", "is_regular"]
    search_fields = ["lead_unit__name", "item__number", "item__title", "plan__code"]
    autocomplete_fields = ["plan", "item", "lead_unit", "supporting_units"]
    list_select_related = ["plan", "item", "lead_unit"]

    @admin.display(description=_("expected channels"))
    def channel_names(self, assignment):
        return display_value(Assignment._meta.get_field("channels"), assignment.channels)


@admin.register(Activity)
class ActivityAdmin(HistoryAdmin):
    list_display = ["title", "unit", "channel", "published_on", "source"]
    list_filter = ["channel", "source"]
    search_fields = ["title"]
    autocomplete_fields = ["assignment", "unit", "plan"]
    raw_id_fields = ["theme"]
    list_select_related = ["unit"]

    def get_queryset(self, request):
        # Withdrawn activities too (Activity.objects leaves them out).
        return Activity.all_objects.select_related("unit")
