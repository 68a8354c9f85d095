"""Vietnamese text engine: plain functions, no Django import, standard library only.

* :func:`normalize` — NFC, one tone-mark convention, quotes and spaces; keeps line breaks.
* :func:`fold` — accent-insensitive, lower-case, one-line key for search and matching.
* :func:`tokenize` / :func:`tokenize_spans` / :func:`syllables` — syllables, numbers, dates,
  document symbols, URLs, e-mails, punctuation.
* :func:`is_vietnamese_syllable` — the phonotactic check; :func:`place_tone` moves a tone mark.

Issue 3 grows this into the full engine (restore, repair, needs_repair).
"""

from .syllable import TONE_STYLES, is_vietnamese_syllable, place_tone
from .text import fold, normalize
from .tokens import Token, syllables, tokenize, tokenize_spans

__all__ = [
    "TONE_STYLES", "Token", "fold", "is_vietnamese_syllable", "normalize", "place_tone",
    "syllables", "tokenize", "tokenize_spans",
]
