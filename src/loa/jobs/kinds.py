"""The kinds of background work: each registers its handler once (:func:`handler`) with the
messages of the error codes it raises and the words its progress shows; :func:`failure_text` and
:func:`progress_text` turn a job's state into words for people."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy

Progress = Callable[..., None]

COMMON_ERRORS = {
    "internal": gettext_lazy("The work failed unexpectedly. The administrator can find the "
                             "details in the server log."),
    "interrupted": gettext_lazy("The work was interrupted (the server or its background worker "
                                "stopped while it ran). Nothing was kept; start it again."),
    "unknown_kind": gettext_lazy("This kind of work is not known to this version of Loa."),
}


class JobFailed(Exception):
    """Raised by a handler: the job fails with ``code`` (looked up in the kind's messages) and
    ``params`` for the message; ``message`` is English for the log."""

    def __init__(self, code: str, message: str = "", **params):
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.params = params


DEFAULT_RUNNING = gettext_lazy("Working…")
DEFAULT_STEPS = gettext_lazy("%(done)s of %(total)s")


@dataclass
class Kind:
    name: str
    run: Callable[..., object]
    errors: dict = field(default_factory=dict)
    running: str = DEFAULT_RUNNING  # what the progress says while it runs
    steps: str = DEFAULT_STEPS  # "%(done)s of %(total)s", e.g. pages


_KINDS: dict[str, Kind] = {}


def handler(name: str, *, errors: dict | None = None, running=DEFAULT_RUNNING,
            steps=DEFAULT_STEPS):
    """Register ``run(job, progress)`` as the handler of jobs of kind ``name``. ``errors``
    maps the codes it raises (:class:`JobFailed`) to messages for people; ``running`` and
    ``steps`` are what the progress says ("Reading the document…", "page %(done)s of
    %(total)s")."""

    def register(run):
        _KINDS[name] = Kind(name, run, dict(errors or {}), running, steps)
        return run

    return register


def progress_text(job) -> tuple[str, str]:
    """What the progress of ``job`` says: what it does, and how far it is ("" before the
    total is known)."""
    kind = _KINDS.get(job.kind) or Kind(job.kind, None)
    steps = str(kind.steps) % {"done": job.progress_done, "total": job.progress_total} \
        if job.progress_total else ""
    return str(kind.running), steps


def get(name: str) -> Kind | None:
    return _KINDS.get(name)


def failure_text(job) -> str:
    """The failure of ``job`` in words for people (translated), with its parameters."""
    return message(job.kind, job.error_code, job.error_params)


def message(kind_name: str, code: str, params: dict | None = None) -> str:
    """The message of error ``code`` of kind ``kind_name`` (else the common ones), translated,
    with ``params`` filled in — for a job's failure, or for a refusal before a job starts."""
    kind = _KINDS.get(kind_name)
    text = (kind.errors if kind else {}).get(code) or COMMON_ERRORS.get(code) or \
        COMMON_ERRORS["internal"]
    text = str(text)
    try:
        return text % (params or {}) if "%(" in text else text
    except (KeyError, TypeError, ValueError):
        return text
