"""``loa serve``: run Loa with waitress on the configured database."""

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from loa.web.management import serving


def pending_migrations():
    executor = MigrationExecutor(connection)
    return executor.migration_plan(executor.loader.graph.leaf_nodes())


class Command(BaseCommand):
    help = _("Serve Loa with waitress on the configured database (refuses while "
                        "migrations are pending: run `loa migrate` first).")

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1",
                            help=_("Address to listen on (default 127.0.0.1; "
                                              "0.0.0.0 for the office network)."))
        parser.add_argument("--port", type=int, default=8000,
                            help=_("Port (default 8000)."))
        parser.add_argument("--threads", type=int, default=4,
                            help=_("Worker threads (default 4)."))

    def handle(self, *args, **options):
        host, port, threads = options["host"], options["port"], options["threads"]
        if not 0 < port < 65536:
            raise CommandError(_("The port must be between 1 and 65535."))
        if threads < 1:
            raise CommandError(_("There must be at least one thread."))
        try:
            pending = pending_migrations()
        except DatabaseError as error:
            raise CommandError(
                _("Cannot open the database (%(error)s). Check DATABASE_URL or LOA_DATA_DIR.")
                % {"error": error}
            ) from None
        if pending:
            raise CommandError(
                _("The database is not up to date: %(count)s migration(s) have not been applied. "
                  "Run `loa migrate` first, then `loa serve` again.") % {"count": len(pending)}
            )
        server = serving.create_server(host, port, threads)
        self.stdout.write(_("Loa is running at %(address)s (press Ctrl-C to stop).")
                          % {"address": serving.address(host, port)})
        self.stdout.flush()
        serving.run(server)
        self.stdout.write(_("Stopped."))
