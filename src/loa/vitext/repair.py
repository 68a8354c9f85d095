"""repair(): correct Vietnamese text OCR'd with a non-Vietnamese model; needs_repair(): how
likely a text needs it.

    >>> repair("Tuyén truyén thye hién Quyét dinh s6 628/Qb-TTg")   # doctest: +SKIP
    'Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg'

How (first version):

1. **Rules** (deterministic, :func:`apply_rules`): in document symbols the type part read as
   "Qb", "QP", "QD", "QDb" becomes "QĐ" ("628/Qb-TTg" -> "628/QĐ-TTg"), "NP", "ND", "Nb" before
   "-CP" becomes "NĐ"; other symbols (51-KL/TW, 130/KH-STTTT) are kept. Roman-numeral headings
   at the start of a line: "|." -> "I.", "I1." -> "II.", "I11."/"Il1." -> "III.", "|V." ->
   "IV." (arabic "1." is left alone).
2. **Decoder** (noisy channel): every word token gets as candidates itself and what the OCR
   channel model proposes (:class:`~loa.vitext.ocr_channel.ChannelModel`, at most
   ``MAX_CANDIDATES``; words with digits such as 800mm, 14h, NV2 are kept, s6 and 1a are
   not). Kept tokens (numbers, symbols, URLs, e-mails, protected names such as
   Facebook/Zalo/YouTube, camel-case words, acronyms such as UBND/HCM, Roman numerals) are
   single candidates and serve as context. An exact trigram Viterbi per sentence (sentences
   end at . ! ? and line ends) picks the sequence maximising
   ``ln P_LM + CHANNEL_WEIGHT * ln P(word | candidate)`` where the channel is a mixture: the
   text is right as it stands with probability ``pi = 1 - needs_repair(text)`` (clipped to
   [``CLEAN_MIN``, ``CLEAN_MAX``]), or OCR'd with ``tesseract -l eng``::

       P(word | candidate) = pi * [word == candidate] + (1 - pi) * P_ocr(word | candidate)

   So correct text keeps its words (the OCR channel alone says "và" is almost never read as
   "và" by an English model), and damaged or mark-less text is decided by the channel and
   the LM. Candidates that are not valid Vietnamese syllables cost ``INVALID_PENALTY`` nats
   more ("Quyet", "sb" are in the LM's vocabulary and would otherwise stay), those the LM
   does not know ``UNK_PENALTY`` more (<unk> stands for all rare words at once). The letter
   case of the token is put back (:func:`~loa.vitext.ocr_channel.apply_case`); spacing,
   punctuation and line breaks are kept exactly. Tone placement of replaced words follows
   ``tone_style`` ("old" default, as :func:`~loa.vitext.restore`).

Measured (``python -m benchmarks.vitext``: 60 held-out rendered pages of var/ocr/heldout,
channel model trained on 480 other pages): 88.7% of the reference's word tokens reproduced
exactly (the OCR as is: 16.1%), about 2,000 syllables/s, 0.04% of the tokens of the correct
reference pages changed. The weights were picked on the first 8 of those pages.

The channel model is loaded on first use from ``$LOA_VITEXT_CHANNEL`` or
``loa/vitext/data/channel.json.gz``; the language model as :func:`~loa.vitext.restore` does.
"""

from __future__ import annotations

import math
import re
import unicodedata
from itertools import pairwise
from pathlib import Path

import numpy as np

from .lm import BOS, EOS, SPECIALS, UNK, NgramLM, lm_token
from .ocr_channel import ChannelModel, VocabularyIndex, apply_case
from .resources import load_once, model_path
from .syllable import _place_tone, is_syllable_shape, is_vietnamese_syllable
from .text import fold
from .tokens import tokenize_spans

__all__ = ["CHANNEL_WEIGHT", "OCR_ACRONYMS", "PROTECTED_WORDS", "Repairer", "apply_rules",
           "default_channel_path", "fix_acronym", "fix_roman_heading", "fix_symbol",
           "get_repairer", "needs_repair", "repair"]

ENV_VAR = "LOA_VITEXT_CHANNEL"
MAX_CANDIDATES = 8
CHANNEL_WEIGHT = 1.0
#: Natural-log cost of a candidate the LM does not know (its <unk> probability is that of all
#: rare words together).
UNK_PENALTY = 6.0
#: Bounds of the prior that a word is right as it stands (see :meth:`Repairer.repair`).
CLEAN_MIN, CLEAN_MAX = 0.001, 0.98
#: Natural-log cost of a candidate that is not a valid Vietnamese syllable ("Quyet", "sb"): the
#: LM's vocabulary has such forms (mark-less text in the corpus) and the channel model says
#: they are rarely damaged, so without it mark-less and broken words would stay.
INVALID_PENALTY = 8.0
LN10 = math.log(10)

#: Names kept exactly as written (compared case-insensitively; the original is kept).
PROTECTED_WORDS = frozenset(w.lower() for w in (
    "Facebook", "Zalo", "Youtube", "YouTube", "Fanpage", "TikTok", "Google", "Twitter", "Email",
    "Website", "Internet", "Online", "Zoom", "Messenger", "Viber"))

_ROMAN = re.compile(r"^[IVXLC]+$")
# "628/Qb-TTg" "628/QDb-TTg": the type part of a decision; "15/2020/NP-CP": a decree.
_SYM_QD = re.compile(r"(?<=[/-])(?:Qb|QP|QD|QDb|Qđ|QĐb)(?=-)")
_SYM_ND = re.compile(r"(?<=[/-])(?:NP|ND|Nb|Nđ)(?=-CP\b)")
_HEADING = re.compile(r"^(\s*)([I|][Il1|]{0,2}|[I|l]V|V[Il1|]{1,3})(\.)(?=\s|$)")


def fix_symbol(symbol: str) -> str:
    """A document symbol with its type part put right: "628/Qb-TTg" -> "628/QĐ-TTg",
    "15/2020/NP-CP" -> "15/2020/NĐ-CP"; others unchanged."""
    symbol = _SYM_QD.sub("QĐ", symbol)
    return _SYM_ND.sub("NĐ", symbol)


def fix_roman_heading(line: str) -> str:
    """A Roman-numeral heading at the start of a line read as "|.", "I1.", "I11." put right."""
    def sub(m: re.Match) -> str:
        numeral = re.sub(r"[Il1|]", "I", m.group(2))
        return m.group(1) + numeral + m.group(3)
    return _HEADING.sub(sub, line, count=1)


#: Acronyms with Đ that an English OCR model reads with D; fixed only in text that needs repair
#: (in correct text "CD" may be a compact disc).
OCR_ACRONYMS = {"DH": "ĐH", "CD": "CĐ", "DT": "ĐT", "GDDT": "GDĐT", "HDND": "HĐND", "NLD": "NLĐ",
                "DBQH": "ĐBQH", "BCD": "BCĐ", "DHQG": "ĐHQG", "DHSP": "ĐHSP",
                "CDCS": "CĐCS", "LDLD": "LĐLĐ", "LDTBXH": "LĐTBXH", "QD": "QĐ", "ND": "NĐ",
                "DCS": "ĐCS", "DCSVN": "ĐCSVN"}
_SEGMENTS = re.compile(r"[^/-]+|[/-]")


def fix_acronym(text: str) -> str:
    """Acronyms (alone or as parts of a symbol) with Đ read as D put right: "DH" -> "ĐH",
    "GD-DT" -> "GD-ĐT"; see :data:`OCR_ACRONYMS`."""
    return "".join(OCR_ACRONYMS.get(part, part) for part in _SEGMENTS.findall(text))


def apply_rules(line: str, ocr: bool = False) -> str:
    """The deterministic rules on one line (NFC): Roman headings and document symbols; with
    ``ocr`` (the text needs repair) also the acronyms of :data:`OCR_ACRONYMS`."""
    line = fix_roman_heading(unicodedata.normalize("NFC", line))
    tokens = tokenize_spans(line)
    parts, pos = [], 0
    for token in tokens:
        if token.kind == "symbol":
            fixed = fix_symbol(token.text)
        elif ocr and token.kind == "word" and token.text.isupper():
            fixed = fix_acronym(token.text)
        else:
            continue
        if ocr and token.kind == "symbol":
            fixed = fix_acronym(fixed) if not fixed[:1].isdigit() else fixed
        if fixed != token.text:
            parts.append(line[pos:token.start])
            parts.append(fixed)
            pos = token.end
    if not parts:
        return line
    parts.append(line[pos:])
    return "".join(parts)


def _is_protected(word: str) -> bool:
    if word.lower() in PROTECTED_WORDS:
        return True
    if _ROMAN.match(word) and len(word) > 1 or word in ("I", "V", "X"):
        return True
    if any(a.islower() and b.isupper() for a, b in pairwise(word)):
        return True  # YouTube, iPhone, TikTok: a capital after a small letter
    # acronyms: UBND, HĐND, STTTT
    return word.isupper() and len(word) >= 2 and not is_vietnamese_syllable(word) and \
        sum(c.isalpha() for c in word) == len(word) and not _may_be_word(word)


_FOLDED_SHAPE = re.compile(
    r"(?:NGH|NG|[CKPTGN]H|TR|GI|QU|[BCDGHKLMNPQRSTVX])?[AEIOUY]{1,3}(?:NG|NH|CH|[CMNPT])?")


def _may_be_word(word: str) -> bool:
    """An upper-case word that may be a damaged syllable (HOACH, QUYET, PICH) rather than an
    acronym (UBND, STTTT, HCM): spelled like a syllable once accents are dropped."""
    return is_syllable_shape(word) or _FOLDED_SHAPE.fullmatch(fold(word).upper()) is not None


_UNITS = frozenset({"m", "mm", "cm", "km", "m2", "m3", "km2", "g", "kg", "mg", "ml", "l", "h",
                    "ha", "đ", "t", "s", "p", "x", "k", "tr"})
_DIGIT_WORD = re.compile(r"(\d+)([^\W\d_]+)(\d*)")


def _digit_word_kept(word: str, channel: ChannelModel) -> bool:
    """A word with digits kept as it is: 800mm, 14h, m2, NV2, F0, H5N1 (units, codes); not the
    OCR's digits for letters (s6, 1a, t6i) — those are short, lower case after the first
    letter, or known to the channel table."""
    if not any(c.isdigit() for c in word):
        return False
    if any(t != word for t in channel.pairs.get(word, ())):
        return False
    m = _DIGIT_WORD.fullmatch(word)
    if m and (m.group(2).lower() in _UNITS or len(m.group(1)) > 1):
        return True
    if word.lower() in _UNITS:
        return True
    if sum(c.isupper() for c in word) >= 2 or word[-1].isdigit() and word[:1].isupper():
        return True
    return len(word) > 5


# ---------------------------------------------------------------------------------------------
# needs_repair


def needs_repair(text: str) -> float:
    """How likely ``text`` is OCR-damaged or typed without diacritics, in [0, 1].

    Over the alphabetic word tokens (letters, or letters with digits such as "s6"), leaving out
    protected names and acronyms:

    * ``invalid`` = share that are not valid Vietnamese syllables (with digits: invalid);
    * ``plain`` = among the valid syllables, the share without any diacritic (or đ). Correct
      Vietnamese has about 15-30% such words (cho, con, ban), text typed without marks 100%.

    ``a = min(1, 3 * invalid)``, ``b = clip((plain - 0.4) / 0.4, 0, 1)`` and the result is
    ``1 - (1 - a) * (1 - b)``. 0.0 for text without words."""
    if not text:
        return 0.0
    words = invalid = valid = plain = 0
    for token in tokenize_spans(text):
        if token.kind != "word":
            continue
        w = token.text
        if not any(c.isalpha() for c in w) or not w.replace("-", "").isalnum():
            continue
        if _is_protected(w):
            continue
        words += 1
        if any(c.isdigit() for c in w) or not is_vietnamese_syllable(w):
            invalid += 1
        else:
            valid += 1
            if w.isascii():
                plain += 1
    if not words:
        return 0.0
    a = min(1.0, 3.0 * invalid / words)
    b = min(1.0, max(0.0, (plain / valid - 0.4) / 0.4)) if valid else 0.0
    return round(1.0 - (1.0 - a) * (1.0 - b), 4)


# ---------------------------------------------------------------------------------------------
# The decoder


class Repairer:
    """Channel model + language model + trigram Viterbi (see the module documentation)."""

    def __init__(self, lm: NgramLM, channel: ChannelModel, max_candidates: int = MAX_CANDIDATES,
                 channel_weight: float = CHANNEL_WEIGHT, index: VocabularyIndex | None = None,
                 invalid_penalty: float = INVALID_PENALTY, unk_penalty: float = UNK_PENALTY):
        self.lm = lm
        self.unk_penalty = unk_penalty
        self.invalid_penalty = invalid_penalty
        self.channel = channel
        self.max_candidates = max_candidates
        self.weight = channel_weight
        if index is None:
            unigram = lm.logp[0]
            counts = {}
            for i, w in enumerate(lm.vocab):
                if i < len(SPECIALS) or not w or not any(c.isalpha() for c in w):
                    continue
                if not all(c.isalpha() for c in w):
                    continue
                counts[w] = max(1, round(10 ** float(unigram[i]) * 1e8))
            index = VocabularyIndex(counts)
        self.index = index
        self._cands: dict[str, list[tuple[str, int, float]]] = {}

    def _lm_id(self, word: str) -> int:
        return self.lm.ids.get(_place_tone(word.lower(), "new"), UNK)

    def candidates(self, word: str) -> list[tuple[str, int, float, bool]]:
        """(output word, LM id, channel cost, is the word itself) for one OCR word token; the
        cost is ``log P_ocr(word | candidate)`` minus the penalty for non-syllables."""
        cached = self._cands.get(word)
        if cached is not None:
            return cached
        out: list[tuple[str, int, float, bool]] = []
        seen = set()
        valid = is_vietnamese_syllable(word)
        known = word.lower() in self.index.counts or self._lm_id(word) != UNK
        self_id = self._lm_id(word)
        self_cost = self.channel.logp(word, word) - (0.0 if valid else self.invalid_penalty)
        if self_id == UNK:  # <unk> stands for every rare word: far too likely for one of them
            self_cost -= self.unk_penalty
        out.append((word, self_id, self_cost, True))
        seen.add(word)
        if _digit_word_kept(word, self.channel):
            self._cands[word] = out
            return out
        for true, lp in self.channel.candidates(word, self.index, k=self.max_candidates * 2):
            if not true or true in seen or not true.isalpha():
                continue
            seen.add(true)
            cost = lp
            if not is_vietnamese_syllable(true):
                cost -= self.invalid_penalty
            true_id = self._lm_id(true)
            if true_id == UNK:
                cost -= self.unk_penalty
            out.append((true, true_id, cost, False))
            if len(out) >= self.max_candidates + (0 if known else 1):
                break
        if len(self._cands) < 200000:
            self._cands[word] = out
        return out

    def _costed(self, cands, log_clean: float, log_ocr: float) -> list[tuple[str, int, float]]:
        """Candidates with the weighted channel cost of the mixture: the text is clean with
        probability ``pi`` (the word is what it says) or OCR'd: ``log(pi [w = c] + (1 - pi)
        P_ocr(w | c))``."""
        out = []
        for word, i, cost, is_self in cands:
            if is_self:
                value = float(np.logaddexp(log_clean, log_ocr + cost))
            else:
                value = log_ocr + cost
            out.append((word, i, self.weight * value))
        return out

    def repair_line(self, line: str, tone_style: str = "old", clean: float = 0.5) -> str:
        """One line; ``clean`` is the prior probability that a word is right as it stands."""
        clean = min(max(clean, CLEAN_MIN), CLEAN_MAX)
        log_clean, log_ocr = math.log(clean), math.log1p(-clean)
        line = apply_rules(line, ocr=clean < 0.5)
        tokens = tokenize_spans(line)
        sentences: list[list[tuple[list[tuple[str, int, float]], int | None]]] = []
        current: list = []
        for t, token in enumerate(tokens):
            text, kind = token.text, token.kind
            if kind == "word" and any(c.isalpha() for c in text) and not _is_protected(text):
                current.append((self._costed(self.candidates(text), log_clean, log_ocr), t))
                continue
            tok = lm_token(text, kind)
            if tok is None:
                if current:
                    sentences.append(current)
                current = []
                continue
            if kind == "word":
                tok = _place_tone(tok, "new")
            current.append(([(text, self.lm.ids.get(tok, UNK), 0.0)], None))
        if current:
            sentences.append(current)
        replace: dict[int, str] = {}
        for sentence in sentences:
            if all(len(c) == 1 for c, _t in sentence):
                choice = [0] * len(sentence)
            else:
                choice = self._viterbi([c for c, _t in sentence])
            for (cands, t), k in zip(sentence, choice):
                if t is None:
                    continue
                word = cands[k][0]
                original = tokens[t].text
                if word == original:
                    continue
                if tone_style != "new":
                    word = _place_tone(word, tone_style)
                word = apply_case(word.lower(), original)
                if word != original:
                    replace[t] = word
        if not replace:
            return line
        parts, pos = [], 0
        for t in sorted(replace):
            token = tokens[t]
            parts.append(line[pos:token.start])
            parts.append(replace[t])
            pos = token.end
        parts.append(line[pos:])
        return "".join(parts)

    def _viterbi(self, cands: list[list[tuple[str, int, float]]]) -> list[int]:
        """Exact trigram (order-3; other orders use the last two words) Viterbi over the
        candidate lists; returns the chosen index per position."""
        seq = [[("", BOS, 0.0)], [("", BOS, 0.0)], *cands, [("", EOS, 0.0)]]
        # score every (a, b, c) window in one batch
        h2, h1, w = [], [], []
        shapes = []
        for i in range(2, len(seq)):
            a, b, c = seq[i - 2], seq[i - 1], seq[i]
            shapes.append((len(a), len(b), len(c)))
            for x in a:
                for y in b:
                    for z in c:
                        h2.append(x[1])
                        h1.append(y[1])
                        w.append(z[1])
        scores = self.lm.score_ids([np.array(h2, dtype=np.int64), np.array(h1, dtype=np.int64)],
                                   np.array(w, dtype=np.int64)) * LN10
        scores = scores.tolist()
        # delta[(ia, ib)] = best score ending with candidates ia at i-1, ib at i
        delta = {(0, 0): 0.0}
        backs = []
        off = 0
        for i in range(2, len(seq)):
            na, nb, nc = shapes[i - 2]
            c = seq[i]
            new: dict[tuple[int, int], float] = {}
            back: dict[tuple[int, int], int] = {}
            for (ia, ib), v in delta.items():
                base = off + (ia * nb + ib) * nc
                for ic in range(nc):
                    s = v + scores[base + ic] + c[ic][2]
                    if s > new.get((ib, ic), -1e300):
                        new[(ib, ic)] = s
                        back[(ib, ic)] = ia
            off += na * nb * nc
            delta = new
            backs.append(back)
        state = max(delta, key=delta.__getitem__)
        path = [state[1], state[0]]
        for back in reversed(backs):
            ia = back[state]
            state = (ia, state[0])
            path.append(ia)
        path.reverse()  # indices for seq[0..]
        return path[2:2 + len(cands)]

    def repair(self, text: str, tone_style: str = "old") -> str:
        """``text`` repaired line by line; the prior that a word is right as it stands is
        ``1 - needs_repair(text)`` (clipped to [CLEAN_MIN, CLEAN_MAX]): correct text keeps its
        words, OCR-damaged or mark-less text lets the channel model and the LM decide."""
        if not text:
            return ""
        clean = 1.0 - needs_repair(text)
        return "\n".join(self.repair_line(line, tone_style, clean) for line in text.split("\n"))


# ---------------------------------------------------------------------------------------------
# The default models, loaded once


_repairer: Repairer | None = None


def default_channel_path() -> Path:
    return model_path(ENV_VAR, "channel.json.gz")


def _load_repairer(path: Path) -> Repairer:
    from .restorer import get_restorer

    return Repairer(get_restorer().lm, ChannelModel.load(path))


def get_repairer() -> Repairer:
    """The shared :class:`Repairer` over the default models (loaded on first call)."""
    return load_once(globals(), "_repairer", default_channel_path, "OCR channel model", ENV_VAR,
                     _load_repairer)


def repair(text: str, tone_style: str = "old") -> str:
    """``text`` with OCR damage put right; see the module documentation."""
    if tone_style not in ("new", "old"):
        raise ValueError(f"tone_style must be 'new' or 'old', not {tone_style!r}")
    if not text:
        return ""
    return get_repairer().repair(text, tone_style)
