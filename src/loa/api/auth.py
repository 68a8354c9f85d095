"""How an API request says who it comes from.

Two ways, tried in this order:

1. ``Authorization: Bearer <token>`` — a token issued with ``loa issue_token USERNAME`` (only its
   hash is stored, see :class:`loa.org.models.ApiToken`). A request that sends a Bearer token
   that is wrong, revoked or belongs to an inactive person is refused with 401 even if it also
   carries a session cookie: a client that sends a token means to be that token's owner.
2. The browser session of a person signed in to Loa (the pages' own JavaScript and the
   interactive documentation at /api/v1/docs). Unsafe methods (POST, DELETE, ...) on this path
   must carry the CSRF token (``X-CSRFToken`` header), exactly as Loa's forms do; otherwise 403.

Neither → 401 with a JSON message.
"""

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from loa.org.models import ApiToken

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class InvalidToken(AuthenticationError):
    def __init__(self):
        super().__init__(401, str(_("The API token is not valid (wrong, revoked, or its owner "
                                    "can no longer sign in).")))


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` checked with :meth:`ApiToken.authenticate`."""

    def authenticate(self, request: HttpRequest, token: str):
        user = ApiToken.authenticate(token.strip())
        if user is None:
            raise InvalidToken()
        # Everything downstream (the audit trail of django-simple-history, Scope.of) reads
        # request.user: make it the token's owner.
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """Django's session, with the CSRF check for unsafe methods.

    Unlike ninja's ``django_auth`` this checks CSRF only for a signed-in person, so a request
    without any credentials gets 401 (not "CSRF failed").
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=True)  # also tells the docs page to send X-CSRFToken

    def _get_key(self, request: HttpRequest):
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and not getattr(request, "_ninja_csrf_exempt",
                                                              False):
            if check_csrf(request) is not None:
                raise HttpError(403, str(_(
                    "CSRF check failed: a request made with the browser session must send the "
                    "CSRF token in the X-CSRFToken header. Programs should use an API token."
                )))
        return user


bearer_token = BearerToken()
session_auth = SessionAuth()
