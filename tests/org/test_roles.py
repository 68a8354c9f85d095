"""Roles open (or close) Django's administration pages, following the memberships."""

from django.urls import reverse

from loa.org.models import Membership, Role
from loa.org.roles import PLAN_EDITORS_GROUP


def test_department_staff_maintain_plans_in_the_back_office(world, client):
    staff = type(world.staff).objects.get(pk=world.staff.pk)
    assert staff.is_staff
    assert staff.has_perm("plans.add_plan") and staff.has_perm("plans.change_assignment")
    assert not staff.has_perm("plans.delete_plan")  # plans are closed, never deleted
    assert not staff.has_perm("auth.change_user")
    client.force_login(staff)
    assert client.get(reverse("admin:plans_plan_add")).status_code == 200
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 403


def test_other_roles_stay_out(world, client):
    for user in (world.alice, world.inspector, world.viewer):
        user = type(user).objects.get(pk=user.pk)
        assert not user.is_staff and not user.has_perm("plans.view_plan")
    client.force_login(world.alice)
    response = client.get(reverse("admin:plans_plan_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_losing_the_role_closes_the_back_office(world):
    Membership.objects.filter(user=world.staff, role=Role.DEPARTMENT_STAFF).delete()
    staff = type(world.staff).objects.get(pk=world.staff.pk)
    assert not staff.is_staff
    assert not staff.groups.filter(name=PLAN_EDITORS_GROUP).exists()
