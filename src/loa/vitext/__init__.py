"""Vietnamese text engine: plain functions, no Django import (the standard library, numpy;
underthesea for :func:`words`).

* :func:`normalize` — NFC, one tone-mark convention, quotes and spaces; keeps line breaks.
* :func:`fold` — accent-insensitive, lower-case, one-line key for search and matching;
  :func:`search_key` — the same with joining words and marks dropped ("PT&TH" = "PT-TH").
* :func:`tokenize` / :func:`tokenize_spans` / :func:`syllables` — syllables, numbers, dates,
  document symbols, URLs, e-mails, punctuation; :func:`words` joins syllables into words
  (underthesea's CRF word segmenter).
* :func:`is_vietnamese_syllable` — the phonotactic check; :func:`place_tone` moves a tone mark.

* :func:`restore` — put diacritics back into text typed without them (syllable n-gram model,
  :mod:`loa.vitext.lm`); :func:`strip_diacritics`.

* :func:`repair` — correct text OCR'd with a non-Vietnamese model (rules for document symbols
  and Roman headings, then OCR channel model + n-gram LM, :mod:`loa.vitext.repair`);
  :func:`needs_repair` — how likely a text needs repair or restore, in [0, 1].

Their models are files loaded once through :mod:`loa.vitext.registry`; ``make model`` builds
them with :mod:`loa.vitext.training` (which the functions here never import).
"""

from .repair import needs_repair, repair
from .restorer import restore, strip_diacritics
from .syllable import TONE_STYLES, is_vietnamese_syllable, place_tone
from .tcvn3 import is_tcvn3, tcvn3_to_unicode
from .text import fold, normalize, search_key
from .tokens import Token, syllables, tokenize, tokenize_spans, words

__all__ = [
    "TONE_STYLES", "Token", "fold", "is_vietnamese_syllable", "needs_repair", "normalize",
    "search_key",
    "place_tone", "repair", "restore", "strip_diacritics", "syllables", "tokenize",
    "tokenize_spans", "words", "is_tcvn3", "tcvn3_to_unicode",
]
