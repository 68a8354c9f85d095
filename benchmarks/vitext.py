"""Vietnamese text engine benchmark: ``python -m benchmarks.vitext`` (from the repository root,
with the virtual environment's Python).

Restore: sentences from the held-out 2% of VNTC (articles whose md5(id) puts them there, see
``loa.vitext.training.corpus.is_heldout``; the model never saw them; sentences that also occur
word for word in a training article of train.jsonl.gz or extra.jsonl.gz — VNTC repeats some —
are left out), normalised (tone marks in the "new" style, the style restore() writes),
diacritics stripped with the case kept, then restored.
Accuracy = share of the reference's word tokens reproduced exactly (case and diacritics
included), after aligning the output's word tokens to the reference's (one to one when the
counts match, difflib otherwise). Speed = word tokens per second of CPU time (the process's
time, single-threaded; wall time would count whatever else runs on the machine), model loaded
before timing; once with one restore() call per sentence, once with all sentences as the lines of
one text (a fresh restorer: a cold cache). "Ignoring case" compares lower-cased words (pyvi
changes the case of many words). "Changed on correct text" = share of word tokens restore()
alters when given the reference itself.

pyvi's ``ViUtils.add_accents`` is measured on the same input when pyvi is installed (not a
dependency of Loa: ``.venv/bin/pip install -e '.[bench]'``); its output's tone marks are put in
the same style before comparison so that only the choice of letters counts.

Repair (a second table, when the OCR pairs and the channel model are present): the rendered and
``tesseract -l eng``-read held-out pages of ``--ocr-pairs`` (var/ocr/heldout/pairs.jsonl, made
by ``python -m loa.vitext.training.render_pages``), each page repaired in one call (with
``tone_style="new"``: the pages were typeset from ``normalize()``d text, "hoá", "thuỷ"); all
pages, and the clean ones (no blur, speckle or JPEG) apart. Accuracy = share of the reference's
word tokens reproduced exactly after aligning the output's words with the reference's by a
word-level edit distance on fold keys (:func:`aligned_accuracy`: the OCR loses, splits and
adds words, so the counts differ). Speed = word tokens of the OCR per second of CPU time over all
pages (cold caches). "Changed on correct text" = share of word tokens repair() alters when given
the reference pages. Last, the sample plan (src/loa/documents/samples/130-KH-STTTT.ocr.txt, a real
scan read with the wrong OCR language) repaired with the defaults, against our corrected
transcription (130-KH-STTTT.txt: other line breaks, and the header lines the OCR lost count as
errors).

Options: --corpus PATH, --sentences N (1000), --model PATH (default: the package model or
$LOA_VITEXT_MODEL), --no-pyvi, --ocr-pairs PATH, --ocr-pages N (60).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from pathlib import Path

DEFAULT_CORPUS = Path("../shared/data/vntc/train.jsonl.gz")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+(?=[A-ZĐÀ-Ỹ\"'(])")


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.vitext", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default=str(DEFAULT_CORPUS))
    parser.add_argument("--sentences", type=int, default=1000)
    parser.add_argument("--model", default=None)
    parser.add_argument("--no-pyvi", action="store_true")
    parser.add_argument("--ocr-pairs", default="var/ocr/heldout/pairs.jsonl")
    parser.add_argument("--ocr-pages", type=int, default=60)
    return parser.parse_args(argv)


def heldout_sentences(corpus, n: int, exclude=()) -> tuple[list[str], int]:
    """The first ``n`` held-out sentences with 5 to 60 words, as written (NFC, spaces tidied),
    leaving out those that also occur word for word in a training article of ``corpus`` or of
    the ``exclude`` corpora (VNTC repeats some articles); and how many were left out."""
    from loa.vitext import normalize, tokenize_spans
    from loa.vitext.training.corpus import read_corpus

    raw: list[str] = []
    for article in read_corpus(corpus, heldout=True):
        for line in (article.get("text") or "").split("\n"):
            for sentence in _SENTENCE_SPLIT.split(line):
                sentence = sentence.strip()
                words = [t for t in tokenize_spans(sentence) if t.kind == "word"]
                if 5 <= len(words) <= 60:
                    raw.append(sentence)
        if len(raw) >= 2 * n:
            break
    seen = set(raw)
    leaked: set[str] = set()
    for path in (corpus, *exclude):
        if not Path(path).exists():
            continue
        for article in read_corpus(path):
            for line in (article.get("text") or "").split("\n"):
                for sentence in _SENTENCE_SPLIT.split(line):
                    sentence = sentence.strip()
                    if sentence in seen:
                        leaked.add(sentence)
    kept = [s for s in raw if s not in leaked][:n]
    dropped = sum(1 for s in raw[:raw.index(kept[-1]) + 1] if s in leaked) if kept else 0
    # Scored against the text as written (NFC only): tone marks where the journalist put them.
    return [normalize(s, None) for s in kept], dropped


def words(text: str) -> list[str]:
    from loa.vitext import tokenize_spans
    return [t.text for t in tokenize_spans(text) if t.kind == "word"]


def accuracy(outputs: list[str], references: list[str], ignore_case: bool = False
             ) -> tuple[int, int]:
    """(exactly reproduced reference word tokens, reference word tokens)."""
    from loa.vitext import fold
    good = total = 0
    for out, ref in zip(outputs, references):
        o, r = words(out), words(ref)
        if ignore_case:
            o, r = [w.lower() for w in o], [w.lower() for w in r]
        total += len(r)
        if len(o) == len(r):
            good += sum(a == b for a, b in zip(o, r))
            continue
        matcher = difflib.SequenceMatcher(None, [fold(w) for w in r], [fold(w) for w in o],
                                          autojunk=False)
        for block in matcher.get_matching_blocks():
            good += sum(r[block.a + k] == o[block.b + k] for k in range(block.size))
    return good, total


def run(name, func, inputs, references, n_words, batch=False):
    t = time.process_time()
    if batch:  # the whole text in one call, one sentence a line
        outputs = func("\n".join(inputs)).split("\n")
    else:
        outputs = [func(s) for s in inputs]
    elapsed = time.process_time() - t
    good, total = accuracy(outputs, references)
    nocase, _ = accuracy(outputs, references, ignore_case=True)
    return {"name": name, "acc": good / max(total, 1), "nocase": nocase / max(total, 1),
            "speed": n_words / max(elapsed, 1e-9), "outputs": outputs}


def main(argv=None) -> int:
    args = parse_args(argv)
    if not Path(args.corpus).exists():
        print(f"skipped: corpus not found at {args.corpus} (the benchmark needs ../shared/data)")
        return 0
    import os
    if args.model:
        os.environ["LOA_VITEXT_MODEL"] = args.model
    from loa.vitext.restorer import (
        Restorer,
        default_model_path,
        get_restorer,
        restore,
        strip_diacritics,
    )

    if not default_model_path().exists():
        print(f"skipped: no model at {default_model_path()} (run `make model` or "
              f"`python -m loa.vitext.training.train_lm`)")
        return 0
    extra = [Path(args.corpus).with_name("extra.jsonl.gz")]
    refs, dropped = heldout_sentences(args.corpus, args.sentences, exclude=extra)
    inputs = [strip_diacritics(s) for s in refs]
    n_words = sum(len(words(s)) for s in inputs)
    t = time.perf_counter()
    get_restorer()
    load = time.perf_counter() - t
    print(f"held-out sentences: {len(refs):,} ({dropped} more left out: they also occur in a "
          f"training article), word tokens: {n_words:,}; model "
          f"{default_model_path()} ({default_model_path().stat().st_size / 1e6:.1f} MB, "
          f"loaded in {load:.2f} s)")

    rows = [run("no restore (input as is)", lambda s: s, inputs, refs, n_words)]
    ours = run("loa.vitext.restore, one call a sentence", restore, inputs, refs, n_words)
    rows.append(ours)
    fresh = Restorer(get_restorer().lm)  # a cold cache, as for a new text
    rows.append(run("loa.vitext.restore, one call for all (lines)", fresh.restore, inputs,
                    refs, n_words, batch=True))
    # the same, on text that is already correct: how much does it change?
    changed = sum(a != b for out, ref in zip([restore(s) for s in refs], refs)
                  for a, b in zip(words(out), words(ref)))
    ours["changed"] = changed / max(sum(len(words(r)) for r in refs), 1)
    note = ""
    if not args.no_pyvi:
        try:
            from pyvi import ViUtils
        except ImportError:
            note = "pyvi not installed (pip install pyvi): its row is skipped"
        else:
            failures = []

            def pyvi(s):
                try:
                    return ViUtils.add_accents(s)
                except Exception:  # noqa: BLE001 — pyvi fails on some input (KeyError)
                    failures.append(s)
                    return s

            pyvi("khoi dong")  # load its model before timing
            row = run("pyvi ViUtils.add_accents", pyvi, inputs, refs, n_words)
            if failures:
                note = (f"pyvi raised an error on {len(failures)} of {len(inputs)} sentences; "
                        f"those count as returned unchanged")
            rows.append(row)

    print()
    print(f"| {'restore (diacritics removed, VNTC held-out)':<44} | {'accuracy':>8} | "
          f"{'ignoring case':>13} | {'syllables/s':>11} | {'changed on correct text':>23} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 15}|{'-' * 13}|{'-' * 25}|")
    for row in rows:
        speed = "" if row["name"].startswith("no restore") else f"{row['speed']:,.0f}"
        ch = f"{row['changed']:.2%}" if "changed" in row else ""
        print(f"| {row['name']:<44} | {row['acc']:>8.2%} | {row['nocase']:>13.2%} | {speed:>11} "
              f"| {ch:>23} |")
    if note:
        print(f"\n{note}")
    print("\ntargets (issue 3): restore >= 97%, >= 20,000 syllables/s, < 0.5% changed on "
          "correct text")
    repair_table(args)
    return 0


SAMPLE = Path("src/loa/documents/samples/130-KH-STTTT")


def aligned_accuracy(outputs: list[str], references: list[str]) -> tuple[int, int]:
    """(reference word tokens reproduced exactly, reference word tokens), every text aligned
    with its reference by a word-level edit distance on :func:`fold` keys (rapidfuzz; difflib
    without it), so that a word the OCR lost or split never shifts the rest. Used for repair,
    where the word counts differ; restore keeps the tokens and uses :func:`accuracy`."""
    from loa.vitext import fold
    try:
        from rapidfuzz.distance import Levenshtein
    except ImportError:  # pragma: no cover - rapidfuzz is a dependency
        Levenshtein = None
    good = total = 0
    for out, ref in zip(outputs, references):
        o, r = words(out), words(ref)
        total += len(r)
        fo, fr = [fold(w) for w in o], [fold(w) for w in r]
        if Levenshtein is not None:
            blocks = [(op.src_start, op.dest_start, op.src_end - op.src_start)
                      for op in Levenshtein.opcodes(fr, fo) if op.tag == "equal"]
        else:
            blocks = difflib.SequenceMatcher(None, fr, fo, autojunk=False).get_matching_blocks()
        for a, b, size in blocks:
            good += sum(r[a + k] == o[b + k] for k in range(size))
    return good, total


def repair_table(args) -> None:
    """The repair rows: held-out rendered + OCR'd pages, all of them and the clean ones, and the
    sample plan (see the module documentation)."""
    import json

    from loa.vitext.repair import default_channel_path, get_repairer

    path = Path(args.ocr_pairs)
    if not path.exists() or not default_channel_path().exists():
        print(f"\nrepair skipped: needs {path} (python -m loa.vitext.training.render_pages) "
              f"and the channel model {default_channel_path()}")
        return
    pages = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            page = json.loads(line)
            if page.get("ocr") and not page.get("error"):
                pages.append(page)
            if len(pages) >= args.ocr_pages:
                break
    inputs = [p["ocr"].rstrip("\n") for p in pages]
    refs = ["\n".join(p["ref"]) for p in pages]
    clean = [not p.get("blur") and not p.get("speckle") and not p.get("jpeg_quality")
             for p in pages]
    n_words = sum(len(words(s)) for s in inputs)
    repairer = get_repairer()

    # The pages were typeset from normalize(text): tone marks in the "new" places (hoá, thuỷ),
    # which no OCR output shows; repair is asked for that convention (the default, "old", is
    # what documents use).
    def pages_repair(s):
        return repairer.repair(s, tone_style="new")

    t = time.process_time()
    outputs = [pages_repair(s) for s in inputs]
    elapsed = time.process_time() - t
    rows = []
    for name, subset in (("all held-out pages", [True] * len(pages)), ("clean pages", clean)):
        ins = [x for x, keep in zip(inputs, subset) if keep]
        outs = [x for x, keep in zip(outputs, subset) if keep]
        rs = [x for x, keep in zip(refs, subset) if keep]
        before, total = aligned_accuracy(ins, rs)
        after, _ = aligned_accuracy(outs, rs)
        rows.append((f"{name} ({len(rs)}): OCR as is", before / max(total, 1), None, None))
        speed = n_words / max(elapsed, 1e-9) if name.startswith("all") else None
        changed = None
        if name.startswith("all"):
            changed = sum(a != b for out, ref in zip([repairer.repair(r) for r in refs], refs)
                          for a, b in zip(words(out), words(ref)))
            changed /= max(sum(len(words(r)) for r in refs), 1)
        rows.append((f"{name} ({len(rs)}): repaired", after / max(total, 1), speed, changed))
    sample_note = ""
    ocr_file, ref_file = SAMPLE.with_suffix(".ocr.txt"), SAMPLE.with_suffix(".txt")
    if ocr_file.exists() and ref_file.exists():
        ocr_text = ocr_file.read_text(encoding="utf-8").rstrip("\n")
        ref_text = ref_file.read_text(encoding="utf-8")
        before, total = aligned_accuracy([ocr_text], [ref_text])
        t = time.process_time()
        out = repairer.repair(ocr_text)  # a real document: the default, traditional tone marks
        sample_speed = len(words(ocr_text)) / max(time.process_time() - t, 1e-9)
        after, _ = aligned_accuracy([out], [ref_text])
        rows.append(("sample 130/KH-STTTT: OCR as is", before / total, None, None))
        rows.append(("sample 130/KH-STTTT: repaired", after / total, sample_speed, None))
        lost = len(words("\n".join(ref_text.split("\n")[:4])))
        sample_note = (f"; sample plan: {total:,} reference words, the first {lost} of them "
                       f"(the header lines) missing from the OCR")
    print(f"\n{len(pages)} held-out OCR pages ({path}), word tokens: {n_words:,}{sample_note}\n")
    print(f"| {'repair (tesseract -l eng)':<44} | {'accuracy':>8} | {'syllables/s':>11} | "
          f"{'changed on correct text':>23} |")
    print(f"|{'-' * 46}|{'-' * 10}|{'-' * 13}|{'-' * 25}|")
    for name, acc, speed, changed in rows:
        sp = f"{speed:,.0f}" if speed else ""
        ch = f"{changed:.2%}" if changed is not None else ""
        print(f"| {name:<44} | {acc:>8.2%} | {sp:>11} | {ch:>23} |")
    print("\ntargets (issue 3): repair >= 95% on clean-page OCR, >= 5,000 syllables/s, < 0.5% "
          "changed on correct text")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
