"""Runs the ``tesseract`` command with the Vietnamese model on a page image and reads its TSV:
the lines of the page with their words' boxes and confidence. No Django import; needs Pillow
and the ``tesseract`` command with Vietnamese data (Debian: tesseract-ocr, tesseract-ocr-vie).

(The OCR training in :mod:`loa.vitext` is about something else: it runs the English model on
purpose to learn what OCR damage looks like, for the repair, and keeps plain text; reading
documents needs positions and the right language.)
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess

from ..model import DocumentError

__all__ = ["LANG", "check_tesseract", "ocr_lines", "parse_tsv"]

#: The tesseract language(s); ``LOA_OCR_LANG`` overrides (e.g. "vie+eng").
LANG = os.environ.get("LOA_OCR_LANG", "vie")
TIMEOUT = 180  # seconds per page
INSTALL_HINT = "install the Debian packages tesseract-ocr and tesseract-ocr-vie"


@functools.lru_cache(maxsize=4)
def _languages(exe: str) -> frozenset[str]:
    try:
        proc = subprocess.run([exe, "--list-langs"], capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    out = (proc.stdout + proc.stderr).decode("utf-8", "replace").split()
    return frozenset(out)


def check_tesseract(lang: str = LANG) -> str:
    """The tesseract command's path; DocumentError "ocr_unavailable" when it or the data for
    ``lang`` is missing."""
    exe = shutil.which("tesseract")
    if not exe:
        raise DocumentError(f"Text recognition (OCR) is not available: the tesseract command is "
                            f"missing; {INSTALL_HINT}.", code="ocr_unavailable")
    missing = [code for code in lang.split("+") if code not in _languages(exe)]
    if missing:
        raise DocumentError(f"Text recognition (OCR) is not available: tesseract has no data for "
                            f"{', '.join(missing)}; {INSTALL_HINT}.", code="ocr_unavailable")
    return exe


def ocr_lines(image, dpi: int = 300, lang: str = LANG, psm: int = 3,
              timeout: float = TIMEOUT) -> list[list[dict]]:
    """The lines tesseract reads in ``image`` (a PIL image, grey-scale preferred), in its reading
    order; each line a list of words ``{text, x0, x1, top, bottom, conf}`` in pixels. One OCR
    thread (OMP_THREAD_LIMIT=1).

    Raises DocumentError "ocr_unavailable" when tesseract or its data is missing, RuntimeError
    when it fails on this image or takes more than ``timeout`` seconds."""
    exe = check_tesseract(lang)
    buf = io.BytesIO()
    image.save(buf, "PNG", compress_level=1)
    cmd = [exe, "stdin", "stdout", "-l", lang, "--psm", str(psm), "--dpi", str(int(dpi)), "tsv"]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        proc = subprocess.run(cmd, input=buf.getvalue(), capture_output=True, timeout=timeout,
                              env=env, check=False)
    except subprocess.TimeoutExpired as exc:
        raise RuntimeError(f"tesseract took more than {timeout:.0f} s") from exc
    if proc.returncode != 0:
        raise RuntimeError(f"tesseract failed ({proc.returncode}): "
                           f"{proc.stderr.decode('utf-8', 'replace').strip()[-300:]}")
    return parse_tsv(proc.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> list[list[dict]]:
    """Tesseract TSV (level, page, block, par, line, word, left, top, width, height, conf, text)
    grouped into lines of words; words with no text or a negative confidence are left out."""
    groups: dict[tuple[int, ...], list[dict]] = {}
    for row in tsv.splitlines()[1:]:
        cols = row.split("\t")
        if len(cols) < 12 or cols[0] != "5":
            continue
        text = cols[11].strip()
        try:
            conf = float(cols[10])
            left, top, width, height = (int(c) for c in cols[6:10])
            key = tuple(int(c) for c in cols[1:5])
        except ValueError:
            continue
        if not text or conf < 0:
            continue
        groups.setdefault(key, []).append({"text": text, "conf": conf, "x0": left, "top": top,
                                           "x1": left + width, "bottom": top + height})
    return list(groups.values())
