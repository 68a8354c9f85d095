"""What the endpoints share: the documented error answers and small helpers."""

from ..schemas import Message, ValidationMessage

READ_ERRORS = {401: Message, 404: Message}
WRITE_ERRORS = {401: Message, 403: Message, 404: Message, 422: ValidationMessage}

try:  # django-ninja >= 1.6; older versions take a (status, body) tuple
    from ninja import Status
except ImportError:  # pragma: no cover
    def Status(status_code, value):  # noqa: N802
        return status_code, value
