"""Checking the rows of an upload and importing them, through the activity writer
(:mod:`loa.plans.activities`): each row becomes an unsaved activity whose problems — the values
as written, then the writer's rules — are reported per row and column; the valid rows are saved
in one transaction, and by default nothing at all when a row has errors."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from loa.vitext import fold
from loa.vocab import channels as channel_vocab

from .. import activities
from ..models import ActivitySource, Assignment, Channel, Plan, Theme
from .form import ASSIGNMENT_CODE, ImportRefused, ImportResult, RowResult, channel_name
from .reading import read_upload
from .values import (
    ValueProblem,
    blank,
    cell_text,
    cell_url,
    display,
    parse_count,
    parse_date,
    parse_minutes,
)

#: Activity fields → the column that shows them (the writer's errors land in these columns).
FIELD_COLUMNS = {
    "assignment": "assignment", "unit": "assignment", "channel": "channel", "title": "title",
    "published_on": "published_on", "url": "url", "airtime_minutes": "airtime_minutes",
    "reach": "reach", "theme": "theme", "note": "note",
}
_DUPLICATES = {"duplicate", "duplicate_in_batch"}


def parse_activities(fileobj, user) -> ImportResult:
    """Read an uploaded workbook into per-row results. Saves nothing.

    ``fileobj``: bytes, a path, or a file object (an uploaded file)."""
    result = ImportResult()
    raw_rows = read_upload(fileobj, result)
    if raw_rows:
        _check_rows(raw_rows, user, result)
    return result


class _Lookups:
    """What the rows refer to, read once for the whole file: the person's assignments (in
    active plans) named by the rows, and the themes of the plans they see."""

    def __init__(self, raw_rows, user):
        self.codes = {}
        for number, values in raw_rows:
            raw = values.get("assignment")
            match = ASSIGNMENT_CODE.match(fold(cell_text(raw))) if not blank(raw) else None
            self.codes[number] = int(match.group(1)) if match else None
        wanted = {pk for pk in self.codes.values() if pk is not None}
        self.assignments = {
            a.pk: a
            for a in Assignment.objects.recordable_by(user).filter(pk__in=wanted)
            .select_related("plan", "lead_unit")
            .prefetch_related("supporting_units")
        } if wanted else {}
        self.themes: dict[tuple[int, str], Theme] = {}
        self.any_plan_themes: dict[str, Theme] = {}
        for theme in Theme.objects.filter(plan__in=Plan.objects.visible_to(user)).order_by(
                "plan_id", "order", "pk"):
            self.themes.setdefault((theme.plan_id, fold(theme.title)), theme)
            self.any_plan_themes.setdefault(fold(theme.title), theme)

    def theme(self, written, assignment):
        key = fold(cell_text(written))
        theme = self.themes.get((assignment.plan_id, key)) if assignment is not None else None
        return theme or self.any_plan_themes.get(key)  # another plan's: the writer says so


def _check_rows(raw_rows, user, result):
    lookups = _Lookups(raw_rows, user)
    for number, values in raw_rows:
        row = RowResult(number=number, values={k: display(v) for k, v in values.items()})
        result.rows.append(row)
        assignment, fields = _row_fields(row, values, lookups, user)
        row.activity = activities.build(
            user, assignment, source=ActivitySource.SPREADSHEET, **fields)
    # the writer's rules for every row, then duplicates among the rows still valid
    for row, error in zip(result.rows, activities.rule_problems(
            [r.activity for r in result.rows])):
        _add_writer_errors(row, error)
    valid = [r for r in result.rows if r.ok]
    for row, error in zip(valid, activities.duplicate_problems([r.activity for r in valid])):
        _add_writer_errors(row, error, valid)
    for row in result.rows:
        if not row.ok:
            row.activity = None


def _row_fields(row, values, lookups, user):
    """The assignment and the activity's fields of one row, each value's problem added to the
    row under its column."""
    assignment = _assignment(row, values.get("assignment"), lookups, user)
    fields = {"title": cell_text(values.get("title")), "url": cell_url(values.get("url")),
              "note": cell_text(values.get("note"))}
    raw = values.get("channel")
    if blank(raw):
        row.add("required", _("Choose a channel."), "channel")
    elif channel_vocab.from_text(cell_text(raw)) is None:
        row.add("bad_channel", _("Channel “%(value)s” not recognised; use one of: "
                                 "%(channels)s.")
                % {"value": display(raw)[:60],
                   "channels": ", ".join(channel_name(c) for c in Channel)}, "channel")
    else:
        fields["channel"] = channel_vocab.from_text(cell_text(raw))
    if not fields["title"]:
        row.add("required", _("Give the title."), "title")
    if blank(values.get("published_on")):
        row.add("required", _("Give the date published (dd/mm/yyyy)."), "published_on")
    for key, parse in (("published_on", parse_date), ("airtime_minutes", parse_minutes),
                       ("reach", parse_count)):
        if not blank(values.get(key)):
            try:
                fields[key] = parse(values[key])
            except ValueProblem as problem:
                row.add(problem.code, problem.message, key)
    if not blank(values.get("theme")):
        theme = lookups.theme(values["theme"], assignment)
        if theme is None:
            row.add("theme_not_found", _("Theme “%(value)s” not found in the plan.")
                    % {"value": display(values["theme"])[:80]}, "theme")
        fields["theme"] = theme
    return assignment, fields


def _assignment(row, raw, lookups, user):
    """The row's assignment; unknown, malformed or not the person's get the same answer."""
    code = lookups.codes.get(row.number)
    assignment = lookups.assignments.get(code) if code is not None else None
    if blank(raw):
        row.add("required", _("Give the assignment code (e.g. NV-12)."), "assignment")
    elif assignment is None or assignment.reporting_unit_id(user) is None:
        row.add("assignment_not_found", _(
            "Assignment “%(code)s” not found among your unit's assignments in active "
            "plans.") % {"code": display(raw)[:40]}, "assignment")
        return None
    return assignment


def _add_writer_errors(row, error: ValidationError | None, batch=None):
    """The writer's problems of a row, under their columns — except in a column that already
    has one (the value as written was wrong: the rule would only repeat it). ``batch``: the
    rows whose duplicates were checked (a copy names the earlier row)."""
    if error is None:
        return
    already = row.error_columns
    for field, errors in error.error_dict.items():
        column = FIELD_COLUMNS.get(field)
        for item in errors:
            if column in already:
                continue
            if item.code == "duplicate_in_batch":
                earlier = batch[item.params["index"]].number
                row.add("duplicate_row", _(
                    "Same activity as row %(row)s of this file (same assignment, title, date "
                    "and channel).") % {"row": earlier})
            elif item.code == "duplicate":
                row.add("duplicate_existing", _(
                    "This activity is already recorded (same assignment, title, date and "
                    "channel)."))
            else:
                for message in item.messages:
                    row.add(f"invalid_{field}", message, column)


def import_activities(result: ImportResult, user, *, include_partial=False) -> int:
    """Save the valid rows of ``result`` in one transaction and return how many.

    With errors in the file nothing is saved unless ``include_partial`` (the person confirmed
    the valid rows). The writer checks access and duplicates again at save time."""
    if result.errors:
        raise ImportRefused("file_errors", result.errors[0].message)
    if result.invalid_rows and not include_partial:
        raise ImportRefused("row_errors", ngettext(
            "%(n)s row has errors; nothing was imported.",
            "%(n)s rows have errors; nothing was imported.", len(result.invalid_rows),
        ) % {"n": len(result.invalid_rows)})
    rows = [r.activity for r in result.valid_rows if r.activity is not None]
    try:
        return len(activities.record_many(user, rows))
    except ValidationError as error:
        codes = {item.code for errors in getattr(error, "error_dict", {"": [error]}).values()
                 for item in errors}
        if codes & _DUPLICATES:
            raise ImportRefused("duplicate_existing", _(
                "Some of these activities were recorded in the meantime; nothing was "
                "imported. Upload the file again.")) from error
        raise ImportRefused("access_changed", _(
            "Your assignments changed since the file was checked; nothing was imported. "
            "Upload the file again.")) from error
