"""Vietnamese syllable structure: letters, tones, onsets and rhymes, tone-mark placement.

A written Vietnamese syllable is ``onset + rhyme`` with at most one tone mark on a vowel of the
rhyme. This module knows the closed sets involved and answers two questions:

* :func:`is_vietnamese_syllable` — could this string be one Vietnamese syllable, spelled by the
  rules of chữ quốc ngữ? (A phonotactic check, not a dictionary: "quýnh" passes whether or not
  anybody uses it; "thye", "twéng", "gido" fail.)
* :func:`place_tone` — where the tone mark goes, in the "new" or the "old" convention (see
  :data:`TONE_STYLES`).

Pure standard library; no Django.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import NamedTuple

__all__ = ["TONES", "TONE_STYLES", "is_vietnamese_syllable", "place_tone", "split_tone"]

#: Tone marks in Unicode combining form, index = tone number: 1 huyền (grave), 2 sắc (acute),
#: 3 hỏi (hook above), 4 ngã (tilde), 5 nặng (dot below). Tone 0, ngang, has no mark.
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
GRAVE, ACUTE, HOOK, TILDE, DOT = 1, 2, 3, 4, 5

#: The two tone-placement conventions. They differ only for the open rhymes oa, oe, uy:
#:
#: * ``"new"`` — the rule of the Ministry of Education's 1980/1984 spelling regulations ("kiểu
#:   mới" in the Vietnamese Wikipedia article *Quy tắc đặt dấu thanh*): the mark goes on the main
#:   vowel, so "hoà", "khoẻ", "thuý", "tuỳ".
#: * ``"old"`` — the traditional placement ("kiểu cũ"), still the most common in print and the
#:   form underthesea's ``text_normalize`` produces: "hòa", "khỏe", "thúy", "tùy".
#:
#: Everything else is the same in both: a vowel with a quality mark (ă â ê ô ơ ư) takes the tone
#: (the ơ of ươ/uơ: "người", "thuở"); with a final consonant the tone goes on the last vowel
#: ("hoàng", "quyết"); in a three-vowel rhyme on the middle one ("ngoài", "khuỷu"); the u of qu
#: and the i of gi belong to the onset ("quả", "giữa"). Note that underthesea's documentation
#: uses the opposite names ("hoá" is its "old style").
TONE_STYLES = ("new", "old")

VOWELS = "aăâeêioôơuưy"
CONSONANTS = "bcdđghklmnpqrstvx"
QUALITY_VOWELS = "ăâêôơư"
FRONT = "eêiy"

# letter -> (base letter without tone, tone number), lower case only
_DECOMPOSE: dict[str, tuple[str, int]] = {}
# (base, tone) -> letter, lower case only
_COMPOSE: dict[tuple[str, int], str] = {}
for _base in VOWELS:
    for _tone, _mark in enumerate(TONES):
        _ch = unicodedata.normalize("NFC", _base + _mark)
        _DECOMPOSE[_ch] = (_base, _tone)
        _COMPOSE[(_base, _tone)] = _ch
for _ch in CONSONANTS:
    _DECOMPOSE[_ch] = (_ch, 0)
    _COMPOSE[(_ch, 0)] = _ch

#: Every lower-case letter of Vietnamese (with or without tone), and the upper-case forms.
LETTERS = frozenset(_DECOMPOSE) | frozenset(ch.upper() for ch in _DECOMPOSE)

_ONSET_LIST = "b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x"
ONSETS = frozenset(_ONSET_LIST.split()) | {""}

# Rhymes (vần) written after an ordinary onset, medial o/u included. Loan-word rhymes that have
# become ordinary (oong, ooc, uyp, oap) are in; the set is phonotactic, not a dictionary.
RHYMES = frozenset("""
    a ac ach ai am an ang anh ao ap at au ay
    ăc ăm ăn ăng ăp ăt
    âc âm ân âng âp ât âu ây
    e ec em en eng eo ep et
    ê êch êm ên ênh êp êt êu
    i ia ich im in inh ip it iu
    iêc iêm iên iêng iêp iêt iêu
    yêm yên yêng yêt yêu
    y
    o oc oi om on ong op ot oong ooc
    ô ôc ôi ôm ôn ông ôp ôt
    ơ ơi ơm ơn ơp ơt
    u ua uc ui um un ung up ut
    uôc uôi uôm uôn uông uôt
    ư ưa ưc ưi ưm ưn ưng ưt ưu
    ươc ươi ươm ươn ương ươp ươt ươu
    oa oac oach oai oam oan oang oanh oao oap oat oay
    oăc oăm oăn oăng oăt
    oe oen oeo oet
    uân uâng uât uây
    uê uêch uênh
    uơ
    uy uych uynh uyp uyt uya uyu uyên uyêt
""".split())  # noqa: SIM905

#: Rhymes that start with a medial (o/u before the main vowel); they do not follow "c".
_MEDIAL = frozenset(r for r in RHYMES if r[:2] in ("oa", "oă", "oe", "uâ", "uê", "uơ", "uy"))

# After "qu" the medial is the u of the onset: qua, quân, quê, quy, quyết, quơ; plus the old
# spellings qui, quít and quốc (qu + ôc).
QU_RHYMES = frozenset(
    {r[1:] for r in _MEDIAL} | {"i", "it", "in", "inh", "ôc"})

_STOPS = ("c", "ch", "p", "t")


class Letter(NamedTuple):
    base: str  # lower-case letter without tone (may carry a quality mark: ơ, â, ...)
    tone: int
    upper: bool


def split_tone(word: str) -> tuple[list[Letter], int, int] | None:
    """Decompose ``word`` (NFC) into letters; return (letters, tone, tone position) or None.

    None when a character is not a Vietnamese letter or more than one letter carries a tone
    mark. Tone position is -1 for tone 0 (ngang)."""
    letters = []
    tone, position = 0, -1
    for i, ch in enumerate(word):
        low = ch.lower()
        parts = _DECOMPOSE.get(low)
        if parts is None:
            return None
        base, t = parts
        if t:
            if tone:
                return None
            tone, position = t, i
        letters.append(Letter(base, t, ch != low))
    return letters, tone, position


class _Parse(NamedTuple):
    onset: str
    rhyme: str
    nucleus: tuple[int, ...]  # positions (in the word) of the rhyme's vowels
    final: str  # final consonant(s), "" for an open syllable


@lru_cache(maxsize=65536)
def _parse(bare: str) -> _Parse | None:
    """Onset and rhyme of a lower-case, toneless syllable, or None if it breaks a rule."""
    if not bare:
        return None
    i = 0
    while i < len(bare) and bare[i] in CONSONANTS:
        i += 1
    cons, rest = bare[:i], bare[i:]
    if not rest:
        return None
    if cons == "q":
        if not rest.startswith("u") or rest[1:] not in QU_RHYMES:
            return None
        onset, rhyme = "qu", rest[1:]
    elif cons == "g" and rest.startswith("i"):
        tail = rest[1:]
        if tail and tail[0] in VOWELS and tail[0] not in "iy" and tail in RHYMES:
            onset, rhyme = "gi", tail  # gia, giữa, giường
        elif "i" + tail in RHYMES:
            onset, rhyme = "g", rest  # gì, gìn, giếng (= gi + iêng)
        else:
            return None
    else:
        if cons not in ONSETS or rest not in RHYMES:
            return None
        onset, rhyme = cons, rest
        front = rhyme[0] in FRONT
        if onset in ("k", "gh", "ngh") and not front:
            return None  # ka, gha, ngha: written ca, ga, nga
        if onset in ("c", "g", "ng") and front:
            return None  # ce, ge, nge: written ke, ghe, nghe
        if onset == "c" and rhyme in _MEDIAL:
            return None  # coa, cuy: written qua, quy
        if rhyme.startswith("iê") and not onset:
            return None  # initial iê is written yê
        if rhyme.startswith("yê") and onset:
            return None  # after a consonant yê is written iê
    start = len(bare) - len(rhyme)
    j = start
    while j < len(bare) and bare[j] in VOWELS:
        j += 1
    if onset == "g" and rhyme.startswith("i") and j - start > 1:
        start += 1  # giếng: the i is shared with the onset, the nucleus is ê
    return _Parse(onset, rhyme, tuple(range(start, j)), bare[j:])


def _target(bases: list[str], parse: _Parse, style: str) -> int:
    """Position of the tone mark for a parsed syllable in ``style``."""
    nucleus = parse.nucleus
    quality = [i for i in nucleus if bases[i] in QUALITY_VOWELS]
    if quality:
        return quality[-1]
    if len(nucleus) == 1:
        return nucleus[0]
    if len(nucleus) >= 3:
        return nucleus[1]
    if parse.final:
        return nucleus[1]
    pair = bases[nucleus[0]] + bases[nucleus[1]]
    if pair in ("oa", "oe", "uy") and style == "new":
        return nucleus[1]
    return nucleus[0]


def place_tone(word: str, style: str = "new") -> str:
    """``word`` with its tone mark moved to where ``style`` ("new" or "old") puts it.

    Only a string that is one Vietnamese syllable apart from where its mark sits is changed;
    anything else (foreign words, garbage, several marks) comes back as it is. Case is kept
    letter by letter: "HÒA" -> "HOÀ", "Thủy" -> "Thuỷ" (new style)."""
    if style not in TONE_STYLES:
        raise ValueError(f"tone style must be one of {TONE_STYLES}, not {style!r}")
    return _place_tone(word, style)


@lru_cache(maxsize=65536)
def _place_tone(word: str, style: str) -> str:
    split = split_tone(word)
    if split is None:
        return word
    letters, tone, position = split
    if not tone:
        return word
    bases = [letter.base for letter in letters]
    parse = _parse("".join(bases))
    if parse is None:
        return word
    target = _target(bases, parse, style)
    if target == position:
        return word
    out = []
    for i, letter in enumerate(letters):
        ch = _COMPOSE[(letter.base, tone if i == target else 0)]
        out.append(ch.upper() if letter.upper else ch)
    return "".join(out)


@lru_cache(maxsize=65536)
def is_vietnamese_syllable(s: str) -> bool:
    """Whether ``s`` is one syllable spelled by the rules of Vietnamese orthography.

    The rules checked:

    * letters: only the 29 letters of the Vietnamese alphabet (no f, j, w, z, no digits), with at
      most one tone mark, on a vowel; the case is all lower, all upper or capitalised ("Hà",
      "HÀ"; not "hÀ");
    * onset: one of b c ch d đ g gh gi h k kh l m n ng ngh nh p ph qu r s t th tr v x, or none
      (p only in loan syllables such as "pin", but those are ordinary Vietnamese now);
      k, gh, ngh only before e ê i y and c, g, ng never before them; q only as qu; c never before a
      medial o/u (coa -> qua); gi before a vowel is one consonant (gia, giữa), otherwise its i is
      the vowel (gì, gìn); iê is written yê without onset (yên) and iê after one (tiên);
    * rhyme: one of the ~150 rhymes of standard Vietnamese (medial + main vowel + final, e.g.
      a, oanh, ương, uyêt, khuỷu's uyu), see ``RHYMES``;
    * tone: a syllable ending in a stop (c, ch, p, t) takes only sắc or nặng ("các", "mạch";
      not "càc", "mat"); the mark sits where the old or the new convention puts it ("hòa" and
      "hoà" pass, "hóan", "qúa", "gìa" do not).

    Accepts NFC or decomposed input. Loan syllables that keep foreign letters (Facebook, Zalo)
    are not Vietnamese syllables."""
    if not s or len(s) > 10:
        return False
    s = unicodedata.normalize("NFC", s)
    low = s.lower()
    if s != low and s != s.upper() and s != low[0].upper() + low[1:]:
        return False
    split = split_tone(s)
    if split is None:
        return False
    letters, tone, position = split
    bases = [letter.base for letter in letters]
    parse = _parse("".join(bases))
    if parse is None:
        return False
    if parse.final in _STOPS and tone not in (ACUTE, DOT):
        return False
    return not tone or position in (_target(bases, parse, "new"), _target(bases, parse, "old"))


def is_syllable_shape(word: str) -> bool:
    """Whether ``word``, ignoring where its one tone mark sits and which tone it is, spells a
    Vietnamese syllable (used to decide whether a mark may be moved or ð read as đ)."""
    split = split_tone(word)
    if split is None:
        return False
    return _parse("".join(letter.base for letter in split[0])) is not None
