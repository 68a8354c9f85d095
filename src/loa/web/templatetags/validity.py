"""A unit's validity in words: "Đang hiệu lực", "Từ 01/07/2025", "Đã chấm dứt (đến 30/06/2025)"."""

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _

register = template.Library()


def _date(day):
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@register.filter
def validity(unit, today=None):
    """What a person needs to know of a unit's validity dates, never "… – …"."""
    today = today or timezone.localdate()
    start, end = unit.valid_from, unit.valid_to
    if end is not None and end < today:
        if start is not None:
            return _("Ended (%(start)s – %(end)s)") % {"start": _date(start), "end": _date(end)}
        return _("Ended (until %(end)s)") % {"end": _date(end)}
    if start is not None and start > today:
        return _("Not yet in force (from %(start)s)") % {"start": _date(start)}
    if start is not None and end is not None:
        return _("In force (%(start)s – %(end)s)") % {"start": _date(start), "end": _date(end)}
    if start is not None:
        return _("In force (since %(start)s)") % {"start": _date(start)}
    if end is not None:
        return _("In force (until %(end)s)") % {"end": _date(end)}
    return _("In force")
