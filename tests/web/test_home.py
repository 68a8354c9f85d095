from django.urls import reverse

from loa.plans.models import Plan, PlanStatus


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
    assert (plan.assignment_count, plan.activity_count) == (2, 2)


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
