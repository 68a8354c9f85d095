"""needs_repair(): how likely a text is OCR-damaged or typed without diacritics, in [0, 1].

The reader of documents asks it which pages to repair; :class:`~.repairer.Repairer` turns it
into the prior that a word is right as it stands.
"""

from __future__ import annotations

from ..syllable import is_vietnamese_syllable
from ..tokens import tokenize_spans
from .rules import is_protected

__all__ = ["needs_repair"]


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
        if is_protected(w):
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
