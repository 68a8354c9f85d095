"""Web pages. (Skeleton: every view below is replaced by the real page.)"""
from django.contrib.auth import views as auth_views
from django.http import HttpResponse


class LoginView(auth_views.LoginView):
    pass


class LogoutView(auth_views.LogoutView):
    pass


def root(request, *args, **kwargs):
    return HttpResponse('TODO')


def home(request, *args, **kwargs):
    return HttpResponse('TODO')


def my_unit(request, *args, **kwargs):
    return HttpResponse('TODO')


def plan_detail(request, *args, **kwargs):
    return HttpResponse('TODO')


def plan_dashboard(request, *args, **kwargs):
    return HttpResponse('TODO')


def assignment_detail(request, *args, **kwargs):
    return HttpResponse('TODO')


def assignment_complete(request, *args, **kwargs):
    return HttpResponse('TODO')


def activity_create(request, *args, **kwargs):
    return HttpResponse('TODO')


def activity_evidence(request, *args, **kwargs):
    return HttpResponse('TODO')


def unit_directory(request, *args, **kwargs):
    return HttpResponse('TODO')


def unit_detail(request, *args, **kwargs):
    return HttpResponse('TODO')


def healthz(request, *args, **kwargs):
    return HttpResponse('TODO')


def page_not_found(request, *args, **kwargs):
    return HttpResponse('TODO')


def server_error(request, *args, **kwargs):
    return HttpResponse('TODO')


def permission_denied(request, *args, **kwargs):
    return HttpResponse('TODO')


def bad_request(request, *args, **kwargs):
    return HttpResponse('TODO')

