"""The job record: one row per piece of long work, whatever its kind."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from loa.org.access import ScopedQuerySet
from loa.org.models import Unit

from . import kinds


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FINISHED = frozenset({JobStatus.DONE, JobStatus.FAILED})


class JobQuerySet(ScopedQuerySet):
    # A job belongs to its unit; a job without one is the department's (seen by people who see
    # everything, 404 for every unit).
    unit_fields = ("unit",)

    def unfinished(self):
        return self.filter(status__in=[JobStatus.QUEUED, JobStatus.RUNNING])


class Job(models.Model):
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), null=True, blank=True,
                             on_delete=models.PROTECT, related_name="jobs")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("started by"),
                                   null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    status = models.CharField(_("status"), max_length=16, choices=JobStatus.choices,
                              default=JobStatus.QUEUED, db_index=True)
    progress_done = models.PositiveIntegerField(default=0)
    progress_total = models.PositiveIntegerField(default=0)
    message = models.CharField(_("what it is doing"), max_length=255, blank=True)
    error_code = models.CharField(_("error code"), max_length=40, blank=True)
    error_message = models.TextField(_("error (for the log)"), blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    #: "host:pid:start" of the process running it, to tell a job whose process died
    worker = models.CharField(max_length=200, blank=True)
    next_url = models.CharField(_("page of the result"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "heartbeat_at"])]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.status})"

    def get_absolute_url(self):
        return reverse("job_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        if not self.progress_total:
            return 0
        return min(100, round(100 * self.progress_done / self.progress_total))

    def progress_text(self) -> tuple[str, str]:
        """What the progress says: what it does, and how far it is."""
        return kinds.progress_text(self)

    def failure_text(self) -> str:
        """What went wrong, for the person, in their language."""
        return kinds.failure_text(self)
