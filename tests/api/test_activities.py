"""GET /activities (paginated), GET /activities/{id}, POST /activities, DELETE /activities/{id}."""

import datetime as dt
from urllib.parse import urlencode

import pytest
from django.utils import timezone

from loa.plans.models import Activity, ActivitySource, Channel, Plan, Theme


def payload(world, **extra):
    return {"assignment": world.a_baohp.pk, "channel": "press",
            "title": "Giáo dục Hải Phòng đổi mới", "published_on": "2024-03-01",
            "url": "https://baohaiphong.vn/giao-duc", **extra}


# --- create --------------------------------------------------------------------------------------
def test_create_records_source_api_author_and_lead_unit(world, api_as):
    response = api_as("alice").post("/activities", payload(world, theme=world.theme.pk,
                                                           reach=1200, note="Trang 3"))
    assert response.status_code == 201, response.content
    data = response.json()
    activity = Activity.objects.get(pk=data["id"])
    assert activity.source == ActivitySource.API
    assert activity.created_by == world.alice
    assert activity.unit == world.baohp and activity.plan == world.plan
    assert data == {
        "id": activity.pk, "assignment": world.a_baohp.pk, "plan": world.plan.pk,
        "unit": {"id": world.baohp.pk, "name": "Báo Hải Phòng", "short_name": "Báo HP"},
        "channel": "press", "title": "Giáo dục Hải Phòng đổi mới", "published_on": "2024-03-01",
        "url": "https://baohaiphong.vn/giao-duc", "evidence_url": None, "airtime_minutes": None,
        "reach": 1200, "theme": {"id": world.theme.pk, "title": world.theme.title},
        "note": "Trang 3", "source": "api", "created_by": "alice",
        "created_at": data["created_at"],
    }
    assert dt.datetime.fromisoformat(data["created_at"]).tzinfo is not None


def test_broadcast_with_airtime(world, api_as):
    response = api_as("alice").post("/activities", payload(world, channel="television",
                                                           airtime_minutes=12.5))
    assert response.status_code == 201, response.content
    assert response.json()["airtime_minutes"] == 12.5
    assert Activity.objects.get(pk=response.json()["id"]).airtime_minutes == pytest.approx(12.5)


def test_future_date_and_broadcast_without_airtime_are_422_per_field(world, api_as):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    before = Activity.objects.count()
    response = api_as("alice").post("/activities", payload(
        world, channel="radio", published_on=tomorrow.isoformat()))
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["published_on"] == ["The publication date is in the future."]
    assert errors["airtime_minutes"] == ["Give the airtime in minutes for a broadcast."]
    assert response.json()["detail"]
    assert Activity.objects.count() == before


def test_messages_follow_the_requests_language(world, api_as):
    response = api_as("alice", language="vi").post("/activities", payload(
        world, channel="radio"))
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"airtime_minutes"}


@pytest.mark.parametrize("change, field", [
    ({"channel": "pigeon"}, "channel"),
    ({"published_on": "01/03/2024"}, "published_on"),
    ({"title": None}, "title"),
    ({"title": ""}, "title"),
    ({"title": "x" * 501}, "title"),
    ({"url": "not a link"}, "url"),
    ({"reach": -5}, "reach"),
    ({"airtime_minutes": 0}, "airtime_minutes"),
    ({"channel": "radio", "airtime_minutes": "12.25"}, "airtime_minutes"),
    ({"theme": 999_999}, "theme"),
])
def test_invalid_fields_are_422_and_save_nothing(world, api_as, change, field):
    before = Activity.objects.count()
    response = api_as("alice").post("/activities", payload(world, **change))
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"], response.json()
    assert all(response.json()["errors"][field])
    assert Activity.objects.count() == before


def test_theme_of_another_plan_is_refused(world, api_as):
    other = Plan.objects.create(code="9/KH-STTTT", summary="Khác")
    theme = Theme.objects.create(plan=other, title="Chủ đề khác")
    response = api_as("alice").post("/activities", payload(world, theme=theme.pk))
    assert response.status_code == 422
    assert response.json()["errors"]["theme"] == ["This theme belongs to another plan."]


def test_malformed_json_is_a_client_error(world, api_as):
    client = api_as("alice")
    response = client.client.post("/api/v1/activities", "{not json",
                                  content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"] == "The request body is not valid JSON."
    assert not Activity.objects.filter(source=ActivitySource.API).exists()


def test_supporting_unit_records_under_its_own_name(world, api_as):
    world.a_baohp.supporting_units.set([world.baoan])
    response = api_as("bob").post("/activities", payload(world))
    assert response.status_code == 201, response.content
    assert response.json()["unit"]["id"] == world.baoan.pk
    activity = Activity.objects.get(pk=response.json()["id"])
    assert activity.unit == world.baoan and activity.assignment == world.a_baohp
    # Bob sees his own activity but still not Alice's.
    bob = api_as("bob")
    assert bob.get(f"/activities/{activity.pk}").status_code == 200
    assert bob.get(f"/activities/{world.act_baohp.pk}").status_code == 404


def test_department_chooses_the_recording_unit(world, api_as):
    world.a_baohp.supporting_units.set([world.baoan])
    staff = api_as("staff")
    response = staff.post("/activities", payload(world, unit=world.baoan.pk))
    assert response.status_code == 201 and response.json()["unit"]["id"] == world.baoan.pk
    response = staff.post("/activities", payload(world))
    assert response.status_code == 201 and response.json()["unit"]["id"] == world.baohp.pk
    # Staff of a department that supports the task record under the department by default.
    world.a_baohp.supporting_units.add(world.dept)
    response = staff.post("/activities", payload(world))
    assert response.status_code == 201 and response.json()["unit"]["id"] == world.dept.pk
    response = staff.post("/activities", payload(world, unit=world.lechan.pk))
    assert response.status_code == 422 and "unit" in response.json()["errors"]


def test_unit_officer_cannot_record_under_another_unit(world, api_as):
    world.a_baohp.supporting_units.set([world.baoan])
    response = api_as("alice").post("/activities", payload(world, unit=world.baoan.pk))
    assert response.status_code == 422 and "unit" in response.json()["errors"]


@pytest.mark.parametrize("who", ["viewer", "inspector", "nobody"])
def test_read_only_roles_cannot_record_or_delete(world, api_as, who):
    client = api_as(who)
    before = Activity.objects.count()
    response = client.post("/activities", payload(world))
    assert response.status_code == 404
    assert client.delete(f"/activities/{world.act_baohp.pk}").status_code == 404
    assert Activity.objects.count() == before


# --- delete (withdraw) ---------------------------------------------------------------------------
def test_delete_withdraws_with_a_reason_and_keeps_the_record(world, api_as):
    pk = world.act_baohp.pk
    client = api_as("alice")
    refused = client.delete(f"/activities/{pk}")
    assert refused.status_code == 422 and "reason" in refused.json()["errors"]
    assert Activity.objects.filter(pk=pk).exists()
    response = client.delete(f"/activities/{pk}?" + urlencode({"reason": "Ghi nhầm đường dẫn"}))
    assert response.status_code == 204 and response.content == b""
    assert not Activity.objects.filter(pk=pk).exists()  # it no longer counts
    kept = Activity.all_objects.get(pk=pk)
    assert (kept.withdrawn_by, kept.withdrawal_reason) == (world.alice, "Ghi nhầm đường dẫn")
    last = Activity.history.filter(id=pk).latest("history_date")
    assert last.history_user == world.alice and last.withdrawn_at is not None
    assert client.get(f"/activities/{pk}").status_code == 404
    assert client.delete(f"/activities/{pk}?reason=again").status_code == 404
    assert client.patch(f"/activities/{pk}", {"title": "Sửa"}).status_code == 404


def test_supporting_unit_cannot_delete_the_lead_units_activity(world, api_as):
    world.a_baohp.supporting_units.set([world.baoan])
    assert api_as("bob").delete(f"/activities/{world.act_baohp.pk}").status_code == 404
    assert Activity.objects.filter(pk=world.act_baohp.pk).exists()


# --- read ----------------------------------------------------------------------------------------
def test_detail_has_evidence_link(world, api_as):
    Activity.objects.filter(pk=world.act_baohp.pk).update(evidence="evidence/2020/09/bai.pdf")
    data = api_as("alice").get(f"/activities/{world.act_baohp.pk}").json()
    assert data["evidence_url"] == f"/activities/{world.act_baohp.pk}/evidence/"
    assert data["title"] == "Bài về đổi mới giáo dục"


@pytest.fixture
def many(world):
    """30 activities of each newspaper over 30 days, on alternating channels."""
    rows = []
    for n in range(30):
        for assignment in (world.a_baohp, world.a_baoan):
            rows.append(Activity.objects.create(
                assignment=assignment, channel=[Channel.PRESS, Channel.E_PORTAL][n % 2],
                title=f"Tin {n}", published_on=dt.date(2021, 1, 1) + dt.timedelta(days=n),
                theme=world.theme, created_by=world.staff))
    return rows


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["items"]]


def test_filters(world, api_as, many):
    staff = api_as("staff")
    assert len(ids(staff.get("/activities", limit=500))) == 62
    assert set(ids(staff.get("/activities", unit=world.baoan.pk, limit=500))) == {
        a.pk for a in many if a.unit_id == world.baoan.pk} | {world.act_baoan.pk}
    assert set(ids(staff.get("/activities", assignment=world.a_baohp.pk, limit=500))) == {
        a.pk for a in many if a.assignment_id == world.a_baohp.pk} | {world.act_baohp.pk}
    assert len(ids(staff.get("/activities", plan=world.plan.pk, limit=500))) == 62
    assert len(ids(staff.get("/activities", channel="e_portal", limit=500))) == 30
    window = ids(staff.get("/activities", published_from="2021-01-10",
                           published_to="2021-01-12"))
    assert set(window) == {a.pk for a in many
                           if dt.date(2021, 1, 10) <= a.published_on <= dt.date(2021, 1, 12)}
    assert staff.get("/activities", published_from="yesterday").status_code == 422
    assert staff.get("/activities", channel="telegraph").status_code == 422


def test_pagination(world, api_as, many):
    alice = api_as("alice")
    first = alice.get("/activities", limit=10).json()
    assert first["count"] == 31 and first["limit"] == 10 and first["offset"] == 0
    assert len(first["items"]) == 10
    dates = [row["published_on"] for row in first["items"]]
    assert dates == sorted(dates, reverse=True)  # newest first
    pages = [ids(alice.get("/activities", limit=10, offset=offset)) for offset in (0, 10, 20, 30)]
    flat = [pk for page in pages for pk in page]
    assert len(flat) == 31 and len(set(flat)) == 31
    assert ids(alice.get("/activities", offset=500)) == []
    default = alice.get("/activities").json()
    assert default["limit"] == 100 and len(default["items"]) == 31


def test_page_size_is_capped(world, api_as, many):
    page = api_as("staff").get("/activities", limit=100_000).json()
    assert page["limit"] == 500
    assert api_as("staff").get("/activities", limit=0).status_code == 422
    assert api_as("staff").get("/activities", offset=-1).status_code == 422


@pytest.mark.parametrize("who", ["staff", "alice"])
def test_list_query_count_is_bounded(world, api_as, many, who, django_assert_max_num_queries):
    client = api_as(who)
    # token (2: look-up, last used) + scope (1 for the department; 3 for a unit) + count + the
    # page's keys + the page's rows with their joins: the same for 5 rows as for 500.
    with django_assert_max_num_queries(8):
        assert len(ids(client.get("/activities", limit=500))) >= 31
    with django_assert_max_num_queries(8):
        assert len(ids(client.get("/activities", limit=5))) == 5


# --- change --------------------------------------------------------------------------------------
def test_change_corrects_the_fields_given_and_keeps_the_rest(world, api_as):
    activity = world.act_baohp
    response = api_as("alice").patch(f"/activities/{activity.pk}",
                                     {"title": "Bài đã sửa tiêu đề", "reach": 3000})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["title"], data["reach"], data["channel"]) == ("Bài đã sửa tiêu đề", 3000, "press")
    assert data["theme"]["id"] == world.theme.pk  # not given: kept
    activity.refresh_from_db()
    assert activity.title == "Bài đã sửa tiêu đề"
    before = activity.history.order_by("history_date")[0]
    assert before.title == "Bài về đổi mới giáo dục"  # the audit keeps the version before


def test_change_follows_the_same_rules_and_changes_nothing_when_broken(world, api_as):
    response = api_as("alice").patch(f"/activities/{world.act_baohp.pk}",
                                     {"channel": "radio", "theme": None})
    assert response.status_code == 422
    assert "airtime_minutes" in response.json()["errors"]
    world.act_baohp.refresh_from_db()
    assert world.act_baohp.channel == "press" and world.act_baohp.theme == world.theme


@pytest.mark.parametrize("who", ["bob", "viewer", "inspector"])
def test_only_the_units_editors_change_it(world, api_as, who):
    response = api_as(who).patch(f"/activities/{world.act_baohp.pk}", {"title": "Sửa trộm"})
    assert response.status_code == 404
    world.act_baohp.refresh_from_db()
    assert world.act_baohp.title == "Bài về đổi mới giáo dục"
