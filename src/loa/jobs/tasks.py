"""The background task that runs a job (django-tasks; see LOA_TASKS in settings)."""

from django_tasks import task

from . import runner


@task()
def run_job(job_id: int) -> str:
    job = runner.run(job_id)
    return job.status if job is not None else "skipped"
