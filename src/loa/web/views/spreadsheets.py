"""Spreadsheet pages: the import template, the import itself (upload → check → import, or show
the errors and let the person confirm the valid rows), and the export of a plan's activities.

Rows always come through the shared access mechanism: the template and the parser use
``Assignment.objects.recordable_by``, the export ``Plan/Activity.objects.visible_to``.
"""

import re
import secrets
import time
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from loa.org.access import Scope
from loa.plans.models import Plan
from loa.plans.spreadsheet import (
    COLUMNS,
    ImportRefused,
    build_template,
    import_activities,
    parse_activities,
    write_plan_activities,
)

from .http import XLSX_TYPE, attachment, request_too_large, upload_limit_bytes, xlsx_download

TEMPLATE_FILENAME = "Mẫu nhập hoạt động tuyên truyền.xlsx"
SESSION_KEY = "loa_xlsx_import"
TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")
STALE_AFTER_SECONDS = 24 * 3600
MULTIPART_SLACK = 256 * 1024  # form fields and boundaries around the file


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX_TYPE}),
        error_messages={"required": gettext_lazy("Choose the .xlsx file to upload."),
                        "empty": gettext_lazy("The file is empty.")},
    )


def _require_recorder(request):
    """Only people who record work for some unit import it (the one rule,
    :meth:`Scope.can_record`: an inspector records the inspectorate's own tasks, a viewer
    nothing). Anyone else gets 404, the one answer for a refusal (as the plan import and every
    object outside a person's scope)."""
    if not Scope.of(request.user).can_record:
        raise Http404


def _too_large_message():
    return _("The file is too large; the limit is %(limit)s MB.") % {
        "limit": settings.LOA_MAX_UPLOAD_MB}


# --- the file kept between the check and the confirmation ----------------------------------------
def _uploads_dir() -> Path:
    path = Path(settings.DATA_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _pending(request):
    """The waiting upload of this person: (path, info) or (None, None). The path is built from a
    random token kept in the session, never from anything the browser sends."""
    info = request.session.get(SESSION_KEY)
    if not isinstance(info, dict):
        return None, None
    token = str(info.get("token", ""))
    if not TOKEN.match(token) or info.get("user") != request.user.pk:
        request.session.pop(SESSION_KEY, None)
        return None, None
    return _uploads_dir() / f"{token}.xlsx", info


def _discard(request):
    path, _info = _pending(request)
    if path is not None:
        path.unlink(missing_ok=True)
    request.session.pop(SESSION_KEY, None)


def _keep(request, data: bytes, name: str):
    _discard(request)
    _remove_stale()
    token = secrets.token_urlsafe(24)
    (_uploads_dir() / f"{token}.xlsx").write_bytes(data)
    request.session[SESSION_KEY] = {"token": token, "user": request.user.pk, "name": name[:200]}


def _remove_stale():
    """Uploads nobody confirmed or cancelled are removed after a day."""
    cutoff = time.time() - STALE_AFTER_SECONDS
    for path in _uploads_dir().glob("*.xlsx"):
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
        except OSError:
            pass


# --- pages ---------------------------------------------------------------------------------------
@login_required
@require_GET
def activity_import_template(request):
    _require_recorder(request)
    response = HttpResponse(build_template(request.user), content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment(TEMPLATE_FILENAME)
    response["Cache-Control"] = "private, no-store"
    return response


def _success_target(request):
    return "home" if Scope.of(request.user).is_department else "my_unit"


def _imported_message(count):
    return ngettext("Imported %(n)s activity.", "Imported %(n)s activities.", count) % {
        "n": count}


def _render_form(request, form=None, file_errors=(), status=200):
    return render(request, "activities/import.html", {
        "form": form or UploadForm(),
        "file_errors": [str(e) for e in file_errors],
        "max_upload_mb": settings.LOA_MAX_UPLOAD_MB,
        "max_rows": settings.LOA_MAX_IMPORT_ROWS,
        "columns": COLUMNS,
    }, status=status)


def _render_preview(request, result, name, status=200, warning=None):
    rows = []
    for row in result.rows:
        bad = row.error_columns
        rows.append({
            "number": row.number,
            "ok": row.ok,
            "cells": [(row.values.get(c.key, ""), c.key in bad, c.header) for c in COLUMNS],
            "errors": [str(e) for e in row.errors],
        })
    return render(request, "activities/import_preview.html", {
        "name": name,
        "result": result,
        "rows": rows,
        "columns": COLUMNS,
        "valid_count": len(result.valid_rows),
        "invalid_count": len(result.invalid_rows),
        "warning": warning,
    }, status=status)


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def activity_import(request):
    _require_recorder(request)
    if request.method == "GET":
        return _render_form(request)
    if request_too_large(request, slack=MULTIPART_SLACK):
        # Refuse before reading the body.
        return _render_form(request, file_errors=[_too_large_message()], status=413)
    action = request.POST.get("action", "upload")
    if action == "confirm":
        return _confirm(request)
    if action == "cancel":
        _discard(request)
        messages.info(request, _("Import cancelled; nothing was imported."))
        return redirect("activity_import")
    return _upload(request)


def _upload(request):
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_form(request, form, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > upload_limit_bytes():
        return _render_form(request, form, file_errors=[_too_large_message()], status=413)
    data = upload.read()
    result = parse_activities(data, request.user)
    if result.errors:
        return _render_form(request, UploadForm(), file_errors=result.errors, status=400)
    if result.ok:
        try:
            count = import_activities(result, request.user)
        except ImportRefused as refused:
            return _render_form(request, UploadForm(), file_errors=[refused.message], status=409)
        messages.success(request, _imported_message(count))
        return redirect(_success_target(request))
    _keep(request, data, upload.name or "")
    return _render_preview(request, result, upload.name)


def _confirm(request):
    path, info = _pending(request)
    if path is None or not path.exists():
        _discard(request)
        messages.error(request, _("No file is waiting to be imported; upload it again."))
        return redirect("activity_import")
    result = parse_activities(path, request.user)
    if result.errors:
        _discard(request)
        return _render_form(request, file_errors=result.errors, status=400)
    valid = len(result.valid_rows)
    if str(valid) != request.POST.get("valid_count", ""):
        # Something changed since the person looked (another import, a closed plan): show the
        # rows again rather than import a different set than the one confirmed.
        return _render_preview(request, result, info.get("name", ""), status=409, warning=_(
            "The file was checked again and the result changed; review the rows below."))
    try:
        count = import_activities(result, request.user, include_partial=True)
    except ImportRefused as refused:
        _discard(request)
        messages.error(request, refused.message)
        return redirect("activity_import")
    _discard(request)
    if count:
        messages.success(request, _imported_message(count))
        return redirect(_success_target(request))
    messages.warning(request, _("The file has no valid rows; nothing was imported."))
    return redirect("activity_import")


@login_required
@require_GET
def plan_activities_export(request, pk):
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    return xlsx_download(lambda out: write_plan_activities(plan, request.user, out),
                         _("Activities"), plan.code)
