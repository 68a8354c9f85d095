"""The plans app's kinds of background work (:mod:`loa.jobs`), registered when the app loads.

"plan_import": read an uploaded plan document (OCR of scanned pages included), parse it and
propose the units of its assignments; the import page follows the job's progress, then shows
the review. A document the reader refuses fails the job with the reader's code and is not kept
on disk.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext_lazy

from loa.jobs import kinds
from loa.jobs.kinds import JobFailed, handler

from .importer import duplicate_of, read_plan
from .models import PlanImport

PLAN_IMPORT = "plan_import"

#: What the reader refuses (loa.documents codes), for people.
DOCUMENT_ERRORS = {
    "empty": gettext_lazy("The file is empty or no text could be read from it (a blank page, an "
                          "image with no writing)."),
    "encrypted": gettext_lazy("The file is protected by a password or encrypted. Save it without "
                              "a password and upload it again."),
    "corrupt": gettext_lazy("The file is damaged or is not what its name says; it cannot be "
                            "opened."),
    "unreadable": gettext_lazy("The file is damaged or is not what its name says; it cannot be "
                               "opened."),
    "old_office": gettext_lazy("This is an old Word 97–2003 file (.doc) or another old Office "
                               "file: open it in Word, save it as .docx and upload it again."),
    "unsupported": gettext_lazy("Loa cannot read this kind of file. Upload a .docx, a PDF, an "
                                "image (.png, .jpg, .tif) or a text file (.txt); save a .doc as "
                                ".docx first."),
    "too_large": gettext_lazy("The file is too large, or unpacks to far more data than a document "
                              "holds; it was not read."),
    "too_many_pages": gettext_lazy("The document has %(pages)s pages; Loa reads at most "
                                   "%(limit)s pages of a plan (LOA_MAX_DOCUMENT_PAGES)."),
    "ocr_unavailable": gettext_lazy("Text recognition (Tesseract with Vietnamese) is not installed "
                                    "on the server, so scans cannot be read. Ask the "
                                    "administrator to install tesseract-ocr and "
                                    "tesseract-ocr-vie."),
    "duplicate": gettext_lazy("This plan (%(plan_code)s of %(date)s) has already been imported; "
                              "it was not read a second time. Open it from the list of plans."),
    "internal": gettext_lazy("Reading the document failed unexpectedly. The administrator can "
                             "find the details in the server log."),
}


def container_refusal(data: bytes) -> str | None:
    """Why an uploaded .docx (or an Office file passing for one) is refused before it is even
    stored, in words for people; None when it is not a container or passes the shared guard
    (:mod:`loa.documents.container`)."""
    from loa.documents import DOCX_LIMITS, ContainerError, check_ole, check_zip, is_ole

    try:
        if is_ole(data):
            check_ole(data, label="document")
        elif data.startswith(b"PK"):
            check_zip(data, DOCX_LIMITS, label=".docx")
    except ContainerError as refused:
        return kinds.message(PLAN_IMPORT, refused.code, refused.params)
    return None


def document_json(doc) -> dict:
    """What the review page shows of the document as read: its lines with their places, and
    the words of each to check (``marks``, :func:`loa.vitext.review.mark_words`: changed by the
    text engine, or no Vietnamese word)."""
    from loa.vitext.review import mark_words

    return {
        "kind": doc.kind,
        "repaired": doc.repaired,
        "warnings": list(doc.warnings),
        "pages": [
            {"number": page.number, "ocr": page.ocr,
             "lines": [{"n": line.number, "text": line.text,
                        "bbox": list(line.bbox) if line.bbox else None,
                        "raw": line.raw if line.raw and line.raw != line.text else None,
                        "marks": [m.to_json() for m in mark_words(line.text, line.raw)]}
                       for line in page.lines]}
            for page in doc.pages
        ],
    }


@handler(PLAN_IMPORT, errors=DOCUMENT_ERRORS, running=gettext_lazy("Reading the document…"),
         steps=gettext_lazy("page %(done)s of %(total)s"))
def read_plan_import(job, progress) -> dict:
    """Read, parse and match the document of the job's import; the proposal is saved on the
    import. A refused document is deleted from disk (the import keeps its name)."""
    from loa.documents import DocumentError

    plan_import = PlanImport.objects.get(job=job)
    progress(0, 0, "reading")
    try:
        with plan_import.original_file.open("rb") as handle:
            doc, parsed, proposal = read_plan(
                handle, filename=plan_import.filename, progress=progress,
                max_bytes=settings.LOA_MAX_UPLOAD_MB * 1024 * 1024)
    except DocumentError as error:
        plan_import.original_file.delete(save=True)
        raise JobFailed(error.code, str(error.message), **error.params) from error
    existing = duplicate_of(parsed.code, parsed.date) if parsed.code else None
    if existing is not None:  # refused now, not after a review at "Xác nhận"
        plan_import.original_file.delete(save=True)
        raise JobFailed("duplicate", f"plan {existing.code} exists (id {existing.pk})",
                        plan_code=existing.code, plan=existing.pk,
                        date=existing.issued_on.strftime("%d/%m/%Y") if existing.issued_on
                        else "—")
    plan_import.document = document_json(doc)
    plan_import.parsed = parsed.to_json()
    plan_import.proposal = proposal
    plan_import.save(update_fields=["document", "parsed", "proposal", "updated_at"])
    return {"assignments": len(parsed.assignments),
            "unmatched": plan_import.proposal.get("unmatched", 0)}
