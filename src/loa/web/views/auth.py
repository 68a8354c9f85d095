"""Signing in and out."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect

from loa.org.models import Membership, Role


class LoginView(auth_views.LoginView):
    """Django's login (which passes ``request`` to ``authenticate``, as django-axes needs)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.LOA_DEMO:  # only in the process of `loa demo` (see settings.py)
            context["demo_accounts"] = demo_accounts()
        return context


def demo_accounts() -> list[dict]:
    """The demo's accounts as the login page hints them: username, role and unit."""
    from loa.demo import ACCOUNTS, PASSWORD

    roles = dict(Role.choices)
    units = {m.user.username: m.unit for m in Membership.objects.filter(
        user__username__in=list(ACCOUNTS), user__is_active=True).select_related("user", "unit")}
    return [{"username": name, "role": roles[role], "unit": units[name], "password": PASSWORD}
            for name, (role, *_rest) in ACCOUNTS.items() if name in units]


class LogoutView(auth_views.LogoutView):
    """Log out by POST (the form in the top bar)."""


def root(request):
    return redirect("home" if request.user.is_authenticated else "login")
