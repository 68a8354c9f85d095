"""The unit directory (open to everyone signed in) and a unit's page (scoped)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from loa import vitext
from loa.org.access import Scope
from loa.org.models import Membership, Unit
from loa.plans import dashboard
from loa.plans.models import Activity, Assignment

UNITS_PER_PAGE = 100


@login_required
def unit_directory(request):
    query = request.GET.get("q", "").strip()[:100]
    include_expired = request.GET.get("all") == "1"
    # The directory of units is open to everyone signed in; only the links to a unit's page
    # (its assignments and activities) depend on the person's scope.
    units = Unit.objects.all() if include_expired else Unit.objects.current()
    if query:
        key = vitext.fold(query)
        matching = Unit.objects.filter(
            Q(name_key__contains=key)
            | Q(short_name_key__contains=key)
            | Q(aliases__key__contains=key)
        ).values("pk")
        units = units.filter(pk__in=matching)
    page = Paginator(units.select_related("parent").prefetch_related("aliases"),
                     UNITS_PER_PAGE).get_page(request.GET.get("page"))
    scope = Scope.of(request.user)
    rows = [(unit, scope.can_see_unit(unit.pk)) for unit in page.object_list]
    return render(request, "org/unit_directory.html", {
        "page": page, "rows": rows, "query": query, "include_expired": include_expired,
        "today": timezone.localdate(),
    })


@login_required
def unit_detail(request, pk):
    unit = get_object_or_404(Scope.of(request.user).units().select_related("parent"), pk=pk)
    assignments = Assignment.objects.visible_to(request.user).filter(
        pk__in=Assignment.objects.filter(Q(lead_unit=unit) | Q(supporting_units=unit)).values("pk")
    )
    activities = Activity.objects.visible_to(request.user).filter(unit=unit)
    return render(request, "org/unit_detail.html", {
        "unit": unit,
        "children": unit.children.order_by("name"),
        "aliases": unit.aliases.all(),
        "memberships": Membership.objects.filter(unit=unit).select_related("user")
        .order_by("role", "user__username"),
        "assignments": dashboard.with_states(assignments),
        "activities": dashboard.recent_activities(activities)[:20],
        "activity_count": activities.count(),
        "today": timezone.localdate(),
    })
