"""Plan imports keep their reading's state in a job (loa.jobs): each existing import gets a job
with its status, progress and error; an import that was being read when the server stopped
becomes a failed ("interrupted") job instead of "reading" for ever."""

import django.db.models.deletion
from django.db import migrations, models

# import status → job status (a confirmed import's reading was done)
STATUS = {"queued": "queued", "reading": "failed", "ready": "done", "failed": "failed",
          "confirmed": "done"}
BACK = {"queued": "queued", "running": "reading", "done": "ready", "failed": "failed"}


def imports_to_jobs(apps, schema_editor):
    PlanImport = apps.get_model("plans", "PlanImport")
    Job = apps.get_model("jobs", "Job")
    for item in PlanImport.objects.filter(job__isnull=True).iterator():
        status = STATUS.get(item.status, "failed")
        error_code = item.error_code
        if item.status == "reading":
            error_code = "interrupted"
        params = (item.document or {}).get("params") if item.status == "failed" else None
        job = Job.objects.create(
            kind="plan_import", created_by_id=item.created_by_id, status=status,
            progress_done=item.progress_done, progress_total=item.progress_total,
            error_code=error_code if status == "failed" else "",
            error_message=item.error_message if status == "failed" else "",
            error_params=params if isinstance(params, dict) else {},
            next_url=f"/plans/import/{item.pk}/",
            finished_at=item.updated_at if status in ("done", "failed") else None,
        )
        Job.objects.filter(pk=job.pk).update(created_at=item.created_at)
        PlanImport.objects.filter(pk=item.pk).update(job=job)


def jobs_to_imports(apps, schema_editor):
    PlanImport = apps.get_model("plans", "PlanImport")
    for item in PlanImport.objects.select_related("job").iterator():
        job = item.job
        if job is None:
            continue
        status = "confirmed" if item.plan_id else BACK.get(job.status, "failed")
        PlanImport.objects.filter(pk=item.pk).update(
            status=status, progress_done=job.progress_done, progress_total=job.progress_total,
            error_code=job.error_code, error_message=job.error_message)


class Migration(migrations.Migration):

    dependencies = [
        ('jobs', '0001_job'),
        ('plans', '0004_channel_tiktok'),
    ]

    operations = [
        migrations.AddField(
            model_name='planimport',
            name='job',
            field=models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='plan_import', to='jobs.job', verbose_name='reading'),
        ),
        migrations.RunPython(imports_to_jobs, jobs_to_imports),
        migrations.RemoveField(
            model_name='planimport',
            name='error_code',
        ),
        migrations.RemoveField(
            model_name='planimport',
            name='error_message',
        ),
        migrations.RemoveField(
            model_name='planimport',
            name='progress_done',
        ),
        migrations.RemoveField(
            model_name='planimport',
            name='progress_message',
        ),
        migrations.RemoveField(
            model_name='planimport',
            name='progress_total',
        ),
        migrations.RemoveField(
            model_name='planimport',
            name='status',
        ),
        migrations.AlterField(
            model_name='planimport',
            name='original_file',
            field=models.FileField(blank=True, upload_to='imports/%Y/', verbose_name='document'),
        ),
    ]
