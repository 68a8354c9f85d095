"""Web pages. Views stay thin: rows come from the scoped querysets (``visible_to`` /
``editable_by``) or :class:`~loa.org.access.Scope`, figures from :mod:`loa.plans.dashboard`."""

import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponse, HttpResponseServerError
from django.shortcuts import get_object_or_404, redirect, render
from django.template import loader
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from loa import vitext
from loa.org.access import Scope
from loa.org.models import Membership, Unit
from loa.plans import dashboard
from loa.plans.models import Activity, Assignment, Plan, PlanStatus

from .forms import ActivityForm

UNITS_PER_PAGE = 100
ITEM_ROWS_SHOWN = 30  # a plan item lists its assignments when it has at most this many
OVERDUE_SHOWN = 100  # the dashboard lists this many overdue assignments (the oldest first)
INLINE_EVIDENCE = {".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp3", ".mp4", ".m4a",
                   ".wav"}


# --- signing in and out ------------------------------------------------------------------------
class LoginView(auth_views.LoginView):
    """Django's login (which passes ``request`` to ``authenticate``, as django-axes needs)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """Log out by POST (the form in the top bar)."""


def root(request):
    return redirect("home" if request.user.is_authenticated else "login")


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


# --- plans ---------------------------------------------------------------------------------------
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
        "themes": plan.themes.all(),
        "items": items,
        "totals": dashboard.state_totals(assignments),
    })


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


# --- assignments and activities ------------------------------------------------------------------
@login_required
def assignment_detail(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.visible_to(request.user).with_period_activity(timezone.localdate())
        .select_related("plan", "item", "lead_unit", "group")
        .prefetch_related("supporting_units"),
        pk=pk,
    )
    activities = (
        Activity.objects.visible_to(request.user).filter(assignment=assignment)
        .select_related("unit", "theme", "created_by")
    )
    can_edit = Assignment.objects.editable_by(request.user).filter(pk=assignment.pk).exists()
    can_complete = can_edit and (
        Assignment.objects.completable_by(request.user).filter(pk=assignment.pk).exists()
    )
    return render(request, "plans/assignment_detail.html", {
        "assignment": assignment,
        "state": assignment.status(),
        "activities": activities,
        "can_edit": can_edit,
        "can_complete": can_complete,
        "history": dashboard.change_history(assignment),
    })


@login_required
@require_POST
def assignment_complete(request, pk):
    with transaction.atomic():
        assignment = get_object_or_404(
            Assignment.objects.completable_by(request.user).select_for_update(), pk=pk
        )
        if assignment.completed_at is not None:
            messages.info(request, _("This assignment was already marked as completed."))
        else:
            assignment.completed_at = timezone.now()
            assignment.completion_note = request.POST.get("completion_note", "").strip()[:5000]
            assignment.save(update_fields=["completed_at", "completion_note"])
            messages.success(request, _("The assignment is marked as completed."))
    return redirect(assignment)


def _request_too_large(request, slack=1024 * 1024):
    """The request body announces more than an upload may be, plus ``slack`` bytes for the other
    form fields: refused before it is read."""
    limit = settings.LOA_MAX_UPLOAD_MB * 1024 * 1024 + slack
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return True


@login_required
def activity_create(request, pk):
    assignment = get_object_or_404(
        Assignment.objects.editable_by(request.user).select_related("plan", "item", "lead_unit")
        .prefetch_related("supporting_units"),
        pk=pk,
    )
    status, refused = 200, None
    if request.method == "POST" and _request_too_large(request):
        # Refuse before reading the body: the upload would be rejected anyway.
        refused = _("The request is too large: files may be at most %(limit)s MB.") % {
            "limit": settings.LOA_MAX_UPLOAD_MB}
        form, status = ActivityForm(assignment=assignment, user=request.user), 413
    elif request.method == "POST":
        form = ActivityForm(request.POST, request.FILES, assignment=assignment, user=request.user)
        if form.is_valid():
            with transaction.atomic():
                activity = form.save()
            messages.success(request,
                             _("Activity “%(title)s” recorded.") % {"title": activity.title})
            return redirect(assignment)
    else:
        form = ActivityForm(assignment=assignment, user=request.user)
    return render(request, "activities/activity_form.html",
                  {"assignment": assignment, "form": form, "refused": refused,
                   "max_upload_mb": settings.LOA_MAX_UPLOAD_MB}, status=status)


@login_required
@require_GET
def activity_evidence(request, pk):
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    return _private_file(activity.evidence)


@login_required
def plan_original(request, pk):
    """The plan's original document, to whoever sees the plan."""
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    return _private_file(plan.original_file)


def _private_file(field_file):
    """An uploaded file, served only after the caller checked the scope (media is never public):
    PDFs, images and sound open in the browser, in a sandbox; anything else downloads."""
    if not field_file:
        raise Http404
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    name = os.path.basename(field_file.name)
    inline = os.path.splitext(name)[1].lower() in INLINE_EVIDENCE
    response = FileResponse(handle, as_attachment=not inline, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- units ---------------------------------------------------------------------------------------
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


# --- health and errors ---------------------------------------------------------------------------
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")


def _error_page(status, title, text):
    """An error page from a standalone template, rendered without context processors or the
    database, so that it works even when what failed was the database or a context processor."""
    try:
        return loader.get_template("errors/error.html").render({
            "status": status, "title": title, "text": text,
        })
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        return format_html("<!doctype html><title>{}</title><h1>{}</h1><p>{}</p>", title, title,
                           text)


def page_not_found(request, exception=None):
    return HttpResponse(_error_page(
        404, _("Page not found"),
        _("The page does not exist, or it belongs to another unit and you may not see it."),
    ), status=404)


def server_error(request):
    return HttpResponseServerError(_error_page(
        500, _("Server error"),
        _("Something went wrong on our side. The error was recorded; please try again later."),
    ))


def permission_denied(request, exception=None):
    return HttpResponse(_error_page(
        403, _("Access denied"), _("You may not open this page."),
    ), status=403)


def bad_request(request, exception=None):
    return HttpResponse(_error_page(
        400, _("Bad request"),
        _("The request could not be understood (it may be too large or malformed)."),
    ), status=400)



def csrf_failure(request, reason=""):
    """A form sent after its page expired (or from elsewhere): say what to do, in the person's
    language, instead of Django's technical page."""
    return HttpResponse(_error_page(
        403, _("The form has expired"),
        _("For your security the form could not be accepted: it was open too long or sent from "
          "another site. Go back, reload the page and send it again."),
    ), status=403)
