"""The progress of background work (:mod:`loa.jobs`): one page, and the fragment every page that
waits for a job polls with htmx (``jobs/_progress.html``). When the job ends, the fragment makes
the page that holds it reload, so the import page, say, shows its review or its failure."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from loa.jobs.models import Job, JobStatus
from loa.jobs.runner import refreshed


@login_required
@require_GET
@never_cache
def job_detail(request, pk):
    job = refreshed(get_object_or_404(Job.objects.visible_to(request.user), pk=pk))
    if request.htmx:
        if not job.is_finished:
            return render(request, "jobs/_progress.html", {"job": job})
        response = HttpResponse(status=204)  # finished: the page around the fragment reloads
        response["HX-Refresh"] = "true"
        return response
    if job.status == JobStatus.DONE and job.next_url.startswith("/"):
        return redirect(job.next_url)
    return render(request, "jobs/job_detail.html", {"job": job})
