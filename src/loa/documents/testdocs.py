"""Test documents made from our transcription of plan 130/KH-STTTT (``samples/130-KH-STTTT.txt``),
laid out as Decree 30 wants: a .docx, a text-layer PDF, a scanned (image-only) PDF and a PNG page,
plus the bad inputs the reader must refuse. Used by ``tests/documents`` and
``python -m benchmarks.documents``; needs python-docx, fpdf2 (a test dependency) and Pillow,
imported when a builder runs.

Fonts: Tinos (metric-compatible with Times New Roman; Debian fonts-croscore).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "SAMPLE_OCR_TXT", "SAMPLE_TXT", "Sample", "build_docx", "build_encrypted_pdf",
    "build_many_pages_pdf", "build_ole", "build_png", "build_scan_pdf", "build_text_pdf",
    "build_zip_bomb_docx", "load_sample", "scan_images", "tinos",
]

SAMPLES = Path(__file__).resolve().parent / "samples"
SAMPLE_TXT = SAMPLES / "130-KH-STTTT.txt"
SAMPLE_OCR_TXT = SAMPLES / "130-KH-STTTT.ocr.txt"

TINOS = "/usr/share/fonts/truetype/croscore/Tinos-{}.ttf"
_HEADING = re.compile(r"^(?:[IVX]+\.|\d+(?:\.\d+)*\.)\s")


def tinos(style: str = "Regular") -> str:
    """The Tinos font file ("Regular", "Bold", "Italic", "BoldItalic")."""
    path = TINOS.format(style)
    if not Path(path).exists():
        raise FileNotFoundError(f"{path} is missing: apt-get install fonts-croscore")
    return path


@dataclass
class Sample:
    """The parts of the sample plan, as a Decree 30 layout places them."""

    left: list[str]  # issuer, issuing body, number
    right: list[str]  # national motto, place and date
    title: str
    summary: str
    body: list[str]  # paragraphs and headings, in order
    recipients: list[str]  # "Nơi nhận:" and its dash lines
    signer: list[str]  # authority, title, name
    lines: list[str] = field(default_factory=list)  # every non-blank line of the transcription

    @staticmethod
    def is_heading(text: str) -> bool:
        return len(text) < 130 and bool(_HEADING.match(text))


def load_sample(path: Path = SAMPLE_TXT) -> Sample:
    blocks = [b.splitlines() for b in path.read_text(encoding="utf-8").strip().split("\n\n")]
    header, number_date, title_summary, *body_blocks = blocks
    recipients = body_blocks[-2]
    signer = body_blocks[-1]
    body = [line for block in body_blocks[:-2] for line in block]
    return Sample(
        left=[header[0], header[1], number_date[0]],
        right=[header[2], header[3], number_date[1]],
        title=title_summary[0],
        summary=" ".join(title_summary[1:]),
        body=body,
        recipients=recipients,
        signer=signer,
        lines=[line for block in blocks for line in block if line.strip()],
    )


# ---------------------------------------------------------------------------------------------
# .docx


def build_docx(path: Path, sample: Sample | None = None,
               page_break_before: str | None = None) -> Path:
    """The sample as Word would hold it: a borderless 2-column header table, the title and the
    summary centred in bold, bold headings, justified paragraphs, and the final 2-column table
    ("Nơi nhận:" left, signature right). ``page_break_before`` puts a page break before the
    paragraph that starts with it."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    s = sample or load_sample()
    d = Document()
    section = d.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    section.top_margin = section.bottom_margin = Cm(2)
    normal = d.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)

    def para(cell_or_doc, text, bold=False, italic=False, center=False, size=None):
        p = cell_or_doc.add_paragraph()
        run = p.add_run(text)
        run.bold, run.italic = bold, italic
        if size:
            run.font.size = Pt(size)
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        return p

    table = d.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left._tc.remove(left.paragraphs[0]._p)
    right._tc.remove(right.paragraphs[0]._p)
    para(left, s.left[0], center=True, size=12)
    para(left, s.left[1], bold=True, center=True, size=12)
    para(left, s.left[2], center=True)
    para(right, s.right[0], bold=True, center=True, size=12)
    para(right, s.right[1], bold=True, center=True)
    para(right, s.right[2], italic=True, center=True)

    para(d, s.title, bold=True, center=True)
    para(d, s.summary, bold=True, center=True)
    for text in s.body:
        if page_break_before and text.startswith(page_break_before):
            d.add_page_break()
        p = para(d, text, bold=Sample.is_heading(text))
        if not Sample.is_heading(text):
            p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            p.paragraph_format.first_line_indent = Cm(1)

    table = d.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left._tc.remove(left.paragraphs[0]._p)
    right._tc.remove(right.paragraphs[0]._p)
    para(left, s.recipients[0], bold=True, italic=True, size=12)
    for text in s.recipients[1:]:
        para(left, text, size=11)
    for text in s.signer[:2]:
        para(right, text, bold=True, center=True)
    para(right, "")
    para(right, "")
    para(right, s.signer[2], bold=True, center=True)
    path = Path(path)
    d.save(path)
    return path


def build_zip_bomb_docx(path: Path, gigabytes: float = 1.0) -> Path:
    """A .docx with a valid document.xml and a member of ``gigabytes`` GB of zeros (about 1 MB
    compressed), written by streaming."""
    chunk = bytes(2**22)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.'
                   'openxmlformats.org/package/2006/content-types"/>')
        z.writestr("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.'
                   'openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Kế hoạch'
                   '</w:t></w:r></w:p></w:body></w:document>')
        with z.open("word/media/image1.bin", "w", force_zip64=True) as f:
            for _ in range(int(gigabytes * 2**30) // len(chunk)):
                f.write(chunk)
    return Path(path)


def build_ole(path: Path, encrypted: bool = False) -> Path:
    """A minimal OLE compound file header, as a legacy .doc starts; ``encrypted`` names an
    "EncryptedPackage" stream in its directory, as a password-protected .docx is stored."""
    header = bytearray(512)
    header[:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    header[0x18:0x1C] = b"\x3e\x00\x03\x00"
    header[0x1C:0x1E] = b"\xfe\xff"
    header[0x1E:0x20] = b"\x09\x00"
    directory = bytearray(512)
    name = ("EncryptedPackage" if encrypted else "WordDocument").encode("utf-16-le")
    directory[: len(name)] = name
    Path(path).write_bytes(bytes(header) + bytes(directory) + bytes(1024))
    return Path(path)


# ---------------------------------------------------------------------------------------------
# PDF with a text layer (fpdf2)


def _pdf():
    from fpdf import FPDF

    class PlanPDF(FPDF):
        def header(self):
            if self.page_no() > 1:  # Decree 30: page numbers centred in the top margin from page 2
                self.set_font("Tinos", "", 13)
                self.set_y(10)
                self.cell(0, 6, str(self.page_no()), align="C")
                self.set_y(20)

    pdf = PlanPDF(format="A4", unit="mm")
    pdf.set_margins(30, 20, 15)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_font("Tinos", "", tinos("Regular"))
    pdf.add_font("Tinos", "B", tinos("Bold"))
    pdf.add_font("Tinos", "I", tinos("Italic"))
    pdf.add_font("Tinos", "BI", tinos("BoldItalic"))
    return pdf


def build_text_pdf(path: Path, sample: Sample | None = None) -> Path:
    """The sample as an A4 PDF with a text layer (several pages)."""
    s = sample or load_sample()
    pdf = _pdf()
    pdf.add_page()
    top = pdf.get_y()
    # header: left column 30-100 mm, right column 95-195 mm, centred
    left = [(s.left[0], "", 12), (s.left[1], "B", 12), (s.left[2], "", 13)]
    for k, (text, style, size) in enumerate(left):
        pdf.set_font("Tinos", style, size)
        pdf.set_xy(25, top + k * 7 + (4 if k == 2 else 0))
        pdf.cell(75, 6, text, align="C")
    right = [(s.right[0], "B", 12), (s.right[1], "B", 13), (s.right[2], "I", 13)]
    for k, (text, style, size) in enumerate(right):
        pdf.set_font("Tinos", style, size)
        pdf.set_xy(100, top + k * 7 + (4 if k == 2 else 0))
        pdf.cell(95, 6, text, align="C")
    pdf.set_y(top + 30)
    pdf.set_font("Tinos", "B", 14)
    pdf.cell(0, 7, s.title, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Tinos", "B", 13)
    pdf.multi_cell(0, 6.5, s.summary, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for text in s.body:
        heading = Sample.is_heading(text)
        pdf.set_font("Tinos", "B" if heading else "", 13)
        pdf.set_x(30 if heading else 30)
        pdf.multi_cell(0, 6.5, ("" if heading else "        ") + text,
                       align="L" if heading else "J", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)
    # the final 2-column block: recipients left (60-ish mm), signature right
    needed = 8 + 5 * len(s.recipients)
    if pdf.get_y() + needed > 297 - 20:
        pdf.add_page()
    y0 = pdf.get_y() + 4
    pdf.set_xy(30, y0)
    pdf.set_font("Tinos", "BI", 12)
    pdf.cell(70, 5, s.recipients[0], new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Tinos", "", 11)
    for text in s.recipients[1:]:
        pdf.set_x(30)
        pdf.cell(70, 5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Tinos", "B", 13)
    for k, text in enumerate(s.signer[:2]):
        pdf.set_xy(110, y0 + k * 6.5)
        pdf.cell(85, 6, text, align="C")
    pdf.set_xy(110, y0 + 35)
    pdf.cell(85, 6, s.signer[2], align="C")
    pdf.output(str(path))
    return Path(path)


def build_encrypted_pdf(path: Path, user_password: str = "matkhau") -> Path:
    """A one-page PDF that opens only with ``user_password``."""
    pdf = _pdf()
    pdf.set_encryption(owner_password="chu-so-huu", user_password=user_password)
    pdf.add_page()
    pdf.set_font("Tinos", "", 13)
    pdf.cell(0, 6, "Kế hoạch tuyên truyền")
    pdf.output(str(path))
    return Path(path)


def build_many_pages_pdf(path: Path, pages: int = 200) -> Path:
    pdf = _pdf()
    pdf.set_font("Tinos", "", 13)
    for n in range(pages):
        pdf.add_page()
        pdf.cell(0, 6, f"Trang {n + 1} của báo cáo")
    pdf.output(str(path))
    return Path(path)


# ---------------------------------------------------------------------------------------------
# Scans: the text PDF's pages as images (rendered by PDFium, slightly blurred and tilted)


def scan_images(text_pdf: Path, dpi: int = 200, blur: float = 0.6, rotate: float = 0.3,
                jpeg_quality: int | None = None):
    """The pages of ``text_pdf`` as grey-scale PIL images, as a scanner would give them: tilted
    by ``rotate`` degrees (alternating), blurred, optionally JPEG re-compressed."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    images = []
    pdf = pdfium.PdfDocument(str(text_pdf))
    try:
        for k in range(len(pdf)):
            page = pdf[k]
            img = page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            page.close()
            if rotate:
                img = img.rotate(rotate if k % 2 == 0 else -rotate, resample=3, fillcolor=255)
            if blur:
                img = img.filter(ImageFilter.GaussianBlur(blur))
            if jpeg_quality:
                buf = io.BytesIO()
                img.save(buf, "JPEG", quality=jpeg_quality)
                img = Image.open(io.BytesIO(buf.getvalue())).convert("L")
            img.info["dpi"] = (dpi, dpi)
            images.append(img)
    finally:
        pdf.close()
    return images


def build_scan_pdf(path: Path, text_pdf: Path, dpi: int = 200, **degrade) -> Path:
    """An image-only PDF (no text layer) of ``text_pdf``'s pages; ``degrade``: the blur, rotate
    and jpeg_quality of :func:`scan_images`."""
    images = scan_images(text_pdf, dpi=dpi, **degrade)
    images[0].save(path, "PDF", save_all=True, append_images=images[1:], resolution=dpi)
    return Path(path)


def build_png(path: Path, text_pdf: Path, page: int = 1, dpi: int = 200) -> Path:
    """One scanned page of ``text_pdf`` as a PNG (with its dpi)."""
    image = scan_images(text_pdf, dpi=dpi)[page - 1]
    image.save(path, "PNG", dpi=(dpi, dpi))
    return Path(path)


def pdf_bytes_truncated(data: bytes, keep: float = 0.5) -> bytes:
    """The first ``keep`` share of a file: a download cut short."""
    return data[: int(len(data) * keep)]


def docx_without_document_xml(data: bytes) -> bytes:
    """A .docx whose main part is missing (its name mangled): a corrupt package."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name = "word/documentx.xml" if info.filename == "word/document.xml" else info.filename
            dst.writestr(name, src.read(info.filename))
    return out.getvalue()
