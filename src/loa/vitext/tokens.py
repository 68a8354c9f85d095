"""tokenize(): syllables, numbers, dates, document symbols, URLs, e-mails and punctuation.

Word segmentation (joining syllables into words such as "Quyết định"): :func:`words`, with
underthesea's CRF word segmenter (Apache-2.0; its model ships in the package).
"""

from __future__ import annotations

import re
import unicodedata
from typing import NamedTuple

__all__ = ["Token", "syllables", "tokenize", "tokenize_spans", "words"]

_URL_CHARS = r"""[^\s<>"'“”‘’()\[\]{}]"""
_URL_END = r"""[^\s<>"'“”‘’()\[\]{}.,;:!?]"""  # a URL does not end with punctuation
_TLD = r"(?:vn|com|net|org|gov|edu|info|io|int|biz)"
_UP = "A-ZĐ"
_SEG = rf"[{_UP}][A-Za-zĐđ0-9]*"

_PATTERNS = [
    ("url", rf"(?:https?|ftp)://{_URL_CHARS}*{_URL_END}|www\.{_URL_CHARS}*{_URL_END}"),
    ("email", r"[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"),
    # a bare domain: haiphong.gov.vn, baohaiphong.com.vn/tin-tuc
    ("url", rf"(?<![\w.])(?:[A-Za-z0-9-]+\.)+{_TLD}\b(?:/{_URL_CHARS}*{_URL_END})?"),
    # document symbols: 628/QĐ-TTg, 51-KL/TW, 130/KH-STTTT, 15/2020/NĐ-CP
    ("symbol", rf"\d+(?:/\d+)*(?:[/-]{_SEG})+(?:[/-](?:{_SEG}|\d+))*"),
    # ... and without a number: QĐ-TTg, KL/TW, COVID-19 (at least two capitals first)
    ("symbol", rf"[{_UP}][{_UP}0-9]*[{_UP}][A-Za-zĐđ0-9]*(?:[/-](?:{_SEG}|\d+))+"),
    # abbreviations with dots: TP.HCM, Tp.HCM; v.v.
    ("word", rf"(?:[{_UP}][A-Za-zđ]?\.)+[{_UP}]{{2,}}\b|\bv\.v\.?"),
    # numbers and dates: 2020, 1.000,5, 3,14, 30/5/2019, 2019-2020, 7:30 (not 5G, 7h30: words)
    ("number", r"\d+(?:[.,:/-]\d+)*(?![^\W\d_])"),
    # syllables and other runs of letters and digits (s6, F0, H5N1)
    ("word", r"[^\W_]+"),
    ("punct", r"\.{2,}|-{2,}|\S"),
]
_TOKEN = re.compile("|".join(f"(?P<{kind}{i}>{rx})" for i, (kind, rx) in enumerate(_PATTERNS)))
_KINDS = {f"{kind}{i}": kind for i, (kind, _rx) in enumerate(_PATTERNS)}


class Token(NamedTuple):
    text: str
    kind: str  # "word", "number", "symbol", "url", "email" or "punct"
    start: int
    end: int


def _is_mark(ch: str) -> bool:
    return unicodedata.category(ch).startswith("M")


def tokenize_spans(text: str) -> list[Token]:
    """Tokens with their kind and offsets; offsets refer to ``unicodedata.normalize("NFC",
    text)``. A combining mark that did not compose stays with the letters around it."""
    text = unicodedata.normalize("NFC", text or "")
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = _KINDS[match.lastgroup]
        start, end = match.span()
        if tokens and tokens[-1].end == start and not text[start].isascii() and (
                _is_mark(text[start]) or (_is_mark(text[start - 1]) and kind == "word")):
            last = tokens.pop()
            kind = last.kind if _is_mark(text[start]) else "word"
            start = last.start
        tokens.append(Token(text[start:end], kind, start, end))
    return tokens


def tokenize(text: str) -> list[str]:
    """The tokens of ``text`` (NFC), in order, white space dropped.

    Syllables and other letter/digit runs ("Thực", "s6", "F0"), numbers and dates ("1.000,5",
    "30/5/2019"), document symbols ("628/QĐ-TTg", "51-KL/TW"), URLs ("https://haiphong.gov.vn",
    bare domains too) and e-mail addresses are single tokens; punctuation is separate (an
    ellipsis "..." is one token):

    >>> tokenize("Thực hiện Quyết định số 628/QĐ-TTg ngày 11/05/2020.")
    ['Thực', 'hiện', 'Quyết', 'định', 'số', '628/QĐ-TTg', 'ngày', '11/05/2020', '.']
    """
    return [token.text for token in tokenize_spans(text)]


def syllables(text: str) -> list[str]:
    """The letter-only tokens of ``text``: the Vietnamese syllables and foreign words."""
    return [token.text for token in tokenize_spans(text)
            if token.kind == "word" and not any(ch.isdigit() or ch == "." for ch in token.text)]


def _segmenter():
    """underthesea's word segmenter: the CRF model its package ships, loaded from disk on first
    use (nothing is downloaded). Imported here, not at the top: ``import loa.vitext`` stays
    light for those who never segment words."""
    from underthesea import word_tokenize

    return word_tokenize


def words(text: str) -> list[str]:
    """The tokens of ``text`` with syllables joined into words: "Quyết định", "Truyền thông".

    Numbers, dates, document symbols, URLs, e-mails and punctuation stay the tokens
    :func:`tokenize` gives; each run of syllables between them is segmented by underthesea's
    CRF word segmenter (a dependency of Loa, Apache-2.0; it reads its shipped model and never
    downloads). Where the segmenter's words would not cover the same syllables in order, the
    syllables stay apart.

    >>> words("Sở Thông tin và Truyền thông thực hiện Quyết định số 628/QĐ-TTg.")  # doctest: +SKIP
    ['Sở', 'Thông tin', 'và', 'Truyền thông', 'thực hiện', 'Quyết định', 'số', '628/QĐ-TTg', '.']
    """
    tokens = tokenize_spans(text)
    segment = _segmenter()
    result: list[str] = []
    run: list[str] = []

    def flush():
        if not run:
            return
        joined = segment(" ".join(run))
        # keep the segmenter's grouping only when it covers the same syllables, in order
        if [s for word in joined for s in word.split()] == run:
            result.extend(joined)
        else:
            result.extend(run)
        run.clear()

    for token in tokens:
        if token.kind == "word" and token.text.isalpha():
            run.append(token.text)
        else:
            flush()
            result.append(token.text)
    flush()
    return result
