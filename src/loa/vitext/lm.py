"""A syllable n-gram language model: interpolated modified Kneser-Ney, stored compactly in numpy.

Tokens (see :func:`lm_tokens`): Vietnamese syllables and other words lower-cased, NFC, tone marks
in the "new" convention (:func:`loa.vitext.normalize` with ``tone_style="new"``: "hoà", "thuỷ");
numbers -> ``<num>``, document symbols and letter+digit words -> ``<sym>``, URLs and e-mails ->
``<url>``; common punctuation as itself, other punctuation ``<p>``; sentence ends (. ! ? ... and
line breaks) close a sentence: ``<s> w1 ... wn </s>``. Words seen fewer than ``min_word_count``
times are ``<unk>``.

Estimation (:func:`train_counts`): interpolated modified Kneser-Ney (Chen & Goodman; three
discounts per order from the count-of-counts), continuation counts for the lower orders, then
count pruning of orders >= 2 (n-grams seen fewer than ``min_count`` times are dropped after
estimation; their probability mass stays with the back-off, as SRILM/KenLM pruning does). The
result is stored as a back-off model: for each kept n-gram its interpolated log10 probability and,
as a context, its log10 back-off weight; ``p(w | h) = p*(h w)`` if stored, else
``bo(h) * p(w | h')``.

Case statistics (:func:`sentences_cased`, :func:`case_model`): per word, how often it was written
lower case, capitalised, in capitals or mixed, at the start of a sentence or after a word
(``case_logp``, log10, smoothed); :mod:`loa.vitext.restorer` uses them to read the case of a word
typed without marks ("Tu" in mid-sentence: more likely the name "Tú").

Storage (:meth:`NgramLM.save`, one ``.npz``): the vocabulary as one "\\n"-joined string;
per order, the n-grams as a trie: the (k-1)-grams that have continuations (as gaps between their
indices) and how many each has, and the last word
ids as differences modulo 2**16 (small within a context, so zlib packs them); in memory, sorted
uint64 keys (16 bits per word id, last word in the lowest bits). Log-probabilities and back-off
weights are quantised to uint8 with a 256-entry float32 codebook (unigrams: float32) and stay so
in memory (:class:`Coded`). Files in the earlier layout (delta-coded keys) still load.
Vocabulary <= 65,535 words, order <= 4.
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from .text import normalize
from .tokens import tokenize_spans

__all__ = ["SPECIALS", "NgramLM", "case_class", "case_model", "lm_tokens", "sentences_cased",
           "sentences_tokens", "train_counts"]

BITS = 16
MASK = (1 << BITS) - 1
MAX_VOCAB = MASK  # ids 0 .. 65534
MAX_ORDER = 4

BOS, EOS, UNK, NUM, SYM, URL, PUNCT = range(7)
SPECIALS = ("<s>", "</s>", "<unk>", "<num>", "<sym>", "<url>", "<p>")
#: Punctuation kept as its own token; the rest is "<p>".
KEPT_PUNCT = frozenset(',;:"\'()-/%&+')
#: Punctuation that ends a sentence.
SENTENCE_END = frozenset({".", "!", "?", "...", "…"})

_HAS_DIGIT = re.compile(r"\d")


def lm_token(text: str, kind: str) -> str | None:
    """The LM token for one :func:`tokenize_spans` token (already normalised); None for a
    sentence end."""
    if kind == "word":
        if _HAS_DIGIT.search(text):
            return "<sym>"
        return text.lower()
    if kind == "number":
        return "<num>"
    if kind == "symbol":
        return "<sym>"
    if kind in ("url", "email"):
        return "<url>"
    if text in SENTENCE_END:
        return None
    return text if text in KEPT_PUNCT else "<p>"


def sentences_tokens(text: str, tone_style: str = "new") -> Iterator[list[str]]:
    """The sentences of ``text`` as lists of LM tokens (without <s> and </s>)."""
    for line in normalize(text, tone_style).split("\n"):
        sentence: list[str] = []
        for token in tokenize_spans(line):
            tok = lm_token(token.text, token.kind)
            if tok is None:
                if sentence:
                    yield sentence
                sentence = []
            else:
                sentence.append(tok)
        if sentence:
            yield sentence


def case_class(word: str) -> int:
    """0 lower case ("ha", "hà"), 1 capitalised ("Ha", "A"), 2 capitals ("HÀ"), 3 mixed."""
    if word.islower():
        return 0
    if word[0].isupper() and (len(word) == 1 or word[1:].islower()):
        return 1
    return 2 if word.isupper() else 3


def sentences_cased(text: str, tone_style: str = "new"
                    ) -> Iterator[tuple[list[str], list[int]]]:
    """:func:`sentences_tokens` with, per token, how its word was written: ``4 * after +
    case_class(word)`` where ``after`` is 1 when the previous token of the sentence is a word,
    number, symbol or comma (0 at the start of a sentence, after a quote, a colon, ...); -1
    for a token that is not a word."""
    for line in normalize(text, tone_style).split("\n"):
        sentence: list[str] = []
        cases: list[int] = []
        after = 0
        for token in tokenize_spans(line):
            tok = lm_token(token.text, token.kind)
            if tok is None:
                if sentence:
                    yield sentence, cases
                sentence, cases, after = [], [], 0
                continue
            sentence.append(tok)
            if token.kind == "word":
                cases.append(4 * after + case_class(token.text))
                after = 1
            else:
                cases.append(-1)
                after = int(token.kind in ("number", "symbol") or token.text == ",")
        if sentence:
            yield sentence, cases


#: Smoothing of the case statistics: this many observations of the overall distribution.
CASE_PRIOR = 2.0


def case_model(counts: np.ndarray, prior: float = CASE_PRIOR) -> np.ndarray:
    """log10 P(case class | word, after a word or not), shape (V, 8), from counts of the same
    shape (see :func:`sentences_cased`), smoothed towards the overall distribution."""
    counts = np.asarray(counts, dtype=np.float64).reshape(len(counts), 2, 4)
    overall = counts.sum(axis=0) + 1.0
    overall /= overall.sum(axis=1, keepdims=True)
    p = (counts + prior * overall[None]) / (counts.sum(axis=2, keepdims=True) + prior)
    return np.log10(p).reshape(len(counts), 8).astype(np.float32)


def lm_tokens(text: str, tone_style: str = "new") -> list[str]:
    """All LM tokens of ``text`` with sentence marks: ``<s> ... </s> <s> ... </s>``."""
    out: list[str] = []
    for sentence in sentences_tokens(text, tone_style):
        out.append("<s>")
        out.extend(sentence)
        out.append("</s>")
    return out


# ---------------------------------------------------------------------------------------------
# Estimation


def _pack(columns: Sequence[np.ndarray]) -> np.ndarray:
    key = np.zeros(len(columns[0]), dtype=np.uint64)
    for col in columns:
        key = (key << np.uint64(BITS)) | col.astype(np.uint64)
    return key


def _ngram_keys(stream: np.ndarray, order: int) -> np.ndarray:
    """Packed keys of every valid n-gram of ``stream`` (ids with <s>/</s> marks)."""
    n = len(stream) - order + 1
    if n <= 0:
        return np.zeros(0, dtype=np.uint64)
    cols = [stream[i:i + n] for i in range(order)]
    ok = np.ones(n, dtype=bool)
    for i, col in enumerate(cols):
        if i > 0:
            ok &= col != BOS
        if i < order - 1:
            ok &= col != EOS
    if order == 1:
        ok &= cols[0] != BOS  # <s> is never predicted
    return _pack([c[ok] for c in cols])


def _count(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    uniq, counts = np.unique(keys, return_counts=True)
    return uniq, counts.astype(np.int64)


def _discounts(counts: np.ndarray) -> np.ndarray:
    """Modified Kneser-Ney discounts D1, D2, D3+ from the count-of-counts."""
    n = [int(np.count_nonzero(counts == i)) for i in range(1, 5)]
    if min(n) == 0:
        return np.array([0.5, 1.0, 1.5])
    y = n[0] / (n[0] + 2 * n[1])
    d = np.array([1 - 2 * y * n[1] / n[0], 2 - 3 * y * n[2] / n[1], 3 - 4 * y * n[3] / n[2]])
    return np.clip(d, 0.05, [0.95, 1.95, 2.95])


def _lookup(keys: np.ndarray, query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(index, found) of ``query`` keys in the sorted ``keys``."""
    if len(keys) == 0:
        return np.zeros(len(query), dtype=np.int64), np.zeros(len(query), dtype=bool)
    if len(query) > 64:
        # sorted needles let searchsorted reuse its last position: several times faster
        order = np.argsort(query, kind="stable")
        idx = np.empty(len(query), dtype=np.int64)
        idx[order] = np.searchsorted(keys, query[order])
    else:
        idx = np.searchsorted(keys, query)
    idx = np.minimum(idx, len(keys) - 1)
    return idx, keys[idx] == query


def train_counts(stream: np.ndarray, vocab: list[str], order: int = 3, min_count: int = 2,
                 log=print) -> NgramLM:
    """Estimate an interpolated modified Kneser-Ney model from an id ``stream`` (sentences
    as ``<s> ... </s>``, ids into ``vocab``) and prune n-grams (order >= 2) seen fewer than
    ``min_count`` times (``min_count`` may be a list, one threshold per order from 2 up)."""
    if not 1 <= order <= MAX_ORDER:
        raise ValueError(f"order must be 1..{MAX_ORDER}")
    if len(vocab) > MAX_VOCAB:
        raise ValueError(f"vocabulary too large ({len(vocab)} > {MAX_VOCAB})")
    stream = np.asarray(stream, dtype=np.int64)
    thresholds = (list(min_count) if isinstance(min_count, (list, tuple))
                  else [min_count] * (order - 1))
    thresholds += [thresholds[-1] if thresholds else 1] * (order - 1 - len(thresholds))
    V = len(vocab)
    keys: list[np.ndarray] = [None] * (order + 1)  # type: ignore[list-item]
    raw: list[np.ndarray] = [None] * (order + 1)  # type: ignore[list-item]
    adj: list[np.ndarray] = [None] * (order + 1)  # type: ignore[list-item]
    for k in range(order, 0, -1):
        t = time.time()
        keys[k], counts = _count(_ngram_keys(stream, k))
        raw[k] = counts.astype(np.int32)
        del counts
        if k == order:
            adj[k] = raw[k]
        else:
            # continuation counts: distinct left extensions, from the (k+1)-grams
            suffix = keys[k + 1] & np.uint64((1 << (BITS * k)) - 1)
            cont_keys, cont = _count(suffix)
            idx, found = _lookup(cont_keys, keys[k])
            a = np.where(found, cont[idx], 0)
            first = keys[k] >> np.uint64(BITS * (k - 1))
            a = np.where(first == BOS, raw[k], a)  # "<s> ..." has no left extension
            adj[k] = np.maximum(a, 1).astype(np.int32)
        log(f"  order {k}: {len(keys[k]):,} n-grams ({time.time() - t:.1f} s)")

    logp: list[np.ndarray] = [None] * (order + 1)  # type: ignore[list-item]
    bow: list[np.ndarray] = [None] * (order + 1)  # type: ignore[list-item]
    # unigrams: dense over the vocabulary
    d = _discounts(adj[1])
    a1 = np.zeros(V, dtype=np.float64)
    a1[keys[1].astype(np.int64)] = adj[1]
    total = a1.sum()
    disc = np.where(a1 >= 3, d[2], np.where(a1 == 2, d[1], np.where(a1 == 1, d[0], 0.0)))
    gamma0 = disc.sum() / total
    p1 = (a1 - disc) / total + gamma0 / (V - 1)
    p1[BOS] = 0.0
    prob_prev = p1  # dense array for order 1
    logp[1] = np.where(p1 > 0, np.log10(np.maximum(p1, 1e-300)), -99.0)
    bow[1] = np.zeros(V)
    prev_keys = np.arange(V, dtype=np.uint64)

    for k in range(2, order + 1):
        t = time.time()
        kk, a = keys[k], adj[k].astype(np.float64)
        d = _discounts(adj[k])
        ctx = kk >> np.uint64(BITS)
        # groups of equal context (keys are sorted, so contexts are contiguous)
        starts = np.flatnonzero(np.r_[True, ctx[1:] != ctx[:-1]])
        total = np.add.reduceat(a, starts)
        n1 = np.add.reduceat((a == 1).astype(np.float64), starts)
        n2 = np.add.reduceat((a == 2).astype(np.float64), starts)
        n3 = np.add.reduceat((a >= 3).astype(np.float64), starts)
        gamma = (d[0] * n1 + d[1] * n2 + d[2] * n3) / total
        group = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(kk)]))
        disc = np.where(a >= 3, d[2], np.where(a == 2, d[1], d[0]))
        suffix = kk & np.uint64((1 << (BITS * (k - 1))) - 1)
        if k == 2:
            lower = prob_prev[suffix.astype(np.int64)]
        else:
            idx, found = _lookup(prev_keys, suffix)
            lower = np.where(found, prob_prev[idx], 1e-12)
        prob = (a - disc) / total[group] + gamma[group] * lower
        # back-off weights of the contexts, stored on the (k-1)-grams
        ctx_keys = ctx[starts]
        if k == 2:
            bow[1][ctx_keys.astype(np.int64)] = np.log10(gamma)
        else:
            idx, found = _lookup(keys[k - 1], ctx_keys)
            b = np.zeros(len(keys[k - 1]))
            b[idx[found]] = np.log10(gamma[found])
            bow[k - 1] = b
        logp[k] = np.log10(prob).astype(np.float32)
        adj[k] = None  # type: ignore[call-overload]  # (memory)
        prob_prev, prev_keys = prob, kk
        log(f"  order {k}: discounts {np.round(d, 3).tolist()} ({time.time() - t:.1f} s)")
    bow[order] = np.zeros(len(keys[order]))

    # pruning (orders >= 2): drop rare n-grams, but keep those needed as contexts
    for k in range(order, 1, -1):
        keep = raw[k] >= thresholds[k - 2]
        if k < order:
            # a kept higher n-gram needs its context here
            ctx_needed = np.unique(keys[k + 1] >> np.uint64(BITS))
            _idx, found = _lookup(ctx_needed, keys[k])
            keep |= found
        keys[k], logp[k], bow[k] = keys[k][keep], logp[k][keep], bow[k][keep]
        raw[k] = raw[k][keep]
    keys[1] = np.arange(V, dtype=np.uint64)
    return NgramLM(vocab, keys[1:], logp[1:], bow[1:])


# ---------------------------------------------------------------------------------------------
# The model


def _quantise(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """uint8 codes and a float32 codebook of 256 centres (bins of equal population)."""
    values = np.asarray(values, dtype=np.float64)
    if len(values) == 0:
        return np.zeros(0, dtype=np.uint8), np.zeros(1, dtype=np.float32)
    uniq = np.unique(values)
    if len(uniq) <= 256:
        codes = np.searchsorted(uniq, values).astype(np.uint8)
        return codes, uniq.astype(np.float32)
    edges = np.unique(np.quantile(values, np.linspace(0, 1, 257)[1:-1]))
    codes = np.searchsorted(edges, values, side="right")
    sums = np.bincount(codes, weights=values, minlength=len(edges) + 1)
    counts = np.bincount(codes, minlength=len(edges) + 1)
    book = np.where(counts > 0, sums / np.maximum(counts, 1), 0.0)
    return codes.astype(np.uint8), book.astype(np.float32)


class Coded:
    """uint8 codes into a float32 codebook, decoded when indexed: ``coded[idx]`` is
    ``book[codes[idx]]``. The loaded model keeps its n-gram scores so (4x less memory, and no
    decoding at load time)."""

    __slots__ = ("book", "codes")

    def __init__(self, codes: np.ndarray, book: np.ndarray):
        self.codes, self.book = codes, book

    def __getitem__(self, idx):
        return self.book[self.codes[idx]]

    def __len__(self) -> int:
        return len(self.codes)

    def __array__(self, dtype=None, copy=None):
        values = self.book[self.codes]
        return values if dtype is None else values.astype(dtype)


class NgramLM:
    """A back-off n-gram model over syllable ids; see the module documentation."""

    def __init__(self, vocab: Sequence[str], keys: Sequence[np.ndarray],
                 logp: Sequence[np.ndarray], bow: Sequence[np.ndarray],
                 case_logp: np.ndarray | None = None):
        self.vocab = list(vocab)
        #: log10 P(case of a word as typed | the word, after a word or not), shape (V, 8):
        #: see :func:`case_class` (None: the model has no case statistics).
        self.case_logp = case_logp
        self.ids = {w: i for i, w in enumerate(self.vocab)}
        self.order = len(keys)
        self.keys = [np.asarray(k, dtype=np.uint64) for k in keys]
        self.logp = [v if isinstance(v, Coded) else np.asarray(v, dtype=np.float32)
                     for v in logp]
        self.bow = [v if isinstance(v, Coded) else np.asarray(v, dtype=np.float32)
                    for v in bow]
        # unigrams are dense: index = id
        if len(self.keys[0]) != len(self.vocab):
            lp = np.full(len(self.vocab), -99.0, dtype=np.float32)
            bo = np.zeros(len(self.vocab), dtype=np.float32)
            lp[self.keys[0].astype(np.int64)] = self.logp[0]
            bo[self.keys[0].astype(np.int64)] = self.bow[0]
            self.keys[0] = np.arange(len(self.vocab), dtype=np.uint64)
            self.logp[0], self.bow[0] = lp, bo

    def __repr__(self) -> str:
        sizes = ", ".join(f"{len(k):,}" for k in self.keys)
        return f"<NgramLM order={self.order} vocab={len(self.vocab):,} n-grams=[{sizes}]>"

    def sizes(self) -> list[int]:
        return [len(k) for k in self.keys]

    def id(self, token: str) -> int:
        return self.ids.get(token, UNK)

    # -- scoring -----------------------------------------------------------------------------

    def score_ids(self, history: Sequence[np.ndarray], word: np.ndarray) -> np.ndarray:
        """log10 p(word | history) for arrays of ids; ``history`` is a list of id arrays,
        oldest first (any length; only the last ``order - 1`` are used)."""
        word = np.asarray(word, dtype=np.int64)
        hist = [np.asarray(h, dtype=np.int64) for h in history][-(self.order - 1):] \
            if self.order > 1 else []
        result = self.logp[0][word].astype(np.float64)
        w64 = word.astype(np.uint64)
        # context keys of increasing length: h_{-1}, h_{-2}h_{-1}, ...
        # Lookups are the cost (a binary search in a large array per query): contexts are
        # looked up once per distinct value, and a k-gram only when its context exists as a
        # (k-1)-gram (pruning keeps the contexts of every kept n-gram).
        ctx = np.zeros(len(word), dtype=np.uint64)
        ctx_found = np.ones(len(word), dtype=bool)
        for k in range(2, len(hist) + 2):
            h = hist[-(k - 1)].astype(np.uint64)
            ctx = ctx | (h << np.uint64(BITS * (k - 2)))  # context of length k-1
            if k == 2:
                bo = self.bow[0][hist[-1]].astype(np.float64)
            elif len(self.keys[k - 2]) == 0:
                bo = 0.0
                ctx_found = np.zeros(len(word), dtype=bool)
            else:
                uniq, inv = np.unique(ctx, return_inverse=True)
                idx, found = _lookup(self.keys[k - 2], uniq)
                bo = np.where(found, self.bow[k - 2][idx], 0.0)[inv]
                ctx_found = found[inv]
            result = result + bo
            if len(self.keys[k - 1]) == 0:
                continue
            rows = np.flatnonzero(ctx_found)
            if len(rows) == 0:
                continue
            key = (ctx[rows] << np.uint64(BITS)) | w64[rows]
            idx, found = _lookup(self.keys[k - 1], key)
            hit = rows[found]
            result[hit] = self.logp[k - 1][idx[found]]
        return result

    def score(self, tokens: Sequence[str], bos: bool = True, eos: bool = True) -> float:
        """Total log10 probability of a token sequence (LM tokens)."""
        ids = [self.id(t) for t in tokens]
        if bos:
            ids = [BOS] + ids
        if eos:
            ids = ids + [EOS]
        start = 1 if bos else 0
        total = 0.0
        for i in range(start, len(ids)):
            hist = [np.array([h]) for h in ids[max(0, i - self.order + 1):i]]
            total += float(self.score_ids(hist, np.array([ids[i]]))[0])
        return total

    # -- storage -----------------------------------------------------------------------------

    def save(self, path) -> None:
        arrays: dict[str, np.ndarray] = {
            "vocab": np.array("\n".join(self.vocab)),
            "order": np.array(self.order),
        }
        for k in range(self.order):
            keys = self.keys[k]
            if k == 0:  # unigrams: few, and their fine differences matter; float32
                arrays["lp1f"] = self.logp[0].astype(np.float32)
                arrays["bo1f"] = self.bow[0].astype(np.float32)
                continue
            # A trie: per context (a stored shorter n-gram) its number of continuations, and
            # the last words as differences to the previous last word, modulo 2**16 (small
            # numbers within a context, which zlib packs; a plain cumsum in uint16 undoes it).
            ctx = keys >> np.uint64(BITS)
            idx, found = _lookup(self.keys[k - 1], ctx)
            if not found.all():
                raise ValueError(f"order {k + 1}: n-grams without their context")
            children = np.bincount(idx, minlength=len(self.keys[k - 1]))
            last = (keys & np.uint64(MASK)).astype(np.int64)
            parents = np.flatnonzero(children)  # the contexts that have continuations
            arrays[f"ctx{k + 1}"] = np.diff(parents, prepend=0).astype(np.uint32)
            children = children[parents]
            arrays[f"next{k + 1}"] = children.astype(
                np.uint16 if children.max(initial=0) <= MASK else np.uint32)
            arrays[f"last{k + 1}"] = (np.diff(last, prepend=0) & 0xFFFF).astype(np.uint16)
            codes, book = _quantise(np.asarray(self.logp[k]))
            arrays[f"lp{k + 1}"], arrays[f"lpbook{k + 1}"] = codes, book
            if k < self.order - 1:
                codes, book = _quantise(np.asarray(self.bow[k]))
                arrays[f"bo{k + 1}"], arrays[f"bobook{k + 1}"] = codes, book
        if self.case_logp is not None:
            codes, book = _quantise(self.case_logp.ravel())
            arrays["case"] = codes.reshape(self.case_logp.shape)
            arrays["casebook"] = book
        np.savez_compressed(path, **arrays)

    @classmethod
    def load(cls, path) -> NgramLM:
        with np.load(path, allow_pickle=False) as data:
            vocab = str(data["vocab"]).split("\n")
            order = int(data["order"])
            keys, logp, bow = [], [], []
            for k in range(1, order + 1):
                if k == 1:
                    keys.append(np.arange(len(vocab), dtype=np.uint64))
                elif f"keys{k}" in data:  # the earlier layout: delta-coded keys
                    keys.append(np.cumsum(data[f"keys{k}"], dtype=np.uint64))
                else:
                    # (in place where possible: fresh memory is what costs time here)
                    last = np.cumsum(data[f"last{k}"], dtype=np.uint16)
                    parents = keys[-1]
                    if f"ctx{k}" in data:
                        parents = parents[np.cumsum(data[f"ctx{k}"], dtype=np.int64)]
                    ctx = np.repeat(parents << np.uint64(BITS), data[f"next{k}"])
                    ctx |= last
                    keys.append(ctx)
                if f"lp{k}f" in data:
                    logp.append(data[f"lp{k}f"])
                    bow.append(data[f"bo{k}f"])
                    continue
                logp.append(Coded(data[f"lp{k}"], data[f"lpbook{k}"]))
                if k < order:
                    bow.append(Coded(data[f"bo{k}"], data[f"bobook{k}"]))
                else:
                    bow.append(np.zeros(len(keys[-1]), dtype=np.float32))
            case = data["casebook"][data["case"]] if "case" in data else None
        return cls(vocab, keys, logp, bow, case)


def build_vocab(counts: dict[str, int], min_word_count: int = 2,
                max_size: int = MAX_VOCAB) -> list[str]:
    """Specials first, then words by falling count (ties alphabetical), pruned."""
    words = [w for w, c in counts.items() if c >= min_word_count and w not in SPECIALS
             and "\n" not in w]
    words.sort(key=lambda w: (-counts[w], w))
    return list(SPECIALS) + words[:max_size - len(SPECIALS)]


def train(texts: Iterable[str], order: int = 3, min_count: int = 2, min_word_count: int = 2,
          log=print) -> NgramLM:
    """Train in memory from texts (for small corpora and tests; the corpus command uses
    :mod:`loa.vitext.training.train_lm`)."""
    sents = [s for text in texts for s in sentences_cased(text)]
    counts: dict[str, int] = {}
    for s, _c in sents:
        for w in s:
            counts[w] = counts.get(w, 0) + 1
    vocab = build_vocab(counts, min_word_count)
    ids = {w: i for i, w in enumerate(vocab)}
    stream: list[int] = []
    case = np.zeros((len(vocab), 8))
    for s, cases in sents:
        stream.append(BOS)
        for w, c in zip(s, cases):
            stream.append(ids.get(w, UNK))
            if c >= 0:
                case[stream[-1], c] += 1
        stream.append(EOS)
    model = train_counts(np.array(stream, dtype=np.int64), vocab, order, min_count, log=log)
    model.case_logp = case_model(case)
    return model


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
