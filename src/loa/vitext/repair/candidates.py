"""Noisy-channel candidates: for a word the OCR read, the words it may stand for, each with its
channel cost.

A word gets itself and what the OCR channel model proposes
(:class:`~loa.vitext.ocr_channel.ChannelModel`, at most ``MAX_CANDIDATES``); a digit or a junk
symbol standing alone in text that needs repair gets the words the channel table saw read that
way ("6", "&", "@" for "ở"). The channel is a mixture: the text is right as it stands with
probability ``pi``, or OCR'd with ``tesseract -l eng``::

    P(word | candidate) = pi * [word == candidate] + (1 - pi) * P_ocr(word | candidate)

Candidates that are not valid Vietnamese syllables cost ``INVALID_PENALTY`` nats more, those
the LM does not know ``UNK_PENALTY`` more (<unk> stands for all rare words at once), whether
the text is clean or not; candidates more than ``CANDIDATE_BEAM`` nats below the best are
dropped.
"""

from __future__ import annotations

import math
from collections import Counter

from ..lm import SPECIALS, UNK, NgramLM, lm_token
from ..ocr_channel import ChannelModel, VocabularyIndex
from ..syllable import _place_tone, is_vietnamese_syllable
from .rules import digit_word_kept

__all__ = ["CANDIDATE_BEAM", "CHANNEL_WEIGHT", "INVALID_PENALTY", "MAX_CANDIDATES",
           "UNK_PENALTY", "CandidateGenerator", "vocabulary_index"]

MAX_CANDIDATES = 16
CHANNEL_WEIGHT = 1.0
#: Natural-log cost of a candidate the LM does not know (its <unk> probability is that of all
#: rare words together).
UNK_PENALTY = 6.0
#: Natural-log cost of a candidate that is not a valid Vietnamese syllable ("Quyet", "sb"): the
#: LM's vocabulary has such forms (mark-less text in the corpus) and the channel model says
#: they are rarely damaged, so without it mark-less and broken words would stay.
INVALID_PENALTY = 8.0
#: Candidates whose weighted channel cost is this many nats below the best one's are dropped.
CANDIDATE_BEAM = 14.0
#: Entries per cache (OCR'd text repeats its words; the bound keeps a huge text's memory flat).
CACHE_SIZE = 200000

Candidate = tuple[str, int, float, bool, float]  # word, LM id, log P_ocr, is itself, penalty


def vocabulary_index(lm: NgramLM, channel: ChannelModel) -> VocabularyIndex:
    """The words candidates are drawn from: the LM's alphabetic words, with their frequencies."""
    unigram = lm.logp[0]
    counts = {}
    for i, w in enumerate(lm.vocab):
        if i < len(SPECIALS) or not w or not any(c.isalpha() for c in w):
            continue
        if not all(c.isalpha() for c in w):
            continue
        counts[w] = max(1, round(10 ** float(unigram[i]) * 1e8))
    # The LM's unigrams are Kneser-Ney continuation probabilities: "phố" (almost always after
    # "thành") looks rare. The frequencies of the channel's training text put such words back
    # among the candidates.
    seen = Counter()
    for w, c in channel.true_counts.items():
        if w and w.isalpha():
            seen[w.lower()] += c
    total = sum(seen.values()) or 1
    for w, c in seen.items():
        if w in counts:
            counts[w] = max(counts[w], round(c / total * 1e8))
    return VocabularyIndex(counts)


class CandidateGenerator:
    """Candidates and their channel costs over one LM and one channel model, with caches."""

    def __init__(self, lm: NgramLM, channel: ChannelModel, index: VocabularyIndex | None = None,
                 max_candidates: int = MAX_CANDIDATES, channel_weight: float = CHANNEL_WEIGHT,
                 invalid_penalty: float = INVALID_PENALTY, unk_penalty: float = UNK_PENALTY):
        self.lm = lm
        self.channel = channel
        self.index = index if index is not None else vocabulary_index(lm, channel)
        self.max_candidates = max_candidates
        self.weight = channel_weight
        self.invalid_penalty = invalid_penalty
        self.unk_penalty = unk_penalty
        self._cands: dict[str, list[Candidate]] = {}
        self._costed: dict[tuple[str, float], list[tuple[str, int, float]]] = {}

    def lm_id(self, word: str) -> int:
        """The LM id of ``word`` (any case, any tone-mark placement), <unk> if unknown."""
        return self.lm.ids.get(_place_tone(word.lower(), "new"), UNK)

    def _penalty(self, word: str, lm_id: int) -> float:
        penalty = 0.0 if is_vietnamese_syllable(word) else self.invalid_penalty
        if lm_id == UNK:  # <unk> stands for every rare word: far too likely for one of them
            penalty += self.unk_penalty
        return penalty

    def for_word(self, word: str) -> list[Candidate]:
        """(output word, LM id, ``log P_ocr(word | candidate)``, is the word itself, penalty)
        for one OCR word token; the penalty (nats) is that of non-syllables and of words the LM
        does not know, whether the text is clean or OCR'd."""
        cached = self._cands.get(word)
        if cached is not None:
            return cached
        known = word.lower() in self.index.counts or self.lm_id(word) != UNK
        self_id = self.lm_id(word)
        out = [(word, self_id, self.channel.logp(word, word), True, self._penalty(word, self_id))]
        if digit_word_kept(word, self.channel):
            self._cands[word] = out
            return out
        seen = {word}
        for true, lp in self.channel.candidates(word, self.index, k=self.max_candidates + 2):
            if not true or true in seen or not true.isalpha():
                continue
            seen.add(true)
            true_id = self.lm_id(true)
            out.append((true, true_id, lp, False, self._penalty(true, true_id)))
            if len(out) >= self.max_candidates + (0 if known else 1):
                break
        if len(self._cands) < CACHE_SIZE:
            self._cands[word] = out
        return out

    def alternatives(self, text: str) -> list[Candidate]:
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
            true_id = self.lm_id(true)
            if true_id == UNK:
                continue
            out.append((true, true_id, self.channel.logp(text, true), False, 0.0))
        if len(self._cands) < CACHE_SIZE:
            self._cands[text] = out
        return out

    def costed(self, text: str, cands: list[Candidate], log_clean: float, log_ocr: float
               ) -> list[tuple[str, int, float]]:
        """``(word, LM id, cost)`` of the candidates of ``text``: the weighted channel cost of
        the mixture — the text is clean with probability ``pi`` (the word is what it says) or
        OCR'd: ``log(pi [w = c] + (1 - pi) P_ocr(w | c))`` — less the penalty; candidates
        more than ``CANDIDATE_BEAM`` nats below the best are dropped (the LM never makes up
        that much)."""
        key = (text, log_clean)
        out = self._costed.get(key)
        if out is not None:
            return out
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
        if len(self._costed) < CACHE_SIZE:
            self._costed[key] = out
        return out
