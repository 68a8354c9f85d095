"""Put right the words of a name that OCR (and repair) left wrong, from the document itself
(no Django import).

A name in an item heading is read once, but its words recur in the text: "DPao tạo" is
"Đào tạo" where the text has "đào tạo" ten times, "B&o chí" is "Báo chí". A word that is not a
Vietnamese syllable is replaced by the spelling the text most often has in the same company
(same next or previous word) within one edit of it; the word that opens a body's name ("Bão
Hải Phòng", "Trung tám …") takes the usual spelling of that type word; a pair of words the
text mostly spells otherwise takes the text's spelling ("Báo chi" -> "Báo chí").
"""

from __future__ import annotations

import re
from collections import Counter

from loa.vitext import is_vietnamese_syllable

from .textutil import ffold

__all__ = ["Speller"]

#: The spelling of the words that open a body's name (folded -> as written). "bao" is "Báo" (a
#: newspaper) only before a capital: "Bảo hiểm xã hội", "Bảo tàng" keep theirs.
TYPE_WORDS = {
    "so": "Sở", "dai": "Đài", "phong": "Phòng", "trung tam": "Trung tâm", "ban": "Ban",
    "hoi": "Hội", "doan": "Đoàn", "thanh tra": "Thanh tra", "van phong": "Văn phòng",
    "cong an": "Công an", "tap chi": "Tạp chí", "co quan": "Cơ quan", "cac": "Các",
    "uy ban nhan dan": "Ủy ban nhân dân", "truong": "Trường", "vien": "Viện", "cuc": "Cục",
    "benh vien": "Bệnh viện", "chi cuc": "Chi cục", "tong cuc": "Tổng cục",
    "ngan hang": "Ngân hàng", "kho bac": "Kho bạc", "toa an": "Tòa án",
}
_BEFORE_CAPITAL = {"bao": "Báo", "cong": "Cổng"}
_OCR_TYPE = {"pai": "dai", "se": "so", "s6": "so", "s&": "so", "s¢": "so", "sd": "so"}
_PUNCT = ",;:.()\"'“”"


def _case_like(word: str, model: str) -> str:
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[:1].isupper():
        return word[:1].upper() + word[1:]
    return word.lower()


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    if len(a) > len(b):
        a, b = b, a
    return any(b[:i] + b[i + 1:] == a for i in range(len(b)))


class Speller:
    """Built once per document from its text."""

    def __init__(self, text: str):
        words = [w.strip(_PUNCT) for w in text.split()]
        words = [w for w in words if w]
        self.before: dict[str, Counter] = {}  # fold(next word) -> Counter(word)
        self.after: dict[str, Counter] = {}  # fold(previous word) -> Counter(word)
        self.pairs: dict[tuple[str, str], Counter] = {}  # folded pair -> Counter(pair as written)
        for a, b in zip(words, words[1:]):
            self.pairs.setdefault((ffold(a), ffold(b)), Counter())[(a.lower(), b.lower())] += 1
        for i, w in enumerate(words):
            if not is_vietnamese_syllable(w):
                continue
            low = w.lower()
            if i + 1 < len(words):
                self.before.setdefault(ffold(words[i + 1]), Counter())[low] += 1
            if i > 0:
                self.after.setdefault(ffold(words[i - 1]), Counter())[low] += 1

    def _guess(self, word: str, prev: str | None, nxt: str | None) -> str | None:
        key = re.sub(r"[^a-z]", "", ffold(word))
        votes: Counter = Counter()
        for table, ctx in ((self.before, nxt), (self.after, prev)):
            if not ctx:
                continue
            for cand, n in table.get(ffold(ctx.strip(_PUNCT)), Counter()).items():
                if _one_edit(key, ffold(cand)) or _one_edit(ffold(word), ffold(cand)):
                    votes[cand] += n
        if not votes:
            return None
        return votes.most_common(1)[0][0]

    def fix_name(self, name: str) -> str:
        """``name`` with its type word spelled as usual and its broken words put right."""
        words = name.split()
        if not words:
            return name
        # the type word
        folded = [ffold(w.strip(_PUNCT)) for w in words]
        if len(words) > 1 and words[1][:1].isupper():
            folded[0] = _OCR_TYPE.get(folded[0], folded[0])  # "Pai Phát thanh", "Sé Giáo dục"
        typed = False
        for n in (3, 2, 1):
            key = " ".join(folded[:n])
            if len(words) >= n and key in TYPE_WORDS:
                if n > 1 or not words[0].strip(_PUNCT).isupper():
                    fixed = TYPE_WORDS[key].split()
                    words[:n] = [_case_like(f, w) for f, w in zip(fixed, words[:n])]
                    typed = True
                break
        else:
            if folded[0] in _BEFORE_CAPITAL and len(words) > 1 and words[1][:1].isupper():
                words[0] = _BEFORE_CAPITAL[folded[0]]
                typed = True
        out = []
        for i, w in enumerate(words):
            core = w.strip(_PUNCT)
            if core and not is_vietnamese_syllable(core) \
                    and not is_vietnamese_syllable(core.lower()) \
                    and not (core.isupper() and core.isalpha()) and any(c.isalpha() for c in core):
                guess = self._guess(core, words[i - 1] if i else None,
                                    words[i + 1] if i + 1 < len(words) else None)
                if guess:
                    w = w.replace(core, _case_like(guess, core))
            out.append(w)
        # a pair of words the text mostly spells otherwise ("Báo chi" where it has "báo chí"
        # ten times)
        for i in range(len(out) - 1):
            a, b = out[i].strip(_PUNCT), out[i + 1].strip(_PUNCT)
            if not a or not b or out[i] != a:  # not across a comma
                continue
            counts = self.pairs.get((ffold(a), ffold(b)))
            if not counts:
                continue
            (ba, bb), n = counts.most_common(1)[0]
            have = counts.get((a.lower(), b.lower()), 0)
            if (ba, bb) != (a.lower(), b.lower()) and n >= 3 and n >= 2 * max(have, 1) and \
                    is_vietnamese_syllable(ba) and is_vietnamese_syllable(bb) and \
                    not (ba + bb).isascii():  # text left without accents is no authority
                if not (i == 0 and typed):
                    out[i] = _case_like(ba, a)
                out[i + 1] = out[i + 1].replace(b, _case_like(bb, b))
        return " ".join(out)
