"""Background work of the plans app (django-tasks; see LOA_TASKS in settings).

:func:`read_plan_import` reads an uploaded plan document (OCR of scanned pages included), parses
it and proposes the units of its assignments; the import page shows its progress from the
:class:`~loa.plans.models.PlanImport` row and then the review."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django_tasks import task

from .importer import propose
from .models import PlanImport, PlanImportStatus

logger = logging.getLogger(__name__)


def document_json(doc) -> dict:
    """What the review page shows of the document as read: its lines with their places."""
    return {
        "kind": doc.kind,
        "repaired": doc.repaired,
        "warnings": list(doc.warnings),
        "pages": [
            {"number": page.number, "ocr": page.ocr,
             "lines": [{"n": line.number, "text": line.text,
                        "bbox": list(line.bbox) if line.bbox else None,
                        "raw": line.raw if line.raw and line.raw != line.text else None}
                       for line in page.lines]}
            for page in doc.pages
        ],
    }


def run_import(plan_import: PlanImport) -> PlanImport:
    """Read, parse and match ``plan_import``'s file, recording progress and the outcome."""
    from loa.documents import DocumentError, parse_document, read_document

    plan_import.status = PlanImportStatus.READING
    plan_import.progress_message = "reading"
    plan_import.save(update_fields=["status", "progress_message", "updated_at"])
    last_saved = [0.0]

    def progress(done, total, message=""):
        now = time.monotonic()
        if now - last_saved[0] < 0.5 and done < total:
            return
        last_saved[0] = now
        PlanImport.objects.filter(pk=plan_import.pk).update(
            progress_done=done, progress_total=total, progress_message=str(message)[:255])

    try:
        with plan_import.original_file.open("rb") as handle:
            data = handle.read()
        doc = read_document(
            data, filename=plan_import.filename, progress=progress,
            max_pages=getattr(settings, "LOA_MAX_DOCUMENT_PAGES", 100),
            max_bytes=settings.LOA_MAX_UPLOAD_MB * 1024 * 1024,
        )
        parsed = parse_document(doc).to_json()
        plan_import.document = document_json(doc)
        plan_import.parsed = parsed
        plan_import.proposal = propose(parsed)
        plan_import.status = PlanImportStatus.READY
        plan_import.error_code = plan_import.error_message = ""
    except DocumentError as error:
        plan_import.status = PlanImportStatus.FAILED
        plan_import.error_code = error.code
        plan_import.error_message = str(error.message)
        plan_import.progress_message = ""
        plan_import.document = {"params": {k: v for k, v in error.params.items()
                                           if isinstance(v, (int, str, float))}}
    except Exception:  # noqa: BLE001 - the person sees a message, the log has the trace
        logger.exception("reading plan import %s failed", plan_import.pk)
        plan_import.status = PlanImportStatus.FAILED
        plan_import.error_code = "internal"
        plan_import.error_message = "unexpected error (see the server log)"
    plan_import.save()
    return plan_import


@task()
def read_plan_import(import_id: int) -> str:
    plan_import = PlanImport.objects.filter(pk=import_id).first()
    if plan_import is None or plan_import.status not in {PlanImportStatus.QUEUED,
                                                         PlanImportStatus.READING}:
        return "skipped"
    return run_import(plan_import).status
