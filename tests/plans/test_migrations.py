"""Migrations that move data run forward (and back) on data like a live database's."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("plans", "0004_channel_tiktok")]
AFTER = [("plans", "0005_plan_import_job")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_plan_imports_keep_their_state_in_jobs():
    old = migrate(BEFORE)
    PlanImport = old.get_model("plans", "PlanImport")
    rows = {status: PlanImport.objects.create(
        filename=f"{status}.pdf", status=status, progress_done=2, progress_total=5,
        error_code="too_many_pages" if status == "failed" else "",
        document={"params": {"pages": 120, "limit": 100}} if status == "failed" else None)
        for status in ["queued", "reading", "ready", "failed", "confirmed"]}
    try:
        new = migrate(AFTER)
        PlanImport = new.get_model("plans", "PlanImport")
        jobs = {item.filename.removesuffix(".pdf"): item.job
                for item in PlanImport.objects.select_related("job")}
        assert {k: j.status for k, j in jobs.items()} == {
            "queued": "queued", "reading": "failed", "ready": "done", "failed": "failed",
            "confirmed": "done"}
        assert jobs["reading"].error_code == "interrupted"  # not "running" for ever
        assert jobs["failed"].error_code == "too_many_pages"
        assert jobs["failed"].error_params == {"pages": 120, "limit": 100}
        assert all(j.kind == "plan_import" and j.progress_total == 5 for j in jobs.values())
        assert jobs["queued"].next_url == f"/plans/import/{rows['queued'].pk}/"
        back = migrate(BEFORE)  # and back again
        statuses = dict(back.get_model("plans", "PlanImport").objects.values_list(
            "filename", "status"))
        assert statuses["ready.pdf"] == "ready" and statuses["reading.pdf"] == "failed"
    finally:
        executor = MigrationExecutor(connection)
        migrate(executor.loader.graph.leaf_nodes())  # the latest again, for the next tests
