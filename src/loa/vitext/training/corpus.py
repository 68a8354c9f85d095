"""The training corpus (VNTC as JSON lines) and its held-out split, shared by the language
model's trainer, the page renderer and ``benchmarks.vitext``.

About 2% of the articles — those whose md5(id), first four bytes big-endian, is below
``HELDOUT_PER_MILLE`` modulo 1000 — are held out: never trained on, never rendered for the
channel model's training; the benchmarks measure on them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

__all__ = ["HELDOUT_PER_MILLE", "is_heldout", "read_corpus"]

HELDOUT_PER_MILLE = 20


def is_heldout(article_id: str) -> bool:
    """Whether an article belongs to the held-out 2% (deterministic: md5 of its id)."""
    digest = hashlib.md5(article_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 1000 < HELDOUT_PER_MILLE


def read_corpus(path, heldout: bool = False) -> Iterator[dict]:
    """The articles of a JSON-lines corpus (gzip or plain): the training part, or the held-out
    part."""
    path = Path(path)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for n, line in enumerate(f):
            if not line.strip():
                continue
            article = json.loads(line)
            article_id = str(article.get("id", n))
            if is_heldout(article_id) == heldout:
                yield article
