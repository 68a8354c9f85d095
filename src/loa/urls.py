from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from loa.api.api import api
from loa.web.views import (
    activities,
    assignments,
    auth,
    errors,
    help,
    home,
    jobs,
    plan_edit,
    plan_import,
    plans,
    spreadsheets,
    units,
)

urlpatterns = [
    path("", auth.root, name="root"),
    path("accounts/login/", auth.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("home/", home.home, name="home"),
    path("my-unit/", home.my_unit, name="my_unit"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/original/", plans.plan_original, name="plan_original"),
    path("plans/<int:pk>/edit/", plan_edit.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/issue/", plan_edit.plan_issue, name="plan_issue"),
    path("plans/items/<int:pk>/edit/", plan_edit.item_edit, name="plan_item_edit"),
    path("assignments/<int:pk>/edit/", plan_edit.assignment_edit, name="assignment_edit"),
    path("plans/<int:pk>/dashboard/", plans.plan_dashboard, name="plan_dashboard"),
    path("plans/<int:pk>/dashboard/export/", plans.plan_dashboard_export,
         name="plan_dashboard_export"),
    path("plans/<int:pk>/activities.xlsx", spreadsheets.plan_activities_export,
         name="plan_activities_export"),
    path("plans/import/", plan_import.plan_import, name="plan_import"),
    path("plans/import/<int:pk>/", plan_import.plan_import_detail, name="plan_import_detail"),
    path("plans/import/<int:pk>/confirm/", plan_import.plan_import_confirm,
         name="plan_import_confirm"),
    path("plans/import/<int:pk>/original/", plan_import.plan_import_original,
         name="plan_import_original"),
    path("plans/import/<int:pk>/pages/<int:page>.png", plan_import.plan_import_page,
         name="plan_import_page"),
    path("assignments/<int:pk>/", assignments.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/complete/", assignments.assignment_complete,
         name="assignment_complete"),
    path("assignments/<int:pk>/reopen/", assignments.assignment_reopen,
         name="assignment_reopen"),
    path("assignments/<int:pk>/activities/new/", activities.activity_create,
         name="activity_create"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/withdraw/", activities.activity_withdraw,
         name="activity_withdraw"),
    path("activities/<int:pk>/evidence/", activities.activity_evidence, name="activity_evidence"),
    path("activities/import/", spreadsheets.activity_import, name="activity_import"),
    path("activities/import/template.xlsx", spreadsheets.activity_import_template,
         name="activity_import_template"),
    path("units/", units.unit_directory, name="unit_directory"),
    path("units/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("jobs/<int:pk>/", jobs.job_detail, name="job_detail"),
    path("help/", help.help_page, name="help"),
    path("favicon.ico", help.favicon, name="favicon"),
    path("healthz", errors.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler404 = "loa.web.views.errors.page_not_found"
handler500 = "loa.web.views.errors.server_error"
handler403 = "loa.web.views.errors.permission_denied"
handler400 = "loa.web.views.errors.bad_request"
