"""A plan's activities, as the person may see them, as an .xlsx file in bounded memory."""

from __future__ import annotations

import tempfile

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from loa.org.models import person_name

from ..dashboard import lateness_text
from ..models import Activity, ActivitySource, Channel
from .form import DATE_FORMAT, assignment_code, channel_name


def export_columns():
    return [
        (_("Assignment code"), 12), (_("Unit"), 34), (_("Plan item"), 34), (_("Channel"), 20),
        (_("Title"), 60), (_("Date published"), 13), (_("Link"), 40),
        (_("Airtime (minutes)"), 12), (_("Reach"), 12), (_("Theme"), 30), (_("Note"), 30),
        (_("Source"), 14), (_("Recorded by"), 20),
    ]


def new_sheet(wb, title, columns):
    """A write-only sheet with ``columns`` ((title, width) pairs) as its bold, frozen header."""
    ws = wb.create_sheet(title[:31])
    for index, (_title, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    header = []
    for title, _width in columns:
        cell = WriteOnlyCell(ws, value=str(title))
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)
    return ws


def text_cell(ws, value):
    """A text value for a cell: illegal characters removed, never read as a formula."""
    if not value:
        return None
    value = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if value.startswith("="):  # data, never a formula
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_plan_activities(plan, user, out) -> int:
    """Write the activities of ``plan`` that ``user`` may see to ``out`` (a binary file) as .xlsx.

    Memory stays bounded whatever the number of rows: rows are read in chunks and written by
    openpyxl's write-only mode (inline strings, rows streamed to a temporary file)."""
    channel_names = {c.value: channel_name(c) for c in Channel}
    source_names = {s.value: str(s.label) for s in ActivitySource}
    rows = (
        Activity.objects.visible_to(user)
        .filter(plan=plan)
        .order_by("published_on", "pk")
        .values_list(
            "assignment_id", "unit__name", "assignment__item__number", "assignment__item__title",
            "channel", "title", "published_on", "url", "airtime_minutes", "reach",
            "theme__title", "note", "source", "created_by__username",
            "created_by__first_name", "created_by__last_name",
        )
    )
    wb = Workbook(write_only=True)
    ws = new_sheet(wb, _("Activities"), export_columns())

    def text(value):
        return text_cell(ws, value)

    count = 0
    for (assignment_id, unit, item_number, item_title, channel, title, published_on, url,
         airtime, reach, theme, note, source, username, first, last) in rows.iterator(
            chunk_size=2000):
        date_cell = WriteOnlyCell(ws, value=published_on)
        date_cell.number_format = DATE_FORMAT
        recorder = person_name(first, last, username)
        ws.append([
            assignment_code(assignment_id), text(unit), text(f"{item_number}. {item_title}"),
            channel_names.get(channel, channel), text(title), date_cell, text(url),
            float(airtime) if airtime is not None else None, reach, text(theme), text(note),
            source_names.get(source, source), text(recorder),
        ])
        count += 1
    wb.save(out)
    return count


def export_plan_activities(plan, user) -> bytes:
    """The export as bytes (convenient for small plans and tests; views stream a temp file)."""
    with tempfile.TemporaryFile() as out:
        write_plan_activities(plan, user, out)
        out.seek(0)
        return out.read()


def write_dashboard(plan, figures, out) -> None:
    """Write what the plan dashboard shows (``figures`` from :func:`loa.plans.dashboard.
    plan_dashboard`, already scoped to the person and filtered) to ``out`` as .xlsx: one sheet of
    units (city units, then each district's subtotal and its units) and one of the overdue
    assignments with how late each is."""
    wb = Workbook(write_only=True)
    states = [state for state, _n in figures.totals]
    columns = [(_("Unit"), 40), (_("District"), 22), (_("Unit kind"), 24),
               (_("Assignments"), 10)]
    columns += [(state.label, 12) for state in states]
    columns += [(_("Completion rate"), 12), (_("On-time rate"), 12),
                (_("Most overdue (days)"), 12), (_("Activities"), 12)]
    columns += [(channel_name(c), 12) for c in figures.channels]
    ws = new_sheet(wb, _("Units"), columns)
    bold = Font(bold=True)

    def line(row, label, subtotal=False):
        values = [text_cell(ws, label),
                  text_cell(ws, row.district.name if row.district else _("City level")),
                  text_cell(ws, "" if subtotal else row.unit.get_kind_display()), row.total]
        values += [row.counts.get(state, 0) for state in states]
        values += [row.completed_pct / 100, row.on_time_pct / 100, row.most_late, row.activities]
        values += list(row.channels)
        cells = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(ws, value=value)
            if subtotal:
                cell.font = bold
            if index in (4 + len(states), 5 + len(states)):
                cell.number_format = "0%"
            cells.append(cell)
        ws.append(cells)

    for row in figures.city_rows:
        line(row, row.unit.name)
    for group in figures.districts:
        line(group.subtotal, _("%(district)s (subtotal)") % {"district": group.district.name},
             subtotal=True)
        for row in group.rows:
            line(row, row.unit.name)

    overdue = new_sheet(wb, _("Overdue"), [
        (_("Assignment code"), 12), (_("Lead unit"), 40), (_("Plan item"), 34), (_("Task"), 60),
        (_("Deadline"), 14), (_("How late"), 44), (_("Days late"), 10)])
    for assignment in figures.overdue:
        deadline = WriteOnlyCell(overdue, value=assignment.due_date)
        deadline.number_format = DATE_FORMAT
        if assignment.is_regular:
            deadline = text_cell(overdue, "{} ({})".format(
                _("Regular"), assignment.get_reporting_period_display().lower()))
        tasks = assignment.tasks
        overdue.append([
            assignment_code(assignment.pk), text_cell(overdue, assignment.lead_unit.name),
            text_cell(overdue, f"{assignment.item.number}. {assignment.item.title}"),
            text_cell(overdue, tasks[0] if tasks else assignment.task), deadline,
            text_cell(overdue, lateness_text(assignment)), assignment.lateness.days,
        ])
    wb.save(out)
