"""Helpers for the page tests (healthchecks style: one file per view, two units)."""

import pytest
from django.utils import translation


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


@pytest.fixture
def vietnamese(client):
    """Pages in Vietnamese, with the project's catalogue."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    with translation.override("vi"):
        yield
