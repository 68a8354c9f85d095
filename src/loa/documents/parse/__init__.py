"""Parse the Decree 30 layout of an administrative document — a plan above all — into plain
dataclasses (no Django import).

``parse_document(doc)`` takes a :class:`~loa.documents.model.SourceDocument` (or a string, read
as one page of plain text) and returns a :class:`ParsedDocument`: number and symbol, type,
issuing body, place and date, summary, the documents it refers to, the section tree, the
assignments of the implementation section ("Tổ chức thực hiện"), the duty to report, the signer
and the recipients. Every field read from the text carries a :class:`~loa.documents.model.Span`
(page, first line, last line) so a review page can show where it was read.

The steps, a module each, share a :class:`~.state.ParseState`: :mod:`.header` (number, type,
place and date, issuer, summary), :mod:`.body` (the section tree), :mod:`.assignments` (the
items of the implementation section), :mod:`.references`, :mod:`.tail` (recipients, signer,
duty to report) and :mod:`.checks` (warnings); :mod:`.result` holds the dataclasses and their
JSON, :mod:`.layout` turns lines into paragraphs, :mod:`.consensus` puts names right from the
text itself, :mod:`.textutil` folds and finds dates.

Structure is matched on accent-folded text with patterns that tolerate OCR damage ("I11. TO
CHUC THU'C HIEN", "Qb-TTg", "ndm 2020"); values are taken from the text as written (repaired
when the reader repaired it). Nothing raises on odd input: what is missing is reported in
``warnings`` ({code, message, params}).

``ParsedDocument.to_json()`` (what ``loa plan parse FILE --json`` prints;
``ParsedDocument.from_json()`` reads it back, also as saved by earlier versions)::

    code "130/KH-STTTT", number "130", symbol "KH-STTTT", doc_type "KH" (None for a công văn),
    doc_type_name "Kế hoạch", issuer, issuer_source ("header" | "text" | "symbol"),
    governing_body, place, date (ISO), summary, preamble [str],
    references [{code, type, type_name, date, issuer, title, legal_basis, count, span}],
    sections [{number, kind, title, text, span, end, children}],
    assignments [{item, title, units [str], units_detail [{name, is_group}], is_group, tasks [str],
                  channels [str], refutation, partners [str], deadline, deadline_text, regular,
                  span, end}],
    reporting {text, to, when, deadline, span} | None, closing [str],
    signer {authority, title, name, on_behalf_of, title_inferred, span} | None,
    recipients [str] (the "Lưu: …" line included, last), recipients_detail [{name, note,
    archive, span}], text, warnings [{code, message, params}], spans {field: span}

A span is {page, first_line, last_line} (1-based, lines of the first page it is on); ``end`` is
{page, line} of the last line of a section or item, on whatever page. Warning codes: empty,
no_code, no_date, no_place, no_doc_type, not_a_plan, no_issuer, issuer_inferred, no_summary,
no_implementation, no_assignments, no_units (params: item), no_tasks (params: item), no_signer,
no_recipients. Channels: the codes of :mod:`loa.vocab.channels` — channels (facebook, zalo,
youtube, tiktok, e_portal, loudspeaker) and families (social, broadcast, news).
"""

from __future__ import annotations

from loa.vitext import normalize

from ..model import Line, Page, SourceDocument
from . import body, checks, header, references, tail
from .assignments import assignments
from .joined import split_joined
from .layout import build_paragraphs
from .result import (
    AssignmentSpec,
    ParsedDocument,
    ParseWarning,
    Recipient,
    Reference,
    Reporting,
    Section,
    Signer,
    UnitName,
)
from .state import ParseState

__all__ = ["AssignmentSpec", "ParseWarning", "ParsedDocument", "Recipient", "Reference",
           "Reporting", "Section", "Signer", "UnitName", "parse_document"]


def parse_document(doc: SourceDocument | str) -> ParsedDocument:
    """Parse a document (see the module docstring). Never raises on any text."""
    if isinstance(doc, str):
        doc = _text_document(doc)
    lines = [Line(normalize(ln.text or "", tone_style=None, quotes=False).replace("\n", " "),
                  ln.page, ln.number, ln.bbox, ln.raw, ln.confidence) for ln in doc.lines()]
    lines = split_joined(lines)  # "KẾ HOẠCH Tuyên truyền …" in one paragraph, and the like
    result = ParsedDocument(text="\n".join(ln.text for ln in lines))
    if not any(ln.text.strip() for ln in lines):
        result.warn("empty", "The document has no text.")
        return result
    _parse(ParseState(lines, result))
    return result


def _text_document(text: str) -> SourceDocument:
    page = Page(1, [Line(t, 1, i) for i, t in enumerate(text.splitlines(), 1)])
    return SourceDocument("text", [page])


def _parse(st: ParseState) -> None:
    """The header zone, then the body between the summary and the tail, then the tail."""
    limit = header.head_limit(st)
    type_i = header.type_line(st, limit)
    number_i = header.number(st, limit if type_i is None else type_i + 1)
    date_i = header.place_date(st, limit if type_i is None else type_i + 1)
    first_meta = min(i for i in (type_i, number_i, date_i, limit) if i is not None)
    header.bodies(st, first_meta, type_i if type_i is not None else limit, {number_i, date_i})
    body_start = header.summary(st, type_i, number_i, date_i)
    tail_start = tail.tail_start(st, body_start)
    body_lines = st.lines[body_start:tail_start]
    paras = build_paragraphs(body_lines, None) if body_lines else []
    body.structure(st, paras)
    assignments(st)
    references.collect_references(st, paras)
    tail.tail(st, tail_start)
    header.issuer_fallback(st, paras)
    tail.reporting(st, paras)
    checks.settle_type(st)
    checks.warnings(st)
