"""Plans (Decree 30 documents), their items and assignments, and the activities units record."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from loa.jobs.models import Job, JobStatus
from loa.org.access import Scope, ScopedQuerySet
from loa.org.models import Unit, UnitGroup
from loa.vocab import channels as channel_vocab

from . import status as deadline

EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png", "gif", "webp", "docx", "doc", "xlsx", "mp3",
                       "mp4", "m4a", "wav", "txt"]
DOCUMENT_EXTENSIONS = ["pdf", "docx", "doc", "txt", "png", "jpg", "jpeg", "tif", "tiff"]


def validate_upload_size(file):
    limit = settings.LOA_MAX_UPLOAD_MB * 1024 * 1024
    if file.size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB."),
            params={"size": round(file.size / 1024 / 1024, 1), "limit": settings.LOA_MAX_UPLOAD_MB},
        )


#: The channels of :mod:`loa.vocab.channels` as Django choices (``Channel.PRESS`` == "press");
#: the label is the English name, translated by the catalogue.
Channel = models.TextChoices(
    "Channel",
    [(item.code.upper(), (item.code, _(item.name_en))) for item in channel_vocab.CHANNELS],
    module=__name__,
)


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")
    CLOSED = "closed", _("Closed")


class PlanQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """A unit sees the plans that assign it something (and never a draft)."""
        scope = Scope.of(user)
        if scope.sees_all:
            return self
        if not scope.unit_ids:
            return self.none()
        assigned = Assignment.objects.filter(plan=OuterRef("pk")).visible_to(user)
        return self.exclude(status=PlanStatus.DRAFT).filter(Exists(assigned))

    def editable_by(self, user):
        return self if Scope.of(user).edits_all else self.none()

    def active(self):
        return self.filter(status=PlanStatus.ACTIVE)


class Plan(models.Model):
    """A plan (kế hoạch) with its Decree 30 metadata, e.g. 130/KH-STTTT."""

    code = models.CharField(
        _("number and symbol"), max_length=64, help_text=_("As written, e.g. 130/KH-STTTT.")
    )
    number = models.CharField(_("number"), max_length=16, blank=True)
    symbol = models.CharField(_("symbol"), max_length=48, blank=True)
    doc_type = models.CharField(_("document type"), max_length=8, default="KH",
                                help_text=_("Abbreviation, e.g. KH for kế hoạch."))
    governing_body = models.CharField(_("governing body"), max_length=255, blank=True)
    issuer = models.ForeignKey(Unit, verbose_name=_("issuing body"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="issued_plans")
    issuer_name = models.CharField(_("issuing body as written"), max_length=255, blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    summary = models.TextField(_("summary (trích yếu)"))
    signer_authority = models.CharField(_("signing authority"), max_length=100, blank=True,
                                        help_text=_("e.g. KT. GIÁM ĐỐC"))
    signer_title = models.CharField(_("signer's title"), max_length=100, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=100, blank=True)
    purposes = models.TextField(_("purposes"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True,
                                 help_text=_("The plan's implementation period as it writes it "
                                             "(thời gian thực hiện); empty when it says none."))
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    tracking_starts_on = models.DateField(
        _("tracking starts on"), null=True, blank=True,
        help_text=_("Regular tasks count their reporting periods from this day: a period "
                    "before it is never counted as missed."))
    status = models.CharField(_("status"), max_length=16, choices=PlanStatus.choices,
                              default=PlanStatus.DRAFT, db_index=True)
    original_file = models.FileField(
        _("original document"), upload_to="plans/%Y/", blank=True,
        validators=[FileExtensionValidator(DOCUMENT_EXTENSIONS), validate_upload_size],
    )
    source_text = models.TextField(_("text the plan was read from"), blank=True)
    reporting = models.TextField(
        _("duty to report"), blank=True,
        help_text=_("What the plan asks units to report, to whom and when."),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "-pk"]

    def __str__(self):
        return f"{self.code} — {self.summary[:80]}"

    def get_absolute_url(self):
        return reverse("plan_detail", args=[self.pk])

    @property
    def signer(self):
        parts = [self.signer_authority, self.signer_title, self.signer_name]
        return " ".join(p for p in parts if p)

    @property
    def signer_lines(self) -> list[str]:
        """The signature block's lines as signed ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", the name)."""
        return [p for p in (self.signer_authority, self.signer_title, self.signer_name) if p]

    @property
    def doc_type_name(self) -> str:
        """The type of document in words ("Kế hoạch" for KH), as Decree 30 names it."""
        from loa.documents.parse.references import DOC_TYPES

        return DOC_TYPES.get(self.doc_type, self.doc_type)

    @property
    def original_name(self) -> str:
        """The original document's name as uploaded (not the stored path)."""
        if not self.original_file:
            return ""
        uploaded = self.imports.exclude(filename="").values_list("filename", flat=True).first()
        return uploaded or self.original_file.name.rsplit("/", 1)[-1]


class PlanReference(models.Model):
    """A document the plan is based on or refers to (legal bases: "Căn cứ ...", "Thực hiện ...")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="references")
    code = models.CharField(_("number and symbol"), max_length=64)
    doc_type = models.CharField(_("type"), max_length=64, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issuer"), max_length=255, blank=True)
    title = models.TextField(_("summary"), blank=True)
    is_legal_basis = models.BooleanField(_("legal basis"), default=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("referenced document")
        verbose_name_plural = _("referenced documents")
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return self.code


class Theme(models.Model):
    """A content theme of the plan (nội dung tuyên truyền)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("title"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["plan", "order", "pk"]

    def __str__(self):
        return self.title


class PlanItem(models.Model):
    """A numbered item of the plan's implementation section ("1.", "6.1.")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="children")
    number = models.CharField(_("number"), max_length=16)
    title = models.CharField(_("heading"), max_length=500)
    text = models.TextField(_("text"), blank=True)
    order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("plan item")
        verbose_name_plural = _("plan items")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_item_number"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class ReportingPeriod(models.TextChoices):
    WEEK = "week", _("Weekly")
    MONTH = "month", _("Monthly")
    QUARTER = "quarter", _("Quarterly")
    YEAR = "year", _("Yearly")


class AssignmentQuerySet(ScopedQuerySet):
    unit_fields = ("lead_unit", "supporting_units")

    def visible_to(self, user):
        """Units never see the assignments of a draft plan (it is not issued yet)."""
        qs = super().visible_to(user)
        return qs if Scope.of(user).sees_all else qs.exclude(plan__status=PlanStatus.DRAFT)

    def editable_by(self, user):
        qs = super().editable_by(user)
        return qs if Scope.of(user).edits_all else qs.exclude(plan__status=PlanStatus.DRAFT)

    def recordable_by(self, user):
        """Assignments whose work this person may record: in an active plan, led or supported
        by a unit they record for (the one rule, :meth:`Scope.can_record_for_unit`)."""
        return super().recordable_by(user).filter(plan__status=PlanStatus.ACTIVE)

    def completable_by(self, user):
        """Assignments this person may declare completed (or reopen): those of an active plan
        their unit leads (a supporting unit reports its part as activities but does not close
        the lead's task)."""
        scope = Scope.of(user)
        qs = self.recordable_by(user)
        return qs if scope.edits_all else qs.filter(lead_unit__in=scope.recording_unit_ids)

    def with_period_activity(self, today=None):
        """Annotate ``reported_last_period``: whether the lead unit recorded an activity in the
        last full reporting period (what decides the state of a regular task)."""
        today = today or timezone.localdate()
        whens = []
        for period in ReportingPeriod:
            start, end = deadline.previous_period(period, today)
            activity = Activity.objects.filter(
                assignment=OuterRef("pk"), published_on__gte=start, published_on__lte=end
            )
            whens.append(models.When(reporting_period=period, then=Exists(activity)))
        return self.annotate(
            reported_last_period=models.Case(*whens, default=models.Value(False),
                                             output_field=models.BooleanField())
        )

    def for_display(self):
        return self.select_related("lead_unit", "item", "plan")


class Assignment(models.Model):
    """What one unit must do for a plan item. An item that names several units, or a group
    ("Phòng Văn hóa và Thông tin các quận, huyện"), becomes one assignment per unit so that each
    unit's progress is tracked and reported on its own; ``group`` records where it came from.

    The state is never stored: it is computed from the deadline, the completion time and (for
    regular tasks) the activities of the last reporting period. See :mod:`loa.plans.status`."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    item = models.ForeignKey(PlanItem, verbose_name=_("plan item"), on_delete=models.CASCADE,
                             related_name="assignments")
    lead_unit = models.ForeignKey(Unit, verbose_name=_("lead unit (chủ trì)"),
                                  on_delete=models.PROTECT, related_name="led_assignments")
    supporting_units = models.ManyToManyField(
        Unit, verbose_name=_("supporting units (phối hợp)"), blank=True,
        related_name="supported_assignments",
    )
    group = models.ForeignKey(UnitGroup, verbose_name=_("assigned as part of group"), null=True,
                              blank=True, on_delete=models.SET_NULL, related_name="assignments")
    task = models.TextField(_("task"), help_text=_("One task per line."))
    channels = models.JSONField(_("expected channels"), default=list, blank=True)
    refutation = models.BooleanField(
        _("must refute false information"), default=False,
        help_text=_("The task asks the unit to refute (bác bỏ, phản bác) false information."),
    )
    due_date = models.DateField(_("due date"), null=True, blank=True)
    is_regular = models.BooleanField(_("regular task (thường xuyên)"), default=False)
    reporting_period = models.CharField(_("reporting period"), max_length=16, blank=True,
                                        choices=ReportingPeriod.choices)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completion_note = models.TextField(_("completion report"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(excluded_fields=["created_at"], m2m_fields=[supporting_units])
    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["plan", "item__order", "lead_unit__path", "pk"]
        indexes = [models.Index(fields=["lead_unit", "plan"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_regular=False, due_date__isnull=False)
                | Q(is_regular=True, due_date__isnull=True) & ~Q(reporting_period=""),
                name="assignment_has_deadline_or_period",
            )
        ]

    def __str__(self):
        return f"{self.item.number} — {self.lead_unit}"

    def get_absolute_url(self):
        return reverse("assignment_detail", args=[self.pk])

    def clean(self):
        if self.is_regular and not self.reporting_period:
            raise ValidationError(
                {"reporting_period": _("A regular task needs a reporting period.")})
        if not self.is_regular and not self.due_date:
            raise ValidationError({"due_date": _("Give a due date or mark the task as regular.")})
        unknown = set(self.channels or []) - set(Channel.values)
        if unknown:
            raise ValidationError(
                {"channels": _("Unknown channels: %s") % ", ".join(sorted(unknown))})

    def units_reporting_for(self, user) -> list[int]:
        """Ids of the units ``user`` may record this assignment's activities under: the lead
        unit and the supporting units within what the person may change (lead unit first)."""
        scope = Scope.of(user)
        candidates = [self.lead_unit_id, *(u.pk for u in self.supporting_units.all())]
        return [pk for pk in candidates if scope.can_record_for_unit(pk)]

    def reporting_unit_id(self, user):
        """The unit an activity by ``user`` is recorded under: the lead unit, unless the person
        belongs to a supporting unit (and not to the lead unit) and so reports under their own
        unit's name. None when the person may record for neither."""
        allowed = self.units_reporting_for(user)
        members = Scope.of(user).member_unit_ids
        if self.lead_unit_id not in members:
            own = [pk for pk in allowed if pk in members]
            if own:
                return own[0]
        return allowed[0] if allowed else None

    @property
    def tasks(self):
        return [line.strip(" -–\t") for line in self.task.splitlines() if line.strip(" -–\t")]

    def channel_labels(self):
        return [Channel(c).label for c in self.channels if c in Channel.values]

    def status(self, now=None):
        """The official state (one of :class:`loa.plans.status.State`)."""
        reported = getattr(self, "reported_last_period", None)
        if reported is None and self.is_regular:
            today = timezone.localdate(now) if now else timezone.localdate()
            start, end = deadline.previous_period(self.reporting_period, today)
            reported = self.activities.filter(published_on__range=(start, end)).exists()
        reported_before = None
        if self.is_regular and self.completed_at is not None:
            start, end = deadline.previous_period(self.reporting_period,
                                                  timezone.localdate(self.completed_at))
            reported_before = self.activities.filter(published_on__range=(start, end)).exists()
        return deadline.compute(
            due_date=self.due_date,
            completed_at=self.completed_at,
            is_regular=self.is_regular,
            reporting_period=self.reporting_period,
            starts_on=deadline.tracking_start(self.starts_on, self.plan.tracking_starts_on)
            or self.plan.starts_on or timezone.localdate(self.created_at),
            reported_last_period=bool(reported),
            reported_before_completion=reported_before,
            now=now,
        )

    @classmethod
    @transaction.atomic
    def fan_out(cls, *, item, units=(), groups=(), day=None, supporting_units=(),
                channel_mentions=None, **fields):
        """Create one assignment per unit named and per member of each group valid on ``day``
        (the plan's date by default): the one way a plan item becomes assignments (imports and
        the back office alike). A unit named twice gets one assignment; a group's member keeps
        its group. Expected channels: ``channels`` when given, else what ``channel_mentions``
        (the channels and families a task names, :mod:`loa.vocab.channels`) mean for each
        unit's kind. A unit never supports its own assignment."""
        day = day or item.plan.issued_on
        targets = [(member, g) for g in groups for member in g.members(day)]
        targets += [(unit, None) for unit in units]
        seen, created = set(), []
        for unit, from_group in targets:
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            values = dict(fields)
            if "channels" not in values:
                values["channels"] = channel_vocab.channels_for_kind(unit.kind, channel_mentions)
            assignment = cls(plan=item.plan, item=item, lead_unit=unit, group=from_group,
                             **values)
            assignment.full_clean(exclude=["plan", "item", "lead_unit"])
            assignment.save()
            helpers = [u for u in supporting_units if u.pk != unit.pk]
            if helpers:
                assignment.supporting_units.set(helpers)
            created.append(assignment)
        return created


class ActivityQuerySet(ScopedQuerySet):
    unit_fields = ("unit",)

    def recordable_by(self, user):
        """Activities this person may correct or withdraw: those of a unit they record for, in
        an active plan (the rule for recording, :meth:`Scope.can_record_for_unit`)."""
        return super().recordable_by(user).filter(plan__status=PlanStatus.ACTIVE)


class CountedActivityManager(models.Manager.from_queryset(ActivityQuerySet)):
    """``Activity.objects``: the activities that count — a withdrawn one is left out of every
    state, dashboard, export and list built on it. ``Activity.all_objects`` keeps them (the
    department's view of an assignment shows them, marked withdrawn)."""

    def get_queryset(self):
        return super().get_queryset().filter(withdrawn_at__isnull=True)


class ActivitySource(models.TextChoices):
    FORM = "form", _("Form")
    SPREADSHEET = "xlsx", _("Spreadsheet import")
    API = "api", _("API")


class Activity(models.Model):
    """What a unit published for an assignment: an article, a programme, a post, a broadcast."""

    assignment = models.ForeignKey(Assignment, verbose_name=_("assignment"),
                                   on_delete=models.PROTECT, related_name="activities")
    # Denormalised from the assignment so that dashboards aggregate one indexed table.
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="activities",
                             editable=False)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT,
                             related_name="activities", editable=False)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    title = models.CharField(_("title"), max_length=500)
    published_on = models.DateField(_("date published"))
    url = models.URLField(_("link"), max_length=1000, blank=True)
    evidence = models.FileField(
        _("evidence file"), upload_to="evidence/%Y/%m/", blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_upload_size],
    )
    airtime_minutes = models.DecimalField(_("airtime (minutes)"), max_digits=7, decimal_places=1,
                                          null=True, blank=True)
    reach = models.PositiveIntegerField(_("reach (views, listeners, participants)"), null=True,
                                        blank=True)
    theme = models.ForeignKey(Theme, verbose_name=_("theme"), null=True, blank=True,
                              on_delete=models.SET_NULL, related_name="activities")
    note = models.TextField(_("note"), blank=True)
    source = models.CharField(max_length=8, choices=ActivitySource.choices,
                              default=ActivitySource.FORM, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Withdrawn by the unit that recorded it (by mistake, a wrong link, a duplicate): it no
    # longer counts anywhere, and the department still sees who withdrew it, when and why.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True, editable=False)
    withdrawn_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("withdrawn by"),
                                     null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="+", editable=False)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["created_at"])
    objects = CountedActivityManager()
    all_objects = ActivityQuerySet.as_manager()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["-published_on", "-pk"]
        # ``withdrawn_at`` last: ``Activity.objects`` asks for ``withdrawn_at IS NULL``, and the
        # dashboard's aggregates stay on covering indexes (SQLite does not count a partial
        # index's condition as covered).
        indexes = [
            models.Index(fields=["plan", "unit", "channel", "withdrawn_at"],
                         name="activity_plan_unit_channel"),
            models.Index(fields=["plan", "published_on", "withdrawn_at"],
                         name="activity_plan_day"),
            models.Index(fields=["assignment", "published_on", "withdrawn_at"],
                         name="activity_assignment_day"),
            models.Index(fields=["unit", "published_on", "withdrawn_at"],
                         name="activity_unit_day"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("assignment_detail", args=[self.assignment_id]) + f"#activity-{self.pk}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def clean(self):
        errors = {}
        if self.channel in channel_vocab.BROADCAST and self.airtime_minutes is None:
            errors["airtime_minutes"] = _("Give the airtime in minutes for a broadcast.")
        if self.airtime_minutes is not None and self.airtime_minutes <= 0:
            errors["airtime_minutes"] = _("Airtime must be more than zero minutes.")
        if self.published_on and self.published_on > timezone.localdate():
            errors["published_on"] = _("The publication date is in the future.")
        if self.theme_id:
            try:
                theme_plan = self.theme.plan_id  # no query when the theme object was given
            except Theme.DoesNotExist:
                errors["theme"] = _("There is no theme with this id.")
            else:
                if self.assignment_id and theme_plan != self.assignment.plan_id:
                    errors["theme"] = _("This theme belongs to another plan.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        self.plan_id = self.assignment.plan_id
        if not self.unit_id:  # a supporting unit records under its own name
            self.unit_id = self.assignment.lead_unit_id
        super().save(*args, **kwargs)


class PlanImportQuerySet(ScopedQuerySet):
    # Imports belong to the department: only people who see everything see them (no unit field).
    unit_fields = ()


class PlanImportStatus(models.TextChoices):
    """Where an import stands: its reading job's state, then the review."""

    QUEUED = "queued", _("Waiting")
    READING = "reading", _("Reading")
    READY = "ready", _("Ready for review")
    FAILED = "failed", _("Failed")
    CONFIRMED = "confirmed", _("Confirmed")


_JOB_TO_IMPORT = {JobStatus.QUEUED: PlanImportStatus.QUEUED,
                  JobStatus.RUNNING: PlanImportStatus.READING,
                  JobStatus.DONE: PlanImportStatus.READY,
                  JobStatus.FAILED: PlanImportStatus.FAILED}


class PlanImport(models.Model):
    """A plan document uploaded for import: read by a background job (OCR when needed), parsed,
    matched to units, reviewed by a person, then confirmed into a plan (see loa.plans.importer).
    The reading's state, progress and failure are the job's (:class:`loa.jobs.models.Job`)."""

    original_file = models.FileField(_("document"), upload_to="imports/%Y/", blank=True)
    filename = models.CharField(_("file name"), max_length=255)
    job = models.OneToOneField(Job, verbose_name=_("reading"), null=True, blank=True,
                               on_delete=models.SET_NULL, related_name="plan_import")
    document = models.JSONField(_("document as read"), null=True, blank=True)
    parsed = models.JSONField(_("parsed plan"), null=True, blank=True)
    proposal = models.JSONField(_("proposed assignments"), null=True, blank=True)
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="imports")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanImportQuerySet.as_manager()

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.filename

    def get_absolute_url(self):
        return reverse("plan_import_detail", args=[self.pk])

    def parsed_document(self):
        """The document as parsed (:class:`loa.documents.ParsedDocument`, typed), read back
        from its JSON."""
        from loa.documents import ParsedDocument

        return ParsedDocument.from_json(self.parsed or {})

    @property
    def status(self) -> str:
        """:class:`PlanImportStatus`: confirmed once a plan was made of it, else the job's."""
        if self.plan_id:
            return PlanImportStatus.CONFIRMED
        if self.job is None:
            return PlanImportStatus.FAILED
        return _JOB_TO_IMPORT[self.job.status]

    def get_status_display(self) -> str:
        return PlanImportStatus(self.status).label

    @property
    def is_finished(self) -> bool:
        return self.status not in (PlanImportStatus.QUEUED, PlanImportStatus.READING)
