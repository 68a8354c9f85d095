"""Helpers for the page tests (healthchecks style: one file per view, two units)."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import translation

LOCALE = Path(django_settings.BASE_DIR) / "locale"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded evidence goes to a temporary directory, never to the real data directory."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def as_user(client):
    """``as_user(user)`` signs ``user`` in (force_login: the login page has its own tests)."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in


@pytest.fixture(scope="session")
def vi_locale_dir(tmp_path_factory):
    """Locale paths with a Vietnamese catalogue: the compiled project catalogue when it exists,
    otherwise one built here from the translators' parts (locale/vi/LC_MESSAGES/parts/*.po)."""
    if (LOCALE / "vi" / "LC_MESSAGES" / "django.mo").exists():
        return [LOCALE]
    parts = sorted((LOCALE / "vi" / "LC_MESSAGES" / "parts").glob("*.po"))
    if not parts or not shutil.which("msgcat") or not shutil.which("msgfmt"):
        pytest.skip("no Vietnamese catalogue and no gettext tools to build one")
    target = tmp_path_factory.mktemp("locale") / "vi" / "LC_MESSAGES"
    target.mkdir(parents=True)
    merged = target / "django.po"
    subprocess.run(["msgcat", "--use-first", "-o", str(merged), *map(str, parts)], check=True)
    subprocess.run(["msgfmt", "-o", str(target / "django.mo"), str(merged)], check=True)
    return [target.parent.parent]


@pytest.fixture
def vietnamese(settings, vi_locale_dir, client):
    """Pages in Vietnamese, with the project's catalogue."""
    settings.LOCALE_PATHS = vi_locale_dir
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    with translation.override("vi"):
        yield
