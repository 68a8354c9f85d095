"""restore(): put the diacritics back into Vietnamese typed without them.

    >>> restore("Thuc hien Quyet dinh so 628/QD-TTg ngay 11/05/2020.")   # doctest: +SKIP
    'Thực hiện Quyết định số 628/QĐ-TTg ngày 11/05/2020.'

How: every word token without diacritics gets as candidates the vocabulary syllables whose
:func:`~loa.vitext.fold` equals its own ("duong" -> đường, dương, dưỡng, ...; at most
``MAX_CANDIDATES``, the most frequent first; the index is built once at load time). A bigram pass
scores every pair of neighbouring candidates (the bigrams are also indexed by the folds of their
words, so one search finds all stored bigrams of two positions) and each position keeps at most
``PRUNE`` candidates, those within ``MARGIN`` (log10) of its best (best bigram from the left plus
best bigram to the right). Then the syllable n-gram model (:mod:`loa.vitext.lm`, 4-grams) picks
the most probable sequence per sentence with an exact Viterbi search over the last ``order - 1``
choices (sentences end at . ! ? ... and line ends; every line is decoded on its own); the
n-grams of all sentences of one call are looked up in one numpy batch per order. How the word
was typed counts too: the model knows, per word, how often it is written lower case, capitalised
or in capitals, at the start of a sentence or after a word (``lm.case_logp``), so "Tu" in
mid-sentence leans to the name "Tú" and "tu" to "tu". Then the original letter case is put back
letter by letter ("HA NOI" -> "HÀ NỘI", "Ha Noi" -> "Hà Nội").

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
(the model "vitext.restorer" of :mod:`loa.vitext.registry`; build it with ``make model`` or
``python -m loa.vitext.training.train_lm``).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np

from . import registry
from .lm import BITS, BOS, EOS, MASK, SPECIALS, UNK, NgramLM, case_class, lm_token
from .syllable import _place_tone
from .tokens import tokenize_spans

__all__ = ["MAX_CANDIDATES", "Restorer", "default_model_path", "get_restorer", "restore",
           "strip_diacritics"]

#: Candidates per word: the vocabulary words of the same fold, most frequent first (the largest
#: fold, "nga", has 30; rare forms are sometimes the right ones).
MAX_CANDIDATES = 32
#: Before the full search, a bigram pass keeps at most this many candidates per position ...
PRUNE = 6
#: ... and of those only the ones whose bigram score is within this margin (log10) of the best.
MARGIN = 2.5
#: Viterbi steps over at least this many n-gram combinations use numpy, smaller ones Python.
NUMPY_WINDOW = 48
#: Keys per block of the two-level search of the n-gram tables.
FIND_BLOCK = 16
#: Positions (sentences x longest sentence) decoded in one batch: bounds the memory.
CHUNK_CELLS = 4096
NEG = -1e9
#: A line of which at least this share of the words carry diacritics counts as typed with
#: diacritics and is kept as it is (its plain words were meant plain).
ACCENTED_SHARE = 0.5
ENV_VAR = "LOA_VITEXT_MODEL"



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
                 accented_share: float = ACCENTED_SHARE, margin: float = MARGIN):
        self.lm = lm
        self.prune = max(1, prune)
        self.margin = margin
        self.accented_share = accented_share
        self.order = lm.order
        V = len(lm.vocab)
        self._V = V
        unigram = lm.logp[0]
        vocab = lm.vocab
        # the fold of every character once, then of every word with str.translate
        chars = {ch for word in vocab for ch in word}
        strip = str.maketrans({ch: _fold_word(ch) for ch in chars})
        keys: list[str] = []
        members: list[int] = []
        for i in range(len(SPECIALS), V):
            word = vocab[i]
            key = word.translate(strip)
            if key and len(key) == len(word) and key.isascii() and key.isalpha():
                keys.append(key)
                members.append(i)
        # Candidate rows: row i < V is the fixed word i alone; row V + g the candidates of
        # group g (the words sharing one fold, most frequent first, at most max_candidates).
        # fold[w] is shared by the words of a group (n-grams are found by their folds), and
        # rank[w] is w's place in its group.
        number: dict[str, int] = {}
        group = np.array([number.setdefault(key, len(number)) for key in keys], dtype=np.int64)
        ids = np.array(members, dtype=np.int64)
        by = np.lexsort((-unigram[ids], group)) if len(ids) else np.zeros(0, dtype=np.int64)
        group, ids = group[by], ids[by]
        G = len(number)
        size = np.bincount(group, minlength=G)
        first = np.cumsum(size) - size
        place = np.arange(len(ids)) - first[group]
        width = int(min(max(size.max(initial=1), 1), max_candidates))
        table = np.zeros((V + G, width), dtype=np.int64)  # padded with 0 (<s>, never a candidate)
        table[:V, 0] = np.arange(V)
        count = np.ones(V + G, dtype=np.int64)
        count[V:] = np.minimum(size, max_candidates)
        fold = np.arange(V, dtype=np.int64)
        fold[ids] = V + group
        rank = np.zeros(V, dtype=np.int64)
        rank[ids] = place
        shown = place < max_candidates
        table[V + group[shown], place[shown]] = ids[shown]
        ids_l, first_l, count_l = ids.tolist(), first.tolist(), count[V:].tolist()
        self.index: dict[str, tuple[int, list[str]]] = {
            key: (V + g, [vocab[i] for i in ids_l[first_l[g]:first_l[g] + count_l[g]]])
            for key, g in number.items()}
        self._table, self._count, self._rank = table, count, rank
        # per candidate row: back-off weights and probabilities of its candidates, NEG in the
        # padding (so a bigram block is one sum, and padding can never be chosen)
        pad = np.arange(width)[None, :] >= count[:, None]
        self._row_bo1 = np.where(pad, NEG, lm.bow[0][table]).astype(np.float32)
        self._row_p1 = np.where(pad, NEG, lm.logp[0][table]).astype(np.float32)
        self._row_fold = np.concatenate([fold, V + np.arange(G, dtype=np.int64)])
        # The bigrams sorted by the folds of their words: one search finds all the bigrams
        # of two positions' candidates.
        if self.order > 1 and len(lm.keys[1]):
            k2 = lm.keys[1]
            u = (k2 >> np.uint64(BITS)).astype(np.int64)
            w = (k2 & np.uint64(MASK)).astype(np.int64)
            fk = (fold[u] << 32) | fold[w]
            by_fold = np.argsort(fk, kind="stable")
            self._fk2 = fk[by_fold]
            self._u2 = u[by_fold].astype(np.int32)
            self._w2 = w[by_fold].astype(np.int32)
            self._lp2 = lm.logp[1][by_fold]
            self._bo2 = lm.bow[1][by_fold]
        else:
            self._fk2 = np.zeros(0, dtype=np.int64)
        self._old: dict[str, str] = {}
        self._top: dict[int, np.ndarray] = {}
        for k in range(2, self.order):
            self._find(k, np.zeros(0, dtype=np.uint64))  # builds the index of the blocks
        self.case_logp = getattr(lm, "case_logp", None)

    def _find(self, k: int, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(index, found) of ``query`` in the sorted keys of order k + 1. Two levels: every
        ``FIND_BLOCK``-th key (small enough to stay in the CPU cache) gives the block, then one
        pass over the block; about twice as fast as a binary search of the whole array."""
        keys = self.lm.keys[k]
        top = self._top.get(k)
        if top is None:
            top = self._top[k] = keys[::FIND_BLOCK].copy()
        if len(keys) == 0:
            return np.zeros(len(query), dtype=np.int64), np.zeros(len(query), dtype=bool)
        base = np.maximum(np.searchsorted(top, query, "right") - 1, 0) * FIND_BLOCK
        block = keys[np.minimum(base[:, None] + np.arange(FIND_BLOCK), len(keys) - 1)]
        idx = np.minimum(base + (block < query[:, None]).sum(axis=1), len(keys) - 1)
        return idx, keys[idx] == query

    # -- one text ----------------------------------------------------------------------------

    def _prepare(self, line: str):
        """(NFC line, tokens, sentences); a sentence is a list of (candidate row, candidate
        words or None for a kept token, token index)."""
        line = unicodedata.normalize("NFC", line)
        tokens = tokenize_spans(line)
        sentences: list[list[tuple[int, list[str] | None, int]]] = []
        current: list[tuple[int, list[str] | None, int]] = []
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
        after_word = 0  # the case context: 1 after a word, number, symbol or comma
        for t, token in enumerate(tokens):
            text, kind = token.text, token.kind
            if kind == "word":
                if text.isascii() and text.isalpha():
                    low = text.lower()
                    entry = index.get(low)
                    if entry is not None:
                        code = 4 * after_word + case_class(text)
                        current.append((entry[0], entry[1], t, code))
                    else:
                        current.append((ids.get(low, UNK), None, t, -1))
                    after_word = 1
                    continue
                tok = _place_tone(lm_token(text, kind) or "", "new")
                current.append((ids.get(tok, UNK), None, t, -1))
                after_word = 1
                continue
            tok = lm_token(text, kind)
            if tok is None:
                if current:
                    sentences.append(current)
                current = []
                after_word = 0
                continue
            current.append((ids.get(tok, UNK), None, t, -1))
            after_word = int(kind in ("number", "symbol") or text == ",")
        if current:
            sentences.append(current)
        return line, tokens, sentences

    def restore(self, text: str, tone_style: str = "old") -> str:
        if not text:
            return ""
        lines = [self._prepare(line) for line in text.split("\n")]
        todo = [sentence for _l, _t, sentences in lines for sentence in sentences
                if any(words is not None and len(words) > 1 for _r, words, _t, _c in sentence)]
        choices = iter(self._decode([[r for r, _w, _t, _c in s] for s in todo],
                                    [[c for _r, _w, _t, c in s] for s in todo]))
        old = self._old
        out_lines = []
        for line, tokens, sentences in lines:
            replace: dict[int, str] = {}
            for sentence in sentences:
                ambiguous = any(words is not None and len(words) > 1
                                for _r, words, _t, _c in sentence)
                choice = next(choices) if ambiguous else [0] * len(sentence)
                for (_r, words, t, _c), k in zip(sentence, choice):
                    if words is None:
                        continue
                    word = words[k]
                    if tone_style != "new":
                        styled = old.get(word)
                        if styled is None:
                            styled = old[word] = _place_tone(word, "old")
                        word = styled
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

    def _decode(self, sentences: list[list[int]], codes: list[list[int]]) -> list[list[int]]:
        """The index of the best candidate at every position of every sentence (a sentence is
        a list of candidate rows). Sentences of similar length are decoded together."""
        out: list[list[int]] = [[]] * len(sentences)
        order = sorted(range(len(sentences)), key=lambda i: len(sentences[i]))
        chunks: list[list[int]] = [[]]
        for i in order:
            if chunks[-1] and (len(chunks[-1]) + 1) * (len(sentences[i]) + self.order) \
                    > CHUNK_CELLS:
                chunks.append([])
            chunks[-1].append(i)
        for chunk in chunks:
            if chunk:
                done = self._decode_chunk([sentences[j] for j in chunk], [codes[j] for j in chunk])
                for j, res in zip(chunk, done):
                    out[j] = res
        return out

    def _decode_chunk(self, sentences: list[list[int]], codes: list[list[int]]
                      ) -> list[list[int]]:
        """Exact Viterbi over the ``prune`` best candidates per position, all sentences at once.

        Layout: one row per sentence, ``order - 1`` <s> then the words then </s>, padded with
        </s> (pads and <s> score nothing). 1. Bigrams: one search of the fold-sorted bigrams per
        pair of positions gives every stored bigram of their candidates; with the back-off
        (bo(a) + p(b)) a dense score block per position. 2. Each position keeps at most
        ``prune`` candidates, those within ``margin`` of its best (bigram score from the left
        plus to the right, plus the case score). 3. From here on ragged (each position its own
        number of candidates): the n-grams of the kept candidates whose context is stored are
        looked up (one batch per order), the rest backs off. 4. Viterbi per sentence over the
        last ``order - 1`` choices (plain Python for small steps, numpy for large ones)."""
        N, h = self.order, self.order - 1
        if N == 1:  # a unigram model: the most frequent candidate everywhere
            return [[0] * len(s) for s in sentences]
        R = len(sentences)
        lens = [len(s) for s in sentences]
        lengths = np.array(lens, dtype=np.int64)
        L = max(lens) + h + 1
        rows = np.array([[BOS] * h + s + [EOS] * (L - h - n) for s, n in zip(sentences, lens)],
                        dtype=np.int64)
        real = np.array([[False] * h + [True] * (n + 1) + [False] * (L - h - n - 1)
                         for n in lens])
        n0 = self._count[rows]
        K0 = int(n0.max())
        cand0 = self._table[rows, :K0]  # (R, L, K0), padded with 0
        case = None
        if self.case_logp is not None:
            # log10 P(case of the typed word | candidate, after a word or not)
            code = np.array([[-1] * h + c + [-1] * (L - h - n) for c, n in zip(codes, lens)],
                            dtype=np.int64)
            case = np.where((code >= 0)[:, :, None],
                            self.case_logp[cand0, np.maximum(code, 0)[:, :, None]], 0.0)

        # 1. bigram blocks S2[r, j, a, b]: a at j-1, b at j; NEG where a or b is padding
        # (float32 and in place: these blocks are the largest arrays of the search)
        S2 = np.empty((R, L, K0, K0), dtype=np.float32)
        S2[:, 0] = 0.0
        np.add(self._row_bo1[rows[:, :-1], :K0][:, :, :, None],
               self._row_p1[rows[:, 1:], :K0][:, :, None, :], out=S2[:, 1:])
        entry = np.zeros((R, L, K0, K0), dtype=np.int32)  # 1 + index of the stored bigram
        if N > 1 and len(self._fk2):
            fold = self._row_fold[rows]
            rr, jj = np.nonzero(real[:, 1:])
            jj = jj + 1
            q = (fold[rr, jj - 1] << 32) | fold[rr, jj]
            lo = np.searchsorted(self._fk2, q, "left")
            hi = np.searchsorted(self._fk2, q, "right")
            cnt = hi - lo
            if cnt.sum():
                e = np.repeat(lo - np.cumsum(cnt) + cnt, cnt) + np.arange(int(cnt.sum()))
                er, ej = np.repeat(rr, cnt), np.repeat(jj, cnt)
                u, w = self._u2[e].astype(np.int64), self._w2[e].astype(np.int64)
                V = self._V
                ca = np.where(rows[er, ej - 1] < V, 0, self._rank[u])
                cb = np.where(rows[er, ej] < V, 0, self._rank[w])
                ok = (ca < n0[er, ej - 1]) & (cb < n0[er, ej])
                ca, cb = np.minimum(ca, K0 - 1), np.minimum(cb, K0 - 1)
                ok &= (cand0[er, ej - 1, ca] == u) & (cand0[er, ej, cb] == w)
                er, ej, ca, cb, e = er[ok], ej[ok], ca[ok], cb[ok], e[ok]
                S2[er, ej, ca, cb] = self._lp2[e]
                entry[er, ej, ca, cb] = e + 1

        # 2. pruning
        K = min(self.prune, K0)
        if K < K0:
            # best bigram into each candidate plus best bigram out of it (NEG for none)
            cost = -S2.max(axis=2)
            cost[:, :-1] -= S2[:, 1:].max(axis=3)
            if case is not None:
                cost -= case
            sel = np.argsort(cost, axis=2, kind="stable")[:, :, :K]
            # and of those only the ones within ``margin`` of the best
            close = (cost <= cost.min(axis=2, keepdims=True) + self.margin).sum(axis=2)
            n = np.minimum(np.minimum(n0, K), close)
        else:
            sel = np.broadcast_to(np.arange(K0), (R, L, K0))
            n = n0

        # 3. From here on, ragged: the positions of all sentences one after the other (<s>
        # pads, words, </s>; no trailing pads), each with its own number of kept candidates.
        # A window of k positions ending at p has prod(n) combinations, numbered in mixed
        # radix (oldest choice most significant); windows of all positions are concatenated.
        Lr = lengths + h + 1
        rr = np.repeat(np.arange(R), Lr)
        jj = np.arange(int(Lr.sum())) - np.repeat(np.cumsum(Lr) - Lr, Lr)
        nf = n[rr, jj]
        kept = np.arange(K)[None, :] < nf[:, None]
        sel_f = sel[rr, jj][kept]  # kept candidates, position after position
        r_f, j_f = np.repeat(rr, nf), np.repeat(jj, nf)
        ids = cand0[r_f, j_f, sel_f]
        cstart = np.cumsum(nf) - nf
        # order 2, from the dense blocks
        wpos = np.flatnonzero(jj >= 1)
        m = nf[wpos - 1] * nf[wpos]
        owner = np.repeat(np.arange(len(wpos)), m)
        c = np.arange(int(m.sum())) - np.repeat(np.cumsum(m) - m, m)
        p_ = wpos[owner]
        nb = nf[p_]
        ia, ib = c // nb, c % nb
        r_, j_ = rr[p_], jj[p_]
        sa, sb = sel[r_, j_ - 1, ia], sel[r_, j_, ib]
        score = S2[r_, j_, sa, sb]
        e_ = entry[r_, j_, sa, sb]
        pres = e_ > 0
        bo = np.where(pres, self._bo2[e_ - 1], 0.0)
        key = (ids[cstart[p_ - 1] + ia].astype(np.uint64) << np.uint64(BITS)) | ids[
            cstart[p_] + ib].astype(np.uint64)
        total = len(nf)
        win = np.full(total, -1, dtype=np.int64)
        win[wpos] = np.arange(len(wpos))
        off = np.cumsum(m) - m
        lm = self.lm
        for k in range(3, N + 1):
            wpos_k = np.flatnonzero(jj >= k - 1)
            ctx_w, suf_w = win[wpos_k - 1], win[wpos_k]  # windows of order k-1
            m_prev = m
            m_k = m_prev[ctx_w] * nf[wpos_k]
            owner = np.repeat(np.arange(len(wpos_k)), m_k)
            c = np.arange(int(m_k.sum())) - np.repeat(np.cumsum(m_k) - m_k, m_k)
            p_ = wpos_k[owner]
            nb = nf[p_]
            ctx = off[ctx_w[owner]] + c // nb
            suf = off[suf_w[owner]] + c % m_prev[suf_w[owner]]
            new_score = bo[ctx] + score[suf]
            new_key = (key[ctx] << np.uint64(BITS)) | ids[cstart[p_] + c % nb].astype(np.uint64)
            new_pres = np.zeros(len(c), dtype=bool)
            new_bo = np.zeros(len(c))
            ask = np.flatnonzero(pres[ctx])
            if len(ask) and len(lm.keys[k - 1]):
                idx, found = self._find(k - 1, new_key[ask])
                ask, idx = ask[found], idx[found]
                new_score[ask] = lm.logp[k - 1][idx]
                new_pres[ask] = True
                if k < N:
                    new_bo[ask] = lm.bow[k - 1][idx]
            score, pres, bo, key = new_score, new_pres, new_bo, new_key
            win = np.full(total, -1, dtype=np.int64)
            win[wpos_k] = np.arange(len(wpos_k))
            m, off = m_k, np.cumsum(m_k) - m_k

        if case is not None:
            case_f = case[r_f, j_f, sel_f]
            score = score + case_f[cstart[p_] + c % nb]

        # 4. Viterbi per sentence over the order-N windows; state = the last h choices.
        # Small windows in plain Python, large ones with numpy.
        score_np = score
        score = score.tolist()
        nl, offl, ml, winl = nf.tolist(), off.tolist(), m.tolist(), win.tolist()
        choice_f = [0] * total
        start = 0
        for r in range(R):
            end = start + int(Lr[r])
            delta: list[float] | np.ndarray = [0.0]
            backs: list = []
            for p in range(start + h, end):
                w = winl[p]
                o, mw, npos = offl[w], ml[w], nl[p]
                n_old = nl[p - h]  # choices of the position leaving the state
                rest = mw // n_old
                prev_rest = rest // npos
                if mw >= NUMPY_WINDOW:
                    t = (np.asarray(delta).reshape(n_old, prev_rest, 1)
                         + score_np[o:o + mw].reshape(n_old, prev_rest, npos)).reshape(
                        n_old, rest)
                    back = t.argmax(axis=0)
                    delta = t.max(axis=0)
                    backs.append(back.tolist())
                    continue
                if not isinstance(delta, list):
                    delta = delta.tolist()
                sc = score[o:o + mw]
                if npos == 1:
                    sums = [d + v for d, v in zip(delta, sc)]
                else:
                    sums = [delta[i // npos] + v for i, v in enumerate(sc)]
                if n_old == 1:
                    delta = sums
                    backs.append(None)
                    continue
                cols = list(zip(*[sums[a_ * rest:(a_ + 1) * rest] for a_ in range(n_old)]))
                delta = [max(col) for col in cols]
                backs.append([col.index(v) for col, v in zip(cols, delta)])
            if not isinstance(delta, list):
                delta = delta.tolist()
            s_ = max(range(len(delta)), key=delta.__getitem__)
            for p in range(end - 1, start + h - 1, -1):
                npos = nl[p]
                choice_f[p] = s_ % npos
                back = backs[p - start - h]
                a_ = 0 if back is None else back[s_]
                s_ = a_ * (ml[winl[p]] // nl[p - h] // npos) + s_ // npos
            start = end
        col = sel_f[cstart + np.array(choice_f, dtype=np.int64)]
        out = []
        start = 0
        for r in range(R):
            out.append(col[start + h:start + h + int(lengths[r])].tolist())
            start += int(Lr[r])
        return out


# ---------------------------------------------------------------------------------------------
# The default model: registered once, loaded on first use (loa.vitext.registry)

MODEL = registry.register(
    "vitext.restorer", filename="ngram.npz", env_var=ENV_VAR,
    description="Vietnamese language model", loader=lambda path: Restorer(NgramLM.load(path)))


def default_model_path() -> Path:
    """Where the language model is read from: ``$LOA_VITEXT_MODEL`` or the package's data."""
    return registry.path(MODEL.name)


def get_restorer() -> Restorer:
    """The shared :class:`Restorer` over the default model (loaded on first call)."""
    return registry.get(MODEL.name)


def restore(text: str, tone_style: str = "old") -> str:
    """``text`` with the diacritics of its mark-less Vietnamese words restored.

    Numbers, symbols, URLs, punctuation, spacing and line breaks are kept; words that already
    carry marks are kept; the letter case is kept. See the module documentation."""
    if tone_style not in ("new", "old"):
        raise ValueError(f"tone_style must be 'new' or 'old', not {tone_style!r}")
    if not text:
        return ""
    return get_restorer().restore(text, tone_style)
