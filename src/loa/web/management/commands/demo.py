"""``loa demo``: a fresh demo (Hải Phòng 2020, plan 130/KH-STTTT) served on 127.0.0.1.

The ``loa`` command (:mod:`loa.cli`) points ``LOA_DATA_DIR`` at a new temporary directory and
drops ``DATABASE_URL`` before this runs, so the demo never touches real data; as a second guard
this command refuses to load into a database that already holds units or plans.
"""

import shutil
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, connections
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from loa.demo import ACCOUNTS, PASSWORD, load_demo
from loa.org.models import Role, Unit
from loa.plans.models import Plan
from loa.web.management import serving


def stage_labels():
    return {
        "units": pgettext("demo loading stage", "units"),
        "accounts": pgettext("demo loading stage", "accounts"),
        "plan": pgettext("demo loading stage", "plan"),
        "assignments": pgettext("demo loading stage", "assignments"),
        "activities": pgettext("demo loading stage", "activities"),
    }


def is_temporary(path: Path) -> bool:
    """Whether ``path`` is a demo directory made by ``loa demo`` (safe to delete)."""
    try:
        return (path.name.startswith("loa-demo-")
                and path.resolve().parent == Path(tempfile.gettempdir()).resolve())
    except OSError:
        return False


class Command(BaseCommand):
    help = _(
        "Create a fresh demo (Hải Phòng in 2020, plan 130/KH-STTTT, sample activities and five "
        "accounts with password “demo”) in a temporary directory and serve it on 127.0.0.1."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000,
                            help=_("Port (default 8000)."))
        parser.add_argument("--no-serve", action="store_true",
                            help=_("Build the demo database, print its location and "
                                              "stop."))

    def handle(self, *args, **options):
        port, serve = options["port"], not options["no_serve"]
        if not 0 < port < 65536:
            raise CommandError(_("The port must be between 1 and 65535."))
        if self.holds_data():  # checked before migrating: never touch a real database
            raise CommandError(
                _("This database already holds data; the demo only loads into an empty one. "
                  "Run it as `loa demo`, which always starts from a fresh temporary directory.")
            )
        data_dir = Path(settings.DATA_DIR)
        keep = False
        try:
            # Bind first, so that a busy port is reported at once, not after loading.
            server = serving.create_server("127.0.0.1", port, threads=4) if serve else None
            call_command("migrate", verbosity=0, interactive=False)
            summary = self.load()
            if not serve:
                keep = True
                self.stdout.write(_("Demo data directory: %(path)s") % {"path": data_dir})
                self.stdout.write(_("Serve it with: LOA_DATA_DIR=%(path)s loa serve")
                                  % {"path": data_dir})
                return
            self.print_welcome(summary, serving.address("127.0.0.1", port))
            settings.LOA_DEMO = True  # this process serves the demo: its login page says so
            serving.run(server)
            self.stdout.write(_("Demo stopped; its temporary data was removed."))
        finally:
            connections.close_all()
            if not keep and is_temporary(data_dir):
                shutil.rmtree(data_dir, ignore_errors=True)

    @staticmethod
    def holds_data():
        tables = set(connection.introspection.table_names())
        if Unit._meta.db_table not in tables or Plan._meta.db_table not in tables:
            return False
        return Unit.objects.exists() or Plan.objects.exists()

    def load(self):
        labels = stage_labels()
        started = time.monotonic()
        self.stdout.write(_("Loading the demo:") + " ", ending="")
        self.stdout.flush()
        first = [True]

        def progress(stage):
            self.stdout.write(("" if first[0] else ", ") + labels.get(stage, stage), ending="")
            self.stdout.flush()
            first[0] = False

        summary = load_demo(progress=progress)
        self.stdout.write(" — " + _("done in %(seconds).1f s.")
                          % {"seconds": time.monotonic() - started})
        self.stdout.write(
            _("%(units)s units (%(districts)s districts, %(communes)s communes, %(stations)s "
              "radio stations), plan %(plan)s with %(assignments)s assignments and "
              "%(activities)s activities.") % {**summary, "plan": summary["plan"].code}
        )
        return summary

    def print_welcome(self, summary, url):
        roles = dict(Role.choices)
        self.stdout.write("")
        self.stdout.write(_("Accounts (password “%(password)s” for all):") % {"password": PASSWORD})
        width = max(len(name) for name in ACCOUNTS)
        for username, (role, _unit_key, *_rest) in ACCOUNTS.items():
            unit = summary["account_units"][username]
            self.stdout.write(f"  {username.ljust(width)}  {roles[role]} — {unit}")
        self.stdout.write("")
        # The address comes last, so it is the line in view (and the one scripts wait for).
        self.stdout.write(_("Open %(url)s in a browser; press Ctrl-C to stop.") % {"url": url})
        self.stdout.flush()
