"""The search of repair: per sentence, the candidate sequence maximising ``ln P_LM + channel
cost``, over the lattice of every position's candidates.

Each candidate is ``(word, LM id, cost in nats)``. :func:`prune` runs a bigram max-product
forward-backward pass over all sentences (one LM call) and keeps per position the ``KEEP``
candidates whose best path is within ``PRUNE_BEAM`` nats of the best; :func:`viterbi` then runs
an exact trigram Viterbi over what is left (one more LM call). Sentences are padded with <s>,
and with </s> when they end at . ! ? (``ends``).
"""

from __future__ import annotations

import math

import numpy as np

from ..lm import BOS, EOS, NgramLM

__all__ = ["KEEP", "PRUNE_BEAM", "prune", "viterbi", "windows"]

#: Candidates per position kept for the trigram search, and how far (nats) below the best
#: bigram path a candidate's best path may be (see :func:`prune`).
KEEP, PRUNE_BEAM = 6, 12.0
LN10 = math.log(10)

Lattice = list[list[tuple[str, int, float]]]  # per position, its candidates


def _flatten(sentences, pad: int, ends: list[bool]):
    """The LM ids of all candidates of all sentences in one array, with where each position's
    candidates start, how many it has, and each sentence's (first, end) positions."""
    ids: list[int] = []
    starts: list[int] = []  # flat index of each position's first candidate
    sizes: list[int] = []
    bounds = []
    for cands, end in zip(sentences, ends):
        first = len(starts)
        for group in [((BOS,),)] * pad + list(cands) + ([((EOS,),)] if end else []):
            starts.append(len(ids))
            sizes.append(len(group))
            ids.extend(c[1] if len(c) > 1 else c[0] for c in group)
        bounds.append((first, len(starts)))
    return (np.asarray(ids, dtype=np.int64), np.asarray(starts, dtype=np.int64),
            np.asarray(sizes, dtype=np.int64), bounds)


def windows(lm: NgramLM, sentences, order: int, ends: list[bool]):
    """LM scores (nats) of every n-gram window (``order`` 2 or 3) of the candidate lattice of
    each sentence (padded with <s> and </s>), in one LM call; and per sentence the shape of
    each window. The index arrays are built for all windows at once."""
    pad = order - 1
    ids, starts, sizes, bounds = _flatten(sentences, pad, ends)
    # the last position of every window: every position but the padding at a sentence start
    last = np.concatenate([np.arange(a + pad, b) for a, b in bounds])
    dims = [sizes[last - back] for back in range(pad, -1, -1)]  # (na,) nb, nc
    per = dims[0]
    for d in dims[1:]:
        per = per * d
    offsets = np.concatenate([[0], np.cumsum(per)])
    win = np.repeat(np.arange(len(last)), per)
    local = np.arange(int(offsets[-1])) - offsets[:-1][win]
    # the window's n-gram: a mixed-radix digit per position, the last position fastest
    picked, stride = [], 1
    for back, d in enumerate(reversed(dims)):
        d_w = d[win]
        index = local // stride if back == pad else (local // stride) % d_w
        picked.append(ids[starts[last - back][win] + index])
        stride = stride * d_w
    word, hist = picked[0], picked[:0:-1]
    scores = lm.score_ids(hist, word) * LN10
    shapes = []
    k = 0
    for a, b in bounds:
        count = b - a - pad
        shapes.append(list(zip(*(d[k:k + count].tolist() for d in dims))))
        k += count
    return scores, shapes


def _prune_one(cands: Lattice, mats: list[np.ndarray], end: bool) -> list[list[int]]:
    """The kept candidate indices per position of one sentence, from its bigram matrices."""
    costs = [np.array([c[2] for c in cs]) for cs in cands] + ([np.zeros(1)] if end else [])
    n = len(mats)
    fwd = [np.zeros(1)]
    for i in range(n):
        fwd.append((fwd[-1][:, None] + mats[i]).max(axis=0) + costs[i])
    bwd = [np.zeros(1)] * n + [np.zeros(len(costs[-1]))]
    for i in range(n - 1, -1, -1):
        bwd[i] = (mats[i] + (costs[i] + bwd[i + 1])[None, :]).max(axis=1)
    floor = float(fwd[n].max()) - PRUNE_BEAM
    kept = []
    for i in range(1, len(cands) + 1):
        size = len(cands[i - 1])
        if size == 1:
            kept.append([0])
            continue
        marg = fwd[i] + bwd[i]
        order = np.argsort(-marg)[:KEEP] if size > KEEP else np.argsort(-marg)
        kept.append([int(k) for k in order if marg[k] >= floor] or [int(order[0])])
    return kept


def prune(lm: NgramLM, sentences: list[Lattice], ends: list[bool]) -> list[list[list[int]]]:
    """The candidates worth a trigram search: a bigram forward-backward (max-product) pass
    over all sentences (one LM call) gives every candidate the score of the best bigram path
    through it; per position the ``KEEP`` best within ``PRUNE_BEAM`` nats of the best path are
    kept. Returns the kept indices per position of each sentence."""
    scores, shapes_all = windows(lm, sentences, 2, ends)
    kept_all = []
    off = 0
    for cands, shapes, end in zip(sentences, shapes_all, ends):
        mats = []
        for na, nb in shapes:
            mats.append(scores[off:off + na * nb].reshape(na, nb))
            off += na * nb
        kept_all.append(_prune_one(cands, mats, end))
    return kept_all


def _viterbi_one(cands: Lattice, shapes, scores: np.ndarray, off: int) -> tuple[list[int], int]:
    """The best path (an index per position) of one sentence from its trigram scores, which
    start at ``off`` in ``scores``; and the offset after them."""
    costs = [np.array([c[2] for c in cs]) for cs in cands] + [np.zeros(1)]  # (</s>)
    delta = np.zeros((1, 1))
    backs = []
    for i, (na, nb, nc) in enumerate(shapes):
        size = na * nb * nc
        s = scores[off:off + size].reshape(na, nb, nc)
        off += size
        total = delta[:, :, None] + s
        if na == 1:
            back = None
            delta = total[0] + costs[i][None, :]
        else:
            back = total.argmax(axis=0)
            delta = np.take_along_axis(total, back[None], axis=0)[0] + costs[i][None, :]
        backs.append(back)
    # delta: (last two positions); walk back
    ib, ic = divmod(int(np.argmax(delta)), delta.shape[1])
    path = [ic, ib]
    for back in reversed(backs[1:]):
        ia = 0 if back is None else int(back[ib, ic])
        path.append(ia)
        ib, ic = ia, ib
    path.reverse()  # indices for BOS, (BOS), cands..., EOS
    return path[1:1 + len(cands)], off


def viterbi(lm: NgramLM, sentences: list[Lattice], ends: list[bool] | None = None
            ) -> list[list[int]]:
    """Trigram Viterbi over the candidate lists of each sentence, after :func:`prune` (one LM
    call each for all sentences); returns the chosen index per position of each sentence."""
    if not sentences:
        return []
    if ends is None:
        ends = [True] * len(sentences)
    if KEEP:
        kept_all = prune(lm, sentences, ends)
    else:
        kept_all = [[list(range(len(cs))) for cs in cands] for cands in sentences]
    sentences = [[[cs[k] for k in kept] for cs, kept in zip(cands, kepts)]
                 for cands, kepts in zip(sentences, kept_all)]
    scores, shapes_all = windows(lm, sentences, 3, ends)
    results = []
    off = 0
    for cands, shapes in zip(sentences, shapes_all):
        path, off = _viterbi_one(cands, shapes, scores, off)
        results.append(path)
    return [[kept[k] for kept, k in zip(kepts, path)]
            for kepts, path in zip(kept_all, results)]
