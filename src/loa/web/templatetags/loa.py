"""Small template helpers for Loa's pages: ``{% load loa %}``."""

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loa.org.models import display_name
from loa.plans.dashboard import lateness_text
from loa.plans.models import Channel
from loa.plans.status import State
from loa.vocab import channels as channel_vocab

register = template.Library()


@register.simple_tag
def state_badge(state):
    """The coloured badge of one of the four official states."""
    if not state:
        return ""
    state = State(state)
    return format_html('<span class="loa-badge loa-state-{}">{}</span>', state.value, state.label)


@register.simple_tag
def deadline(assignment):
    """The due date, or "Regular (monthly)" for a task without a single deadline."""
    if assignment.is_regular:
        return format_html("{} ({})", _("Regular"),
                           assignment.get_reporting_period_display().lower())
    if assignment.due_date:
        return formats.date_format(assignment.due_date, "SHORT_DATE_FORMAT")
    return "—"


@register.filter
def channel_label(value):
    return Channel(value).label if value in Channel.values else value


@register.simple_tag(takes_context=True)
def page_url(context, page):
    """The current address with ``page`` replaced (keeps the search and filters)."""
    params = context["request"].GET.copy()
    params["page"] = page
    return "?" + urlencode(sorted(params.items()))


@register.filter
def indent(depth, step=1.25):
    """CSS padding for a row at ``depth`` in the unit tree."""
    try:
        return f"padding-left:{float(step) * int(depth):.2f}rem"
    except (TypeError, ValueError):
        return ""


# The dashboard's big tables have one row per unit (hundreds): their rows are built here in one
# step, rather than by template loops per row and per cell (the template engine costs ~10 µs a
# node, which adds up over 300 units × 10 columns).
@register.simple_tag
def dashboard_rows(rows, states, subtotal=False):
    """The plan dashboard's unit lines: assignments by state, completion, the worst delay and the
    activities (built in one step: a few hundred units × ten cells)."""
    unit_url = reverse("unit_detail", args=[0])[:-2]  # "/units/"
    kind_labels = {}
    html = []
    for row in rows:
        unit = row.unit
        kind = kind_labels.get(unit.kind)
        if kind is None:
            kind = kind_labels[unit.kind] = conditional_escape(unit.get_kind_display())
        cells = []
        for state in states:
            n = row.counts.get(state, 0)
            late_class = " loa-late" if state == State.OVERDUE and n else ""
            cells.append(f'<td class="loa-num{late_class}">{int(n)}</td>')
        counts = "".join(cells)
        late = "" if row.most_late is None else int(row.most_late)
        zero = " loa-zero" if not row.activities else ""
        classes = []
        if subtotal:
            classes.append("loa-subtotal")
        if not row.activities:
            classes.append("loa-zero-row")
        name = conditional_escape(_("%(district)s (subtotal)") % {"district": unit.label}
                                  if subtotal else unit.label)
        html.append(
            f'<tr class="{" ".join(classes)}" data-unit="{int(unit.pk)}">'
            f'<th scope="row" class="loa-unit"><a href="{unit_url}{int(unit.pk)}/">{name}</a>'
            f'<small>{kind}</small></th>'
            f'<td class="loa-num">{int(row.total)}</td>{counts}'
            f'<td class="loa-num">{int(row.completed_pct)}%</td>'
            f'<td class="loa-num">{late}</td>'
            f'<td class="loa-num{zero}" data-activities><strong>{int(row.activities)}</strong></td>'
            "</tr>"
        )
    return mark_safe("\n".join(html))  # noqa: S308 - names escaped, the rest are integers


@register.simple_tag
def dashboard_subtotal(group, states):
    """A district's subtotal line, under its units."""
    return dashboard_rows([group.subtotal], states, subtotal=True)


@register.filter
def lateness(assignment):
    """How late an overdue assignment is (for a regular task: the period missing)."""
    return lateness_text(assignment)


@register.filter
def first_task(assignment):
    """The first task line of an assignment, for one-line lists."""
    tasks = assignment.tasks
    return tasks[0] if tasks else assignment.task


@register.filter
def person(user):
    """The person's name in Vietnamese order (family name first), or the user name."""
    return display_name(user) if user else ""


# --- plan import ---------------------------------------------------------------------------------
_IMPORT_WARNINGS = {
    "no_code": gettext_lazy("No number and symbol (Số: …) was found."),
    "no_date": gettext_lazy("No date (ngày … tháng … năm …) was found."),
    "no_place": gettext_lazy("No place was found before the date."),
    "no_summary": gettext_lazy("No summary (trích yếu) was found."),
    "no_implementation": gettext_lazy("No “Tổ chức thực hiện” section was found: there are no "
                               "assignments to propose."),
    "no_units": gettext_lazy("An item of the implementation section names no unit."),
    "no_signer": gettext_lazy("No signature block was found."),
    "not_a_plan": gettext_lazy("This document does not look like a plan (kế hoạch)."),
    "no_doc_type": gettext_lazy("The type of document (Kế hoạch, Quyết định …) was not found."),
    "no_issuer": gettext_lazy("The issuing body was not found."),
    "no_recipients": gettext_lazy("No recipients (Nơi nhận) were found."),
    "empty": gettext_lazy("The document holds no text."),
    "no_assignments": gettext_lazy("The implementation section names no assignment."),
    "no_tasks": gettext_lazy("An item of the implementation section has no task."),
    "issuer_inferred": gettext_lazy("The header is missing: the issuing body was inferred from "
                                    "the symbol and the text."),
}


@register.filter
def parsed_channel(value):
    """A channel or a family of channels the document reader found in a task's text, in words
    (:mod:`loa.vocab.channels`)."""
    if value in Channel.values:
        return Channel(value).label
    family = channel_vocab.family(value)
    return _(family.name_en) if family else value


@register.filter
def import_warning(warning):
    """A parser warning ({code, message, params}) in the person's language when known."""
    if isinstance(warning, dict):
        known = _IMPORT_WARNINGS.get(warning.get("code"))
        return known if known is not None else warning.get("message", "")
    return warning


@register.simple_tag
def source_link(span):
    """A link to the line of the original a parsed field was read from (the import review)."""
    if not isinstance(span, dict) or not span.get("page") or not span.get("first_line"):
        return ""
    return format_html('<a href="#l-{}-{}" class="loa-muted loa-source-link">({})</a>',
                       span["page"], span["first_line"], _("in the original"))


# The reader's notes (loa.documents.read writes them in English for logs and the command line).
_READER_NOTES = [
    ("legacy Vietnamese font encoding", gettext_lazy(
        "The document uses an old Vietnamese font encoding (TCVN3, .VnTime); it was converted to "
        "Unicode: check the accents against the original.")),
    ("too long to repair", gettext_lazy(
        "The text looks misread (wrong OCR language or no accents) but is too long to correct "
        "automatically; it is shown as read.")),
    ("repair models are missing", gettext_lazy(
        "The text looks misread but the text engine's models are missing (make model); it is "
        "shown as read.")),
    ("repair of damaged text failed", gettext_lazy(
        "The correction of misread text failed on a page; that page is shown as read.")),
]


@register.filter
def reader_note(note):
    """A note of the document reader in the person's language."""
    for needle, message in _READER_NOTES:
        if needle in str(note):
            return message
    return _("Part of the document could not be read (a page or its text layer): check it "
             "against the original.")
