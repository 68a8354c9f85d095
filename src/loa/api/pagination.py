"""Every list answers ``{"count", "limit", "offset", "items"}`` pages of at most MAX_LIMIT rows."""

from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.pagination import PaginationBase

DEFAULT_LIMIT = 100
MAX_LIMIT = 500


class LimitOffset(PaginationBase):
    class Input(Schema):
        limit: int = Field(DEFAULT_LIMIT, ge=1, description=(
            f"Rows per page (default {DEFAULT_LIMIT}); more than {MAX_LIMIT} is reduced to "
            f"{MAX_LIMIT}."))
        offset: int = Field(0, ge=0, description="Rows to skip.")

    class Output(Schema):
        count: int = Field(description="Rows matching the filters, on all pages.")
        limit: int
        offset: int
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        limit = min(pagination.limit, MAX_LIMIT)
        offset = pagination.offset
        if not isinstance(queryset, QuerySet):  # already a list (e.g. filtered in Python)
            items = list(queryset)
            return {"count": len(items), "limit": limit, "offset": offset,
                    "items": items[offset:offset + limit]}
        count = queryset.count()
        return {"count": count, "limit": limit, "offset": offset,
                "items": page_of(queryset, offset, limit) if offset < count else []}


def page_of(queryset, offset, limit):
    """The rows of one page, in two steps: the page's primary keys (sorting only narrow rows:
    ordering 200,000 rows with their joined columns takes SQLite ten times longer), then those
    rows with their joins and prefetches."""
    pks = list(queryset.values_list("pk", flat=True)[offset:offset + limit])
    rows = {row.pk: row for row in queryset.filter(pk__in=pks).order_by()}
    return [rows[pk] for pk in pks if pk in rows]
