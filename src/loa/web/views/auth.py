"""Signing in and out."""

from django.contrib.auth import views as auth_views
from django.shortcuts import redirect


class LoginView(auth_views.LoginView):
    """Django's login (which passes ``request`` to ``authenticate``, as django-axes needs)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Log out by POST (the form in the top bar)."""


def root(request):
    return redirect("home" if request.user.is_authenticated else "login")
