from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .history import HistoryAdmin
from .models import ApiToken, Membership, Unit, UnitAlias, UnitGroup, UnitKind, display_name

User = get_user_model()


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


@admin.register(Unit)
class UnitAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name", "name_key", "aliases__name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [UnitAliasInline]


class UnitGroupForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(label=_("Unit kinds"), choices=UnitKind.choices,
                                      widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        model = UnitGroup
        fields = ["name", "kinds", "within"]


@admin.register(UnitGroup)
class UnitGroupAdmin(HistoryAdmin):
    form = UnitGroupForm
    list_display = ["name", "kind_names", "within"]
    autocomplete_fields = ["within"]

    @admin.display(description=_("unit kinds"))
    def kind_names(self, group):
        return ", ".join(str(UnitKind(k).label) if k in UnitKind.values else k
                         for k in group.kinds)


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["person", "unit", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__first_name", "user__last_name", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    list_select_related = ["user", "unit"]

    def get_form(self, request, obj=None, **kwargs):
        return super().get_form(request, obj, labels=MEMBERSHIP_LABELS, **kwargs)

    @admin.display(description=_("person"), ordering="user__last_name")
    def person(self, membership):
        return display_name(membership.user)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at"]
    autocomplete_fields = ["user"]


# --- people: one screen for the person, their unit and their role -----------------------------
MEMBERSHIP_LABELS = {"user": _("Person"), "unit": _("Unit"), "role": _("Role")}


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["unit"]
    verbose_name = _("unit and role")
    verbose_name_plural = _("units and roles")

    def get_formset(self, request, obj=None, **kwargs):
        return super().get_formset(request, obj, labels=MEMBERSHIP_LABELS, **kwargs)


admin.site.unregister(User)


@admin.register(User)
class PersonAdmin(HistoryAdmin, UserAdmin):
    """People. Adding one asks for the name, the password and the person's units and roles on
    the same page (Django's own asks for the password first, then everything else)."""

    inlines = [MembershipInline]
    add_form_template = "admin/loa_user_add_form.html"
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("username", "last_name", "first_name", "email",
                           "usable_password", "password1", "password2")}),
    )
    list_display = ["username", "full_name", "email", "unit_names", "is_active"]
    list_filter = ["memberships__role", "is_active", "is_superuser"]
    search_fields = ["username", "first_name", "last_name", "email", "memberships__unit__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("memberships__unit")

    @admin.display(description=_("full name"), ordering="last_name")
    def full_name(self, user):
        return display_name(user)

    @admin.display(description=_("units and roles"))
    def unit_names(self, user):
        return "; ".join(f"{m.unit} ({m.get_role_display()})" for m in user.memberships.all())

    def response_add(self, request, obj, post_url_continue=None):
        # Everything was asked on the add page: back to the list like any other object, not on
        # to a second page (Django's UserAdmin continues to the change page).
        return admin.ModelAdmin.response_add(self, request, obj, post_url_continue)
