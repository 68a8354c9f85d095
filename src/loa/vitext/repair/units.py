"""A line of OCR'd text as the decoder sees it: sentences of units, each unit a span of the line
with its candidates, or a token kept as context.

Letters, digits and the OCR's junk symbols written together are one damaged word ("16i",
"nghi¢p", "t&", "B¢", "s6"; a quote mark only before something that is no syllable: "THU'C"
but not "trong'va"); in text that needs repair a digit or a junk symbol standing alone also
gets the words the channel table saw read that way ("6", "&", "@" for "ở"). Kept tokens
(numbers, symbols, URLs, e-mails, protected names, acronyms, Roman numerals, abbreviations
such as R&D) are single candidates and serve as context.
"""

from __future__ import annotations

from ..lm import UNK, lm_token
from ..ocr_edits import OCR_JUNK
from ..syllable import _place_tone, is_vietnamese_syllable
from ..tokens import Token, tokenize_spans
from .candidates import CandidateGenerator
from .rules import KEPT_GROUP, is_protected

__all__ = ["line_units"]

_QUOTES = frozenset("'‘’")

# A unit: (candidates, (start, end) in the line or None for context only, the text as read).
Unit = tuple[list[tuple[str, int, float]], tuple[int, int] | None, str]


def _groups(tokens: list[Token]) -> list[list]:
    """The tokens of a line grouped into units: ``[start, end, [tokens], joinable]``."""
    groups: list[list] = []
    for k, token in enumerate(tokens):
        part = token.kind in ("word", "number")
        junk = token.kind == "punct" and token.text in OCR_JUNK
        if junk and token.text in _QUOTES:
            # "THU'C", "nhu'ng": a mark read apart, when what follows is no syllable;
            # "trong'va", "co'sé": a speck between two words
            nxt = tokens[k + 1] if k + 1 < len(tokens) else None
            junk = bool(groups) and groups[-1][1] == token.start and groups[-1][3] and \
                nxt is not None and nxt.start == token.end and nxt.kind == "word" and \
                not is_vietnamese_syllable(nxt.text) and nxt.text.isalpha()
        joinable = part or junk
        if groups and joinable and groups[-1][3] and groups[-1][1] == token.start:
            groups[-1][1] = token.end
            groups[-1][2].append(token)
        else:
            groups.append([token.start, token.end, [token], joinable])
    return groups


def _candidates(generator: CandidateGenerator, text: str, toks: list[Token], ocr: bool):
    """The candidates of one group of tokens, or None when it is kept as it is."""
    if len(toks) > 1 and any(c.isalpha() for c in text):
        if not (text.isascii() and KEPT_GROUP.fullmatch(text)):
            return generator.for_word(text)
    elif len(toks) == 1:
        token = toks[0]
        if token.kind == "word" and any(c.isalpha() for c in text) and not is_protected(text):
            return generator.for_word(text)
        if ocr and (token.kind == "number" and len(text) == 1 or
                    token.kind == "punct" and text in OCR_JUNK):
            alts = generator.alternatives(text)
            if len(alts) > 1:
                return alts
    return None


def line_units(line: str, generator: CandidateGenerator, log_clean: float, log_ocr: float,
               ocr: bool) -> tuple[list[list[Unit]], bool]:
    """The sentences of one line (after the rules) for the decoder, and whether the line ends
    inside a sentence. ``log_clean``/``log_ocr``: the log prior that a word is right as it
    stands, and its complement; ``ocr``: the text needs repair."""
    sentences: list[list[Unit]] = []
    current: list[Unit] = []
    for start, end, toks, _joinable in _groups(tokenize_spans(line)):
        text = line[start:end]
        cands = _candidates(generator, text, toks, ocr)
        if cands is not None:
            current.append((generator.costed(text, cands, log_clean, log_ocr), (start, end), text))
            continue
        for token in toks:
            tok = lm_token(token.text, token.kind)
            if tok is None:  # a sentence end
                if current:
                    sentences.append(current)
                current = []
                continue
            if token.kind == "word":
                tok = _place_tone(tok, "new")
            current.append(([(token.text, generator.lm.ids.get(tok, UNK), 0.0)], None, token.text))
    if current:
        sentences.append(current)
    return sentences, bool(current)
