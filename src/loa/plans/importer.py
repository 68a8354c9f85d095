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
    plan and the proposal. ``all_units_known`` refuses (PlanImportError) a document naming a
    unit that matched nothing. A file the reader refuses raises its DocumentError."""
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
        plan = create_plan(parsed, status=status, proposal=proposal, starts_on=starts_on,
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
                starts_on=None) -> Plan:
    """Create the plan of ``parsed`` with one assignment per chosen unit (and per member of each
    chosen group). ``choices`` (one per parsed assignment, same order): ``{"units": [ids],
    "groups": [ids], "supporting": [ids]}``; None takes :func:`default_choices` of a fresh
    proposal. Raises :class:`PlanImportError` (nothing written) when the plan cannot be
    created."""
    proposal = proposal if proposal is not None else propose(parsed)
    choices = choices if choices is not None else default_choices(proposal)
    if len(choices) != len(parsed.assignments):
        raise PlanImportError(_("The choice of units does not fit the document; reload the page."))
    plan = _plan_record(parsed, proposal, status, starts_on)
    if original_file is not None:
        plan.original_file = original_file
    plan.save()
    _references(plan, parsed)
    _themes(plan, parsed.sections)
    _assignments(plan, parsed, choices)
    return plan


def _plan_record(parsed: ParsedDocument, proposal: dict, status, starts_on) -> Plan:
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
    if Plan.objects.filter(code=code, issued_on=parsed.date).exists():
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
        source_text=parsed.text or "", starts_on=starts_on or parsed.date,
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
                  "refutation": bool(spec.refutation), "starts_on": plan.starts_on}
        if spec.deadline:
            fields["due_date"] = spec.deadline
        else:  # no deadline written: a regular task, reported monthly
            fields.update(is_regular=True, reporting_period=ReportingPeriod.MONTH)
        Assignment.fan_out(
            item=item, day=plan.issued_on, channel_mentions=spec.channels,
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


# --- the review ----------------------------------------------------------------------------------
#: The fields of the plan the reviewer may correct before confirming.
EDITABLE_FIELDS = ("code", "date", "place", "issuer", "summary")


def review_choices(picks: list[list[str]], typed: list[list[str]], skips: list[bool]
                   ) -> tuple[list[dict], list[str]]:
    """The reviewer's units for each assignment of the document: the proposals ticked
    (``"unit:12"``, ``"group:3"``) plus names typed in the unit picker, which must be the exact
    name of a unit or a group of the directory (any case). Returns the choices and what is wrong
    (for the person)."""
    by_name: dict[str, int] = {}
    for pk, name in Unit.objects.values_list("pk", "name"):
        by_name.setdefault(name.casefold(), pk)
    groups_by_name = {name.casefold(): pk
                      for pk, name in UnitGroup.objects.values_list("pk", "name")}
    choices, problems = [], []
    for ticked, names, skip in zip(picks, typed, skips, strict=True):
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
        choices.append({"units": list(dict.fromkeys(units)), "groups": list(dict.fromkeys(groups)),
                        "skip": bool(skip)})
    return choices, problems


@transaction.atomic
def confirm_import(plan_import, choices: list[dict], edits: dict | None = None,
                   problems: list[str] = ()) -> Plan:
    """Create the active plan of a reviewed import: the parsed document with the reviewer's
    corrections (``edits``, keys of :data:`EDITABLE_FIELDS`; empty values keep the document's)
    and units (``choices`` from :func:`review_choices`; supporting units stay as proposed).
    Every kept item needs a unit. All or nothing: raises :class:`PlanImportError` with every
    problem (``problems`` found earlier included) and creates nothing."""
    parsed = plan_import.parsed_document()
    problems = list(problems) + _apply_edits(parsed, edits or {})
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
    try:
        plan = create_plan(parsed, [choice for _spec, choice in kept], status=PlanStatus.ACTIVE,
                           proposal=plan_import.proposal)
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
                parsed.date = dt.date.fromisoformat(value)
            except ValueError:
                problems.append(_("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. "
                                  "2025-06-30.") % {"value": value[:40]})
        else:
            setattr(parsed, key, value)
    return problems
