"""What a parse gives: :class:`ParsedDocument` and the dataclasses it holds, with their JSON (no
Django import).

``to_json()`` is what ``loa plan parse FILE --json`` prints and what the import stores;
``from_json()`` is its exact inverse (``ParsedDocument.from_json(p.to_json()).to_json() ==
p.to_json()``) and accepts JSON saved by earlier versions: a missing key takes the field's
default. A span is ``{page, first_line, last_line}`` (:class:`~loa.documents.model.Span`);
dates are ISO strings ("2020-09-08").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model import Span
from .layout import Para

__all__ = ["AssignmentSpec", "ParseWarning", "ParsedDocument", "Recipient", "Reference",
           "Reporting", "Section", "Signer", "UnitName"]


def _span(span: Span | None) -> dict | None:
    return None if span is None else span.to_json()


def _iso(date: dt.date | None) -> str | None:
    return date.isoformat() if date else None


def _date(value) -> dt.date | None:
    """A date from its ISO string; None for None, "" or a string that is not a date."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _end(value: dict | None) -> tuple[int, int] | None:
    return None if not value else (value.get("page", 1), value.get("line", 1))


def _end_json(end: tuple[int, int] | None) -> dict | None:
    return {"page": end[0], "line": end[1]} if end else None


@dataclass
class Reference:
    """A document the text refers to.

    ``code`` as written ("628/QĐ-TTg"; None for a legal basis named without one: "Căn cứ Luật
    …"); ``type`` its abbreviation ("QĐ", "KL", "NQ", "KH"; None for an official letter);
    ``type_name`` ("Quyết định"); ``date`` of issue; ``issuer``; ``legal_basis`` (named in the
    "Căn cứ …"/"Thực hiện …" preamble); ``span`` where it is first named; ``count`` how many
    times the text names it; ``title`` what it is about ("về quản lý, cung cấp …", "ban hành Kế
    hoạch …").

    JSON: ``{code, type, type_name, date, issuer, title, legal_basis, count, span}``."""

    code: str | None
    type: str | None
    type_name: str | None
    date: dt.date | None
    issuer: str | None
    legal_basis: bool
    span: Span
    count: int = 1
    title: str | None = None

    def to_json(self) -> dict:
        return {"code": self.code, "type": self.type, "type_name": self.type_name,
                "date": _iso(self.date), "issuer": self.issuer, "title": self.title,
                "legal_basis": self.legal_basis, "count": self.count, "span": _span(self.span)}

    @classmethod
    def from_json(cls, data: dict) -> Reference:
        return cls(data.get("code"), data.get("type"), data.get("type_name"),
                   _date(data.get("date")), data.get("issuer"), data.get("legal_basis", False),
                   Span.from_json(data.get("span")), data.get("count", 1), data.get("title"))


@dataclass
class Section:
    """A heading of the body and what it holds.

    ``number`` as the heading writes it ("III", "6.1", "a", "-" for a dash, "2" for Điều 2);
    ``kind`` "roman", "number", "letter", "dash", "article" or "chapter"; ``title`` the heading
    ("TỔ CHỨC THỰC HIỆN", "Sở Y tế" before a colon); ``text`` its own text (paragraphs joined by
    "\\n"); ``span`` its lines on the page where it starts; ``children`` the sections under it;
    ``end`` (page, line) of its last line, children included; ``paras`` the paragraphs it was
    read from (not in JSON).

    JSON: ``{number, kind, title, text, span, end: {page, line}, children}``."""

    number: str
    kind: str
    title: str
    text: str
    span: Span
    children: list[Section] = field(default_factory=list)
    paras: list[Para] = field(default_factory=list, repr=False)
    end: tuple[int, int] | None = None

    @property
    def end_json(self) -> dict | None:
        return _end_json(self.end)

    def to_json(self) -> dict:
        return {"number": self.number, "kind": self.kind, "title": self.title, "text": self.text,
                "span": _span(self.span), "end": self.end_json,
                "children": [c.to_json() for c in self.children]}

    @classmethod
    def from_json(cls, data: dict) -> Section:
        return cls(data.get("number", ""), data.get("kind", ""), data.get("title", ""),
                   data.get("text", ""), Span.from_json(data.get("span")),
                   [cls.from_json(c) for c in data.get("children") or []],
                   end=_end(data.get("end")))

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class UnitName:
    """A unit an item names (as written, put right from the text: "Sở Giáo dục và Đào tạo");
    ``is_group`` for a collective ("các sở, ban, ngành", "UBND các quận, huyện").

    JSON: ``{name, is_group}``."""

    name: str
    is_group: bool

    def to_json(self) -> dict:
        return {"name": self.name, "is_group": self.is_group}

    @classmethod
    def from_json(cls, data: dict) -> UnitName:
        return cls(data.get("name", ""), data.get("is_group", False))


@dataclass
class AssignmentSpec:
    """An item of the implementation section ("Tổ chức thực hiện"): who does what.

    ``item`` its number ("6.1", "1.a"; by position for dashes); ``title`` the heading as written
    (unit names put right); ``units`` the units it names; ``tasks`` its paragraphs and points;
    ``channels`` the channel and family codes the tasks name (:mod:`loa.vocab.channels`);
    ``refutation`` whether it asks to refute false information; ``span`` where it starts;
    ``end`` (page, line) of its last line; ``partners`` the bodies named after "phối hợp với";
    ``deadline`` ("trước ngày 15/02/2021") with ``deadline_text``; ``regular`` for a standing
    duty ("thường xuyên", "định kỳ"), tracked by periodic reports.

    JSON: ``{item, title, units: [name], units_detail: [UnitName], is_group (any unit is a
    group), tasks, channels, refutation, partners, deadline, deadline_text, regular, span,
    end: {page, line}}``."""

    item: str
    title: str
    units: list[UnitName]
    tasks: list[str]
    channels: list[str]
    refutation: bool
    span: Span
    end: tuple[int, int] | None = None
    partners: list[str] = field(default_factory=list)
    deadline: dt.date | None = None
    deadline_text: str | None = None
    regular: bool = False

    @property
    def is_group(self) -> bool:
        return any(u.is_group for u in self.units)

    def to_json(self) -> dict:
        return {"item": self.item, "title": self.title, "units": [u.name for u in self.units],
                "units_detail": [u.to_json() for u in self.units], "is_group": self.is_group,
                "tasks": self.tasks, "channels": self.channels, "refutation": self.refutation,
                "partners": self.partners, "deadline": _iso(self.deadline),
                "deadline_text": self.deadline_text, "regular": self.regular,
                "span": _span(self.span), "end": _end_json(self.end)}

    @classmethod
    def from_json(cls, data: dict) -> AssignmentSpec:
        """``units_detail`` when present; else ``units`` (names), each a group or not as the
        parser decides (:func:`~.assignments.is_group`)."""
        if "units_detail" in data:
            units = [UnitName.from_json(u) for u in data.get("units_detail") or []]
        else:
            from .assignments import is_group

            units = [UnitName(name, is_group(name)) for name in data.get("units") or []]
        return cls(data.get("item", ""), data.get("title", ""), units,
                   list(data.get("tasks") or []), list(data.get("channels") or []),
                   data.get("refutation", False), Span.from_json(data.get("span")),
                   _end(data.get("end")), list(data.get("partners") or []),
                   _date(data.get("deadline")), data.get("deadline_text"),
                   data.get("regular", False))


@dataclass
class Reporting:
    """The duty to report: ``text`` the sentence, ``to`` whom ("Sở Thông tin và Truyền thông"),
    ``when`` as written ("trước ngày 15/12 hằng năm"), ``deadline`` when ``when`` names a date,
    ``span`` where it is.

    JSON: ``{text, to, when, deadline, span}``."""

    text: str
    to: str | None
    when: str | None
    span: Span
    deadline: dt.date | None = None

    def to_json(self) -> dict:
        return {"text": self.text, "to": self.to, "when": self.when,
                "deadline": _iso(self.deadline), "span": _span(self.span)}

    @classmethod
    def from_json(cls, data: dict) -> Reporting:
        return cls(data.get("text", ""), data.get("to"), data.get("when"),
                   Span.from_json(data.get("span")), _date(data.get("deadline")))


@dataclass
class Signer:
    """Who signs: ``authority`` ("KT. GIÁM ĐỐC"), ``title`` ("PHÓ GIÁM ĐỐC"), ``name`` ("Lê Văn
    Kiên"), ``span`` the lines they were read from, ``on_behalf_of`` the collective above the
    authority ("TM. ỦY BAN NHÂN DÂN" above "KT. CHỦ TỊCH"), ``title_inferred`` when the title
    was derived from the authority (the title line was unreadable).

    JSON: ``{authority, title, name, on_behalf_of, title_inferred, span}``."""

    authority: str | None
    title: str | None
    name: str | None
    span: Span
    on_behalf_of: str | None = None
    title_inferred: bool = False

    def to_json(self) -> dict:
        return {"authority": self.authority, "title": self.title, "name": self.name,
                "on_behalf_of": self.on_behalf_of, "title_inferred": self.title_inferred,
                "span": _span(self.span)}

    @classmethod
    def from_json(cls, data: dict) -> Signer:
        return cls(data.get("authority"), data.get("title"), data.get("name"),
                   Span.from_json(data.get("span")), data.get("on_behalf_of"),
                   data.get("title_inferred", False))


@dataclass
class Recipient:
    """One line of "Nơi nhận:": ``name`` without the note ("CT, PCT UBNDTP Lê Khắc Nam"),
    ``note`` ("để b/c"), ``span``, ``archive`` for the "Lưu: VT, …" line. ``text`` is both
    ("Sở Y tế (để t/h)").

    JSON: ``{name, note, archive, span}``."""

    name: str
    note: str | None
    span: Span
    archive: bool = False

    @property
    def text(self) -> str:
        return f"{self.name} ({self.note})" if self.note else self.name

    def to_json(self) -> dict:
        return {"name": self.name, "note": self.note, "archive": self.archive,
                "span": _span(self.span)}

    @classmethod
    def from_json(cls, data: dict) -> Recipient:
        return cls(data.get("name", ""), data.get("note"), Span.from_json(data.get("span")),
                   data.get("archive", False))


@dataclass
class ParseWarning:
    """Something missing or doubtful: ``code`` (stable, see :mod:`loa.documents.parse`),
    ``message`` in English, ``params`` for the message ({item}, {issuer} …).

    JSON: ``{code, message, params}``."""

    code: str
    message: str
    params: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"code": self.code, "message": self.message, "params": self.params}

    @classmethod
    def from_json(cls, data: dict) -> ParseWarning:
        return cls(data.get("code", ""), data.get("message", ""), dict(data.get("params") or {}))


@dataclass
class ParsedDocument:
    """A parsed document.

    * ``code`` ("130/KH-STTTT"), ``number`` ("130"), ``symbol`` ("KH-STTTT"), ``doc_type`` the
      type abbreviation ("KH"; None for a công văn), ``doc_type_name`` ("Kế hoạch");
    * ``issuer`` and ``issuer_source``: "header"; "text" (a body whose initials spell the
      symbol's suffix, found in the text); "symbol" (the suffix's usual body: STTTT -> Sở Thông
      tin và Truyền thông); ``governing_body`` the line above the issuer;
    * ``place``, ``date`` of issue, ``summary`` (trích yếu);
    * ``preamble`` the "Căn cứ …", "Thực hiện …" paragraphs; ``closing`` the "Trên đây là …"
      ones;
    * ``references``, ``sections`` (the tree), ``assignments``, ``reporting``, ``signer``,
      ``recipients`` (in JSON: ``recipients`` their text, the "Lưu: …" line included, last;
      ``recipients_detail`` the objects);
    * ``text`` the document's text as parsed; ``warnings``; ``spans`` where the header fields
      were read (code, date, place, summary, issuer, governing_body, doc_type).

    JSON keys: code, number, symbol, doc_type, doc_type_name, issuer, issuer_source,
    governing_body, place, date, summary, preamble, references, sections, assignments,
    reporting, closing, signer, recipients, recipients_detail, text, warnings, spans."""

    code: str | None = None
    number: str | None = None
    symbol: str | None = None
    doc_type: str | None = None
    doc_type_name: str | None = None
    issuer: str | None = None
    issuer_source: str | None = None
    governing_body: str | None = None
    place: str | None = None
    date: dt.date | None = None
    summary: str | None = None
    references: list[Reference] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    assignments: list[AssignmentSpec] = field(default_factory=list)
    reporting: Reporting | None = None
    signer: Signer | None = None
    recipients: list[Recipient] = field(default_factory=list)
    text: str = ""
    warnings: list[ParseWarning] = field(default_factory=list)
    spans: dict[str, Span] = field(default_factory=dict)
    preamble: list[str] = field(default_factory=list)
    closing: list[str] = field(default_factory=list)

    @property
    def is_plan(self) -> bool:
        return self.doc_type == "KH"

    @property
    def implementation(self) -> Section | None:
        from .body import find_implementation

        return find_implementation(self.sections)

    def warn(self, code: str, message: str, **params) -> None:
        self.warnings.append(ParseWarning(code, message, params))

    def to_json(self) -> dict:
        return {
            "code": self.code, "number": self.number, "symbol": self.symbol,
            "doc_type": self.doc_type, "doc_type_name": self.doc_type_name,
            "issuer": self.issuer, "issuer_source": self.issuer_source,
            "governing_body": self.governing_body, "place": self.place,
            "date": _iso(self.date), "summary": self.summary,
            "preamble": self.preamble,
            "references": [r.to_json() for r in self.references],
            "sections": [s.to_json() for s in self.sections],
            "assignments": [a.to_json() for a in self.assignments],
            "reporting": self.reporting.to_json() if self.reporting else None,
            "closing": self.closing,
            "signer": self.signer.to_json() if self.signer else None,
            "recipients": [r.text for r in self.recipients],
            "recipients_detail": [r.to_json() for r in self.recipients],
            "text": self.text,
            "warnings": [w.to_json() for w in self.warnings],
            "spans": {k: _span(v) for k, v in self.spans.items()},
        }

    @classmethod
    def from_json(cls, data: dict) -> ParsedDocument:
        """The document :meth:`to_json` wrote (missing keys take their defaults)."""
        reporting, signer = data.get("reporting"), data.get("signer")
        return cls(
            code=data.get("code"), number=data.get("number"), symbol=data.get("symbol"),
            doc_type=data.get("doc_type"), doc_type_name=data.get("doc_type_name"),
            issuer=data.get("issuer"), issuer_source=data.get("issuer_source"),
            governing_body=data.get("governing_body"), place=data.get("place"),
            date=_date(data.get("date")), summary=data.get("summary"),
            references=[Reference.from_json(r) for r in data.get("references") or []],
            sections=[Section.from_json(s) for s in data.get("sections") or []],
            assignments=[AssignmentSpec.from_json(a) for a in data.get("assignments") or []],
            reporting=Reporting.from_json(reporting) if reporting else None,
            signer=Signer.from_json(signer) if signer else None,
            recipients=_recipients(data),
            text=data.get("text") or "",
            warnings=[_warning(w) for w in data.get("warnings") or []],
            spans={k: Span.from_json(v) for k, v in (data.get("spans") or {}).items()},
            preamble=list(data.get("preamble") or []),
            closing=list(data.get("closing") or []),
        )


def _recipients(data: dict) -> list[Recipient]:
    """``recipients_detail``; JSON without it has only the texts: each a name, no note."""
    if "recipients_detail" in data:
        return [Recipient.from_json(r) for r in data.get("recipients_detail") or []]
    return [Recipient(text, None, None, text.lower().startswith("lưu"))
            for text in data.get("recipients") or []]


def _warning(data) -> ParseWarning:
    if isinstance(data, str):  # a bare message
        return ParseWarning("", data)
    return ParseWarning.from_json(data)
