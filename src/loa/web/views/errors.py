"""Error pages (rendered without the database or context processors, so they work when what
failed was one of those) and the health check."""

from django.db import connection
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means "not healthy"
        return HttpResponse("database unavailable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")




def _error_page(status, title, text):
    """An error page from a standalone template, rendered without context processors or the
    database, so that it works even when what failed was the database or a context processor."""
    try:
        return loader.get_template("errors/error.html").render({
            "status": status, "title": title, "text": text,
        })
    except Exception:  # noqa: BLE001 - the error page itself must never fail
        return format_html("<!doctype html><title>{}</title><h1>{}</h1><p>{}</p>", title, title,
                           text)


def page_not_found(request, exception=None):
    return HttpResponse(_error_page(
        404, _("Page not found"),
        _("The page does not exist, or it belongs to another unit and you may not see it."),
    ), status=404)


def server_error(request):
    return HttpResponseServerError(_error_page(
        500, _("Server error"),
        _("Something went wrong on our side. The error was recorded; please try again later."),
    ))


def permission_denied(request, exception=None):
    return HttpResponse(_error_page(
        403, _("Access denied"), _("You may not open this page."),
    ), status=403)


def bad_request(request, exception=None):
    return HttpResponse(_error_page(
        400, _("Bad request"),
        _("The request could not be understood (it may be too large or malformed)."),
    ), status=400)



def csrf_failure(request, reason=""):
    """A form sent after its page expired (or from elsewhere): say what to do, in the person's
    language, instead of Django's technical page."""
    return HttpResponse(_error_page(
        403, _("The form has expired"),
        _("For your security the form could not be accepted: it was open too long or sent from "
          "another site. Go back, reload the page and send it again."),
    ), status=403)
