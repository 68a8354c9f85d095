"""The Repairer: rules, candidates, decoder and case put together over one language model and
one OCR channel model (see :mod:`loa.vitext.repair` for the whole method)."""

from __future__ import annotations

import math

from ..lm import NgramLM
from ..ocr_channel import ChannelModel, VocabularyIndex
from ..syllable import _place_tone
from .candidates import (
    CHANNEL_WEIGHT,
    INVALID_PENALTY,
    MAX_CANDIDATES,
    UNK_PENALTY,
    Candidate,
    CandidateGenerator,
)
from .case import all_upper, restore_case
from .decoder import viterbi
from .rules import apply_rules
from .score import needs_repair
from .units import Unit, line_units

__all__ = ["BATCH_LINES", "CLEAN_MAX", "CLEAN_MIN", "Repairer"]

#: Bounds of the prior that a word is right as it stands (see :meth:`Repairer.repair`).
CLEAN_MIN, CLEAN_MAX = 0.001, 0.98
#: Lines decoded together (one LM call): bounds the memory of a huge text.
BATCH_LINES = 100


class Repairer:
    """Channel model + language model + trigram Viterbi (see :mod:`loa.vitext.repair`)."""

    def __init__(self, lm: NgramLM, channel: ChannelModel, max_candidates: int = MAX_CANDIDATES,
                 channel_weight: float = CHANNEL_WEIGHT, index: VocabularyIndex | None = None,
                 invalid_penalty: float = INVALID_PENALTY, unk_penalty: float = UNK_PENALTY):
        self.lm = lm
        self.channel = channel
        self.generator = CandidateGenerator(lm, channel, index, max_candidates, channel_weight,
                                            invalid_penalty, unk_penalty)
        self.index = self.generator.index

    def candidates(self, word: str) -> list[Candidate]:
        """The candidates of one OCR word token (:meth:`CandidateGenerator.for_word`)."""
        return self.generator.for_word(word)

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

    def repair_line(self, line: str, tone_style: str = "old", clean: float = 0.5) -> str:
        """One line; ``clean`` is the prior probability that a word is right as it stands."""
        return self._repair_lines([line], tone_style, clean)[0]

    def _repair_lines(self, lines: list[str], tone_style: str, clean: float) -> list[str]:
        clean = min(max(clean, CLEAN_MIN), CLEAN_MAX)
        log_clean, log_ocr = math.log(clean), math.log1p(-clean)
        ocr = clean < 0.5
        lines = [apply_rules(line, ocr=ocr) for line in lines]
        per_line = [line_units(line, self.generator, log_clean, log_ocr, ocr) for line in lines]
        merged, closed = _join_sentences(per_line)
        decode = [k for k, sentence in enumerate(merged) if any(len(u[0]) > 1 for u in sentence)]
        choices = viterbi(self.lm, [[u[0] for u in merged[k]] for k in decode],
                          [closed[k] for k in decode])
        chosen = {id(unit): index for k, choice in zip(decode, choices)
                  for unit, index in zip(merged[k], choice)}
        return [_rewrite(line, sentences, chosen, tone_style)
                for line, (sentences, _open) in zip(lines, per_line)]


def _join_sentences(per_line: list[tuple[list[list[Unit]], bool]]
                    ) -> tuple[list[list[Unit]], list[bool]]:
    """The sentences to decode, and whether each is closed (ends with </s>).

    A sentence a line leaves open goes on in the next line (text wrapped by the page): the LM
    sees across the break. A blank line ends it. A sentence closed by . ! ? ends with </s>;
    one a blank line or the text ends (a heading: "6.2. Trung tâm Thông tin và Truyền thông")
    does not."""
    merged: list[list[Unit]] = []
    closed: list[bool] = []
    carry = False
    for sentences, open_end in per_line:
        if not sentences:
            carry = False
            continue
        last = len(sentences) - 1
        for j, sentence in enumerate(sentences):
            if j == 0 and carry:
                merged[-1].extend(sentence)
                closed[-1] = j < last or not open_end
            else:
                merged.append(list(sentence))  # a copy: merged sentences grow, the line's stay
                closed.append(j < last or not open_end)
        carry = open_end
    return merged, closed


def _rewrite(line: str, sentences: list[list[Unit]], chosen: dict[int, int],
             tone_style: str) -> str:
    """``line`` with the chosen word of each decoded unit, in the case the OCR read; spacing
    and everything else kept."""
    units = [u for sentence in sentences for u in sentence if u[1] is not None]
    upper = [all_upper(u[2]) for u in units]
    replace: list[tuple[int, int, str]] = []
    for k, unit in enumerate(units):
        cands, span, original = unit
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
        word = restore_case(word.lower(), original, context)
        if word != original:
            replace.append((span[0], span[1], word))
    if not replace:
        return line
    parts, pos = [], 0
    for start, end, word in replace:
        parts.append(line[pos:start])
        parts.append(word)
        pos = end
    parts.append(line[pos:])
    return "".join(parts)
