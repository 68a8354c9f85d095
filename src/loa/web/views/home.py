"""The home page (department staff: the plans) and "my unit" (a unit's assignments)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from loa.org.access import Scope
from loa.plans import dashboard
from loa.plans.models import Plan, PlanStatus


@login_required
def home(request):
    scope = Scope.of(request.user)
    if not scope.is_department:
        return redirect("my_unit")
    plans = list(Plan.objects.visible_to(request.user).select_related("issuer"))
    active = [p for p in plans if p.status == PlanStatus.ACTIVE]
    return render(request, "web/home.html", {
        "active_plans": dashboard.plan_totals(active, request.user),
        "other_plans": [p for p in plans if p.status != PlanStatus.ACTIVE],
    })


@login_required
def my_unit(request):
    overview = dashboard.unit_overview(request.user)
    return render(request, "web/my_unit.html", {"overview": overview})
