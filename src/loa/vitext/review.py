"""Which words of a read text a person should check (no Django import).

:func:`repair` and :func:`restore` return text, not their doubts; a review page needs to know
which words to point at. :func:`mark_words` says it per word, from what is there to see:

* **changed** — the word differs from the text as first read (``raw``, the OCR before repair
  or restore): the engine replaced it, so it may have guessed wrong ("thống" for "thông");
* **unsure** — the word is no Vietnamese syllable (:func:`is_vietnamese_syllable`) and no
  name, acronym, Roman numeral or camel-case brand the repairer keeps as written
  (:func:`loa.vitext.repair.rules.is_protected`): OCR damage left over ("nudce", "nQUOn",
  "deé").

    >>> [(m.text, m.was, m.unsure) for m in mark_words("Nhà nudce thống", "Nha nudce thong")]
    [('Nhà', 'Nha', False), ('nudce', None, True), ('thống', 'thong', False)]
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .repair.rules import _UNITS, PROTECTED_WORDS, is_protected
from .syllable import is_vietnamese_syllable
from .text import normalize
from .tokens import tokenize_spans

__all__ = ["WordMark", "mark_words"]

_RAW_WORD = re.compile(r"[^\s,;:!?()\[\]\"“”‘’'«»]+")


@dataclass(frozen=True)
class WordMark:
    """One word to check: its offsets in the text (NFC), the word, what it was as first read
    (None when unchanged) and whether it is no Vietnamese word at all."""

    start: int
    end: int
    text: str
    was: str | None
    unsure: bool

    @property
    def changed(self) -> bool:
        return self.was is not None

    def to_json(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "was": self.was,
                "unsure": self.unsure}


def _is_unsure(word: str) -> bool:
    letters = "".join(c for c in word if c.isalpha())
    if not letters:
        return False
    if len(letters) != len(word):  # "s6", "6i", "16i" (OCR); not "NV2", "800mm", "14h"
        return not word.isupper() and letters.lower() not in _UNITS
    if word.lower() in PROTECTED_WORDS:
        return False
    if word[0].islower() and sum(c.isupper() for c in word) >= 2:
        return True  # "nQUOn": no brand is written so
    if word[0].isupper() and sum(c.isupper() for c in word) >= 2 and not word.isupper():
        return False  # TTg, HĐNDtp: abbreviations with a small letter
    return not is_vietnamese_syllable(word) and not is_protected(word)


def mark_words(text: str, raw: str | None = None) -> list[WordMark]:
    """The words of ``text`` to check, in order (see the module): those changed from ``raw``
    and those that are no Vietnamese word. Offsets refer to the NFC form of ``text``."""
    tokens = [t for t in tokenize_spans(text or "") if t.kind in ("word", "number", "symbol")]
    was: dict[int, str] = {}
    if raw is not None and normalize(raw, tone_style=None) != normalize(text or "",
                                                                        tone_style=None):
        # the words as first read, with the junk the OCR glued to them ("S&", "t&")
        before = [w.strip(".") for w in _RAW_WORD.findall(raw) if w.strip(".")]
        matcher = SequenceMatcher(None, before, [t.text for t in tokens],
                                  autojunk=False)
        for op, a0, a1, b0, b1 in matcher.get_opcodes():
            if op == "equal" or b0 == b1:
                continue
            if a1 - a0 == b1 - b0:
                for k in range(b1 - b0):
                    was[b0 + k] = before[a0 + k]
            else:
                old = " ".join(before[a0:a1])
                for k in range(b0, b1):
                    was[k] = old
    marks = []
    for index, token in enumerate(tokens):
        unsure = token.kind == "word" and _is_unsure(token.text)
        if index in was or unsure:
            marks.append(WordMark(token.start, token.end, token.text, was.get(index), unsure))
    return marks
