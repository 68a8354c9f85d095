"""Reading one cell: dates as people type them (dd/mm/yyyy, Excel serial numbers, ISO),
minutes, counts with thousands separators, text (normalised, the writer's own tone-mark
placement kept) and links; :class:`ValueProblem` says what is wrong with a value."""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from openpyxl.utils.datetime import from_excel

from loa.vitext import normalize


def blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def display(value) -> str:
    """A cell value as it is shown back to the person (dates dd/mm/yyyy)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0):
            return value.strftime("%d/%m/%Y")
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return normalize(str(value))[:1000]


DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$")
THOUSANDS = re.compile(r"^\d{1,3}([., ]\d{3})+$")


class ValueProblem(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
        self.message = message


def parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise ValueProblem("bad_date", _("“%(value)s” is not a date; write dd/mm/yyyy.")
                           % {"value": value})
    if isinstance(value, (int, float)):
        # A date typed in a cell not formatted as a date: Excel keeps the serial number.
        if 20000 <= value <= 80000:
            return from_excel(value).date()
        raise ValueProblem("bad_date", _("“%(value)s” is not a date; write dd/mm/yyyy.")
                           % {"value": display(value)})
    text = normalize(str(value))
    match = DATE_TEXT.match(text)
    try:
        if match:
            day, month, year = (int(g) for g in match.groups())
            return dt.date(year, month, day)
        match = ISO_DATE.match(text)
        if match:
            year, month, day = (int(g) for g in match.groups())
            return dt.date(year, month, day)
    except ValueError:
        raise ValueProblem("bad_date", _("“%(value)s” is not a valid date (day, month or year "
                                         "out of range).") % {"value": text}) from None
    raise ValueProblem("bad_date", _("“%(value)s” is not a date; write dd/mm/yyyy, e.g. "
                                     "20/09/2020.") % {"value": text[:60]})


def parse_minutes(value) -> Decimal:
    if isinstance(value, bool):
        raise ValueProblem("bad_number", _("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, (int, float)):
        number = Decimal(str(value))
    else:
        text = normalize(str(value)).lower().removesuffix("phút").strip().replace(",", ".")
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise ValueProblem("bad_number", _("“%(value)s” is not a number of minutes.")
                               % {"value": normalize(str(value))[:60]}) from None
    if not number.is_finite():
        raise ValueProblem("bad_number", _("“%(value)s” is not a number of minutes.")
                           % {"value": display(value)})
    number = number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if number <= 0:
        raise ValueProblem("bad_number", _("Airtime must be more than zero minutes."))
    if number >= Decimal("1000000"):
        raise ValueProblem("bad_number", _("“%(value)s” minutes is too large.")
                           % {"value": display(value)})
    return number


def parse_count(value) -> int:
    if isinstance(value, bool):
        raise ValueProblem("bad_number", _("“%(value)s” is not a whole number.")
                           % {"value": value})
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueProblem("bad_number", _("“%(value)s” is not a whole number.")
                               % {"value": display(value)})
        value = int(value)
    if isinstance(value, int):
        number = value
    else:
        text = normalize(str(value))
        if THOUSANDS.match(text):
            text = re.sub(r"[., ]", "", text)
        if not re.fullmatch(r"-?\d+", text):
            raise ValueProblem("bad_number", _("“%(value)s” is not a whole number.")
                               % {"value": text[:60]})
        number = int(text)
    if number < 0:
        raise ValueProblem("bad_number", _("The number cannot be negative."))
    if number > 2_147_483_647:
        raise ValueProblem("bad_number", _("“%(value)s” is too large.") % {"value": number})
    return number


def cell_text(value) -> str:
    """A cell as text, normalised (the writer's own tone-mark placement kept)."""
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return display(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # The unit's own spelling is kept (tone marks where they put them: "hóa" and "hoá" are both
    # right); only the encoding, quotes and spaces are made regular.
    return normalize(str(value), tone_style=None)


def cell_url(value) -> str:
    """A link as written; "www.x.vn/…" gets its "https://"."""
    text = cell_text(value)
    if text and "://" not in text and " " not in text and "." in text:
        text = "https://" + text
    return text
