"""loa.jobs — the one record of long work (reading a scanned plan, and later collecting sources,
training models, building reports): who started it, its state, its progress (done of total),
its outcome (an error code and message, or a result) and its times.

* :mod:`.models` — :class:`~loa.jobs.models.Job` and its scoped queryset.
* :mod:`.kinds` — the kinds of work: their handlers (:func:`~loa.jobs.kinds.handler`), error
  messages and progress words.
* :mod:`.runner` — :func:`~loa.jobs.runner.start` a job, the background task that runs it
  with progress, and :func:`~loa.jobs.runner.recover_interrupted` for jobs whose process died
  half-way.

A job is scoped like everything else (``Job.objects.visible_to(user)``): by its unit, and a job
with no unit (the department's own work) is seen by people who see everything.
"""
