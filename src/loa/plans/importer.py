"""From a parsed plan document to a plan with its assignments (the import's Django side).

``loa.documents`` reads and parses a file without Django into a
:class:`~loa.documents.ParsedDocument` (typed dataclasses; an import keeps its JSON, read back
with ``ParsedDocument.from_json``). This module works on those objects:

* :func:`propose` matches every unit name of every assignment to the unit tree
  (:class:`loa.org.matching.UnitMatcher`) and returns a JSON-serialisable proposal the review
  page shows; nothing is written.
* :func:`create_plan` turns the parsed document plus the reviewer's choice of units into a
  :class:`~loa.plans.models.Plan` with references, themes, items and assignments
  (:meth:`Assignment.fan_out`), in one transaction: all of it or nothing.
* :func:`review_choices` and :func:`confirm_import` are the review's rules: names typed in the
  unit picker, every kept item with a unit, the reviewer's corrections, the confirmation.

Choices: a plan's tasks rarely carry a deadline, so an assignment without one is a regular task
reported monthly (the department can change it), one with a deadline the parser read ("trước
ngày …") gets it as its due date; bodies the task says to work with ("phối hợp với Sở …") that
match a unit become its supporting units; expected channels come from the task text
(``channels`` of the parser) mapped to the unit's kind by :mod:`loa.vocab.channels` —
"broadcast" is television and radio for a radio-TV station, radio and loudspeakers for a
district or commune station — and when the text names none, from the kind alone (a newspaper
publishes in the press).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loa.documents import ParsedDocument, Section
from loa.org.matching import UnitMatcher
from loa.org.models import Unit, UnitGroup
from loa.vitext import fold

from .models import (
    Assignment,
    Plan,
    PlanItem,
    PlanReference,
    PlanStatus,
    ReportingPeriod,
    Theme,
)
from .status import default_tracking_start


class PlanImportError(Exception):
    """The plan cannot be created as proposed; ``messages`` are for the person (translated),
    ``message`` is the first of them."""

    def __init__(self, *messages: str):
        super().__init__(messages[0])
        self.message = messages[0]
        self.messages = list(messages)


# --- proposal ------------------------------------------------------------------------------------
def propose(parsed: ParsedDocument, matcher: UnitMatcher | None = None) -> dict:
    """The assignments of ``parsed`` with every written unit name matched to units or groups.

    Returns ``{"assignments": [...], "issuer": match, "unmatched": n}`` where each assignment is
    the parser's entry (its JSON) plus ``matches``: one :meth:`MatchResult.to_json` per written
    name, and ``partner_matches`` for the bodies it works with."""
    matcher = matcher or UnitMatcher(day=parsed.date)
    assignments, unmatched = [], 0
    for spec in parsed.assignments:
        matches = [matcher.match(unit.name, is_group=unit.is_group).to_json()
                   for unit in spec.units]
        unmatched += sum(m["status"] != "matched" for m in matches) + (not matches)
        # Bodies the task says to work with ("phối hợp với …"): supporting units when they are
        # units of the tree; anything else stays in the task text.
        partners = [matcher.match(name, is_group=False).to_json() for name in spec.partners]
        assignments.append({**spec.to_json(), "matches": matches, "partner_matches": partners})
    issuer = matcher.match(parsed.issuer, is_group=False).to_json() if parsed.issuer else None
    return {"assignments": assignments, "issuer": issuer, "unmatched": unmatched}


def default_choices(proposal: dict) -> list[dict]:
    """The reviewer's starting point: for each assignment, the best match of each name."""
    choices = []
    for entry in proposal.get("assignments", []):
        units, groups = [], []
        for match in entry.get("matches", []):
            best = match.get("best")
            if not best or match.get("status") != "matched":
                continue
            if best["kind"] == "group":
                groups.append(best["id"])
            else:
                units.extend(best["unit_ids"])
        supporting = [m["best"]["id"] for m in entry.get("partner_matches", [])
                      if m.get("status") == "matched" and m["best"]["kind"] == "unit"]
        choices.append({"item": entry.get("item"), "units": units, "groups": groups,
                        "supporting": supporting})
    return choices


def read_plan(source, *, max_pages=None, **options):
    """Read (``loa.documents.read_document``; at most LOA_MAX_DOCUMENT_PAGES pages unless
    ``max_pages`` says otherwise; other ``options`` go to the reader), parse and match a plan
    document: ``(document, parsed, proposal)``. A file the reader refuses raises its
    DocumentError."""
    from django.conf import settings

    from loa.documents import parse_document, read_document

    doc = read_document(source, max_pages=max_pages or settings.LOA_MAX_DOCUMENT_PAGES,
                        **options)
    parsed = parse_document(doc)
    return doc, parsed, propose(parsed)


def import_file(path, *, status=PlanStatus.DRAFT, starts_on=None, max_pages=None,
                progress=None, all_units_known=False) -> tuple[Plan, dict]:
    """Read, parse, match and create the plan of the document at ``path`` with the proposed
    units (the command line and the demo; the web has a person review them first). Returns the
    plan and the proposal. ``starts_on`` is the day tracking starts (default: see
    :func:`~loa.plans.status.default_tracking_start`). ``all_units_known`` refuses
    (PlanImportError) a document naming a unit that matched nothing. A file the reader refuses
    raises its DocumentError."""
    from pathlib import Path

    from django.core.files import File

    path = Path(path)
    _doc, parsed, proposal = read_plan(path, max_pages=max_pages, progress=progress)
    unmatched = [m["written"] for entry in proposal["assignments"] for m in entry["matches"]
                 if m["status"] != "matched"]
    if all_units_known and unmatched:
        raise PlanImportError(*[_("No unit matches “%(name)s”.") % {"name": name}
                                for name in unmatched])
    with path.open("rb") as handle:
        plan = create_plan(parsed, status=status, proposal=proposal, tracking_starts_on=starts_on,
                           original_file=File(handle, name=path.name))
    return plan, proposal


# --- the document's sections ---------------------------------------------------------------------
def _marker(section: Section) -> str:
    number = section.number or ""
    return f"{number}." if section.kind in ("roman", "number") else number


def _section_text(section: Section) -> str:
    """The body of a section as the document writes it: its text, then each part with its
    marker ("- …", "a) …", "1. Title" and its body)."""
    lines = [section.text or ""]
    for child in section.children:
        body = _section_text(child)
        if child.title:
            lines.append(" ".join(p for p in [_marker(child), child.title] if p))
            lines.append(body)
        else:
            lines.append(" ".join(p for p in [_marker(child), body] if p))
    return "\n".join(line for line in lines if line).strip()


def _find_sections(sections: list[Section], key: str) -> list[Section]:
    """Sections whose heading is ``key`` (accent-folded), else those whose heading holds it —
    "Mục đích" before "MỤC ĐÍCH, YÊU CẦU"."""
    exact, partial = [], []

    def walk(items):
        for section in items:
            title = fold(section.title or "").strip(" .:;,")
            if title == key:
                exact.append(section)
            elif key in title:
                partial.append(section)
            walk(section.children)

    walk(sections)
    return exact + partial


def _parent_title(sections: list[Section], number: str) -> str:
    for section in sections:
        if (section.number or "").rstrip(".") == number:
            return section.title or number
        found = _parent_title(section.children, number)
        if found != number:
            return found
    return number


def _theme_title(text: str) -> str:
    """A short title for a theme written as one paragraph: its first clause."""
    first = re.split(r"(?<=[;:])\s|(?<=\.)\s(?=[A-ZÀ-Ỹ])", text.strip(), maxsplit=1)[0]
    return _short(first.rstrip(";:"), 160)


def _short(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# --- creation ------------------------------------------------------------------------------------
@transaction.atomic
def create_plan(parsed: ParsedDocument, choices: list[dict] | None = None, *,
                status=PlanStatus.DRAFT, original_file=None, proposal: dict | None = None,
                tracking_starts_on=None, period=None) -> Plan:
    """Create the plan of ``parsed`` with one assignment per chosen unit (and per member of each
    chosen group). ``choices`` (one per parsed assignment, same order): ``{"units": [ids],
    "groups": [ids], "supporting": [ids]}``, and as the reviewer set them ``"deadline"`` (a
    date; None: a regular task), ``"period"`` (its reporting period) and ``"channels"`` (the
    channels and families the item names); None takes :func:`default_choices` of a fresh
    proposal. ``tracking_starts_on``: the day regular tasks count their periods from (default
    :func:`~loa.plans.status.default_tracking_start`); ``period``: the implementation period
    (start, end), else what the document writes (:func:`implementation_period`). Raises
    :class:`PlanImportError` (nothing written) when the plan cannot be created."""
    proposal = proposal if proposal is not None else propose(parsed)
    choices = choices if choices is not None else default_choices(proposal)
    if len(choices) != len(parsed.assignments):
        raise PlanImportError(_("The choice of units does not fit the document; reload the page."))
    plan = _plan_record(parsed, proposal, status)
    plan.starts_on, plan.ends_on = period if period else implementation_period(parsed.text)
    plan.tracking_starts_on = tracking_starts_on or default_tracking_start(parsed.date)
    if original_file is not None:
        plan.original_file = original_file
    plan.save()
    _references(plan, parsed)
    _themes(plan, parsed.sections)
    _assignments(plan, parsed, choices)
    return plan


def duplicate_of(code: str, issued_on) -> Plan | None:
    """The plan already imported with this number and symbol and date, if any."""
    return Plan.objects.filter(code=(code or "").strip(), issued_on=issued_on).first()


def _plan_record(parsed: ParsedDocument, proposal: dict, status) -> Plan:
    """The unsaved plan with the document's Decree 30 metadata; refuses a document that is no
    plan (no number and symbol, no summary) or one imported before."""
    code = (parsed.code or "").strip()
    if not code:
        raise PlanImportError(_("The document has no number and symbol (Số: …/KH-…): it cannot "
                             "become a plan."))
    summary = (parsed.summary or "").strip()
    if not summary:
        raise PlanImportError(_("The document has no summary (trích yếu): it cannot become a "
                                "plan."))
    if duplicate_of(code, parsed.date) is not None:
        raise PlanImportError(_("A plan %(code)s of this date already exists.") % {"code": code})
    issuer = None
    match = proposal.get("issuer")
    if match and match.get("status") == "matched" and match["best"]["kind"] == "unit":
        issuer = Unit.objects.filter(pk=match["best"]["id"]).first()
    signer = parsed.signer
    purposes = _find_sections(parsed.sections, "muc dich")
    requirements = _find_sections(parsed.sections, "yeu cau")
    return Plan(
        code=code[:64], number=(parsed.number or "")[:16], symbol=(parsed.symbol or "")[:48],
        doc_type=(parsed.doc_type or "KH")[:8],
        governing_body=(parsed.governing_body or "")[:255], issuer=issuer,
        issuer_name=(parsed.issuer or "")[:255], place=(parsed.place or "")[:100],
        issued_on=parsed.date, summary=summary,
        signer_authority=((signer and signer.authority) or "")[:100],
        signer_title=((signer and signer.title) or "")[:100],
        signer_name=((signer and signer.name) or "")[:100],
        purposes=_section_text(purposes[0]) if purposes else "",
        requirements=_section_text(requirements[0]) if requirements else "",
        reporting=parsed.reporting.text if parsed.reporting else "", status=status,
        source_text=parsed.text or "",
    )


def _references(plan: Plan, parsed: ParsedDocument) -> None:
    for order, ref in enumerate(parsed.references):
        if not ref.code:
            continue
        PlanReference.objects.create(
            plan=plan, code=ref.code[:64], doc_type=(ref.type or "")[:64], issued_on=ref.date,
            issuer=(ref.issuer or "")[:255], title=ref.title or "",
            is_legal_basis=bool(ref.legal_basis), order=order,
        )


def _themes(plan: Plan, sections: list[Section]) -> None:
    """The parts of the section of content themes ("Nội dung tuyên truyền")."""
    themes = _find_sections(sections, "noi dung tuyen truyen") or \
        _find_sections(sections, "noi dung")
    for order, child in enumerate(themes[0].children if themes else [], 1):
        text = _section_text(child) or child.title or ""
        title = child.title or _theme_title(text)
        Theme.objects.create(plan=plan, title=_short(title, 255), text=text, order=order)


def _assignments(plan: Plan, parsed: ParsedDocument, choices: list[dict]) -> None:
    """The items of the implementation section, each fanned out to the chosen units. A task
    without a deadline is a regular task reported monthly."""
    items: dict[str, PlanItem] = {}

    def item_for(number: str, title: str, text: str) -> PlanItem:
        if number not in items:
            parent = None
            if "." in number:
                parent_number = number.rsplit(".", 1)[0]
                parent = items.get(parent_number) or item_for(
                    parent_number, _parent_title(parsed.sections, parent_number), "")
            items[number] = PlanItem.objects.create(
                plan=plan, parent=parent, number=number[:16], title=_short(title, 500),
                text=text, order=len(items) + 1)
        return items[number]

    units, groups = _chosen(choices)
    for index, (spec, choice) in enumerate(zip(parsed.assignments, choices, strict=True)):
        tasks = [t for t in spec.tasks if t.strip()]
        item = item_for(str(spec.item or index + 1),
                        spec.title or ", ".join(u.name for u in spec.units),
                        "\n".join(f"- {t}" for t in tasks) if len(tasks) > 1 else "\n".join(tasks))
        fields = {"task": "\n".join(tasks) or spec.title or "",
                  "refutation": bool(spec.refutation), "starts_on": plan.tracking_starts_on}
        deadline = choice.get("deadline", spec.deadline)
        if deadline:
            fields["due_date"] = deadline
        else:  # no deadline: a regular task, reported monthly unless the reviewer said otherwise
            fields.update(is_regular=True,
                          reporting_period=choice.get("period") or ReportingPeriod.MONTH)
        Assignment.fan_out(
            item=item, day=plan.issued_on,
            channel_mentions=choice.get("channels", spec.channels),
            units=_pick(units, choice.get("units"),
                        _("A chosen unit no longer exists; reload the page.")),
            groups=_pick(groups, choice.get("groups"),
                         _("A chosen group no longer exists; reload the page.")),
            supporting_units=[units[int(pk)] for pk in choice.get("supporting") or []
                              if int(pk) in units],
            **fields)


def _chosen(choices: list[dict]) -> tuple[dict, dict]:
    """Only the units and groups the reviewer chose (and the supporting ones), read at once."""
    units = Unit.objects.in_bulk({int(pk) for choice in choices
                                  for key in ("units", "supporting")
                                  for pk in choice.get(key) or []})
    groups = UnitGroup.objects.in_bulk({int(pk) for choice in choices
                                        for pk in choice.get("groups") or []})
    return units, groups


def _pick(found: dict, ids, missing_message: str) -> list:
    if any(int(pk) not in found for pk in ids or []):
        raise PlanImportError(missing_message)
    return [found[int(pk)] for pk in ids or []]


# --- the implementation period -----------------------------------------------------------------
_PERIOD = re.compile(r"thoi gian(?: thuc hien| trien khai)?\s*[:.]?")


def implementation_period(text: str) -> tuple[dt.date | None, dt.date | None]:
    """The implementation period the document writes ("Thời gian thực hiện: từ ngày 01/10/2020
    đến ngày 31/12/2020"), else (None, None): never guessed."""
    from loa.documents.parse.textutil import find_date

    folded = fold(text or "")
    for match in _PERIOD.finditer(folded):
        window_end = min(len(folded), match.end() + 160)
        first = find_date(folded, match.end(), window_end)
        if first is None or first[1] - match.end() > 40:
            continue
        second = find_date(folded, first[2], window_end)
        if second is not None and second[0] >= first[0] and second[1] - first[2] < 30:
            return first[0], second[0]
        return first[0], None
    return None, None


# --- the review ----------------------------------------------------------------------------------
#: The fields of the plan the reviewer may correct before confirming (dates as dd/mm/yyyy).
EDITABLE_FIELDS = ("code", "date", "place", "issuer", "summary")
#: The dates the review asks besides the document's: tracking start, implementation period.
PLAN_DATES = ("tracking_starts_on", "starts_on", "ends_on")


def parse_day(value: str) -> dt.date:
    """A day written dd/mm/yyyy (as Vietnamese readers write it) or yyyy-mm-dd; ValueError
    otherwise."""
    value = (value or "").strip()
    match = re.fullmatch(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", value)
    if match:
        day, month, year = (int(g) for g in match.groups())
        return dt.date(year, month, day)
    return dt.date.fromisoformat(value)


def _bad_date(value: str) -> str:
    return _("“%(value)s” is not a date: write it as dd/mm/yyyy, e.g. 30/06/2025.") % {
        "value": value[:40]}


def review_choices(picks: list[list[str]], typed: list[list[str]], skips: list[bool],
                   deadlines: list[str | None] | None = None,
                   periods: list[str | None] | None = None,
                   channels: list[list[str] | None] | None = None
                   ) -> tuple[list[dict], list[str]]:
    """The reviewer's units for each assignment of the document: the proposals ticked
    (``"unit:12"``, ``"group:3"``) plus names typed in the unit picker, which must be the exact
    name of a unit or a group of the directory (any case); with ``deadlines`` (dd/mm/yyyy, empty:
    a regular task), ``periods`` (its reporting period) and ``channels`` (codes of channels and
    families of :mod:`loa.vocab.channels`) as the review sends them (None for an item: as the
    document says). Returns the choices and what is wrong (for the person)."""
    from loa.vocab import channels as channel_vocab

    known_channels = {c.code for c in channel_vocab.CHANNELS} | \
        {f.code for f in channel_vocab.FAMILIES}
    by_name: dict[str, int] = {}
    for pk, name in Unit.objects.values_list("pk", "name"):
        by_name.setdefault(name.casefold(), pk)
    groups_by_name = {name.casefold(): pk
                      for pk, name in UnitGroup.objects.values_list("pk", "name")}
    choices, problems = [], []
    for index, (ticked, names, skip) in enumerate(zip(picks, typed, skips, strict=True)):
        units, groups = [], []
        for value in ticked:
            kind, _sep, pk = value.partition(":")
            if pk.isdigit():
                (groups if kind == "group" else units).append(int(pk))
        for name in (n.strip() for n in names):
            if not name:
                continue
            if name.casefold() in by_name:
                units.append(by_name[name.casefold()])
            elif name.casefold() in groups_by_name:
                groups.append(groups_by_name[name.casefold()])
            else:
                problems.append(_("“%(name)s” is not a unit of the directory; pick one from the "
                                  "list.") % {"name": name[:200]})
        choice = {"units": list(dict.fromkeys(units)), "groups": list(dict.fromkeys(groups)),
                  "skip": bool(skip)}
        if deadlines is not None and deadlines[index] is not None:
            written = deadlines[index].strip()
            choice["deadline"] = None
            if written:
                try:
                    choice["deadline"] = parse_day(written)
                except ValueError:
                    problems.append(_bad_date(written))
        if periods is not None and periods[index] in ReportingPeriod.values:
            choice["period"] = periods[index]
        if channels is not None and channels[index] is not None:
            choice["channels"] = [c for c in dict.fromkeys(channels[index]) if c in known_channels]
        choices.append(choice)
    return choices, problems


@transaction.atomic
def confirm_import(plan_import, choices: list[dict], edits: dict | None = None,
                   problems: list[str] = (), *, status=PlanStatus.ACTIVE) -> Plan:
    """Create the plan of a reviewed import — active, or a draft units do not see yet
    (``status``): the parsed document with the reviewer's corrections (``edits``, keys of
    :data:`EDITABLE_FIELDS` and :data:`PLAN_DATES`; empty values keep the document's, an empty
    tracking start takes the default) and units (``choices`` from :func:`review_choices`;
    supporting units stay as proposed). Every kept item needs a unit. All or nothing: raises
    :class:`PlanImportError` with every problem (``problems`` found earlier included) and
    creates nothing."""
    parsed = plan_import.parsed_document()
    edits = edits or {}
    problems = list(problems) + _apply_edits(parsed, edits)
    days, day_problems = _plan_dates(edits)
    problems += day_problems
    if len(choices) != len(parsed.assignments):
        raise PlanImportError(_("The choice of units does not fit the document; reload the page."))
    for index, choice in enumerate(choices):
        if not choice.get("skip") and not choice.get("units") and not choice.get("groups"):
            problems.append(_("Item %(item)s has no unit: choose at least one, or tick “leave "
                              "out”.") % {"item": parsed.assignments[index].item or index + 1})
    if problems:
        raise PlanImportError(*problems)
    for choice, proposed in zip(choices, default_choices(plan_import.proposal or {})):
        choice["supporting"] = proposed.get("supporting", [])
    kept = [(spec, choice) for spec, choice in zip(parsed.assignments, choices)
            if not choice.get("skip")]
    parsed = dataclasses.replace(parsed, assignments=[spec for spec, _choice in kept])
    written = implementation_period(parsed.text)
    period = (days.get("starts_on") or written[0], days.get("ends_on") or written[1])
    try:
        plan = create_plan(parsed, [choice for _spec, choice in kept], status=status,
                           proposal=plan_import.proposal,
                           tracking_starts_on=days.get("tracking_starts_on"), period=period)
    except ValidationError as error:
        raise PlanImportError(*error.messages) from error
    if plan_import.original_file:
        with plan_import.original_file.open("rb") as handle:
            plan.original_file.save(plan_import.filename, handle, save=True)
    plan_import.plan = plan
    plan_import.save(update_fields=["plan", "updated_at"])
    return plan


def _apply_edits(parsed: ParsedDocument, edits: dict) -> list[str]:
    """The reviewer's corrections of the plan's fields (an empty value keeps the document's);
    returns what is wrong with them."""
    problems = []
    for key in EDITABLE_FIELDS:
        value = (edits.get(key) or "").strip()
        if not value:
            continue
        if key == "date":
            try:
                parsed.date = parse_day(value)
            except ValueError:
                problems.append(_bad_date(value))
        else:
            setattr(parsed, key, value)
    return problems


def _plan_dates(edits: dict) -> tuple[dict, list[str]]:
    days, problems = {}, []
    for key in PLAN_DATES:
        value = (edits.get(key) or "").strip()
        if value:
            try:
                days[key] = parse_day(value)
            except ValueError:
                problems.append(_bad_date(value))
    if days.get("starts_on") and days.get("ends_on") and days["ends_on"] < days["starts_on"]:
        problems.append(_("The implementation period ends before it starts."))
    return days, problems


# --- the reviewer's corrections of the text ------------------------------------------------------
def correct_lines(plan_import, corrections: dict[tuple[int, int], str]) -> bool:
    """Put the reviewer's corrections of lines (``{(page, line): text}``) into the import's
    document and read the plan again from the corrected text (parse and match: the summary,
    tasks and names then carry the corrections). Returns whether anything changed."""
    from loa.documents import Line, Page, SourceDocument, parse_document
    from loa.vitext.review import mark_words

    document = plan_import.document or {}
    changed = False
    pages = []
    for page in document.get("pages", []):
        lines = []
        for line in page.get("lines", []):
            new = corrections.get((page.get("number"), line.get("n")))
            if new is not None:
                new = " ".join(new.split())
                if new != line.get("text"):
                    line = {**line, "text": new, "corrected": True,
                            "raw": line.get("raw") or line.get("text"),
                            "marks": [m.to_json() for m in mark_words(new) if m.unsure]}
                    changed = True
            lines.append(line)
        pages.append({**page, "lines": lines})
    if not changed:
        return False
    document = {**document, "pages": pages}
    source = SourceDocument(document.get("kind") or "text", [
        Page(page["number"], [Line(line["text"], page["number"], line["n"],
                                   tuple(line["bbox"]) if line.get("bbox") else None,
                                   line.get("raw")) for line in page["lines"]])
        for page in pages])
    parsed = parse_document(source)
    plan_import.document = document
    plan_import.parsed = parsed.to_json()
    plan_import.proposal = propose(parsed)
    plan_import.save(update_fields=["document", "parsed", "proposal", "updated_at"])
    return True
