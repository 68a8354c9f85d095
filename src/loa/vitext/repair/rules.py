"""The deterministic part of repair: document symbols, Roman headings, acronyms with Đ, and the
tokens the decoder keeps as they are (protected names, acronyms, Roman numerals, codes).

* :func:`apply_rules` — per line, before the decoder: "628/Qb-TTg" -> "628/QĐ-TTg",
  "15/2020/NP-CP" -> "15/2020/NĐ-CP", "|." -> "I.", "I1." -> "II."; in text that needs repair
  also "DH" -> "ĐH", "GD-DT" -> "GD-ĐT" (:data:`OCR_ACRONYMS`).
* :func:`is_protected` — a word kept exactly as written: Facebook, Zalo (:data:`PROTECTED_WORDS`),
  camel case (YouTube, iPhone), acronyms (UBND, HĐND, STTTT), Roman numerals.
* :func:`digit_word_kept` — a word with digits kept (800mm, 14h, NV2) rather than read as a
  damaged syllable (s6, t6i).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import pairwise

from ..ocr_channel import ChannelModel
from ..syllable import is_syllable_shape, is_vietnamese_syllable
from ..text import fold
from ..tokens import tokenize_spans

__all__ = ["KEPT_GROUP", "OCR_ACRONYMS", "PROTECTED_WORDS", "apply_rules", "digit_word_kept",
           "fix_acronym", "fix_roman_heading", "fix_symbol", "is_protected", "may_be_word"]

#: Names kept exactly as written (compared case-insensitively; the original is kept).
PROTECTED_WORDS = frozenset(w.lower() for w in (
    "Facebook", "Zalo", "Youtube", "YouTube", "Fanpage", "TikTok", "Google", "Twitter", "Email",
    "Website", "Internet", "Online", "Zoom", "Messenger", "Viber"))

#: Letters joined by "&" that are an abbreviation or an HTML entity, not damage: R&D, M&A, &amp.
KEPT_GROUP = re.compile(r"[A-Z]+(?:&[A-Z]+)+|[A-Za-z]*&(?:amp|gt|lt|quot|nbsp)")

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
def is_protected(word: str) -> bool:
    """A word kept exactly as written: a protected name, a Roman numeral, camel case, an
    acronym."""
    if word.lower() in PROTECTED_WORDS:
        return True
    if _ROMAN.match(word) and len(word) > 1 or word in ("I", "V", "X"):
        return True
    if any(a.islower() and b.isupper() for a, b in pairwise(word)) and \
            not may_be_word(word.upper()):
        return True  # YouTube, iPhone, TikTok: a capital after a small letter (not "cOng")
    # acronyms: UBND, HĐND, STTTT
    return word.isupper() and len(word) >= 2 and not is_vietnamese_syllable(word) and \
        sum(c.isalpha() for c in word) == len(word) and not may_be_word(word)


_FOLDED_SHAPE = re.compile(
    r"(?:NGH|NG|[CKPTGN]H|TR|GI|QU|[BCDGHKLMNPQRSTVX])?[AEIOUY]{1,3}(?:NG|NH|CH|[CMNPT])?")


def may_be_word(word: str) -> bool:
    """An upper-case word that may be a damaged syllable (HOACH, QUYET, PICH) rather than an
    acronym (UBND, STTTT, HCM): spelled like a syllable once accents are dropped."""
    return is_syllable_shape(word) or _FOLDED_SHAPE.fullmatch(fold(word).upper()) is not None


_UNITS = frozenset({"m", "mm", "cm", "km", "m2", "m3", "km2", "g", "kg", "mg", "ml", "l", "h",
                    "ha", "đ", "t", "s", "p", "x", "k", "tr"})
_DIGIT_WORD = re.compile(r"(\d+)([^\W\d_]+)(\d*)")
_DIGIT_LETTERS = str.maketrans("106", "ioo")


def digit_word_kept(word: str, channel: ChannelModel) -> bool:
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
