"""Serving Loa with waitress (pure Python, also on Windows office machines), shared by the
``serve`` and ``demo`` commands. Static files are served by WhiteNoise from the package."""

import errno
import os
import signal
import subprocess
import sys
from pathlib import Path

from django.core.management.base import CommandError
from django.db import connections
from django.utils.translation import gettext as _


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def create_server(host: str, port: int, threads: int = 4):
    """A waitress server bound to ``host:port`` (not yet serving), running Loa's WSGI app."""
    from django.conf import settings
    from django.core.wsgi import get_wsgi_application
    from waitress.server import create_server as waitress_server

    # WhiteNoise serves from the package (finders); an existing STATIC_ROOT, even empty, keeps it
    # from warning at start-up.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    application = get_wsgi_application()
    try:
        return waitress_server(application, host=host, port=port, threads=threads,
                               ident="Loa", clear_untrusted_proxy_headers=True)
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise CommandError(
                _("Port %(port)s is already in use on %(host)s: choose another one with "
                  "--port.") % {"port": port, "host": host}
            ) from None
        raise CommandError(
            _("Cannot listen on %(host)s:%(port)s (%(error)s).")
            % {"host": host, "port": port, "error": error.strerror or error}
        ) from None


def start_worker():
    """The background worker (``loa worker``) beside the web server when tasks are queued in
    the database (LOA_TASKS=database, the default): one process, same settings and data."""
    from django.conf import settings

    if getattr(settings, "LOA_TASKS", "") != "database":
        return None
    command = [sys.executable, "-m", "loa.cli", "worker", "--interval", "1", "--verbosity", "0"]
    return subprocess.Popen(command, env=os.environ.copy())


def stop_worker(worker) -> None:
    if worker is None or worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        worker.kill()


def run(server) -> None:
    """Serve (with the background worker) until Ctrl-C or a termination signal, then shut down
    cleanly."""

    def stop(signum, frame):
        raise SystemExit(0)

    from loa.jobs.runner import recover_interrupted

    previous = signal.signal(signal.SIGTERM, stop)
    recover_interrupted()  # work the previous server (or its worker) left half-done
    worker = start_worker()
    try:
        server.run()  # returns on KeyboardInterrupt / SystemExit after stopping its threads
    finally:
        stop_worker(worker)
        signal.signal(signal.SIGTERM, previous)
        try:
            server.close()
        except Exception:  # noqa: BLE001 - already closed by waitress
            pass
        connections.close_all()
