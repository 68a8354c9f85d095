"""The job record (loa.jobs): running a job with progress, its outcome, who sees it, and jobs
whose process died half-way."""

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest
from django.utils import timezone, translation

from loa.jobs import kinds, runner
from loa.jobs.models import Job, JobStatus

CALLS = []


@kinds.handler("test_count", steps="%(done)s / %(total)s")
def count_to_three(job, progress):
    for n in range(1, 4):
        progress(n, 3, f"step {n}")
    CALLS.append(job.pk)
    return {"counted": 3, "by": job.params.get("who")}


@kinds.handler("test_refuse", errors={"too_big": "Tệp có %(pages)s trang, quá nhiều."})
def refuse(job, progress):
    raise kinds.JobFailed("too_big", "too many pages", pages=120, ignored=object())


@kinds.handler("test_crash")
def crash(job, progress):
    raise ZeroDivisionError("boom")


def test_a_job_runs_once_with_its_progress_and_result(db):
    job = runner.start("test_count", params={"who": "staff"})
    assert job.status == JobStatus.DONE and job.result == {"counted": 3, "by": "staff"}
    assert (job.progress_done, job.progress_total) == (3, 3)
    assert job.started_at <= job.finished_at and job.worker == runner.this_worker()
    assert runner.run(job.pk) is None  # taken: never run twice
    assert CALLS.count(job.pk) == 1
    with translation.override("vi"):
        assert job.progress_text() == ("Đang xử lý…", "3 / 3")


def test_a_refusal_fails_with_its_code_and_message(db):
    job = runner.start("test_refuse")
    assert job.status == JobStatus.FAILED and job.error_code == "too_big"
    assert job.error_params == {"pages": 120}  # only plain values are kept
    with translation.override("vi"):
        assert job.failure_text() == "Tệp có 120 trang, quá nhiều."


def test_an_unexpected_error_is_internal_and_logged(db, caplog):
    job = runner.start("test_crash")
    assert job.status == JobStatus.FAILED and job.error_code == "internal"
    assert "ZeroDivisionError" in caplog.text
    with translation.override("vi"):
        assert "nhật ký máy chủ" in job.failure_text()


def test_unknown_kinds_are_refused(db):
    with pytest.raises(ValueError):
        runner.create("no_such_kind")
    job = Job.objects.create(kind="gone_since_the_upgrade")
    assert runner.run(job.pk).error_code == "unknown_kind"


def running(worker, heartbeat):
    return Job.objects.create(kind="test_count", status=JobStatus.RUNNING, worker=worker,
                              started_at=heartbeat, heartbeat_at=heartbeat)


def dead_pid() -> int:
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                           capture_output=True, text=True, check=True)
    return int(child.stdout)


def test_recovery_fails_the_jobs_whose_process_is_gone(db):
    now = timezone.now()
    host = runner.this_worker().split(":")[0]
    alive = running(runner.this_worker(), now)
    dead = running(f"{host}:{dead_pid()}:1", now)
    reused = running(f"{host}:{os.getpid()}:0", now)  # our pid, another start time
    elsewhere = running("another-host:42:1", now)
    silent = running("another-host:43:1", now - runner.STALE_AFTER - dt.timedelta(minutes=1))
    waiting = Job.objects.create(kind="test_count")
    assert runner.recover_interrupted() == 3
    status = dict(Job.objects.values_list("pk", "status"))
    assert status[alive.pk] == status[elsewhere.pk] == JobStatus.RUNNING
    assert status[dead.pk] == status[reused.pk] == status[silent.pk] == JobStatus.FAILED
    assert status[waiting.pk] == JobStatus.QUEUED
    assert Job.objects.get(pk=dead.pk).error_code == "interrupted"


def test_jobs_are_scoped_like_everything_else(world):
    mine = Job.objects.create(kind="test_count", unit=world.baohp)
    department = Job.objects.create(kind="test_count")
    assert set(Job.objects.visible_to(world.alice)) == {mine}
    assert not Job.objects.visible_to(world.bob).exists()
    assert set(Job.objects.visible_to(world.staff)) == {mine, department}


# --- a worker killed half-way, for real -----------------------------------------------------------
SLOW_JOB = textwrap.dedent("""
    import time, django
    django.setup()
    from loa.jobs import kinds, runner
    from loa.jobs.models import Job

    @kinds.handler("test_slow")
    def slow(job, progress):
        progress(1, 10, "page 1")
        time.sleep(120)

    job = Job.objects.create(kind="test_slow")
    print(job.pk, flush=True)
    runner.run(job.pk)
""")


def test_a_worker_killed_half_way_leaves_a_failed_job_after_restart(tmp_path):
    """A process runs a job and is killed (SIGKILL: it can record nothing); the next worker
    to start marks the job failed instead of leaving it "running" for ever."""
    env = {**os.environ, "LOA_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "loa.settings"}
    env.pop("DATABASE_URL", None)  # a database of its own, never the one of the test run
    loa = [sys.executable, "-m", "loa.cli"]
    subprocess.run([*loa, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    worker = subprocess.Popen([sys.executable, "-c", SLOW_JOB], env=env,
                              stdout=subprocess.PIPE, text=True)
    try:
        job_id = int(worker.stdout.readline())
        database = sqlite3.connect(tmp_path / "loa.sqlite3")

        def status():
            return database.execute("SELECT status, error_code FROM jobs_job WHERE id = ?",
                                    (job_id,)).fetchone()

        deadline = time.monotonic() + 30
        while status()[0] != "running" and time.monotonic() < deadline:
            time.sleep(0.1)
        assert status() == ("running", "")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        worker.stdout.close()
    assert status() == ("running", "")  # nobody could say otherwise
    subprocess.run([*loa, "worker", "--batch", "-v", "0"], env=env, check=True, timeout=120)
    assert status() == ("failed", "interrupted")
    database.close()
