"""OCR damage, made on purpose: render pages of Vietnamese text, read them back with an English
OCR model, align the two and learn the channel model that :func:`~loa.vitext.repair` decodes
with. (Training only: reading scanned documents is :mod:`loa.documents.read.tesseract`.)

Scans of plans reach the department read with the wrong OCR language (see
``src/loa/documents/samples/130-KH-STTTT.ocr.txt``: "Tuyén truyén thye hién Quyét dinh s6
628/Qb-TTg"). We learn that damage from pairs we make ourselves:

* :func:`find_fonts` — Debian fonts: Tinos (Times New Roman's metrics, fonts-croscore),
  DejaVu Serif (fonts-dejavu-core), FreeSerif (fonts-freefont-ttf); a missing font is skipped.
* :func:`render_page` — black text on white, A4 width, seeded degradations: Gaussian blur,
  salt-and-pepper speckle, a slight rotation, optional JPEG re-compression (Pillow).
* :func:`ocr_image` — the ``tesseract`` command (``-l eng --psm 6``: one block, lines kept).
* :func:`~.align.align_pairs` — token pairs ``(true, ocr)``.
* :class:`~loa.vitext.ocr_channel.ChannelModel` — P(ocr | true) from token and character
  counts, and candidate generation through a
  :class:`~loa.vitext.ocr_channel.VocabularyIndex`.
* :func:`generate` / ``python -m loa.vitext.training.render_pages --corpus train.jsonl.gz
  --pages N --out DIR`` — renders N pages of corpus text with two worker processes, writes
  ``pairs.jsonl`` (one page a line: settings, reference lines, OCR text, pairs) and
  ``channel.json.gz``; ``--from-pairs FILE...`` rebuilds the model from such files without
  OCR (:func:`channel_from_pairs`).

Held-out split: the language model's (:func:`~.corpus.is_heldout`): an article whose md5(id),
first four bytes big-endian, is below 20 modulo 1000 is held out (about 2% of VNTC) and never
rendered for training; ``--held-out`` renders those for the benchmark. Which articles are used,
and every page's settings, follow from ``--seed``.

The module needs Pillow and, to read images, the ``tesseract`` command with English data
(Debian: tesseract-ocr, tesseract-ocr-eng); no Django import.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..ocr_channel import ChannelModel, VocabularyIndex
from ..text import normalize
from .align import align_pairs
from .corpus import read_corpus

__all__ = ["FONTS", "TesseractError", "candidate_recall", "channel_from_pairs", "find_fonts",
           "generate", "ocr_image", "page_settings", "render_page", "wrap_text"]

# name -> (fontconfig pattern, expected file name, known paths)
_TTF = "/usr/share/fonts/truetype"
FONTS = {
    "tinos": ("Tinos", "Tinos-Regular.ttf", [f"{_TTF}/croscore/Tinos-Regular.ttf"]),
    "dejavu-serif": ("DejaVu Serif", "DejaVuSerif.ttf", [f"{_TTF}/dejavu/DejaVuSerif.ttf"]),
    "freeserif": ("FreeSerif", "FreeSerif.ttf", [f"{_TTF}/freefont/FreeSerif.ttf"]),
    # headings of plans are bold
    "tinos-bold": ("Tinos:bold", "Tinos-Bold.ttf", [f"{_TTF}/croscore/Tinos-Bold.ttf"]),
}

A4_WIDTH_IN = 8.27
MARGIN_IN = 0.8


class TesseractError(RuntimeError):
    """tesseract is missing, failed or took too long."""


_NO_TESSERACT = "tesseract is not installed: apt-get install tesseract-ocr tesseract-ocr-eng"


def find_fonts(names: Iterable[str] | None = None) -> dict[str, str]:
    """``{name: path}`` of the fonts of :data:`FONTS` present on this machine (fc-match first,
    then the known Debian paths); a missing font is left out, never replaced by a fallback."""
    found = {}
    fc_match = shutil.which("fc-match")
    for name in names or FONTS:
        pattern, filename, paths = FONTS[name]
        path = None
        if fc_match:
            try:
                out = subprocess.run([fc_match, "-f", "%{file}", pattern], capture_output=True,
                                     check=False, text=True, timeout=10).stdout.strip()
            except (OSError, subprocess.SubprocessError):
                out = ""
            if out and os.path.basename(out) == filename and os.path.exists(out):
                path = out
        if path is None:
            path = next((p for p in paths if os.path.exists(p)), None)
        if path:
            found[name] = path
    return found


def _font(path: str, size_pt: float, dpi: int):
    from PIL import ImageFont
    return ImageFont.truetype(path, max(6, round(size_pt * dpi / 72)))


def wrap_text(text: str, font: str, size_pt: float = 12, dpi: int = 300) -> list[str]:
    """``text`` broken into lines that fit the A4 text width in ``font`` (a path) at ``size_pt``;
    existing line breaks are kept, blank lines dropped."""
    f = _font(font, size_pt, dpi)
    width = (A4_WIDTH_IN - 2 * MARGIN_IN) * dpi
    lines = []
    for para in text.splitlines():
        words = para.split()
        cur = ""
        for w in words:
            cand = f"{cur} {w}" if cur else w
            if cur and f.getlength(cand) > width:
                lines.append(cur)
                cur = w
            else:
                cur = cand
        if cur:
            lines.append(cur)
    return lines


def render_page(lines: list[str], font: str, size_pt: float = 12, dpi: int = 300,
                blur: float = 0.0, speckle: float = 0.0, seed: int = 0, rotate: float | None = None,
                jpeg_quality: int | None = None, line_spacing: float = 1.35):
    """A grey-scale page (``PIL.Image``, mode "L"): ``lines`` in black on white, A4 width, one line
    per line (too-long lines run past the margin: wrap with :func:`wrap_text` first).

    ``font`` is a font file; ``blur`` a Gaussian radius in pixels; ``speckle`` the share of pixels
    flipped to black or white (salt and pepper, more on the ink side); ``rotate`` degrees (None: a
    seeded angle within ±0.4° when ``seed`` is not 0, else 0); ``jpeg_quality`` re-compresses.
    The page is only as tall as the text needs."""
    from PIL import Image, ImageDraw, ImageFilter

    rng = random.Random(seed)
    f = _font(font, size_pt, dpi)
    px = f.size
    step = round(px * line_spacing)
    margin = round(MARGIN_IN * dpi)
    width = round(A4_WIDTH_IN * dpi)
    height = 2 * margin + step * max(1, len(lines))
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    for k, line in enumerate(lines):
        draw.text((margin, margin + k * step), line, font=f, fill=0)
    if rotate is None:
        rotate = rng.uniform(-0.4, 0.4) if seed else 0.0
    if rotate:
        img = img.rotate(rotate, resample=Image.BICUBIC, expand=False, fillcolor=255)
    if blur > 0:
        img = img.filter(ImageFilter.GaussianBlur(blur))
    if speckle > 0:
        img = _speckle(img, speckle, rng)
    if jpeg_quality:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=int(jpeg_quality))
        buf.seek(0)
        img = Image.open(buf).convert("L")
    img.info["dpi"] = (dpi, dpi)
    return img


def _speckle(img, amount: float, rng: random.Random):
    from PIL import Image
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with most environments
        px = img.load()
        w, h = img.size
        for _ in range(int(amount * w * h)):
            px[rng.randrange(w), rng.randrange(h)] = 0 if rng.random() < 0.6 else 255
        return img
    arr = np.array(img)
    gen = np.random.default_rng(rng.randrange(2**32))
    mask = gen.random(arr.shape) < amount
    ink = gen.random(arr.shape) < 0.6
    arr[mask & ink] = 0
    arr[mask & ~ink] = 255
    return Image.fromarray(arr, "L")


def ocr_image(image, lang: str = "eng", psm: int = 6, timeout: float = 180,
              dpi: int | None = None) -> str:
    """The text ``tesseract`` reads in ``image`` (a PIL image or a file path), lines kept.

    Raises :class:`TesseractError` when the command is missing (Debian: apt-get install
    tesseract-ocr tesseract-ocr-eng), fails or exceeds ``timeout`` seconds. One OCR thread
    (OMP_THREAD_LIMIT=1): run several processes to use several cores."""
    exe = shutil.which("tesseract")
    if not exe:
        raise TesseractError(_NO_TESSERACT)
    if isinstance(image, (str, os.PathLike)):
        data = Path(image).read_bytes()
    else:
        buf = io.BytesIO()
        image.save(buf, "PNG", dpi=image.info.get("dpi", (dpi or 300, dpi or 300)))
        data = buf.getvalue()
        dpi = dpi or int(image.info.get("dpi", (300, 300))[0])
    cmd = [exe, "stdin", "stdout", "-l", lang, "--psm", str(psm)]
    if dpi:
        cmd += ["--dpi", str(dpi)]
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    try:
        proc = subprocess.run(cmd, input=data, capture_output=True, timeout=timeout, env=env,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise TesseractError(f"tesseract took more than {timeout} s") from exc
    if proc.returncode != 0:
        raise TesseractError(f"tesseract failed ({proc.returncode}): "
                             f"{proc.stderr.decode('utf-8', 'replace').strip()[-500:]}")
    return proc.stdout.decode("utf-8", "replace")


# -- generating pairs ------------------------------------------------------------------------

def _articles(corpus: str | os.PathLike, held_out: bool = False) -> Iterator[dict]:
    """The corpus's articles with text, on the language model's side of the held-out split."""
    return (article for article in read_corpus(corpus, heldout=held_out) if article.get("text"))


def page_settings(page: int, seed: int, fonts: dict[str, str]) -> dict:
    """The seeded rendering settings of page number ``page``."""
    rng = random.Random(f"{seed}:{page}")
    name = sorted(fonts)[rng.randrange(len(fonts))]
    clean = rng.random() < 0.3
    return {
        "font": name,
        "size_pt": rng.choice([10, 11, 12, 12, 13, 14]),
        "dpi": rng.choice([150, 200, 200, 300]),
        "blur": 0.0 if clean else round(rng.uniform(0.0, 1.2), 2),
        "speckle": 0.0 if clean else round(rng.choice([0, 0, 0.0005, 0.001, 0.003]), 4),
        "jpeg_quality": None if clean or rng.random() < 0.6 else rng.choice([40, 60, 80]),
        "seed": seed * 1_000_003 + page + 1,
    }


def _work(job: dict) -> dict:
    fonts = job["fonts"]
    s = job["settings"]
    font = fonts[s["font"]]
    lines = wrap_text(normalize(job["text"]), font, s["size_pt"], s["dpi"])[: job["max_lines"]]
    t0 = time.perf_counter()
    img = render_page(lines, font, s["size_pt"], s["dpi"], s["blur"], s["speckle"], s["seed"],
                      jpeg_quality=s["jpeg_quality"])
    try:
        text = ocr_image(img, dpi=s["dpi"])
        error = None
    except TesseractError as exc:
        text, error = "", str(exc)
    pairs = align_pairs(lines, text) if text else []
    return {"page": job["page"], "id": job["id"], **s, "ref": lines, "ocr": text,
            "pairs": pairs, "error": error, "seconds": round(time.perf_counter() - t0, 2)}


def _jobs(corpus, pages: int, seed: int, fonts: dict[str, str], max_lines: int,
          held_out: bool = False) -> Iterator[dict]:
    """Deterministic sample: articles chosen by a seeded hash of their id (about one in seven),
    in corpus order, several to a page until it holds about ``max_lines`` lines."""
    rng_key = f"ocr-sample:{seed}:"
    page = 0
    want = max_lines * 75  # characters
    while page < pages:
        made = 0
        ids, texts, size = [], [], 0
        for art in _articles(corpus, held_out):
            h = int(hashlib.sha1((rng_key + str(art["id"])).encode()).hexdigest()[:8], 16)
            if h % 7:
                continue
            ids.append(art["id"])
            texts.append(art["text"])
            size += len(art["text"])
            if size < want:
                continue
            yield {"page": page, "id": ids, "text": "\n".join(texts), "max_lines": max_lines,
                   "fonts": fonts, "settings": page_settings(page, seed, fonts)}
            ids, texts, size = [], [], 0
            page += 1
            made += 1
            if page >= pages:
                return
        if not made:
            return
        rng_key += "+"


def generate(corpus, pages: int, out_dir, seed: int = 1, workers: int = 2, max_lines: int = 30,
             held_out: bool = False, progress=sys.stderr) -> ChannelModel:
    """Render ``pages`` pages of ``corpus`` text (training articles, or the held-out ones with
    ``held_out=True``), OCR them with ``workers`` processes, write ``out_dir/pairs.jsonl`` and
    ``out_dir/channel.json.gz``; return the channel model.

    Tesseract is the bottleneck (2-3.3 s a 30-line page on one core): two workers make about
    37 (machine busy) to 55 (idle) pages a minute, some 21,000-32,000 token pairs."""
    import multiprocessing

    fonts = find_fonts()
    if not fonts:
        raise RuntimeError("none of the fonts is installed: apt-get install fonts-croscore "
                           "fonts-dejavu-core fonts-freefont-ttf")
    if not shutil.which("tesseract"):
        raise TesseractError(_NO_TESSERACT)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model = ChannelModel()
    t0 = time.perf_counter()
    done = errors = tokens = changed = 0
    context = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    with open(out / "pairs.jsonl", "w", encoding="utf-8") as f, context.Pool(workers) as pool:
        for result in pool.imap(_work, _jobs(corpus, pages, seed, fonts, max_lines, held_out)):
            f.write(json.dumps(result, ensure_ascii=False) + "\n")
            done += 1
            if result["error"]:
                errors += 1
            for true, ocr in result["pairs"]:
                model.add(true, ocr)
                tokens += 1
                changed += true != ocr
            if progress and (done % 10 == 0 or done == pages):
                rate = done / (time.perf_counter() - t0) * 60
                print(f"{done}/{pages} pages, {rate:.1f} pages/min, {tokens} pairs, "
                      f"{changed / max(tokens, 1):.1%} damaged, {errors} errors",
                      file=progress, flush=True)
    model.save(out / "channel.json.gz")
    if progress:
        minutes = (time.perf_counter() - t0) / 60
        print(f"done: {done} pages in {minutes:.1f} min "
              f"({done / max(minutes, 1e-9):.1f} pages/min)", file=progress)
    return model


def channel_from_pairs(paths: Iterable, realign: bool = True) -> ChannelModel:
    """A channel model from ``pairs.jsonl`` files written by :func:`generate`; ``realign``
    aligns each page's reference lines and OCR text again with the current :func:`align_pairs`
    (no OCR needed) instead of trusting the stored pairs."""
    model = ChannelModel()
    for path in paths:
        with open(path, encoding="utf-8") as f:
            for line in f:
                page = json.loads(line)
                if page.get("error"):
                    continue
                pairs = align_pairs(page["ref"], page["ocr"]) if realign else page["pairs"]
                model.add_pairs(pairs)
    return model


def candidate_recall(model: ChannelModel, pairs_files: Iterable, vocabulary_index: VocabularyIndex,
                     ks: tuple[int, ...] = (1, 5, 20)) -> dict:
    """How often the true token is among the top ``k`` candidates of its OCR'd form, over the
    one-to-one word pairs of ``pairs.jsonl`` files (aligned again) — the ceiling a decoder can
    reach with these candidates. Returns counts and shares, damaged and undamaged apart."""
    stats = {"pairs": 0, "damaged": 0, "undamaged_top1": 0, **{f"top{k}": 0 for k in ks}}
    kmax = max(ks)
    for path in pairs_files:
        with open(path, encoding="utf-8") as f:
            for line in f:
                page = json.loads(line)
                for true, ocr in align_pairs(page["ref"], page["ocr"]):
                    if not true or not ocr or " " in true or " " in ocr or \
                            not any(ch.isalpha() for ch in true):
                        continue
                    stats["pairs"] += 1
                    cands = [t for t, _lp in model.candidates(ocr, vocabulary_index, k=kmax)]
                    if true == ocr:
                        stats["undamaged_top1"] += bool(cands) and cands[0] == ocr
                        continue
                    stats["damaged"] += 1
                    for k in ks:
                        stats[f"top{k}"] += true in cands[:k]
    d = max(stats["damaged"], 1)
    for k in ks:
        stats[f"top{k}_share"] = stats[f"top{k}"] / d
    undamaged = max(stats["pairs"] - stats["damaged"], 1)
    stats["undamaged_top1_share"] = stats["undamaged_top1"] / undamaged
    return stats


def _report(model: ChannelModel, n: int) -> None:
    print("top character edits (true -> ocr: count):")
    for t, o, c in model.top_substitutions(n):
        print(f"  {t!r} -> {o!r}: {c}")
    print("top token confusions (true -> ocr: count):")
    for t, o, c in model.top_token_confusions(n):
        print(f"  {t!r} -> {o!r}: {c}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m loa.vitext.training.render_pages",
        description="Render corpus text, read it with tesseract -l eng, learn the OCR channel "
                    "model.")
    parser.add_argument("--corpus", help="JSON lines (gzip) with id and text")
    parser.add_argument("--from-pairs", nargs="+", metavar="PAIRS_JSONL",
                        help="no rendering: rebuild the channel model from pairs.jsonl files "
                             "(aligned again), into OUT/channel.json.gz")
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--out", required=True,
                        help="directory for pairs.jsonl and channel.json.gz")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--max-lines", type=int, default=30, help="lines per page")
    parser.add_argument("--held-out", action="store_true",
                        help="render the held-out articles (evaluation)")
    parser.add_argument("--report", type=int, default=30, help="print the top N substitutions")
    args = parser.parse_args(argv)
    if args.from_pairs:
        model = channel_from_pairs(args.from_pairs)
        Path(args.out).mkdir(parents=True, exist_ok=True)
        model.save(Path(args.out) / "channel.json.gz")
        if args.report:
            _report(model, args.report)
        return 0
    if not args.corpus:
        parser.error("--corpus is required (or --from-pairs)")
    model = generate(args.corpus, args.pages, args.out, seed=args.seed, workers=args.workers,
                     max_lines=args.max_lines, held_out=args.held_out)
    if args.report:
        _report(model, args.report)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
