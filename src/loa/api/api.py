"""Loa's JSON API, version 1, mounted at /api/v1/ (see README.md in this package).

Schema: /api/v1/openapi.json; interactive documentation: /api/v1/docs (served from the package's
own static files, no CDN). Every row comes through the shared access mechanism
(:mod:`loa.org.access`): what a person cannot see answers 404, like a missing one.

Errors are JSON ``{"detail": "<message>"}`` in the request's language (Vietnamese by default,
``Accept-Language: en`` for English); 422 adds ``"errors": {"<field>": ["<message>", ...]}``.
"""

import logging

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as ModelValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestValidationError
from ninja.parser import Parser

from .auth import bearer_token, session_auth
from .endpoints import activities, assignments, plans, units

logger = logging.getLogger("loa.api")

DESCRIPTION = """\
Plans, assignments and activities of Loa, with the same access rules as the pages: a unit sees
its own assignments and activities (and those of the units below it), the department sees all.
Anything you may not see answers **404**, exactly like something that does not exist.

**Authentication.** Programs send `Authorization: Bearer <token>`; a token is issued with
`loa issue_token USERNAME --name "what it is for"` and shown once. In a browser signed in to Loa
the session works too; then POST and DELETE must send the CSRF token in `X-CSRFToken`.
No or a wrong token: **401**.

**Writes.** Recording or deleting an activity and completing an assignment need a role that may
change the unit's data (unit officer, department staff, administrator). The object is looked up
among those you may change: for anything else, including for viewers and inspectors, the answer
is **404**. Completing an assignment that is already complete: **409**.

**Lists** answer `{"count", "limit", "offset", "items"}`; `limit` is at most 500.

**Errors** are `{"detail": "..."}` in the request's language (Vietnamese by default; send
`Accept-Language: en` for English); a **422** adds `"errors": {"field": ["message", ...]}`.
"""

class NotAnObject(ValueError):
    """A request body that is JSON but not an object."""


class JsonObjectParser(Parser):
    """Request bodies are JSON objects: an array, a string, a number or null is refused (400),
    where ninja would read it as an empty object (and a correction would then change nothing and
    answer 200). An optional body is left out, not sent as null."""

    def parse_body(self, request):
        data = super().parse_body(request)
        if not isinstance(data, dict):
            raise NotAnObject
        return data


class LoaAPI(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        """Short operation ids for generated clients: the view's name (list_activities, ...)."""
        return operation.view_func.__name__

    def get_openapi_schema(self, **kwargs):
        """ninja documents an optional body as "the object or null"; the parser refuses null (an
        optional body is left out), so the schema says the object only."""
        schema = super().get_openapi_schema(**kwargs)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                body = operation.get("requestBody") if isinstance(operation, dict) else None
                if not body or body.get("required"):
                    continue
                for media in body.get("content", {}).values():
                    options = media.get("schema", {}).get("anyOf", [])
                    kept = [option for option in options if option != {"type": "null"}]
                    if len(kept) == 1 < len(options):
                        media["schema"] = kept[0]
        return schema


api = LoaAPI(
    title="Loa API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=[bearer_token, session_auth],
    parser=JsonObjectParser(),
)

api.add_router("/plans", plans.router)
api.add_router("/assignments", assignments.router)
api.add_router("/activities", activities.router)
api.add_router("/units", units.router)


def _field_name(loc) -> str:
    """("body", "payload", "published_on") → "published_on"; ("query", "limit") → "limit"."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        source, parts = parts[0], parts[1:]
        if source == "body" and len(parts) > 1:
            parts = parts[1:]  # the parameter's name (payload)
    return ".".join(parts) or "__all__"


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    message = exc.message if isinstance(exc.message, str) and exc.message != "Unauthorized" else _(
        "Authentication required: send an API token in the header "
        "'Authorization: Bearer <token>', or sign in to Loa.")
    response = api.create_response(request, {"detail": message}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="loa"'
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found.")}, status=404)


@api.exception_handler(HttpError)
def http_error(request, exc):
    message = str(exc)
    if exc.status_code == 400 and message.startswith("Cannot parse request body"):  # the parser
        message = (_("The request body must be a JSON object.")
                   if isinstance(exc.__cause__, NotAnObject)
                   else _("The request body is not valid JSON."))
    return api.create_response(request, {"detail": message}, status=exc.status_code)


@api.exception_handler(RequestValidationError)
def request_invalid(request, exc):
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        errors.setdefault(_field_name(error.get("loc", ())), []).append(
            str(error.get("msg", error)))
    return api.create_response(
        request, {"detail": _("The request is not valid."), "errors": errors}, status=422)


@api.exception_handler(ModelValidationError)
def model_invalid(request, exc):
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    else:
        errors = {"__all__": [str(m) for m in exc.messages]}
    return api.create_response(
        request, {"detail": _("Nothing was saved: correct the data."), "errors": errors},
        status=422)


@api.exception_handler(RequestDataTooBig)
def too_big(request, exc):
    return api.create_response(request, {"detail": _("The request is too large.")}, status=413)


@api.exception_handler(SuspiciousOperation)
def bad_request(request, exc):
    return api.create_response(request, {"detail": _("Bad request.")}, status=400)


@api.exception_handler(Exception)
def server_error(request, exc):
    # JSON for programs rather than the HTML error page; the traceback goes to the log only.
    logger.exception("API error on %s %s", request.method, request.path)
    return api.create_response(
        request, {"detail": _("Internal error. It has been logged; please try again later.")},
        status=500)
