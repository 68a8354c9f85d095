"""The short help page: what a person in each role does first and where things are."""

from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from loa.org.access import Scope
from loa.org.models import Role

# The order the roles' sections appear in; the person's own roles come first.
ROLE_ORDER = [Role.UNIT_OFFICER, Role.DEPARTMENT_STAFF, Role.INSPECTOR, Role.VIEWER,
              Role.ADMINISTRATOR]
FAVICON = Path(__file__).resolve().parent.parent / "static" / "loa" / "favicon.ico"


@login_required
def help_page(request):
    scope = Scope.of(request.user)
    own = [role for role in ROLE_ORDER if role in scope.roles]
    others = [role for role in ROLE_ORDER if role not in scope.roles]
    return render(request, "web/help.html", {
        "own_roles": own, "other_roles": others,
        "sections": [(role, role in scope.roles) for role in own + others],
        "my_unit_url": reverse("my_unit"), "activity_import_url": reverse("activity_import"),
        "home_url": reverse("home"), "plan_import_url": reverse("plan_import"),
        "units_url": reverse("unit_directory"), "admin_url": reverse("admin:index"),
    })


@require_safe
@cache_control(max_age=60 * 60 * 24 * 7, public=True)
def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page says."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
