"""normalize() and fold(): one spelling of the same text, and an accent-insensitive key."""

from __future__ import annotations

import re
import unicodedata

from .syllable import TONE_STYLES, _place_tone, is_syllable_shape

__all__ = ["fold", "normalize"]

# Line breaks as str.splitlines() knows them; each becomes one "\n".
_LINE_BREAKS = re.compile("\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# Any other white space (tab, NBSP, the U+2000 spaces, ideographic space, ...) inside a line.
_SPACES = re.compile(r"[^\S\n]+")
_LINE_ENDS = re.compile(r" ?\n ?")
_ALL_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W\d_]+")

# Characters replaced or removed everywhere. Quotes become the ASCII ones: the text is stored,
# searched and re-typed by people on ordinary keyboards, and the typographic forms in use vary
# (“ ” „ « » ‘ ’ `). Prime marks (′ ″) and the spacing acute (´) are left alone.
_CHARS = str.maketrans({
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u301d": '"', "\u301e": '"', "\uff02": '"',
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'",
    "`": "'",
    # invisible characters: zero-width space, word joiner, BOM / zero-width no-break space,
    # soft hyphen. (Zero-width joiner and non-joiner are kept: emoji and other scripts need them.)
    "\u200b": None, "\u2060": None, "\ufeff": None, "\u00ad": None,
})

# The same without the quotes (a document's own typography kept: normalize(..., quotes=False)).
_CHARS_KEEP_QUOTES = str.maketrans({"\u200b": None, "\u2060": None, "\ufeff": None,
                                    "\u00ad": None})

_ETH = "ðÐ"
_ETH_FIX = str.maketrans({"ð": "đ", "Ð": "Đ"})
_CAPS_SYMBOL = re.compile(r"[A-ZÐ]+")


def _fix_word(word: str, style: str | None) -> str:
    if word.isascii():
        return word
    if "ð" in word or "Ð" in word:
        fixed = word.translate(_ETH_FIX)
        # ð/Ð (Icelandic eth) is what some fonts, keyboards and OCR give for đ/Đ. Read it as đ
        # only where the result is Vietnamese: a syllable ("Ðà", "ðược") or a capitals-only
        # abbreviation ("QÐ", "ÐT" in GD&ÐT). Icelandic words ("Guðrún") stay.
        if is_syllable_shape(fixed) or _CAPS_SYMBOL.fullmatch(word):
            word = fixed
    if style is not None:
        word = _place_tone(word, style)
    return word


def normalize(text: str, tone_style: str | None = "new", *, quotes: bool = True) -> str:
    """One spelling for the same Vietnamese text; keeps the line structure.

    * Unicode NFC: decomposed letters and Windows-1258-style "letter + combining tone mark"
      become the precomposed letters ("ơ" + U+0301 -> "ớ").
    * ``ð``/``Ð`` used for ``đ``/``Đ`` become ``đ``/``Đ`` where the word is then Vietnamese.
    * Tone marks: one convention, ``tone_style="new"`` ("hoà", "khoẻ", "thuý", the 1980s
      school rule that puts the mark on the main vowel) or ``"old"`` ("hòa", "khỏe", "thúy",
      the traditional placement); ``None`` leaves the marks where they are. Only words that are
      Vietnamese syllables are touched, and misplaced marks are put right ("qúa" -> "quá",
      "lựơng" -> "lượng"). See :data:`loa.vitext.syllable.TONE_STYLES`.
    * Quotes: “ ” „ « » -> ``"``; ‘ ’ ‚ ` -> ``'`` (ASCII); ``quotes=False`` keeps them (the
      document reader keeps a document's own typography).
    * Spaces: every line break (CR LF, CR, U+2028, ...) becomes ``\\n`` and each one is kept;
      within a line, tabs, no-break and other spaces become one space per run; each line is
      stripped at both ends. Zero-width spaces, word joiners, BOMs and soft hyphens go.

    Nothing else changes: letters of other scripts, digits, punctuation and emoji stay.
    Legacy 8-bit encodings (VNI, TCVN3 read as Latin-1) are not guessed at.
    """
    if tone_style is not None and tone_style not in TONE_STYLES:
        raise ValueError(f"tone_style must be one of {TONE_STYLES} or None, not {tone_style!r}")
    if not text:
        return ""
    text = _LINE_BREAKS.sub("\n", unicodedata.normalize("NFC", text))
    text = unicodedata.normalize("NFC", text.translate(_CHARS if quotes else _CHARS_KEEP_QUOTES))
    text = _LINE_ENDS.sub("\n", _SPACES.sub(" ", text)).strip(" ")
    text = _WORD.sub(lambda m: _fix_word(m.group(), tone_style), text)
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Accent-insensitive, lower-case, one-line key: "Sở GD&ĐT" -> "so gd&dt".

    Lower case, đ (and ð) -> d, every diacritic removed, the same quote and invisible-character
    rules as :func:`normalize`, all white space including line breaks collapsed to one space.
    "Hoà", "Hòa", "HOA" and "hoa" share a key; ``fold(normalize(x)) == fold(x)``."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_CHARS)
    text = _strip_marks(text).lower().replace("đ", "d").replace("ð", "d")
    text = _strip_marks(text)  # lower() can add marks: "İ" -> "i̇"
    return _ALL_SPACE.sub(" ", text).strip()


_COMMON_MARKS = re.compile("[\u0300-\u036f]+")
_NON_ASCII = re.compile("[^\x00-\u036f]")


def _drop_mark(match: re.Match) -> str:
    ch = match.group()
    return "" if unicodedata.category(ch) == "Mn" else ch


def _strip_marks(text: str) -> str:
    """NFD with every non-spacing mark (category Mn) removed."""
    text = _COMMON_MARKS.sub("", unicodedata.normalize("NFD", text))
    return text if text.isascii() else _NON_ASCII.sub(_drop_mark, text)


# Words and marks that join the parts of a name and are written in many ways: "Phát thanh và
# Truyền hình", "Phát thanh - Truyền hình", "PT&TH", "PT-TH", "PTTH".
SEARCH_CONNECTORS = (" va ",)
SEARCH_DROPPED = " -–—&+,.;:/()\"'"


def search_key(text: str) -> str:
    """The key a search compares: :func:`fold`, then the joining words and marks removed and
    the words run together, so "Đài PT-TH", "Đài PT&TH", "đài ptth" share the key "daiptth"
    and "Phát thanh - Truyền hình" is found in "Đài Phát thanh và Truyền hình Hải Phòng".
    (:meth:`loa.org.models.UnitQuerySet.search` computes the same key in SQL.)"""
    key = f" {fold(text)} "
    for connector in SEARCH_CONNECTORS:
        while connector in key:
            key = key.replace(connector, " ")
    return key.translate({ord(ch): None for ch in SEARCH_DROPPED})
