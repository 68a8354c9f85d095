"""The one writer of activities: every source of an activity — the form, the API, the spreadsheet
import, the demo, and later monitoring, broadcast logs and false-information cases — records,
changes and withdraws activities through these functions, so the rules live in one place:

* who may record: one rule, :meth:`loa.org.access.Scope.can_record_for_unit` (whoever may
  change the unit, and an inspector for the inspectorate's own tasks): the assignment must be
  one of an active plan the person records for (``Assignment.objects.recordable_by``), and the
  activity is recorded under the lead unit or a supporting unit they may report for
  (:meth:`Assignment.units_reporting_for`); the same rule decides who may correct or withdraw
  an activity. :data:`SYSTEM` records as Loa itself (the demo, publications monitoring
  recognised) and skips that check;
* withdrawing, not deleting: an activity recorded by mistake is withdrawn with a reason
  (:func:`withdraw`); it no longer counts (``Activity.objects`` leaves it out of every state,
  dashboard and export) and the department still sees it, with who withdrew it, when and why;
* what a valid activity is: the model's field limits and :meth:`Activity.clean` (airtime for a
  broadcast, no future date, a theme of the same plan), and no second copy of an activity
  already recorded or recorded in the same batch (same unit, assignment, title, date and
  channel: a supporting unit may record its own copy of a joint publication);
* the audit: every write leaves a historical record with the person (django-simple-history),
  bulk writes included.

Errors are :class:`django.core.exceptions.ValidationError` with messages per field (forms show
them beside the fields, the API answers 422); :func:`problems` checks many activities with a
fixed number of queries, for imports that report every row.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from loa.org.access import Scope
from loa.vitext import fold

from .models import Activity, Assignment

#: The person an activity is recorded by when Loa records it itself.
SYSTEM = object()

#: The fields a person gives (the rest comes from the assignment and the writer).
FIELDS = ("channel", "title", "published_on", "url", "evidence", "airtime_minutes", "reach",
          "theme", "theme_id", "note")
#: Relations the writer sets itself: not looked up again row by row.
_SET_BY_WRITER = ["assignment", "plan", "unit", "created_by", "theme"]


def build(user, assignment: Assignment | None, *, source: str, unit: int | None = None,
          **fields) -> Activity:
    """An unsaved activity of ``assignment`` recorded by ``user`` (or :data:`SYSTEM`), under
    ``unit`` (a unit id) if given, else under the unit the person reports for: the lead unit,
    or their own unit when it only supports the assignment. Raises ValidationError when the
    person may not record under that unit.

    Without an assignment (an import row that names none) the activity is a draft that
    :func:`problems` can check but nothing records."""
    _check_fields(fields)
    if assignment is None:
        return _stripped(Activity(source=source, created_by=_person(user), **fields))
    if user is SYSTEM:
        unit_id = unit or assignment.lead_unit_id
    elif unit is None:
        unit_id = assignment.reporting_unit_id(user)
    elif unit in assignment.units_reporting_for(user):
        unit_id = unit
    else:
        unit_id = None
    if unit_id is None:
        raise ValidationError({"unit": _(
            "Choose the lead unit or a supporting unit of this assignment that you may report "
            "for.")})
    return _stripped(Activity(
        assignment=assignment, plan_id=assignment.plan_id, unit_id=unit_id, source=source,
        created_by=_person(user), **fields))


def _check_fields(fields: dict) -> None:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"not fields of an activity: {', '.join(sorted(unknown))}")


def _person(user):
    """The account an activity is recorded by: None for Loa itself."""
    return None if user is SYSTEM else user


def _stripped(activity: Activity) -> Activity:
    for name in ("title", "note", "url"):
        setattr(activity, name, (getattr(activity, name) or "").strip())
    return activity


def problems(activities: list[Activity]) -> list[ValidationError | None]:
    """For each activity, what is wrong with it (a ValidationError with messages per field) or
    None: :func:`rule_problems`, then :func:`duplicate_problems` for those that keep the rules."""
    found = rule_problems(activities)
    keep = [index for index, error in enumerate(found) if error is None]
    for index, error in zip(keep, duplicate_problems([activities[i] for i in keep])):
        found[index] = error
    return found


def rule_problems(activities: list[Activity]) -> list[ValidationError | None]:
    """The model's rules (field limits and :meth:`Activity.clean`) for each activity."""
    return [_model_errors(activity) for activity in activities]


def duplicate_problems(activities: list[Activity]) -> list[ValidationError | None]:
    """Second copies: of a recorded activity (code ``duplicate``; one query for all) or of an
    earlier activity of the list (code ``duplicate_in_batch``, params ``index``)."""
    recorded = _recorded_keys(activities)
    first: dict[tuple, int] = {}
    found: list[ValidationError | None] = []
    for index, activity in enumerate(activities):
        key = duplicate_key(activity)
        if key in recorded and recorded[key] != activity.pk:
            found.append(_whole(ValidationError(
                _("This activity is already recorded (same unit, assignment, title, date and "
                  "channel)."), code="duplicate")))
        elif key in first:
            found.append(_whole(ValidationError(
                _("Same activity as an earlier one of the same batch (same unit, assignment, "
                  "title, date and channel)."), code="duplicate_in_batch",
                params={"index": first[key]})))
        else:
            first[key] = index
            found.append(None)
    return found


def _whole(error: ValidationError) -> ValidationError:
    """An error about the whole activity, keyed like the model's errors (``__all__``)."""
    return ValidationError({NON_FIELD_ERRORS: [error]})


def _model_errors(activity: Activity) -> ValidationError | None:
    try:
        activity.full_clean(exclude=_SET_BY_WRITER, validate_unique=False)
    except ValidationError as error:
        return error
    return None


def duplicate_key(activity: Activity) -> tuple:
    """What makes two activities the same: unit, assignment, title (accent- and case-folded),
    date and channel."""
    return (activity.unit_id, activity.assignment_id, fold(activity.title or ""),
            activity.published_on, activity.channel)


def _recorded_keys(activities: list[Activity]) -> dict[tuple, int]:
    """The duplicate keys of recorded activities that could equal one of ``activities``."""
    dated = [a for a in activities if a.assignment_id and a.published_on]
    if not dated:
        return {}
    rows = Activity.objects.filter(
        assignment_id__in={a.assignment_id for a in dated},
        published_on__gte=min(a.published_on for a in dated),
        published_on__lte=max(a.published_on for a in dated),
    ).values_list("pk", "unit_id", "assignment_id", "title", "published_on", "channel")
    return {(unit, assignment, fold(title), day, channel): pk
            for pk, unit, assignment, title, day, channel in rows.iterator(chunk_size=2000)}


def _raise_for(activity: Activity) -> None:
    (error,) = problems([activity])
    if error is not None:
        raise error


def _check_may_record(user, activities: list[Activity]) -> None:
    """The assignments are still the person's, in a plan that is not closed or a draft, and
    each unit one they may change (checked again inside the transaction that saves)."""
    if user is SYSTEM:
        return
    ids = {a.assignment_id for a in activities}
    allowed = set(Assignment.objects.recordable_by(user).filter(pk__in=ids)
                  .values_list("pk", flat=True))
    scope = Scope.of(user)
    if ids - allowed or not all(scope.can_record_for_unit(a.unit_id) for a in activities):
        raise ValidationError(_("You may not record activities for this assignment (it is not "
                                "one of your unit's, or its plan is not active)."),
                              code="not_allowed")


def may_change(user, activity: Activity) -> bool:
    """Whether ``user`` may correct or withdraw ``activity``: one of a unit they record for, in
    an active plan, and not withdrawn already."""
    return user is SYSTEM or Activity.objects.recordable_by(user).filter(pk=activity.pk).exists()


def _check_may_change(user, activity: Activity, refusal: str) -> None:
    if not may_change(user, activity):
        raise ValidationError(refusal, code="not_allowed")


def _audit(activity: Activity, user) -> None:
    activity._history_user = _person(user)


# --- writing --------------------------------------------------------------------------------------
def record(user, assignment: Assignment, *, source: str, unit: int | None = None,
           **fields) -> Activity:
    """Record one activity; returns it saved. Raises ValidationError and saves nothing when the
    person may not record it or it breaks a rule."""
    activity = build(user, assignment, source=source, unit=unit, **fields)
    with transaction.atomic():
        _check_may_record(user, [activity])
        _raise_for(activity)
        _audit(activity, user)
        activity.save()
    return activity


def record_many(user, activities: list[Activity]) -> list[Activity]:
    """Record activities built with :func:`build` in one transaction: all or none. Access and
    duplicates are checked again (another import may have recorded the same meanwhile);
    raises ValidationError (the first problem) and saves nothing."""
    if not activities:
        return []
    with transaction.atomic():
        _check_may_record(user, activities)
        for error in problems(activities):
            if error is not None:
                raise error
        for activity in activities:
            if activity.evidence:
                raise ValueError("record_many() does not store evidence files; use record()")
            activity.pk = None
        return bulk_create_with_history(
            activities, Activity, batch_size=500, default_user=_person(user))


def change(user, activity: Activity, **fields) -> Activity:
    """Change what an activity says (not its assignment or unit). Only someone who may change
    its unit may; raises ValidationError and changes nothing when a rule is broken."""
    _check_fields(fields)
    with transaction.atomic():
        _check_may_change(user, activity, _("You may not change this activity."))
        for name, value in fields.items():
            setattr(activity, name, value)
        _raise_for(_stripped(activity))
        _audit(activity, user)
        activity.save()
    return activity


def withdraw(user, activity: Activity, reason: str) -> Activity:
    """Withdraw an activity recorded by mistake, giving the reason: it stops counting (states,
    dashboards, exports, duplicates) but is kept, and the department sees who withdrew it,
    when and why. Only someone who may correct it may; raises ValidationError (``reason``
    when none is given) and changes nothing otherwise."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the activity is withdrawn.")},
                              code="required")
    if len(reason) > 2000:
        raise ValidationError({"reason": _("The reason may be at most 2000 characters.")},
                              code="max_length")
    with transaction.atomic():
        _check_may_change(user, activity, _("You may not withdraw this activity."))
        activity.withdrawn_at = timezone.now()
        activity.withdrawn_by = _person(user)
        activity.withdrawal_reason = reason
        _audit(activity, user)
        activity.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    return activity
