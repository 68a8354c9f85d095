import datetime as dt

from django.urls import reverse

from loa.plans.models import Assignment, Plan, PlanStatus
from loa.plans.status import State


def test_it_checks_access(world, client, as_user):
    assert client.get(reverse("home")).status_code == 302
    # Unit roles have no department home: they go to their unit.
    for user in (world.alice, world.bob, world.viewer, world.nobody):
        client.logout()
        response = as_user(user).get(reverse("home"))
        assert response["Location"] == reverse("my_unit")


def test_department_home_lists_active_plans(world, as_user):
    Plan.objects.create(code="7/KH-STTTT", summary="Kế hoạch cũ", status=PlanStatus.CLOSED)
    response = as_user(world.staff).get(reverse("home"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "130/KH-STTTT" in page
    assert "Tuyên truyền thực hiện Quyết định số 628/QĐ-TTg" in page
    assert reverse("plan_dashboard", args=[world.plan.pk]) in page
    assert [p.code for p in response.context["active_plans"]] == ["130/KH-STTTT"]
    assert [p.code for p in response.context["other_plans"]] == ["7/KH-STTTT"]
    plan = response.context["active_plans"][0]
    assert plan.figures["assignments"] == 2 and plan.figures["activities"] == 2
    assert plan.figures["overdue"] == 0


def test_home_shows_totals_and_overdue_per_plan(world, as_user):
    """A department head reads each plan's totals and its overdue count on the home page."""
    Assignment.fan_out(item=world.item, units=[world.baoan], task="Đăng bài",
                               due_date=dt.date(2020, 10, 1))
    Assignment.fan_out(item=world.item, units=[world.baohp], task="Phát sóng", is_regular=True,
                       reporting_period="month")  # nothing recorded last month: overdue
    other = Plan.objects.create(code="9/KH-STTTT", summary="Kế hoạch khác",
                                status=PlanStatus.ACTIVE)
    response = as_user(world.staff).get(reverse("home"))
    plans = {p.code: p.figures for p in response.context["active_plans"]}
    assert plans["130/KH-STTTT"]["assignments"] == 4
    assert plans["130/KH-STTTT"]["overdue"] == 2
    assert dict(plans["130/KH-STTTT"]["totals"])[State.IN_PROGRESS] == 2
    assert plans["9/KH-STTTT"] == {"totals": [(s, 0) for s in State], "assignments": 0,
                                   "overdue": 0, "activities": 0}
    page = response.content.decode()
    start = page.index(f'data-plan="{world.plan.pk}"')  # the plan's card, up to the next one
    after = page.find('data-plan="', start + 1)
    card = page[start:after if after > 0 else len(page)]
    assert f'data-plan="{other.pk}"' in page
    assert 'data-figure="overdue">2<' in card
    assert 'data-figure="assignments">4<' in card
    assert 'data-figure="activities">2<' in card
    assert "Quá hạn" in card


def test_inspector_sees_home_too(world, as_user):
    assert "130/KH-STTTT" in as_user(world.inspector).get(reverse("home")).content.decode()


def test_navigation_depends_on_role(world, client, as_user):
    staff_page = as_user(world.staff).get(reverse("home")).content.decode()
    assert reverse("activity_import") in staff_page
    assert f'href="{reverse("my_unit")}"' not in staff_page
    client.logout()
    viewer_page = as_user(world.viewer).get(reverse("my_unit")).content.decode()
    assert f'href="{reverse("my_unit")}"' in viewer_page
    assert f'href="{reverse("home")}"' not in viewer_page
    assert reverse("activity_import") not in viewer_page  # viewers change nothing
    assert reverse("unit_directory") in viewer_page
