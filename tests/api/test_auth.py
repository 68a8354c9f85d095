"""Token and session authentication, and the CSRF rule of the session path."""

import datetime as dt
import re

import pytest
from django.test import Client

from loa.org.models import ApiToken
from loa.plans.models import Activity

from .conftest import BASE, ApiClient

pytestmark = pytest.mark.django_db


def activity_payload(world, **extra):
    return {"assignment": world.a_baohp.pk, "channel": "press", "title": "Tin mới",
            "published_on": "2024-03-01", "url": "https://baohaiphong.vn/tin", **extra}


def test_token_authenticates_and_is_recorded_as_used(world):
    record, token = ApiToken.issue(world.alice, "script")
    assert record.last_used_at is None
    response = ApiClient(token).get("/assignments")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["items"]] == [world.a_baohp.pk]
    record.refresh_from_db()
    assert record.last_used_at is not None


@pytest.mark.parametrize("path", ["/plans", "/plans/1", "/assignments", "/assignments/1",
                                  "/activities", "/activities/1", "/units"])
def test_no_credentials_is_401_with_a_json_message(world, anonymous, path):
    response = anonymous.get(path)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert "Authorization: Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer loa_not-a-real-token", "Bearer ", "Bearer",
                                    "Token abc", "Basic YWxpY2U6eA=="])
def test_wrong_or_malformed_token_is_401(world, header):
    ApiToken.issue(world.alice, "script")
    response = Client(headers={"Authorization": header, "Accept-Language": "en"}).get(
        f"{BASE}/activities")
    assert response.status_code == 401
    assert response.json()["detail"]


def test_wrong_token_is_refused_even_with_a_session(world):
    client = Client(headers={"Authorization": "Bearer loa_wrong", "Accept-Language": "en"})
    client.force_login(world.alice)
    response = client.get(f"{BASE}/activities")
    assert response.status_code == 401
    assert "not valid" in response.json()["detail"]


def test_inactive_users_token_is_refused(world):
    _record, token = ApiToken.issue(world.alice, "script")
    world.alice.is_active = False
    world.alice.save()
    response = ApiClient(token).get("/activities")
    assert response.status_code == 401


def test_deleted_token_is_refused(world):
    record, token = ApiToken.issue(world.alice, "script")
    assert ApiClient(token).get("/plans").status_code == 200
    record.delete()
    assert ApiClient(token).get("/plans").status_code == 401


def test_only_the_hash_of_the_token_is_stored(world):
    record, token = ApiToken.issue(world.alice, "script")
    record.refresh_from_db()
    assert token not in {record.digest, record.prefix, record.name}
    assert record.digest == ApiToken.hash(token)


def test_401_message_is_vietnamese_by_default(world):
    response = Client().get(f"{BASE}/plans")  # no Accept-Language: the default language, vi
    assert response.status_code == 401
    assert response.json()["detail"]


# --- session path --------------------------------------------------------------------------------
def signed_in(user, *, csrf_checks=True):
    client = Client(enforce_csrf_checks=csrf_checks, headers={"Accept-Language": "en"})
    client.force_login(user)
    return client


def test_session_reads_without_csrf(world):
    client = signed_in(world.alice)
    response = client.get(f"{BASE}/activities")
    assert response.status_code == 200
    assert [a["id"] for a in response.json()["items"]] == [world.act_baohp.pk]


def test_session_write_without_csrf_token_is_403_and_saves_nothing(world):
    client = signed_in(world.alice)
    before = Activity.objects.count()
    response = client.post(f"{BASE}/activities", activity_payload(world),
                           content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    response = client.delete(f"{BASE}/activities/{world.act_baohp.pk}")
    assert response.status_code == 403
    assert Activity.objects.count() == before


def test_session_write_with_csrf_token_succeeds(world):
    """The interactive docs page hands the signed-in browser its CSRF token, which it sends back
    in X-CSRFToken (as the page's own script does)."""
    client = signed_in(world.alice)
    page = client.get(f"{BASE}/docs").content.decode()
    token = re.search(r'data-csrf-token="([^"]+)"', page).group(1)
    assert 'data-api-csrf="true"' in page
    response = client.post(f"{BASE}/activities", activity_payload(world),
                           content_type="application/json", headers={"X-CSRFToken": token})
    assert response.status_code == 201, response.content
    activity = Activity.objects.get(pk=response.json()["id"])
    assert activity.created_by == world.alice
    response = client.delete(f"{BASE}/activities/{activity.pk}?reason=sai",
                             headers={"X-CSRFToken": token})
    assert response.status_code == 204


def test_token_write_needs_no_csrf(world):
    _record, token = ApiToken.issue(world.alice, "script")
    client = Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {token}"})
    response = client.post(f"{BASE}/activities", activity_payload(world),
                           content_type="application/json")
    assert response.status_code == 201, response.content


def test_unauthenticated_write_is_401_not_a_csrf_error(world):
    client = Client(enforce_csrf_checks=True, headers={"Accept-Language": "en"})
    response = client.post(f"{BASE}/activities", activity_payload(world),
                           content_type="application/json")
    assert response.status_code == 401


def test_inactive_session_user_is_401(world):
    client = signed_in(world.alice)
    world.alice.is_active = False
    world.alice.save()
    assert client.get(f"{BASE}/activities").status_code == 401


def test_changes_through_a_token_are_audited_under_its_owner(world):
    _record, token = ApiToken.issue(world.alice, "script")
    response = ApiClient(token).post("/activities", activity_payload(world))
    assert response.status_code == 201
    activity = Activity.objects.get(pk=response.json()["id"])
    assert activity.history.get().history_user == world.alice
    assert dt.date.fromisoformat(response.json()["published_on"]) == dt.date(2024, 3, 1)
