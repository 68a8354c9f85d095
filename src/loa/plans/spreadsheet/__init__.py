"""Activities in spreadsheets: the .xlsx import template, reading and importing an upload, and
the export of a plan's activities.

Units already report in spreadsheets, so Loa offers a template (:func:`build_template`) whose
rows a unit fills in and uploads. :func:`parse_activities` reads an upload defensively and
returns a result per row; :func:`import_activities` saves the valid rows through the activity
writer (:mod:`loa.plans.activities`) in one transaction, and by default nothing at all when a row
has errors. :func:`write_plan_activities` writes a plan's activities, as the person may see them,
in bounded memory. Messages shown to people are translated (English msgids, Vietnamese
catalogue).

* :mod:`.form` — the form's sheets, columns, codes and channel names; the results.
* :mod:`.template` — the template.
* :mod:`.reading` — an upload (container checks, header, rows) into raw values.
* :mod:`.values` — one cell: dates, minutes, counts, text, links.
* :mod:`.rows` — checking the rows and importing them.
* :mod:`.export` — the export.
"""

from .export import export_plan_activities, write_dashboard, write_plan_activities
from .form import (
    ACTIVITY_SHEET,
    ASSIGNMENT_SHEET,
    COLUMNS,
    HELP_SHEET,
    LISTS_SHEET,
    ImportRefused,
    ImportResult,
    RowResult,
    assignment_code,
    assignment_label,
)
from .rows import import_activities, parse_activities
from .template import build_template, template_assignments

__all__ = [
    "ACTIVITY_SHEET",
    "ASSIGNMENT_SHEET",
    "HELP_SHEET",
    "LISTS_SHEET",
    "COLUMNS",
    "ImportRefused",
    "ImportResult",
    "RowResult",
    "assignment_code",
    "assignment_label",
    "build_template",
    "export_plan_activities",
    "import_activities",
    "write_dashboard",
    "parse_activities",
    "template_assignments",
    "write_plan_activities",
]
