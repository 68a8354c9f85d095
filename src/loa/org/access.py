"""The one mechanism that decides what a person may see and change.

Every page, API endpoint and export asks a :class:`Scope` (``Scope.of(user)``) or calls a
queryset's ``visible_to(user)`` / ``editable_by(user)`` (:class:`ScopedQuerySet`). Nothing filters
by unit on its own.

Rules:
- administrators, department staff and inspectors work for the whole department: they see all;
- a unit officer or viewer sees the units they belong to and everything below them in the tree
  (a district's officer sees its communes; a newspaper's officer sees the newspaper only); a
  district's culture-information office oversees its whole district (it sees, but changes only
  what lies under its own unit);
- administrators, department staff and unit officers may change what they see; viewers and
  inspectors only read campaign data;
- who may record work (activities, completing a task) is one rule, :meth:`Scope.can_record_for_unit`
  and ``recordable_by(user)``: whoever may change the unit, and also an inspector for the units
  they belong to (the inspectorate records the work of its own tasks, item 6.3 of the model plan,
  while it changes nothing else).
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from .models import EDITING_ROLES, GLOBAL_ROLES, Role, Unit, UnitKind


def overseen(unit):
    """The unit whose subtree a member of ``unit`` sees: the unit itself, except a district's
    culture-information office, which oversees its whole district (the district's and the
    communes' radio stations and offices)."""
    parent = unit.parent
    if (unit.kind == UnitKind.DISTRICT_CULTURE_OFFICE and parent is not None
            and parent.kind == UnitKind.DISTRICT):
        return parent
    return unit


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    roles: frozenset
    member_unit_ids: frozenset  # units the person belongs to
    unit_ids: frozenset  # member units and their subtrees (empty when sees_all)
    editable_unit_ids: frozenset
    sees_all: bool
    edits_all: bool
    #: units whose work the person records (editable units, and an inspector's own units)
    recording_unit_ids: frozenset = frozenset()

    @classmethod
    def of(cls, user) -> "Scope":
        """The scope of ``user``, computed once per request (cached on the user object)."""
        cached = getattr(user, "_loa_scope", None)
        if cached is not None:
            return cached
        scope = cls._compute(user)
        if user is not None:
            user._loa_scope = scope
        return scope

    @classmethod
    def _compute(cls, user) -> "Scope":
        if user is None or not user.is_authenticated or not user.is_active:
            return cls(None, frozenset(), frozenset(), frozenset(), frozenset(), False, False)
        memberships = list(user.memberships.select_related("unit__parent"))
        roles = frozenset(Role(m.role) for m in memberships)
        if user.is_superuser:
            roles |= {Role.ADMINISTRATOR}
        sees_all = bool(roles & GLOBAL_ROLES)
        edits_all = bool(roles & (GLOBAL_ROLES & EDITING_ROLES))
        member_ids = frozenset(m.unit_id for m in memberships)
        unit_ids, editable = frozenset(), frozenset()
        if not sees_all and memberships:
            # One query for the whole subtree; editing rights are the part of it that lies under
            # a membership with an editing role.
            rows = list(Unit.objects.subtree_of([overseen(m.unit) for m in memberships])
                        .values_list("pk", "path"))
            unit_ids = frozenset(pk for pk, _path in rows)
            editing = [m.unit.path for m in memberships if m.role in EDITING_ROLES]
            editable = frozenset(
                pk for pk, path in rows if any(path.startswith(prefix) for prefix in editing)
            )
        recording = editable | frozenset(
            m.unit_id for m in memberships if m.role == Role.INSPECTOR)
        return cls(user.pk, roles, member_ids, unit_ids, editable, sees_all, edits_all,
                   recording)

    # --- questions the interface asks ----------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    def has_role(self, *roles) -> bool:
        return bool(self.roles & set(roles))

    @property
    def is_department(self) -> bool:
        """Works for the department as a whole (plans, dashboards of every unit)."""
        return self.sees_all

    @property
    def can_edit(self) -> bool:
        return self.edits_all or bool(self.editable_unit_ids)

    def can_see_unit(self, unit_id) -> bool:
        return self.sees_all or unit_id in self.unit_ids

    def can_edit_unit(self, unit_id) -> bool:
        return self.edits_all or unit_id in self.editable_unit_ids

    @property
    def can_record(self) -> bool:
        """May record work for some unit (the activity form, the spreadsheet import)."""
        return self.edits_all or bool(self.recording_unit_ids)

    def can_record_for_unit(self, unit_id) -> bool:
        """May record, correct and withdraw the work of this unit."""
        return self.edits_all or unit_id in self.recording_unit_ids

    def units(self):
        """Units this person sees."""
        qs = Unit.objects.all()
        return qs if self.sees_all else qs.filter(pk__in=self.unit_ids)

    def member_units(self):
        return Unit.objects.filter(pk__in=self.member_unit_ids)


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows which unit owns each row.

    Subclasses set ``unit_fields``: the lookups (relative to the model) of the units whose people
    may see a row. A row is visible if any of them is in the person's scope.
    """

    unit_fields: tuple[str, ...] = ("unit",)

    def _unit_condition(self, unit_ids) -> Q:
        condition = Q(pk__in=[])
        for field in self.unit_fields:
            condition |= Q(**{f"{field}__in": unit_ids})
        return condition

    def _restrict(self, unit_ids):
        condition = self._unit_condition(unit_ids)
        # Several unit fields through a many-to-many relation can repeat a row: restrict by a
        # subquery of primary keys. The subquery starts from a fresh queryset so that it does not
        # copy this queryset's filters (an OuterRef among them would then point at the wrong
        # query: `Assignment.objects.filter(plan=OuterRef("pk")).visible_to(user)`).
        if any("__" in f or f.endswith("units") for f in self.unit_fields):
            return self.filter(pk__in=self.model._base_manager.filter(condition).values("pk"))
        return self.filter(condition)

    def visible_to(self, user):
        scope = Scope.of(user)
        if scope.sees_all:
            return self
        if not scope.unit_ids:
            return self.none()
        return self._restrict(scope.unit_ids)

    def editable_by(self, user):
        scope = Scope.of(user)
        if scope.edits_all:
            return self
        if not scope.editable_unit_ids:
            return self.none()
        return self._restrict(scope.editable_unit_ids)

    def recordable_by(self, user):
        """Rows whose work this person may record (:meth:`Scope.can_record_for_unit`)."""
        scope = Scope.of(user)
        if scope.edits_all:
            return self
        if not scope.recording_unit_ids:
            return self.none()
        return self._restrict(scope.recording_unit_ids)
