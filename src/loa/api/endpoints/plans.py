"""GET /plans, GET /plans/{plan_id}."""

from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from loa.plans.models import Plan, PlanStatus

from ..pagination import LimitOffset
from ..schemas import Id, PlanDetail, PlanSummary
from .common import READ_ERRORS

router = Router(tags=["plans"])


class PlanFilters(Schema):
    status: PlanStatus | None = Field(None, description="draft, active or closed.")


@router.get("", response={200: list[PlanSummary], **READ_ERRORS}, summary="List plans")
@paginate(LimitOffset)
def list_plans(request, filters: Query[PlanFilters]):
    """The plans you see: every plan for the department; for a unit, the plans (never drafts)
    that assign it something. Newest first."""
    plans = Plan.objects.visible_to(request.auth)
    if filters.status:
        plans = plans.filter(status=filters.status)
    return plans


@router.get("/{plan_id}", response={200: PlanDetail, **READ_ERRORS}, summary="Plan detail")
def get_plan(request, plan_id: Id):
    """A plan's Decree 30 metadata, the documents it refers to, its themes and its items."""
    plans = (Plan.objects.visible_to(request.auth).select_related("issuer")
             .prefetch_related("references", "themes", "items"))
    return get_object_or_404(plans, pk=plan_id)
