"""The state of one parse, passed from step to step (no Django import): the lines, their folded
text, the result being filled in, and what one step finds for a later one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .consensus import Speller
from .textutil import ffold

if TYPE_CHECKING:
    from ..model import Line
    from .layout import Para
    from .references import CodeMatch
    from .result import ParsedDocument, Section

__all__ = ["ParseState"]


@dataclass
class ParseState:
    """``lines`` are the document's lines (normalised), ``folded`` the same folded position by
    position (:func:`~.textutil.ffold`), ``result`` the :class:`ParsedDocument` the steps fill
    in, ``speller`` puts names right from the text. Found on the way: ``type_abbr`` (the type
    line's abbreviation, "KH", "CV"), ``own_code`` (the document's own number and symbol),
    ``preamble_paras`` and ``closing_paras`` (the paragraphs before the first heading and from
    "Trên đây là …" on), ``impl`` (the implementation section)."""

    lines: list[Line]
    result: ParsedDocument
    folded: list[str] = field(init=False)
    speller: Speller = field(init=False)
    type_abbr: str | None = None
    own_code: CodeMatch | None = None
    preamble_paras: list[Para] = field(default_factory=list)
    closing_paras: list[Para] = field(default_factory=list)
    impl: Section | None = None

    def __post_init__(self):
        self.folded = [ffold(ln.text) for ln in self.lines]
        self.speller = Speller(self.result.text)
