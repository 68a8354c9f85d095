"""repair(): correct Vietnamese text OCR'd with a non-Vietnamese model; needs_repair(): how
likely a text needs it.

    >>> repair("Tuyén truyén thye hién Quyét dinh s6 628/Qb-TTg")   # doctest: +SKIP
    'Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg'

How:

1. **Rules** (deterministic, :func:`apply_rules`): in document symbols the type part read as
   "Qb", "QP", "QD", "QDb" becomes "QĐ" ("628/Qb-TTg" -> "628/QĐ-TTg"), "NP", "ND", "Nb" before
   "-CP" becomes "NĐ"; other symbols (51-KL/TW, 130/KH-STTTT) are kept. Roman-numeral headings
   at the start of a line: "|." -> "I.", "I1." -> "II.", "I11."/"Il1." -> "III.", "|V." ->
   "IV." (arabic "1." is left alone).
2. **Units** (:meth:`Repairer._units`): letters, digits and the OCR's junk symbols written
   together are one damaged word ("16i", "nghi¢p", "t&", "B¢", "s6"; a quote mark only before
   something that is no syllable: "THU'C" but not "trong'va"); in text that needs repair a
   digit or a junk symbol standing alone also gets the words the channel table saw read that
   way ("6", "&", "@" for "ở"). Every word gets as candidates itself and what the OCR channel
   model proposes (:class:`~loa.vitext.ocr_channel.ChannelModel`, at most ``MAX_CANDIDATES``;
   words with digits such as 800mm, 14h, NV2 are kept). Kept tokens (numbers, symbols, URLs,
   e-mails, protected names such as Facebook/Zalo/YouTube, camel-case words, acronyms such as
   UBND/HCM, Roman numerals) are single candidates and serve as context.
3. **Decoder** (noisy channel): per sentence the sequence maximising
   ``ln P_LM + CHANNEL_WEIGHT * ln P(word | candidate)``. Sentences end at . ! ? (with </s>)
   and at blank lines or the end of the text (without: a heading is no sentence end); a line
   that ends inside a sentence goes on in the next one (text wrapped by the page). The channel
   is a mixture: the text is right as it stands with probability ``pi = 1 -
   needs_repair(text)`` (clipped to [``CLEAN_MIN``, ``CLEAN_MAX``]), or OCR'd with
   ``tesseract -l eng``::

       P(word | candidate) = pi * [word == candidate] + (1 - pi) * P_ocr(word | candidate)

   So correct text keeps its words, and damaged or mark-less text is decided by the channel
   and the LM. Candidates that are not valid Vietnamese syllables cost ``INVALID_PENALTY``
   nats more, those the LM does not know ``UNK_PENALTY`` more (<unk> stands for all rare words
   at once), whether the text is clean or not. Search: candidates more than
   ``CANDIDATE_BEAM`` nats below the best are dropped; a bigram max-product forward-backward
   pass keeps ``KEEP`` per position (:meth:`Repairer._prune`); then an exact trigram Viterbi.
   All sentences of ``BATCH_LINES`` lines share one LM call per pass.
4. **Case** (:func:`_restore_case`): the case of the OCR'd token, except that a short word read
   in capitals with none around it is title case ("BO" -> "Bộ") and a leading "I" read for "l"
   stays small ("Ién" -> "lên"). Spacing, punctuation and line breaks are kept exactly. Tone
   placement of replaced words follows ``tone_style`` ("old" default, as documents write:
   "hóa", "thủy").

Measured (``python -m benchmarks.vitext``: 60 held-out rendered pages of var/ocr/heldout,
channel model trained on 480 other pages, ``tone_style="new"`` as the pages were typeset, words
aligned by edit distance): 95.9% of the reference's word tokens reproduced exactly (the OCR as
is: 16.9%), 96.1% on the 19 clean pages, about 5,900 syllables/s on one core (cold caches), 0.13%
of the tokens of the correct reference pages changed; the sample plan 130/KH-STTTT (a real scan,
defaults): 95.6% (10.3% as read; 25 header words the OCR lost count as errors). Settings were
chosen on pages 401-480 of the training side with a channel model of pages 1-400.

The channel model is the model "vitext.repairer" of :mod:`loa.vitext.registry`: loaded on
first use from ``$LOA_VITEXT_CHANNEL`` or ``loa/vitext/data/channel.json.gz``, with the
language model of :func:`~loa.vitext.restore`.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

from . import registry
from .lm import BOS, EOS, SPECIALS, UNK, NgramLM, lm_token
from .ocr_align import OCR_JUNK
from .ocr_channel import ChannelModel, VocabularyIndex, apply_case
from .syllable import _place_tone, is_syllable_shape, is_vietnamese_syllable
from .text import fold
from .tokens import tokenize_spans

__all__ = ["CHANNEL_WEIGHT", "OCR_ACRONYMS", "PROTECTED_WORDS", "Repairer", "apply_rules",
           "default_channel_path", "fix_acronym", "fix_roman_heading", "fix_symbol",
           "get_repairer", "needs_repair", "repair"]

ENV_VAR = "LOA_VITEXT_CHANNEL"
MAX_CANDIDATES = 16
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
#: Candidates whose weighted channel cost is this many nats below the best one's are dropped.
CANDIDATE_BEAM = 14.0
#: Candidates per position kept for the trigram search, and how far (nats) below the best
#: bigram path a candidate's best path may be (see :meth:`Repairer._prune`).
KEEP, PRUNE_BEAM = 6, 12.0
#: Lines decoded together (one LM call): bounds the memory of a huge text.
BATCH_LINES = 100
_QUOTES = frozenset("'‘’")
# letters joined by "&" that are an abbreviation or an HTML entity, not damage: R&D, M&A, &amp
_KEPT_GROUP = re.compile(r"[A-Z]+(?:&[A-Z]+)+|[A-Za-z]*&(?:amp|gt|lt|quot|nbsp)")

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


@lru_cache(maxsize=65536)
def _is_protected(word: str) -> bool:
    if word.lower() in PROTECTED_WORDS:
        return True
    if _ROMAN.match(word) and len(word) > 1 or word in ("I", "V", "X"):
        return True
    if any(a.islower() and b.isupper() for a, b in pairwise(word)) and \
            not _may_be_word(word.upper()):
        return True  # YouTube, iPhone, TikTok: a capital after a small letter (not "cOng")
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
_DIGIT_LETTERS = str.maketrans("106", "ioo")


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
    if sum(c.isalpha() for c in word) >= 2 and \
            is_vietnamese_syllable(word.translate(_DIGIT_LETTERS).lower()):
        return False  # "Ph6", "Ng6", "Ho1": a syllable once the digits are read as letters
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
            # The LM's unigrams are Kneser-Ney continuation probabilities: "phố" (almost always
            # after "thành") looks rare. The frequencies of the channel's training text put
            # such words back among the candidates.
            seen = Counter()
            for w, c in channel.true_counts.items():
                if w and w.isalpha():
                    seen[w.lower()] += c
            total = sum(seen.values()) or 1
            for w, c in seen.items():
                if w in counts:
                    counts[w] = max(counts[w], round(c / total * 1e8))
            index = VocabularyIndex(counts)
        self.index = index
        self._cands: dict[str, list[tuple[str, int, float, bool, float]]] = {}
        self._costed_cache: dict[tuple[str, float], list[tuple[str, int, float]]] = {}

    def _lm_id(self, word: str) -> int:
        return self.lm.ids.get(_place_tone(word.lower(), "new"), UNK)

    def candidates(self, word: str) -> list[tuple[str, int, float, bool, float]]:
        """(output word, LM id, ``log P_ocr(word | candidate)``, is the word itself, penalty)
        for one OCR word token; the penalty (nats) is that of non-syllables and of words the LM
        does not know, whether the text is clean or OCR'd."""
        cached = self._cands.get(word)
        if cached is not None:
            return cached
        out: list[tuple[str, int, float, bool, float]] = []
        seen = set()
        valid = is_vietnamese_syllable(word)
        known = word.lower() in self.index.counts or self._lm_id(word) != UNK
        self_id = self._lm_id(word)
        penalty = 0.0 if valid else self.invalid_penalty
        if self_id == UNK:  # <unk> stands for every rare word: far too likely for one of them
            penalty += self.unk_penalty
        out.append((word, self_id, self.channel.logp(word, word), True, penalty))
        seen.add(word)
        if _digit_word_kept(word, self.channel):
            self._cands[word] = out
            return out
        for true, lp in self.channel.candidates(word, self.index, k=self.max_candidates + 2):
            if not true or true in seen or not true.isalpha():
                continue
            seen.add(true)
            penalty = 0.0 if is_vietnamese_syllable(true) else self.invalid_penalty
            true_id = self._lm_id(true)
            if true_id == UNK:
                penalty += self.unk_penalty
            out.append((true, true_id, lp, False, penalty))
            if len(out) >= self.max_candidates + (0 if known else 1):
                break
        if len(self._cands) < 200000:
            self._cands[word] = out
        return out

    def _alternatives(self, text: str) -> list[tuple[str, int, float, bool]]:
        """Candidates for a number or a symbol standing alone that the OCR may have made of a
        word ("6" for "ở", "14" for "là", "&" for "ở"): itself (its own LM token) and the words
        the channel table saw read that way (at least twice)."""
        cached = self._cands.get(text)
        if cached is not None:
            return cached
        kind = "number" if text[:1].isdigit() else "punct"
        tok = lm_token(text, kind)
        self_id = self.lm.ids.get(tok, UNK) if tok else UNK
        out = [(text, self_id, self.channel.logp(text, text), True, 0.0)]
        for true, count in self.channel.pairs.get(text, {}).items():
            if count < 2 or not true.isalpha() or not is_vietnamese_syllable(true):
                continue
            true_id = self._lm_id(true)
            if true_id == UNK:
                continue
            out.append((true, true_id, self.channel.logp(text, true), False, 0.0))
        if len(self._cands) < 200000:
            self._cands[text] = out
        return out

    def _costed(self, cands, log_clean: float, log_ocr: float) -> list[tuple[str, int, float]]:
        """Candidates with the weighted channel cost of the mixture: the text is clean with
        probability ``pi`` (the word is what it says) or OCR'd: ``log(pi [w = c] + (1 - pi)
        P_ocr(w | c))``; candidates more than ``CANDIDATE_BEAM`` nats below the best are
        dropped (the LM never makes up that much)."""
        out = []
        for word, i, cost, is_self, penalty in cands:
            if is_self:
                a, b = log_clean, log_ocr + cost
                value = max(a, b) + math.log1p(math.exp(-abs(a - b)))
            else:
                value = log_ocr + cost
            out.append((word, i, self.weight * value - penalty))
        if len(out) > 1:
            floor = max(c for _w, _i, c in out) - CANDIDATE_BEAM
            out = [c for c in out if c[2] >= floor]
        return out

    def _units(self, line: str, log_clean: float, log_ocr: float, ocr: bool):
        """The sentences of one line (after the rules) for the decoder: lists of
        ``(candidates, (start, end) or None, original text)``; a span of None is context only.

        Letters, digits and the OCR's junk symbols written together form one unit ("16i",
        "nghi¢p", "t&", "B¢": one damaged word each); a quote mark joins only when what
        follows is no syllable ("THU'C", not "trong'va"). A short number or a junk symbol standing alone gets the words the channel
        table saw read that way ("6" -> "ở") when the text needs repair."""
        tokens = tokenize_spans(line)
        groups: list[list] = []  # [start, end, [tokens]]
        for k, token in enumerate(tokens):
            part = token.kind in ("word", "number")
            junk = token.kind == "punct" and token.text in OCR_JUNK
            if junk and token.text in _QUOTES:
                # "THU'C", "nhu'ng": a mark read apart, when what follows is no syllable;
                # "trong'va", "co'sé": a speck between two words
                nxt = tokens[k + 1] if k + 1 < len(tokens) else None
                junk = bool(groups) and groups[-1][1] == token.start and groups[-1][3] and \
                    nxt is not None and nxt.start == token.end and nxt.kind == "word" and \
                    not is_vietnamese_syllable(nxt.text) and nxt.text.isalpha()
            joinable = part or junk
            if groups and joinable and groups[-1][3] and groups[-1][1] == token.start and \
                    (part or junk):
                groups[-1][1] = token.end
                groups[-1][2].append(token)
            else:
                groups.append([token.start, token.end, [token], part or junk])
        sentences: list[list] = []
        current: list = []
        for start, end, toks, _j in groups:
            text = line[start:end]
            cands = None
            if len(toks) > 1 and any(c.isalpha() for c in text):
                if not (text.isascii() and _KEPT_GROUP.fullmatch(text)):
                    cands = self.candidates(text)
            elif len(toks) == 1:
                token = toks[0]
                if token.kind == "word" and any(c.isalpha() for c in text) and \
                        not _is_protected(text):
                    cands = self.candidates(text)
                elif ocr and (token.kind == "number" and len(text) == 1 or
                              token.kind == "punct" and text in OCR_JUNK):
                    alts = self._alternatives(text)
                    if len(alts) > 1:
                        cands = alts
            if cands is not None:
                key = (text, log_clean)
                costed = self._costed_cache.get(key)
                if costed is None:
                    costed = self._costed(cands, log_clean, log_ocr)
                    if len(self._costed_cache) < 200000:
                        self._costed_cache[key] = costed
                current.append((costed, (start, end), text))
                continue
            for token in toks:
                tok = lm_token(token.text, token.kind)
                if tok is None:
                    if current:
                        sentences.append(current)
                    current = []
                    continue
                if token.kind == "word":
                    tok = _place_tone(tok, "new")
                current.append(([(token.text, self.lm.ids.get(tok, UNK), 0.0)], None, token.text))
        self._open = bool(current)  # the line ends inside a sentence
        if current:
            sentences.append(current)
        return sentences

    def repair_line(self, line: str, tone_style: str = "old", clean: float = 0.5) -> str:
        """One line; ``clean`` is the prior probability that a word is right as it stands."""
        return self._repair_lines([line], tone_style, clean)[0]

    def _repair_lines(self, lines: list[str], tone_style: str, clean: float) -> list[str]:
        clean = min(max(clean, CLEAN_MIN), CLEAN_MAX)
        log_clean, log_ocr = math.log(clean), math.log1p(-clean)
        ocr = clean < 0.5
        lines = [apply_rules(line, ocr=ocr) for line in lines]
        per_line = []
        # A sentence a line leaves open goes on in the next line (text wrapped by the page):
        # the LM sees across the break. A blank line ends it.
        # A sentence closed by . ! ? ends with </s>; one a blank line or the text ends (a
        # heading: "6.2. Trung tâm Thông tin và Truyền thông") does not.
        merged: list[list] = []
        closed: dict[int, bool] = {}
        carry = None
        for line in lines:
            sentences = self._units(line, log_clean, log_ocr, ocr)
            per_line.append(sentences)
            if not sentences:
                carry = None
                continue
            last = len(sentences) - 1
            for j, sentence in enumerate(sentences):
                if j == 0 and carry is not None:
                    carry.extend(sentence)
                    target = carry
                else:
                    target = list(sentence)  # a copy: merged sentences grow, the line's stay
                    merged.append(target)
                closed[id(target)] = j < last or not self._open
            carry = merged[-1] if self._open else None
        decode = [sentence for sentence in merged if any(len(u[0]) > 1 for u in sentence)]
        choices = self._viterbi_batch([[u[0] for u in sentence] for sentence in decode],
                                      [closed[id(sentence)] for sentence in decode])
        chosen = {id(unit): cands_index for sentence, choice in zip(decode, choices)
                  for unit, cands_index in zip(sentence, choice)}
        out = []
        for line, sentences in zip(lines, per_line):
            replace: list[tuple[int, int, str]] = []
            units = [u for sentence in sentences for u in sentence if u[1] is not None]
            upper = [_all_upper(u[2]) for u in units]
            k = -1
            for sentence in sentences:
                for unit in sentence:
                    cands, span, original = unit
                    if span is None:
                        continue
                    k += 1
                    index = chosen.get(id(unit))
                    if index is None:
                        continue
                    word = cands[index][0]
                    if word == original:
                        continue
                    if tone_style != "new":
                        word = _place_tone(word, tone_style)
                    context = (k > 0 and upper[k - 1]) or (k + 1 < len(units) and upper[k + 1]) \
                        or len(units) == 1
                    word = _restore_case(word.lower(), original, context)
                    if word != original:
                        replace.append((span[0], span[1], word))
            if not replace:
                out.append(line)
                continue
            parts, pos = [], 0
            for start, end, word in replace:
                parts.append(line[pos:start])
                parts.append(word)
                pos = end
            parts.append(line[pos:])
            out.append("".join(parts))
        return out

    def _windows(self, sentences, order: int, ends: list[bool]):
        """LM scores (nats) of every n-gram window (``order`` 2 or 3) of the candidate lattice of
        each sentence (padded with <s> and </s>), in one LM call; and per sentence the shape
        of each window. The index arrays are built for all windows at once."""
        ids: list[int] = []
        starts: list[int] = []  # flat index of each position's first candidate
        sizes: list[int] = []
        bounds = []
        pad = order - 1
        for cands, end in zip(sentences, ends):
            first = len(starts)
            for group in [((BOS,),)] * pad + list(cands) + ([((EOS,),)] if end else []):
                starts.append(len(ids))
                sizes.append(len(group))
                ids.extend(c[1] if len(c) > 1 else c[0] for c in group)
            bounds.append((first, len(starts)))
        ids_a = np.asarray(ids, dtype=np.int64)
        starts_a = np.asarray(starts, dtype=np.int64)
        sizes_a = np.asarray(sizes, dtype=np.int64)
        # the last position of every window: every position but the padding at a sentence start
        last = np.concatenate([np.arange(a + pad, b) for a, b in bounds])
        if order == 3:
            na, nb, nc = sizes_a[last - 2], sizes_a[last - 1], sizes_a[last]
            per = na * nb * nc
        else:
            nb, nc = sizes_a[last - 1], sizes_a[last]
            per = nb * nc
        offsets = np.concatenate([[0], np.cumsum(per)])
        win = np.repeat(np.arange(len(last)), per)
        local = np.arange(int(offsets[-1])) - offsets[:-1][win]
        nc_w, nb_w = nc[win], nb[win]
        ic = local % nc_w
        ib = (local // nc_w) % nb_w
        hist = []
        if order == 3:
            ia = local // (nc_w * nb_w)
            hist.append(ids_a[starts_a[last - 2][win] + ia])
        hist.append(ids_a[starts_a[last - 1][win] + ib])
        word = ids_a[starts_a[last][win] + ic]
        scores = self.lm.score_ids(hist, word) * LN10
        shapes = []
        k = 0
        for a, b in bounds:
            count = b - a - pad
            if order == 3:
                shapes.append(list(zip(na[k:k + count].tolist(), nb[k:k + count].tolist(),
                                       nc[k:k + count].tolist())))
            else:
                shapes.append(list(zip(nb[k:k + count].tolist(), nc[k:k + count].tolist())))
            k += count
        return scores, shapes

    def _prune(self, sentences: list[list[list[tuple[str, int, float]]]], ends: list[bool]
               ) -> list[list[list[int]]]:
        """The candidates worth a trigram search: a bigram forward-backward (max-product) pass
        over all sentences (one LM call) gives every candidate the score of the best bigram
        path through it; per position the ``KEEP`` best within ``PRUNE_BEAM`` nats of the best
        path are kept. Returns the kept indices per position of each sentence."""
        scores, shapes_all = self._windows(sentences, 2, ends)
        kept_all = []
        off = 0
        for cands, shapes, end in zip(sentences, shapes_all, ends):
            costs = [np.array([c[2] for c in cs]) for cs in cands] + ([np.zeros(1)] if end else [])
            mats = []
            for na, nb in shapes:
                mats.append(scores[off:off + na * nb].reshape(na, nb))
                off += na * nb
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
            kept_all.append(kept)
        return kept_all

    def _viterbi_batch(self, sentences: list[list[list[tuple[str, int, float]]]],
                       ends: list[bool] | None = None) -> list[list[int]]:
        """Trigram Viterbi over the candidate lists of each sentence, after :meth:`_prune`
        (one LM call each for all sentences); returns the chosen index per position of each
        sentence."""
        if not sentences:
            return []
        if ends is None:
            ends = [True] * len(sentences)
        if KEEP:
            kept_all = self._prune(sentences, ends)
        else:
            kept_all = [[list(range(len(cs))) for cs in cands] for cands in sentences]
        sentences = [[[cs[k] for k in kept] for cs, kept in zip(cands, kepts)]
                     for cands, kepts in zip(sentences, kept_all)]
        scores, shapes_all = self._windows(sentences, 3, ends)
        results = []
        off = 0
        for cands, shapes in zip(sentences, shapes_all):
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
            results.append(path[1:1 + len(cands)])
        return [[kept[k] for kept, k in zip(kepts, path)]
                for kepts, path in zip(kept_all, results)]

    def repair(self, text: str, tone_style: str = "old") -> str:
        """``text`` repaired line by line; the prior that a word is right as it stands is
        ``1 - needs_repair(text)`` (clipped to [CLEAN_MIN, CLEAN_MAX]): correct text keeps its
        words, OCR-damaged or mark-less text lets the channel model and the LM decide. Lines
        are decoded ``BATCH_LINES`` at a time (one LM call each)."""
        if not text:
            return ""
        clean = 1.0 - needs_repair(text)
        lines = text.split("\n")
        out: list[str] = []
        for i in range(0, len(lines), BATCH_LINES):
            out.extend(self._repair_lines(lines[i:i + BATCH_LINES], tone_style, clean))
        return "\n".join(out)


def _all_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _restore_case(word: str, original: str, upper_context: bool) -> str:
    """``word`` (lower case) in the case of the OCR'd ``original``: upper case when the OCR'd
    word is, unless it is a short word (<= 3 letters) with no upper-case word next to it (the
    OCR reads "Bộ" as "BO", "Mỹ" as "MY"); a leading "I" for "l" stays a small letter (the OCR
    reads "lên" as "Ién")."""
    letters = [c for c in original if c.isalpha()]
    if _all_upper(original):
        if upper_context or len(letters) > 3:
            return word.upper()
        return word[:1].upper() + word[1:]
    if original[:1] == "I" and word[:1] == "l" and len(letters) > 1 and \
            not any(c.isupper() for c in letters[1:]):
        return word
    return apply_case(word, original)


# ---------------------------------------------------------------------------------------------
# The default models: registered once, loaded on first use (loa.vitext.registry)


def _load_repairer(path: Path) -> Repairer:
    from .restorer import get_restorer  # the language model: a model of its own

    return Repairer(get_restorer().lm, ChannelModel.load(path))


MODEL = registry.register("vitext.repairer", filename="channel.json.gz", env_var=ENV_VAR,
                          description="OCR channel model", loader=_load_repairer)


def default_channel_path() -> Path:
    """Where the channel model is read from: ``$LOA_VITEXT_CHANNEL`` or the package's data."""
    return registry.path(MODEL.name)


def get_repairer() -> Repairer:
    """The shared :class:`Repairer` over the default models (loaded on first call)."""
    return registry.get(MODEL.name)


def repair(text: str, tone_style: str = "old") -> str:
    """``text`` with OCR damage put right; see the module documentation."""
    if tone_style not in ("new", "old"):
        raise ValueError(f"tone_style must be 'new' or 'old', not {tone_style!r}")
    if not text:
        return ""
    return get_repairer().repair(text, tone_style)
