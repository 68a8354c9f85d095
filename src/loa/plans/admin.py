from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Activity, Assignment, Plan, PlanItem, PlanReference, Theme


class PlanReferenceInline(admin.TabularInline):
    model = PlanReference
    extra = 0


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["code", "issued_on", "status", "summary"]
    list_filter = ["status"]
    search_fields = ["code", "summary"]
    inlines = [PlanReferenceInline, ThemeInline]


@admin.register(PlanItem)
class PlanItemAdmin(admin.ModelAdmin):
    list_display = ["plan", "number", "title"]
    list_filter = ["plan"]


@admin.register(Assignment)
class AssignmentAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "item", "lead_unit", "due_date", "is_regular", "completed_at"]
    list_filter = ["plan", "is_regular"]
    raw_id_fields = ["lead_unit", "supporting_units", "item"]
    list_select_related = ["plan", "item", "lead_unit"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["title", "unit", "channel", "published_on", "source"]
    list_filter = ["channel", "source"]
    search_fields = ["title"]
    raw_id_fields = ["assignment", "theme"]
    list_select_related = ["unit"]

    def get_queryset(self, request):
        # Withdrawn activities too (Activity.objects leaves them out).
        return Activity.all_objects.select_related("unit")
