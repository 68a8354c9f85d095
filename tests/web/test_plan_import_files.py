"""The import with real documents: our transcription of 130/KH-STTTT as a Word file and as a
scanned page (loa.documents.testdocs builds them)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from loa.plans.models import Plan, PlanImport, PlanImportStatus

from ..documents.conftest import (  # noqa: F401
    docs_dir,
    needs_tesseract,
    sample_docx,  # noqa: F401
    sample_png,
    sample_text_pdf,
)
from .test_plan_import import (  # noqa: F401
    confirm_data,
    people,  # noqa: F401
    people_hp,
)


def test_a_word_file_becomes_the_plan(client, people_hp, haiphong, sample_docx):  # noqa: F811
    client.force_login(people_hp["staff"])
    client.post("/plans/import/", {"document": SimpleUploadedFile(
        "130-KH-STTTT.docx", sample_docx.read_bytes())})
    item = PlanImport.objects.get()
    assert item.status == PlanImportStatus.READY, item.job.error_message
    assert item.document["kind"] == "docx"
    proposal = item.proposal["assignments"]
    assert [a["item"] for a in proposal] == ["1", "2", "3", "4", "5", "6.1", "6.2", "6.3"]
    assert all(m["status"] == "matched" for a in proposal for m in a["matches"])
    response = client.post(f"/plans/import/{item.pk}/confirm/", confirm_data(item))
    plan = Plan.objects.get()
    assert response.status_code == 302
    assert plan.issued_on.isoformat() == "2020-09-08" and plan.signer_name == "Lê Văn Kiên"
    assert plan.original_file.name.endswith(".docx")
    assert client.get(f"/plans/{plan.pk}/original/").status_code == 200


@needs_tesseract
def test_a_scanned_page_is_read_and_shown_beside_the_proposal(client, people, sample_png):  # noqa: F811
    client.force_login(people["staff"])
    client.post("/plans/import/", {"document": SimpleUploadedFile(
        "trang-1.png", sample_png.read_bytes())})
    item = PlanImport.objects.get()
    assert item.status == PlanImportStatus.READY, item.job.error_message
    assert item.document["kind"] == "image" and item.parsed["code"] == "130/KH-STTTT"
    page = client.get(f"/plans/import/{item.pk}/").content.decode()
    assert f'src="/plans/import/{item.pk}/pages/1.png"' in page
    image = client.get(f"/plans/import/{item.pk}/pages/1.png")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(image.content)).size[0] > 500
    assert client.get(f"/plans/import/{item.pk}/pages/2.png").status_code == 404
