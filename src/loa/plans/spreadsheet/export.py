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

from ..models import Activity, ActivitySource, Channel
from .form import DATE_FORMAT, assignment_code, channel_name


def export_columns():
    return [
        (_("Assignment code"), 12), (_("Unit"), 34), (_("Plan item"), 34), (_("Channel"), 20),
        (_("Title"), 60), (_("Date published"), 13), (_("Link"), 40),
        (_("Airtime (minutes)"), 12), (_("Reach"), 12), (_("Theme"), 30), (_("Note"), 30),
        (_("Source"), 14), (_("Recorded by"), 20),
    ]


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
    ws = wb.create_sheet(_("Activities")[:31])
    columns = export_columns()
    for index, (_title, width) in enumerate(columns, 1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"
    header = []
    for title, _width in columns:
        cell = WriteOnlyCell(ws, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    ws.append(header)

    def text(value):
        if not value:
            return None
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if value.startswith("="):  # data, never a formula
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"
            return cell
        return value

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
