"""Declaring an assignment completed, and taking that back: the rules the assignment page and
the API share.

Only the lead unit's people (and the department) may do either (``completable_by``). Declaring
a task done changes its state, so the page shows what it becomes first (:func:`state_after`).
A task with no activity recorded may be declared done only with a completion report saying
what was done: nothing else shows the work. Reopening (a completion declared by mistake) clears
the completion; both are audited like every change of an assignment (who, when, what).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Assignment
from .status import State

NOTE_LIMIT = 5000


def state_after(assignment: Assignment, now=None) -> State:
    """The state the assignment would have if it were declared completed ``now``."""
    now = now or timezone.now()
    before = assignment.completed_at
    assignment.completed_at = now
    try:
        return assignment.status(now)
    finally:
        assignment.completed_at = before


def complete(user, assignment: Assignment, note: str = "") -> Assignment:
    """Declare ``assignment`` completed now, with an optional completion report (required when
    no activity is recorded for it). Raises ValidationError and changes nothing when it is not
    the person's to complete, is completed already or lacks the report it needs."""
    note = (note or "").strip()
    if len(note) > NOTE_LIMIT:
        raise ValidationError({"completion_note": _(
            "The completion report may be at most %(limit)s characters.") % {
            "limit": NOTE_LIMIT}})
    with transaction.atomic():
        current = _locked(user, assignment)
        if current.completed_at is not None:
            raise ValidationError(_("This assignment was already marked as completed."),
                                  code="completed")
        if not note and not current.activities.exists():
            raise ValidationError({"completion_note": _(
                "No activity is recorded for this task: say in the completion report what was "
                "done.")}, code="no_activity")
        current.completed_at = timezone.now()
        current.completion_note = note
        current._history_user = user
        current.save(update_fields=["completed_at", "completion_note"])
    return current


def reopen(user, assignment: Assignment) -> Assignment:
    """Take back a completion declared by mistake: the task is open again and its state is
    computed as before. Raises ValidationError when it is not the person's or not completed."""
    with transaction.atomic():
        current = _locked(user, assignment)
        if current.completed_at is None:
            raise ValidationError(_("This assignment is not marked as completed."),
                                  code="not_completed")
        current.completed_at = None
        current.completion_note = ""
        current._history_user = user
        current.save(update_fields=["completed_at", "completion_note"])
    return current


def _locked(user, assignment: Assignment) -> Assignment:
    current = (Assignment.objects.completable_by(user).order_by().select_for_update()
               .filter(pk=assignment.pk).first())
    if current is None:
        raise ValidationError(_("You may not declare this assignment completed."),
                              code="not_allowed")
    return current
