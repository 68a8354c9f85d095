"""Vietnamese first: pages speak Vietnamese unless the person chose English with the language
switch (kept in Django's language cookie), whatever language the office browser is set to.
The API keeps honouring Accept-Language, as programmatic clients expect."""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class PreferredLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        if request.path_info.startswith("/api/"):
            return super().process_request(request)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen not in dict(settings.LANGUAGES):
            chosen = settings.LANGUAGE_CODE
        translation.activate(chosen)
        request.LANGUAGE_CODE = translation.get_language()
