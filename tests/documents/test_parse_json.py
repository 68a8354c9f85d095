"""ParsedDocument.from_json(): the exact inverse of to_json() on every sample and test document,
typed values back, and JSON saved by earlier versions (keys missing) still read."""

import copy
import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loa.documents import ParsedDocument, Span, parse_document, read_document, testdocs
from loa.documents.parse import AssignmentSpec, Recipient, Section

from .test_parser import DECISION, LETTERED, OFFICIAL_LETTER, PARTY


def round_trip(parsed: ParsedDocument) -> dict:
    """to_json → JSON text → from_json → to_json, checked equal; the typed copy's JSON."""
    data = parsed.to_json()
    saved = json.loads(json.dumps(data, ensure_ascii=False))
    again = ParsedDocument.from_json(saved)
    assert again.to_json() == data
    return data


@pytest.mark.parametrize("path", [testdocs.SAMPLE_TXT, testdocs.SAMPLE_OCR_TXT],
                         ids=["transcription", "ocr"])
def test_the_sample_texts(path):
    data = round_trip(parse_document(read_document(path)))
    assert data["code"] == "130/KH-STTTT" and data["assignments"]


@pytest.mark.parametrize("fixture", ["sample_docx", "sample_text_pdf"])
def test_the_sample_read_from_docx_and_pdf(request, fixture):
    data = round_trip(parse_document(read_document(request.getfixturevalue(fixture))))
    assert len(data["assignments"]) == 8


def test_the_scanned_sample(scan_doc):
    data = round_trip(parse_document(scan_doc))
    assert data["signer"]["name"] == "Lê Văn Kiên"


def test_the_png_page(png_doc):
    round_trip(parse_document(png_doc))


@pytest.mark.parametrize("text", [DECISION, PARTY, LETTERED, OFFICIAL_LETTER, "", "Kế hoạch"],
                         ids=["decision", "party", "lettered", "letter", "empty", "one-line"])
def test_the_test_documents(text):
    round_trip(parse_document(text))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PARTY.splitlines() + LETTERED.splitlines()), max_size=40))
def test_any_shuffle_of_lines(lines):
    round_trip(parse_document("\n".join(lines)))


def test_the_values_come_back_typed():
    parsed = parse_document(PARTY)
    again = ParsedDocument.from_json(parsed.to_json())
    assert again.date == parsed.date and isinstance(again.date, dt.date)
    assert again.spans == parsed.spans and all(isinstance(s, Span) for s in again.spans.values())
    assert [r.date for r in again.references] == [r.date for r in parsed.references]
    a, b = again.assignments[2], parsed.assignments[2]
    assert isinstance(a, AssignmentSpec) and a.deadline == b.deadline == dt.date(2021, 2, 15)
    assert a.units == b.units and a.is_group and a.end == b.end and isinstance(a.end, tuple)
    assert a.span == b.span
    assert isinstance(again.sections[0], Section) and again.implementation is not None
    assert again.implementation.title == parsed.implementation.title
    assert again.signer == parsed.signer and again.reporting == parsed.reporting
    assert again.recipients == parsed.recipients
    assert all(isinstance(r, Recipient) for r in again.recipients)
    assert again.warnings == parsed.warnings
    assert again.is_plan


# What older versions saved: keys added since are missing (partners, deadlines and regular on
# items, units_detail, recipients_detail, reference titles, closing, issuer_source, the
# signer's on_behalf_of and title_inferred, ends of sections and items).
_NEWER = {
    "document": ["closing", "issuer_source", "recipients_detail", "governing_body", "preamble"],
    "assignment": ["units_detail", "partners", "deadline", "deadline_text", "regular", "end"],
    "reference": ["title"],
    "section": ["end"],
    "signer": ["on_behalf_of", "title_inferred"],
    "reporting": ["deadline"],
}


def _older(data: dict) -> dict:
    old = copy.deepcopy(data)
    for key in _NEWER["document"]:
        del old[key]
    for a in old["assignments"]:
        for key in _NEWER["assignment"]:
            del a[key]
    for r in old["references"]:
        del r["title"]
    stack = list(old["sections"])
    while stack:
        s = stack.pop()
        del s["end"]
        stack.extend(s["children"])
    for key in _NEWER["signer"]:
        del old["signer"][key]
    del old["reporting"]["deadline"]
    return old


def test_json_saved_without_the_newer_keys():
    parsed = parse_document(PARTY)
    new = parsed.to_json()
    old = _older(new)
    again = ParsedDocument.from_json(old).to_json()
    # what the old JSON had comes back as it was
    for key, value in old.items():
        if key not in ("assignments", "references", "sections", "signer", "reporting"):
            assert again[key] == value, key
    assert again["recipients"] == new["recipients"]
    # units are groups or not as the parser decides; the rest take their defaults
    assert [a["units_detail"] for a in again["assignments"]] == \
        [a["units_detail"] for a in new["assignments"]]
    assert all(a["partners"] == [] and a["deadline"] is None and a["regular"] is False
               and a["end"] is None for a in again["assignments"])
    assert [a["tasks"] for a in again["assignments"]] == [a["tasks"] for a in new["assignments"]]
    assert all(r["title"] is None for r in again["references"])
    assert again["closing"] == [] and again["issuer_source"] is None
    assert again["signer"]["on_behalf_of"] is None
    assert again["signer"]["title_inferred"] is False
    assert again["reporting"]["deadline"] is None
    # recipients from their texts: names with the note kept in the name
    detail = again["recipients_detail"]
    assert [r["name"] for r in detail] == new["recipients"]
    assert detail[-1]["archive"] and not detail[0]["archive"]
    assert all(r["span"] is None for r in detail)


def test_an_empty_dict_is_an_empty_document():
    empty = ParsedDocument.from_json({})
    assert empty.to_json() == ParsedDocument().to_json()


def test_bad_dates_are_none():
    data = parse_document(PARTY).to_json()
    data["date"] = "08/9/2020"
    data["assignments"][2]["deadline"] = ""
    again = ParsedDocument.from_json(data)
    assert again.date is None and again.assignments[2].deadline is None
