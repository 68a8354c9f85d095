"""A plan's page, its dashboard and its original document."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils import formats
from django.utils.translation import gettext as _

from loa.plans import dashboard
from loa.plans.models import Assignment, Plan

from .http import private_file

ITEM_ROWS_SHOWN = 30  # a plan item lists its assignments when it has at most this many
OVERDUE_SHOWN = 100  # the dashboard lists this many overdue assignments (the oldest first)


@login_required
def plan_detail(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("issuer"), pk=pk)
    assignments = dashboard.with_states(
        Assignment.objects.visible_to(request.user).filter(plan=plan), supporting=True, plan=plan
    )
    by_item = {}
    for assignment in assignments:
        by_item.setdefault(assignment.item_id, []).append(assignment)
    expanded = request.GET.get("item", "")
    items = []
    for item in plan.items.all():
        rows = by_item.get(item.pk, [])
        # An item given to every commune has hundreds of rows: list them on request only.
        shown = len(rows) <= ITEM_ROWS_SHOWN or expanded == str(item.pk)
        items.append({"item": item, "assignments": rows if shown else [], "count": len(rows),
                      "totals": dashboard.state_totals(rows)})
    return render(request, "plans/plan_detail.html", {
        "plan": plan,
        "references": plan.references.all(),
        "themes": [_theme_body(theme) for theme in plan.themes.all()],
        "items": items,
        "totals": dashboard.state_totals(assignments),
        "editable": Plan.objects.editable_by(request.user).filter(pk=plan.pk).exists(),
    })


def _theme_body(theme) -> tuple[str, str]:
    """A theme's heading and body, nothing printed twice: a theme written as one paragraph has
    the start of its text (shortened with "…") for title, so only the text is shown; a text
    that repeats its title is shown without it."""
    text, title = (theme.text or "").strip(), (theme.title or "").strip()
    start = title.rstrip("…").rstrip()
    if title.endswith("…") and text.startswith(start):
        return "", text
    if text == title:
        return title, ""
    if title and text.startswith(title):
        return title, text[len(title):].lstrip(" .:;,-–\n")
    return title, text


@login_required
def plan_dashboard(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    figures = dashboard.plan_dashboard(plan, request.user)
    chart = {
        "labels": [formats.date_format(day, "SHORT_DATE_FORMAT") for day, _n in figures.weeks],
        "values": [n for _monday, n in figures.weeks],
        "label": _("Activities per week"),
    }
    return render(request, "plans/plan_dashboard.html", {
        "plan": plan, "figures": figures, "chart": chart,
        "overdue_limit": OVERDUE_SHOWN, "overdue_shown": f":{OVERDUE_SHOWN}",
    })




@login_required
def plan_original(request, pk):
    """The plan's original document, to whoever sees the plan."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    return private_file(plan.original_file)
