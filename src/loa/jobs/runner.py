"""Starting and running jobs.

A kind of job is registered once with :func:`loa.jobs.kinds.handler` (the plans app registers
"plan_import"): a function ``run(job, progress) -> result`` and the messages of the error codes
it raises. :func:`create` makes the job, :func:`enqueue` queues the background task that runs it
(django-tasks: in Loa's database by default, run by ``loa worker``; inside the request with
LOA_TASKS=immediate); :func:`start` does both.
:func:`run` is what the task (:func:`run_job`) calls: it claims the job, records who runs it,
reports progress, and ends it as done (with the handler's result) or failed (with a code: the
handler's :class:`~loa.jobs.kinds.JobFailed`, or "internal" for anything unexpected, whose
trace goes to the log).

A process that dies half-way (killed, power cut) cannot record anything; its job would stay
"running" for ever. So the job keeps the identity of its process (host, pid, start time) and
:func:`recover_interrupted`, called when a worker or the server starts and whenever an
unfinished job is looked at, marks failed ("interrupted") every running job whose process on
this host is gone, and every job of any host that gave no sign of life for
:data:`STALE_AFTER`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
from functools import lru_cache

from django.db.models import F
from django.utils import timezone
from django_tasks import task

from . import kinds
from .kinds import Progress
from .models import Job, JobStatus

logger = logging.getLogger(__name__)

#: A running job whose process gave no sign of life (progress) for this long is failed, on
#: whatever host it ran.
STALE_AFTER = dt.timedelta(hours=2)
#: Progress is written at most this often (seconds); the last step always.
PROGRESS_EVERY = 0.5


def create(kind: str, *, user=None, unit=None, params: dict | None = None,
           next_url: str = "") -> Job:
    """A new job, waiting; :func:`enqueue` it once whatever it works on points at it."""
    if kinds.get(kind) is None:
        raise ValueError(f"no handler for jobs of kind {kind!r}")
    return Job.objects.create(kind=kind, created_by=user, unit=unit, params=params or {},
                              next_url=next_url)


def enqueue(job: Job) -> Job:
    """Queue the task that runs ``job``. With the database queue (the default) the task's row
    is written in the caller's transaction, so it exists exactly when the job does; with
    LOA_TASKS=immediate the job runs now, inside the caller."""
    run_job.enqueue(job.pk)
    job.refresh_from_db()
    return job


def start(kind: str, **fields) -> Job:
    """:func:`create` and :func:`enqueue` a job that needs nothing else first."""
    return enqueue(create(kind, **fields))


# --- the process running a job -----------------------------------------------------------------
@lru_cache(maxsize=1)
def _host() -> str:
    return socket.gethostname()[:100]


def _start_time(pid: int) -> str:
    """When process ``pid`` started (clock ticks since boot, Linux), "" where unknown. Tells a
    live process from a new one that took a dead one's pid."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            return handle.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def this_worker() -> str:
    pid = os.getpid()
    return f"{_host()}:{pid}:{_start_time(pid)}"


def _alive(worker: str) -> bool | None:
    """Whether the process ``worker`` names still runs; None when it ran on another host."""
    host, _sep, rest = worker.partition(":")
    pid, _sep, started = rest.partition(":")
    if host != _host() or not pid.isdigit():
        return None
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process with that pid: alive, compare start times
    return _start_time(int(pid)) == started if started else True


def recover_interrupted(jobs=None) -> int:
    """Fail the running jobs whose process is gone (this host) or silent for
    :data:`STALE_AFTER` (any host). Returns how many."""
    jobs = Job.objects.filter(status=JobStatus.RUNNING) if jobs is None else \
        jobs.filter(status=JobStatus.RUNNING)
    cutoff = timezone.now() - STALE_AFTER
    dead = [job.pk for job in jobs.only("pk", "worker", "heartbeat_at", "started_at")
            if _alive(job.worker) is False or
            (job.heartbeat_at or job.started_at or cutoff) <= cutoff]
    if not dead:
        return 0
    count = Job.objects.filter(pk__in=dead, status=JobStatus.RUNNING).update(
        status=JobStatus.FAILED, error_code="interrupted", finished_at=timezone.now(),
        error_message="the process running it stopped before it finished")
    if count:
        logger.warning("marked %s interrupted job(s) as failed: %s", count, dead)
    return count


def refreshed(job: Job) -> Job:
    """``job`` as it stands now; a running one whose process is gone is failed first."""
    if not job.is_finished:
        recover_interrupted(Job.objects.filter(pk=job.pk))
        job.refresh_from_db()
    return job


# --- running ------------------------------------------------------------------------------------
def _claim(job_id: int) -> Job | None:
    """Queued → running, by exactly one process; None when the job is gone or taken."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, worker=this_worker(), started_at=now, heartbeat_at=now)
    return Job.objects.filter(pk=job_id).first() if claimed else None


def _reporter(job: Job) -> Progress:
    last = [0.0]

    def progress(done: int, total: int, message: str = "") -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY and done < total:
            return
        last[0] = now
        Job.objects.filter(pk=job.pk).update(
            progress_done=done, progress_total=total, message=str(message)[:255],
            heartbeat_at=timezone.now())

    return progress


def _finish(job: Job, **fields) -> Job:
    fields["finished_at"] = timezone.now()
    Job.objects.filter(pk=job.pk).update(**fields)
    job.refresh_from_db()
    return job


def run(job_id: int) -> Job | None:
    """Run the job ``job_id`` if it is still waiting (the task's body)."""
    job = _claim(job_id)
    if job is None:
        return None
    kind = kinds.get(job.kind)
    if kind is None:
        return _finish(job, status=JobStatus.FAILED, error_code="unknown_kind",
                       error_message=f"no handler for {job.kind!r}")
    try:
        result = kind.run(job, _reporter(job))
    except kinds.JobFailed as failed:
        return _finish(job, status=JobStatus.FAILED, error_code=failed.code[:40],
                       error_message=failed.message,
                       error_params={k: v for k, v in failed.params.items()
                                     if isinstance(v, (int, float, str))})
    except Exception:  # noqa: BLE001 - the person sees a message, the log has the trace
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        return _finish(job, status=JobStatus.FAILED, error_code="internal",
                       error_message="unexpected error (see the server log)")
    return _finish(job, status=JobStatus.DONE, result=result, progress_done=F("progress_total"))


@task()
def run_job(job_id: int) -> str:
    """The background task (django-tasks) that runs a job."""
    job = run(job_id)
    return job.status if job is not None else "skipped"
