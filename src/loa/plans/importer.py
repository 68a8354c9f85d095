"""From a parsed plan document to a plan with its assignments (the import's Django side).

``loa.documents`` reads and parses a file without Django (``parse_document(...).to_json()``);
this module works on that JSON:

* :func:`propose` matches every unit name of every assignment to the unit tree
  (:class:`loa.org.matching.UnitMatcher`) and returns a JSON-serialisable proposal the review
  page shows; nothing is written.
* :func:`create_plan` turns the parsed JSON plus the reviewer's choice of units into a
  :class:`~loa.plans.models.Plan` with references, themes, items and assignments, in one
  transaction: all of it or nothing.

Choices: a plan's tasks rarely carry a deadline, so an assignment without one is a regular task
reported monthly (the department can change it), one with a deadline the parser read ("trước
ngày …") gets it as its due date; bodies the task says to work with ("phối hợp với Sở …") that
match a unit become its supporting units; expected channels come from the task text
(``channels`` of the parser) mapped to the unit's kind — "broadcast" is television and radio for
a radio-TV station, radio and loudspeakers for a district or commune station — and when the text
names none, from the kind alone (a newspaper publishes in the press).
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from loa.org.matching import UnitMatcher
from loa.org.models import Unit, UnitGroup

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


def _date(value) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


# --- proposal ------------------------------------------------------------------------------------
def propose(parsed: dict, matcher: UnitMatcher | None = None) -> dict:
    """The assignments of ``parsed`` with every written unit name matched to units or groups.

    Returns ``{"assignments": [...], "issuer": match, "unmatched": n}`` where each assignment is
    the parser's entry plus ``matches``: one :meth:`MatchResult.to_json` per written name."""
    matcher = matcher or UnitMatcher(day=_date(parsed.get("date")))
    assignments, unmatched = [], 0
    for entry in parsed.get("assignments") or []:
        groups = {d.get("name"): d.get("is_group") for d in entry.get("units_detail") or []}
        matches = []
        for written in entry.get("units") or []:
            result = matcher.match(written, is_group=groups.get(written))
            if result.status != "matched":
                unmatched += 1
            matches.append(result.to_json())
        if not matches:
            unmatched += 1
        # Bodies the task says to work with ("phối hợp với …"): supporting units when they are
        # units of the tree; anything else stays in the task text.
        partners = [matcher.match(name, is_group=False).to_json()
                    for name in entry.get("partners") or []]
        assignments.append({**entry, "matches": matches, "partner_matches": partners})
    issuer = None
    if parsed.get("issuer"):
        issuer = matcher.match(parsed["issuer"], is_group=False).to_json()
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


# --- creation ------------------------------------------------------------------------------------
def _marker(section: dict) -> str:
    number = section.get("number") or ""
    return f"{number}." if section.get("kind") in ("roman", "number") else number


def _section_text(section: dict) -> str:
    """The body of a section as the document writes it: its text, then each part with its
    marker ("- …", "a) …", "1. Title" and its body)."""
    lines = [section.get("text") or ""]
    for child in section.get("children") or []:
        body = _section_text(child)
        if child.get("title"):
            lines.append(" ".join(p for p in [_marker(child), child["title"]] if p))
            lines.append(body)
        else:
            lines.append(" ".join(p for p in [_marker(child), body] if p))
    return "\n".join(line for line in lines if line).strip()


def _find_sections(sections, key: str) -> list[dict]:
    """Sections whose heading is ``key`` (accent-folded), else those whose heading holds it —
    "Mục đích" before "MỤC ĐÍCH, YÊU CẦU"."""
    from loa.vitext import fold

    exact, partial = [], []

    def walk(items):
        for section in items or []:
            title = fold(section.get("title") or "").strip(" .:;,")
            if title == key:
                exact.append(section)
            elif key in title:
                partial.append(section)
            walk(section.get("children"))

    walk(sections)
    return exact + partial


def _theme_title(text: str) -> str:
    """A short title for a theme written as one paragraph: its first clause."""
    first = re.split(r"(?<=[;:])\s|(?<=\.)\s(?=[A-ZÀ-Ỹ])", text.strip(), maxsplit=1)[0]
    return _short(first.rstrip(";:"), 160)


@transaction.atomic
def create_plan(parsed: dict, choices: list[dict] | None = None, *, status=PlanStatus.DRAFT,
                original_file=None, proposal: dict | None = None, starts_on=None) -> Plan:
    """Create the plan of ``parsed`` with one assignment per chosen unit (and per member of each
    chosen group). ``choices`` (one per parsed assignment, same order): ``{"units": [ids],
    "groups": [ids]}``; None takes :func:`default_choices` of a fresh proposal. Raises
    :class:`PlanImportError` (nothing written) when the plan cannot be created."""
    code = (parsed.get("code") or "").strip()
    if not code:
        raise PlanImportError(_("The document has no number and symbol (Số: …/KH-…): it cannot "
                             "become a plan."))
    summary = (parsed.get("summary") or "").strip()
    if not summary:
        raise PlanImportError(_("The document has no summary (trích yếu): it cannot become a "
                                "plan."))
    issued_on = _date(parsed.get("date"))
    if Plan.objects.filter(code=code, issued_on=issued_on).exists():
        raise PlanImportError(_("A plan %(code)s of this date already exists.") % {"code": code})
    if proposal is None:
        proposal = propose(parsed)
    if choices is None:
        choices = default_choices(proposal)
    entries = parsed.get("assignments") or []
    if len(choices) != len(entries):
        raise PlanImportError(_("The choice of units does not fit the document; reload the page."))

    issuer = None
    issuer_match = (proposal or {}).get("issuer")
    if issuer_match and issuer_match.get("status") == "matched" and \
            issuer_match["best"]["kind"] == "unit":
        issuer = Unit.objects.filter(pk=issuer_match["best"]["id"]).first()
    signer = parsed.get("signer") or {}
    reporting = parsed.get("reporting") or ""
    if isinstance(reporting, dict):
        reporting = reporting.get("text") or ""
    sections = parsed.get("sections") or []
    purposes = _find_sections(sections, "muc dich")
    requirements = _find_sections(sections, "yeu cau")
    plan = Plan(
        code=code[:64], number=(parsed.get("number") or "")[:16],
        symbol=(parsed.get("symbol") or "")[:48], doc_type=(parsed.get("doc_type") or "KH")[:8],
        governing_body=(parsed.get("governing_body") or "")[:255], issuer=issuer,
        issuer_name=(parsed.get("issuer") or "")[:255], place=(parsed.get("place") or "")[:100],
        issued_on=issued_on, summary=summary,
        signer_authority=(signer.get("authority") or "")[:100],
        signer_title=(signer.get("title") or "")[:100],
        signer_name=(signer.get("name") or "")[:100],
        purposes=_section_text(purposes[0]) if purposes else "",
        requirements=_section_text(requirements[0]) if requirements else "",
        reporting=reporting, status=status, source_text=parsed.get("text") or "",
        starts_on=starts_on or issued_on,
    )
    if original_file is not None:
        plan.original_file = original_file
    plan.save()

    for order, ref in enumerate(parsed.get("references") or []):
        if not ref.get("code"):
            continue
        PlanReference.objects.create(
            plan=plan, code=ref["code"][:64], doc_type=(ref.get("type") or "")[:64],
            issued_on=_date(ref.get("date")), issuer=(ref.get("issuer") or "")[:255],
            title=ref.get("title") or "", is_legal_basis=bool(ref.get("legal_basis")), order=order,
        )
    themes = _find_sections(sections, "noi dung tuyen truyen") or \
        _find_sections(sections, "noi dung")
    for order, child in enumerate((themes[0].get("children") or []) if themes else [], 1):
        text = _section_text(child) or child.get("title") or ""
        title = child.get("title") or _theme_title(text)
        Theme.objects.create(plan=plan, title=_short(title, 255), text=text, order=order)

    items: dict[str, PlanItem] = {}

    def item_for(number: str, title: str, text: str) -> PlanItem:
        if number in items:
            return items[number]
        parent = None
        if "." in number:
            parent_number = number.rsplit(".", 1)[0]
            parent = items.get(parent_number) or item_for(
                parent_number, _parent_title(sections, parent_number), "")
        items[number] = PlanItem.objects.create(
            plan=plan, parent=parent, number=number[:16], title=_short(title, 500), text=text,
            order=len(items) + 1,
        )
        return items[number]

    # only the units and groups the reviewer chose (and the supporting ones) are read
    units = Unit.objects.in_bulk({int(pk) for choice in choices
                                  for key in ("units", "supporting")
                                  for pk in choice.get(key) or []})
    groups = UnitGroup.objects.in_bulk({int(pk) for choice in choices
                                        for pk in choice.get("groups") or []})
    for index, (entry, choice) in enumerate(zip(entries, choices, strict=True)):
        number = str(entry.get("item") or index + 1)
        tasks = [t for t in (entry.get("tasks") or []) if t.strip()]
        item = item_for(number, entry.get("title") or ", ".join(entry.get("units") or []),
                        "\n".join(f"- {t}" for t in tasks) if len(tasks) > 1 else "\n".join(tasks))
        task = "\n".join(tasks) or entry.get("title") or ""
        fields = {"task": task, "refutation": bool(entry.get("refutation")),
                  "starts_on": plan.starts_on}
        due = _date(entry.get("deadline"))
        if due:
            fields["due_date"] = due
        else:  # no deadline written: a regular task, reported monthly
            fields.update(is_regular=True, reporting_period=ReportingPeriod.MONTH)
        supporting = [units[int(pk)] for pk in choice.get("supporting") or [] if int(pk) in units]
        chosen_groups, chosen_units = [], []
        for group_id in choice.get("groups") or []:
            if int(group_id) not in groups:
                raise PlanImportError(_("A chosen group no longer exists; reload the page."))
            chosen_groups.append(groups[int(group_id)])
        for unit_id in choice.get("units") or []:
            if int(unit_id) not in units:
                raise PlanImportError(_("A chosen unit no longer exists; reload the page."))
            chosen_units.append(units[int(unit_id)])
        Assignment.fan_out(item=item, units=chosen_units, groups=chosen_groups, day=issued_on,
                           supporting_units=supporting,
                           channel_mentions=entry.get("channels"), **fields)
    return plan


def _short(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _parent_title(sections, number: str) -> str:
    for section in sections or []:
        if section.get("number", "").rstrip(".") == number:
            return section.get("title") or number
        found = _parent_title(section.get("children"), number)
        if found != number:
            return found
    return number


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
    parsed = dict(plan_import.parsed or {})
    for key, value in (edits or {}).items():
        if key in EDITABLE_FIELDS and value:
            parsed[key] = value
    entries = list(parsed.get("assignments") or [])
    if len(choices) != len(entries):
        raise PlanImportError(_("The choice of units does not fit the document; reload the page."))
    problems = list(problems)
    for index, choice in enumerate(choices):
        if not choice.get("skip") and not choice.get("units") and not choice.get("groups"):
            problems.append(_("Item %(item)s has no unit: choose at least one, or tick “leave "
                              "out”.") % {"item": entries[index].get("item") or index + 1})
    if problems:
        raise PlanImportError(*problems)
    for choice, proposed in zip(choices, default_choices(plan_import.proposal or {})):
        choice["supporting"] = proposed.get("supporting", [])
    kept = [(entry, choice) for entry, choice in zip(entries, choices) if not choice.get("skip")]
    parsed["assignments"] = [entry for entry, _choice in kept]
    try:
        plan = create_plan(parsed, [choice for _entry, choice in kept], status=PlanStatus.ACTIVE,
                           proposal=plan_import.proposal)
    except ValidationError as error:
        raise PlanImportError(*error.messages) from error
    if plan_import.original_file:
        with plan_import.original_file.open("rb") as handle:
            plan.original_file.save(plan_import.filename, handle, save=True)
    plan_import.plan = plan
    plan_import.save(update_fields=["plan", "updated_at"])
    return plan
