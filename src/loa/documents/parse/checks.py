"""The last step of a parse (no Django import): the type of document settled from the type line
when the code has none, and the warnings for what is missing or doubtful (codes in
:mod:`loa.documents.parse`).
"""

from __future__ import annotations

from .references import type_name
from .result import ParsedDocument
from .state import ParseState

__all__ = ["settle_type", "warnings"]


def settle_type(st: ParseState) -> None:
    """``doc_type`` from the type line when the code has no type part; ``doc_type_name`` from
    the type, "Công văn" for an official letter (which has no type abbreviation)."""
    r = st.result
    if r.doc_type is None and st.type_abbr and st.type_abbr != "CV":
        r.doc_type = st.type_abbr
    if r.doc_type_name is None:
        r.doc_type_name = type_name(r.doc_type) if r.doc_type else (
            "Công văn" if r.code or st.type_abbr == "CV" else None)


def warnings(st: ParseState) -> None:
    """The warnings, in the order of the document: header, implementation, signature."""
    r = st.result
    _header_warnings(r)
    planish = r.doc_type in ("KH", "CTr", "PA", "ĐA", "HD") or r.doc_type_name is None
    if st.impl is None:
        if planish:
            r.warn("no_implementation",
                   "No implementation section (Tổ chức thực hiện) was found.")
    else:
        _assignment_warnings(r)
    if not r.signer or not r.signer.name:
        r.warn("no_signer", "The signer's name was not found.")
    if not r.recipients:
        r.warn("no_recipients", "No recipients (Nơi nhận) were found.")


def _header_warnings(r: ParsedDocument) -> None:
    if not r.code:
        r.warn("no_code", "No document number and symbol (Số: …/…) was found.")
    if not r.date:
        r.warn("no_date", "No date of issue (…, ngày … tháng … năm …) was found.")
    elif not r.place:
        r.warn("no_place", "No place was found before the date.")
    if not r.doc_type_name:
        r.warn("no_doc_type", "The type of document (Kế hoạch, Quyết định …) was not found.")
    if r.doc_type != "KH":
        r.warn("not_a_plan", "The document is not a plan (Kế hoạch).",
               doc_type=r.doc_type, doc_type_name=r.doc_type_name)
    if not r.issuer:
        r.warn("no_issuer", "The issuing body was not found.")
    elif r.issuer_source in ("text", "symbol"):
        r.warn("issuer_inferred", "The header is missing; the issuing body was inferred from "
               "the symbol ({issuer}).", issuer=r.issuer, source=r.issuer_source)
    if not r.summary:
        r.warn("no_summary", "No summary (trích yếu) was found under the type of document.")


def _assignment_warnings(r: ParsedDocument) -> None:
    if not r.assignments:
        r.warn("no_assignments", "The implementation section names no items.")
    for a in r.assignments:
        if not a.units:
            r.warn("no_units", "Item {item} of the implementation section names no "
                   "unit.", item=a.item)
        if not a.tasks:
            r.warn("no_tasks", "Item {item} has no task.", item=a.item)
