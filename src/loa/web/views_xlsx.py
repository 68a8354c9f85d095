"""Spreadsheet pages (skeleton)."""
from django.http import HttpResponse


def plan_activities_export(request, pk):
    return HttpResponse("TODO")


def activity_import_template(request):
    return HttpResponse("TODO")


def activity_import(request):
    return HttpResponse("TODO")
