"""GET /assignments, GET /assignments/{id}, POST /assignments/{id}/complete."""

import datetime as dt

import pytest
from django.utils import timezone

from loa.plans.models import Activity, Assignment, Channel, PlanItem, ReportingPeriod


def at(day, hour=10):
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


@pytest.fixture
def states(world):
    """One assignment of Báo HP in each official state (plus the world's in-progress one)."""
    today = timezone.localdate()
    item = PlanItem.objects.create(plan=world.plan, number="3", title="Thêm", order=3)

    def make(**fields):
        (assignment,) = Assignment.fan_out(item=item, units=[world.baohp], task="Việc", **fields)
        return assignment

    past = today - dt.timedelta(days=30)
    overdue = make(due_date=past)
    on_time = make(due_date=past)
    Assignment.objects.filter(pk=on_time.pk).update(completed_at=at(past - dt.timedelta(days=2)))
    late = make(due_date=past)
    Assignment.objects.filter(pk=late.pk).update(completed_at=at(past + dt.timedelta(days=2)))
    silent = make(is_regular=True, reporting_period=ReportingPeriod.MONTH)
    reporting = make(is_regular=True, reporting_period=ReportingPeriod.MONTH)
    last_month_day = today.replace(day=1) - dt.timedelta(days=3)
    Activity.objects.create(assignment=reporting, channel=Channel.PRESS, title="Tin tháng trước",
                            published_on=last_month_day)
    return {"overdue": {overdue.pk, silent.pk}, "completed_on_time": {on_time.pk},
            "completed_late": {late.pk},
            "in_progress": {world.a_baohp.pk, reporting.pk}}


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


def test_assignment_detail(world, api_as):
    world.a_baohp.supporting_units.set([world.press_office])
    data = api_as("alice").get(f"/assignments/{world.a_baohp.pk}").json()
    assert data["plan"] == {"id": world.plan.pk, "code": "130/KH-STTTT"}
    assert data["item"] == {"id": world.item.pk, "number": "2", "title": "Các cơ quan báo chí"}
    assert data["lead_unit"] == {"id": world.baohp.pk, "name": "Báo Hải Phòng",
                                 "short_name": "Báo HP"}
    assert data["supporting_units"] == [{"id": world.press_office.pk,
                                         "name": world.press_office.name,
                                         "short_name": "P.TTBCXB"}]
    assert data["tasks"] == ["Tăng cường tin bài", "Phản bác thông tin sai"]
    assert data["channels"] == ["press", "e_portal"]
    assert data["due_date"] == "2030-12-31"
    assert data["is_regular"] is False and data["reporting_period"] is None
    assert data["completed_at"] is None
    assert data["status"] == "in_progress"


def test_status_is_computed_and_filterable(world, api_as, states):
    alice = api_as("alice")
    rows = alice.get("/assignments", limit=500).json()["items"]
    computed = {row["id"]: row["status"] for row in rows}
    for state, expected in states.items():
        assert {pk for pk, s in computed.items() if s == state} == expected, state
        assert ids(alice.get("/assignments", status=state)) == expected, state
    response = alice.get("/assignments", status="done")
    assert response.status_code == 422 and "status" in response.json()["errors"]


def test_status_filter_paginates(world, api_as, states):
    alice = api_as("alice")
    page = alice.get("/assignments", status="overdue", limit=1).json()
    assert page["count"] == 2 and len(page["items"]) == 1
    second = alice.get("/assignments", status="overdue", limit=1, offset=1).json()
    assert {page["items"][0]["id"], second["items"][0]["id"]} == states["overdue"]


def test_filters(world, api_as, states):
    staff = api_as("staff")
    everything = ids(staff.get("/assignments"))
    assert everything == set().union(*states.values()) | {world.a_baoan.pk}
    assert ids(staff.get("/assignments", unit=world.baoan.pk)) == {world.a_baoan.pk}
    world.a_baoan.supporting_units.set([world.baohp])
    assert world.a_baoan.pk in ids(staff.get("/assignments", unit=world.baohp.pk))
    assert ids(staff.get("/assignments", plan=world.plan.pk)) == everything
    assert ids(staff.get("/assignments", plan=999_999)) == set()
    # Due on or before the day; regular tasks (no due date) are left out.
    past = timezone.localdate() - dt.timedelta(days=30)
    assert ids(staff.get("/assignments", due_before=past.isoformat())) == (
        states["completed_on_time"] | states["completed_late"] | {min(states["overdue"])})
    assert staff.get("/assignments", due_before="31/12/2030").status_code == 422


def test_list_query_count_is_bounded(world, api_as, states, django_assert_max_num_queries):
    staff = api_as("staff")
    for assignment in Assignment.objects.all():
        assignment.supporting_units.set([world.press_office, world.lechan_office])
    # token (2) + scope (1) + count + page keys + rows + supporting units
    with django_assert_max_num_queries(7):
        assert len(staff.get("/assignments").json()["items"]) == 7
    with django_assert_max_num_queries(7):
        assert len(staff.get("/assignments", status="overdue").json()["items"]) == 2


# --- completing ----------------------------------------------------------------------------------
def test_lead_unit_completes_with_a_note(world, api_as):
    response = api_as("alice").post(f"/assignments/{world.a_baohp.pk}/complete",
                                    {"note": "  Đã đăng 12 tin bài  "})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "completed_on_time"
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is not None
    assert world.a_baohp.completion_note == "Đã đăng 12 tin bài"
    assert world.a_baohp.history.first().history_user == world.alice


def test_complete_without_a_body(world, api_as):
    response = api_as("alice").post(f"/assignments/{world.a_baohp.pk}/complete")
    assert response.status_code == 200, response.content
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is not None and world.a_baohp.completion_note == ""


def test_a_task_without_activity_needs_a_note(world, api_as):
    """The same rule as on the page (loa.plans.completion): nothing recorded, nothing said →
    422 and nothing changed; a withdrawn activity does not count."""
    from loa.plans import activities

    activities.withdraw(world.alice, world.act_baohp, "Ghi nhầm")
    alice = api_as("alice")
    refused = alice.post(f"/assignments/{world.a_baohp.pk}/complete", {})
    assert refused.status_code == 422 and "completion_note" in refused.json()["errors"]
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is None
    done = alice.post(f"/assignments/{world.a_baohp.pk}/complete", {"note": "Đã họp báo"})
    assert done.status_code == 200


def test_completing_twice_is_409_and_keeps_the_first_time(world, api_as):
    alice = api_as("alice")
    assert alice.post(f"/assignments/{world.a_baohp.pk}/complete", {}).status_code == 200
    world.a_baohp.refresh_from_db()
    first = world.a_baohp.completed_at
    response = alice.post(f"/assignments/{world.a_baohp.pk}/complete", {"note": "lại"})
    assert response.status_code == 409
    assert "already" in response.json()["detail"]
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at == first and world.a_baohp.completion_note == ""


def test_department_staff_complete_any_assignment(world, api_as):
    assert api_as("staff").post(f"/assignments/{world.a_baoan.pk}/complete").status_code == 200


def test_supporting_unit_may_not_complete_the_leads_task(world, api_as):
    """Same rule as the assignment page (completable_by): a supporting unit sees and records
    activities for the assignment, but only the lead unit declares it complete."""
    world.a_baohp.supporting_units.set([world.baoan])
    client = api_as("bob")
    assert client.get(f"/assignments/{world.a_baohp.pk}").status_code == 200
    assert client.post(f"/assignments/{world.a_baohp.pk}/complete").status_code == 404
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is None


@pytest.mark.parametrize("who", ["viewer", "inspector"])
def test_read_only_roles_cannot_complete(world, api_as, who):
    client = api_as(who)
    assert client.get(f"/assignments/{world.a_baohp.pk}").status_code == 200
    assert client.post(f"/assignments/{world.a_baohp.pk}/complete").status_code == 404
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is None
