"""Nhập kế hoạch: upload a plan document, follow its reading, review the proposal, confirm.

Only people who change the whole department's plans (administrators, department staff: the
shared :class:`~loa.org.access.Scope`) see these pages; everyone else gets 404, as for any
object outside their scope. The reading is a background job (kind "plan_import",
:mod:`loa.plans.jobs`) whose progress the page follows."""

from __future__ import annotations

import io
import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from loa.jobs import runner as jobs
from loa.org.access import Scope
from loa.org.models import Unit, UnitGroup
from loa.plans import importer
from loa.plans.importer import PlanImportError, default_choices
from loa.plans.jobs import PLAN_IMPORT, container_refusal
from loa.plans.models import (
    DOCUMENT_EXTENSIONS,
    PlanImport,
    PlanImportStatus,
    validate_upload_size,
)

from .http import private_file, request_too_large

IMAGE_KINDS = {"pdf-scan", "pdf", "image"}
PAGE_IMAGE_DPI = 110


def _imports(request):
    """The imports this person may see and act on (404 for anyone who may not)."""
    scope = Scope.of(request.user)
    if not scope.edits_all:
        raise Http404
    return PlanImport.objects.visible_to(request.user)


@login_required
def plan_import(request):
    imports = _imports(request)
    status, error = 200, None
    if request.method == "POST":
        if request_too_large(request):
            error, status = _("The request is too large: files may be at most %(limit)s MB.") % {
                "limit": settings.LOA_MAX_UPLOAD_MB}, 413
        else:
            upload = request.FILES.get("document")
            error = _check_upload(upload)
            if error is None:
                return redirect(_start_import(request, upload))
            status = 400
    return render(request, "plans/import_upload.html", {
        "imports": imports.select_related("plan", "created_by", "job")[:20],
        "error": error, "max_upload_mb": settings.LOA_MAX_UPLOAD_MB,
        "max_pages": getattr(settings, "LOA_MAX_DOCUMENT_PAGES", 100),
        "extensions": ", ".join(f".{e}" for e in DOCUMENT_EXTENSIONS if e != "doc"),
    }, status=status)


def _start_import(request, upload) -> PlanImport:
    """Keep the file and queue its reading."""
    with transaction.atomic():
        item = PlanImport(filename=os.path.basename(upload.name)[:255], created_by=request.user)
        item.original_file.save(upload.name, upload, save=False)
        item.save()
        item.job = jobs.create(PLAN_IMPORT, user=request.user,
                               next_url=item.get_absolute_url())
        item.save(update_fields=["job", "updated_at"])
        jobs.enqueue(item.job)
    return item


def _check_upload(upload) -> str | None:
    if upload is None:
        return _("Choose the plan's file first.")
    if upload.size == 0:
        return _("The file is empty.")
    try:
        validate_upload_size(upload)  # the same limit as every other upload
    except ValidationError as error:
        return error.messages[0]
    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    if extension == "doc":
        return _("Loa cannot read the old Word format (.doc): save the file as .docx and upload "
                 "it again.")
    if extension not in DOCUMENT_EXTENSIONS:
        return _("Loa reads .docx, PDF, images (.png, .jpg, .tif) and text files (.txt).")
    upload.seek(0)
    data = upload.read()  # within LOA_MAX_UPLOAD_MB (checked above)
    upload.seek(0)
    return container_refusal(data)  # a zip bomb or a locked file is never stored


@login_required
def plan_import_detail(request, pk):
    item = get_object_or_404(_imports(request).select_related("plan", "job"), pk=pk)
    if item.job is not None:
        jobs.refreshed(item.job)
    context = {"item": item, "job": item.job}
    if item.status == PlanImportStatus.FAILED:
        context["failure"] = item.job.failure_text() if item.job else ""
    elif item.status == PlanImportStatus.READY:
        context.update(_review_context(item))
    return render(request, "plans/import_detail.html", context)


def _review_context(item, choices=None, edited=None) -> dict:
    parsed = item.parsed or {}
    proposal = item.proposal or {}
    choices = choices if choices is not None else default_choices(proposal)
    units = {u.pk: u for u in Unit.objects.all()}
    groups = {g.pk: g for g in UnitGroup.objects.all()}
    rows = []
    for index, (entry, choice) in enumerate(zip(proposal.get("assignments", []), choices)):
        chosen_units = [units[i] for i in choice.get("units", []) if i in units]
        chosen_groups = [groups[i] for i in choice.get("groups", []) if i in groups]
        options = []
        for match in entry.get("matches", []):
            for candidate in match.get("candidates", []):
                if candidate.get("kind") == "unit" and candidate["id"] in units:
                    options.append(("unit", candidate["id"], candidate["name"],
                                    candidate["score"]))
                elif candidate.get("kind") == "group" and candidate["id"] in groups:
                    options.append(("group", candidate["id"], candidate["name"],
                                    candidate["score"]))
        rows.append({
            "index": index, "entry": entry, "matches": entry.get("matches", []),
            "units": chosen_units, "groups": chosen_groups, "options": options,
            "unit_ids": {u.pk for u in chosen_units}, "group_ids": {g.pk for g in chosen_groups},
            "unmatched": [m for m in entry.get("matches", []) if m.get("status") != "matched"]
                         or not entry.get("matches"),
        })
    doc = item.document or {}
    fields = {key: (edited or {}).get(key, parsed.get(key) or "")
              for key in importer.EDITABLE_FIELDS}
    return {
        "parsed": parsed, "rows": rows, "fields": fields,
        "pages": doc.get("pages", []), "doc_kind": doc.get("kind"),
        "show_images": doc.get("kind") in IMAGE_KINDS,
        "all_units": sorted(units.values(), key=lambda u: u.name),
        "all_groups": sorted(groups.values(), key=lambda g: g.name),
        "warnings": parsed.get("warnings") or [],
        "repaired": doc.get("repaired"), "reader_notes": doc.get("warnings") or [],
    }


@login_required
@require_POST
def plan_import_confirm(request, pk):
    item = get_object_or_404(_imports(request).select_related("job"), pk=pk)
    if item.status == PlanImportStatus.CONFIRMED and item.plan_id:
        return redirect(item.plan)
    if item.status != PlanImportStatus.READY:
        raise Http404
    count = len((item.parsed or {}).get("assignments") or [])
    post = request.POST
    choices, problems = importer.review_choices(
        picks=[post.getlist(f"a{i}-pick") for i in range(count)],
        typed=[post.getlist(f"a{i}-add") for i in range(count)],
        skips=[post.get(f"a{i}-skip") == "1" for i in range(count)])
    edited = {key: post.get(key, "").strip() for key in importer.EDITABLE_FIELDS}
    try:
        plan = importer.confirm_import(item, choices, edited, problems)
    except PlanImportError as error:
        context = {"item": item, "problems": error.messages,
                   **_review_context(item, choices=choices, edited=edited)}
        return render(request, "plans/import_detail.html", context, status=400)
    messages.success(request, _("Plan %(code)s was created with %(count)s assignment(s).")
                     % {"code": plan.code, "count": plan.assignments.count()})
    return redirect(plan)


@login_required
@require_GET
def plan_import_original(request, pk):
    item = get_object_or_404(_imports(request), pk=pk)
    return private_file(item.original_file)


@login_required
@require_GET
def plan_import_page(request, pk, page):
    """Page ``page`` of the uploaded PDF or image as a PNG, for the review's side-by-side view."""
    item = get_object_or_404(_imports(request), pk=pk)
    kind = (item.document or {}).get("kind")
    if kind not in IMAGE_KINDS or not 1 <= page <= len((item.document or {}).get("pages", [])):
        raise Http404
    try:
        png = _render_page(item, page)
    except Exception:  # noqa: BLE001 - a page that cannot be drawn is simply not shown
        raise Http404 from None
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _render_page(item, page: int) -> bytes:
    """The page as the reader sees it (loa.documents.page_image), sized for the screen."""
    from loa.documents import page_image

    with item.original_file.open("rb") as handle:
        image = page_image(handle.read(), page, dpi=PAGE_IMAGE_DPI)
    image.thumbnail((1400, 2000))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
