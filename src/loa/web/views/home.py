"""The home page (department staff: the plans) and "my unit" (a unit's assignments)."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render

from loa.org.access import Scope
from loa.plans import dashboard
from loa.plans.models import Activity, Assignment, Plan, PlanStatus


@login_required
def home(request):
    scope = Scope.of(request.user)
    if not scope.is_department:
        return redirect("my_unit")
    plans = Plan.objects.visible_to(request.user).select_related("issuer").annotate(
        assignment_count=_count(Assignment.objects.visible_to(request.user)),
        activity_count=_count(Activity.objects.visible_to(request.user)),
    )
    return render(request, "web/home.html", {
        "active_plans": [p for p in plans if p.status == PlanStatus.ACTIVE],
        "other_plans": [p for p in plans if p.status != PlanStatus.ACTIVE],
    })


def _count(queryset):
    """A correlated count of ``queryset`` rows per plan (no join of the big tables)."""
    counts = queryset.filter(plan=OuterRef("pk")).order_by().values("plan").annotate(
        n=Count("*")).values("n")
    return Coalesce(Subquery(counts), 0)


@login_required
def my_unit(request):
    overview = dashboard.unit_overview(request.user)
    return render(request, "web/my_unit.html", {"overview": overview})
