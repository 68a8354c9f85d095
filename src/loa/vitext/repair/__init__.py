"""repair(): correct Vietnamese text OCR'd with a non-Vietnamese model; needs_repair(): how
likely a text needs it.

    >>> repair("Tuyén truyén thye hién Quyét dinh s6 628/Qb-TTg")   # doctest: +SKIP
    'Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg'

How (one module per step):

1. **Rules** (:mod:`.rules`, deterministic, :func:`apply_rules`): in document symbols the type
   part read as "Qb", "QP", "QD", "QDb" becomes "QĐ" ("628/Qb-TTg" -> "628/QĐ-TTg"), "NP", "ND",
   "Nb" before "-CP" becomes "NĐ"; other symbols (51-KL/TW, 130/KH-STTTT) are kept.
   Roman-numeral headings at the start of a line: "|." -> "I.", "I1." -> "II.", "I11."/"Il1."
   -> "III.", "|V." -> "IV." (arabic "1." is left alone).
2. **Units** (:mod:`.units`): letters, digits and the OCR's junk symbols written together are
   one damaged word ("16i", "nghi¢p", "t&", "B¢", "s6"; a quote mark only before something that
   is no syllable: "THU'C" but not "trong'va"); in text that needs repair a digit or a junk
   symbol standing alone also gets the words the channel table saw read that way ("6", "&",
   "@" for "ở"). Kept tokens (numbers, symbols, URLs, e-mails, protected names such as
   Facebook/Zalo/YouTube, camel-case words, acronyms such as UBND/HCM, Roman numerals) are
   single candidates and serve as context.
3. **Candidates** (:mod:`.candidates`): every word gets as candidates itself and what the OCR
   channel model proposes (:class:`~loa.vitext.ocr_channel.ChannelModel`, at most
   ``MAX_CANDIDATES``; words with digits such as 800mm, 14h, NV2 are kept). The channel is a
   mixture: the text is right as it stands with probability ``pi = 1 - needs_repair(text)``
   (:mod:`.score`; clipped to [``CLEAN_MIN``, ``CLEAN_MAX``]), or OCR'd with
   ``tesseract -l eng``::

       P(word | candidate) = pi * [word == candidate] + (1 - pi) * P_ocr(word | candidate)

   So correct text keeps its words, and damaged or mark-less text is decided by the channel
   and the LM. Candidates that are not valid Vietnamese syllables cost ``INVALID_PENALTY``
   nats more, those the LM does not know ``UNK_PENALTY`` more (<unk> stands for all rare words
   at once), whether the text is clean or not; candidates more than ``CANDIDATE_BEAM`` nats
   below the best are dropped.
4. **Decoder** (:mod:`.decoder`, noisy channel): per sentence the sequence maximising
   ``ln P_LM + CHANNEL_WEIGHT * ln P(word | candidate)``. Sentences end at . ! ? (with </s>)
   and at blank lines or the end of the text (without: a heading is no sentence end); a line
   that ends inside a sentence goes on in the next one (text wrapped by the page). Search: a
   bigram max-product forward-backward pass keeps ``KEEP`` per position
   (:func:`~.decoder.prune`); then an exact trigram Viterbi. All sentences of ``BATCH_LINES``
   lines share one LM call per pass (:mod:`.repairer`).
5. **Case** (:mod:`.case`): the case of the OCR'd token, except that a short word read in
   capitals with none around it is title case ("BO" -> "Bộ") and a leading "I" read for "l"
   stays small ("Ién" -> "lên"). Spacing, punctuation and line breaks are kept exactly. Tone
   placement of replaced words follows ``tone_style`` ("old" default, as documents write:
   "hóa", "thủy").

Measured (``python -m benchmarks.vitext``: 60 held-out rendered pages of var/ocr/heldout,
channel model trained on 480 other pages, ``tone_style="new"`` as the pages were typeset, words
aligned by edit distance): 95.9% of the reference's word tokens reproduced exactly (the OCR as
is: 16.9%), 96.1% on the 19 clean pages, about 5,900 syllables/s on one core (cold caches), 0.13%
of the tokens of the correct reference pages changed; the sample plan 130/KH-STTTT (a real scan,
defaults): 95.6% (10.3% as read; 25 header words the OCR lost count as errors). Settings were
chosen on pages 401-480 of the training side with a channel model of pages 1-400.

The channel model is the model "vitext.repairer" of :mod:`loa.vitext.registry`: loaded on
first use from ``$LOA_VITEXT_CHANNEL`` or ``loa/vitext/data/channel.json.gz``, with the
language model of :func:`~loa.vitext.restore`.
"""

from __future__ import annotations

from pathlib import Path

from .. import registry
from ..ocr_channel import ChannelModel
from .candidates import (
    CANDIDATE_BEAM,
    CHANNEL_WEIGHT,
    INVALID_PENALTY,
    MAX_CANDIDATES,
    UNK_PENALTY,
)
from .decoder import KEEP, PRUNE_BEAM
from .repairer import BATCH_LINES, CLEAN_MAX, CLEAN_MIN, Repairer
from .rules import (
    OCR_ACRONYMS,
    PROTECTED_WORDS,
    apply_rules,
    fix_acronym,
    fix_roman_heading,
    fix_symbol,
)
from .score import needs_repair

__all__ = ["BATCH_LINES", "CANDIDATE_BEAM", "CHANNEL_WEIGHT", "CLEAN_MAX", "CLEAN_MIN",
           "ENV_VAR", "INVALID_PENALTY", "KEEP", "MAX_CANDIDATES", "MODEL", "OCR_ACRONYMS",
           "PROTECTED_WORDS", "PRUNE_BEAM", "UNK_PENALTY", "Repairer", "apply_rules",
           "default_channel_path", "fix_acronym", "fix_roman_heading", "fix_symbol",
           "get_repairer", "needs_repair", "repair"]

ENV_VAR = "LOA_VITEXT_CHANNEL"


def _load_repairer(path: Path) -> Repairer:
    from ..restorer import get_restorer  # the language model: a model of its own

    return Repairer(get_restorer().lm, ChannelModel.load(path))


MODEL = registry.register("vitext.repairer", filename="channel.json.gz", env_var=ENV_VAR,
                          description="OCR channel model", loader=_load_repairer)


def default_channel_path() -> Path:
    """Where the channel model is read from: ``$LOA_VITEXT_CHANNEL`` or the package's data."""
    return registry.path(MODEL.name)


def get_repairer() -> Repairer:
    """The shared :class:`Repairer` over the default models (loaded on first call)."""
    return registry.get(MODEL.name)


def repair(text: str, tone_style: str = "old") -> str:
    """``text`` with OCR damage put right; see the module documentation."""
    if tone_style not in ("new", "old"):
        raise ValueError(f"tone_style must be 'new' or 'old', not {tone_style!r}")
    if not text:
        return ""
    return get_repairer().repair(text, tone_style)
