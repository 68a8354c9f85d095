"""Bad ids, dates, pages and bodies get a 4xx with a message, never a server error, and nothing
is changed (what the schema-driven fuzz of test_fuzz.py found, pinned down)."""

import pytest

from loa.plans.models import Activity, Assignment

TOO_BIG = 2**63  # one more than the largest id the database holds


@pytest.mark.parametrize("path", [
    f"/plans/{TOO_BIG}", f"/assignments/{TOO_BIG}", f"/activities/{TOO_BIG}",
    "/plans/0", "/assignments/-1", "/activities/abc",
    f"/activities?plan={TOO_BIG}", f"/activities?plan=-{TOO_BIG}", f"/activities?unit={TOO_BIG}",
    f"/assignments?plan={TOO_BIG}", f"/assignments?unit={TOO_BIG}", f"/units?parent={TOO_BIG}",
])
def test_ids_out_of_range_are_422_with_a_message(world, api_as, path):
    """Ids are positive 64-bit integers: a larger one used to reach the database, which could
    not compare with it (500)."""
    response = api_as("staff").get(path)
    assert response.status_code == 422, response.content
    assert response.json()["detail"] == "The request is not valid."
    assert response.json()["errors"]


@pytest.mark.parametrize("query", [
    "/units?valid_on=0", "/units?valid_on=2024-13-01", "/units?valid_on=1700000000",
    "/activities?published_from=0", "/activities?published_to=2024-02-30",
    "/assignments?due_before=2024-01-01T00:00:00", "/assignments?due_before=tomorrow",
])
def test_a_date_that_is_no_day_is_422_with_a_message(world, api_as, query):
    response = api_as("staff").get(query)
    assert response.status_code == 422, response.content
    field = query.split("?")[1].split("=")[0]
    assert response.json()["errors"][field]


def test_a_day_is_read(world, api_as):
    response = api_as("staff").get("/activities?published_from=2020-09-21")
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["items"]] == [world.act_baoan.pk]


@pytest.mark.parametrize("query", ["limit=0", "limit=-5", "offset=-1", "limit=x", "offset=1.5"])
def test_bad_pages_are_422(world, api_as, query):
    response = api_as("staff").get(f"/activities?{query}")
    assert response.status_code == 422, response.content
    assert response.json()["errors"]


def test_a_page_past_the_end_is_empty(world, api_as):
    response = api_as("staff").get(f"/activities?offset={TOO_BIG}&limit={TOO_BIG}")
    assert response.status_code == 200
    assert response.json() == {"count": 2, "limit": 500, "offset": TOO_BIG, "items": []}


@pytest.mark.parametrize("body", ["[]", "[null, null]", '"text"', "5", "null", "true"])
def test_a_body_that_is_no_json_object_is_400_and_changes_nothing(world, api_as, body):
    api = api_as("staff")
    activity = world.act_baohp
    for method, path in [("post", "/activities"), ("patch", f"/activities/{activity.pk}"),
                         ("post", f"/assignments/{world.a_baoan.pk}/complete")]:
        response = getattr(api.client, method)(f"/api/v1{path}", body,
                                               content_type="application/json")
        assert response.status_code == 400, (method, path, response.content)
        assert response.json() == {"detail": "The request body must be a JSON object."}
    assert Activity.objects.count() == 2
    assert Assignment.objects.get(pk=world.a_baoan.pk).completed_at is None


def test_completing_without_a_body_still_works(world, api_as):
    response = api_as("staff").post(f"/assignments/{world.a_baoan.pk}/complete")
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("field, value", [
    ("assignment", TOO_BIG), ("theme", TOO_BIG), ("unit", TOO_BIG), ("reach", 2**31),
    ("reach", -1), ("published_on", 0), ("published_on", "2024-03-01T10:00:00"),
    ("airtime_minutes", ""),
])
def test_out_of_range_fields_are_422_and_save_nothing(world, api_as, field, value):
    body = {"assignment": world.a_baohp.pk, "channel": "press", "title": "Tin mới",
            "published_on": "2024-03-01", field: value}
    response = api_as("staff").post("/activities", body)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]
    assert Activity.objects.count() == 2


def test_the_vietnamese_message_for_a_body_that_is_no_object(world, api_as):
    api = api_as("staff", language="vi")
    response = api.client.post("/api/v1/activities", "[]", content_type="application/json")
    assert response.json() == {"detail": "Nội dung yêu cầu phải là một đối tượng JSON."}
