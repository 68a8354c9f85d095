"""GET /units: the unit directory (ids for clients)."""


from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from loa.org.access import Scope
from loa.org.models import Unit, UnitKind

from ..pagination import LimitOffset
from ..schemas import Day, Id, UnitOut
from .common import READ_ERRORS

router = Router(tags=["units"])


class UnitFilters(Schema):
    kind: UnitKind | None = None
    parent: Id | None = Field(None, description="Id of the parent unit (direct children).")
    name: str | None = Field(
        None, max_length=255,
        description="Name, short name or alias, ignoring case and accents (\"Báo HP\").")
    valid_on: Day | None = Field(None, description="Only units that existed on this day.")


@router.get("", response={200: list[UnitOut], **READ_ERRORS}, summary="Unit directory")
@paginate(LimitOffset)
def list_units(request, filters: Query[UnitFilters]):
    """The units you see (all of them for the department; your unit and the units below it
    otherwise), in tree order."""
    units = Scope.of(request.auth).units().prefetch_related("aliases")
    if filters.kind:
        units = units.filter(kind=filters.kind)
    if filters.parent is not None:
        units = units.filter(parent_id=filters.parent)
    if filters.name:
        units = units.filter(pk__in=Unit.objects.matching(filters.name).values("pk"))
    if filters.valid_on:
        units = units.valid_on(filters.valid_on)
    return units
