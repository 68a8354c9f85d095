"""The OpenAPI document, the local documentation page and the API's limits."""

import json
import re

import pytest
from django.test import Client

from .conftest import BASE

PATHS = {
    "/api/v1/plans": {"get"},
    "/api/v1/plans/{plan_id}": {"get"},
    "/api/v1/assignments": {"get"},
    "/api/v1/assignments/{assignment_id}": {"get"},
    "/api/v1/assignments/{assignment_id}/complete": {"post"},
    "/api/v1/activities": {"get", "post"},
    "/api/v1/activities/{activity_id}": {"get", "patch", "delete"},
    "/api/v1/units": {"get"},
}


@pytest.fixture
def schema(db):
    response = Client().get(f"{BASE}/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_openapi_lists_every_path_and_method(schema):
    assert {path: set(ops) for path, ops in schema["paths"].items()} == PATHS
    assert schema["info"]["title"] == "Loa API"


def test_every_operation_requires_token_or_session(schema):
    assert schema["components"]["securitySchemes"] == {
        "BearerToken": {"type": "http", "scheme": "bearer"},
        "SessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation["security"] == [{"BearerToken": []}, {"SessionAuth": []}]
            assert {"401", "404"} <= set(operation["responses"]), (path, method)


def test_enums_are_the_models_values(schema):
    components = schema["components"]["schemas"]
    text = json.dumps(components)
    assert '"completed_on_time"' in text and '"overdue"' in text
    channel = next(s for name, s in components.items() if name == "Channel")
    assert "loudspeaker" in channel["enum"] and "television" in channel["enum"]
    limit = next(p for p in schema["paths"]["/api/v1/activities"]["get"]["parameters"]
                 if p["name"] == "limit")
    assert "500" in limit["description"]


def test_operation_ids_are_short(schema):
    ids = {op["operationId"] for ops in schema["paths"].values() for op in ops.values()}
    assert {"list_activities", "create_activity", "complete_assignment"} <= ids


def test_docs_page_uses_local_static_files_only(db):
    response = Client().get(f"{BASE}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert "/static/ninja/swagger-ui-bundle.js" in assets
    assert "/static/ninja/swagger-ui.css" in assets
    assert all(a.startswith("/static/") for a in assets), assets
    assert "cdn" not in html.lower() and "http://" not in html and "https://" not in html
    bundle = Client().get("/static/ninja/swagger-ui-bundle.js")
    assert bundle.status_code == 200


def test_request_body_size_is_limited(world, api_as, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = api_as("alice").post("/activities", {
        "assignment": world.a_baohp.pk, "channel": "press", "title": "x" * 5000,
        "published_on": "2024-01-01"})
    assert response.status_code == 413
    assert response.json()["detail"]
