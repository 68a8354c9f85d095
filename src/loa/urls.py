from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from loa.api.api import api
from loa.web import views, views_import, views_xlsx

urlpatterns = [
    path("", views.root, name="root"),
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("home/", views.home, name="home"),
    path("my-unit/", views.my_unit, name="my_unit"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/original/", views.plan_original, name="plan_original"),
    path("plans/<int:pk>/dashboard/", views.plan_dashboard, name="plan_dashboard"),
    path("plans/<int:pk>/activities.xlsx", views_xlsx.plan_activities_export,
         name="plan_activities_export"),
    path("plans/import/", views_import.plan_import, name="plan_import"),
    path("plans/import/<int:pk>/", views_import.plan_import_detail, name="plan_import_detail"),
    path("plans/import/<int:pk>/confirm/", views_import.plan_import_confirm,
         name="plan_import_confirm"),
    path("plans/import/<int:pk>/original/", views_import.plan_import_original,
         name="plan_import_original"),
    path("plans/import/<int:pk>/pages/<int:page>.png", views_import.plan_import_page,
         name="plan_import_page"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/complete/", views.assignment_complete, name="assignment_complete"),
    path("assignments/<int:pk>/activities/new/", views.activity_create, name="activity_create"),
    path("activities/<int:pk>/evidence/", views.activity_evidence, name="activity_evidence"),
    path("activities/import/", views_xlsx.activity_import, name="activity_import"),
    path("activities/import/template.xlsx", views_xlsx.activity_import_template,
         name="activity_import_template"),
    path("units/", views.unit_directory, name="unit_directory"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]

handler404 = "loa.web.views.page_not_found"
handler500 = "loa.web.views.server_error"
handler403 = "loa.web.views.permission_denied"
handler400 = "loa.web.views.bad_request"
