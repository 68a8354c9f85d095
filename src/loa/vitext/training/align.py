"""Align OCR output with the text that was rendered: the token pairs the OCR channel model is
learnt from (training only; the character edits are :mod:`loa.vitext.ocr_edits`).

:func:`align_pairs` works in three steps:

1. Both texts are tokenized with :func:`loa.vitext.tokenize` (line breaks kept as a "\\n" token
   so that lines anchor the alignment) and aligned with :mod:`difflib` on their :func:`fold`
   keys, so that "Tuyên" and "Tuyén" already count as the same token.
2. Inside a block that differs ("thực" / "thye", "Nhà nước" / "Nhanude"), the characters of the
   two sides are aligned with a weighted edit distance
   (:func:`~loa.vitext.ocr_edits.char_alignment`) in which letters with the same base
   ("ự"/"u"), known look-alikes ("6"/"o", "w"/"ư", "P"/"Đ") and one-to-two splits ("ứ"/"ir",
   "m"/"rn") are cheap.
3. Tokens linked by aligned characters are grouped (connected components), so a token split in
   two by the OCR becomes one pair ("Nhà" -> "N hà"), two tokens merged become one pair
   ("Nhà nước" -> "Nhanude", the reference side joined by a space), a lost token pairs with "",
   and an OCR token with nothing behind it (speckle read as "." or "'") pairs "" with it.

:func:`~loa.vitext.ocr_edits.char_edits` gives the character operations of one pair — what the
channel model counts.
"""

from __future__ import annotations

import difflib
import unicodedata

from ..ocr_edits import OCR_JUNK, char_alignment, sub_cost
from ..text import fold
from ..tokens import tokenize_spans

__all__ = ["align_pairs", "align_tokens", "ocr_tokens", "split_ocr_line"]

NEWLINE = "\n"


def split_ocr_line(line: str) -> list[str]:
    """Tokens of one line of OCR output: :func:`tokenize`, but letters, digits and the symbols
    of :data:`OCR_JUNK` written together stay one token — "ngu@i", "16n", "c&" — since they
    are usually one damaged syllable."""
    out: list[list] = []  # [text, end, joinable]
    for t in tokenize_spans(line):
        joinable = t.kind in ("word", "number") or t.text in OCR_JUNK
        if out and out[-1][1] == t.start and out[-1][2] and joinable:
            out[-1][0] += t.text
            out[-1][1] = t.end
        else:
            out.append([t.text, t.end, joinable])
    return [text for text, _end, _j in out]


def ocr_tokens(text: str, ocr: bool = True) -> list[str]:
    """Tokens of ``text`` with a "\\n" token at each line break (blank lines collapsed);
    OCR output is split with :func:`split_ocr_line`, reference text (``ocr=False``) with
    :func:`tokenize`."""
    out: list[str] = []
    for line in unicodedata.normalize("NFC", text or "").splitlines():
        toks = split_ocr_line(line) if ocr else [t.text for t in tokenize_spans(line)]
        if toks:
            out.extend(toks)
            out.append(NEWLINE)
    return out


def _group(refs: list[str], ocrs: list[str]) -> list[tuple[str, str]]:
    """Pairs for a block of reference and OCR tokens that differ (see the module docstring)."""
    if not refs or not ocrs:
        return [(r, "") for r in refs] + [("", o) for o in ocrs]
    if len(refs) == len(ocrs) == 1:
        return [(refs[0], ocrs[0])]
    rs, os_ = " ".join(refs), " ".join(ocrs)
    if len(rs) * len(os_) > 40000:  # too long to align by characters: pair what lines up
        k = min(len(refs), len(ocrs))
        return list(zip(refs[:k], ocrs[:k])) + [(r, "") for r in refs[k:]] + \
            [("", o) for o in ocrs[k:]]
    r_of = [k for k, t in enumerate(refs) for _ in t + " "][:len(rs)]
    o_of = [k for k, t in enumerate(ocrs) for _ in t + " "][:len(os_)]
    # union-find over ("r", k) and ("o", k)
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for k in range(len(refs)):
        find(("r", k))
    for k in range(len(ocrs)):
        find(("o", k))
    for a, b, i, j in char_alignment(rs, os_):
        if not a or not b or a == " " or b == " ":
            continue
        if sub_cost(a[0], b[0]) > 1.0 and len(a) == len(b) == 1:
            continue  # an unrelated character does not link two tokens
        ra, ob = find(("r", r_of[i])), find(("o", o_of[j]))
        if ra != ob:
            parent[ob] = ra
    groups: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for k in range(len(refs)):
        groups.setdefault(find(("r", k)), ([], []))[0].append(k)
    for k in range(len(ocrs)):
        groups.setdefault(find(("o", k)), ([], []))[1].append(k)
    # keep the order of the text: sort by the first position on either side
    ordered = sorted(groups.values(), key=lambda g: (
        min(g[0]) / len(refs) if g[0] else min(g[1]) / len(ocrs)))
    # a lost token next to an extra one: one damaged token ("ở" read as "&")
    merged: list[tuple[list[int], list[int]]] = []
    for rk, ok in ordered:
        if merged and (not merged[-1][0] or not merged[-1][1]) and (not rk or not ok) and \
                bool(merged[-1][0]) != bool(rk):
            merged[-1] = (merged[-1][0] + rk, merged[-1][1] + ok)
        else:
            merged.append((rk, ok))
    return [(" ".join(refs[k] for k in rk), " ".join(ocrs[k] for k in ok)) for rk, ok in merged]


def align_tokens(ref_tokens: list[str], ocr_toks: list[str]) -> list[tuple[str, str]]:
    """Align two token lists (see :func:`align_pairs`); "\\n" tokens are dropped from the result."""
    matcher = difflib.SequenceMatcher(None, [fold(t) or t for t in ref_tokens],
                                      [fold(t) or t for t in ocr_toks], autojunk=False)
    pairs: list[tuple[str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(ref_tokens[i1:i2], ocr_toks[j1:j2]))
            continue
        # a block may span line breaks: split it at the breaks both sides share in order
        refs, ocrs = ref_tokens[i1:i2], ocr_toks[j1:j2]
        pairs.extend(_group(refs, ocrs) if NEWLINE not in refs and NEWLINE not in ocrs
                     else _group_lines(refs, ocrs))
    return [(r, o) for r, o in pairs if r != NEWLINE and o != NEWLINE and (r or o)
            and NEWLINE not in r.split(" ") and NEWLINE not in o.split(" ")]


def _group_lines(refs: list[str], ocrs: list[str]) -> list[tuple[str, str]]:
    def lines(tokens):
        out, cur = [], []
        for t in tokens:
            if t == NEWLINE:
                out.append(cur)
                cur = []
            else:
                cur.append(t)
        out.append(cur)
        return out

    rl, ol = lines(refs), lines(ocrs)
    pairs: list[tuple[str, str]] = []
    if len(rl) == len(ol):
        for r, o in zip(rl, ol):
            pairs.extend(_group(r, o))
    else:
        pairs.extend(_group([t for t in refs if t != NEWLINE], [t for t in ocrs if t != NEWLINE]))
    return pairs


def align_pairs(reference_lines: list[str] | str, ocr_text: str) -> list[tuple[str, str]]:
    """Token pairs ``(reference_token, ocr_token)`` for the text that was rendered and what the
    OCR read back; ``""`` on one side for a lost or an extra token; several tokens joined by a
    space when the OCR split or merged them::

        >>> align_pairs(["Tuyên truyền thực hiện"], "Tuyén truyén thye hién")
        [('Tuyên', 'Tuyén'), ('truyền', 'truyén'), ('thực', 'thye'), ('hiện', 'hién')]
    """
    if isinstance(reference_lines, str):
        reference_lines = reference_lines.splitlines()
    return align_tokens(ocr_tokens("\n".join(reference_lines), ocr=False), ocr_tokens(ocr_text))
