"""restore(): put the diacritics back into Vietnamese typed without them.

    >>> restore("Thuc hien Quyet dinh so 628/QD-TTg ngay 11/05/2020.")   # doctest: +SKIP
    'Thực hiện Quyết định số 628/QĐ-TTg ngày 11/05/2020.'

How: every word token without diacritics gets as candidates the vocabulary syllables whose
:func:`~loa.vitext.fold` equals its own ("duong" -> đường, dương, dưỡng, ...; at most
``MAX_CANDIDATES``, the most frequent; the fold -> candidates index is built once at load time).
Where a word has more than ``PRUNE`` candidates, a cheap bigram pass keeps the ``PRUNE`` best
(best bigram from the previous word's candidates + best bigram to the next word's). Then the
syllable n-gram model (:mod:`loa.vitext.lm`) picks the most probable sequence per sentence with
an exact Viterbi search over the last ``order - 1`` choices (sentences end at . ! ? ... and line
ends; every line is decoded on its own). The scores of all windows are looked up in one numpy
batch per call, and cached per candidate-set window, so long texts and repeated phrases get
faster. Then the original letter case is put back letter by letter ("HA NOI" -> "HÀ NỘI",
"Ha Noi" -> "Hà Nội").

What is kept as it is:

* numbers, dates, document symbols (628/QĐ-TTg), URLs, e-mails, punctuation, the spacing and the
  line breaks (the result is NFC);
* words that already carry a diacritic (or đ): mixed input — some words typed with marks, some
  without — is common, and a word typed with marks is trusted; only mark-less words are restored.
  The kept words still serve as context for their neighbours;
* whole lines typed with diacritics: when at least half of a line's words (and at least two)
  carry marks, its mark-less words ("cho", "con", "Phnom") are taken as meant and the line is
  kept (``ACCENTED_SHARE``); so correct text passes through unchanged;
* words with digits (s6, F0, 5G) and words of which the model knows no marked form.

Tone-mark placement of the restored words follows ``tone_style``: "old" (hòa, thủy — the
default, the traditional placement that Vietnamese news and administrative documents use: about
94% of such words in VNTC, and plan 130/KH-STTTT writes "khóa", "hóa") or "new" (hoà, thuỷ, the
school rule, :func:`~loa.vitext.normalize`'s default). Words kept from the input keep theirs.

The model is loaded on first use from ``$LOA_VITEXT_MODEL`` or ``loa/vitext/data/ngram.npz``
(build it with ``make model`` or ``python -m loa.vitext.train``).
"""

from __future__ import annotations

import os
import threading
import unicodedata
from pathlib import Path

import numpy as np

from .lm import BOS, EOS, SPECIALS, UNK, NgramLM, lm_token
from .syllable import _place_tone
from .tokens import tokenize_spans

__all__ = ["MAX_CANDIDATES", "Restorer", "default_model_path", "get_restorer", "restore",
           "strip_diacritics"]

MAX_CANDIDATES = 16
#: Scores kept in the per-restorer cache of window score blocks (floats; ~8 bytes each).
CACHE_SCORES = 2_000_000
#: Before the full search, a bigram pass keeps this many candidates per position.
PRUNE = 4
#: A line of which at least this share of the words carry diacritics counts as typed with
#: diacritics and is kept as it is (its plain words were meant plain).
ACCENTED_SHARE = 0.5
ENV_VAR = "LOA_VITEXT_MODEL"

_BOS, _EOS = (BOS,), (EOS,)
_ASCII_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")


def strip_diacritics(text: str) -> str:
    """``text`` without Vietnamese diacritics, case kept: "Đường Hoà" -> "Duong Hoa"."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text)


def _fold_word(word: str) -> str:
    return strip_diacritics(word).lower()


def _apply_case(word: str, template: str) -> str:
    """``word`` (lower case) with the case pattern of ``template`` (same length, ASCII)."""
    if template.islower():
        return word
    if len(word) == len(template):
        return "".join(c.upper() if t.isupper() else c for c, t in zip(word, template))
    if template.isupper():
        return word.upper()
    return word[:1].upper() + word[1:]


class Restorer:
    """The candidate index and the decoder over one :class:`NgramLM`."""

    def __init__(self, lm: NgramLM, max_candidates: int = MAX_CANDIDATES, prune: int = PRUNE,
                 local_prune: bool = True, accented_share: float = ACCENTED_SHARE):
        self.lm = lm
        self.prune = prune
        self.accented_share = accented_share
        self.local_prune = local_prune
        self.order = lm.order
        unigram = lm.logp[0]
        index: dict[str, list[int]] = {}
        for i, word in enumerate(lm.vocab):
            if i < len(SPECIALS) or not word:
                continue
            key = _fold_word(word)
            if key and set(key) <= _ASCII_WORD and len(key) == len(word):
                index.setdefault(key, []).append(i)
        self.index: dict[str, tuple[tuple[int, ...], list[str]]] = {}
        for key, ids in index.items():
            ids.sort(key=lambda i: -unigram[i])
            ids = ids[:max_candidates]
            self.index[key] = (tuple(ids), [lm.vocab[i] for i in ids])
        self._cache: dict[tuple, np.ndarray] = {}
        self._mm: dict[tuple, tuple[list[float], list[float]]] = {}
        self._cached = 0

    # -- one text ----------------------------------------------------------------------------

    def _prepare(self, line: str):
        """(NFC line, tokens, sentences); a sentence is a list of (candidate ids, candidate
        words or None for a kept token, token index)."""
        line = unicodedata.normalize("NFC", line)
        tokens = tokenize_spans(line)
        sentences: list[list[tuple[list[int], list[str] | None, int]]] = []
        current: list[tuple[list[int], list[str] | None, int]] = []
        ids = self.lm.ids
        index = self.index
        # A line typed with diacritics (most of its words carry marks) is left as it is: its
        # mark-less words (cho, con, Phnom) were meant that way.
        plain = marked = 0
        for token in tokens:
            if token.kind == "word":
                if token.text.isascii():
                    plain += token.text.isalpha()
                elif token.text.isalpha():
                    marked += 1
        if marked >= 2 and marked >= self.accented_share * (plain + marked):
            index = {}
        for t, token in enumerate(tokens):
            text, kind = token.text, token.kind
            if kind == "word":
                if text.isascii() and text.isalpha():
                    low = text.lower()
                    entry = index.get(low)
                    if entry is not None:
                        current.append((entry[0], entry[1], t))
                    else:
                        current.append(((ids.get(low, UNK),), None, t))
                    continue
                tok = _place_tone(lm_token(text, kind) or "", "new")
                current.append(((ids.get(tok, UNK),), None, t))
                continue
            tok = lm_token(text, kind)
            if tok is None:
                if current:
                    sentences.append(current)
                current = []
                continue
            current.append(((ids.get(tok, UNK),), None, t))
        if current:
            sentences.append(current)
        return line, tokens, sentences

    def restore(self, text: str, tone_style: str = "old") -> str:
        if not text:
            return ""
        lines = [self._prepare(line) for line in text.split("\n")]
        todo = [sentence for _l, _t, sentences in lines for sentence in sentences
                if any(words is not None and len(words) > 1 for _c, words, _t in sentence)]
        choices = iter(self._decode([[c for c, _w, _t in s] for s in todo]))
        out_lines = []
        for line, tokens, sentences in lines:
            replace: dict[int, str] = {}
            for sentence in sentences:
                ambiguous = any(words is not None and len(words) > 1
                                for _c, words, _t in sentence)
                choice = next(choices) if ambiguous else [0] * len(sentence)
                for (_c, words, t), k in zip(sentence, choice):
                    if words is None:
                        continue
                    word = words[k]
                    if tone_style != "new":
                        word = _place_tone(word, tone_style)
                    original = tokens[t].text
                    new = _apply_case(word, original)
                    if new != original:
                        replace[t] = new
            if replace:
                parts, pos = [], 0
                for t in sorted(replace):
                    token = tokens[t]
                    parts.append(line[pos:token.start])
                    parts.append(replace[t])
                    pos = token.end
                parts.append(line[pos:])
                line = "".join(parts)
            out_lines.append(line)
        return "\n".join(out_lines)

    # -- decoding ----------------------------------------------------------------------------

    def _decode(self, sentences: list[list[list[int]]]) -> list[list[int]]:
        """Exact Viterbi per sentence: the index of the best candidate at every position.

        The scores of all n-gram windows of all sentences are looked up in one numpy batch
        (the windows' candidate combinations are built with mixed-radix arithmetic), then the
        dynamic programme runs in plain Python over the last ``order - 1`` choices."""
        if not sentences:
            return []
        h = self.order - 1
        keep = None
        if self.prune and h > 1 and any(len(c) > self.prune for cands in sentences
                                         for c in cands):
            keep = (self._prune_local if self.local_prune else self._prune)(sentences)
            sentences = [[tuple([c[k] for k in kept]) for c, kept in zip(cands, kept_s)]
                         for cands, kept_s in zip(sentences, keep)]
        results = self._viterbi(sentences, h)
        if keep is None:
            return results
        return [[kept[k] for k, kept in zip(choice, kept_s)]
                for choice, kept_s in zip(results, keep)]

    def _layout(self, sentences: list[list[list[int]]], h: int):
        """Flatten sentences (padded with h <s> and one </s>) and score every window of h+1
        positions that has a choice, in one batch."""
        flat: list[int] = []
        sizes: list[int] = []
        cand_at: list[tuple[int, ...]] = []
        windows: list[int] = []  # global position of each window's last token
        bounds: list[tuple[int, int]] = []  # (first window index, window count) per sentence
        for cands in sentences:
            base = len(sizes)
            for _ in range(h):
                flat.append(BOS)
                sizes.append(1)
                cand_at.append(_BOS)
            for c in cands:
                flat.extend(c)
                sizes.append(len(c))
                cand_at.append(c)
            flat.append(EOS)
            sizes.append(1)
            cand_at.append(_EOS)
            bounds.append((len(windows), len(cands) + 1))
            windows.extend(range(base + h, len(sizes)))
        n = np.array(sizes, dtype=np.int64)
        start = np.zeros(len(n), dtype=np.int64)
        np.cumsum(n[:-1], out=start[1:])
        win = np.array(windows, dtype=np.int64)
        m = np.ones(len(win), dtype=np.int64)
        for j in range(h + 1):
            m *= n[win - j]
        m_list = m.tolist()
        # Blocks of scores are cached by the candidate sets of the window: the same pairs and
        # triples of ambiguous words ("cac co", "tuyen truyen") come back all the time.
        cache = self._cache
        offsets = [0] * len(windows)
        parts: list[np.ndarray] = []
        need: list[int] = []  # windows to score
        need_parts: list[int] = []  # their index in parts
        total = 0
        for w, mw in enumerate(m_list):
            if mw == 1:
                continue
            p = windows[w]
            key = (h, *cand_at[p - h:p + 1])
            offsets[w] = total
            total += mw
            block = cache.get(key)
            if block is None:
                need.append(w)
                need_parts.append(len(parts))
                parts.append(None)  # type: ignore[arg-type]
            else:
                parts.append(block)
        if need:
            ws = win[need]
            ms = m[need]
            new_total = int(ms.sum())
            owner = np.repeat(np.arange(len(ws)), ms)
            starts = np.cumsum(ms) - ms
            r = np.arange(new_total, dtype=np.int64) - np.repeat(starts, ms)
            pos = ws[owner]
            flat_ids = np.array(flat, dtype=np.int64)
            cols = []
            for j in range(h + 1):  # from the last position backwards
                q = pos - j
                size = n[q]
                cols.append(flat_ids[start[q] + r % size])
                r = r // size
            cols.reverse()
            fresh = self.lm.score_ids(cols[:-1], cols[-1])
            if self._cached + new_total > CACHE_SCORES:
                cache.clear()
                self._cached = 0
            self._cached += new_total
            for w, k, st, mw in zip(need, need_parts, starts.tolist(), ms.tolist()):
                block = fresh[st:st + mw]
                parts[k] = block
                p = windows[w]
                cache[(h, *cand_at[p - h:p + 1])] = block
        scores_np = np.concatenate(parts) if parts else np.zeros(0)
        return sizes, windows, bounds, m_list, offsets, scores_np

    def _prune_local(self, sentences: list[list[tuple[int, ...]]]) -> list[list[list[int]]]:
        """Per position, the indices of the ``prune`` candidates with the best local bigram
        score: the best bigram from the previous position's candidates plus the best bigram
        to the next position's (both maxima cached per pair of candidate sets)."""
        K = self.prune
        cache = self._mm
        missing: dict[tuple, None] = {}
        for cands in sentences:
            seq = [_BOS, *cands, _EOS]
            for i in range(1, len(seq)):
                a, b = seq[i - 1], seq[i]
                if (len(a) > K or len(b) > K) and (a, b) not in cache:
                    missing[(a, b)] = None
        if missing:
            hist: list[int] = []
            word: list[int] = []
            for a, b in missing:
                for x in a:
                    hist.extend([x] * len(b))
                    word.extend(b)
            scores = self.lm.score_ids([np.array(hist, dtype=np.int64)],
                                       np.array(word, dtype=np.int64))
            if len(cache) > CACHE_SCORES // 64:
                cache.clear()
            pos = 0
            for a, b in missing:
                block = scores[pos:pos + len(a) * len(b)].reshape(len(a), len(b))
                pos += len(a) * len(b)
                cache[(a, b)] = (block.max(axis=0).tolist(), block.max(axis=1).tolist())
        out = []
        for cands in sentences:
            seq = [_BOS, *cands, _EOS]
            kept_s = []
            for i in range(1, len(seq) - 1):
                c = seq[i]
                if len(c) <= K:
                    kept_s.append(list(range(len(c))))
                    continue
                left = cache[(seq[i - 1], c)][0]
                right = cache[(c, seq[i + 1])][1]
                ranked = sorted(range(len(c)), key=lambda k: -(left[k] + right[k]))
                kept_s.append(sorted(ranked[:K]))
            out.append(kept_s)
        return out

    def _prune(self, sentences: list[list[list[int]]]) -> list[list[list[int]]]:
        """Per position, the indices of the ``prune`` candidates with the best bigram
        max-marginal score (forward and backward Viterbi over the bigram model)."""
        sizes, windows, bounds, m_list, off_list, scores_np = self._layout(sentences, 1)
        scores = scores_np.tolist()
        K = self.prune
        out = []
        for (first, count), cands in zip(bounds, sentences):
            # forward: fwd[k] = best score of a path ending in each candidate of position k
            fwd = []
            prev = [0.0]
            for k in range(count):
                w = first + k
                p = windows[w]
                nc = sizes[p]
                mw = m_list[w]
                if mw == 1:
                    cur = [prev[0]]
                elif mw > 16:
                    off = off_list[w]
                    block = scores_np[off:off + mw].reshape(len(prev), nc)
                    cur = (block + np.array(prev)[:, None]).max(axis=0).tolist()
                else:
                    off = off_list[w]
                    cur = [max(prev[b] + scores[off + b * nc + c] for b in range(len(prev)))
                           for c in range(nc)]
                fwd.append(cur)
                prev = cur
            # backward
            nxt = [0.0]
            kept_s = [None] * (count - 1)
            for k in range(count - 1, 0, -1):
                w = first + k  # window (k-1 -> k); position k-1 is cands[k-1]
                p = windows[w]
                nc = sizes[p]
                nb = sizes[p - 1]
                mw = m_list[w]
                if mw == 1:
                    back = [nxt[0]] * nb
                elif mw > 16:
                    off = off_list[w]
                    block = scores_np[off:off + mw].reshape(nb, nc)
                    back = (block + np.array(nxt)[None, :]).max(axis=1).tolist()
                else:
                    off = off_list[w]
                    back = [max(scores[off + b * nc + c] + nxt[c] for c in range(nc))
                            for b in range(nb)]
                if nb > K:
                    f = fwd[k - 1]
                    ranked = sorted(range(nb), key=lambda b: -(f[b] + back[b]))
                    kept_s[k - 1] = sorted(ranked[:K])
                else:
                    kept_s[k - 1] = list(range(nb))
                nxt = back
            out.append(kept_s)
        return out

    def _viterbi(self, sentences: list[list[list[int]]], h: int) -> list[list[int]]:
        sizes, windows, bounds, m_list, off_list, scores_np = self._layout(sentences, h)
        scores = scores_np.tolist()
        n_list = sizes
        results = []
        for first, count in bounds:
            delta = [0.0]
            backs = []
            for w in range(first, first + count):
                mw = m_list[w]
                p = windows[w]
                if mw == 1:
                    backs.append(None)
                    continue
                np_ = n_list[p]
                na = n_list[p - h]
                S = mw // na
                off = off_list[w]
                new = [-1e30] * S
                back = [0] * S
                for a in range(na):
                    base = a * S
                    for s in range(S):
                        v = delta[(base + s) // np_] + scores[off + base + s]
                        if v > new[s]:
                            new[s] = v
                            back[s] = a
                delta = new
                backs.append(back)
            # backtrack
            s = max(range(len(delta)), key=delta.__getitem__)
            choice = [0] * count
            for k in range(count - 1, -1, -1):
                w = first + k
                p = windows[w]
                np_ = n_list[p]
                choice[k] = s % np_
                back = backs[k]
                if back is None:
                    s = s // np_
                else:
                    S = m_list[w] // n_list[p - h]
                    s = (back[s] * S + s) // np_
            results.append(choice[:-1])  # the last window is </s>
        return results


# ---------------------------------------------------------------------------------------------
# The default model, loaded once


_lock = threading.Lock()
_restorer: Restorer | None = None


def default_model_path() -> Path:
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(__file__).parent / "data" / "ngram.npz"


def get_restorer() -> Restorer:
    """The shared :class:`Restorer` over the default model (loaded on first call)."""
    global _restorer
    if _restorer is None:
        with _lock:
            if _restorer is None:
                path = default_model_path()
                if not path.exists():
                    raise FileNotFoundError(
                        f"Vietnamese language model not found: {path}. Build it with `make "
                        f"model` or `python -m loa.vitext.train --corpus "
                        f"../shared/data/vntc/train.jsonl.gz --out {path}`, or point "
                        f"{ENV_VAR} at a model file.")
                _restorer = Restorer(NgramLM.load(path))
    return _restorer


def restore(text: str, tone_style: str = "old") -> str:
    """``text`` with the diacritics of its mark-less Vietnamese words restored.

    Numbers, symbols, URLs, punctuation, spacing and line breaks are kept; words that already
    carry marks are kept; the letter case is kept. See the module documentation."""
    if tone_style not in ("new", "old"):
        raise ValueError(f"tone_style must be 'new' or 'old', not {tone_style!r}")
    if not text:
        return ""
    return get_restorer().restore(text, tone_style)
