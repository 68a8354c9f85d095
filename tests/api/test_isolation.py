"""The two-team pattern for every endpoint: Bob (Báo An ninh) never sees or changes what belongs
to Alice (Báo Hải Phòng). Out-of-scope objects answer 404 exactly like missing ones, and lists
simply leave them out."""

import datetime as dt

import pytest

from loa.org.models import ApiToken
from loa.plans.models import Activity, Assignment, Channel, Plan, PlanItem, PlanStatus

from .conftest import ApiClient

MISSING = 999_999


@pytest.fixture
def solo_plan(world):
    """A second plan that assigns something to Báo Hải Phòng only."""
    plan = Plan.objects.create(code="12/KH-STTTT", summary="Kế hoạch riêng của Báo HP",
                               status=PlanStatus.ACTIVE, issued_on=dt.date(2021, 1, 5))
    item = PlanItem.objects.create(plan=plan, number="1", title="Báo Hải Phòng")
    (assignment,) = Assignment.fan_out(item=item, units=[world.baohp], task="Chuyên mục",
                                       channels=[Channel.PRESS], due_date=dt.date(2030, 1, 1))
    return plan


@pytest.fixture
def bob(world):
    return ApiClient(ApiToken.issue(world.bob, "bob")[1])


@pytest.fixture
def alice(world):
    return ApiClient(ApiToken.issue(world.alice, "alice")[1])


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["items"]}


def assert_same_as_missing(response, missing_response):
    assert response.status_code == 404
    assert response.json() == missing_response.json()


# --- detail endpoints: another unit's object is a 404 like a missing one -------------------------
@pytest.mark.parametrize("path", ["/plans/{solo}", "/assignments/{a_baohp}",
                                  "/activities/{act_baohp}"])
def test_detail_of_another_units_object_is_404(world, solo_plan, alice, bob, path):
    objects = {"solo": solo_plan.pk, "a_baohp": world.a_baohp.pk, "act_baohp": world.act_baohp.pk}
    own = path.format(**objects)
    assert alice.get(own).status_code == 200
    missing = path.format(**{key: MISSING for key in objects})
    assert_same_as_missing(bob.get(own), bob.get(missing))


# --- lists: another unit's objects are simply absent ---------------------------------------------
def test_plan_list_leaves_out_plans_of_other_units(world, solo_plan, alice, bob):
    assert ids(alice.get("/plans")) == {world.plan.pk, solo_plan.pk}
    assert ids(bob.get("/plans")) == {world.plan.pk}
    assert ids(bob.get("/plans", status="active")) == {world.plan.pk}


def test_assignment_list_leaves_out_other_units(world, solo_plan, alice, bob):
    alice_ids = ids(alice.get("/assignments"))
    assert world.a_baohp.pk in alice_ids and world.a_baoan.pk not in alice_ids
    assert ids(bob.get("/assignments")) == {world.a_baoan.pk}
    # Filtering on Alice's unit or plan does not reveal anything either.
    assert ids(bob.get("/assignments", unit=world.baohp.pk)) == set()
    assert ids(bob.get("/assignments", plan=solo_plan.pk)) == set()


def test_activity_list_leaves_out_other_units(world, alice, bob):
    assert ids(alice.get("/activities")) == {world.act_baohp.pk}
    assert ids(bob.get("/activities")) == {world.act_baoan.pk}
    assert ids(bob.get("/activities", unit=world.baohp.pk)) == set()
    assert ids(bob.get("/activities", assignment=world.a_baohp.pk)) == set()
    assert bob.get("/activities", unit=world.baohp.pk).json()["count"] == 0


def test_unit_directory_leaves_out_other_units(world, alice, bob):
    assert ids(alice.get("/units")) == {world.baohp.pk}
    assert ids(bob.get("/units")) == {world.baoan.pk}
    assert ids(bob.get("/units", name="Báo HP")) == set()


# --- writes: another unit's objects are 404 and stay unchanged -----------------------------------
def test_completing_another_units_assignment_is_404(world, alice, bob):
    response = bob.post(f"/assignments/{world.a_baohp.pk}/complete", {"note": "xong"})
    assert_same_as_missing(response, bob.post(f"/assignments/{MISSING}/complete", {}))
    world.a_baohp.refresh_from_db()
    assert world.a_baohp.completed_at is None
    assert alice.post(f"/assignments/{world.a_baohp.pk}/complete", {}).status_code == 200


def test_recording_for_another_units_assignment_is_404(world, bob):
    payload = {"assignment": world.a_baohp.pk, "channel": "press", "title": "Bài lạ",
               "published_on": "2024-01-02"}
    response = bob.post("/activities", payload)
    assert_same_as_missing(response, bob.post("/activities", {**payload, "assignment": MISSING}))
    assert not Activity.objects.filter(title="Bài lạ").exists()


def test_deleting_another_units_activity_is_404(world, alice, bob):
    response = bob.delete(f"/activities/{world.act_baohp.pk}")
    assert_same_as_missing(response, bob.delete(f"/activities/{MISSING}"))
    assert Activity.objects.filter(pk=world.act_baohp.pk).exists()
    assert alice.delete(f"/activities/{world.act_baohp.pk}?reason=sai").status_code == 204
    assert not Activity.objects.filter(pk=world.act_baohp.pk).exists()


# --- people outside any unit, and other branches of the tree -------------------------------------
@pytest.mark.parametrize("who", ["nobody", "district"])
def test_people_of_other_branches_see_none_of_the_newspapers(world, solo_plan, who):
    client = ApiClient(ApiToken.issue(getattr(world, who), who)[1])
    for path in ["/plans", "/assignments", "/activities"]:
        assert ids(client.get(path)) == set(), path
    for path in [f"/plans/{world.plan.pk}", f"/assignments/{world.a_baohp.pk}",
                 f"/activities/{world.act_baohp.pk}"]:
        assert client.get(path).status_code == 404, path
    units = ids(client.get("/units"))
    assert world.baohp.pk not in units and world.baoan.pk not in units


def test_department_staff_see_both_units(world, solo_plan):
    staff = ApiClient(ApiToken.issue(world.staff, "staff")[1])
    assert ids(staff.get("/activities")) == {world.act_baohp.pk, world.act_baoan.pk}
    assert {world.a_baohp.pk, world.a_baoan.pk} <= ids(staff.get("/assignments"))
    assert ids(staff.get("/plans")) == {world.plan.pk, solo_plan.pk}
