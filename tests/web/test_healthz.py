from unittest import mock

from django.urls import reverse


def test_healthz_needs_no_login(client, db):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")


def test_healthz_reports_database_failure(client, db):
    with mock.patch("loa.web.views.errors.connection.cursor", side_effect=RuntimeError("down")):
        response = client.get(reverse("healthz"))
    assert response.status_code == 503
