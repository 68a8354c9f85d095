"""A plan's page, its dashboard and its original document."""


from django.contrib.auth.decorators import login_required
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from loa.plans import dashboard
from loa.plans.models import Assignment, Plan
from loa.plans.spreadsheet import write_dashboard

from .http import private_file, xlsx_download

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


def _dashboard_figures(request, plan):
    """The dashboard's figures for ``request`` (its GET filters), or the refusal of a filter."""
    try:
        filters = dashboard.Filters.from_query(request.GET)
    except dashboard.FilterError as error:
        return None, str(error)
    return dashboard.plan_dashboard(plan, request.user, filters=filters), None


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
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("issuer"),
                             pk=pk)
    figures, refusal = _dashboard_figures(request, plan)
    if refusal:
        return render(request, "plans/plan_dashboard.html",
                      {"plan": plan, "refusal": refusal}, status=400)
    states = [state for state, _n in figures.totals]
    charts = {
        "weekly": {
            "labels": [formats.date_format(day, "SHORT_DATE_FORMAT") for day, _n in figures.weeks],
            "values": [n for _monday, n in figures.weeks],
            "label": _("Activities per week"),
        },
        "channels": {
            "labels": [str(channel.label) for channel, _n in figures.by_channel],
            "values": [n for _channel, n in figures.by_channel],
            "label": _("Activities"),
        },
        "kinds": {
            "labels": [row.label for row in figures.by_kind],
            "series": [{"label": str(state.label), "state": state.value,
                        "values": [row.counts.get(state, 0) for row in figures.by_kind]}
                       for state in states],
        },
    }
    return render(request, "plans/plan_dashboard.html", {
        "plan": plan, "figures": figures, "charts": charts,
        "filters": figures.filters, "states": states,
        "sorts": [("unit", _("By unit")), ("state", _("By completion (lowest first)")),
                  ("late", _("By lateness (latest first)")),
                  ("activities", _("By number of activities"))],
        "overdue_limit": OVERDUE_SHOWN, "overdue_shown": f":{OVERDUE_SHOWN}",
        "city_value": dashboard.CITY,
    })


@login_required
@require_GET
def plan_dashboard_export(request, pk):
    """What the dashboard shows, with the same filters, as .xlsx."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user).select_related("issuer"),
                             pk=pk)
    figures, refusal = _dashboard_figures(request, plan)
    if refusal:
        return HttpResponseBadRequest(refusal, content_type="text/plain; charset=utf-8")
    return xlsx_download(lambda out: write_dashboard(plan, figures, out), _("Dashboard"),
                         plan.code)


@login_required
def plan_original(request, pk):
    """The plan's original document, to whoever sees the plan."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    return private_file(plan.original_file)
