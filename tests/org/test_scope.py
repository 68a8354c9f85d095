"""The shared access mechanism: who sees which units and rows."""

import pytest

from loa.org.access import Scope
from loa.org.models import Unit
from loa.plans.models import Activity, Assignment, Plan


def test_unit_officer_sees_own_unit_only(world):
    scope = Scope.of(world.alice)
    assert not scope.sees_all
    assert scope.unit_ids == {world.baohp.pk}
    assert list(Activity.objects.visible_to(world.alice)) == [world.act_baohp]
    assert list(Assignment.objects.visible_to(world.alice)) == [world.a_baohp]
    assert list(Assignment.objects.editable_by(world.alice)) == [world.a_baohp]
    assert list(Activity.objects.visible_to(world.bob)) == [world.act_baoan]


def test_district_officer_sees_its_subtree(world):
    ids = set(Scope.of(world.district).units().values_list("pk", flat=True))
    assert ids == {world.lechan.pk, world.lechan_office.pk, world.commune.pk}


@pytest.mark.parametrize("who", ["staff", "inspector"])
def test_department_roles_see_everything(world, who):
    user = getattr(world, who)
    assert Activity.objects.visible_to(user).count() == 2
    assert Plan.objects.visible_to(user).count() == 1


def test_read_only_roles_change_nothing(world):
    assert Activity.objects.visible_to(world.viewer).count() == 1
    assert not Assignment.objects.editable_by(world.viewer).exists()
    assert not Assignment.objects.editable_by(world.inspector).exists()
    assert Assignment.objects.editable_by(world.staff).count() == 2


def test_person_without_unit_sees_nothing(world):
    assert not Activity.objects.visible_to(world.nobody).exists()
    assert not Plan.objects.visible_to(world.nobody).exists()
    assert not Scope.of(world.nobody).units().exists()


def test_supporting_unit_sees_assignment_once(world):
    world.a_baoan.supporting_units.add(world.baohp, world.city)
    visible = list(Assignment.objects.visible_to(world.alice))
    assert sorted(a.pk for a in visible) == sorted([world.a_baohp.pk, world.a_baoan.pk])


def test_draft_plans_are_hidden_from_units(world):
    world.plan.status = "draft"
    world.plan.save()
    assert not Plan.objects.visible_to(world.alice).exists()
    assert Plan.objects.visible_to(world.staff).exists()


def test_unit_path_and_matching(world):
    assert world.commune.path.startswith(world.lechan.path)
    assert list(Unit.objects.matching("bao hp")) == [world.baohp]
    assert list(Unit.objects.matching("BÁO HẢI PHÒNG")) == [world.baohp]
    moved = world.lechan_office
    moved.parent = world.dept
    moved.save()
    assert Unit.objects.get(pk=moved.pk).path.startswith(world.dept.path)


def test_units_see_no_assignment_of_a_draft_plan(world):
    world.plan.status = "draft"
    world.plan.save()
    assert not Assignment.objects.visible_to(world.alice).exists()
    assert not Assignment.objects.editable_by(world.alice).exists()
    assert Assignment.objects.visible_to(world.staff).count() == 2


def test_only_the_lead_unit_completes_an_assignment(world):
    world.a_baoan.supporting_units.add(world.baohp)
    assert set(Assignment.objects.editable_by(world.alice)) == {world.a_baohp, world.a_baoan}
    assert list(Assignment.objects.completable_by(world.alice)) == [world.a_baohp]
    assert Assignment.objects.completable_by(world.staff).count() == 2
    assert not Assignment.objects.completable_by(world.viewer).exists()


def test_editing_rights_follow_the_role_of_each_membership(world):
    from loa.org.models import Membership, Role

    Membership.objects.create(user=world.alice, unit=world.lechan, role=Role.VIEWER)
    world.alice = type(world.alice).objects.get(pk=world.alice.pk)  # drop the cached scope
    scope = Scope.of(world.alice)
    assert world.commune.pk in scope.unit_ids
    assert scope.editable_unit_ids == {world.baohp.pk}
