"""OCR channel model: how likely an OCR'd token is, given the true token — P(ocr | true).

Design (the decoder combines it with the language model: score = log P_LM(true | context) +
log P(ocr | true), noisy-channel style):

* **Token table.** ``pairs[ocr][true]`` counts every aligned pair (see
  :mod:`.training.align`), and ``true_counts[true]`` how often each true token was rendered
  (tokens of the reference only). For a pair seen in training,
  ``P_tok(ocr | true) = pairs[ocr][true] / true_counts[true]``.
* **Character edits.** ``edits[true_chars][ocr_chars]`` counts the character operations of
  every aligned pair (one true character to zero, one or two OCR characters: "ự"->"y", "ứ"->"ir",
  "Đ"->"P"; two true characters to one OCR character; "" -> x for an inserted character), with
  identities; ``bigrams`` counts true character pairs, the denominator of two-to-one edits.
  ``P_chr(o | t) = (edits[t][o] + a * prior(t, o)) / (sum_o edits[t][o] + a)``; the
  prior gives unseen edits a small probability, larger when the letters share a base letter or
  look alike. ``log P_chr(ocr | true)`` of a whole token is the best edit path (Viterbi over the
  same operations as the alignment).
* **Mixture.** ``P(ocr | true) = l * P_tok + (1 - l) * P_chr`` with ``l = min(n / (n + 5),
  TABLE_MAX)`` where ``n = true_counts[true]``: well-attested tokens trust their table, rare
  and unseen ones the character model, and an OCR form never seen for a frequent word ("phd"
  for "phố" on a real scan) keeps half the character model's probability. Every character
  edit also mixes in ``GENERIC`` (10%) of a similarity-based edit model (:func:`_generic`:
  same base letter or look-alike likely, anything else rare): real scans damage letters in
  ways our renders do not. Both raised the sample scan from 88% to 94% of words and cost
  nothing on rendered pages.
* **Candidates.** :meth:`ChannelModel.candidates` proposes true tokens for an OCR token from
  (1) the token table; (2) a :class:`VocabularyIndex` (lower-case words by :func:`fold` key):
  the OCR token's key is rewritten with up to two learned accent-free confusions (reverse
  character edits seen at least twice: "y" -> "u", "e" -> "c", "6" -> "o", "w" -> "u", "ir" ->
  "u"), so "thye" reaches the key "thuc" and the words "thực", "thức"...; (3) keys one
  insertion, deletion or substitution away (single-deletion index; one look-alike letter
  replaced, "b&o" -> "bao", ranks like a learned confusion). The words of the 8 most likely
  keys are scored with log P(ocr | true) (an OCR form seen ``TABLE_ONLY`` times in training:
  the table's words and those of its own key only — 0.25 points of accuracy for a fifth of
  the time); the list is ranked by that plus log P(true) from the index's counts (the table's
  counts without an index), exact top k with early stopping (best prior first), and returns
  ``(true_token, log P(ocr | true))`` so the decoder adds its own LM instead. Results are
  cached per OCR token (OCR'd text repeats its tokens). Measured on those pages (model from 480
  training pages, vocabulary of 25,000 syllables): the true token of a damaged OCR token is the
  first candidate 72% of the time, among the first 5 97%, among the first 20 99.6% — the LM's
  job is to pick among them.
  Case: vocabulary words are lower case; a candidate takes the OCR token's case pattern
  ("Pé" -> "Đề", "QUYET" -> "QUYẾT").
* **Scan priors.** :data:`SCAN_PRIORS` adds pseudo-counts for damage real scans show and our
  renders hardly do (Đ read as P or B: 3 in 2,800 rendered "Đ").
* **Storage.** :meth:`ChannelModel.save` writes compact JSON (optionally gzip: ".json.gz");
  rare OCR forms can be pruned with ``min_count``.
"""

from __future__ import annotations

import gzip
import heapq
import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from itertools import count as _count

from .ocr_edits import char_alignment, sub_cost
from .text import fold

__all__ = ["ChannelModel", "VocabularyIndex", "apply_case"]

_FORMAT = "loa-ocr-channel/1"
_SERIAL = _count(1)


def apply_case(word: str, pattern: str) -> str:
    """``word`` with the case pattern of ``pattern``: upper, title or as it is."""
    letters = [c for c in pattern if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return word.upper()
    if letters and letters[0].isupper() and pattern[:1].isalpha():
        return word[:1].upper() + word[1:]
    return word


def _deletes(key: str, depth: int) -> set[str]:
    out = {key}
    frontier = {key}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier for i in range(len(w))}
        out |= frontier
    return out


class VocabularyIndex:
    """Lower-case vocabulary words by :func:`fold` key, with the keys' single deletions.

    ``VocabularyIndex({"thực": 1200, "số": 900, ...})`` or ``VocabularyIndex(["thực", "số"])``.
    """

    def __init__(self, words: Iterable[str] | dict[str, int]):
        counts = dict(words) if isinstance(words, dict) else {w: 1 for w in words}
        self.counts: dict[str, int] = {}
        for w, c in counts.items():
            lw = w.lower()
            self.counts[lw] = self.counts.get(lw, 0) + c
        self.total = sum(self.counts.values()) or 1
        self.serial = next(_SERIAL)  # identifies the index in the candidate cache
        self.by_key: dict[str, list[str]] = defaultdict(list)
        for w in self.counts:
            self.by_key[fold(w)].append(w)
        self.by_delete: dict[str, list[str]] = defaultdict(list)  # one letter of the key deleted
        for key in self.by_key:
            if len(key) > 1:
                for d in {key[:i] + key[i + 1:] for i in range(len(key))}:
                    self.by_delete[d].append(key)

    def __contains__(self, word: str) -> bool:
        return word.lower() in self.counts

    def log_prior(self, word: str) -> float:
        return math.log((self.counts.get(word.lower(), 0) + 0.5) / self.total)

    def near_keys(self, key: str) -> set[str]:
        """Keys within one insertion, deletion or substitution of ``key``."""
        found = set()
        if key in self.by_key:
            found.add(key)
        found.update(self.by_delete.get(key, ()))  # a letter lost by the OCR
        for i in range(len(key)):
            d = key[:i] + key[i + 1:]
            if d in self.by_key:
                found.add(d)  # a letter added by the OCR
            found.update(self.by_delete.get(d, ()))  # one letter substituted (or swapped)
        return found


# Damage real scans show that our renders rarely do (issue 3: "Đ read as P/B/D"; the sample plan
# reads "Đảng" as "Pang"/"Péang"): a share of each true letter's occurrences, added as
# pseudo-counts so that the decoder can still propose the letter.
SCAN_PRIORS = {("Đ", "P"): 0.03, ("Đ", "B"): 0.01, ("Đ", "Pé"): 0.005, ("Đ", "DP"): 0.005,
               ("Đ", "DB"): 0.005, ("đ", "d"): 0.0}


def _prior(t: str, o: str) -> float:
    """Prior probability of an edit no pair showed."""
    if t == o:
        return 0.9
    if len(t) == 1 and len(o) == 1:
        c = sub_cost(t, o)
        return 0.02 if c <= 0.25 else 0.004 if c <= 0.5 else 1e-5
    if not t or not o:
        return 1e-4
    return 1e-5


#: The token table's weight never exceeds this: an OCR form never seen for a frequent word
#: ("phd" for "phố" on a real scan) keeps ``1 - TABLE_MAX`` of the character model's probability.
TABLE_MAX = 0.5
#: Share of a generic, similarity-based edit model mixed into every learned character edit:
#: real scans damage letters in ways our renders do not ("ố" read as "d").
GENERIC = 0.1
#: Keys expanded by the next accent-free confusion in :meth:`ChannelModel._variant_keys`.
VARIANT_BEAM = 15
#: An OCR form seen this often in training takes its candidates from the token table and the
#: words of its own fold key only.
TABLE_ONLY = 30


def _generic(t: str, o: str) -> float:
    """A generic P(o | t) for one edit: letters with the same base or that look alike are
    likely confusions, anything else rare."""
    if t == o:
        return 0.9
    if len(t) == 1 and len(o) == 1:
        c = sub_cost(t, o)
        return 0.02 if c <= 0.25 else 0.01 if c <= 0.5 else 5e-4
    return 5e-4


def _near_cost(key: str, near: str) -> float:
    """The rank of a key one edit from the OCR key: one look-alike letter replaced ("b&o" ->
    "bao", "blen" -> "bien", "ho1" -> "hoi") ranks like a likely confusion, other edits low."""
    if len(key) == len(near):
        diff = [(a, b) for a, b in zip(near, key) if a != b]
        if len(diff) == 1 and sub_cost(*diff[0]) <= 0.5:
            return -5.0
    return -12.0


class ChannelModel:
    """P(ocr token | true token) learned from aligned pairs (see the module docstring)."""

    def __init__(self):
        self.pairs: dict[str, Counter] = defaultdict(Counter)  # ocr -> true -> count
        self.true_counts: Counter = Counter()
        self.edits: dict[str, Counter] = defaultdict(Counter)  # true chars -> ocr chars -> count
        self.bigrams: Counter = Counter()  # true character pairs seen (for two-to-one edits)
        self.alpha = 2.0
        #: Largest weight of the token table (see the module documentation).
        self.table_max = TABLE_MAX
        #: Weight of the generic edit model (:func:`_generic`) in every character edit.
        self.generic = GENERIC
        self._logp_cache: dict[tuple[str, str], float] = {}
        self._edit_cache: dict[tuple[str, str], float] = {}
        self._rows: dict[str, dict[str, float]] = {}
        self._totals: dict[str, int] = {}
        self._nchars: int | None = None
        self._rev: dict[str, list[tuple[str, float]]] | None = None
        self._cand_cache: dict[tuple, list[tuple[str, float]]] = {}

    # -- learning -------------------------------------------------------------------------
    def add(self, true: str, ocr: str, count: int = 1) -> None:
        """Count one aligned pair (either side may be "" or several tokens)."""
        self.pairs[ocr][true] += count
        self.true_counts[true] += count
        if true and ocr and len(true) * len(ocr) <= 900:
            for t, o, _i, _j in char_alignment(true, ocr):
                self.edits[t][o] += count
        for i in range(len(true) - 1):
            self.bigrams[true[i:i + 2]] += count
        self._logp_cache.clear()
        self._edit_cache.clear()
        self._rows.clear()
        self._totals.clear()
        self._nchars = None
        self._rev = None
        self._cand_cache.clear()

    def add_pairs(self, pairs: Iterable[tuple[str, str]]) -> None:
        for true, ocr in pairs:
            self.add(true, ocr)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> ChannelModel:
        model = cls()
        model.add_pairs(pairs)
        return model

    # -- probabilities --------------------------------------------------------------------
    def _edit_logp(self, t: str, o: str) -> float:
        cached = self._edit_cache.get((t, o))
        if cached is not None:
            return cached
        row = self.edits.get(t)
        n = self._totals.get(t)
        if n is None:
            n = self._totals[t] = sum(row.values()) if row else 0
        c = row.get(o, 0) if row else 0
        if not t:  # insertion: relative to all characters seen
            n = self._n_chars()
        elif len(t) == 2:  # two true characters read as one: relative to how often they occur
            n = max(n, self.bigrams.get(t, 0))
        extra = SCAN_PRIORS.get((t, o), 0.0) * max(n, 100)
        c, n = c + extra, n + extra
        p = (c + self.alpha * _prior(t, o)) / (n + self.alpha)
        if self.generic:
            p = (1.0 - self.generic) * p + self.generic * _generic(t, o)
        value = math.log(p)
        self._edit_cache[(t, o)] = value
        return value

    def _n_chars(self) -> int:
        if self._nchars is None:
            self._nchars = sum(sum(r.values()) for t, r in self.edits.items() if t)
        return self._nchars

    def _row(self, t: str) -> dict[str, float]:
        """log P_chr(o | t) for the OCR segments ``o`` asked so far (filled on demand)."""
        row = self._rows.get(t)
        if row is None:
            row = self._rows[t] = {}
        return row

    def _edit(self, row: dict[str, float], t: str, o: str) -> float:
        v = row.get(o)
        if v is None:
            v = row[o] = self._edit_logp(t, o)
        return v

    def char_logp(self, true: str, ocr: str) -> float:
        """log P_chr(ocr | true): the best path of character edits (Viterbi); letter by letter
        when the two have the same length and the letter-by-letter path is likely the best
        (same fold key, or every letter pair a seen edit)."""
        n, m = len(true), len(ocr)
        edit = self._edit
        rows = [self._row(c) for c in true]
        if n == m:
            total = 0.0
            for k in range(n):
                total += edit(rows[k], true[k], ocr[k])
            if total > -3.0 * n or fold(true) == fold(ocr):
                return total
        NEG = -1e18
        ins = self._row("")
        ins_lp = []
        for o in ocr:
            v = ins.get(o)
            ins_lp.append(edit(ins, "", o) if v is None else v)
        segs2 = [ocr[j:j + 2] for j in range(m - 1)]
        best = [[NEG] * (m + 1) for _ in range(n + 1)]
        best[0][0] = 0.0
        for i in range(n + 1):
            cur = best[i]
            if i == n:  # only insertions remain
                for j in range(m):
                    b = cur[j]
                    if b != NEG:
                        v = b + ins_lp[j]
                        if v > cur[j + 1]:
                            cur[j + 1] = v
                break
            t = true[i]
            row = rows[i]
            nxt = best[i + 1]
            two = true[i:i + 2] if i + 1 < n else None
            row2 = self._row(two) if two else None
            nxt2 = best[i + 2] if two else None
            dele = row.get("")
            if dele is None:
                dele = edit(row, t, "")
            for j in range(m + 1):
                b = cur[j]
                if b == NEG:
                    continue
                v = b + dele
                if v > nxt[j]:
                    nxt[j] = v
                if j < m:
                    o = ocr[j]
                    e = row.get(o)
                    v = b + (edit(row, t, o) if e is None else e)
                    if v > nxt[j + 1]:
                        nxt[j + 1] = v
                    if j + 1 < m:
                        o2 = segs2[j]
                        e = row.get(o2)
                        v = b + (edit(row, t, o2) if e is None else e)
                        if v > nxt[j + 2]:
                            nxt[j + 2] = v
                    if two:
                        e = row2.get(o)
                        v = b + (edit(row2, two, o) if e is None else e)
                        if v > nxt2[j + 1]:
                            nxt2[j + 1] = v
                    v = b + ins_lp[j]
                    if v > cur[j + 1]:
                        cur[j + 1] = v
        return best[n][m]

    def logp(self, ocr: str, true: str) -> float:
        """log P(ocr | true), token table and character model mixed."""
        key = (ocr, true)
        cached = self._logp_cache.get(key)
        if cached is not None:
            return cached
        n = self.true_counts.get(true, 0)
        p_chr = math.exp(self.char_logp(true, ocr)) if true or ocr else 1.0
        if n:
            lam = min(n / (n + 5.0), self.table_max)
            p = lam * self.pairs.get(ocr, {}).get(true, 0) / n + (1 - lam) * p_chr
        else:
            p = p_chr
        value = math.log(max(p, 1e-300))
        if len(self._logp_cache) < 500000:
            self._logp_cache[key] = value
        return value

    def _key_confusions(self) -> dict[str, list[tuple[str, float]]]:
        """Accent-free reverse edits: OCR characters (folded) -> true characters (folded) with
        log P(ocr | true); learned edits seen at least twice, e.g. "6" -> "o", "w" -> "u",
        "ir" -> "u", "p" -> "d"."""
        if self._rev is None:
            rev: dict[str, Counter] = defaultdict(Counter)
            totals: Counter = Counter()  # how often each accent-free true segment was edited at all
            for t, row in self.edits.items():
                ft = fold(t).replace(" ", "")
                if len(t) == 1:
                    totals[ft] += sum(row.values())
                for o, c in row.items():
                    fo = fold(o).replace(" ", "")
                    if c >= 2 and fo != ft and fo and ft and len(fo) <= 2 and len(ft) <= 2:
                        rev[fo][ft] += c
            for t, c in self.bigrams.items():
                totals[fold(t).replace(" ", "")] += c
            for (t, o), share in SCAN_PRIORS.items():
                ft, fo = fold(t), fold(o)
                if share and ft != fo:
                    rev[fo][ft] += max(2, round(share * max(totals[ft], 100)))
            for row in rev.values():
                for ft, c in row.items():
                    totals[ft] = max(totals[ft], c)
            self._rev = {}
            for fo, row in rev.items():
                self._rev[fo] = sorted(((ft, math.log(c / totals[ft])) for ft, c in row.items()),
                                       key=lambda x: -x[1])[:10]
        return self._rev

    def _variant_keys(self, key: str, max_edits: int = 2) -> dict[str, float]:
        """Keys the OCR key may have come from through up to ``max_edits`` learned accent-free
        confusions, with the summed log probability of the edits used."""
        rev = self._key_confusions()
        out: dict[str, float] = {key: 0.0}
        frontier = {key: 0.0}
        for _ in range(max_edits):
            nxt: dict[str, float] = {}
            for k, cost in frontier.items():
                for i in range(len(k)):
                    for width in (1, 2):
                        seg = k[i:i + width]
                        if len(seg) < width:
                            continue
                        for ft, lp in rev.get(seg, ()):
                            v = k[:i] + ft + k[i + width:]
                            c = cost + lp
                            if c > out.get(v, -1e9) and c > -12:
                                out[v] = nxt[v] = c
            if len(nxt) > VARIANT_BEAM:  # expand only the likeliest keys further
                nxt = dict(sorted(nxt.items(), key=lambda kv: -kv[1])[:VARIANT_BEAM])
            frontier = nxt
        return out

    def candidates(self, ocr_token: str, vocabulary_index: VocabularyIndex | None = None,
                   k: int = 20, max_keys: int = 8) -> list[tuple[str, float]]:
        """Up to ``k`` true tokens for ``ocr_token`` as ``(true_token, log P(ocr | true))``,
        best first (ranked with the index's unigram prior, or the table's counts).

        The pool: true tokens the table saw for this OCR form; vocabulary words whose fold key
        is the OCR token's key after up to two learned accent-free confusions ("thye" -> "thuc",
        "twèng" -> "tuong"); and words one letter away from it. Only the words of the
        ``max_keys`` most likely keys are scored with the full character model. Results are
        cached per OCR token and index."""
        cache_key = (ocr_token, vocabulary_index.serial if vocabulary_index else 0, k, max_keys)
        cached = self._cand_cache.get(cache_key)
        if cached is not None:
            return cached
        row = self.pairs.get(ocr_token, {})
        pool: set[str] = {t for t in row if t}
        if vocabulary_index is not None and sum(row.values()) >= TABLE_ONLY:
            # A form read often in training has its true words in the table already; add the
            # words of its own key only (accents lost or changed).
            key = fold(ocr_token).replace(" ", "")
            pool.update(apply_case(w, ocr_token) for w in vocabulary_index.by_key.get(key, ()))
        elif vocabulary_index is not None:
            key = fold(ocr_token).replace(" ", "")
            keys = self._variant_keys(key)
            for near in vocabulary_index.near_keys(key):
                keys.setdefault(near, _near_cost(key, near))
            ranked = sorted((c, kk) for kk, c in keys.items() if kk in vocabulary_index.by_key)
            for _c, kk in ranked[::-1][:max_keys]:
                pool.update(apply_case(w, ocr_token) for w in vocabulary_index.by_key[kk])
            if ocr_token.lower() in vocabulary_index.counts:
                pool.add(ocr_token)
        # Exact top k with early stopping: log P(ocr | true) <= 0, so once the prior of the
        # next word (best prior first) is below the k-th best score, no later word can enter.
        if vocabulary_index is not None:
            priors = sorted(((vocabulary_index.log_prior(t), t) for t in pool), reverse=True)
        else:
            priors = sorted(((math.log(self.true_counts.get(t, 0) + 0.5), t) for t in pool),
                            reverse=True)
        scored = []
        worst: list[float] = []  # min-heap of the k best scores
        for prior, true in priors:
            if len(worst) >= k and prior <= worst[0]:
                break
            lp = self.logp(ocr_token, true)
            score = lp + prior
            scored.append((score, true, lp))
            if len(worst) < k:
                heapq.heappush(worst, score)
            elif score > worst[0]:
                heapq.heapreplace(worst, score)
        scored.sort(key=lambda x: (-x[0], x[1]))
        result = [(true, lp) for _s, true, lp in scored[:k]]
        if len(self._cand_cache) < 200000:
            self._cand_cache[cache_key] = result
        return result

    # -- reporting ------------------------------------------------------------------------
    def top_substitutions(self, n: int = 30) -> list[tuple[str, str, int]]:
        """The most frequent non-identity character edits ``(true, ocr, count)``."""
        rows = [(t, o, c) for t, row in self.edits.items() for o, c in row.items() if t != o]
        rows.sort(key=lambda r: -r[2])
        return rows[:n]

    def top_token_confusions(self, n: int = 30) -> list[tuple[str, str, int]]:
        rows = [(t, o, c) for o, row in self.pairs.items() for t, c in row.items() if t != o]
        rows.sort(key=lambda r: -r[2])
        return rows[:n]

    # -- storage --------------------------------------------------------------------------
    def to_dict(self, min_count: int = 1) -> dict:
        pairs = {}
        for o, row in self.pairs.items():
            kept = {t: c for t, c in row.items() if c >= min_count}
            if kept:
                pairs[o] = kept
        return {"format": _FORMAT, "alpha": self.alpha, "pairs": pairs,
                "true_counts": {t: c for t, c in self.true_counts.items() if c >= min_count},
                "edits": {t: dict(row) for t, row in self.edits.items()},
                "bigrams": {t: c for t, c in self.bigrams.items() if c >= min_count}}

    @classmethod
    def from_dict(cls, data: dict) -> ChannelModel:
        if data.get("format") != _FORMAT:
            raise ValueError(f"not an OCR channel model: {data.get('format')!r}")
        model = cls()
        model.alpha = data.get("alpha", 2.0)
        for o, row in data["pairs"].items():
            model.pairs[o] = Counter(row)
        model.true_counts = Counter(data["true_counts"])
        for t, row in data["edits"].items():
            model.edits[t] = Counter(row)
        model.bigrams = Counter(data.get("bigrams", {}))
        return model

    def save(self, path, min_count: int = 1) -> None:
        text = json.dumps(self.to_dict(min_count), ensure_ascii=False, separators=(",", ":"))
        opener = gzip.open if str(path).endswith(".gz") else open
        with opener(path, "wt", encoding="utf-8") as f:
            f.write(text)

    @classmethod
    def load(cls, path) -> ChannelModel:
        opener = gzip.open if str(path).endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as f:
            return cls.from_dict(json.load(f))

    def __getstate__(self):
        return self.to_dict()

    def __setstate__(self, state):
        self.__dict__.update(ChannelModel.from_dict(state).__dict__)

