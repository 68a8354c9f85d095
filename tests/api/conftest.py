"""API test helpers: a client that speaks for a person through an API token."""

import json

import pytest
from django.test import Client

from loa.org.models import ApiToken

BASE = "/api/v1"


class ApiClient:
    """Thin wrapper over Django's test client: JSON in, JSON out, a Bearer token per person."""

    def __init__(self, token=None, client=None, language="en"):
        headers = {"Accept-Language": language}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.client = client or Client(headers=headers)

    def get(self, path, **params):
        return self.client.get(BASE + path, params)

    def post(self, path, data=None, **extra):
        body = json.dumps(data) if data is not None else ""
        return self.client.post(BASE + path, body, content_type="application/json", **extra)

    def patch(self, path, data=None, **extra):
        body = json.dumps(data) if data is not None else ""
        return self.client.patch(BASE + path, body, content_type="application/json", **extra)

    def delete(self, path, **extra):
        return self.client.delete(BASE + path, **extra)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The world fixture creates seven people: hash their passwords cheaply in these tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_as(world):
    """``api_as("alice")`` → an :class:`ApiClient` with a fresh token of that person."""

    def make(username, language="en"):
        user = getattr(world, username)
        _record, token = ApiToken.issue(user, "tests")
        return ApiClient(token, language=language)

    return make


@pytest.fixture
def anonymous():
    return ApiClient()
