"""Train the syllable n-gram model from the VNTC corpus.

    python -m loa.vitext.training.train_lm --corpus ../shared/data/vntc/train.jsonl.gz \\
        ../shared/data/vntc/extra.jsonl.gz --out src/loa/vitext/data/ngram.npz \\
        [--order 4] [--min-count 1 1 2] [--min-word-count 2]

(those are the defaults: the shipped model's recipe — 4-grams, 4-grams seen at least twice, all
bigrams and trigrams, words seen at least twice, and the case statistics; 49 MB, 3.7 GB of memory
at the peak, about 4 minutes of CPU on 2 cores: 11 minutes on the busy build machine.)

The corpus is JSON lines (gzip or plain) with a "text" field and an "id"; several may be given
(``--corpus ../shared/data/vntc/train.jsonl.gz ../shared/data/vntc/extra.jsonl.gz``). About 2%
of the articles — those whose md5(id) falls in the held-out range, see
:func:`~loa.vitext.training.corpus.is_heldout` — are never trained on; ``benchmarks.vitext``
measures on them. Tokenising runs on ``--jobs`` processes
(default 2); counting and Kneser-Ney estimation are numpy.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Iterator
from multiprocessing import Pool
from pathlib import Path

import numpy as np

from .. import registry
from ..lm import (
    BOS,
    EOS,
    SPECIALS,
    UNK,
    NgramLM,
    build_vocab,
    case_model,
    sentences_cased,
    train_counts,
)
from .corpus import read_corpus

__all__ = ["train_corpus"]


def _tokenise_chunk(texts: list[str]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Worker: a local vocabulary, the id stream (<s> ... </s> per sentence) and, per token,
    how its word was written (:func:`~loa.vitext.lm.sentences_cased`; -1 for the rest)."""
    local: dict[str, int] = {w: i for i, w in enumerate(SPECIALS)}
    out: list[int] = []
    case: list[int] = []
    for text in texts:
        for sentence, cases in sentences_cased(text):
            out.append(BOS)
            for w in sentence:
                i = local.get(w)
                if i is None:
                    i = local[w] = len(local)
                out.append(i)
            out.append(EOS)
            case.append(-1)
            case.extend(cases)
            case.append(-1)
    return list(local), np.array(out, dtype=np.int32), np.array(case, dtype=np.int8)


def _articles(paths) -> Iterator[dict]:
    for path in ([paths] if isinstance(paths, (str, os.PathLike)) else paths):
        yield from read_corpus(path)


def _chunks(paths, size: int, limit: int | None) -> Iterator[list[str]]:
    chunk: list[str] = []
    for n, article in enumerate(_articles(paths)):
        if limit is not None and n >= limit:
            break
        chunk.append(article.get("text") or "")
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def train_corpus(corpus, out=None, order: int = 4, min_count: int | list[int] = (1, 1, 2),
                 min_word_count: int = 2, jobs: int = 2, limit: int | None = None,
                 log=print) -> NgramLM:
    """Tokenise, count, estimate and (if ``out``) save; returns the model. ``corpus`` is one
    path or a list of paths (the held-out articles of each are skipped)."""
    t0 = time.time()
    words: dict[str, int] = {w: i for i, w in enumerate(SPECIALS)}
    parts: list[np.ndarray] = []
    case_parts: list[np.ndarray] = []
    n_tokens = 0
    chunks = _chunks(corpus, 200, limit)
    with Pool(jobs) if jobs > 1 else _NoPool() as pool:
        for n, (local, ids, cases) in enumerate(pool.imap(_tokenise_chunk, chunks)):
            remap = np.empty(len(local), dtype=np.int32)
            for i, w in enumerate(local):
                g = words.get(w)
                if g is None:
                    g = words[w] = len(words)
                remap[i] = g
            parts.append(remap[ids])
            case_parts.append(cases)
            n_tokens += len(ids)
            if n % 20 == 0:
                log(f"  tokenised {(n + 1) * 200:,} articles, {n_tokens:,} tokens, "
                    f"{len(words):,} types ({time.time() - t0:.0f} s)")
    stream = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
    del parts
    log(f"tokens: {len(stream):,} (with sentence marks), types: {len(words):,} "
        f"({time.time() - t0:.0f} s)")
    counts_arr = np.bincount(stream, minlength=len(words))
    all_words = list(words)
    counts = {w: int(counts_arr[i]) for i, w in enumerate(all_words)}
    vocab = build_vocab(counts, min_word_count)
    final = {w: i for i, w in enumerate(vocab)}
    lut = np.array([final.get(w, UNK) for w in all_words], dtype=np.int32)
    stream = lut[stream]
    log(f"vocabulary: {len(vocab):,} words (seen >= {min_word_count} times)")
    cases = np.concatenate(case_parts) if case_parts else np.zeros(0, dtype=np.int8)
    del case_parts
    word = cases >= 0
    case_counts = np.bincount(stream[word].astype(np.int64) * 8 + cases[word],
                              minlength=len(vocab) * 8).reshape(len(vocab), 8)
    del cases, word
    model = train_counts(stream, vocab, order, min_count, log=log)
    model.case_logp = case_model(case_counts)
    log(f"model: {model!r} ({time.time() - t0:.0f} s)")
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        model.save(out)
        log(f"saved {out}: {out.stat().st_size / 1e6:.1f} MB ({time.time() - t0:.0f} s)")
    return model


class _NoPool:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def imap(self, func, items):
        return map(func, items)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m loa.vitext.training.train_lm",
                                     description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", nargs="+", default=["../shared/data/vntc/train.jsonl.gz",
                                                        "../shared/data/vntc/extra.jsonl.gz"],
                        help="one or more JSON-lines corpora (VNTC train, and extra: its test "
                             "part, same MIT licence)")
    parser.add_argument("--out", default=str(registry.DATA_DIR / "ngram.npz"))
    parser.add_argument("--order", type=int, default=4)
    parser.add_argument("--min-count", type=int, nargs="+", default=[1, 1, 2],
                        help="prune n-grams (order >= 2) seen fewer times; one value, or one "
                             "per order from 2 up")
    parser.add_argument("--min-word-count", type=int, default=2)
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--limit", type=int, default=None, help="use only N articles")
    args = parser.parse_args(argv)
    for corpus in args.corpus:
        if not Path(corpus).exists():
            print(f"corpus not found: {corpus}", file=sys.stderr)
            return 2
    mc = args.min_count if len(args.min_count) > 1 else args.min_count[0]
    train_corpus(args.corpus, args.out, args.order, mc, args.min_word_count, args.jobs,
                 args.limit, log=lambda m: print(m, flush=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
