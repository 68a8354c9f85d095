"""``loa worker``: the background worker. First marks failed the jobs a previous worker left
"running" when it was killed, then runs queued work from Loa's database (django-tasks-db's
``db_worker``)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from loa.jobs.runner import recover_interrupted


class Command(BaseCommand):
    help = _("Run background work (reading plans, …) queued in Loa's database.")

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=1,
                            help=_("Seconds between looks at the queue."))
        parser.add_argument("--batch", action="store_true",
                            help=_("Run what is queued, then stop."))

    def handle(self, *args, interval, batch, **options):
        count = recover_interrupted()
        if count and options["verbosity"]:
            self.stderr.write(_("%(n)s interrupted job(s) marked as failed.") % {"n": count})
        call_command("db_worker", interval=interval, batch=batch, startup_delay=False,
                     reload=False, verbosity=options["verbosity"])
