"""Nhập kế hoạch: upload a plan document, follow its reading, review the proposal, confirm.

Only people who change the whole department's plans (administrators, department staff: the
shared :class:`~loa.org.access.Scope`) see these pages; everyone else gets 404, as for any
object outside their scope. The reading is a background job (kind "plan_import",
:mod:`loa.plans.jobs`) whose progress the page follows."""

from __future__ import annotations

import datetime as dt
import io
import os

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.timezone import localdate as today
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
    Channel,
    Plan,
    PlanImport,
    PlanImportStatus,
    PlanStatus,
    ReportingPeriod,
    validate_upload_size,
)
from loa.plans.status import default_tracking_start
from loa.vocab import channels as channel_vocab

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
        if item.job and item.job.error_code == "duplicate":
            context["duplicate_plan"] = Plan.objects.filter(
                pk=(item.job.error_params or {}).get("plan")).first()
    elif item.status == PlanImportStatus.READY:
        context.update(_review_context(item))
    return render(request, "plans/import_detail.html", context)


def _day(value) -> str:
    """An ISO date of the parsed JSON (or a date) as dd/mm/yyyy; "" for none."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value)
        except ValueError:
            return value
    return value.strftime("%d/%m/%Y")


def _marked(line: dict):
    """A line of the document as HTML, the words to check wrapped in <mark> (unsure: no
    Vietnamese word; changed: the text engine replaced it, what it read first in the title)."""
    text = line.get("text") or ""
    parts, pos = [], 0
    for mark in line.get("marks") or []:
        start, end = mark.get("start", 0), mark.get("end", 0)
        if start < pos or end > len(text):
            continue
        parts.append(escape(text[pos:start]))
        if mark.get("unsure"):
            parts.append(format_html('<mark class="loa-unsure" title="{}">{}</mark>',
                                     _("Not a Vietnamese word: check it"), text[start:end]))
        else:
            parts.append(format_html('<mark class="loa-changed" title="{}">{}</mark>',
                                     _("Read as “%(word)s”, corrected by Loa")
                                     % {"word": mark.get("was") or ""}, text[start:end]))
        pos = end
    parts.append(escape(text[pos:]))
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 - every part escaped above


def channel_label(code: str) -> str:
    """A channel or a family of channels in words (:mod:`loa.vocab.channels`, one label each
    everywhere)."""
    if code in Channel.values:
        return str(Channel(code).label)
    family = channel_vocab.family(code)
    return capfirst(_(family.name_en)) if family else code


def _channel_options():
    return [(c.code, channel_label(c.code)) for c in channel_vocab.FAMILIES] + \
        [(c.code, channel_label(c.code)) for c in channel_vocab.CHANNELS]


def _review_context(item, choices=None, edited=None) -> dict:
    parsed = item.parsed or {}
    proposal = item.proposal or {}
    choices = choices if choices is not None else default_choices(proposal)
    units = {u.pk: u for u in Unit.objects.all()}
    groups = {g.pk: g for g in UnitGroup.objects.all()}
    issued_on = _parsed_date(parsed.get("date"))
    member_ids: dict[int, set[int]] = {}

    def members(group):
        if group.pk not in member_ids:
            member_ids[group.pk] = set(group.members(issued_on).values_list("pk", flat=True))
        return member_ids[group.pk]

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
        becomes = {u.pk for u in chosen_units}
        for group in chosen_groups:
            group.count = len(members(group))
            becomes |= members(group)
        deadline = choice["deadline"] if "deadline" in choice else entry.get("deadline")
        rows.append({
            "index": index, "entry": entry, "matches": entry.get("matches", []),
            "units": chosen_units, "groups": chosen_groups, "options": options,
            "unit_ids": {u.pk for u in chosen_units}, "group_ids": {g.pk for g in chosen_groups},
            "unmatched": [m for m in entry.get("matches", []) if m.get("status") != "matched"]
                         or not entry.get("matches"),
            "becomes": len(becomes), "skip": choice.get("skip", False),
            "deadline": _day(deadline),
            "period": choice.get("period") or ReportingPeriod.MONTH,
            "channels": choice.get("channels", entry.get("channels") or []),
        })
    doc = item.document or {}
    fields = {key: (edited or {}).get(key, parsed.get(key) or "")
              for key in importer.EDITABLE_FIELDS + importer.PLAN_DATES}
    if not edited:
        fields["date"] = _day(parsed.get("date"))
        starts, ends = importer.implementation_period(parsed.get("text") or "")
        fields.update(starts_on=_day(starts), ends_on=_day(ends),
                      tracking_starts_on=_day(default_tracking_start(issued_on)))
    signer = parsed.get("signer") or {}
    parsed = {**parsed, "references": [{**ref, "day": _day(ref.get("date"))}
                                       for ref in parsed.get("references") or []]}
    return {
        "parsed": parsed, "rows": rows, "fields": fields,
        "pages": [{**page, "lines": [{**line, "html": _marked(line),
                                      "rows": min(6, len(line.get("text") or "") // 70 + 1)}
                                     for line in page.get("lines", [])]}
                  for page in doc.get("pages", [])],
        "doc_kind": doc.get("kind"),
        "show_images": doc.get("kind") in IMAGE_KINDS,
        "all_units": sorted(units.values(), key=lambda u: u.name),
        "all_groups": sorted(groups.values(), key=lambda g: g.name),
        "warnings": parsed.get("warnings") or [],
        "repaired": doc.get("repaired"), "reader_notes": doc.get("warnings") or [],
        "signer_lines": [line for line in (signer.get("authority"), signer.get("title"),
                                           signer.get("name")) if line],
        "doc_type_name": parsed.get("doc_type_name") or parsed.get("doc_type") or "",
        "issued_on": issued_on, "old_plan": issued_on is not None and issued_on < today(),
        "channel_options": _channel_options(), "periods": ReportingPeriod.choices,
        "unsure_count": sum(1 for page in doc.get("pages", []) for line in page.get("lines", [])
                            for m in line.get("marks") or [] if m.get("unsure")),
    }


def _parsed_date(value):
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _corrections(post) -> dict[tuple[int, int], str]:
    """The lines the reviewer corrected: fields "line-<page>-<number>"."""
    found = {}
    for key in post:
        parts = key.split("-")
        if len(parts) == 3 and parts[0] == "line" and parts[1].isdigit() and parts[2].isdigit():
            found[(int(parts[1]), int(parts[2]))] = post.get(key, "")[:2000]
    return found


@login_required
@require_POST
def plan_import_confirm(request, pk):
    item = get_object_or_404(_imports(request).select_related("job"), pk=pk)
    if item.status == PlanImportStatus.CONFIRMED and item.plan_id:
        return redirect(item.plan)
    if item.status != PlanImportStatus.READY:
        raise Http404
    before = item.parsed or {}
    count = len(before.get("assignments") or [])
    post = request.POST
    choices, problems = importer.review_choices(
        picks=[post.getlist(f"a{i}-pick") for i in range(count)],
        typed=[post.getlist(f"a{i}-add") for i in range(count)],
        skips=[post.get(f"a{i}-skip") == "1" for i in range(count)],
        deadlines=[post.get(f"a{i}-deadline") for i in range(count)],
        periods=[post.get(f"a{i}-period") for i in range(count)],
        channels=[post.getlist(f"a{i}-channel") if f"a{i}-channels-shown" in post else None
                  for i in range(count)])
    edited = {key: post.get(key, "").strip()
              for key in importer.EDITABLE_FIELDS + importer.PLAN_DATES}
    if importer.correct_lines(item, _corrections(post)):
        # read again with the corrections: fields the reviewer left as read take the new text
        after = item.parsed or {}
        for key in importer.EDITABLE_FIELDS:
            shown = _day(before.get(key)) if key == "date" else (before.get(key) or "")
            if edited.get(key, "") == shown:
                edited[key] = _day(after.get(key)) if key == "date" else (after.get(key) or "")
        if len(after.get("assignments") or []) != count:
            choices = None
            messages.warning(request, _("The corrections changed the document's items: the "
                                        "units, deadlines and channels are proposed afresh."))
        messages.info(request, _("Loa read the document again with your corrections. Check the "
                                 "plan, then confirm it or save it as a draft."))
        context = {"item": item, "corrected": True,
                   **_review_context(item, choices=choices, edited=edited)}
        return render(request, "plans/import_detail.html", context)
    draft = post.get("action") == "draft"
    try:
        plan = importer.confirm_import(item, choices, edited, problems,
                                       status=PlanStatus.DRAFT if draft else PlanStatus.ACTIVE)
    except PlanImportError as error:
        context = {"item": item, "problems": error.messages,
                   **_review_context(item, choices=choices, edited=edited)}
        return render(request, "plans/import_detail.html", context, status=400)
    if draft:
        messages.success(request, _("Plan %(code)s was saved as a draft with %(count)s "
                                    "assignment(s); units do not see it until it is issued.")
                         % {"code": plan.code, "count": plan.assignments.count()})
    else:
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
