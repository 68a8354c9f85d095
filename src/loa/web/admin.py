"""The administration site as a Vietnamese office sees it: titled "Trang quản trị Loa", every
section named in Vietnamese, the other packages' internals hidden.

Django autodiscovers this module after the admin modules of the apps listed before ``loa.web``
(django-axes, django-tasks' database backend), so their registrations can be changed here."""

from django.apps import apps
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

admin.site.site_header = _("Loa administration")
admin.site.site_title = _("Loa administration")
admin.site.index_title = _("What to manage")
admin.site.site_url = "/home/"

# Sections of other packages, named for what they hold here.
SECTION_NAMES = {
    "axes": _("Sign-in protection"),
    "auth": _("Accounts and permission groups"),
}
for label, name in SECTION_NAMES.items():
    try:
        apps.get_app_config(label).verbose_name = name
    except LookupError:  # not installed
        pass

# Internals with no use to an administrator: the task queue's rows (Loa's own "Background work"
# shows the jobs) and axes' duplicate failure log (the access attempts and the access log hold the
# same sign-ins).
for app_label, model_name in [("django_tasks_database", "dbtaskresult"),
                              ("axes", "accessfailurelog")]:
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError:
        continue
    if admin.site.is_registered(model):
        admin.site.unregister(model)

# Words of Django's administration, django-axes and django-simple-history that their own
# Vietnamese catalogues lack (or translate oddly: "Change" as "Nội dung thay đổi", "History" as
# "Bản ghi nhớ"). Listed here so that `make messages` keeps them in Loa's catalogue, which
# Django reads first.
THIRD_PARTY_STRINGS = (
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Add"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Change"),
    gettext_noop("History"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Password-based authentication"),
    gettext_noop("Enabled"),
    gettext_noop("Disabled"),
    gettext_noop("Whether the user will be able to authenticate using a password or not. "
                 "If disabled, they may still be able to authenticate using other backends, "
                 "such as Single Sign-On or LDAP."),
    # django-simple-history
    gettext_noop("Choose a date from the list below to revert to a previous version of this "
                 "object."),
    gettext_noop("View %(verbose_name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the 'Revert' button below to revert to this version of the object."),
    gettext_noop("Revert"),
    gettext_noop("Close"),
    # django-axes
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("Attempt Time"),
    gettext_noop("Logout Time"),
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("Path"),
    gettext_noop("Failed Logins"),
    gettext_noop("HTTP Accept"),
    gettext_noop("GET Data"),
    gettext_noop("POST Data"),
    gettext_noop("Form Data"),
    gettext_noop("Meta Data"),
    gettext_noop("Locked Out"),
    gettext_noop("Attempt Remaining"),
    gettext_noop("Not set"),
    gettext_noop("Clean up expired attempts"),
    gettext_noop("Session key hash (sha256)"),
    gettext_noop("Access lock out"),
)
