"""Request and response shapes of the JSON API (dates ISO 8601, enums as the models' values)."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated

from django.urls import reverse
from ninja import Field, Schema
from pydantic import BeforeValidator, WithJsonSchema

from loa.org.models import UnitKind
from loa.plans.models import ActivitySource, Channel, PlanStatus, ReportingPeriod
from loa.plans.status import State


def _iso_day(value):
    """A day as the schema documents it, ``YYYY-MM-DD``: not a number of seconds since 1970 nor
    a date and time, which pydantic would otherwise take (``?due_before=0`` as 1 January 1970)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return value
    raise ValueError("Input should be a date in the form YYYY-MM-DD")


#: The ids of Loa's rows are positive 64-bit integers (BigAutoField): a larger number in a request
#: is refused with 422 before it reaches the database, which could not compare with it.
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

#: A day in requests (query parameters and bodies).
Day = Annotated[dt.date, BeforeValidator(_iso_day)]


class Message(Schema):
    detail: str


class ValidationMessage(Schema):
    detail: str
    errors: dict[str, list[str]] = Field(
        description="Messages per field; '__all__' for what concerns no single field."
    )


# --- units ---------------------------------------------------------------------------------------
class UnitRef(Schema):
    id: int
    name: str
    short_name: str


class UnitOut(Schema):
    id: int
    name: str
    short_name: str
    kind: UnitKind
    code: str
    parent: int | None = Field(None, alias="parent_id")
    valid_from: dt.date | None
    valid_to: dt.date | None
    aliases: list[str]

    @staticmethod
    def resolve_aliases(obj):
        return [alias.name for alias in obj.aliases.all()]


# --- plans ---------------------------------------------------------------------------------------
class PlanSummary(Schema):
    id: int
    code: str
    doc_type: str
    issuer_name: str
    issued_on: dt.date | None
    summary: str
    status: PlanStatus
    starts_on: dt.date | None
    ends_on: dt.date | None


class PlanReferenceOut(Schema):
    code: str
    doc_type: str
    issued_on: dt.date | None
    issuer: str
    title: str
    is_legal_basis: bool


class ThemeOut(Schema):
    id: int
    title: str
    text: str


class PlanItemOut(Schema):
    id: int
    parent: int | None = Field(None, alias="parent_id")
    number: str
    title: str
    text: str


class PlanDetail(PlanSummary):
    number: str
    symbol: str
    governing_body: str
    issuer: UnitRef | None
    place: str
    signer_authority: str
    signer_title: str
    signer_name: str
    signer: str
    purposes: str
    requirements: str
    references: list[PlanReferenceOut]
    themes: list[ThemeOut]
    items: list[PlanItemOut]

    @staticmethod
    def resolve_references(obj):
        return list(obj.references.all())

    @staticmethod
    def resolve_themes(obj):
        return list(obj.themes.all())

    @staticmethod
    def resolve_items(obj):
        return list(obj.items.all())


# --- assignments ---------------------------------------------------------------------------------
class PlanRef(Schema):
    id: int
    code: str


class PlanItemRef(Schema):
    id: int
    number: str
    title: str


class AssignmentOut(Schema):
    id: int
    plan: PlanRef
    item: PlanItemRef
    lead_unit: UnitRef
    supporting_units: list[UnitRef]
    task: str
    tasks: list[str]
    channels: list[Channel]
    due_date: dt.date | None
    is_regular: bool
    reporting_period: ReportingPeriod | None
    starts_on: dt.date | None
    completed_at: dt.datetime | None
    completion_note: str
    status: State = Field(description="Computed from the deadline, the completion time and, "
                                      "for a regular task, the last reporting period.")

    @staticmethod
    def resolve_supporting_units(obj):
        return list(obj.supporting_units.all())

    @staticmethod
    def resolve_reporting_period(obj):
        return obj.reporting_period or None

    @staticmethod
    def resolve_channels(obj):
        return [c for c in obj.channels or [] if c in Channel.values]

    @staticmethod
    def resolve_status(obj):
        return obj.status()


class CompleteIn(Schema):
    note: str = Field("", description="The completion report (optional).")


# --- activities ----------------------------------------------------------------------------------
class ThemeRef(Schema):
    id: int
    title: str


class ActivityOut(Schema):
    id: int
    assignment: int = Field(..., alias="assignment_id")
    plan: int = Field(..., alias="plan_id")
    unit: UnitRef
    channel: Channel
    title: str
    published_on: dt.date
    url: str
    evidence_url: str | None = Field(None, description="Download address of the evidence file.")
    airtime_minutes: float | None
    reach: int | None
    theme: ThemeRef | None
    note: str
    source: ActivitySource
    created_by: str | None
    created_at: dt.datetime

    @staticmethod
    def resolve_evidence_url(obj):
        return reverse("activity_evidence", args=[obj.pk]) if obj.evidence else None

    @staticmethod
    def resolve_airtime_minutes(obj):
        return float(obj.airtime_minutes) if obj.airtime_minutes is not None else None

    @staticmethod
    def resolve_created_by(obj):
        return obj.created_by.get_username() if obj.created_by_id else None


#: Minutes of airtime: a JSON number (a string of digits is accepted too, but not documented: the
#: schema says what a client should send).
Minutes = Annotated[Decimal | None, WithJsonSchema(
    {"anyOf": [{"type": "number", "exclusiveMinimum": 0}, {"type": "null"}]})]

#: Views, listeners or participants: what the database's positive integer holds.
Reach = Annotated[int | None, Field(ge=0, le=2**31 - 1)]


class ActivityIn(Schema):
    assignment: Id
    channel: Channel
    title: str
    published_on: Day
    url: str = ""
    airtime_minutes: Minutes = Field(None, description="Required for television, radio and "
                                                       "loudspeaker broadcasts.")
    reach: Reach = None
    theme: Id | None = Field(None, description="Id of one of the plan's themes.")
    note: str = ""
    unit: Id | None = Field(None, description=(
        "The unit that did it: the lead unit or one of the supporting units, among those you "
        "may change. By default the lead unit, or your own unit when it is a supporting unit."))


class ActivityChange(Schema):
    """The fields to change; those left out stay as they are."""

    channel: Channel | None = None
    title: str | None = None
    published_on: Day | None = None
    url: str | None = None
    airtime_minutes: Minutes = None
    reach: Reach = None
    theme: Id | None = Field(None, description="Id of one of the plan's themes.")
    note: str | None = None
