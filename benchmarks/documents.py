"""Document reading benchmark: ``python -m benchmarks.documents`` (from the repository root, with
the virtual environment's Python).

Builds the test documents of ``loa.documents.testdocs`` from our transcription of plan
130/KH-STTTT in a temporary directory — a .docx laid out as the real one, an A4 PDF with a text
layer (Tinos), the same pages as a 200 dpi image-only scan, one page as a PNG — and times
``loa.documents.read_document`` on each, plus the two sample .txt files (our
transcription, and the plan as OCR'd with an English model, which the reader repairs when the
vitext models are present), and a poor scan (150 dpi, blurred, tilted 0.8°, JPEG quality 40).
Wall seconds per page (median over ``--runs`` runs; one run for OCR)
and CPU seconds per page (this process and its tesseract children) — the machine is shared,
so the wall figure includes whatever else runs.

Then the refusals: how long the reader takes to say no to a 1 GB zip bomb .docx and a
200-page PDF with the default limit of 100 pages.

Field accuracy (:func:`field_accuracy`): each input's ``parse_document(doc).to_json()`` is
compared with what the sample says (:data:`EXPECTED`): code, date, place, type, the five
references (with their dates where the text gives them), the eight assignment items and the
three signer fields — 20 fields; the table gives the share right per input format. OCR accuracy
of the scan: character error rate against the text PDF's lines.

Options: --runs N (5), --keep DIR (build the documents there and keep them), --no-ocr.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

# What the sample plan says (see src/loa/documents/samples/130-KH-STTTT.txt).
EXPECTED = {
    "code": "130/KH-STTTT",
    "date": "2020-09-08",
    "place": "Hải Phòng",
    "doc_type": "KH",
    "references": [("628/QĐ-TTg", "2020-05-11"), ("51-KL/TW", "2019-05-30"),
                   ("209/KH-UBND", "2020-08-18"), ("29-NQ/TW", None), ("44/NQ-CP", None)],
    "items": ["1", "2", "3", "4", "5", "6.1", "6.2", "6.3"],
    "signer": {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Lê Văn Kiên"},
}


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.documents", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", metavar="DIR", help="build the documents in DIR and keep them")
    parser.add_argument("--no-ocr", action="store_true", help="skip the scanned PDF and the PNG")
    return parser.parse_args(argv)


def cpu_seconds() -> float:
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed(path, runs: int, **kwargs):
    """(document, median wall seconds, median CPU seconds) of reading ``path`` ``runs`` times."""
    from loa.documents import read_document

    walls, cpus, doc = [], [], None
    for _ in range(max(1, runs)):
        c0, t0 = cpu_seconds(), time.perf_counter()
        doc = read_document(path, **kwargs)
        walls.append(time.perf_counter() - t0)
        cpus.append(cpu_seconds() - c0)
    return doc, statistics.median(walls), statistics.median(cpus)


# ---------------------------------------------------------------------------------------------
# Field accuracy — parse_document(doc).to_json() against what the sample says.


def field_checks(parsed: dict) -> dict[str, bool]:
    """Each expected field of the sample → whether ``parsed`` (the parser's JSON) has it right."""
    checks = {name: parsed.get(name) == EXPECTED[name]
              for name in ("code", "date", "place", "doc_type")}
    refs = parsed.get("references") or []
    for code, date in EXPECTED["references"]:
        found = [r for r in refs if r.get("code") == code]
        checks[f"ref {code}"] = bool(found) and (
            date is None or any(r.get("date") == date for r in found))
    items = {a.get("item") for a in parsed.get("assignments") or []}
    for item in EXPECTED["items"]:
        checks[f"item {item}"] = item in items
    signer = parsed.get("signer") or {}
    for key, value in EXPECTED["signer"].items():
        checks[f"signer {key}"] = signer.get(key) == value
    return checks


def field_accuracy(docs: dict) -> list[tuple[str, int, int, list[str]]]:
    """(input, right, total, wrong fields) per read document."""
    from loa.documents import parse_document

    rows = []
    for name, doc in docs.items():
        try:
            parsed = parse_document(doc).to_json()
        except Exception as exc:  # noqa: BLE001 - a benchmark reports, it does not stop
            rows.append((name, 0, 20, [f"parser failed: {type(exc).__name__}: {exc}"]))
            continue
        checks = field_checks(parsed)
        wrong = [k for k, ok in checks.items() if not ok]
        rows.append((name, sum(checks.values()), len(checks), wrong))
    return rows


# ---------------------------------------------------------------------------------------------


def main(argv=None) -> int:
    args = parse_args(argv)
    from loa.documents import DocumentError, check_tesseract, read_document, testdocs

    ocr = not args.no_ocr
    if ocr:
        try:
            check_tesseract()
        except DocumentError as exc:
            print(f"OCR skipped: {exc.message}")
            ocr = False
    tmp = None
    if args.keep:
        out = Path(args.keep)
        out.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory(prefix="loa-documents-")
        out = Path(tmp.name)
    try:
        t0 = time.perf_counter()
        docx = testdocs.build_docx(out / "130-KH-STTTT.docx")
        pdf = testdocs.build_text_pdf(out / "130-KH-STTTT.pdf")
        scan = testdocs.build_scan_pdf(out / "130-KH-STTTT-scan.pdf", pdf) if ocr else None
        png = testdocs.build_png(out / "130-KH-STTTT-p1.png", pdf) if ocr else None
        poor = testdocs.build_scan_pdf(out / "130-KH-STTTT-poor-scan.pdf", pdf, dpi=150, blur=1.0,
                                       rotate=0.8, jpeg_quality=40) if ocr else None
        print(f"test documents built in {time.perf_counter() - t0:.1f} s ({out})\n")

        inputs = [("plain text (.txt, our transcription)", testdocs.SAMPLE_TXT, args.runs),
                  ("plain text, English-model OCR (repair)", testdocs.SAMPLE_OCR_TXT, 1),
                  (".docx", docx, args.runs),
                  ("PDF, text layer", pdf, args.runs)]
        if ocr:
            inputs += [("PDF, scanned 200 dpi (OCR)", scan, 1),
                       ("PDF, poor scan 150 dpi, blur, JPEG q40", poor, 1),
                       ("PNG page, 200 dpi (OCR)", png, 1)]
        try:  # load the repair models before timing (a worker keeps them loaded)
            from loa.vitext.repair import get_repairer

            get_repairer()
        except (FileNotFoundError, OSError):
            pass
        docs = {}
        print(f"| {'input':<40} | pages | lines | wall s/page | CPU s/page | notes |")
        print(f"|{'-' * 42}|-------|-------|-------------|------------|-------|")
        for name, path, runs in inputs:
            doc, wall, cpu = timed(path, runs)
            docs[name] = doc
            pages = len(doc.pages)
            notes = []
            if doc.repaired:
                notes.append("repaired (models loaded before timing; one 'page' is the whole "
                             "text, about 4 printed pages)")
            if doc.warnings:
                notes.append("; ".join(w[:70] for w in doc.warnings))
            print(f"| {name:<40} | {pages:>5} | {len(doc.lines()):>5} | {wall / pages:>11.3f} "
                  f"| {cpu / pages:>10.3f} | {', '.join(notes) or '-'} |")

        if ocr:
            from rapidfuzz.distance import Levenshtein

            from loa.vitext import fold

            ref = docs["PDF, text layer"].text
            print()
            for name in ("PDF, scanned 200 dpi (OCR)", "PDF, poor scan 150 dpi, blur, JPEG q40"):
                got = docs[name].text
                cer = Levenshtein.distance(got, ref) / max(1, len(ref))
                folded = Levenshtein.distance(fold(got), fold(ref)) / max(1, len(fold(ref)))
                conf = [line.confidence for line in docs[name].lines()]
                print(f"{name}: OCR (tesseract -l vie) character error rate against the text layer "
                      f"{cer:.2%} ({folded:.2%} accent-folded), mean line confidence "
                      f"{statistics.mean(conf):.1f}")

        print(f"\n| {'refusal':<40} | code | seconds |")
        print(f"|{'-' * 42}|------|---------|")
        bomb = testdocs.build_zip_bomb_docx(out / "bomb.docx", gigabytes=1)
        many = testdocs.build_many_pages_pdf(out / "200-pages.pdf", pages=200)
        for name, path in (("1 GB zip bomb .docx (4 MB file)", bomb),
                           ("200-page PDF, limit 100", many)):
            t0 = time.perf_counter()
            try:
                read_document(path, max_pages=100)
                code = "read!"
            except DocumentError as exc:
                code = exc.code
            print(f"| {name:<40} | {code} | {time.perf_counter() - t0:.3f} |")

        # -- field accuracy ------------------------------------------------------------------
        print(f"\n| {'field accuracy (parse_document)':<40} | right | share | wrong |")
        print(f"|{'-' * 42}|-------|-------|-------|")
        for name, right, total, wrong in field_accuracy(docs):
            note = "; ".join(wrong) if wrong else "-"
            if name.startswith("PNG"):
                note = "(page 1 only) " + note
            print(f"| {name:<40} | {right:>2}/{total} | {right / total:>5.0%} | {note} |")
    finally:
        if tmp is not None:
            tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
