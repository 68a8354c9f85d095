"""The unit directory (open to everyone signed in) and a unit's page (scoped)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, When
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from loa.org.access import Scope
from loa.org.models import Membership, Unit, UnitKind
from loa.plans import dashboard
from loa.plans.models import Activity, Assignment

UNITS_PER_PAGE = 100


# Top-level branches holding the administrative map (districts with their communes, or communes
# directly under the province since 2025): listed after the city's own bodies and press.
ADMINISTRATIVE_KINDS = [UnitKind.DISTRICT, UnitKind.COMMUNE]


def key_units_first(units):
    """Tree order, with the city's own bodies (people's committee, departments, press) before
    the districts and communes: a unit is ranked by the branch under its root it belongs to."""
    branches = [path for path in Unit.objects.filter(
        parent__parent__isnull=True, parent__isnull=False, kind__in=ADMINISTRATIVE_KINDS,
    ).values_list("path", flat=True)]
    if not branches:
        return units
    return units.alias(branch_path=Substr("path", 1, BRANCH_PATH_LENGTH)).alias(
        administrative=Case(When(branch_path__in=branches, then=1), default=0,
                            output_field=IntegerField()),
    ).order_by("administrative", "path")


# "/00000001/00000005/": a root's child's path (Unit.save writes 8-digit segments).
BRANCH_PATH_LENGTH = 19


@login_required
def unit_directory(request):
    query = request.GET.get("q", "").strip()[:100]
    include_expired = request.GET.get("all") == "1"
    # The directory of units is open to everyone signed in; only the links to a unit's page
    # (its assignments and activities) depend on the person's scope.
    units = Unit.objects.all() if include_expired else Unit.objects.current()
    if query:
        units = units.filter(pk__in=Unit.objects.search(query).values("pk"))
    page = Paginator(key_units_first(units).select_related("parent").prefetch_related("aliases"),
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
