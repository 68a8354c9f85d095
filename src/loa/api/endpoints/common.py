"""What the endpoints share: the documented error answers and small helpers."""

from ..schemas import Message, ValidationMessage

# 422: a parameter of the wrong type (an id that is no number, a date that is no date, a page
# out of range); 400: a body that is not JSON.
READ_ERRORS = {401: Message, 404: Message, 422: ValidationMessage}
WRITE_ERRORS = {400: Message, 401: Message, 403: Message, 404: Message, 422: ValidationMessage}

try:  # django-ninja >= 1.6; older versions take a (status, body) tuple
    from ninja import Status
except ImportError:  # pragma: no cover
    def Status(status_code, value):  # noqa: N802
        return status_code, value
