"""Legacy TCVN3 (ABC) text: detect it and convert it to Unicode. No Django import.

Documents typed with the .VnTime fonts (TCVN 5712:1993, "ABC") store the Vietnamese letters in
the upper half of an 8-bit code page; a PDF text layer or an old Word file gives them back as
Latin-1 characters ("KÕ ho¹ch" for "Kế hoạch"). Capitals come from a separate font (.VnTimeH)
that draws the lower-case codes as capitals, so a capital letter with a mark has no code of its
own except Ă Â Đ Ê Ô Ơ Ư: :func:`tcvn3_to_unicode` writes a word in capitals when its other
(ASCII) letters all are.

* :func:`is_tcvn3` — whether a text reads as TCVN3 (at least five words, and one word in ten
  holding a code that is not a Vietnamese letter in Unicode next to an ASCII letter).
* :func:`tcvn3_to_unicode` — the text with every word's codes replaced by the Unicode letters.
"""

from __future__ import annotations

import re

__all__ = ["is_tcvn3", "tcvn3_to_unicode"]

# The TCVN3 codes (as Latin-1 characters) and the letters they stand for, in the same order.
_TCVN3 = (
    "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®ÌÐÎÏÑªÒÕÓÔÖ×ÝØÜÞßãáâä«åèæçé¬êíëìîïóñòô\xadõøö÷ùúýûüþ¡¢§£¤¥¦",
    "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĂÂĐÊÔƠƯ",
)
_TCVN3_MAP = str.maketrans(*_TCVN3)
# The TCVN3 codes that are not letters of Vietnamese in Unicode: their presence inside words
# tells TCVN3 text from Unicode.
_TCVN3_ONLY = set("µ¸¶·¹¨»¾¼½Æ©ÇË®ÎÏÑªÖ×ØÜÞßäå«æçë¬îïñö÷øûüþ¡¢§£¤¥¦\xad")
_TOKEN = re.compile(r"\S+")


def is_tcvn3(text: str) -> bool:
    """Whether ``text`` (its first 200,000 characters) is TCVN3 read as Latin-1: at least five
    words with letters, and at least one in ten of them holding a TCVN3-only code beside an
    ASCII letter. Unicode Vietnamese never does (those codes are not Vietnamese letters)."""
    words = [w for w in _TOKEN.findall(text[:200_000]) if any(c.isalpha() for c in w)]
    if len(words) < 5:
        return False
    marked = sum(1 for w in words if any(c in _TCVN3_ONLY for c in w)
                 and any(c.isascii() and c.isalpha() for c in w))
    return marked >= 0.1 * len(words)


def tcvn3_to_unicode(text: str) -> str:
    """``text`` with its TCVN3 codes replaced by Unicode letters, word by word; a converted word
    whose ASCII letters are all capitals is written in capitals (.VnTimeH)."""

    def word(m: re.Match) -> str:
        w = m.group()
        out = w.translate(_TCVN3_MAP)
        ascii_letters = [c for c in w if c.isascii() and c.isalpha()]
        if out != w and ascii_letters and all(c.isupper() for c in ascii_letters):
            out = out.upper()
        return out

    return _TOKEN.sub(word, text)
