"""Session-wide test documents built from our transcription of plan 130/KH-STTTT
(``loa.documents.testdocs``): ``sample_docx``, ``sample_text_pdf``, ``sample_scan_pdf`` and
``sample_png`` are paths; ``scan_doc`` / ``png_doc`` are those read once (OCR is slow).
Other test packages can reuse them with ``pytest_plugins = ["tests.documents.conftest"]``
in their own conftest (top-level only) or by importing the fixtures."""

import shutil
import subprocess

import pytest

from loa.documents import testdocs


def tesseract_vie() -> bool:
    exe = shutil.which("tesseract")
    if not exe:
        return False
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, check=False)
    return "vie" in (out.stdout + out.stderr).split()


HAS_TESSERACT = tesseract_vie()
needs_tesseract = pytest.mark.skipif(
    not HAS_TESSERACT, reason="tesseract with Vietnamese data is not installed "
                              "(Debian: tesseract-ocr tesseract-ocr-vie)")


@pytest.fixture(scope="session")
def docs_dir(tmp_path_factory):
    try:
        testdocs.tinos()
    except FileNotFoundError as exc:
        pytest.skip(str(exc))
    return tmp_path_factory.mktemp("documents")


@pytest.fixture(scope="session")
def sample():
    return testdocs.load_sample()


@pytest.fixture(scope="session")
def sample_docx(docs_dir):
    return testdocs.build_docx(docs_dir / "130-KH-STTTT.docx")


@pytest.fixture(scope="session")
def sample_text_pdf(docs_dir):
    return testdocs.build_text_pdf(docs_dir / "130-KH-STTTT.pdf")


@pytest.fixture(scope="session")
def sample_scan_pdf(docs_dir, sample_text_pdf):
    return testdocs.build_scan_pdf(docs_dir / "130-KH-STTTT-scan.pdf", sample_text_pdf)


@pytest.fixture(scope="session")
def sample_png(docs_dir, sample_text_pdf):
    return testdocs.build_png(docs_dir / "130-KH-STTTT-p1.png", sample_text_pdf, page=1)


@pytest.fixture(scope="session")
def scan_progress():
    return []


@pytest.fixture(scope="session")
def scan_doc(sample_scan_pdf, scan_progress):
    """The scanned sample, OCR'd once for the session."""
    if not HAS_TESSERACT:
        pytest.skip("tesseract with Vietnamese data is not installed")
    from loa.documents import read_document

    return read_document(sample_scan_pdf, progress=lambda *args: scan_progress.append(args))


@pytest.fixture(scope="session")
def png_doc(sample_png):
    if not HAS_TESSERACT:
        pytest.skip("tesseract with Vietnamese data is not installed")
    from loa.documents import read_document

    return read_document(sample_png)
