"""Reading django-simple-history's records as people read a change log: only the saves that
changed something, each changed value shown as a person would write it (a unit's name rather
than its id, "Báo chí, Cổng TTĐT" rather than ``["press", "e_portal"]``, dd/mm/yyyy dates).

Used by Loa's own history list (:func:`loa.plans.dashboard.change_history`) and by the
administration pages (:class:`HistoryAdmin`)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from loa.vocab import channels as channel_vocab

from .models import UnitKind

# JSON list fields whose items are codes of a known vocabulary.
CODE_LISTS = {
    "channels": lambda code: (_(channel_vocab.channel(code).name_en)
                              if code in channel_vocab.CODES else code),
    "kinds": lambda code: UnitKind(code).label if code in UnitKind.values else code,
}


def m2m_ids(field_obj, value) -> list:
    """simple-history gives a many-to-many value as the through rows: [{"unit": 5, ...}]."""
    key = field_obj.m2m_reverse_field_name()
    return [row[key] for row in value or []]


def related_objects(model, changes) -> dict:
    """{(related model, pk): object} for every related id named in ``changes`` (one query per
    related model)."""
    wanted = defaultdict(set)
    for change in changes:
        field_obj = model._meta.get_field(change.field)
        if field_obj.many_to_many:
            for value in (change.old, change.new):
                wanted[field_obj.related_model].update(
                    v for v in m2m_ids(field_obj, value) if not hasattr(v, "pk"))
        elif field_obj.is_relation:
            wanted[field_obj.related_model].update(
                v for v in (change.old, change.new) if v and not hasattr(v, "pk"))
    related = {}
    for related_model, ids in wanted.items():
        for pk, obj in related_model._default_manager.in_bulk(ids).items():
            related[(related_model, pk)] = obj
    return related


def display_value(field_obj, value, related=None) -> str:
    """One field's value as a person would write it ("—" for nothing)."""
    related = related or {}
    if value is None or value == "" or value == []:
        return "—"
    if field_obj.many_to_many:
        names = [str(pk if hasattr(pk, "pk") else related.get((field_obj.related_model, pk), pk))
                 for pk in m2m_ids(field_obj, value)]
        return ", ".join(sorted(names))
    if field_obj.name in CODE_LISTS and isinstance(value, list):
        return ", ".join(str(CODE_LISTS[field_obj.name](v)) for v in value)
    if field_obj.is_relation:
        if hasattr(value, "pk"):
            return str(value)
        return str(related.get((field_obj.related_model, value), value))
    if field_obj.choices:
        return str(dict(field_obj.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return str(value)


def changes_between(record, previous) -> list:
    """The fields ``record`` changed since ``previous`` (none for a creation or deletion)."""
    if previous is None or record.history_type != "~":
        return []
    return record.diff_against(previous).changes


def unchanged_ids(records) -> list:
    """History ids of the saves that changed nothing (``records`` oldest first)."""
    empty, previous = [], None
    for record in records:
        if previous is not None and record.history_type == "~" \
                and not changes_between(record, previous):
            empty.append(record.history_id)
        previous = record
    return empty


class _ReadableChanges(HistoricalRecordContextHelper):
    def context_for_delta_changes(self, delta):
        related = related_objects(self.model, delta.changes)
        rows = []
        for change in delta.changes:
            field_obj = self.model._meta.get_field(change.field)
            label = str(field_obj.verbose_name)
            rows.append({"field": label[:1].upper() + label[1:],
                         "old": display_value(field_obj, change.old, related),
                         "new": display_value(field_obj, change.new, related)})
        return rows


class HistoryAdmin(SimpleHistoryAdmin):
    """The administration's change history, readable: saves that changed nothing are left out,
    each row says when, who and what (names, not ids), and links to that version by its date."""

    object_history_list_template = "admin/loa_history_list.html"

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        records = super().get_history_queryset(request, history_manager, pk_name, object_id)
        empty = unchanged_ids(records.order_by("history_date", "history_id"))
        return records.exclude(history_id__in=empty) if empty else records

    def get_historical_record_context_helper(self, request, historical_record):
        return _ReadableChanges(self.model, historical_record)
